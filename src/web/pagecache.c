/*
 * pagecache.c - rendered pages kept per process (see pagecache.h). Two
 * tables (the public's, PAGECACHE_SLOTS slots, and signed-in people's,
 * SIGNED_SLOTS), each of fixed size with its own budget of bytes, keyed
 * by the page's key (web/kept.h). Readers take a reference to a page
 * under the table's lock and give it back once it is sent, so a page
 * replaced meanwhile is freed by the last of them, never while it is sent.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "http/encoding.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/kept.h"
#include "web/pagecache.h"

#define PAGECACHE_SLOTS 256           /* public pages kept at most */
#define PAGECACHE_PAGE_MAX (1u << 20) /* bytes of the largest page kept */
#define PAGECACHE_BYTES (32u << 20)   /* bytes of all public pages kept */
#define SIGNED_SLOTS 2048             /* signed-in pages kept at most */
#define SIGNED_BYTES (64u << 20)      /* bytes of all signed-in pages kept */
#define PAGECACHE_TARGET_MAX 512      /* bytes of the longest request target */
/* Seconds a kept page answers at most: a change made behind the
 * program's back (no audit entry) shows within this time. */
#define PAGECACHE_MAX_AGE 60

/* A kept page is shared: the table holds one reference and every answer
 * being sent from it one more; the last one gone frees it. */
struct page {
	atomic_int refs;
	char tag[33];             /* hex of its bytes' hash: the ETag's core */
	const char *content_type; /* a constant string of the response layer */
	char *body;               /* the page */
	size_t len;               /* bytes of body */
	char *gz;                 /* the page gzip-encoded, or NULL */
	size_t gz_len;            /* bytes of gz */
};

/* What a reader takes out of a kept page: a reference to it. */
struct take {
	bool gz; /* asked: the caller takes gzip; then: gz sent */
	struct page *page;
	char *body; /* in page, len bytes */
	size_t len;
	char tag[33];             /* as the page's */
	const char *content_type; /* as the page's */
};

/* Give up a reference to a page (the table's, or an answer's once sent). */
static void
page_free(void *val)
{
	struct page *p = val;

	if (p == NULL || atomic_fetch_sub(&p->refs, 1) > 1)
		return;
	free(p->body);
	free(p->gz);
	free(p);
}

/* The pages of signed-in people have a table and a budget of their own,
 * so they never push out the public's (nor the reverse). */
static struct kept_entry *public_slots[PAGECACHE_SLOTS];
static struct kept_entry *signed_slots[SIGNED_SLOTS];
static struct kept_table shelves[2] = {
	KEPT_TABLE(public_slots, PAGECACHE_MAX_AGE, PAGECACHE_BYTES, page_free),
	KEPT_TABLE(signed_slots, PAGECACHE_MAX_AGE, SIGNED_BYTES, page_free),
};

int
pagecache_data_version(struct request *req, int64_t *v)
{
	struct db_conn *c;
	json_t *rows = NULL;
	struct err e;

	struct db *db = req_app(req)->db;
	uint64_t epoch;

	if ((*v = db_version_known(db, &epoch)) >= 0)
		return 0;
	err_clear(&e);
	if ((c = req_db(req, &e)) == NULL || db_exec(c, DB_AUDIT_SEQ, NULL, 0, &rows, &e) < 0)
		return -1;
	*v = json_integer_value(json_object_get(json_array_get(rows, 0), "seq"));
	json_decref(rows);
	db_version_learnt(db, epoch, *v);
	return 0;
}

/* True when req wants the gzip encoding of a page that has one. */
static bool
takes_gzip(struct request *req)
{
	return http_accepts_gzip(req_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING));
}

/*
 * Give rep the page tk took (its reference goes with the body, given back
 * once sent) with its ETag, or 304 without a body when If-None-Match
 * names it.
 */
static void
answer(struct request *req, struct reply *rep, const struct take *tk, bool is_private)
{
	const char *inm = req_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	char *etag = arena_printf(&req->arena, "\"%s%s\"", tk->tag, tk->gz ? "-gz" : "");

	reply_body_drop(rep);
	rep->body = tk->body;
	rep->len = tk->len;
	rep->body_release = page_free;
	rep->body_owner = tk->page;
	rep->gzipped = tk->gz;
	rep->content_type = tk->content_type;
	if (etag == NULL)
		return;
	reply_header(rep, MHD_HTTP_HEADER_ETAG, etag);
	/* A signed-in person's page is theirs: no shared cache keeps it. */
	reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL,
	    is_private ? "private, no-cache" : "no-cache");
	if (inm != NULL && (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0)) {
		reply_body_drop(rep);
		rep->gzipped = false;
		rep->content_type = NULL;
		rep->status = 304;
	}
}

/*
 * The key of req's answer in the arena: format, language and request
 * target, and for a signed-in caller the session (or token) and user
 * before them, so that no page is ever answered to another session.
 * NULL when req's answer is not to be kept.
 */
static const char *
page_key(struct request *req, bool *is_signed)
{
	const struct auth *a = req_auth(req);
	char who[64] = "";

	*is_signed = a->user_id != 0;
	if (req->route == NULL || (req->method != HTTP_GET && req->method != HTTP_HEAD) ||
	    req->raw_uri == NULL || strlen(req->raw_uri) > PAGECACHE_TARGET_MAX)
		return NULL;
	if (*is_signed) {
		if (!req->route->kept || (a->session_id == 0 && a->token_id == 0))
			return NULL;
		snprintf(who, sizeof(who), "%c%lld u%lld ", a->session_id != 0 ? 's' : 't',
		    (long long)(a->session_id != 0 ? a->session_id : a->token_id),
		    (long long)a->user_id);
	} else if (!req->route->cached) {
		return NULL;
	}
	return arena_printf(&req->arena, "%s%c %s %s", who, req->wants_json ? 'j' : 'h',
	    i18n_code(req_lang(req)), req->raw_uri);
}

static bool
take_page(void *val, void *arg)
{
	struct page *p = val;
	struct take *tk = arg;

	tk->gz = tk->gz && p->gz != NULL;
	tk->len = tk->gz ? p->gz_len : p->len;
	memcpy(tk->tag, p->tag, sizeof(tk->tag));
	tk->content_type = p->content_type;
	tk->body = tk->gz ? p->gz : p->body;
	tk->page = p;
	atomic_fetch_add(&p->refs, 1);
	return true;
}

bool
pagecache_answer(struct request *req, struct reply *rep, struct page_ticket *t)
{
	struct take tk = { 0 };

	memset(t, 0, sizeof(*t));
	if ((t->key = page_key(req, &t->is_signed)) == NULL ||
	    pagecache_data_version(req, &t->version) < 0)
		return false;
	t->headers_before = rep->header_count;
	t->use = true;
	tk.gz = takes_gzip(req);
	if (!kept_with(&shelves[t->is_signed], t->key, strlen(t->key), t->version,
		take_page, &tk))
		return false;
	answer(req, rep, &tk, t->is_signed);
	return true;
}

/* A new page holding rep's body (the caller takes it from rep once the
 * page is kept); NULL when out of memory. */
static struct page *
page_new(const struct reply *rep)
{
	unsigned char h[16];
	struct page *p = calloc(1, sizeof(*p));
	void *gz;
	size_t gz_len;

	if (p == NULL)
		return NULL;
	atomic_init(&p->refs, 1); /* the table's */
	p->content_type = rep->content_type;
	p->len = rep->len;
	p->body = rep->body;
	crypto_generichash(h, sizeof(h), (const unsigned char *)rep->body, rep->len, NULL, 0);
	sodium_bin2hex(p->tag, sizeof(p->tag), h, sizeof(h));
	if (rep->len >= GZIP_MIN_BYTES && http_compressible(rep->content_type) &&
	    http_gzip(rep->body, rep->len, &gz, &gz_len) == 0) {
		p->gz = gz;
		p->gz_len = gz_len;
	}
	return p;
}

/*
 * Whether rep may be kept under t: a whole page of 200 that set no header
 * of its own (a cookie), in bounds, and for a signed-in person without a
 * one-time notice (the page after a write says what was done once).
 */
static bool
keepable(const struct reply *rep, const struct page_ticket *t)
{
	return t->use && rep->status == 200 && rep->body != NULL && !rep->body_static &&
	    rep->body_release == NULL && !rep->has_fd && !rep->gzipped &&
	    rep->header_count == t->headers_before && rep->content_type != NULL &&
	    rep->len <= PAGECACHE_PAGE_MAX &&
	    (!t->is_signed ||
		(rep->model != NULL && json_object_get(rep->model, "notice") == NULL &&
		    json_object_get(rep->model, "refusal") == NULL));
}

/*
 * A kept signed-in page carries the session's form token masked once,
 * when it was rendered, and answers with those bytes until the data
 * changes. That is as safe as a fresh mask per answer: the mask hides the
 * token from compression side channels (BREACH), which need many answers
 * that differ in reflected input and keep the secret's bytes; every
 * distinct target is rendered, and masked, afresh, and the same target
 * answers the same bytes, which tells nothing new. The token is the
 * session's own and the page is answered to that session only.
 */
void
pagecache_keep(struct request *req, struct reply *rep, const struct page_ticket *t)
{
	struct take tk = { 0 };
	struct page *p;
	size_t klen;

	if (!keepable(rep, t) || (p = page_new(rep)) == NULL)
		return;
	klen = strlen(t->key);
	/* This answer's reference, taken as a kept page's is and before p
	 * is the table's: another request may replace it from then on. The
	 * rendered body is the page's now. */
	tk.gz = takes_gzip(req);
	take_page(p, &tk);
	rep->body = NULL;
	kept_put(&shelves[t->is_signed], t->key, klen, t->version, p,
	    p->len + p->gz_len + klen + sizeof(*p));
	answer(req, rep, &tk, t->is_signed);
}
