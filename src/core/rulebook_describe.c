/*
 * rulebook_describe.c - what a parsed rulebook says, in words and in bytes:
 * its scoring described in plain sentences with its own numbers (for the
 * public page, so that anyone can redo a score by hand), and the canonical
 * form and SHA-256 that identify a stored rulebook.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/sha256.h"
#include "base/str.h"
#include "core/rulebook.h"

#define SENTENCES_MAX 8 /* sentences of a description, with the NULL */

char *
rulebook_canonical(const json_t *doc, size_t *len, char hex[RULEBOOK_SHA256_HEX_LEN])
{
	char *text;
	size_t n;

	if ((text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT)) == NULL)
		return NULL;
	n = strlen(text);
	sha256_hex(text, n, hex);
	if (len != NULL)
		*len = n;
	return text;
}

const char *
rulebook_number_text(double v, enum rulebook_lang l, bool sign, char out[RULEBOOK_NUMBER_LEN])
{
	char digits[RULEBOOK_NUMBER_LEN], *dot;
	size_t n;

	if (fabs(v - round(v)) < 1e-9)
		snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	else {
		snprintf(digits, sizeof(digits), "%.2f", fabs(v));
		n = strlen(digits);
		while (n > 0 && digits[n - 1] == '0')
			digits[--n] = '\0';
	}
	if (l == RULEBOOK_LANG_ID && (dot = strchr(digits, '.')) != NULL)
		*dot = ',';
	snprintf(out, RULEBOOK_NUMBER_LEN, "%s%s",
	    v < 0               ? "\u2212"
		: sign && v > 0 ? "+"
				: "",
	    digits);
	return out;
}

/* The sentences and their parts, in both languages (struct rb_text). */
static const struct rb_text w_answer = { {
    [RULEBOOK_LANG_ID] =
	"Setiap indikator dijawab dengan satu pilihan pada skala "
	"jawabannya; setiap pilihan bernilai antara 0 dan 1, sebagaimana tercantum "
	"pada daftar skala.",
    [RULEBOOK_LANG_EN] =
	"Each indicator is answered with one option of its answer "
	"scale; each option has a value from 0 to 1, as listed with the scales.",
} };
static const struct rb_text w_criterion = { {
    [RULEBOOK_LANG_ID] =
	"Nilai sebuah kriteria adalah rata-rata nilai indikatornya "
	"yang berlaku bagi jenis unit tersebut, dikalikan 100, sehingga berkisar "
	"antara 0 dan 100.",
    [RULEBOOK_LANG_EN] =
	"A criterion's score is the mean of the values of its "
	"indicators that apply to the unit's type, multiplied by 100, so it runs "
	"from 0 to 100.",
} };
static const struct rb_text w_total = { {
    [RULEBOOK_LANG_ID] = "Nilai total adalah jumlah nilai kriteria yang dibobot: "
			 "total = (",
    [RULEBOOK_LANG_EN] = "The total is the weighted sum of the criterion scores: "
			 "total = (",
} };
static const struct rb_text w_adjust = { {
    [RULEBOOK_LANG_ID] = "Kemudian nilai total disesuaikan: ",
    [RULEBOOK_LANG_EN] = "The total is then adjusted: ",
} };
static const struct rb_text w_adjust_end = { {
    [RULEBOOK_LANG_ID] = ". Nilai total setelah penyesuaian dibatasi antara 0 dan 100.",
    [RULEBOOK_LANG_EN] = ". The adjusted total is kept between 0 and 100.",
} };
/* clang-format off */
static const struct rb_text w_adj_name[RB_ADJ_KIND_MAX] = {
	[RB_ADJ_IKM_GRADE] = { { "mutu IKM", "IKM grade" } },
	[RB_ADJ_INTEGRITY_ZONE] = { { "zona integritas", "integrity zone" } },
	[RB_ADJ_UNRESOLVED_COMPLAINTS] = { {
	    "untuk setiap pengaduan masyarakat yang belum diselesaikan",
	    "for each public complaint left unresolved" } },
	[RB_ADJ_OMBUDSMAN_FINDING] = { {
	    "untuk setiap temuan Ombudsman",
	    "for each Ombudsman finding" } },
};
/* clang-format on */
static const struct rb_text w_at_most = { { ", paling banyak ", ", at most " } };
static const struct rb_text w_pass = { {
    [RULEBOOK_LANG_ID] = "Unit lulus bila nilai totalnya mencapai ",
    [RULEBOOK_LANG_EN] = "A unit passes when its total reaches ",
} };
static const struct rb_text w_pass_knockout = { {
    [RULEBOOK_LANG_ID] = ", semua indikator gugur (knock-out) terpenuhi (dijawab "
			 "dengan pilihan bernilai 1)",
    [RULEBOOK_LANG_EN] = ", every knock-out indicator is met (answered with an "
			 "option of value 1)",
} };
static const struct rb_text w_pass_evidence = { {
    [RULEBOOK_LANG_ID] = " dan seluruh data dukung yang diwajibkan telah diverifikasi.",
    [RULEBOOK_LANG_EN] = " and all required evidence has been verified.",
} };
static const struct rb_text w_predicate_one = { {
    [RULEBOOK_LANG_ID] = "Predikat bagi unit yang lulus: ",
    [RULEBOOK_LANG_EN] = "Predicate for a unit that passes: ",
} };
static const struct rb_text w_predicate_many = { {
    [RULEBOOK_LANG_ID] = "Predikat bagi unit yang lulus, yang tertinggi yang "
			 "dicapai nilai totalnya berlaku: ",
    [RULEBOOK_LANG_EN] = "Predicates for a unit that passes, the highest its total "
			 "reaches applies: ",
} };
static const struct rb_text w_from = { { " mulai nilai total ", " from a total of " } };
static const struct rb_text w_each = { { " ", " " } };

static void
adjustment_words(struct buf *b, const struct rb_adjustment *adj, enum rulebook_lang l)
{
	char n1[RULEBOOK_NUMBER_LEN], n2[RULEBOOK_NUMBER_LEN];
	size_t count, i;

	rulebook_adjustment_outcomes(adj->kind, &count);
	if (count > 0) {
		buf_puts(b, w_adj_name[adj->kind].s[l]);
		for (i = 0; i < count; i++)
			buf_printf(b, "%s %s %s", i ? "," : "",
			    rulebook_adjustment_outcome_label(adj->kind, i),
			    rulebook_number_text(adj->points[i].v, l, true, n1));
		return;
	}
	buf_printf(b, "%s%s%s%s", rulebook_number_text(adj->points_each.v, l, true, n1),
	    w_each.s[l], w_adj_name[adj->kind].s[l], w_at_most.s[l]);
	buf_puts(b, rulebook_number_text(adj->limit.v, l, true, n2));
}

const char **
rulebook_describe_scoring(const struct rulebook *rb, enum rulebook_lang l, struct arena *a)
{
	const char **out;
	char n1[RULEBOOK_NUMBER_LEN];
	struct buf b;
	size_t n = 0, i;
	bool knockouts = false, failed = false;

	if (l >= RULEBOOK_LANG_MAX)
		l = RULEBOOK_LANG_ID;
	if ((out = arena_alloc(a, SENTENCES_MAX * sizeof(*out))) == NULL)
		return NULL;
	out[n++] = w_answer.s[l];
	out[n++] = w_criterion.s[l];

	buf_init(&b, 0);
	buf_puts(&b, w_total.s[l]);
	for (i = 0; i < rb->criterion_count; i++)
		buf_printf(&b, "%s%s \u00d7 %s", i ? " + " : "",
		    rulebook_number_text(rb->criteria[i].weight.v, l, false, n1),
		    rb_text_get(&rb->criteria[i].name, l));
	buf_puts(&b, ") / 100.");
	failed |= b.failed || (out[n++] = arena_strdup(a, buf_cstr(&b))) == NULL;

	if (rb->adjustment_count > 0) {
		buf_reset(&b);
		buf_puts(&b, w_adjust.s[l]);
		for (i = 0; i < rb->adjustment_count; i++) {
			if (i > 0)
				buf_puts(&b, "; ");
			adjustment_words(&b, &rb->adjustments[i], l);
		}
		buf_puts(&b, w_adjust_end.s[l]);
		failed |= b.failed || (out[n++] = arena_strdup(a, buf_cstr(&b))) == NULL;
	}

	for (i = 0; i < rb->criterion_count && !knockouts; i++) {
		size_t j;

		for (j = 0; j < rb->criteria[i].indicator_count; j++)
			knockouts |= rb->criteria[i].indicators[j].is_knockout;
	}
	buf_reset(&b);
	buf_printf(&b, "%s%s%s%s", w_pass.s[l],
	    rulebook_number_text(rb->pass_threshold.v, l, false, n1),
	    knockouts ? w_pass_knockout.s[l] : "", w_pass_evidence.s[l]);
	failed |= b.failed || (out[n++] = arena_strdup(a, buf_cstr(&b))) == NULL;

	buf_reset(&b);
	buf_puts(&b, rb->predicate_count > 1 ? w_predicate_many.s[l] : w_predicate_one.s[l]);
	for (i = 0; i < rb->predicate_count; i++)
		buf_printf(&b, "%s\u201c%s\u201d%s%s", i ? "; " : "",
		    rb_text_get(&rb->predicates[i].label, l), w_from.s[l],
		    rulebook_number_text(rb->predicates[i].min_total.v, l, false, n1));
	buf_putc(&b, '.');
	failed |= b.failed || (out[n++] = arena_strdup(a, buf_cstr(&b))) == NULL;

	buf_free(&b);
	out[n] = NULL;
	return failed ? NULL : out;
}
