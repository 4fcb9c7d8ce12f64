// Coordination regions in Debian's Chromium. The demo groups its provinces
// into "Wilayah I" (Gorontalo, South Sulawesi), whose coordinator is the
// demo's, and "Wilayah II". The coordinator finds the two waiting
// declaration requests, one from each province, on their desk, approves
// both through the stage page's form, follows both provinces on /progres
// (the region's table and chart, the region filter) and gets 404 on a
// unit outside the region. The admin keeps the regions without
// JavaScript: creates one (a refused name keeps what was typed), moves a
// province into it and takes it out again. axe-core (WCAG 2.1 A and AA)
// finds no violation on any page visited.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sqlOk } from '../http/lib.mjs';
import { assertClean, clickThrough, demoStage, notice } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const ADMIN = 'admin@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';
const BAPAS_GTO = 'Balai Pemasyarakatan Kelas II Gorontalo';
const LAPAS_MKS = 'Lembaga Pemasyarakatan Kelas I Makassar';
const KANIM_PALU = 'Kantor Imigrasi Kelas I TPI Palu';

let stage;
let server;
let people;
const sql = (text) => sqlOk(server, text);
const participation = (unit) => Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
  JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${unit}' AND c.title = 'P2HAM 2023'`));
const stateOf = (pid) => sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);

before(async () => {
  stage = await demoStage(PASSWORD, 'p2ham-regions-');
  ({ server, people } = stage);
});

after(() => stage?.end());

test('the coordinator of a two-province region approves the requests of both provinces from the desk', { timeout: 120000 }, async () => {
  const page = await people.as(COORDINATOR);
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Permohonan pencanangan' }));
  assert.match(page.url(), /\/permohonan-pencanangan$/);
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 2);
  const text = await page.locator('main table').textContent();
  assert.match(text, /Gorontalo/);
  assert.match(text, /Sulawesi Selatan/);
  assert.equal(await page.locator('main table tbody tr', { hasText: 'Keputusan Anda' }).count(), 2);
  await assertClean(page, 'the coordinator\'s desk');

  for (const unit of [BAPAS_GTO, LAPAS_MKS]) {
    await page.goto(`${server.url}/permohonan-pencanangan`);
    await clickThrough(page, page.getByRole('link', { name: unit }));
    assert.match(await page.locator('main dl.facts', { hasText: 'Diputuskan oleh' }).textContent(),
      /Diputuskan oleh\s*Bambang Sutrisno \(Koordinator Wilayah I\)/);
    await assertClean(page, `the request of ${unit} with who decides it`);
    await page.fill('#f-saksi_ditjen_nama', 'Dr. Hajerati');
    await page.fill('#f-saksi_ditjen_jabatan', 'Direktur Diseminasi dan Penguatan HAM');
    await clickThrough(page, page.getByRole('button', { name: 'Setujui', exact: true }));
    assert.match(page.url(), /selesai=setujui/);
    assert.equal(stateOf(participation(unit)), 'pencanangan/approved', unit);
  }
  await page.goto(`${server.url}/permohonan-pencanangan`);
  assert.match(await page.locator('main').textContent(), /Tidak ada permohonan pencanangan yang menunggu keputusan/);
  await assertClean(page, 'the empty desk');
});

test('the coordinator sees both provinces on /progres, by region, and filters by the region', async () => {
  const page = await people.as(COORDINATOR);
  await page.goto(`${server.url}/progres`);
  const provinces = page.locator('main table', { has: page.locator('caption', { hasText: 'per provinsi' }) })
    .first().locator('tbody th[scope=row]');
  assert.deepEqual((await provinces.allTextContents()).map((s) => s.trim()), ['Sulawesi Selatan', 'Gorontalo']);
  const regionTable = page.locator('main table', { has: page.locator('caption', { hasText: 'per wilayah koordinasi' }) });
  assert.deepEqual((await regionTable.locator('tbody th[scope=row]').allTextContents()).map((s) => s.trim()), ['Wilayah I']);
  assert.equal(await page.locator('svg.chart title', { hasText: 'Partisipasi di Wilayah I' }).count(), 1);
  await assertClean(page, '/progres with the region\'s table and chart');
  await page.selectOption('#f-wilayah', { label: 'Wilayah I' });
  await clickThrough(page, page.locator('form.filter button[type=submit]'));
  assert.match(page.url(), /wilayah=\d+/);
  assert.match(await page.locator('main dl.facts').first().textContent(), /Sulawesi Selatan, Gorontalo/);
  await assertClean(page, '/progres filtered by Wilayah I');
});

test('a unit outside the region is not found', async () => {
  const page = await people.as(COORDINATOR);
  const unit = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM_PALU}'`));
  let res = await page.goto(`${server.url}/unit/${unit}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${server.url}/partisipasi/${participation(KANIM_PALU)}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${server.url}/unit/${Number(sql(`SELECT id FROM unit WHERE name = '${LAPAS_MKS}'`))}`);
  assert.equal(res.status(), 200, 'a unit inside the region');
});

test('the admin keeps regions without JavaScript', { timeout: 120000 }, async () => {
  // The forms are used with JavaScript off; axe runs (it needs script) on
  // the same pages in a second context of the admin's.
  const page = await people.as(ADMIN, { js: false });
  const look = await people.as(ADMIN);
  const cleanAt = async (url, what) => {
    await look.goto(url);
    await assertClean(look, what);
  };
  await page.goto(`${server.url}/wilayah-koordinasi`);
  await cleanAt(page.url(), 'the regions\' list with the creation form');
  await page.fill('#f-name', 'Wilayah II');
  await clickThrough(page, page.getByRole('button', { name: 'Buat wilayah' }));
  assert.match(await page.locator('#f-name-error').textContent(), /sudah dipakai/);
  assert.equal(await page.inputValue('#f-name'), 'Wilayah II');
  await look.goto(`${server.url}/wilayah-koordinasi`);
  await look.fill('#f-name', '');
  await clickThrough(look, look.getByRole('button', { name: 'Buat wilayah' }));
  assert.match(await look.locator('#f-name-error').textContent(), /Isi nama wilayah/);
  await assertClean(look, 'the creation form refused');
  await page.fill('#f-name', 'Wilayah III');
  await clickThrough(page, page.getByRole('button', { name: 'Buat wilayah' }));
  assert.equal((await notice(page)).text, 'Wilayah koordinasi dibuat.');
  await cleanAt(page.url(), 'a new region');
  await page.selectOption('#f-province_code', '91');
  await clickThrough(page, page.getByRole('button', { name: 'Masukkan ke wilayah ini' }));
  assert.equal((await notice(page)).text, 'Provinsi dimasukkan ke wilayah ini.');
  await page.selectOption('#f-province_code', '72');
  await clickThrough(page, page.getByRole('button', { name: 'Masukkan ke wilayah ini' }));
  assert.match(await page.locator('main').textContent(), /72 Sulawesi Tengah/);
  await cleanAt(page.url(), 'a region with provinces and history');
  await clickThrough(page, page.getByRole('button', { name: 'Keluarkan Papua' }));
  assert.equal((await notice(page)).text, 'Provinsi dikeluarkan dari wilayah ini.');
  const history = await page.locator('main table').last().textContent();
  assert.match(history, /91 Papua/);
  assert.equal(sql("SELECT count(*) FROM coord_region_member m JOIN coord_region r ON r.id = m.region_id"
    + " WHERE r.name = 'Wilayah II' AND m.province_code = 72 AND m.left_at IS NOT NULL"), '1');
  await page.goto(`${server.url}/wilayah-koordinasi`);
  assert.match(await page.locator('main table').textContent(), /Wilayah III/);
  await cleanAt(page.url(), 'the regions\' list');
});
