/*
 * complaint_track.c - following a complaint with its tracking code
 * (/pengaduan/lacak): its status and public answers, never the identity or
 * the text; and the complainant's two acts with the code: confirming the
 * answer, or reopening once with a reason. The code travels in the body of
 * a POST, never in an address, so that it stays out of histories and logs.
 */
#include <string.h>

#include "svc/complaints.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/public/complaint.h"
#include "web/routes.h"

static int
track_page(struct request *req, struct reply *rep, struct err *e)
{
	const char *code = complaint_param(req, "kode");
	const char *reason = complaint_param(req, "alasan");
	json_t *t = NULL;
	struct svc s;

	rep->model = json_pack("{s:s, s:s}", "page_title",
	    i18n_get(req_lang(req), "complaints.track.title"), "kode", code ? code : "");
	if (rep->model == NULL)
		return -1;
	json_object_set_new(rep->model, "csrf", json_string(auth_public_csrf(req, rep)));
	if (code == NULL)
		return 0;
	if (web_svc(req, &s, e) < 0)
		return -1;
	s.actor = "publik";
	if ((t = complaint_track(&s, code, e)) == NULL) {
		if (e->status != 404)
			return -1;
		app_notice(rep->model, true, e->msg);
		rep->status = 404;
		err_clear(e);
		return 0;
	}
	json_object_set_new(rep->model, "complaint", t);
	json_object_set_new(rep->model, "alasan", json_string(reason ? reason : ""));
	return 0;
}

static int
confirm_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	s.actor = "publik";
	if (complaint_confirm(&s, complaint_param(req, "kode"), e) < 0)
		return web_show_again(req, rep, e, track_page);
	if (track_page(req, rep, e) < 0)
		return -1;
	app_notice(rep->model, false, i18n_get(req_lang(req), "complaints.track.confirmed"));
	return 0;
}

static int
reopen_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	s.actor = "publik";
	if (complaint_reopen(&s, complaint_param(req, "kode"),
		complaint_param(req, "alasan"), &pr, e) < 0) {
		if (web_show_again(req, rep, e, track_page) < 0)
			return -1;
		json_object_set_new(rep->model, "reason_error",
		    json_string(svc_problem_of(&pr, "alasan")));
		return 0;
	}
	if (track_page(req, rep, e) < 0)
		return -1;
	json_object_set_new(rep->model, "alasan", json_string(""));
	app_notice(rep->model, false, i18n_get(req_lang(req), "complaints.track.reopened"));
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
static PARAM_LIST(p_code, PARAM_TEXT("kode", 40), PARAM_LONG_NOTE("alasan"));
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pengaduan/lacak", track_page, "complaint_track", PUBLIC,
	    .about = "The form that asks for a complaint's tracking code"),
	ROUTE_POST("/pengaduan/lacak", track_page, "complaint_track", PUBLIC,
	    .params = p_code,
	    .about = "A complaint's status and public answers for its tracking code"),
	ROUTE_POST("/pengaduan/lacak/konfirmasi", confirm_post, "complaint_track", PUBLIC,
	    .params = p_code, .about = "The complainant confirms that the answer resolved it"),
	ROUTE_POST("/pengaduan/lacak/buka", reopen_post, "complaint_track", PUBLIC,
	    .params = p_code, .about = "The complainant reopens an answered complaint once"),
};
/* clang-format on */
ROUTE_TABLE(complaint_track_routes, routes);
