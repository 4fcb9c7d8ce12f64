/*
 * setting.c - `p2ham setting list|get|set|unset`: the installation's
 * settings (the letterhead of generated documents, docs/documents.md), each
 * change written to the audit log in the same transaction.
 *
 * Exit status: 0 done, 1 refused or failed (said on standard error), 2 for
 * a usage error.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "svc/settings.h"
#include "base/timefmt.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "base/validate.h"

#define SETTING_KEY_MAX 64    /* bytes of a key */
#define SETTING_VALUE_MAX 500 /* characters of a value */

static const char setting_help[] =
    "usage: p2ham setting list [options]\n"
    "       p2ham setting get [options] KEY\n"
    "       p2ham setting set [options] KEY VALUE\n"
    "       p2ham setting unset [options] KEY\n\n"
    "Settings of the installation, e.g. the letterhead of generated documents:\n"
    "letterhead.line1, letterhead.line2, letterhead.line3 (optional) and\n"
    "letterhead.address (docs/documents.md). A key is lower-case letters, digits,\n"
    "'.', '_' and '-'; a value is one line of UTF-8 text. Every change is written\n"
    "to the audit log. Documents issued before a change keep what they printed.\n";

/* Lower-case letters, digits, '.', '_' and '-', starting with a letter. */
static bool
key_valid(const char *k)
{
	size_t i, n = strlen(k);

	if (n == 0 || n > SETTING_KEY_MAX || k[0] < 'a' || k[0] > 'z')
		return false;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') ||
			k[i] == '.' || k[i] == '_' || k[i] == '-'))
			return false;
	return true;
}

/* A value is checked as a form's one-line text is: UTF-8, no control
 * characters, at most SETTING_VALUE_MAX characters, trimmed. NULL when it
 * is refused; else the value to store, in a. */
static const char *
value_checked(const char *v, struct arena *a)
{
	static const struct param_spec spec = { "value", PARAM_FORM, PT_TEXT, false, 0,
		SETTING_VALUE_MAX, NULL };
	struct param_value out;

	return validate_param(&spec, v, strlen(v), a, &out) == VE_OK ? out.text : NULL;
}

/* Print every setting, or only key's value; the number printed, or -1. */
static int
list(struct svc *sv, const char *only, struct err *e)
{
	json_t *rows, *row;
	size_t i;
	int found = 0;

	if ((rows = settings_list(sv, e)) == NULL)
		return -1;
	json_array_foreach(rows, i, row) {
		const char *k = json_string_value(json_object_get(row, "key"));

		if (only != NULL && strcmp(k, only) != 0)
			continue;
		if (only != NULL)
			printf("%s\n", json_string_value(json_object_get(row, "value")));
		else
			printf("%-24s %s\n", k,
			    json_string_value(json_object_get(row, "value")));
		found++;
	}
	json_decref(rows);
	return found;
}

int
cmd_setting(int argc, char **argv)
{
	/* clang-format off */
	static const struct { const char *verb; int args; } verbs[] = {
		{ "list", 0 }, { "get", 1 }, { "set", 2 }, { "unset", 1 },
	};
	/* clang-format on */
	struct config_extra x = { NULL, "", NULL, NULL, true };
	const char *verb = argc >= 2 ? argv[1] : "", *value = NULL;
	struct arena a;
	struct config c;
	struct db *db;
	struct db_conn *conn;
	struct principal who;
	struct svc sv;
	struct err e;
	size_t v;
	int rc = 0, n;

	if (strcmp(verb, "--help") == 0 || strcmp(verb, "help") == 0) {
		fputs(setting_help, stdout);
		return 0;
	}
	for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
		if (strcmp(verb, verbs[v].verb) == 0)
			break;
	if (v == sizeof(verbs) / sizeof(verbs[0])) {
		config_die("setting: expected list, get, set or unset; see p2ham setting "
			   "--help");
		return 2;
	}
	argc--;
	argv++;
	if (config_setup_extra(&c, argc, argv,
		"Show and change the installation's settings.", false, &x, &rc) < 0)
		return rc;
	if (argc - optind != verbs[v].args) {
		config_die("setting %s: expected %s; see p2ham setting --help", verb,
		    verbs[v].args == 0       ? "no argument"
			: verbs[v].args == 1 ? "KEY"
					     : "KEY VALUE");
		return 2;
	}
	if (verbs[v].args > 0 && !key_valid(argv[optind])) {
		config_die(
		    "setting: '%s' is not a key: lower-case letters, digits, '.', '_' "
		    "and '-', starting with a letter, at most %d bytes",
		    argv[optind], SETTING_KEY_MAX);
		return 2;
	}
	arena_init(&a, 0);
	if (verbs[v].args == 2 && (value = value_checked(argv[optind + 1], &a)) == NULL) {
		arena_free(&a);
		config_die(
		    "setting: the value must be one line of UTF-8 text of at most %d "
		    "characters",
		    SETTING_VALUE_MAX);
		return 2;
	}
	if ((db = config_open_conn(&c, "setting", &conn)) == NULL) {
		arena_free(&a);
		return 1;
	}
	err_clear(&e);
	svc_cli(&sv, &who, conn, &a, 0, "cli", time(NULL), c.data_dir, NULL);
	switch (v) {
	case 0:
	case 1:
		if ((n = list(&sv, v == 1 ? argv[optind] : NULL, &e)) < 0)
			rc = config_die("setting: %s", e.msg);
		else if (v == 1 && n == 0)
			rc = config_die("setting: %s is not set", argv[optind]);
		break;
	default:
		if (settings_change(&sv, argv[optind], v == 2 ? value : NULL, &e) < 0)
			rc = config_die("setting: %s", e.msg);
		else
			printf("p2ham: %s %s\n", argv[optind], v == 2 ? "set" : "removed");
		break;
	}
	db_close(db);
	arena_free(&a);
	return rc;
}
