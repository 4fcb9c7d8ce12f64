// Pickers in Debian's Chromium, with 1,000 organizations and more than a
// hundred units: with JavaScript off, a person finds an organization by part
// of its name (Enter in the search field, then the search and page buttons),
// keeps what they typed, and creates the unit; axe-core (WCAG 2.1 A and AA)
// finds no violation on the forms whose pickers have become searches, in
// both languages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { signIn } from '../http/client.mjs';
import { DEMO_PASSWORD, loadDemo, sqlOk, startServer } from '../http/lib.mjs';
import { axeViolations as axe, describeViolations, launchBrowser } from './lib.mjs';

const ADMIN = 'admin@p2ham.demo';
const MINISTRY = 'Kementerian Hukum dan Hak Asasi Manusia';
const NOW = '2025-01-01T00:00:00Z';

let server;
let browser;
let cycle;		// P2HAM 2023, with the 120 units enrolled
const contexts = [];

before(async () => {
  server = await startServer();
  loadDemo(server);
  sqlOk(server, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
    INSERT INTO organization (kind, name, province_code, active, created_at, updated_at)
    SELECT 'regency_gov', 'Dinas Pelayanan Uji ' || (10000 + i), 75, 1, '${NOW}', '${NOW}' FROM n`);
  sqlOk(server, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO unit (name, unit_type, sector, province_code, organization_id, active, created_at, updated_at)
    SELECT 'Kantor Uji Pilihan ' || (1000 + i), 'kanim', 'imigrasi', 75,
      (SELECT id FROM organization WHERE name = '${MINISTRY}'), 1, '${NOW}', '${NOW}' FROM n`);
  const admin = await signIn(server, ADMIN, DEMO_PASSWORD);
  cycle = (await admin.json('/siklus')).json.cycles.find((x) => x.title === 'P2HAM 2023').id;
  await admin.get(`/siklus/${cycle}`);
  const r = await admin.post(`/siklus/${cycle}/peserta`, { provinsi: '75', jenis: 'kanim' });
  assert.equal(r.status, 303, 'the units are enrolled');
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
});

/** A page signed in as the admin; JavaScript off unless js (axe needs it). */
async function signedIn({ js }) {
  // bypassCSP: the page's CSP forbids the inline script axe runs.
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: js });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/masuk`);
  await page.fill('#f-email', ADMIN);
  await page.fill('#f-password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  assert.doesNotMatch(page.url(), /\/masuk/, 'signed in');
  return page;
}

/** Does what leads to another page and waits for it. */
async function through(page, action) {
  await Promise.all([page.waitForNavigation(), action()]);
}

/** The labels of the radio buttons of the picker whose legend is legend. */
async function choiceLabels(page, legend) {
  return page.locator('fieldset.picker', { has: page.locator('legend', { hasText: legend }) })
    .locator('ul.picker-choices label').allTextContents();
}

test('without JavaScript, a unit is created with an organization found by a search', { timeout: 120000 },
  async () => {
    const page = await signedIn({ js: false });
    const res = await page.goto(`${server.url}/unit/baru`);
    assert.equal(res.status(), 200);
    const size = Buffer.byteLength(await page.content());
    assert.ok(size < 60 * 1024, `the form weighs ${size} bytes`);
    await page.fill('#f-name', 'Kantor Imigrasi Uji Peramban');
    await page.selectOption('#f-unit_type', 'kanim');
    await page.fill('#f-sector', 'imigrasi');
    await page.selectOption('#f-province_code', '75');

    // Enter in the search field searches; what was typed stays.
    await page.fill('#f-cari_organization_id', 'pelayanan uji 104');
    await through(page, () => page.press('#f-cari_organization_id', 'Enter'));
    let labels = await choiceLabels(page, 'Organisasi');
    assert.equal(labels.length, 50);
    assert.equal(labels[0], 'Dinas Pelayanan Uji 10400');
    assert.equal(await page.inputValue('#f-name'), 'Kantor Imigrasi Uji Peramban');
    assert.equal(await page.inputValue('#f-unit_type'), 'kanim');
    assert.equal(await page.inputValue('#f-cari_organization_id'), 'pelayanan uji 104');

    // The next page, then back.
    await through(page, () => page.getByRole('button', { name: 'Berikutnya — Organisasi' }).click());
    labels = await choiceLabels(page, 'Organisasi');
    assert.equal(labels[0], 'Dinas Pelayanan Uji 10450', 'the second page of 10400-10499');
    assert.match(await page.locator('#f-organization_id-range').textContent(), /51–100/);
    await through(page, () => page.getByRole('button', { name: 'Sebelumnya — Organisasi' }).click());
    assert.equal((await choiceLabels(page, 'Organisasi'))[0], 'Dinas Pelayanan Uji 10400');

    // The search button, a choice, another search: the choice stays.
    await page.fill('#f-cari_organization_id', 'hak asasi');
    await through(page, () => page.getByRole('button', { name: 'Cari — Organisasi' }).click());
    await page.getByLabel(MINISTRY).check();
    await page.fill('#f-cari_organization_id', 'Uji 1077');
    await through(page, () => page.getByRole('button', { name: 'Cari — Organisasi' }).click());
    assert.equal(await page.getByLabel(MINISTRY).isChecked(), true, 'the choice survives a search');

    await through(page, () => page.getByRole('button', { name: 'Simpan', exact: true }).click());
    assert.match(page.url(), /\/unit\/\d+$/, 'the unit was created');
    assert.match(await page.locator('main').innerText(), new RegExp(MINISTRY));
  });

test('without JavaScript, Enter in a plain field saves the form rather than searching', { timeout: 120000 },
  async () => {
    const page = await signedIn({ js: false });
    await page.goto(`${server.url}/unit/baru`);
    await page.fill('#f-name', 'X');
    await through(page, () => page.press('#f-name', 'Enter'));
    assert.ok(await page.locator('[aria-invalid=true]').count() >= 1, 'the form was judged, not searched');
  });

const PAGES = ['/unit/baru', '/unit', '/pengguna/baru', '/pengguna/1?scope_kind=unit', '/siklus/{cycle}',
  '/siklus/{cycle}/pencanangan-bersama'];

for (const lang of ['id', 'en']) {
  for (const template of PAGES) {
    test(`axe: no WCAG 2.1 AA violations on ${template} with many choices (${lang})`, { timeout: 60000 }, async () => {
      const p = template.replace('{cycle}', cycle);
      const page = await signedIn({ js: true });
      const res = await page.goto(`${server.url}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
      assert.equal(res.status(), 200);
      assert.ok(await page.locator('fieldset.picker').count() >= 1, 'a picker is a search');
      const v = await axe(page);
      assert.equal(v.length, 0, `axe violations on ${p}:\n${describeViolations(v)}`);
    });
  }
}

test('axe: no violations on search results with an error next to the picker', { timeout: 60000 }, async () => {
  const page = await signedIn({ js: true });
  await page.goto(`${server.url}/unit/baru`);
  await page.fill('#f-cari_organization_id', 'tidak ada yang begini');
  await through(page, () => page.getByRole('button', { name: 'Cari — Organisasi' }).click());
  assert.match(await page.locator('#f-organization_id-range').textContent(), /Tidak ada yang cocok/);
  let v = await axe(page);
  assert.equal(v.length, 0, `axe violations on an empty search:\n${describeViolations(v)}`);
  await through(page, () => page.getByRole('button', { name: 'Simpan', exact: true }).click());
  assert.ok(await page.locator('#f-organization_id-error').count() === 1, 'the missing choice is named');
  v = await axe(page);
  assert.equal(v.length, 0, `axe violations on the refused form:\n${describeViolations(v)}`);
});

test('server exits with code 0 on SIGTERM', async () => {
  for (const c of contexts.splice(0)) await c.close();
  const st = await server.stop();
  assert.equal(st.signal, null, server.log());
  assert.equal(st.code, 0, server.log());
});
