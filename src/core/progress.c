/*
 * progress.c - completeness of a self-assessment (see progress.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"

/* A fact with its place in the caller's array, so that sorting keeps the
 * first of two facts about one code first. */
struct entry {
	const struct progress_fact *f;
	size_t idx;
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->f->indicator, y->f->indicator);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The first fact about code in sorted[0..n), or NULL. */
static const struct progress_fact *
fact_find(const struct entry *sorted, size_t n, const char *code)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) { /* the first entry not below code */
		mid = lo + (hi - lo) / 2;
		if (strcmp(sorted[mid].f->indicator, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && strcmp(sorted[lo].f->indicator, code) == 0)
		return sorted[lo].f;
	return NULL;
}

static int
percent(size_t done, size_t of)
{
	return of == 0 ? 0 : (int)(done * 100 / of);
}

int
progress_compute(const struct rulebook *rb, const char *unit_type,
    const struct progress_fact *facts, size_t count, struct arena *a, struct progress *out)
{
	struct entry *sorted = NULL;
	const struct progress_fact *f;
	const struct rb_indicator *ind;
	struct progress_criterion *pc;
	struct progress_missing *m;
	size_t i, j, n = 0, cap;

	memset(out, 0, sizeof(*out));
	cap = rulebook_indicator_count(rb, unit_type);
	if (count > 0) {
		if ((sorted = arena_alloc(a, count * sizeof(*sorted))) == NULL)
			return -1;
		for (i = 0; i < count; i++)
			if (facts[i].indicator != NULL)
				sorted[n++] = (struct entry){ &facts[i], i };
		qsort(sorted, n, sizeof(*sorted), entry_cmp);
	}
	out->criteria = arena_alloc(a, (rb->criterion_count + 1) * sizeof(*out->criteria));
	out->missing = arena_alloc(a, (cap + 1) * sizeof(*out->missing));
	if (out->criteria == NULL || out->missing == NULL)
		return -1;
	out->criterion_count = rb->criterion_count;
	for (i = 0; i < rb->criterion_count; i++) {
		pc = &out->criteria[i];
		pc->criterion = &rb->criteria[i];
		for (j = 0; j < pc->criterion->indicator_count; j++) {
			bool answered, has_evidence;

			ind = &pc->criterion->indicators[j];
			if (!rulebook_indicator_applies(rb, ind, unit_type))
				continue;
			f = fact_find(sorted, n, ind->code);
			answered = f != NULL && rulebook_option(ind, f->option) != NULL;
			has_evidence = !ind->evidence_required ||
			    (f != NULL && f->evidence > 0);
			pc->applicable++;
			pc->answered += answered;
			if (answered && has_evidence) {
				pc->done++;
				continue;
			}
			m = &out->missing[out->missing_count++];
			m->criterion = pc->criterion;
			m->indicator = ind;
			m->needs_answer = !answered;
			m->needs_evidence = !has_evidence;
		}
		pc->percent = percent(pc->done, pc->applicable);
		out->applicable += pc->applicable;
		out->answered += pc->answered;
		out->done += pc->done;
	}
	out->percent = percent(out->done, out->applicable);
	out->complete = out->applicable > 0 && out->missing_count == 0;
	return 0;
}
