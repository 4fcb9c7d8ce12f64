/*
 * survey_tally.c - counter keys ordered and merged (see survey_tally.h).
 */
#include <stdlib.h>
#include <string.h>

#include "svc/survey_tally.h"

/* The order of two keys' strings, NULL as "". The keys of a batch mostly
 * share their strings (the instrument's codes, the batch's period), so
 * the same pointer is taken for the same text without reading it. */
static int
key_cmp(const char *x, const char *y)
{
	if (x == y)
		return 0;
	return strcmp(x ? x : "", y ? y : "");
}

int
tally_cmp(const void *x, const void *y)
{
	const struct tally *p = x, *q = y;
	int c;

	if (p->unit != q->unit)
		return p->unit < q->unit ? -1 : 1;
	if ((c = key_cmp(p->period, q->period)) != 0)
		return c;
	if ((c = key_cmp(p->a, q->a)) != 0)
		return c;
	if ((c = key_cmp(p->b, q->b)) != 0)
		return c;
	return p->value - q->value;
}

size_t
tally_merge(struct tally *t, size_t n)
{
	size_t i, k = 0;

	if (n == 0)
		return 0;
	qsort(t, n, sizeof(*t), tally_cmp);
	for (i = 1; i < n; i++) {
		if (tally_cmp(&t[k], &t[i]) == 0) {
			t[k].n += t[i].n;
			if (strcmp(t[i].last_at, t[k].last_at) > 0)
				t[k].last_at = t[i].last_at;
		} else
			t[++k] = t[i];
	}
	return k + 1;
}
