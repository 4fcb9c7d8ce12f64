/*
 * seen.c - last use of sessions and tokens, written in the background
 * (see seen.h). Requests append to a bounded array under a lock; the
 * thread swaps it for an empty one and writes the notes in one
 * transaction.
 */
#include <pthread.h>
#include <stdlib.h>

#include "base/log.h"
#include "base/ticker.h"
#include "base/timefmt.h"
#include "svc/seen.h"

struct note {
	int64_t id;
	time_t at;
	bool token;
};

static struct {
	pthread_mutex_t lock; /* guards notes and count */
	struct note *notes;   /* SEEN_PENDING_MAX of them */
	size_t count;
	struct db *db;
	struct ticker t;
	bool running;
} s = { .lock = PTHREAD_MUTEX_INITIALIZER, .t = TICKER_INIT };

/* The notes so far, taken out (NULL when none); the caller frees them. */
static struct note *
take(size_t *n)
{
	struct note *fresh, *got;

	pthread_mutex_lock(&s.lock);
	*n = s.count;
	pthread_mutex_unlock(&s.lock);
	if (*n == 0 || (fresh = calloc(SEEN_PENDING_MAX, sizeof(*fresh))) == NULL)
		return NULL;
	pthread_mutex_lock(&s.lock);
	got = s.notes;
	*n = s.count;
	s.notes = fresh;
	s.count = 0;
	pthread_mutex_unlock(&s.lock);
	return got;
}

static int
write_notes(struct db_conn *c, const struct note *n, size_t count, struct err *e)
{
	char iso[TIME_ISO_LEN];
	size_t i;

	if (db_begin(c, e) < 0)
		return -1;
	for (i = 0; i < count; i++)
		if (db_exec(c, n[i].token ? DB_TOKEN_TOUCH : DB_SESSION_TOUCH,
			(struct db_param[]){ DBP_INT(n[i].id), DBP_TEXT(time_iso(n[i].at, iso)) },
			2, NULL, e) < 0) {
			db_rollback(c);
			return -1;
		}
	return db_commit(c, e);
}

/* Write what is noted now, in the caller's thread; on failure the notes
 * are given up, and logged. */
static void
flush(void)
{
	struct db_conn *c;
	struct note *n;
	struct err e;
	size_t count;

	if ((n = take(&count)) == NULL)
		return;
	err_clear(&e);
	if ((c = db_conn(s.db, &e)) == NULL || write_notes(c, n, count, &e) < 0)
		log_warn("event=seen_failed notes=%zu msg=\"%s\"", count, e.msg);
	free(n);
}

static void *
seen_main(void *arg)
{
	(void)arg;
	while (ticker_sleep(&s.t, 1))
		flush();
	return NULL;
}

int
seen_start(struct db *db, struct err *e)
{
	if (s.running)
		return 0;
	if (s.notes == NULL && (s.notes = calloc(SEEN_PENDING_MAX, sizeof(*s.notes))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	s.db = db;
	if (ticker_start(&s.t, seen_main, NULL) < 0) {
		err_set(e, ERR_INTERNAL, "cannot start the last-use thread");
		return -1;
	}
	pthread_mutex_lock(&s.lock);
	s.running = true;
	pthread_mutex_unlock(&s.lock);
	return 0;
}

void
seen_stop(void)
{
	if (!s.t.started)
		return;
	pthread_mutex_lock(&s.lock);
	s.running = false; /* notes from now on are the caller's to write */
	pthread_mutex_unlock(&s.lock);
	ticker_stop(&s.t);
	flush();
}

bool
seen_note(bool token, int64_t id, time_t now)
{
	bool noted = false;

	pthread_mutex_lock(&s.lock);
	if (s.running && s.count < SEEN_PENDING_MAX) {
		s.notes[s.count++] = (struct note){ .id = id, .at = now, .token = token };
		noted = true;
	}
	pthread_mutex_unlock(&s.lock);
	return noted;
}
