/*
 * decree.h - what the decree's pages (decree.c, decree_files.c) share.
 */
#ifndef P2HAM_WEB_DECREE_H
#define P2HAM_WEB_DECREE_H

#include "http/request.h"
#include "http/route.h"

/* The page of decree {kep} of cycle {id}; shown again for a refused
 * post, with the form as posted (req_refill). */
int decree_one_page(struct request *req, struct reply *rep, struct err *e);

/* The path's {id} and {kep}. */
extern const struct param_spec decree_params[];

#endif
