// Accounts, sessions, CSRF, throttling and API tokens against a real server.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { Client } from './client.mjs';
import { binary, runSql, sqlOk, startServer, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const ADMIN = { email: 'admin@ditjenham.go.id', name: 'Admin Program', password: 'Hak-Asasi-2023!' };
const OPERATOR = { email: 'Operator@Imigrasi-Gorontalo.go.id', name: 'Siti Rahmawati', password: 'Pelayanan#Prima9' };
const LOCKED = { email: 'kunci@lapas-gorontalo.go.id', name: 'Budi Santoso', password: 'Tidak-Bisa-Masuk7' };
const secrets = [ADMIN.password, OPERATOR.password, LOCKED.password];

function dbArgs(server) {
  return ['--data-dir', server.dataDir, ...(server.db ? ['--db', server.db.url] : [])];
}

/** p2ham user add with the password on standard input. */
function addUser(server, u, extra = []) {
  const r = spawnSync(binary, ['user', 'add', ...dbArgs(server), '--email', u.email,
    '--name', u.name, ...extra], { input: u.password + '\n', encoding: 'utf8' });
  return r;
}

test('the command line creates accounts, with the password on stdin only', () => {
  const s = holder.server;
  let r = addUser(s, ADMIN, ['--role', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /created/);
  r = addUser(s, OPERATOR, ['--role', 'operator', '--scope', 'unit:7', '--province', '75']);
  assert.equal(r.status, 0, r.stderr);
  r = addUser(s, LOCKED);
  assert.equal(r.status, 0, r.stderr);
  // The same address in other letter case is the same account.
  r = addUser(s, { ...ADMIN, email: 'ADMIN@ditjenham.go.id' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /exists already/);
  // A weak password is refused with the reason.
  r = addUser(s, { email: 'x@y.go.id', name: 'Dewi Lestari', password: 'dewi-lestari-1' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has_name/);
  // There is no way to pass the password as an argument.
  r = spawnSync(binary, ['user', 'add', ...dbArgs(s), '--email', 'p@q.go.id', '--name', 'P Q',
    '--password', 'whatever-long-1'], { input: '', encoding: 'utf8' });
  assert.equal(r.status, 2);
});

test('signed-in pages send the public to the sign-in page, JSON clients get 401', async () => {
  const c = new Client(holder.server);
  const page = await c.get('/akun');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/masuk?next=/akun');
  const api = await c.json('/akun');
  assert.equal(api.status, 401);
  assert.equal(api.json.error.status, 401);
});

test('a wrong password is refused, keeps the email and starts no session', async () => {
  const c = new Client(holder.server);
  const form = await c.get('/masuk');
  assert.equal(form.status, 200);
  assert.ok(c.cookies.has('p2ham_csrf'), 'the sign-in form sets its CSRF cookie');
  const r = await c.post('/masuk', { email: ADMIN.email, password: 'salah-sekali-123' });
  assert.equal(r.status, 401);
  assert.match(r.text, /Email atau kata sandi salah/);
  assert.match(r.text, /value="admin@ditjenham.go.id"/);
  assert.doesNotMatch(r.text, /salah-sekali-123/);
  assert.ok(!c.cookies.has('p2ham_sid'));
});

test('signing in issues a new session cookie, whatever the browser sent', async () => {
  const c = new Client(holder.server);
  c.cookies.set('p2ham_sid', 'planted-by-an-attacker');
  const r = await c.login(ADMIN.email.toUpperCase(), ADMIN.password);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/akun');
  const set = r.headers.getSetCookie().find((l) => l.startsWith('p2ham_sid='));
  assert.ok(set, 'a session cookie is set');
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  assert.match(set, /Path=\//);
  assert.notEqual(c.cookies.get('p2ham_sid'), 'planted-by-an-attacker');
  assert.equal(c.cookies.get('p2ham_sid').length, 43);
  const me = await c.json('/akun');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.email, ADMIN.email);
  assert.equal(me.json.user.password_hash, undefined);
  assert.equal(me.json.sessions.length, 1);
});

test('posts without the CSRF token are refused with 403 and change nothing', async () => {
  const c = new Client(holder.server);
  await c.login(ADMIN.email, ADMIN.password);
  await c.get('/akun');
  let r = await c.post('/akun/token', { name: 'tanpa token csrf' }, { csrf: null });
  assert.equal(r.status, 403);
  r = await c.post('/akun/token', { name: 'token csrf palsu' }, { csrf: 'a'.repeat(32) });
  assert.equal(r.status, 403);
  r = await c.post('/keluar', {}, { csrf: null });
  assert.equal(r.status, 403);
  const me = await c.json('/akun');
  assert.equal(me.status, 200, 'still signed in');
  assert.equal(me.json.tokens.length, 0, 'no token was created');
  // A public form without its cookie is refused too.
  const anon = new Client(holder.server);
  r = await anon.post('/masuk', { email: ADMIN.email, password: ADMIN.password }, { csrf: 'x'.repeat(43) });
  assert.equal(r.status, 403);
  assert.ok(!anon.cookies.has('p2ham_sid'));
});

test('after repeated failures an account is locked even for the right password', async () => {
  const c = new Client(holder.server);
  await c.get('/masuk');
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/masuk', { email: LOCKED.email, password: `tebakan-salah-${i}` });
    assert.ok(r.status === 401 || r.status === 429, `attempt ${i}: ${r.status}`);
  }
  const r = await c.post('/masuk', { email: LOCKED.email, password: LOCKED.password });
  assert.equal(r.status, 429);
  assert.match(r.text, /Coba lagi dalam 15 menit/);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 840 && wait <= 900, `Retry-After ${wait}`);
  assert.ok(!c.cookies.has('p2ham_sid'));
  // Another account from the same address is not locked.
  const other = new Client(holder.server);
  assert.equal((await other.login(ADMIN.email, ADMIN.password)).status, 303);
});

test('sessions end after the idle time and after the absolute time', async () => {
  for (const column of ['last_seen_at', 'expires_at']) {
    const c = new Client(holder.server);
    await c.login(ADMIN.email, ADMIN.password);
    assert.equal((await c.json('/akun')).status, 200);
    const hash = createHash('sha256').update(c.cookies.get('p2ham_sid')).digest('hex');
    const r = runSql(holder.server,
      `UPDATE login_session SET ${column} = '2000-01-01T00:00:00Z' WHERE token_hash = '${hash}'`);
    assert.equal(r.status, 0, r.err);
    // A session is kept per server at the data's version: a row changed
    // behind the program's back shows once a write (a sign-in) moves it.
    await new Client(holder.server).login(ADMIN.email, ADMIN.password);
    assert.equal((await c.json('/akun')).status, 401, `${column} in the past ends the session`);
  }
});

test('logging out ends the session on the server', async () => {
  const c = new Client(holder.server);
  await c.login(ADMIN.email, ADMIN.password);
  const sid = c.cookies.get('p2ham_sid');
  await c.get('/akun');
  const r = await c.post('/keluar');
  assert.equal(r.status, 303);
  assert.ok(!c.cookies.has('p2ham_sid'), 'the cookie is cleared');
  c.cookies.set('p2ham_sid', sid);
  assert.equal((await c.get('/akun')).status, 303, 'the old cookie no longer works');
});

test('logging out is on the record, by the user who left, about that user', async () => {
  const c = new Client(holder.server);
  await c.login(OPERATOR.email, OPERATOR.password);
  await c.get('/akun');
  assert.equal((await c.post('/keluar')).status, 303);
  const admin = new Client(holder.server);
  await admin.login(ADMIN.email, ADMIN.password);
  const r = await admin.json('/audit?tindakan=session.logout&batas=200');
  assert.equal(r.status, 200);
  const mine = r.json.entries.filter((x) => x.actor === OPERATOR.email);
  assert.ok(mine.length >= 1, JSON.stringify(r.json.entries));
  const last = mine[0];
  assert.equal(last.action, 'session.logout');
  assert.equal(last.object_type, 'user');
  assert.equal(String(last.object_id), String(last.actor_id));
  assert.ok(last.request_id, 'the entry names its request');
});

test('changing the password ends every session and keeps the user signed in', async () => {
  const a = new Client(holder.server);
  const b = new Client(holder.server);
  await a.login(OPERATOR.email, OPERATOR.password);
  await b.login(OPERATOR.email, OPERATOR.password);
  await a.get('/akun');
  let r = await a.post('/akun/sandi', { current: 'bukan-sandi-ini', password: 'Sandi-Baru-2024!', repeat: 'Sandi-Baru-2024!' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Kata sandi saat ini salah/);
  r = await a.post('/akun/sandi', { current: OPERATOR.password, password: 'siti-rahmawati', repeat: 'siti-rahmawati' });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak boleh memuat/);
  r = await a.post('/akun/sandi', { current: OPERATOR.password, password: 'Sandi-Baru-2024!', repeat: 'Sandi-Baru-2024!' });
  assert.equal(r.status, 303);
  assert.equal((await a.json('/akun')).status, 200, 'this browser stays signed in');
  assert.equal((await b.json('/akun')).status, 401, 'the other session ended');
  assert.equal((await new Client(holder.server).login(OPERATOR.email, OPERATOR.password)).status, 401);
  assert.equal((await new Client(holder.server).login(OPERATOR.email, 'Sandi-Baru-2024!')).status, 303);
  OPERATOR.password = 'Sandi-Baru-2024!';
  secrets.push(OPERATOR.password);
});

test('API tokens are shown once, carry the owner, and stop working when revoked', async () => {
  const c = new Client(holder.server);
  await c.login(ADMIN.email, ADMIN.password);
  await c.get('/akun');
  const r = await c.post('/akun/token', { name: 'Dasbor provinsi' });
  assert.equal(r.status, 201);
  const token = r.text.match(/<code class="token">(p2h_[A-Za-z0-9_-]{43})<\/code>/)[1];
  secrets.push(token);
  const listed = await c.json('/akun');
  assert.equal(listed.json.tokens.length, 1);
  assert.doesNotMatch(JSON.stringify(listed.json), new RegExp(token));

  const api = new Client(holder.server);
  api.bearer = token;
  const me = await api.json('/akun');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.email, ADMIN.email);
  // Bearer requests need no CSRF token: no browser sends them on its own.
  const other = await api.post('/akun/token', { name: 'dibuat lewat API' }, { csrf: null, headers: { accept: 'application/json' } });
  assert.equal(other.status, 201);

  const id = listed.json.tokens[0].id;
  assert.equal((await c.post(`/akun/token/${id}/cabut`)).status, 303);
  assert.equal((await api.json('/akun')).status, 401);
});

/** An ISO time seconds ago, to the second, as the server writes times. */
function isoAgo(seconds) {
  return new Date(Date.now() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sessionHash(c) {
  return createHash('sha256').update(c.cookies.get('p2ham_sid')).digest('hex');
}

function lastSeen(server, c) {
  return sqlOk(server, `SELECT last_seen_at FROM login_session WHERE token_hash = '${sessionHash(c)}'`);
}

/**
 * Signs c in on server and makes its session look last used five minutes
 * ago, so that the next page view notes a new last use; returns that old
 * time. The server keeps sessions at the data's version, so a row changed
 * behind its back shows once a write (another sign-in) moves it.
 */
async function staleSession(server, c) {
  await c.login(ADMIN.email, ADMIN.password);
  const old = isoAgo(300);
  sqlOk(server, `UPDATE login_session SET last_seen_at = '${old}' WHERE token_hash = '${sessionHash(c)}'`);
  assert.equal((await new Client(server).login(ADMIN.email, ADMIN.password)).status, 303);
  return old;
}

test('a page view notes when its session was last used, and the database has it a moment later', async () => {
  const s = holder.server;
  const c = new Client(s);
  const old = await staleSession(s, c);
  const asked = isoAgo(1);
  assert.equal((await c.json('/akun')).status, 200);
  let seen = lastSeen(s, c);
  for (let i = 0; i < 100 && seen === old; i++) {
    await new Promise((r) => setTimeout(r, 50));
    seen = lastSeen(s, c);
  }
  assert.ok(seen >= asked, `last use ${seen}, asked at ${asked}, was ${old}`);
});

test('a last use noted just before a clean stop is written before the server exits', async () => {
  const t = await startServer();
  try {
    assert.equal(addUser(t, ADMIN, ['--role', 'admin']).status, 0);
    const c = new Client(t);
    const old = await staleSession(t, c);
    const asked = isoAgo(1);
    assert.equal((await c.json('/akun')).status, 200);
    t.child.kill('SIGTERM');
    const st = await t.exited;
    assert.equal(st.code, 0, t.log());
    const seen = lastSeen(t, c);
    assert.ok(seen >= asked, `last use ${seen}, asked at ${asked}, was ${old}`);
  } finally {
    if (t.isAlive) t.child.kill('SIGKILL');
    await t.exited;
    await t.cleanup();
  }
});

test('the audit page is for national readers only; others get 404', async () => {
  const admin = new Client(holder.server);
  await admin.login(ADMIN.email, ADMIN.password);
  const r = await admin.json('/audit');
  assert.equal(r.status, 200);
  assert.ok(JSON.stringify(r.json).includes('session.login'), 'sign-ins are on the record');
  assert.doesNotMatch(JSON.stringify(r.json), /Hak-Asasi-2023!/);
  const op = new Client(holder.server);
  await op.login(OPERATOR.email, OPERATOR.password);
  assert.equal((await op.json('/audit')).status, 404);
  assert.equal((await op.get('/audit')).status, 404);
  assert.equal((await new Client(holder.server).get('/audit')).status, 303);
});

test('no password or token ever appears in the log', () => {
  const log = holder.server.log();
  for (const s of secrets) assert.ok(!log.includes(s), `secret ${s.slice(0, 6)}... in the log`);
});

test('the audit chain holds every sign-in and account change', () => {
  const s = holder.server;
  const r = spawnSync(binary, ['audit', 'verify', ...dbArgs(s)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit chain ok: \d+ entries/);
  const n = Number(r.stdout.match(/ok: (\d+) entries/)[1]);
  assert.ok(n >= 15, `${n} entries`);
});

testCleanStop(holder);
