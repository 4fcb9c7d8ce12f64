/*
 * survey.c - instruments, the unit's choice, services and yearly users, and
 * checking a respondent's answers (see survey.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/survey.h"

#define CACHE_MAX 64

struct survey_instrument *
survey_parse_text(const char *text, size_t len, struct arena *a, json_t **doc,
    struct rulebook_problems *p)
{
	struct survey_instrument *si;
	json_t *d;

	memset(p, 0, sizeof(*p));
	if (doc != NULL)
		*doc = NULL;
	if ((d = rulebook_json_load(text, len, a, p)) == NULL)
		return NULL;
	si = survey_instrument_parse(d, a, p);
	if (si != NULL && doc != NULL)
		*doc = d;
	else
		json_decref(d);
	return si;
}

/* survey_parse_text as a versioned document. */
static void *
parse_head(const char *text, size_t len, struct arena *a, json_t **doc,
    struct versioned_head *h, struct rulebook_problems *p)
{
	struct survey_instrument *si;

	if ((si = survey_parse_text(text, len, a, doc, p)) != NULL)
		*h = (struct versioned_head){ .code = si->code,
			.version = si->version,
			.title = &si->title,
			.legal_number = si->legal_number };
	return si;
}

const struct versioned_kind survey_kind = {
	.action = "survey.import",
	.object_type = "survey_instrument",
	.shipped = "shipped survey instrument",
	.prefix = "surveys/",
	.invalid = ERR_INVALID,
	.insert = DB_SURVEY_INSTRUMENT_INSERT,
	.find = DB_SURVEY_INSTRUMENT_FIND,
	.parse = parse_head,
};

/* Parsed instruments by id, for the process's life. */
static struct {
	pthread_mutex_t lock;
	struct {
		int64_t id;
		struct arena arena;
		const struct survey_instrument *si;
	} e[CACHE_MAX];
	size_t n;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

const struct survey_instrument *
survey_instrument_load(struct db_conn *c, int64_t id, struct err *e)
{
	const struct survey_instrument *si = NULL;
	struct rulebook_problems p;
	const char *body;
	json_t *row;
	size_t i;

	pthread_mutex_lock(&cache.lock);
	for (i = 0; i < cache.n; i++)
		if (cache.e[i].id == id) {
			si = cache.e[i].si;
			break;
		}
	pthread_mutex_unlock(&cache.lock);
	if (si != NULL)
		return si;
	if ((row = db_row(c, DB_SURVEY_INSTRUMENT_GET, id, "survey instrument", e)) == NULL)
		return NULL;
	body = json_string_value(json_object_get(row, "body"));
	pthread_mutex_lock(&cache.lock);
	for (i = 0; i < cache.n && cache.e[i].id != id; i++)
		;
	if (i < cache.n)
		si = cache.e[i].si;
	else if (cache.n < CACHE_MAX) {
		arena_init(&cache.e[i].arena, 0);
		si = survey_parse_text(body, strlen(body), &cache.e[i].arena, NULL, &p);
		if (si != NULL) {
			cache.e[i].id = id;
			cache.e[i].si = si;
			cache.n++;
		} else
			arena_free(&cache.e[i].arena);
	}
	pthread_mutex_unlock(&cache.lock);
	json_decref(row);
	if (si == NULL)
		err_set(e, ERR_INTERNAL, "survey instrument %lld cannot be read",
		    (long long)id);
	return si;
}

/* The setting key's value into out (cap bytes), "" when not set. */
static int
setting_text(struct db_conn *c, const char *key, char *out, size_t cap, struct err *e)
{
	json_t *rows = NULL;
	const char *v;

	if (db_exec(c, DB_SETTING_GET, (struct db_param[]){ DBP_TEXT(key) }, 1, &rows, e) < 0)
		return -1;
	v = json_string_value(json_object_get(json_array_get(rows, 0), "value"));
	snprintf(out, cap, "%s", v != NULL ? v : "");
	json_decref(rows);
	return 0;
}

int
survey_instrument_of_unit(struct db_conn *c, int64_t unit, int64_t *id, struct err *e)
{
	char code[128];

	*id = 0;
	if (db_exec_int(c, DB_SURVEY_UNIT_INSTRUMENT,
		(struct db_param[]){ DBP_INT(unit) }, 1, "instrument_id", id, e) < 0)
		return -1;
	if (*id > 0)
		return 0;
	if (setting_text(c, "survey.instrument", code, sizeof(code), e) < 0)
		return -1;
	if (code[0] == '\0')
		snprintf(code, sizeof(code), "%s", SURVEY_DEFAULT_INSTRUMENT);
	if (db_exec_int(c, DB_SURVEY_INSTRUMENT_LATEST,
		(struct db_param[]){ DBP_TEXT(code) }, 1, "id", id, e) < 0)
		return -1;
	if (*id == 0) {
		err_set(e, ERR_NOT_FOUND, "no survey instrument %s is stored", code);
		return -1;
	}
	return 0;
}

int
survey_period_setting(struct db_conn *c, enum survey_period_len *len, struct err *e)
{
	char v[32];

	if (setting_text(c, "survey.period", v, sizeof(v), e) < 0)
		return -1;
	if ((*len = survey_period_len_parse(v)) == SURVEY_PERIOD_MAX) {
		err_set(e,
		    ERR_CONFIG, "setting survey.period is \"%s\": it is year, semester, quarter or month",
		    v);
		return -1;
	}
	return 0;
}

static _Atomic uint64_t changes;

uint64_t
survey_changes(void)
{
	return atomic_load(&changes);
}

int
survey_choose(struct svc *s, const char *object_type, int64_t object_id, const char *code,
    int64_t version, struct err *e)
{
	char now[TIME_ISO_LEN];
	int64_t id;
	bool unit = strcmp(object_type, "unit") == 0;

	if (db_exec_int(s->c, version > 0 ? DB_SURVEY_INSTRUMENT_FIND : DB_SURVEY_INSTRUMENT_LATEST,
		(struct db_param[]){ DBP_TEXT(code), DBP_INT(version) },
		version > 0 ? 2 : 1, "id", &id, e) < 0)
		return -1;
	if (id == 0) {
		err_set(e, ERR_NOT_FOUND, "no survey instrument %s is stored", code);
		return -1;
	}
	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, unit ? DB_SURVEY_UNIT_SET : DB_SURVEY_CYCLE_SET,
		(struct db_param[]){ DBP_INT(object_id), DBP_INT(id), DBP_TEXT(now),
		    DBP_TEXT(s->actor) },
		4, NULL, e) < 0 ||
	    svc_audit_commit(s, "survey.choose", object_type, object_id,
		json_pack("{s:s, s:I}", "code", code, "instrument_id", (json_int_t)id), e) < 0) {
		svc_rollback(s);
		return -1;
	}
	atomic_fetch_add(&changes, 1);
	return 0;
}

int
survey_service_add(struct svc *s, int64_t unit, const char *name, int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];

	*id = 0;
	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec_int(s->c, DB_SURVEY_SERVICE_ADD,
		(struct db_param[]){ DBP_INT(unit), DBP_TEXT(name), DBP_TEXT(now) }, 3,
		"id", id, e) < 0)
		goto fail;
	if (*id > 0 &&
	    svc_audit_new(s, "survey.service_add", "unit", unit,
		json_pack("{s:s, s:I}", "name", name, "service_id", (json_int_t)*id), e) < 0)
		goto fail;
	if (svc_commit(s, e) < 0)
		goto fail;
	atomic_fetch_add(&changes, 1);
	return 0;
fail:
	svc_rollback(s);
	return -1;
}

int
survey_users_set(struct svc *s, int64_t unit, int year, int64_t users, struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_SURVEY_USERS_SET,
		(struct db_param[]){ DBP_INT(unit), DBP_INT(year), DBP_INT(users),
		    DBP_TEXT(now), DBP_TEXT(s->actor) },
		5, NULL, e) < 0 ||
	    svc_audit_commit(s, "survey.users_set", "unit", unit,
		json_pack("{s:i, s:I}", "year", year, "users", (json_int_t)users), e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return 0;
}

static void
problem(struct svc *s, struct svc_problems *pr, const char *field, const char *key)
{
	if (pr->count < SVC_PROBLEMS_MAX) {
		pr->list[pr->count].field = field;
		pr->list[pr->count].text = i18n_get(s->lang, key);
		pr->count++;
	}
}

int
survey_check_answers(struct svc *s, const struct survey_instrument *si, json_t *services,
    const char *(*get)(void *ctx, const char *name), void *ctx,
    struct survey_answers *out, struct svc_problems *pr)
{
	const char *v;
	int64_t n;
	size_t i, k;

	memset(pr, 0, sizeof(*pr));
	out->service_id = 0;
	for (i = 0; i < si->item_count && i < SURVEY_ITEMS_MAX; i++) {
		const struct sv_item *it = &si->items[i];

		out->values[i] = 0;
		v = get(ctx, it->code);
		if (v == NULL || v[0] == '\0') {
			if (it->required)
				problem(s, pr, it->code, "survey.problem.answer_missing");
			continue;
		}
		if (str_to_i64(v, strlen(v), 1, SURVEY_VALUE_MAX, &n) < 0 ||
		    !survey_scale_has(it->scale, n)) {
			problem(s, pr, it->code, "survey.problem.answer_bad");
			continue;
		}
		out->values[i] = (int)n;
	}
	for (i = 0; i < si->field_count && i < SURVEY_FIELDS_MAX; i++) {
		const struct sv_field *f = &si->fields[i];
		json_t *row;

		out->options[i] = NULL;
		v = get(ctx, f->code);
		if (v == NULL || v[0] == '\0') {
			if (f->required && (!f->services || json_array_size(services) > 0))
				problem(s, pr, f->code, "survey.problem.profile_missing");
			continue;
		}
		if (f->services) {
			json_array_foreach(services, k, row)
				if (str_to_i64(v, strlen(v), 1, INT64_MAX, &n) == 0 &&
				    json_integer_value(json_object_get(row, "id")) == n)
					break;
			if (k == json_array_size(services)) {
				problem(s, pr, f->code, "survey.problem.profile_bad");
				continue;
			}
			out->service_id = n;
			out->options[i] = arena_printf(s->arena, "%lld", (long long)n);
			continue;
		}
		for (k = 0; k < f->option_count; k++)
			if (strcmp(f->options[k].code, v) == 0)
				break;
		if (k == f->option_count)
			problem(s, pr, f->code, "survey.problem.profile_bad");
		else
			out->options[i] = f->options[k].code;
	}
	v = get(ctx, "saran");
	out->suggestion = "";
	if (si->suggestion && v != NULL && !str_blank(v)) {
		if (utf8_chars(v) > SURVEY_SUGGESTION_MAX)
			problem(s, pr, "saran", "survey.problem.suggestion_long");
		else
			out->suggestion = v;
	}
	return pr->count == 0 ? 0 : -1;
}

/* s as a JSON string at p, escaped as jansson escapes it (room for
 * 6 * strlen(s) + 2 bytes); returns the end. */
static char *
json_text(char *p, const char *s)
{
	static const char hex[] = "0123456789ABCDEF", shorts[] = "\b\f\n\r\t";
	const char *k;
	unsigned char c;

	*p++ = '"';
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20) {
			*p++ = '\\';
			if ((k = strchr(shorts, c)) != NULL) {
				*p++ = "bfnrt"[k - shorts];
			} else {
				memcpy(p, "u00", 3);
				p[3] = hex[c >> 4];
				p[4] = hex[c & 15];
				p += 5;
			}
		} else
			*p++ = (char)c;
	}
	*p++ = '"';
	return p;
}

/* v in decimal at p (room for 11 bytes); returns the end. */
static char *
int_text(char *p, int v)
{
	char d[11];
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	size_t n = 0;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/*
 * The JSON object {key[o[i]]: value} of n entries in ar, keys in byte
 * order as JSON_SORT_KEYS writes them (what the stored answers always
 * looked like): a value is the number num[i] when text is NULL, else the
 * string text[i]. Written straight, for a post is in the hot path.
 */
static char *
json_object_text(struct arena *ar, const char *const *key, const int *num,
    const char *const *text, size_t n)
{
	size_t o[SURVEY_ITEMS_MAX], i, j, cap = 3;
	char *out, *p;

	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && strcmp(key[o[j - 1]], key[i]) > 0; j--)
			o[j] = o[j - 1];
		o[j] = i;
		cap += 6 * strlen(key[i]) + 4 + (text != NULL ? 6 * strlen(text[i]) + 2 : 11);
	}
	if ((out = p = arena_alloc(ar, cap)) == NULL)
		return NULL;
	*p++ = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		p = json_text(p, key[o[i]]);
		*p++ = ':';
		if (text != NULL)
			p = json_text(p, text[o[i]]);
		else
			p = int_text(p, num[o[i]]);
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

int
survey_prepare(struct arena *ar, const struct survey_instrument *si,
    const struct survey_answers *a, const char *period, time_t now, const char *nonce,
    struct survey_submission *s, struct err *e)
{
	const char **elements, **fields, **options;
	int *values;
	size_t i, nv = 0, no = 0;

	memset(s, 0, sizeof(*s));
	elements = arena_alloc(ar, SURVEY_ITEMS_MAX * sizeof(*elements));
	values = arena_alloc(ar, SURVEY_ITEMS_MAX * sizeof(*values));
	fields = arena_alloc(ar, SURVEY_FIELDS_MAX * sizeof(*fields));
	options = arena_alloc(ar, SURVEY_FIELDS_MAX * sizeof(*options));
	for (i = 0; i < si->item_count && i < SURVEY_ITEMS_MAX && values != NULL; i++)
		if (a->values[i] > 0) {
			elements[nv] = si->items[i].code;
			values[nv++] = a->values[i];
		}
	for (i = 0; i < si->field_count && i < SURVEY_FIELDS_MAX && options != NULL; i++)
		if (a->options[i] != NULL) {
			fields[no] = si->fields[i].code;
			options[no++] = a->options[i];
		}
	s->unit_id = a->unit_id;
	s->instrument_id = a->instrument_id;
	s->service_id = a->service_id;
	s->period = arena_strdup(ar, period);
	s->answered_at = time_iso(now, arena_alloc(ar, TIME_ISO_LEN));
	if (values != NULL && options != NULL) {
		s->answers = json_object_text(ar, elements, values, NULL, nv);
		s->profile = json_object_text(ar, fields, NULL, options, no);
	}
	s->suggestion = a->suggestion != NULL ? a->suggestion : "";
	s->nonce = arena_strdup(ar, nonce);
	s->elements = elements;
	s->values = values;
	s->value_count = nv;
	s->fields = fields;
	s->options = options;
	s->option_count = no;
	if (elements == NULL || values == NULL || fields == NULL || options == NULL ||
	    s->period == NULL || s->answers == NULL || s->profile == NULL || s->nonce == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

enum survey_outcome
survey_submit(struct db_conn *c, const struct survey_instrument *si,
    const struct survey_answers *a, const char *period, time_t now, const char *nonce,
    struct err *e)
{
	struct survey_submission s;
	enum survey_outcome out;
	struct arena ar;

	arena_init(&ar, 0);
	if (survey_prepare(&ar, si, a, period, now, nonce, &s, e) < 0) {
		arena_free(&ar);
		return SURVEY_FAILED;
	}
	out = c != NULL ? survey_write_direct(c, &s) : survey_writer_submit(&s);
	if (out == SURVEY_FAILED)
		*e = s.err;
	arena_free(&ar);
	return out;
}
