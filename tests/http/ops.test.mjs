// Operations: /healthz, /metrics, static files with validators, the access
// log and request ids.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { backend, firstStatus, hasPair, rawExchange, repoRoot, testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();

/**
 * Parses the Prometheus text format into samples { name, labels, value } and
 * the declared types { name: type }. Throws on a line it cannot read.
 */
function parseMetrics(text) {
  const samples = [];
  const types = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (m) types[m[1]] = m[2];
      else assert.match(line, /^# HELP \S+ /, `comment line: ${line}`);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    assert.ok(m, `sample line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[2]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
      let rest = m[2];
      let lm;
      let consumed = 0;
      while ((lm = re.exec(rest)) !== null) {
        labels[lm[1]] = lm[2];
        consumed = re.lastIndex;
      }
      assert.equal(consumed, rest.length, `labels of ${line}`);
    }
    const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
    assert.ok(!Number.isNaN(value), `value of ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { samples, types };
}

/** The sum over the samples of name whose labels include `labels` (others may differ). */
function sampleValue(parsed, name, labels) {
  return parsed.samples
    .filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))
    .reduce((sum, x) => sum + x.value, 0);
}

async function metrics() {
  const r = await ctx.server.request('/metrics');
  assert.equal(r.status, 200);
  return parseMetrics(r.text);
}

test('the server allocates through mimalloc, or the sanitizers\' allocator in their build', () => {
  const want = process.env.ASAN_OPTIONS ? 'libc' : 'mimalloc';
  const lines = ctx.server.logLines('event=listen');
  assert.equal(lines.length, 1, ctx.server.log());
  assert.ok(hasPair(lines[0], `allocator=${want}`), lines[0]);
});

test('GET /healthz reports ok and the backend', async () => {
  const r = await ctx.server.request('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json\b/);
  assert.deepEqual(r.json, { status: 'ok', database: backend });
});

test('GET /metrics is Prometheus text with the declared families', async () => {
  const r = await ctx.server.request('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain\b/);
  const p = parseMetrics(r.text);
  assert.equal(p.types.p2ham_http_requests_total, 'counter');
  assert.equal(p.types.p2ham_http_request_duration_seconds, 'histogram');
  assert.ok(p.samples.some((s) => s.name === 'p2ham_db_errors_total'), 'p2ham_db_errors_total');
  assert.equal(sampleValue(p, 'p2ham_db_errors_total', {}), 0, 'no database errors yet');
});

test('request counters count by route pattern and status', async () => {
  const before = await metrics();
  const hits = [
    ['/', 3],
    ['/?lang=en', 1],
    ['/static/style.css', 2],
    ['/no/such/page', 2],
  ];
  for (const [path, n] of hits) {
    for (let i = 0; i < n; i++) await (await ctx.server.fetch(path)).arrayBuffer();
  }
  const after = await metrics();
  const delta = (labels) => sampleValue(after, 'p2ham_http_requests_total', labels) -
    sampleValue(before, 'p2ham_http_requests_total', labels);
  assert.equal(delta({ route: '/', status: '200' }), 4, 'route="/" status="200"');
  assert.equal(delta({ route: '/static/*', status: '200' }), 2, 'route="/static/*" status="200"');
  assert.equal(delta({ route: 'unmatched', status: '404' }), 2, 'route="unmatched" status="404"');
  // The /metrics request that took `before` was counted by `after`.
  assert.equal(delta({ route: '/metrics', status: '200' }), 1, 'route="/metrics" status="200"');
});

test('the latency histogram is cumulative and consistent', async () => {
  const p = await metrics();
  const buckets = p.samples.filter((s) => s.name === 'p2ham_http_request_duration_seconds_bucket');
  assert.ok(buckets.length > 0, 'histogram buckets');
  const series = new Map();
  for (const b of buckets) {
    assert.ok('le' in b.labels, 'every bucket has le');
    const { le, ...rest } = b.labels;
    const key = JSON.stringify(rest);
    if (!series.has(key)) series.set(key, []);
    series.get(key).push({ le: le === '+Inf' ? Infinity : Number(le), value: b.value });
  }
  let total = 0;
  for (const [key, list] of series) {
    assert.equal(list.at(-1).le, Infinity, `${key} ends with le="+Inf"`);
    for (let i = 1; i < list.length; i++) {
      assert.ok(list[i].le > list[i - 1].le, `${key} bounds ascend`);
      assert.ok(list[i].value >= list[i - 1].value, `${key} counts are cumulative`);
    }
    const labels = JSON.parse(key);
    const count = sampleValue(p, 'p2ham_http_request_duration_seconds_count', labels);
    assert.equal(count, list.at(-1).value, `${key} _count equals the +Inf bucket`);
    assert.ok(p.samples.some((s) => s.name === 'p2ham_http_request_duration_seconds_sum'),
      '_sum present');
    total += count;
  }
  assert.ok(total > 0, 'some requests observed');
});

test('GET /static/style.css is cacheable CSS with an ETag', async () => {
  const r = await ctx.server.request('/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css\b/);
  assert.ok(r.text.length > 0, 'a stylesheet body');
  const etag = r.headers.get('etag');
  assert.match(etag || '', /^(W\/)?"[^"]+"$/, `ETag ${etag}`);
  assert.match(r.headers.get('cache-control') || '', /max-age=\d+|no-cache/, 'Cache-Control');

  const again = await ctx.server.fetch('/static/style.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await again.arrayBuffer()).byteLength, 0, '304 has no body');
  assert.equal(again.headers.get('etag'), etag, '304 repeats the ETag');

  const other = await ctx.server.fetch('/static/style.css', { headers: { 'If-None-Match': '"not-it"' } });
  assert.equal(other.status, 200);
  await other.arrayBuffer();
});

/** The body of a raw HTTP/1.1 reply, de-chunked when it came in chunks. */
function rawBody(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return '';
  const head = text.slice(0, end);
  let body = text.slice(end + 4);
  if (/^transfer-encoding:\s*chunked\s*$/im.test(head)) {
    let out = '';
    for (;;) {
      const eol = body.indexOf('\r\n');
      const size = eol < 0 ? NaN : parseInt(body.slice(0, eol), 16);
      if (!(size > 0)) break;
      out += body.slice(eol + 2, eol + 2 + size);
      body = body.slice(eol + 2 + size + 2);
    }
    body = out;
  }
  return Buffer.from(body, 'latin1').toString('utf8');
}

test('unknown static files are 404', async () => {
  const r = await ctx.server.request('/static/no-such-file.css');
  assert.equal(r.status, 404);
});

const MIGRATION = 'migrations/' + readdirSync(path.join(repoRoot, 'migrations')).sort()[0];

// Each target names, from inside static/, a file that is compiled into the
// binary next to the static assets; a server that resolved the dot segments
// would serve it. Sent over a raw socket: fetch() would remove the dots.
const ESCAPES = [
  ['/static/../templates/home.mustache', 'templates/home.mustache'],
  ['/static/..%2ftemplates%2fhome.mustache', 'templates/home.mustache'],
  ['/static/%2e%2e/templates/home.mustache', 'templates/home.mustache'],
  ['/static/%2E%2E%2Ftemplates%2Ferror.mustache', 'templates/error.mustache'],
  ['/static/./../templates/home.mustache', 'templates/home.mustache'],
  ['/static/style.css/../../templates/home.mustache', 'templates/home.mustache'],
  ['/static/..%5ctemplates%5chome.mustache', 'templates/home.mustache'],
  ['/static/%2e%2e/locales/id.json', 'locales/id.json'],
  ['/static/..%2flocales%2fen.json', 'locales/en.json'],
  [`/static/%2e%2e/${MIGRATION}`, MIGRATION],
];

for (const [target, file] of ESCAPES) {
  test(`the path cannot leave static/: ${target}`, async () => {
    const content = readFileSync(path.join(repoRoot, file), 'utf8');
    assert.ok(content.length > 40, `${file} is a real file`);
    const r = await rawExchange(ctx.server.port,
      [`GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`], { timeoutMs: 15000 });
    const status = firstStatus(r.data);
    const body = rawBody(r.data);
    assert.ok([400, 404].includes(status), `${target}: status ${status}`);
    assert.ok(!body.includes(content.slice(0, 200)), `${target} serves ${file}`);
  });
}

test('every response has an X-Request-Id that the access log carries', async () => {
  const r = await ctx.server.fetch('/?lang=en');
  await r.arrayBuffer();
  const id = r.headers.get('x-request-id');
  assert.match(id || '', /^[0-9a-f]{8,64}$/, `X-Request-Id ${id}`);
  const other = await ctx.server.fetch('/');
  await other.arrayBuffer();
  assert.notEqual(other.headers.get('x-request-id'), id, 'ids differ per request');

  // The access line is written when the response ends.
  const lines = await ctx.server.waitLogLines(1, 'event=request', `req=${id}`);
  assert.equal(lines.length, 1, `one access line for req=${id} in:\n${ctx.server.log()}`);
  const line = lines[0];
  for (const pair of ['method=GET', 'route=/', 'status=200']) {
    assert.ok(hasPair(line, pair), `${pair} in ${line}`);
  }
  assert.match(line, /(^|\s)bytes=\d+(\s|$)/, `bytes= in ${line}`);
  assert.match(line, /(^|\s)ms=\d+(\.\d+)?(\s|$)/, `ms= in ${line}`);
});

test('the access log names unmatched routes', async () => {
  const r = await ctx.server.fetch('/definitely/not/here');
  await r.arrayBuffer();
  const id = r.headers.get('x-request-id');
  const lines = await ctx.server.waitLogLines(1, 'event=request', `req=${id}`);
  assert.equal(lines.length, 1, `access line for ${id}`);
  assert.ok(hasPair(lines[0], 'status=404'), lines[0]);
  assert.ok(hasPair(lines[0], 'route=unmatched'), lines[0]);
});

testCleanStop(ctx);
