// Pickers over data that grows: with 1,000 organizations and more than a
// hundred units, the forms stay small and offer a search with pages instead
// of every choice (the unit form, the unit list's filter, the user form,
// the grant form, the cycle enrolment, the joint declaration); a search keeps
// what was typed and writes nothing; the services still refuse a choice
// outside the caller's scope when it is posted by hand.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const MINISTRY = 'Kementerian Hukum dan Hak Asasi Manusia';
const JABAR = 'Pemerintah Provinsi Jawa Barat';	// the demo's, outside Gorontalo
const SMALL = 60 * 1024;
const NOW = '2025-01-01T00:00:00Z';

const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);
const sql = (text) => sqlOk(holder.server, text);
const bytes = (r) => Buffer.byteLength(r.text);

/** The radio buttons (or check boxes) of field `name`: [{ value, label, checked }]. */
function choices(html, name, type = 'radio') {
  const re = new RegExp(`<input type="${type}" id="f-${name}-([0-9a-z]+)" name="${name}" value="([0-9]*)"` +
    `( checked)?><label for="f-${name}-[0-9a-z]+">([^<]*)</label>`, 'g');
  return [...html.matchAll(re)].map((m) => ({ value: m[2], label: m[4], checked: Boolean(m[3]) }));
}

/** The id of the choice labelled `label` among the page's choices of `name`. */
function choiceId(html, name, label, type = 'radio') {
  const c = choices(html, name, type).find((x) => x.label === label);
  assert.ok(c, `${label} among the choices of ${name}`);
  return c.value;
}

/** The date `days` from today in Gorontalo (UTC+8), as a form sends it. */
const day = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
const orgId = (name) => sql(`SELECT id FROM organization WHERE name = '${name}'`);
const unitCount = (name) => Number(sql(`SELECT count(*) FROM unit WHERE name = '${name}'`));

test('the demo loads, with 1,000 organizations and 120 units more written to the database', () => {
  loadDemo(holder.server);
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
    INSERT INTO organization (kind, name, province_code, active, created_at, updated_at)
    SELECT 'regency_gov', 'Dinas Pelayanan Uji ' || (10000 + i), 75, 1, '${NOW}', '${NOW}' FROM n`);
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO unit (name, unit_type, sector, province_code, organization_id, active, created_at, updated_at)
    SELECT 'Kantor Uji Pilihan ' || (1000 + i), 'kanim', 'imigrasi', 75,
      (SELECT id FROM organization WHERE name = '${MINISTRY}'), 1, '${NOW}', '${NOW}' FROM n`);
  assert.equal(sql("SELECT count(*) FROM organization WHERE name LIKE 'Dinas Pelayanan Uji %'"), '1000');
});

test('the unit form stays small and offers a search instead of every organization', async () => {
  const admin = await as('admin@p2ham.demo');
  const r = await admin.get('/unit/baru');
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL, `the form weighs ${bytes(r)} bytes`);
  assert.doesNotMatch(r.text, /<select id="f-organization_id"/, 'no dropdown of 1,000 organizations');
  assert.match(r.text, /<input id="f-cari_organization_id" name="cari_organization_id" type="search"/);
  assert.match(r.text, /<legend>Organisasi<\/legend>/);
  assert.equal(choices(r.text, 'organization_id').length, 50, 'the first page of choices');
  // More than a hundred units: the parent unit is a search too.
  assert.match(r.text, /name="cari_parent_unit_id"/);
  assert.equal(choices(r.text, 'parent_unit_id')[0].label, '— Tidak ada —', 'a parent is optional');
  const en = await admin.get('/unit/baru?lang=en');
  assert.match(en.text, /<label for="f-cari_organization_id">Search organization<\/label>/);
});

test('a search finds organizations by part of the name, keeps what was typed and writes nothing', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/unit/baru');
  const typed = { name: 'Kantor Uji Pemilih', unit_type: 'kanim', sector: 'imigrasi', province_code: '75',
    address: 'Jl. Uji No. 1\nKota Gorontalo', email: 'bukan-email' };
  const r = await admin.post('/unit', { ...typed, cari_organization_id: 'uji 1077', cari: 'organization_id' });
  assert.equal(r.status, 200);
  const found = choices(r.text, 'organization_id').map((c) => c.label);
  assert.deepEqual(found, Array.from({ length: 10 }, (_, i) => `Dinas Pelayanan Uji ${10770 + i}`));
  assert.match(r.text, /value="Kantor Uji Pemilih"/);
  assert.match(r.text, /Jl\. Uji No\. 1\nKota Gorontalo<\/textarea>/);
  assert.match(r.text, /value="bukan-email"/, 'a refused value stays as typed');
  assert.match(r.text, /<option value="kanim" selected>/);
  assert.doesNotMatch(r.text, /class="error"/, 'a search is not a refusal');
  assert.match(r.text, /Hasil untuk “uji 1077”: 1–10\./);
  assert.equal(unitCount('Kantor Uji Pemilih'), 0, 'nothing was created');

  // Enter in the search field submits the form's first button, which saves;
  // a search text changed since the page showed it makes it a search.
  const enter = await admin.post('/unit', { ...typed, cari_organization_id: 'Uji 1099', lalu_organization_id: '' });
  assert.equal(enter.status, 200);
  assert.equal(choices(enter.text, 'organization_id').length, 10, 'Dinas Pelayanan Uji 10990 to 10999');
  assert.equal(unitCount('Kantor Uji Pemilih'), 0);
});

/** The key the next (or previous) page button of field `name` carries, or undefined. */
function pageKey(html, name, which) {
  const m = html.match(new RegExp(`<button type="submit" name="${which}_${name}" value="([0-9]+)"`));
  return m ? m[1] : undefined;
}

test('a search pages through its matches by key, forward and back', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/unit/baru');
  const search = { name: 'Kantor Uji Halaman', cari_organization_id: 'Pelayanan Uji',
    lalu_organization_id: 'Pelayanan Uji' };
  const page = async (extra) => {
    const r = await admin.post('/unit', { ...search, ...extra });
    assert.equal(r.status, 200);
    return { r, list: choices(r.text, 'organization_id').map((c) => c.label) };
  };
  let { r, list } = await page({ cari: 'organization_id' });
  assert.deepEqual(list, Array.from({ length: 50 }, (_, i) => `Dinas Pelayanan Uji ${10001 + i}`));
  assert.equal(pageKey(r.text, 'organization_id', 'sebelum'), undefined, 'no page before the first');
  const next = pageKey(r.text, 'organization_id', 'setelah');
  assert.equal(next, orgId('Dinas Pelayanan Uji 10050'), 'the next page starts after the last row shown');
  ({ r, list } = await page({ setelah_organization_id: next, dari_organization_id: '1' }));
  assert.deepEqual(list, Array.from({ length: 50 }, (_, i) => `Dinas Pelayanan Uji ${10051 + i}`));
  assert.match(r.text, /Hasil untuk “Pelayanan Uji”: 51–100\./);
  assert.match(r.text, /<input type="hidden" name="dari_organization_id" value="51">/);
  assert.equal(pageKey(r.text, 'organization_id', 'sebelum'), orgId('Dinas Pelayanan Uji 10051'));
  assert.equal(pageKey(r.text, 'organization_id', 'setelah'), orgId('Dinas Pelayanan Uji 10100'));
  assert.match(r.text, /value="Kantor Uji Halaman"/);
  assert.doesNotMatch(r.text, /halaman_organization_id/, 'no page numbers');
  // Back from the second page: the first again.
  ({ r, list } = await page({ sebelum_organization_id: pageKey(r.text, 'organization_id', 'sebelum'),
    dari_organization_id: '51' }));
  assert.deepEqual(list, Array.from({ length: 50 }, (_, i) => `Dinas Pelayanan Uji ${10001 + i}`));
  assert.match(r.text, /Hasil untuk “Pelayanan Uji”: 1–50\./);
  assert.equal(pageKey(r.text, 'organization_id', 'sebelum'), undefined);
  // The last page has no next.
  ({ r, list } = await page({ setelah_organization_id: orgId('Dinas Pelayanan Uji 10950'),
    dari_organization_id: '901' }));
  assert.equal(list.at(-1), 'Dinas Pelayanan Uji 11000');
  assert.equal(pageKey(r.text, 'organization_id', 'setelah'), undefined, 'no page after the last');

  // The same search through the page's JSON twin.
  const after = orgId('Dinas Pelayanan Uji 10549');
  const j = await admin.json(`/unit/baru?cari_organization_id=uji%20105&setelah_organization_id=${after}`);
  assert.equal(j.status, 200);
  const f = j.json.fields.organization_id;
  assert.equal(f.is_search, true);
  assert.equal(f.choices.length, 50);
  assert.equal(f.choices[0].label, 'Dinas Pelayanan Uji 10550');
  assert.equal(f.has_next, false);
  assert.equal(f.has_prev, true);
  assert.equal(String(f.prev_key), orgId('Dinas Pelayanan Uji 10550'));
});

test('units of one name across a page boundary: none skipped, none repeated', async () => {
  // 49 units sort before three units of one name (of three organizations),
  // so that the first page ends between them: the next page starts after the key (name, id).
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 49)
    INSERT INTO unit (name, unit_type, sector, province_code, organization_id, active, created_at, updated_at)
    SELECT 'Kantor Kembar A ' || (100 + i), 'kanim', 'imigrasi', 75,
      (SELECT id FROM organization WHERE name = '${MINISTRY}'), 1, '${NOW}', '${NOW}' FROM n`);
  for (let i = 0; i < 3; i++)
    sql(`INSERT INTO unit (name, unit_type, sector, province_code, organization_id, active, created_at, updated_at)
      VALUES ('Kantor Kembar B', 'opd', 'pelayanan', 75,
      (SELECT id FROM organization WHERE name = 'Dinas Pelayanan Uji ${10001 + i}'), 1, '${NOW}', '${NOW}')`);
  const all = sql("SELECT id FROM unit WHERE name LIKE 'Kantor Kembar %' ORDER BY name, id").split('\n');
  assert.equal(all.length, 52);
  for (const email of ['admin@p2ham.demo', 'kanwil.gorontalo@p2ham.demo']) {
    const who = await as(email);
    await who.get('/unit/baru');
    const search = { name: 'Kantor Uji Kembar', cari_parent_unit_id: 'kembar', lalu_parent_unit_id: 'kembar' };
    let r = await who.post('/unit', { ...search, cari: 'parent_unit_id' });
    assert.equal(r.status, 200);
    const ids = (html) => choices(html, 'parent_unit_id').map((c) => c.value).filter((v) => v !== '');
    const first = ids(r.text);
    assert.equal(first.length, 50, email);
    assert.equal(choices(r.text, 'parent_unit_id').at(-1).label, 'Kantor Kembar B — Gorontalo');
    r = await who.post('/unit', { ...search, setelah_parent_unit_id: pageKey(r.text, 'parent_unit_id', 'setelah'),
      dari_parent_unit_id: '1' });
    const second = ids(r.text);
    assert.deepEqual([...first, ...second], all, `${email}: every unit once, in (name, id) order`);
    assert.equal(pageKey(r.text, 'parent_unit_id', 'setelah'), undefined, email);
    r = await who.post('/unit', { ...search, sebelum_parent_unit_id: pageKey(r.text, 'parent_unit_id', 'sebelum'),
      dari_parent_unit_id: '51' });
    assert.deepEqual(ids(r.text), first, `${email}: back to the first page`);
  }
  sql("DELETE FROM unit WHERE name LIKE 'Kantor Kembar %'");
});

test('a unit is created with an organization chosen from the search', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/unit/baru');
  const typed = { name: 'Kantor Imigrasi Uji Pemilih', unit_type: 'kanim', sector: 'imigrasi', province_code: '75' };
  let r = await admin.post('/unit', { ...typed, cari_organization_id: 'hukum dan hak', cari: 'organization_id' });
  const ministry = choiceId(r.text, 'organization_id', MINISTRY);
  assert.equal(ministry, orgId(MINISTRY));
  // The choice survives another search that does not show it.
  r = await admin.post('/unit', { ...typed, organization_id: ministry, cari_organization_id: 'Uji 1066',
    cari: 'organization_id' });
  const shown = choices(r.text, 'organization_id');
  assert.deepEqual(shown[0], { value: ministry, label: MINISTRY, checked: true });
  assert.equal(shown.length, 11);
  // A search typed but not run does not stop the form's own button.
  r = await admin.post('/unit', { ...typed, organization_id: ministry, cari_organization_id: 'Uji 1011',
    lalu_organization_id: 'Uji 1066', simpan: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const unit = await admin.json(r.headers.get('location'));
  assert.equal(unit.json.unit.organization_name, MINISTRY);
  // Its edit form names the organization it has.
  const edit = await admin.get(`${r.headers.get('location')}/ubah`);
  assert.equal(edit.status, 200);
  assert.ok(bytes(edit) < SMALL);
  assert.deepEqual(choices(edit.text, 'organization_id')[0], { value: ministry, label: MINISTRY, checked: true });
});

test('an organization outside the caller\'s scope is not offered and is refused when posted by hand', async () => {
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  let r = await regional.get('/unit/baru');
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL);
  r = await regional.post('/unit', { name: 'Kantor Luar Wilayah', cari_organization_id: 'Jawa Barat',
    cari: 'organization_id' });
  assert.equal(choices(r.text, 'organization_id').length, 0);
  assert.match(r.text, /Tidak ada yang cocok dengan “Jawa Barat”/);
  r = await regional.post('/unit', { name: 'Kantor Luar Wilayah', cari_organization_id: 'hukum',
    cari: 'organization_id' });
  assert.ok(choices(r.text, 'organization_id').some((c) => c.label === MINISTRY), 'a national ministry is offered');

  r = await regional.post('/unit', { name: 'Kantor Luar Wilayah', unit_type: 'opd', sector: 'hukum',
    province_code: '75', organization_id: orgId(JABAR) });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p class="error" id="f-organization_id-error">Organisasi tidak ditemukan/);
  assert.equal(unitCount('Kantor Luar Wilayah'), 0, 'nothing was created');
  const j = await regional.post('/unit', { name: 'Kantor Luar Wilayah', unit_type: 'opd', sector: 'hukum',
    province_code: '75', organization_id: orgId(JABAR) }, { headers: { accept: 'application/json' } });
  assert.equal(j.status, 422);
  assert.equal(unitCount('Kantor Luar Wilayah'), 0);
});

test('the unit list filters by an organization found by a search', async () => {
  const admin = await as('admin@p2ham.demo');
  let r = await admin.get('/unit');
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL, `the list weighs ${bytes(r)} bytes`);
  assert.doesNotMatch(r.text, /<select id="f-organisasi"/);
  r = await admin.get(`/unit?cari_organisasi=${encodeURIComponent('hukum dan')}&cari=organisasi`);
  const ministry = choiceId(r.text, 'organisasi', MINISTRY);
  r = await admin.json(`/unit?organisasi=${ministry}&q=${encodeURIComponent('Uji Pilihan')}`);
  assert.equal(r.json.total, 120);
  assert.deepEqual(r.json.organization_filter.choices[0], { value: ministry, label: MINISTRY,
    choice_name: MINISTRY, province_code: null, checked: true });
});

test('the list endpoints search by q and page by halaman for API clients', async () => {
  const admin = await as('admin@p2ham.demo');
  let r = await admin.json(`/organisasi?q=${encodeURIComponent('pelayanan uji')}&halaman=2`);
  assert.equal(r.status, 200);
  assert.equal(r.json.organizations.length, 100);
  assert.equal(r.json.organizations[0].name, 'Dinas Pelayanan Uji 10101');
  assert.equal(r.json.has_next, true);
  r = await admin.json(`/unit?q=${encodeURIComponent('uji pilihan')}&halaman=3`);
  assert.equal(r.json.total, 120);
  assert.deepEqual(r.json.units.map((u) => u.name), Array.from({ length: 20 }, (_, i) => `Kantor Uji Pilihan ${1101 + i}`));
  // A picker's own choices, as the form offers them, through the form's page.
  r = await admin.json(`/pengguna/baru?cari_home_organization=${encodeURIComponent('uji 1010')}`);
  assert.deepEqual(r.json.fields.home_organization.choices.map((c) => c.label),
    Array.from({ length: 10 }, (_, i) => `Dinas Pelayanan Uji ${10100 + i}`));
});

test('the user form: a search for the home organization keeps the form; one out of scope is refused', async () => {
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  let r = await regional.get('/pengguna/baru');
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL);
  assert.match(r.text, /name="cari_home_organization"/);
  const typed = { full_name: 'Nur Pemilih', email: 'nur.pemilih@gorontalo.go.id', home_province: '75',
    password: 'Kuat-Sekali-2025' };
  r = await regional.post('/pengguna', { ...typed, cari_home_organization: 'Uji 1042', cari: 'home_organization' });
  assert.equal(r.status, 200);
  assert.match(r.text, /value="Nur Pemilih"/);
  assert.doesNotMatch(r.text, /Kuat-Sekali-2025/, 'a password is never sent back');
  const dinas = choiceId(r.text, 'home_organization', 'Dinas Pelayanan Uji 10420');
  r = await regional.post('/pengguna', { ...typed, home_organization: orgId(JABAR) });
  assert.equal(r.status, 422);
  assert.match(r.text, /Organisasi tidak dikenal/);
  assert.equal(sql("SELECT count(*) FROM users WHERE email = 'nur.pemilih@gorontalo.go.id'"), '0');
  r = await regional.post('/pengguna', { ...typed, home_organization: dinas });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(sql("SELECT home_organization FROM users WHERE email = 'nur.pemilih@gorontalo.go.id'"), dinas);
});

test('the grant form\'s scope object: a search by kind, pages, a grant, and one out of scope refused', async () => {
  const id = sql("SELECT id FROM users WHERE email = 'nur.pemilih@gorontalo.go.id'");
  const path = `/pengguna/${id}/peran`;
  const grants = () => sql(`SELECT role || '|' || scope_kind || '|' || scope_id FROM role_grant WHERE user_id = ${id}`);
  // A regional office gives unit roles within its province.
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  let r = await regional.get(`/pengguna/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Cakupan nasional tidak memerlukan objek/);
  // Another kind chosen: its objects are offered first, nothing is granted.
  r = await regional.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'national' });
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL, `the user page weighs ${bytes(r)} bytes`);
  assert.match(r.text, /name="cari_scope_id"/);
  assert.match(r.text, /<option value="unit" selected>/);
  assert.match(r.text, /<option value="operator" selected>/);
  assert.equal(choices(r.text, 'scope_id').length, 50);
  const [outside, outsideName] = sql('SELECT id || \'|\' || name FROM unit WHERE province_code <> 75 ORDER BY id LIMIT 1')
    .split('|');
  r = await regional.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'unit',
    cari_scope_id: outsideName, cari: 'scope_id' });
  assert.equal(choices(r.text, 'scope_id').length, 0, 'a unit of another province is not offered');
  r = await regional.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'unit',
    cari_scope_id: 'Pilihan 1042', cari: 'scope_id' });
  const unit = choiceId(r.text, 'scope_id', 'Kantor Uji Pilihan 1042 — Gorontalo');
  r = await regional.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'unit',
    scope_id: outside });
  assert.equal(r.status, 422, 'a unit of another province, posted by hand');
  assert.match(r.text, /tidak berwenang memberikan peran ini/);
  assert.equal(grants(), '', 'nothing granted yet');
  r = await regional.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'unit', scope_id: unit,
    cari_scope_id: 'Pilihan 1042', lalu_scope_id: 'Pilihan 1042' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(grants(), `operator|unit|${unit}`);

  // An admin gives an organization's regional role: 1,000 organizations, in pages.
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/pengguna/${id}`);
  r = await admin.post(path, { role: 'regional', scope_kind: 'organization', scope_kind_shown: 'organization',
    cari_scope_id: 'Pelayanan Uji', lalu_scope_id: 'Pelayanan Uji',
    setelah_scope_id: orgId('Dinas Pelayanan Uji 10100'), dari_scope_id: '51' });
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL);
  assert.equal(choices(r.text, 'scope_id')[0].label, 'Dinas Pelayanan Uji 10101');
  r = await admin.post(path, { role: 'regional', scope_kind: 'organization', scope_kind_shown: 'organization',
    cari_scope_id: 'Uji 1033', cari: 'scope_id' });
  const dinas = choiceId(r.text, 'scope_id', 'Dinas Pelayanan Uji 10330');
  // A kind changed with the old kind's object still chosen grants nothing.
  r = await admin.post(path, { role: 'operator', scope_kind: 'unit', scope_kind_shown: 'organization',
    scope_id: dinas });
  assert.equal(r.status, 200);
  assert.equal(choices(r.text, 'scope_id').filter((c) => c.checked).length, 0, 'the organization is not a unit');
  assert.equal(grants(), `operator|unit|${unit}`, 'searching granted nothing');
  r = await admin.post(path, { role: 'regional', scope_kind: 'organization', scope_kind_shown: 'organization',
    scope_id: dinas });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(grants().split('\n').sort().join(','), `operator|unit|${unit},regional|organization|${dinas}`);
});

test('the cycle enrolment: a unit found by a search is enrolled alone', async () => {
  const admin = await as('admin@p2ham.demo');
  const cycles = (await admin.json('/siklus')).json.cycles;
  const cycle = cycles.find((x) => x.title === 'P2HAM 2022 (transisi)').id;
  let r = await admin.get(`/siklus/${cycle}`);
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL);
  assert.match(r.text, /name="cari_unit"/);
  r = await admin.post(`/siklus/${cycle}/peserta`, { provinsi: '75', cari_unit: 'Pilihan 1117', cari: 'unit' });
  assert.equal(r.status, 200, 'a search enrols nothing');
  assert.match(r.text, /<option value="75" selected>/);
  const unit = choiceId(r.text, 'unit', 'Kantor Uji Pilihan 1117 — Gorontalo');
  r = await admin.post(`/siklus/${cycle}/peserta`, { unit, provinsi: '75', cari_unit: 'Pilihan 1117',
    lalu_unit: 'Pilihan 1117' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /terdaftar=1$/);
  assert.equal(sql(`SELECT count(*) FROM participation WHERE cycle_id = ${cycle} AND unit_id = ${unit}`), '1');
});

test('the joint declaration: units found by searches stay chosen across pages and are filed together', async () => {
  const admin = await as('admin@p2ham.demo');
  const cycle = (await admin.json('/siklus')).json.cycles.find((x) => x.title === 'P2HAM 2023').id;
  await admin.get(`/siklus/${cycle}`);
  let r = await admin.post(`/siklus/${cycle}/peserta`, { provinsi: '75', jenis: 'kanim' });
  assert.equal(r.status, 303);
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  const path = `/siklus/${cycle}/pencanangan-bersama`;
  r = await regional.get(path);
  assert.equal(r.status, 200);
  assert.ok(bytes(r) < SMALL, `the page weighs ${bytes(r)} bytes`);
  assert.match(r.text, /name="cari_peserta"/);
  r = await regional.post(path, { cari_peserta: 'Pilihan 1003', cari: 'peserta', tempat: 'Aula Kanwil' });
  assert.equal(r.status, 200);
  assert.match(r.text, /value="Aula Kanwil"/);
  const first = choiceId(r.text, 'peserta', 'Kantor Uji Pilihan 1003 — Gorontalo', 'checkbox');
  const body = new URLSearchParams({ csrf: regional.csrf, cari_peserta: 'Pilihan 1118', cari: 'peserta' });
  body.append('peserta', first);
  r = await regional.send(path, { method: 'POST', body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 200);
  const shown = choices(r.text, 'peserta', 'checkbox');
  assert.deepEqual(shown[0], { value: first, label: 'Kantor Uji Pilihan 1003 — Gorontalo', checked: true },
    'the unit chosen on another page stays chosen');
  const second = choiceId(r.text, 'peserta', 'Kantor Uji Pilihan 1118 — Gorontalo', 'checkbox');
  const filed = new URLSearchParams({ csrf: regional.csrf, tanggal: day(3), moda: 'luring',
    tempat: 'Aula Kanwil', cari_peserta: 'Pilihan 1118', lalu_peserta: 'Pilihan 1118' });
  filed.append('peserta', first);
  filed.append('peserta', second);
  r = await regional.send(path, { method: 'POST', body: filed.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(sql(`SELECT count(*) FROM participation WHERE id IN (${first}, ${second}) AND state = 'requested'`),
    '2');
});

testCleanStop(holder);
