/*
 * demo_decree.c - the 2023 cycle's decree, replayed through the services
 * the pages use (see demo.h): the demo's regional offices, which passed
 * their evaluation, are verified and scored (both assessors agreeing);
 * the programme admin opens a plenary session, recommends them and closes
 * it, issuing the minutes; two days later the admin drafts the Minister's
 * decree from the recommendations and issues it, which awards them and
 * issues their certificates.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/demo.h"
#include "svc/decree.h"
#include "svc/participation.h"
#include "svc/plenary.h"

#define DAY 86400

/* The cycle of participation pid. */
static int
cycle_of(const struct demo_env *env, const struct demo_past *p, time_t at, int64_t *cycle,
    struct err *e)
{
	struct participation part;
	struct demo_act x;
	int rc;

	if (demo_act(&x, env, p->admin, at, e) < 0)
		return -1;
	rc = participation_load(&x.s, p->participation, &part, e);
	*cycle = part.cycle_id;
	demo_act_end(&x);
	return rc;
}

/* The plenary at at: opened, every one of past recommended, closed. */
static int
plenary(const struct demo_env *env, const struct demo_past *past, size_t n, int64_t cycle,
    time_t at, struct err *e)
{
	const struct attendee_in who[] = {
		{ "Sri Wahyuni", "Pimpinan Rapat" },
		{ "Prof. Maria Ulfah", "Penilai" },
		{ "Dr. Hendra Gunawan", "Penilai" },
	};
	char date[TIME_DATE_LEN];
	struct svc_problems pr = { 0 };
	struct demo_act x;
	size_t i;
	int rc;

	if (demo_act(&x, env, past[0].admin, at, e) < 0)
		return -1;
	rc = plenary_open(&x.s,
	    &(struct plenary_in){ .cycle = cycle,
		.date = demo_date_from_now(&past[0], (int)((at - time(NULL)) / DAY), date),
		.place = "Ruang Rapat Direktorat Jenderal HAM, Jakarta",
		.attendees = who,
		.attendee_count = sizeof(who) / sizeof(who[0]) },
	    &pr, e);
	for (i = 0; rc == 0 && i < n; i++) {
		x.s.now += 600;
		rc = plenary_recommend(&x.s, past[i].participation, true,
		    "Seluruh kriteria terpenuhi dan nilai akhir mencapai predikat.", &pr, e);
	}
	if (rc == 0) {
		x.s.now += 3600;
		rc = plenary_close(&x.s, cycle, NULL, e);
	}
	demo_act_end(&x);
	return rc;
}

/* The admin drafts the decree at at and issues it an hour later. */
static int
decree(const struct demo_env *env, const struct demo_past *p, int64_t cycle, time_t at,
    struct err *e)
{
	char date[TIME_DATE_LEN];
	struct svc_problems pr = { 0 };
	struct demo_act x;
	int64_t id = 0;
	int rc;

	if (demo_act(&x, env, p->admin, at, e) < 0)
		return -1;
	rc = decree_save(&x.s, cycle, &id,
	    &(struct decree_in){ .number = "MHA-04.UM.04.01 Tahun 2023",
		.decreed_on = demo_date_from_now(p, (int)((at - time(NULL)) / DAY), date),
		.place = "Jakarta",
		.signer_name = "Natalius Pigai",
		.signer_title = "Menteri Hak Asasi Manusia Republik Indonesia",
		.considerations =
		    "bahwa rapat pleno tim penilai telah menyelesaikan penilaian "
		    "unit kerja Pelayanan Publik Berbasis Hak Asasi Manusia tahun "
		    "2023 dan merekomendasikan unit kerja yang memenuhi kriteria, "
		    "sehingga perlu menetapkan Keputusan Menteri tentang penetapan "
		    "unit kerja tersebut beserta predikatnya;",
		.award_date = "" },
	    &pr, e);
	if (rc == 0) {
		x.s.now += 3600;
		rc = decree_issue(&x.s, cycle, id, NULL, e);
	}
	demo_act_end(&x);
	return rc;
}

/* The decree's n units. */
struct decree_units {
	const struct demo_past *past;
	size_t n;
};

static int
seed_decree(const struct demo_env *env, const void *arg, struct err *e)
{
	const struct decree_units *u = arg;
	time_t at = u->past[0].declared + 14 * DAY;
	int64_t cycle = 0;
	size_t i;

	for (i = 0; i < u->n; i++)
		if (demo_seed_assessed(env, &u->past[i], e) < 0)
			return -1;
	return cycle_of(env, &u->past[0], at, &cycle, e) < 0 ||
		plenary(env, u->past, u->n, cycle, at, e) < 0 ||
		decree(env, &u->past[0], cycle, at + 2 * DAY, e) < 0
	    ? -1
	    : 0;
}

int
demo_seed_decree(const struct demo_env *env, const struct demo_past *past, size_t n,
    struct err *e)
{
	const struct decree_units u = { past, n };

	/* The minutes, the decree and the certificates are real documents. */
	return demo_with_words(env, seed_decree, &u, e);
}
