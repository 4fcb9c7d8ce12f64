/*
 * svc.c - contexts for services run off-line (command line, demo), and
 * what every service shares: its transaction, the policy's answer as an
 * error, and the problems of refused input.
 */
#include <string.h>

#include "svc/svc.h"

void
svc_cli(struct svc *s, struct principal *p, struct db_conn *c, struct arena *a,
    int64_t actor_id, const char *actor, time_t now, const char *data_dir,
    const char *public_url)
{
	static const struct grant national_admin = {
		.role = ROLE_ADMIN, .scope = SCOPE_NATIONAL, .scope_id = 0,
	};

	memset(p, 0, sizeof(*p));
	p->user_id = actor_id;
	p->grants = &national_admin;
	p->grant_count = 1;
	*s = (struct svc){ .c = c, .arena = a, .who = p, .actor_id = actor_id,
	    .actor = actor, .request_id = NULL, .now = now, .lang = LANG_ID,
	    .data_dir = data_dir, .public_url = public_url };
}

int
svc_begin(struct svc *s, struct err *e)
{
	return s->batch ? 0 : db_begin(s->c, e);
}

int
svc_commit(struct svc *s, struct err *e)
{
	return s->batch ? 0 : db_commit(s->c, e);
}

void
svc_rollback(struct svc *s)
{
	if (!s->batch)
		db_rollback(s->c);
}

int
svc_authorize(struct svc *s, enum action act, const struct object_ref *o,
    struct err *e)
{
	switch (policy_check(s->who, act, o)) {
	case POLICY_ALLOW:
		return 0;
	case POLICY_DENY:
		err_set(e, ERR_FORBIDDEN, "%s on %s not allowed", action_code(act),
		    object_type_code(o->type));
		return -1;
	default:
		err_set(e, ERR_NOT_FOUND, "outside the user's scope");
		return -1;
	}
}

const char *
svc_msg(struct svc *s, const char *key)
{
	const char *m = i18n_get(s->lang, key), *copy;

	if (m != key)
		return m;
	copy = arena_strdup(s->arena, key);
	return copy != NULL ? copy : "";
}

void
svc_problem(struct svc_problems *pr, const char *field, const char *text)
{
	if (pr->count == SVC_PROBLEMS_MAX || svc_problem_of(pr, field) != NULL)
		return;
	pr->list[pr->count].field = field;
	pr->list[pr->count].text = text != NULL ? text : "";
	pr->count++;
}

const char *
svc_problem_of(const struct svc_problems *pr, const char *field)
{
	size_t i;

	for (i = 0; i < pr->count; i++)
		if (strcmp(pr->list[i].field, field) == 0)
			return pr->list[i].text;
	return NULL;
}

int
svc_refuse(const struct svc_problems *pr, struct err *e)
{
	err_set(e, ERR_INVALID, "%s", pr->count > 0 ? pr->list[0].text : "");
	return -1;
}
