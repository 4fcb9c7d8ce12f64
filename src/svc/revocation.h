/*
 * revocation.h - revoking an award and reinstating it. An observer with
 * the power to revoke, or the programme admin, revokes a supervised
 * unit's award (TR_REVOKE) with a reason and a supporting document: in one
 * transaction the award is marked revoked, the decision is recorded
 * (award_event, with the document as a file of the participation of
 * purpose evidence and no indicator), the certificate is withdrawn (so
 * /verifikasi says so with the date and reason), and the timeline and
 * audit log say it. Reinstating (the admin, TR_REINSTATE) is a new
 * decision recorded the same way, which clears the revocation and issues a
 * new certificate; the withdrawn one stays withdrawn. After either, the
 * cycle's published results, if any, get a new version.
 */
#ifndef P2HAM_SVC_REVOCATION_H
#define P2HAM_SVC_REVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "svc/files.h"
#include "svc/svc.h"

#define REVOCATION_REASON_MAX 500 /* characters, as a withdrawal's */

/* A decision on an award. */
struct revocation_in {
	int64_t participation;
	const char *reason;  /* required */
	struct file_in *doc; /* the supporting document (PDF or image):
				required to revoke, optional to
				reinstate; NULL for none */
};

/*
 * Revoke (revoke true) or reinstate the award of in->participation. pr
 * names the fields wrong ("alasan", "dokumen"; 422); 409 when the
 * participation holds no award, or it stands revoked already (or not);
 * the guard's refusals as participation_guard. *upload_refused (may be
 * NULL) says the document was refused. Once committed, the cycle's
 * published results are republished; when that fails the decision stands
 * and the failure is logged.
 */
int revocation_decide(struct svc *s, const struct revocation_in *in, bool revoke,
    struct svc_problems *pr, bool *upload_refused, struct err *e);

#endif
