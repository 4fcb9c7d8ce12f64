/*
 * evaluation.h - the evaluation gate (evaluasi) as a service: the
 * evaluator (the programme admin, or the regional office for its units)
 * records a pass, which issues the evaluation report (Berita Acara Hasil
 * Evaluasi) and moves the unit on to assessment, or a failure with reasons
 * per criterion, which issues the evaluation letter (Surat Keterangan
 * Hasil Evaluasi) and ends the participation for this cycle.
 */
#ifndef P2HAM_SVC_EVALUATION_H
#define P2HAM_SVC_EVALUATION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "svc/documents.h"
#include "svc/svc.h"

/* A failure's reason about one criterion. */
struct reason_in {
	const char *criterion; /* the criterion's code */
	const char *text;      /* "" counts as none */
};

/* A decision. Strings are borrowed. */
struct evaluation_in {
	int64_t participation;
	bool pass;
	const char *note;                /* for the record and the document; "" none */
	const struct reason_in *reasons; /* a failure's reasons (at least one),
					   ignored for a pass */
	size_t reason_count;
	bool without_documents; /* decide without issuing the report or
				   letter: a past replayed whose paper was
				   never issued (the demo) */
};

/*
 * Record the decision on participation in->participation, guarded for
 * TR_PASS or TR_FAIL at s->now, in one transaction: the evaluation with
 * its reasons, the document (in Bahasa Indonesia as every official
 * document is, signed by s's actor), the transition and the audit entry
 * "evaluation.pass" or "evaluation.fail". serial (may be NULL) receives
 * the document's ("" without one). -1 with e: the guard's refusal, 422 for
 * a reason about no criterion of the rulebook or a failure without reason,
 * 409 when it was decided meanwhile.
 */
int evaluation_decide(struct svc *s, const struct evaluation_in *in,
    char serial[DOC_SERIAL_LEN], struct err *e);

#endif
