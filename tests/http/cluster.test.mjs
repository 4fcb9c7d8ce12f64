// Two `p2ham serve` on one PostgreSQL database behind haproxy (round robin,
// health checks on /healthz, X-Forwarded-For with --trust-proxy), the files in
// the database (--files postgresql), the installation's key given to the
// second server: the declaration path is played through the balancer and
// through each server in turn; a file uploaded through one is downloaded
// through the other, a document issued by one verifies on the other, the
// statements' serials stay gapless when both issue at once, one server is
// killed with SIGKILL halfway and the path completes on the other with nothing
// lost, the periodic jobs move to the survivor, and a backup taken under load
// restores into an empty installation where every file and the audit hold.
//
// PostgreSQL only (P2HAM_TEST_DB); skipped on SQLite, which one server uses.
// Needs haproxy (Debian package haproxy).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { answers, form, tokenOf } from './survey_fixture.mjs';
import {
  DEMO_PASSWORD, binary, createDatabase, dropDatabase, freePort, participationOf, pgBaseUrl,
  runCommand, serveOn, sqlOk,
} from './lib.mjs';

const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const HEAD = 'kepala.kanim.gorontalo@p2ham.demo';
const REGIONAL = 'kanwil.gorontalo@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';
const ADMIN = 'admin@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const OTHERS = ['Lembaga Pemasyarakatan Kelas IIA Gorontalo', 'Rumah Tahanan Negara Kelas IIB Limboto',
  'Balai Pemasyarakatan Kelas II Gorontalo'];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n% cluster\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q' +
  'DwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const RATE_MAX = 8; // posts per window from one address, all servers together

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A calendar date days from today in Gorontalo (WITA, UTC+8). */
function day(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

const REQUEST = () => ({
  tanggal: day(3), moda: 'luring', tempat: 'Aula Kantor', tautan: '', saksi_rencana: 'Ditjen HAM',
});
const APPROVAL = { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur Diseminasi' };
const RECORD = () => ({
  tanggal_pelaksanaan: day(0), moda_pelaksanaan: 'luring', jumlah_hadir: '45',
  saksi_nama_1: 'Dr. Hana Pertiwi', saksi_jabatan_1: 'Direktur Diseminasi',
  saksi_instansi_1: 'Ditjen HAM', saksi_jenis_1: 'ditjen_ham',
});

const c = { dirs: [] };

/** The balancer as the test clients see a server. */
class Balancer {
  constructor(port) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
  }

  fetch(p, init = {}) {
    return fetch(this.url + p, { redirect: 'manual', ...init });
  }
}

function tempDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  c.dirs.push(d);
  return d;
}

function sql(text) {
  return sqlOk({ db: c.db }, text);
}

function state(pid) {
  return sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
}

/** Back to draft: no live request holds the unit. */
function setDraft(pid) {
  sql(`UPDATE participation SET stage = 'pencanangan', state = 'draft' WHERE id = ${pid}`);
  sql(`UPDATE declaration_member SET live = 0 WHERE participation_id = ${pid}`);
}

/** Load the stage page (its CSRF token) and post a form to one of its verbs. */
async function act(client, pid, verb, fields) {
  const page = await client.get(`/partisipasi/${pid}/pencanangan`);
  assert.equal(page.status, 200, page.text);
  return client.post(`/partisipasi/${pid}/pencanangan/${verb}`, fields);
}

/** The same client (its session cookie) talking to another server. */
function via(client, server) {
  const other = new Client(server);
  other.cookies = client.cookies;
  return other;
}

/** Runs p2ham args without blocking the event loop. */
function runAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (status) => resolve({ status, stdout: out, stderr: err }));
  });
}

/** Starts haproxy in front of the two servers; resolves once it forwards /healthz. */
async function startBalancer() {
  const port = await freePort();
  const cfg = path.join(tempDir('p2ham-lb-'), 'haproxy.cfg');
  writeFileSync(cfg, `global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check 3s
  option redispatch
  retries 3
frontend web
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend p2ham
backend p2ham
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  default-server inter 500 fall 3 rise 2
  server a 127.0.0.1:${c.a.port} check
  server b 127.0.0.1:${c.b.port} check
`);
  c.haproxy = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  c.haproxyLog = '';
  c.haproxy.stderr.on('data', (d) => { c.haproxyLog += d; });
  c.haproxy.stdout.on('data', (d) => { c.haproxyLog += d; });
  const lb = new Balancer(port);
  // Up once it forwards several in a row (both servers seen healthy).
  for (let i = 0, ok = 0; i < 200; i++) {
    try {
      const r = await lb.fetch('/healthz');
      await r.arrayBuffer();
      ok = r.status === 200 ? ok + 1 : 0;
      if (ok === 6) return lb;
    } catch { ok = 0; }
    await sleep(100);
  }
  throw new Error(`haproxy did not answer\n${c.haproxyLog}`);
}

const skip = !pgBaseUrl ? 'PostgreSQL only (set P2HAM_TEST_DB)'
  : spawnSync('haproxy', ['-v']).status !== 0 ? 'haproxy is not installed' : false;

describe('two servers behind haproxy on one PostgreSQL', { skip }, () => {
  before(async () => {
    c.db = createDatabase();
    const serve = ['--files', 'postgresql', '--trust-proxy', '--checkpoint-interval', '2'];
    const dirA = tempDir('p2ham-a-');
    const dirB = tempDir('p2ham-b-');
    // The demo's files go where the servers read them.
    const files = { env: { P2HAM_FILES: 'postgresql' } };
    let r = runCommand(['init', '--data-dir', dirA, '--db', c.db.url], files);
    assert.equal(r.status, 0, r.stderr);
    r = runCommand(['demo', '--data-dir', dirA, '--db', c.db.url], files);
    assert.equal(r.status, 0, r.stderr);
    // A small limit for the public forms, read by each server at start.
    sql(`INSERT INTO setting (key, value, updated_at) VALUES ('form.rate_max', '${RATE_MAX}', ` +
      `'2026-01-01T00:00:00Z') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    // The second machine has the installation's key only, not its data.
    c.keyFile = path.join(tempDir('p2ham-key-'), 'signing.key');
    copyFileSync(path.join(dirA, 'keys', 'signing.key'), c.keyFile);
    c.a = await serveOn(dirA, { db: c.db, args: serve });
    c.b = await serveOn(dirB, { db: c.db, args: [...serve, '--signing-key', c.keyFile] });
    c.lb = await startBalancer();
  });

  after(async () => {
    if (c.haproxy) c.haproxy.kill('SIGKILL');
    for (const s of [c.a, c.b, c.restored]) if (s?.isAlive) await s.stop('SIGKILL');
    for (const db of [c.db, c.restoredDb]) if (db) dropDatabase(db.name);
    for (const d of c.dirs) rmSync(d, { recursive: true, force: true });
  });

  test('requests through the balancer alternate between the servers', async () => {
    // Home page requests only: the balancer's health checks hit both anyway.
    const seen = (s) => s.logLines('event=request').filter((l) => / route=\/ /.test(l)).length;
    const a0 = seen(c.a);
    const b0 = seen(c.b);
    // Up to 40 requests: a server the balancer has not seen healthy yet
    // gets its turns once it has.
    for (let i = 0; i < 40 && (seen(c.a) - a0 < 4 || seen(c.b) - b0 < 4); i++) {
      assert.equal((await c.lb.fetch('/')).status, 200);
      await sleep(50);
    }
    assert.ok(seen(c.a) - a0 >= 4 && seen(c.b) - b0 >= 4,
      `both servers answered: a ${seen(c.a) - a0}, b ${seen(c.b) - b0}`);
  });

  test('a survey form answers once and an address is limited, whichever server takes the posts', async () => {
    const unit = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM}'`));
    const post = (s, fields, ip) => s.request(`/survei/${unit}`, {
      method: 'POST', body: form(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    });
    const page = await c.a.request(`/survei/${unit}`);
    assert.equal(page.status, 200);
    const token = tokenOf(page.text);
    await sleep(1100);
    let r = await post(c.a, answers(token), '198.51.100.1');
    assert.equal(r.status, 303, r.text);
    r = await post(c.b, answers(token), '198.51.100.2');
    assert.equal(r.status, 409, 'the same form sent to the other server is a replay');
    assert.equal(sql(`SELECT count(*) FROM survey_answer WHERE unit_id = ${unit} AND nonce = '${token.split('.')[3]}'`),
      '1');
    // RATE_MAX posts from one address over both servers, then 429 on either.
    for (let i = 0; i < RATE_MAX; i++) {
      r = await post(i % 2 ? c.b : c.a, { token: 'x' }, '198.51.100.7');
      assert.equal(r.status, 400, `post ${i + 1} counts and is refused for its token only`);
    }
    for (const s of [c.a, c.b]) {
      r = await post(s, { token: 'x' }, '198.51.100.7');
      assert.equal(r.status, 429, `over the limit on ${s.port}`);
    }
    r = await post(c.b, { token: 'x' }, '198.51.100.8');
    assert.equal(r.status, 400, 'another address has its own count');
  });

  test('request and approval through both servers; the statement verifies on either', async () => {
    c.pid = participationOf({ db: c.db }, KANIM);
    setDraft(c.pid);
    c.op = await signIn(c.lb, OPERATOR, DEMO_PASSWORD);
    let r = await act(via(c.op, c.a), c.pid, 'ajukan', REQUEST());
    assert.equal(r.status, 303, r.text);
    c.coord = await signIn(c.lb, COORDINATOR, DEMO_PASSWORD);
    r = await act(via(c.coord, c.b), c.pid, 'setujui', APPROVAL);
    assert.equal(r.status, 303, r.text);
    assert.equal(state(c.pid), 'pencanangan/approved');
    const model = (await via(c.op, c.a).json(`/partisipasi/${c.pid}/pencanangan`)).json;
    assert.equal(model.documents.length, 1);
    c.serial = model.documents[0].serial;
    // Issued by b, read through a and b byte for byte.
    const bodies = [];
    for (const s of [c.a, c.b]) {
      const pdf = await s.fetch(model.documents[0].href, { headers: { cookie: c.op.cookieHeader() } });
      assert.equal(pdf.status, 200, `the statement through ${s.port}`);
      bodies.push(Buffer.from(await pdf.arrayBuffer()));
      const v = await s.request(`/verifikasi/${c.serial}`, { headers: { accept: 'application/json' } });
      assert.equal(v.json.result, 'genuine', `verified through ${s.port}`);
      assert.equal(v.json.signature.valid, true);
    }
    assert.deepEqual(bodies[0], bodies[1]);
  });

  test('statements issued by both servers at once have gapless serials', async () => {
    const regional = await signIn(c.lb, REGIONAL, DEMO_PASSWORD);
    const pids = OTHERS.map((u) => participationOf({ db: c.db }, u));
    const cycle = sql(`SELECT cycle_id FROM participation WHERE id = ${pids[0]}`);
    for (const pid of pids) {
      setDraft(pid);
      await regional.get(`/siklus/${cycle}/pencanangan-bersama`);
      const r = await regional.post(`/siklus/${cycle}/pencanangan-bersama`, { ...REQUEST(), peserta: String(pid) });
      assert.equal(r.status, 303, r.text);
    }
    const before = sql(`SELECT count(*) FROM document WHERE serial LIKE 'PCN-%'`);
    const clients = pids.map((pid, i) => via(c.coord, i % 2 === 0 ? c.a : c.b));
    for (const [i, pid] of pids.entries()) {
      assert.equal((await clients[i].get(`/partisipasi/${pid}/pencanangan`)).status, 200);
    }
    // The approvals go out together, to a and b in turn.
    const results = await Promise.all(pids.map((pid, i) =>
      clients[i].post(`/partisipasi/${pid}/pencanangan/setujui`, APPROVAL)));
    for (const r of results) assert.equal(r.status, 303, r.text);
    const serials = sql(`SELECT serial FROM document WHERE serial LIKE 'PCN-%' ORDER BY serial`).split('\n');
    assert.equal(serials.length, Number(before) + pids.length);
    assert.equal(new Set(serials).size, serials.length, 'no serial twice');
    const byYear = new Map();
    for (const s of serials) {
      const [, year, n] = s.match(/^PCN-(\d{4})-(\d{6})$/);
      if (!byYear.has(year)) byYear.set(year, []);
      byYear.get(year).push(Number(n));
    }
    for (const [year, ns] of byYear) {
      ns.sort((x, y) => x - y);
      ns.forEach((n, i) => assert.equal(n, i + 1, `PCN ${year}: ${ns.join(',')}`));
    }
  });

  test('an upload through one server is downloaded through the other', async () => {
    let r = await act(via(c.op, c.lb), c.pid, 'catat', RECORD());
    assert.equal(r.status, 303, r.text);
    const head = via(await signIn(c.lb, HEAD, DEMO_PASSWORD), c.a);
    await head.get(`/partisipasi/${c.pid}/pencanangan`);
    const fd = new FormData();
    fd.set('csrf', head.csrf);
    fd.append('pernyataan', new Blob([PDF], { type: 'application/pdf' }), 'pernyataan.pdf');
    fd.append('foto', new Blob([PNG], { type: 'image/png' }), 'foto.png');
    r = await head.send(`/partisipasi/${c.pid}/pencanangan/unggah`, { method: 'POST', body: fd });
    assert.equal(r.status, 303, r.text);
    c.fileId = Number(sql(`SELECT id FROM file WHERE participation_id = ${c.pid} AND purpose = 'statement' ` +
      `AND removed_at IS NULL ORDER BY id DESC LIMIT 1`));
    const res = await c.b.fetch(`/berkas/${c.fileId}`, { headers: { cookie: c.op.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF, 'byte-identical through the other server');
  });

  test('one server killed halfway: the balancer takes it out and the path completes on the other', async () => {
    const jobsOn = (s) => s.logLines('event=job_taken').filter((l) => l.includes('job=audit_checkpoint')).length;
    assert.equal(jobsOn(c.a) + jobsOn(c.b), 1, 'the checkpoints are one server\'s job');
    const holder = jobsOn(c.a) ? c.a : c.b;
    const survivor = holder === c.a ? c.b : c.a;
    await holder.stop('SIGKILL');
    c.survivor = survivor;
    // A request the balancer sent over a kept connection to the killed
    // server just as it died is closed unanswered, as a browser would
    // see it and send again; wait until the balancer answers in a row.
    for (let i = 0, ok = 0; ok < 4; i++) {
      assert.ok(i < 100, `the balancer answers again\n${c.haproxyLog}`);
      try {
        const r = await c.lb.fetch('/healthz');
        await r.arrayBuffer();
        ok = r.status === 200 ? ok + 1 : 0;
      } catch { ok = 0; }
      if (ok === 0) await sleep(100);
    }
    const regional = await signIn(c.lb, REGIONAL, DEMO_PASSWORD);
    for (let i = 0; i < 6; i++) assert.equal((await c.lb.fetch('/healthz')).status, 200, 'the balancer answers');
    const r = await act(regional, c.pid, 'konfirmasi', {});
    assert.equal(r.status, 303, r.text);
    assert.equal(state(c.pid), 'pembangunan/building');
    const audit = sql(`SELECT action FROM audit_log WHERE object_type = 'declaration' ` +
      `AND object_id IN (SELECT declaration_id FROM declaration_member WHERE participation_id = ${c.pid} AND live = 1) ` +
      `ORDER BY seq`);
    assert.deepEqual(audit.split('\n'),
      ['declaration.request', 'declaration.approve', 'declaration.record', 'declaration.confirm']);
    const res = await survivor.fetch(`/berkas/${c.fileId}`, { headers: { cookie: c.op.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
    // The survivor takes the checkpoints over and signs the new head.
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && jobsOn(survivor) === 0) await sleep(200);
    assert.equal(jobsOn(survivor), 1, survivor.log());
    const head = sql('SELECT max(seq) FROM audit_log');
    while (Date.now() < deadline &&
      sql(`SELECT count(*) FROM audit_checkpoint WHERE seq >= ${head}`) === '0') await sleep(200);
    assert.notEqual(sql(`SELECT count(*) FROM audit_checkpoint WHERE seq >= ${head}`), '0', 'a checkpoint of the head');
  });

  test('a backup under load restores into an empty installation where every file and the audit hold', async () => {
    const dir = path.join(tempDir('p2ham-bk-'), 'backup');
    const admin = await signIn(c.lb, ADMIN, DEMO_PASSWORD);
    let loading = true;
    const load = (async () => {
      for (let i = 0; loading && i < 500; i++) {
        const r = await admin.get('/partisipasi/' + c.pid + '/pencanangan');
        assert.equal(r.status, 200);
        const note = await via(c.op, c.lb).get(`/partisipasi/${c.pid}/pencanangan`);
        assert.equal(note.status, 200);
      }
    })();
    const r = await runAsync(['backup', '--data-dir', c.survivor.dataDir, '--db', c.db.url,
      '--signing-key', c.keyFile, dir]);
    loading = false;
    await load;
    assert.equal(r.status, 0, r.stderr);
    c.restoredDb = createDatabase();
    const target = path.join(tempDir('p2ham-rs-'), 'data');
    let x = runCommand(['restore', '--data-dir', target, '--db', c.restoredDb.url, dir]);
    assert.equal(x.status, 0, x.stderr);
    x = runCommand(['audit', 'verify', '--data-dir', target, '--db', c.restoredDb.url, '--signing-key', c.keyFile]);
    assert.equal(x.status, 0, x.stdout + x.stderr);
    c.restored = await serveOn(target, { db: c.restoredDb, args: ['--files', 'postgresql', '--signing-key', c.keyFile] });
    const rAdmin = await signIn(c.restored, ADMIN, DEMO_PASSWORD);
    const rows = sqlOk({ db: c.restoredDb }, 'SELECT id, sha256 FROM file WHERE removed_at IS NULL ORDER BY id')
      .split('\n').filter(Boolean);
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      const [id, sum] = row.split('|');
      const f = await c.restored.fetch(`/berkas/${id}`, { headers: { cookie: rAdmin.cookieHeader() } });
      assert.equal(f.status, 200, `file ${id}`);
      assert.equal(sha256(Buffer.from(await f.arrayBuffer())), sum, `file ${id} whole`);
    }
    await c.restored.stop();
  });
});
