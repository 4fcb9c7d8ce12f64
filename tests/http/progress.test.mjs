// The progress page (/progres) and its CSV against a real server with the
// demo data: counts per province and unit type, the scope of each role,
// the server-drawn chart, the CSV, and the units that have not started or
// are late.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const BOM = '\uFEFF';

function sql(text) {
  const out = sqlOk(holder.server, text);
  return out === '' ? [] : out.split('\n').map((l) => l.split('|'));
}

/** The CSV at path as the client downloads it, byte order mark included. */
async function csvOf(c, path) {
  const res = await holder.server.fetch(path, { headers: { cookie: c.cookieHeader() } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

let cycle2023;

// What the database holds for the 2023 cycle, in provinces (all when null):
// {province: {"stage:state": n}} counted by SQL, to compare with the page.
function expectedCounts(provinces = null, cycle = cycle2023) {
  const where = provinces ? ` AND u.province_code IN (${provinces.join(',')})` : '';
  const out = {};
  for (const [prov, stage, state, n] of sql('SELECT u.province_code, p.stage, p.state, count(*)'
    + ' FROM participation p JOIN unit u ON u.id = p.unit_id'
    + ` WHERE p.cycle_id = ${cycle}${where} GROUP BY u.province_code, p.stage, p.state`)) {
    out[prov] ??= {};
    out[prov][`${stage}:${state}`] = Number(n);
  }
  return out;
}

// The same figures as the page's JSON says them, zeros left out.
function pageCounts(model) {
  const out = {};
  for (const row of model.by_province) {
    for (const cell of row.cells) {
      if (cell.n === 0) continue;
      out[row.code] ??= {};
      out[row.code][`${cell.stage}:${cell.state}`] = cell.n;
    }
  }
  return out;
}

test('the demo loads and its 2023 cycle is the newest', async () => {
  loadDemo(holder.server);
  [[cycle2023]] = sql("SELECT id FROM cycle WHERE title = 'P2HAM 2023'");
  cycle2023 = Number(cycle2023);
  assert.ok(cycle2023 > 0);
});

test('the admin sees national counts per province and unit type, as the database holds them', async () => {
  const c = await as('admin@p2ham.demo');
  const r = await c.json('/progres');
  assert.equal(r.status, 200);
  const m = r.json;
  assert.equal(m.cycle.id, cycle2023, 'the newest cycle by default');
  assert.equal(m.scope.national, true);
  assert.deepEqual(pageCounts(m), expectedCounts());

  // What src/cmd/demo.c seeds: eleven units in three provinces (the
  // regional offices of Gorontalo and South Sulawesi among them).
  assert.equal(m.totals.total, 11);
  const byProv = Object.fromEntries(m.by_province.map((p) => [p.code, p]));
  assert.deepEqual(Object.keys(byProv).map(Number), [72, 73, 75]);
  assert.equal(byProv[75].name, 'Gorontalo');
  assert.equal(byProv[75].total, 5);
  assert.equal(byProv[73].total, 5);
  assert.equal(byProv[72].total, 1);
  const byType = Object.fromEntries(m.by_unit_type.map((t) => [t.code, t]));
  assert.equal(byType.kanim.total, 3);
  assert.equal(byType.kanim.name, 'Kantor Imigrasi');
  assert.equal(byType.lapas.total, 2);
  const [[kanimRows]] = sql('SELECT count(*) FROM participation p JOIN unit u ON u.id = p.unit_id'
    + ` WHERE p.cycle_id = ${cycle2023} AND u.unit_type = 'kanim'`);
  assert.equal(byType.kanim.total, Number(kanimRows));
  assert.equal(m.by_unit_type.reduce((s, t) => s + t.total, 0), m.totals.total);

  // Columns in the programme's order, labelled from the catalog.
  const states = m.columns.map((col) => col.state);
  assert.deepEqual(states.slice(0, 2), ['draft', 'requested']);
  assert.ok(states.indexOf('building') < states.indexOf('awaiting_evaluation'));
  // The demo's Makassar immigration office is in assessment, at revision.
  assert.ok(states.indexOf('awaiting_evaluation') >= 0);
  assert.ok(states.indexOf('awaiting_evaluation') < states.indexOf('revision'));
  assert.equal(m.columns[0].label, 'Belum mengajukan');
  assert.deepEqual(m.stage_groups.map((g) => [g.stage, g.span]).slice(0, 1), [['pencanangan', 2]]);
});

test('the page draws the chart on the server, accessibly, and the tables with headers', async () => {
  const c = await as('admin@p2ham.demo');
  const r = await c.get('/progres');
  assert.equal(r.status, 200);
  const svg = r.text.match(/<svg[^>]*>[\s\S]*?<\/svg>/);
  assert.ok(svg, 'an inline SVG');
  assert.match(svg[0], /^<svg[^>]* role="img"/);
  assert.match(svg[0], /aria-labelledby="chart-province-title chart-province-desc"/);
  assert.match(svg[0], /<title id="chart-province-title">Partisipasi per provinsi menurut tahapan<\/title>/);
  assert.match(svg[0], /<desc id="chart-province-desc">[^<]*Gorontalo: 5 \(/);
  assert.match(svg[0], /<pattern id="chart-province-p1"/, 'patterns, not colour alone');
  assert.match(svg[0], />Gorontalo<\/text>/);
  assert.match(svg[0], />Pencanangan<\/text>/, 'a legend');
  assert.doesNotMatch(svg[0], /<script|style=/);
  assert.ok(svg[0].length < 20000, 'a small drawing');
  assert.match(r.text, /<th scope="colgroup" colspan="2">Pencanangan<\/th>/);
  assert.match(r.text, /<th scope="row">Sulawesi Selatan<\/th>/);
  assert.match(r.text, /<a href="\/progres.csv\?siklus=\d+">/);
  assert.match(r.text, /<a href="\/progres"[^>]*>Progres<\/a>/, 'the menu offers the page');

  const en = await c.get('/progres?lang=en');
  assert.match(en.text, /<h1>Participation progress<\/h1>/);
  assert.match(en.text, /Participations per province by stage/);
});

test('another cycle is chosen with ?siklus, an unknown one is 404, a bad one 400', async () => {
  const c = await as('admin@p2ham.demo');
  const [[id2022]] = sql("SELECT id FROM cycle WHERE title = 'P2HAM 2022 (transisi)'");
  const r = await c.json(`/progres?siklus=${id2022}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.cycle.title, 'P2HAM 2022 (transisi)');
  assert.equal(r.json.totals.total, 6);
  assert.deepEqual(pageCounts(r.json), expectedCounts(null, Number(id2022)));
  assert.ok(r.json.columns.every((col) => ['pencanangan', 'pembangunan'].includes(col.stage)),
    '2022 ran declaration and building only');
  assert.ok(r.json.cycles.find((o) => o.value === String(id2022)).selected);
  assert.equal((await c.json('/progres?siklus=999999')).status, 404);
  assert.equal((await c.get('/progres?siklus=abc')).status, 400);
  assert.equal((await c.get('/progres.csv?siklus=999999')).status, 404);
});

test('the regional office of Gorontalo sees only province 75', async () => {
  for (const who of ['kanwil.gorontalo@p2ham.demo']) {
    const c = await as(who);
    const r = await c.json('/progres');
    assert.equal(r.status, 200, who);
    assert.deepEqual(r.json.by_province.map((p) => p.code), [75], who);
    assert.deepEqual(pageCounts(r.json), expectedCounts([75]), who);
    assert.equal(r.json.totals.total, 5, who);
    assert.equal(r.json.scope.text, 'Gorontalo', who);
    assert.ok(r.json.lagging.units.every((u) => u.province_code === 75), who);
    const csv = await c.get(`/progres.csv?siklus=${cycle2023}`);
    const rows = csv.text.trim().split('\r\n').slice(1);
    assert.equal(rows.length, 5, who);
    assert.ok(rows.every((l) => l.startsWith('Gorontalo,')), who);
  }
});

test('the coordinator of Wilayah I sees only its provinces 75 and 73', async () => {
  const who = 'koordinator@p2ham.demo';
  const c = await as(who);
  const r = await c.json('/progres');
  assert.equal(r.status, 200, who);
  assert.deepEqual(r.json.by_province.map((p) => p.code), [73, 75], who);
  assert.deepEqual(pageCounts(r.json), expectedCounts([75, 73]), who);
  assert.equal(r.json.totals.total, 10, who);
  assert.equal(r.json.scope.text, 'Sulawesi Selatan, Gorontalo', who);
  assert.ok(r.json.lagging.units.every((u) => [75, 73].includes(u.province_code)), who);
  const csv = await c.get(`/progres.csv?siklus=${cycle2023}`);
  const rows = csv.text.trim().split('\r\n').slice(1);
  assert.equal(rows.length, 10, who);
  assert.ok(rows.every((l) => /^(Gorontalo|Sulawesi Selatan),.*,Wilayah I$/.test(l)), who);
});

test('units and assignments do not open the page', async () => {
  for (const who of ['operator.kanim.gorontalo@p2ham.demo', 'kepala.kanim.gorontalo@p2ham.demo',
    'verifikator@p2ham.demo']) {
    const c = await as(who);
    assert.equal((await c.json('/progres')).status, 404, who);
    assert.equal((await c.get('/progres')).status, 404, who);
    assert.equal((await c.get(`/progres.csv?siklus=${cycle2023}`)).status, 404, who);
    const page = await c.get('/siklus');
    assert.doesNotMatch(page.text, /href="\/progres"/, `${who}: no menu entry`);
  }
  const anon = new Client(holder.server);
  assert.equal((await anon.get('/progres')).status, 303);
  assert.equal((await anon.json('/progres')).status, 401);
});

test('the CSV has a row per unit with province, type, stage, state, deadline and lateness', async () => {
  const c = await as('admin@p2ham.demo');
  for (const path of [`/progres.csv?siklus=${cycle2023}`, `/progres?siklus=${cycle2023}&format=csv`]) {
    const r = await csvOf(c, path);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="progres-\d+\.csv"/);
    const lines = r.text.split('\r\n').filter((l) => l !== '');
    assert.equal(lines[0], `${BOM}provinsi,jenis unit,unit,tahapan,posisi,tenggat,terlambat,wilayah koordinasi`);
    const [[n]] = sql(`SELECT count(*) FROM participation WHERE cycle_id = ${cycle2023}`);
    assert.equal(lines.length - 1, Number(n));
    assert.ok(lines.includes('Gorontalo,Kantor Imigrasi,Kantor Imigrasi Kelas I TPI Gorontalo,'
      + 'Pembangunan,Sedang membangun,' + lines.find((l) => l.includes('TPI Gorontalo')).split(',')[5]
      + ',tidak,Wilayah I'));
    assert.match(lines.find((l) => l.includes('Rutan') || l.includes('Limboto')),
      /^Gorontalo,Rumah Tahanan Negara,Rumah Tahanan Negara Kelas IIB Limboto,Pencanangan,Belum mengajukan,\d{4}-\d\d-\d\d \d\d:\d\d WITA,tidak,Wilayah I$/);
  }
  const en = await csvOf(c, `/progres.csv?siklus=${cycle2023}&lang=en`);
  assert.match(en.text, /^\uFEFFprovince,unit type,unit,stage,state,deadline,late,coordination region\r\n/);
  assert.match(en.text, /,no,Wilayah I\r\n/);
});

test('a unit shows up as late once its stage deadline has passed', async () => {
  // Each look is a fresh sign-in: a signed-in page is kept per session at
  // the data's version, and the rows changed here behind the program's
  // back do not move it.
  let c = await as('admin@p2ham.demo');
  let m = (await c.json('/progres')).json;
  // In the demo every window is open: only the draft that has not started lags.
  assert.deepEqual(m.lagging.units.map((u) => [u.unit_name, u.not_started, u.late]),
    [['Rumah Tahanan Negara Kelas IIB Limboto', true, false]]);
  assert.equal(m.lagging.count, 1);

  // Building closed yesterday for everyone: the immigration office of
  // Gorontalo, still building, is late; nobody else stands in that stage.
  const yesterday = new Date(Date.now() - 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  sql(`UPDATE cycle_stage SET deadline_at = '${yesterday}' WHERE cycle_id = ${cycle2023}`
    + " AND stage = 'pembangunan'");
  c = await as('admin@p2ham.demo');
  m = (await c.json('/progres')).json;
  const late = m.lagging.units.find((u) => u.unit_name === 'Kantor Imigrasi Kelas I TPI Gorontalo');
  assert.ok(late, 'the late unit is listed');
  assert.equal(late.late, true);
  assert.equal(late.not_started, false);
  assert.equal(late.stage, 'pembangunan');
  assert.equal(late.deadline_at, yesterday);
  assert.match(late.deadline, / WITA$/);
  assert.equal(m.lagging.count, 2);
  const page = await c.get('/progres');
  assert.match(page.text, new RegExp(`<a href="/unit/${late.unit_id}">Kantor Imigrasi Kelas I TPI Gorontalo</a>`));
  assert.match(page.text, new RegExp(`<a href="/partisipasi/${late.id}">Buka`));
  assert.match(page.text, /<td>Terlambat<\/td>/);
  const csv = await c.get(`/progres.csv?siklus=${cycle2023}`);
  assert.match(csv.text, /Kantor Imigrasi Kelas I TPI Gorontalo,Pembangunan,Sedang membangun,[^,]+,ya,Wilayah I\r\n/);

  // A unit that closed its stage is never late: submitted building.
  sql(`UPDATE participation SET state = 'submitted' WHERE id = ${late.id}`);
  c = await as('admin@p2ham.demo');
  m = (await c.json('/progres')).json;
  assert.ok(!m.lagging.units.some((u) => u.id === late.id), 'a submitted unit is not late');

  // The declaration closes too: the draft is now both not started and late.
  sql(`UPDATE cycle_stage SET deadline_at = '${yesterday}' WHERE cycle_id = ${cycle2023}`
    + " AND stage = 'pencanangan'");
  c = await as('admin@p2ham.demo');
  m = (await c.json('/progres')).json;
  const draft = m.lagging.units.find((u) => u.state === 'draft');
  assert.equal(draft.not_started, true);
  assert.equal(draft.late, true);
  const [[lagging]] = sql('SELECT count(*) FROM participation p JOIN cycle_stage cs'
    + ' ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage'
    + ` WHERE p.cycle_id = ${cycle2023} AND cs.deadline_at < '${new Date().toISOString()}'`
    + " AND p.state NOT IN ('declared', 'submitted', 'passed', 'failed')");
  assert.equal(m.lagging.count, Number(lagging));
  assert.equal(m.lagging.count, 3, 'draft, requested and approved declarations');
});

test('names from the registry are escaped in the page', async () => {
  const c = await as('admin@p2ham.demo');
  sql("UPDATE unit SET name = 'Rutan <b>Uji</b> & \"Limboto\"' WHERE name = 'Rumah Tahanan Negara Kelas IIB Limboto'");
  const r = await c.get('/progres');
  assert.equal(r.status, 200);
  assert.match(r.text, /Rutan &lt;b&gt;Uji&lt;\/b&gt; &amp; &quot;Limboto&quot;/);
  assert.doesNotMatch(r.text, /<b>Uji<\/b>/);
  const csv = await c.get(`/progres.csv?siklus=${cycle2023}`);
  assert.match(csv.text, /,"Rutan <b>Uji<\/b> & ""Limboto""",/);
});

/** The fields of one CSV line (quoted fields with doubled quotes). */
function csvFields(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') { v += '"'; i++; } else if (line[i] === '"') break;
        else v += line[i];
      }
      out.push(v);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

test('the CSV reads past its batches of 2,000 in order, skipping and repeating no unit of one name', async () => {
  // 2,100 participations of units of one name (each of its own
  // organization): every batch boundary falls among equal names.
  const now = '2025-01-01T00:00:00Z';
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100)
    INSERT INTO organization (kind, name, province_code, active, created_at, updated_at)
    SELECT 'regency_gov', 'Dinas Ekspor Uji ' || (10000 + i), 75, 1, '${now}', '${now}' FROM n`);
  sql(`INSERT INTO unit (name, unit_type, sector, province_code, organization_id, active, created_at, updated_at)
    SELECT 'Kantor Ekspor Kembar', 'kanim', 'imigrasi', 75, id, 1, '${now}', '${now}'
    FROM organization WHERE name LIKE 'Dinas Ekspor Uji %'`);
  sql(`INSERT INTO participation (cycle_id, unit_id, stage, state, enrolled_at, updated_at)
    SELECT ${cycle2023}, id, 'pencanangan', 'not_started', '${now}', '${now}'
    FROM unit WHERE name = 'Kantor Ekspor Kembar'`);
  const want = sql(`SELECT u.name FROM participation p JOIN unit u ON u.id = p.unit_id
    WHERE p.cycle_id = ${cycle2023} ORDER BY u.province_code, u.name, p.id`).map((r) => r.join('|'));
  assert.ok(want.length > 2100);
  const c = await as('admin@p2ham.demo');
  const r = await csvOf(c, `/progres.csv?siklus=${cycle2023}`);
  assert.equal(r.status, 200);
  const names = r.text.split('\r\n').slice(1).filter((l) => l !== '').map((l) => csvFields(l)[2]);
  assert.equal(names.filter((x) => x === 'Kantor Ekspor Kembar').length, 2100, 'each unit of the name once');
  assert.deepEqual(names, want, 'the rows in province, name and participation order');
});

testCleanStop(holder);
