// Accessibility and progressive enhancement in Debian's Chromium: axe-core
// (WCAG 2.1 A and AA) finds no violation on the home page in either language,
// the page works without JavaScript, and the language switch works.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startServer } from '../http/lib.mjs';
import { axeViolations as axeOnPage, describeViolations, launchBrowser } from './lib.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  // Playwright gives every launch a fresh, empty profile directory.
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
});

/** Runs axe in the page; the CSP forbids inline script, hence bypassCSP. */
async function axeViolations(url, expectStatus) {
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    const res = await page.goto(url);
    assert.equal(res.status(), expectStatus, url);
    return await axeOnPage(page);
  } finally {
    await context.close();
  }
}

const AXE_PAGES = [
  ['Indonesian home', '/', 200],
  ['English home', '/?lang=en', 200],
  ['404', '/halaman/tidak/ada', 404],
];

for (const [name, pathAndQuery, status] of AXE_PAGES) {
  test(`axe: no WCAG 2.1 AA violations on the ${name} page`, { timeout: 60000 }, async () => {
    const url = server.url + pathAndQuery;
    const violations = await axeViolations(url, status);
    assert.equal(violations.length, 0, `axe violations on ${url}:\n${describeViolations(violations)}`);
  });
}
test('the page loads its stylesheet and no resource is blocked by the CSP', { timeout: 60000 }, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    await page.goto(server.url + '/', { waitUntil: 'load' });
    const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).length);
    assert.ok(sheets >= 1, 'a linked stylesheet is applied');
    assert.deepEqual(problems, [], problems.join('\n'));
  } finally {
    await context.close();
  }
});

test('the page works without JavaScript', { timeout: 60000 }, async () => {
  const withJs = await browser.newContext();
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  try {
    const a = await withJs.newPage();
    const b = await noJs.newPage();
    await a.goto(server.url + '/');
    const res = await b.goto(server.url + '/');
    assert.equal(res.status(), 200);
    const h1 = (await a.locator('h1').first().innerText()).trim();
    const h1NoJs = (await b.locator('h1').first().innerText()).trim();
    assert.ok(h1.length > 0, 'the page has a heading');
    assert.equal(h1NoJs, h1, 'the same heading without JavaScript');
    assert.ok(await b.locator('main#main').isVisible(), 'main content visible without JavaScript');

    // Without JavaScript the language switch still works: it is a plain link.
    await b.locator('a[href*="lang=en"]').first().click();
    await b.waitForLoadState('load');
    assert.equal(await b.locator('html').getAttribute('lang'), 'en');
  } finally {
    await withJs.close();
    await noJs.close();
  }
});

test('the language switch goes to English and the choice sticks', { timeout: 60000 }, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url + '/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
    const h1Id = (await page.locator('h1').first().innerText()).trim();
    await Promise.all([
      page.waitForNavigation(),
      page.locator('a[href*="lang=en"]').first().click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const h1En = (await page.locator('h1').first().innerText()).trim();
    assert.notEqual(h1En, h1Id, 'the heading is translated');
    assert.match(await page.locator('main').innerText(), /Declaration/i);

    // The cookie keeps English on the next plain visit.
    await page.goto(server.url + '/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    // And the switch leads back to Indonesian.
    await Promise.all([
      page.waitForNavigation(),
      page.locator('a[href*="lang=id"]').first().click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  } finally {
    await context.close();
  }
});

test('the skip link is the first focusable element and leads to main', { timeout: 60000 }, async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    assert.equal(href, '#main', 'first Tab lands on the skip link');
    await page.keyboard.press('Enter');
    // Following the link is a same-document navigation that lands after
    // the key press returns: wait for it, bounded, then check where it went.
    await page.waitForFunction(() => location.hash === '#main', null, { timeout: 10000 }).catch(() => {});
    assert.match(page.url(), /#main$/);
  } finally {
    await context.close();
  }
});

test('server exits with code 0 on SIGTERM', async () => {
  const st = await server.stop();
  assert.equal(st.signal, null, server.log());
  assert.equal(st.code, 0, server.log());
});
