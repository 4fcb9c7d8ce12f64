// The satisfaction index in Debian's Chromium, with the demo data and the
// IKM tests' fixture of ten answers: the public page of a unit, with
// JavaScript off at 320 px, shows the index computed by hand, its bars
// and table without sideways scrolling, and its period form leads to
// another period; axe-core (WCAG 2.1 A and AA) finds no violation on the
// public page in both languages, with and without answers, nor on the
// dashboard of the admin and of a regional office.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ikmFixture } from '../http/ikm_fixture.mjs';
import { sqlOk } from '../http/lib.mjs';
import { assertClean, clickThrough, demoStage } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const BAPAS_GTO = 'Balai Pemasyarakatan Kelas II Gorontalo';

let stage;
let server;
let people;
let unit;
const sql = (text) => sqlOk(server, text);

before(async () => {
  stage = await demoStage(PASSWORD, 'p2ham-ikm-');
  ({ server, people } = stage);
  unit = Number(sql(`SELECT id FROM unit WHERE name = '${BAPAS_GTO}'`));
  ikmFixture(sql, unit, '2025-1');
  ikmFixture(sql, unit, '2024-2');
});

after(() => stage?.end());

test('the public IKM page works at 320 px without JavaScript', { timeout: 90000 }, async () => {
  const page = await people.as(null, { js: false });
  await page.setViewportSize({ width: 320, height: 640 });
  const res = await page.goto(`${server.url}/ikm/${unit}`);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('script').count(), 0, 'no script on the page');
  assert.match(await page.locator('main dl.facts').textContent(), /80,56/);
  assert.equal(await page.locator('main svg[role=img] rect[fill="#1f5f8b"]').count(), 9);
  assert.equal(await page.locator('main table tbody tr').count(), 9);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `nothing scrolls sideways: ${wide}px`);

  await page.selectOption('#f-periode', '2024-2');
  await clickThrough(page, page.locator('main form.filter button[type=submit]'));
  assert.match(page.url(), /periode=2024-2/);
  assert.match(await page.locator('main dl.facts').textContent(), /Semester 2 2024/);
});

test('axe finds no violation on the public IKM page, in both languages, with and without answers',
  { timeout: 90000 }, async () => {
    const page = await people.as(null);
    await page.setViewportSize({ width: 320, height: 640 });
    for (const [what, query, text] of [
      ['at 320 px', '', /80,56/],
      ['of another period', '?periode=2024-2', /Semester 2 2024/],
      ['without answers', '?periode=2023-1', /Belum ada jawaban survei/],
      ['in English', '?lang=en', /80\.56/],
    ]) {
      await page.goto(`${server.url}/ikm/${unit}${query}`);
      assert.match(await page.locator('main').textContent(), text, what);
      await assertClean(page, `the public IKM page ${what}`);
    }
  });

test('the IKM dashboard passes axe for the admin and a regional office', { timeout: 90000 }, async () => {
  const admin = await people.as('admin@p2ham.demo');
  await admin.goto(`${server.url}/ikm?periode=2025-1`);
  assert.match(await admin.locator('main').textContent(), /Gorontalo/);
  await clickThrough(admin, admin.locator('main table a', { hasText: 'Gorontalo' }));
  assert.match(admin.url(), /provinsi=75/);
  assert.equal(await admin.locator(`main table a[href^="/ikm/${unit}?"]`).count(), 1);
  await assertClean(admin, 'the admin IKM dashboard of a province');

  const kanwil = await people.as('kanwil.gorontalo@p2ham.demo');
  await kanwil.goto(`${server.url}/ikm`);
  await assertClean(kanwil, 'the regional office IKM dashboard');
});
