/*
 * sign.c - the installation's Ed25519 key pair on disk and signatures made
 * with it. signing.key holds the 32-byte seed as hex on one line (text, so
 * that it survives being copied into a password manager or a backup tool);
 * signing.pub the public key as base64 on one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/str.h"
#include "docs/sign.h"

#define KEYS_DIR "keys"
#define SECRET_FILE "signing.key"
#define PUBLIC_FILE "signing.pub"
#define SEED_BYTES crypto_sign_SEEDBYTES
#define FILE_MAX 256 /* more than any key file we write */

/* DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the key follows. */
/* clang-format off */
static const unsigned char spki_prefix[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
};
/* clang-format on */

/* The key given to this process (--signing-key, P2HAM_SIGNING_KEY): when
 * set it stands for DATA_DIR/keys/ everywhere. Set once at start, before
 * any thread reads it. */
static struct {
	bool is_set;
	struct sign_keys k;
} given;

static int
path_of(char *out, size_t cap, const char *data_dir, const char *file)
{
	int n;

	if (file == NULL)
		n = snprintf(out, cap, "%s/" KEYS_DIR, data_dir);
	else
		n = snprintf(out, cap, "%s/" KEYS_DIR "/%s", data_dir, file);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int
sign_key_path(const char *data_dir, char *out, size_t cap)
{
	return path_of(out, cap, data_dir, SECRET_FILE);
}

int
sign_public_path(const char *data_dir, char *out, size_t cap)
{
	return path_of(out, cap, data_dir, PUBLIC_FILE);
}

/*
 * Read the one-line file path into buf (cap bytes), trailing blanks and
 * newlines removed. When is_secret, refuse a file that others may read, as
 * ssh does: a leaked signing key lets anyone sign in our name. Returns 0,
 * 1 when the file does not exist, -1 with e.
 */
static int
read_line_file(const char *path, bool is_secret, char *buf, size_t cap, struct err *e)
{
	struct stat st;
	size_t len = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return 1;
		err_set(e, ERR_SIGN_KEY, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err_set(e, ERR_SIGN_KEY, "%s is not a regular file", path);
		goto fail;
	}
	if (is_secret && (st.st_mode & 077) != 0) {
		err_set(e, ERR_SIGN_KEY,
		    "%s may be read by other users "
		    "(mode %03o); run 'chmod 600 %s'",
		    path, (unsigned)(st.st_mode & 0777), path);
		goto fail;
	}
	if (fd_read_full(fd, buf, cap - 1, &len) < 0) {
		err_set(e, ERR_SIGN_KEY, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		len--;
	buf[len] = '\0';
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

/*
 * Create a new file at tmp (which must not exist) with mode and content,
 * durably. -1 with e; the temporary file is removed again on failure.
 */
static int
write_new_file(const char *tmp, mode_t mode, const char *content, struct err *e)
{
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		err_set(e, ERR_SIGN_KEY, "cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fd_write_all(fd, content, strlen(content)) < 0 || fsync(fd) < 0) {
		err_set(e, ERR_SIGN_KEY, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) < 0) {
		err_set(e, ERR_SIGN_KEY, "cannot write %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* A temporary name next to final, unique to this process and call. */
static int
temp_name(char *out, size_t cap, const char *final)
{
	int n = snprintf(out, cap, "%s.tmp-%ld-%08x", final, (long)getpid(),
	    (unsigned)randombytes_random());

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The key pair of text, the seed as 64 hex digits or as base64 (44
 * characters); -1 with e naming what (where it came from) otherwise. */
static int
seed_text_keys(const char *text, const char *what, struct sign_keys *k, struct err *e)
{
	unsigned char seed[SEED_BYTES];
	size_t bin_len = 0, len = strlen(text);
	int rc = -1;

	if (!(len == 2 * SEED_BYTES &&
		sodium_hex2bin(seed, sizeof(seed), text, len, NULL, &bin_len, NULL) == 0 &&
		bin_len == SEED_BYTES) &&
	    sign_base64_decode(seed, sizeof(seed), text) < 0) {
		err_set(e, ERR_SIGN_KEY,
		    "%s does not hold a signing key "
		    "(%d hex digits on one line, or its base64)",
		    what, 2 * SEED_BYTES);
		goto done;
	}
	if (crypto_sign_seed_keypair(k->pk, k->sk, seed) != 0) {
		err_set(e, ERR_SIGN_KEY, "%s: cannot derive the key pair", what);
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

/* Load the secret file at path into k; 1 when it does not exist. */
static int
load_secret(const char *path, struct sign_keys *k, struct err *e)
{
	char text[FILE_MAX];
	int rc;

	if ((rc = read_line_file(path, true, text, sizeof(text), e)) != 0)
		return rc;
	rc = seed_text_keys(text, path, k, e);
	sodium_memzero(text, sizeof(text));
	return rc;
}

int
sign_keys_give_file(const char *path, struct err *e)
{
	int r = load_secret(path, &given.k, e);

	if (r == 1)
		err_set(e, ERR_SIGN_KEY, "the signing key file %s does not exist", path);
	given.is_set = r == 0;
	return r == 0 ? 0 : -1;
}

int
sign_keys_give_text(const char *text, const char *what, struct err *e)
{
	char trimmed[FILE_MAX];
	size_t len = strlen(text);
	int rc;

	while (len > 0 &&
	    (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	if (len >= sizeof(trimmed)) {
		err_set(e, ERR_SIGN_KEY, "%s does not hold a signing key", what);
		return -1;
	}
	memcpy(trimmed, text, len);
	trimmed[len] = '\0';
	rc = seed_text_keys(trimmed, what, &given.k, e);
	sodium_memzero(trimmed, sizeof(trimmed));
	given.is_set = rc == 0;
	return rc;
}

bool
sign_keys_given(void)
{
	return given.is_set;
}

/* Generate a key pair and link it into place as path, unless another
 * process got there first (then theirs is loaded). */
static int
create_secret(const char *path, struct sign_keys *k, struct err *e)
{
	unsigned char seed[SEED_BYTES];
	char text[2 * SEED_BYTES + 2], tmp[4096];
	int rc = -1;

	if (temp_name(tmp, sizeof(tmp), path) < 0) {
		err_set(e, ERR_SIGN_KEY, "key path too long");
		return -1;
	}
	randombytes_buf(seed, sizeof(seed));
	sodium_bin2hex(text, sizeof(text) - 1, seed, sizeof(seed));
	text[2 * SEED_BYTES] = '\n';
	text[2 * SEED_BYTES + 1] = '\0';
	if (write_new_file(tmp, 0600, text, e) < 0)
		goto done;
	/* link(2), unlike rename(2), never replaces an existing key. */
	if (link(tmp, path) < 0) {
		int saved = errno;

		unlink(tmp);
		if (saved == EEXIST) {
			rc = load_secret(path, k, e) == 0 ? 0 : -1;
			goto done;
		}
		err_set(e, ERR_SIGN_KEY, "cannot create %s: %s", path, strerror(saved));
		goto done;
	}
	unlink(tmp);
	if (crypto_sign_seed_keypair(k->pk, k->sk, seed) != 0) {
		err_set(e, ERR_SIGN_KEY, "cannot derive the key pair");
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* Write signing.pub for pk, replacing any file there atomically. */
static int
write_public(const char *path, const unsigned char pk[SIGN_PUBLIC_BYTES], struct err *e)
{
	char text[SIGN_PUBLIC_BASE64_LEN + 1], tmp[4096];
	size_t n;

	sign_base64(text, sizeof(text), pk, SIGN_PUBLIC_BYTES);
	n = strlen(text);
	text[n] = '\n';
	text[n + 1] = '\0';
	if (temp_name(tmp, sizeof(tmp), path) < 0) {
		err_set(e, ERR_SIGN_KEY, "key path too long");
		return -1;
	}
	if (write_new_file(tmp, 0644, text, e) < 0)
		return -1;
	if (rename(tmp, path) < 0) {
		err_set(e, ERR_SIGN_KEY, "cannot create %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
sign_keys_ensure(const char *data_dir, struct err *e)
{
	struct sign_keys k;
	struct stat st;
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char dir[4096], key[4096], pub[4096];
	int rc = -1, r;

	if (given.is_set)
		return 0;
	if (path_of(dir, sizeof(dir), data_dir, NULL) < 0 ||
	    sign_key_path(data_dir, key, sizeof(key)) < 0 ||
	    sign_public_path(data_dir, pub, sizeof(pub)) < 0) {
		err_set(e, ERR_SIGN_KEY, "data directory path too long");
		return -1;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		err_set(e, ERR_SIGN_KEY, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		err_set(e, ERR_SIGN_KEY, "%s is not a directory", dir);
		return -1;
	}
	if ((r = load_secret(key, &k, e)) < 0)
		goto done;
	if (r == 1 && create_secret(key, &k, e) < 0)
		goto done;
	r = sign_public_load(data_dir, pk, e);
	if (r == 0 && sodium_memcmp(pk, k.pk, sizeof(pk)) != 0) {
		err_set(e, ERR_SIGN_KEY,
		    "%s does not belong to %s; remove "
		    "it and run 'p2ham init' to write it again",
		    pub, key);
		goto done;
	}
	if (r != 0 && write_public(pub, k.pk, e) < 0)
		goto done;
	rc = 0;
done:
	sign_keys_wipe(&k);
	return rc;
}

int
sign_public_load(const char *data_dir, unsigned char pk[SIGN_PUBLIC_BYTES], struct err *e)
{
	char path[4096], text[FILE_MAX];
	int r;

	if (given.is_set) {
		memcpy(pk, given.k.pk, SIGN_PUBLIC_BYTES);
		return 0;
	}
	if (sign_public_path(data_dir, path, sizeof(path)) < 0) {
		err_set(e, ERR_SIGN_KEY, "data directory path too long");
		return -1;
	}
	if ((r = read_line_file(path, false, text, sizeof(text), e)) < 0)
		return -1;
	if (r == 1) {
		err_set(e, ERR_SIGN_KEY,
		    "no public key at %s: run 'p2ham "
		    "init'",
		    path);
		return -1;
	}
	if (sign_base64_decode(pk, SIGN_PUBLIC_BYTES, text) < 0) {
		err_set(e, ERR_SIGN_KEY,
		    "%s does not hold an Ed25519 public "
		    "key in base64",
		    path);
		return -1;
	}
	return 0;
}

int
sign_keys_load(const char *data_dir, struct sign_keys *k, struct err *e)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char key[4096];
	int r;

	if (given.is_set) {
		*k = given.k;
		return 0;
	}
	if (sign_key_path(data_dir, key, sizeof(key)) < 0) {
		err_set(e, ERR_SIGN_KEY, "data directory path too long");
		return -1;
	}
	if ((r = load_secret(key, k, e)) != 0) {
		if (r == 1)
			err_set(e, ERR_SIGN_KEY,
			    "no signing key at %s: run "
			    "'p2ham init'",
			    key);
		return -1;
	}
	if (sign_public_load(data_dir, pk, e) < 0)
		goto fail;
	if (sodium_memcmp(pk, k->pk, sizeof(pk)) != 0) {
		err_set(e, ERR_SIGN_KEY,
		    "the public key in %s/" KEYS_DIR "/" PUBLIC_FILE
		    " does not belong to %s",
		    data_dir, key);
		goto fail;
	}
	return 0;
fail:
	sign_keys_wipe(k);
	return -1;
}

void
sign_keys_wipe(struct sign_keys *k)
{
	sodium_memzero(k, sizeof(*k));
}

void
sign_detached(const struct sign_keys *k, const void *msg, size_t len,
    unsigned char sig[SIGN_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, k->sk);
}

bool
sign_verify(const unsigned char pk[SIGN_PUBLIC_BYTES], const void *msg, size_t len,
    const unsigned char sig[SIGN_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

int
sign_base64(char *out, size_t cap, const unsigned char *p, size_t len)
{
	if (cap < sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	sodium_bin2base64(out, cap, p, len, sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int
sign_base64_decode(unsigned char *out, size_t want, const char *s)
{
	const char *end = NULL;
	size_t len = 0;

	if (s == NULL ||
	    sodium_base642bin(out, want, s, strlen(s), NULL, &len, &end,
		sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != want || end == NULL || *end != '\0')
		return -1;
	return 0;
}

void
sign_public_hex(char out[SIGN_PUBLIC_HEX_LEN], const unsigned char pk[SIGN_PUBLIC_BYTES])
{
	sodium_bin2hex(out, SIGN_PUBLIC_HEX_LEN, pk, SIGN_PUBLIC_BYTES);
}

void
sign_public_pem(char out[SIGN_PUBLIC_PEM_LEN], const unsigned char pk[SIGN_PUBLIC_BYTES])
{
	unsigned char der[sizeof(spki_prefix) + SIGN_PUBLIC_BYTES];
	char b64[64];

	memcpy(der, spki_prefix, sizeof(spki_prefix));
	memcpy(der + sizeof(spki_prefix), pk, SIGN_PUBLIC_BYTES);
	sign_base64(b64, sizeof(b64), der, sizeof(der));
	snprintf(out, SIGN_PUBLIC_PEM_LEN,
	    "-----BEGIN PUBLIC KEY-----\n%s\n"
	    "-----END PUBLIC KEY-----\n",
	    b64);
}
