// The installation's signing key given to every server (--signing-key FILE,
// P2HAM_SIGNING_KEY_FILE, P2HAM_SIGNING_KEY) instead of DATA_DIR/keys, and
// the start-up check that it is the installation's: its public half is in
// the database since `p2ham init`, and a server with another key refuses to
// start with one line saying so.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { freePort, runCommand, runSql, serveOn, startServer } from './lib.mjs';

let first;
const dirs = [];

before(async () => {
  first = await startServer();
});

after(async () => {
  if (first?.isAlive) await first.stop('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** An empty data directory of another machine. */
function freshDir() {
  const d = mkdtempSync(path.join(os.tmpdir(), 'p2ham-key-'));
  dirs.push(d);
  return d;
}

/** The first server's database as serveOn and the commands take it. */
function sharedDb() {
  return first.db || { name: null, url: path.join(first.dataDir, 'p2ham.db') };
}

/** The seed of the installation's key (64 hex digits). */
function seedHex() {
  return readFileSync(path.join(first.dataDir, 'keys', 'signing.key'), 'utf8').trim();
}

/** `p2ham serve` on dir and the shared database with args and env; it must exit. */
async function serveMustFail(dir, args = [], env = {}) {
  const port = await freePort();
  return runCommand(['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dir, '--db', sharedDb().url,
    ...args], { env: { P2HAM_LOG_LEVEL: 'warn', ...env }, timeout: 20000 });
}

test('init stores the public half of the key in the database', () => {
  const pub = readFileSync(path.join(first.dataDir, 'keys', 'signing.pub'), 'utf8').trim();
  const r = runSql(first, 'SELECT public_key FROM signing_key WHERE id = 1');
  assert.equal(r.status, 0, r.err);
  assert.equal(r.out, pub);
});

test('a second server with the key in P2HAM_SIGNING_KEY (base64) signs with the same key', async () => {
  const dir = freshDir();
  const b64 = Buffer.from(seedHex(), 'hex').toString('base64');
  const second = await serveOn(dir, { db: sharedDb(), env: { P2HAM_SIGNING_KEY: b64 } });
  try {
    const pub = readFileSync(path.join(first.dataDir, 'keys', 'signing.pub'), 'utf8').trim();
    const r = await fetch(`${second.url}/transparansi`, { headers: { accept: 'application/json' } });
    const body = await r.json();
    assert.equal(r.status, 200);
    assert.equal(body.public_key?.base64, pub, 'the installation\'s public key');
  } finally {
    await second.stop();
  }
});

test('a key file given with --signing-key or P2HAM_SIGNING_KEY_FILE is taken', async () => {
  const dir = freshDir();
  const file = path.join(dir, 'installation.key');
  writeFileSync(file, `${seedHex()}\n`, { mode: 0o600 });
  for (const opt of [{ args: ['--signing-key', file] }, { env: { P2HAM_SIGNING_KEY_FILE: file } }]) {
    const second = await serveOn(dir, { db: sharedDb(), ...opt });
    await second.stop();
    assert.equal(second.exitStatus.code, 0, second.log());
  }
});

test('a server with another key refuses to start with one line naming both public halves', async () => {
  const dir = freshDir();
  const file = path.join(dir, 'other.key');
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const r = await serveMustFail(dir, ['--signing-key', file]);
  assert.notEqual(r.status, 0, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('ts='));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^p2ham: the signing key given \(public half [A-Za-z0-9+/=]+\) is not this installation's \([A-Za-z0-9+/=]+\)/);
});

test('a server on an empty data directory without a key makes none of its own that would be taken', async () => {
  const dir = freshDir();
  const r = await serveMustFail(dir);
  assert.notEqual(r.status, 0, r.stderr);
  assert.match(r.stderr, /is not this installation's/);
});

test('a key others may read, or text that is no key, is refused before anything starts', async () => {
  const dir = freshDir();
  const file = path.join(dir, 'open.key');
  writeFileSync(file, `${seedHex()}\n`);
  chmodSync(file, 0o644);
  let r = await serveMustFail(dir, ['--signing-key', file]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /may be read by other users/);
  r = await serveMustFail(dir, [], { P2HAM_SIGNING_KEY: 'not a key' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /P2HAM_SIGNING_KEY does not hold a signing key/);
  r = await serveMustFail(dir, ['--signing-key', path.join(dir, 'missing.key')]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /does not exist/);
});
