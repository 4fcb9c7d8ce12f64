/*
 * notifications.c - a person's notifications (/pemberitahuan): the list,
 * newest first, each linking to its object, marked read one by one or all
 * at once; and beside "my account" the choice of which kinds reach them by
 * e-mail, and in which language (/akun/pemberitahuan). Everything acts on
 * the signed-in user only (svc/notify.h).
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "core/notify.h"
#include "svc/notify.h"
#include "web/routes.h"
#include "web/model.h"

static int
list_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct svc s;
	json_t *items;
	size_t i, unread = 0;

	if (web_svc(req, &s, e) < 0 || (items = notify_list(&s, e)) == NULL)
		return -1;
	for (i = 0; i < json_array_size(items); i++)
		if (json_is_true(json_object_get(json_array_get(items, i), "unread")))
			unread++;
	rep->model = json_pack("{s:s, s:o, s:b, s:b}", "page_title",
	    i18n_get(l, "notify.list.title"), "notifications", items, "has_notifications",
	    json_array_size(items) > 0, "has_unread", unread > 0);
	return web_model_done(req, rep, "notify.list.done", e);
}

static int
read_one(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 || notify_mark_read(&s, req_param(req, "id")->i, e) < 0)
		return -1;
	return web_see_other(req, rep, "/pemberitahuan?ok=baca");
}

static int
read_all(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0 || notify_mark_all_read(&s, e) < 0)
		return -1;
	return web_see_other(req, rep, "/pemberitahuan?ok=baca");
}

/* The form's field of a kind: this prefix and its code. */
#define FIELD_PREFIX "surel_"

static void
field_name(enum notify_kind k, char *out, size_t cap)
{
	snprintf(out, cap, FIELD_PREFIX "%s", notify_kind_code(k));
}

static int
prefs_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req), i;
	json_t *prefs, *kinds = json_array(), *langs = json_array(), *off;
	const char *lang;
	char key[96], name[64];
	struct svc s;
	size_t j;
	int k;

	if (kinds == NULL || langs == NULL || web_svc(req, &s, e) < 0 ||
	    (prefs = notify_prefs_get(&s, e)) == NULL) {
		json_decref(kinds);
		json_decref(langs);
		return -1;
	}
	off = json_object_get(prefs, "off");
	for (k = 0; k < NK_MAX; k++) {
		bool on = true;

		for (j = 0; j < json_array_size(off); j++)
			if (strcmp(json_string_value(json_array_get(off, j)),
				notify_kind_code((enum notify_kind)k)) == 0)
				on = false;
		snprintf(key, sizeof(key), "notify.kind.%s.name",
		    notify_kind_code((enum notify_kind)k));
		field_name((enum notify_kind)k, name, sizeof(name));
		json_array_append_new(kinds,
		    json_pack("{s:s, s:s, s:b}", "name", name, "label", i18n_get(l, key),
			"on", on));
	}
	lang = json_string_value(json_object_get(prefs, "lang"));
	for (i = 0; i < LANG_MAX; i++)
		json_array_append_new(langs,
		    json_pack("{s:s, s:s, s:b}", "code", i18n_code(i), "label",
			i18n_get(i, "lang.name"), "current", strcmp(lang, i18n_code(i)) == 0));
	json_decref(prefs);
	rep->model = json_pack("{s:s, s:o, s:o, s:b}", "page_title",
	    i18n_get(l, "notify.prefs.title"), "kinds", kinds, "languages", langs,
	    "mail_on", notify_mail_enabled());
	return web_model_done(req, rep, "notify.prefs.saved", e);
}

static int
prefs_save(struct request *req, struct reply *rep, struct err *e)
{
	const char *off[NK_MAX];
	const struct param_value *v;
	char name[64];
	size_t n = 0;
	struct svc s;
	enum lang lang;
	int k;

	for (k = 0; k < NK_MAX; k++) {
		field_name((enum notify_kind)k, name, sizeof(name));
		v = req_param(req, name);
		if (!v->present || v->i == 0)
			off[n++] = notify_kind_code((enum notify_kind)k);
	}
	v = req_param(req, "bahasa");
	lang = v->present ? i18n_lang(v->text) : req_lang(req);
	if (lang == LANG_MAX)
		lang = LANG_ID;
	if (web_svc(req, &s, e) < 0 || notify_prefs_set(&s, off, n, lang, e) < 0)
		return -1;
	return web_see_other(req, rep, "/akun/pemberitahuan?ok=simpan");
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
/* One e-mail field per kind of notification, from the kinds' table. */
#define KIND_FIELD(kind, code) PARAM_CHECK(FIELD_PREFIX code),
static PARAM_LIST(p_prefs_save, NOTIFY_KIND_LIST(KIND_FIELD)
    PARAM_CHOICE("bahasa", false, "id|en"));
#undef KIND_FIELD

static const struct route routes[] = {
	ROUTE_GET("/pemberitahuan", list_page, "notifications", SIGNED_IN,
	    .params = PARAMS(PARAM_NOTICE("baca")),
	    .about = "The signed-in user's notifications, newest first, "
		"each linking to its object"),
	ROUTE_POST("/pemberitahuan/{id}/baca", read_one, NULL, SIGNED_IN,
	    .params = route_params_id,
	    .about = "Marks one of the signed-in user's notifications read"),
	ROUTE_POST("/pemberitahuan/baca-semua", read_all, NULL, SIGNED_IN,
	    .about = "Marks every notification of the signed-in user read"),
	ROUTE_GET("/akun/pemberitahuan", prefs_page, "notify_prefs", SIGNED_IN,
	    .params = PARAMS(PARAM_NOTICE("simpan")),
	    .about = "Which kinds of notification reach the signed-in user by e-mail, "
		"and in which language"),
	ROUTE_POST("/akun/pemberitahuan", prefs_save, NULL, SIGNED_IN,
	    .params = p_prefs_save,
	    .about = "Saves the signed-in user's e-mail choices for notifications"),
};
/* clang-format on */
ROUTE_TABLE(notifications_routes, routes);
