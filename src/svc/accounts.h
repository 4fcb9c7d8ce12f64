/*
 * accounts.h - people and their rights, as services: creating a user,
 * activating and deactivating one, giving and taking roles (accounts.c),
 * what a signed-in user does to their own account: changing the
 * password, creating and revoking API tokens, ending a session
 * (account_self.c), and password reset links: made by whoever manages the
 * account, spent by the person who holds one (password_reset.c). Each
 * write checks the policy inside its own transaction and leaves an audit
 * entry; the pages, the command line and the demo call the same
 * functions. Signing in is not here: the sign-in page starts sessions
 * itself.
 */
#ifndef P2HAM_SVC_ACCOUNTS_H
#define P2HAM_SVC_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/account.h"
#include "core/policy.h"
#include "db/db.h"
#include "svc/svc.h"

/* clang-format off */
#define ACCOUNT_TOKEN_PREFIX	"p2h_"	/* what every API token starts with */
#define ACCOUNT_TOKEN_MAX	20	/* active (not revoked) tokens per account */
#define ACCOUNT_HASH_BYTES	128	/* a stored password hash with its NUL
					   (libsodium's crypto_pwhash_STRBYTES) */
#define ACCOUNT_TOKEN_DAYS	90	/* an API token's life unless chosen */
#define ACCOUNT_TOKEN_SHOWN_DAYS 30	/* expired tokens stay listed so long */
#define ACCOUNT_RESET_TTL	(24 * 3600)	/* a reset link works so long */
#define ACCOUNT_RESET_PATH	"/sandi/atur/"	/* a reset link's path before
						   its token */
/* clang-format on */

/* A new random token: 32 bytes, base64url (43 characters), after prefix;
 * in a, NULL when out of memory. */
char *accounts_token_new(struct arena *a, const char *prefix);
/* SHA-256 of token as lowercase hex (65 bytes with NUL): what is stored. */
void accounts_token_hash(const char *token, char out[65]);

/* The stored form of password (argon2id), into hash; -1 with e. */
int
accounts_password_hash(const char *password, char hash[ACCOUNT_HASH_BYTES], struct err *e);

/* A new account as the form, the command line or the demo gives it. */
struct user_input {
	const char *email;         /* sign-in address, required */
	const char *full_name;     /* required */
	const char *nip;           /* civil servant number; NULL or "": none */
	const char *phone;         /* NULL or "": none */
	int home_province;         /* the person's own province, 0: none */
	int64_t home_organization; /* their employer, 0: none */
	const char *password;      /* judged by account_password_check */
	const char *password_hash; /* its hash made already by the caller
				      (accounts_password_hash), for many
				      accounts of one password; NULL: hashed
				      here */
	bool has_grant;            /* give grant with the account */
	struct grant grant;        /* its first role; its scope object need
				      not exist yet (the command line may
				      prepare accounts before the registry
				      is loaded) */
};

/*
 * Create the account in (policy: ACT_USER_MANAGE at its home) and its
 * first grant, each with an audit entry, in one transaction; *id receives
 * the new id. -1 with e: a refusal (ERR_INVALID) with the field's problem
 * in pr (nip, home_province, password, email taken, a home_organization
 * that is neither national nor in the actor's view; scope_id for the
 * grant), or 404/403, or a database error.
 */
int accounts_user_create(struct svc *s, const struct user_input *in, int64_t *id,
    struct svc_problems *pr, struct err *e);
/* 0 when the actor may create an account homed where in says; else -1
 * with e (404/403): for a form refused before reaching the service. */
int accounts_user_may_create(struct svc *s, const struct user_input *in, struct err *e);

/*
 * 0 when user id exists and the actor may do act on them (the policy sees
 * the grants they hold); else -1 with e: 404 for a user who does not
 * exist or lies outside the actor's view, 403 when seen but not allowed.
 */
int accounts_user_reach(struct svc *s, int64_t id, enum action act, struct err *e);

/* Activate or deactivate user id (ACT_USER_MANAGE); deactivating ends
 * their sessions and is refused for oneself (409). */
int accounts_user_set_active(struct svc *s, int64_t id, bool active, struct err *e);

/*
 * Give g to user id (ACT_ROLE_GRANT on them, then policy_may_grant for g
 * itself). Refused (ERR_INVALID, problem on "scope_id") when g is not a
 * valid grant, names an unknown province or scope object, or is wider
 * than the actor may give. Giving a grant held already changes nothing.
 */
int accounts_role_grant(struct svc *s, int64_t id, const struct grant *g,
    struct svc_problems *pr, struct err *e);

/* Take grant grant_id from user id: the same right as giving it (403
 * otherwise); 404 when user id holds no such grant. */
int accounts_role_revoke(struct svc *s, int64_t id, int64_t grant_id, struct err *e);

/*
 * Change the actor's own password: current must be right, password
 * acceptable and equal to repeat (each refused with its field's problem).
 * Wrong current passwords are counted per account (throttle_account, key
 * "pw:<id>"): past them the change is refused with ERR_RATE_LIMITED, even
 * with the right one, and *wait receives the seconds until it may be
 * tried again (0 otherwise). Ends every session of the actor and revokes
 * every API token; the caller starts a fresh session for the browser it
 * answers.
 */
int accounts_password_change(struct svc *s, const char *current, const char *password,
    const char *repeat, long *wait, struct svc_problems *pr, struct err *e);

/*
 * Store hash as user id's password, end every session of theirs and
 * revoke every API token (*tokens_revoked receives how many), inside the
 * caller's transaction: what every new password brings.
 */
int accounts_password_store(struct svc *s, int64_t id, const char *hash,
    int64_t *tokens_revoked, struct err *e);

/* A new API token as the form or a client asks for it. */
struct token_input {
	const char *name; /* to recognise it in the list */
	int days;         /* its life: 30, 90 or 365 */
	enum token_scope scope;
};

/* Create the API token in for the actor; *token receives it (in
 * s->arena), the only time it is seen: the database keeps its hash. A
 * life other than 30, 90 or 365 days is refused (ERR_INVALID, problem on
 * "days"). */
int accounts_token_create(struct svc *s, const struct token_input *in, const char **token,
    struct svc_problems *pr, struct err *e);
/* Revoke the actor's token id; 404 when they hold no such live token. */
int accounts_token_revoke(struct svc *s, int64_t id, struct err *e);
/* End the actor's session id; 404 when they have no such live session. */
int accounts_session_end(struct svc *s, int64_t id, struct err *e);

/*
 * A new password reset link for user id (ACT_USER_MANAGE on them; 409 for
 * an inactive account), voiding their older unused links: *url receives
 * s->public_url + ACCOUNT_RESET_PATH + a token of 256 random bits, *expires
 * the time it stops working (ISO, ACCOUNT_RESET_TTL from now), both in
 * s->arena; the database keeps only the token's SHA-256. Audited.
 */
int accounts_reset_create(struct svc *s, int64_t id, const char **url,
    const char **expires, struct err *e);

/* The account a reset link's token opens, as {"user_id", "email",
 * "full_name", "expires_at"} (new reference, *who), when the link still
 * works; else -1 with e 404 saying only that the link does not work
 * (unknown, used, replaced or expired alike). */
int accounts_reset_find(struct svc *s, const char *token, json_t **who, struct err *e);

/*
 * Spend a reset link: password acceptable for its account and equal to
 * repeat (else ERR_INVALID with the field's problem, the link unspent),
 * then in one transaction mark the link used, set the password, end every
 * session, revoke every API token and audit it as the account's own
 * act. -1 with e 404 when the link does not work (see
 * accounts_reset_find); *user_id receives the account.
 */
int accounts_password_reset(struct svc *s, const char *token, const char *password,
    const char *repeat, int64_t *user_id, struct svc_problems *pr, struct err *e);

#endif
