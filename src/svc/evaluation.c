/*
 * evaluation.c - the evaluation gate's decision with its document (see
 * evaluation.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/building.h"
#include "svc/document_words.h"
#include "svc/evaluation.h"
#include "base/timefmt.h"

/* The reason given about criterion code, or NULL. */
static const char *
reason_of(const struct evaluation_in *in, const char *code)
{
	size_t i;

	for (i = 0; i < in->reason_count; i++)
		if (strcmp(in->reasons[i].criterion, code) == 0)
			return in->reasons[i].text;
	return NULL;
}

/* True when s's actor acts for the programme nationwide, and signs as its
 * directorate: the policy lets them manage the programme's cycles. */
static bool
is_national(const struct svc *s)
{
	static const struct object_ref programme = { .type = OBJ_CYCLE };

	return s->who != NULL &&
	    policy_check(s->who, ACT_CYCLE_MANAGE, &programme) == POLICY_ALLOW;
}

/* The progress per criterion and, for a failure, the reasons given, as
 * the evaluation templates get them; criterion names in language rl. */
static json_t *
doc_criteria(const struct building *b, bool pass, const struct evaluation_in *in,
    enum rulebook_lang rl, json_t **reasons)
{
	json_t *criteria = json_array();
	const char *reason;
	size_t i;

	*reasons = json_array();
	for (i = 0; i < b->progress.criterion_count; i++) {
		const struct progress_criterion *pc = &b->progress.criteria[i];

		json_array_append_new(criteria,
		    json_pack("{s:s, s:i, s:I, s:I}", "name",
			rb_text_get(&pc->criterion->name, rl), "percent", pc->percent, "done",
			(json_int_t)pc->done, "applicable", (json_int_t)pc->applicable));
	}
	for (i = 0; !pass && i < b->rb->criterion_count; i++) {
		reason = reason_of(in, b->rb->criteria[i].code);
		if (reason != NULL && reason[0] != '\0')
			json_array_append_new(*reasons,
			    json_pack("{s:s, s:s}", "criterion",
				rb_text_get(&b->rb->criteria[i].name, rl), "reason", reason));
	}
	return criteria;
}

/*
 * Make the report (pass) or the letter (fail, with reasons) for b, in
 * Bahasa Indonesia as every official document is, before the decision's
 * transaction (document_prepare); the words are the kind's template
 * (templates/documents/id/evaluation_report.mustache, ..._letter).
 */
static int
make_document(struct svc *s, const struct building *b, bool pass,
    const struct evaluation_in *in, const char *note, struct doc_prepared *doc, struct err *e)
{
	const enum lang l = LANG_ID;
	json_t *model, *criteria, *reasons;
	const char *signer_name;
	int rc;

	if ((signer_name = svc_actor_name(s, e)) == NULL)
		return -1;
	criteria = doc_criteria(b, pass, in,
	    l == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID, &reasons);
	/* The date is today as the unit's documents write it, "29 November 2026". */
	model = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:{s:i, s:I, s:I}, s:b, s:o, "
			  "s:s?, s:b, s:s, s:s}",
	    "date",
	    time_local_text(s->arena, s->now, tz_offset(b->p.tz), NULL, i18n_time_lang(l),
		TIME_DATE),
	    "unit_name", b->p.unit_name, "cycle", b->p.cycle_title, "rulebook_code",
	    b->rb->code, "rulebook_version", (json_int_t)b->rb->version, "criteria", criteria,
	    "overall", "percent", b->progress.percent, "done", (json_int_t)b->progress.done,
	    "applicable", (json_int_t)b->progress.applicable, "passed", pass, "reasons",
	    reasons, "note", note != NULL && note[0] != '\0' ? note : NULL, "admin",
	    is_national(s), "province", b->p.province_name, "evaluator_name", signer_name);
	if (model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = document_words_prepare(s, pass ? DOC_EVALUATION_REPORT : DOC_EVALUATION_LETTER,
	    l, model, b->p.id, b->p.unit_id, b->p.unit_name, doc, e);
	json_decref(model);
	return rc;
}

/* Each reason names a criterion of b's rulebook, and a failure has one;
 * else 422. */
static int
reasons_valid(struct svc *s, const struct building *b, const struct evaluation_in *in,
    struct err *e)
{
	size_t i, given = 0;

	for (i = 0; i < in->reason_count; i++) {
		if (rulebook_criterion(b->rb, in->reasons[i].criterion) == NULL) {
			err_set(e, ERR_INVALID, "%s",
			    i18n_get(s->lang, "evaluation.unknown_criterion"));
			return -1;
		}
		if (in->reasons[i].text != NULL && in->reasons[i].text[0] != '\0')
			given++;
	}
	if (!in->pass && given == 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, "evaluation.reason_required"));
		return -1;
	}
	return 0;
}

/* The evaluation's row and a failure's reasons; *ev_id receives it and
 * given the criteria with a reason. */
static int
write_decision(struct svc *s, const struct building *b, const struct evaluation_in *in,
    int64_t *ev_id, json_t *given, struct err *e)
{
	char now[TIME_ISO_LEN];
	const char *text;
	size_t i;

	if (db_exec_int(s->c, DB_EVALUATION_INSERT,
		(struct db_param[]){ DBP_INT(b->p.id),
		    DBP_TEXT(transition_code(in->pass ? TR_PASS : TR_FAIL)), DBP_INT(s->actor_id),
		    DBP_TEXT(time_iso(s->now, now)), DBP_TEXT(in->note ? in->note : "") },
		5, "id", ev_id, e) < 0)
		return -1;
	if (*ev_id == 0) {
		err_set(e, ERR_REFUSED, "%s", i18n_get(s->lang, "evaluation.already"));
		return -1;
	}
	for (i = 0; !in->pass && i < in->reason_count; i++) {
		text = in->reasons[i].text;
		if (text == NULL || text[0] == '\0')
			continue;
		if (db_exec(s->c, DB_EVALUATION_REASON_ADD,
			(struct db_param[]){ DBP_INT(*ev_id),
			    DBP_TEXT(in->reasons[i].criterion), DBP_TEXT(text) },
			3, NULL, e) < 0)
			return -1;
		json_array_append_new(given, json_string(in->reasons[i].criterion));
	}
	return 0;
}

/* The decision's writes on b, guarded with step, in the transaction; doc
 * (made before it, or NULL) goes on the record. */
static int
decide_write(struct svc *s, struct building *b, const struct evaluation_in *in,
    const struct machine_step *step, const struct doc_prepared *doc, struct err *e)
{
	const char *note = in->note ? in->note : "";
	const char *serial = doc != NULL ? doc->serial : "";
	json_t *given = json_array();
	int64_t ev_id = 0, doc_id = 0;

	if (write_decision(s, b, in, &ev_id, given, e) < 0)
		goto fail;
	if (doc != NULL &&
	    (document_record(s, doc, &doc_id, e) < 0 ||
		db_exec(s->c, DB_EVALUATION_SET_DOCUMENT,
		    (struct db_param[]){ DBP_INT(ev_id), DBP_INT(doc_id), DBP_TEXT(serial) },
		    3, NULL, e) < 0))
		goto fail;
	if (participation_apply(s, &b->p, in->pass ? TR_PASS : TR_FAIL, step,
		note[0] ? note : NULL, e) < 0)
		goto fail;
	return svc_audit_new(s, in->pass ? "evaluation.pass" : "evaluation.fail",
	    "participation", b->p.id,
	    json_pack("{s:I, s:s, s:s, s:o}", "evaluation", (json_int_t)ev_id, "result",
		transition_code(in->pass ? TR_PASS : TR_FAIL), "document", serial,
		"reasons", given),
	    e);
fail:
	json_decref(given);
	return -1;
}

/* Who, when and what, outside any transaction: b loaded and guarded, the
 * reasons checked, and the document made (into doc, unless the decision
 * issues none). */
static int
decide_prepare(struct svc *s, const struct evaluation_in *in, struct doc_prepared *doc,
    struct err *e)
{
	struct machine_step step;
	struct building b;
	int rc = -1;

	if (building_load(s, in->participation, &b, e) == 0 &&
	    participation_guard(s, &b.p, in->pass ? TR_PASS : TR_FAIL, false, &step, e) == 0 &&
	    reasons_valid(s, &b, in, e) == 0)
		rc = in->without_documents
		    ? 0
		    : make_document(s, &b, in->pass, in, in->note ? in->note : "", doc, e);
	building_free(&b);
	return rc;
}

int
evaluation_decide(struct svc *s, const struct evaluation_in *in,
    char serial[DOC_SERIAL_LEN], struct err *e)
{
	char own[DOC_SERIAL_LEN];
	struct doc_prepared doc;
	struct machine_step step;
	struct building b;
	int rc = -1;

	if (serial == NULL)
		serial = own;
	serial[0] = '\0';
	memset(&b, 0, sizeof(b));
	memset(&doc, 0, sizeof(doc));
	/* The slow part (rendering) first, holding no lock; then the decision
	 * with its document on the record in one transaction, guarded again. */
	if (decide_prepare(s, in, &doc, e) < 0 || svc_begin(s, e) < 0)
		goto out;
	if (building_load(s, in->participation, &b, e) < 0 ||
	    participation_guard(s, &b.p, in->pass ? TR_PASS : TR_FAIL, false, &step, e) < 0 ||
	    reasons_valid(s, &b, in, e) < 0 ||
	    decide_write(s, &b, in, &step, in->without_documents ? NULL : &doc, e) < 0 ||
	    svc_commit(s, e) < 0) {
		svc_rollback(s);
		goto out;
	}
	snprintf(serial, DOC_SERIAL_LEN, "%s", doc.serial);
	rc = 0;
out:
	if (rc < 0)
		document_abandon(s, &doc);
	building_free(&b);
	return rc;
}
