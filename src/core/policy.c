/*
 * policy.c - the access matrix and the few rules a matrix cannot say.
 *
 * rules[role][action] is the set of object types a grant of that role may
 * act on when its scope covers the object; the ACT_VIEW column is also what
 * the grant lets its holder see at all. Everything else here is scope
 * coverage and five exceptions: public objects, the user's own record, a
 * verifier's conflict of interest, the observer's power to revoke, and
 * which users a regional user may manage.
 */
#include <string.h>

#include "base/code.h"
#include "core/policy.h"

static const char *const role_codes[ROLE_MAX] = { ROLE_LIST(CODE_ENTRY) };

static const char *const scope_codes[SCOPE_KIND_MAX] = { SCOPE_KIND_LIST(CODE_ENTRY) };

static const char *const object_codes[OBJ_MAX] = { OBJECT_TYPE_LIST(CODE_ENTRY) };

static const char *const action_codes[ACTION_MAX] = { ACTION_LIST(CODE_ENTRY) };

/* clang-format off */
static const char *const decision_codes[POLICY_DECISION_MAX] = {
	POLICY_DECISION_LIST(CODE_ENTRY)
};
/* clang-format on */

/* Sets of object types. */
#define T(t) (1u << (t))
/* clang-format off */
#define T_TREE		(T(OBJ_USER) | T(OBJ_ORGANIZATION) | T(OBJ_UNIT) | \
			 T(OBJ_PARTICIPATION) | T(OBJ_FILE) | T(OBJ_AUDIT) | \
			 T(OBJ_PROGRESS))
/* clang-format on */
#define T_PROGRAMME (T(OBJ_HOME) | T(OBJ_RULEBOOK) | T(OBJ_CYCLE) | T(OBJ_REGION))
#define T_ALL (T_TREE | T_PROGRAMME)
/* What a unit's own people see of it. */
/* clang-format off */
#define T_UNIT_SEES	(T(OBJ_UNIT) | T(OBJ_PARTICIPATION) | T(OBJ_FILE) | \
			 T(OBJ_PROGRESS) | T_PROGRAMME)
/* What an assignment shows: the participation, its files, its unit. */
#define T_ASSIGNED_SEES	(T(OBJ_UNIT) | T(OBJ_PARTICIPATION) | T(OBJ_FILE) | \
			 T_PROGRAMME)
/* clang-format on */

/*
 * rules[role][action]: the object types on which the role may do the
 * action inside its scope. A missing entry is "never".
 */
static const unsigned rules[ROLE_MAX][ACTION_MAX] = {
	[ROLE_ADMIN] = {
		[ACT_VIEW] = T_ALL,
		[ACT_EDIT] = T(OBJ_USER) | T(OBJ_ORGANIZATION) | T(OBJ_UNIT) |
		    T(OBJ_PARTICIPATION) | T(OBJ_REGION),
		[ACT_CREATE] = T(OBJ_ORGANIZATION) | T(OBJ_UNIT) | T(OBJ_REGION),
		[ACT_USER_MANAGE] = T(OBJ_USER),
		[ACT_ROLE_GRANT] = T(OBJ_USER),
		[ACT_AUDIT_VIEW] = T(OBJ_AUDIT),
		[ACT_RULEBOOK_MANAGE] = T(OBJ_RULEBOOK),
		[ACT_CYCLE_MANAGE] = T(OBJ_CYCLE),
		[ACT_ENROL] = T(OBJ_UNIT),
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_DECLARATION_APPROVE] = T(OBJ_PARTICIPATION),
		[ACT_DECLARATION_CONFIRM] = T(OBJ_PARTICIPATION),
		[ACT_MENTOR] = T(OBJ_PARTICIPATION),
		[ACT_EVALUATE] = T(OBJ_PARTICIPATION),
		[ACT_DECREE] = T(OBJ_PARTICIPATION) | T(OBJ_CYCLE),
		[ACT_AWARD_REVOKE] = T(OBJ_PARTICIPATION),
	},
	[ROLE_COORDINATOR] = {
		[ACT_VIEW] = T_ALL,
		[ACT_AUDIT_VIEW] = T(OBJ_AUDIT),
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_DECLARATION_APPROVE] = T(OBJ_PARTICIPATION),
	},
	[ROLE_REGIONAL] = {
		[ACT_VIEW] = T_ALL,
		[ACT_EDIT] = T(OBJ_USER) | T(OBJ_ORGANIZATION) | T(OBJ_UNIT),
		[ACT_CREATE] = T(OBJ_ORGANIZATION) | T(OBJ_UNIT),
		[ACT_USER_MANAGE] = T(OBJ_USER),
		[ACT_ROLE_GRANT] = T(OBJ_USER),
		[ACT_AUDIT_VIEW] = T(OBJ_AUDIT),
		[ACT_ENROL] = T(OBJ_UNIT),
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_DECLARATION_CONFIRM] = T(OBJ_PARTICIPATION),
		[ACT_MENTOR] = T(OBJ_PARTICIPATION),
		[ACT_EVALUATE] = T(OBJ_PARTICIPATION),
	},
	[ROLE_OPERATOR] = {
		[ACT_VIEW] = T_UNIT_SEES,
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_DECLARATION_REQUEST] = T(OBJ_PARTICIPATION),
		[ACT_FILL] = T(OBJ_PARTICIPATION) | T(OBJ_FILE),
	},
	[ROLE_UNIT_HEAD] = {
		[ACT_VIEW] = T_UNIT_SEES,
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_DECLARATION_REQUEST] = T(OBJ_PARTICIPATION),
		[ACT_FILL] = T(OBJ_PARTICIPATION) | T(OBJ_FILE),
		[ACT_SUBMIT] = T(OBJ_PARTICIPATION),
	},
	[ROLE_VERIFIER] = {
		[ACT_VIEW] = T_ASSIGNED_SEES,
		[ACT_VERIFY] = T(OBJ_PARTICIPATION) | T(OBJ_FILE),
	},
	[ROLE_ASSESSOR] = {
		[ACT_VIEW] = T_ASSIGNED_SEES,
		[ACT_ASSESS] = T(OBJ_PARTICIPATION),
	},
	[ROLE_OBSERVER] = {
		[ACT_VIEW] = T_ALL,
		[ACT_AUDIT_VIEW] = T(OBJ_AUDIT),
		[ACT_PROGRESS_VIEW] = T(OBJ_PROGRESS),
		[ACT_AWARD_REVOKE] = T(OBJ_PARTICIPATION),
	},
};

/* The scope kinds each role may be held over, and what to say otherwise. */
/* clang-format off */
static const struct {
	unsigned scopes;	/* set of 1u << enum scope_kind */
	const char *why;	/* reason given for any other scope */
} role_scopes[ROLE_MAX] = {
	[ROLE_ADMIN] = { 1u << SCOPE_NATIONAL,
	    "an admin grant is national" },
	[ROLE_COORDINATOR] = { 1u << SCOPE_REGION | 1u << SCOPE_PROVINCE,
	    "a coordinator grant is over a coordination region or a province" },
	[ROLE_REGIONAL] = { 1u << SCOPE_PROVINCE | 1u << SCOPE_ORGANIZATION,
	    "a regional grant is over a province or an organization" },
	[ROLE_OPERATOR] = { 1u << SCOPE_UNIT,
	    "an operator grant is over a unit" },
	[ROLE_UNIT_HEAD] = { 1u << SCOPE_UNIT,
	    "a unit head grant is over a unit" },
	[ROLE_VERIFIER] = { 1u << SCOPE_PARTICIPATION,
	    "a verifier grant is over a participation" },
	[ROLE_ASSESSOR] = { 1u << SCOPE_PARTICIPATION,
	    "an assessor grant is over a participation" },
	[ROLE_OBSERVER] = { 1u << SCOPE_NATIONAL | 1u << SCOPE_PROVINCE,
	    "an observer grant is national or over a province" },
};
/* clang-format on */

CODE_FUNCTIONS(role, enum role, role_codes, ROLE_MAX)

CODE_FUNCTIONS(scope_kind, enum scope_kind, scope_codes, SCOPE_KIND_MAX)

CODE_NAME_FUNCTION(object_type, enum object_type, object_codes, OBJ_MAX)

CODE_NAME_FUNCTION(action, enum action, action_codes, ACTION_MAX)

CODE_NAME_FUNCTION(policy_decision, enum policy_decision, decision_codes, POLICY_DECISION_MAX)

/* What a grant's scope id may be, what to say when it is not, and what
 * when the grant's place lies outside the scope object. */
/* clang-format off */
static const struct scope_id_rule {
	int64_t min, max;
	const char *needs;
	const char *elsewhere;
} scope_ids[SCOPE_KIND_MAX] = {
	[SCOPE_NATIONAL] = { 0, 0, "a national grant has no scope id", NULL },
	[SCOPE_PROVINCE] = { 11, 99, "a province grant needs a 2-digit province code",
	    "the grant's place is in another province" },
	[SCOPE_ORGANIZATION] = { 1, INT64_MAX, "an organization grant needs an organization id",
	    "the grant's place is in another organization" },
	[SCOPE_UNIT] = { 1, INT64_MAX, "a unit grant needs a unit id",
	    "the grant's place is another unit" },
	[SCOPE_PARTICIPATION] = { 1, INT64_MAX, "a participation grant needs a participation id",
	    "the grant's place is another participation" },
	[SCOPE_REGION] = { 1, INT64_MAX, "a region grant needs a region id", NULL },
};
/* clang-format on */

/* The id at place's level of scope kind k; 0 for a national or region
 * scope, which no single level of a place names. */
static int64_t
place_level(const struct policy_place *at, enum scope_kind k)
{
	switch (k) {
	case SCOPE_PROVINCE:
		return at->province;
	case SCOPE_ORGANIZATION:
		return at->organization;
	case SCOPE_UNIT:
		return at->unit;
	case SCOPE_PARTICIPATION:
		return at->participation;
	default:
		return 0;
	}
}

const char *
policy_grant_valid(const struct grant *g)
{
	const struct scope_id_rule *id;
	int64_t level;

	if (g == NULL)
		return "no grant";
	if ((unsigned)g->role >= ROLE_MAX)
		return "unknown role";
	if ((unsigned)g->scope >= SCOPE_KIND_MAX)
		return "unknown scope kind";
	if (!(role_scopes[g->role].scopes & 1u << g->scope))
		return role_scopes[g->role].why;
	if (g->may_revoke && g->role != ROLE_OBSERVER)
		return "only an observer grant may carry the power to revoke";
	id = &scope_ids[g->scope];
	if (g->scope_id < id->min || g->scope_id > id->max)
		return id->needs;
	level = place_level(&g->where, g->scope);
	if (level != 0 && level != g->scope_id)
		return id->elsewhere;
	if (g->scope == SCOPE_REGION && g->province_count > 0 && g->provinces == NULL)
		return "a region grant's provinces are missing";
	return NULL;
}

bool
policy_grant_holds(const struct grant *g, int province)
{
	size_t i;

	if (g == NULL || province == 0)
		return false;
	if (g->scope == SCOPE_PROVINCE)
		return g->scope_id == province;
	if (g->scope != SCOPE_REGION || g->provinces == NULL)
		return false;
	for (i = 0; i < g->province_count; i++)
		if (g->provinces[i] == province)
			return true;
	return false;
}

/* The object's place, with its own level taken from its id. */
static struct policy_place
object_place(const struct object_ref *o)
{
	struct policy_place at = o->at;

	switch (o->type) {
	case OBJ_ORGANIZATION:
		at.organization = o->id;
		break;
	case OBJ_UNIT:
		at.unit = o->id;
		break;
	case OBJ_PARTICIPATION:
		at.participation = o->id;
		break;
	default:
		break;
	}
	return at;
}

/* Does the (valid) grant's scope reach an object at `at`? */
static bool
grant_covers(const struct grant *g, const struct object_ref *o, const struct policy_place *at)
{
	if (T(o->type) & T_PROGRAMME)
		return true;
	switch (g->scope) {
	case SCOPE_NATIONAL:
		return true;
	case SCOPE_PROVINCE:
	case SCOPE_REGION:
		return policy_grant_holds(g, at->province);
	case SCOPE_ORGANIZATION:
		return at->organization == g->scope_id;
	case SCOPE_UNIT:
		return at->unit == g->scope_id;
	case SCOPE_PARTICIPATION:
		if (at->participation == g->scope_id)
			return true;
		/* The assigned unit's own record, for reading. */
		return o->type == OBJ_UNIT && g->where.unit != 0 && at->unit == g->where.unit;
	case SCOPE_KIND_MAX:
		break;
	}
	return false;
}

/*
 * Could a holder of `giver` (valid) give or take g? Self-dealing is
 * checked by the callers, which know the users involved.
 */
static bool
grant_may_give(const struct grant *giver, const struct grant *g)
{
	if (policy_grant_valid(g) != NULL)
		return false;
	switch (giver->role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_REGIONAL:
		if (g->role != ROLE_OPERATOR && g->role != ROLE_UNIT_HEAD)
			return false;
		if (giver->scope == SCOPE_PROVINCE)
			return g->where.province == giver->scope_id;
		if (giver->scope == SCOPE_ORGANIZATION)
			return g->where.organization == giver->scope_id;
		return false;
	default:
		return false;
	}
}

/*
 * May the holder of `giver` manage the user o? Not their own account, and
 * only while every grant o holds is one giver could give.
 */
static bool
may_manage_user(const struct principal *p, const struct grant *giver,
    const struct object_ref *o)
{
	size_t i;

	if (giver->role == ROLE_ADMIN)
		return true;
	if (o->id != 0 && o->id == p->user_id)
		return false;
	if (o->holder_grant_count > 0 && o->holder_grants == NULL)
		return false;
	for (i = 0; i < o->holder_grant_count; i++)
		if (!grant_may_give(giver, &o->holder_grants[i]))
			return false;
	return true;
}

/*
 * Does the principal's home match the unit under check? Only known values
 * are compared: a verifier with no recorded home has no known tie.
 */
static bool
has_conflict(const struct principal *p, const struct policy_place *at)
{
	if (p->home_province != 0 && p->home_province == at->province)
		return true;
	if (p->home_organization != 0 && p->home_organization == at->organization)
		return true;
	return false;
}

/* The answer one valid grant gives. */
static enum policy_decision
grant_decide(const struct principal *p, const struct grant *g, enum action a,
    const struct object_ref *o, const struct policy_place *at)
{
	unsigned type = T(o->type);

	if (!grant_covers(g, o, at) || !(rules[g->role][ACT_VIEW] & type))
		return POLICY_HIDDEN;
	if (!(rules[g->role][a] & type))
		return POLICY_DENY;
	switch (a) {
	case ACT_VERIFY:
		if (has_conflict(p, at))
			return POLICY_DENY;
		break;
	case ACT_AWARD_REVOKE:
		if (g->role == ROLE_OBSERVER && !g->may_revoke)
			return POLICY_DENY;
		break;
	case ACT_EDIT:
	case ACT_USER_MANAGE:
	case ACT_ROLE_GRANT:
		if (o->type == OBJ_USER && !may_manage_user(p, g, o))
			return POLICY_DENY;
		break;
	default:
		break;
	}
	return POLICY_ALLOW;
}

enum policy_decision
policy_check(const struct principal *p, enum action a, const struct object_ref *o)
{
	enum policy_decision best = POLICY_HIDDEN, d;
	struct policy_place at;
	size_t i;

	if (o == NULL || (unsigned)o->type >= OBJ_MAX || (unsigned)a >= ACTION_MAX)
		return POLICY_HIDDEN;
	at = object_place(o);

	/* Public things: anyone may look, no one acts through this rule. */
	if (o->type == OBJ_HOME || o->type == OBJ_RULEBOOK || o->is_published)
		best = a == ACT_VIEW ? POLICY_ALLOW : POLICY_DENY;
	if (p == NULL)
		return best;

	/* One's own account. */
	if (o->type == OBJ_USER && p->user_id != 0 && o->id == p->user_id) {
		d = a == ACT_VIEW || a == ACT_EDIT ? POLICY_ALLOW : POLICY_DENY;
		if (d > best)
			best = d;
	}

	if (p->grants == NULL)
		return best;
	for (i = 0; i < p->grant_count && best != POLICY_ALLOW; i++) {
		if (policy_grant_valid(&p->grants[i]) != NULL)
			continue;
		d = grant_decide(p, &p->grants[i], a, o, &at);
		if (d > best)
			best = d;
	}
	return best;
}

bool
policy_is_assignee(const struct principal *p)
{
	size_t i;

	for (i = 0; p != NULL && i < p->grant_count; i++)
		if (p->grants[i].role == ROLE_VERIFIER || p->grants[i].role == ROLE_ASSESSOR)
			return true;
	return false;
}

/* May the one grant g allow a on an object of type t in a province its
 * region holds? */
static bool
region_somewhere(const struct principal *p, const struct grant *g, enum action a,
    enum object_type t)
{
	struct principal one = *p;
	struct object_ref o;
	size_t i;

	one.grants = g;
	one.grant_count = 1;
	for (i = 0; g->provinces != NULL && i < g->province_count; i++) {
		o = (struct object_ref){ .type = t, .at = { .province = g->provinces[i] } };
		if (policy_check(&one, a, &o) == POLICY_ALLOW)
			return true;
	}
	return false;
}

bool
policy_may_somewhere(const struct principal *p, enum action a, enum object_type t)
{
	struct principal one;
	struct object_ref o;
	size_t i;

	if (p == NULL || p->grants == NULL)
		return false;
	for (i = 0; i < p->grant_count; i++) {
		const struct grant *g = &p->grants[i];

		if (g->scope == SCOPE_REGION) {
			if (region_somewhere(p, g, a, t))
				return true;
			continue;
		}
		one = *p;
		one.grants = g;
		one.grant_count = 1;
		o = (struct object_ref){ .type = t, .at = g->where };
		switch (g->scope) {
		case SCOPE_PROVINCE:
			o.at.province = (int)g->scope_id;
			break;
		case SCOPE_ORGANIZATION:
			o.at.organization = g->scope_id;
			break;
		case SCOPE_UNIT:
			o.at.unit = g->scope_id;
			break;
		case SCOPE_PARTICIPATION:
			o.at.participation = g->scope_id;
			break;
		default:
			break; /* national: every place is inside */
		}
		/* A grant over an organization, unit or participation is
		 * over that object too; a new one is never it. */
		if (a != ACT_CREATE &&
		    ((t == OBJ_ORGANIZATION && g->scope == SCOPE_ORGANIZATION) ||
			(t == OBJ_UNIT && g->scope == SCOPE_UNIT) ||
			(t == OBJ_PARTICIPATION && g->scope == SCOPE_PARTICIPATION)))
			o.id = g->scope_id;
		if (policy_check(&one, a, &o) == POLICY_ALLOW)
			return true;
	}
	return false;
}

bool
policy_may_grant(const struct principal *granter, const struct grant *g, int64_t grantee_id)
{
	const struct grant *gg;
	size_t i;

	if (granter == NULL || granter->grants == NULL || policy_grant_valid(g) != NULL)
		return false;
	for (i = 0; i < granter->grant_count; i++) {
		gg = &granter->grants[i];
		if (policy_grant_valid(gg) != NULL)
			continue;
		if (gg->role != ROLE_ADMIN && grantee_id != 0 && grantee_id == granter->user_id)
			continue;
		if (grant_may_give(gg, g))
			return true;
	}
	return false;
}
