// Form tokens are masked afresh on every page (no two responses carry the same
// bytes, so compression beside reflected input reveals nothing), and every
// masked copy, but nothing else, is accepted.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Client, signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, useServer } from './lib.mjs';

const holder = useServer();

function tokenOf(text) {
  const m = text.match(/name="csrf" value="([^"]*)"/);
  assert.ok(m, 'the page has a form token');
  return m[1];
}

test('the sign-in form carries a differently masked token each time, each accepted', async () => {
  const c = new Client(holder.server);
  const a = tokenOf((await c.get('/masuk')).text);
  const b = tokenOf((await c.get('/masuk')).text);
  assert.notEqual(a, b);
  assert.match(a, /^[0-9a-f]+$/);
  // The raw token of the cookie is not what the form carries.
  assert.ok(!a.includes(c.cookies.get('p2ham_csrf')));
  // Either masked copy passes the check (a wrong password is then 401, not 403).
  let r = await c.post('/masuk', { email: 'nobody@p2ham.demo', password: 'salah-sekali-1' }, { csrf: a });
  assert.equal(r.status, 401);
  r = await c.post('/masuk', { email: 'nobody@p2ham.demo', password: 'salah-sekali-1' }, { csrf: b });
  assert.equal(r.status, 401);
  // The unmasked cookie value, a cut token or a flipped digit are refused.
  for (const bad of [c.cookies.get('p2ham_csrf'), a.slice(0, -2), a.slice(0, -1) + (a.endsWith('0') ? '1' : '0')]) {
    r = await c.post('/masuk', { email: 'nobody@p2ham.demo', password: 'salah-sekali-1' }, { csrf: bad });
    assert.equal(r.status, 403, `token ${bad}`);
  }
});

test('a signed-in page masks the session token anew, and a masked copy is accepted', async () => {
  loadDemo(holder.server);
  const c = await signIn(holder.server, 'admin@p2ham.demo', DEMO_PASSWORD);
  const a = tokenOf((await c.get('/akun')).text);
  const b = tokenOf((await c.get('/akun')).text);
  assert.notEqual(a, b);
  let r = await c.post('/akun/token', { name: 'Laporan bulanan' }, { csrf: a });
  assert.notEqual(r.status, 403);
  assert.ok(r.status < 400, `status ${r.status}`);
  r = await c.post('/akun/token', { name: 'Laporan mingguan' }, { csrf: 'ab'.repeat(64) });
  assert.equal(r.status, 403);
});
