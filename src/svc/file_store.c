/*
 * file_store.c - the process's file store and the directory store's side
 * of file_store.h; the database's side is file_store_db.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/code.h"
#include "svc/file_store.h"
#include "svc/file_store_int.h"
#include "svc/files.h"
#include "base/fdio.h"
#include "base/fsync.h"
#include "base/log.h"
#include "base/sha256.h"

static struct file_store current = { .kind = FILE_STORE_DIR, .data_dir = "./data" };

static const char *const kind_names[FILE_STORE_KIND_MAX] = { FILE_STORE_KIND_LIST(CODE_ENTRY) };

const char *
file_store_kind_name(enum file_store_kind k)
{
	return code_name(kind_names, FILE_STORE_KIND_MAX, (int)k);
}

enum file_store_kind
file_store_kind_parse(const char *name)
{
	return (enum file_store_kind)code_find(kind_names, FILE_STORE_KIND_MAX, name);
}

void
file_store_use(const struct file_store *st)
{
	current = *st;
}

const struct file_store *
file_store_current(void)
{
	return &current;
}

bool
file_store_in_db(void)
{
	return current.kind == FILE_STORE_DB && current.db != NULL;
}

bool
file_store_hash_valid(const char *sha256)
{
	size_t i;

	for (i = 0; sha256 != NULL && sha256[i] != '\0'; i++)
		if (!((sha256[i] >= '0' && sha256[i] <= '9') ||
			(sha256[i] >= 'a' && sha256[i] <= 'f')))
			return false;
	return sha256 != NULL && i == 64;
}

int
file_store_dir_each(const char *data_dir,
    int (*fn)(void *ctx, const char *dir, const char *name, struct err *e), void *ctx,
    struct err *e)
{
	char top[4096], mid[4200], leaf[4300];
	struct dirent *a, *b, *f;
	DIR *da, *db, *dc;
	int rc = 0;

	if ((size_t)snprintf(top, sizeof(top), "%s/files", data_dir) >= sizeof(top) ||
	    (da = opendir(top)) == NULL)
		return 0;
	while (rc == 0 && (a = readdir(da)) != NULL) {
		if (strlen(a->d_name) != 2 || a->d_name[0] == '.' ||
		    strcmp(a->d_name, "tmp") == 0)
			continue;
		snprintf(mid, sizeof(mid), "%s/%s", top, a->d_name);
		if ((db = opendir(mid)) == NULL)
			continue;
		while (rc == 0 && (b = readdir(db)) != NULL) {
			if (strlen(b->d_name) != 2 || b->d_name[0] == '.')
				continue;
			snprintf(leaf, sizeof(leaf), "%s/%s", mid, b->d_name);
			if ((dc = opendir(leaf)) == NULL)
				continue;
			while (rc == 0 && (f = readdir(dc)) != NULL)
				if (file_store_hash_valid(f->d_name))
					rc = fn(ctx, leaf, f->d_name, e);
			closedir(dc);
		}
		closedir(db);
	}
	closedir(da);
	return rc;
}

/* Create directory path unless it exists; a new one is made durable in
 * its parent, the first len bytes of path. */
static int
make_dir(char *path, size_t len)
{
	char keep;
	int rc;

	if (mkdir(path, 0750) < 0)
		return errno == EEXIST ? 0 : -1;
	keep = path[len];
	path[len] = '\0';
	rc = fs_sync_dir(path);
	path[len] = keep;
	return rc;
}

/* The directory store: link path in as files/ab/cd/<sha256>, synced. */
static int
dir_put_path(const char *data_dir, const char *sha256, const char *path, uint64_t size)
{
	char dest[4096], dir[4096];
	struct stat st;
	size_t n;

	if (files_path(data_dir, sha256, dest, sizeof(dest)) < 0)
		return -1;
	/* The content is stored already: nothing to write or sync. Its
	 * time is renewed, so that the sweep of contents no row points at
	 * (files_sweep) leaves it to the row about to be written. */
	if (stat(dest, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == size) {
		utimensat(AT_FDCWD, dest, NULL, 0);
		return 0;
	}
	/* DATA_DIR/files/ab, then DATA_DIR/files/ab/cd, each made durable in
	 * its parent when new. */
	n = strlen(dest) - 65 - 3;
	memcpy(dir, dest, n);
	dir[n] = '\0';
	if (make_dir(dir, n - 3) < 0)
		return -1;
	n += 3;
	memcpy(dir, dest, n);
	dir[n] = '\0';
	if (make_dir(dir, n - 3) < 0 || fs_sync_file(path) < 0)
		return -1;
	/* link() never replaces: the first copy of a content stays. Its name
	 * is made durable before a row points at it. */
	if ((link(path, dest) < 0 && errno != EEXIST) || fs_sync_dir(dir) < 0)
		return -1;
	return 0;
}

int
file_store_put_path(const struct file_store *st, const char *sha256, const char *path,
    uint64_t size, struct err *e)
{
	int fd, rc;

	if (!file_store_hash_valid(sha256)) {
		err_set(e, ERR_FILE_STORE, "not a SHA-256: %.70s", sha256 ? sha256 : "");
		return -1;
	}
	if (st->kind == FILE_STORE_DIR) {
		if (dir_put_path(st->data_dir, sha256, path, size) == 0)
			return 0;
		log_err("event=file_store_failed errno=%d", errno);
		err_set(e, ERR_FILE_STORE, "cannot store the file");
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		err_set(e, ERR_FILE_STORE, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	rc = file_store_db_put(st, sha256, size, fd, NULL, e);
	close(fd);
	return rc;
}

/* Write len bytes of data to a new temporary file under DATA_DIR/files/tmp,
 * its name in out; -1 when it cannot. */
static int
dir_temp(const char *data_dir, const void *data, size_t len, char *out, size_t cap)
{
	int fd;

	if ((size_t)snprintf(out, cap, "%s/files/tmp/put-%08x%08x.part", data_dir,
		(unsigned)randombytes_random(), (unsigned)randombytes_random()) >= cap)
		return -1;
	if ((fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return -1;
	if (fd_write_all(fd, data, len) < 0) {
		close(fd);
		unlink(out);
		return -1;
	}
	if (close(fd) < 0) {
		unlink(out);
		return -1;
	}
	return 0;
}

int
file_store_put_mem(const struct file_store *st, const char *sha256, const void *data,
    size_t len, struct err *e)
{
	char tmp[4200];
	int rc;

	if (!file_store_hash_valid(sha256)) {
		err_set(e, ERR_FILE_STORE, "not a SHA-256: %.70s", sha256 ? sha256 : "");
		return -1;
	}
	if (st->kind == FILE_STORE_DB)
		return file_store_db_put(st, sha256, len, -1, data, e);
	if (dir_temp(st->data_dir, data, len, tmp, sizeof(tmp)) < 0) {
		err_set(e, ERR_FILE_STORE, "cannot write in %s/files/tmp: %s",
		    st->data_dir, strerror(errno));
		return -1;
	}
	rc = file_store_put_path(st, sha256, tmp, len, e);
	unlink(tmp);
	return rc;
}

int
file_store_stat(const struct file_store *st, const char *sha256, uint64_t *size, struct err *e)
{
	char path[4096];
	struct stat sb;

	*size = 0;
	if (st->kind == FILE_STORE_DB)
		return file_store_db_stat(st, sha256, size, e);
	if (files_path(st->data_dir, sha256, path, sizeof(path)) < 0) {
		err_set(e, ERR_FILE_STORE, "not a SHA-256: %.70s", sha256);
		return -1;
	}
	if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	*size = (uint64_t)sb.st_size;
	return 1;
}

struct file_reader *
file_store_open(const struct file_store *st, const char *sha256, uint64_t size, struct err *e)
{
	struct file_reader *r;
	char path[4096];
	struct stat sb;

	if (!file_store_hash_valid(sha256)) {
		err_set(e, ERR_FILE_STORE, "not a SHA-256: %.70s", sha256 ? sha256 : "");
		return NULL;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->kind = st->kind;
	r->fd = -1;
	r->db = st->db;
	r->size = size;
	memcpy(r->sha256, sha256, sizeof(r->sha256));
	if (st->kind == FILE_STORE_DB) {
		if (file_store_db_open(r, e) == 0)
			return r;
		free(r);
		return NULL;
	}
	if (files_path(st->data_dir, sha256, path, sizeof(path)) < 0 ||
	    (r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
	    fstat(r->fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size != size) {
		err_set(e, ERR_FILE_STORE, "the stored file %.12s is missing or damaged",
		    sha256);
		file_reader_close(r);
		return NULL;
	}
	return r;
}

ssize_t
file_reader_read(struct file_reader *r, void *buf, size_t cap, struct err *e)
{
	ssize_t n;

	if (r->kind == FILE_STORE_DB) {
		n = file_store_db_read(r, buf, cap, e);
		file_cache_fill_write(r, buf, n);
		return n;
	}
	do
		n = read(r->fd, buf, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err_set(e, ERR_FILE_STORE, "cannot read the stored file: %s", strerror(errno));
	return n;
}

int
file_reader_take_fd(struct file_reader *r)
{
	int fd = r->fd;

	r->fd = -1;
	return fd;
}

void
file_reader_close(struct file_reader *r)
{
	if (r == NULL)
		return;
	file_cache_fill_end(r);
	if (r->fd >= 0)
		close(r->fd);
	free(r->chunk);
	free(r);
}

int
file_reader_check(struct file_reader *r, const char *sha256, struct err *e)
{
	crypto_hash_sha256_state hs;
	unsigned char *buf;
	char hex[SHA256_HEX_LEN];
	uint64_t total = 0;
	ssize_t n;

	if ((buf = malloc(FILE_CHUNK)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	crypto_hash_sha256_init(&hs);
	while ((n = file_reader_read(r, buf, FILE_CHUNK, e)) > 0) {
		crypto_hash_sha256_update(&hs, buf, (unsigned long long)n);
		total += (uint64_t)n;
	}
	free(buf);
	if (n < 0)
		return -1;
	sha256_final_hex(&hs, hex);
	return total == r->size && strcmp(hex, sha256) == 0 ? 0 : 1;
}
