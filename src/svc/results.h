/*
 * results.h - a cycle's published results (/hasil): the admin publishes a
 * frozen snapshot of every unit the cycle's issued decrees decided on (its
 * province, unit type, total, criterion scores, knock-outs, adjustments,
 * predicate or none, whether the award stands revoked, and the computation
 * in sentences, Indonesian and English), stored as canonical JSON with its
 * SHA-256 and the installation's Ed25519 signature. A version never
 * changes; a correction is the next version, saying what it corrects.
 */
#ifndef P2HAM_SVC_RESULTS_H
#define P2HAM_SVC_RESULTS_H

#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "svc/svc.h"

/*
 * Publish the next version of cycle_id's results, computed now: version 1
 * when none is published (corrects must then be NULL or ""), else the next
 * one, whose corrects says what it corrects (required). Policy ACT_DECREE
 * (the admin). The snapshot, its hash and signature are stored in one
 * transaction with the audit entry "results.publish". *version (may be
 * NULL) receives the new version's number. -1 with e: 403/404, 409 when the
 * cycle has no issued decree, 422 with pr naming "corrects".
 */
int results_publish(struct svc *s, int64_t cycle_id, const char *corrects,
    struct svc_problems *pr, int *version, struct err *e);

/*
 * Called after an award of cycle_id was revoked or reinstated and that
 * change committed: when the cycle has published results, publish the next
 * version computed now, whose correction note is note. 0 and nothing done
 * when the cycle has none published; -1 with e.
 */
int results_republish(struct svc *s, int64_t cycle_id, const char *note, struct err *e);

#endif
