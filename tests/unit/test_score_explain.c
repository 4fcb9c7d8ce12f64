/*
 * test_score_explain.c - an assessment's score explained in sentences
 * (score_explain) in Bahasa Indonesia and English: each criterion from its
 * indicators' values and weight, every adjustment with its source or "no
 * data", the total, clamping, knock-outs, what is missing, the threshold,
 * and the predicate or why there is none, each with the numbers the
 * result shows in the language's notation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "score_fixture.h"

/* The explanation of an assessment in both languages. */
struct explained {
	struct arena a;
	struct score_result r;
	const char **s[RULEBOOK_LANG_MAX];
};

static void
explain(struct explained *x, const struct rulebook *rb, const char *unit_type,
    const struct score_indicator_in *in, size_t n, const struct score_adjust_in *adj)
{
	assert_int_equal(score_compute(rb, unit_type, in, n, adj, &x->a, &x->r), 0);
	x->s[RULEBOOK_LANG_ID] = score_explain(&x->r, rb, RULEBOOK_LANG_ID, &x->a);
	x->s[RULEBOOK_LANG_EN] = score_explain(&x->r, rb, RULEBOOK_LANG_EN, &x->a);
	assert_non_null(x->s[RULEBOOK_LANG_ID]);
	assert_non_null(x->s[RULEBOOK_LANG_EN]);
}

/* Explain assessment s of the shipped rulebook code in both languages. */
static void
explain_shipped(struct explained *x, const char *code, const char *unit_type,
    const struct assessment *s, const struct score_adjust_in *adj)
{
	struct score_indicator_in *in;
	struct rulebook *rb;
	size_t n;

	arena_init(&x->a, 0);
	rb = shipped(code, &x->a);
	in = assessment_input(rb, s, &x->a, &n);
	explain(x, rb, unit_type, in, n, adj);
}

/* The sentence of s that is exactly want, or the one containing part. */
static void
has_sentence(const char **s, const char *want, bool exact)
{
	size_t i;

	for (i = 0; s[i] != NULL; i++)
		if (exact ? strcmp(s[i], want) == 0 : strstr(s[i], want) != NULL)
			return;
	for (i = 0; s[i] != NULL; i++)
		print_message("  %s\n", s[i]);
	fail_msg("no sentence %s \"%s\"", exact ? "is" : "contains", want);
}

#define HAS(s, want) has_sentence((s), (want), true)
#define CONTAINS(s, part) has_sentence((s), (part), false)

static void
test_passing_opd(void **state)
{
	/* The 2023 opd case of test_score.c: 74.375 → 74.38, IKM B +1. */
	static const struct assessment s = {
		.values = { { "informasi_aksesibel", 0.5 }, { "alat_bantu", 0.5 },
		    { "ruang_laktasi", 0.5 }, { "ruang_bermain_anak", 0 }, { "ruang_tunggu", 0 },
		    { "petugas_terlatih_ham", 0 }, { "petugas_bahasa_isyarat", 0.5 } }
	};
	static const struct score_adjust_in adj = { .ikm = IKM_GRADE_B,
		.complaints_known = true,
		.complaints = 0 };
	struct explained x;
	const char **id, **en;

	(void)state;
	explain_shipped(&x, "p2ham-2023-pemda", "opd", &s, &adj);
	id = x.s[RULEBOOK_LANG_ID];
	en = x.s[RULEBOOK_LANG_EN];
	HAS(id,
	    "Kriteria \u201cAksesibilitas\u201d: rata-rata 8 indikator (6 bernilai 1, "
	    "2 bernilai 0,5) \u00d7 100 = 87,5; 87,5 \u00d7 bobot 40 / 100 = 35.");
	HAS(id,
	    "Kriteria \u201cSarana dan prasarana\u201d: rata-rata 8 indikator "
	    "(5 bernilai 1, 1 bernilai 0,5, 2 bernilai 0) \u00d7 100 = 68,75; "
	    "68,75 \u00d7 bobot 30 / 100 = 20,63.");
	HAS(id, "Jumlah nilai kriteria yang dibobot = 35 + 20,63 + 18,75 = 74,38.");
	HAS(id, "Penyesuaian mutu IKM: mutu B, +1.");
	HAS(id,
	    "Penyesuaian pengaduan masyarakat yang belum diselesaikan: "
	    "0 \u00d7 \u22121 = 0.");
	HAS(id, "Nilai total = 74,38 + 1 + 0 = 75,38.");
	HAS(id, "Nilai total 75,38 mencapai ambang kelulusan 75.");
	HAS(id,
	    "Unit lulus dan memperoleh predikat \u201cUnit Kerja P2HAM\u201d "
	    "(mulai nilai total 75).");
	HAS(en,
	    "Criterion \u201cStaff\u201d: mean of 4 indicators (2 with value 1, "
	    "1 with value 0.5, 1 with value 0) \u00d7 100 = 62.5; 62.5 \u00d7 weight "
	    "30 / 100 = 18.75.");
	HAS(en, "Weighted sum of the criterion scores = 35 + 20.63 + 18.75 = 74.38.");
	HAS(en, "IKM grade adjustment: grade B, +1.");
	HAS(en, "Total = 74.38 + 1 + 0 = 75.38.");
	HAS(en, "The total 75.38 reaches the pass threshold 75.");
	HAS(en,
	    "The unit passes and receives the predicate \u201cP2HAM Work Unit\u201d "
	    "(from a total of 75).");
	arena_free(&x.a);
}

static void
test_failing_rutan(void **state)
{
	/* 2022 rutan: inovasi 2 of 3 scored; bebas_pungli 0; ramp's evidence
	 * not verified; both zones; 7 complaints; 1 finding.
	 * 30 + 15 + 20 + 15 + 16 = 96; 96 + 3 − 5 − 2 = 92, provisional. */
	static const struct assessment s = { .values = { { "bebas_pungli", 0 },
						 { "layanan_daring", NOT_SCORED } },
		.unverified = { "ramp" } };
	static const struct score_adjust_in adj = { .zone_known = true,
		.has_wbk = true,
		.has_wbbm = true,
		.complaints_known = true,
		.complaints = 7,
		.findings_known = true,
		.findings = 1 };
	struct explained x;
	const char **id, **en;

	(void)state;
	explain_shipped(&x, "p2ham-2022", "rutan", &s, &adj);
	id = x.s[RULEBOOK_LANG_ID];
	en = x.s[RULEBOOK_LANG_EN];
	HAS(id,
	    "Kriteria \u201cInovasi pelayanan publik\u201d: baru 2 dari 3 indikator "
	    "dinilai (2 bernilai 1), rata-rata sementara \u00d7 100 = 100; 100 \u00d7 "
	    "bobot 15 / 100 = 15 (sementara).");
	HAS(id,
	    "Jumlah nilai kriteria yang dibobot = 30 + 15 + 20 + 15 + 16 = 96 "
	    "(sementara).");
	HAS(id, "Penyesuaian mutu IKM: tidak ada data, tidak diterapkan.");
	HAS(id,
	    "Penyesuaian zona integritas: memegang WBK dan WBBM, dihitung sekali "
	    "sebagai WBBM, +3.");
	HAS(id,
	    "Penyesuaian pengaduan masyarakat yang belum diselesaikan: "
	    "7 \u00d7 \u22121 = \u22127, dibatasi \u22125.");
	HAS(id, "Penyesuaian temuan Ombudsman: 1 \u00d7 \u22122 = \u22122.");
	HAS(id, "Nilai total = 96 + 3 \u2212 5 \u2212 2 = 92 (sementara).");
	CONTAINS(id, "\u201d: tidak terpenuhi (nilai 0, harus 1).");
	HAS(id,
	    "Belum dinilai (1): \u201cLayanan informasi dan pengaduan secara "
	    "daring\u201d.");
	HAS(id,
	    "Data dukung belum diverifikasi (1): \u201cJalur landai (ramp) dengan "
	    "pegangan tangan\u201d.");
	HAS(id,
	    "Unit tidak lulus dan tidak memperoleh predikat: penilaian belum "
	    "lengkap; ada indikator gugur yang tidak terpenuhi; ada data dukung yang "
	    "belum diverifikasi.");
	HAS(en,
	    "Criterion \u201cPublic service innovation\u201d: only 2 of 3 indicators "
	    "scored (2 with value 1), provisional mean \u00d7 100 = 100; 100 \u00d7 "
	    "weight 15 / 100 = 15 (provisional).");
	HAS(en, "IKM grade adjustment: no data, not applied.");
	HAS(en,
	    "Integrity-zone adjustment: holds both WBK and WBBM, counted once as "
	    "WBBM, +3.");
	HAS(en,
	    "Unresolved public complaints adjustment: 7 \u00d7 \u22121 = \u22127, "
	    "limited to \u22125.");
	HAS(en, "Total = 96 + 3 \u2212 5 \u2212 2 = 92 (provisional).");
	CONTAINS(en, "\u201d: not met (value 0, must be 1).");
	HAS(en,
	    "Not scored yet (1): \u201cOnline information and complaint "
	    "services\u201d.");
	HAS(en, "Evidence not verified yet (1): \u201cRamp with handrails\u201d.");
	HAS(en,
	    "The assessment is incomplete: the figures above are provisional and "
	    "no total is final.");
	HAS(en,
	    "The unit does not pass and receives no predicate: the assessment is "
	    "incomplete; a knock-out indicator is not met; required evidence is not "
	    "verified.");
	arena_free(&x.a);
}

static void
test_below_threshold_and_clamped(void **state)
{
	/* 2018 lapas of test_score.c: 65.15, no adjustments in 2018. */
	static const struct assessment lapas = { .values = { LAPAS_ITEMS_HALF,
						     { "petugas_siaga", 0 },
						     { "pas_informasi_hak_wbp", 0.5 } } };
	/* 2022 rutan, everything 0: IKM D −2, no zone status 0, 10 complaints
	 * −5, 5 findings −6: −13, kept at 0; and everything 1 with IKM A and
	 * WBBM: 105, kept at 100. */
	static const struct assessment none = { .all_absent = true }, all = { 0 };
	static const struct score_adjust_in low = { .ikm = IKM_GRADE_D,
		.zone_known = true,
		.complaints_known = true,
		.complaints = 10,
		.findings_known = true,
		.findings = 5 };
	static const struct score_adjust_in high = { .ikm = IKM_GRADE_A,
		.zone_known = true,
		.has_wbbm = true };
	struct explained x;

	(void)state;
	explain_shipped(&x, "p2ham-2018", "lapas", &lapas, NULL);
	HAS(x.s[RULEBOOK_LANG_ID], "Nilai total = 31,82 + 0 + 33,33 = 65,15.");
	HAS(x.s[RULEBOOK_LANG_ID], "Nilai total 65,15 belum mencapai ambang kelulusan 75.");
	HAS(x.s[RULEBOOK_LANG_ID],
	    "Unit tidak lulus dan tidak memperoleh predikat: "
	    "nilai total di bawah ambang kelulusan.");
	HAS(x.s[RULEBOOK_LANG_EN], "Total = 31.82 + 0 + 33.33 = 65.15.");
	HAS(x.s[RULEBOOK_LANG_EN], "The total 65.15 is below the pass threshold 75.");
	arena_free(&x.a);

	explain_shipped(&x, "p2ham-2022", "rutan", &none, &low);
	HAS(x.s[RULEBOOK_LANG_ID],
	    "Penyesuaian zona integritas: tanpa status WBK atau "
	    "WBBM, 0.");
	HAS(x.s[RULEBOOK_LANG_ID],
	    "Nilai total = 0 \u2212 2 + 0 \u2212 5 \u2212 6 = "
	    "\u221213, dibatasi menjadi 0.");
	HAS(x.s[RULEBOOK_LANG_EN],
	    "Total = 0 \u2212 2 + 0 \u2212 5 \u2212 6 = \u221213, "
	    "kept at 0.");
	CONTAINS(x.s[RULEBOOK_LANG_EN], "\u201d: not met (value 0, must be 1).");
	arena_free(&x.a);

	explain_shipped(&x, "p2ham-2022", "rutan", &all, &high);
	HAS(x.s[RULEBOOK_LANG_ID], "Penyesuaian zona integritas: WBBM, +3.");
	HAS(x.s[RULEBOOK_LANG_ID], "Nilai total = 100 + 2 + 3 = 105, dibatasi menjadi 100.");
	CONTAINS(x.s[RULEBOOK_LANG_ID], "\u201d: terpenuhi (nilai 1).");
	HAS(x.s[RULEBOOK_LANG_EN], "Total = 100 + 2 + 3 = 105, kept at 100.");
	HAS(x.s[RULEBOOK_LANG_EN], "Integrity-zone adjustment: WBBM, +3.");
	arena_free(&x.a);
}

static void
test_no_predicate_and_nothing_scored(void **state)
{
	/* The ladder: 25 × (1 + 0.2) + 50 × 0.5 = 55 ≥ 50, below "cukup" 60. */
	struct score_indicator_in in[3] = { { true, 1, false }, { true, 0.2, false },
		{ true, 0.5, false } };
	struct explained x;
	struct rulebook *rb;

	(void)state;
	arena_init(&x.a, 0);
	rb = rulebook_from_text("ladder", ladder, sizeof(ladder) - 1, &x.a);
	explain(&x, rb, "opd", in, 3, NULL);
	HAS(x.s[RULEBOOK_LANG_ID], "Nilai total = 30 + 25 = 55.");
	HAS(x.s[RULEBOOK_LANG_ID],
	    "Unit lulus, tetapi nilai totalnya 55 di bawah "
	    "predikat terendah \u201cCukup\u201d (mulai 60), sehingga tidak memperoleh "
	    "predikat.");
	HAS(x.s[RULEBOOK_LANG_EN],
	    "The unit passes, but its total 55 is below the "
	    "lowest predicate \u201cFair\u201d (from 60), so it receives no predicate.");
	/* Nothing of criterion B scored: it counts as 0 for now. */
	in[2].scored = false;
	explain(&x, rb, "opd", in, 3, NULL);
	HAS(x.s[RULEBOOK_LANG_ID],
	    "Kriteria \u201cKriteria B\u201d: belum ada dari 1 "
	    "indikator yang dinilai; sementara dihitung 0.");
	HAS(x.s[RULEBOOK_LANG_EN],
	    "Criterion \u201cCriterion B\u201d: none of its 1 "
	    "indicator scored yet; counted as 0 for now.");
	HAS(x.s[RULEBOOK_LANG_EN], "Total = 30 + 0 = 30 (provisional).");
	HAS(x.s[RULEBOOK_LANG_EN], "Not scored yet (1): \u201cThree\u201d.");
	arena_free(&x.a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passing_opd),
		cmocka_unit_test(test_failing_rutan),
		cmocka_unit_test(test_below_threshold_and_clamped),
		cmocka_unit_test(test_no_predicate_and_nothing_scored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
