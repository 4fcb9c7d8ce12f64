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

/* After the redirect of a write that went well (the address carries ?ok),
 * the notice key in the catalog above the page of rep's model; never on
 * a page built again for a refused post (req_again). */
void web_model_ok_notice(struct request *req, struct reply *rep, const char *key);

/* The end of a page whose model is rep->model: 0 with the notice key
 * after a write that went well (web_model_ok_notice), or -1 with e when
 * the model could not be built (web_model_built). */
int web_model_done(struct request *req, struct reply *rep, const char *key, struct err *e);

/*
 * The notice saying what was just done, after a redirect whose query
 * parameter param names it: the catalog's group.<value> (param declared
 * as an enum of the values the group knows). Nothing when param is
 * absent, nor on a page built again for a refused post (req_again).
 */
void
web_done_notice(struct request *req, json_t *model, const char *param, const char *group);

/* rep's model becomes m, whose reference it takes (the one before is
 * dropped), to be shown with template tpl. Returns 0. */
int web_model_take(struct reply *rep, json_t *m, const char *tpl);

#endif
