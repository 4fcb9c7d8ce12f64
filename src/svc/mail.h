/*
 * mail.h - the notifications' background thread: it delivers the e-mail
 * outbox through SMTP (libcurl) and runs the daily deadline job at the
 * configured hour of each time zone.
 *
 * Delivery is at most once. A sender claims a row (queued -> sending,
 * with its own name and the time) in a transaction of its own before it
 * talks to the SMTP server, and records the outcome after. When the
 * server refuses before the whole message was handed over, nothing can
 * have arrived: the row is queued again with exponential backoff (30 s,
 * doubled, at most six hours; given up after NOTIFY_MAIL_ATTEMPTS, or at
 * once on a permanent 5xx refusal). When the whole message was handed
 * over and the answer was lost (the connection broke, a timeout), or
 * when a server stopped or crashed while a row was claimed (found still
 * "sending" long after its claim), the outcome is unknown: the row is
 * marked "unknown" with an attempt saying so, and is never sent again by
 * itself, since sending it twice is worse than asking a person to look.
 * Every attempt is a row of mail_attempt.
 */
#ifndef P2HAM_SVC_MAIL_H
#define P2HAM_SVC_MAIL_H

#include <stdbool.h>

#include "base/err.h"
#include "db/db.h"

/* The settings; strings borrowed for the thread's life. */
struct mail_config {
	const char *url;        /* smtp://host:port or smtps://...; NULL:
				   no e-mail is queued or sent */
	const char *from;       /* the sender's address */
	const char *user;       /* SMTP login, or NULL */
	const char *password;   /* its password (from the environment), or NULL */
	const char *public_url; /* the site's address, for links */
	unsigned hour;          /* local hour of the daily deadline job */
};

/* Start the thread (curl_global_init first, from the main thread); -1
 * with e. */
int mail_worker_start(struct db *db, const struct mail_config *mc, struct err *e);
/* Ask it to stop (a transfer in progress is cut) and join it. */
void mail_worker_stop(void);

/* The sender's name in the outbox and the job's claims:
 * "host:pid:random", made once at start. */
const char *mail_worker_name(void);

/* "Name <addr>" or "addr": an address fit for a header (no line breaks,
 * no angle brackets inside, one @). */
bool mail_address_ok(const char *addr);

#endif
