/*
 * route.h - the route table's shape, its assembly and the matcher. Each
 * feature declares its own rows (method, path pattern, handler, login, CSRF
 * and the declared parameters, one row per address) beside its handlers;
 * route_assemble joins them into the one table the server matches against.
 */
#ifndef P2HAM_ROUTE_H
#define P2HAM_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code.h"
#include "base/err.h"
#include "base/str.h"
#include "base/validate.h"

/* clang-format off */
#define HTTP_METHOD_LIST(X) \
	X(HTTP_GET, "GET") \
	X(HTTP_HEAD, "HEAD") \
	X(HTTP_POST, "POST") \
	X(HTTP_PUT, "PUT") \
	X(HTTP_DELETE, "DELETE") \
	X(HTTP_PATCH, "PATCH") \
	X(HTTP_OPTIONS, "OPTIONS")
/* clang-format on */

enum http_method { HTTP_METHOD_LIST(CODE_ENUM) HTTP_METHOD_MAX };

struct request;
struct reply;

/* A handler fills rep (status, model, template) and returns 0, or returns -1
 * with e->status and e->msg set for an error page. */
typedef int (*route_handler)(struct request *req, struct reply *rep, struct err *e);

/* A route's admission: 0 to keep the body, or -1 with e (404, 403, ...)
 * to have it read and dropped, never kept, and e answered instead of the
 * handler. It sees the signed-in caller and the path's segments
 * (req->match), not yet the body or the declared parameters. */
typedef int (*route_admit)(struct request *req, struct err *e);

struct route {
	enum http_method method; /* GET routes also answer HEAD */
	const char *pattern;     /* "/", "/unit/{id}", or a prefix ending in a star */
	route_handler handler;
	const char *template;            /* page template for HTML, or NULL */
	bool login;                      /* only for a signed-in user */
	bool csrf;                       /* needs the form's CSRF token */
	size_t max_body;                 /* request body limit, 0: the server default */
	int access;                      /* the application's access rule checked
					    before the handler; 0: none */
	const struct param_spec *params; /* declared inputs, ended by { 0 } */
	bool upload;                     /* a multipart body is streamed: files go
					    to temporary files (req->files), text
					    fields to the form (http/spool.h) */
	bool unmetered;                  /* a write never counted against the
					    account's budget (signing out) */
	unsigned max_files;              /* upload: files in one request (0: 4);
					    the body may be that many times the
					    per-file limit plus 1 MB unless
					    max_body says otherwise */
	route_admit admit;               /* login routes: run once the caller is
					    known, before any byte of the body is
					    kept; NULL: every signed-in caller */
	route_handler page;              /* the page a refused post (403) shows
					    again with the refusal as a notice,
					    built from the path's {id} only;
					    NULL: the error page */
	bool refill;                     /* page keeps what the refused post
					    typed (req_refill); false: it shows
					    the records as they stand */
	const char *about;               /* one sentence: what the address is
					    for, in the API description */
	const char *produces;            /* the media type of a route without
					    a template (a file, CSV, PDF);
					    NULL: JSON */
	bool offload;                    /* slow (password hashing, disk
					    syncs, documents): answered by
					    the offload pool while the
					    connection is parked, so that
					    the server's threads keep
					    answering others (http/offload.h);
					    its handler must not park; every
					    upload route is answered so too */
	bool cached;                     /* public data that changes rarely: an
					    anonymous GET's answer is kept
					    and carries an ETag
					    (web/pagecache.h) */
	bool kept;                       /* a page a function of audited data,
					    the caller, the language and the
					    target: a signed-in GET's answer is
					    kept for that session and carries an
					    ETag (web/pagecache.h) */
	int variant;                     /* a constant the handler reads as
					    req->route->variant when one
					    handler answers addresses that
					    differ only in it; 0: none */
};

/* A required positive id in the path segment {n}. */
/* clang-format off */
#define PARAM_ID(n)	{ n, PARAM_PATH, PT_INT, true, 1, INT64_MAX, NULL }
/* clang-format on */

/* The inputs of a route whose only input is {id}. */
extern const struct param_spec route_params_id[];

/* One feature's rows. */
struct route_table {
	const char *name; /* the feature, for messages */
	const struct route *routes;
	size_t count;
};

/* Defines const struct route_table name from the array rows. */
/* clang-format off */
#define ROUTE_TABLE(name, rows)						\
	const struct route_table name = { #name, rows, sizeof(rows) / sizeof(rows[0]) }
/* clang-format on */

/*
 * Join tables into one array (malloc'ed, *out, to free with free()),
 * ordered so that a more specific pattern is tried first: at each segment a
 * literal before a {parameter} before a trailing star. Returns 0, or -1
 * with e saying which two rows clash when two rows of one method would
 * answer the same paths (a duplicate, or a pattern that another shadows),
 * or when a pattern is malformed.
 */
int route_assemble(const struct route_table *const *tables, size_t table_count,
    struct route **out, size_t *count, struct err *e);

#define ROUTE_MAX_SEGS 16

/* What a pattern captured from a path. */
struct route_match {
	size_t count; /* captured {name} segments */
	struct {
		struct slice name;  /* name inside the braces */
		struct slice value; /* the path segment */
	} seg[ROUTE_MAX_SEGS];
	struct slice rest; /* what "*" matched, without the leading '/' */
};

/*
 * Find the route for method and path (decoded, starting with '/'). Returns
 * its index, or -1. When some route matches the path under another method,
 * *allow receives the bit (1 << method) of each such method (HEAD included
 * with GET), so the caller can answer 405 with an Allow header.
 */
int route_find(const struct route *routes, size_t count, enum http_method method,
    struct slice path, struct route_match *m, unsigned *allow);

/* True when path matches pattern; fills m. */
bool route_match_pattern(const char *pattern, struct slice path, struct route_match *m);

/* Method from its name; HTTP_METHOD_MAX when unknown. */
enum http_method http_method_parse(const char *s);
const char *http_method_name(enum http_method m);

#endif
