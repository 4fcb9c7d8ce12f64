/*
 * pick.c - searching what a form field offers (pick.h): one scoped,
 * paged statement per source (ORG_PICK, UNIT_PICK, PARTICIPATION_PICK),
 * so that a field over a thousand organizations reads fifty of them. A
 * page starts after the key (sort columns and id) of the row before it,
 * never at an offset, so that the hundredth page costs what the first
 * does.
 */
#include "svc/pick.h"
#include "svc/registry.h"
#include "core/region.h"

#define PICK_LIMIT_DEFAULT 50
#define PICK_PARAMS_MAX 14 /* PARTICIPATION_PICK's $1-$14 */

/* What tells a row apart from another of the same name, "" when none. */
static const char *
detail_of(struct svc *s, const struct pick_query *q, json_t *row)
{
	const struct province *p = province_find(
	    (int)json_integer_value(json_object_get(row, "province_code")));
	const char *prov = p != NULL ? p->name : "";
	const char *cycle = json_string_value(json_object_get(row, "cycle_title"));

	switch (q->source) {
	case PICK_UNIT:
		return prov;
	case PICK_PARTICIPATION:
		if (q->cycle != 0 || cycle == NULL)
			return prov;
		return arena_printf(s->arena, "%s, %s", cycle, prov);
	default:
		return "";
	}
}

/* Member m of key row, 0 without a key (the start of the list). */
static int64_t
key_int(const json_t *key, const char *m)
{
	return key != NULL ? (int64_t)json_integer_value(json_object_get(key, m)) : 0;
}

/* The name of key row, "" without a key. */
static const char *
key_name(const json_t *key)
{
	const char *name = key != NULL ? json_string_value(json_object_get(key, "name")) : NULL;

	return name != NULL ? name : "";
}

/* The one province of a scope that holds nothing else, or 0. */
static int64_t
only_province(const struct principal *who)
{
	struct registry_scope sc;

	registry_scope_of(who, &sc);
	return !sc.national && sc.province_count == 1 && sc.organization_count == 0 &&
		sc.unit_count == 0
	    ? sc.provinces[0]
	    : 0;
}

json_t *
pick_search(struct svc *s, const struct pick_query *q, struct err *e)
{
	struct db_param prm[PICK_PARAMS_MAX];
	const char *detail;
	char *like = registry_like(s->arena, q->q);
	int64_t prov, limit = q->limit > 0 ? q->limit : PICK_LIMIT_DEFAULT;
	enum db_stmt st;
	json_t *rows = NULL, *row;
	size_t n, i;

	if (registry_scope_params(q->scope != NULL ? q->scope : s->who, s->arena, prm) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return NULL;
	}
	switch (q->source) {
	case PICK_ORG_OWNER:
	case PICK_ORG:
		st = q->before ? DB_ORG_PICK_BEFORE : DB_ORG_PICK;
		prm[3] = DBP_INT(q->source == PICK_ORG_OWNER);
		n = 4;
		break;
	case PICK_UNIT:
		st = q->before ? DB_UNIT_PICK_BEFORE : DB_UNIT_PICK;
		n = 4;
		if ((prov = only_province(q->scope != NULL ? q->scope : s->who)) != 0) {
			st = q->before ? DB_UNIT_PICK_PROVINCE_BEFORE : DB_UNIT_PICK_PROVINCE;
			prm[0] = DBP_INT(prov);
			n = 1;
		}
		break;
	case PICK_PARTICIPATION:
		st = q->before ? DB_PARTICIPATION_PICK_BEFORE : DB_PARTICIPATION_PICK;
		prm[4] = q->cycle != 0 ? DBP_INT(q->cycle) : DBP_NULL;
		prm[5] = q->stage != NULL ? DBP_TEXT(q->stage) : DBP_NULL;
		prm[6] = q->state != NULL ? DBP_TEXT(q->state) : DBP_NULL;
		n = 7;
		break;
	default:
		err_set(e, ERR_INTERNAL, "unknown pick source %d", (int)q->source);
		return NULL;
	}
	prm[n++] = like != NULL ? DBP_TEXT(like) : DBP_NULL;
	prm[n++] = q->id != 0 ? DBP_INT(q->id) : DBP_NULL;
	if (q->source == PICK_PARTICIPATION)
		prm[n++] = DBP_INT(key_int(q->key, "province_code"));
	prm[n++] = DBP_TEXT(key_name(q->key));
	if (q->source == PICK_PARTICIPATION)
		prm[n++] = DBP_INT(key_int(q->key, "unit_id"));
	prm[n++] = DBP_INT(key_int(q->key, "id"));
	prm[n++] = DBP_INT(limit);
	if (db_exec(s->c, st, prm, n, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		if ((detail = detail_of(s, q, row)) == NULL)
			detail = "";
		json_object_set_new(row, "detail", json_string(detail));
		json_object_del(row, "cycle_title");
	}
	return rows;
}
