/*
 * words.c - a document's rendered template read into its parts.
 *
 * The text is read line by line. A line is trimmed of spaces and tabs at
 * both ends (a template may indent; a file saved with CR LF reads the
 * same). A blank line ends a paragraph; the lines of a paragraph are
 * joined with single spaces, so a template can wrap its text freely. A line
 * starting with "@" is an instruction and stands alone. The values of the
 * model reach the text guarded (words_guard): their line breaks, "|" and
 * "@" are private-use characters until each finished part is turned back,
 * so nothing a user typed can start a paragraph, a row or an instruction.
 */
#include <string.h>

#include "base/buf.h"
#include "docs/words.h"

/* The structural characters and the private-use characters (U+E000 to
 * U+E003, three bytes each in UTF-8) that stand for them inside values. A
 * value holding one of these private-use characters itself comes out with
 * the structural character instead; no one types them. */
static const struct {
	char c;
	const char *mark;
} guards[] = {
	{ '\n', "\xee\x80\x80" },
	{ '\r', "\xee\x80\x81" },
	{ '|', "\xee\x80\x82" },
	{ '@', "\xee\x80\x83" },
};
#define NGUARDS (sizeof(guards) / sizeof(guards[0]))
#define MARK_LEN 3

/* The escapes the template engine writes (base/buf.c, buf_html). */
/* clang-format off */
static const struct {
	const char *entity;
	char c;
} escapes[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
	{ "&#39;", '\'' },
};
/* clang-format on */
#define NESCAPES (sizeof(escapes) / sizeof(escapes[0]))

/* The instructions: one-line fields joined by a space, and the row. */
enum words_field { WF_TITLE, WF_PLACE, WF_SIGNER, WF_NAME, WF_ROW, WF_MAX };
/* clang-format off */
static const char *const instructions[WF_MAX] = {
	[WF_TITLE] = "title", [WF_PLACE] = "place", [WF_SIGNER] = "signer",
	[WF_NAME] = "name", [WF_ROW] = "row",
};
/* clang-format on */

static json_t *
guard_string(const char *s, size_t len)
{
	struct buf b;
	json_t *v = NULL;
	size_t i, k;

	buf_init(&b, 0);
	for (i = 0; i < len; i++) {
		for (k = 0; k < NGUARDS && guards[k].c != s[i]; k++)
			;
		if (k < NGUARDS)
			buf_puts(&b, guards[k].mark);
		else
			buf_putc(&b, s[i]);
	}
	if (!b.failed)
		v = json_stringn(b.len > 0 ? b.data : "", b.len);
	buf_free(&b);
	return v;
}

json_t *
words_guard(json_t *model)
{
	json_t *out, *v, *g;
	const char *key;
	size_t i;

	if (json_is_string(model))
		return guard_string(json_string_value(model), json_string_length(model));
	if (json_is_object(model)) {
		out = json_object();
		json_object_foreach(model, key, v) {
			if (out == NULL || (g = words_guard(v)) == NULL ||
			    json_object_set_new(out, key, g) < 0) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	if (json_is_array(model)) {
		out = json_array();
		json_array_foreach(model, i, v) {
			if (out == NULL || (g = words_guard(v)) == NULL ||
			    json_array_append_new(out, g) < 0) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	return json_incref(model);
}

/* s (len bytes) with the escapes read back and the guards turned back, in
 * a; NULL when the arena is full. Neither ever makes the text longer. */
static const char *
finish(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1), *o = out;
	size_t i = 0, k, n;

	if (out == NULL)
		return NULL;
	while (i < len) {
		for (k = 0; s[i] == '&' && k < NESCAPES; k++) {
			n = strlen(escapes[k].entity);
			if (len - i >= n && memcmp(s + i, escapes[k].entity, n) == 0)
				break;
		}
		if (s[i] == '&' && k < NESCAPES) {
			*o++ = escapes[k].c;
			i += strlen(escapes[k].entity);
			continue;
		}
		for (k = 0; k < NGUARDS; k++)
			if (len - i >= MARK_LEN && memcmp(s + i, guards[k].mark, MARK_LEN) == 0)
				break;
		if (k < NGUARDS) {
			*o++ = guards[k].c;
			i += MARK_LEN;
			continue;
		}
		*o++ = s[i++];
	}
	*o = '\0';
	return out;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim *s (*len bytes) of blanks at both ends. */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && blank((*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && blank((*s)[*len - 1]))
		(*len)--;
}

/* Append s to b, after a space when b holds something already. */
static void
join(struct buf *b, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_append(b, s, len);
}

/* The state of one reading. */
struct reader {
	struct arena *a;
	struct words *w;
	struct err *e;
	struct buf para;          /* the paragraph being read */
	struct buf field[WF_ROW]; /* the one-line fields so far */
	size_t line;              /* the current line, from 1 */
};

static int
nomem(struct reader *r)
{
	err_set(r->e, ERR_NOMEM, "out of memory");
	return -1;
}

/* End the paragraph being read, if any. */
static int
flush(struct reader *r)
{
	const char *p;

	if (r->para.len == 0)
		return 0;
	if (r->para.failed || (p = finish(r->a, r->para.data, r->para.len)) == NULL)
		return nomem(r);
	r->w->paragraphs[r->w->nparagraphs++] = p;
	buf_reset(&r->para);
	return 0;
}

/* "LABEL | VALUE" (len bytes) as the next row. */
static int
row(struct reader *r, const char *s, size_t len)
{
	const char *bar = memchr(s, '|', len), *v;
	size_t llen, vlen;
	struct words_row *wr;

	if (bar == NULL) {
		err_set(r->e, ERR_TEMPLATE,
		    "line %zu: @row needs a label and a value "
		    "separated by |",
		    r->line);
		return -1;
	}
	llen = (size_t)(bar - s);
	v = bar + 1;
	vlen = len - llen - 1;
	trim(&s, &llen);
	trim(&v, &vlen);
	wr = &r->w->rows[r->w->nrows];
	if ((wr->label = finish(r->a, s, llen)) == NULL ||
	    (wr->value = finish(r->a, v, vlen)) == NULL)
		return nomem(r);
	r->w->nrows++;
	return 0;
}

/* The instruction line s (len bytes, starting with '@'). */
static int
instruction(struct reader *r, const char *s, size_t len)
{
	size_t n = 1, k;
	const char *rest;
	size_t rlen;

	while (n < len && s[n] >= 'a' && s[n] <= 'z')
		n++;
	for (k = 0; k < WF_MAX; k++)
		if (n - 1 == strlen(instructions[k]) &&
		    memcmp(s + 1, instructions[k], n - 1) == 0)
			break;
	if (k == WF_MAX || (n < len && !blank(s[n]))) {
		while (n < len && !blank(s[n]))
			n++;
		err_set(r->e, ERR_TEMPLATE,
		    "line %zu: unknown instruction %.*s (known: "
		    "@title, @row, @place, @signer, @name)",
		    r->line, (int)(n < 40 ? n : 40), s);
		return -1;
	}
	rest = s + n;
	rlen = len - n;
	trim(&rest, &rlen);
	if (k == WF_ROW)
		return row(r, rest, rlen);
	join(&r->field[k], rest, rlen);
	return 0;
}

/* One line s (len bytes, trimmed). */
static int
line(struct reader *r, const char *s, size_t len)
{
	if (len == 0)
		return flush(r);
	if (s[0] == '@')
		return flush(r) < 0 ? -1 : instruction(r, s, len);
	if (r->w->nrows > 0) {
		err_set(r->e, ERR_TEMPLATE,
		    "line %zu: paragraph text after the @row lines "
		    "(the table comes after all paragraphs)",
		    r->line);
		return -1;
	}
	join(&r->para, s, len);
	return 0;
}

/* The one-line fields into w, NULL for those not written. */
static int
fields(struct reader *r)
{
	const char **out[WF_ROW] = { &r->w->title, &r->w->place, &r->w->signer, &r->w->name };
	size_t k;

	for (k = 0; k < WF_ROW; k++) {
		if (r->field[k].failed)
			return nomem(r);
		if (r->field[k].len > 0 &&
		    (*out[k] = finish(r->a, r->field[k].data, r->field[k].len)) == NULL)
			return nomem(r);
	}
	if (r->w->title == NULL) {
		err_set(r->e, ERR_TEMPLATE, "the text has no @title");
		return -1;
	}
	return 0;
}

int
words_read(const char *text, size_t len, struct arena *a, struct words *w, struct err *e)
{
	struct reader r = { .a = a, .w = w, .e = e };
	const char *s = text, *end, *nl;
	size_t lines = 1, k, n;
	int rc = -1;

	memset(w, 0, sizeof(*w));
	for (nl = text; (nl = memchr(nl, '\n', (size_t)(text + len - nl))) != NULL; nl++)
		lines++;
	/* As many paragraphs and rows as lines at most. */
	w->paragraphs = arena_alloc(a, lines * sizeof(*w->paragraphs));
	w->rows = arena_alloc(a, lines * sizeof(*w->rows));
	if (w->paragraphs == NULL || w->rows == NULL)
		return nomem(&r);
	buf_init(&r.para, 0);
	for (k = 0; k < WF_ROW; k++)
		buf_init(&r.field[k], 0);
	end = text + len;
	while (s <= end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = (size_t)((nl != NULL ? nl : end) - s);
		r.line++;
		trim(&s, &n);
		if (line(&r, s, n) < 0)
			goto done;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	if (flush(&r) < 0 || fields(&r) < 0)
		goto done;
	rc = 0;
done:
	buf_free(&r.para);
	for (k = 0; k < WF_ROW; k++)
		buf_free(&r.field[k]);
	return rc;
}
