/*
 * config.c - the subcommands' shared configuration: defaults, then the
 * environment (P2HAM_*), then flags; every value checked before anything
 * starts, every refusal one line that says how to fix it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/log.h"
#include "base/str.h"
#include "cmd/config.h"
#include "svc/file_cache.h"
#include "svc/file_store.h"

#define CHECKPOINT_INTERVAL_MAX (7 * 24 * 3600) /* a week */
#define WRITE_LIMIT_MAX 1000000                 /* writes per minute per account */

enum opt {
	OPT_DB = 1000,
	OPT_DATA_DIR,
	OPT_LOG_LEVEL,
	OPT_HELP,
	OPT_SIGNING_KEY,
	OPT_KNOB, /* OPT_KNOB + i: the server's knob i */
};

static const struct option common_opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "signing-key", required_argument, NULL, OPT_SIGNING_KEY },
	{ NULL, 0, NULL, 0 },
};

/* How a knob's text becomes its value. */
enum knob_parse {
	KP_UINT,  /* a whole number in [min, max], times scale */
	KP_SIZE,  /* bytes, or megabytes with an M suffix */
	KP_FLAG,  /* no argument; the variable is 1 or true */
	KP_TEXT,  /* kept as given */
	KP_URL,   /* the public address (set_public_url) */
	KP_TOKEN, /* the metrics token (set_metrics_token) */
	KP_CACHE, /* off, or bytes with an M or G suffix (parse_cache) */
};

/* Where in struct config a knob's value goes, and its C type there. */
enum knob_type {
	KT_UNSIGNED,
	KT_SIZE,
	KT_U64,
	KT_LONG,
	KT_BOOL,
	KT_STRING,
	KT_NONE, /* the parser stores it itself */
};

/*
 * The server's settings, one row each: flag (--NAME), variable (P2HAM_*),
 * how it parses, its range, the factor to the stored unit and where it is
 * stored. The defaults are set in config_defaults; --help is serve_help.
 */
/* clang-format off */
static const struct knob {
	const char *flag;
	const char *env;
	enum knob_parse parse;
	int64_t min, max, scale;
	enum knob_type type;
	size_t offset;
} knobs[] = {
#define KNOB(f, e, p, lo, hi, sc, t, field) \
	{ f, e, p, lo, hi, sc, t, offsetof(struct config, field) }
	KNOB("listen", "P2HAM_LISTEN", KP_TEXT, 0, 0, 1, KT_STRING, http.listen),
	KNOB("threads", "P2HAM_THREADS", KP_UINT, 1, 1024, 1, KT_UNSIGNED, http.threads),
	KNOB("offload-threads", "P2HAM_OFFLOAD_THREADS", KP_UINT, 1, 64, 1, KT_UNSIGNED,
	    http.offload_threads),
	KNOB("offload-queue", "P2HAM_OFFLOAD_QUEUE", KP_UINT, 1, 100000, 1, KT_UNSIGNED,
	    http.offload_queue),
	KNOB("max-body", "P2HAM_MAX_BODY", KP_UINT, 1024, (int64_t)1 << 32, 1, KT_SIZE,
	    http.max_body),
	KNOB("timeout", "P2HAM_TIMEOUT", KP_UINT, 1, 3600, 1, KT_UNSIGNED, http.timeout),
	KNOB("header-timeout", "P2HAM_HEADER_TIMEOUT", KP_UINT, 0, 3600, 1, KT_UNSIGNED,
	    http.header_timeout),
	KNOB("max-connections", "P2HAM_MAX_CONNECTIONS", KP_UINT, 1, 100000, 1,
	    KT_UNSIGNED, http.max_connections),
	KNOB("max-per-address", "P2HAM_MAX_PER_ADDRESS", KP_UINT, 0, 100000, 1,
	    KT_UNSIGNED, http.max_per_address),
	KNOB("body-memory", "P2HAM_BODY_MEMORY", KP_SIZE, 0, 0, 1, KT_SIZE,
	    http.body_memory),
	KNOB("behind-tls", "P2HAM_BEHIND_TLS", KP_FLAG, 0, 0, 1, KT_BOOL, http.behind_tls),
	KNOB("checkpoint-interval", "P2HAM_CHECKPOINT_INTERVAL", KP_UINT, 0,
	    CHECKPOINT_INTERVAL_MAX, 1, KT_UNSIGNED, checkpoint_interval),
	KNOB("session-idle", "P2HAM_SESSION_IDLE", KP_UINT, 1, 24 * 60, 60, KT_LONG,
	    session_idle),
	KNOB("session-max", "P2HAM_SESSION_MAX", KP_UINT, 1, 24 * 30, 3600, KT_LONG,
	    session_max),
	KNOB("write-limit", "P2HAM_WRITE_LIMIT", KP_UINT, 0, WRITE_LIMIT_MAX, 1, KT_LONG,
	    write_limit),
	KNOB("trust-proxy", "P2HAM_TRUST_PROXY", KP_FLAG, 0, 0, 1, KT_BOOL,
	    http.trust_proxy),
	KNOB("upload-max", "P2HAM_UPLOAD_MAX", KP_SIZE, 0, 0, 1, KT_U64, http.upload_max),
	KNOB("public-url", "P2HAM_PUBLIC_URL", KP_URL, 0, 0, 1, KT_NONE, http.public_url),
	KNOB("metrics-token", "P2HAM_METRICS_TOKEN", KP_TOKEN, 0, 0, 1, KT_NONE,
	    http.metrics_token),
	KNOB("smtp-url", "P2HAM_SMTP_URL", KP_TEXT, 0, 0, 1, KT_STRING, smtp_url),
	KNOB("smtp-from", "P2HAM_SMTP_FROM", KP_TEXT, 0, 0, 1, KT_STRING, smtp_from),
	KNOB("smtp-user", "P2HAM_SMTP_USER", KP_TEXT, 0, 0, 1, KT_STRING, smtp_user),
	KNOB("notify-hour", "P2HAM_NOTIFY_HOUR", KP_UINT, 0, 23, 1, KT_UNSIGNED, notify_hour),
	KNOB("files", "P2HAM_FILES", KP_TEXT, 0, 0, 1, KT_STRING, files),
	KNOB("file-cache", "P2HAM_FILE_CACHE", KP_CACHE, 0, 0, 1, KT_U64, file_cache),
#undef KNOB
};
/* clang-format on */
#define KNOB_COUNT (sizeof(knobs) / sizeof(knobs[0]))
#define OPTS_MAX 48 /* common, the knobs and a subcommand's own, with the end */

static const char common_help[] =
    "  --db LOCATION       database: a SQLite file path, or "
    "postgresql://user@host:port/name\n"
    "                      (env P2HAM_DB; default DATA_DIR/p2ham.db)\n"
    "  --data-dir DIR      uploaded files, keys and the default database\n"
    "                      (env P2HAM_DATA_DIR; default ./data)\n"
    "  --log-level LEVEL   debug, info, warn or err (env P2HAM_LOG_LEVEL; default info)\n"
    "  --signing-key FILE  the installation's signing key (the seed, 64 hex digits\n"
    "                      or base64, on one line; mode 600) instead of\n"
    "                      DATA_DIR/keys/signing.key, the same for every server\n"
    "                      (env P2HAM_SIGNING_KEY_FILE, or the key itself in\n"
    "                      P2HAM_SIGNING_KEY)\n"
    "  --help              this text\n";

static const char serve_help[] =
    "  --listen HOST:PORT  address to serve on (env P2HAM_LISTEN; default "
    "127.0.0.1:8080)\n"
    "  --threads N         worker threads (env P2HAM_THREADS; default: one per core)\n"
    "  --offload-threads N threads answering slow requests (sign-in, uploads, answers\n"
    "                      saved, submissions) off the worker threads\n"
    "                      (env P2HAM_OFFLOAD_THREADS; default: one per core, at least "
    "2)\n"
    "  --offload-queue N   slow requests waiting for one of them; past it: 503\n"
    "                      (env P2HAM_OFFLOAD_QUEUE; default: 64 per offload thread)\n"
    "  --max-body BYTES    request body limit (env P2HAM_MAX_BODY; default 1048576)\n"
    "  --timeout SECONDS   idle connection timeout (env P2HAM_TIMEOUT; default 30)\n"
    "  --header-timeout SECONDS\n"
    "                      close a connection that has not sent a request's headers\n"
    "                      this long after it opened or its previous request ended;\n"
    "                      0: never (env P2HAM_HEADER_TIMEOUT; default 10)\n"
    "  --max-connections N concurrent connections (env P2HAM_MAX_CONNECTIONS; default "
    "1024)\n"
    "  --max-per-address N connections from one client address, loopback excepted;\n"
    "                      0: no limit; not applied with --trust-proxy\n"
    "                      (env P2HAM_MAX_PER_ADDRESS; default 128)\n"
    "  --body-memory SIZE  memory for the bodies of requests to pages without\n"
    "                      sign-in, all connections together, in bytes or with an\n"
    "                      M suffix (env P2HAM_BODY_MEMORY; default 64M)\n"
    "  --behind-tls        a TLS proxy is in front: Secure cookies and HSTS\n"
    "                      (env P2HAM_BEHIND_TLS=1)\n"
    "  --checkpoint-interval SECONDS\n"
    "                      sign a checkpoint of the audit log this often when it grew;\n"
    "                      0: never (env P2HAM_CHECKPOINT_INTERVAL; default 600)\n"
    "  --session-idle MINUTES\n"
    "                      sign out after this long without a request\n"
    "                      (env P2HAM_SESSION_IDLE; default 60)\n"
    "  --session-max HOURS sign out this long after signing in, whatever the activity\n"
    "                      (env P2HAM_SESSION_MAX; default 12)\n"
    "  --write-limit N     changes one account may send per minute; past it: 429\n"
    "                      (env P2HAM_WRITE_LIMIT; default 120; 0: no limit)\n"
    "  --trust-proxy       take the client address from X-Forwarded-For (only behind\n"
    "                      a reverse proxy that sets it; env P2HAM_TRUST_PROXY=1)\n"
    "  --upload-max SIZE   largest uploaded file, in bytes or with an M suffix for\n"
    "                      megabytes (env P2HAM_UPLOAD_MAX; default 20M)\n"
    "  --public-url URL    the address the public uses, printed in documents' QR codes\n"
    "                      (env P2HAM_PUBLIC_URL; default http://LISTEN)\n"
    "  --metrics-token TOKEN\n"
    "                      /metrics answers a client that is not on loopback only\n"
    "                      with 'Authorization: Bearer TOKEN' (16 to 256 visible\n"
    "                      ASCII characters; env P2HAM_METRICS_TOKEN, which keeps\n"
    "                      it out of the process list; default none)\n"
    "  --smtp-url URL      send notifications by e-mail through this SMTP server:\n"
    "                      smtp://HOST:PORT or smtps://HOST:PORT (env P2HAM_SMTP_URL;\n"
    "                      default none: nothing is sent)\n"
    "  --smtp-from ADDRESS the messages' sender, needed with --smtp-url\n"
    "                      (env P2HAM_SMTP_FROM)\n"
    "  --smtp-user NAME    SMTP login (env P2HAM_SMTP_USER); its password is read\n"
    "                      from the environment only: P2HAM_SMTP_PASSWORD\n"
    "  --notify-hour HOUR  local hour (0-23) of the daily deadline notices in each\n"
    "                      unit's time zone (env P2HAM_NOTIFY_HOUR; default 7)\n"
    "  --files dir|postgresql\n"
    "                      where uploaded files and documents are kept: the data\n"
    "                      directory, or the PostgreSQL database, which every server\n"
    "                      on it reads (env P2HAM_FILES; default postgresql with a\n"
    "                      PostgreSQL database, else dir)\n"
    "  --file-cache SIZE|off\n"
    "                      with the files in the database, keep copies of those\n"
    "                      downloaded in DATA_DIR/cache, at most SIZE bytes (M or G\n"
    "                      suffix) (env P2HAM_FILE_CACHE; default 1G; off: none)\n";

int
config_die(const char *fmt, ...)
{
	va_list ap;

	fputs("p2ham: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int
config_parse_uint(const char *name, const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (str_to_i64(s, strlen(s), min, max, out) < 0) {
		config_die("%s must be a whole number from %lld to %lld, not '%s'", name,
		    (long long)min, (long long)max, s);
		return -1;
	}
	return 0;
}

#define UPLOAD_MAX_LIMIT ((int64_t)4 << 30) /* 4 GB */
#define FILE_CACHE_LIMIT ((int64_t)1 << 40) /* 1 TiB */

/* s as a size from min to limit bytes: a number of bytes, or of
 * megabytes or (with gig) gigabytes with an M or G suffix. */
static int
size_value(const char *s, bool gig, int64_t min, int64_t limit, int64_t *out)
{
	size_t n = strlen(s);
	int64_t mul = 1;

	if (n > 1 && strchr(gig ? "MmGg" : "Mm", s[n - 1]) != NULL) {
		mul = s[n - 1] == 'M' || s[n - 1] == 'm' ? (int64_t)1 << 20 : (int64_t)1 << 30;
		n--;
	}
	if (str_to_i64(s, n, min, limit / mul, out) < 0)
		return -1;
	*out *= mul;
	return 0;
}

/* A size in bytes, or in megabytes with an M suffix ("20M"); -1 after
 * printing why not. */
static int
parse_size(const char *name, const char *s, int64_t *out)
{
	if (size_value(s, false, 1, UPLOAD_MAX_LIMIT, out) < 0) {
		config_die("%s must be a size in bytes, or in megabytes with an M suffix "
			   "(e.g. 20M), from 1 byte to 4096M, not '%s'",
		    name, s);
		return -1;
	}
	return 0;
}

/* The cache's budget: "off" or 0 for none, else bytes, or megabytes or
 * gigabytes with an M or G suffix; -1 after printing why not. */
static int
parse_cache(const char *name, const char *s, int64_t *out)
{
	*out = 0;
	if (strcmp(s, "off") == 0)
		return 0;
	if (size_value(s, true, 0, FILE_CACHE_LIMIT, out) < 0) {
		config_die("%s must be off, or a size in bytes or with an M or G suffix "
			   "(e.g. 1G) up to 1024G, not '%s'",
		    name, s);
		return -1;
	}
	return 0;
}

/* Take URL as the public address (http:// or https://, printable ASCII,
 * no query or fragment), without final slashes; -1 after printing why not. */
static int
set_public_url(struct config *c, const char *name, const char *url)
{
	size_t n = strlen(url), i, host;

	host = strncmp(url, "https://", 8) == 0 ? 8
	    : strncmp(url, "http://", 7) == 0   ? 7
						: 0;
	while (n > host && url[n - 1] == '/')
		n--;
	for (i = 0; host > 0 && i < n; i++)
		if (url[i] <= ' ' || url[i] > '~' || strchr("\"<>\\`?#", url[i]) != NULL)
			break;
	if (host == 0 || n == host || i < n || n > 200) {
		config_die(
		    "%s must be an address like https://p2ham.example.go.id (at most "
		    "200 characters, no query), not '%s'",
		    name, url);
		return -1;
	}
	memcpy(c->public_url, url, n);
	c->public_url[n] = '\0';
	c->http.public_url = c->public_url;
	return 0;
}

int
config_set_public_url(struct config *c, const char *name, const char *url)
{
	return set_public_url(c, name, url);
}

/* Take tok as the metrics token: 16 to 256 visible ASCII characters; -1
 * after printing why not. */
static int
set_metrics_token(struct config *c, const char *name, const char *tok)
{
	size_t n = strlen(tok), i;

	for (i = 0; i < n; i++)
		if (tok[i] <= ' ' || tok[i] > '~')
			break;
	if (n < 16 || n > 256 || i < n) {
		config_die("%s must be 16 to 256 visible ASCII characters (no blanks)", name);
		return -1;
	}
	c->http.metrics_token = tok;
	return 0;
}

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : dflt;
}

/* Store v (or text) as knob k of c. */
static void
knob_store(struct config *c, const struct knob *k, int64_t v, const char *text)
{
	char *p = (char *)c + k->offset;

	switch (k->type) {
	case KT_UNSIGNED:
		*(unsigned *)(void *)p = (unsigned)v;
		break;
	case KT_SIZE:
		*(size_t *)(void *)p = (size_t)v;
		break;
	case KT_U64:
		*(uint64_t *)(void *)p = (uint64_t)v;
		break;
	case KT_LONG:
		*(long *)(void *)p = (long)v;
		break;
	case KT_BOOL:
		*(bool *)(void *)p = v != 0;
		break;
	case KT_STRING:
		*(const char **)(void *)p = text;
		break;
	case KT_NONE:
		break;
	}
}

/* Apply text (NULL for a flag given) to knob k, named name in messages;
 * -1 after printing why it is refused. */
static int
knob_take(struct config *c, const struct knob *k, const char *name, const char *text)
{
	int64_t v = 0;

	switch (k->parse) {
	case KP_UINT:
		if (config_parse_uint(name, text, k->min, k->max, &v) < 0)
			return -1;
		v *= k->scale;
		break;
	case KP_SIZE:
		if (parse_size(name, text, &v) < 0)
			return -1;
		break;
	case KP_FLAG:
		v = text == NULL || strcmp(text, "1") == 0 || strcmp(text, "true") == 0;
		break;
	case KP_CACHE:
		if (parse_cache(name, text, &v) < 0)
			return -1;
		break;
	case KP_TEXT:
		break;
	case KP_URL:
		return set_public_url(c, name, text);
	case KP_TOKEN:
		return set_metrics_token(c, name, text);
	}
	knob_store(c, k, v, text);
	return 0;
}

/* Defaults, then environment; flags are applied by parse_args. */
static int
config_defaults(struct config *c)
{
	const char *s;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->db = env_or("P2HAM_DB", NULL);
	c->data_dir = env_or("P2HAM_DATA_DIR", "./data");
	c->http.listen = "127.0.0.1:8080";
	c->http.max_body = 1024 * 1024;
	c->http.max_headers = 16 * 1024;
	c->http.timeout = 30;
	c->http.header_timeout = 10;
	c->http.max_connections = 1024;
	c->http.max_per_address = 128;
	c->http.body_memory = 64 * 1024 * 1024;
	c->http.shutdown_grace = 4;
	c->http.upload_max = 20 * 1024 * 1024;
	c->file_cache = FILE_CACHE_DEFAULT;
	c->checkpoint_interval = 600;
	c->session_idle = 60 * 60;
	c->session_max = 12 * 60 * 60;
	c->write_limit = 120;
	c->notify_hour = 7;
	c->smtp_password = env_or("P2HAM_SMTP_PASSWORD", NULL);
	c->signing_key_file = env_or("P2HAM_SIGNING_KEY_FILE", NULL);
	for (i = 0; i < KNOB_COUNT; i++)
		if ((s = env_or(knobs[i].env, NULL)) != NULL &&
		    knob_take(c, &knobs[i], knobs[i].env, s) < 0)
			return -1;
	if ((s = env_or("P2HAM_LOG_LEVEL", NULL)) != NULL) {
		enum log_level lv;

		if (log_level_parse(s, &lv) < 0) {
			config_die("P2HAM_LOG_LEVEL must be debug, info, warn or err, "
				   "not '%s'",
			    s);
			return -1;
		}
		log_set_level(lv);
	}
	return 0;
}

static void
usage(FILE *f, const char *cmd, const char *what, bool server, const struct config_extra *x)
{
	fprintf(f, "usage: p2ham %s [options]\n\n%s\n\noptions:\n%s%s%s", cmd, what,
	    x != NULL && x->help != NULL ? x->help : "", common_help,
	    server ? serve_help : "");
}

/* The options getopt sees: common, the server's knobs when server, then x's. */
static int
options_of(struct option *opts, bool server, const struct config_extra *x)
{
	size_t n = 0, i;

	for (i = 0; common_opts[i].name != NULL; i++)
		opts[n++] = common_opts[i];
	for (i = 0; server && i < KNOB_COUNT; i++)
		opts[n++] = (struct option){ knobs[i].flag,
			knobs[i].parse == KP_FLAG ? no_argument : required_argument, NULL,
			OPT_KNOB + (int)i };
	for (i = 0; x != NULL && x->opts != NULL && x->opts[i].name != NULL; i++) {
		if (n + 1 >= OPTS_MAX)
			return -1;
		opts[n++] = x->opts[i];
	}
	memset(&opts[n], 0, sizeof(opts[n]));
	return 0;
}

/*
 * Apply flags. Returns 0 to go on, 1 when --help was printed (exit 0), -1 on
 * a bad flag (message printed, exit 2).
 */
static int
parse_args(struct config *c, int argc, char **argv, const char *what, bool server,
    const struct config_extra *x)
{
	struct option opts[OPTS_MAX];
	int ch;
	enum log_level lv;

	if (options_of(opts, server, x) < 0) {
		config_die("%s: too many options", argv[0]);
		return -1;
	}
	optind = 1;
	opterr = 0;
	/* "+": stop at the first argument that is not an option. */
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_DB:
			c->db = optarg;
			break;
		case OPT_DATA_DIR:
			c->data_dir = optarg;
			break;
		case OPT_LOG_LEVEL:
			if (log_level_parse(optarg, &lv) < 0) {
				config_die(
				    "--log-level must be debug, info, warn or err, "
				    "not '%s'",
				    optarg);
				return -1;
			}
			log_set_level(lv);
			break;
		case OPT_HELP:
			usage(stdout, argv[0], what, server, x);
			return 1;
		case OPT_SIGNING_KEY:
			c->signing_key_file = optarg;
			break;
		default:
			if (ch >= OPT_KNOB && ch < OPT_KNOB + (int)KNOB_COUNT) {
				char name[64];

				snprintf(name, sizeof(name), "--%s", knobs[ch - OPT_KNOB].flag);
				if (knob_take(c, &knobs[ch - OPT_KNOB], name, optarg) < 0)
					return -1;
				break;
			}
			if (ch >= CONFIG_OPT_EXTRA && x != NULL && x->take != NULL) {
				if (x->take(ch, optarg, x->ctx) < 0)
					return -1;
				break;
			}
			config_die("%s: unknown or incomplete option '%s'; see p2ham %s "
				   "--help",
			    argv[0], argv[optind - 1], argv[0]);
			return -1;
		}
	}
	if (optind < argc && (x == NULL || !x->positional)) {
		config_die("%s: unexpected argument '%s'; see p2ham %s --help", argv[0],
		    argv[optind], argv[0]);
		return -1;
	}
	c->http.data_dir = c->data_dir;
	if (c->http.public_url == NULL) {
		snprintf(c->public_url, sizeof(c->public_url), "http://%s", c->http.listen);
		c->http.public_url = c->public_url;
	}
	if (c->db == NULL) {
		snprintf(c->db_default, sizeof(c->db_default), "%s/p2ham.db", c->data_dir);
		c->db = c->db_default;
	}
	return 0;
}

/* --files names a store this database can hold; -1 after printing why not. */
static int
check_files(const struct config *c)
{
	if (c->files == NULL)
		return 0;
	if (file_store_kind_parse(c->files) == FILE_STORE_KIND_MAX) {
		config_die("--files (P2HAM_FILES) must be dir or postgresql, not '%s'",
		    c->files);
		return -1;
	}
	if (file_store_kind_parse(c->files) == FILE_STORE_DB && !config_is_postgres(c->db)) {
		config_die("--files postgresql needs a PostgreSQL database (--db "
			   "postgresql://...); with SQLite the files stay in the data "
			   "directory: use --files dir");
		return -1;
	}
	return 0;
}

int
config_setup_extra(struct config *c, int argc, char **argv, const char *what, bool server,
    const struct config_extra *x, int *rc)
{
	int r;

	if (config_defaults(c) < 0) {
		*rc = 2;
		return -1;
	}
	if ((r = parse_args(c, argc, argv, what, server, x)) != 0 || check_files(c) < 0) {
		*rc = r > 0 ? 0 : 2;
		return -1;
	}
	if (sodium_init() < 0) {
		*rc = config_die("libsodium could not be initialised");
		return -1;
	}
	if (config_give_signing_key(c) < 0) {
		*rc = 2;
		return -1;
	}
	return 0;
}

int
config_take_flag(int code, const char *arg, void *ctx)
{
	*(bool *)ctx = true;
	return 0;
}

int
config_take_text(int code, const char *arg, void *ctx)
{
	*(const char **)ctx = arg;
	return 0;
}

int
config_setup(struct config *c, int argc, char **argv, const char *what, bool server, int *rc)
{
	return config_setup_extra(c, argc, argv, what, server, NULL, rc);
}

bool
config_is_postgres(const char *loc)
{
	return strncmp(loc, "postgresql://", 13) == 0 || strncmp(loc, "postgres://", 11) == 0;
}
