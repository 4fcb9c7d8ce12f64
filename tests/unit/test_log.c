/*
 * test_log.c - log lines: their shape, and the request lines held in their
 * thread's buffer.
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

static void
held_lines(void)
{
	char text[32];
	int i;

	for (i = 0; i < 60; i++) {
		snprintf(text, sizeof(text), "event=request n=%d", i);
		log_request(text);
	}
	log_warn("event=after");
}

/* Request lines wait in their thread's buffer, go out whole and in order
 * (several to a write once the buffer is full) and before the thread's
 * next line of any other kind. */
static void
log_request_order(void **state)
{
	char got[16384], want[64];
	const char *p = got, *nl;
	int i;

	log_set_level(LOG_INFO);
	log_capture(held_lines, got, sizeof(got));
	for (i = 0; i <= 60; i++) {
		if (i < 60)
			snprintf(want, sizeof(want), " level=info event=request n=%d\n", i);
		else
			snprintf(want, sizeof(want), " level=warn event=after\n");
		if ((nl = strchr(p, '\n')) == NULL || strncmp(p, "ts=", 3) != 0 ||
		    strncmp(p + 27, want, strlen(want)) != 0)
			fail_msg("line %d: '%.80s' where '%s' was due", i, p, want);
		p = nl + 1;
	}
	assert_string_equal(p, "");
}

static void
held_then_wait(void)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	log_request("event=request alone=1");
	nanosleep(&ts, NULL);
}

/* A request line nobody follows is written all the same, soon. */
static void
log_request_flushed_soon(void **state)
{
	char got[1024];

	log_set_level(LOG_INFO);
	log_capture(held_then_wait, got, sizeof(got));
	assert_non_null(strstr(got, " level=info event=request alone=1\n"));
}

static void
held_below_level(void)
{
	log_request("event=request hidden=1");
	log_flush();
	log_err("event=shown");
}

/* Below the level, request lines are not written at all. */
static void
log_request_level(void **state)
{
	char got[1024];

	log_set_level(LOG_WARN);
	log_capture(held_below_level, got, sizeof(got));
	log_set_level(LOG_INFO);
	assert_null(strstr(got, "hidden"));
	assert_non_null(strstr(got, "event=shown"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_line_shape),
		cmocka_unit_test(log_request_order),
		cmocka_unit_test(log_request_flushed_soon),
		cmocka_unit_test(log_request_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
