/*
 * form.c - field view models for re-rendering refused forms.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/form.h"

const char *
form_error_text(enum lang l, enum validate_error ve)
{
	char key[64];

	snprintf(key, sizeof(key), "validation.%s", validate_error_key(ve));
	return i18n_get(l, key);
}

json_t *
form_fields(struct request *req, const struct field_spec *specs, bool show_input)
{
	enum lang l = req_lang(req);
	json_t *fields = json_object(), *f;
	const struct field_spec *s;

	for (s = specs; s->name != NULL; s++) {
		const struct param_value *v = req_param_find(req, s->name);

		f = json_pack("{s:s, s:s, s:s, s:b}", "name", s->name, "label",
		    i18n_get(l, s->label_key), "type", s->type, "required",
		    v != NULL && v->spec->required);
		if (f == NULL)
			continue;
		if (s->autocomplete != NULL)
			json_object_set_new(f, "autocomplete", json_string(s->autocomplete));
		if (s->hint_key != NULL)
			json_object_set_new(f, "hint", json_string(i18n_get(l, s->hint_key)));
		if (v != NULL && show_input && v->spec->type != PT_SECRET)
			json_object_set_new(f, "value", json_string(v->text));
		if (v != NULL && show_input && v->error != VE_OK)
			json_object_set_new(f, "error",
			    json_string(form_error_text(l, (enum validate_error)v->error)));
		json_object_set_new(fields, s->name, f);
	}
	return fields;
}

const char *
form_typed(struct request *req, const char *name)
{
	const struct param_value *v = req_refill(req) ? req_param_find(req, name) : NULL;

	return v != NULL && v->present ? v->text : "";
}

bool
form_has_errors(const struct request *req)
{
	size_t i;

	for (i = 0; i < req->param_count; i++)
		if (req->params[i].spec->source == PARAM_FORM && req->params[i].error != VE_OK)
			return true;
	return false;
}

int
form_require_valid(struct request *req, struct err *e)
{
	enum lang l = req_lang(req);
	const struct param_value *v;
	size_t i;

	for (i = 0; i < req->param_count; i++) {
		v = &req->params[i];
		if (v->spec->source != PARAM_FORM || v->error == VE_OK)
			continue;
		err_set(e, ERR_BAD_FIELD, "%s",
		    i18n_subst(&req->arena, i18n_get(l, "validation.field_refused"),
			"field", v->spec->name, "reason",
			form_error_text(l, (enum validate_error)v->error), (const char *)NULL));
		return -1;
	}
	return 0;
}

void
form_set_error(struct request *req, json_t *fields, const char *name, const char *msg_key)
{
	json_t *f = json_object_get(fields, name);

	if (f != NULL)
		json_object_set_new(f, "error", json_string(i18n_get(req_lang(req), msg_key)));
}

void
form_clear_errors(json_t *fields)
{
	const char *name;
	json_t *f;

	json_object_foreach(fields, name, f)
		json_object_del(f, "error");
}

void
form_set_problems(json_t *fields, const struct svc_problems *pr)
{
	json_t *f;
	size_t i;

	for (i = 0; i < pr->count; i++) {
		f = json_object_get(fields, pr->list[i].field);
		if (f != NULL && json_object_get(f, "error") == NULL)
			json_object_set_new(f, "error", json_string(pr->list[i].text));
	}
}

int
form_invalid_again(struct request *req, struct reply *rep, route_handler page,
    const char *form, const struct svc_problems *pr, struct err *e)
{
	if (web_page_again(req, rep, page, true, e) < 0)
		return -1;
	if (pr != NULL)
		form_set_problems(json_object_get(rep->model, form), pr);
	rep->status = 422;
	return 0;
}

int
form_search_again(struct request *req, struct reply *rep, route_handler page,
    const char *form, struct err *e)
{
	if (web_page_again(req, rep, page, true, e) < 0)
		return -1;
	form_clear_errors(json_object_get(rep->model, form));
	return 0;
}

const char *
form_item_next(const struct request *req, size_t *i, const char *a, const char *b,
    const struct kv **kv, bool *is_a)
{
	const char *key;
	bool in_a;

	while (*i < req->form.count) {
		*kv = &req->form.items[(*i)++];
		key = (*kv)->key.p;
		in_a = strncmp(key, a, strlen(a)) == 0;
		if (!in_a && (b == NULL || strncmp(key, b, strlen(b)) != 0))
			continue;
		if (is_a != NULL)
			*is_a = in_a;
		return key + strlen(in_a ? a : b);
	}
	return NULL;
}

json_t *
form_item(json_t *typed, const char *code)
{
	json_t *t = json_object_get(typed, code);

	if (t == NULL) {
		t = json_object();
		json_object_set_new(typed, code, t);
	}
	return t;
}

enum validate_error
form_item_value(struct request *req, const struct param_spec *spec, const struct kv *kv,
    json_t *t, const char *key, const char *err_key)
{
	struct param_value pv;
	enum validate_error ve;

	ve = validate_param(spec, kv->val.p, kv->val.len, &req->arena, &pv);
	json_object_set_new(t, key, json_string(ve == VE_OK ? pv.text : kv->val.p));
	if (ve != VE_OK && err_key != NULL)
		json_object_set_new(t, err_key,
		    json_string(form_error_text(req_lang(req), ve)));
	return ve;
}

int64_t
form_page_number(struct request *req)
{
	const struct param_value *v = req_param(req, "halaman");

	return v->present ? v->i : 1;
}

void
form_keyset_of(struct request *req, struct form_keyset *k)
{
	k->after = req_param(req, "setelah")->present ? req_param(req, "setelah")->i : 0;
	k->before = req_param(req, "sebelum")->present && k->after == 0
	    ? req_param(req, "sebelum")->i
	    : 0;
	k->page = k->after == 0 && k->before == 0 ? form_page_number(req) : 0;
}

int
form_keyset_key(struct request *req, struct db_conn *c, const struct form_keyset *k,
    enum db_stmt st, const char *col, struct db_param *out, struct err *e)
{
	int64_t id = k->after != 0 ? k->after : k->before;
	json_t *rows = NULL, *row;
	const char *name = NULL;

	if (db_exec(c, st, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL)
		name = arena_strdup(&req->arena, json_string_value(json_object_get(row, col)));
	json_decref(rows);
	out[0] = DBP_TEXT(name != NULL ? name : "");
	out[1] = DBP_INT(name != NULL ? id : 0);
	return 0;
}

int
form_keyset_rows(struct request *req, struct db_conn *c, const struct form_keyset *k,
    const struct form_list_stmts *st, struct db_param *prm, size_t n, size_t limit,
    json_t **rows, struct err *e)
{
	if (k->page > 0) { /* by number: old links */
		prm[n] = DBP_INT((int64_t)limit + 1);
		prm[n + 1] = DBP_INT((k->page - 1) * (int64_t)limit);
		return db_exec(c, st->by_number, prm, n + 2, rows, e);
	}
	prm[n + 2] = DBP_INT((int64_t)limit + 1);
	if (form_keyset_key(req, c, k, st->row, st->key_col, prm + n, e) < 0)
		return -1;
	return db_exec(c, k->before ? st->before : st->after, prm, n + 3, rows, e);
}

const char *
form_query_escape(struct request *req, const char *text)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	buf_pct(&b, text, strlen(text), NULL);
	out = b.failed ? "" : arena_strndup(&req->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "";
}

const char *
form_search_query(struct request *req, const char *q)
{
	const char *query;

	if (q[0] == '\0')
		return "";
	query = arena_printf(&req->arena, "q=%s", form_query_escape(req, q));
	return query != NULL ? query : "";
}

/* base?query&key=id of row. */
static json_t *
keyset_href(struct request *req, const char *base, const char *query, const char *key,
    json_t *row)
{
	return json_string(
	    arena_printf(&req->arena, "%s?%s%s%s=%lld", base, query, query[0] ? "&" : "",
		key, (long long)json_integer_value(json_object_get(row, "id"))));
}

void
form_keyset_finish(struct request *req, const struct form_keyset *k, json_t *rows,
    size_t limit, const char *base, const char *query, json_t *model)
{
	bool more = json_array_size(rows) > limit, has_prev, has_next;
	size_t i, n;
	json_t *first, *last;

	if (more)
		json_array_remove(rows, limit);
	if (k->before != 0) /* read last first: turn it round */
		for (i = 0, n = json_array_size(rows); i < n / 2; i++) {
			first = json_incref(json_array_get(rows, i));
			json_array_set(rows, i, json_array_get(rows, n - 1 - i));
			json_array_set_new(rows, n - 1 - i, first);
		}
	has_prev = k->before != 0 ? more : k->after != 0 || k->page > 1;
	has_next = k->before != 0 ? true : more;
	if (k->page > 0)
		form_set_paging(model, k->page, more);
	n = json_array_size(rows);
	first = json_array_get(rows, 0);
	last = json_array_get(rows, n > 0 ? n - 1 : 0);
	json_object_set_new(model, "has_prev", json_boolean(has_prev && n > 0));
	json_object_set_new(model, "has_next", json_boolean(has_next && n > 0));
	if (n > 0) {
		json_object_set_new(model, "prev_href",
		    keyset_href(req, base, query, "sebelum", first));
		json_object_set_new(model, "next_href",
		    keyset_href(req, base, query, "setelah", last));
	}
}

void
form_set_paging(json_t *model, int64_t page, bool more)
{
	json_object_set_new(model, "page", json_integer(page));
	json_object_set_new(model, "has_prev", json_boolean(page > 1));
	json_object_set_new(model, "has_next", json_boolean(more));
	json_object_set_new(model, "prev_page", json_integer(page - 1));
	json_object_set_new(model, "next_page", json_integer(page + 1));
}

json_t *
form_option(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
	    selected);
}

json_t *
form_catalog_option(enum lang l, const char *prefix, const char *code, bool selected)
{
	char key[96];

	snprintf(key, sizeof(key), "%s%s", prefix, code);
	return form_option(code, i18n_get(l, key), selected);
}
