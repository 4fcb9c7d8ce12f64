/*
 * route.c - matching a decoded path against the route patterns.
 */
#include <stdlib.h>
#include <string.h>

#include "base/code.h"
#include "http/route.h"

const struct param_spec route_params_id[] = {
	PARAM_ID("id"),
	{ NULL },
};

static const char *const method_names[HTTP_METHOD_MAX] = { HTTP_METHOD_LIST(CODE_ENTRY) };

enum http_method
http_method_parse(const char *s)
{
	return (enum http_method)code_find(method_names, HTTP_METHOD_MAX, s);
}

const char *
http_method_name(enum http_method m)
{
	return code_name_or(method_names, HTTP_METHOD_MAX, (int)m, "?");
}

/* Next '/'-separated segment of s starting at *pos (which points past a '/'). */
static struct slice
next_seg(struct slice s, size_t *pos)
{
	size_t start = *pos, i = start;

	while (i < s.len && s.p[i] != '/')
		i++;
	*pos = i < s.len ? i + 1 : i;
	return (struct slice){ s.p + start, i - start };
}

bool
route_match_pattern(const char *pattern, struct slice path, struct route_match *m)
{
	struct slice pat = slice_cstr(pattern), ps, ss;
	size_t pp = 1, sp = 1;
	bool pat_done, path_done;

	/* Only the captured segments are read: clearing all of m for each
	 * of the table's rows cost more than the matching itself. */
	m->count = 0;
	m->rest = (struct slice){ NULL, 0 };
	if (path.len == 0 || path.p[0] != '/' || pat.len == 0)
		return false;
	if (pat.len == 1)
		return path.len == 1;
	for (;;) {
		pat_done = pp >= pat.len;
		path_done = sp >= path.len;
		if (pat_done || path_done)
			return pat_done && path_done &&
			    (pat.p[pat.len - 1] == '/') == (path.p[path.len - 1] == '/');
		ps = next_seg(pat, &pp);
		if (ps.len == 1 && ps.p[0] == '*' && pp >= pat.len) {
			m->rest = (struct slice){ path.p + sp, path.len - sp };
			return m->rest.len > 0;
		}
		ss = next_seg(path, &sp);
		if (ps.len >= 2 && ps.p[0] == '{' && ps.p[ps.len - 1] == '}') {
			if (ss.len == 0 || m->count == ROUTE_MAX_SEGS)
				return false;
			m->seg[m->count].name = (struct slice){ ps.p + 1, ps.len - 2 };
			m->seg[m->count].value = ss;
			m->count++;
		} else if (ps.len != ss.len || memcmp(ps.p, ss.p, ps.len) != 0)
			return false;
	}
}

/*
 * Whether pattern may match a path whose first segment is seg: a literal
 * first segment must be seg itself, a parameter or a star may be anything.
 * Most of the table is told apart here by a byte or two, before the full
 * match (which took a post longer than its own checks when its pattern
 * came late in the table).
 */
static bool
first_seg_may_match(const char *pattern, struct slice seg)
{
	const char *p = pattern + 1;
	size_t i;

	if (pattern[0] != '/' || *p == '{' || *p == '*')
		return true;
	for (i = 0; i < seg.len; i++)
		if (p[i] == '\0' || p[i] != seg.p[i])
			return false;
	return p[i] == '/' || p[i] == '\0';
}

int
route_find(const struct route *routes, size_t count, enum http_method method,
    struct slice path, struct route_match *m, unsigned *allow)
{
	struct route_match tmp;
	struct slice seg = { NULL, 0 };
	size_t i, at = 1;
	bool has_seg;
	int found = -1;

	/* The path's first segment, when it has the leading '/' every
	 * pattern needs; a path without it is left to the full match. */
	has_seg = path.len > 0 && path.p[0] == '/';
	if (has_seg)
		seg = next_seg(path, &at);
	*allow = 0;
	for (i = 0; i < count; i++) {
		if (has_seg && !first_seg_may_match(routes[i].pattern, seg))
			continue;
		if (!route_match_pattern(routes[i].pattern, path, &tmp))
			continue;
		if (routes[i].method == method ||
		    (method == HTTP_HEAD && routes[i].method == HTTP_GET)) {
			found = (int)i;
			*m = tmp;
			break; /* the first match answers; Allow is for none */
		}
		*allow |= 1u << routes[i].method;
		if (routes[i].method == HTTP_GET)
			*allow |= 1u << HTTP_HEAD;
	}
	if (found >= 0)
		*allow = 0;
	return found;
}

/* The kind of a pattern's segment, in the order they are tried. */
/* clang-format off */
enum seg_kind {
	SEG_LITERAL,
	SEG_PARAM,
	SEG_STAR,
	SEG_END
};
/* clang-format on */

static enum seg_kind
seg_kind(struct slice s, bool last)
{
	if (s.len >= 2 && s.p[0] == '{' && s.p[s.len - 1] == '}')
		return SEG_PARAM;
	if (s.len == 1 && s.p[0] == '*' && last)
		return SEG_STAR;
	return SEG_LITERAL;
}

/* Negative when a is to be tried before b. */
static int
route_order(const void *pa, const void *pb)
{
	const struct route *a = pa, *b = pb;
	struct slice sa = slice_cstr(a->pattern), sb = slice_cstr(b->pattern), xa, xb;
	size_t ia = 1, ib = 1;
	enum seg_kind ka, kb;
	int c;

	for (;;) {
		ka = ia >= sa.len ? SEG_END : SEG_LITERAL;
		kb = ib >= sb.len ? SEG_END : SEG_LITERAL;
		if (ka == SEG_END || kb == SEG_END)
			break;
		xa = next_seg(sa, &ia);
		xb = next_seg(sb, &ib);
		ka = seg_kind(xa, ia >= sa.len);
		kb = seg_kind(xb, ib >= sb.len);
		if (ka != kb)
			return (int)ka - (int)kb;
		if (ka == SEG_LITERAL &&
		    (c = memcmp(xa.p, xb.p, xa.len < xb.len ? xa.len : xb.len)) != 0)
			return c;
		if (ka == SEG_LITERAL && xa.len != xb.len)
			return xa.len < xb.len ? -1 : 1;
	}
	if (ka != kb)
		return ka == SEG_END ? -1 : 1;
	if (a->method != b->method)
		return (int)a->method - (int)b->method;
	return strcmp(a->pattern, b->pattern);
}

/* A path that pattern matches: each {parameter} becomes "0", a star "0". */
static bool
route_probe(const char *pattern, char *out, size_t cap)
{
	struct slice p = slice_cstr(pattern), s;
	size_t i = 1, o = 0;

	if (p.len == 0 || p.p[0] != '/' || cap < 2)
		return false;
	out[o++] = '/';
	while (i < p.len) {
		s = next_seg(p, &i);
		if (seg_kind(s, i >= p.len) != SEG_LITERAL)
			s = slice_cstr("0");
		if (o + s.len + 2 > cap)
			return false;
		memcpy(out + o, s.p, s.len);
		o += s.len;
		if (i < p.len || p.p[p.len - 1] == '/')
			out[o++] = '/';
	}
	out[o] = '\0';
	return true;
}

int
route_assemble(const struct route_table *const *tables, size_t table_count,
    struct route **out, size_t *count, struct err *e)
{
	struct route_match m;
	struct route *all;
	char probe[512];
	size_t n = 0, i, j, k;

	*out = NULL;
	*count = 0;
	for (i = 0; i < table_count; i++)
		n += tables[i]->count;
	if ((all = calloc(n ? n : 1, sizeof(*all))) == NULL) {
		err_set(e, ERR_NOMEM, "route table: out of memory");
		return -1;
	}
	for (i = 0, k = 0; i < table_count; i++)
		for (j = 0; j < tables[i]->count; j++)
			all[k++] = tables[i]->routes[j];
	qsort(all, n, sizeof(*all), route_order);
	for (j = 0; j < n; j++) {
		if (!route_probe(all[j].pattern, probe, sizeof(probe))) {
			err_set(e, ERR_INTERNAL, "route %s %s: malformed pattern",
			    http_method_name(all[j].method), all[j].pattern);
			goto fail;
		}
		for (i = 0; i < j; i++)
			if (all[i].method == all[j].method &&
			    route_match_pattern(all[i].pattern, slice_cstr(probe), &m)) {
				err_set(e, ERR_INTERNAL, "route %s %s is shadowed by %s",
				    http_method_name(all[j].method), all[j].pattern,
				    all[i].pattern);
				goto fail;
			}
	}
	*out = all;
	*count = n;
	return 0;
fail:
	free(all);
	return -1;
}
