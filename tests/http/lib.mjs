// Test harness: starts a real `p2ham serve` on a free loopback port with its
// own data directory (and, when P2HAM_TEST_DB is a PostgreSQL URL, its own
// database), waits until /healthz answers, keeps the server's log, and stops
// it with SIGTERM.
//
// Environment:
//   P2HAM_BIN      the binary (default: build/p2ham in the repository)
//   P2HAM_TEST_DB  a PostgreSQL URL; every server gets a fresh database in it
//                  (unset: SQLite in the temporary data directory)
//
//   P2HAM_TEST_FILES  the file store of servers and commands: dir (default)
//                  or postgresql
//
// Servers and commands keep their files in the data directory
// (P2HAM_FILES=dir), where most tests look for them, on both databases;
// startServer({ files: 'postgresql' }) keeps them in the database instead,
// and runOn passes the server's choice on to the commands it runs. Child
// processes a test spawns by itself inherit the same choice.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = process.env.P2HAM_BIN || path.join(repoRoot, 'build', 'p2ham');
export const pgBaseUrl = process.env.P2HAM_TEST_DB || '';
export const backend = pgBaseUrl ? 'postgresql' : 'sqlite';
export const testFiles = process.env.P2HAM_TEST_FILES || 'dir';
process.env.P2HAM_FILES = testFiles;

// Sanitizer builds start and stop more slowly.
const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 10000;

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * process.env without any P2HAM_* setting (so a developer's own configuration
 * cannot leak into a test), with `extra` applied; undefined removes a variable.
 */
function childEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('P2HAM_')) delete env[k];
  }
  env.P2HAM_FILES = testFiles;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

let dbCounter = 0;

/**
 * The psql program itself: Debian's `psql` on the PATH is a Perl wrapper
 * that picks a version first, which costs more than many a test's query.
 * PGBIN (as tests/pg-cluster.sh takes it) or the newest installed version's
 * bin directory; else whatever `psql` is.
 */
export const psqlBin = (() => {
  const root = '/usr/lib/postgresql';
  const inDir = (dir) => (existsSync(path.join(dir, 'psql')) ? path.join(dir, 'psql') : null);
  if (process.env.PGBIN) return inDir(process.env.PGBIN) || 'psql';
  let versions = [];
  try { versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => b - a); } catch { /* none */ }
  for (const v of versions) {
    const bin = inDir(path.join(root, v, 'bin'));
    if (bin) return bin;
  }
  return 'psql';
})();

function psql(url, sql) {
  const r = spawnSync(psqlBin, [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    timeout: 30000,
  });
  if (r.status !== 0) {
    throw new Error(`psql ${sql}: exit ${r.status}: ${r.stderr || r.error}`);
  }
}

/** Creates a fresh database next to the one in `base`; returns its URL and name. */
export function createDatabase(base = pgBaseUrl) {
  const name = `p2ham_t${process.pid}_${++dbCounter}_${Math.random().toString(36).slice(2, 8)}`;
  psql(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = '/' + name;
  return { name, url: url.toString() };
}

export function dropDatabase(name, base = pgBaseUrl) {
  psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs a p2ham subcommand to completion; returns { status, stdout, stderr }. */
export function runCommand(args, { env = {}, timeout = 60000 } = {}) {
  const r = spawnSync(binary, args, {
    encoding: 'utf8',
    timeout,
    env: childEnv(env),
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

/**
 * A running server.
 *   url       'http://127.0.0.1:PORT'
 *   log()     everything it wrote on stderr so far
 *   stop()    SIGTERM; resolves { code, signal, ms } once it exited
 */
export class Server {
  constructor(child, { port, dataDir, db, files = testFiles, ownsDb = true, keep = false }) {
    this.child = child;
    this.files = files; // where it keeps files: 'dir' or 'postgresql'
    this.keep = keep; // the installation is another's: stopping leaves it
    this.port = port;
    this.host = '127.0.0.1';
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.db = db; // { name, url } on PostgreSQL, null on SQLite
    this.ownsDb = ownsDb; // the database goes when this server is cleaned up
    this.stderr = '';
    this.stdout = '';
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        live.delete(child);
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
    child.stderr.setEncoding('utf8');
    child.stdout.setEncoding('utf8');
    child.stderr.on('data', (s) => { this.stderr += s; });
    child.stdout.on('data', (s) => { this.stdout += s; });
  }

  get isAlive() {
    return this.exitStatus === undefined;
  }

  log() {
    return this.stderr;
  }

  /** Log lines (key=value) that contain every given `key=value` pair. */
  logLines(...pairs) {
    return this.stderr.split('\n').filter((l) => pairs.every((p) => hasPair(l, p)));
  }

  /**
   * The log lines with every given pair once there are at least `count` of
   * them, waiting up to five seconds: a line written while or after an
   * answer goes out may reach this process a moment after the answer.
   */
  async waitLogLines(count, ...pairs) {
    for (let i = 0; i < 100 && this.logLines(...pairs).length < count; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.logLines(...pairs);
  }

  /** fetch() relative to the server, never following redirects. */
  fetch(p, init = {}) {
    return fetch(this.url + p, { redirect: 'manual', ...init });
  }

  /** GET (or init.method); resolves { status, headers, text, json? }. */
  async request(p, init = {}) {
    const res = await this.fetch(p, init);
    const text = await res.text();
    const out = { status: res.status, headers: res.headers, text };
    if ((res.headers.get('content-type') || '').startsWith('application/json')) {
      try { out.json = JSON.parse(text); } catch { out.json = undefined; }
    }
    return out;
  }

  async stop(signal = 'SIGTERM') {
    const t0 = Date.now();
    if (this.isAlive) this.child.kill(signal);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
    });
    let status = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (status === null) {
      this.child.kill('SIGKILL');
      status = { ...(await this.exited), timedOut: true };
    }
    await this.cleanup();
    return { ...status, ms: Date.now() - t0 };
  }

  async cleanup() {
    if (this.cleaned) return;
    this.cleaned = true;
    if (this.keep) return;
    if (this.db && this.ownsDb) {
      try { dropDatabase(this.db.name); } catch (e) { console.error(String(e)); }
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * What get() resolves to once pred holds of it, for a page read after a
 * command (another process) wrote. On SQLite the server sees the write
 * before the command returns, so get() is asked once; on PostgreSQL the
 * write reaches it by a notification a moment later (docs/ARCHITECTURE.md),
 * so get() is asked again every 50 ms, for 5 s at most.
 */
export async function seenByServer(get, pred) {
  let v = await get();
  for (let i = 0; backend === 'postgresql' && !pred(v) && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    v = await get();
  }
  return v;
}

/**
 * Runs SQL on a server's database behind p2ham's back, as someone with access
 * to the database would: sqlite3 on SQLite, psql on PostgreSQL. Returns
 * { status, out, err }; rows come out as lines, columns separated by '|'.
 */
export function runSql(server, text) {
  const r = server.db
    ? spawnSync(psqlBin, [server.db.url, '-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1',
      '-c', text], { encoding: 'utf8', timeout: 30000 })
    : spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', path.join(server.dataDir, 'p2ham.db'),
      text], { encoding: 'utf8', timeout: 30000 });
  return { status: r.status, out: (r.stdout || '').trim(), err: (r.stderr || '') + (r.error || '') };
}

/** runSql that fails the test unless the SQL ran; returns its output. */
export function sqlOk(server, text) {
  const r = runSql(server, text);
  assert.equal(r.status, 0, `${text}\n${r.err}`);
  return r.out;
}

/**
 * Runs a p2ham subcommand on a server's data directory and database (`demo`,
 * `user`, ...); returns { status, stdout, stderr } as runCommand does.
 */
export function runOn(server, args, options = {}) {
  return runCommand([...args, '--data-dir', server.dataDir, ...(server.db ? ['--db', server.db.url] : [])],
    { ...options, env: { P2HAM_FILES: server.files, ...options.env } });
}

/** Loads `p2ham demo` into a server's database; fails the test unless it loaded. */
export function loadDemo(server) {
  const r = runOn(server, ['demo']);
  assert.equal(r.status, 0, r.stderr);
  return r;
}

/** The id of the participation of the unit called unit in the cycle of year. */
export function participationOf(server, unit, year = 2023) {
  const id = sqlOk(server, `SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id ` +
    `JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${unit}' AND c.year = ${year}`);
  assert.match(id, /^\d+$/, `participation of ${unit} in ${year}`);
  return Number(id);
}

/**
 * What a server's file store holds under DATA_DIR/files: the stored blobs
 * (files/ab/cd/<sha256>) by name, sorted, and the spool's temporary files.
 */
export function storedFiles(server) {
  const root = path.join(server.dataDir, 'files');
  const list = (dir) => {
    try { return readdirSync(dir); } catch { return []; }
  };
  const blobs = [];
  for (const a of list(root)) {
    if (a === 'tmp') continue;
    for (const b of list(path.join(root, a))) blobs.push(...list(path.join(root, a, b)));
  }
  return { blobs: blobs.sort(), tmp: list(path.join(root, 'tmp')) };
}

// The demo accounts' password (src/cmd/demo.c).
export const DEMO_PASSWORD = 'Demo-P2HAM-2025';

// The smallest files of each accepted upload type that a type sniffer
// recognises: a PDF and a 1x1 PNG.
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
export const TINY_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');

/** true when a key=value log line has the token `key=value` (`key=`: any value). */
export function hasPair(line, pair) {
  return line.split(/\s+/).some((t) => (pair.endsWith('=') ? t.startsWith(pair) : t === pair));
}

/**
 * Starts `p2ham init` then `p2ham serve` and waits for /healthz.
 * options.env: extra environment; options.args: extra serve arguments;
 * options.files: the file store ('dir', the default, or 'postgresql');
 * options.sameDatabaseAs: a running server on PostgreSQL whose database this
 * one shares (with a data directory of its own; stopping it leaves the
 * database to the first).
 */
export async function startServer(options = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-test-'));
  const shared = options.sameDatabaseAs;
  assert.ok(!shared || shared.db, 'servers share a PostgreSQL database only');
  const db = shared ? shared.db : pgBaseUrl ? createDatabase() : null;
  const dbArgs = db ? ['--db', db.url] : [];
  // The tests run child processes synchronously (sqlite3, psql, p2ham), which
  // stops this process's event loop: on a loaded machine a pooled keep-alive
  // connection can then sit idle past the server's 10-second header timeout,
  // be closed by the server, and be reused by fetch before it notices. The
  // servers here wait longer unless a test sets the timeout itself.
  const env = { P2HAM_LOG_LEVEL: 'info', P2HAM_HEADER_TIMEOUT: '120',
    ...(options.files ? { P2HAM_FILES: options.files } : {}), ...options.env };

  // A server sharing another's database signs with the installation's key
  // (docs/deploy.md): it is given that server's key.
  if (shared) env.P2HAM_SIGNING_KEY_FILE = path.join(shared.dataDir, 'keys', 'signing.key');

  const init = runCommand(['init', '--data-dir', dataDir, ...dbArgs], { env });
  if (init.status !== 0) {
    if (db && !shared) dropDatabase(db.name);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`p2ham init exited ${init.status} ${init.signal || ''} ${init.error || ''}\n${init.stderr}`);
  }

  const port = await freePort();
  let args;
  if (options.configByEnv) {
    // The same configuration through the environment instead of flags.
    args = ['serve', ...(options.args || [])];
    env.P2HAM_LISTEN = `127.0.0.1:${port}`;
    env.P2HAM_DATA_DIR = dataDir;
    if (db) env.P2HAM_DB = db.url;
  } else {
    args = ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, ...dbArgs,
      ...(options.args || [])];
  }
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(env),
  });
  live.add(child);
  return waitUp(new Server(child, { port, dataDir, db, files: childEnv(env).P2HAM_FILES,
    ownsDb: !shared }));
}

/**
 * Starts `p2ham serve` on an installation that exists already (another
 * server's data directory and database, or a restored one) and waits for
 * /healthz. options.env: extra environment; options.args: extra serve
 * arguments; options.db: { name, url } on PostgreSQL. Stopping it leaves
 * the data directory and the database in place.
 */
export async function serveOn(dataDir, options = {}) {
  const db = options.db || null;
  const port = await freePort();
  const env = { P2HAM_LOG_LEVEL: 'info', P2HAM_HEADER_TIMEOUT: '120', ...options.env };
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir,
    ...(db ? ['--db', db.url] : []), ...(options.args || [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(env),
  });
  live.add(child);
  return waitUp(new Server(child, { port, dataDir, db, keep: true }));
}

/** Resolves server once /healthz answers 200; throws with its log when it exits or does not. */
async function waitUp(server) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (!server.isAlive) {
      await server.cleanup();
      throw new Error(`p2ham serve exited during start-up ` +
        `(code ${server.exitStatus.code}, signal ${server.exitStatus.signal})\n${server.log()}`);
    }
    try {
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return server;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e.cause?.code || e);
    }
    await sleep(50);
  }
  await server.stop('SIGKILL');
  throw new Error(`p2ham serve did not answer /healthz within ${START_TIMEOUT_MS} ms (${last})\n${server.log()}`);
}

/**
 * The usual shape of a test file: one server for the file, started before the
 * first test and killed after the last if a test did not stop it already.
 * Returns a holder whose `.server` is set once `before` ran.
 */
export function useServer(options = {}) {
  const holder = { server: null };
  before(async () => {
    holder.server = await startServer(options);
  });
  after(async () => {
    if (holder.server && holder.server.isAlive) await holder.server.stop('SIGKILL');
  });
  return holder;
}

/**
 * A test that stops the file's server with SIGTERM and asserts it exited with
 * code 0 in time. Put it last in the file.
 */
export function testCleanStop(holder) {
  test('server exits with code 0 on SIGTERM', async () => {
    const srv = holder.server;
    assert.ok(srv, 'server was started');
    const st = await srv.stop();
    assert.ok(!st.timedOut, `server did not exit within ${STOP_TIMEOUT_MS} ms\n${srv.log()}`);
    assert.equal(st.signal, null, `server died of ${st.signal}\n${srv.log()}`);
    assert.equal(st.code, 0, `server exit code\n${srv.log()}`);
    // No handler asked for an input its route does not declare.
    assert.deepEqual(srv.logLines('event=param_undeclared'), []);
  });
}

/**
 * Raw TCP exchange: writes `chunks` (strings or Buffers; a number waits
 * that many milliseconds) on a new connection, from localAddress when
 * given, and collects the reply.
 */
export function rawExchange(port, chunks, { timeoutMs = 5000, endAfterWrite = false, half = false,
  localAddress } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
    const parts = [];
    let settled = false;
    const finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ data: Buffer.concat(parts), how });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    sock.on('data', (d) => parts.push(d));
    sock.on('end', () => finish('end'));
    sock.on('close', () => finish('close'));
    sock.on('error', (e) => finish(e.code || 'error'));
    sock.on('connect', async () => {
      for (const c of chunks) {
        if (sock.destroyed) return;
        if (typeof c === 'number') await sleep(c);
        else sock.write(c);
      }
      if (half) sock.end();
      if (endAfterWrite) setTimeout(() => finish('closed-by-client'), 100);
    });
  });
}

/** The status code of the first HTTP status line in a raw reply, or null. */
export function firstStatus(buf) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf.toString('latin1'));
  return m ? Number(m[1]) : null;
}

/** The lang attribute of the <html> element, or null. */
export function htmlLang(html) {
  const m = /<html\b[^>]*\blang="([^"]*)"/i.exec(html);
  return m ? m[1] : null;
}

/**
 * One request through node:http on a fresh connection, for what fetch will
 * not send (a body on GET, huge headers, a raw path). Resolves
 * { status, headers, text } or { error } when the connection failed.
 */
export function httpRequest(port, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port, method, path, headers,
      // A connection of its own, never a pooled one.
      createConnection: () => net.connect({ host: '127.0.0.1', port }),
      insecureHTTPParser: false, maxHeaderSize: 1 << 20,
    }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        text: Buffer.concat(parts).toString('utf8'),
      }));
      res.on('error', (e) => resolve({ error: e }));
    });
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
