// Password reset links: made on a user's page by whoever manages the user
// (or on the command line), shown once, spent once within 24 hours on a
// public page that ends the account's sessions and tokens; links that do
// not work all say the same, and an address trying them is held back.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, runOn, sqlOk, testCleanStop, useServer } from './lib.mjs';

const PUBLIC_URL = 'https://p2ham.example.go.id';
const holder = useServer({ args: ['--trust-proxy', '--public-url', PUBLIC_URL] });
const LINK_RE = /<code class="reset-link">https:\/\/p2ham\.example\.go\.id(\/sandi\/atur\/([A-Za-z0-9_-]{43}))<\/code>/;
const INVALID = 'Tautan ini tidak dapat dipakai: tautan salah, sudah dipakai, sudah diganti tautan yang lebih baru, atau sudah kedaluwarsa.';
const secrets = [];
let nextAddress = 10;

/** A browser at an address of its own (the server trusts X-Forwarded-For). */
class Visitor extends Client {
  constructor(server, address = `198.51.100.${nextAddress++}`) {
    super(server);
    this.address = address;
  }

  send(p, init = {}) {
    return super.send(p, { ...init, headers: { 'x-forwarded-for': this.address, ...(init.headers || {}) } });
  }
}

function sha256(s) {
  return createHash('sha256').update(s).digest('hex');
}

async function userId(admin, email) {
  const list = await admin.json(`/pengguna?q=${encodeURIComponent(email)}`);
  return list.json.users.find((u) => u.email === email).id;
}

/** Makes a reset link for user id as client c; returns { path, token, page }. */
async function makeLink(c, id) {
  await c.get(`/pengguna/${id}`);
  const r = await c.post(`/pengguna/${id}/sandi`);
  assert.equal(r.status, 201, r.text.slice(0, 400));
  const m = r.text.match(LINK_RE);
  assert.ok(m, 'the page shows the link');
  secrets.push(m[2]);
  return { path: m[1], token: m[2], page: r.text };
}

/** The notice of a page, as text. */
function notice(html) {
  const m = html.match(/<div class="notice notice-\w+" role="\w+"><p>([^<]*)<\/p><\/div>/);
  return m ? m[1] : null;
}

test('the demo data loads', () => {
  loadDemo(holder.server);
});

test('an admin makes a reset link on the user\'s page; it is shown once and stored hashed', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const id = await userId(admin, 'operator.lapas.gorontalo@p2ham.demo');
  const page = await admin.get(`/pengguna/${id}`);
  assert.match(page.text, /<h2 id="reset-title">Atur ulang kata sandi<\/h2>/);
  assert.match(page.text, new RegExp(`<form method="post" action="/pengguna/${id}/sandi"`));
  const { token, page: shown } = await makeLink(admin, id);
  assert.match(shown, /tidak akan ditampilkan lagi/);
  assert.match(shown, /Berlaku sampai \d+ \w+ \d{4} \d\d\.\d\d WIB/);
  const [hash, expires, createdBy] = sqlOk(s, `SELECT token_hash, expires_at, created_by FROM password_reset
    WHERE user_id = ${id} AND used_at IS NULL AND voided_at IS NULL`).split('|');
  assert.equal(hash, sha256(token), 'only the SHA-256 is kept');
  assert.equal(sqlOk(s, `SELECT count(*) FROM password_reset WHERE token_hash = '${token}'`), '0');
  const hours = (Date.parse(expires) - Date.now()) / 3600000;
  assert.ok(hours > 23.9 && hours <= 24, `expires in ${hours} hours`);
  assert.equal(Number(createdBy), await userId(admin, 'admin@p2ham.demo'));
  assert.doesNotMatch((await admin.get(`/pengguna/${id}`)).text, new RegExp(token), 'shown once');
  const audit = sqlOk(s, `SELECT actor, summary FROM audit_log WHERE action = 'user.reset_link'
    AND object_id = ${id}`);
  assert.match(audit, /^admin@p2ham\.demo\|/);
  assert.doesNotMatch(audit, new RegExp(token));
});

test('only who may manage the user makes links; others see no form and get 404', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const regional = await signIn(s, 'kanwil.gorontalo@p2ham.demo', DEMO_PASSWORD);
  const operator = await signIn(s, 'operator.kanim.gorontalo@p2ham.demo', DEMO_PASSWORD);
  const inProvince = await userId(admin, 'operator.rutan.limboto@p2ham.demo');
  const national = await userId(admin, 'koordinator@p2ham.demo');
  // A regional office manages an operator of its province.
  await makeLink(regional, inProvince);
  // It does not reach a national role, nor does an operator reach anyone.
  await regional.get('/akun');
  assert.equal((await regional.post(`/pengguna/${national}/sandi`)).status, 404);
  await operator.get('/akun');
  assert.equal((await operator.post(`/pengguna/${inProvince}/sandi`)).status, 404);
  // The regional office sees its own record but may not manage it: no form.
  const self = await userId(admin, 'kanwil.gorontalo@p2ham.demo');
  const own = await regional.get(`/pengguna/${self}`);
  assert.equal(own.status, 200);
  assert.doesNotMatch(own.text, /id="reset-title"/);
  assert.equal((await regional.post(`/pengguna/${self}/sandi`)).status, 403);
  assert.equal(sqlOk(s, `SELECT count(*) FROM password_reset WHERE user_id IN (${national}, ${self})`), '0');
});

test('the link sets a new password once, then every session and API token of the account ends', async () => {
  const s = holder.server;
  const email = 'operator.kanim.gorontalo@p2ham.demo';
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const person = await signIn(s, email, DEMO_PASSWORD);
  await person.get('/akun');
  const made = await person.post('/akun/token', { name: 'Aplikasi unit' });
  assert.equal(made.status, 201);
  const apiToken = made.text.match(/<code class="token">(p2h_[A-Za-z0-9_-]{43})<\/code>/)[1];
  const id = await userId(admin, email);
  const { path, token } = await makeLink(admin, id);

  const v = new Visitor(s);
  let r = await v.get(path);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Atur kata sandi baru<\/h1>/);
  assert.match(r.text, new RegExp(`<strong>${email.replace(/\./g, '\\.')}</strong>`));
  assert.match(r.text, /autocomplete="new-password"/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  // Refused passwords keep the link and never come back in the page.
  r = await v.post(path, { password: 'rahmat-hulopi-1', repeat: 'rahmat-hulopi-1' });
  assert.equal(r.status, 422);
  assert.match(r.text, /tidak boleh memuat nama/);
  assert.equal(notice(r.text), 'Kata sandi belum disimpan. Periksa isian yang ditandai.');
  assert.doesNotMatch(r.text, /rahmat-hulopi-1/);
  r = await v.post(path, { password: 'Sandi-Atur-2025!', repeat: 'Sandi-Atur-2026!' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Kedua kata sandi baru tidak sama/);
  assert.doesNotMatch(r.text, /Sandi-Atur-202/);
  r = await v.post(path, { password: '', repeat: '' });
  assert.equal(r.status, 422);
  assert.equal((await person.json('/akun')).status, 200, 'nothing changed yet');

  r = await v.post(path, { password: 'Sandi-Atur-2025!', repeat: 'Sandi-Atur-2025!' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/masuk?ok=sandi');
  secrets.push('Sandi-Atur-2025!');
  const login = await v.get('/masuk?ok=sandi');
  assert.match(notice(login.text), /Kata sandi baru sudah disimpan/);
  assert.equal((await person.json('/akun')).status, 401, 'the session ended');
  const api = new Client(s);
  api.bearer = apiToken;
  assert.equal((await api.json('/akun')).status, 401, 'the API token is revoked');
  assert.equal((await new Client(s).login(email, DEMO_PASSWORD)).status, 401);
  assert.equal((await new Client(s).login(email, 'Sandi-Atur-2025!')).status, 303);

  // Once only.
  r = await v.get(path);
  assert.equal(r.status, 404);
  assert.equal(notice(r.text), INVALID);
  assert.doesNotMatch(r.text, /name="password"/);
  await v.get('/masuk');
  r = await v.post(path, { password: 'Sandi-Kedua-2025!', repeat: 'Sandi-Kedua-2025!' });
  assert.equal(r.status, 404);
  assert.equal(notice(r.text), INVALID);
  assert.equal((await new Client(s).login(email, 'Sandi-Atur-2025!')).status, 303);

  const [used] = sqlOk(s, `SELECT used_at FROM password_reset WHERE token_hash = '${sha256(token)}'`).split('|');
  assert.match(used, /^\d{4}-/);
  const audit = sqlOk(s, `SELECT actor_id, actor, summary FROM audit_log WHERE action = 'user.password_reset'
    AND object_id = ${id}`).split('|');
  assert.equal(Number(audit[0]), id, 'the person acted');
  assert.equal(audit[1], email);
  assert.equal(JSON.parse(audit[2]).tokens_revoked, 1);
});

test('a newer link voids the older; used, replaced, expired and unknown links say the same', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const id = await userId(admin, 'kepala.kanim.gorontalo@p2ham.demo');
  const older = await makeLink(admin, id);
  const newer = await makeLink(admin, id);
  const v = new Visitor(s);
  const replaced = await v.get(older.path);
  assert.equal(replaced.status, 404);
  assert.equal(notice(replaced.text), INVALID);
  assert.equal((await v.get(newer.path)).status, 200);
  sqlOk(s, `UPDATE password_reset SET expires_at = '2020-01-01T00:00:00Z' WHERE token_hash = '${sha256(newer.token)}'`);
  const expired = await v.get(newer.path);
  assert.equal(expired.status, 404);
  assert.equal(expired.text, replaced.text.replace(older.token, newer.token));
  const unknown = await v.get(`/sandi/atur/${'A'.repeat(43)}`);
  assert.equal(unknown.status, 404);
  assert.equal(notice(unknown.text), INVALID);
  const json = await v.json(newer.path);
  assert.equal(json.status, 404);
  assert.equal(json.json.valid, false);
  assert.equal(json.json.notice.text, INVALID);
});

test('an inactive account gets no link, and its links stop working', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const id = await userId(admin, 'penilai@p2ham.demo');
  const { path } = await makeLink(admin, id);
  await admin.get(`/pengguna/${id}`);
  assert.equal((await admin.post(`/pengguna/${id}/status`, { active: '0' })).status, 303);
  const v = new Visitor(s);
  assert.equal((await v.get(path)).status, 404);
  await admin.get(`/pengguna/${id}`);
  const r = await admin.post(`/pengguna/${id}/sandi`);
  assert.equal(r.status, 409);
  assert.match(r.text, /Akun ini nonaktif/);
});

test('the command line prints a working link and is on the record as the command line', async () => {
  const s = holder.server;
  const email = 'verifikator@p2ham.demo';
  const r = runOn(s, ['user', 'reset-password', '--email', email.toUpperCase(), '--public-url', PUBLIC_URL]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/^https:\/\/p2ham\.example\.go\.id(\/sandi\/atur\/[A-Za-z0-9_-]{43})$/m);
  assert.ok(m, r.stdout);
  secrets.push(m[1].slice(12));
  const v = new Visitor(s);
  const page = await v.get(m[1]);
  assert.equal(page.status, 200);
  assert.match(page.text, /verifikator@p2ham\.demo/);
  const audit = sqlOk(s, `SELECT actor, actor_id FROM audit_log WHERE action = 'user.reset_link'
    ORDER BY seq DESC LIMIT 1`);
  assert.equal(audit, 'cli|');
  const none = runOn(s, ['user', 'reset-password', '--email', 'tidak.ada@p2ham.demo']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no account signs in as/);
  const help = runOn(s, ['user', '--help']);
  assert.match(help.stdout, /reset-password/);
});

test('the page speaks English on request and is a plain form', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const { path } = await makeLink(admin, await userId(admin, 'pengamat@p2ham.demo'));
  const v = new Visitor(s);
  const r = await v.get(`${path}?lang=en`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Set a new password<\/h1>/);
  assert.match(r.text, new RegExp(`<form class="form narrow" method="post" action="${path}" novalidate>`));
  assert.match(r.text, /<button type="submit">Save the new password<\/button>/);
});

test('an address that keeps trying links that do not work is held back, others are not', async () => {
  const s = holder.server;
  const admin = await signIn(s, 'admin@p2ham.demo', DEMO_PASSWORD);
  const { path } = await makeLink(admin, await userId(admin, 'koordinator@p2ham.demo'));
  const guesser = new Visitor(s, '203.0.113.7');
  await guesser.get('/masuk');
  for (let i = 0; i < 20; i++) {
    const r = await guesser.post(`/sandi/atur/tebakan${i}`, { password: 'Sandi-Tebak-2025!', repeat: 'Sandi-Tebak-2025!' });
    assert.equal(r.status, 404, `guess ${i + 1}`);
  }
  let r = await guesser.post('/sandi/atur/tebakan-lagi', { password: 'Sandi-Tebak-2025!', repeat: 'Sandi-Tebak-2025!' });
  assert.equal(r.status, 429);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait > 840 && wait <= 900, `Retry-After ${wait}`);
  assert.match(notice(r.text), /Coba lagi dalam 15 menit/);
  // Even a working link waits at that address...
  r = await guesser.get(path);
  assert.equal(r.status, 429);
  assert.doesNotMatch(r.text, /name="password"/);
  assert.match(sqlOk(s, "SELECT locked_until FROM login_throttle WHERE key = 'reset:203.0.113.7'"), /^\d{4}-/);
  // ...but not at another, and the link is still unspent.
  r = await new Visitor(s, '203.0.113.8').get(path);
  assert.equal(r.status, 200);
});

test('no reset link or password appears in the log', () => {
  const log = holder.server.log();
  for (const x of secrets) assert.ok(!log.includes(x), `secret ${x.slice(0, 6)}... in the log`);
});

testCleanStop(holder);
