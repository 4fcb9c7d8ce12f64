// The offload pool (src/http/offload.h): slow requests (sign-in, uploads,
// answers saved, submissions) run on their own threads while their
// connections are parked, so that page views are answered meanwhile; a
// full queue is answered 503 with Retry-After and a message in Bahasa
// Indonesia; SIGTERM answers every parked request and exits 0.
//
// Each server here runs one worker thread and one offload thread, and holds
// every offloaded request P2HAM_TEST_OFFLOAD_DELAY_MS first (a knob for
// tests only, unset by default): the pool's one thread is then occupied
// the way a burst of uploads, sign-ins or submissions occupies it.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { Client } from './client.mjs';
import { backend, loadDemo, sqlOk, startServer } from './lib.mjs';
import { KANIM, answers, form, tokenOf } from './survey_fixture.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const BUSY_ID = /Server sedang menangani banyak kiriman sekaligus/;

function held(delayMs, queue) {
  return startServer({
    args: ['--threads', '1', '--offload-threads', '1', '--offload-queue', String(queue)],
    env: { P2HAM_TEST_OFFLOAD_DELAY_MS: String(delayMs) },
  });
}

// A sign-in with a wrong password through the real form (an offloaded
// route): resolves { status, text, headers, done } once answered.
async function wrongSignIn(srv, headers = {}) {
  const c = new Client(srv);
  await c.get('/masuk');
  return () => c.post('/masuk', { email: 'nobody@example.org', password: 'salah-sekali' }, { headers });
}

test('a page view is answered while slow requests hold every offload thread', { timeout: 60000 }, async () => {
  const srv = await held(5000, 4);
  try {
    const a = await wrongSignIn(srv);
    const b = await wrongSignIn(srv);
    let pending = 2;
    const posts = [a(), b()].map((p) => p.then((r) => { pending--; return r; }));
    await sleep(1000); // both handed over: one running, one queued
    const view = await srv.request('/');
    assert.equal(view.status, 200);
    assert.equal(pending, 2, 'the page view came back before the held sign-ins');
    const answered = await Promise.all(posts);
    for (const r of answered) {
      // Refused as before: the form again, with its message.
      assert.equal(r.status, 401, r.text.slice(0, 300));
      assert.match(r.text, /name="email"/);
    }
    // The access log's line is written once the answer has gone out.
    assert.equal((await srv.waitLogLines(2, 'event=request', 'route=/masuk', 'method=POST')).length, 2);
  } finally {
    await srv.stop('SIGKILL');
  }
});

test('a full queue is answered 503 with Retry-After and a message in Bahasa Indonesia', { timeout: 60000 }, async () => {
  const srv = await held(4000, 1);
  try {
    const a = await wrongSignIn(srv);
    const b = await wrongSignIn(srv);
    const c = await wrongSignIn(srv);
    const d = await wrongSignIn(srv, { accept: 'application/json' });
    const running = a();
    await sleep(800);
    const queued = b();
    await sleep(800);
    const refused = await c();
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.match(refused.text, BUSY_ID);
    const refusedJson = await d();
    assert.equal(refusedJson.status, 503);
    assert.equal(refusedJson.json.error.code, 'busy');
    assert.match(refusedJson.json.error.message, BUSY_ID);
    // The two it took are answered as usual.
    for (const r of await Promise.all([running, queued])) assert.equal(r.status, 401);
    assert.equal(srv.logLines('event=offload_full').length, 2);
  } finally {
    await srv.stop('SIGKILL');
  }
});

test('a request parked longer than the idle timeout is still answered', { timeout: 60000 }, async () => {
  // libmicrohttpd counts no activity on a suspended connection: the wait
  // for the pool is the server's, and must not time the client out.
  const srv = await startServer({
    args: ['--threads', '1', '--offload-threads', '1', '--timeout', '1'],
    env: { P2HAM_TEST_OFFLOAD_DELAY_MS: '3000' },
  });
  try {
    const post = await wrongSignIn(srv);
    const r = await post().catch((e) => ({ status: `no answer (${e.cause?.code || e})` }));
    assert.equal(r.status, 401);
  } finally {
    await srv.stop('SIGKILL');
  }
});

test('SIGTERM with parked requests answers each of them and exits 0', { timeout: 60000 }, async () => {
  // Held past the shutdown's grace (4 s): the running request finishes,
  // the queued ones are answered 503 unrun.
  const srv = await held(9000, 4);
  const a = await wrongSignIn(srv);
  const b = await wrongSignIn(srv);
  const c = await wrongSignIn(srv);
  const running = a();
  await sleep(1000);
  const queued = [b(), c()];
  await sleep(1000);
  // The running one may take a while past its delay on a busy machine
  // (argon2id): the process is given 30 s rather than stop()'s 10.
  srv.child.kill('SIGTERM');
  const st = await Promise.race([srv.exited, sleep(30000).then(() => ({ signal: 'none: still running' }))]);
  const [r0, r1, r2] = await Promise.all([running, ...queued]);
  await srv.stop('SIGKILL');
  assert.equal(st.signal, null, `died of ${st.signal}\n${srv.log().slice(-2000)}`);
  assert.equal(st.code, 0, `exit code\n${srv.log().slice(-2000)}`);
  assert.equal(r0.status, 401, 'the running sign-in was answered as usual');
  for (const r of [r1, r2]) {
    assert.equal(r.status, 503);
    assert.match(r.text, BUSY_ID);
  }
  assert.equal(srv.logLines('event=stopped').length, 1, srv.log().slice(-2000));
});

test('SIGTERM while survey posts wait for a locked database: answered, exit 0', { timeout: 90000,
  skip: backend !== 'sqlite' && 'holds the SQLite write lock' }, async () => {
  // The writer waits up to its busy timeout (5 s), longer than the
  // shutdown's grace (4 s): the daemon must not stop while the post's
  // connection is still suspended (libmicrohttpd aborts the process then).
  const srv = await startServer();
  loadDemo(srv);
  const unit = Number(sqlOk(srv, `SELECT id FROM unit WHERE name = '${KANIM}'`));
  const page = await srv.request(`/survei/${unit}`);
  const token = tokenOf(page.text);
  await sleep(1100);
  const lock = spawn('sqlite3', [path.join(srv.dataDir, 'p2ham.db')], { stdio: ['pipe', 'ignore', 'ignore'] });
  lock.stdin.write('BEGIN IMMEDIATE;\n');
  await sleep(300);
  const posted = srv.request(`/survei/${unit}`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(answers(token)) })
    .catch((e) => ({ status: `no answer (${e.cause?.code || e})` }));
  await sleep(500);
  const stopped = srv.stop('SIGTERM');
  setTimeout(() => lock.stdin.end('ROLLBACK;\n'), 9000);
  const [r, st] = await Promise.all([posted, stopped]);
  assert.equal(st.signal, null, `died of ${st.signal}\n${srv.log().slice(-2000)}`);
  assert.equal(st.code, 0, `exit code\n${srv.log().slice(-2000)}`);
  assert.ok(r.status === 303 || r.status >= 500, `answered: ${r.status}`);
});
