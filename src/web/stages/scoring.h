/*
 * scoring.h - what the assessment's scoring pages (the assessor's,
 * /partisipasi/{id}/skor, and the result, /partisipasi/{id}/hasil-penilaian)
 * build alike.
 */
#ifndef P2HAM_WEB_SCORING_H
#define P2HAM_WEB_SCORING_H

#include <stdbool.h>

#include <jansson.h>

#include "http/request.h"
#include "svc/scoring.h"

/* What a page adds to its model m from a (its form as typed when built
 * again for a refused post: req_refill). */
typedef void (*scoring_fill)(struct request *req, struct svc *s,
    const struct assessment *a, json_t *m);

/*
 * The page of participation {id}'s assessment with template tpl: its
 * header (participation_header), "subnav" (the assessment's pages) and
 * "page_title" (title_key and the unit's name), then what fill adds, as
 * rep's model. 0, or -1 with e.
 */
int scoring_page_model(struct request *req, struct reply *rep, const char *tpl,
    const char *title_key, scoring_fill fill, struct err *e);

#endif
