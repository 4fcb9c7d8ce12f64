// The satisfaction index (IKM) against a real server with the demo data
// and a fixture of ten respondents' answers written as the survey's writer
// leaves them (answers and their counters): the public page shows the
// index computed by hand (IKM 80,56, grade B) with its SVG bars and the
// sample Krejcie & Morgan ask for; the report and poster are PDFs that
// open with the right words (pdftotext) and QR code (zbarimg when
// installed); the dashboard per province, unit type and unit is scoped
// (a regional office of another province gets 404, and so do its
// posters and exports); the anonymised export leaves out the suggestion,
// the nonce and the time of day; and the grade of the cycle's year feeds
// the assessment's ikm_grade adjustment, saying where it came from.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { ikmFixture, NRR } from './ikm_fixture.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, runCommand, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-ikm-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const BAPAS_GTO = 'Balai Pemasyarakatan Kelas II Gorontalo';
const KANIM_GTO = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const ADMIN = 'admin@p2ham.demo';
const KANWIL_GTO = 'kanwil.gorontalo@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);

/** Raw bytes of a GET as client c (or anonymous). */
async function download(url, c = null) {
  const headers = c ? { cookie: c.cookieHeader() } : {};
  const res = await holder.server.fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The text of a PDF, by pdftotext. */
function pdfText(bytes, name) {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function pdfPages(bytes, name) {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.match(/^Pages:\s+(\d+)/m)[1]);
}

/** The QR codes zbarimg reads on a PDF's first page, or null without the tools. */
function qrCodes(bytes, name) {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  const png = spawnSync('pdftoppm', ['-r', '100', '-png', '-f', '1', '-l', '1', file, `${file}-p`]);
  if (png.error) return null;
  const z = spawnSync('zbarimg', ['-q', '--raw', `${file}-p-1.png`], { encoding: 'utf8' });
  if (z.error) return null;
  return z.stdout.trim().split('\n');
}

test('setup: demo data and ten answers for the probation offices of Gorontalo and Makassar', () => {
  loadDemo(holder.server);
  ctx.unit = Number(sql(`SELECT id FROM unit WHERE name = '${BAPAS_GTO}'`));
  ctx.mks = Number(sql(`SELECT id FROM unit WHERE name = '${BAPAS_MKS}'`));
  ctx.kanim = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM_GTO}'`));
  ikmFixture(sql, ctx.unit, '2025-1');
  ikmFixture(sql, ctx.mks, '2025-1');
  sql('INSERT INTO survey_unit_users (unit_id, year, users, set_at, set_by) ' +
    `VALUES (${ctx.unit}, 2025, 50, '2025-01-02T00:00:00Z', 'cli')`);
});

test('the public page shows the index computed by hand, its bars in SVG and the sample', async () => {
  const anon = new Client(holder.server);
  const page = await anon.get(`/ikm/${ctx.unit}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.doesNotMatch(page.text, /<script/i, 'no script');
  assert.match(page.text, /<strong>80,56<\/strong>/);
  assert.match(page.text, /<strong>B<\/strong> \(Baik\)/);
  assert.match(page.text, /Semester 1 2025/);
  assert.match(page.text, /<dd>3,2222<\/dd>/);
  assert.match(page.text, /<svg[^>]*role="img"[^>]*aria-labelledby="ikm-chart-title ikm-chart-desc"/);
  const bars = [...page.text.matchAll(/<rect x="0" y="\d+" width="([\d.]+)" height="16" fill="#1f5f8b"/g)];
  assert.equal(bars.length, 9, 'one bar per element');
  assert.equal(bars[0][1], '247.5', 'U1: 3.3 / 4 of 300');
  assert.equal(bars[7][1], '187.5', 'U8: 2.5 / 4 of 300');
  assert.match(page.text, /Sampel belum cukup: 10 responden, sedangkan untuk 50 pengguna layanan setahun diperlukan sedikitnya 44/);
  assert.ok(Buffer.byteLength(page.text) < 20000, `light page: ${Buffer.byteLength(page.text)} bytes`);

  const json = (await anon.json(`/ikm/${ctx.unit}`)).json;
  assert.equal(json.ikm, '80,56');
  assert.equal(json.grade, 'B');
  assert.equal(json.respondents, 10);
  assert.deepEqual(json.elements.map((e) => e.nrr), NRR);
  assert.equal(json.sample_enough, false);
  const en = (await anon.json(`/ikm/${ctx.unit}?lang=en`)).json;
  assert.equal(en.ikm, '80.56');
  assert.equal(en.grade_label, 'Good');
});

test('a period is a period code or a year; others and unknown units are 404', async () => {
  const anon = new Client(holder.server);
  assert.equal((await anon.json(`/ikm/${ctx.unit}?periode=2025`)).json.ikm, '80,56', 'the year holds the semester');
  const empty = await anon.get(`/ikm/${ctx.unit}?periode=2024-2`);
  assert.equal(empty.status, 200);
  assert.match(empty.text, /Belum ada jawaban survei untuk periode ini/);
  assert.equal((await anon.get(`/ikm/${ctx.unit}?periode=2026-7`)).status, 404);
  assert.equal((await anon.get(`/ikm/${ctx.unit}?periode=kemarin`)).status, 404);
  // The pages read periods as the survey's counters do: a year before 1000 is none.
  assert.equal((await anon.get(`/ikm/${ctx.unit}?periode=0999-1`)).status, 404);
  assert.equal((await anon.get('/ikm/999999')).status, 404);
});

test('the report is a PDF with the table of NRR per element, the IKM and the grade', async () => {
  const res = await download(`/ikm/${ctx.unit}/laporan.pdf?periode=2025-1`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(res.bytes, 'report.pdf');
  assert.match(text, /LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT/);
  assert.match(text, new RegExp(BAPAS_GTO));
  for (const nrr of NRR) assert.match(text, new RegExp(`NRR ${nrr} × 1/9`));
  assert.match(text, /U8 Penanganan pengaduan/);
  assert.match(text, /IKM \(nilai indeks × 25\)\s+:\s+80,56/);
  assert.match(text, /Mutu pelayanan\s+:\s+B \(Baik\)/);
  const codes = qrCodes(res.bytes, 'report.pdf');
  if (codes) assert.ok(codes.some((c) => c.endsWith(`/ikm/${ctx.unit}?periode=2025-1`)), codes.join(' '));
});

test('the poster asks the question, with the QR code and short address of the unit\'s survey', async () => {
  const res = await download(`/ikm/${ctx.unit}/poster.pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const text = pdfText(res.bytes, 'poster.pdf');
  assert.match(text, /Bagaimana pelayanan\s+kami\?/);
  assert.match(text, new RegExp(BAPAS_GTO));
  assert.match(text, new RegExp(`/survei/${ctx.unit}\\b`));
  assert.equal(pdfPages(res.bytes, 'poster.pdf'), 1);
  const codes = qrCodes(res.bytes, 'poster.pdf');
  if (codes) assert.deepEqual(codes.filter((c) => c.endsWith(`/survei/${ctx.unit}`)).length, 1, codes.join(' '));
});

test('the dashboard shows the index per province, unit type and unit to those who oversee them', async () => {
  const admin = await as(ADMIN);
  const all = (await admin.json('/ikm?periode=2025-1')).json;
  const gto = all.provinces.find((p) => p.name === 'Gorontalo');
  assert.ok(gto, 'Gorontalo has a row');
  assert.equal(gto.ikm, '80,56');
  assert.equal(gto.grade, 'B');
  assert.equal(gto.respondents, 10);
  assert.ok(all.provinces.find((p) => p.name === 'Sulawesi Selatan'));
  const bapas = all.types.find((t) => t.key === 'bapas');
  assert.equal(bapas.respondents, 20, 'both probation offices');
  assert.equal(bapas.ikm, '80,56');
  const html = await admin.get('/ikm?periode=2025-1&provinsi=75');
  assert.equal(html.status, 200);
  assert.match(html.text, new RegExp(`<a href="/ikm/${ctx.unit}\\?periode=2025-1">${BAPAS_GTO}</a>`));
  assert.match(html.text, /href="\/ikm\/provinsi\/75\/poster.pdf"/);
  assert.match(html.text, new RegExp(`href="/ikm/${ctx.unit}/jawaban.csv\\?periode=2025-1"`));
  assert.match((await admin.get('/')).text, /<a href="\/ikm"[^>]*>IKM<\/a>/, 'the menu offers the dashboard');

  const kanwil = await as(KANWIL_GTO);
  const mine = (await kanwil.json('/ikm?periode=2025-1')).json;
  assert.deepEqual(mine.provinces.map((p) => p.name), ['Gorontalo'], 'only its own province');
  assert.equal((await kanwil.get('/ikm?periode=2025-1&provinsi=75')).status, 200);
  assert.equal((await kanwil.get('/ikm?periode=2025-1&provinsi=73')).status, 404);

  const operator = await as(OPERATOR);
  assert.equal((await operator.get('/ikm')).status, 404, 'a unit grant does not open the dashboard');
  assert.doesNotMatch((await operator.get('/')).text, /<a href="\/ikm"/, 'nor its menu entry');
  const anon = await download('/ikm');
  assert.ok([302, 303].includes(anon.status), `sign in first: ${anon.status}`);
});

test('a province\'s posters are one PDF, a page per unit, for those who oversee it only', async () => {
  const kanwil = await as(KANWIL_GTO);
  const res = await download('/ikm/provinsi/75/poster.pdf', kanwil);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const units = Number(sql('SELECT count(*) FROM unit WHERE province_code = 75 AND active = 1'));
  assert.equal(pdfPages(res.bytes, 'posters.pdf'), units);
  const text = pdfText(res.bytes, 'posters.pdf');
  assert.equal(text.match(/Bagaimana pelayanan\s+kami\?/g).length, units);
  assert.match(text, new RegExp(BAPAS_GTO));
  assert.equal((await download('/ikm/provinsi/73/poster.pdf', kanwil)).status, 404);
  const admin = await as(ADMIN);
  assert.equal((await download('/ikm/provinsi/73/poster.pdf', admin)).status, 200);
});

test('the anonymised answers export as CSV and XLSX, in scope only', async () => {
  const kanwil = await as(KANWIL_GTO);
  const csv = await download(`/ikm/${ctx.unit}/jawaban.csv?periode=2025-1`, kanwil);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="ikm-\d+-2025-1.csv"/);
  const text = csv.bytes.toString('utf8').replace(/^\ufeff/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines[0], 'No,Periode,Tanggal,Layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,age,gender');
  assert.equal(lines.length, 11, 'a heading and ten answers');
  const u1 = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[4]), 0);
  assert.equal(u1, 33, 'U1 sums as by hand');
  assert.doesNotMatch(text, /Budi|0812|nonce|T08:/, 'no suggestion, nonce or time of day');
  assert.match(lines[1], /^1,2025-1,2025-03-01,,4,4,3,4,3,4,4,2,3,25-34,l$/);

  const xlsx = await download(`/ikm/${ctx.unit}/jawaban.xlsx`, kanwil);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK', 'a zip');
  assert.ok(xlsx.bytes.length > 1000);

  assert.equal((await download(`/ikm/${ctx.mks}/jawaban.csv`, kanwil)).status, 404, 'another province');
  const operator = await as(OPERATOR);
  assert.equal((await download(`/ikm/${ctx.kanim}/jawaban.csv`, operator)).status, 200, 'its own unit');
  assert.equal((await download(`/ikm/${ctx.mks}/jawaban.xlsx`, operator)).status, 404);
});

test('an answer sent through the public form counts on the unit\'s IKM page at once', async () => {
  const unit = Number(sql("SELECT id FROM unit WHERE name = 'Kantor Imigrasi Kelas I TPI Palu'"));
  const { server } = holder;
  const use = runCommand(['survey', 'use', '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : []), 'unit', String(unit), 'ikm-permenpanrb-14-2017']);
  assert.equal(use.status, 0, use.stderr);
  const anon = new Client(holder.server);
  const before = (await anon.json(`/ikm/${unit}`)).json;
  const form = await anon.get(`/survei/${unit}`);
  assert.equal(form.status, 200);
  const token = form.text.match(/name="token" value="([^"]+)"/)[1];
  await new Promise((r) => setTimeout(r, 1100)); // a person takes longer than the guard's second
  const fields = { token, u1: '4', u2: '4', u3: '3', u4: '4', u5: '3', u6: '4', u7: '4', u8: '2', u9: '3' };
  const sent = await anon.post(`/survei/${unit}`, fields, { csrf: null });
  assert.equal(sent.status, 303, 'kept: on to the thank-you page');
  assert.equal(sent.headers.get('location'), `/survei/${unit}/terima-kasih`);
  const after = (await anon.json(`/ikm/${unit}`)).json;
  assert.equal(after.respondents, before.respondents + 1);
  // One answer: NRR = the answer; Σ = 31; 31 / 9 × 25 = 86.111 -> 86.11, B.
  assert.deepEqual(after.elements.map((e) => e.nrr), ['4,00', '4,00', '3,00', '4,00', '3,00', '4,00', '4,00', '2,00', '3,00']);
  assert.equal(after.ikm, '86,11');
  assert.equal(after.grade, 'B');
});

test('the grade of the cycle\'s year feeds the assessment\'s ikm_grade adjustment, with its source', async () => {
  const pid = participationOf(holder.server, BAPAS_MKS, 2023);
  const unit = Number(sql(`SELECT id FROM unit WHERE name = '${BAPAS_MKS}'`));
  const admin = await as(ADMIN);
  const before = (await admin.json(`/partisipasi/${pid}/hasil-penilaian`)).json.result;
  const none = before.adjustments.find((a) => a.kind === 'ikm_grade');
  assert.equal(none.has_data, false);
  assert.match(none.source, /Belum ada jawaban survei kepuasan masyarakat unit ini untuk tahun 2023/);

  ikmFixture(sql, unit, '2023-2');
  const res = (await admin.json(`/partisipasi/${pid}/hasil-penilaian`)).json.result;
  const ikm = res.adjustments.find((a) => a.kind === 'ikm_grade');
  assert.equal(ikm.has_data, true);
  assert.equal(ikm.points, '+1', 'grade B is worth 1 in the 2022 rulebook');
  const source = 'Mutu IKM B (Baik) diambil dari survei kepuasan masyarakat unit ini tahun 2023: ' +
    'IKM 80,56 dari 10 responden, dihitung menurut PermenPANRB 14/2017.';
  assert.equal(ikm.source, source);
  assert.ok(res.explanation.includes(source), 'the explanation says where the grade came from');
  assert.ok(res.explanation.some((s) => s.startsWith('Penyesuaian mutu IKM: ') && s.includes('B')));
  const total = (t) => Number(String(t).replace(',', '.'));
  assert.ok(Math.abs(total(res.total) - total(before.total) - 1) < 0.011 || total(before.total) >= 99,
    `the total rises by the grade's point: ${before.total} -> ${res.total}`);
});

testCleanStop(holder);
