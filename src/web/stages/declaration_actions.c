/*
 * declaration_actions.c - the posts of the declaration stage, under
 * /partisipasi/{id}/pencanangan/: ajukan (request), setujui (approve: the
 * system then issues each member unit's statement to be signed), tolak
 * (reject with a reason: back to draft), catat (record the event: date,
 * mode, attendance and witnesses), unggah (a member unit's signed statement
 * and photos of the event) and konfirmasi (the regional office
 * confirms: the stage closes and the machine moves on). A decision on a
 * joint declaration applies to every member in one transaction or to
 * none, and a refusal names the unit that stood in the way. A refused post
 * shows the page again with the form as typed.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/stages/declaration.h"
#include "svc/documents.h"
#include "svc/document_words.h"
#include "svc/files.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "web/routes.h"

/* A refusal whose message (in the user's language) the page shows. */
static int
refuse(struct err *e, enum err_kind k, const char *msg)
{
	err_set(e, k, "%s", msg);
	return -1;
}

static int
refuse_key(struct request *req, struct err *e, const char *key)
{
	return refuse(e, ERR_REFUSED, i18n_get(req_lang(req), key));
}

/* True when status is one of the words of list ("a|b"). */
static bool
status_in(const char *status, const char *list)
{
	size_t n = strlen(status);
	const char *w;

	for (w = list; n > 0 && w != NULL; w = strchr(w, '|') ? strchr(w, '|') + 1 : NULL)
		if (strncmp(w, status, n) == 0 && (w[n] == '|' || w[n] == '\0'))
			return true;
	return false;
}

/*
 * Guard t on every member. The page's own participation (self) answers
 * with its own error; another member's refusal names its unit.
 */
static int
members_guard(struct request *req, int64_t self, struct decl_member *m, size_t n,
    enum transition t, bool complete, struct err *e)
{
	enum lang l = req_lang(req);
	struct err e2;
	size_t i;

	for (i = 0; i < n; i++) {
		err_clear(&e2);
		if (m[i].visible && participation_guard(req, &m[i].p, t, complete,
		    &m[i].step, &e2) == 0)
			continue;
		if (m[i].id == self) {
			*e = e2;
			return -1;
		}
		if (!m[i].visible || e2.status == 403 || e2.status == 404)
			return refuse(e, ERR_DENIED, i18n_subst(&req->arena, i18n_get(l,
			    "declaration.error.member_denied"), "unit", m[i].unit_name,
			    (const char *)NULL));
		return refuse(e, e2.kind, i18n_subst(&req->arena, i18n_get(l,
		    "declaration.error.member_refused"), "unit", m[i].unit_name,
		    "reason", e2.msg, (const char *)NULL));
	}
	return 0;
}

/*
 * The common start of a decision on p's live declaration: guard t on p
 * (a role that may not gets its 403 before anything else), find the live
 * declaration in one of statuses (else the refusal of none_key), load its
 * members and guard t on all of them. The declaration, a new reference.
 */
static json_t *
decision_start(struct request *req, struct db_conn *c, struct participation *p,
    const char *statuses, const char *none_key, enum transition t, bool complete,
    struct decl_member **m, size_t *n, struct err *e)
{
	struct machine_step step;
	json_t *rows, *d;

	if (participation_guard(req, p, t, complete, &step, e) < 0 ||
	    (rows = decl_of(c, p, e)) == NULL)
		return NULL;
	d = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (d == NULL || decl_num(d, "live") != 1 || !status_in(decl_str(d, "status"),
	    statuses)) {
		json_decref(d);
		refuse_key(req, e, none_key);
		return NULL;
	}
	if ((*m = decl_members_load(req, c, decl_num(d, "id"), n, e)) == NULL ||
	    members_guard(req, p->id, *m, *n, t, complete, e) < 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/*
 * Show the page again with form f as the user typed it (fields and rows,
 * taken; NULL: from the request) and status, with the message of key, or
 * else the refusal in e. Any other error stays an error page.
 */
static int
show_again(struct request *req, struct reply *rep, struct db_conn *c, enum decl_form f,
    int status, json_t *fields, json_t *rows, const char *key, struct err *e)
{
	struct decl_posted posted = { f, fields, rows, NULL };
	struct participation p;
	int rc;

	if (key != NULL)
		posted.notice = i18n_get(req_lang(req), key);
	else if (err_show(e->kind) == ERR_SHOW_TEXT)
		posted.notice = arena_strdup(&req->arena, e->msg);
	else {
		json_decref(fields);
		json_decref(rows);
		return -1;
	}
	err_clear(e);
	if (posted.fields == NULL)
		posted.fields = decl_fields(req, f, true);
	if (f == DF_RECORD && posted.rows == NULL)
		posted.rows = decl_witness_rows(req, true);
	/* Loaded again: a transaction rolled back may have left p changed. */
	rc = participation_load(req, c, req_param(req, "id")->i, &p, e) < 0 ? -1 :
	    decl_page_model(req, rep, c, &p, &posted, e);
	json_decref(posted.fields);
	json_decref(posted.rows);
	if (rc == 0)
		rep->status = status;
	return rc;
}

/* 303 back to the page, saying what was done. */
static int
done(struct request *req, struct reply *rep, int64_t pid, const char *verb)
{
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/partisipasi/%lld/pencanangan?selesai=%s",
	    (long long)pid, verb);
	return 0;
}

/*
 * Take the post's files for p: the signed statement (replacing the one
 * there was) and photos, each with its timeline entry. *taken receives
 * how many. 1 when one was refused: its message is then on its field.
 */
static int
take_files(struct request *req, struct db_conn *c, const struct participation *p,
    json_t *fields, size_t *taken, struct err *e)
{
	struct stored_file sf, photos[DECL_PHOTOS_MAX];
	const char *field = "pernyataan";
	json_t *old;
	int64_t replaces;
	size_t n = 0, i;

	*taken = 0;
	if ((old = decl_statements(req, c, p->id, e)) == NULL)
		return -1;
	replaces = decl_num(json_array_get(old, 0), "id");
	json_decref(old);
	if (files_accept(req, c, field, p->id, "statement", NULL, replaces, &sf, e) < 0)
		goto refused;
	if (sf.id != 0) {
		(*taken)++;
		if (participation_event(req, c, p, "upload", sf.name, e) < 0)
			return -1;
	}
	field = "foto";
	if (files_accept_all(req, c, field, p->id, "photo", NULL, DECL_PHOTOS_MAX, photos,
	    &n, e) < 0)
		goto refused;
	for (i = 0; i < n; i++)
		if (participation_event(req, c, p, "upload", photos[i].name, e) < 0)
			return -1;
	*taken += n;
	return 0;
refused:
	if (e->status != 422)
		return -1;
	json_object_set_new(json_object_get(fields, field), "error", json_string(e->msg));
	return 1;
}

/* Withdraw the statements issued to p for earlier declarations than d. */
static int
withdraw_earlier(struct request *req, struct db_conn *c, const struct participation *p,
    json_t *d, struct err *e)
{
	json_t *rows = NULL, *row;
	int64_t doc;
	size_t i;
	int rc = 0;

	if (db_exec(c, DB_DECL_EARLIER_DOCUMENTS, (struct db_param[]){ DBP_INT(p->id),
	    DBP_INT(decl_num(d, "id")) }, 2, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		doc = decl_num(row, "document_id");
		if ((document_withdraw(req, c, doc, i18n_get(LANG_ID,
		    "declaration.withdraw_reason"), e) < 0 && e->status != 409) ||
		    db_exec(c, DB_DECL_DOCUMENT_WITHDRAWN, (struct db_param[]){
		    DBP_INT(p->id), DBP_INT(doc) }, 2, NULL, e) < 0) {
			rc = -1;
			break;
		}
	}
	json_decref(rows);
	return rc;
}

/* Issue member m's statement for declaration d, in c: the words are the
 * template's (templates/documents/id/declaration_statement.mustache). */
static int
issue_statement(struct request *req, struct db_conn *c, json_t *d, struct decl_member *m,
    struct err *e)
{
	const enum lang l = LANG_ID;	/* official documents are Indonesian */
	const struct participation *p = &m->p;
	struct doc_content dc = { 0 };
	char serial[DOC_SERIAL_LEN];
	json_t *model;
	int64_t doc;
	int rc;

	model = json_pack("{s:s, s:s?, s:s?, s:s, s:{s:b}, s:s, s:s, s:s}",
	    "unit_name", p->unit_name,
	    "head_name", p->head_name && p->head_name[0] ? p->head_name : NULL,
	    "head_title", p->head_title && p->head_title[0] ? p->head_title : NULL,
	    "date", time_date_text(&req->arena, decl_str(d, "proposed_date"),
	    i18n_time_lang(l)),
	    "mode", decl_str(d, "mode"), 1,
	    "event_place", decl_str(d, "place"), "event_link", decl_str(d, "link"),
	    "province", p->province_name ? p->province_name : "");
	if (model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = document_words(&req->arena, DOC_DECLARATION_STATEMENT, l, model, &dc, e);
	json_decref(model);
	if (rc < 0)
		return -1;
	dc.participation_id = p->id;
	dc.unit_id = p->unit_id;
	dc.unit_name = p->unit_name;
	if (withdraw_earlier(req, c, p, d, e) < 0 ||
	    document_issue(req, c, &dc, serial, &doc, e) < 0)
		return -1;
	return db_exec(c, DB_DECL_MEMBER_SET_DOCUMENT, (struct db_param[]){
	    DBP_INT(decl_num(d, "id")), DBP_INT(p->id), DBP_INT(doc) }, 3, NULL, e);
}

/* Apply t with note to every member and write the audit entry action
 * about declaration id with summary (taken), in the caller's transaction. */
static int
apply_all(struct request *req, struct db_conn *c, struct decl_member *m, size_t n,
    enum transition t, const char *note, const char *action, int64_t id,
    json_t *summary, struct err *e)
{
	json_t *ids = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		if (participation_apply(req, c, &m[i].p, t, &m[i].step, note, e) < 0) {
			json_decref(ids);
			json_decref(summary);
			return -1;
		}
		json_array_append_new(ids, json_integer(m[i].id));
	}
	if (summary == NULL)
		summary = json_object();
	json_object_set_new(summary, "members", ids);
	return audit_record_new(req, c, action, "declaration", id, summary, e);
}

int
decl_create(struct request *req, struct db_conn *c, int64_t cycle, int province,
    struct participation *parts, const struct machine_step *steps, size_t n,
    int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL, *ids;
	size_t i;

	time_iso(time(NULL), now);
	if (db_exec(c, DB_DECL_INSERT, (struct db_param[]){ DBP_INT(cycle), DBP_INT(province),
	    DBP_TEXT(req_param(req, "tanggal")->text), DBP_TEXT(req_param(req, "moda")->text),
	    DBP_TEXT(req_param(req, "tempat")->text), DBP_TEXT(req_param(req, "tautan")->text),
	    DBP_TEXT(req_param(req, "saksi_rencana")->text), DBP_INT(req_auth(req)->user_id),
	    DBP_TEXT(now) }, 9, &rows, e) < 0)
		return -1;
	*id = decl_num(json_array_get(rows, 0), "id");
	json_decref(rows);
	ids = json_array();
	for (i = 0; i < n; i++) {
		if (db_exec(c, DB_DECL_MEMBER_INSERT, (struct db_param[]){ DBP_INT(*id),
		    DBP_INT(parts[i].id) }, 2, NULL, e) < 0 ||
		    participation_apply(req, c, &parts[i], TR_REQUEST, &steps[i], NULL, e) < 0) {
			json_decref(ids);
			if (e->kind == ERR_CONFLICT)
				refuse_key(req, e, "declaration.error.already_requested");
			return -1;
		}
		json_array_append_new(ids, json_integer(parts[i].id));
	}
	return audit_record_new(req, c, "declaration.request", "declaration", *id,
	    json_pack("{s:I, s:i, s:s, s:s, s:o}", "cycle", (json_int_t)cycle, "province",
	    province, "proposed_date", req_param(req, "tanggal")->text, "mode",
	    req_param(req, "moda")->text, "members", ids), e);
}

static int
declaration_request(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct machine_step step;
	struct db_conn *c;
	json_t *fields;
	int64_t id;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if (participation_guard(req, &p, TR_REQUEST, false, &step, e) < 0)
		return show_again(req, rep, c, DF_REQUEST, e->status, NULL, NULL, NULL, e);
	fields = decl_fields(req, DF_REQUEST, true);
	if (decl_check_request(req, &p, fields))
		return show_again(req, rep, c, DF_REQUEST, 422, fields, NULL,
		    "declaration.form_invalid", e);
	json_decref(fields);
	if (db_begin(c, e) < 0)
		return -1;
	if (decl_create(req, c, p.cycle_id, p.province, &p, &step, 1, &id, e) < 0 ||
	    db_commit(c, e) < 0) {
		db_rollback(c);
		return show_again(req, rep, c, DF_REQUEST, e->status, NULL, NULL, NULL, e);
	}
	return done(req, rep, p.id, "ajukan");
}

/* Approve (with the Ditjen HAM witness) or reject (with the reason) p's
 * request, for every unit it covers. */
static int
decide(struct request *req, struct reply *rep, bool approve, struct err *e)
{
	enum decl_form f = approve ? DF_APPROVE : DF_REJECT;
	enum transition t = approve ? TR_APPROVE : TR_REJECT;
	const char *reason = approve ? NULL : req_param(req, "alasan")->text;
	const char *wname = approve ? req_param(req, "saksi_ditjen_nama")->text : NULL;
	const char *wpos = approve ? req_param(req, "saksi_ditjen_jabatan")->text : NULL;
	struct participation p;
	struct decl_member *m;
	struct db_conn *c;
	char now[TIME_ISO_LEN];
	json_t *d, *rows = NULL;
	size_t n, i;
	bool moved;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((d = decision_start(req, c, &p, "requested", "declaration.error.no_request", t,
	    false, &m, &n, e)) == NULL)
		return show_again(req, rep, c, f, e->status, NULL, NULL, NULL, e);
	if (form_has_errors(req)) {
		json_decref(d);
		return show_again(req, rep, c, f, 422, NULL, NULL, "declaration.form_invalid", e);
	}
	time_iso(time(NULL), now);
	if (db_begin(c, e) < 0)
		goto fail;
	if (db_exec(c, DB_DECL_DECIDE, (struct db_param[]){ DBP_INT(decl_num(d, "id")),
	    DBP_TEXT(approve ? "approved" : "rejected"), DBP_INT(req_auth(req)->user_id),
	    DBP_TEXT(now), reason ? DBP_TEXT(reason) : DBP_NULL,
	    wname ? DBP_TEXT(wname) : DBP_NULL, wpos ? DBP_TEXT(wpos) : DBP_NULL }, 7,
	    &rows, e) < 0)
		goto fail;
	moved = json_array_size(rows) == 1;
	json_decref(rows);
	if (!moved) {
		refuse_key(req, e, "participation.refusal.changed");
		goto fail;
	}
	if (!approve && db_exec(c, DB_DECL_MEMBERS_RELEASE, (struct db_param[]){
	    DBP_INT(decl_num(d, "id")) }, 1, NULL, e) < 0)
		goto fail;
	if (apply_all(req, c, m, n, t, reason, approve ? "declaration.approve" :
	    "declaration.reject", decl_num(d, "id"), approve ? json_pack("{s:s, s:s}",
	    "ditjen_witness_name", wname, "ditjen_witness_position", wpos) :
	    json_pack("{s:s}", "reason", reason), e) < 0)
		goto fail;
	for (i = 0; approve && i < n; i++)
		if (issue_statement(req, c, d, &m[i], e) < 0)
			goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	json_decref(d);
	return done(req, rep, p.id, approve ? "setujui" : "tolak");
fail:
	db_rollback(c);
	json_decref(d);
	return show_again(req, rep, c, f, e->status, NULL, NULL, NULL, e);
}

static int
declaration_approve(struct request *req, struct reply *rep, struct err *e)
{
	return decide(req, rep, true, e);
}

static int
declaration_reject(struct request *req, struct reply *rep, struct err *e)
{
	return decide(req, rep, false, e);
}

/* Write the record's witness rows of declaration id, in order. */
static int
write_witnesses(struct request *req, struct db_conn *c, int64_t id, struct err *e)
{
	char nm[24], jb[24], in[24], jn[24];
	int i, pos = 0;

	if (db_exec(c, DB_DECL_WITNESS_CLEAR, (struct db_param[]){ DBP_INT(id) }, 1, NULL,
	    e) < 0)
		return -1;
	for (i = 1; i <= DECL_WITNESS_ROWS; i++) {
		snprintf(nm, sizeof(nm), "saksi_nama_%d", i);
		snprintf(jb, sizeof(jb), "saksi_jabatan_%d", i);
		snprintf(in, sizeof(in), "saksi_instansi_%d", i);
		snprintf(jn, sizeof(jn), "saksi_jenis_%d", i);
		if (!req_param(req, nm)->present)
			continue;
		if (db_exec(c, DB_DECL_WITNESS_INSERT, (struct db_param[]){ DBP_INT(id),
		    DBP_INT(++pos), DBP_TEXT(req_param(req, nm)->text),
		    DBP_TEXT(req_param(req, jb)->text), DBP_TEXT(req_param(req, in)->text),
		    DBP_TEXT(req_param(req, jn)->text) }, 6, NULL, e) < 0)
			return -1;
	}
	return 0;
}

/* The record's writes: the declaration's row, its witnesses, and the
 * members' transitions with the audit entry. */
static int
record_write(struct request *req, struct db_conn *c, json_t *d, struct decl_member *m,
    size_t n, struct err *e)
{
	int64_t id = decl_num(d, "id");
	char now[TIME_ISO_LEN];
	json_t *res = NULL;
	bool moved;

	time_iso(time(NULL), now);
	if (db_exec(c, DB_DECL_RECORD, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(req_param(req, "tanggal_pelaksanaan")->text),
	    DBP_TEXT(req_param(req, "moda_pelaksanaan")->text),
	    DBP_INT(req_param(req, "jumlah_hadir")->i), DBP_INT(req_auth(req)->user_id),
	    DBP_TEXT(now) }, 6, &res, e) < 0)
		return -1;
	moved = json_array_size(res) == 1;
	json_decref(res);
	if (!moved)
		return refuse_key(req, e, "participation.refusal.changed");
	if (write_witnesses(req, c, id, e) < 0)
		return -1;
	return apply_all(req, c, m, n, TR_RECORD, NULL, "declaration.record", id,
	    json_pack("{s:s, s:s, s:I}", "actual_date",
	    req_param(req, "tanggal_pelaksanaan")->text, "actual_mode",
	    req_param(req, "moda_pelaksanaan")->text, "attendance",
	    (json_int_t)req_param(req, "jumlah_hadir")->i), e);
}

static int
declaration_record(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct decl_member *m;
	struct db_conn *c;
	json_t *d, *fields, *rows;
	size_t n;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((d = decision_start(req, c, &p, "approved|recorded",
	    "declaration.error.no_declaration", TR_RECORD, false, &m, &n, e)) == NULL)
		return show_again(req, rep, c, DF_RECORD, e->status, NULL, NULL, NULL, e);
	fields = decl_fields(req, DF_RECORD, true);
	rows = decl_witness_rows(req, true);
	if (decl_check_record(req, &p, fields, rows)) {
		json_decref(d);
		return show_again(req, rep, c, DF_RECORD, 422, fields, rows,
		    "declaration.form_invalid", e);
	}
	if ((rc = db_begin(c, e)) == 0 && (rc = record_write(req, c, d, m, n, e)) == 0)
		rc = db_commit(c, e);
	json_decref(d);
	if (rc != 0) {
		db_rollback(c);
		return show_again(req, rep, c, DF_RECORD, e->status, fields, rows, NULL, e);
	}
	json_decref(fields);
	json_decref(rows);
	return done(req, rep, p.id, "catat");
}

static int
declaration_upload(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct machine_step step;
	struct db_conn *c;
	json_t *fields;
	size_t taken = 0;
	int rc;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if (participation_guard(req, &p, TR_RECORD, false, &step, e) < 0)
		return show_again(req, rep, c, DF_UPLOAD, e->status, NULL, NULL, NULL, e);
	fields = decl_fields(req, DF_UPLOAD, true);
	if ((rc = db_begin(c, e)) == 0 &&
	    (rc = take_files(req, c, &p, fields, &taken, e)) == 0 && taken == 0) {
		form_set_error(req, fields, "pernyataan", "declaration.error.no_file");
		rc = 1;
	}
	if (rc == 0)
		rc = db_commit(c, e);
	if (rc != 0) {
		db_rollback(c);
		return show_again(req, rep, c, DF_UPLOAD, rc > 0 ? 422 : e->status, fields, NULL,
		    rc > 0 ? "declaration.form_invalid" : NULL, e);
	}
	json_decref(fields);
	return done(req, rep, p.id, "unggah");
}

static int
declaration_confirm(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct participation p;
	struct decl_member *m;
	struct db_conn *c;
	char now[TIME_ISO_LEN];
	json_t *d, *st, *res = NULL;
	size_t n, i;
	bool has;

	if ((c = req_db(req, e)) == NULL ||
	    participation_load(req, c, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	/* Policy, state and window first; then what is missing, by unit. */
	if ((d = decision_start(req, c, &p, "recorded", "declaration.error.not_recorded",
	    TR_CONFIRM, true, &m, &n, e)) == NULL)
		return show_again(req, rep, c, DF_CONFIRM, e->status, NULL, NULL, NULL, e);
	for (i = 0; i < n; i++) {
		if ((st = decl_statements(req, c, m[i].id, e)) == NULL)
			goto fail;
		has = json_array_size(st) > 0;
		json_decref(st);
		if (!has) {
			refuse(e, ERR_REFUSED, i18n_subst(&req->arena, i18n_get(l,
			    "declaration.error.statement_missing"), "unit", m[i].unit_name,
			    (const char *)NULL));
			goto fail;
		}
	}
	time_iso(time(NULL), now);
	if (db_begin(c, e) < 0)
		goto fail;
	if (db_exec(c, DB_DECL_CONFIRM, (struct db_param[]){ DBP_INT(decl_num(d, "id")),
	    DBP_INT(req_auth(req)->user_id), DBP_TEXT(now) }, 3, &res, e) < 0)
		goto fail;
	if (json_array_size(res) != 1) {
		refuse_key(req, e, "participation.refusal.changed");
		goto fail;
	}
	if (apply_all(req, c, m, n, TR_CONFIRM, NULL, "declaration.confirm",
	    decl_num(d, "id"), NULL, e) < 0 || db_commit(c, e) < 0)
		goto fail;
	json_decref(d);
	json_decref(res);
	return done(req, rep, p.id, "konfirmasi");
fail:
	db_rollback(c);
	json_decref(d);
	json_decref(res);
	return show_again(req, rep, c, DF_CONFIRM, e->status, NULL, NULL, NULL, e);
}

/* The addresses this file answers, with their declared inputs. */
#define DECL_WITNESS(n) \
	{ "saksi_nama_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_jabatan_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_instansi_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_jenis_" #n, PARAM_FORM, PT_ENUM, false, 0, 0, \
	    "ditjen_ham|forkopimda|lainnya" }
static const struct param_spec p_decl_request[] = {
	PARAM_ID("id"),
	DECL_REQUEST_PARAMS,
	{ NULL },
};
static const struct param_spec p_decl_approve[] = {
	PARAM_ID("id"),
	{ "saksi_ditjen_nama", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ "saksi_ditjen_jabatan", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ NULL },
};
static const struct param_spec p_decl_reject[] = {
	PARAM_ID("id"),
	{ "alasan", PARAM_FORM, PT_MULTILINE, true, 5, 2000, NULL },
	{ NULL },
};
static const struct param_spec p_decl_record[] = {
	PARAM_ID("id"),
	{ "tanggal_pelaksanaan", PARAM_FORM, PT_DATE, true, 0, 0, NULL },
	{ "moda_pelaksanaan", PARAM_FORM, PT_ENUM, true, 0, 0, "luring|daring|hibrida" },
	{ "jumlah_hadir", PARAM_FORM, PT_INT, true, 1, 100000, NULL },
	DECL_WITNESS(1), DECL_WITNESS(2), DECL_WITNESS(3), DECL_WITNESS(4),
	DECL_WITNESS(5), DECL_WITNESS(6), DECL_WITNESS(7), DECL_WITNESS(8),
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/ajukan",
	  .handler = declaration_request, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_request },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/setujui",
	  .handler = declaration_approve, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_approve },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/tolak",
	  .handler = declaration_reject, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_reject },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/catat",
	  .handler = declaration_record, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_record },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/unggah",
	  .handler = declaration_upload, .template = "declaration", .login = true,
	  .csrf = true, .upload = true, .max_files = 1 + 8, .params = route_params_id },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/konfirmasi",
	  .handler = declaration_confirm, .template = "declaration", .login = true,
	  .csrf = true, .params = route_params_id },
};
ROUTE_TABLE(declaration_actions_routes, routes);
