/*
 * svc.h - the context every service runs in: a connection, who acts, when,
 * where its memory lives, the installation it acts on and the language of
 * the sentences it returns. Services are functions of (struct svc *, input)
 * and know nothing of HTTP: the pages build a context from their request
 * (web_svc in web/app.h), the command line and the demo build their own
 * (svc_cli).
 */
#ifndef P2HAM_SVC_H
#define P2HAM_SVC_H

#include <stdint.h>
#include <time.h>

#include "base/arena.h"
#include "core/policy.h"
#include "db/db.h"
#include "view/i18n.h"

struct svc {
	struct db_conn *c;		/* the connection; writes run in its
					   transaction, opened by the caller */
	struct arena *arena;		/* what a service returns lives here */
	const struct principal *who;	/* the actor's grants, for the policy */
	int64_t actor_id;		/* users.id; 0 for the command line */
	const char *actor;		/* audit label: email, "cli", "demo" */
	const char *request_id;		/* for the audit entry; NULL off-line */
	time_t now;			/* the clock of this action */
	enum lang lang;			/* language of refusal sentences */
	const char *data_dir;		/* files, documents, the signing key */
	const char *public_url;		/* printed in documents' QR codes */
};

/*
 * A context for the command line or the demo: acting as actor (id 0 unless
 * actor_id is given) with the national admin's rights, at now. The
 * principal lives in *p, which the caller keeps alive with s.
 */
void	svc_cli(struct svc *s, struct principal *p, struct db_conn *c, struct arena *a,
	    int64_t actor_id, const char *actor, time_t now, const char *data_dir,
	    const char *public_url);

#endif
