/*
 * registry.c - registering organizations (registry.h), and the helpers the
 * registry's services and reading pages share: the caller's scope and the
 * list's filters as statement parameters, display names, problem texts.
 *
 * A write runs in its own transaction from the first check to the audit
 * entry, so that what was checked (the name is free, the place is one the
 * actor may use) still holds when it is written.
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/registry.h"
#include "base/buf.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/unit_type.h"

/* A JSON array of the n numbers, in the arena. */
static char *
id_array(struct arena *a, const int64_t *v, size_t n)
{
	struct buf b;
	char *out;
	size_t i;

	buf_init(&b, 0);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)v[i]);
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
	prov = id_array(a, s.provinces, s.province_count);
	org = id_array(a, s.organizations, s.organization_count);
	unit = id_array(a, s.units, s.unit_count);
	if (prov == NULL || org == NULL || unit == NULL)
		return -1;
	out[0] = DBP_INT(s.national ? 1 : 0);
	out[1] = DBP_TEXT(prov);
	out[2] = DBP_TEXT(org);
	out[3] = DBP_TEXT(unit);
	return 0;
}

int
registry_filter_params(const struct unit_filter *f, struct arena *a,
    struct db_param out[REGISTRY_FILTER_PARAMS])
{
	char sector[64], *v;

	out[0] = f->organization != 0 ? DBP_INT(f->organization) : DBP_NULL;
	out[1] = f->province != 0 ? DBP_INT(f->province) : DBP_NULL;
	out[2] = f->unit_type != NULL && f->unit_type[0] != '\0' ? DBP_TEXT(f->unit_type)
								 : DBP_NULL;
	out[3] = DBP_NULL;
	if (f->sector != NULL && f->sector[0] != '\0') {
		/* Sectors are stored normalised; a malformed one matches none. */
		if (registry_sector_normalize(f->sector, sector, sizeof(sector)) == RP_OK) {
			if ((v = arena_strdup(a, sector)) == NULL)
				return -1;
			out[3] = DBP_TEXT(v);
		} else
			out[3] = DBP_TEXT(f->sector);
	}
	out[4] = DBP_NULL;
	if (f->q != NULL && f->q[0] != '\0') {
		if ((v = registry_like(a, f->q)) == NULL)
			return -1;
		out[4] = DBP_TEXT(v);
	}
	out[5] = f->regency != 0 ? DBP_INT(f->regency) : DBP_NULL;
	return 0;
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
registry_decorate(enum lang l, json_t *row)
{
	const struct province *p = province_find(
	    (int)json_integer_value(json_object_get(row, "province_code")));
	const struct unit_type *t = unit_type_find(
	    json_string_value(json_object_get(row, "unit_type")));
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
		json_object_set_new(row, "is_active",
		    json_boolean(json_is_true(active) || json_integer_value(active) != 0));

	if (p != NULL) {
		json_object_set_new(row, "province_name", json_string(p->name));
		json_object_set_new(row, "tz", json_string(tz_code(p->tz)));
	}
	if (t != NULL)
		json_object_set_new(row, "unit_type_name",
		    json_string(l == LANG_EN ? t->name_en : t->name_id));
	if (kind != NULL && org_kind_parse(kind) != ORG_KIND_MAX) {
		snprintf(key, sizeof(key), "registry.org_kind.%s", kind);
		json_object_set_new(row, "kind_name", json_string(i18n_get(l, key)));
	}
}

const char *
registry_problem_text(enum lang l, enum registry_problem p)
{
	const char *m;
	char key[80];

	snprintf(key, sizeof(key), "registry.problem.%s", registry_problem_code(p));
	m = i18n_get(l, key);
	/* Never the key buffer itself, which dies with this call. */
	return m != key ? m : registry_problem_code(p);
}

/* An organization once judged: what will be written. */
struct org_checked {
	char *name;  /* squeezed, in s->arena */
	int regency; /* code, 0: none */
};

void
registry_flag(struct svc *s, struct svc_problems *pr, const char *field,
    enum registry_problem rp)
{
	svc_problem(pr, field, registry_problem_text(s->lang, rp));
}

int
registry_regency_check(struct svc *s, const char *regency, int province, int *code,
    struct svc_problems *pr, struct err *e)
{
	enum registry_problem rp;
	json_t *rows = NULL;
	size_t n;

	*code = 0;
	if (regency == NULL || regency[0] == '\0')
		return 0;
	rp = registry_regency_parse(regency, province, code);
	if (rp == RP_OK) {
		if (db_exec(s->c, DB_REGENCY_GET, (struct db_param[]){ DBP_INT(*code) },
			1, &rows, e) < 0)
			return -1;
		n = json_array_size(rows);
		json_decref(rows);
		if (n == 0)
			rp = RP_REGENCY_UNKNOWN;
	}
	if (rp != RP_OK)
		registry_flag(s, pr, "regency_code", rp);
	return 0;
}

/* Organization id (not 0) exists and the actor may do act on it. */
static int
org_reachable(struct svc *s, int64_t id, enum action act, struct err *e)
{
	struct object_ref ref;
	json_t *row;

	if ((row = db_row(s->c, DB_ORG_GET, id, "organization", e)) == NULL)
		return -1;
	ref = registry_org_ref(id,
	    (int)json_integer_value(json_object_get(row, "province_code")));
	json_decref(row);
	return svc_authorize(s, act, &ref, e);
}

/* Judge in for organization id (0: new) into ck and pr: each field on
 * its own, then, when whole and they are fine, across them. -1 with e only
 * when the actor may not edit id or the database failed. */
static int
org_judge(struct svc *s, int64_t id, const struct org_input *in, bool whole,
    struct org_checked *ck, struct svc_problems *pr, struct err *e)
{
	enum registry_problem rp;
	struct object_ref ref;
	json_t *rows = NULL, *row;

	memset(ck, 0, sizeof(*ck));
	if (id != 0 && org_reachable(s, id, ACT_EDIT, e) < 0)
		return -1;
	if ((ck->name = arena_strdup(s->arena, in->name != NULL ? in->name : "")) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	registry_squeeze(ck->name);
	if (registry_regency_check(s, in->regency, in->province, &ck->regency, pr, e) < 0)
		return -1;
	if (!whole || pr->count > 0)
		return 0;
	if ((rp = registry_org_place_check(in->kind, in->province, ck->regency)) != RP_OK) {
		registry_flag(s, pr,
		    rp == RP_REGENCY_PROVINCE ? "regency_code" : "province_code", rp);
		return 0;
	}
	ref = registry_org_ref(id, in->province);
	if (policy_check(s->who, id == 0 ? ACT_CREATE : ACT_EDIT, &ref) != POLICY_ALLOW) {
		registry_flag(s, pr, "province_code", RP_OUTSIDE_SCOPE);
		return 0;
	}
	if (db_exec(s->c, DB_ORG_BY_NAME, (struct db_param[]){ DBP_TEXT(ck->name) }, 1,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row != NULL && json_integer_value(json_object_get(row, "id")) != id)
		registry_flag(s, pr, "name", RP_DUPLICATE);
	json_decref(rows);
	return 0;
}

/* Write the judged organization and its audit entry; *id receives a new
 * organization's id. */
static int
org_write(struct svc *s, int64_t *id, const struct org_input *in,
    const struct org_checked *ck, struct err *e)
{
	char now[TIME_ISO_LEN];
	bool update = *id != 0, active = !update || in->active;

	if (svc_save_row(s, DB_ORG_INSERT, DB_ORG_UPDATE,
		(struct db_param[]){ DBP_TEXT(org_kind_code(in->kind)),
		    DBP_TEXT(ck->name), in->province ? DBP_INT(in->province) : DBP_NULL,
		    ck->regency ? DBP_INT(ck->regency) : DBP_NULL,
		    DBP_TEXT(time_iso(s->now, now)), DBP_INT(active), DBP_INT(*id) },
		5, 7, id, e) < 0)
		return -1;
	return svc_audit_new(s, update ? "organization.update" : "organization.create",
	    "organization", *id,
	    json_pack("{s:s, s:s, s:i, s:i, s:b}", "kind", org_kind_code(in->kind),
		"name", ck->name, "province_code", in->province, "regency_code",
		ck->regency, "active", active),
	    e);
}

int
registry_org_save(struct svc *s, int64_t *id, const struct org_input *in,
    struct svc_problems *pr, struct err *e)
{
	struct org_checked ck;

	pr->count = 0;
	if (*id < 0) {
		err_set(e, ERR_NOT_FOUND, "no such organization");
		return -1;
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if (org_judge(s, *id, in, true, &ck, pr, e) < 0 ||
	    (pr->count == 0 && org_write(s, id, in, &ck, e) < 0)) {
		svc_rollback(s);
		return -1;
	}
	return svc_finish(s, pr, e);
}

int
registry_org_check(struct svc *s, int64_t id, const struct org_input *in,
    struct svc_problems *pr, struct err *e)
{
	struct org_checked ck;

	pr->count = 0;
	return org_judge(s, id, in, false, &ck, pr, e);
}
