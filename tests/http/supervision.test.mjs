// Guidance and supervision and the revocation of an award, against a real
// server with the demo data: the immigration office of Gorontalo is made an
// awarded unit under supervision (the decree's rows written directly); the
// regional office records a visit, a finding and follow-up actions; the
// unit answers one with evidence, which the regional office sends back and
// then closes; an action whose due date passed shows as overdue on the
// participation's page, the unit's page, /progres and the regional office's
// list; who may and may not do each step; bad input is refused in Bahasa
// Indonesia with what was typed kept; the award is revoked, reinstated
// (a new certificate) and revoked again, and /verifikasi shows the
// certificate withdrawn with its date and reason.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { issueDecree } from './decree_fixture.mjs';
import { DEMO_PASSWORD, TINY_PDF, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const REGIONAL = 'kanwil.gorontalo@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const HEAD = 'kepala.kanim.gorontalo@p2ham.demo';
const OBSERVER = 'pengamat@p2ham.demo';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);

/** A day from today as the unit's zone (WITA) writes it. */
function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

/** Posts a multipart form (fields, and files as [field, name, bytes, type]). */
function postFiles(client, path, fields, files = []) {
  const form = new FormData();
  form.append('csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [field, name, bytes, type] of files) form.append(field, new Blob([bytes], { type }), name);
  return client.send(path, { method: 'POST', body: form });
}

/** The page's actions, flat. */
function actions(model) {
  return model.visits.flatMap((v) => v.findings.flatMap((f) => f.actions));
}

test('an awarded unit under supervision', async () => {
  loadDemo(holder.server);
  const pid = participationOf(holder.server, KANIM);
  const cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${pid}`));
  sql(`UPDATE participation SET stage = 'pembinaan', state = 'supervised' WHERE id = ${pid}`);
  issueDecree(sql, { cycle, awarded: [pid], number: 'UJI-PEMBINAAN-1' });
  ctx.pid = pid;
  ctx.cycle = cycle;
  ctx.unit = Number(sql(`SELECT unit_id FROM participation WHERE id = ${pid}`));
  const r = await (await as(REGIONAL)).get(`/partisipasi/${pid}/pembinaan`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Pembinaan dan pengawasan/);
  assert.match(r.text, /Catat kunjungan/);
  const o = await (await as(KANIM ? OPERATOR : '')).get(`/partisipasi/${pid}`);
  assert.match(o.text, new RegExp(`href="/partisipasi/${pid}/pembinaan"`), 'the tab leads to the page');
});

test('the demo: a supervised unit with an overdue follow-up, and a revoked award', async () => {
  const gto = participationOf(holder.server, 'Kantor Wilayah Kementerian Hukum dan HAM Gorontalo');
  const sulsel = participationOf(holder.server, 'Kantor Wilayah Kementerian Hukum dan HAM Sulawesi Selatan');
  const k = await as(REGIONAL);
  const j = await k.json(`/partisipasi/${gto}/pembinaan`);
  assert.equal(j.status, 200);
  assert.equal(j.json.visits.length, 1);
  assert.equal(j.json.overdue_count, 1);
  assert.deepEqual(actions(j.json).map((a) => a.status).sort(), ['closed', 'open']);
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${sulsel}`), 'pembinaan/revoked');
  const serial = sql(`SELECT certificate_serial FROM award WHERE participation_id = ${sulsel}`);
  const v = await (await as(OBSERVER)).get(`/verifikasi/${serial}`);
  assert.match(v.text, /Dokumen telah ditarik/);
  assert.match(v.text, /pungutan liar/);
});

test('the regional office records a visit, a finding and follow-up actions', async () => {
  const { pid } = ctx;
  const k = await as(REGIONAL);
  await k.get(`/partisipasi/${pid}/pembinaan`);
  let r = await k.post(`/partisipasi/${pid}/pembinaan/kunjungan`,
    { tanggal: day(0), petugas: 'Fatmawati Yusuf; Budi Santoso', ringkasan: 'Ramp masuk rusak.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  let j = await k.json(`/partisipasi/${pid}/pembinaan`);
  assert.equal(j.json.visits.length, 1);
  const visit = j.json.visits[0].id;
  r = await k.post(`/partisipasi/${pid}/pembinaan/kunjungan/${visit}/temuan`,
    { tingkat: 'high', uraian: 'Ramp untuk kursi roda rusak dan licin.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  j = await k.json(`/partisipasi/${pid}/pembinaan`);
  const finding = j.json.visits[0].findings[0];
  assert.equal(finding.severity, 'high');
  assert.equal(finding.severity_label, 'Berat');
  for (const [uraian, tenggat] of [['Perbaiki ramp.', day(14)], ['Pasang pegangan tangan.', day(1)]]) {
    r = await k.post(`/partisipasi/${pid}/pembinaan/temuan/${finding.id}/tindak-lanjut`,
      { uraian, penanggung_jawab: 'Kepala Subbagian Umum', tenggat });
    assert.equal(r.status, 303, r.text.slice(0, 400));
  }
  j = await k.json(`/partisipasi/${pid}/pembinaan`);
  const list = actions(j.json);
  assert.deepEqual(list.map((a) => a.status), ['open', 'open']);
  assert.equal(j.json.overdue_count, 0);
  ctx.visit = visit;
  ctx.finding = finding.id;
  [ctx.action, ctx.late] = list.map((a) => a.id);
  // The timeline and the audit log have each step.
  assert.equal(Number(sql(`SELECT count(*) FROM participation_event WHERE participation_id = ${pid}
    AND what = 'supervise'`)), 4);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action LIKE 'supervision.%'`)), 4);
});

test('bad input is refused in Bahasa Indonesia and what was typed stays', async () => {
  const { pid, visit, finding } = ctx;
  const k = await as(REGIONAL);
  await k.get(`/partisipasi/${pid}/pembinaan`);
  let r = await k.post(`/partisipasi/${pid}/pembinaan/kunjungan`,
    { tanggal: day(3), petugas: 'Tim Pembinaan Uji', ringkasan: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /paling lambat hari ini/);
  assert.match(r.text, /Wajib diisi/);
  assert.match(r.text, /value="Tim Pembinaan Uji"/);
  r = await k.post(`/partisipasi/${pid}/pembinaan/kunjungan/${visit}/temuan`,
    { tingkat: 'parah', uraian: 'Temuan yang diketik tetap ada' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilih tingkat temuan/);
  assert.match(r.text, /Temuan yang diketik tetap ada<\/textarea>/);
  r = await k.post(`/partisipasi/${pid}/pembinaan/temuan/${finding}/tindak-lanjut`,
    { uraian: 'Tindak lanjut uji', penanggung_jawab: '', tenggat: '2020-01-01' });
  assert.equal(r.status, 422);
  assert.match(r.text, /paling cepat hari ini/);
  assert.match(r.text, /Tindak lanjut uji<\/textarea>/);
  r = await k.post(`/partisipasi/${pid}/pembinaan/temuan/${finding}/tindak-lanjut`,
    { uraian: 'x'.repeat(20000), penanggung_jawab: 'A', tenggat: day(2) });
  assert.equal(r.status, 422);
  // A finding of another participation is not found.
  r = await k.post(`/partisipasi/${pid}/pembinaan/kunjungan/999999/temuan`,
    { tingkat: 'low', uraian: 'Tidak ada kunjungan ini.' });
  assert.equal(r.status, 404);
  const en = await k.get(`/partisipasi/${pid}/pembinaan?lang=en`);
  assert.match(en.text, /Guidance and supervision/);
  assert.equal(actions((await k.json(`/partisipasi/${pid}/pembinaan`)).json).length, 2, 'nothing was written');
});

test('who may and may not', async () => {
  const { pid, action } = ctx;
  // The unit may not record a visit; the observer may not either.
  for (const email of [OPERATOR, OBSERVER, 'koordinator@p2ham.demo']) {
    const c = await as(email);
    await c.get(`/partisipasi/${pid}/pembinaan`);
    const r = await c.post(`/partisipasi/${pid}/pembinaan/kunjungan`,
      { tanggal: day(0), petugas: 'X', ringkasan: 'Y' });
    assert.equal(r.status, 403, email);
  }
  // Another province's regional office does not see the participation.
  const jabar = await as('biro.hukum.jabar@p2ham.demo');
  assert.equal((await jabar.get(`/partisipasi/${pid}/pembinaan`)).status, 404);
  // The regional office may not answer for the unit.
  const k = await as(REGIONAL);
  await k.get(`/partisipasi/${pid}/pembinaan`);
  const r = await postFiles(k, `/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/jawab`,
    { jawaban: 'Sudah.' });
  assert.equal(r.status, 403);
  // The unit cannot review, and sees no forms of the regional office.
  const op = await as(OPERATOR);
  const j = await op.json(`/partisipasi/${pid}/pembinaan`);
  assert.equal(j.json.may_supervise, false);
  assert.equal(j.json.may_answer, true);
  assert.equal(j.json.revoke_form, undefined);
  const rv = await op.post(`/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/tinjau`,
    { keputusan: 'tutup' });
  assert.equal(rv.status, 403);
  // The observer may revoke, the regional office may not.
  assert.ok((await (await as(OBSERVER)).json(`/partisipasi/${pid}/pembinaan`)).json.revoke_form);
  const kj = await k.json(`/partisipasi/${pid}/pembinaan`);
  assert.equal(kj.json.revoke_form, undefined);
  const kr = await postFiles(k, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: 'Coba.' },
    [['dokumen', 'bukti.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(kr.status, 403);
});

test('the unit answers with evidence; the regional office sends back, then closes', async () => {
  const { pid, action } = ctx;
  const op = await as(OPERATOR);
  await op.get(`/partisipasi/${pid}/pembinaan`);
  let r = await postFiles(op, `/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/jawab`, { jawaban: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Wajib diisi/);
  r = await postFiles(op, `/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/jawab`,
    { jawaban: 'Ramp sudah diperbaiki.' }, [['berkas', 'foto-ramp.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  // Answered: not open any more.
  r = await postFiles(op, `/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/jawab`, { jawaban: 'Lagi.' });
  assert.equal(r.status, 409);
  assert.match(r.text, /tidak sedang menunggu jawaban unit/);
  const file = sql(`SELECT f.purpose || '|' || COALESCE(f.indicator, 'NULL') FROM supervision_step_file sf
    JOIN file f ON f.id = sf.file_id WHERE f.participation_id = ${pid}`);
  assert.equal(file, 'evidence|NULL');
  const k = await as(REGIONAL);
  await k.get(`/partisipasi/${pid}/pembinaan`);
  r = await k.post(`/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/tinjau`, { keputusan: 'kembalikan', catatan: '' });
  assert.equal(r.status, 422, 'sending back says why');
  r = await k.post(`/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/tinjau`,
    { keputusan: 'kembalikan', catatan: 'Lampirkan foto sesudah perbaikan.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  let a = actions((await k.json(`/partisipasi/${pid}/pembinaan`)).json).find((x) => x.id === action);
  assert.equal(a.status, 'open');
  assert.deepEqual(a.steps.map((s) => s.kind), ['answer', 'send_back']);
  assert.equal(a.steps[0].files[0].name, 'foto-ramp.pdf');
  const head = await as(HEAD);
  await head.get(`/partisipasi/${pid}/pembinaan`);
  r = await postFiles(head, `/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/jawab`,
    { jawaban: 'Foto terlampir.' }, [['berkas', 'foto.png', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex'), 'image/png']]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await k.post(`/partisipasi/${pid}/pembinaan/tindak-lanjut/${action}/tinjau`, { keputusan: 'tutup', catatan: '' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  a = actions((await k.json(`/partisipasi/${pid}/pembinaan`)).json).find((x) => x.id === action);
  assert.equal(a.status, 'closed');
  assert.equal(Number(sql(`SELECT count(*) FROM participation_event WHERE participation_id = ${pid}
    AND what = 'follow_up'`)), 2);
});

test('an action past its due date is overdue everywhere it should show', async () => {
  const { pid, late, unit } = ctx;
  // The due date passed: yesterday in the unit's zone.
  const y = day(-1);
  sql(`UPDATE supervision_action SET due_date = '${y}', due_at = '${y}T15:59:59Z' WHERE id = ${late}`);
  const k = await as(REGIONAL);
  const j = await k.json(`/partisipasi/${pid}/pembinaan`);
  assert.equal(j.json.overdue_count, 1);
  assert.deepEqual(j.json.overdue.map((a) => a.id), [late]);
  const page = await k.get(`/partisipasi/${pid}/pembinaan`);
  assert.match(page.text, /Tindak lanjut terlambat/);
  const list = await k.json('/pembinaan/terlambat');
  assert.equal(list.status, 200);
  const mine = list.json.overdue_actions.filter((a) => a.participation_id === pid);
  assert.deepEqual(mine.map((a) => a.id), [late]);
  assert.equal(mine[0].unit_name, KANIM);
  const html = await k.get('/pembinaan/terlambat');
  assert.match(html.text, /Pasang pegangan tangan/);
  // Another province's regional office lists none of it.
  const jabar = await (await as('biro.hukum.jabar@p2ham.demo')).json('/pembinaan/terlambat');
  assert.deepEqual(jabar.json.overdue_actions.filter((a) => a.province_code !== 32), [],
    'none outside West Java');
  // The unit cannot open the regional office's list.
  assert.equal((await (await as(OPERATOR)).get('/pembinaan/terlambat')).status, 404);
  const progress = await k.get('/progres');
  assert.match(progress.text, /Pasang pegangan tangan/);
  const unitPage = await k.get(`/unit/${unit}`);
  assert.match(unitPage.text, /Pasang pegangan tangan/);
  // A closed action is not overdue, whatever its date.
  sql(`UPDATE supervision_action SET due_date = '${y}', due_at = '${y}T15:59:59Z' WHERE id = ${ctx.action}`);
  assert.equal((await k.json(`/partisipasi/${pid}/pembinaan`)).json.overdue_count, 1);
});

test('revocation withdraws the certificate; reinstatement issues a new one', async () => {
  const { pid, cycle } = ctx;
  const admin = await as('admin@p2ham.demo');
  // The demo published the results: each decision publishes the next version.
  const version = () => Number(sql(`SELECT max(version) FROM result_version WHERE cycle_id = ${cycle}`));
  const v0 = version();
  assert.ok(v0 >= 1, 'the demo published the results');
  // A revoked award is reinstated first, so that it holds a certificate.
  const obs = await as(OBSERVER);
  await obs.get(`/partisipasi/${pid}/pembinaan`);
  let r = await postFiles(obs, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: 'Alasan yang diketik' });
  assert.equal(r.status, 422, 'a revocation needs its document');
  assert.match(r.text, /Lampirkan dokumen pendukung/);
  assert.match(r.text, /Alasan yang diketik<\/textarea>/);
  r = await postFiles(obs, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: ' ' },
    [['dokumen', 'bukti.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan alasan/);
  r = await postFiles(obs, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: 'Pungutan liar terbukti.' },
    [['dokumen', 'laporan-inspektorat.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`), 'pembinaan/revoked');
  assert.notEqual(sql(`SELECT COALESCE(revoked_at, '') FROM award WHERE participation_id = ${pid}`), '');
  assert.equal(version(), v0 + 1, 'the results were republished');
  assert.match(sql(`SELECT corrects FROM result_version WHERE cycle_id = ${cycle} AND version = ${v0 + 1}`),
    /Pungutan liar terbukti/);
  const hasil = await (new (await import('./client.mjs')).Client(holder.server)).json(`/hasil/${cycle}`);
  const row = hasil.json.units.find((u) => u.unit_name === KANIM);
  assert.ok(row, `${KANIM} is in the published results`);
  assert.equal(row.revoked, true);
  // Twice is refused; the unit's timeline says it.
  const again = await postFiles(obs, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: 'Lagi.' },
    [['dokumen', 'b.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(again.status, 409);
  const overview = await (await as(OPERATOR)).get(`/partisipasi/${pid}`);
  assert.match(overview.text, /Predikat dicabut/);
  // The observer may not reinstate; the admin may, with a reason.
  r = await postFiles(obs, `/partisipasi/${pid}/pembinaan/pulihkan`, { alasan: 'Tidak boleh.' });
  assert.equal(r.status, 403);
  await admin.get(`/partisipasi/${pid}/pembinaan`);
  r = await postFiles(admin, `/partisipasi/${pid}/pembinaan/pulihkan`, { alasan: '' });
  assert.equal(r.status, 422);
  r = await postFiles(admin, `/partisipasi/${pid}/pembinaan/pulihkan`, { alasan: 'Hasil pemeriksaan ulang: tuduhan tidak terbukti.' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const serial = sql(`SELECT certificate_serial FROM award WHERE participation_id = ${pid} AND revoked_at IS NULL`);
  assert.match(serial, /^PGM-/);
  assert.equal(version(), v0 + 2);
  let v = await admin.get(`/verifikasi/${serial}`);
  assert.equal(v.status, 200);
  assert.doesNotMatch(v.text, /ditarik/i);
  // Revoked again: the certificate shows withdrawn with the date and reason.
  await obs.get(`/partisipasi/${pid}/pembinaan`);
  r = await postFiles(obs, `/partisipasi/${pid}/pembinaan/cabut`, { alasan: 'Pungutan liar terulang.' },
    [['dokumen', 'laporan-2.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  v = await (new (await import('./client.mjs')).Client(holder.server)).get(`/verifikasi/${serial}`);
  assert.equal(v.status, 200);
  assert.match(v.text, /ditarik/i);
  assert.match(v.text, /Pungutan liar terulang\./);
  const j = await admin.json(`/partisipasi/${pid}/pembinaan`);
  assert.deepEqual(j.json.decisions.map((d) => d.kind), ['revoke', 'reinstate', 'revoke']);
  assert.equal(j.json.decisions[0].file_name, 'laporan-2.pdf');
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'revocation.revoke'`)), 2);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'revocation.reinstate'`)), 1);
});

testCleanStop(holder);
