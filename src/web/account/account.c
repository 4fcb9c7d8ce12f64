/*
 * account.c - "my account" (/akun): change the password, see and end one's
 * own sessions, create and revoke API tokens. Everything here acts on the
 * signed-in user only, through the account services (svc/accounts.h),
 * which check the ids in addresses against them.
 */
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "svc/accounts.h"
#include "web/routes.h"

static const struct field_spec password_fields[] = {
	{ "current", "account.current_password", "password", "current-password", NULL },
	{ "password", "account.new_password", "password", "new-password", "account.password_hint" },
	{ "repeat", "account.repeat_password", "password", "new-password", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec token_fields[] = {
	{ "name", "account.token_name", "text", "off", "account.token_name_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The account page's model; refill names the form whose refused input is
 * shown again ("password", "token") or is NULL. */
static int
account_model(struct request *req, struct reply *rep, const char *refill, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	const struct app *app = req_app(req);
	char now[TIME_ISO_LEN], idle[TIME_ISO_LEN];
	json_t *user = NULL, *sessions = NULL, *tokens = NULL, *grants = NULL, *s;
	struct db_conn *c;
	time_t t = time(NULL);
	size_t i;
	bool is_pw = refill != NULL && strcmp(refill, "password") == 0;
	bool is_tok = refill != NULL && strcmp(refill, "token") == 0;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (db_exec(c, DB_USER_GET, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &user, e) < 0 ||
	    db_exec(c, DB_SESSION_LIST, (struct db_param[]){ DBP_INT(a->user_id),
	    DBP_TEXT(time_iso(t, now)), DBP_TEXT(time_iso(t - app->session_idle, idle)) }, 3,
	    &sessions, e) < 0 ||
	    db_exec(c, DB_TOKEN_LIST, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &tokens, e) < 0 ||
	    db_exec(c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &grants, e) < 0)
		goto fail;
	json_array_foreach(sessions, i, s)
		json_object_set_new(s, "current", json_boolean(
		    json_integer_value(json_object_get(s, "id")) == a->session_id));
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "page_title", i18n_get(l, "account.title"),
	    "user", json_incref(json_array_get(user, 0)),
	    "sessions", sessions, "tokens", tokens, "grants", grants,
	    "password_form", form_fields(req, password_fields, is_pw),
	    "token_form", form_fields(req, token_fields, is_tok));
	json_decref(user);
	if (rep->model != NULL) {
		json_object_set_new(rep->model, "has_grants", json_boolean(json_array_size(grants)));
		json_object_set_new(rep->model, "has_tokens", json_boolean(json_array_size(tokens)));
	}
	if (rep->model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rep->template = "account";
	return 0;
fail:
	json_decref(user);
	json_decref(sessions);
	json_decref(tokens);
	json_decref(grants);
	return -1;
}

static void
notice(struct request *req, struct reply *rep, const char *kind, const char *key)
{
	app_notice(rep->model, strcmp(kind, "error") == 0, i18n_get(req_lang(req), key));
}

static int
account_page(struct request *req, struct reply *rep, struct err *e)
{
	if (account_model(req, rep, NULL, e) < 0)
		return -1;
	if (req_param(req, "ok")->present)
		notice(req, rep, "ok", "account.password_changed");
	return 0;
}

/* The account page with the password form as typed, marked refused. */
static int
password_again(struct request *req, struct reply *rep, struct err *e)
{
	if (account_model(req, rep, "password", e) < 0)
		return -1;
	notice(req, rep, "error", "account.password_not_changed");
	return 0;
}

static int
account_password(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		if (password_again(req, rep, e) < 0)
			return -1;
		rep->status = 422;
		return 0;
	}
	if (accounts_password_change(&s, req_param(req, "current")->text,
	    req_param(req, "password")->text, req_param(req, "repeat")->text, &pr, e) < 0) {
		if (web_show_again(req, rep, e, password_again) < 0)
			return -1;
		form_set_problems(json_object_get(rep->model, "password_form"), &pr);
		notice(req, rep, "error", "account.password_not_changed");
		return 0;
	}
	/* Every session ended, this one too; a fresh one keeps the user
	 * signed in. */
	if (auth_session_start(req, rep, s.c, s.actor_id, e) < 0)
		return -1;
	return web_see_other(req, rep, "/akun?ok=sandi");
}

static int
account_session_end(struct request *req, struct reply *rep, struct err *e)
{
	int64_t sid = req_param(req, "id")->i;
	bool own = sid == req_auth(req)->session_id;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || accounts_session_end(&s, sid, e) < 0)
		return -1;
	if (own)
		auth_session_clear(req, rep);
	return web_see_other(req, rep, "%s", own ? "/masuk" : "/akun");
}

/* The account page keeping the token form's input, for a refused creation. */
static int
token_page(struct request *req, struct reply *rep, struct err *e)
{
	return account_model(req, rep, "token", e);
}

static int
account_token_create(struct request *req, struct reply *rep, struct err *e)
{
	const char *name = req_param(req, "name")->text, *token;
	struct svc s;

	if (form_has_errors(req)) {
		if (account_model(req, rep, "token", e) < 0)
			return -1;
		rep->status = 422;
		return 0;
	}
	if (web_svc(req, &s, e) < 0)
		return -1;
	if (accounts_token_create(&s, name, &token, e) < 0)
		return web_show_again(req, rep, e, token_page);
	/* The token is shown on this answer only; the database keeps its hash. */
	if (account_model(req, rep, NULL, e) < 0)
		return -1;
	json_object_set_new(rep->model, "new_token", json_pack("{s:s, s:s}", "name", name,
	    "token", token));
	json_object_set_new(rep->model, "token_form", form_fields(req, token_fields, false));
	rep->status = 201;
	return 0;
}

static int
account_token_revoke(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 || accounts_token_revoke(&s, req_param(req, "id")->i, e) < 0)
		return -1;
	return web_see_other(req, rep, "/akun");
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_account[] = {
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "sandi" },
	{ NULL },
};
static const struct param_spec p_password[] = {
	{ "current", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "repeat", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ NULL },
};
static const struct param_spec p_token[] = {
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 80, NULL },
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/akun", .handler = account_page,
	  .template = "account", .login = true, .params = p_account },
	{ .method = HTTP_POST, .pattern = "/akun/sandi", .handler = account_password,
	  .template = "account", .login = true, .csrf = true, .params = p_password },
	{ .method = HTTP_POST, .pattern = "/akun/sesi/{id}/akhiri",
	  .handler = account_session_end, .login = true, .csrf = true, .params = route_params_id },
	{ .method = HTTP_POST, .pattern = "/akun/token", .handler = account_token_create,
	  .template = "account", .login = true, .csrf = true, .params = p_token },
	{ .method = HTTP_POST, .pattern = "/akun/token/{id}/cabut",
	  .handler = account_token_revoke, .login = true, .csrf = true, .params = route_params_id },
};
ROUTE_TABLE(account_routes, routes);
