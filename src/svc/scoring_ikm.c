/*
 * scoring_ikm.c - the fact an assessment's ikm_grade adjustment reads: the
 * unit's satisfaction index over every survey period of the cycle's year,
 * from the survey's counters (svc/ikm.h), with a sentence saying where the
 * grade came from, so that the explanation of a total never hides it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "svc/ikm.h"
#include "svc/scoring.h"

/* Does rb adjust the total by the IKM grade? */
static bool
has_ikm_adjustment(const struct rulebook *rb)
{
	size_t i;

	for (i = 0; i < rb->adjustment_count; i++)
		if (rb->adjustments[i].kind == RB_ADJ_IKM_GRADE)
			return true;
	return false;
}

int
assessment_ikm(struct svc *s, struct assessment *a, struct score_adjust_in *adj, struct err *e)
{
	char year[8], n[24];
	struct ikm_unit u;

	adj->ikm = IKM_GRADE_NONE;
	if (!has_ikm_adjustment(a->b.rb))
		return 0;
	snprintf(year, sizeof(year), "%d", a->b.p.cycle_year);
	if (ikm_year_grade(s, a->b.p.unit_id, a->b.p.cycle_year, &u, e) < 0) {
		if (e->kind != ERR_NOT_FOUND)
			return -1;
		err_clear(e); /* a unit no longer active has no public survey */
		memset(&u, 0, sizeof(u));
	}
	adj->ikm = u.r.grade;
	snprintf(n, sizeof(n), "%" PRIu64, u.r.respondents);
	a->ikm_source = u.r.has_data
	    ? i18n_subst(s->arena, svc_msg(s, "ikm.scoring.source"), "grade",
		  ikm_grade_code(u.r.grade), "label", ikm_grade_label(s, u.r.grade),
		  "ikm", ikm_number(s, (double)u.r.ikm_hundredths / 100.0, 2), "n", n,
		  "year", year, (const char *)NULL)
	    : i18n_subst(s->arena, svc_msg(s, "ikm.scoring.none"), "year", year,
		  (const char *)NULL);
	return 0;
}
