/*
 * complaint_guard.c - the abuse guard of the filing form, the public
 * forms' own (web/public/formguard.h): a token signed for the complaint
 * form and its unit, filled no sooner than a person can and no later than
 * its age allows; the honeypot; the per-address rate. The token's nonce is
 * stored with the complaint under a unique index, so one form files once.
 * Refusals are counted in /metrics and said in plain words.
 */
#include <time.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/public/complaint.h"
#include "web/public/formguard.h"

#define COMPLAINT_FORM "complaint"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
complaint_guard_put(struct request *req, json_t *model, json_t *unit)
{
	char token[FORMGUARD_TOKEN_MAX];

	(void)req;
	formguard_issue(COMPLAINT_FORM, json_integer_value(json_object_get(unit, "id")),
	    now_ms(), token);
	json_object_set_new(model, "guard",
	    json_pack("{s:s, s:s, s:s}", "token_name", "token", "token", token,
		"honeypot", formguard_config()->honeypot));
}

int
complaint_guard_check(struct request *req, struct svc *s, const char **nonce, struct err *e)
{
	const struct param_value *u = req_param(req, "unit"), *tok = req_param(req, "token");
	struct formguard_token t;
	enum formguard_reason r;

	*nonce = NULL;
	r = formguard_rate(auth_client_addr(req), (int64_t)time(NULL));
	if (r == FG_OK && formguard_honeypot(req))
		r = FG_HONEYPOT;
	if (r == FG_OK)
		r = formguard_check(tok->present ? tok->text : NULL, COMPLAINT_FORM, u->i,
		    now_ms(), &t);
	if (r != FG_OK) {
		formguard_refused(COMPLAINT_FORM, r);
		err_set(e, ERR_REFUSED, "%s",
		    i18n_get(req_lang(req), formguard_reason_key(r)));
		e->status = formguard_status(r);
		return -1;
	}
	*nonce = arena_strdup(s->arena, t.nonce);
	return *nonce != NULL ? 0 : -1;
}
