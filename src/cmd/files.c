/*
 * files.c - "p2ham files migrate" moves an installation's uploaded files
 * and generated documents from one file store to the other, and "p2ham
 * files verify" rereads and hashes every content of the configured one
 * (svc/file_move.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/config.h"
#include "svc/file_move.h"

const char files_help[] =
    "usage: p2ham files migrate --to postgresql|dir [options]\n"
    "       p2ham files verify [options]\n\n"
    "migrate: copy every uploaded file and generated document from the other file\n"
    "store into the one named (the data directory, or the PostgreSQL database that\n"
    "every server reads): the contents of the source store and every content a row\n"
    "holds. Each one is read back from where it was written and its SHA-256\n"
    "checked. The source is left as it is; what is there already is not written\n"
    "again, so it may be run again, or stopped and run again. Then run the servers\n"
    "with --files set to the same store. Needs a PostgreSQL database.\n\n"
    "verify: read every content of the file store the servers use (env P2HAM_FILES\n"
    "as for serve's --files: postgresql with a PostgreSQL database, else dir) and\n"
    "check its SHA-256, and that every content and document a row holds is there;\n"
    "exits 1 naming each damaged or missing one.\n";

static int
take_to(int code, const char *arg, void *ctx)
{
	enum file_store_kind *to = ctx;

	if ((*to = file_store_kind_parse(arg)) == FILE_STORE_KIND_MAX) {
		config_die("files migrate: --to must be postgresql or dir, not '%s'", arg);
		return -1;
	}
	return 0;
}

/* The totals of n on one line. */
static void
print_counts(const char *what, const struct file_move_counts *n)
{
	printf("p2ham: %s: %ld copied, %ld there already, %ld checked, %ld missing, "
	       "%ld damaged (uploads: %ld copied, %ld there already; documents: %ld "
	       "copied, %ld there already)\n",
	    what, n->copied + n->docs_copied, n->present + n->docs_present,
	    n->checked + n->docs_checked, n->missing, n->damaged, n->copied, n->present,
	    n->docs_copied, n->docs_present);
}

static int
files_migrate(int argc, char **argv, const void *arg)
{
	enum file_store_kind to = FILE_STORE_KIND_MAX;
	const struct config_extra x = { CONFIG_ONE_OPTION("to", required_argument),
		"  --to STORE          postgresql or dir: the store to fill\n", take_to,
		&to, false };
	struct file_store dir = { .kind = FILE_STORE_DIR }, pg = { .kind = FILE_STORE_DB };
	struct file_move_counts n;
	struct db_conn *conn;
	struct config c;
	struct db *db;
	struct err e;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv, "Move the files to another file store.",
		false, &x, &rc) < 0)
		return rc;
	if (to == FILE_STORE_KIND_MAX) {
		config_die("files migrate: say where to: --to postgresql or --to dir");
		return 2;
	}
	if (!config_is_postgres(c.db)) {
		config_die(
		    "files migrate: the files can move only with a PostgreSQL database "
		    "(--db postgresql://...); with SQLite they stay in the data "
		    "directory");
		return 2;
	}
	if (config_check_data_dir(c.data_dir) < 0 ||
	    (db = config_open_conn(&c, "files migrate", &conn)) == NULL)
		return 1;
	dir.data_dir = pg.data_dir = c.data_dir;
	dir.db = pg.db = db;
	err_clear(&e);
	if (file_move(conn, to == FILE_STORE_DB ? &dir : &pg,
		to == FILE_STORE_DB ? &pg : &dir, &n, stderr, &e) < 0) {
		rc = config_die("files migrate: %s", e.msg);
	} else {
		print_counts(to == FILE_STORE_DB ? "files migrate --to postgresql"
						 : "files migrate --to dir",
		    &n);
		if (to == FILE_STORE_DB)
			printf(
			    "p2ham: the data directory is left as it was: remove "
			    "%s/files/?? and "
			    "%s/documents yourself once every server runs with --files "
			    "postgresql\n",
			    c.data_dir, c.data_dir);
		else
			printf(
			    "p2ham: the database's copies are left as they were; run the "
			    "server with --files dir\n");
		rc = n.missing > 0 || n.damaged > 0;
	}
	db_close(db);
	return rc;
}

static int
files_verify(int argc, char **argv, const void *arg)
{
	const struct file_store *st;
	struct file_move_counts n;
	struct db_conn *conn;
	struct config c;
	struct db *db;
	struct err e;
	int rc = 0;

	if (config_setup(&c, argc, argv, "Check every stored content's SHA-256.", false, &rc) < 0)
		return rc;
	if (config_check_data_dir(c.data_dir) < 0 ||
	    (db = config_open_conn(&c, "files verify", &conn)) == NULL)
		return 1;
	st = file_store_current();
	err_clear(&e);
	if (file_verify(conn, st, &n, stderr, &e) < 0) {
		rc = config_die("files verify: %s", e.msg);
	} else {
		printf("p2ham: files verify (%s): %ld contents checked, %ld documents "
		       "checked, "
		       "%ld missing, %ld damaged\n",
		    file_store_kind_name(st->kind), n.checked, n.docs_checked, n.missing,
		    n.damaged);
		rc = n.missing > 0 || n.damaged > 0;
	}
	db_close(db);
	return rc;
}

const struct subcmd files_subs[] = {
	{ "migrate", files_migrate, NULL },
	{ "verify", files_verify, NULL },
	{ NULL, NULL, NULL },
};
