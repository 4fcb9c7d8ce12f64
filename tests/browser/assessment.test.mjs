// The assessment stage in Debian's Chromium, with the demo accounts, one
// browser context per person, clicking and typing as people do. P2HAM 2023,
// the Gorontalo prison: the regional office passes its evaluation. The admin
// adds a verifier from Gorontalo on the user pages and is refused assigning
// them (the conflict named on the page), assigns the demo's verifier and an
// assessor, and the other assessor on the cycle's bulk page (JavaScript
// off); both declare no conflict on "my assignments". The head's submission
// is refused naming the evidence the operator removed, then made. The
// verifier sends two indicators back (round 1, with a deadline); the unit
// sees exactly those, revises one, the head resubmits; round 2; the final
// verdicts, a site visit, and closing issues the BAV. Two assessors score
// (the second sees nothing of the first's before submitting); the unit's
// result explains the scores without naming an assessor; the plenary
// settles the disputed indicator, recommends, and its minutes (BAP) lock
// the scores: a change is refused naming them. Each PDF's text and QR code
// are checked. axe-core (WCAG 2.1 A and AA) finds no violation on any page
// state visited.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { binary, sqlOk, startServer } from '../http/lib.mjs';
import { launchBrowser } from './lib.mjs';
import {
  People, assertClean, checkPdf, clickThrough, notice, serialOnPage, tinyPdf, uploadEvidence, witaDay,
} from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');

const ADMIN = 'admin@p2ham.demo';
const KANWIL = 'kanwil.gorontalo@p2ham.demo';
const VERIFIER = 'verifikator@p2ham.demo';
const ASSESSOR = 'penilai@p2ham.demo';
const ASSESSOR_NAME = 'Prof. Maria Ulfah';
const ASSESSOR2 = 'penilai2@p2ham.demo';
const ASSESSOR2_NAME = 'Dr. Hendra Gunawan';
const OPERATOR = 'operator.lapas.gorontalo@p2ham.demo';
// The demo gives the prison no head: one is added as a fixture.
const HEAD = 'kepala.lapas.gorontalo@uji.go.id';
const HEAD_PASSWORD = 'Kata-Sandi-Kepala-2026';
// A verifier whose home is Gorontalo, added by the admin on the user pages.
const LOCAL_VERIFIER = 'verifikator.gorontalo@uji.go.id';
const LOCAL_NAME = 'Verifikator Gorontalo';

const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
// The demo's probation office of Makassar awaits the plenary too.
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';

let server;
let browser;
let tmp;
const ids = {};
const files = {};
const ctx = {};
let people;

const sql = (text) => sqlOk(server, text);

before(async () => {
  server = await startServer();
  const db = server.db ? ['--db', server.db.url] : [];
  let r = spawnSync(binary, ['demo', '--data-dir', server.dataDir, ...db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  ids.lapas = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${LAPAS}' AND c.title = 'P2HAM 2023'`));
  assert.ok(ids.lapas > 0, 'the prison\'s participation');
  ids.cycle = Number(sql(`SELECT id FROM cycle WHERE title = 'P2HAM 2023'`));
  ids.unit = Number(sql(`SELECT unit_id FROM participation WHERE id = ${ids.lapas}`));
  r = spawnSync(binary, ['user', 'add', '--data-dir', server.dataDir, ...db, '--email', HEAD,
    '--name', 'Hendra Saputra', '--role', 'unit_head', '--scope', `unit:${ids.unit}`, '--province', '75'],
  { input: `${HEAD_PASSWORD}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);

  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-assessment-'));
  const put = (name, data) => {
    files[name] = path.join(tmp, name);
    writeFileSync(files[name], data);
  };
  put('data-dukung-pengganti.pdf', tinyPdf('Data dukung pengganti'));
  put('foto-papan-nama-layanan.png', PNG);
  put('foto-ruang-laktasi.png', PNG);
  put('kunjungan-ruang-tunggu.png', PNG);
  mkdirSync(path.join(tmp, 'pdf'));
  browser = await launchBrowser();
  people = new People(browser, server, PASSWORD);
});

after(async () => {
  if (people) await people.close();
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The participation's overview, then its assessment tab, then a page of it. */
async function openAssessment(page, sub) {
  const res = await page.goto(`${server.url}/partisipasi/${ids.lapas}`);
  assert.equal(res.status(), 200, 'the overview');
  await clickThrough(page, page.locator('nav.stages').getByRole('link', { name: 'Penilaian', exact: true }));
  if (sub) await clickThrough(page, page.locator('nav.subnav').getByRole('link', { name: sub, exact: true }));
}

function stateOf(pid = ids.lapas) {
  return sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
}

/** The header of a stage page names the state. */
async function assertHeaderState(page, label) {
  assert.equal((await page.locator('main dl.facts strong').first().textContent()).trim(), label);
}

/** A person's page (see People in ./stage.mjs). */
function as(email, options) {
  return people.as(email, options);
}

/** checkPdf of ./stage.mjs with this file's server and the public's page. */
async function checkDocument(page, serial, unit, extra = []) {
  const pub = await as(null);
  return checkPdf(page, { server, dir: path.join(tmp, 'pdf'), serial, unit, extra, pub,
    clean: (what) => assertClean(pub, what) });
}

/** The codes of the indicators the evidence page lets the unit change. */
function changeable(page) {
  return page.$$eval('input[type=radio][form=jawaban]', (radios) =>
    [...new Set(radios.map((r) => r.name.replace(/^jawaban\./, '')))]);
}

/** Gives each verdict (code -> [value, note]) on the verification page and saves. */
async function giveVerdicts(page, verdicts) {
  for (const [code, [value, note]] of Object.entries(verdicts)) {
    await page.check(`#p-${code}-${value}`);
    await page.fill(`#c-${code}`, note || '');
  }
  await clickThrough(page, page.getByRole('button', { name: 'Simpan putusan' }));
  assert.match(page.url(), /ok=putusan/);
}

/** Sends the flagged indicators back with a deadline; returns the page. */
async function sendBack(page, days, note) {
  await page.fill('#f-tenggat', witaDay(days));
  await page.fill('#f-catatan', note);
  await clickThrough(page, page.getByRole('button', { name: 'Kembalikan', exact: true }));
  assert.match(page.url(), /ok=kembalikan/);
  assert.equal(stateOf(), 'penilaian/revision');
}

// --- Into the assessment stage ---------------------------------------------

test('the regional office passes the Gorontalo prison: its evidence opens', { timeout: 120000 }, async () => {
  assert.equal(stateOf(), 'evaluasi/awaiting_evaluation');
  const page = await as(KANWIL);
  await page.goto(`${server.url}/partisipasi/${ids.lapas}`);
  await clickThrough(page, page.locator('nav.stages').getByRole('link', { name: 'Evaluasi', exact: true }));
  await clickThrough(page, page.getByRole('button', { name: 'Lulus evaluasi', exact: true }));
  assert.equal(stateOf(), 'penilaian/evidence_open');
  await assertHeaderState(page, 'Mengunggah data dukung');
});

test('the admin adds a verifier from Gorontalo and is refused assigning them, the conflict named', { timeout: 120000 }, async () => {
  const page = await as(ADMIN);
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Pengguna', exact: true }));
  await clickThrough(page, page.locator('main').getByRole('link', { name: /Tambah pengguna|Pengguna baru/ }));
  await page.getByLabel('Nama lengkap').fill(LOCAL_NAME);
  await page.getByLabel('Email').fill(LOCAL_VERIFIER);
  await page.getByLabel('Kode provinsi asal').fill('75');
  await page.getByLabel('Kata sandi').fill('Sandi-Uji-Penugasan-2026');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan pengguna' }));
  assert.match(page.url(), /\/pengguna\/\d+/, 'the new user\'s page');
  assert.equal(sql(`SELECT home_province FROM users WHERE email = '${LOCAL_VERIFIER}'`), '75');

  await openAssessment(page, 'Penugasan');
  assert.match(page.url(), new RegExp(`/partisipasi/${ids.lapas}/penugasan$`));
  assert.match(await page.locator('main').textContent(), /Belum ada penugasan\./);
  await assertClean(page, 'the assignments of a participation with none');
  await page.selectOption('#f-peran', 'verifikator');
  await page.fill('#f-email', LOCAL_VERIFIER);
  await page.fill('#f-tenggat', witaDay(14));
  await clickThrough(page, page.getByRole('button', { name: 'Tugaskan', exact: true }));
  const n = await notice(page);
  assert.equal(n.role, 'alert');
  assert.equal(n.text, `Ditolak karena konflik kepentingan: ${LOCAL_NAME} berasal dari provinsi ` +
    'Gorontalo, provinsi yang sama dengan unit ini. Verifikator tidak boleh memverifikasi unit di ' +
    'provinsinya sendiri.');
  assert.equal(await page.inputValue('#f-email'), LOCAL_VERIFIER, 'what was typed is kept');
  assert.equal(await page.inputValue('#f-tenggat'), witaDay(14));
  assert.equal(sql(`SELECT COUNT(*) FROM assignment WHERE participation_id = ${ids.lapas}`), '0');
  await assertClean(page, 'the refused assignment');
});

test('the admin assigns the demo verifier and the second assessor', { timeout: 60000 }, async () => {
  const page = await as(ADMIN);
  await page.fill('#f-email', VERIFIER);
  await clickThrough(page, page.getByRole('button', { name: 'Tugaskan', exact: true }));
  assert.match(page.url(), /ok=tugaskan/);
  assert.deepEqual(await notice(page), { role: 'status', text: 'Penugasan disimpan.' });
  await page.selectOption('#f-peran', 'penilai');
  await page.fill('#f-email', ASSESSOR2);
  await page.fill('#f-tenggat', witaDay(21));
  await clickThrough(page, page.getByRole('button', { name: 'Tugaskan', exact: true }));
  assert.match(page.url(), /ok=tugaskan/);
  const rows = await page.locator('main table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => tr.textContent.replace(/\s+/g, ' ').trim()));
  assert.equal(rows.length, 2, rows.join('\n'));
  assert.ok(rows.some((r) => r.startsWith('Yohanes Paulus verifikator@p2ham.demo Verifikator')), rows.join('\n'));
  assert.ok(rows.some((r) => r.startsWith(`${ASSESSOR2_NAME} ${ASSESSOR2} Penilai`) &&
    r.includes('Belum menjawab')), rows.join('\n'));
  assert.equal(sql(`SELECT COUNT(*) FROM role_grant WHERE scope_kind = 'participation' AND scope_id = ${ids.lapas}`), '2');
  await assertClean(page, 'the assignments with the verifier and an assessor');
});

test('the admin assigns the assessor on the cycle\'s bulk page, without JavaScript', { timeout: 60000 }, async () => {
  // The form, axe-checked with JavaScript (axe runs in the page) ...
  const admin = await as(ADMIN);
  await admin.goto(`${server.url}/siklus/${ids.cycle}`);
  await clickThrough(admin, admin.locator('main').getByRole('link', { name: 'Penugasan sekaligus' }));
  assert.match(admin.url(), new RegExp(`/siklus/${ids.cycle}/penugasan$`));
  await assertClean(admin, 'the bulk assignment form');

  // ... and posted as a plain form without it.
  const page = await as(ADMIN, { js: false });
  await page.goto(`${server.url}/siklus/${ids.cycle}`);
  await clickThrough(page, page.locator('main').getByRole('link', { name: 'Penugasan sekaligus' }));
  await page.selectOption('#f-peran', 'penilai');
  await page.fill('#f-email', ASSESSOR);
  await page.fill('#f-tenggat', witaDay(21));
  await page.selectOption('#f-provinsi', '75');
  await page.selectOption('#f-jenis', 'lapas');
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.resourceType()); });
  await clickThrough(page, page.getByRole('button', { name: 'Tugaskan sekaligus' }));
  assert.deepEqual(posts, ['document'], 'the plain form was posted as a page');
  assert.equal((await page.locator('#assigned-title').textContent()).trim(), 'Ditugaskan (1)');
  assert.deepEqual(await page.locator('ul[aria-labelledby=assigned-title] li').allTextContents(), [LAPAS]);
  assert.equal((await page.locator('#refused-title').textContent()).trim(), 'Ditolak (0)');
  assert.equal(await page.inputValue('#f-provinsi'), '75', 'the filter is kept');
  assert.equal(await page.inputValue('#f-jenis'), 'lapas');
  assert.equal(sql(`SELECT a.due_date FROM assignment a JOIN users u ON u.id = a.user_id
    WHERE u.email = '${ASSESSOR}' AND a.participation_id = ${ids.lapas}`), witaDay(21));

  // The same again is refused for that participation, saying why.
  await admin.selectOption('#f-peran', 'penilai');
  await admin.fill('#f-email', ASSESSOR);
  await admin.fill('#f-tenggat', witaDay(21));
  await admin.selectOption('#f-provinsi', '75');
  await admin.selectOption('#f-jenis', 'lapas');
  await clickThrough(admin, admin.getByRole('button', { name: 'Tugaskan sekaligus' }));
  assert.equal((await admin.locator('#assigned-title').textContent()).trim(), 'Ditugaskan (0)');
  const refused = await admin.locator('ul[aria-labelledby=refused-title] li').allTextContents();
  assert.deepEqual(refused.map((r) => r.replace(/\s+/g, ' ').trim()),
    [`${LAPAS}: Prof. Maria Ulfah sudah ditugaskan dengan peran ini pada partisipasi ini.`]);
  await assertClean(admin, 'the bulk assignment\'s outcome with a refusal');
  assert.equal(sql(`SELECT COUNT(*) FROM assignment WHERE participation_id = ${ids.lapas}`), '3');
});

for (const [email, name] of [[ASSESSOR, ASSESSOR_NAME], [ASSESSOR2, ASSESSOR2_NAME]]) {
  test(`${name} declares no conflict of interest on my assignments`, { timeout: 60000 }, async () => {
    const page = await as(email);
    await page.goto(`${server.url}/`);
    await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Penugasan saya' }));
    assert.match(page.url(), /\/penugasan$/);
    const row = page.locator('main tbody tr').filter({ hasText: LAPAS });
    assert.equal(await row.count(), 1);
    assert.match(await row.textContent(), /Nyatakan tidak ada konflik kepentingan atau mengundurkan diri\./);
    await assertClean(page, 'my assignments with a statement to make');
    await clickThrough(page, row.getByRole('button', { name: 'Saya menyatakan tidak ada konflik kepentingan' }));
    assert.deepEqual(await notice(page), { role: 'status', text: 'Pernyataan tidak ada konflik kepentingan dicatat.' });
    assert.match(await row.textContent(), /Menunggu verifikasi selesai\./);
    assert.equal(await row.locator('form').count(), 0, 'nothing more to answer');
    assert.equal(sql(`SELECT a.answer FROM assignment a JOIN users u ON u.id = a.user_id
      WHERE u.email = '${email}' AND a.participation_id = ${ids.lapas}`), 'no_conflict');
    await assertClean(page, 'my assignments after the statement');

    const admin = await as(ADMIN);
    await openAssessment(admin, 'Penugasan');
    const answers = await admin.locator('main table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => tr.textContent.replace(/\s+/g, ' ').trim()));
    assert.ok(answers.some((r) => r.startsWith(name) &&
      r.includes('Menyatakan tidak ada konflik kepentingan')), answers.join('\n'));
  });
}

test('the verifier\'s assignments say it waits for the unit', { timeout: 60000 }, async () => {
  const page = await as(VERIFIER);
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Penugasan saya' }));
  const row = page.locator('main tbody tr').filter({ hasText: LAPAS });
  assert.match(await row.textContent(), /Menunggu unit mengajukan data dukung\./);
  assert.equal(await row.getByRole('link', { name: LAPAS }).getAttribute('href'),
    `/partisipasi/${ids.lapas}/verifikasi`);
  await assertClean(page, 'the verifier\'s assignments');
});

// --- Evidence and its submission --------------------------------------------

test('the head\'s submission is refused naming the evidence the operator removed', { timeout: 120000 }, async () => {
  // An indicator whose evidence is required and held in one file.
  const [fid, code] = sql(`SELECT MIN(id) || '|' || indicator FROM file WHERE participation_id = ${ids.lapas}
    AND purpose = 'evidence' AND removed_at IS NULL GROUP BY indicator HAVING COUNT(*) = 1
    ORDER BY indicator LIMIT 1`).split('|');
  ctx.removed = code;
  const op = await as(OPERATOR);
  await openAssessment(op);
  assert.match(op.url(), new RegExp(`/partisipasi/${ids.lapas}/penilaian$`));
  await assertClean(op, 'the evidence page while evidence is open');
  const item = op.locator(`#indikator-${code}`);
  assert.match(await item.textContent(), /Data dukung wajib/);
  const name = (await item.locator(`a[href="/berkas/${fid}"]`).textContent()).trim();
  await clickThrough(op, item.getByRole('button', { name: `Hapus ${name}` }));
  assert.equal(await op.locator(`#indikator-${code} a[href^="/berkas/"]`).count(), 0);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE id = ${fid} AND removed_at IS NOT NULL`), '1');

  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head);
  const missing = await head.locator('#submit-missing li').allTextContents();
  assert.equal(missing.length, 1, missing.join('\n'));
  assert.match(missing[0], new RegExp(`${code} .*: data dukung belum diunggah`));
  await clickThrough(head, head.getByRole('button', { name: 'Ajukan untuk verifikasi' }));
  const n = await notice(head);
  assert.equal(n.role, 'alert');
  assert.match(n.text, new RegExp(`^Data dukung belum lengkap \\(1 indikator\\): ${code} \\(.+\\): data dukung belum diunggah`));
  assert.equal(stateOf(), 'penilaian/evidence_open');
  await assertClean(head, 'the refused submission');
});

test('the operator uploads the evidence again; the head submits for verification', { timeout: 120000 }, async () => {
  const op = await as(OPERATOR);
  await openAssessment(op);
  await uploadEvidence(op, ctx.removed, files['data-dukung-pengganti.pdf']);
  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head);
  assert.equal(await head.locator('#submit-missing').count(), 0, 'nothing missing');
  await clickThrough(head, head.getByRole('button', { name: 'Ajukan untuk verifikasi' }));
  assert.match(head.url(), /ok=ajukan/);
  assert.equal(stateOf(), 'penilaian/verification');
  await assertHeaderState(head, 'Dalam verifikasi');
  assert.equal(await head.locator('input[type=radio][form=jawaban]').count(), 0, 'nothing to change while verified');
  await assertClean(head, 'the evidence page in verification');
});

// --- Verification -----------------------------------------------------------

test('the verifier gives verdicts and sends two indicators back in round 1', { timeout: 120000 }, async () => {
  const page = await as(VERIFIER);
  await page.goto(`${server.url}/penugasan`);
  await clickThrough(page, page.locator('main').getByRole('link', { name: LAPAS }));
  assert.match(page.url(), new RegExp(`/partisipasi/${ids.lapas}/verifikasi$`));
  await assertClean(page, 'the verification page before any verdict');
  const codes = await page.$$eval('input[type=radio][form=putusan]', (radios) =>
    [...new Set(radios.map((r) => r.name.replace(/^putusan\./, '')))]);
  assert.ok(codes.length > 10, `indicators to verify: ${codes.length}`);
  ctx.codes = codes;
  [ctx.notMet, ctx.flag1, ctx.flag2] = codes;

  // A needs-revision verdict without its note is refused, the choice kept.
  await page.check(`#p-${ctx.flag1}-needs_revision`);
  await clickThrough(page, page.getByRole('button', { name: 'Simpan putusan' }));
  const n = await notice(page);
  assert.equal(n.role, 'alert');
  assert.match(n.text, new RegExp(`^Indikator ${ctx.flag1}: tuliskan catatan`));
  assert.ok(await page.isChecked(`#p-${ctx.flag1}-needs_revision`), 'the choice is kept');
  await assertClean(page, 'the refused verdicts');

  const verdicts = Object.fromEntries(codes.map((c) => [c, ['verified']]));
  verdicts[ctx.notMet] = ['not_met', 'Tidak ada bukti kebijakan tertulis'];
  verdicts[ctx.flag1] = ['needs_revision', 'Foto tidak menunjukkan papan nama layanan'];
  verdicts[ctx.flag2] = ['needs_revision', 'Dokumen tidak bertanggal'];
  await giveVerdicts(page, verdicts);
  assert.equal(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ids.lapas}`), String(codes.length));
  assert.match(await page.locator(`#indikator-${ctx.flag1}`).textContent(), /Perlu perbaikan — Foto tidak menunjukkan/);
  await sendBack(page, 3, 'Perbaiki dua indikator berikut');
  assert.equal(sql(`SELECT number || '|' || deadline_date FROM verification_round
    WHERE participation_id = ${ids.lapas}`), `1|${witaDay(3)}`);
  await assertHeaderState(page, 'Perbaikan data dukung');
  await assertClean(page, 'the verification page with round 1 open');
});

test('the unit sees exactly the flagged indicators, revises one, the head resubmits', { timeout: 120000 }, async () => {
  const op = await as(OPERATOR);
  await openAssessment(op);
  const round = op.locator('#revisi');
  assert.match(await round.textContent(), /Putaran 1/);
  const listed = await round.locator('li code').allTextContents();
  assert.deepEqual(listed.map((s) => s.trim()), [ctx.flag1, ctx.flag2]);
  assert.match(await round.textContent(), /Foto tidak menunjukkan papan nama layanan/);
  assert.deepEqual((await changeable(op)).sort(), [ctx.flag1, ctx.flag2].sort(), 'only those may change');
  assert.equal(await op.locator('form[data-upload]').count(), 2, 'an upload form for each of them only');
  assert.match(await op.locator(`#indikator-${ctx.notMet}`).textContent(), /Putusan verifikasi: Tidak memenuhi/);
  await assertClean(op, 'the evidence page in revision round 1');

  await op.fill(`#n-${ctx.flag1}`, 'Foto baru dengan papan nama layanan terlihat jelas');
  await clickThrough(op, op.locator(`#indikator-${ctx.flag1}`).getByRole('button', { name: /^Simpan jawaban/ }));
  assert.match(op.url(), /ok=simpan/);
  await uploadEvidence(op, ctx.flag1, files['foto-papan-nama-layanan.png']);
  assert.equal(sql(`SELECT note FROM answer WHERE participation_id = ${ids.lapas} AND indicator = '${ctx.flag1}'`),
    'Foto baru dengan papan nama layanan terlihat jelas');

  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head);
  await clickThrough(head, head.getByRole('button', { name: 'Ajukan kembali' }));
  assert.match(head.url(), /ok=ajukan-ulang/);
  assert.equal(stateOf(), 'penilaian/verification');
  assert.match(await head.locator('section[aria-labelledby=round-1]').textContent(), /Hendra Saputra/);
});

test('round 2 sends the other indicator back; it is revised and resubmitted', { timeout: 120000 }, async () => {
  const page = await as(VERIFIER);
  await page.goto(`${server.url}/partisipasi/${ids.lapas}/verifikasi`);
  // The form shows each latest verdict with its note; saved again as it
  // stands, only the two changed verdicts are added.
  assert.ok(await page.isChecked(`#p-${ctx.notMet}-not_met`));
  assert.equal(await page.inputValue(`#c-${ctx.notMet}`), 'Tidak ada bukti kebijakan tertulis');
  const before = Number(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ids.lapas}`));
  await giveVerdicts(page, {
    [ctx.flag1]: ['verified'],
    [ctx.flag2]: ['needs_revision', 'Tanggal dokumen masih belum tercantum'],
  });
  assert.equal(Number(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ids.lapas}`)), before + 2);
  await sendBack(page, 2, 'Putaran kedua');
  assert.equal(sql(`SELECT COUNT(*) FROM verification_round WHERE participation_id = ${ids.lapas}`), '2');

  const op = await as(OPERATOR);
  await openAssessment(op);
  assert.match(await op.locator('#revisi').textContent(), /Putaran 2/);
  assert.deepEqual(await changeable(op), [ctx.flag2], 'only the indicator of round 2');
  await assertClean(op, 'the evidence page in revision round 2');
  await uploadEvidence(op, ctx.flag2, files['data-dukung-pengganti.pdf']);
  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head);
  await clickThrough(head, head.getByRole('button', { name: 'Ajukan kembali' }));
  assert.equal(stateOf(), 'penilaian/verification');
});

test('final verdicts, a site visit, and closing issues the verification report', { timeout: 180000 }, async () => {
  const page = await as(VERIFIER);
  await page.goto(`${server.url}/partisipasi/${ids.lapas}/verifikasi`);
  await giveVerdicts(page, { [ctx.flag2]: ['verified'] });

  await page.fill('#f-tanggal', witaDay(0));
  await page.fill('#f-hadir', 'Kepala Lapas, operator P2HAM');
  await page.fill('#f-temuan', 'Ruang tunggu kunjungan ramah anak dan lansia');
  await page.setInputFiles('#f-foto', files['kunjungan-ruang-tunggu.png']);
  await clickThrough(page, page.getByRole('button', { name: 'Simpan kunjungan' }));
  assert.match(page.url(), /ok=kunjungan/);
  assert.match(await page.locator('main').textContent(), /Ruang tunggu kunjungan ramah anak dan lansia/);
  await assertClean(page, 'the verification page ready to close');

  await clickThrough(page, page.getByRole('button', { name: 'Tutup verifikasi dan terbitkan berita acara' }));
  assert.match(page.url(), /ok=tutup/);
  assert.equal(stateOf(), 'penilaian/scoring');
  await assertHeaderState(page, 'Dalam penilaian tim penilai');
  assert.equal(await page.locator('input[type=radio][form=putusan]').count(), 0, 'no verdict after closing');
  await assertClean(page, 'the closed verification');
  ctx.bav = await serialOnPage(page, 'BAV');
  await checkDocument(page, ctx.bav, LAPAS, ['BERITA ACARA VERIFIKASI', 'Terverifikasi',
    'Tidak memenuhi: Tidak ada bukti kebijakan tertulis', 'Putaran 2',
    'Ruang tunggu kunjungan ramah anak dan lansia']);

  // The unit reads the outcome on its page.
  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head);
  assert.match(await head.locator(`#indikator-${ctx.flag2}`).textContent(), /Putusan verifikasi: Terverifikasi/);
  assert.ok((await head.locator('main').textContent()).includes(ctx.bav), 'the report is listed');
  await assertClean(head, 'the evidence page after verification');
});

// --- Scoring, result and plenary --------------------------------------------

/** The scoring form's verified indicators: {code, options (best first)}. */
function scoreForm(page) {
  return page.$$eval('select[id$="-nilai"]', (selects) => selects.map((sel) => ({
    code: sel.id.replace(/^f-/, '').replace(/-nilai$/, ''),
    options: [...sel.options].map((o) => o.value).filter((v) => v !== ''),
  })));
}

/** Fills the scoring form: option pick(indicator) and a justification each. */
async function fillScores(page, list, pick, why) {
  for (const ind of list) {
    await page.selectOption(`#f-${ind.code}-nilai`, pick(ind));
    await page.fill(`#f-${ind.code}-alasan`, why(ind));
  }
}

test('the first assessor opens the scoring from my assignments, saves a draft and submits', { timeout: 180000 }, async () => {
  const page = await as(ASSESSOR);
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.locator('nav.main').getByRole('link', { name: 'Penugasan saya' }));
  const row = page.locator('main tbody tr').filter({ hasText: LAPAS });
  assert.match(await row.textContent(), /Beri nilai pada indikator yang sudah diverifikasi\./);
  await clickThrough(page, row.getByRole('link', { name: LAPAS }));
  assert.match(page.url(), new RegExp(`/partisipasi/${ids.lapas}/skor$`));
  const list = await scoreForm(page);
  assert.equal(list.length, ctx.codes.length - 1, 'every verified indicator, the one not met left out');
  assert.ok(!list.some((i) => i.code === ctx.notMet));
  assert.match(await page.locator(`#indikator-${ctx.notMet}`).textContent(), /mendapat nilai terendah skalanya/);
  ctx.scored = list;
  [ctx.disputed] = list;
  await assertClean(page, 'the empty scoring form');

  // A draft of the first two, then a submission refused naming what is missing.
  await fillScores(page, list.slice(0, 2), (i) => i.options[0], (i) => `Bukti lengkap untuk ${i.code} (penilai satu)`);
  await clickThrough(page, page.getByRole('button', { name: 'Simpan draf' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Draf nilai disimpan.' });
  assert.equal(await page.inputValue(`#f-${list[1].code}-alasan`), `Bukti lengkap untuk ${list[1].code} (penilai satu)`);
  await clickThrough(page, page.getByRole('button', { name: 'Serahkan nilai' }));
  const refused = await notice(page);
  assert.equal(refused.role, 'alert');
  assert.match(refused.text, /^Nilai belum dapat diserahkan\. Lengkapi dahulu: .*\(belum diberi nilai\)/);
  await assertClean(page, 'the refused submission of scores');

  await fillScores(page, list, (i) => i.options[0], (i) => `Bukti lengkap untuk ${i.code} (penilai satu)`);
  await clickThrough(page, page.getByRole('button', { name: 'Serahkan nilai' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Nilai Anda sudah diserahkan.' });
  assert.equal(await page.locator('select[id$="-nilai"]').count(), 0, 'locked after submitting');
  assert.match(await page.locator('main').textContent(), /1 dari 2 penilai sudah menyerahkan nilai\./);
  assert.equal(stateOf(), 'penilaian/scoring');
  await assertClean(page, 'the scoring page after submitting');
});

test('the second assessor sees nothing of the first\'s scores before submitting', { timeout: 180000 }, async () => {
  const page = await as(ASSESSOR2);
  await page.goto(`${server.url}/penugasan`);
  await clickThrough(page, page.locator('main tbody tr').filter({ hasText: LAPAS }).getByRole('link', { name: LAPAS }));
  assert.match(page.url(), new RegExp(`/partisipasi/${ids.lapas}/skor$`));
  const main = await page.locator('main').textContent();
  assert.match(main, /1 dari 2 penilai sudah menyerahkan nilai\./);
  assert.doesNotMatch(main, /penilai satu/, 'no justification of the first');
  assert.doesNotMatch(main, /Nilai setiap penilai/, 'no table of the others\' scores');
  // The timeline may say who was assigned; nothing above it names the first.
  const above = await page.evaluate(() => {
    const tl = document.getElementById('timeline-title');
    const range = document.createRange();
    range.setStartBefore(document.querySelector('main'));
    if (tl) range.setEndBefore(tl);
    else range.setEndAfter(document.querySelector('main'));
    return range.toString();
  });
  assert.doesNotMatch(above, new RegExp(ASSESSOR_NAME));
  for (const ind of ctx.scored) {
    assert.equal(await page.inputValue(`#f-${ind.code}-nilai`), '', `${ind.code} starts empty`);
  }
  await assertClean(page, 'the second assessor\'s empty scoring form');

  // The result page shows this assessor nothing of the first either.
  await clickThrough(page, page.locator('nav.subnav').getByRole('link', { name: 'Hasil penilaian' }));
  const result = await page.locator('main').textContent();
  assert.doesNotMatch(result, /penilai satu/);
  assert.match(result, /Hasil penilaian belum tersedia/);
  await assertClean(page, 'the result page while the assessors score');

  // Disagrees on the first indicator (the lowest option), agrees elsewhere.
  await clickThrough(page, page.locator('nav.subnav').getByRole('link', { name: 'Nilai tim penilai' }));
  await fillScores(page, ctx.scored, (i) => (i.code === ctx.disputed.code ? i.options.at(-1) : i.options[0]),
    (i) => `Penilai dua menilai ${i.code}`);
  await clickThrough(page, page.getByRole('button', { name: 'Serahkan nilai' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Nilai Anda sudah diserahkan.' });
  assert.equal(stateOf(), 'penilaian/assessed');
  // Now each sees the other's scores.
  assert.match(await page.locator('#others-title').textContent(), /Nilai setiap penilai/);
  assert.match(await page.locator('main').textContent(), /penilai satu/);
  await assertClean(page, 'the scoring page with every assessor\'s scores');
});

test('the unit\'s result shows the scores and their explanation, naming no assessor', { timeout: 120000 }, async () => {
  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head, 'Hasil penilaian');
  assert.match(head.url(), new RegExp(`/partisipasi/${ids.lapas}/hasil-penilaian$`));
  const main = head.locator('main');
  const text = await main.textContent();
  assert.match(await main.locator('dl[aria-labelledby=total-title]').textContent(), /Nilai total\s*\d/);
  const explanation = await main.locator('ol[aria-labelledby=explain-title] li').allTextContents();
  assert.ok(explanation.length > 3, explanation.join('\n'));
  assert.ok(explanation.some((s) => s.startsWith('Nilai total')), explanation.join('\n'));
  // Every verified indicator has its final score; the one not met its rule.
  for (const ind of ctx.scored) {
    const cell = await main.locator('tr').filter({ has: head.locator(`code:text-is("${ind.code}")`) })
      .locator('td').nth(2).textContent();
    assert.match(cell, /\d/, `${ind.code} has a final score: ${cell}`);
  }
  for (const who of [ASSESSOR_NAME, ASSESSOR2_NAME, 'penilai satu', 'Penilai dua']) {
    assert.ok(!text.includes(who), `the unit's result does not name "${who}"`);
  }
  await assertClean(head, 'the unit\'s result before the plenary');
});

test('the plenary settles the disputed indicator, recommends, and its minutes lock the scores', { timeout: 240000 }, async () => {
  const page = await as(ADMIN);
  await page.goto(`${server.url}/siklus/${ids.cycle}`);
  await clickThrough(page, page.locator('main').getByRole('link', { name: 'Rapat pleno tim penilai' }));
  assert.match(page.url(), new RegExp(`/siklus/${ids.cycle}/pleno$`));
  const board = page.locator(`section[aria-labelledby=p-${ids.lapas}]`);
  const disputedRow = board.locator('tr.disputed');
  assert.equal(await disputedRow.count(), 1, 'one disputed indicator');
  assert.match(await disputedRow.textContent(), new RegExp(ctx.disputed.code));
  assert.match(await disputedRow.textContent(), /Penilai berbeda pendapat/);
  await assertClean(page, 'the plenary board before a session');

  await page.fill('#f-tanggal', witaDay(0));
  await page.fill('#f-tempat', 'Ruang Rapat Direktorat Jenderal HAM, Jakarta');
  await page.fill('#f-hadir', `Sri Wahyuni; Pimpinan Rapat\n${ASSESSOR_NAME}; Penilai\n${ASSESSOR2_NAME}; Penilai`);
  await clickThrough(page, page.getByRole('button', { name: 'Buka rapat' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Rapat pleno dibuka.' });
  await assertClean(page, 'the plenary board with a session open');

  const settle = `#s-${ids.lapas}-${ctx.disputed.code}`;
  await page.selectOption(settle, ctx.disputed.options[0]);
  await page.fill(`${settle}-r`, 'Bukti kegiatan cukup menurut rapat pleno.');
  await clickThrough(page, board.getByRole('button', { name: 'Tetapkan nilai akhir' }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Nilai akhir indikator ditetapkan.' });
  assert.match(await board.locator('tr.disputed').textContent(), /Ditetapkan rapat pleno: .* — Bukti kegiatan cukup menurut rapat pleno\./);

  // The admin keeps the result page with its adjustment form open in another tab,
  // as it was before the plenary's decision.
  ctx.stale = await page.context().newPage();
  await ctx.stale.goto(`${server.url}/partisipasi/${ids.lapas}/hasil-penilaian`);
  assert.equal(await ctx.stale.locator('#f-zona').count(), 1, 'the adjustment form');

  await page.fill(`#r-${ids.lapas}-r`, 'Memenuhi seluruh kriteria pelayanan publik berbasis HAM.');
  await clickThrough(page, board.getByRole('button', { name: 'Rekomendasikan', exact: true }));
  assert.deepEqual(await notice(page), { role: 'status', text: 'Rekomendasi dicatat.' });
  assert.equal(stateOf(), 'penilaian/recommended');

  // Closing is refused while a unit on the board has no recommendation.
  await clickThrough(page, page.getByRole('button', { name: 'Tutup rapat dan terbitkan berita acara' }));
  const early = await notice(page);
  assert.equal(early.role, 'alert');
  assert.match(early.text, new RegExp(`belum ada rekomendasi untuk ${BAPAS_MKS}`));
  await assertClean(page, 'the refused closing of the plenary');
  const bapas = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    WHERE u.name = '${BAPAS_MKS}' AND p.cycle_id = ${ids.cycle}`));
  await page.fill(`#r-${bapas}-r`, 'Temuan kunjungan lapangan belum ditindaklanjuti.');
  await clickThrough(page, page.locator(`section[aria-labelledby=p-${bapas}]`)
    .getByRole('button', { name: 'Tidak direkomendasikan' }));
  assert.equal(stateOf(bapas), 'penilaian/not_recommended');

  // The demo's own plenary (the one before the 2023 decree) is listed
  // with its minutes already.
  const earlier = new Set((await page.locator('main code').allTextContents()).map((x) => x.trim()));
  await clickThrough(page, page.getByRole('button', { name: 'Tutup rapat dan terbitkan berita acara' }));
  assert.match((await notice(page)).text, /^Rapat pleno ditutup dan berita acaranya diterbitkan\./);
  await assertClean(page, 'the plenary page after closing');
  const minutes = [...new Set((await page.locator('main code').allTextContents()).map((x) => x.trim()))]
    .filter((x) => x.startsWith('BAP-') && !earlier.has(x));
  assert.equal(minutes.length, 1, `one new BAP document shown, got ${JSON.stringify(minutes)}`);
  assert.match(minutes[0], /^BAP-\d{4}-\d{6}$/);
  ctx.bap = minutes[0];
  await checkDocument(page, ctx.bap, null, ['BERITA ACARA RAPAT PLENO', 'Sri Wahyuni', 'Pimpinan Rapat',
    'Direkomendasikan', 'Ruang Rapat Direktorat Jenderal HAM']);
});

test('after the minutes the scores are locked: a change is refused naming them', { timeout: 120000 }, async () => {
  // The result page offers no change any more ...
  const fresh = await as(ADMIN);
  await openAssessment(fresh, 'Hasil penilaian');
  assert.equal(await fresh.locator('#f-zona').count(), 0, 'no adjustment form');
  assert.match(await fresh.locator('main').textContent(), new RegExp(`Nilai sudah dikunci oleh Berita Acara Rapat Pleno ${ctx.bap}`));
  // ... and the form of the tab left open is refused, naming the minutes.
  const admin = ctx.stale;
  const before = sql(`SELECT COUNT(*) FROM assessment_adjustment WHERE participation_id = ${ids.lapas}`);
  await admin.selectOption('#f-zona', 'wbk');
  await admin.fill('#f-temuan', '0');
  await clickThrough(admin, admin.getByRole('button', { name: 'Simpan penyesuaian' }));
  const n = await notice(admin);
  assert.equal(n.role, 'alert');
  assert.ok(n.text.includes(ctx.bap), `the refusal names ${ctx.bap}: ${n.text}`);
  assert.equal(sql(`SELECT COUNT(*) FROM assessment_adjustment WHERE participation_id = ${ids.lapas}`), before);
  await assertClean(admin, 'the refused adjustment after the minutes');

  const one = await as(ASSESSOR);
  await one.goto(`${server.url}/partisipasi/${ids.lapas}/skor`);
  assert.match(await one.locator('main').textContent(), new RegExp(`Nilai sudah dikunci oleh Berita Acara Rapat Pleno ${ctx.bap}`));

  // The unit reads the decision with its minutes, still without names.
  const head = await as(HEAD, { password: HEAD_PASSWORD });
  await openAssessment(head, 'Hasil penilaian');
  const rec = await head.locator('dl[aria-labelledby=recommendation-title]').textContent();
  assert.match(rec, /Direkomendasikan/);
  assert.ok(rec.includes(ctx.bap), 'the minutes are named');
  const text = await head.locator('main').textContent();
  for (const who of [ASSESSOR_NAME, ASSESSOR2_NAME]) assert.ok(!text.includes(who), `no "${who}"`);
  assert.match(text, /Ditetapkan rapat pleno/);
  await assertClean(head, 'the unit\'s result after the plenary');
});
