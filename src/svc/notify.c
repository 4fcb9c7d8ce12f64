/*
 * notify.c - events into notifications and outbox messages, in the
 * transaction of the event (see notify.h); the message a person receives
 * is worded here, in their language.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/notify.h"
#include "base/buf.h"
#include "base/timefmt.h"
#include "core/region.h"

static atomic_bool mail_on;

void
notify_mail_enable(bool on)
{
	atomic_store(&mail_on, on);
}

bool
notify_mail_enabled(void)
{
	return atomic_load(&mail_on);
}

static const char *
str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

/* A deadline as people read it: a date, or an instant in the zone of
 * province. */
static const char *
deadline_words(struct arena *a, enum lang l, const char *when, int province)
{
	const struct province *pv = province_find(province);
	enum tz z = pv != NULL ? pv->tz : TZ_WIB;
	time_t t;

	if (when == NULL || when[0] == '\0')
		return "";
	if (strlen(when) == 10)
		return time_date_text(a, when, i18n_time_lang(l));
	if (time_parse_iso(when, &t) < 0)
		return when;
	return time_local_text(a, t, tz_offset(z), tz_code(z), i18n_time_lang(l),
	    TIME_DATE_TIME);
}

void
notify_words(struct arena *a, enum lang l, const char *kind, json_t *params,
    const char **title, const char **text)
{
	char key[96];
	const char *deadline = deadline_words(a, l, str(params, "deadline"),
	    (int)json_integer_value(json_object_get(params, "province")));

	snprintf(key, sizeof(key), "notify.kind.%s.title", kind);
	*title = i18n_subst(a, i18n_get(l, key), "unit", str(params, "unit"), "cycle",
	    str(params, "cycle"), "deadline", deadline, (const char *)NULL);
	snprintf(key, sizeof(key), "notify.kind.%s.text", kind);
	*text = i18n_subst(a, i18n_get(l, key), "unit", str(params, "unit"), "cycle",
	    str(params, "cycle"), "deadline", deadline, (const char *)NULL);
}

/* text escaped for HTML, appended to b. */
static void
html_escape(struct buf *b, const char *text)
{
	buf_html(b, text, strlen(text));
}

/* The message to one person in their language l: the notification's
 * words, the link to its object, why they receive it and where to turn
 * it off. Plain text and HTML with the same content; nothing but names
 * and links (never a document or a secret). */
static int
enqueue_mail(struct svc *s, int64_t nid, json_t *who, const char *kind, json_t *params,
    const char *href, struct err *e)
{
	enum lang l = i18n_lang(str(who, "lang"));
	const char *title, *text, *why, *kind_name, *subject, *link, *prefs, *base;
	char key[96], now[TIME_ISO_LEN];
	struct buf t, h;
	int rc = -1;

	if (l == LANG_MAX)
		l = LANG_ID;
	notify_words(s->arena, l, kind, params, &title, &text);
	snprintf(key, sizeof(key), "notify.why.%s", str(who, "role"));
	why = i18n_subst(s->arena, i18n_get(l, key), "unit", str(params, "unit"),
	    (const char *)NULL);
	snprintf(key, sizeof(key), "notify.kind.%s.name", kind);
	kind_name = i18n_get(l, key);
	base = s->public_url != NULL ? s->public_url : "";
	link = arena_printf(s->arena, "%s%s", base, href);
	prefs = arena_printf(s->arena, "%s/akun/pemberitahuan", base);
	subject = arena_printf(s->arena, "[P2HAM] %s", title);
	if (link == NULL || prefs == NULL || subject == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	buf_init(&t, 0);
	buf_init(&h, 0);
	buf_printf(&t, "%s\n\n%s\n\n%s\n%s\n\n-- \n%s\n%s\n%s\n", title, text,
	    i18n_get(l, "notify.mail.open"), link, why,
	    i18n_subst(s->arena, i18n_get(l, "notify.mail.turn_off"), "kind", kind_name,
		(const char *)NULL),
	    prefs);
	buf_printf(&h,
	    "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<title>",
	    i18n_code(l));
	html_escape(&h, title);
	buf_printf(&h, "</title></head><body><h1 style=\"font-size:1.2em\">");
	html_escape(&h, title);
	buf_printf(&h, "</h1><p>");
	html_escape(&h, text);
	buf_printf(&h, "</p><p><a href=\"");
	html_escape(&h, link);
	buf_printf(&h, "\">");
	html_escape(&h, i18n_get(l, "notify.mail.open"));
	buf_printf(&h, "</a></p><hr><p style=\"color:#555\">");
	html_escape(&h, why);
	buf_printf(&h, " ");
	html_escape(&h,
	    i18n_subst(s->arena, i18n_get(l, "notify.mail.turn_off"), "kind", kind_name,
		(const char *)NULL));
	buf_printf(&h, " <a href=\"");
	html_escape(&h, prefs);
	buf_printf(&h, "\">");
	html_escape(&h, prefs);
	buf_printf(&h, "</a></p></body></html>\n");
	if (t.failed || h.failed) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	time_iso(s->now, now);
	rc = db_exec(s->c, DB_MAIL_ENQUEUE,
	    (struct db_param[]){ nid ? DBP_INT(nid) : DBP_NULL,
		DBP_INT(json_integer_value(json_object_get(who, "id"))),
		DBP_TEXT(str(who, "email")), DBP_TEXT(subject), DBP_TEXT(buf_cstr(&t)),
		DBP_TEXT(buf_cstr(&h)), DBP_TEXT(now) },
	    7, NULL, e);
done:
	buf_free(&t);
	buf_free(&h);
	return rc;
}

int
notify_event(struct svc *s, int64_t pid, const char *event, const char *dedup,
    const char *deadline, struct err *e)
{
	const struct notify_rule *r = notify_rule_find(event);
	const char *kind;
	json_t *part = NULL, *people = NULL, *params = NULL, *who;
	char roles[128], now[TIME_ISO_LEN], *ptext = NULL;
	const char *href;
	size_t i;
	int rc = -1;

	if (r == NULL)
		return 0;
	kind = notify_kind_code(r->kind);
	notify_roles(r->to, roles, sizeof(roles));
	time_iso(s->now, now);
	if ((part = db_row(s->c, DB_NOTIFY_PARTICIPATION, pid, "participation", e)) == NULL)
		return -1;
	if (db_exec(s->c, DB_NOTIFY_RECIPIENTS,
		(struct db_param[]){ DBP_TEXT(roles),
		    DBP_INT(json_integer_value(json_object_get(part, "unit_id"))),
		    DBP_INT(json_integer_value(json_object_get(part, "province_code"))),
		    DBP_INT(json_integer_value(json_object_get(part, "organization_id"))),
		    DBP_INT(pid), DBP_INT(s->actor_id),
		    (r->to & NT_NEW_ONLY) ? DBP_TEXT(now) : DBP_NULL, DBP_TEXT(kind) },
		8, &people, e) < 0)
		goto done;
	params = json_pack("{s:s, s:s, s:I}", "unit", str(part, "unit_name"), "cycle",
	    str(part, "cycle_title"), "province",
	    json_integer_value(json_object_get(part, "province_code")));
	if (params != NULL && deadline != NULL)
		json_object_set_new(params, "deadline", json_string(deadline));
	href = arena_printf(s->arena, "/partisipasi/%lld%s", (long long)pid, r->page);
	if (params == NULL || href == NULL ||
	    (ptext = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	json_array_foreach(people, i, who) {
		int64_t nid;

		if (db_exec_int(s->c, DB_NOTIFICATION_INSERT,
			(struct db_param[]){
			    DBP_INT(json_integer_value(json_object_get(who, "id"))),
			    DBP_TEXT(kind), DBP_INT(pid), DBP_TEXT(href), DBP_TEXT(ptext),
			    DBP_TEXT(now), dedup ? DBP_TEXT(dedup) : DBP_NULL },
			7, "id", &nid, e) < 0)
			goto done;
		if (nid == 0)
			continue; /* told already */
		if (notify_mail_enabled() &&
		    json_integer_value(json_object_get(who, "mail")) == 1 &&
		    str(who, "email")[0] != '\0' &&
		    enqueue_mail(s, nid, who, kind, params, href, e) < 0)
			goto done;
	}
	rc = 0;
done:
	free(ptext);
	json_decref(params);
	json_decref(people);
	json_decref(part);
	return rc;
}
