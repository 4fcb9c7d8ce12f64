/*
 * file_cache.c - local copies of the database store's contents for
 * downloads (file_cache.h).
 *
 * A copy is trusted by its name, its type and its size: a hit opens
 * DATA_DIR/cache/files/ab/<sha256> without following a link and sends it
 * only when it is a regular file of the size the row records; anything
 * else is removed and the bytes come from the database (which fills a new
 * copy). The bytes are not hashed again on each hit: that would read the
 * whole file once more per download, as much work as sending it. They
 * were hashed when the copy was written, the folder is the server's own
 * (mode 700), and a copy damaged in place with its size kept would be
 * sent as it is; removing DATA_DIR/cache makes every copy come again from
 * the database.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/file_cache.h"
#include "svc/file_store_int.h"
#include "base/fdio.h"
#include "base/log.h"
#include "base/sha256.h"

#define CACHE_PATH_CAP 4200
#define CACHE_TOUCH_AFTER \
	3600 /* seconds: a copy read is marked as read \
		(its mtime) at most this often */

/* A copy being written while its content is read from the database. */
struct cache_fill {
	int fd;                      /* the temporary file */
	char tmp[CACHE_PATH_CAP];    /* its name, beside the copy's */
	crypto_hash_sha256_state hs; /* of the bytes written */
	uint64_t len;                /* bytes written */
};

static struct {
	pthread_mutex_t lock; /* guards used and evicting */
	char dir[4096];       /* DATA_DIR/cache/files */
	uint64_t budget;      /* bytes the copies may take; 0: the cache is off */
	uint64_t used;        /* their bytes as last counted, plus those kept since */
	bool evicting;        /* a thread is evicting: the others go on */
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* A copy found by the census. */
struct entry {
	struct timespec at; /* last read (mtime) */
	uint64_t len;       /* bytes */
	char name[65];      /* its SHA-256 */
};

/* What the census of the folders found. */
struct census {
	struct entry *v;
	size_t count, cap;
	uint64_t bytes; /* of every copy, listed in v or not */
	bool clean;     /* remove the temporary files (at start) */
};

static int
copy_path(const char *sha256, char *out, size_t cap)
{
	/* The name comes from the file's row; only a SHA-256 in hex ever
	 * names a copy, so nothing else can reach outside the folder. */
	if (strspn(sha256, "0123456789abcdef") != 64 || sha256[64] != '\0')
		return -1;
	return (size_t)snprintf(out, cap, "%s/%.2s/%s", cache.dir, sha256, sha256) < cap
	    ? 0
	    : -1;
}

static void
census_add(struct census *c, const char *path, const char *name, const struct stat *st)
{
	struct entry *v;

	if (strstr(name, ".tmp-") != NULL) {
		/* Only a crashed process leaves one when the census is
		 * taken at start. */
		if (c->clean && S_ISREG(st->st_mode))
			unlink(path);
		return;
	}
	if (!S_ISREG(st->st_mode) || !file_store_hash_valid(name))
		return;
	c->bytes += (uint64_t)st->st_size;
	if (c->count == c->cap) {
		if ((v = realloc(c->v, (c->cap ? c->cap * 2 : 256) * sizeof(*v))) == NULL)
			return; /* left out of the eviction, still counted */
		c->v = v;
		c->cap = c->cap ? c->cap * 2 : 256;
	}
	v = &c->v[c->count++];
	v->at = st->st_mtim;
	v->len = (uint64_t)st->st_size;
	memcpy(v->name, name, sizeof(v->name));
}

/* Every entry of the folders DATA_DIR/cache/files/XX into c. */
static void
census_take(struct census *c)
{
	char sub[CACHE_PATH_CAP], path[CACHE_PATH_CAP + 300];
	struct dirent *a, *f;
	struct stat st;
	DIR *top, *d;

	if ((top = opendir(cache.dir)) == NULL)
		return;
	while ((a = readdir(top)) != NULL) {
		if (strlen(a->d_name) != 2 || a->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", cache.dir, a->d_name);
		if ((d = opendir(sub)) == NULL)
			continue;
		while ((f = readdir(d)) != NULL) {
			if (f->d_name[0] == '.' ||
			    (size_t)snprintf(path, sizeof(path), "%s/%s", sub, f->d_name) >=
				sizeof(path) ||
			    lstat(path, &st) < 0)
				continue;
			census_add(c, path, f->d_name, &st);
		}
		closedir(d);
	}
	closedir(top);
}

static int
entry_older(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->at.tv_sec != y->at.tv_sec)
		return x->at.tv_sec < y->at.tv_sec ? -1 : 1;
	return x->at.tv_nsec < y->at.tv_nsec ? -1 : x->at.tv_nsec > y->at.tv_nsec;
}

/* Count the copies (removing the temporary files when clean) and, past
 * the budget, remove the least recently read until they take at most nine
 * tenths of it. The bytes left; their count into *count. */
static uint64_t
census_evict(bool clean, uint64_t *count)
{
	struct census c = { .clean = clean };
	char path[CACHE_PATH_CAP];
	uint64_t low = cache.budget / 10 * 9, freed = 0;
	size_t i, gone = 0;

	census_take(&c);
	*count = c.count;
	if (c.bytes > cache.budget) {
		qsort(c.v, c.count, sizeof(*c.v), entry_older);
		for (i = 0; i < c.count && c.bytes - freed > low; i++)
			if (copy_path(c.v[i].name, path, sizeof(path)) == 0 &&
			    (unlink(path) == 0 || errno == ENOENT)) {
				freed += c.v[i].len;
				gone++;
			}
		*count -= gone;
		log_info("event=file_cache_evicted count=%zu bytes=%llu left=%llu", gone,
		    (unsigned long long)freed, (unsigned long long)(c.bytes - freed));
	}
	free(c.v);
	return c.bytes - freed;
}

/* A copy of len bytes was kept: count it, and evict when past the budget
 * (one thread at a time; a copy kept meanwhile is counted after). */
static void
account(uint64_t len)
{
	uint64_t before, left, count;
	bool go;

	pthread_mutex_lock(&cache.lock);
	cache.used += len;
	go = cache.used > cache.budget && !cache.evicting;
	cache.evicting = cache.evicting || go;
	before = cache.used;
	pthread_mutex_unlock(&cache.lock);
	if (!go)
		return;
	left = census_evict(false, &count);
	pthread_mutex_lock(&cache.lock);
	cache.used = left + (cache.used - before);
	cache.evicting = false;
	pthread_mutex_unlock(&cache.lock);
}

int
file_cache_start(const char *data_dir, uint64_t budget, uint64_t *count, uint64_t *bytes,
    struct err *e)
{
	char top[4096];

	*count = *bytes = 0;
	cache.budget = 0;
	if (budget == 0)
		return 0;
	if ((size_t)snprintf(top, sizeof(top), "%s/cache", data_dir) >= sizeof(top) ||
	    (size_t)snprintf(cache.dir, sizeof(cache.dir), "%s/cache/files", data_dir) >=
		sizeof(cache.dir)) {
		err_set(e, ERR_FILE_STORE, "the data directory's name is too long");
		return -1;
	}
	/* The server's own: nobody else reads or writes the copies. */
	if ((mkdir(top, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(cache.dir, 0700) < 0 && errno != EEXIST)) {
		err_set(e, ERR_FILE_STORE, "cannot create %s: %s", cache.dir, strerror(errno));
		return -1;
	}
	cache.budget = budget;
	cache.used = census_evict(true, count);
	*bytes = cache.used;
	return 0;
}

/* The copy of sha256 as a reader, when it is a regular file of size
 * bytes; a copy of another size or type is removed. NULL otherwise. */
static struct file_reader *
cache_hit(const char *sha256, uint64_t size)
{
	char path[CACHE_PATH_CAP];
	struct file_reader *r;
	struct stat st = { 0 };
	int fd;

	/* O_NONBLOCK: a FIFO put in its place must not hold the thread. */
	if (copy_path(sha256, path, sizeof(path)) < 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size) {
		log_warn("event=file_cache_rejected sha256=%s bytes=%lld want=%llu",
		    sha256, (long long)st.st_size, (unsigned long long)size);
		close(fd);
		unlink(path);
		return NULL;
	}
	if (st.st_mtime < time(NULL) - CACHE_TOUCH_AFTER)
		futimens(fd, NULL); /* read lately: evicted last */
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		close(fd);
		return NULL;
	}
	r->kind = FILE_STORE_DIR;
	r->fd = fd;
	r->size = size;
	memcpy(r->sha256, sha256, sizeof(r->sha256));
	return r;
}

/* Create folder sub of the cache (DATA_DIR/cache/files/ab) unless it
 * exists, and its parents when they were removed under the running
 * server. */
static int
make_sub(const char *sub)
{
	char top[sizeof(cache.dir)], *slash;

	if (mkdir(sub, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	memcpy(top, cache.dir, sizeof(top));
	if ((slash = strrchr(top, '/')) != NULL)
		*slash = '\0';
	if ((mkdir(top, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(cache.dir, 0700) < 0 && errno != EEXIST))
		return -1;
	return mkdir(sub, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* A new temporary file for the copy of sha256, or NULL: the cache cannot
 * write, or another download of this process is filling it already (the
 * name holds the process id, made with O_EXCL). */
static struct cache_fill *
fill_begin(const char *sha256)
{
	char sub[CACHE_PATH_CAP];
	struct cache_fill *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if ((size_t)snprintf(sub, sizeof(sub), "%s/%.2s", cache.dir, sha256) >= sizeof(sub) ||
	    (size_t)snprintf(f->tmp, sizeof(f->tmp), "%s/%s.tmp-%ld", sub, sha256,
		(long)getpid()) >= sizeof(f->tmp) ||
	    make_sub(sub) < 0 ||
	    (f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		 0600)) < 0) {
		if (errno != EEXIST)
			log_warn("event=file_cache_fill_failed sha256=%s errno=%d",
			    sha256, errno);
		free(f);
		return NULL;
	}
	crypto_hash_sha256_init(&f->hs);
	return f;
}

struct file_reader *
file_cache_open(const struct file_store *st, const char *sha256, uint64_t size, struct err *e)
{
	struct file_reader *r;

	if (st->kind != FILE_STORE_DB || cache.budget == 0 || !file_store_hash_valid(sha256))
		return file_store_open(st, sha256, size, e);
	if ((r = cache_hit(sha256, size)) != NULL)
		return r;
	/* A content past a quarter of the budget would push out too many
	 * others: it is always read from the database. */
	if ((r = file_store_open(st, sha256, size, e)) != NULL && size > 0 &&
	    size <= cache.budget / 4)
		r->fill = fill_begin(sha256);
	return r;
}

void
file_cache_fill_end(struct file_reader *r)
{
	struct cache_fill *f = r->fill;

	if (f == NULL)
		return;
	r->fill = NULL;
	close(f->fd);
	unlink(f->tmp);
	free(f);
}

/* All of r's bytes are written: keep the copy when they hash to its name. */
static void
fill_finish(struct file_reader *r)
{
	char hex[SHA256_HEX_LEN], path[CACHE_PATH_CAP];
	struct cache_fill *f = r->fill;
	int closed;

	r->fill = NULL;
	sha256_final_hex(&f->hs, hex);
	closed = close(f->fd);
	if (closed < 0 || f->len != r->size || strcmp(hex, r->sha256) != 0 ||
	    copy_path(r->sha256, path, sizeof(path)) < 0 || rename(f->tmp, path) < 0) {
		log_warn("event=file_cache_fill_failed sha256=%s bytes=%llu errno=%d",
		    r->sha256, (unsigned long long)f->len, errno);
		unlink(f->tmp);
		free(f);
		return;
	}
	free(f);
	account(r->size);
}

void
file_cache_fill_write(struct file_reader *r, const void *buf, ssize_t n)
{
	struct cache_fill *f = r->fill;

	if (f == NULL)
		return;
	if (n <= 0) {
		file_cache_fill_end(r);
		return;
	}
	crypto_hash_sha256_update(&f->hs, buf, (unsigned long long)n);
	f->len += (uint64_t)n;
	if (fd_write_all(f->fd, buf, (size_t)n) < 0) {
		/* A full disk: the download goes on without it. */
		log_warn("event=file_cache_fill_failed sha256=%s errno=%d", r->sha256, errno);
		file_cache_fill_end(r);
		return;
	}
	if (r->pos == r->size)
		fill_finish(r);
}

void
file_cache_drop(const char *sha256)
{
	char path[CACHE_PATH_CAP];

	if (cache.budget > 0 && file_store_hash_valid(sha256) &&
	    copy_path(sha256, path, sizeof(path)) == 0)
		unlink(path);
}
