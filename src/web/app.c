/*
 * app.c - the response layer: run the matched handler,
 * then render its view model through the page's template, or send the model
 * itself as JSON when the client asks for application/json. Errors found by
 * the server or a handler become a page (or JSON) in the user's language.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "svc/notify.h"
#include "svc/seen.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/complaints/complaints_web.h"
#include "web/form.h"
#include "web/pagecache.h"
#include "web/programme/progress_dash.h"
#include "web/routes.h"
#include "web/upload.h"
#include "web/public/formguard.h"
#include "web/public/survey.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "view/view.h"

#define LANG_COOKIE_AGE "31536000" /* a year, in seconds */

struct app *
req_app(const struct request *req)
{
	return server_app(req->srv);
}

enum lang
req_lang(const struct request *req)
{
	enum lang l = i18n_lang(req->lang);

	return l == LANG_MAX ? LANG_ID : l;
}

struct db_conn *
req_db(struct request *req, struct err *e)
{
	struct db_conn *c = db_conn(req_app(req)->db, e);

	if (c == NULL && e->status != 503)
		err_set(e, ERR_DB_UNAVAILABLE, "%s", e->msg);
	return c;
}

int
web_svc(struct request *req, struct svc *s, struct err *e)
{
	const struct auth *au = req_auth(req);
	const struct server_config *http = req_app(req)->http;
	const char *url;

	memset(s, 0, sizeof(*s));
	if ((s->c = req_db(req, e)) == NULL)
		return -1;
	if (http != NULL && http->public_url != NULL && http->public_url[0] != '\0')
		url = http->public_url;
	else
		url = arena_printf(&req->arena, "http://%s",
		    http != NULL && http->listen != NULL ? http->listen : "127.0.0.1:8080");
	s->arena = &req->arena;
	s->who = &au->principal;
	s->actor_id = au->user_id;
	s->actor = au->email != NULL ? au->email : "system";
	s->request_id = req->id;
	s->now = time(NULL);
	s->lang = req_lang(req);
	s->data_dir = req_app(req)->data_dir;
	s->public_url = url != NULL ? url : "http://127.0.0.1:8080";
	return 0;
}

int
app_authorize(struct request *req, enum action act, const struct object_ref *o, struct err *e)
{
	struct svc s = { .who = &req_auth(req)->principal };

	return svc_authorize(&s, act, o, e);
}

/* The route's access rule, after sign-in was checked. */
static int
check_access(struct request *req, int access, struct err *e)
{
	const struct principal *p = &req_auth(req)->principal;
	static const struct object_ref national_audit = { .type = OBJ_AUDIT };

	switch ((enum access)access) {
	case ACCESS_NONE:
		return 0;
	case ACCESS_USERS:
		if (policy_may_somewhere(p, ACT_USER_MANAGE, OBJ_USER))
			return 0;
		err_set(e, ERR_NOT_FOUND, "no user management rights");
		return -1;
	case ACCESS_AUDIT:
		return app_authorize(req, ACT_AUDIT_VIEW, &national_audit, e);
	case ACCESS_REGISTRY:
		if (p->grant_count > 0)
			return 0;
		err_set(e, ERR_NOT_FOUND, "no role, so no part of the registry");
		return -1;
	case ACCESS_MAX:
		break;
	}
	err_set(e, ERR_INTERNAL, "unknown access rule %d", access);
	return -1;
}

void
app_notice(json_t *model, bool is_error, const char *text)
{
	if (model != NULL && text != NULL)
		json_object_set_new(model, "notice",
		    json_pack("{s:s, s:s, s:b}", "kind", is_error ? "error" : "ok",
			"text", text, "is_error", is_error));
}

/* Before routing: the language (?lang= wins, then the cookie) and the format. */
static void
begin(struct request *req)
{
	const struct slice *q = kv_get(&req->query, "lang");
	const char *accept = req_header(req, MHD_HTTP_HEADER_ACCEPT);
	const char *json, *html;
	struct slice c;

	if (q != NULL && i18n_lang(q->p) != LANG_MAX) {
		req->lang = i18n_code(i18n_lang(q->p));
		req->lang_from_query = true;
	} else if (cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), "lang", &c) &&
	    c.len == 2) {
		char code[3] = { c.p[0], c.p[1], '\0' };

		if (i18n_lang(code) != LANG_MAX)
			req->lang = i18n_code(i18n_lang(code));
	}
	if (accept != NULL && (json = strstr(accept, "application/json")) != NULL) {
		html = strstr(accept, "text/html");
		req->wants_json = html == NULL || html > json;
	}
}

/* One menu entry; marked current when the page is at or under href. */
static void
nav_item(struct request *req, json_t *nav, const char *href, const char *key)
{
	size_t n = strlen(href);
	bool current = n == 1 ? req->path.len == 1
			      : req->path.len >= n && memcmp(req->path.p, href, n) == 0 &&
		(req->path.len == n || req->path.p[n] == '/');

	json_array_append_new(nav,
	    json_pack("{s:s, s:s, s:b}", "href", href, "label",
		i18n_get(req_lang(req), key), "current", current));
}

/* The signed-in user's unread notifications: one count on an index. */
static long
unread_count(struct request *req, int64_t user)
{
	struct db_conn *c;
	struct err e;

	err_clear(&e);
	return (c = req_db(req, &e)) != NULL ? notify_unread(c, user) : 0;
}

/* The menu (public entries, then what the user's roles open), the
 * signed-in user's name and the CSRF token of their forms. */
static void
add_nav(struct request *req, json_t *model)
{
	const struct auth *a = req_auth(req);
	json_t *nav = json_array();
	struct err e;
	long unread;

	nav_item(req, nav, "/", "nav.home");
	nav_item(req, nav, "/aturan", "nav.rulebooks");
	nav_item(req, nav, "/hasil", "nav.results");
	nav_item(req, nav, "/transparansi", "nav.transparency");
	if (a->user_id != 0) {
		if (a->principal.grant_count > 0) {
			nav_item(req, nav, "/siklus", "nav.cycles");
			nav_item(req, nav, "/unit", "nav.units");
			if (progress_may_view(req)) {
				nav_item(req, nav, "/progres", "progress.nav");
				nav_item(req, nav, "/ikm", "ikm.nav");
			}
			if (declaration_desk_may_view(req))
				nav_item(req, nav, "/permohonan-pencanangan", "coord.desk.nav");
			if (complaints_handler(req).grant_count > 0)
				nav_item(req, nav, "/pengaduan/kelola", "complaints.nav_handle");
			if (policy_is_assignee(&a->principal))
				nav_item(req, nav, "/penugasan", "nav.assignments");
		}
		err_clear(&e);
		if (check_access(req, ACCESS_USERS, &e) == 0)
			nav_item(req, nav, "/pengguna", "nav.users");
		err_clear(&e);
		if (check_access(req, ACCESS_AUDIT, &e) == 0)
			nav_item(req, nav, "/audit", "nav.audit");
		nav_item(req, nav, "/akun", "nav.account");
		unread = unread_count(req, a->user_id);
		json_object_set_new(model, "me",
		    json_pack("{s:s, s:s, s:I, s:b}", "name", a->name, "email", a->email,
			"unread", (json_int_t)unread, "has_unread", unread > 0));
		if (a->csrf != NULL && json_object_get(model, "csrf") == NULL)
			json_object_set_new(model, "csrf", json_string(auth_form_csrf(req)));
	}
	json_object_set_new(model, "nav", nav);
}

/* s[0..len) percent-encoded (base/buf.h's buf_pct, keeping keep), in a;
 * "/" when out of memory. */
static const char *
pct_encode(struct arena *a, const char *s, size_t len, const char *keep)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	buf_pct(&b, s, len, keep);
	out = b.failed ? NULL : arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "/";
}

/*
 * req's path as a link on this site: percent-encoded where it is not a
 * plain path character, and with the run of slashes and backslashes at its
 * start made one slash, so that no browser reads it as another host
 * ("//host", "/\\host", "///host"). In the arena; "/" when out of memory.
 */
static const char *
local_href(struct request *req)
{
	const char *p = req->path.p, *out;
	size_t n = req->path.len, i = 0;

	while (i < n && (p[i] == '/' || p[i] == '\\'))
		i++;
	out = arena_printf(&req->arena, "/%s",
	    pct_encode(&req->arena, p + i, n - i, "/!$&'()*+,;=:@"));
	return out != NULL ? out : "/";
}

/* Keys every page's layout uses: language, catalog, switch links, assets. */
static int
add_layout(struct request *req, json_t *model)
{
	enum lang l = req_lang(req), i;
	json_t *sw = json_array();
	const char *here = local_href(req);
	char *href;

	for (i = 0; i < LANG_MAX; i++) {
		href = arena_printf(&req->arena, "%s?lang=%s", here, i18n_code(i));
		if (href == NULL)
			break;
		json_array_append_new(sw,
		    json_pack("{s:s, s:s, s:s, s:b}", "code", i18n_code(i), "label",
			i18n_get(i, "lang.name"), "href", href, "current", i == l));
	}
	json_object_set_new(model, "lang", json_string(i18n_code(l)));
	json_object_set(model, "t", i18n_catalog(l));
	json_object_set_new(model, "lang_switch", sw);
	json_object_set_new(model, "asset",
	    json_pack("{s:s, s:s, s:s}", "css_tag", app_asset_tag("static/style.css"),
		"upload_tag", app_asset_tag("static/upload.js"), "offline_tag",
		app_asset_tag("static/offline.js")));
	json_object_set_new(model, "version", json_string(P2HAM_VERSION));
	add_nav(req, model);
	return 0;
}

static void
set_body(struct reply *rep, struct buf *b, const char *type)
{
	size_t len = 0;

	rep->body = buf_detach(b, &len);
	rep->len = len;
	rep->content_type = type;
}

static void
render_json(struct reply *rep, json_t *v)
{
	rep->body = json_dumps(v, JSON_COMPACT);
	rep->len = rep->body ? strlen(rep->body) : 0;
	rep->content_type = "application/json; charset=utf-8";
}

const char *
web_err_message(struct request *req, const struct err *e)
{
	enum lang l = req_lang(req);
	int status = e->status >= 400 && e->status <= 599 ? e->status : 500;
	const char *m = NULL;
	char key[96];

	switch (err_show(e->kind)) {
	case ERR_SHOW_TEXT:
		if (e->msg[0] != '\0')
			m = arena_strdup(&req->arena, e->msg);
		break;
	case ERR_SHOW_CODE:
		snprintf(key, sizeof(key), "error.code.%s", err_code(e->kind));
		if ((m = i18n_get(l, key)) == key)
			m = NULL;
		break;
	case ERR_SHOW_STATUS:
	case ERR_SHOW_MAX:
		break;
	}
	if (m == NULL) {
		snprintf(key, sizeof(key), "error.%d.message", status);
		if ((m = i18n_get(l, key)) == key)
			m = i18n_get(l, "error.500.message");
	}
	return m != NULL ? m : "";
}

int
web_see_otherv(struct request *req, struct reply *rep, const char *fmt, va_list ap)
{
	char *to = arena_vprintf(&req->arena, fmt, ap);

	rep->status = 303;
	rep->location = to != NULL ? to : "/";
	return 0;
}

int
web_see_other(struct request *req, struct reply *rep, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = web_see_otherv(req, rep, fmt, ap);
	va_end(ap);
	return rc;
}

/* The error page or JSON for e; never fails to leave a body. */
static void
render_error(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	char title_key[64];
	const char *title, *message, *allow, *code = err_code(e->kind);
	struct buf b;
	struct err e2;
	int status = e->status >= 400 && e->status <= 599 ? e->status : 500;
	json_t *model;

	if (status >= 500 || err_logged(e->kind))
		log_err("event=error status=%d code=%s msg=\"%s\"", status, code, e->msg);
	if (status == 405 && (allow = arena_strdup(&req->arena, e->msg)) != NULL)
		reply_header(rep, MHD_HTTP_HEADER_ALLOW, allow);
	snprintf(title_key, sizeof(title_key), "error.%d.title", status);
	title = i18n_get(l, title_key);
	if (title == title_key)
		title = i18n_get(l, "error.500.title");
	message = web_err_message(req, e);
	reply_body_drop(rep);
	rep->status = status;
	model = json_pack("{s:{s:i, s:s, s:s, s:s}}", "error", "status", status, "code",
	    code[0] ? code : "error", "title", title, "message", message);
	if (model == NULL)
		return;
	if (req->wants_json) {
		render_json(rep, model);
		json_decref(model);
		return;
	}
	json_object_set_new(model, "page_title", json_string(title));
	add_layout(req, model);
	buf_init(&b, 0);
	err_clear(&e2);
	if (view_render("error", model, &b, &e2) < 0 || b.failed) {
		log_err("event=render_failed template=error msg=\"%s\"", e2.msg);
		buf_free(&b);
		buf_init(&b, 0);
		buf_printf(&b, "%d %s\n", status, title);
		set_body(rep, &b, "text/plain; charset=utf-8");
	} else
		set_body(rep, &b, "text/html; charset=utf-8");
	json_decref(model);
}

/*
 * The write budget: a state-changing request of a signed-in caller counts
 * one write in the account's current minute, by one statement on the shared
 * database, so the count holds across threads and server processes. Past
 * app->write_limit the request is refused (429, Retry-After: the seconds
 * to the next minute) before its handler runs, so nothing is written. The
 * public's one post, signing in, has its own throttle (account/login.c).
 */
static int
check_write_quota(struct request *req, struct reply *rep, struct err *e)
{
	const struct app *app = req_app(req);
	int64_t uid = req_auth(req)->user_id, used;
	char start[TIME_ISO_LEN];
	const char *msg, *wait_s;
	struct db_conn *c;
	json_t *rows = NULL, *row;
	time_t now = time(NULL), from;
	long wait;

	if (app->write_limit <= 0 || uid == 0 || req->method == HTTP_GET ||
	    req->method == HTTP_HEAD || req->route->unmetered)
		return 0;
	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_WRITE_QUOTA_TAKE,
		(struct db_param[]){ DBP_INT(uid), DBP_TEXT(time_iso(now - now % 60, start)) },
		2, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	used = json_integer_value(json_object_get(row, "used"));
	if (time_parse_iso(json_string_value(json_object_get(row, "window_start")), &from) < 0)
		from = now - now % 60;
	json_decref(rows);
	if (used <= app->write_limit)
		return 0;
	/* The minute kept may be another server's, whose clock runs ahead. */
	wait = from + 60 > now ? (long)(from + 60 - now) : 1;
	if (used == app->write_limit + 1)
		log_warn("event=write_limit user=%lld limit=%ld retry_after=%ld",
		    (long long)uid, app->write_limit, wait);
	if ((wait_s = arena_printf(&req->arena, "%ld", wait)) != NULL)
		reply_header(rep, MHD_HTTP_HEADER_RETRY_AFTER, wait_s);
	msg = i18n_subst(&req->arena, i18n_get(req_lang(req), "error.code.rate_limited"),
	    "limit", arena_printf(&req->arena, "%ld", app->write_limit), "seconds",
	    wait_s, (const char *)NULL);
	err_set(e, ERR_RATE_LIMITED, "%s", msg);
	return -1;
}

/* A bearer token of scope read only reads: any method but GET and HEAD
 * is refused before its handler runs. */
static int
check_token_scope(struct request *req, struct err *e)
{
	if (!req_auth(req)->read_only || req->method == HTTP_GET || req->method == HTTP_HEAD)
		return 0;
	err_set(e, ERR_DENIED, "%s", i18n_get(req_lang(req), "account.token_read_only"));
	return -1;
}

static void
respond(struct request *req, struct reply *rep, struct err *e)
{
	const char *tmpl, *next;
	struct page_ticket pt = { 0 };
	struct buf b;
	char *cookie;

	if (req->lang_from_query) {
		cookie = arena_printf(&req->arena,
		    "lang=%s; Path=/; Max-Age=" LANG_COOKIE_AGE
		    "; SameSite=Lax; HttpOnly%s",
		    req->lang, server_config(req->srv)->behind_tls ? "; Secure" : "");
		if (cookie != NULL)
			reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	if (e->status == 0 && req->refusal.kind != ERR_NONE)
		*e = req->refusal; /* admission refused: the body was dropped */
	if (e->status == 0 && (req->app != NULL || auth_resolve(req, e) == 0) &&
	    req->route->login && req_auth(req)->user_id == 0) {
		if (req->wants_json) {
			err_set(e, ERR_LOGIN_REQUIRED, "sign in first");
		} else {
			rep->status = 303;
			next = req->method == HTTP_GET ? req->raw_uri : "/";
			rep->location = arena_printf(&req->arena, "/masuk?next=%s",
			    pct_encode(&req->arena, next, strlen(next), "/"));
			return;
		}
	}
	if (e->status == 0 && pagecache_answer(req, rep, &pt))
		return;
	if (e->status != 0 || check_token_scope(req, e) < 0 || upload_form(req, e) < 0 ||
	    request_bind_params(req, e) < 0 ||
	    (req->route->csrf && auth_check_csrf(req, e) < 0) ||
	    check_write_quota(req, rep, e) < 0 || check_access(req, req->route->access, e) < 0 ||
	    req->route->handler(req, rep, e) < 0) {
		json_decref(rep->model);
		rep->model = NULL;
		if (web_show_refused(req, rep, e) < 0) {
			render_error(req, rep, e);
			return;
		}
	}
	if (rep->body != NULL || rep->model == NULL)
		return; /* raw body (static file, metrics) or empty */
	tmpl = rep->template ? rep->template : req->route->template;
	if (req->wants_json || tmpl == NULL) {
		render_json(rep, rep->model);
		pagecache_keep(req, rep, &pt);
		return;
	}
	add_layout(req, rep->model);
	buf_init(&b, 0);
	if (view_render(tmpl, rep->model, &b, e) < 0 || b.failed) {
		buf_free(&b);
		err_set(e, ERR_TEMPLATE, "template %s: %s", tmpl, e->msg);
		render_error(req, rep, e);
		return;
	}
	set_body(rep, &b, "text/html; charset=utf-8");
	pagecache_keep(req, rep, &pt);
}

/* The body of a route with login is kept only for a signed-in caller whom
 * the route's own admission lets in; for anyone else it is read and
 * dropped, and respond answers: the way to sign in, or the admission's
 * refusal (req->refusal). */
static bool
admit(struct request *req)
{
	struct err e;

	err_clear(&e);
	if (auth_resolve(req, &e) < 0) {
		req->app = NULL; /* respond tries again and answers 503 */
		return false;
	}
	if (req->route->login && req_auth(req)->user_id == 0)
		return false;
	if (req->route->admit != NULL && req->route->admit(req, &req->refusal) < 0) {
		if (req->refusal.kind == ERR_NONE)
			err_set(&req->refusal, ERR_INTERNAL,
			    "admission refused without a reason");
		return false;
	}
	return true;
}

static const struct server_hooks hooks = {
	.respond = respond,
	.begin = begin,
	.admit = admit,
	.quiesce = survey_web_quiesce, /* the survey's parked posts */
};

int
app_serve(struct app *app, const struct server_config *http, int fd, struct err *e)
{
	struct route *routes;
	size_t route_count;
	int rc;

	app->http = http;
	if (i18n_init(e) < 0) {
		close(fd);
		return -1;
	}
	if (view_init(e) < 0 || view_override(app->data_dir, e) < 0 || ops_static_init() < 0) {
		if (e->msg[0] == '\0')
			err_set(e, ERR_CONFIG, "out of memory");
		view_free();
		i18n_free();
		close(fd);
		return -1;
	}
	if (formguard_start(app->db, app->data_dir, e) < 0 || seen_start(app->db, e) < 0 ||
	    survey_web_start(app->db, e) < 0 || web_routes(&routes, &route_count, e) < 0) {
		survey_web_stop();
		seen_stop();
		view_free();
		i18n_free();
		close(fd);
		return -1;
	}
	/* The notifications' thread words messages with the catalogs: it
	 * runs while they are loaded. */
	if (app->mail != NULL && mail_worker_start(app->db, app->mail, e) < 0) {
		survey_web_stop();
		seen_stop();
		free(routes);
		view_free();
		i18n_free();
		close(fd);
		return -1;
	}
	rc = server_run(http, fd, routes, route_count, &hooks, app, e);
	survey_web_stop();
	seen_stop();
	mail_worker_stop();
	free(routes);
	view_free();
	i18n_free();
	return rc;
}
