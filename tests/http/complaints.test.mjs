// Public complaints against a real server with the demo data: an anonymous
// complaint with a photo is filed without signing in and gets a tracking
// code; bad input is refused in Bahasa Indonesia with what was typed kept;
// the tracking page shows status and public answers only; the regional
// office triages (accept, refer with a reason, reject), the unit answers and
// keeps internal notes, the complainant confirms or reopens once; a
// confidential complaint's identity reaches the regional office but never
// the unit, the tracking page, the export or the audit log; attachments are
// never public; an SP4N-LAPOR! import with one bad row imports nothing and
// names the row, a good one counts in the overdue lists and in the
// assessment's unresolved_complaints adjustment; the admin keeps the
// holiday calendar.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, TINY_PNG, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const RUTAN = 'Rumah Tahanan Negara Kelas I Makassar';
const REGIONAL = 'kanwil.gorontalo@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);
const CODE = /id="tracking-code">([A-Z0-9]{5}-[A-Z0-9]{5})</;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The form of unit as a person gets it: the page, and its signed token. */
async function formOf(client, unit) {
  const page = await client.get(`/pengaduan?unit=${unit}`);
  return page.text.match(/name="token" value="([^"]+)"/)[1];
}

/** Posts the complaint form as a browser does (multipart, files as [name,
 * bytes, type]), a person's second or more after the form was given out. */
async function file(client, fields, files = [], token = null) {
  const tok = token || await formOf(client, fields.unit);
  await sleep(1100);
  const form = new FormData();
  form.append('csrf', client.csrf);
  form.append('token', tok);
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  for (const [name, bytes, type] of files) form.append('lampiran', new Blob([bytes], { type }), name);
  return client.send('/pengaduan', { method: 'POST', body: form });
}

/** The public tracking page of code as JSON. */
async function track(client, code) {
  await client.get('/pengaduan/lacak');
  return client.send('/pengaduan/lacak', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ csrf: client.csrf, kode: code }).toString(),
  });
}

test('anyone finds the unit and files an anonymous complaint with a photo', async () => {
  loadDemo(holder.server);
  ctx.kanim = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM}'`));
  ctx.rutan = Number(sql(`SELECT id FROM unit WHERE name = '${RUTAN}'`));
  const pub = new Client(holder.server);
  const found = await pub.get('/pengaduan?cari=gorontalo');
  assert.equal(found.status, 200);
  assert.match(found.text, new RegExp(`href="/pengaduan\\?unit=${ctx.kanim}">${KANIM}<`));
  const r = await file(pub, { unit: ctx.kanim, kategori: 'pungli', uraian: 'Petugas loket meminta uang tambahan Rp200.000 agar paspor cepat selesai.', tanggal: '2026-11-30', tempat: 'Loket 3' },
    [['loket.png', TINY_PNG, 'image/png']]);
  assert.equal(r.status, 201, r.text.slice(0, 400));
  const m = r.text.match(CODE);
  assert.ok(m, 'the receipt shows the tracking code');
  ctx.code = m[1];
  const row = sql(`SELECT status, name, contact, hide_identity, source FROM complaint WHERE code = '${ctx.code}'`);
  assert.equal(row, 'new|||0|web');
  assert.equal(sql(`SELECT count(*) FROM complaint_file f JOIN complaint c ON c.id = f.complaint_id WHERE c.code = '${ctx.code}'`), '1');
  ctx.id = Number(sql(`SELECT id FROM complaint WHERE code = '${ctx.code}'`));
  // The triage deadline is three working days after the filing, at the day's end in WITA.
  const due = sql(`SELECT triage_due FROM complaint WHERE id = ${ctx.id}`);
  assert.match(due, /T15:59:59Z$/);
});

test('bad input is refused in Bahasa Indonesia and keeps what was typed', async () => {
  const pub = new Client(holder.server);
  const before = sql('SELECT count(*) FROM complaint');
  const r = await file(pub, { unit: ctx.kanim, kategori: 'bukan-kategori', uraian: 'Antrean tiga jam tanpa nomor.', tanggal: '2099-01-01', nama: 'Budi' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilih kategori pengaduan\./);
  assert.match(r.text, /Tanggal kejadian tidak boleh setelah hari ini\./);
  assert.match(r.text, /Centang persetujuan/);
  assert.match(r.text, /Antrean tiga jam tanpa nomor\./);
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
  const big = await file(pub, { unit: ctx.kanim, kategori: 'waktu', uraian: 'x' },
    [['a.png', TINY_PNG, 'image/png'], ['b.png', TINY_PNG, 'image/png'], ['c.png', TINY_PNG, 'image/png'], ['d.png', TINY_PNG, 'image/png']]);
  assert.ok(big.status === 413 || big.status === 422, `four files: ${big.status}`);
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
});

test('a form token files once, and the guard refuses robots', async () => {
  const pub = new Client(holder.server);
  const before = Number(sql('SELECT count(*) FROM complaint'));
  const token = await formOf(pub, ctx.kanim);
  const fields = { unit: ctx.kanim, kategori: 'waktu', uraian: 'Antrean paspor lebih dari empat jam.' };
  assert.equal((await file(pub, fields, [], token)).status, 201);
  const replay = await file(pub, fields, [], token);
  assert.equal(replay.status, 409);
  assert.match(replay.text, /sudah/);
  assert.match(replay.text, /Antrean paspor lebih dari empat jam\./);
  const robot = await file(pub, { ...fields, situs_web: 'http://spam.example' });
  assert.equal(robot.status, 400);
  await formOf(pub, ctx.kanim);
  const form = new FormData();
  form.append('csrf', pub.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  const noToken = await pub.send('/pengaduan', { method: 'POST', body: form });
  assert.equal(noToken.status, 400);
  assert.equal(Number(sql('SELECT count(*) FROM complaint')), before + 1);
  assert.match((await holder.server.fetch('/metrics').then((r) => r.text())), /form="complaint"/);
});

test('the tracking page shows the status and never the text or the attachments', async () => {
  const pub = new Client(holder.server);
  const t = await track(pub, ctx.code.toLowerCase().replace('-', ' '));
  assert.equal(t.status, 200);
  assert.equal(t.json.complaint.status, 'new');
  const body = JSON.stringify(t.json);
  assert.doesNotMatch(body, /Rp200\.000|loket\.png|Loket 3/);
  assert.equal(t.json.complaint.id, undefined);
  assert.equal((await track(pub, 'AAAAA-AAAAA')).status, 404);
  // Attachments are never public.
  const fid = sql(`SELECT id FROM complaint_file WHERE complaint_id = ${ctx.id}`);
  const anon = await pub.get(`/pengaduan/berkas/${fid}`);
  assert.notEqual(anon.status, 200);
});

test('the regional office triages, the unit answers, the complainant confirms', async () => {
  const unit = await as(OPERATOR);
  let page = await unit.get(`/pengaduan/kelola/${ctx.id}`);
  assert.equal(page.status, 200);
  const refused = await unit.post(`/pengaduan/kelola/${ctx.id}/triase`, { keputusan: 'accept' });
  assert.equal(refused.status, 403);
  const kanwil = await as(REGIONAL);
  page = await kanwil.get(`/pengaduan/kelola/${ctx.id}`);
  assert.match(page.text, /Petugas loket meminta uang tambahan/);
  const fid = sql(`SELECT id FROM complaint_file WHERE complaint_id = ${ctx.id}`);
  const photo = await kanwil.get(`/pengaduan/berkas/${fid}`);
  assert.equal(photo.status, 200);
  assert.equal(photo.headers.get('content-type'), 'image/png');
  const noReason = await kanwil.post(`/pengaduan/kelola/${ctx.id}/triase`, { keputusan: 'refer', tujuan: 'ombudsman' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.text, /Tuliskan alasannya\./);
  const ok = await kanwil.post(`/pengaduan/kelola/${ctx.id}/triase`, { keputusan: 'accept' });
  assert.equal(ok.status, 303);
  assert.equal(sql(`SELECT status FROM complaint WHERE id = ${ctx.id}`), 'in_progress');
  await unit.get(`/pengaduan/kelola/${ctx.id}`);
  assert.equal((await unit.post(`/pengaduan/kelola/${ctx.id}/catatan`, { teks: 'Petugas loket 3 dipanggil untuk klarifikasi.' })).status, 303);
  assert.equal((await unit.post(`/pengaduan/kelola/${ctx.id}/jawab`, { teks: '' })).status, 422);
  assert.equal((await unit.post(`/pengaduan/kelola/${ctx.id}/jawab`, { teks: 'Petugas telah diberi sanksi dan biaya dikembalikan.' })).status, 303);
  const pub = new Client(holder.server);
  const t = await track(pub, ctx.code);
  assert.equal(t.json.complaint.status, 'answered');
  const said = JSON.stringify(t.json);
  assert.match(said, /biaya dikembalikan/);
  assert.doesNotMatch(said, /klarifikasi/, 'internal notes stay internal');
  await pub.get('/pengaduan/lacak');
  const c = await pub.post('/pengaduan/lacak/konfirmasi', { kode: ctx.code });
  assert.equal(c.status, 200);
  assert.equal(sql(`SELECT status FROM complaint WHERE id = ${ctx.id}`), 'closed');
  // Reopened once with a reason, never twice.
  assert.equal((await pub.post('/pengaduan/lacak/buka', { kode: ctx.code, alasan: '' })).status, 422);
  assert.equal((await pub.post('/pengaduan/lacak/buka', { kode: ctx.code, alasan: 'Uang belum dikembalikan.' })).status, 200);
  assert.equal(sql(`SELECT status || reopened FROM complaint WHERE id = ${ctx.id}`), 'in_progress1');
  await unit.get(`/pengaduan/kelola/${ctx.id}`);
  await unit.post(`/pengaduan/kelola/${ctx.id}/jawab`, { teks: 'Uang telah dikembalikan tunai.' });
  const again = await pub.post('/pengaduan/lacak/buka', { kode: ctx.code, alasan: 'Lagi.' });
  assert.equal(again.status, 409);
  assert.match(again.text, /sudah pernah dibuka kembali/);
  const kinds = sql(`SELECT kind FROM complaint_step WHERE complaint_id = ${ctx.id} ORDER BY id`).split('\n');
  assert.deepEqual(kinds, ['filed', 'accepted', 'note', 'answer', 'confirmed', 'reopened', 'answer']);
  const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'complaint' AND object_id = ${ctx.id} ORDER BY seq`).split('\n');
  assert.deepEqual(audit, ['complaint.file', 'complaint.accepted', 'complaint.note', 'complaint.answer',
    'complaint.confirmed', 'complaint.reopened', 'complaint.answer']);
});

test('an answered complaint closes by itself after the configured days', async () => {
  const pub = new Client(holder.server);
  const r = await file(pub, { unit: ctx.kanim, kategori: 'informasi', uraian: 'Papan informasi biaya paspor tidak ada.' });
  const code = r.text.match(CODE)[1];
  const id = Number(sql(`SELECT id FROM complaint WHERE code = '${code}'`));
  const kanwil = await as(REGIONAL);
  await kanwil.get(`/pengaduan/kelola/${id}`);
  await kanwil.post(`/pengaduan/kelola/${id}/triase`, { keputusan: 'accept' });
  const unit = await as(OPERATOR);
  await unit.get(`/pengaduan/kelola/${id}`);
  await unit.post(`/pengaduan/kelola/${id}/jawab`, { teks: 'Papan informasi sudah dipasang di loket.' });
  const t1 = await track(pub, code);
  assert.equal(t1.json.complaint.status, 'answered');
  sql(`UPDATE complaint SET answered_at = '2020-01-01T00:00:00Z' WHERE id = ${id}`);
  const t2 = await track(pub, code);
  assert.equal(t2.json.complaint.status, 'closed');
  assert.equal(sql(`SELECT kind FROM complaint_step WHERE complaint_id = ${id} ORDER BY id DESC LIMIT 1`), 'auto_closed');
  assert.equal(sql(`SELECT actor FROM audit_log WHERE action = 'complaint.auto_closed' AND object_id = ${id}`), 'sistem');
});

test('a confidential identity reaches the regional office and never the unit', async () => {
  const pub = new Client(holder.server);
  const r = await file(pub, { unit: ctx.kanim, kategori: 'diskriminasi', uraian: 'Saya ditolak dilayani karena memakai kursi roda.', nama: 'Siti Rahmawati', kontak: '0812-5555-0101', persetujuan: '1', sembunyikan: '1' });
  assert.equal(r.status, 201);
  const code = r.text.match(CODE)[1];
  const id = Number(sql(`SELECT id FROM complaint WHERE code = '${code}'`));
  const kanwil = await as(REGIONAL);
  assert.match((await kanwil.get(`/pengaduan/kelola/${id}`)).text, /Siti Rahmawati/);
  await kanwil.post(`/pengaduan/kelola/${id}/triase`, { keputusan: 'accept' });
  const unit = await as(OPERATOR);
  for (const path of [`/pengaduan/kelola/${id}`, '/pengaduan/kelola', `/unit/${ctx.kanim}`, '/pengaduan/ekspor']) {
    const p = await unit.get(path);
    assert.equal(p.status, 200, path);
    assert.doesNotMatch(p.text, /Rahmawati|5555-0101/, path);
  }
  const t = await track(pub, code);
  assert.doesNotMatch(JSON.stringify(t.json), /Rahmawati|5555-0101/);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE summary LIKE '%Rahmawati%' OR summary LIKE '%5555-0101%'"), '0');
  assert.doesNotMatch(holder.server.log(), /Rahmawati|5555-0101/);
});

test('an SP4N-LAPOR! import with one bad row imports nothing and names the row', async () => {
  const admin = await as('admin@p2ham.demo');
  const header = 'nomor_tiket,tanggal_laporan,instansi,kategori,status,tanggal_disposisi,tanggal_tindak_lanjut,tanggal_selesai';
  const good = [
    `LAPOR-2023-0001,2023-03-06 09:15,${RUTAN},Pungutan liar atau suap,Diproses,2023-03-07,,`,
    `LAPOR-2023-0002,2023-04-10,${RUTAN},perilaku,Selesai,2023-04-11,2023-04-14,2023-04-20`,
  ];
  const post = async (rows) => {
    await admin.get('/pengaduan/impor');
    const form = new FormData();
    form.append('csrf', admin.csrf);
    form.append('berkas', new Blob([[header, ...rows].join('\n')], { type: 'text/csv' }), 'lapor.csv');
    return admin.send('/pengaduan/impor', { method: 'POST', body: form, headers: { accept: 'application/json' } });
  };
  const before = sql('SELECT count(*) FROM complaint');
  const bad = await post([...good, 'LAPOR-2023-0003,2023-05-02,Kantor Yang Tidak Ada,lainnya,Diproses,,,']);
  assert.equal(bad.status, 422);
  assert.equal(bad.json.report.imported, 0);
  assert.deepEqual(bad.json.report.problems.map((p) => p.row), [4]);
  assert.match(bad.json.report.problems[0].text, /Tidak ada unit dengan nama ini/);
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
  // A time that is no clock time is refused as its date is, not read loosely.
  for (const when of ['2023-05-02 -1:-5', '2023-05-02 09:15xyz', '2023-05-02 9:5', '2023-05-02 24:00']) {
    const r = await post([...good, `LAPOR-2023-0003,${when},${RUTAN},lainnya,Diproses,,,`]);
    assert.equal(r.status, 422, when);
    assert.equal(r.json.report.imported, 0, when);
    assert.deepEqual(r.json.report.problems.map((p) => [p.row, p.column]), [[4, 'tanggal_laporan']], when);
    assert.match(r.json.report.problems[0].text, /Tanggal tidak sah/, when);
  }
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
  const ok = await post(good);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.report.imported, 2);
  assert.equal((await post(good)).status, 422, 'the same tickets twice');
  // The export has the import's shape and carries the tickets.
  const csv = (await admin.get('/pengaduan/ekspor')).text.split('\r\n');
  assert.equal(csv[0], header);
  assert.ok(csv.some((l) => l.startsWith('LAPOR-2023-0001,2023-03-06 09:15,')));
  // Each date lands in its own column: triaged, answered, closed.
  const done = csv.find((l) => l.startsWith('LAPOR-2023-0002,')).split(',');
  assert.deepEqual(done.slice(5).map((d) => d.slice(0, 10)), ['2023-04-11', '2023-04-14', '2023-04-20'],
    done.join(','));
});

test('an unresolved complaint past its deadline is overdue and counts in the adjustment', async () => {
  const admin = await as('admin@p2ham.demo');
  const list = await admin.get('/pengaduan/terlambat');
  assert.equal(list.status, 200);
  assert.match(list.text, /LAPOR-2023-0001/);
  assert.doesNotMatch(list.text, /LAPOR-2023-0002/);
  const unitPage = await admin.json(`/unit/${ctx.rutan}`);
  assert.equal(unitPage.json.complaints_overdue, 1);
  const progress = await admin.json('/progres');
  assert.ok(progress.json.complaints_overdue_units.some((u) => u.unit_id === ctx.rutan && u.n === 1));
  // The regional office of Gorontalo does not see Makassar's.
  assert.doesNotMatch((await (await as(REGIONAL)).get('/pengaduan/terlambat')).text, /LAPOR-2023-0001/);
  const pid = participationOf(holder.server, RUTAN);
  const result = await (await as('penilai@p2ham.demo')).json(`/partisipasi/${pid}/hasil-penilaian`);
  assert.equal(result.status, 200);
  const adj = JSON.stringify(result.json).match(/"kind":"unresolved_complaints"[^\]]*\]/);
  assert.ok(adj, 'the adjustment is listed');
  assert.match(adj[0], /"has_data":true/);
  assert.match(adj[0], /LAPOR-2023-0001/);
  assert.doesNotMatch(adj[0], /LAPOR-2023-0002/);
});

test('a day with a blank or a sign among its digits is no date', async () => {
  const pub = new Client(holder.server);
  const before = sql('SELECT count(*) FROM complaint');
  const r = await file(pub, { unit: ctx.kanim, kategori: 'pungli', uraian: 'Petugas meminta uang tambahan.', tanggal: '2026-11- 3' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tanggal tidak sah: gunakan tahun-bulan-tanggal\./);
  assert.match(r.text, /value="2026-11- 3"/);
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
});

test('the admin keeps the holiday calendar that deadlines skip', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/pengaduan/libur?tahun=2026');
  assert.equal((await admin.post('/pengaduan/libur', { tanggal: '2026-12-25', nama: 'Hari Raya Natal' })).status, 303);
  assert.equal((await admin.post('/pengaduan/libur', { tanggal: '2026-02-30', nama: 'Salah' })).status, 422);
  assert.equal((await admin.post('/pengaduan/libur', { tanggal: '2026-12- 5', nama: 'Salah' })).status, 422);
  assert.match((await admin.get('/pengaduan/libur?tahun=2026')).text, /25 Desember 2026: Hari Raya Natal/);
  const kanwil = await as(REGIONAL);
  assert.notEqual((await kanwil.get('/pengaduan/libur')).status, 200);
});

testCleanStop(holder);
