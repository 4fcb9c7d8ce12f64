/*
 * demo_history.c - what the demo units did before the demo starts, done
 * again through the services the pages use, each step as the demo account
 * who would have taken it at the moment it would have happened: the
 * declaration of every unit past the declaration stage (requested,
 * approved, recorded with its witnesses, the signed statement uploaded,
 * confirmed), the answers and evidence of every unit that submitted its
 * self-assessment and the submission, and the evaluation of those
 * evaluated, so that every page of a demo participation tells one story
 * and the timelines and audit log tell it too. Units whose own people have
 * no demo account are served by the admin account standing in with the
 * unit's role, the actor the demo has always named for them. The demo
 * issues no documents: their serials stay free for real ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "cmd/demo.h"
#include "core/region.h"
#include "docs/pdf.h"
#include "svc/building.h"
#include "svc/declaration.h"
#include "svc/evaluation.h"

#define HOUR 3600
#define DAY 86400
#define ACT_ARENA (64u << 20) /* memory of one step */

/* What the replay shares: where it runs and the sample files' bytes. */
struct history {
	const struct demo_env *env;
	struct buf evidence;  /* a PDF standing for a unit's evidence */
	struct buf statement; /* one standing for a signed statement */
	char tmp[4200];       /* the file being handed over */
	unsigned seq;
};

int
demo_act(struct demo_act *x, const struct demo_env *env, int64_t user, time_t when,
    struct err *e)
{
	arena_init(&x->a, ACT_ARENA);
	svc_cli(&x->s, &x->p, env->c, &x->a, 0, "demo", when, env->data_dir, env->public_url);
	/* The audit log tells the demo's fixtures from what people did. */
	x->s.audit_tag = "demo.";
	if (user != 0 && svc_act_as(&x->s, &x->p, user, e) < 0) {
		demo_act_end(x);
		return -1;
	}
	return 0;
}

void
demo_act_end(struct demo_act *x)
{
	arena_free(&x->a);
}

int
demo_act_in_unit(struct demo_act *x, const struct demo_env *env,
    const struct demo_past *p, int64_t user, enum role role, time_t when, struct err *e)
{
	if (demo_act(x, env, user != 0 ? user : p->admin, when, e) < 0)
		return -1;
	if (user == 0) {
		x->stand_in[0] = (struct grant){ .role = role,
			.scope = SCOPE_UNIT,
			.scope_id = p->unit,
			.where = { .province = p->province,
			    .organization = p->organization,
			    .unit = p->unit } };
		x->p.grants = x->stand_in;
		x->p.grant_count = 1;
	}
	return 0;
}

/* A copy of sample (one of h's) handed over as a file sent under name. */
static int
sample_file(struct history *h, const struct buf *sample, const char *name,
    struct file_in *f, struct err *e)
{
	int fd;

	snprintf(h->tmp, sizeof(h->tmp), "%s/files/demo-upload-%ld-%u.pdf",
	    h->env->data_dir, (long)getpid(), h->seq++);
	if ((fd = open(h->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0 ||
	    write(fd, sample->data, sample->len) != (ssize_t)sample->len || close(fd) < 0) {
		err_set(e, ERR_INTERNAL, "cannot write %s: %s", h->tmp, strerror(errno));
		unlink(h->tmp);
		return -1;
	}
	return files_in_path(f, h->tmp, name, 0, e);
}

/* The local date of t where p's unit is, "2026-11-05". */
static const char *
local_date(const struct demo_past *p, time_t t, char out[TIME_DATE_LEN])
{
	const struct province *prov = province_find(p->province);

	return time_local_date(t, tz_offset(prov != NULL ? prov->tz : TZ_WITA), out);
}

/* Request and approval, the day of the event itself. */
static int
declare_request(struct history *h, const struct demo_past *p, struct err *e)
{
	char day[TIME_DATE_LEN];
	struct decl_request_in rq = { .members = &p->participation,
		.member_count = 1,
		.date = local_date(p, p->declared, day),
		.mode = "luring",
		.place = p->place,
		.link = "",
		.planned_witnesses = "Perwakilan Ditjen HAM; Forkopimda" };
	struct decl_decision_in ap = { .participation = p->participation,
		.approve = true,
		.witness_name = "Hajerati",
		.witness_position = "Direktur Diseminasi dan Penguatan HAM",
		.without_documents = true };
	struct demo_act x;
	int64_t id;
	int rc;

	if (demo_act(&x, h->env, p->unit_actor ? p->unit_actor : p->admin,
		p->declared - 3 * HOUR, e) < 0)
		return -1;
	rc = decl_request(&x.s, &rq, &id, e);
	demo_act_end(&x);
	if (rc < 0 || demo_act(&x, h->env, p->approver, p->declared - 2 * HOUR, e) < 0)
		return -1;
	rc = decl_decide(&x.s, &ap, e);
	demo_act_end(&x);
	return rc;
}

/* The event's record and the signed statement, then the confirmation. */
static int
declare_record(struct history *h, const struct demo_past *p, struct err *e)
{
	/* clang-format off */
	/* The Director General's representative watched online from
	 * Jakarta; the regional leadership's witness was on site. */
	const struct decl_witness w[] = {
		{ "Hajerati", "Direktur Diseminasi dan Penguatan HAM",
		    "Direktorat Jenderal HAM", "ditjen_ham", "daring", "Jakarta" },
		{ p->forkopimda, "Perwakilan Forkopimda", "Forum Koordinasi Pimpinan Daerah",
		    "forkopimda", "luring", "" },
	};
	/* clang-format on */
	char day[TIME_DATE_LEN];
	struct decl_record_in rec = { .participation = p->participation,
		.date = local_date(p, p->declared, day),
		.mode = "luring",
		.attendance = 85,
		.witnesses = w,
		.witness_count = 2,
		.without_documents = true };
	struct decl_upload_in up = { .participation = p->participation };
	int64_t actor = p->unit_actor ? p->unit_actor : p->admin;
	enum decl_upload_part refused;
	struct file_in statement;
	struct demo_act x;
	int rc;

	if (demo_act(&x, h->env, actor, p->declared + HOUR, e) < 0)
		return -1;
	rc = decl_record(&x.s, &rec, e);
	demo_act_end(&x);
	if (rc < 0 ||
	    sample_file(h, &h->statement, "pernyataan-bertanda-tangan.pdf", &statement, e) < 0 ||
	    demo_act(&x, h->env, actor, p->declared + 2 * HOUR, e) < 0)
		return -1;
	up.statement = &statement;
	rc = decl_upload(&x.s, &up, &refused, e);
	demo_act_end(&x);
	unlink(h->tmp);
	if (rc < 0 || demo_act(&x, h->env, p->regional, p->declared + 3 * HOUR, e) < 0)
		return -1;
	rc = decl_confirm(&x.s, p->participation, e);
	demo_act_end(&x);
	return rc;
}

/* The answers: every indicator that applies on the scale's first option
 * (those of the weak criterion on its last). *ev receives the indicators
 * that need evidence, their codes in h's memory. */
static int
build_answers(struct history *h, const struct demo_past *p, struct arena *keep,
    const char ***ev, size_t *nev, struct err *e)
{
	const struct rb_indicator *ind;
	struct answer_in *a;
	struct building b;
	struct demo_act x;
	size_t i, j, n = 0;
	int rc = -1;

	if (demo_act_in_unit(&x, h->env, p, p->unit_actor, ROLE_OPERATOR,
		p->declared + DAY, e) < 0)
		return -1;
	if (building_load(&x.s, p->participation, &b, e) < 0)
		goto out;
	a = arena_alloc(&x.a, 512 * sizeof(*a));
	*ev = arena_alloc(keep, 512 * sizeof(**ev));
	*nev = 0;
	for (i = 0; a != NULL && *ev != NULL && i < b.rb->criterion_count; i++)
		for (j = 0; j < b.rb->criteria[i].indicator_count && n < 512; j++) {
			ind = &b.rb->criteria[i].indicators[j];
			if (building_indicator(&b, ind->code) == NULL)
				continue;
			a[n++] = (struct answer_in){ ind->code,
				p->weak_criterion != NULL &&
					strcmp(b.rb->criteria[i].code, p->weak_criterion) == 0
				    ? ind->scale->options[ind->scale->option_count - 1].code
				    : ind->scale->options[0].code,
				"" };
			if (ind->evidence_required)
				(*ev)[(*nev)++] = arena_strdup(keep, ind->code);
		}
	if (a == NULL || *ev == NULL)
		err_set(e, ERR_NOMEM, "out of memory");
	else
		rc = building_save(&x.s, p->participation, &building_fill, a, n, e);
out:
	building_free(&b);
	demo_act_end(&x);
	return rc;
}

/* The self-assessment: answers, the sample evidence wherever evidence is
 * required, and the head's submission. */
static int
build(struct history *h, const struct demo_past *p, struct err *e)
{
	struct evidence_in in = { .participation = p->participation };
	struct file_in f;
	struct arena keep;
	struct demo_act x;
	const char **ev;
	char name[96];
	size_t i, n;
	int rc = -1;

	arena_init(&keep, 1u << 20);
	if (build_answers(h, p, &keep, &ev, &n, e) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "data-dukung-%s.pdf", ev[i]);
		if (sample_file(h, &h->evidence, name, &f, e) < 0 ||
		    demo_act_in_unit(&x, h->env, p, p->unit_actor, ROLE_OPERATOR,
			p->declared + DAY + HOUR, e) < 0)
			goto out;
		in.indicator = ev[i];
		in.file = &f;
		rc = building_upload(&x.s, &building_fill, &in, NULL, NULL, e);
		demo_act_end(&x);
		unlink(h->tmp);
		if (rc < 0)
			goto out;
	}
	rc = -1;
	if (demo_act_in_unit(&x, h->env, p, p->head_actor, ROLE_UNIT_HEAD,
		p->declared + 2 * DAY, e) < 0)
		goto out;
	rc = building_submit(&x.s, p->participation, e);
	demo_act_end(&x);
out:
	arena_free(&keep);
	return rc;
}

/* The evaluation gate's decision. */
static int
evaluate(struct history *h, const struct demo_past *p, struct err *e)
{
	const struct reason_in reason = { p->weak_criterion, p->fail_reason };
	struct evaluation_in in = { .participation = p->participation,
		.pass = p->evaluation > 0,
		.note = "",
		.reasons = &reason,
		.reason_count = p->evaluation > 0 ? 0 : 1,
		.without_documents = true };
	struct demo_act x;
	int rc;

	if (demo_act(&x, h->env, p->regional, p->declared + 3 * DAY, e) < 0)
		return -1;
	rc = evaluation_decide(&x.s, &in, NULL, e);
	demo_act_end(&x);
	return rc;
}

int
demo_sample_pdf(struct buf *b, const char *title, const char *text, struct err *e)
{
	const char *const paras[] = { text };
	const struct pdf_doc doc = { .title = title,
		.paragraphs = paras,
		.nparagraphs = 1,
		.qr_text = "P2HAM demo",
		.meta_created = "2026-01-01T00:00:00Z" };

	buf_init(b, 0);
	if (pdf_render(&doc, b, e) < 0)
		return -1;
	if (b->failed) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

int
demo_seed_history(const struct demo_env *env, const struct demo_past *past, size_t n,
    struct err *e)
{
	struct history h = { .env = env };
	size_t i;
	int rc = -1;

	if (demo_sample_pdf(&h.evidence, "CONTOH DATA DUKUNG",
		"Berkas ini adalah contoh data "
		"dukung yang dimuat oleh data demo P2HAM. Pada penggunaan sebenarnya "
		"unit kerja "
		"mengunggah foto, dokumen standar pelayanan, surat keputusan atau bukti "
		"lain "
		"untuk setiap indikator.",
		e) < 0 ||
	    demo_sample_pdf(&h.statement, "CONTOH SURAT PERNYATAAN",
		"Berkas ini mewakili surat "
		"pernyataan pencanangan yang telah ditandatangani kepala unit kerja, "
		"dimuat "
		"oleh data demo P2HAM.",
		e) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (declare_request(&h, &past[i], e) < 0 ||
		    declare_record(&h, &past[i], e) < 0 ||
		    (past[i].built && build(&h, &past[i], e) < 0) ||
		    (past[i].evaluation != 0 && evaluate(&h, &past[i], e) < 0))
			goto out;
	}
	rc = 0;
out:
	buf_free(&h.evidence);
	buf_free(&h.statement);
	return rc;
}
