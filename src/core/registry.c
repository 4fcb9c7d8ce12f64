/*
 * registry.c - registry rules and the scope of a principal's view.
 */
#include <string.h>

#include "base/code.h"
#include "core/region.h"
#include "core/registry.h"
#include "core/unit_type.h"

static const char *const org_kind_codes[ORG_KIND_MAX] = { ORG_KIND_LIST(CODE_ENTRY) };

/* clang-format off */
static const char *const problem_codes[REGISTRY_PROBLEM_MAX] = {
	REGISTRY_PROBLEM_LIST(CODE_ENTRY)
};
/* clang-format on */

CODE_FUNCTIONS(org_kind, enum org_kind, org_kind_codes, ORG_KIND_MAX)

CODE_NAME_FUNCTION(registry_problem, enum registry_problem, problem_codes, REGISTRY_PROBLEM_MAX)

enum registry_problem
registry_regency_parse(const char *s, int province, int *code)
{
	int digits = 0, v = 0;

	*code = 0;
	if (s == NULL)
		return RP_REGENCY_FORMAT;
	for (; *s != '\0'; s++) {
		if (*s == '.' && digits == 2)
			continue;
		if (*s < '0' || *s > '9' || digits == 4)
			return RP_REGENCY_FORMAT;
		v = v * 10 + (*s - '0');
		digits++;
	}
	if (digits != 4 || v % 100 == 0)
		return RP_REGENCY_FORMAT;
	if (province_find(v / 100) == NULL)
		return RP_PROVINCE_UNKNOWN;
	if (province != 0 && v / 100 != province)
		return RP_REGENCY_PROVINCE;
	*code = v;
	return RP_OK;
}

const char *
registry_regency_kind(int code)
{
	return code % 100 >= 71 ? "kota" : "kabupaten";
}

enum registry_problem
registry_sector_normalize(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	char c;

	if (cap == 0)
		return RP_SECTOR_FORMAT;
	out[0] = '\0';
	for (; s != NULL && *s != '\0'; s++) {
		c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return RP_SECTOR_FORMAT;
		if (n + 1 >= cap || n == 40)
			return RP_SECTOR_FORMAT;
		out[n++] = c;
	}
	out[n] = '\0';
	return n >= 2 ? RP_OK : RP_SECTOR_FORMAT;
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

enum registry_problem
registry_phone_check(const char *s)
{
	int digits = 0;

	if (s == NULL || *s == '\0')
		return RP_OK;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr("+()-. ", *s) == NULL)
			return RP_PHONE_FORMAT;
	}
	return digits >= 5 ? RP_OK : RP_PHONE_FORMAT;
}

enum registry_problem
registry_org_place_check(enum org_kind k, int province, int regency)
{
	switch (k) {
	case ORG_MINISTRY:
	case ORG_AGENCY:
		return province == 0 && regency == 0 ? RP_OK : RP_ORG_KIND_PLACE;
	case ORG_PROVINCE_GOV:
		if (province_find(province) == NULL)
			return province == 0 ? RP_ORG_KIND_PLACE : RP_PROVINCE_UNKNOWN;
		return regency == 0 ? RP_OK : RP_ORG_KIND_PLACE;
	case ORG_REGENCY_GOV:
		if (province_find(province) == NULL)
			return province == 0 ? RP_ORG_KIND_PLACE : RP_PROVINCE_UNKNOWN;
		if (regency == 0)
			return RP_ORG_KIND_PLACE;
		return regency / 100 == province ? RP_OK : RP_REGENCY_PROVINCE;
	case ORG_KIND_MAX:
		break;
	}
	return RP_ORG_KIND_PLACE;
}

enum registry_problem
registry_unit_place_check(const char *unit_type, int province, int regency,
    enum org_kind org_kind, int org_province, int org_regency)
{
	const struct unit_type *t = unit_type_find(unit_type);
	bool pemda_org = org_kind == ORG_PROVINCE_GOV || org_kind == ORG_REGENCY_GOV;

	if (t == NULL)
		return RP_UNIT_TYPE_UNKNOWN;
	if (province_find(province) == NULL)
		return RP_PROVINCE_UNKNOWN;
	if (regency != 0 && regency / 100 != province)
		return RP_REGENCY_PROVINCE;
	if ((unsigned)org_kind >= ORG_KIND_MAX)
		return RP_ORG_UNKNOWN;
	if ((t->owner == UNIT_OWNER_PEMDA) != pemda_org)
		return RP_OWNER_MISMATCH;
	if (pemda_org && province != org_province)
		return RP_ORG_PLACE;
	if (org_kind == ORG_REGENCY_GOV && regency != 0 && regency != org_regency)
		return RP_ORG_PLACE;
	return RP_OK;
}

struct object_ref
registry_unit_ref(int64_t id, int province, int64_t organization)
{
	return (struct object_ref){
		.type = OBJ_UNIT,
		.id = id,
		.at = { .province = province, .organization = organization, .unit = id },
	};
}

struct object_ref
registry_org_ref(int64_t id, int province)
{
	return (struct object_ref){
		.type = OBJ_ORGANIZATION,
		.id = id,
		.at = { .province = province, .organization = id },
	};
}

/* May the holder of g alone view a unit at this place? */
static bool
grant_sees(const struct principal *p, const struct grant *g, int province,
    int64_t organization, int64_t unit)
{
	struct principal one = *p;
	struct object_ref o = registry_unit_ref(unit, province, organization);

	one.grants = g;
	one.grant_count = 1;
	return policy_check(&one, ACT_VIEW, &o) == POLICY_ALLOW;
}

static void
add_id(int64_t *v, size_t *n, int64_t x)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (v[i] == x)
			return;
	if (*n < REGISTRY_SCOPE_MAX)
		v[(*n)++] = x;
}

void
registry_scope_of(const struct principal *p, struct registry_scope *s)
{
	const struct grant *g;
	size_t i, j;

	memset(s, 0, sizeof(*s));
	if (p == NULL || p->grants == NULL)
		return;
	for (i = 0; i < p->grant_count && !s->national; i++) {
		g = &p->grants[i];
		if (policy_grant_valid(g) != NULL)
			continue;
		switch (g->scope) {
		case SCOPE_NATIONAL:
			/* Any place will do: a national grant covers all. */
			if (grant_sees(p, g, provinces[0].code, 0, 0))
				s->national = true;
			break;
		case SCOPE_PROVINCE:
			if (grant_sees(p, g, (int)g->scope_id, 0, 0))
				add_id(s->provinces, &s->province_count, g->scope_id);
			break;
		case SCOPE_REGION:
			for (j = 0; g->provinces != NULL && j < g->province_count; j++)
				if (grant_sees(p, g, g->provinces[j], 0, 0))
					add_id(s->provinces, &s->province_count,
					    g->provinces[j]);
			break;
		case SCOPE_ORGANIZATION:
			if (grant_sees(p, g, 0, g->scope_id, 0))
				add_id(s->organizations, &s->organization_count, g->scope_id);
			break;
		case SCOPE_UNIT:
			if (grant_sees(p, g, 0, 0, g->scope_id))
				add_id(s->units, &s->unit_count, g->scope_id);
			break;
		case SCOPE_PARTICIPATION:
			if (g->where.unit != 0 &&
			    grant_sees(p, g, g->where.province, g->where.organization,
				g->where.unit))
				add_id(s->units, &s->unit_count, g->where.unit);
			break;
		case SCOPE_KIND_MAX:
			break;
		}
	}
}

bool
registry_scope_has(const struct registry_scope *s, int province, int64_t organization,
    int64_t unit)
{
	size_t i;

	if (s->national)
		return true;
	for (i = 0; i < s->province_count; i++)
		if (province != 0 && s->provinces[i] == province)
			return true;
	for (i = 0; i < s->organization_count; i++)
		if (organization != 0 && s->organizations[i] == organization)
			return true;
	for (i = 0; i < s->unit_count; i++)
		if (unit != 0 && s->units[i] == unit)
			return true;
	return false;
}
