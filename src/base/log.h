/*
 * log.h - one line per event on stderr, key=value, with the request id of the
 * calling thread when it serves a request. Never pass passwords, tokens,
 * request bodies or personal data.
 */
#ifndef P2HAM_LOG_H
#define P2HAM_LOG_H

#include <stdbool.h>

#include "base/code.h"

/* clang-format off */
#define LOG_LEVEL_LIST(X) \
	X(LOG_DEBUG, "debug") /* developers */ \
	X(LOG_INFO, "info")   /* operators */ \
	X(LOG_WARN, "warn")   /* a handled surprise */ \
	X(LOG_ERR, "err")     /* a request or command failed because of us or a dependency */
/* clang-format on */

enum log_level { LOG_LEVEL_LIST(CODE_ENUM) LOG_LEVEL_MAX };

/* Lines below this level are dropped (default LOG_INFO). */
void log_set_level(enum log_level lv);
/* Parse "debug", "info", "warn", "err"; -1 for anything else. */
int log_level_parse(const char *s, enum log_level *out);
/* The request id printed with this thread's lines; NULL clears it. */
void log_set_request_id(const char *id);

/* Whether lines of level lv are written. */
bool log_on(enum log_level lv);

/* fmt is the key=value tail, e.g. "event=listen addr=%s". */
void log_msg(enum log_level lv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A request's access line at info level, text its key=value tail: held in
 * the calling thread's buffer and written with others, at most a few tens
 * of milliseconds later (before any other line of the same thread). */
void log_request(const char *text);
/* Write every held request line now (also done at exit). */
void log_flush(void);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)

#endif
