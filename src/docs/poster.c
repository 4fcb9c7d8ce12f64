/*
 * poster.c - the survey poster to hang at a unit's counter: A4 portrait,
 * one page, read from a few steps away. The unit's name on top, the
 * question in large type, what to do in two short lines, the QR code
 * large in the middle (a cheap phone's camera reads it from an arm's
 * length), and the short address for those who would rather type it.
 * Everything centred; long texts wrap and never leave the page's width.
 */
#include "docs/pdf_int.h"

#define MARGIN (1.8 * PT_PER_CM)
#define WIDTH (PAGE_W - 2.0 * MARGIN)
#define QR_SIZE (10.5 * PT_PER_CM)
#define BAND_H (0.5 * PT_PER_CM) /* the coloured band at the top */

#define FONT_HEAD "DejaVu Sans Bold 10"
#define FONT_UNIT "DejaVu Sans Bold 18"
#define FONT_QUESTION "DejaVu Sans Bold 36"
#define FONT_TEXT "DejaVu Sans 14"
#define FONT_TYPE "DejaVu Sans 11"
#define FONT_ADDRESS "DejaVu Sans Mono Bold 20"
#define FONT_SMALL "DejaVu Sans 8"

/* text centred at the current height in font, then below it by gap. */
static void
centred(struct pen *p, const char *font, const char *text, double gap)
{
	pdf_centred(p, font, text, MARGIN, WIDTH, gap);
}

void
poster_page(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	cairo_t *cr = p->cr;
	PangoLayout *lo;
	size_t i;

	p->page = p->pages = 1;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.05, 0.30, 0.50);
	cairo_rectangle(cr, 0, 0, PAGE_W, BAND_H);
	cairo_fill(cr);
	cairo_restore(cr);
	p->y = BAND_H + MARGIN * 0.8;
	for (i = 0; i < d->nhead; i++)
		centred(p, FONT_HEAD, d->head_lines[i], 1.0);
	p->y += 10.0;
	centred(p, FONT_UNIT, d->headline, 18.0);
	centred(p, FONT_QUESTION, d->title, 14.0);
	for (i = 0; i < d->nparagraphs; i++)
		centred(p, FONT_TEXT, d->paragraphs[i], 4.0);
	p->y += 10.0;
	pdf_qr_draw(p, (PAGE_W - QR_SIZE) / 2.0, p->y, QR_SIZE);
	p->y += QR_SIZE + 10.0;
	centred(p, FONT_TYPE, d->serial_line, 4.0);
	centred(p, FONT_ADDRESS, d->footer_note, 10.0);
	if (given(d->page_ref)) {
		lo = pdf_layout_new(p, FONT_SMALL, d->page_ref, WIDTH, PANGO_ALIGN_CENTER);
		pdf_show_at(p, lo, MARGIN, PAGE_H - MARGIN - pdf_layout_height(lo));
		g_object_unref(lo);
	}
	cairo_show_page(cr);
}
