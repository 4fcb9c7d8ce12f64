// The registry's pages in Debian's Chromium: axe-core (WCAG 2.1 A and AA)
// finds no violation on the lists, a unit's page, a refused form with its
// errors and an import report, in both languages, signed in as an admin.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { binary, startServer } from '../http/lib.mjs';
import { axeViolations as axe, describeViolations, launchBrowser } from './lib.mjs';
const ADMIN = { email: 'admin@ditjenham.go.id', name: 'Admin Program', password: 'Hak-Asasi-2023!' };

let server;
let browser;
let context;

before(async () => {
  server = await startServer();
  const db = server.db ? ['--db', server.db.url] : [];
  const r = spawnSync(binary, ['user', 'add', '--data-dir', server.dataDir, ...db, '--email', ADMIN.email,
    '--name', ADMIN.name, '--role', 'admin'], { input: ADMIN.password + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  browser = await launchBrowser();
  // The CSP forbids inline script, hence bypassCSP for axe.
  context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/masuk`);
  await page.fill('#f-email', ADMIN.email);
  await page.fill('#f-password', ADMIN.password);
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  // An organization and a unit, through the forms, without JavaScript tricks.
  await page.goto(`${server.url}/organisasi/baru`);
  await page.selectOption('#f-kind', 'ministry');
  await page.fill('#f-name', 'Kementerian Hukum dan Hak Asasi Manusia');
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  await page.goto(`${server.url}/unit/baru`);
  await page.fill('#f-name', 'Kantor Imigrasi Kelas I TPI Gorontalo');
  await page.selectOption('#f-unit_type', 'kanim');
  await page.fill('#f-sector', 'imigrasi');
  await page.selectOption('#f-organization_id', { index: 1 });
  await page.selectOption('#f-province_code', '75');
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  assert.match(page.url(), /\/unit\/\d+$/, 'the unit was created');
  await page.close();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
});

for (const lang of ['id', 'en']) {
  for (const p of ['/unit', '/unit/1', '/unit/baru', '/unit/1/ubah', '/unit/impor', '/organisasi',
    '/organisasi/1', '/wilayah', '/wilayah/75']) {
    test(`axe: no WCAG 2.1 AA violations on ${p} (${lang})`, { timeout: 60000 }, async () => {
      const page = await context.newPage();
      try {
        const res = await page.goto(`${server.url}${p}?lang=${lang}`);
        assert.equal(res.status(), 200);
        const v = await axe(page);
        assert.equal(v.length, 0, `axe violations on ${p}:\n${describeViolations(v)}`);
      } finally {
        await page.close();
      }
    });
  }
}

test('axe: a refused unit form and an import report have no violations', { timeout: 60000 }, async () => {
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/unit/baru?lang=id`);
    await page.fill('#f-name', 'X');
    await page.fill('#f-email', 'bukan-email');
    await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
    assert.ok(await page.locator('[aria-invalid=true]').count() >= 2, 'fields are marked invalid');
    let v = await axe(page);
    assert.equal(v.length, 0, `axe violations on the refused form:\n${describeViolations(v)}`);

    await page.goto(`${server.url}/unit/impor`);
    await page.setInputFiles('#f-berkas', { name: 'unit.csv', mimeType: 'text/csv',
      buffer: Buffer.from('name,unit_type,sector,province_code,organization\nLapas,zzz,hukum,75,1\n') });
    await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
    assert.match(await page.locator('main').innerText(), /Jenis unit tidak dikenal/);
    v = await axe(page);
    assert.equal(v.length, 0, `axe violations on the import report:\n${describeViolations(v)}`);
  } finally {
    await page.close();
  }
});

test('server exits with code 0 on SIGTERM', async () => {
  await context.close();
  const st = await server.stop();
  assert.equal(st.signal, null, server.log());
  assert.equal(st.code, 0, server.log());
});
