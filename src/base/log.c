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

static const char *const level_names[LOG_LEVEL_MAX] = {
	[LOG_DEBUG] = "debug",
	[LOG_INFO] = "info",
	[LOG_WARN] = "warn",
	[LOG_ERR] = "err",
};

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
	snprintf(request_id, sizeof(request_id), "%s", id ? id : "");
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
	char line[2048];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	size_t n;
	int k;

	if (lv < min_level || lv >= LOG_LEVEL_MAX)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	k = snprintf(line, sizeof(line), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ts.tv_nsec / 1000000, level_names[lv]);
	n = (size_t)k;
	if (request_id[0] != '\0' && n < sizeof(line)) {
		k = snprintf(line + n, sizeof(line) - n, "req=%s ", request_id);
		n += (size_t)k;
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
