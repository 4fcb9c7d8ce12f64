// The Minister's decree in Debian's Chromium with the demo accounts. P2HAM
// 2023: the plenary recommends the probation office of Makassar; the admin
// opens the cycle's decree page, is refused an empty draft (each field
// named, what was typed kept), drafts the decree from the recommendation,
// previews its PDF (marked as a draft), issues it; the decree's PDF and the
// office's certificate are checked with pdftotext and zbarimg, whose QR code
// opens /verifikasi/<serial>, which says genuine. The participation's
// penetapan page offers the certificate; the Gorontalo regional office
// prints its province's certificates. axe-core (WCAG 2.1 A and AA) finds no
// violation on any page state visited.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDemo, participationOf, sqlOk, startServer } from '../http/lib.mjs';
import { launchBrowser } from './lib.mjs';
import { People, assertClean, checkPdf, clickThrough, notice, witaDay } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const ADMIN = 'admin@p2ham.demo';
const KANWIL = 'kanwil.gorontalo@p2ham.demo';
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const KANWIL_GTO = 'Kantor Wilayah Kementerian Hukum dan HAM Gorontalo';
const NUMBER = 'MHA-05.UM.04.01 Tahun 2024';

let server;
let browser;
let tmp;
let people;
const ids = {};

const sql = (text) => sqlOk(server, text);

const pidOf = (unit) => participationOf(server, unit, 2023);

before(async () => {
  server = await startServer();
  loadDemo(server);
  ids.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  ids.bapas = pidOf(BAPAS_MKS);
  ids.kanwil = pidOf(KANWIL_GTO);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-decree-'));
  browser = await launchBrowser();
  people = new People(browser, server, PASSWORD);
});

after(async () => {
  await people?.close();
  await browser?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const as = (email) => people.as(email);

test('the plenary recommends the probation office of Makassar', { timeout: 120000 }, async () => {
  const page = await as(ADMIN);
  await page.goto(`${server.url}/siklus/${ids.cycle}/pleno`);
  await page.fill('#f-tanggal', witaDay(0));
  await page.fill('#f-tempat', 'Ruang Rapat Direktorat Jenderal HAM, Jakarta');
  await page.fill('#f-hadir', 'Sri Wahyuni; Pimpinan Rapat');
  await clickThrough(page, page.getByRole('button', { name: 'Buka rapat' }));
  await page.fill(`#r-${ids.bapas}-r`, 'Memenuhi kriteria pelayanan publik berbasis HAM.');
  await clickThrough(page, page.locator(`section[aria-labelledby=p-${ids.bapas}]`)
    .getByRole('button', { name: 'Rekomendasikan', exact: true }));
  await clickThrough(page, page.getByRole('button', { name: 'Tutup rapat dan terbitkan berita acara' }));
  assert.match((await notice(page)).text, /^Rapat pleno ditutup/);
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${ids.bapas}`),
    'penilaian/recommended');
});

test('the admin drafts the decree, previews and issues it', { timeout: 180000 }, async () => {
  const page = await as(ADMIN);
  await page.goto(`${server.url}/siklus/${ids.cycle}`);
  await clickThrough(page, page.locator('main').getByRole('link', { name: 'Penetapan (Keputusan Menteri)' }));
  assert.match(page.url(), new RegExp(`/siklus/${ids.cycle}/penetapan$`));
  await assertClean(page, 'the decree list');

  // Refused, each field named, what was typed kept.
  await page.fill('#f-tempat', 'Jakarta');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan draf' }));
  assert.equal((await notice(page)).role, 'alert');
  assert.equal((await page.locator('#f-nomor-error').textContent()).trim(), 'Wajib diisi.');
  assert.match(await page.locator('#f-tanggal-error').textContent(), /Tanggal tidak sah/);
  assert.equal(await page.inputValue('#f-tempat'), 'Jakarta');
  await assertClean(page, 'the refused draft');

  await page.fill('#f-nomor', NUMBER);
  await page.fill('#f-tanggal', witaDay(0));
  await page.fill('#f-penandatangan', 'Natalius Pigai');
  await page.fill('#f-jabatan', 'Menteri Hak Asasi Manusia Republik Indonesia');
  await page.fill('#f-pertimbangan', 'bahwa rapat pleno tim penilai telah merekomendasikan unit kerja;');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan draf' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Draf keputusan disimpan.' });
  assert.match(await page.locator('main table').textContent(), new RegExp(BAPAS_MKS));
  await assertClean(page, 'the draft decree');

  const href = await page.getByRole('link', { name: 'Pratinjau PDF keputusan' }).getAttribute('href');
  const res = await page.context().request.get(`${server.url}${href}`);
  assert.equal(res.status(), 200);
  const file = path.join(tmp, 'pratinjau.pdf');
  writeFileSync(file, await res.body());
  const t = spawnSync('pdftotext', ['-enc', 'UTF-8', '-raw', file, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /DRAF — BELUM DITETAPKAN/);
  assert.match(t.stdout.replace(/\s+/g, ' '), new RegExp(NUMBER.replace(/\./g, '\\.')));

  await clickThrough(page, page.getByRole('button', { name: 'Tetapkan', exact: true }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Keputusan ditetapkan dan piagam diterbitkan.' });
  await assertClean(page, 'the issued decree');
  const serials = await page.locator('main code').allTextContents();
  ids.kep = serials.find((s) => s.startsWith('KEP-'));
  ids.pgm = serials.find((s) => s.startsWith('PGM-'));
  assert.ok(ids.kep && ids.pgm, JSON.stringify(serials));
  assert.equal(await page.getByRole('button', { name: 'Tetapkan', exact: true }).count(), 0,
    'an issued decree offers no issue');
});

test('the certificate and the decree are genuine PDFs with their QR code', { timeout: 180000 }, async () => {
  const page = await as(ADMIN);
  const pub = await as(null);
  const clean = (what) => assertClean(pub, what);
  await checkPdf(page, { server, dir: tmp, serial: ids.pgm, unit: BAPAS_MKS, pub, clean,
    extra: ['PIAGAM PENGHARGAAN', 'Unit Kerja P2HAM', NUMBER, '10 Desember 2023'] });
  await checkPdf(page, { server, dir: tmp, serial: ids.kep, unit: null, pub, clean,
    extra: ['KEPUTUSAN MENTERI', NUMBER, 'Natalius Pigai'] });
});

test('the participation\'s penetapan page offers its certificate; the province prints its own', { timeout: 120000 }, async () => {
  const page = await as(ADMIN);
  await page.goto(`${server.url}/partisipasi/${ids.bapas}/hasil-penilaian`);
  await clickThrough(page, page.locator('nav.subnav').getByRole('link', { name: 'Penetapan' }));
  assert.match(await page.locator('main dl[aria-labelledby=award-title]').textContent(), /Memperoleh penghargaan/);
  assert.equal(await page.locator(`main a[href="/dokumen/${ids.pgm}"]`).count(), 1);
  await assertClean(page, 'the penetapan page');

  const kanwil = await as(KANWIL);
  await kanwil.goto(`${server.url}/partisipasi/${ids.kanwil}/penetapan`);
  assert.match(await kanwil.locator('main dl[aria-labelledby=award-title]').textContent(), /MHA-04\.UM\.04\.01 Tahun 2023/);
  await assertClean(kanwil, 'the regional office\'s penetapan page');
  const res = await kanwil.context().request.get(`${server.url}/siklus/${ids.cycle}/piagam?provinsi=75`);
  assert.equal(res.status(), 200);
  const file = path.join(tmp, 'provinsi.pdf');
  writeFileSync(file, await res.body());
  const t = spawnSync('pdftotext', ['-enc', 'UTF-8', '-raw', file, '-'], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout.replace(/\s+/g, ' '), /Kantor Wilayah Kementerian Hukum dan HAM Gorontalo/);
});
