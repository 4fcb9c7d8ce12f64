// A coordinator's grant over a region is kept per process at the data's
// version, with the provinces the region holds at that version
// (web/authcache.h). Moving a province into or out of a region is an
// audited write and so moves the version: the coordinator's scope follows
// the province on the very next request, on pages kept per session
// (/siklus/{id}, /progres, /partisipasi/{id}) and on those that are not
// (/unit/{id}, /partisipasi/{id}/pencanangan). A change made behind the
// program's back shows once a write moves the version, which tells that
// the grants were kept meanwhile rather than loaded per request.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const COORDINATOR = 'koordinator@p2ham.demo';
const LAPAS_MKS = 'Lembaga Pemasyarakatan Kelas I Makassar'; // 73, Wilayah I
const KANIM_PALU = 'Kantor Imigrasi Kelas I TPI Palu'; // 72, Wilayah II
const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);
const ctx = {};

/** Where the coordinator reaches now: each question one request. */
async function reach(coord) {
  const unit = async (name) => (await coord.get(`/unit/${ctx.units[name]}`)).status === 200;
  const part = async (name) => (await coord.get(`/partisipasi/${ctx.parts[name]}`)).status === 200;
  const decl = async (name) =>
    (await coord.get(`/partisipasi/${ctx.parts[name]}/pencanangan`)).status === 200;
  const progress = await coord.json('/progres');
  assert.equal(progress.status, 200, progress.text);
  const cycle = await coord.json(`/siklus/${ctx.cycle}`);
  assert.equal(cycle.status, 200, cycle.text);
  return {
    progres: progress.json.by_province.map((p) => p.code).sort(),
    siklus: [...new Set(cycle.json.participations.map((p) => p.unit_name))]
      .filter((n) => n === LAPAS_MKS || n === KANIM_PALU).sort(),
    unit: { mks: await unit(LAPAS_MKS), palu: await unit(KANIM_PALU) },
    partisipasi: { mks: await part(LAPAS_MKS), palu: await part(KANIM_PALU) },
    pencanangan: { mks: await decl(LAPAS_MKS), palu: await decl(KANIM_PALU) },
  };
}

/** What reach says when the region holds these of the two units. */
function expect({ mks, palu }, codes) {
  const both = { mks, palu };
  return {
    progres: codes,
    siklus: [mks && LAPAS_MKS, palu && KANIM_PALU].filter(Boolean).sort(),
    unit: both, partisipasi: both, pencanangan: both,
  };
}

async function move(region, code) {
  await ctx.admin.get(`/wilayah-koordinasi/${region}`);
  const r = await ctx.admin.post(`/wilayah-koordinasi/${region}/provinsi`, { province_code: String(code) });
  assert.equal(r.status, 303, r.text);
}

async function release(region, code) {
  await ctx.admin.get(`/wilayah-koordinasi/${region}`);
  const r = await ctx.admin.post(`/wilayah-koordinasi/${region}/provinsi/${code}/lepas`);
  assert.equal(r.status, 303, r.text);
}

const seq = () => Number(sql('SELECT coalesce(max(seq), 0) FROM audit_log'));

test('the demo: the coordinator of Wilayah I reaches South Sulawesi and Gorontalo, not Central Sulawesi', async () => {
  loadDemo(holder.server);
  const id = (name) => Number(sql(`SELECT id FROM coord_region WHERE name = '${name}'`));
  ctx.one = id('Wilayah I');
  ctx.two = id('Wilayah II');
  ctx.units = {};
  ctx.parts = {};
  for (const name of [LAPAS_MKS, KANIM_PALU]) {
    ctx.units[name] = Number(sql(`SELECT id FROM unit WHERE name = '${name}'`));
    ctx.parts[name] = participationOf(holder.server, name);
  }
  ctx.cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${ctx.parts[LAPAS_MKS]}`));
  ctx.admin = await as('admin@p2ham.demo');
  ctx.coord = await as(COORDINATOR);
  const want = expect({ mks: true, palu: false }, [73, 75]);
  assert.deepEqual(await reach(ctx.coord), want);
  assert.deepEqual(await reach(ctx.coord), want, 'the same while nothing is written');
});

test('a province moved into the region is reached on the next request', async () => {
  const before = seq();
  await move(ctx.one, 72);
  assert.ok(seq() > before, 'the move appends to the audit log: the version moves');
  assert.deepEqual(await reach(ctx.coord), expect({ mks: true, palu: true }, [72, 73, 75]));
});

test('a province moved to another region, and one released from it, leave on the next request', async () => {
  await move(ctx.two, 73);
  assert.deepEqual(await reach(ctx.coord), expect({ mks: false, palu: true }, [72, 75]));
  await release(ctx.one, 72);
  assert.deepEqual(await reach(ctx.coord), expect({ mks: false, palu: false }, [75]));
  await move(ctx.one, 73);
  assert.deepEqual(await reach(ctx.coord), expect({ mks: true, palu: false }, [73, 75]));
});

test('the grants are kept at the version: a move behind the program\'s back shows once a write moves it', async () => {
  const unit = `/unit/${ctx.units[KANIM_PALU]}`;
  assert.equal((await ctx.coord.get(unit)).status, 404);
  // Central Sulawesi belongs to no region since it was released; put it
  // into Wilayah I without an audit entry.
  assert.equal(sql('SELECT count(*) FROM coord_region_member WHERE province_code = 72 AND left_at IS NULL'), '0');
  sql(`INSERT INTO coord_region_member (region_id, province_code, joined_at)
    VALUES (${ctx.one}, 72, '2025-01-01T00:00:00Z')`);
  assert.equal((await ctx.coord.get(unit)).status, 404, 'kept at the version it was read at');
  await new Client(holder.server).login('admin@p2ham.demo', DEMO_PASSWORD);
  assert.equal((await ctx.coord.get(unit)).status, 200, 'read again once a write moved the version');
});

testCleanStop(holder);
