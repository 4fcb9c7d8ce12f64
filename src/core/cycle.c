/*
 * cycle.c - cycle definitions and their windows.
 */
#include <string.h>

#include "core/cycle.h"
#include "base/timefmt.h"

static const char *const problem_keys[CYCLE_PROBLEM_MAX] = { CYCLE_PROBLEM_LIST(CODE_ENTRY) };

/* Where a unit stands when it enters each stage (DESIGN.md, stages of a
 * participation): a declaration starts as a draft request; building,
 * evaluation, assessment and supervision start open. */
static const enum pstate entry_states[STAGE_MAX] = {
	[STAGE_DECLARATION] = PSTATE_DRAFT,
	[STAGE_BUILDING] = PSTATE_BUILDING,
	[STAGE_EVALUATION] = PSTATE_AWAITING_EVALUATION,
	[STAGE_ASSESSMENT] = PSTATE_EVIDENCE_OPEN,
	[STAGE_SUPERVISION] = PSTATE_SUPERVISED,
};

const char *
cycle_problem_key(enum cycle_problem p)
{
	return p < CYCLE_PROBLEM_MAX ? problem_keys[p] : "no_stages";
}

enum pstate
stage_entry_state(enum stage s)
{
	return s < STAGE_MAX ? entry_states[s] : PSTATE_DRAFT;
}

bool
cycle_stage_done(enum stage s, enum pstate st)
{
	static const enum pstate done[] = { PSTATE_DECLARED, PSTATE_SUBMITTED,
		PSTATE_PASSED, PSTATE_FAILED, PSTATE_ASSESSED, PSTATE_RECOMMENDED,
		PSTATE_AWARDED, PSTATE_NOT_AWARDED, PSTATE_SUPERVISED, PSTATE_REVOKED };
	size_t i;

	for (i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		if (done[i] == st)
			return pstate_stage(st) == s;
	return false;
}

struct cycle_lag
cycle_lag_at(enum stage s, enum pstate st, const char *opens_at, const char *deadline_at,
    enum stage first, const char *now)
{
	struct cycle_lag l;

	l.not_started = s < STAGE_MAX && s == first && st == stage_entry_state(first) &&
	    opens_at != NULL && strcmp(opens_at, now) <= 0;
	l.late = deadline_at != NULL && strcmp(deadline_at, now) < 0 &&
	    !cycle_stage_done(s, st);
	return l;
}

enum cycle_problem
cycle_check(const struct cycle_window *w, size_t n, const bool known[STAGE_MAX], size_t *bad)
{
	size_t i;

	if (n == 0)
		return CYCLE_NO_STAGES;
	for (i = 0; i < n; i++) {
		*bad = i;
		if (w[i].stage >= STAGE_MAX || !known[w[i].stage])
			return CYCLE_STAGE_UNKNOWN;
		if (w[i].deadline < w[i].opens)
			return CYCLE_WINDOW_ORDER;
		if (i > 0 && (w[i].stage <= w[i - 1].stage || w[i].opens < w[i - 1].opens))
			return CYCLE_STAGE_OVERLAP;
	}
	return CYCLE_OK;
}

time_t
cycle_day_start(int y, int m, int d, enum tz tz)
{
	return time_day_utc(y, m, d) - tz_offset(tz);
}

time_t
cycle_day_end(int y, int m, int d, enum tz tz)
{
	return cycle_day_start(y, m, d, tz) + 24 * 3600 - 1;
}

int
cycle_date_end(const char *ymd, enum tz tz, time_t *t)
{
	int y, m, d;

	if (time_parse_date(ymd, &y, &m, &d) < 0)
		return -1;
	*t = cycle_day_end(y, m, d, tz);
	return 0;
}

enum tz
tz_parse(const char *code)
{
	int i;

	for (i = 0; i < TZ_MAX; i++)
		if (code != NULL && strcmp(code, tz_code((enum tz)i)) == 0)
			return (enum tz)i;
	return TZ_MAX;
}
