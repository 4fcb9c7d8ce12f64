/*
 * user.c - `p2ham user add` creates an account (typically the first admin)
 * from the command line, through the same service as the users page
 * (svc/accounts.h); `p2ham user list` prints the accounts; `p2ham user
 * reset-password` prints a password reset link, as the user page makes
 * one. The password is read from a prompt without echo, or from standard
 * input when it is not a terminal: never from the command line, where
 * other users could see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/accounts.h"
#include "svc/svc.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "core/account.h"
#include "core/policy.h"
#include "core/region.h"

const char user_help[] =
    "usage: p2ham user add --email ADDRESS --name \"FULL NAME\" [--role ROLE "
    "[--scope KIND:ID]] [options]\n"
    "       p2ham user list [options]\n"
    "       p2ham user reset-password --email ADDRESS [--public-url URL] "
    "[options]\n\n"
    "add             create an account (the password is read from a prompt or\n"
    "                standard input)\n"
    "list            print every account\n"
    "reset-password  print a single-use link, valid for 24 hours, with which the\n"
    "                person sets a new password; using it ends the account's\n"
    "                sessions and revokes its API tokens\n\n"
    "See p2ham user add --help and p2ham user reset-password --help for the\n"
    "options.\n";

enum {
	OPT_EMAIL = CONFIG_OPT_EXTRA,
	OPT_NAME,
	OPT_ROLE,
	OPT_SCOPE,
	OPT_NIP,
	OPT_PROVINCE,
	OPT_ORGANIZATION,
	OPT_PUBLIC_URL,
};

static const struct option add_opts[] = {
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "nip", required_argument, NULL, OPT_NIP },
	{ "province", required_argument, NULL, OPT_PROVINCE },
	{ "organization", required_argument, NULL, OPT_ORGANIZATION },
	{ NULL, 0, NULL, 0 },
};

static const char add_help[] =
    "  --email ADDRESS     the address the person signs in with (required)\n"
    "  --name \"FULL NAME\"  the person's full name (required)\n"
    "  --role ROLE         admin, coordinator, regional, operator, unit_head,\n"
    "                      verifier, assessor or observer\n"
    "  --scope KIND:ID     where the role applies: national (the default for admin\n"
    "                      and observer), province:75, organization:3, unit:12,\n"
    "                      region:2 (a coordination region), ...\n"
    "  --nip NIP           the civil servant number (18 digits)\n"
    "  --province CODE     the person's own province (Kemendagri code)\n"
    "  --organization ID   the organization the person works for\n"
    "The password is asked for twice without echo, or read as one line from\n"
    "standard input when that is not a terminal.\n";

static int
take_add_opt(int code, const char *arg, void *ctx)
{
	struct user_input *u = ctx;
	int64_t v;
	const char *colon;

	switch (code) {
	case OPT_EMAIL:
		u->email = arg;
		break;
	case OPT_NAME:
		u->full_name = arg;
		break;
	case OPT_ROLE:
		if ((u->grant.role = role_parse(arg)) == ROLE_MAX) {
			config_die("--role: unknown role '%s'; see p2ham user add --help", arg);
			return -1;
		}
		u->has_grant = true;
		break;
	case OPT_SCOPE:
		colon = strchr(arg, ':');
		{
			char kind[32];
			size_t n = colon ? (size_t)(colon - arg) : strlen(arg);

			snprintf(kind, sizeof(kind), "%.*s", (int)n, arg);
			if ((u->grant.scope = scope_kind_parse(kind)) == SCOPE_KIND_MAX) {
				config_die("--scope: unknown scope '%s'; use national, "
					   "province:CODE, organization:ID, unit:ID, "
					   "participation:ID or region:ID",
				    kind);
				return -1;
			}
		}
		u->grant.scope_id = 0;
		if (colon != NULL &&
		    config_parse_uint("--scope", colon + 1, 0, INT64_MAX, &u->grant.scope_id) < 0)
			return -1;
		break;
	case OPT_NIP:
		u->nip = arg;
		break;
	case OPT_PROVINCE:
		if (config_parse_uint("--province", arg, 11, 99, &v) < 0)
			return -1;
		u->home_province = (int)v;
		break;
	case OPT_ORGANIZATION:
		if (config_parse_uint("--organization", arg, 1, INT64_MAX,
			&u->home_organization) < 0)
			return -1;
		break;
	}
	return 0;
}

/* One line of standard input, or a prompt without echo on a terminal. */
static int
read_password(const char *prompt, char *out, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO);
	size_t n;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
	}
	if (fgets(out, (int)cap, stdin) == NULL)
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	n = strlen(out);
	if (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '\r')
		out[--n] = '\0';
	return n > 0 ? 0 : -1;
}

/* Everything that does not need the database; -1 after saying what is wrong. */
static int
check_new_user(struct user_input *u, const char *password)
{
	enum password_problem pp;
	const char *why;
	size_t i;

	if (u->email == NULL || u->full_name == NULL)
		return config_die("user add: --email and --name are required; see p2ham "
				  "user add --help");
	if (!utf8_valid(u->email, strlen(u->email)) ||
	    !utf8_valid(u->full_name, strlen(u->full_name)) ||
	    strchr(u->email, '@') == NULL || strchr(u->email, ' ') != NULL)
		return config_die("user add: '%s' is not an email address", u->email);
	if (u->nip != NULL) {
		for (i = 0; u->nip[i] >= '0' && u->nip[i] <= '9'; i++)
			;
		if (i != 18 || u->nip[i] != '\0')
			return config_die("user add: the NIP must be 18 digits");
	}
	if (u->home_province != 0 && province_find(u->home_province) == NULL)
		return config_die("user add: unknown province code %d", u->home_province);
	if (u->has_grant) {
		if (u->grant.scope == SCOPE_NATIONAL && u->grant.scope_id == 0 &&
		    u->grant.role != ROLE_ADMIN && u->grant.role != ROLE_OBSERVER)
			return config_die("user add: the role %s needs --scope KIND:ID",
			    role_code(u->grant.role));
		if ((why = policy_grant_valid(&u->grant)) != NULL)
			return config_die("user add: %s", why);
		if (u->grant.scope == SCOPE_PROVINCE &&
		    province_find((int)u->grant.scope_id) == NULL)
			return config_die("user add: unknown province code %lld",
			    (long long)u->grant.scope_id);
	}
	if ((pp = account_password_check(password, u->full_name, u->email)) != PW_OK)
		return config_die(
		    "user add: password refused (%s): at least %d characters, "
		    "not containing the name or email, not a plain sequence",
		    password_problem_key(pp), PASSWORD_MIN_CHARS);
	return 0;
}

/* Create u with its audit entries as the command line; 0 or 1 after
 * saying what went wrong. */
static int
add(struct db *db, struct user_input *u, const char *data_dir)
{
	struct svc_problems pr = { .count = 0 };
	struct principal who;
	struct db_conn *conn;
	struct arena a;
	struct svc s;
	struct err e;
	int64_t id = 0;
	int rc = 0;

	err_clear(&e);
	arena_init(&a, 0);
	if ((conn = db_conn(db, &e)) == NULL || db_check(db, &e) < 0) {
		rc = config_die("user add: %s", e.msg);
		goto done;
	}
	svc_cli(&s, &who, conn, &a, 0, "cli", time(NULL), data_dir, NULL);
	if (accounts_user_create(&s, u, &id, &pr, &e) < 0)
		rc = config_die("user add: %s",
		    e.kind == ERR_CONFLICT || svc_problem_of(&pr, "email") != NULL
			? "an account with this email exists already"
			: e.msg);
	else
		printf("p2ham: user %lld created: %s <%s>%s%s\n", (long long)id,
		    u->full_name, u->email, u->has_grant ? " as " : "",
		    u->has_grant ? role_code(u->grant.role) : "");
done:
	arena_free(&a);
	return rc;
}

static int
user_add(int argc, char **argv, const void *arg)
{
	struct user_input u = { .grant.scope = SCOPE_NATIONAL };
	struct config_extra x = { add_opts, add_help, take_add_opt, &u, false };
	struct config c;
	struct db *db;
	char pw[PASSWORD_MAX_BYTES + 2], again[PASSWORD_MAX_BYTES + 2];
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		"Create an account, with one role if "
		"--role is given.",
		false, &x, &rc) < 0)
		return rc;
	if (read_password("Password: ", pw, sizeof(pw)) < 0)
		return config_die("user add: no password given on standard input");
	if (isatty(STDIN_FILENO) &&
	    (read_password("Password again: ", again, sizeof(again)) < 0 ||
		strcmp(pw, again) != 0))
		return config_die("user add: the two passwords differ");
	u.password = pw;
	if (check_new_user(&u, pw))
		return 1;
	if ((db = config_open_db(&c)) == NULL)
		return 1;
	rc = add(db, &u, c.data_dir);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(again, sizeof(again));
	db_close(db);
	return rc;
}

static int
user_list(int argc, char **argv, const void *arg)
{
	struct config c;
	struct db *db;
	struct db_conn *conn;
	struct err e;
	json_t *rows = NULL, *row;
	size_t i;
	int rc = 0;

	if (config_setup(&c, argc, argv, "List the accounts.", false, &rc) < 0)
		return rc;
	if ((db = config_open_db(&c)) == NULL)
		return 1;
	err_clear(&e);
	if ((conn = db_conn(db, &e)) == NULL ||
	    db_exec(conn, DB_USER_LIST,
		(struct db_param[]){ DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(1000000), DBP_INT(0) },
		5, &rows, &e) < 0)
		rc = config_die("user list: %s", e.msg);
	else {
		printf("%-6s %-8s %-40s %s\n", "ID", "ACTIVE", "EMAIL", "NAME");
		json_array_foreach(rows, i, row)
			printf("%-6lld %-8s %-40s %s\n",
			    (long long)json_integer_value(json_object_get(row, "id")),
			    json_integer_value(json_object_get(row, "active")) ? "yes" : "no",
			    json_string_value(json_object_get(row, "email")),
			    json_string_value(json_object_get(row, "full_name")));
	}
	json_decref(rows);
	db_close(db);
	return rc;
}

/* What `user reset-password` is told. */
struct reset_args {
	const char *email; /* the account's sign-in address */
	struct config *c;  /* where --public-url goes */
};

static const struct option reset_opts[] = {
	{ "email", required_argument, NULL, OPT_EMAIL },
	{ "public-url", required_argument, NULL, OPT_PUBLIC_URL },
	{ NULL, 0, NULL, 0 },
};

static const char reset_help[] =
    "  --email ADDRESS     the account's sign-in address (required)\n"
    "  --public-url URL    the address people open, e.g. https://p2ham.example.go.id\n"
    "                      (env P2HAM_PUBLIC_URL; default http://127.0.0.1:8080)\n"
    "Prints a link with which the person sets a new password: it works once and\n"
    "for 24 hours, and makes any older unused link of the account stop working.\n"
    "Hand it over through a channel you trust. Using it ends every session and\n"
    "revokes every API token of the account. The link is on the audit record.\n";

static int
take_reset_opt(int code, const char *arg, void *ctx)
{
	struct reset_args *r = ctx;

	if (code == OPT_EMAIL)
		r->email = arg;
	else if (code == OPT_PUBLIC_URL)
		return config_set_public_url(r->c, "--public-url", arg);
	return 0;
}

static int
user_reset(int argc, char **argv, const void *arg)
{
	struct config c;
	struct reset_args r = { NULL, &c };
	struct config_extra x = { reset_opts, reset_help, take_reset_opt, &r, false };
	const char *url, *expires;
	struct principal who;
	struct db_conn *conn;
	struct db *db;
	struct arena a;
	struct svc s;
	struct err e;
	int64_t id;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		"Print a password reset link for an account.", false, &x, &rc) < 0)
		return rc;
	if (r.email == NULL)
		return config_die(
		    "user reset-password: --email is required; see p2ham user "
		    "reset-password --help");
	if ((db = config_open_conn(&c, "user reset-password", &conn)) == NULL)
		return 1;
	err_clear(&e);
	arena_init(&a, 0);
	if (svc_user_id_on(conn, r.email, &id, &e) < 0) {
		rc = config_die("user reset-password: %s", e.msg);
		goto done;
	}
	if (id == 0) {
		rc = config_die("user reset-password: no account signs in as '%s'", r.email);
		goto done;
	}
	svc_cli(&s, &who, conn, &a, 0, "cli", time(NULL), c.data_dir, c.http.public_url);
	if (accounts_reset_create(&s, id, &url, &expires, &e) < 0)
		rc = config_die("user reset-password: %s", e.msg);
	else
		printf("p2ham: password reset link for %s, for one use until %s:\n%s\n",
		    r.email, expires, url);
done:
	arena_free(&a);
	db_close(db);
	return rc;
}

const struct subcmd user_subs[] = {
	{ "add", user_add, NULL },
	{ "list", user_list, NULL },
	{ "reset-password", user_reset, NULL },
	{ NULL, NULL, NULL },
};
