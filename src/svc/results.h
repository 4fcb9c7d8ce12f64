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
 * version computed now, whose correction note is note (cut to
 * RESULTS_CORRECTS_MAX bytes; "-" when empty). 0 and nothing done when the
 * cycle has none published; -1 with e.
 */
int results_republish(struct svc *s, int64_t cycle_id, const char *note, struct err *e);

/* The snapshot's format, its "format" member. */
#define RESULTS_FORMAT "p2ham-hasil/1"
/* Longest correction note, in bytes. */
#define RESULTS_CORRECTS_MAX 2000

/*
 * The snapshot of version of cycle (a CYCLE_GET row) published at
 * published_at (ISO-8601 UTC), correcting corrects (NULL for version 1):
 * {format, cycle: {id, year, title, programme}, rulebook: {code, version},
 * version, corrects, published_at, threshold, criteria: [{code, name:
 * {id, en}, weight}], predicates: [{code, label, min_total}], units:
 * [{participation_id, unit_id, unit_name, province_code, province_name,
 * unit_type, unit_type_name: {id, en}, decree: {number, date}, awarded,
 * predicate: {code, label: {id, en}} or null, revoked, revoked_at, total,
 * base, complete, passes, knockouts_met, criteria: [{code, score,
 * weighted, applicable, scored}], knockouts: [{code, text, met}],
 * adjustments: [{kind, has_data, points}], explanation: {id: [...], en:
 * [...]}}]}, one unit per row of decided (RESULT_DECIDED), scored now by
 * the scoring engine, in order of province, name and participation;
 * numbers are texts with two decimals ("87.50"). A new reference, or NULL
 * with e (404 when s's actor may not see a participation).
 */
json_t *results_snapshot(struct svc *s, json_t *cycle, json_t *decided, int version,
    const char *corrects, const char *published_at, struct err *e);

/*
 * The units of snapshot as CSV (sheet.h: UTF-8 with a byte order mark),
 * one line per unit: province_code, province_name, unit_type, unit_name,
 * participation_id, total, passes, knockouts_met, awarded, predicate,
 * predicate_name, revoked, revoked_at, decree_number, then criterion.CODE
 * per criterion; yes/no as 1/0. malloc'd text (*len bytes), or NULL when
 * out of memory.
 */
char *results_csv(json_t *snapshot, size_t *len);

/* How many participations cycle_id's issued decrees decided on, into *n:
 * the units a version would hold. -1 with e. */
int results_decided(struct svc *s, int64_t cycle_id, int64_t *n, struct err *e);

/* Cycles with published results (RESULT_CYCLES rows), into *out. */
int results_cycles(struct svc *s, json_t **out, struct err *e);

/*
 * Version version (0: the latest) of cycle_id's results with its snapshot
 * (parsed, member "data"), the CSV ("csv"), the newest version's number
 * ("latest") and every version without snapshot ("versions", newest
 * first), into *out; public, so no policy. NULL *out when there is no such
 * version. -1 with e.
 */
int
results_version(struct svc *s, int64_t cycle_id, int version, json_t **out, struct err *e);

#endif
