/*
 * versioned.c - the answers `p2ham rulebook` and `p2ham survey` give alike.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/config.h"
#include "cmd/versioned.h"

void
versioned_problems(const char *label, const struct rulebook_problems *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		printf("%s: %s\n", label, p->msgs[i]);
	if (p->total > p->count)
		printf("%s: ... and %zu more problems\n", label, p->total - p->count);
}

/* Say what importing file came to, under the command's name cmd ("rulebook
 * import") about a noun ("rulebook"); the exit status (0 or 1). */
static int
versioned_report(const char *cmd, const char *noun, const char *file,
    const struct versioned_import *r)
{
	switch (r->outcome) {
	case VO_IMPORTED:
		printf("p2ham: %s %s version %" PRId64 " imported as id %" PRId64
		       ", sha256 %s\n",
		    noun, r->code, r->version, r->id, r->sha256);
		return 0;
	case VO_PRESENT:
		printf("p2ham: %s %s version %" PRId64 " is stored already with the same "
		       "content (id %" PRId64 "); nothing changed\n",
		    noun, r->code, r->version, r->id);
		return 0;
	case VO_CONFLICT:
		return config_die(
		    "%s: %s version %" PRId64 " is stored already with other "
		    "content (stored sha256 %s, this file %s); a stored %s never "
		    "changes: raise \"version\" and import it as a new version",
		    cmd, r->code, r->version, r->stored_sha256, r->sha256, noun);
	default:
		versioned_problems(file, &r->problems);
		return config_die("%s: %s has %zu problem%s; nothing imported", cmd, file,
		    r->problems.total, r->problems.total == 1 ? "" : "s");
	}
}

/* The options of `NAME verb FILE` (help their text) into c, "NAME verb"
 * into cmd, and FILE's text (malloc'd; its length in *len); NULL with *rc
 * the exit status when the options or the file will not do. */
static char *
file_command(int argc, char **argv, const struct versioned_cmd *vc, const char *verb,
    const char *help, struct config *c, char cmd[64], size_t *len, int *rc)
{
	struct config_extra x = { .positional = true };

	if (config_setup_extra(c, argc, argv, help, false, &x, rc) < 0)
		return NULL;
	snprintf(cmd, 64, "%s %s", vc->name, verb);
	return config_file_arg(argc, argv, cmd, vc->file_noun, vc->file_max, len, rc);
}

int
versioned_validate(int argc, char **argv, const void *arg)
{
	const struct versioned_cmd *vc = arg;
	struct versioned_head h = { 0 };
	struct rulebook_problems p;
	struct config c;
	struct arena a;
	json_t *doc = NULL;
	char cmd[64], hex[RULEBOOK_SHA256_HEX_LEN], *text, *canon;
	const void *parsed;
	size_t len;
	int rc = 0;

	if ((text = file_command(argc, argv, vc, "validate", vc->validate_help, &c, cmd,
		 &len, &rc)) == NULL)
		return rc;
	arena_init(&a, 0);
	if ((parsed = vc->kind->parse(text, len, &a, &doc, &h, &p)) == NULL) {
		versioned_problems(argv[optind], &p);
		printf("%s: %zu problem%s\n", argv[optind], p.total, p.total == 1 ? "" : "s");
		rc = 1;
	} else if ((canon = rulebook_canonical(doc, NULL, hex)) == NULL)
		rc = config_die("out of memory");
	else {
		printf("%s: valid: %s version %" PRId64, argv[optind], h.code, h.version);
		vc->counts(parsed);
		printf(", sha256 %s\n", hex);
		free(canon);
	}
	json_decref(doc);
	arena_free(&a);
	free(text);
	return rc;
}

int
versioned_import_cmd(int argc, char **argv, const void *arg)
{
	const struct versioned_cmd *vc = arg;
	struct versioned_import r;
	struct db_conn *conn = NULL;
	struct config c;
	struct db *db;
	struct arena a;
	struct err e;
	char cmd[64], *text;
	size_t len;
	int rc = 0;

	if ((text = file_command(argc, argv, vc, "import", vc->import_help, &c, cmd, &len,
		 &rc)) == NULL)
		return rc;
	if ((db = config_open_conn(&c, cmd, &conn)) == NULL) {
		free(text);
		return 1;
	}
	arena_init(&a, 0);
	err_clear(&e);
	if (versioned_import(conn, vc->kind, text, len, "cli", &a, &r, &e) < 0)
		rc = config_die("%s: %s", cmd, e.msg);
	else
		rc = versioned_report(cmd, vc->noun, argv[optind], &r);
	arena_free(&a);
	db_close(db);
	free(text);
	return rc;
}

int
versioned_list(int argc, char **argv, const void *arg)
{
	const struct versioned_cmd *vc = arg;
	const char *cmd = argv[0];
	struct db_conn *conn = NULL;
	struct config c;
	struct db *db;
	struct err e;
	json_t *rows = NULL, *row;
	size_t i;
	int rc = 0;

	if (config_setup(&c, argc, argv, vc->list_help, false, &rc) < 0)
		return rc;
	if ((db = config_open_conn(&c, cmd, &conn)) == NULL)
		return 1;
	err_clear(&e);
	if (db_exec(conn, vc->list, NULL, 0, &rows, &e) < 0)
		rc = config_die("%s: %s", cmd, e.msg);
	else {
		printf("%-4s %-24s %-7s %-22s %-12s %s\n", "ID", "CODE", "VERSION",
		    "LEGAL BASIS", "SHA256", "TITLE");
		json_array_foreach(rows, i, row)
			printf("%-4lld %-24s %-7lld %-22s %-12.12s %s\n",
			    (long long)json_integer_value(json_object_get(row, "id")),
			    json_string_value(json_object_get(row, "code")),
			    (long long)json_integer_value(json_object_get(row, "version")),
			    json_string_value(json_object_get(row, "legal_basis")),
			    json_string_value(json_object_get(row, "sha256")),
			    json_string_value(json_object_get(row, "title_id")));
	}
	json_decref(rows);
	db_close(db);
	return rc;
}
