/*
 * fsync.c - making what was written durable (see fsync.h).
 */
#include <fcntl.h>
#include <unistd.h>

#include "base/fsync.h"

static int
sync_path(const char *path, int flags)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | flags)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
fs_sync_dir(const char *path)
{
	return sync_path(path, O_DIRECTORY);
}

int
fs_sync_file(const char *path)
{
	return sync_path(path, O_NOFOLLOW);
}
