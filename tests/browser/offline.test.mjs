// A site visit without a signal, in Debian's Chromium with a profile kept
// on disk as a phone keeps its own. The verifier prepares the visit on the
// prison of Gorontalo's verification page; the browser goes offline and
// the page reloads from the device; three verdicts and a visit with a photo
// are kept on the device; the browser is closed and opened again, still
// offline, and they are all there, listed as only on the device.
// Meanwhile the unit replaces the evidence of one of the three indicators.
// Back online they are sent: two verdicts and the visit are received, the
// third is refused as a conflict and the page shows both sides; sent again
// (the answer lost) nothing is recorded twice; the verifier keeps the
// verdict and it is received. The page and the audit log show when each
// was recorded offline and when it was received. Then the regional office
// does the same with a supervision visit of an awarded unit. axe-core (WCAG
// 2.1 A and AA) finds no violation on the pages online, offline and with a
// conflict.
//
// Fixtures, not paths: the participation is moved to verification
// directly, and to evidence_open and back for the unit's replacement.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { signIn } from '../http/client.mjs';
import { issueDecree } from '../http/decree_fixture.mjs';
import { TINY_PDF, TINY_PNG, binary, loadDemo, participationOf, sqlOk, startServer } from '../http/lib.mjs';
import { axeViolations, describeViolations, launchPersistent } from './lib.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const HEAD_PASSWORD = 'Kata-Sandi-Uji-2026';
const VERIFIER = 'verifikator@p2ham.demo';
const HEAD = 'kepala.lapangan@uji.go.id';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';

let server;
let tmp;
let context;
const ids = {};
const sql = (text) => sqlOk(server, text);

function witaDay(days = 0) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

async function clean(page, what) {
  const v = await axeViolations(page);
  assert.equal(v.length, 0, `axe violations on ${what}:\n${describeViolations(v)}`);
}

/** The verifier's browser, on the profile of before; offline when asked. */
async function openBrowser({ offline = false } = {}) {
  context = await launchPersistent(path.join(tmp, 'profil'), { bypassCSP: true, offline });
  return context.pages()[0] || context.newPage();
}

async function signInPage(page, email, password) {
  await page.goto(`${server.url}/masuk`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.locator('main button[type=submit]').click()]);
  assert.doesNotMatch(page.url(), /\/masuk/, `${email} signed in`);
}

/** The records the panel lists as only on the device, and as sent. */
async function panelLists(page) {
  await page.locator('#luring[data-muat="ya"]').waitFor();
  return {
    device: await page.locator('#luring-perangkat li[data-id]').count(),
    sent: await page.locator('#luring-terkirim li[data-id]').count(),
    conflicts: await page.locator('#luring-konflik .conflict').count(),
  };
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-offline-'));
  server = await startServer();
  loadDemo(server);
  ids.pid = participationOf(server, LAPAS);
  const unit = sql(`SELECT unit_id FROM participation WHERE id = ${ids.pid}`);
  const r = spawnSync(binary, ['user', 'add', '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : []), '--email', HEAD, '--name', 'Kepala Lapas Lapangan',
    '--role', 'unit_head', '--scope', `unit:${unit}`, '--province', '75'],
  { input: HEAD_PASSWORD + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const admin = await signIn(server, 'admin@p2ham.demo', PASSWORD);
  await admin.get(`/partisipasi/${ids.pid}/evaluasi`);
  let res = await admin.post(`/partisipasi/${ids.pid}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  await admin.get(`/partisipasi/${ids.pid}/penugasan`);
  res = await admin.post(`/partisipasi/${ids.pid}/penugasan`, {
    peran: 'verifikator', email: VERIFIER, tenggat: witaDay(14),
  });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  sql(`UPDATE participation SET state = 'verification' WHERE id = ${ids.pid}`);
  ids.photo = path.join(tmp, 'ruang-tunggu.png');
  writeFileSync(ids.photo, TINY_PNG);
});

after(async () => {
  await context?.close().catch(() => {});
  if (server?.isAlive) await server.stop('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

test('the verifier prepares the visit while connected', async () => {
  const page = await openBrowser();
  await signInPage(page, VERIFIER, PASSWORD);
  ids.url = `${server.url}/partisipasi/${ids.pid}/verifikasi`;
  await page.goto(ids.url);
  await page.locator('#luring').waitFor({ state: 'visible' });
  ids.codes = await page.locator('button.luring-simpan').evaluateAll(
    (bs) => bs.slice(0, 3).map((b) => b.getAttribute('data-kode')));
  assert.equal(ids.codes.length, 3);
  await page.getByRole('button', { name: 'Siapkan kunjungan luring' }).click();
  await page.locator('#luring[data-siap="ya"]').waitFor();
  assert.match(await page.locator('#luring-status').textContent(), /Kunjungan siap/);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  assert.deepEqual(await panelLists(page), { device: 0, sent: 0, conflicts: 0 });
  await clean(page, 'the verification page with the offline panel');
});

test('offline, the page reloads from the device; three verdicts and a photo are kept there', async () => {
  const page = context.pages()[0];
  await context.setOffline(true);
  await page.reload();
  await page.locator('#luring[data-muat="ya"]').waitFor();
  assert.match(await page.locator('h1').first().textContent(), /Gorontalo/);
  const probe = await page.evaluate(() => fetch('/health').then(() => 'reached', () => 'no network'));
  assert.equal(probe, 'no network', 'the network is really off');
  const [a, b, c] = ids.codes;
  const choose = [[a, 'verified', ''], [b, 'needs_revision', 'Papan alur layanan belum ada.'],
    [c, 'verified', 'Sesuai dengan yang dilihat di lokasi.']];
  for (const [code, verdict, note] of choose) {
    await page.check(`#p-${code}-${verdict}`);
    await page.fill(`#c-${code}`, note);
    await page.locator(`button.luring-simpan[data-kode="${code}"]`).click();
    await page.locator(`#luring-perangkat li[data-id]`).nth(choose.findIndex((x) => x[0] === code)).waitFor();
  }
  await page.fill('#l-tanggal', witaDay(0));
  await page.fill('#l-hadir', 'Kepala Lapas, petugas layanan kunjungan');
  await page.fill('#l-temuan', 'Ruang tunggu bersih; papan alur layanan belum dipasang.');
  await page.setInputFiles('#l-foto', ids.photo);
  await page.getByRole('button', { name: 'Catat kunjungan di perangkat' }).click();
  await page.locator('#luring-perangkat li[data-id]').nth(3).waitFor();
  assert.deepEqual(await panelLists(page), { device: 4, sent: 0, conflicts: 0 });
  await clean(page, 'the verification page offline, with records on the device');
});

test('closed and opened again, still offline, everything is still on the device', async () => {
  await context.close();
  const page = await openBrowser({ offline: true });
  await page.goto(ids.url);
  assert.deepEqual(await panelLists(page), { device: 4, sent: 0, conflicts: 0 });
  const text = await page.locator('#luring-perangkat').textContent();
  assert.match(text, /Papan alur layanan belum ada/);
  assert.match(text, /1 foto/);
});

test('meanwhile the unit replaces the evidence of the third indicator', async () => {
  const code = ids.codes[2];
  const old = Number(sql(`SELECT MIN(id) FROM file WHERE participation_id = ${ids.pid}
    AND purpose = 'evidence' AND indicator = '${code}' AND removed_at IS NULL`));
  sql(`UPDATE participation SET state = 'evidence_open' WHERE id = ${ids.pid}`);
  const head = await signIn(server, HEAD, HEAD_PASSWORD);
  await head.get(`/partisipasi/${ids.pid}/penilaian`);
  const form = new FormData();
  form.append('csrf', head.csrf);
  form.append('indikator', code);
  form.append('ganti', String(old));
  form.append('berkas', new Blob([TINY_PDF], { type: 'application/pdf' }), 'bukti-pengganti.pdf');
  const r = await head.send(`/partisipasi/${ids.pid}/penilaian/berkas`, { method: 'POST', body: form });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  sql(`UPDATE participation SET state = 'verification' WHERE id = ${ids.pid}`);
});

test('back online: received once even sent twice; the conflict is shown and resolved', async () => {
  const page = context.pages()[0];
  await context.setOffline(false);
  // Closing the browser ended the session: the records wait while the verifier signs in.
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#luring-status', { hasText: 'masuk lagi' }).waitFor();
  assert.deepEqual(await panelLists(page), { device: 4, sent: 0, conflicts: 0 });
  await signInPage(page, VERIFIER, PASSWORD);
  await page.goto(ids.url);
  assert.deepEqual(await panelLists(page), { device: 4, sent: 0, conflicts: 0 });
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#luring-status', { hasText: 'Diterima: 3; sudah ada: 0; perlu keputusan: 1' }).waitFor();
  assert.deepEqual(await panelLists(page), { device: 0, sent: 3, conflicts: 1 });
  const box = page.locator('#luring-konflik .conflict');
  const sides = await box.textContent();
  assert.match(sides, /Di perangkat/);
  assert.match(sides, /Sesuai dengan yang dilihat di lokasi/);
  assert.match(sides, /Di server sekarang/);
  assert.match(sides, /bukti-pengganti\.pdf/);
  await clean(page, 'the verification page with a conflict to decide');

  const offlineVerdicts = () => sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ids.pid}
    AND recorded_offline_at IS NOT NULL`);
  const offlineVisits = () => sql(`SELECT COUNT(*) FROM site_visit WHERE participation_id = ${ids.pid}
    AND recorded_offline_at IS NOT NULL`);
  assert.equal(offlineVerdicts(), '2');
  assert.equal(offlineVisits(), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM site_visit_file f JOIN site_visit s ON s.id = f.site_visit_id
    WHERE s.participation_id = ${ids.pid} AND s.recorded_offline_at IS NOT NULL`), '1');

  // The answer was lost on the way: the device still thinks they wait, and sends them again.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const rq = indexedDB.open('p2ham-luring', 1);
    rq.onsuccess = () => {
      const db = rq.result;
      const t = db.transaction('items', 'readwrite');
      const st = t.objectStore('items');
      st.getAll().onsuccess = (ev) => {
        for (const it of ev.target.result) if (it.state === 'sent') st.put({ ...it, state: 'device' });
      };
      t.oncomplete = () => { db.close(); resolve(); };
      t.onerror = () => reject(t.error);
    };
  }));
  await page.reload();
  assert.deepEqual(await panelLists(page), { device: 3, sent: 0, conflicts: 1 });
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#luring-status', { hasText: 'Diterima: 0; sudah ada: 3' }).waitFor();
  assert.equal(offlineVerdicts(), '2', 'no verdict twice');
  assert.equal(offlineVisits(), '1', 'no visit twice');

  // The verifier looked at the new evidence and keeps the verdict.
  await page.getByRole('button', { name: 'Tetap kirim putusan saya' }).click();
  await page.locator('#luring-status', { hasText: 'Diterima: 1' }).waitFor();
  assert.deepEqual(await panelLists(page), { device: 0, sent: 4, conflicts: 0 });
  assert.equal(offlineVerdicts(), '3');
  assert.equal(sql(`SELECT COUNT(*) FROM offline_item WHERE participation_id = ${ids.pid}`), '4');
});

test('the record and the audit log say when it was recorded offline and when received', async () => {
  const page = context.pages()[0];
  await page.goto(ids.url);
  const code = ids.codes[2];
  const line = await page.locator(`#indikator-${code} dd`, { hasText: 'Dicatat luring pada' }).textContent();
  assert.match(line, /Dicatat luring pada \d+ \S+ \d{4} \d\d\.\d\d WITA, diterima pada \d+ \S+ \d{4} \d\d\.\d\d WITA/);
  assert.match(await page.locator('#kunjungan ~ dl').last().textContent(), /Dicatat luring pada/);
  await clean(page, 'the verification page with what was received');

  const [recorded, received] = sql(`SELECT recorded_offline_at || '|' || given_at FROM verdict
    WHERE participation_id = ${ids.pid} AND indicator = '${code}'`).split('|');
  assert.ok(recorded < received, `recorded ${recorded} before received ${received}`);
  const admin = await context.newPage();
  await context.clearCookies();
  await signInPage(admin, 'admin@p2ham.demo', PASSWORD);
  await admin.goto(`${server.url}/audit?tindakan=verdict.add&objek=${ids.pid}`);
  const rows = await admin.locator('tbody tr').allTextContents();
  const row = rows.find((t) => t.includes(recorded));
  assert.ok(row, `an audit entry names ${recorded}:\n${rows.join('\n')}`);
  // The entry's own time is when the server received it (its clock read
  // again as the entry is written: the same second or the next).
  const at = row.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/)[0];
  const lag = Date.parse(at) - Date.parse(received);
  assert.ok(lag >= 0 && lag <= 2000, `the entry is dated ${at}, received ${received}: ${row}`);
  assert.ok(Date.parse(at) - Date.parse(recorded) >= 1000, `recorded offline ${recorded} well before ${at}`);
  await clean(admin, 'the audit log');
});

test('a supervision visit is prepared, recorded offline and received', async () => {
  const kanim = participationOf(server, 'Kantor Imigrasi Kelas I TPI Gorontalo');
  const cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${kanim}`));
  sql(`UPDATE participation SET stage = 'pembinaan', state = 'supervised' WHERE id = ${kanim}`);
  issueDecree(sql, { cycle, awarded: [kanim], number: 'UJI-LURING-2' });
  await context.close();
  context = await launchPersistent(path.join(tmp, 'profil-kanwil'), { bypassCSP: true });
  const page = context.pages()[0] || await context.newPage();
  await signInPage(page, 'kanwil.gorontalo@p2ham.demo', PASSWORD);
  const url = `${server.url}/partisipasi/${kanim}/pembinaan`;
  await page.goto(url);
  await page.getByRole('button', { name: 'Siapkan kunjungan luring' }).click();
  await page.locator('#luring[data-siap="ya"]').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  assert.deepEqual(await panelLists(page), { device: 0, sent: 0, conflicts: 0 });
  await page.fill('#l-tanggal', witaDay(0));
  await page.fill('#l-petugas', 'Petugas Kanwil Gorontalo');
  await page.fill('#l-ringkasan', 'Layanan prioritas berjalan; ramp belum diperbaiki.');
  await page.getByRole('button', { name: 'Catat kunjungan di perangkat' }).click();
  await page.locator('#luring-perangkat li[data-id]').first().waitFor();
  await clean(page, 'the supervision page offline, with a visit on the device');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  await page.locator('#luring-status', { hasText: 'Diterima: 1' }).waitFor();
  assert.deepEqual(await panelLists(page), { device: 0, sent: 1, conflicts: 0 });
  assert.equal(sql(`SELECT COUNT(*) FROM supervision_visit WHERE participation_id = ${kanim}
    AND recorded_offline_at IS NOT NULL`), '1');
  await page.goto(url);
  assert.match(await page.locator('main').textContent(), /Dicatat luring pada.*diterima pada/s);
  await clean(page, 'the supervision page with the visit received');
});
