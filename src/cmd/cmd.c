/*
 * cmd.c - serve, init, migrate, demo, version: configuration from flags and
 * environment, checked up front so that a wrong setting ends the program
 * with one line that says what is wrong and how to fix it.
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

#include "app/app.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "db/db.h"
#include "http/server.h"

const struct cmd cmds[] = {
	{ "serve", "run the web server", cmd_serve },
	{ "init", "create the data directory and the database", cmd_init },
	{ "migrate", "bring the database schema up to date", cmd_migrate },
	{ "demo", "load demonstration data and print the demo logins", cmd_demo },
	{ "version", "print the version", cmd_version },
	{ NULL, NULL, NULL },
};

struct config {
	const char *db;			/* location given, or NULL: DATA_DIR/p2ham.db */
	const char *data_dir;		/* files, keys and the default database */
	char db_default[4096];		/* storage for the default location */
	struct server_config http;	/* the web server's settings */
};

enum opt {
	OPT_DB = 1000,
	OPT_DATA_DIR,
	OPT_LISTEN,
	OPT_THREADS,
	OPT_MAX_BODY,
	OPT_TIMEOUT,
	OPT_MAX_CONNECTIONS,
	OPT_BEHIND_TLS,
	OPT_LOG_LEVEL,
	OPT_HELP,
};

static const struct option common_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "max-body", required_argument, NULL, OPT_MAX_BODY },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
	{ "behind-tls", no_argument, NULL, OPT_BEHIND_TLS },
	{ NULL, 0, NULL, 0 },
};
#define COMMON_ONLY	4	/* the first four options apply to every subcommand */

static const char common_help[] =
    "  --db LOCATION       database: a SQLite file path, or postgresql://user@host:port/name\n"
    "                      (env P2HAM_DB; default DATA_DIR/p2ham.db)\n"
    "  --data-dir DIR      uploaded files, keys and the default database\n"
    "                      (env P2HAM_DATA_DIR; default ./data)\n"
    "  --log-level LEVEL   debug, info, warn or err (env P2HAM_LOG_LEVEL; default info)\n"
    "  --help              this text\n";

static const char serve_help[] =
    "  --listen HOST:PORT  address to serve on (env P2HAM_LISTEN; default 127.0.0.1:8080)\n"
    "  --threads N         worker threads (env P2HAM_THREADS; default: one per core)\n"
    "  --max-body BYTES    request body limit (env P2HAM_MAX_BODY; default 1048576)\n"
    "  --timeout SECONDS   idle connection timeout (env P2HAM_TIMEOUT; default 30)\n"
    "  --max-connections N concurrent connections (env P2HAM_MAX_CONNECTIONS; default 1024)\n"
    "  --behind-tls        a TLS proxy is in front: Secure cookies and HSTS\n"
    "                      (env P2HAM_BEHIND_TLS=1)\n";

static int
die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
die(const char *fmt, ...)
{
	va_list ap;

	fputs("p2ham: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int
parse_uint(const char *name, const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (str_to_i64(s, strlen(s), min, max, out) < 0)
		return die("%s must be a whole number from %lld to %lld, not '%s'",
		    name, (long long)min, (long long)max, s);
	return 0;
}

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : dflt;
}

/* Defaults, then environment; flags are applied by parse_args. */
static int
config_defaults(struct config *c)
{
	int64_t v;
	const char *s;

	memset(c, 0, sizeof(*c));
	c->db = env_or("P2HAM_DB", NULL);
	c->data_dir = env_or("P2HAM_DATA_DIR", "./data");
	c->http.listen = env_or("P2HAM_LISTEN", "127.0.0.1:8080");
	c->http.max_body = 1024 * 1024;
	c->http.max_headers = 16 * 1024;
	c->http.timeout = 30;
	c->http.max_connections = 1024;
	c->http.shutdown_grace = 4;
	if ((s = env_or("P2HAM_THREADS", NULL)) != NULL) {
		if (parse_uint("P2HAM_THREADS", s, 1, 1024, &v))
			return -1;
		c->http.threads = (unsigned)v;
	}
	if ((s = env_or("P2HAM_MAX_BODY", NULL)) != NULL) {
		if (parse_uint("P2HAM_MAX_BODY", s, 1024, (int64_t)1 << 32, &v))
			return -1;
		c->http.max_body = (size_t)v;
	}
	if ((s = env_or("P2HAM_TIMEOUT", NULL)) != NULL) {
		if (parse_uint("P2HAM_TIMEOUT", s, 1, 3600, &v))
			return -1;
		c->http.timeout = (unsigned)v;
	}
	if ((s = env_or("P2HAM_MAX_CONNECTIONS", NULL)) != NULL) {
		if (parse_uint("P2HAM_MAX_CONNECTIONS", s, 1, 100000, &v))
			return -1;
		c->http.max_connections = (unsigned)v;
	}
	s = env_or("P2HAM_BEHIND_TLS", "0");
	c->http.behind_tls = strcmp(s, "1") == 0 || strcmp(s, "true") == 0;
	if ((s = env_or("P2HAM_LOG_LEVEL", NULL)) != NULL) {
		enum log_level lv;

		if (log_level_parse(s, &lv) < 0)
			return die("P2HAM_LOG_LEVEL must be debug, info, warn or err, not '%s'", s);
		log_set_level(lv);
	}
	return 0;
}

static void
usage(FILE *f, const char *cmd, const char *what, bool server)
{
	fprintf(f, "usage: p2ham %s [options]\n\n%s\n\noptions:\n%s%s", cmd, what,
	    common_help, server ? serve_help : "");
}

/*
 * Apply flags. Returns 0 to go on, 1 when --help was printed (exit 0), -1 on
 * a bad flag (message printed, exit 2).
 */
static int
parse_args(struct config *c, int argc, char **argv, const char *what, bool server)
{
	struct option opts[sizeof(common_opts) / sizeof(common_opts[0])];
	int ch;
	int64_t v;
	enum log_level lv;

	memcpy(opts, common_opts, sizeof(opts));
	if (!server)
		memset(&opts[COMMON_ONLY], 0, sizeof(opts[0]));
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			c->db = optarg;
			break;
		case OPT_DATA_DIR:
			c->data_dir = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (log_level_parse(optarg, &lv) < 0) {
				die("--log-level must be debug, info, warn or err, not '%s'", optarg);
				return -1;
			}
			log_set_level(lv);
			break;
		case OPT_HELP:
			usage(stdout, argv[0], what, server);
			return 1;
		case OPT_LISTEN:
			c->http.listen = optarg;
			break;
		case OPT_THREADS:
			if (parse_uint("--threads", optarg, 1, 1024, &v))
				return -1;
			c->http.threads = (unsigned)v;
			break;
		case OPT_MAX_BODY:
			if (parse_uint("--max-body", optarg, 1024, (int64_t)1 << 32, &v))
				return -1;
			c->http.max_body = (size_t)v;
			break;
		case OPT_TIMEOUT:
			if (parse_uint("--timeout", optarg, 1, 3600, &v))
				return -1;
			c->http.timeout = (unsigned)v;
			break;
		case OPT_MAX_CONNECTIONS:
			if (parse_uint("--max-connections", optarg, 1, 100000, &v))
				return -1;
			c->http.max_connections = (unsigned)v;
			break;
		case OPT_BEHIND_TLS:
			c->http.behind_tls = true;
			break;
		default:
			die("%s: unknown or incomplete option '%s'; see p2ham %s --help",
			    argv[0], argv[optind - 1], argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		die("%s: unexpected argument '%s'; see p2ham %s --help", argv[0],
		    argv[optind], argv[0]);
		return -1;
	}
	if (c->db == NULL) {
		snprintf(c->db_default, sizeof(c->db_default), "%s/p2ham.db", c->data_dir);
		c->db = c->db_default;
	}
	return 0;
}

/* Common start of every subcommand; returns -1 to exit with *rc. */
static int
setup(struct config *c, int argc, char **argv, const char *what, bool server, int *rc)
{
	int r;

	if (config_defaults(c) < 0) {
		*rc = 2;
		return -1;
	}
	if ((r = parse_args(c, argc, argv, what, server)) != 0) {
		*rc = r > 0 ? 0 : 2;
		return -1;
	}
	if (sodium_init() < 0) {
		*rc = die("libsodium could not be initialised");
		return -1;
	}
	return 0;
}

static bool
is_postgres(const char *loc)
{
	return strncmp(loc, "postgresql://", 13) == 0 || strncmp(loc, "postgres://", 11) == 0;
}

/* The data directory must exist and be writable; says what to do if not. */
static int
check_data_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return die("data directory '%s' does not exist: run 'p2ham init' "
			    "first, or point --data-dir / P2HAM_DATA_DIR at it", dir);
		return die("data directory '%s' cannot be read: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return die("data directory '%s' is not a directory; point --data-dir / "
		    "P2HAM_DATA_DIR at a directory", dir);
	if (access(dir, R_OK | W_OK | X_OK) < 0)
		return die("data directory '%s' is not writable by this user: %s; fix "
		    "its permissions or run as its owner", dir, strerror(errno));
	return 0;
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0750) < 0 && errno != EEXIST)
		return die("cannot create directory '%s': %s", path, strerror(errno));
	return 0;
}

/* The highest migration version compiled into this binary. */
static int
latest_migration(void)
{
	size_t i;
	int64_t v, max = 0;
	const char *n;

	for (i = 0; i < embed_count; i++) {
		n = embed_files[i].name;
		if (strncmp(n, "migrations/", 11) != 0 || strlen(n) < 16 ||
		    strcmp(n + strlen(n) - 4, ".sql") != 0)
			continue;
		if (str_to_i64(n + 11, 4, 0, 9999, &v) == 0 && v > max)
			max = v;
	}
	return (int)max;
}

static struct db *
open_db(const struct config *c)
{
	struct err e;
	struct db *db;

	err_clear(&e);
	if ((db = db_open(c->db, &e)) == NULL)
		die("%s", e.msg);
	return db;
}

int
cmd_serve(int argc, char **argv)
{
	struct config c;
	struct app app;
	struct db *db;
	struct err e;
	int rc = 0, version = 0;

	if (setup(&c, argc, argv, "Run the web server until SIGTERM or SIGINT.", true, &rc) < 0)
		return rc;
	if (check_data_dir(c.data_dir))
		return 1;
	server_block_signals();
	if ((db = open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_schema_version(db, &version, &e) < 0) {
		rc = die("%s", e.msg);
		goto done;
	}
	if (version < latest_migration()) {
		rc = die("the database schema is at version %d and this p2ham needs %d: "
		    "run 'p2ham %s' first", version, latest_migration(),
		    version == 0 ? "init" : "migrate");
		goto done;
	}
	memset(&app, 0, sizeof(app));
	app.db = db;
	app.data_dir = c.data_dir;
	log_info("event=start version=%s database=%s", P2HAM_VERSION,
	    db_backend_name(db_backend(db)));
	if (app_serve(&app, &c.http, &e) < 0)
		rc = die("%s", e.msg);
done:
	db_close(db);
	return rc;
}

int
cmd_init(int argc, char **argv)
{
	struct config c;
	struct db *db;
	struct err e;
	char files[4096];
	int rc = 0, applied = 0;

	if (setup(&c, argc, argv, "Create the data directory and the database, and bring "
	    "the schema up to date. Safe to run again.", false, &rc) < 0)
		return rc;
	snprintf(files, sizeof(files), "%s/files", c.data_dir);
	if (make_dir(c.data_dir) || make_dir(files) || check_data_dir(c.data_dir))
		return 1;
	if ((db = open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_migrate(db, &applied, &e) < 0)
		rc = die("%s", e.msg);
	else
		printf("p2ham: data directory %s ready; database %s (%s), %d migration%s applied\n",
		    c.data_dir, is_postgres(c.db) ? "PostgreSQL" : c.db,
		    db_backend_name(db_backend(db)), applied, applied == 1 ? "" : "s");
	db_close(db);
	return rc;
}

int
cmd_migrate(int argc, char **argv)
{
	struct config c;
	struct db *db;
	struct err e;
	int rc = 0, applied = 0, version = 0;

	if (setup(&c, argc, argv, "Apply the migrations the database does not have yet. "
	    "Safe to run again and from several machines at once.", false, &rc) < 0)
		return rc;
	if ((db = open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_migrate(db, &applied, &e) < 0 || db_schema_version(db, &version, &e) < 0)
		rc = die("%s", e.msg);
	else
		printf("p2ham: schema at version %d; %d migration%s applied now\n", version,
		    applied, applied == 1 ? "" : "s");
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
	printf("p2ham %s (schema %d)\n", P2HAM_VERSION, latest_migration());
	return 0;
}

int
cmd_demo(int argc, char **argv)
{
	struct config c;
	struct db *db;
	struct err e;
	int rc = 0, version = 0;
	struct db_conn *conn;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	if (setup(&c, argc, argv, "Load demonstration data into an initialised database "
	    "and print how to sign in.", false, &rc) < 0)
		return rc;
	if ((db = open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if (db_schema_version(db, &version, &e) < 0 || version == 0) {
		rc = version == 0 && e.msg[0] == '\0' ?
		    die("the database is empty: run 'p2ham init' first") : die("%s", e.msg);
		goto done;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((conn = db_conn(db, &e)) == NULL ||
	    db_exec(conn, DB_SETTING_PUT, (struct db_param[]){ DBP_TEXT("demo_loaded_at"),
	    DBP_TEXT(now), DBP_TEXT(now) }, 3, NULL, &e) < 0) {
		rc = die("%s", e.msg);
		goto done;
	}
	printf("p2ham: demo data loaded.\n"
	    "This version serves the public pages only; it has no sign-in yet, so there\n"
	    "are no demo accounts to print.\n");
done:
	db_close(db);
	return rc;
}
