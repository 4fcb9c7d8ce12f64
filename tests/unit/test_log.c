/*
 * test_log.c - log lines: their shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/log.h"

/* The lines log_msg writes while fn runs, read back from a pipe. */
static void
log_capture(void (*fn)(void), char *out, size_t cap)
{
	int fds[2], saved;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	dup2(fds[1], STDERR_FILENO);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], out, cap - 1);
	close(fds[0]);
	assert_true(n > 0);
	out[n] = '\0';
}

static void
log_lines(void)
{
	log_set_request_id("0123456789abcdef");
	log_info("event=request status=%d ms=%.1f", 303, 2.25);
	log_set_request_id("x123456789012345678901234567890123456789TOO-LONG");
	log_warn("event=second");
	log_set_request_id(NULL);
	log_debug("event=hidden");
	log_err("event=third");
}

/* A line is "ts=<UTC, ms>Z level=L [req=ID ]message": the time now, the
 * request id while one is set (cut to 39 bytes), nothing below the level. */
static void
log_line_shape(void **state)
{
	char got[1024], want[1024], ts[32];
	const char *p = got;
	struct tm tm;
	time_t t, now = time(NULL);
	int i, ms;

	log_set_level(LOG_INFO);
	log_capture(log_lines, got, sizeof(got));
	for (i = 0; i < 3; i++) {
		memset(&tm, 0, sizeof(tm));
		assert_int_equal(sscanf(p, "ts=%31[0-9T:-].%3dZ ", ts, &ms), 2);
		assert_non_null(strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm));
		t = timegm(&tm);
		if (t < now - 2 || t > now + 2 || ms < 0 || ms > 999 || p[22] != '.' ||
		    p[26] != 'Z')
			fail_msg("line %d: time '%.28s' is not now", i, p);
		p += 27;
		snprintf(want, sizeof(want), "%s\n",
		    i == 0 ? " level=info req=0123456789abcdef event=request status=303 "
			     "ms=2.2"
			: i == 1
			? " level=warn req=x12345678901234567890123456789012345678 "
			  "event=second"
			: " level=err event=third");
		if (strncmp(p, want, strlen(want)) != 0)
			fail_msg("line %d: '%s' where '%s' was due", i, p, want);
		p += strlen(want);
	}
	assert_string_equal(p, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_line_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
