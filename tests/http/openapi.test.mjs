// The API description: /api/openapi.json is a valid OpenAPI 3.1 document
// that covers every route of the source with a summary, its declared inputs
// and statuses; the JSON answers of pages match the shapes it gives; /api
// shows it to people.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';

import { DEMO_PASSWORD, loadDemo, repoRoot, testCleanStop, useServer } from './lib.mjs';
import { signIn } from './client.mjs';

const holder = useServer();
let doc;

/** The document, fetched once; asserts it came as JSON. */
async function loadDoc() {
  if (doc) return doc;
  const res = await holder.server.fetch('/api/openapi.json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  doc = await res.json();
  return doc;
}

/** Every ROUTE_GET / ROUTE_POST / ROUTE_GUARDED_POST row written in src/web, as "get"/"post". */
function sourceRows() {
  const rows = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.c')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/^\s*ROUTE_(GET|POST|GUARDED_POST)\(\s*([^,]+),/gm)) {
          rows.push({ method: m[1] === 'GET' ? 'get' : 'post', pattern: m[2].trim(), file: p });
        }
      }
    }
  };
  walk(path.join(repoRoot, 'src', 'web'));
  return rows;
}

function operations(d) {
  const out = [];
  for (const [p, item] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(item)) out.push({ path: p, method, op });
  }
  return out;
}

test('/api/openapi.json is a valid OpenAPI 3.1 document', async () => {
  await loadDoc();
  assert.equal(doc.openapi, '3.1.0');
  const v = new Validator();
  const r = await v.validate(doc);
  assert.equal(r.valid, true, JSON.stringify(r.errors, null, 1)?.slice(0, 3000));
  assert.equal(v.version, '3.1');
});

test('every route of the source is described, each with a summary', async () => {
  await loadDoc();
  const rows = sourceRows();
  const ops = operations(doc);
  assert.equal(ops.length, rows.length, 'one operation per route row');
  for (const r of rows) {
    if (!r.pattern.startsWith('"')) continue; // a macro: counted above
    const p = JSON.parse(r.pattern).replace(/\*$/, '{path}');
    assert.ok(doc.paths[p]?.[r.method], `${r.method} ${p} (${r.file}) is in the document`);
  }
  const missing = ops.filter((o) => typeof o.op.summary !== 'string' || o.op.summary.trim() === '');
  assert.deepEqual(missing.map((o) => `${o.method} ${o.path}`), [], 'routes without a description');
  const ids = ops.map((o) => o.op.operationId);
  assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
});

test('declared inputs carry their types and limits; sign-in and statuses are said', async () => {
  await loadDoc();
  const unit = doc.paths['/unit/{id}'].get;
  assert.deepEqual(unit.parameters.find((p) => p.name === 'id'),
    { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } });
  assert.deepEqual(unit.security, [{ bearer: [] }, { session: [] }]);
  for (const s of ['200', '400', '401', '404']) assert.ok(unit.responses[s], `GET /unit/{id} answers ${s}`);

  const login = doc.paths['/masuk'].post;
  assert.deepEqual(login.security, [], 'signing in is public');
  const form = login.requestBody.content['application/x-www-form-urlencoded'].schema;
  assert.equal(form.properties.password.format, 'password');
  assert.ok(form.properties.csrf, 'the CSRF field is described');
  for (const s of ['303', '422', '429']) assert.ok(login.responses[s], `POST /masuk answers ${s}`);

  const upload = doc.paths['/partisipasi/{id}/pembangunan/berkas'].post;
  assert.ok(upload.requestBody.content['multipart/form-data'], 'an upload takes multipart');
  assert.ok(upload.responses['413'], 'an upload may be too large');

  const search = doc.paths['/unit'].get.parameters.find((p) => p.name === 'q');
  assert.deepEqual(search, { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 100 } });
  assert.deepEqual(doc.paths['/static/{path}'].get.parameters[0].in, 'path');
  assert.ok(doc.paths['/progres.csv'].get.responses['200'].content['text/csv']);
});

test('the JSON answers of pages and errors match the shapes the document gives', async () => {
  await loadDoc();
  loadDemo(holder.server);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const check = (schema, body, what) => {
    const ok = ajv.validate({ ...schema, components: doc.components }, body);
    assert.ok(ok, `${what}: ${ajv.errorsText()}`);
  };
  const admin = await signIn(holder.server, 'admin@p2ham.demo', DEMO_PASSWORD);
  const pages = [['/aturan', '/aturan'], ['/hasil', '/hasil'], ['/api', '/api'], ['/unit', '/unit'],
    ['/siklus', '/siklus'], ['/progres', '/progres']];
  for (const [url, p] of pages) {
    const r = await admin.json(url);
    assert.equal(r.status, 200, url);
    const schema = doc.paths[p].get.responses['200'].content['application/json'].schema;
    assert.ok(Object.keys(schema.properties || {}).length > 0, `${p} describes its members`);
    check(schema, r.json, url);
    // What the page's template reads is what the answer holds at the top.
    const listed = Object.keys(r.json).filter((k) => k in schema.properties);
    assert.ok(listed.length > 0, `${url}: some member of the answer is described`);
  }
  const missing = await admin.json('/unit/99999999');
  assert.equal(missing.status, 404);
  check({ $ref: '#/components/schemas/Error' }, missing.json, 'a 404');
});

test('/api shows every address to people, in Bahasa Indonesia by default', async () => {
  await loadDoc();
  const res = await holder.server.fetch('/api');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<html lang="id"/);
  assert.match(html, /Antarmuka pemrograman/);
  for (const o of operations(doc)) {
    const shown = o.path.replace(/\{path\}$/, '*');
    assert.ok(html.includes(`${o.method.toUpperCase()} ${shown}`) ||
      html.includes(`${o.method.toUpperCase()} ${shown.replace(/&/g, '&amp;')}`), `${o.method} ${o.path} on /api`);
  }
  assert.match(html, /href="\/api\/openapi.json"/);
});

testCleanStop(holder);
