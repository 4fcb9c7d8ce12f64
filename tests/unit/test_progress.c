/*
 * test_progress.c - completeness of a self-assessment (core/progress.h): a
 * table of cases over a small rulebook (which indicators apply to which
 * unit type, answers off the scale, evidence required or not, duplicate and
 * stray facts, rounding down), and the shipped 2022 rulebook for an
 * immigration office, whose applicable indicators per criterion are known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/embed.h"
#include "core/progress.h"
#include "core/rulebook.h"
#include "core/unit_type.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define FACTS_MAX 8

/* Two criteria: "sarana" with a ramp (evidence required, all types) and a
 * path (evidence required, tourism sites only), "sdm" with standby staff
 * (no evidence required) and an interpreter (evidence required, tourism
 * sites only). */
static const char small[] =
    "{\"format\":\"p2ham-rulebook-1\",\"code\":\"uji\",\"version\":1,"
    "\"title\":{\"id\":\"Uji\",\"en\":\"Test\"},"
    "\"legal_basis\":{\"number\":\"Uji "
    "1/2024\",\"title\":{\"id\":\"Uji\",\"en\":\"Test\"},"
    "\"date\":\"2024\"},"
    "\"stages\":[\"pembangunan\",\"evaluasi\"],\"unit_types\":[\"opd\",\"wisata\"],"
    "\"scales\":[{\"code\":\"apt\",\"options\":["
    "{\"code\":\"ada\",\"label\":{\"id\":\"Ada\",\"en\":\"Present\"},\"value\":1},"
    "{\"code\":\"proses\",\"label\":{\"id\":\"Proses\",\"en\":\"In "
    "progress\"},\"value\":0.5},"
    "{\"code\":\"tidak\",\"label\":{\"id\":\"Tidak\",\"en\":\"Absent\"},\"value\":0}]}],"
    "\"criteria\":["
    "{\"code\":\"sarana\",\"name\":{\"id\":\"Sarana\",\"en\":\"Facilities\"},\"weight\":"
    "60,"
    "\"indicators\":["
    "{\"code\":\"ramp\",\"text\":{\"id\":\"Ramp\",\"en\":\"Ramp\"},\"scale\":\"apt\","
    "\"evidence_required\":true,\"evidence_guidance\":{\"id\":\"Foto\",\"en\":\"Photo\"}}"
    ","
    "{\"code\":\"jalur\",\"text\":{\"id\":\"Jalur\",\"en\":\"Path\"},\"scale\":\"apt\","
    "\"unit_types\":[\"wisata\"],\"evidence_required\":true,"
    "\"evidence_guidance\":{\"id\":\"Foto\",\"en\":\"Photo\"}}]},"
    "{\"code\":\"sdm\",\"name\":{\"id\":\"SDM\",\"en\":\"Staff\"},\"weight\":40,"
    "\"indicators\":["
    "{\"code\":\"siaga\",\"text\":{\"id\":\"Siaga\",\"en\":\"Standby\"},\"scale\":"
    "\"apt\","
    "\"evidence_required\":false},"
    "{\"code\":\"juru\",\"text\":{\"id\":\"Juru bahasa\",\"en\":\"Interpreter\"},"
    "\"scale\":\"apt\",\"unit_types\":[\"wisata\"],\"evidence_required\":true,"
    "\"evidence_guidance\":{\"id\":\"SK\",\"en\":\"Decree\"}}]}],"
    "\"scoring\":{\"method\":\"weighted_mean\",\"pass_threshold\":75,"
    "\"predicates\":[{\"code\":\"p\",\"label\":{\"id\":\"P\",\"en\":\"P\"},\"min_total\":"
    "75}]},"
    "\"defaults\":[]}";

static struct rulebook *
load(const char *text, size_t len, struct arena *a)
{
	const char *known[UNIT_TYPE_MAX];
	struct rulebook_problems p = { 0 };
	struct rulebook *rb = NULL;
	json_t *doc;

	unit_type_codes(known);
	if ((doc = rulebook_json_load(text, len, a, &p)) != NULL)
		rb = rulebook_parse(doc, known, UNIT_TYPE_MAX, a, &p);
	json_decref(doc);
	if (rb == NULL)
		fail_msg("rulebook does not load: %s", p.count ? p.msgs[0] : "?");
	return rb;
}

/* One case: a unit type, what is known, and the figures expected. */
struct pcase {
	const char *name;
	const char *unit_type;
	struct progress_fact facts[FACTS_MAX];
	size_t nfacts;
	size_t applicable, answered, done;
	int percent;
	int crit_percent[2]; /* sarana, sdm */
	bool complete;
	const char *missing; /* "code:ae code:e ..." (a: answer, e: evidence) */
};

/* clang-format off */
static const struct pcase cases[] = {
	{ "opd, nothing yet: two apply, both missing", "opd", { { 0 } }, 0,
	    2, 0, 0, 0, { 0, 0 }, false, "ramp:ae siaga:a" },
	{ "opd, ramp answered without its photo", "opd",
	    { { "ramp", "ada", 0 } }, 1,
	    2, 1, 0, 0, { 0, 0 }, false, "ramp:e siaga:a" },
	{ "opd, evidence without an answer", "opd",
	    { { "ramp", NULL, 2 } }, 1,
	    2, 0, 0, 0, { 0, 0 }, false, "ramp:a siaga:a" },
	{ "opd, an option that is not on the scale is no answer", "opd",
	    { { "ramp", "ya", 1 }, { "siaga", "tidak", 0 } }, 2,
	    2, 1, 1, 50, { 0, 100 }, false, "ramp:a" },
	{ "opd, 'tidak' is an answer too, and complete", "opd",
	    { { "siaga", "tidak", 0 }, { "ramp", "proses", 1 } }, 2,
	    2, 2, 2, 100, { 100, 100 }, true, "" },
	{ "opd, indicators of tourism sites and unknown codes are ignored", "opd",
	    { { "jalur", "ada", 1 }, { "juru", "ada", 1 }, { "zzz", "ada", 1 },
	      { "ramp", "ada", 1 } }, 4,
	    2, 1, 1, 50, { 100, 0 }, false, "siaga:a" },
	{ "wisata, four apply; three of four done rounds down to 75", "wisata",
	    { { "ramp", "ada", 1 }, { "jalur", "tidak", 1 }, { "siaga", "ada", 0 },
	      { "juru", "ada", 0 } }, 4,
	    4, 4, 3, 75, { 100, 50 }, false, "juru:e" },
	{ "wisata, one of four done is 25 and names the other three", "wisata",
	    { { "ramp", "ada", 1 } }, 1,
	    4, 1, 1, 25, { 50, 0 }, false, "jalur:ae siaga:a juru:ae" },
	{ "the first of two facts about one code counts", "opd",
	    { { "siaga", "bogus", 0 }, { "siaga", "ada", 0 }, { "ramp", "ada", 1 },
	      { "ramp", NULL, 0 } }, 4,
	    2, 1, 1, 50, { 100, 0 }, false, "siaga:a" },
	{ "a fact without a code is ignored", "opd",
	    { { NULL, "ada", 1 }, { "ramp", "ada", 1 }, { "siaga", "ada", 0 } }, 3,
	    2, 2, 2, 100, { 100, 100 }, true, "" },
	{ "a type the rulebook does not cover: nothing applies, never complete", "kanim",
	    { { "ramp", "ada", 1 } }, 1,
	    0, 0, 0, 0, { 0, 0 }, false, "" },
};
/* clang-format on */

/* The missing list as "code:ae ..." for comparison. */
static void
missing_text(const struct progress *pr, char *out, size_t cap)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < pr->missing_count && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s:%s%s", i ? " " : "",
		    pr->missing[i].indicator->code, pr->missing[i].needs_answer ? "a" : "",
		    pr->missing[i].needs_evidence ? "e" : "");
}

static void
test_table(void **state)
{
	struct arena a;
	struct rulebook *rb;
	struct progress pr;
	char got[256];
	size_t i;

	(void)state;
	arena_init(&a, 0);
	rb = load(small, sizeof(small) - 1, &a);
	for (i = 0; i < COUNT(cases); i++) {
		const struct pcase *c = &cases[i];

		assert_int_equal(
		    progress_compute(rb, c->unit_type, c->facts, c->nfacts, &a, &pr), 0);
		missing_text(&pr, got, sizeof(got));
		if (pr.applicable != c->applicable || pr.answered != c->answered ||
		    pr.done != c->done || pr.percent != c->percent ||
		    pr.complete != c->complete || strcmp(got, c->missing) != 0 ||
		    pr.criterion_count != 2 || pr.criteria[0].percent != c->crit_percent[0] ||
		    pr.criteria[1].percent != c->crit_percent[1])
			fail_msg("case \"%s\": applicable %zu answered %zu done %zu "
				 "percent %d "
				 "(sarana %d, sdm %d) complete %d missing \"%s\"",
			    c->name, pr.applicable, pr.answered, pr.done, pr.percent,
			    pr.criteria[0].percent, pr.criteria[1].percent, pr.complete, got);
		assert_string_equal(pr.criteria[0].criterion->code, "sarana");
	}
	arena_free(&a);
}

/* The missing entries name their criterion, for the refusal's list. */
static void
test_missing_names_criterion(void **state)
{
	struct arena a;
	struct rulebook *rb;
	struct progress pr;

	(void)state;
	arena_init(&a, 0);
	rb = load(small, sizeof(small) - 1, &a);
	assert_int_equal(progress_compute(rb, "wisata", NULL, 0, &a, &pr), 0);
	assert_int_equal(pr.missing_count, 4);
	assert_string_equal(pr.missing[0].criterion->code, "sarana");
	assert_string_equal(pr.missing[1].indicator->code, "jalur");
	assert_string_equal(pr.missing[2].criterion->code, "sdm");
	assert_string_equal(pr.missing[3].indicator->code, "juru");
	assert_non_null(rulebook_option(pr.missing[0].indicator, "proses"));
	assert_null(rulebook_option(pr.missing[0].indicator, "Proses"));
	assert_null(rulebook_option(pr.missing[0].indicator, NULL));
	arena_free(&a);
}

/* An immigration office under the shipped 2022 rulebook: 15 + 6 + 7 + 3 + 5
 * indicators apply, all with evidence required. */
static void
test_shipped_2022_kanim(void **state)
{
	const struct embed_file *f = embed_find("rulebooks/p2ham-2022.json");
	static const size_t per[] = { 15, 6, 7, 3, 5 };
	struct progress_fact *facts;
	struct rulebook *rb;
	struct progress pr;
	struct arena a;
	size_t i, j, n = 0;

	(void)state;
	assert_non_null(f);
	arena_init(&a, 0);
	rb = load((const char *)f->data, f->len, &a);
	assert_int_equal(rb->criterion_count, COUNT(per));
	facts = arena_alloc(&a, 200 * sizeof(*facts));
	assert_non_null(facts);
	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++) {
			const struct rb_indicator *ind = &rb->criteria[i].indicators[j];

			facts[n++] = (struct progress_fact){ ind->code,
				ind->scale->options[0].code, 1 };
		}
	assert_int_equal(progress_compute(rb, "kanim", facts, n, &a, &pr), 0);
	assert_int_equal(pr.applicable, 36);
	for (i = 0; i < COUNT(per); i++) {
		assert_int_equal(pr.criteria[i].applicable, per[i]);
		assert_int_equal(pr.criteria[i].percent, 100);
	}
	assert_true(pr.complete);
	assert_int_equal(pr.percent, 100);

	/* One photo fewer: 35 of 36 is 97 percent, and it says which. */
	for (i = 0; i < n; i++)
		if (strcmp(facts[i].indicator, "kanim_paspor_baru") == 0)
			facts[i].evidence = 0;
	assert_int_equal(progress_compute(rb, "kanim", facts, n, &a, &pr), 0);
	assert_false(pr.complete);
	assert_int_equal(pr.percent, 97);
	assert_int_equal(pr.missing_count, 1);
	assert_string_equal(pr.missing[0].criterion->code, "kepatuhan");
	assert_string_equal(pr.missing[0].indicator->code, "kanim_paspor_baru");
	assert_false(pr.missing[0].needs_answer);
	assert_true(pr.missing[0].needs_evidence);
	assert_int_equal(pr.criteria[2].percent, 85); /* 6 of 7 */

	/* A prison has other indicators, all answered here too. */
	assert_int_equal(progress_compute(rb, "lapas", facts, n, &a, &pr), 0);
	assert_int_equal(pr.applicable, rulebook_indicator_count(rb, "lapas"));
	assert_true(pr.complete);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_missing_names_criterion),
		cmocka_unit_test(test_shipped_2022_kanim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
