/*
 * pdf.c - A4 letters through cairo's PDF surface, text laid out by pango.
 *
 * The body flows line by line: each paragraph is laid out once at the full
 * width, then its lines are drawn one at a time, so a page break may fall
 * inside a paragraph and a paragraph longer than a page still fits. The
 * signature block is kept whole, and never stands alone on a page: when it
 * does not fit under the body's last paragraph or table row, that part
 * moves to the next page with it. Every page carries the footer (QR code,
 * its address, a note and "ref · n/N"); to know N the document is laid out
 * first without drawing (twice when the signature block would have been
 * alone), then drawn.
 *
 * Sizes are PDF points (1/72 inch); the pango context is set to 72 dpi so
 * a 10.5 point font is 10.5 units tall, and hinting is off so that the
 * layout does not depend on a screen's pixel grid.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "base/str.h"
#include "docs/pdf.h"
#include "docs/pdf_int.h"

#define MARGIN_L (2.5 * PT_PER_CM)
#define MARGIN_R (2.0 * PT_PER_CM)
#define MARGIN_T (1.5 * PT_PER_CM)
#define MARGIN_B (1.0 * PT_PER_CM)
#define CONTENT_W (PAGE_W - MARGIN_L - MARGIN_R)

#define QR_SIZE (2.6 * PT_PER_CM) /* with its quiet zone */
#define QR_QUIET 4                /* modules of white around the code */
#define URL_H 9.0                 /* the address line under it */
#define FOOTER_TOP (PAGE_H - MARGIN_B - URL_H - QR_SIZE)
#define BODY_BOTTOM (FOOTER_TOP - 12.0) /* lowest point of body text */

#define LEADING 2.0              /* extra space between body lines */
#define PARA_GAP 6.0             /* after a paragraph */
#define INDENT (1.0 * PT_PER_CM) /* first line of a paragraph */
#define LABEL_W (0.34 * CONTENT_W)
#define COLON_W 12.0
#define SIGN_SPACE 64.0 /* room for the handwritten or stamped signature */

#define FONT_HEAD_FIRST "DejaVu Serif Bold 12"
#define FONT_HEAD "DejaVu Serif Bold 11"
#define FONT_ADDRESS "DejaVu Sans 8"
#define FONT_TITLE "DejaVu Serif Bold 12"
#define FONT_BODY "DejaVu Serif 10.5"
#define FONT_BOLD "DejaVu Serif Bold 10.5"
#define FONT_NOTE "DejaVu Sans 7"
#define FONT_URL "DejaVu Sans 6.5"

/* A layout of text in font, width points wide (0: unbounded). */
PangoLayout *
pdf_layout_new(struct pen *p, const char *font, const char *text, double width,
    PangoAlignment align)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	PangoLayout *lo = pango_layout_new(p->pc);

	pango_layout_set_font_description(lo, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(lo, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(lo, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(lo, align);
	pango_layout_set_text(lo, text, -1);
	return lo;
}

double
pdf_layout_height(PangoLayout *lo)
{
	PangoRectangle r;

	pango_layout_get_extents(lo, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

/* Draw lo with its top left corner at x, y (in the drawing pass). */
void
pdf_show_at(struct pen *p, PangoLayout *lo, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, lo);
}

void
pdf_centred(struct pen *p, const char *font, const char *text, double x, double width, double gap)
{
	PangoLayout *lo;

	if (!given(text))
		return;
	lo = pdf_layout_new(p, font, text, width, PANGO_ALIGN_CENTER);
	pdf_show_at(p, lo, x, p->y);
	p->y += pdf_layout_height(lo) + gap;
	g_object_unref(lo);
}

/* The QR code at x, y, size points square with its quiet zone: the dark
 * modules, merged into runs along each row, filled as one path so that
 * no seam shows between neighbours. */
void
pdf_qr_draw(struct pen *p, double x, double y, double size)
{
	const QRcode *q = p->qr;
	double m = size / (q->width + 2 * QR_QUIET);
	int r, c, start;

	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 1, 1, 1);
	cairo_rectangle(p->cr, x, y, size, size);
	cairo_fill(p->cr);
	for (r = 0; r < q->width; r++) {
		for (c = 0; c < q->width;) {
			if ((q->data[r * q->width + c] & 1) == 0) {
				c++;
				continue;
			}
			start = c;
			while (c < q->width && (q->data[r * q->width + c] & 1) != 0)
				c++;
			cairo_rectangle(p->cr, x + (QR_QUIET + start) * m,
			    y + (QR_QUIET + r) * m, (c - start) * m, m);
		}
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_fill(p->cr);
	cairo_restore(p->cr);
}

/* The footer of the current page: rule, QR code, its address, the note
 * and "ref · n/N". */
static void
footer(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	double m = QR_SIZE / (p->qr->width + 2 * QR_QUIET);
	double tx = MARGIN_L + QR_SIZE + 4.0, tw = PAGE_W - MARGIN_R - tx;
	PangoLayout *lo;
	char num[160];

	if (!p->draw)
		return;
	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(p->cr, 0.4);
	cairo_move_to(p->cr, MARGIN_L, FOOTER_TOP - 4.0);
	cairo_line_to(p->cr, PAGE_W - MARGIN_R, FOOTER_TOP - 4.0);
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
	pdf_qr_draw(p, MARGIN_L, FOOTER_TOP, QR_SIZE);
	lo = pdf_layout_new(p, FONT_URL, d->qr_text, CONTENT_W, PANGO_ALIGN_LEFT);
	pdf_show_at(p, lo, MARGIN_L + QR_QUIET * m, FOOTER_TOP + QR_SIZE - QR_QUIET * m + 1.0);
	g_object_unref(lo);
	if (given(d->footer_note)) {
		lo = pdf_layout_new(p, FONT_NOTE, d->footer_note, tw, PANGO_ALIGN_LEFT);
		pdf_show_at(p, lo, tx, FOOTER_TOP + QR_QUIET * m);
		g_object_unref(lo);
	}
	snprintf(num, sizeof(num), "%s%s%d/%d", given(d->page_ref) ? d->page_ref : "",
	    given(d->page_ref) ? " \xc2\xb7 " : "", p->page, p->pages);
	lo = pdf_layout_new(p, FONT_NOTE, num, tw, PANGO_ALIGN_RIGHT);
	pdf_show_at(p, lo, tx, FOOTER_TOP + QR_SIZE - QR_QUIET * m - pdf_layout_height(lo));
	g_object_unref(lo);
}

/* Finish the page and start the next. */
static void
new_page(struct pen *p)
{
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_T;
}

/* Make room for h points, on a new page when this one is full (unless the
 * page is still empty: then nothing would be gained). */
static void
need(struct pen *p, double h)
{
	if (p->y + h > BODY_BOTTOM && p->y > MARGIN_T)
		new_page(p);
}

/* Draw lo's lines at x from the current position down, breaking pages
 * between lines. */
static void
flow(struct pen *p, PangoLayout *lo, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(lo);
	PangoRectangle ext;
	double h;
	int base;

	do {
		pango_layout_iter_get_line_extents(it, NULL, &ext);
		base = pango_layout_iter_get_baseline(it);
		h = (double)ext.height / PANGO_SCALE;
		need(p, h);
		if (p->draw) {
			cairo_move_to(p->cr, x + (double)ext.x / PANGO_SCALE,
			    p->y + (double)(base - ext.y) / PANGO_SCALE);
			pango_cairo_show_layout_line(p->cr,
			    pango_layout_iter_get_line_readonly(it));
		}
		p->y += h + LEADING;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* A whole block at x, y, then move below it. */
static void
block(struct pen *p, PangoLayout *lo, double x)
{
	pdf_show_at(p, lo, x, p->y);
	p->y += pdf_layout_height(lo);
}

static void
letterhead(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	PangoLayout *lo;
	size_t i;

	if (d->nhead == 0 && !given(d->head_address))
		return;
	for (i = 0; i < d->nhead; i++) {
		if (!given(d->head_lines[i]))
			continue;
		lo = pdf_layout_new(p, i == 0 ? FONT_HEAD_FIRST : FONT_HEAD,
		    d->head_lines[i], CONTENT_W, PANGO_ALIGN_CENTER);
		block(p, lo, MARGIN_L);
		g_object_unref(lo);
	}
	if (given(d->head_address)) {
		p->y += 2.0;
		lo = pdf_layout_new(p, FONT_ADDRESS, d->head_address, CONTENT_W,
		    PANGO_ALIGN_CENTER);
		block(p, lo, MARGIN_L);
		g_object_unref(lo);
	}
	/* The double rule of an Indonesian letterhead: thick over thin. */
	p->y += 5.0;
	if (p->draw) {
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		cairo_set_line_width(p->cr, 1.8);
		cairo_move_to(p->cr, MARGIN_L, p->y);
		cairo_line_to(p->cr, PAGE_W - MARGIN_R, p->y);
		cairo_stroke(p->cr);
		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, MARGIN_L, p->y + 2.6);
		cairo_line_to(p->cr, PAGE_W - MARGIN_R, p->y + 2.6);
		cairo_stroke(p->cr);
	}
	p->y += 18.0;
}

static void
heading(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	PangoLayout *lo;

	lo = pdf_layout_new(p, FONT_TITLE, d->title, CONTENT_W, PANGO_ALIGN_CENTER);
	need(p, pdf_layout_height(lo));
	block(p, lo, MARGIN_L);
	g_object_unref(lo);
	if (given(d->serial_line)) {
		p->y += 2.0;
		lo = pdf_layout_new(p, FONT_BODY, d->serial_line, CONTENT_W, PANGO_ALIGN_CENTER);
		block(p, lo, MARGIN_L);
		g_object_unref(lo);
	}
	p->y += 16.0;
}

/* True when paragraph i is the last one printed. */
static bool
last_paragraph(const struct pdf_doc *d, size_t i)
{
	for (i++; i < d->nparagraphs; i++)
		if (given(d->paragraphs[i]))
			return false;
	return true;
}

static void
paragraphs(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	PangoLayout *lo;
	size_t i;

	for (i = 0; i < d->nparagraphs; i++) {
		if (!given(d->paragraphs[i]))
			continue;
		if (p->keep_last && d->nrows == 0 && last_paragraph(d, i) && p->y > MARGIN_T)
			new_page(p);
		lo = pdf_layout_new(p, FONT_BODY, d->paragraphs[i], CONTENT_W, PANGO_ALIGN_LEFT);
		pango_layout_set_justify(lo, TRUE);
		pango_layout_set_indent(lo, (int)(INDENT * PANGO_SCALE));
		flow(p, lo, MARGIN_L);
		g_object_unref(lo);
		p->y += PARA_GAP;
	}
}

/* The label/value table: the label and the colon at the row's first line,
 * the value flowing beside them (it may cross a page). */
static void
table(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	const double vx = MARGIN_L + LABEL_W + COLON_W;
	PangoLayout *lab, *colon, *val;
	double top, lab_h;
	int page;
	size_t i;

	if (d->nrows == 0)
		return;
	p->y += 2.0;
	for (i = 0; i < d->nrows; i++) {
		lab = pdf_layout_new(p, FONT_BODY,
		    given(d->rows[i].label) ? d->rows[i].label : "", LABEL_W - 4.0,
		    PANGO_ALIGN_LEFT);
		colon = pdf_layout_new(p, FONT_BODY, ":", 0, PANGO_ALIGN_LEFT);
		val = pdf_layout_new(p, FONT_BODY,
		    given(d->rows[i].value) ? d->rows[i].value : "-",
		    PAGE_W - MARGIN_R - vx, PANGO_ALIGN_LEFT);
		lab_h = pdf_layout_height(lab);
		if (p->keep_last && i == d->nrows - 1 && p->y > MARGIN_T)
			new_page(p);
		need(p, lab_h);
		top = p->y;
		page = p->page;
		pdf_show_at(p, lab, MARGIN_L, top);
		pdf_show_at(p, colon, MARGIN_L + LABEL_W, top);
		flow(p, val, vx);
		if (p->page == page && p->y < top + lab_h + LEADING)
			p->y = top + lab_h + LEADING;
		p->y += 2.0;
		g_object_unref(lab);
		g_object_unref(colon);
		g_object_unref(val);
	}
	p->y += PARA_GAP;
}

/* Place and date, the signer's title, room to sign, name and NIP: on the
 * right half, never split across pages. */
static void
signature(struct pen *p)
{
	const struct pdf_doc *d = p->d;
	const double x = MARGIN_L + CONTENT_W / 2.0, w = CONTENT_W / 2.0;
	PangoLayout *parts[4] = { NULL, NULL, NULL, NULL };
	PangoAttrList *attrs;
	double h = SIGN_SPACE;
	size_t i;
	int page;

	if (given(d->date_line))
		parts[0] = pdf_layout_new(p, FONT_BODY, d->date_line, w, PANGO_ALIGN_LEFT);
	if (given(d->signer_title))
		parts[1] = pdf_layout_new(p, FONT_BODY, d->signer_title, w, PANGO_ALIGN_LEFT);
	if (given(d->signer_name)) {
		parts[2] = pdf_layout_new(p, FONT_BOLD, d->signer_name, w, PANGO_ALIGN_LEFT);
		attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
		pango_layout_set_attributes(parts[2], attrs);
		pango_attr_list_unref(attrs);
	}
	if (given(d->signer_id_line))
		parts[3] = pdf_layout_new(p, FONT_BODY, d->signer_id_line, w, PANGO_ALIGN_LEFT);
	if (parts[0] == NULL && parts[1] == NULL && parts[2] == NULL)
		goto done;
	for (i = 0; i < 4; i++)
		if (parts[i] != NULL)
			h += pdf_layout_height(parts[i]);
	p->y += 10.0;
	page = p->page;
	need(p, h);
	if (p->page != page)
		p->sign_alone = true;
	for (i = 0; i < 4; i++) {
		if (i == 2)
			p->y += SIGN_SPACE;
		if (parts[i] != NULL)
			block(p, parts[i], x);
	}
done:
	for (i = 0; i < 4; i++)
		if (parts[i] != NULL)
			g_object_unref(parts[i]);
}

/* One pass over the whole document. */
static void
pass(struct pen *p)
{
	p->page = 1;
	p->y = MARGIN_T;
	p->sign_alone = false;
	letterhead(p);
	heading(p);
	paragraphs(p);
	table(p);
	signature(p);
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
}

/* cairo's write callback appending to the struct buf closure. */
static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	buf_append(b, data, len);
	return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int
pdf_begin(struct buf *out, double w, double h, cairo_surface_t **s, cairo_t **cr, struct err *e)
{
	cairo_status_t st;

	*s = cairo_pdf_surface_create_for_stream(write_out, out, w, h);
	*cr = cairo_create(*s);
	if ((st = cairo_status(*cr)) != CAIRO_STATUS_SUCCESS) {
		err_set(e, ERR_PDF, "cairo: %s", cairo_status_to_string(st));
		cairo_destroy(*cr);
		cairo_surface_destroy(*s);
		return -1;
	}
	return 0;
}

int
pdf_end(cairo_surface_t *s, cairo_t *cr, bool drawn, const struct buf *out, struct err *e)
{
	cairo_status_t st;
	int rc = -1;

	if (drawn && (st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		err_set(e, ERR_PDF, "cairo: %s", cairo_status_to_string(st));
	else if (drawn) {
		cairo_destroy(cr);
		cr = NULL;
		cairo_surface_finish(s);
		if ((st = cairo_surface_status(s)) != CAIRO_STATUS_SUCCESS || out->failed)
			err_set(e, ERR_PDF, "cairo: %s",
			    out->failed ? "out of memory" : cairo_status_to_string(st));
		else
			rc = 0;
	}
	if (cr != NULL)
		cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

/* Every text of d is valid UTF-8 (pango would replace what is not). */
static bool
texts_valid(const struct pdf_doc *d)
{
	const char *one[] = { d->head_address, d->title, d->headline, d->serial_line,
		d->date_line, d->signer_title, d->signer_name, d->signer_id_line, d->qr_text,
		d->footer_note, d->page_ref, d->meta_title, d->meta_author, d->meta_created };
	size_t i;

#define OK(s) ((s) == NULL || utf8_valid((s), strlen(s)))
	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (!OK(one[i]))
			return false;
	for (i = 0; i < d->nhead; i++)
		if (!OK(d->head_lines[i]))
			return false;
	for (i = 0; i < d->nparagraphs; i++)
		if (!OK(d->paragraphs[i]))
			return false;
	for (i = 0; i < d->nrows; i++)
		if (!OK(d->rows[i].label) || !OK(d->rows[i].value))
			return false;
#undef OK
	return true;
}

/* Set the context's resolution to 72 dpi and switch hinting off. */
PangoContext *
pdf_context_new(cairo_t *cr)
{
	PangoContext *pc;
	cairo_font_options_t *fo;

	/* The default font map is the calling thread's own (pango 1.32.6
	 * and later), so concurrent renders do not share one. */
	pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72.0);
	pango_context_set_language(pc, pango_language_from_string("id"));
	pango_context_set_round_glyph_positions(pc, FALSE);
	pango_cairo_update_context(cr, pc);
	return pc;
}

static void
set_metadata(cairo_surface_t *s, const struct pdf_doc *d)
{
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    given(d->meta_title) ? d->meta_title : d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "p2ham " P2HAM_VERSION);
	if (given(d->meta_author))
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->meta_author);
	if (given(d->page_ref))
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->page_ref);
	if (given(d->meta_created)) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
		    d->meta_created);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, d->meta_created);
	}
}

/* d checked before anything is drawn. */
static int
doc_check(const struct pdf_doc *d, struct err *e)
{
	if (!given(d->title) || !given(d->qr_text)) {
		err_set(e, ERR_PDF_INPUT, "a document needs a title and a QR text");
		return -1;
	}
	if (!texts_valid(d)) {
		err_set(e, ERR_PDF_INPUT, "a text of the document is not valid UTF-8");
		return -1;
	}
	return 0;
}

/* Lay out and draw d on p's surface: a letter in as many pages as it
 * takes, a certificate on one page. */
static int
doc_draw(struct pen *p, const struct pdf_doc *d, struct err *e)
{
	if ((p->qr = QRcode_encodeString(d->qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL) {
		err_set(e, ERR_PDF, "the QR code cannot hold %zu bytes", strlen(d->qr_text));
		return -1;
	}
	p->d = d;
	if (d->style == PDF_CERTIFICATE) {
		p->draw = true;
		certificate_page(p);
	} else if (d->style == PDF_POSTER) {
		p->draw = true;
		poster_page(p);
	} else {
		p->keep_last = false;
		p->draw = false;
		pass(p);
		if (p->sign_alone) {
			p->keep_last = true;
			pass(p);
		}
		p->pages = p->page;
		p->draw = true;
		pass(p);
	}
	QRcode_free(p->qr);
	p->qr = NULL;
	return 0;
}

int
pdf_render_set(const struct pdf_doc *docs, size_t n, struct buf *out, struct err *e)
{
	bool wide = n > 0 && docs[0].style == PDF_CERTIFICATE;
	cairo_surface_t *s;
	cairo_t *cr;
	struct pen p;
	size_t i;

	memset(&p, 0, sizeof(p));
	if (n == 0) {
		err_set(e, ERR_PDF_INPUT, "nothing to render");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (doc_check(&docs[i], e) < 0)
			return -1;
	if (pdf_begin(out, wide ? CERT_PAGE_W : PAGE_W, wide ? CERT_PAGE_H : PAGE_H, &s,
		&cr, e) < 0)
		return -1;
	set_metadata(s, &docs[0]);
	p.cr = cr;
	p.pc = pdf_context_new(cr);
	for (i = 0; i < n; i++)
		if (doc_draw(&p, &docs[i], e) < 0)
			break;
	g_object_unref(p.pc);
	return pdf_end(s, cr, i == n, out, e);
}

int
pdf_render(const struct pdf_doc *d, struct buf *out, struct err *e)
{
	return pdf_render_set(d, 1, out, e);
}

#if defined(__SANITIZE_ADDRESS__)
/*
 * LeakSanitizer's built-in suppressions for programs that render: fontconfig
 * keeps the patterns that pango's per-thread font maps match, and never
 * frees them at exit. They are bounded by the number of threads (rendering
 * again does not grow memory), and not ours to free.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif
