/*
 * route.c - matching a decoded path against the route patterns.
 */
#include <string.h>

#include "http/route.h"

static const char *const method_names[HTTP_METHOD_MAX] = {
	[HTTP_GET] = "GET",
	[HTTP_HEAD] = "HEAD",
	[HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT",
	[HTTP_DELETE] = "DELETE",
	[HTTP_PATCH] = "PATCH",
	[HTTP_OPTIONS] = "OPTIONS",
};

enum http_method
http_method_parse(const char *s)
{
	int i;

	for (i = 0; i < HTTP_METHOD_MAX; i++)
		if (strcmp(s, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_METHOD_MAX;
}

const char *
http_method_name(enum http_method m)
{
	return m < HTTP_METHOD_MAX ? method_names[m] : "?";
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

	memset(m, 0, sizeof(*m));
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

int
route_find(const struct route *routes, size_t count, enum http_method method,
    struct slice path, struct route_match *m, unsigned *allow)
{
	struct route_match tmp;
	size_t i;
	int found = -1;

	*allow = 0;
	for (i = 0; i < count; i++) {
		if (!route_match_pattern(routes[i].pattern, path, &tmp))
			continue;
		*allow |= 1u << routes[i].method;
		if (routes[i].method == HTTP_GET)
			*allow |= 1u << HTTP_HEAD;
		if (found < 0 && (routes[i].method == method ||
		    (method == HTTP_HEAD && routes[i].method == HTTP_GET))) {
			found = (int)i;
			*m = tmp;
		}
	}
	if (found >= 0)
		*allow = 0;
	return found;
}
