/*
 * files.h - uploaded files and their store. A file sent to a streamed
 * upload route (http/spool.h) is checked (not empty, within the size
 * limit, and by its content a PDF, JPEG, PNG or WebP image), then kept
 * once by its SHA-256 under DATA_DIR/files/ab/cd/<sha256>; its row says
 * which participation it belongs to, for what (purpose and indicator),
 * its original name, type, size, who sent it and when. Replacing or
 * removing a file keeps the old row as history; the stored bytes are never
 * deleted, so removed files stay downloadable by whoever may see the
 * participation. Downloads (/berkas/{id}) check the policy first.
 */
#ifndef P2HAM_FILES_H
#define P2HAM_FILES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"
#include "http/request.h"
#include "view/i18n.h"

/* A file accepted by files_accept. */
struct stored_file {
	int64_t id;			/* 0: no file was chosen in that field */
	char sha256[65];		/* lowercase hex of the content */
	const char *name;		/* original name, in the request arena */
	const char *mime;		/* application/pdf, image/jpeg, ... (static) */
	int64_t size;			/* bytes */
};

/*
 * Take the file sent in form field `field` of a streamed upload request,
 * check it (empty, too large, type) and store it, inserting its row for
 * participation participation_id with purpose ("evidence", "statement",
 * "photo") and indicator code (NULL when none), replacing file `replaces`
 * (0: none; it must be a live file of the same participation, purpose and
 * indicator; the old row gets removed_at and stays as history) inside the
 * caller's transaction c; audit "file.upload" or "file.replace". 0 with
 * out->id set; 0 with out->id == 0 when the field is absent or no file was
 * chosen; -1 with e 422 and a clear message in the user's language when
 * refused (nothing left on disk), or another status for a database or disk
 * failure. The caller has already checked the policy and the stage machine.
 */
int	files_accept(struct request *req, struct db_conn *c, const char *field,
	    int64_t participation_id, const char *purpose, const char *indicator,
	    int64_t replaces, struct stored_file *out, struct err *e);

/*
 * Every file sent in field (several photos), each as files_accept does
 * without replacing, into out[0..*n). More than max files: -1 with e 422
 * before anything is stored. One refused file refuses them all: -1 with e
 * 422 naming it, nothing stored (the caller rolls back its transaction;
 * rows already inserted go with it, stored bytes stay as unreferenced
 * copies). *n is 0 when no file was chosen.
 */
int	files_accept_all(struct request *req, struct db_conn *c, const char *field,
	    int64_t participation_id, const char *purpose, const char *indicator,
	    size_t max, struct stored_file *out, size_t *n, struct err *e);

/*
 * Live files of a participation (purpose and indicator NULL: any), oldest
 * first, as a new JSON array of {id, name, mime, size, size_text ("1,2
 * MB"), uploaded_at, uploaded_by_name, indicator, purpose, href
 * ("/berkas/ID")}; NULL with e. The caller has checked the policy.
 */
json_t	*files_list(struct request *req, struct db_conn *c, int64_t participation_id,
	    const char *purpose, const char *indicator, struct err *e);

/*
 * Count of live files per indicator of a participation for purpose, as a
 * new JSON object {indicator_code: n} (indicators without files absent);
 * NULL with e.
 */
json_t	*files_count_by_indicator(struct request *req, struct db_conn *c,
	    int64_t participation_id, const char *purpose, struct err *e);

/* The accepted type called mime as a static string ("image/png"), NULL
 * for any other. */
const char *files_mime_accepted(const char *mime);

/* bytes as people read them: "1,2 MB" in Indonesian, "1.2 MB" in English,
 * into out (cap bytes, at least 16). */
void	files_size_text(enum lang l, uint64_t bytes, char *out, size_t cap);

/*
 * The lower layer, without a request or a database (also for tests).
 *
 * files_sniff: the type of the file at path by its content: libmagic and
 * the format's own signature must agree on one of the accepted types. The
 * static MIME type, or NULL when it is none of them (or unreadable).
 *
 * files_store: move f's temporary file into the store under data_dir as
 * files/ab/cd/<sha256>; when that exists already, keep it and drop the
 * temporary file. f->path is NULL afterwards. -1 with e (500) when the
 * store cannot be written; the temporary file is then removed too.
 *
 * files_path: the stored path of sha256 under data_dir, in out.
 *
 * files_check: f as an upload: 0 with *mime when it is within limit bytes,
 * not empty and of an accepted type; else -1 with e ERR_INVALID (422) and
 * the message in req's language naming the file (and the limit), f's
 * temporary file removed.
 */
const char *files_sniff(const char *path);
int	files_check(struct request *req, struct req_file *f, uint64_t limit,
	    const char **mime, struct err *e);
int	files_store(const char *data_dir, struct req_file *f, struct err *e);
int	files_path(const char *data_dir, const char *sha256, char *out, size_t cap);

#endif
