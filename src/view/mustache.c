/*
 * mustache.c - the rendering half of the template engine: mustache_render
 * walks a parsed tree (mustache_parse.c) keeping the context stack and the
 * partial indentation on the C stack, so rendering only reads the set and
 * any number of threads may render from it at once.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/mustache_int.h"

static int render_fail(struct mustache_render *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
render_fail(struct mustache_render *r, const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err_set(r->e, ERR_TEMPLATE, "template %s: %s", r->name, what);
	return -1;
}

/*
 * Resolve a name: its first key through the context stack, innermost first,
 * the others strictly inside what the first found. NULL on a miss.
 */
static json_t *
render_lookup(const struct mustache_frame *ctx, const struct mustache_name *name)
{
	const struct mustache_frame *f;
	json_t *v = NULL;
	size_t i;

	if (!name->is_valid)
		return NULL;
	if (name->count == 0)
		return ctx->value;
	for (f = ctx; f != NULL && v == NULL; f = f->up)
		if (json_is_object(f->value))
			v = json_object_get(f->value, name->parts[0]);
	for (i = 1; v != NULL && i < name->count; i++)
		v = json_is_object(v) ? json_object_get(v, name->parts[i]) : NULL;
	return v;
}

static bool
render_is_falsy(const json_t *v)
{
	return v == NULL || json_is_null(v) || json_is_false(v) ||
	    (json_is_array(v) && json_array_size(v) == 0);
}

/* The shortest "%g" form that reads back as d: 1.21, not 1.2100000000000000. */
static void
render_real(struct buf *out, double d)
{
	char num[40];
	int prec;

	/* A whole number is written whole: "%.1g" would make 100 "1e+02". */
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
		buf_i64(out, (long long)d);
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(num, sizeof(num), "%.*g", prec, d);
		if (strtod(num, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(num, sizeof(num), "%.17g", d);
	buf_puts(out, num);
}

/* Write a value: strings, numbers and booleans; null, objects and arrays as nothing. */
static void
render_value(struct buf *out, const json_t *v, bool is_escaped)
{
	if (v == NULL)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (is_escaped)
			buf_html(out, json_string_value(v), json_string_length(v));
		else
			buf_append(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_i64(out, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		render_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	case JSON_FALSE:
		buf_puts(out, "false");
		break;
	default:
		break;
	}
}

static void
render_indent(struct buf *out, const struct mustache_indent *in)
{
	if (in == NULL)
		return;
	render_indent(out, in->up);
	buf_append(out, in->p, in->len);
}

/* Write literal text, indenting each line it begins when inside a partial. */
static void
render_text(struct buf *out, const struct mustache_node *n, const struct mustache_indent *in)
{
	size_t i, start = 0;

	if (in == NULL) {
		buf_append(out, n->text, n->len);
		return;
	}
	if (n->is_bol)
		render_indent(out, in);
	for (i = 0; i + 1 < n->len; i++) {
		if (n->text[i] != '\n')
			continue;
		buf_append(out, n->text + start, i + 1 - start);
		render_indent(out, in);
		start = i + 1;
	}
	buf_append(out, n->text + start, n->len - start);
}

static int render_nodes(struct mustache_render *, const struct mustache_node *,
    const struct mustache_frame *, const struct mustache_indent *);

/* Render a body one level deeper, refusing to go past MUSTACHE_MAX_DEPTH. */
static int
render_body(struct mustache_render *r, const struct mustache_node *n,
    const struct mustache_frame *ctx, const struct mustache_indent *in)
{
	int rc;

	if (r->depth >= MUSTACHE_MAX_DEPTH)
		return render_fail(r, "sections and partials nested deeper than %d",
		    MUSTACHE_MAX_DEPTH);
	r->depth++;
	rc = render_nodes(r, n, ctx, in);
	r->depth--;
	return rc;
}

static int
render_section(struct mustache_render *r, const struct mustache_node *n,
    const struct mustache_frame *ctx, const struct mustache_indent *in)
{
	struct mustache_frame f = { .up = ctx };
	json_t *v = render_lookup(ctx, &n->name);
	size_t i;

	if (n->kind == MUSTACHE_INVERTED)
		return render_is_falsy(v) ? render_body(r, n->child, ctx, in) : 0;
	if (render_is_falsy(v))
		return 0;
	if (!json_is_array(v)) {
		f.value = v;
		return render_body(r, n->child, &f, in);
	}
	for (i = 0; i < json_array_size(v); i++) {
		f.value = json_array_get(v, i);
		if (render_body(r, n->child, &f, in) != 0)
			return -1;
	}
	return 0;
}

static int
render_partial(struct mustache_render *r, const struct mustache_node *n,
    const struct mustache_frame *ctx, const struct mustache_indent *in)
{
	const struct mustache_tpl *tpl = mustache_set_find(r->set, n->text, n->len);
	struct mustache_indent mine = { n->indent, n->indent_len, in };
	const struct mustache_indent *sub = NULL;
	int rc;

	if (tpl == NULL)
		return 0;
	if (r->partials >= MUSTACHE_MAX_PARTIALS)
		return render_fail(r, "partials nested deeper than %d (at '%s')",
		    MUSTACHE_MAX_PARTIALS, tpl->name);
	/* Only a standalone tag indents, and then by its own whitespace on top. */
	if (n->is_standalone)
		sub = n->indent_len > 0 ? &mine : in;
	r->partials++;
	rc = render_body(r, tpl->root, ctx, sub);
	r->partials--;
	return rc;
}

static int
render_nodes(struct mustache_render *r, const struct mustache_node *n,
    const struct mustache_frame *ctx, const struct mustache_indent *in)
{
	for (; n != NULL; n = n->next) {
		if (++r->steps > MUSTACHE_MAX_STEPS)
			return render_fail(r, "rendering took more than %lu steps",
			    MUSTACHE_MAX_STEPS);
		switch (n->kind) {
		case MUSTACHE_TEXT:
			render_text(r->out, n, in);
			break;
		case MUSTACHE_ESCAPED:
		case MUSTACHE_RAW:
			render_value(r->out, render_lookup(ctx, &n->name),
			    n->kind == MUSTACHE_ESCAPED);
			break;
		case MUSTACHE_SECTION:
		case MUSTACHE_INVERTED:
			if (render_section(r, n, ctx, in) != 0)
				return -1;
			break;
		case MUSTACHE_PARTIAL:
			if (render_partial(r, n, ctx, in) != 0)
				return -1;
			break;
		default:
			break;
		}
		if (r->out->failed)
			return render_fail(r, "output too large or out of memory");
	}
	return 0;
}

int
mustache_render(const struct mustache_set *set, const char *name, json_t *ctx,
    struct buf *out, struct err *e)
{
	struct mustache_frame root = { ctx, NULL };
	struct mustache_render r = { set, out, e, name, 0, 0, 0 };
	const struct mustache_tpl *tpl;

	if (set == NULL || name == NULL || out == NULL) {
		err_set(e, ERR_TEMPLATE, "mustache_render: missing argument");
		return -1;
	}
	if ((tpl = mustache_set_find(set, name, strlen(name))) == NULL) {
		err_set(e, ERR_TEMPLATE, "template %s: not found", name);
		return -1;
	}
	if (render_nodes(&r, tpl->root, &root, NULL) != 0)
		return -1;
	if (out->failed)
		return render_fail(&r, "output too large or out of memory");
	return 0;
}
