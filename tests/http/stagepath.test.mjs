// What the stage pages say about where a unit stands, against a real
// server with the demo data: a participation of a cycle that ran only
// declaration and building (2022) is finished once it submitted, on every
// page that names its state, and the page of a stage its cycle does not run
// answers 404 saying so; a post refused because of the role (403) shows
// the stage page the person was on with the reason, while JSON keeps its
// JSON error.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, sqlOk, testCleanStop, useServer, participationOf } from './lib.mjs';

const holder = useServer();

const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const RUTAN = 'Rumah Tahanan Negara Kelas IIB Limboto';
const FINISHED = 'Selesai (siklus ini hanya menjalankan pencanangan dan pembangunan)';
const FINISHED_EN = 'Finished (this cycle runs only declaration and building)';

function sql(text) {
  return sqlOk(holder.server, text);
}

function part(unit, year) {
  return participationOf(holder.server, unit, year);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

test('demo data is loaded', () => {
  loadDemo(holder.server);
  assert.equal(sql(`SELECT stage || '/' || state FROM participation WHERE id = ${part(LAPAS, 2022)}`),
    'pembangunan/submitted');
});

test('a 2022 unit that submitted is finished, not waiting for an evaluation', async () => {
  const pid = part(LAPAS, 2022);
  const op = await as('operator.lapas.gorontalo@p2ham.demo');
  for (const path of [`/partisipasi/${pid}`, `/partisipasi/${pid}/pembangunan`,
    `/partisipasi/${pid}/pencanangan`]) {
    const page = await op.get(path);
    assert.equal(page.status, 200, path);
    assert.match(page.text, new RegExp(`<dd><strong>${FINISHED.replace(/[()]/g, '\\$&')}</strong></dd>`), path);
    assert.doesNotMatch(page.text, /Diajukan untuk evaluasi/, `${path}: no evaluation to wait for`);
  }
  const model = (await op.json(`/partisipasi/${pid}`)).json;
  assert.equal(model.participation.state, 'submitted', 'the state code stays what the row holds');
  assert.equal(model.participation.state_label, FINISHED);
  assert.equal(model.participation.ended, true);
  assert.equal(model.timeline.find((ev) => ev.what === 'submit').state_label, FINISHED,
    'the timeline says the same');
  const en = await op.get(`/partisipasi/${pid}?lang=en`);
  assert.match(en.text, new RegExp(FINISHED_EN.replace(/[()]/g, '\\$&')));
  await op.get(`/partisipasi/${pid}?lang=id`);

  // A 2023 unit at the same state would be waiting: the label depends on the cycle.
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  const cycle2022 = sql("SELECT id FROM cycle WHERE year = 2022");
  const cyclePage = await regional.get(`/siklus/${cycle2022}`);
  assert.equal(cyclePage.status, 200);
  assert.match(cyclePage.text, new RegExp(FINISHED.replace(/[()]/g, '\\$&')));
  assert.doesNotMatch(cyclePage.text, /Diajukan untuk evaluasi/);
  const unit = sql(`SELECT id FROM unit WHERE name = '${LAPAS}'`);
  const unitPage = await regional.json(`/unit/${unit}`);
  assert.equal(unitPage.json.participations.find((p) => p.id === pid).state_label, FINISHED);
  const progress = (await regional.json(`/progres?siklus=${cycle2022}`)).json;
  assert.equal(progress.columns.find((c) => c.state === 'submitted').label, FINISHED);
});

test('in a cycle without evaluation the head submits the building results, not for evaluation', async () => {
  const pid = part(RUTAN, 2022);
  sql(`UPDATE participation SET state = 'building' WHERE id = ${pid}`);
  try {
    const head = await as('kepala.rutan.limboto@p2ham.demo');
    const page = await head.get(`/partisipasi/${pid}/pembangunan`);
    assert.equal(page.status, 200);
    const section = page.text.slice(page.text.indexOf('id="submit-title"'));
    assert.match(section, /^id="submit-title">Pengajuan hasil pembangunan<\/h2>/);
    assert.match(section, /Siklus ini tidak menjalankan evaluasi/);
    assert.match(section, />Ajukan hasil pembangunan<\/button>/);
    assert.doesNotMatch(section, /untuk evaluasi/);
    assert.equal((await head.json(`/partisipasi/${pid}/pembangunan`)).json.submission.ends_cycle, true);
  } finally {
    sql(`UPDATE participation SET state = 'submitted' WHERE id = ${pid}`);
  }
  const kanimHead = await as('kepala.kanim.gorontalo@p2ham.demo');
  const kanim = (await kanimHead.json(`/partisipasi/${part(KANIM, 2023)}/pembangunan`)).json;
  assert.equal(kanim.submission.ends_cycle, false, 'a 2023 unit submits for evaluation');
});

test('the page of a stage the cycle does not run answers 404 and says so', async () => {
  const pid = part(LAPAS, 2022);
  const op = await as('operator.lapas.gorontalo@p2ham.demo');
  const page = await op.get(`/partisipasi/${pid}/evaluasi`);
  assert.equal(page.status, 404);
  assert.match(page.text, /<h1>Lembaga Pemasyarakatan Kelas IIA Gorontalo<\/h1>/);
  assert.match(page.text, /Siklus P2HAM 2022 \(transisi\) tidak menjalankan tahap Evaluasi: siklus ini hanya menjalankan pencanangan dan pembangunan/);
  assert.doesNotMatch(page.text, /belum mengajukan hasil pembangunan/, 'it never had to');
  const json = await op.json(`/partisipasi/${pid}/evaluasi`);
  assert.equal(json.status, 404);
  assert.equal(json.json.stage_not_run.stage, 'evaluasi');
  // A stage the cycle runs keeps its page, and a cycle that runs evaluation its evaluation page.
  assert.equal((await op.get(`/partisipasi/${pid}/pembangunan`)).status, 200);
  assert.equal((await op.get(`/partisipasi/${part(LAPAS, 2023)}/evaluasi`)).status, 200);
  // A post there is refused by the machine as before.
  const admin = await as('admin@p2ham.demo');
  await admin.get(`/partisipasi/${part(LAPAS, 2023)}/evaluasi`);
  const r = await admin.post(`/partisipasi/${pid}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 409);
  assert.match(r.text, /Siklus ini tidak menjalankan tahap Evaluasi/);
});

test('a post the role may not make shows the stage page with why, status 403', async () => {
  // The unit's operator may not approve its own request.
  const rutan = part(RUTAN, 2023);
  const op = await as('operator.rutan.limboto@p2ham.demo');
  await op.get(`/partisipasi/${rutan}/pencanangan`);
  let r = await op.post(`/partisipasi/${rutan}/pencanangan/setujui`,
    { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur' });
  assert.equal(r.status, 403);
  assert.match(r.text, /<h1>Rumah Tahanan Negara Kelas IIB Limboto<\/h1>/, 'the declaration page again');
  assert.match(r.text, /role="alert"><p>Peran Anda tidak mengizinkan tindakan ini: hanya Direktorat Jenderal HAM atau koordinator wilayah provinsi ini yang dapat menyetujui/);
  assert.match(r.text, /aria-current="page">Pencanangan</);

  // The operator may fill in but not submit: the building page, with why.
  const kanim = part(KANIM, 2023);
  const kop = await as('operator.kanim.gorontalo@p2ham.demo');
  await kop.get(`/partisipasi/${kanim}/pembangunan`);
  r = await kop.post(`/partisipasi/${kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 403);
  assert.match(r.text, /hanya kepala unit ini yang dapat mengajukan hasil pembangunan\./);
  assert.match(r.text, /aria-current="page">Pembangunan</);
  r = await kop.post(`/partisipasi/${kanim}/pembangunan/pendampingan`,
    { tanggal: '2026-01-01', temuan: 'Temuan', saran: 'Saran' });
  assert.equal(r.status, 403);
  assert.match(r.text, /hanya kantor wilayah provinsi ini yang dapat menulis catatan pendampingan/);

  // The coordinator follows the unit but does not evaluate it.
  const lapas = part(LAPAS, 2023);
  const head = await as('koordinator@p2ham.demo');
  await head.get(`/partisipasi/${lapas}/evaluasi`);
  r = await head.post(`/partisipasi/${lapas}/evaluasi`, { keputusan: 'lulus' });
  assert.equal(r.status, 403);
  assert.match(r.text, /aria-current="page">Evaluasi</);
  assert.match(r.text, /yang dapat memutuskan hasil evaluasi/);
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${lapas}`), 'awaiting_evaluation');

  // A file's removal refused for the role shows the stage page its button stood on.
  const regional = await as('kanwil.gorontalo@p2ham.demo');
  const file = sql(`SELECT id FROM file WHERE participation_id = ${lapas} AND purpose = 'evidence' ` +
    'AND removed_at IS NULL ORDER BY id LIMIT 1');
  await regional.get(`/partisipasi/${lapas}/pembangunan`);
  r = await regional.post(`/berkas/${file}/hapus`, { kembali: `/partisipasi/${lapas}/pembangunan` });
  assert.equal(r.status, 403);
  assert.match(r.text, /aria-current="page">Pembangunan</);
  assert.match(r.text, /hanya operator atau kepala unit ini yang dapat mengisi penilaian mandiri/);
  assert.equal(sql(`SELECT count(*) FROM file WHERE id = ${file} AND removed_at IS NULL`), '1');

  // JSON keeps its JSON error.
  r = await head.send(`/partisipasi/${lapas}/evaluasi`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: head.csrf, keputusan: 'lulus' }).toString(),
  });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.status, 403);
  assert.equal(r.json.error.code, 'denied');
  assert.match(r.json.error.message, /yang dapat memutuskan hasil evaluasi/);
  assert.equal(r.json.participation, undefined, 'no page model in the error');
});

test('a refusal for a unit the caller may not see stays a bare 404', async () => {
  const other = await as('operator.lapas.gorontalo@p2ham.demo');
  const kanim = part(KANIM, 2023);
  await other.get('/akun');
  const r = await other.post(`/partisipasi/${kanim}/pembangunan/ajukan`, {});
  assert.equal(r.status, 404);
  assert.doesNotMatch(r.text, new RegExp(KANIM));
});

testCleanStop(holder);
