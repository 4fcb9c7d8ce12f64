// The progress page's units that lag behind (not started, or past their
// stage's deadline with its work unfinished), read from progress_lag
// (migration 0031): for each scope the list equals what the join of unit,
// participation and cycle stage says, in its order, over more units than
// it shows; it follows a write on the next request; `p2ham progress
// rebuild --check` finds a row changed behind p2ham's back.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import {
  DEMO_PASSWORD, loadDemo, participationOf, runOn, sqlOk, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const DONE = "('pencanangan:declared', 'pembangunan:submitted', 'evaluasi:passed', 'evaluasi:failed',"
  + " 'penilaian:assessed', 'penilaian:recommended', 'penilaian:awarded', 'penilaian:not_awarded',"
  + " 'pembinaan:supervised', 'pembinaan:revoked')";
const ctx = {};

function sql(text) {
  const out = sqlOk(holder.server, text);
  return out === '' ? [] : out.split('\n').map((l) => l.split('|'));
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

function rebuild(...args) {
  const r = runOn(holder.server, ['progress', 'rebuild', ...args]);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The list as the join over the raw rows makes it for units matching
 * where (SQL on u), with the page's predicates: [ids, flags, count]. */
function expected(where) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const lag = `((p.stage = 'pencanangan' AND p.state = 'draft' AND cs.opens_at <= '${now}')`
    + ` OR (cs.deadline_at < '${now}' AND (p.stage || ':' || p.state) NOT IN ${DONE}))`;
  const from = ' FROM participation p JOIN unit u ON u.id = p.unit_id'
    + ' JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage'
    + ` WHERE p.cycle_id = ${ctx.cycle} AND ${lag} AND (${where})`;
  const rows = sql(`SELECT p.id, CASE WHEN p.stage = 'pencanangan' AND p.state = 'draft'`
    + ` AND cs.opens_at <= '${now}' THEN 1 ELSE 0 END, CASE WHEN cs.deadline_at < '${now}'`
    + ` AND (p.stage || ':' || p.state) NOT IN ${DONE} THEN 1 ELSE 0 END${from}`
    + ' ORDER BY cs.deadline_at, p.stage, u.province_code, u.name, u.id LIMIT 50');
  const [[count]] = sql(`SELECT count(*)${from}`);
  return { rows: rows.map(([id, ns, late]) => [Number(id), ns === '1', late === '1']),
    count: Number(count) };
}

async function shown(email) {
  const c = await as(email);
  const r = await c.json(`/progres?siklus=${ctx.cycle}`);
  assert.equal(r.status, 200, email);
  return { rows: r.json.lagging.units.map((u) => [u.id, u.not_started, u.late]),
    count: r.json.lagging.count };
}

test('the demo loads, with 150 more units across provinces and organizations', () => {
  loadDemo(holder.server);
  ctx.cycle = Number(sql("SELECT id FROM cycle WHERE title = 'P2HAM 2023'")[0][0]);
  ctx.lapas = participationOf(holder.server, LAPAS);
  [[ctx.org]] = sql("SELECT scope_id FROM role_grant g JOIN users us ON us.id = g.user_id"
    + " WHERE us.email = 'biro.hukum.jabar@p2ham.demo' AND g.scope_kind = 'organization'");
  [[ctx.ministry, ctx.type]] = sql("SELECT organization_id, unit_type FROM unit"
    + " WHERE name = 'Kantor Imigrasi Kelas I TPI Gorontalo'");
  // Names that sort differently by bytes and by letters, one name in two
  // organizations, every lagging and finished state of three stages.
  const names = ['Kantor', 'balai', 'Dinas', 'UPT', 'kantor', 'Kantor Wilayah'];
  const states = [['pencanangan', 'draft'], ['pencanangan', 'requested'], ['pencanangan', 'declared'],
    ['pembangunan', 'building'], ['pembangunan', 'submitted'], ['evaluasi', 'awaiting_evaluation']];
  const provinces = [73, 75, 32, 31];
  let units = '', parts = '';
  for (let i = 0; i < 150; i++) {
    const org = i % 3 === 0 ? ctx.org : ctx.ministry;
    const name = `${names[i % names.length]} ${String((i * 37) % 101).padStart(3, '0')}`;
    units += `INSERT INTO unit (name, unit_type, sector, province_code, organization_id, created_at,`
      + ` updated_at) VALUES ('${name}', '${ctx.type}', 'hukum', ${provinces[(i * 7) % 4]}, ${org},`
      + " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');\n";
    const [stage, state] = states[(i * 5) % states.length];
    parts += `INSERT INTO participation (cycle_id, unit_id, stage, state, enrolled_at, updated_at)`
      + ` SELECT ${ctx.cycle}, id, '${stage}', '${state}', '2026-01-01T00:00:00Z',`
      + ` '2026-01-01T00:00:00Z' FROM unit WHERE name = '${name}' AND organization_id = ${org};\n`;
  }
  sqlOk(holder.server, units + parts);
  // Declaration and building closed yesterday.
  ctx.yesterday = new Date(Date.now() - 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  sqlOk(holder.server, `UPDATE cycle_stage SET deadline_at = '${ctx.yesterday}'`
    + ` WHERE cycle_id = ${ctx.cycle} AND stage IN ('pencanangan', 'pembangunan')`);
  const [[n]] = sql(`SELECT count(*) FROM progress_lag WHERE cycle_id = ${ctx.cycle}`);
  assert.equal(Number(n), 161, 'the triggers wrote a row per participation');
});

test('each scope lists the units the join over the raw rows lists, in its order', async () => {
  const scopes = [
    ['admin@p2ham.demo', '1 = 1'],
    ['pengamat@p2ham.demo', '1 = 1'],
    ['kanwil.gorontalo@p2ham.demo', 'u.province_code = 75'],
    ['koordinator@p2ham.demo', 'u.province_code IN (73, 75)'],
    ['biro.hukum.jabar@p2ham.demo', `u.organization_id = ${ctx.org}`],
  ];
  for (const [email, where] of scopes) {
    const want = expected(where);
    const got = await shown(email);
    assert.equal(got.count, want.count, email);
    assert.deepEqual(got.rows, want.rows, email);
    assert.ok(want.rows.length > 0, email);
  }
  assert.equal(expected('1 = 1').rows.length, 50, 'more lag than the list shows');
  // A province and an organization together: the organization's units
  // outside the province are merged in, none twice.
  sql("INSERT INTO role_grant (user_id, role, scope_kind, scope_id, granted_at)"
    + " SELECT id, 'regional', 'province', 31, '2026-01-01T00:00:00Z' FROM users"
    + " WHERE email = 'biro.hukum.jabar@p2ham.demo'");
  const want = expected(`u.organization_id = ${ctx.org} OR u.province_code = 31`);
  const got = await shown('biro.hukum.jabar@p2ham.demo');
  assert.deepEqual(got, want);
});

test('a stage whose deadline passes and a unit renamed show on the next request', async () => {
  sqlOk(holder.server, `UPDATE cycle_stage SET deadline_at = '${ctx.yesterday}'`
    + ` WHERE cycle_id = ${ctx.cycle} AND stage = 'evaluasi'`);
  sqlOk(holder.server, "UPDATE unit SET name = 'AAA Lapas Gorontalo' WHERE name = '" + LAPAS + "'");
  const got = await shown('kanwil.gorontalo@p2ham.demo');
  assert.deepEqual(got, expected('u.province_code = 75'));
  assert.ok(got.rows.some(([id, , late]) => id === ctx.lapas && late), 'the prison awaits its evaluation late');
});

test('a participation that advances leaves the list on the next request', async () => {
  // Every window open again (a stage refuses its steps past its
  // deadline): only the drafts have not started, the demo's Rutan among
  // them, whose operator then asks for its declaration.
  const later = new Date(Date.now() + 30 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  sqlOk(holder.server, `UPDATE cycle_stage SET deadline_at = '${later}' WHERE cycle_id = ${ctx.cycle}`);
  const rutan = participationOf(holder.server, 'Rumah Tahanan Negara Kelas IIB Limboto');
  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  const listed = (await kanwil.json(`/progres?siklus=${ctx.cycle}`)).json.lagging;
  assert.ok(listed.units.some((u) => u.id === rutan && u.not_started), 'the draft has not started');
  const op = await as('operator.rutan.limboto@p2ham.demo');
  await op.get(`/partisipasi/${rutan}/pencanangan`);
  const day = new Date(Date.now() + 8 * 3600e3 + 3 * 86400e3).toISOString().slice(0, 10);
  const r = await op.post(`/partisipasi/${rutan}/pencanangan/ajukan`, {
    tanggal: day, moda: 'luring', tempat: 'Aula Rutan Limboto', saksi_rencana: 'Forkopimda',
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = (await kanwil.json(`/progres?siklus=${ctx.cycle}`)).json.lagging;
  assert.ok(!after.units.some((u) => u.id === rutan), 'requested: no longer lagging');
  assert.equal(after.count, listed.count - 1);
  assert.deepEqual(await shown('kanwil.gorontalo@p2ham.demo'), expected('u.province_code = 75'));
  assert.deepEqual(await shown('admin@p2ham.demo'), expected('1 = 1'));
});

test('rebuild --check finds the rows equal, then a row changed behind p2ham\'s back, and rebuild repairs it', async () => {
  let r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);
  sql(`UPDATE progress_lag SET state = 'submitted' WHERE participation_id = ${ctx.lapas}`);
  sql(`DELETE FROM progress_lag WHERE participation_id = (SELECT max(participation_id) FROM progress_lag)`);
  r = rebuild('--check');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, new RegExp(`lagging list participation ${ctx.lapas}: stored only: cycle ${ctx.cycle} evaluasi:submitted`));
  assert.match(r.out, new RegExp(`lagging list participation ${ctx.lapas}: counted only: cycle ${ctx.cycle} evaluasi:awaiting_evaluation`));
  assert.match(r.out, /3 differences/);
  r = rebuild();
  assert.equal(r.status, 0, r.out);
  r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);
  assert.deepEqual(await shown('admin@p2ham.demo'), expected('1 = 1'));
});

testCleanStop(holder);
