/*
 * guard.h - limits on connections that libmicrohttpd does not set the way
 * this server needs them: how many connections one client address may
 * hold (loopback exempt, since a reverse proxy or a health check on the
 * same machine speaks for many people). The guard is wired into the daemon
 * through its accept policy and its connection notifications.
 */
#ifndef P2HAM_GUARD_H
#define P2HAM_GUARD_H

#include <sys/socket.h>

#include <microhttpd.h>

#include "base/err.h"

struct guard_limits {
	unsigned per_address;		/* connections from one address; 0: no limit */
};

struct guard;

/* A guard with lim; NULL with e when it cannot. */
struct guard *guard_start(const struct guard_limits *lim, struct err *e);

/* Free g (after the daemon stopped). NULL is ignored. */
void	guard_stop(struct guard *g);

/* libmicrohttpd's accept policy (cls: the guard): refuse an address that
 * holds its limit of connections already. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);

/* libmicrohttpd's connection notification (cls: the guard). */
void	guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
	    enum MHD_ConnectionNotificationCode code);

#endif
