/*
 * server.h - the HTTP server on libmicrohttpd: poll with a thread pool (one
 * event loop per thread; see DESIGN.md for why not epoll), limits, security
 * headers, access log, graceful shutdown. It parses and routes; the
 * application's respond hook runs the handler and renders the reply.
 */
#ifndef P2HAM_SERVER_H
#define P2HAM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "http/request.h"
#include "http/route.h"

struct server_config {
	const char *listen;        /* "host:port", "[v6]:port" */
	unsigned threads;          /* worker threads (0: one per core) */
	size_t max_body;           /* default request body limit in bytes */
	size_t max_headers;        /* total header bytes allowed (431 beyond) */
	unsigned timeout;          /* idle connection timeout in seconds */
	unsigned header_timeout;   /* seconds to send a request's headers,
				      from the connection's start or the
				      previous request's end; 0: no limit */
	unsigned max_connections;  /* concurrent connections */
	unsigned max_per_address;  /* connections from one client address,
				      loopback excepted; 0: no limit; not
				      applied with trust_proxy */
	size_t body_memory;        /* bytes of request bodies of routes
				      without login held in memory, all
				      connections together (503 beyond) */
	unsigned shutdown_grace;   /* seconds to let in-flight requests finish */
	unsigned offload_threads;  /* threads running the routes marked
				      .offload (0: one per core, at least 2) */
	unsigned offload_queue;    /* such requests waiting for one, beyond
				      which 503 (0: 64 per offload thread) */
	bool behind_tls;           /* a TLS proxy in front: Secure cookies, HSTS */
	bool trust_proxy;          /* take the client address from X-Forwarded-For */
	uint64_t upload_max;       /* bytes of one uploaded file (upload routes) */
	const char *data_dir;      /* uploads are spooled in DATA_DIR/files/tmp */
	const char *public_url;    /* how the public reaches us, no final '/' */
	const char *metrics_token; /* bearer token that opens /metrics to
				      other than loopback clients, or NULL */
};

/*
 * Fill rep for req. When e->status is already set the server found an error
 * before any handler ran (400, 404, 405, 413, 414, 431, ...): render it.
 * Otherwise run req->route's handler and render its model (HTML or JSON).
 * Must always leave rep with a body or a status without one.
 */
typedef void (*server_respond_fn)(struct request *req, struct reply *rep, struct err *e);

/* Called when a request ends (after the response), to release app state. */
typedef void (*server_done_fn)(struct request *req);

struct server_hooks {
	server_respond_fn respond;
	server_done_fn done;                /* may be NULL */
	void (*begin)(struct request *req); /* after routing, before params (may be NULL) */
	/* The body of a route with login is about to arrive: true to keep
	 * it (in memory, or its files spooled), false to read and drop it
	 * (the respond hook then refuses the request, e.g. with a sign-in
	 * redirect, or answers req->refusal when the hook set it). NULL:
	 * always keep. */
	bool (*admit)(struct request *req);
	/* At shutdown, once in-flight requests had their grace: resume
	 * every request the application parked and park no more (later
	 * ones are answered at once). NULL: it parks none. */
	void (*quiesce)(void *app);
};

/*
 * A listening socket on addr ("host:port", "[v6]:port"), or -1 with e saying
 * what is wrong in one line (bad form, address in use, ...). Done before
 * anything else at start, so that a wrong address is the only complaint.
 */
int server_listen(const char *addr, struct err *e);

/*
 * Serve routes on the listening socket fd (taken over: closed on return)
 * until SIGTERM or SIGINT, then stop accepting, let in-flight requests
 * finish (up to shutdown_grace seconds), answer the parked ones (the
 * offload pool finishes what runs and answers what waits with 503; then
 * hooks->quiesce) and return 0; -1 with e set when the server cannot
 * start. Routes marked .offload run on the offload pool
 * (http/offload.h); for tests only, P2HAM_TEST_OFFLOAD_DELAY_MS in the
 * environment holds each of them that many milliseconds first.
 * The caller must block SIGTERM and SIGINT in all threads before calling
 * (server_block_signals), so that only this function's sigwait sees them.
 */
int server_run(const struct server_config *cfg, int fd, const struct route *routes,
    size_t route_count, const struct server_hooks *hooks, void *app, struct err *e);

/* Block SIGTERM, SIGINT and SIGPIPE in the calling thread (inherited by threads). */
void server_block_signals(void);

/* The application pointer given to server_run. */
void *server_app(const struct server *srv);
/* The configuration given to server_run. */
const struct server_config *server_config(const struct server *srv);
/* Where streamed uploads are spooled: DATA_DIR/files/tmp. */
const char *server_spool_dir(const struct server *srv);

#endif
