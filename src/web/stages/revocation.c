/*
 * revocation.c - revoking an award and reinstating it, from the
 * supervision page of a participation (/partisipasi/{id}/pembinaan): an
 * observer with the power to revoke, or the programme admin, posts the
 * reason with the supporting document; the admin reinstates with a reason
 * (and a document if there is one). The writes are svc/revocation.h's.
 */
#include <string.h>

#include "svc/revocation.h"
#include "web/app.h"
#include "web/form.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "web/stages/supervision.h"
#include "web/upload.h"
#include "web/model.h"

static int
revoke_again(struct request *req, struct reply *rep, struct err *e)
{
	return supervision_page_of(req, rep, SUP_FORM_REVOKE, 0, e);
}

static int
reinstate_again(struct request *req, struct reply *rep, struct err *e)
{
	return supervision_page_of(req, rep, SUP_FORM_REINSTATE, 0, e);
}

/* A decision posted: revoke, or reinstate, with its one document. */
static int
decide(struct request *req, struct svc *s, bool revoke, struct svc_problems *pr, struct err *e)
{
	struct revocation_in in = { req_param(req, "id")->i,
		supervision_text(req, "alasan"), NULL };
	struct file_in *docs = NULL;
	size_t n = 0;

	if (upload_files_in(req, "dokumen", &docs, &n) < 0)
		return web_nomem(e);
	in.doc = n > 0 ? &docs[0] : NULL;
	return revocation_decide(s, &in, revoke, pr, NULL, e);
}

static int
revoke_write(struct request *req, struct svc *s, struct svc_problems *pr, const char **ok,
    struct err *e)
{
	*ok = "cabut";
	return decide(req, s, true, pr, e);
}

static int
reinstate_write(struct request *req, struct svc *s, struct svc_problems *pr,
    const char **ok, struct err *e)
{
	*ok = "pulihkan";
	return decide(req, s, false, pr, e);
}

static int
revoke_post(struct request *req, struct reply *rep, struct err *e)
{
	return supervision_post(req, rep, revoke_write, revoke_again, e);
}

static int
reinstate_post(struct request *req, struct reply *rep, struct err *e)
{
	return supervision_post(req, rep, reinstate_write, reinstate_again, e);
}

/* The document is kept only for whom the policy lets decide. */
PARTICIPATION_ADMIT(revoke_admit, TR_REVOKE);
PARTICIPATION_ADMIT(reinstate_admit, TR_REINSTATE);

/* The addresses this file answers, with their declared inputs. */
static PARAM_LIST(p_decision, PARAM_ID("id"),
    PARAM_MULTILINE("alasan", REVOCATION_REASON_MAX * 4));

/* clang-format off */
static const struct route routes[] = {
	ROUTE_POST("/partisipasi/{id}/pembinaan/cabut", revoke_post, "supervision",
	    SIGNED_IN, .params = p_decision, .page = supervision_page, .upload = true,
	    .max_files = 1, .admit = revoke_admit,
	    .about = "Revokes an awarded unit's predicate, with a reason"),
	ROUTE_POST("/partisipasi/{id}/pembinaan/pulihkan", reinstate_post, "supervision",
	    SIGNED_IN, .params = p_decision, .page = supervision_page, .upload = true,
	    .max_files = 1, .admit = reinstate_admit,
	    .about = "Reinstates a revoked predicate, with a reason"),
};
/* clang-format on */
ROUTE_TABLE(revocation_routes, routes);
