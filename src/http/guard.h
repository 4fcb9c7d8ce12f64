/*
 * guard.h - limits on connections that libmicrohttpd does not set the way
 * this server needs them: how many connections one client address may
 * hold (loopback exempt, since a reverse proxy or a health check on the
 * same machine speaks for many people), and how long a connection may take
 * to send a request's headers, so that connections trickling them byte by
 * byte cannot hold the server's slots (libmicrohttpd's own timeout only
 * counts idle time, which every byte restarts).
 *
 * The guard is wired into the daemon through its accept policy and its
 * connection notifications; the server tells it when a request's headers
 * are complete and when a request ends. A thread of its own closes, about
 * once a second, every connection past its header deadline.
 */
#ifndef P2HAM_GUARD_H
#define P2HAM_GUARD_H

#include <sys/socket.h>

#include <microhttpd.h>

#include "base/err.h"

struct guard_limits {
	unsigned per_address;    /* connections from one address; 0: no limit */
	unsigned header_timeout; /* seconds from a connection's start, or
				    from the end of its previous request,
				    to the end of the next request's
				    headers; 0: no deadline */
};

struct guard;

/* A guard with lim, its sweeping thread started; NULL with e when it cannot. */
struct guard *guard_start(const struct guard_limits *lim, struct err *e);

/* Stop the thread and free g (after the daemon stopped). NULL is ignored. */
void guard_stop(struct guard *g);

/* libmicrohttpd's accept policy (cls: the guard): refuse an address that
 * holds its limit of connections already. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);

/* libmicrohttpd's connection notification (cls: the guard). */
void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode code);

/* conn's request has all its headers: its deadline no longer applies. */
void guard_headers_done(struct MHD_Connection *conn);

/* conn's request ended: the next request's headers are due within the
 * header timeout from now. */
void guard_request_done(struct MHD_Connection *conn);

#endif
