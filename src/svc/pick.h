/*
 * pick.h - the search behind every form field whose choices are drawn from
 * data that grows (organizations, units, participations): what a picker
 * offers, a page at a time, matched by part of the name, always bounded
 * by a scope (a principal's grants, as the registry's scoped statements
 * read them). What the pages show is web/picker.h's; the services that
 * take a chosen id still judge it themselves: a list offered is never
 * proof that a choice is allowed.
 */
#ifndef P2HAM_SVC_PICK_H
#define P2HAM_SVC_PICK_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/policy.h"
#include "svc/svc.h"

enum pick_source {
	PICK_ORG_OWNER,     /* active organizations that may own a unit or
			       employ a person: the national ones (ministries,
			       agencies) and those in scope */
	PICK_ORG,           /* active organizations in scope only */
	PICK_UNIT,          /* units in scope */
	PICK_PARTICIPATION, /* participations whose unit is in scope */
	PICK_SOURCE_MAX
};

/* What to look for. Zero fields mean "any". */
struct pick_query {
	enum pick_source source;
	const struct principal *scope; /* whose grants bound the choices;
					  NULL: the actor's (s->who) */
	const char *q;                 /* part of the name, any case */
	int64_t id;                    /* only this one */
	const json_t *key;             /* a keyset page: the row (as this
					  search returns it) the page starts
					  after, or NULL for the first page */
	bool before;                   /* the page ends before key instead,
					  its rows returned last first */
	int64_t limit;                 /* at most this many (0: 50) */
	int64_t cycle;                 /* PICK_PARTICIPATION: of this cycle */
	const char *stage;             /* PICK_PARTICIPATION: at this stage */
	const char *state;             /* PICK_PARTICIPATION: in this state */
};

/*
 * The choices q matches in name order (participations: by province, then
 * name), at most q->limit of them after (or before) q->key, read through
 * an index in that order, as a new array of {id, name, province_code,
 * detail} (a participation's also with unit_id): detail is
 * what tells two choices of one name apart (the unit's province, and for
 * a participation of any cycle the cycle's title), "" when nothing does.
 * NULL with e when the database failed or memory ran out.
 */
json_t *pick_search(struct svc *s, const struct pick_query *q, struct err *e);

#endif
