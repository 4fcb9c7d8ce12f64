/*
 * complaints.c - filing a complaint, the tracking code, what the public
 * and the signed-in see of a complaint, and the pieces the other complaint
 * services share (complaints_int.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/workdays.h"
#include "svc/audit.h"
#include "svc/complaints_int.h"
#include "svc/settings.h"

/* No 0/O, 1/I/L, 5/S or 2/Z: a code read aloud or copied by hand. */
static const char code_alphabet[] = "346789ABCDEFGHJKMNPQRTUVWXY";

void
cmp_text_problem(struct svc *s, struct svc_problems *pr, const char *field, const char *t,
    size_t max, const char *missing)
{
	if (str_blank(t)) {
		if (missing != NULL)
			svc_problem(pr, field, svc_msg(s, missing));
	} else if (!utf8_valid(t, strlen(t)) || utf8_chars(t) > max)
		svc_problem(pr, field, svc_msg(s, "complaints.problem.too_long"));
}

const char *
cmp_str(json_t *row, const char *k)
{
	const char *v = json_string_value(json_object_get(row, k));

	return v != NULL ? v : "";
}

enum tz
cmp_tz(json_t *row)
{
	enum tz tz = tz_parse(cmp_str(row, "tz"));

	return tz == TZ_MAX ? TZ_WIB : tz;
}

void
cmp_make_code(char out[COMPLAINT_CODE_LEN])
{
	size_t i, k = 0, n = sizeof(code_alphabet) - 1;

	for (i = 0; i < 10; i++) {
		if (i == 5)
			out[k++] = '-';
		out[k++] = code_alphabet[randombytes_uniform((uint32_t)n)];
	}
	out[k] = '\0';
}

int
complaint_code_norm(const char *typed, char out[COMPLAINT_CODE_LEN])
{
	size_t k = 0;
	const char *p;

	for (p = typed; p != NULL && *p != '\0'; p++) {
		int c = toupper((unsigned char)*p);

		if (c == ' ' || c == '-')
			continue;
		if (strchr(code_alphabet, c) == NULL || k == 11)
			return -1;
		if (k == 5)
			out[k++] = '-';
		out[k++] = (char)c;
	}
	if (k != 11)
		return -1;
	out[k] = '\0';
	return 0;
}

void
cmp_rights_of(struct svc *s, json_t *row, struct cmp_rights *r)
{
	struct object_ref o = { .type = OBJ_PARTICIPATION };
	struct object_ref pg = { .type = OBJ_PROGRESS };

	o.at.province = (int)json_integer_value(json_object_get(row, "province_code"));
	o.at.organization = json_integer_value(json_object_get(row, "organization_id"));
	o.at.unit = json_integer_value(json_object_get(row, "unit_id"));
	pg.at = o.at;
	memset(r, 0, sizeof(*r));
	r->handle = policy_check(s->who, ACT_MENTOR, &o) == POLICY_ALLOW;
	r->member = !r->handle && policy_check(s->who, ACT_FILL, &o) == POLICY_ALLOW;
	r->view = r->handle || r->member ||
	    policy_check(s->who, ACT_PROGRESS_VIEW, &pg) == POLICY_ALLOW;
	r->identity = r->handle ||
	    (r->member && json_integer_value(json_object_get(row, "hide_identity")) == 0);
}

int
complaint_days(struct svc *s, int days[DAYS_MAX], struct err *e)
{
	static const char *const keys[DAYS_MAX] = { "complaint.days.triage",
		"complaint.days.answer", "complaint.days.resolve",
		"complaint.days.auto_close" };
	static const int defaults[DAYS_MAX] = { 3, 5, 10, 10 };
	const char *v;
	int64_t n;
	int i;

	for (i = 0; i < DAYS_MAX; i++) {
		if (settings_get(s, keys[i], &v, e) < 0)
			return -1;
		days[i] = v != NULL && str_to_i64(v, strlen(v), 0, WORKDAYS_MAX, &n) == 0
		    ? (int)n
		    : defaults[i];
	}
	return 0;
}

int
cmp_deadline(struct svc *s, time_t from, int n, enum tz tz, time_t *out, struct err *e)
{
	char lo[TIME_DATE_LEN], hi[TIME_DATE_LEN];
	json_t *rows = NULL, *r;
	struct holidays h = { NULL, 0 };
	int *days, y, m, d;
	size_t i;

	time_local_date(from, tz_offset(tz), lo);
	time_local_date(from + (time_t)(n * 2 + 60) * 86400, tz_offset(tz), hi);
	if (db_exec(s->c, DB_HOLIDAY_RANGE,
		(struct db_param[]){ DBP_TEXT(lo), DBP_TEXT(hi) }, 2, &rows, e) < 0)
		return -1;
	days = arena_alloc(s->arena, (json_array_size(rows) + 1) * sizeof(*days));
	if (days == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_array_foreach(rows, i, r)
		if (time_parse_date(cmp_str(r, "day"), &y, &m, &d) == 0)
			days[h.count++] = y * 10000 + m * 100 + d;
	h.days = days;
	json_decref(rows);
	*out = workdays_deadline(from, n < 0 ? 0 : (unsigned)n, tz, &h);
	return 0;
}

json_t *
cmp_row_id(struct svc *s, enum db_stmt st, int64_t id, struct err *e)
{
	return db_row(s->c, st, id, "complaint", e);
}

json_t *
cmp_row_code(struct svc *s, const char *code, struct err *e)
{
	char norm[COMPLAINT_CODE_LEN];
	json_t *rows = NULL, *row;

	if (complaint_code_norm(code, norm) < 0) {
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "complaints.problem.code"));
		return NULL;
	}
	if (db_exec(s->c, DB_COMPLAINT_BY_CODE, (struct db_param[]){ DBP_TEXT(norm) }, 1,
		&rows, e) < 0)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (row == NULL)
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "complaints.problem.code"));
	return row;
}

int
cmp_step(struct svc *s, int64_t id, const char *kind, const char *body, bool is_public,
    struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	return db_exec(s->c, DB_COMPLAINT_STEP_ADD,
	    (struct db_param[]){ DBP_INT(id), DBP_TEXT(kind), DBP_TEXT(body ? body : ""),
		DBP_INT(is_public), DBP_ID(s->actor_id), DBP_TEXT(now) },
	    6, NULL, e);
}

static const char *
opt(json_t *row, const char *k)
{
	return json_string_value(json_object_get(row, k));
}

void
cmp_state_of(json_t *row, struct cmp_state *st)
{
	st->status = opt(row, "status");
	st->referred_to = opt(row, "referred_to");
	st->reason = cmp_str(row, "reason");
	st->answer_due = opt(row, "answer_due");
	st->resolve_due = opt(row, "resolve_due");
	st->due_at = opt(row, "due_at");
	st->triaged_at = opt(row, "triaged_at");
	st->answered_at = opt(row, "answered_at");
	st->closed_at = opt(row, "closed_at");
	st->reopened = (int)json_integer_value(json_object_get(row, "reopened"));
}

static struct db_param
text_or_null(const char *v)
{
	return v != NULL ? DBP_TEXT(v) : DBP_NULL;
}

int
cmp_move(struct svc *s, json_t *row, const struct cmp_state *st, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct db_param p[14];

	time_iso(s->now, now);
	p[0] = DBP_INT(json_integer_value(json_object_get(row, "id")));
	p[1] = DBP_TEXT(cmp_str(row, "status"));
	p[2] = DBP_TEXT(cmp_str(row, "updated_at"));
	p[3] = DBP_TEXT(st->status);
	p[4] = text_or_null(st->referred_to);
	p[5] = DBP_TEXT(st->reason ? st->reason : "");
	p[6] = text_or_null(st->answer_due);
	p[7] = text_or_null(st->resolve_due);
	p[8] = text_or_null(st->due_at);
	p[9] = text_or_null(st->triaged_at);
	p[10] = text_or_null(st->answered_at);
	p[11] = text_or_null(st->closed_at);
	p[12] = DBP_INT(st->reopened);
	p[13] = DBP_TEXT(now);
	return svc_exec_moved(s, DB_COMPLAINT_MOVE, p, 14, e);
}

/* iso in row's zone as "29 November 2026 18.00 WITA", into row[k_text]. */
static void
when(struct svc *s, json_t *row, const char *k, enum tz tz)
{
	const char *iso = opt(row, k), *t;
	char key[48];

	if (iso == NULL)
		return;
	t = time_iso_text(s->arena, iso, tz_offset(tz), tz_code(tz),
	    s->lang == LANG_EN ? TIME_EN : TIME_ID, TIME_DATE_TIME);
	snprintf(key, sizeof(key), "%s_text", k);
	json_object_set_new(row, key, json_string(t ? t : iso));
}

void
cmp_describe(struct svc *s, json_t *row)
{
	static const char *const times[] = { "filed_at", "triage_due", "answer_due",
		"resolve_due", "due_at", "triaged_at", "answered_at", "closed_at" };
	enum tz tz = cmp_tz(row);
	char now[TIME_ISO_LEN], key[64];
	const char *due = opt(row, "due_at"), *to = opt(row, "referred_to");
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		when(s, row, times[i], tz);
	time_iso(s->now, now);
	snprintf(key, sizeof(key), "complaints.status.%s", cmp_str(row, "status"));
	json_object_set_new(row, "status_text", json_string(svc_msg(s, key)));
	json_object_set_new(row, "category_text",
	    json_string(cmp_str(row, s->lang == LANG_EN ? "category_en" : "category_id")));
	if (to != NULL) {
		snprintf(key, sizeof(key), "complaints.referral.%s", to);
		json_object_set_new(row, "referred_text", json_string(svc_msg(s, key)));
	}
	json_object_set_new(row, "overdue", json_boolean(due != NULL && strcmp(due, now) < 0));
	json_object_set_new(row, "from_lapor",
	    json_boolean(strcmp(cmp_str(row, "source"), "lapor") == 0));
	if (opt(row, "happened_on") != NULL)
		json_object_set_new(row, "happened_text",
		    json_string(time_date_text(s->arena, opt(row, "happened_on"),
			s->lang == LANG_EN ? TIME_EN : TIME_ID)));
}

/* Add the step texts (kind in s->lang, time in zone tz) to steps. */
static void
describe_steps(struct svc *s, json_t *steps, enum tz tz)
{
	char key[64];
	json_t *st;
	size_t i;

	json_array_foreach(steps, i, st) {
		snprintf(key, sizeof(key), "complaints.step.%s", cmp_str(st, "kind"));
		json_object_set_new(st, "kind_text", json_string(svc_msg(s, key)));
		when(s, st, "at", tz);
		json_object_set_new(st, "internal",
		    json_boolean(json_integer_value(json_object_get(st, "is_public")) == 0));
	}
}

json_t *
complaint_track(struct svc *s, const char *code, struct err *e)
{
	json_t *row, *steps = NULL, *out;
	static const char *const keep[] = { "code", "status", "status_text", "unit_name",
		"category_text", "filed_at_text", "triage_due_text", "answer_due_text",
		"resolve_due_text", "triaged_at_text", "answered_at_text",
		"closed_at_text", "referred_text", "reason", "overdue", "from_lapor" };
	size_t i;

	if (complaint_auto_close(s, NULL, e) < 0 || (row = cmp_row_code(s, code, e)) == NULL)
		return NULL;
	if (db_exec(s->c, DB_COMPLAINT_STEPS_PUBLIC,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(row, "id"))) },
		1, &steps, e) < 0) {
		json_decref(row);
		return NULL;
	}
	cmp_describe(s, row);
	describe_steps(s, steps, cmp_tz(row));
	/* Only what the public may read leaves: no id, no identity, no text. */
	out = json_object();
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		json_t *v = json_object_get(row, keep[i]);

		if (v != NULL)
			json_object_set(out, keep[i], v);
	}
	json_object_set_new(out, "steps", steps);
	json_object_set_new(out, "may_confirm",
	    json_boolean(strcmp(cmp_str(row, "status"), "answered") == 0));
	json_object_set_new(out, "may_reopen",
	    json_boolean(json_integer_value(json_object_get(row, "reopened")) == 0 &&
		(strcmp(cmp_str(row, "status"), "answered") == 0 ||
		    strcmp(cmp_str(row, "status"), "closed") == 0)));
	json_decref(row);
	return out;
}

json_t *
complaint_load(struct svc *s, int64_t id, struct err *e)
{
	json_t *row, *priv = NULL, *steps = NULL, *files = NULL, *f;
	struct cmp_rights r;
	const char *st;
	size_t i;

	if ((row = cmp_row_id(s, DB_COMPLAINT_ROW, id, e)) == NULL)
		return NULL;
	cmp_rights_of(s, row, &r);
	if (!r.view) {
		json_decref(row);
		err_set(e, ERR_NOT_FOUND, "no such complaint");
		return NULL;
	}
	if ((priv = cmp_row_id(s, DB_COMPLAINT_GET, id, e)) == NULL ||
	    db_exec(s->c, DB_COMPLAINT_STEPS, (struct db_param[]){ DBP_INT(id) }, 1,
		&steps, e) < 0 ||
	    db_exec(s->c, DB_COMPLAINT_FILES, (struct db_param[]){ DBP_INT(id) }, 1,
		&files, e) < 0) {
		json_decref(row);
		json_decref(priv);
		json_decref(steps);
		return NULL;
	}
	cmp_describe(s, row);
	describe_steps(s, steps, cmp_tz(row));
	json_array_foreach(files, i, f)
		json_object_set_new(f, "href",
		    json_sprintf("/pengaduan/berkas/%lld",
			(long long)json_integer_value(json_object_get(f, "id"))));
	json_object_set(row, "body", json_object_get(priv, "body"));
	if (r.identity) {
		json_object_set(row, "name", json_object_get(priv, "name"));
		json_object_set(row, "contact", json_object_get(priv, "contact"));
		json_object_set_new(row, "has_identity",
		    json_boolean(cmp_str(priv, "name")[0] != '\0' ||
			cmp_str(priv, "contact")[0] != '\0'));
	} else
		json_object_set_new(row, "identity_hidden", json_true());
	json_decref(priv);
	json_object_set_new(row, "steps", steps);
	json_object_set_new(row, "has_files", json_boolean(json_array_size(files) > 0));
	json_object_set_new(row, "files", files);
	st = cmp_str(row, "status");
	json_object_set_new(row, "may",
	    json_pack("{s:b, s:b, s:b, s:b}", "triage", r.handle && strcmp(st, "new") == 0,
		"answer", (r.member || r.handle) && strcmp(st, "in_progress") == 0, "note",
		(r.member || r.handle) &&
		    (strcmp(st, "new") == 0 || strcmp(st, "in_progress") == 0 ||
			strcmp(st, "answered") == 0),
		"view_identity", r.identity));
	return row;
}

json_t *
complaint_attachment(struct svc *s, int64_t id, struct err *e)
{
	json_t *f, *row;
	struct cmp_rights r;

	if ((f = db_row(s->c, DB_COMPLAINT_FILE_GET, id, "file", e)) == NULL)
		return NULL;
	row = cmp_row_id(s, DB_COMPLAINT_ROW,
	    json_integer_value(json_object_get(f, "complaint_id")), e);
	if (row == NULL) {
		json_decref(f);
		return NULL;
	}
	cmp_rights_of(s, row, &r);
	json_decref(row);
	if (!r.view) {
		json_decref(f);
		err_set(e, ERR_NOT_FOUND, "no such file");
		return NULL;
	}
	return f;
}
