/*
 * fdio.c - whole reads and writes on a file descriptor (see fdio.h).
 */
#include <errno.h>
#include <unistd.h>

#include "base/fdio.h"

int
fd_read_full(int fd, void *buf, size_t cap, size_t *len)
{
	char *p = buf;
	ssize_t n;

	*len = 0;
	while (*len < cap) {
		if ((n = read(fd, p + *len, cap - *len)) < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

int
fd_write_all(int fd, const void *p, size_t len)
{
	const char *at = p;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, at, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		at += n;
		len -= (size_t)n;
	}
	return 0;
}
