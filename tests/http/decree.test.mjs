// The Minister's decree and the certificates against a real server with the
// demo data: the demo's 2023 decree and its certificates (PDF text, the
// verification page; the demo's supervision has since revoked South
// Sulawesi's award); who may see and print what; the plenary recommends
// Bapas Makassar and does not recommend Rutan Makassar, a draft is refused
// field by field with the input kept, previewed, issued once (the
// participations awarded and not awarded), never changed after; a number
// taken by an issued decree is refused; a correction names the decree it
// amends and replaces its certificates; the signed paper copy; the
// province's certificates as one PDF.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, sqlOk, TINY_PDF, useServer } from './lib.mjs';

const holder = useServer();
const KANWIL_GTO = 'Kantor Wilayah Kementerian Hukum dan HAM Gorontalo';
const KANWIL_SULSEL = 'Kantor Wilayah Kementerian Hukum dan HAM Sulawesi Selatan';
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const RUTAN_MKS = 'Rumah Tahanan Negara Kelas I Makassar';
const DEMO_NUMBER = 'MHA-04.UM.04.01 Tahun 2023';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);
const where = (pid) => sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);

/** The text of PDF bytes (pdftotext), or null when the tool is missing. */
function pdfText(bytes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-kep-'));
  try {
    const file = path.join(dir, 'd.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (r.error) return null;
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pdfOf(client, url) {
  const res = await holder.server.fetch(url, { headers: { cookie: client.cookieHeader() } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes };
}

test('the demo issued the 2023 decree: its offices awarded, with certificates', async () => {
  loadDemo(holder.server);
  ctx.gto = participationOf(holder.server, KANWIL_GTO, 2023);
  ctx.sulsel = participationOf(holder.server, KANWIL_SULSEL, 2023);
  ctx.bapas = participationOf(holder.server, BAPAS_MKS, 2023);
  ctx.rutan = participationOf(holder.server, RUTAN_MKS, 2023);
  ctx.cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${ctx.gto}`));
  assert.equal(where(ctx.gto), 'pembinaan/supervised');
  assert.equal(where(ctx.sulsel), 'pembinaan/revoked', 'the demo\'s supervision revoked this award');
  assert.equal(where(ctx.bapas), 'penilaian/assessed', 'Bapas Makassar still awaits the plenary');
  const admin = await as('admin@p2ham.demo');
  const list = await admin.json(`/siklus/${ctx.cycle}/penetapan`);
  assert.equal(list.status, 200);
  assert.equal(list.json.decrees.length, 1);
  const d = list.json.decrees[0];
  assert.equal(d.number, DEMO_NUMBER);
  assert.equal(d.issued, true);
  assert.match(d.document_serial, /^KEP-\d{4}-\d{6}$/);
  ctx.demoDecree = d.id;
  const page = await admin.get(`/siklus/${ctx.cycle}/penetapan/${d.id}`);
  assert.match(page.text, new RegExp(KANWIL_GTO));
  assert.match(page.text, /PGM-\d{4}-\d{6}/);
  const award = await admin.json(`/partisipasi/${ctx.gto}/penetapan`);
  assert.equal(award.json.award.awarded, true);
  assert.equal(award.json.award.decree_number, DEMO_NUMBER);
  assert.match(award.json.award.award_date_text, /10 Desember 2023/);
  ctx.gtoCert = award.json.award.certificate_serial;
  assert.match(ctx.gtoCert, /^PGM-/);
  const v = await holder.server.request(`/verifikasi/${ctx.gtoCert}`, { headers: { accept: 'application/json' } });
  assert.equal(v.json.result, 'genuine');
});

test('a certificate says the unit, the predicate, the decree and the award date', async () => {
  const admin = await as('admin@p2ham.demo');
  const pdf = await pdfOf(admin, `/dokumen/${ctx.gtoCert}`);
  assert.equal(pdf.status, 200);
  const text = pdfText(pdf.bytes);
  if (text === null) return;
  assert.match(text, /PIAGAM PENGHARGAAN/);
  assert.match(text, /Kantor Wilayah Kementerian Hukum dan HAM Gorontalo/);
  assert.match(text, /Unit Kerja P2HAM/);
  assert.match(text, new RegExp(DEMO_NUMBER.replace(/\./g, '\\.')));
  assert.match(text, /Jakarta, 10 Desember 2023/);
  assert.match(text, new RegExp(`/verifikasi/${ctx.gtoCert}`));
});

test('only the admin decrees; the unit sees its own award; the regional office prints its province', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  assert.equal((await op.get(`/siklus/${ctx.cycle}/penetapan`)).status, 403);
  assert.equal((await op.get(`/siklus/${ctx.cycle}/penetapan/${ctx.demoDecree}`)).status, 403);
  assert.equal((await op.get(`/partisipasi/${ctx.gto}/penetapan`)).status, 404, 'another unit');
  assert.equal((await op.get(`/siklus/${ctx.cycle}/piagam?provinsi=75`)).status, 404);
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  assert.equal((await regional.get(`/siklus/${ctx.cycle}/penetapan`)).status, 403);
  const own = await regional.json(`/partisipasi/${ctx.gto}/penetapan`);
  assert.equal(own.json.award.certificate_serial, ctx.gtoCert);
  const batch = await pdfOf(regional, `/siklus/${ctx.cycle}/piagam?provinsi=75`);
  assert.equal(batch.status, 200);
  assert.equal(batch.type, 'application/pdf');
  const text = pdfText(batch.bytes);
  if (text !== null) {
    assert.match(text, /Hukum dan HAM Gorontalo/);
    assert.doesNotMatch(text, /Sulawesi Selatan/);
  }
  assert.equal((await pdfOf(regional, `/siklus/${ctx.cycle}/piagam?provinsi=73`)).status, 404,
    'another province');
  assert.equal((await regional.get(`/siklus/${ctx.cycle}/piagam?provinsi=ab`)).status, 400);
  const observer = await as('pengamat@p2ham.demo');
  assert.equal((await pdfOf(observer, `/siklus/${ctx.cycle}/piagam?provinsi=75`)).status, 200);
  assert.equal((await pdfOf(observer, `/siklus/${ctx.cycle}/piagam?provinsi=73`)).status, 404,
    'South Sulawesi\'s only certificate was withdrawn with its award');
  const admin = await as('admin@p2ham.demo');
  assert.equal((await pdfOf(admin, `/siklus/${ctx.cycle}/piagam?provinsi=31`)).status, 404,
    'no certificate there');
});

test('with no decision of the plenary waiting, a draft has no annex', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan`);
  const r = await admin.post(`/siklus/${ctx.cycle}/penetapan`, { nomor: 'MHA-09 Tahun 2024',
    tanggal: '2024-12-01', tempat: 'Jakarta', penandatangan: 'Natalius Pigai',
    jabatan: 'Menteri Hak Asasi Manusia', pertimbangan: 'bahwa perlu ditetapkan;' });
  assert.equal(r.status, 422);
  assert.match(r.text, /lampiran keputusan kosong/);
  assert.match(r.text, /value="MHA-09 Tahun 2024"/);
});

test('the plenary recommends Bapas Makassar and not Rutan Makassar', async () => {
  const two = await as('penilai2@p2ham.demo');
  const page = await two.json(`/partisipasi/${ctx.rutan}/skor`);
  const fields = {};
  for (const ind of page.json.criteria.flatMap((c) => c.indicators).filter((i) => i.verified)) {
    fields[`nilai.${ind.code}`] = ind.options[ind.options.length - 1].code;
    fields[`alasan.${ind.code}`] = 'Belum terlihat pelaksanaannya.';
  }
  await two.get(`/partisipasi/${ctx.rutan}/skor`);
  let r = await two.post(`/partisipasi/${ctx.rutan}/skor`, { aksi: 'serahkan', ...fields });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.rutan), 'penilaian/assessed');
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/pleno`);
  r = await admin.post(`/siklus/${ctx.cycle}/pleno`, { tanggal: '2026-11-20', tempat: 'Jakarta',
    hadir: 'Sri Wahyuni; Pimpinan Rapat' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  for (const [pid, keputusan] of [[ctx.bapas, 'ya'], [ctx.rutan, 'tidak']]) {
    r = await admin.post(`/siklus/${ctx.cycle}/pleno/rekomendasi`, { partisipasi: String(pid),
      keputusan, alasan: 'Diputuskan rapat pleno.' });
    assert.equal(r.status, 303, r.text.slice(0, 400));
  }
  r = await admin.post(`/siklus/${ctx.cycle}/pleno/tutup`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.bapas), 'penilaian/recommended');
  assert.equal(where(ctx.rutan), 'penilaian/not_recommended');
});

const DRAFT = {
  nomor: 'MHA-05.UM.04.01 Tahun 2024',
  tanggal: '2024-12-02',
  tempat: 'Jakarta',
  penandatangan: 'Natalius Pigai',
  jabatan: 'Menteri Hak Asasi Manusia Republik Indonesia',
  pertimbangan: 'bahwa rapat pleno telah merekomendasikan unit kerja;\nbahwa perlu ditetapkan.',
  tanggal_penghargaan: '',
};

test('a bad draft is refused field by field and keeps what was typed', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan`);
  const r = await admin.post(`/siklus/${ctx.cycle}/penetapan`, { ...DRAFT, nomor: '',
    tanggal: '2024-02-30', tempat: 'Jakarta\nPusat', tanggal_penghargaan: 'besok',
    penandatangan: 'x'.repeat(201) });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-nomor-error">Wajib diisi\./);
  assert.match(r.text, /id="f-tanggal-error">Tanggal tidak sah/);
  assert.match(r.text, /id="f-tempat-error">Harus satu baris\./);
  assert.match(r.text, /id="f-penandatangan-error">Terlalu panjang: paling banyak 200 karakter\./);
  assert.match(r.text, /id="f-tanggal_penghargaan-error">Tanggal tidak sah/);
  assert.match(r.text, /value="2024-02-30"/);
  assert.match(r.text, /bahwa rapat pleno telah merekomendasikan unit kerja;\nbahwa perlu ditetapkan\./);
  assert.equal(sql(`SELECT count(*) FROM decree WHERE cycle_id = ${ctx.cycle}`), '1');
});

test('a date with a blank or a sign among its digits is no date', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan`);
  const r = await admin.post(`/siklus/${ctx.cycle}/penetapan`, { ...DRAFT,
    tanggal: '2024-12- 2', tanggal_penghargaan: '2024-+1-10' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-tanggal-error">Tanggal tidak sah/);
  assert.match(r.text, /id="f-tanggal_penghargaan-error">Tanggal tidak sah/);
  assert.match(r.text, /value="2024-12- 2"/);
  assert.equal(sql(`SELECT count(*) FROM decree WHERE cycle_id = ${ctx.cycle}`), '1');
});

test('a draft from the recommendations is previewed, changed, then issued once', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan`);
  let r = await admin.post(`/siklus/${ctx.cycle}/penetapan`, DRAFT);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const m = r.headers.get('location').match(/\/penetapan\/(\d+)\?ok=simpan$/);
  assert.ok(m, r.headers.get('location'));
  ctx.decree = Number(m[1]);
  const d = (await admin.json(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`)).json.decree;
  assert.equal(d.issued, false);
  assert.equal(d.award_date, '2023-12-10', 'the setting\'s day of the cycle\'s year');
  assert.deepEqual(d.entries.map((x) => [x.unit_name, x.awarded]).sort(),
    [[BAPAS_MKS, 1], [RUTAN_MKS, 0]]);
  const pv = await pdfOf(admin, `/siklus/${ctx.cycle}/penetapan/${ctx.decree}/pratinjau`);
  assert.equal(pv.status, 200);
  assert.equal(pv.type, 'application/pdf');
  const text = pdfText(pv.bytes);
  if (text !== null) {
    assert.match(text, /DRAF — BELUM DITETAPKAN/);
    assert.match(text, /MHA-05\.UM\.04\.01 Tahun 2024/);
    assert.match(text, /Balai Pemasyarakatan Kelas .*Unit Kerja P2HAM/);
    assert.match(text, /Rumah Tahanan Negara .*Tidak memperoleh predikat/);
  }
  assert.equal(sql("SELECT count(*) FROM document WHERE kind = 'decree'"), '1', 'a preview is no document');
  await admin.get(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`, { ...DRAFT, tempat: 'Jakarta Selatan',
    tanggal_penghargaan: '2024-12-10' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const other = await as('kanwil.gorontalo@p2ham.demo');
  await other.get(`/partisipasi/${ctx.gto}/penetapan`);
  r = await other.post(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}/tetapkan`, {});
  assert.equal(r.status, 403, 'the regional office may not issue');
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}/tetapkan`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.bapas), 'pembinaan/supervised');
  assert.equal(where(ctx.rutan), 'penilaian/not_awarded');
  assert.equal(sql(`SELECT predicate || ' ' || award_date FROM award WHERE participation_id = ${ctx.bapas}`),
    'p2ham 2024-12-10');
  assert.equal(sql(`SELECT count(*) FROM award WHERE participation_id = ${ctx.rutan}`), '0');
  const award = (await admin.json(`/partisipasi/${ctx.bapas}/penetapan`)).json.award;
  assert.match(award.certificate_serial, /^PGM-/);
  ctx.bapasCert = award.certificate_serial;
  const none = (await admin.json(`/partisipasi/${ctx.rutan}/penetapan`)).json.award;
  assert.equal(none.awarded, false);
  const cert = pdfText((await pdfOf(admin, `/dokumen/${ctx.bapasCert}`)).bytes);
  if (cert !== null) {
    assert.match(cert, /Balai Pemasyarakatan Kelas I Makassar/);
    assert.match(cert, /MHA-05\.UM\.04\.01 Tahun 2024/);
    assert.match(cert, /Jakarta Selatan, 10 Desember 2024/);
  }
  const serial = sql(`SELECT document_serial FROM decree WHERE id = ${ctx.decree}`);
  const kep = pdfText((await pdfOf(admin, `/dokumen/${serial}`)).bytes);
  if (kep !== null) assert.doesNotMatch(kep, /DRAF/);
  const timeline = sql(`SELECT what FROM participation_event WHERE participation_id = ${ctx.bapas}
    ORDER BY id DESC LIMIT 1`);
  assert.equal(timeline, 'award');
});

test('an issued decree is neither issued again nor changed', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`);
  let r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}/tetapkan`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /sudah ditetapkan dan tidak dapat diubah/);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`, { ...DRAFT, nomor: 'Lain' });
  assert.equal(r.status, 409);
  assert.equal(sql(`SELECT number FROM decree WHERE id = ${ctx.decree}`), DRAFT.nomor);
  assert.equal(sql("SELECT count(*) FROM document WHERE kind = 'decree'"), '2');
});

test('a correction names the decree it amends and replaces its certificates', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan/${ctx.demoDecree}`);
  let r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.demoDecree}/koreksi`, { ...DRAFT,
    nomor: DRAFT.nomor, alasan_koreksi: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-alasan_koreksi-error">Wajib diisi\./);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${ctx.demoDecree}/koreksi`, { ...DRAFT,
    nomor: DRAFT.nomor, alasan_koreksi: 'tanggal penyerahan salah ketik' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = Number(r.headers.get('location').match(/\/penetapan\/(\d+)/)[1]);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${id}/tetapkan`, {});
  assert.equal(r.status, 409, 'the number is taken');
  assert.match(r.text, /Nomor ini sudah dipakai/);
  // The refused issue typed nothing: the draft's form shows what it holds.
  assert.match(r.text, /name="nomor" type="text" value="MHA-05\.UM\.04\.01 Tahun 2024"/);
  assert.match(r.text, /name="tempat" type="text" value="Jakarta"/);
  await admin.get(`/siklus/${ctx.cycle}/penetapan/${id}`);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${id}`, { ...DRAFT, nomor: 'MHA-06.UM.04.01 Tahun 2024',
    alasan_koreksi: 'tanggal penyerahan salah ketik' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const d = (await admin.json(`/siklus/${ctx.cycle}/penetapan/${id}`)).json.decree;
  assert.equal(d.amends_number, DEMO_NUMBER);
  assert.deepEqual(d.entries.map((x) => x.unit_name).sort(), [KANWIL_GTO, KANWIL_SULSEL]);
  r = await admin.post(`/siklus/${ctx.cycle}/penetapan/${id}/tetapkan`, {});
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(where(ctx.gto), 'pembinaan/supervised');
  assert.equal(sql(`SELECT decree_id FROM award WHERE participation_id = ${ctx.gto}`), String(id));
  const award = (await admin.json(`/partisipasi/${ctx.gto}/penetapan`)).json.award;
  assert.notEqual(award.certificate_serial, ctx.gtoCert);
  assert.equal(award.decree_number, 'MHA-06.UM.04.01 Tahun 2024');
  let v = await holder.server.request(`/verifikasi/${ctx.gtoCert}`, { headers: { accept: 'application/json' } });
  assert.equal(v.json.result, 'withdrawn');
  v = await holder.server.request(`/verifikasi/${award.certificate_serial}`, { headers: { accept: 'application/json' } });
  assert.equal(v.json.result, 'genuine');
  const kep = pdfText((await pdfOf(admin, `/dokumen/${sql(`SELECT document_serial FROM decree WHERE id = ${id}`)}`)).bytes);
  if (kep !== null) assert.match(kep, /mengubah Keputusan Menteri Nomor MHA-04\.UM\.04\.01 Tahun 2023/);
  assert.equal(sql(`SELECT status FROM decree WHERE id = ${ctx.demoDecree}`), 'issued', 'the amended one stays');
});

test('the signed paper copy is kept beside an issued decree, not a draft', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`);
  const send = (id, bytes, name) => {
    const form = new FormData();
    form.append('csrf', admin.csrf);
    form.append('berkas', new Blob([bytes], { type: 'application/pdf' }), name);
    return admin.send(`/siklus/${ctx.cycle}/penetapan/${id}/kertas`, { method: 'POST', body: form });
  };
  let r = await send(ctx.decree, Buffer.from('not a pdf'), 'x.pdf');
  assert.equal(r.status, 422, r.text.slice(0, 300));
  r = await send(ctx.decree, TINY_PDF, 'keputusan-ttd.pdf');
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const got = await pdfOf(admin, `/siklus/${ctx.cycle}/penetapan/${ctx.decree}/kertas`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.bytes, TINY_PDF);
  const page = await admin.get(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}`);
  assert.match(page.text, /keputusan-ttd\.pdf/);
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  await regional.get('/');
  const form = new FormData();
  form.append('csrf', regional.csrf);
  form.append('berkas', new Blob([TINY_PDF], { type: 'application/pdf' }), 'k.pdf');
  r = await regional.send(`/siklus/${ctx.cycle}/penetapan/${ctx.decree}/kertas`, { method: 'POST', body: form });
  assert.equal(r.status, 403);
});
