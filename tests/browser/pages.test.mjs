// Every page behind the demo accounts, in Chromium: signing in through the
// real form, then axe-core (WCAG 2.1 A and AA) on each page in both
// languages, on refused forms too, where error messages are shown.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { binary, startServer } from '../http/lib.mjs';
import { axeViolations as axe, describeViolations as describe, launchBrowser } from './lib.mjs';
const PASSWORD = 'Demo-P2HAM-2025';

let server;
let browser;

before(async () => {
  server = await startServer();
  const r = spawnSync(binary, ['demo', '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : [])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop();
});

/** A browser context signed in as email through the sign-in form. */
async function signedIn(email) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.url + '/masuk');
  await page.getByLabel('Alamat email').fill(email);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Masuk' }).click()]);
  assert.match(page.url(), /\/akun$/, `${email} lands on the account page`);
  return { context, page };
}

async function check(page, url, status = 200) {
  const res = await page.goto(server.url + url);
  assert.equal(res.status(), status, url);
  const v = await axe(page);
  assert.equal(v.length, 0, `axe on ${url}:\n${describe(v)}`);
}

const ADMIN_PAGES = ['/akun', '/pengguna', '/pengguna/baru', '/pengguna/1', '/siklus', '/siklus/2',
  '/siklus/baru', '/aturan', '/aturan/1', '/unit', '/unit/2', '/wilayah', '/organisasi',
  '/transparansi', '/audit', '/progres', '/', '/pemberitahuan', '/akun/pemberitahuan'];

test('the public pages and the sign-in form pass axe, also after a failed sign-in', { timeout: 120000 }, async () => {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    for (const url of ['/masuk', '/masuk?lang=en', '/aturan', '/aturan/2', '/transparansi', '/api']) await check(page, url);
    await page.goto(server.url + '/masuk?lang=id');
    await page.getByLabel('Alamat email').fill('admin@p2ham.demo');
    await page.getByLabel('Kata sandi').fill('bukan-sandinya');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Masuk' }).click()]);
    assert.match(await page.locator('[role=alert]').innerText(), /Email atau kata sandi salah/);
    const v = await axe(page);
    assert.equal(v.length, 0, `axe on the refused sign-in:\n${describe(v)}`);
  } finally {
    await context.close();
  }
});

for (const lang of ['id', 'en']) {
  test(`every admin page passes axe (${lang})`, { timeout: 300000 }, async () => {
    const { context, page } = await signedIn('admin@p2ham.demo');
    try {
      await page.goto(server.url + `/akun?lang=${lang}`);
      for (const url of ADMIN_PAGES) await check(page, url);
    } finally {
      await context.close();
    }
  });
}

test('refused forms show their errors accessibly', { timeout: 120000 }, async () => {
  const { context, page } = await signedIn('admin@p2ham.demo');
  try {
    await page.goto(server.url + '/pengguna/baru');
    await page.getByLabel('Nama lengkap').fill('Ani');
    await page.getByLabel('Email').fill('bukan-email');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan pengguna' }).click()]);
    assert.equal(await page.getByLabel('Nama lengkap').inputValue(), 'Ani', 'what was typed is kept');
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    let v = await axe(page);
    assert.equal(v.length, 0, `axe on the refused user form:\n${describe(v)}`);

    await page.goto(server.url + '/siklus/baru');
    await page.getByLabel('Nama siklus').fill('Uji aksesibilitas');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan siklus' }).click()]);
    assert.match(await page.locator('[role=alert]').innerText(), /Periksa isian yang ditandai/);
    assert.equal(await page.getByLabel('Tahun').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Nama siklus').inputValue(), 'Uji aksesibilitas');
    await page.getByLabel('Tahun').fill('2026');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan siklus' }).click()]);
    assert.match(await page.locator('[role=alert]').innerText(), /paling sedikit satu tahapan/);
    v = await axe(page);
    assert.equal(v.length, 0, `axe on the refused cycle form:\n${describe(v)}`);
  } finally {
    await context.close();
  }
});

test('making and using a password reset link passes axe at every step, in both languages', { timeout: 180000 }, async () => {
  const { context, page } = await signedIn('admin@p2ham.demo');
  const visitor = await browser.newContext({ bypassCSP: true });
  try {
    await page.goto(server.url + '/pengguna?q=pengamat');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Arief Rachman' }).click()]);
    await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: 'Buat tautan atur ulang kata sandi' }).click()]);
    const link = await page.locator('code.reset-link').innerText();
    assert.match(link, /\/sandi\/atur\/[A-Za-z0-9_-]{43}$/);
    let v = await axe(page);
    assert.equal(v.length, 0, `axe on the user page with its new link:\n${describe(v)}`);
    const path = new URL(link).pathname;
    const p = await visitor.newPage();
    for (const lang of ['en', 'id']) await check(p, `${path}?lang=${lang}`);
    await p.getByLabel('Kata sandi baru', { exact: true }).fill('Sandi-Atur-2025!');
    await p.getByLabel('Ulangi kata sandi baru').fill('Sandi-Lain-2025!');
    await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Simpan kata sandi baru' }).click()]);
    assert.match(await p.locator('[role=alert]').innerText(), /belum disimpan/);
    assert.equal(await p.getByLabel('Ulangi kata sandi baru').getAttribute('aria-invalid'), 'true');
    v = await axe(p);
    assert.equal(v.length, 0, `axe on the refused reset form:\n${describe(v)}`);
    await p.getByLabel('Kata sandi baru', { exact: true }).fill('Sandi-Atur-2025!');
    await p.getByLabel('Ulangi kata sandi baru').fill('Sandi-Atur-2025!');
    await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Simpan kata sandi baru' }).click()]);
    assert.match(p.url(), /\/masuk\?ok=sandi$/);
    assert.match(await p.locator('[role=status]').innerText(), /Kata sandi baru sudah disimpan/);
    v = await axe(p);
    assert.equal(v.length, 0, `axe on the sign-in page after a reset:\n${describe(v)}`);
    for (const lang of ['id', 'en']) await check(p, `${path}?lang=${lang}`, 404);
  } finally {
    await visitor.close();
    await context.close();
  }
});

test('an operator\'s pages pass axe and the menu shows only what the role opens', { timeout: 120000 }, async () => {
  const { context, page } = await signedIn('operator.kanim.gorontalo@p2ham.demo');
  try {
    const menu = await page.locator('nav.main a').allInnerTexts();
    assert.ok(!menu.includes('Pengguna') && !menu.includes('Log audit'), menu.join(', '));
    for (const url of ['/akun', '/siklus', '/siklus/2', '/unit', '/', '/pemberitahuan', '/akun/pemberitahuan']) {
      await check(page, url);
    }
    await check(page, '/pengguna', 404);
  } finally {
    await context.close();
  }
});

test('signing out through the header button ends the session', { timeout: 60000 }, async () => {
  const { context, page } = await signedIn('admin@p2ham.demo');
  try {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Keluar' }).click()]);
    const res = await page.goto(server.url + '/akun');
    assert.match(page.url(), /\/masuk\?next=/);
    assert.equal(res.status(), 200);
  } finally {
    await context.close();
  }
});
