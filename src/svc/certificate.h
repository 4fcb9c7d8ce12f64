/*
 * certificate.h - the certificates (piagam penghargaan) of the awards a
 * decree gives: one A4 landscape page per awarded unit, a document of kind
 * certificate (PGM) under the unit's participation, printed with the
 * unit's name, the predicate, the decree's number and date, the award
 * date, the signatory, the serial and the QR code of /verifikasi/<serial>.
 * docs/decree.md describes them.
 */
#ifndef P2HAM_CERTIFICATE_H
#define P2HAM_CERTIFICATE_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/rulebook.h"
#include "svc/svc.h"

/*
 * Render, sign, store and record the certificate of participation_id's
 * award (award.certificate_id and certificate_serial updated), outside any
 * transaction of the caller's (in a batch, inside it): at the decree's
 * issue, and again when an award is reinstated or corrected. A certificate
 * the award held before and that still stands is withdrawn, saying which
 * replaces it. s's actor must be allowed ACT_DECREE on the cycle. -1 with
 * e: 404 without an award, 409 while the award stands revoked.
 */
int certificate_issue(struct svc *s, int64_t participation_id, struct err *e);

/*
 * Every standing certificate of cycle_id's units in province, one page
 * each, as one PDF to print appended to out (not signed: each page carries
 * its own serial and QR code). For whoever oversees the province (admin,
 * coordinator, regional office, observer: ACT_AUDIT_VIEW there). *count
 * receives the pages; -1 with e (404 with none).
 */
int certificate_batch(struct svc *s, int64_t cycle_id, int province, struct buf *out,
    size_t *count, struct err *e);

/* The label of predicate code in rb (Bahasa Indonesia), code itself when
 * the rulebook has none of that name. */
const char *certificate_predicate_label(const struct rulebook *rb, const char *code);

#endif
