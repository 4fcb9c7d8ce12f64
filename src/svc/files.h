/*
 * files.h - uploaded files and their store. A file sent to a streamed
 * upload route (http/spool.h), handed to a service as a struct file_in, is
 * checked (not empty, within the size limit, and by its content one of the
 * types its purpose takes: a PDF, JPEG, PNG or WebP image, a photo only an
 * image; file_types.c), then kept
 * once by its SHA-256 in the file store (file_store.h: under
 * DATA_DIR/files/ab/cd/<sha256>, or in the database); its row says
 * which participation it belongs to, for what (purpose and indicator),
 * its original name, type, size, who sent it and when. Replacing or
 * removing a file keeps the old row as history; the stored bytes are never
 * deleted, so removed files stay downloadable by whoever may see the
 * participation. Downloads (/berkas/{id}) check the policy first.
 */
#ifndef P2HAM_FILES_H
#define P2HAM_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "svc/file_store.h"
#include "svc/participation.h"
#include "svc/svc.h"
#include "view/i18n.h"

/* What a file is for; the codes are the database's (file.purpose). */
enum file_purpose {
	FILE_EVIDENCE,  /* an indicator's evidence: PDF or image */
	FILE_STATEMENT, /* the signed declaration statement: PDF
			   or image */
	FILE_PHOTO,     /* a photo of the declaration event: an
			   image only */
	FILE_PURPOSE_MAX
};

/* The purpose's code ("evidence", ...), "" out of range; the purpose
 * called code, FILE_PURPOSE_MAX when none. */
const char *file_purpose_code(enum file_purpose p);
enum file_purpose file_purpose_parse(const char *code);

/* True when a file of the accepted type mime may be kept for purpose p. */
bool files_purpose_accepts(enum file_purpose p, const char *mime);

/* The types p takes, as people read them in l ("JPEG, PNG atau WebP"). */
const char *files_purpose_types(enum file_purpose p, enum lang l);

/* The accepted type mime as people call it ("PDF"), NULL for another. */
const char *files_type_name(const char *mime);

/*
 * A file sent for a participation, as the services take it: its bytes
 * wait in a temporary file (the pages fill this from a streamed upload,
 * the demo from a file of its own). Strings are borrowed.
 */
struct file_in {
	const char *path; /* the temporary file; NULL when no byte
			     came or it was too large. Whoever
			     takes the file removes it (NULL then) */
	const char *name; /* the original name as sent (UTF-8) */
	uint64_t size;    /* bytes received */
	char sha256[65];  /* lowercase hex of the content; "" when
			     too large */
	const char *mime; /* the accepted type its content shows
			     (files_sniff), NULL for none */
	bool too_large;   /* it passed the size limit */
	uint64_t limit;   /* that limit, in bytes, for the message */
};

/* A file accepted by files_accept. */
struct stored_file {
	int64_t id;       /* 0: no file was accepted */
	char sha256[65];  /* lowercase hex of the content */
	const char *name; /* original name, cleaned, in s->arena */
	const char *mime; /* application/pdf, image/jpeg, ... (static) */
	int64_t size;     /* bytes */
};

/* Where an accepted file belongs. */
struct file_place {
	int64_t participation;
	enum file_purpose purpose;
	const char *indicator; /* indicator code, NULL when none */
	int64_t replaces;      /* a live file of the same participation,
				  purpose and indicator it replaces; 0:
				  none */
};

/*
 * f as an upload for purpose: 0 when it is within its limit, not empty and
 * of a type the purpose takes; else -1 with e ERR_INVALID (422) and the
 * message in s->lang naming the file (and the limit, or the types the
 * purpose takes), f's temporary file removed.
 */
int files_check(struct svc *s, struct file_in *f, enum file_purpose purpose, struct err *e);

/*
 * files_check, then files_put: the slow part of taking
 * a file (reading and syncing its bytes), done before the service's
 * transaction begins. The stored copy is kept by its content, so a
 * transaction rolled back afterwards leaves at most an unreferenced copy.
 */
int files_keep(struct svc *s, struct file_in *f, enum file_purpose purpose, struct err *e);

/*
 * Keep f, checked already, in the process's file store (file_store.h): the
 * data directory s->data_dir, or the database. f's temporary file is
 * removed either way (f->path NULL); -1 with e (500) when the store
 * cannot be written. files_put_into keeps it in store st.
 */
int files_put(struct svc *s, struct file_in *f, struct err *e);
int files_put_into(const struct file_store *st, struct file_in *f, struct err *e);

/*
 * Insert the row of file f (kept already by files_keep) at place, in the
 * calling service's transaction: the file it replaces, if any, must be a
 * live one of the same place (else 422 in s->lang) and gets removed_at
 * (its row stays as history); audit "file.upload" or "file.replace". out
 * receives the row. The caller has checked the policy and the stage
 * machine.
 */
int files_accept(struct svc *s, const struct file_place *place, const struct file_in *f,
    struct stored_file *out, struct err *e);

/*
 * File id's row (the columns of DB_FILE_GET) into *row when s's actor may
 * see the participation it belongs to (loaded into p); 404 otherwise, as
 * for a file that does not exist. The caller owns *row.
 */
int
files_get(struct svc *s, int64_t id, json_t **row, struct participation *p, struct err *e);

/*
 * Remove file id while the stage it belongs to is open (evidence: the
 * building stage's fill; a statement or photo: the declaration's record),
 * in a transaction of its own: the row keeps its history, the stored bytes
 * stay. A file removed already writes nothing. *pid receives its
 * participation. -1 with e as files_get and participation_guard say.
 */
int files_remove(struct svc *s, int64_t id, int64_t *pid, struct err *e);

/*
 * Live files of a participation (purpose FILE_PURPOSE_MAX, indicator NULL:
 * any), oldest
 * first, as a new JSON array of {id, name, mime, size, size_text ("1,2
 * MB" in s->lang), uploaded_at, uploaded_by_name, indicator, purpose, href
 * ("/berkas/ID")}; NULL with e. The caller has checked the policy.
 */
json_t *files_list(struct svc *s, int64_t participation_id, enum file_purpose purpose,
    const char *indicator, struct err *e);

/* Add to rows (FILE_LIST's) what files_list adds: size_text, href. */
void files_describe(struct svc *s, json_t *rows);

/*
 * Count of live files per indicator of a participation for purpose, as a
 * new JSON object {indicator_code: n} (indicators without files absent);
 * NULL with e.
 */
json_t *files_count_by_indicator(struct svc *s, int64_t participation_id,
    enum file_purpose purpose, struct err *e);

/* The accepted type called mime as a static string ("image/png"), NULL
 * for any other. */
const char *files_mime_accepted(const char *mime);

/* bytes as people read them: "1,2 MB" in Indonesian, "1.2 MB" in English,
 * into out (cap bytes, at least 16). */
void files_size_text(enum lang l, uint64_t bytes, char *out, size_t cap);

/*
 * The lower layer, without a database (also for tests).
 *
 * files_sniff: the type of the file at path by its content: libmagic and
 * the format's own signature must agree on one of the accepted types. The
 * static MIME type, or NULL when it is none of them (or unreadable).
 *
 * files_store: move f's temporary file into the store under data_dir as
 * files/ab/cd/<sha256>, synced first; when that content is stored already,
 * keep the stored copy and drop the temporary file. f->path is NULL
 * afterwards. -1 with e (500) when the store cannot be written; the
 * temporary file is then removed too.
 *
 * files_path: the stored path of sha256 under data_dir, in out.
 *
 * files_in_path: fill f for the file at path (a temporary file the caller
 * hands over) called name: its size, SHA-256 and type by content, under
 * limit bytes. -1 with e when it cannot be read.
 */
const char *files_sniff(const char *path);
int files_store(const char *data_dir, struct file_in *f, struct err *e);
int files_path(const char *data_dir, const char *sha256, char *out, size_t cap);
int files_in_path(struct file_in *f, const char *path, const char *name, uint64_t limit,
    struct err *e);

/* Contents untouched this long may be swept when no row holds them. */
#define FILES_ORPHAN_GRACE (24 * 3600)

/*
 * Remove the stored contents (DATA_DIR/files/ab/cd/<sha256>) that no file
 * row holds and that were not touched for FILES_ORPHAN_GRACE: left by a
 * request whose transaction rolled back after its file was stored. Run at
 * start. Returns how many were removed, or -1 with e on a database error.
 */
long files_sweep(struct db_conn *c, const char *data_dir, time_t now, struct err *e);

#endif
