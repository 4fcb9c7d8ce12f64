// The local copy of files kept in the database (--files postgresql,
// --file-cache; docs/files.md): the first download of a content streams it
// from the database and leaves a copy named by its SHA-256 under
// DATA_DIR/cache/files, which later downloads send instead; a copy of the
// wrong size or type is never sent; copies stay within their budget; a
// content the start-up sweep removes loses its copy; who may download is
// decided as before. With the files in the data directory (and on SQLite)
// nothing is copied.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, backend, loadDemo, participationOf, runCommand, serveOn, sqlOk, startServer,
} from './lib.mjs';

const onPg = backend === 'postgresql';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const OTHER_UNIT = 'operator.lapas.gorontalo@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A PDF by its signature, of three pieces of 256 KiB. */
function bigPdf() {
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600 * 1024), Buffer.from('\n%%EOF\n')]);
}

/** Where server keeps its copy of content sha. */
const copyOf = (server, sha) => path.join(server.dataDir, 'cache', 'files', sha.slice(0, 2), sha);

/** Every entry under server's DATA_DIR/cache/files/XX, by name. */
function copies(server) {
  const root = path.join(server.dataDir, 'cache', 'files');
  const out = [];
  if (!existsSync(root)) return out;
  for (const d of readdirSync(root)) {
    for (const n of readdirSync(path.join(root, d))) out.push({ name: n, size: statSync(path.join(root, d, n)).size });
  }
  return out;
}

/** A download with c's cookies, as bytes. */
async function download(c, p, server = c.server) {
  const res = await server.fetch(p, { headers: { cookie: c.cookieHeader() } });
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

/** Uploads bytes as the unit's evidence through server; returns { id, sha, op }. */
async function upload(server, bytes, name) {
  const pid = participationOf(server, KANIM, 2023);
  sqlOk(server, `UPDATE participation SET stage = 'pembangunan', state = 'building' WHERE id = ${pid}`);
  const op = await signIn(server, OPERATOR, DEMO_PASSWORD);
  const indicator = await evidenceIndicator(op, pid);
  await op.get(`/partisipasi/${pid}/pembangunan`);
  const r = await uploadEvidence(op, pid, { bytes, name, indicator });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const id = sqlOk(server, `SELECT id FROM file WHERE participation_id = ${pid} ORDER BY id DESC LIMIT 1`);
  return { id: Number(id), sha: sha256(bytes), op };
}

test('--file-cache takes off or a size, and refuses anything else with one line', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-cache-'));
  try {
    const r = runCommand(['serve', '--data-dir', dataDir, '--file-cache', 'banyak', '--listen', '127.0.0.1:1']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^p2ham: --file-cache must be off, or a size in bytes or with an M or G suffix .*, not 'banyak'\n$/);
    const env = runCommand(['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:1'],
      { env: { P2HAM_FILE_CACHE: '2T' } });
    assert.equal(env.status, 2, env.stderr);
    assert.match(env.stderr, /^p2ham: P2HAM_FILE_CACHE must be off/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('files in the data directory are not copied', () => {
  let s;

  before(async () => {
    s = await startServer({ files: 'dir' });
  });
  after(async () => {
    if (s) await s.stop('SIGKILL');
  });

  test('a download comes from the store and leaves no cache', async () => {
    loadDemo(s);
    const bytes = bigPdf();
    const f = await upload(s, bytes, 'bukti.pdf');
    for (let i = 0; i < 2; i++) {
      const r = await download(f.op, `/berkas/${f.id}`);
      assert.equal(r.status, 200);
      assert.ok(r.body.equals(bytes));
    }
    assert.equal(existsSync(path.join(s.dataDir, 'cache')), false, 'no DATA_DIR/cache');
  });
});

describe('a local copy of the files in PostgreSQL', { skip: !onPg && 'PostgreSQL only' }, () => {
  let first;
  let small;
  let restarted;

  before(async () => {
    first = await startServer({ files: 'postgresql' });
    loadDemo(first);
  });
  after(async () => {
    for (const s of [restarted, small, first]) if (s) await s.stop('SIGKILL');
  });

  test('the first download leaves the copy; the second, byte for byte the same, comes from it', async () => {
    assert.equal(first.logLines('event=file_cache', 'state=on').length, 1, first.log());
    const bytes = bigPdf();
    const f = await upload(first, bytes, 'bukti besar.pdf');
    assert.equal(existsSync(copyOf(first, f.sha)), false, 'an upload is not copied');
    const one = await download(f.op, `/berkas/${f.id}`);
    assert.equal(one.status, 200);
    assert.ok(one.body.equals(bytes), 'the first download is the upload');
    assert.equal(statSync(copyOf(first, f.sha)).size, bytes.length, 'the copy is there, whole');
    assert.equal(statSync(copyOf(first, f.sha)).mode & 0o777, 0o600);
    assert.deepEqual(copies(first).map((c) => c.name), [f.sha], 'no temporary file is left');
    // The pieces leave the database: only the copy can give the bytes now.
    sqlOk(first, `DELETE FROM file_chunk WHERE sha256 = '${f.sha}'`);
    const two = await download(f.op, `/berkas/${f.id}`);
    assert.equal(two.status, 200);
    assert.equal(two.headers.get('content-type'), 'application/pdf');
    assert.equal(Number(two.headers.get('content-length')), bytes.length);
    assert.match(two.headers.get('content-disposition'), /bukti besar\.pdf/);
    assert.ok(two.body.equals(one.body), 'the second download is byte for byte the first');
  });

  test('a copy of another size, or not a file, is not sent: the bytes come from the database', async () => {
    const bytes = bigPdf();
    const f = await upload(first, bytes, 'rusak.pdf');
    const copy = copyOf(first, f.sha);
    const damages = [
      ['cut short', () => truncateSync(copy, 1000)],
      ['longer', () => appendFileSync(copy, 'sampah')],
      ['a link to a file of the same size', () => {
        const other = path.join(first.dataDir, 'lain.bin');
        writeFileSync(other, randomBytes(bytes.length));
        rmSync(copy);
        symlinkSync(other, copy);
      }],
    ];
    assert.ok((await download(f.op, `/berkas/${f.id}`)).body.equals(bytes));
    for (const [what, damage] of damages) {
      const rejected = first.logLines('event=file_cache_rejected', `sha256=${f.sha}`).length;
      damage();
      const r = await download(f.op, `/berkas/${f.id}`);
      assert.equal(r.status, 200, what);
      assert.ok(r.body.equals(bytes), `${what}: the right bytes, from the database`);
      assert.ok(first.logLines('event=file_cache_rejected', `sha256=${f.sha}`).length > rejected ||
        what.startsWith('a link'), `${what}: ${first.log()}`);
      const st = statSync(copy, { throwIfNoEntry: false });
      assert.ok(st && st.isFile() && st.size === bytes.length, `${what}: the copy is made again, whole`);
    }
  });

  test('concurrent first downloads of one content all get it whole, and leave one copy', async () => {
    const bytes = bigPdf();
    const f = await upload(first, bytes, 'bersamaan.pdf');
    const all = await Promise.all(Array.from({ length: 8 }, () => download(f.op, `/berkas/${f.id}`)));
    for (const r of all) {
      assert.equal(r.status, 200);
      assert.ok(r.body.equals(bytes));
    }
    const mine = copies(first).filter((c) => c.name.startsWith(f.sha));
    assert.deepEqual(mine, [{ name: f.sha, size: bytes.length }], 'one copy, no temporary file');
  });

  test('a user who may not see the participation is refused a copied file, as before', async () => {
    const bytes = bigPdf();
    const f = await upload(first, bytes, 'rahasia.pdf');
    assert.ok((await download(f.op, `/berkas/${f.id}`)).body.equals(bytes));
    assert.ok(existsSync(copyOf(first, f.sha)));
    const lapas = await signIn(first, OTHER_UNIT, DEMO_PASSWORD);
    const r = await download(lapas, `/berkas/${f.id}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.includes(bytes.subarray(9, 4096)), false, 'none of the bytes');
    assert.equal((await lapas.json(`/berkas/${f.id}`)).status, 404);
    const anonymous = await first.fetch(`/berkas/${f.id}`);
    assert.notEqual(anonymous.status, 200);
    await anonymous.arrayBuffer();
  });

  test('copies stay within --file-cache, the least recently read going first; off keeps none', async () => {
    small = await startServer({ sameDatabaseAs: first, files: 'postgresql', args: ['--file-cache', '3M'] });
    const off = await startServer({ sameDatabaseAs: first, files: 'postgresql', env: { P2HAM_FILE_CACHE: 'off' } });
    try {
      const op = await signIn(small, OPERATOR, DEMO_PASSWORD);
      const opOff = await signIn(off, OPERATOR, DEMO_PASSWORD);
      const files = [];
      for (let i = 0; i < 6; i++) {
        const bytes = bigPdf();
        files.push({ ...(await upload(first, bytes, `bukti-${i}.pdf`)), bytes });
      }
      for (const f of files) {
        const r = await download(op, `/berkas/${f.id}`, small);
        assert.ok(r.body.equals(f.bytes));
        assert.ok((await download(opOff, `/berkas/${f.id}`, off)).body.equals(f.bytes));
      }
      const held = copies(small);
      const total = held.reduce((n, c) => n + c.size, 0);
      assert.ok(total <= 3 * 1024 * 1024, `${total} bytes held`);
      assert.ok(held.length < files.length, 'some were evicted');
      assert.ok(held.some((c) => c.name === files.at(-1).sha), 'the last one read stays');
      assert.ok((await small.waitLogLines(1, 'event=file_cache_evicted')).length > 0, small.log());
      assert.equal(existsSync(path.join(off.dataDir, 'cache')), false, 'off: no copies');
    } finally {
      await off.stop('SIGKILL');
    }
  });

  test('DATA_DIR/cache removed under the running server is made again by the next download', async () => {
    rmSync(path.join(first.dataDir, 'cache'), { recursive: true, force: true });
    const bytes = bigPdf();
    const f = await upload(first, bytes, 'lagi.pdf');
    assert.ok((await download(f.op, `/berkas/${f.id}`)).body.equals(bytes));
    assert.equal(statSync(copyOf(first, f.sha)).size, bytes.length);
    assert.equal(statSync(path.join(first.dataDir, 'cache')).mode & 0o777, 0o700);
  });

  test('a backup leaves the copies out: the database holds the files', () => {
    assert.ok(copies(first).length > 0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-cache-bk-'));
    try {
      const r = runCommand(['backup', '--data-dir', first.dataDir, '--db', first.db.url, path.join(dir, 'b')],
        { env: { P2HAM_FILES: 'postgresql' } });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(path.join(dir, 'b', 'data', 'keys')), 'the data directory is copied');
      assert.equal(existsSync(path.join(dir, 'b', 'data', 'cache')), false, 'without DATA_DIR/cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('at start, a content swept from the database loses its copy, and unfinished copies go', async () => {
    const kept = copies(first).find((c) => c.size > 0).name;
    const text = 'isi yang tidak dipegang baris mana pun';
    const orphan = sha256(Buffer.from(text));
    sqlOk(first, `INSERT INTO file_blob (sha256, size, stored_at) VALUES ('${orphan}', ${text.length},
      '2020-01-01T00:00:00Z');
      INSERT INTO file_chunk (sha256, n, bytes) VALUES ('${orphan}', 0, convert_to('${text}', 'UTF8'))`);
    mkdirSync(path.dirname(copyOf(first, orphan)), { recursive: true });
    writeFileSync(copyOf(first, orphan), text);
    const unfinished = `${copyOf(first, kept)}.tmp-999999`;
    writeFileSync(unfinished, 'setengah');
    first.child.kill('SIGTERM');
    await first.exited;
    restarted = await serveOn(first.dataDir, { db: first.db, env: { P2HAM_FILES: 'postgresql' } });
    assert.equal(restarted.logLines('event=file_orphan_removed', `sha256=${orphan}`).length, 1, restarted.log());
    assert.equal(existsSync(copyOf(first, orphan)), false, 'the swept content\'s copy is gone');
    assert.equal(existsSync(unfinished), false, 'the unfinished copy is gone');
    assert.ok(existsSync(copyOf(first, kept)), 'the other copies stay');
    const st = await restarted.stop();
    assert.equal(st.code, 0, restarted.log());
    restarted = null;
  });
});
