// Published results against a real server with the demo data and a decree
// issued for the 2023 cycle (written into its tables as the decree's issue
// leaves them): publishing is the admin's alone and refuses bad input with
// a clear message; version 1 is frozen (a score changed afterwards leaves
// its page and downloads byte for byte as they were); a correction is
// version 2, which says what it corrects, with version 1 still readable
// and saying a newer one exists; the public page filters by province, unit
// type and predicate; the JSON and CSV downloads verify with openssl
// against the published PEM key, and a changed byte does not.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, participationOf, sqlOk, testCleanStop, useServer } from './lib.mjs';

const holder = useServer();
const BAPAS_MKS = 'Balai Pemasyarakatan Kelas I Makassar';
const RUTAN_MKS = 'Rumah Tahanan Negara Kelas I Makassar';
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

/** An issued decree of the 2023 cycle awarding Bapas Makassar and not
 * awarding Rutan Makassar, as the decree's issue records it. */
function issueDecree() {
  const at = '2023-12-01T03:00:00Z';
  sql(`INSERT INTO decree (cycle_id, number, decreed_on, place, signer_name, signer_title,
    considerations, award_date, status, created_at, updated_at, issued_at)
    VALUES (${ctx.cycle}, 'MHA-04.UM.04.01 Tahun 2023', '2023-12-01', 'Jakarta', 'Menteri',
    'Menteri Hak Asasi Manusia', 'Menimbang.', '2023-12-10', 'issued', '${at}', '${at}', '${at}')`);
  const decree = Number(sql(`SELECT id FROM decree WHERE cycle_id = ${ctx.cycle}`));
  sql(`INSERT INTO decree_entry (decree_id, participation_id, awarded, predicate, total)
    VALUES (${decree}, ${ctx.bapas}, 1, 'p2ham', '80.00'), (${decree}, ${ctx.rutan}, 0, NULL, '40.00')`);
  sql(`INSERT INTO award (participation_id, decree_id, predicate, award_date, created_at)
    VALUES (${ctx.bapas}, ${decree}, 'p2ham', '2023-12-10', '${at}')`);
}

test('setup: the demo and the 2023 cycle', () => {
  loadDemo(holder.server);
  ctx.bapas = participationOf(holder.server, BAPAS_MKS);
  ctx.rutan = participationOf(holder.server, RUTAN_MKS);
  ctx.cycle = Number(sql(`SELECT id FROM cycle WHERE year = 2023`));
  ctx.page = `/siklus/${ctx.cycle}/hasil`;
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
  assert.equal(sql(`SELECT count(*) FROM result_version`), '0');
});

test('no decree issued yet: publishing is refused with a reason', async () => {
  const admin = await as('admin@p2ham.demo');
  await admin.get(ctx.page);
  const r = await admin.post(ctx.page, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /Belum ada Keputusan Menteri yang diterbitkan/);
  assert.equal(sql(`SELECT count(*) FROM result_version`), '0');
  ctx.admin = admin;
});

test('bad input: the first version corrects nothing', async () => {
  issueDecree();
  const a = ctx.admin;
  await a.get(ctx.page);
  let r = await a.post(ctx.page, { koreksi: 'Salah ketik' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Versi pertama tidak mengoreksi apa pun/);
  assert.equal(sql(`SELECT count(*) FROM result_version`), '0');
});

test('the admin publishes version 1, signed, with both units', async () => {
  const a = ctx.admin;
  await a.get(ctx.page);
  const r = await a.post(ctx.page, {});
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `${ctx.page}?ok=1`);
  const page = await a.get(`${ctx.page}?ok=1`);
  assert.match(page.text, /Hasil diumumkan/);
  assert.equal(sql(`SELECT version || '|' || unit_count FROM result_version WHERE cycle_id = ${ctx.cycle}`),
    '1|2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'results.publish'`), '1');

  const list = await anon().get('/hasil');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/hasil/${ctx.cycle}"`));
  const pub = await anon().get(`/hasil/${ctx.cycle}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, new RegExp(BAPAS_MKS));
  assert.match(pub.text, new RegExp(RUTAN_MKS));
  assert.match(pub.text, /Menampilkan 2 dari 2 unit/);
  assert.match(pub.text, /<svg[^>]*class="chart"/);
  assert.match(pub.text, /Cara penghitungan/);
  ctx.v1page = pub.text;

  const json = await download(`/hasil/${ctx.cycle}/versi/1/hasil.json`);
  assert.equal(json.status, 200);
  const snap = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(snap.version, 1);
  assert.equal(snap.corrects, null);
  assert.equal(snap.units.length, 2);
  const bapas = snap.units.find((u) => u.unit_name === BAPAS_MKS);
  assert.equal(bapas.predicate.code, 'p2ham');
  assert.equal(bapas.revoked, false);
  assert.match(bapas.total, /^\d+\.\d\d$/);
  assert.ok(bapas.criteria.length > 0 && bapas.explanation.id.length > 0 && bapas.explanation.en.length > 0);
  const rutan = snap.units.find((u) => u.unit_name === RUTAN_MKS);
  assert.equal(rutan.predicate, null);
  ctx.v1json = json.bytes;
  ctx.v1total = bapas.total;
});

test('the downloads carry their signature and verify with openssl against the PEM key', async () => {
  const key = await download('/hasil/kunci-publik.pem');
  assert.equal(key.status, 200);
  const pem = key.bytes.toString('utf8');
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  for (const [name, url] of [['hasil.json', `/hasil/${ctx.cycle}/versi/1/hasil.json`],
    ['hasil.csv', `/hasil/${ctx.cycle}/versi/1/hasil.csv`]]) {
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

test('a score changed after publishing leaves version 1 as it was', async () => {
  const changed = sql(`UPDATE score SET option_code = 'tidak' WHERE participation_id = ${ctx.bapas}
    AND option_code = 'ada' RETURNING indicator`);
  assert.ok(changed.length > 0, 'some score changed');
  const json = await download(`/hasil/${ctx.cycle}/versi/1/hasil.json`);
  assert.deepEqual(json.bytes, ctx.v1json);
  const pub = await anon().get(`/hasil/${ctx.cycle}`);
  assert.equal(pub.text.replace(/name="csrf" value="[^"]*"/g, ''),
    ctx.v1page.replace(/name="csrf" value="[^"]*"/g, ''));
});

test('a correction needs its note, then becomes version 2 with version 1 still readable', async () => {
  const a = ctx.admin;
  let page = await a.get(ctx.page);
  assert.match(page.text, /Umumkan koreksi sebagai versi 2/);
  let r = await a.post(ctx.page, { koreksi: '   ' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Tuliskan apa yang dikoreksi/);
  page = await a.get(ctx.page);
  const long = `Koreksi ${'panjang '.repeat(260)}`;
  r = await a.post(ctx.page, { koreksi: long });
  assert.equal(r.status, 422, 'a note past 2000 characters');
  assert.match(r.text, /aria-invalid="true"/);
  assert.ok(r.text.includes(`${long.trim()}</textarea>`), 'the typed note is kept');
  assert.equal(sql(`SELECT count(*) FROM result_version`), '1');
  page = await a.get(ctx.page);
  r = await a.post(ctx.page, { koreksi: 'Nilai Bapas Makassar dikoreksi <b>setelah</b> keberatan.' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `${ctx.page}?ok=2`);

  const v2 = JSON.parse((await download(`/hasil/${ctx.cycle}/versi/2/hasil.json`)).bytes.toString('utf8'));
  assert.equal(v2.version, 2);
  assert.equal(v2.corrects, 'Nilai Bapas Makassar dikoreksi <b>setelah</b> keberatan.');
  assert.notEqual(v2.units.find((u) => u.unit_name === BAPAS_MKS).total, ctx.v1total);

  const latest = await anon().get(`/hasil/${ctx.cycle}`);
  assert.match(latest.text, /Nilai Bapas Makassar dikoreksi &lt;b&gt;setelah&lt;\/b&gt; keberatan\./);
  assert.doesNotMatch(latest.text, /sudah dikoreksi oleh versi yang lebih baru/);
  const v1 = await anon().get(`/hasil/${ctx.cycle}/versi/1`);
  assert.equal(v1.status, 200);
  assert.match(v1.text, /Versi ini sudah dikoreksi oleh versi yang lebih baru/);
  assert.match(v1.text, new RegExp(`href="/hasil/${ctx.cycle}"`));
  assert.deepEqual((await download(`/hasil/${ctx.cycle}/versi/1/hasil.json`)).bytes, ctx.v1json);
  assert.equal((await anon().get(`/hasil/${ctx.cycle}/versi/3`)).status, 404);
});

test('a published version cannot be changed, even behind p2ham\'s back', () => {
  assert.throws(() => sql(`UPDATE result_version SET corrects = 'x' WHERE version = 2`));
  assert.throws(() => sql(`DELETE FROM result_version`));
  assert.equal(sql(`SELECT count(*) FROM result_version`), '2');
});

test('the public page filters by province, unit type and predicate', async () => {
  const c = anon();
  const base = `/hasil/${ctx.cycle}`;
  const cases = [
    ['?predikat=p2ham', [BAPAS_MKS], [RUTAN_MKS]],
    ['?predikat=tanpa', [RUTAN_MKS], [BAPAS_MKS]],
    ['?jenis=rutan', [RUTAN_MKS], [BAPAS_MKS]],
    ['?jenis=bapas&predikat=tanpa', [], [BAPAS_MKS, RUTAN_MKS]],
    ['?provinsi=73', [BAPAS_MKS, RUTAN_MKS], []],
  ];
  for (const [q, shown, hidden] of cases) {
    const r = await c.get(base + q);
    assert.equal(r.status, 200, q);
    for (const u of shown) assert.match(r.text, new RegExp(`<h3 id="u-\\d+">${u}</h3>`), `${q} shows ${u}`);
    for (const u of hidden) assert.doesNotMatch(r.text, new RegExp(`<h3 id="u-\\d+">${u}</h3>`), `${q} hides ${u}`);
  }
  for (const q of ['?predikat=emas', '?provinsi=75', '?jenis=kanwil']) {
    const bad = await c.get(base + q);
    assert.equal(bad.status, 400, q);
    assert.match(bad.text, /Pilihan penyaring tidak dikenal; semua unit ditampilkan/, q);
    assert.match(bad.text, /Menampilkan 2 dari 2 unit/, q);
  }
  const json = await c.json(`${base}?predikat=p2ham`);
  assert.equal(json.json.units.length, 1);
  assert.equal(json.json.units[0].unit_name, BAPAS_MKS);
});

testCleanStop(holder);
