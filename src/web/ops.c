/*
 * ops.c - what operators and browsers need besides pages: the health check,
 * Prometheus metrics (for the machine itself or the holder of the metrics
 * token only), and the static assets compiled into the binary, with
 * content-hash ETags so that unchanged files cost a 304.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>
#include <sodium.h>

#include "web/app.h"
#include "web/auth.h"
#include "base/embed.h"
#include "http/metrics.h"
#include "web/pagecache.h"
#include "web/public/formguard.h"
#include "svc/survey_writer.h"
#include "web/routes.h"
#include "web/model.h"

#define STATIC_PREFIX "static/"

/* Per compiled-in file: its content tag, bare and quoted as an ETag (empty
 * for files that are not static assets). */
static char (*tags)[17];
static char (*etags)[19];

int
ops_static_init(void)
{
	unsigned char h[8];
	size_t i;

	tags = calloc(embed_count ? embed_count : 1, sizeof(*tags));
	etags = calloc(embed_count ? embed_count : 1, sizeof(*etags));
	if (tags == NULL || etags == NULL)
		return -1;
	for (i = 0; i < embed_count; i++) {
		if (strncmp(embed_files[i].name, STATIC_PREFIX, strlen(STATIC_PREFIX)) != 0)
			continue;
		crypto_generichash(h, sizeof(h), embed_files[i].data, embed_files[i].len,
		    NULL, 0);
		sodium_bin2hex(tags[i], sizeof(tags[i]), h, sizeof(h));
		snprintf(etags[i], sizeof(etags[i]), "\"%s\"", tags[i]);
	}
	return 0;
}

const char *
app_asset_tag(const char *name)
{
	const struct embed_file *f = embed_find(name);

	return f != NULL && tags != NULL ? tags[f - embed_files] : "";
}

static const char *
content_type(const char *name)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".woff2", "font/woff2" },
	};
	size_t i, n = strlen(name), k;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		k = strlen(types[i].ext);
		if (n > k && strcmp(name + n - k, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static int
ops_static(struct request *req, struct reply *rep, struct err *e)
{
	const struct embed_file *f;
	const char *inm, *etag;
	const struct slice *ver;
	char *name;
	size_t idx;

	name = arena_printf(&req->arena, STATIC_PREFIX "%.*s", (int)req->match.rest.len,
	    req->match.rest.p);
	if (name == NULL || (f = embed_find(name)) == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such static file");
		return -1;
	}
	idx = (size_t)(f - embed_files);
	etag = etags[idx];
	/* A URL carrying the current tag never changes: cache it for a year. */
	ver = kv_get(&req->query, "v");
	if (ver != NULL && slice_eq(*ver, tags[idx]))
		reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "public, max-age=31536000, immutable");
	else
		reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600");
	reply_header(rep, MHD_HTTP_HEADER_ETAG, etag);
	inm = req_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && strstr(inm, etag) != NULL) {
		rep->status = 304;
		return 0;
	}
	rep->body = (char *)f->data;
	rep->len = f->len;
	rep->body_static = true;
	rep->content_type = content_type(name);
	return 0;
}

static int
ops_healthz(struct request *req, struct reply *rep, struct err *e)
{
	struct app *app = req_app(req);
	struct db_conn *c;
	struct err dbe;
	bool ok;

	err_clear(&dbe);
	ok = (c = db_conn(app->db, &dbe)) != NULL &&
	    db_exec(c, DB_PING, NULL, 0, NULL, &dbe) == 0;
	rep->status = ok ? 200 : 503;
	rep->model = json_pack("{s:s, s:s}", "status", ok ? "ok" : "unavailable",
	    "database", db_backend_name(db_backend(app->db)));
	rep->template = NULL;
	reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return rep->model ? 0 : -1;
}

/* True for an address of 127.0.0.0/8 or ::1 (also IPv4-mapped). */
static bool
is_loopback(const char *addr)
{
	unsigned char a[16];
	static const unsigned char v6_loop[16] = { [15] = 1 };
	static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (inet_pton(AF_INET, addr, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, addr, a) == 1)
		return memcmp(a, v6_loop, 16) == 0 ||
		    (memcmp(a, v4_mapped, 12) == 0 && a[12] == 127);
	return false;
}

/*
 * Metrics tell how the server is used; they are for the machine's own
 * scraper (a client on loopback, as seen through a trusted proxy) or for
 * whoever presents the configured token.
 */
static bool
may_see_metrics(struct request *req)
{
	const char *token = server_config(req->srv)->metrics_token;
	const char *authz = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char want[32], got[32];
	size_t n;

	if (token != NULL && token[0] != '\0' && authz != NULL &&
	    strncasecmp(authz, "Bearer ", 7) == 0) {
		n = strlen(authz + 7);
		crypto_generichash(want, sizeof(want), (const unsigned char *)token,
		    strlen(token), NULL, 0);
		crypto_generichash(got, sizeof(got), (const unsigned char *)authz + 7, n,
		    NULL, 0);
		if (sodium_memcmp(want, got, sizeof(want)) == 0)
			return true;
	}
	return is_loopback(auth_client_addr(req));
}

/* The data's version this server answers kept things under: on
 * PostgreSQL it follows other servers' commits as their notifications
 * arrive, so comparing it with the audit log's head shows how far behind
 * a server is. */
static void
data_version_write(struct request *req, struct buf *b)
{
	int64_t v;

	if (pagecache_data_version(req, &v) < 0)
		v = -1;
	buf_printf(b,
	    "# HELP p2ham_data_version The audit log's last entry as this server knows "
	    "it.\n"
	    "# TYPE p2ham_data_version gauge\n"
	    "p2ham_data_version %lld\n",
	    (long long)v);
}

static int
ops_metrics(struct request *req, struct reply *rep, struct err *e)
{
	struct buf b;
	size_t len = 0;

	if (!may_see_metrics(req)) {
		err_set(e, ERR_NOT_FOUND, "metrics are for loopback or the metrics token");
		return -1;
	}

	buf_init(&b, 0);
	metrics_write(&b, db_error_count());
	formguard_metrics_write(&b);
	survey_writer_metrics(&b);
	data_version_write(req, &b);
	if ((rep->body = buf_detach(&b, &len)) == NULL)
		return web_nomem(e);
	rep->len = len;
	rep->content_type = "text/plain; version=0.0.4; charset=utf-8";
	reply_header(rep, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return 0;
}

/* The addresses this file answers, with their declared inputs. */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/healthz", ops_healthz, NULL, PUBLIC,
	    .about = "Liveness and database readiness, for load balancers and monitors"),
	ROUTE_GET("/metrics", ops_metrics, NULL, PUBLIC,
	    .produces = "text/plain",
	    .about = "Counters and histograms in the Prometheus text format"),
	ROUTE_GET("/static/*", ops_static, NULL, PUBLIC,
	    .produces = "*/*",
	    .about = "Embedded static files (style sheet, icons, scripts), cached by "
		"their fingerprint"),
};
/* clang-format on */
ROUTE_TABLE(ops_routes, routes);
