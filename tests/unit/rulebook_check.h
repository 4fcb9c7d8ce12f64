/*
 * rulebook_check.h - for the rulebook tests: a document parsed against the
 * built-in unit types, and its problems printed. Included by one test
 * source each, after cmocka.h, hence static.
 */
#ifndef P2HAM_TEST_RULEBOOK_CHECK_H
#define P2HAM_TEST_RULEBOOK_CHECK_H

#include <string.h>

#include "base/arena.h"
#include "core/rulebook.h"
#include "core/unit_type.h"

/* Known unit types: the built-in list. */
static const char *known[UNIT_TYPE_MAX];

static struct rulebook *
parse(json_t *doc, struct arena *a, struct rulebook_problems *p)
{
	memset(p, 0, sizeof(*p));
	return rulebook_parse(doc, known, UNIT_TYPE_MAX, a, p);
}

static void
print_problems(const char *name, const struct rulebook_problems *p)
{
	size_t i;

	print_message("%s: %zu problem(s)\n", name, p->total);
	for (i = 0; i < p->count; i++)
		print_message("  %s\n", p->msgs[i]);
}

#endif
