/*
 * model.h - the end of a page's model: the JSON a page handler leaves in
 * rep->model for its template.
 */
#ifndef P2HAM_WEB_MODEL_H
#define P2HAM_WEB_MODEL_H

#include <jansson.h>

#include "base/err.h"
#include "http/request.h"

/* 0 when rep->model was built, else -1 with e out of memory (json_pack
 * gives NULL for want of it). */
int web_model_built(const struct reply *rep, struct err *e);

/* -1 with e out of memory: the tail of a handler that could not make a
 * model or a value for it. */
int web_nomem(struct err *e);

/* rep's model becomes m, whose reference it takes (the one before is
 * dropped), to be shown with template tpl. Returns 0. */
int web_model_take(struct reply *rep, json_t *m, const char *tpl);

#endif
