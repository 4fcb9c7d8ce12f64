// Notifications against a real server with the demo data and an SMTP sink on
// loopback: a declaration approval mails the unit's operator and head once;
// a kind turned off sends nothing by e-mail; the unread count and marking
// read; a restart in the middle of a delivery sends nothing twice; a
// deadline three days away is told once however often the daily job runs;
// the signed-in home page lists what waits for a person.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';

import { signIn } from './client.mjs';
import {
  binary, DEMO_PASSWORD, freePort, loadDemo, participationOf, runOn, Server, sqlOk, testCleanStop, useServer,
} from './lib.mjs';
import { header, part, startSink } from './smtp_sink.mjs';

const sink = await startSink();
after(() => sink.close());
const SMTP_ARGS = ['--smtp-url', sink.url, '--smtp-from', 'p2ham@ham.go.id'];
const holder = useServer({ args: SMTP_ARGS });

const ADMIN = 'admin@p2ham.demo';
const OPERATOR = 'operator.kanim.gorontalo@p2ham.demo';
const HEAD = 'kepala.kanim.gorontalo@p2ham.demo';
const REGIONAL = 'kanwil.gorontalo@p2ham.demo';
const COORDINATOR = 'koordinator@p2ham.demo';
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);

/** A calendar date days from today in Gorontalo (WITA, UTC+8). */
function day(days) {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
// Two days ahead: never after the stage deadline that a test below sets
// three days less an hour ahead, whatever the hour in WITA.
const REQUEST = () => ({
  tanggal: day(2), moda: 'luring', tempat: 'Aula Kantor Imigrasi', tautan: '',
  saksi_rencana: 'Perwakilan Ditjen HAM',
});
const APPROVAL = { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur Diseminasi' };

let pid;

/** Back to draft, as after a rejection: no live request holds the unit. */
function setDraft() {
  sql(`UPDATE participation SET stage = 'pencanangan', state = 'draft' WHERE id = ${pid}`);
  sql(`UPDATE declaration_member SET live = 0 WHERE participation_id = ${pid}`);
}

async function act(c, verb, fields) {
  const page = await c.get(`/partisipasi/${pid}/pencanangan`);
  assert.equal(page.status, 200, page.text);
  const r = await c.post(`/partisipasi/${pid}/pencanangan/${verb}`, fields);
  assert.equal(r.status, 303, r.text);
}

/** The messages of the sink whose subject matches re. */
function mails(re) {
  return sink.messages.filter((m) => re.test(header(m.data, 'Subject') || ''));
}

/** Wait until the outbox has nothing queued or sending (or time runs out). */
async function drained(ms = 15000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (sql(`SELECT count(*) FROM mail_outbox WHERE status IN ('queued', 'sending')`) === '0') return;
    await sleep(250);
  }
  assert.fail(`the outbox did not drain: ${sql(`SELECT id || ' ' || status FROM mail_outbox WHERE status IN ('queued', 'sending')`)}`);
}

/** The unread count in the page header of a signed-in page ('' for none). */
function unreadIn(html) {
  const m = /class="inbox"[^>]*>[^<]*(?:<span class="count">(\d+)<\/span>)?/.exec(html);
  assert.ok(m, 'the header links to the notifications');
  return m[1] || '';
}

test('demo data is loaded', () => {
  loadDemo(holder.server);
  pid = participationOf(holder.server, KANIM, 2023);
});

test('a declaration approval mails the unit operator and head once each', async () => {
  setDraft();
  const op = await as(OPERATOR);
  await act(op, 'ajukan', REQUEST());
  await drained();
  sink.messages.length = 0;
  const coord = await as(COORDINATOR);
  await act(coord, 'setujui', APPROVAL);
  await drained();
  const got = mails(/disetujui/);
  assert.deepEqual(got.map((m) => m.to.join(',')).sort(), [HEAD, OPERATOR].sort(),
    `one message each: ${JSON.stringify(sink.messages.map((m) => [m.to, header(m.data, 'Subject')]))}`);
  for (const m of got) {
    assert.match(header(m.data, 'Content-Type'), /^multipart\/alternative/);
    assert.doesNotMatch(m.data, /Content-Disposition|application\/pdf/i, 'no document travels');
    const text = part(m.data, 'text/plain');
    const html = part(m.data, 'text/html');
    assert.ok(text && html, 'plain text and HTML');
    assert.match(text, new RegExp(`/partisipasi/${pid}/pencanangan`), 'links to its object');
    assert.match(text, /Anda menerima surel ini sebagai (operator|kepala) unit/, 'says why');
    assert.match(text, /\/akun\/pemberitahuan/, 'says where to turn it off');
    assert.match(html, /<a href="[^"]*\/akun\/pemberitahuan">/);
    assert.doesNotMatch(text, /Demo-P2HAM|password|sandi/i, 'no secret');
  }
  assert.equal(sql(`SELECT count(*) FROM mail_attempt a JOIN mail_outbox o ON o.id = a.outbox_id ` +
    `WHERE o.subject LIKE '%disetujui%' AND a.outcome = 'sent'`), '2', 'each delivery recorded');
  // The approval waits for the regional office on its desk, not in its inbox.
  assert.equal(mails(/disetujui/).filter((m) => m.to.includes(REGIONAL)).length, 0);
});

test('the unread count in the header, the list, and marking read', async () => {
  const op = await as(OPERATOR);
  let home = await op.get('/');
  const before = Number(unreadIn(home.text));
  assert.ok(before >= 1, `unread ${before}`);
  const list = await op.get('/pemberitahuan');
  assert.equal(list.status, 200);
  assert.match(list.text, /Permohonan pencanangan Kantor Imigrasi Kelas I TPI Gorontalo disetujui/);
  const ids = [...list.text.matchAll(/action="\/pemberitahuan\/(\d+)\/baca"/g)].map((m) => Number(m[1]));
  assert.equal(ids.length, before, 'one button per unread notification');
  let r = await op.post(`/pemberitahuan/${ids[0]}/baca`);
  assert.equal(r.status, 303);
  home = await op.get('/');
  assert.equal(unreadIn(home.text), before - 1 > 0 ? String(before - 1) : '');
  // Another person's notification is not found.
  const other = sql(`SELECT min(n.id) FROM notification n JOIN users u ON u.id = n.user_id WHERE u.email <> '${OPERATOR}'`);
  await op.get('/pemberitahuan');
  r = await op.post(`/pemberitahuan/${other}/baca`);
  assert.equal(r.status, 404);
  await op.get('/pemberitahuan');
  r = await op.post('/pemberitahuan/baca-semua');
  assert.equal(r.status, 303);
  home = await op.get('/');
  assert.equal(unreadIn(home.text), '');
  assert.equal(sql(`SELECT count(*) FROM notification n JOIN users u ON u.id = n.user_id ` +
    `WHERE u.email = '${OPERATOR}' AND n.read_at IS NULL`), '0');
  const json = await op.json('/pemberitahuan');
  assert.ok(json.json.notifications.length >= 1);
  assert.equal(json.json.notifications[0].unread, false);
});

test('a kind turned off by the head sends the head nothing by e-mail', async () => {
  const head = await as(HEAD);
  const page = await head.get('/akun/pemberitahuan');
  assert.equal(page.status, 200);
  const fields = {};
  for (const m of page.text.matchAll(/name="(surel_[a-z_]+)"/g)) fields[m[1]] = '1';
  assert.equal(Object.keys(fields).length, 20, 'one choice per kind');
  delete fields.surel_declaration_rejected;
  fields.bahasa = 'en';
  let r = await head.post('/akun/pemberitahuan', fields);
  assert.equal(r.status, 303);
  const again = await head.get('/akun/pemberitahuan');
  assert.doesNotMatch(again.text, /name="surel_declaration_rejected" value="1" checked/);
  assert.match(again.text, /name="surel_declaration_approved" value="1" checked/);

  setDraft();
  const op = await as(OPERATOR);
  await act(op, 'ajukan', REQUEST());
  sink.messages.length = 0;
  const coord = await as(COORDINATOR);
  await act(coord, 'tolak', { alasan: 'Tanggal bertepatan dengan hari libur; pilih tanggal lain.' });
  await drained();
  const rejected = sink.messages.filter((m) => /ditolak|rejected/.test(header(m.data, 'Subject')));
  assert.deepEqual(rejected.map((m) => m.to.join(',')), [OPERATOR], 'only the operator is mailed');
  assert.equal(sql(`SELECT count(*) FROM notification n JOIN users u ON u.id = n.user_id ` +
    `WHERE u.email = '${HEAD}' AND n.kind = 'declaration_rejected'`), '1', 'the head still sees it in the application');

  // The head's other mail comes in English, the language chosen.
  sink.messages.length = 0;
  await act(op, 'ajukan', REQUEST());
  await act(coord, 'setujui', APPROVAL);
  await drained();
  const toHead = sink.messages.filter((m) => m.to.includes(HEAD));
  assert.equal(toHead.length, 1);
  assert.match(header(toHead[0].data, 'Subject'), /was approved/);
  assert.match(part(toHead[0].data, 'text/plain'), /You receive this e-mail as the head of/);
});

test('the desk lists what waits for each person', async () => {
  // Approved: the regional office records or confirms it.
  const regional = await as(REGIONAL);
  let home = await regional.get('/');
  assert.match(home.text, /<h1>Meja kerja saya<\/h1>/);
  assert.match(home.text, new RegExp(`href="/partisipasi/${pid}">Catat atau konfirmasi pencanangan</a>`));
  // Requested: the coordinator approves or rejects.
  setDraft();
  const op = await as(OPERATOR);
  await act(op, 'ajukan', REQUEST());
  const coord = await as(COORDINATOR);
  home = await coord.get('/');
  assert.match(home.text, new RegExp(`href="/partisipasi/${pid}">Setujui atau tolak permohonan pencanangan</a>`));
  assert.match(home.text, /Kantor Imigrasi Kelas I TPI Gorontalo/);
  // The operator sees the unit's participations with where each stands.
  home = await op.get('/');
  assert.match(home.text, /Partisipasi unit saya/);
  assert.match(home.text, new RegExp(`href="/partisipasi/${pid}">${KANIM}</a>[^<]*Pencanangan: Permohonan diajukan`));
  const json = await coord.json('/');
  assert.ok(json.json.desk.waiting.some((w) => w.participation_id === pid), 'the JSON twin has the desk');
  // The public home page shows no desk.
  const pub = await holder.server.request('/');
  assert.doesNotMatch(pub.text, /Meja kerja/);
  await act(coord, 'setujui', APPROVAL);
  await drained();
});

test('a deadline three days away is told once, however often the daily job runs', async () => {
  sql(`UPDATE participation SET stage = 'pencanangan', state = 'approved' WHERE id = ${pid}`);
  const cycle = sql(`SELECT cycle_id FROM participation WHERE id = ${pid}`);
  const deadline = new Date(Date.now() + 3 * 86400e3 - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  sql(`UPDATE cycle_stage SET deadline_at = '${deadline}' WHERE cycle_id = ${cycle} AND stage = 'pencanangan'`);
  sink.messages.length = 0;
  for (let i = 0; i < 2; i++) {
    const r = runOn(holder.server, ['notify', 'daily', '--again', ...SMTP_ARGS]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /WITA: [1-9]\d* deadlines? ahead/);
  }
  // Without --again a day runs once, whichever server or command came first.
  let r = runOn(holder.server, ['notify', 'daily', ...SMTP_ARGS]);
  assert.equal(r.status, 0, r.stderr);
  r = runOn(holder.server, ['notify', 'daily', ...SMTP_ARGS]);
  assert.equal(r.stdout.match(/ran already/g).length, 3, r.stdout);
  assert.equal(sql(`SELECT count(*) FROM notify_run WHERE job = 'deadlines' AND zone = 'WITA'`), '1');
  await drained();
  for (const who of [OPERATOR, HEAD]) {
    assert.equal(sql(`SELECT count(*) FROM notification n JOIN users u ON u.id = n.user_id ` +
      `WHERE u.email = '${who}' AND n.kind = 'deadline_stage' AND n.participation_id = ${pid}`), '1', who);
    const sent = sink.messages.filter((m) => m.to.includes(who) &&
      /(Batas waktu tahap|stage deadline)/i.test(header(m.data, 'Subject')) &&
      part(m.data, 'text/plain').includes(`/partisipasi/${pid}`));
    assert.equal(sent.length, 1, `${who}: ${sent.length} messages`);
  }
});

/** Start a server on the data of srv (same directory and database). */
async function restartOn(srv) {
  const port = await freePort();
  const env = { ...process.env, P2HAM_LOG_LEVEL: 'info', P2HAM_HEADER_TIMEOUT: '120' };
  for (const k of Object.keys(env)) if (k.startsWith('P2HAM_') && !['P2HAM_LOG_LEVEL', 'P2HAM_HEADER_TIMEOUT'].includes(k)) delete env[k];
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', srv.dataDir,
    ...(srv.db ? ['--db', srv.db.url] : []), ...SMTP_ARGS], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const next = new Server(child, { port, dataDir: srv.dataDir, db: srv.db });
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`${next.url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return next;
    } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`restart failed\n${next.log()}`);
}

test('a restart in the middle of a delivery sends nothing twice', async () => {
  sink.messages.length = 0;
  setDraft();
  const op = await as(OPERATOR);
  await act(op, 'ajukan', REQUEST());
  await drained();
  sink.messages.length = 0;
  sink.stallNext = true;
  const coord = await as(COORDINATOR);
  await act(coord, 'setujui', APPROVAL);
  // The first message reaches the sink, whose answer never comes: kill the
  // server while it waits.
  for (let i = 0; i < 100 && !sink.messages.some((m) => m.stalled); i++) await sleep(100);
  assert.ok(sink.messages.some((m) => m.stalled), 'the sink holds the first message');
  const old = holder.server;
  old.child.kill('SIGKILL');
  await old.exited;
  for (const s of sink.sockets) s.destroy();
  holder.server = await restartOn(old);
  // The abandoned claim is never sent again; what was still queued is.
  for (let i = 0; i < 200 && sink.messages.length < 2; i++) await sleep(100);
  await sleep(5000); // several more looks at the outbox: nothing else comes
  const ids = sink.messages.map((m) => header(m.data, 'Message-ID'));
  assert.equal(new Set(ids).size, ids.length, `no message twice: ${ids}`);
  assert.equal(sink.messages.length, 2, 'operator and head, once each');
  assert.deepEqual(sink.messages.map((m) => m.to.join(',')).sort(), [HEAD, OPERATOR].sort());
  const states = sql(`SELECT status FROM mail_outbox WHERE subject LIKE '%approved%' OR subject LIKE '%disetujui%' ` +
    `ORDER BY id DESC LIMIT 2`).split('\n').sort();
  assert.deepEqual(states, ['sending', 'sent'], 'the stalled one stays claimed, unsent again');
});

testCleanStop(holder);
