// Coordination regions against a real server with the demo data: the
// admin's pages (create, rename, move and release a province, history),
// a coordinator's grant over a region (what it reaches and what it does
// not), who decides a declaration request and whose desk lists it, a
// province moved to another region taking its waiting requests to the new
// coordinator, and /progres by region.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const COORDINATOR = 'koordinator@p2ham.demo';
const BAPAS_GTO = 'Balai Pemasyarakatan Kelas II Gorontalo';
const LAPAS_MKS = 'Lembaga Pemasyarakatan Kelas I Makassar';
const KANIM_PALU = 'Kantor Imigrasi Kelas I TPI Palu';

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

/** The text of a PDF, or null when pdftotext is not installed. */
function pdfText(bytes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-pdf-'));
  try {
    const file = path.join(dir, 'd.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (r.error && r.error.code === 'ENOENT') return null;
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function regionId(name) {
  return Number(sqlOk(holder.server, `SELECT id FROM coord_region WHERE name = '${name}'`));
}

function unitId(name) {
  return Number(sqlOk(holder.server, `SELECT id FROM unit WHERE name = '${name}'`));
}

test('the demo loads with two regions over its provinces', async () => {
  loadDemo(holder.server);
  const admin = await as('admin@p2ham.demo');
  const r = await admin.json('/wilayah-koordinasi');
  assert.equal(r.status, 200);
  const byName = Object.fromEntries(r.json.regions.map((g) => [g.name, g]));
  assert.deepEqual(Object.keys(byName).sort(), ['Wilayah I', 'Wilayah II']);
  assert.deepEqual(byName['Wilayah I'].provinces.map((p) => p.code), [73, 75]);
  assert.deepEqual(byName['Wilayah II'].provinces.map((p) => p.code), [32, 72]);
  assert.deepEqual(byName['Wilayah I'].coordinators.map((c) => c.full_name), ['Bambang Sutrisno']);
  assert.equal(byName['Wilayah II'].coordinators.length, 0);
  assert.ok(r.json.create_form, 'the admin may create regions');
  const page = await admin.get('/wilayah-koordinasi');
  assert.match(page.text, /<form class="form narrow" method="post" action="\/wilayah-koordinasi"/);
});

test('the admin creates and renames a region; bad names are refused in Bahasa Indonesia and kept', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get('/wilayah-koordinasi');
  let r = await admin.post('/wilayah-koordinasi', { name: '   ' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Isi nama wilayah/);
  r = await admin.post('/wilayah-koordinasi', { name: 'Wilayah  I' });
  assert.equal(r.status, 422);
  assert.match(r.text, /sudah dipakai wilayah lain/);
  assert.match(r.text, /value="Wilayah  I"/, 'the name as typed is kept');
  r = await admin.post('/wilayah-koordinasi', { name: 'Wilayah III' });
  assert.equal(r.status, 303, r.text);
  const id = regionId('Wilayah III');
  assert.equal(r.headers.get('location'), `/wilayah-koordinasi/${id}?ok=buat`);
  let page = await admin.get(`/wilayah-koordinasi/${id}`);
  assert.match(page.text, /Belum ada koordinator untuk wilayah ini/);
  r = await admin.post(`/wilayah-koordinasi/${id}/ubah`, { name: 'Wilayah II' });
  assert.equal(r.status, 422);
  assert.match(r.text, /sudah dipakai/);
  r = await admin.post(`/wilayah-koordinasi/${id}/ubah`, { name: 'Wilayah III (Papua)' });
  assert.equal(r.status, 303);
  page = await admin.json(`/wilayah-koordinasi/${id}`);
  assert.equal(page.json.region.name, 'Wilayah III (Papua)');
  assert.equal(sqlOk(holder.server, `SELECT count(*) FROM audit_log WHERE action IN ('region.create', 'region.rename') AND object_id = ${id}`), '2');
});

test('only the admin keeps regions; every role may read them', async () => {
  const coord = await as(COORDINATOR);
  const list = await coord.json('/wilayah-koordinasi');
  assert.equal(list.status, 200);
  assert.equal(list.json.create_form, undefined);
  const one = regionId('Wilayah I');
  const page = await coord.get(`/wilayah-koordinasi/${one}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /provinsi\/75\/lepas/);
  const r = await coord.post('/wilayah-koordinasi', { name: 'Wilayah Saya' });
  assert.equal(r.status, 403);
  const m = await coord.post(`/wilayah-koordinasi/${one}/provinsi`, { province_code: '72' });
  assert.equal(m.status, 403);
  assert.equal(sqlOk(holder.server, "SELECT count(*) FROM coord_region WHERE name = 'Wilayah Saya'"), '0');
  assert.equal((await coord.get('/wilayah-koordinasi/999999')).status, 404);
});

test('a coordinator over a region reaches both its provinces and nothing outside', async () => {
  const coord = await as(COORDINATOR);
  for (const unit of [BAPAS_GTO, LAPAS_MKS]) {
    assert.equal((await coord.get(`/unit/${unitId(unit)}`)).status, 200, unit);
    assert.equal((await coord.get(`/partisipasi/${participationOf(holder.server, unit)}/pencanangan`)).status, 200, unit);
  }
  assert.equal((await coord.get(`/unit/${unitId(KANIM_PALU)}`)).status, 404);
  assert.equal((await coord.get(`/partisipasi/${participationOf(holder.server, KANIM_PALU)}`)).status, 404);
  // The users a coordinator may see: those homed in the region's provinces.
  const user = (email) => Number(sqlOk(holder.server, `SELECT id FROM users WHERE email = '${email}'`));
  assert.equal((await coord.get(`/pengguna/${user('operator.kanim.gorontalo@p2ham.demo')}`)).status, 200);
  assert.equal((await coord.get(`/pengguna/${user('biro.hukum.jabar@p2ham.demo')}`)).status, 404);
  const provinces = await coord.json('/wilayah');
  assert.deepEqual(provinces.json.provinces.map((p) => p.code), [73, 75]);
  const units = await coord.json('/unit');
  assert.equal(units.status, 200, units.text);
  assert.deepEqual([...new Set(units.json.units.map((u) => u.province_code))].sort(), [73, 75]);
  const progress = await coord.json('/progres');
  assert.equal(progress.status, 200, progress.text);
  assert.deepEqual(progress.json.by_province.map((p) => p.code).sort(), [73, 75]);
});

test('/progres groups by region, draws a chart per region and filters by one; the CSV carries the region', async () => {
  const admin = await as('admin@p2ham.demo');
  const one = regionId('Wilayah I');
  const two = regionId('Wilayah II');
  let r = await admin.json('/progres');
  assert.equal(r.status, 200);
  const total = (name) => r.json.by_region.find((g) => g.name === name).total;
  const inProv = (codes) => Number(sqlOk(holder.server, 'SELECT count(*) FROM participation p JOIN unit u ON u.id = p.unit_id'
    + ` WHERE p.cycle_id = ${r.json.cycle.id} AND u.province_code IN (${codes})`));
  assert.equal(total('Wilayah I'), inProv('75, 73'));
  assert.equal(total('Wilayah II'), inProv('72, 32'));
  assert.deepEqual(r.json.region_options.map((o) => o.label), ['Wilayah I', 'Wilayah II']);
  const chart = r.json.by_region.find((g) => g.name === 'Wilayah I').chart;
  assert.deepEqual(chart.bars.map((b) => b.label).sort(), ['Gorontalo', 'Sulawesi Selatan']);
  const html = await admin.get('/progres');
  assert.match(html.text, /<h2 id="region-heading">Per wilayah koordinasi<\/h2>/);
  assert.match(html.text, /<title id="chart-region-\d+-title">Partisipasi di Wilayah I per provinsi menurut tahapan<\/title>/);

  r = await admin.json(`/progres?wilayah=${one}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.by_province.map((p) => p.code).sort(), [73, 75]);
  assert.equal(r.json.totals.total, inProv('75, 73'));
  assert.equal(r.json.scope.text, 'Sulawesi Selatan, Gorontalo');
  assert.ok(r.json.region_options.find((o) => o.label === 'Wilayah I').selected);
  assert.equal(r.json.export_csv, `/progres.csv?siklus=${r.json.cycle.id}&wilayah=${one}`);
  const csv = await admin.get(r.json.export_csv);
  const lines = csv.text.trim().split('\r\n');
  assert.match(lines[0], /,terlambat,wilayah koordinasi$/);
  assert.equal(lines.length - 1, inProv('75, 73'));
  assert.ok(lines.slice(1).every((l) => l.endsWith(',Wilayah I')));
  assert.equal((await admin.get('/progres?wilayah=999999')).status, 404);

  // The coordinator of Wilayah I is offered only their region; asking for
  // another shows nothing of it.
  const coord = await as(COORDINATOR);
  r = await coord.json('/progres');
  assert.deepEqual(r.json.region_options.map((o) => o.label), ['Wilayah I']);
  r = await coord.json(`/progres?wilayah=${two}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.by_province.length, 0);
});

test('the published results carry the region as published, filter by it and chart each region', async () => {
  const [cycle] = sqlOk(holder.server, 'SELECT DISTINCT cycle_id FROM result_version').split('\n');
  const pub = new Client(holder.server);
  let r = await pub.json(`/hasil/${cycle}`);
  assert.equal(r.status, 200);
  const names = r.json.filters.regions.map((o) => o.label);
  assert.ok(names.includes('Wilayah I'), JSON.stringify(names));
  assert.ok(r.json.region_charts.length >= 1);
  assert.match(r.json.region_charts[0].chart.title, /^Hasil di Wilayah I/);
  r = await pub.json(`/hasil/${cycle}?wilayah=${encodeURIComponent('Wilayah I')}`);
  assert.equal(r.status, 200);
  assert.ok(r.json.units.length > 0);
  const page = await pub.get(`/hasil/${cycle}?wilayah=${encodeURIComponent('Wilayah I')}`);
  assert.match(page.text, /<select id="f-wilayah" name="wilayah">/);
  assert.match(page.text, /<option value="Wilayah I" selected>Wilayah I<\/option>/);
  const v = sqlOk(holder.server, `SELECT max(version) FROM result_version WHERE cycle_id = ${cycle}`);
  const csv = await pub.get(`/hasil/${cycle}/versi/${v}/hasil.csv`);
  const lines = csv.text.trim().split('\r\n');
  assert.match(lines[0], /,decree_number,region_name,/);
  assert.ok(lines.slice(1).every((l) => /,Wilayah I,/.test(l)), 'the demo decided units of Wilayah I only');
});

test('a waiting request names who decides it, and lies on that coordinator\'s desk', async () => {
  const coord = await as(COORDINATOR);
  for (const unit of [BAPAS_GTO, LAPAS_MKS]) {
    const pid = participationOf(holder.server, unit);
    const r = await coord.json(`/partisipasi/${pid}/pencanangan`);
    assert.equal(r.json.declaration.status, 'requested', unit);
    assert.equal(r.json.declaration.approver.label, 'Bambang Sutrisno (Koordinator Wilayah I)', unit);
    const page = await coord.get(`/partisipasi/${pid}/pencanangan`);
    assert.match(page.text, /<dt>Diputuskan oleh<\/dt><dd>Bambang Sutrisno \(Koordinator Wilayah I\)<\/dd>/);
  }
  const desk = await coord.json('/permohonan-pencanangan');
  assert.equal(desk.status, 200);
  assert.deepEqual(desk.json.requests.map((q) => q.unit_name).sort(), [BAPAS_GTO, LAPAS_MKS].sort());
  assert.ok(desk.json.requests.every((q) => q.is_mine));
  const html = await coord.get('/permohonan-pencanangan');
  assert.match(html.text, /href="\/permohonan-pencanangan"/, 'the menu leads to the desk');
  // The regional office decides nothing: no desk.
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  assert.equal((await regional.get('/permohonan-pencanangan')).status, 404);
  // The admin sees every waiting request, none of them theirs while a
  // coordinator covers the province.
  const admin = await as('admin@p2ham.demo');
  const all = await admin.json('/permohonan-pencanangan');
  assert.deepEqual(all.json.requests.map((q) => q.unit_name).sort(), [BAPAS_GTO, LAPAS_MKS].sort());
  assert.ok(all.json.requests.every((q) => !q.is_mine));
});

test('a province moved to another region takes its waiting requests to the new coordinator', async () => {
  const admin = await as('admin@p2ham.demo');
  const one = regionId('Wilayah I');
  const two = regionId('Wilayah II');
  const lapas = participationOf(holder.server, LAPAS_MKS);
  await admin.get(`/wilayah-koordinasi/${two}`);
  let r = await admin.post(`/wilayah-koordinasi/${two}/provinsi`, { province_code: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilih provinsi/);
  r = await admin.post(`/wilayah-koordinasi/${two}/provinsi`, { province_code: '72' });
  assert.equal(r.status, 422);
  assert.match(r.text, /sudah berada di wilayah ini/);
  r = await admin.post(`/wilayah-koordinasi/${two}/provinsi`, { province_code: '73' });
  assert.equal(r.status, 303, r.text);
  assert.equal(sqlOk(holder.server, 'SELECT count(*) FROM coord_region_member WHERE province_code = 73 AND left_at IS NULL'), '1');

  // Wilayah II has no coordinator yet: the admin decides, and it is theirs.
  let page = await admin.json(`/partisipasi/${lapas}/pencanangan`);
  assert.equal(page.json.declaration.approver.is_admin, true);
  assert.match(page.json.declaration.approver.label, /^Admin program/);
  const all = await admin.json('/permohonan-pencanangan');
  assert.equal(all.json.requests.find((q) => q.unit_name === LAPAS_MKS).is_mine, true);

  // The old coordinator lost it: off the desk, out of reach.
  const coord = await as(COORDINATOR);
  const desk = await coord.json('/permohonan-pencanangan');
  assert.deepEqual(desk.json.requests.map((q) => q.unit_name), [BAPAS_GTO]);
  assert.equal((await coord.get(`/partisipasi/${lapas}/pencanangan`)).status, 404);

  // A coordinator for Wilayah II: the request is on their desk and theirs to decide.
  await admin.get('/pengguna/baru');
  r = await admin.post('/pengguna', { full_name: 'Andi Mappaware', email: 'andi.koordinator@p2ham.demo',
    home_province: '73', password: 'Kuat-Sekali-2025' });
  assert.equal(r.status, 303, r.text);
  const uid = Number(r.headers.get('location').split('/').pop());
  await admin.get(`/pengguna/${uid}`);
  r = await admin.post(`/pengguna/${uid}/peran`, { role: 'coordinator', scope_kind: 'region', scope_id: String(two) });
  assert.equal(r.status, 303, r.text);
  const user = await admin.json(`/pengguna/${uid}`);
  assert.equal(user.json.grants[0].scope_name, 'Wilayah II');
  r = await admin.post(`/pengguna/${uid}/peran`, { role: 'coordinator', scope_kind: 'region', scope_id: '999999' });
  assert.equal(r.status, 422, 'a region that does not exist');
  r = await admin.post(`/pengguna/${uid}/peran`, { role: 'regional', scope_kind: 'region', scope_id: String(two) });
  assert.equal(r.status, 422, 'only a coordinator is held over a region');

  const andi = await signIn(holder.server, 'andi.koordinator@p2ham.demo', 'Kuat-Sekali-2025');
  const mine = await andi.json('/permohonan-pencanangan');
  assert.deepEqual(mine.json.requests.map((q) => [q.unit_name, q.is_mine]), [[LAPAS_MKS, true]]);
  page = await andi.json(`/partisipasi/${lapas}/pencanangan`);
  assert.equal(page.json.declaration.approver.label, 'Andi Mappaware (Koordinator Wilayah II)');
  await andi.get(`/partisipasi/${lapas}/pencanangan`);
  r = await andi.post(`/partisipasi/${lapas}/pencanangan/setujui`,
    { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur Diseminasi' });
  assert.equal(r.status, 303, r.text);
  assert.equal(sqlOk(holder.server, `SELECT stage || '/' || state FROM participation WHERE id = ${lapas}`),
    'pencanangan/approved');
  assert.equal((await andi.get(`/unit/${unitId(BAPAS_GTO)}`)).status, 404, 'Gorontalo stays in Wilayah I');

  // The history keeps both ends of the move.
  const hist = await admin.json(`/wilayah-koordinasi/${one}`);
  const moved = hist.json.region.history.find((h) => h.province_code === 73);
  assert.ok(moved.left_at, 'South Sulawesi left Wilayah I');
  assert.equal(moved.left_by, 'Sri Wahyuni');
  assert.deepEqual(hist.json.region.provinces.map((p) => p.code), [75]);
  assert.equal(sqlOk(holder.server, "SELECT count(*) FROM audit_log WHERE action = 'region.province_move'"
    + ` AND object_id = ${two} AND summary LIKE '%73%'`), '1');
});

test('a joint declaration keeps who attended online from where apart from those on site; the statement names them', async () => {
  const bapas = participationOf(holder.server, BAPAS_GTO);
  const coord = await as(COORDINATOR);
  await coord.get(`/partisipasi/${bapas}/pencanangan`);
  let r = await coord.post(`/partisipasi/${bapas}/pencanangan/setujui`,
    { saksi_ditjen_nama: 'Dr. Dhahana Putra', saksi_ditjen_jabatan: 'Direktur Jenderal HAM' });
  assert.equal(r.status, 303, r.text);
  const before = sqlOk(holder.server, `SELECT serial FROM document WHERE participation_id = ${bapas} AND withdrawn_at IS NULL`);
  assert.match(before, /^PCN-/);

  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  await kanwil.get(`/partisipasi/${bapas}/pencanangan`);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const record = {
    tanggal_pelaksanaan: today, moda_pelaksanaan: 'hibrida', jumlah_hadir: '120',
    saksi_nama_1: 'Dr. Dhahana Putra', saksi_jabatan_1: 'Direktur Jenderal HAM',
    saksi_instansi_1: 'Direktorat Jenderal HAM', saksi_jenis_1: 'ditjen_ham', saksi_hadir_1: 'daring',
    saksi_dari_1: '',
    saksi_nama_2: 'Bambang Sutrisno', saksi_jabatan_2: 'Koordinator Wilayah I',
    saksi_instansi_2: 'Direktorat Jenderal HAM', saksi_jenis_2: 'ditjen_ham', saksi_hadir_2: 'daring',
    saksi_dari_2: 'Jakarta',
    saksi_nama_3: 'Ismail Pakaya', saksi_jabatan_3: 'Sekretaris Daerah Provinsi Gorontalo',
    saksi_instansi_3: 'Pemerintah Provinsi Gorontalo', saksi_jenis_3: 'forkopimda', saksi_hadir_3: 'luring',
  };
  r = await kanwil.post(`/partisipasi/${bapas}/pencanangan/catat`, record);
  assert.equal(r.status, 422);
  assert.match(r.text, /Isi dari mana saksi ini hadir daring/);
  assert.match(r.text, /value="Koordinator Wilayah I"/, 'what was typed is kept');
  r = await kanwil.post(`/partisipasi/${bapas}/pencanangan/catat`, { ...record, saksi_dari_1: 'Jakarta' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(sqlOk(holder.server, `SELECT w.presence || ':' || w.attended_from FROM declaration_witness w
    JOIN declaration_member m ON m.declaration_id = w.declaration_id
    WHERE m.participation_id = ${bapas} AND m.live = 1 ORDER BY w.position_no`), 'daring:Jakarta\ndaring:Jakarta\nluring:');
  const page = await kanwil.json(`/partisipasi/${bapas}/pencanangan`);
  assert.deepEqual(page.json.declaration.witnesses.map((w) => [w.name, w.is_online, w.attended_from]), [
    ['Dr. Dhahana Putra', true, 'Jakarta'], ['Bambang Sutrisno', true, 'Jakarta'], ['Ismail Pakaya', false, '']]);
  const html = await kanwil.get(`/partisipasi/${bapas}/pencanangan`);
  assert.match(html.text, /<td>Hadir daring, dari Jakarta<\/td>/);
  assert.match(html.text, /<td>Hadir di tempat<\/td>/);

  // The unit's statement is issued again naming the witnesses as recorded;
  // the approval's one is withdrawn.
  const now = sqlOk(holder.server, `SELECT serial FROM document WHERE participation_id = ${bapas} AND withdrawn_at IS NULL`);
  assert.notEqual(now, before);
  assert.match(sqlOk(holder.server, `SELECT withdrawn_reason FROM document WHERE serial = '${before}'`), /saksi sebagaimana dicatat/);
  const text = pdfText(readFileSync(path.join(holder.server.dataDir, 'documents', `${now}.pdf`)));
  if (text !== null) {
    const flat = text.replace(/\s+/g, ' ');
    assert.match(flat, /Dr\. Dhahana Putra, Direktur Jenderal HAM, Direktorat Jenderal HAM \(hadir daring dari Jakarta\)/);
    assert.match(flat, /Bambang Sutrisno, Koordinator Wilayah I/);
    assert.match(flat, /Ismail Pakaya, Sekretaris Daerah Provinsi Gorontalo, Pemerintah Provinsi Gorontalo \(hadir di tempat\)/);
  }
});

test('a province taken out belongs to no region; the admin then decides its requests', async () => {
  const admin = await as('admin@p2ham.demo');
  const two = regionId('Wilayah II');
  await admin.get(`/wilayah-koordinasi/${two}`);
  let r = await admin.post(`/wilayah-koordinasi/${two}/provinsi/32/lepas`);
  assert.equal(r.status, 303);
  r = await admin.post(`/wilayah-koordinasi/${two}/provinsi/32/lepas`);
  assert.equal(r.status, 409);
  assert.match(r.text, /tidak berada di wilayah ini/);
  assert.equal(sqlOk(holder.server, 'SELECT count(*) FROM coord_region_member WHERE province_code = 32 AND left_at IS NULL'), '0');
  const page = await admin.json(`/wilayah-koordinasi/${two}`);
  assert.deepEqual(page.json.region.provinces.map((p) => p.code).sort(), [72, 73]);
});

testCleanStop(holder);
