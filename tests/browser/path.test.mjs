// The whole programme path in Debian's Chromium, with the demo accounts, one
// browser context per person, clicking and typing as people do:
//
//   P2HAM 2023, Rutan Limboto: the operator requests the declaration, the
//   coordinator approves it (a statement PDF is issued), the operator records
//   the event and uploads the signed statement and a photo, the regional
//   office confirms; the operator answers every indicator and uploads its
//   evidence (refused uploads leave nothing behind), an operator of another
//   unit cannot touch any of it, the unit head submits and the regional
//   office passes the unit (an evaluation report is issued). The regional
//   office fails the Gorontalo prison with a reason (a letter is issued).
//
//   P2HAM 2022, the Gorontalo immigration office: declaration and building,
//   where that cycle ends.
//
// Every PDF has the unit's name and serial in its text, its QR code opens the
// verification page, which says the document is genuine. axe-core (WCAG 2.1
// A and AA) finds no violation on any page state visited. Uploads go through
// static/upload.js (JavaScript on) except one sent as a plain form.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { loadDemo, sqlOk, startServer } from '../http/lib.mjs';
import { launchBrowser } from './lib.mjs';
import { assertClean, clickThrough, tinyPdf, uploadEvidence, witaDay } from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const UPLOAD_MAX = 200000;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');

const OPERATOR_RUTAN = 'operator.rutan.limboto@p2ham.demo';
const HEAD_RUTAN = 'kepala.rutan.limboto@p2ham.demo';
const OPERATOR_KANIM = 'operator.kanim.gorontalo@p2ham.demo';
const HEAD_KANIM = 'kepala.kanim.gorontalo@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';
const KANWIL = 'kanwil.gorontalo@p2ham.demo';

// Names as people give them, longer than a test's usual "a.png".
const PHOTO = 'foto-penandatanganan-pernyataan-pencanangan-rutan-limboto.png';
const BIG = 'pindaian-sertifikat-pelatihan-petugas.pdf';

const RUTAN = 'Rumah Tahanan Negara Kelas IIB Limboto';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';

let server;
let browser;
let tmp;
const ids = {};
const files = {};
const serials = {};
const contexts = new Map();

const sql = (text) => sqlOk(server, text);

/** Every regular file under dir, as paths relative to it. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

before(async () => {
  server = await startServer({ args: ['--upload-max', String(UPLOAD_MAX)] });
  loadDemo(server);
  const pid = (unit, cycle) => Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${unit}' AND c.title = '${cycle}'`));
  ids.rutan = pid(RUTAN, 'P2HAM 2023');
  ids.lapas = pid(LAPAS, 'P2HAM 2023');
  ids.kanim22 = pid(KANIM, 'P2HAM 2022 (transisi)');
  for (const [k, v] of Object.entries(ids)) assert.ok(v > 0, `participation ${k}`);

  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-path-'));
  const put = (name, data) => {
    files[name] = path.join(tmp, name);
    writeFileSync(files[name], data);
  };
  put(PHOTO, PNG);
  put('data-dukung.pdf', tinyPdf('Data dukung'));
  put('foto-sarana.png', PNG);
  put('kosong.pdf', Buffer.alloc(0));
  put(BIG, Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.alloc(300 * 1024, 0x41),
    Buffer.from('\n%%EOF\n')]));
  files['bukti.pdf'] = path.join(tmp, 'bukti.pdf');
  copyFileSync('/bin/true', files['bukti.pdf']);
  mkdirSync(path.join(tmp, 'pdf'));
  browser = await launchBrowser();
});

after(async () => {
  for (const { context } of contexts.values()) await context.close().catch(() => {});
  if (browser) await browser.close();
  if (server && server.isAlive) await server.stop('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * The signed-in context of a person (one per account, kept for the whole
 * file); JavaScript off when js is false. The public has no account.
 */
async function as(email, { js = true } = {}) {
  const key = `${email || 'public'}${js ? '' : ' (no js)'}`;
  if (contexts.has(key)) return contexts.get(key).page;
  // bypassCSP: the page's CSP forbids the inline script axe runs.
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: js });
  const page = await context.newPage();
  if (email) {
    await page.goto(`${server.url}/masuk`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
    assert.doesNotMatch(page.url(), /\/masuk/, `${email} signed in`);
  }
  contexts.set(key, { context, page });
  return page;
}

/** The participation's overview, then one of its stage tabs, as a person goes. */
async function openStage(page, pid, label) {
  const res = await page.goto(`${server.url}/partisipasi/${pid}`);
  assert.equal(res.status(), 200, `overview of ${pid}`);
  if (label) {
    await clickThrough(page, page.locator('nav.stages').getByRole('link', { name: label, exact: true }));
    assert.match(page.url(), new RegExp(`/partisipasi/${pid}/`));
  }
}

function stateOf(pid) {
  return sql(`SELECT stage || '/' || state FROM participation WHERE id = ${pid}`);
}

/** The header of a stage page names the state. */
async function assertHeaderState(page, label) {
  assert.equal((await page.locator('main dl.facts strong').first().textContent()).trim(), label);
}

/** The serial of the one document of a kind listed on the page. */
async function serialOnPage(page, prefix) {
  const codes = await page.locator('main code').allTextContents();
  const found = codes.map((s) => s.trim()).filter((s) => s.startsWith(`${prefix}-`));
  assert.equal(found.length, 1, `one ${prefix} document listed, got ${JSON.stringify(codes)}`);
  assert.match(found[0], new RegExp(`^${prefix}-\\d{4}-\\d{6}$`));
  return found[0];
}

/**
 * Downloads /dokumen/SERIAL with page's cookies, checks its text (the unit's
 * name, the serial and any extra words) and its QR code, then opens the
 * verification page as the public. Returns the PDF's path.
 */
async function checkDocument(page, serial, unit, extra = []) {
  const res = await page.context().request.get(`${server.url}/dokumen/${serial}`);
  assert.equal(res.status(), 200, `download ${serial}`);
  assert.match(res.headers()['content-type'], /application\/pdf/);
  const file = path.join(tmp, 'pdf', `${serial}.pdf`);
  writeFileSync(file, await res.body());

  // In reading order, and in the order it was drawn (where a two-column
  // line, such as a reason next to its criterion, stays whole).
  const text = ['-nopgbrk', '-raw'].map((mode) => {
    const t = spawnSync('pdftotext', ['-enc', 'UTF-8', mode, file, '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    return t.stdout.replace(/\s+/g, ' ');
  });
  for (const want of [unit, serial, ...extra]) {
    assert.ok(text.some((t) => t.includes(want)), `${serial} says "${want}":\n${text[0]}`);
  }
  assert.doesNotMatch(text[0], /\{[a-z_]+\}/, `${serial} has no unfilled placeholder:\n${text[0]}`);

  const prefix = path.join(tmp, 'pdf', serial);
  const r = spawnSync('pdftoppm', ['-r', '150', '-png', file, prefix], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const images = readdirSync(path.join(tmp, 'pdf')).filter((n) => n.startsWith(serial) && n.endsWith('.png'));
  assert.ok(images.length > 0, 'pdftoppm made a page image');
  const codes = new Set();
  for (const img of images) {
    const z = spawnSync('zbarimg', ['-q', '--raw', path.join(tmp, 'pdf', img)], { encoding: 'utf8' });
    for (const line of (z.stdout || '').split('\n')) if (line.trim()) codes.add(line.trim());
  }
  // The server's public address defaults to the one it listens on.
  assert.deepEqual([...codes], [`${server.url}/verifikasi/${serial}`], `QR code of ${serial}`);

  const pub = await as(null);
  await pub.goto([...codes][0]);
  await pub.locator('.notice-ok h2').waitFor();
  assert.equal((await pub.locator('.notice-ok h2').textContent()).trim(), 'Dokumen asli');
  const details = await pub.locator('main dl.facts').textContent();
  assert.ok(details.includes(unit) && details.includes(serial), `the verification names ${unit} and ${serial}`);
  await assertClean(pub, `the verification page of ${serial} (genuine)`);
  return file;
}

/** Checks the first option of every indicator, a note for one, and saves. */
async function answerAll(page, pid, note) {
  const first = await page.$$eval('input[type=radio][form=jawaban]', (radios) => {
    const seen = new Map();
    for (const r of radios) if (!seen.has(r.name)) seen.set(r.name, r.id);
    return [...seen.values()];
  });
  assert.ok(first.length > 10, `indicators on the page: ${first.length}`);
  for (const id of first) await page.check(`#${id}`);
  await page.fill(`#n-${note.code}`, note.text);
  await clickThrough(page, page.locator('button[form="jawaban"]').first());
  assert.match(page.url(), /ok=simpan/);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM answer WHERE participation_id = ${pid}`)), first.length);
  return first.length;
}

/** The indicator codes of the page's upload forms, in page order. */
function uploadCodes(page) {
  return page.$$eval('form[data-upload] input[name=indikator]', (inputs) => inputs.map((i) => i.value));
}

/**
 * One evidence upload through an indicator's form, waiting for the page it
 * leads to. upload.js may first rewrite the address (history.replaceState,
 * which counts as a navigation) and then reload: wait for the page's load.
 */
/** A refused upload: the page comes back with the message at the indicator. */
async function refusedUpload(page, url, code, file, message) {
  await page.goto(url);
  await page.setInputFiles(`#u-${code}`, file);
  await page.locator(`#indikator-${code} form[data-upload] button[type=submit]`).click();
  const error = page.locator(`#ue-${code}`);
  await error.waitFor();
  const text = (await error.textContent()).trim();
  assert.match(text, message);
  assert.ok(text.includes(path.basename(file)), `the message names the file: ${text}`);
  assert.equal(await page.locator(`#u-${code}`).getAttribute('aria-invalid'), 'true');
}

// --- P2HAM 2023: Rutan Limboto -------------------------------------------------

test('the operator of Rutan Limboto requests the declaration', { timeout: 120000 }, async () => {
  const page = await as(OPERATOR_RUTAN);
  await openStage(page, ids.rutan);
  await assertClean(page, 'the overview before anything happened');
  await clickThrough(page, page.locator('nav.stages').getByRole('link', { name: 'Pencanangan', exact: true }));
  assert.ok(await page.locator('#f-tanggal').count(), 'the request form');
  await assertClean(page, 'the request form');

  await page.fill('#f-tanggal', witaDay(7));
  await page.selectOption('#f-moda', 'luring');
  await page.fill('#f-tempat', 'Aula Rumah Tahanan Negara Kelas IIB Limboto');
  await page.fill('#f-saksi_rencana', 'Perwakilan Direktorat Jenderal HAM; perwakilan Forkopimda Kabupaten Gorontalo');
  await clickThrough(page, page.getByRole('button', { name: 'Ajukan permohonan' }));
  assert.match(page.url(), /selesai=ajukan/);
  assert.equal(stateOf(ids.rutan), 'pencanangan/requested');
  await assertHeaderState(page, 'Permohonan diajukan');
  assert.match(await page.locator('main').textContent(), /Menunggu keputusan/);
});

test('the coordinator approves; the statement PDF is numbered, readable and verifiable', { timeout: 120000 }, async () => {
  const page = await as(COORDINATOR);
  await openStage(page, ids.rutan, 'Pencanangan');
  assert.ok(await page.locator('#f-saksi_ditjen_nama').count(), 'the approval form');
  await assertClean(page, 'the request awaiting a decision');
  await page.fill('#f-saksi_ditjen_nama', 'Dr. Hajerati');
  await page.fill('#f-saksi_ditjen_jabatan', 'Direktur Diseminasi dan Penguatan HAM');
  await clickThrough(page, page.getByRole('button', { name: 'Setujui', exact: true }));
  assert.match(page.url(), /selesai=setujui/);
  assert.equal(stateOf(ids.rutan), 'pencanangan/approved');
  assert.match(await page.locator('main').textContent(), /Dr\. Hajerati/);
  await assertClean(page, 'the approved request with its statement');

  serials.pcn = await serialOnPage(page, 'PCN');
  files.statement = await checkDocument(page, serials.pcn, RUTAN);

  const pub = await as(null);
  const res = await pub.goto(`${server.url}/verifikasi/PCN-2099-999999`);
  assert.equal(res.status(), 404);
  assert.equal((await pub.locator('main .notice-error h2').textContent()).trim(), 'Dokumen tidak ditemukan');
  await assertClean(pub, 'the verification page of an unknown serial');
});

test('the operator records the event and uploads the signed statement and a photo', { timeout: 120000 }, async () => {
  const page = await as(OPERATOR_RUTAN);
  await openStage(page, ids.rutan, 'Pencanangan');
  assert.ok(await page.locator('#f-tanggal_pelaksanaan').count(), 'the record form');
  await assertClean(page, 'the record form');

  await page.fill('#f-tanggal_pelaksanaan', witaDay(0));
  await page.selectOption('#f-moda_pelaksanaan', 'luring');
  await page.fill('#f-jumlah_hadir', '45');
  await page.fill('#f-saksi_nama_1', 'Dr. Hajerati');
  await page.fill('#f-saksi_jabatan_1', 'Direktur Diseminasi dan Penguatan HAM');
  await page.fill('#f-saksi_instansi_1', 'Direktorat Jenderal HAM');
  await page.selectOption('#f-saksi_jenis_1', 'ditjen_ham');
  await page.fill('#f-saksi_nama_2', 'Nelson Pomalingo');
  await page.fill('#f-saksi_jabatan_2', 'Bupati Gorontalo');
  await page.fill('#f-saksi_instansi_2', 'Pemerintah Kabupaten Gorontalo');
  await page.selectOption('#f-saksi_jenis_2', 'forkopimda');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan catatan pelaksanaan' }));
  assert.match(page.url(), /selesai=catat/);
  assert.equal(sql(`SELECT w.kind FROM declaration_witness w JOIN declaration_member m
    ON m.declaration_id = w.declaration_id WHERE m.participation_id = ${ids.rutan} AND m.live = 1
    ORDER BY w.position_no`), 'ditjen_ham\nforkopimda');
  assert.match(await page.locator('main').textContent(), /Nelson Pomalingo/);

  // The statement the system issued, signed (here: as downloaded), and a
  // photo, through upload.js: the request goes out as XMLHttpRequest while
  // the form shows its progress bar.
  await page.setInputFiles('#f-pernyataan', files.statement);
  await page.setInputFiles('#f-foto', files[PHOTO]);
  let seen = null;
  await page.route('**/pencanangan/unggah', async (route) => {
    seen = {
      type: route.request().resourceType(),
      bars: await page.locator('form[data-upload] .upload-progress progress').count(),
      busy: await page.locator('form[data-upload]').getAttribute('aria-busy'),
    };
    await route.continue();
  });
  await clickThrough(page, page.locator('form[data-upload]').getByRole('button', { name: 'Unggah' }));
  await page.unroute('**/pencanangan/unggah');
  assert.deepEqual(seen, { type: 'xhr', bars: 1, busy: 'true' }, 'sent by upload.js with a progress bar');
  assert.match(page.url(), /selesai=unggah/);
  assert.deepEqual(sql(`SELECT purpose || ':' || name FROM file WHERE participation_id = ${ids.rutan}
    ORDER BY purpose`).split('\n'), [`photo:${PHOTO}`, `statement:${serials.pcn}.pdf`]);
  await assertClean(page, 'the recorded event with its files');
  // Each file comes back under the name it was uploaded with.
  for (const name of [PHOTO, `${serials.pcn}.pdf`]) {
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator('main ul.plain').getByRole('link', { name, exact: true }).click()]);
    assert.equal(download.suggestedFilename(), name);
  }
});

test('the regional office confirms: the unit is building', { timeout: 60000 }, async () => {
  const page = await as(KANWIL);
  await openStage(page, ids.rutan, 'Pencanangan');
  await assertClean(page, 'the declaration ready to confirm');
  await clickThrough(page, page.getByRole('button', { name: 'Konfirmasi pencanangan' }));
  assert.equal(stateOf(ids.rutan), 'pembangunan/building');
  await assertHeaderState(page, 'Sedang membangun');
});

test('the operator answers every indicator and uploads its evidence; bad files are refused and leave nothing', { timeout: 300000 }, async () => {
  const page = await as(OPERATOR_RUTAN);
  await openStage(page, ids.rutan, 'Pembangunan');
  const url = page.url().split('?')[0];
  await assertClean(page, 'the empty self-assessment');
  const n = await answerAll(page, ids.rutan, { code: 'ramp', text: 'Ramp di pintu utama dan ruang kunjungan' });
  const codes = await uploadCodes(page);
  assert.equal(codes.length, n);

  // Refused, one after the other, each with its message at the indicator.
  const filesDir = path.join(server.dataDir, 'files');
  const before = listFiles(filesDir);
  const rowsBefore = sql('SELECT COUNT(*) FROM file');
  await refusedUpload(page, url, codes[0], files['bukti.pdf'], /^Jenis berkas tidak diterima/);
  await assertClean(page, 'the refused upload');
  await refusedUpload(page, url, codes[0], files['kosong.pdf'], /^Berkas kosong/);
  await refusedUpload(page, url, codes[0], files[BIG], /^Berkas lebih besar dari/);
  assert.deepEqual(listFiles(filesDir), before, 'no file stored');
  assert.deepEqual(readdirSync(path.join(filesDir, 'tmp')), [], 'no temporary file left');
  assert.equal(sql('SELECT COUNT(*) FROM file'), rowsBefore);
  assert.equal(sql(`SELECT COUNT(*) FROM file WHERE name IN ('bukti.pdf', 'kosong.pdf', '${BIG}')`), '0');

  // The first good upload is held on its way to check upload.js's progress bar.
  await page.goto(url);
  let seen = null;
  await page.route('**/pembangunan/berkas', async (route) => {
    seen = {
      type: route.request().resourceType(),
      bar: await page.locator(`#indikator-${codes[0]} .upload-progress progress`).count(),
    };
    await route.continue();
  });
  await uploadEvidence(page, codes[0], files['data-dukung.pdf']);
  await page.unroute('**/pembangunan/berkas');
  assert.deepEqual(seen, { type: 'xhr', bar: 1 }, 'sent by upload.js with a progress bar');

  // The rest, with JavaScript, but for the last one: a plain form post.
  for (const [i, code] of codes.slice(1, -1).entries()) {
    await uploadEvidence(page, code, i % 2 ? files['foto-sarana.png'] : files['data-dukung.pdf']);
  }
  const plain = await as(OPERATOR_RUTAN, { js: false });
  await plain.goto(url);
  const posts = [];
  plain.on('request', (r) => { if (r.method() === 'POST') posts.push(r.resourceType()); });
  await uploadEvidence(plain, codes.at(-1), files['data-dukung.pdf']);
  assert.deepEqual(posts, ['document'], 'the plain form was posted as a page');
  assert.equal(sql(`SELECT COUNT(DISTINCT indicator) FROM file WHERE participation_id = ${ids.rutan}
    AND purpose = 'evidence'`), String(n));

  await page.goto(url);
  assert.equal(await page.locator('#progress-all').getAttribute('value'), '100');
  assert.equal((await page.locator('#progress-all + strong').textContent()).trim(), `100% (${n}/${n})`);
  await assertClean(page, 'the self-assessment with every answer and its evidence');
});

test('an operator of another unit cannot see or change Rutan Limboto\'s participation', { timeout: 60000 }, async () => {
  const page = await as(OPERATOR_KANIM);
  for (const p of ['', '/pencanangan', '/pembangunan', '/evaluasi']) {
    const res = await page.goto(`${server.url}/partisipasi/${ids.rutan}${p}`);
    assert.equal(res.status(), 404, `/partisipasi/${ids.rutan}${p}`);
  }
  await assertClean(page, 'the not-found page');
  // A page of its own gives it a valid CSRF token.
  await page.goto(`${server.url}/partisipasi/${ids.kanim22}/pencanangan`);
  const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
  assert.ok(csrf);
  const answers = sql(`SELECT indicator || '=' || option_code || ':' || note FROM answer
    WHERE participation_id = ${ids.rutan} ORDER BY indicator`);
  const rows = sql('SELECT COUNT(*) FROM file');
  const audit = sql('SELECT COUNT(*) FROM audit_log');
  const api = page.context().request;
  let res = await api.post(`${server.url}/partisipasi/${ids.rutan}/pembangunan`, {
    form: { csrf, kriteria: 'sarana', 'jawaban.ramp': 'tidak', 'catatan.ramp': 'diubah orang lain' },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 404);
  res = await api.post(`${server.url}/partisipasi/${ids.rutan}/pembangunan/berkas`, {
    multipart: { csrf, indikator: 'ramp', berkas: { name: 'lain.png', mimeType: 'image/png', buffer: PNG } },
    maxRedirects: 0,
  });
  assert.equal(res.status(), 404);
  res = await api.post(`${server.url}/partisipasi/${ids.rutan}/pembangunan/ajukan`, { form: { csrf }, maxRedirects: 0 });
  assert.equal(res.status(), 404);
  // The same token and form on its own participation reach the stage machine
  // (which refuses: its building has not begun), so the token was good.
  res = await api.post(`${server.url}/partisipasi/${ids.kanim22}/pembangunan`, {
    form: { csrf, kriteria: 'sarana', 'jawaban.ramp': 'tidak' }, maxRedirects: 0,
  });
  assert.equal(res.status(), 409, await res.text());
  assert.equal(sql(`SELECT indicator || '=' || option_code || ':' || note FROM answer
    WHERE participation_id = ${ids.rutan} ORDER BY indicator`), answers);
  assert.equal(sql('SELECT COUNT(*) FROM file'), rows);
  assert.equal(sql('SELECT COUNT(*) FROM audit_log'), audit);
  assert.equal(stateOf(ids.rutan), 'pembangunan/building');
});

test('the head of Rutan Limboto submits for evaluation', { timeout: 60000 }, async () => {
  const page = await as(HEAD_RUTAN);
  await openStage(page, ids.rutan, 'Pembangunan');
  await assertClean(page, 'the complete self-assessment with the submit form');
  await clickThrough(page, page.getByRole('button', { name: 'Ajukan untuk evaluasi' }));
  assert.equal(stateOf(ids.rutan), 'evaluasi/awaiting_evaluation');
  await assertHeaderState(page, 'Menunggu evaluasi');
});

test('the regional office passes Rutan Limboto; the evaluation report is verifiable', { timeout: 120000 }, async () => {
  const page = await as(KANWIL);
  await openStage(page, ids.rutan, 'Evaluasi');
  assert.ok(await page.locator('button[name=keputusan]').count(), 'the decision form');
  await assertClean(page, 'the evaluation page with its form');
  await clickThrough(page, page.getByRole('button', { name: 'Lulus evaluasi', exact: true }));
  assert.equal(stateOf(ids.rutan), 'penilaian/evidence_open');
  await assertHeaderState(page, 'Mengunggah data dukung');
  await assertClean(page, 'the evaluation page after a pass');
  serials.bae = await serialOnPage(page, 'BAE');
  await checkDocument(page, serials.bae, RUTAN, [`${RUTAN} dinyatakan LULUS evaluasi`]);
});

test('the regional office fails the Gorontalo prison with a reason; the letter is verifiable', { timeout: 120000 }, async () => {
  const reason = 'Ruang tunggu kunjungan belum ramah anak dan lansia.';
  const page = await as(KANWIL);
  await openStage(page, ids.lapas, 'Evaluasi');
  await page.fill('#f-alasan-sarana', reason);
  await clickThrough(page, page.getByRole('button', { name: 'Belum lulus evaluasi' }));
  assert.equal(stateOf(ids.lapas), 'evaluasi/failed');
  assert.match(await page.locator('main').textContent(), /Ruang tunggu kunjungan belum ramah anak/);
  await assertClean(page, 'the evaluation page after a failure');
  serials.ske = await serialOnPage(page, 'SKE');
  await checkDocument(page, serials.ske, LAPAS, [`${LAPAS} dinyatakan BELUM LULUS evaluasi`, reason]);

  await openStage(page, ids.lapas);
  const main = await page.locator('main').textContent();
  assert.match(main, /Partisipasi ini sudah selesai untuk siklus ini\./);
  assert.ok(main.includes(serials.ske));
  await assertClean(page, 'the overview of an ended participation');
});

// --- P2HAM 2022: the immigration office, declaration and building only ------

test('2022: the immigration office declares, builds and submits; the cycle ends there', { timeout: 300000 }, async () => {
  const pid = ids.kanim22;
  const op = await as(OPERATOR_KANIM);
  await openStage(op, pid, 'Pencanangan');
  await op.fill('#f-tanggal', witaDay(3));
  await op.selectOption('#f-moda', 'luring');
  await op.fill('#f-tempat', 'Aula Kantor Imigrasi Kelas I TPI Gorontalo');
  await clickThrough(op, op.getByRole('button', { name: 'Ajukan permohonan' }));
  assert.equal(stateOf(pid), 'pencanangan/requested');

  const coord = await as(COORDINATOR);
  await openStage(coord, pid, 'Pencanangan');
  await coord.fill('#f-saksi_ditjen_nama', 'Dr. Hajerati');
  await coord.fill('#f-saksi_ditjen_jabatan', 'Direktur Diseminasi dan Penguatan HAM');
  await clickThrough(coord, coord.getByRole('button', { name: 'Setujui', exact: true }));
  assert.equal(stateOf(pid), 'pencanangan/approved');
  const serial = await serialOnPage(coord, 'PCN');
  const statement = await checkDocument(coord, serial, KANIM);

  await openStage(op, pid, 'Pencanangan');
  await op.fill('#f-tanggal_pelaksanaan', witaDay(0));
  await op.selectOption('#f-moda_pelaksanaan', 'luring');
  await op.fill('#f-jumlah_hadir', '30');
  await op.fill('#f-saksi_nama_1', 'Dr. Hajerati');
  await op.fill('#f-saksi_jabatan_1', 'Direktur Diseminasi dan Penguatan HAM');
  await op.selectOption('#f-saksi_jenis_1', 'ditjen_ham');
  await clickThrough(op, op.getByRole('button', { name: 'Simpan catatan pelaksanaan' }));
  assert.match(op.url(), /selesai=catat/);
  // The signed statement as a plain form post, without JavaScript.
  const plain = await as(OPERATOR_KANIM, { js: false });
  await plain.goto(op.url().split('?')[0]);
  await plain.setInputFiles('#f-pernyataan', statement);
  await clickThrough(plain, plain.locator('form[data-upload]').getByRole('button', { name: 'Unggah' }));
  assert.match(plain.url(), /selesai=unggah/);
  assert.equal(sql(`SELECT name FROM file WHERE participation_id = ${pid} AND purpose = 'statement'`), `${serial}.pdf`);

  const kanwil = await as(KANWIL);
  await openStage(kanwil, pid, 'Pencanangan');
  await clickThrough(kanwil, kanwil.getByRole('button', { name: 'Konfirmasi pencanangan' }));
  assert.equal(stateOf(pid), 'pembangunan/building');

  await openStage(op, pid, 'Pembangunan');
  const url = op.url().split('?')[0];
  const n = await answerAll(op, pid, { code: 'help_desk', text: 'Meja layanan informasi di lobi' });
  for (const [i, code] of (await uploadCodes(op)).entries()) {
    await uploadEvidence(op, code, i % 2 ? files['foto-sarana.png'] : files['data-dukung.pdf']);
  }
  await op.goto(url);
  assert.equal((await op.locator('#progress-all + strong').textContent()).trim(), `100% (${n}/${n})`);

  const head = await as(HEAD_KANIM);
  await openStage(head, pid, 'Pembangunan');
  // 2022 runs no evaluation: the head submits the building results, and that is the end.
  await clickThrough(head, head.getByRole('button', { name: 'Ajukan hasil pembangunan' }));
  assert.equal(stateOf(pid), 'pembangunan/submitted');
  assert.match(await head.getByRole('status').textContent(), /partisipasi unit selesai untuk siklus ini/);

  await openStage(head, pid);
  const main = await head.locator('main').textContent();
  assert.match(main, /Semua tahap yang dijalankan siklus ini sudah selesai\./);
  assert.match(main, /Partisipasi ini sudah selesai untuk siklus ini\./);
  const tabs = (await head.locator('nav.stages li').allTextContents()).map((s) => s.trim().split(/\s/)[0]);
  assert.deepEqual(tabs, ['Ringkasan', 'Pencanangan', 'Pembangunan'], 'no evaluation tab in 2022');
  await assertClean(head, 'the overview of a participation whose cycle ended');
});

// --- The record -------------------------------------------------------------

test('Rutan Limboto\'s overview lists the timeline with names, and its documents', { timeout: 60000 }, async () => {
  const page = await as(KANWIL);
  await openStage(page, ids.rutan);
  const rows = await page.locator('main table[aria-labelledby=timeline-title] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const steps = rows.map(([, what, who]) => `${what} — ${who}`)
    .filter((s) => !/^(Berkas diunggah|Jawaban disimpan|Penilaian mandiri diisi)/.test(s));
  for (const want of [
    'Permohonan pencanangan diajukan — Irfan Dunggio',
    'Permohonan pencanangan disetujui — Bambang Sutrisno',
    'Pelaksanaan pencanangan dicatat — Irfan Dunggio',
    'Pencanangan dikonfirmasi — Fatmawati Yusuf',
    'Diajukan untuk evaluasi — Yusuf Mooduto',
    'Evaluasi: lulus — Fatmawati Yusuf',
  ]) assert.ok(steps.includes(want), `timeline has "${want}":\n${steps.join('\n')}`);
  const docs = await page.locator('main').textContent();
  assert.ok(docs.includes(serials.pcn) && docs.includes(serials.bae), 'both documents listed');
  await assertClean(page, 'the overview with its timeline and documents');
});

test('the progress page is axe-clean and counts the path\'s outcomes', { timeout: 60000 }, async () => {
  const page = await as(COORDINATOR);
  await page.goto(`${server.url}/`);
  await clickThrough(page, page.getByRole('link', { name: 'Progres', exact: true }));
  assert.match(page.url(), /\/progres/);
  const heads = await page.locator('main thead th').allTextContents();
  for (const label of ['Mengunggah data dukung', 'Belum lulus evaluasi']) {
    assert.ok(heads.includes(label), `a column for "${label}"`);
  }
  await assertClean(page, 'the progress page');
  // Its JSON twin: where each 2023 unit of the coordinator's region
  // (Wilayah I: Gorontalo, then South Sulawesi) stands after the path.
  const res = await page.context().request.get(page.url(), { headers: { accept: 'application/json' } });
  const model = await res.json();
  assert.equal(model.cycle.title, 'P2HAM 2023');
  assert.deepEqual(model.by_province.map((p) => p.code), [73, 75]);
  const at = Object.fromEntries(model.by_unit_type.map((row) => [row.code,
    row.cells.filter((c) => c.n > 0).map((c) => `${c.stage}/${c.state}=${c.n}`).join(' ')]));
  assert.deepEqual(at, {
    kanim: 'pembangunan/building=1 penilaian/revision=1',
    lapas: 'pencanangan/requested=1 evaluasi/failed=1',
    rutan: 'penilaian/evidence_open=1 penilaian/scoring=1',
    bapas: 'pencanangan/requested=1 penilaian/assessed=1',
    // The regional offices, awarded by the demo's 2023 decree; South
    // Sulawesi's award revoked.
    kanwil: 'pembinaan/supervised=1 pembinaan/revoked=1',
  });
});
