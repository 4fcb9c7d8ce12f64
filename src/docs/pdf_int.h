/*
 * pdf_int.h - what the letter (pdf.c), the certificate (certificate.c), the
 * poster (poster.c) and the field sheet (fieldsheet.c) share while drawing:
 * the state of a layout pass, the drawing functions and the paper.
 * Internal to src/docs.
 */
#ifndef P2HAM_PDF_INT_H
#define P2HAM_PDF_INT_H

#include <stdbool.h>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "docs/pdf.h"

/* The state of one layout pass. */
struct pen {
	cairo_t *cr;
	PangoContext *pc;
	const struct pdf_doc *d;
	QRcode *qr;
	bool draw;       /* last pass: draw; before: count pages */
	bool keep_last;  /* start the body's last paragraph or row
			    on a new page, with the signature */
	bool sign_alone; /* the signature block began a page */
	int page;        /* the current page, from 1 */
	int pages;       /* how many there are (second pass) */
	double y;        /* next free position from the top edge */
};

static inline bool
given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* A layout of text in font, width points wide (0: unbounded). */
PangoLayout *pdf_layout_new(struct pen *p, const char *font, const char *text,
    double width, PangoAlignment align);
double pdf_layout_height(PangoLayout *lo);
/* Draw lo with its top left corner at x, y (in the drawing pass). */
void pdf_show_at(struct pen *p, PangoLayout *lo, double x, double y);
/* text (none when empty) centred in width points from x at the current
 * height in font; then the height moves below it by gap. */
void pdf_centred(struct pen *p, const char *font, const char *text, double x,
    double width, double gap);
/* p's QR code at x, y, size points square with its quiet zone. */
void pdf_qr_draw(struct pen *p, double x, double y, double size);

/* A pango context for cr at 72 dpi without hinting (pdf.c). */
PangoContext *pdf_context_new(cairo_t *cr);
/* A PDF surface w x h points large writing into out, and its context for
 * drawing, into *s and *cr: 0, or -1 with e (nothing left to release). */
int pdf_begin(struct buf *out, double w, double h, cairo_surface_t **s, cairo_t **cr,
    struct err *e);
/* Release cr and s, finishing the PDF in out when the drawing went well
 * (drawn; otherwise e says why not already): 0, or -1 with e. */
int
pdf_end(cairo_surface_t *s, cairo_t *cr, bool drawn, const struct buf *out, struct err *e);

/* One certificate: a landscape page (certificate.c). */
void certificate_page(struct pen *p);

/* One survey poster: a portrait page (poster.c). */
void poster_page(struct pen *p);

#define PT_PER_CM (72.0 / 2.54)
#define PAGE_W 595.2756    /* A4 portrait, 210 mm */
#define PAGE_H 841.8898    /* 297 mm */
#define CERT_PAGE_W PAGE_H /* A4 landscape */
#define CERT_PAGE_H PAGE_W

#endif
