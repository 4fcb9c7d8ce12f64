/*
 * picker.c - the model of a field that picks among many (picker.h): one
 * probe of PICKER_SELECT_MAX + 1 choices decides between a list and a
 * search; a search reads one page of matches more than it shows, to know
 * whether a next page exists without counting them all, and pages by key
 * (web/form.h's keyset): the next page starts after the last row shown,
 * the previous one ends before the first.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/form.h"
#include "web/picker.h"
#include "base/str.h"

/* The parameter prefix + name declared by req's route, or NULL. */
static const struct param_value *
param_of(const struct request *req, const char *prefix, const char *name)
{
	char key[96];

	if ((size_t)snprintf(key, sizeof(key), "%s%s", prefix, name) >= sizeof(key))
		return NULL;
	return req_param_find(req, key);
}

/* A valid value's text, "" for an absent or refused one. */
static const char *
text_of(const struct param_value *v)
{
	return v != NULL && v->present && v->error == VE_OK ? v->text : "";
}

bool
picker_has(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* What a row is called on the page: "name — detail", or its name. */
static const char *
label_of(struct arena *a, json_t *row)
{
	const char *name = json_string_value(json_object_get(row, "name"));
	const char *detail = json_string_value(json_object_get(row, "detail"));
	const char *both;

	if (name == NULL)
		name = "";
	if (detail == NULL || detail[0] == '\0')
		return name;
	both = arena_printf(a, "%s — %s", name, detail);
	return both != NULL ? both : name;
}

/* A choice {value, label, choice_name, province_code, mark: on} of row. */
static json_t *
choice(struct arena *a, json_t *row, const char *mark, bool on)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld",
	    (long long)json_integer_value(json_object_get(row, "id")));
	return json_pack("{s:s, s:s, s:O, s:O?, s:b}", "value", v, "label",
	    label_of(a, row), "choice_name", json_object_get(row, "name"),
	    "province_code", json_object_get(row, "province_code"), mark, on);
}

/* The row of chosen id as the source holds it, or one named by the page
 * (p->chosen_label) or by its number when the source does not; NULL with
 * e when the database failed. */
static json_t *
chosen_row(struct request *req, struct svc *s, const struct picker *p, int64_t id,
    struct err *e)
{
	struct pick_query q = p->query;
	json_t *rows, *row;
	const char *name;

	q.q = NULL;
	q.id = id;
	q.key = NULL;
	q.before = false;
	q.limit = 1;
	if ((rows = pick_search(s, &q, e)) == NULL)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (row != NULL && p->keep != NULL && !p->keep(p->keep_ctx, id)) {
		json_decref(row);
		row = NULL;
	}
	if (row == NULL) {
		name = p->chosen_label != NULL
		    ? p->chosen_label
		    : i18n_fill(&req->arena, i18n_get(req_lang(req), "picker.number"),
			  (long)id);
		row = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name",
		    name != NULL ? name : "", "detail", "");
	}
	return row;
}

/* Add to list, first, a choice for each chosen id that rows (the first
 * shown of them) lack. */
static int
add_chosen(struct request *req, struct svc *s, const struct picker *p, json_t *rows,
    size_t shown, const int64_t *ids, size_t nids, json_t *list, const char *mark,
    struct err *e)
{
	json_t *row;
	size_t i, j, at = 0;

	for (i = 0; i < nids; i++) {
		for (j = 0; j < shown; j++) {
			row = json_array_get(rows, j);
			if (json_integer_value(json_object_get(row, "id")) == ids[i])
				break;
		}
		if (j < shown)
			continue;
		if ((row = chosen_row(req, s, p, ids[i], e)) == NULL)
			return -1;
		json_array_insert_new(list, at++, choice(&req->arena, row, mark, true));
		json_decref(row);
	}
	return 0;
}

/* The list: every choice of rows as an option. */
static int
fill_select(struct request *req, struct svc *s, json_t *field, const struct picker *p,
    json_t *rows, const int64_t *ids, size_t nids, struct err *e)
{
	json_t *opts = json_array(), *row;
	int64_t id;
	size_t i;

	json_array_foreach(rows, i, row) {
		id = json_integer_value(json_object_get(row, "id"));
		if (p->keep == NULL || p->keep(p->keep_ctx, id))
			json_array_append_new(opts,
			    choice(&req->arena, row, "selected", picker_has(ids, nids, id)));
	}
	if (add_chosen(req, s, p, rows, json_array_size(rows), ids, nids, opts,
		"selected", e) < 0) {
		json_decref(opts);
		return -1;
	}
	json_object_set_new(field, "is_search", json_false());
	json_object_set_new(field, "options", opts);
	return 0;
}

/* The search's texts: its label, hint and the range of matches shown. */
static void
search_texts(struct request *req, json_t *field, const char *text, int64_t from, size_t n)
{
	enum lang l = req_lang(req);
	const char *label = json_string_value(json_object_get(field, "label"));
	char *lower = arena_strdup(&req->arena, label != NULL ? label : "");

	/* "Organisasi" reads "Cari organisasi". */
	if (lower != NULL && lower[0] >= 'A' && lower[0] <= 'Z' && lower[1] >= 'a' &&
	    lower[1] <= 'z')
		lower[0] = (char)(lower[0] - 'A' + 'a');
	json_object_set_new(field, "search_label",
	    json_string(i18n_subst(&req->arena, i18n_get(l, "picker.search_label"),
		"field", lower, (const char *)NULL)));
	json_object_set_new(field, "picker_hint",
	    json_string(i18n_fill(&req->arena, i18n_get(l, "picker.hint"), PICKER_SELECT_MAX)));
	if (n == 0) {
		json_object_set_new(field, "range",
		    json_string(i18n_subst(&req->arena,
			i18n_get(l, text[0] ? "picker.no_match" : "picker.no_more"), "q",
			text, (const char *)NULL)));
		return;
	}
	json_object_set_new(field, "range",
	    json_string(i18n_subst(&req->arena,
		i18n_get(l, text[0] ? "picker.range_match" : "picker.range"), "q", text,
		"from", arena_printf(&req->arena, "%lld", (long long)from), "to",
		arena_printf(&req->arena, "%lld", (long long)(from + (int64_t)n - 1)),
		(const char *)NULL)));
}

/* The row id names among the source's choices (its key for a keyset
 * page), or NULL when the source no longer holds it; -1 with e. */
static int
key_row(struct svc *s, const struct picker *p, int64_t id, json_t **row, struct err *e)
{
	struct pick_query q = p->query;
	json_t *rows;

	*row = NULL;
	if (id == 0)
		return 0;
	q.q = NULL;
	q.id = id;
	q.limit = 1;
	if ((rows = pick_search(s, &q, e)) == NULL)
		return -1;
	*row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

/* A valid integer parameter prefix + p's name, or 0. */
static int64_t
int_of(const struct request *req, const char *prefix, const struct picker *p)
{
	const struct param_value *v = param_of(req, prefix, p->name);

	return v != NULL && v->present && v->error == VE_OK ? v->i : 0;
}

/* The search: the page of the matches of text after the row setelah_F
 * names (or before sebelum_F's), by key; dari_F is the place of the
 * first row of the page those buttons were on, for the range shown.
 * probe holds the first PICKER_SELECT_MAX + 1 choices of all. */
static int
fill_search(struct request *req, struct svc *s, json_t *field, const struct picker *p,
    json_t *probe, const char *text, const int64_t *ids, size_t nids, struct err *e)
{
	struct pick_query q = p->query;
	struct form_keyset k = { 0 };
	json_t *rows, *list, *row, *key = NULL;
	int64_t id, from = int_of(req, "dari_", p);
	size_t n, i;

	k.after = int_of(req, "setelah_", p);
	k.before = k.after == 0 ? int_of(req, "sebelum_", p) : 0;
	if (key_row(s, p, k.after != 0 ? k.after : k.before, &key, e) < 0)
		return -1;
	if (key == NULL) /* the first page, or the row is gone: start again */
		k.after = k.before = 0;
	q.q = text;
	q.id = 0;
	q.key = key;
	q.before = k.before != 0;
	q.limit = PICKER_PAGE + 1;
	if (text[0] == '\0' && key == NULL) {
		rows = json_array();
		for (i = 0; i < json_array_size(probe) && i <= PICKER_PAGE; i++)
			json_array_append(rows, json_array_get(probe, i));
	} else if ((rows = pick_search(s, &q, e)) == NULL) {
		json_decref(key);
		return -1;
	}
	json_decref(key);
	form_keyset_finish(req, &k, rows, PICKER_PAGE, "", "", field);
	json_object_del(field, "prev_href"); /* buttons carry the keys */
	json_object_del(field, "next_href");
	n = json_array_size(rows);
	if (k.after != 0)
		from = (from > 0 ? from : 1) + PICKER_PAGE;
	else if (k.before != 0 && from > PICKER_PAGE &&
	    json_is_true(json_object_get(field, "has_prev")))
		from -= PICKER_PAGE;
	else
		from = 1;
	list = json_array();
	for (i = 0; i < n; i++) {
		row = json_array_get(rows, i);
		id = json_integer_value(json_object_get(row, "id"));
		if (p->keep == NULL || p->keep(p->keep_ctx, id))
			json_array_append_new(list,
			    choice(&req->arena, row, "checked", picker_has(ids, nids, id)));
	}
	if (add_chosen(req, s, p, rows, n, ids, nids, list, "checked", e) < 0) {
		json_decref(rows);
		json_decref(list);
		return -1;
	}
	json_object_set_new(field, "is_search", json_true());
	json_object_set_new(field, "choices", list);
	json_object_set_new(field, "query", json_string(text));
	json_object_set_new(field, "none_checked", json_boolean(nids == 0));
	json_object_set_new(field, "from", json_integer(from));
	if (n > 0) {
		json_object_set(field, "prev_key",
		    json_object_get(json_array_get(rows, 0), "id"));
		json_object_set(field, "next_key",
		    json_object_get(json_array_get(rows, n - 1), "id"));
	}
	search_texts(req, field, text, from, n);
	json_decref(rows);
	return 0;
}

int
picker_fill(struct request *req, struct svc *s, json_t *field, const struct picker *p,
    struct err *e)
{
	const char *text = text_of(param_of(req, "cari_", p->name));
	const char *v = json_string_value(json_object_get(field, "value"));
	struct pick_query q = p->query;
	const int64_t *ids = p->chosen;
	size_t nids = p->nchosen;
	int64_t one;
	json_t *probe;
	int rc;

	if (!p->multiple) {
		nids = 0;
		if (v != NULL && str_to_i64(v, strlen(v), 1, INT64_MAX, &one) == 0) {
			ids = &one;
			nids = 1;
		}
	}
	json_object_set_new(field, "name", json_string(p->name));
	json_object_set_new(field, "picker", json_true());
	json_object_set_new(field, "multiple", json_boolean(p->multiple));
	if (p->none_key != NULL)
		json_object_set_new(field, "none_label",
		    json_string(i18n_get(req_lang(req), p->none_key)));
	q.q = NULL;
	q.id = 0;
	q.limit = PICKER_SELECT_MAX + 1;
	if ((probe = pick_search(s, &q, e)) == NULL)
		return -1;
	if (json_array_size(probe) <= PICKER_SELECT_MAX)
		rc = fill_select(req, s, field, p, probe, ids, nids, e);
	else
		rc = fill_search(req, s, field, p, probe, text, ids, nids, e);
	json_decref(probe);
	return rc;
}

bool
picker_searching(const json_t *field)
{
	return json_is_true(json_object_get(field, "is_search"));
}

bool
picker_requested(struct request *req, const char *const *names)
{
	const struct param_value *v = param_of(req, "", "cari");
	size_t i;

	if (v != NULL && v->present)
		return true;
	v = param_of(req, "", "simpan");
	if (v != NULL && v->present)
		return false;
	for (i = 0; names[i] != NULL; i++) {
		v = param_of(req, "setelah_", names[i]);
		if (v != NULL && v->present)
			return true;
		v = param_of(req, "sebelum_", names[i]);
		if (v != NULL && v->present)
			return true;
		if (strcmp(text_of(param_of(req, "cari_", names[i])),
			text_of(param_of(req, "lalu_", names[i]))) != 0)
			return true;
	}
	return false;
}
