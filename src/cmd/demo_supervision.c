/*
 * demo_supervision.c - the demo's guidance and supervision, after the
 * decree and the published results: a supervised unit visited by its
 * regional office twenty days ago, with a finding and two follow-up
 * actions, one answered with evidence and closed, the other past its due
 * date (overdue now); and an award revoked by the observer with a
 * supporting document, which withdraws its certificate and republishes
 * the cycle's results. Every step goes through the services the pages
 * use, as the account who would have taken it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cmd/demo.h"
#include "svc/revocation.h"
#include "svc/supervision.h"

#define DAY (24 * 3600)
#define OBSERVER "pengamat@p2ham.demo" /* may revoke awards */

/* A one-page PDF with title and text, handed over as a file sent under
 * name: written to path (a temporary file the service takes). */
static int
paper(const struct demo_env *env, const char *title, const char *text, const char *name,
    struct file_in *f, char path[512], struct err *e)
{
	struct buf b;
	int fd, rc = -1;

	snprintf(path, 512, "%s/files/demo-supervision-%ld.pdf", env->data_dir,
	    (long)getpid());
	if (demo_sample_pdf(&b, title, text, e) < 0)
		goto out;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0 ||
	    write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) < 0) {
		err_set(e, ERR_INTERNAL, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		goto out;
	}
	rc = files_in_path(f, path, name, 0, e);
out:
	buf_free(&b);
	return rc;
}

/* One step of the past: fn's result as user at days from now, in a
 * context of its own (x, for fn to use). */
#define STEP(x, user, days, call) \
	(demo_act(&(x), env, (user), now + DAY * (days), e) < 0 \
		? -1 \
		: ((rc = (call)), demo_act_end(&(x)), rc))

/* The visit 20 days ago, its finding and two actions: one due 6 days
 * ago and never answered, one answered and closed. */
static int
supervise(const struct demo_env *env, const struct demo_past *p, time_t now, struct err *e)
{
	char visit_day[TIME_DATE_LEN], due[TIME_DATE_LEN], due2[TIME_DATE_LEN], tmp[512];
	struct svc_problems pr = { 0 };
	struct demo_act x;
	struct file_in f;
	int64_t visit, finding, action;
	int rc;

	demo_date_from_now(p, -20, visit_day);
	demo_date_from_now(p, -6, due);
	demo_date_from_now(p, -10, due2);
	struct sup_visit_in v = { p->participation, visit_day,
		"Fatmawati Yusuf (Kantor Wilayah); Andi Gobel (Bidang HAM)",
		"Kunjungan pembinaan sesudah penganugerahan: layanan prioritas berjalan, "
		"tetapi ramp dan toilet untuk penyandang disabilitas belum memadai.",
		NULL };
	if (STEP(x, p->regional, -20, supervision_visit(&x.s, &v, &pr, &visit, e)) < 0)
		return -1;
	struct sup_finding_in fd = {
		p->participation, visit,
		"medium", "Ramp di pintu masuk terlalu curam dan toilet disabilitas dipakai sebagai gudang."
	};
	if (STEP(x, p->regional, -20, supervision_finding(&x.s, &fd, &pr, &finding, e)) < 0)
		return -1;
	struct sup_action_in late = { p->participation, finding,
		"Perbaiki kemiringan ramp sesuai standar aksesibilitas.",
		"Kepala Subbagian Tata Usaha", due };
	struct sup_action_in done = { p->participation, finding,
		"Kosongkan toilet disabilitas dan pasang penanda.",
		"Kepala Seksi Pelayanan", due2 };
	if (STEP(x, p->regional, -20, supervision_action(&x.s, &late, &pr, NULL, e)) < 0 ||
	    STEP(x, p->regional, -20, supervision_action(&x.s, &done, &pr, &action, e)) < 0 ||
	    paper(env, "FOTO TOILET DISABILITAS", "Toilet disabilitas sudah dikosongkan.",
		"foto-toilet-disabilitas.pdf", &f, tmp, e) < 0)
		return -1;
	struct sup_answer_in ans = { p->participation, action,
		"Toilet sudah dikosongkan dan diberi penanda; foto terlampir.", &f, 1 };
	rc = demo_act_in_unit(&x, env, p, p->unit_actor, ROLE_OPERATOR, now - 15 * DAY, e);
	if (rc == 0) {
		rc = supervision_answer(&x.s, &ans, &pr, NULL, e);
		demo_act_end(&x);
	}
	unlink(tmp);
	if (rc < 0)
		return -1;
	return STEP(x, p->regional, -13,
	    supervision_review(&x.s, p->participation, action, true, "Sesuai.", &pr, e));
}

int
demo_supervision(const struct demo_env *env, const struct demo_past *supervised,
    const struct demo_past *revoked, struct err *e)
{
	struct svc_problems pr = { 0 };
	time_t now = time(NULL);
	struct demo_act x;
	struct file_in f;
	int64_t observer = 0;
	char tmp[512];
	int rc;

	if (STEP(x, 0, 0, svc_user_id(&x.s, OBSERVER, &observer, e)) < 0)
		return -1;
	if (observer == 0) {
		err_set(e, ERR_NOT_FOUND, "no demo account %s", OBSERVER);
		return -1;
	}
	if (supervise(env, supervised, now, e) < 0 ||
	    paper(env, "LAPORAN HASIL PEMERIKSAAN", "Inspektorat menemukan pungutan di luar ketentuan pada layanan kunjungan.",
		"laporan-hasil-pemeriksaan.pdf", &f, tmp, e) < 0)
		return -1;
	struct revocation_in in = { revoked->participation,
		"Inspektorat membuktikan pungutan liar pada layanan kunjungan.", &f };
	rc = STEP(x, observer, -2, revocation_decide(&x.s, &in, true, &pr, NULL, e));
	unlink(tmp);
	return rc;
}
