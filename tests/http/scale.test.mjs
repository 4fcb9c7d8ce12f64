// National-scale demo data: `p2ham demo --scale N` on a fresh installation,
// then the pages the demo accounts visit on the scaled rows.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, runCommand, runOn, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const UNITS = 300;
const STATES = ['draft', 'requested', 'approved', 'building', 'awaiting_evaluation', 'failed',
  'evidence_open', 'verification', 'scoring', 'assessed', 'recommended', 'not_recommended',
  'supervised'];
let report;

function sql(text) {
  return sqlOk(holder.server, text);
}

test('p2ham demo --scale loads the units, the demo accounts and reports its timing', () => {
  const r = runOn(holder.server, ['demo', '--scale', String(UNITS), '--json'], { timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.accounts.some((a) => a.email === 'admin@p2ham.demo'), 'the demo accounts');
  report = out.scale;
  assert.equal(report.units, UNITS);
  assert.ok(report.seconds > 0 && report.seconds < 120, `seconds ${report.seconds}`);
  assert.deepEqual(Object.keys(report.participation_by_state).sort(), [...STATES].sort());
  assert.ok(report.verification_participation_id > 0, 'a participation the demo verifier checks');
  assert.ok(report.file_id > 0, 'an evidence file');
  assert.match(report.document_serial, /^[A-Z]+-\d{4}-\d{6}$/, 'a document of the ordinary demo');
});

test('the scaled units cover the 38 provinces and every stage of the national cycle', () => {
  // One query (each psql start costs): the ordinary demo's 15 units and the
  // scaled ones, their provinces, the regencies, the participations, two
  // accounts per unit.
  const cy = report.cycle_id;
  const [units, provinces, regencies, parts, accounts] = sql('SELECT' +
    ' (SELECT count(*) FROM unit), (SELECT count(DISTINCT province_code) FROM unit),' +
    ' (SELECT count(*) FROM regency),' +
    ` (SELECT count(*) FROM participation WHERE cycle_id = ${cy}),` +
    " (SELECT count(*) FROM users WHERE email LIKE '%@skala.p2ham.demo'" +
    " AND (email LIKE 'operator.%' OR email LIKE 'kepala.%'))").split('|');
  assert.equal(units, String(UNITS + 15));
  assert.equal(provinces, '38');
  assert.ok(Number(regencies) >= 500, `regencies ${regencies}`);
  assert.equal(parts, String(UNITS));
  assert.equal(accounts, String(2 * UNITS));
  const rows = sql(`SELECT DISTINCT stage, state FROM participation WHERE cycle_id = ${cy}`)
    .split('\n').map((l) => l.split('|'));
  assert.deepEqual([...new Set(rows.map((r) => r[0]))].sort(),
    ['evaluasi', 'pembangunan', 'pembinaan', 'pencanangan', 'penilaian']);
  assert.deepEqual(rows.map((r) => r[1]).sort(), [...STATES].sort());
});

test('every participation past its declaration answered the 60 indicators with evidence', () => {
  const cy = report.cycle_id;
  const { building, assessed, supervised } = report.participation_by_state;
  const counted = '(SELECT p.id, count(a.indicator) AS n FROM participation p' +
    ' LEFT JOIN answer a ON a.participation_id = p.id' +
    ` WHERE p.cycle_id = ${cy} AND p.state NOT IN ('draft', 'requested', 'approved')` +
    ' GROUP BY p.id)';
  const [full, short, evidence, contents, verdicts, scores, awards] = sql('SELECT' +
    ` (SELECT count(*) FROM ${counted} t WHERE n = 60),` +
    ` (SELECT count(*) FROM ${counted} t WHERE n <> 60),` +
    ` (SELECT count(*) FROM file WHERE participation_id = ${building} AND purpose = 'evidence'),` +
    ' (SELECT count(DISTINCT sha256) FROM file f JOIN participation p' +
    ` ON p.id = f.participation_id WHERE p.cycle_id = ${cy}),` +
    ` (SELECT count(*) FROM verdict WHERE participation_id = ${assessed}),` +
    ` (SELECT count(*) FROM score WHERE participation_id = ${assessed}),` +
    ` (SELECT count(*) FROM award WHERE participation_id = ${supervised})`).split('|');
  assert.ok(Number(full) > 0, 'participations with 60 answers');
  assert.equal(short, '0', 'participations with fewer answers');
  assert.equal(evidence, '60');
  // Evidence rows share a handful of stored contents.
  assert.ok(Number(contents) <= 4, `contents ${contents}`);
  // Reviews where the stage needs them.
  assert.equal(verdicts, '60');
  assert.equal(scores, '120');
  assert.equal(awards, '1');
});

test('the audit chain of the bulk load verifies', () => {
  const r = runOn(holder.server, ['audit', 'verify']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit chain ok/);
});

test('the kept progress figures and the lagging list\'s rows equal the raw rows after the load', () => {
  const r = runOn(holder.server, ['progress', 'rebuild', '--check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /0 differences/);
  const [lag, parts] = sql('SELECT (SELECT count(*) FROM progress_lag),'
    + ' (SELECT count(*) FROM participation)').split('|');
  assert.equal(lag, parts, 'a row per participation');
});

test('the national rollups equal the province tally\'s sums after the load, and one changed behind p2ham\'s back is found', async () => {
  const cy = report.cycle_id;
  // Each rollup against the tally grouped its way, both ways: no row.
  const diff = (table, col) => `SELECT count(*) FROM (SELECT ${col}, stage, state, n`
    + ` FROM ${table} WHERE cycle_id = ${cy} AND n <> 0 EXCEPT SELECT ${col}, stage, state,`
    + ` sum(n) FROM progress_tally WHERE cycle_id = ${cy} GROUP BY ${col}, stage, state`
    + ' HAVING sum(n) <> 0) d';
  const rev = (table, col) => `SELECT count(*) FROM (SELECT ${col}, stage, state, sum(n)`
    + ` FROM progress_tally WHERE cycle_id = ${cy} GROUP BY ${col}, stage, state`
    + ` HAVING sum(n) <> 0 EXCEPT SELECT ${col}, stage, state, n FROM ${table}`
    + ` WHERE cycle_id = ${cy} AND n <> 0) d`;
  const [a, b, c, d, total] = sql(`SELECT (${diff('progress_tally_province', 'province_code')}),`
    + ` (${rev('progress_tally_province', 'province_code')}),`
    + ` (${diff('progress_tally_type', 'unit_type')}), (${rev('progress_tally_type', 'unit_type')}),`
    + ` (SELECT sum(n) FROM progress_tally_province WHERE cycle_id = ${cy})`).split('|');
  assert.deepEqual([a, b, c, d], ['0', '0', '0', '0']);
  assert.equal(total, String(UNITS));
  const admin = await signIn(holder.server, 'admin@p2ham.demo', DEMO_PASSWORD);
  const page = (await admin.json(`/progres?siklus=${cy}`)).json;
  assert.equal(page.totals.total, UNITS);
  assert.equal(page.by_province.length, 38);
  assert.equal(page.by_unit_type.reduce((n, row) => n + row.total, 0), UNITS);
  const [prov, stage, state, n] = sql('SELECT province_code, stage, state, n'
    + ` FROM progress_tally_province WHERE cycle_id = ${cy} AND n > 0`
    + ' ORDER BY province_code DESC, stage, state LIMIT 1').split('|');
  sql(`UPDATE progress_tally_province SET n = n - 1 WHERE cycle_id = ${cy}`
    + ` AND province_code = ${prov} AND stage = '${stage}' AND state = '${state}'`);
  let r = runOn(holder.server, ['progress', 'rebuild', '--check']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.ok((r.stdout + r.stderr).includes(`province rollup cycle ${cy} province ${prov}`
    + ` ${stage}:${state}: stored ${Number(n) - 1}, counted ${n}\n`), r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, / 1 difference$/m);
  r = runOn(holder.server, ['progress', 'rebuild']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  r = runOn(holder.server, ['progress', 'rebuild', '--check']);
  assert.match(r.stdout + r.stderr, /0 differences/);
});

test('the demo accounts read the scaled participations and download their evidence', async () => {
  const admin = await signIn(holder.server, 'admin@p2ham.demo', DEMO_PASSWORD);
  for (const [state, id] of Object.entries(report.participation_by_state)) {
    const r = await admin.get(`/partisipasi/${id}`);
    assert.equal(r.status, 200, `participation ${id} at ${state}`);
  }
  for (const path of [report.urls.cycle, '/progres', '/hasil']) {
    const r = await admin.get(path);
    assert.equal(r.status, 200, path);
  }
  const doc = await admin.get(report.urls.document);
  assert.equal(doc.status, 200, report.urls.document);
  const file = await admin.send(report.urls.file);
  assert.equal(file.status, 200, report.urls.file);
  assert.ok(file.text.startsWith('%PDF'), 'the stored sample bytes');
  const verifier = await signIn(holder.server, 'verifikator@p2ham.demo', DEMO_PASSWORD);
  const v = await verifier.get(report.urls.verification);
  assert.equal(v.status, 200, report.urls.verification);
  const op = await signIn(holder.server,
    sql(`SELECT u.email FROM users u JOIN participation p ON p.id = ${report.participation_id}` +
      " JOIN role_grant g ON g.user_id = u.id AND g.scope_kind = 'unit' AND g.scope_id = p.unit_id" +
      " AND g.role = 'operator'"), DEMO_PASSWORD);
  const b = await op.get(`/partisipasi/${report.participation_id}/pembangunan`);
  assert.equal(b.status, 200, 'the operator of a scaled unit at building');
});

test('the national cycle\'s list pages through every participation a caller sees, in order', async () => {
  const cycle = Number(report.urls.cycle.match(/\/siklus\/(\d+)/)[1]);
  const inRegion = "u.province_code IN (SELECT m.province_code FROM coord_region_member m JOIN role_grant g"
    + " ON g.scope_kind = 'region' AND g.scope_id = m.region_id JOIN users a ON a.id = g.user_id"
    + " WHERE a.email = 'koordinator@p2ham.demo' AND m.left_at IS NULL)";
  for (const [email, where] of [['admin@p2ham.demo', 'TRUE'], ['koordinator@p2ham.demo', inRegion],
    ['kanwil.gorontalo@p2ham.demo', 'u.province_code = 75']]) {
    const expected = sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id WHERE p.cycle_id = ${cycle}`
      + ` AND ${where} ORDER BY u.province_code, u.name, u.id`).split('\n').filter((x) => x).map(Number);
    const client = await signIn(holder.server, email, DEMO_PASSWORD);
    const got = [];
    let next = report.urls.cycle;
    for (let pages = 0; next; pages++) {
      assert.ok(pages < 10, `${email}: a bounded number of pages`);
      const r = await client.json(next);
      assert.equal(r.status, 200, next);
      got.push(...r.json.participations.map((x) => Number(x.id)));
      next = r.json.next_href;
    }
    assert.deepEqual(got, expected, `${email}: every participation once, by province, unit name and unit`);
  }
});

test('new rows after the load get ids past the loaded ones', () => {
  const csv = path.join(holder.server.dataDir, 'unit-baru.csv');
  writeFileSync(csv, 'name,unit_type,sector,province_code,organization\n' +
    'Mal Pelayanan Publik Provinsi Jawa Barat,opd,pelayanan_publik,32,Pemerintah Provinsi Jawa Barat\n');
  const srv = holder.server;
  // The file comes after the options.
  const r = runCommand(['import', 'units', '--data-dir', srv.dataDir,
    ...(srv.db ? ['--db', srv.db.url] : []), csv]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(sql('SELECT name FROM unit ORDER BY id DESC LIMIT 1'),
    'Mal Pelayanan Publik Provinsi Jawa Barat');
});

test('--scale refuses a database that holds data already', () => {
  const r = runOn(holder.server, ['demo', '--scale', '10']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--scale needs a fresh database/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /holds 316 units/);
});

testCleanStop(holder);
