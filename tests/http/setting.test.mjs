// `p2ham setting`: the letterhead of generated documents is changed from the
// command line, every change is in the audit log, and bad keys or values are
// refused with a clear line and change nothing.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { runCommand, runOn, sqlOk, testCleanStop, useServer } from './lib.mjs';

const ctx = useServer();

/** `p2ham setting VERB [options] ARGS...`: options come before the arguments. */
function setting(verb, ...rest) {
  const s = ctx.server;
  return runCommand(['setting', verb, '--data-dir', s.dataDir, ...(s.db ? ['--db', s.db.url] : []), ...rest]);
}

test('set, get, list and unset a setting, each change audited', () => {
  const s = ctx.server;
  let r = setting('list');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^letterhead\.line1\s+KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA$/m);

  r = setting('set', 'letterhead.line2', 'DIREKTORAT JENDERAL HAK ASASI MANUSIA');
  assert.equal(r.status, 0, r.stderr);
  r = setting('get', 'letterhead.line2');
  assert.equal(r.stdout, 'DIREKTORAT JENDERAL HAK ASASI MANUSIA\n');
  assert.equal(sqlOk(s, "SELECT value FROM setting WHERE key = 'letterhead.line2'"),
    'DIREKTORAT JENDERAL HAK ASASI MANUSIA');

  r = setting('set', 'letterhead.line3', 'Direktorat Pelayanan Publik — Subdit Â');
  assert.equal(r.status, 0, r.stderr);
  r = setting('unset', 'letterhead.line3');
  assert.equal(r.status, 0, r.stderr);
  r = setting('get', 'letterhead.line3');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /letterhead\.line3 is not set/);

  assert.equal(sqlOk(s, "SELECT action FROM audit_log WHERE action LIKE 'setting.%' ORDER BY seq"),
    'setting.set\nsetting.set\nsetting.unset');
  assert.match(sqlOk(s, "SELECT summary FROM audit_log WHERE action = 'setting.unset'"), /letterhead\.line3/);
  r = runOn(s, ['audit', 'verify']);
  assert.equal(r.status, 0, r.stderr);
});

test('bad keys, bad values and wrong arguments are refused and change nothing', () => {
  const s = ctx.server;
  const before = sqlOk(s, 'SELECT key || value FROM setting ORDER BY key');
  const audits = sqlOk(s, 'SELECT count(*) FROM audit_log');
  for (const [args, pattern] of [
    [['set', 'Letterhead', 'x'], /not a key/],
    [['set', 'letterhead line', 'x'], /not a key/],
    [['set', 'a'.repeat(65), 'x'], /not a key/],
    [['set', 'letterhead.line2', 'two\nlines'], /one line of UTF-8 text/],
    [['set', 'letterhead.line2', 'x'.repeat(501)], /at most 500 characters/],
    [['set', 'letterhead.line2'], /expected KEY VALUE/],
    [['get'], /expected KEY/],
    [['frobnicate'], /expected list, get, set or unset/],
  ]) {
    const r = setting(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
  }
  assert.equal(sqlOk(s, 'SELECT key || value FROM setting ORDER BY key'), before);
  assert.equal(sqlOk(s, 'SELECT count(*) FROM audit_log'), audits);
});

testCleanStop(ctx);
