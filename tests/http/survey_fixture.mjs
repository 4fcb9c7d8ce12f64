// What the survey tests share: the form's token, a filled-in answer, raw
// byte counts on the wire, and starting `p2ham serve` again on a server's
// data directory and database (after a SIGKILL, or to read new settings).

import { spawn } from 'node:child_process';
import http from 'node:http';

import { Server, binary } from './lib.mjs';

export const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
export const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';

/** The signed token of a survey form page's HTML. */
export function tokenOf(html) {
  const m = /name="token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no token on the page');
  return m[1];
}

/** The nonce a token carries (its fourth part). */
export function nonceOf(token) {
  return token.split('.')[3];
}

/** A complete answer: the nine elements, a profile, a suggestion. */
export function answers(token, extra = {}) {
  return {
    token, u1: '4', u2: '3', u3: '3', u4: '4', u5: '3', u6: '4', u7: '4', u8: '2', u9: '3',
    gender: 'p', age: '26-35', saran: 'Ruang tunggu nyaman.', ...extra,
  };
}

export function form(fields) {
  return new URLSearchParams(fields).toString();
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GET path with Accept-Encoding; resolves { status, bytes, headers } with the
 * body's size as sent (compressed or not). */
export function wireSize(port, path, encoding = 'gzip') {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': encoding } },
      (res) => {
        let bytes = 0;
        res.on('data', (d) => { bytes += d.length; });
        res.on('end', () => resolve({ status: res.statusCode, bytes, headers: res.headers }));
      });
    req.on('error', reject);
  });
}

/** `p2ham serve` again on old's port, data directory and database, once
 * old's process is gone; resolves the new Server when /healthz answers. */
export async function serveAgain(old) {
  const args = ['serve', '--listen', `127.0.0.1:${old.port}`, '--data-dir', old.dataDir,
    ...(old.db ? ['--db', old.db.url] : [])];
  const env = { ...process.env, P2HAM_LOG_LEVEL: 'info', P2HAM_HEADER_TIMEOUT: '120' };
  for (const k of Object.keys(env)) if (k.startsWith('P2HAM_') && !['P2HAM_LOG_LEVEL', 'P2HAM_HEADER_TIMEOUT'].includes(k)) delete env[k];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const server = new Server(child, { port: old.port, dataDir: old.dataDir, db: old.db });
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (!server.isAlive) throw new Error(`serve exited\n${server.log()}`);
    try {
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return server;
    } catch {
      // not yet listening
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`serve did not start\n${server.log()}`);
}

/** Kill server's process with SIGKILL and wait for it, keeping its data. */
export async function kill(server) {
  server.child.kill('SIGKILL');
  await server.exited;
}
