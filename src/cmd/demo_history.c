/*
 * demo_history.c - what the demo units did before the demo starts, written
 * as the stage pages would have written it: the confirmed declaration of
 * every unit past the declaration stage (with its witnesses), the answers
 * and evidence of every unit that submitted its self-assessment, and the
 * evaluation of those evaluated, each with its timeline entry and audit
 * entry, so that every page of a demo participation tells one story.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/audit.h"
#include "svc/files.h"
#include "web/stages/participation.h"
#include "base/buf.h"
#include "cmd/demo.h"
#include "core/rulebook.h"
#include "docs/pdf.h"

/* What the seeding shares: the connection, the time and the evidence file. */
struct history {
	struct db_conn *c;
	const char *now;
	char sha[65];		/* the sample evidence, stored once */
	int64_t size;
	struct arena a;		/* parsed rulebooks */
};

static int
event(struct history *h, const struct demo_past *p, int64_t actor, const char *what,
    const char *stage, const char *state, const char *note, struct err *e)
{
	char action[64];

	snprintf(action, sizeof(action), "participation.%s", what);
	if (db_exec(h->c, DB_PARTICIPATION_EVENT_INSERT, (struct db_param[]){
	    DBP_INT(p->participation), DBP_TEXT(h->now), DBP_INT(actor), DBP_TEXT(what),
	    DBP_TEXT(stage), DBP_TEXT(state), note ? DBP_TEXT(note) : DBP_NULL }, 7, NULL,
	    e) < 0)
		return -1;
	return audit_append(h->c, &(struct audit_entry){ .actor = "demo", .action = action,
	    .object_type = "participation", .object_id = p->participation }, e);
}

/* The declaration event, requested, approved, recorded and confirmed. */
static int
declare(struct history *h, const struct demo_past *p, struct err *e)
{
	json_t *rows = NULL;
	int64_t id;

	if (db_exec(h->c, DB_DECL_INSERT, (struct db_param[]){ DBP_INT(p->cycle),
	    DBP_INT(p->province), DBP_TEXT(p->declared_on), DBP_TEXT("luring"),
	    DBP_TEXT(p->place), DBP_TEXT(""), DBP_TEXT("Perwakilan Ditjen HAM; Forkopimda"),
	    DBP_INT(p->unit_actor), DBP_TEXT(h->now) }, 9, &rows, e) < 0)
		return -1;
	id = demo_returned_id(rows);
	rows = NULL;
	if (db_exec(h->c, DB_DECL_MEMBER_INSERT, (struct db_param[]){ DBP_INT(id),
	    DBP_INT(p->participation) }, 2, NULL, e) < 0 ||
	    db_exec(h->c, DB_DECL_DECIDE, (struct db_param[]){ DBP_INT(id), DBP_TEXT("approved"),
	    DBP_INT(p->approver), DBP_TEXT(h->now), DBP_NULL, DBP_TEXT("Hajerati"),
	    DBP_TEXT("Direktur Diseminasi dan Penguatan HAM") }, 7, NULL, e) < 0 ||
	    db_exec(h->c, DB_DECL_RECORD, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(p->declared_on), DBP_TEXT("luring"), DBP_INT(85), DBP_INT(p->unit_actor),
	    DBP_TEXT(h->now) }, 6, NULL, e) < 0 ||
	    db_exec(h->c, DB_DECL_WITNESS_INSERT, (struct db_param[]){ DBP_INT(id), DBP_INT(1),
	    DBP_TEXT("Hajerati"), DBP_TEXT("Direktur Diseminasi dan Penguatan HAM"),
	    DBP_TEXT("Direktorat Jenderal HAM"), DBP_TEXT("ditjen_ham") }, 6, NULL, e) < 0 ||
	    db_exec(h->c, DB_DECL_WITNESS_INSERT, (struct db_param[]){ DBP_INT(id), DBP_INT(2),
	    DBP_TEXT(p->forkopimda), DBP_TEXT("Perwakilan Forkopimda"),
	    DBP_TEXT("Forum Koordinasi Pimpinan Daerah"), DBP_TEXT("forkopimda") }, 6, NULL,
	    e) < 0 ||
	    db_exec(h->c, DB_DECL_CONFIRM, (struct db_param[]){ DBP_INT(id),
	    DBP_INT(p->regional), DBP_TEXT(h->now) }, 3, &rows, e) < 0)
		return -1;
	json_decref(rows);
	return event(h, p, p->unit_actor, "request", "pencanangan", "requested", NULL, e) < 0 ||
	    event(h, p, p->approver, "approve", "pencanangan", "approved", NULL, e) < 0 ||
	    event(h, p, p->unit_actor, "record", "pencanangan", "approved", NULL, e) < 0 ||
	    event(h, p, p->regional, "confirm", "pembangunan", "building", NULL, e) < 0 ? -1 : 0;
}

/* Answer every indicator that applies with the scale's first option (the
 * last one of the criterion fail_criterion with the scale's last), and
 * attach the sample evidence wherever evidence is required. */
static int
build(struct history *h, const struct demo_past *p, struct err *e)
{
	const struct rulebook *rb;
	const struct rb_indicator *ind;
	const struct rb_option *opt;
	char name[96];
	size_t i, j;

	if ((rb = rulebook_load_in(h->c, &h->a, p->rulebook, e)) == NULL)
		return -1;
	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++) {
			ind = &rb->criteria[i].indicators[j];
			if (!rulebook_indicator_applies(rb, ind, p->unit_type))
				continue;
			opt = &ind->scale->options[0];
			if (p->weak_criterion != NULL &&
			    strcmp(rb->criteria[i].code, p->weak_criterion) == 0)
				opt = &ind->scale->options[ind->scale->option_count - 1];
			if (db_exec(h->c, DB_BUILDING_ANSWER_SAVE, (struct db_param[]){
			    DBP_INT(p->participation), DBP_TEXT(ind->code), DBP_TEXT(opt->code),
			    DBP_TEXT(""), DBP_INT(p->unit_actor), DBP_TEXT(h->now) }, 6, NULL, e) < 0 ||
			    db_exec(h->c, DB_BUILDING_ANSWER_HISTORY_ADD, (struct db_param[]){
			    DBP_INT(p->participation), DBP_TEXT(ind->code), DBP_TEXT(opt->code),
			    DBP_TEXT(""), DBP_INT(p->unit_actor), DBP_TEXT(h->now) }, 6, NULL, e) < 0)
				return -1;
			if (!ind->evidence_required)
				continue;
			snprintf(name, sizeof(name), "data-dukung-%s.pdf", ind->code);
			if (db_exec(h->c, DB_FILE_INSERT, (struct db_param[]){ DBP_TEXT(h->sha),
			    DBP_TEXT(name), DBP_TEXT("application/pdf"), DBP_INT(h->size),
			    DBP_INT(p->participation), DBP_TEXT("evidence"), DBP_TEXT(ind->code),
			    DBP_INT(p->unit_actor), DBP_TEXT(h->now), DBP_NULL }, 10, NULL, e) < 0)
				return -1;
		}
	return event(h, p, p->head_actor, "submit", p->after_submit_stage,
	    p->after_submit_state, NULL, e);
}

/* The evaluation gate's decision (no document: the demo issues none). */
static int
evaluate(struct history *h, const struct demo_past *p, struct err *e)
{
	json_t *rows = NULL;
	int64_t id;
	bool pass = p->evaluation > 0;

	if (db_exec(h->c, DB_EVALUATION_INSERT, (struct db_param[]){ DBP_INT(p->participation),
	    DBP_TEXT(pass ? "pass" : "fail"), DBP_INT(p->regional), DBP_TEXT(h->now),
	    DBP_TEXT("") }, 5, &rows, e) < 0)
		return -1;
	id = demo_returned_id(rows);
	if (!pass && db_exec(h->c, DB_EVALUATION_REASON_ADD, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(p->weak_criterion), DBP_TEXT(p->fail_reason) }, 3, NULL, e) < 0)
		return -1;
	return event(h, p, p->regional, pass ? "pass" : "fail",
	    pass ? "penilaian" : "evaluasi", pass ? "evidence_open" : "failed",
	    pass ? NULL : p->fail_reason, e);
}

/* A one-page PDF that stands for the units' evidence, stored once. */
static int
sample_evidence(struct history *h, const char *data_dir, struct err *e)
{
	static const char *const paras[] = {
		"Berkas ini adalah contoh data dukung yang dimuat oleh data demo P2HAM. "
		"Pada penggunaan sebenarnya unit kerja mengunggah foto, dokumen standar "
		"pelayanan, surat keputusan atau bukti lain untuk setiap indikator.",
	};
	const struct pdf_doc doc = { .title = "CONTOH DATA DUKUNG", .paragraphs = paras,
		.nparagraphs = 1, .qr_text = "P2HAM demo", .meta_created = "2026-01-01T00:00:00Z" };
	unsigned char hash[crypto_hash_sha256_BYTES];
	char dir[4096], tmp[4200];
	struct req_file f = { 0 };
	struct buf b;
	int fd = -1, rc = -1;

	buf_init(&b, 0);
	if (pdf_render(&doc, &b, e) < 0 || b.failed)
		goto out;
	crypto_hash_sha256(hash, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(h->sha, sizeof(h->sha), hash, sizeof(hash));
	h->size = (int64_t)b.len;
	snprintf(dir, sizeof(dir), "%s/files", data_dir);
	if (mkdir(dir, 0750) < 0 && errno != EEXIST)
		goto io;
	snprintf(tmp, sizeof(tmp), "%s/demo-evidence-%ld.pdf", dir, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640)) < 0 ||
	    write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) < 0) {
		fd = -1;
		unlink(tmp);
		goto io;
	}
	f.path = tmp;
	f.size = b.len;
	memcpy(f.sha256, h->sha, sizeof(f.sha256));
	rc = files_store(data_dir, &f, e);
	unlink(tmp);
	goto out;
io:
	err_set(e, ERR_INTERNAL, "cannot write the demo evidence under %s: %s", dir,
	    strerror(errno));
out:
	buf_free(&b);
	return rc;
}

int
demo_seed_history(struct db_conn *c, const char *data_dir, const char *now,
    const struct demo_past *past, size_t n, struct err *e)
{
	struct history h = { .c = c, .now = now };
	size_t i;
	int rc = -1;

	arena_init(&h.a, 16u << 20);
	if (sample_evidence(&h, data_dir, e) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (declare(&h, &past[i], e) < 0 ||
		    (past[i].built && build(&h, &past[i], e) < 0) ||
		    (past[i].evaluation != 0 && evaluate(&h, &past[i], e) < 0))
			goto out;
	}
	rc = 0;
out:
	arena_free(&h.a);
	return rc;
}
