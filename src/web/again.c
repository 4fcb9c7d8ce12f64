/*
 * again.c - a refused post shown to a person: the page the form came from,
 * built again by its own handler (req_again, req_refill say so), with the
 * refusal as an error notice beside what was typed.
 */
#include <stdarg.h>

#include <jansson.h>

#include "base/arena.h"
#include "http/request.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"

/* The page built in rep with refusal r on it: an error notice, a
 * "refusal" member for JSON and r's status. Returns 0. */
static int
refusal_shown(struct request *req, struct reply *rep, const struct err *r)
{
	const char *msg = web_err_message(req, r);

	app_notice(rep->model, true, msg);
	json_object_set_new(rep->model, "refusal",
	    json_pack("{s:i, s:s}", "status", r->status, "message", msg));
	rep->status = r->status;
	return 0;
}

bool
req_again(const struct request *req)
{
	return req->again != REQ_AGAIN_NO;
}

bool
req_refill(const struct request *req)
{
	return req->again == REQ_AGAIN_REFILL;
}

int
web_page_again(struct request *req, struct reply *rep, route_handler page, bool refill,
    struct err *e)
{
	enum req_again was = req->again;
	int rc;

	req->again = refill ? REQ_AGAIN_REFILL : REQ_AGAIN_PLAIN;
	rc = page(req, rep, e);
	req->again = was;
	return rc;
}

static int
show_again(struct request *req, struct reply *rep, struct err *e, route_handler page, bool refill)
{
	struct err r = *e;

	if (e->status == 403 || e->status == 404 || e->status < 400 || e->status >= 500)
		return -1;
	err_clear(e);
	json_decref(rep->model);
	rep->model = NULL;
	if (web_page_again(req, rep, page, refill, e) < 0)
		return -1;
	return refusal_shown(req, rep, &r);
}

int
web_show_again(struct request *req, struct reply *rep, struct err *e, route_handler page)
{
	return show_again(req, rep, e, page, true);
}

int
web_show_plain(struct request *req, struct reply *rep, struct err *e, route_handler page)
{
	return show_again(req, rep, e, page, false);
}

int
web_show_problems(struct request *req, struct reply *rep, struct err *e,
    route_handler page, const char *form, const struct svc_problems *pr)
{
	if (web_show_again(req, rep, e, page) < 0)
		return -1;
	form_set_problems(json_object_get(rep->model, form), pr);
	return 0;
}

int
web_answer(struct request *req, struct reply *rep, struct err *e, int rc,
    route_handler page, const char *fmt, ...)
{
	va_list ap;

	if (rc < 0)
		return web_show_again(req, rep, e, page);
	va_start(ap, fmt);
	rc = web_see_otherv(req, rep, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * A post refused with 403 by its admission or its handler, as a person
 * should see it: the page the route names (route->page, built from the
 * path's {id}, keeping what was typed when route->refill says so) with
 * the refusal as an error notice, a "refusal" member and
 * status 403, in place of a bare error page. HTML only: JSON keeps its
 * error, and so does a failed CSRF check. 0 when shown; -1 leaves e to the
 * error page.
 */
int
web_show_refused(struct request *req, struct reply *rep, struct err *e)
{
	struct err r = *e, e2;

	if (e->status != 403 || e->kind == ERR_CSRF || req->wants_json ||
	    req->route == NULL || req->route->page == NULL || req->method != HTTP_POST ||
	    req->app == NULL || req_auth(req)->user_id == 0)
		return -1;
	err_clear(&e2);
	if ((req->params == NULL && request_bind_params(req, &e2) < 0) ||
	    web_page_again(req, rep, req->route->page, req->route->refill, &e2) < 0 ||
	    rep->model == NULL) {
		json_decref(rep->model);
		rep->model = NULL;
		rep->template = NULL;
		return -1;
	}
	return refusal_shown(req, rep, &r);
}
