// The progress figures kept on every write (migration 0027) against a real
// server with the demo data: the dashboards show a transition, an
// enrolment, answers and evidence right after the write that made them;
// `p2ham progress rebuild --check` finds the kept figures equal to the raw
// rows after all of it, finds a difference made behind p2ham's back, and
// `p2ham progress rebuild` repairs it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { signIn, uploadEvidence } from './client.mjs';
import {
  DEMO_PASSWORD, TINY_PDF as PDF, loadDemo, participationOf, runOn, sqlOk, testCleanStop, useServer,
} from './lib.mjs';

const holder = useServer();
const KANIM = 'Kantor Imigrasi Kelas I TPI Gorontalo';
const LAPAS = 'Lembaga Pemasyarakatan Kelas IIA Gorontalo';
const ctx = {};

function sql(text) {
  return sqlOk(holder.server, text);
}

function as(email) {
  return signIn(holder.server, email, DEMO_PASSWORD);
}

/** `p2ham progress rebuild` with args; its status and output. */
function rebuild(...args) {
  const r = runOn(holder.server, ['progress', 'rebuild', ...args]);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** How many participations the cycle page says stand at stage:state. */
function cycleCount(model, stage, state) {
  const st = model.calendar.find((s) => s.code === stage);
  const row = st ? st.states.find((x) => x.state === state) : null;
  return row ? row.n : 0;
}

/** How many the progress page says stand at stage:state over all provinces. */
function progressCount(model, stage, state) {
  let n = 0;
  for (const row of model.by_province) {
    for (const cell of row.cells) if (cell.stage === stage && cell.state === state) n += cell.n;
  }
  return n;
}

test('after the demo the kept figures equal the raw rows', () => {
  loadDemo(holder.server);
  ctx.cycle = Number(sql("SELECT id FROM cycle WHERE title = 'P2HAM 2023'"));
  ctx.kanim = participationOf(holder.server, KANIM);
  ctx.lapas = participationOf(holder.server, LAPAS);
  const r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /participations, 0 differences/);
});

test('a transition shows on the cycle page and the progress page right after it', async () => {
  const admin = await as('admin@p2ham.demo');
  const before = (await admin.json(`/siklus/${ctx.cycle}`)).json;
  const beforeProg = (await admin.json(`/progres?siklus=${ctx.cycle}`)).json;
  const waiting = cycleCount(before, 'evaluasi', 'awaiting_evaluation');
  const open = cycleCount(before, 'penilaian', 'evidence_open');
  assert.ok(waiting >= 1, 'the prison of Gorontalo waits for its evaluation');
  assert.equal(progressCount(beforeProg, 'evaluasi', 'awaiting_evaluation'), waiting);

  const kanwil = await as('kanwil.gorontalo@p2ham.demo');
  await kanwil.get(`/partisipasi/${ctx.lapas}/evaluasi`);
  const r = await kanwil.post(`/partisipasi/${ctx.lapas}/evaluasi`, { keputusan: 'lulus', catatan: 'Lengkap.' });
  assert.equal(r.status, 303, r.text.slice(0, 300));

  const after = (await admin.json(`/siklus/${ctx.cycle}`)).json;
  assert.equal(cycleCount(after, 'evaluasi', 'awaiting_evaluation'), waiting - 1);
  assert.equal(cycleCount(after, 'penilaian', 'evidence_open'), open + 1);
  const afterProg = (await admin.json(`/progres?siklus=${ctx.cycle}`)).json;
  assert.equal(progressCount(afterProg, 'evaluasi', 'awaiting_evaluation'), waiting - 1);
  assert.equal(progressCount(afterProg, 'penilaian', 'evidence_open'), open + 1);
  assert.equal(afterProg.totals.total, beforeProg.totals.total, 'nobody joined or left');
});

test('a change made behind p2ham\'s back is counted by the triggers too', async () => {
  const admin = await as('admin@p2ham.demo');
  const before = (await admin.json(`/progres?siklus=${ctx.cycle}`)).json;
  const was = sql(`SELECT stage || '|' || state FROM participation WHERE id = ${ctx.kanim}`).split('|');
  sql(`UPDATE participation SET stage = 'evaluasi', state = 'awaiting_evaluation' WHERE id = ${ctx.kanim}`);
  // A page is kept at the data's version, which a write behind p2ham's
  // back does not move: a sign-in (an audited write) moves it.
  await as('admin@p2ham.demo');
  const after = (await admin.json(`/progres?siklus=${ctx.cycle}`)).json;
  assert.equal(progressCount(after, 'evaluasi', 'awaiting_evaluation'),
    progressCount(before, 'evaluasi', 'awaiting_evaluation') + 1);
  sql(`UPDATE participation SET stage = '${was[0]}', state = '${was[1]}' WHERE id = ${ctx.kanim}`);
  await as('admin@p2ham.demo');
  const back = (await admin.json(`/progres?siklus=${ctx.cycle}`)).json;
  assert.deepEqual(back.by_province, before.by_province);
});

test('answers and evidence show in the cycle page\'s progress column at once', async () => {
  const op = await as('operator.kanim.gorontalo@p2ham.demo');
  await op.get(`/partisipasi/${ctx.kanim}/pembangunan`);
  let r = await op.post(`/partisipasi/${ctx.kanim}/pembangunan`, { 'jawaban.ramp': 'ada', 'jawaban.help_desk': 'ada' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await uploadEvidence(op, ctx.kanim, { bytes: PDF, name: 'ramp.pdf', indicator: 'ramp' });
  assert.ok(r.status === 303 || r.status === 200, `upload: ${r.status}`);

  const building = (await op.json(`/partisipasi/${ctx.kanim}/pembangunan`)).json;
  const admin = await as('admin@p2ham.demo');
  const list = (await admin.json(`/siklus/${ctx.cycle}`)).json.participations;
  const row = list.find((p) => p.id === ctx.kanim);
  assert.ok(row && row.progress, 'the unit is listed with its progress');
  assert.equal(row.progress.text, building.progress.text, 'the same figures as the building page');
  assert.ok(row.progress.done >= 1, JSON.stringify(row.progress));
  assert.equal(row.pr_applicable, undefined, 'the stored columns stay inside');
});

test('rebuild --check finds no difference after the writes, one made behind p2ham\'s back, and rebuild repairs it', () => {
  let r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);

  sql(`UPDATE progress_tally SET n = n + 5 WHERE cycle_id = ${ctx.cycle}
    AND stage = 'penilaian' AND state = 'evidence_open' AND n > 0`);
  sql(`UPDATE participation_progress SET done = 0, percent = 0 WHERE participation_id = ${ctx.kanim}`);
  r = rebuild('--check');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /tally cycle \d+ province \d+ \S+ penilaian:evidence_open: stored \d+, counted \d+/);
  assert.match(r.out, new RegExp(`participation ${ctx.kanim}: stored 0/\\d+ done`));
  assert.match(r.out, /2 differences/);

  r = rebuild();
  assert.equal(r.status, 0, r.out);
  r = rebuild('--check');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /0 differences/);
});

testCleanStop(holder);
