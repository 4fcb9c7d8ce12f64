/*
 * ikm.c - the public pages of a unit's satisfaction index, no sign-in
 * needed: /ikm/{unit} (the index, grade, respondents and period, each
 * element's NRR as a bar drawn in SVG on the server and as a table; no
 * script), its report as a PDF (/ikm/{unit}/laporan.pdf) and the unit's
 * poster inviting the public to answer (/ikm/{unit}/poster.pdf). A
 * period is chosen with ?periode= (a period code or a year; the unit's
 * newest period by default). The services are svc/ikm.h's.
 */
#include <inttypes.h>
#include <string.h>

#include "svc/ikm.h"
#include "web/app.h"
#include "web/pdf_reply.h"
#include "web/routes.h"

#define PDF_MAX (32 * 1024 * 1024)

/* The ?periode= asked, or NULL. */
static const char *
period_asked(struct request *req)
{
	const struct param_value *p = req_param(req, "periode");

	return p->present ? p->text : NULL;
}

/* The periods the unit has answers in, as choices. */
static json_t *
period_choices(struct svc *s, int64_t unit, const char *chosen, struct err *e)
{
	json_t *rows = NULL, *out = json_array(), *row;
	const char *p;
	size_t i;

	if (db_exec(s->c, DB_IKM_PERIODS, (struct db_param[]){ DBP_INT(unit) }, 1, &rows,
		e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, row) {
		p = json_string_value(json_object_get(row, "period"));
		json_array_append_new(out,
		    json_pack("{s:s, s:O, s:b}", "value", p, "n",
			json_object_get(row, "n"), "selected", strcmp(p, chosen) == 0));
	}
	json_decref(rows);
	return out;
}

static int
ikm_public_page(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct ikm_unit u;
	json_t *m, *periods;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || ikm_unit_load(&s, id, period_asked(req), &u, e) < 0)
		return -1;
	if ((m = ikm_unit_json(&s, &u)) == NULL ||
	    (periods = period_choices(&s, id, u.period, e)) == NULL) {
		json_decref(m);
		if (e->kind == ERR_NONE)
			err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_object_set_new(m, "has_periods", json_boolean(json_array_size(periods) > 0));
	json_object_set_new(m, "periods", periods);
	json_object_set_new(m, "page_title",
	    json_string(i18n_subst(&req->arena, i18n_get(req_lang(req), "ikm.public_title"),
		"unit", u.name, (const char *)NULL)));
	json_object_set_new(m, "report_href",
	    json_string(arena_printf(&req->arena,
		"/ikm/%" PRId64 "/laporan.pdf?periode=%s", id, u.period)));
	json_object_set_new(m, "poster_href",
	    json_string(arena_printf(&req->arena, "/ikm/%" PRId64 "/poster.pdf", id)));
	json_object_set_new(m, "survey_href",
	    json_string(arena_printf(&req->arena, "/survei/%" PRId64, id)));
	json_object_set_new(m, "action",
	    json_string(arena_printf(&req->arena, "/ikm/%" PRId64, id)));
	/* A public page with nothing to upload loads no script at all. */
	json_object_set_new(m, "no_script", json_true());
	rep->model = m;
	reply_header(rep, "Cache-Control", "public, max-age=60");
	return 0;
}

static int
ikm_report_get(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct ikm_unit u;
	struct svc s;
	struct buf b;

	buf_init(&b, PDF_MAX);
	if (web_svc(req, &s, e) < 0 || ikm_unit_load(&s, id, period_asked(req), &u, e) < 0 ||
	    ikm_report_pdf(&s, &u, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	return web_pdf_reply(req, rep, &b,
	    arena_printf(&req->arena, "laporan-ikm-%" PRId64 "-%s", id, u.period), NULL, e);
}

static int
ikm_poster_get(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct svc s;
	struct buf b;

	buf_init(&b, PDF_MAX);
	if (web_svc(req, &s, e) < 0 || ikm_poster_pdf(&s, id, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	return web_pdf_reply(req, rep, &b,
	    arena_printf(&req->arena, "poster-survei-%" PRId64, id), NULL, e);
}

/* The addresses this file answers, with their declared inputs. */
static PARAM_LIST(p_ikm, PARAM_ID("id"), PARAM_PERIOD);

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/ikm/{id}", ikm_public_page, "ikm", PUBLIC, .params = p_ikm,
	    .about = "A unit's satisfaction index (IKM) of a period: respondents, "
		"each element's value and the grade (public)"),
	ROUTE_GET("/ikm/{id}/laporan.pdf", ikm_report_get, NULL, PUBLIC, .params = p_ikm,
	    .produces = "application/pdf",
	    .about = "A unit's IKM report of a period as the regulation lays it out (PDF, public)"),
	ROUTE_GET("/ikm/{id}/poster.pdf", ikm_poster_get, NULL, PUBLIC, .params = p_ikm,
	    .produces = "application/pdf",
	    .about = "A unit's survey poster with the QR code to its form (A4 PDF, public)"),
};
/* clang-format on */
ROUTE_TABLE(ikm_public_routes, routes);
