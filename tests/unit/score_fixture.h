/*
 * score_fixture.h - for the scoring tests: a shipped rulebook parsed from
 * the binary's embedded files, and an assessment written as "every
 * applicable indicator has this value, except these" turned into the flat
 * input of score_compute; and a small rulebook with several predicates.
 * Included by one test source each, after cmocka.h, hence static.
 */
#ifndef P2HAM_TEST_SCORE_FIXTURE_H
#define P2HAM_TEST_SCORE_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/embed.h"
#include "core/rulebook.h"
#include "core/score.h"
#include "core/unit_type.h"

#define NOT_SCORED (-1.0) /* a value: the indicator has no final value */
#define VALUES_MAX 12     /* exceptions of one assessment */
#define UNVERIFIED_MAX 4  /* indicators whose evidence is not verified */

/* The indicators of 2018 and 2022 kept for prisons' visitors and inmates. */
#define LAPAS_ITEMS_HALF \
	{ "ruang_penggeledahan_terpisah", 0.5 }, { "pos_pengaduan_kunjungan", 0.5 }, \
	    { "ruang_tunggu_kunjungan", 0.5 }, { "ruang_pendaftaran_kunjungan", 0.5 }, \
	    { "wbp_kotak_pengaduan", 0.5 }, { "wbp_toilet_disabilitas", 0.5 }, \
	    { "wbp_guiding_block", 0.5 }, { "wbp_ramp", 0.5 }, \
	{ \
		"wbp_alat_bantu", 0.5 \
	}

/* An indicator's final value different from the assessment's default. */
struct value {
	const char *code;
	double value; /* 0..1, or NOT_SCORED */
};

/* An assessment as a test writes it. */
struct assessment {
	bool all_absent;                        /* unlisted indicators are 0, not 1 */
	struct value values[VALUES_MAX];        /* the exceptions; code NULL ends */
	const char *unverified[UNVERIFIED_MAX]; /* evidence not verified; NULL ends */
};

/* A rulebook with three predicates above a lower threshold, 50:
 * "cukup" from 60, "baik" from 80, "istimewa" from 95. Two criteria of
 * weight 50: a with i1 and i2, b with i3, so the total is
 * 25 × (v1 + v2) + 50 × v3. */
static const char ladder[] =
    "{\"format\":\"p2ham-rulebook-1\",\"code\":\"tangga\",\"version\":1,"
    "\"title\":{\"id\":\"Tangga predikat\",\"en\":\"Predicate ladder\"},"
    "\"legal_basis\":{\"number\":\"Contoh 1/2024\",\"title\":{\"id\":\"Contoh\","
    "\"en\":\"Example\"},\"date\":\"2024\"},\"stages\":[\"penilaian\"],"
    "\"unit_types\":[\"opd\"],\"scales\":[{\"code\":\"ada_tidak\",\"options\":["
    "{\"code\":\"ada\",\"label\":{\"id\":\"Ada\",\"en\":\"Present\"},\"value\":1},"
    "{\"code\":\"tidak\",\"label\":{\"id\":\"Tidak\",\"en\":\"Absent\"},\"value\":0}]}],"
    "\"criteria\":[{\"code\":\"a\",\"name\":{\"id\":\"Kriteria A\",\"en\":\"Criterion "
    "A\"},"
    "\"weight\":50,\"indicators\":["
    "{\"code\":\"i1\",\"text\":{\"id\":\"Satu\",\"en\":\"One\"},\"scale\":\"ada_tidak\","
    "\"evidence_required\":false},"
    "{\"code\":\"i2\",\"text\":{\"id\":\"Dua\",\"en\":\"Two\"},\"scale\":\"ada_tidak\","
    "\"evidence_required\":false}]},"
    "{\"code\":\"b\",\"name\":{\"id\":\"Kriteria B\",\"en\":\"Criterion B\"},"
    "\"weight\":50,\"indicators\":["
    "{\"code\":\"i3\",\"text\":{\"id\":\"Tiga\",\"en\":\"Three\"},\"scale\":\"ada_"
    "tidak\","
    "\"evidence_required\":false}]}],"
    "\"scoring\":{\"method\":\"weighted_mean\",\"pass_threshold\":50,\"predicates\":["
    "{\"code\":\"cukup\",\"label\":{\"id\":\"Cukup\",\"en\":\"Fair\"},\"min_total\":60},"
    "{\"code\":\"baik\",\"label\":{\"id\":\"Baik\",\"en\":\"Good\"},\"min_total\":80},"
    "{\"code\":\"istimewa\",\"label\":{\"id\":\"Istimewa\",\"en\":\"Excellent\"},"
    "\"min_total\":95}]},\"defaults\":[]}";

/* The rulebook written in text (len bytes), parsed against the built-in
 * unit types; fails the test with every problem when it does not validate. */
static struct rulebook *
rulebook_from_text(const char *name, const char *text, size_t len, struct arena *a)
{
	static const char *known[UNIT_TYPE_MAX];
	struct rulebook_problems p = { 0 };
	struct rulebook *rb = NULL;
	json_t *doc;
	size_t i;

	unit_type_codes(known);
	if ((doc = rulebook_json_load(text, len, a, &p)) != NULL) {
		rb = rulebook_parse(doc, known, UNIT_TYPE_MAX, a, &p);
		json_decref(doc);
	}
	if (rb == NULL) {
		for (i = 0; i < p.count; i++)
			print_message("%s: %s\n", name, p.msgs[i]);
		fail_msg("%s does not validate", name);
	}
	return rb;
}

/* The shipped rulebook rulebooks/CODE.json, as compiled into the binary. */
static struct rulebook *
shipped(const char *code, struct arena *a)
{
	char name[128];
	const struct embed_file *f;

	snprintf(name, sizeof(name), "rulebooks/%s.json", code);
	if ((f = embed_find(name)) == NULL)
		fail_msg("%s is not embedded", name);
	return rulebook_from_text(name, (const char *)f->data, f->len, a);
}

/* The flat input of score_compute for assessment s of rb, in a; *count
 * receives its length. Fails the test when s names an unknown indicator. */
static struct score_indicator_in *
assessment_input(const struct rulebook *rb, const struct assessment *s, struct arena *a,
    size_t *count)
{
	struct score_indicator_in *in;
	size_t n = score_indicator_total(rb), i, k;

	in = arena_alloc(a, (n + 1) * sizeof(*in));
	assert_non_null(in);
	for (i = 0; i < n; i++) {
		in[i].scored = true;
		in[i].value = s->all_absent ? 0 : 1;
		in[i].evidence_ok = true;
	}
	for (i = 0; i < VALUES_MAX && s->values[i].code != NULL; i++) {
		if ((k = score_indicator_index(rb, s->values[i].code)) == SCORE_NO_INDEX)
			fail_msg("no indicator %s in %s", s->values[i].code, rb->code);
		in[k].scored = s->values[i].value != NOT_SCORED;
		in[k].value = in[k].scored ? s->values[i].value : 0;
	}
	for (i = 0; i < UNVERIFIED_MAX && s->unverified[i] != NULL; i++) {
		if ((k = score_indicator_index(rb, s->unverified[i])) == SCORE_NO_INDEX)
			fail_msg("no indicator %s in %s", s->unverified[i], rb->code);
		in[k].evidence_ok = false;
	}
	*count = n;
	return in;
}

#endif
