// The first half of the assessment stage against a real server with the demo
// data: the admin assigns verifiers and assessors (a verifier of the unit's
// own province is refused, naming it; a bulk assignment reports the refused
// participation and assigns the others); an assessor declares no conflict of
// interest, another recuses; each assignee's /penugasan lists what waits.
// Then the prison of Gorontalo, passed by the admin, completes its evidence:
// submission is refused naming the missing evidence; the verifier gives
// verdicts, sends round 1 back, the unit changes only the flagged indicator
// and resubmits; round 2 likewise; the verifier closes and the verification
// report (BAV) is issued: its text names the unit and the verdicts and its QR
// code opens the verification address. A unit user cannot verify (403), an
// unassigned verifier sees nothing (404), and a revision after the round's
// deadline is refused.
//
// Relies on the demo (src/cmd/demo.c): in "P2HAM 2023" the prison of
// Gorontalo stands at (evaluasi, awaiting_evaluation) with its self-assessment
// answered and its evidence uploaded; the verifier's home is DKI Jakarta.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF as PDF, TINY_PNG as PNG, binary, loadDemo, participationOf, sqlOk,
  testCleanStop, useServer,
} from './lib.mjs';

const PUBLIC_URL = 'https://p2ham.example.go.id';
const holder = useServer({ args: ['--public-url', `${PUBLIC_URL}/`] });
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const PASSWORD = 'Kata-Sandi-Uji-2026';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email, password = DEMO_PASSWORD) => signIn(holder.server, email, password);
const where = (pid) => sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);

/** Today and a day from now, as the unit's zone (WITA) writes them. */
function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

/** p2ham user add, the password on standard input. */
function addUser(email, name, extra) {
  const s = holder.server;
  const r = spawnSync(binary, ['user', 'add', '--data-dir', s.dataDir,
    ...(s.db ? ['--db', s.db.url] : []), '--email', email, '--name', name, ...extra],
  { input: PASSWORD + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function upload(client, pid, indicator, bytes = PDF, name = 'bukti.pdf') {
  const form = new FormData();
  form.append('csrf', client.csrf);
  form.append('indikator', indicator);
  form.append('berkas', new Blob([bytes], { type: 'application/pdf' }), name);
  return client.send(`/partisipasi/${pid}/penilaian/berkas`, { method: 'POST', body: form });
}

test('demo data and the people of this test', async () => {
  loadDemo(holder.server);
  ctx.lapas = participationOf(holder.server, LAPAS);
  ctx.lapasUnit = Number(sql(`SELECT unit_id FROM participation WHERE id = ${ctx.lapas}`));
  ctx.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  assert.equal(where(ctx.lapas), 'evaluasi/awaiting_evaluation');
  addUser('kepala.lapas.gorontalo@uji.go.id', 'Kepala Lapas Uji', ['--role', 'unit_head', '--scope',
    `unit:${ctx.lapasUnit}`, '--province', '75']);
  addUser('verifikator.gorontalo@uji.go.id', 'Verifikator Gorontalo', ['--province', '75']);
  addUser('verifikator.lain@uji.go.id', 'Verifikator Lain', ['--province', '51']);
  addUser('penilai.dua@uji.go.id', 'Penilai Dua', ['--province', '32']);
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.lapas}/evaluasi`);
  const r = await admin.post(`/partisipasi/${ctx.lapas}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.lapas), 'penilaian/evidence_open');
});

test('the assessment tab is there, its page shows the evidence carried over', async () => {
  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  const page = await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`href="/partisipasi/${ctx.lapas}/penilaian"`));
  const j = await head.json(`/partisipasi/${ctx.lapas}/penilaian`);
  assert.equal(j.json.may_fill, true);
  assert.equal(j.json.may_submit, true);
  const answered = Number(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${ctx.lapas}`));
  assert.ok(answered > 0);
  const shown = j.json.criteria.flatMap((c) => c.indicators).filter((i) => i.answered).length;
  assert.equal(shown, answered, 'the same answer rows, nothing copied');
});

test('a verifier of the unit\'s own province is refused, naming it', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.lapas}/penugasan`);
  const r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.gorontalo@uji.go.id', tenggat: day(14),
  });
  assert.equal(r.status, 409);
  assert.match(r.text, /konflik kepentingan: Verifikator Gorontalo berasal dari provinsi Gorontalo/);
  assert.match(r.text, /value="verifikator\.gorontalo@uji\.go\.id"/, 'what was typed is kept');
  // One of the unit's own organization, from another province, likewise.
  const org = sql(`SELECT organization_id FROM unit WHERE id = ${ctx.lapasUnit}`);
  addUser('verifikator.instansi@uji.go.id', 'Verifikator Instansi', ['--province', '31',
    '--organization', org]);
  const r2 = await admin.post(`/partisipasi/${ctx.lapas}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.instansi@uji.go.id', tenggat: day(14),
  });
  assert.equal(r2.status, 409);
  assert.match(r2.text, /konflik kepentingan: Verifikator Instansi berasal dari instansi yang sama/);
  assert.equal(sql(`SELECT COUNT(*) FROM assignment WHERE participation_id = ${ctx.lapas}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant g JOIN users u ON u.id = g.user_id
    WHERE u.email IN ('verifikator.gorontalo@uji.go.id', 'verifikator.instansi@uji.go.id')`), '0');
});

test('a due date on a day that does not exist is refused', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.lapas}/penugasan`);
  const r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan`, {
    peran: 'verifikator', email: 'verifikator@p2ham.demo', tenggat: '2099-02-30',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tenggat harus berupa tanggal \(TTTT-BB-HH\)\./);
  assert.equal(sql(`SELECT COUNT(*) FROM assignment WHERE participation_id = ${ctx.lapas}`), '0');
});

test('the admin assigns the verifier and two assessors; the grants come with them', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.lapas}/penugasan`);
  for (const [peran, email] of [['verifikator', 'verifikator@p2ham.demo'],
    ['penilai', 'penilai@p2ham.demo'], ['penilai', 'penilai.dua@uji.go.id']]) {
    const r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan`, { peran, email, tenggat: day(14) });
    assert.equal(r.status, 303, `${email}: ${r.text.slice(0, 300)}`);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant WHERE scope_kind = 'participation'
    AND scope_id = ${ctx.lapas}`), '3');
  const j = await admin.json(`/partisipasi/${ctx.lapas}/penugasan`);
  assert.equal(j.json.assignments.length, 3);
  assert.equal(j.json.assignments.filter((a) => a.waiting).length, 2, 'two assessors have not answered');
  const audit = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'assignment.create'
    AND object_id = ${ctx.lapas}`);
  assert.equal(audit, '3');
});

test('a bulk assignment reports the refused participation and assigns the others', async () => {
  // A second unit awaiting verification, in another province: the Makassar
  // prison is moved to evidence_open here (a fixture, not a path).
  const mks = participationOf(holder.server, 'Lembaga Pemasyarakatan Kelas I Makassar');
  sql(`UPDATE participation SET stage = 'penilaian', state = 'evidence_open' WHERE id = ${mks}`);
  const admin = await as('admin@p2ham.demo');
  const page = await admin.get(`/siklus/${ctx.cycle}/penugasan`);
  assert.equal(page.status, 200);
  let r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.gorontalo@uji.go.id', tenggat: day(10),
  }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.deepEqual(r.json.result.assigned.map((a) => a.participation), [mks]);
  assert.deepEqual(r.json.result.refused.map((a) => a.participation), [ctx.lapas]);
  assert.match(r.json.result.refused[0].reason, /konflik kepentingan: Verifikator Gorontalo berasal dari provinsi Gorontalo/);
  // The page says the same.
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'penilai', email: 'verifikator.gorontalo@uji.go.id', tenggat: day(10), provinsi: '73',
  });
  assert.equal(r.status, 200);
  assert.match(r.text, /Ditugaskan \(1\)/);
  // A filter by province: only the Gorontalo prison.
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.lain@uji.go.id', tenggat: day(10), provinsi: '75',
  }, { headers: { accept: 'application/json' } });
  assert.deepEqual(r.json.result.assigned.map((a) => a.participation), [ctx.lapas]);
  assert.equal(r.json.result.refused.length, 0);
  assert.equal(sql(`SELECT COUNT(*) FROM assignment a JOIN users u ON u.id = a.user_id
    WHERE u.email = 'verifikator.lain@uji.go.id'`), '1');
  // A filter typed wrong assigns nothing, rather than everyone.
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.lain@uji.go.id', tenggat: day(10), provinsi: 'tujuh',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Filter tidak valid/);
  assert.equal(sql(`SELECT COUNT(*) FROM assignment a JOIN users u ON u.id = a.user_id
    WHERE u.email = 'verifikator.lain@uji.go.id'`), '1');
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'verifikator', email: 'verifikator.lain@uji.go.id', tenggat: day(10), jenis: 'kapal',
  });
  assert.equal(r.status, 422);
  // A filter by unit type: the prisons of Gorontalo, province and type kept
  // on the page; the assessor assigned there already is refused, saying so.
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'penilai', email: 'penilai@p2ham.demo', tenggat: day(10), provinsi: '75', jenis: 'lapas',
  }, { headers: { accept: 'application/json' } });
  assert.equal(r.json.result.assigned.length, 0);
  assert.match(r.json.result.refused[0].reason, /sudah ditugaskan dengan peran ini/);
  assert.equal(r.json.unit_types.find((t) => t.code === 'lapas').selected, true);
  assert.equal(r.json.provinces.find((p) => p.code === '75').selected, true);
  addUser('penilai.tiga@uji.go.id', 'Penilai Tiga', ['--province', '33']);
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'penilai', email: 'penilai.tiga@uji.go.id', tenggat: day(10), provinsi: '75', jenis: 'lapas',
  }, { headers: { accept: 'application/json' } });
  assert.deepEqual(r.json.result.assigned.map((a) => a.participation), [ctx.lapas]);
  // Ended again here (a fixture), so that the prison keeps two assessors.
  sql(`DELETE FROM role_grant WHERE scope_kind = 'participation' AND scope_id = ${ctx.lapas}
    AND user_id = (SELECT id FROM users WHERE email = 'penilai.tiga@uji.go.id')`);
  sql(`DELETE FROM assignment WHERE participation_id = ${ctx.lapas}
    AND user_id = (SELECT id FROM users WHERE email = 'penilai.tiga@uji.go.id')`);
  // A refused bulk keeps what was typed.
  r = await admin.post(`/siklus/${ctx.cycle}/penugasan`, {
    peran: 'verifikator', email: 'tidak.ada@uji.go.id', tenggat: day(10),
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tidak ada pengguna dengan alamat surel “tidak\.ada@uji\.go\.id”/);
  assert.match(r.text, /value="tidak\.ada@uji\.go\.id"/);
  // The admin's list of the Makassar prison shows who is assigned.
  const j = await admin.json(`/partisipasi/${mks}/penugasan`);
  assert.equal(j.json.assignments.length, 2);
});

test('the admin replaces the bulk verifier of the prison with who/why kept', async () => {
  const admin = await as('admin@p2ham.demo');
  const id = Number(sql(`SELECT a.id FROM assignment a JOIN users u ON u.id = a.user_id
    WHERE u.email = 'verifikator.lain@uji.go.id' AND a.participation_id = ${ctx.lapas}`));
  await admin.get(`/partisipasi/${ctx.lapas}/penugasan`);
  let r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan/${id}/ganti`, {
    email: 'verifikator.gorontalo@uji.go.id', alasan: 'Beban kerja',
  });
  assert.equal(r.status, 409, 'the replacement is checked for conflicts too');
  r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan/${id}/ganti`, {
    email: 'penilai.dua@uji.go.id', alasan: '',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan alasan penggantian/);
  addUser('verifikator.ganti@uji.go.id', 'Verifikator Pengganti', ['--province', '52']);
  r = await admin.post(`/partisipasi/${ctx.lapas}/penugasan/${id}/ganti`, {
    email: 'verifikator.ganti@uji.go.id', alasan: 'Beban kerja verifikator terlalu tinggi',
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sql(`SELECT end_kind || '|' || end_reason FROM assignment WHERE id = ${id}`),
    'replaced|Beban kerja verifikator terlalu tinggi');
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant g JOIN users u ON u.id = g.user_id
    WHERE u.email = 'verifikator.lain@uji.go.id' AND g.scope_id = ${ctx.lapas}`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant g JOIN users u ON u.id = g.user_id
    WHERE u.email = 'verifikator.ganti@uji.go.id' AND g.scope_id = ${ctx.lapas}`), '1');
});

test('an assessor declares no conflict of interest, another recuses', async () => {
  const a = await as('penilai@p2ham.demo');
  let mine = await a.json('/penugasan');
  const row = mine.json.assignments.find((x) => x.participation_id === ctx.lapas);
  assert.ok(row, 'the assignment is listed');
  assert.equal(row.needs_answer, true);
  assert.equal(row.due_date, day(14));
  await a.get('/penugasan');
  let r = await a.post(`/penugasan/${row.id}/jawab`, { jawaban: 'bersedia' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT answer FROM assignment WHERE id = ${row.id}`), 'no_conflict');
  assert.match(sql(`SELECT answer_statement FROM assignment WHERE id = ${row.id}`),
    /tidak memiliki konflik kepentingan/);
  const b = await as('penilai.dua@uji.go.id', PASSWORD);
  mine = await b.json('/penugasan');
  const row2 = mine.json.assignments.find((x) => x.participation_id === ctx.lapas);
  await b.get('/penugasan');
  r = await b.post(`/penugasan/${row2.id}/jawab`, { jawaban: 'mundur', alasan: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan alasan pengunduran diri/);
  r = await b.post(`/penugasan/${row2.id}/jawab`, { jawaban: 'mundur',
    alasan: 'Pernah menjadi pendamping unit ini' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT end_kind FROM assignment WHERE id = ${row2.id}`), 'recused');
  assert.equal((await b.get(`/partisipasi/${ctx.lapas}/penilaian`)).status, 404, 'the grant went');
  const admin = await as('admin@p2ham.demo');
  const j = await admin.json(`/partisipasi/${ctx.lapas}/penugasan`);
  assert.equal(j.json.assignments.filter((x) => x.waiting).length, 0);
  // The verifier's list says what to do.
  const v = await as('verifikator@p2ham.demo');
  const vm = await v.json('/penugasan');
  const vr = vm.json.assignments.find((x) => x.participation_id === ctx.lapas);
  assert.equal(vr.href, `/partisipasi/${ctx.lapas}/verifikasi`);
  assert.match(vr.todo, /Menunggu unit mengajukan data dukung/);
});

test('submission is refused naming the missing evidence', async () => {
  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  const file = sql(`SELECT id || '|' || indicator FROM file WHERE participation_id = ${ctx.lapas}
    AND purpose = 'evidence' AND removed_at IS NULL ORDER BY id LIMIT 1`);
  const [fid, ind] = file.split('|');
  ctx.ind = ind;
  const page = await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  assert.match(page.text, new RegExp(`action="/berkas/${fid}/hapus"`), 'the page offers the removal');
  let r = await head.post(`/berkas/${fid}/hapus`, { kembali: `/partisipasi/${ctx.lapas}/penilaian` });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const left = sql(`SELECT COUNT(*) FROM file WHERE participation_id = ${ctx.lapas}
    AND purpose = 'evidence' AND indicator = '${ind}' AND removed_at IS NULL`);
  assert.equal(left, '0', 'its only evidence file');
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian/ajukan`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(`Data dukung belum lengkap \\(1 indikator\\): ${ind} \\(.*\\): data dukung belum diunggah`));
  assert.equal(where(ctx.lapas), 'penilaian/evidence_open');
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  r = await upload(head, ctx.lapas, ind);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian/ajukan`, {});
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(where(ctx.lapas), 'penilaian/verification');
});

test('my assignments: what waits, with its due date, overdue flagged', async () => {
  const v = await as('verifikator@p2ham.demo');
  let mine = await v.json('/penugasan');
  let row = mine.json.assignments.find((x) => x.participation_id === ctx.lapas);
  assert.match(row.todo, /Periksa data dukung dan beri putusan per indikator/);
  assert.equal(row.overdue, false);
  sql(`UPDATE assignment SET due_date = '2020-01-01' WHERE id = ${row.id}`);
  mine = await v.json('/penugasan');
  row = mine.json.assignments.find((x) => x.participation_id === ctx.lapas);
  assert.equal(row.overdue, true);
  const html = await v.get('/penugasan');
  assert.match(html.text, new RegExp(`href="/partisipasi/${ctx.lapas}/verifikasi">${LAPAS}</a>`));
  assert.match(html.text, /terlambat/);
  sql(`UPDATE assignment SET due_date = '${day(14)}' WHERE id = ${row.id}`);
  // The demo's own story: the Makassar immigration office in revision round 1.
  const demo = mine.json.assignments.find((x) => x.unit_name === 'Kantor Imigrasi Kelas I TPI Makassar');
  assert.equal(demo.state, 'revision');
  const page = await v.json(`/partisipasi/${demo.participation_id}/verifikasi`);
  assert.equal(page.json.open_round.number, 1);
  assert.equal(page.json.open_round.items.length, 2);
});

test('a unit user cannot verify (403); an unassigned verifier sees nothing (404)', async () => {
  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  await head.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  const r = await head.post(`/partisipasi/${ctx.lapas}/verifikasi`, { [`putusan.${ctx.ind}`]: 'verified' });
  assert.equal(r.status, 403);
  const other = await as('verifikator.gorontalo@uji.go.id', PASSWORD);
  assert.equal((await other.get(`/partisipasi/${ctx.lapas}/verifikasi`)).status, 404);
  const replaced = await as('verifikator.lain@uji.go.id', PASSWORD);
  assert.equal((await replaced.get(`/partisipasi/${ctx.lapas}/verifikasi`)).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ctx.lapas}`), '0');
});

test('verdicts, round 1 sent back, only the flagged indicator may change', async () => {
  const v = await as('verifikator@p2ham.demo');
  const j = await v.json(`/partisipasi/${ctx.lapas}/verifikasi`);
  assert.equal(j.json.may_verify, true);
  const codes = j.json.criteria.flatMap((c) => c.indicators.map((i) => i.code));
  ctx.codes = codes;
  ctx.flag = codes[1];
  ctx.other = codes[2];
  await v.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  // A verdict that needs a note without one is refused, keeping the choice.
  let r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi`, { [`putusan.${ctx.flag}`]: 'needs_revision' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`Indikator ${ctx.flag}: tuliskan catatan`));
  const form = {};
  for (const c of codes) form[`putusan.${c}`] = 'verified';
  form[`putusan.${ctx.flag}`] = 'needs_revision';
  form[`catatan.${ctx.flag}`] = 'Foto fasilitas tidak menunjukkan lokasi';
  form[`putusan.${codes[0]}`] = 'not_met';
  form[`catatan.${codes[0]}`] = 'Tidak ada bukti sama sekali';
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi`, form);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await v.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi/kembalikan`, { tenggat: day(-1) });
  assert.equal(r.status, 422, 'a deadline in the past');
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi/kembalikan`, { tenggat: day(3), catatan: 'Putaran pertama' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(where(ctx.lapas), 'penilaian/revision');
  assert.equal(sql(`SELECT number || '|' || deadline_date FROM verification_round
    WHERE participation_id = ${ctx.lapas}`), `1|${day(3)}`);

  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  const page = await head.json(`/partisipasi/${ctx.lapas}/penilaian`);
  assert.deepEqual(page.json.open_round.items.map((i) => i.indicator), [ctx.flag]);
  assert.equal(page.json.open_round.items[0].note, 'Foto fasilitas tidak menunjukkan lokasi');
  const inds = page.json.criteria.flatMap((c) => c.indicators);
  assert.equal(inds.find((i) => i.code === ctx.flag).may_fill, true);
  assert.equal(inds.find((i) => i.code === ctx.other).may_fill, false);
  assert.equal(inds.find((i) => i.code === codes[0]).verdict.label, 'Tidak memenuhi');
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  const before = sql(`SELECT COUNT(*) FROM answer_history WHERE participation_id = ${ctx.lapas}`);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian`, { [`catatan.${ctx.other}`]: 'ubah',
    [`catatan.${ctx.flag}`]: 'Catatan perbaikan yang diketik' });
  assert.equal(r.status, 409);
  assert.match(r.text, new RegExp(`Indikator ${ctx.other} tidak dikembalikan pada putaran perbaikan ini`));
  assert.match(r.text, new RegExp(`name="catatan\\.${ctx.flag}" rows="2">Catatan perbaikan yang diketik</textarea>`),
    'what was typed is kept');
  assert.equal(sql(`SELECT COUNT(*) FROM answer_history WHERE participation_id = ${ctx.lapas}`), before,
    'nothing was saved');
  r = await upload(head, ctx.lapas, ctx.other);
  assert.equal(r.status, 409, 'evidence of another indicator is refused too');
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian`, { 'catatan.tidak_ada': 'x' });
  assert.equal(r.status, 422, 'an indicator the rulebook does not have');
  assert.match(r.text, /Indikator tidak dikenal atau tidak berlaku bagi unit ini: tidak_ada/,
    'the refusal names the indicator, as on the building page');
  assert.equal(sql(`SELECT COUNT(*) FROM answer_history WHERE participation_id = ${ctx.lapas}`), before,
    'nothing was saved');
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian`, { [`catatan.${ctx.flag}`]: 'Foto baru dengan papan nama' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  r = await upload(head, ctx.lapas, ctx.flag, PNG, 'foto.png');
  assert.equal(r.status, 303);
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian/ajukan-ulang`, {});
  assert.equal(r.status, 303);
  assert.equal(where(ctx.lapas), 'penilaian/verification');
});

test('round 2, then the deadline passes and the revision is refused', async () => {
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  let r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi`, { [`putusan.${ctx.flag}`]: 'needs_revision',
    [`catatan.${ctx.flag}`]: 'Masih kurang jelas' });
  assert.equal(r.status, 303);
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi/kembalikan`, { tenggat: day(0) });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM verification_round WHERE participation_id = ${ctx.lapas}`), '2');
  sql(`UPDATE verification_round SET deadline_at = '2020-01-01T00:00:00Z' WHERE participation_id = ${ctx.lapas}
    AND number = 2`);
  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  await head.get(`/partisipasi/${ctx.lapas}/penilaian`);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian`, { [`catatan.${ctx.flag}`]: 'Terlambat' });
  assert.equal(r.status, 409);
  assert.match(r.text, /Batas waktu putaran perbaikan sudah lewat/);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian/ajukan-ulang`, {});
  assert.equal(r.status, 409);
  sql(`UPDATE verification_round SET deadline_at = '2099-01-01T00:00:00Z' WHERE participation_id = ${ctx.lapas}
    AND number = 2`);
  r = await head.post(`/partisipasi/${ctx.lapas}/penilaian/ajukan-ulang`, {});
  assert.equal(r.status, 303);
});

test('a site visit, then closing issues the verification report', async () => {
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  let r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi/tutup`, {});
  assert.equal(r.status, 409, 'a verdict is not final yet');
  const bad = new FormData();
  bad.append('csrf', v.csrf);
  bad.append('tanggal', day(2));
  bad.append('hadir', 'Kepala Lapas');
  bad.append('temuan', 'Ruang laktasi');
  r = await v.send(`/partisipasi/${ctx.lapas}/verifikasi/kunjungan`, { method: 'POST', body: bad });
  assert.equal(r.status, 422, 'a visit in the future');
  assert.match(r.text, /Tanggal kunjungan harus berupa tanggal, tidak setelah hari ini/);
  assert.match(r.text, /name="hadir" rows="2" required>Kepala Lapas<\/textarea>/);
  bad.set('tanggal', '2024-02-30');
  r = await v.send(`/partisipasi/${ctx.lapas}/verifikasi/kunjungan`, { method: 'POST', body: bad });
  assert.equal(r.status, 422, 'a visit on a day that does not exist');
  assert.match(r.text, /Tanggal kunjungan harus berupa tanggal, tidak setelah hari ini/);
  const form = new FormData();
  form.append('csrf', v.csrf);
  form.append('tanggal', day(0));
  form.append('hadir', 'Kepala Lapas, operator P2HAM');
  form.append('temuan', 'Ruang laktasi tersedia dan layak');
  form.append('foto', new Blob([PNG], { type: 'image/png' }), 'laktasi.png');
  r = await v.send(`/partisipasi/${ctx.lapas}/verifikasi/kunjungan`, { method: 'POST', body: form });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sql(`SELECT COUNT(*) FROM site_visit_file vf JOIN site_visit s ON s.id = vf.site_visit_id
    WHERE s.participation_id = ${ctx.lapas}`), '1');
  const photo = Number(sql(`SELECT vf.file_id FROM site_visit_file vf JOIN site_visit s
    ON s.id = vf.site_visit_id WHERE s.participation_id = ${ctx.lapas}`));
  const decl = await v.json(`/partisipasi/${ctx.lapas}/pencanangan`);
  assert.equal(decl.status, 200);
  assert.ok(!decl.json.photos.some((f) => f.id === photo), 'a visit photo is not the event\'s');
  const vpage = await v.json(`/partisipasi/${ctx.lapas}/verifikasi`);
  assert.deepEqual(vpage.json.visits[0].photos.map((f) => f.id), [photo]);
  await v.get(`/partisipasi/${ctx.lapas}/verifikasi`);
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi`, { [`putusan.${ctx.flag}`]: 'verified' });
  assert.equal(r.status, 303);
  // The demo issued the reports of its units past verification: this one comes next.
  const issued = Number(sql("SELECT COUNT(*) FROM document WHERE kind = 'verification_report'"));
  r = await v.post(`/partisipasi/${ctx.lapas}/verifikasi/tutup`, {});
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(where(ctx.lapas), 'penilaian/scoring');
  const serial = sql(`SELECT document_serial FROM verification_close WHERE participation_id = ${ctx.lapas}`);
  assert.match(serial, new RegExp(`^BAV-\\d{4}-${String(issued + 1).padStart(6, '0')}$`));
  // Verdicts are kept, appended.
  assert.equal(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ctx.lapas}
    AND indicator = '${ctx.flag}'`), '3');
  const pdf = await v.send(`/dokumen/${serial}`);
  assert.equal(pdf.status, 200);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-bav-'));
  try {
    const res = await v.server.fetch(`/dokumen/${serial}`, { headers: { cookie: v.cookieHeader() } });
    const file = path.join(dir, 'bav.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const t = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (t.status === 0) {
      const text = t.stdout.replace(/\s+/g, ' ');
      assert.match(text, /BERITA ACARA VERIFIKASI/);
      assert.match(text, /Lembaga Pemasyarakatan Kelas IIA Gorontalo/);
      assert.match(text, new RegExp(`${ctx.codes[0]}`));
      assert.match(text, /Tidak memenuhi: Tidak ada bukti sama sekali/);
      assert.match(text, /Terverifikasi/);
      assert.match(text, /Putaran 2/);
      assert.match(text, /Ruang laktasi tersedia dan layak/);
    }
    const q = spawnSync('sh', ['-c', `pdftoppm -r 150 -png -f 1 -l 1 -singlefile '${file}' '${dir}/p' && ` +
      `zbarimg -q --raw -Sdisable -Sqrcode.enable '${dir}/p.png'`], { encoding: 'utf8' });
    if (q.status === 0) assert.equal(q.stdout.trim(), `${PUBLIC_URL}/verifikasi/${serial}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const check = await new Client(holder.server).json(`/verifikasi/${serial}`);
  assert.equal(check.status, 200);
  // The unit reads the verdicts.
  const head = await as('kepala.lapas.gorontalo@uji.go.id', PASSWORD);
  const page = await head.json(`/partisipasi/${ctx.lapas}/penilaian`);
  const inds = page.json.criteria.flatMap((c) => c.indicators);
  assert.equal(inds.find((i) => i.code === ctx.flag).verdict.label, 'Terverifikasi');
  assert.equal(page.json.rounds.length, 2);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'participation.close_verification'`)) === 1);
});

testCleanStop(holder);
