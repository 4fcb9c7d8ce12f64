// deadline.mjs - the deadline-day load driver (bench/deadline.sh runs it).
//
//   node bench/deadline.mjs run --base URL --units FILE --out FILE [knobs]
//   node bench/deadline.mjs sessions --units FILE --signins N --sql FILE --out FILE
//   node bench/deadline.mjs check --acks FILE --files FILE --states FILE --data-dir DIR
//   node bench/deadline.mjs views --base URL [--seconds 20] [--signers 8]
//
// run: FILE holds "participation unit" lines, one per unit in the building
// stage. Each unit is one person behind its own client address (sent as
// X-Forwarded-For; the server runs with --trust-proxy, as behind its
// reverse proxy): first everybody signs in through the real form, a few at
// a time (argon2id is meant to be slow), then all of them work at once
// with a think time between steps, the way a browser does it: the
// participation page, the building page, answers of one criterion saved,
// an evidence PDF (a few hundred KB, multipart with the page's CSRF token)
// uploaded and the page it returns to read back (the evidence list), the
// file downloaded, and the self-assessment submitted. A few public readers
// read the home page and a certificate's verification meanwhile. Prints
// the figures by kind and writes the acknowledged uploads and submissions
// to --out (JSON) for the check.
//
// check: compares the acknowledged uploads and submissions with what the
// database holds (rows dumped by deadline.sh) and the stored bytes under
// DATA_DIR/files; prints the problems, exits 1 when there is any.
//
// Only 127.0.0.1 is contacted; every request has a timeout.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PASSWORD = 'Demo-P2HAM-2025';

function args(argv) {
	const o = { _: [] };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i].startsWith('--')) o[argv[i].slice(2)] = argv[++i];
		else o._.push(argv[i]);
	}
	return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (a, b) => a + Math.random() * (b - a);
const pick = (a) => a[Math.floor(Math.random() * a.length)];

// A PDF of about size bytes as a scanner makes it: one page holding one
// JPEG-coded picture (its bytes random here), a proper xref and trailer.
function makePdf(size, title) {
	const img = crypto.randomBytes(Math.max(1024, size - 1200));
	const content = Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q\n');
	const objs = [
		Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
		Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
		Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
			'/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>'),
		Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content,
			Buffer.from('\nendstream')]),
		Buffer.concat([Buffer.from('<< /Type /XObject /Subtype /Image /Width 1240 ' +
			'/Height 1754 /ColorSpace /DeviceRGB /BitsPerComponent 8 ' +
			`/Filter /DCTDecode /Length ${img.length} >>\nstream\n`), img,
			Buffer.from('\nendstream')]),
		Buffer.from(`<< /Title (${title}) /Producer (Scanner) >>`),
	];
	const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let off = parts[0].length;
	const xref = [];
	objs.forEach((o, i) => {
		const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
		xref.push(off);
		parts.push(b);
		off += b.length;
	});
	let x = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const o of xref) x += `${String(o).padStart(10, '0')} 00000 n \n`;
	x += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${off}\n%%EOF\n`;
	parts.push(Buffer.from(x));
	return Buffer.concat(parts);
}

// Figures: per kind, latencies and counts by status.
const stats = new Map();
const problems = [];
function record(kind, ms, status, bad, what) {
	let s = stats.get(kind);
	if (!s) stats.set(kind, (s = { lat: [], status: {}, errors: 0 }));
	s.lat.push(ms);
	s.status[status] = (s.status[status] || 0) + 1;
	if (bad) {
		s.errors++;
		if (problems.length < 50) problems.push(`${kind} ${status} ${what}`);
	}
}

function pct(sorted, p) {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

let agent;
let base;
let timeoutMs = 60000;

// One request; resolves {status, headers, body (Buffer)}; status 0 on a
// connection error or a timeout.
function request(method, url, { headers = {}, body = null } = {}) {
	return new Promise((resolve) => {
		const u = new URL(url, base);
		const req = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname + u.search,
			method, headers, agent, timeout: timeoutMs }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
				body: Buffer.concat(chunks) }));
			res.on('error', (e) => resolve({ status: 0, error: e.message, body: Buffer.alloc(0) }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e) => resolve({ status: 0, error: e.message, body: Buffer.alloc(0) }));
		if (body) req.end(body);
		else req.end();
	});
}

// A person: a client address and a cookie jar.
class Person {
	constructor(addr) {
		this.addr = addr;
		this.jar = new Map();
	}
	headers(extra = {}) {
		const h = { 'X-Forwarded-For': this.addr, 'User-Agent': 'Mozilla/5.0 (deadline bench)',
			Accept: 'text/html', 'Accept-Language': 'id', ...extra };
		if (this.jar.size) h.Cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
		return h;
	}
	take(res) {
		for (const c of [].concat(res.headers?.['set-cookie'] || [])) {
			const [kv] = c.split(';');
			const i = kv.indexOf('=');
			this.jar.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
		}
	}
	// A request counted under kind; ok: the statuses that are success.
	async go(kind, method, url, ok, opts = {}) {
		const t0 = performance.now();
		const res = await request(method, url, { ...opts, headers: this.headers(opts.headers) });
		const ms = performance.now() - t0;
		this.take(res);
		const good = res.status !== 0 && ok.includes(res.status);
		record(kind, ms, res.status || 'conn', !good,
			`${method} ${url}${res.error ? ' ' + res.error : ''}`);
		return good ? res : null;
	}
}

const csrfOf = (html) => /name="csrf" value="([^"]*)"/.exec(html)?.[1];
const form = (o) => new URLSearchParams(o).toString();
const FORM = 'application/x-www-form-urlencoded';

async function signIn(p, email) {
	const page = await p.go('signin', 'GET', '/masuk', [200]);
	if (!page) return false;
	const res = await p.go('signin', 'POST', '/masuk', [303], {
		headers: { 'Content-Type': FORM },
		body: form({ csrf: csrfOf(page.body.toString()), email, password: PASSWORD }) });
	return res !== null;
}

// The building page's criteria: [{code, indicators: [{code, options}]}].
function criteriaOf(html) {
	const out = [];
	for (const sec of html.split('<section id="kriteria-').slice(1)) {
		const code = sec.slice(0, sec.indexOf('"'));
		const inds = new Map();
		for (const m of sec.matchAll(/name="jawaban\.([^"]+)" value="([^"]*)"/g)) {
			if (!inds.has(m[1])) inds.set(m[1], []);
			inds.get(m[1]).push(m[2]);
		}
		out.push({ code, indicators: [...inds].map(([c, o]) => ({ code: c, options: o })) });
	}
	return out.filter((c) => c.indicators.length > 0);
}

function multipart(fields, file) {
	const boundary = '----WebKitFormBoundary' + crypto.randomBytes(8).toString('hex');
	const parts = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ` +
			`name="${k}"\r\n\r\n${v}\r\n`));
	parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; ` +
		`filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`), file.data,
	Buffer.from(`\r\n--${boundary}--\r\n`));
	return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

const acks = { uploads: [], submitted: [], units: 0, finished: 0 };

// Follow a 303 with a page view; returns the page's text or null.
async function follow(p, res) {
	const page = await p.go('view', 'GET', res.headers.location, [200]);
	return page ? page.body.toString() : null;
}

async function upload(p, pid, unit, ind, csrf, n, o) {
	const size = Math.round(rand(o.pdfMin, o.pdfMax));
	const name = `bukti-u${unit}-${n}.pdf`;
	const data = makePdf(size, `Bukti ${ind} unit ${unit}`);
	const mp = multipart({ csrf, indikator: ind }, { field: 'berkas', name, data });
	const res = await p.go('upload', 'POST', `/partisipasi/${pid}/pembangunan/berkas`, [303],
		{ headers: { 'Content-Type': mp.type }, body: mp.body });
	if (!res) return null;
	const sha256 = crypto.createHash('sha256').update(data).digest('hex');
	const ack = { pid, indicator: ind, name, sha256, size: data.length, id: null };
	acks.uploads.push(ack);
	const html = await follow(p, res);
	const m = html && new RegExp(`href="/berkas/(\\d+)">${name.replace('.', '\\.')}<`).exec(html);
	if (html && !m)
		record('evidence-list', 0, 'missing', true, `${name} not on the page of ${pid}`);
	if (m) ack.id = Number(m[1]);
	return { ack, html };
}

// One unit's deadline: its operator fills, its head submits.
async function work(u, o) {
	const { pid, unit, op, head } = u;
	await sleep(rand(0, o.ramp * 1000));
	const think = () => sleep(rand(o.thinkMin, o.thinkMax) * 1000);
	if (!(await op.go('view', 'GET', `/partisipasi/${pid}`, [200]))) return;
	await think();
	let page = await op.go('view', 'GET', `/partisipasi/${pid}/pembangunan`, [200]);
	if (!page) return;
	let html = page.body.toString();
	const crits = criteriaOf(html);
	if (crits.length === 0) {
		record('view', 0, 'no-form', true, `building page of ${pid} offers no answers`);
		return;
	}
	await think();
	const crit = pick(crits);
	const answers = { csrf: csrfOf(html), kriteria: crit.code };
	for (const ind of crit.indicators) {
		answers[`jawaban.${ind.code}`] = pick(ind.options);
		answers[`catatan.${ind.code}`] = `Diperbarui menjelang batas waktu (${unit}).`;
	}
	let res = await op.go('save', 'POST', `/partisipasi/${pid}/pembangunan`, [303],
		{ headers: { 'Content-Type': FORM }, body: form(answers) });
	if (!res || !(html = await follow(op, res))) return;
	const all = crits.flatMap((c) => c.indicators.map((i) => i.code));
	for (let n = 1; n <= o.uploads; n++) {
		await think();
		const up = await upload(op, pid, unit, pick(all), csrfOf(html), n, o);
		if (!up) return;
		if (up.html) html = up.html;
		if (up.ack.id) {
			await think();
			const f = await op.go('download', 'GET', `/berkas/${up.ack.id}`, [200],
				{ headers: { Accept: '*/*' } });
			if (f && f.body.length !== up.ack.size)
				record('download', 0, 'size', true, `/berkas/${up.ack.id} ${f.body.length} bytes`);
		}
	}
	await think();
	page = await head.go('view', 'GET', `/partisipasi/${pid}/pembangunan`, [200]);
	if (!page) return;
	await think();
	res = await head.go('submit', 'POST', `/partisipasi/${pid}/pembangunan/ajukan`, [303],
		{ headers: { 'Content-Type': FORM }, body: form({ csrf: csrfOf(page.body.toString()) }) });
	if (!res) return;
	if (!/ok=ajukan/.test(res.headers.location || ''))
		record('submit', 0, 'refused', true, `submit of ${pid} went to ${res.headers.location}`);
	else
		acks.submitted.push(pid);
	await follow(head, res);
	acks.finished++;
}

let rushOver = false;

async function reader(i, o, until) {
	const p = new Person(`198.51.100.${1 + (i % 250)}`);
	while (!rushOver && Date.now() < until) {
		await p.go('public', 'GET', pick(['/', `/verifikasi/${o.serial}`]), [200]);
		await sleep(rand(0.5, 2) * 1000);
	}
}

async function pool(items, conc, fn) {
	let next = 0;
	await Promise.all(Array.from({ length: conc }, async () => {
		while (next < items.length) await fn(items[next++]);
	}));
}

function table(kinds) {
	const rows = [];
	for (const k of kinds) {
		const s = stats.get(k);
		if (!s) continue;
		const l = s.lat.filter((x) => x > 0).sort((a, b) => a - b);
		rows.push({ kind: k, requests: s.lat.length, errors: s.errors, p50: pct(l, 50),
			p95: pct(l, 95), p99: pct(l, 99), max: l[l.length - 1] || 0, status: s.status });
	}
	return rows;
}

async function run(a) {
	base = a.base;
	const o = {
		ramp: Number(a.ramp ?? 30), thinkMin: Number(a['think-min'] ?? 1),
		thinkMax: Number(a['think-max'] ?? 4), uploads: Number(a.uploads ?? 2),
		pdfMin: Number(a['pdf-min'] ?? 150000), pdfMax: Number(a['pdf-max'] ?? 500000),
		serial: a.serial, readers: Number(a.readers ?? 20),
		signinConc: Number(a['signin-conc'] ?? 4), limit: Number(a.limit ?? 1200),
		heads: a.heads ?? 'head',
	};
	timeoutMs = Number(a.timeout ?? 60) * 1000;
	agent = new http.Agent({ keepAlive: true, maxSockets: Number(a.sockets ?? 256) });
	const lines = fs.readFileSync(a.units, 'utf8').trim().split('\n');
	const units = lines.map((l, i) => {
		const [pid, unit] = l.trim().split(/\s+/).map(Number);
		const addr = addrOf(i);
		const op = new Person(addr);
		// The head signs in from the same office.
		return { pid, unit, op, head: o.heads === 'same' ? op : new Person(addr) };
	});
	acks.units = units.length;
	const deadline = Date.now() + o.limit * 1000;
	const t0 = performance.now();
	const made = a.sessions ? JSON.parse(fs.readFileSync(a.sessions, 'utf8')) : {};
	const who = [];
	let madeUsed = 0;
	for (const u of units) {
		const people = [[u.head, `kepala.u${u.unit}@skala.p2ham.demo`]];
		if (u.head !== u.op) people.unshift([u.op, `operator.u${u.unit}@skala.p2ham.demo`]);
		for (const [p, email] of people) {
			if (made[email]) {
				p.jar.set('p2ham_sid', made[email]);
				madeUsed++;
			} else {
				who.push([p, email]);
			}
		}
	}
	let signedIn = 0;
	await pool(who, o.signinConc, async ([p, email]) => {
		if (Date.now() < deadline && (await signIn(p, email))) signedIn++;
	});
	const signinSecs = (performance.now() - t0) / 1000;
	process.stderr.write(`deadline: ${signedIn}/${who.length} signed in in ${signinSecs.toFixed(0)} s,` +
		` ${madeUsed} sessions made beforehand\n`);
	const t1 = performance.now();
	const stop = deadline;
	const readers = Array.from({ length: o.readers }, (_, i) => reader(i, o, stop));
	const bounded = Promise.race([
		Promise.all(units.map((u) => work(u, o).catch((e) => record('driver', 0, 'exception', true, e.message)))),
		sleep(Math.max(0, deadline - Date.now())).then(() => 'limit'),
	]);
	const outcome = await bounded;
	const rushSecs = (performance.now() - t1) / 1000;
	rushOver = true;
	await Promise.race([Promise.all(readers), sleep(timeoutMs + 1000)]);
	agent.destroy();
	const rows = table(['signin', 'view', 'public', 'save', 'upload', 'download', 'submit',
		'evidence-list', 'driver']);
	const views = [...(stats.get('view')?.lat || []), ...(stats.get('public')?.lat || [])]
		.filter((x) => x > 0).sort((x, y) => x - y);
	const writes = [...(stats.get('upload')?.lat || []), ...(stats.get('submit')?.lat || [])]
		.filter((x) => x > 0).sort((x, y) => x - y);
	const errors = rows.reduce((n, r) => n + r.errors, 0) + (outcome === 'limit' ? 1 : 0);
	const summary = {
		units: units.length, signedIn, signins: who.length, madeUsed, signinSecs, rushSecs,
		finished: acks.finished, timedOut: outcome === 'limit',
		uploadsAcked: acks.uploads.length, submitted: acks.submitted.length,
		bytesUploaded: acks.uploads.reduce((n, u) => n + u.size, 0), errors, rows,
		pages: { requests: views.length, p50: pct(views, 50), p95: pct(views, 95), p99: pct(views, 99) },
		writes: { requests: writes.length, p50: pct(writes, 50), p95: pct(writes, 95), p99: pct(writes, 99) },
		problems, knobs: o,
	};
	fs.writeFileSync(a.out, JSON.stringify({ summary, acks }, null, 1));
	const f = (x) => x.toFixed(0);
	console.log(`units ${units.length}, signed in through the form ${signedIn}/${who.length} in` +
		` ${f(signinSecs)} s (${madeUsed} sessions made beforehand);` +
		` the rush took ${f(rushSecs)} s, ${acks.finished} units finished` +
		(outcome === 'limit' ? ' (stopped at the time limit)' : ''));
	console.log('| kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms | statuses |');
	console.log('|---|---:|---:|---:|---:|---:|---:|---|');
	for (const r of rows)
		console.log(`| ${r.kind} | ${r.requests} | ${r.errors} | ${f(r.p50)} | ${f(r.p95)} |` +
			` ${f(r.p99)} | ${f(r.max)} | ${Object.entries(r.status).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
	console.log(`| page views (view + public) | ${views.length} | | ${f(summary.pages.p50)} |` +
		` ${f(summary.pages.p95)} | ${f(summary.pages.p99)} | | |`);
	console.log(`| writes (upload + submit) | ${writes.length} | | ${f(summary.writes.p50)} |` +
		` ${f(summary.writes.p95)} | ${f(summary.writes.p99)} | | |`);
	for (const p of problems.slice(0, 20)) console.log(`problem: ${p}`);
	process.exitCode = errors > 0 ? 1 : 0;
}

// sessions: the sessions of the units after the first --signins, as a
// sign-in makes them (a random token, its SHA-256 in login_session), for
// deadline.sh to insert: 2,000 argon2id verifications would take a 2-core
// machine a quarter of an hour, and the rush is what is measured. Writes
// --sql (the inserts) and --out (JSON: email -> token).
function sessions(a) {
	const lines = fs.readFileSync(a.units, 'utf8').trim().split('\n');
	const signins = Number(a.signins ?? 100);
	const now = new Date();
	const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z');
	const exp = new Date(now.getTime() + 12 * 3600 * 1000);
	const tokens = {};
	const sql = ['BEGIN;'];
	lines.forEach((l, i) => {
		if (i < signins) return;
		const unit = Number(l.trim().split(/\s+/)[1]);
		const emails = [`kepala.u${unit}@skala.p2ham.demo`];
		if ((a.heads ?? 'head') !== 'same') emails.unshift(`operator.u${unit}@skala.p2ham.demo`);
		for (const email of emails) {
			const token = crypto.randomBytes(32).toString('base64url');
			const hash = crypto.createHash('sha256').update(token).digest('hex');
			tokens[email] = token;
			sql.push('INSERT INTO login_session (user_id, token_hash, created_at, last_seen_at,' +
				` expires_at, ip, user_agent) SELECT id, '${hash}', '${iso(now)}', '${iso(now)}',` +
				` '${iso(exp)}', '${addrOf(i)}', 'Mozilla/5.0 (deadline bench)' FROM users` +
				` WHERE email_key = '${email}';`);
		}
	});
	sql.push('COMMIT;');
	fs.writeFileSync(a.sql, sql.join('\n') + '\n');
	fs.writeFileSync(a.out, JSON.stringify(tokens));
}

const addrOf = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

// check: --acks the run's JSON; --files "id pid indicator sha256 size removed"
// lines of the files made since the run began; --states "pid state" lines
// of the units' participations; --data-dir where the bytes are stored
// (DATA_DIR/files), or --blobs what the database's store holds.
function check(a) {
	const { acks: k } = JSON.parse(fs.readFileSync(a.acks, 'utf8'));
	const rows = new Map();
	for (const l of fs.readFileSync(a.files, 'utf8').split('\n').filter(Boolean)) {
		const [id, pid, ind, sha, size, removed] = l.split('|');
		rows.set(`${pid}|${ind}|${sha}`, { id: Number(id), size: Number(size), removed });
	}
	const states = new Map(fs.readFileSync(a.states, 'utf8').split('\n').filter(Boolean)
		.map((l) => l.split('|')).map(([p, s]) => [Number(p), s]));
	// --blobs: "sha256|hash of the stored pieces|size" of the contents kept
	// in the database (file_blob, file_chunk), when it keeps them.
	const blobs = new Map();
	for (const l of (a.blobs ? fs.readFileSync(a.blobs, 'utf8') : '').split('\n').filter(Boolean)) {
		const [sha, hash, size] = l.split('|');
		blobs.set(sha, { hash, size: Number(size) });
	}
	const bad = [];
	let bytesOk = 0;
	for (const u of k.uploads) {
		const r = rows.get(`${u.pid}|${u.indicator}|${u.sha256}`);
		if (!r) { bad.push(`upload ${u.name} of ${u.pid}: no file row`); continue; }
		if (r.size !== u.size) bad.push(`upload ${u.name}: size ${r.size}, sent ${u.size}`);
		if (u.id !== null && r.id !== u.id) bad.push(`upload ${u.name}: row ${r.id}, page showed ${u.id}`);
		const b = blobs.get(u.sha256);
		if (b) {
			// In the database's store: the hash of its pieces, made there.
			if (b.hash !== u.sha256 || b.size !== u.size)
				bad.push(`upload ${u.name}: stored pieces hash to ${b.hash}, ${b.size} bytes`);
			else
				bytesOk++;
			continue;
		}
		const f = path.join(a['data-dir'], 'files', u.sha256.slice(0, 2), u.sha256.slice(2, 4), u.sha256);
		let data;
		try { data = fs.readFileSync(f); } catch { bad.push(`upload ${u.name}: ${f} missing`); continue; }
		if (crypto.createHash('sha256').update(data).digest('hex') !== u.sha256)
			bad.push(`upload ${u.name}: stored bytes differ`);
		else
			bytesOk++;
	}
	let subOk = 0;
	for (const pid of k.submitted) {
		const s = states.get(pid);
		if (s !== 'submitted' && s !== 'awaiting_evaluation')
			bad.push(`participation ${pid}: acknowledged submission, state ${s}`);
		else
			subOk++;
	}
	console.log(`uploads acknowledged ${k.uploads.length}: ${bytesOk} with their row and stored bytes;` +
		` submissions acknowledged ${k.submitted.length}: ${subOk} in the submitted state`);
	for (const b of bad.slice(0, 30)) console.log(`problem: ${b}`);
	process.exitCode = bad.length > 0 ? 1 : 0;
}

// views: page views (GET /aturan, two readers) while --signers clients sign
// in with a wrong password through the real form (argon2id each time), for
// --seconds; prints the views' and sign-ins' latencies as one JSON line.
// What a sign-in's hashing does to the page views beside it, alone.
async function views(o) {
	const base = o.base, end = Date.now() + Number(o.seconds ?? 20) * 1000;
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const one = (method, p, body, headers = {}) => new Promise((resolve) => {
		const t0 = process.hrtime.bigint();
		const r = http.request(base + p, { method, agent, headers, timeout: 120000 }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { text += d; });
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text,
				ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
		});
		r.on('timeout', () => r.destroy(new Error('timeout')));
		r.on('error', () => resolve({ status: 'conn', ms: 0 }));
		r.end(body);
	});
	const lat = { view: [], signin: [] }, statuses = {};
	const count = (k, st) => { statuses[`${k} ${st}`] = (statuses[`${k} ${st}`] || 0) + 1; };
	const signer = async (i) => {
		const page = await one('GET', '/masuk');
		const cookie = (page.headers?.['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
		const token = (/name="csrf" value="([^"]*)"/.exec(page.text || '') || [])[1] || '';
		for (let n = 0; Date.now() < end; n++) {
			const r = await one('POST', '/masuk', `csrf=${encodeURIComponent(token)}` +
				`&email=nobody${i}-${n}%40example.org&password=wrong`, { cookie,
				'content-type': 'application/x-www-form-urlencoded',
				'x-forwarded-for': `10.9.${i}.${n % 250}` });
			lat.signin.push(r.ms);
			count('signin', r.status);
		}
	};
	const reader = async () => {
		while (Date.now() < end) {
			const r = await one('GET', '/aturan');
			if (r.status === 200) lat.view.push(r.ms);
			count('view', r.status);
			await sleep(20);
		}
	};
	await Promise.all([...Array.from({ length: Number(o.signers ?? 8) }, (_, i) => signer(i)),
		reader(), reader()]);
	const f = (l, p) => (l.length ? Math.round(pct([...l].sort((x, y) => x - y), p)) : null);
	console.log(JSON.stringify({ views: lat.view.length, view_p50: f(lat.view, 50),
		view_p99: f(lat.view, 99), view_max: f(lat.view, 100), signins: lat.signin.length,
		signin_p50: f(lat.signin, 50), signin_p99: f(lat.signin, 99), statuses }));
	process.exit();
}

const a = args(process.argv.slice(2));
if (a._[0] === 'run') {
	await run(a);
	process.exit(); // the time limit's timer and idle sockets need not be waited for
} else if (a._[0] === 'sessions') {
	sessions(a);
} else if (a._[0] === 'check') {
	check(a);
} else if (a._[0] === 'views') {
	await views(a);
} else {
	console.error('usage: deadline.mjs run|sessions|check|views ...');
	process.exitCode = 2;
}
