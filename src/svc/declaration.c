/*
 * declaration.c - the declaration stage's reads, the request (of one unit
 * or several) and the decision on it: approval, which issues each member
 * unit's statement to be signed, or rejection with a reason, back to
 * draft (see declaration.h).
 */
#include <string.h>

#include "svc/audit.h"
#include "svc/declaration.h"
#include "svc/documents.h"
#include "svc/document_words.h"
#include "base/timefmt.h"

const char *
decl_str(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s != NULL ? s : "";
}

int64_t
decl_num(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

enum decl_status
decl_status_of(json_t *row)
{
	return decl_status_parse(json_string_value(json_object_get(row, "status")));
}

json_t *
decl_of(struct svc *s, const struct participation *p, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, DB_DECL_OF_PARTICIPATION, (struct db_param[]){ DBP_INT(p->id) },
		1, &rows, e) < 0)
		return NULL;
	return rows;
}

json_t *
decl_statements(struct svc *s, int64_t pid, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, DB_DECL_STATEMENTS, (struct db_param[]){ DBP_INT(pid) }, 1,
		&rows, e) < 0)
		return NULL;
	files_describe(s, rows);
	return rows;
}

struct decl_member *
decl_members_load(struct svc *s, int64_t id, size_t *n, struct err *e)
{
	json_t *rows = NULL, *row;
	struct decl_member *m;
	struct err e2;
	size_t i;

	if (db_exec(s->c, DB_DECL_MEMBERS, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	*n = json_array_size(rows);
	if ((m = arena_alloc(s->arena, (*n + 1) * sizeof(*m))) == NULL) {
		json_decref(rows);
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].id = decl_num(row, "participation_id");
		m[i].unit_name = arena_strdup(s->arena, decl_str(row, "unit_name"));
		err_clear(&e2);
		m[i].visible = participation_load(s, m[i].id, &m[i].p, &e2) == 0;
		if (!m[i].visible && e2.status >= 500) {
			*e = e2;
			json_decref(rows);
			return NULL;
		}
	}
	json_decref(rows);
	return m;
}

bool
decl_members_may(struct svc *s, struct decl_member *m, size_t n, enum transition t, bool complete)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!m[i].visible || !participation_may(s, &m[i].p, t, complete))
			return false;
	return n > 0;
}

/* t's calendar day in p's zone, in the arena; "" when t is 0. */
static const char *
local_day(struct svc *s, const struct participation *p, time_t t)
{
	char day[TIME_DATE_LEN];

	return t == 0 ? ""
		      : arena_strdup(s->arena, time_local_date(t, tz_offset(p->tz), day));
}

void
decl_days_of(struct svc *s, const struct participation *p, json_t *d, struct decl_days *days)
{
	const struct cycle_window *w = machine_window(p->windows, p->nwindows,
	    STAGE_DECLARATION);
	time_t requested = 0;

	*days = (struct decl_days){ local_day(s, p, s->now), "", "", "", "" };
	if (w != NULL) {
		days->opens = local_day(s, p, w->opens);
		days->deadline = local_day(s, p, w->deadline);
	}
	if (d == NULL)
		return;
	if (time_parse_iso(decl_str(d, "requested_at"), &requested) == 0)
		days->requested = local_day(s, p, requested);
	days->proposed = arena_strdup(s->arena, decl_str(d, "proposed_date"));
	if (days->opens == NULL || days->deadline == NULL || days->today == NULL ||
	    days->requested == NULL || days->proposed == NULL)
		*days = (struct decl_days){ "", "", "", "", "" };
}

const char *
decl_date_message(struct svc *s, enum decl_date r, const struct decl_days *days)
{
	enum time_lang tl = i18n_time_lang(s->lang);
	char key[64], from[16], to[16], n[16];

	snprintf(key, sizeof(key), "declaration.date.%s", decl_date_code(r));
	snprintf(n, sizeof(n), "%d", DECL_RECORD_SLACK_DAYS);
	if (!decl_day_shift(days->proposed, -DECL_RECORD_SLACK_DAYS, from) ||
	    !decl_day_shift(days->proposed, DECL_RECORD_SLACK_DAYS, to))
		from[0] = to[0] = '\0';
	return i18n_subst(s->arena, i18n_get(s->lang, key), "today",
	    time_date_text(s->arena, days->today, tl), "opens",
	    time_date_text(s->arena, days->opens, tl), "deadline",
	    time_date_text(s->arena, days->deadline, tl), "requested",
	    time_date_text(s->arena, days->requested, tl), "proposed",
	    time_date_text(s->arena, days->proposed, tl), "from",
	    time_date_text(s->arena, from, tl), "to", time_date_text(s->arena, to, tl),
	    "days", n, (const char *)NULL);
}

int
decl_refuse(struct err *e, enum err_kind k, const char *msg)
{
	err_set(e, k, "%s", msg);
	return -1;
}

static int
refuse_key(struct svc *s, struct err *e, const char *key)
{
	return decl_refuse(e, ERR_REFUSED, i18n_get(s->lang, key));
}

/* Member i could not be guarded (e2): a refusal naming its unit. */
static int
member_refusal(struct svc *s, const struct decl_member *m, const struct err *e2, struct err *e)
{
	if (!m->visible || e2->status == 403 || e2->status == 404)
		return decl_refuse(e, ERR_DENIED,
		    i18n_subst(s->arena, i18n_get(s->lang, "declaration.error.member_denied"),
			"unit", m->unit_name, (const char *)NULL));
	return decl_refuse(e, e2->kind,
	    i18n_subst(s->arena, i18n_get(s->lang, "declaration.error.member_refused"),
		"unit", m->unit_name, "reason", e2->msg, (const char *)NULL));
}

/*
 * Guard t on every member. The page's own participation (self) answers
 * with its own error; another member's refusal names its unit.
 */
static int
members_guard(struct svc *s, int64_t self, struct decl_member *m, size_t n,
    enum transition t, bool complete, struct err *e)
{
	struct err e2;
	size_t i;

	for (i = 0; i < n; i++) {
		err_clear(&e2);
		if (m[i].visible &&
		    participation_guard(s, &m[i].p, t, complete, &m[i].step, &e2) == 0)
			continue;
		if (m[i].id == self) {
			*e = e2;
			return -1;
		}
		return member_refusal(s, &m[i], &e2, e);
	}
	return 0;
}

json_t *
decl_start(struct svc *s, struct participation *p, unsigned statuses, const char *none_key,
    enum transition t, bool complete, struct decl_member **m, size_t *n, struct err *e)
{
	struct machine_step step;
	json_t *rows, *d;

	if (participation_guard(s, p, t, complete, &step, e) < 0 ||
	    (rows = decl_of(s, p, e)) == NULL)
		return NULL;
	d = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (d == NULL || decl_num(d, "live") != 1 || decl_status_of(d) >= DECL_STATUS_MAX ||
	    (statuses & DECL_IN(decl_status_of(d))) == 0) {
		json_decref(d);
		refuse_key(s, e, none_key);
		return NULL;
	}
	if ((*m = decl_members_load(s, decl_num(d, "id"), n, e)) == NULL ||
	    members_guard(s, p->id, *m, *n, t, complete, e) < 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int
decl_apply_all(struct svc *s, struct decl_member *m, size_t n, enum transition t,
    const char *note, const char *action, int64_t id, json_t *summary, struct err *e)
{
	json_t *ids = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		if (participation_apply(s, &m[i].p, t, &m[i].step, note, e) < 0) {
			json_decref(ids);
			json_decref(summary);
			return -1;
		}
		json_array_append_new(ids, json_integer(m[i].id));
	}
	if (summary == NULL)
		summary = json_object();
	json_object_set_new(summary, "members", ids);
	return svc_audit_new(s, action, "declaration", id, summary, e);
}

int
decl_check(struct svc *s, int64_t pid, enum transition t, struct err *e)
{
	static const struct {
		unsigned statuses;
		const char *none_key;
	} live[TR_MAX] = {
		[TR_APPROVE] = { DECL_IN(DECL_STATUS_REQUESTED), "declaration.error.no_request" },
		[TR_REJECT] = { DECL_IN(DECL_STATUS_REQUESTED), "declaration.error.no_request" },
		[TR_RECORD] = { DECL_IN(DECL_STATUS_APPROVED) | DECL_IN(DECL_STATUS_RECORDED),
		    "declaration.error.no_declaration" },
		[TR_CONFIRM] = { DECL_IN(DECL_STATUS_RECORDED), "declaration.error.not_recorded" },
	};
	struct participation p;
	struct machine_step step;
	struct decl_member *m;
	json_t *d;
	size_t n;

	if (participation_load(s, pid, &p, e) < 0)
		return -1;
	if (t >= TR_MAX || live[t].statuses == 0)
		return participation_guard(s, &p, t, false, &step, e);
	if ((d = decl_start(s, &p, live[t].statuses, live[t].none_key, t, t == TR_CONFIRM,
		 &m, &n, e)) == NULL)
		return -1;
	json_decref(d);
	return 0;
}

/* Load and guard the members of a request into parts and steps. */
static int
request_members(struct svc *s, const struct decl_request_in *in,
    struct participation *parts, struct machine_step *steps, struct err *e)
{
	enum lang l = s->lang;
	struct decl_member m;
	struct err e2;
	size_t i;

	for (i = 0; i < in->member_count; i++) {
		err_clear(&e2);
		if (participation_load(s, in->members[i], &parts[i], &e2) < 0) {
			if (in->member_count == 1 || e2.status >= 500) {
				*e = e2;
				return -1;
			}
			return decl_refuse(e, ERR_INVALID,
			    i18n_get(l, "declaration.joint.error_members"));
		}
		if (in->cycle != 0 && parts[i].cycle_id != in->cycle)
			return decl_refuse(e, ERR_INVALID,
			    i18n_get(l, "declaration.joint.error_members"));
		if (parts[i].province != parts[0].province)
			return decl_refuse(e, ERR_INVALID,
			    i18n_get(l, "declaration.joint.error_province"));
		if (participation_guard(s, &parts[i], TR_REQUEST, false, &steps[i], &e2) == 0)
			continue;
		if (in->member_count == 1) {
			*e = e2;
			return -1;
		}
		m = (struct decl_member){ .id = parts[i].id,
			.unit_name = parts[i].unit_name,
			.visible = true };
		return member_refusal(s, &m, &e2, e);
	}
	return 0;
}

/* The proposed date against today and the window of p (the first
 * member; all are of one province, so of one time zone); else 422. */
static int
request_date(struct svc *s, const struct decl_request_in *in,
    const struct participation *p, struct err *e)
{
	struct decl_days days;
	enum decl_date r;

	decl_days_of(s, p, NULL, &days);
	if ((r = decl_request_date(in->date, &days)) == DECL_DATE_OK)
		return 0;
	return decl_refuse(e, ERR_INVALID, decl_date_message(s, r, &days));
}

/* The request's writes: the row, its members and their transitions. */
static int
request_write(struct svc *s, const struct decl_request_in *in, struct participation *parts,
    const struct machine_step *steps, int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL, *ids;
	size_t i;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_DECL_INSERT,
		(struct db_param[]){ DBP_INT(parts[0].cycle_id),
		    DBP_INT(parts[0].province), DBP_TEXT(in->date), DBP_TEXT(in->mode),
		    DBP_TEXT(in->place), DBP_TEXT(in->link),
		    DBP_TEXT(in->planned_witnesses), DBP_INT(s->actor_id), DBP_TEXT(now) },
		9, &rows, e) < 0)
		return -1;
	*id = decl_num(json_array_get(rows, 0), "id");
	json_decref(rows);
	ids = json_array();
	for (i = 0; i < in->member_count; i++) {
		if (db_exec(s->c, DB_DECL_MEMBER_INSERT,
			(struct db_param[]){ DBP_INT(*id), DBP_INT(parts[i].id) }, 2,
			NULL, e) < 0 ||
		    participation_apply(s, &parts[i], TR_REQUEST, &steps[i], NULL, e) < 0) {
			json_decref(ids);
			if (e->kind == ERR_CONFLICT)
				refuse_key(s, e, "declaration.error.already_requested");
			return -1;
		}
		json_array_append_new(ids, json_integer(parts[i].id));
	}
	return svc_audit_new(s, "declaration.request", "declaration", *id,
	    json_pack("{s:I, s:i, s:s, s:s, s:o}", "cycle", (json_int_t)parts[0].cycle_id,
		"province", parts[0].province, "proposed_date", in->date, "mode",
		in->mode, "members", ids),
	    e);
}

int
decl_request(struct svc *s, const struct decl_request_in *in, int64_t *id, struct err *e)
{
	struct participation *parts;
	struct machine_step *steps;

	*id = 0;
	if (in->member_count == 0 || in->member_count > DECL_MEMBERS_MAX)
		return decl_refuse(e, ERR_INVALID,
		    i18n_get(s->lang,
			in->member_count == 0 ? "declaration.joint.error_none"
					      : "declaration.joint.error_members"));
	parts = arena_alloc(s->arena, in->member_count * sizeof(*parts));
	steps = arena_alloc(s->arena, in->member_count * sizeof(*steps));
	if (parts == NULL || steps == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if (request_members(s, in, parts, steps, e) < 0 ||
	    request_date(s, in, &parts[0], e) < 0 ||
	    request_write(s, in, parts, steps, id, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		*id = 0;
		return -1;
	}
	return 0;
}

/* Withdraw the statements issued to p for earlier declarations than d. */
static int
withdraw_earlier(struct svc *s, const struct participation *p, json_t *d, struct err *e)
{
	json_t *rows = NULL, *row;
	int64_t doc;
	size_t i;
	int rc = 0;

	if (db_exec(s->c, DB_DECL_EARLIER_DOCUMENTS,
		(struct db_param[]){ DBP_INT(p->id), DBP_INT(decl_num(d, "id")) }, 2,
		&rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		doc = decl_num(row, "document_id");
		if ((document_withdraw(s, doc,
			 i18n_get(LANG_ID, "declaration.withdraw_reason"), e) < 0 &&
			e->status != 409) ||
		    db_exec(s->c, DB_DECL_DOCUMENT_WITHDRAWN,
			(struct db_param[]){ DBP_INT(p->id), DBP_INT(doc) }, 2, NULL, e) < 0) {
			rc = -1;
			break;
		}
	}
	json_decref(rows);
	return rc;
}

/* Make member m's statement for declaration d into *doc, outside any
 * transaction (document_prepare). */
static int
make_statement(struct svc *s, json_t *d, const struct decl_member *m,
    struct doc_prepared *doc, struct err *e)
{
	const enum lang l = LANG_ID; /* official documents are Indonesian */
	const struct participation *p = &m->p;
	json_t *model;
	int rc;

	model = json_pack("{s:s, s:s?, s:s?, s:s, s:{s:b}, s:s, s:s, s:s}", "unit_name",
	    p->unit_name, "head_name", p->head_name && p->head_name[0] ? p->head_name : NULL,
	    "head_title", p->head_title && p->head_title[0] ? p->head_title : NULL, "date",
	    time_date_text(s->arena, decl_str(d, "proposed_date"), i18n_time_lang(l)),
	    "mode", decl_str(d, "mode"), 1, "event_place", decl_str(d, "place"), "event_link",
	    decl_str(d, "link"), "province", p->province_name ? p->province_name : "");
	if (model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (json_array_size(json_object_get(d, "recorded_witnesses")) > 0) {
		json_object_set(model, "witnesses", json_object_get(d, "recorded_witnesses"));
		json_object_set_new(model, "has_witnesses", json_true());
	}
	rc = document_words_prepare(s, DOC_DECLARATION_STATEMENT, l, model, p->id,
	    p->unit_id, p->unit_name, doc, e);
	json_decref(model);
	return rc;
}

/* Put member m's statement (the one of docs made for it) on the record
 * for declaration d, withdrawing its earlier ones, in s's transaction. */
static int
record_statement(struct svc *s, json_t *d, const struct decl_member *m,
    const struct doc_prepared *docs, size_t ndocs, struct err *e)
{
	int64_t id;
	size_t i;

	for (i = 0; i < ndocs && docs[i].participation_id != m->id; i++)
		;
	if (i == ndocs)
		return refuse_key(s, e, "participation.refusal.changed");
	if (withdraw_earlier(s, &m->p, d, e) < 0 || document_record(s, &docs[i], &id, e) < 0)
		return -1;
	return db_exec(s->c, DB_DECL_MEMBER_SET_DOCUMENT,
	    (struct db_param[]){ DBP_INT(decl_num(d, "id")), DBP_INT(m->id), DBP_INT(id) },
	    3, NULL, e);
}

int
decl_statements_make(struct svc *s, json_t *d, const struct decl_member *m, size_t n,
    struct doc_prepared **docs, size_t *ndocs, struct err *e)
{
	size_t i;

	if ((*docs = arena_alloc(s->arena, (n + 1) * sizeof(**docs))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&(*docs)[i], 0, sizeof((*docs)[i]));
		*ndocs = i + 1;
		if (make_statement(s, d, &m[i], &(*docs)[i], e) < 0)
			return -1;
	}
	return 0;
}

int
decl_statement_put(struct svc *s, json_t *d, const struct decl_member *m,
    const struct doc_prepared *docs, size_t ndocs, struct err *e)
{
	json_t *rows = NULL;
	int64_t doc;

	if (db_exec(s->c, DB_DECL_MEMBER_DOCUMENT,
		(struct db_param[]){ DBP_INT(decl_num(d, "id")), DBP_INT(m->id) }, 2,
		&rows, e) < 0)
		return -1;
	doc = decl_num(json_array_get(rows, 0), "document_id");
	json_decref(rows);
	if (doc != 0 &&
	    ((document_withdraw(s, doc, i18n_get(LANG_ID, "declaration.replaced_reason"), e) < 0 &&
		 e->status != 409) ||
		db_exec(s->c, DB_DECL_DOCUMENT_WITHDRAWN,
		    (struct db_param[]){ DBP_INT(m->id), DBP_INT(doc) }, 2, NULL, e) < 0))
		return -1;
	return record_statement(s, d, m, docs, ndocs, e);
}

/* The decision's writes on the live request d with members m, and the
 * statements docs made for them (approval) put on the record. */
static int
decide_write(struct svc *s, const struct decl_decision_in *in, json_t *d,
    struct decl_member *m, size_t n, const struct doc_prepared *docs, size_t ndocs,
    struct err *e)
{
	bool approve = in->approve;
	const char *reason = approve ? NULL : in->reason;
	const char *wname = approve ? in->witness_name : NULL;
	const char *wpos = approve ? in->witness_position : NULL;
	char now[TIME_ISO_LEN];
	size_t i;

	time_iso(s->now, now);
	if (svc_exec_moved(s, DB_DECL_DECIDE,
		(struct db_param[]){ DBP_INT(decl_num(d, "id")),
		    DBP_TEXT(decl_status_code(approve ? DECL_STATUS_APPROVED : DECL_STATUS_REJECTED)),
		    DBP_INT(s->actor_id), DBP_TEXT(now), reason ? DBP_TEXT(reason) : DBP_NULL,
		    wname ? DBP_TEXT(wname) : DBP_NULL, wpos ? DBP_TEXT(wpos) : DBP_NULL },
		7, e) < 0)
		return -1;
	if (!approve &&
	    db_exec(s->c, DB_DECL_MEMBERS_RELEASE,
		(struct db_param[]){ DBP_INT(decl_num(d, "id")) }, 1, NULL, e) < 0)
		return -1;
	if (decl_apply_all(s, m, n, approve ? TR_APPROVE : TR_REJECT, reason,
		approve ? "declaration.approve" : "declaration.reject", decl_num(d, "id"),
		approve ? json_pack("{s:s, s:s}", "ditjen_witness_name", wname,
			      "ditjen_witness_position", wpos)
			: json_pack("{s:s}", "reason", reason),
		e) < 0)
		return -1;
	for (i = 0; approve && !in->without_documents && i < n; i++)
		if (record_statement(s, d, &m[i], docs, ndocs, e) < 0)
			return -1;
	return 0;
}

/* Guard the decision on the live request of in->participation: its row
 * into *d (a new reference) and its members into *m, *n. */
static int
decide_start(struct svc *s, const struct decl_decision_in *in, json_t **d,
    struct decl_member **m, size_t *n, struct err *e)
{
	struct participation p;

	*d = NULL;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    (*d = decl_start(s, &p, DECL_IN(DECL_STATUS_REQUESTED), "declaration.error.no_request",
		 in->approve ? TR_APPROVE : TR_REJECT, false, m, n, e)) == NULL)
		return -1;
	return 0;
}

/* Each member's statement of an approval, made before the decision's
 * transaction (rendering is slow); *docs in s->arena. */
static int
make_statements(struct svc *s, const struct decl_decision_in *in,
    struct doc_prepared **docs, size_t *ndocs, struct err *e)
{
	struct decl_member *m;
	json_t *d;
	size_t n;
	int rc = -1;

	*docs = NULL;
	*ndocs = 0;
	if (!in->approve || in->without_documents)
		return 0;
	if (decide_start(s, in, &d, &m, &n, e) == 0)
		rc = decl_statements_make(s, d, m, n, docs, ndocs, e);
	json_decref(d);
	return rc;
}

int
decl_decide(struct svc *s, const struct decl_decision_in *in, struct err *e)
{
	struct doc_prepared *docs;
	struct decl_member *m;
	json_t *d = NULL;
	size_t i, n, ndocs;

	/* Who, when and what first, and the statements made, outside any
	 * transaction; then the decision and its record in one, guarded
	 * again. */
	if (make_statements(s, in, &docs, &ndocs, e) < 0)
		goto abandon;
	if (svc_begin(s, e) < 0)
		goto abandon;
	if (decide_start(s, in, &d, &m, &n, e) < 0 ||
	    decide_write(s, in, d, m, n, docs, ndocs, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		json_decref(d);
		goto abandon;
	}
	json_decref(d);
	return 0;
abandon:
	for (i = 0; i < ndocs; i++)
		document_abandon(s, &docs[i]);
	return -1;
}
