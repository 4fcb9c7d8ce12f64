/*
 * spool.h - streamed multipart/form-data uploads. The body is fed to the
 * incremental parser (http/multipart.h) as it comes off the network: text
 * fields become the request's form, so that CSRF and declared parameters
 * work as for any form; each file part goes to its own temporary file
 * (O_EXCL, 0600) in the spool directory while its SHA-256 is computed, so
 * a file is never held whole in memory. A file past the per-file limit is
 * dropped at once and marked too_large; what the handler should say about
 * it is the handler's business. Every temporary file still there when the
 * request's arena is freed is removed, so an upload that is refused, fails
 * or is abandoned leaves nothing behind.
 */
#ifndef P2HAM_SPOOL_H
#define P2HAM_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "http/request.h"

#define SPOOL_TEXT_MAX (64 * 1024) /* bytes of one text field */
#define SPOOL_FIELDS_MAX 32        /* text fields in one request */
#define SPOOL_FILES_DEFAULT 4      /* files when the route says 0 */

struct spool_limits {
	const char *dir;   /* temporary files go here; must exist */
	uint64_t file_max; /* bytes of one file */
	size_t max_files;  /* file parts in one request */
};

/*
 * Start spooling req's body, whose Content-Type is content_type. The spool
 * lives in req's arena (which removes its temporary files when freed) and
 * is set as req->spool. NULL with e: 400 when the type is not
 * multipart/form-data with a usable boundary, 413 out of memory.
 */
struct spool *spool_open(struct request *req, const char *content_type,
    const struct spool_limits *lim, struct err *e);

/*
 * The next len bytes of the body. 0, or -1 once the body was refused (the
 * reason is kept for spool_finish; later calls do nothing, so the caller
 * may go on reading the body to its end).
 */
int spool_feed(struct spool *s, const char *p, size_t len);

/*
 * The body has ended: set req->form to the text fields and req->files to
 * the files received. 0, or -1 with e: 400 for a malformed body or a text
 * field that is too long or not UTF-8, 413 for too many fields or files,
 * 500 when a temporary file could not be written. On -1 every temporary
 * file has been removed.
 */
int spool_finish(struct spool *s, struct err *e);

/* Stop and remove every temporary file now (the body passed the
 * request's cap); spool_finish then fails with 413. */
void spool_abort(struct spool *s);

/* Remove f's temporary file, if any, now; f->path becomes NULL. */
void spool_discard(struct req_file *f);

/* The first file of req sent in field name, or NULL. */
struct req_file *spool_file(struct request *req, const char *name);

/*
 * Create DATA_DIR/files and its tmp directory, the spool (its path in dir,
 * cap bytes), unless they exist, and remove what a crashed process left
 * there. -1 with e when the directories cannot be made.
 */
int spool_prepare(const char *data_dir, char *dir, size_t cap, struct err *e);

#endif
