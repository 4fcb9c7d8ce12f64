/*
 * version.c - the data's version known in the process (see db_version_follow
 * in db.h). On PostgreSQL a thread holds one connection of its own that
 * LISTENs to the channel each audit entry notifies at its commit; while it
 * is connected db->version follows every write of every server and command,
 * and when it is not, db->version is -1 and readers ask the database. On
 * SQLite nothing follows: the version is read per request.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "base/log.h"
#include "db/backend.h"

/* The channel AUDIT_NOTIFY (stmts.h) notifies, the entry's seq as payload. */
#define LISTEN_SQL "LISTEN p2ham_data"
/* Milliseconds between attempts while the database cannot be reached. */
#define RETRY_MS 1000

struct db_follow {
	pthread_t thread;
	int wake[2];       /* a byte written to wake[1] asks the thread to end */
	bool running;      /* thread was started */
	struct db *db;     /* whose version it keeps */
};

void
db_version_raise(struct db *db, int64_t v)
{
	int64_t cur = atomic_load(&db->version);

	while (cur >= 0 && cur < v && !atomic_compare_exchange_weak(&db->version, &cur, v))
		;
}

/* Make the version known as at least v (after LISTEN and a fresh read). */
static void
version_settle(struct db *db, int64_t v)
{
	int64_t cur = atomic_load(&db->version);

	while (cur < v && !atomic_compare_exchange_weak(&db->version, &cur, v))
		;
}

int64_t
db_version_known(struct db *db)
{
	return atomic_load(&db->version);
}

void
db_version_note(struct db_conn *c, int64_t seq)
{
	if (c->in_tx) {
		if (seq > c->version_due)
			c->version_due = seq;
	} else {
		db_version_raise(c->db, seq);
	}
}

int
db_version_follow(struct db *db, struct err *e)
{
	if (db->backend != DB_POSTGRES || db->follow != NULL)
		return 0;
	return db_follow_start(db, e);
}

/* True when the thread was asked to end, after waiting up to ms for it. */
static bool
told_to_end(struct db_follow *f, int ms)
{
	struct pollfd p = { .fd = f->wake[0], .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

/* Log why the listening connection is down. */
static void
listen_down(PGconn *h)
{
	char line[400];

	db_one_line(line, sizeof(line), h != NULL ? PQerrorMessage(h) : "out of memory");
	log_warn("event=db_listen state=down reason=\"%s\"", line);
}

/*
 * A listening connection whose version is settled, or NULL. Listening
 * starts before the head is read, so no commit falls between the two.
 */
static PGconn *
listen_open(struct db *db)
{
	static const char *const keys[] = { "dbname", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "application_name", NULL };
	const char *vals[] = { db->location, "1", "10", "5", "3", "p2ham-listen", NULL };
	PGconn *h = PQconnectdbParams(keys, vals, 1);
	PGresult *r = NULL;
	int64_t seq = 0;

	if (h == NULL || PQstatus(h) != CONNECTION_OK)
		goto fail;
	r = PQexec(h, LISTEN_SQL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto fail;
	PQclear(r);
	r = PQexec(h, db_stmt_sql(DB_AUDIT_SEQ, DB_POSTGRES));
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		goto fail;
	if (PQntuples(r) > 0)
		seq = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	version_settle(db, seq);
	log_info("event=db_listen state=up seq=%" PRId64, seq);
	return h;
fail:
	listen_down(h);
	PQclear(r);
	PQfinish(h);
	return NULL;
}

/* Take in h's notifications; -1 when h is broken. */
static int
listen_drain(struct db *db, PGconn *h)
{
	PGnotify *n;

	if (PQconsumeInput(h) == 0 || PQstatus(h) != CONNECTION_OK)
		return -1;
	while ((n = PQnotifies(h)) != NULL) {
		if (n->extra != NULL)
			db_version_raise(db, strtoll(n->extra, NULL, 10));
		PQfreemem(n);
	}
	return 0;
}

static void *
follow_main(void *arg)
{
	struct db_follow *f = arg;
	struct pollfd p[2];
	PGconn *h = NULL;

	for (;;) {
		if (h == NULL && (h = listen_open(f->db)) == NULL) {
			if (told_to_end(f, RETRY_MS))
				break;
			continue;
		}
		p[0] = (struct pollfd){ .fd = PQsocket(h), .events = POLLIN };
		p[1] = (struct pollfd){ .fd = f->wake[0], .events = POLLIN };
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents != 0)
			break;
		if (p[0].revents != 0 && listen_drain(f->db, h) < 0) {
			/* Unknown until listening again: readers ask. */
			atomic_store(&f->db->version, -1);
			listen_down(h);
			PQfinish(h);
			h = NULL;
		}
	}
	atomic_store(&f->db->version, -1);
	PQfinish(h);
	return NULL;
}

int
db_follow_start(struct db *db, struct err *e)
{
	struct db_follow *f = calloc(1, sizeof(*f));

	if (f == NULL || pipe(f->wake) < 0) {
		free(f);
		err_set(e, ERR_DB, "cannot start following the data version");
		return -1;
	}
	f->db = db;
	if (pthread_create(&f->thread, NULL, follow_main, f) != 0) {
		close(f->wake[0]);
		close(f->wake[1]);
		free(f);
		err_set(e, ERR_DB, "cannot start the thread that follows the data version");
		return -1;
	}
	f->running = true;
	db->follow = f;
	return 0;
}

void
db_follow_stop(struct db *db)
{
	struct db_follow *f = db->follow;
	ssize_t n;

	if (f == NULL)
		return;
	if (f->running) {
		do
			n = write(f->wake[1], "x", 1);
		while (n < 0 && errno == EINTR);
		pthread_join(f->thread, NULL);
	}
	close(f->wake[0]);
	close(f->wake[1]);
	free(f);
	db->follow = NULL;
	atomic_store(&db->version, -1);
}
