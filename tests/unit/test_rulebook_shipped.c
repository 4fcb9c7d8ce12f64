/*
 * test_rulebook_shipped.c - the three shipped rulebooks, as compiled into
 * the binary, validate and say what their regulation says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/embed.h"
#include "rulebook_check.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A shipped rulebook from the binary's embedded files, parsed. */
static struct rulebook *
shipped(const char *name, struct arena *a, json_t **doc)
{
	const struct embed_file *f = embed_find(name);
	struct rulebook_problems p = { 0 };
	struct rulebook *rb;

	if (f == NULL)
		fail_msg("%s is not embedded", name);
	*doc = rulebook_json_load((const char *)f->data, f->len, a, &p);
	rb = *doc != NULL ? parse(*doc, a, &p) : NULL;
	if (rb == NULL) {
		print_problems(name, &p);
		fail_msg("%s does not validate", name);
	}
	return rb;
}

static const struct rb_indicator *
indicator(const struct rulebook *rb, const char *code)
{
	size_t i, j;

	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++)
			if (strcmp(rb->criteria[i].indicators[j].code, code) == 0)
				return &rb->criteria[i].indicators[j];
	fail_msg("no indicator %s in %s", code, rb->code);
	return NULL;
}

/* Every number of a shipped rulebook is a default: none is published. */
static void
assert_all_defaults(const struct rulebook *rb)
{
	size_t i, j;

	assert_true(rb->pass_threshold.is_default);
	for (i = 0; i < rb->criterion_count; i++)
		assert_true(rb->criteria[i].weight.is_default);
	for (i = 0; i < rb->scale_count; i++)
		for (j = 0; j < rb->scales[i].option_count; j++)
			assert_true(rb->scales[i].options[j].value.is_default);
	for (i = 0; i < rb->predicate_count; i++)
		assert_true(rb->predicates[i].min_total.is_default);
	for (i = 0; i < rb->adjustment_count; i++) {
		size_t n;

		rulebook_adjustment_outcomes(rb->adjustments[i].kind, &n);
		for (j = 0; j < n; j++)
			assert_true(rb->adjustments[i].points[j].is_default);
		if (n == 0)
			assert_true(rb->adjustments[i].points_each.is_default &&
			    rb->adjustments[i].limit.is_default);
	}
}

static void
test_shipped_2018(void **state)
{
	static const char *const facilities[] = { "maklumat_pelayanan", "sarana_pengaduan",
		"toilet_disabilitas", "guiding_block", "informasi_pelayanan",
		"ruang_laktasi", "ruang_bermain_anak", "rambu_kelompok_rentan",
		"alat_bantu", "ramp", "loket_prioritas", "tempat_ibadah", "help_desk" };
	struct rulebook *rb;
	struct arena a;
	json_t *doc;
	size_t i, s;

	arena_init(&a, 0);
	rb = shipped("rulebooks/p2ham-2018.json", &a, &doc);
	assert_string_equal(rb->code, "p2ham-2018");
	assert_string_equal(rb->legal_number, "Permenkumham 27/2018");
	for (s = 0; s < STAGE_MAX; s++)
		assert_int_equal(rb->stages[s], s == STAGE_ASSESSMENT);
	assert_int_equal(rb->criterion_count, 3);
	/* The 13 facility items of the annex, Ada / Proses / Tidak, for all types. */
	for (i = 0; i < COUNT(facilities); i++) {
		const struct rb_indicator *ind = indicator(rb, facilities[i]);

		assert_string_equal(ind->scale->code, "ada_proses_tidak");
		assert_int_equal(ind->unit_type_count, 0);
		assert_string_equal(ind->scale->options[1].label.s[RULEBOOK_LANG_ID], "Proses");
	}
	assert_string_equal(indicator(rb, "petugas_siaga")->scale->code, "ada_tidak");
	assert_string_equal(indicator(rb, "kanim_perpanjangan_izin_tinggal")->scale->code,
	    "kepatuhan");
	assert_string_equal(
	    indicator(rb, "kanim_antrean_paspor")->scale->options[1].label.s[RULEBOOK_LANG_ID],
	    "Cukup patuh");
	/* An immigration office: 13 facilities, standby staff, 4 services. */
	assert_int_equal(rulebook_indicator_count(rb, "kanim"), 13 + 1 + 4);
	/* A prison: plus its visitor and inmate facilities and its services. */
	assert_true(rulebook_indicator_count(rb, "lapas") > 13 + 1 + 3);
	assert_true(
	    rulebook_indicator_applies(rb, indicator(rb, "wbp_kotak_pengaduan"), "rutan"));
	assert_false(
	    rulebook_indicator_applies(rb, indicator(rb, "wbp_kotak_pengaduan"), "kanim"));
	assert_all_defaults(rb);
	json_decref(doc);
	arena_free(&a);
}

static void
test_shipped_2022(void **state)
{
	static const char *const types[] = { "kanwil", "unit_pusat", "kanim", "lapas",
		"rutan", "bapas", "rupbasan", "lpka", "bhp", "rudenim" };
	static const char *const criteria[] = { "sarana", "sdm", "kepatuhan", "inovasi",
		"integritas" };
	struct rulebook *rb;
	struct arena a;
	json_t *doc;
	size_t i, s;

	arena_init(&a, 0);
	rb = shipped("rulebooks/p2ham-2022.json", &a, &doc);
	assert_string_equal(rb->legal_number, "Permenkumham 2/2022");
	for (s = 0; s < STAGE_MAX; s++)
		assert_true(rb->stages[s]);
	assert_int_equal(rb->criterion_count, COUNT(criteria));
	for (i = 0; i < COUNT(criteria); i++)
		assert_string_equal(rb->criteria[i].code, criteria[i]);
	assert_int_equal(rb->unit_type_count, COUNT(types));
	for (i = 0; i < COUNT(types); i++) {
		assert_string_equal(rb->unit_types[i], types[i]);
		for (s = 0; s < rb->criterion_count; s++)
			assert_true(
			    rulebook_criterion_count(rb, &rb->criteria[s], types[i]) > 0);
	}
	assert_true(indicator(rb, "bebas_pungli")->is_knockout);
	assert_int_equal(rb->adjustment_count, RB_ADJ_KIND_MAX);
	assert_all_defaults(rb);
	json_decref(doc);
	arena_free(&a);
}

static void
test_shipped_2023_pemda(void **state)
{
	struct rulebook *rb;
	struct arena a;
	json_t *doc;

	arena_init(&a, 0);
	rb = shipped("rulebooks/p2ham-2023-pemda.json", &a, &doc);
	assert_string_equal(rb->legal_number, "Permenkumham 25/2023");
	assert_string_equal(rb->legal_date, "2023-10-13");
	assert_true(rb->stages[STAGE_DECLARATION] && rb->stages[STAGE_EVALUATION] &&
	    rb->stages[STAGE_ASSESSMENT] && rb->stages[STAGE_SUPERVISION]);
	assert_false(rb->stages[STAGE_BUILDING]);
	assert_int_equal(rb->criterion_count, 3);
	assert_string_equal(rb->criteria[0].code, "aksesibilitas");
	assert_string_equal(rb->criteria[1].code, "sarana_prasarana");
	assert_string_equal(rb->criteria[2].code, "sdm");
	assert_int_equal(rb->unit_type_count, 2);
	/* Tourism sites answer their own indicators on top of an office's. */
	assert_true(
	    rulebook_indicator_count(rb, "wisata") > rulebook_indicator_count(rb, "opd"));
	assert_false(
	    rulebook_indicator_applies(rb, indicator(rb, "wisata_pos_kesehatan"), "opd"));
	assert_all_defaults(rb);
	json_decref(doc);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_2018),
		cmocka_unit_test(test_shipped_2022),
		cmocka_unit_test(test_shipped_2023_pemda),
	};

	if (sodium_init() < 0)
		return 1;
	unit_type_codes(known);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
