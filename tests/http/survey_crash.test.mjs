// The survey's hot path survives a crash: a stream of submissions runs with
// many in flight, the server is killed with SIGKILL in the middle of it,
// and after a restart every answer that was acknowledged (303) is in the
// answers table, `p2ham survey recount --check` finds the counters equal
// to the answers, and an acknowledged form sent again is refused as a
// replay (the writer's memory of nonces is rebuilt from the answers).

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadDemo, runCommand, runOn, sqlOk, startServer } from './lib.mjs';
import { KANIM, answers, form, kill, nonceOf, serveAgain, sleep, tokenOf } from './survey_fixture.mjs';

const FORMS = 400;   // tokens fetched beforehand
const IN_FLIGHT = 24; // submissions at once
const KILL_AFTER = 120; // acknowledged answers before the kill

let server;
after(async () => {
  if (server && server.isAlive) await server.stop('SIGKILL');
});

test('SIGKILL during a stream of submissions loses no acknowledged answer', { timeout: 240000 }, async () => {
  server = await startServer();
  loadDemo(server);
  const unit = Number(sqlOk(server, `SELECT id FROM unit WHERE name = '${KANIM}'`));
  // No rate limit for this stream from one address; read at start.
  let r = runCommand(['setting', 'set', '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : []), 'form.rate_max', '0']);
  assert.equal(r.status, 0, r.stderr);
  await kill(server);
  server = await serveAgain(server);

  const tokens = [];
  for (let i = 0; i < FORMS; i++) tokens.push(tokenOf((await server.request(`/survei/${unit}`)).text));
  await sleep(1100);

  const acked = [];
  let failed = 0;
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (next < tokens.length) {
      const token = tokens[next++];
      try {
        const res = await fetch(`${server.url}/survei/${unit}`, {
          method: 'POST', redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form(answers(token, { u3: String(1 + (next % 4)) })),
        });
        await res.arrayBuffer();
        if (res.status === 303) acked.push(token);
        else failed++;
      } catch {
        failed++; // the connection died with the server
      }
      if (!killed && acked.length >= KILL_AFTER) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await server.exited;
  assert.ok(killed, `the server was killed mid-stream (${acked.length} acknowledged)`);
  assert.ok(failed > 0, 'some submissions were cut off by the kill');

  server = await serveAgain(server);
  const stored = new Set(sqlOk(server, `SELECT nonce FROM survey_answer WHERE unit_id = ${unit}`).split('\n'));
  const missing = acked.filter((t) => !stored.has(nonceOf(t)));
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged answers lost`);

  r = runOn(server, ['survey', 'recount', '--check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, / 0 differences/);

  // The writer remembers what it kept before the crash.
  const again = await server.request(`/survei/${unit}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(answers(acked[0])),
  });
  assert.equal(again.status, 409);
  assert.match(again.text, /sudah pernah dikirim/);

  const stop = await server.stop();
  assert.equal(stop.code, 0);
});
