/*
 * registry.c - helpers the registry's pages and the cycle pages share (see
 * registry.h).
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/registry/registry.h"
#include "base/buf.h"
#include "core/region.h"
#include "core/unit_type.h"

/* A JSON array of the n numbers, in the arena. */
static char *
id_array(struct arena *a, const int64_t *v, const int *w, size_t n)
{
	struct buf b;
	char *out;
	size_t i;

	buf_init(&b, 0);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)(v ? v[i] : w[i]));
	buf_putc(&b, ']');
	out = b.failed ? NULL : arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return out;
}

int
registry_scope_params(const struct principal *p, struct arena *a,
    struct db_param out[REGISTRY_SCOPE_PARAMS])
{
	struct registry_scope s;
	char *prov, *org, *unit;

	registry_scope_of(p, &s);
	prov = id_array(a, NULL, s.provinces, s.province_count);
	org = id_array(a, s.organizations, NULL, s.organization_count);
	unit = id_array(a, s.units, NULL, s.unit_count);
	if (prov == NULL || org == NULL || unit == NULL)
		return -1;
	out[0] = DBP_INT(s.national ? 1 : 0);
	out[1] = DBP_TEXT(prov);
	out[2] = DBP_TEXT(org);
	out[3] = DBP_TEXT(unit);
	return 0;
}

bool
registry_may_somewhere(const struct principal *p, enum action act, enum object_type t)
{
	struct principal one;
	struct object_ref o;
	size_t i;

	if (p == NULL || p->grants == NULL)
		return false;
	for (i = 0; i < p->grant_count; i++) {
		const struct grant *g = &p->grants[i];

		one = *p;
		one.grants = g;
		one.grant_count = 1;
		o = (struct object_ref){ .type = t, .at = g->where };
		switch (g->scope) {
		case SCOPE_NATIONAL:
			o.at.province = provinces[0].code;
			break;
		case SCOPE_PROVINCE:
			o.at.province = (int)g->scope_id;
			break;
		case SCOPE_ORGANIZATION:
			o.at.organization = g->scope_id;
			break;
		case SCOPE_UNIT:
			o.at.unit = g->scope_id;
			break;
		default:
			break;
		}
		if (policy_check(&one, act, &o) == POLICY_ALLOW)
			return true;
	}
	return false;
}

struct principal
registry_principal_for(struct request *req, enum action act, enum object_type t,
    unsigned scopes)
{
	const struct principal *p = &req_auth(req)->principal;
	struct principal out = *p, one;
	struct grant *g = arena_alloc(&req->arena, (p->grant_count + 1) * sizeof(*g));
	size_t i;

	out.grants = g;
	out.grant_count = 0;
	for (i = 0; g != NULL && i < p->grant_count; i++) {
		if (scopes != 0 && (scopes & (1u << p->grants[i].scope)) == 0)
			continue;
		one = *p;
		one.grants = &p->grants[i];
		one.grant_count = 1;
		if (registry_may_somewhere(&one, act, t))
			g[out.grant_count++] = p->grants[i];
	}
	return out;
}

json_t *
registry_unit_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	json_t *rows = NULL, *unit;
	struct object_ref ref;

	if (db_exec(c, DB_UNIT_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	unit = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (unit == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such unit");
		return NULL;
	}
	ref = registry_unit_ref(id,
	    (int)json_integer_value(json_object_get(unit, "province_code")),
	    json_integer_value(json_object_get(unit, "organization_id")));
	if (app_authorize(req, act, &ref, e) < 0) {
		json_decref(unit);
		return NULL;
	}
	registry_decorate(req_lang(req), unit);
	return unit;
}

json_t *
registry_org_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	json_t *rows = NULL, *org;
	struct object_ref ref;

	if (db_exec(c, DB_ORG_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	org = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (org == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such organization");
		return NULL;
	}
	ref = registry_org_ref(id, (int)json_integer_value(json_object_get(org,
	    "province_code")));
	if (app_authorize(req, act, &ref, e) < 0) {
		json_decref(org);
		return NULL;
	}
	registry_decorate(req_lang(req), org);
	return org;
}

json_t *
registry_cycle_load(struct request *req, struct db_conn *c, int64_t id, enum action act,
    struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = id };
	json_t *rows = NULL, *cy;

	if (app_authorize(req, act, &ref, e) < 0 ||
	    db_exec(c, DB_CYCLE_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	cy = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (cy == NULL)
		err_set(e, ERR_NOT_FOUND, "no such cycle");
	return cy;
}

void
registry_decorate(enum lang l, json_t *row)
{
	const struct province *p = province_find((int)json_integer_value(json_object_get(row,
	    "province_code")));
	const struct unit_type *t = unit_type_find(json_string_value(json_object_get(row,
	    "unit_type")));
	const char *kind = json_string_value(json_object_get(row, "kind"));
	static const char *const optional[] = { "address", "head_name", "head_title",
	    "phone", "email" };
	json_t *active = json_object_get(row, "active");
	char key[64];
	size_t i;

	/* Templates test these: an empty text or a 0 must read as absent. */
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (json_string_length(json_object_get(row, optional[i])) == 0 &&
		    json_is_string(json_object_get(row, optional[i])))
			json_object_set_new(row, optional[i], json_null());
	if (active != NULL)
		json_object_set_new(row, "is_active", json_boolean(json_is_true(active) ||
		    json_integer_value(active) != 0));

	if (p != NULL) {
		json_object_set_new(row, "province_name", json_string(p->name));
		json_object_set_new(row, "tz", json_string(tz_code(p->tz)));
	}
	if (t != NULL)
		json_object_set_new(row, "unit_type_name", json_string(l == LANG_EN ?
		    t->name_en : t->name_id));
	if (kind != NULL && org_kind_parse(kind) != ORG_KIND_MAX) {
		snprintf(key, sizeof(key), "registry.org_kind.%s", kind);
		json_object_set_new(row, "kind_name", json_string(i18n_get(l, key)));
	}
}

/* One <option>. */
static json_t *
option(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label,
	    "selected", selected);
}

json_t *
registry_unit_type_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < UNIT_TYPE_MAX; i++)
		json_array_append_new(a, option(unit_types[i].code, l == LANG_EN ?
		    unit_types[i].name_en : unit_types[i].name_id,
		    selected != NULL && strcmp(selected, unit_types[i].code) == 0));
	return a;
}

json_t *
registry_province_options(int selected)
{
	json_t *a = json_array();
	char code[8], label[96];
	size_t i;

	for (i = 0; i < province_count; i++) {
		snprintf(code, sizeof(code), "%d", provinces[i].code);
		snprintf(label, sizeof(label), "%d %s", provinces[i].code, provinces[i].name);
		json_array_append_new(a, option(code, label, provinces[i].code == selected));
	}
	return a;
}

json_t *
registry_org_kind_options(enum lang l, const char *selected)
{
	json_t *a = json_array();
	char key[64];
	int i;

	for (i = 0; i < ORG_KIND_MAX; i++) {
		snprintf(key, sizeof(key), "registry.org_kind.%s", org_kind_code((enum org_kind)i));
		json_array_append_new(a, option(org_kind_code((enum org_kind)i),
		    i18n_get(l, key), selected != NULL &&
		    strcmp(selected, org_kind_code((enum org_kind)i)) == 0));
	}
	return a;
}

const char *
registry_problem_text(enum lang l, enum registry_problem p)
{
	char key[80];

	snprintf(key, sizeof(key), "registry.problem.%s", registry_problem_code(p));
	return i18n_get(l, key);
}

char *
registry_like(struct arena *a, const char *text)
{
	size_t n, i, o = 0;
	char *out;

	if (text == NULL || (n = strlen(text)) == 0)
		return NULL;
	if ((out = arena_alloc(a, 2 * n + 3)) == NULL)
		return NULL;
	out[o++] = '%';
	for (i = 0; i < n; i++) {
		char c = text[i];

		if (c == '%' || c == '_' || c == '\\')
			out[o++] = '\\';
		out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[o++] = '%';
	out[o] = '\0';
	return out;
}

void
registry_squeeze(char *s)
{
	char *w = s, *start = s;
	bool blank = false;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t') {
			blank = true;
			continue;
		}
		if (blank && w > start)
			*w++ = ' ';
		blank = false;
		*w++ = *s;
	}
	*w = '\0';
}

/* The unit list's filter parameters, in the order of $5-$10. */
static const char *const filter_names[] = {
	"organisasi", "provinsi", "jenis", "sektor", "q", "kabupaten",
};

int
registry_unit_filters(struct request *req, struct db_param out[6])
{
	const struct param_value *v;
	char sector[64];
	size_t i;

	for (i = 0; i < 6; i++) {
		v = req_param(req, filter_names[i]);
		out[i] = DBP_NULL;
		if (!v->present)
			continue;
		switch (i) {
		case 0:
		case 1:
		case 5:
			out[i] = DBP_INT(v->i);
			break;
		case 2:
			out[i] = DBP_TEXT(v->text);
			break;
		case 3:
			/* Sectors are stored normalised; a malformed one matches none. */
			if (registry_sector_normalize(v->text, sector, sizeof(sector)) == RP_OK) {
				char *s = arena_strdup(&req->arena, sector);

				if (s == NULL)
					return -1;
				out[i] = DBP_TEXT(s);
			} else
				out[i] = DBP_TEXT(v->text);
			break;
		case 4:
			if ((out[i].s = registry_like(&req->arena, v->text)) == NULL)
				return -1;
			out[i] = DBP_TEXT(out[i].s);
			break;
		}
	}
	return 0;
}

const char *
registry_filter_query(struct request *req)
{
	const struct param_value *v;
	struct buf b;
	const char *out;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < sizeof(filter_names) / sizeof(filter_names[0]); i++) {
		v = req_param(req, filter_names[i]);
		if (!v->present)
			continue;
		buf_printf(&b, "%s%s=", b.len ? "&" : "", filter_names[i]);
		buf_pct(&b, v->text, strlen(v->text), NULL);
	}
	out = b.failed ? "" : arena_strndup(&req->arena, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "";
}

void
registry_flag(struct request *req, json_t *fields, const char *name,
    enum registry_problem rp, bool *bad)
{
	json_t *f = json_object_get(fields, name);

	*bad = true;
	if (f != NULL && json_object_get(f, "error") == NULL)
		json_object_set_new(f, "error", json_string(registry_problem_text(req_lang(req),
		    rp)));
}
