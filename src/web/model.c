/*
 * model.c - the end of a page's model (model.h).
 */
#include "web/model.h"
#include "web/app.h"

int
web_model_built(const struct reply *rep, struct err *e)
{
	return rep->model != NULL ? 0 : web_nomem(e);
}

int
web_nomem(struct err *e)
{
	err_set(e, ERR_NOMEM, "out of memory");
	return -1;
}

int
web_model_take(struct reply *rep, json_t *m, const char *tpl)
{
	json_decref(rep->model);
	rep->model = m;
	rep->template = tpl;
	return 0;
}

void
web_model_ok_notice(struct request *req, struct reply *rep, const char *key)
{
	if (!req_again(req) && req_param(req, "ok")->present)
		app_notice(rep->model, false, i18n_get(req_lang(req), key));
}

int
web_model_done(struct request *req, struct reply *rep, const char *key, struct err *e)
{
	if (web_model_built(rep, e) < 0)
		return -1;
	web_model_ok_notice(req, rep, key);
	return 0;
}

void
web_done_notice(struct request *req, json_t *model, const char *param, const char *group)
{
	const struct param_value *v;
	char key[64];

	if (req_again(req) || !(v = req_param(req, param))->present)
		return;
	snprintf(key, sizeof(key), "%s.%s", group, v->text);
	app_notice(model, false, i18n_get(req_lang(req), key));
}
