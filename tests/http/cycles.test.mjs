// Demo data, programme cycles and enrolment against a real server.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, runOn, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();

function p2ham(args) {
  return runOn(holder.server, args);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

test('p2ham demo loads once and prints an account for every role', () => {
  let r = p2ham(['demo']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /demo data loaded/);
  assert.match(r.stdout, /admin@p2ham\.demo/);
  r = p2ham(['demo', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const accounts = JSON.parse(r.stdout);
  const roles = new Set(accounts.map((a) => a.role));
  for (const role of ['admin', 'coordinator', 'regional', 'operator', 'unit_head', 'verifier', 'assessor', 'observer']) {
    assert.ok(roles.has(role), `an account for ${role}`);
  }
  assert.ok(accounts.every((a) => a.password === DEMO_PASSWORD));
  r = p2ham(['demo']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /nothing added/);
});

test('the public is sent to sign in, JSON clients get 401', async () => {
  const c = new Client(holder.server);
  assert.equal((await c.get('/siklus')).status, 303);
  assert.equal((await c.json('/siklus/1')).status, 401);
});

test('the demo cycles: 2022 ran declaration and building only, 2023 runs all five', async () => {
  const c = await as('admin@p2ham.demo');
  const list = await c.json('/siklus');
  assert.equal(list.status, 200);
  const byTitle = Object.fromEntries(list.json.cycles.map((x) => [x.title, x]));
  const y22 = await c.json(`/siklus/${byTitle['P2HAM 2022 (transisi)'].id}`);
  assert.deepEqual(y22.json.calendar.map((s) => s.code), ['pencanangan', 'pembangunan']);
  assert.equal(y22.json.calendar[0].total, 1, 'one 2022 unit has not declared');
  assert.equal(y22.json.calendar[1].total, 5, 'the other 2022 units finished building');
  assert.deepEqual(y22.json.calendar[1].states.map((s) => [s.state, s.n]), [['submitted', 5]]);
  const y23 = await c.json(`/siklus/${byTitle['P2HAM 2023'].id}`);
  assert.deepEqual(y23.json.calendar.map((s) => s.code),
    ['pencanangan', 'pembangunan', 'evaluasi', 'penilaian', 'pembinaan']);
  // The demo opens every window around the day it is loaded.
  assert.match(y23.json.calendar[0].deadline, /^\d{4}-\d{2}-\d{2} 23:59 WITA$/);
  assert.ok(y23.json.calendar.every((s) => s.status === 'Sedang dibuka'), 'every demo stage is open');
  const at = Object.fromEntries(y23.json.calendar.map((s) => [s.code, s.total]));
  // The regional offices of Gorontalo and South Sulawesi were awarded by
  // the demo's decree: under supervision.
  assert.deepEqual(at, { pencanangan: 3, pembangunan: 1, evaluasi: 2, penilaian: 3, pembinaan: 2 });
  const page = await c.get(`/siklus/${byTitle['P2HAM 2023'].id}`);
  assert.match(page.text, /Kantor Imigrasi Kelas I TPI Gorontalo/);
  assert.match(page.text, /Menunggu evaluasi/);
});

test('creating a cycle checks its windows and keeps what was typed', async () => {
  const c = await as('admin@p2ham.demo');
  await c.get('/siklus/baru');
  const rb = (await c.json('/siklus/baru')).json.rulebooks.find((x) => x.code === 'p2ham-2022');
  const form = {
    programme: 'p2ham', title: 'P2HAM 2026 Uji', year: '2026', rulebook: String(rb.id), tz: 'WIT',
    run_pencanangan: '1', opens_pencanangan: '2026-02-01', deadline_pencanangan: '2026-01-15',
  };
  let r = await c.post('/siklus', form);
  assert.equal(r.status, 422);
  assert.match(r.text, /Tenggat suatu tahapan tidak boleh sebelum tanggal bukanya/);
  assert.match(r.text, /value="P2HAM 2026 Uji"/);
  assert.match(r.text, /value="2026-01-15"/);
  r = await c.post('/siklus', { ...form, run_pencanangan: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /paling sedikit satu tahapan/);
  r = await c.post('/siklus', { ...form, deadline_pencanangan: '2026-03-31', run_pembangunan: '1',
    opens_pembangunan: '2026-03-01', deadline_pembangunan: '2026-07-31' });
  assert.equal(r.status, 303);
  const where = r.headers.get('location');
  assert.match(where, /^\/siklus\/\d+$/);
  const cy = await c.json(where);
  assert.equal(cy.json.calendar[0].deadline, '2026-03-31 23:59 WIT');
  assert.equal(cy.json.participations.length, 0);
  r = await c.post('/siklus', { ...form, deadline_pencanangan: '2026-03-31' });
  assert.equal(r.status, 422, 'the same title twice');

  // Enrol every unit of Gorontalo that the rulebook covers, twice: the second adds none.
  await c.get(where);
  r = await c.post(`${where}/peserta`, { provinsi: '75' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /terdaftar=5$/);
  r = await c.post(`${where}/peserta`, { provinsi: '75' });
  assert.match(r.headers.get('location'), /terdaftar=0$/);
  const after = await c.json(where);
  assert.equal(after.json.participations.length, 5);
  assert.ok(after.json.participations.every((p) => p.stage === 'pencanangan' && p.state === 'draft'));

  // A tourism site is not a unit type this rulebook covers.
  const units = await c.json('/unit?q=Djuanda');
  const tahura = units.json.units[0];
  r = await c.post(`${where}/peserta`, { unit: String(tahura.id) }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 409);
});

test('an operator sees only its own unit and may not enrol', async () => {
  const admin = await as('admin@p2ham.demo');
  const id = (await admin.json('/siklus')).json.cycles.find((x) => x.title === 'P2HAM 2023').id;
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  const cy = await op.json(`/siklus/${id}`);
  assert.equal(cy.status, 200);
  assert.deepEqual(cy.json.participations.map((p) => p.unit_name), ['Kantor Imigrasi Kelas I TPI Gorontalo']);
  assert.equal(cy.json.may_enrol, false);
  await op.get(`/siklus/${id}`);
  const r = await op.post(`/siklus/${id}/peserta`, { provinsi: '75' });
  assert.equal(r.status, 403);
  assert.equal((await op.get('/siklus/baru')).status, 403);
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  const seen = await regional.json(`/siklus/${id}`);
  assert.ok(seen.json.participations.every((p) => p.province_code === 75), 'a regional office sees its province');
  assert.equal(seen.json.participations.length, 5);
});

test('an assignment opens its unit to the verifier, and nothing else', async () => {
  const admin = await as('admin@p2ham.demo');
  const units = (await admin.json('/unit?provinsi=73')).json.units;
  const kanim = units.find((u) => u.name === 'Kantor Imigrasi Kelas I TPI Makassar');
  const lapas = units.find((u) => u.name === 'Lembaga Pemasyarakatan Kelas I Makassar');
  const verifier = await as('verifikator@p2ham.demo');
  const seen = await verifier.json(`/unit/${kanim.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.unit.name, kanim.name);
  assert.equal((await verifier.json(`/unit/${lapas.id}`)).status, 404);
  assert.equal((await verifier.get(`/unit/${lapas.id}`)).status, 404);
});

test('each scoped account sees exactly the participations of its provinces, in the list order', async () => {
  const admin = await as('admin@p2ham.demo');
  const cycles = (await admin.json('/siklus')).json.cycles;
  for (const title of ['P2HAM 2023', 'P2HAM 2022 (transisi)']) {
    const id = cycles.find((x) => x.title === title).id;
    const all = (await admin.json(`/siklus/${id}`)).json.participations;
    assert.ok(all.length > 0, `${title}: the admin sees participations`);
    const key = (p) => [p.province_code, p.unit_name, p.unit_id];
    const sorted = [...all].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
    });
    assert.deepEqual(all.map((p) => p.id), sorted.map((p) => p.id), `${title}: by province and name`);
    for (const [email, provinces] of [['kanwil.gorontalo@p2ham.demo', [75]],
      ['koordinator@p2ham.demo', [73, 75]]]) {
      const c = await as(email);
      const got = await c.json(`/siklus/${id}`);
      assert.equal(got.status, 200, `${title}, ${email}`);
      const want = all.filter((p) => provinces.includes(p.province_code)).map((p) => p.id);
      assert.deepEqual(got.json.participations.map((p) => p.id), want, `${title}, ${email}`);
      const total = got.json.calendar.reduce((n, s) => n + s.total, 0);
      assert.equal(total, want.length, `${title}, ${email}: the counts agree with the list`);
    }
  }
});

testCleanStop(holder);
