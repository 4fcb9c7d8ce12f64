/*
 * policy.h - who may do what, where. The one pure function every handler
 * asks before it reads or writes, and the rules for giving roles. No I/O:
 * the caller loads the principal and the object's place, this decides.
 *
 * A principal holds grants; a grant is a role over a scope. Scopes are
 * nodes of the tree national > province > organization > unit, or one
 * participation (for verifiers and assessors):
 *
 *   national      covers everything.
 *   province      covers every object whose province matches, whatever its
 *                 organization (a Kanwil sees the pemda offices of its
 *                 province too).
 *   region        a coordination region (Wilayah I, II, ...): covers every
 *                 object in a province the region holds now, as a province
 *                 grant over each. Which provinces those are is data the
 *                 loader reads with the grant (grant.provinces), so that a
 *                 province moved to another region leaves the grant at once.
 *   organization  covers every object whose organization matches.
 *   unit          covers that unit and what belongs to it (participations,
 *                 files, progress) and nothing else: not its parent, not
 *                 its siblings, not its children. A Kanwil's unit head does
 *                 not reach the UPTs below it; the regional role does that.
 *   participation covers that participation and its files, and opens its
 *                 unit's basic record for reading.
 *   Rulebooks, cycles and coordination regions belong to the whole
 *   programme: every grant covers them.
 *
 * What each role may do on an object its grant covers:
 *
 *   admin        see everything; edit users, organizations, units and
 *                participations; create organizations and units; manage
 *                users and grant any role; read the audit trail; manage
 *                rulebooks and cycles; create, rename and regroup
 *                coordination regions; enrol units; follow progress;
 *                approve and confirm declarations; mentor; evaluate; record
 *                plenary's decisions and the decree; revoke awards. Never fills, submits,
 * verifies or assesses: the unit's answer, the verifier's verdict and the assessor's
 * score stay three separate hands. coordinator  see its provinces; read their audit trail
 * and progress; approve declarations. Edits nothing, grants nothing. regional     see its
 * province or organization; edit and create its units and the governments (organizations)
 * of its province; manage, edit and grant roles to its users (see below); read its audit
 * trail and progress; enrol units; confirm declarations; mentor; evaluate. operator see
 * its unit; follow its progress; request the declaration; fill in the self-assessment and
 * upload. unit_head    as operator, and submit. verifier     see the assigned
 * participation; verify it and its files, unless the unit's province or organization is
 * the verifier's own home (conflict of interest). assessor     see the assigned
 * participation; assess it. observer     see its scope; read its audit trail and
 * progress; revoke awards only when the grant says may_revoke.
 *
 * Beyond grants: the home page, rulebooks and anything marked published
 * may be viewed by anyone, signed in or not; a signed-in user may view and
 * edit their own user record.
 *
 * Giving and taking grants (policy_may_grant, and the regional rows above
 * for OBJ_USER): an admin may give or take any valid grant. A regional user
 * may give or take only operator and unit_head grants on units inside their
 * own province or organization, never to or from themselves; verifiers and
 * assessors are assigned by an admin only, and no one below admin may give
 * admin, coordinator, regional or observer. A regional user may manage,
 * edit or re-grant a user only while every grant that user holds is one the
 * regional user could give: holding a wider role puts a user out of reach.
 * Coordinators, observers and unit roles give nothing.
 *
 * Answers: POLICY_ALLOW, or POLICY_DENY when the principal may see the
 * object but not do this (403), or POLICY_HIDDEN when the object lies
 * outside everything the principal may see (404, so ids cannot be probed).
 * Whoever cannot view an object gets POLICY_HIDDEN for every action on it.
 */
#ifndef P2HAM_POLICY_H
#define P2HAM_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code.h"

/* clang-format off */
#define ROLE_LIST(X) \
	X(ROLE_ADMIN, "admin")             /* programme admin at Ditjen HAM */ \
	X(ROLE_COORDINATOR, "coordinator") /* regional coordinator (Wilayah I, II, ...) */ \
	X(ROLE_REGIONAL, "regional")       /* Kanwil human-rights section, pemda legal bureau */ \
	X(ROLE_OPERATOR, "operator")       /* operator P2HAM of a unit */ \
	X(ROLE_UNIT_HEAD, "unit_head")     /* kepala unit kerja */ \
	X(ROLE_VERIFIER, "verifier")       /* verifikator of assigned participations */ \
	X(ROLE_ASSESSOR, "assessor")       /* member of the tim penilai */ \
	X(ROLE_OBSERVER, "observer")       /* expert staff, inspectorate: reads, may revoke */
/* clang-format on */

enum role { ROLE_LIST(CODE_ENUM) ROLE_MAX };

/* The role's stable code, e.g. "unit_head"; "" for a value out of range. */
const char *role_code(enum role r);
/* The role called code, or ROLE_MAX when code names none (or is NULL). */
enum role role_parse(const char *code);

/* clang-format off */
#define SCOPE_KIND_LIST(X) \
	X(SCOPE_NATIONAL, "national")           /* the whole programme; scope id 0 */ \
	X(SCOPE_PROVINCE, "province")           /* scope id: 2-digit Kemendagri province code */ \
	X(SCOPE_ORGANIZATION, "organization")   /* scope id: organization id */ \
	X(SCOPE_UNIT, "unit")                   /* scope id: unit id */ \
	X(SCOPE_PARTICIPATION, "participation") /* scope id: participation id (assignments) */ \
	X(SCOPE_REGION, "region")               /* scope id: coordination region id */
/* clang-format on */

enum scope_kind { SCOPE_KIND_LIST(CODE_ENUM) SCOPE_KIND_MAX };

/* The scope kind's stable code, e.g. "province"; "" when out of range. */
const char *scope_kind_code(enum scope_kind k);
/* The scope kind called code, or SCOPE_KIND_MAX (also for NULL). */
enum scope_kind scope_kind_parse(const char *code);

/*
 * A place in the tree. Every field is an id at one level, 0 when the level
 * does not apply or is not known; 0 never matches a scope, so an unknown
 * place narrows what a grant reaches and never widens it. There is no
 * parent unit here on purpose: no grant reaches through the parent link.
 */
struct policy_place {
	int province;          /* 2-digit Kemendagri code */
	int64_t organization;  /* owning government or ministry */
	int64_t unit;          /* the service office */
	int64_t participation; /* the unit in one cycle */
};

/*
 * A role over a scope, as loaded from storage. Note that a zeroed grant is
 * a valid national admin grant: build grants only from stored rows.
 */
struct grant {
	enum role role;
	enum scope_kind scope;
	int64_t scope_id;          /* see enum scope_kind; 0 for national */
	bool may_revoke;           /* observer only: may revoke awards in
				      scope, with a reason */
	struct policy_place where; /* where the scope object sits, filled by
				      the loader: for a unit grant the
				      unit's province and organization, for
				      a participation grant also its unit.
				      Opens an assignment's unit record and
				      tells who may give or take the grant */
	const int *provinces;      /* SCOPE_REGION: the province codes the
				      region holds now, borrowed, filled by
				      the loader; NULL or none: covers
				      nothing */
	size_t province_count;
};

/* The user asking, with everything the policy needs to know about them. */
struct principal {
	int64_t user_id;            /* 0: not signed in */
	const struct grant *grants; /* borrowed, grant_count elements */
	size_t grant_count;         /* 0: anonymous, or signed in without a
				       role; sees only public things */
	int home_province;          /* the user's own province, 0 unknown;
				       for a verifier's conflict of interest */
	int64_t home_organization;  /* the user's own employer, 0
				   unknown; same purpose */
};

/* clang-format off */
#define OBJECT_TYPE_LIST(X) \
	X(OBJ_HOME, "home")                   /* public pages: anyone may view */ \
	X(OBJ_USER, "user")                   /* a user account; place: its home */ \
	X(OBJ_ORGANIZATION, "organization")   /* a government or ministry */ \
	X(OBJ_UNIT, "unit")                   /* a service office */ \
	X(OBJ_PARTICIPATION, "participation") /* a unit in a cycle, with its stages */ \
	X(OBJ_FILE, "file")                   /* an uploaded file; place: what it belongs to */ \
	X(OBJ_AUDIT, "audit")                 /* the audit trail of a part of the tree */ \
	X(OBJ_RULEBOOK, "rulebook")           /* a regulation as data; public */ \
	X(OBJ_CYCLE, "cycle")                 /* one year of the programme */ \
	X(OBJ_PROGRESS, "progress")           /* progress figures over a part of the tree */ \
	X(OBJ_REGION, "region")               /* a coordination region: programme-wide, seen by \
					         every role, kept by the admin */
/* clang-format on */

enum object_type { OBJECT_TYPE_LIST(CODE_ENUM) OBJ_MAX };

/* The object type's stable code, e.g. "participation"; "" out of range. */
const char *object_type_code(enum object_type t);

/*
 * What the caller knows of the object. For an object not created yet
 * (ACT_CREATE, a new user) id is 0 and the place is where it will sit.
 */
struct object_ref {
	enum object_type type;
	int64_t id;                        /* the object's id; for an organization,
					      unit or participation it also sets
					      the matching level of the place,
					      whatever `at` says there */
	struct policy_place at;            /* where it sits: for a participation or
					      file the unit's province, organization
					      and unit; for a user their home
					      province and organization; for audit
					      and progress the part of the tree they
					      cover (all 0: national) */
	bool is_published;                 /* a published result or record: anyone
					      may view it */
	const struct grant *holder_grants; /* OBJ_USER: the grants the user
					   holds now, borrowed; who may manage
					   the user depends on them */
	size_t holder_grant_count;
};

/* clang-format off */
#define ACTION_LIST(X) \
	X(ACT_VIEW, "view")                               /* read the object */ \
	X(ACT_EDIT, "edit")                               /* change a user, organization, unit or \
							     participation record */ \
	X(ACT_CREATE, "create")                           /* create an organization or unit at a \
							     place */ \
	X(ACT_USER_MANAGE, "user_manage")                 /* create, deactivate, reactivate a user */ \
	X(ACT_ROLE_GRANT, "role_grant")                   /* change a user's grants; the grant \
							     itself is checked with \
							     policy_may_grant */ \
	X(ACT_AUDIT_VIEW, "audit_view")                   /* read an audit trail */ \
	X(ACT_RULEBOOK_MANAGE, "rulebook_manage")         /* create, change, publish a rulebook */ \
	X(ACT_CYCLE_MANAGE, "cycle_manage")               /* open a cycle, set its stages and \
							     windows */ \
	X(ACT_ENROL, "enrol")                             /* enter a unit into a cycle */ \
	X(ACT_PROGRESS_VIEW, "progress_view")             /* read progress figures */ \
	X(ACT_DECLARATION_REQUEST, "declaration_request") /* send the declaration request */ \
	X(ACT_DECLARATION_APPROVE, "declaration_approve") /* approve or reject the request */ \
	X(ACT_DECLARATION_CONFIRM, "declaration_confirm") /* record that the declaration took \
							     place */ \
	X(ACT_FILL, "fill")                               /* self-assessment answers and uploads */ \
	X(ACT_SUBMIT, "submit")                           /* submit for evaluation or assessment */ \
	X(ACT_MENTOR, "mentor")                           /* record mentoring and supervision */ \
	X(ACT_EVALUATE, "evaluate")                       /* pass or fail the evaluation gate */ \
	X(ACT_VERIFY, "verify")                           /* verdict on evidence, send back for \
							     revision */ \
	X(ACT_ASSESS, "assess")                           /* score verified indicators */ \
	X(ACT_DECREE, "decree")                           /* record the plenary's decisions, \
							     prepare and record the Minister's \
							     decree */ \
	X(ACT_AWARD_REVOKE, "award_revoke")               /* revoke an award, with a reason */
/* clang-format on */

enum action { ACTION_LIST(CODE_ENUM) ACTION_MAX };

/* The action's stable code, e.g. "declaration_request"; "" out of range. */
const char *action_code(enum action a);

/*
 * Ordered from least to most permissive, so that a zeroed answer hides
 * and the answer over several grants is the greatest of them.
 */
/* clang-format off */
#define POLICY_DECISION_LIST(X) \
	X(POLICY_HIDDEN, "hidden") /* outside what the principal sees: 404 */ \
	X(POLICY_DENY, "deny")     /* seen but not allowed: 403 */ \
	X(POLICY_ALLOW, "allow")
/* clang-format on */

enum policy_decision { POLICY_DECISION_LIST(CODE_ENUM) POLICY_DECISION_MAX };

/* "hidden", "deny" or "allow"; "" out of range. */
const char *policy_decision_code(enum policy_decision d);

/*
 * NULL when g is a combination the programme allows, else a static English
 * sentence saying what is wrong. Allowed: admin over national; coordinator
 * over a coordination region or over a single province;
 * regional over a province or an organization; operator and unit_head over
 * a unit; verifier and assessor over a participation; observer over
 * national or a province. A national grant has scope id 0, a province
 * grant a code 11-99, the others an id above 0; may_revoke is for
 * observers only; a level of g->where that the scope names must be 0 or
 * the scope id.
 */
const char *policy_grant_valid(const struct grant *g);

/*
 * Does grant g (province or region scope) hold province code province
 * now? False for other scopes, for NULL and for province 0. Pure.
 */
bool policy_grant_holds(const struct grant *g, int province);

/*
 * May p do a on o? p NULL is the anonymous public. Grants that fail
 * policy_grant_valid are ignored. An unknown action or object type, or o
 * NULL, is POLICY_HIDDEN. Pure: reads its arguments only.
 */
enum policy_decision
policy_check(const struct principal *p, enum action a, const struct object_ref *o);

/*
 * May p do a on some object of type t: is there a grant whose own place
 * (the province, organization, unit or participation it is over; for a
 * national grant anywhere) policy_check allows it on, for an object of
 * that type there (the scope's own organization, unit or participation
 * when t is its type, unless a creates one)? What a page asks before it
 * offers a form or a list whose objects are yet to be chosen: "may create
 * units somewhere", "may manage some users". Pure.
 */
bool policy_may_somewhere(const struct principal *p, enum action a, enum object_type t);

/* Does p hold a verifier's or an assessor's grant (given with an
 * assignment)? Their menu leads to their assignments. Pure. */
bool policy_is_assignee(const struct principal *p);

/*
 * May granter give g to the user grantee_id (0: a user being created), or
 * take it away? The same rule answers both. False when g is not valid,
 * when granter is NULL, and when anyone but an admin would give to
 * themselves. See the top of this file for who gives what.
 */
bool
policy_may_grant(const struct principal *granter, const struct grant *g, int64_t grantee_id);

#endif
