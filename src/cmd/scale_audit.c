/*
 * scale_audit.c - the audit entries of the national-scale load (scale.h):
 * one per organization, unit and account made, one for the enrolment and
 * one per step of each participation, chained in C on from the stored
 * head with the chain's own encoding (core/audit.h).
 */
#include <string.h>

#include "cmd/scale.h"

/* Append one entry to the chain and to b. */
static int
audit_one(struct scale *s, struct db_bulk *b, int64_t actor_id, const char *action,
    const char *type, int64_t object, const char *summary, const char *at, struct err *e)
{
	struct audit_record r = { .seq = s->next.seq++,
		.at = at,
		.actor_id = actor_id,
		.actor = "demo",
		.action = action,
		.object_type = type,
		.object_id = object,
		.summary = summary,
		.request_id = "" };
	char hex[AUDIT_HASH_HEX_LEN];

	audit_hash(s->head, &r, s->head);
	audit_hash_hex(hex, s->head);
	return scale_row(s, b,
	    (struct db_param[]){ DBP_INT(r.seq), DBP_TEXT(at), DBP_ID(actor_id),
		DBP_TEXT("demo"), DBP_TEXT(action), DBP_TEXT(type), DBP_ID(object),
		DBP_TEXT(summary), DBP_TEXT(""), DBP_TEXT(hex) },
	    10, e);
}

int
scale_audit(struct scale *s, struct err *e)
{
	struct scale_step p[SCALE_STEPS_MAX];
	char at[TIME_ISO_LEN];
	json_t *rows = NULL, *head;
	struct db_bulk *b;
	int64_t id;
	size_t i, k, n;
	int rc = 0;

	/* Hold the appenders' lock until the load commits, as every
	 * appender does, so that the chain goes on from the head read. */
	if (db_exec(s->c, DB_AUDIT_LOCK, NULL, 0, NULL, e) < 0 ||
	    db_exec(s->c, DB_AUDIT_HEAD, NULL, 0, &rows, e) < 0)
		return -1;
	head = json_array_get(rows, 0);
	s->next.seq = json_integer_value(json_object_get(head, "seq")) + 1;
	memset(s->head, 0, sizeof(s->head));
	if (head != NULL &&
	    audit_hash_parse(json_string_value(json_object_get(head, "hash")), s->head) < 0) {
		json_decref(rows);
		err_set(e, ERR_AUDIT, "the audit log's head hash cannot be read");
		return -1;
	}
	json_decref(rows);
	if ((b = db_bulk_open(s->c, DB_BULK_AUDIT, e)) == NULL)
		return -1;
	for (id = s->org0; id < s->next.org && rc == 0; id++)
		rc = audit_one(s, b, 0, "demo.organization.create", "organization", id,
		    "{\"scale\":true}", s->now_iso, e);
	for (i = 0; i < s->n && rc == 0; i++)
		rc = audit_one(s, b, 0, "demo.unit.create", "unit", s->units[i].id,
		    "{\"scale\":true}", s->now_iso, e);
	for (id = s->users0; id < s->next.users && rc == 0; id++)
		rc = audit_one(s, b, 0, "demo.user.create", "user", id,
		    "{\"scale\":true}", s->now_iso, e);
	if (rc == 0)
		rc = audit_one(s, b, s->admin, "demo.cycle.enrol", "cycle", s->cycle,
		    arena_printf(&s->scratch, "{\"enrolled\":%zu,\"unit\":0}", s->n),
		    scale_ago(s, 30, 0, at), e);
	for (i = 0; i < s->n && rc == 0; i++) {
		n = scale_path(s->units[i].state, p);
		for (k = 0; k < n && rc == 0; k++)
			rc = audit_one(s, b, scale_actor(s, i, p[k].by),
			    arena_printf(&s->scratch, "demo.participation.%s", p[k].what),
			    "participation", s->part0 + (int64_t)i,
			    arena_printf(&s->scratch, "{\"state\":\"%s\"}",
				pstate_code(p[k].to)),
			    scale_step_at(s, i, k, at), e);
		scale_scratch(s, i);
	}
	return scale_close(s, b, rc, e);
}
