/*
 * pagecache.c - rendered pages kept per process (see pagecache.h). Two
 * tables (the public's, PAGECACHE_SLOTS slots, and signed-in people's,
 * SIGNED_SLOTS), each of fixed size with its own budget of bytes, a
 * page's slot chosen by the hash of its key, a newer page replacing the
 * one there. Readers copy a page out under the lock, so a page replaced
 * meanwhile is freed by whoever replaced it, never while it is sent.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "http/encoding.h"
#include "web/app.h"
#include "web/auth.h"
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

struct page {
	char *key;                /* "h id /aturan/2": format, language, target */
	int64_t version;          /* the data's version it was rendered at */
	time_t made;              /* when, on the monotonic clock */
	char tag[33];             /* hex of its bytes' hash: the ETag's core */
	const char *content_type; /* a constant string of the response layer */
	char *body;               /* the page */
	size_t len;               /* bytes of body */
	char *gz;                 /* the page gzip-encoded, or NULL */
	size_t gz_len;            /* bytes of gz */
};

/* A table of pages with its own budget, so that the pages of signed-in
 * people never push out the public's (nor the reverse). */
struct shelf {
	struct page **slots; /* count of them */
	size_t count;
	size_t bytes; /* body, gz and key bytes of the pages in slots */
	size_t cap;   /* at most that many */
	pthread_mutex_t lock;
};

static struct page *public_slots[PAGECACHE_SLOTS];
static struct page *signed_slots[SIGNED_SLOTS];
static struct shelf shelves[2] = {
	{ public_slots, PAGECACHE_SLOTS, 0, PAGECACHE_BYTES, PTHREAD_MUTEX_INITIALIZER },
	{ signed_slots, SIGNED_SLOTS, 0, SIGNED_BYTES, PTHREAD_MUTEX_INITIALIZER },
};

static size_t
page_size(const struct page *p)
{
	return p->len + p->gz_len + strlen(p->key) + sizeof(*p);
}

static void
page_free(struct page *p)
{
	if (p == NULL)
		return;
	free(p->key);
	free(p->body);
	free(p->gz);
	free(p);
}

static char *
memdup(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d != NULL) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

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
 * Give rep the page body (malloc'd, len bytes; gzip-encoded when gz) with
 * the ETag made of tag, or 304 without a body when If-None-Match names it.
 */
static void
answer(struct request *req, struct reply *rep, char *body, size_t len, bool gz,
    const char *tag, const char *content_type, bool is_private)
{
	const char *inm = req_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	char *etag = arena_printf(&req->arena, "\"%s%s\"", tag, gz ? "-gz" : "");

	if (rep->body != body && !rep->body_static)
		free(rep->body);
	rep->body = body;
	rep->len = len;
	rep->body_static = false;
	rep->gzipped = gz;
	rep->content_type = content_type;
	if (etag == NULL)
		return;
	reply_header(rep, MHD_HTTP_HEADER_ETAG, etag);
	/* A signed-in person's page is theirs: no shared cache keeps it. */
	reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL,
	    is_private ? "private, no-cache" : "no-cache");
	if (inm != NULL && (strstr(inm, etag) != NULL || strcmp(inm, "*") == 0)) {
		free(rep->body);
		rep->body = NULL;
		rep->len = 0;
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

bool
pagecache_answer(struct request *req, struct reply *rep, struct page_ticket *t)
{
	struct page *p;
	struct shelf *sh;
	char *body = NULL, tag[sizeof(p->tag)];
	const char *content_type = NULL;
	size_t len = 0;
	bool gz = false, found = false;

	memset(t, 0, sizeof(*t));
	if ((t->key = page_key(req, &t->is_signed)) == NULL ||
	    pagecache_data_version(req, &t->version) < 0)
		return false;
	sh = &shelves[t->is_signed];
	t->hash = str_hash(t->key);
	t->headers_before = rep->header_count;
	t->use = true;
	pthread_mutex_lock(&sh->lock);
	p = sh->slots[t->hash % sh->count];
	if (p != NULL && p->version == t->version && strcmp(p->key, t->key) == 0 &&
	    time_mono() - p->made < PAGECACHE_MAX_AGE) {
		gz = p->gz != NULL && takes_gzip(req);
		len = gz ? p->gz_len : p->len;
		body = memdup(gz ? p->gz : p->body, len);
		memcpy(tag, p->tag, sizeof(tag));
		content_type = p->content_type;
		found = body != NULL;
	}
	pthread_mutex_unlock(&sh->lock);
	if (!found)
		return false;
	answer(req, rep, body, len, gz, tag, content_type, t->is_signed);
	return true;
}

/* A new page of rep's body under t; NULL when out of memory. */
static struct page *
page_new(const struct reply *rep, const struct page_ticket *t)
{
	unsigned char h[16];
	struct page *p = calloc(1, sizeof(*p));
	void *gz;
	size_t gz_len;

	if (p == NULL)
		return NULL;
	p->version = t->version;
	p->made = time_mono();
	p->content_type = rep->content_type;
	p->len = rep->len;
	if ((p->key = strdup(t->key)) == NULL ||
	    (p->body = memdup(rep->body, rep->len)) == NULL) {
		page_free(p);
		return NULL;
	}
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
	    !rep->has_fd && !rep->gzipped && rep->header_count == t->headers_before &&
	    rep->content_type != NULL && rep->len <= PAGECACHE_PAGE_MAX &&
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
	struct page *p, *old = NULL;
	struct shelf *sh = &shelves[t->is_signed];
	size_t slot = t->hash % sh->count, gz_len = 0;
	char *gz = NULL, tag[sizeof(p->tag)];
	bool kept = false;

	if (!keepable(rep, t) || (p = page_new(rep, t)) == NULL)
		return;
	/* This answer's bytes and ETag, taken before p is in the table: from
	 * then on another request may replace and free it. */
	memcpy(tag, p->tag, sizeof(tag));
	if (p->gz != NULL && takes_gzip(req) && (gz = memdup(p->gz, p->gz_len)) != NULL)
		gz_len = p->gz_len;
	pthread_mutex_lock(&sh->lock);
	old = sh->slots[slot];
	if (old != NULL && old->version > p->version && strcmp(old->key, p->key) == 0) {
		old = NULL; /* a newer rendering is kept already */
	} else {
		sh->slots[slot] = NULL;
		if (old != NULL)
			sh->bytes -= page_size(old);
		if (sh->bytes + page_size(p) <= sh->cap) {
			sh->slots[slot] = p;
			sh->bytes += page_size(p);
			kept = true;
		}
	}
	pthread_mutex_unlock(&sh->lock);
	page_free(old);
	if (!kept)
		page_free(p);
	/* This answer: the kept encoding when taken, and the ETag. */
	if (gz != NULL)
		answer(req, rep, gz, gz_len, true, tag, rep->content_type, t->is_signed);
	else
		answer(req, rep, rep->body, rep->len, false, tag, rep->content_type,
		    t->is_signed);
}
