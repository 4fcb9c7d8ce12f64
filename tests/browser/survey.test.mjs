// The public survey in Debian's Chromium: a member of the public answers a
// unit's survey on a 320 px wide screen with JavaScript off - every
// question answered by clicking its label, a service chosen, a suggestion
// typed - and the thank-you page follows; the page never scrolls sideways;
// axe-core (WCAG 2.1 A and AA) finds no violation on the form, on the form
// showing what is missing, and on the thank-you page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadDemo, sqlOk, startServer } from '../http/lib.mjs';
import { KANIM, LAPAS } from '../http/survey_fixture.mjs';
import { axeViolations, describeViolations, launchBrowser } from './lib.mjs';

const VIEWPORT = { width: 320, height: 640 };
let server;
let browser;
let unit;
let lapas;

before(async () => {
  server = await startServer();
  loadDemo(server);
  unit = Number(sqlOk(server, `SELECT id FROM unit WHERE name = '${KANIM}'`));
  lapas = Number(sqlOk(server, `SELECT id FROM unit WHERE name = '${LAPAS}'`));
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
});

async function noSidewaysScroll(page) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= VIEWPORT.width, `page is ${w} px wide at ${VIEWPORT.width} px`);
}

test('at 320 px without JavaScript a person answers and sees the thank-you page', { timeout: 120000 }, async () => {
  const context = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/survei/${lapas}`);
    assert.equal(res.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    await noSidewaysScroll(page);
    await page.selectOption('#f-service', { label: 'Kunjungan keluarga' });
    await page.selectOption('#f-gender', 'l');
    const values = [4, 3, 3, 4, 4, 3, 4, 2, 3];
    for (let i = 0; i < 9; i++) await page.click(`label[for="f-u${i + 1}-${values[i]}"]`);
    await page.fill('#f-saran', 'Jam kunjungan mohon ditambah pada akhir pekan.');
    // A person takes longer than the guard's second to get here.
    await page.waitForTimeout(1100);
    await Promise.all([page.waitForURL(`**/survei/${lapas}/terima-kasih`), page.click('button[type="submit"]')]);
    assert.match(await page.textContent('h1'), /Terima kasih/);
    assert.match(await page.textContent('main'), /Lembaga Pemasyarakatan Kelas IIA Gorontalo/);
    await noSidewaysScroll(page);
  } finally {
    await context.close();
  }
  const row = sqlOk(server, `SELECT answers, suggestion FROM survey_answer WHERE unit_id = ${lapas} ORDER BY id DESC LIMIT 1`);
  assert.equal(row, '{"u1":4,"u2":3,"u3":3,"u4":4,"u5":4,"u6":3,"u7":4,"u8":2,"u9":3}|' +
    'Jam kunjungan mohon ditambah pada akhir pekan.');
});

for (const [name, make] of [
  ['the form with the human-rights questions', () => `/survei/${unit}`],
  ['the English form', () => `/survei/${unit}?lang=en`],
  ['the thank-you page', () => `/survei/${unit}/terima-kasih`],
]) {
  test(`axe: no WCAG 2.1 AA violations on ${name}`, { timeout: 60000 }, async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
    try {
      const page = await context.newPage();
      assert.equal((await page.goto(server.url + make())).status(), 200);
      const v = await axeViolations(page);
      assert.equal(v.length, 0, describeViolations(v));
    } finally {
      await context.close();
    }
  });
}

test('axe: no violations on the form showing what is missing, with what was typed kept', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/survei/${unit}`);
    await page.click('label[for="f-u1-4"]');
    await page.fill('#f-saran', 'Loket prioritas sudah ada.');
    await page.waitForTimeout(1100);
    await page.click('button[type="submit"]');
    await page.waitForLoadState();
    assert.match(await page.textContent('[role="alert"]'), /belum lengkap/);
    assert.equal(await page.isChecked('#f-u1-4'), true);
    assert.equal(await page.inputValue('#f-saran'), 'Loket prioritas sudah ada.');
    await noSidewaysScroll(page);
    const v = await axeViolations(page);
    assert.equal(v.length, 0, describeViolations(v));
  } finally {
    await context.close();
  }
});
