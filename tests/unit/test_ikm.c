/*
 * test_ikm.c - the satisfaction index (core/ikm.h) against figures
 * computed by hand: a fixture of ten respondents' answers, the exact 1/9
 * weight where 0.111 would change the grade, the grade read after rounding
 * to two decimals at the bands' gaps, the edges (no respondent, an element
 * nobody answered, too many elements), and Krejcie & Morgan's table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "core/ikm.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SLACK 1e-9

/* Ten respondents' answers to the nine elements U1..U9, as sent. */
static const int answers[10][9] = {
	{ 4, 4, 3, 4, 3, 4, 4, 2, 3 },
	{ 3, 3, 2, 4, 3, 3, 4, 1, 3 },
	{ 4, 4, 4, 4, 4, 4, 4, 3, 4 },
	{ 3, 3, 3, 4, 3, 3, 3, 2, 3 },
	{ 3, 2, 1, 3, 2, 3, 3, 1, 2 },
	{ 4, 3, 3, 4, 4, 4, 4, 4, 3 },
	{ 3, 4, 3, 4, 3, 3, 3, 3, 3 },
	{ 3, 2, 2, 3, 3, 3, 3, 2, 3 },
	{ 4, 3, 3, 4, 4, 4, 4, 3, 4 },
	{ 2, 4, 4, 4, 3, 4, 4, 4, 3 },
};

/*
 * By hand, column sums: U1 33, U2 32, U3 28, U4 38, U5 32, U6 35, U7 36,
 * U8 25, U9 31 (Σ 290); NRR = sum / 10; Σ NRR = 29.0; index = 29 / 9 =
 * 3.2222...; IKM = 80.5555... -> 80.56, grade B (76.61 <= 80.56 <= 88.30).
 * The worked example's 0.111 would give 29 x 0.111 x 25 = 80.475 -> 80.48.
 */
static void
fixture_of_answers(void **state)
{
	static const double nrr[9] = { 3.3, 3.2, 2.8, 3.8, 3.2, 3.5, 3.6, 2.5, 3.1 };
	struct ikm_element_in in[9] = { 0 };
	struct ikm_result r;
	size_t i, k;

	(void)state;
	for (i = 0; i < COUNT(answers); i++)
		for (k = 0; k < 9; k++)
			in[k].counts[answers[i][k] - 1]++;
	assert_int_equal(ikm_compute(in, 9, 10, &r), 0);
	assert_true(r.has_data);
	assert_int_equal(r.respondents, 10);
	for (k = 0; k < 9; k++) {
		assert_int_equal(r.elements[k].answered, 10);
		assert_float_equal(r.elements[k].nrr, nrr[k], SLACK);
		assert_float_equal(r.elements[k].weighted, nrr[k] / 9.0, SLACK);
	}
	assert_float_equal(r.index, 29.0 / 9.0, SLACK);
	assert_float_equal(r.ikm, 29.0 / 9.0 * 25.0, SLACK);
	assert_int_equal(r.ikm_hundredths, 8056);
	assert_int_equal(r.grade, IKM_GRADE_B);
	assert_string_equal(ikm_grade_code(r.grade), "B");
}

/* One case of the grade: nine elements with the same counters. */
struct grade_case {
	const char *name;
	uint64_t counts[IKM_VALUES]; /* of every element but the first */
	uint64_t first[IKM_VALUES];  /* of the first element */
	uint64_t respondents;
	int64_t hundredths;
	enum ikm_grade grade;
};

/* clang-format off */
static const struct grade_case grade_cases[] = {
	/* 8 x 35 + 38 = 318 over 10: Σ NRR 31.8; 31.8 / 9 x 25 = 88.333 -> 88.33
	 * A; with 0.111: 31.8 x 0.111 x 25 = 88.245 -> 88.25, which is B. */
	{ "exact 1/9 keeps grade A where 0.111 gives B",
	    { 0, 0, 5, 5 }, { 0, 0, 2, 8 }, 10, 8833, IKM_GRADE_A },
	/* 9 x (3 x 2339 + 4 x 2661 = 17661) = 158949 over 5000: 158949 / 18 =
	 * 8830.5 hundredths exactly -> 88.31, A (the unrounded 88.305 is not). */
	{ "88.305 rounds to 88.31: A",
	    { 0, 0, 2339, 2661 }, { 0, 0, 2339, 2661 }, 5000, 8831, IKM_GRADE_A },
	/* one element 17660: 158948 / 18 = 8830.44 -> 88.30, B. */
	{ "88.3044 rounds to 88.30: B",
	    { 0, 0, 2339, 2661 }, { 0, 0, 2340, 2660 }, 5000, 8830, IKM_GRADE_B },
	/* 9 x (3 x 4679 + 4 x 321 = 15321) = 137889 / 18 = 7660.5 -> 76.61, B
	 * although 76.605 lies in the gap between C (76.60) and B (76.61). */
	{ "76.605 in the gap rounds to 76.61: B",
	    { 0, 0, 4679, 321 }, { 0, 0, 4679, 321 }, 5000, 7661, IKM_GRADE_B },
	/* one element 15320: 137888 / 18 = 7660.44 -> 76.60, C. */
	{ "76.6044 rounds to 76.60: C",
	    { 0, 0, 4679, 321 }, { 0, 0, 4680, 320 }, 5000, 7660, IKM_GRADE_C },
	/* everyone 3: NRR 3, IKM 75.00, C. */
	{ "all good is 75.00: C",
	    { 0, 0, 7, 0 }, { 0, 0, 7, 0 }, 7, 7500, IKM_GRADE_C },
	/* 2.6 per element (6 x 3 + 4 x 2 = 26 over 10): 2.6 x 25 = 65.00, C. */
	{ "65.00 is C",
	    { 0, 4, 6, 0 }, { 0, 4, 6, 0 }, 10, 6500, IKM_GRADE_C },
	/* 8 x 26 + 25 = 233 over 10: 23.3 / 9 x 25 = 64.722 -> 64.72, D. */
	{ "64.72 is D",
	    { 0, 4, 6, 0 }, { 0, 5, 5, 0 }, 10, 6472, IKM_GRADE_D },
	{ "all very good is 100.00: A",
	    { 0, 0, 0, 3 }, { 0, 0, 0, 3 }, 3, 10000, IKM_GRADE_A },
	{ "all not good is 25.00: D",
	    { 3, 0, 0, 0 }, { 3, 0, 0, 0 }, 3, 2500, IKM_GRADE_D },
};
/* clang-format on */

static void
grades_after_rounding(void **state)
{
	struct ikm_element_in in[9];
	struct ikm_result r;
	size_t i, k, v;

	(void)state;
	for (i = 0; i < COUNT(grade_cases); i++) {
		const struct grade_case *c = &grade_cases[i];

		for (k = 0; k < 9; k++)
			for (v = 0; v < IKM_VALUES; v++)
				in[k].counts[v] = k == 0 ? c->first[v] : c->counts[v];
		assert_int_equal(ikm_compute(in, 9, c->respondents, &r), 0);
		if (r.ikm_hundredths != c->hundredths || r.grade != c->grade)
			fail_msg("%s: %lld hundredths grade %s, expected %lld %s",
			    c->name, (long long)r.ikm_hundredths, ikm_grade_code(r.grade),
			    (long long)c->hundredths, ikm_grade_code(c->grade));
	}
}

static void
grade_bands(void **state)
{
	(void)state;
	assert_int_equal(ikm_grade_of(10000), IKM_GRADE_A);
	assert_int_equal(ikm_grade_of(8831), IKM_GRADE_A);
	assert_int_equal(ikm_grade_of(8830), IKM_GRADE_B);
	assert_int_equal(ikm_grade_of(7661), IKM_GRADE_B);
	assert_int_equal(ikm_grade_of(7660), IKM_GRADE_C);
	assert_int_equal(ikm_grade_of(6500), IKM_GRADE_C);
	assert_int_equal(ikm_grade_of(6499), IKM_GRADE_D);
	assert_int_equal(ikm_grade_of(2500), IKM_GRADE_D);
	assert_string_equal(ikm_grade_code(IKM_GRADE_NONE), "");
}

static void
no_respondent_no_grade(void **state)
{
	struct ikm_element_in in[9] = { 0 };
	struct ikm_result r;

	(void)state;
	assert_int_equal(ikm_compute(in, 9, 0, &r), 0);
	assert_false(r.has_data);
	assert_int_equal(r.grade, IKM_GRADE_NONE);
	assert_int_equal(r.ikm_hundredths, 0);
}

/* An element nobody answered counts as 0: 8 x 3 / 9 x 25 = 66.67, C. */
static void
unanswered_element_counts_zero(void **state)
{
	struct ikm_element_in in[9] = { 0 };
	struct ikm_result r;
	size_t k;

	(void)state;
	for (k = 1; k < 9; k++)
		in[k].counts[2] = 4;
	assert_int_equal(ikm_compute(in, 9, 4, &r), 0);
	assert_true(r.has_data);
	assert_int_equal(r.elements[0].answered, 0);
	assert_float_equal(r.elements[0].nrr, 0, SLACK);
	assert_int_equal(r.ikm_hundredths, 6667);
	assert_int_equal(r.grade, IKM_GRADE_C);
}

static void
element_count_out_of_range(void **state)
{
	struct ikm_element_in in[IKM_ELEMENTS_MAX + 1] = { 0 };
	struct ikm_result r;

	(void)state;
	assert_int_equal(ikm_compute(in, 0, 1, &r), -1);
	assert_int_equal(ikm_compute(in, IKM_ELEMENTS_MAX + 1, 1, &r), -1);
}

/* Krejcie & Morgan's published table, and the edges. */
static void
sample_minimum(void **state)
{
	/* clang-format off */
	static const struct { uint64_t users, n; } table[] = {
		{ 0, 0 }, { 1, 1 }, { 10, 10 }, { 50, 44 }, { 100, 80 },
		{ 500, 217 }, { 1000, 278 }, { 9000, 368 }, { 100000, 383 },
		{ 1000000, 384 }, { 1000000000, 384 },
	};
	/* clang-format on */
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(table); i++)
		if (ikm_sample_min(table[i].users) != table[i].n)
			fail_msg("%llu users: %llu, expected %llu",
			    (unsigned long long)table[i].users,
			    (unsigned long long)ikm_sample_min(table[i].users),
			    (unsigned long long)table[i].n);
	assert_true(ikm_sample_enough(44, 50));
	assert_false(ikm_sample_enough(43, 50));
	assert_true(ikm_sample_enough(384, 5000000));
	assert_false(ikm_sample_enough(1000, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixture_of_answers),
		cmocka_unit_test(grades_after_rounding),
		cmocka_unit_test(grade_bands),
		cmocka_unit_test(no_respondent_no_grade),
		cmocka_unit_test(unanswered_element_counts_zero),
		cmocka_unit_test(element_count_out_of_range),
		cmocka_unit_test(sample_minimum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
