// The national progress figures read from the tallies' rollups (migration
// 0032): the country's page says what the province tally sums to, per
// province, per unit type and in all, after the demo, after a
// participation advances and after a unit moves to another province and
// type; `p2ham progress rebuild --check` finds a rollup changed behind
// p2ham's back, and `p2ham progress rebuild` repairs it. On PostgreSQL, a
// transition takes the rollup rows it changes in key order, also when it
// creates a group of the tally (two transitions at once cannot deadlock).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import {
  DEMO_PASSWORD, backend, loadDemo, participationOf, psqlBin, runOn, sqlOk, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
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

/** The fine tally of the cycle summed by col (province_code or unit_type):
 * {"<code>": {"stage:state": n}} without empty groups. */
function summed(col) {
  const out = {};
  for (const [code, stage, state, n] of sql(`SELECT ${col}, stage, state, sum(n)`
    + ` FROM progress_tally WHERE cycle_id = ${ctx.cycle} GROUP BY ${col}, stage, state`
    + ' HAVING sum(n) <> 0')) {
    (out[code] ??= {})[`${stage}:${state}`] = Number(n);
  }
  return out;
}

/** A table of the page ({code, cells, total} rows) as summed() says it,
 * checking each row's total on the way. */
function table(rows) {
  const out = {};
  for (const row of rows) {
    let total = 0;
    for (const cell of row.cells) {
      if (cell.n !== 0) (out[String(row.code)] ??= {})[`${cell.stage}:${cell.state}`] = cell.n;
      total += cell.n;
    }
    assert.equal(row.total, total, `the total of row ${row.code}`);
  }
  return out;
}

/** The country's page equals the fine tally's sums: per province, per
 * unit type, in all, and the region panel. */
async function nationalEqualsTally(what) {
  const admin = await as('admin@p2ham.demo');
  const r = await admin.json(`/progres?siklus=${ctx.cycle}`);
  assert.equal(r.status, 200, what);
  const page = r.json;
  const byProvince = summed('province_code');
  assert.deepEqual(table(page.by_province), byProvince, `${what}: per province`);
  assert.deepEqual(table(page.by_unit_type), summed('unit_type'), `${what}: per unit type`);
  const [[all]] = sql(`SELECT sum(n) FROM progress_tally WHERE cycle_id = ${ctx.cycle}`);
  assert.equal(page.totals.total, Number(all), `${what}: in all`);
  const regions = page.by_region.reduce((n, g) => n + g.total, 0);
  const placed = sql('SELECT province_code FROM coord_region_member WHERE left_at IS NULL').map(([p]) => p);
  const inRegions = Object.entries(byProvince).filter(([p]) => placed.includes(p))
    .reduce((n, [, cells]) => n + Object.values(cells).reduce((a, b) => a + b, 0), 0);
  assert.equal(regions, inRegions, `${what}: the regions`);
  return page;
}

function cell(page, table, code, stage, state) {
  const row = page[table].find((x) => String(x.code) === String(code));
  const c = row ? row.cells.find((x) => x.stage === stage && x.state === state) : null;
  return c ? c.n : 0;
}

test('after the demo the country\'s page equals what the province tally sums to', async () => {
  loadDemo(holder.server);
  [[ctx.cycle]] = sql("SELECT id FROM cycle WHERE title = 'P2HAM 2023'");
  ctx.lapas = participationOf(holder.server, LAPAS);
  [[ctx.kanim, ctx.kanimOrg]] = sql(`SELECT id, organization_id FROM unit WHERE name = '${KANIM}'`);
  const page = await nationalEqualsTally('after the demo');
  assert.ok(page.by_province.length >= 2 && page.by_unit_type.length >= 2, 'several rows each');
  const r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);
});

test('a participation that advances moves its count in the country\'s tables', async () => {
  const before = await nationalEqualsTally('before the evaluation');
  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  await kanwil.get(`/partisipasi/${ctx.lapas}/evaluasi`);
  const r = await kanwil.post(`/partisipasi/${ctx.lapas}/evaluasi`, { keputusan: 'lulus', catatan: 'Lengkap.' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = await nationalEqualsTally('after the evaluation');
  assert.equal(cell(after, 'by_province', 75, 'evaluasi', 'awaiting_evaluation'),
    cell(before, 'by_province', 75, 'evaluasi', 'awaiting_evaluation') - 1);
  assert.equal(cell(after, 'by_unit_type', 'lapas', 'penilaian', 'evidence_open'),
    cell(before, 'by_unit_type', 'lapas', 'penilaian', 'evidence_open') + 1);
  assert.equal(after.totals.total, before.totals.total, 'nobody joined or left');
});

test('a unit moved to another province and type moves its counts in the country\'s tables', async () => {
  const before = await nationalEqualsTally('before the move');
  const [[stage, state]] = sql('SELECT stage, state FROM participation'
    + ` WHERE unit_id = ${ctx.kanim} AND cycle_id = ${ctx.cycle}`);
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/unit/${ctx.kanim}/ubah`);
  const r = await admin.post(`/unit/${ctx.kanim}/ubah`, {
    name: KANIM, unit_type: 'rudenim', sector: 'imigrasi', organization_id: String(ctx.kanimOrg),
    province_code: '31', status: 'aktif',
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = await nationalEqualsTally('after the move');
  assert.equal(cell(after, 'by_province', 31, stage, state),
    cell(before, 'by_province', 31, stage, state) + 1, 'Jakarta gains it');
  assert.equal(cell(after, 'by_province', 75, stage, state),
    cell(before, 'by_province', 75, stage, state) - 1, 'Gorontalo loses it');
  assert.equal(cell(after, 'by_unit_type', 'rudenim', stage, state),
    cell(before, 'by_unit_type', 'rudenim', stage, state) + 1);
  assert.equal(cell(after, 'by_unit_type', 'kanim', stage, state),
    cell(before, 'by_unit_type', 'kanim', stage, state) - 1);
  assert.equal(after.totals.total, before.totals.total);
  const check = rebuild('--check');
  assert.equal(check.status, 0, check.out);
  assert.match(check.out, /0 differences/);
});

test('rebuild --check finds a rollup changed behind p2ham\'s back, and rebuild repairs it', async () => {
  const [[prov, pstage, pstate, pn]] = sql('SELECT province_code, stage, state, n'
    + ` FROM progress_tally_province WHERE cycle_id = ${ctx.cycle} AND n > 0`
    + ' ORDER BY province_code, stage, state LIMIT 1');
  sql(`UPDATE progress_tally_province SET n = n + 3 WHERE cycle_id = ${ctx.cycle}`
    + ` AND province_code = ${prov} AND stage = '${pstage}' AND state = '${pstate}'`);
  const [[type, tstage, tstate, tn]] = sql('SELECT unit_type, stage, state, n'
    + ` FROM progress_tally_type WHERE cycle_id = ${ctx.cycle} AND n > 0`
    + ' ORDER BY unit_type, stage, state LIMIT 1');
  sql(`DELETE FROM progress_tally_type WHERE cycle_id = ${ctx.cycle}`
    + ` AND unit_type = '${type}' AND stage = '${tstage}' AND state = '${tstate}'`);
  let r = rebuild('--check');
  assert.equal(r.status, 1, r.out);
  assert.ok(r.out.includes(`province rollup cycle ${ctx.cycle} province ${prov} ${pstage}:${pstate}:`
    + ` stored ${Number(pn) + 3}, counted ${pn}`), r.out);
  assert.ok(r.out.includes(`unit type rollup cycle ${ctx.cycle} ${type} ${tstage}:${tstate}:`
    + ` stored 0, counted ${tn}`), r.out);
  assert.match(r.out, /2 differences/);
  r = rebuild();
  assert.equal(r.status, 0, r.out);
  r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);
  await nationalEqualsTally('after the repair');
});

test('a tally changed behind p2ham\'s back carries its rollups along, and rebuild repairs both', async () => {
  sql(`UPDATE progress_tally SET n = n + 4 WHERE cycle_id = ${ctx.cycle}`
    + ` AND province_code = 75 AND unit_type = 'lapas' AND stage = 'penilaian'`
    + " AND state = 'evidence_open'");
  await as('admin@p2ham.demo'); // moves the data version the page is kept at
  await nationalEqualsTally('after the tally changed');
  let r = rebuild('--check');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /^tally cycle \d+ province 75 lapas penilaian:evidence_open: stored \d+, counted \d+$/m);
  assert.match(r.out, / 1 difference$/m);
  r = rebuild();
  assert.equal(r.status, 0, r.out);
  assert.match(rebuild('--check').out, /0 differences/);
  await as('admin@p2ham.demo');
  await nationalEqualsTally('after the rebuild');
});

/** An open psql session on the server's database, named name, whose
 * statements run one after another; run() resolves when the statement
 * has finished, with what psql wrote meanwhile. */
function session(name) {
  const p = spawn(psqlBin, [holder.server.db.url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=0'],
    { env: { ...process.env, PGAPPNAME: name }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let waiting = null;
  const take = (d) => {
    out += d;
    const m = out.match(/@@done\n/);
    if (m && waiting) {
      const text = out.slice(0, m.index);
      out = out.slice(m.index + m[0].length);
      const w = waiting;
      waiting = null;
      w(text);
    }
  };
  p.stdout.on('data', take);
  p.stderr.on('data', take);
  return {
    run(text) {
      return new Promise((resolve) => {
        waiting = resolve;
        p.stdin.write(`${text}\n\\echo @@done\n`);
      });
    },
    end() { p.stdin.end(); return new Promise((r) => p.on('close', r)); },
  };
}

test('a transition that creates a tally group takes its rollup rows in key order',
  { skip: backend !== 'postgresql' && 'PostgreSQL only: SQLite writes one transaction at a time' },
  async () => {
    // A participation at pencanangan:requested whose unit type has nobody
    // at pencanangan:approved in its province: its approval creates that
    // group of the tally and moves the province rollup's two rows, the
    // new group's (approved) before the old one's (requested) in key order.
    const [[pid, prov, type]] = sql('SELECT p.id, u.province_code, u.unit_type'
      + ' FROM participation p JOIN unit u ON u.id = p.unit_id'
      + ` WHERE p.cycle_id = ${ctx.cycle} AND p.stage = 'pencanangan' AND p.state = 'requested'`
      + ' AND NOT EXISTS (SELECT 1 FROM progress_tally t WHERE t.cycle_id = p.cycle_id'
      + ' AND t.province_code = u.province_code AND t.unit_type = u.unit_type'
      + " AND t.stage = 'pencanangan' AND t.state = 'approved') ORDER BY p.id LIMIT 1");
    const holderOfFirst = session('p2ham-test-hold');
    const mover = session('p2ham-test-move');
    const prober = session('p2ham-test-probe');
    try {
      // Someone holds the first row (approved) ...
      assert.equal(await holderOfFirst.run('BEGIN; INSERT INTO progress_tally_province'
        + ` (cycle_id, province_code, stage, state, n) VALUES (${ctx.cycle}, ${prov},`
        + " 'pencanangan', 'approved', 0) ON CONFLICT (cycle_id, province_code, stage, state)"
        + ' DO UPDATE SET n = progress_tally_province.n;'), '');
      // ... so the transition waits for it ...
      const moved = mover.run(`UPDATE participation SET state = 'approved' WHERE id = ${pid};`);
      let waits = '0';
      for (let i = 0; i < 100 && waits !== '1'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        waits = sqlOk(holder.server, "SELECT count(*) FROM pg_stat_activity WHERE application_name"
          + " = 'p2ham-test-move' AND wait_event_type = 'Lock'");
      }
      assert.equal(waits, '1', 'the transition waits for the held row');
      // ... and has not taken the second (requested) out of turn: another
      // transition that holds it and waits for the first would deadlock.
      const probe = await prober.run(`SELECT n FROM progress_tally_province WHERE cycle_id = ${ctx.cycle}`
        + ` AND province_code = ${prov} AND stage = 'pencanangan' AND state = 'requested'`
        + ' FOR UPDATE NOWAIT;');
      assert.match(probe, /^\d+\n?$/, 'the second row is free while the first is awaited');
      assert.equal(await holderOfFirst.run('ROLLBACK;'), '');
      assert.equal(await moved, '', 'the transition completes once the row is free');
    } finally {
      await Promise.all([holderOfFirst.end(), mover.end(), prober.end()]);
    }
    assert.equal(sql(`SELECT state FROM participation WHERE id = ${pid}`)[0][0], 'approved');
    assert.equal(sql(`SELECT n FROM progress_tally WHERE cycle_id = ${ctx.cycle} AND province_code = ${prov}`
      + ` AND unit_type = '${type}' AND stage = 'pencanangan' AND state = 'approved'`)[0][0], '1');
    const r = rebuild('--check');
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /0 differences/);
  });

testCleanStop(holder);
