/*
 * survey.c - the public satisfaction survey of a unit: the form
 * /survei/{id} (no sign-in, no script needed), its post - guarded by the
 * form guard, checked against the unit's instrument, then handed to the
 * survey writer while the request is parked (no thread waits), answered
 * once the writer's batch is durable - and the
 * thank-you page /survei/{id}/terima-kasih.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "base/timefmt.h"
#include "core/cycle.h"
#include "svc/survey.h"
#include "svc/survey_writer.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/public/formguard.h"
#include "web/public/survey.h"
#include "web/routes.h"
#include "web/model.h"

#define MARK_COOKIE "p2ham_survei"
#define MARK_MAX 1024

static enum survey_period_len period_len = SURVEY_PERIOD_SEMESTER;

int
survey_web_start(struct db *db, struct err *e)
{
	struct db_conn *c;

	if ((c = db_conn(db, e)) == NULL || survey_period_setting(c, &period_len, e) < 0)
		return -1;
	formguard_refused(SURVEY_FORM, FG_OK); /* listed in /metrics from the start */
	return survey_writer_start(db, e);
}

void
survey_web_stop(void)
{
	survey_writer_stop();
}

void
survey_web_quiesce(void *app)
{
	(void)app;
	survey_writer_stop();
}

/* What a page of the survey needs: the unit, its instrument and services. */
struct survey_ctx {
	struct svc s;
	json_t *unit;
	int64_t instrument;
	const struct survey_instrument *si;
	json_t *services;
	enum tz tz;
};

static void
ctx_free(struct survey_ctx *x)
{
	json_decref(x->unit);
	json_decref(x->services);
}

/*
 * The unit, its instrument and services as the last read found them, kept
 * for the posts, which come by thousands a second: a post is checked
 * against what was read at most UNITS_MS ago, or since this process last
 * changed a unit's instrument or services. The form itself always reads
 * them and renews the entry, so a post sees at least what its form showed.
 * The JSON values are shared read-only (jansson counts references
 * atomically).
 */
#define UNITS_MAX 1024
#define UNITS_MS 1000

static struct {
	pthread_mutex_t lock;
	struct {
		int64_t id, instrument, at_ms;
		uint64_t changes;
		json_t *unit, *services;
	} e[UNITS_MAX];
} units = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool
units_get(struct survey_ctx *x, int64_t id)
{
	size_t i = (size_t)id % UNITS_MAX;
	bool hit;

	pthread_mutex_lock(&units.lock);
	hit = units.e[i].unit != NULL && units.e[i].id == id &&
	    units.e[i].changes == survey_changes() &&
	    time_mono_ms() - units.e[i].at_ms < UNITS_MS;
	if (hit) {
		x->unit = json_incref(units.e[i].unit);
		x->services = json_incref(units.e[i].services);
		x->instrument = units.e[i].instrument;
	}
	pthread_mutex_unlock(&units.lock);
	return hit;
}

static void
units_put(const struct survey_ctx *x, int64_t id, uint64_t changes)
{
	size_t i = (size_t)id % UNITS_MAX;
	json_t *unit, *services;

	pthread_mutex_lock(&units.lock);
	unit = units.e[i].unit;
	services = units.e[i].services;
	units.e[i].id = id;
	units.e[i].instrument = x->instrument;
	units.e[i].at_ms = time_mono_ms();
	units.e[i].changes = changes;
	units.e[i].unit = json_incref(x->unit);
	units.e[i].services = json_incref(x->services);
	pthread_mutex_unlock(&units.lock);
	json_decref(unit);
	json_decref(services);
}

/* The unit, and with services its instrument and services too: read, or
 * for a post (recent) from the entry above when it is young enough. */
static int
ctx_load(struct request *req, struct survey_ctx *x, bool services, bool recent, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	uint64_t changes = survey_changes();

	memset(x, 0, sizeof(*x));
	if (web_svc(req, &x->s, e) < 0)
		return -1;
	if (!services || !recent || !units_get(x, id)) {
		if ((x->unit = db_row(x->s.c, DB_SURVEY_UNIT_PUBLIC, id, "unit", e)) == NULL)
			return -1;
		if (services &&
		    (survey_instrument_of_unit(x->s.c, id, &x->instrument, e) < 0 ||
			db_exec(x->s.c, DB_SURVEY_SERVICES,
			    (struct db_param[]){ DBP_INT(id) }, 1, &x->services, e) < 0)) {
			ctx_free(x);
			return -1;
		}
		if (services)
			units_put(x, id, changes);
	}
	x->tz = tz_parse(json_string_value(json_object_get(x->unit, "tz")));
	if (services && (x->si = survey_instrument_load(x->s.c, x->instrument, e)) == NULL) {
		ctx_free(x);
		return -1;
	}
	return 0;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The form, with what was typed when typed; problems pr beside fields. */
static int
show_form(struct request *req, struct reply *rep, struct survey_ctx *x, bool typed,
    const struct svc_problems *pr, struct err *e)
{
	char token[FORMGUARD_TOKEN_MAX];

	formguard_issue(SURVEY_FORM, json_integer_value(json_object_get(x->unit, "id")),
	    now_ms(), token);
	rep->model = survey_form_model(req, x->unit, x->si, x->services, token, typed, pr);
	if (rep->model == NULL)
		return web_nomem(e);
	reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return 0;
}

static int
survey_page(struct request *req, struct reply *rep, struct err *e)
{
	struct survey_ctx x;
	int rc;

	if (ctx_load(req, &x, true, false, e) < 0)
		return -1;
	rc = show_form(req, rep, &x, false, NULL, e);
	ctx_free(&x);
	return rc;
}

/* A refusal of the guard: counted, the form again with what was typed and
 * the reason in plain words. */
static int
refuse(struct request *req, struct reply *rep, struct survey_ctx *x,
    enum formguard_reason r, struct err *e)
{
	const char *text = i18n_get(req_lang(req), formguard_reason_key(r));

	formguard_refused(SURVEY_FORM, r);
	if (show_form(req, rep, x, true, NULL, e) < 0)
		return -1;
	rep->status = formguard_status(r);
	app_notice(rep->model, true, text);
	json_object_set_new(rep->model, "refusal",
	    json_pack("{s:s, s:s}", "reason", formguard_reason_name(r), "message", text));
	return 0;
}

static const char *
form_get(void *ctx, const char *name)
{
	const struct slice *v = kv_get(&((struct request *)ctx)->form, name);

	return v != NULL ? v->p : NULL;
}

/* The local day of the unit, YYYY-MM-DD. */
static void
local_day(time_t now, enum tz tz, char out[TIME_DATE_LEN])
{
	time_local_date(now, tz < TZ_MAX ? tz_offset(tz) : 7 * 3600, out);
}

/* The device's mark, NUL-terminated in req's arena, or NULL. */
static const char *
mark_of(struct request *req)
{
	const char *h = req_header(req, MHD_HTTP_HEADER_COOKIE);
	struct slice v;

	if (h == NULL || !cookie_find(h, MARK_COOKIE, &v) || v.len >= MARK_MAX)
		return NULL;
	return arena_strndup(&req->arena, v.p, v.len);
}

/* The strings parts[0..n) joined, in a's memory; NULL when out of it. */
static char *
joined(struct arena *a, const char *const *parts, size_t n)
{
	size_t len[8], total = 1, i;
	char *out, *p;

	for (i = 0; i < n && i < 8; i++)
		total += len[i] = strlen(parts[i]);
	if ((out = p = arena_alloc(a, total)) == NULL)
		return NULL;
	for (i = 0; i < n && i < 8; i++)
		p = (char *)memcpy(p, parts[i], len[i]) + len[i];
	*p = '\0';
	return out;
}

/* Kept: the device's mark now holds the unit for today; to the thanks.
 * Written without printf: a post is in the hot path. */
static int
kept(struct request *req, struct reply *rep, int64_t unit, const char *mark, const char *day)
{
	char value[MARK_MAX], id[24];
	const char *thanks, *cookie;

	snprintf(id, sizeof(id), "%" PRId64, unit);
	thanks = joined(&req->arena, (const char *[]){ "/survei/", id, "/terima-kasih" }, 3);
	if (formguard_mark_add(SURVEY_FORM, mark, unit, day, value, sizeof(value)) == 0 &&
	    (cookie = joined(&req->arena,
		 (const char *[]){ MARK_COOKIE "=", value,
		     "; Path=/survei; Max-Age=172800; SameSite=Lax; HttpOnly",
		     server_config(req->srv)->behind_tls ? "; Secure" : "" },
		 4)) != NULL)
		reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	if (req->wants_json) {
		rep->status = 201;
		rep->model = json_pack("{s:b, s:s}", "kept", 1, "thanks", thanks);
		return 0;
	}
	rep->status = 303;
	rep->location = thanks;
	return 0;
}

/* A post waiting for the writer. */
struct posted {
	struct survey_submission s;
	char day[TIME_DATE_LEN];
	const char *mark;
};

static void
resume(void *arg)
{
	req_resume(arg);
}

/* The second run of a post, once the writer wrote (or refused) it. */
static int
posted(struct request *req, struct reply *rep, struct posted *st, struct err *e)
{
	struct survey_ctx x;
	int rc;

	switch (st->s.outcome) {
	case SURVEY_KEPT:
		return kept(req, rep, st->s.unit_id, st->mark, st->day);
	case SURVEY_REPLAY:
		if (ctx_load(req, &x, true, true, e) < 0)
			return -1;
		rc = refuse(req, rep, &x, FG_REPLAY, e);
		ctx_free(&x);
		return rc;
	default:
		*e = st->s.err;
		return -1;
	}
}

static int
survey_post(struct request *req, struct reply *rep, struct err *e)
{
	struct posted *st;
	struct formguard_token t;
	struct survey_answers a;
	struct svc_problems pr;
	struct survey_ctx x;
	enum formguard_reason r;
	time_t now = time(NULL);
	const char *mark;
	char day[TIME_DATE_LEN], period[SURVEY_PERIOD_CODE_MAX];
	int rc = -1;

	if (req->parked != NULL)
		return posted(req, rep, req->parked, e);
	if (ctx_load(req, &x, true, true, e) < 0)
		return -1;
	a.unit_id = json_integer_value(json_object_get(x.unit, "id"));
	local_day(now, x.tz, day);
	mark = mark_of(req);
	r = formguard_rate(auth_client_addr(req), now);
	if (r == FG_OK && formguard_honeypot(req))
		r = FG_HONEYPOT;
	if (r == FG_OK)
		r = formguard_check(form_get(req, "token"), SURVEY_FORM, a.unit_id,
		    now_ms(), &t);
	if (r == FG_OK && formguard_mark_has(SURVEY_FORM, mark, a.unit_id, day))
		r = FG_DEVICE;
	if (r != FG_OK) {
		rc = refuse(req, rep, &x, r, e);
		goto done;
	}
	a.instrument_id = x.instrument;
	if (survey_check_answers(&x.s, x.si, x.services, form_get, req, &a, &pr) < 0) {
		if ((rc = show_form(req, rep, &x, true, &pr, e)) == 0) {
			rep->status = 422;
			app_notice(rep->model, true,
			    i18n_get(req_lang(req), "survey.problem_notice"));
		}
		goto done;
	}
	/* Parked until the writer's batch is durable; answered by the
	 * second run (posted). */
	survey_period_of_time(now, x.tz, period_len, period);
	if ((st = arena_alloc(&req->arena, sizeof(*st))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	memcpy(st->day, day, sizeof(st->day));
	st->mark = mark;
	if (survey_prepare(&req->arena, x.si, &a, period, now, t.nonce, &st->s, e) < 0)
		goto done;
	st->s.done = resume;
	st->s.done_arg = req;
	req_park(req, st);
	if (!survey_writer_enqueue(&st->s))
		req_resume(req); /* the second run answers the failure */
	rc = 0;
done:
	ctx_free(&x);
	return rc;
}

static int
survey_thanks(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct survey_ctx x;

	if (ctx_load(req, &x, false, false, e) < 0)
		return -1;
	rep->model = json_pack("{s:s, s:{s:O, s:O, s:s}}", "page_title",
	    i18n_get(l, "survey.thanks_title"), "unit", "id",
	    json_object_get(x.unit, "id"), "name", json_object_get(x.unit, "name"), "href",
	    arena_printf(&req->arena, "/survei/%lld",
		(long long)json_integer_value(json_object_get(x.unit, "id"))));
	ctx_free(&x);
	if (rep->model == NULL)
		return web_nomem(e);
	return 0;
}

/* The addresses this file answers, with their declared inputs. The post
 * carries the guard's signed token in place of the CSRF token: nobody is
 * signed in, and the token binds the form to its unit and issue time. */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/survei/{id}", survey_page, "survey", PUBLIC, .params = route_params_id,
	    .about = "A unit's public satisfaction survey form (no account, no script needed)"),
	ROUTE_GUARDED_POST("/survei/{id}", survey_post, "survey", PUBLIC,
	    .max_body = 16 * 1024, .params = route_params_id,
	    .about = "Sends a survey answer; acknowledged once it is durable"),
	ROUTE_GET("/survei/{id}/terima-kasih", survey_thanks, "survey_thanks", PUBLIC,
	    .params = route_params_id,
	    .about = "The thank-you page after a survey answer"),
};
/* clang-format on */
ROUTE_TABLE(survey_routes, routes);
