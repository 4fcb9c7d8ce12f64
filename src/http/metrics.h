/*
 * metrics.h - request counters by route and status, a latency histogram per
 * route, written in the Prometheus text format. Lock-free: relaxed atomics.
 */
#ifndef P2HAM_METRICS_H
#define P2HAM_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "http/route.h"

/* Size the tables for count routes (plus one row for unmatched requests). */
int metrics_init(const struct route *routes, size_t count);
void metrics_free(void);

/* Record one answered request; route_index -1 means no route matched. */
void metrics_observe(int route_index, int status, double seconds);

/* Append every metric, with db_errors as p2ham_db_errors_total. */
void metrics_write(struct buf *out, uint64_t db_errors);

#endif
