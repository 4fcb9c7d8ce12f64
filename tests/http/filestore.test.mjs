// The file store in PostgreSQL (--files postgresql, docs/files.md): uploads
// and generated documents are kept in the database by their SHA-256, in
// pieces, and come back byte for byte, through the server that took them and
// through a second server on the same database with a data directory of its
// own. `p2ham files migrate` moves an installation's files from the data
// directory into the database and back, every hash kept, and `p2ham files
// verify` finds a damaged piece. With SQLite the database store is refused.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, backend, loadDemo, participationOf, runCommand, runOn, sqlOk, startServer, storedFiles,
} from './lib.mjs';

const onPg = backend === 'postgresql';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A PDF by its signature, bigger than two pieces of 256 KiB. */
function bigPdf() {
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600 * 1024), Buffer.from('\n%%EOF\n')]);
}

/** Another server on the database of `of`, with a data directory of its own, files in the database. */
function secondServer(of) {
  return startServer({ sameDatabaseAs: of, files: 'postgresql' });
}

/** A download with c's cookies, as bytes. */
async function download(c, p) {
  const res = await c.server.fetch(p, { headers: { cookie: c.cookieHeader() } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The first indicator of the building page that asks for evidence. */
async function evidenceIndicator(client, pid) {
  const page = await client.json(`/partisipasi/${pid}/pembangunan`);
  assert.equal(page.status, 200, 'the building page');
  for (const c of page.json.criteria) {
    for (const i of c.indicators) if (i.evidence_required) return i.code;
  }
  throw new Error('no indicator asks for evidence');
}

/** A calendar date days from today in Gorontalo (WITA, UTC+8). */
function day(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/**
 * The unit asks for its declaration and the coordinator approves it, which
 * issues the generated statement; returns its serial and address.
 */
async function issueStatement(server) {
  const pid = participationOf(server, KANIM, 2023);
  sqlOk(server, `UPDATE participation SET stage = 'pencanangan', state = 'draft' WHERE id = ${pid}`);
  sqlOk(server, `UPDATE declaration_member SET live = 0 WHERE participation_id = ${pid}`);
  const act = async (c, verb, fields) => {
    await c.get(`/partisipasi/${pid}/pencanangan`);
    return c.post(`/partisipasi/${pid}/pencanangan/${verb}`, fields);
  };
  const op = await signIn(server, OPERATOR, DEMO_PASSWORD);
  let r = await act(op, 'ajukan', { tanggal: day(3), moda: 'luring', tempat: 'Aula Kantor Imigrasi' });
  assert.equal(r.status, 303, r.text);
  const coord = await signIn(server, COORDINATOR, DEMO_PASSWORD);
  r = await act(coord, 'setujui', { saksi_ditjen_nama: 'Dr. Hana Pertiwi',
    saksi_ditjen_jabatan: 'Direktur Diseminasi' });
  assert.equal(r.status, 303, r.text);
  const model = (await op.json(`/partisipasi/${pid}/pencanangan`)).json;
  assert.equal(model.documents.length, 1);
  return { serial: model.documents[0].serial, href: model.documents[0].href, op };
}

/** Uploads bytes as evidence of the building stage; returns the new file's row. */
async function uploadThrough(server, bytes, name) {
  const pid = participationOf(server, KANIM, 2023);
  sqlOk(server, `UPDATE participation SET stage = 'pembangunan', state = 'building' WHERE id = ${pid}`);
  const op = await signIn(server, OPERATOR, DEMO_PASSWORD);
  const indicator = await evidenceIndicator(op, pid);
  await op.get(`/partisipasi/${pid}/pembangunan`);
  const r = await uploadEvidence(op, pid, { bytes, name, indicator });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const [id, sha, size] = sqlOk(server, `SELECT id, sha256, size FROM file WHERE participation_id = ${pid}
    ORDER BY id DESC LIMIT 1`).split('|');
  assert.equal(sha, sha256(bytes));
  assert.equal(Number(size), bytes.length);
  return { id: Number(id), sha, op };
}

/** The hashes of the contents file rows hold, and the documents' serials with theirs. */
function referenced(server) {
  const files = sqlOk(server, `SELECT DISTINCT sha256 FROM file ORDER BY 1`).split('\n').filter(Boolean);
  const docs = sqlOk(server, `SELECT serial || '|' || sha256 FROM document ORDER BY 1`).split('\n')
    .filter(Boolean).map((l) => l.split('|'));
  return { files, docs };
}

test('--files postgresql with SQLite, or an unknown store, is refused with one line', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-files-'));
  try {
    let r = runCommand(['serve', '--data-dir', dataDir, '--files', 'postgresql', '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^p2ham: --files postgresql needs a PostgreSQL database .* use --files dir\n$/);
    r = runCommand(['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:1'],
      { env: { P2HAM_FILES: 'awan' } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^p2ham: --files \(P2HAM_FILES\) must be dir or postgresql, not 'awan'\n$/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('files in PostgreSQL, read by every server', { skip: !onPg && 'PostgreSQL only' }, () => {
  let first;
  let second;
  const ctx = {};

  before(async () => {
    first = await startServer({ files: 'postgresql' });
  });
  after(async () => {
    if (second) await second.stop('SIGKILL');
    if (first) await first.stop('SIGKILL');
  });

  test('the demo keeps its evidence and documents in the database, none in the data directory', () => {
    loadDemo(first);
    const { files, docs } = referenced(first);
    assert.ok(files.length > 0 && docs.length > 0, 'the demo stored files and issued documents');
    const blobs = sqlOk(first, 'SELECT sha256 FROM file_blob ORDER BY 1').split('\n');
    for (const sha of [...files, ...docs.map((d) => d[1])]) assert.ok(blobs.includes(sha), sha);
    assert.deepEqual(storedFiles(first).blobs, []);
    assert.deepEqual(readdirSync(first.dataDir).filter((n) => n === 'documents'), []);
  });

  test('an upload of three pieces comes back byte for byte, stored once', async () => {
    const bytes = bigPdf();
    const f = await uploadThrough(first, bytes, 'bukti besar.pdf');
    assert.equal(sqlOk(first, `SELECT count(*) || '|' || sum(length(bytes)) FROM file_chunk
      WHERE sha256 = '${f.sha}'`), `3|${bytes.length}`);
    const r = await download(f.op, `/berkas/${f.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(Number(r.headers.get('content-length')), bytes.length);
    assert.ok(r.body.equals(bytes), 'the downloaded bytes are the uploaded ones');
    // The same content again: a second row, one stored copy.
    const again = await uploadThrough(first, bytes, 'salinan.pdf');
    assert.notEqual(again.id, f.id);
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_blob WHERE sha256 = '${f.sha}'`), '1');
    assert.deepEqual(storedFiles(first).blobs, []);
    assert.deepEqual(storedFiles(first).tmp, [], 'no temporary file is left');
    ctx.file = { ...f, bytes };
  });

  test('a generated statement is issued into the database and downloads whole', async () => {
    const d = await issueStatement(first);
    const want = sqlOk(first, `SELECT sha256 FROM document WHERE serial = '${d.serial}'`);
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_blob WHERE sha256 = '${want}'`), '1');
    const r = await download(d.op, d.href);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /application\/pdf/);
    assert.equal(sha256(r.body), want);
    assert.deepEqual(readdirSync(first.dataDir).filter((n) => n === 'documents'), []);
    ctx.doc = { ...d, sha: want };
  });

  test('a second server on the same database serves what the first took; its start sweeps old orphans', async () => {
    // Contents no row holds, as a request that rolled back leaves them: one
    // two days old, one just stored; and a held content stored long ago.
    const orphan = (text, at) => {
      const sha = sha256(Buffer.from(text));
      sqlOk(first, `INSERT INTO file_blob (sha256, size, stored_at) VALUES ('${sha}', ${text.length}, '${at}');
        INSERT INTO file_chunk (sha256, n, bytes) VALUES ('${sha}', 0, convert_to('${text}', 'UTF8'))`);
      return sha;
    };
    const old = orphan('isi dari permintaan yang dibatalkan', '2020-01-01T00:00:00Z');
    const recent = orphan('isi yang baru saja disimpan', new Date().toISOString().slice(0, 19) + 'Z');
    sqlOk(first, `UPDATE file_blob SET stored_at = '2020-01-01T00:00:00Z' WHERE sha256 = '${ctx.file.sha}'`);
    second = await secondServer(first);
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_blob WHERE sha256 = '${old}'`), '0', 'the old orphan is gone');
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_chunk WHERE sha256 = '${old}'`), '0', 'with its pieces');
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_blob WHERE sha256 = '${recent}'`), '1',
      'a recent content stays (its row may be coming)');
    assert.equal(sqlOk(first, `SELECT count(*) FROM file_chunk WHERE sha256 = '${ctx.file.sha}'`), '3',
      'a content a row holds stays');
    assert.ok(second.logLines('event=file_orphan_removed', `sha256=${old}`).length === 1, second.log());
    const op = await signIn(second, OPERATOR, DEMO_PASSWORD);
    let r = await download(op, `/berkas/${ctx.file.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(ctx.file.bytes), 'the second server gives the first one\'s upload');
    r = await download(op, ctx.doc.href);
    assert.equal(r.status, 200);
    assert.equal(sha256(r.body), ctx.doc.sha);
    // And the other way round: an upload through the second, read through the first.
    const bytes = Buffer.concat([bigPdf(), Buffer.from('kedua')]);
    const pid = participationOf(first, KANIM, 2023);
    sqlOk(first, `UPDATE participation SET stage = 'pembangunan', state = 'building' WHERE id = ${pid}`);
    const indicator = await evidenceIndicator(op, pid);
    await op.get(`/partisipasi/${pid}/pembangunan`);
    const up = await uploadEvidence(op, pid, { bytes, name: 'dari server kedua.pdf', indicator });
    assert.equal(up.status, 303, up.text.slice(0, 500));
    const id = sqlOk(first, `SELECT id FROM file WHERE sha256 = '${sha256(bytes)}'`);
    r = await download(ctx.file.op, `/berkas/${id}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(bytes), 'the first server gives the second one\'s upload');
    assert.deepEqual(storedFiles(second).blobs, []);
  });

  test('a missing piece is an error, never a short file passed as whole', async () => {
    const bytes = bigPdf();
    const f = await uploadThrough(first, bytes, 'rusak.pdf');
    sqlOk(first, `DELETE FROM file_chunk WHERE sha256 = '${f.sha}' AND n = 1`);
    const res = await first.fetch(`/berkas/${f.id}`, { headers: { cookie: f.op.cookieHeader() } });
    const got = await res.arrayBuffer().then((b) => Buffer.from(b), () => null);
    assert.ok(got === null || !got.equals(bytes), 'the damaged file is not given as whole');
    assert.ok((await first.waitLogLines(1, 'event=file_piece_missing')).length > 0, first.log());
    sqlOk(first, `DELETE FROM file_chunk WHERE sha256 = '${f.sha}'`);
    sqlOk(first, `DELETE FROM file_blob WHERE sha256 = '${f.sha}'`);
    const r = await download(f.op, `/berkas/${f.id}`);
    assert.equal(r.status, 500, 'a content gone from the store');
  });

  test('both servers stop cleanly', async () => {
    for (const s of [second, first]) {
      const st = await s.stop();
      assert.equal(st.code, 0, s.log());
    }
    second = null;
    first = null;
  });
});

describe('p2ham files migrate and verify', { skip: !onPg && 'PostgreSQL only' }, () => {
  let s;
  let other;

  before(async () => {
    s = await startServer(); // files in the data directory
  });
  after(async () => {
    if (other) await other.stop('SIGKILL');
    if (s) await s.stop('SIGKILL');
  });

  const files = (args, env = {}) => runOn(s, ['files', ...args], { env });

  test('into the database: every content and document, hashes checked, again changes nothing', async () => {
    loadDemo(s);
    await uploadThrough(s, bigPdf(), 'besar.pdf');
    await issueStatement(s);
    const { files: shas, docs } = referenced(s);
    const inDir = storedFiles(s).blobs;
    for (const sha of shas) assert.ok(inDir.includes(sha), `the data directory holds ${sha}`);
    assert.equal(sqlOk(s, 'SELECT count(*) FROM file_blob'), '0');

    let r = files(['migrate', '--to', 'postgresql']);
    assert.equal(r.status, 0, r.stderr);
    const contents = inDir.length + new Set(docs.map((d) => d[1])).size;
    assert.match(r.stdout, new RegExp(`${contents} copied, 0 there already, ${contents} checked`));
    assert.match(r.stdout, /the data directory is left as it was/);
    const blobs = sqlOk(s, 'SELECT sha256 FROM file_blob ORDER BY 1').split('\n');
    for (const sha of [...shas, ...docs.map((d) => d[1])]) assert.ok(blobs.includes(sha), sha);
    assert.deepEqual(storedFiles(s).blobs, inDir, 'the source stays');
    assert.equal(sqlOk(s, 'SELECT count(*) FROM file_blob'), String(contents));

    r = files(['migrate', '--to', 'postgresql']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`0 copied, ${contents} there already, ${contents} checked`));
    r = files(['verify'], { P2HAM_FILES: 'postgresql' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`: ${contents} contents checked, .* 0 missing, 0 damaged`));
  });

  test('a server keeping its files in the database then serves them', async () => {
    other = await secondServer(s);
    const [id, sha] = sqlOk(s, `SELECT id, sha256 FROM file WHERE participation_id =
      ${participationOf(s, KANIM, 2023)} ORDER BY size DESC LIMIT 1`).split('|');
    const op = await signIn(other, OPERATOR, DEMO_PASSWORD);
    const r = await download(op, `/berkas/${id}`);
    assert.equal(r.status, 200);
    assert.equal(sha256(r.body), sha);
    await other.stop();
    other = null;
  });

  test('back into an empty data directory: every hash kept', () => {
    const { files: shas, docs } = referenced(s);
    rmSync(path.join(s.dataDir, 'documents'), { recursive: true, force: true });
    for (const d of readdirSync(path.join(s.dataDir, 'files'))) {
      if (d !== 'tmp') rmSync(path.join(s.dataDir, 'files', d), { recursive: true, force: true });
    }
    assert.deepEqual(storedFiles(s).blobs, []);
    let r = files(['migrate', '--to', 'dir']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /the database's copies are left as they were/);
    const blobs = storedFiles(s).blobs;
    for (const sha of shas) {
      assert.ok(blobs.includes(sha), sha);
      const p = path.join(s.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
      assert.equal(sha256(readFileSync(p)), sha);
    }
    for (const [serial, sha] of docs) {
      assert.equal(sha256(readFileSync(path.join(s.dataDir, 'documents', `${serial}.pdf`))), sha, serial);
    }
    r = files(['migrate', '--to', 'dir']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, / 0 copied, /);
    r = files(['verify'], { P2HAM_FILES: 'dir' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test('verify names a damaged content and fails', () => {
    const sha = sqlOk(s, 'SELECT sha256 FROM file_blob ORDER BY size DESC LIMIT 1');
    sqlOk(s, `UPDATE file_chunk SET bytes = '\\x00'::bytea WHERE sha256 = '${sha}' AND n = 0`);
    const r = files(['verify'], { P2HAM_FILES: 'postgresql' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(sha));
    assert.match(r.stdout, /1 damaged/);
  });

  test('the server stops cleanly', async () => {
    const st = await s.stop();
    assert.equal(st.code, 0, s.log());
    s = null;
  });
});
