/*
 * registry.h - the rules of the registry of who takes part, pure: the kinds
 * of organization, what makes a unit's or organization's place consistent
 * (regency inside its province, a regional government's units inside its
 * territory, pemda unit types under a pemda), the format of codes, and
 * which part of the registry a principal sees, derived from the policy so
 * that lists and the per-object check can never disagree.
 */
#ifndef P2HAM_REGISTRY_H
#define P2HAM_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code.h"
#include "core/policy.h"

/* clang-format off */
#define ORG_KIND_LIST(X) \
	X(ORG_MINISTRY, "ministry")         /* a ministry (K): national */ \
	X(ORG_AGENCY, "agency")             /* an agency (L): national */ \
	X(ORG_PROVINCE_GOV, "province_gov") /* a province's government: one province */ \
	X(ORG_REGENCY_GOV, "regency_gov")   /* a regency's or city's government */
/* clang-format on */

enum org_kind { ORG_KIND_LIST(CODE_ENUM) ORG_KIND_MAX };

/* "ministry", "agency", "province_gov", "regency_gov"; "" out of range. */
const char *org_kind_code(enum org_kind k);
/* The kind called code, or ORG_KIND_MAX (also for NULL). */
enum org_kind org_kind_parse(const char *code);

/* Why a registry record is refused; the catalog key is
 * "registry.problem.<registry_problem_code>". */
/* clang-format off */
#define REGISTRY_PROBLEM_LIST(X) \
	X(RP_OK, "ok") \
	X(RP_UNIT_TYPE_UNKNOWN, "unit_type_unknown") /* not a built-in unit type code */ \
	X(RP_PROVINCE_UNKNOWN, "province_unknown")   /* not one of the 38 province codes */ \
	X(RP_REGENCY_FORMAT, "regency_format")       /* not four digits */ \
	X(RP_REGENCY_PROVINCE, "regency_province")   /* its first two digits are another province */ \
	X(RP_REGENCY_UNKNOWN, "regency_unknown")     /* not loaded (p2ham import regencies) */ \
	X(RP_SECTOR_FORMAT, "sector_format")         /* not 2-40 letters, digits, '-' or '_' */ \
	X(RP_PHONE_FORMAT, "phone_format")           /* not digits with + ( ) - . and spaces */ \
	X(RP_ORG_UNKNOWN, "org_unknown")             /* no such organization (or not visible) */ \
	X(RP_ORG_INACTIVE, "org_inactive")           /* the organization is no longer active */ \
	X(RP_ORG_AMBIGUOUS, "org_ambiguous")         /* the name matches several */ \
	X(RP_ORG_PLACE, "org_place")                 /* a regional government's unit outside its \
						        territory */ \
	X(RP_OWNER_MISMATCH, "owner_mismatch")       /* a pemda unit type under a ministry, or the \
						        reverse */ \
	X(RP_ORG_KIND_PLACE, "org_kind_place")       /* an organization's kind and place disagree */ \
	X(RP_PARENT_UNKNOWN, "parent_unknown")       /* no such parent unit (or not visible) */ \
	X(RP_PARENT_AMBIGUOUS, "parent_ambiguous")   /* the parent's name matches several units */ \
	X(RP_PARENT_CYCLE, "parent_cycle")           /* the parent is the unit or lies below it */ \
	X(RP_DUPLICATE, "duplicate")                 /* the organization has a unit of that name */ \
	X(RP_DUPLICATE_IN_FILE, "duplicate_in_file") /* an earlier line has the same unit */ \
	X(RP_OUTSIDE_SCOPE, "outside_scope")         /* the user may not create or move a unit \
						        there */
/* clang-format on */

enum registry_problem { REGISTRY_PROBLEM_LIST(CODE_ENUM) REGISTRY_PROBLEM_MAX };

/* The problem's stable code, e.g. "regency_province"; "" out of range. */
const char *registry_problem_code(enum registry_problem p);

/*
 * A regency or city code as written ("7571" or "75.71"), parsed into
 * *code: RP_OK, RP_REGENCY_FORMAT, or RP_REGENCY_PROVINCE when province is
 * not 0 and the code lies in another one.
 */
enum registry_problem registry_regency_parse(const char *s, int province, int *code);

/* "kota" for codes NN71-NN99 (Kemendagri numbers cities from 71), else
 * "kabupaten". */
const char *registry_regency_kind(int code);

/* A sector code: 2-40 of a-z, 0-9, '-', '_' after lowercasing into out
 * (cap bytes). RP_OK or RP_SECTOR_FORMAT. */
enum registry_problem registry_sector_normalize(const char *s, char *out, size_t cap);

/* Collapse runs of blanks inside s to one space, in place (s is already
 * trimmed by the validator): "Lapas  Gorontalo" names the same unit. */
void registry_squeeze(char *s);

/* A phone number: empty, or digits with + ( ) - . and spaces, at least 5
 * digits. */
enum registry_problem registry_phone_check(const char *s);

/*
 * An organization's kind and place: a ministry or agency has neither
 * province nor regency (0), a province government a known province and no
 * regency, a regency government a known province and a regency inside it.
 */
enum registry_problem registry_org_place_check(enum org_kind k, int province, int regency);

/*
 * A unit of unit_type (code) at province/regency under an organization of
 * kind org_kind at org_province/org_regency (0 when national): the type is
 * known, its owner (ministry or pemda) matches the organization's kind,
 * and a regional government's unit lies in its territory (a regency
 * government's in its regency when the unit names one).
 */
enum registry_problem registry_unit_place_check(const char *unit_type, int province,
    int regency, enum org_kind org_kind, int org_province, int org_regency);

/* clang-format off */
#define REGISTRY_SCOPE_MAX	256	/* ids per level; beyond, the scope
					   narrows, never widens */
/* clang-format on */

/* The part of the tree whose units a principal sees. */
struct registry_scope {
	bool national;                         /* every unit */
	int64_t provinces[REGISTRY_SCOPE_MAX]; /* units in these provinces */
	size_t province_count;
	int64_t organizations[REGISTRY_SCOPE_MAX]; /* units of these organizations */
	size_t organization_count;
	int64_t units[REGISTRY_SCOPE_MAX]; /* these units themselves */
	size_t unit_count;
};

/*
 * Which units p (NULL: the public) may view, asked of policy_check grant by
 * grant: a unit lies in the scope exactly when policy_check(p, ACT_VIEW,
 * that unit) allows it (a published flag aside). For a verifier or
 * assessor that is the unit of each assignment (grant.where.unit).
 */
void registry_scope_of(const struct principal *p, struct registry_scope *s);

/* Does the scope reach a unit at this place? */
bool registry_scope_has(const struct registry_scope *s, int province,
    int64_t organization, int64_t unit);

/* The policy's reference to a unit (id 0: one to be created there). */
struct object_ref registry_unit_ref(int64_t id, int province, int64_t organization);

/* The policy's reference to an organization; province 0 when national. */
struct object_ref registry_org_ref(int64_t id, int province);

#endif
