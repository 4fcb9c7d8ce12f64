// The database going away and coming back: /healthz says 503 while it is
// gone, the error counter moves, nothing crashes, and the server reconnects.
// PostgreSQL only: a SQLite file cannot be taken away from an open connection.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { backend, pgBaseUrl, psqlBin, testCleanStop, useServer } from './lib.mjs';

const skip = backend !== 'postgresql' && 'needs PostgreSQL (P2HAM_TEST_DB)';
const ctx = skip ? null : useServer();

function psql(sql) {
  const r = spawnSync(psqlBin, [pgBaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, `psql ${sql}: ${r.stderr}`);
}

async function dbErrors() {
  const r = await ctx.server.request('/metrics');
  const m = /^p2ham_db_errors_total (\d+)$/m.exec(r.text);
  assert.ok(m, 'p2ham_db_errors_total in /metrics');
  return Number(m[1]);
}

/** Polls /healthz until it answers `status` or the time is up; returns the last answer. */
async function healthUntil(status, ms) {
  const end = Date.now() + ms;
  let r;
  do {
    r = await ctx.server.request('/healthz');
    if (r.status === status) return r;
    await new Promise((res) => setTimeout(res, 100));
  } while (Date.now() < end);
  return r;
}

test('healthz is 503 while the database refuses connections, 200 once it is back', { skip, timeout: 60000 }, async () => {
  const name = ctx.server.db.name;
  const before = await dbErrors();
  assert.equal((await ctx.server.request('/healthz')).status, 200);

  psql(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  psql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  try {
    const down = await healthUntil(503, 10000);
    assert.equal(down.status, 503, `healthz while the database is unreachable: ${down.text}`);
    assert.match(down.headers.get('content-type'), /^application\/json\b/);
    assert.equal(down.json?.database, 'postgresql');
    assert.notEqual(down.json?.status, 'ok');
    assert.ok(await dbErrors() > before, 'p2ham_db_errors_total grew');
    // Pages that need no database still answer, and nothing crashed.
    assert.equal((await ctx.server.request('/static/style.css')).status, 200);
    assert.ok(ctx.server.isAlive);
  } finally {
    psql(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }

  const up = await healthUntil(200, 10000);
  assert.equal(up.status, 200, `healthz after the database came back: ${up.text}`);
  assert.deepEqual(up.json, { status: 'ok', database: 'postgresql' });
  assert.equal((await ctx.server.request('/')).status, 200);
});

if (!skip) testCleanStop(ctx);
