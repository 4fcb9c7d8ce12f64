/*
 * user.h - creating accounts outside the web interface (the command line
 * and the demo data).
 */
#ifndef P2HAM_CMD_USER_H
#define P2HAM_CMD_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/policy.h"
#include "db/db.h"

struct new_user {
	const char *email;	/* sign-in address, required */
	const char *name;	/* full name, required */
	const char *nip;	/* civil servant number or NULL */
	int province;		/* home province code, 0: none */
	int64_t organization;	/* home organization, 0: none */
	bool has_grant;		/* grant is to be given too */
	struct grant grant;	/* the role to give */
};

/*
 * Insert u with password (checked by the caller) and its grant, each with
 * its audit entry by actor, inside the caller's transaction; *id receives
 * the new user's id.
 */
int	user_create(struct db_conn *c, const struct new_user *u, const char *password,
	    const char *actor, int64_t *id, struct err *e);

#endif
