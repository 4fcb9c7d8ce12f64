// Two `p2ham serve` on one PostgreSQL database, each keeping its own public
// pages: each knows the data's version from the database's notifications,
// not from a read per request, and still a write through one server shows
// on the other's kept pages as soon as the other has its notification (which
// the test waits for, on the version the other's /metrics reports, not on a
// clock: the notification reaches it some milliseconds after the commit,
// and before it the other answers what it kept); when the listening connections are cut
// the servers read the version per request until they listen again, and the
// pages stay exact meanwhile and after. The grants each server keeps of a
// signed-in user follow the same version: a role revoked through one server
// is gone on the other once it has the notification, and so is a session
// ended through one.
//
// PostgreSQL only (P2HAM_TEST_DB).

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, signIn } from './client.mjs';
import {
  DEMO_PASSWORD, createDatabase, dropDatabase, httpRequest, pgBaseUrl, runCommand, serveOn, sqlOk,
} from './lib.mjs';

const c = { dirs: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tempDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  c.dirs.push(d);
  return d;
}

const sql = (text) => sqlOk({ db: c.db }, text);

/** An anonymous GET of path on server s. */
const get = (s, p, headers = {}) => httpRequest(s.port, { path: p, headers });

/** The ETag and text of a kept page on s, checked kept: asked again with it, 304. */
async function kept(s, p) {
  const r = await get(s, p);
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  const again = await get(s, p, { 'if-none-match': r.headers.etag });
  assert.equal(again.status, 304, `${p} is kept on ${s.port}`);
  return { etag: r.headers.etag, text: r.text };
}

/** Publish a correction of the cycle's results through server s. */
async function publish(s, text) {
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  await admin.get(`/siklus/${c.cycle}/hasil`);
  const r = await admin.post(`/siklus/${c.cycle}/hasil`, { koreksi: text });
  assert.equal(r.status, 303, r.text.slice(0, 300));
}

/** The data's version server s answers under, from its /metrics. */
async function versionOf(s) {
  const r = await get(s, '/metrics');
  assert.equal(r.status, 200);
  const m = /^p2ham_data_version (-?\d+)$/m.exec(r.text);
  assert.ok(m, 'the metrics name the data version');
  return Number(m[1]);
}

/** Wait until s has been told of the audit log's last entry (its
 * notification arrived); fails when it never is. */
async function learnt(s) {
  const head = Number(sql('SELECT max(seq) FROM audit_log'));
  let v = -1;
  for (let i = 0; i < 200 && (v = await versionOf(s)) < head; i++) await sleep(25);
  assert.ok(v >= head, `server ${s.port} knows entry ${head} (it says ${v})`);
}

/** Lines of s's log that say its listening connection came up. */
const ups = (s) => s.log().split('\n').filter((l) => l.includes('event=db_listen state=up')).length;

describe('kept public pages on two servers of one PostgreSQL', { skip: !pgBaseUrl && 'PostgreSQL only' }, () => {
  before(async () => {
    c.db = createDatabase();
    const dirA = tempDir('p2ham-pa-');
    const dirB = tempDir('p2ham-pb-');
    let r = runCommand(['init', '--data-dir', dirA, '--db', c.db.url]);
    assert.equal(r.status, 0, r.stderr);
    r = runCommand(['demo', '--data-dir', dirA, '--db', c.db.url]);
    assert.equal(r.status, 0, r.stderr);
    const key = path.join(tempDir('p2ham-pk-'), 'signing.key');
    copyFileSync(path.join(dirA, 'keys', 'signing.key'), key);
    c.a = await serveOn(dirA, { db: c.db });
    c.b = await serveOn(dirB, { db: c.db, args: ['--signing-key', key] });
    c.cycle = Number(sql(`SELECT id FROM cycle WHERE year = 2023`));
    for (let i = 0; i < 100 && (ups(c.a) < 1 || ups(c.b) < 1); i++) await sleep(50);
    assert.equal(ups(c.a), 1, c.a.log());
    assert.equal(ups(c.b), 1, c.b.log());
  });

  after(async () => {
    for (const s of [c.a, c.b]) if (s?.isAlive) await s.stop('SIGKILL');
    if (c.db) dropDatabase(c.db.name);
    for (const d of c.dirs) rmSync(d, { recursive: true, force: true });
  });

  test('a write through one server changes the other\'s kept page once it has the notification', async () => {
    const p = `/hasil/${c.cycle}`;
    for (const [from, to, text] of [[c.a, c.b, 'Koreksi lewat server A.'],
      [c.b, c.a, 'Koreksi lewat server B.']]) {
      const before = await kept(to, p);
      assert.doesNotMatch(before.text, new RegExp(text.replace('.', '\\.')));
      await publish(from, text);
      await learnt(to);
      const r = await get(to, p, { 'if-none-match': before.etag });
      assert.equal(r.status, 200, 'the old ETag no longer matches');
      assert.notEqual(r.headers.etag, before.etag);
      assert.ok(r.text.includes(text), `the other server shows "${text}" at once`);
    }
  });

  test('a role revoked or a session ended through one server ends on the other once it has the notification', async () => {
    const email = 'operator.kanim.gorontalo@p2ham.demo';
    const uid = Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
    const pid = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
      WHERE p.cycle_id = ${c.cycle} AND u.name = 'Kantor Imigrasi Kelas I TPI Gorontalo'`));
    const gid = Number(sql(`SELECT id FROM role_grant WHERE user_id = ${uid}
      AND scope_kind = 'unit' ORDER BY id LIMIT 1`));
    const onA = await signIn(c.a, email, DEMO_PASSWORD);
    const onB = new Client(c.b);
    onB.cookies = new Map(onA.cookies);
    for (let i = 0; i < 2; i++) {
      assert.equal((await onB.get(`/partisipasi/${pid}`)).status, 200, 'the operator sees the unit on B');
    }
    const admin = await signIn(c.a, 'admin@p2ham.demo', DEMO_PASSWORD);
    await admin.get(`/pengguna/${uid}`);
    const r = await admin.post(`/pengguna/${uid}/peran/${gid}/cabut`, {});
    assert.equal(r.status, 303, r.text.slice(0, 300));
    await learnt(c.b);
    assert.notEqual((await onB.get(`/partisipasi/${pid}`)).status, 200,
      'the revoked role no longer opens the unit on B');
    assert.equal((await onB.get('/akun')).status, 200, 'still signed in on B');
    await onA.get('/akun');
    assert.equal((await onA.post('/keluar')).status, 303);
    await learnt(c.b);
    assert.equal((await onB.get('/akun')).status, 303, 'signed out on B once B has the notification');
  });

  test('with the listening connections cut, the pages stay exact and listening resumes', async () => {
    const p = `/hasil/${c.cycle}`;
    const before = await kept(c.b, p);
    sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'p2ham-listen' AND datname = current_database()`);
    await publish(c.a, 'Koreksi saat sambungan terputus.');
    let r = await get(c.b, p, { 'if-none-match': before.etag });
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('Koreksi saat sambungan terputus.'));
    for (let i = 0; i < 100 && (ups(c.a) < 2 || ups(c.b) < 2); i++) await sleep(100);
    assert.equal(ups(c.b), 2, 'B listens again');
    assert.equal(ups(c.a), 2, 'A listens again');
    const again = await kept(c.b, p);
    await publish(c.a, 'Koreksi setelah tersambung lagi.');
    r = await get(c.b, p, { 'if-none-match': again.etag });
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('Koreksi setelah tersambung lagi.'));
  });
});
