// Pages travel gzip-compressed to clients that take it: the same bytes once
// unpacked, far fewer on the wire, and never for a client that refuses it.

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();

/** GET path with the given Accept-Encoding (undefined: none), raw bytes. */
function get(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const req = http.get({ host: '127.0.0.1', port: ctx.server.port, path, headers, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

test('a large page is gzip-compressed for a client that accepts it, and unpacks to the same page', async () => {
  const plain = await get('/aturan/2');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  assert.ok(plain.body.length > 20000, `the rulebook page is large (${plain.body.length} bytes)`);

  const packed = await get('/aturan/2', 'gzip, deflate, br');
  assert.equal(packed.status, 200);
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.equal(packed.headers.vary, 'Accept-Encoding');
  assert.equal(Number(packed.headers['content-length']), packed.body.length);
  assert.ok(packed.body.length * 4 < plain.body.length,
    `${packed.body.length} bytes on the wire instead of ${plain.body.length}`);
  assert.deepEqual(gunzipSync(packed.body), plain.body);
});

test('JSON is compressed too; a refused gzip, small answers and the identity coding are not', async () => {
  const asJson = await new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: ctx.server.port, path: '/aturan/2', agent: false,
      headers: { accept: 'application/json', 'accept-encoding': 'gzip' } }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
  });
  assert.equal(asJson.headers['content-encoding'], 'gzip');
  assert.equal(JSON.parse(gunzipSync(asJson.body)).rulebook.code, 'p2ham-2022');

  for (const ae of ['gzip;q=0', 'identity', 'br', '*;q=0']) {
    const r = await get('/aturan/2', ae);
    assert.equal(r.headers['content-encoding'], undefined, ae);
    assert.match(r.body.toString('utf8'), /<html lang="id">/, ae);
  }
  const small = await get('/healthz', 'gzip');
  assert.equal(small.status, 200);
  assert.equal(small.headers['content-encoding'], undefined, 'a small answer is sent as it is');
  assert.equal(JSON.parse(small.body).status, 'ok');
});

testCleanStop(ctx);
