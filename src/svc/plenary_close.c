/*
 * plenary_close.c - closing a plenary session: the board checked for a
 * recommendation on each participation, the minutes (Berita Acara Rapat
 * Pleno) made before the transaction, then put on the record with the
 * session's closing, which locks the scores (see plenary.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "svc/audit.h"
#include "svc/document_words.h"
#include "svc/plenary.h"
#include "svc/scoring.h"

/* What the minutes say of the board, and the first participation's unit
 * (the document is kept under it). */
struct board_facts {
	json_t *entries; /* [{unit_name, total, predicate,
			    recommended, recommendation, reason}] */
	int64_t first_pid;
	int64_t first_unit;
	const char *cycle_title;
	enum tz tz;
};

/* One participation of the board into f: 0, 1 when it awaits a
 * recommendation (its unit's name added to b), -1 with e. */
static int
board_entry(struct svc *s, int64_t pid, struct board_facts *f, struct buf *b, struct err *e)
{
	char n[RULEBOOK_NUMBER_LEN];
	struct assessment a;
	json_t *r;
	bool rec;
	int rc = -1;

	if (assessment_load(s, pid, &a, e) < 0)
		goto out;
	if (f->first_pid == 0) {
		f->first_pid = pid;
		f->first_unit = a.b.p.unit_id;
		f->cycle_title = a.b.p.cycle_title;
		f->tz = a.b.p.tz;
	}
	if ((r = a.recommendation) == NULL) {
		buf_printf(b, "%s%s", b->len ? ", " : "", a.b.p.unit_name);
		rc = 1;
		goto out;
	}
	rec = json_integer_value(json_object_get(r, "recommended")) != 0;
	json_array_append_new(f->entries,
	    json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "unit_name", a.b.p.unit_name, "total",
		rulebook_number_text(a.result.total_shown, RULEBOOK_LANG_ID, false, n), "predicate",
		a.result.predicate ? rb_text_get(&a.result.predicate->label, RULEBOOK_LANG_ID)
				   : "-",
		"recommended", rec, "recommendation",
		i18n_get(LANG_ID, rec ? "plenary.recommended" : "plenary.not_recommended"),
		"reason", json_string_value(json_object_get(r, "reason"))));
	rc = 0;
out:
	assessment_free(&a);
	return rc;
}

/* The board of the open session *plenary of cycle, every participation
 * decided: f filled; else -1 with e naming those that are not. */
static int
board_ready(struct svc *s, int64_t cycle, int64_t *plenary, struct board_facts *f,
    struct err *e)
{
	json_t *open = NULL, *ids, *v;
	struct buf b;
	size_t i;
	int rc = 0, k;

	memset(f, 0, sizeof(*f));
	if (plenary_current(s, cycle, &open, e) < 0)
		return -1;
	if (open == NULL) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "plenary.not_open"));
		return -1;
	}
	*plenary = json_integer_value(json_object_get(open, "id"));
	json_decref(open);
	if ((ids = plenary_board(s, cycle, *plenary, e)) == NULL)
		return -1;
	f->entries = json_array();
	buf_init(&b, 0);
	json_array_foreach(ids, i, v)
		if ((k = board_entry(s, json_integer_value(v), f, &b, e)) < 0) {
			rc = -1;
			break;
		}
	if (rc == 0 && json_array_size(ids) == 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "plenary.board_empty"));
		rc = -1;
	} else if (rc == 0 && b.len > 0) {
		err_set(e, ERR_REFUSED, "%s",
		    i18n_subst(s->arena, svc_msg(s, "plenary.undecided"), "units",
			buf_cstr(&b), (const char *)NULL));
		rc = -1;
	}
	buf_free(&b);
	json_decref(ids);
	if (rc < 0) {
		json_decref(f->entries);
		f->entries = NULL;
	}
	return rc;
}

/* The session's row and attendees for the minutes' model. */
static json_t *
session_model(struct svc *s, int64_t cycle, int64_t plenary, struct err *e)
{
	json_t *rows = NULL, *row = NULL, *att = NULL, *m = NULL;
	size_t i;

	if (db_exec(s->c, DB_PLENARY_LIST, (struct db_param[]){ DBP_INT(cycle) }, 1,
		&rows, e) < 0)
		return NULL;
	for (i = 0; (row = json_array_get(rows, i)) != NULL; i++)
		if (json_integer_value(json_object_get(row, "id")) == plenary)
			break;
	if (row != NULL &&
	    db_exec(s->c, DB_PLENARY_ATTENDEES, (struct db_param[]){ DBP_INT(plenary) },
		1, &att, e) == 0)
		m = json_pack("{s:s, s:O, s:o}", "date",
		    time_date_text(s->arena,
			json_string_value(json_object_get(row, "held_on")), TIME_ID),
		    "place", json_object_get(row, "place"), "attendees", att);
	json_decref(rows);
	if (m == NULL && e->kind == ERR_NONE)
		err_set(e, ERR_NOMEM, "out of memory");
	return m;
}

/* Make the minutes of f before the transaction (document_prepare). */
static int
make_minutes(struct svc *s, int64_t cycle, int64_t plenary, const struct board_facts *f,
    struct doc_prepared *doc, struct err *e)
{
	const char *signer, *title;
	json_t *m;
	int rc;

	if ((signer = svc_actor_name(s, e)) == NULL ||
	    (m = session_model(s, cycle, plenary, e)) == NULL)
		return -1;
	title = arena_printf(s->arena, "%s %s", i18n_get(LANG_ID, "plenary.minutes_of"),
	    f->cycle_title);
	json_object_set_new(m, "cycle", json_string(f->cycle_title));
	json_object_set_new(m, "meeting", json_string(title));
	json_object_set(m, "entries", f->entries);
	json_object_set_new(m, "count", json_integer((json_int_t)json_array_size(f->entries)));
	json_object_set_new(m, "chair_name", json_string(signer));
	/* The minutes are kept under the board's first participation; the
	 * meeting's name stands where a unit's would. */
	rc = document_words_prepare(s, DOC_PLENARY_MINUTES, LANG_ID, m, f->first_pid,
	    f->first_unit, title, doc, e);
	json_decref(m);
	return rc;
}

/* Record doc and close the session, in the transaction. */
static int
close_write(struct svc *s, int64_t cycle, int64_t plenary, const struct doc_prepared *doc,
    struct err *e)
{
	char now[TIME_ISO_LEN];
	int64_t doc_id = 0;

	if (document_record(s, doc, &doc_id, e) < 0 ||
	    svc_exec_one(s, DB_PLENARY_CLOSE,
		(struct db_param[]){ DBP_INT(plenary), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL,
		    DBP_TEXT(time_iso(s->now, now)), DBP_INT(doc_id), DBP_TEXT(doc->serial) },
		5, "plenary.not_open", e) < 0)
		return -1;
	return svc_audit_new(s, "plenary.close", "cycle", cycle,
	    json_pack("{s:I, s:s}", "plenary", (json_int_t)plenary, "document", doc->serial),
	    e);
}

int
plenary_close(struct svc *s, int64_t cycle, char serial[DOC_SERIAL_LEN], struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = cycle };
	struct doc_prepared doc;
	struct board_facts f = { 0 }, g = { 0 };
	int64_t plenary = 0, again = 0;
	int rc = -1;

	memset(&doc, 0, sizeof(doc));
	if (serial != NULL)
		serial[0] = '\0';
	if (svc_authorize(s, ACT_DECREE, &ref, e) < 0 ||
	    board_ready(s, cycle, &plenary, &f, e) < 0 ||
	    make_minutes(s, cycle, plenary, &f, &doc, e) < 0 || svc_begin(s, e) < 0)
		goto out;
	if (board_ready(s, cycle, &again, &g, e) < 0 || again != plenary ||
	    close_write(s, cycle, plenary, &doc, e) < 0 || svc_commit(s, e) < 0) {
		if (again != plenary && e->kind == ERR_NONE)
			err_set(e, ERR_REFUSED, "%s",
			    svc_msg(s, "participation.refusal.changed"));
		svc_rollback(s);
		goto out;
	}
	if (serial != NULL)
		snprintf(serial, DOC_SERIAL_LEN, "%s", doc.serial);
	rc = 0;
out:
	if (rc < 0)
		document_abandon(s, &doc);
	json_decref(f.entries);
	json_decref(g.entries);
	return rc;
}
