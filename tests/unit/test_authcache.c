/*
 * test_authcache.c - the grants kept per process (web/authcache.h): a
 * region grant's provinces are kept as a copy of their own, answered into
 * the asking request's arena, and outlive the arena they were loaded in;
 * an entry answers only at its version, for its user, and a reading at
 * an older version never replaces a newer one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "web/authcache.h"

/* A coordinator over region 7 (its provinces codes[0..n)), with a
 * province grant beside it, loaded into a, as svc_grants_load does. */
static void
load(struct arena *a, int64_t user, const int *codes, size_t n, struct principal *p)
{
	struct grant *g = arena_alloc(a, 3 * sizeof(*g));
	int *c = arena_alloc(a, (n + 1) * sizeof(*c));

	assert_non_null(g);
	assert_non_null(c);
	memcpy(c, codes, n * sizeof(*c));
	g[0] = (struct grant){ .role = ROLE_COORDINATOR,
		.scope = SCOPE_REGION,
		.scope_id = 7,
		.provinces = c,
		.province_count = n };
	g[1] = (struct grant){ .role = ROLE_REGIONAL, .scope = SCOPE_PROVINCE, .scope_id = 32 };
	memset(p, 0, sizeof(*p));
	p->user_id = user;
	p->grants = g;
	p->grant_count = 2;
}

static void
test_region_kept(void **state)
{
	struct arena a, b;
	struct principal p, q;
	static const int codes[] = { 73, 75 };
	int *loaded;

	(void)state;
	arena_init(&a, 0);
	load(&a, 101, codes, 2, &p);
	loaded = (int *)(void *)p.grants[0].provinces;
	authcache_put(101, 40, &p);
	/* The loader's arena is overwritten and freed with its request. */
	loaded[0] = 11;
	loaded[1] = 12;
	memset((void *)p.grants, 0x5a, p.grant_count * sizeof(*p.grants));
	arena_free(&a);

	arena_init(&b, 0);
	memset(&q, 0, sizeof(q));
	assert_true(authcache_get(101, 40, &b, &q));
	assert_int_equal(q.grant_count, 2);
	assert_int_equal(q.grants[0].scope, SCOPE_REGION);
	assert_int_equal(q.grants[0].scope_id, 7);
	assert_int_equal(q.grants[0].province_count, 2);
	assert_int_equal(q.grants[0].provinces[0], 73);
	assert_int_equal(q.grants[0].provinces[1], 75);
	assert_true(policy_grant_holds(&q.grants[0], 75));
	assert_false(policy_grant_holds(&q.grants[0], 72));
	assert_int_equal(q.grants[1].scope, SCOPE_PROVINCE);
	assert_null(q.grants[1].provinces);
	assert_true(policy_grant_holds(&q.grants[1], 32));

	/* The answer is the request's own: changing it leaves the kept one. */
	((int *)(void *)q.grants[0].provinces)[0] = 99;
	arena_free(&b);
	arena_init(&b, 0);
	assert_true(authcache_get(101, 40, &b, &q));
	assert_int_equal(q.grants[0].provinces[0], 73);
	arena_free(&b);
}

static void
test_versions(void **state)
{
	struct arena a, b;
	struct principal p, q;
	static const int before[] = { 73, 75 }, after[] = { 72, 73, 75 };

	(void)state;
	arena_init(&a, 0);
	arena_init(&b, 0);
	load(&a, 202, before, 2, &p);
	authcache_put(202, 50, &p);
	memset(&q, 0, sizeof(q));
	assert_false(authcache_get(202, 51, &b, &q)); /* a province moved since */
	assert_false(authcache_get(203, 50, &b, &q)); /* another user */
	assert_null(q.grants);

	/* Read again after the move: three provinces now. */
	load(&a, 202, after, 3, &p);
	authcache_put(202, 51, &p);
	assert_true(authcache_get(202, 51, &b, &q));
	assert_int_equal(q.grants[0].province_count, 3);
	assert_int_equal(q.grants[0].provinces[0], 72);
	assert_false(authcache_get(202, 50, &b, &q));

	/* A slow request that read at 50 does not put the old provinces back. */
	load(&a, 202, before, 2, &p);
	authcache_put(202, 50, &p);
	assert_true(authcache_get(202, 51, &b, &q));
	assert_int_equal(q.grants[0].province_count, 3);

	/* A region holding nothing covers nothing, kept as such. */
	load(&a, 202, NULL, 0, &p);
	authcache_put(202, 52, &p);
	assert_true(authcache_get(202, 52, &b, &q));
	assert_int_equal(q.grants[0].province_count, 0);
	assert_false(policy_grant_holds(&q.grants[0], 73));
	arena_free(&a);
	arena_free(&b);
}

static void
test_no_grants(void **state)
{
	struct arena b;
	struct principal p = { .user_id = 303 }, q;

	(void)state;
	arena_init(&b, 0);
	authcache_put(303, 60, &p);
	memset(&q, 0, sizeof(q));
	assert_true(authcache_get(303, 60, &b, &q));
	assert_int_equal(q.grant_count, 0);
	assert_non_null(q.grants);
	arena_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region_kept),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_no_grants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
