/*
 * complaints_file.c - filing a complaint on the public form: the checks
 * field by field, the attachments through the upload pipeline of evidence
 * (same types and size limit, plus a limit for the whole complaint), the
 * tracking code and the first deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/complaints_int.h"

static bool
category_known(struct svc *s, const char *code, struct err *e, bool *known)
{
	json_t *rows = NULL, *r;
	size_t i;

	*known = false;
	if (db_exec(s->c, DB_COMPLAINT_CATEGORIES, NULL, 0, &rows, e) < 0)
		return false;
	json_array_foreach(rows, i, r)
		if (code != NULL && strcmp(cmp_str(r, "code"), code) == 0)
			*known = true;
	json_decref(rows);
	return true;
}

/* The checks of in; *unit receives the unit's row when it is one. */
static int
check(struct svc *s, const struct complaint_in *in, struct svc_problems *pr,
    json_t **unit, struct err *e)
{
	char today[TIME_DATE_LEN];
	uint64_t bytes = 0;
	bool known;
	int y, m, d;
	size_t i;

	*unit = NULL;
	if (in->unit > 0 &&
	    (*unit = db_row(s->c, DB_COMPLAINT_UNIT, in->unit, "unit", e)) == NULL &&
	    e->status != 404)
		return -1;
	if (*unit == NULL)
		svc_problem(pr, "unit", svc_msg(s, "complaints.problem.unit"));
	if (!category_known(s, in->category, e, &known))
		return -1;
	if (!known)
		svc_problem(pr, "kategori", svc_msg(s, "complaints.problem.category"));
	cmp_text_problem(s, pr, "uraian", in->body, COMPLAINT_BODY_MAX,
	    "complaints.problem.required");
	if (!str_blank(in->happened_on)) {
		time_local_date(s->now, tz_offset(*unit ? cmp_tz(*unit) : TZ_WIT), today);
		if (time_parse_date(in->happened_on, &y, &m, &d) < 0)
			svc_problem(pr, "tanggal", svc_msg(s, "complaints.problem.date"));
		else if (strcmp(in->happened_on, today) > 0)
			svc_problem(pr, "tanggal", svc_msg(s, "complaints.problem.future"));
	}
	cmp_text_problem(s, pr, "tempat", in->place, COMPLAINT_LINE_MAX, NULL);
	cmp_text_problem(s, pr, "nama", in->name, COMPLAINT_LINE_MAX, NULL);
	cmp_text_problem(s, pr, "kontak", in->contact, COMPLAINT_LINE_MAX, NULL);
	if ((!str_blank(in->name) || !str_blank(in->contact)) && !in->consent)
		svc_problem(pr, "persetujuan", svc_msg(s, "complaints.problem.consent"));
	for (i = 0; i < in->file_count; i++)
		bytes += in->files[i].size;
	if (in->file_count > COMPLAINT_FILES_MAX || bytes > COMPLAINT_BYTES_MAX)
		svc_problem(pr, "lampiran", svc_msg(s, "complaints.problem.files"));
	return 0;
}

/* The file's name without any folder. */
static const char *
base_name(const char *name)
{
	const char *p = name != NULL ? name : "";
	const char *slash = strrchr(p, '/'), *back = strrchr(p, '\\');

	if (back != NULL && (slash == NULL || back > slash))
		slash = back;
	return slash != NULL ? slash + 1 : p;
}

static int
insert(struct svc *s, const struct complaint_in *in, json_t *unit, const char *code,
    int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN], due[TIME_ISO_LEN], local[TIME_DATE_LEN];
	bool who = !str_blank(in->name) || !str_blank(in->contact);
	int days[DAYS_MAX];
	time_t t;
	json_t *rows = NULL;
	struct db_param p[24];
	int rc;

	if (complaint_days(s, days, e) < 0 ||
	    cmp_deadline(s, s->now, days[DAYS_TRIAGE], cmp_tz(unit), &t, e) < 0)
		return -1;
	time_iso(s->now, now);
	time_iso(t, due);
	time_local_date(s->now, tz_offset(cmp_tz(unit)), local);
	p[0] = DBP_TEXT(code);
	p[1] = DBP_INT(in->unit);
	p[2] = DBP_TEXT(in->category);
	p[3] = DBP_TEXT(in->body);
	p[4] = str_blank(in->happened_on) ? DBP_NULL : DBP_TEXT(in->happened_on);
	p[5] = DBP_TEXT(in->place ? in->place : "");
	p[6] = DBP_TEXT(who && in->name ? in->name : "");
	p[7] = DBP_TEXT(who && in->contact ? in->contact : "");
	p[8] = DBP_INT(who && in->consent);
	p[9] = DBP_INT(who && in->hide_identity);
	p[10] = DBP_TEXT("web");
	p[11] = DBP_NULL;
	p[12] = DBP_TEXT("new");
	p[13] = DBP_TEXT(now);
	p[14] = DBP_INT(strtol(local, NULL, 10));
	p[15] = DBP_TEXT(due);
	p[16] = DBP_TEXT(due);
	p[17] = in->nonce != NULL ? DBP_TEXT(in->nonce) : DBP_NULL;
	p[18] = p[19] = p[20] = p[21] = p[22] = p[23] = DBP_NULL;
	rc = db_exec(s->c, DB_COMPLAINT_INSERT, p, 24, &rows, e);
	if (rc == 0)
		*id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	return rc;
}

int
complaint_submit(struct svc *s, const struct complaint_in *in, struct svc_problems *pr,
    char code[COMPLAINT_CODE_LEN], int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *unit = NULL;
	int64_t cid = 0;
	size_t i;
	int tries, rc = -1;

	time_iso(s->now, now);
	if (check(s, in, pr, &unit, e) < 0)
		return -1;
	if (pr->count > 0) {
		json_decref(unit);
		return svc_refuse(pr, e);
	}
	for (i = 0; i < in->file_count; i++)
		if (files_keep(s, &in->files[i], FILE_EVIDENCE, e) < 0) {
			svc_problem(pr, "lampiran", arena_strdup(s->arena, e->msg));
			json_decref(unit);
			return svc_refuse(pr, e);
		}
	if (svc_begin(s, e) < 0) {
		json_decref(unit);
		return -1;
	}
	/* A new code on the rare clash; a clash of the nonce is a replay. */
	for (tries = 0;; tries++) {
		json_t *seen = NULL;

		cmp_make_code(code);
		if (db_exec(s->c, DB_COMPLAINT_BY_CODE,
			(struct db_param[]){ DBP_TEXT(code) }, 1, &seen, e) < 0)
			goto end;
		i = json_array_size(seen);
		json_decref(seen);
		if (i == 0 || tries == 5)
			break;
	}
	if (insert(s, in, unit, code, &cid, e) < 0) {
		if (e->status == 409)
			err_set(e, ERR_REFUSED, "%s", svc_msg(s, "complaints.problem.replay"));
		goto end;
	}
	if (cmp_step(s, cid, "filed", "", true, e) < 0)
		goto end;
	for (i = 0; i < in->file_count; i++)
		if (db_exec(s->c, DB_COMPLAINT_FILE_ADD,
			(struct db_param[]){ DBP_INT(cid), DBP_TEXT(in->files[i].sha256),
			    DBP_TEXT(base_name(in->files[i].name)), DBP_TEXT(in->files[i].mime),
			    DBP_INT((int64_t)in->files[i].size), DBP_TEXT(now) },
			6, NULL, e) < 0)
			goto end;
	if (svc_audit_new(s, "complaint.file", "complaint", cid,
		json_pack("{s:I, s:s, s:I}", "unit", (json_int_t)in->unit, "category",
		    in->category, "attachments", (json_int_t)in->file_count),
		e) < 0)
		goto end;
	rc = 0;
end:
	json_decref(unit);
	if ((rc = svc_end(s, rc, e)) == 0 && id != NULL)
		*id = cid;
	return rc;
}
