// The assessment's scoring, result and plenary against a real server with
// the demo data: two assessors score a verified participation independently
// (the second sees nothing of the first's before submitting, in HTML and
// JSON), a submission is refused while incomplete, the last one moves the
// participation to assessed; the unit's result names no assessor and the
// explanation has the numbers; the plenary settles a disputed indicator,
// records a recommendation, refuses to close while one is missing, closes
// with the minutes (PDF text and QR code), after which scores are locked
// with the minutes' serial named.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { binary, DEMO_PASSWORD, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const HEAD = 'kepala.lapas.gorontalo@uji.go.id';
const RUTAN_MKS = 'Rumah Tahanan Negara Kelas I Makassar';
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const ONE = 'penilai@p2ham.demo';
const ONE_NAME = 'Prof. Maria Ulfah';
const TWO = 'penilai2@p2ham.demo';
const TWO_NAME = 'Dr. Hendra Gunawan';
const ctx = {};

function sql(text) {
  return sqlOk(holder.server, text);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

function userId(email) {
  return Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
}

/** Every indicator of the scoring page's model, flat. */
function indicators(model) {
  return model.criteria.flatMap((c) => c.indicators);
}

/** The form fields scoring each verified indicator with option pick(ind). */
function scoreFields(list, pick, why) {
  const f = {};
  for (const ind of list.filter((i) => i.verified)) {
    f[`nilai.${ind.code}`] = pick(ind);
    f[`alasan.${ind.code}`] = why(ind);
  }
  return f;
}

/** The highest and lowest options of an indicator. */
const top = (ind) => ind.options[0].code;
const bottom = (ind) => ind.options[ind.options.length - 1].code;

/** A day from today, as the unit's zone (WITA) writes it. */
function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

/** p2ham user add, the password on standard input. */
function addUser(email, name, extra) {
  const s = holder.server;
  const r = spawnSync(binary, ['user', 'add', '--data-dir', s.dataDir, ...(s.db ? ['--db', s.db.url] : []),
    '--email', email, '--name', name, ...extra], { input: `${DEMO_PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const where = (pid) => sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);

/**
 * Bring the prison of Gorontalo to scoring through the pages: the admin
 * passes its evaluation and assigns the verifier and both assessors, who
 * declare no conflict of interest; the unit head submits the evidence; the
 * verifier verifies every indicator but the first, which is not met, and
 * closes verification.
 */
async function toScoring(pid) {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${pid}/evaluasi`);
  let r = await admin.post(`/partisipasi/${pid}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await admin.get(`/partisipasi/${pid}/penugasan`);
  for (const [peran, email] of [['verifikator', 'verifikator@p2ham.demo'], ['penilai', ONE], ['penilai', TWO]]) {
    r = await admin.post(`/partisipasi/${pid}/penugasan`, { peran, email, tenggat: day(14) });
    assert.equal(r.status, 303, `${email}: ${r.text.slice(0, 300)}`);
  }
  for (const email of [ONE, TWO]) {
    const a = await as(email);
    const mine = await a.json('/penugasan');
    const row = mine.json.assignments.find((x) => x.participation_id === pid);
    await a.get('/penugasan');
    r = await a.post(`/penugasan/${row.id}/jawab`, { jawaban: 'bersedia' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  const unit = Number(sql(`SELECT unit_id FROM participation WHERE id = ${pid}`));
  addUser(HEAD, 'Kepala Lapas Uji', ['--role', 'unit_head', '--scope', `unit:${unit}`, '--province', '75']);
  const head = await as(HEAD);
  await head.get(`/partisipasi/${pid}/penilaian`);
  r = await head.post(`/partisipasi/${pid}/penilaian/ajukan`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const v = await as('verifikator@p2ham.demo');
  const j = await v.json(`/partisipasi/${pid}/verifikasi`);
  const codes = j.json.criteria.flatMap((c) => c.indicators.map((i) => i.code));
  const form = {};
  for (const c of codes) form[`putusan.${c}`] = 'verified';
  form[`putusan.${codes[0]}`] = 'not_met';
  form[`catatan.${codes[0]}`] = 'Tidak ada bukti pelaksanaan.';
  await v.get(`/partisipasi/${pid}/verifikasi`);
  r = await v.post(`/partisipasi/${pid}/verifikasi`, form);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await v.post(`/partisipasi/${pid}/verifikasi/tutup`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(pid), 'penilaian/scoring');
  return codes;
}

test('the demo has a unit being scored and one awaiting the plenary', async () => {
  loadDemo(holder.server);
  const scoring = participationOf(holder.server, RUTAN_MKS, 2023);
  const assessed = participationOf(holder.server, BAPAS_MKS, 2023);
  assert.equal(where(scoring), 'penilaian/scoring');
  assert.equal(where(assessed), 'penilaian/assessed');
  assert.equal(sql(`SELECT count(*) FROM score_sheet WHERE participation_id = ${scoring}
    AND submitted_at IS NOT NULL`), '1');
  assert.equal(sql(`SELECT count(*) FROM score_sheet WHERE participation_id = ${scoring}
    AND submitted_at IS NULL`), '1');
  // The draft of the second assessor is theirs to finish.
  const two = await as(TWO);
  const page = await two.json(`/partisipasi/${scoring}/skor`);
  assert.equal(page.json.may_score, true);
  assert.ok(indicators(page.json).some((i) => i.verified && i.justification !== ''));
  assert.ok(indicators(page.json).some((i) => i.verified && i.justification === ''));
  // The verification reports the demo issued are real documents: of these
  // two units and of the two regional offices the 2023 decree awarded.
  assert.equal(sql(`SELECT count(*) FROM document WHERE kind = 'verification_report'`), '4');
});

test('the prison is brought to scoring', async () => {
  ctx.pid = participationOf(holder.server, LAPAS, 2023);
  ctx.cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${ctx.pid}`));
  ctx.codes = await toScoring(ctx.pid);
});

test('the first assessor saves a draft, is refused an incomplete submission, then submits', async () => {
  const one = await as(ONE);
  const page = await one.json(`/partisipasi/${ctx.pid}/skor`);
  assert.equal(page.status, 200);
  assert.equal(page.json.may_score, true);
  const list = indicators(page.json);
  ctx.list = list;
  assert.equal(list.find((i) => i.code === ctx.codes[0]).verified, false, 'not met: not scored');
  const verified = list.filter((i) => i.verified);
  assert.ok(verified.length >= 3);

  await one.get(`/partisipasi/${ctx.pid}/skor`);
  // A draft with one score and no justification: kept, with its history.
  const first = verified[0];
  let r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'simpan', [`nilai.${first.code}`]: top(first),
    [`alasan.${first.code}`]: '' });
  assert.equal(r.status, 303);
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'serahkan' }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 422);
  assert.match(r.json.refusal.message, /^Nilai belum dapat diserahkan/, 'the JSON twin says the same');
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'serahkan' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Nilai belum dapat diserahkan/);
  assert.match(r.text, new RegExp(`${escape(first.text)} \\(alasan belum ditulis\\)`));
  assert.match(r.text, new RegExp(`${escape(verified[1].text)} \\(belum diberi nilai\\)`));
  assert.equal(sql(`SELECT submitted_at IS NULL FROM score_sheet WHERE participation_id = ${ctx.pid}
    AND assessor_id = ${userId(ONE)}`), backendTrue());

  // An option not on the scale is refused next to its indicator, keeping the input.
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'simpan', [`nilai.${first.code}`]: 'tak-ada',
    [`alasan.${first.code}`]: 'Alasan yang diketik' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilihan nilai ini tidak ada pada skala indikator/);
  assert.match(r.text, /Alasan yang diketik/);

  const fields = scoreFields(list, top, (i) => `Bukti lengkap untuk ${i.code} (penilai satu)`);
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'simpan', ...fields });
  assert.equal(r.status, 303);
  assert.ok(Number(sql(`SELECT count(*) FROM score_history WHERE participation_id = ${ctx.pid}
    AND assessor_id = ${userId(ONE)}`)) > verified.length, 'every change kept');
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'serahkan', ...fields });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${ctx.pid}`), 'scoring');

  // Locked: no more changes.
  await one.get(`/partisipasi/${ctx.pid}/skor`);
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'simpan', [`nilai.${first.code}`]: bottom(first),
    [`alasan.${first.code}`]: 'berubah pikiran' });
  assert.equal(r.status, 409);
  assert.match(r.text, /sudah menyerahkan nilai/);
});

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function backendTrue() {
  return holder.server.db ? 't' : '1';
}

test('the second assessor sees nothing of the first before submitting', async () => {
  const two = await as(TWO);
  const page = await two.get(`/partisipasi/${ctx.pid}/skor`);
  assert.equal(page.status, 200);
  // The timeline may say who was assigned and declared; nothing else names the first.
  const body = page.text.slice(0, page.text.indexOf('id="timeline-title"'));
  assert.doesNotMatch(body, new RegExp(ONE_NAME));
  assert.doesNotMatch(page.text, /penilai satu/);
  assert.doesNotMatch(page.text, /Nilai setiap penilai/);
  assert.doesNotMatch(page.text, /Nilai dicatat|Nilai diserahkan/, 'no entry says who scored when');
  assert.match(page.text, /1 dari 2 penilai sudah menyerahkan nilai/);
  const model = await two.json(`/partisipasi/${ctx.pid}/skor`);
  assert.doesNotMatch(JSON.stringify(model.json), /penilai satu/);
  assert.ok(!model.json.timeline.some((ev) => ['score', 'score_submit'].includes(ev.what)));
  delete model.json.timeline;
  assert.doesNotMatch(JSON.stringify(model.json), new RegExp(ONE_NAME));
  assert.equal(model.json.others, undefined);
  assert.equal(model.json.assessors, undefined);
  // The unit reads no result while the assessors are scoring.
  const head = await as(HEAD);
  const early = await head.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.equal(early.status, 200);
  assert.equal(early.json.result, undefined);
  assert.match((await head.get(`/partisipasi/${ctx.pid}/hasil-penilaian`)).text, /Hasil penilaian belum tersedia/);
  // Nor on the result page, where an assessor who has not submitted sees the unit's view.
  const result = await two.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.equal(result.status, 200);
  assert.doesNotMatch(JSON.stringify(result.json), /penilai satu|Maria Ulfah/);
});

test('the last submission moves the participation to assessed; then each sees the other', async () => {
  const two = await as(TWO);
  await two.get(`/partisipasi/${ctx.pid}/skor`);
  // The second assessor disagrees on the first verified indicator.
  const verified = ctx.list.filter((i) => i.verified);
  ctx.disputed = verified[0];
  const fields = scoreFields(ctx.list, (i) => (i.code === ctx.disputed.code ? bottom(i) : top(i)),
    (i) => `Penilai dua menilai ${i.code}`);
  let r = await two.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'serahkan', ...fields });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${ctx.pid}`), 'penilaian/assessed');
  assert.equal(sql(`SELECT count(*) FROM participation_event WHERE participation_id = ${ctx.pid} AND what = 'scored'`), '1');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'score.submit' AND object_id = ${ctx.pid}`), '2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'participation.scored'
    AND object_id = ${ctx.pid}`), '1');
  const after = await two.json(`/partisipasi/${ctx.pid}/skor`);
  assert.deepEqual(after.json.assessors.map((a) => a.name).sort(), [ONE_NAME, TWO_NAME].sort());
  assert.match(JSON.stringify(after.json.others), /penilai satu/);
});

test("the unit's result has the numbers and the reasons but no assessor names", async () => {
  const head = await as('operator.kanim.gorontalo@p2ham.demo');
  const r = await head.get(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.equal(r.status, 404, 'another unit does not see it');
  const admin = await as('admin@p2ham.demo');
  // The unit's own head.
  const unit = await as(HEAD);
  const viewer = unit;
  const html = await viewer.get(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.equal(html.status, 200);
  const json = await viewer.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  const res = json.json.result;
  assert.ok(res.total, 'a total');
  assert.ok(res.explanation.length > 3);
  assert.ok(res.explanation.some((s) => s.startsWith('Nilai total') && s.includes(res.total)),
    'the explanation names the total');
  for (const c of res.criteria) {
    const sentence = res.explanation.find((s) => s.startsWith(`Kriteria “${c.name}”`));
    assert.ok(sentence, `a sentence for ${c.name}`);
    assert.ok(sentence.includes(`× 100 = ${c.score}; ${c.score} × bobot ${c.weight} / 100 = ${c.weighted}`),
      sentence);
  }
  assert.ok(res.explanation.some((s) => s.includes(`ambang kelulusan ${res.threshold}`)), 'the threshold');
  assert.equal(res.outcome.reached, true);
  assert.ok(res.explanation.some((s) => s.includes(`“${res.outcome.predicate}”`)), 'the predicate');
  const notMet = res.criteria.flatMap((c) => c.indicators).find((i) => i.code === ctx.codes[0]);
  assert.equal(notMet.verdict, 'not_met');
  assert.equal(notMet.verdict_note, 'Tidak ada bukti pelaksanaan.');
  assert.equal(notMet.source, 'not_met');
  const ikm = res.adjustments.find((a) => a.kind === 'ikm_grade');
  if (ikm) assert.match(ikm.source, /survei kepuasan masyarakat unit ini untuk tahun 2023/);
  const complaints = res.adjustments.find((a) => a.kind === 'unresolved_complaints');
  if (complaints) assert.match(complaints.source, /Pengaduan masyarakat di p2ham dan SP4N-LAPOR!/);
  {
    for (const text of [html.text, JSON.stringify(json.json)]) {
      assert.doesNotMatch(text, new RegExp(ONE_NAME));
      assert.doesNotMatch(text, new RegExp(TWO_NAME));
      assert.doesNotMatch(text, /penilai satu|Penilai dua/);
    }
    assert.equal(json.json.per_assessor, false);
  }
  // The overview's timeline says the assessment team scored, not who.
  const scoring = (tl) => tl.filter((ev) => ['score', 'score_submit', 'scored'].includes(ev.what));
  const seen = scoring((await viewer.json(`/partisipasi/${ctx.pid}`)).json.timeline);
  assert.ok(seen.length >= 2, 'the scoring events are on the unit\'s timeline');
  for (const ev of seen) {
    assert.equal(ev.actor_name, 'Tim penilai');
    assert.equal(ev.actor_id, undefined);
  }
  const overview = (await viewer.get(`/partisipasi/${ctx.pid}`)).text;
  assert.doesNotMatch(overview, /Nilai dicatat[^<]*<[^>]*>[^<]*(Maria Ulfah|Hendra Gunawan)/);
  const named = scoring((await admin.json(`/partisipasi/${ctx.pid}`)).json.timeline);
  assert.ok(named.some((ev) => ev.actor_name === ONE_NAME), 'the admin sees who scored');
  // The admin sees each assessor's score.
  const full = await admin.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.match(JSON.stringify(full.json.result), new RegExp(ONE_NAME));
});

test('the admin enters the adjustments, kept with their history', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  let r = await admin.post(`/partisipasi/${ctx.pid}/hasil-penilaian/penyesuaian`, { zona: 'wbk', temuan: 'dua' });
  assert.equal(r.status, 422);
  r = await admin.post(`/partisipasi/${ctx.pid}/hasil-penilaian/penyesuaian`, { zona: 'wbk', temuan: '2' });
  assert.equal(r.status, 303);
  r = await admin.post(`/partisipasi/${ctx.pid}/hasil-penilaian/penyesuaian`, { zona: 'wbbm', temuan: '1' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM assessment_adjustment WHERE participation_id = ${ctx.pid}`), '2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'adjustment.set'`), '2');
  const page = await admin.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.equal(page.json.entries.length, 2);
  const two = await as(TWO);
  await two.get(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  r = await two.post(`/partisipasi/${ctx.pid}/hasil-penilaian/penyesuaian`, { zona: 'none', temuan: '0' });
  assert.equal(r.status, 403);
});

test('the plenary settles, recommends, refuses to close early, closes with its minutes', async () => {
  const admin = await as('admin@p2ham.demo');
  let board = await admin.json(`/siklus/${ctx.cycle}/pleno`);
  assert.equal(board.status, 200);
  const row = board.json.board.find((b) => b.id === ctx.pid);
  assert.ok(row, 'the office is on the board');
  const disputed = row.result.criteria.flatMap((c) => c.indicators).filter((i) => i.disputed);
  assert.deepEqual(disputed.map((i) => i.code), [ctx.disputed.code], 'the disagreement is marked');
  const assessor = await as(ONE);
  assert.equal((await assessor.get(`/siklus/${ctx.cycle}/pleno`)).status, 403);

  await admin.get(`/siklus/${ctx.cycle}/pleno`);
  let r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(ctx.pid),
    indikator: ctx.disputed.code, opsi: top(ctx.disputed), alasan: 'Diputuskan pleno.' });
  assert.equal(r.status, 409, 'no session yet');
  assert.match(r.text, /Buka rapat pleno terlebih dahulu/);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno`, { tanggal: '2026-11-20', tempat: 'Jakarta',
    hadir: 'Sri Wahyuni\n' });
  assert.equal(r.status, 422);
  assert.match(r.text, /nama dan peran/);
  assert.match(r.text, /Sri Wahyuni/);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno`, { tanggal: '2026-11-20', tempat: 'Jakarta',
    hadir: 'Sri Wahyuni; Pimpinan Rapat\nProf. Maria Ulfah; Penilai\nDr. Hendra Gunawan; Penilai' });
  assert.equal(r.status, 303);

  // The demo's probation office of Makassar is on the board too, without recommendation.
  const other = participationOf(holder.server, BAPAS_MKS, 2023);

  await admin.get(`/siklus/${ctx.cycle}/pleno`);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(ctx.pid),
    indikator: ctx.disputed.code, opsi: top(ctx.disputed), alasan: '' });
  assert.equal(r.status, 422);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(ctx.pid),
    indikator: ctx.disputed.code, opsi: top(ctx.disputed), alasan: 'Bukti kegiatan cukup menurut pleno.' });
  assert.equal(r.status, 303);
  board = await admin.json(`/siklus/${ctx.cycle}/pleno`);
  const settled = board.json.board.find((b) => b.id === ctx.pid).result.criteria.flatMap((c) => c.indicators)
    .find((i) => i.code === ctx.disputed.code);
  assert.equal(settled.source, 'plenary');
  assert.equal(settled.settled.reason, 'Bukti kegiatan cukup menurut pleno.');

  r = await admin.post(`/siklus/${ctx.cycle}/pleno/rekomendasi`, { partisipasi: String(ctx.pid),
    keputusan: 'ya', alasan: 'Memenuhi seluruh kriteria.' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${ctx.pid}`), 'recommended');

  r = await admin.post(`/siklus/${ctx.cycle}/pleno/tutup`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /belum ada rekomendasi untuk Balai Pemasyarakatan Kelas I Makassar/);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/rekomendasi`, { partisipasi: String(other),
    keputusan: 'tidak', alasan: 'Temuan lapangan belum ditindaklanjuti.' });
  assert.equal(r.status, 303);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/tutup`, {});
  assert.equal(r.status, 303);
  // The demo's plenary, which recommended the regional offices, had the
  // first minutes.
  ctx.serial = sql(`SELECT document_serial FROM plenary WHERE cycle_id = ${ctx.cycle}
    ORDER BY id DESC LIMIT 1`);
  assert.match(ctx.serial, /^BAP-\d{4}-000002$/);

  const pdf = await holder.server.fetch(`/dokumen/${ctx.serial}`, { headers: { cookie: admin.cookieHeader() } });
  assert.equal(pdf.status, 200);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  const { text, qr } = pdfTextAndQr(bytes);
  if (text !== null) {
    assert.match(text, /BERITA ACARA RAPAT PLENO/);
    assert.match(text, /Sri Wahyuni/);
    assert.match(text, /Pimpinan Rapat/);
    assert.match(text, /Lembaga Pemasyarakatan\s+: Nilai \d+(,\d+)?; predikat Unit Kerja P2HAM;\s+Kelas IIA Gorontalo\s+Direkomendasikan: Memenuhi/);
    assert.match(text, /Direkomendasikan/);
    assert.match(text, /Balai Pemasyarakatan Kelas\s+: Nilai \d+(,\d+)?; predikat Unit Kerja P2HAM; Tidak\s+I Makassar\s+direkomendasikan: Temuan/);
    assert.match(text, new RegExp(ctx.serial));
  }
  if (qr !== null) assert.deepEqual(qr, [`${holder.server.url}/verifikasi/${ctx.serial}`]);
});

test('after the minutes every change is refused, naming their serial', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/pleno`);
  let r = await admin.post(`/siklus/${ctx.cycle}/pleno`, { tanggal: '2026-11-21', tempat: 'Jakarta',
    hadir: 'Sri Wahyuni; Pimpinan Rapat' });
  assert.equal(r.status, 303, 'a new session may open');
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(ctx.pid),
    indikator: ctx.disputed.code, opsi: bottom(ctx.disputed), alasan: 'Diubah.' });
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(`Berita Acara Rapat Pleno ${ctx.serial}`));
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/rekomendasi`, { partisipasi: String(ctx.pid),
    keputusan: 'tidak', alasan: 'Diubah.' });
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(ctx.serial));
  await admin.get(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  r = await admin.post(`/partisipasi/${ctx.pid}/hasil-penilaian/penyesuaian`, { zona: 'none', temuan: '0' });
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(ctx.serial));
  const one = await as(ONE);
  await one.get(`/partisipasi/${ctx.pid}/skor`);
  r = await one.post(`/partisipasi/${ctx.pid}/skor`, { aksi: 'simpan' });
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(ctx.serial));
  const result = await one.json(`/partisipasi/${ctx.pid}/hasil-penilaian`);
  assert.match(result.json.locked, new RegExp(ctx.serial));
});

/** The text of a PDF and the QR codes of its pages; null for a tool that is missing. */
function pdfTextAndQr(bytes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-bap-'));
  try {
    const file = path.join(dir, 'd.pdf');
    writeFileSync(file, bytes);
    const t = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const text = t.error ? null : t.stdout;
    const p = spawnSync('pdftoppm', ['-r', '150', '-png', file, path.join(dir, 'page')], { encoding: 'utf8' });
    if (p.error) return { text, qr: null };
    const codes = new Set();
    for (const img of readdirSync(dir).filter((n) => n.endsWith('.png'))) {
      const z = spawnSync('zbarimg', ['-q', '--raw', path.join(dir, img)], { encoding: 'utf8' });
      if (z.error) return { text, qr: null };
      for (const line of (z.stdout || '').split('\n')) if (line.trim()) codes.add(line.trim());
    }
    return { text, qr: [...codes] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a refused settlement or recommendation shows each problem beside its field, the input kept', async () => {
  // The second assessor of the remand centre of Makassar finishes the
  // draft, each score at the other end of the scale from the first
  // assessor's: the centre awaits the plenary, its indicators disputed.
  const rutan = participationOf(holder.server, RUTAN_MKS, 2023);
  const first = new Map(sql(`SELECT s.indicator || '=' || s.option_code FROM score s
    JOIN score_sheet h ON h.participation_id = s.participation_id AND h.assessor_id = s.assessor_id
    WHERE s.participation_id = ${rutan} AND h.submitted_at IS NOT NULL`).split('\n')
    .map((line) => line.split('=')));
  const two = await as(TWO);
  const list = indicators((await two.json(`/partisipasi/${rutan}/skor`)).json);
  const apart = scoreFields(list, (i) => (first.get(i.code) === top(i) ? bottom(i) : top(i)),
    (i) => `Dinilai ulang untuk ${i.code}`);
  await two.get(`/partisipasi/${rutan}/skor`);
  let r = await two.post(`/partisipasi/${rutan}/skor`, { aksi: 'serahkan', ...apart });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(where(rutan), 'penilaian/assessed');

  // The session the test before opened is the one deciding.
  const admin = await as('admin@p2ham.demo');
  const board = await admin.json(`/siklus/${ctx.cycle}/pleno`);
  const row = board.json.board.find((b) => b.id === rutan);
  assert.ok(row, 'the centre is on the board');
  const disputed = row.result.criteria.flatMap((c) => c.indicators).find((i) => i.disputed);
  assert.ok(disputed, 'an indicator of the centre is disputed');
  const settle = `s-${rutan}-${escape(disputed.code)}`;

  // An option not on the scale: its message beside the option, the
  // reason as typed.
  await admin.get(`/siklus/${ctx.cycle}/pleno`);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(rutan),
    indikator: disputed.code, opsi: 'tak-ada', alasan: 'Alasan yang diketik' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`<p class="error" id="${settle}-error">Pilihan nilai ini tidak ada pada skala indikator\\.</p>\\s*` +
    `<select id="${settle}" name="opsi" aria-invalid="true" aria-describedby="${settle}-error">`));
  assert.match(r.text, new RegExp(`<textarea id="${settle}-r" name="alasan" rows="2">Alasan yang diketik</textarea>`));

  // No reason: its message beside the reason, the option as chosen.
  const option = bottom(disputed);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/nilai`, { partisipasi: String(rutan),
    indikator: disputed.code, opsi: option, alasan: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`<p class="error" id="${settle}-r-error">Tuliskan alasan keputusan rapat pleno\\.</p>\\s*` +
    `<textarea id="${settle}-r" name="alasan" rows="2" aria-invalid="true" aria-describedby="${settle}-r-error"></textarea>`));
  assert.match(r.text, new RegExp(`<option value="${escape(option)}" selected>`));

  // A recommendation without its reason: the message beside its field.
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/rekomendasi`, { partisipasi: String(rutan),
    keputusan: 'ya', alasan: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`<p class="error" id="r-${rutan}-r-error">Tuliskan alasan keputusan rapat pleno\\.</p>\\s*` +
    `<textarea id="r-${rutan}-r" name="alasan" rows="2" aria-invalid="true" aria-describedby="r-${rutan}-r-error"></textarea>`));
  assert.equal(where(rutan), 'penilaian/assessed', 'nothing was decided');
  assert.equal(sql(`SELECT count(*) FROM plenary_score WHERE participation_id = ${rutan}`), '0');
});

testCleanStop(holder);
