/*
 * results.c - publishing a cycle's results and reading the published
 * versions (see results.h). A version is made once, signed and stored; it
 * is never computed again: the pages and downloads read what was stored.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/rulebook.h"
#include "docs/sign.h"
#include "svc/audit.h"
#include "svc/results.h"

/* What a version stores of one text it publishes: hash and signature. */
struct signed_text {
	char sha256[RULEBOOK_SHA256_HEX_LEN];
	char sig64[SIGN_BASE64_LEN];
};

/* Hash and sign len bytes of text with k into out. */
static void
sign_text(const struct sign_keys *k, const char *text, size_t len, struct signed_text *out)
{
	unsigned char sig[SIGN_BYTES];

	sha256_hex(text, len, out->sha256);
	sign_detached(k, text, len, sig);
	sign_base64(out->sig64, sizeof(out->sig64), sig, sizeof(sig));
}

/* Rows of stmt for cycle into *out; -1 with e. */
static int
rows_of(struct svc *s, enum db_stmt stmt, int64_t cycle, json_t **out, struct err *e)
{
	return db_exec(s->c, stmt, (struct db_param[]){ DBP_INT(cycle) }, 1, out, e);
}

/* Sign and store the snapshot of version n (canonical JSON json, its CSV
 * csv) of cycle. */
static int
store(struct svc *s, int64_t cycle, int n, const char *corrects, const char *json,
    const char *csv, size_t csv_len, size_t units, const char *at, struct err *e)
{
	struct signed_text js, cs;
	struct sign_keys k;
	char pk[SIGN_PUBLIC_HEX_LEN];
	json_t *rows = NULL;
	int rc;

	if (sign_keys_load(s->data_dir, &k, e) < 0)
		return -1;
	sign_text(&k, json, strlen(json), &js);
	sign_text(&k, csv, csv_len, &cs);
	sign_public_hex(pk, k.pk);
	sign_keys_wipe(&k);
	rc = db_exec(s->c, DB_RESULT_VERSION_INSERT,
	    (struct db_param[]){ DBP_INT(cycle), DBP_INT(n),
		corrects ? DBP_TEXT(corrects) : DBP_NULL, DBP_TEXT(json), DBP_TEXT(js.sha256),
		DBP_TEXT(js.sig64), DBP_TEXT(pk), DBP_TEXTN(csv, csv_len),
		DBP_TEXT(cs.sha256), DBP_TEXT(cs.sig64), DBP_INT((int64_t)units),
		s->actor_id > 0 ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(at) },
	    13, &rows, e);
	json_decref(rows);
	if (rc < 0)
		return -1;
	return svc_audit_new(s, "results.publish", "cycle", cycle,
	    json_pack("{s:i, s:s, s:I}", "version", n, "sha256", js.sha256, "units",
		(json_int_t)units),
	    e);
}

/* Build, sign and store version n of cycle (a CYCLE_GET row) inside the
 * caller's transaction; 409 when no issued decree decided on a unit. */
static int
publish_in(struct svc *s, json_t *cycle, int n, const char *corrects, struct err *e)
{
	int64_t id = json_integer_value(json_object_get(cycle, "id"));
	json_t *decided = NULL, *snap = NULL;
	char at[TIME_ISO_LEN], hex[RULEBOOK_SHA256_HEX_LEN], *json = NULL, *csv = NULL;
	size_t csv_len = 0;
	int rc = -1;

	if (rows_of(s, DB_RESULT_DECIDED, id, &decided, e) < 0)
		return -1;
	if (json_array_size(decided) == 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "results.no_decree"));
		goto out;
	}
	time_iso(s->now, at);
	if ((snap = results_snapshot(s, cycle, decided, n, corrects, at, e)) == NULL)
		goto out;
	if ((json = rulebook_canonical(snap, NULL, hex)) == NULL ||
	    (csv = results_csv(snap, &csv_len)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = store(s, id, n, corrects, json, csv, csv_len,
	    json_array_size(json_object_get(snap, "units")), at, e);
out:
	free(json);
	free(csv);
	json_decref(snap);
	json_decref(decided);
	return rc;
}

/* The highest published version of cycle into *n (0: none); with lock,
 * the cycle's row is first locked for the rest of the transaction. */
static int
version_max(struct svc *s, int64_t cycle, bool lock, int *n, struct err *e)
{
	json_t *rows = NULL;

	if (lock && rows_of(s, DB_RESULT_CYCLE_LOCK, cycle, &rows, e) < 0)
		return -1;
	json_decref(rows);
	rows = NULL;
	if (rows_of(s, DB_RESULT_VERSION_MAX, cycle, &rows, e) < 0)
		return -1;
	*n = (int)json_integer_value(json_object_get(json_array_get(rows, 0), "version"));
	json_decref(rows);
	return 0;
}

/* The correction note as it will be stored: trimmed, NULL when empty. */
static const char *
note_of(struct svc *s, const char *text)
{
	size_t len;

	if (text == NULL)
		return NULL;
	while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
		text++;
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	return len > 0 ? arena_strndup(s->arena, text, len) : NULL;
}

/* Check the note against the version it would make; problems into pr. */
static void
note_check(struct svc *s, int n, const char *note, struct svc_problems *pr)
{
	if (n == 0 && note != NULL)
		svc_problem(pr, "koreksi", svc_msg(s, "results.corrects_first"));
	else if (n > 0 && note == NULL)
		svc_problem(pr, "koreksi", svc_msg(s, "results.corrects_required"));
	else if (note != NULL && strlen(note) > RESULTS_CORRECTS_MAX)
		svc_problem(pr, "koreksi", svc_msg(s, "results.corrects_long"));
}

/* results_publish once the actor is allowed. */
static int
publish(struct svc *s, int64_t cycle_id, const char *corrects, struct svc_problems *pr,
    int *version, struct err *e)
{
	const char *note = note_of(s, corrects);
	json_t *cycle;
	int n = 0;

	if ((cycle = db_row(s->c, DB_CYCLE_GET, cycle_id, "cycle", e)) == NULL)
		return -1;
	if (svc_begin(s, e) < 0) {
		json_decref(cycle);
		return -1;
	}
	if (version_max(s, cycle_id, true, &n, e) < 0)
		goto fail;
	note_check(s, n, note, pr);
	if (pr->count == 0 && publish_in(s, cycle, n + 1, note, e) < 0)
		goto fail;
	json_decref(cycle);
	if (svc_finish(s, pr, e) < 0)
		return -1;
	if (version != NULL)
		*version = n + 1;
	return 0;
fail:
	json_decref(cycle);
	svc_rollback(s);
	return -1;
}

int
results_publish(struct svc *s, int64_t cycle_id, const char *corrects,
    struct svc_problems *pr, int *version, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = cycle_id };

	if (svc_authorize(s, ACT_DECREE, &ref, e) < 0)
		return -1;
	return publish(s, cycle_id, corrects, pr, version, e);
}

/* note cut to fit a version's correction, on a character boundary, with
 * an ellipsis; "-" for none. In s's arena. */
static const char *
note_fitted(struct svc *s, const char *note)
{
	static const char ellipsis[] = "\u2026";
	size_t len = note ? strlen(note) : 0, cut;
	char *out;

	if (len == 0)
		return "-";
	if (len <= RESULTS_CORRECTS_MAX)
		return note;
	cut = RESULTS_CORRECTS_MAX - (sizeof(ellipsis) - 1);
	while (cut > 0 && ((unsigned char)note[cut] & 0xc0) == 0x80)
		cut--;
	if ((out = arena_alloc(s->arena, cut + sizeof(ellipsis))) == NULL)
		return "-";
	memcpy(out, note, cut);
	memcpy(out + cut, ellipsis, sizeof(ellipsis));
	return out;
}

/* The caller decided the revocation or reinstatement it follows, which
 * the policy allowed; the new version only records its consequence, with
 * its note (the decision's reason) cut to fit. */
int
results_republish(struct svc *s, int64_t cycle_id, const char *note, struct err *e)
{
	struct svc_problems pr = { 0 };
	int n;

	if (version_max(s, cycle_id, false, &n, e) < 0)
		return -1;
	if (n == 0)
		return 0;
	return publish(s, cycle_id, note_fitted(s, note), &pr, NULL, e);
}

int
results_decided(struct svc *s, int64_t cycle_id, int64_t *n, struct err *e)
{
	json_t *rows = NULL;

	if (rows_of(s, DB_RESULT_DECIDED, cycle_id, &rows, e) < 0)
		return -1;
	*n = (int64_t)json_array_size(rows);
	json_decref(rows);
	return 0;
}

int
results_cycles(struct svc *s, json_t **out, struct err *e)
{
	return db_exec(s->c, DB_RESULT_CYCLES, NULL, 0, out, e);
}

int
results_version(struct svc *s, int64_t cycle_id, int version, json_t **out, struct err *e)
{
	json_t *rows = NULL, *row, *data, *all = NULL;

	*out = NULL;
	if (db_exec(s->c, DB_RESULT_VERSION_GET,
		(struct db_param[]){ DBP_INT(cycle_id), DBP_INT(version) }, 2, &rows, e) < 0)
		return -1;
	if ((row = json_incref(json_array_get(rows, 0))) == NULL) {
		json_decref(rows);
		return 0;
	}
	json_decref(rows);
	if (rows_of(s, DB_RESULT_VERSIONS, cycle_id, &all, e) < 0) {
		json_decref(row);
		return -1;
	}
	data = json_loads(json_string_value(json_object_get(row, "snapshot")), 0, NULL);
	if (data == NULL) {
		json_decref(row);
		json_decref(all);
		err_set(e, ERR_INTERNAL, "result version of cycle %lld unreadable",
		    (long long)cycle_id);
		return -1;
	}
	json_object_set_new(row, "data", data);
	json_object_set(row, "latest", json_object_get(json_array_get(all, 0), "version"));
	json_object_set_new(row, "versions", all);
	*out = row;
	return 0;
}
