/*
 * ticker.c - background threads woken every few seconds (ticker.h).
 */
#include <time.h>

#include "base/ticker.h"

int
ticker_start(struct ticker *t, void *(*fn)(void *), void *arg)
{
	pthread_condattr_t attr;
	int rc;

	atomic_store(&t->stopping, false);
	if (pthread_condattr_init(&attr) != 0)
		return -1;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
		pthread_cond_init(&t->wake, &attr) != 0
	    ? -1
	    : 0;
	pthread_condattr_destroy(&attr);
	if (rc < 0)
		return -1;
	if (pthread_create(&t->thread, NULL, fn, arg) != 0) {
		pthread_cond_destroy(&t->wake);
		return -1;
	}
	t->started = true;
	return 0;
}

void
ticker_stop(struct ticker *t)
{
	if (!t->started)
		return;
	pthread_mutex_lock(&t->lock);
	atomic_store(&t->stopping, true);
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->wake);
	t->started = false;
}

bool
ticker_sleep(struct ticker *t, unsigned seconds)
{
	struct timespec until;
	bool go_on;

	pthread_mutex_lock(&t->lock);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds;
	while (!atomic_load(&t->stopping) &&
	    pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0)
		;
	go_on = !atomic_load(&t->stopping);
	pthread_mutex_unlock(&t->lock);
	return go_on;
}

bool
ticker_stopping(struct ticker *t)
{
	return atomic_load(&t->stopping);
}
