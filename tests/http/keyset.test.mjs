// Lists paged by key against a real server: 130 units imported beside the
// demo's; the unit list's next links carry the last row shown (setelah=),
// its previous links the first (sebelum=); walking forward then back
// visits every unit once in name order and returns to the same pages;
// the filters stay on the links; an old ?halaman= link still gives the
// numbered page. A regional office (one province) and a bureau (one
// organization), whose lists are read through their place's index, page
// through exactly their units in the same order.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, runCommand, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const N = 130;

function hrefOf(link) {
  return link.replace(/&amp;/g, '&');
}

test('130 units are imported beside the demo', () => {
  loadDemo(holder.server);
  const org = sqlOk(holder.server, "SELECT id FROM organization WHERE kind = 'ministry' ORDER BY id LIMIT 1");
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-keyset-'));
  try {
    const rows = Array.from({ length: N }, (_, i) =>
      `Kantor Uji Halaman ${String(i + 1).padStart(3, '0')},kanim,imigrasi,75,${org}`);
    const file = path.join(dir, 'units.csv');
    writeFileSync(file, `name,unit_type,sector,province_code,organization\n${rows.join('\n')}\n`);
    const s = holder.server;
    const r = runCommand(['import', 'units', '--data-dir', s.dataDir, ...(s.db ? ['--db', s.db.url] : []), file]);
    assert.equal(r.status, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the unit list pages forward and back by key, every unit once, filters kept', async () => {
  const admin = await signIn(holder.server, 'admin@p2ham.demo', DEMO_PASSWORD);
  const q = 'uji halaman';
  let r = await admin.json(`/unit?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.total, N);
  assert.equal(r.json.total_over, false, 'an exact count below the cap');
  assert.equal(r.json.has_prev, false);
  const pages = [r.json];
  while (pages.at(-1).has_next) {
    const next = hrefOf(pages.at(-1).next_href);
    assert.match(next, /^\/unit\?q=uji%20halaman&setelah=\d+$/);
    r = await admin.json(next);
    assert.equal(r.status, 200);
    assert.equal(r.json.has_prev, true);
    pages.push(r.json);
  }
  const names = pages.flatMap((p) => p.units.map((u) => u.name));
  assert.deepEqual(names, Array.from({ length: N }, (_, i) => `Kantor Uji Halaman ${String(i + 1).padStart(3, '0')}`));
  assert.equal(pages.length, Math.ceil(N / pages[0].units.length));

  // Back from the last page: the same pages in turn, the first without a previous.
  let at = pages.at(-1);
  for (let i = pages.length - 2; i >= 0; i--) {
    const prev = hrefOf(at.prev_href);
    assert.match(prev, /^\/unit\?q=uji%20halaman&sebelum=\d+$/);
    r = await admin.json(prev);
    assert.deepEqual(r.json.units.map((u) => u.id), pages[i].units.map((u) => u.id), `page ${i + 1}`);
    assert.equal(r.json.has_next, true);
    at = r.json;
  }
  assert.equal(at.has_prev, false, 'the first page has no previous page');

  // The page's HTML links carry the key.
  const html = await admin.get(`/unit?q=${encodeURIComponent(q)}`);
  assert.match(html.text, /<a href="\/unit\?q=uji%20halaman&amp;setelah=\d+">/);

  // An old numbered link gives the numbered page.
  r = await admin.json(`/unit?q=${encodeURIComponent(q)}&halaman=2`);
  assert.deepEqual(r.json.units.map((u) => u.id), pages[1].units.map((u) => u.id));
});

/** Every page of /unit for client, forward by key, then back: the names
 * in order, after checking the way back gives the same pages. */
async function walk(client) {
  let r = await client.json('/unit');
  assert.equal(r.status, 200);
  const pages = [r.json];
  while (pages.at(-1).has_next) {
    r = await client.json(hrefOf(pages.at(-1).next_href));
    assert.equal(r.status, 200);
    pages.push(r.json);
  }
  let at = pages.at(-1);
  for (let i = pages.length - 2; i >= 0; i--) {
    r = await client.json(hrefOf(at.prev_href));
    assert.deepEqual(r.json.units.map((u) => u.id), pages[i].units.map((u) => u.id), `page ${i + 1} again`);
    at = r.json;
  }
  if (pages.length > 1) {
    r = await client.json('/unit?halaman=2');
    assert.deepEqual(r.json.units.map((u) => u.id), pages[1].units.map((u) => u.id), 'page 2 by number');
  }
  return { total: pages[0].total, ids: pages.flatMap((p) => p.units.map((u) => Number(u.id))) };
}

test('an office of one province or one organization pages through exactly its units', async () => {
  for (const [email, where] of [
    ['kanwil.gorontalo@p2ham.demo', 'province_code = 75'],
    ['biro.hukum.jabar@p2ham.demo', "organization_id = (SELECT g.scope_id FROM role_grant g JOIN users u"
      + " ON u.id = g.user_id WHERE u.email = 'biro.hukum.jabar@p2ham.demo' AND g.scope_kind = 'organization')"],
  ]) {
    const expected = sqlOk(holder.server, `SELECT id FROM unit WHERE ${where} ORDER BY name, id`)
      .split('\n').filter((x) => x !== '').map(Number);
    assert.ok(expected.length > 0, `${email} sees some units`);
    const got = await walk(await signIn(holder.server, email, DEMO_PASSWORD));
    assert.equal(got.total, expected.length, `${email}: the count`);
    assert.deepEqual(got.ids, expected, `${email}: every unit once, in name order`);
  }
});

testCleanStop(holder);
