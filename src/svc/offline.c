/*
 * offline.c - items recorded on a verifier's device offline, applied once
 * each back online (see offline.h).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/code.h"
#include "svc/offline.h"
#include "svc/supervision.h"
#include "base/buf.h"
#include "base/timefmt.h"

/* clang-format off */
static const char *const outcome_codes[OFFLINE_OUTCOME_MAX] = {
	OFFLINE_OUTCOME_LIST(CODE_ENTRY)
};
/* clang-format on */

static const char *const kind_codes[OFFLINE_KIND_MAX] = { OFFLINE_KIND_LIST(CODE_ENTRY) };

CODE_NAME_FUNCTION(offline_outcome, enum offline_outcome, outcome_codes, OFFLINE_OUTCOME_MAX)

enum offline_kind
offline_kind_parse(const char *code)
{
	return (enum offline_kind)code_find(kind_codes, OFFLINE_KIND_MAX, code);
}

/* Add "key=value\n" of a row's member to the hash. */
static void
hash_member(crypto_hash_sha256_state *st, const char *key, json_t *row, const char *member)
{
	json_t *v = json_object_get(row, member);
	char num[32];
	const char *text = "";

	if (json_is_string(v))
		text = json_string_value(v);
	else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		text = num;
	}
	crypto_hash_sha256_update(st, (const unsigned char *)key, strlen(key));
	crypto_hash_sha256_update(st, (const unsigned char *)"=", 1);
	crypto_hash_sha256_update(st, (const unsigned char *)text, strlen(text));
	crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

void
offline_version(const struct verification *v, const char *code, char out[OFFLINE_VERSION_LEN])
{
	json_t *answer = json_object_get(v->b.answers, code), *f;
	json_t *latest = json_object_get(v->latest, code);
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t i;

	crypto_hash_sha256_init(&st);
	hash_member(&st, "option", answer, "option_code");
	hash_member(&st, "note", answer, "note");
	hash_member(&st, "answered", answer, "updated_at");
	json_array_foreach(json_object_get(v->b.evidence, code), i, f)
		hash_member(&st, "file", f, "id");
	hash_member(&st, "verdict", latest, "id");
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, OFFLINE_VERSION_LEN, h, (OFFLINE_VERSION_LEN - 1) / 2);
}

/* A device's identifier: OFFLINE_ID_MIN..MAX of [A-Za-z0-9_-]. */
static bool
id_valid(const char *id)
{
	size_t n = id ? strlen(id) : 0, i;

	if (n < OFFLINE_ID_MIN || n > OFFLINE_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
			(id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_'))
			return false;
	return true;
}

/* The item's own shape; the message key of what is wrong, or NULL. */
static const char *
item_problem(struct svc *s, const struct offline_item *it)
{
	time_t t;

	if (!id_valid(it->client_id))
		return "offline.item.bad_id";
	if (it->kind >= OFFLINE_KIND_MAX)
		return "offline.item.bad_kind";
	if (it->recorded_at == NULL || time_parse_iso(it->recorded_at, &t) < 0)
		return "offline.item.bad_time";
	if (t > s->now + OFFLINE_FUTURE_SLACK)
		return "offline.item.future_time";
	if (it->kind == OFFLINE_VERDICT &&
	    (it->indicator == NULL || it->version == NULL || it->verdict == NULL))
		return "offline.item.verdict_fields";
	return NULL;
}

/* The indicator as it stands now, for the verifier to compare. */
static json_t *
current_of(const struct verification *v, const char *code, const char *version)
{
	json_t *answer = json_object_get(v->b.answers, code);
	json_t *latest = json_object_get(v->latest, code), *files = json_array(), *f;
	size_t i;

	json_array_foreach(json_object_get(v->b.evidence, code), i, f)
		json_array_append_new(files,
		    json_pack("{s:O, s:O}", "id", json_object_get(f, "id"), "name",
			json_object_get(f, "name")));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "indicator", code, "version",
	    version, "answer",
	    answer ? json_incref(json_object_get(answer, "option_code")) : json_null(),
	    "answer_note",
	    answer ? json_incref(json_object_get(answer, "note")) : json_null(),
	    "evidence", files, "verdict",
	    latest ? json_pack("{s:O, s:O, s:O}", "verdict", json_object_get(latest, "verdict"),
			 "note", json_object_get(latest, "note"), "given_at",
			 json_object_get(latest, "given_at"))
		   : json_null());
}

/* A verdict item: refused as a conflict when its indicator moved on since
 * the version it was based on; else given through the service. */
static int
apply_verdict(struct svc *s, int64_t pid, const struct offline_item *it,
    struct offline_result *r, struct err *e)
{
	struct verification v;
	struct machine_step step;
	char now_version[OFFLINE_VERSION_LEN];
	struct verdict_in in = { it->indicator, verdict_parse(it->verdict), it->note,
		it->recorded_at };
	int rc = -1;

	/* Who may verify, first: a conflict shows the indicator as it is. */
	if (verification_load(s, pid, &v, e) < 0 ||
	    participation_guard(s, &v.b.p, TR_VERIFY, true, &step, e) < 0)
		goto out;
	if (building_indicator(&v.b, it->indicator) != NULL) {
		offline_version(&v, it->indicator, now_version);
		if (strcmp(now_version, it->version) != 0) {
			r->outcome = OFFLINE_CONFLICT;
			r->message = svc_msg(s, "offline.item.conflict");
			r->current = current_of(&v, it->indicator, now_version);
			rc = 0;
			goto out;
		}
	}
	rc = verification_verdicts(s, pid, &in, 1, e);
out:
	verification_free(&v);
	return rc;
}

static int
apply_visit(struct svc *s, int64_t pid, const struct offline_item *it, struct err *e)
{
	struct visit_in in = { .participation = pid,
		.date = it->date,
		.present = it->present,
		.findings = it->findings,
		.photos = it->photos,
		.photo_count = it->photo_count,
		.recorded_offline_at = it->recorded_at };

	return verification_visit(s, &in, NULL, e);
}

/* A supervision visit: its problems (field by field online) as one
 * refusal. */
static int
apply_supervision(struct svc *s, int64_t pid, const struct offline_item *it, struct err *e)
{
	struct sup_visit_in in = { pid, it->date, it->officers, it->summary, it->recorded_at };
	struct svc_problems pr = { 0 };

	return supervision_visit(s, &in, &pr, NULL, e);
}

/* The item's row when an earlier send applied it: r says so. */
static int
find_applied(struct svc *s, const struct offline_item *it, struct offline_result *r,
    bool *found, struct err *e)
{
	json_t *rows = NULL;

	*found = false;
	if (db_exec(s->c, DB_OFFLINE_ITEM_GET,
		(struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(it->client_id) }, 2,
		&rows, e) < 0)
		return -1;
	if (json_array_size(rows) > 0) {
		*found = true;
		r->outcome = OFFLINE_DUPLICATE;
		r->message = svc_msg(s, "offline.item.duplicate");
		r->received_at = arena_strdup(s->arena,
		    json_string_value(json_object_get(json_array_get(rows, 0), "received_at")));
	}
	json_decref(rows);
	return 0;
}

int
offline_apply(struct svc *s, int64_t pid, const struct offline_item *it,
    struct offline_result *r, struct err *e)
{
	char now[TIME_ISO_LEN];
	const char *bad;
	struct err failed;
	bool found, batch = s->batch;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((bad = item_problem(s, it)) != NULL) {
		r->outcome = OFFLINE_INVALID;
		r->message = svc_msg(s, bad);
		return 0;
	}
	if (find_applied(s, it, r, &found, e) < 0)
		return -1;
	if (found)
		return 0;
	/* The item's row and what it makes commit together: the services
	 * write in this transaction (batch) and neither open nor end it. */
	time_iso(s->now, now);
	if (db_begin(s->c, e) < 0)
		return -1;
	s->batch = true;
	rc = db_exec(s->c, DB_OFFLINE_ITEM_ADD,
	    (struct db_param[]){ DBP_INT(s->actor_id), DBP_TEXT(it->client_id),
		DBP_INT(pid), DBP_TEXT(kind_codes[it->kind]),
		it->kind == OFFLINE_VERDICT ? DBP_TEXT(it->indicator) : DBP_NULL,
		DBP_TEXT(it->recorded_at), DBP_TEXT(now) },
	    7, NULL, e);
	if (rc == 0)
		rc = it->kind == OFFLINE_VERDICT ? apply_verdict(s, pid, it, r, e)
		    : it->kind == OFFLINE_VISIT  ? apply_visit(s, pid, it, e)
						 : apply_supervision(s, pid, it, e);
	s->batch = batch;
	if (rc == 0 && r->outcome == OFFLINE_ACCEPTED) {
		if (db_commit(s->c, e) == 0) {
			r->received_at = arena_strdup(s->arena, now);
			return 0;
		}
	} else
		db_rollback(s->c);
	if (rc == 0 && r->outcome == OFFLINE_CONFLICT)
		return 0;
	/* The same item sent twice at once: the other send holds it. */
	failed = *e;
	err_clear(e);
	if (find_applied(s, it, r, &found, e) < 0)
		return -1;
	if (found)
		return 0;
	*e = failed;
	if (e->status >= 500 || e->status == 0)
		return -1;
	r->outcome = OFFLINE_REFUSED;
	r->status = e->status;
	r->message = arena_strdup(s->arena, e->msg);
	err_clear(e);
	return 0;
}
