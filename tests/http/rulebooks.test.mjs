// Rulebooks end to end: `p2ham init` imports the shipped rulebooks, which
// the public pages /aturan and /aturan/{id} list and show in Bahasa Indonesia
// and English (with their JSON twins), with the scoring in words and the
// defaults marked; the stored hash is the one an independent implementation
// of the canonical form computes; `p2ham rulebook validate` reports every
// problem with its path; a changed rulebook is refused under a stored
// version and accepted as a new one; and the database itself refuses to
// change or delete a stored rulebook. Runs on SQLite with the sqlite3
// command, or on PostgreSQL with psql when P2HAM_TEST_DB is set.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import {
  htmlLang, repoRoot, runCommand, runSql, seenByServer, sqlOk as sqlOkOn, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'p2ham-rulebook-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const SHIPPED = ['p2ham-2018', 'p2ham-2022', 'p2ham-2023-pemda'];

function shippedDoc(code) {
  return JSON.parse(readFileSync(path.join(repoRoot, 'rulebooks', `${code}.json`), 'utf8'));
}

// The canonical form of docs/rulebook.md: keys sorted, no whitespace.
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function sha256(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The server's database as command-line arguments of p2ham. */
function dbArgs() {
  const srv = holder.server;
  return ['--data-dir', srv.dataDir, ...(srv.db ? ['--db', srv.db.url] : [])];
}

function sql(text) {
  return runSql(holder.server, text);
}

function sqlOk(text) {
  return sqlOkOn(holder.server, text);
}

async function getJson(p) {
  const r = await holder.server.request(p, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  assert.ok(r.json, `${p} answers JSON`);
  return r.json;
}

async function getHtml(p) {
  const r = await holder.server.request(p);
  assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 500)}`);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  return r.text;
}

/** The id of the stored rulebook code (the highest version). */
async function idOf(code) {
  const list = await getJson('/aturan');
  const rows = list.rulebooks.filter((r) => r.code === code);
  assert.ok(rows.length > 0, `${code} is listed`);
  return rows.at(-1).id;
}

function writeDoc(name, doc) {
  const file = path.join(scratch, name);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return file;
}

/** Every table has a caption and header cells with a scope; headings never skip a level. */
function assertAccessible(html, label) {
  const tables = html.match(/<table\b[\s\S]*?<\/table>/g) || [];
  assert.ok(tables.length > 0, `${label}: has tables`);
  for (const t of tables) {
    assert.match(t, /<caption[^>]*>\s*\S[\s\S]*?<\/caption>/, `${label}: a table without caption`);
    const ths = t.match(/<th\b[^>]*>/g) || [];
    assert.ok(ths.length > 0, `${label}: a table without header cells`);
    for (const th of ths) assert.match(th, /scope="(col|row)"/, `${label}: ${th} has no scope`);
  }
  const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  assert.equal(levels[0], 1, `${label}: the first heading is h1`);
  assert.equal(levels.filter((l) => l === 1).length, 1, `${label}: one h1`);
  for (let i = 1; i < levels.length; i++) {
    assert.ok(levels[i] <= levels[i - 1] + 1, `${label}: heading h${levels[i]} follows h${levels[i - 1]}`);
  }
}

function decode(html) {
  return html.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

test('the shipped rulebooks are listed after init, with the hash of their canonical form', async () => {
  const list = await getJson('/aturan');
  assert.deepEqual(list.rulebooks.map((r) => r.code), SHIPPED);
  for (const r of list.rulebooks) {
    const doc = shippedDoc(r.code);
    assert.equal(r.version, 1);
    assert.equal(r.legal_basis, doc.legal_basis.number);
    assert.equal(r.title_id, doc.title.id);
    assert.equal(r.title_en, doc.title.en);
    assert.equal(r.sha256, sha256(canonical(doc)), `${r.code}: sha256 of the canonical form`);
    assert.equal(r.imported_by, 'cli');
  }
  const html = await getHtml('/aturan');
  assert.equal(htmlLang(html), 'id');
  for (const code of SHIPPED) assert.match(html, new RegExp(`<a href="/aturan/\\d+">${code}</a>`));
  assert.match(html, /Permenkumham 27\/2018/);
  assert.match(html, /Permenkumham 25\/2023 \(<time>2023-10-13<\/time>\)/);
  assertAccessible(html, '/aturan');
  const en = await getHtml('/aturan?lang=en');
  assert.equal(htmlLang(en), 'en');
  assert.match(en, /P2HAM rulebooks/);
  assert.match(en, /Human-Rights-Based Public Service Award 2018/);
  // The stored body is the canonical form itself.
  assert.equal(sqlOk("SELECT body FROM rulebook WHERE code = 'p2ham-2018'"), canonical(shippedDoc('p2ham-2018')));
});

test('each rulebook page shows criteria, weights, indicators and the scoring in Bahasa Indonesia', async () => {
  for (const code of SHIPPED) {
    const doc = shippedDoc(code);
    const id = await idOf(code);
    const html = await getHtml(`/aturan/${id}`);
    const text = decode(html);
    assert.equal(htmlLang(html), 'id');
    assertAccessible(html, code);
    assert.match(text, new RegExp(`<h1>${doc.title.id}</h1>`));
    for (const c of doc.criteria) {
      assert.ok(text.includes(`${c.name.id}</a></th>`), `${code}: criterion ${c.code} in the table`);
      assert.ok(text.includes(`<h3 id="kriteria-${c.code}">`), `${code}: indicators of ${c.code}`);
      for (const ind of c.indicators) assert.ok(text.includes(ind.text.id), `${code}: ${ind.code}`);
    }
    const formula = `total = (${doc.criteria.map((c) => `${c.weight} × ${c.name.id}`).join(' + ')}) / 100.`;
    assert.ok(text.includes(formula), `${code}: formula with its weights:\n${formula}`);
    assert.ok(text.includes(`Unit lulus bila nilai totalnya mencapai ${doc.scoring.pass_threshold}`));
    assert.match(text, /Cara penilaian/);
    assert.match(text, /\(nilai bawaan\)/, `${code}: defaults are marked`);
    assert.match(text, /ditetapkan oleh pengelola program/);
    assert.ok(text.includes(doc.legal_basis.title.id));
    // Option values in Indonesian notation, e.g. Proses = 0,5.
    if (doc.scales.some((s) => s.code === 'ada_proses_tidak')) assert.ok(text.includes('Proses = 0,5'));
    // Indicator texts follow the page's language.
    assert.ok(!text.includes(doc.criteria[0].indicators[0].text.en), `${code}: no English indicator text`);
  }
  const html = decode(await getHtml(`/aturan/${await idOf('p2ham-2022')}`));
  assert.match(html, /indikator gugur: wajib terpenuhi/, 'knock-outs are marked');
  assert.match(html, /mutu IKM A \+2, B \+1, C 0, D −2/);
  assert.match(html, /Lembaga Pembinaan Khusus Anak/, 'unit types by name');
});

test('the same pages in English show English texts and the numbers marked as defaults', async () => {
  for (const code of SHIPPED) {
    const doc = shippedDoc(code);
    const id = await idOf(code);
    const html = await getHtml(`/aturan/${id}?lang=en`);
    const text = decode(html);
    assert.equal(htmlLang(html), 'en');
    assertAccessible(html, `${code} en`);
    assert.match(text, /How scores are computed/);
    for (const c of doc.criteria) {
      assert.ok(text.includes(c.name.en), `${code}: criterion ${c.code} in English`);
      for (const ind of c.indicators) assert.ok(text.includes(ind.text.en), `${code}: ${ind.code} in English`);
    }
    const formula = `total = (${doc.criteria.map((c) => `${c.weight} × ${c.name.en}`).join(' + ')}) / 100.`;
    assert.ok(text.includes(formula), `${code}: English formula`);
    assert.ok(text.includes(`A unit passes when its total reaches ${doc.scoring.pass_threshold}`));
    assert.match(text, /\(default\)/);
    assert.ok(!text.includes(doc.criteria[0].indicators[0].text.id), `${code}: no Indonesian indicator text`);
  }
  const text = decode(await getHtml(`/aturan/${await idOf('p2ham-2018')}?lang=en`));
  assert.ok(text.includes('In progress = 0.5'));
  assert.ok(text.includes('Staff on standby for vulnerable groups'));
});

test('the JSON twin of a rulebook page carries the whole model and the document', async () => {
  const doc = shippedDoc('p2ham-2022');
  const m = await getJson(`/aturan/${await idOf('p2ham-2022')}?lang=en`);
  const rb = m.rulebook;
  assert.equal(rb.code, 'p2ham-2022');
  assert.equal(rb.legal_basis.number, 'Permenkumham 2/2022');
  assert.deepEqual(rb.stages.map((s) => s.code), ['pencanangan', 'pembangunan', 'evaluasi', 'penilaian', 'pembinaan']);
  assert.deepEqual(rb.unit_types.map((u) => u.code), doc.unit_types);
  assert.equal(rb.criteria.length, 5);
  assert.equal(rb.criteria.reduce((s, c) => s + c.weight.value, 0), 100);
  assert.ok(rb.criteria.every((c) => c.weight.is_default));
  assert.equal(rb.criteria[0].name, doc.criteria[0].name.en);
  assert.equal(rb.criteria.reduce((s, c) => s + c.indicators.length, 0),
    doc.criteria.reduce((s, c) => s + c.indicators.length, 0));
  const pungli = rb.criteria[4].indicators.find((i) => i.code === 'bebas_pungli');
  assert.equal(pungli.knockout, true);
  assert.equal(pungli.evidence_required, true);
  assert.ok(pungli.evidence_guidance.length > 0);
  assert.equal(rb.scoring.pass_threshold.value, 75);
  assert.equal(rb.scoring.pass_threshold.is_default, true);
  assert.equal(rb.scoring.formula.length, 6);
  assert.equal(rb.scoring.adjustments.length, 4);
  // The kanim row: 15 facilities, 6 staff items, 7 compliance items, 3 innovation, 5 integrity.
  const kanim = rb.coverage.find((c) => c.code === 'kanim');
  assert.deepEqual(kanim.counts.map((c) => c.count), [15, 6, 7, 3, 5]);
  assert.equal(rb.sha256, sha256(canonical(doc)));
  assert.deepEqual(rb.document, doc);
  // An id that does not exist.
  const missing = await holder.server.request('/aturan/999999', { headers: { accept: 'application/json' } });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.status, 404);
});

test('p2ham rulebook validate prints every problem with its path and exits 1', () => {
  const doc = shippedDoc('p2ham-2023-pemda');
  doc.critera = [];
  doc.criteria[0].weight = '40';
  doc.criteria[2].indicators[1].scale = 'ada_tidak_sebagian';
  doc.scales[0].options[1].value = 1.5;
  doc.defaults.push('criteria.sdm.wieght');
  const bad = writeDoc('bad.json', doc);
  const r = runCommand(['rulebook', 'validate', bad]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    `${bad}: $.critera: unknown key (did you mean "criteria"?)`,
    `${bad}: $.scales[0].options[1].value: 1.5 is outside 0..1`,
    `${bad}: $.criteria[0].weight: must be a number`,
    `${bad}: $.criteria[2].indicators[1].scale: unknown scale "ada_tidak_sebagian"`,
    `${bad}: $.defaults[7]: "criteria.sdm.wieght" names no number of the rulebook`,
    `${bad}: 5 problems`,
  ]);
  const notJson = writeDoc('not.json', '{"code": "x",\n  "code": "y"}');
  const r2 = runCommand(['rulebook', 'validate', notJson]);
  assert.equal(r2.status, 1);
  assert.match(r2.stdout, /line 2, column \d+: duplicate object key/);
  for (const code of SHIPPED) {
    const ok = runCommand(['rulebook', 'validate', path.join(repoRoot, 'rulebooks', `${code}.json`)]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`valid: ${code} version 1, .* sha256 ${sha256(canonical(shippedDoc(code)))}`));
  }
  const none = runCommand(['rulebook', 'validate']);
  assert.equal(none.status, 2);
});

test('a changed rulebook is refused under its stored version and accepted as a new one', async () => {
  const before = await getJson('/aturan');
  const stored = before.rulebooks.find((r) => r.code === 'p2ham-2022');
  const changed = shippedDoc('p2ham-2022');
  changed.criteria[0].weight = 35;
  changed.criteria[1].weight = 10;
  const file = writeDoc('changed.json', changed);
  let r = runCommand(['rulebook', 'import', ...dbArgs(), file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /p2ham-2022 version 1 is stored already with other content/);
  assert.match(r.stderr, /import it as a new version/);
  const after1 = await getJson('/aturan');
  assert.deepEqual(after1.rulebooks, before.rulebooks, 'nothing changed');
  assert.equal(sqlOk("SELECT sha256 FROM rulebook WHERE code = 'p2ham-2022'"), stored.sha256);
  // The same content again is a no-op.
  r = runCommand(['rulebook', 'import', ...dbArgs(), path.join(repoRoot, 'rulebooks', 'p2ham-2022.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /same content .* nothing changed/);
  // As version 2 it is a new rulebook beside the first.
  changed.version = 2;
  r = runCommand(['rulebook', 'import', ...dbArgs(), writeDoc('v2.json', changed)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rulebook p2ham-2022 version 2 imported as id \d+/);
  const versions = (l) => l.rulebooks.filter((x) => x.code === 'p2ham-2022').map((x) => x.version);
  const list = await seenByServer(() => getJson('/aturan'), (l) => versions(l).length === 2);
  assert.deepEqual(versions(list), [1, 2]);
  const v2 = await getJson(`/aturan/${await idOf('p2ham-2022')}`);
  assert.equal(v2.rulebook.version, 2);
  assert.equal(v2.rulebook.criteria[0].weight.value, 35);
  // An invalid file imports nothing.
  r = runCommand(['rulebook', 'import', ...dbArgs(), writeDoc('bad-import.json', { format: 'p2ham-rulebook-1' })]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /\$\.code: missing/);
  assert.match(r.stderr, /nothing imported/);
  // Every import is in the audit log, in the transaction that stored it.
  const audited = sqlOk("SELECT object_id FROM audit_log WHERE action = 'rulebook.import' ORDER BY seq");
  const ids = sqlOk('SELECT id FROM rulebook ORDER BY id');
  assert.equal(audited, ids);
  // show and list print them.
  r = runCommand(['rulebook', 'show', ...dbArgs(), 'p2ham-2022@1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^p2ham-2022 version 1 /);
  assert.match(r.stdout, /sarana\s+30\*\s+29/);
  assert.match(r.stdout, /kanim\s+36 /);
  assert.match(r.stdout, /pass threshold: 75\*/);
  r = runCommand(['rulebook', 'show', ...dbArgs(), 'p2ham-2022']);
  assert.match(r.stdout, /^p2ham-2022 version 2 /);
  assert.match(r.stdout, /sarana\s+35\*/);
  r = runCommand(['rulebook', 'list', ...dbArgs()]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim().split('\n').length, 1 + SHIPPED.length + 1);
  // init again imports nothing new.
  r = runCommand(['init', ...dbArgs()]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /shipped rulebooks: 0 imported, 3 present already/);
});

test('the database refuses to change or delete a stored rulebook', () => {
  const body = sqlOk("SELECT body FROM rulebook WHERE code = 'p2ham-2018'");
  for (const stmt of [
    "UPDATE rulebook SET body = '{}' WHERE code = 'p2ham-2018'",
    "UPDATE rulebook SET sha256 = 'x', version = 9 WHERE code = 'p2ham-2018'",
    "UPDATE rulebook SET code = 'lain' WHERE code = 'p2ham-2018'",
    "DELETE FROM rulebook WHERE code = 'p2ham-2018'",
  ]) {
    const r = sql(stmt);
    assert.notEqual(r.status, 0, `${stmt} was accepted`);
    assert.match(r.err, /rulebook is immutable/, stmt);
  }
  assert.equal(sqlOk("SELECT body FROM rulebook WHERE code = 'p2ham-2018'"), body);
  assert.equal(sqlOk("SELECT count(*) FROM rulebook WHERE code = 'p2ham-2018'"), '1');
});

testCleanStop(holder);
