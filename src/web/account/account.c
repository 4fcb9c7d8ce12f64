/*
 * account.c - "my account" (/akun): change the password, see and end one's
 * own sessions, create API tokens (with a life and a scope) and revoke
 * them. Everything here acts on the signed-in user only, through the
 * account services (svc/accounts.h), which check the ids in addresses
 * against them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/model.h"
#include "web/names.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "svc/accounts.h"
#include "web/routes.h"

/* clang-format off */
static const struct field_spec password_fields[] = {
	{ "current", "account.current_password", "password", "current-password", NULL },
	{ "password", "account.new_password", "password", "new-password", "account.password_hint" },
	{ "repeat", "account.repeat_password", "password", "new-password", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
/* clang-format on */

static const struct field_spec token_fields[] = {
	{ "name", "account.token_name", "text", "off", "account.token_name_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The token form's choices (a life in days, a scope), the one typed
 * selected when refill, else the defaults: 90 days, write. */
static json_t *
token_choices(struct request *req, bool refill)
{
	static const char *const days[] = { "30", "90", "365" };
	static const char *const scopes[] = { "baca", "tulis" };
	enum lang l = req_lang(req);
	const struct param_value *dv = refill ? req_param_find(req, "days") : NULL;
	const struct param_value *sv = refill ? req_param_find(req, "scope") : NULL;
	const char *day = dv != NULL && dv->present ? dv->text : "90";
	const char *scope = sv != NULL && sv->present ? sv->text : "tulis";
	json_t *d = json_array(), *sc = json_array();
	char key[64];
	size_t i;

	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		snprintf(key, sizeof(key), "account.token_days_%s", days[i]);
		json_array_append_new(d,
		    form_option(days[i], i18n_get(l, key), strcmp(day, days[i]) == 0));
	}
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		snprintf(key, sizeof(key), "account.token_scope_%s", scopes[i]);
		json_array_append_new(sc,
		    json_pack("{s:s, s:s, s:b}", "value", scopes[i], "label",
			i18n_get(l, key), "checked", strcmp(scope, scopes[i]) == 0));
	}
	return json_pack("{s:o, s:o}", "days", d, "scopes", sc);
}

/* Each token row with its scope in words, whether it expired, and its
 * expiry as a date people read, in the zone of the user's own province
 * (WIB when none). */
static void
token_texts(struct request *req, json_t *tokens, json_t *user)
{
	const struct province *p = province_find(
	    (int)json_integer_value(json_object_get(user, "home_province")));
	enum tz tz = p != NULL ? p->tz : TZ_WIB;
	enum lang l = req_lang(req);
	json_t *t;
	size_t i;
	bool read;

	json_array_foreach(tokens, i, t) {
		read = token_scope_parse(json_string_value(json_object_get(t, "scope"))) !=
		    TOKEN_WRITE;
		json_object_set_new(t, "expired",
		    json_boolean(json_integer_value(json_object_get(t, "expired")) != 0));
		json_object_set_new(t, "scope_label",
		    json_string(i18n_get(l,
			read ? "account.token_scope_baca" : "account.token_scope_tulis")));
		json_object_set_new(t, "expires_text",
		    json_string(time_iso_text(&req->arena,
			json_string_value(json_object_get(t, "expires_at")),
			tz_offset(tz), tz_code(tz), i18n_time_lang(l), TIME_DATE)));
	}
}

/* When each session began and was last used, as people read it, in the
 * zone of the user's own province (WIB when none). */
static void
session_texts(struct request *req, json_t *sessions, json_t *user)
{
	const struct province *p = province_find(
	    (int)json_integer_value(json_object_get(user, "home_province")));
	enum tz tz = p != NULL ? p->tz : TZ_WIB;
	enum time_lang tl = i18n_time_lang(req_lang(req));
	json_t *s;
	size_t i;

	json_array_foreach(sessions, i, s) {
		json_object_set_new(s, "created_text",
		    json_string(time_iso_text(&req->arena,
			json_string_value(json_object_get(s, "created_at")),
			tz_offset(tz), tz_code(tz), tl, TIME_DATE_TIME)));
		json_object_set_new(s, "seen_text",
		    json_string(time_iso_text(&req->arena,
			json_string_value(json_object_get(s, "last_seen_at")),
			tz_offset(tz), tz_code(tz), tl, TIME_DATE_TIME)));
	}
}

/* The account's rows: user, live sessions, tokens, grants. */
static int
account_rows(struct request *req, struct db_conn *c, json_t **user, json_t **sessions,
    json_t **tokens, json_t **grants, struct err *e)
{
	const struct auth *a = req_auth(req);
	const struct app *app = req_app(req);
	char now[TIME_ISO_LEN], idle[TIME_ISO_LEN], shown[TIME_ISO_LEN];
	time_t t = time(NULL);

	time_iso(t, now);
	time_iso(t - app->session_idle, idle);
	time_iso(t - ACCOUNT_TOKEN_SHOWN_DAYS * 24 * 3600, shown);
	return db_exec(c, DB_USER_GET, (struct db_param[]){ DBP_INT(a->user_id) }, 1,
		   user, e) < 0 ||
		db_exec(c, DB_SESSION_LIST,
		    (struct db_param[]){ DBP_INT(a->user_id), DBP_TEXT(now), DBP_TEXT(idle) },
		    3, sessions, e) < 0 ||
		db_exec(c, DB_TOKEN_LIST,
		    (struct db_param[]){ DBP_INT(a->user_id), DBP_TEXT(now), DBP_TEXT(shown) },
		    3, tokens, e) < 0 ||
		db_exec(c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(a->user_id) }, 1,
		    grants, e) < 0
	    ? -1
	    : 0;
}

/* The account page's model; shown again for a refused post, the form it
 * posted as typed (each form's fields are its post's alone). */
static int
account_model(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	json_t *user = NULL, *sessions = NULL, *tokens = NULL, *grants = NULL, *s;
	struct db_conn *c;
	size_t i;
	bool refill = req_refill(req);

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (account_rows(req, c, &user, &sessions, &tokens, &grants, e) < 0)
		goto fail;
	json_array_foreach(sessions, i, s)
		json_object_set_new(s, "current",
		    json_boolean(json_integer_value(json_object_get(s, "id")) == a->session_id));
	session_texts(req, sessions, json_array_get(user, 0));
	token_texts(req, tokens, json_array_get(user, 0));
	names_grants(req, grants);
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "page_title",
	    i18n_get(l, "account.title"), "user", json_incref(json_array_get(user, 0)),
	    "sessions", sessions, "tokens", tokens, "grants", grants, "password_form",
	    form_fields(req, password_fields, refill), "token_form",
	    form_fields(req, token_fields, refill), "token_choices",
	    token_choices(req, refill));
	json_decref(user);
	if (rep->model != NULL) {
		json_object_set_new(rep->model, "has_grants",
		    json_boolean(json_array_size(grants)));
		json_object_set_new(rep->model, "has_tokens",
		    json_boolean(json_array_size(tokens)));
	}
	if (web_model_built(rep, e) < 0)
		return -1;
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
error_notice(struct request *req, struct reply *rep, const char *key)
{
	app_notice(rep->model, true, i18n_get(req_lang(req), key));
}

static int
account_page(struct request *req, struct reply *rep, struct err *e)
{
	if (account_model(req, rep, e) < 0)
		return -1;
	web_model_ok_notice(req, rep, "account.password_changed");
	return 0;
}

/* The account page again after a refused change: with the form's
 * problems, or while wrong current passwords hold it locked, saying how
 * long (Retry-After). */
static int
password_refused(struct request *req, struct reply *rep, long wait,
    const struct svc_problems *pr, struct err *e)
{
	bool locked = e->kind == ERR_RATE_LIMITED;

	if (web_show_again(req, rep, e, account_page) < 0)
		return -1;
	if (locked) {
		reply_header(rep, MHD_HTTP_HEADER_RETRY_AFTER,
		    arena_printf(&req->arena, "%ld", wait));
		return 0;
	}
	form_set_problems(json_object_get(rep->model, "password_form"), pr);
	error_notice(req, rep, "account.password_not_changed");
	return 0;
}

static int
account_password(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	struct svc s;
	long wait = 0;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		if (form_invalid_again(req, rep, account_page, "password_form", NULL, e) < 0)
			return -1;
		error_notice(req, rep, "account.password_not_changed");
		return 0;
	}
	if (accounts_password_change(&s, req_param(req, "current")->text,
		req_param(req, "password")->text, req_param(req, "repeat")->text, &wait,
		&pr, e) < 0)
		return password_refused(req, rep, wait, &pr, e);
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

static int
account_token_create(struct request *req, struct reply *rep, struct err *e)
{
	const char *name = req_param(req, "name")->text, *token;
	const struct param_value *days = req_param(req, "days");
	/* clang-format off */
	struct token_input in = {
		.name = name,
		.days = days->present ? (int)strtol(days->text, NULL, 10) : ACCOUNT_TOKEN_DAYS,
		.scope = req_param(req, "scope")->present &&
		    strcmp(req_param(req, "scope")->text, "baca") == 0 ? TOKEN_READ : TOKEN_WRITE,
	};
	/* clang-format on */
	struct svc_problems pr = { .count = 0 };
	struct svc s;

	if (form_has_errors(req))
		return form_invalid_again(req, rep, account_page, "token_form", NULL, e);
	if (web_svc(req, &s, e) < 0)
		return -1;
	if (accounts_token_create(&s, &in, &token, &pr, e) < 0)
		return web_show_problems(req, rep, e, account_page, "token_form", &pr);
	/* The token is shown on this answer only; the database keeps its hash. */
	if (account_model(req, rep, e) < 0)
		return -1;
	json_object_set_new(rep->model, "new_token",
	    json_pack("{s:s, s:s, s:s}", "name", name, "token", token, "scope",
		token_scope_code(in.scope)));
	json_object_set_new(rep->model, "token_form", form_fields(req, token_fields, false));
	rep->status = 201;
	return 0;
}

static int
account_token_revoke(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    accounts_token_revoke(&s, req_param(req, "id")->i, e) < 0)
		return -1;
	return web_see_other(req, rep, "/akun");
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/akun", account_page, "account", SIGNED_IN,
	    .params = PARAMS(PARAM_NOTICE("sandi")),
	    .about = "The signed-in user's account: password, active sessions and API tokens"),
	ROUTE_POST("/akun/sandi", account_password, "account", SIGNED_IN,
	    .params = PARAMS(PARAM_PASSWORD("current"), PARAM_PASSWORD("password"),
		PARAM_PASSWORD("repeat")),
	    .offload = true,
	    .about = "Changes the signed-in user's password after checking the current one"),
	ROUTE_POST("/akun/sesi/{id}/akhiri", account_session_end, NULL, SIGNED_IN,
	    .params = route_params_id,
	    .about = "Ends one of the signed-in user's sessions"),
	ROUTE_POST("/akun/token", account_token_create, "account", SIGNED_IN,
	    .params = PARAMS({ "name", PARAM_FORM, PT_TEXT, true, 2, 80, NULL },
		PARAM_CHOICE("days", false, "30|90|365"),
		PARAM_CHOICE("scope", false, "baca|tulis")),
	    .about = "Creates an API token (shown once) with a name, scope and expiry"),
	ROUTE_POST("/akun/token/{id}/cabut", account_token_revoke, NULL, SIGNED_IN,
	    .params = route_params_id,
	    .about = "Revokes one of the signed-in user's API tokens"),
};
/* clang-format on */
ROUTE_TABLE(account_routes, routes);
