/*
 * plenary.c - the assessors' plenary of a cycle, /siklus/{id}/pleno, for
 * the programme admin: the board of every participation awaiting the
 * plenary (and those the open session decided on), each with the three
 * layers of its indicators side by side and each assessor's score, the
 * indicators whose assessors disagree by more than the margin (setting
 * assessors.disagreement_margin) marked; opening a session (date, place,
 * who attended), settling an indicator's final score with a reason,
 * recording each participation's recommendation and closing the session,
 * which issues the minutes. The services are svc/plenary.h's.
 */
#include <stdio.h>
#include <string.h>

#include "svc/plenary.h"
#include "svc/scoring.h"
#include "svc/settings.h"
#include "web/app.h"
#include "web/form.h"
#include "web/model.h"
#include "web/routes.h"
#include "web/stages/participation.h"

#define ATTENDEES_MAX 40 /* lines of the attendees' field */

static const struct field_spec open_fields[] = {
	{ "tanggal", "plenary.date", "date", "off", NULL },
	{ "tempat", "plenary.place", "text", "off", NULL },
	{ "hadir", "plenary.attendees", "textarea", "off", "plenary.attendees_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};
/* The forms of a board's row: an indicator's settlement, the
 * participation's recommendation. */
static const struct field_spec settle_fields[] = {
	{ "opsi", "plenary.option", "select", "off", NULL },
	{ "alasan", "plenary.reason", "textarea", "off", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
static const struct field_spec recommend_fields[] = {
	{ "alasan", "plenary.reason", "textarea", "off", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The cycle {id}, after checking the actor may decide for it. */
static json_t *
cycle_of(struct request *req, struct svc *s, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct object_ref ref = { .type = OBJ_CYCLE, .id = id };

	if (svc_authorize(s, ACT_DECREE, &ref, e) < 0)
		return NULL;
	return db_row(s->c, DB_CYCLE_GET, id, "cycle", e);
}

/* One participation of the board. */
static json_t *
board_row(struct request *req, struct svc *s, int64_t pid, struct err *e)
{
	struct assessment a;
	json_t *row = NULL, *r;

	if (assessment_load(s, pid, &a, e) == 0) {
		r = a.recommendation;
		row = json_pack("{s:I, s:I, s:s, s:s, s:b, s:o}", "id", (json_int_t)pid,
		    "pid", (json_int_t)pid, "unit_name", a.b.p.unit_name, "state_label",
		    participation_state_label(&req->arena, req_lang(req), a.b.p.state),
		    "undecided", r == NULL, "result",
		    assessment_json(s, &a, req_lang(req), true));
		if (row != NULL && r != NULL)
			json_object_set_new(row, "recommendation",
			    json_pack("{s:s, s:O}", "label",
				i18n_get(req_lang(req),
				    json_integer_value(json_object_get(r, "recommended"))
					? "plenary.recommended"
					: "plenary.not_recommended"),
				"reason", json_object_get(r, "reason")));
	}
	assessment_free(&a);
	return row;
}

/* The open session with its attendees, or JSON null. */
static json_t *
session_json(struct request *req, struct svc *s, json_t *open, struct err *e)
{
	json_t *att = NULL, *out;

	if (open == NULL)
		return json_null();
	if (db_exec(s->c, DB_PLENARY_ATTENDEES,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(open, "id"))) },
		1, &att, e) < 0)
		return NULL;
	out = json_deep_copy(open);
	json_object_set_new(out, "held_on_text",
	    json_string(time_date_text(&req->arena,
		json_string_value(json_object_get(open, "held_on")),
		i18n_time_lang(req_lang(req)))));
	json_object_set_new(out, "attendees", att);
	return out;
}

/* The closed sessions, with their minutes. */
static json_t *
closed_sessions(struct svc *s, int64_t cycle, struct err *e)
{
	json_t *rows = NULL, *out = json_array(), *row;
	size_t i;

	if (db_exec(s->c, DB_PLENARY_LIST, (struct db_param[]){ DBP_INT(cycle) }, 1,
		&rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row)
		if (json_is_string(json_object_get(row, "serial")))
			json_array_append(out, row);
	json_decref(rows);
	return out;
}

static int
board_model(struct request *req, struct svc *s, json_t *m, int64_t cycle, json_t *open,
    struct err *e)
{
	json_t *ids, *board = json_array(), *v, *row;
	const char *margin = NULL;
	size_t i;

	if ((ids = plenary_board(s, cycle,
		 open ? json_integer_value(json_object_get(open, "id")) : 0, e)) == NULL)
		return -1;
	json_array_foreach(ids, i, v) {
		if ((row = board_row(req, s, json_integer_value(v), e)) == NULL) {
			json_decref(ids);
			json_decref(board);
			return -1;
		}
		json_array_append_new(board, row);
	}
	json_decref(ids);
	json_object_set_new(m, "has_board", json_boolean(json_array_size(board) > 0));
	json_object_set_new(m, "board", board);
	if (settings_get(s, "assessors.disagreement_margin", &margin, e) < 0)
		return -1;
	json_object_set_new(m, "margin", json_string(margin ? margin : "0.25"));
	return 0;
}

/* Indicator code of a board's row, or NULL. */
static json_t *
row_indicator(json_t *row, const char *code)
{
	json_t *cr, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(json_object_get(row, "result"), "criteria"), i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), j, ind)
			if (strcmp(json_string_value(json_object_get(ind, "code")), code) == 0)
				return ind;
	return NULL;
}

/*
 * A settlement or a recommendation refused: its form as typed, in the
 * board's row of the participation posted ("recommend_form") or of its
 * indicator ("settle_form", the option chosen selected), and as the
 * model's "posted", where web_show_problems puts each problem.
 */
static void
posted_form(struct request *req, json_t *m)
{
	const struct param_value *pid = req_param_find(req, "partisipasi");
	const struct param_value *code = req_param_find(req, "indikator");
	const char *opsi = form_typed(req, "opsi");
	json_t *row = NULL, *r, *ind, *fields, *o;
	size_t i;

	if (pid == NULL || !pid->present)
		return;
	json_array_foreach(json_object_get(m, "board"), i, r)
		if (json_integer_value(json_object_get(r, "pid")) == pid->i)
			row = r;
	if (row == NULL)
		return;
	if (code == NULL) {
		fields = form_fields(req, recommend_fields, true);
		json_object_set(row, "recommend_form", fields);
	} else if (code->present && (ind = row_indicator(row, code->text)) != NULL) {
		fields = form_fields(req, settle_fields, true);
		json_array_foreach(json_object_get(ind, "options"), i, o)
			json_object_set_new(o, "selected",
			    json_boolean(strcmp(json_string_value(json_object_get(o, "code")),
					     opsi) == 0));
		json_object_set(ind, "settle_form", fields);
	} else
		return;
	json_object_set_new(m, "posted", fields);
}

static int
page_model(struct request *req, struct reply *rep, struct svc *s, struct err *e)
{
	json_t *m = json_object(), *cy, *open = NULL, *closed;
	int64_t cycle = req_param(req, "id")->i;
	int rc = -1;

	if ((cy = cycle_of(req, s, e)) == NULL || plenary_current(s, cycle, &open, e) < 0 ||
	    board_model(req, s, m, cycle, open, e) < 0 ||
	    (closed = closed_sessions(s, cycle, e)) == NULL)
		goto out;
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "plenary.title"),
		json_string_value(json_object_get(cy, "title"))));
	json_object_set(m, "cycle", cy);
	json_object_set_new(m, "session", session_json(req, s, open, e));
	json_object_set_new(m, "closed", closed);
	json_object_set_new(m, "has_closed", json_boolean(json_array_size(closed) > 0));
	json_object_set_new(m, "open_fields", form_fields(req, open_fields, req_refill(req)));
	if (req_refill(req))
		posted_form(req, m);
	web_model_take(rep, m, "plenary");
	m = NULL;
	rc = 0;
out:
	json_decref(m);
	json_decref(cy);
	json_decref(open);
	return rc;
}

static int
plenary_page(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 || page_model(req, rep, &s, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", "plenary.done");
	return 0;
}

/* The attendees' lines "Nama; Peran" as the service takes them. */
static struct attendee_in *
attendees(struct request *req, const char *text, size_t *n)
{
	struct attendee_in *out = arena_alloc(&req->arena, ATTENDEES_MAX * sizeof(*out));
	char *copy = arena_strdup(&req->arena, text ? text : ""), *line, *save, *semi;

	*n = 0;
	if (out == NULL || copy == NULL)
		return NULL;
	for (line = strtok_r(copy, "\n", &save); line != NULL && *n < ATTENDEES_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, "\r")] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		semi = strchr(line, ';');
		if (semi != NULL)
			*semi++ = '\0';
		out[(*n)++] = (struct attendee_in){ line, semi ? semi : "" };
	}
	return out;
}

/* The tail of a post: the board again, or the refusal on it with each
 * problem of pr (when not NULL) beside its field in the model's form. */
static int
post_tail(struct request *req, struct reply *rep, int rc, const char *ok,
    const char *form, const struct svc_problems *pr, struct err *e)
{
	if (rc < 0)
		return pr != NULL ? web_show_problems(req, rep, e, plenary_page, form, pr)
				  : web_show_again(req, rep, e, plenary_page);
	return web_see_other(req, rep, "/siklus/%lld/pleno?ok=%s",
	    (long long)req_param(req, "id")->i, ok);
}

static int
open_post(struct request *req, struct reply *rep, struct err *e)
{
	struct plenary_in in = { .cycle = req_param(req, "id")->i,
		.date = req_param(req, "tanggal")->text,
		.place = req_param(req, "tempat")->text };
	struct svc_problems pr = { 0 };
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req), "plenary.form_invalid"));
		return web_show_again(req, rep, e, plenary_page);
	}
	in.attendees = attendees(req, req_param(req, "hadir")->text, &in.attendee_count);
	rc = plenary_open(&s, &in, &pr, e);
	return post_tail(req, rep, rc, "buka", "open_fields", &pr, e);
}

/* s set up for the request and the participation posted, when it belongs
 * to the cycle {id}; 0 with e else (404 for another cycle's). */
static int64_t
posted_participation(struct request *req, struct svc *s, struct err *e)
{
	struct participation p;

	if (web_svc(req, s, e) < 0 ||
	    participation_load(s, req_param(req, "partisipasi")->i, &p, e) < 0)
		return 0;
	if (p.cycle_id != req_param(req, "id")->i) {
		err_set(e, ERR_NOT_FOUND, "not a participation of this cycle");
		return 0;
	}
	return p.id;
}

static int
settle_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct svc s;
	int64_t pid;

	if ((pid = posted_participation(req, &s, e)) == 0)
		return -1;
	return post_tail(req, rep,
	    plenary_settle(&s, pid, req_param(req, "indikator")->text,
		req_param(req, "opsi")->text, req_param(req, "alasan")->text, &pr, e),
	    "nilai", "posted", &pr, e);
}

static int
recommend_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct svc s;
	int64_t pid;

	if ((pid = posted_participation(req, &s, e)) == 0)
		return -1;
	return post_tail(req, rep,
	    plenary_recommend(&s, pid, strcmp(req_param(req, "keputusan")->text, "ya") == 0,
		req_param(req, "alasan")->text, &pr, e),
	    "rekomendasi", "posted", &pr, e);
}

static int
close_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;
	int rc;

	if (web_svc(req, &s, e) < 0)
		return -1;
	rc = plenary_close(&s, req_param(req, "id")->i, NULL, e);
	return post_tail(req, rep, rc, "tutup", NULL, NULL, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus/{id}/pleno", plenary_page, "plenary", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("buka|nilai|rekomendasi|tutup")),
	    .about = "A cycle's plenary: attendance, disputed scores and recommendations"),
	ROUTE_POST("/siklus/{id}/pleno", open_post, "plenary", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_DATE("tanggal", PARAM_FORM, true),
		{ "tempat", PARAM_FORM, PT_TEXT, true, 1, 300, NULL },
		{ "hadir", PARAM_FORM, PT_MULTILINE, true, 1, 8000, NULL }),
	    .page = plenary_page, .refill = true,
	    .about = "Opens a cycle's plenary with its date, place and attendees"),
	ROUTE_POST("/siklus/{id}/pleno/nilai", settle_post, "plenary", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_REF("partisipasi", PARAM_FORM, true),
		PARAM_CODE("indikator"), PARAM_CODE("opsi"), PARAM_LONG_NOTE("alasan")),
	    .page = plenary_page, .refill = true,
	    .about = "Settles a disputed indicator's final value, with a reason"),
	ROUTE_POST("/siklus/{id}/pleno/rekomendasi", recommend_post, "plenary", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_REF("partisipasi", PARAM_FORM, true),
		PARAM_CHOICE("keputusan", true, "ya|tidak"), PARAM_LONG_NOTE("alasan")),
	    .page = plenary_page, .refill = true,
	    .about = "Records the plenary's recommendation for a participation"),
	ROUTE_POST("/siklus/{id}/pleno/tutup", close_post, "plenary", SIGNED_IN,
	    .params = route_params_id, .page = plenary_page, .refill = true,
	    .offload = true,
	    .about = "Closes the plenary and issues its minutes"),
};
/* clang-format on */
ROUTE_TABLE(plenary_routes, routes);
