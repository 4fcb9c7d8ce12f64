/*
 * versioned.c - importing rulebooks and survey instruments (see versioned.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/embed.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/versioned.h"

#define SHIPPED_SUFFIX ".json"

/* Stored already (by us earlier, or by another process just now): PRESENT
 * or CONFLICT by its hash. */
static int
import_present(struct db_conn *c, const struct versioned_kind *k,
    struct versioned_import *out, struct err *e)
{
	json_t *rows = NULL, *row;
	const char *sha;

	if (db_exec(c, k->find,
		(struct db_param[]){ DBP_TEXT(out->code), DBP_INT(out->version) }, 2,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	out->id = json_integer_value(json_object_get(row, "id"));
	sha = json_string_value(json_object_get(row, "sha256"));
	snprintf(out->stored_sha256, sizeof(out->stored_sha256), "%s", sha ? sha : "");
	out->outcome = strcmp(out->stored_sha256, out->sha256) == 0 ? VO_PRESENT : VO_CONFLICT;
	json_decref(rows);
	return 0;
}

int
versioned_import(struct db_conn *c, const struct versioned_kind *k, const char *text,
    size_t len, const char *actor, struct arena *a, struct versioned_import *out,
    struct err *e)
{
	struct versioned_head h = { 0 };
	struct db_param p[10];
	char now[TIME_ISO_LEN], *canon = NULL;
	json_t *doc = NULL, *rows = NULL, *summary = NULL;
	size_t n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (k->parse(text, len, a, &doc, &h, &out->problems) == NULL) {
		out->outcome = VO_INVALID;
		return 0;
	}
	out->code = h.code;
	out->version = h.version;
	if ((canon = rulebook_canonical(doc, NULL, out->sha256)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	p[n++] = DBP_TEXT(h.code);
	p[n++] = DBP_INT(h.version);
	p[n++] = DBP_TEXT(h.title->s[RULEBOOK_LANG_ID]);
	p[n++] = DBP_TEXT(h.title->s[RULEBOOK_LANG_EN]);
	p[n++] = DBP_TEXT(h.legal_number);
	if (k->has_legal_date)
		p[n++] = DBP_TEXT(h.legal_date);
	p[n++] = DBP_TEXT(canon);
	p[n++] = DBP_TEXT(out->sha256);
	p[n++] = DBP_TEXT(time_iso(time(NULL), now));
	p[n++] = DBP_TEXT(actor);
	if (db_begin(c, e) < 0)
		goto done;
	if (db_exec(c, k->insert, p, n, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		db_rollback(c);
		rc = import_present(c, k, out, e);
		goto done;
	}
	out->id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	summary = json_pack("{s:s, s:I, s:s}", "code", h.code, "version",
	    (json_int_t)h.version, "sha256", out->sha256);
	if (summary == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (audit_append(c,
		&(struct audit_entry){ .actor = actor,
		    .action = k->action,
		    .object_type = k->object_type,
		    .object_id = out->id,
		    .summary = summary },
		e) < 0 ||
	    db_commit(c, e) < 0)
		goto fail;
	out->outcome = VO_IMPORTED;
	rc = 0;
	goto done;
fail:
	db_rollback(c);
done:
	json_decref(summary);
	json_decref(rows);
	json_decref(doc);
	free(canon);
	return rc;
}

int
versioned_import_shipped(struct db *db, const struct versioned_kind *k, int *imported,
    int *present, struct err *e)
{
	struct versioned_import r;
	struct db_conn *c;
	struct arena a;
	size_t i;
	int rc = 0;

	*imported = *present = 0;
	if ((c = db_conn(db, e)) == NULL)
		return -1;
	for (i = 0; i < embed_count && rc == 0; i++) {
		const struct embed_file *f = &embed_files[i];

		if (!embed_under(f, k->prefix, SHIPPED_SUFFIX))
			continue;
		arena_init(&a, 0);
		if (versioned_import(c, k, (const char *)f->data, f->len, "cli", &a, &r, e) < 0)
			rc = -1;
		else if (r.outcome == VO_IMPORTED)
			(*imported)++;
		else if (r.outcome == VO_PRESENT)
			(*present)++;
		else {
			err_set(e, k->invalid, "%s %s: %s", k->shipped, f->name,
			    r.outcome == VO_CONFLICT ? "another content is stored under "
						       "its code and version"
				: r.problems.count > 0 ? r.problems.msgs[0]
						       : "invalid");
			rc = -1;
		}
		arena_free(&a);
	}
	return rc;
}
