/*
 * pdf.h - A4 letters as PDF (cairo-pdf with pango for the text): a
 * letterhead with a rule under it, a centred title and serial line,
 * justified paragraphs, a label/value table, the place and date line, the
 * signature block, and on every page a QR code with the verification
 * address under it. The text is real text (selectable, found by pdftotext)
 * in DejaVu Serif and DejaVu Sans, whose used glyphs cairo embeds. Knows
 * nothing of the database or of requests: the caller fills a struct
 * pdf_doc. Safe to call from several threads at once: each call has its own
 * surface and pango context, on the calling thread's own font map.
 */
#ifndef P2HAM_PDF_H
#define P2HAM_PDF_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* One row of the label/value table. */
struct pdf_row {
	const char *label;
	const char *value;
};

/* What kind of page: a letter (A4 portrait, as many pages as it takes) or
 * a certificate (A4 landscape, one page: the letterhead small, the title
 * large, paragraph 0, the headline in large type, the other paragraphs
 * centred, the rows as centred "label: value" lines, the signature on the
 * right and the QR code on the left). */
enum pdf_style {
	PDF_LETTER,
	PDF_CERTIFICATE,
	PDF_POSTER, /* A4 portrait, one page to hang at a counter: the
		       letterhead small, headline (the unit), the title as
		       a large question, the paragraphs centred, a large QR
		       code, serial_line (e.g. "or type this address")
		       over footer_note, the short address to type, in
		       large type, and page_ref small at the bottom */
};

/*
 * A letter or a certificate. Strings are valid UTF-8 and borrowed for the call; NULL or
 * "" leaves a part out (except title and qr_text, which must be given).
 */
struct pdf_doc {
	enum pdf_style style;
	const char *headline;          /* certificate: the recipient, large */
	const char *const *head_lines; /* letterhead: bold, centred, upper case
					  as given (ministry, directorate) */
	size_t nhead;
	const char *head_address; /* small line under them (address) */
	const char *title;        /* centred, bold */
	const char *serial_line;  /* under the title, e.g. "Nomor: PCN-2026-000001" */
	const char *const *paragraphs; /* justified, first line indented */
	size_t nparagraphs;
	const struct pdf_row *rows; /* label : value, after the paragraphs */
	size_t nrows;
	const char *date_line;      /* "Gorontalo, 29 November 2026" */
	const char *signer_title;   /* above the space for the signature */
	const char *signer_name;    /* bold and underlined below it */
	const char *signer_id_line; /* under the name, e.g. "NIP. 19780101..." */
	const char *qr_text;        /* what the QR code holds, printed under it */
	const char *footer_note;    /* small text beside the QR code */
	const char *page_ref;       /* beside the page number, e.g. the serial */
	const char *meta_title;     /* PDF metadata; NULL: the title */
	const char *meta_author;    /* PDF metadata: who issues it */
	const char *meta_created;   /* PDF creation date, "2026-11-29T18:00:00Z";
				       NULL: now (so the bytes differ per run) */
};

/*
 * Render d as a PDF appended to out. -1 with e (500): a missing title or
 * QR text, a QR text too long for a QR code, or cairo failing (out of
 * memory); out may then hold part of a file, which the caller discards.
 */
int pdf_render(const struct pdf_doc *d, struct buf *out, struct err *e);

/* n documents of one style (the first's) one after the other in one PDF
 * (a province's certificates to print), the metadata the first's. -1 with
 * e as pdf_render. */
int pdf_render_set(const struct pdf_doc *docs, size_t n, struct buf *out, struct err *e);

#endif
