/*
 * svc.c - contexts for services run off-line (command line, demo), who
 * acts in them, and what every service shares: its transaction, the
 * policy's answer as an error, the problems of refused input, and the
 * directory for temporary files.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "svc/svc.h"
#include "docs/sheet.h"
#include "core/account.h"

void
svc_cli(struct svc *s, struct principal *p, struct db_conn *c, struct arena *a, int64_t actor_id,
    const char *actor, time_t now, const char *data_dir, const char *public_url)
{
	/* clang-format off */
	static const struct grant national_admin = {
		.role = ROLE_ADMIN, .scope = SCOPE_NATIONAL, .scope_id = 0,
	};
	/* clang-format on */

	memset(p, 0, sizeof(*p));
	p->user_id = actor_id;
	p->grants = &national_admin;
	p->grant_count = 1;
	*s = (struct svc){ .c = c,
		.arena = a,
		.who = p,
		.actor_id = actor_id,
		.actor = actor,
		.request_id = NULL,
		.now = now,
		.lang = LANG_ID,
		.data_dir = data_dir,
		.public_url = public_url };
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
svc_end(struct svc *s, int rc, struct err *e)
{
	if (rc == 0 && svc_commit(s, e) == 0)
		return 0;
	svc_rollback(s);
	return -1;
}

/*
 * Give each of the n region grants in g the provinces its region holds
 * now (arena a), read in one statement: a province moved to another
 * region leaves the grant with the next request.
 */
static int
region_provinces_load(struct db_conn *c, struct arena *a, int64_t user_id,
    struct grant *g, size_t n, struct err *e)
{
	json_t *rows = NULL, *row;
	size_t i, k, count;
	int *codes;

	for (i = 0; i < n && g[i].scope != SCOPE_REGION; i++)
		;
	if (i == n)
		return 0;
	if (db_exec(c, DB_GRANT_REGION_PROVINCES, (struct db_param[]){ DBP_INT(user_id) },
		1, &rows, e) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (g[i].scope != SCOPE_REGION)
			continue;
		if ((codes = arena_alloc(a, (json_array_size(rows) + 1) * sizeof(*codes))) ==
		    NULL) {
			json_decref(rows);
			err_set(e, ERR_NOMEM, "out of memory");
			return -1;
		}
		count = 0;
		json_array_foreach(rows, k, row)
			if (json_integer_value(json_object_get(row, "region_id")) == g[i].scope_id)
				codes[count++] = (int)json_integer_value(
				    json_object_get(row, "province_code"));
		g[i].provinces = codes;
		g[i].province_count = count;
	}
	json_decref(rows);
	return 0;
}

int
svc_grants_load(struct db_conn *c, struct arena *a, int64_t user_id, struct principal *p,
    struct err *e)
{
	json_t *rows = NULL, *row;
	struct grant *g;
	size_t i, n = 0;

	/* With the place of the unit each unit or participation grant
	 * reaches: the policy needs it to tell who may manage the holder, and
	 * an assignment opens its unit's record. */
	if (db_exec(c, DB_GRANT_LIST_PLACED, (struct db_param[]){ DBP_INT(user_id) }, 1,
		&rows, e) < 0)
		return -1;
	if ((g = arena_alloc(a, (json_array_size(rows) + 1) * sizeof(*g))) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	json_array_foreach(rows, i, row) {
		enum role r = role_parse(json_string_value(json_object_get(row, "role")));
		enum scope_kind k = scope_kind_parse(
		    json_string_value(json_object_get(row, "scope_kind")));

		if (r == ROLE_MAX || k == SCOPE_KIND_MAX)
			continue; /* a role this version does not know grants nothing */
		g[n].role = r;
		g[n].scope = k;
		g[n].scope_id = json_integer_value(json_object_get(row, "scope_id"));
		g[n].may_revoke = json_integer_value(json_object_get(row, "may_revoke")) != 0;
		g[n].where = (struct policy_place){ 0 };
		if (k == SCOPE_UNIT || k == SCOPE_PARTICIPATION) {
			g[n].where.unit = json_integer_value(json_object_get(row, "unit_id"));
			g[n].where.province = (int)json_integer_value(
			    json_object_get(row, "unit_province"));
			g[n].where.organization = json_integer_value(
			    json_object_get(row, "unit_organization"));
		}
		if (k == SCOPE_PARTICIPATION)
			g[n].where.participation = g[n].scope_id;
		n++;
	}
	json_decref(rows);
	p->grants = g;
	p->grant_count = n;
	return region_provinces_load(c, a, user_id, g, n, e);
}

int
svc_act_as(struct svc *s, struct principal *p, int64_t user_id, struct err *e)
{
	json_t *rows = NULL, *row;
	const char *email;

	if (db_exec(s->c, DB_USER_GET, (struct db_param[]){ DBP_INT(user_id) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL ||
	    (email = json_string_value(json_object_get(row, "email"))) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOT_FOUND, "no user %lld", (long long)user_id);
		return -1;
	}
	memset(p, 0, sizeof(*p));
	p->user_id = user_id;
	p->home_province = (int)json_integer_value(json_object_get(row, "home_province"));
	p->home_organization = json_integer_value(json_object_get(row, "home_organization"));
	s->actor = arena_strdup(s->arena, email);
	json_decref(rows);
	if (s->actor == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	s->actor_id = user_id;
	s->who = p;
	return svc_grants_load(s->c, s->arena, user_id, p, e);
}

int
svc_user_id(struct svc *s, const char *email, int64_t *id, struct err *e)
{
	return svc_user_id_on(s->c, email, id, e);
}

int
svc_user_id_on(struct db_conn *c, const char *email, int64_t *id, struct err *e)
{
	char key[320];

	*id = 0;
	if (account_email_key(email, key, sizeof(key)) < 0)
		return 0;
	return db_exec_int(c, DB_USER_BY_EMAIL, (struct db_param[]){ DBP_TEXT(key) }, 1,
	    "id", id, e);
}

const char *
svc_first_text(struct svc *s, enum db_stmt st, const struct db_param *p, size_t n,
    const char *key, struct err *e)
{
	json_t *rows = NULL;
	const char *v;

	if (db_exec(s->c, st, p, n, &rows, e) < 0)
		return NULL;
	v = json_string_value(json_object_get(json_array_get(rows, 0), key));
	v = arena_strdup(s->arena, v != NULL ? v : "");
	json_decref(rows);
	if (v == NULL)
		err_set(e, ERR_NOMEM, "out of memory");
	return v;
}

const char *
svc_actor_name(struct svc *s, struct err *e)
{
	if (s->actor_id == 0)
		return "";
	return svc_first_text(s, DB_USER_GET, (struct db_param[]){ DBP_INT(s->actor_id) },
	    1, "full_name", e);
}

int
svc_authorize(struct svc *s, enum action act, const struct object_ref *o, struct err *e)
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
svc_sheet_columns(enum lang lang, const struct sheet_heading *h, size_t n,
    struct sheet_column *cols)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cols[i].key = h[i].key;
		cols[i].title = h[i].title_key ? i18n_get(lang, h[i].title_key) : h[i].key;
	}
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

int
svc_unit_row_cmp(const json_t *a, const json_t *b, const char *id_key)
{
	json_int_t x = json_integer_value(json_object_get(a, "province_code")),
		   y = json_integer_value(json_object_get(b, "province_code"));
	int c;

	if (x != y)
		return x < y ? -1 : 1;
	c = strcmp(json_string_value(json_object_get(a, "unit_name")),
	    json_string_value(json_object_get(b, "unit_name")));
	if (c != 0)
		return c;
	x = json_integer_value(json_object_get(a, id_key));
	y = json_integer_value(json_object_get(b, id_key));
	return x < y ? -1 : x > y;
}

int
svc_exec_moved(struct svc *s, enum db_stmt st, const struct db_param *p, size_t n,
    struct err *e)
{
	return svc_exec_one(s, st, p, n, "participation.refusal.changed", e);
}

int
svc_save_row(struct svc *s, enum db_stmt insert, enum db_stmt update,
    const struct db_param *p, size_t ni, size_t nu, int64_t *id, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, *id == 0 ? insert : update, p, *id == 0 ? ni : nu, &rows, e) < 0)
		return -1;
	if (*id == 0)
		*id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	return 0;
}

int
svc_exec_one(struct svc *s, enum db_stmt st, const struct db_param *p, size_t n,
    const char *refusal, struct err *e)
{
	json_t *rows = NULL;
	bool one;

	if (db_exec(s->c, st, p, n, &rows, e) < 0)
		return -1;
	one = json_array_size(rows) == 1;
	json_decref(rows);
	if (one)
		return 0;
	err_set(e, ERR_REFUSED, "%s", svc_msg(s, refusal));
	return -1;
}

int
svc_finish(struct svc *s, const struct svc_problems *pr, struct err *e)
{
	if (pr->count > 0) {
		svc_rollback(s);
		return svc_refuse(pr, e);
	}
	return svc_end(s, 0, e);
}

const char *
svc_tmp_dir(struct svc *s, struct err *e)
{
	const char *dir = arena_printf(s->arena, "%s/tmp", s->data_dir);

	if (dir == NULL || (mkdir(dir, 0700) < 0 && errno != EEXIST)) {
		err_set(e, ERR_EXPORT, "cannot make the temporary directory");
		return NULL;
	}
	return dir;
}
