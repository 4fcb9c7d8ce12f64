// What a browser test of a stage needs besides the browser: one signed-in
// context per person, axe on a page, following a click to the next page,
// the page's notice, an evidence upload, the serial of a document a page
// lists, a document's PDF checked (text with pdftotext, QR code with
// zbarimg, the verification page it opens), a small PDF to upload, dates
// in the demo units' zone, and supervision: a finding's follow-up that goes
// overdue, and a revocation that withdraws the certificate.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadDemo, startServer } from '../http/lib.mjs';
import { axeViolations, describeViolations, launchBrowser } from './lib.mjs';

/**
 * The people of a test file: as(email) is the page of that person's
 * signed-in context (one per account, kept for the whole file), with
 * JavaScript off when js is false; as(null) is the public's. close() ends
 * them all.
 */
export class People {
  constructor(browser, server, password) {
    this.browser = browser;
    this.server = server;
    this.password = password;
    this.contexts = new Map();
  }

  async as(email, { js = true, password = this.password } = {}) {
    const key = `${email || 'public'}${js ? '' : ' (no js)'}`;
    if (this.contexts.has(key)) return this.contexts.get(key).page;
    // bypassCSP: the page's CSP forbids the inline script axe runs.
    const context = await this.browser.newContext({ bypassCSP: true, javaScriptEnabled: js });
    const page = await context.newPage();
    if (email) {
      await page.goto(`${this.server.url}/masuk`);
      await page.fill('#f-email', email);
      await page.fill('#f-password', password);
      await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
      assert.doesNotMatch(page.url(), /\/masuk/, `${email} signed in`);
    }
    this.contexts.set(key, { context, page });
    return page;
  }

  async close() {
    for (const { context } of this.contexts.values()) await context.close().catch(() => {});
  }
}

/** Fails with axe's findings unless the page has no WCAG 2.1 A or AA violation. */
export async function assertClean(page, what) {
  const v = await axeViolations(page);
  assert.equal(v.length, 0, `axe violations on ${what}:\n${describeViolations(v)}`);
}

/** Clicks what leads to another page and waits for it. */
export async function clickThrough(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

/** The page's notice: its role (alert or status) and its text. */
export async function notice(page) {
  const n = page.locator('main .notice[role]').first();
  await n.waitFor();
  return { role: await n.getAttribute('role'), text: (await n.textContent()).replace(/\s+/g, ' ').trim() };
}

/**
 * One evidence upload through an indicator's form, waiting for the page it
 * leads to. upload.js may first rewrite the address and then reload: wait
 * for the page's load.
 */
export async function uploadEvidence(page, code, file) {
  const before = await page.locator(`#indikator-${code} a[href^="/berkas/"]`).count();
  await page.setInputFiles(`#u-${code}`, file);
  await Promise.all([page.waitForEvent('load'),
    page.locator(`#indikator-${code} form[data-upload] button[type=submit]`).click()]);
  assert.match(page.url(), /ok=unggah/, `upload for ${code}`);
  assert.equal(await page.locator(`#indikator-${code} a[href^="/berkas/"]`).count(), before + 1,
    `the evidence of ${code} is listed`);
}

/** The serial of the one document of a kind shown on the page (once or more). */
export async function serialOnPage(page, prefix) {
  const codes = await page.locator('main code').allTextContents();
  const found = [...new Set(codes.map((s) => s.trim()).filter((s) => s.startsWith(`${prefix}-`)))];
  assert.equal(found.length, 1, `one ${prefix} document shown, got ${JSON.stringify(codes)}`);
  assert.match(found[0], new RegExp(`^${prefix}-\\d{4}-\\d{6}$`));
  return found[0];
}

/** Today (plus days) as YYYY-MM-DD in WITA, the demo units' time zone. */
export function witaDay(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

/** A small but complete PDF with one line of text. */
export function tinyPdf(text) {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Downloads /dokumen/SERIAL with page's cookies into dir and checks its text
 * (the unit's name unless null, the serial and every extra word) and its QR
 * code, which must open the server's verification page of the serial; then
 * opens that page in pub (the public's page), which must say the document
 * is genuine and name the serial (and the unit), and calls clean(what) on
 * it. Returns the PDF's text, its whitespace made single spaces.
 */
export async function checkPdf(page, { server, dir, serial, unit, extra = [], pub, clean }) {
  const res = await page.context().request.get(`${server.url}/dokumen/${serial}`);
  assert.equal(res.status(), 200, `download ${serial}`);
  assert.match(res.headers()['content-type'], /application\/pdf/);
  const file = path.join(dir, `${serial}.pdf`);
  writeFileSync(file, await res.body());

  // In reading order, and in the order it was drawn.
  const text = ['-nopgbrk', '-raw'].map((mode) => {
    const t = spawnSync('pdftotext', ['-enc', 'UTF-8', mode, file, '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    return t.stdout.replace(/\s+/g, ' ');
  });
  for (const want of [unit, serial, ...extra].filter(Boolean)) {
    assert.ok(text.some((t) => t.includes(want)), `${serial} says "${want}":\n${text[0]}`);
  }
  assert.doesNotMatch(text[0], /\{[a-z_]+\}/, `${serial} has no unfilled placeholder:\n${text[0]}`);

  const r = spawnSync('pdftoppm', ['-r', '150', '-png', file, path.join(dir, serial)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const images = readdirSync(dir).filter((n) => n.startsWith(serial) && n.endsWith('.png'));
  assert.ok(images.length > 0, 'pdftoppm made a page image');
  const codes = new Set();
  for (const img of images) {
    const z = spawnSync('zbarimg', ['-q', '--raw', path.join(dir, img)], { encoding: 'utf8' });
    for (const line of (z.stdout || '').split('\n')) if (line.trim()) codes.add(line.trim());
  }
  // The server's public address defaults to the one it listens on.
  assert.deepEqual([...codes], [`${server.url}/verifikasi/${serial}`], `QR code of ${serial}`);

  await pub.goto([...codes][0]);
  await pub.locator('.notice-ok h2').waitFor();
  assert.equal((await pub.locator('.notice-ok h2').textContent()).trim(), 'Dokumen asli');
  const details = await pub.locator('main dl.facts').textContent();
  assert.ok(details.includes(serial), `the verification names ${serial}`);
  if (unit) assert.ok(details.includes(unit), `the verification names ${unit}`);
  await clean(`the verification page of ${serial} (genuine)`);
  return text[0];
}

/**
 * Supervision of the awarded unit of participation pid, on page (its
 * regional office): a visit today, a finding and a follow-up action due on
 * due, each through the supervision page's forms, with clean(what, page) on
 * the page after each. Returns the action's element id ("aksi-N").
 */
export async function recordFollowUp(page, { server, pid, clean, due = witaDay(0),
  finding = 'Ramp untuk kursi roda rusak.', action = 'Perbaiki ramp di pintu masuk.' }) {
  await page.goto(`${server.url}/partisipasi/${pid}/pembinaan`);
  await clean('the supervision page', page);
  await page.fill('#kv0-tanggal', witaDay(0));
  await page.fill('#kv0-petugas', 'Fatmawati Yusuf; Budi Santoso');
  await page.fill('#kv0-ringkasan', 'Kunjungan pembinaan sesudah penganugerahan.');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan kunjungan' }));
  assert.equal((await notice(page)).text, 'Kunjungan dicatat.');
  const visit = page.locator('section.visit').last();
  await visit.locator('summary', { hasText: 'Tambah temuan' }).click();
  await visit.getByLabel('Tingkat temuan').selectOption('high');
  await visit.getByLabel('Uraian temuan').fill(finding);
  await clickThrough(page, visit.getByRole('button', { name: 'Simpan temuan' }));
  assert.equal((await notice(page)).text, 'Temuan dicatat.');
  const found = page.locator('div.finding', { hasText: finding }).last();
  await found.locator('summary', { hasText: 'Tambah tindak lanjut' }).click();
  await clean('the supervision page with its forms open', page);
  await found.getByLabel('Tindak lanjut yang diminta').fill(action);
  await found.getByLabel('Penanggung jawab di unit').fill('Kepala Subbagian Umum');
  await found.getByLabel('Tenggat').fill(due);
  await clickThrough(page, found.getByRole('button', { name: 'Simpan tindak lanjut' }));
  assert.equal((await notice(page)).text, 'Tindak lanjut dicatat.');
  const id = await page.locator('div.action', { hasText: action }).last().getAttribute('id');
  assert.match(id, /^aksi-\d+$/);
  return id;
}

/**
 * The follow-up action (element id, from recordFollowUp) whose due date
 * has passed shows as overdue on the participation's supervision page, on
 * the regional office's list and on /progres, on page (the regional
 * office's), with clean(what, page) on each.
 */
export async function assertOverdue(page, { server, pid, id, action, clean }) {
  await page.goto(`${server.url}/partisipasi/${pid}/pembinaan`);
  const late = page.locator('section[aria-labelledby="late-title"]');
  assert.match(await late.textContent(), new RegExp(action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(await page.locator(`#${id}`).textContent(), /Terlambat/);
  await clean('the supervision page with an overdue action', page);
  for (const where of ['/pembinaan/terlambat', '/progres']) {
    await page.goto(`${server.url}${where}`);
    const row = page.locator('main table tr', { hasText: action });
    assert.equal(await row.count(), 1, `${where} lists the overdue action`);
    await clean(`${where} with an overdue action`, page);
  }
}

/**
 * Revoke the award of participation pid on page (an observer with the
 * power, or the admin) with reason and the supporting PDF at file; then
 * the public (pub) finds the certificate serial withdrawn on /verifikasi
 * with the reason, and, when cycle has published results, /hasil/cycle
 * shows the award of unit (its name) revoked. clean(what, page) on each
 * page.
 */
export async function revokeAward(page, { server, pid, reason, file, serial, pub, clean, cycle, unit }) {
  await page.goto(`${server.url}/partisipasi/${pid}/pembinaan`);
  await page.getByLabel('Alasan').fill(reason);
  await page.setInputFiles('#cb0-dokumen', file);
  await clickThrough(page, page.getByRole('button', { name: 'Cabut predikat' }));
  assert.match((await notice(page)).text, /Predikat dicabut/);
  await clean('the supervision page after the revocation', page);
  await pub.goto(`${server.url}/verifikasi/${serial}`);
  const n = pub.locator('main .notice-error');
  assert.equal((await n.locator('h2').textContent()).trim(), 'Dokumen telah ditarik');
  assert.match(await n.textContent(), new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await clean(`the verification page of ${serial} (withdrawn)`, pub);
  if (cycle) {
    await pub.goto(`${server.url}/hasil/${cycle}`);
    const row = pub.locator('main table tr', { hasText: unit });
    assert.equal(await row.count(), 1, `${unit} is in the published results`);
    assert.match(await row.textContent(), /dicabut/);
    await clean('the published results after the revocation', pub);
  }
}

/**
 * What a browser test of the demo stands on: a server with `p2ham demo`
 * loaded, Chromium, the People signing in with password, and a temporary
 * folder whose name starts with prefix. end() takes all of it down, also
 * when the start failed halfway.
 */
export async function demoStage(password, prefix) {
  const st = { tmp: mkdtempSync(path.join(os.tmpdir(), prefix)) };
  st.end = async () => {
    await st.people?.close();
    await st.browser?.close();
    if (st.server?.isAlive) await st.server.stop('SIGKILL');
    rmSync(st.tmp, { recursive: true, force: true });
  };
  try {
    st.server = await startServer();
    loadDemo(st.server);
    st.browser = await launchBrowser();
    st.people = new People(st.browser, st.server, password);
  } catch (err) {
    await st.end();
    throw err;
  }
  return st;
}
