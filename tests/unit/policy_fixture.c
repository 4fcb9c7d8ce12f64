/*
 * policy_fixture.c - the principals, objects and relations of the policy
 * tests (policy_fixture.h says where they sit).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy_fixture.h"

/* The grants the principals hold. */
static const struct grant g_admin[] = {
	{ ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 },
};
static const struct grant g_coord[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, JABAR, false, { JABAR, 0, 0, 0 }, NULL, 0 },
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, JATIM, false, { JATIM, 0, 0, 0 }, NULL, 0 },
};
static const struct grant g_reg[] = {
	{ ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, false, { JABAR, 0, 0, 0 }, NULL, 0 },
};
static const struct grant g_reg_org[] = {
	{ ROLE_REGIONAL, SCOPE_ORGANIZATION, ORG_JABAR, false, { JABAR, ORG_JABAR, 0, 0 },
	    NULL, 0 },
};
static const struct grant g_op[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
};
static const struct grant g_head[] = {
	{ ROLE_UNIT_HEAD, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
};
static const struct grant g_ver[] = {
	{ ROLE_VERIFIER, SCOPE_PARTICIPATION, 1101, false,
	    { JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 },
};
static const struct grant g_ass[] = {
	{ ROLE_ASSESSOR, SCOPE_PARTICIPATION, 1101, false,
	    { JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 },
};
static const struct grant g_obs[] = {
	{ ROLE_OBSERVER, SCOPE_PROVINCE, JABAR, true, { JABAR, 0, 0, 0 }, NULL, 0 },
};
static const struct grant g_obs_nat[] = {
	{ ROLE_OBSERVER, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 },
};
/* clang-format off */
static const struct grant g_bad[] = {
	{ ROLE_OPERATOR, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 },	/* not a valid grant */
};
/* clang-format on */
static const struct grant g_multi[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
	{ ROLE_OBSERVER, SCOPE_PROVINCE, JATENG, false, { JATENG, 0, 0, 0 }, NULL, 0 },
};

/* A coordinator over region 7, before and after Jawa Barat left it and
 * Jawa Timur joined it. */
static const int region_i_before[] = { JABAR, JATENG };
static const int region_i_after[] = { JATENG, JATIM };
static const struct grant g_coord_region[] = {
	{ ROLE_COORDINATOR, SCOPE_REGION, REGION_I, false, { 0 }, region_i_before, 2 },
};
static const struct grant g_coord_moved[] = {
	{ ROLE_COORDINATOR, SCOPE_REGION, REGION_I, false, { 0 }, region_i_after, 2 },
};

/* The grants held by the users that are objects of the cases. */
static const struct grant hg_op101[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
};
static const struct grant hg_op201[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 201, false, AT_201, NULL, 0 },
};
static const struct grant hg_op301[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 301, false, AT_301, NULL, 0 },
};
static const struct grant hg_op401[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 401, false, AT_401, NULL, 0 },
};
static const struct grant hg_split[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
	{ ROLE_OPERATOR, SCOPE_UNIT, 201, false, AT_201, NULL, 0 },
};

#define HOLDS(g) (g), COUNT(g)

/* clang-format off */
const struct who_fixture who[W_MAX] = {
	[W_ANON] = { "anonymous", ROLE_MAX, true, { 0 } },
	[W_NOBODY] = { "signed in without a role", ROLE_MAX, false,
	    { 99, NULL, 0, JABAR, 0 } },
	[W_ADMIN] = { "admin national", ROLE_ADMIN, false,
	    { 1, HOLDS(g_admin), JABAR, ORG_MINISTRY } },
	[W_COORD] = { "coordinator of 32 and 35", ROLE_COORDINATOR, false,
	    { 2, HOLDS(g_coord), DKI, ORG_MINISTRY } },
	[W_REG] = { "regional of province 32", ROLE_REGIONAL, false,
	    { 3, HOLDS(g_reg), JABAR, ORG_MINISTRY } },
	[W_REG_ORG] = { "regional of organization 2", ROLE_REGIONAL, false,
	    { 4, HOLDS(g_reg_org), JABAR, ORG_JABAR } },
	[W_OP] = { "operator of unit 101", ROLE_OPERATOR, false,
	    { 5, HOLDS(g_op), JABAR, ORG_MINISTRY } },
	[W_HEAD] = { "unit head of unit 101", ROLE_UNIT_HEAD, false,
	    { 6, HOLDS(g_head), JABAR, ORG_MINISTRY } },
	[W_VER] = { "verifier of 1101 from 31/org 3", ROLE_VERIFIER, false,
	    { 7, HOLDS(g_ver), DKI, ORG_OTHER } },
	[W_VER_PROV] = { "verifier of 1101 from 32/org 3", ROLE_VERIFIER, false,
	    { 8, HOLDS(g_ver), JABAR, ORG_OTHER } },
	[W_VER_ORG] = { "verifier of 1101 from 31/org 1", ROLE_VERIFIER, false,
	    { 9, HOLDS(g_ver), DKI, ORG_MINISTRY } },
	[W_ASS] = { "assessor of 1101 from 32/org 1", ROLE_ASSESSOR, false,
	    { 10, HOLDS(g_ass), JABAR, ORG_MINISTRY } },
	[W_OBS] = { "observer of 32, may revoke", ROLE_OBSERVER, false,
	    { 11, HOLDS(g_obs), 0, 0 } },
	[W_OBS_NAT] = { "observer national, may not revoke", ROLE_OBSERVER, false,
	    { 12, HOLDS(g_obs_nat), 0, 0 } },
	[W_BAD] = { "holder of a malformed grant", ROLE_MAX, false,
	    { 13, HOLDS(g_bad), 0, 0 } },
	[W_MULTI] = { "operator of 101 and observer of 33", ROLE_MAX, false,
	    { 14, HOLDS(g_multi), JABAR, ORG_MINISTRY } },
	[W_COORD_REGION] = { "coordinator of region 7 (32, 33)", ROLE_COORDINATOR, false,
	    { 15, HOLDS(g_coord_region), DKI, ORG_MINISTRY } },
	[W_COORD_MOVED] = { "coordinator of region 7 after 32 left, 35 joined",
	    ROLE_COORDINATOR, false, { 15, HOLDS(g_coord_moved), DKI, ORG_MINISTRY } },
};

/* An object at a place; a published one; a user holding grants. */
#define REF(t, id, ...)		{ (t), (id), __VA_ARGS__, false, NULL, 0 }
#define PUBLISHED(t, id, ...)	{ (t), (id), __VA_ARGS__, true, NULL, 0 }
#define USER(id, prov, org, g)	{ OBJ_USER, (id), { (prov), (org), 0, 0 }, false, (g), COUNT(g) }
#define USER_BARE(id, prov, org) { OBJ_USER, (id), { (prov), (org), 0, 0 }, false, NULL, 0 }

const struct object_fixture objects[O_MAX] = {
	[O_HOME] = { "home page", REF(OBJ_HOME, 0, { 0 }) },
	[O_RULEBOOK] = { "rulebook 7", REF(OBJ_RULEBOOK, 7, { 0 }) },
	[O_CYCLE] = { "cycle 2024", REF(OBJ_CYCLE, 2024, { 0 }) },
	[O_ORG_MIN] = { "organization 1 (ministry)", REF(OBJ_ORGANIZATION, ORG_MINISTRY, { 0 }) },
	[O_ORG_JABAR] = { "organization 2 (Pemprov Jabar)",
	    REF(OBJ_ORGANIZATION, ORG_JABAR, { JABAR, 0, 0, 0 }) },
	[O_ORG_JATENG] = { "organization 5 (Pemprov Jateng)",
	    REF(OBJ_ORGANIZATION, ORG_JATENG, { JATENG, 0, 0, 0 }) },
	[O_U101] = { "unit 101", REF(OBJ_UNIT, 101, AT_101) },
	[O_U100] = { "unit 100 (Kanwil, parent)", REF(OBJ_UNIT, 100, AT_100) },
	[O_U102] = { "unit 102 (sibling)", REF(OBJ_UNIT, 102, AT_102) },
	[O_U110] = { "unit 110 (child)", REF(OBJ_UNIT, 110, AT_110) },
	[O_U201] = { "unit 201 (Jateng)", REF(OBJ_UNIT, 201, AT_201) },
	[O_U301] = { "unit 301 (pemda Jabar)", REF(OBJ_UNIT, 301, AT_301) },
	/* The id decides the unit, not a place that says otherwise. */
	[O_U102_AT_101] = { "unit 102 with place.unit 101", REF(OBJ_UNIT, 102, AT_101) },
	[O_NEW_SIB] = { "new unit in 32/org 1", REF(OBJ_UNIT, 0, { JABAR, ORG_MINISTRY, 0, 0 }) },
	[O_NEW_CHILD] = { "new unit claiming place.unit 101",
	    REF(OBJ_UNIT, 0, { JABAR, ORG_MINISTRY, 101, 0 }) },
	[O_NEW_OUT] = { "new unit in 33", REF(OBJ_UNIT, 0, { JATENG, ORG_MINISTRY, 0, 0 }) },
	[O_NEW_PEMDA] = { "new unit of org 2", REF(OBJ_UNIT, 0, { JABAR, ORG_JABAR, 0, 0 }) },
	[O_P1101] = { "participation 1101", REF(OBJ_PARTICIPATION, 1101, AT_101) },
	[O_P1100] = { "participation 1100 (parent's)", REF(OBJ_PARTICIPATION, 1100, AT_100) },
	[O_P1102] = { "participation 1102 (sibling's)", REF(OBJ_PARTICIPATION, 1102, AT_102) },
	[O_P1201] = { "participation 1201 (Jateng)", REF(OBJ_PARTICIPATION, 1201, AT_201) },
	[O_P1301] = { "participation 1301 (pemda Jabar)", REF(OBJ_PARTICIPATION, 1301, AT_301) },
	[O_P1401] = { "participation 1401 (Jatim)", REF(OBJ_PARTICIPATION, 1401, AT_401) },
	[O_P1201_PUB] = { "published participation 1201",
	    PUBLISHED(OBJ_PARTICIPATION, 1201, AT_201) },
	[O_F1101] = { "file of 1101", REF(OBJ_FILE, 51, { JABAR, ORG_MINISTRY, 101, 1101 }) },
	[O_FU101] = { "file of unit 101", REF(OBJ_FILE, 52, AT_101) },
	[O_F1102] = { "file of 1102", REF(OBJ_FILE, 53, { JABAR, ORG_MINISTRY, 102, 1102 }) },
	[O_F1201] = { "file of 1201", REF(OBJ_FILE, 54, { JATENG, ORG_MINISTRY, 201, 1201 }) },
	[O_A101] = { "audit of unit 101", REF(OBJ_AUDIT, 0, AT_101) },
	[O_A100] = { "audit of unit 100", REF(OBJ_AUDIT, 0, AT_100) },
	[O_A102] = { "audit of unit 102", REF(OBJ_AUDIT, 0, AT_102) },
	[O_A201] = { "audit of unit 201", REF(OBJ_AUDIT, 0, AT_201) },
	[O_A32] = { "audit of province 32", REF(OBJ_AUDIT, 0, { JABAR, 0, 0, 0 }) },
	[O_ANAT] = { "national audit", REF(OBJ_AUDIT, 0, { 0 }) },
	[O_G101] = { "progress of unit 101", REF(OBJ_PROGRESS, 0, AT_101) },
	[O_G100] = { "progress of unit 100", REF(OBJ_PROGRESS, 0, AT_100) },
	[O_G102] = { "progress of unit 102", REF(OBJ_PROGRESS, 0, AT_102) },
	[O_G201] = { "progress of unit 201", REF(OBJ_PROGRESS, 0, AT_201) },
	[O_G32] = { "progress of province 32", REF(OBJ_PROGRESS, 0, { JABAR, 0, 0, 0 }) },
	[O_GNAT] = { "national progress", REF(OBJ_PROGRESS, 0, { 0 }) },
	[O_USR_OP] = { "user 5 (operator of 101)", USER(5, JABAR, ORG_MINISTRY, hg_op101) },
	[O_USR_OUT] = { "user 20 (operator of 201)", USER(20, JATENG, ORG_MINISTRY, hg_op201) },
	[O_USR_ADMIN] = { "user 1 (admin)", USER(1, JABAR, ORG_MINISTRY, g_admin) },
	[O_USR_PEMDA] = { "user 21 (operator of 301)", USER(21, JABAR, ORG_JABAR, hg_op301) },
	[O_USR_SPLIT] = { "user 22 (operator of 101 and 201)",
	    USER(22, JABAR, ORG_MINISTRY, hg_split) },
	[O_USR_REG] = { "user 3 (regional of 32)", USER(3, JABAR, ORG_MINISTRY, g_reg) },
	[O_USR_NEW] = { "new user homed in 32/org 1", USER_BARE(0, JABAR, ORG_MINISTRY) },
	[O_USR_NOBODY] = { "user 99 (no role)", USER_BARE(99, JABAR, 0) },
	[O_REGION] = { "coordination region 7", REF(OBJ_REGION, REGION_I, { 0 }) },
	[O_U401] = { "unit 401 (Jatim)", REF(OBJ_UNIT, 401, AT_401) },
	[O_USR_401] = { "user 23 (operator of 401)", USER(23, JATIM, ORG_MINISTRY, hg_op401) },
};
/* clang-format on */

const char *const rel_names[R_MAX] = {
	[R_INSIDE] = "inside",
	[R_PARENT] = "parent",
	[R_SIBLING] = "sibling",
	[R_CHILD] = "child",
	[R_OUTSIDE] = "outside",
	[R_OTHER_ORG] = "other organization",
	[R_ABOVE] = "above",
	[R_SELF] = "self",
	[R_WIDER] = "wider role",
	[R_SPLIT] = "grant outside",
	[R_CONFLICT] = "conflict of interest",
	[R_PUBLIC] = "public",
	[R_PROGRAMME] = "programme-wide",
	[R_MOVED] = "moved between regions",
};

enum policy_decision
ask(enum who w, enum action a, const struct object_ref *o)
{
	return policy_check(who[w].is_null ? NULL : &who[w].p, a, o);
}
