/*
 * policy_fixture.h - the small tree the policy tests walk, shared by the
 * matrix and the grant tests (policy_fixture.c defines it).
 *
 * The anchor is unit 101, Kanim Bandung: an immigration office (UPT) of the
 * ministry (organization 1) in Jawa Barat (32), below Kanwil Jabar (unit
 * 100), beside Lapas Bandung (102), above a service post (110). Unit 201 is
 * in Jawa Tengah (33), unit 301 is a transport office of Pemprov Jabar
 * (organization 2), unit 401 is in Jawa Timur (35). Participation 1xyz is
 * unit xyz's participation this cycle. Every main principal's scope holds
 * the anchor, so a case's relation is the object's place relative to the
 * anchor.
 */
#ifndef P2HAM_TEST_POLICY_FIXTURE_H
#define P2HAM_TEST_POLICY_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/policy.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
enum {
	DKI = 31, JABAR = 32, JATENG = 33, JATIM = 35,	/* Kemendagri codes */
	ORG_MINISTRY = 1, ORG_JABAR = 2, ORG_OTHER = 3, ORG_JATENG = 5,
	REGION_I = 7,					/* coordination region */
};

/* Where the units sit. */
#define AT_100	{ JABAR, ORG_MINISTRY, 100, 0 }
#define AT_101	{ JABAR, ORG_MINISTRY, 101, 0 }
#define AT_102	{ JABAR, ORG_MINISTRY, 102, 0 }
#define AT_110	{ JABAR, ORG_MINISTRY, 110, 0 }
#define AT_201	{ JATENG, ORG_MINISTRY, 201, 0 }
#define AT_301	{ JABAR, ORG_JABAR, 301, 0 }
#define AT_401	{ JATIM, ORG_MINISTRY, 401, 0 }

/* The principals of the cases. */
enum who {
	W_ANON, W_NOBODY, W_ADMIN, W_COORD, W_REG, W_REG_ORG, W_OP, W_HEAD,
	W_VER, W_VER_PROV, W_VER_ORG, W_ASS, W_OBS, W_OBS_NAT, W_BAD, W_MULTI,
	W_COORD_REGION, W_COORD_MOVED,
	W_MAX
};
/* clang-format on */

struct who_fixture {
	const char *name;
	enum role role; /* the role the case counts for in the
			   completeness check; ROLE_MAX: none */
	bool is_null;   /* ask with no principal at all */
	struct principal p;
};

extern const struct who_fixture who[W_MAX];

/* The objects of the cases. */
/* clang-format off */
enum obj {
	O_HOME, O_RULEBOOK, O_CYCLE,
	O_ORG_MIN, O_ORG_JABAR, O_ORG_JATENG,
	O_U101, O_U100, O_U102, O_U110, O_U201, O_U301, O_U102_AT_101,
	O_NEW_SIB, O_NEW_CHILD, O_NEW_OUT, O_NEW_PEMDA,
	O_P1101, O_P1100, O_P1102, O_P1201, O_P1301, O_P1401, O_P1201_PUB,
	O_F1101, O_FU101, O_F1102, O_F1201,
	O_A101, O_A100, O_A102, O_A201, O_A32, O_ANAT,
	O_G101, O_G100, O_G102, O_G201, O_G32, O_GNAT,
	O_USR_OP, O_USR_OUT, O_USR_ADMIN, O_USR_PEMDA, O_USR_SPLIT, O_USR_REG,
	O_USR_NEW, O_USR_NOBODY,
	O_REGION, O_U401, O_USR_401,
	O_MAX
};
/* clang-format on */

struct object_fixture {
	const char *name;
	struct object_ref ref;
};

extern const struct object_fixture objects[O_MAX];

/* Where an object stands relative to the anchor. */
enum rel {
	R_INSIDE,    /* the anchor itself, or what belongs to it */
	R_PARENT,    /* its parent unit (Kanwil) */
	R_SIBLING,   /* another unit under the same parent */
	R_CHILD,     /* a unit below it */
	R_OUTSIDE,   /* another province */
	R_OTHER_ORG, /* same province, another organization */
	R_ABOVE,     /* a province-wide or national object */
	R_SELF,      /* the principal's own user record */
	R_WIDER,     /* a user holding a role wider than unit roles */
	R_SPLIT,     /* a user homed inside holding a grant outside */
	R_CONFLICT,  /* assigned, but the verifier's home matches */
	R_PUBLIC,    /* public or published */
	R_PROGRAMME, /* programme-wide: rulebook, cycle, region */
	R_MOVED,     /* in a province that moved into or out of the
			coordinator's region */
	R_MAX
};

extern const char *const rel_names[R_MAX];

/* One case: who does what on which object, where, and the answer. */
struct policy_case {
	enum who who;
	enum action act;
	enum obj obj;
	enum rel rel;
	enum policy_decision want;
};

/* The cases for one kind of principal (policy_cases_*.c). */
struct policy_case_table {
	const char *name;
	const struct policy_case *cases;
	size_t count;
};

extern const struct policy_case_table policy_cases_wide, policy_cases_unit,
    policy_cases_review, policy_cases_edge, policy_cases_region;

/* policy_check for principal w (no principal at all for the anonymous). */
enum policy_decision ask(enum who w, enum action a, const struct object_ref *o);

#endif
