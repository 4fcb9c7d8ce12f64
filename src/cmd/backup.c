/*
 * backup.c - `p2ham backup DIR` and `p2ham restore DIR`.
 *
 * A backup is a directory: database.sqlite (SQLite's online backup) or
 * database.pgdump (pg_dump, custom format), data/ with the data
 * directory's files (the file store, generated documents, keys, template
 * overrides; never the SQLite database itself nor unfinished temporary
 * files), BACKUP saying what it holds, and MANIFEST with the SHA-256 of
 * every other file in sha256sum's format (`cd DIR && sha256sum -c
 * MANIFEST` checks it by hand). Everything is synced, files and
 * directories, before backup says it is done.
 *
 * The database is copied first and the files after: stored files never
 * change and the sweep spares recent ones, so every file a row of the
 * copy names is on disk when the files are copied.
 *
 * Restore checks the whole manifest first, then goes only into an empty
 * installation: a data directory that is missing or empty, a database
 * without a schema.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/fsync.h"
#include "base/sha256.h"
#include "base/timefmt.h"
#include "cmd/cmd.h"
#include "cmd/config.h"

#define PATH_CAP 4200
#define MANIFEST "MANIFEST"
#define MANIFEST_MAX (64 * 1024 * 1024)

/* What a walk over the data directory must not copy: the SQLite database
 * (known by its inode, however its path was written) and the files beside
 * it named after it (-wal, -shm, -journal, and -version, the marker its
 * commits touch). */
struct skip {
	dev_t dev;
	ino_t ino;
	const char *base; /* the database's file name, or NULL */
};

/* Copy src to dst (created, mode), syncing it; its SHA-256 as hex into
 * hex (65 bytes) when not NULL. -1 after printing why. */
static int
copy_file(const char *src, const char *dst, mode_t mode, char *hex)
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536];
	int in, out = -1, rc = -1;
	ssize_t n;

	if ((in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		config_die("cannot read %s: %s", src, strerror(errno));
		return -1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0) {
		config_die("cannot create %s: %s", dst, strerror(errno));
		goto done;
	}
	crypto_hash_sha256_init(&st);
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			config_die("copying %s: %s", src, strerror(errno));
			goto done;
		}
		crypto_hash_sha256_update(&st, buf, (size_t)n);
	}
	if (fsync(out) < 0) {
		config_die("cannot sync %s: %s", dst, strerror(errno));
		goto done;
	}
	if (hex != NULL)
		sha256_final_hex(&st, hex);
	rc = 0;
done:
	close(in);
	if (out >= 0 && close(out) < 0 && rc == 0) {
		config_die("cannot write %s: %s", dst, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* The SHA-256 of file path as hex into hex; -1 after printing why. */
static int
hash_file(const char *path, char hex[65])
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		config_die("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if ((rc = sha256_fd_hex(fd, hex, NULL)) < 0)
		config_die("cannot read %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* True for an entry a copy leaves out: temporary and unfinished files,
 * the store's upload spool, the SQLite database, and at the top of the
 * data directory (prefix "data/") the server's copies of the database's
 * files (svc/file_cache.h), which the database holds already. */
static bool
skipped(const struct skip *sk, const struct stat *st, const char *name, const char *prefix)
{
	size_t n;

	if (name[0] == '.' || strstr(name, ".tmp-") != NULL ||
	    strchr(name, '\n') != NULL || strchr(name, '\\') != NULL)
		return true;
	if (S_ISDIR(st->st_mode))
		return strcmp(name, "tmp") == 0 ||
		    (strcmp(prefix, "data/") == 0 && strcmp(name, "cache") == 0);
	if (sk->base == NULL)
		return false;
	if (st->st_dev == sk->dev && st->st_ino == sk->ino)
		return true;
	n = strlen(sk->base);
	return strncmp(name, sk->base, n) == 0 &&
	    (strcmp(name + n, "-wal") == 0 || strcmp(name + n, "-shm") == 0 ||
		strcmp(name + n, "-journal") == 0 || strcmp(name + n, "-version") == 0);
}

/*
 * Copy directory src into dst (created with src's mode) recursively, each
 * regular file's line "<sha256>  <prefix><name>" into man when not NULL.
 * Directories are synced after their entries. -1 after printing why.
 */
static int
copy_tree(const struct skip *sk, const char *src, const char *dst, const char *prefix,
    struct buf *man)
{
	char s[PATH_CAP], d[PATH_CAP], rel[PATH_CAP], hex[65];
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int rc = -1;

	if (stat(src, &st) < 0 || mkdir(dst, st.st_mode & 0777) < 0) {
		config_die("cannot create %s: %s", dst, strerror(errno));
		return -1;
	}
	if ((dir = opendir(src)) == NULL) {
		config_die("cannot read %s: %s", src, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(s, sizeof(s), "%s/%s", src, de->d_name) >= sizeof(s) ||
		    (size_t)snprintf(d, sizeof(d), "%s/%s", dst, de->d_name) >= sizeof(d) ||
		    (size_t)snprintf(rel, sizeof(rel), "%s%s", prefix, de->d_name) >=
			sizeof(rel)) {
			config_die("path too long under %s", src);
			goto done;
		}
		if (lstat(s, &st) < 0) {
			if (errno == ENOENT) /* removed meanwhile (the sweep) */
				continue;
			config_die("cannot read %s: %s", s, strerror(errno));
			goto done;
		}
		if (skipped(sk, &st, de->d_name, prefix))
			continue;
		if (S_ISDIR(st.st_mode)) {
			char sub[PATH_CAP + 2];

			snprintf(sub, sizeof(sub), "%s/", rel);
			if (copy_tree(sk, s, d, sub, man) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode)) {
			if (copy_file(s, d, st.st_mode & 0777, hex) < 0)
				goto done;
			if (man != NULL)
				buf_printf(man, "%s  %s\n", hex, rel);
		}
	}
	if (fs_sync_dir(dst) < 0) {
		config_die("cannot sync %s: %s", dst, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	closedir(dir);
	return rc;
}

/* Write text as file name in dir, synced; its line into man when not
 * NULL. */
static int
write_small(const char *dir, const char *name, const char *text, struct buf *man)
{
	char path[PATH_CAP], hex[65];
	size_t len = strlen(text);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    write(fd, text, len) != (ssize_t)len || fsync(fd) < 0 || close(fd) < 0) {
		config_die("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	sha256_hex(text, len, hex);
	if (man != NULL)
		buf_printf(man, "%s  %s\n", hex, name);
	return 0;
}

/* An empty directory at path, made now (0700) or found empty. */
static int
empty_dir(const char *path, bool make)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (make && mkdir(path, 0700) == 0)
		return 0;
	if ((d = opendir(path)) == NULL) {
		if (errno == ENOENT && !make)
			return 0;
		config_die("cannot use %s: %s", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	if (n > 0) {
		config_die("%s is not empty: %s goes into an empty directory", path,
		    make ? "a backup" : "a restore");
		return -1;
	}
	return 0;
}

static const char backup_what[] =
    "Write a consistent copy of the installation into the new or empty directory\n"
    "DIR while the servers go on: the database (SQLite's online backup, or\n"
    "pg_dump in custom format), the data directory's files and keys, and\n"
    "MANIFEST with the SHA-256 of every file.";

int
cmd_backup(int argc, char **argv)
{
	struct config_extra x = { NULL,
		"  DIR                 where the backup goes (new or empty)\n", NULL,
		NULL, true };
	struct skip sk;
	struct stat st;
	struct config c;
	struct buf man, info;
	struct db *db = NULL;
	struct err e;
	char path[PATH_CAP], tmp[PATH_CAP], at[TIME_ISO_LEN], hex[65];
	const char *dir, *dbfile;
	int rc = 0, version = 0;

	if (config_setup_extra(&c, argc, argv, backup_what, false, &x, &rc) < 0)
		return rc;
	if (optind + 1 != argc)
		return config_die("backup: expected one DIR; see p2ham backup --help") + 1;
	dir = argv[optind];
	buf_init(&man, MANIFEST_MAX);
	buf_init(&info, 0);
	if (config_check_data_dir(c.data_dir) || empty_dir(dir, true) < 0 ||
	    (db = config_open_db(&c)) == NULL) {
		rc = 1;
		goto done;
	}
	err_clear(&e);
	if (db_schema_version(db, &version, &e) < 0 || version == 0) {
		rc = config_die("%s",
		    version == 0 ? "the database is empty: nothing to back up" : e.msg);
		goto done;
	}
	dbfile = db_backend(db) == DB_SQLITE ? "database.sqlite" : "database.pgdump";
	snprintf(path, sizeof(path), "%s/%s", dir, dbfile);
	if (db_dump(db, path, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	if (fs_sync_file(path) < 0 || hash_file(path, hex) < 0) {
		rc = config_die("cannot sync %s: %s", path, strerror(errno));
		goto done;
	}
	buf_printf(&man, "%s  %s\n", hex, dbfile);
	memset(&sk, 0, sizeof(sk));
	if (db_backend(db) == DB_SQLITE && stat(c.db, &st) == 0) {
		sk.dev = st.st_dev;
		sk.ino = st.st_ino;
		sk.base = strrchr(c.db, '/') != NULL ? strrchr(c.db, '/') + 1 : c.db;
	}
	snprintf(path, sizeof(path), "%s/data", dir);
	if (copy_tree(&sk, c.data_dir, path, "data/", &man) < 0) {
		rc = 1;
		goto done;
	}
	buf_printf(&info, "p2ham backup\nversion %s\nschema %d\ndatabase %s\nat %s\n",
	    P2HAM_VERSION, version, db_backend_name(db_backend(db)),
	    time_iso(time(NULL), at));
	if (info.failed || man.failed || write_small(dir, "BACKUP", buf_cstr(&info), &man) < 0) {
		rc = 1;
		goto done;
	}
	/* The manifest last, under a temporary name, then renamed: a
	 * backup with a MANIFEST is a finished one. */
	if (write_small(dir, MANIFEST ".tmp", buf_cstr(&man), NULL) < 0) {
		rc = 1;
		goto done;
	}
	snprintf(tmp, sizeof(tmp), "%s/" MANIFEST ".tmp", dir);
	snprintf(path, sizeof(path), "%s/" MANIFEST, dir);
	if (rename(tmp, path) < 0 || fs_sync_dir(dir) < 0) {
		rc = config_die("cannot finish %s: %s", path, strerror(errno));
		goto done;
	}
	printf("p2ham: backup of %s (schema %d) written to %s\n",
	    db_backend_name(db_backend(db)), version, dir);
done:
	buf_free(&man);
	buf_free(&info);
	if (db != NULL)
		db_close(db);
	return rc;
}

/* Check every line of DIR/MANIFEST; *kind receives the database file
 * named in it ("database.sqlite" or "database.pgdump"). -1 after
 * printing why. */
static int
manifest_check(const char *dir, const char **kind)
{
	char path[PATH_CAP], hex[65], *text, *line, *next;
	size_t len, count = 0;
	int rc = -1;

	*kind = NULL;
	snprintf(path, sizeof(path), "%s/" MANIFEST, dir);
	if ((text = config_read_file(path, MANIFEST_MAX, &len)) == NULL) {
		config_die("%s has no MANIFEST: not a finished backup", dir);
		return -1;
	}
	for (line = text; *line != '\0'; line = next) {
		char *name;

		if ((next = strchr(line, '\n')) == NULL) {
			config_die("%s: the last line is cut off", path);
			goto done;
		}
		*next++ = '\0';
		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ' ||
		    (name = line + 66)[0] == '/' || strstr(name, "..") != NULL) {
			config_die("%s: a line is not '<sha256>  <file>': %.80s", path, line);
			goto done;
		}
		line[64] = '\0';
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
		    hash_file(path, hex) < 0)
			goto done;
		if (strcmp(hex, line) != 0) {
			config_die(
			    "%s does not match the manifest: the backup is damaged", path);
			goto done;
		}
		if (strcmp(name, "database.sqlite") == 0)
			*kind = "database.sqlite";
		else if (strcmp(name, "database.pgdump") == 0)
			*kind = "database.pgdump";
		count++;
	}
	if (*kind == NULL) {
		config_die("%s/" MANIFEST " names no database file", dir);
		goto done;
	}
	rc = 0;
done:
	free(text);
	return rc;
}

static const char restore_what[] =
    "Bring the backup in DIR (made by p2ham backup) into an empty installation:\n"
    "the data directory missing or empty, the database without a schema. The\n"
    "manifest is checked first; nothing is written when a file does not match.";

int
cmd_restore(int argc, char **argv)
{
	struct config_extra x = { NULL, "  DIR                 the backup to restore\n",
		NULL, NULL, true };
	struct skip sk = { 0, 0, NULL };
	struct config c;
	struct db *db = NULL;
	struct err e;
	char path[PATH_CAP];
	const char *dir, *kind;
	int rc = 0, version = 0, applied = 0;

	if (config_setup_extra(&c, argc, argv, restore_what, false, &x, &rc) < 0)
		return rc;
	if (optind + 1 != argc)
		return config_die("restore: expected one DIR; see p2ham restore --help") + 1;
	dir = argv[optind];
	if (manifest_check(dir, &kind) < 0 || empty_dir(c.data_dir, false) < 0)
		return 1;
	if (strcmp(kind, config_is_postgres(c.db) ? "database.pgdump" : "database.sqlite") != 0)
		return config_die(
		    "the backup holds a %s database and --db names a %s one",
		    strcmp(kind, "database.pgdump") == 0 ? "PostgreSQL" : "SQLite",
		    config_is_postgres(c.db) ? "PostgreSQL" : "SQLite");
	if (config_is_postgres(c.db)) {
		if ((db = config_open_db(&c)) == NULL)
			return 1;
		err_clear(&e);
		if (db_schema_version(db, &version, &e) < 0 || version != 0) {
			rc = config_die("%s",
			    version != 0
				? "the database is not empty: restore goes into a "
				  "database without a schema"
				: e.msg);
			goto done;
		}
	} else if (access(c.db, F_OK) == 0) {
		return config_die("the database %s exists: restore goes into a new one", c.db);
	}
	/* The files into the empty directory (made again by copy_tree with
	 * the backup's mode), then the database. */
	snprintf(path, sizeof(path), "%s/data", dir);
	if (rmdir(c.data_dir) < 0 && errno != ENOENT) {
		rc = config_die("cannot use %s: %s", c.data_dir, strerror(errno));
		goto done;
	}
	if (copy_tree(&sk, path, c.data_dir, "", NULL) < 0) {
		rc = 1;
		goto done;
	}
	if (db == NULL && (db = config_open_db(&c)) == NULL) {
		rc = 1;
		goto done;
	}
	err_clear(&e);
	snprintf(path, sizeof(path), "%s/%s", dir, kind);
	if (db_restore(db, path, &e) < 0 || db_migrate(db, &applied, &e) < 0 ||
	    db_schema_version(db, &version, &e) < 0) {
		rc = config_die("%s", e.msg);
		goto done;
	}
	printf("p2ham: restored %s into %s (schema %d, %d migration%s applied after)\n",
	    dir, c.data_dir, version, applied, applied == 1 ? "" : "s");
done:
	if (db != NULL)
		db_close(db);
	return rc;
}
