// The registry of who takes part: organizations, units, their pages scoped
// by the policy, the forms, CSV import (web and command line, all or
// nothing), and export to CSV and XLSX, against a real server.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { Client } from './client.mjs';
import { binary, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-registry-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const PASSWORD = 'Hak-Asasi-2023!';
const ADMIN = { email: 'admin@ditjenham.go.id', name: 'Admin Program' };
const REGIONAL = { email: 'ham@kanwil-gorontalo.go.id', name: 'Rahmat Hasan' };
const OPERATOR = { email: 'operator@imigrasi-gorontalo.go.id', name: 'Siti Rahmawati' };
const NOBODY = { email: 'tanpa.peran@example.go.id', name: 'Dewi Anggraini' };
const MINISTRY = 'Kementerian Hukum dan Hak Asasi Manusia';
const UNIT_A = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const UNIT_B = 'Kantor Imigrasi Kelas I Khusus TPI Jakarta Pusat';

const ids = {};		// what the tests create: organizations and units by name

function dbArgs(server) {
  return ['--data-dir', server.dataDir, ...(server.db ? ['--db', server.db.url] : [])];
}

function addUser(u, extra = []) {
  const r = spawnSync(binary, ['user', 'add', ...dbArgs(holder.server), '--email', u.email,
    '--name', u.name, ...extra], { input: PASSWORD + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** p2ham import KIND FILE with the file's content written first. */
function cliImport(kind, name, content, extra = []) {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return spawnSync(binary, ['import', kind, ...dbArgs(holder.server), ...extra, file],
    { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
}

async function signedIn(u) {
  const c = new Client(holder.server);
  const r = await c.login(u.email, PASSWORD);
  assert.equal(r.status, 303, `${u.email} signs in`);
  return c;
}

/** Upload a CSV (string or Buffer) to /unit/impor; JSON answer. */
async function upload(c, content, { lang, name = 'unit.csv' } = {}) {
  await c.get('/unit/impor');
  const fd = new FormData();
  fd.set('csrf', c.csrf);
  fd.set('berkas', new Blob([content], { type: 'text/csv' }), name);
  return c.send(`/unit/impor${lang ? `?lang=${lang}` : ''}`, {
    method: 'POST', body: fd, headers: { accept: 'application/json' },
  });
}

async function unitTotal(c, query = '') {
  const r = await c.json(`/unit${query}`);
  assert.equal(r.status, 200);
  return r.json.total;
}

const HEADER = 'name,unit_type,sector,province_code,regency_code,organization,parent,address,head_name,head_title,phone,email';

/** Parse a ZIP archive into { name: Buffer } (stored or deflated entries). */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a ZIP end record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

test('the public is sent to sign in; JSON clients get 401', async () => {
  const c = new Client(holder.server);
  for (const p of ['/unit', '/unit/1', '/wilayah', '/organisasi', '/unit/impor', '/unit/ekspor?format=csv']) {
    const r = await c.get(p);
    assert.equal(r.status, 303, p);
    assert.match(r.headers.get('location'), /^\/masuk\?next=/, p);
    assert.equal((await c.json(p)).status, 401, p);
  }
});

test('an admin creates organizations and units through the forms', async () => {
  addUser(ADMIN, ['--role', 'admin']);
  const c = await signedIn(ADMIN);
  assert.equal((await c.get('/organisasi/baru')).status, 200);
  let r = await c.post('/organisasi', { kind: 'ministry', name: MINISTRY });
  assert.equal(r.status, 303, r.text);
  ids.ministry = Number(r.headers.get('location').split('/').pop());
  r = await c.post('/organisasi', { kind: 'province_gov', name: 'Pemerintah Provinsi Gorontalo', province_code: '75' });
  assert.equal(r.status, 303, r.text);
  ids.gorontalo = Number(r.headers.get('location').split('/').pop());
  // A ministry has no province: refused, with the reason next to the field.
  r = await c.post('/organisasi', { kind: 'ministry', name: 'Kementerian Salah Tempat', province_code: '75' });
  assert.equal(r.status, 422);
  assert.match(r.text, /kementerian dan lembaga tanpa provinsi/);
  assert.match(r.text, /value="Kementerian Salah Tempat"/);

  await c.get('/unit/baru');
  for (const [name, prov] of [[UNIT_A, '75'], [UNIT_B, '31']]) {
    r = await c.post('/unit', { name, unit_type: 'kanim', sector: 'imigrasi', organization_id: String(ids.ministry), province_code: prov });
    assert.equal(r.status, 303, r.text);
    ids[name] = Number(r.headers.get('location').split('/').pop());
  }
  const a = await c.json(`/unit/${ids[UNIT_A]}`);
  assert.equal(a.status, 200);
  assert.equal(a.json.unit.name, UNIT_A);
  assert.equal(a.json.unit.province_code, 75);
  assert.equal(a.json.unit.tz, 'WITA');
  assert.equal(a.json.unit.organization_name, MINISTRY);
  const org = await c.json(`/organisasi/${ids.ministry}`);
  assert.equal(org.status, 200);
  assert.equal(org.json.unit_total, 2);
});

test('a refused unit form keeps what was typed and says what is wrong, in both languages', async () => {
  const c = await signedIn(ADMIN);
  await c.get('/unit/baru');
  const typed = { name: 'Lapas Kelas IIA Gorontalo', unit_type: 'lapas', sector: 'pemasyarakatan',
    organization_id: String(ids.ministry), province_code: '75', regency_code: '3273',
    address: 'Jl. Tinaloga No. 1\nKota Gorontalo', phone: 'telp 0435', email: 'bukan-email' };
  let r = await c.post('/unit', typed);
  assert.equal(r.status, 422);
  assert.match(r.text, /value="Lapas Kelas IIA Gorontalo"/);
  assert.match(r.text, /value="pemasyarakatan"/);
  assert.match(r.text, /<option value="lapas" selected>/);
  assert.match(r.text, /<option value="75" selected>/);
  assert.match(r.text, /Jl. Tinaloga No. 1\nKota Gorontalo<\/textarea>/);
  assert.match(r.text, /Alamat email tidak sah/);
  assert.match(r.text, /Nomor telepon hanya boleh berisi angka/);
  assert.match(r.text, /milik provinsi lain/);
  r = await c.post('/unit?lang=en', typed);
  assert.equal(r.status, 422);
  assert.match(r.text, /belongs to another province/);
  assert.match(r.text, /A phone number may hold only digits/);
  // The same name twice in one organization is refused.
  r = await c.post('/unit?lang=id', { name: UNIT_A, unit_type: 'kanim', sector: 'imigrasi',
    organization_id: String(ids.ministry), province_code: '75' });
  assert.equal(r.status, 422);
  assert.match(r.text, /sudah memiliki unit dengan nama yang sama/);
  // A pemda type under a ministry is refused.
  r = await c.post('/unit', { name: 'Dinas Pariwisata', unit_type: 'opd', sector: 'pariwisata',
    organization_id: String(ids.ministry), province_code: '75' });
  assert.equal(r.status, 422);
  assert.match(r.text, /OPD dan destinasi wisata milik pemerintah daerah/);
});

test('users for the scope tests: an operator of A, a regional office of 75, one without a role', () => {
  addUser(OPERATOR, ['--role', 'operator', '--scope', `unit:${ids[UNIT_A]}`, '--province', '75']);
  addUser(REGIONAL, ['--role', 'regional', '--scope', 'province:75']);
  addUser(NOBODY);
});

test('an operator sees its own unit and gets 404 for another, as HTML and JSON', async () => {
  const c = await signedIn(OPERATOR);
  assert.equal((await c.get(`/unit/${ids[UNIT_A]}`)).status, 200);
  assert.equal((await c.json(`/unit/${ids[UNIT_A]}`)).status, 200);
  assert.equal((await c.get(`/unit/${ids[UNIT_B]}`)).status, 404);
  const j = await c.json(`/unit/${ids[UNIT_B]}`);
  assert.equal(j.status, 404);
  assert.equal(j.json.error.status, 404);
  assert.equal((await c.json('/unit/999999')).status, 404, 'as for a unit that does not exist');
  const list = await c.json('/unit');
  assert.deepEqual(list.json.units.map((u) => u.id), [ids[UNIT_A]]);
  // It may not edit, create or import.
  assert.equal((await c.get(`/unit/${ids[UNIT_A]}/ubah`)).status, 403);
  assert.equal((await c.get(`/unit/${ids[UNIT_B]}/ubah`)).status, 404);
  assert.equal((await c.get('/unit/baru')).status, 404);
  assert.equal((await c.get('/unit/impor')).status, 404);
});

test('a user without a role sees no registry page', async () => {
  const c = await signedIn(NOBODY);
  for (const p of ['/unit', '/wilayah', '/organisasi', `/unit/${ids[UNIT_A]}`]) assert.equal((await c.get(p)).status, 404, p);
});

test('a regional office of 75 sees only units in 75 and gets 404 for one in 31', async () => {
  const c = await signedIn(REGIONAL);
  const list = await c.json('/unit');
  assert.equal(list.status, 200);
  assert.ok(list.json.units.length >= 1);
  for (const u of list.json.units) assert.equal(u.province_code, 75, u.name);
  // Counted from the scope's own units: every one in 75, none elsewhere.
  const in75 = Number(sqlOk(holder.server, 'SELECT count(*) FROM unit WHERE province_code = 75'));
  assert.deepEqual([list.json.total, list.json.total_over], [in75, false]);
  assert.equal(await unitTotal(c, '?jenis=kanim'), Number(sqlOk(holder.server,
    "SELECT count(*) FROM unit WHERE province_code = 75 AND unit_type = 'kanim'")));
  assert.equal((await c.get(`/unit/${ids[UNIT_B]}`)).status, 404);
  assert.equal((await c.json(`/unit/${ids[UNIT_B]}`)).status, 404);
  assert.equal((await c.get(`/unit/${ids[UNIT_A]}`)).status, 200);
  const regions = await c.json('/wilayah');
  assert.deepEqual(regions.json.provinces.map((p) => p.code), [75]);
  assert.equal((await c.get('/wilayah/75')).status, 200);
  assert.equal((await c.get('/wilayah/31')).status, 404);
  // The list filtered to 31 is simply empty.
  assert.equal(await unitTotal(c, '?provinsi=31'), 0);
});

test('a regional office edits its units, keeps input on error, cannot move one out of 75', async () => {
  const c = await signedIn(REGIONAL);
  const form = await c.get(`/unit/${ids[UNIT_A]}/ubah`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="${UNIT_A}"`));
  const base = { name: UNIT_A, unit_type: 'kanim', sector: 'imigrasi', organization_id: String(ids.ministry),
    province_code: '75', status: 'aktif', head_name: 'Budi Santoso', email: 'kanim.gorontalo@imigrasi' };
  let r = await c.post(`/unit/${ids[UNIT_A]}/ubah`, base);
  assert.equal(r.status, 422);
  assert.match(r.text, /value="Budi Santoso"/);
  assert.match(r.text, /Alamat email tidak sah/);
  r = await c.post(`/unit/${ids[UNIT_A]}/ubah`, { ...base, province_code: '31', email: 'kanim.gorontalo@imigrasi.go.id' });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak berwenang menambah atau memindahkan unit/);
  r = await c.post(`/unit/${ids[UNIT_A]}/ubah`, { ...base, email: 'kanim.gorontalo@imigrasi.go.id' });
  assert.equal(r.status, 303, r.text);
  const a = await c.json(`/unit/${ids[UNIT_A]}`);
  assert.equal(a.json.unit.head_name, 'Budi Santoso');
  // It cannot create an organization in another province.
  await c.get('/unit');
  r = await c.post('/organisasi', { kind: 'province_gov', name: 'Pemerintah Provinsi DKI Jakarta', province_code: '31' });
  assert.ok(r.status === 404 || r.status === 422, `status ${r.status}`);
});

test('a CSV with one bad row imports nothing; the report names the line and reason in id and en', async () => {
  const c = await signedIn(ADMIN);
  const before = await unitTotal(c);
  const csv = [HEADER,
    `Lapas Kelas IIA Gorontalo,lapas,pemasyarakatan,75,,${MINISTRY},${UNIT_A},"Jl. Tinaloga No. 1, Kota Gorontalo",,,,`,
    `Rutan Kelas IIB Limboto,kantor_rahasia,pemasyarakatan,75,,${ids.ministry},,,,,,`,
    `"Bapas Kelas II ""Gorontalo""",bapas,pemasyarakatan,75,,${ids.ministry},,"Jl. Raya
No. 2",,,,`,
  ].join('\r\n');
  let r = await upload(c, csv);
  assert.equal(r.status, 422);
  assert.equal(r.json.imported, 0);
  assert.equal(r.json.problems.length, 1);
  assert.equal(r.json.problems[0].line, 3);
  assert.equal(r.json.problems[0].column, 'unit_type');
  assert.equal(r.json.problems[0].value, 'kantor_rahasia');
  assert.match(r.json.problems[0].message, /Jenis unit tidak dikenal/);
  r = await upload(c, csv, { lang: 'en' });
  assert.equal(r.status, 422);
  assert.match(r.json.problems[0].message, /Unknown unit type/);
  assert.equal(await unitTotal(c), before, 'nothing was imported');
  // The page shows the report as a table.
  await c.get('/unit/impor?lang=id');
  const fd = new FormData();
  fd.set('csrf', c.csrf);
  fd.set('berkas', new Blob([csv]), 'unit.csv');
  const page = await c.send('/unit/impor', { method: 'POST', body: fd });
  assert.equal(page.status, 422);
  assert.match(page.text, /<td>3<\/td><td>unit_type<\/td><td>kantor_rahasia<\/td><td>Jenis unit tidak dikenal/);
  // Corrected, the same file goes in whole, quotes, commas and line breaks intact.
  r = await upload(c, csv.replace('kantor_rahasia', 'rutan'));
  assert.equal(r.status, 200, JSON.stringify(r.json.problems));
  assert.equal(r.json.imported, 3);
  assert.equal(await unitTotal(c), before + 3);
  const bapas = (await c.json('/unit?q=bapas')).json.units[0];
  assert.equal(bapas.name, 'Bapas Kelas II "Gorontalo"');
  const full = await c.json(`/unit/${bapas.id}`);
  assert.equal(full.json.unit.address, 'Jl. Raya\nNo. 2');
  const lapas = (await c.json('/unit?q=lapas%20kelas%20iia')).json.units[0];
  const lp = await c.json(`/unit/${lapas.id}`);
  assert.equal(lp.json.unit.parent_unit_id, ids[UNIT_A], 'parent by exact name');
  assert.equal(lp.json.unit.address, 'Jl. Tinaloga No. 1, Kota Gorontalo');
});

test('duplicates within the file and against the database are refused', async () => {
  const c = await signedIn(ADMIN);
  const csv = [HEADER,
    `Rupbasan Gorontalo,rupbasan,hukum,75,,${ids.ministry},,,,,,`,
    `Rupbasan  Gorontalo,rupbasan,hukum,75,,${MINISTRY},,,,,,`,
    `${UNIT_A},kanim,imigrasi,75,,${ids.ministry},,,,,,`,
  ].join('\n');
  const r = await upload(c, csv);
  assert.equal(r.status, 422);
  const byLine = Object.fromEntries(r.json.problems.map((p) => [p.line, p]));
  assert.deepEqual(Object.keys(byLine).map(Number), [3, 4]);
  assert.match(byLine[3].message, /Sama dengan baris 2/);
  assert.match(byLine[4].message, /sudah memiliki unit dengan nama yang sama/);
  const en = await upload(c, csv, { lang: 'en' });
  assert.match(en.json.problems[0].message, /Same as line 2/);
});

test('a file that is not UTF-8 is refused with a hint to save it as UTF-8', async () => {
  const c = await signedIn(ADMIN);
  // "Pelabuhan Sorong – café" as Windows-1252: an en dash 0x96, é 0xE9.
  const cp1252 = Buffer.concat([Buffer.from(`${HEADER}\nLapas Gorontalo,lapas,hukum,75,,${ids.ministry},,,,,,\n`),
    Buffer.from([0x50, 0x65, 0x6c, 0x61, 0x62, 0x75, 0x68, 0x61, 0x6e, 0x20, 0x96, 0x20, 0x63, 0x61, 0x66, 0xe9]),
    Buffer.from(`,kanim,imigrasi,92,,${ids.ministry},,,,,,\n`)]);
  let r = await upload(c, cp1252);
  assert.equal(r.status, 422);
  assert.equal(r.json.problems.length, 1);
  assert.equal(r.json.problems[0].line, 3);
  assert.match(r.json.problems[0].message, /bukan teks UTF-8.*Windows-1252.*CSV UTF-8/);
  r = await upload(c, cp1252, { lang: 'en' });
  assert.match(r.json.problems[0].message, /not UTF-8 text.*Save it again as "CSV UTF-8/);
  // UTF-16 ("Unicode Text") is named as such.
  r = await upload(c, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]));
  assert.equal(r.status, 422);
  assert.match(r.json.problems[0].message, /UTF-16/);
});

test('a BOM, semicolons and missing or unknown columns', async () => {
  const c = await signedIn(ADMIN);
  let r = await upload(c, `\ufeffname;unit_type;sector;province_code;organization\nBHP Gorontalo;bhp;hukum;75;${ids.ministry}\n`);
  assert.equal(r.status, 200, JSON.stringify(r.json.problems));
  assert.equal(r.json.imported, 1);
  r = await upload(c, 'name,unit_type,province_code,organisation\nX,bhp,75,1\n');
  assert.equal(r.status, 422);
  const msgs = r.json.problems.map((p) => `${p.line}:${p.column || p.value}:${p.message}`).join('\n');
  assert.match(msgs, /1:organisation:Judul kolom tidak dikenal/);
  assert.match(msgs, /1:sector:Kolom wajib ini tidak ada/);
  assert.match(msgs, /1:organization:Kolom wajib ini tidak ada/);
  r = await upload(c, `${HEADER}\n"unterminated,lapas\n`);
  assert.equal(r.status, 422);
  assert.match(r.json.problems[0].message, /tidak pernah ditutup/);
  assert.equal(r.json.problems[0].line, 2);
  r = await upload(c, '');
  assert.equal(r.status, 422);
  assert.match(r.json.problems[0].message, /Berkas kosong/);
});

test('10,000 good rows import, written in batches', async () => {
  const c = await signedIn(ADMIN);
  const before = await unitTotal(c);
  const lines = [HEADER];
  for (let i = 1; i <= 10000; i++) {
    lines.push(`Unit Layanan Uji ${String(i).padStart(5, '0')},opd,pariwisata,75,,${ids.gorontalo},,"Jl. Uji No. ${i}, Gorontalo",Kepala ${i},Kepala Dinas,+62 435 ${100000 + i},unit${i}@gorontaloprov.go.id`);
  }
  const csv = lines.join('\n') + '\n';
  const t0 = Date.now();
  const r = await upload(c, csv);
  const ms = Date.now() - t0;
  assert.equal(r.status, 200, JSON.stringify((r.json.problems || []).slice(0, 3)));
  assert.equal(r.json.imported, 10000);
  assert.equal(r.json.sha256, createHash('sha256').update(csv).digest('hex'));
  assert.equal(Number(sqlOk(holder.server, 'SELECT count(*) FROM unit')), before + 10000);
  // The list counts to 10,000 and says when there are more.
  const all = await c.json('/unit');
  assert.deepEqual([all.json.total, all.json.total_over], [10000, true]);
  const listed = await c.get('/unit');
  assert.match(listed.text, /Jumlah: lebih dari 10000/);
  const org = await c.json(`/unit?organisasi=${ids.gorontalo}`);
  assert.deepEqual([org.json.total, org.json.total_over], [10000, false]);
  // A regional office of 75 counts them too, to the same cap.
  const reg = await (await signedIn(REGIONAL)).json('/unit');
  assert.deepEqual([reg.json.total, reg.json.total_over], [10000, true]);
  console.log(`# 10000 rows imported in ${ms} ms on ${holder.server.db ? 'postgresql' : 'sqlite'}`);
  // Written in batches of 2,000 rows, each with its audit entry naming its
  // lines of the file, the file's row count and its hash.
  const audit = await c.json('/audit?tindakan=unit.import&batas=20');
  assert.equal(audit.status, 200);
  const batches = audit.json.entries.filter((x) => x.summary.sha256 === r.json.sha256)
    .map((x) => x.summary).sort((a, b) => a.first_line - b.first_line);
  assert.equal(batches.length, 5);
  let next = 2;		// the header is line 1
  for (const b of batches) {
    assert.equal(b.count, 2000);
    assert.equal(b.of, 10000);
    assert.equal(b.first_line, next);
    assert.equal(b.last_line, next + 1999);
    next += 2000;
  }
  // The pages stay paginated.
  const page = await c.json(`/unit?organisasi=${ids.gorontalo}&halaman=2`);
  assert.equal(page.json.units.length, 50);
  assert.equal(page.json.has_next, true);
});

test('the command line imports with the same checks', () => {
  let r = cliImport('regencies', 'regencies.csv', 'code,name\n7571,Kota Gorontalo\n75.01,Kabupaten Boalemo\n3273,Kota Bandung\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /3 regencies imported/);
  r = cliImport('regencies', 'bad-regencies.csv', 'code,name,kind\n7571,Kota Gorontalo,kota\n7571,Lagi,kota\n75,Pendek,kota\n7502,Kabupaten X,desa\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad-regencies.csv:3: code "7571": Sama dengan baris 2/);
  assert.match(r.stderr, /bad-regencies.csv:4: code "75": Kode kabupaten\/kota harus empat angka/);
  assert.match(r.stderr, /bad-regencies.csv:5: kind "desa": Pilih salah satu/);

  const bad = `${HEADER}\nLPKA Gorontalo,lpka,pemasyarakatan,75,7571,${MINISTRY},,,,,,\nRudenim Gorontalo,rudenim,imigrasi,75,3273,${MINISTRY},,,,,,\n`;
  r = cliImport('units', 'bad.csv', bad);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad.csv:3: regency_code "3273": Kode kabupaten\/kota ini milik provinsi lain/);
  assert.match(r.stderr, /tidak ada data yang diimpor/);
  assert.doesNotMatch(r.stderr, /bad.csv:2:/);
  r = cliImport('units', 'bad.csv', bad, ['--lang', 'en']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad.csv:3: regency_code "3273": This regency or city code belongs to another province/);
  r = cliImport('units', 'good.csv', bad.replace(',3273,', ',7571,'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /2 units imported \(sha256 [0-9a-f]{64}\)/);
  r = cliImport('units', 'good.csv', bad.replace(',3273,', ',7571,'));
  assert.equal(r.status, 1, 'importing it again: duplicates');
  assert.match(r.stderr, /good.csv:2: name "LPKA Gorontalo": Organisasi ini sudah memiliki unit/);
  r = spawnSync(binary, ['import', 'units', ...dbArgs(holder.server)], { encoding: 'utf8' });
  assert.equal(r.status, 2);
});

test('regions list regencies with the units in them', async () => {
  const c = await signedIn(ADMIN);
  const p = await c.json('/wilayah/75');
  assert.equal(p.status, 200);
  const kota = p.json.regencies.find((r) => r.code === 7571);
  assert.equal(kota.name, 'Kota Gorontalo');
  assert.equal(kota.kind, 'kota');
  assert.equal(kota.units, 2);
  const all = await c.json('/wilayah');
  assert.equal(all.json.provinces.length, 38);
  assert.equal(all.json.provinces.find((x) => x.code === 31).units, 1);
});

test('export as CSV and XLSX holds the units the user sees', async () => {
  const c = await signedIn(REGIONAL);
  const res0 = await c.server.fetch('/unit/ekspor?format=csv&q=kantor%20imigrasi',
    { headers: { cookie: c.cookieHeader() } });
  assert.equal(res0.status, 200);
  assert.match(res0.headers.get('content-type'), /^text\/csv/);
  assert.match(res0.headers.get('content-disposition'), /attachment; filename="unit.csv"/);
  const raw = Buffer.from(await res0.arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const csv = { text: raw.subarray(3).toString('utf8') };
  assert.ok(csv.text.startsWith('id,name,unit_type,'), csv.text.slice(0, 40));
  assert.match(csv.text, new RegExp(UNIT_A));
  assert.doesNotMatch(csv.text, new RegExp(UNIT_B), 'a unit of 31 is not exported to 75');
  assert.equal(csv.text.trim().split('\r\n').length, 2);

  const admin = await signedIn(ADMIN);
  const res = await admin.server.fetch('/unit/ekspor?format=xlsx&sektor=imigrasi', { headers: { cookie: admin.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const buf = Buffer.from(await res.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
  const files = unzip(buf);
  assert.ok(files['xl/workbook.xml'], Object.keys(files).join(' '));
  const strings = files['xl/sharedStrings.xml'].toString('utf8');
  assert.match(strings, new RegExp(UNIT_A));
  assert.match(strings, new RegExp(UNIT_B));
  assert.match(strings, /Rudenim Gorontalo/);
  // A formula-looking value is defused in CSV.
  const phone = await admin.send('/unit/ekspor?format=csv&q=unit%20layanan%20uji%2000001');
  assert.match(phone.text, /,'\+62 435 100001,/);
});

test('malformed uploads are refused and the server lives on', async () => {
  const c = await signedIn(ADMIN);
  await c.get('/unit/impor');
  const send = (body, type) => c.send('/unit/impor', { method: 'POST', body, headers: { 'content-type': type } });
  let r = await send('--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--', 'multipart/form-data; boundary=x');
  assert.equal(r.status, 400);
  r = await send('garbage', 'multipart/form-data');
  assert.equal(r.status, 400);
  r = await send(`--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${c.csrf}\r\n--b\r\nContent-Disposition: form-data; name="berkas"; filename="a.csv"\r\n\r\nname\r\n`, 'multipart/form-data; boundary=b');
  assert.equal(r.status, 400, 'a body without its closing boundary');
  // Without the form's token: 403, as for any form.
  const fd = new FormData();
  fd.set('berkas', new Blob(['name\n']), 'a.csv');
  r = await c.send('/unit/impor', { method: 'POST', body: fd });
  assert.equal(r.status, 403);
  // No file chosen.
  const empty = new FormData();
  empty.set('csrf', c.csrf);
  r = await c.send('/unit/impor', { method: 'POST', body: empty });
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilih berkas CSV/);
  assert.equal((await c.get('/healthz')).status, 200);
});

test('the edit forms of an organization and a unit show their status, the stored one selected', async () => {
  const c = await signedIn(ADMIN);
  await c.get('/organisasi/baru');
  let r = await c.post('/organisasi', { kind: 'agency', name: 'Badan Uji Status' });
  assert.equal(r.status, 303, r.text);
  const org = Number(r.headers.get('location').split('/').pop());
  await c.get('/unit/baru');
  r = await c.post('/unit', { name: 'Kantor Uji Status', unit_type: 'kanim', sector: 'imigrasi',
    organization_id: String(org), province_code: '75' });
  assert.equal(r.status, 303, r.text);
  const unit = Number(r.headers.get('location').split('/').pop());
  const chosen = async (path) => {
    const f = await c.json(path);
    assert.equal(f.status, 200, path);
    return f.json.fields.status.options.map((o) => `${o.value}:${o.selected}`).join(' ');
  };
  assert.equal((await c.json('/organisasi/baru')).json.fields.status, undefined, 'a new one has no status');
  assert.equal(await chosen(`/organisasi/${org}/ubah`), 'aktif:true nonaktif:false');
  assert.equal(await chosen(`/unit/${unit}/ubah`), 'aktif:true nonaktif:false');
  await c.get(`/unit/${unit}/ubah`);
  r = await c.post(`/unit/${unit}/ubah`, { name: 'Kantor Uji Status', unit_type: 'kanim', sector: 'imigrasi',
    organization_id: String(org), province_code: '75', status: 'nonaktif' });
  assert.equal(r.status, 303, r.text);
  await c.get(`/organisasi/${org}/ubah`);
  r = await c.post(`/organisasi/${org}/ubah`, { kind: 'agency', name: 'Badan Uji Status', status: 'nonaktif' });
  assert.equal(r.status, 303, r.text);
  assert.equal(await chosen(`/organisasi/${org}/ubah`), 'aktif:false nonaktif:true');
  assert.equal(await chosen(`/unit/${unit}/ubah`), 'aktif:false nonaktif:true');
});

test('the audit chain holds after the imports', () => {
  const r = spawnSync(binary, ['audit', 'verify', ...dbArgs(holder.server)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

testCleanStop(holder);
