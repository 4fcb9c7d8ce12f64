// Graceful shutdown: SIGTERM under load ends the process with code 0 in
// time, requests already in flight still get their answer, and the log says
// so.

import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';

import { startServer } from './lib.mjs';

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

test('SIGTERM with 50 busy keep-alive clients: exit 0 within 5 s', { timeout: 60000 }, async () => {
  const srv = await startServer();
  let stopping = false;
  let answered = 0;
  let answeredAfterTerm = 0;
  const failures = [];
  const worker = async () => {
    while (!stopping || srv.isAlive) {
      try {
        const r = await srv.fetch('/', { signal: AbortSignal.timeout(10000) });
        await r.arrayBuffer();
        assert.equal(r.status, 200);
        answered++;
        if (stopping) answeredAfterTerm++;
      } catch (e) {
        // Once the server stops listening new requests are refused; that is
        // expected, and ends this worker.
        if (stopping) return;
        failures.push(String(e.cause?.code || e));
        return;
      }
    }
  };
  const workers = Array.from({ length: 50 }, worker);
  // Busy first: wait until answers flow (however slow this machine is).
  for (let waited = 0; answered < 50 && failures.length === 0 && waited < 20000; waited += 50)
    await sleep(50);
  const busy = failures.length === 0 && answered > 0;

  stopping = true;
  const st = await srv.stop('SIGTERM');
  await Promise.all(workers);
  assert.ok(busy, `requests were answered before SIGTERM (${answered}; failures: ${failures})`);
  assert.ok(!st.timedOut, `still running 10 s after SIGTERM\n${srv.log().slice(-2000)}`);
  assert.equal(st.signal, null, `died of ${st.signal}`);
  assert.equal(st.code, 0, `exit code\n${srv.log().slice(-2000)}`);
  assert.ok(st.ms < 5000, `exited in ${st.ms} ms`);
  assert.ok(srv.logLines('event=shutdown').length >= 1, `event=shutdown in the log:\n${srv.log().slice(-2000)}`);
});

test('a request in flight at SIGTERM still gets its answer', { timeout: 60000 }, async () => {
  const srv = await startServer();
  const N = 20;
  const body = 'x'.repeat(10);
  // Each connection has sent its headers and half of a body when SIGTERM
  // arrives; the rest follows after it.
  const conns = await Promise.all(Array.from({ length: N }, () => new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port }, () => {
      s.write(`GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
      resolve(s);
    });
    s.on('error', reject);
  })));
  const replies = conns.map((s) => new Promise((resolve) => {
    const parts = [];
    s.on('data', (d) => parts.push(d));
    s.on('error', (e) => resolve({ text: Buffer.concat(parts).toString('latin1'), error: e.code }));
    s.on('close', () => resolve({ text: Buffer.concat(parts).toString('latin1') }));
  }));
  await sleep(200);
  const stopped = srv.stop('SIGTERM');
  await sleep(300);
  for (const s of conns) s.write(body.slice(5));
  const results = await Promise.all(replies);
  const st = await stopped;
  results.forEach((r, i) => {
    assert.match(r.text, /^HTTP\/1\.1 200 /, `connection ${i}: ${r.error || ''} ${JSON.stringify(r.text.slice(0, 80))}`);
  });
  assert.equal(st.code, 0, `exit code\n${srv.log().slice(-2000)}`);
  assert.ok(st.ms < 5000, `exited in ${st.ms} ms`);
  assert.ok(srv.logLines('event=shutdown').length >= 1, 'event=shutdown in the log');
});

test('idle keep-alive connections do not hold up shutdown', { timeout: 60000 }, async () => {
  const srv = await startServer();
  const socks = await Promise.all(Array.from({ length: 20 }, () => new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port }, () => {
      s.write('GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n');
    });
    s.on('error', () => {});
    s.once('data', () => resolve(s));
  })));
  const st = await srv.stop('SIGTERM');
  for (const s of socks) s.destroy();
  assert.equal(st.code, 0, `exit code\n${srv.log().slice(-2000)}`);
  assert.ok(st.ms < 5000, `exited in ${st.ms} ms with 20 idle connections open`);
});

test('SIGINT stops the server cleanly too', { timeout: 30000 }, async () => {
  const srv = await startServer();
  const st = await srv.stop('SIGINT');
  assert.equal(st.signal, null);
  assert.equal(st.code, 0, srv.log());
});
