// The file store at start: a stored content that no file row holds (its
// request rolled back after the file was kept) is removed once it is older
// than a day; contents that rows hold, and recent ones, stay.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { binary, freePort, loadDemo, storedFiles, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function blobPath(server, sha) {
  return path.join(server.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
}

/** Puts content in the store as a request would, dated days ago. */
function keep(server, content, daysAgo) {
  const sha = createHash('sha256').update(content).digest('hex');
  const p = blobPath(server, sha);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  const t = Date.now() / 1000 - daysAgo * 86400;
  utimesSync(p, t, t);
  return sha;
}

/** Starts another server on the same data directory and database; its start-up sweeps. */
async function startAgain(server) {
  const port = await freePort();
  const env = { ...process.env, P2HAM_LOG_LEVEL: 'info' };
  for (const k of Object.keys(env)) if (k.startsWith('P2HAM_') && k !== 'P2HAM_LOG_LEVEL') delete env[k];
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : [])], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    assert.ok(Date.now() < deadline && child.exitCode === null, `second server did not start\n${log}`);
    await sleep(50);
  }
  return { log: () => log, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

test('contents no row holds are swept at start after a day; held and recent ones stay', async () => {
  const s = holder.server;
  loadDemo(s);
  const held = storedFiles(s).blobs;
  assert.ok(held.length > 0, 'the demo stored evidence');
  // A held content, old: it stays whatever its age.
  const old = Date.now() / 1000 - 3 * 86400;
  utimesSync(blobPath(s, held[0]), old, old);
  const orphan = keep(s, 'isi berkas dari permintaan yang dibatalkan', 2);
  const recent = keep(s, 'isi berkas yang baru saja disimpan', 0);
  const other = await startAgain(s);
  try {
    assert.ok(!existsSync(blobPath(s, orphan)), 'the old orphan is gone');
    assert.ok(existsSync(blobPath(s, recent)), 'a recent content stays (its row may be coming)');
    assert.ok(existsSync(blobPath(s, held[0])), 'a content a row holds stays');
    assert.deepEqual(storedFiles(s).blobs.filter((b) => held.includes(b)), held);
    assert.match(other.log(), new RegExp(`event=file_orphan_removed sha256=${orphan}`));
  } finally {
    await other.stop();
  }
});

testCleanStop(holder);
