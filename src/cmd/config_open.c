/*
 * config_open.c - what a subcommand opens once its configuration is read:
 * the data directory, checked, and the database, with the file store its
 * configuration names.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/config.h"
#include "svc/file_store.h"

int
config_check_data_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			config_die(
			    "data directory '%s' does not exist: run 'p2ham "
			    "init' first, or point --data-dir / P2HAM_DATA_DIR at it",
			    dir);
		else
			config_die("data directory '%s' cannot be read: %s", dir,
			    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		config_die("data directory '%s' is not a directory; point "
			   "--data-dir / P2HAM_DATA_DIR at a directory",
		    dir);
		return -1;
	}
	if (access(dir, R_OK | W_OK | X_OK) < 0) {
		config_die("data directory '%s' is not writable by this user: %s; "
			   "fix its permissions or run as its owner",
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
config_make_dir(const char *path)
{
	if (mkdir(path, 0750) < 0 && errno != EEXIST) {
		config_die("cannot create directory '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

struct db *
config_open_conn(const struct config *c, const char *name, struct db_conn **conn)
{
	struct db *db;
	struct err e;

	if ((db = config_open_db(c)) == NULL)
		return NULL;
	err_clear(&e);
	if (db_check(db, &e) < 0 || (*conn = db_conn(db, &e)) == NULL) {
		config_die("%s%s%s", name != NULL ? name : "", name != NULL ? ": " : "", e.msg);
		db_close(db);
		return NULL;
	}
	return db;
}

struct db *
config_open_db(const struct config *c)
{
	struct err e;
	struct db *db;

	err_clear(&e);
	if ((db = db_open(c->db, &e)) == NULL) {
		config_die("%s", e.msg);
		return NULL;
	}
	file_store_use(&(struct file_store){ .kind = c->files != NULL
		? file_store_kind_parse(c->files)
		: db_backend(db) == DB_POSTGRES ? FILE_STORE_DB
						: FILE_STORE_DIR,
	    .data_dir = c->data_dir,
	    .db = db });
	return db;
}
