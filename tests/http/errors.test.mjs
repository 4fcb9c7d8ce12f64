// Error answers: 404 in the user's language or as JSON, 405 with Allow, the
// size limits (413, 414, 431) and malformed queries (400).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { firstStatus, htmlLang, httpRequest, rawExchange, testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();
const MiB = 1024 * 1024;

test('unknown path: 404 HTML page in Indonesian by default', async () => {
  const r = await ctx.server.request('/tidak/ada');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /^text\/html\b/);
  assert.equal(htmlLang(r.text), 'id');
  assert.match(r.text, /<main\b[^>]*\bid="main"/, 'the error page uses the layout');
  assert.match(r.text, /404/);
});

test('unknown path: 404 HTML page in English with the lang cookie', async () => {
  const r = await ctx.server.request('/tidak/ada', { headers: { Cookie: 'lang=en' } });
  assert.equal(r.status, 404);
  assert.equal(htmlLang(r.text), 'en');
  assert.match(r.text, /not found/i);
});

test('unknown path with Accept: application/json: 404 JSON error', async () => {
  const r = await ctx.server.request('/tidak/ada', { headers: { Accept: 'application/json' } });
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /^application\/json\b/);
  assert.equal(r.json?.error?.status, 404, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
});

test('POST / is 405 with Allow: GET, HEAD', async () => {
  for (const accept of ['text/html', 'application/json']) {
    const r = await ctx.server.request('/', { method: 'POST', body: 'a=1', headers: {
      'Content-Type': 'application/x-www-form-urlencoded', Accept: accept } });
    assert.equal(r.status, 405, `Accept ${accept}`);
    const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim()).sort();
    assert.deepEqual(allow, ['GET', 'HEAD'], `Allow header with Accept ${accept}`);
    if (accept === 'application/json') assert.equal(r.json?.error?.status, 405, r.text);
  }
});

test('other methods on / are 405 too', async () => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const r = await ctx.server.request('/', { method, body: method === 'DELETE' ? undefined : 'x' });
    assert.equal(r.status, 405, method);
    assert.match(r.headers.get('allow') || '', /GET/, `${method} Allow`);
  }
});

test('request body: up to 1 MiB is accepted, one byte more is 413', async () => {
  // With its length declared: node would otherwise send a GET body chunked,
  // which libmicrohttpd 0.9.75 does not read for GET (it answers, then closes).
  const ok = await httpRequest(ctx.server.port, {
    path: '/', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(MiB) },
    body: Buffer.alloc(MiB, 0x61) });
  assert.equal(ok.error, undefined, String(ok.error));
  assert.equal(ok.status, 200, 'a body of exactly 1 MiB');

  // Declared too large: refused from the headers, without waiting for a body.
  const declared = await rawExchange(ctx.server.port, [
    `GET / HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\nContent-Length: ${MiB + 1}\r\n\r\n`,
  ], { timeoutMs: 5000 });
  assert.equal(firstStatus(declared.data), 413, `declared ${MiB + 1} bytes: ${declared.how} ${declared.data.toString('latin1', 0, 200)}`);
});

test('a chunked body past 1 MiB is 413', async () => {
  const chunk = 'a'.repeat(64 * 1024);
  const hex = chunk.length.toString(16);
  const parts = [`GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n`];
  for (let i = 0; i < 17; i++) parts.push(`${hex}\r\n${chunk}\r\n`);
  parts.push('0\r\n\r\n');
  const r = await rawExchange(ctx.server.port, parts, { timeoutMs: 10000 });
  assert.equal(firstStatus(r.data), 413, `${r.how} ${r.data.toString('latin1', 0, 200)}`);
});

test('URI longer than 8 KiB is 414, a long one under it is fine', async () => {
  const fine = await ctx.server.request('/?q=' + 'a'.repeat(4000));
  assert.equal(fine.status, 200);
  const r = await httpRequest(ctx.server.port, { path: '/?q=' + 'a'.repeat(9000) });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 414);
});

test('headers over 16 KiB are 431', async () => {
  const cases = {
    'one big header': { 'X-Big': 'b'.repeat(17 * 1024) },
    'many headers': Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`X-H${i}`, 'h'.repeat(500)])),
    'a big cookie': { Cookie: 'c=' + 'c'.repeat(17 * 1024) },
  };
  for (const [name, headers] of Object.entries(cases)) {
    const r = await httpRequest(ctx.server.port, { path: '/', headers });
    assert.equal(r.error, undefined, `${name}: ${r.error}`);
    assert.equal(r.status, 431, name);
  }
  const fine = await httpRequest(ctx.server.port, { path: '/', headers: { 'X-Fine': 'f'.repeat(8 * 1024) } });
  assert.equal(fine.status, 200, '8 KiB of headers are fine');
});

// libmicrohttpd keeps a request's head in each connection's memory, which it
// clears before every request: the server gives it room for the longest
// target and the most header bytes together, and no more (server.c).
test('the longest target with nearly 16 KiB of headers is answered; past either limit it is not', async () => {
  const path = '/?q=' + 'a'.repeat(8192 - 4);
  const fill = 16 * 1024 - 400; // leaves room for Host and Connection
  const cases = [
    ['one big header', { 'X-Big': 'b'.repeat(fill) }, 200],
    ['forty headers', Object.fromEntries(Array.from({ length: 40 },
      (_, i) => [`X-H${String(i).padStart(2, '0')}`, 'h'.repeat(fill / 40 - 9)])), 200],
    ['a big cookie', { Cookie: 'c=' + 'c'.repeat(fill - 8) }, 200],
    ['headers past 16 KiB', { 'X-Big': 'b'.repeat(16 * 1024 + 10) }, 431],
  ];
  for (const [name, headers, want] of cases) {
    const r = await httpRequest(ctx.server.port, { path, headers });
    assert.equal(r.error, undefined, `${name}: ${r.error}`);
    assert.equal(r.status, want, name);
  }
  const r = await httpRequest(ctx.server.port, { path: path + 'a', headers: { 'X-Big': 'b'.repeat(fill) } });
  assert.equal(r.status, 414, 'a target past 8 KiB');
});

test('malformed query or path encoding is 400', async () => {
  const cases = [
    ['bad escape', '/?lang=%zz'],
    ['truncated escape', '/?lang=%e'],
    ['lone continuation byte', '/?q=%80'],
    ['invalid byte', '/?q=%ff'],
    ['overlong encoding of /', '/?q=%c0%af'],
    ['UTF-16 surrogate', '/?q=%ed%a0%80'],
    ['truncated sequence', '/?q=%e2%82'],
    ['bad escape in path', '/%zz'],
    ['invalid UTF-8 in path', '/%ff'],
  ];
  for (const [name, path] of cases) {
    const r = await httpRequest(ctx.server.port, { path });
    assert.equal(r.error, undefined, `${name}: ${r.error}`);
    assert.equal(r.status, 400, `${name} (${path})`);
  }
  const raw = await rawExchange(ctx.server.port, [
    Buffer.concat([Buffer.from('GET /?q='), Buffer.from([0xff, 0xfe]),
      Buffer.from(' HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')]),
  ]);
  assert.equal(firstStatus(raw.data), 400, 'raw invalid UTF-8 bytes in the query');
});

test('valid UTF-8 in the query is accepted', async () => {
  const r = await ctx.server.request('/?q=' + encodeURIComponent('Pelayanan publik ✓ ramah difabel'));
  assert.equal(r.status, 200);
});

testCleanStop(ctx);
