/*
 * log.c - key=value lines on stderr, written whole so that lines of
 * concurrent threads never interleave: one write(2) per line, except the
 * request lines (log_request), which wait in their thread's buffer and go
 * out several to a write (see below).
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>
#include <unistd.h>

#include "base/code.h"
#include "log.h"

#define LINE_CAP 2048 /* a line, cut beyond */

static enum log_level min_level = LOG_INFO;
static _Thread_local char request_id[40];

static const char *const level_names[LOG_LEVEL_MAX] = { LOG_LEVEL_LIST(CODE_ENTRY) };

void
log_set_level(enum log_level lv)
{
	min_level = lv;
}

bool
log_on(enum log_level lv)
{
	return lv >= min_level && lv < LOG_LEVEL_MAX;
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

/* The line's start for lv: time, level and request id; its length. */
static size_t
line_start(char line[LINE_CAP], enum log_level lv)
{
	size_t n = stamp(line, LINE_CAP, lv);

	if (request_id[0] != '\0') {
		put(line, LINE_CAP, &n, "req=");
		put(line, LINE_CAP, &n, request_id);
		put(line, LINE_CAP, &n, " ");
	}
	return n;
}

/* Close the line of n bytes with its newline, cut when it is too long. */
static size_t
line_end(char line[LINE_CAP], size_t n)
{
	if (n >= LINE_CAP)
		n = LINE_CAP - 1;
	line[n++] = '\n';
	return n;
}

/*
 * Held request lines. A server writes one per request, thousands a
 * second, and a write(2) of each cost as much as a tenth of a survey
 * post's processor time. So a thread keeps its request lines in its own
 * buffer and writes them together: when the next would not fit (HELD_CAP,
 * PIPE_BUF, so that one write stays whole on a pipe too), before any other
 * line of the same thread (its lines keep their order), when the thread
 * ends, at exit, and otherwise at most HELD_MS after the first of them was
 * held (the flusher thread). Each line keeps the time it was made. What a
 * crash takes with it is at most HELD_MS of request lines.
 */
#define HELD_CAP 4096
#define HELD_MS 20

struct held {
	pthread_mutex_t lock; /* the owner appends, the flusher writes */
	size_t len;
	LIST_ENTRY(held) link;
	char text[HELD_CAP];
};

static struct {
	pthread_mutex_t lock; /* the list and the flusher's wait */
	pthread_cond_t wake;
	LIST_HEAD(, held) all;
	atomic_bool pending; /* a line waits since the flusher last looked */
} hq = { .lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
	.all = LIST_HEAD_INITIALIZER(hq.all) };

static pthread_once_t held_once = PTHREAD_ONCE_INIT;
static pthread_key_t held_key;
static _Thread_local struct held *mine;

/* Write what h holds; h->lock held. */
static void
held_write(struct held *h)
{
	if (h->len > 0)
		(void)!write(STDERR_FILENO, h->text, h->len);
	h->len = 0;
}

/*
 * Each thread's held lines are copied out under its lock and written after
 * it is let go: a flusher put off the processor in the middle of a write
 * must not keep a worker waiting to hold its next line.
 */
void
log_flush(void)
{
	char text[HELD_CAP];
	struct held *h;
	size_t len;

	pthread_mutex_lock(&hq.lock);
	LIST_FOREACH(h, &hq.all, link) {
		pthread_mutex_lock(&h->lock);
		len = h->len;
		memcpy(text, h->text, len);
		h->len = 0;
		pthread_mutex_unlock(&h->lock);
		if (len > 0)
			(void)!write(STDERR_FILENO, text, len);
	}
	pthread_mutex_unlock(&hq.lock);
}

static void *
flusher(void *arg)
{
	struct timespec ts = { 0, HELD_MS * 1000 * 1000 };

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&hq.lock);
		while (!atomic_load(&hq.pending))
			pthread_cond_wait(&hq.wake, &hq.lock);
		atomic_store(&hq.pending, false);
		pthread_mutex_unlock(&hq.lock);
		nanosleep(&ts, NULL);
		log_flush();
	}
	return NULL;
}

/* A thread's end: its lines out, its buffer gone. */
static void
held_drop(void *arg)
{
	struct held *h = arg;

	pthread_mutex_lock(&hq.lock);
	LIST_REMOVE(h, link);
	pthread_mutex_unlock(&hq.lock);
	held_write(h);
	pthread_mutex_destroy(&h->lock);
	free(h);
	mine = NULL;
}

static void
held_start(void)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;

	pthread_key_create(&held_key, held_drop);
	atexit(log_flush);
	/* The flusher takes no signal: they are the main thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, flusher, NULL);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* This thread's buffer, made on its first request line; NULL when out
 * of memory. */
static struct held *
held_mine(void)
{
	struct held *h;

	if (mine != NULL)
		return mine;
	pthread_once(&held_once, held_start);
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	pthread_mutex_init(&h->lock, NULL);
	pthread_mutex_lock(&hq.lock);
	LIST_INSERT_HEAD(&hq.all, h, link);
	pthread_mutex_unlock(&hq.lock);
	pthread_setspecific(held_key, h);
	return mine = h;
}

void
log_msg(enum log_level lv, const char *fmt, ...)
{
	char line[LINE_CAP];
	va_list ap;
	size_t n;
	int k;

	if (!log_on(lv))
		return;
	n = line_start(line, lv);
	if (n < LINE_CAP) {
		va_start(ap, fmt);
		k = vsnprintf(line + n, LINE_CAP - n, fmt, ap);
		va_end(ap);
		if (k > 0)
			n += (size_t)k;
	}
	n = line_end(line, n);
	if (mine != NULL) {
		pthread_mutex_lock(&mine->lock);
		held_write(mine);
		pthread_mutex_unlock(&mine->lock);
	}
	(void)!write(STDERR_FILENO, line, n);
}

void
log_request(const char *text)
{
	char line[LINE_CAP];
	struct held *h;
	size_t n;

	if (!log_on(LOG_INFO))
		return;
	n = line_start(line, LOG_INFO);
	put(line, LINE_CAP, &n, text);
	n = line_end(line, n);
	if ((h = held_mine()) == NULL) {
		(void)!write(STDERR_FILENO, line, n);
		return;
	}
	pthread_mutex_lock(&h->lock);
	if (h->len + n > HELD_CAP)
		held_write(h);
	memcpy(h->text + h->len, line, n);
	h->len += n;
	pthread_mutex_unlock(&h->lock);
	/* Only the first line held since the flusher last looked wakes it
	 * (and takes hq.lock). */
	if (!atomic_load(&hq.pending)) {
		pthread_mutex_lock(&hq.lock);
		atomic_store(&hq.pending, true);
		pthread_cond_signal(&hq.wake);
		pthread_mutex_unlock(&hq.lock);
	}
}
