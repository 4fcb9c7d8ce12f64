/*
 * test_score.c - scoring an assessment (docs/rulebook.md, "Scoring an
 * assessment") against totals computed by hand, for the three shipped
 * rulebooks and several unit types of each: knock-outs, every adjustment
 * with its limit, clamping at 0 and 100, rounding at the threshold, a
 * missing score, evidence not verified, and the choice of predicate in a
 * rulebook with several; and an indicator's final value from its assessors.
 * Each case carries its hand computation; the figures are the shown ones
 * (2 decimals).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "score_fixture.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SLACK 1e-9

struct score_case {
	const char *name;
	const char *rulebook; /* shipped rulebook code */
	const char *unit_type;
	struct assessment s;
	struct score_adjust_in adj;
	double criteria[5];             /* each criterion's score, shown */
	double base;                    /* weighted sum, shown */
	double points[RB_ADJ_KIND_MAX]; /* each of the rulebook's adjustments */
	double total;                   /* shown */
	bool is_clamped;
	bool is_complete;
	bool knockouts_met;
	bool passes;
	const char *predicate; /* its code, NULL for none */
	size_t missing_values;
	size_t missing_evidence;
};

static const struct score_case cases[] = {
	/*
	 * 2018, weights sarana 40, sdm 20, kepatuhan 40; threshold and the
	 * one predicate "p2ham" at 75; no adjustments, no knock-outs. A kanim
	 * has 13 sarana items, 1 sdm item, 4 kanim compliance items.
	 */
	{ "2018 kanim, everything present", "p2ham-2018", "kanim",
	    /* 100, 100, 100; (40×100 + 20×100 + 40×100)/100 = 100 */
	    .s = { 0 }, .criteria = { 100, 100, 100 }, .base = 100, .total = 100,
	    .is_complete = true, .knockouts_met = true, .passes = true, .predicate = "p2ham" },
	{ "2018 kanim, mixed answers; absent items need no evidence", "p2ham-2018", "kanim",
	    /* sarana: 6×1 + 5×0.5 + 2×0 = 8.5 of 13 → 65.3846 → 65.38;
	     * sdm: 100; kepatuhan: 1 + 0.5 + 0.5 + 1 = 3 of 4 → 75;
	     * total 0.4×65.3846 + 0.2×100 + 0.4×75 = 26.1538 + 20 + 30
	     * = 76.1538 → 76.15 ≥ 75. The two absent items (0) have no verified
	     * evidence and need none. */
	    .s = { .values = { { "maklumat_pelayanan", 0.5 }, { "sarana_pengaduan", 0.5 },
		       { "toilet_disabilitas", 0.5 }, { "guiding_block", 0.5 },
		       { "informasi_pelayanan", 0.5 }, { "ruang_laktasi", 0 },
		       { "ruang_bermain_anak", 0 }, { "kanim_paspor_baru", 0.5 },
		       { "kanim_penggantian_paspor", 0.5 } },
		.unverified = { "ruang_laktasi", "ruang_bermain_anak" } },
	    .criteria = { 65.38, 100, 75 }, .base = 76.15, .total = 76.15, .is_complete = true,
	    .knockouts_met = true, .passes = true, .predicate = "p2ham" },
	{ "2018 lapas, below the threshold", "p2ham-2018", "lapas",
	    /* sarana: 22 items (13 common + 9 prison), the 9 prison items 0.5:
	     * 13 + 4.5 = 17.5 of 22 → 79.5455 → 79.55; sdm: petugas_siaga 0 → 0;
	     * kepatuhan: 1 + 1 + 0.5 = 2.5 of 3 → 83.3333 → 83.33;
	     * total 0.4×79.5455 + 0 + 0.4×83.3333 = 31.8182 + 33.3333 = 65.1515
	     * → 65.15 < 75: fails, no predicate. */
	    .s = { .values = { LAPAS_ITEMS_HALF, { "petugas_siaga", 0 },
		       { "pas_informasi_hak_wbp", 0.5 } } },
	    .criteria = { 79.55, 0, 83.33 }, .base = 65.15, .total = 65.15,
	    .is_complete = true, .knockouts_met = true },
	{ "2018 kanim, 74.995 rounds up to the threshold", "p2ham-2018", "kanim",
	    /* sarana 100 → 40, sdm 100 → 20; kepatuhan 1 + 0.4995 + 0 + 0
	     * = 1.4995 of 4 → 37.4875 → 37.49, weighted 0.4×37.4875 = 14.995;
	     * total 74.995 → 75.00 (half away from zero) ≥ 75: passes. */
	    .s = { .values = { { "kanim_paspor_baru", 0.4995 }, { "kanim_penggantian_paspor", 0 },
		       { "kanim_perpanjangan_izin_tinggal", 0 } } },
	    .criteria = { 100, 100, 37.49 }, .base = 75, .total = 75, .is_complete = true,
	    .knockouts_met = true, .passes = true, .predicate = "p2ham" },
	{ "2018 kanim, 74.994 rounds down below the threshold", "p2ham-2018", "kanim",
	    /* as above with 0.4994: kepatuhan 1.4994/4 → 37.485 → 37.49,
	     * weighted 14.994; total 74.994 → 74.99 < 75: fails. */
	    .s = { .values = { { "kanim_paspor_baru", 0.4994 }, { "kanim_penggantian_paspor", 0 },
		       { "kanim_perpanjangan_izin_tinggal", 0 } } },
	    .criteria = { 100, 100, 37.49 }, .base = 74.99, .total = 74.99,
	    .is_complete = true, .knockouts_met = true },

	/*
	 * 2022, weights sarana 30, sdm 15, kepatuhan 20, inovasi 15,
	 * integritas 20; threshold and "p2ham" at 75; knock-out bebas_pungli;
	 * adjustments in this order: IKM A +2 B +1 C 0 D −2; WBK +2, WBBM +3;
	 * −1 per unresolved complaint, at most −5; −2 per Ombudsman finding,
	 * at most −6. A kanwil has 15 + 5 + 4 + 3 + 5 applicable indicators,
	 * a rutan 24 + 6 + 6 + 3 + 5.
	 */
	{ "2022 kanwil, every adjustment", "p2ham-2022", "kanwil",
	    /* sarana 13.5 of 15 → 90 → 27; sdm 4 of 5 → 80 → 12;
	     * kepatuhan 3.5 of 4 → 87.5 → 17.5; inovasi 2.5 of 3 → 83.33 → 12.5;
	     * integritas 100 → 20; sum 89. IKM A +2, WBK +2, 3 complaints −3,
	     * 1 finding −2: 89 + 2 + 2 − 3 − 2 = 88 ≥ 75, knock-out met. */
	    .s = { .values = { { "parkir_prioritas", 0.5 }, { "ruang_tunggu", 0.5 },
		       { "help_desk", 0.5 }, { "petugas_bahasa_isyarat", 0 },
		       { "tindak_lanjut_pengaduan", 0.5 }, { "inovasi_evaluasi", 0.5 } } },
	    .adj = { .ikm = IKM_GRADE_A,
		.zone_known = true,
		.has_wbk = true,
		.complaints_known = true,
		.complaints = 3,
		.findings_known = true,
		.findings = 1 },
	    .criteria = { 90, 80, 87.5, 83.33, 100 }, .base = 89,
	    .points = { 2, 2, -3, -2 }, .total = 88, .is_complete = true,
	    .knockouts_met = true, .passes = true, .predicate = "p2ham" },
	{ "2022 kanwil, knock-out not met", "p2ham-2022", "kanwil",
	    /* everything 1 but bebas_pungli 0: integritas 4 of 5 → 80 → 16;
	     * 30 + 15 + 20 + 15 + 16 = 96 ≥ 75, no adjustment data; fails on
	     * the knock-out. Its value 0 needs no evidence. */
	    .s = { .values = { { "bebas_pungli", 0 } }, .unverified = { "bebas_pungli" } },
	    .criteria = { 100, 100, 100, 100, 80 }, .base = 96, .total = 96,
	    .is_complete = true },
	{ "2022 rutan, WBK and WBBM count once, clamped at 100", "p2ham-2022", "rutan",
	    /* everything 1: 100; IKM A +2, both zones count once as WBBM +3:
	     * 105, kept at 100. */
	    .s = { 0 },
	    .adj = { .ikm = IKM_GRADE_A, .zone_known = true, .has_wbk = true, .has_wbbm = true },
	    .criteria = { 100, 100, 100, 100, 100 }, .base = 100, .points = { 2, 3 },
	    .total = 100, .is_clamped = true, .is_complete = true, .knockouts_met = true,
	    .passes = true, .predicate = "p2ham" },
	{ "2022 rutan, both counted limits", "p2ham-2022", "rutan",
	    /* sarana 16×1 + 8×0.5 = 20 of 24 → 83.33 → 25; sdm 100 → 15;
	     * kepatuhan 4 of 6 → 66.67 → 13.3333; inovasi 15; integritas 20;
	     * sum 88.3333 → 88.33. IKM unknown 0; WBK and WBBM +3; 7 complaints
	     * −7 limited to −5; 4 findings −8 limited to −6:
	     * 88.3333 + 3 − 5 − 6 = 80.3333 → 80.33. */
	    .s = { .values = { { "maklumat_pelayanan", 0.5 }, { "sarana_pengaduan", 0.5 },
		       { "toilet_disabilitas", 0.5 }, { "guiding_block", 0.5 },
		       { "informasi_pelayanan", 0.5 }, { "ruang_laktasi", 0.5 },
		       { "ruang_bermain_anak", 0.5 }, { "rambu_kelompok_rentan", 0.5 },
		       { "pas_penitipan_barang", 0 }, { "pas_informasi_hak_wbp", 0 } } },
	    .adj = { .zone_known = true,
		.has_wbk = true,
		.has_wbbm = true,
		.complaints_known = true,
		.complaints = 7,
		.findings_known = true,
		.findings = 4 },
	    .criteria = { 83.33, 100, 66.67, 100, 100 }, .base = 88.33,
	    .points = { 0, 3, -5, -6 }, .total = 80.33, .is_complete = true,
	    .knockouts_met = true, .passes = true, .predicate = "p2ham" },
	{ "2022 rutan, clamped at 0", "p2ham-2022", "rutan",
	    /* everything 0: 0; IKM D −2; zone known, no status 0; 10 complaints
	     * −10 limited to −5; 5 findings −10 limited to −6: −13, kept at 0.
	     * Fails (threshold, knock-out); zeros need no evidence. */
	    .s = { .all_absent = true, .unverified = { "ramp", "bebas_pungli" } },
	    .adj = { .ikm = IKM_GRADE_D,
		.zone_known = true,
		.complaints_known = true,
		.complaints = 10,
		.findings_known = true,
		.findings = 5 },
	    .points = { -2, 0, -5, -6 }, .is_clamped = true, .is_complete = true },
	{ "2022 kanwil, two indicators not scored", "p2ham-2022", "kanwil",
	    /* inovasi: only inovasi_kelompok_rentan scored, 0.5 → provisional 50
	     * → 7.5; 30 + 15 + 20 + 7.5 + 20 = 92.5, provisional: incomplete, no
	     * pass, no predicate. */
	    .s = { .values = { { "inovasi_kelompok_rentan", 0.5 },
		       { "layanan_daring", NOT_SCORED }, { "inovasi_evaluasi", NOT_SCORED } } },
	    .criteria = { 100, 100, 100, 50, 100 }, .base = 92.5, .total = 92.5,
	    .knockouts_met = true, .missing_values = 2 },
	{ "2022 kanwil, evidence not verified", "p2ham-2022", "kanwil",
	    /* everything 1: 100, but the evidence of two present items is not
	     * verified: fails. */
	    .s = { .unverified = { "ramp", "pakta_integritas" } },
	    .criteria = { 100, 100, 100, 100, 100 }, .base = 100, .total = 100,
	    .is_complete = true, .knockouts_met = true, .missing_evidence = 2 },

	/*
	 * 2023-pemda, weights aksesibilitas 40, sarana_prasarana 30, sdm 30;
	 * threshold and "p2ham" at 75; adjustments IKM (as 2022) and −1 per
	 * unresolved complaint, at most −5. An opd has 8 + 8 + 4 applicable
	 * indicators, a wisata 11 + 12 + 6.
	 */
	{ "2023 opd, the IKM grade lifts it over the threshold", "p2ham-2023-pemda", "opd",
	    /* aksesibilitas 6×1 + 2×0.5 = 7 of 8 → 87.5 → 35;
	     * sarana_prasarana 5×1 + 0.5 + 2×0 = 5.5 of 8 → 68.75 → 20.625;
	     * sdm 1 + 0 + 0.5 + 1 = 2.5 of 4 → 62.5 → 18.75;
	     * sum 74.375 → 74.38; IKM B +1, 0 complaints 0: 75.375 → 75.38. */
	    .s = { .values = { { "informasi_aksesibel", 0.5 }, { "alat_bantu", 0.5 },
		       { "ruang_laktasi", 0.5 }, { "ruang_bermain_anak", 0 },
		       { "ruang_tunggu", 0 }, { "petugas_terlatih_ham", 0 },
		       { "petugas_bahasa_isyarat", 0.5 } },
		.unverified = { "ruang_bermain_anak", "ruang_tunggu", "petugas_terlatih_ham" } },
	    .adj = { .ikm = IKM_GRADE_B, .complaints_known = true, .complaints = 0 },
	    .criteria = { 87.5, 68.75, 62.5 }, .base = 74.38, .points = { 1, 0 },
	    .total = 75.38, .is_complete = true, .knockouts_met = true, .passes = true,
	    .predicate = "p2ham" },
	{ "2023 opd, the same without IKM data", "p2ham-2023-pemda", "opd",
	    /* 74.375 → 74.38, no adjustment data: below 75. */
	    .s = { .values = { { "informasi_aksesibel", 0.5 }, { "alat_bantu", 0.5 },
		       { "ruang_laktasi", 0.5 }, { "ruang_bermain_anak", 0 },
		       { "ruang_tunggu", 0 }, { "petugas_terlatih_ham", 0 },
		       { "petugas_bahasa_isyarat", 0.5 } } },
	    .criteria = { 87.5, 68.75, 62.5 }, .base = 74.38, .total = 74.38,
	    .is_complete = true, .knockouts_met = true },
	{ "2023 wisata, tourism items", "p2ham-2023-pemda", "wisata",
	    /* aksesibilitas 8 + 3×0.5 = 9.5 of 11 → 86.3636 → 86.36, weighted
	     * 34.5455; sarana_prasarana 10 + 0.5 + 0 = 10.5 of 12 → 87.5 → 26.25;
	     * sdm 5.5 of 6 → 91.6667 → 91.67, weighted 27.5; sum 88.2955 → 88.30;
	     * IKM C 0, 2 complaints −2: 86.2955 → 86.30. */
	    .s = { .values = { { "wisata_jalur_aksesibel", 0.5 },
		       { "wisata_informasi_multibahasa", 0.5 },
		       { "wisata_tempat_istirahat", 0.5 }, { "wisata_tarif_resmi", 0 },
		       { "wisata_jalur_evakuasi", 0.5 }, { "wisata_pemandu_terlatih", 0.5 } } },
	    .adj = { .ikm = IKM_GRADE_C, .complaints_known = true, .complaints = 2 },
	    .criteria = { 86.36, 87.5, 91.67 }, .base = 88.3, .points = { 0, -2 },
	    .total = 86.3, .is_complete = true, .knockouts_met = true, .passes = true,
	    .predicate = "p2ham" },
	{ "2023 wisata, complaints at their limit", "p2ham-2023-pemda", "wisata",
	    /* everything 1: 100; IKM D −2; 9 complaints −9 limited to −5: 93. */
	    .s = { 0 }, .adj = { .ikm = IKM_GRADE_D, .complaints_known = true, .complaints = 9 },
	    .criteria = { 100, 100, 100 }, .base = 100, .points = { -2, -5 }, .total = 93,
	    .is_complete = true, .knockouts_met = true, .passes = true, .predicate = "p2ham" },
};

static void
check_case(const struct score_case *c)
{
	struct score_indicator_in *in;
	struct score_result r;
	struct rulebook *rb;
	struct arena a;
	size_t n, i;

	arena_init(&a, 0);
	rb = shipped(c->rulebook, &a);
	in = assessment_input(rb, &c->s, &a, &n);
	if (score_compute(rb, c->unit_type, in, n, &c->adj, &a, &r) != 0)
		fail_msg("%s: score_compute failed", c->name);
	for (i = 0; i < r.criterion_count; i++)
		if (fabs(r.criteria[i].score_shown - c->criteria[i]) > SLACK)
			fail_msg("%s: criterion %s is %.4f, not %.2f", c->name,
			    r.criteria[i].criterion->code, r.criteria[i].score,
			    c->criteria[i]);
	if (fabs(r.base_shown - c->base) > SLACK)
		fail_msg("%s: weighted sum %.4f, not %.2f", c->name, r.base, c->base);
	for (i = 0; i < r.adjustment_count; i++)
		if (fabs(r.adjustments[i].points - c->points[i]) > SLACK)
			fail_msg("%s: adjustment %s gives %g, not %g", c->name,
			    rulebook_adjustment_code(r.adjustments[i].rule->kind),
			    r.adjustments[i].points, c->points[i]);
	if (fabs(r.total_shown - c->total) > SLACK)
		fail_msg("%s: total %.4f, not %.2f", c->name, r.total, c->total);
	if (r.is_clamped != c->is_clamped || r.is_complete != c->is_complete ||
	    r.knockouts_met != c->knockouts_met || r.passes != c->passes)
		fail_msg("%s: clamped %d complete %d knock-outs met %d passes %d",
		    c->name, r.is_clamped, r.is_complete, r.knockouts_met, r.passes);
	if ((r.predicate == NULL) != (c->predicate == NULL) ||
	    (r.predicate != NULL && strcmp(r.predicate->code, c->predicate) != 0))
		fail_msg("%s: predicate %s, not %s", c->name,
		    r.predicate ? r.predicate->code : "none",
		    c->predicate ? c->predicate : "none");
	if (r.missing_values != c->missing_values || r.missing_evidence != c->missing_evidence ||
	    r.missing_count != c->missing_values + c->missing_evidence)
		fail_msg("%s: missing %zu values, %zu evidence", c->name,
		    r.missing_values, r.missing_evidence);
	arena_free(&a);
}

static void
test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		check_case(&cases[i]);
}

/* What the result says beside the figures: which knock-out, which indicator
 * is missing what, and the facts each adjustment rests on. */
static void
test_details(void **state)
{
	static const struct assessment s = { .values = { { "bebas_pungli", 0.5 },
						 { "ramp", NOT_SCORED },
						 { "layanan_daring", 0.75 } },
		.unverified = { "ramp", "layanan_daring", "informasi_biaya" } };
	static const struct score_adjust_in adj = { .zone_known = true,
		.has_wbk = true,
		.complaints_known = true,
		.complaints = 5,
		.findings_known = true,
		.findings = 4 };
	struct score_indicator_in *in;
	struct score_result r;
	struct rulebook *rb;
	struct arena a;
	size_t n;

	(void)state;
	arena_init(&a, 0);
	rb = shipped("p2ham-2022", &a);
	in = assessment_input(rb, &s, &a, &n);
	assert_int_equal(score_compute(rb, "lapas", in, n, &adj, &a, &r), 0);
	assert_int_equal(r.knockout_count, 1);
	assert_string_equal(r.knockouts[0].indicator->code, "bebas_pungli");
	assert_true(r.knockouts[0].scored);
	assert_false(r.knockouts[0].is_met);
	assert_true(r.knockouts[0].value == 0.5);
	/* In rulebook order: ramp (sarana) has no value; layanan_daring
	 * (inovasi) and informasi_biaya (integritas) lack evidence. */
	assert_int_equal(r.missing_count, 3);
	assert_int_equal(r.missing[0].kind, SCORE_MISSING_VALUE);
	assert_string_equal(r.missing[0].indicator->code, "ramp");
	assert_int_equal(r.missing[0].index, score_indicator_index(rb, "ramp"));
	assert_int_equal(r.missing[1].kind, SCORE_MISSING_EVIDENCE);
	assert_string_equal(r.missing[1].indicator->code, "layanan_daring");
	assert_string_equal(r.missing[2].indicator->code, "informasi_biaya");
	/* IKM unknown: no data; WBK alone is outcome 0; 5 complaints reach the
	 * limit exactly, not beyond it; 4 findings are cut from −8 to −6. */
	assert_int_equal(r.adjustment_count, 4);
	assert_false(r.adjustments[0].has_data);
	assert_true(r.adjustments[1].has_data);
	assert_int_equal(r.adjustments[1].outcome, 0);
	assert_false(r.adjustments[1].has_both_zones);
	assert_int_equal(r.adjustments[2].count, 5);
	assert_false(r.adjustments[2].is_limited);
	assert_true(r.adjustments[2].points == -5);
	assert_true(r.adjustments[3].raw == -8 && r.adjustments[3].is_limited);
	assert_true(r.adjustments[3].points == -6);
	assert_true(r.adjust_sum == 2 - 5 - 6);
	assert_false(r.passes);
	assert_null(r.predicate);
	arena_free(&a);
}

struct ladder_case {
	const char *name;
	double v[3];  /* i1, i2, i3 */
	double total; /* shown */
	bool passes;
	const char *predicate;
};

static const struct ladder_case ladder_cases[] = {
	/* 25 × 0.4 + 50 × 0.7 = 10 + 35 = 45 < 50 */
	{ "below the threshold", { 0.4, 0, 0.7 }, 45, false, NULL },
	/* 25 × 1.2 + 50 × 0.5 = 30 + 25 = 55: passes, below every predicate */
	{ "passing below every predicate", { 1, 0.2, 0.5 }, 55, true, NULL },
	/* 25 × 1.4 + 50 × 0.5 = 35 + 25 = 60: the lowest predicate exactly */
	{ "lowest predicate exactly", { 1, 0.4, 0.5 }, 60, true, "cukup" },
	/* 25 × 1.19984 + 50 = 29.996 + 50 = 79.996 → 80.00: "baik" */
	{ "rounding reaches the next predicate", { 1, 0.19984, 1 }, 80, true, "baik" },
	/* 25 × 1.1996 + 50 = 79.99: still "cukup" */
	{ "just below the next predicate", { 1, 0.1996, 1 }, 79.99, true, "cukup" },
	/* 25 × 1.8 + 50 = 95: the highest */
	{ "highest predicate", { 1, 0.8, 1 }, 95, true, "istimewa" },
	{ "everything present", { 1, 1, 1 }, 100, true, "istimewa" },
};

static void
test_predicate_choice(void **state)
{
	struct score_indicator_in in[3];
	struct score_result r;
	struct rulebook *rb;
	struct arena a;
	size_t i, j;

	(void)state;
	arena_init(&a, 0);
	rb = rulebook_from_text("ladder", ladder, sizeof(ladder) - 1, &a);
	assert_int_equal(score_indicator_total(rb), 3);
	for (i = 0; i < COUNT(ladder_cases); i++) {
		const struct ladder_case *c = &ladder_cases[i];

		for (j = 0; j < 3; j++)
			in[j] = (struct score_indicator_in){ true, c->v[j], false };
		if (score_compute(rb, "opd", in, 3, NULL, &a, &r) != 0)
			fail_msg("%s: score_compute failed", c->name);
		if (fabs(r.total_shown - c->total) > SLACK || r.passes != c->passes)
			fail_msg("%s: total %.4f passes %d", c->name, r.total, r.passes);
		if ((r.predicate == NULL) != (c->predicate == NULL) ||
		    (r.predicate != NULL && strcmp(r.predicate->code, c->predicate) != 0))
			fail_msg("%s: predicate %s", c->name,
			    r.predicate ? r.predicate->code : "none");
	}
	arena_free(&a);
}

/* Input score_compute refuses rather than scoring. */
static void
test_refused(void **state)
{
	struct score_indicator_in *in;
	static const struct assessment s = { 0 };
	struct score_result r;
	struct rulebook *rb;
	struct arena a;
	size_t n, k;

	(void)state;
	arena_init(&a, 0);
	rb = shipped("p2ham-2018", &a);
	in = assessment_input(rb, &s, &a, &n);
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), 0);
	assert_int_equal(score_compute(rb, "kanim", in, n - 1, NULL, &a, &r), -1);
	assert_int_equal(score_compute(rb, "opd", in, n, NULL, &a, &r), -1);
	assert_int_equal(score_compute(rb, "kapal", in, n, NULL, &a, &r), -1);
	k = score_indicator_index(rb, "ramp");
	in[k].value = 1.5;
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), -1);
	in[k].value = NAN;
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), -1);
	in[k].value = -0.1;
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), -1);
	in[k].scored = false; /* an unscored entry's value is not looked at */
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), 0);
	/* An indicator that does not apply is ignored, even unscored. */
	in[k].scored = true;
	in[k].value = 1;
	in[score_indicator_index(rb, "wbp_ramp")].scored = false;
	assert_int_equal(score_compute(rb, "kanim", in, n, NULL, &a, &r), 0);
	assert_true(r.is_complete && r.passes);
	arena_free(&a);
}

static void
test_flat_index(void **state)
{
	const struct rb_criterion *cr;
	struct rulebook *rb;
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	rb = shipped("p2ham-2023-pemda", &a);
	assert_int_equal(score_indicator_total(rb), 29);
	assert_int_equal(score_indicator_index(rb, "ramp"), 0);
	assert_int_equal(score_indicator_index(rb, "maklumat_pelayanan"), 11);
	assert_int_equal(score_indicator_index(rb, "wisata_petugas_keselamatan"), 28);
	assert_int_equal(score_indicator_index(rb, "bebas_pungli"), SCORE_NO_INDEX);
	assert_string_equal(score_indicator_at(rb, 11, &cr)->code, "maklumat_pelayanan");
	assert_string_equal(cr->code, "sarana_prasarana");
	assert_string_equal(score_indicator_at(rb, 28, NULL)->code,
	    "wisata_petugas_keselamatan");
	assert_null(score_indicator_at(rb, 29, &cr));
	arena_free(&a);
}

static void
test_round2(void **state)
{
	(void)state;
	assert_true(score_round2(74.995) == 75.0); /* binary 74.99499999... */
	assert_true(score_round2(74.994) == 74.99);
	assert_true(score_round2(66.665) == 66.67);
	assert_true(score_round2(66.6649) == 66.66);
	/* 1.005 × 100 and 0.285 × 100 land just below the half in binary */
	assert_true(score_round2(1.005) == 1.01);
	assert_true(score_round2(0.285) == 0.29);
	assert_true(score_round2(0.125) == 0.13);
	assert_true(score_round2(-0.125) == -0.13); /* away from zero */
	assert_true(score_round2(100) == 100);
	assert_true(score_round2(0) == 0);
}

/* One indicator's final value from its assessors and the plenary. */
static void
test_indicator_final(void **state)
{
	static const double three[] = { 1, 0.5, 0.5 }, apart[] = { 0, 1, 0.5 };
	static const double bad[] = { 1, 1.5 };
	double v = -1;

	(void)state;
	/* (1 + 0.5 + 0.5) / 3 = 0.6667 */
	assert_int_equal(score_indicator_final(three, 3, false, 0, &v), 0);
	assert_true(fabs(v - 2.0 / 3) < 1e-12);
	/* the plenary's value wins, even 0 */
	assert_int_equal(score_indicator_final(three, 3, true, 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(score_indicator_final(NULL, 0, true, 1, &v), 0);
	assert_true(v == 1);
	/* nothing to go on, or a value outside 0..1 */
	assert_int_equal(score_indicator_final(NULL, 0, false, 0, &v), -1);
	assert_int_equal(score_indicator_final(bad, 2, false, 0, &v), -1);
	assert_int_equal(score_indicator_final(three, 3, true, 2, &v), -1);
	/* disagreement: max − min */
	assert_true(score_disagreement(three, 3) == 0.5);
	assert_true(score_disagreement(apart, 3) == 1);
	assert_true(score_disagreement(three, 1) == 0);
	assert_true(score_disagreement(NULL, 0) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_predicate_choice),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_flat_index),
		cmocka_unit_test(test_round2),
		cmocka_unit_test(test_indicator_final),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
