/*
 * home.c - the home page: for the public, what P2HAM is and its five
 * stages; for a signed-in person, their desk first: what waits for them
 * with its deadline, the follow-up actions due, and their units'
 * participations with where each stands (svc/notify.h's notify_desk).
 */
#include "web/app.h"
#include "web/auth.h"
#include "core/stage.h"
#include "svc/notify.h"
#include "web/routes.h"
#include "web/model.h"

static int
home_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *stages = json_array();
	char key[64];
	int s;

	for (s = 0; s < STAGE_MAX; s++) {
		json_t *st = json_object();

		json_object_set_new(st, "number", json_integer(s + 1));
		json_object_set_new(st, "code", json_string(stage_code((enum stage)s)));
		snprintf(key, sizeof(key), "stage.%s.name", stage_code((enum stage)s));
		json_object_set_new(st, "name", json_string(i18n_get(l, key)));
		snprintf(key, sizeof(key), "stage.%s.description", stage_code((enum stage)s));
		json_object_set_new(st, "description", json_string(i18n_get(l, key)));
		json_array_append_new(stages, st);
	}
	rep->model = json_pack("{s:s, s:o}", "page_title", i18n_get(l, "home.title"),
	    "stages", stages);
	if (rep->model == NULL)
		return web_nomem(e);
	if (req_auth(req)->user_id != 0) {
		struct svc sv;
		json_t *desk;

		if (web_svc(req, &sv, e) < 0 || (desk = notify_desk(&sv, e)) == NULL)
			return -1;
		json_object_set_new(rep->model, "desk", desk);
	}
	return 0;
}

/* The addresses this file answers, with their declared inputs. */

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/", home_page, "home", PUBLIC, .cached = true,
	    .about = "The home page: the programme for the public, a signed-in person's desk"),
};
/* clang-format on */
ROUTE_TABLE(home_routes, routes);
