/*
 * test_survey_writer.c - the survey writer's start (svc/survey_writer.h):
 * a submission queued the moment survey_writer_start returned is always
 * answered, even when the caller's stack is written over at once. The
 * writer is started and stopped many times on one CPU at the lowest
 * priority (SCHED_IDLE), so that its starter runs on the moment it is
 * woken, before the writer takes another step.
 */
#include <dirent.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "base/log.h"
#include "db/db.h"
#include "svc/survey_writer.h"

#define ROUNDS 100
#define WAIT_S 10

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int answered;
static bool watching;

static void
done(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	answered++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

/* Queue s and wait for its answer, up to WAIT_S seconds, with the stack
 * the starter left written over first: what waits here runs below it.
 * True when s was answered. */
static bool queue_and_wait(struct survey_submission *s) __attribute__((noinline));

static bool
queue_and_wait(struct survey_submission *s)
{
	volatile unsigned char junk[16384];
	struct timespec until;
	bool ok;
	int rc = 0;

	memset((unsigned char *)junk, 0xff, sizeof(junk));
	__asm__ volatile("" : : "r"(junk) : "memory");
	pthread_mutex_lock(&lock);
	answered = 0;
	pthread_mutex_unlock(&lock);
	if (!survey_writer_enqueue(s))
		return false;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_S;
	pthread_mutex_lock(&lock);
	while (answered == 0 && rc == 0)
		rc = pthread_cond_timedwait(&cond, &lock, &until);
	ok = answered > 0;
	pthread_mutex_unlock(&lock);
	__asm__ volatile("" : : "r"(junk) : "memory");
	return ok;
}

/* Put every other thread of the process but the caller's starter at the
 * lowest priority: the writer, once it appears. */
static void *
lower_writer(void *arg)
{
	pid_t starter = *(pid_t *)arg, self = (pid_t)syscall(SYS_gettid);
	struct sched_param none = { 0 };
	struct dirent *d;
	DIR *dir;
	int i, found = 0;

	pthread_mutex_lock(&lock);
	watching = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < 20000 && !found; i++) {
		if ((dir = opendir("/proc/self/task")) == NULL)
			return NULL;
		while ((d = readdir(dir)) != NULL) {
			pid_t t = (pid_t)atoi(d->d_name);

			if (t > 0 && t != starter && t != self &&
			    sched_setscheduler(t, SCHED_IDLE, &none) == 0)
				found = 1;
		}
		closedir(dir);
		if (!found)
			usleep(50);
	}
	return NULL;
}

/* Start the writer a few pages down the stack, where queue_and_wait's
 * scribble reaches. */
static int start(struct db *db, struct err *e) __attribute__((noinline));

static int
start(struct db *db, struct err *e)
{
	volatile unsigned char pad[4096];
	int rc;

	pad[0] = 0;
	rc = survey_writer_start(db, e);
	__asm__ volatile("" : : "r"(pad) : "memory");
	return rc;
}

static void
test_answered_right_after_start(void **state)
{
	char dir[] = "/tmp/p2ham-test-writer-XXXXXX", path[96];
	static struct survey_submission s;
	struct err e = { 0 };
	cpu_set_t one;
	struct db *db;
	pthread_t lower;
	pid_t me = (pid_t)syscall(SYS_gettid);
	int applied, round;

	(void)state;
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	sched_setaffinity(0, sizeof(one), &one); /* the threads share a CPU */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	if ((db = db_open(path, &e)) == NULL || db_migrate(db, &applied, &e) < 0)
		fail_msg("database: %s", e.msg);
	for (round = 0; round < ROUNDS; round++) {
		/* The watcher looks before the writer is there. */
		pthread_mutex_lock(&lock);
		watching = false;
		pthread_mutex_unlock(&lock);
		assert_int_equal(pthread_create(&lower, NULL, lower_writer, &me), 0);
		pthread_mutex_lock(&lock);
		while (!watching)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
		if (start(db, &e) < 0)
			fail_msg("survey_writer_start: %s", e.msg);
		/* A nonce that is no nonce: refused as a replay without a
		 * write, answered all the same. */
		memset(&s, 0, sizeof(s));
		s.nonce = "not a nonce";
		s.done = done;
		if (!queue_and_wait(&s))
			fail_msg("round %d: the submission queued after start was "
				 "not answered within %d s",
			    round, WAIT_S);
		assert_int_equal(s.outcome, SURVEY_REPLAY);
		survey_writer_stop();
		pthread_join(lower, NULL);
	}
	db_close(db);
	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/w.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest cases[] = {
		cmocka_unit_test(test_answered_right_after_start),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests_name("survey_writer", cases, NULL, NULL);
}
