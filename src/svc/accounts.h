/*
 * accounts.h - people and their rights, as services: creating a user,
 * activating and deactivating one, giving and taking roles (accounts.c),
 * and what a signed-in user does to their own account: changing the
 * password, creating and revoking API tokens, ending a session
 * (account_self.c). Each write checks the policy inside its own
 * transaction and leaves an audit entry; the pages, the command line and
 * the demo call the same functions. Signing in is not here: the sign-in
 * page starts sessions itself.
 */
#ifndef P2HAM_SVC_ACCOUNTS_H
#define P2HAM_SVC_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/policy.h"
#include "db/db.h"
#include "svc/svc.h"

#define ACCOUNT_TOKEN_PREFIX	"p2h_"	/* what every API token starts with */
#define ACCOUNT_TOKEN_MAX	20	/* active (not revoked) tokens per account */
#define ACCOUNT_HASH_BYTES	128	/* a stored password hash with its NUL
					   (libsodium's crypto_pwhash_STRBYTES) */

/*
 * Load user_id's grants into p (arena memory), each unit or participation
 * grant with the place of its unit: the policy needs it to tell who may
 * manage the holder, and an assignment opens its unit's record.
 */
int	accounts_load_grants(struct db_conn *c, struct arena *a, int64_t user_id,
	    struct principal *p, struct err *e);

/* A new random token: 32 bytes, base64url (43 characters), after prefix;
 * in a, NULL when out of memory. */
char	*accounts_token_new(struct arena *a, const char *prefix);
/* SHA-256 of token as lowercase hex (65 bytes with NUL): what is stored. */
void	accounts_token_hash(const char *token, char out[65]);

/* The stored form of password (argon2id), into hash; -1 with e. */
int	accounts_password_hash(const char *password, char hash[ACCOUNT_HASH_BYTES],
	    struct err *e);

/* A new account as the form, the command line or the demo gives it. */
struct user_input {
	const char *email;		/* sign-in address, required */
	const char *full_name;		/* required */
	const char *nip;		/* civil servant number; NULL or "": none */
	const char *phone;		/* NULL or "": none */
	int home_province;		/* the person's own province, 0: none */
	int64_t home_organization;	/* their employer, 0: none */
	const char *password;		/* judged by account_password_check */
	bool has_grant;			/* give grant with the account */
	struct grant grant;		/* its first role; its scope object need
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
int	accounts_user_create(struct svc *s, const struct user_input *in, int64_t *id,
	    struct svc_problems *pr, struct err *e);
/* 0 when the actor may create an account homed where in says; else -1
 * with e (404/403): for a form refused before reaching the service. */
int	accounts_user_may_create(struct svc *s, const struct user_input *in,
	    struct err *e);

/*
 * 0 when user id exists and the actor may do act on them (the policy sees
 * the grants they hold); else -1 with e: 404 for a user who does not
 * exist or lies outside the actor's view, 403 when seen but not allowed.
 */
int	accounts_user_reach(struct svc *s, int64_t id, enum action act, struct err *e);

/* Activate or deactivate user id (ACT_USER_MANAGE); deactivating ends
 * their sessions and is refused for oneself (409). */
int	accounts_user_set_active(struct svc *s, int64_t id, bool active, struct err *e);

/*
 * Give g to user id (ACT_ROLE_GRANT on them, then policy_may_grant for g
 * itself). Refused (ERR_INVALID, problem on "scope_id") when g is not a
 * valid grant, names an unknown province or scope object, or is wider
 * than the actor may give. Giving a grant held already changes nothing.
 */
int	accounts_role_grant(struct svc *s, int64_t id, const struct grant *g,
	    struct svc_problems *pr, struct err *e);

/* Take grant grant_id from user id: the same right as giving it (403
 * otherwise); 404 when user id holds no such grant. */
int	accounts_role_revoke(struct svc *s, int64_t id, int64_t grant_id, struct err *e);

/*
 * Change the actor's own password: current must be right, password
 * acceptable and equal to repeat (each refused with its field's problem).
 * Ends every session of the actor; the caller starts a fresh one for the
 * browser it answers.
 */
int	accounts_password_change(struct svc *s, const char *current, const char *password,
	    const char *repeat, struct svc_problems *pr, struct err *e);

/* Create an API token called name for the actor; *token receives it (in
 * s->arena), the only time it is seen: the database keeps its hash. */
int	accounts_token_create(struct svc *s, const char *name, const char **token,
	    struct err *e);
/* Revoke the actor's token id; 404 when they hold no such live token. */
int	accounts_token_revoke(struct svc *s, int64_t id, struct err *e);
/* End the actor's session id; 404 when they have no such live session. */
int	accounts_session_end(struct svc *s, int64_t id, struct err *e);

#endif
