/*
 * certificate.c - the certificate's page (piagam penghargaan): A4
 * landscape inside a double frame, everything centred but the signature
 * (right) and the QR code with its address (bottom left). One page; a
 * text longer than its place is not split but may overlap what follows,
 * which the templates' short texts never reach.
 */
#include <string.h>

#include "docs/pdf_int.h"

#define FRAME (1.0 * PT_PER_CM)  /* from the paper's edge to the outer frame */
#define INNER (0.25 * PT_PER_CM) /* between the two frames */
#define PAD (1.4 * PT_PER_CM)    /* from the outer frame to the text */
#define LEFT (FRAME + PAD)
#define WIDTH (CERT_PAGE_W - 2.0 * LEFT)
#define QR_SIZE (3.0 * PT_PER_CM)
#define BOTTOM (CERT_PAGE_H - FRAME - PAD * 0.6)

#define FONT_HEAD "DejaVu Serif Bold 10"
#define FONT_TITLE "DejaVu Serif Bold 28"
#define FONT_SERIAL "DejaVu Sans 9"
#define FONT_TEXT "DejaVu Serif 12"
#define FONT_NAME "DejaVu Serif Bold 22"
#define FONT_ROW "DejaVu Serif 10.5"
#define FONT_SIGN "DejaVu Serif 11"
#define FONT_SIGN_NAME "DejaVu Serif Bold 11"
#define FONT_URL "DejaVu Sans 6.5"

/* text centred at the current position in font, then below it by gap. */
static void
line(struct pen *p, const char *font, const char *text, double gap)
{
	pdf_centred(p, font, text, LEFT, WIDTH, gap);
}

static void
frame(struct pen *p)
{
	cairo_t *cr = p->cr;

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.45, 0.33, 0.05);
	cairo_set_line_width(cr, 2.4);
	cairo_rectangle(cr, FRAME, FRAME, CERT_PAGE_W - 2 * FRAME, CERT_PAGE_H - 2 * FRAME);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, FRAME + INNER, FRAME + INNER,
	    CERT_PAGE_W - 2 * (FRAME + INNER), CERT_PAGE_H - 2 * (FRAME + INNER));
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Place and date, the signer's title, room to sign, the name: right. */
static void
signature(struct pen *p, double top)
{
	const struct pdf_doc *d = p->d;
	const double w = WIDTH * 0.4, x = LEFT + WIDTH - w;
	const char *texts[3] = { d->date_line, d->signer_title, d->signer_name };
	const char *fonts[3] = { FONT_SIGN, FONT_SIGN, FONT_SIGN_NAME };
	size_t i;

	p->y = top;
	for (i = 0; i < 3; i++) {
		if (i == 2)
			p->y += 48.0;
		pdf_centred(p, fonts[i], texts[i], x, w, 0.0);
	}
}

void
certificate_page(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	PangoLayout *lo;
	double top;
	size_t i;

	p->page = p->pages = 1;
	frame(p);
	p->y = FRAME + PAD * 0.7;
	for (i = 0; i < d->nhead; i++)
		line(p, FONT_HEAD, d->head_lines[i], 0.0);
	p->y += 14.0;
	line(p, FONT_TITLE, d->title, 2.0);
	line(p, FONT_SERIAL, d->serial_line, 14.0);
	if (d->nparagraphs > 0)
		line(p, FONT_TEXT, d->paragraphs[0], 8.0);
	line(p, FONT_NAME, d->headline, 10.0);
	for (i = 1; i < d->nparagraphs; i++)
		line(p, FONT_TEXT, d->paragraphs[i], 6.0);
	p->y += 4.0;
	for (i = 0; i < d->nrows; i++) {
		char *text = g_strdup_printf("%s: %s",
		    given(d->rows[i].label) ? d->rows[i].label : "",
		    given(d->rows[i].value) ? d->rows[i].value : "-");

		line(p, FONT_ROW, text, 1.0);
		g_free(text);
	}
	top = p->y + 10.0;
	signature(p, top);
	pdf_qr_draw(p, LEFT, BOTTOM - QR_SIZE - 9.0, QR_SIZE);
	lo = pdf_layout_new(p, FONT_URL, d->qr_text, WIDTH * 0.5, PANGO_ALIGN_LEFT);
	pdf_show_at(p, lo, LEFT, BOTTOM - 8.0);
	g_object_unref(lo);
	cairo_show_page(p->cr);
}
