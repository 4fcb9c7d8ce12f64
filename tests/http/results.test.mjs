// Published results against a real server with the demo data, whose 2023
// decree awards the regional offices of Gorontalo and South Sulawesi and
// whose results stand at version 2 (version 1, then South Sulawesi's award
// revoked); a later decree of the cycle (written
// into its tables as the decree's issue leaves them) awards the probation
// office of Makassar and not its detention centre. Publishing is the
// admin's alone and refuses bad input with a clear message; a correction is
// the next version, which says what it corrects, computed anew, with the
// earlier versions still readable and saying a newer one exists; a
// published version is frozen (a score changed afterwards leaves its page
// and downloads byte for byte as they were); the public page filters by
// province, unit type and predicate; the JSON and CSV downloads verify with
// openssl against the published PEM key, and a changed byte does not.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { issueDecree } from './decree_fixture.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const RUTAN_MKS = 'Rumah Tahanan Negara Kelas I Makassar';
const KANWIL_GTO = 'Kantor Wilayah Kementerian Hukum dan HAM Gorontalo';
const KANWIL_SULSEL = 'Kantor Wilayah Kementerian Hukum dan HAM Sulawesi Selatan';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-results-'));
const ctx = {};

after(() => rmSync(tmp, { recursive: true, force: true }));

const sql = (text) => sqlOk(holder.server, text);
const as = (email) => signIn(holder.server, email, DEMO_PASSWORD);
const anon = () => new Client(holder.server);

/** Raw bytes of a public download, with its headers. */
async function download(url) {
  const res = await holder.server.fetch(url);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** openssl's verdict on bytes signed by sig with the PEM key. */
function opensslVerify(name, bytes, sig, pem) {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  writeFileSync(`${file}.sig`, sig);
  writeFileSync(path.join(tmp, 'key.pem'), pem);
  const r = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(tmp, 'key.pem'),
    '-rawin', '-in', file, '-sigfile', `${file}.sig`], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

/** A later decree of the 2023 cycle awarding Bapas Makassar and not
 * awarding Rutan Makassar. */
function decree() {
  issueDecree(sql, { cycle: ctx.cycle, awarded: [ctx.bapas], notAwarded: [ctx.rutan],
    number: 'MHA-04.UM.04.01 Tahun 2023 (susulan)', at: '2023-12-05T03:00:00Z' });
}

test('setup: the demo and the 2023 cycle', () => {
  loadDemo(holder.server);
  ctx.bapas = participationOf(holder.server, BAPAS_MKS);
  ctx.rutan = participationOf(holder.server, RUTAN_MKS);
  ctx.cycle = Number(sql(`SELECT id FROM cycle WHERE year = 2023`));
  ctx.page = `/siklus/${ctx.cycle}/hasil`;
  ctx.cycle2022 = Number(sql(`SELECT id FROM cycle WHERE year = 2022`));
  ctx.page2022 = `/siklus/${ctx.cycle2022}/hasil`;
  // What the demo published: version 1, and version 2 after its revocation.
  ctx.base = Number(sql(`SELECT max(version) FROM result_version WHERE cycle_id = ${ctx.cycle}`));
  assert.equal(ctx.base, 2);
  [ctx.v2, ctx.v3, ctx.v4] = [ctx.base + 1, ctx.base + 2, ctx.base + 3];
});

test('publishing is refused to anyone but the admin', async () => {
  const anonPost = await anon().post(ctx.page, {}, { csrf: 'x' });
  assert.ok([303, 403].includes(anonPost.status), `anonymous: ${anonPost.status}`);
  for (const email of ['koordinator@p2ham.demo', 'pengamat@p2ham.demo', 'penilai@p2ham.demo']) {
    const c = await as(email);
    const page = await c.get(ctx.page);
    assert.ok([403, 404].includes(page.status), `${email} page: ${page.status}`);
    await c.get('/akun');
    const post = await c.post(ctx.page, {});
    assert.ok([403, 404].includes(post.status), `${email} post: ${post.status}`);
  }
  assert.equal(sql(`SELECT count(*) FROM result_version`), String(ctx.base));
});

test('no decree issued yet: publishing is refused with a reason', async () => {
  const admin = await as('admin@p2ham.demo');
  const page = await admin.get(ctx.page2022);
  assert.equal(page.status, 200);
  assert.match(page.text, /Belum ada Keputusan Menteri yang diterbitkan/);
  const r = await admin.post(ctx.page2022, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /Belum ada Keputusan Menteri yang diterbitkan/);
  assert.equal(sql(`SELECT count(*) FROM result_version WHERE cycle_id = ${ctx.cycle2022}`), '0');
  ctx.admin = admin;
});

test('bad input: a first version corrects nothing, a correction says what it corrects', async () => {
  const a = ctx.admin;
  await a.get(ctx.page2022);
  let r = await a.post(ctx.page2022, { koreksi: 'Salah ketik' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Versi pertama tidak mengoreksi apa pun/);
  await a.get(ctx.page);
  r = await a.post(ctx.page, { koreksi: '   ' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan apa yang dikoreksi/);
  await a.get(ctx.page);
  const long = `Koreksi ${'panjang '.repeat(260)}`;
  r = await a.post(ctx.page, { koreksi: long });
  assert.equal(r.status, 422, 'a note past 2000 characters');
  assert.match(r.text, /aria-invalid="true"/);
  assert.ok(r.text.includes(`${long.trim()}</textarea>`), 'the typed note is kept');
  assert.equal(sql(`SELECT count(*) FROM result_version`), String(ctx.base));
});

test('the demo published version 1 with the decree\'s two regional offices', async () => {
  const v1 = JSON.parse((await download(`/hasil/${ctx.cycle}/versi/1/hasil.json`)).bytes.toString('utf8'));
  assert.equal(v1.version, 1);
  assert.equal(v1.corrects, null);
  assert.deepEqual(v1.units.map((u) => u.unit_name).sort(), [KANWIL_GTO, KANWIL_SULSEL]);
  assert.ok(v1.units.every((u) => u.revoked === false));
  const v2 = JSON.parse((await download(`/hasil/${ctx.cycle}/versi/2/hasil.json`)).bytes.toString('utf8'));
  assert.equal(v2.units.find((u) => u.unit_name === KANWIL_SULSEL).revoked, true);
});

test('the admin publishes the later decree\'s units as the next version, signed', async () => {
  decree();
  const a = ctx.admin;
  const form = await a.get(ctx.page);
  assert.match(form.text, /Keputusan Menteri yang sudah diterbitkan: <strong>4<\/strong>/);
  assert.match(form.text, new RegExp(`Umumkan koreksi sebagai versi ${ctx.v2}`));
  const r = await a.post(ctx.page, { koreksi: 'Unit dari keputusan susulan ditambahkan.' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `${ctx.page}?ok=${ctx.v2}`);
  const page = await a.get(`${ctx.page}?ok=${ctx.v2}`);
  assert.match(page.text, /Hasil diumumkan/);
  assert.equal(sql(`SELECT version || '|' || unit_count FROM result_version WHERE cycle_id = ${ctx.cycle}
    ORDER BY version DESC LIMIT 1`), `${ctx.v2}|4`);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action LIKE '%results.publish'`), String(ctx.v2));

  const list = await anon().get('/hasil');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/hasil/${ctx.cycle}"`));
  const pub = await anon().get(`/hasil/${ctx.cycle}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, new RegExp(BAPAS_MKS));
  assert.match(pub.text, new RegExp(RUTAN_MKS));
  assert.match(pub.text, /Menampilkan 4 dari 4 unit/);
  assert.match(pub.text, /<svg[^>]*class="chart"/);
  assert.match(pub.text, /Cara penghitungan/);
  ctx.v2page = pub.text;

  const json = await download(`/hasil/${ctx.cycle}/versi/${ctx.v2}/hasil.json`);
  assert.equal(json.status, 200);
  const snap = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(snap.version, ctx.v2);
  assert.equal(snap.corrects, 'Unit dari keputusan susulan ditambahkan.');
  assert.equal(snap.units.length, 4);
  const bapas = snap.units.find((u) => u.unit_name === BAPAS_MKS);
  assert.equal(bapas.predicate.code, 'p2ham');
  assert.equal(bapas.revoked, false);
  assert.match(bapas.total, /^\d+\.\d\d$/);
  assert.ok(bapas.criteria.length > 0 && bapas.explanation.id.length > 0 && bapas.explanation.en.length > 0);
  const rutan = snap.units.find((u) => u.unit_name === RUTAN_MKS);
  assert.equal(rutan.predicate, null);
  ctx.v2json = json.bytes;
  ctx.v2total = bapas.total;
});

test('the downloads carry their signature and verify with openssl against the PEM key', async () => {
  const key = await download('/hasil/kunci-publik.pem');
  assert.equal(key.status, 200);
  const pem = key.bytes.toString('utf8');
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  for (const [name, url] of [['hasil.json', `/hasil/${ctx.cycle}/versi/${ctx.v2}/hasil.json`],
    ['hasil.csv', `/hasil/${ctx.cycle}/versi/${ctx.v2}/hasil.csv`]]) {
    const file = await download(url);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('x-signature-algorithm'), 'Ed25519');
    assert.match(file.headers.get('x-public-key'), /\/hasil\/kunci-publik\.pem$/);
    const sigHeader = Buffer.from(file.headers.get('x-signature'), 'base64');
    const sig = await download(`${url}.sig`);
    assert.equal(sig.status, 200);
    assert.equal(sig.bytes.length, 64);
    assert.deepEqual(sig.bytes, sigHeader, `${name}: the .sig file is the header's signature`);
    const hash = spawnSync('sha256sum', { input: file.bytes, encoding: 'utf8' }).stdout.slice(0, 64);
    assert.equal(file.headers.get('x-content-sha256'), hash);
    const good = opensslVerify(name, file.bytes, sig.bytes, pem);
    assert.ok(good.ok, `${name}: ${good.out}`);
    assert.match(good.out, /Signature Verified Successfully/);
    const bad = Buffer.from(file.bytes);
    bad[bad.length - 3] ^= 1;
    assert.equal(opensslVerify(`bad-${name}`, bad, sig.bytes, pem).ok, false, `${name}: altered`);
    if (name === 'hasil.csv') {
      const text = file.bytes.toString('utf8');
      assert.match(text, /province_code,province_name,unit_type,unit_name/);
      assert.match(text, new RegExp(BAPAS_MKS));
    }
  }
});

test('a score changed after publishing leaves the version as it was', async () => {
  const changed = sql(`UPDATE score SET option_code = 'tidak' WHERE participation_id = ${ctx.bapas}
    AND option_code = 'ada' RETURNING indicator`);
  assert.ok(changed.length > 0, 'some score changed');
  const json = await download(`/hasil/${ctx.cycle}/versi/${ctx.v2}/hasil.json`);
  assert.deepEqual(json.bytes, ctx.v2json);
  const pub = await anon().get(`/hasil/${ctx.cycle}`);
  assert.equal(pub.text, ctx.v2page);
});

test('a correction is the next version, computed anew, with the earlier versions still readable', async () => {
  const a = ctx.admin;
  const page = await a.get(ctx.page);
  assert.match(page.text, new RegExp(`Umumkan koreksi sebagai versi ${ctx.v3}`));
  const r = await a.post(ctx.page, { koreksi: 'Nilai Bapas Makassar dikoreksi <b>setelah</b> keberatan.' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `${ctx.page}?ok=${ctx.v3}`);

  const v3 = JSON.parse((await download(`/hasil/${ctx.cycle}/versi/${ctx.v3}/hasil.json`)).bytes.toString('utf8'));
  assert.equal(v3.version, ctx.v3);
  assert.equal(v3.corrects, 'Nilai Bapas Makassar dikoreksi <b>setelah</b> keberatan.');
  assert.notEqual(v3.units.find((u) => u.unit_name === BAPAS_MKS).total, ctx.v2total);

  const latest = await anon().get(`/hasil/${ctx.cycle}`);
  assert.match(latest.text, /Nilai Bapas Makassar dikoreksi &lt;b&gt;setelah&lt;\/b&gt; keberatan\./);
  assert.doesNotMatch(latest.text, /sudah dikoreksi oleh versi yang lebih baru/);
  for (let n = 1; n < ctx.v3; n++) {
    const old = await anon().get(`/hasil/${ctx.cycle}/versi/${n}`);
    assert.equal(old.status, 200);
    assert.match(old.text, /Versi ini sudah dikoreksi oleh versi yang lebih baru/);
    assert.match(old.text, new RegExp(`href="/hasil/${ctx.cycle}"`));
  }
  assert.deepEqual((await download(`/hasil/${ctx.cycle}/versi/${ctx.v2}/hasil.json`)).bytes, ctx.v2json);
  assert.equal((await anon().get(`/hasil/${ctx.cycle}/versi/${ctx.v4}`)).status, 404);
});

test('a published version cannot be changed, even behind p2ham\'s back', () => {
  assert.throws(() => sql(`UPDATE result_version SET corrects = 'x' WHERE version = ${ctx.v2}`));
  assert.throws(() => sql(`DELETE FROM result_version`));
  assert.equal(sql(`SELECT count(*) FROM result_version`), String(ctx.v3));
});

test('the public page filters by province, unit type and predicate', async () => {
  const c = anon();
  const base = `/hasil/${ctx.cycle}`;
  const all = [BAPAS_MKS, RUTAN_MKS, KANWIL_GTO, KANWIL_SULSEL];
  const cases = [
    // Kanwil Sulsel's predicate was revoked: it is listed under "dicabut" only.
    ['?predikat=p2ham', [BAPAS_MKS, KANWIL_GTO]],
    ['?predikat=dicabut', [KANWIL_SULSEL]],
    ['?predikat=tanpa', [RUTAN_MKS]],
    ['?jenis=rutan', [RUTAN_MKS]],
    ['?jenis=kanwil', [KANWIL_GTO, KANWIL_SULSEL]],
    ['?jenis=bapas&predikat=tanpa', []],
    ['?provinsi=73', [BAPAS_MKS, RUTAN_MKS, KANWIL_SULSEL]],
    ['?provinsi=75&jenis=kanwil&predikat=p2ham', [KANWIL_GTO]],
  ];
  for (const [q, shown] of cases) {
    const r = await c.get(base + q);
    assert.equal(r.status, 200, q);
    for (const u of all) {
      const re = new RegExp(`<h3 id="u-\\d+">${u}</h3>`);
      if (shown.includes(u)) assert.match(r.text, re, `${q} shows ${u}`);
      else assert.doesNotMatch(r.text, re, `${q} hides ${u}`);
    }
  }
  for (const q of ['?predikat=emas', '?provinsi=31', '?jenis=lapas']) {
    const bad = await c.get(base + q);
    assert.equal(bad.status, 400, q);
    assert.match(bad.text, /Pilihan penyaring tidak dikenal; semua unit ditampilkan/, q);
    assert.match(bad.text, /Menampilkan 4 dari 4 unit/, q);
  }
  const json = await c.json(`${base}?predikat=tanpa`);
  assert.equal(json.json.units.length, 1);
  assert.equal(json.json.units[0].unit_name, RUTAN_MKS);
});

test('a revoked award shows in the next version, which the filter finds', async () => {
  sql(`UPDATE award SET revoked_at = '2024-03-01T02:00:00Z' WHERE participation_id = ${ctx.bapas}`);
  const before = await anon().get(`/hasil/${ctx.cycle}?predikat=dicabut`);
  assert.match(before.text, /Menampilkan 1 dari 4 unit/, 'the version stays as published: only the demo\'s revocation');
  const a = ctx.admin;
  await a.get(ctx.page);
  const r = await a.post(ctx.page, { koreksi: 'Predikat Bapas Makassar dicabut.' });
  assert.equal(r.status, 303, r.text);
  const v4 = JSON.parse((await download(`/hasil/${ctx.cycle}/versi/${ctx.v4}/hasil.json`)).bytes.toString('utf8'));
  const bapas = v4.units.find((u) => u.unit_name === BAPAS_MKS);
  assert.equal(bapas.revoked, true);
  assert.equal(bapas.revoked_at, '2024-03-01T02:00:00Z');
  const page = await anon().get(`/hasil/${ctx.cycle}?predikat=dicabut`);
  assert.match(page.text, /Menampilkan 2 dari 4 unit/);
  assert.match(page.text, new RegExp(`<h3 id="u-\\d+">${BAPAS_MKS}</h3>`));
  assert.match(page.text, new RegExp(`<h3 id="u-\\d+">${KANWIL_SULSEL}</h3>`));
  assert.match(page.text, /Predikat unit ini dicabut pada/);
});

testCleanStop(holder);
