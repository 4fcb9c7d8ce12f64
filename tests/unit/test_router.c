/*
 * test_router.c - pattern matching, 405 detection, query and cookie parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/request.h"
#include "http/route.h"
#include "web/app.h"

static void
pattern_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *pattern;
		const char *path;
		bool match;
		const char *capture;	/* first {name} value or "*" rest */
	} cases[] = {
		{ "/", "/", true, NULL },
		{ "/", "/x", false, NULL },
		{ "/healthz", "/healthz", true, NULL },
		{ "/healthz", "/healthz/", false, NULL },
		{ "/healthz", "/health", false, NULL },
		{ "/healthz", "/healthzz", false, NULL },
		{ "/unit/{id}", "/unit/42", true, "42" },
		{ "/unit/{id}", "/unit/", false, NULL },
		{ "/unit/{id}", "/unit", false, NULL },
		{ "/unit/{id}", "/unit/42/x", false, NULL },
		{ "/unit/{id}", "/unit//42", false, NULL },
		{ "/partisipasi/{id}/{stage}", "/partisipasi/7/evaluasi", true, "7" },
		{ "/static/*", "/static/style.css", true, "style.css" },
		{ "/static/*", "/static/a/b.svg", true, "a/b.svg" },
		{ "/static/*", "/static/", false, NULL },
		{ "/static/*", "/static", false, NULL },
		{ "/unit", "", false, NULL },
		{ "/unit", "unit", false, NULL },
	};
	/* clang-format on */
	struct route_match m;
	size_t i;
	bool got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = route_match_pattern(cases[i].pattern, slice_cstr(cases[i].path), &m);
		if (got != cases[i].match)
			fail_msg("pattern '%s' path '%s': expected %s", cases[i].pattern,
			    cases[i].path, cases[i].match ? "match" : "no match");
		if (got && cases[i].capture != NULL) {
			struct slice c = m.count ? m.seg[0].value : m.rest;

			if (!slice_eq(c, cases[i].capture))
				fail_msg("pattern '%s' path '%s': capture '%.*s'",
				    cases[i].pattern, cases[i].path, (int)c.len, c.p);
		}
	}
}

static int
noop_handler(struct request *req, struct reply *rep, struct err *e)
{
	return 0;
}

static const struct route table[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/unit/{id}", .handler = noop_handler },
	{ .method = HTTP_POST, .pattern = "/unit/{id}", .handler = noop_handler },
	{ .method = HTTP_POST, .pattern = "/keluar", .handler = noop_handler },
};
#define N (sizeof(table) / sizeof(table[0]))

static void
find_and_allow(void **state)
{
	struct route_match m;
	unsigned allow;

	assert_int_equal(route_find(table, N, HTTP_GET, slice_cstr("/unit/5"), &m, &allow), 1);
	assert_int_equal(route_find(table, N, HTTP_POST, slice_cstr("/unit/5"), &m, &allow), 2);
	assert_int_equal(route_find(table, N, HTTP_HEAD, slice_cstr("/"), &m, &allow), 0);
	assert_int_equal(route_find(table, N, HTTP_GET, slice_cstr("/keluar"), &m, &allow), -1);
	assert_int_equal(allow, 1u << HTTP_POST);
	assert_int_equal(route_find(table, N, HTTP_DELETE, slice_cstr("/"), &m, &allow), -1);
	assert_int_equal(allow, (1u << HTTP_GET) | (1u << HTTP_HEAD));
	assert_int_equal(route_find(table, N, HTTP_GET, slice_cstr("/nope"), &m, &allow), -1);
	assert_int_equal(allow, 0);
}

/* route_find sets routes apart by their first segment before matching
 * them whole: whatever it finds must be what trying every row finds. */
static const struct route wide[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/survei", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/survei/", .handler = noop_handler },
	{ .method = HTTP_POST, .pattern = "/survei/{id}", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/survei/{id}/terima-kasih", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/surveix/{id}", .handler = noop_handler },
	{ .method = HTTP_GET, .pattern = "/static/*", .handler = noop_handler },
	{ .method = HTTP_PUT, .pattern = "/{slug}", .handler = noop_handler },
	{ .method = HTTP_DELETE, .pattern = "/{a}/{b}", .handler = noop_handler },
	{ .method = HTTP_PATCH, .pattern = "/*", .handler = noop_handler },
};
#define WIDE_N (sizeof(wide) / sizeof(wide[0]))

static void
find_same_as_every_row(void **state)
{
	static const char *const paths[] = { "/", "/survei", "/survei/", "/survei/7",
		"/survei/7/", "/survei/7/terima-kasih", "/surveix/7", "/surve",
		"/surveiy", "/s", "//", "//survei", "/static/", "/static/app.css", "/x/y",
		"", "survei", "/survei//7" };
	struct route_match m, want_m = { 0 };
	unsigned allow, want_allow;
	size_t i, j;
	int method, got, want;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		for (method = 0; method < HTTP_METHOD_MAX; method++) {
			struct slice path = slice_cstr(paths[i]);

			want = -1;
			want_allow = 0;
			for (j = 0; j < WIDE_N; j++) {
				if (!route_match_pattern(wide[j].pattern, path, &m))
					continue;
				if (wide[j].method == (enum http_method)method ||
				    (method == HTTP_HEAD && wide[j].method == HTTP_GET)) {
					want = (int)j;
					want_m = m;
					break;
				}
				want_allow |= 1u << wide[j].method;
				if (wide[j].method == HTTP_GET)
					want_allow |= 1u << HTTP_HEAD;
			}
			if (want >= 0)
				want_allow = 0;
			got = route_find(wide, WIDE_N, (enum http_method)method, path, &m,
			    &allow);
			if (got != want || allow != want_allow)
				fail_msg("%s %s: found %d allow %#x, every row gives %d "
					 "allow %#x",
				    http_method_name((enum http_method)method), paths[i],
				    got, allow, want, want_allow);
			if (got >= 0 &&
			    (m.count != want_m.count ||
				(m.count > 0 &&
				    (m.seg[0].value.p != want_m.seg[0].value.p ||
					m.seg[0].value.len != want_m.seg[0].value.len))))
				fail_msg("%s %s: captures differ",
				    http_method_name((enum http_method)method), paths[i]);
		}
}

static void
kv_parse_cases(void **state)
{
	struct arena a;
	struct kv_list l;

	arena_init(&a, 0);
	assert_int_equal(kv_parse(&a, "lang=en&q=a+b%26c&flag&=v&&x=", 29, 10, &l), 0);
	assert_int_equal(l.count, 5);
	assert_true(slice_eq(*kv_get(&l, "lang"), "en"));
	assert_true(slice_eq(*kv_get(&l, "q"), "a b&c"));
	assert_true(slice_eq(*kv_get(&l, "flag"), ""));
	assert_true(slice_eq(*kv_get(&l, "x"), ""));
	assert_null(kv_get(&l, "missing"));
	assert_int_equal(kv_parse(&a, "a=%zz", 5, 10, &l), -1);
	assert_int_equal(kv_parse(&a, "a=%C3", 5, 10, &l), -1); /* not UTF-8 */
	assert_int_equal(kv_parse(&a, "a=%00", 5, 10, &l), -1); /* NUL */
	assert_int_equal(kv_parse(&a, "a&b&c", 5, 2, &l), -1);  /* too many */
	assert_int_equal(kv_parse(&a, "", 0, 2, &l), 0);
	assert_int_equal(l.count, 0);
	arena_free(&a);
}

static void
cookie_cases(void **state)
{
	struct slice v;

	assert_true(cookie_find("lang=en", "lang", &v));
	assert_true(slice_eq(v, "en"));
	assert_true(cookie_find("a=1; lang=id; b=2", "lang", &v));
	assert_true(slice_eq(v, "id"));
	assert_false(cookie_find("xlang=en", "lang", &v));
	assert_false(cookie_find("lang", "lang", &v));
	assert_false(cookie_find("", "lang", &v));
	assert_false(cookie_find(NULL, "lang", &v));
	assert_true(cookie_find("lang=", "lang", &v));
	assert_int_equal(v.len, 0);
}

static void
uri_parse_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *uri;
		int status;		/* 0: ok */
		const char *path;
	} cases[] = {
		{ "/", 0, "/" },
		{ "/unit/%34%32?lang=en", 0, "/unit/42" },
		{ "/a%20b", 0, "/a b" },
		{ "/?lang=%zz", 400, NULL },
		{ "/%ff", 400, NULL },
		{ "/%00", 400, NULL },
		{ "*", 400, NULL },
		{ "http://x/", 400, NULL },
	};
	/* clang-format on */
	struct request req;
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&req, 0, sizeof(req));
		arena_init(&req.arena, 0);
		err_clear(&e);
		req.raw_uri = cases[i].uri;
		if ((request_parse_uri(&req, &e) == 0 ? 0 : e.status) != cases[i].status)
			fail_msg("uri case '%s': status %d", cases[i].uri, e.status);
		if (cases[i].path != NULL && !slice_eq(req.path, cases[i].path))
			fail_msg("uri case '%s': path", cases[i].uri);
		arena_free(&req.arena);
	}
}

static void
uri_too_long(void **state)
{
	static char uri[9000];
	struct request req;
	struct err e;

	memset(uri, 'a', sizeof(uri) - 1);
	uri[0] = '/';
	memset(&req, 0, sizeof(req));
	arena_init(&req.arena, 0);
	err_clear(&e);
	req.raw_uri = uri;
	assert_int_equal(request_parse_uri(&req, &e), -1);
	assert_int_equal(e.status, 414);
	arena_free(&req.arena);
}

/* clang-format off */
#define ROW(m, p)	{ .method = m, .pattern = p, .handler = noop_handler }
/* clang-format on */

/* Rows of several tables are ordered most specific first, whatever the
 * order of the tables; rows that would answer the same paths are refused. */
static void
assemble_orders_and_refuses_clashes(void **state)
{
	/* clang-format off */
	static const struct route a[] = {
		ROW(HTTP_GET, "/unit/{id}"), ROW(HTTP_GET, "/static/*"),
		ROW(HTTP_GET, "/unit/{id}/ubah"),
	};
	static const struct route b[] = {
		ROW(HTTP_GET, "/unit/baru"), ROW(HTTP_POST, "/unit/{id}"), ROW(HTTP_GET, "/"),
		ROW(HTTP_GET, "/static/app.css"),
	};
	/* clang-format on */
	static const struct route dup[] = { ROW(HTTP_GET, "/unit/{id}") };
	static const struct route same_shape[] = { ROW(HTTP_GET, "/unit/{kode}") };
	static const struct route bad[] = { ROW(HTTP_GET, "unit") };
	static const struct route_table ta = { "a", a, 3 }, tb = { "b", b, 4 },
					td = { "dup", dup, 1 },
					ts = { "same_shape", same_shape, 1 },
					tbad = { "bad", bad, 1 };
	const struct route_table *ok[] = { &ta, &tb }, *dups[] = { &ta, &td },
				 *shadow[] = { &ts, &ta }, *bads[] = { &tbad };
	struct route_match m;
	struct route *all;
	size_t n;
	unsigned allow;
	struct err e;
	int i;

	err_clear(&e);
	assert_int_equal(route_assemble(ok, 2, &all, &n, &e), 0);
	assert_int_equal(n, 7);
	i = route_find(all, n, HTTP_GET, slice_cstr("/unit/baru"), &m, &allow);
	assert_string_equal(all[i].pattern, "/unit/baru");
	i = route_find(all, n, HTTP_GET, slice_cstr("/unit/7"), &m, &allow);
	assert_string_equal(all[i].pattern, "/unit/{id}");
	i = route_find(all, n, HTTP_GET, slice_cstr("/static/app.css"), &m, &allow);
	assert_string_equal(all[i].pattern, "/static/app.css");
	i = route_find(all, n, HTTP_GET, slice_cstr("/static/x.js"), &m, &allow);
	assert_string_equal(all[i].pattern, "/static/*");
	free(all);

	assert_int_equal(route_assemble(dups, 2, &all, &n, &e), -1);
	assert_null(all);
	assert_non_null(strstr(e.msg, "GET /unit/{id} is shadowed by /unit/{id}"));
	assert_int_equal(route_assemble(shadow, 2, &all, &n, &e), -1);
	assert_non_null(strstr(e.msg, "shadowed"));
	assert_int_equal(route_assemble(bads, 1, &all, &n, &e), -1);
	assert_non_null(strstr(e.msg, "malformed"));
}

/* The program's own tables join without a clash. */
static void
program_routes_assemble(void **state)
{
	struct route *all;
	size_t n;
	struct err e;

	err_clear(&e);
	if (web_routes(&all, &n, &e) < 0)
		fail_msg("%s", e.msg);
	assert_true(n > 50);
	free(all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pattern_cases),
		cmocka_unit_test(find_and_allow),
		cmocka_unit_test(find_same_as_every_row),
		cmocka_unit_test(kv_parse_cases),
		cmocka_unit_test(cookie_cases),
		cmocka_unit_test(uri_parse_cases),
		cmocka_unit_test(uri_too_long),
		cmocka_unit_test(assemble_orders_and_refuses_clashes),
		cmocka_unit_test(program_routes_assemble),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
