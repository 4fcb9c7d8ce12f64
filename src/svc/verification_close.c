/*
 * verification_close.c - site visits and the closing of verification with
 * its report, the Berita Acara Verifikasi (see verification.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/document_words.h"
#include "svc/verification.h"
#include "base/timefmt.h"

/* The visit's checks before anything is stored: guarded, a day not after
 * today, who was present and what was found. */
static int
visit_check(struct svc *s, const struct visit_in *in, struct participation *p,
    struct machine_step *step, struct err *e)
{
	char today[TIME_DATE_LEN];

	if (participation_load(s, in->participation, p, e) < 0 ||
	    participation_guard(s, p, TR_VERIFY, false, step, e) < 0)
		return -1;
	if (!time_is_date(in->date) ||
	    strcmp(in->date, participation_today(p, s->now, today)) > 0) {
		err_set(e, ERR_INVALID, "%s", svc_msg(s, "assessment.visit.bad_date"));
		return -1;
	}
	if (in->present == NULL || in->present[0] == '\0' || in->findings == NULL ||
	    in->findings[0] == '\0') {
		err_set(e, ERR_INVALID, "%s", svc_msg(s, "assessment.visit.required"));
		return -1;
	}
	return 0;
}

int
verification_visit(struct svc *s, const struct visit_in *in, bool *upload_refused,
    struct err *e)
{
	struct file_place place = { .participation = in->participation, .purpose = FILE_PHOTO };
	struct participation p;
	struct machine_step step;
	struct stored_file sf;
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	int64_t visit;
	size_t i;
	int rc = -1;

	if (upload_refused != NULL)
		*upload_refused = false;
	if (visit_check(s, in, &p, &step, e) < 0)
		return -1;
	/* Every photo is checked and stored before the transaction. */
	for (i = 0; i < in->photo_count; i++)
		if (files_keep(s, &in->photos[i], FILE_PHOTO, e) < 0) {
			if (upload_refused != NULL)
				*upload_refused = e->status == 422;
			return -1;
		}
	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (visit_check(s, in, &p, &step, e) < 0 ||
	    db_exec(s->c, DB_SITE_VISIT_ADD,
		(struct db_param[]){ DBP_INT(p.id), DBP_TEXT(in->date),
		    DBP_TEXT(in->present), DBP_TEXT(in->findings),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now),
		    in->recorded_offline_at ? DBP_TEXT(in->recorded_offline_at) : DBP_NULL },
		7, &rows, e) < 0)
		goto end;
	visit = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	for (i = 0; i < in->photo_count; i++)
		if (files_accept(s, &place, &in->photos[i], &sf, e) < 0 ||
		    db_exec(s->c, DB_SITE_VISIT_FILE_ADD,
			(struct db_param[]){ DBP_INT(visit), DBP_INT(sf.id) }, 2, NULL, e) < 0)
			goto end;
	if (participation_event_audit(s, &p, "site_visit", in->date, "site_visit.create",
		in->recorded_offline_at == NULL
		    ? json_pack("{s:I, s:s, s:I}", "visit", (json_int_t)visit, "date",
			  in->date, "photos", (json_int_t)in->photo_count)
		    : json_pack("{s:I, s:s, s:I, s:s}", "visit", (json_int_t)visit,
			  "date", in->date, "photos", (json_int_t)in->photo_count,
			  "recorded_offline_at", in->recorded_offline_at),
		e) < 0)
		goto end;
	rc = 0;
end:
	return svc_end(s, rc, e);
}

int
verification_drop_visit_photos(struct svc *s, int64_t pid, json_t *files, struct err *e)
{
	json_t *rows = NULL, *r;
	size_t i, j;
	bool visit;

	if (db_exec(s->c, DB_SITE_VISIT_FILES, (struct db_param[]){ DBP_INT(pid) }, 1,
		&rows, e) < 0)
		return -1;
	for (i = 0; i < json_array_size(files);) {
		visit = false;
		json_array_foreach(rows, j, r)
			if (json_integer_value(json_object_get(r, "id")) ==
			    json_integer_value(json_object_get(json_array_get(files, i), "id")))
				visit = true;
		if (visit)
			json_array_remove(files, i);
		else
			i++;
	}
	json_decref(rows);
	return 0;
}

/* The indicators with their latest verdict and note, the rounds and the
 * visits, as the report's template gets them. */
static json_t *
doc_model(struct svc *s, const struct verification *v, const char *verifier)
{
	const struct rulebook *rb = v->b.rb;
	const struct participation *p = &v->b.p;
	json_t *inds = json_array(), *rounds = json_array(), *visits = json_array(), *r;
	char key[64];
	size_t i, j;

	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++) {
			const struct rb_indicator *ind = &rb->criteria[i].indicators[j];
			json_t *last = json_object_get(v->latest, ind->code);

			if (!rulebook_indicator_applies(rb, ind, p->unit_type))
				continue;
			snprintf(key, sizeof(key), "assessment.verdict.label.%s",
			    json_string_value(json_object_get(last, "verdict")));
			json_array_append_new(inds,
			    json_pack("{s:s, s:s, s:s, s:s}", "code", ind->code, "text",
				rb_text_get(&ind->text, RULEBOOK_LANG_ID), "verdict",
				i18n_get(LANG_ID, key), "note",
				json_string_value(json_object_get(last, "note"))
				    ? json_string_value(json_object_get(last, "note"))
				    : ""));
		}
	json_array_foreach(v->rounds, i, r)
		json_array_append_new(rounds,
		    json_pack("{s:I, s:s, s:I}", "number",
			json_integer_value(json_object_get(r, "number")), "deadline",
			time_date_text(s->arena,
			    json_string_value(json_object_get(r, "deadline_date")), TIME_ID),
			"items", (json_int_t)json_object_size(json_object_get(r, "items"))));
	json_array_foreach(v->visits, i, r)
		json_array_append_new(visits,
		    json_pack("{s:s, s:O, s:O}", "date",
			time_date_text(s->arena,
			    json_string_value(json_object_get(r, "visit_date")), TIME_ID),
			"present", json_object_get(r, "present"), "findings",
			json_object_get(r, "findings")));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:b, s:I, s:s}", "date",
	    time_local_text(s->arena, s->now, tz_offset(p->tz), NULL,
		i18n_time_lang(LANG_ID), TIME_DATE),
	    "unit_name", p->unit_name, "cycle", p->cycle_title, "verifier_name", verifier,
	    "indicators", inds, "rounds", rounds, "has_rounds", json_array_size(rounds) > 0,
	    "visits", visits, "has_visits", json_array_size(visits) > 0, "round_count",
	    (json_int_t)json_array_size(rounds), "province", p->province_name);
}

/* Load pid and guard the closing (complete: every verdict final). */
static int
close_guard(struct svc *s, int64_t pid, struct verification *v, struct machine_step *step,
    struct err *e)
{
	if (verification_load(s, pid, v, e) < 0 ||
	    participation_guard(s, &v->b.p, TR_CLOSE_VERIFICATION, v->all_final, step, e) < 0)
		return -1;
	return 0;
}

/* The report, made before the closing's transaction. */
static int
make_report(struct svc *s, int64_t pid, struct doc_prepared *doc, struct err *e)
{
	struct verification v;
	struct machine_step step;
	const char *name;
	json_t *model = NULL;
	int rc = -1;

	if (close_guard(s, pid, &v, &step, e) < 0 || (name = svc_actor_name(s, e)) == NULL)
		goto out;
	if ((model = doc_model(s, &v, name)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = document_words_prepare(s, DOC_VERIFICATION_REPORT, LANG_ID, model, v.b.p.id,
	    v.b.p.unit_id, v.b.p.unit_name, doc, e);
out:
	json_decref(model);
	verification_free(&v);
	return rc;
}

int
verification_close(struct svc *s, int64_t pid, char serial[DOC_SERIAL_LEN], struct err *e)
{
	struct doc_prepared doc;
	struct verification v;
	struct machine_step step;
	char now[TIME_ISO_LEN];
	int64_t doc_id = 0;
	int rc = -1;

	memset(&doc, 0, sizeof(doc));
	memset(&v, 0, sizeof(v));
	if (make_report(s, pid, &doc, e) < 0 || svc_begin(s, e) < 0)
		goto out;
	time_iso(s->now, now);
	if (close_guard(s, pid, &v, &step, e) < 0 || document_record(s, &doc, &doc_id, e) < 0 ||
	    svc_exec_moved(s, DB_VERIFICATION_CLOSE_ADD,
		(struct db_param[]){ DBP_INT(pid), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL,
		    DBP_TEXT(now), DBP_INT(doc_id), DBP_TEXT(doc.serial) },
		5, e) < 0 ||
	    participation_apply(s, &v.b.p, TR_CLOSE_VERIFICATION, &step, doc.serial, e) < 0 ||
	    svc_audit_new(s, "verification.close", "participation", pid,
		json_pack("{s:s, s:I, s:I}", "document", doc.serial, "final",
		    (json_int_t)v.final_count, "rounds", (json_int_t)json_array_size(v.rounds)),
		e) < 0)
		goto end;
	rc = 0;
end:
	if ((rc = svc_end(s, rc, e)) == 0 && serial != NULL)
		snprintf(serial, DOC_SERIAL_LEN, "%s", doc.serial);
out:
	if (rc < 0)
		document_abandon(s, &doc);
	verification_free(&v);
	return rc;
}
