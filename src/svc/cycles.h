/*
 * cycles.h - programme cycles as services: creating a cycle under a
 * rulebook with the stages it runs and their windows, and enrolling units
 * in it at its first stage.
 */
#ifndef P2HAM_SVC_CYCLES_H
#define P2HAM_SVC_CYCLES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/cycle.h"
#include "db/db.h"
#include "svc/svc.h"

/* A new cycle. Strings are borrowed. */
struct cycle_in {
	const char *programme; /* "p2ham" or "kkpham" */
	int year;
	const char *title;                  /* unique within the programme */
	int64_t rulebook;                   /* rulebook id */
	enum tz tz;                         /* the zone its dates are given in */
	const struct cycle_window *windows; /* the stages it runs, in the
					   programme's order */
	size_t window_count;
};

/*
 * Create the cycle in a transaction of its own, with the audit entry
 * "cycle.create". *id receives it. -1 with e: 404/403 from the policy
 * (ACT_CYCLE_MANAGE), 422 with the message in s->lang for an unknown
 * rulebook, windows the rulebook or the calendar refuses, or a title
 * taken.
 */
int cycle_create(struct svc *s, const struct cycle_in *in, int64_t *id, struct err *e);

/* Units to enrol in a cycle: a list, or every unit a match holds. */
struct enrol_in {
	int64_t cycle;
	const int64_t *units; /* each checked with the policy
				 (ACT_ENROL) and against the
				 rulebook's unit types */
	size_t unit_count;
	const struct db_param *match; /* with no units: the ten parameters
					 of DB_PARTICIPATION_ENROL's $1-$10
					 (the scope and the unit filters) */
};

/*
 * Enrol in->units (or the match) in cycle in->cycle at its first stage, in
 * a transaction of its own, with one audit entry "cycle.enrol" when any
 * was added. *added receives how many; parts (may be NULL, unit_count
 * long) each unit's new participation, 0 for one enrolled already. -1
 * with e: 404 for no such cycle or unit (or one out of scope), 403, 409
 * for a cycle that runs no stage or a unit type its rulebook does not
 * cover.
 */
int cycle_enrol(struct svc *s, const struct enrol_in *in, size_t *added, int64_t *parts,
    struct err *e);

/* The newest version of rulebook code into *id, 0 when none is
 * imported. */
int cycle_rulebook_latest(struct svc *s, const char *code, int64_t *id, struct err *e);

#endif
