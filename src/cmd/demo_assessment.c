/*
 * demo_assessment.c - the assessment of one demo unit so far, replayed
 * through the services the pages use (see demo.h): after it passed the
 * evaluation the programme admin assigned the demo verifier and assessor,
 * the assessor declared no conflict of interest, the unit head submitted the
 * evidence carried over from building, the verifier gave a verdict on every
 * indicator, two of them "needs revision", and sent those back in revision
 * round 1, whose deadline lies a week ahead: the unit stands at revision.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/demo.h"
#include "core/region.h"
#include "svc/assignments.h"
#include "svc/verification.h"

#define DAY 86400
#define VERDICTS_MAX 512 /* indicators of a rulebook, at the most */

const char *
demo_date_from_now(const struct demo_past *p, int days, char out[TIME_DATE_LEN])
{
	const struct province *prov = province_find(p->province);

	return time_local_date(time(NULL) + (time_t)days * DAY,
	    tz_offset(prov != NULL ? prov->tz : TZ_WITA), out);
}

int
demo_assign(const struct demo_env *env, const struct demo_past *p, time_t at,
    const char *const *assessors, size_t n, int64_t *ids, struct err *e)
{
	char due[TIME_DATE_LEN];
	struct assign_in in = { .participation = p->participation,
		.due_date = demo_date_from_now(p, 14, due) };
	struct demo_act x;
	size_t i;
	int rc;

	if (demo_act(&x, env, p->admin, at, e) < 0)
		return -1;
	in.email = "verifikator@p2ham.demo";
	in.role = ROLE_VERIFIER;
	rc = assignments_add(&x.s, &in, NULL, e);
	for (i = 0; rc == 0 && i < n; i++) {
		in.email = assessors[i];
		in.role = ROLE_ASSESSOR;
		rc = assignments_add(&x.s, &in, &ids[i], e);
	}
	demo_act_end(&x);
	return rc;
}

/* The admin assigns the verifier and the assessor; the assessor answers. */
static int
assign(const struct demo_env *env, const struct demo_past *p, time_t at, struct err *e)
{
	static const char *const assessor[] = { "penilai@p2ham.demo" };
	struct demo_act x;
	int64_t id = 0;
	int rc;

	if (demo_assign(env, p, at, assessor, 1, &id, e) < 0 ||
	    demo_act(&x, env, p->assessor, at + DAY, e) < 0)
		return -1;
	rc = assignments_answer(&x.s, id, false, NULL, e);
	demo_act_end(&x);
	return rc;
}

int
demo_submit_evidence(const struct demo_env *env, const struct demo_past *p, int64_t head,
    time_t at, struct err *e)
{
	struct demo_act x;
	int rc;

	if (demo_act_in_unit(&x, env, p, head, ROLE_UNIT_HEAD, at, e) < 0)
		return -1;
	rc = verification_submit(&x.s, p->participation, e);
	demo_act_end(&x);
	return rc;
}

int
demo_verdicts(const struct demo_env *env, const struct demo_past *p, time_t at,
    demo_verdict_of pick, bool close, struct err *e)
{
	struct verification v;
	struct verdict_in *in;
	struct demo_act x;
	size_t i, j, n = 0;
	int rc = -1;

	if (demo_act(&x, env, p->verifier, at, e) < 0)
		return -1;
	if (verification_load(&x.s, p->participation, &v, e) < 0)
		goto out;
	if ((in = arena_alloc(&x.a, VERDICTS_MAX * sizeof(*in))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < v.b.rb->criterion_count; i++)
		for (j = 0; j < v.b.rb->criteria[i].indicator_count && n < VERDICTS_MAX; j++) {
			const struct rb_indicator *ind = &v.b.rb->criteria[i].indicators[j];

			if (building_indicator(&v.b, ind->code) != NULL) {
				in[n] = pick(ind->code, n);
				n++;
			}
		}
	rc = verification_verdicts(&x.s, p->participation, in, n, e);
	if (rc == 0 && close) {
		x.s.now += DAY;
		rc = verification_close(&x.s, p->participation, NULL, e);
	}
out:
	verification_free(&v);
	demo_act_end(&x);
	return rc;
}

/* Every indicator verified but the first two of the first criterion,
 * which need revision. */
static struct verdict_in
two_flagged(const char *code, size_t n)
{
	static const char *const notes[] = {
		"Foto maklumat pelayanan tidak menunjukkan lokasi pemasangannya; "
		"unggah foto yang memperlihatkan ruang layanan.",
		"Nomor telepon pengaduan pada foto tidak terbaca; unggah foto yang jelas "
		"atau tangkapan layar laman pengaduan.",
	};

	return n < 2 ? (struct verdict_in){ code, VERDICT_NEEDS_REVISION, notes[n], NULL }
		     : (struct verdict_in){ code, VERDICT_VERIFIED, "", NULL };
}

int
demo_seed_assessment(const struct demo_env *env, const struct demo_past *p, struct err *e)
{
	time_t at = p->declared + 4 * DAY;
	char deadline[TIME_DATE_LEN];
	struct demo_act x;
	int rc;

	if (assign(env, p, at, e) < 0 ||
	    demo_submit_evidence(env, p, p->head_actor, at + 2 * DAY, e) < 0 ||
	    demo_verdicts(env, p, at + 4 * DAY, two_flagged, false, e) < 0 ||
	    demo_act(&x, env, p->verifier, at + 5 * DAY, e) < 0)
		return -1;
	rc = verification_send_back(&x.s, p->participation, demo_date_from_now(p, 7, deadline),
	    "Putaran pertama: dua indikator sarana perlu foto yang lebih jelas.", e);
	demo_act_end(&x);
	return rc;
}
