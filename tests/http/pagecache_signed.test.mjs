// Signed-in pages kept per session at the data's version (web/pagecache.h,
// web/sesscache.h): a kept page answers the same bytes with a strong ETag
// and 304 to If-None-Match, only to the session it was made for; it is
// never answered once the session ends (signing out, an admin disabling
// the account, a new password), once the data changes (a write by another
// user shows on the next view, a grant removed refuses the page), or once
// the session expires or sits idle, although it is kept; its form token
// still posts; a page with a one-time notice is not kept. On PostgreSQL a
// second server sharing the database stops answering a session ended
// through the first.
//
// The server runs with --session-idle 1 (a minute), so that the idle
// limit can be seen within a test.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, pgBaseUrl, sqlOk, startServer, testCleanStop, useServer } from './lib.mjs';

const holder = useServer({ args: ['--session-idle', '1'] });
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const ctx = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sql = (text) => sqlOk(holder.server, text);
const as = (email, server = holder.server) => signIn(server, email, DEMO_PASSWORD);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A GET of path by client c with If-None-Match etag. */
const cond = (c, path, etag) => c.get(path, { 'if-none-match': etag });

/** The page at path for c, checked kept: 200 with a strong ETag, then 304 to it. */
async function kept(c, path) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  assert.match(r.headers.get('etag') || '', /^"[0-9a-f]{32}(-gz)?"$/, `${path}: a strong ETag`);
  assert.match(r.headers.get('cache-control') || '', /private/, `${path}: private`);
  const again = await cond(c, path, r.headers.get('etag'));
  assert.equal(again.status, 304, `${path} is kept`);
  return { etag: r.headers.get('etag'), text: r.text };
}

/**
 * Some audited write by nobody involved, which moves the data's version:
 * the sign-out of an administrator signed in here beforehand, so that the
 * write itself hashes no password and takes little of a timed window.
 */
async function writeReady(server = holder.server) {
  const c = await as('admin@p2ham.demo', server);
  await c.get('/akun'); // a page with the form token
  return async () => assert.equal((await c.post('/keluar')).status, 303, 'the sign-out');
}

/** Wait until ms after the Unix epoch in milliseconds, and a second more:
 * the session's times are kept to the second. */
const sleepPast = (ms) => sleep(Math.max(0, ms + 1000 - Date.now()));

/** The session row of client c, by the hash of its cookie. */
async function sessionHash(c) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(c.cookies.get('p2ham_sid')).digest('hex');
}

/** The redirect to sign in that a request without a live session gets. */
function refused(r, what) {
  assert.equal(r.status, 303, `${what}: ${r.status}`);
  assert.match(r.headers.get('location') || '', /^\/masuk\?next=/, what);
}

test('setup: the demo and a participation in building', () => {
  loadDemo(holder.server);
  ctx.pid = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${KANIM}' AND c.title = 'P2HAM 2023'`));
  ctx.cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${ctx.pid}`));
  ctx.pages = [`/partisipasi/${ctx.pid}`, `/partisipasi/${ctx.pid}/pembangunan`, `/siklus/${ctx.cycle}`];
});

test('a signed-in page is kept: the same bytes, a strong ETag and 304', async () => {
  const op = await as(OPERATOR);
  for (const p of ctx.pages) {
    const first = await kept(op, p);
    const again = await op.get(p);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('etag'), first.etag, `${p}: the same ETag`);
    assert.equal(again.text, first.text, `${p}: the same bytes, form token too`);
    assert.equal((await cond(op, p, '"0123456789abcdef0123456789abcdef"')).status, 200);
  }
  const json = await op.send(ctx.pages[0], { headers: { accept: 'application/json', 'if-none-match': 'x' } });
  assert.equal(json.status, 200);
  assert.notEqual(json.headers.get('etag'), (await op.get(ctx.pages[0])).headers.get('etag'),
    'JSON is kept apart from HTML');
});

test('two users, and two sessions of one user, never get each other\'s page', async () => {
  const op = await as(OPERATOR);
  const op2 = await as(OPERATOR);
  const boss = await as('kanwil.gorontalo@p2ham.demo');
  const p = ctx.pages[0];
  const mine = await kept(op, p);
  const theirs = await boss.get(p);
  assert.equal(theirs.status, 200);
  assert.notEqual(theirs.text, mine.text);
  assert.equal((await cond(boss, p, mine.etag)).status, 200, 'another user\'s ETag is not theirs');
  const name = (email) => sql(`SELECT full_name FROM users WHERE email = '${email}'`);
  assert.ok(mine.text.includes(name(OPERATOR)), 'the operator sees their own name');
  assert.ok(theirs.text.includes(name('kanwil.gorontalo@p2ham.demo')), 'the other user sees theirs');
  const other = await op2.get(p);
  assert.equal(other.status, 200);
  assert.notEqual(other.text, mine.text, 'another session has its own page and form token');
  assert.equal((await cond(op2, p, mine.etag)).status, 200);
});

test('a form from a kept page still posts, and its one-time notice is not kept', async () => {
  const op = await as(OPERATOR);
  const p = `/partisipasi/${ctx.pid}/pembangunan`;
  await kept(op, p);
  await op.get(p); // the form token of the kept answer
  const r = await op.post(p, { 'jawaban.ramp': 'ada', 'catatan.ramp': 'Ramp baru di pintu samping' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const to = r.headers.get('location');
  assert.match(to, /\?ok=/);
  const shown = await op.get(to);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /role="status"|class="notice/);
  assert.equal(shown.headers.get('etag'), null, 'the page with the notice is not kept');
  const plain = await op.get(p);
  assert.equal(plain.status, 200);
  assert.ok(plain.text.includes('Ramp baru di pintu samping'), 'the write shows at once');
  assert.ok(!plain.text.includes(shown.text.match(/<[^>]*(?:role="status")[^>]*>([^<]*)/)?.[1] || '\u0000'),
    'the notice shows once');
});

test('a write by another user shows on the next view', async () => {
  const boss = await as('kanwil.gorontalo@p2ham.demo');
  const op = await as(OPERATOR);
  const p = `/partisipasi/${ctx.pid}/pembangunan`;
  const before = await kept(boss, p);
  await op.get(p);
  const note = `Catatan ${Date.now()}`;
  assert.equal((await op.post(p, { 'jawaban.ramp': 'ada', 'catatan.ramp': note })).status, 303);
  const after = await cond(boss, p, before.etag);
  assert.equal(after.status, 200, 'the old ETag is no longer current');
  assert.ok(after.text.includes(note), 'the other user\'s answer shows');
});

test('signing out: the same cookie is sent to sign in, and so is the JSON', async () => {
  const op = await as(OPERATOR);
  const p = ctx.pages[0];
  const page = await kept(op, p);
  const sid = op.cookies.get('p2ham_sid');
  assert.equal((await op.post('/keluar')).status, 303);
  op.cookies.set('p2ham_sid', sid);
  refused(await op.get(p), 'after signing out');
  refused(await cond(op, p, page.etag), 'after signing out, with the ETag');
  assert.equal((await op.json(p)).status, 401);
});

test('ending a session from another one, and a new password, end the kept page', async () => {
  const a = await as(OPERATOR);
  const b = await as(OPERATOR);
  const p = ctx.pages[1];
  await kept(b, p);
  const sid = Number(sql(`SELECT id FROM login_session WHERE token_hash = '${await sessionHash(b)}'`));
  await a.get('/akun');
  assert.equal((await a.post(`/akun/sesi/${sid}/akhiri`)).status, 303);
  refused(await b.get(p), 'a session ended from another');
  const c = await as(OPERATOR);
  await kept(c, p);
  await a.get('/akun');
  const r = await a.post('/akun/sandi', { current: DEMO_PASSWORD, password: 'Sandi-Baru-2024!', repeat: 'Sandi-Baru-2024!' });
  assert.equal(r.status, 303);
  refused(await c.get(p), 'after a new password');
  assert.equal((await a.get(p)).status, 200, 'the browser that changed it stays signed in');
  sql(`UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'admin@p2ham.demo')
    WHERE email = '${OPERATOR}'`);
});

test('an admin disabling the account ends its kept pages', async () => {
  const admin = await as('admin@p2ham.demo');
  const user = 'kepala.kanim.gorontalo@p2ham.demo';
  const head = await as(user);
  const p = ctx.pages[0];
  await kept(head, p);
  const id = Number(sql(`SELECT id FROM users WHERE email = '${user}'`));
  await admin.get(`/pengguna/${id}`);
  assert.equal((await admin.post(`/pengguna/${id}/status`, { active: '0' })).status, 303);
  refused(await head.get(p), 'a disabled account');
  await admin.get(`/pengguna/${id}`);
  assert.equal((await admin.post(`/pengguna/${id}/status`, { active: '1' })).status, 303);
});

test('a grant removed: the kept page is refused', async () => {
  const admin = await as('admin@p2ham.demo');
  const user = 'kanwil.gorontalo@p2ham.demo';
  const boss = await as(user);
  const p = ctx.pages[0];
  await kept(boss, p);
  const id = Number(sql(`SELECT id FROM users WHERE email = '${user}'`));
  const grants = sql(`SELECT id FROM role_grant WHERE user_id = ${id}`).split('\n').filter(Boolean);
  assert.ok(grants.length > 0);
  await admin.get(`/pengguna/${id}`);
  for (const g of grants) {
    const r = await admin.post(`/pengguna/${id}/peran/${g}/cabut`);
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  const after = await boss.get(p);
  assert.equal(after.status, 404, 'the page is refused once the grant is gone');
});

test('a bearer token revoked: its kept JSON is no longer answered', async () => {
  const op = await as('admin@p2ham.demo');
  await op.get('/akun');
  const r = await op.post('/akun/token', { name: 'Baca halaman', days: '30', scope: 'baca' });
  assert.equal(r.status, 201, r.text.slice(0, 200));
  const token = r.text.match(/p2h_[A-Za-z0-9_-]+/)[0];
  const api = new Client(holder.server);
  api.bearer = token;
  const p = ctx.pages[0];
  const first = await api.json(p);
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  assert.equal((await api.send(p, { headers: { accept: 'application/json', 'if-none-match': etag } })).status, 304);
  const tid = Number(sql(`SELECT id FROM api_token WHERE name = 'Baca halaman'`));
  await op.get('/akun');
  assert.equal((await op.post(`/akun/token/${tid}/cabut`)).status, 303);
  assert.equal((await api.json(p)).status, 401);
});

test('a kept session past its absolute end is refused without any write', async () => {
  const op = await as('koordinator@p2ham.demo');
  const p = ctx.pages[2];
  const write = await writeReady();
  const hash = await sessionHash(op);
  const end = Date.now() + 3000;
  sql(`UPDATE login_session SET expires_at = '${iso(end)}' WHERE token_hash = '${hash}'`);
  await write(); // the session is read again, with its new end
  await kept(op, p);
  await sleepPast(end);
  refused(await op.get(p), 'past the absolute end');
});

test('a kept session idle past the limit is refused without any write', async () => {
  const op = await as('koordinator@p2ham.demo');
  const p = ctx.pages[2];
  const write = await writeReady();
  const hash = await sessionHash(op);
  // Used 55 seconds ago: within the minute's idle limit and not touched again.
  const seen = Date.now() - 55000;
  sql(`UPDATE login_session SET last_seen_at = '${iso(seen)}' WHERE token_hash = '${hash}'`);
  await write();
  await kept(op, p);
  await sleepPast(seen + 60000);
  refused(await op.get(p), 'idle past the limit');
});

test('PostgreSQL: a session ended through one server is refused by another at once',
  { skip: !pgBaseUrl && 'PostgreSQL only' }, async () => {
    const second = await startServer({ sameDatabaseAs: holder.server, args: ['--session-idle', '1'] });
    try {
      const op = await as(OPERATOR, holder.server);
      const there = new Client(second);
      there.cookies.set('p2ham_sid', op.cookies.get('p2ham_sid'));
      const p = ctx.pages[0];
      await kept(there, p);
      await op.get(p);
      assert.equal((await op.post('/keluar')).status, 303);
      let r;
      for (let i = 0; i < 50; i++) { // the notification crosses within milliseconds
        r = await there.get(p);
        if (r.status !== 200) break;
        await sleep(20);
      }
      refused(r, 'on the second server');
    } finally {
      await second.stop('SIGKILL');
    }
  });

testCleanStop(holder);
