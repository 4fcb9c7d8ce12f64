// Site visits without a signal, the server's side: the verifier's device
// sends, as JSON, verdicts and a visit with a photo recorded offline, each
// with an identifier the device made, the time it recorded it and the
// version of the indicator it was based on. Sent again, nothing is applied
// twice. A verdict on an indicator whose evidence the unit replaced
// meanwhile is refused as a conflict, with the indicator as it stands now;
// sent again on that version it is accepted. The unit head is refused by
// the policy item by item; bad input gets a clear message; a bearer token
// needs no form token, a session does. The records and the audit log say
// when the device recorded each and when it was received. The field sheet
// PDF names every indicator (pdftotext) and its QR codes open them
// (zbarimg).
//
// Relies on the demo: the prison of Gorontalo in "P2HAM 2023" awaits its
// evaluation with its answers and evidence; here the admin passes it and
// assigns the demo verifier, and the participation is moved to
// verification directly (a fixture, not a path; the path is
// assessment.test.mjs's).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { issueDecree } from './decree_fixture.mjs';
import {
  DEMO_PASSWORD, TINY_PDF as PDF, TINY_PNG as PNG, binary, loadDemo, participationOf, sqlOk,
  testCleanStop, useServer,
} from './lib.mjs';

const PUBLIC_URL = 'https://p2ham.example.go.id';
const holder = useServer({ args: ['--public-url', `${PUBLIC_URL}/`] });
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const PASSWORD = 'Kata-Sandi-Uji-2026';
const ctx = {};

const sql = (text) => sqlOk(holder.server, text);
const as = (email, password = DEMO_PASSWORD) => signIn(holder.server, email, password);

function day(offset = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

function addUser(email, name, extra) {
  const s = holder.server;
  const r = spawnSync(binary, ['user', 'add', '--data-dir', s.dataDir,
    ...(s.db ? ['--db', s.db.url] : []), '--email', email, '--name', name, ...extra],
  { input: PASSWORD + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** POSTs body (an object, or a string sent as is) to the sync address as a script would. */
async function sync(client, body, { csrf = client.csrf, pid = ctx.pid } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  return client.send(`/partisipasi/${pid}/verifikasi/sinkron`, {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function minutesAgo(n) {
  return new Date(Date.now() - n * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The verification page as JSON: its indicators by code. */
async function indicators(client) {
  const j = await client.json(`/partisipasi/${ctx.pid}/verifikasi`);
  assert.equal(j.status, 200, j.text.slice(0, 300));
  return Object.fromEntries(j.json.criteria.flatMap((c) => c.indicators).map((i) => [i.code, i]));
}

test('the prison awaits verification by the demo verifier', async () => {
  loadDemo(holder.server);
  ctx.pid = participationOf(holder.server, LAPAS);
  const unit = sql(`SELECT unit_id FROM participation WHERE id = ${ctx.pid}`);
  addUser('kepala.luring@uji.go.id', 'Kepala Lapas Luring', ['--role', 'unit_head', '--scope',
    `unit:${unit}`, '--province', '75']);
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${ctx.pid}/evaluasi`);
  let r = await admin.post(`/partisipasi/${ctx.pid}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await admin.get(`/partisipasi/${ctx.pid}/penugasan`);
  r = await admin.post(`/partisipasi/${ctx.pid}/penugasan`, {
    peran: 'verifikator', email: 'verifikator@p2ham.demo', tenggat: day(14),
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  sql(`UPDATE participation SET state = 'verification' WHERE id = ${ctx.pid}`);
  const v = await as('verifikator@p2ham.demo');
  const page = await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="luring"[^>]* hidden/, 'the offline panel waits for its script');
  assert.match(page.text, /<script src="\/static\/offline\.js\?v=[0-9a-f]+" defer><\/script>/);
  ctx.ind = await indicators(v);
  ctx.codes = Object.keys(ctx.ind);
  assert.ok(ctx.codes.length >= 4);
  for (const c of ctx.codes) assert.match(ctx.ind[c].version, /^[0-9a-f]{16}$/, `version of ${c}`);
  const sw = await v.get('/luring-sw.js');
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
  assert.match(sw.text, /addEventListener\('fetch'/);
});

test('verdicts and a visit with a photo recorded offline are applied once, even sent twice', async () => {
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  const [a, b, c] = ctx.codes;
  ctx.body = {
    items: [
      { id: 'dev-0001-aaaa', kind: 'verdict', recorded_at: minutesAgo(50), indicator: a,
        version: ctx.ind[a].version, verdict: 'verified', note: '' },
      { id: 'dev-0002-bbbb', kind: 'verdict', recorded_at: minutesAgo(45), indicator: b,
        version: ctx.ind[b].version, verdict: 'needs_revision', note: 'Papan informasi belum dipasang.' },
      { id: 'dev-0003-cccc', kind: 'verdict', recorded_at: minutesAgo(40), indicator: c,
        version: ctx.ind[c].version, verdict: 'not_met', note: 'Tidak ada ruang laktasi.' },
      { id: 'dev-0004-dddd', kind: 'visit', recorded_at: minutesAgo(30), date: day(0),
        present: 'Kepala Lapas, petugas layanan', findings: 'Ruang tunggu bersih.',
        photos: [{ name: 'ruang-tunggu.png', data: PNG.toString('base64') }] },
    ],
  };
  const visitsBefore = Number(sql(`SELECT COUNT(*) FROM site_visit WHERE participation_id = ${ctx.pid}`));
  let r = await sync(v, ctx.body);
  assert.equal(r.status, 200, r.text.slice(0, 400));
  assert.deepEqual(r.json.results.map((x) => x.status), ['accepted', 'accepted', 'accepted', 'accepted']);
  assert.equal(r.json.accepted, 4);
  for (const x of r.json.results) assert.match(x.received_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const rows = () => sql(`SELECT indicator || ':' || verdict || ':' || recorded_offline_at FROM verdict
    WHERE participation_id = ${ctx.pid} AND recorded_offline_at IS NOT NULL ORDER BY indicator`);
  const first = rows();
  assert.equal(first.split('\n').length, 3, first);
  assert.ok(first.includes(`${a}:verified:${ctx.body.items[0].recorded_at}`), first);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM site_visit WHERE participation_id = ${ctx.pid}`)), visitsBefore + 1);
  assert.equal(sql(`SELECT COUNT(*) FROM site_visit_file f JOIN site_visit s ON s.id = f.site_visit_id
    WHERE s.recorded_offline_at = '${ctx.body.items[3].recorded_at}'`), '1');

  // The answer was lost: the device sends everything again.
  r = await sync(v, ctx.body);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.results.map((x) => x.status), ['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  assert.match(r.json.results[0].message, /Sudah diterima sebelumnya/);
  assert.equal(rows(), first, 'no verdict twice');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM site_visit WHERE participation_id = ${ctx.pid}`)), visitsBefore + 1);
  assert.equal(sql(`SELECT COUNT(*) FROM offline_item WHERE participation_id = ${ctx.pid}`), '4');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'verdict.add' AND object_id = ${ctx.pid}
    AND summary LIKE '%recorded_offline_at%'`), '3');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'site_visit.create' AND object_id = ${ctx.pid}
    AND summary LIKE '%recorded_offline_at%'`), '1');

  // The page says both times.
  const page = await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  assert.match(page.text, /Dicatat luring pada [^<]*, diterima pada /);
});

test('a verdict on evidence the unit replaced meanwhile is refused with both sides, then decided', async () => {
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  const d = ctx.codes.find((code) => ctx.ind[code].evidence.length > 0 && !ctx.codes.slice(0, 3).includes(code));
  assert.ok(d, 'an indicator with evidence');
  const old = ctx.ind[d].evidence[0];
  // The unit replaces the evidence (its stage reopened for it by fixture).
  sql(`UPDATE participation SET state = 'evidence_open' WHERE id = ${ctx.pid}`);
  const head = await as('kepala.luring@uji.go.id', PASSWORD);
  await head.get(`/partisipasi/${ctx.pid}/penilaian`);
  const form = new FormData();
  form.append('csrf', head.csrf);
  form.append('indikator', d);
  form.append('ganti', String(old.id));
  form.append('berkas', new Blob([PDF], { type: 'application/pdf' }), 'bukti-baru.pdf');
  const up = await head.send(`/partisipasi/${ctx.pid}/penilaian/berkas`, { method: 'POST', body: form });
  assert.equal(up.status, 303, up.text.slice(0, 300));
  sql(`UPDATE participation SET state = 'verification' WHERE id = ${ctx.pid}`);

  const item = { id: 'dev-0005-eeee', kind: 'verdict', recorded_at: minutesAgo(20), indicator: d,
    version: ctx.ind[d].version, verdict: 'verified', note: '' };
  let r = await sync(v, { items: [item] });
  assert.equal(r.status, 200);
  const [x] = r.json.results;
  assert.equal(x.status, 'conflict');
  assert.match(x.message, /berubah sejak kunjungan disiapkan/);
  assert.equal(x.current.indicator, d);
  assert.ok(x.current.evidence.some((f) => f.name === 'bukti-baru.pdf'), JSON.stringify(x.current));
  assert.ok(!x.current.evidence.some((f) => f.id === old.id), 'the replaced file is gone');
  assert.notEqual(x.current.version, item.version);
  assert.equal(sql(`SELECT COUNT(*) FROM verdict WHERE participation_id = ${ctx.pid} AND indicator = '${d}'`), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM offline_item WHERE client_id = '${item.id}'`), '0');

  // The verifier looked at the new evidence and keeps the verdict.
  r = await sync(v, { items: [{ ...item, version: x.current.version }] });
  assert.equal(r.json.results[0].status, 'accepted', JSON.stringify(r.json));
  assert.equal(sql(`SELECT verdict FROM verdict WHERE participation_id = ${ctx.pid} AND indicator = '${d}'`), 'verified');
});

test('the unit head is refused by the policy, item by item, and nothing is kept', async () => {
  const head = await as('kepala.luring@uji.go.id', PASSWORD);
  await head.get(`/partisipasi/${ctx.pid}/penilaian`);
  const [a] = ctx.codes;
  const r = await sync(head, { items: [
    { id: 'head-0001-xxxx', kind: 'verdict', recorded_at: minutesAgo(5), indicator: a,
      version: '0000000000000000', verdict: 'verified', note: '' },
    { id: 'head-0002-xxxx', kind: 'visit', recorded_at: minutesAgo(5), date: day(0),
      present: 'Saya', findings: 'Baik' },
  ] });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.deepEqual(r.json.results.map((x) => [x.status, x.code]), [['refused', 403], ['refused', 403]]);
  for (const x of r.json.results) assert.ok(x.message.length > 0);
  assert.equal(sql(`SELECT COUNT(*) FROM offline_item WHERE client_id LIKE 'head-%'`), '0');
  // Someone who cannot see the participation learns nothing of it.
  addUser('verifikator.luar@uji.go.id', 'Verifikator Luar', ['--province', '51']);
  const other = await as('verifikator.luar@uji.go.id', PASSWORD);
  await other.get('/');
  const r2 = await sync(other, { items: [{ id: 'other-0001', kind: 'visit', recorded_at: minutesAgo(1) }] });
  assert.equal(r2.status, 404);
});

test('bad input gets a clear message; the form token or a bearer token is required', async () => {
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  let r = await sync(v, 'bukan json');
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /Kiriman tidak dapat dibaca: harus JSON berupa objek dengan "items"/);
  r = await sync(v, { items: [] });
  assert.equal(r.status, 400);
  const [a] = ctx.codes;
  r = await sync(v, { items: [
    { id: 'x', kind: 'verdict', recorded_at: minutesAgo(1), indicator: a, version: 'v', verdict: 'verified' },
    { id: 'dev-0006-ffff', kind: 'makan', recorded_at: minutesAgo(1) },
    { id: 'dev-0007-gggg', kind: 'visit', recorded_at: 'kemarin', date: day(0), present: 'A', findings: 'B' },
    { id: 'dev-0008-hhhh', kind: 'visit', recorded_at: '2099-01-01T00:00:00Z', date: day(0), present: 'A', findings: 'B' },
    { id: 'dev-0009-iiii', kind: 'visit', recorded_at: minutesAgo(1), date: day(0), present: 'A', findings: 'B',
      photos: [{ name: 'a.png', data: '%%%' }] },
    { id: 'dev-0010-jjjj', kind: 'visit', recorded_at: minutesAgo(1), date: day(0), present: '', findings: 'B' },
    { id: 'dev-0011-kkkk', kind: 'visit', recorded_at: minutesAgo(1), date: day(0), present: 'A', findings: 'B',
      photos: [{ name: 'bukan-foto.pdf', data: PDF.toString('base64') }] },
    'bukan objek',
  ] });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const got = r.json.results.map((x) => [x.status, x.message]);
  assert.equal(got[0][0], 'invalid');
  assert.match(got[0][1], /Pengenal catatan dari perangkat tidak valid/);
  assert.match(got[1][1], /Jenis catatan tidak dikenal/);
  assert.match(got[2][1], /Waktu pencatatan di perangkat tidak valid/);
  assert.match(got[3][1], /berada di masa depan/);
  assert.match(got[4][1], /fotonya bukan base64/);
  assert.equal(got[5][0], 'refused', 'the service\'s own check');
  assert.equal(got[6][0], 'refused', 'the upload check refuses a PDF as a photo');
  assert.equal(got[7][0], 'invalid');
  assert.equal(sql(`SELECT COUNT(*) FROM offline_item WHERE client_id IN ('dev-0010-jjjj', 'dev-0011-kkkk')`), '0');
  assert.deepEqual(readdirSync(path.join(holder.server.dataDir, 'files', 'tmp')).filter((n) => n.startsWith('luring-')), [],
    'no photo left behind in the spool');

  r = await sync(v, ctx.body, { csrf: null });
  assert.equal(r.status, 403, 'a session needs the form token');
  await v.get('/akun');
  const t = await v.post('/akun/token', { name: 'Perangkat lapangan', days: '30' });
  assert.equal(t.status, 201, t.text.slice(0, 300));
  const api = new Client(holder.server);
  api.bearer = t.text.match(/<code class="token">(p2h_[A-Za-z0-9_-]{43})<\/code>/)[1];
  r = await sync(api, { items: [{ id: 'api-0001-zzzz', kind: 'visit', recorded_at: minutesAgo(3), date: day(0),
    present: 'Tim verifikasi', findings: 'Dikirim lewat API.' }] }, { csrf: null });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.json.results[0].status, 'accepted');
});

test('the field sheet names every indicator and its QR codes open them', async () => {
  const v = await as('verifikator@p2ham.demo');
  const page = await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  assert.match(page.text, new RegExp(`href="/partisipasi/${ctx.pid}/verifikasi/lembar-lapangan\\.pdf"`));
  const r = await v.send(`/partisipasi/${ctx.pid}/verifikasi/lembar-lapangan.pdf`);
  assert.equal(r.status, 200, holder.server.log().split('\n').filter((l) => /err|warn/.test(l)).slice(-5).join('\n'));
  assert.match(r.headers.get('content-type'), /application\/pdf/);
  const res = await holder.server.fetch(`/partisipasi/${ctx.pid}/verifikasi/lembar-lapangan.pdf`,
    { headers: { cookie: v.cookieHeader() } });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'p2ham-lembar-'));
  try {
    const file = path.join(dir, 'lembar.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const t = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    const text = t.stdout.replace(/\s+/g, ' ');
    for (const want of ['Lembar Lapangan Verifikasi', LAPAS, 'Yang hadir', 'Terverifikasi', ...ctx.codes]) {
      assert.ok(text.includes(want), `the sheet says "${want}"`);
    }
    const p = spawnSync('pdftoppm', ['-r', '150', '-png', file, path.join(dir, 'hal')], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    const codes = new Set();
    for (const img of readdirSync(dir).filter((n) => n.endsWith('.png'))) {
      const z = spawnSync('zbarimg', ['-q', '--raw', path.join(dir, img)], { encoding: 'utf8' });
      for (const line of (z.stdout || '').split('\n')) if (line.trim()) codes.add(line.trim());
    }
    assert.deepEqual([...codes].sort(),
      ctx.codes.map((c) => `${PUBLIC_URL}/partisipasi/${ctx.pid}/verifikasi#indikator-${c}`).sort());
  } finally {
    if (!process.env.P2HAM_KEEP_SHEET) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
});

test('a supervision visit recorded offline is received once, with both times', async () => {
  const kanim = participationOf(holder.server, 'Kantor Imigrasi Kelas I TPI Gorontalo');
  const cycle = Number(sql(`SELECT cycle_id FROM participation WHERE id = ${kanim}`));
  sql(`UPDATE participation SET stage = 'pembinaan', state = 'supervised' WHERE id = ${kanim}`);
  issueDecree(sql, { cycle, awarded: [kanim], number: 'UJI-LURING-1' });
  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  const page = await kanwil.get(`/partisipasi/${kanim}/pembinaan`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`data-sinkron="/partisipasi/${kanim}/pembinaan/sinkron"`));
  assert.match(page.text, /<form id="luring-kunjungan"[^>]* data-jenis="supervision_visit"/);
  const item = { id: 'sup-0001-aaaa', kind: 'supervision_visit', recorded_at: minutesAgo(90), date: day(0),
    officers: 'Petugas Kanwil', summary: 'Layanan prioritas berjalan; ramp belum ada.' };
  const body = { items: [item, { ...item, id: 'sup-0002-bbbb', officers: '' }] };
  const send = () => sync(kanwil, body, { pid: kanim });
  let r = await send();
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.deepEqual(r.json.results.map((x) => x.status), ['accepted', 'refused']);
  assert.equal(r.json.results[1].code, 422);
  r = await send();
  assert.deepEqual(r.json.results.map((x) => x.status), ['duplicate', 'refused']);
  assert.equal(sql(`SELECT COUNT(*) FROM supervision_visit WHERE participation_id = ${kanim}
    AND recorded_offline_at = '${item.recorded_at}'`), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'supervision.visit' AND object_id = ${kanim}
    AND summary LIKE '%recorded_offline_at%'`), '1');
  const again = await kanwil.get(`/partisipasi/${kanim}/pembinaan`);
  assert.match(again.text, /Dicatat luring pada<\/dt><dd>[^<]*, diterima pada /);
  // The verifier of another participation may not supervise this one.
  const v = await as('verifikator@p2ham.demo');
  await v.get(`/partisipasi/${ctx.pid}/verifikasi`);
  r = await sync(v, { items: [{ ...item, id: 'sup-0003-cccc' }] }, { pid: kanim });
  assert.ok(r.status === 404 || r.json.results[0].status === 'refused', r.text.slice(0, 300));
});

testCleanStop(holder);
