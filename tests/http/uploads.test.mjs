// Admission of uploads: the stage pages that take files keep a body only
// for a caller the policy lets upload to that participation. Anyone else's
// body is read and dropped as it arrives, never written to the spool
// (DATA_DIR/files/tmp) nor to the store, and the answer is the policy's:
// 404 for a participation the caller may not see, 403 (the stage page with
// the reason) for one they see but may not upload to.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import {
  binary, DEMO_PASSWORD, TINY_PDF as PDF, loadDemo, sqlOk, storedFiles, testCleanStop, useServer,
  participationOf } from './lib.mjs';

const holder = useServer();

const NOBODY = { email: 'tanpa.peran@p2ham.test', name: 'Tanpa Peran', password: 'Kopi-Susu-Gula-Aren-71' };
const MB = 1024 * 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sql(text) {
  return sqlOk(holder.server, text);
}

/** The 2023 participation of the unit called name. */
function part(name) {
  return participationOf(holder.server, name, 2023);
}

/**
 * Posts a multipart body with one file field of size bytes to path as
 * client, in two halves with a pause between them; during the pause it
 * looks at the file store. Resolves { status, text, during }.
 */
function slowUpload(client, path, field, size, extra = {}) {
  const boundary = '----p2hamadmit';
  let head = '';
  for (const [k, v] of Object.entries({ csrf: client.csrf || '', ...extra })) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="besar.pdf"\r\n` +
    'Content-Type: application/pdf\r\n\r\n';
  const body = Buffer.concat([Buffer.from(head), PDF, Buffer.alloc(size - PDF.length, 0x41),
    Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Promise((resolve, reject) => {
    let during;
    const req = http.request(`${holder.server.url}${path}`, {
      method: 'POST',
      headers: {
        cookie: client.cookieHeader(), accept: 'text/html',
        'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length,
      },
    }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString(), during }));
    });
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.subarray(0, half), async () => {
      await sleep(400);
      during = storedFiles(holder.server);
      req.end(body.subarray(half));
    });
  });
}

test('demo data and an account without any role', () => {
  loadDemo(holder.server);
  const args = ['user', 'add', '--data-dir', holder.server.dataDir,
    ...(holder.server.db ? ['--db', holder.server.db.url] : []), '--email', NOBODY.email, '--name', NOBODY.name];
  const r = spawnSync(binary, args, { input: NOBODY.password + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('an account without a role posting 5 MB gets 404 and nothing reaches the disk', async () => {
  const kanim = part('Kantor Imigrasi Kelas I TPI Gorontalo');
  const nobody = await signIn(holder.server, NOBODY.email, NOBODY.password);
  await nobody.get('/akun');
  const before = storedFiles(holder.server);
  assert.deepEqual(before.tmp, []);
  for (const [path, field, extra] of [
    [`/partisipasi/${kanim}/pencanangan/unggah`, 'pernyataan', {}],
    [`/partisipasi/${kanim}/pembangunan/berkas`, 'berkas', { indikator: 'K1.1' }],
  ]) {
    const r = await slowUpload(nobody, path, field, 5 * MB, extra);
    assert.equal(r.status, 404, path);
    assert.deepEqual(r.during.tmp, [], `${path}: nothing spooled while the body arrives`);
    assert.deepEqual(r.during.blobs, before.blobs, `${path}: nothing stored while the body arrives`);
    assert.deepEqual(storedFiles(holder.server), before, `${path}: nothing on disk afterwards`);
  }
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${kanim} ` +
    `AND uploaded_by = (SELECT id FROM users WHERE email = '${NOBODY.email}')`), '0');
});

test('a role that sees the unit but may not upload gets 403 on its page, nothing kept', async () => {
  const kanim = part('Kantor Imigrasi Kelas I TPI Gorontalo');
  const coord = await signIn(holder.server, 'koordinator@p2ham.demo', DEMO_PASSWORD);
  await coord.get(`/partisipasi/${kanim}/pembangunan`);
  const before = storedFiles(holder.server);
  const r = await slowUpload(coord, `/partisipasi/${kanim}/pembangunan/berkas`, 'berkas', 3 * MB,
    { indikator: 'K1.1' });
  assert.equal(r.status, 403);
  assert.deepEqual(r.during.tmp, [], 'nothing spooled while the body arrives');
  assert.deepEqual(storedFiles(holder.server), before, 'nothing on disk afterwards');
  assert.match(r.text, /<h1>Kantor Imigrasi Kelas I TPI Gorontalo<\/h1>/, 'the building page again');
  assert.match(r.text, /role="alert"><p>Peran Anda tidak mengizinkan tindakan ini: hanya operator atau kepala unit ini yang dapat mengisi/);
});

test('the unit\'s own operator still uploads', async () => {
  const kanim = part('Kantor Imigrasi Kelas I TPI Gorontalo');
  const op = await signIn(holder.server, 'operator.kanim.gorontalo@p2ham.demo', DEMO_PASSWORD);
  const page = await op.json(`/partisipasi/${kanim}/pembangunan`);
  const indicator = page.json.criteria.flatMap((c) => c.indicators).find((i) => i.evidence_required).code;
  await op.get(`/partisipasi/${kanim}/pembangunan`);
  const r = await slowUpload(op, `/partisipasi/${kanim}/pembangunan/berkas`, 'berkas', 64 * 1024,
    { indikator: indicator });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(storedFiles(holder.server).tmp.length, 0);
});

testCleanStop(holder);
