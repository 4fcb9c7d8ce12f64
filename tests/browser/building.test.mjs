// The building and evaluation pages in Debian's Chromium, with the demo
// data: axe-core (WCAG 2.1 A and AA) finds no violation on the unit's
// self-assessment (empty, with answers and evidence, after a refused form),
// the regional office's view with the mentoring form, the evaluator's page
// with its decision form, and the cycle's unit list with its progress column;
// the answer form and the upload form work without JavaScript. The unit head
// sees what is missing beside a submit button that cannot be pressed yet, a
// post refused for the role comes back as the stage page with the reason,
// and a 2022 unit reads as finished, its evaluation page saying the cycle
// does not run that stage.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDemo, sqlOk, startServer } from '../http/lib.mjs';
import { axeViolations as axe, describeViolations, launchBrowser } from './lib.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');

let server;
let browser;
let tmp;
const ids = {};

const sql = (text) => sqlOk(server, text);

before(async () => {
  server = await startServer();
  loadDemo(server);
  const pid = (unit) => Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${unit}' AND c.title = 'P2HAM 2023'`));
  ids.kanim = pid('Kantor Imigrasi Kelas I TPI Gorontalo');
  ids.lapas = pid('Lembaga Pemasyarakatan Kelas IIA Gorontalo');
  ids.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  ids.lapas22 = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo'
    AND c.year = 2022`));
  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-browser-'));
  writeFileSync(path.join(tmp, 'ramp.png'), PNG);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A signed-in context; JavaScript off when js is false. */
async function signedIn(email, { js = true } = {}) {
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: js });
  const page = await context.newPage();
  await page.goto(`${server.url}/masuk`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  return { context, page };
}

async function assertClean(page, what) {
  const v = await axe(page);
  assert.equal(v.length, 0, `axe violations on ${what}:\n${describeViolations(v)}`);
}

test('the unit fills in without JavaScript; every state of the page is axe-clean', { timeout: 180000 }, async () => {
  // axe needs JavaScript: one context without it for the forms, one with it
  // to check the pages.
  const plain = await signedIn('operator.kanim.gorontalo@p2ham.demo', { js: false });
  const checked = await signedIn('operator.kanim.gorontalo@p2ham.demo');
  const url = `${server.url}/partisipasi/${ids.kanim}/pembangunan`;
  try {
    await checked.page.goto(url);
    await assertClean(checked.page, 'the empty self-assessment');
    const page = plain.page;
    await page.goto(url);
    await page.check('#j-ramp-ada');
    await page.fill('#n-ramp', 'Ramp di pintu utama');
    await Promise.all([page.waitForNavigation(),
      page.locator('button[form="jawaban"][value="sarana"]').click()]);
    assert.match(page.url(), /ok=simpan/);
    assert.equal(sql(`SELECT option_code FROM answer WHERE participation_id = ${ids.kanim}`), 'ada');
    await page.setInputFiles('#u-ramp', path.join(tmp, 'ramp.png'));
    await Promise.all([page.waitForNavigation(),
      page.locator('#indikator-ramp form[data-upload] button[type=submit]').click()]);
    assert.match(page.url(), /ok=unggah/);
    assert.equal(sql(`SELECT name FROM file WHERE participation_id = ${ids.kanim} AND purpose = 'evidence'`), 'ramp.png');
    await checked.page.goto(`${url}?ok=unggah`);
    await assertClean(checked.page, 'the self-assessment with an answer and evidence');
    // A note too long: the refused form comes back with its errors.
    await checked.page.fill('#n-help_desk', 'x'.repeat(2001));
    await Promise.all([checked.page.waitForNavigation(),
      checked.page.locator('button[form="jawaban"][value="sarana"]').click()]);
    assert.match(await checked.page.content(), /Terlalu panjang/);
    await assertClean(checked.page, 'the refused answer form');
    await checked.page.goto(`${url}?lang=en`);
    await assertClean(checked.page, 'the self-assessment in English');
    await checked.page.goto(`${server.url}/siklus/${ids.cycle}?lang=id`);
    await assertClean(checked.page, 'the cycle page with its progress column');
  } finally {
    await plain.context.close();
    await checked.context.close();
  }
});

test('the regional office\'s building page and the evaluator\'s page are axe-clean', { timeout: 180000 }, async () => {
  const { context, page } = await signedIn('kanwil.gorontalo@p2ham.demo');
  try {
    await page.goto(`${server.url}/partisipasi/${ids.kanim}/pembangunan`);
    assert.ok(await page.locator('#f-tanggal').count(), 'the mentoring form');
    await assertClean(page, 'the building page with the mentoring form');
    await page.fill('#f-tanggal', '2026-01-10');
    await page.fill('#f-temuan', 'Ramp sudah ada.');
    await page.fill('#f-saran', 'Pasang rambu.');
    await Promise.all([page.waitForNavigation(),
      page.locator('form[action$="/pendampingan"] button[type=submit]').click()]);
    await assertClean(page, 'the building page with a mentoring note');
    await page.goto(`${server.url}/partisipasi/${ids.lapas}/evaluasi`);
    assert.ok(await page.locator('button[name=keputusan]').count(), 'the decision form');
    await assertClean(page, 'the evaluation page with its form');
    await Promise.all([page.waitForNavigation(),
      page.locator('button[name=keputusan][value=tidak]').click()]);
    assert.match(await page.content(), /Tuliskan alasan/);
    await assertClean(page, 'the refused decision');
    await page.fill('#f-alasan-sarana', 'Ruang tunggu kunjungan belum layak.');
    await Promise.all([page.waitForNavigation(),
      page.locator('button[name=keputusan][value=tidak]').click()]);
    assert.match(page.url(), /ok=tidak/);
    await assertClean(page, 'the evaluation page after a failure');
    await page.goto(`${server.url}/partisipasi/${ids.lapas}/evaluasi?lang=en`);
    await assertClean(page, 'the evaluation page in English');
  } finally {
    await context.close();
  }
});

test('the unit head sees what is missing beside a button that waits for it', { timeout: 120000 }, async () => {
  const { context, page } = await signedIn('kepala.kanim.gorontalo@p2ham.demo');
  try {
    await page.goto(`${server.url}/partisipasi/${ids.kanim}/pembangunan`);
    const button = page.getByRole('button', { name: 'Ajukan untuk evaluasi' });
    assert.equal(await button.isDisabled(), true, 'the button cannot be pressed yet');
    assert.equal(await button.getAttribute('aria-describedby'), 'submit-missing');
    const box = page.locator('#submit-missing');
    assert.match(await box.locator('strong').textContent(), /^Belum dapat diajukan: \d+ indikator berikut belum lengkap/);
    const link = box.locator('li a').first();
    const href = await link.getAttribute('href');
    assert.match(href, /^#indikator-/);
    await link.click();
    assert.ok(page.url().endsWith(href), 'the link leads to its indicator');
    assert.ok(await page.locator(href).isVisible(), 'the indicator is on the page');
    await assertClean(page, 'the building page with the submission waiting');
  } finally {
    await context.close();
  }
});

test('a post refused for the role shows the stage page with the reason', { timeout: 120000 }, async () => {
  const { context, page } = await signedIn('operator.kanim.gorontalo@p2ham.demo');
  try {
    await page.goto(`${server.url}/partisipasi/${ids.kanim}/pembangunan`);
    // A page left open from before, its form posted: as a stale tab would.
    const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(() => {
      const f = document.createElement('form');
      f.method = 'post';
      f.action = `${location.pathname}/ajukan`;
      const csrf = document.createElement('input');
      csrf.type = 'hidden';
      csrf.name = 'csrf';
      csrf.value = document.querySelector('input[name=csrf]').value;
      f.append(csrf);
      document.body.append(f);
      f.submit();
    })]);
    assert.equal(response.status(), 403);
    assert.match(await page.getByRole('alert').textContent(),
      /hanya kepala unit ini yang dapat mengajukan hasil pembangunan\./);
    assert.equal(await page.locator('nav.stages [aria-current=page]').textContent(), 'Pembangunan');
    await assertClean(page, 'the building page after a refused post');
  } finally {
    await context.close();
  }
});

test('a 2022 unit is finished, and its cycle runs no evaluation', { timeout: 120000 }, async () => {
  const { context, page } = await signedIn('operator.lapas.gorontalo@p2ham.demo');
  try {
    await page.goto(`${server.url}/partisipasi/${ids.lapas22}`);
    const state = await page.locator('dl.facts dd strong').textContent();
    assert.equal(state, 'Selesai (siklus ini hanya menjalankan pencanangan dan pembangunan)');
    const response = await page.goto(`${server.url}/partisipasi/${ids.lapas22}/evaluasi`);
    assert.equal(response.status(), 404);
    assert.match(await page.getByRole('status').textContent(), /tidak menjalankan tahap Evaluasi/);
    await assertClean(page, 'the page of a stage the cycle does not run');
  } finally {
    await context.close();
  }
});
