/*
 * supervision.h - what the supervision pages share: the page of a
 * participation's guidance and supervision, /partisipasi/{id}/pembinaan
 * (supervision.c), whose revocation forms are revocation.c's, and overdue
 * actions as lists show them (the regional office's list, /progres, the
 * unit's page).
 */
#ifndef P2HAM_WEB_SUPERVISION_H
#define P2HAM_WEB_SUPERVISION_H

#include <stdint.h>

#include <jansson.h>

#include "http/request.h"
#include "svc/supervision.h"

/* The form posted to the page, to show again as typed. */
enum sup_form {
	SUP_FORM_NONE,
	SUP_FORM_VISIT,
	SUP_FORM_FINDING, /* of visit target */
	SUP_FORM_ACTION,  /* of finding target */
	SUP_FORM_ANSWER,  /* of action target */
	SUP_FORM_REVIEW,  /* of action target */
	SUP_FORM_REVOKE,
	SUP_FORM_REINSTATE,
	SUP_FORM_MAX
};

/* The stage's page of participation {id} (the route's GET handler); built
 * again for a refused post, as it stands. */
int supervision_page(struct request *req, struct reply *rep, struct err *e);

/*
 * The page of participation {id} as rep's model: the form posted (target
 * the item it belongs to) shown again as typed, its model also in member
 * "posted" for web_show_problems. 0, or -1 with e.
 */
int supervision_page_of(struct request *req, struct reply *rep, enum sup_form posted,
    int64_t target, struct err *e);

/* The text of form parameter name, NULL when absent. */
const char *supervision_text(struct request *req, const char *name);

/* A form's write: the service called with the request's input, *ok the
 * notice's code (?ok=) once it succeeded; pr the problems it refused. */
typedef int (*supervision_write)(struct request *req, struct svc *s,
    struct svc_problems *pr, const char **ok, struct err *e);

/*
 * A post to the page: refused input (its declared checks, or write's
 * problems) shows the page again through again with what was typed and
 * each problem at its field; else 303 to the page with write's notice.
 * 0, or -1 with e.
 */
int supervision_post(struct request *req, struct reply *rep, supervision_write write,
    route_handler again, struct err *e);

/* The overdue actions rows (supervision_overdue's, stolen) as shown:
 * each with href, due_date_text and severity_label. New array. */
json_t *supervision_overdue_json(struct request *req, json_t *rows);

/*
 * Put into model the overdue actions (supervision_overdue: of the units
 * scope reaches, or of unit unit_id when scope is NULL) as
 * "overdue_actions" with "has_overdue_actions", and "overdue_list_href"
 * when the caller supervises a region: what the partial
 * supervision_overdue_section shows. 0, or -1 with e.
 */
int supervision_overdue_put(struct request *req, const struct db_param scope[4],
    int64_t unit_id, json_t *model, struct err *e);

#endif
