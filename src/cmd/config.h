/*
 * config.h - the configuration every subcommand shares (flags over
 * environment over defaults) and the helpers that check it up front, so
 * that a wrong setting ends the program with one line saying what is wrong
 * and how to fix it.
 */
#ifndef P2HAM_CMD_CONFIG_H
#define P2HAM_CMD_CONFIG_H

#include <getopt.h>
#include <stdbool.h>

#include "db/db.h"
#include "http/server.h"

struct config {
	const char *db;               /* location given, or NULL: DATA_DIR/p2ham.db */
	const char *data_dir;         /* files, keys and the default database */
	char db_default[4096];        /* storage for the default location */
	char public_url[512];         /* storage for http.public_url */
	struct server_config http;    /* the web server's settings */
	unsigned checkpoint_interval; /* serve: seconds between audit
					 checkpoints, 0: none */
	long session_idle;         /* serve: seconds of inactivity that end a session */
	long session_max;          /* serve: seconds after sign-in that end it */
	long write_limit;          /* serve: writes per minute per account, 0: none */
	const char *smtp_url;      /* notifications' SMTP server, or NULL */
	const char *smtp_from;     /* their sender address */
	const char *smtp_user;     /* SMTP login, or NULL */
	const char *smtp_password; /* its password: environment only */
	unsigned notify_hour;      /* local hour of the daily deadline job */
	const char *signing_key_file; /* the installation's key given, or NULL:
					 DATA_DIR/keys/signing.key */
	const char *files;            /* file store: "dir", "postgresql", or NULL:
					 postgresql with a PostgreSQL database,
					 else dir (svc/file_store.h) */
	uint64_t file_cache;          /* serve: bytes of local copies of the
					 database store's contents, 0: none
					 (svc/file_cache.h) */
};

/* First value a subcommand may use for its own options' getopt codes. */
#define CONFIG_OPT_EXTRA 2000

/* The options of a subcommand with one long option of its own, name,
 * taking a value when has_arg (required_argument or no_argument); its
 * code is CONFIG_OPT_EXTRA. */
#define CONFIG_ONE_OPTION(name, has_arg) \
	((const struct option[]){ { (name), (has_arg), NULL, CONFIG_OPT_EXTRA }, \
	    { NULL, 0, NULL, 0 } })

/* A subcommand's own long options, beyond the common ones. */
struct config_extra {
	const struct option *opts; /* ended by { NULL }; codes from CONFIG_OPT_EXTRA */
	const char *help;          /* their lines in --help */
	/* Take option code with its argument (NULL for no_argument);
	 * -1 after printing why it is refused. */
	int (*take)(int code, const char *arg, void *ctx);
	void *ctx;       /* given to take */
	bool positional; /* accept arguments after the options:
			    argv[optind..] is left to the caller */
};

/* The take of a subcommand whose one option is a flag: sets *(bool *)ctx. */
int config_take_flag(int code, const char *arg, void *ctx);
/* The take of a subcommand whose one option has a value: the value into
 * *(const char **)ctx. */
int config_take_text(int code, const char *arg, void *ctx);

/*
 * The common start of a subcommand: defaults, environment, then flags of
 * argv (argv[0] is the name shown in messages, e.g. "serve" or "audit
 * verify"; server: accept the web server's flags too), and libsodium.
 * Returns 0 to go on, or -1 when the caller must exit with *rc: 0 after
 * --help, 2 for a bad setting, 1 when libsodium fails (message printed).
 */
int config_setup(struct config *c, int argc, char **argv, const char *what, bool server,
    int *rc);
/* The same with the subcommand's own options x (may be NULL). */
int config_setup_extra(struct config *c, int argc, char **argv, const char *what,
    bool server, const struct config_extra *x, int *rc);

/* Print "p2ham: <message>" on stderr; returns 1, the exit status. */
int config_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a whole number of flag or variable name in [min, max]; -1 after
 * printing why not. */
int config_parse_uint(const char *name, const char *s, int64_t min, int64_t max, int64_t *out);

/* Take url as c's public address under the rules of --public-url, for a
 * subcommand that offers that flag as its own (name, in messages); -1
 * after printing why not. */
int config_set_public_url(struct config *c, const char *name, const char *url);

/* True for a postgresql:// or postgres:// location. */
bool config_is_postgres(const char *location);

/* The data directory exists and is writable; -1 after saying what to do. */
int config_check_data_dir(const char *dir);

/* Create directory path (0750) unless it exists; -1 after saying why not. */
int config_make_dir(const char *path);

/* Give the process the signing key named by c->signing_key_file or
 * P2HAM_SIGNING_KEY, if any (config_key.c; config_setup does it); the
 * variable is removed once read, so that programs this one starts do not
 * inherit it. -1 after printing why the key is refused. */
int config_give_signing_key(const struct config *c);

/* Open c's database and make it, with c's data directory, the process's
 * file store as --files says; NULL after printing why not. */
struct db *config_open_db(const struct config *c);

/* Open c's database, check that it is migrated with every statement
 * prepared, and take this thread's connection into *conn; NULL after
 * printing why not, prefixed "name: " unless name is NULL. */
struct db *config_open_conn(const struct config *c, const char *name, struct db_conn **conn);

/* The one argument FILE after the options read whole (config_read_file,
 * at most max bytes); NULL after printing why, with *rc the exit status:
 * 2 unless exactly one argument follows ("name: expected one FILE; see
 * p2ham help --help"), 1 when the file cannot be read. */
char *config_file_arg(int argc, char **argv, const char *name, const char *help,
    size_t max, size_t *len, int *rc);

/* The whole of file path, malloc'd and NUL-terminated, its length in *len;
 * NULL after printing why (it cannot be read, or is over max bytes). */
char *config_read_file(const char *path, size_t max, size_t *len);

#endif
