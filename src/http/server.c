/*
 * server.c - libmicrohttpd glue: one struct request per HTTP request, from the
 * request line (URI log callback) to the completion callback, where the
 * access line is logged, metrics recorded and the arena freed.
 *
 * The daemon runs poll(2) with a thread pool: every worker has its own event
 * loop over its share of connections. Measured on this class of machine,
 * libmicrohttpd 0.9.75's epoll mode collapses when exactly 128*k connections
 * become ready at once; poll mode does not (DESIGN.md).
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "base/alloc.h"
#include "base/log.h"
#include "http/accesslog.h"
#include "http/metrics.h"
#include "http/offload.h"
#include "http/encoding.h"
#include "http/guard.h"
#include "http/headers.h"
#include "http/server.h"
#include "http/spool.h"
#include "http/stream.h"

#define REQUEST_ARENA_CAP (32u * 1024 * 1024) /* 413 beyond this */
#define FORM_PAIRS_MAX 1000
#define UPLOAD_MAX_DEFAULT (20u * 1024 * 1024) /* bytes of one uploaded file */
#define UPLOAD_SLACK (1024u * 1024)            /* an upload's text fields and framing */

struct server {
	const struct server_config *cfg;
	const struct route *routes; /* the application's route table */
	size_t route_count;
	const struct server_hooks *hooks;
	void *app;               /* handed to handlers via server_app */
	atomic_int active;       /* requests between first line and completion */
	atomic_size_t body_mem;  /* bytes of public bodies held in memory */
	atomic_int suspended;    /* parked requests whose connection is held */
	struct offload *offload; /* runs the routes marked .offload */
	char spool_dir[4096];    /* DATA_DIR/files/tmp */
};

void *
server_app(const struct server *srv)
{
	return srv->app;
}

const struct server_config *
server_config(const struct server *srv)
{
	return srv->cfg;
}

const char *
server_spool_dir(const struct server *srv)
{
	return srv->spool_dir;
}

void
server_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static double
elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* A request's id: random, from the kernel once per ID_RUN requests of a
 * thread and counted up in between (it names log lines and audit entries,
 * it guards nothing). */
#define ID_RUN 4096

static void
request_id(char out[17])
{
	static _Thread_local uint64_t next;
	static _Thread_local unsigned left;
	unsigned char b[8];
	uint64_t v;
	int i;

	if (left == 0) {
		randombytes_buf(&next, sizeof(next));
		left = ID_RUN;
	}
	left--;
	v = next++;
	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	sodium_bin2hex(out, 17, b, sizeof(b));
}

/* MHD calls this with the raw request target before parsing headers; what it
 * returns becomes the connection's per-request pointer. */
static void *
uri_log_cb(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *srv = cls;
	struct request *req;

	if ((req = calloc(1, sizeof(*req))) == NULL)
		return NULL;
	arena_init(&req->arena, REQUEST_ARENA_CAP);
	req->srv = srv;
	req->conn = conn;
	req->route_index = -1;
	req->lang = "id";
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	request_id(req->id);
	req->raw_uri = arena_strdup(&req->arena, uri ? uri : "");
	req->uri_start = uri;
	buf_init(&req->body, 0);
	atomic_fetch_add(&srv->active, 1);
	return req;
}

/* Parked requests change state under this lock (req_park). */
static pthread_mutex_t park_lock = PTHREAD_MUTEX_INITIALIZER;

void
req_park(struct request *req, void *state)
{
	pthread_mutex_lock(&park_lock);
	req->parked = state;
	req->park = REQ_PARKING;
	pthread_mutex_unlock(&park_lock);
}

void
req_resume(struct request *req)
{
	struct MHD_Connection *conn = NULL;
	struct server *srv = req->srv;

	pthread_mutex_lock(&park_lock);
	if (req->park == REQ_SUSPENDED)
		conn = req->conn;
	req->park = REQ_READY;
	pthread_mutex_unlock(&park_lock);
	/* Suspended, req lives until its connection is resumed. */
	if (conn != NULL) {
		MHD_resume_connection(conn);
		/* Counted down once resumed: shutdown stops the daemon only
		 * when no connection is left suspended (libmicrohttpd aborts
		 * otherwise). */
		atomic_fetch_sub(&srv->suspended, 1);
	}
}

/* After the handler parked req: hold its connection unless it is ready
 * already. True when it was suspended. */
static bool
park_suspend(struct request *req)
{
	bool suspended = false;

	pthread_mutex_lock(&park_lock);
	if (req->park == REQ_PARKING) {
		MHD_suspend_connection(req->conn);
		req->park = REQ_SUSPENDED;
		atomic_fetch_add(&req->srv->suspended, 1);
		suspended = true;
	}
	pthread_mutex_unlock(&park_lock);
	return suspended;
}

/* Render and queue the reply; e carries an error found before the handler. */
static enum MHD_Result
finish(struct request *req, struct err *e)
{
	struct server *srv = req->srv;
	struct reply rep;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	void *packed;
	size_t i, packed_len;
	bool varies, gzipped = false;

again:
	memset(&rep, 0, sizeof(rep));
	rep.status = 200;
	req->dispatched = true;
	switch (offload_take(req, &rep, e)) {
	case OFFLOAD_REPLY:
		break; /* made by the pool while req was parked */
	case OFFLOAD_NONE:
		if (offload_send(srv->offload, req, srv->hooks->respond, &rep, e) == 0)
			break; /* parked: the pool answers it */
			       /* FALLTHROUGH */
	case OFFLOAD_REFUSED:
		srv->hooks->respond(req, &rep, e);
		break;
	}
	json_decref(rep.model);
	rep.model = NULL;
	if (req->park == REQ_PARKING || req->park == REQ_READY) {
		if (rep.has_fd)
			reply_file_drop(&rep);
		if (rep.stream_next != NULL && rep.stream_free != NULL)
			rep.stream_free(rep.stream_ctx);
		reply_body_drop(&rep);
		if (req->park == REQ_PARKING && park_suspend(req))
			return MHD_YES;  /* access_cb finishes it once resumed */
		req->park = REQ_RUNNING; /* ready already: its second run */
		goto again;
	}
	if (rep.has_fd && rep.body != NULL) {
		/* An error page replaced the file after all. */
		reply_file_drop(&rep);
		rep.has_fd = false;
	}
	if (rep.stream_next != NULL && (rep.body != NULL || req->method == HTTP_HEAD)) {
		/* An error page replaced the stream, or no body goes. */
		if (rep.stream_free != NULL)
			rep.stream_free(rep.stream_ctx);
		rep.stream_next = NULL;
	}
	/* A body kept gzip-encoded (rep.gzipped) goes as it is. */
	gzipped = rep.gzipped && rep.body != NULL && !rep.has_fd;
	varies = gzipped ||
	    (!rep.has_fd && rep.body != NULL && !rep.body_static &&
		rep.len >= GZIP_MIN_BYTES && http_compressible(rep.content_type));
	if (varies && !gzipped &&
	    http_accepts_gzip(req_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING)) &&
	    http_gzip(rep.body, rep.len, &packed, &packed_len) == 0) {
		reply_body_drop(&rep);
		rep.body = packed;
		rep.len = packed_len;
		gzipped = true;
	}
	if ((resp = reply_response(&rep)) == NULL)
		return MHD_NO;
	http_security_headers(resp, srv->cfg->behind_tls);
	MHD_add_response_header(resp, "X-Request-Id", req->id);
	if (varies)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gzipped)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (rep.content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep.content_type);
	if (rep.location != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, rep.location);
	for (i = 0; i < rep.header_count; i++)
		MHD_add_response_header(resp, rep.headers[i].name, rep.headers[i].value);
	if (req->body_too_large ||
	    (e != NULL && e->status >= 400 && req->method != HTTP_GET && req->method != HTTP_HEAD))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	req->status = rep.status;
	req->bytes = req->method == HTTP_HEAD ? 0 : rep.has_fd ? rep.fd_len : rep.len;
	ret = MHD_queue_response(req->conn, (unsigned)rep.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
allow_header(struct request *req, unsigned allow, struct err *e)
{
	struct buf b;
	int i;

	buf_init(&b, 128);
	for (i = 0; i < HTTP_METHOD_MAX; i++)
		if (allow & (1u << i))
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			    http_method_name((enum http_method)i));
	/* The message carries the Allow list; the respond hook sends it. */
	err_set(e, ERR_METHOD_NOT_ALLOWED, "%s", buf_cstr(&b));
	buf_free(&b);
}

/*
 * The cap of an upload route's multipart body: files times the per-file
 * limit, and room for the form, unless the route says otherwise.
 */
static void
upload_limits(struct request *req, struct spool_limits *lim)
{
	struct server *srv = req->srv;
	const struct route *r = req->route;
	uint64_t cap;

	lim->dir = srv->spool_dir;
	lim->file_max = srv->cfg->upload_max ? srv->cfg->upload_max : UPLOAD_MAX_DEFAULT;
	lim->max_files = r->max_files ? r->max_files : SPOOL_FILES_DEFAULT;
	cap = r->max_body ? r->max_body : lim->max_files * lim->file_max + UPLOAD_SLACK;
	req->body_limit = cap > SIZE_MAX ? SIZE_MAX : (size_t)cap;
}

/* First call for a request: everything decidable from the headers. */
static void
prepare(struct request *req, const char *method, const char *version, struct err *e)
{
	struct server *srv = req->srv;
	struct spool_limits lim;
	unsigned allow = 0;
	const char *cl;
	int64_t clen;
	bool upload;

	req->method = http_method_parse(method);
	if (http_check_headers(req, version, req->srv->cfg->max_headers, e) < 0)
		return;
	if (request_parse_uri(req, e) < 0)
		return;
	if (srv->hooks->begin != NULL)
		srv->hooks->begin(req);
	req->route_index = route_find(srv->routes, srv->route_count, req->method,
	    req->path, &req->match, &allow);
	if (req->route_index < 0) {
		if (allow != 0)
			allow_header(req, allow, e);
		else
			err_set(e, ERR_NOT_FOUND, "no page at this address");
		return;
	}
	req->route = &srv->routes[req->route_index];
	req->body_limit = req->route->max_body ? req->route->max_body : srv->cfg->max_body;
	upload = req->route->upload && req_is_multipart(req);
	if (upload)
		upload_limits(req, &lim);
	/* Know who calls a route for the signed-in before keeping any byte
	 * of its body: nobody's body is read and dropped, and respond
	 * answers with the way to sign in. */
	if (req->route->login && srv->hooks->admit != NULL && !srv->hooks->admit(req))
		req->body_dropped = true;
	else if (upload &&
	    spool_open(req, req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE), &lim, e) == NULL)
		return;
	cl = req_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	req->content_length = -1;
	if (cl != NULL && str_to_i64(cl, strlen(cl), 0, INT64_MAX, &clen) == 0)
		req->content_length = clen;
	if (cl != NULL && (req->content_length < 0 || (uint64_t)clen > req->body_limit)) {
		req->body_too_large = true;
		err_set(e, ERR_BODY_TOO_LARGE, "request body exceeds %zu bytes",
		    req->body_limit);
	}
}

static bool
is_form(struct request *req)
{
	const char *ct = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct != NULL && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/*
 * Count n more bytes of a public route's body held in memory against the
 * budget shared by all connections; false when they do not fit.
 */
static bool
budget_take(struct request *req, size_t n)
{
	atomic_size_t *held = &req->srv->body_mem;

	if (req->route->login)
		return true;
	if (atomic_fetch_add(held, n) + n > req->srv->cfg->body_memory) {
		atomic_fetch_sub(held, n);
		return false;
	}
	req->body_counted += n;
	return true;
}

/* Give back what req's body counted against the budget. */
static void
budget_release(struct request *req)
{
	atomic_fetch_sub(&req->srv->body_mem, req->body_counted);
	req->body_counted = 0;
}

/* The next piece of the body: to the spool, to memory, or dropped. */
static void
take_body(struct request *req, const char *p, size_t n)
{
	req->body_seen += n;
	if (req->body_too_large || req->body_dropped)
		return;
	if (req->body_seen > req->body_limit) {
		req->body_too_large = true;
		buf_free(&req->body);
		budget_release(req);
		if (req->spool != NULL)
			spool_abort(req->spool);
		return;
	}
	if (req->spool != NULL)
		spool_feed(req->spool, p, n); /* a refusal is kept for the end */
	else if (!budget_take(req, n)) {
		/* Too many public bodies at once: this one waits for nothing. */
		req->body_dropped = req->body_over_budget = true;
		buf_free(&req->body);
		budget_release(req);
	} else
		buf_append(&req->body, p, n);
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct request *req = *con_cls;
	struct err e;

	if (req == NULL)
		return MHD_NO;
	log_set_request_id(req->id);
	err_clear(&e);
	if (req->dispatched && req->park == REQ_READY) {
		/* Resumed: the handler runs again and answers. */
		req->park = REQ_RUNNING;
		return finish(req, &e);
	}
	if (req->dispatched)
		return MHD_YES;
	if (!req->prepared) {
		/* First call: headers are complete, no body byte read yet. */
		req->prepared = true;
		guard_headers_done(conn);
		prepare(req, method, version, &e);
		if (e.status != 0)
			return finish(req, &e);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		take_body(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* libmicrohttpd may also call with nothing before the body has
	 * arrived; with a declared length, the end is when it is all here. */
	if (req->content_length >= 0 && req->body_seen < (uint64_t)req->content_length)
		return MHD_YES;
	if (req->body_too_large)
		err_set(&e, ERR_BODY_TOO_LARGE, "request body exceeds %zu bytes",
		    req->body_limit);
	else if (req->body_over_budget)
		err_set(&e, ERR_NOMEM, "request bodies held exceed %zu bytes",
		    req->srv->cfg->body_memory);
	else if (req->body.failed)
		err_set(&e, ERR_BODY_TOO_LARGE, "request body does not fit in memory");
	else if (req->spool != NULL)
		spool_finish(req->spool, &e);
	else if (is_form(req) &&
	    kv_parse(&req->arena, buf_cstr(&req->body), req->body.len, FORM_PAIRS_MAX,
		&req->form) < 0)
		err_set(&e, ERR_BAD_ENCODING, "form is not valid percent-encoded UTF-8");
	return finish(req, &e);
}

static void
completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request *req = *con_cls;
	double secs;

	guard_request_done(conn);
	if (req == NULL)
		return;
	log_set_request_id(req->id);
	secs = elapsed(&req->start);
	if (req->status != 0) {
		metrics_observe(req->route_index, req->status, secs);
		access_log(req, secs, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
	} else
		log_info("event=request_aborted ms=%.1f reason=%d", secs * 1000, (int)toe);
	if (srv->hooks->done != NULL)
		srv->hooks->done(req);
	budget_release(req);
	buf_free(&req->body);
	arena_free(&req->arena);
	free(req);
	*con_cls = NULL;
	log_set_request_id(NULL);
	atomic_fetch_sub(&srv->active, 1);
}

static void
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_debug("event=mhd msg=\"%s\"", msg);
}

static unsigned
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 && n < 1024 ? (unsigned)n : 2;
}

/* P2HAM_TEST_OFFLOAD_DELAY_MS: for tests only, hold every offloaded request
 * that many milliseconds (at most a minute) before it runs; unset: 0. */
static unsigned
test_delay(void)
{
	const char *v = getenv("P2HAM_TEST_OFFLOAD_DELAY_MS");
	int64_t ms;

	if (v == NULL || str_to_i64(v, strlen(v), 0, 60000, &ms) < 0)
		return 0;
	if (ms > 0)
		log_warn("event=offload_test_delay ms=%lld", (long long)ms);
	return (unsigned)ms;
}

/*
 * At shutdown, once the grace is over: leave no request parked. The pool
 * finishes what runs and answers what waits (503), the application stops
 * whatever else parks requests (hooks->quiesce), and then the resumed
 * requests get a moment to be answered. libmicrohttpd aborts the process
 * when its daemon stops with a connection suspended: -1 when one still is
 * after ten seconds.
 */
static int
unpark(struct server *srv)
{
	struct timespec t0, ts = { 0, 10 * 1000 * 1000 };

	offload_stop(srv->offload);
	srv->offload = NULL;
	if (srv->hooks->quiesce != NULL)
		srv->hooks->quiesce(srv->app);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&srv->suspended) > 0 && elapsed(&t0) < 10)
		nanosleep(&ts, NULL);
	if (atomic_load(&srv->suspended) > 0)
		return -1;
	/* The resumed are answered by the workers, still running. */
	while (atomic_load(&srv->active) > 0 && elapsed(&t0) < 1)
		nanosleep(&ts, NULL);
	return 0;
}

int
server_run(const struct server_config *cfg, int fd, const struct route *routes,
    size_t route_count, const struct server_hooks *hooks, void *app, struct err *e)
{
	struct guard_limits lim = {
		/* Behind a proxy every connection comes from the proxy. */
		.per_address = cfg->trust_proxy ? 0 : cfg->max_per_address,
		.header_timeout = cfg->header_timeout,
	};
	struct server srv;
	struct guard *guard;
	struct MHD_Daemon *d;
	struct timespec t0;
	sigset_t set;
	int sig;
	unsigned threads = cfg->threads ? cfg->threads : cpu_count();

	memset(&srv, 0, sizeof(srv));
	srv.cfg = cfg;
	srv.routes = routes;
	srv.route_count = route_count;
	srv.hooks = hooks;
	srv.app = app;
	atomic_init(&srv.active, 0);
	if (spool_prepare(cfg->data_dir ? cfg->data_dir : "./data", srv.spool_dir,
		sizeof(srv.spool_dir), e) < 0) {
		close(fd);
		return -1;
	}
	if ((guard = guard_start(&lim, e)) == NULL) {
		close(fd);
		return -1;
	}
	if (metrics_init(routes, route_count) < 0) {
		close(fd);
		guard_stop(guard);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if ((srv.offload = offload_start(cfg->offload_threads, cfg->offload_queue,
		 test_delay(), e)) == NULL) {
		close(fd);
		guard_stop(guard);
		metrics_free();
		return -1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
		MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
	    0, guard_accept, guard, access_cb, &srv, MHD_OPTION_NOTIFY_CONNECTION,
	    guard_notify, guard, MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd, MHD_OPTION_THREAD_POOL_SIZE,
	    threads, MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(cfg->max_headers + 32 * 1024),
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log_cb, &srv, MHD_OPTION_NOTIFY_COMPLETED,
	    completed_cb, &srv, MHD_OPTION_STRICT_FOR_CLIENT, 0, MHD_OPTION_END);
	if (d == NULL) {
		close(fd);
		offload_stop(srv.offload);
		guard_stop(guard);
		metrics_free();
		err_set(e, ERR_CONFIG, "cannot start the HTTP server on %s", cfg->listen);
		return -1;
	}
	log_info("event=listen url=http://%s threads=%u offload_threads=%u "
		 "offload_queue=%u allocator=%s",
	    cfg->listen, threads, offload_threads(srv.offload),
	    offload_queue_max(srv.offload), alloc_name());

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	log_flush(); /* the request lines so far come before it */
	log_info("event=shutdown signal=%s in_flight=%d", sig == SIGTERM ? "TERM" : "INT",
	    atomic_load(&srv.active));
	MHD_quiesce_daemon(d);
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&srv.active) > 0 && elapsed(&t0) < cfg->shutdown_grace) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	if (atomic_load(&srv.active) > 0)
		log_warn("event=shutdown_forced in_flight=%d", atomic_load(&srv.active));
	if (unpark(&srv) < 0) {
		/* Stopping the daemon now would abort the process. */
		log_err("event=shutdown_parked suspended=%d", atomic_load(&srv.suspended));
		return 0;
	}
	MHD_stop_daemon(d);
	guard_stop(guard);
	metrics_free();
	log_info("event=stopped");
	return 0;
}
