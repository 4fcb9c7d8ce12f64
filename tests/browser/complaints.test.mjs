// Public complaints in Debian's Chromium, one browser context per person,
// the confidential complaint filed without JavaScript. An anonymous complaint with a photo is
// filed at /pengaduan (the unit found by searching its region) and its
// tracking code read from the receipt; the regional office accepts it, the
// unit's operator answers, and the complainant confirms it on the tracking
// page. A confidential complaint's identity shows to the regional office
// and never on the unit's pages, its export or the public tracking page.
// That complaint goes overdue (its deadline moved into the past) and shows
// on the regional office's overdue list and the unit's page; an
// SP4N-LAPOR! import with one bad row imports nothing and names the row,
// and its good rows put an unresolved complaint on Makassar's detention
// centre, which the assessor sees in the unresolved_complaints adjustment.
// axe-core (WCAG 2.1 A and AA) finds no violation on any page visited.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { TINY_PNG, sqlOk } from '../http/lib.mjs';
import { assertClean, clickThrough, demoStage, notice } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const ADMIN = 'admin@p2ham.demo';
const KANWIL = 'kanwil.gorontalo@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const ASSESSOR = 'penilai@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const RUTAN = 'Rumah Tahanan Negara Kelas I Makassar';

let stage;
let server;
let people;
let tmp;
const ids = {};
const files = {};
const sql = (text) => sqlOk(server, text);
const clean = (what, page) => assertClean(page, what);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  stage = await demoStage(PASSWORD, 'p2ham-complaints-');
  ({ server, people, tmp } = stage);
  ids.kanim = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM}'`));
  ids.rutan = Number(sql(`SELECT id FROM unit WHERE name = '${RUTAN}'`));
  files.photo = path.join(tmp, 'loket.png');
  writeFileSync(files.photo, TINY_PNG);
});

after(() => stage?.end());

/** The public finds the immigration office of Gorontalo and opens its form. */
async function openForm(page) {
  await page.goto(`${server.url}/pengaduan`);
  await page.fill('#f-cari', 'gorontalo');
  await clickThrough(page, page.getByRole('button', { name: 'Cari unit' }));
  await clickThrough(page, page.getByRole('link', { name: KANIM }));
}

/** Sends the form a person's moment after it was given out; returns the code. */
async function send(page) {
  await sleep(1100);
  await clickThrough(page, page.getByRole('button', { name: 'Kirim pengaduan' }));
  const code = (await page.locator('#tracking-code').textContent()).trim();
  assert.match(code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  return code;
}

/** The public tracking page of code. */
async function track(page, code) {
  await page.goto(`${server.url}/pengaduan/lacak`);
  await page.fill('#f-kode', code);
  await clickThrough(page, page.getByRole('button', { name: 'Lacak', exact: true }));
}

test('an anonymous complaint with a photo, triaged, answered and confirmed', async () => {
  const pub = await people.as(null);
  await page0(pub);
  await openForm(pub);
  await clean('the complaint form', pub);
  // A refused form keeps what was typed.
  await pub.fill('#f-uraian', 'Petugas loket meminta uang tambahan Rp200.000.');
  await sleep(1100);
  await clickThrough(pub, pub.getByRole('button', { name: 'Kirim pengaduan' }));
  assert.match((await notice(pub)).text, /Pilih kategori pengaduan/);
  assert.equal(await pub.inputValue('#f-uraian'), 'Petugas loket meminta uang tambahan Rp200.000.');
  await clean('the refused complaint form', pub);
  await pub.selectOption('#f-kategori', 'pungli');
  await pub.fill('#f-tempat', 'Loket 3');
  await pub.setInputFiles('#f-lampiran', files.photo);
  ids.code = await send(pub);
  await clean('the receipt', pub);
  ids.first = Number(sql(`SELECT id FROM complaint WHERE code = '${ids.code}'`));
  assert.equal(sql(`SELECT count(*) FROM complaint_file WHERE complaint_id = ${ids.first}`), '1');
  await track(pub, ids.code);
  assert.match(await pub.locator('main').textContent(), /Baru, menunggu penelaahan/);
  await clean('the tracking page', pub);

  const kanwil = await people.as(KANWIL);
  await kanwil.goto(`${server.url}/pengaduan/kelola`);
  await clean('the complaints list', kanwil);
  await clickThrough(kanwil, kanwil.getByRole('link', { name: ids.code }));
  assert.equal(await kanwil.locator('main a[href^="/pengaduan/berkas/"]').count(), 1);
  await clean('a new complaint for the regional office', kanwil);
  await kanwil.check('#k-accept');
  await clickThrough(kanwil, kanwil.getByRole('button', { name: 'Simpan penelaahan' }));
  assert.match((await notice(kanwil)).text, /Penelaahan dicatat/);

  const op = await people.as(OPERATOR);
  await op.goto(`${server.url}/pengaduan/kelola/${ids.first}`);
  await op.fill('#f-catatan', 'Petugas loket 3 dipanggil untuk klarifikasi.');
  await clickThrough(op, op.getByRole('button', { name: 'Simpan catatan' }));
  await op.fill('#f-jawaban', 'Petugas telah diberi sanksi dan uang dikembalikan.');
  await clickThrough(op, op.getByRole('button', { name: 'Kirim jawaban' }));
  assert.match((await notice(op)).text, /Jawaban dikirim/);
  await clean('the answered complaint for the unit', op);

  await track(pub, ids.code);
  const text = await pub.locator('main').textContent();
  assert.match(text, /uang dikembalikan/);
  assert.doesNotMatch(text, /klarifikasi|Loket 3|Rp200\.000/);
  await clickThrough(pub, pub.getByRole('button', { name: 'Nyatakan selesai' }));
  assert.match((await notice(pub)).text, /dinyatakan selesai/);
  assert.match(await pub.locator('main').textContent(), /Status: Selesai/);
  await clean('the confirmed complaint', pub);
  assert.equal(sql(`SELECT status FROM complaint WHERE id = ${ids.first}`), 'closed');
});

/** The home page leads to the complaint form. */
async function page0(pub) {
  await pub.goto(`${server.url}/`);
  await clickThrough(pub, pub.getByRole('link', { name: 'Sampaikan pengaduan tentang layanan unit' }));
  assert.match(pub.url(), /\/pengaduan$/);
}

test('a confidential complaint never shows its identity to the unit or the public', async () => {
  const pub = await people.as(null, { js: false });
  await openForm(pub);
  await pub.selectOption('#f-kategori', 'diskriminasi');
  await pub.fill('#f-uraian', 'Saya ditolak dilayani karena memakai kursi roda.');
  await pub.fill('#f-nama', 'Siti Rahmawati');
  await pub.fill('#f-kontak', '0812-5555-0101');
  await pub.check('#f-persetujuan');
  await pub.check('#f-sembunyikan');
  ids.secret = await send(pub);
  ids.second = Number(sql(`SELECT id FROM complaint WHERE code = '${ids.secret}'`));
  await track(pub, ids.secret);
  assert.doesNotMatch(await pub.content(), /Rahmawati|5555-0101/);

  const kanwil = await people.as(KANWIL);
  await kanwil.goto(`${server.url}/pengaduan/kelola/${ids.second}`);
  assert.match(await kanwil.locator('#identity').textContent(), /Siti Rahmawati/);
  await clean('a confidential complaint for the regional office', kanwil);
  await kanwil.check('#k-accept');
  await clickThrough(kanwil, kanwil.getByRole('button', { name: 'Simpan penelaahan' }));

  const op = await people.as(OPERATOR);
  for (const where of [`/pengaduan/kelola/${ids.second}`, '/pengaduan/kelola', `/unit/${ids.kanim}`]) {
    await op.goto(`${server.url}${where}`);
    assert.doesNotMatch(await op.content(), /Rahmawati|5555-0101/, where);
  }
  await op.goto(`${server.url}/pengaduan/kelola/${ids.second}`);
  assert.equal(await op.locator('#identity-hidden').count(), 1);
  await clean('a confidential complaint for the unit', op);
  const csv = await op.evaluate(async () => (await fetch('/pengaduan/ekspor')).text());
  assert.match(csv, new RegExp(ids.secret));
  assert.doesNotMatch(csv, /Rahmawati|5555-0101/);
});

test('a complaint past its deadline is overdue for the regional office and the unit', async () => {
  sql(`UPDATE complaint SET answer_due = '2026-01-05T15:59:59Z', due_at = '2026-01-05T15:59:59Z'
    WHERE id = ${ids.second}`);
  const kanwil = await people.as(KANWIL);
  await kanwil.goto(`${server.url}/pengaduan/terlambat`);
  assert.equal(await kanwil.getByRole('link', { name: ids.secret }).count(), 1);
  await clean('the overdue complaints', kanwil);
  await kanwil.goto(`${server.url}/unit/${ids.kanim}`);
  assert.match(await kanwil.locator('#complaints-overdue-count').textContent(), /Pengaduan terlambat: 1/);
  await kanwil.goto(`${server.url}/progres`);
  assert.match(await kanwil.locator('main').textContent(), /Pengaduan terlambat per unit/);
  await clean('the progress page with overdue complaints', kanwil);
});

test('an SP4N-LAPOR! import with one bad row imports nothing; its complaints count in the adjustment', async () => {
  const header = 'nomor_tiket,tanggal_laporan,instansi,kategori,status,tanggal_disposisi,tanggal_tindak_lanjut,tanggal_selesai';
  const good = [`LAPOR-2023-0101,2023-03-06 09:15,${RUTAN},Pungutan liar atau suap,Diproses,2023-03-07,,`,
    `LAPOR-2023-0102,2023-04-10,${RUTAN},perilaku,Selesai,2023-04-11,2023-04-14,2023-04-20`];
  files.bad = path.join(tmp, 'lapor-salah.csv');
  writeFileSync(files.bad, [header, ...good, 'LAPOR-2023-0103,2023-13-40,' + RUTAN + ',lainnya,Diproses,,,'].join('\n'));
  files.good = path.join(tmp, 'lapor.csv');
  writeFileSync(files.good, [header, ...good].join('\n'));
  const admin = await people.as(ADMIN);
  const before = sql('SELECT count(*) FROM complaint');
  await admin.goto(`${server.url}/pengaduan/impor`);
  await clean('the import page', admin);
  await admin.setInputFiles('#f-berkas', files.bad);
  await clickThrough(admin, admin.getByRole('button', { name: 'Impor', exact: true }));
  assert.match((await notice(admin)).text, /Tidak ada pengaduan yang diimpor/);
  const rows = await admin.locator('main table tbody tr').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /^4/);
  assert.match(rows[0], /Tanggal tidak sah/);
  await clean('the refused import', admin);
  assert.equal(sql('SELECT count(*) FROM complaint'), before);
  await admin.setInputFiles('#f-berkas', files.good);
  await clickThrough(admin, admin.getByRole('button', { name: 'Impor', exact: true }));
  assert.match((await notice(admin)).text, /2 pengaduan berhasil diimpor/);
  await admin.goto(`${server.url}/pengaduan/terlambat`);
  assert.match(await admin.locator('main').textContent(), /LAPOR-2023-0101/);

  const pid = Number(sql(`SELECT p.id FROM participation p JOIN cycle c ON c.id = p.cycle_id
    WHERE p.unit_id = ${ids.rutan} AND c.year = 2023`));
  const assessor = await people.as(ASSESSOR);
  await assessor.goto(`${server.url}/partisipasi/${pid}/hasil-penilaian`);
  const list = await assessor.locator('#unresolved-complaints').textContent();
  assert.match(list, /LAPOR-2023-0101/);
  assert.doesNotMatch(list, /LAPOR-2023-0102/);
  await clean('the assessment result with unresolved complaints', assessor);
});

test('the admin keeps the holiday calendar', async () => {
  const admin = await people.as(ADMIN);
  await admin.goto(`${server.url}/pengaduan/libur?tahun=2027`);
  await admin.fill('#f-tanggal', '2027-01-01');
  await admin.fill('#f-nama', 'Tahun Baru Masehi');
  await clickThrough(admin, admin.getByRole('button', { name: 'Simpan', exact: true }));
  assert.match(await admin.locator('main').textContent(), /1 Januari 2027: Tahun Baru Masehi/);
  await clean('the holiday calendar', admin);
});
