/*
 * test_kept.c - tables kept per process at the data's version
 * (web/kept.h): an entry answers only its key at its version, a newer
 * one replaces it in its slot but an older reading never replaces a
 * newer, every value given up is freed once, the budget of bytes leaves a
 * slot empty rather than overspend. The grants kept per user
 * (web/authcache.h): a region grant's provinces are kept as a copy of
 * their own, answered into the asking request's arena, and outlive the
 * arena they were loaded in. The rows kept per user (web/keptrow.h): a
 * copy of the row put, shared by every reader, also from threads at once
 * while it is replaced.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/arena.h"
#include "web/authcache.h"
#include "web/kept.h"
#include "web/keptrow.h"

static int drops; /* values given up, freed */

static void
drop(void *val)
{
	drops++;
	free(val);
}

static int *
num(int n)
{
	int *p = malloc(sizeof(*p));

	assert_non_null(p);
	*p = n;
	return p;
}

static bool
read_num(void *val, void *arg)
{
	*(int *)arg = *(int *)val;
	return true;
}

static bool
bump(void *val, void *arg)
{
	(void)arg;
	++*(int *)val;
	return true;
}

static void
test_table(void **state)
{
	static struct kept_entry *one[1]; /* every key shares the slot */
	struct kept_table t = KEPT_TABLE(one, 0, 0, drop);
	int n = 0;

	(void)state;
	drops = 0;
	assert_false(kept_with(&t, "a", 1, 1, read_num, &n));
	assert_true(kept_put(&t, "a", 1, 5, num(50), 0));
	assert_true(kept_with(&t, "a", 1, 5, read_num, &n));
	assert_int_equal(n, 50);
	assert_false(kept_with(&t, "a", 1, 6, read_num, &n));  /* the data moved */
	assert_false(kept_with(&t, "ab", 2, 5, read_num, &n)); /* another key */
	assert_false(kept_with(&t, "", 0, 5, read_num, &n));
	/* An older reading of the same key is given up; the newer stays. */
	assert_false(kept_put(&t, "a", 1, 4, num(40), 0));
	assert_int_equal(drops, 1);
	assert_true(kept_with(&t, "a", 1, 5, read_num, &n));
	assert_int_equal(n, 50);
	/* Another key replaces it, whatever the versions: the slot is one. */
	assert_true(kept_put(&t, "b", 1, 3, num(30), 0));
	assert_int_equal(drops, 2);
	assert_false(kept_with(&t, "a", 1, 5, read_num, &n));
	/* A note on the value at any version, none on another key's. */
	assert_true(kept_with(&t, "b", 1, KEPT_ANY, bump, NULL));
	assert_false(kept_with(&t, "a", 1, KEPT_ANY, bump, NULL));
	assert_true(kept_with(&t, "b", 1, 3, read_num, &n));
	assert_int_equal(n, 31);
	assert_true(kept_put(&t, "b", 1, 3, num(32), 0)); /* the same version: newer */
	assert_int_equal(drops, 3);
	assert_true(kept_with(&t, "b", 1, 3, read_num, &n));
	assert_int_equal(n, 32);
}

static void
test_age(void **state)
{
	static struct kept_entry *slots[8];
	struct kept_table t = KEPT_TABLE(slots, 1, 0, drop);
	struct timespec pause = { 1, 100000000 };
	int n = 0;

	(void)state;
	assert_true(kept_put(&t, "k", 1, 7, num(7), 0));
	nanosleep(&pause, NULL);
	assert_false(kept_with(&t, "k", 1, 7, read_num, &n)); /* a second old */
	assert_true(kept_with(&t, "k", 1, KEPT_ANY, bump, NULL));
}

static void
test_budget(void **state)
{
	static struct kept_entry *slots[64];
	struct kept_table t = KEPT_TABLE(slots, 60, 100, drop);
	int n = 0;

	(void)state;
	drops = 0;
	assert_true(kept_put(&t, "k1", 2, 1, num(1), 60));
	assert_int_equal(t.bytes, 60);
	/* Over the budget: not kept, given up at once. */
	assert_false(kept_put(&t, "k2", 2, 1, num(2), 41));
	assert_int_equal(drops, 1);
	assert_false(kept_with(&t, "k2", 2, 1, read_num, &n));
	assert_true(kept_put(&t, "k2", 2, 1, num(2), 40));
	assert_int_equal(t.bytes, 100);
	/* A replacement gives back what the one replaced held. */
	assert_true(kept_put(&t, "k1", 2, 2, num(3), 10));
	assert_int_equal(t.bytes, 50);
	assert_int_equal(drops, 2);
	/* One too large for what is left empties its slot rather than
	 * keep the old reading. */
	assert_false(kept_put(&t, "k1", 2, 3, num(4), 61));
	assert_int_equal(drops, 4);
	assert_int_equal(t.bytes, 40);
	assert_false(kept_with(&t, "k1", 2, 2, read_num, &n));
	assert_true(kept_with(&t, "k2", 2, 1, read_num, &n));
	assert_int_equal(n, 2);
}

/* A coordinator over region 7 (its provinces codes[0..n)), with a
 * province grant beside it, loaded into a, as svc_grants_load does. */
static void
load(struct arena *a, int64_t user, const int *codes, size_t n, struct principal *p)
{
	struct grant *g = arena_alloc(a, 3 * sizeof(*g));
	int *c = arena_alloc(a, (n + 1) * sizeof(*c));

	assert_non_null(g);
	assert_non_null(c);
	if (n > 0) /* codes may be NULL then */
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

static void
test_row(void **state)
{
	json_t *row = json_pack("{s:i, s:s}", "id", 7, "name", "scan.pdf"), *a, *b, *big;
	char *text;

	(void)state;
	keptrow_put("file 7 u1", 40, row);
	json_object_set_new(row, "name", json_string("changed after"));
	a = keptrow_get("file 7 u1", 40);
	b = keptrow_get("file 7 u1", 40);
	assert_non_null(a);
	assert_ptr_equal(a, b); /* one row, shared */
	assert_ptr_not_equal(a, row);
	assert_string_equal(json_string_value(json_object_get(a, "name")), "scan.pdf");
	assert_null(keptrow_get("file 7 u1", 41)); /* another version */
	assert_null(keptrow_get("file 7 u2", 40)); /* another user */
	/* A reader's reference outlives the entry it came from. */
	keptrow_put("file 7 u1", 41, row);
	assert_string_equal(json_string_value(json_object_get(a, "name")), "scan.pdf");
	json_decref(a);
	json_decref(b);
	a = keptrow_get("file 7 u1", 41);
	assert_string_equal(json_string_value(json_object_get(a, "name")), "changed after");
	json_decref(a);
	/* Too large to keep. */
	text = calloc(5000, 1);
	assert_non_null(text);
	memset(text, 'x', 4999);
	big = json_pack("{s:s}", "name", text);
	keptrow_put("file 8 u1", 40, big);
	assert_null(keptrow_get("file 8 u1", 40));
	json_decref(big);
	free(text);
	json_decref(row);
}

/* Readers taking and dropping the row while another thread replaces it. */
static void *
row_reader(void *arg)
{
	long bad = 0;
	json_t *r;
	int i;

	for (i = 0; i < 100000; i++) {
		if ((r = keptrow_get("shared row", 1)) == NULL)
			continue;
		bad += json_integer_value(json_object_get(r, "n")) != 42;
		json_decref(r);
	}
	*(long *)arg = bad;
	return NULL;
}

static void
test_row_threads(void **state)
{
	json_t *row = json_pack("{s:i}", "n", 42);
	pthread_t th[4];
	long bad[4];
	int i;

	(void)state;
	keptrow_put("shared row", 1, row);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, row_reader, &bad[i]), 0);
	for (i = 0; i < 2000; i++)
		keptrow_put("shared row", 1, row); /* each replaces the last */
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(bad[i], 0);
	}
	json_decref(row);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_region_kept),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_no_grants),
		cmocka_unit_test(test_row),
		cmocka_unit_test(test_row_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
