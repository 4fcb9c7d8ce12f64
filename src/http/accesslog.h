/*
 * accesslog.h - the access line of a request.
 */
#ifndef P2HAM_ACCESSLOG_H
#define P2HAM_ACCESSLOG_H

#include <stdbool.h>

#include "http/request.h"

/* Log req's access line, "event=request method=M route=R status=S bytes=B
 * ms=T.t[ aborted=1]", secs after its first line (log_request: held with
 * the thread's others). */
void access_log(const struct request *req, double secs, bool aborted);

#endif
