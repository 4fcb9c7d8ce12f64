/*
 * request.c - decoding what a client sent: URI, query, form body, cookies,
 * and binding the route's declared parameters. Nothing here trusts input:
 * every length is bounded, every byte sequence checked as UTF-8.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "base/log.h"
#include "http/request.h"

#define URI_MAX 8192 /* longer request targets get 414 */
#define QUERY_PAIRS_MAX 64

/* Decode len bytes of s (form or query encoding) into a NUL-terminated slice. */
static int
decode_part(struct arena *a, const char *s, size_t len, bool plus, struct slice *out)
{
	char *d;
	long n;

	if ((d = arena_alloc(a, len + 1)) == NULL)
		return -1;
	if ((n = pct_decode(d, s, len, plus)) < 0)
		return -1;
	d[n] = '\0';
	if (!utf8_valid(d, (size_t)n))
		return -1;
	*out = (struct slice){ d, (size_t)n };
	return 0;
}

int
kv_parse(struct arena *a, const char *s, size_t len, size_t max_pairs, struct kv_list *out)
{
	size_t i, n = 0, start, end;
	const char *eq;
	struct kv *items;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '&')
			n++;
	if (++n > max_pairs)
		return -1;
	if ((items = arena_alloc(a, n * sizeof(*items))) == NULL)
		return -1;
	n = 0;
	for (start = 0; start <= len; start = end + 1) {
		const char *p = s + start;
		size_t plen;

		end = start;
		while (end < len && s[end] != '&')
			end++;
		plen = end - start;
		if (plen == 0)
			continue;
		eq = memchr(p, '=', plen);
		if (decode_part(a, p, eq ? (size_t)(eq - p) : plen, true, &items[n].key) < 0)
			return -1;
		if (eq != NULL) {
			if (decode_part(a, eq + 1, plen - (size_t)(eq - p) - 1, true,
				&items[n].val) < 0)
				return -1;
		} else
			items[n].val = (struct slice){ "", 0 };
		n++;
	}
	out->items = items;
	out->count = n;
	return 0;
}

const struct slice *
kv_get(const struct kv_list *l, const char *key)
{
	size_t i, n = strlen(key);

	/* The key measured once: a survey post looks up a dozen fields. */
	for (i = 0; i < l->count; i++)
		if (l->items[i].key.len == n && memcmp(l->items[i].key.p, key, n) == 0)
			return &l->items[i].val;
	return NULL;
}

bool
cookie_find(const char *header, const char *name, struct slice *val)
{
	size_t nlen = strlen(name);
	const char *p = header, *end;

	if (header == NULL)
		return false;
	while (*p != '\0') {
		while (*p == ' ' || *p == ';' || *p == '\t')
			p++;
		end = p;
		while (*end != '\0' && *end != ';')
			end++;
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			val->p = p + nlen + 1;
			val->len = (size_t)(end - val->p);
			while (val->len > 0 && val->p[val->len - 1] == ' ')
				val->len--;
			return true;
		}
		p = end;
	}
	return false;
}

int
request_parse_uri(struct request *req, struct err *e)
{
	const char *uri = req->raw_uri, *q;
	size_t len = strlen(uri), plen;

	if (len > URI_MAX) {
		err_set(e, ERR_URI_TOO_LONG, "request target longer than %d bytes", URI_MAX);
		return -1;
	}
	if (len == 0 || uri[0] != '/') {
		err_set(e, ERR_BAD_URI, "request target must start with /");
		return -1;
	}
	q = memchr(uri, '?', len);
	plen = q ? (size_t)(q - uri) : len;
	if (decode_part(&req->arena, uri, plen, false, &req->path) < 0) {
		err_set(e, ERR_BAD_ENCODING, "path is not valid percent-encoded UTF-8");
		return -1;
	}
	if (q != NULL &&
	    kv_parse(&req->arena, q + 1, len - plen - 1, QUERY_PAIRS_MAX, &req->query) < 0) {
		err_set(e, ERR_BAD_ENCODING, "query is not valid percent-encoded UTF-8");
		return -1;
	}
	return 0;
}

static const struct slice *
raw_value(struct request *req, const struct param_spec *spec)
{
	static const struct slice empty = { "", 0 };
	size_t i;

	switch (spec->source) {
	case PARAM_PATH:
		for (i = 0; i < req->match.count; i++)
			if (slice_eq(req->match.seg[i].name, spec->name))
				return &req->match.seg[i].value;
		return &empty;
	case PARAM_QUERY:
		return kv_get(&req->query, spec->name);
	case PARAM_FORM:
		return kv_get(&req->form, spec->name);
	case PARAM_SOURCE_MAX:
		break;
	}
	return NULL;
}

int
request_bind_params(struct request *req, struct err *e)
{
	const struct param_spec *spec;
	const struct slice *raw;
	struct param_value *v;
	enum validate_error ve;
	size_t n = 0;

	req->param_count = 0;
	if (req->route == NULL || req->route->params == NULL)
		return 0;
	for (spec = req->route->params; spec->name != NULL; spec++)
		n++;
	if ((req->params = arena_alloc(&req->arena, (n + 1) * sizeof(*v))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return -1;
	}
	req->param_count = n;
	for (spec = req->route->params, v = req->params; spec->name != NULL; spec++, v++) {
		raw = raw_value(req, spec);
		ve = validate_param(spec, raw ? raw->p : NULL, raw ? raw->len : 0,
		    &req->arena, v);
		v->error = (int)ve;
		if (ve != VE_OK && spec->source != PARAM_FORM) {
			err_set(e, ERR_BAD_PARAM, "%s: %s", spec->name,
			    validate_error_key(ve));
			return -1;
		}
	}
	return 0;
}

const struct param_value *
req_param_find(const struct request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->param_count; i++)
		if (strcmp(req->params[i].spec->name, name) == 0)
			return &req->params[i];
	return NULL;
}

const struct param_value *
req_param(const struct request *req, const char *name)
{
	static const struct param_spec undeclared_spec = { "", PARAM_QUERY, PT_TEXT,
		false, 0, 0, NULL };
	static const struct param_value undeclared = { .spec = &undeclared_spec, .text = "" };
	const struct param_value *v;

	if ((v = req_param_find(req, name)) != NULL)
		return v;
	/* A handler asked for what its route does not declare: our mistake,
	 * not the client's. Answer as for a parameter not sent, and say so. */
	log_err("event=param_undeclared req=%s route=%s param=%s", req->id,
	    req->route != NULL ? req->route->pattern : "", name);
	return &undeclared;
}

enum validate_error
req_param_error(const struct request *req, const char *name)
{
	return (enum validate_error)req_param(req, name)->error;
}

const char *
req_header(const struct request *req, const char *name)
{
	if (req->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

bool
req_is_multipart(const struct request *req)
{
	const char *ct = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);

	while (ct != NULL && (*ct == ' ' || *ct == '\t'))
		ct++;
	return ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0;
}

void
reply_body_drop(struct reply *rep)
{
	if (rep->body_release != NULL)
		rep->body_release(rep->body_owner);
	else if (!rep->body_static)
		free(rep->body);
	rep->body = NULL;
	rep->len = 0;
	rep->body_static = false;
	rep->body_release = NULL;
	rep->body_owner = NULL;
}

int
reply_header(struct reply *rep, const char *name, const char *value)
{
	if (rep->header_count == REPLY_MAX_HEADERS)
		return -1;
	rep->headers[rep->header_count].name = name;
	rep->headers[rep->header_count].value = value;
	rep->header_count++;
	return 0;
}
