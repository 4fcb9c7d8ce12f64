/*
 * offload.h - a small pool of threads that runs the slow requests (routes
 * marked .offload: uploads, answers saved, submissions that render
 * documents, password hashing) while their connections are parked, so
 * that the server's event-loop threads keep answering page views.
 *
 * The queue is bounded: a request that finds it full is answered 503 with
 * Retry-After at once, never kept waiting without end. At shutdown the
 * requests already running finish; those still queued are answered 503.
 */
#ifndef P2HAM_OFFLOAD_H
#define P2HAM_OFFLOAD_H

#include <stdbool.h>

#include "base/err.h"
#include "http/request.h"
#include "http/server.h"

/* Seconds a client is asked to wait (Retry-After) when refused as busy. */
#define OFFLOAD_RETRY_AFTER "5"

struct offload;

/*
 * Start threads threads (0: one per core, at least two) over a queue of at
 * most queue_max waiting requests (0: 64 per thread). delay_ms, for tests
 * only, holds every offloaded request that long before it runs (0: none).
 * NULL with e set when a thread cannot start.
 */
struct offload *
offload_start(unsigned threads, unsigned queue_max, unsigned delay_ms, struct err *e);

/* The threads and queue bound in use, for the log. */
unsigned offload_threads(const struct offload *o);
unsigned offload_queue_max(const struct offload *o);

/*
 * Hand req, whose route is marked .offload and which has no error yet, to
 * the pool: respond runs there with a reply of its own while req is parked
 * (req_park), and req is resumed once the reply is ready. Returns 0 when
 * handed over (the caller then suspends the connection as for any parked
 * request); -1 when req is not for the pool (no pool, route not marked,
 * error already set, a reply already made) and the caller answers it
 * itself; -1 with e set (ERR_BUSY) and a Retry-After header in rep when the
 * queue is full or the pool stopping.
 */
int offload_send(struct offload *o, struct request *req, server_respond_fn respond,
    struct reply *rep, struct err *e);

/* What offload_take found. */
enum offload_taken {
	OFFLOAD_NONE,    /* req was not handed over */
	OFFLOAD_REPLY,   /* the pool's reply is in *rep (owning its model and
			    body) and its error, if any, in *e */
	OFFLOAD_REFUSED, /* shutdown answered req unrun: e is ERR_BUSY and rep
			    holds Retry-After; the caller renders e */
};

/* Once a handed-over request is resumed: its reply or its refusal. */
enum offload_taken offload_take(struct request *req, struct reply *rep, struct err *e);

/*
 * Stop taking requests (offload_send refuses with ERR_BUSY from now on),
 * let the running ones finish, resume the queued ones unrun (offload_take
 * then answers 503), join the threads and free o. NULL is a no-op.
 */
void offload_stop(struct offload *o);

#endif
