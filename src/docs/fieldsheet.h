/*
 * fieldsheet.h - the printable field sheet of a site visit: for those who
 * prefer paper, each indicator with its unit's answer and evidence, a box
 * to tick per verdict, lines to write a note on, and a QR code that opens
 * the indicator on the verification page. A4 portrait, real text (found
 * by pdftotext), as many pages as it takes. Knows nothing of the
 * database: the caller fills a struct fieldsheet.
 */
#ifndef P2HAM_FIELDSHEET_H
#define P2HAM_FIELDSHEET_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define FIELDSHEET_CHOICES 3 /* the verdicts to tick */

/* One indicator. Strings borrowed, valid UTF-8. */
struct fieldsheet_item {
	const char *heading;  /* "1.2 K01 — the indicator's text" */
	const char *answer;   /* "Jawaban: ..." */
	const char *evidence; /* "Data dukung: a.pdf, b.jpg" */
	const char *qr_text;  /* the address that opens it */
};

struct fieldsheet {
	const char *title;              /* bold, on top of the first page */
	const char *subtitle;           /* the unit and the cycle */
	const char *const *head_fields; /* labels with a line to write on
					   (date, who was present, ...) */
	size_t nhead;
	const char *choices[FIELDSHEET_CHOICES]; /* the boxes' labels */
	const char *note_label;                  /* above the note lines */
	const struct fieldsheet_item *items;
	size_t count;
	const char *page_ref; /* beside the page number */
};

/* Render fs as a PDF appended to out. -1 with e (500): text that is not
 * UTF-8, a QR text too long, or cairo failing. */
int fieldsheet_render(const struct fieldsheet *fs, struct buf *out, struct err *e);

#endif
