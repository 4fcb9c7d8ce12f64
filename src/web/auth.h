/*
 * auth.h - who is asking: the sign-in session cookie or an API bearer token
 * resolved into a user with their role grants, CSRF tokens for forms, and
 * the start and end of sessions.
 */
#ifndef P2HAM_AUTH_H
#define P2HAM_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/policy.h"
#include "db/db.h"
#include "http/request.h"

#define SESSION_COOKIE "p2ham_sid"
#define CSRF_COOKIE "p2ham_csrf"   /* double-submit token before sign-in */
#define CSRF_FIELD "csrf"          /* the form field that carries the token */
#define CSRF_HEADER "X-CSRF-Token" /* ... or the header of a script's post */

struct auth {
	int64_t user_id;            /* 0: the public */
	const char *email;          /* the signed-in user's, or NULL */
	const char *name;           /* full name, or NULL */
	int64_t session_id;         /* the cookie's session, 0 otherwise */
	int64_t token_id;           /* the bearer token, 0 otherwise */
	bool read_only;             /* the bearer token may only read
				       (GET and HEAD) */
	const char *csrf;           /* the token this user's forms carry */
	struct principal principal; /* grants, for the policy */
};

/*
 * Find the caller from the session cookie or the Authorization header and
 * attach a struct auth to req (the public when neither is valid). Returns -1
 * only when the database fails (e set, 503).
 */
int auth_resolve(struct request *req, struct err *e);

/* The caller; never NULL once auth_resolve has run. */
const struct auth *req_auth(const struct request *req);

/*
 * The CSRF check of a state-changing request: a bearer-token request needs
 * none; otherwise the form field must equal the session's token, or for the
 * public the double-submit cookie. Returns -1 with e set to 403.
 */
int auth_check_csrf(struct request *req, struct err *e);

/* The token a signed-in user's form carries: the session's CSRF token
 * masked afresh for this response (never the same bytes twice), or NULL. */
const char *auth_form_csrf(struct request *req);

/* The token a form for the public must carry (masked like
 * auth_form_csrf), setting its cookie on rep when the browser has none
 * yet. NULL when out of memory. */
const char *auth_public_csrf(struct request *req, struct reply *rep);

/* Start a session for user_id (cookie on rep); ends none. */
int auth_session_start(struct request *req, struct reply *rep, struct db_conn *c,
    int64_t user_id, struct err *e);
/* Tell the browser to forget its session cookie. */
void auth_session_clear(struct request *req, struct reply *rep);

/* The client's address as text (the proxy's X-Forwarded-For last hop when
 * the server is configured to trust it). */
const char *auth_client_addr(struct request *req);

#endif
