/*
 * ticker.h - a background thread that wakes every few seconds to do its
 * job until it is asked to stop; stopping wakes it at once. Its waits
 * count on the monotonic clock, so a change of the wall clock neither
 * hurries nor holds them.
 */
#ifndef P2HAM_TICKER_H
#define P2HAM_TICKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct ticker {
	pthread_mutex_t lock; /* guards the waits on wake */
	pthread_cond_t wake;  /* signalled by ticker_stop */
	pthread_t thread;
	bool started;         /* the thread exists and must be joined */
	atomic_bool stopping; /* asked to end; read by the job at any time */
};

#define TICKER_INIT \
	{ \
		.lock = PTHREAD_MUTEX_INITIALIZER \
	}

/* Start fn(arg) on a thread of its own: 0, or -1 (nothing started) when
 * the thread or its timer cannot be made. */
int ticker_start(struct ticker *t, void *(*fn)(void *), void *arg);

/* Ask the thread to end, wake it and wait for it; nothing when it never
 * started. */
void ticker_stop(struct ticker *t);

/* Wait seconds, or less when asked to stop: true when the job goes on. */
bool ticker_sleep(struct ticker *t, unsigned seconds);

/* Whether the thread has been asked to end. */
bool ticker_stopping(struct ticker *t);

#endif
