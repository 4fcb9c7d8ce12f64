// Generated documents against a real server: the public verification page
// (/verifikasi) for unknown, malformed, genuine, tampered, withdrawn and
// never issued documents, the download (/dokumen) behind the policy, and
// numbers taken outside the decision that issues a document. Document rows
// are written behind the server's back, signed here with the installation's
// key from the data directory exactly as docs/documents.md describes, so
// the page's signature check is tested against an independent signer.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { signIn } from './client.mjs';
import { DEMO_PASSWORD, loadDemo, runCommand, sqlOk, testCleanStop, useServer } from './lib.mjs';

const PUBLIC_URL = 'https://p2ham.example.go.id';
const holder = useServer({ args: ['--public-url', `${PUBLIC_URL}/`] });
const UNIT = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const ISSUER = 'KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA \u2014 '
  + 'DIREKTORAT JENDERAL PELAYANAN DAN KEPATUHAN HAM';

let participation; // { id, unit_id } of the Gorontalo immigration office, 2023

function sql(text) {
  return sqlOk(holder.server, text);
}

function quote(s) {
  return s === null ? 'NULL' : `'${String(s).replaceAll("'", "''")}'`;
}

// The signed text of docs/documents.md.
function message(d) {
  return 'p2ham-document-1\n'
    + `serial: ${d.serial}\nkind: ${d.kind}\nissued_at: ${d.issued_at}\n`
    + `unit: ${d.unit_name}\ntitle: ${d.title}\nissuer: ${d.issuer}\nsha256: ${d.sha256}\n`;
}

// The installation's key, read as an operator with access to the disk would.
function installationKey() {
  const hex = readFileSync(path.join(holder.server.dataDir, 'keys', 'signing.key'), 'utf8').trim();
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'),
    Buffer.from(hex, 'hex')]);
  return crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

/**
 * Store a document: the PDF bytes as the file, its row signed over `signed`
 * (by default the row's own fields). Returns the row's fields.
 */
function addDocument(serial, { kind = 'declaration_statement', bytes, signed = {}, row = {} } = {}) {
  setup();
  const pdf = bytes || Buffer.from(`%PDF-1.5\n% test document ${serial}\n%%EOF\n`);
  const d = {
    serial, kind, issued_at: '2026-11-29T09:30:00Z', unit_name: UNIT,
    title: 'SURAT PERNYATAAN PENCANANGAN PELAYANAN PUBLIK BERBASIS HAK ASASI MANUSIA',
    issuer: ISSUER, sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
  };
  const signature = crypto.sign(null, Buffer.from(message({ ...d, ...signed })), installationKey())
    .toString('base64');
  const r = { ...d, ...row };
  const [, year, seq] = serial.split('-');
  sql(`INSERT INTO document (serial, kind, year, seq, participation_id, unit_id, unit_name, title,
    issuer, sha256, signature, issued_at, issued_by, withdrawn_at, withdrawn_reason) VALUES
    (${quote(serial)}, ${quote(r.kind)}, ${Number(year)}, ${Number(seq)}, ${participation.id},
    ${participation.unit_id}, ${quote(r.unit_name)}, ${quote(r.title)}, ${quote(r.issuer)},
    ${quote(r.sha256)}, ${quote(signature)}, ${quote(r.issued_at)}, NULL,
    ${quote(row.withdrawn_at ?? null)}, ${quote(row.withdrawn_reason ?? null)})`);
  const dir = path.join(holder.server.dataDir, 'documents');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${serial}.pdf`), pdf);
  return { ...r, signature, pdf };
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

// A download with the client's cookies, as bytes.
async function download(c, p, headers = {}) {
  const res = await holder.server.fetch(p, { headers: { cookie: c.cookieHeader(), ...headers } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

// The demo data, loaded once by the first test that needs it.
function setup() {
  if (participation) return;
  loadDemo(holder.server);
  const [id, unitId] = sql(`SELECT p.id, u.id FROM participation p JOIN unit u ON u.id = p.unit_id
    JOIN cycle c ON c.id = p.cycle_id WHERE u.name = ${quote(UNIT)} AND c.year = 2023`).split('|');
  participation = { id: Number(id), unit_id: Number(unitId) };
  assert.ok(participation.id > 0, 'the demo has the Gorontalo immigration office in 2023');
}

test('the migration seeds the letterhead settings', () => {
  assert.equal(sql("SELECT value FROM setting WHERE key = 'letterhead.line1'"),
    'KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA');
  assert.equal(sql("SELECT value FROM setting WHERE key = 'letterhead.line2'"),
    'DIREKTORAT JENDERAL PELAYANAN DAN KEPATUHAN HAM');
  assert.match(sql("SELECT value FROM setting WHERE key = 'letterhead.address'"), /Jakarta/);
});

test('an unknown serial is 404 and says no such document exists', async () => {
  const s = holder.server;
  let r = await s.request('/verifikasi/PCN-2026-999999');
  assert.equal(r.status, 404);
  assert.match(r.text, /Dokumen tidak ditemukan/);
  assert.match(r.text, /Tidak ada dokumen dengan nomor ini/);
  assert.match(r.text, /bukan dokumen asli/);
  assert.doesNotMatch(r.text, /Dokumen asli</);
  r = await s.request('/verifikasi/SKE-2026-000001', { headers: { accept: 'application/json' } });
  assert.equal(r.status, 404);
  assert.equal(r.json.result, 'unknown');
  assert.equal(r.json.document, undefined);
  r = await s.request('/verifikasi/PCN-2026-999999?lang=en');
  assert.match(r.text, /This system has issued no document with this number/);
});

test('a malformed serial is 400 with the form to type it again', async () => {
  const s = holder.server;
  for (const bad of ['garbage', 'PCN-2026-1', 'pcn-2026-000001', 'XYZ-2026-000001',
    'PCN-2026-0000001', "PCN-2026-00000'", '%3Cscript%3E']) {
    const r = await s.request(`/verifikasi/${bad}`);
    assert.equal(r.status, 400, bad);
    assert.match(r.text, /Nomor dokumen tidak sah/, bad);
    assert.doesNotMatch(r.text, /<script>/, bad);
  }
  // The form takes lower case and spaces around, and sends to the page.
  let r = await s.request('/verifikasi?nomor=%20pcn-2026-000123%20');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/verifikasi/PCN-2026-000123');
  r = await s.request('/verifikasi?nomor=bukan+nomor');
  assert.equal(r.status, 400);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /value="bukan nomor"/, 'what was typed is kept');
  assert.match(r.text, /tiga huruf jenis dokumen/);
  r = await s.request('/verifikasi');
  assert.equal(r.status, 200);
  assert.match(r.text, /<label for="f-nomor">Nomor dokumen<\/label>/);
});

test('a genuine document: details and a signature checked now', async () => {
  const d = addDocument('PCN-2026-000001');
  const s = holder.server;
  const r = await s.request('/verifikasi/PCN-2026-000001');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h2>Dokumen asli<\/h2>/);
  assert.match(r.text, new RegExp(UNIT));
  assert.match(r.text, /Surat Pernyataan Pencanangan/);
  // 09:30 UTC is 17.30 in Gorontalo (WITA).
  assert.match(r.text, /29 November 2026 17\.30 WITA/);
  assert.match(r.text, new RegExp(d.sha256));
  assert.match(r.text, /Sah: tanda tangan diperiksa saat ini/);
  const j = await s.request('/verifikasi/PCN-2026-000001', { headers: { accept: 'application/json' } });
  assert.equal(j.json.result, 'genuine');
  assert.equal(j.json.signature.valid, true);
  assert.equal(j.json.signature.message, message(d));
  assert.equal(j.json.document.unit_name, UNIT);
  assert.equal(j.json.document.issuer, ISSUER);
  assert.equal(j.json.document.withdrawn, false);
  assert.equal(j.json.document.verify_url, `${PUBLIC_URL}/verifikasi/PCN-2026-000001`);
  // The public key shown is the one on /transparansi.
  const pub = readFileSync(path.join(s.dataDir, 'keys', 'signing.pub'), 'utf8').trim();
  assert.equal(j.json.signature.public_key, pub);
  const en = await s.request('/verifikasi/PCN-2026-000001?lang=en');
  assert.match(en.text, /Genuine document/);
  assert.match(en.text, /29 November 2026 17:30 WITA/);
});

test('a record changed after signing is not genuine', async () => {
  // Signed for another unit, then the row claims this one; and a row whose
  // hash was replaced.
  addDocument('BAE-2026-000001', { kind: 'evaluation_report',
    signed: { unit_name: 'Kantor Imigrasi Kelas I TPI Makassar' } });
  addDocument('BAE-2026-000002', { kind: 'evaluation_report',
    row: { sha256: 'a'.repeat(64) } });
  for (const serial of ['BAE-2026-000001', 'BAE-2026-000002']) {
    const r = await holder.server.request(`/verifikasi/${serial}`);
    assert.equal(r.status, 200, serial);
    assert.match(r.text, /Dokumen tidak asli: tanda tangan tidak sah/, serial);
    assert.doesNotMatch(r.text, /<h2>Dokumen asli<\/h2>/, serial);
    const j = await holder.server.request(`/verifikasi/${serial}`,
      { headers: { accept: 'application/json' } });
    assert.equal(j.json.result, 'invalid', serial);
    assert.equal(j.json.signature.valid, false, serial);
  }
});

test('a withdrawn document says so with its date and reason', async () => {
  addDocument('SKE-2026-000001', { kind: 'evaluation_letter',
    row: { withdrawn_at: '2026-11-30T02:00:00Z', withdrawn_reason: 'Diterbitkan ulang karena salah ketik' } });
  const r = await holder.server.request('/verifikasi/SKE-2026-000001');
  assert.equal(r.status, 200);
  assert.match(r.text, /Dokumen telah ditarik/);
  assert.match(r.text, /tidak berlaku lagi/);
  assert.match(r.text, /30 November 2026 10\.00 WITA/);
  assert.match(r.text, /Diterbitkan ulang karena salah ketik/);
  assert.doesNotMatch(r.text, /<h2>Dokumen asli<\/h2>/);
  const j = await holder.server.request('/verifikasi/SKE-2026-000001',
    { headers: { accept: 'application/json' } });
  assert.equal(j.json.result, 'withdrawn');
  assert.equal(j.json.signature.valid, true);
  assert.equal(j.json.document.withdrawn, true);
});

test('the PDF is for those who may see the participation', async () => {
  const d = addDocument('PCN-2026-000002', { bytes: Buffer.from('%PDF-1.5\n\x00\xff binary\n%%EOF\n', 'latin1') });
  const s = holder.server;
  // The public is sent to sign in.
  const pub = await s.fetch('/dokumen/PCN-2026-000002');
  assert.equal(pub.status, 303);
  assert.match(pub.headers.get('location'), /^\/masuk\?next=/);
  // The unit's operator downloads the very bytes.
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  let r = await download(op, '/dokumen/PCN-2026-000002');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="PCN-2026-000002.pdf"');
  assert.ok(r.body.equals(d.pdf), 'the stored bytes');
  r = await op.json('/dokumen/PCN-2026-000002');
  assert.equal(r.status, 200);
  assert.equal(r.json.serial, 'PCN-2026-000002');
  assert.equal(r.json.sha256, d.sha256);
  // Another unit's operator does not learn that it exists.
  const other = await as('operator.lapas.gorontalo@p2ham.demo');
  r = await download(other, '/dokumen/PCN-2026-000002');
  assert.equal(r.status, 404);
  r = await download(op, '/dokumen/PCN-2026-999999');
  assert.equal(r.status, 404);
  r = await download(op, '/dokumen/garbage');
  assert.equal(r.status, 404);
  // A file changed on disk is not handed out.
  writeFileSync(path.join(s.dataDir, 'documents', 'PCN-2026-000002.pdf'), '%PDF-1.5 altered');
  r = await download(op, '/dokumen/PCN-2026-000002');
  assert.equal(r.status, 500);
  assert.equal(s.logLines('event=document_altered', 'serial=PCN-2026-000002').length, 1);
});

test('a wrong public address stops the server before it starts', () => {
  for (const url of ['ftp://x.example', 'p2ham.example.go.id', 'https://', 'https://a b',
    'https://x.example/?q=1']) {
    const r = runCommand(['serve', '--listen', '127.0.0.1:1', '--data-dir', holder.server.dataDir,
      '--public-url', url]);
    assert.equal(r.status, 2, url);
    assert.match(r.stderr, /--public-url must be an address like https:\/\//, url);
  }
  const r = runCommand(['serve', '--data-dir', holder.server.dataDir],
    { env: { P2HAM_PUBLIC_URL: 'javascript:alert(1)' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /P2HAM_PUBLIC_URL must be/);
});

// The current year in Gorontalo (WITA), the year of the serials issued now.
function serialYear() {
  return new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
}

test('numbers are taken outside the decision: a failed record leaves a number never issued', async () => {
  setup();
  const year = serialYear();
  const serial = (n) => `PCN-${year}-${String(n).padStart(6, '0')}`;
  if (!sql(`SELECT count(*) FROM document WHERE serial = '${serial(1)}'`).startsWith('1')) addDocument(serial(1));
  const [bapas] = sql(`SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id JOIN cycle c
    ON c.id = p.cycle_id WHERE u.name = 'Balai Pemasyarakatan Kelas II Gorontalo' AND c.year = 2023`).split('|');
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${bapas}`), 'requested');
  const coord = await as('koordinator@p2ham.demo');
  const approve = async () => {
    await coord.get(`/partisipasi/${bapas}/pencanangan`);
    return coord.post(`/partisipasi/${bapas}/pencanangan/setujui`,
      { saksi_ditjen_nama: 'Dr. Hana Pertiwi', saksi_ditjen_jabatan: 'Direktur Diseminasi' });
  };
  const counter = (n) => sql(`INSERT INTO document_serial (kind, year, last_seq) VALUES
    ('declaration_statement', ${year}, ${n}) ON CONFLICT (kind, year) DO UPDATE SET last_seq = ${n}`);
  const docs = path.join(holder.server.dataDir, 'documents');
  const bytes = (name) => readFileSync(path.join(docs, `${name}.pdf`));

  // A counter reset behind the system's back never replaces a stored document.
  const before = bytes(serial(1));
  counter(0);
  let r = await approve();
  assert.equal(r.status, 500);
  assert.ok(bytes(serial(1)).equals(before), 'the stored document is untouched');
  assert.equal((await holder.server.request(`/verifikasi/${serial(1)}`,
    { headers: { accept: 'application/json' } })).json.result, 'genuine');
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${bapas}`), 'requested');

  // The decision's transaction fails after the statement was made.
  const last = Number(sql(`SELECT max(seq) FROM document WHERE kind = 'declaration_statement' AND year = ${year}`));
  counter(last);
  sql(holder.server.db
    ? 'CREATE FUNCTION refuse_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
      + "RAISE EXCEPTION 'refused by the test'; END $$; CREATE TRIGGER refuse_document BEFORE INSERT "
      + 'ON document FOR EACH ROW EXECUTE FUNCTION refuse_document()'
    : "CREATE TRIGGER refuse_document BEFORE INSERT ON document BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  try {
    r = await approve();
    // The database's refusal: a constraint on SQLite, an error on PostgreSQL.
    assert.ok([409, 500].includes(r.status), `refused, not ${r.status}`);
  } finally {
    sql(holder.server.db ? 'DROP TRIGGER refuse_document ON document; DROP FUNCTION refuse_document()'
      : 'DROP TRIGGER refuse_document');
  }
  const gap = serial(last + 1);
  assert.equal(sql(`SELECT state FROM participation WHERE id = ${bapas}`), 'requested', 'nothing decided');
  assert.equal(sql(`SELECT count(*) FROM document WHERE serial = '${gap}'`), '0');
  assert.equal(sql(`SELECT last_seq FROM document_serial WHERE kind = 'declaration_statement' AND year = ${year}`),
    String(last + 1), 'the number stays taken');
  assert.throws(() => bytes(gap), /ENOENT/, 'its file is gone');
  assert.equal(holder.server.logLines('event=document_abandoned', `serial=${gap}`).length, 1);
  let v = await holder.server.request(`/verifikasi/${gap}`);
  assert.equal(v.status, 404);
  assert.match(v.text, /Dokumen tidak pernah diterbitkan/);
  assert.match(v.text, /bukan dokumen asli/);
  assert.doesNotMatch(v.text, /Dokumen asli</);
  v = await holder.server.request(`/verifikasi/${gap}`, { headers: { accept: 'application/json' } });
  assert.equal(v.json.result, 'never_issued');
  assert.equal(v.json.document, undefined);
  assert.match((await holder.server.request(`/verifikasi/${gap}?lang=en`)).text, /Document never issued/);

  // Issued at last: the next number, genuine; the gap stays a gap.
  r = await approve();
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const issued = serial(last + 2);
  assert.equal(sql(`SELECT serial FROM document WHERE participation_id = ${bapas} AND withdrawn_at IS NULL`), issued);
  v = await holder.server.request(`/verifikasi/${issued}`, { headers: { accept: 'application/json' } });
  assert.equal(v.json.result, 'genuine');
  assert.equal(v.json.signature.valid, true);
  assert.equal(crypto.createHash('sha256').update(bytes(issued)).digest('hex'), v.json.document.sha256);
  assert.equal((await holder.server.request(`/verifikasi/${gap}`,
    { headers: { accept: 'application/json' } })).json.result, 'never_issued');
  assert.equal((await holder.server.request(`/verifikasi/${serial(last + 3)}`,
    { headers: { accept: 'application/json' } })).json.result, 'unknown');
});

testCleanStop(holder);
