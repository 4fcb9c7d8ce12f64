/*
 * app.c - the route table and the response layer: run the matched handler,
 * then render its view model through the page's template, or send the model
 * itself as JSON when the client asks for application/json. Errors found by
 * the server or a handler become a page (or JSON) in the user's language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "app/app.h"
#include "app/handlers.h"
#include "base/log.h"
#include "view/view.h"

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = home_page, .template = "home" },
	{ .method = HTTP_GET, .pattern = "/healthz", .handler = ops_healthz },
	{ .method = HTTP_GET, .pattern = "/metrics", .handler = ops_metrics },
	{ .method = HTTP_GET, .pattern = "/static/*", .handler = ops_static },
};
#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

#define LANG_COOKIE_AGE	"31536000"	/* a year, in seconds */

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

	if (c == NULL)
		e->status = 503;
	return c;
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

/* Keys every page's layout uses: language, catalog, switch links, assets. */
static int
add_layout(struct request *req, json_t *model)
{
	enum lang l = req_lang(req), i;
	json_t *sw = json_array();
	char *href;

	for (i = 0; i < LANG_MAX; i++) {
		href = arena_printf(&req->arena, "%.*s?lang=%s", (int)req->path.len,
		    req->path.p, i18n_code(i));
		if (href == NULL)
			break;
		json_array_append_new(sw, json_pack("{s:s, s:s, s:s, s:b}",
		    "code", i18n_code(i),
		    "label", i18n_get(i, "lang.name"),
		    "href", href,
		    "current", i == l));
	}
	json_object_set_new(model, "lang", json_string(i18n_code(l)));
	json_object_set(model, "t", i18n_catalog(l));
	json_object_set_new(model, "lang_switch", sw);
	json_object_set_new(model, "asset", json_pack("{s:s}",
	    "css_tag", app_asset_tag("static/style.css")));
	json_object_set_new(model, "version", json_string(P2HAM_VERSION));
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

/* The error page or JSON for e; never fails to leave a body. */
static void
render_error(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	char key[96], title_key[64], msg_key[64];
	const char *title, *message, *allow;
	struct buf b;
	struct err e2;
	int status = e->status >= 400 && e->status <= 599 ? e->status : 500;
	json_t *model;

	if (status >= 500)
		log_err("event=error status=%d code=%s msg=\"%s\"", status, e->code, e->msg);
	if (status == 405 && (allow = arena_strdup(&req->arena, e->msg)) != NULL)
		reply_header(rep, MHD_HTTP_HEADER_ALLOW, allow);
	snprintf(title_key, sizeof(title_key), "error.%d.title", status);
	snprintf(msg_key, sizeof(msg_key), "error.%d.message", status);
	snprintf(key, sizeof(key), "error.code.%s", e->code);
	title = i18n_get(l, title_key);
	if (title == title_key)
		title = i18n_get(l, "error.500.title");
	message = i18n_get(l, key);
	if (message == key)
		message = i18n_get(l, msg_key);
	if (message == msg_key)
		message = i18n_get(l, "error.500.message");
	free(rep->body);
	rep->body = NULL;
	rep->body_static = false;
	rep->status = status;
	model = json_pack("{s:{s:i, s:s, s:s, s:s}}", "error", "status", status,
	    "code", e->code[0] ? e->code : "error", "title", title, "message", message);
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

static void
respond(struct request *req, struct reply *rep, struct err *e)
{
	const char *tmpl;
	struct buf b;
	char *cookie;

	if (req->lang_from_query) {
		cookie = arena_printf(&req->arena, "lang=%s; Path=/; Max-Age=" LANG_COOKIE_AGE
		    "; SameSite=Lax; HttpOnly%s", req->lang,
		    server_config(req->srv)->behind_tls ? "; Secure" : "");
		if (cookie != NULL)
			reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	if (e->status != 0 || request_bind_params(req, e) < 0 ||
	    req->route->handler(req, rep, e) < 0) {
		json_decref(rep->model);
		rep->model = NULL;
		render_error(req, rep, e);
		return;
	}
	if (rep->body != NULL || rep->model == NULL)
		return;		/* raw body (static file, metrics) or empty */
	tmpl = rep->template ? rep->template : req->route->template;
	if (req->wants_json || tmpl == NULL) {
		render_json(rep, rep->model);
		return;
	}
	add_layout(req, rep->model);
	buf_init(&b, 0);
	if (view_render(tmpl, rep->model, &b, e) < 0 || b.failed) {
		buf_free(&b);
		err_set(e, 500, "render_failed", "template %s: %s", tmpl, e->msg);
		render_error(req, rep, e);
		return;
	}
	set_body(rep, &b, "text/html; charset=utf-8");
}

static const struct server_hooks hooks = {
	.respond = respond,
	.begin = begin,
};

int
app_serve(struct app *app, const struct server_config *http, struct err *e)
{
	int rc;

	app->http = http;
	if (i18n_init(e) < 0)
		return -1;
	if (view_init(e) < 0 || ops_static_init() < 0) {
		if (e->msg[0] == '\0')
			err_set(e, 0, "init", "out of memory");
		i18n_free();
		return -1;
	}
	rc = server_run(http, routes, ROUTE_COUNT, &hooks, app, e);
	view_free();
	i18n_free();
	return rc;
}
