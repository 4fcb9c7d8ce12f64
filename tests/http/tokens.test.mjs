// API tokens expire and carry a scope, a new password revokes them, and the
// current password asked before a change cannot be guessed without limit.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import {
  binary, createDatabase, dropDatabase, pgBaseUrl, runCommand, runSql, sqlOk, testCleanStop,
  useServer,
} from './lib.mjs';

const holder = useServer();
const ADMIN = { email: 'token@ditjenham.go.id', name: 'Admin Token', password: 'Hak-Asasi-2023!' };
const OTHER = { email: 'lain@ditjenham.go.id', name: 'Pengguna Lain', password: 'Pelayanan#Prima9' };
const GUESSED = { email: 'tebak@ditjenham.go.id', name: 'Rina Kusuma', password: 'Rahasia-Negara-77' };
const TOKEN_RE = /<code class="token">(p2h_[A-Za-z0-9_-]{43})<\/code>/;
const DAY = 24 * 3600 * 1000;
const secrets = [];

function dbArgs(server) {
  return ['--data-dir', server.dataDir, ...(server.db ? ['--db', server.db.url] : [])];
}

function addUser(server, u, extra = []) {
  const r = spawnSync(binary, ['user', 'add', ...dbArgs(server), '--email', u.email, '--name', u.name,
    ...extra], { input: u.password + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Creates a token through the form; returns { token, row } with its row of the JSON list. */
async function createToken(c, fields) {
  await c.get('/akun');
  const r = await c.post('/akun/token', fields);
  assert.equal(r.status, 201, r.text.slice(0, 400));
  const token = r.text.match(TOKEN_RE)[1];
  secrets.push(token);
  const list = await c.json('/akun');
  const row = list.json.tokens.find((t) => t.name === fields.name);
  assert.ok(row, `token ${fields.name} is listed`);
  return { token, row, page: r.text };
}

function bearer(token) {
  const api = new Client(holder.server);
  api.bearer = token;
  return api;
}

/** Milliseconds from now to the ISO time iso. */
function fromNow(iso) {
  return Date.parse(iso) - Date.now();
}

test('the accounts exist', () => {
  addUser(holder.server, ADMIN, ['--role', 'admin']);
  addUser(holder.server, OTHER);
  addUser(holder.server, GUESSED);
});

test('the token form offers 30, 90 (chosen) or 365 days and both scopes, write chosen', async () => {
  const c = await signIn(holder.server, ADMIN.email, ADMIN.password);
  const page = (await c.get('/akun')).text;
  assert.match(page, /<select id="f-days" name="days">/);
  for (const d of ['30', '365']) assert.match(page, new RegExp(`<option value="${d}">${d} hari</option>`));
  assert.match(page, /<option value="90" selected>90 hari<\/option>/);
  assert.match(page, /<input id="f-scope-baca" name="scope" type="radio" value="baca">/);
  assert.match(page, /<input id="f-scope-tulis" name="scope" type="radio" value="tulis" checked>/);
});

test('a token lives as long as chosen, with its scope, and the list shows its date', async () => {
  const c = await signIn(holder.server, ADMIN.email, ADMIN.password);
  const short = await createToken(c, { name: 'Dasbor bulanan', days: '30', scope: 'baca' });
  assert.equal(short.row.scope, 'read');
  assert.ok(Math.abs(fromNow(short.row.expires_at) - 30 * DAY) < 120000, short.row.expires_at);
  const long = await createToken(c, { name: 'Sinkron tahunan', days: '365', scope: 'tulis' });
  assert.equal(long.row.scope, 'write');
  assert.ok(Math.abs(fromNow(long.row.expires_at) - 365 * DAY) < 120000, long.row.expires_at);
  // Without a choice: 90 days, read and write.
  const plain = await createToken(c, { name: 'Tanpa pilihan' });
  assert.equal(plain.row.scope, 'write');
  assert.ok(Math.abs(fromNow(plain.row.expires_at) - 90 * DAY) < 120000, plain.row.expires_at);
  // The list says the date people read, and the scope in words.
  const d = new Date(Date.parse(short.row.expires_at) + 7 * 3600 * 1000);
  const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
    'September', 'Oktober', 'November', 'Desember'];
  const date = `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const html = (await c.get('/akun')).text;
  assert.ok(html.includes(`<td>${date}</td>`), `the list shows ${date}`);
  assert.match(html, /<td>Hanya membaca<\/td>/);
  assert.match(html, /<th scope="col">Berlaku sampai<\/th>/);
  // Any other life is refused, and nothing is made.
  await c.get('/akun');
  const r = await c.post('/akun/token', { name: 'Empat puluh lima', days: '45' });
  assert.equal(r.status, 422);
  assert.equal((await c.json('/akun')).json.tokens.filter((t) => t.name === 'Empat puluh lima').length, 0);
});

test('a read token reads; any other method is refused with 403 and says why', async () => {
  const c = await signIn(holder.server, ADMIN.email, ADMIN.password);
  const { token } = await createToken(c, { name: 'Hanya baca', days: '30', scope: 'baca' });
  const before = (await c.json('/akun')).json.tokens.length;
  const api = bearer(token);
  const me = await api.json('/akun');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.email, ADMIN.email);
  assert.equal((await api.send('/akun', { method: 'HEAD' })).status, 200);
  let r = await api.post('/akun/token', { name: 'dibuat lewat token baca' }, { csrf: null,
    headers: { accept: 'application/json' } });
  assert.equal(r.status, 403);
  assert.match(r.json.error.message, /hanya untuk membaca/);
  r = await api.post('/akun/sandi', { current: ADMIN.password, password: 'Sandi-Lewat-Token1',
    repeat: 'Sandi-Lewat-Token1' }, { csrf: null });
  assert.equal(r.status, 403);
  assert.match(r.text, /tidak dapat mengubah data/);
  r = await api.post('/organisasi', { kind: 'agency', name: 'Lewat token baca' }, { csrf: null,
    headers: { accept: 'application/json' } });
  assert.equal(r.status, 403);
  assert.equal((await c.json('/akun')).json.tokens.length, before, 'no token was made');
  assert.equal((await new Client(holder.server).login(ADMIN.email, ADMIN.password)).status, 303,
    'the password is unchanged');
  // A write token of the same account may write.
  const { token: w } = await createToken(c, { name: 'Baca tulis', days: '30', scope: 'tulis' });
  r = await bearer(w).post('/akun/token', { name: 'dibuat lewat token tulis' }, { csrf: null,
    headers: { accept: 'application/json' } });
  assert.equal(r.status, 201);
});

test('an expired token is refused as if unknown, stays listed as expired and frees its place', async () => {
  const c = await signIn(holder.server, ADMIN.email, ADMIN.password);
  const { token, row } = await createToken(c, { name: 'Akan kedaluwarsa', days: '30' });
  const api = bearer(token);
  assert.equal((await api.json('/akun')).status, 200);
  sqlOk(holder.server, `UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ${row.id}`);
  // A token is kept per server at the data's version: a row changed behind
  // the program's back shows once a write (a sign-in) moves it.
  await signIn(holder.server, ADMIN.email, ADMIN.password);
  const r = await api.json('/akun');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'login_required');
  const unknown = await bearer('p2h_' + 'x'.repeat(43)).json('/akun');
  assert.equal(unknown.status, 401);
  assert.deepEqual(unknown.json, r.json);
  // Within a month of expiring it is still listed, marked, and not counted.
  sqlOk(holder.server, `UPDATE api_token SET expires_at = '${new Date(Date.now() - DAY).toISOString()
    .replace(/\.\d+Z$/, 'Z')}' WHERE id = ${row.id}`);
  const listed = (await c.json('/akun')).json.tokens.find((t) => t.id === row.id);
  assert.equal(listed.expired, true);
  assert.match((await c.get('/akun')).text, /<strong>\(kedaluwarsa\)<\/strong>/);
  const live = Number(sqlOk(holder.server, `SELECT count(*) FROM api_token t JOIN users u ON u.id = t.user_id
    WHERE u.email = '${ADMIN.email}' AND t.revoked_at IS NULL`));
  // Fill up to the cap of 20 live tokens: the expired one does not count.
  const expired = 1;
  for (let i = live - expired; i < 20; i++) await createToken(c, { name: `Isi ${i}`, days: '30' });
  await c.get('/akun');
  assert.equal((await c.post('/akun/token', { name: 'Satu terlalu banyak' })).status, 409);
});

test('changing the password revokes every API token and ends every other session', async () => {
  const a = await signIn(holder.server, OTHER.email, OTHER.password);
  const b = await signIn(holder.server, OTHER.email, OTHER.password);
  const one = await createToken(a, { name: 'Token satu', scope: 'tulis' });
  const two = await createToken(a, { name: 'Token dua', scope: 'baca' });
  assert.equal((await bearer(one.token).json('/akun')).status, 200);
  await a.get('/akun');
  const r = await a.post('/akun/sandi', { current: OTHER.password, password: 'Sandi-Baru-2024!',
    repeat: 'Sandi-Baru-2024!' });
  assert.equal(r.status, 303);
  OTHER.password = 'Sandi-Baru-2024!';
  secrets.push(OTHER.password);
  assert.equal((await a.json('/akun')).status, 200, 'this browser stays signed in');
  assert.equal((await b.json('/akun')).status, 401, 'the other session ended');
  assert.equal((await bearer(one.token).json('/akun')).status, 401, 'the write token is revoked');
  assert.equal((await bearer(two.token).json('/akun')).status, 401, 'the read token is revoked');
  assert.equal((await a.json('/akun')).json.tokens.length, 0, 'no token is listed any more');
  const audit = sqlOk(holder.server, `SELECT summary FROM audit_log WHERE action = 'user.password_change'
    ORDER BY seq DESC LIMIT 1`);
  assert.deepEqual(JSON.parse(audit), { tokens_revoked: 2 });
});

test('wrong current passwords are limited per account: the 6th try in 15 minutes is 429', async () => {
  const s = holder.server;
  const c = await signIn(s, GUESSED.email, GUESSED.password);
  const id = (await c.json('/akun')).json.user.id;
  const change = (current, password = 'Sandi-Baru-2025!') =>
    c.post('/akun/sandi', { current, password, repeat: password });
  await c.get('/akun');
  for (let i = 0; i < 4; i++) assert.equal((await change(`tebakan-salah-${i}`)).status, 422);
  // The right current password clears the count, even when the new one is refused.
  let r = await change(GUESSED.password, 'rina-kusuma-1');
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak boleh memuat nama/);
  for (let i = 0; i < 5; i++) {
    r = await change(`tebakan-lagi-${i}`);
    assert.equal(r.status, 422, `wrong try ${i + 1}`);
    assert.match(r.text, /Kata sandi saat ini salah/);
  }
  // Now even the right one is refused, with how long to wait.
  r = await change(GUESSED.password);
  assert.equal(r.status, 429);
  assert.match(r.text, /Coba lagi dalam 15 menit/);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 840 && wait <= 900, `Retry-After ${wait}`);
  const json = await c.post('/akun/sandi', { current: GUESSED.password, password: 'Sandi-Baru-2025!',
    repeat: 'Sandi-Baru-2025!' }, { headers: { accept: 'application/json' } });
  assert.equal(json.status, 429);
  assert.match(json.json.refusal.message, /Terlalu banyak percobaan/);
  assert.equal((await c.json('/akun')).status, 200, 'the session goes on');
  assert.equal((await new Client(s).login(GUESSED.email, GUESSED.password)).status, 303,
    'the password was not changed');
  // The lock is on the record once; another account is not held back.
  assert.equal(sqlOk(s, `SELECT count(*) FROM audit_log WHERE action = 'user.password_locked'
    AND object_id = ${id}`), '1');
  const other = await signIn(s, OTHER.email, OTHER.password);
  await other.get('/akun');
  assert.equal((await other.post('/akun/sandi', { current: 'bukan-ini-123', password: 'Sandi-Lain-2026!',
    repeat: 'Sandi-Lain-2026!' })).status, 422);
  // Once the lock is over, the right password goes through and clears the count.
  sqlOk(s, `UPDATE login_throttle SET locked_until = '2020-01-01T00:00:00Z' WHERE key = 'pw:${id}'`);
  await c.get('/akun');
  assert.equal((await change(GUESSED.password)).status, 303);
  assert.equal(sqlOk(s, `SELECT count(*) FROM login_throttle WHERE key = 'pw:${id}'`), '0');
});

test('tokens of a database made before tokens expired get 90 days and the write scope', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-test-'));
  const db = pgBaseUrl ? createDatabase() : null;
  const where = { dataDir, db };
  const args = ['--data-dir', dataDir, ...(db ? ['--db', db.url] : [])];
  try {
    let r = runCommand(['init', ...args]);
    assert.equal(r.status, 0, r.stderr);
    // Take the database back to before the change, with one token in it.
    r = runSql(where, `DROP TABLE password_reset; ALTER TABLE api_token DROP COLUMN scope;
      ALTER TABLE api_token DROP COLUMN expires_at; DELETE FROM schema_migrations WHERE version = 14;
      INSERT INTO users (email, email_key, full_name, password_hash, active, created_at, updated_at,
        password_changed_at) VALUES ('lama@x.go.id', 'lama@x.go.id', 'Lama', 'x', 1,
        '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
      INSERT INTO api_token (user_id, name, token_hash, prefix, created_at)
        SELECT id, 'lama', 'abc', 'p2h_abc', '2024-01-01T00:00:00Z' FROM users;`);
    assert.equal(r.status, 0, r.err);
    r = runCommand(['migrate', ...args]);
    assert.equal(r.status, 0, r.stderr);
    const [expires, scope] = sqlOk(where, 'SELECT expires_at, scope FROM api_token').split('|');
    assert.equal(scope, 'write');
    assert.match(expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(fromNow(expires) - 90 * DAY) < 300000, expires);
  } finally {
    if (db) dropDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('no token or password appears in the log', () => {
  const log = holder.server.log();
  for (const s of [...secrets, ADMIN.password, GUESSED.password]) {
    assert.ok(!log.includes(s), `secret ${s.slice(0, 6)}... in the log`);
  }
});

test('the audit chain holds', () => {
  const r = spawnSync(binary, ['audit', 'verify', ...dbArgs(holder.server)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

testCleanStop(holder);
