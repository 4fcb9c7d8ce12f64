/*
 * accounts.c - users and their roles (accounts.h): creating an account,
 * activating and deactivating it, giving and taking grants. Who may do it
 * is the policy's answer for the user concerned, which depends on where
 * they are homed and on every grant they hold (a regional office cannot
 * manage a user holding a wider role); who may give a grant is
 * policy_may_grant's.
 */
#include <string.h>

#include <sodium.h>

#include "svc/accounts.h"
#include "svc/audit.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/account.h"
#include "core/region.h"
#include "core/registry.h"

char *
accounts_token_new(struct arena *a, const char *prefix)
{
	unsigned char rnd[32];
	char b64[64];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(b64, sizeof(b64), rnd, sizeof(rnd),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(rnd, sizeof(rnd));
	return arena_printf(a, "%s%s", prefix, b64);
}

void
accounts_token_hash(const char *token, char out[65])
{
	sha256_hex(token, strlen(token), out);
}

/* A catalog message as a problem of field. */
static void
problem(struct svc *s, struct svc_problems *pr, const char *field, const char *key)
{
	svc_problem(pr, field, svc_msg(s, key));
}

int
accounts_user_reach(struct svc *s, int64_t id, enum action act, struct err *e)
{
	struct principal holder = { 0 };
	struct object_ref ref;
	json_t *user;

	if ((user = db_row(s->c, DB_USER_GET, id, "user", e)) == NULL)
		return -1;
	ref = (struct object_ref){
		.type = OBJ_USER,
		.id = id,
		.at.province = (int)json_integer_value(json_object_get(user, "home_province")),
		.at.organization = json_integer_value(
		    json_object_get(user, "home_organization")),
	};
	json_decref(user);
	if (svc_grants_load(s->c, s->arena, id, &holder, e) < 0)
		return -1;
	ref.holder_grants = holder.grants;
	ref.holder_grant_count = holder.grant_count;
	return svc_authorize(s, act, &ref, e);
}

int
accounts_user_may_create(struct svc *s, const struct user_input *in, struct err *e)
{
	struct object_ref ref = { .type = OBJ_USER,
		.at.province = in->home_province,
		.at.organization = in->home_organization };

	return svc_authorize(s, ACT_USER_MANAGE, &ref, e);
}

/* The problem of the first of in's fields that is wrong on its own. */
static void
check_user_fields(struct svc *s, const struct user_input *in, struct svc_problems *pr)
{
	enum password_problem pp;
	const char *nip = in->nip != NULL ? in->nip : "";
	char key[64];
	size_t i;

	for (i = 0; nip[i] >= '0' && nip[i] <= '9'; i++)
		;
	if (nip[0] != '\0' && (i != 18 || nip[i] != '\0'))
		problem(s, pr, "nip", "users.nip_invalid");
	else if (in->home_province != 0 && province_find(in->home_province) == NULL)
		problem(s, pr, "home_province", "users.province_unknown");
	else if ((pp = account_password_check(in->password, in->full_name, in->email)) != PW_OK) {
		snprintf(key, sizeof(key), "password.%s", password_problem_key(pp));
		problem(s, pr, "password", key);
	}
}

_Static_assert(ACCOUNT_HASH_BYTES == crypto_pwhash_STRBYTES, "password hash size");

int
accounts_password_hash(const char *password, char hash[ACCOUNT_HASH_BYTES], struct err *e)
{
	if (crypto_pwhash_str(hash, password, strlen(password),
		crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		err_set(e, ERR_NOMEM, "password hashing ran out of memory");
		return -1;
	}
	return 0;
}

/*
 * Fill where g's scope object sits, as the policy needs it to judge who may
 * give g. Returns 0, 1 when the scope object does not exist, -1 on a
 * database error (e set).
 */
static int
grant_place(struct db_conn *c, struct grant *g, struct err *e)
{
	enum db_stmt st;
	json_t *rows = NULL, *row;
	int rc = 1;

	switch (g->scope) {
	case SCOPE_UNIT:
		st = DB_UNIT_PLACE;
		break;
	case SCOPE_PARTICIPATION:
		st = DB_PARTICIPATION_PLACE;
		break;
	case SCOPE_ORGANIZATION:
		st = DB_ORG_GET;
		break;
	case SCOPE_REGION:
		/* A region sits nowhere in the tree; it must exist. */
		if (db_exec(c, DB_COORD_REGION_GET,
			(struct db_param[]){ DBP_INT(g->scope_id) }, 1, &rows, e) < 0)
			return -1;
		rc = json_array_size(rows) > 0 ? 0 : 1;
		json_decref(rows);
		return rc;
	default:
		return 0;
	}
	if (db_exec(c, st, (struct db_param[]){ DBP_INT(g->scope_id) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL) {
		g->where.province = (int)json_integer_value(
		    json_object_get(row, "province_code"));
		if (g->scope == SCOPE_ORGANIZATION)
			g->where.organization = g->scope_id;
		else {
			g->where.organization = json_integer_value(
			    json_object_get(row, "organization_id"));
			g->where.unit = g->scope == SCOPE_UNIT
			    ? g->scope_id
			    : json_integer_value(json_object_get(row, "unit_id"));
		}
		if (g->scope == SCOPE_PARTICIPATION)
			g->where.participation = g->scope_id;
		rc = 0;
	}
	json_decref(rows);
	return rc;
}

/*
 * Judge g for user id (0: one being created) into pr; exists says whether
 * its scope object must exist. -1 with e only on a database error.
 */
static int
check_grant(struct svc *s, int64_t id, struct grant *g, bool exists,
    struct svc_problems *pr, struct err *e)
{
	int rc;

	if (policy_grant_valid(g) != NULL)
		problem(s, pr, "scope_id", "users.grant_invalid");
	else if (g->scope == SCOPE_PROVINCE && province_find((int)g->scope_id) == NULL)
		problem(s, pr, "scope_id", "users.province_unknown");
	else if ((rc = grant_place(s->c, g, e)) < 0)
		return -1;
	else if (rc > 0 && exists)
		problem(s, pr, "scope_id", "users.scope_unknown");
	else if (!policy_may_grant(s->who, g, id))
		problem(s, pr, "scope_id", "users.grant_too_wide");
	return 0;
}

/* Insert g for user id, audited when it was not held already. */
static int
grant_write(struct svc *s, int64_t id, const struct grant *g, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	size_t n;

	if (db_exec(s->c, DB_GRANT_INSERT,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(role_code(g->role)),
		    DBP_TEXT(scope_kind_code(g->scope)), DBP_INT(g->scope_id),
		    DBP_INT(g->may_revoke), s->actor_id != 0 ? DBP_INT(s->actor_id) : DBP_NULL,
		    DBP_TEXT(time_iso(s->now, now)) },
		7, &rows, e) < 0)
		return -1;
	n = json_array_size(rows);
	json_decref(rows);
	if (n == 0)
		return 0;
	return svc_audit_new(s, "role.grant", "user", id,
	    json_pack("{s:s, s:s, s:I, s:b}", "role", role_code(g->role), "scope_kind",
		scope_kind_code(g->scope), "scope_id", (json_int_t)g->scope_id,
		"may_revoke", g->may_revoke),
	    e);
}

/*
 * A home organization must exist and be one the actor's form offers
 * (svc/pick.h, PICK_ORG_OWNER): a national one or one the actor sees;
 * any other is unknown to them, whether it exists or not.
 */
static int
check_home_org(struct svc *s, int64_t id, struct svc_problems *pr, struct err *e)
{
	json_t *rows = NULL, *row;
	struct object_ref ref;
	int province;
	bool ok;

	if (id == 0)
		return 0;
	if (db_exec(s->c, DB_ORG_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	province = (int)json_integer_value(json_object_get(row, "province_code"));
	ref = registry_org_ref(id, province);
	ok = row != NULL &&
	    (province == 0 || policy_check(s->who, ACT_VIEW, &ref) == POLICY_ALLOW);
	json_decref(rows);
	if (!ok)
		problem(s, pr, "home_organization", "users.org_unknown");
	return 0;
}

/* Inside the transaction: the address is free, then the writes. */
static int
user_write(struct svc *s, const struct user_input *in, struct grant *g, const char *key,
    const char *hash, int64_t *id, struct svc_problems *pr, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	size_t n;

	if (accounts_user_may_create(s, in, e) < 0 ||
	    db_exec(s->c, DB_USER_BY_EMAIL, (struct db_param[]){ DBP_TEXT(key) }, 1,
		&rows, e) < 0)
		return -1;
	n = json_array_size(rows);
	json_decref(rows);
	rows = NULL;
	if (n > 0) {
		problem(s, pr, "email", "users.email_taken");
		return 0;
	}
	if (check_home_org(s, in->home_organization, pr, e) < 0)
		return -1;
	if (in->has_grant && check_grant(s, 0, g, false, pr, e) < 0)
		return -1;
	if (pr->count > 0)
		return 0;
	if (db_exec_int(s->c, DB_USER_INSERT,
		(struct db_param[]){ DBP_TEXT(in->email), DBP_TEXT(key), DBP_TEXT(in->full_name),
		    in->nip != NULL && in->nip[0] ? DBP_TEXT(in->nip) : DBP_NULL,
		    in->phone != NULL && in->phone[0] ? DBP_TEXT(in->phone) : DBP_NULL,
		    DBP_TEXT(hash), in->home_province ? DBP_INT(in->home_province) : DBP_NULL,
		    in->home_organization ? DBP_INT(in->home_organization) : DBP_NULL,
		    DBP_TEXT(time_iso(s->now, now)) },
		9, "id", id, e) < 0)
		return -1;
	if (svc_audit_new(s, "user.create", "user", *id,
		json_pack("{s:s, s:s}", "email", in->email, "full_name", in->full_name), e) < 0)
		return -1;
	return in->has_grant ? grant_write(s, *id, g, e) : 0;
}

int
accounts_user_create(struct svc *s, const struct user_input *in, int64_t *id,
    struct svc_problems *pr, struct err *e)
{
	char key[320], hash[ACCOUNT_HASH_BYTES];
	struct grant g = in->grant;

	pr->count = 0;
	*id = 0;
	if (accounts_user_may_create(s, in, e) < 0)
		return -1;
	check_user_fields(s, in, pr);
	if (pr->count > 0)
		return svc_refuse(pr, e);
	if (account_email_key(in->email, key, sizeof(key)) < 0) {
		err_set(e, ERR_EMAIL, "email address too long");
		return -1;
	}
	/* The slow hash before the write begins: no lock waits on it. */
	if (in->password_hash != NULL && strlen(in->password_hash) < sizeof(hash))
		memcpy(hash, in->password_hash, strlen(in->password_hash) + 1);
	else if (accounts_password_hash(in->password, hash, e) < 0)
		return -1;
	if (svc_begin(s, e) < 0)
		return -1;
	if (user_write(s, in, &g, key, hash, id, pr, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return svc_finish(s, pr, e);
}

int
accounts_user_set_active(struct svc *s, int64_t id, bool active, struct err *e)
{
	char now[TIME_ISO_LEN];

	if (svc_begin(s, e) < 0)
		return -1;
	if (accounts_user_reach(s, id, ACT_USER_MANAGE, e) < 0)
		goto fail;
	if (id == s->actor_id && !active) {
		err_set(e, ERR_SELF_DEACTIVATE, "cannot deactivate oneself");
		goto fail;
	}
	time_iso(s->now, now);
	if (db_exec(s->c, DB_USER_SET_ACTIVE,
		(struct db_param[]){ DBP_INT(id), DBP_INT(active), DBP_TEXT(now) }, 3,
		NULL, e) < 0 ||
	    (!active &&
		db_exec(s->c, DB_SESSION_END_ALL,
		    (struct db_param[]){ DBP_INT(id), DBP_TEXT(now), DBP_INT(0) }, 3,
		    NULL, e) < 0))
		goto fail;
	return svc_audit_commit(s, active ? "user.activate" : "user.deactivate", "user",
	    id, NULL, e);
fail:
	svc_rollback(s);
	return -1;
}

int
accounts_role_grant(struct svc *s, int64_t id, const struct grant *g,
    struct svc_problems *pr, struct err *e)
{
	struct grant give = *g;

	pr->count = 0;
	give.where = (struct policy_place){ 0 };
	if (svc_begin(s, e) < 0)
		return -1;
	if (accounts_user_reach(s, id, ACT_ROLE_GRANT, e) < 0 ||
	    check_grant(s, id, &give, true, pr, e) < 0 ||
	    (pr->count == 0 && grant_write(s, id, &give, e) < 0)) {
		svc_rollback(s);
		return -1;
	}
	return svc_finish(s, pr, e);
}

/* User id's grant grant_id into g; 404 when they hold none such. */
static int
held_grant(struct svc *s, int64_t id, int64_t grant_id, struct grant *g, struct err *e)
{
	json_t *rows = NULL, *row;
	bool found = false;
	size_t i;

	if (db_exec(s->c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		if (json_integer_value(json_object_get(row, "id")) != grant_id)
			continue;
		*g = (struct grant){ 0 };
		g->role = role_parse(json_string_value(json_object_get(row, "role")));
		g->scope = scope_kind_parse(
		    json_string_value(json_object_get(row, "scope_kind")));
		g->scope_id = json_integer_value(json_object_get(row, "scope_id"));
		g->may_revoke = json_integer_value(json_object_get(row, "may_revoke")) != 0;
		found = true;
	}
	json_decref(rows);
	if (!found) {
		err_set(e, ERR_NOT_FOUND, "no such grant");
		return -1;
	}
	return 0;
}

int
accounts_role_revoke(struct svc *s, int64_t id, int64_t grant_id, struct err *e)
{
	json_t *rows = NULL;
	struct grant g;
	int rc;

	if (svc_begin(s, e) < 0)
		return -1;
	if (accounts_user_reach(s, id, ACT_ROLE_GRANT, e) < 0 ||
	    held_grant(s, id, grant_id, &g, e) < 0 || grant_place(s->c, &g, e) < 0)
		goto fail;
	/* Revoking needs the same width as granting that very grant. */
	if (!policy_may_grant(s->who, &g, id)) {
		err_set(e, ERR_GRANT_TOO_WIDE, "revoking this role needs a wider role");
		goto fail;
	}
	if (db_exec(s->c, DB_GRANT_DELETE,
		(struct db_param[]){ DBP_INT(grant_id), DBP_INT(id) }, 2, &rows, e) < 0)
		goto fail;
	rc = svc_audit_commit(s, "role.revoke", "user", id,
	    json_incref(json_array_get(rows, 0)), e);
	json_decref(rows);
	return rc;
fail:
	json_decref(rows);
	svc_rollback(s);
	return -1;
}
