/*
 * account_self.c - what signed-in users do to their own account
 * (accounts.h): change the password, create and revoke API tokens, end a
 * session. The policy's rule for one's own user record (view and edit it)
 * is asked inside each write, so that nothing here reaches another user.
 * A new password, whoever sets it, ends the account's sessions and
 * revokes its API tokens: whoever knew the old one, or holds a token made
 * with it, is out.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "svc/accounts.h"
#include "svc/audit.h"
#include "svc/throttle.h"
#include "base/timefmt.h"
#include "core/account.h"

/* May the actor change their own account? */
static int
may_edit_self(struct svc *s, struct err *e)
{
	struct object_ref self = { .type = OBJ_USER, .id = s->actor_id };

	if (s->actor_id == 0) {
		err_set(e, ERR_NOT_FOUND, "no account acts");
		return -1;
	}
	return svc_authorize(s, ACT_EDIT, &self, e);
}

/* The refusal of a change while wrong current passwords have locked it,
 * for wait more seconds. */
static int
current_locked(struct svc *s, long wait, struct err *e)
{
	const char *msg = i18n_fill(s->arena, svc_msg(s, "account.current_locked"),
	    (wait + 59) / 60);

	err_set(e, ERR_RATE_LIMITED, "%s", msg != NULL ? msg : "");
	return -1;
}

/* Count a wrong current password against key; the lock it may bring is
 * recorded once. */
static int
current_wrong(struct svc *s, const char *key, struct err *e)
{
	bool locked = false;

	if (throttle_fail(s->c, key, &throttle_account, s->now, &locked, e) < 0)
		return -1;
	if (!locked)
		return 0;
	if (svc_begin(s, e) < 0)
		return -1;
	return svc_audit_commit(s, "user.password_locked", "user", s->actor_id, NULL, e);
}

/* Judge the change into pr: the current password (counted against key),
 * the new one, the repetition, the first that is wrong. -1 with e on a
 * database error. */
static int
check_change(struct svc *s, const char *key, const char *current, const char *password,
    const char *repeat, struct svc_problems *pr, struct err *e)
{
	json_t *rows = NULL, *user = NULL;
	enum password_problem pp;
	const char *stored;
	char msg_key[64];
	bool ok;

	if (db_exec(s->c, DB_USER_PASSWORD_HASH,
		(struct db_param[]){ DBP_INT(s->actor_id) }, 1, &rows, e) < 0 ||
	    db_exec(s->c, DB_USER_GET, (struct db_param[]){ DBP_INT(s->actor_id) }, 1,
		&user, e) < 0) {
		json_decref(rows);
		return -1;
	}
	stored = json_string_value(json_object_get(json_array_get(rows, 0), "password_hash"));
	ok = stored != NULL && crypto_pwhash_str_verify(stored, current, strlen(current)) == 0;
	pp = account_password_check(password,
	    json_string_value(json_object_get(json_array_get(user, 0), "full_name")),
	    json_string_value(json_object_get(json_array_get(user, 0), "email")));
	json_decref(rows);
	json_decref(user);
	/* The right current password is what the count guards: it clears
	 * the count even when the new password is refused. */
	if (ok ? throttle_clear(s->c, key, e) < 0 : current_wrong(s, key, e) < 0)
		return -1;
	if (!ok)
		svc_problem(pr, "current", svc_msg(s, "account.current_wrong"));
	else if (pp != PW_OK) {
		snprintf(msg_key, sizeof(msg_key), "password.%s", password_problem_key(pp));
		svc_problem(pr, "password", svc_msg(s, msg_key));
	} else if (strcmp(password, repeat) != 0)
		svc_problem(pr, "repeat", svc_msg(s, "account.repeat_differs"));
	return 0;
}

int
accounts_password_store(struct svc *s, int64_t id, const char *hash,
    int64_t *tokens_revoked, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_USER_SET_PASSWORD,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(hash), DBP_TEXT(now) }, 3,
		NULL, e) < 0 ||
	    db_exec(s->c, DB_SESSION_END_ALL,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now), DBP_INT(0) }, 3, NULL, e) < 0 ||
	    db_exec(s->c, DB_TOKEN_REVOKE_ALL,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now) }, 2, &rows, e) < 0)
		return -1;
	*tokens_revoked = (int64_t)json_array_size(rows);
	json_decref(rows);
	return 0;
}

int
accounts_password_change(struct svc *s, const char *current, const char *password,
    const char *repeat, long *wait, struct svc_problems *pr, struct err *e)
{
	char hash[ACCOUNT_HASH_BYTES], key[32];
	int64_t revoked = 0;

	pr->count = 0;
	*wait = 0;
	if (may_edit_self(s, e) < 0)
		return -1;
	/* The attempt is counted before the slow check, so that attempts
	 * sent at once cannot all pass. */
	snprintf(key, sizeof(key), "pw:%lld", (long long)s->actor_id);
	if (throttle_reserve(s->c, key, &throttle_account, s->now, wait, e) < 0)
		return -1;
	if (*wait > 0)
		return current_locked(s, *wait, e);
	if (check_change(s, key, current, password, repeat, pr, e) < 0)
		return -1;
	if (pr->count > 0)
		return svc_refuse(pr, e);
	if (accounts_password_hash(password, hash, e) < 0)
		return -1;
	if (svc_begin(s, e) < 0)
		return -1;
	if (may_edit_self(s, e) < 0 ||
	    accounts_password_store(s, s->actor_id, hash, &revoked, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return svc_audit_commit(s, "user.password_change", "user", s->actor_id,
	    json_pack("{s:I}", "tokens_revoked", (json_int_t)revoked), e);
}

/* Whether the actor may hold one more active token: 0, or -1 with e
 * (ERR_REFUSED, saying to revoke an old one first). Inside the creating
 * transaction, where PostgreSQL's count locks the account's row. */
static int
token_room(struct svc *s, struct err *e)
{
	int64_t active;
	const char *msg;
	char now[TIME_ISO_LEN];

	if (db_exec_int(s->c, DB_TOKEN_COUNT,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(time_iso(s->now, now)) },
		2, "n", &active, e) < 0)
		return -1;
	if (active < ACCOUNT_TOKEN_MAX)
		return 0;
	msg = i18n_fill(s->arena, i18n_get(s->lang, "account.token_limit"), ACCOUNT_TOKEN_MAX);
	err_set(e, ERR_REFUSED, "%s", msg != NULL ? msg : "");
	return -1;
}

/* The token's life in seconds, or 0 when days is not a life offered. */
static time_t
token_life(int days)
{
	return days == 30 || days == 90 || days == 365 ? (time_t)days * 24 * 3600 : 0;
}

int
accounts_token_create(struct svc *s, const struct token_input *in, const char **token,
    struct svc_problems *pr, struct err *e)
{
	char hash[65], now[TIME_ISO_LEN], until[TIME_ISO_LEN], prefix[13];
	json_t *rows = NULL;
	char *t;

	*token = NULL;
	pr->count = 0;
	if (token_life(in->days) == 0)
		svc_problem(pr, "days", svc_msg(s, "account.token_days_invalid"));
	if (in->scope >= TOKEN_SCOPE_MAX)
		svc_problem(pr, "scope", svc_msg(s, "account.token_scope_invalid"));
	if (pr->count > 0)
		return svc_refuse(pr, e);
	if ((t = accounts_token_new(s->arena, ACCOUNT_TOKEN_PREFIX)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	accounts_token_hash(t, hash);
	snprintf(prefix, sizeof(prefix), "%.12s", t);
	time_iso(s->now, now);
	time_iso(s->now + token_life(in->days), until);
	if (svc_begin(s, e) < 0)
		return -1;
	if (may_edit_self(s, e) < 0 || token_room(s, e) < 0 ||
	    db_exec(s->c, DB_TOKEN_INSERT,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(in->name),
		    DBP_TEXT(hash), DBP_TEXT(prefix), DBP_TEXT(now), DBP_TEXT(until),
		    DBP_TEXT(token_scope_code(in->scope)) },
		7, &rows, e) < 0 ||
	    svc_audit_commit(s, "token.create", "api_token",
		json_integer_value(json_object_get(json_array_get(rows, 0), "id")),
		json_pack("{s:s, s:s, s:s, s:s}", "name", in->name, "prefix", prefix,
		    "scope", token_scope_code(in->scope), "expires_at", until),
		e) < 0) {
		json_decref(rows);
		svc_rollback(s);
		return -1;
	}
	json_decref(rows);
	*token = t;
	return 0;
}

/*
 * Run st ($1 id, $2 the actor, $3 now), which returns a row when it ended
 * something of the actor's, and audit action on object (type, object_id).
 */
static int
end_own(struct svc *s, enum db_stmt st, int64_t id, const char *action, const char *type,
    int64_t object_id, const char *none, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;

	if (svc_begin(s, e) < 0)
		return -1;
	if (may_edit_self(s, e) < 0 ||
	    db_exec(s->c, st,
		(struct db_param[]){ DBP_INT(id), DBP_INT(s->actor_id),
		    DBP_TEXT(time_iso(s->now, now)) },
		3, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		err_set(e, ERR_NOT_FOUND, "%s", none);
		goto fail;
	}
	json_decref(rows);
	return svc_audit_commit(s, action, type, object_id, NULL, e);
fail:
	json_decref(rows);
	svc_rollback(s);
	return -1;
}

int
accounts_token_revoke(struct svc *s, int64_t id, struct err *e)
{
	return end_own(s, DB_TOKEN_REVOKE, id, "token.revoke", "api_token", id,
	    "no such token of this user", e);
}

int
accounts_session_end(struct svc *s, int64_t id, struct err *e)
{
	return end_own(s, DB_SESSION_END, id, "session.end", "user", s->actor_id,
	    "no such session of this user", e);
}
