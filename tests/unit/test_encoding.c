/*
 * test_encoding.c - gzip content coding: which Accept-Encoding values take
 * it, which types are worth it, and a round trip through zlib's inflate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "http/encoding.h"

static void
test_accepts(void **state)
{
	/* clang-format off */
	static const struct { const char *ae; bool want; } cases[] = {
		{ NULL, false },
		{ "", false },
		{ "gzip", true },
		{ "GZIP", true },
		{ "gzip, deflate, br", true },
		{ "br, gzip;q=0.8", true },
		{ "deflate, br", false },
		{ "identity", false },
		{ "gzip;q=0", false },
		{ "gzip; q=0.000", false },
		{ "gzip;q=0.001", true },
		{ "x-gzip", true },
		{ "*", true },
		{ "*;q=0", false },
		{ "*, gzip;q=0", false },	/* named wins over the wildcard */
		{ "gzipped", false },
		{ "gzip ; q=1.0", true },
		{ ",,gzip,,", true },
	};
	/* clang-format on */
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (http_accepts_gzip(cases[i].ae) != cases[i].want)
			fail_msg("\"%s\": want %d", cases[i].ae ? cases[i].ae : "(none)",
			    cases[i].want);
}

static void
test_compressible(void **state)
{
	(void)state;
	assert_true(http_compressible("text/html; charset=utf-8"));
	assert_true(http_compressible("text/csv; charset=utf-8"));
	assert_true(http_compressible("application/json"));
	assert_true(http_compressible("image/svg+xml"));
	assert_false(http_compressible("application/pdf"));
	assert_false(http_compressible("image/png"));
	assert_false(http_compressible(NULL));
}

static void
test_round_trip(void **state)
{
	char text[64 * 1024], back[64 * 1024];
	void *packed;
	size_t len, packed_len, i;
	z_stream z;

	(void)state;
	for (i = 0, len = 0; len + 80 < sizeof(text); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "<tr><td>Indikator %zu</td><td>Ada</td><td>Proses</td></tr>\n", i);
	assert_int_equal(http_gzip(text, len, &packed, &packed_len), 0);
	assert_true(packed_len < len / 5);
	assert_int_equal(((unsigned char *)packed)[0], 0x1f); /* gzip magic */
	assert_int_equal(((unsigned char *)packed)[1], 0x8b);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
	z.next_in = packed;
	z.avail_in = (uInt)packed_len;
	z.next_out = (Bytef *)back;
	z.avail_out = sizeof(back);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, len);
	assert_memory_equal(back, text, len);
	inflateEnd(&z);
	free(packed);
}

static void
test_not_smaller(void **state)
{
	unsigned char noise[2048];
	void *packed = (void *)1;
	size_t n = 7, i;
	uint32_t x = 2463534242u;

	(void)state;
	for (i = 0; i < sizeof(noise); i++) { /* xorshift: incompressible */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (unsigned char)x;
	}
	assert_int_equal(http_gzip(noise, sizeof(noise), &packed, &n), -1);
	assert_null(packed);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_compressible),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_not_smaller),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
