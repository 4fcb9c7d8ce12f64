/*
 * demo.h - the part of the demo data that replays what units did before:
 * declarations, self-assessments and evaluations (demo_history.c).
 */
#ifndef P2HAM_DEMO_H
#define P2HAM_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"

/* One participation's past, with who did each step (users ids). */
struct demo_past {
	int64_t participation;
	int64_t cycle;
	int64_t rulebook;
	int province;
	const char *unit_type;
	const char *place;		/* where it declared */
	const char *declared_on;	/* YYYY-MM-DD */
	const char *forkopimda;		/* the regional leadership's witness */
	bool built;			/* answered and submitted its self-assessment */
	const char *after_submit_stage;	/* where submission led */
	const char *after_submit_state;
	int evaluation;			/* 1 passed, -1 failed, 0 not evaluated */
	const char *weak_criterion;	/* answered worst (and the failure's reason) */
	const char *fail_reason;
	int64_t unit_actor;		/* operator or, failing one, the admin */
	int64_t head_actor;		/* who submitted */
	int64_t approver;		/* coordinator or admin */
	int64_t regional;		/* regional office or admin */
};

/*
 * Write the past of n participations in c's open transaction; the evidence
 * file goes into DATA_DIR/files. -1 with e.
 */
int	demo_seed_history(struct db_conn *c, const char *data_dir, const char *now,
	    const struct demo_past *past, size_t n, struct err *e);

/* The id in a RETURNING row set, which it frees; 0 when there is none. */
int64_t	demo_returned_id(json_t *rows);

#endif
