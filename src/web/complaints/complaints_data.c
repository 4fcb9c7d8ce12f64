/*
 * complaints_data.c - complaints as data: the SP4N-LAPOR! CSV import
 * (/pengaduan/impor) and export (/pengaduan/ekspor), the holiday calendar
 * the admin keeps per year (/pengaduan/libur), and the overdue counts
 * other pages show (complaints_web.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "svc/complaints.h"
#include "web/app.h"
#include "web/complaints/complaints_web.h"
#include "web/routes.h"
#include "web/upload.h"
#include "web/model.h"

#define IMPORT_FILE_MAX (10u << 20)

int
complaints_overdue_put(struct request *req, const struct db_param scope[4],
    int64_t unit_id, json_t *model, struct err *e)
{
	json_t *rows;
	int64_t n = 0;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (scope == NULL) {
		if (complaint_overdue_count(&s, unit_id, &n, e) < 0)
			return -1;
		json_object_set_new(model, "complaints_overdue", json_integer(n));
		return 0;
	}
	if ((rows = complaint_overdue_units(&s, scope, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_complaints_overdue",
	    json_boolean(json_array_size(rows) > 0));
	json_object_set_new(model, "complaints_overdue_units", rows);
	return 0;
}

static int
export_get(struct request *req, struct reply *rep, struct err *e)
{
	struct buf b;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	buf_init(&b, 64u << 20);
	if (complaint_export(&s, &b, e) < 0) {
		buf_free(&b);
		return -1;
	}
	rep->body = buf_detach(&b, &rep->len);
	if (rep->body == NULL)
		return web_nomem(e);
	rep->content_type = "text/csv; charset=utf-8";
	reply_header(rep, "Content-Disposition", "attachment; filename=\"pengaduan.csv\"");
	reply_header(rep, "Cache-Control", "private, no-cache");
	return 0;
}

static int
import_page(struct request *req, struct reply *rep, struct err *e)
{
	if (complaints_handler(req).grant_count == 0) {
		err_set(e, ERR_NOT_FOUND, "no grant that handles complaints");
		return -1;
	}
	rep->model = json_pack("{s:s}", "page_title",
	    i18n_get(req_lang(req), "complaints.import.title"));
	return rep->model != NULL ? 0 : -1;
}

static int
import_post(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct upload_file f;
	json_t *report = NULL;
	struct svc s;

	if (import_page(req, rep, e) < 0 || web_svc(req, &s, e) < 0 ||
	    upload_file(req, "berkas", IMPORT_FILE_MAX, &f, e) < 0)
		return -1;
	if (!f.present) {
		app_notice(rep->model, true, i18n_get(l, "complaints.import.no_file"));
		rep->status = 422;
		return 0;
	}
	if (complaint_import(&s, f.data, f.len, &report, e) < 0)
		return -1;
	json_object_set_new(rep->model, "report", report);
	if (json_is_true(json_object_get(report, "ok"))) {
		app_notice(rep->model, false,
		    i18n_fill(&req->arena, i18n_get(l, "complaints.import.done"),
			(long)json_integer_value(json_object_get(report, "imported"))));
		return 0;
	}
	app_notice(rep->model, true,
	    i18n_fill(&req->arena, i18n_get(l, "complaints.import.refused"),
		(long)json_integer_value(json_object_get(report, "problems_total"))));
	rep->status = 422;
	return 0;
}

/* The year asked for, else this year. */
static int
year_of(struct request *req, time_t now)
{
	const struct param_value *v = req_param_find(req, "tahun");
	time_t west = now + 7 * 3600; /* the year in WIB (UTC+7) */
	struct tm tm;

	if (v != NULL && v->present)
		return (int)v->i;
	gmtime_r(&west, &tm);
	return tm.tm_year + 1900;
}

static int
holidays_page(struct request *req, struct reply *rep, struct err *e)
{
	struct object_ref o = { .type = OBJ_CYCLE };
	const char *typed[] = { "tanggal", "nama" };
	json_t *rows;
	struct svc s;
	int year;
	size_t i;

	if (web_svc(req, &s, e) < 0 || svc_authorize(&s, ACT_CYCLE_MANAGE, &o, e) < 0)
		return -1;
	year = year_of(req, s.now);
	if ((rows = complaint_holidays(&s, year, e)) == NULL)
		return -1;
	rep->model = json_pack("{s:s, s:i, s:i, s:i, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "complaints.holidays.title"), "year", year,
	    "prev_year", year - 1, "next_year", year + 1, "holidays", rows,
	    "has_holidays", json_array_size(rows) > 0);
	for (i = 0; rep->model != NULL && i < 2; i++) {
		const struct param_value *v = req_param_find(req, typed[i]);

		if (v != NULL && v->present && req->method == HTTP_POST)
			json_object_set_new(rep->model, typed[i], json_string(v->text));
	}
	return rep->model != NULL ? 0 : -1;
}

static int
holiday_post(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *day = req_param(req, "tanggal"),
				 *name = req_param(req, "nama");
	bool remove = req_param(req, "hapus")->i != 0;
	struct svc_problems pr = { 0 };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (complaint_holiday_set(&s, day->text, name->text, remove, &pr, e) < 0) {
		if (web_show_again(req, rep, e, holidays_page) < 0)
			return -1;
		json_object_set_new(rep->model, "error_tanggal",
		    json_string(svc_problem_of(&pr, "tanggal")));
		json_object_set_new(rep->model, "error_nama",
		    json_string(svc_problem_of(&pr, "nama")));
		return 0;
	}
	return web_see_other(req, rep, "/pengaduan/libur?tahun=%.4s", day->text);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pengaduan/ekspor", export_get, NULL, REGISTRY, .produces = "text/csv",
	    .about = "The complaints the caller sees, as SP4N-LAPOR!-shaped CSV"),
	ROUTE_GET("/pengaduan/impor", import_page, "complaints_import", REGISTRY,
	    .about = "The form that takes an SP4N-LAPOR! complaint export"),
	ROUTE_POST("/pengaduan/impor", import_post, "complaints_import", REGISTRY,
	    .max_body = IMPORT_FILE_MAX + (64u << 10),
	    .offload = true,
	    .about = "Import SP4N-LAPOR! complaints, all rows or none, with a row report"),
	ROUTE_GET("/pengaduan/libur", holidays_page, "complaints_holidays", REGISTRY,
	    .params = PARAMS({ "tahun", PARAM_QUERY, PT_INT, false, 2000, 2100, NULL }),
	    .about = "The holiday calendar of a year that deadlines skip"),
	ROUTE_POST("/pengaduan/libur", holiday_post, "complaints_holidays", REGISTRY,
	    .params = PARAMS(PARAM_DAY("tanggal"), PARAM_TEXT("nama", 400), PARAM_CHECK("hapus")),
	    .about = "Add or remove a holiday (admin)"),
};
/* clang-format on */
ROUTE_TABLE(complaints_data_routes, routes);
