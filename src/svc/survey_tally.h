/*
 * survey_tally.h - counter keys with their counts, summed in memory before
 * they are written: by the survey writer for a batch, by the recount for
 * all answers. Internal to the survey's services.
 */
#ifndef P2HAM_SVC_SURVEY_TALLY_H
#define P2HAM_SVC_SURVEY_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

struct tally {
	int64_t unit;
	const char *period;
	const char *a;       /* element or profile field; NULL: respondents */
	const char *b;       /* profile option; NULL otherwise */
	int value;           /* element value */
	int64_t n;           /* how many */
	const char *last_at; /* respondents: the newest answer */
};

/* Order of keys (unit, period, a, b, value), byte-wise. */
int tally_cmp(const void *x, const void *y);
/* Sort t and merge equal keys (summing n, keeping the newest last_at);
 * the number left. */
size_t tally_merge(struct tally *t, size_t n);
/* Add merged tallies tv (elements), to (profile options) and tr
 * (respondents) to the counters in c's open transaction. */
int tallies_write(struct db_conn *c, const struct tally *tv, size_t nv,
    const struct tally *to, size_t no, const struct tally *tr, size_t nr, struct err *e);

#endif
