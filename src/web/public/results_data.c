/*
 * results_data.c - the open data of published results, public: each
 * version as JSON (the signed snapshot, byte for byte) and as CSV (the
 * signed table), each with its detached signature (.sig, the 64 raw bytes
 * of Ed25519 that `openssl pkeyutl -verify -rawin -sigfile` reads), and
 * the installation's public key as PEM (/hasil/kunci-publik.pem). Every
 * download names its signature, hash and the key's address in headers;
 * docs/results.md shows how anyone checks them.
 */
#include <stdlib.h>
#include <string.h>

#include "docs/sign.h"
#include "svc/results.h"
#include "web/download.h"
#include "web/app.h"
#include "web/public/results.h"
#include "web/routes.h"
#include "web/model.h"

/* The files of a version: what each sends and how. */
static const struct {
	const char *name;   /* the last path segment */
	const char *body;   /* member of the version: the text sent */
	const char *sha256; /* member: its hash */
	const char *sig;    /* member: its signature (base64) */
	bool is_sig;        /* send the signature's raw bytes instead */
	const char *mime;   /* Content-Type */
} files[] = {
	{ "hasil.json", "snapshot", "sha256", "signature", false,
	    "application/json; charset=utf-8" },
	{ "hasil.csv", "csv", "csv_sha256", "csv_signature", false, "text/csv; charset=utf-8" },
	{ "hasil.json.sig", "snapshot", "sha256", "signature", true, "application/octet-stream" },
	{ "hasil.csv.sig", "csv", "csv_sha256", "csv_signature", true,
	    "application/octet-stream" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* The public key's address, absolute when the installation knows its own. */
static const char *
key_url(struct request *req)
{
	struct svc s;
	struct err e = { 0 };
	const char *base = "";
	size_t n;

	if (web_svc(req, &s, &e) == 0 && s.public_url != NULL)
		base = s.public_url;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return arena_printf(&req->arena, "%.*s%s", (int)n, base, RESULTS_KEY_PATH);
}

/* Put text (len bytes, copied) or the raw signature sig64 into rep. */
static int
body_of(struct reply *rep, const char *text, size_t len, const char *sig64, bool is_sig,
    struct err *e)
{
	if (is_sig) {
		len = SIGN_BYTES;
		if ((rep->body = malloc(len)) == NULL ||
		    sign_base64_decode((unsigned char *)rep->body, len, sig64) < 0) {
			err_set(e, ERR_INTERNAL, "stored signature unreadable");
			return -1;
		}
	} else if ((rep->body = malloc(len + 1)) == NULL) {
		return web_nomem(e);
	} else
		memcpy(rep->body, text, len);
	rep->len = len;
	return 0;
}

static int
results_file(struct request *req, struct reply *rep, struct err *e)
{
	const char *name = req_param(req, "berkas")->text, *sig64;
	json_t *v = NULL, *body;
	size_t i;
	int rc = -1;

	for (i = 0; i < NFILES && strcmp(files[i].name, name) != 0; i++)
		;
	if (i == NFILES || results_load(req, (int)req_param(req, "v")->i, &v, e) < 0)
		goto out;
	body = json_object_get(v, files[i].body);
	sig64 = json_string_value(json_object_get(v, files[i].sig));
	if (!json_is_string(body) || sig64 == NULL) {
		err_set(e, ERR_INTERNAL, "result version incomplete");
		goto out;
	}
	if (body_of(rep, json_string_value(body), json_string_length(body), sig64,
		files[i].is_sig, e) < 0)
		goto out;
	rep->content_type = files[i].mime;
	web_attachment(req, rep, "hasil-%lld-v%lld%s", (long long)req_param(req, "id")->i,
	    (long long)req_param(req, "v")->i, name + strlen("hasil"));
	reply_header(rep, "X-Signature", arena_strdup(&req->arena, sig64));
	reply_header(rep, "X-Signature-Algorithm", "Ed25519");
	reply_header(rep, "X-Content-SHA256",
	    arena_strdup(&req->arena, json_string_value(json_object_get(v, files[i].sha256))));
	reply_header(rep, "X-Public-Key", key_url(req));
	reply_header(rep, "Cache-Control", "public, max-age=3600");
	rc = 0;
out:
	if (i == NFILES)
		err_set(e, ERR_NOT_FOUND, "no such file");
	json_decref(v);
	return rc;
}

static int
results_key(struct request *req, struct reply *rep, struct err *e)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char pem[SIGN_PUBLIC_PEM_LEN];

	if (sign_public_load(req_app(req)->data_dir, pk, e) < 0)
		return -1;
	sign_public_pem(pem, pk);
	if ((rep->body = strdup(pem)) == NULL)
		return web_nomem(e);
	rep->len = strlen(pem);
	rep->content_type = "application/x-pem-file";
	reply_header(rep, "Content-Disposition",
	    "attachment; filename=\"p2ham-kunci-publik.pem\"");
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET(RESULTS_KEY_PATH, results_key, NULL, PUBLIC,
	    .produces = "application/x-pem-file",
	    .about = "The public key that verifies the signatures of published results (PEM)"),
	ROUTE_GET("/hasil/{id}/versi/{v}/{berkas}", results_file, NULL, PUBLIC,
	    .params = PARAMS(PARAM_ID("id"), PARAM_VERSION("v", PARAM_PATH, true),
		{ "berkas", PARAM_PATH, PT_TEXT, true, 1, 40, NULL }),
	    .produces = "*/*",
	    .about = "A published results version as JSON or CSV, "
		"or its detached signature (public)"),
};
/* clang-format on */
ROUTE_TABLE(results_data_routes, routes);
