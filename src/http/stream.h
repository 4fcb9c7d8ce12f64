/*
 * stream.h - the responses of replies whose body is sent while it is read
 * or made: a file (has_fd), from its descriptor or its stream (request.h,
 * struct reply_stream); a body of unknown length made part by part
 * (stream_next); and the response of any reply. Private to the server.
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

/* The response of rep, whose stream_next makes the body part by part; NULL
 * on failure, rep's stream context freed then. */
struct MHD_Response *http_stream_response(struct reply *rep);

/* rep's response, whichever way its body is held: its file, its stream,
 * or its body, which goes with the response; NULL when none can be made
 * (the body given up then). */
struct MHD_Response *reply_response(struct reply *rep);

#endif
