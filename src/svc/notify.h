/*
 * notify.h - notifications as the services write and read them: an event
 * of a participation becomes, in the same transaction, one notification
 * per person the trigger table (core/notify.h) names and, when e-mail is
 * configured and the person has not turned the kind off, one message in
 * the outbox (delivered by svc/mail.c); the in-app list with its unread
 * count; each person's e-mail choices; the daily deadline job; the desk.
 */
#ifndef P2HAM_SVC_NOTIFY_H
#define P2HAM_SVC_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "base/err.h"
#include "core/notify.h"
#include "db/db.h"
#include "svc/svc.h"

/* Whether events write e-mail into the outbox: set once at start, before
 * any thread writes (by the server when --smtp-url is given). Off, nothing
 * is queued and nothing is sent. */
void notify_mail_enable(bool on);
bool notify_mail_enabled(void);

/*
 * Tell the people event (a timeline code of core/notify.h's table) on
 * participation pid concerns, inside s's transaction: nothing when the
 * table has no row for it. dedup (may be NULL) makes it once per person:
 * a notification with the same dedup is not written again. deadline
 * (ISO-8601 instant or YYYY-MM-DD, may be NULL) is named in the message.
 * -1 with e (the caller rolls back).
 */
int notify_event(struct svc *s, int64_t pid, const char *event, const char *dedup,
    const char *deadline, struct err *e);

/* The title and text of a notification of kind with params (as stored),
 * in l, in arena a. */
void notify_words(struct arena *a, enum lang l, const char *kind, json_t *params,
    const char **title, const char **text);

/* Unread notifications of user (the header's count); 0 on any error. */
long notify_unread(struct db_conn *c, int64_t user);

/* s's actor's newest notifications (at most 100), each with its words in
 * s->lang and its time: a new array, NULL with e. */
json_t *notify_list(struct svc *s, struct err *e);

/* Mark notification id of s's actor read (0 also when it was already);
 * 404 when it is not theirs. all: every unread one. */
int notify_mark_read(struct svc *s, int64_t id, struct err *e);
int notify_mark_all_read(struct svc *s, struct err *e);

/* s's actor's e-mail choices: {"lang", "off": [kind, ...]}; new, NULL
 * with e. */
json_t *notify_prefs_get(struct svc *s, struct err *e);
/* Save them: kinds turned off (codes; unknown ones ignored), language of
 * the e-mail. */
int notify_prefs_set(struct svc *s, const char *const *off, size_t count, enum lang lang,
    struct err *e);

/*
 * The daily deadline job for time zone zone at now: claims (job, local
 * day, zone) in the database unless again, so that among many servers one
 * runs it per day; then tells the unit of every stage window, revision
 * round and follow-up action of that zone's provinces ending within
 * NOTIFY_DEADLINE_DAYS, once per deadline. *ran says whether it ran,
 * *told how many notifications it wrote. -1 with e.
 */
int notify_daily(struct db_conn *c, int zone, time_t now, const char *server,
    const char *public_url, bool again, bool *ran, long *told, struct err *e);

/* The desk of s's actor: {"waiting": [...], "actions": [...],
 * "participations": [...]}, with dates in their units' zones and words in
 * s->lang; new, NULL with e. */
json_t *notify_desk(struct svc *s, struct err *e);

#endif
