/*
 * guard.c - connections per client address and header deadlines (see
 * guard.h).
 *
 * Every open connection has a record, its socket context, in a list; a
 * connection from an address that is not loopback also counts in that
 * address's entry of a small hash table. Records and entries change under
 * one mutex, taken when a connection opens or closes and by the sweeper.
 * A record's header clock is an atomic the worker threads set without it.
 *
 * A connection is late when its headers are overdue and the kernel holds
 * none of its bytes unread, at two sweeps in a row: bytes waiting mean the
 * workers are behind, and a request sent on a kept-alive connection must
 * not be cut off for the server's own delay (nor in the moment between a
 * worker reading its bytes and seeing its headers). The sweeper closes a late connection
 * with shutdown(2): libmicrohttpd then sees the end of the stream in its own thread and
 * cleans up as for any client that left. The socket stays open until the connection's
 * closing notification, which removes the record under the mutex the sweeper holds, so
 * the sweeper never touches a descriptor that was already reused.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <time.h>

#include "base/log.h"
#include "base/timefmt.h"
#include "http/guard.h"

#define ADDR_BUCKETS 4096 /* hash buckets of the address table */
#define SWEEP_MS 1000     /* between two sweeps */

/* One client address (IPv4 as its IPv4-mapped IPv6 form) and its count. */
struct addr_entry {
	LIST_ENTRY(addr_entry) link; /* in its bucket */
	unsigned char ip[16];        /* the address */
	unsigned count;              /* its open connections */
};

/* One open connection: its socket context. */
struct conn_rec {
	LIST_ENTRY(conn_rec) link; /* in the list of open connections */
	struct addr_entry *addr;   /* its address's entry; NULL when exempt */
	MHD_socket fd;             /* its socket */
	atomic_llong header_since; /* monotonic ms since when headers are
				      awaited; 0 while a request is under way */
	long long late_since;      /* the header_since a sweep found late,
				      under the mutex; 0 none */
	bool shut;                 /* the sweeper closed it */
};

struct guard {
	struct guard_limits lim;
	pthread_mutex_t lock;        /* guards the list, the table, the counts */
	LIST_HEAD(, conn_rec) conns; /* open connections */
	LIST_HEAD(, addr_entry) buckets[ADDR_BUCKETS]; /* the address table */
	atomic_llong refused_logged; /* monotonic second of the last refusal logged */
	pthread_t sweeper;           /* closes connections past their deadline */
	bool has_sweeper;            /* sweeper was started */
	pthread_cond_t wake;         /* signalled to stop the sweeper */
	bool stopping;               /* under lock: the sweeper must end */
};

/* The address of sa (a whole sockaddr_in or sockaddr_in6) as 16 bytes of
 * IPv6 into ip; false for another family. Loopback (127.0.0.0/8, ::1) sets
 * *loopback. */
static bool
addr_key(const struct sockaddr *sa, unsigned char ip[16], bool *loopback)
{
	static const unsigned char v4_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char v6_loop[16] = { [15] = 1 };

	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		memcpy(ip, v4_prefix, 12);
		memcpy(ip + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6)
		memcpy(ip, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	else
		return false;
	*loopback = (memcmp(ip, v4_prefix, 12) == 0 && ip[12] == 127) ||
	    memcmp(ip, v6_loop, 16) == 0;
	return true;
}

static size_t
addr_hash(const unsigned char ip[16])
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < 16; i++)
		h = (h ^ ip[i]) * 16777619u;
	return h % ADDR_BUCKETS;
}

/* The entry of ip, or NULL; with the lock held. */
static struct addr_entry *
addr_find(struct guard *g, const unsigned char ip[16])
{
	struct addr_entry *a;

	LIST_FOREACH(a, &g->buckets[addr_hash(ip)], link)
		if (memcmp(a->ip, ip, 16) == 0)
			return a;
	return NULL;
}

enum MHD_Result
guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct guard *g = cls;
	struct addr_entry *a;
	unsigned char ip[16];
	bool loopback, full;
	long long now;

	if (g->lim.per_address == 0 ||
	    addrlen < (socklen_t)(addr->sa_family == AF_INET ? sizeof(struct sockaddr_in)
							     : sizeof(struct sockaddr_in6)) ||
	    !addr_key(addr, ip, &loopback) || loopback)
		return MHD_YES;
	pthread_mutex_lock(&g->lock);
	a = addr_find(g, ip);
	full = a != NULL && a->count >= g->lim.per_address;
	pthread_mutex_unlock(&g->lock);
	if (!full)
		return MHD_YES;
	/* At most one line a second, however many are refused. */
	now = time_mono();
	if (atomic_exchange(&g->refused_logged, now) != now)
		log_warn("event=connection_refused reason=per_address_limit limit=%u",
		    g->lim.per_address);
	return MHD_NO;
}

/* Count a new connection from addr; with the lock held. */
static struct addr_entry *
addr_take(struct guard *g, const struct sockaddr *addr)
{
	struct addr_entry *a;
	unsigned char ip[16];
	bool loopback;

	if (g->lim.per_address == 0 || !addr_key(addr, ip, &loopback) || loopback)
		return NULL;
	if ((a = addr_find(g, ip)) == NULL) {
		if ((a = calloc(1, sizeof(*a))) == NULL)
			return NULL;
		memcpy(a->ip, ip, 16);
		LIST_INSERT_HEAD(&g->buckets[addr_hash(ip)], a, link);
	}
	a->count++;
	return a;
}

/* One connection from a's address is gone; with the lock held. */
static void
addr_release(struct guard *g, struct addr_entry *a)
{
	if (a == NULL || --a->count > 0)
		return;
	LIST_REMOVE(a, link);
	free(a);
}

void
guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct guard *g = cls;
	struct conn_rec *r = *socket_context;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return;
		atomic_init(&r->header_since, time_mono_ms());
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		r->fd = ci != NULL ? ci->connect_fd : MHD_INVALID_SOCKET;
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		pthread_mutex_lock(&g->lock);
		if (ci != NULL && ci->client_addr != NULL)
			r->addr = addr_take(g, ci->client_addr);
		LIST_INSERT_HEAD(&g->conns, r, link);
		pthread_mutex_unlock(&g->lock);
		*socket_context = r;
		return;
	}
	if (r == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	addr_release(g, r->addr);
	LIST_REMOVE(r, link);
	pthread_mutex_unlock(&g->lock);
	free(r);
	*socket_context = NULL;
}

/* conn's record, or NULL. */
static struct conn_rec *
rec_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

void
guard_headers_done(struct MHD_Connection *conn)
{
	struct conn_rec *r = rec_of(conn);

	if (r != NULL)
		atomic_store(&r->header_since, 0);
}

void
guard_request_done(struct MHD_Connection *conn)
{
	struct conn_rec *r = rec_of(conn);

	if (r != NULL)
		atomic_store(&r->header_since, time_mono_ms());
}

/* Close every connection whose headers are overdue; how many it closed. */
static unsigned
sweep(struct guard *g)
{
	long long now = time_mono_ms(), limit = (long long)g->lim.header_timeout * 1000, since;
	struct conn_rec *r;
	unsigned closed = 0;
	int unread;

	LIST_FOREACH(r, &g->conns, link) {
		since = atomic_load(&r->header_since);
		if (r->shut || since == 0 || now - since < limit || r->fd == MHD_INVALID_SOCKET ||
		    (ioctl(r->fd, FIONREAD, &unread) == 0 && unread > 0)) {
			r->late_since = 0;
			continue;
		}
		/* Late at two sweeps in a row with the same clock: a worker
		 * that has just read the request's bytes but not yet seen its
		 * headers had a whole sweep to do so. */
		if (r->late_since != since) {
			r->late_since = since;
			continue;
		}
		/* Ends both directions: the worker reads the end and closes,
		 * the client sees the connection end. */
		if (shutdown(r->fd, SHUT_RDWR) == 0 || errno == ENOTCONN)
			closed++;
		r->shut = true;
	}
	return closed;
}

static void *
sweeper_main(void *arg)
{
	struct guard *g = arg;
	struct timespec until;
	unsigned closed;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += SWEEP_MS / 1000;
		while (!g->stopping &&
		    pthread_cond_timedwait(&g->wake, &g->lock, &until) != ETIMEDOUT)
			;
		if (g->stopping)
			break;
		if ((closed = sweep(g)) > 0)
			log_info("event=header_timeout closed=%u seconds=%u", closed,
			    g->lim.header_timeout);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *
guard_start(const struct guard_limits *lim, struct err *e)
{
	struct guard *g = calloc(1, sizeof(*g));
	pthread_condattr_t ca;

	if (g == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	g->lim = *lim;
	LIST_INIT(&g->conns);
	pthread_mutex_init(&g->lock, NULL);
	atomic_init(&g->refused_logged, 0);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (lim->header_timeout > 0) {
		if (pthread_create(&g->sweeper, NULL, sweeper_main, g) != 0) {
			err_set(e, ERR_NOMEM, "cannot start the connection sweeper");
			guard_stop(g);
			return NULL;
		}
		g->has_sweeper = true;
	}
	return g;
}

void
guard_stop(struct guard *g)
{
	struct addr_entry *a;
	size_t i;

	if (g == NULL)
		return;
	if (g->has_sweeper) {
		pthread_mutex_lock(&g->lock);
		g->stopping = true;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->sweeper, NULL);
	}
	for (i = 0; i < ADDR_BUCKETS; i++)
		while ((a = LIST_FIRST(&g->buckets[i])) != NULL) {
			LIST_REMOVE(a, link);
			free(a);
		}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
