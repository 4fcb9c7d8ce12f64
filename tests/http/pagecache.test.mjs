// The public pages that change rarely (home, rulebooks, published results,
// document verification) against a real server with the demo data: an
// anonymous answer carries a strong ETag, the same request with
// If-None-Match is answered 304 without a body, the gzip encoding has an
// ETag of its own; the language and the format are part of what is kept;
// a signed-in person's page (their name in the layout) is never kept nor
// served to anyone else; and after a write that changes what a page shows
// (publishing results, revoking an award, issuing a certificate) the page
// changes at once: a new ETag, new content, the old ETag no longer 304;
// so does a write by a command, another process on the same database: at
// once on SQLite, whose commit is seen before the command returns, and on
// PostgreSQL once its notification has arrived, a moment later.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF, httpRequest, loadDemo, repoRoot, runCommand, seenByServer, sqlOk,
  testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const ctx = {};
const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);

/** An anonymous GET on a fresh connection, without gzip unless asked. */
function get(path, headers = {}) {
  return httpRequest(holder.server.port, { path, headers });
}

/** The ETag of a plain anonymous GET, checked strong and 200. */
async function etagOf(path) {
  const r = await get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  assert.match(r.headers.etag || '', /^"[0-9a-f]{32}"$/, `${path}: a strong ETag`);
  return { etag: r.headers.etag, text: r.text };
}

function postFiles(client, path, fields, files = []) {
  const form = new FormData();
  form.append('csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [field, name, bytes, type] of files) form.append(field, new Blob([bytes], { type }), name);
  return client.send(path, { method: 'POST', body: form });
}

test('setup: the demo, its 2023 cycle and a standing certificate', () => {
  loadDemo(holder.server);
  ctx.cycle = Number(sql(`SELECT id FROM cycle WHERE year = 2023`));
  ctx.rulebook = Number(sql(`SELECT rulebook_id FROM cycle WHERE id = ${ctx.cycle}`));
  const row = sql(`SELECT a.participation_id || '|' || a.certificate_serial FROM award a
    JOIN participation p ON p.id = a.participation_id
    WHERE a.revoked_at IS NULL AND a.certificate_serial IS NOT NULL AND p.cycle_id = ${ctx.cycle}
    ORDER BY a.participation_id LIMIT 1`);
  [ctx.pid, ctx.serial] = row.split('|');
  assert.match(ctx.serial, /^PGM-/);
  ctx.pages = ['/', '/aturan', `/aturan/${ctx.rulebook}`, '/hasil', `/hasil/${ctx.cycle}`,
    `/verifikasi/${ctx.serial}`];
});

test('a repeated request with If-None-Match is answered 304 without a body', async () => {
  for (const p of ctx.pages) {
    const first = await etagOf(p);
    const again = await etagOf(p);
    assert.equal(again.etag, first.etag, `${p}: the same ETag twice`);
    assert.equal(again.text, first.text, `${p}: the same bytes twice`);
    const cond = await get(p, { 'if-none-match': first.etag });
    assert.equal(cond.status, 304, p);
    assert.equal(cond.text, '', `${p}: no body`);
    assert.equal(cond.headers.etag, first.etag);
    const other = await get(p, { 'if-none-match': '"0123456789abcdef0123456789abcdef"' });
    assert.equal(other.status, 200, `${p}: another ETag gets the page`);
    assert.equal(other.text, first.text);
  }
});

test('the gzip encoding has its own ETag and the same page inside', async () => {
  const p = `/aturan/${ctx.rulebook}`;
  const plain = await etagOf(p);
  const res = await holder.server.fetch(p, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.equal(res.headers.get('etag'), plain.etag.replace(/"$/, '-gz"'));
  assert.equal(await res.text(), plain.text);
  const cond = await holder.server.fetch(p, {
    headers: { 'accept-encoding': 'gzip', 'if-none-match': res.headers.get('etag') },
  });
  assert.equal(cond.status, 304);
});

test('the language and the format are part of what is kept', async () => {
  const p = `/aturan/${ctx.rulebook}`;
  const id = await etagOf(p);
  const en = await etagOf(`${p}?lang=en`);
  assert.notEqual(en.etag, id.etag);
  assert.match(en.text, /<html[^>]*lang="en"/);
  const byCookie = await get(p, { cookie: 'lang=en' });
  assert.equal(byCookie.headers.etag, en.etag, 'the cookie gives the English page');
  assert.match(byCookie.text, /<html[^>]*lang="en"/);
  const plain = await get(p);
  assert.match(plain.text, /<html[^>]*lang="id"/, 'and the Indonesian one stays Indonesian');
  const json = await get(p, { accept: 'application/json' });
  assert.equal(json.status, 200);
  assert.match(json.headers['content-type'], /^application\/json/);
  assert.notEqual(json.headers.etag, id.etag);
  assert.equal(JSON.parse(json.text).rulebook.id, ctx.rulebook);
});

test('a signed-in person\'s page is neither kept nor served to anyone else', async () => {
  const admin = await as('admin@p2ham.demo');
  const name = sql(`SELECT full_name FROM users WHERE email = 'admin@p2ham.demo'`);
  for (const p of ctx.pages) {
    const mine = await admin.get(p);
    assert.equal(mine.status, 200, p);
    assert.ok(mine.text.includes(name), `${p}: the layout names the signed-in person`);
    assert.equal(mine.headers.get('etag'), null, `${p}: no ETag for a signed-in page`);
    const anon = await get(p);
    assert.ok(!anon.text.includes(name), `${p}: the public never sees their name`);
    assert.ok(!anon.text.includes('name="csrf"'), `${p}: nor their form token`);
  }
  const home = await admin.get('/');
  assert.ok(home.text.includes(name), 'the home page is the desk, never the public page');
});

test('publishing results changes the results pages at once', async () => {
  const before = await etagOf(`/hasil/${ctx.cycle}`);
  const list = await etagOf('/hasil');
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/hasil`);
  const r = await admin.post(`/siklus/${ctx.cycle}/hasil`, { koreksi: 'Koreksi uji tembolok halaman.' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const cond = await get(`/hasil/${ctx.cycle}`, { 'if-none-match': before.etag });
  assert.equal(cond.status, 200, 'the old ETag no longer matches');
  assert.notEqual(cond.headers.etag, before.etag);
  assert.match(cond.text, /Koreksi uji tembolok halaman\./);
  assert.doesNotMatch(before.text, /Koreksi uji tembolok halaman\./);
  const listAfter = await etagOf('/hasil');
  assert.ok(listAfter.etag === list.etag || listAfter.text !== list.text,
    'the list is the same page or a new one, never an old one under a new tag');
});

test('revoking an award changes its certificate\'s verification page at once', async () => {
  const p = `/verifikasi/${ctx.serial}`;
  const before = await etagOf(p);
  assert.doesNotMatch(before.text, /ditarik/i);
  const results = await etagOf(`/hasil/${ctx.cycle}`);
  const obs = await as('pengamat@p2ham.demo');
  await obs.get(`/partisipasi/${ctx.pid}/pembinaan`);
  const r = await postFiles(obs, `/partisipasi/${ctx.pid}/pembinaan/cabut`,
    { alasan: 'Pungutan liar terbukti (uji tembolok).' },
    [['dokumen', 'laporan.pdf', TINY_PDF, 'application/pdf']]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const after = await get(p, { 'if-none-match': before.etag });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.etag, before.etag);
  assert.match(after.text, /ditarik/i);
  assert.match(after.text, /Pungutan liar terbukti \(uji tembolok\)\./);
  const res = await get(`/hasil/${ctx.cycle}`, { 'if-none-match': results.etag });
  assert.equal(res.status, 200, 'the republished results are a new page');
  assert.notEqual(res.text, results.text);
});

test('issuing a certificate makes its verification page appear at once', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.pid}/pembinaan`);
  const year = ctx.serial.slice(4, 8);
  const next = Number(sql(`SELECT last_seq FROM document_serial
    WHERE kind = 'certificate' AND year = ${year}`)) + 1;
  const coming = `/verifikasi/PGM-${year}-${String(next).padStart(6, '0')}`;
  const none = await get(coming);
  assert.equal(none.status, 404, `${coming} before it is issued`);
  const r = await postFiles(admin, `/partisipasi/${ctx.pid}/pembinaan/pulihkan`,
    { alasan: 'Pemeriksaan ulang: tidak terbukti (uji tembolok).' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const serial = sql(`SELECT certificate_serial FROM award WHERE participation_id = ${ctx.pid}
    AND revoked_at IS NULL`);
  const page = await etagOf(`/verifikasi/${serial}`);
  assert.doesNotMatch(page.text, /ditarik/i);
  assert.ok(page.text.includes(serial));
  const old = await get(`/verifikasi/${ctx.serial}`);
  assert.match(old.text, /ditarik/i, 'the revoked certificate stays withdrawn');
});

test('a rulebook imported by a command, another process, shows on the kept list', async () => {
  const before = await etagOf('/aturan');
  const again = await get('/aturan', { 'if-none-match': before.etag });
  assert.equal(again.status, 304, 'the list is kept');
  const rb = JSON.parse(readFileSync(path.join(repoRoot, 'rulebooks', 'p2ham-2022.json'), 'utf8'));
  rb.version = 77;
  rb.title.id = 'Aturan Uji Tembolok Proses Lain';
  rb.title.en = 'Rulebook of the cache test, another process';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-rb-'));
  const file = path.join(dir, 'rb.json');
  writeFileSync(file, JSON.stringify(rb));
  const db = holder.server.db ? ['--db', holder.server.db.url] : [];
  const r = runCommand(['rulebook', 'import', '--data-dir', holder.server.dataDir, ...db, file]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const after = await seenByServer(() => get('/aturan', { 'if-none-match': before.etag }),
    (a) => a.status !== 304);
  assert.equal(after.status, 200, 'the old ETag no longer matches');
  assert.match(after.text, /Aturan Uji Tembolok Proses Lain/);
});

testCleanStop(holder);
