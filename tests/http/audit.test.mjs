// The audit log end to end: entries written straight into the database by
// an independent implementation of the chain's documented encoding
// (src/core/audit.h) are accepted by `p2ham audit verify`; checkpoints are
// signed (checked here with Node's own Ed25519), stored, written
// periodically by the server and published on /transparansi; the database
// refuses UPDATE and DELETE; and an attacker with direct access to the
// database (who drops the refusing triggers first) who edits, deletes,
// reorders, rewrites or cuts entries is caught, with the right entry named.
// /audit is read as a signed-in administrator, as it must be.
// Runs on SQLite with the sqlite3 command, or on PostgreSQL with psql when
// P2HAM_TEST_DB is set.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { Client } from './client.mjs';
import {
  backend, binary, httpRequest, runCommand, runSql, sqlOk as sqlOkOn, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer({ args: ['--checkpoint-interval', '1'] });
const scratch = mkdtempSync(path.join(os.tmpdir(), 'p2ham-audit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ENTRIES = 6;
const ZERO = '0'.repeat(64);
// What the log held before this file's entries (p2ham init may append).
let base = 0;
let baseHash = ZERO;
/** The seq of this file's n-th entry (1-based). */
const S = (n) => base + n;

/** The server's database as command-line arguments of p2ham. */
function dbArgs() {
  const srv = holder.server;
  return ['--data-dir', srv.dataDir, ...(srv.db ? ['--db', srv.db.url] : [])];
}

function sql(text) {
  return runSql(holder.server, text);
}

function sqlOk(text) {
  return sqlOkOn(holder.server, text);
}

function quote(v) {
  return v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

// The canonical encoding: netstrings of the fields in their fixed order.
function netstring(s) {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from(`${b.length}:`), b, Buffer.from(',')]);
}

function encode(e) {
  return Buffer.concat(['p2ham-audit-1', String(e.seq), e.at, e.actor_id ? String(e.actor_id) : '',
    e.actor, e.action, e.object_type, e.object_id ? String(e.object_id) : '', e.summary,
    e.request_id].map(netstring));
}

function chainHash(prevHex, e) {
  return crypto.createHash('sha256').update(Buffer.from(prevHex, 'hex')).update(encode(e))
    .digest('hex');
}

function insertSql(e) {
  return 'INSERT INTO audit_log (seq, at, actor_id, actor, action, object_type, object_id, ' +
    `summary, request_id, hash) VALUES (${e.seq}, ${quote(e.at)}, ${quote(e.actor_id || null)}, ` +
    `${quote(e.actor)}, ${quote(e.action)}, ${quote(e.object_type)}, ` +
    `${quote(e.object_id || null)}, ${quote(e.summary)}, ${quote(e.request_id)}, ` +
    `${quote(e.hash)});`;
}

function verify(...extra) {
  const r = runCommand(['audit', 'verify', ...dbArgs(), ...extra]);
  return { ...r, first: (r.stdout || '').split('\n')[0] };
}

function assertIntact(label) {
  const r = verify();
  assert.equal(r.status, 0, `${label}: ${r.stdout}${r.stderr}`);
  assert.equal(r.first, `audit chain ok: ${S(ENTRIES)} entries, head ${entries.at(-1).hash}`);
}

function assertBroken(r, seq, reason) {
  assert.equal(r.status, 1, `exit status\n${r.stdout}${r.stderr}`);
  assert.match(r.first, new RegExp(`^audit chain broken at entry ${seq}: `), r.stdout);
  assert.match(r.first, reason, r.stdout);
}

const entries = [];
let checkpointFile;
const ADMIN = { email: 'auditor@ditjenham.go.id', name: 'Admin Audit', password: 'Hak-Asasi-2023!' };
let admin; // a Client signed in as ADMIN

/** p2ham user add, the password on standard input. */
function addUser(u, extra = []) {
  return spawnSync(binary, ['user', 'add', ...dbArgs(), '--email', u.email, '--name', u.name,
    ...extra], { input: `${u.password}\n`, encoding: 'utf8', timeout: 60000 });
}

test('an administrator signs in; /audit is closed to others', async () => {
  const r = addUser(ADMIN, ['--role', 'admin']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const anon = await holder.server.request('/audit', { headers: { accept: 'application/json' } });
  assert.equal(anon.status, 401);
  admin = new Client(holder.server);
  const login = await admin.login(ADMIN.email, ADMIN.password);
  assert.equal(login.status, 303, login.text);
  assert.equal((await admin.json('/audit')).status, 200);
});

test('entries written by another implementation of the format verify', () => {
  const head = sqlOk('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;');
  if (head !== '') [base, baseHash] = [Number(head.split('|')[0]), head.split('|')[1]];
  let prev = baseHash;
  const kinds = [
    ['user.create', 'user', 11], ['unit.update', 'unit', 7], ['user.update', 'user', 11],
    ['cycle.open', 'cycle', 3], ['session.login', 'user', 12], ['setting.change', '', 0],
  ];
  for (let i = 0; i < ENTRIES; i++) {
    const [action, type, id] = kinds[i];
    const e = {
      seq: S(i + 1), at: `2001-03-0${i + 1}T08:00:00Z`, actor_id: i % 2 ? 12 : 0,
      actor: i % 2 ? 'admin@kemenham.go.id' : 'cli', action, object_type: type, object_id: id,
      summary: JSON.stringify({ n: i, nama: 'Kantor Imigrasi — Kelas I' }), request_id: i % 2 ? `r${i}` : '',
    };
    e.hash = chainHash(prev, e);
    prev = e.hash;
    entries.push(e);
  }
  // One transaction, so that the server's checkpointer sees all or none.
  sqlOk(`BEGIN;\n${entries.map(insertSql).join('\n')}\nCOMMIT;`);
  assertIntact('intact chain');
});

test('the server signs a checkpoint of the new head by itself', async () => {
  const srv = holder.server;
  const head = entries.at(-1);
  const deadline = Date.now() + 15000;
  let cp;
  while (Date.now() < deadline) {
    const r = await srv.request('/transparansi', { headers: { accept: 'application/json' } });
    assert.equal(r.status, 200);
    cp = r.json.checkpoints.find((c) => c.seq === S(ENTRIES));
    if (cp) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(cp, `no checkpoint of entry ${S(ENTRIES)} within 15 s\n${srv.log()}`);
  assert.equal(cp.head_hash, head.hash);
  assert.equal(srv.logLines('event=audit_checkpoint', `seq=${S(ENTRIES)}`).length, 1, srv.log());
});

test('the database refuses to change or remove audit entries and checkpoints', () => {
  // Both tables hold rows now (row triggers fire only for rows).
  for (const stmt of ['UPDATE audit_log SET actor = \'x\' WHERE seq = 1;',
    'DELETE FROM audit_log WHERE seq = 1;', 'UPDATE audit_checkpoint SET at = \'x\';',
    'DELETE FROM audit_checkpoint;']) {
    const r = sql(stmt);
    assert.notEqual(r.status, 0, `${stmt} was accepted`);
    assert.match(r.err, /append-only/, stmt);
  }
  assertIntact('after refused changes');
});

test('p2ham audit checkpoint prints the signed checkpoint, which Ed25519 verifies', async () => {
  const r = runCommand(['audit', 'checkpoint', ...dbArgs()]);
  assert.equal(r.status, 0, r.stderr);
  const cp = JSON.parse(r.stdout);
  assert.equal(cp.format, 'p2ham-checkpoint-1');
  assert.equal(cp.algorithm, 'ed25519');
  assert.equal(cp.seq, S(ENTRIES));
  assert.equal(cp.head_hash, entries.at(-1).hash);
  assert.equal(cp.message, `p2ham-checkpoint\n${cp.seq}\n${cp.head_hash}\n${cp.at}`);

  // Checked here with nothing but the published key and Node's crypto.
  const page = await holder.server.request('/transparansi', { headers: { accept: 'application/json' } });
  const key = crypto.createPublicKey(page.json.public_key.pem);
  assert.equal(page.json.public_key.base64, cp.public_key);
  assert.ok(crypto.verify(null, Buffer.from(cp.message), key, Buffer.from(cp.signature, 'base64')));
  assert.ok(!crypto.verify(null, Buffer.from(cp.message + 'x'), key,
    Buffer.from(cp.signature, 'base64')));
  checkpointFile = path.join(scratch, 'checkpoint.json');
  writeFileSync(checkpointFile, r.stdout);

  const v = verify('--checkpoint', checkpointFile);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`checkpoint .* holds: entry ${S(ENTRIES)}, head ${cp.head_hash}`));
});

test('/transparansi shows the checkpoint and offers it for download', async () => {
  const srv = holder.server;
  const head = entries.at(-1).hash;
  const html = await srv.request('/transparansi');
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.ok(html.text.includes(head), 'head hash on the page');
  assert.match(html.text, /<caption>[^<]+<\/caption>/);
  assert.match(html.text, /<th scope="col">/);
  assert.match(html.text, new RegExp(`href="/transparansi/${S(ENTRIES)}" download`));
  assert.match(html.text, /-----BEGIN PUBLIC KEY-----/);
  const en = await srv.request('/transparansi?lang=en');
  assert.match(en.text, /How to check for yourself/);

  const file = await srv.request(`/transparansi/${S(ENTRIES)}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-disposition'),
    `attachment; filename="p2ham-checkpoint-${S(ENTRIES)}.json"`);
  assert.equal(file.json.head_hash, head);
  assert.equal((await srv.request('/transparansi/999999')).status, 404);
  assert.equal((await srv.request('/transparansi/abc')).status, 400);
});

test('/audit lists entries newest first, filters them and links their objects', async () => {
  const get = async (q) => {
    const r = await admin.json(`/audit${q}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    return r.json;
  };
  const newestFirst = Array.from({ length: S(ENTRIES) }, (_, i) => S(ENTRIES) - i);
  const all = await get('?batas=200');
  assert.deepEqual(all.entries.map((e) => e.seq), newestFirst);
  const u = all.entries.find((e) => e.seq === S(1));
  assert.equal(u.object_href, '/pengguna/11');
  assert.equal(u.actor, 'cli');
  assert.equal(u.summary.n, 0);
  assert.equal(all.entries.find((e) => e.seq === S(2)).object_href, '/unit/7');
  assert.equal(all.entries.find((e) => e.seq === S(2)).actor_href, '/pengguna/12');

  assert.deepEqual((await get('?jenis=user&objek=11')).entries.map((e) => e.seq), [S(3), S(1)]);
  assert.deepEqual((await get('?pelaku=12')).entries.map((e) => e.seq), [S(6), S(4), S(2)]);
  assert.deepEqual((await get('?tindakan=user.update')).entries.map((e) => e.seq), [S(3)]);
  assert.deepEqual((await get('?dari=2001-03-02&sampai=2001-03-04')).entries.map((e) => e.seq),
    [S(4), S(3), S(2)]);
  assert.deepEqual((await get('?pelaku=12&jenis=unit')).entries.map((e) => e.seq), [S(2)]);

  // Every filter and pair of filters, against the rows as stored (p2ham
  // init may have logged entries of its own before ours).
  const rows = sqlOk('SELECT seq, at, actor_id, object_type, object_id, action FROM audit_log;')
    .split('\n').map((l) => {
      const [seq, at, actorId, type, id, action] = l.split('|');
      return { seq: Number(seq), at, actorId, type, id, action };
    });
  const cases = [
    ['?jenis=cycle', (r) => r.type === 'cycle'],
    ['?jenis=user', (r) => r.type === 'user'],
    ['?jenis=cycle&objek=3', (r) => r.type === 'cycle' && r.id === '3'],
    ['?objek=11', (r) => r.id === '11'],
    ['?sampai=2001-03-02', (r) => r.at < '2001-03-03'],
    ['?dari=2001-03-05', (r) => r.at >= '2001-03-05'],
    ['?dari=2001-03-02&sampai=2001-03-02', (r) => r.at.startsWith('2001-03-02')],
    ['?tindakan=user.create&sampai=2001-12-31', (r) => r.action === 'user.create' && r.at < '2002'],
    ['?pelaku=12&dari=2001-03-03', (r) => r.actorId === '12' && r.at >= '2001-03-03'],
    ['?jenis=user&tindakan=session.login', (r) => r.type === 'user' && r.action === 'session.login'],
  ];
  for (const [q, keep] of cases) {
    const want = rows.filter(keep).map((r) => r.seq).sort((a, b) => b - a);
    assert.deepEqual((await get(`${q}&batas=200`)).entries.map((e) => e.seq), want, q);
  }
  assert.deepEqual((await get('?pelaku=12&jenis=user')).entries, []);

  // Pages of two, following the links.
  let page = await get('?batas=2');
  const seen = [];
  for (;;) {
    seen.push(...page.entries.map((e) => e.seq));
    if (!page.older_href) break;
    page = await get(page.older_href.slice('/audit'.length));
  }
  assert.deepEqual(seen, newestFirst);

  for (const bad of ['?batas=0', '?batas=201', '?pelaku=x', '?dari=2026-02-30', '?sebelum=-1']) {
    assert.equal((await admin.get(`/audit${bad}`)).status, 400, bad);
  }
  const html = await admin.get('/audit?lang=en');
  assert.match(html.text, /<caption>Audit log entries/);
  assert.match(html.text, /<label for="f-tindakan">/);
  assert.match(html.text, /<a href="\/pengguna\/11">User 11<\/a>/);
  assert.match(html.text, /<th scope="row">/);
});

test('the append-only triggers are dropped, as an attacker with file access would', () => {
  sqlOk(backend === 'postgresql'
    ? 'DROP TRIGGER audit_log_append_only ON audit_log; ' +
      'DROP TRIGGER audit_checkpoint_append_only ON audit_checkpoint;'
    : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ' +
      'DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_delete;');
});

test('an edited entry is found', () => {
  sqlOk(`UPDATE audit_log SET summary = '{"n":99}' WHERE seq = ${S(3)};`);
  assertBroken(verify(), S(3), /entry edited/);
  sqlOk(`UPDATE audit_log SET summary = ${quote(entries[2].summary)} WHERE seq = ${S(3)};`);
  assertIntact('edit undone');
});

test('a deleted entry is found', () => {
  sqlOk(`DELETE FROM audit_log WHERE seq = ${S(4)};`);
  assertBroken(verify(), S(4), new RegExp(`entry deleted \\(the next stored entry is ${S(5)}\\)`));
  sqlOk(insertSql(entries[3]));
  assertIntact('deletion undone');
});

test('reordered entries are found', () => {
  const swap = `UPDATE audit_log SET seq = -1 WHERE seq = ${S(2)}; ` +
    `UPDATE audit_log SET seq = ${S(2)} WHERE seq = ${S(3)}; ` +
    `UPDATE audit_log SET seq = ${S(3)} WHERE seq = -1;`;
  sqlOk(swap);
  assertBroken(verify(), S(2), new RegExp(
    `entries reordered \\(the entry written as ${S(2)} is now stored as ${S(3)}\\)`));
  sqlOk(swap);
  assertIntact('reordering undone');
});

test('entries cut off the end are found by the stored checkpoint', () => {
  sqlOk(`DELETE FROM audit_log WHERE seq = ${S(ENTRIES)};`);
  assertBroken(verify(), S(ENTRIES), /entries from here on are missing/);
  sqlOk(insertSql(entries[ENTRIES - 1]));
  assertIntact('cut undone');
});

test('a consistently rewritten chain is found by the signed checkpoints', () => {
  // Rewrite entry 2 and recompute every hash after it: the chain itself holds.
  const forged = entries.map((e) => ({ ...e }));
  forged[1].summary = '{"n":1,"forged":true}';
  let prev = baseHash;
  for (const e of forged) {
    e.hash = chainHash(prev, e);
    prev = e.hash;
  }
  const rewrite = (list) => list.slice(1).map((e) => `UPDATE audit_log SET summary = ${quote(e.summary)}, ` +
    `hash = ${quote(e.hash)} WHERE seq = ${e.seq};`).join('\n');
  const saved = sqlOk('SELECT seq, head_hash, at, signature, public_key FROM audit_checkpoint ORDER BY seq;');
  sqlOk(rewrite(forged));
  // The stored checkpoint of the last entry no longer matches.
  assertBroken(verify(), S(ENTRIES), /differs from the checkpoint signed at/);
  // Without the stored checkpoints, the one kept elsewhere still tells.
  sqlOk('DELETE FROM audit_checkpoint;');
  const r = verify();
  assert.equal(r.status, 0, 'a rewritten chain without checkpoints cannot be told apart');
  assertBroken(verify('--checkpoint', checkpointFile), S(ENTRIES),
    /differs from checkpoint .*checkpoint\.json/);

  // Undone in one transaction: the server may have signed the forged head
  // meanwhile, as it would for an attacker.
  const restore = saved.split('\n').map((line) => {
    const [seq, head, at, sig, pk] = line.split('|');
    return 'INSERT INTO audit_checkpoint (seq, head_hash, at, signature, public_key) VALUES ' +
      `(${seq}, ${quote(head)}, ${quote(at)}, ${quote(sig)}, ${quote(pk)});`;
  });
  sqlOk(`BEGIN;\n${rewrite(entries)}\nDELETE FROM audit_checkpoint;\n${restore.join('\n')}\nCOMMIT;`);
  assertIntact('rewrite undone');
});

test('a forged checkpoint is refused', () => {
  const cp = JSON.parse(runCommand(['audit', 'checkpoint', ...dbArgs()]).stdout);
  const forged = path.join(scratch, 'forged.json');
  writeFileSync(forged, JSON.stringify({ ...cp, head_hash: 'a'.repeat(64) }));
  const r = verify('--checkpoint', forged);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.first, new RegExp(`signature of checkpoint ${S(ENTRIES)} does not verify`));
});

test('p2ham user add appends user.create to a chain that still holds', async () => {
  const r = addUser({ email: 'operator@imigrasi.go.id', name: 'Siti Rahmawati',
    password: 'Pelayanan#Prima9' }, ['--role', 'operator', '--scope', 'unit:7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const v = verify();
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.first, /^audit chain ok: \d+ entries, head [0-9a-f]{64}$/);
  assert.ok(Number(/ok: (\d+) entries/.exec(v.first)[1]) > S(ENTRIES), v.first);
  // A fresh connection: the tampering above left the pooled ones idle for
  // seconds, long enough for keep-alive to race with the server.
  const list = await httpRequest(holder.server.port, {
    path: '/audit?tindakan=user.create&batas=1',
    headers: { accept: 'application/json', cookie: admin.cookieHeader() },
  });
  assert.equal(list.status, 200, list.text || String(list.error));
  const e = JSON.parse(list.text).entries[0];
  assert.ok(e.seq > S(ENTRIES), JSON.stringify(e));
  assert.match(e.object_href, /^\/pengguna\/\d+$/);
  assert.ok(!/password|sandi/i.test(e.summary_text), e.summary_text);
});

testCleanStop(holder);
