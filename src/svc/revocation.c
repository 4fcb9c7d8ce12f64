/*
 * revocation.c - revoking an award and reinstating it (see revocation.h).
 */
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/certificate.h"
#include "svc/documents.h"
#include "svc/participation.h"
#include "svc/results.h"
#include "svc/revocation.h"

/* The checks of a decision's input, into pr. */
static void
check_input(struct svc *s, const struct revocation_in *in, bool revoke, struct svc_problems *pr)
{
	const char *r = in->reason;

	if (str_blank(r))
		svc_problem(pr, "alasan", svc_msg(s, "supervision.revocation.reason"));
	else if (!utf8_valid(r, strlen(r)) || utf8_chars(r) > REVOCATION_REASON_MAX)
		svc_problem(pr, "alasan", svc_msg(s, "supervision.revocation.reason_long"));
	if (revoke && (in->doc == NULL || (in->doc->path == NULL && !in->doc->too_large)))
		svc_problem(pr, "dokumen", svc_msg(s, "supervision.revocation.document"));
}

/* The award of p into *cert (its certificate, 0 for none); 409 when p
 * holds none. */
static int
award_of(struct svc *s, const struct participation *p, int64_t *cert, struct err *e)
{
	json_t *rows = NULL, *row;
	int rc = 0;

	if (db_exec(s->c, DB_REVOCATION_AWARD_GET, (struct db_param[]){ DBP_INT(p->id) },
		1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "supervision.revocation.no_award"));
		rc = -1;
	} else
		*cert = json_integer_value(json_object_get(row, "certificate_id"));
	json_decref(rows);
	return rc;
}

/* Inside the transaction: the award's revoked_at, the event with its
 * document, the certificate withdrawn (revoke), the transition. */
static int
record(struct svc *s, struct participation *p, const struct revocation_in *in,
    bool revoke, const struct machine_step *step, struct err *e)
{
	struct file_place place = { .participation = p->id, .purpose = FILE_EVIDENCE };
	struct stored_file sf = { 0 };
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	int64_t cert = 0;
	size_t changed;

	time_iso(s->now, now);
	if (award_of(s, p, &cert, e) < 0 ||
	    db_exec(s->c, DB_REVOCATION_AWARD_SET,
		(struct db_param[]){ DBP_INT(p->id), revoke ? DBP_TEXT(now) : DBP_NULL },
		2, &rows, e) < 0)
		return -1;
	changed = json_array_size(rows);
	json_decref(rows);
	if (changed == 0) {
		err_set(e, ERR_REFUSED, "%s",
		    svc_msg(s,
			revoke ? "supervision.revocation.revoked"
			       : "supervision.revocation.standing"));
		return -1;
	}
	if (in->doc != NULL && in->doc->sha256[0] != '\0' &&
	    files_accept(s, &place, in->doc, &sf, e) < 0)
		return -1;
	if (db_exec(s->c, DB_REVOCATION_EVENT_ADD,
		(struct db_param[]){ DBP_INT(p->id), DBP_TEXT(revoke ? "revoke" : "reinstate"),
		    DBP_TEXT(in->reason), sf.id > 0 ? DBP_INT(sf.id) : DBP_NULL,
		    s->actor_id > 0 ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		6, NULL, e) < 0)
		return -1;
	if (revoke && cert > 0 && document_withdraw(s, cert, in->reason, e) < 0)
		return -1;
	return participation_apply(s, p, revoke ? TR_REVOKE : TR_REINSTATE, step,
	    in->reason, e);
}

int
revocation_decide(struct svc *s, const struct revocation_in *in, bool revoke,
    struct svc_problems *pr, bool *upload_refused, struct err *e)
{
	enum transition t = revoke ? TR_REVOKE : TR_REINSTATE;
	struct participation p;
	struct machine_step step;
	struct err later;
	const char *note;

	if (upload_refused != NULL)
		*upload_refused = false;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    participation_guard(s, &p, t, false, &step, e) < 0)
		return -1;
	check_input(s, in, revoke, pr);
	if (pr->count > 0)
		return svc_refuse(pr, e);
	if (in->doc != NULL && in->doc->path != NULL &&
	    files_keep(s, in->doc, FILE_EVIDENCE, e) < 0) {
		if (upload_refused != NULL)
			*upload_refused = e->status == 422;
		return -1;
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    participation_guard(s, &p, t, false, &step, e) < 0 ||
	    record(s, &p, in, revoke, &step, e) < 0 ||
	    svc_audit_commit(s, revoke ? "revocation.revoke" : "revocation.reinstate",
		"participation", p.id, json_pack("{s:s}", "reason", in->reason), e) < 0) {
		svc_rollback(s);
		return -1;
	}
	/* The decision stands once committed: what follows is logged when it
	 * fails, and the page shows the award as it now is. */
	err_clear(&later);
	if (!revoke && certificate_issue(s, p.id, &later) < 0)
		log_err("event=certificate_reissue_failed participation=%lld msg=\"%s\"",
		    (long long)p.id, later.msg);
	note = svc_msg(s,
	    revoke ? "supervision.results_note.revoke" : "supervision.results_note.reinstate");
	note = i18n_subst(s->arena, note, "unit", p.unit_name, "reason", in->reason,
	    (const char *)NULL);
	err_clear(&later);
	if (results_republish(s, p.cycle_id, note, &later) < 0)
		log_err("event=results_republish_failed cycle=%lld msg=\"%s\"",
		    (long long)p.cycle_id, later.msg);
	return 0;
}
