/*
 * listen.c - the listening socket: "host:port" or "[v6]:port" checked and
 * bound before anything else starts, so that a wrong address is the only
 * complaint (see server_listen in server.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/str.h"
#include "http/server.h"

/* Split "host:port" / "[v6]:port"; host may be empty (all addresses). */
static int
split_listen(const char *spec, char *host, size_t hostlen, char *port, size_t portlen)
{
	const char *listen = spec;
	const char *colon;
	size_t n;
	int64_t p;

	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		n = (size_t)(close - listen - 1);
		colon = close + 1;
		listen++;
	} else {
		if ((colon = strrchr(listen, ':')) == NULL)
			return -1;
		n = (size_t)(colon - listen);
	}
	if (n >= hostlen || strlen(colon + 1) >= portlen || colon[1] == '\0')
		return -1;
	memcpy(host, listen, n);
	host[n] = '\0';
	snprintf(port, portlen, "%s", colon + 1);
	return str_to_i64(port, strlen(port), 1, 65535, &p) == 0 ? 0 : -1;
}

int
server_listen(const char *addr, struct err *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char host[256], port[16];
	int fd = -1, one = 1, rc, saved = 0;

	if (split_listen(addr, host, sizeof(host), port, sizeof(port)) < 0) {
		err_set(e, ERR_CONFIG,
		    "cannot listen on '%s': expected HOST:PORT, "
		    "with a port from 1 to 65535, e.g. 127.0.0.1:8080 (--listen or "
		    "P2HAM_LISTEN)",
		    addr);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res)) != 0) {
		err_set(e, ERR_CONFIG, "cannot listen on '%s': %s (--listen or P2HAM_LISTEN)",
		    addr, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0)) < 0) {
			saved = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (saved == EADDRINUSE)
			err_set(e, ERR_CONFIG,
			    "cannot listen on %s: the address is "
			    "already in use; stop the other program or choose another "
			    "address with --listen or P2HAM_LISTEN",
			    addr);
		else
			err_set(e, ERR_CONFIG,
			    "cannot listen on %s: %s; choose "
			    "another address with --listen or P2HAM_LISTEN",
			    addr, strerror(saved));
	}
	return fd;
}
