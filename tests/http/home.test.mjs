// The public home page: language by query, cookie and default; the page's
// landmarks; its JSON twin; HEAD.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { htmlLang, testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();

const STAGES = {
  id: ['Pencanangan', 'Pembangunan', 'Evaluasi', 'Penilaian', 'Pembinaan dan Pengawasan'],
  en: ['Declaration', 'Building', 'Evaluation', 'Assessment', 'Guidance and supervision'],
};

function assertStages(html, lang) {
  const lower = html.toLowerCase();
  for (const s of STAGES[lang]) {
    assert.ok(lower.includes(s.toLowerCase()), `page in ${lang} names the stage "${s}"`);
  }
}

/** The value of a Set-Cookie for name, or null (fetch joins them with ", "). */
function setCookie(headers, name) {
  const all = headers.getSetCookie ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
  for (const c of all) {
    const m = new RegExp(`^\\s*${name}=([^;]*)`).exec(c);
    if (m) return { value: m[1], raw: c };
  }
  return null;
}

test('GET / is an Indonesian HTML page by default', async () => {
  const r = await ctx.server.request('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html\b/);
  assert.match(r.headers.get('content-type'), /charset=utf-8/i);
  assert.equal(htmlLang(r.text), 'id');
  assert.match(r.text, /^<!DOCTYPE html>/i);
  assertStages(r.text, 'id');
  assert.match(r.text, /P2HAM/);
});

test('GET / has a skip link, header, h1, main and footer', async () => {
  const { text } = await ctx.server.request('/');
  assert.match(text, /<a\b[^>]*href="#main"/, 'skip link to #main');
  assert.match(text, /<main\b[^>]*\bid="main"/, '<main id="main">');
  const header = /<header\b[^>]*>([\s\S]*?)<\/header>/.exec(text);
  assert.ok(header, 'a <header>');
  assert.match(header[1], /P2HAM|Pelayanan Publik Berbasis HAM/i, 'programme name in the header');
  assert.match(text, /<footer\b[\s\S]*<\/footer>/, 'a <footer>');
  assert.match(text, /<h1\b[^>]*>[^<]*\S[\s\S]*?<\/h1>/, 'a non-empty <h1>');
});

/** href values of the links in html, with &amp; decoded. */
function links(html) {
  return [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

test('the language switch links to the other language and marks the current one', async () => {
  const cases = [
    ['/', 'id', 'en'],
    ['/?lang=en', 'en', 'id'],
  ];
  for (const [path, current, other] of cases) {
    const { text } = await ctx.server.request(path);
    const hrefs = links(text);
    assert.ok(hrefs.some((h) => new RegExp(`[?&]lang=${other}\\b`).test(h)),
      `${path}: a link to lang=${other} in ${JSON.stringify(hrefs)}`);
    assert.match(text, new RegExp(`<[^>]*aria-current="(true|page)"[^>]*lang="${current}"|<[^>]*lang="${current}"[^>]*aria-current="(true|page)"|href="[^"]*lang=${current}\\b`),
      `${path}: the switch shows ${current} too`);
  }
});

test('GET /?lang=en is English and remembers the choice in a cookie', async () => {
  const r = await ctx.server.request('/?lang=en');
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.text), 'en');
  assertStages(r.text, 'en');
  const c = setCookie(r.headers, 'lang');
  assert.ok(c, `Set-Cookie lang in ${JSON.stringify(r.headers.get('set-cookie'))}`);
  assert.equal(c.value, 'en');
  assert.match(c.raw, /;\s*Path=\//i, 'cookie for the whole site');

  const again = await ctx.server.request('/', { headers: { Cookie: 'lang=en' } });
  assert.equal(again.status, 200);
  assert.equal(htmlLang(again.text), 'en', 'the cookie keeps the page English');
  assertStages(again.text, 'en');
});

test('GET /?lang=id overrides an English cookie and sets lang=id', async () => {
  const r = await ctx.server.request('/?lang=id', { headers: { Cookie: 'lang=en' } });
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.text), 'id');
  assertStages(r.text, 'id');
  const c = setCookie(r.headers, 'lang');
  assert.ok(c, 'Set-Cookie lang');
  assert.equal(c.value, 'id');
});

test('an unknown lang cookie falls back to Indonesian', async () => {
  const r = await ctx.server.request('/', { headers: { Cookie: 'lang=xx' } });
  assert.equal(r.status, 200);
  assert.equal(htmlLang(r.text), 'id');
});

test('GET / with Accept: application/json returns the view model', async () => {
  const r = await ctx.server.request('/', { headers: { Accept: 'application/json' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json\b/);
  assert.ok(r.json && typeof r.json === 'object', `JSON body: ${r.text.slice(0, 200)}`);
  assert.ok(Array.isArray(r.json.stages), 'stages is an array');
  assert.equal(r.json.stages.length, 5);
  assert.doesNotMatch(r.text, /<html/i);
});

test('the JSON twin follows the language too', async () => {
  const id = await ctx.server.request('/', { headers: { Accept: 'application/json' } });
  const en = await ctx.server.request('/?lang=en', { headers: { Accept: 'application/json' } });
  assert.equal(en.status, 200);
  const idText = JSON.stringify(id.json.stages);
  const enText = JSON.stringify(en.json.stages);
  assert.match(idText, /Pencanangan/);
  assert.match(enText, /Declaration/);
});

test('HEAD / answers like GET without a body', async () => {
  const get = await ctx.server.fetch('/');
  await get.arrayBuffer();
  const head = await ctx.server.fetch('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), get.headers.get('content-type'));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
});

testCleanStop(ctx);
