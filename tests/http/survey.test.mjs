// The public satisfaction survey against a real server with the demo data:
// the form of a unit renders without sign-in in Bahasa Indonesia with the
// unit's services, and is small on the wire; an answer is accepted, kept
// and counted; a replayed form, a too-fast fill, a second answer from the
// same device the same day, a filled honeypot and too many posts from one
// address are refused with a plain message, counted in /metrics; bad input
// keeps what was typed; the instrument CLI validates with JSON paths; and
// `p2ham survey recount --check` finds the counters equal to the answers.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { loadDemo, repoRoot, runCommand, runOn, sqlOk, testCleanStop, useServer } from './lib.mjs';
import { KANIM, answers, form, nonceOf, sleep, tokenOf, wireSize } from './survey_fixture.mjs';

const holder = useServer();
const ctx = {};
const sql = (text) => sqlOk(holder.server, text);
const POST = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };

async function formPage(cookie) {
  const r = await holder.server.request(`/survei/${ctx.unit}`, cookie ? { headers: { cookie } } : {});
  assert.equal(r.status, 200, r.text);
  return r;
}

function post(fields, cookie) {
  const headers = { ...POST.headers, ...(cookie ? { cookie } : {}) };
  return holder.server.request(`/survei/${ctx.unit}`, { ...POST, headers, body: form(fields) });
}

async function refusals(reason) {
  const m = await holder.server.request('/metrics');
  const line = m.text.split('\n').find((l) => l.startsWith(`p2ham_form_refusals_total{form="survei",reason="${reason}"}`));
  assert.ok(line, `metrics line for ${reason}\n${m.text}`);
  return Number(line.split(' ').pop());
}

const respondents = () => Number(sql(`SELECT COALESCE(SUM(n), 0) FROM survey_respondents WHERE unit_id = ${ctx.unit}`));

test('the form of a unit: no sign-in, Bahasa Indonesia, its services, under 20 KB', async () => {
  loadDemo(holder.server);
  ctx.unit = Number(sql(`SELECT id FROM unit WHERE name = '${KANIM}'`));
  const r = await formPage();
  assert.match(r.text, /<html lang="id"/);
  assert.match(r.text, /Survei Kepuasan Masyarakat/);
  assert.match(r.text, new RegExp(KANIM));
  for (let i = 1; i <= 9; i++) assert.match(r.text, new RegExp(`name="u${i}" value="4"`));
  // The unit answers the P2HAM instrument: the human-rights questions too.
  assert.match(r.text, /name="ham3"/);
  assert.match(r.text, /<option value="\d+">Paspor baru<\/option>/);
  assert.match(r.text, /name="situs_web"/);
  assert.doesNotMatch(r.text, /<script(?![^>]*src="\/static\/)/, 'no inline script');
  // On the wire: the page, its stylesheet and script, compressed as sent.
  const page = await wireSize(holder.server.port, `/survei/${ctx.unit}`);
  const assets = [...r.text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
  let total = page.bytes;
  for (const a of assets) total += (await wireSize(holder.server.port, a)).bytes;
  assert.ok(total < 20 * 1024, `page and assets ${total} bytes on the wire`);
  const plain = await wireSize(holder.server.port, `/survei/${ctx.unit}`, 'identity');
  assert.ok(plain.bytes < 20 * 1024, `page uncompressed ${plain.bytes} bytes`);
  const en = await holder.server.request(`/survei/${ctx.unit}?lang=en`);
  assert.match(en.text, /Public Satisfaction/);
  const json = await holder.server.request(`/survei/${ctx.unit}`, { headers: { accept: 'application/json' } });
  assert.equal(json.json.elements.length, 9);
  assert.equal(json.json.questions.length, 3);
  assert.equal((await holder.server.request('/survei/999999')).status, 404);
});

test('an answer is accepted, kept with its nonce and counted', async () => {
  const before = respondents();
  const u1Before = Number(sql(`SELECT COALESCE(SUM(n), 0) FROM survey_count WHERE unit_id = ${ctx.unit} AND element = 'u1' AND value = 4`));
  const token = tokenOf((await formPage()).text);
  await sleep(1100);
  const service = sql(`SELECT id FROM survey_service WHERE unit_id = ${ctx.unit} ORDER BY position LIMIT 1`);
  const r = await post(answers(token, { service, ham1: '2', ham3: '1' }));
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), `/survei/${ctx.unit}/terima-kasih`);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^p2ham_survei=[^;]+; Path=\/survei/);
  ctx.cookie = cookie.split(';')[0];
  ctx.kept = answers(token, { service });
  const thanks = await holder.server.request(`/survei/${ctx.unit}/terima-kasih`);
  assert.equal(thanks.status, 200);
  assert.match(thanks.text, /Terima kasih/);
  assert.equal(respondents(), before + 1);
  assert.equal(Number(sql(`SELECT SUM(n) FROM survey_count WHERE unit_id = ${ctx.unit} AND element = 'u1' AND value = 4`)), u1Before + 1);
  const row = sql(`SELECT answers, profile, suggestion, service_id FROM survey_answer WHERE nonce = '${nonceOf(token)}'`);
  assert.equal(row, `{"ham1":2,"ham3":1,"u1":4,"u2":3,"u3":3,"u4":4,"u5":3,"u6":4,"u7":4,"u8":2,"u9":3}|` +
    `{"age":"26-35","gender":"p","service":"${service}"}|Ruang tunggu nyaman.|${service}`);
  assert.equal(Number(sql(`SELECT n FROM survey_profile_count WHERE unit_id = ${ctx.unit} AND field = 'service' AND option = '${service}' AND period = (SELECT period FROM survey_answer WHERE nonce = '${nonceOf(token)}')`)) > 0, true);
});

test('a replayed form is refused with a message and counted', async () => {
  const before = respondents();
  const n = await refusals('replay');
  const r = await post(ctx.kept);
  assert.equal(r.status, 409);
  assert.match(r.text, /sudah pernah dikirim/);
  assert.equal(respondents(), before);
  assert.equal(await refusals('replay'), n + 1);
});

test('a fill faster than a person is refused, keeping what was typed', async () => {
  const n = await refusals('too_fast');
  // On a loaded machine the form and the post can take a second between
  // them, a person's speed, and that answer is rightly accepted: try again
  // then. A refusal, or any answer within a second, ends the tries.
  let r;
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const token = tokenOf((await formPage()).text);
    r = await post(answers(token, { u1: '2', saran: 'Cepat sekali' }));
    if (r.status === 400 || Date.now() - t0 < 1000) break;
  }
  assert.equal(r.status, 400);
  assert.match(r.text, /terlalu cepat/);
  assert.match(r.text, /name="u1" value="2" checked/);
  assert.match(r.text, />Cepat sekali<\/textarea>/);
  assert.equal(await refusals('too_fast'), n + 1);
});

test('a second answer from the same device the same day is refused', async () => {
  const before = respondents();
  const n = await refusals('device');
  const token = tokenOf((await formPage(ctx.cookie)).text);
  await sleep(1100);
  const r = await post(answers(token), ctx.cookie);
  assert.equal(r.status, 429);
  assert.match(r.text, /perangkat ini sudah ada jawaban/);
  assert.equal(respondents(), before);
  assert.equal(await refusals('device'), n + 1);
  // A forged mark is no mark: the same answer from a device without one goes.
  const other = await post(answers(token), 'p2ham_survei=2026-01-01_1.00');
  assert.equal(other.status, 303, other.text);
});

test('a filled honeypot is refused with a message and counted', async () => {
  const n = await refusals('honeypot');
  const token = tokenOf((await formPage()).text);
  await sleep(1100);
  const r = await post(answers(token, { situs_web: 'http://spam.example' }));
  assert.equal(r.status, 400);
  assert.match(r.text, /kolom yang seharusnya kosong/);
  assert.equal(await refusals('honeypot'), n + 1);
});

test('a forged or foreign token is refused', async () => {
  const n = await refusals('token');
  const token = tokenOf((await formPage()).text);
  await sleep(1100);
  const r = await post(answers(token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))));
  assert.equal(r.status, 400);
  assert.equal(await refusals('token'), n + 1);
  const other = Number(sql(`SELECT id FROM unit WHERE id <> ${ctx.unit} ORDER BY id LIMIT 1`));
  const m = await refusals('mismatch');
  const foreign = await holder.server.request(`/survei/${other}`, { ...POST, body: form(answers(token)) });
  assert.equal(foreign.status, 400);
  assert.equal(await refusals('mismatch'), m + 1);
});

test('bad input keeps what was typed and says what is missing', async () => {
  const before = respondents();
  const token = tokenOf((await formPage()).text);
  await sleep(1100);
  const fields = answers(token, { u5: '', u7: '9', gender: 'x', saran: 'Petugas <ramah> & sigap' });
  const r = await post(fields);
  assert.equal(r.status, 422);
  assert.match(r.text, /Ada jawaban yang belum lengkap/);
  assert.match(r.text, /Pilih satu jawaban untuk pertanyaan ini/);
  assert.match(r.text, /Jawaban ini tidak ada dalam pilihan/);
  assert.match(r.text, /name="u1" value="4" checked/);
  assert.match(r.text, /<option value="26-35" selected>/);
  assert.match(r.text, />Petugas &lt;ramah&gt; &amp; sigap<\/textarea>/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.equal(respondents(), before);
  // The same form, completed, goes through with its token.
  const ok = await post({ ...fields, u5: '3', u7: '4', gender: 'l' });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(respondents(), before + 1);
});

test('too many posts from one address are refused with a message and counted', async () => {
  const n = await refusals('rate');
  let r;
  for (let i = 0; i < 300; i++) {
    r = await post({ token: 'x' });
    if (r.status === 429) break;
  }
  assert.equal(r.status, 429);
  assert.match(r.text, /Terlalu banyak formulir terkirim dari jaringan yang sama/);
  assert.equal(await refusals('rate'), n + 1);
  const m = await holder.server.request('/metrics');
  assert.match(m.text, /^p2ham_survey_answers_total [1-9]\d*$/m);
});

test('recount --check finds the counters equal to the answers, and a difference', () => {
  let r = runOn(holder.server, ['survey', 'recount', '--check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /answers, 0 differences/);
  sql(`UPDATE survey_count SET n = n + 2 WHERE unit_id = ${ctx.unit} AND element = 'u9' AND value = 3 ` +
    `AND period = (SELECT MAX(period) FROM survey_count WHERE unit_id = ${ctx.unit})`);
  r = runOn(holder.server, ['survey', 'recount', '--check']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`answers unit ${ctx.unit} period \\S+ u9=3: stored \\d+, answers \\d+`));
  assert.match(r.stdout, /1 difference\n/);
  r = runOn(holder.server, ['survey', 'recount']);
  assert.equal(r.status, 0, r.stderr);
  r = runOn(holder.server, ['survey', 'recount', '--check']);
  assert.equal(r.status, 0, r.stdout);
});

test('the instrument CLI: shipped ones listed, a bad file refused with JSON paths', () => {
  let r = runOn(holder.server, ['survey', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ikm-permenpanrb-14-2017\s+1\s+PermenPANRB 14\/2017/);
  assert.match(r.stdout, /ikm-p2ham\s+1/);
  r = runCommand(['survey', 'validate', path.join(repoRoot, 'surveys', 'ikm-permenpanrb-14-2017.json')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /valid: ikm-permenpanrb-14-2017 version 1, 9 elements, 0 further questions, 5 profile fields/);
  const bad = path.join(os.tmpdir(), `survey-bad-${process.pid}.json`);
  writeFileSync(bad, JSON.stringify({
    format: 'p2ham-survey-1', code: 'uji', version: 1, title: { id: 'Uji', en: 'Test' },
    legal_basis: { number: 'X', title: { id: 'X', en: 'X' }, date: '2017' },
    scales: [{ code: 'a', options: [{ value: 1, label: { id: 'a', en: 'a' } }, { value: 2, label: { id: 'b', en: 'b' } }] }],
    elements: [{ code: 'u1', name: { id: 'a', en: 'a' }, question: { id: 'a' }, scale: 'b' }],
  }));
  r = runCommand(['survey', 'validate', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /\$\.elements\[0\]\.question\.en: missing/);
  assert.match(r.stdout, /\$\.elements\[0\]\.scale: no scale "b" in \$\.scales/);
  const srv = holder.server;
  r = runCommand(['survey', 'import', '--data-dir', srv.dataDir, ...(srv.db ? ['--db', srv.db.url] : []), bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nothing imported/);
});

testCleanStop(holder);
