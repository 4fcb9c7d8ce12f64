/*
 * fieldsheet.c - the field sheet of a site visit as PDF (see
 * fieldsheet.h), drawn with cairo and pango like the letters of pdf.c.
 */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "base/str.h"
#include "docs/fieldsheet.h"
#include "docs/pdf_int.h"

#define MARGIN (1.8 * PT_PER_CM)
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 14.0)
#define QR_BOX (2.5 * PT_PER_CM) /* with its quiet zone */
#define TEXT_W (CONTENT_W - QR_BOX - 8.0)
#define BOX 9.0 /* a box to tick */
#define NOTE_LINES 3
#define LINE_GAP 18.0 /* between the lines to write on */
#define ITEM_GAP 12.0

#define FONT_TITLE "DejaVu Sans Bold 14"
#define FONT_SUB "DejaVu Sans 10"
#define FONT_HEAD "DejaVu Sans Bold 9.5"
#define FONT_TEXT "DejaVu Sans 8.5"
#define FONT_SMALL "DejaVu Sans 7"

/* A layout at x, y when drawing; its height. */
static double
text_at(struct pen *p, const char *font, const char *text, double x, double y, double w)
{
	PangoLayout *lo;
	double h;

	if (text == NULL || text[0] == '\0')
		return 0;
	lo = pdf_layout_new(p, font, text, w, PANGO_ALIGN_LEFT);
	h = pdf_layout_height(lo);
	pdf_show_at(p, lo, x, y);
	g_object_unref(lo);
	return h;
}

/* A line to write on, from x to the right margin at y. */
static void
write_line(struct pen *p, double x, double y, double x2)
{
	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.55, 0.55, 0.55);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, x, y);
	cairo_line_to(p->cr, x2, y);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

static void
page_number(struct pen *p, const struct fieldsheet *fs)
{
	char num[200];

	snprintf(num, sizeof(num), "%s%s%d", fs->page_ref ? fs->page_ref : "",
	    fs->page_ref ? " \xc2\xb7 " : "", p->page);
	text_at(p, FONT_SMALL, num, MARGIN, PAGE_H - MARGIN, CONTENT_W);
}

static void
next_page(struct pen *p, const struct fieldsheet *fs)
{
	page_number(p, fs);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* The title, and the visit's own fields with lines to write on. */
static void
top(struct pen *p, const struct fieldsheet *fs)
{
	size_t i;
	double h;

	p->y += text_at(p, FONT_TITLE, fs->title, MARGIN, p->y, CONTENT_W) + 2.0;
	p->y += text_at(p, FONT_SUB, fs->subtitle, MARGIN, p->y, CONTENT_W) + 8.0;
	for (i = 0; i < fs->nhead; i++) {
		h = text_at(p, FONT_TEXT, fs->head_fields[i], MARGIN, p->y, 0);
		write_line(p, MARGIN + 130.0, p->y + h, MARGIN + CONTENT_W);
		p->y += LINE_GAP;
	}
	p->y += ITEM_GAP;
}

/* The boxes to tick, in one row; its height. */
static double
boxes(struct pen *p, const struct fieldsheet *fs, double y)
{
	double x = MARGIN, w;
	PangoRectangle r;
	PangoLayout *lo;
	int i;

	for (i = 0; i < FIELDSHEET_CHOICES; i++) {
		if (p->draw) {
			cairo_save(p->cr);
			cairo_set_line_width(p->cr, 0.8);
			cairo_rectangle(p->cr, x, y + 1.0, BOX, BOX);
			cairo_stroke(p->cr);
			cairo_restore(p->cr);
		}
		lo = pdf_layout_new(p, FONT_TEXT, fs->choices[i], 0, PANGO_ALIGN_LEFT);
		pdf_show_at(p, lo, x + BOX + 4.0, y);
		pango_layout_get_extents(lo, NULL, &r);
		w = (double)r.width / PANGO_SCALE;
		g_object_unref(lo);
		x += BOX + 4.0 + w + 18.0;
	}
	return BOX + 4.0;
}

/* One indicator: laid out once to measure, then drawn where it fits. */
static double
item(struct pen *p, const struct fieldsheet *fs, const struct fieldsheet_item *it, double y)
{
	double top = y, qy = y;
	int i;

	y += text_at(p, FONT_HEAD, it->heading, MARGIN, y, TEXT_W) + 3.0;
	y += text_at(p, FONT_TEXT, it->answer, MARGIN, y, TEXT_W) + 1.0;
	y += text_at(p, FONT_TEXT, it->evidence, MARGIN, y, TEXT_W) + 5.0;
	y += boxes(p, fs, y) + 5.0;
	y += text_at(p, FONT_TEXT, fs->note_label, MARGIN, y, TEXT_W);
	for (i = 0; i < NOTE_LINES; i++) {
		y += LINE_GAP;
		write_line(p, MARGIN, y, MARGIN + CONTENT_W);
	}
	if (p->draw && p->qr != NULL)
		pdf_qr_draw(p, MARGIN + CONTENT_W - QR_BOX, qy, QR_BOX);
	if (y < top + QR_BOX)
		y = top + QR_BOX;
	return y - top + ITEM_GAP;
}

static int
draw(struct pen *p, const struct fieldsheet *fs, struct err *e)
{
	bool draw = p->draw;
	double h;
	size_t i;

	p->page = 1;
	p->y = MARGIN;
	top(p, fs);
	for (i = 0; i < fs->count; i++) {
		const struct fieldsheet_item *it = &fs->items[i];

		p->draw = false;
		h = item(p, fs, it, p->y);
		p->draw = draw;
		if (p->y + h > BOTTOM && p->y > MARGIN)
			next_page(p, fs);
		p->qr = QRcode_encodeString(it->qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (p->qr == NULL) {
			err_set(e, ERR_PDF, "the QR code cannot hold %zu bytes",
			    strlen(it->qr_text));
			return -1;
		}
		p->y += item(p, fs, it, p->y);
		QRcode_free(p->qr);
		p->qr = NULL;
	}
	page_number(p, fs);
	if (p->draw)
		cairo_show_page(p->cr);
	return 0;
}

/* Every text is valid UTF-8 and every item has its QR text. */
static bool
valid(const struct fieldsheet *fs)
{
	size_t i;

#define OK(s) ((s) == NULL || utf8_valid((s), strlen(s)))
	if (fs->title == NULL || !OK(fs->title) || !OK(fs->subtitle) ||
	    !OK(fs->note_label) || !OK(fs->page_ref))
		return false;
	for (i = 0; i < FIELDSHEET_CHOICES; i++)
		if (fs->choices[i] == NULL || !OK(fs->choices[i]))
			return false;
	for (i = 0; i < fs->nhead; i++)
		if (!OK(fs->head_fields[i]))
			return false;
	for (i = 0; i < fs->count; i++)
		if (fs->items[i].qr_text == NULL || !OK(fs->items[i].heading) ||
		    !OK(fs->items[i].answer) || !OK(fs->items[i].evidence) ||
		    !OK(fs->items[i].qr_text))
			return false;
#undef OK
	return true;
}

int
fieldsheet_render(const struct fieldsheet *fs, struct buf *out, struct err *e)
{
	cairo_surface_t *s;
	cairo_t *cr;
	struct pen p;
	int rc;

	if (!valid(fs)) {
		err_set(e, ERR_PDF_INPUT, "a text of the field sheet is missing or not UTF-8");
		return -1;
	}
	memset(&p, 0, sizeof(p));
	if (pdf_begin(out, PAGE_W, PAGE_H, &s, &cr, e) < 0)
		return -1;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, fs->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "p2ham " P2HAM_VERSION);
	p.cr = cr;
	p.pc = pdf_context_new(cr);
	p.draw = true;
	rc = draw(&p, fs, e);
	g_object_unref(p.pc);
	return pdf_end(s, cr, rc == 0, out, e);
}
