/*
 * demo_scoring.c - two demo units past verification, replayed through the
 * services the pages use (see demo.h): for each, the programme admin
 * assigned the demo verifier and both demo assessors, who declared no
 * conflict of interest; the unit head (the admin standing in) submitted the
 * evidence; the verifier verified every indicator but one, judged not met,
 * and closed verification with its report. Then the assessors scored: at
 * the first unit one assessor has submitted and the other holds a draft
 * (scoring); at the second both submitted, disagreeing on one indicator,
 * and the admin entered the integrity-zone status (assessed, on the
 * plenary's board).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/demo.h"
#include "svc/assignments.h"
#include "svc/scoring.h"
#include "svc/verification.h"
#include "view/view.h"

#define DAY 86400

static const char *const assessors[] = { "penilai@p2ham.demo", "penilai2@p2ham.demo" };

/* The admin assigns the verifier and both assessors, who declare no
 * conflict of interest. */
static int
assign(const struct demo_env *env, const struct demo_past *p, time_t at, struct err *e)
{
	int64_t ids[2], who;
	struct demo_act x;
	size_t i;
	int rc;

	rc = demo_assign(env, p, at, assessors, 2, ids, e);
	for (i = 0; rc == 0 && i < 2; i++) {
		if (demo_act(&x, env, 0, at, e) < 0)
			return -1;
		rc = svc_user_id(&x.s, assessors[i], &who, e);
		demo_act_end(&x);
		if (rc < 0 || demo_act(&x, env, who, at + DAY, e) < 0)
			return -1;
		rc = assignments_answer(&x.s, ids[i], false, NULL, e);
		demo_act_end(&x);
	}
	return rc;
}

/* Every indicator verified but the first, not met. */
static struct verdict_in
first_not_met(const char *code, size_t n)
{
	return n == 0 ? (struct verdict_in){ code, VERDICT_NOT_MET,
		"Tidak ada bukti pelaksanaan pada data dukung maupun saat "
		"kunjungan lapangan.",
		NULL }
		      : (struct verdict_in){ code, VERDICT_VERIFIED, "", NULL };
}

/* Assessor k's scores of p: the first option of every verified indicator
 * (the lowest for the one at disagree), the first half only when draft;
 * submitted unless draft. */
static int
score(const struct demo_env *env, const struct demo_past *p, size_t k, bool draft,
    size_t disagree, time_t at, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct score_in *in;
	struct assessment a;
	struct demo_act x;
	int64_t who;
	size_t i, n = 0, last;
	int rc = -1;

	if (demo_act(&x, env, 0, at, e) < 0)
		return -1;
	rc = svc_user_id(&x.s, assessors[k], &who, e);
	demo_act_end(&x);
	if (rc < 0 || demo_act(&x, env, who, at, e) < 0)
		return -1;
	rc = -1;
	memset(&a, 0, sizeof(a));
	if (assessment_load(&x.s, p->participation, &a, e) < 0)
		goto out;
	if ((in = arena_alloc(&x.a, (a.item_count + 1) * sizeof(*in))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < a.item_count; i++) {
		const struct rb_scale *sc = a.items[i].indicator->scale;

		if (strcmp(a.items[i].verdict, "verified") != 0)
			continue;
		last = sc->option_count - 1;
		in[n++] = (struct score_in){ a.items[i].indicator->code,
			sc->options[i == disagree ? last : 0].code,
			i == disagree ? "Bukti hanya menunjukkan rencana; pelaksanaannya "
					"belum terlihat."
				      : "Data dukung dan hasil kunjungan lapangan "
					"menunjukkan indikator ini "
					"terpenuhi." };
	}
	rc = scoring_save(&x.s, p->participation, in, draft ? n / 2 : n, &pr, e);
	if (rc == 0 && !draft) {
		x.s.now += 3600;
		rc = scoring_submit(&x.s, p->participation, NULL, e);
	}
out:
	assessment_free(&a);
	demo_act_end(&x);
	return rc;
}

/* The admin's entry for the adjustments: WBK, no Ombudsman finding. */
static int
adjust(const struct demo_env *env, const struct demo_past *p, time_t at, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct demo_act x;
	int rc;

	if (demo_act(&x, env, p->admin, at, e) < 0)
		return -1;
	rc = scoring_adjust(&x.s, p->participation, &(struct adjust_in){ "wbk", 0 }, &pr, e);
	demo_act_end(&x);
	return rc;
}

/* Through verification to scoring. */
static int
verified(const struct demo_env *env, const struct demo_past *p, time_t at, struct err *e)
{
	return assign(env, p, at, e) < 0 ||
		demo_submit_evidence(env, p, 0, at + 2 * DAY, e) < 0 ||
		demo_verdicts(env, p, at + 4 * DAY, first_not_met, true, e) < 0
	    ? -1
	    : 0;
}

int
demo_with_words(const struct demo_env *env,
    int (*run)(const struct demo_env *, const void *, struct err *), const void *arg,
    struct err *e)
{
	bool catalogs = i18n_catalog(LANG_ID) == NULL, words = !view_loaded();
	int rc = -1;

	/* The documents the services issue are real: their words are the
	 * templates', in the catalogs' language (loaded here unless the
	 * caller has them). */
	if (catalogs && i18n_init(e) < 0)
		return -1;
	if (!words || (view_init(e) == 0 && view_override(env->data_dir, e) == 0))
		rc = run(env, arg, e);
	if (words)
		view_free();
	if (catalogs)
		i18n_free();
	return rc;
}

/* The two units of demo_seed_scoring. */
struct scoring_pair {
	const struct demo_past *scoring, *assessed;
};

static int
seed_scoring(const struct demo_env *env, const void *arg, struct err *e)
{
	const struct scoring_pair *u = arg;
	time_t a = u->scoring->declared + 4 * DAY, b = u->assessed->declared + 4 * DAY;

	return verified(env, u->scoring, a, e) < 0 || verified(env, u->assessed, b, e) < 0 ||
		score(env, u->scoring, 0, false, SIZE_MAX, a + 7 * DAY, e) < 0 ||
		score(env, u->scoring, 1, true, SIZE_MAX, a + 8 * DAY, e) < 0 ||
		adjust(env, u->assessed, b + 6 * DAY, e) < 0 ||
		score(env, u->assessed, 0, false, SIZE_MAX, b + 7 * DAY, e) < 0 ||
		score(env, u->assessed, 1, false, 2, b + 8 * DAY, e) < 0
	    ? -1
	    : 0;
}

int
demo_seed_scoring(const struct demo_env *env, const struct demo_past *scoring,
    const struct demo_past *assessed, struct err *e)
{
	const struct scoring_pair u = { scoring, assessed };

	return demo_with_words(env, seed_scoring, &u, e);
}

int
demo_seed_assessed(const struct demo_env *env, const struct demo_past *p, struct err *e)
{
	time_t at = p->declared + 4 * DAY;

	return verified(env, p, at, e) < 0 || adjust(env, p, at + 6 * DAY, e) < 0 ||
		score(env, p, 0, false, SIZE_MAX, at + 7 * DAY, e) < 0 ||
		score(env, p, 1, false, SIZE_MAX, at + 8 * DAY, e) < 0
	    ? -1
	    : 0;
}
