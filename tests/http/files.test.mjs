// Uploaded files. Uploads through the first stage page that takes them
// (evidence of the building stage): good files are stored once by content,
// a renamed executable, an oversized and an empty file are refused with a
// clear message and leave nothing behind, nor does a body past the request's
// cap. At their address, /berkas/{id}: the download streams the stored bytes
// with a safe name only to those who may see the participation (every file
// of another unit is 404), its JSON twin describes it, removal keeps the
// history and follows the stage machine. Most files here are put in place
// the way the store keeps them (DATA_DIR/files/ab/cd/<sha256> and a row), so
// the download tests do not depend on the upload form. The spool itself is
// also covered by tests/unit/test_files.c.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF as PDF, TINY_PNG as PNG, loadDemo, runCommand, sqlOk, storedFiles, testCleanStop,
  useServer,
} from './lib.mjs';

const UPLOAD_MAX = 2048;
const holder = useServer({ args: ['--upload-max', String(UPLOAD_MAX)] });

function sql(text) {
  return sqlOk(holder.server, text);
}

async function as(email) {
  const c = await signIn(holder.server, email, DEMO_PASSWORD);
  await c.get('/akun');		// a page with forms: the session's CSRF token
  return c;
}

/** Puts bytes into the store and a row for them; returns the file id. */
function putFile(pid, { bytes, name, mime, purpose = 'evidence', indicator = 'K1.1' }) {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const dir = path.join(holder.server.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, sha), bytes);
  const q = (s) => (s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`);
  const out = sql(`INSERT INTO file (sha256, name, mime, size, participation_id, purpose,
    indicator, uploaded_by, uploaded_at) VALUES ('${sha}', ${q(name)}, '${mime}',
    ${bytes.length}, ${pid}, '${purpose}', ${q(indicator)},
    (SELECT id FROM users WHERE email = 'operator.kanim.gorontalo@p2ham.demo'),
    '2026-01-05T03:00:00Z') RETURNING id`);
  return { id: Number(out.split('\n').pop()), sha };
}

/** The 2023 participation of the unit whose name contains `unit`. */
function participation(unit) {
  const out = sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name LIKE '%${unit}%' AND c.year = 2023`);
  return Number(out);
}

const ctx = {};

const onDisk = () => storedFiles(holder.server);

const upload = uploadEvidence;

/** The first indicator of the building page that asks for evidence. */
async function evidenceIndicator(client, pid) {
  const page = await client.json(`/partisipasi/${pid}/pembangunan`);
  assert.equal(page.status, 200, 'the building page');
  for (const c of page.json.criteria) {
    for (const i of c.indicators) if (i.evidence_required) return i.code;
  }
  throw new Error('no indicator asks for evidence');
}

test('demo data and files of two units', () => {
  loadDemo(holder.server);
  ctx.kanim = participation('Kantor Imigrasi Kelas I TPI Gorontalo');
  ctx.lapas = participation('Lembaga Pemasyarakatan Kelas IIA Gorontalo');
  assert.ok(ctx.kanim > 0 && ctx.lapas > 0);
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${ctx.kanim}`),
    'pembangunan/building', 'the demo keeps the immigration office building');
  ctx.pdf = putFile(ctx.kanim, { bytes: PDF, name: 'Laporan "akhir" ü 2023.pdf', mime: 'application/pdf' });
  ctx.png = putFile(ctx.kanim, { bytes: PNG, name: 'foto.png', mime: 'image/png' });
  ctx.statement = putFile(ctx.kanim, { bytes: PDF, name: 'pernyataan.pdf', mime: 'application/pdf',
    purpose: 'statement', indicator: null });
  ctx.other = putFile(ctx.lapas, { bytes: PNG, name: 'lapas.png', mime: 'image/png' });
});

test('uploads: good files are stored once; refused ones leave nothing', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const indicator = await evidenceIndicator(op, ctx.kanim);
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const before = onDisk();
  const rows = () => Number(sql(`SELECT COUNT(*) FROM file WHERE participation_id = ${ctx.kanim}`));
  const n0 = rows();

  const elf = Buffer.concat([Buffer.from('7f454c4602010100000000000000000002003e0001000000', 'hex'),
    Buffer.alloc(200, 0)]);
  const refusals = [
    ['a renamed executable', { bytes: elf, name: 'laporan.pdf' },
      /Jenis berkas tidak diterima: hanya PDF, JPEG, PNG atau WebP/],
    ['HTML dressed as a PNG', { bytes: Buffer.from('<html><script>alert(1)</script></html>'),
      name: 'foto.png', type: 'image/png' }, /Jenis berkas tidak diterima/],
    ['an oversized file', { bytes: Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX, 0x41)]), name: 'besar.pdf' },
      /Berkas lebih besar dari 2 KB/],
    ['an empty file', { bytes: Buffer.alloc(0), name: 'kosong.pdf' }, /Berkas kosong/],
  ];
  for (const [what, file, message] of refusals) {
    const r = await upload(op, ctx.kanim, { ...file, indicator });
    assert.equal(r.status, 422, what);
    assert.match(r.text, message, what);
    assert.match(r.text, new RegExp(file.name.replace('.', '\\.')), `${what}: the message names the file`);
    assert.deepEqual(onDisk(), before, `${what} leaves nothing on disk`);
    assert.equal(rows(), n0, `${what} leaves no row`);
  }

  let r = await upload(op, ctx.kanim, { bytes: PDF, name: '../../etc/bukti.pdf', indicator });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const first = sql(`SELECT id || '|' || name || '|' || mime || '|' || size || '|' || sha256 FROM file
    WHERE participation_id = ${ctx.kanim} ORDER BY id DESC LIMIT 1`).split('|');
  assert.deepEqual(first.slice(1), ['bukti.pdf', 'application/pdf', String(PDF.length), ctx.pdf.sha]);
  r = await upload(op, ctx.kanim, { bytes: PNG, name: 'foto.png', type: 'application/octet-stream', indicator });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT mime FROM file WHERE participation_id = ${ctx.kanim} ORDER BY id DESC LIMIT 1`),
    'image/png', 'the type comes from the content, not from what the browser said');
  // An old browser's full Windows path: the base name is kept.
  r = await upload(op, ctx.kanim, { bytes: PNG, name: 'C:\\Users\\rina\\jalur landai.png', indicator });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT name FROM file WHERE participation_id = ${ctx.kanim} ORDER BY id DESC LIMIT 1`),
    'jalur landai.png');
  assert.deepEqual(onDisk().blobs, before.blobs, 'the same contents were stored before: kept once');
  assert.equal(rows(), n0 + 3);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'file.upload'
    AND object_id = ${first[0]}`), '1');

  // Replacing keeps the old row as history.
  const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
  r = await upload(op, ctx.kanim, { bytes: jpeg, name: 'baru.jpg', type: 'image/jpeg', indicator,
    replace: first[0] });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${first[0]} AND removed_at IS NOT NULL`), '1');
  assert.equal(sql(`SELECT name || '|' || mime FROM file WHERE replaces_id = ${first[0]}`),
    'baru.jpg|image/jpeg');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'file.replace'`), '1');
  assert.equal(onDisk().blobs.length, before.blobs.length + 1);
  assert.deepEqual(onDisk().tmp, []);
});

test('uploads: a body past the request\'s cap is refused and nothing is kept', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const indicator = await evidenceIndicator(op, ctx.kanim);
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  const before = onDisk();
  const boundary = '----p2hamcap';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n` +
    `${op.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="indikator"\r\n\r\n` +
    `${indicator}\r\n--${boundary}\r\nContent-Disposition: form-data; name="berkas"; ` +
    'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n');
  // Without a length (chunked), so the server finds out while reading.
  const status = await new Promise((resolve, reject) => {
    const req = http.request(`${holder.server.url}/partisipasi/${ctx.kanim}/pembangunan/berkas`, {
      method: 'POST',
      headers: { cookie: op.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 24; i++) req.write(chunk);	// 1.5 MB, over 1 MB + 2 KB
    req.end(`\r\n--${boundary}--\r\n`);
  });
  assert.equal(status, 413);
  assert.deepEqual(onDisk(), before);
});

test('uploads: the public is sent to sign in and nothing is spooled', async () => {
  const form = new FormData();
  form.append('indikator', 'x');
  form.append('berkas', new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
  const r = await holder.server.fetch(`/partisipasi/${ctx.kanim}/pembangunan/berkas`,
    { method: 'POST', body: form });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/masuk/);
  assert.deepEqual(onDisk().tmp, []);
});

test('the download streams the stored bytes with their type and a safe name', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const res = await holder.server.fetch(`/berkas/${ctx.pdf.id}`, { headers: { cookie: op.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('content-length'), String(PDF.length));
  const cd = res.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="Laporan _akhir_ _ 2023\.pdf"; /);
  assert.match(cd, /filename\*=UTF-8''Laporan%20%22akhir%22%20%C3%BC%202023\.pdf$/);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);

  const png = await holder.server.fetch(`/berkas/${ctx.png.id}`, { headers: { cookie: op.cookieHeader() } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await png.arrayBuffer()), PNG);

  const head = await holder.server.fetch(`/berkas/${ctx.png.id}`,
    { method: 'HEAD', headers: { cookie: op.cookieHeader() } });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(PNG.length));
});

test('the JSON twin describes the file', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const r = await op.json(`/berkas/${ctx.pdf.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.file.id, ctx.pdf.id);
  assert.equal(r.json.file.sha256, ctx.pdf.sha);
  assert.equal(r.json.file.size, PDF.length);
  assert.equal(r.json.file.size_text, `${PDF.length} B`);
  assert.equal(r.json.file.purpose, 'evidence');
  assert.equal(r.json.file.indicator, 'K1.1');
  assert.equal(r.json.file.removed, false);
  assert.equal(r.json.file.participation_id, ctx.kanim);
});

test('another unit\'s files are not found, and the public must sign in', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  assert.equal((await op.get(`/berkas/${ctx.other.id}`)).status, 404);
  assert.equal((await op.json(`/berkas/${ctx.other.id}`)).status, 404);
  assert.equal((await op.get('/berkas/999999')).status, 404);
  let r = await op.post(`/berkas/${ctx.other.id}/hapus`, {});
  assert.equal(r.status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${ctx.other.id} AND removed_at IS NULL`), '1');

  const lapas = await as('operator.lapas.gorontalo@p2ham.demo');
  assert.equal((await lapas.get(`/berkas/${ctx.other.id}`)).status, 200);
  assert.equal((await lapas.get(`/berkas/${ctx.pdf.id}`)).status, 404);

  const regional = await as('kanwil.gorontalo@p2ham.demo');
  assert.equal((await regional.get(`/berkas/${ctx.pdf.id}`)).status, 200, 'the regional office sees its units');

  r = await new Client(holder.server).get(`/berkas/${ctx.pdf.id}`);
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/masuk\?next=/);
});

test('removing keeps the row and the bytes, with audit and timeline entries', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const back = `/partisipasi/${ctx.kanim}/pembangunan`;
  let r = await op.post(`/berkas/${ctx.png.id}/hapus`, {}, { csrf: null });
  assert.equal(r.status, 403, 'no CSRF token, no removal');
  r = await op.post(`/berkas/${ctx.png.id}/hapus`, { kembali: back });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), back);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${ctx.png.id} AND removed_at IS NOT NULL
    AND removed_by = (SELECT id FROM users WHERE email = 'operator.kanim.gorontalo@p2ham.demo')`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'file.remove'
    AND object_id = ${ctx.png.id}`), '1');
  assert.equal(sql(`SELECT note FROM participation_event WHERE participation_id = ${ctx.kanim}
    AND what = 'file_remove'`), 'foto.png');

  // History: still downloadable, marked removed.
  const j = await op.json(`/berkas/${ctx.png.id}`);
  assert.equal(j.json.file.removed, true);
  assert.equal((await op.get(`/berkas/${ctx.png.id}`)).status, 200);

  // A second click changes nothing.
  r = await op.post(`/berkas/${ctx.png.id}/hapus`, { kembali: back });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'file.remove'
    AND object_id = ${ctx.png.id}`), '1');
});

test('after removal the way back stays on this site', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  for (const kembali of ['https://evil.example/', '//evil.example/partisipasi/1',
    '/partisipasi/../masuk', '/partisipasi//evil.example', '/akun']) {
    const f = putFile(ctx.kanim, { bytes: Buffer.concat([PDF, Buffer.from(kembali)]), name: 'x.pdf',
      mime: 'application/pdf' });
    const r = await op.post(`/berkas/${f.id}/hapus`, { kembali });
    assert.equal(r.status, 303, kembali);
    assert.equal(r.headers.get('location'), `/partisipasi/${ctx.kanim}`, kembali);
  }
});

test('a signed statement is removed through the declaration\'s transition, not building\'s', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const r = await op.post(`/berkas/${ctx.statement.id}/hapus`, {});
  assert.equal(r.status, 409, 'recording the declaration is over for a unit that is building');
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${ctx.statement.id} AND removed_at IS NULL`), '1');
});

test('a file missing from the store is an error, not an empty download', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const f = putFile(ctx.kanim, { bytes: Buffer.from('%PDF-1.4 missing'), name: 'hilang.pdf',
    mime: 'application/pdf' });
  rmSync(path.join(holder.server.dataDir, 'files', f.sha.slice(0, 2), f.sha.slice(2, 4), f.sha));
  const r = await op.get(`/berkas/${f.id}`);
  assert.equal(r.status, 500);
  assert.ok((await holder.server.waitLogLines(1, 'event=file_missing')).length > 0);
});

test('a small file is answered from memory once read, and only bytes that match its hash are kept', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const get = async (id) => {
    const res = await holder.server.fetch(`/berkas/${id}`, { headers: { cookie: op.cookieHeader() } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  const onDiskPath = (sha) => path.join(holder.server.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
  const bytes = Buffer.from('%PDF-1.4 kept in memory %%EOF');
  const f = putFile(ctx.kanim, { bytes, name: 'diingat.pdf', mime: 'application/pdf' });
  let r = await get(f.id);
  assert.equal(r.status, 200);
  assert.ok(r.body.equals(bytes));
  // The file changes on disk: the kept bytes, read once and checked, answer.
  writeFileSync(onDiskPath(f.sha), Buffer.alloc(bytes.length, 'x'));
  r = await get(f.id);
  assert.equal(r.status, 200);
  assert.ok(r.body.equals(bytes), 'answered from memory');
  // A file damaged before its first read is sent as the store has it,
  // never kept: once repaired, the right bytes come.
  const other = Buffer.from('%PDF-1.4 damaged before read %%EOF');
  const g = putFile(ctx.kanim, { bytes: other, name: 'rusak.pdf', mime: 'application/pdf' });
  writeFileSync(onDiskPath(g.sha), Buffer.alloc(other.length, 'y'));
  r = await get(g.id);
  assert.equal(r.status, 200);
  assert.ok(r.body.equals(Buffer.alloc(other.length, 'y')));
  assert.ok((await holder.server.waitLogLines(1, 'event=file_hash_mismatch', `sha256=${g.sha}`)).length > 0);
  writeFileSync(onDiskPath(g.sha), other);
  r = await get(g.id);
  assert.ok(r.body.equals(other), 'the damaged bytes were not kept');
});

test('the spool directory exists and is empty', () => {
  const tmp = path.join(holder.server.dataDir, 'files', 'tmp');
  assert.ok(existsSync(tmp));
  assert.deepEqual(spawnSync('ls', ['-A', tmp], { encoding: 'utf8' }).stdout, '');
});

test('--upload-max and P2HAM_UPLOAD_MAX are checked', () => {
  for (const v of ['abc', '0', '5G', '-1M', '4097M']) {
    const r = runCommand(['serve', '--upload-max', v, '--data-dir', holder.server.dataDir]);
    assert.equal(r.status, 2, v);
    assert.match(r.stderr, /--upload-max must be a size in bytes, or in megabytes with an M suffix/);
  }
  const r = runCommand(['serve', '--data-dir', holder.server.dataDir], { env: { P2HAM_UPLOAD_MAX: 'x' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /P2HAM_UPLOAD_MAX must be a size/);
  assert.match(runCommand(['serve', '--help']).stdout, /--upload-max SIZE/);
});

testCleanStop(holder);
