/*
 * document_store.c - generated documents' files under DATA_DIR/documents:
 * written durably through a temporary file and never replaced, and the
 * temporary files of writes a crash cut short swept at start; or, with the
 * file store in the database, kept there by their SHA-256.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/documents.h"
#include "svc/file_store.h"
#include "base/fdio.h"
#include "base/fsync.h"
#include "base/log.h"

#define DOC_TMP_STALE 3600 /* seconds: an older temporary file is a crash's */

int
document_path(const char *data_dir, const char *serial, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/" DOC_DIR "/%s.pdf", data_dir, serial);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* final exists though serial's row was just inserted: the file of an issue
 * rolled back, or of a database restored older. Kept aside, not replaced. */
static int
set_aside(const char *dir, const char *serial, const char *final)
{
	char aside[4200];

	if ((size_t)snprintf(aside, sizeof(aside), "%s/.%s.pdf.orphan-%lld-%08x", dir, serial,
		(long long)time(NULL), (unsigned)randombytes_random()) >= sizeof(aside) ||
	    link(final, aside) < 0 || unlink(final) < 0)
		return -1;
	log_warn("event=document_orphan_kept serial=%s", serial);
	return 0;
}

/* Write len bytes of data to DATA_DIR/documents/<serial>.pdf through a
 * temporary file, durably, never replacing a file of that name. */
int
document_store_file(const char *data_dir, const char *serial, const void *data,
    size_t len, struct err *e)
{
	char dir[4096], tmp[4200], final[4200];
	int fd;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/" DOC_DIR, data_dir) >= sizeof(dir) ||
	    (size_t)snprintf(final, sizeof(final), "%s/%s.pdf", dir, serial) >= sizeof(final) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.pdf.%ld-%08x", dir, serial,
		(long)getpid(), (unsigned)randombytes_random()) >= sizeof(tmp)) {
		err_set(e, ERR_DOCUMENT, "data directory path too long");
		return -1;
	}
	if (mkdir(dir, 0750) == 0)
		(void)fs_sync_dir(data_dir);
	else if (errno != EEXIST) {
		err_set(e, ERR_DOCUMENT, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		err_set(e, ERR_DOCUMENT, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fd_write_all(fd, data, len) < 0)
		goto fail;
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* link(2), unlike rename(2), never replaces a file. */
	if (link(tmp, final) < 0 &&
	    (errno != EEXIST || set_aside(dir, serial, final) < 0 || link(tmp, final) < 0))
		goto fail;
	unlink(tmp);
	if (fs_sync_dir(dir) < 0)
		goto fail;
	return 0;
fail:
	err_set(e, ERR_DOCUMENT, "cannot write %s: %s", final, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

int
document_keep(const char *data_dir, const char *serial, const char *sha256,
    const void *data, size_t len, struct err *e)
{
	if (!file_store_in_db())
		return document_store_file(data_dir, serial, data, len, e);
	if (file_store_put_mem(file_store_current(), sha256, data, len, e) < 0) {
		log_err("event=document_store_failed serial=%s error=\"%s\"", serial, e->msg);
		return -1;
	}
	return 0;
}

void
documents_sweep(const char *data_dir)
{
	char dir[4096];
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/" DOC_DIR, data_dir) >= sizeof(dir) ||
	    (d = opendir(dir)) == NULL)
		return;
	/* ".<serial>.pdf.<pid>-<random>": a write that never finished. */
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.' || strstr(de->d_name, ".pdf.") == NULL ||
		    strstr(de->d_name, ".pdf.orphan-") != NULL ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < DOC_TMP_STALE)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			log_info("event=document_tmp_removed name=%s", de->d_name);
	}
	closedir(d);
}
