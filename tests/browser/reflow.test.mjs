// Reflow and keyboard use on a small phone, in Debian's Chromium, with the
// demo accounts (WCAG 2.1 SC 1.4.10, 2.1.1, 2.4.1, 2.4.7):
//
//   For every demo role and the public, the pages reachable by following
//   same-origin links from the home page and the desk, at 320 x 640 CSS px
//   with JavaScript on and off: no page scrolls sideways as a whole; a table
//   that needs more room scrolls inside a focusable, named region; axe-core
//   (WCAG 2.1 A and AA) finds no violation at that width.
//
//   The declaration-to-evaluation path with the keyboard alone (Tab,
//   Shift+Tab, Enter, Space, typing): the skip link is the first Tab stop,
//   and every element that takes focus shows it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadDemo, sqlOk, startServer } from '../http/lib.mjs';
import { axeViolations as axe, describeViolations, launchBrowser } from './lib.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const VIEWPORT = { width: 320, height: 640 };
// Bounds of the crawl: pages per person, and pages per address pattern
// (/unit/1 and /unit/2 are the same page with other data).
const MAX_PAGES = 60;
const PER_PATTERN = 2;

const ROLES = [
  ['public', null],
  ['admin', 'admin@p2ham.demo'],
  ['coordinator', 'koordinator@p2ham.demo'],
  ['regional office', 'kanwil.gorontalo@p2ham.demo'],
  ['operator', 'operator.kanim.gorontalo@p2ham.demo'],
  ['unit head', 'kepala.kanim.gorontalo@p2ham.demo'],
  ['verifier', 'verifikator@p2ham.demo'],
  ['assessor', 'penilai@p2ham.demo'],
  ['observer', 'pengamat@p2ham.demo'],
];

// Addresses the crawl does not follow: signing out, files and documents.
const SKIP = [/^\/keluar/, /^\/berkas/, /^\/dokumen/, /\.(pdf|csv|xlsx|json|png|jpe?g|svg|zip|pem|sig)(\?|$)/i,
  /[?&](format|unduh|ekspor|export)=/i, /\/(ekspor|export|unduh)(\/|$|\?)/i, /[?&]lang=/];

let server;
let browser;
// Address patterns already checked with axe, over all people.
const axed = new Set();

const sql = (text) => sqlOk(server, text);

before(async () => {
  server = await startServer();
  loadDemo(server);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
});

/** A context at phone size, signed in through the form when email is set. */
async function phone(email, js) {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, javaScriptEnabled: js });
  const page = await context.newPage();
  if (email) {
    await page.goto(`${server.url}/masuk`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
    assert.doesNotMatch(page.url(), /\/masuk/, `${email} signed in`);
  }
  return { context, page };
}

/** The address pattern of a path and query: numbers and values left out. */
function pattern(u) {
  const keys = [...u.searchParams.keys()].sort().join('&');
  return u.pathname.replace(/\/\d+/g, '/N') + (keys ? `?${keys}` : '');
}

/**
 * What is wrong with the page's layout at its width: the page scrolls
 * sideways, or a box scrolls sideways without being a focusable, named
 * region (a table's region) or without wrapping its table.
 */
function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const vw = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw > vw + 1) {
      // Name the widest offenders, to say what to fix.
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > vw + 1)
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= vw + 1)
        .slice(0, 4)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''}` +
          ` (right ${Math.round(el.getBoundingClientRect().right)})`);
      out.push(`the page is ${sw} px wide: ${wide.join(', ')}`);
    }
    for (const el of document.querySelectorAll('main *')) {
      const style = getComputedStyle(el);
      if (!/(auto|scroll)/.test(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
      const what = el.querySelector('table') ? 'table region' : `${el.tagName.toLowerCase()} region`;
      const label = el.getAttribute('aria-labelledby');
      const named = (label && label.split(/\s+/).every((id) => {
        const t = document.getElementById(id);
        return t && t.textContent.trim() !== '';
      })) || (el.getAttribute('aria-label') || '').trim() !== '';
      if (el.getAttribute('role') !== 'region') out.push(`${what} scrolls without role=region`);
      if (!named) out.push(`${what} scrolls without a name`);
      if (el.getAttribute('tabindex') !== '0') out.push(`${what} scrolls without tabindex=0`);
    }
    return out;
  });
}

/** Same-origin links to pages the crawl may follow, as URLs. */
async function links(page) {
  // A link marked download (a signed checkpoint, say) gives a file, not a page.
  const hrefs = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.href));
  const out = [];
  for (const h of hrefs) {
    const u = new URL(h);
    u.hash = '';
    if (u.origin !== server.url) continue;
    const rel = u.pathname + u.search;
    if (SKIP.some((re) => re.test(rel))) continue;
    out.push(u);
  }
  return out;
}

/**
 * Follows links breadth first from the home page and the landing page,
 * checking every page with JavaScript on; returns the problems as lines
 * naming page and width, and the addresses visited.
 */
async function crawl(email) {
  const { context, page } = await phone(email, true);
  const problems = [];
  const seen = new Set();
  const visited = [];
  const perPattern = new Map();
  const queue = [new URL('/', server.url), ...(email ? [new URL(page.url())] : [])];
  try {
    while (queue.length && visited.length < MAX_PAGES) {
      const u = queue.shift();
      const key = u.pathname + u.search;
      const pat = pattern(u);
      if (seen.has(key) || (perPattern.get(pat) || 0) >= PER_PATTERN) continue;
      seen.add(key);
      perPattern.set(pat, (perPattern.get(pat) || 0) + 1);
      const res = await page.goto(u.href);
      visited.push(key);
      if (!res || res.status() >= 500) {
        problems.push(`${key}: status ${res && res.status()}`);
        continue;
      }
      const landed = new URL(page.url());
      for (const p of await layoutProblems(page)) problems.push(`${key} at ${VIEWPORT.width} px: ${p}`);
      if (!axed.has(pattern(landed))) {
        axed.add(pattern(landed));
        const v = await axe(page);
        if (v.length) problems.push(`${key} at ${VIEWPORT.width} px: axe\n${describeViolations(v)}`);
      }
      for (const next of await links(page)) queue.push(next);
    }
  } finally {
    await context.close();
  }
  return { problems, visited };
}

/** One address of each pattern visited, again with JavaScript off. */
async function recheckWithoutJs(email, visited) {
  const { context, page } = await phone(email, false);
  const problems = [];
  const patterns = new Set();
  try {
    for (const key of visited) {
      const pat = pattern(new URL(key, server.url));
      if (patterns.has(pat)) continue;
      patterns.add(pat);
      const res = await page.goto(server.url + key);
      if (!res || res.status() >= 500) {
        problems.push(`${key}: status ${res && res.status()}`);
        continue;
      }
      for (const p of await layoutProblems(page)) problems.push(`${key} at ${VIEWPORT.width} px: ${p}`);
    }
  } finally {
    await context.close();
  }
  return problems;
}

for (const [who, email] of ROLES) {
  test(`${who}: no page scrolls sideways at 320 px, tables scroll in named regions`, { timeout: 240000 }, async () => {
    const { problems, visited } = await crawl(email);
    if (process.env.REFLOW_LOG) console.error(`${who}: ${visited.join(' ')}`);
    assert.ok(visited.length >= 5, `${who} reached ${visited.length} pages`);
    const all = [...problems.map((p) => `js: ${p}`),
      ...(await recheckWithoutJs(email, visited)).map((p) => `no js: ${p}`)];
    assert.deepEqual(all, [], `${who}:\n${all.join('\n')}`);
  });
}

// --- The path with the keyboard alone ------------------------------------------

const RUTAN = 'Rumah Tahanan Negara Kelas IIB Limboto';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const people = new Map();

/** The signed-in phone-size page of a person, kept for the path. */
async function person(email) {
  if (!people.has(email)) {
    const p = await phone(email, true);
    // A listener from the start: the file dialog a key opens is caught.
    p.page.on('filechooser', () => {});
    people.set(email, p);
  }
  return people.get(email).page;
}

/** Today (plus days) in WITA, the demo units' time zone, as YYYY-MM-DD. */
function witaDay(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/** What has focus, and whether it shows: a computed outline. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const s = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
      text: (el.textContent || '').trim().slice(0, 60),
      shows: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
      desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.value || '').trim().slice(0, 40)}"`,
    };
  });
}

/** One Tab (Shift+Tab when back); the element it reaches shows its focus. */
async function tab(page, back = false) {
  await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  const f = await focused(page);
  assert.ok(!f.none, `${back ? 'Shift+Tab' : 'Tab'} reached an element on ${page.url()}`);
  assert.ok(f.shows, `focus is visible on ${f.desc} at ${page.url()}`);
  return f;
}

/**
 * A freshly loaded page: the first Tab stop is the skip link, Enter on it
 * moves on to the main content.
 */
async function skipToMain(page) {
  const f = await tab(page);
  assert.equal(f.href, '#main', `the first Tab stop on ${page.url()} is the skip link, not ${f.desc}`);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'the skip link moves focus to main');
}

/** Tabs on until the focused element matches selector (and text). */
async function tabTo(page, selector, text = null, max = 400) {
  for (let i = 0; i < max; i++) {
    const f = await tab(page);
    const hit = await page.evaluate(([sel, t]) => {
      const el = document.activeElement;
      return el.matches(sel) && (t === null || el.textContent.trim() === t);
    }, [selector, text]);
    if (hit) return f;
  }
  assert.fail(`${selector}${text ? ` "${text}"` : ''} not reached with Tab on ${page.url()}`);
}

/** Enter on the focused control, waiting for the page it leads to. */
async function enterThrough(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** Types a YYYY-MM-DD date into the focused date field, as en-US shows it. */
async function typeDate(page, ymd) {
  const [y, m, d] = ymd.split('-');
  await page.keyboard.type(`${m}${d}${y}`);
}

/** Opens the focused file field with Space and picks the file. */
async function chooseFile(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), page.keyboard.press('Space')]);
  await chooser.setFiles(file);
}

async function openPage(page, url) {
  const res = await page.goto(server.url + url);
  assert.equal(res.status(), 200, url);
  await skipToMain(page);
}

test('the declaration-to-evaluation path works with the keyboard alone, focus always visible', { timeout: 300000 }, async () => {
  const pid = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${RUTAN}' AND c.title = 'P2HAM 2023'`));
  const state = () => sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
  assert.equal(state(), 'pencanangan/draft');
  const stage = `/partisipasi/${pid}`;
  try {
    // The operator requests the declaration.
    let page = await person('operator.rutan.limboto@p2ham.demo');
    await openPage(page, `${stage}/pencanangan`);
    await tabTo(page, '#f-tanggal');
    await typeDate(page, witaDay(7));
    assert.equal(await page.inputValue('#f-tanggal'), witaDay(7));
    await tab(page);
    await tab(page, true);
    assert.equal((await focused(page)).id, 'f-tanggal', 'Shift+Tab goes back');
    await tabTo(page, '#f-moda');
    await page.keyboard.type('Luring');
    assert.equal(await page.inputValue('#f-moda'), 'luring');
    await tabTo(page, '#f-tempat');
    await page.keyboard.type('Aula Rumah Tahanan Negara Kelas IIB Limboto');
    await tabTo(page, '#f-saksi_rencana');
    await page.keyboard.type('Perwakilan Direktorat Jenderal HAM');
    await tabTo(page, 'button[type=submit]', 'Ajukan permohonan');
    await enterThrough(page);
    assert.equal(state(), 'pencanangan/requested');

    // The coordinator approves.
    page = await person('koordinator@p2ham.demo');
    await openPage(page, `${stage}/pencanangan`);
    await tabTo(page, '#f-saksi_ditjen_nama');
    await page.keyboard.type('Dr. Hajerati');
    await tabTo(page, '#f-saksi_ditjen_jabatan');
    await page.keyboard.type('Direktur Diseminasi dan Penguatan HAM');
    await tabTo(page, 'button[type=submit]', 'Setujui');
    await enterThrough(page);
    assert.equal(state(), 'pencanangan/approved');

    // The operator records the event and uploads the statement and a photo.
    page = await person('operator.rutan.limboto@p2ham.demo');
    await openPage(page, `${stage}/pencanangan`);
    await tabTo(page, '#f-tanggal_pelaksanaan');
    await typeDate(page, witaDay(0));
    await tabTo(page, '#f-moda_pelaksanaan');
    await page.keyboard.type('Luring');
    await tabTo(page, '#f-jumlah_hadir');
    await page.keyboard.type('45');
    for (const [n, name, role, org, kind] of [
      [1, 'Dr. Hajerati', 'Direktur Diseminasi dan Penguatan HAM', 'Direktorat Jenderal HAM', 'ditjen_ham'],
      [2, 'Nelson Pomalingo', 'Bupati Gorontalo', 'Pemerintah Kabupaten Gorontalo', 'forkopimda']]) {
      await tabTo(page, `#f-saksi_nama_${n}`);
      await page.keyboard.type(name);
      await tabTo(page, `#f-saksi_jabatan_${n}`);
      await page.keyboard.type(role);
      await tabTo(page, `#f-saksi_instansi_${n}`);
      await page.keyboard.type(org);
      await tabTo(page, `#f-saksi_jenis_${n}`);
      // Arrow keys through the choices until the wanted one is chosen.
      for (let i = 0; i < 10 && await page.inputValue(`#f-saksi_jenis_${n}`) !== kind; i++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.equal(await page.inputValue(`#f-saksi_jenis_${n}`), kind);
    }
    await tabTo(page, 'button[type=submit]', 'Simpan catatan pelaksanaan');
    await enterThrough(page);
    assert.match(page.url(), /selesai=catat/);
    // The statement in force: recording the event issued it again, naming the witnesses.
    const serial = sql(`SELECT serial FROM document WHERE participation_id = ${pid} AND withdrawn_at IS NULL`);
    const statement = await page.context().request.get(`${server.url}/dokumen/${serial}`);
    assert.equal(statement.status(), 200);
    await skipToMain(page);
    await tabTo(page, '#f-pernyataan');
    await chooseFile(page, { name: `${serial}.pdf`, mimeType: 'application/pdf', buffer: await statement.body() });
    await tabTo(page, '#f-foto');
    await chooseFile(page, { name: 'foto-pencanangan.png', mimeType: 'image/png', buffer: PNG });
    await tabTo(page, 'form[data-upload] button[type=submit]');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.match(page.url(), /selesai=unggah/);

    // The regional office confirms.
    page = await person('kanwil.gorontalo@p2ham.demo');
    await openPage(page, `${stage}/pencanangan`);
    await tabTo(page, 'button[type=submit]', 'Konfirmasi pencanangan');
    await enterThrough(page);
    assert.equal(state(), 'pembangunan/building');

    // Every indicator but the first is answered and has evidence already
    // (set up with the mouse: not what this test is about) ...
    page = await person('operator.rutan.limboto@p2ham.demo');
    await page.goto(`${server.url}${stage}/pembangunan`);
    const radios = await page.$$eval('input[type=radio][form=jawaban]', (rs) => {
      const seen = new Map();
      for (const r of rs) if (!seen.has(r.name)) seen.set(r.name, r.id);
      return [...seen.values()];
    });
    const codes = await page.$$eval('form[data-upload] input[name=indikator]', (is) => is.map((i) => i.value));
    for (const id of radios.slice(1)) await page.check(`#${id}`);
    await Promise.all([page.waitForNavigation(), page.locator('button[form="jawaban"]').first().click()]);
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
    for (const code of codes.slice(1)) {
      // A kept-alive connection the server has just closed is tried again.
      let res = null;
      for (let i = 0; i < 3 && !res; i++) {
        res = await page.context().request.post(`${server.url}${stage}/pembangunan/berkas`, {
          multipart: { csrf, indikator: code, berkas: { name: 'data-dukung.pdf', mimeType: 'application/pdf', buffer: PDF } },
        }).catch((err) => (i === 2 ? Promise.reject(err) : null));
      }
      assert.ok(res.ok(), `evidence of ${code}: ${res.status()}`);
    }

    // ... the first one with the keyboard: its first answer, saved, and a file.
    await openPage(page, `${stage}/pembangunan`);
    await tabTo(page, `#${radios[0]}`);
    await page.keyboard.press('Space');
    assert.ok(await page.isChecked(`#${radios[0]}`), 'Space chooses the answer');
    await tabTo(page, 'button[form="jawaban"]');
    await enterThrough(page);
    assert.equal(Number(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${pid}`)), radios.length);
    // The saved page comes back at the criterion: Tab goes on from there.
    assert.match(page.url(), /#kriteria-/);
    await tabTo(page, `#u-${codes[0]}`);
    await chooseFile(page, { name: 'data-dukung.pdf', mimeType: 'application/pdf', buffer: PDF });
    await tabTo(page, `#indikator-${codes[0]} form[data-upload] button[type=submit]`);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.match(page.url(), /ok=unggah/);

    // The unit head submits, the regional office passes.
    page = await person('kepala.rutan.limboto@p2ham.demo');
    await openPage(page, `${stage}/pembangunan`);
    await tabTo(page, 'button[type=submit]', 'Ajukan untuk evaluasi', 1000);
    await enterThrough(page);
    assert.equal(state(), 'evaluasi/awaiting_evaluation');

    page = await person('kanwil.gorontalo@p2ham.demo');
    await openPage(page, `${stage}/evaluasi`);
    await tabTo(page, 'button[name=keputusan]', 'Lulus evaluasi', 1000);
    await enterThrough(page);
    assert.equal(state(), 'penilaian/evidence_open');
    const v = await axe(page);
    assert.equal(v.length, 0, `axe after the pass:\n${describeViolations(v)}`);
  } finally {
    for (const { context } of people.values()) await context.close().catch(() => {});
  }
});

// --- Text spacing and forced colours --------------------------------------------

const STYLE_PAGES = ['/akun', '/pengguna', '/pengguna/3', '/unit', '/unit/baru', '/siklus/2', '/progres',
  '/audit', '/aturan/2', '/transparansi'];

// WCAG 2.1 SC 1.4.12: what a reader's own style sheet may set.
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

/** Controls on the page whose text is cut off, or that have no border. */
function controlProblems(page, { borders }) {
  return page.evaluate((wantBorders) => {
    const out = [];
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.querySelectorAll('button, a.button')) {
      if (!visible(el)) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        out.push(`"${el.textContent.trim()}" is cut off`);
      }
    }
    if (wantBorders) {
      const fields = 'button:not(.link), a.button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])';
      for (const el of document.querySelectorAll(fields)) {
        if (!visible(el)) continue;
        const s = getComputedStyle(el);
        if (s.borderTopStyle === 'none' || parseFloat(s.borderTopWidth) === 0) {
          out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${el.textContent.trim().slice(0, 30)}" has no border`);
        }
      }
    }
    return out;
  }, borders);
}

test('with a reader\'s text spacing and in forced colours every control stays whole and visible', { timeout: 120000 }, async () => {
  const { context, page } = await phone('admin@p2ham.demo', true);
  const problems = [];
  try {
    for (const url of STYLE_PAGES) {
      await page.emulateMedia({ forcedColors: 'none' });
      await page.goto(server.url + url);
      await page.addStyleTag({ content: TEXT_SPACING });
      for (const p of await layoutProblems(page)) problems.push(`${url} with text spacing: ${p}`);
      for (const p of await controlProblems(page, { borders: false })) problems.push(`${url} with text spacing: ${p}`);

      await page.emulateMedia({ forcedColors: 'active' });
      await page.goto(server.url + url);
      for (const p of await controlProblems(page, { borders: true })) problems.push(`${url} in forced colours: ${p}`);
      const f = await tab(page);
      assert.equal(f.href, '#main', `the skip link first on ${url}`);
      if (url === '/progres') {
        const adjust = await page.$eval('svg.chart', (el) => getComputedStyle(el).forcedColorAdjust);
        assert.equal(adjust, 'none', 'the chart keeps its colours and patterns');
      }
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
