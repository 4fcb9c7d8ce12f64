/*
 * demo_complaints.c - the demo's public complaints and holiday calendar:
 * this year's fixed-date national holidays; at the immigration office of
 * Gorontalo an anonymous complaint about an illegal fee, accepted,
 * answered and confirmed by its complainant, and one referred to
 * SIMASHAM; at the prison of Gorontalo a visitor's confidential complaint
 * about access for a wheelchair, still waiting for triage; at the
 * immigration office of Makassar a complaint about waiting time accepted
 * by the admin and never answered, overdue now. Every step goes through
 * the services the pages use, as the account who would have taken it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "cmd/demo.h"
#include "svc/complaints.h"

#define DAY (24 * 3600)
#define ADMIN "admin@p2ham.demo"
#define REGIONAL "kanwil.gorontalo@p2ham.demo"
#define OPERATOR "operator.kanim.gorontalo@p2ham.demo"

/* Holidays of a fixed date, month * 100 + day. */
static const struct {
	int md;
	const char *name;
} fixed[] = {
	{ 101, "Tahun Baru Masehi" },
	{ 501, "Hari Buruh Internasional" },
	{ 601, "Hari Lahir Pancasila" },
	{ 817, "Hari Proklamasi Kemerdekaan RI" },
	{ 1225, "Hari Raya Natal" },
};

/* The id of the account email, as the demo acts (0 when missing). */
static int64_t
who(const struct demo_env *env, const char *email, struct err *e)
{
	struct demo_act x;
	int64_t id = 0;

	if (demo_act(&x, env, 0, time(NULL), e) < 0)
		return -1;
	if (svc_user_id(&x.s, email, &id, e) < 0)
		id = -1;
	demo_act_end(&x);
	return id;
}

/* One complaint filed by the public days ago; *id and code receive it. */
static int
filed(const struct demo_env *env, const struct complaint_in *in, int days, int64_t *id,
    char code[COMPLAINT_CODE_LEN], struct err *e)
{
	struct svc_problems pr = { 0 };
	struct demo_act x;
	int rc;

	if (demo_act(&x, env, 0, time(NULL) - (time_t)days * DAY, e) < 0)
		return -1;
	x.s.actor = "publik";
	x.s.who = NULL;
	rc = complaint_submit(&x.s, in, &pr, code, id, e);
	demo_act_end(&x);
	return rc;
}

/* One step as user days ago: triage (decision), answer or note. */
static int
act(const struct demo_env *env, int64_t user, int days, int64_t id, const char *decision,
    const char *to, const char *text, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct demo_act x;
	int rc;

	if (demo_act(&x, env, user, time(NULL) - (time_t)days * DAY, e) < 0)
		return -1;
	if (decision != NULL)
		rc = complaint_triage(&x.s, id, decision, to, text, &pr, e);
	else
		rc = complaint_respond(&x.s, id, to != NULL, text, &pr, e);
	demo_act_end(&x);
	return rc;
}

/* The complainant confirms with code days ago. */
static int
confirmed(const struct demo_env *env, int days, const char *code, struct err *e)
{
	struct demo_act x;
	int rc;

	if (demo_act(&x, env, 0, time(NULL) - (time_t)days * DAY, e) < 0)
		return -1;
	x.s.actor = "publik";
	rc = complaint_confirm(&x.s, code, e);
	demo_act_end(&x);
	return rc;
}

static int
holidays(const struct demo_env *env, int64_t admin, struct err *e)
{
	struct svc_problems pr = { 0 };
	char today[TIME_DATE_LEN], day[48];
	struct demo_act x;
	size_t i;
	int year, rc = 0;

	time_local_date(time(NULL), 7 * 3600, today);
	year = (int)strtol(today, NULL, 10);
	if (demo_act(&x, env, admin, time(NULL) - 40 * DAY, e) < 0)
		return -1;
	for (i = 0; rc == 0 && i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(day, sizeof(day), "%04d-%02d-%02d", year, fixed[i].md / 100,
		    fixed[i].md % 100);
		rc = complaint_holiday_set(&x.s, day, fixed[i].name, false, &pr, e);
	}
	demo_act_end(&x);
	return rc;
}

int
demo_complaints(const struct demo_env *env, const int64_t units[3], struct err *e)
{
	int64_t admin = who(env, ADMIN, e), regional = who(env, REGIONAL, e);
	int64_t op = who(env, OPERATOR, e), id;
	char code[COMPLAINT_CODE_LEN];
	struct complaint_in fee = { .unit = units[0],
		.category = "pungli",
		.body = "Saat mengurus paspor, petugas di loket pengambilan meminta "
			"Rp150.000 "
			"\"uang percepatan\" tanpa kuitansi.",
		.place = "Loket pengambilan paspor" };
	struct complaint_in torture = { .unit = units[0],
		.category = "lainnya",
		.body =
		    "Kerabat saya yang ditahan di ruang detensi imigrasi mengaku dipukul "
		    "petugas saat pemeriksaan.",
		.place = "Ruang detensi" };
	struct complaint_in access = { .unit = units[1],
		.category = "aksesibilitas",
		.body = "Ibu saya memakai kursi roda dan tidak dapat masuk ke ruang "
			"kunjungan: "
			"tidak ada ramp, petugas menyuruh menunggu di luar pagar.",
		.place = "Ruang kunjungan",
		.name = "Rahmat Hidayat",
		.contact = "0813-4000-1122",
		.consent = true,
		.hide_identity = true };
	struct complaint_in wait = { .unit = units[2],
		.category = "waktu",
		.body =
		    "Antrean wawancara paspor lebih dari lima jam tanpa nomor antrean; "
		    "lansia dan ibu hamil tidak didahulukan.",
		.place = "Ruang tunggu lantai 1" };

	if (admin <= 0 || regional <= 0 || op <= 0) {
		if (e->status == 0)
			err_set(e, ERR_NOT_FOUND, "a demo account for complaints is missing");
		return -1;
	}
	return holidays(env, admin, e) < 0 || filed(env, &fee, 9, &id, code, e) < 0 ||
		act(env, regional, 8, id, "accept", NULL, "", e) < 0 ||
		act(env, op, 7, id, NULL, "note",
		    "Petugas loket dipanggil dan diperiksa oleh "
		    "atasan langsung.",
		    e) < 0 ||
		act(env, op, 6, id, NULL, NULL,
		    "Petugas yang bersangkutan telah diberi "
		    "hukuman disiplin dan uang Rp150.000 dikembalikan kepada pelapor. "
		    "Kami "
		    "memasang papan informasi bahwa layanan paspor tidak dipungut biaya "
		    "di "
		    "luar PNBP.",
		    e) < 0 ||
		confirmed(env, 5, code, e) < 0 || filed(env, &torture, 5, &id, code, e) < 0 ||
		act(env, regional, 4, id, "refer", "simasham",
		    "Dugaan penyiksaan adalah "
		    "dugaan pelanggaran HAM: diteruskan ke SIMASHAM.",
		    e) < 0 ||
		filed(env, &access, 1, &id, code, e) < 0 ||
		filed(env, &wait, 15, &id, code, e) < 0 ||
		act(env, admin, 14, id, "accept", NULL, "", e) < 0
	    ? -1
	    : 0;
}
