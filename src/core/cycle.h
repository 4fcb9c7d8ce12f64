/*
 * cycle.h - the rules of a programme cycle that need no I/O: which stages
 * it may run (a subset of its rulebook's, in the programme's order), the
 * windows of those stages, and where a newly enrolled unit starts.
 */
#ifndef P2HAM_CYCLE_H
#define P2HAM_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/code.h"
#include "core/region.h"
#include "core/stage.h"

/* One stage the cycle runs, with its window [opens, deadline]. */
struct cycle_window {
	enum stage stage;
	time_t opens;    /* first instant the stage accepts work */
	time_t deadline; /* last instant */
};

/* Why a cycle definition is refused; catalog key suffix via cycle_problem_key. */
/* clang-format off */
#define CYCLE_PROBLEM_LIST(X) \
	X(CYCLE_OK, "ok") \
	X(CYCLE_NO_STAGES, "no_stages")         /* a cycle runs at least one stage */ \
	X(CYCLE_STAGE_UNKNOWN, "stage_unknown") /* the rulebook does not know this stage */ \
	X(CYCLE_WINDOW_ORDER, "window_order")   /* a deadline before its opening */ \
	X(CYCLE_STAGE_OVERLAP, "stage_overlap") /* a stage opens before the previous one opened */
/* clang-format on */

enum cycle_problem { CYCLE_PROBLEM_LIST(CODE_ENUM) CYCLE_PROBLEM_MAX };

const char *cycle_problem_key(enum cycle_problem p);

/*
 * Check n windows, in the programme's stage order, against the stages the
 * rulebook knows (known[stage]). *bad receives the index of the offending
 * window (unchanged when CYCLE_OK or CYCLE_NO_STAGES).
 */
enum cycle_problem cycle_check(const struct cycle_window *w, size_t n,
    const bool known[STAGE_MAX], size_t *bad);

/* The first instant (00:00:00) and last instant (23:59:59) of the calendar
 * day y-m-d in time zone tz. */
time_t cycle_day_start(int y, int m, int d, enum tz tz);
time_t cycle_day_end(int y, int m, int d, enum tz tz);
/* The last instant of the day ymd ("YYYY-MM-DD") in zone tz into *t: a
 * deadline or due date typed in a form. -1 when ymd is no date. */
int cycle_date_end(const char *ymd, enum tz tz, time_t *t);

/* The time zone called code ("WIB", "WITA", "WIT"), or TZ_MAX. */
enum tz tz_parse(const char *code);

/* The state a participation takes when it enters stage s (PSTATE_DRAFT
 * out of range). */
enum pstate stage_entry_state(enum stage s);

/* Whether state st finishes the work of stage s (declared, submitted,
 * passed, ...): a participation standing there is never late, whatever
 * the stage's deadline. Supervision has no end to reach, so its states
 * all count. */
bool cycle_stage_done(enum stage s, enum pstate st);

/* How a participation lags behind in its cycle. */
struct cycle_lag {
	bool not_started; /* still at the entry state of the cycle's first
			     stage, first, whose window has opened */
	bool late;        /* its stage's deadline has passed and st does
			     not finish that stage's work */
};

/*
 * Whether a participation at stage s in state st lags at instant now,
 * given its stage's window [opens_at, deadline_at] (NULL when unset). The
 * instants are ISO-8601 UTC texts of one form ("YYYY-MM-DDTHH:MM:SSZ", as
 * stored), so they compare as text.
 */
struct cycle_lag cycle_lag_at(enum stage s, enum pstate st, const char *opens_at,
    const char *deadline_at, enum stage first, const char *now);

#endif
