/*
 * verification.h - what the assessment pages (the unit's evidence,
 * /partisipasi/{id}/penilaian, and the verifier's,
 * /partisipasi/{id}/verifikasi) show alike: verdicts, revision rounds,
 * site visits, the closing and its documents.
 */
#ifndef P2HAM_WEB_VERIFICATION_H
#define P2HAM_WEB_VERIFICATION_H

#include <jansson.h>

#include "http/request.h"
#include "svc/verification.h"

/* A verdict row (VERDICT_LIST) as shown: {verdict, label, note, round,
 * given_by_name, given_at_text, final}; JSON null for NULL. New reference. */
json_t *verification_verdict_json(struct request *req, json_t *row);

/*
 * Put into model what both pages show: "subnav" (the assessment pages),
 * "rounds" (each with its deadline, who opened it, its items with notes,
 * its resubmission), "open_round" (or null), "visits" (with photos),
 * "closing" (or null), "documents", "verdict_counts". -1 with e.
 */
int verification_common(struct request *req, struct svc *s, struct verification *v,
    json_t *model, struct err *e);

#endif
