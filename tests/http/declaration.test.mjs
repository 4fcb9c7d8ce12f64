// The declaration stage (pencanangan) against a real server with the demo
// data: request, approval with the generated statement, rejection with a
// reason, the record of the event with the signed statement and photos,
// confirmation, joint declarations, refused input, scope and windows.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, sqlOk, storedFiles, testCleanStop, useServer, participationOf } from './lib.mjs';

const holder = useServer();

const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const HEAD = 'kepala.kanim.gorontalo@p2ham.demo';
const LAPAS_OPERATOR = 'operator.lapas.gorontalo@p2ham.demo';
const REGIONAL = 'kanwil.gorontalo@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';

const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const RUTAN = 'Rumah Tahanan Negara Kelas IIB Limboto';
const BAPAS = 'Balai Pemasyarakatan Kelas II Gorontalo';

// A small but complete PDF, and a 1x1 PNG: real files for the upload checks.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q' +
  'DwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function sql(text) {
  return sqlOk(holder.server, text);
}

/** The participation of unit (by name) in the cycle of year. */
function part(unit, year) {
  return participationOf(holder.server, unit, year);
}

function state(pid) {
  return sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
}

/** Back to draft, as after a rejection: no live request holds the unit. */
function setDraft(pid) {
  sql(`UPDATE participation SET stage = 'pencanangan', state = 'draft' WHERE id = ${pid}`);
  sql(`UPDATE declaration_member SET live = 0 WHERE participation_id = ${pid}`);
}

/** A calendar date days from today in Gorontalo (WITA, UTC+8). */
function day(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

/** Load the page (for its CSRF token) and post a form to one of its verbs. */
async function act(c, pid, verb, fields) {
  const page = await c.get(`/partisipasi/${pid}/pencanangan`);
  assert.equal(page.status, 200, page.text);
  return c.post(`/partisipasi/${pid}/pencanangan/${verb}`, fields);
}

/** Post files as a browser sends a form with file inputs. */
async function upload(c, pid, files) {
  await c.get(`/partisipasi/${pid}/pencanangan`);
  const fd = new FormData();
  fd.set('csrf', c.csrf);
  for (const [field, name, type, bytes] of files) fd.append(field, new Blob([bytes], { type }), name);
  return c.send(`/partisipasi/${pid}/pencanangan/unggah`, { method: 'POST', body: fd });
}

const REQUEST = () => ({
  tanggal: day(3), moda: 'hibrida', tempat: 'Aula Kantor Imigrasi, Jl. Jend. Sudirman',
  tautan: 'https://zoom.us/j/1234567890', saksi_rencana: 'Perwakilan Ditjen HAM\nForkopimda',
});
const APPROVAL = { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur Diseminasi' };
const RECORD = () => ({
  tanggal_pelaksanaan: day(0), moda_pelaksanaan: 'luring', jumlah_hadir: '45',
  saksi_nama_1: 'Dr. Hana Pertiwi', saksi_jabatan_1: 'Direktur Diseminasi',
  saksi_instansi_1: 'Ditjen HAM', saksi_jenis_1: 'ditjen_ham',
  saksi_nama_2: 'Kombes Budi Santoso', saksi_jabatan_2: 'Wakapolda',
  saksi_instansi_2: 'Polda Gorontalo', saksi_jenis_2: 'forkopimda',
});

test('demo data is loaded', () => {
  loadDemo(holder.server);
});

test('request, approval with the statement, record, upload, confirmation: the unit is building', async () => {
  const pid = part(KANIM, 2023);
  setDraft(pid);
  const op = await as(OPERATOR);
  let page = await op.get(`/partisipasi/${pid}/pencanangan`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Ajukan permohonan pencanangan/);
  assert.match(page.text, /<h1>Kantor Imigrasi Kelas I TPI Gorontalo<\/h1>/);

  let r = await act(op, pid, 'ajukan', REQUEST());
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/partisipasi/${pid}/pencanangan?selesai=ajukan`);
  assert.equal(state(pid), 'pencanangan/requested');
  assert.equal(sql(`SELECT d.status || '|' || d.mode || '|' || d.link FROM declaration d ` +
    `JOIN declaration_member m ON m.declaration_id = d.id WHERE m.live = 1 AND m.participation_id = ${pid}`),
  'requested|hibrida|https://zoom.us/j/1234567890');
  page = await op.get(`/partisipasi/${pid}/pencanangan?selesai=ajukan`);
  assert.match(page.text, /Permohonan pencanangan sudah diajukan/);
  assert.match(page.text, /Menunggu keputusan/);
  assert.doesNotMatch(page.text, /Setujui permohonan/, 'the unit does not decide');

  // The unit may not approve its own request.
  r = await act(op, pid, 'setujui', APPROVAL);
  assert.equal(r.status, 403);

  const coord = await as(COORDINATOR);
  page = await coord.get(`/partisipasi/${pid}/pencanangan`);
  assert.match(page.text, /Setujui permohonan/);
  r = await act(coord, pid, 'setujui', APPROVAL);
  assert.equal(r.status, 303, r.text);
  assert.equal(state(pid), 'pencanangan/approved');

  // The unit sees the decision and the statement issued for it.
  const model = (await op.json(`/partisipasi/${pid}/pencanangan`)).json;
  assert.equal(model.declaration.status, 'approved');
  assert.equal(model.declaration.decided_by_name, 'Bambang Sutrisno');
  assert.equal(model.declaration.ditjen_witness_name, 'Dr. Hana Pertiwi');
  assert.equal(model.documents.length, 1);
  const serial = model.documents[0].serial;
  assert.match(serial, /^PCN-\d{4}-\d{6}$/);
  assert.ok(model.record_form, 'the unit may record the event now');
  assert.ok(model.upload_form, 'the unit may upload its statement now');

  // The statement is a real PDF with the unit's name and the serial.
  const pdf = await op.server.fetch(model.documents[0].href, { headers: { cookie: op.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /application\/pdf/);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-decl-'));
  try {
    writeFileSync(path.join(dir, 's.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const t = spawnSync('pdftotext', ['-layout', path.join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    const text = t.stdout.replace(/\s+/g, ' ');
    assert.match(text, /Kantor Imigrasi Kelas I TPI Gorontalo/);
    assert.ok(text.includes(serial), `serial ${serial} in the PDF`);
    assert.match(text, /SURAT PERNYATAAN PENCANANGAN/);
    assert.match(text, /Ridwan Hasan/, 'the unit head from the registry signs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Confirmation needs the record first.
  const regional = await as(REGIONAL);
  r = await act(regional, pid, 'konfirmasi', {});
  assert.equal(r.status, 409);
  assert.match(r.text, /belum dicatat/);

  r = await act(op, pid, 'catat', RECORD());
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT d.status || '|' || d.attendance || '|' || d.actual_mode FROM declaration d ` +
    `JOIN declaration_member m ON m.declaration_id = d.id WHERE m.live = 1 AND m.participation_id = ${pid}`),
  'recorded|45|luring');
  assert.equal(sql(`SELECT count(*) FROM declaration_witness w JOIN declaration_member m ` +
    `ON m.declaration_id = w.declaration_id WHERE m.live = 1 AND m.participation_id = ${pid}`), '2');

  // Without the signed statement there is nothing to confirm yet.
  r = await act(regional, pid, 'konfirmasi', {});
  assert.equal(r.status, 409);
  assert.match(r.text, /belum mengunggah surat pernyataan/);
  assert.equal(state(pid), 'pencanangan/approved');

  const head = await as(HEAD);
  r = await upload(head, pid, [['pernyataan', 'pernyataan-bertanda-tangan.pdf', 'application/pdf', PDF],
    ['foto', 'pencanangan.png', 'image/png', PNG]]);
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT purpose || ':' || name FROM file WHERE participation_id = ${pid} ` +
    `AND removed_at IS NULL ORDER BY purpose`),
  'photo:pencanangan.png\nstatement:pernyataan-bertanda-tangan.pdf');

  page = await regional.get(`/partisipasi/${pid}/pencanangan`);
  assert.match(page.text, /Konfirmasi pencanangan/);
  r = await regional.post(`/partisipasi/${pid}/pencanangan/konfirmasi`, {});
  assert.equal(r.status, 303, r.text);
  assert.equal(state(pid), 'pembangunan/building');
  page = await op.get(`/partisipasi/${pid}/pencanangan`);
  assert.match(page.text, /Dikonfirmasi/);
  assert.match(page.text, /Fatmawati Yusuf/, 'who confirmed');
  assert.match(page.text, /Kombes Budi Santoso/, 'the recorded witnesses');

  const audit = sql(`SELECT action FROM audit_log WHERE action LIKE 'declaration.%' ORDER BY seq`);
  assert.deepEqual(audit.split('\n'),
    ['declaration.request', 'declaration.approve', 'declaration.record', 'declaration.confirm']);
  // The demo's past of this unit comes first; this declaration's steps follow.
  const events = sql(`SELECT what FROM participation_event WHERE participation_id = ${pid} ORDER BY id`);
  assert.deepEqual(events.split('\n').slice(-6), ['request', 'approve', 'record', 'upload', 'upload', 'confirm']);
});

test('a rejected request goes back to draft and the unit reads the reason', async () => {
  const pid = part(LAPAS, 2023);
  setDraft(pid);
  // The demo's own past declaration of this unit counts among the earlier ones.
  const before = Number(sql(`SELECT count(*) FROM declaration_member WHERE participation_id = ${pid}`));
  const op = await as(LAPAS_OPERATOR);
  let r = await act(op, pid, 'ajukan', { ...REQUEST(), moda: 'luring', tautan: '' });
  assert.equal(r.status, 303, r.text);
  const coord = await as(COORDINATOR);
  r = await act(coord, pid, 'tolak', { alasan: '' });
  assert.equal(r.status, 422, 'a rejection needs its reason');
  assert.match(r.text, /Wajib diisi/);
  assert.equal(state(pid), 'pencanangan/requested');
  r = await act(coord, pid, 'tolak', { alasan: 'Tanggal bertepatan dengan upacara hari besar; pilih tanggal lain.' });
  assert.equal(r.status, 303, r.text);
  assert.equal(state(pid), 'pencanangan/draft');
  const page = await op.get(`/partisipasi/${pid}/pencanangan`);
  assert.match(page.text, /Ditolak oleh/);
  assert.match(page.text, /Bambang Sutrisno/);
  assert.match(page.text, /Tanggal bertepatan dengan upacara hari besar/);
  assert.match(page.text, /Ajukan permohonan pencanangan/, 'the unit may request again');
  r = await act(op, pid, 'ajukan', { ...REQUEST(), tanggal: day(5), moda: 'luring', tautan: '' });
  assert.equal(r.status, 303, r.text);
  assert.equal(state(pid), 'pencanangan/requested');
  const model = (await op.json(`/partisipasi/${pid}/pencanangan`)).json;
  assert.equal(model.declaration.status, 'requested');
  assert.equal(model.earlier.length, before + 1);
  assert.equal(model.earlier[0].status, 'rejected');
});

test('refused input keeps what was typed and names the problem', async () => {
  const pid = part(KANIM, 2022);
  setDraft(pid);
  const op = await as(OPERATOR);
  let r = await act(op, pid, 'ajukan', { tanggal: '', moda: 'luring', tempat: 'Aula Serbaguna' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-tanggal-error">Wajib diisi/);
  assert.match(r.text, /value="Aula Serbaguna"/);

  r = await act(op, pid, 'ajukan', { tanggal: day(2), moda: 'daring', tempat: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tautan wajib diisi untuk pencanangan daring/);
  assert.match(r.text, new RegExp(`value="${day(2)}"`));

  r = await act(op, pid, 'ajukan', { tanggal: day(2), moda: 'hibrida', tempat: 'Aula', tautan: 'http://contoh.id/rapat' });
  assert.equal(r.status, 422);
  assert.match(r.text, /diawali https:\/\//);
  assert.match(r.text, /value="http:\/\/contoh.id\/rapat"/);

  r = await act(op, pid, 'ajukan', { tanggal: day(-1), moda: 'luring', tempat: 'Aula' });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak boleh sebelum hari ini/);
  assert.equal(state(pid), 'pencanangan/draft', 'nothing was written');
  assert.equal(sql(`SELECT count(*) FROM declaration_member WHERE participation_id = ${pid}`), '0');

  r = await act(op, pid, 'ajukan', { tanggal: day(2), moda: 'luring', tempat: 'Aula' });
  assert.equal(r.status, 303, r.text);
  const coord = await as(COORDINATOR);
  r = await act(coord, pid, 'setujui', { saksi_ditjen_nama: '', saksi_ditjen_jabatan: 'Direktur' });
  assert.equal(r.status, 422);
  assert.match(r.text, /value="Direktur"/);
  r = await act(coord, pid, 'setujui', APPROVAL);
  assert.equal(r.status, 303, r.text);

  r = await act(op, pid, 'catat', { ...RECORD(), jumlah_hadir: 'empat puluh' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-jumlah_hadir-error">Harus berupa bilangan bulat/);
  assert.match(r.text, /value="empat puluh"/);
  assert.match(r.text, /value="Kombes Budi Santoso"/, 'the witnesses typed are kept');

  r = await act(op, pid, 'catat', { ...RECORD(), saksi_jenis_2: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-saksi_jenis_2-error">Lengkapi baris saksi ini/);

  const none = { ...RECORD() };
  for (const k of Object.keys(none)) if (k.startsWith('saksi_')) none[k] = '';
  r = await act(op, pid, 'catat', none);
  assert.equal(r.status, 422);
  assert.match(r.text, /Isi paling sedikit satu saksi/);

  r = await act(op, pid, 'catat', { ...RECORD(), tanggal_pelaksanaan: day(3) });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak boleh setelah hari ini/);
  assert.equal(sql(`SELECT d.status FROM declaration d JOIN declaration_member m ` +
    `ON m.declaration_id = d.id WHERE m.participation_id = ${pid}`), 'approved', 'nothing recorded');

  // A file that is not what it claims is refused with a clear message.
  r = await upload(op, pid, [['pernyataan', 'pernyataan.pdf', 'application/pdf',
    Buffer.from('#!/bin/sh\necho bukan pdf\n')]]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Jenis berkas tidak diterima/);
  r = await upload(op, pid, []);
  assert.equal(r.status, 422);
  assert.match(r.text, /Pilih berkas surat pernyataan atau foto/);
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${pid}`), '0');
});

test("another unit's operator gets 404 on the page and on every post", async () => {
  const pid = part(KANIM, 2022);
  const other = await as(LAPAS_OPERATOR);
  const own = (await other.get(`/partisipasi/${part(LAPAS, 2022)}/pencanangan`));
  assert.equal(own.status, 200);
  assert.equal((await other.get(`/partisipasi/${pid}/pencanangan`)).status, 404);
  for (const verb of ['ajukan', 'setujui', 'tolak', 'catat', 'konfirmasi']) {
    const r = await other.post(`/partisipasi/${pid}/pencanangan/${verb}`, REQUEST());
    assert.equal(r.status, 404, verb);
  }
  const r = await upload(other, pid, [['pernyataan', 'p.pdf', 'application/pdf', PDF]]);
  assert.equal(r.status, 404);
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${pid}`), '0');
  assert.equal((await other.json(`/partisipasi/${pid}/pencanangan`)).status, 404);
});

test('each upload field takes its own types: a PDF is not a photo, and nothing is kept', async () => {
  const pid = part(KANIM, 2022);
  assert.equal(state(pid), 'pencanangan/approved', 'approved by an earlier test');
  const op = await as(OPERATOR);
  const before = storedFiles(holder.server);
  let r = await upload(op, pid, [['pernyataan', 'pernyataan.pdf', 'application/pdf', PDF],
    ['foto', 'foto-kegiatan.pdf', 'image/jpeg', PDF]]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Jenis berkas tidak diterima untuk foto kegiatan: foto-kegiatan\.pdf berisi PDF, sedangkan yang diterima di sini hanya JPEG, PNG atau WebP/);
  assert.match(r.text, /id="f-foto-error"/, 'the message stands by the photo field');
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${pid}`), '0');
  assert.deepEqual(storedFiles(holder.server), before, 'not even the good statement is stored');

  r = await upload(op, pid, [['foto', 'foto-kegiatan.pdf', 'image/jpeg', PDF]]);
  assert.equal(r.status, 422);
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${pid}`), '0');
  const en = await op.send(`/partisipasi/${pid}/pencanangan/unggah?lang=en`, {
    method: 'POST', body: (() => {
      const fd = new FormData();
      fd.set('csrf', op.csrf);
      fd.append('foto', new Blob([PDF], { type: 'image/png' }), 'photo.pdf');
      return fd;
    })(),
  });
  assert.equal(en.status, 422);
  assert.match(en.text, /File type not accepted for a photo of the event: photo\.pdf holds a PDF file, and only JPEG, PNG or WebP are accepted here/);

  // The same PDF is a signed statement; a PNG is a photo.
  r = await upload(op, pid, [['pernyataan', 'pernyataan.pdf', 'application/pdf', PDF],
    ['foto', 'foto.png', 'image/png', PNG]]);
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT purpose || ':' || mime FROM file WHERE participation_id = ${pid} ` +
    'AND removed_at IS NULL ORDER BY purpose'), 'photo:image/png\nstatement:application/pdf');
});

test('the dates of a request and of a record are checked against the request and the window', async () => {
  const pid = part(KANIM, 2022);
  assert.equal(state(pid), 'pencanangan/approved', 'approved by an earlier test');
  const live = `(SELECT declaration_id FROM declaration_member WHERE live = 1 AND participation_id = ${pid})`;
  const op = await as(OPERATOR);

  // Held in 2019 for a request made for next week: before the stage even opened.
  sql(`UPDATE declaration SET proposed_date = '${day(7)}' WHERE id = ${live}`);
  let r = await act(op, pid, 'catat', { ...RECORD(), tanggal_pelaksanaan: '2019-03-14' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="f-tanggal_pelaksanaan-error">Tanggal tidak boleh sebelum tahap pencanangan dibuka \(\d+ \w+ \d{4}\)/);
  assert.match(r.text, /value="2019-03-14"/, 'the date typed is kept');
  assert.match(r.text, /value="Kombes Budi Santoso"/, 'and so are the witnesses');

  // Before the request was made.
  sql(`UPDATE declaration SET requested_at = '${day(-3)}T02:00:00Z', proposed_date = '${day(-1)}' WHERE id = ${live}`);
  r = await act(op, pid, 'catat', { ...RECORD(), tanggal_pelaksanaan: day(-5) });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tanggal pelaksanaan tidak boleh sebelum permohonan diajukan \(\d+ \w+ \d{4}\)/);

  // Far from the date requested: the page names the days allowed.
  const window = `stage = 'pencanangan' AND cycle_id = (SELECT cycle_id FROM participation WHERE id = ${pid})`;
  const opened = sql(`SELECT opens_at FROM cycle_stage WHERE ${window}`);
  sql(`UPDATE cycle_stage SET opens_at = '${day(-60)}T00:00:00Z' WHERE ${window}`);
  sql(`UPDATE declaration SET requested_at = '${day(-45)}T02:00:00Z', proposed_date = '${day(-40)}' WHERE id = ${live}`);
  r = await act(op, pid, 'catat', { ...RECORD(), tanggal_pelaksanaan: day(0) });
  assert.equal(r.status, 422);
  assert.match(r.text, /harus paling jauh 30 hari dari tanggal yang diajukan \(\d+ \w+ \d{4}\), yaitu antara \d+ \w+ \d{4} dan \d+ \w+ \d{4}/);
  assert.equal(sql(`SELECT status FROM declaration WHERE id = ${live}`), 'approved', 'nothing recorded');

  // Inside every bound it is recorded.
  r = await act(op, pid, 'catat', { ...RECORD(), tanggal_pelaksanaan: day(-15) });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(sql(`SELECT status || '|' || actual_date FROM declaration WHERE id = ${live}`), `recorded|${day(-15)}`);
  sql(`UPDATE cycle_stage SET opens_at = '${opened}' WHERE ${window}`);

  // A request: not after the deadline, in both languages, the input kept.
  assert.ok(sql(`SELECT deadline_at FROM cycle_stage WHERE ${window}`) < '2031');
  setDraft(pid);
  r = await act(op, pid, 'ajukan', { tanggal: '2031-01-01', moda: 'luring', tempat: 'Aula Serbaguna' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tanggal tidak boleh setelah batas waktu tahap pencanangan \(\d+ \w+ \d{4}\)/);
  assert.match(r.text, /value="2031-01-01"/);
  assert.match(r.text, /value="Aula Serbaguna"/);
  await op.get(`/partisipasi/${pid}/pencanangan?lang=en`);
  r = await op.post(`/partisipasi/${pid}/pencanangan/ajukan`, { tanggal: '2019-03-14', moda: 'luring', tempat: 'Aula' });
  assert.equal(r.status, 422);
  assert.match(r.text, /The date cannot be before today/);
  await op.get(`/partisipasi/${pid}/pencanangan?lang=id`);
  assert.equal(state(pid), 'pencanangan/draft', 'nothing was requested');
});

test('posts outside the stage window are refused with its dates', async () => {
  const pid = part(LAPAS, 2023);
  assert.equal(state(pid), 'pencanangan/requested');
  const cycle = sql(`SELECT cycle_id FROM participation WHERE id = ${pid}`);
  const saved = sql(`SELECT opens_at || '|' || deadline_at FROM cycle_stage ` +
    `WHERE cycle_id = ${cycle} AND stage = 'pencanangan'`).split('|');
  sql(`UPDATE cycle_stage SET opens_at = '2021-01-31T16:00:00Z', deadline_at = '2021-03-31T15:59:59Z' ` +
    `WHERE cycle_id = ${cycle} AND stage = 'pencanangan'`);
  try {
    const coord = await as(COORDINATOR);
    const page = await coord.get(`/partisipasi/${pid}/pencanangan`);
    assert.equal(page.status, 200);
    assert.match(page.text, /sudah ditutup pada 31 Maret 2021/);
    assert.doesNotMatch(page.text, /Setujui permohonan/, 'no form while the window is closed');
    const r = await coord.post(`/partisipasi/${pid}/pencanangan/setujui`, APPROVAL);
    assert.equal(r.status, 409);
    assert.match(r.text, /sudah ditutup pada 31 Maret 2021 23\.59 WITA/);
    assert.match(r.text, /1 Februari 2021 00\.00 WITA/);
    assert.equal(state(pid), 'pencanangan/requested');
  } finally {
    sql(`UPDATE cycle_stage SET opens_at = '${saved[0]}', deadline_at = '${saved[1]}' ` +
      `WHERE cycle_id = ${cycle} AND stage = 'pencanangan'`);
  }
});

test('the regional office files one request for two units; one approval moves both', async () => {
  const rutan = part(RUTAN, 2023);
  const bapas = part(BAPAS, 2023);
  setDraft(rutan);
  setDraft(bapas);
  const cycle = sql(`SELECT cycle_id FROM participation WHERE id = ${rutan}`);
  const regional = await as(REGIONAL);
  const page = await regional.get(`/siklus/${cycle}/pencanangan-bersama`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`name="peserta" value="${rutan}"`));
  assert.match(page.text, new RegExp(`name="peserta" value="${bapas}"`));

  let r = await regional.post(`/siklus/${cycle}/pencanangan-bersama`, { ...REQUEST(), moda: 'luring', tautan: '' });
  assert.equal(r.status, 422, 'no unit chosen');
  assert.match(r.text, /Pilih paling sedikit satu unit/);

  const body = new URLSearchParams({ csrf: regional.csrf, ...REQUEST() });
  body.append('peserta', String(rutan));
  body.append('peserta', String(bapas));
  r = await regional.send(`/siklus/${cycle}/pencanangan-bersama`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(),
  });
  assert.equal(r.status, 303, r.text);
  assert.equal(state(rutan), 'pencanangan/requested');
  assert.equal(state(bapas), 'pencanangan/requested');
  assert.equal(sql(`SELECT count(DISTINCT declaration_id) || '|' || count(*) FROM declaration_member ` +
    `WHERE live = 1 AND participation_id IN (${rutan}, ${bapas})`), '1|2');

  const coord = await as(COORDINATOR);
  const model = (await coord.json(`/partisipasi/${rutan}/pencanangan`)).json;
  assert.equal(model.declaration.is_joint, true);
  assert.deepEqual(model.declaration.members.map((m) => m.unit_name).sort(), [BAPAS, RUTAN].sort());
  r = await act(coord, rutan, 'setujui', APPROVAL);
  assert.equal(r.status, 303, r.text);
  assert.equal(state(rutan), 'pencanangan/approved');
  assert.equal(state(bapas), 'pencanangan/approved');
  assert.equal(sql(`SELECT count(*) FROM document WHERE participation_id IN (${rutan}, ${bapas})`), '2',
    'one statement for each unit head');

  // Confirmation names the unit whose signed statement is missing.
  r = await act(regional, rutan, 'catat', RECORD());
  assert.equal(r.status, 303, r.text);
  r = await upload(regional, rutan, [['pernyataan', 'rutan.pdf', 'application/pdf', PDF]]);
  assert.equal(r.status, 303, r.text);
  r = await act(regional, rutan, 'konfirmasi', {});
  assert.equal(r.status, 409);
  assert.match(r.text, /Balai Pemasyarakatan Kelas II Gorontalo belum mengunggah surat pernyataan/);
  assert.equal(state(rutan), 'pencanangan/approved', 'nothing changed');
});

test('a statement signed for an earlier declaration does not count for a new one', async () => {
  // The demo's past declaration of this unit left its signed statement.
  const pid = part(LAPAS, 2022);
  assert.equal(sql(`SELECT count(*) FROM file WHERE participation_id = ${pid} ` +
    "AND purpose = 'statement' AND removed_at IS NULL"), '1');
  setDraft(pid);
  const op = await as(LAPAS_OPERATOR);
  let r = await act(op, pid, 'ajukan', { ...REQUEST(), moda: 'luring', tautan: '' });
  assert.equal(r.status, 303, r.text);
  r = await act(await as(COORDINATOR), pid, 'setujui', APPROVAL);
  assert.equal(r.status, 303, r.text);
  r = await act(op, pid, 'catat', RECORD());
  assert.equal(r.status, 303, r.text);
  assert.equal((await op.json(`/partisipasi/${pid}/pencanangan`)).json.statements.length, 0);

  const regional = await as(REGIONAL);
  r = await act(regional, pid, 'konfirmasi', {});
  assert.equal(r.status, 409);
  assert.match(r.text, /belum mengunggah surat pernyataan/);
  assert.equal(state(pid), 'pencanangan/approved');

  // The new one replaces it, and counts.
  r = await upload(op, pid, [['pernyataan', 'pernyataan-baru.pdf', 'application/pdf', PDF]]);
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT name FROM file WHERE participation_id = ${pid} ` +
    "AND purpose = 'statement' AND removed_at IS NULL"), 'pernyataan-baru.pdf');
  r = await act(regional, pid, 'konfirmasi', {});
  assert.equal(r.status, 303, r.text);
  assert.equal(state(pid), 'pembangunan/building');
});

testCleanStop(holder);
