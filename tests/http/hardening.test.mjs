// Attacks on the server's resources and on its answers: bodies sent by
// nobody in particular, slow connections, password guessing in parallel,
// search patterns, paths that would turn links off site, text that does not
// fit, and form values that fail their validator.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { test } from 'node:test';

import { Client } from './client.mjs';
import { binary, DEMO_PASSWORD, firstStatus, loadDemo, rawExchange, runSql, sqlOk, startServer } from './lib.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An IPv4 address of this machine that is not loopback, or null. */
function outsideAddress() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

/** A connection to the server (from localAddress when given), once open. */
function connect(port, localAddress) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
    sock.on('connect', () => resolve(sock));
    sock.on('error', reject);
  });
}

/** Adds an account with password on the server's database; fails the test unless it was. */
function addUser(server, { email, name, password }, extra = []) {
  const r = spawnSync(binary, ['user', 'add', '--data-dir', server.dataDir,
    ...(server.db ? ['--db', server.db.url] : []), '--email', email, '--name', name, ...extra],
  { input: password + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const GET_HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n';

/** The resident memory of process pid in bytes (VmRSS). */
function rss(pid) {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'VmRSS in /proc/PID/status');
  return Number(m[1]) * 1024;
}

/**
 * POST body on a connection of its own; resolves { status, location } once
 * the answer came, or { error } when the connection failed first.
 */
function post(port, path, body, headers = {}) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path,
      headers: { 'content-length': body.length, ...headers },
      createConnection: () => net.connect({ host: '127.0.0.1', port }),
    }, (res) => {
      res.resume();
      res.on('end', () => finish({ status: res.statusCode, location: res.headers.location }));
      res.on('error', (e) => finish({ status: res.statusCode, error: e }));
    });
    req.setTimeout(120000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => finish({ error: e }));
    req.end(body);
  });
}

test('anonymous 10 MB posts to a signed-in route are answered without keeping their bodies',
  { timeout: 300000 }, async () => {
    const srv = await startServer();
    try {
      const pid = srv.child.pid;
      for (let i = 0; i < 5; i++) await (await srv.fetch('/healthz')).arrayBuffer();
      const before = rss(pid);
      let peak = before;
      const sampler = setInterval(() => {
        try { peak = Math.max(peak, rss(pid)); } catch { /* exited */ }
      }, 20);
      const body = Buffer.alloc(10 * 1024 * 1024, 'a');
      const headers = { 'content-type': 'multipart/form-data; boundary=x' };
      const answers = await Promise.all(Array.from({ length: 200 },
        () => post(srv.port, '/unit/impor', body, headers)));
      clearInterval(sampler);
      peak = Math.max(peak, rss(pid));
      const statuses = answers.map((a) => a.status ?? String(a.error));
      for (const s of statuses) assert.ok([303, 401, 413].includes(s), `answer ${s}`);
      const grew = (peak - before) / (1024 * 1024);
      assert.ok(grew <= 50, `resident memory grew by ${grew.toFixed(1)} MB`);
      const h = await srv.fetch('/healthz');
      assert.equal(h.status, 200);
    } finally {
      await srv.stop();
    }
  });

test('one address holds at most --max-per-address connections; loopback is not limited',
  async (t) => {
    const from = outsideAddress();
    if (from === null) {
      t.skip('no address but loopback on this machine');
      return;
    }
    const srv = await startServer({ args: ['--max-per-address', '3'] });
    try {
      const held = [];
      for (let i = 0; i < 3; i++) held.push(await connect(srv.port, from));
      await sleep(300);
      let r = await rawExchange(srv.port, [GET_HEALTHZ], { localAddress: from, timeoutMs: 10000 });
      assert.equal(firstStatus(r.data), null, `a fourth connection from ${from} is refused`);
      assert.notEqual(r.how, 'timeout');
      r = await rawExchange(srv.port, [GET_HEALTHZ], { timeoutMs: 10000 });
      assert.equal(firstStatus(r.data), 200, 'loopback is answered');
      for (const s of held) s.destroy();
      await sleep(300);
      r = await rawExchange(srv.port, [GET_HEALTHZ], { localAddress: from, timeoutMs: 10000 });
      assert.equal(firstStatus(r.data), 200, `${from} is answered again once its connections closed`);
    } finally {
      await srv.stop();
    }
  });

test('bodies of public pages share a memory budget: past it 503, within it answered', async () => {
  const srv = await startServer({ args: ['--body-memory', '1M'] });
  try {
    const head = (n) => `POST /masuk HTTP/1.1\r\nHost: t\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${n}\r\n\r\n`;
    const part = (n) => 'a='.concat('b'.repeat(n - 2));
    // The first holds 600 kB and waits; the second comes past the budget.
    const first = rawExchange(srv.port, [head(700000), part(600000), 1500, 'c'.repeat(100000)], { timeoutMs: 10000 });
    await sleep(500);
    const second = await rawExchange(srv.port, [head(700000), part(600000), 200, 'c'.repeat(100000)], { timeoutMs: 10000 });
    assert.equal(firstStatus(second.data), 503, 'the body past the budget');
    const one = await first;
    const s1 = firstStatus(one.data);
    assert.ok(s1 !== null && s1 !== 503, `the body within the budget is answered: ${s1}`);
    // Once the first ended its memory is given back.
    const third = await rawExchange(srv.port, [head(700000), part(700000)], { timeoutMs: 10000 });
    const s3 = firstStatus(third.data);
    assert.ok(s3 !== null && s3 !== 503, `a later body is answered: ${s3}`);
  } finally {
    await srv.stop();
  }
});

test('requests waiting on kept connections while the server is held are answered, not cut off',
  { timeout: 60000 }, async () => {
    const srv = await startServer({ args: ['--header-timeout', '1'] });
    const ask = 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n';
    const conns = [];
    try {
      for (let i = 0; i < 100; i++) {
        const c = { sock: net.connect({ host: '127.0.0.1', port: srv.port }), got: '', closed: false };
        c.sock.setEncoding('latin1');
        c.sock.on('data', (d) => { c.got += d; });
        c.sock.on('close', () => { c.closed = true; });
        c.sock.on('error', () => {});
        conns.push(c);
      }
      await Promise.all(conns.map((c) => new Promise((resolve) => c.sock.on('connect', resolve))));
      const answers = (c) => (c.got.match(/HTTP\/1\.1 200/g) || []).length;
      const all = async (n) => {
        for (let i = 0; i < 200 && conns.some((c) => answers(c) < n && !c.closed); i++) await sleep(50);
      };
      for (const c of conns) c.sock.write(ask);
      await all(1);
      assert.equal(conns.filter((c) => answers(c) === 1).length, 100, 'the first requests are answered');
      // The server stops for longer than the header deadline with every
      // connection's next request already sent: the lateness is the server's.
      process.kill(srv.child.pid, 'SIGSTOP');
      for (const c of conns) c.sock.write(ask);
      await sleep(2500);
      process.kill(srv.child.pid, 'SIGCONT');
      await all(2);
      const cut = conns.filter((c) => answers(c) < 2).length;
      assert.equal(cut, 0, `${cut} of 100 waiting requests were cut off`);
      // Kept connections that send nothing more are still closed.
      for (let i = 0; i < 100 && conns.some((c) => !c.closed); i++) await sleep(50);
      assert.ok(conns.every((c) => c.closed), 'idle connections are closed after the deadline');
    } finally {
      if (srv.isAlive) process.kill(srv.child.pid, 'SIGCONT');
      for (const c of conns) c.sock.destroy();
      await srv.stop();
    }
  });

test('connections trickling their headers are closed and do not keep a request out',
  { timeout: 180000 }, async () => {
    const srv = await startServer({ args: ['--header-timeout', '3'] });
    const socks = [];
    try {
      let closed = 0;
      const opened = [];
      for (let i = 0; i < 1100; i++) {
        const sock = net.connect({ host: '127.0.0.1', port: srv.port });
        socks.push(sock);
        let timer = null;
        sock.on('error', () => {});
        sock.on('close', () => {
          closed++;
          clearInterval(timer);
        });
        opened.push(new Promise((resolve) => {
          sock.on('connect', () => {
            sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: ');
            timer = setInterval(() => { if (!sock.destroyed) sock.write('a'); }, 500);
            resolve();
          });
          sock.on('close', resolve);
        }));
      }
      await Promise.all(opened);
      await sleep(500);
      const r = await srv.fetch('/healthz', { signal: AbortSignal.timeout(120000) });
      assert.equal(r.status, 200);
      await r.arrayBuffer();
      for (let i = 0; i < 600 && closed < socks.length; i++) await sleep(100);
      assert.equal(closed, socks.length, 'every trickling connection was closed');
      assert.ok(srv.logLines('event=header_timeout').length > 0, 'the closing is logged');
    } finally {
      for (const s of socks) s.destroy();
      await srv.stop();
    }
  });

test('40 wrong passwords at once for one account: 5 are checked, the rest and then the right one get 429',
  { timeout: 180000 }, async () => {
    const srv = await startServer({ args: ['--threads', '16'] });
    try {
      const user = { email: 'serentak@ditjenham.go.id', name: 'Wahyu Pratama', password: 'Pintu-Kayu-Jati-2024!' };
      addUser(srv, user);
      const auditBefore = runSql(srv, 'SELECT count(*) FROM audit_log').out;
      const c = new Client(srv);
      await c.get('/masuk');
      const answers = await Promise.all(Array.from({ length: 40 },
        (_, i) => c.post('/masuk', { email: user.email, password: `tebakan-salah-${i}` })));
      const count = (s) => answers.filter((r) => r.status === s).length;
      assert.equal(count(401), 5, `401s among ${answers.map((r) => r.status).join(' ')}`);
      assert.equal(count(429), 35);
      const right = await c.post('/masuk', { email: user.email, password: user.password });
      assert.equal(right.status, 429, 'the right password waits too');
      assert.ok(!c.cookies.has('p2ham_sid'));
      // The failures wrote nothing to the audit log; the lock once.
      const rows = runSql(srv, 'SELECT action FROM audit_log ORDER BY seq').out.split('\n');
      const added = rows.slice(Number(auditBefore));
      assert.deepEqual(added, ['session.locked']);
    } finally {
      await srv.stop();
    }
  });

test('an office behind one address signs in more often than its failures may; failures from it still lock it',
  { timeout: 300000 }, async () => {
    const srv = await startServer();
    try {
      const user = { email: 'loket.bersama@ditjenham.go.id', name: 'Sri Wahyuni', password: 'Meja-Loket-Tiga-2024!' };
      addUser(srv, user);
      // 35 sign-ins from one address, more than its 30 attempts: each is a success.
      for (let i = 0; i < 35; i++) {
        const c = new Client(srv);
        assert.equal((await c.login(user.email, user.password)).status, 303, `sign-in ${i + 1}`);
      }
      // 30 failures from the same address lock it, even for a right password.
      const c = new Client(srv);
      await c.get('/masuk');
      for (let i = 0; i < 30; i++) {
        const r = await c.post('/masuk', { email: `tidak.ada.${i}@ditjenham.go.id`, password: 'salah-sandi' });
        assert.equal(r.status, 401, `failure ${i + 1}`);
      }
      const right = await c.post('/masuk', { email: user.email, password: user.password });
      assert.equal(right.status, 429);
      assert.ok(!c.cookies.has('p2ham_sid'));
    } finally {
      await srv.stop();
    }
  });

/** GET path on a connection of its own (from localAddress when given). */
function get(port, path, headers = {}, localAddress) {
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port, method: 'GET', path, headers,
      createConnection: () => net.connect({ host: '127.0.0.1', port,
        ...(localAddress ? { localAddress } : {}) }),
    }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        text: Buffer.concat(parts).toString('utf8') }));
    });
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e }));
    req.end();
  });
}

const METRICS_TOKEN = 'pengukur-rahasia-0123456789';

test('/metrics answers loopback and the metrics token, 404 to anyone else', async (t) => {
  const srv = await startServer({ args: ['--trust-proxy', '--metrics-token', METRICS_TOKEN] });
  try {
    let r = await get(srv.port, '/metrics');
    assert.equal(r.status, 200, 'loopback');
    assert.match(r.text, /p2ham_/);
    // Through the proxy, as the proxy saw the client.
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '203.0.113.7' });
    assert.equal(r.status, 404, 'a client elsewhere');
    assert.doesNotMatch(r.text, /p2ham_requests/);
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '203.0.113.7',
      authorization: `Bearer ${METRICS_TOKEN}x` });
    assert.equal(r.status, 404, 'a wrong token');
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '203.0.113.7',
      authorization: `Bearer ${METRICS_TOKEN}` });
    assert.equal(r.status, 200, 'the token');
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' });
    assert.equal(r.status, 200, 'the proxy saw a client on its own machine');
    const from = outsideAddress();
    if (from !== null) {
      r = await get(srv.port, '/metrics', {}, from);
      assert.equal(r.status, 404, 'without the proxy header the socket decides');
      r = await get(srv.port, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, from);
      assert.equal(r.status, 200, 'the token, straight to the socket');
    }
  } finally {
    await srv.stop();
  }
  const plain = await startServer();
  try {
    const from = outsideAddress();
    if (from === null) {
      t.diagnostic('no address but loopback: the socket case is not tested');
      return;
    }
    let r = await get(plain.port, '/metrics', {}, from);
    assert.equal(r.status, 404, `a client at ${from}`);
    r = await get(plain.port, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, from);
    assert.equal(r.status, 404, 'no token is configured');
    r = await get(plain.port, '/metrics', { 'x-forwarded-for': '127.0.0.1' }, from);
    assert.equal(r.status, 404, 'the header is ignored without --trust-proxy');
    r = await get(plain.port, '/metrics');
    assert.equal(r.status, 200, 'loopback');
  } finally {
    await plain.stop();
  }
});

test('behind the proxy the address is the last one it appended, also on a header line of its own', async () => {
  const srv = await startServer({ args: ['--trust-proxy'] });
  try {
    // haproxy adds its own X-Forwarded-For line after the client's.
    let r = await get(srv.port, '/metrics', { 'x-forwarded-for': ['127.0.0.1', '203.0.113.7'] });
    assert.equal(r.status, 404, 'a loopback address the client wrote on its own line');
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' });
    assert.equal(r.status, 404, 'a loopback address the client wrote before the proxy\'s');
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': ['203.0.113.7', '127.0.0.1 '] });
    assert.equal(r.status, 200, 'the proxy saw a client on its own machine');
    r = await get(srv.port, '/metrics', { 'x-forwarded-for': '203.0.113.7, ::1' });
    assert.equal(r.status, 200, 'an IPv6 loopback appended by the proxy');
  } finally {
    await srv.stop();
  }
});

/** Every link target of a page and its Location header. */
function targets(r) {
  const list = [...r.text.matchAll(/\b(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]
    .replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#x5C;/gi, '\\').replace(/&#92;/g, '\\'));
  if (r.headers.location) list.push(r.headers.location);
  return list;
}

/** Fails unless every target stays on the site. */
function assertOnSite(r, what) {
  for (const t of targets(r)) {
    assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(t) && !/^[/\\][/\\]/.test(t) &&
      !/^[/\\][\t\n\r]*[/\\]/.test(t), `${what}: a link off site: ${t}`);
  }
}

test('links and redirects built from the request path stay on the site', async () => {
  const srv = await startServer();
  try {
    const admin = { email: 'admin@ditjenham.go.id', name: 'Admin Program', password: 'Hak-Asasi-2023!' };
    addUser(srv, admin, ['--role', 'admin']);
    for (const p of ['//evil.example', '///evil.example', '/%2F%2Fevil.example', '/\\evil.example',
      '/%5Cevil.example', '//evil.example/akun', '/\\/evil.example']) {
      for (const q of ['', '?lang=en']) {
        const r = await get(srv.port, p + q);
        assert.ok(r.status === 404 || r.status === 303, `${p}${q}: ${r.status}`);
        assertOnSite(r, p + q);
        if (r.status === 404) {
          assert.ok(targets(r).some((t) => t.includes('?lang=')), `${p}${q}: the language switch is there`);
        }
      }
    }
    // The sign-in page's way back, and where signing in leads.
    for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example',
      '/%2F%2Fevil.example']) {
      const c = new Client(srv);
      const page = await c.get(`/masuk?next=${encodeURIComponent(next)}`);
      assertOnSite(page, `sign-in page with next=${JSON.stringify(next)}`);
      if (page.status !== 200) await c.get('/masuk');
      const r = await c.post('/masuk', { email: admin.email, password: admin.password, next });
      assertOnSite(r, `signing in with next=${JSON.stringify(next)}`);
      if (next.includes('\t')) {
        assert.equal(r.status, 422, 'a control character in next is refused');
        continue;
      }
      assert.equal(r.status, 303);
      if (next.startsWith('/%2F')) assert.equal(r.headers.get('location'), next);
      else assert.equal(r.headers.get('location'), '/akun');
    }
    // Signed-in pages asked for anonymously send to the sign-in page, on site.
    for (const p of ['/akun//evil.example', '/pengguna/%2F%2Fevil.example']) {
      const r = await get(srv.port, p);
      assertOnSite(r, p);
    }
  } finally {
    await srv.stop();
  }
});

test('the user search takes % and _ as themselves, not as wildcards', async () => {
  const srv = await startServer();
  try {
    const admin = { email: 'admin@ditjenham.go.id', name: 'Admin Program', password: 'Hak-Asasi-2023!' };
    addUser(srv, admin, ['--role', 'admin']);
    addUser(srv, { email: 'rina@ham.go.id', name: 'Rina Marlina', password: 'Pohon-Beringin-77' });
    const c = new Client(srv);
    assert.equal((await c.login(admin.email, admin.password)).status, 303);
    const found = async (q) => (await c.json(`/pengguna?q=${encodeURIComponent(q)}`)).json.users
      .map((u) => u.email);
    assert.deepEqual(await found('rina'), ['rina@ham.go.id']);
    assert.deepEqual(await found('%'), []);
    assert.deepEqual(await found('_'), []);
    assert.deepEqual(await found('r_na'), []);
    assert.deepEqual(await found('%ham%'), []);
    assert.deepEqual((await found('ham.go')).sort(), ['admin@ditjenham.go.id', 'rina@ham.go.id']);
  } finally {
    await srv.stop();
  }
});

test('an organization named with 200 four-byte characters round-trips and the registry stays whole',
  { timeout: 120000 }, async () => {
    const srv = await startServer();
    try {
      const admin = { email: 'admin@ditjenham.go.id', name: 'Admin Program', password: 'Hak-Asasi-2023!' };
      addUser(srv, admin, ['--role', 'admin']);
      const c = new Client(srv);
      assert.equal((await c.login(admin.email, admin.password)).status, 303);
      const name = '😀'.repeat(200);
      await c.get('/organisasi/baru');
      let r = await c.post('/organisasi', { kind: 'ministry', name: '😀'.repeat(201) });
      assert.equal(r.status, 422, '201 characters are too many');
      r = await c.post('/organisasi', { kind: 'ministry', name });
      assert.equal(r.status, 303, r.text);
      const id = Number(r.headers.get('location').split('/').pop());
      let org = await c.json(`/organisasi/${id}`);
      assert.equal(org.status, 200);
      assert.equal(org.json.organization.name, name, 'stored whole');
      // A unit of 200 such characters under it, with its head's name.
      await c.get('/unit/baru');
      r = await c.post('/unit', { name: '🏛'.repeat(200), unit_type: 'kanim', sector: 'imigrasi',
        organization_id: String(id), province_code: '75', head_name: '𝓑'.repeat(200) });
      assert.equal(r.status, 303, r.text);
      const unit = Number(r.headers.get('location').split('/').pop());
      // Edited: still whole.
      const edited = '🙂'.repeat(199) + 'Z';
      await c.get(`/organisasi/${id}/ubah`);
      r = await c.post(`/organisasi/${id}/ubah`, { kind: 'ministry', name: edited, status: 'aktif' });
      assert.equal(r.status, 303, r.text);
      org = await c.json(`/organisasi/${id}`);
      assert.equal(org.json.organization.name, edited);
      for (const p of ['/organisasi', `/organisasi/${id}`, `/organisasi/${id}/ubah`, '/organisasi/baru',
        '/unit', `/unit/${unit}`, `/unit/${unit}/ubah`, '/unit/baru', '/wilayah', '/wilayah/75',
        '/unit/impor', '/unit/ekspor?format=csv', '/unit/ekspor?format=xlsx', `/unit?organisasi=${id}`,
        `/organisasi?q=${encodeURIComponent('🙂🙂')}`]) {
        const page = await c.get(p);
        assert.equal(page.status, 200, `${p}: ${page.text.slice(0, 200)}`);
        if (!p.includes('ekspor')) assert.equal((await c.json(p)).status, 200, `${p} as JSON`);
      }
      const list = await c.json(`/unit?organisasi=${id}`);
      assert.equal(list.json.units[0].name, '🏛'.repeat(200));
      const csv = await c.get('/unit/ekspor?format=csv');
      assert.ok(csv.text.includes(edited), 'the export carries the whole name');
    } finally {
      await srv.stop();
    }
  });

test('a form value that fails its validator is an error, never the default', { timeout: 120000 }, async () => {
  const srv = await startServer();
  try {
    loadDemo(srv);
    const c = new Client(srv);
    assert.equal((await c.login('admin@p2ham.demo', DEMO_PASSWORD)).status, 303);
    const count = () => Number(sqlOk(srv, 'SELECT count(*) FROM participation WHERE cycle_id = 2'));
    const before = count();
    await c.get('/siklus/2');
    for (const form of [{ unit: 'abc' }, { unit: '-1' }, { provinsi: 'abc' }, { organisasi: 'x' },
      { kabupaten: '1' }]) {
      const r = await c.post('/siklus/2/peserta', form);
      assert.equal(r.status, 400, `${JSON.stringify(form)}: ${r.status}`);
      const field = Object.keys(form)[0];
      assert.ok(r.text.includes(`Isian ${field} ditolak`), `${JSON.stringify(form)}: the page names the field`);
      assert.equal(count(), before, `${JSON.stringify(form)} enrolled nothing`);
    }
    const j = await c.post('/siklus/2/peserta', { unit: 'abc' }, { headers: { accept: 'application/json' } });
    assert.equal(j.status, 400);
    assert.equal(j.json.error.code, 'bad_field');
    assert.match(j.json.error.message, /unit/);
    // A user is not deactivated by a value that is not yes or no.
    const uid = Number(sqlOk(srv, "SELECT id FROM users WHERE email_key = 'kanwil.gorontalo@p2ham.demo'"));
    const active = () => sqlOk(srv, `SELECT active FROM users WHERE id = ${uid}`);
    assert.equal(active(), '1');
    await c.get(`/pengguna/${uid}`);
    const r = await c.post(`/pengguna/${uid}/status`, { active: 'mungkin' });
    assert.equal(r.status, 400);
    assert.equal(active(), '1', 'still active');
  } finally {
    await srv.stop();
  }
});
