/*
 * survey_writer.h - the one thread that writes survey answers (DESIGN.md,
 * hot path). Request threads queue a submission and wait; the writer takes
 * whatever is queued, writes it in one transaction - the answers, appended,
 * and the counters per unit x period x element x value, per unit x period
 * and per unit x period x profile option, summed over the batch first - and
 * commits (synchronous=FULL on SQLite; a committed transaction on
 * PostgreSQL). Only then is each request told its answer is kept.
 *
 * The writer refuses a form token's nonce it has seen: it keeps the recent
 * nonces in memory (two generations of SURVEY_NONCES_GEN each) and reloads
 * them at start from the tail of the answers table, where every answer
 * keeps its nonce.
 */
#ifndef P2HAM_SVC_SURVEY_WRITER_H
#define P2HAM_SVC_SURVEY_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"

#define SURVEY_NONCES_GEN (1u << 20) /* nonces per generation */
#define SURVEY_BATCH_MAX 1024        /* answers in one transaction */

/* One respondent's answers, ready to write. Strings belong to the caller
 * and stay valid until survey_writer_submit returns. */
struct survey_submission {
	int64_t unit_id;
	int64_t instrument_id;
	int64_t service_id;      /* 0: none */
	const char *period;      /* "2026-2" */
	const char *answered_at; /* ISO-8601 UTC */
	const char *answers;     /* {"u1": 4, ...} */
	const char *profile;     /* {"gender": "p", ...} */
	const char *suggestion;  /* "" when none */
	const char *nonce;       /* 32 hex digits */
	/* The counters to add: value_count (element, value) pairs and
	 * option_count (field, option) pairs. */
	const char *const *elements;
	const int *values;
	size_t value_count;
	const char *const *fields;
	const char *const *options;
	size_t option_count;

	/* survey_writer_enqueue: called by the writer once outcome is set;
	 * the writer does not touch s afterwards. */
	void (*done)(void *arg);
	void *done_arg;

	/* The writer's. */
	struct survey_submission *next;
	int outcome;    /* 0 queued, else enum survey_outcome */
	struct err err; /* SURVEY_FAILED: why */
};

enum survey_outcome {
	SURVEY_PENDING,
	SURVEY_KEPT,   /* durable */
	SURVEY_REPLAY, /* its nonce was used already: nothing written */
	SURVEY_FAILED, /* the batch could not be written (err) */
};

/* Start the writer on db, its replay memory loaded. -1 with e. */
int survey_writer_start(struct db *db, struct err *e);
/* Let it finish what is queued and stop. */
void survey_writer_stop(void);
/* True while the writer runs. */
bool survey_writer_running(void);

/* Queue s and wait for its batch: SURVEY_KEPT, SURVEY_REPLAY or
 * SURVEY_FAILED (s->err). */
enum survey_outcome survey_writer_submit(struct survey_submission *s);

/* Queue s without waiting: s->done(s->done_arg) is called from the
 * writer's thread once s->outcome is set. s must stay valid until then.
 * false (nothing queued, s->err set) when the writer is not running. */
bool survey_writer_enqueue(struct survey_submission *s);

/* Write s at once on c, as the writer writes a batch of one, for the
 * off-line demo; the outcome as survey_writer_submit's. */
enum survey_outcome survey_write_direct(struct db_conn *c, struct survey_submission *s);

/* Append the writer's counters (answers kept, replays, batches, failed
 * batches, time committing) to out in the Prometheus text format. */
void survey_writer_metrics(struct buf *out);

#endif
