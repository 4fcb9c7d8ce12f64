/*
 * version.c - the data's version known in the process (see db_version_follow
 * in db.h). On PostgreSQL a thread holds one connection of its own that
 * LISTENs to the channel each audit entry notifies at its commit; while it
 * is connected db->version follows every write of every server and command,
 * and when it is not, db->version is -1 and readers ask the database. On
 * SQLite inotify watches the database's directory. A commit writes the
 * -wal file (or the file itself) before other connections can see it, so
 * its events may be drained and the old version read again before the
 * commit shows; therefore every process of this program that commits an
 * audit entry also touches the file's marker ("<file>-version") once the
 * commit is visible, and that later event makes readers read again. A
 * reader that finds no event queued knows that nothing it can see has
 * committed since the version was last read.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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
	int wake[2];   /* a byte written to wake[1] asks the thread to end */
	bool running;  /* thread was started */
	struct db *db; /* whose version it keeps */
	/* SQLite: */
	int ino;                /* inotify on the file's directory, or -1 */
	char name[256];         /* the file's name in that directory */
	pthread_mutex_t lock;   /* orders draining ino with epoch */
	_Atomic uint64_t epoch; /* drains that found events, changed under lock */
};

void
db_version_raise(struct db *db, int64_t v)
{
	int64_t cur = atomic_load(&db->version);

	while (cur >= 0 && cur < v && !atomic_compare_exchange_weak(&db->version, &cur, v))
		;
}

/* The marker a SQLite commit touches (see the top of the file). */
static void
marker_touch(const struct db *db)
{
	char path[4200];
	int fd;

	if (snprintf(path, sizeof(path), "%s-version", db->location) >= (int)sizeof(path))
		return;
	if (utimensat(AT_FDCWD, path, NULL, 0) == 0 || errno != ENOENT)
		return; /* a marker this process may not touch: its own server reads */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) >= 0)
		close(fd);
}

void
db_version_committed(struct db *db, int64_t v)
{
	db_version_raise(db, v);
	if (db->backend == DB_SQLITE && strcmp(db->location, ":memory:") != 0)
		marker_touch(db);
}

/* Make the version known as at least v (after LISTEN and a fresh read). */
static void
version_settle(struct db *db, int64_t v)
{
	int64_t cur = atomic_load(&db->version);

	while (cur < v && !atomic_compare_exchange_weak(&db->version, &cur, v))
		;
}

/* True when events are queued on f->ino (an error says so too: the
 * caller reads the version again rather than trust it). */
static bool
events_queued(const struct db_follow *f)
{
	int n = 0;

	return ioctl(f->ino, FIONREAD, &n) < 0 || n > 0;
}

/* True when an event about the database's files was queued on f->ino;
 * drains them all. Called under f->lock. */
static bool
files_written(struct db_follow *f)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	bool written = false;
	ssize_t n;
	size_t len = strlen(f->name);

	if (!events_queued(f))
		return false;
	/* Unknown before the events leave the queue: a reader that finds
	 * the queue empty without the lock then finds -1, not the version
	 * from before the commit whose event is being drained. */
	atomic_store(&f->db->version, -1);
	while ((n = read(f->ino, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			/* "x.db", "x.db-wal", "x.db-journal"; an overflow names none. */
			if (ev->len == 0 || strncmp(ev->name, f->name, len) == 0)
				written = true;
		}
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		written = true;
	return written;
}

int64_t
db_version_known(struct db *db, uint64_t *epoch)
{
	struct db_follow *f = db->follow;
	int64_t v;

	*epoch = 0;
	if (db->backend != DB_SQLITE || f == NULL)
		return atomic_load(&db->version);
	/* Nothing queued: no commit has become visible since the version
	 * was learnt (or it is being drained, and the version is -1). Every
	 * request asks, so this path takes no lock: with the lock, a holder
	 * put off the processor held up the other workers behind it. */
	if (!events_queued(f)) {
		*epoch = atomic_load(&f->epoch);
		return atomic_load(&db->version);
	}
	pthread_mutex_lock(&f->lock);
	if (files_written(f)) {
		f->epoch++;
		atomic_store(&db->version, -1);
	}
	*epoch = f->epoch;
	v = atomic_load(&db->version);
	pthread_mutex_unlock(&f->lock);
	return v;
}

void
db_version_learnt(struct db *db, uint64_t epoch, int64_t v)
{
	struct db_follow *f = db->follow;

	if (db->backend != DB_SQLITE || f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	/* Only when no write was seen since epoch was taken, before v was
	 * read: a write seen later may be in v or not. */
	if (files_written(f)) {
		f->epoch++;
		atomic_store(&db->version, -1);
	} else if (f->epoch == epoch) {
		version_settle(db, v);
	}
	pthread_mutex_unlock(&f->lock);
}

/* SQLite: watch the directory of the file (its -wal comes and goes). */
static int
sqlite_follow_start(struct db *db, struct err *e)
{
	struct db_follow *f = calloc(1, sizeof(*f));
	const char *slash = strrchr(db->location, '/');
	char dir[4096];

	if (f == NULL) {
		err_set(e, ERR_DB, "out of memory");
		return -1;
	}
	f->db = db;
	f->wake[0] = f->wake[1] = f->ino = -1;
	snprintf(f->name, sizeof(f->name), "%s", slash != NULL ? slash + 1 : db->location);
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - db->location + 1),
		    db->location);
	if (strcmp(db->location, ":memory:") == 0 ||
	    (f->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0 ||
	    inotify_add_watch(f->ino, dir,
		IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_TO |
		    IN_MOVED_FROM | IN_CLOSE_WRITE) < 0) {
		if (f->ino >= 0)
			close(f->ino);
		free(f);
		return 0; /* read per request */
	}
	pthread_mutex_init(&f->lock, NULL);
	db->follow = f;
	return 0;
}

bool
db_version_note(struct db_conn *c, int64_t seq)
{
	bool first = c->version_due == 0;

	if (!c->in_tx) {
		db_version_committed(c->db, seq);
		return true;
	}
	if (seq > c->version_due)
		c->version_due = seq;
	return first;
}

int
db_version_follow(struct db *db, struct err *e)
{
	if (db->follow != NULL)
		return 0;
	if (db->backend == DB_SQLITE)
		return sqlite_follow_start(db, e);
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
	if (db->backend == DB_SQLITE) {
		close(f->ino);
		pthread_mutex_destroy(&f->lock);
		free(f);
		db->follow = NULL;
		atomic_store(&db->version, -1);
		return;
	}
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
