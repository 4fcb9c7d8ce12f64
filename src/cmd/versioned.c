/*
 * versioned.c - the answers `p2ham rulebook` and `p2ham survey` give alike.
 */
#include <inttypes.h>
#include <stdio.h>

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

int
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
		versioned_problems(file, r->problems);
		return config_die("%s: %s has %zu problem%s; nothing imported", cmd, file,
		    r->problems->total, r->problems->total == 1 ? "" : "s");
	}
}

int
versioned_list(int argc, char **argv, const char *cmd, const char *help, enum db_stmt st)
{
	struct db_conn *conn = NULL;
	struct config c;
	struct db *db;
	struct err e;
	json_t *rows = NULL, *row;
	size_t i;
	int rc = 0;

	if (config_setup(&c, argc, argv, help, false, &rc) < 0)
		return rc;
	if ((db = config_open_conn(&c, cmd, &conn)) == NULL)
		return 1;
	err_clear(&e);
	if (db_exec(conn, st, NULL, 0, &rows, &e) < 0)
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
