/*
 * cmd.c - the table of subcommands and serve, init, migrate, demo, version.
 * Their shared configuration (flags over environment over defaults, checked
 * up front) is config.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "web/app.h"
#include "svc/audit.h"
#include "svc/cluster.h"
#include "svc/documents.h"
#include "svc/file_cache.h"
#include "svc/files.h"
#include "svc/mail.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "cmd/rulebook.h"
#include "svc/progress_store.h"
#include "svc/survey.h"
#include "db/db.h"
#include "docs/sign.h"
#include "http/server.h"

const struct cmd cmds[] = {
	{ "serve", "run the web server", .run = cmd_serve },
	{ "init", "create the data directory and the database", .run = cmd_init },
	{ "migrate", "bring the database schema up to date", .run = cmd_migrate },
	{ "demo", "load demonstration data and print the demo logins", .run = cmd_demo },
	{ "version", "print the version", .run = cmd_version },
	{ "audit", "verify the audit log and write signed checkpoints",
	    .help = audit_help, .subs = audit_subs },
	{ "user", "create and list accounts, print password reset links",
	    .help = user_help, .subs = user_subs },
	{ "rulebook", "validate, import, list and show rulebooks", .help = rulebook_help,
	    .subs = rulebook_subs },
	{ "import", "load regencies or units from CSV files", .help = import_help,
	    .subs = import_subs },
	{ "setting", "show and change the installation's settings (letterhead)",
	    .run = cmd_setting },
	{ "survey", "satisfaction survey instruments, services, users and counters",
	    .help = survey_help, .subs = survey_subs },
	{ "notify", "run the daily deadline notices now", .run = cmd_notify },
	{ "backup", "write a consistent copy of the installation into a directory",
	    .run = cmd_backup },
	{ "restore", "bring a backup into an empty installation", .run = cmd_restore },
	{ "files", "move the files to another file store, or verify them",
	    .help = files_help, .subs = files_subs },
	{ "progress", "recompute or check the progress figures the dashboards read",
	    .help = progress_help, .subs = progress_subs },
	{ .name = NULL },
};

/* Compute the progress figures a migration left to be computed (it needs
 * the rulebooks: migration 0027), on a connection of its own. */
static int
fill_progress(struct db *db)
{
	struct db_conn *c;
	struct err e;
	size_t n = 0;

	err_clear(&e);
	if ((c = db_conn(db, &e)) == NULL || progress_store_fill_stale(c, &n, &e) < 0)
		return config_die("progress figures: %s", e.msg);
	if (n > 0)
		printf("p2ham: progress figures of %zu participation%s computed\n", n,
		    n == 1 ? "" : "s");
	return 0;
}

/* Sweep stored contents no row holds, on a connection of its own. */
static int
sweep_files(struct db *db, const char *data_dir)
{
	struct db_conn *c;
	struct err e;
	long n, m = 0;

	err_clear(&e);
	if ((c = db_conn(db, &e)) == NULL) {
		config_die("sweeping the file store: %s", e.msg);
		return -1;
	}
	/* One server sweeps; the others start without waiting for it. */
	if (!cluster_job_mine(c, CLUSTER_JOB_SWEEP))
		return 0;
	n = files_sweep(c, data_dir, time(NULL), &e);
	if (n >= 0 && file_store_in_db())
		m = file_store_db_sweep(c, time(NULL), &e);
	cluster_job_release(c, CLUSTER_JOB_SWEEP);
	if (n < 0 || m < 0) {
		config_die("sweeping the file store: %s", e.msg);
		return -1;
	}
	if (n + m > 0)
		log_info("event=file_sweep removed=%ld", n + m);
	return 0;
}

/* Start the local copies of the database store's contents; a cache that
 * cannot start leaves the downloads to the database, as without one. */
static void
start_cache(const struct config *c)
{
	uint64_t count, bytes;
	struct err e;

	err_clear(&e);
	if (!file_store_in_db() || c->file_cache == 0)
		return;
	if (file_cache_start(c->data_dir, c->file_cache, &count, &bytes, &e) < 0)
		log_warn("event=file_cache state=off reason=\"%s\"", e.msg);
	else
		log_info("event=file_cache state=on budget=%llu count=%llu bytes=%llu",
		    (unsigned long long)c->file_cache, (unsigned long long)count,
		    (unsigned long long)bytes);
}

int
cmd_serve(int argc, char **argv)
{
	struct config c;
	struct mail_config mc;
	struct app app;
	struct db *db;
	struct err e;
	int rc = 0, version = 0, fd;

	if (config_setup(&c, argc, argv, "Run the web server until SIGTERM or SIGINT.",
		true, &rc) < 0)
		return rc;
	if (notify_mail_config(&c, &mc) != 0)
		return 2;
	if (config_check_data_dir(c.data_dir))
		return 1;
	err_clear(&e);
	if ((fd = server_listen(c.http.listen, &e)) < 0)
		return config_die("%s", e.msg);
	server_block_signals();
	if ((db = config_open_db(&c)) == NULL) {
		close(fd);
		return 1;
	}
	err_clear(&e);
	if (db_schema_version(db, &version, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	if (version == 0) {
		rc = config_die("the database is empty: run 'p2ham init' first");
		goto done;
	}
	if (db_check(db, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	/* Every server signs with the installation's key; one made here
	 * for a new data directory is refused by the check. */
	if (sign_keys_ensure(c.data_dir, &e) < 0 || cluster_key_check(db, c.data_dir, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	memset(&app, 0, sizeof(app));
	app.db = db;
	app.data_dir = c.data_dir;
	app.session_idle = c.session_idle;
	app.session_max = c.session_max;
	app.write_limit = c.write_limit;
	log_info("event=start version=%s database=%s", P2HAM_VERSION,
	    db_backend_name(db_backend(db)));
	documents_sweep(c.data_dir);
	start_cache(&c);
	if (sweep_files(db, c.data_dir) < 0) {
		rc = 1;
		goto done;
	}
	if (audit_checkpointer_start(db, c.data_dir, c.checkpoint_interval, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	/* Without it the pages read the version per request. */
	if (db_version_follow(db, &e) < 0)
		log_warn("event=db_listen state=off reason=\"%s\"", e.msg);
	app.mail = &mc;
	if (app_serve(&app, &c.http, fd, &e) < 0)
		rc = config_die("%s", e.msg);
	fd = -1;
	audit_checkpointer_stop();
done:
	if (fd >= 0)
		close(fd);
	db_close(db);
	return rc;
}

int
cmd_init(int argc, char **argv)
{
	struct config c;
	struct db *db;
	struct err e;
	char files[4096], key[4096];
	int rc = 0, applied = 0, rb_new = 0, rb_old = 0;

	if (config_setup(&c, argc, argv,
		"Create the data directory and the database, and bring "
		"the schema up to date. Safe to run again.",
		false, &rc) < 0)
		return rc;
	snprintf(files, sizeof(files), "%s/files", c.data_dir);
	if (config_make_dir(c.data_dir) || config_make_dir(files) ||
	    config_check_data_dir(c.data_dir))
		return 1;
	err_clear(&e);
	if (sign_keys_ensure(c.data_dir, &e) < 0)
		return config_die("%s", e.msg);
	sign_key_path(c.data_dir, key, sizeof(key));
	if ((db = config_open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_migrate(db, &applied, &e) < 0)
		rc = config_die("%s", e.msg);
	else if (applied > 0 && fill_progress(db) != 0)
		rc = 1;
	else
		printf("p2ham: data directory %s ready; database %s (%s), %d migration%s "
		       "applied\n",
		    c.data_dir, config_is_postgres(c.db) ? "PostgreSQL" : c.db,
		    db_backend_name(db_backend(db)), applied, applied == 1 ? "" : "s");
	if (rc == 0 && cluster_key_check(db, c.data_dir, &e) < 0)
		rc = config_die("%s", e.msg);
	if (rc == 0 && sign_keys_given())
		printf("p2ham: signing key given (its public half is stored in the "
		       "database)\n");
	else if (rc == 0)
		printf("p2ham: signing key %s (its public half: signing.pub beside it)\n", key);
	if (rc == 0 && versioned_import_shipped(db, &rulebook_kind, &rb_new, &rb_old, &e) < 0)
		rc = config_die("%s", e.msg);
	else if (rc == 0)
		printf("p2ham: shipped rulebooks: %d imported, %d present already\n",
		    rb_new, rb_old);
	if (rc == 0 && versioned_import_shipped(db, &survey_kind, &rb_new, &rb_old, &e) < 0)
		rc = config_die("%s", e.msg);
	db_close(db);
	return rc;
}

/* Store the installation's public key when this machine has the key
 * (given or in the data directory); without one there is nothing to
 * store and nothing to check. */
static int
migrate_key(struct db *db, const char *data_dir, struct err *e)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	struct err none;

	err_clear(&none);
	if (sign_public_load(data_dir, pk, &none) < 0)
		return 0;
	return cluster_key_check(db, data_dir, e);
}

int
cmd_migrate(int argc, char **argv)
{
	struct config c;
	struct db *db;
	struct err e;
	int rc = 0, applied = 0, version = 0;

	if (config_setup(&c, argc, argv,
		"Apply the migrations the database does not have yet. "
		"Safe to run again and from several machines at once.",
		false, &rc) < 0)
		return rc;
	if ((db = config_open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_migrate(db, &applied, &e) < 0 || db_schema_version(db, &version, &e) < 0 ||
	    migrate_key(db, c.data_dir, &e) < 0)
		rc = config_die("%s", e.msg);
	else if (applied > 0 && fill_progress(db) != 0)
		rc = 1;
	else
		printf("p2ham: schema at version %d; %d migration%s applied now\n",
		    version, applied, applied == 1 ? "" : "s");
	db_close(db);
	return rc;
}

int
cmd_version(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: p2ham version\n\nPrint the version of p2ham and of the "
		       "schema it carries.\n");
		return 0;
	}
	printf("p2ham %s (schema %d)\n", P2HAM_VERSION, db_schema_latest());
	return 0;
}

int
cmd_dispatch(const struct cmd *c, int argc, char **argv)
{
	const struct subcmd *s;
	char name[64], **sub;
	int rc, i;

	if (argc < 2) {
		fputs(c->help, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(c->help, stdout);
		return 0;
	}
	for (s = c->subs; s->name != NULL && strcmp(argv[1], s->name) != 0; s++)
		;
	if (s->name == NULL) {
		config_die("%s: unknown action '%s'; see p2ham %s --help", c->name,
		    argv[1], c->name);
		return 2;
	}
	if ((sub = calloc((size_t)argc, sizeof(*sub))) == NULL) {
		config_die("out of memory");
		return 2;
	}
	snprintf(name, sizeof(name), "%s %s", c->name, s->name);
	sub[0] = name;
	for (i = 2; i < argc; i++)
		sub[i - 1] = argv[i];
	rc = s->run(argc - 1, sub, s->arg);
	free(sub);
	return rc;
}
