// The building stage and the evaluation gate against a real server with the
// demo data: the immigration office of Gorontalo answers its self-assessment
// (2023 cycle, at building), uploads evidence, sees its progress on the page,
// in JSON and in the cycle's unit list; submission is refused with the exact
// list of what is missing, only the unit head may submit, the regional office
// writes mentoring notes the unit reads, another unit's operator sees
// nothing; writes after the deadline are refused with the dates; upload
// refusals leave nothing behind. Then the evaluation: a pass issues the
// report and opens assessment, a failure needs reasons and issues the letter.
//
// Relies on the demo (src/cmd/demo.c): in "P2HAM 2023" (rulebook p2ham-2022)
// the immigration office of Gorontalo stands at (pembangunan, building) and
// the prison of Gorontalo at (evaluasi, awaiting_evaluation), with every
// stage's window open around today.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF as PDF, TINY_PNG as PNG, loadDemo, repoRoot, sqlOk, storedFiles, testCleanStop,
  useServer,
} from './lib.mjs';

const UPLOAD_MAX = 4096;
const holder = useServer({ args: ['--upload-max', String(UPLOAD_MAX)] });
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';

const ELF = Buffer.concat([Buffer.from('7f454c4602010100000000000000000002003e0001000000', 'hex'),
  Buffer.alloc(300, 0)]);

const ctx = {};

function sql(text) {
  return sqlOk(holder.server, text);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

/** The 2023 participation of the unit called name. */
function participation(name) {
  return Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${name}' AND c.title = 'P2HAM 2023'`));
}

function where(pid) {
  return sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
}

/**
 * The indicators of the shipped 2022 rulebook that apply to a unit type, read
 * from the JSON file itself (not from the server): [{criterion, code, scale}].
 */
function applicable(type) {
  const rb = JSON.parse(readFileSync(path.join(repoRoot, 'rulebooks', 'p2ham-2022.json'), 'utf8'));
  const out = [];
  for (const c of rb.criteria) {
    for (const i of c.indicators) {
      if (!i.unit_types || i.unit_types.length === 0 || i.unit_types.includes(type)) {
        out.push({ criterion: c.code, code: i.code, scale: i.scale, evidence: i.evidence_required,
          options: rb.scales.find((s) => s.code === i.scale).options.map((o) => o.code) });
      }
    }
  }
  return out;
}

const upload = uploadEvidence;

const onDisk = () => storedFiles(holder.server);

test('demo data: one unit building, one awaiting evaluation', () => {
  loadDemo(holder.server);
  ctx.kanim = participation(KANIM);
  ctx.lapas = participation(LAPAS);
  ctx.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  assert.equal(where(ctx.kanim), 'pembangunan/building');
  assert.equal(where(ctx.lapas), 'evaluasi/awaiting_evaluation');
  ctx.indicators = applicable('kanim');
  assert.equal(ctx.indicators.length, 36, 'the immigration office answers 36 indicators');
});

test('the page lists the indicators that apply, grouped by criterion, with their scales', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const page = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="kriteria-sarana-title">1\. Aksesibilitas/);
  assert.match(page.text, /name="jawaban\.kanim_paspor_baru" value="patuh"/);
  assert.doesNotMatch(page.text, /wbp_ramp/, 'a prison indicator does not apply to an immigration office');
  assert.match(page.text, /<form id="jawaban" method="post"/);
  assert.match(page.text, /enctype="multipart\/form-data" data-upload/);
  const json = await op.json(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.equal(json.status, 200);
  assert.deepEqual(json.json.criteria.map((c) => c.code), ['sarana', 'sdm', 'kepatuhan', 'inovasi', 'integritas']);
  const codes = json.json.criteria.flatMap((c) => c.indicators.map((i) => i.code));
  assert.deepEqual(codes, ctx.indicators.map((i) => i.code));
  assert.equal(json.json.progress.applicable, 36);
  assert.equal(json.json.progress.percent, 0);
  assert.equal(json.json.may_fill, true);
  assert.equal(json.json.may_submit, false, 'an operator may not submit');
});

test('another unit\'s operator gets 404 for the page and every write', async () => {
  const other = await as('operator.lapas.gorontalo@p2ham.demo');
  assert.equal((await other.get(`/partisipasi/${ctx.kanim}/pembangunan`)).status, 404);
  assert.equal((await other.json(`/partisipasi/${ctx.kanim}/evaluasi`)).status, 404);
  await other.get('/akun');
  let r = await other.post(`/partisipasi/${ctx.kanim}/pembangunan`, { 'jawaban.ramp': 'ada' });
  assert.equal(r.status, 404);
  r = await upload(other, ctx.kanim, { bytes: PDF, name: 'x.pdf', indicator: 'ramp' });
  assert.equal(r.status, 404);
  r = await other.post(`/partisipasi/${ctx.kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${ctx.kanim}`), '0');
});

test('answers: a refused form keeps what was typed and saves nothing', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, {
    'jawaban.ramp': 'ada', 'catatan.ramp': 'Ramp di pintu utama, kemiringan 1:12',
    'jawaban.help_desk': 'mungkin', 'catatan.help_desk': 'Meja bantuan di lobi',
    'catatan.toilet_disabilitas': 'x'.repeat(2001),
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Jawaban belum disimpan: ada 2 isian yang perlu diperbaiki/);
  assert.match(r.text, /id="e-help_desk">Pilih salah satu pilihan yang tersedia\./);
  assert.match(r.text, /id="ne-toilet_disabilitas">Terlalu panjang\./);
  assert.match(r.text, /Ramp di pintu utama, kemiringan 1:12<\/textarea>/, 'the typed note is kept');
  assert.match(r.text, /id="j-ramp-ada" name="jawaban\.ramp" value="ada" checked/, 'the typed choice is kept');
  assert.equal(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${ctx.kanim}`), '0');

  r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, { 'jawaban.wbp_ramp': 'ada' });
  assert.equal(r.status, 422, 'an indicator of another unit type');
  assert.match(r.text, /Indikator tidak dikenal atau tidak berlaku bagi unit ini: wbp_ramp/);
  assert.equal(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${ctx.kanim}`), '0');
});

test('answers: saved with history and an audit entry; unchanged answers write nothing', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const form = { kriteria: 'sarana', 'jawaban.ramp': 'ada', 'catatan.ramp': 'Ramp di pintu utama',
    'jawaban.help_desk': 'proses', 'catatan.help_desk': '', 'catatan.loket_prioritas': 'Belum ada' };
  let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, form);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.headers.get('location'), `/partisipasi/${ctx.kanim}/pembangunan?ok=simpan#kriteria-sarana`);
  assert.equal(sql(`SELECT indicator || '|' || COALESCE(option_code, '-') || '|' || note FROM answer
    WHERE participation_id = ${ctx.kanim} ORDER BY indicator`),
  'help_desk|proses|\nloket_prioritas|-|Belum ada\nramp|ada|Ramp di pintu utama');
  assert.equal(sql(`SELECT COUNT(*) FROM answer_history WHERE participation_id = ${ctx.kanim}`), '3');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'answer.save'
    AND object_id = ${ctx.kanim}`), '1');
  const page = await op.get(r.headers.get('location').replace(/#.*/, ''));
  assert.match(page.text, /Jawaban disimpan\./);
  assert.match(page.text, /Terakhir diubah oleh Rahmat Hulopi/);

  // The same form again changes nothing, so nothing is written.
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, form);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM answer_history WHERE participation_id = ${ctx.kanim}`), '3');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'answer.save'`), '1');

  // A changed answer: one more history row with what it became.
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, { ...form, 'jawaban.help_desk': 'ada' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT option_code FROM answer_history WHERE participation_id = ${ctx.kanim}
    AND indicator = 'help_desk' ORDER BY id`), 'proses\nada');
});

test('evidence: PDF and PNG are accepted, listed and can be replaced', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  let r = await upload(op, ctx.kanim, { bytes: PDF, name: 'ramp-denah.pdf', indicator: 'ramp' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.headers.get('location'), `/partisipasi/${ctx.kanim}/pembangunan?ok=unggah#indikator-ramp`);
  r = await upload(op, ctx.kanim, { bytes: PNG, name: 'ramp.png', type: 'image/png', indicator: 'ramp' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT name || '|' || mime FROM file WHERE participation_id = ${ctx.kanim}
    AND indicator = 'ramp' AND removed_at IS NULL ORDER BY id`), 'ramp-denah.pdf|application/pdf\nramp.png|image/png');
  const page = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.match(page.text, /<a href="\/berkas\/\d+">ramp-denah\.pdf<\/a>/);
  assert.match(page.text, /name="kembali" value="\/partisipasi\/\d+\/pembangunan#indikator-ramp"/);
  const pdfId = Number(sql(`SELECT id FROM file WHERE name = 'ramp-denah.pdf'`));
  r = await upload(op, ctx.kanim, { bytes: PNG, name: 'ramp-baru.png', type: 'image/png', indicator: 'ramp',
    replace: pdfId });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${pdfId} AND removed_at IS NOT NULL`), '1');
  // A file of another indicator cannot be named for replacement.
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const live = Number(sql(`SELECT id FROM file WHERE name = 'ramp.png'`));
  r = await upload(op, ctx.kanim, { bytes: PNG, name: 'x.png', type: 'image/png', indicator: 'help_desk',
    replace: live });
  assert.equal(r.status, 422);
  assert.match(r.text, /Berkas yang akan diganti bukan data dukung indikator ini\./);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${live} AND removed_at IS NULL`), '1');
  // The page's remove button: the file's row stays as history, the page
  // comes back at the indicator.
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  r = await op.post(`/berkas/${live}/hapus`, { kembali: `/partisipasi/${ctx.kanim}/pembangunan#indikator-ramp` });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/partisipasi/${ctx.kanim}/pembangunan#indikator-ramp`);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${live} AND removed_at IS NOT NULL`), '1');
  const left = await op.json(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.deepEqual(left.json.criteria[0].indicators.find((i) => i.code === 'ramp').evidence.map((f) => f.name),
    ['ramp-baru.png']);
});

test('evidence: a renamed executable, an oversized and an empty file are refused and leave nothing', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const before = onDisk();
  const rows = () => sql(`SELECT COUNT(*) FROM file`);
  const n0 = rows();
  const cases = [
    ['a renamed executable', { bytes: ELF, name: 'bukti.pdf' }, /Jenis berkas tidak diterima/],
    ['an oversized file', { bytes: Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX, 0x20)]), name: 'besar.pdf' },
      /Berkas lebih besar dari/],
    ['an empty file', { bytes: Buffer.alloc(0), name: 'kosong.pdf' }, /Berkas kosong/],
  ];
  for (const [what, file, message] of cases) {
    const r = await upload(op, ctx.kanim, { ...file, indicator: 'guiding_block' });
    assert.equal(r.status, 422, what);
    assert.match(r.text, message, what);
    assert.match(r.text, /id="ue-guiding_block"/, `${what}: the message stands at the indicator`);
    assert.deepEqual(onDisk(), before, `${what} leaves nothing in DATA_DIR/files`);
    assert.equal(rows(), n0, `${what} leaves no file row`);
  }
  assert.deepEqual(onDisk().tmp, []);
});

test('progress: the same figures on the page, in JSON and in the cycle\'s unit list', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  // ramp: answered with evidence (done); help_desk: answered, no evidence;
  // loket_prioritas: a note only. One indicator of 36 is done.
  const json = await op.json(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.equal(json.json.progress.done, 1);
  assert.equal(json.json.progress.answered, 2);
  assert.equal(json.json.progress.percent, 2, '1 of 36 rounds down to 2%');
  assert.equal(json.json.progress.text, '2% (1/36)');
  const sarana = json.json.progress.criteria.find((c) => c.code === 'sarana');
  assert.equal(sarana.text, '6% (1/15)');
  const ramp = json.json.criteria[0].indicators.find((i) => i.code === 'ramp');
  assert.equal(ramp.done, true);
  assert.equal(ramp.answer_label, 'Ada');
  const page = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.match(page.text, /<progress id="progress-all" max="100" value="2">2%<\/progress>\s*<strong>2% \(1\/36\)<\/strong>/);
  const cycle = await op.json(`/siklus/${ctx.cycle}`);
  const row = cycle.json.participations.find((p) => p.id === ctx.kanim);
  assert.equal(row.progress.text, '2% (1/36)');
  assert.equal(row.progress.percent, 2);
  const admin = await as('admin@p2ham.demo');
  const all = await admin.json(`/siklus/${ctx.cycle}`);
  assert.equal(all.json.participations.find((p) => p.id === ctx.kanim).progress.done, 1);
  assert.equal(all.json.participations.find((p) => p.id === participation('Rumah Tahanan Negara Kelas IIB Limboto')).progress,
    null, 'no progress before building');
  const html = await admin.get(`/siklus/${ctx.cycle}`);
  assert.match(html.text, new RegExp(`<a href="/partisipasi/${ctx.kanim}/pembangunan">2% \\(1/36\\)</a>`));
});

test('mentoring: the regional office writes, the unit reads, others may not', async () => {
  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  const page = await kanwil.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.match(page.text, /action="\/partisipasi\/\d+\/pembangunan\/pendampingan"/);
  assert.doesNotMatch(page.text, /<form id="jawaban"/, 'the regional office does not fill in');
  const future = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);
  let r = await kanwil.post(`/partisipasi/${ctx.kanim}/pembangunan/pendampingan`,
    { tanggal: future, temuan: 'Ramp sudah ada', saran: 'Lengkapi rambu' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tanggal kunjungan tidak boleh setelah hari ini\./);
  assert.match(r.text, /Lengkapi rambu<\/textarea>/);
  r = await kanwil.post(`/partisipasi/${ctx.kanim}/pembangunan/pendampingan`,
    { tanggal: '2026-01-10', temuan: '', saran: 'Lengkapi rambu' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Wajib diisi\./);
  r = await kanwil.post(`/partisipasi/${ctx.kanim}/pembangunan/pendampingan`, {
    tanggal: '2026-01-10', temuan: 'Jalur landai di pintu utama sudah dibangun; toilet disabilitas belum ada.',
    saran: 'Bangun toilet disabilitas dan pasang rambu kelompok rentan.' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT visit_date || '|' || advice FROM mentoring_note WHERE participation_id = ${ctx.kanim}`),
    '2026-01-10|Bangun toilet disabilitas dan pasang rambu kelompok rentan.');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'mentoring.create'`), '1');

  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const seen = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.match(seen.text, /10 Januari 2026/);
  assert.match(seen.text, /toilet disabilitas belum ada\./);
  assert.match(seen.text, /Fatmawati Yusuf/);
  assert.doesNotMatch(seen.text, /action="\/partisipasi\/\d+\/pembangunan\/pendampingan"/);
  r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan/pendampingan`,
    { tanggal: '2026-01-10', temuan: 'Diri sendiri', saran: 'Tidak boleh' });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT COUNT(*) FROM mentoring_note`), '1');
});

test('submission: only the unit head, and refused with the exact list of what is missing', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 403, 'an operator cannot submit');
  assert.equal(where(ctx.kanim), 'pembangunan/building');

  const head = await as('kepala.kanim.gorontalo@p2ham.demo');
  // Beside the button, before any attempt: what is missing, each linking to
  // its indicator, and a button that cannot be pressed yet.
  const before = await head.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const section = before.text.slice(before.text.indexOf('id="submit-title"'));
  assert.match(section, /id="submit-missing"[^>]*>\s*<p><strong>Belum dapat diajukan: 35 indikator berikut belum lengkap/);
  assert.match(section, /<a href="#indikator-help_desk">[^<]*<code>help_desk<\/code>[^<]*<\/a>: data dukung belum diunggah/);
  assert.match(section, /<button type="submit" disabled aria-describedby="submit-missing">Ajukan untuk evaluasi<\/button>/);
  assert.match(before.text, /id="indikator-help_desk"/, 'the link has its target');
  const twin = (await head.json(`/partisipasi/${ctx.kanim}/pembangunan`)).json;
  assert.equal(twin.may_submit, true);
  assert.equal(twin.submission.ready, false);
  assert.equal(twin.submission.missing_count, 35);
  assert.equal(twin.submission.missing.length, 35);
  assert.deepEqual(twin.submission.missing.find((m) => m.code === 'help_desk'),
    { ...twin.missing.find((m) => m.code === 'help_desk'), href: '#indikator-help_desk' });
  await head.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  r = await head.post(`/partisipasi/${ctx.kanim}/pembangunan/ajukan`, {}, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 409);
  // Expected from the rulebook file and the rows: every applicable indicator
  // but ramp (answered with evidence) is missing something.
  const answered = new Set(sql(`SELECT indicator FROM answer WHERE participation_id = ${ctx.kanim}
    AND option_code IS NOT NULL`).split('\n'));
  const withEvidence = new Set(sql(`SELECT DISTINCT indicator FROM file WHERE participation_id = ${ctx.kanim}
    AND purpose = 'evidence' AND removed_at IS NULL`).split('\n'));
  const expected = ctx.indicators.filter((i) => !answered.has(i.code) || (i.evidence && !withEvidence.has(i.code)))
    .map((i) => ({ criterion: i.criterion, code: i.code, needs_answer: !answered.has(i.code),
      needs_evidence: i.evidence && !withEvidence.has(i.code) }));
  assert.equal(expected.length, 35);
  assert.deepEqual(r.json.missing.map(({ criterion, code, needs_answer, needs_evidence }) =>
    ({ criterion, code, needs_answer, needs_evidence })), expected);
  assert.match(r.json.refusal.message, /Belum dapat diajukan: 35 indikator belum lengkap/);
  r = await head.post(`/partisipasi/${ctx.kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /Yang masih kurang/);
  assert.match(r.text, /Aksesibilitas dan ketersediaan sarana dan prasarana — <code>help_desk<\/code> [^<]*<\/a>: data dukung belum diunggah/);
  assert.match(r.text, /<code>maklumat_pelayanan<\/code> [^<]*<\/a>: jawaban dan data dukung belum ada/);
  assert.equal(where(ctx.kanim), 'pembangunan/building');
});

test('writes after the deadline are refused with the dates', async () => {
  const stage = `cycle_id = ${ctx.cycle} AND stage = 'pembangunan'`;
  const saved = sql(`SELECT opens_at || '|' || deadline_at FROM cycle_stage WHERE ${stage}`).split('|');
  sql(`UPDATE cycle_stage SET deadline_at = '2026-01-31T15:59:59Z' WHERE ${stage}`);
  try {
    const op = await as('operator.kanim.gorontalo@p2ham.demo');
    const page = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
    assert.match(page.text, /sudah ditutup pada 31 Januari 2026 23\.59 WITA/);
    assert.doesNotMatch(page.text, /<form id="jawaban"/, 'read-only after the deadline');
    let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, { 'jawaban.tempat_ibadah': 'ada' });
    assert.equal(r.status, 409);
    assert.match(r.text, /ditutup pada 31 Januari 2026 23\.59 WITA/);
    r = await upload(op, ctx.kanim, { bytes: PNG, name: 'late.png', type: 'image/png', indicator: 'tempat_ibadah' });
    assert.equal(r.status, 409);
    assert.match(r.text, /31 Januari 2026/);
    assert.equal(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${ctx.kanim}
      AND indicator = 'tempat_ibadah'`), '0');
    assert.equal(sql(`SELECT COUNT(*) FROM file WHERE name = 'late.png'`), '0');
  } finally {
    sql(`UPDATE cycle_stage SET deadline_at = '${saved[1]}' WHERE ${stage}`);
  }
});

test('complete, submit: the unit moves to evaluation and the page becomes read-only', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const form = {};
  for (const i of ctx.indicators) form[`jawaban.${i.code}`] = i.options[0];
  let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, form);
  assert.equal(r.status, 303);
  const have = new Set(sql(`SELECT DISTINCT indicator FROM file WHERE participation_id = ${ctx.kanim}
    AND removed_at IS NULL`).split('\n'));
  for (const i of ctx.indicators) {
    if (!i.evidence || have.has(i.code)) continue;
    r = await upload(op, ctx.kanim, { bytes: PNG, name: `${i.code}.png`, type: 'image/png', indicator: i.code });
    assert.equal(r.status, 303, `evidence of ${i.code}`);
  }
  const json = await op.json(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.equal(json.json.progress.complete, true);
  assert.equal(json.json.progress.text, '100% (36/36)');
  assert.deepEqual(json.json.missing, []);

  const head = await as('kepala.kanim.gorontalo@p2ham.demo');
  const page = await head.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.match(page.text, /<button type="submit">Ajukan untuk evaluasi<\/button>/, 'the button works now');
  assert.doesNotMatch(page.text, /id="submit-missing"/);
  assert.equal((await head.json(`/partisipasi/${ctx.kanim}/pembangunan`)).json.submission.ready, true);
  await head.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  r = await head.post(`/partisipasi/${ctx.kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.kanim), 'evaluasi/awaiting_evaluation');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'participation.submit'
    AND object_id = ${ctx.kanim}`), '1');
  const after = await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  assert.doesNotMatch(after.text, /<form id="jawaban"/);
  assert.match(after.text, /Halaman ini hanya dapat dibaca/);
  await op.get('/akun');
  r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, { 'jawaban.ramp': 'tidak' });
  assert.equal(r.status, 409);
  assert.equal(sql(`SELECT option_code FROM answer WHERE participation_id = ${ctx.kanim} AND indicator = 'ramp'`), 'ada');
  const cycle = await op.json(`/siklus/${ctx.cycle}`);
  assert.equal(cycle.json.participations.find((p) => p.id === ctx.kanim).progress.text, '100% (36/36)');
});

/** The text of a PDF, or null when pdftotext is not installed. */
function pdfText(bytes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-pdf-'));
  try {
    const file = path.join(dir, 'd.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (r.error && r.error.code === 'ENOENT') return null;
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('evaluation: a pass issues the report and opens assessment', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  let page = await op.get(`/partisipasi/${ctx.kanim}/evaluasi`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /name="keputusan"/, 'the unit does not decide');
  assert.match(page.text, /Menunggu keputusan evaluator/);
  await op.get('/akun');
  let r = await op.post(`/partisipasi/${ctx.kanim}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 403);

  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  page = await kanwil.get(`/partisipasi/${ctx.kanim}/evaluasi`);
  assert.match(page.text, /name="keputusan" value="lulus"/);
  assert.match(page.text, /ramp-baru\.png/, 'the evidence is there to review');
  assert.match(page.text, /Bangun toilet disabilitas/, 'and the mentoring notes');
  const review = await kanwil.json(`/partisipasi/${ctx.kanim}/evaluasi`);
  assert.equal(review.json.progress.text, '100% (36/36)');
  assert.equal(review.json.evaluation, null);
  r = await kanwil.post(`/partisipasi/${ctx.kanim}/evaluasi`, { keputusan: 'tidak', 'alasan.sarana': '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan alasan paling sedikit untuk satu kriteria/);
  assert.equal(where(ctx.kanim), 'evaluasi/awaiting_evaluation');
  r = await kanwil.post(`/partisipasi/${ctx.kanim}/evaluasi`, { keputusan: 'lulus', catatan: 'Lengkap dan rapi.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.kanim), 'penilaian/evidence_open');
  assert.equal(sql(`SELECT result || '|' || note FROM evaluation WHERE participation_id = ${ctx.kanim}`),
    'pass|Lengkap dan rapi.');
  const serial = sql(`SELECT document_serial FROM evaluation WHERE participation_id = ${ctx.kanim}`);
  assert.match(serial, /^BAE-\d{4}-\d{6}$/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.pass' AND object_id = ${ctx.kanim}`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'participation.pass' AND object_id = ${ctx.kanim}`), '1');

  const seen = await op.json(`/partisipasi/${ctx.kanim}/evaluasi`);
  assert.equal(seen.json.evaluation.result, 'pass');
  assert.equal(seen.json.documents[0].serial, serial);
  assert.match(seen.json.next, /melanjutkan ke tahap penilaian/);
  const html = await op.get(`/partisipasi/${ctx.kanim}/evaluasi`);
  assert.match(html.text, new RegExp(`<code>${serial}</code>`));
  r = await kanwil.post(`/partisipasi/${ctx.kanim}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 409, 'decided once');

  const res = await holder.server.fetch(`/dokumen/${serial}`, { headers: { cookie: op.cookieHeader() } });
  assert.equal(res.status, 200);
  const text = pdfText(Buffer.from(await res.arrayBuffer()));
  if (text !== null) {
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /BERITA ACARA HASIL EVALUASI/);
    assert.ok(flat.includes(KANIM), 'the unit is named in the report');
    assert.ok(flat.includes(serial), 'the report carries its serial');
    assert.match(flat, /Fatmawati Yusuf/, 'signed by the evaluator');
  }
});

test('evaluation: a failure needs reasons, issues the letter and ends the participation', async () => {
  const admin = await as('admin@p2ham.demo');
  let page = await admin.get(`/partisipasi/${ctx.lapas}/evaluasi`);
  assert.equal(page.status, 200);
  let r = await admin.post(`/partisipasi/${ctx.lapas}/evaluasi`, { keputusan: 'tidak', 'alasan.nope': 'x' });
  assert.equal(r.status, 422, 'a reason for an unknown criterion');
  assert.equal(where(ctx.lapas), 'evaluasi/awaiting_evaluation');
  r = await admin.post(`/partisipasi/${ctx.lapas}/evaluasi`, {
    keputusan: 'tidak',
    'alasan.sarana': 'Belum tersedia ruang tunggu kunjungan yang layak bagi lansia.',
    'alasan.integritas': 'Informasi biaya layanan belum dipasang.',
    'alasan.sdm': '',
  });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.lapas), 'evaluasi/failed');
  const ev = Number(sql(`SELECT id FROM evaluation WHERE participation_id = ${ctx.lapas} AND result = 'fail'`));
  assert.equal(sql(`SELECT criterion FROM evaluation_reason WHERE evaluation_id = ${ev} ORDER BY criterion`),
    'integritas\nsarana');
  const serial = sql(`SELECT document_serial FROM evaluation WHERE id = ${ev}`);
  assert.match(serial, /^SKE-\d{4}-\d{6}$/);
  page = await admin.get(`/partisipasi/${ctx.lapas}/evaluasi`);
  assert.match(page.text, /Belum lulus/);
  assert.match(page.text, /Informasi biaya layanan belum dipasang\./);
  assert.match(page.text, /keikutsertaan pada siklus ini berakhir/);
  const res = await holder.server.fetch(`/dokumen/${serial}`, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.status, 200);
  const text = pdfText(Buffer.from(await res.arrayBuffer()));
  if (text !== null) {
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /SURAT KETERANGAN HASIL EVALUASI/);
    assert.ok(flat.includes(LAPAS));
    assert.ok(flat.includes(serial));
    assert.match(flat, /Informasi biaya layanan belum dipasang\./);
  }
});

testCleanStop(holder);
