/*
 * decree.c - drafting the Minister's decree and reading it back: the
 * form's fields checked one by one, the annex drawn from the plenary's
 * decisions (or copied from the decree a correction amends), the decree
 * and the award of a participation as the pages show them. Issuing is
 * decree_issue.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "svc/audit.h"
#include "svc/certificate.h"
#include "svc/decree.h"
#include "svc/decree_int.h"
#include "svc/participation.h"
#include "svc/scoring.h"
#include "svc/settings.h"

#define S(row, k) json_string_value(json_object_get((row), (k)))
#define I(row, k) json_integer_value(json_object_get((row), (k)))

/* The setting of the certificates' default award day (migration 0018);
 * written in two pieces, since it shares its first word with the
 * catalog's section and is no catalog key. */
#define AWARD_DAY_SETTING \
	"decree" \
	".award_day"

/* One field of the form: its name, value, whether it is required and its
 * longest length in characters; multi: may hold line breaks. */
struct field_rule {
	const char *field;
	const char *value;
	size_t max;
	bool required;
	bool multi;
};

/* The text of r as a problem of pr, NULL when it is good. */
static const char *
rule_problem(struct svc *s, const struct field_rule *r)
{
	const char *v = r->value != NULL ? r->value : "";
	size_t n = strlen(v);

	if (!utf8_valid(v, n))
		return svc_msg(s, "decree.field.bad_text");
	if (str_blank(v))
		return r->required ? svc_msg(s, "decree.field.required") : NULL;
	if (utf8_chars(v) > r->max)
		return i18n_subst(s->arena, svc_msg(s, "decree.field.too_long"), "max",
		    arena_printf(s->arena, "%zu", r->max), (const char *)NULL);
	if (!r->multi && strpbrk(v, "\r\n\t") != NULL)
		return svc_msg(s, "decree.field.one_line");
	return NULL;
}

/* The award date of in, or the setting's day of year y, into out. */
static int
award_date_of(struct svc *s, const struct decree_in *in, int year, char out[16], struct err *e)
{
	const char *day = NULL;

	if (in->award_date != NULL && in->award_date[0] != '\0') {
		snprintf(out, 16, "%s", in->award_date);
		return 0;
	}
	if (settings_get(s, AWARD_DAY_SETTING, &day, e) < 0)
		return -1;
	snprintf(out, 16, "%04d-%s", year, day != NULL && strlen(day) == 5 ? day : "12-10");
	return 0;
}

/* Every field of in checked into pr. */
static void
fields_check(struct svc *s, const struct decree_in *in, const char *award_date,
    struct svc_problems *pr)
{
	const struct field_rule rules[] = {
		{ "nomor", in->number, 200, true, false },
		{ "tempat", in->place, 100, true, false },
		{ "penandatangan", in->signer_name, 200, true, false },
		{ "jabatan", in->signer_title, 300, true, false },
		{ "pertimbangan", in->considerations, 8000, true, true },
		{ "alasan_koreksi", in->amend_reason, 1000, in->amends > 0, true },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if ((why = rule_problem(s, &rules[i])) != NULL)
			svc_problem(pr, rules[i].field, why);
	if (!time_is_date(in->decreed_on))
		svc_problem(pr, "tanggal", svc_msg(s, "decree.field.bad_date"));
	if (!time_is_date(award_date))
		svc_problem(pr, "tanggal_penghargaan", svc_msg(s, "decree.field.bad_date"));
}

/* One participation the plenary decided on, into the annex of decree. */
static int
entry_add(struct svc *s, int64_t decree, json_t *cand, struct svc_problems *pr, struct err *e)
{
	bool awarded = strcmp(S(cand, "state"), "recommended") == 0;
	const char *predicate = NULL;
	struct assessment a;
	char total[32];
	int rc = -1;

	if (assessment_load(s, I(cand, "id"), &a, e) < 0)
		goto out;
	snprintf(total, sizeof(total), "%.2f", a.result.total_shown);
	if (awarded && a.result.predicate == NULL) {
		svc_problem(pr, "lampiran",
		    i18n_subst(s->arena, svc_msg(s, "decree.no_predicate"), "unit",
			S(cand, "unit_name"), (const char *)NULL));
		rc = 0;
		goto out;
	}
	if (awarded)
		predicate = a.result.predicate->code;
	rc = db_exec(s->c, DB_DECREE_ENTRY_ADD,
	    (struct db_param[]){ DBP_INT(decree), DBP_INT(I(cand, "id")), DBP_INT(awarded),
		predicate != NULL ? DBP_TEXT(predicate) : DBP_NULL, DBP_TEXT(total) },
	    5, NULL, e);
out:
	assessment_free(&a);
	return rc;
}

/* The annex of draft decree drawn again: from the plenary's decisions, or
 * the amended decree's. */
static int
annex_draw(struct svc *s, int64_t cycle, int64_t decree, int64_t amends,
    struct svc_problems *pr, struct err *e)
{
	json_t *rows = NULL, *row;
	size_t i;
	int rc = 0;

	if (db_exec(s->c, DB_DECREE_ENTRY_CLEAR, (struct db_param[]){ DBP_INT(decree) },
		1, NULL, e) < 0)
		return -1;
	if (amends > 0)
		return db_exec(s->c, DB_DECREE_ENTRY_COPY,
		    (struct db_param[]){ DBP_INT(decree), DBP_INT(amends) }, 2, NULL, e);
	if (db_exec(s->c, DB_DECREE_CANDIDATES, (struct db_param[]){ DBP_INT(cycle) }, 1,
		&rows, e) < 0)
		return -1;
	if (json_array_size(rows) == 0)
		svc_problem(pr, "lampiran", svc_msg(s, "decree.no_candidates"));
	json_array_foreach(rows, i, row)
		if ((rc = entry_add(s, decree, row, pr, e)) < 0)
			break;
	json_decref(rows);
	return rc;
}

/* The decree a correction amends: an issued one of the same cycle. */
static void
amends_check(struct svc *s, int64_t cycle, int64_t amends, struct svc_problems *pr,
    struct err *e)
{
	json_t *row;

	if (amends <= 0)
		return;
	row = decree_row(s, amends, e);
	if (row == NULL || I(row, "cycle_id") != cycle ||
	    strcmp(S(row, "status"), "issued") != 0)
		svc_problem(pr, "koreksi", svc_msg(s, "decree.bad_amends"));
	json_decref(row);
	err_clear(e);
}

/* Insert or update the draft's row. */
static int
row_write(struct svc *s, int64_t cycle, int64_t *id, const struct decree_in *in,
    const char *award_date, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	int rc;

	time_iso(s->now, now);
	if (*id == 0)
		rc = db_exec(s->c, DB_DECREE_INSERT,
		    (struct db_param[]){ DBP_INT(cycle), DBP_TEXT(in->number),
			DBP_TEXT(in->decreed_on), DBP_TEXT(in->place),
			DBP_TEXT(in->signer_name), DBP_TEXT(in->signer_title),
			DBP_TEXT(in->considerations), DBP_TEXT(award_date), DBP_ID(in->amends),
			in->amends > 0 ? DBP_TEXT(in->amend_reason) : DBP_NULL,
			DBP_ID(s->actor_id), DBP_TEXT(now) },
		    12, &rows, e);
	else
		rc = db_exec(s->c, DB_DECREE_UPDATE,
		    (struct db_param[]){ DBP_INT(*id), DBP_TEXT(in->number),
			DBP_TEXT(in->decreed_on), DBP_TEXT(in->place),
			DBP_TEXT(in->signer_name), DBP_TEXT(in->signer_title),
			DBP_TEXT(in->considerations), DBP_TEXT(award_date),
			DBP_TEXT(in->amend_reason != NULL ? in->amend_reason : ""),
			DBP_TEXT(now) },
		    10, &rows, e);
	if (rc == 0 && json_array_size(rows) != 1) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.issued_already"));
		rc = -1;
	}
	if (rc == 0)
		*id = I(json_array_get(rows, 0), "id");
	json_decref(rows);
	return rc;
}

int
decree_save(struct svc *s, int64_t cycle_id, int64_t *id, const struct decree_in *in0,
    struct svc_problems *pr, struct err *e)
{
	struct decree_in in = *in0;
	char award_date[16];
	json_t *cy = NULL, *old = NULL;
	bool is_new = *id == 0;

	if ((cy = decree_cycle(s, cycle_id, e)) == NULL)
		return -1;
	if (!is_new) {
		/* A draft keeps what it corrects. */
		if ((old = decree_of_cycle(s, cycle_id, *id, e)) == NULL)
			goto fail;
		if (strcmp(S(old, "status"), "draft") != 0) {
			err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.issued_already"));
			goto fail;
		}
		in.amends = I(old, "amends_id");
	}
	if (award_date_of(s, &in, (int)I(cy, "year"), award_date, e) < 0)
		goto fail;
	fields_check(s, &in, award_date, pr);
	amends_check(s, cycle_id, in.amends, pr, e);
	if (pr->count > 0 || svc_begin(s, e) < 0) {
		json_decref(cy);
		json_decref(old);
		return pr->count > 0 ? svc_refuse(pr, e) : -1;
	}
	if (row_write(s, cycle_id, id, &in, award_date, e) < 0 ||
	    annex_draw(s, cycle_id, *id, in.amends, pr, e) < 0 ||
	    svc_audit_new(s, is_new ? "decree.draft" : "decree.update", "decree", *id,
		json_pack("{s:I, s:s}", "cycle", (json_int_t)cycle_id, "number", in.number),
		e) < 0) {
		svc_rollback(s);
		goto fail;
	}
	json_decref(cy);
	json_decref(old);
	if (svc_finish(s, pr, e) < 0) {
		if (is_new)
			*id = 0;
		return -1;
	}
	return 0;
fail:
	json_decref(cy);
	json_decref(old);
	if (is_new)
		*id = 0;
	return -1;
}

json_t *
decree_row(struct svc *s, int64_t id, struct err *e)
{
	json_t *rows = NULL, *row;

	if (db_exec(s->c, DB_DECREE_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (row == NULL)
		err_set(e, ERR_NOT_FOUND, "no decree %lld", (long long)id);
	return row;
}

json_t *
decree_cycle(struct svc *s, int64_t cycle_id, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = cycle_id };

	if (svc_authorize(s, ACT_DECREE, &ref, e) < 0)
		return NULL;
	return db_row(s->c, DB_CYCLE_GET, cycle_id, "cycle", e);
}

json_t *
decree_of_cycle(struct svc *s, int64_t cycle_id, int64_t id, struct err *e)
{
	json_t *cy = decree_cycle(s, cycle_id, e), *row;

	if (cy == NULL)
		return NULL;
	json_decref(cy);
	row = decree_row(s, id, e);

	if (row != NULL && I(row, "cycle_id") != cycle_id) {
		json_decref(row);
		err_set(e, ERR_NOT_FOUND, "no decree %lld in this cycle", (long long)id);
		return NULL;
	}
	return row;
}

/* A date column of o shown in s's language under key+"_text". */
static void
date_text(struct svc *s, json_t *o, const char *key)
{
	const char *v = S(o, key);

	json_object_set_new(o, arena_printf(s->arena, "%s_text", key),
	    v != NULL ? json_string(time_date_text(s->arena, v, i18n_time_lang(s->lang)))
		      : json_null());
}

/* A total "87.50" as people read it in s's language. */
static const char *
total_text(struct svc *s, const char *total)
{
	char n[RULEBOOK_NUMBER_LEN];

	return arena_strdup(s->arena,
	    rulebook_number_text(total != NULL ? strtod(total, NULL) : 0,
		s->lang == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID, false, n));
}

/* Decree row d as the pages show it. */
static void
decree_shown(struct svc *s, json_t *d)
{
	bool issued = strcmp(S(d, "status"), "issued") == 0;

	json_object_set_new(d, "issued", json_boolean(issued));
	json_object_set_new(d, "status_label",
	    json_string(svc_msg(s, issued ? "decree.status.issued" : "decree.status.draft")));
	date_text(s, d, "decreed_on");
	date_text(s, d, "award_date");
	json_object_set_new(d, "has_paper", json_boolean(S(d, "paper_sha256") != NULL));
}

json_t *
decree_list(struct svc *s, int64_t cycle_id, struct err *e)
{
	json_t *cy, *rows = NULL, *row;
	size_t i;

	if ((cy = decree_cycle(s, cycle_id, e)) == NULL)
		return NULL;
	json_decref(cy);
	if (db_exec(s->c, DB_DECREE_LIST, (struct db_param[]){ DBP_INT(cycle_id) }, 1,
		&rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row)
		decree_shown(s, row);
	return rows;
}

/* The annex of decree d (its rulebook's predicate labels) into d. */
static int
entries_shown(struct svc *s, json_t *d, struct err *e)
{
	struct rulebook *rb;
	const struct province *pv;
	json_t *rows = NULL, *row;
	size_t i, awarded = 0;

	if ((rb = rulebook_load_in(s->c, s->arena, I(d, "rulebook_id"), e)) == NULL ||
	    db_exec(s->c, DB_DECREE_ENTRIES, (struct db_param[]){ DBP_INT(I(d, "id")) },
		1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		pv = province_find((int)I(row, "province_code"));
		awarded += I(row, "awarded") != 0;
		json_object_set_new(row, "province", json_string(pv != NULL ? pv->name : ""));
		json_object_set_new(row, "predicate_label",
		    json_string(I(row, "awarded")
			    ? certificate_predicate_label(rb, S(row, "predicate"))
			    : svc_msg(s, "decree.no_predicate_label")));
		json_object_set_new(row, "total_text",
		    json_string(total_text(s, S(row, "total"))));
	}
	json_object_set_new(d, "entries", rows);
	json_object_set_new(d, "count", json_integer((json_int_t)json_array_size(rows)));
	json_object_set_new(d, "awarded_count", json_integer((json_int_t)awarded));
	return 0;
}

json_t *
decree_get(struct svc *s, int64_t cycle_id, int64_t id, struct err *e)
{
	json_t *d;

	if ((d = decree_of_cycle(s, cycle_id, id, e)) == NULL)
		return NULL;
	decree_shown(s, d);
	if (entries_shown(s, d, e) < 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

json_t *
decree_award(struct svc *s, int64_t p_id, struct err *e)
{
	struct rulebook *rb;
	json_t *rows = NULL, *ent, *w, *out;

	if (db_exec(s->c, DB_DECREE_ENTRY_OF, (struct db_param[]){ DBP_INT(p_id) }, 1,
		&rows, e) < 0)
		return NULL;
	if ((ent = json_array_get(rows, 0)) == NULL) {
		json_decref(rows);
		return json_null();
	}
	out = json_pack("{s:b, s:O, s:s, s:s}", "awarded", I(ent, "awarded") != 0,
	    "decree_number", json_object_get(ent, "number"), "decreed_on",
	    S(ent, "decreed_on"), "total_text", total_text(s, S(ent, "total")));
	date_text(s, out, "decreed_on");
	rb = rulebook_load_in(s->c, s->arena, I(ent, "rulebook_id"), e);
	json_object_set_new(out, "predicate",
	    json_string(I(ent, "awarded") ? certificate_predicate_label(rb, S(ent, "predicate"))
					  : svc_msg(s, "decree.no_predicate_label")));
	json_decref(rows);
	rows = NULL;
	if (db_exec(s->c, DB_AWARD_GET, (struct db_param[]){ DBP_INT(p_id) }, 1, &rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	if ((w = json_array_get(rows, 0)) != NULL) {
		json_object_set(out, "award_date", json_object_get(w, "award_date"));
		date_text(s, out, "award_date");
		json_object_set(out, "certificate_serial",
		    json_object_get(w, "certificate_serial"));
		json_object_set_new(out, "revoked",
		    json_boolean(!json_is_null(json_object_get(w, "revoked_at"))));
	}
	json_decref(rows);
	return out;
}
