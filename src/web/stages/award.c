/*
 * award.c - the participation's penetapan page, /partisipasi/{id}/penetapan:
 * what the Minister's decree decided on it (awarded with its predicate, or
 * not awarded), the decree's number and date, the award date, and the
 * certificate to download (/dokumen/<serial>, which checks who may) and
 * verify. For everyone who may see the participation.
 */
#include "svc/decree.h"
#include "web/app.h"
#include "web/routes.h"
#include "web/stages/participation.h"

static int
award_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct svc s;
	json_t *m, *award;

	if (web_svc(req, &s, e) < 0 ||
	    participation_load(&s, req_param(req, "id")->i, &p, e) < 0)
		return -1;
	if ((m = json_object()) == NULL ||
	    participation_header(req, &p, STAGE_ASSESSMENT, m, e) < 0 ||
	    (award = decree_award(&s, p.id, e)) == NULL) {
		json_decref(m);
		return -1;
	}
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "decree.award.title"), p.unit_name));
	json_object_set_new(m, "subnav", participation_assessment_nav(req, p.id));
	json_object_set_new(m, "award", award);
	json_decref(rep->model);
	rep->model = m;
	rep->template = "award";
	return 0;
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/penetapan", award_page, "award", SIGNED_IN,
	    .params = route_params_id,
	    .about = "The decree stage of one participation: the award, "
		"its certificate and decree"),
};
/* clang-format on */
ROUTE_TABLE(award_routes, routes);
