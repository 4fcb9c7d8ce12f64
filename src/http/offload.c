/*
 * offload.c - the pool that runs slow requests off the event-loop threads
 * (see offload.h).
 *
 * libmicrohttpd's worker threads each serve many connections from one
 * poll(2) loop: a handler that hashes a password, syncs an upload to disk
 * or renders a PDF there holds every other connection of that thread for
 * as long. Here such a request is parked (req_park: its connection is
 * suspended, no thread held) and the application's respond hook runs on a
 * pool thread, with the thread's own database connection, into a reply
 * kept with the request; req_resume then wakes the connection and its
 * worker sends that reply. Everything decided before the body was read
 * (who is asking, admission) stays on the worker; everything respond does
 * (parameters, CSRF, the write budget, the handler and its transaction,
 * rendering) moves as a whole, in the same order as before.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/log.h"
#include "http/offload.h"

#define OFFLOAD_THREADS_MAX 64

/* One request handed to the pool; in the request's arena. */
struct job {
	struct job *next;          /* the queue's order */
	struct request *req;       /* parked while the job exists */
	server_respond_fn respond; /* the application's respond hook */
	struct reply rep;          /* what respond made */
	struct err e;              /* and the error it rendered */
	bool ran;                  /* respond ran; false: refused unrun */
};

struct offload {
	pthread_mutex_t lock;
	pthread_cond_t queued; /* a job was queued, or stopping */
	struct job *head, *tail;
	unsigned count;     /* jobs queued, not yet running */
	unsigned queue_max; /* refuse beyond this many queued */
	unsigned delay_ms;  /* tests only: hold each job this long */
	bool stopping;
	unsigned thread_count;
	pthread_t threads[OFFLOAD_THREADS_MAX];
};

static void
busy(struct reply *rep, struct err *e, const char *why)
{
	reply_header(rep, MHD_HTTP_HEADER_RETRY_AFTER, OFFLOAD_RETRY_AFTER);
	err_set(e, ERR_BUSY, "%s", why);
}

static void
run(struct offload *o, struct job *j)
{
	struct timespec ts;

	if (o->delay_ms > 0) {
		ts.tv_sec = o->delay_ms / 1000;
		ts.tv_nsec = (long)(o->delay_ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
	log_set_request_id(j->req->id);
	memset(&j->rep, 0, sizeof(j->rep));
	j->rep.status = 200;
	err_clear(&j->e);
	j->respond(j->req, &j->rep, &j->e);
	j->ran = true;
	log_set_request_id(NULL);
	req_resume(j->req); /* j and req belong to the worker from here */
}

static void *
worker(void *arg)
{
	struct offload *o = arg;
	struct job *j;

	for (;;) {
		pthread_mutex_lock(&o->lock);
		while (o->head == NULL && !o->stopping)
			pthread_cond_wait(&o->queued, &o->lock);
		if (o->stopping) {
			pthread_mutex_unlock(&o->lock);
			return NULL;
		}
		j = o->head;
		if ((o->head = j->next) == NULL)
			o->tail = NULL;
		o->count--;
		pthread_mutex_unlock(&o->lock);
		run(o, j);
	}
}

static unsigned
cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 && n < 1024 ? (unsigned)n : 2;
}

struct offload *
offload_start(unsigned threads, unsigned queue_max, unsigned delay_ms, struct err *e)
{
	struct offload *o;
	unsigned i;

	if (threads == 0)
		threads = cores() < 2 ? 2 : cores();
	if (threads > OFFLOAD_THREADS_MAX)
		threads = OFFLOAD_THREADS_MAX;
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	o->queue_max = queue_max ? queue_max : 64 * threads;
	o->delay_ms = delay_ms;
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->queued, NULL);
	for (i = 0; i < threads; i++) {
		if (pthread_create(&o->threads[i], NULL, worker, o) != 0) {
			offload_stop(o);
			err_set(e, ERR_CONFIG, "cannot start the offload threads");
			return NULL;
		}
		o->thread_count++;
	}
	return o;
}

unsigned
offload_threads(const struct offload *o)
{
	return o != NULL ? o->thread_count : 0;
}

unsigned
offload_queue_max(const struct offload *o)
{
	return o != NULL ? o->queue_max : 0;
}

int
offload_send(struct offload *o, struct request *req, server_respond_fn respond,
    struct reply *rep, struct err *e)
{
	struct job *j;
	bool stopping, full;

	if (o == NULL || req->route == NULL || !(req->route->offload || req->route->upload) ||
	    e->status != 0 || req->offload != NULL)
		return -1;
	if ((j = arena_alloc(&req->arena, sizeof(*j))) == NULL)
		return -1; /* answered here, as before */
	memset(j, 0, sizeof(*j));
	j->req = req;
	j->respond = respond;
	req->offload = j;
	/* Parked before it is queued: a pool thread may resume it at once. */
	req_park(req, NULL);
	pthread_mutex_lock(&o->lock);
	stopping = o->stopping;
	full = o->count >= o->queue_max;
	if (!stopping && !full) {
		if (o->tail != NULL)
			o->tail->next = j;
		else
			o->head = j;
		o->tail = j;
		o->count++;
		pthread_cond_signal(&o->queued);
	}
	pthread_mutex_unlock(&o->lock);
	if (!stopping && !full)
		return 0;
	/* No other thread has seen it: it is simply not parked. */
	req->park = REQ_RUNNING;
	req->offload = NULL;
	if (full)
		log_warn("event=offload_full queued=%u", o->queue_max);
	busy(rep, e, stopping ? "the server is stopping" : "the offload queue is full");
	return -1;
}

enum offload_taken
offload_take(struct request *req, struct reply *rep, struct err *e)
{
	struct job *j = req->offload;

	if (j == NULL)
		return OFFLOAD_NONE;
	req->offload = NULL;
	if (!j->ran) {
		busy(rep, e, "the server stopped before running the request");
		return OFFLOAD_REFUSED;
	}
	*rep = j->rep;
	*e = j->e;
	return OFFLOAD_REPLY;
}

void
offload_stop(struct offload *o)
{
	struct job *j, *next;
	unsigned i;

	if (o == NULL)
		return;
	pthread_mutex_lock(&o->lock);
	o->stopping = true;
	j = o->head;
	o->head = o->tail = NULL;
	o->count = 0;
	pthread_cond_broadcast(&o->queued);
	pthread_mutex_unlock(&o->lock);
	/* The queued are answered unrun; the running finish and resume
	 * theirs before their threads are joined. */
	for (; j != NULL; j = next) {
		next = j->next;
		req_resume(j->req);
	}
	for (i = 0; i < o->thread_count; i++)
		pthread_join(o->threads[i], NULL);
	pthread_cond_destroy(&o->queued);
	pthread_mutex_destroy(&o->lock);
	free(o);
}
