/*
 * dump.c - a consistent copy of the whole database into one file and back
 * (db_dump, db_restore in db.h): SQLite through its online backup API,
 * PostgreSQL through pg_dump and pg_restore in their custom format.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/backend.h"

/* Copy database main of from into to, in one step: the source is read in
 * one read transaction (writers go on in WAL mode), so the copy is what
 * one moment saw. */
static int
sqlite_copy(sqlite3 *to, sqlite3 *from, const char *what, struct err *e)
{
	sqlite3_backup *b;
	int rc;

	if ((b = sqlite3_backup_init(to, "main", from, "main")) == NULL) {
		err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(to));
		return -1;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		err_set(e, ERR_DB, "%s: %s", what, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* Open from and to and copy; to is created. */
static int
sqlite_file_copy(const char *from_path, int from_flags, const char *to_path,
    const char *what, struct err *e)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc = -1;

	if (sqlite3_open_v2(from_path, &from, from_flags, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(to_path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
		NULL) != SQLITE_OK) {
		err_set(e, ERR_DB, "%s: cannot open %s", what,
		    from == NULL || sqlite3_errcode(from) != SQLITE_OK ? from_path : to_path);
		goto done;
	}
	sqlite3_busy_timeout(from, 5000);
	sqlite3_busy_timeout(to, 5000);
	rc = sqlite_copy(to, from, what, e);
	/* A restored database goes on in WAL mode like any other. */
	if (rc == 0 && sqlite3_exec(to, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		rc = -1;
done:
	sqlite3_close(from);
	sqlite3_close(to);
	return rc;
}

/* Run argv (a PostgreSQL client program), its output to stderr; -1 with
 * e unless it exits 0. */
static int
run_tool(char *const argv[], struct err *e)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		err_set(e, ERR_DB, "cannot start %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "p2ham: cannot run %s: %s (Debian package postgresql-client)\n",
		    argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			err_set(e, ERR_DB, "waiting for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		err_set(e, ERR_DB, "%s failed (exit status %d); its message is above",
		    argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

int
db_dump(struct db *db, const char *path, struct err *e)
{
	char file[4200], dbname[8192];

	if (db->backend == DB_SQLITE)
		return sqlite_file_copy(db->location, SQLITE_OPEN_READONLY, path,
		    "backup of the SQLite database", e);
	if ((size_t)snprintf(file, sizeof(file), "--file=%s", path) >= sizeof(file) ||
	    (size_t)snprintf(dbname, sizeof(dbname), "--dbname=%s", db->location) >=
		sizeof(dbname)) {
		err_set(e, ERR_DB, "path too long");
		return -1;
	}
	/* One snapshot of the whole database: consistent whatever is
	 * written meanwhile. */
	return run_tool((char *const[]){ "pg_dump", "--format=custom", "--no-owner",
			    "--no-privileges", file, dbname, NULL },
	    e);
}

int
db_restore(struct db *db, const char *path, struct err *e)
{
	char dbname[8192];

	if (db->backend == DB_SQLITE)
		return sqlite_file_copy(path, SQLITE_OPEN_READONLY, db->location,
		    "restoring the SQLite database", e);
	if ((size_t)snprintf(dbname, sizeof(dbname), "--dbname=%s", db->location) >=
	    sizeof(dbname)) {
		err_set(e, ERR_DB, "location too long");
		return -1;
	}
	return run_tool((char *const[]){ "pg_restore", "--no-owner", "--no-privileges",
			    "--exit-on-error", "--single-transaction", dbname,
			    (char *)path, NULL },
	    e);
}
