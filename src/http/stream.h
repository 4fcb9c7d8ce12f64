/*
 * stream.h - the response of a reply whose body is a file (has_fd): sent
 * from its descriptor, or made piece by piece by its stream while it is
 * sent (request.h, struct reply_stream). Private to the server.
 */
#ifndef P2HAM_HTTP_STREAM_H
#define P2HAM_HTTP_STREAM_H

#include <microhttpd.h>

#include "http/request.h"

/* rep's file body as a response; NULL when it cannot be made (rep's file
 * or stream ended then). */
struct MHD_Response *reply_file_response(struct reply *rep);

/* End rep's file body unsent: close its descriptor or end its stream. */
void reply_file_drop(struct reply *rep);

#endif
