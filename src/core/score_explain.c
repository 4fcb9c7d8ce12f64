/*
 * score_explain.c - an assessment's score in sentences a unit head can
 * redo by hand: each criterion from its indicators' values and its weight,
 * the weighted sum, each adjustment with the fact it rests on (or that
 * there is no data), the total, the knock-outs, what is missing, the
 * threshold and the predicate or why there is none. Numbers are those the
 * result shows (rounded to 2 decimals) in the language's notation.
 */
#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "core/score.h"

/* The sentences and their parts, in both languages (struct rb_text). */
static const struct rb_text w_crit = { { "Kriteria \u201c", "Criterion \u201c" } };
static const struct rb_text w_mean_of = { { "\u201d: rata-rata ", "\u201d: mean of " } };
static const struct rb_text w_only = { { "\u201d: baru ", "\u201d: only " } };
static const struct rb_text w_of = { { " dari ", " of " } };
static const struct rb_text w_scored_open = { { " dinilai (", " scored (" } };
static const struct rb_text w_none_of = { { "\u201d: belum ada dari ", "\u201d: none of its " } };
static const struct rb_text w_none_end = { { " yang dinilai; sementara dihitung 0.",
    " scored yet; counted as 0 for now." } };
static const struct rb_text w_valued = { { " bernilai ", " with value " } };
static const struct rb_text w_crit_mean = { { ") \u00d7 100 = ", ") \u00d7 100 = " } };
static const struct rb_text w_crit_mean_part = { { "), rata-rata sementara \u00d7 100 = ",
    "), provisional mean \u00d7 100 = " } };
static const struct rb_text w_weight = { { " \u00d7 bobot ", " \u00d7 weight " } };
static const struct rb_text w_sum = { { "Jumlah nilai kriteria yang dibobot = ",
    "Weighted sum of the criterion scores = " } };
static const struct rb_text w_total = { { "Nilai total = ", "Total = " } };
static const struct rb_text w_provisional = { { " (sementara)", " (provisional)" } };
static const struct rb_text w_clamped = { { ", dibatasi menjadi ", ", kept at " } };
static const struct rb_text w_adj_title[RB_ADJ_KIND_MAX] = {
	[RB_ADJ_IKM_GRADE] = { { "Penyesuaian mutu IKM: ", "IKM grade adjustment: " } },
	[RB_ADJ_INTEGRITY_ZONE] = { { "Penyesuaian zona integritas: ",
	    "Integrity-zone adjustment: " } },
	[RB_ADJ_UNRESOLVED_COMPLAINTS] = { { "Penyesuaian pengaduan masyarakat yang "
					     "belum diselesaikan: ",
	    "Unresolved public complaints adjustment: " } },
	[RB_ADJ_OMBUDSMAN_FINDING] = { { "Penyesuaian temuan Ombudsman: ",
	    "Ombudsman findings adjustment: " } },
};
static const struct rb_text w_no_data = { { "tidak ada data, tidak diterapkan.",
    "no data, not applied." } };
static const struct rb_text w_grade = { { "mutu ", "grade " } };
static const struct rb_text w_zone_none = { { "tanpa status WBK atau WBBM",
    "no WBK or WBBM status" } };
static const struct rb_text w_zone_both = {
	{ "memegang WBK dan WBBM, dihitung sekali sebagai WBBM",
	    "holds both WBK and WBBM, counted once as WBBM" }
};
static const struct rb_text w_limited = { { ", dibatasi ", ", limited to " } };
static const struct rb_text w_ko = { { "Indikator gugur \u201c", "Knock-out indicator \u201c" } };
static const struct rb_text w_ko_met = { { "\u201d: terpenuhi (nilai 1).",
    "\u201d: met (value 1)." } };
static const struct rb_text w_ko_not = { { "\u201d: tidak terpenuhi (nilai ",
    "\u201d: not met (value " } };
static const struct rb_text w_ko_must = { { ", harus 1).", ", must be 1)." } };
static const struct rb_text w_ko_unscored = { { "\u201d: belum dinilai.",
    "\u201d: not scored yet." } };
static const struct rb_text w_miss[SCORE_MISSING_KIND_MAX] = {
	[SCORE_MISSING_VALUE] = { { "Belum dinilai (", "Not scored yet (" } },
	[SCORE_MISSING_EVIDENCE] = { { "Data dukung belum diverifikasi (",
	    "Evidence not verified yet (" } },
};
static const struct rb_text w_the_total = { { "Nilai total ", "The total " } };
static const struct rb_text w_reach = { { " mencapai ambang kelulusan ",
    " reaches the pass threshold " } };
static const struct rb_text w_below = { { " belum mencapai ambang kelulusan ",
    " is below the pass threshold " } };
static const struct rb_text w_incomplete = {
	{ "Penilaian belum lengkap: angka di atas bersifat sementara dan belum ada "
	  "nilai total akhir.",
	    "The assessment is incomplete: the figures above are provisional and no "
	    "total is final." }
};
static const struct rb_text w_predicate = { { "Unit lulus dan memperoleh predikat \u201c",
    "The unit passes and receives the predicate \u201c" } };
static const struct rb_text w_predicate_from = { { "\u201d (mulai nilai total ",
    "\u201d (from a total of " } };
static const struct rb_text w_no_predicate = { { "Unit lulus, tetapi nilai totalnya ",
    "The unit passes, but its total " } };
static const struct rb_text w_below_lowest = { { " di bawah predikat terendah \u201c",
    " is below the lowest predicate \u201c" } };
static const struct rb_text w_from = { { "\u201d (mulai ", "\u201d (from " } };
static const struct rb_text w_no_predicate_end = {
	{ "), sehingga tidak memperoleh predikat.", "), so it receives no predicate." }
};
static const struct rb_text w_fail = {
	{ "Unit tidak lulus dan tidak memperoleh predikat: ",
	    "The unit does not pass and receives no predicate: " }
};
static const struct rb_text w_why_incomplete = { { "penilaian belum lengkap",
    "the assessment is incomplete" } };
static const struct rb_text w_why_threshold = { { "nilai total di bawah ambang kelulusan",
    "the total is below the pass threshold" } };
static const struct rb_text w_why_knockout = {
	{ "ada indikator gugur yang tidak terpenuhi", "a knock-out indicator is not met" }
};
static const struct rb_text w_why_evidence = {
	{ "ada data dukung yang belum diverifikasi", "required evidence is not verified" }
};

/* The sentences being written and whether memory ran out. */
struct expl {
	const char **out;
	size_t n;
	struct arena *a;
	enum rulebook_lang l;
	bool failed;
};

static void
push(struct expl *e, struct buf *b)
{
	const char *s;

	if (b->failed || (s = arena_strdup(e->a, buf_cstr(b))) == NULL)
		e->failed = true;
	else
		e->out[e->n++] = s;
	buf_reset(b);
}

/* v as shown: rounded to 2 decimals, in the language's notation. */
static const char *
num(struct expl *e, double v, char out[RULEBOOK_NUMBER_LEN])
{
	return rulebook_number_text(score_round2(v), e->l, false, out);
}

/* "indikator", "indicator(s)" for count of them. */
static const char *
indicator_noun(enum rulebook_lang l, size_t count)
{
	if (l == RULEBOOK_LANG_EN)
		return count == 1 ? "indicator" : "indicators";
	return "indikator";
}

/* The scored values of criterion c's applicable indicators, grouped by value
 * from the highest down: "6 bernilai 1, 2 bernilai 0,5". */
static void
value_groups(struct expl *e, struct buf *b, const struct score_result *r,
    const struct rulebook *rb, size_t first, const struct rb_criterion *cr)
{
	const struct score_indicator_in *in = r->inputs + first;
	char n1[RULEBOOK_NUMBER_LEN];
	double cur = INFINITY, next;
	size_t j, count;
	bool any = false;

	for (;;) {
		next = -1;
		for (j = 0; j < cr->indicator_count; j++)
			if (in[j].scored && in[j].value < cur && in[j].value > next &&
			    rulebook_indicator_applies(rb, &cr->indicators[j], r->unit_type))
				next = in[j].value;
		if (next < 0)
			return;
		for (count = 0, j = 0; j < cr->indicator_count; j++)
			count += in[j].scored && in[j].value == next &&
			    rulebook_indicator_applies(rb, &cr->indicators[j], r->unit_type);
		buf_printf(b, "%s%zu%s%s", any ? ", " : "", count, w_valued.s[e->l],
		    rulebook_number_text(next, e->l, false, n1));
		any = true;
		cur = next;
	}
}

static void
criterion_sentence(struct expl *e, struct buf *b, const struct score_result *r,
    const struct rulebook *rb, size_t c, size_t first)
{
	const struct score_criterion *sc = &r->criteria[c];
	const char *noun = indicator_noun(e->l, sc->applicable);
	char n1[RULEBOOK_NUMBER_LEN], n2[RULEBOOK_NUMBER_LEN], n3[RULEBOOK_NUMBER_LEN];

	buf_printf(b, "%s%s", w_crit.s[e->l], rb_text_get(&sc->criterion->name, e->l));
	if (sc->scored == 0) {
		buf_printf(b, "%s%zu %s%s", w_none_of.s[e->l], sc->applicable, noun,
		    w_none_end.s[e->l]);
		push(e, b);
		return;
	}
	if (sc->scored == sc->applicable)
		buf_printf(b, "%s%zu %s (", w_mean_of.s[e->l], sc->applicable, noun);
	else
		buf_printf(b, "%s%zu%s%zu %s%s", w_only.s[e->l], sc->scored, w_of.s[e->l],
		    sc->applicable, noun, w_scored_open.s[e->l]);
	value_groups(e, b, r, rb, first, sc->criterion);
	buf_printf(b, "%s%s; %s%s%s / 100 = %s%s.",
	    sc->scored == sc->applicable ? w_crit_mean.s[e->l] : w_crit_mean_part.s[e->l],
	    num(e, sc->score, n1), n1, w_weight.s[e->l],
	    rulebook_number_text(sc->criterion->weight.v, e->l, false, n2),
	    num(e, sc->weighted, n3),
	    sc->scored == sc->applicable ? "" : w_provisional.s[e->l]);
	push(e, b);
}

static void
adjustment_sentence(struct expl *e, struct buf *b, const struct score_adjustment *sa)
{
	enum rb_adjustment_kind k = sa->rule->kind;
	char n1[RULEBOOK_NUMBER_LEN], n2[RULEBOOK_NUMBER_LEN], n3[RULEBOOK_NUMBER_LEN];

	buf_puts(b, w_adj_title[k].s[e->l]);
	if (!sa->has_data) {
		buf_puts(b, w_no_data.s[e->l]);
		push(e, b);
		return;
	}
	switch (k) {
	case RB_ADJ_IKM_GRADE:
		buf_printf(b, "%s%s, ", w_grade.s[e->l],
		    rulebook_adjustment_outcome_label(k, sa->outcome));
		break;
	case RB_ADJ_INTEGRITY_ZONE:
		if (sa->has_both_zones)
			buf_printf(b, "%s, ", w_zone_both.s[e->l]);
		else if (sa->outcome == SCORE_NO_INDEX)
			buf_printf(b, "%s, ", w_zone_none.s[e->l]);
		else
			buf_printf(b, "%s, ",
			    rulebook_adjustment_outcome_label(k, sa->outcome));
		break;
	default:
		buf_printf(b, "%u \u00d7 %s = %s", sa->count,
		    rulebook_number_text(sa->rule->points_each.v, e->l, false, n1),
		    rulebook_number_text(sa->raw, e->l, false, n2));
		if (sa->is_limited)
			buf_printf(b, "%s%s", w_limited.s[e->l],
			    rulebook_number_text(sa->points, e->l, false, n3));
		buf_putc(b, '.');
		push(e, b);
		return;
	}
	buf_printf(b, "%s.", rulebook_number_text(sa->points, e->l, true, n1));
	push(e, b);
}

/* The weighted sum; the total itself when the rulebook has no adjustments. */
static void
sum_sentence(struct expl *e, struct buf *b, const struct score_result *r)
{
	char n1[RULEBOOK_NUMBER_LEN];
	size_t c;

	buf_puts(b, r->adjustment_count > 0 ? w_sum.s[e->l] : w_total.s[e->l]);
	for (c = 0; c < r->criterion_count; c++)
		buf_printf(b, "%s%s", c ? " + " : "", num(e, r->criteria[c].weighted, n1));
	buf_printf(b, " = %s%s.", num(e, r->base, n1),
	    r->is_complete ? "" : w_provisional.s[e->l]);
	push(e, b);
}

/* The total: the weighted sum plus the adjustments that had data. */
static void
total_sentence(struct expl *e, struct buf *b, const struct score_result *r)
{
	const char *prov = r->is_complete ? "" : w_provisional.s[e->l];
	char n1[RULEBOOK_NUMBER_LEN];
	size_t c;
	bool any = false;

	buf_printf(b, "%s%s", w_total.s[e->l], num(e, r->base, n1));
	for (c = 0; c < r->adjustment_count; c++) {
		if (!r->adjustments[c].has_data)
			continue;
		any = true;
		buf_printf(b, " %s %s", r->adjustments[c].points < 0 ? "\u2212" : "+",
		    rulebook_number_text(fabs(r->adjustments[c].points), e->l, false, n1));
	}
	if (any)
		buf_printf(b, " = %s", num(e, r->unclamped, n1));
	if (r->is_clamped)
		buf_printf(b, "%s%s", w_clamped.s[e->l], num(e, r->total, n1));
	buf_printf(b, "%s.", prov);
	push(e, b);
}

static void
knockout_sentence(struct expl *e, struct buf *b, const struct score_knockout *ko)
{
	char n1[RULEBOOK_NUMBER_LEN];

	buf_printf(b, "%s%s", w_ko.s[e->l], rb_text_get(&ko->indicator->text, e->l));
	if (!ko->scored)
		buf_puts(b, w_ko_unscored.s[e->l]);
	else if (ko->is_met)
		buf_puts(b, w_ko_met.s[e->l]);
	else
		buf_printf(b, "%s%s%s", w_ko_not.s[e->l],
		    rulebook_number_text(ko->value, e->l, false, n1), w_ko_must.s[e->l]);
	push(e, b);
}

static void
missing_sentence(struct expl *e, struct buf *b, const struct score_result *r,
    enum score_missing_kind k, size_t count)
{
	size_t i, n = 0;

	if (count == 0)
		return;
	buf_printf(b, "%s%zu): ", w_miss[k].s[e->l], count);
	for (i = 0; i < r->missing_count; i++)
		if (r->missing[i].kind == k)
			buf_printf(b, "%s\u201c%s\u201d", n++ ? "; " : "",
			    rb_text_get(&r->missing[i].indicator->text, e->l));
	buf_putc(b, '.');
	push(e, b);
}

static void
outcome_sentences(struct expl *e, struct buf *b, const struct score_result *r,
    const struct rulebook *rb)
{
	const struct rb_predicate *low = &rb->predicates[0];
	char n1[RULEBOOK_NUMBER_LEN], n2[RULEBOOK_NUMBER_LEN];
	size_t n = 0;

	if (!r->is_complete)
		buf_puts(b, w_incomplete.s[e->l]);
	else
		buf_printf(b, "%s%s%s%s.", w_the_total.s[e->l], num(e, r->total, n1),
		    r->reaches_threshold ? w_reach.s[e->l] : w_below.s[e->l],
		    rulebook_number_text(rb->pass_threshold.v, e->l, false, n2));
	push(e, b);
	if (r->passes && r->predicate != NULL)
		buf_printf(b, "%s%s%s%s).", w_predicate.s[e->l],
		    rb_text_get(&r->predicate->label, e->l), w_predicate_from.s[e->l],
		    rulebook_number_text(r->predicate->min_total.v, e->l, false, n1));
	else if (r->passes)
		buf_printf(b, "%s%s%s%s%s%s%s", w_no_predicate.s[e->l], num(e, r->total, n1),
		    w_below_lowest.s[e->l], rb_text_get(&low->label, e->l), w_from.s[e->l],
		    rulebook_number_text(low->min_total.v, e->l, false, n2),
		    w_no_predicate_end.s[e->l]);
	else {
		buf_puts(b, w_fail.s[e->l]);
		if (!r->is_complete)
			buf_printf(b, "%s%s", n++ ? "; " : "", w_why_incomplete.s[e->l]);
		if (r->is_complete && !r->reaches_threshold)
			buf_printf(b, "%s%s", n++ ? "; " : "", w_why_threshold.s[e->l]);
		if (!r->knockouts_met)
			buf_printf(b, "%s%s", n++ ? "; " : "", w_why_knockout.s[e->l]);
		if (r->missing_evidence > 0)
			buf_printf(b, "%s%s", n++ ? "; " : "", w_why_evidence.s[e->l]);
		buf_putc(b, '.');
	}
	push(e, b);
}

const char **
score_explain(const struct score_result *r, const struct rulebook *rb,
    enum rulebook_lang l, struct arena *a)
{
	struct expl e = { .a = a, .l = l < RULEBOOK_LANG_MAX ? l : RULEBOOK_LANG_ID };
	struct buf b;
	size_t c, first, cap, i;

	cap = r->criterion_count + r->adjustment_count + r->knockout_count + 8;
	if ((e.out = arena_alloc(a, cap * sizeof(*e.out))) == NULL)
		return NULL;
	buf_init(&b, 0);
	for (first = 0, c = 0; c < r->criterion_count; c++) {
		criterion_sentence(&e, &b, r, rb, c, first);
		first += r->criteria[c].criterion->indicator_count;
	}
	sum_sentence(&e, &b, r);
	for (i = 0; i < r->adjustment_count; i++)
		adjustment_sentence(&e, &b, &r->adjustments[i]);
	if (r->adjustment_count > 0)
		total_sentence(&e, &b, r);
	for (i = 0; i < r->knockout_count; i++)
		knockout_sentence(&e, &b, &r->knockouts[i]);
	missing_sentence(&e, &b, r, SCORE_MISSING_VALUE, r->missing_values);
	missing_sentence(&e, &b, r, SCORE_MISSING_EVIDENCE, r->missing_evidence);
	outcome_sentences(&e, &b, r, rb);
	buf_free(&b);
	e.out[e.n] = NULL;
	return e.failed ? NULL : e.out;
}
