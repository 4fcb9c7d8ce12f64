// User administration within scope: who may see, create, deactivate and
// grant what, with the demo accounts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { Client } from './client.mjs';
import { binary, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const PASSWORD = 'Demo-P2HAM-2025';

test('the demo data loads', () => {
  const s = holder.server;
  const r = spawnSync(binary, ['demo', '--data-dir', s.dataDir, ...(s.db ? ['--db', s.db.url] : [])],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

async function as(email) {
  const c = new Client(holder.server);
  assert.equal((await c.login(email, PASSWORD)).status, 303, email);
  return c;
}

async function userId(admin, email) {
  const list = await admin.json(`/pengguna?q=${encodeURIComponent(email)}`);
  return list.json.users.find((u) => u.email === email).id;
}

test('an admin creates a user; a refused form keeps what was typed', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/pengguna/baru');
  let r = await admin.post('/pengguna', { full_name: 'Lukman Hakim', email: 'ADMIN@p2ham.demo',
    nip: '1234', home_province: '75', password: 'Kuat-Sekali-2025' });
  assert.equal(r.status, 422);
  assert.match(r.text, /value="Lukman Hakim"/);
  assert.match(r.text, /NIP harus terdiri dari 18 angka/);
  r = await admin.post('/pengguna', { full_name: 'Lukman Hakim', email: 'ADMIN@p2ham.demo',
    nip: '198001012005011001', home_province: '75', password: 'Kuat-Sekali-2025' });
  assert.equal(r.status, 422);
  assert.match(r.text, /sudah dipakai/);
  r = await admin.post('/pengguna', { full_name: 'Lukman Hakim', email: 'lukman@kanwil-gorontalo.go.id',
    nip: '198001012005011001', home_province: '75', password: 'Kuat-Sekali-2025' });
  assert.equal(r.status, 303);
  const page = await admin.json(r.headers.get('location'));
  assert.equal(page.json.user.nip, '198001012005011001');
  assert.equal(page.json.user.password_hash, undefined);
});

test('a regional office sees the users of its province only and cannot grant wider roles', async () => {
  const admin = await as('admin@p2ham.demo');
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  const list = await regional.json('/pengguna');
  assert.equal(list.status, 200);
  assert.ok(list.json.users.length > 0);
  assert.ok(list.json.users.every((u) => u.home_province === 75), JSON.stringify(list.json.users));
  const jakarta = await userId(admin, 'admin@p2ham.demo');
  assert.equal((await regional.json(`/pengguna/${jakarta}`)).status, 404, 'a user outside the province');
  assert.equal((await regional.get(`/pengguna/${jakarta}`)).status, 404);

  const lukman = await userId(admin, 'lukman@kanwil-gorontalo.go.id');
  await regional.get(`/pengguna/${lukman}`);
  let r = await regional.post(`/pengguna/${lukman}/peran`, { role: 'admin', scope_kind: 'national', scope_id: '0' });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak berwenang memberikan peran ini/);
  r = await regional.post(`/pengguna/${lukman}/peran`, { role: 'regional', scope_kind: 'province', scope_id: '73' });
  assert.equal(r.status, 422, 'the regional office of another province');
  // An operator of a Gorontalo unit is within its power.
  const units = (await regional.json('/unit?q=Rumah')).json.units;
  r = await regional.post(`/pengguna/${lukman}/peran`, { role: 'operator', scope_kind: 'unit', scope_id: String(units[0].id) });
  assert.equal(r.status, 303);
  const granted = await admin.json(`/pengguna/${lukman}`);
  assert.deepEqual(granted.json.grants.map((g) => g.role), ['operator']);
});

test('a regional office registers governments of its own province only', async () => {
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  await regional.get('/organisasi/baru');
  let r = await regional.post('/organisasi', { kind: 'province_gov', name: 'Pemerintah Provinsi Gorontalo', province_code: '75' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const org = await regional.json(r.headers.get('location'));
  assert.equal(org.json.organization.name, 'Pemerintah Provinsi Gorontalo');
  assert.equal(org.json.may_edit, true);
  r = await regional.post('/organisasi', { kind: 'province_gov', name: 'Pemerintah Provinsi Jawa Tengah', province_code: '33' },
    { headers: { accept: 'application/json' } });
  assert.equal(r.status, 422, 'a province outside its scope is refused on the form');
  const admin = await as('admin@p2ham.demo');
  const list = await admin.json('/organisasi?q=Jawa%20Tengah');
  assert.equal(JSON.stringify(list.json).includes('Pemerintah Provinsi Jawa Tengah'), false, 'nothing was created');
});

test('units and operators cannot manage users at all', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  assert.equal((await op.get('/pengguna')).status, 404);
  assert.equal((await op.json('/pengguna/1')).status, 404);
  await op.get('/akun');
  assert.equal((await op.post('/pengguna/1/status', { active: '0' })).status, 404);
});

test('deactivating a user ends their sessions and bars sign-in', async () => {
  const admin = await as('admin@p2ham.demo');
  const observer = await as('pengamat@p2ham.demo');
  assert.equal((await observer.json('/akun')).status, 200);
  const id = await userId(admin, 'pengamat@p2ham.demo');
  await admin.get(`/pengguna/${id}`);
  let r = await admin.post(`/pengguna/${id}/status`, { active: '0' });
  assert.equal(r.status, 303);
  assert.equal((await observer.json('/akun')).status, 401, 'the session ended');
  r = await new Client(holder.server).login('pengamat@p2ham.demo', PASSWORD);
  assert.equal(r.status, 401);
  assert.match(r.text, /dinonaktifkan/);
  // An admin cannot lock themselves out.
  const self = await userId(admin, 'admin@p2ham.demo');
  await admin.get(`/pengguna/${self}`);
  assert.equal((await admin.post(`/pengguna/${self}/status`, { active: '0' })).status, 409);
});

testCleanStop(holder);
