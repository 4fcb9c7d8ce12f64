/*
 * svc.c - contexts for services run off-line (command line, demo).
 */
#include <string.h>

#include "svc/svc.h"

void
svc_cli(struct svc *s, struct principal *p, struct db_conn *c, struct arena *a,
    int64_t actor_id, const char *actor, time_t now, const char *data_dir,
    const char *public_url)
{
	static const struct grant national_admin = {
		.role = ROLE_ADMIN, .scope = SCOPE_NATIONAL, .scope_id = 0,
	};

	memset(p, 0, sizeof(*p));
	p->user_id = actor_id;
	p->grants = &national_admin;
	p->grant_count = 1;
	*s = (struct svc){ .c = c, .arena = a, .who = p, .actor_id = actor_id,
	    .actor = actor, .request_id = NULL, .now = now, .lang = LANG_ID,
	    .data_dir = data_dir, .public_url = public_url };
}
