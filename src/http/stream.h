/*
 * stream.h - a response body made while it is sent (see stream.c).
 */
#ifndef P2HAM_HTTP_STREAM_H
#define P2HAM_HTTP_STREAM_H

#include <microhttpd.h>

#include "http/request.h"

/* The response of rep, whose stream_next makes the body part by part; NULL
 * on failure, rep's stream context freed then. */
struct MHD_Response *http_stream_response(struct reply *rep);

#endif
