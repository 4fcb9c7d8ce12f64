/*
 * decree_files.c - the decree's files: a draft's preview PDF
 * (/siklus/{id}/penetapan/{kep}/pratinjau), the signed paper copy of an
 * issued decree uploaded and downloaded (/kertas), and a province's
 * certificates as one PDF to print (/siklus/{id}/piagam?provinsi=NN).
 */
#include <stdio.h>
#include <string.h>

#include "svc/certificate.h"
#include "svc/decree.h"
#include "web/app.h"
#include "web/pdf_reply.h"
#include "web/form.h"
#include "web/routes.h"
#include "web/stages/decree.h"
#include "web/stages/files_pages.h"
#include "web/upload.h"
#include "web/model.h"

#define PDF_MAX (64 * 1024 * 1024)

static int
preview_get(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i, id = req_param(req, "kep")->i;
	struct svc s;
	struct buf b;

	buf_init(&b, PDF_MAX);
	if (web_svc(req, &s, e) < 0 || decree_preview(&s, cycle, id, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	return web_pdf_reply(req, rep, &b, "pratinjau-keputusan", "private, no-store", e);
}

static int
paper_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i, id = req_param(req, "kep")->i;
	struct file_in *files;
	struct svc s;
	size_t n;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (upload_files_in(req, "berkas", &files, &n) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if (n == 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req), "decree.paper_missing"));
		return web_show_plain(req, rep, e, decree_one_page);
	}
	if (decree_paper(&s, cycle, id, &files[0], e) < 0)
		return web_show_plain(req, rep, e, decree_one_page);
	return web_see_other(req, rep, "/siklus/%lld/penetapan/%lld?ok=kertas",
	    (long long)cycle, (long long)id);
}

static int
paper_get(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i, id = req_param(req, "kep")->i;
	json_t *row, *file;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || decree_paper_get(&s, cycle, id, &row, e) < 0)
		return -1;
	file = json_pack("{s:I, s:O, s:O, s:O, s:O}", "id", (json_int_t)id, "sha256",
	    json_object_get(row, "paper_sha256"), "size",
	    json_object_get(row, "paper_size"), "mime", json_object_get(row, "paper_mime"),
	    "name", json_object_get(row, "paper_name"));
	json_decref(row);
	if (file == NULL)
		return web_nomem(e);
	return files_reply(req, rep, file, e);
}

/* Only the admin may keep a paper copy: decided before the body is kept. */
static int
paper_admit(struct request *req, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE };
	struct svc s;

	ref.id = req_param(req, "id")->i;
	return web_svc(req, &s, e) < 0 ? -1 : svc_authorize(&s, ACT_DECREE, &ref, e);
}

static int
batch_get(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i;
	int province = (int)req_param(req, "provinsi")->i;
	struct svc s;
	struct buf b;
	size_t n;

	if (form_require_valid(req, e) < 0)
		return -1;
	buf_init(&b, PDF_MAX);
	if (web_svc(req, &s, e) < 0 || certificate_batch(&s, cycle, province, &b, &n, e) < 0) {
		buf_free(&b);
		return -1;
	}
	return web_pdf_reply(req, rep, &b,
	    arena_printf(&req->arena, "piagam-%lld-%d", (long long)cycle, province),
	    "private, no-store", e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus/{id}/penetapan/{kep}/pratinjau", preview_get, NULL, SIGNED_IN,
	    .params = decree_params,
	    .produces = "application/pdf",
	    .about = "A draft decree's preview (PDF)"),
	ROUTE_POST("/siklus/{id}/penetapan/{kep}/kertas", paper_post, "decree_one",
	    SIGNED_IN, .params = decree_params, .page = decree_one_page,
	    .upload = true,
	    .max_files = 1, .admit = paper_admit,
	    .about = "Files the scan of the signed paper decree"),
	ROUTE_GET("/siklus/{id}/penetapan/{kep}/kertas", paper_get, NULL, SIGNED_IN,
	    .params = decree_params,
	    .produces = "*/*",
	    .about = "Downloads the scan of the signed paper decree"),
	ROUTE_GET("/siklus/{id}/piagam", batch_get, NULL, SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_PROVINCE("provinsi", PARAM_QUERY, true)),
	    .produces = "application/pdf",
	    .about = "All certificates of a cycle in one PDF"),
};
/* clang-format on */
ROUTE_TABLE(decree_files_routes, routes);
