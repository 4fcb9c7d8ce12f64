/*
 * fsync.c - making what was written durable (see fsync.h).
 */
#include <fcntl.h>
#include <unistd.h>

#include "base/fsync.h"

int
fs_sync_dir(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}
