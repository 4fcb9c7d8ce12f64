/*
 * handlers.h - the route handlers, by the feature file that defines them.
 * The route table in app.c is the only caller.
 */
#ifndef P2HAM_HANDLERS_H
#define P2HAM_HANDLERS_H

#include "http/request.h"

/* home.c */
int	home_page(struct request *req, struct reply *rep, struct err *e);

/* ops.c */
int	ops_healthz(struct request *req, struct reply *rep, struct err *e);
int	ops_metrics(struct request *req, struct reply *rep, struct err *e);
int	ops_static(struct request *req, struct reply *rep, struct err *e);
int	ops_static_init(void);

#endif
