// The per-account write budget (--write-limit) and the cap on API tokens,
// against a real server: past the budget a write is answered 429 with
// Retry-After and writes nothing, whichever thread or server process takes
// it, while reads, the public and other accounts go on.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { binary, freePort, runCommand, sqlOk, startServer, testCleanStop, useServer } from './lib.mjs';

const LIMIT = 5;
const holder = useServer({ args: ['--write-limit', String(LIMIT)] });
const PASSWORD = 'Hak-Asasi-2023!';
const USERS = {
  alice: { email: 'alice@ditjenham.go.id', name: 'Alya Pratiwi' },
  bob: { email: 'bob@ditjenham.go.id', name: 'Bagus Wicaksono' },
  carol: { email: 'carol@ditjenham.go.id', name: 'Citra Maharani' },
  dewi: { email: 'dewi@ditjenham.go.id', name: 'Dewi Kartika' },
  eko: { email: 'eko@ditjenham.go.id', name: 'Eko Saputra' },
};
const TOKEN_RE = /<code class="token">(p2h_[A-Za-z0-9_-]{43})<\/code>/;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits, when needed, until at least `need` seconds of the current minute
 * are left, so that a burst of writes falls in one window of the budget.
 */
async function roomInMinute(need = 25) {
  const left = 60 - (Date.now() / 1000) % 60;
  if (left < need) await sleep(left * 1000 + 300);
}

function dbArgs(server) {
  return ['--data-dir', server.dataDir, ...(server.db ? ['--db', server.db.url] : [])];
}

function addAdmin(server, u) {
  const r = spawnSync(binary, ['user', 'add', ...dbArgs(server), '--email', u.email, '--name', u.name,
    '--role', 'admin'], { input: PASSWORD + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

let orgCounter = 0;

/** Posts one new organization (a write); returns the answer. */
function createOrg(c, prefix, { json = false, csrf } = {}) {
  const headers = json ? { accept: 'application/json' } : {};
  const opts = csrf === undefined ? { headers } : { headers, csrf };
  return c.post('/organisasi', { kind: 'agency', name: `${prefix} ${++orgCounter}` }, opts);
}

function countOrgs(server, prefix) {
  return Number(sqlOk(server, `SELECT count(*) FROM organization WHERE name LIKE '${prefix} %'`));
}

function assertRetryAfter(r) {
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${r.headers.get('retry-after')}`);
  return wait;
}

test('the accounts exist', () => {
  for (const u of Object.values(USERS)) addAdmin(holder.server, u);
});

test('the 6th write within a minute is 429 with Retry-After, and writes nothing', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.alice.email, PASSWORD);
  await c.get('/organisasi/baru');
  await roomInMinute();
  for (let i = 1; i <= LIMIT; i++) {
    const r = await createOrg(c, 'Kuota Alya');
    assert.equal(r.status, 303, `write ${i}: ${r.text}`);
  }
  const r = await createOrg(c, 'Kuota Alya');
  assert.equal(r.status, 429);
  const wait = assertRetryAfter(r);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /Terlalu banyak permintaan/);
  assert.match(r.text, new RegExp(`sudah mengirim ${LIMIT} perubahan dalam satu menit`));
  assert.match(r.text, /Permintaan ini tidak disimpan/);
  assert.match(r.text, new RegExp(`Coba lagi dalam (${wait}|${wait + 1}|${wait - 1}) detik`));
  assert.equal(countOrgs(s, 'Kuota Alya'), LIMIT, 'the refused write created nothing');
  // Still refused, in English for an English reader; still nothing written.
  const en = await c.post('/organisasi?lang=en', { kind: 'agency', name: 'Kuota Alya en' });
  assert.equal(en.status, 429);
  assert.match(en.text, new RegExp(`Your account has sent ${LIMIT} changes within one minute`));
  assert.equal(countOrgs(s, 'Kuota Alya'), LIMIT);
  assert.equal(sqlOk(s, `SELECT count(*) FROM organization WHERE name = 'Kuota Alya en'`), '0');
});

test('another account is not affected by one that is over its budget', async () => {
  const s = holder.server;
  const alice = await signIn(s, USERS.alice.email, PASSWORD);
  const bob = await signIn(s, USERS.bob.email, PASSWORD);
  await alice.get('/organisasi/baru');
  await bob.get('/organisasi/baru');
  await roomInMinute();
  sqlOk(s, 'DELETE FROM write_quota');
  for (let i = 0; i <= LIMIT; i++) await createOrg(alice, 'Kuota Alya');
  assert.equal((await createOrg(alice, 'Kuota Alya')).status, 429, 'alice is over');
  const r = await createOrg(bob, 'Kuota Bagus');
  assert.equal(r.status, 303, r.text);
  assert.equal(countOrgs(s, 'Kuota Bagus'), 1);
});

test('reads are not counted, and an account over its budget still reads', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.bob.email, PASSWORD);
  await roomInMinute();
  sqlOk(s, 'DELETE FROM write_quota');
  for (let i = 0; i < 3 * LIMIT; i++) {
    assert.equal((await c.get('/organisasi')).status, 200);
    assert.equal((await c.send('/organisasi', { method: 'HEAD' })).status, 200);
  }
  for (let i = 1; i <= LIMIT; i++) assert.equal((await createOrg(c, 'Kuota Bagus')).status, 303, `write ${i}`);
  assert.equal((await createOrg(c, 'Kuota Bagus')).status, 429);
  assert.equal((await c.get('/organisasi')).status, 200, 'reading goes on past the budget');
  assert.equal((await c.json('/akun')).status, 200);
  // Signing out is never refused for the budget, and it ends the session.
  await c.get('/akun');
  const out = await c.post('/keluar');
  assert.equal(out.status, 303);
  assert.equal((await c.get('/akun')).status, 303, 'signed out');
});

test('JSON clients get a JSON 429', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.alice.email, PASSWORD);
  await c.get('/organisasi/baru');
  await roomInMinute();
  sqlOk(s, 'DELETE FROM write_quota');
  for (let i = 1; i <= LIMIT; i++) assert.equal((await createOrg(c, 'Kuota Alya', { json: true })).status, 303);
  const before = countOrgs(s, 'Kuota Alya');
  const r = await createOrg(c, 'Kuota Alya', { json: true });
  assert.equal(r.status, 429);
  assertRetryAfter(r);
  assert.ok(r.json, `a JSON body: ${r.text}`);
  assert.equal(r.json.error.status, 429);
  assert.equal(r.json.error.code, 'rate_limited');
  assert.match(r.json.error.message, /perubahan dalam satu menit/);
  assert.equal(countOrgs(s, 'Kuota Alya'), before);
});

test('bearer-token writes count against the same account budget', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.carol.email, PASSWORD);
  await roomInMinute();
  sqlOk(s, 'DELETE FROM write_quota');
  await c.get('/akun');
  const made = await c.post('/akun/token', { name: 'Skrip impor' });
  assert.equal(made.status, 201, made.text);
  const api = new Client(s);
  api.bearer = made.text.match(TOKEN_RE)[1];
  // The token's creation was the account's first write of the minute.
  for (let i = 2; i <= LIMIT; i++) {
    const r = await createOrg(api, 'Kuota Citra', { json: true, csrf: null });
    assert.equal(r.status, 303, `write ${i}: ${r.text}`);
  }
  const r = await createOrg(api, 'Kuota Citra', { json: true, csrf: null });
  assert.equal(r.status, 429);
  assertRetryAfter(r);
  assert.equal(r.json.error.code, 'rate_limited');
  // The browser session of the same account is over the budget too.
  assert.equal((await createOrg(c, 'Kuota Citra')).status, 429);
  assert.equal(countOrgs(s, 'Kuota Citra'), LIMIT - 1);
});

test('concurrent writes of one account never pass the budget together', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.dewi.email, PASSWORD);
  await c.get('/organisasi/baru');
  await roomInMinute();
  sqlOk(s, 'DELETE FROM write_quota');
  const all = await Promise.all(Array.from({ length: 4 * LIMIT }, () => createOrg(c, 'Kuota Dewi')));
  const codes = all.map((r) => r.status);
  assert.equal(codes.filter((x) => x === 303).length, LIMIT, codes.join(','));
  assert.equal(codes.filter((x) => x === 429).length, 3 * LIMIT, codes.join(','));
  assert.equal(countOrgs(s, 'Kuota Dewi'), LIMIT);
});

test('a later minute starts a new count', async () => {
  const s = holder.server;
  const c = await signIn(s, USERS.dewi.email, PASSWORD);
  await c.get('/organisasi/baru');
  await roomInMinute();
  // As if the account had spent far more than its budget a while ago.
  sqlOk(s, `UPDATE write_quota SET window_start = '2000-01-01T00:00:00Z', used = 1000`);
  const before = countOrgs(s, 'Kuota Dewi');
  for (let i = 1; i <= LIMIT; i++) assert.equal((await createOrg(c, 'Kuota Dewi')).status, 303, `write ${i}`);
  assert.equal((await createOrg(c, 'Kuota Dewi')).status, 429);
  assert.equal(countOrgs(s, 'Kuota Dewi'), before + LIMIT);
});

/** A second `p2ham serve` on the database of server, with args; resolves { fetch, stop }. */
async function secondProcess(server, args) {
  const port = await freePort();
  const env = { ...process.env, P2HAM_LOG_LEVEL: 'warn' };
  for (const k of Object.keys(env)) if (k.startsWith('P2HAM_') && k !== 'P2HAM_LOG_LEVEL') delete env[k];
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, ...dbArgs(server), ...args],
    { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('close', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    assert.ok(Date.now() < deadline && child.exitCode === null, `second server did not start\n${log}`);
    await sleep(50);
  }
  return {
    fetch: (p, init = {}) => fetch(url + p, { redirect: 'manual', ...init }),
    stop: async () => { child.kill('SIGTERM'); await exited; },
  };
}

test('two server processes on one database share the budget', async () => {
  const s = holder.server;
  const other = await secondProcess(s, ['--write-limit', String(LIMIT)]);
  try {
    const a = await signIn(s, USERS.eko.email, PASSWORD);
    await a.get('/organisasi/baru');
    const b = new Client(other);
    b.cookies = a.cookies;
    b.csrf = a.csrf;
    await roomInMinute();
    sqlOk(s, 'DELETE FROM write_quota');
    for (let i = 1; i <= LIMIT; i++) {
      const r = await createOrg(i % 2 ? a : b, 'Kuota Eko');
      assert.equal(r.status, 303, `write ${i}: ${r.text}`);
    }
    assert.equal((await createOrg(b, 'Kuota Eko')).status, 429, 'over on the second process');
    assert.equal((await createOrg(a, 'Kuota Eko')).status, 429, 'over on the first process');
    assert.equal(countOrgs(s, 'Kuota Eko'), LIMIT);
  } finally {
    await other.stop();
  }
});

test('serve --help documents --write-limit, and a bad value is refused', () => {
  const help = runCommand(['serve', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--write-limit N/);
  assert.match(help.stdout, /P2HAM_WRITE_LIMIT; default 120; 0: no limit/);
  for (const bad of ['-1', 'lots', '']) {
    const r = runCommand(['serve', '--write-limit', bad, '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 2, `--write-limit '${bad}': ${r.stderr}`);
    assert.match(r.stderr, /--write-limit must be a whole number/);
  }
  const env = runCommand(['serve', '--listen', '127.0.0.1:1'], { env: { P2HAM_WRITE_LIMIT: 'x' } });
  assert.equal(env.status, 2, env.stderr);
  assert.match(env.stderr, /P2HAM_WRITE_LIMIT must be a whole number/);
});

test('at most 20 active API tokens: the 21st is refused and not created', async () => {
  // P2HAM_WRITE_LIMIT=0 turns the budget off, so one account may make 21 writes at once.
  const s = await startServer({ env: { P2HAM_WRITE_LIMIT: '0' } });
  try {
    addAdmin(s, USERS.alice);
    const c = await signIn(s, USERS.alice.email, PASSWORD);
    await c.get('/akun');
    for (let i = 1; i <= 20; i++) {
      const r = await c.post('/akun/token', { name: `Token ${i}` });
      assert.equal(r.status, 201, `token ${i}: ${r.text}`);
    }
    const active = () => Number(sqlOk(s, 'SELECT count(*) FROM api_token WHERE revoked_at IS NULL'));
    assert.equal(active(), 20);
    let r = await c.post('/akun/token', { name: 'Token 21' });
    assert.equal(r.status, 409);
    assert.match(r.text, /sudah memiliki 20 token API aktif/);
    assert.match(r.text, /Cabut dulu token lama/);
    assert.match(r.text, /value="Token 21"/, 'the name typed is kept');
    assert.doesNotMatch(r.text, TOKEN_RE);
    r = await c.send('/akun/token', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: c.csrf, name: 'Token 21' }).toString(),
    });
    assert.equal(r.status, 409);
    assert.equal(r.json.refusal.status, 409);
    assert.match(r.json.refusal.message, /Cabut dulu token lama/);
    assert.equal(r.json.new_token, undefined);
    assert.equal(active(), 20);
    assert.equal(sqlOk(s, `SELECT count(*) FROM api_token WHERE name = 'Token 21'`), '0');
    // Once an old one is revoked, a new one can be made.
    const list = await c.json('/akun');
    await c.get('/akun');
    assert.equal((await c.post(`/akun/token/${list.json.tokens[0].id}/cabut`)).status, 303);
    assert.equal((await c.post('/akun/token', { name: 'Token 21' })).status, 201);
    assert.equal(active(), 20);
  } finally {
    await s.stop();
  }
});

testCleanStop(holder);
