/*
 * complaints_lapor.c - SP4N-LAPOR! complaint exports in and out, and the
 * holiday calendar. The CSV has one header row with the columns of
 * lapor_cols (docs/complaints.md); the import is all or nothing: every row
 * is checked first and one problem writes nothing, the report naming each
 * problem's line. The export writes p2ham's complaints in the same shape,
 * without the complainant's identity or text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/code.h"
#include "base/csv.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "svc/audit.h"
#include "svc/complaints_int.h"
#include "svc/registry.h"
#include "svc/registry_import.h"

/* The columns of an SP4N-LAPOR! export this reads, by their headers. */
/* clang-format off */
#define LAPOR_COLUMNS(X) \
	X(COL_REF, "nomor_tiket") \
	X(COL_FILED, "tanggal_laporan") \
	X(COL_UNIT, "instansi") \
	X(COL_CATEGORY, "kategori") \
	X(COL_STATUS, "status") \
	X(COL_TRIAGED, "tanggal_disposisi") \
	X(COL_ANSWERED, "tanggal_tindak_lanjut") \
	X(COL_CLOSED, "tanggal_selesai")
/* clang-format on */

enum lapor_col { LAPOR_COLUMNS(CODE_ENUM) COL_MAX };

static const char *const lapor_cols[COL_MAX] = { LAPOR_COLUMNS(CODE_ENTRY) };

/* SP4N-LAPOR!'s status words and ours. */
static const struct {
	const char *lapor, *status;
} statuses[] = {
	{ "belum terverifikasi", "new" },
	{ "terverifikasi", "in_progress" },
	{ "diproses", "in_progress" },
	{ "ditindaklanjuti", "answered" },
	{ "selesai", "closed" },
	{ "ditolak", "rejected" },
	{ "arsip", "rejected" },
};

/* One checked row, ready to write. */
struct lapor_row {
	char ref[81];
	int64_t unit;
	enum tz tz;
	const char *category, *status;
	time_t at[4]; /* filed, triaged, answered, closed; 0 unknown */
};

static void
problem(struct svc *s, struct import_report *r, size_t line, const char *column, const char *key)
{
	if (r->problems_total++ >= IMPORT_PROBLEMS_MAX)
		return;
	r->problems[r->problem_count++] = (struct import_problem){ line, column, NULL,
		svc_msg(s, key) };
}

/* The digits of a clock field at *p, one or two, as a number below
 * limit, *p moved past them; -1 when there are none or more. */
static int
clock_field(const char **p, int width_min, int limit)
{
	int v = 0, n = 0;

	for (; n < 2 && **p >= '0' && **p <= '9'; (*p)++, n++)
		v = v * 10 + (**p - '0');
	return n >= width_min && v < limit ? v : -1;
}

/* "2026-03-02", or with its time "2026-03-02 14:30" (an hour of one
 * digit, a 'T' for the blank and seconds, which are dropped, are taken
 * too), in zone tz into *t; -1 otherwise. */
static int
local_time(const char *v, enum tz tz, time_t *t)
{
	int y, m, d, hh = 12, mm = 0;
	const char *p = v + 10;
	char day[11];

	if (strlen(v) < 10)
		return -1;
	memcpy(day, v, 10);
	day[10] = '\0';
	if (time_parse_date(day, &y, &m, &d) < 0)
		return -1;
	if (*p != '\0') {
		if (*p != ' ' && *p != 'T')
			return -1;
		p++;
		if ((hh = clock_field(&p, 1, 24)) < 0 || *p++ != ':' ||
		    (mm = clock_field(&p, 2, 60)) < 0 ||
		    (*p == ':' && (p++, clock_field(&p, 2, 61)) < 0) || *p != '\0')
			return -1;
	}
	*t = cycle_day_start(y, m, d, tz) + hh * 3600 + mm * 60;
	return 0;
}

static const char *
category_of(json_t *cats, const char *v)
{
	json_t *c;
	size_t i;

	json_array_foreach(cats, i, c)
		if (strcasecmp(cmp_str(c, "code"), v) == 0 ||
		    strcasecmp(cmp_str(c, "label_id"), v) == 0)
			return cmp_str(c, "code");
	return "lainnya";
}

/* Check one record into *out; problems into r. */
static int
check_row(struct svc *s, const struct csv_record *rec, const int pos[COL_MAX], json_t *cats,
    json_t *seen, struct lapor_row *out, struct import_report *r, struct err *e)
{
	const char *v[COL_MAX];
	json_t *rows = NULL;
	size_t i, before = r->problems_total;
	struct object_ref o = { .type = OBJ_PARTICIPATION };

	for (i = 0; i < COL_MAX; i++)
		v[i] = pos[i] >= 0 && (size_t)pos[i] < rec->count ? rec->fields[pos[i]].p : "";
	memset(out, 0, sizeof(*out));
	if (str_blank(v[COL_REF]) || strlen(v[COL_REF]) >= sizeof(out->ref))
		problem(s, r, rec->line, lapor_cols[COL_REF], "complaints.import.ref");
	else if (json_object_get(seen, v[COL_REF]) != NULL)
		problem(s, r, rec->line, lapor_cols[COL_REF], "complaints.import.ref_twice");
	else {
		snprintf(out->ref, sizeof(out->ref), "%s", v[COL_REF]);
		json_object_set_new(seen, v[COL_REF], json_true());
		if (db_exec(s->c, DB_COMPLAINT_BY_REF,
			(struct db_param[]){ DBP_TEXT(out->ref) }, 1, &rows, e) < 0)
			return -1;
		if (json_array_size(rows) > 0)
			problem(s, r, rec->line, lapor_cols[COL_REF],
			    "complaints.import.ref_known");
		json_decref(rows);
	}
	if (db_exec(s->c, DB_COMPLAINT_UNIT_BY_NAME,
		(struct db_param[]){ DBP_TEXT(v[COL_UNIT]) }, 1, &rows, e) < 0)
		return -1;
	if (json_array_size(rows) != 1)
		problem(s, r, rec->line, lapor_cols[COL_UNIT],
		    json_array_size(rows) ? "complaints.import.unit_twice"
					  : "complaints.import.unit");
	else {
		json_t *u = cmp_row_id(s, DB_COMPLAINT_UNIT,
		    json_integer_value(json_object_get(json_array_get(rows, 0), "id")), e);

		if (u == NULL) {
			json_decref(rows);
			return -1;
		}
		out->unit = json_integer_value(json_object_get(u, "id"));
		out->tz = cmp_tz(u);
		o.at.province = (int)json_integer_value(json_object_get(u, "province_code"));
		o.at.organization = json_integer_value(json_object_get(u, "organization_id"));
		o.at.unit = out->unit;
		json_decref(u);
		if (policy_check(s->who, ACT_MENTOR, &o) != POLICY_ALLOW)
			problem(s, r, rec->line, lapor_cols[COL_UNIT],
			    "complaints.import.scope");
	}
	json_decref(rows);
	out->category = category_of(cats, v[COL_CATEGORY]);
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcasecmp(statuses[i].lapor, v[COL_STATUS]) == 0)
			out->status = statuses[i].status;
	if (out->status == NULL)
		problem(s, r, rec->line, lapor_cols[COL_STATUS], "complaints.import.status");
	/* at[0-3]: filed, then triaged, answered and closed, side by side. */
	for (i = 0; i < 4; i++) {
		size_t col = i == 0 ? COL_FILED : COL_TRIAGED + i - 1;
		const char *t = v[col];

		if ((i == 0 && str_blank(t)) ||
		    (!str_blank(t) && local_time(t, out->tz, &out->at[i]) < 0))
			problem(s, r, rec->line, lapor_cols[col], "complaints.import.date");
	}
	return r->problems_total > before ? 1 : 0;
}

/* Write one checked row with its deadlines. */
static int
write_row(struct svc *s, const struct lapor_row *w, struct err *e)
{
	char iso[8][TIME_ISO_LEN], code[COMPLAINT_CODE_LEN], local[TIME_DATE_LEN];
	int days[DAYS_MAX];
	time_t tri, ans = 0, res = 0, from;
	bool open = strcmp(w->status, "in_progress") == 0;
	json_t *rows = NULL;
	struct db_param p[24];
	const char *due = NULL;
	int rc;

	from = w->at[1] ? w->at[1] : w->at[0];
	if (complaint_days(s, days, e) < 0 ||
	    cmp_deadline(s, w->at[0], days[DAYS_TRIAGE], w->tz, &tri, e) < 0)
		return -1;
	if (strcmp(w->status, "new") != 0 && strcmp(w->status, "rejected") != 0 &&
	    (cmp_deadline(s, from, days[DAYS_ANSWER], w->tz, &ans, e) < 0 ||
		cmp_deadline(s, from, days[DAYS_RESOLVE], w->tz, &res, e) < 0))
		return -1;
	time_iso(w->at[0], iso[0]);
	time_iso(tri, iso[1]);
	time_iso(ans, iso[2]);
	time_iso(res, iso[3]);
	time_iso(w->at[1] ? w->at[1] : w->at[0], iso[4]);
	time_iso(w->at[2] ? w->at[2] : w->at[0], iso[5]);
	time_iso(w->at[3] ? w->at[3] : w->at[0], iso[6]);
	due = strcmp(w->status, "new") == 0 ? iso[1] : open ? iso[2] : NULL;
	time_local_date(w->at[0], tz_offset(w->tz), local);
	cmp_make_code(code);
	p[0] = DBP_TEXT(code);
	p[1] = DBP_INT(w->unit);
	p[2] = DBP_TEXT(w->category);
	p[3] = DBP_TEXT("");
	p[4] = DBP_NULL;
	p[5] = DBP_TEXT("");
	p[6] = p[7] = DBP_TEXT("");
	p[8] = p[9] = DBP_INT(0);
	p[10] = DBP_TEXT("lapor");
	p[11] = DBP_TEXT(w->ref);
	p[12] = DBP_TEXT(w->status);
	p[13] = DBP_TEXT(iso[0]);
	p[14] = DBP_INT(strtol(local, NULL, 10));
	p[15] = DBP_TEXT(iso[1]);
	p[16] = due ? DBP_TEXT(due) : DBP_NULL;
	p[17] = DBP_NULL;
	p[18] = ans ? DBP_TEXT(iso[2]) : DBP_NULL;
	p[19] = res ? DBP_TEXT(iso[3]) : DBP_NULL;
	p[20] = strcmp(w->status, "new") != 0 ? DBP_TEXT(iso[4]) : DBP_NULL;
	p[21] = strcmp(w->status, "answered") == 0 || strcmp(w->status, "closed") == 0
	    ? DBP_TEXT(iso[5])
	    : DBP_NULL;
	p[22] = strcmp(w->status, "closed") == 0 || strcmp(w->status, "rejected") == 0
	    ? DBP_TEXT(iso[6])
	    : DBP_NULL;
	p[23] = DBP_NULL;
	if ((rc = db_exec(s->c, DB_COMPLAINT_INSERT, p, 24, &rows, e)) == 0)
		rc = cmp_step(s,
		    json_integer_value(json_object_get(json_array_get(rows, 0), "id")),
		    "imported", w->ref, true, e);
	json_decref(rows);
	return rc;
}

/* Where each column stands in the header, -1 when absent; the required
 * ones missing are problems of line 1. */
static void
header(struct svc *s, const struct csv_record *rec, int pos[COL_MAX], struct import_report *r)
{
	size_t i, j;

	for (i = 0; i < COL_MAX; i++) {
		pos[i] = -1;
		for (j = 0; j < rec->count; j++)
			if (strcasecmp(rec->fields[j].p, lapor_cols[i]) == 0)
				pos[i] = (int)j;
		if (pos[i] < 0 && i <= COL_STATUS)
			problem(s, r, 1, lapor_cols[i], "complaints.import.column_missing");
	}
}

int
complaint_import(struct svc *s, const char *csv, size_t len, json_t **report, struct err *e)
{
	struct import_report r = { 0 };
	struct csv_reader rd = { 0 };
	struct csv_record rec;
	struct lapor_row *rows = NULL;
	json_t *cats = NULL, *seen = json_object(), *probs;
	int pos[COL_MAX], got, rc = -1;
	size_t n = 0, cap = 0, i;

	*report = NULL;
	r.problems = arena_alloc(s->arena, IMPORT_PROBLEMS_MAX * sizeof(*r.problems));
	if (r.problems == NULL || seen == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	sha256_hex(csv, len, r.sha256);
	if (db_exec(s->c, DB_COMPLAINT_CATEGORIES, NULL, 0, &cats, e) < 0)
		goto out;
	csv_init(&rd, csv, len, csv_sniff_separator(csv, len), 64, 4096);
	if ((got = csv_next(&rd, &rec)) <= 0)
		problem(s, &r, 1, NULL, "complaints.import.empty");
	else
		header(s, &rec, pos, &r);
	while (r.problems_total == 0 || got > 0) {
		if (got <= 0 || (got = csv_next(&rd, &rec)) <= 0)
			break;
		if (csv_record_blank(&rec))
			continue;
		if (++r.rows > IMPORT_ROWS_MAX)
			break;
		if (n == cap) {
			struct lapor_row *grown;

			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(rows, cap * sizeof(*rows))) == NULL) {
				err_set(e, ERR_NOMEM, "out of memory");
				goto out;
			}
			rows = grown;
		}
		if ((got = check_row(s, &rec, pos, cats, seen, &rows[n], &r, e)) < 0)
			goto out;
		n += got == 0;
		got = 1;
	}
	if (got < 0)
		problem(s, &r, rd.error_line, NULL, "complaints.import.csv");
	if (r.problems_total == 0 && n > 0) {
		if (svc_begin(s, e) < 0)
			goto out;
		for (i = 0; i < n; i++)
			if (write_row(s, &rows[i], e) < 0) {
				svc_rollback(s);
				goto out;
			}
		if (svc_audit_commit(s, "complaint.import", "complaint", 0,
			json_pack("{s:I, s:s}", "rows", (json_int_t)n, "sha256", r.sha256),
			e) < 0)
			goto out;
		r.imported = n;
	}
	probs = json_array();
	for (i = 0; i < r.problem_count; i++)
		json_array_append_new(probs,
		    json_pack("{s:I, s:s?, s:s}", "row", (json_int_t)r.problems[i].line,
			"column", r.problems[i].column, "text", r.problems[i].message));
	*report = json_pack("{s:b, s:I, s:I, s:I, s:o}", "ok", r.problems_total == 0,
	    "rows", (json_int_t)r.rows, "imported", (json_int_t)r.imported,
	    "problems_total", (json_int_t)r.problems_total, "problems", probs);
	rc = 0;
out:
	csv_free(&rd);
	free(rows);
	json_decref(cats);
	json_decref(seen);
	return rc;
}

/* The LAPOR! status word of our status. */
static const char *
lapor_status(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(statuses[i].status, status) == 0)
			return statuses[i].lapor;
	return strcmp(status, "referred") == 0 ? "diteruskan" : status;
}

/* One CSV cell: quoted when it holds a separator, quote or line break. */
static void
cell(struct buf *b, const char *v, bool last)
{
	const char *p;

	if (strpbrk(v, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
		for (p = v; *p; p++) {
			if (*p == '"')
				buf_putc(b, '"');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else
		buf_puts(b, v);
	buf_puts(b, last ? "\r\n" : ",");
}

/* iso as "2026-03-02 14:30" in row's zone, "" when NULL. */
static const char *
local_of(struct svc *s, json_t *row, const char *k)
{
	const char *iso = json_string_value(json_object_get(row, k));
	enum tz tz = cmp_tz(row);
	time_t t;
	struct tm tm;

	if (iso == NULL || time_parse_iso(iso, &t) < 0)
		return "";
	time_local(t, tz_offset(tz), &tm);
	return arena_printf(s->arena, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

int
complaint_export(struct svc *s, struct buf *out, struct err *e)
{
	struct db_param p[REGISTRY_SCOPE_PARAMS + 2];
	json_t *rows = NULL, *row;
	size_t i, c;

	if (registry_scope_params(s->who, s->arena, p) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	p[4] = DBP_NULL;
	p[5] = DBP_INT(100000);
	if (db_exec(s->c, DB_COMPLAINT_LIST, p, 6, &rows, e) < 0)
		return -1;
	for (c = 0; c < COL_MAX; c++)
		cell(out, lapor_cols[c], c + 1 == COL_MAX);
	json_array_foreach(rows, i, row) {
		const char *ref = json_string_value(json_object_get(row, "external_ref"));
		struct cmp_rights rt;

		cmp_rights_of(s, row, &rt);
		if (!rt.view)
			continue;

		cell(out, ref ? ref : cmp_str(row, "code"), false);
		cell(out, local_of(s, row, "filed_at"), false);
		cell(out, cmp_str(row, "unit_name"), false);
		cell(out, cmp_str(row, "category_id"), false);
		cell(out, lapor_status(cmp_str(row, "status")), false);
		cell(out, local_of(s, row, "triaged_at"), false);
		cell(out, local_of(s, row, "answered_at"), false);
		cell(out, local_of(s, row, "closed_at"), true);
	}
	json_decref(rows);
	return 0;
}

json_t *
complaint_holidays(struct svc *s, int year, struct err *e)
{
	char y[8];
	json_t *rows = NULL, *r;
	size_t i;

	snprintf(y, sizeof(y), "%04d", year);
	if (db_exec(s->c, DB_HOLIDAY_YEAR, (struct db_param[]){ DBP_TEXT(y) }, 1, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, r)
		json_object_set_new(r, "day_text",
		    json_string(time_date_text(s->arena, cmp_str(r, "day"),
			s->lang == LANG_EN ? TIME_EN : TIME_ID)));
	return rows;
}

int
complaint_holiday_set(struct svc *s, const char *day, const char *name, bool remove,
    struct svc_problems *pr, struct err *e)
{
	struct object_ref o = { .type = OBJ_CYCLE };
	char now[TIME_ISO_LEN];
	int y, m, d;

	if (svc_authorize(s, ACT_CYCLE_MANAGE, &o, e) < 0)
		return -1;
	if (time_parse_date(day, &y, &m, &d) < 0)
		svc_problem(pr, "tanggal", svc_msg(s, "complaints.problem.date"));
	if (!remove)
		cmp_text_problem(s, pr, "nama", name, COMPLAINT_LINE_MAX,
		    "complaints.problem.required");
	if (pr->count > 0)
		return svc_refuse(pr, e);
	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if ((remove ? db_exec(s->c, DB_HOLIDAY_DELETE,
			  (struct db_param[]){ DBP_TEXT(day) }, 1, NULL, e)
		    : db_exec(s->c, DB_HOLIDAY_PUT,
			  (struct db_param[]){ DBP_TEXT(day), DBP_TEXT(name),
			      DBP_ID(s->actor_id), DBP_TEXT(now) },
			  4, NULL, e)) < 0 ||
	    svc_audit_commit(s, remove ? "holiday.remove" : "holiday.set", "holiday", 0,
		json_pack("{s:s, s:s?}", "day", day, "name", remove ? NULL : name), e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return 0;
}
