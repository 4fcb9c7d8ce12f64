/*
 * request.h - one HTTP request as handlers see it (decoded path, validated
 * parameters, headers, cookies, a per-request arena) and the reply they fill.
 */
#ifndef P2HAM_REQUEST_H
#define P2HAM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "http/route.h"
#include "base/validate.h"

struct MHD_Connection;
struct server;
struct spool;

/* One decoded key=value pair of a query string or form body. */
struct kv {
	struct slice key; /* decoded, NUL-terminated in the arena */
	struct slice val; /* decoded, NUL-terminated in the arena */
};

struct kv_list {
	struct kv *items;
	size_t count;
};

/*
 * Why a route's page handler is building its page: asked for, or again
 * for a post that was refused (web/app.h: web_show_again, and a route's
 * page for a 403), as the records stand or with what the post typed.
 */
enum req_again {
	REQ_AGAIN_NO,     /* asked for: with the notice of a write just done */
	REQ_AGAIN_PLAIN,  /* again, as the records stand */
	REQ_AGAIN_REFILL, /* again, its forms as the post typed them */
	REQ_AGAIN_MAX
};

/*
 * A file part of a streamed upload (a route with .upload), as it arrived:
 * its bytes are in a temporary file, never in memory (http/spool.h).
 */
struct req_file {
	const char *field;        /* the form field's name */
	const char *filename;     /* as the browser sent it (UTF-8); "" when
				     the field was left without a file */
	const char *content_type; /* as sent, "" when absent; never trusted */
	const char *path;         /* the temporary file; NULL when there is
				     none (no byte came, too large) or a
				     handler took or dropped it */
	uint64_t size;            /* bytes received (up to the limit) */
	char sha256[65];          /* lowercase hex of the content; "" when
				     too_large */
	bool too_large;           /* it passed the per-file limit: its bytes
				     were dropped and nothing was kept */
};

struct request {
	struct arena arena;          /* freed when the request ends */
	struct server *srv;          /* the server that received it */
	struct MHD_Connection *conn; /* for headers; NULL in unit tests */
	char id[17];                 /* random hex id, in logs and X-Request-Id */
	struct timespec start;       /* monotonic time of the first byte seen */

	enum http_method method; /* HTTP_METHOD_MAX when unknown */
	const char *raw_uri;     /* as received, path and query */
	const char *uri_start;   /* where libmicrohttpd's request line holds
				    the target; only compared, never read */
	struct slice path;       /* percent-decoded, valid UTF-8 */
	struct kv_list query;    /* decoded query pairs, in order */
	struct kv_list form;     /* decoded urlencoded body pairs */

	int route_index;            /* index in the route table, -1 when none */
	const struct route *route;  /* the matched route or NULL */
	struct route_match match;   /* captured path segments */
	struct param_value *params; /* validated declared parameters */
	size_t param_count;

	const char *lang;     /* "id" or "en" */
	bool lang_from_query; /* ?lang= chose it: remember in a cookie */
	bool wants_json;      /* Accept asks for application/json */
	enum req_again again; /* the page built again for a refused post
				 (req_again, req_refill) */

	struct buf body;        /* request body collected so far */
	int64_t content_length; /* declared body length, -1: none (chunked) */
	uint64_t body_seen;     /* body bytes received, kept or not */
	size_t body_limit;      /* bytes allowed for this route */
	bool body_too_large;    /* the body passed body_limit */
	bool body_dropped;      /* the body is read and ignored */
	bool body_over_budget;  /* dropped: public bodies held too much memory */
	size_t body_counted;    /* bytes counted against that memory budget */
	bool prepared;          /* headers seen and routed (first call done) */
	struct spool *spool;    /* a streamed upload's parser, or NULL */
	struct req_file *files; /* files of a streamed upload, in order */
	size_t file_count;      /* of files */
	bool dispatched;        /* the handler has run; a reply is queued */
	struct err refusal;     /* why the admit hook dropped the body,
				   for the respond hook to answer in
				   place of the handler (kind ERR_NONE
				   when it did not) */

	int park;      /* enum req_park_state: the handler waits for
			  another thread (req_park) */
	void *parked;  /* the handler's state while it waits */
	void *offload; /* while the offload pool answers it
			  (http/offload.h): its job */

	int status;     /* answered status, for the access log */
	uint64_t bytes; /* answered body bytes */
	void *app;      /* the application's per-request state */
};

#define REPLY_MAX_HEADERS 8

/*
 * A body made piece by piece while it is sent (a stored file read from
 * the database): read fills buf with at most max bytes from offset pos and
 * returns how many, -1 on failure (the connection is then cut short); done,
 * when not NULL, is called once at the end, sent or not.
 */
struct reply_stream {
	ssize_t (*read)(void *cls, uint64_t pos, char *buf, size_t max);
	void (*done)(void *cls);
	void *cls;
};

struct reply {
	int status;               /* 200 unless the handler says otherwise */
	const char *template;     /* page template (default: the route's) */
	json_t *model;            /* the view model; owned by the reply */
	const char *content_type; /* for raw bodies */
	char *body;               /* rendered body; malloc'd unless body_static
				     or body_release is set */
	size_t len;               /* bytes of body */
	bool body_static;         /* body points into long-lived memory */
	/* When set, body lies in memory shared with other requests (a kept
	 * page, a kept file's contents): it is not freed but given back by
	 * body_release(body_owner) once sent or dropped. */
	void (*body_release)(void *owner);
	void *body_owner;
	bool gzipped;               /* body is gzip-encoded already: sent
				       as it is, with Content-Encoding */
	bool has_fd;                /* send fd_len bytes of file fd instead of
				       body; the server closes fd */
	int fd;                     /* an open file, read from its offset 0 */
	uint64_t fd_len;            /* bytes of it to send */
	struct reply_stream stream; /* with has_fd: when stream.read is
				       set, the fd_len bytes come from it,
				       not from fd */
	/* A body made while it is sent, of a length not known before:
	 * stream_next appends the next part to out and returns 0 (nothing
	 * appended: the end) or -1 (the response breaks off);
	 * stream_free(stream_ctx) runs once it is done or abandoned. Both
	 * run in the request's worker thread; they must not touch the
	 * request, which may be gone before stream_free. */
	int (*stream_next)(void *ctx, struct buf *out);
	void (*stream_free)(void *ctx);
	void *stream_ctx;
	const char *location; /* redirect target for 3xx */
	size_t header_count;
	struct {
		const char *name;  /* header name */
		const char *value; /* header value (arena or static) */
	} headers[REPLY_MAX_HEADERS];
};

/*
 * Decode "a=1&b=2" (form encoding: '+' is a space) into pairs allocated in a.
 * Returns 0, or -1 when an escape is malformed, a key or value is not valid
 * UTF-8, there are more than max_pairs pairs, or the arena is exhausted.
 */
int
kv_parse(struct arena *a, const char *s, size_t len, size_t max_pairs, struct kv_list *out);
/* The first value for key, or NULL. */
const struct slice *kv_get(const struct kv_list *l, const char *key);

/*
 * Find cookie name in a Cookie header value; on success *val points into
 * header and the function returns true.
 */
bool cookie_find(const char *header, const char *name, struct slice *val);

/*
 * Split the raw URI into decoded path and query pairs. Returns 0, or -1 with
 * e set to 400 (bad encoding or invalid UTF-8) or 414.
 */
int request_parse_uri(struct request *req, struct err *e);

/*
 * Validate the route's declared parameters from path, query and form.
 * Returns 0, or -1 with e set (status 400 for path and query problems;
 * form problems are left to the handler, which re-renders the form: see
 * req_param_error).
 */
int request_bind_params(struct request *req, struct err *e);

/* A declared parameter's value (never NULL for a declared name; asserts). */
const struct param_value *req_param(const struct request *req, const char *name);
/* The same, or NULL when req's route does not declare name. */
const struct param_value *req_param_find(const struct request *req, const char *name);
/* The reason a declared form parameter was refused, VE_OK when it was fine. */
enum validate_error req_param_error(const struct request *req, const char *name);

/* A request header's value, or NULL. */
const char *req_header(const struct request *req, const char *name);
/* True when the body is multipart/form-data (what browsers send files as). */
bool req_is_multipart(const struct request *req);

/* Where a parked request is (req_park). */
enum req_park_state {
	REQ_RUNNING,   /* not parked */
	REQ_PARKING,   /* its handler parked it and returned */
	REQ_SUSPENDED, /* the server holds its connection */
	REQ_READY,     /* resumed: its handler runs again */
};

/*
 * Park req: the handler returns without a reply (no model, no body) and
 * the server holds the connection, without a thread, until another thread
 * calls req_resume(req); then the route's handler runs again with
 * req->parked set to state, and answers. For work done elsewhere in
 * batches (the survey writer). Call it before handing the work over.
 */
void req_park(struct request *req, void *state);
/* Let a parked request go on; from any thread, once. req must not be
 * touched by the caller afterwards. */
void req_resume(struct request *req);

/* Add a header to the reply; value must outlive the request (arena or static). */
int reply_header(struct reply *rep, const char *name, const char *value);

/* Give up rep's body as it is held (freed, given back to its owner, or
 * left when static); rep then has none. */
void reply_body_drop(struct reply *rep);

#endif
