/*
 * log.c - key=value lines on stderr, one write(2) per line so that lines of
 * concurrent threads never interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/code.h"
#include "log.h"

static enum log_level min_level = LOG_INFO;
static _Thread_local char request_id[40];

static const char *const level_names[LOG_LEVEL_MAX] = { LOG_LEVEL_LIST(CODE_ENTRY) };

void
log_set_level(enum log_level lv)
{
	min_level = lv;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	int i = code_find(level_names, LOG_LEVEL_MAX, s);

	if (i == LOG_LEVEL_MAX)
		return -1;
	*out = (enum log_level)i;
	return 0;
}

void
log_set_request_id(const char *id)
{
	size_t n = id != NULL ? strnlen(id, sizeof(request_id) - 1) : 0;

	/* Set several times a request: a copy, not a printf. */
	if (n > 0)
		memcpy(request_id, id, n);
	request_id[n] = '\0';
}

/* Append the NUL-terminated s to line at *n, as much as fits in cap. */
static void
put(char *line, size_t cap, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n >= cap)
		return;
	if (len > cap - *n)
		len = cap - *n;
	memcpy(line + *n, s, len);
	*n += len;
}

/*
 * The line's start, "ts=YYYY-MM-DDTHH:MM:SS.mmmZ level=L ", into line; its
 * length. The seconds' text is kept per thread and made again only when
 * the second changes: every request writes a line.
 */
static size_t
stamp(char *line, size_t cap, enum log_level lv)
{
	static _Thread_local time_t sec = -1;
	static _Thread_local char text[64];
	struct timespec ts;
	struct tm tm;
	char ms[6];
	long m;
	size_t n = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != sec) {
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(text, sizeof(text), "ts=%04d-%02d-%02dT%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
		sec = ts.tv_sec;
	}
	m = ts.tv_nsec / 1000000;
	ms[0] = '.';
	ms[1] = (char)('0' + m / 100);
	ms[2] = (char)('0' + m / 10 % 10);
	ms[3] = (char)('0' + m % 10);
	ms[4] = 'Z';
	ms[5] = '\0';
	put(line, cap, &n, text);
	put(line, cap, &n, ms);
	put(line, cap, &n, " level=");
	put(line, cap, &n, level_names[lv]);
	put(line, cap, &n, " ");
	return n;
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	size_t n;
	int k;

	if (lv < min_level || lv >= LOG_LEVEL_MAX)
		return;
	n = stamp(line, sizeof(line), lv);
	if (request_id[0] != '\0') {
		put(line, sizeof(line), &n, "req=");
		put(line, sizeof(line), &n, request_id);
		put(line, sizeof(line), &n, " ");
	}
	if (n < sizeof(line)) {
		va_start(ap, fmt);
		k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		va_end(ap);
		if (k > 0)
			n += (size_t)k;
	}
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, n);
}
