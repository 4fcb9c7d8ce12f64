/*
 * upload.h - requests sent as multipart/form-data, the way browsers send
 * files. Their text fields become the request's form, so that the CSRF
 * check and the route's declared parameters work as for any other form;
 * a handler then takes a file field's content, parsed incrementally by
 * http/multipart.h from the body the server collected (up to the route's
 * max_body). Routes that stream uploads (.upload, http/spool.h) arrive
 * parsed already; upload_file reads their spooled file into memory, which
 * suits small files only: large ones go to the services as struct file_in
 * (svc/files.h), made by upload_files_in.
 */
#ifndef P2HAM_UPLOAD_H
#define P2HAM_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "http/request.h"
#include "svc/files.h"

#define UPLOAD_TEXT_MAX (64 * 1024) /* bytes of one text field */
#define UPLOAD_FIELDS_MAX 32        /* parts in one request */

/* A file field's content, in the request's arena. */
struct upload_file {
	bool present;             /* a file was chosen and sent */
	const char *filename;     /* as the browser gave it, UTF-8 */
	const char *content_type; /* as sent, "" when absent */
	const char *data;         /* its bytes (NUL-terminated for convenience) */
	size_t len;               /* bytes of data */
};

/*
 * When req's body is multipart/form-data, decode its text fields (parts
 * without a file name) into req->form. 0 as well when the body is of
 * another type; -1 with e set to 400 when it is malformed, has a text
 * field over UPLOAD_TEXT_MAX bytes or not in UTF-8, or more than
 * UPLOAD_FIELDS_MAX parts.
 */
int upload_form(struct request *req, struct err *e);

/*
 * The first file field called name, at most max bytes, into *f. 0 with
 * f->present false when there is no such field or no file was chosen;
 * -1 with e set to 413 when the file is larger than max, 400 when the
 * body is not multipart/form-data or is malformed, 413 when the arena is
 * exhausted.
 */
int upload_file(struct request *req, const char *name, size_t max, struct upload_file *f,
    struct err *e);

/*
 * The files chosen in field of a streamed upload (a file input left empty
 * is no file), in order, as a new array in the request's arena for a
 * service (svc/files.h): each with its temporary file, name, size, hash,
 * the server's size limit and its type found by content (files_sniff),
 * so the reading happens before the service's transaction. The temporary
 * files stay the request's and go with it. *out is NULL when none was
 * chosen. -1 when out of memory.
 */
int upload_files_in(struct request *req, const char *field, struct file_in **out, size_t *n);

#endif
