/*
 * sheet.h - tables written out for spreadsheets: CSV (RFC 4180, UTF-8 with
 * a byte order mark so that spreadsheet programs read it as UTF-8) and
 * XLSX (libxlsxwriter). The rows are JSON objects, the columns name their
 * keys, so any list a handler loads can be exported; rows may come in
 * batches, so a long list need not be in memory at once as JSON.
 */
#ifndef P2HAM_SHEET_H
#define P2HAM_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* One column: which key of a row, under which heading. */
struct sheet_column {
	const char *key;   /* the row's key; a missing or null value is blank */
	const char *title; /* the heading in the first row */
};

/* A column as an export declares it, before its heading is looked up in
 * the reader's language (svc_sheet_columns). */
struct sheet_heading {
	const char *key;       /* the row's key */
	const char *title_key; /* heading: catalog key; NULL: the key itself */
};

/*
 * CSV: the byte order mark and the heading row, then rows. Fields are
 * quoted when they hold the separator, a quote or a line break; a text
 * cell that a spreadsheet would run as a formula (starting with = + - @,
 * tab or CR) is prefixed with an apostrophe, the usual defence against
 * formula injection. Errors are b's sticky failure.
 */
void sheet_csv_head(struct buf *b, const struct sheet_column *cols, size_t n);
void sheet_csv_rows(struct buf *b, const struct sheet_column *cols, size_t n, json_t *rows);

/*
 * A CSV too long to hold in memory goes through a temporary file:
 * sheet_csv_tmp opens a new one in directory tmpdir (which must exist),
 * named after prefix and removed at once, and returns it; sheet_csv_flush
 * writes what b holds to it after each batch and empties b;
 * sheet_csv_rewind goes back to its start for sending, its size into *len.
 * -1 with e on failure (ERR_NOMEM when b ran out of memory).
 */
int sheet_csv_tmp(const char *tmpdir, const char *prefix, struct err *e);
int sheet_csv_flush(int fd, struct buf *b, struct err *e);
int sheet_csv_rewind(int fd, uint64_t *len, struct err *e);

struct sheet_xlsx; /* a workbook being written to a temporary file */

/*
 * Start a one-sheet workbook called name with the heading row, in a new
 * temporary file of directory tmpdir (which must exist). big asks for
 * libxlsxwriter's constant-memory mode (rows flushed as written, strings
 * inline instead of in the shared string table): for many rows. NULL with
 * e on failure.
 */
struct sheet_xlsx *sheet_xlsx_open(const char *tmpdir, const char *name,
    const struct sheet_column *cols, size_t n, bool big, struct err *e);
/* Append rows (objects); integers and reals become numbers, text text. */
int sheet_xlsx_rows(struct sheet_xlsx *x, json_t *rows, struct err *e);
/*
 * Close the workbook and hand its bytes to the caller (*out, malloc'd,
 * *len bytes); x is freed and its file removed whatever happens.
 */
int sheet_xlsx_finish(struct sheet_xlsx *x, char **out, size_t *len, struct err *e);
/*
 * The same, handing over the workbook as an open file instead (*fd, *len
 * bytes), its name already removed: for a response that sends it from
 * disk. The caller closes *fd.
 */
int sheet_xlsx_finish_fd(struct sheet_xlsx *x, int *fd, uint64_t *len, struct err *e);
/* Give up: free x and remove its file. NULL is fine. */
void sheet_xlsx_abort(struct sheet_xlsx *x);

#endif
