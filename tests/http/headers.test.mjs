// Security headers on every kind of response: pages, JSON, static files,
// operations endpoints, errors of every kind and 304s.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { httpRequest, testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();

/** Directive name -> list of sources, from a CSP header value. */
function parseCsp(value) {
  const out = {};
  for (const part of value.split(';')) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    out[words[0].toLowerCase()] = words.slice(1);
  }
  return out;
}

const REFERRER_POLICIES = new Set(['no-referrer', 'no-referrer-when-downgrade', 'origin',
  'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']);

function assertSecurityHeaders(h, name) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k.toLowerCase()]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${name}: Content-Security-Policy`);
  const d = parseCsp(csp);
  const scriptSrc = d['script-src'] || d['default-src'];
  assert.ok(scriptSrc, `${name}: CSP limits scripts (script-src or default-src): ${csp}`);
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${name}: no 'unsafe-inline' for scripts: ${csp}`);
  assert.ok(!scriptSrc.includes("'unsafe-eval'"), `${name}: no 'unsafe-eval' for scripts: ${csp}`);
  assert.ok(!scriptSrc.includes('*'), `${name}: no wildcard script source: ${csp}`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${name}: X-Content-Type-Options`);
  assert.equal(get('x-frame-options'), 'DENY', `${name}: X-Frame-Options`);
  const rp = get('referrer-policy');
  assert.ok(rp && rp.split(',').every((p) => REFERRER_POLICIES.has(p.trim())), `${name}: Referrer-Policy ${rp}`);
  assert.match(get('x-request-id') || '', /^[0-9a-f]{8,64}$/, `${name}: X-Request-Id`);
}

const FETCH_CASES = [
  ['home page', '/', {}, 200],
  ['home page in English', '/?lang=en', {}, 200],
  ['home JSON', '/', { headers: { Accept: 'application/json' } }, 200],
  ['health', '/healthz', {}, 200],
  ['metrics', '/metrics', {}, 200],
  ['static file', '/static/style.css', {}, 200],
  ['HEAD', '/', { method: 'HEAD' }, 200],
  ['404 page', '/no/such/page', {}, 404],
  ['404 JSON', '/no/such/page', { headers: { Accept: 'application/json' } }, 404],
  ['405', '/', { method: 'POST', body: 'x=1' }, 405],
  ['400 bad query', '/?lang=%zz', {}, 400],
];

for (const [name, path, init, status] of FETCH_CASES) {
  test(`security headers: ${name}`, async () => {
    const r = await ctx.server.fetch(path, init);
    await r.arrayBuffer();
    assert.equal(r.status, status, name);
    assertSecurityHeaders(r.headers, name);
  });
}

test('security headers: 304 Not Modified', async () => {
  const first = await ctx.server.fetch('/static/style.css');
  await first.arrayBuffer();
  const r = await ctx.server.fetch('/static/style.css', { headers: { 'If-None-Match': first.headers.get('etag') } });
  assert.equal(r.status, 304);
  assertSecurityHeaders(r.headers, '304');
});

const RAW_CASES = [
  ['413', { path: '/', headers: { 'Content-Length': String(2 * 1024 * 1024) } }, 413],
  ['414', { path: '/?q=' + 'a'.repeat(9000) }, 414],
  ['431', { path: '/', headers: { 'X-Big': 'b'.repeat(20 * 1024) } }, 431],
];

for (const [name, opts, status] of RAW_CASES) {
  test(`security headers: ${name}`, async () => {
    const r = await httpRequest(ctx.server.port, opts);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, status);
    assertSecurityHeaders(r.headers, name);
  });
}

testCleanStop(ctx);
