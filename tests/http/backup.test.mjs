// `p2ham backup DIR` while the server takes uploads, and `p2ham restore DIR`
// into an empty installation (a fresh data directory and, on PostgreSQL, a
// fresh database): the manifest holds, a server started there hands out every
// file byte for byte, the audit chain and a checkpoint published before the
// backup still verify; restore refuses a damaged backup and an installation
// that is not empty.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF, binary, createDatabase, dropDatabase, loadDemo, participationOf, pgBaseUrl,
  runCommand, runOn, serveOn, sqlOk, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const UNIT = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const ctx = { uploaded: [] };
const cleanup = [];

after(async () => {
  if (ctx.restored?.isAlive) await ctx.restored.stop('SIGKILL');
  for (const f of cleanup) f();
});

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/** A new empty directory, removed after the file. */
function tempDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A PDF of its own bytes (the store keeps each content once). */
function pdf(i) {
  return Buffer.concat([TINY_PDF, Buffer.from(`%${i} ${randomBytes(8).toString('hex')}\n`)]);
}

/** Runs p2ham args without blocking the event loop; resolves { status, stdout, stderr }. */
function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Uploads one evidence file as op; returns { id, bytes } of the row it made. */
async function uploadOne(op, i) {
  await op.get(`/partisipasi/${ctx.pid}/pembangunan`);
  const bytes = pdf(i);
  const r = await uploadEvidence(op, ctx.pid, { bytes, name: `bukti-${i}.pdf`, indicator: ctx.indicator });
  assert.ok(r.status === 303 || r.status === 200, `upload ${i}: ${r.status}`);
  const id = Number(sqlOk(holder.server, `SELECT id FROM file WHERE sha256 = '${sha256(bytes)}' ORDER BY id DESC LIMIT 1`));
  assert.ok(id > 0, `upload ${i} has its row`);
  return { id, bytes };
}

test('demo data, an uploaded file and a published checkpoint', async () => {
  loadDemo(holder.server);
  ctx.pid = participationOf(holder.server, UNIT);
  ctx.op = await signIn(holder.server, OPERATOR, DEMO_PASSWORD);
  const page = await ctx.op.json(`/partisipasi/${ctx.pid}/pembangunan`);
  ctx.indicator = page.json.criteria.flatMap((c) => c.indicators).find((i) => i.evidence_required).code;
  ctx.uploaded.push(await uploadOne(ctx.op, 0));
  const cp = runOn(holder.server, ['audit', 'checkpoint']);
  assert.equal(cp.status, 0, cp.stderr);
  ctx.checkpoint = path.join(tempDir('p2ham-cp-'), 'checkpoint.json');
  writeFileSync(ctx.checkpoint, cp.stdout);
});

test('a backup taken while files are uploaded is complete and says so in its manifest', async () => {
  ctx.backup = path.join(tempDir('p2ham-bk-'), 'backup');
  let uploading = true;
  const during = (async () => {
    for (let i = 1; uploading && i < 200; i++) ctx.uploaded.push(await uploadOne(ctx.op, i));
  })();
  await new Promise((r) => setTimeout(r, 150));
  ctx.acknowledged = ctx.uploaded.map((u) => u.id); // before the backup began
  const r = await runAsync(['backup', '--data-dir', holder.server.dataDir,
    ...(holder.server.db ? ['--db', holder.server.db.url] : []), ctx.backup]);
  uploading = false;
  await during;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /backup of (sqlite|postgresql) \(schema \d+\) written to/);
  const manifest = readFileSync(path.join(ctx.backup, 'MANIFEST'), 'utf8').trim().split('\n');
  for (const line of manifest) {
    const [sum, name] = line.split('  ');
    assert.equal(sha256(readFileSync(path.join(ctx.backup, name))), sum, `manifest of ${name}`);
  }
  const names = manifest.map((l) => l.split('  ')[1]);
  assert.ok(names.includes(pgBaseUrl ? 'database.pgdump' : 'database.sqlite'), names.join(' '));
  assert.ok(names.includes('BACKUP'));
  assert.ok(!names.some((n) => /p2ham\.db|\/tmp\//.test(n)), 'no live database file, no spool');
  assert.ok(ctx.uploaded.length > 1, 'uploads went on during the backup');
});

test('restore refuses a damaged backup and a data directory that is not empty', () => {
  const damaged = tempDir('p2ham-dmg-');
  const copy = runCommand(['backup', '--data-dir', holder.server.dataDir,
    ...(holder.server.db ? ['--db', holder.server.db.url] : []), path.join(damaged, 'b')]);
  assert.equal(copy.status, 0, copy.stderr);
  appendFileSync(path.join(damaged, 'b', 'BACKUP'), 'x');
  const target = tempDir('p2ham-rs-');
  let r = runCommand(['restore', '--data-dir', path.join(target, 'data'), path.join(damaged, 'b')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /BACKUP does not match the manifest/);
  assert.ok(!existsSync(path.join(target, 'data')), 'nothing written');
  r = runCommand(['restore', '--data-dir', holder.server.dataDir, ctx.backup]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is not empty/);
});

test('restored into an empty installation, a server hands out every file and the audit verifies', async () => {
  const dataDir = path.join(tempDir('p2ham-rs-'), 'data');
  let db = null;
  if (pgBaseUrl) {
    db = createDatabase();
    cleanup.unshift(() => dropDatabase(db.name));
  }
  const dbArgs = db ? ['--db', db.url] : [];
  let r = runCommand(['restore', '--data-dir', dataDir, ...dbArgs, ctx.backup]);
  assert.equal(r.status, 0, r.stderr);
  r = runCommand(['audit', 'verify', '--data-dir', dataDir, ...dbArgs]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  r = runCommand(['audit', 'verify', '--checkpoint', ctx.checkpoint, '--data-dir', dataDir, ...dbArgs]);
  assert.equal(r.status, 0, `the published checkpoint holds\n${r.stdout}${r.stderr}`);

  ctx.restored = await serveOn(dataDir, { db });
  const op = await signIn(ctx.restored, OPERATOR, DEMO_PASSWORD);
  const first = ctx.uploaded[0];
  const res = await ctx.restored.fetch(`/berkas/${first.id}`, { headers: { cookie: op.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), first.bytes, 'byte-identical');
  // Every file the restored database names is there, whole (in the data
  // directory's store on SQLite; on PostgreSQL the files may be in the
  // database, checked by the downloads below).
  const onDisk = pgBaseUrl ? [] : sqlOk(ctx.restored, 'SELECT sha256 FROM file').split('\n').filter(Boolean);
  for (const line of onDisk) {
    const blob = path.join(dataDir, 'files', line.slice(0, 2), line.slice(2, 4), line);
    assert.equal(sha256(readFileSync(blob)), line, `the stored bytes of ${line}`);
  }
  const rows = sqlOk(ctx.restored, `SELECT id FROM file WHERE participation_id = ${ctx.pid} ORDER BY id`)
    .split('\n').filter(Boolean);
  for (const id of ctx.acknowledged) {
    assert.ok(rows.includes(String(id)), `upload ${id}, acknowledged before the backup began, is kept`);
  }
  const kept = new Map(ctx.uploaded.map((u) => [u.id, u.bytes]));
  for (const id of rows) {
    const f = await ctx.restored.fetch(`/berkas/${id}`, { headers: { cookie: op.cookieHeader() } });
    assert.equal(f.status, 200, `file ${id}`);
    const body = Buffer.from(await f.arrayBuffer());
    if (kept.has(Number(id))) assert.deepEqual(body, kept.get(Number(id)), `file ${id} byte-identical`);
  }
  await ctx.restored.stop();
  assert.equal(ctx.restored.exitStatus.code, 0, ctx.restored.log());
});

testCleanStop(holder);
