// Guidance and supervision in Debian's Chromium, one browser context per
// person. P2HAM 2023, the immigration office of Gorontalo, made an awarded
// unit under supervision (the decree's rows written directly): the regional
// office records a visit, a finding and a follow-up action through the
// page's forms; a refused form keeps what was typed; the unit's operator
// answers with evidence and the regional office closes it. A second
// follow-up goes overdue (its due date moved into the past) and shows on
// the supervision page, the regional office's list, /progres and the
// unit's page. With the demo's results published, the observer revokes the
// award, the admin reinstates it (a new certificate), the observer revokes
// it again: /verifikasi shows the certificate withdrawn with the reason and
// /hasil shows the revocation. axe-core (WCAG 2.1 A and AA) finds no
// violation on any page state visited.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { issueDecree } from '../http/decree_fixture.mjs';
import { sqlOk } from '../http/lib.mjs';
import {
  assertClean, assertOverdue, clickThrough, demoStage, notice, recordFollowUp, revokeAward, tinyPdf, witaDay,
} from './stage.mjs';

const PASSWORD = 'Demo-P2HAM-2025';
const ADMIN = 'admin@p2ham.demo';
const KANWIL = 'kanwil.gorontalo@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const OBSERVER = 'pengamat@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';

let stage;
let server;
let people;
let tmp;
const ids = {};
const files = {};
const sql = (text) => sqlOk(server, text);
const clean = (what, page) => assertClean(page, what);

before(async () => {
  stage = await demoStage(PASSWORD, 'p2ham-supervision-');
  ({ server, people, tmp } = stage);
  ids.pid = Number(sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = '${KANIM}' AND c.title = 'P2HAM 2023'`));
  ids.cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${ids.pid}`));
  ids.unit = Number(sql(`SELECT unit_id FROM participation WHERE id = ${ids.pid}`));
  sql(`UPDATE participation SET stage = 'pembinaan', state = 'supervised' WHERE id = ${ids.pid}`);
  issueDecree(sql, { cycle: ids.cycle, awarded: [ids.pid], number: 'UJI-PEMBINAAN-2' });
  files.evidence = path.join(tmp, 'bukti-perbaikan.pdf');
  writeFileSync(files.evidence, tinyPdf('Bukti perbaikan ramp'));
  files.report = path.join(tmp, 'laporan-inspektorat.pdf');
  writeFileSync(files.report, tinyPdf('Laporan hasil pemeriksaan'));
});

after(() => stage?.end());

test('a refused visit keeps what was typed', async () => {
  const page = await people.as(KANWIL);
  await page.goto(`${server.url}/partisipasi/${ids.pid}/pembinaan`);
  await page.fill('#kv0-tanggal', witaDay(5));
  await page.fill('#kv0-petugas', 'Petugas yang diketik');
  await clickThrough(page, page.getByRole('button', { name: 'Simpan kunjungan' }));
  const n = await notice(page);
  assert.equal(n.role, 'alert');
  assert.match(n.text, /paling lambat hari ini/);
  assert.equal(await page.inputValue('#kv0-petugas'), 'Petugas yang diketik');
  assert.equal(await page.getAttribute('#kv0-ringkasan', 'aria-invalid'), 'true');
  await clean('the supervision page with a refused visit', page);
});

test('a follow-up answered with evidence and closed', async () => {
  const kanwil = await people.as(KANWIL);
  const id = await recordFollowUp(kanwil, { server, pid: ids.pid, clean, due: witaDay(14) });
  const op = await people.as(OPERATOR);
  await op.goto(`${server.url}/partisipasi/${ids.pid}/pembinaan`);
  const action = op.locator(`#${id}`);
  await action.getByLabel('Jawaban unit').fill('Ramp sudah diperbaiki; foto terlampir.');
  await op.setInputFiles(`#jw${id.slice(5)}-berkas`, files.evidence);
  await clean('the supervision page, the unit answering', op);
  await clickThrough(op, action.getByRole('button', { name: 'Kirim jawaban' }));
  assert.equal((await notice(op)).text, 'Jawaban tindak lanjut dikirim.');
  assert.match(await op.locator(`#${id}`).textContent(), /bukti-perbaikan\.pdf/);
  await kanwil.goto(`${server.url}/partisipasi/${ids.pid}/pembinaan`);
  await clean('the supervision page, an answer to review', kanwil);
  await clickThrough(kanwil, kanwil.locator(`#${id}`).getByRole('button', { name: 'Tutup tindak lanjut' }));
  assert.equal((await notice(kanwil)).text, 'Tindak lanjut ditutup.');
  assert.match(await kanwil.locator(`#${id}`).textContent(), /Ditutup/);
});

test('a finding with a follow-up that goes overdue', async () => {
  const kanwil = await people.as(KANWIL);
  const action = 'Pasang pegangan tangan di toilet.';
  const id = await recordFollowUp(kanwil, { server, pid: ids.pid, clean, action, finding: 'Toilet tanpa pegangan.' });
  // Its due date passes: yesterday in the unit's zone.
  const y = witaDay(-1);
  sql(`UPDATE supervision_action SET due_date = '${y}', due_at = '${y}T15:59:59Z' WHERE id = ${id.slice(5)}`);
  await assertOverdue(kanwil, { server, pid: ids.pid, id, action, clean });
  const op = await people.as(OPERATOR);
  await op.goto(`${server.url}/unit/${ids.unit}`);
  assert.equal(await op.locator('main table tr', { hasText: action }).count(), 1, 'the unit\'s page lists it');
  await clean('the unit\'s page with an overdue action', op);
});

test('a revocation withdraws the certificate and shows on /hasil', async () => {
  const admin = await people.as(ADMIN);
  // The demo published the results; each decision publishes the next version.
  const version = () => Number(sql(`SELECT max(version) FROM result_version WHERE cycle_id = ${ids.cycle}`));
  const v0 = version();
  assert.ok(v0 >= 1, 'the demo published the results');
  const obs = await people.as(OBSERVER);
  const pub = await people.as(null);
  // The award holds no certificate yet: revoked, reinstated by the admin
  // (who issues a new one), then revoked again.
  await obs.goto(`${server.url}/partisipasi/${ids.pid}/pembinaan`);
  await obs.getByLabel('Alasan').fill('Pemeriksaan awal.');
  await obs.setInputFiles('#cb0-dokumen', files.report);
  await clickThrough(obs, obs.getByRole('button', { name: 'Cabut predikat' }));
  assert.match((await notice(obs)).text, /Predikat dicabut/);
  await admin.goto(`${server.url}/partisipasi/${ids.pid}/pembinaan`);
  await clean('the supervision page, a revoked award', admin);
  await admin.getByLabel('Alasan').fill('Pemeriksaan ulang tidak membuktikannya.');
  await clickThrough(admin, admin.getByRole('button', { name: 'Pulihkan predikat' }));
  assert.match((await notice(admin)).text, /Predikat dipulihkan/);
  const serial = (await admin.locator('main dl.key code').first().textContent()).trim();
  assert.match(serial, /^PGM-\d{4}-\d{6}$/);
  await pub.goto(`${server.url}/verifikasi/${serial}`);
  assert.equal((await pub.locator('.notice-ok h2').textContent()).trim(), 'Dokumen asli');
  await revokeAward(obs, {
    server, pid: ids.pid, reason: 'Pungutan liar terbukti oleh inspektorat.', file: files.report,
    serial, pub, clean, cycle: ids.cycle, unit: KANIM,
  });
  assert.equal(version(), v0 + 3);
});
