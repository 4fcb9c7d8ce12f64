/*
 * reset.c - the public page of a password reset link (/sandi/atur/{token}):
 * whoever was handed the link sets the account's new password, once, and
 * signs in with it. The link is judged and spent by the account services
 * (svc/accounts.h). Every visit is counted against the client's address
 * before the link is looked at (throttle_reset), so that links cannot be
 * tried by the thousand; a link that does not work says only that, never
 * whether it was unknown, used, replaced or expired.
 */
#include <string.h>

#include <microhttpd.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "base/log.h"
#include "svc/accounts.h"
#include "svc/throttle.h"
#include "web/model.h"
#include "web/routes.h"

/* clang-format off */
static const struct field_spec reset_fields[] = {
	{ "password", "account.new_password", "password", "new-password", "account.password_hint" },
	{ "repeat", "account.repeat_password", "password", "new-password", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
/* clang-format on */

/*
 * The page: the form for the account who (a RESET_LOOKUP row) with the
 * input as typed when refill, or (who NULL) no form; notice_key, when
 * given, the error said above it, with wait minutes for {n}.
 */
static int
reset_model(struct request *req, struct reply *rep, json_t *who, bool refill,
    const char *notice_key, long wait, struct err *e)
{
	enum lang l = req_lang(req);
	const char *csrf = auth_public_csrf(req, rep);

	rep->model = json_pack("{s:s, s:s, s:b}", "page_title", i18n_get(l, "reset.title"),
	    "csrf", csrf != NULL ? csrf : "", "valid", who != NULL);
	if (web_model_built(rep, e) < 0)
		return -1;
	if (who != NULL) {
		json_object_set_new(rep->model, "email",
		    json_incref(json_object_get(who, "email")));
		json_object_set_new(rep->model, "fields",
		    form_fields(req, reset_fields, refill));
		json_object_set_new(rep->model, "action",
		    json_string(arena_printf(&req->arena, ACCOUNT_RESET_PATH "%s",
			req_param(req, "token")->text)));
	}
	if (notice_key != NULL)
		app_notice(rep->model, true,
		    i18n_fill(&req->arena, i18n_get(l, notice_key), wait));
	/* The address holds the link: keep the page out of every cache. */
	reply_header(rep, "Cache-Control", "no-store");
	rep->template = "password_reset";
	return 0;
}

/*
 * Set s up for the request and count this visit against the client's
 * address (*key receives the key): 0 to go on; 1 when the page is
 * answered already (429, Retry-After). -1 with e.
 */
static int
reset_reserve(struct request *req, struct reply *rep, struct svc *s, const char **key,
    struct err *e)
{
	long wait;

	if (web_svc(req, s, e) < 0)
		return -1;
	*key = arena_printf(&req->arena, "reset:%s", auth_client_addr(req));
	if (*key == NULL)
		return web_nomem(e);
	if (throttle_reserve(s->c, *key, &throttle_reset, s->now, &wait, e) < 0)
		return -1;
	if (wait == 0)
		return 0;
	rep->status = 429;
	reply_header(rep, MHD_HTTP_HEADER_RETRY_AFTER, arena_printf(&req->arena, "%ld", wait));
	if (reset_model(req, rep, NULL, false, "reset.locked", (wait + 59) / 60, e) < 0)
		return -1;
	return 1;
}

/* The link did not work: a failure of the address (key), and the page
 * that says so, 404. */
static int
reset_invalid(struct request *req, struct reply *rep, struct svc *s, const char *key,
    struct err *e)
{
	bool locked = false;

	err_clear(e);
	if (throttle_fail(s->c, key, &throttle_reset, s->now, &locked, e) < 0)
		return -1;
	if (locked)
		log_warn("event=reset_address_locked minutes=%d", throttle_reset.lock / 60);
	rep->status = 404;
	return reset_model(req, rep, NULL, false, "reset.invalid", 0, e);
}

/* The form again as typed, with status and the notice notice_key (or
 * the link's failure when it stopped working meanwhile). */
static int
reset_again(struct request *req, struct reply *rep, struct svc *s, const char *key,
    int status, const char *notice_key, struct err *e)
{
	json_t *who = NULL;
	int rc;

	if (accounts_reset_find(s, req_param(req, "token")->text, &who, e) < 0)
		return e->kind == ERR_NOT_FOUND ? reset_invalid(req, rep, s, key, e) : -1;
	rc = reset_model(req, rep, who, true, notice_key, 0, e);
	json_decref(who);
	rep->status = status;
	return rc;
}

static int
reset_page(struct request *req, struct reply *rep, struct err *e)
{
	const char *key;
	struct svc s;
	json_t *who = NULL;
	int rc;

	if ((rc = reset_reserve(req, rep, &s, &key, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (accounts_reset_find(&s, req_param(req, "token")->text, &who, e) < 0)
		return e->kind == ERR_NOT_FOUND ? reset_invalid(req, rep, &s, key, e) : -1;
	rc = reset_model(req, rep, who, false, NULL, 0, e);
	json_decref(who);
	return rc;
}

static int
reset_submit(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	const char *key;
	struct svc s;
	int64_t uid;
	int rc;

	if ((rc = reset_reserve(req, rep, &s, &key, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (form_has_errors(req))
		return reset_again(req, rep, &s, key, 422, "reset.not_set", e);
	if (accounts_password_reset(&s, req_param(req, "token")->text,
		req_param(req, "password")->text, req_param(req, "repeat")->text, &uid,
		&pr, e) < 0) {
		if (e->kind == ERR_NOT_FOUND)
			return reset_invalid(req, rep, &s, key, e);
		if (e->kind != ERR_INVALID)
			return -1;
		err_clear(e);
		if (reset_again(req, rep, &s, key, 422, "reset.not_set", e) < 0)
			return -1;
		form_set_problems(json_object_get(rep->model, "fields"), &pr);
		return 0;
	}
	/* The account's sessions ended, this browser's too if it was one. */
	if (req_auth(req)->user_id == uid)
		auth_session_clear(req, rep);
	return web_see_other(req, rep, "/masuk?ok=sandi");
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
#define TOKEN_PARAM	{ "token", PARAM_PATH, PT_TEXT, true, 1, 128, NULL }
/* clang-format on */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/sandi/atur/{token}", reset_page, "password_reset", PUBLIC,
	    .params = PARAMS(TOKEN_PARAM),
	    .about = "The form to set a password from a one-time reset link"),
	ROUTE_POST("/sandi/atur/{token}", reset_submit, "password_reset", PUBLIC,
	    .params = PARAMS(TOKEN_PARAM, PARAM_PASSWORD("password"), PARAM_PASSWORD("repeat")),
	    .offload = true,
	    .about = "Sets a new password from a one-time reset link"),
};
/* clang-format on */
ROUTE_TABLE(reset_routes, routes);
