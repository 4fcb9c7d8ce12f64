/*
 * password_reset.c - reset links (accounts.h): whoever manages an account
 * makes a link with which its person sets a new password, once, within
 * ACCOUNT_RESET_TTL; the person spends it on a public page. The link is
 * the only proof its holder gives, so it carries 256 random bits of which
 * the database keeps the SHA-256, it works once, a newer link voids the
 * older, and a link that does not work never says why (unknown, used,
 * replaced and expired look alike).
 */
#include <stdio.h>
#include <string.h>

#include "svc/accounts.h"
#include "svc/audit.h"
#include "svc/throttle.h"
#include "base/timefmt.h"
#include "core/account.h"

/* 0 with *active telling whether user id may sign in; -1 with e. */
static int
user_active(struct svc *s, int64_t id, bool *active, struct err *e)
{
	int64_t v;

	if (db_exec_int(s->c, DB_USER_GET, (struct db_param[]){ DBP_INT(id) }, 1,
		"active", &v, e) < 0)
		return -1;
	*active = v == 1;
	return 0;
}

/* Inside the transaction: the policy, then void the older links and store
 * the new one (hash) with its audit entry. */
static int
reset_write(struct svc *s, int64_t id, const char *hash, const char *now,
    const char *until, struct err *e)
{
	json_t *rows = NULL;
	bool active;
	int64_t reset_id;

	if (accounts_user_reach(s, id, ACT_USER_MANAGE, e) < 0 ||
	    user_active(s, id, &active, e) < 0)
		return -1;
	if (!active) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "reset.inactive"));
		return -1;
	}
	if (db_exec(s->c, DB_RESET_VOID,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now) }, 2, NULL, e) < 0 ||
	    db_exec(s->c, DB_RESET_INSERT,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(hash),
		    s->actor_id != 0 ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now),
		    DBP_TEXT(until) },
		5, &rows, e) < 0)
		return -1;
	reset_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	return svc_audit_new(s, "user.reset_link", "user", id,
	    json_pack("{s:I, s:s}", "reset_id", (json_int_t)reset_id, "expires_at", until), e);
}

int
accounts_reset_create(struct svc *s, int64_t id, const char **url, const char **expires,
    struct err *e)
{
	char hash[65], now[TIME_ISO_LEN], until[TIME_ISO_LEN];
	char *token;

	*url = NULL;
	*expires = NULL;
	if ((token = accounts_token_new(s->arena, "")) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	accounts_token_hash(token, hash);
	time_iso(s->now, now);
	time_iso(s->now + ACCOUNT_RESET_TTL, until);
	if (svc_begin(s, e) < 0)
		return -1;
	if (reset_write(s, id, hash, now, until, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	*url = arena_printf(s->arena, "%s%s%s",
	    s->public_url != NULL ? s->public_url : "", ACCOUNT_RESET_PATH, token);
	*expires = arena_strdup(s->arena, until);
	if (*url == NULL || *expires == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

int
accounts_reset_find(struct svc *s, const char *token, json_t **who, struct err *e)
{
	char hash[65], now[TIME_ISO_LEN];
	json_t *rows = NULL;

	*who = NULL;
	if (strlen(token) <= 128) {
		accounts_token_hash(token, hash);
		if (db_exec(s->c, DB_RESET_LOOKUP,
			(struct db_param[]){ DBP_TEXT(hash), DBP_TEXT(time_iso(s->now, now)) },
			2, &rows, e) < 0)
			return -1;
		*who = json_incref(json_array_get(rows, 0));
		json_decref(rows);
	}
	if (*who == NULL) {
		err_set(e, ERR_NOT_FOUND, "no working reset link");
		return -1;
	}
	return 0;
}

/* Judge the new password for the account who into pr. */
static void
check_new(struct svc *s, json_t *who, const char *password, const char *repeat,
    struct svc_problems *pr)
{
	enum password_problem pp;
	char key[64];

	pp = account_password_check(password,
	    json_string_value(json_object_get(who, "full_name")),
	    json_string_value(json_object_get(who, "email")));
	if (pp != PW_OK) {
		snprintf(key, sizeof(key), "password.%s", password_problem_key(pp));
		svc_problem(pr, "password", svc_msg(s, key));
	} else if (strcmp(password, repeat) != 0)
		svc_problem(pr, "repeat", svc_msg(s, "account.repeat_differs"));
}

/*
 * Inside the transaction: spend the link of who (404 when a concurrent use
 * came first), store hash, forget the account's guessing counters (its
 * person has just proved who they are) and audit it as their own act.
 */
static int
reset_spend(struct svc *s, json_t *who, const char *hash, struct err *e)
{
	struct svc as = *s;
	char now[TIME_ISO_LEN], key[340];
	int64_t uid = json_integer_value(json_object_get(who, "user_id"));
	int64_t rid = json_integer_value(json_object_get(who, "reset_id"));
	int64_t revoked = 0;
	json_t *rows = NULL;
	size_t n;

	if (db_exec(s->c, DB_RESET_USE,
		(struct db_param[]){ DBP_INT(rid), DBP_TEXT(time_iso(s->now, now)) }, 2,
		&rows, e) < 0)
		return -1;
	n = json_array_size(rows);
	json_decref(rows);
	if (n == 0) {
		err_set(e, ERR_NOT_FOUND, "no working reset link");
		return -1;
	}
	as.actor_id = uid;
	as.actor = json_string_value(json_object_get(who, "email"));
	if (accounts_password_store(s, uid, hash, &revoked, e) < 0)
		return -1;
	snprintf(key, sizeof(key), "pw:%lld", (long long)uid);
	if (throttle_clear(s->c, key, e) < 0)
		return -1;
	memcpy(key, "user:", 5);
	if (account_email_key(as.actor, key + 5, sizeof(key) - 5) == 0 &&
	    throttle_clear(s->c, key, e) < 0)
		return -1;
	return svc_audit_new(&as, "user.password_reset", "user", uid,
	    json_pack("{s:I, s:I}", "reset_id", (json_int_t)rid, "tokens_revoked",
		(json_int_t)revoked),
	    e);
}

int
accounts_password_reset(struct svc *s, const char *token, const char *password,
    const char *repeat, int64_t *user_id, struct svc_problems *pr, struct err *e)
{
	char hash[ACCOUNT_HASH_BYTES];
	json_t *who = NULL;

	pr->count = 0;
	*user_id = 0;
	if (accounts_reset_find(s, token, &who, e) < 0)
		return -1;
	check_new(s, who, password, repeat, pr);
	if (pr->count > 0) {
		json_decref(who);
		return svc_refuse(pr, e);
	}
	/* The slow hash before the write begins: no lock waits on it. */
	if (accounts_password_hash(password, hash, e) < 0 || svc_begin(s, e) < 0)
		goto fail;
	if (reset_spend(s, who, hash, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		goto fail;
	}
	*user_id = json_integer_value(json_object_get(who, "user_id"));
	json_decref(who);
	return 0;
fail:
	json_decref(who);
	return -1;
}
