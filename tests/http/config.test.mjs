// The command line: help, configuration through the environment, and bad
// configuration refused with one line on stderr and a non-zero exit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { backend, binary, runCommand, startServer } from './lib.mjs';

let tmp;
let dataDir; // an initialised SQLite data directory, so that only the setting under test is wrong
before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'p2ham-config-'));
  writeFileSync(path.join(tmp, 'a-file'), 'not a directory\n');
  dataDir = path.join(tmp, 'data');
  const init = runCommand(['init', '--data-dir', dataDir], { env: { P2HAM_DB: undefined } });
  assert.equal(init.status, 0, `p2ham init: ${init.stderr}`);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** process.env without P2HAM_* configuration, plus env. */
function cleanEnv(env) {
  const out = { ...process.env };
  for (const k of Object.keys(out)) {
    if (k.startsWith('P2HAM_')) delete out[k];
  }
  return { ...out, ...env };
}

/** Runs p2ham (in a scratch directory) without P2HAM_* settings; kills it after 8 s. */
function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv(env),
      cwd: tmp,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('p2ham --help documents the subcommands', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout + r.stderr;
  for (const cmd of ['serve', 'init', 'demo']) assert.match(text, new RegExp(`\\b${cmd}\\b`), cmd);
});

test('p2ham serve --help documents the options', async () => {
  const r = await run(['serve', '--help']);
  assert.equal(r.code, 0, r.stderr);
  const text = r.stdout + r.stderr;
  for (const opt of ['--db', '--listen', '--data-dir', '--threads']) assert.ok(text.includes(opt), opt);
});

test('commands with actions answer a missing or unknown action and -h alike', async () => {
  for (const cmd of ['user', 'import', 'progress', 'files', 'audit', 'rulebook', 'survey']) {
    let r = await run([cmd, 'nonsense']);
    assert.equal(r.code, 2, cmd);
    assert.equal(r.stdout, '', cmd);
    assert.equal(r.stderr, `p2ham: ${cmd}: unknown action 'nonsense'; see p2ham ${cmd} --help\n`, cmd);
    const help = await run([cmd, '--help']);
    assert.equal(help.code, 0, cmd);
    assert.match(help.stdout, new RegExp(`^usage: p2ham ${cmd} `), cmd);
    r = await run([cmd, '-h']);
    assert.equal(r.code, 0, cmd);
    assert.equal(r.stdout, help.stdout, cmd);
    r = await run([cmd]);
    assert.equal(r.code, 2, cmd);
    assert.equal(r.stdout, '', cmd);
    assert.equal(r.stderr, help.stdout, cmd);
  }
});

test('an action\'s --help names the command and the action', async () => {
  for (const [cmd, action] of [['user', 'add'], ['user', 'reset-password'], ['import', 'units'],
    ['import', 'regencies'], ['progress', 'rebuild'], ['survey', 'recount'], ['files', 'verify']]) {
    const r = await run([cmd, action, '--help']);
    assert.equal(r.code, 0, `${cmd} ${action}`);
    assert.match(r.stdout, new RegExp(`^usage: p2ham ${cmd} ${action} \\[options\\]\n`), `${cmd} ${action}`);
  }
});

test('serve takes its configuration from P2HAM_LISTEN, P2HAM_DATA_DIR and P2HAM_DB', async () => {
  const srv = await startServer({ configByEnv: true });
  const r = await srv.request('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json?.database, backend);
  const st = await srv.stop();
  assert.equal(st.code, 0, srv.log());
});

test('serve --threads 1 serves', async () => {
  const srv = await startServer({ args: ['--threads', '1'] });
  const r = await srv.request('/');
  assert.equal(r.status, 200);
  const st = await srv.stop();
  assert.equal(st.code, 0, srv.log());
});

test('P2HAM_LOG_LEVEL=warn leaves out the access lines', async () => {
  const srv = await startServer({ env: { P2HAM_LOG_LEVEL: 'warn' } });
  const r = await srv.request('/');
  assert.equal(r.status, 200);
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(srv.logLines('event=request').length, 0, srv.log());
  const st = await srv.stop();
  assert.equal(st.code, 0, srv.log());
});

async function busyPort() {
  const s = net.createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  return s;
}

const serveIn = (...more) => ['serve', '--data-dir', dataDir, ...more];
const BAD = [
  ['unknown option', () => serveIn('--no-such-option'), {}],
  ['listen without a port', () => serveIn('--listen', '127.0.0.1'), {}],
  ['listen port out of range', () => serveIn('--listen', '127.0.0.1:99999'), {}],
  ['listen port not a number', () => serveIn('--listen', '127.0.0.1:http'), {}],
  ['listen host that is not an address', () => serveIn('--listen', 'no such host:8080'), {}],
  ['threads not a number', () => serveIn('--threads', 'many'), {}],
  ['threads negative', () => serveIn('--threads', '-2'), {}],
  ['option without its value', () => serveIn('--listen'), {}],
  ['database URL of an unknown kind', () => serveIn('--db', 'mysql://localhost/x'), {}],
  ['PostgreSQL that does not answer', () => serveIn('--db', 'postgresql://p2ham@127.0.0.1:1/none'), {}],
  ['data dir that is a file', () => ['serve', '--data-dir', path.join(tmp, 'a-file')], {}],
  ['bad P2HAM_LISTEN', () => serveIn(), { P2HAM_LISTEN: 'nonsense' }],
  ['bad P2HAM_LOG_LEVEL', () => serveIn(), { P2HAM_LOG_LEVEL: 'loud' }],
  ['unknown subcommand', () => ['frobnicate'], {}],
];

for (const [name, args, env] of BAD) {
  test(`bad configuration: ${name}`, async () => {
    const r = await run(args(), env);
    assert.equal(r.signal, null, `${name}: killed by ${r.signal} (did it start serving?)`);
    assert.notEqual(r.code, 0, `${name}: exit code`);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `${name}: one line on stderr, got:\n${r.stderr}`);
  });
}

test('bad configuration: listen address already in use', async () => {
  const busy = await busyPort();
  try {
    const r = await run(serveIn('--listen', `127.0.0.1:${busy.address().port}`));
    assert.equal(r.signal, null, 'killed: it did not notice the port is taken');
    assert.notEqual(r.code, 0);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
    assert.match(lines[0], new RegExp(String(busy.address().port)), 'the line names the address');
  } finally {
    busy.close();
  }
});
