/*
 * documents_pages.c - the pages of generated documents: the public
 * verification page /verifikasi/{serial} (genuine, withdrawn, not genuine,
 * unknown, malformed) with its form /verifikasi?nomor=, and the download
 * /dokumen/{serial} for those who may see the document's participation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "web/download.h"
#include "web/app.h"
#include "svc/documents.h"
#include "svc/file_store.h"
#include "web/stored.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/str.h"
#include "docs/sign.h"
#include "web/routes.h"
#include "web/model.h"

/* The verification page's model for result (genuine, withdrawn, invalid,
 * never_issued, unknown, malformed, form). */
static json_t *
verify_model(struct request *req, const char *result, const char *typed)
{
	enum lang l = req_lang(req);
	char key[96];

	snprintf(key, sizeof(key), "documents.verify.%s_title", result);
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:s, s:s}",
	    "page_title", i18n_get(l, "documents.verify.title"), "result", result,
	    "result_title", i18n_get(l, key), "is_genuine", strcmp(result, "genuine") == 0,
	    "is_withdrawn", strcmp(result, "withdrawn") == 0, "is_invalid",
	    strcmp(result, "invalid") == 0, "is_never_issued",
	    strcmp(result, "never_issued") == 0, "is_unknown", strcmp(result, "unknown") == 0,
	    "is_malformed", strcmp(result, "malformed") == 0, "has_document",
	    strcmp(result, "genuine") == 0 || strcmp(result, "withdrawn") == 0 ||
		strcmp(result, "invalid") == 0,
	    "serial", typed != NULL ? typed : "", "transparency_href", "/transparansi");
}

static int
verify_page(struct request *req, struct reply *rep, struct err *e)
{
	const char *serial = req_param(req, "serial")->text;
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char pk64[SIGN_PUBLIC_BASE64_LEN];
	struct doc_signed f;
	struct svc s;
	struct buf msg;
	json_t *row = NULL, *doc;
	const char *result;
	bool complete, valid, taken;

	if (!document_serial_valid(serial)) {
		rep->status = 400;
		rep->model = verify_model(req, "malformed", serial);
		return rep->model != NULL ? 0 : -1;
	}
	if (web_svc(req, &s, e) < 0 || document_find(s.c, serial, &row, e) < 0)
		return -1;
	if (row == NULL) {
		/* A number taken for a document whose issue failed: a gap. */
		if (document_serial_taken(s.c, serial, &taken, e) < 0)
			return -1;
		rep->status = 404;
		rep->model = verify_model(req, taken ? "never_issued" : "unknown", serial);
		return rep->model != NULL ? 0 : -1;
	}
	if (sign_public_load(req_app(req)->data_dir, pk, e) < 0) {
		json_decref(row);
		return -1;
	}
	complete = document_signed_of(row, &f);
	valid = complete &&
	    document_signature_ok(pk, &f,
		json_string_value(json_object_get(row, "signature")));
	if (!valid)
		result = "invalid";
	else if (!json_is_null(json_object_get(row, "withdrawn_at")))
		result = "withdrawn";
	else
		result = "genuine";
	buf_init(&msg, 64 * 1024);
	if (complete)
		document_message(&msg, &f);
	sign_base64(pk64, sizeof(pk64), pk, sizeof(pk));
	rep->model = verify_model(req, result, serial);
	doc = document_json(&s, row);
	if (rep->model == NULL || doc == NULL || msg.failed) {
		json_decref(doc);
		json_decref(row);
		buf_free(&msg);
		return web_nomem(e);
	}
	json_object_del(doc, "participation_id");
	json_object_del(doc, "href");
	json_object_set_new(rep->model, "document", doc);
	json_object_set_new(rep->model, "signature",
	    json_pack("{s:b, s:s, s:O, s:s, s:s}", "valid", valid, "algorithm", "ed25519",
		"value", json_object_get(row, "signature"), "message", buf_cstr(&msg),
		"public_key", pk64));
	buf_free(&msg);
	json_decref(row);
	return 0;
}

static int
verify_form(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *v = req_param(req, "nomor");
	char serial[DOC_SERIAL_LEN];
	size_t i, n;

	if (!v->present) {
		rep->model = verify_model(req, "form", "");
		return rep->model != NULL ? 0 : -1;
	}
	/* People type serials in lower case too; the check itself is strict. */
	n = strlen(v->text);
	if (n < sizeof(serial)) {
		for (i = 0; i <= n; i++)
			serial[i] = v->text[i] >= 'a' && v->text[i] <= 'z'
			    ? (char)(v->text[i] - 'a' + 'A')
			    : v->text[i];
		if (document_serial_valid(serial)) {
			rep->status = 303;
			rep->location = arena_printf(&req->arena, "/verifikasi/%s", serial);
			return rep->location != NULL ? 0 : -1;
		}
	}
	rep->status = 400;
	rep->model = verify_model(req, "malformed", v->text);
	return rep->model != NULL ? 0 : -1;
}

/* Open the stored file of row and check it against the recorded hash;
 * the open descriptor in *fd and its size in *len. */
static int
open_checked(const char *data_dir, json_t *row, int *fd, uint64_t *len, struct err *e)
{
	const char *serial = json_string_value(json_object_get(row, "serial"));
	const char *want = json_string_value(json_object_get(row, "sha256"));
	char hex[SHA256_HEX_LEN], path[4200];
	struct stat sb;
	int f;

	if (document_path(data_dir, serial, path, sizeof(path)) < 0) {
		err_set(e, ERR_DOCUMENT, "data directory path too long");
		return -1;
	}
	if ((f = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(f, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		err_set(e, ERR_DOCUMENT, "cannot open %s: %s", path, strerror(errno));
		if (f >= 0)
			close(f);
		return -1;
	}
	if (sha256_fd_hex(f, hex, NULL) < 0) {
		err_set(e, ERR_DOCUMENT, "cannot read %s: %s", path, strerror(errno));
		close(f);
		return -1;
	}
	if (want == NULL || strcmp(hex, want) != 0) {
		log_err("event=document_altered serial=%s", serial);
		err_set(e, ERR_DOCUMENT, "%s does not match its recorded hash", path);
		close(f);
		return -1;
	}
	*fd = f;
	*len = (uint64_t)sb.st_size;
	return 0;
}

/* The document of row from the database's file store, checked against its
 * recorded hash before it goes: rep's body. */
static int
stored_checked(json_t *row, struct reply *rep, struct err *e)
{
	const char *serial = json_string_value(json_object_get(row, "serial"));
	const char *want = json_string_value(json_object_get(row, "sha256"));
	const struct file_store *st = file_store_current();
	struct file_reader *r = NULL;
	uint64_t size;
	int rc;

	if (want == NULL || (rc = file_store_stat(st, want, &size, e)) < 0)
		return -1;
	if (rc == 0 || (r = file_store_open(st, want, size, e)) == NULL) {
		err_set(e, ERR_DOCUMENT, "the file of %s is missing from the store", serial);
		return -1;
	}
	rc = file_reader_check(r, want, e);
	file_reader_close(r);
	if (rc != 0) {
		if (rc > 0) {
			log_err("event=document_altered serial=%s", serial);
			err_set(e, ERR_DOCUMENT, "%s does not match its recorded hash", serial);
		}
		return -1;
	}
	if ((r = file_store_open(st, want, size, e)) == NULL)
		return -1;
	stored_reply_reader(rep, r, size);
	return 0;
}

static int
document_download(struct request *req, struct reply *rep, struct err *e)
{
	const char *serial = req_param(req, "serial")->text;
	struct object_ref ref = { .type = OBJ_PARTICIPATION };
	struct svc s;
	json_t *row = NULL;
	uint64_t len;
	int fd, rc;

	if (!document_serial_valid(serial)) {
		err_set(e, ERR_NOT_FOUND, "not a serial");
		return -1;
	}
	if (web_svc(req, &s, e) < 0 || document_find(s.c, serial, &row, e) < 0)
		return -1;
	if (row == NULL) {
		err_set(e, ERR_NOT_FOUND, "no document %s", serial);
		return -1;
	}
	ref.id = json_integer_value(json_object_get(row, "participation_id"));
	ref.at.participation = ref.id;
	ref.at.unit = json_integer_value(json_object_get(row, "unit_id"));
	ref.at.province = (int)json_integer_value(json_object_get(row, "province_code"));
	ref.at.organization = json_integer_value(json_object_get(row, "organization_id"));
	if (app_authorize(req, ACT_VIEW, &ref, e) < 0) {
		json_decref(row);
		return -1;
	}
	if (req->wants_json) {
		rep->model = document_json(&s, row);
		json_decref(row);
		return rep->model != NULL ? 0 : -1;
	}
	if (file_store_in_db()) {
		rc = stored_checked(row, rep, e);
		json_decref(row);
		if (rc < 0)
			return -1;
	} else {
		if (open_checked(req_app(req)->data_dir, row, &fd, &len, e) < 0) {
			json_decref(row);
			return -1;
		}
		json_decref(row);
		web_fd_reply(rep, fd, len, NULL);
	}
	rep->content_type = "application/pdf";
	/* The serial is letters, digits and hyphens only: safe as it is. */
	web_attachment(req, rep, "%s.pdf", serial);
	reply_header(rep, "Cache-Control", "private, no-store");
	return 0;
}

/* The addresses this file answers, with their declared inputs. The
 * serial's pattern is checked by the handler, which answers a page that
 * says what is wrong. */
static PARAM_LIST(p_serial, { "serial", PARAM_PATH, PT_TEXT, true, 1, 100, NULL });

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/verifikasi", verify_form, "verify", PUBLIC,
	    .params = PARAMS(PARAM_WORDS("nomor", PARAM_QUERY)),
	    .about = "The form to check a document's serial number (public)"),
	ROUTE_GET("/verifikasi/{serial}", verify_page, "verify", PUBLIC, .cached = true,
	    .params = p_serial,
	    .about = "Checks a generated document by its serial: what it is, who issued it, "
		"whether it still stands (public)"),
	ROUTE_GET("/dokumen/{serial}", document_download, NULL, SIGNED_IN,
	    .params = p_serial,
	    .produces = "application/pdf",
	    .about = "Downloads a generated document (PDF) by its serial, "
		"for those the policy allows"),
};
/* clang-format on */
ROUTE_TABLE(documents_pages_routes, routes);
