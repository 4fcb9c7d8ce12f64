/*
 * csv.h - a reader of comma-separated values (RFC 4180) over text held in
 * memory, for the registry's imports: fields quoted with double quotes may
 * hold separators, line breaks and doubled quotes; records end with CRLF,
 * LF or a lone CR; a UTF-8 byte order mark at the start is skipped. The
 * separator is a parameter because spreadsheets set to Indonesian write
 * semicolons (their decimal mark is the comma).
 *
 * Pure and bounded: no I/O, memory grows only up to the limits given, and
 * any byte sequence yields records or an error, never a crash. Checking the
 * text as UTF-8 is the caller's business (do it once over the whole file).
 */
#ifndef P2HAM_CSV_H
#define P2HAM_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/code.h"

/* Why the text is not CSV; the catalog key suffix is csv_error_code. */
/* clang-format off */
#define CSV_ERROR_LIST(X) \
	X(CSV_OK, "ok") \
	X(CSV_E_QUOTE, "quote")                     /* a quote inside a field that is not quoted */ \
	X(CSV_E_AFTER_QUOTE, "after_quote")         /* text between a closing quote and the \
						       separator */ \
	X(CSV_E_UNTERMINATED, "unterminated")       /* a quoted field still open at the end of the \
						       text */ \
	X(CSV_E_TOO_MANY_FIELDS, "too_many_fields") /* a record with more fields than allowed */ \
	X(CSV_E_FIELD_TOO_LONG, "field_too_long")   /* a field longer than allowed */ \
	X(CSV_E_NUL, "nul")                         /* a NUL byte: binary, not text */ \
	X(CSV_E_NOMEM, "nomem")                     /* out of memory */
/* clang-format on */

enum csv_error { CSV_ERROR_LIST(CODE_ENUM) CSV_ERROR_MAX };

/* One field of the current record: unquoted, unescaped, NUL-terminated. */
struct csv_field {
	const char *p; /* owned by the reader, valid until the next call */
	size_t len;    /* bytes, without the terminating NUL */
	bool quoted;   /* was written in quotes */
};

/* The record csv_next returned. */
struct csv_record {
	const struct csv_field *fields; /* owned by the reader */
	size_t count;                   /* fields, at least 1 */
	size_t line; /* line of the text the record starts on, from 1 */
};

struct csv_reader {
	const char *data;         /* the text, borrowed */
	size_t len;               /* its bytes */
	size_t pos;               /* next byte to read */
	size_t line;              /* line number at pos, from 1 */
	char sep;                 /* field separator: ',' or ';' (any byte
				     but a quote, CR or LF) */
	size_t max_fields;        /* per record */
	size_t max_field_len;     /* bytes per field */
	char *text;               /* the current record's field bytes (malloc) */
	size_t text_len;          /* bytes used in text */
	size_t text_cap;          /* bytes allocated */
	struct csv_field *fields; /* the current record's fields (malloc) */
	size_t field_cap;         /* elements allocated */
	enum csv_error error;     /* sticky: after an error csv_next fails */
	size_t error_line;        /* where the error was found */
};

/*
 * Prepare r to read len bytes of data (borrowed; must outlive r) with
 * separator sep, at most max_fields fields of at most max_field_len bytes
 * per record (0: 1000 fields, 1 MiB). Skips a UTF-8 byte order mark.
 */
void csv_init(struct csv_reader *r, const char *data, size_t len, char sep,
    size_t max_fields, size_t max_field_len);

/*
 * Read the next record into rec: 1 when there is one, 0 at the end of the
 * text, -1 on an error (r->error, r->error_line), which is sticky. A line
 * break at the very end does not make an empty record; an empty line
 * elsewhere is a record of one empty field. rec's memory is the reader's
 * and is valid until the next call.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec);

/* Release the reader's memory (not the text). */
void csv_free(struct csv_reader *r);

/*
 * The separator a file uses, guessed from its first line: ';' when it has
 * semicolons and no commas outside quotes, else ','. A byte order mark is
 * skipped.
 */
char csv_sniff_separator(const char *data, size_t len);

/* True when every field of rec is empty: a blank line. */
bool csv_record_blank(const struct csv_record *rec);

/* The error's stable code, e.g. "unterminated"; "" out of range. */
const char *csv_error_code(enum csv_error e);

#endif
