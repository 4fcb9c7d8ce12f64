/*
 * ikm_dash.c - the satisfaction index for those who oversee units
 * (/ikm): for a period, the IKM per province and per unit type over what
 * the caller may see and, for a province (?provinsi=), per unit with a
 * link to each unit's public page; the posters of every unit of a
 * province as one PDF (/ikm/provinsi/{code}/poster.pdf); and a unit's
 * anonymised answers as CSV or XLSX (/ikm/{id}/jawaban.csv, .xlsx).
 *
 * The dashboard opens to the grants that follow progress over the
 * country, a province or an organization (admin, coordinator, regional
 * office, observer), as the progress page does; a province the caller
 * sees no unit of is 404, as is a unit outside the caller's view. Every
 * figure comes from the survey's counters; only the export reads answers.
 */
#include <inttypes.h>
#include <string.h>

#include "core/region.h"
#include "svc/ikm.h"
#include "web/download.h"
#include "web/app.h"
#include "web/registry/registry.h"
#include "web/routes.h"
#include "web/model.h"
#include "web/pdf_reply.h"

#define PDF_MAX (256 * 1024 * 1024)

/* The grants that open the dashboard, as a principal of their own. */
static struct principal
dash_principal(struct request *req)
{
	return registry_principal_for(req, ACT_PROGRESS_VIEW, OBJ_PROGRESS,
	    REGISTRY_AREA_SCOPES);
}

/* The scope of who as the registry's $1-$4 into prm; 404 without grants,
 * and when province is not 0 and who sees no unit there. */
static int
dash_scope(struct request *req, struct svc *s, const struct principal *who, int province,
    struct db_param *prm, struct err *e)
{
	json_t *rows = NULL, *row;
	bool seen = province == 0;
	size_t i;

	if (who->grant_count == 0) {
		err_set(e, ERR_NOT_FOUND, "no grant that follows a region");
		return -1;
	}
	if (registry_scope_params(who, &req->arena, prm) < 0)
		return web_nomem(e);
	if (province == 0)
		return 0;
	if (db_exec(s->c, DB_REGION_UNIT_COUNTS, prm, 4, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "province")) == province &&
		    json_integer_value(json_object_get(row, "units")) > 0)
			seen = true;
	json_decref(rows);
	if (!seen) {
		err_set(e, ERR_NOT_FOUND, "no unit of province %d in view", province);
		return -1;
	}
	return 0;
}

/* The period asked, else the newest anyone answered in, else this year. */
static const char *
dash_period(struct request *req, struct svc *s, json_t **periods, struct err *e)
{
	const struct param_value *p = req_param(req, "periode");
	const char *newest;
	struct tm tm;

	if (ikm_periods_all(s, periods, e) < 0)
		return NULL;
	if (p->present) {
		if (!ikm_period_valid(p->text)) {
			err_set(e, ERR_NOT_FOUND, "no such period");
			return NULL;
		}
		return p->text;
	}
	newest = json_string_value(json_object_get(json_array_get(*periods, 0), "period"));
	if (newest != NULL)
		return arena_strdup(&req->arena, newest);
	gmtime_r(&s->now, &tm);
	return arena_printf(&req->arena, "%04d", tm.tm_year + 1900);
}

/* Links on the unit rows, a name on the province rows. */
static void
decorate(struct request *req, json_t *dash, const char *period)
{
	json_t *row;
	size_t i;

	json_array_foreach(json_object_get(dash, "units"), i, row) {
		long long id = (long long)json_integer_value(json_object_get(row, "key"));

		json_object_set_new(row, "href",
		    json_string(arena_printf(&req->arena, "/ikm/%lld?periode=%s", id, period)));
		json_object_set_new(row, "csv_href",
		    json_string(arena_printf(&req->arena,
			"/ikm/%lld/jawaban.csv?periode=%s", id, period)));
		json_object_set_new(row, "xlsx_href",
		    json_string(arena_printf(&req->arena,
			"/ikm/%lld/jawaban.xlsx?periode=%s", id, period)));
	}
	json_array_foreach(json_object_get(dash, "provinces"), i, row)
		json_object_set_new(row, "href",
		    json_string(arena_printf(&req->arena, "/ikm?periode=%s&provinsi=%lld",
			period, (long long)json_integer_value(json_object_get(row, "key")))));
}

static int
ikm_dash_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *pv = req_param(req, "provinsi");
	int province = pv->present ? (int)pv->i : 0;
	struct principal who = dash_principal(req);
	json_t *periods = NULL, *dash = NULL, *choices, *row;
	const struct province *pr = province ? province_find(province) : NULL;
	struct db_param prm[4];
	const char *period, *p;
	enum lang l = req_lang(req);
	struct svc s;
	size_t i;

	if (web_svc(req, &s, e) < 0 || dash_scope(req, &s, &who, province, prm, e) < 0 ||
	    (period = dash_period(req, &s, &periods, e)) == NULL)
		goto fail;
	if (ikm_dashboard(&s, prm, period, province, &dash, e) < 0)
		goto fail;
	decorate(req, dash, period);
	choices = json_array();
	json_array_foreach(periods, i, row) {
		p = json_string_value(json_object_get(row, "period"));
		json_array_append_new(choices,
		    json_pack("{s:s, s:b}", "value", p, "selected", strcmp(p, period) == 0));
	}
	json_decref(periods);
	json_object_set_new(dash, "page_title", json_string(i18n_get(l, "ikm.dash.title")));
	json_object_set_new(dash, "period", json_string(period));
	json_object_set_new(dash, "periods", choices);
	json_object_set_new(dash, "has_provinces",
	    json_boolean(json_array_size(json_object_get(dash, "provinces")) > 0));
	if (province != 0) {
		json_object_set_new(dash, "province",
		    json_pack("{s:i, s:s, s:s, s:s}", "code", province, "name",
			pr ? pr->name : "", "heading",
			i18n_subst(&req->arena, i18n_get(l, "ikm.dash.by_unit"),
			    "province", pr ? pr->name : "", (const char *)NULL),
			"posters_href",
			arena_printf(&req->arena, "/ikm/provinsi/%d/poster.pdf", province)));
	}
	rep->model = dash;
	return 0;
fail:
	json_decref(periods);
	return -1;
}

static int
ikm_posters_get(struct request *req, struct reply *rep, struct err *e)
{
	int province = (int)req_param(req, "kode")->i;
	struct principal who = dash_principal(req);
	struct db_param prm[4];
	struct svc s;
	struct buf b;
	size_t n;

	buf_init(&b, PDF_MAX);
	if (web_svc(req, &s, e) < 0 || dash_scope(req, &s, &who, province, prm, e) < 0 ||
	    ikm_posters_province(&s, prm, province, &b, &n, e) < 0) {
		buf_free(&b);
		return -1;
	}
	return web_pdf_reply(req, rep, &b,
	    arena_printf(&req->arena, "poster-survei-provinsi-%d", province),
	    "private, no-store", e);
}

/* The file format an export route answers in: its variant. */
enum { EXPORT_CSV, EXPORT_XLSX };

/* A unit's anonymised answers, after the policy lets the caller see it. */
static int
export_get(struct request *req, struct reply *rep, struct err *e)
{
	bool xlsx = req->route->variant == EXPORT_XLSX;
	int64_t id = req_param(req, "id")->i;
	const struct param_value *p = req_param(req, "periode");
	struct ikm_unit u;
	struct ikm_file f;
	struct svc s;
	json_t *unit;

	if (web_svc(req, &s, e) < 0 ||
	    (unit = registry_unit_load(req, s.c, id, ACT_VIEW, e)) == NULL)
		return -1;
	json_decref(unit);
	if (ikm_unit_load(&s, id, p->present ? p->text : NULL, &u, e) < 0 ||
	    ikm_export(&s, id, u.period, xlsx, &f, e) < 0)
		return -1;
	web_fd_reply(rep, f.fd, f.len, f.content_type);
	web_attachment(req, rep, "%s", f.filename);
	reply_header(rep, "Cache-Control", "private, no-store");
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
static PARAM_LIST(p_export, PARAM_ID("id"), PARAM_PERIOD);

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/ikm", ikm_dash_page, "ikm_dash", SIGNED_IN,
	    .params = PARAMS(PARAM_PERIOD, PARAM_PROVINCE("provinsi", PARAM_QUERY, false)),
	    .about = "Satisfaction indexes (IKM) by province, unit type and unit, "
		"for those who oversee them"),
	ROUTE_GET("/ikm/provinsi/{kode}/poster.pdf", ikm_posters_get, NULL, SIGNED_IN,
	    .params = PARAMS(PARAM_PROVINCE("kode", PARAM_PATH, true)),
	    .produces = "application/pdf",
	    .about = "The survey posters of every unit of a province, one PDF"),
	ROUTE_GET("/ikm/{id}/jawaban.csv", export_get, NULL, SIGNED_IN,
	    .params = p_export, .variant = EXPORT_CSV,
	    .produces = "text/csv",
	    .about = "A unit's anonymised survey answers of a period as CSV"),
	ROUTE_GET("/ikm/{id}/jawaban.xlsx", export_get, NULL, SIGNED_IN,
	    .params = p_export, .variant = EXPORT_XLSX,
	    .produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    .about = "A unit's anonymised survey answers of a period as XLSX"),
};
/* clang-format on */
ROUTE_TABLE(ikm_dash_routes, routes);
