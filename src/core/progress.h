/*
 * progress.h - how far a unit's self-assessment has come: for each
 * criterion of the rulebook and overall, how many of the indicators that
 * apply to the unit's type are done (answered with an option of their
 * scale, and with evidence where the rulebook requires it), as a whole
 * percent, and exactly which indicators still lack what. The building
 * page, its JSON, the cycle's unit list and the submission guard all read
 * the same figures from here. Pure: no I/O.
 */
#ifndef P2HAM_PROGRESS_H
#define P2HAM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/rulebook.h"

/* What is known about one indicator of a participation. */
struct progress_fact {
	const char *indicator; /* indicator code */
	const char *option;    /* the answer's option code, NULL: no answer */
	size_t evidence;       /* live evidence files for the indicator */
};

/* One criterion's figures, for the indicators that apply to the unit. */
struct progress_criterion {
	const struct rb_criterion *criterion;
	size_t applicable; /* indicators that apply */
	size_t answered;   /* with an option of their own scale */
	size_t done;       /* answered, and with evidence where required */
	int percent;       /* 100 * done / applicable, rounded down; 0..100 */
};

/* An applicable indicator that is not done yet, and why. */
struct progress_missing {
	const struct rb_criterion *criterion;
	const struct rb_indicator *indicator;
	bool needs_answer;   /* no answer, or one not on its scale */
	bool needs_evidence; /* evidence is required and none is there */
};

struct progress {
	struct progress_criterion *criteria; /* in the rulebook's order */
	size_t criterion_count;
	size_t applicable; /* over all criteria */
	size_t answered;
	size_t done;
	int percent;                      /* 100 * done / applicable, rounded down */
	struct progress_missing *missing; /* in the rulebook's order */
	size_t missing_count;
	bool complete; /* something applies and nothing is missing:
			  the unit may submit */
};

/*
 * The progress of a unit of type unit_type under rb, given what is known of
 * its indicators (facts[0..count), any order; codes the rulebook does not
 * have, or of indicators that do not apply, are ignored; when a code occurs
 * twice the first fact counts). Percentages round down, so 100 means
 * complete; a type to which nothing applies has 0 percent and is never
 * complete. *out and its arrays live in a. -1 when a is exhausted.
 */
int progress_compute(const struct rulebook *rb, const char *unit_type,
    const struct progress_fact *facts, size_t count, struct arena *a, struct progress *out);

#endif
