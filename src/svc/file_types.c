/*
 * file_types.c - what an uploaded file is, and what each purpose takes
 * (files.h).
 *
 * The type of a file is decided by its content only: libmagic's verdict
 * and the format's own signature at the start of the file must name the
 * same accepted type, so neither a renamed executable nor a polyglot that
 * fools one of the two gets through. Each purpose then takes only the
 * types its form field offers: a photo of the event is a picture, never a
 * PDF, whatever the browser let through.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <magic.h>

#include "base/code.h"
#include "base/fdio.h"
#include "svc/files.h"
#include "base/log.h"

#define SNIFF_BYTES (64 * 1024) /* what libmagic is shown of a file */

/* The accepted types: a signature at the start, and for WebP a second one. */
/* clang-format off */
enum file_type_id {
	FT_PDF,
	FT_JPEG,
	FT_PNG,
	FT_WEBP,
	FT_MAX
};
/* clang-format on */

/* clang-format off */
static const struct file_type {
	const char *mime;
	const char *name;		/* as people call it */
	const char *sig;		/* bytes at offset 0 */
	size_t sig_len;
	const char *sig2;		/* bytes at offset 8, or NULL */
	size_t sig2_len;
} file_types[FT_MAX] = {
	[FT_PDF] = { "application/pdf", "PDF", "%PDF-", 5, NULL, 0 },
	[FT_JPEG] = { "image/jpeg", "JPEG", "\xff\xd8\xff", 3, NULL, 0 },
	[FT_PNG] = { "image/png", "PNG", "\x89PNG\r\n\x1a\n", 8, NULL, 0 },
	[FT_WEBP] = { "image/webp", "WebP", "RIFF", 4, "WEBP", 4 },
};
/* clang-format on */
#define FILE_TYPE_COUNT FT_MAX
#define FT_BIT(t) (1u << (t))
#define FT_IMAGES (FT_BIT(FT_JPEG) | FT_BIT(FT_PNG) | FT_BIT(FT_WEBP))

/* What each purpose takes, as its form field says (templates/building,
 * declaration_form.c): evidence and the signed statement a scan or a
 * picture, photos pictures only. types_key: the catalog's list of them. */
/* clang-format off */
static const struct {
	const char *code;		/* file.purpose */
	unsigned types;			/* FT_BIT set */
	const char *types_key;
} purposes[FILE_PURPOSE_MAX] = {
	[FILE_EVIDENCE] = { "evidence", FT_BIT(FT_PDF) | FT_IMAGES, "files.types.document" },
	[FILE_STATEMENT] = { "statement", FT_BIT(FT_PDF) | FT_IMAGES, "files.types.document" },
	[FILE_PHOTO] = { "photo", FT_IMAGES, "files.types.image" },
};
/* clang-format on */

/* One libmagic handle per thread: magic_t is not safe to share. */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static bool magic_key_ok;

static void
magic_release(void *m)
{
	magic_close(m);
}

static void
magic_key_init(void)
{
	magic_key_ok = pthread_key_create(&magic_key, magic_release) == 0;
}

static magic_t
thread_magic(void)
{
	magic_t m;

	pthread_once(&magic_once, magic_key_init);
	if (!magic_key_ok)
		return NULL;
	if ((m = pthread_getspecific(magic_key)) != NULL)
		return m;
	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)) == NULL)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		log_err("event=magic_load_failed msg=\"%s\"",
		    magic_error(m) ? magic_error(m) : "");
		magic_close(m);
		return NULL;
	}
	pthread_setspecific(magic_key, m);
	return m;
}

/* The accepted type whose signature head starts with, or NULL. */
static const struct file_type *
by_signature(const unsigned char *head, size_t len)
{
	const struct file_type *t;
	size_t i;

	for (i = 0; i < FILE_TYPE_COUNT; i++) {
		t = &file_types[i];
		if (len >= t->sig_len && memcmp(head, t->sig, t->sig_len) == 0 &&
		    (t->sig2 == NULL ||
			(len >= 8 + t->sig2_len && memcmp(head + 8, t->sig2, t->sig2_len) == 0)))
			return t;
	}
	return NULL;
}

const char *
files_sniff(const char *path)
{
	const struct file_type *t;
	const char *found, *mime = NULL;
	unsigned char *head;
	size_t len;
	magic_t m;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return NULL;
	if ((head = malloc(SNIFF_BYTES)) == NULL) {
		close(fd);
		return NULL;
	}
	/* What could be read is sniffed, even after a read error. */
	(void)fd_read_full(fd, head, SNIFF_BYTES, &len);
	close(fd);
	if ((t = by_signature(head, len)) != NULL) {
		if ((m = thread_magic()) == NULL || (found = magic_buffer(m, head, len)) == NULL)
			log_err("event=magic_failed");
		else if (strcmp(found, t->mime) == 0)
			mime = t->mime;
	}
	free(head);
	return mime;
}

/* The accepted type called mime, or NULL. */
static const struct file_type *
by_mime(const char *mime)
{
	size_t i;

	for (i = 0; mime != NULL && i < FILE_TYPE_COUNT; i++)
		if (strcmp(mime, file_types[i].mime) == 0)
			return &file_types[i];
	return NULL;
}

const char *
files_mime_accepted(const char *mime)
{
	const struct file_type *t = by_mime(mime);

	return t != NULL ? t->mime : NULL;
}

const char *
files_type_name(const char *mime)
{
	const struct file_type *t = by_mime(mime);

	return t != NULL ? t->name : NULL;
}

CODE_MEMBER_FUNCTIONS(file_purpose, enum file_purpose, purposes, code, FILE_PURPOSE_MAX)

bool
files_purpose_accepts(enum file_purpose p, const char *mime)
{
	const struct file_type *t = by_mime(mime);

	return t != NULL && p < FILE_PURPOSE_MAX &&
	    (purposes[p].types & FT_BIT(t - file_types)) != 0;
}

const char *
files_purpose_types(enum file_purpose p, enum lang l)
{
	return i18n_get(l,
	    p < FILE_PURPOSE_MAX ? purposes[p].types_key : "files.types.document");
}
