// Published results in Debian's Chromium, with the demo data (its 2023
// decree awards two regional offices, and its results stand at version 2:
// version 1, then one office's award revoked)
// and a later decree of the cycle (written into its tables as the decree's
// issue leaves them) awarding the probation office of Makassar and not its
// detention centre. The admin's correction without its note is refused on
// the page, then published as the next version with the later units; the public,
// with JavaScript off, finds it on /hasil, filters it by predicate, unit
// type and province with the form and opens a unit's computation; at 320 px
// nothing scrolls sideways; a score changed afterwards leaves the published
// page as it was; a further correction is the version after, computed anew,
// and the one before stays readable with a notice; the JSON download verifies with
// openssl against the PEM key the page links. axe-core (WCAG 2.1 A and AA)
// finds no violation on any page state visited, in both languages.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { issueDecree } from '../http/decree_fixture.mjs';
import { participationOf, sqlOk } from '../http/lib.mjs';
import { assertClean, clickThrough, demoStage, notice } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const ADMIN = 'admin@p2ham.demo';
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const RUTAN_MKS = 'Rumah Tahanan Negara Kelas I Makassar';

let stage;
let server;
let people;
let tmp;
const ids = {};
const sql = (text) => sqlOk(server, text);

const participation = (unit) => participationOf(server, unit, 2023);

before(async () => {
  stage = await demoStage(PASSWORD, 'p2ham-results-');
  ({ server, people, tmp } = stage);
  ids.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  ids.bapas = participation(BAPAS_MKS);
  ids.rutan = participation(RUTAN_MKS);
  issueDecree(sql, { cycle: ids.cycle, awarded: [ids.bapas], notAwarded: [ids.rutan],
    number: 'MHA-04.UM.04.01 Tahun 2023 (susulan)', at: '2023-12-05T03:00:00Z' });
  ids.base = Number(sql(`SELECT max(version) FROM result_version WHERE cycle_id = ${ids.cycle}`));
  assert.equal(ids.base, 2, 'the demo published version 1 and, after its revocation, version 2');
  ids.next = ids.base + 1;
});

after(() => stage?.end());

/** The units the page lists in its table, by name. */
function listed(page) {
  return page.$$eval('main table tbody th[scope=row] a', (as) => as.map((a) => a.textContent.trim()));
}

/** The total the page's table gives unit. */
async function totalOf(page, unit) {
  const row = page.locator('main table tbody tr', { has: page.getByRole('link', { name: unit, exact: true }) });
  return (await row.locator('td').nth(2).textContent()).trim();
}

/** axe on what the public page without JavaScript shows (axe itself needs
 * script: the same address in a context with JavaScript on). */
async function cleanAsPublic(page, what, open) {
  const js = await people.as(null);
  await js.goto(page.url());
  if (open) await js.locator('main details summary').first().click();
  await assertClean(js, what);
}

test('the admin\'s correction needs its note, then is the next version with the later decree\'s units', async () => {
  const page = await people.as(ADMIN);
  await page.goto(`${server.url}/siklus/${ids.cycle}`);
  await clickThrough(page, page.getByRole('link', { name: 'Pengumuman hasil' }));
  assert.match(await page.locator('main').textContent(), /sudah diterbitkan:\s*4/);
  assert.equal(await page.locator('main table tbody tr').count(), ids.base, 'the demo\'s versions');
  await assertClean(page, 'the admin\'s results page');
  await page.fill('#f-koreksi', '   ');
  await clickThrough(page, page.getByRole('button', { name: 'Umumkan koreksi' }));
  const refused = await notice(page);
  assert.equal(refused.role, 'alert');
  assert.match(refused.text, /Tuliskan apa yang dikoreksi/);
  assert.equal(await page.locator('#f-koreksi').getAttribute('aria-invalid'), 'true');
  await assertClean(page, 'a correction refused');
  await page.fill('#f-koreksi', 'Unit dari keputusan susulan ditambahkan.');
  await clickThrough(page, page.getByRole('button', { name: 'Umumkan koreksi' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Hasil diumumkan.' });
  assert.equal(await page.locator('main table tbody tr').count(), ids.next);
  await assertClean(page, 'the admin\'s results page with the new version');
});

test('the public finds the results and filters them with JavaScript off', async () => {
  const page = await people.as(null, { js: false });
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Hasil', exact: true }));
  await cleanAsPublic(page, '/hasil');
  await clickThrough(page, page.getByRole('link', { name: 'P2HAM 2023' }));
  assert.equal((await listed(page)).length, 4);
  assert.ok((await listed(page)).includes(BAPAS_MKS) && (await listed(page)).includes(RUTAN_MKS));
  // The cycle's chart, and one for Wilayah I, the coordination region of its units.
  assert.equal(await page.locator('main svg.chart').count(), 2);
  await cleanAsPublic(page, 'a cycle\'s results');
  ids.total = await totalOf(page, BAPAS_MKS);
  assert.match(ids.total, /^\d+,\d\d$/);

  await page.selectOption('#f-predikat', { label: 'Tanpa predikat' });
  await clickThrough(page, page.getByRole('button', { name: 'Tampilkan' }));
  assert.match(page.url(), /predikat=tanpa/);
  assert.deepEqual(await listed(page), [RUTAN_MKS]);
  assert.equal(await page.locator('#f-predikat').inputValue(), 'tanpa', 'the choice is kept');

  await page.selectOption('#f-predikat', '');
  await page.selectOption('#f-jenis', 'bapas');
  await page.selectOption('#f-provinsi', '73');
  await clickThrough(page, page.getByRole('button', { name: 'Tampilkan' }));
  assert.deepEqual(await listed(page), [BAPAS_MKS]);
  assert.match(await page.locator('#shown').textContent(), /Menampilkan 1 dari 4 unit/);
  await page.locator('main details summary').first().click();
  assert.ok(await page.locator('main details ol li').first().isVisible(), 'the computation, in sentences');
  await cleanAsPublic(page, 'a filtered page with a unit\'s computation open', true);
});

test('at 320 px the results page does not scroll sideways, its tables scroll in named regions', async () => {
  const page = await people.as(null);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${server.url}/hasil/${ids.cycle}`);
  for (const d of await page.locator('main details summary').all()) await d.click();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `the page is ${wide} px wide`);
  const loose = await page.$$eval('main table', (ts) => ts.filter((t) => {
    const r = t.closest('.table-scroll[role=region]');
    return !r || !(r.getAttribute('aria-label') || r.getAttribute('aria-labelledby'));
  }).length);
  assert.equal(loose, 0, 'every table in a named scrolling region');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a score changed after publishing leaves the published page as it was', async () => {
  sql(`UPDATE score SET option_code = 'tidak' WHERE participation_id = ${ids.bapas} AND option_code = 'ada'`);
  const page = await people.as(null, { js: false });
  await page.goto(`${server.url}/hasil/${ids.cycle}`);
  assert.equal(await totalOf(page, BAPAS_MKS), ids.total);
});

test('a further correction is the version after, computed anew, and the one before stays readable', async () => {
  const page = await people.as(ADMIN);
  await page.goto(`${server.url}/siklus/${ids.cycle}/hasil`);
  await page.fill('#f-koreksi', 'Nilai Bapas Makassar dikoreksi setelah keberatan.');
  await clickThrough(page, page.getByRole('button', { name: 'Umumkan koreksi' }));
  assert.equal((await notice(page)).text, 'Hasil diumumkan.');
  assert.equal(await page.locator('main table tbody tr').count(), ids.next + 1);

  const pub = await people.as(null, { js: false });
  await pub.goto(`${server.url}/hasil/${ids.cycle}`);
  assert.notEqual(await totalOf(pub, BAPAS_MKS), ids.total, 'the correction is computed anew');
  assert.match(await pub.locator('main').textContent(), /Nilai Bapas Makassar dikoreksi setelah keberatan\./);
  await clickThrough(pub, pub.getByRole('link', { name: `Versi ${ids.next}`, exact: true }));
  assert.match(await pub.locator('main .notice').textContent(), /sudah dikoreksi oleh versi yang lebih baru/);
  assert.equal(await totalOf(pub, BAPAS_MKS), ids.total);
  await cleanAsPublic(pub, 'an earlier version with its notice');
  await pub.goto(`${server.url}/hasil/${ids.cycle}/versi/${ids.next}?lang=en`);
  assert.match(await pub.locator('main .notice').textContent(), /corrected by a newer one/);
  await cleanAsPublic(pub, 'an earlier version in English');
});

test('the JSON download verifies with openssl against the key the page links', async () => {
  const page = await people.as(null, { js: false });
  await page.goto(`${server.url}/hasil/${ids.cycle}/versi/${ids.next}?lang=id`);
  const href = async (name) => page.getByRole('link', { name, exact: true }).first().getAttribute('href');
  const get = async (url) => Buffer.from(await (await page.request.get(`${server.url}${url}`)).body());
  const json = await href('Unduh JSON');
  const files = {
    json: await get(json), sig: await get(`${json}.sig`), key: await get(await href('Unduh kunci publik (PEM)')),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(tmp, name), bytes);
  const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(tmp, 'key'), '-rawin',
    '-in', path.join(tmp, 'json'), '-sigfile', path.join(tmp, 'sig')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(files.json.toString('utf8')).version, ids.next);
});
