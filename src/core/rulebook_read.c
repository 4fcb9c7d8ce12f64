/*
 * rulebook_read.c - the checked reading of a JSON document under a path:
 * every value is taken with its expected type, range and form, and whatever
 * is wrong becomes one problem "$.path: what is wrong", so that the reader
 * of a rulebook (rulebook.c, rulebook_scoring.c) can go on and collect them
 * all. Also the JSON loading itself and the language codes of texts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/code.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/rulebook_int.h"

static const char *const text_keys[] = { "id", "en", NULL };

const char *const rb_lang_keys[RULEBOOK_LANG_MAX] = {
	[RULEBOOK_LANG_ID] = "id",
	[RULEBOOK_LANG_EN] = "en",
};

CODE_NAME_FUNCTION(rulebook_lang, enum rulebook_lang, rb_lang_keys, RULEBOOK_LANG_MAX)

json_t *
rulebook_json_load(const char *text, size_t len, struct arena *a, struct rulebook_problems *p)
{
	json_error_t je;
	json_t *doc;

	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		/* jansson quotes the bytes near the error, whatever they are. */
		utf8_scrub(je.text);
		rb_add_problem(p, a,
		    arena_printf(a, "line %d, column %d: %s", je.line, je.column, je.text));
	}
	return doc;
}

/* Problems and paths. */

/* Count a problem and keep its message (NULL: memory ran out) if there is room. */
void
rb_add_problem(struct rulebook_problems *p, struct arena *a, const char *msg)
{
	p->total++;
	if (p->count >= RULEBOOK_PROBLEMS_MAX)
		return;
	if (p->msgs == NULL &&
	    (p->msgs = arena_alloc(a, RULEBOOK_PROBLEMS_MAX * sizeof(*p->msgs))) == NULL)
		return;
	p->msgs[p->count++] = msg != NULL ? msg : "$: out of memory while checking";
}

static void problem_v(struct rb_ctx *c, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* "path: what", what from fmt and ap. */
static void
problem_v(struct rb_ctx *c, const char *fmt, va_list ap)
{
	char what[600];

	vsnprintf(what, sizeof(what), fmt, ap);
	what[utf8_cut(what, strlen(what))] = '\0'; /* a quoted value cut short */
	rb_add_problem(c->p, c->a, arena_printf(c->a, "%s: %s", c->path, what));
}

void
rb_problem(struct rb_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	problem_v(c, fmt, ap);
	va_end(ap);
}

void
rb_problem_at(struct rb_ctx *c, const char *key, const char *fmt, ...)
{
	size_t mark = rb_path_key(c, key);
	va_list ap;

	va_start(ap, fmt);
	problem_v(c, fmt, ap);
	va_end(ap);
	rb_path_pop(c, mark);
}

/* Append ".key" to the path; returns the length to restore with path_pop. */
size_t
rb_path_key(struct rb_ctx *c, const char *key)
{
	size_t mark = c->path_len;
	int n = snprintf(c->path + mark, PATH_CAP - mark, ".%s", key);

	c->path_len = n < 0 || (size_t)n >= PATH_CAP - mark ? PATH_CAP - 1 : mark + (size_t)n;
	/* A long key cut at the end of the buffer stays valid UTF-8. */
	c->path_len = utf8_cut(c->path, c->path_len);
	c->path[c->path_len] = '\0';
	return mark;
}

size_t
rb_path_index(struct rb_ctx *c, size_t i)
{
	size_t mark = c->path_len;
	int n = snprintf(c->path + mark, PATH_CAP - mark, "[%zu]", i);

	c->path_len = n < 0 || (size_t)n >= PATH_CAP - mark ? PATH_CAP - 1 : mark + (size_t)n;
	return mark;
}

void
rb_path_pop(struct rb_ctx *c, size_t mark)
{
	c->path_len = mark;
	c->path[mark] = '\0';
}

const char *
rb_path_copy(struct rb_ctx *c)
{
	const char *s = arena_strdup(c->a, c->path);

	return s != NULL ? s : "$";
}

const char *
rb_quote(struct rb_ctx *c, const char *s)
{
	size_t n = strlen(s), cut;
	const char *q;

	if (n <= 80)
		return s;
	cut = utf8_cut(s, 80);
	q = arena_printf(c->a, "%.*s...", (int)cut, s);
	return q != NULL ? q : "";
}

void
rb_oom(struct rb_ctx *c)
{
	rb_problem(c, "out of memory while checking");
}

/* Edit distance of a and b when at most 2, else 3 (for "did you mean"). */
static int
near(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int row[CODE_MAX + 1], prev, tmp, best;

	if (lb > CODE_MAX || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev
						      : 1 +
				(prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1])
					       : (row[j] < row[j - 1] ? row[j] : row[j - 1]));
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > 2)
			return 3;
	}
	return row[lb];
}

/* Report every key of obj not in allowed, with a suggestion when one is close. */
void
rb_check_keys(struct rb_ctx *c, json_t *obj, const char *const *allowed)
{
	const char *key, *hint;
	json_t *v;
	size_t i, mark;

	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] != NULL)
			continue;
		hint = NULL;
		for (i = 0; allowed[i] != NULL && hint == NULL; i++)
			if (near(key, allowed[i]) <= 2)
				hint = allowed[i];
		mark = rb_path_key(c, key);
		if (hint != NULL)
			rb_problem(c, "unknown key (did you mean \"%s\"?)", hint);
		else
			rb_problem(c, "unknown key");
		rb_path_pop(c, mark);
	}
}

/* Values of a type. */

static const char *const jtype_names[RBJ_TYPE_MAX] = { RB_JTYPE_LIST(CODE_ENTRY) };

static bool
is_type(json_t *v, enum rb_jtype t)
{
	switch (t) {
	case RBJ_OBJECT:
		return json_is_object(v);
	case RBJ_ARRAY:
		return json_is_array(v);
	case RBJ_STRING:
		return json_is_string(v);
	case RBJ_INTEGER:
		return json_is_integer(v);
	case RBJ_NUMBER:
		return json_is_number(v);
	case RBJ_BOOLEAN:
		return json_is_boolean(v);
	default:
		return false;
	}
}

/* The value at the current path is of type t; else a problem and false. */
bool
rb_want(struct rb_ctx *c, json_t *v, enum rb_jtype t)
{
	if (is_type(v, t))
		return true;
	rb_problem(c, "must be %s", jtype_names[t]);
	return false;
}

/* obj[key] when present and of type t; else NULL, with a problem when it is
 * required or of another type. */
json_t *
rb_member(struct rb_ctx *c, json_t *obj, const char *key, enum rb_jtype t, bool required)
{
	json_t *v = json_object_get(obj, key);
	size_t mark;

	if (v == NULL) {
		if (required) {
			mark = rb_path_key(c, key);
			rb_problem(c, "missing");
			rb_path_pop(c, mark);
		}
		return NULL;
	}
	mark = rb_path_key(c, key);
	if (!rb_want(c, v, t))
		v = NULL;
	rb_path_pop(c, mark);
	return v;
}

/* A copy of the string at the current path when 1..max bytes, else NULL. */
const char *
rb_string_at(struct rb_ctx *c, json_t *v, size_t max)
{
	size_t len = json_string_length(v);
	const char *s;

	if (len == 0) {
		rb_problem(c, "empty");
		return NULL;
	}
	if (len > max) {
		rb_problem(c, "longer than %zu bytes", max);
		return NULL;
	}
	if (strlen(json_string_value(v)) != len) {
		rb_problem(c, "contains a NUL character");
		return NULL;
	}
	if ((s = arena_strndup(c->a, json_string_value(v), len)) == NULL)
		rb_oom(c);
	return s;
}

const char *
rb_string_member(struct rb_ctx *c, json_t *obj, const char *key, size_t max, bool required)
{
	json_t *v = rb_member(c, obj, key, RBJ_STRING, required);
	const char *s;
	size_t mark;

	if (v == NULL)
		return NULL;
	mark = rb_path_key(c, key);
	s = rb_string_at(c, v, max);
	rb_path_pop(c, mark);
	return s;
}

static bool
code_valid(const char *s)
{
	size_t i;

	if (s[0] == '\0' || strlen(s) > CODE_MAX || s[0] == '-' || s[0] == '_')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
			s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/* Whether s is a date: YYYY, YYYY-MM or YYYY-MM-DD, from 1945 to 2999. A
 * year or a month is read as its first day. */
static bool
date_valid(const char *s)
{
	char full[11];
	size_t n = strlen(s);
	int y, m, d;

	if (n != 4 && n != 7 && n != 10)
		return false;
	snprintf(full, sizeof(full), "%s%s", s, &"-01-01"[n - 4]);
	return time_parse_date(full, &y, &m, &d) == 0 && y >= 1945 && y <= 2999;
}

void
rb_legal_basis(struct rb_ctx *c, json_t *doc, bool check_date, const char **number,
    struct rb_text *title, const char **date)
{
	static const char *const keys[] = { "number", "title", "date", NULL };
	json_t *lb = rb_member(c, doc, "legal_basis", RBJ_OBJECT, true);
	size_t mark;

	if (lb == NULL)
		return;
	mark = rb_path_key(c, "legal_basis");
	rb_check_keys(c, lb, keys);
	*number = rb_string_member(c, lb, "number", SHORT_MAX, true);
	rb_text_member(c, lb, "title", true, title);
	if ((*date = rb_string_member(c, lb, "date", 10, true)) != NULL && check_date &&
	    !date_valid(*date)) {
		rb_problem_at(c, "date",
		    "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", *date);
		*date = NULL;
	}
	rb_path_pop(c, mark);
}

void
rb_identity(struct rb_ctx *c, json_t *doc, const char *format, const char **code,
    int64_t *version, struct rb_text *title)
{
	const char *f;
	json_t *v;

	if ((f = rb_string_member(c, doc, "format", CODE_MAX, true)) != NULL &&
	    strcmp(f, format) != 0)
		rb_problem_at(c, "format", "unknown format \"%s\" (this program reads \"%s\")",
		    rb_quote(c, f), format);
	*code = rb_code_member(c, doc, "code");
	if ((v = rb_member(c, doc, "version", RBJ_INTEGER, true)) != NULL) {
		*version = json_integer_value(v);
		if (*version < 1 || *version > INT32_MAX)
			rb_problem_at(c, "version",
			    "%lld is not a version (a whole number from 1)",
			    (long long)*version);
	}
	rb_text_member(c, doc, "title", true, title);
}

/* A code at obj[key]: lowercase letters, digits, '_' and '-'. */
const char *
rb_code_member(struct rb_ctx *c, json_t *obj, const char *key)
{
	json_t *v = rb_member(c, obj, key, RBJ_STRING, true);
	const char *s;
	size_t mark;

	if (v == NULL)
		return NULL;
	mark = rb_path_key(c, key);
	s = json_string_value(v);
	if (!code_valid(s) || strlen(s) != json_string_length(v)) {
		rb_problem(c,
		    "\"%s\" is not a code (1 to %d of a-z, 0-9, _ and -, "
		    "starting with a letter or digit)",
		    rb_quote(c, s), CODE_MAX);
		s = NULL;
	} else if ((s = arena_strdup(c->a, s)) == NULL)
		rb_oom(c);
	rb_path_pop(c, mark);
	return s;
}

const char *
rb_unique_code(struct rb_ctx *c, json_t *obj, const char *what, const char *const *codes,
    size_t stride, size_t count, const char *where, int where_len)
{
	const char *s = rb_code_member(c, obj, "code"), *other;
	size_t k;

	for (k = 0; s != NULL && k < count; k++) {
		other = *(const char *const *)(const void *)((const char *)codes + k * stride);
		if (other != NULL && strcmp(other, s) == 0) {
			rb_problem_at(c, "code", "duplicate %s code \"%s\" (also %.*s[%zu])",
			    what, s, where_len, where, k);
			return NULL;
		}
	}
	return s;
}

/* A text in every language at obj[key]; false when absent or wrong. */
bool
rb_text_member(struct rb_ctx *c, json_t *obj, const char *key, bool required,
    struct rb_text *out)
{
	json_t *v = rb_member(c, obj, key, RBJ_OBJECT, required);
	size_t mark, i;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return false;
	mark = rb_path_key(c, key);
	rb_check_keys(c, v, text_keys);
	for (i = 0; i < RULEBOOK_LANG_MAX; i++)
		if ((out->s[i] = rb_string_member(c, v, rb_lang_keys[i], TEXT_MAX, true)) == NULL)
			ok = false;
	rb_path_pop(c, mark);
	return ok;
}

/* The number at obj[key], which must lie within [lo, hi], into *out. A
 * number out of range is still a number of the document that "defaults"
 * may name, so callers remember it unless it is RBN_MISSING. */
enum rb_num_state
rb_number_member(struct rb_ctx *c, json_t *obj, const char *key, double lo, double hi,
    struct rb_number *out)
{
	json_t *v = rb_member(c, obj, key, RBJ_NUMBER, true);
	size_t mark;

	out->v = 0;
	out->is_default = false;
	if (v == NULL)
		return RBN_MISSING;
	out->v = json_number_value(v);
	if (out->v >= lo && out->v <= hi)
		return RBN_OK;
	mark = rb_path_key(c, key);
	rb_problem(c, "%g is outside %g..%g", out->v, lo, hi);
	rb_path_pop(c, mark);
	return RBN_OUT_OF_RANGE;
}

/* The array at obj[key] with 1..max elements, else NULL (with a problem). */
json_t *
rb_array_member(struct rb_ctx *c, json_t *obj, const char *key, size_t max, bool required)
{
	json_t *v = rb_member(c, obj, key, RBJ_ARRAY, required);
	size_t mark;

	if (v == NULL)
		return NULL;
	mark = rb_path_key(c, key);
	if (json_array_size(v) == 0) {
		rb_problem(c, "empty");
		v = NULL;
	} else if (json_array_size(v) > max) {
		rb_problem(c, "more than %zu entries", max);
		v = NULL;
	}
	rb_path_pop(c, mark);
	return v;
}

/* Remember a number "defaults" may name as ref (printf-style). */
void
rb_numref_add(struct rb_ctx *c, struct rb_number *num, const char *fmt, ...)
{
	struct rb_numref *grown;
	va_list ap;
	const char *ref;

	if (c->ref_count == c->ref_cap) {
		c->ref_cap = c->ref_cap ? 2 * c->ref_cap : 64;
		if ((grown = arena_alloc(c->a, c->ref_cap * sizeof(*grown))) == NULL) {
			rb_oom(c);
			return;
		}
		if (c->ref_count > 0)
			memcpy(grown, c->refs, c->ref_count * sizeof(*grown));
		c->refs = grown;
	}
	va_start(ap, fmt);
	ref = arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (ref == NULL) {
		rb_oom(c);
		return;
	}
	c->refs[c->ref_count++] = (struct rb_numref){ ref, num };
}

void *
rb_alloc_array(struct rb_ctx *c, size_t n, size_t size)
{
	void *p = arena_alloc(c->a, n * size);

	if (p == NULL)
		rb_oom(c);
	return p;
}
