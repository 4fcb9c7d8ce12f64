// A small browser stand-in for HTTP tests: keeps cookies, remembers the CSRF
// token of the last page it loaded, posts forms as a browser would.

import assert from 'node:assert/strict';

export class Client {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.csrf = null;
    this.bearer = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async send(path, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await this.server.fetch(path, { ...init, headers });
    this.remember(res);
    const text = await res.text();
    const out = { status: res.status, headers: res.headers, text };
    if ((res.headers.get('content-type') || '').startsWith('application/json')) out.json = JSON.parse(text);
    const m = text.match(/name="csrf" value="([^"]*)"/);
    if (m) this.csrf = m[1];
    return out;
  }

  get(path, headers = {}) {
    return this.send(path, { headers });
  }

  json(path) {
    return this.send(path, { headers: { accept: 'application/json' } });
  }

  /** POST a urlencoded form; the CSRF token of the last page is added unless csrf: null. */
  post(path, fields = {}, { csrf = this.csrf, headers = {} } = {}) {
    const body = new URLSearchParams();
    if (csrf !== null && csrf !== undefined) body.set('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  /** Sign in through the form; returns the POST's response. */
  async login(email, password) {
    await this.get('/masuk');
    return this.post('/masuk', { email, password });
  }
}

/** Posts one evidence file of indicator as the building page's upload form does. */
export function uploadEvidence(client, pid, { bytes, name, type = 'application/pdf', indicator, replace }) {
  const form = new FormData();
  form.append('csrf', client.csrf);
  form.append('indikator', indicator);
  if (replace) form.append('ganti', String(replace));
  form.append('berkas', new Blob([bytes], { type }), name);
  return client.send(`/partisipasi/${pid}/pembangunan/berkas`, { method: 'POST', body: form });
}

/** A client signed in as email through the form; fails the test unless it was. */
export async function signIn(server, email, password) {
  const c = new Client(server);
  const r = await c.login(email, password);
  assert.equal(r.status, 303, `sign-in of ${email}`);
  return c;
}
