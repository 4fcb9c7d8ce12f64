/*
 * chart.c - the stacked bar chart's layout (see chart.h). Sizes are in SVG
 * user units; the template scales the drawing to the page's width through
 * its viewBox, so the numbers below only fix proportions.
 */
#include <stdio.h>
#include <string.h>

#include "web/programme/chart.h"
#include "base/buf.h"
#include "base/str.h"

/* clang-format off */
#define WIDTH		640	/* of the drawing */
#define MARGIN		8	/* around it */
#define CHAR_W		7	/* a 13-unit sans-serif character, on average */
#define LABEL_MAX	28	/* characters of a bar label shown; longer ones
				   are cut (the tooltip and desc keep them) */
#define TOTAL_W		56	/* room right of the longest bar for its total */
#define BAR_H		20
#define ROW_H		28	/* a bar and the gap below it */
#define SWATCH		14	/* legend square */
#define LEGEND_ROW	22
/* clang-format on */

/* Colour, ink and pattern of each series in turn: every colour keeps
 * 6.5:1 or more against white, and the patterns tell them apart without
 * colour. The ink is white, drawn at 40% so the colour still shows. */
/* clang-format off */
static const struct {
	const char *fill;
	const char *path;	/* in an 8x8 tile; "" for solid */
} looks[CHART_PATTERNS] = {
	{ "#8a1c1c", "" },
	{ "#1f5f9e", "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" },
	{ "#5b3f8c", "M2,2 h1 v1 h-1 Z M6,6 h1 v1 h-1 Z" },
	{ "#2d6a2d", "M0,4 H8" },
	{ "#7a4f00", "M0,0 L8,8 M8,0 L0,8" },
	{ "#00606b", "M4,0 V8" },
};
/* clang-format on */

/* s cut to LABEL_MAX characters with an ellipsis, into out. */
static const char *
shorten(const char *s, char *out, size_t cap)
{
	size_t n = 0, i;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == LABEL_MAX - 1)
			break;
	if (s[i] == '\0' || i + 4 > cap)
		return s;
	memcpy(out, s, i);
	memcpy(out + i, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
	return out;
}

static json_t *
patterns(const char *id)
{
	json_t *a = json_array();
	char pid[64];
	int i;

	for (i = 0; i < CHART_PATTERNS; i++) {
		snprintf(pid, sizeof(pid), "%s-p%d", id, i);
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", pid, "fill",
			looks[i].fill, "ink", "#ffffff", "path", looks[i].path,
			"has_path", looks[i].path[0] != '\0'));
	}
	return a;
}

/* "url(#ID-pN)" for series i. */
static json_t *
fill_ref(const char *id, size_t i)
{
	char ref[80];

	snprintf(ref, sizeof(ref), "url(#%s-p%zu)", id, i % CHART_PATTERNS);
	return json_string(ref);
}

/* What every bar's segments of series i share: the fill reference and
 * the colour of the count's halo. */
struct series_look {
	json_t *pattern, *color;
};

static json_t *
segments(const struct chart_bar *b, const char *const *series,
    const struct series_look *look, size_t ns, int x0, double scale)
{
	json_t *a = json_array(), *seg;
	int64_t cum = 0;
	int from, to;
	struct buf tip;
	size_t i, digits;

	buf_init(&tip, 0);
	for (i = 0; i < ns; i++) {
		if (b->values[i] <= 0)
			continue;
		from = x0 + (int)((double)cum * scale + 0.5);
		cum += b->values[i];
		to = x0 + (int)((double)cum * scale + 0.5);
		if (to <= from)
			to = from + 1; /* a unit that exists is never invisible */
		/* "label, series: n", at most 511 bytes */
		buf_reset(&tip);
		buf_puts(&tip, b->label);
		buf_puts(&tip, ", ");
		buf_puts(&tip, series[i]);
		buf_puts(&tip, ": ");
		digits = tip.len;
		buf_i64(&tip, b->values[i]);
		digits = tip.len - digits;
		if (tip.failed || (seg = json_object()) == NULL)
			break;
		json_object_set_new_nocheck(seg, "x", json_integer(from));
		json_object_set_new_nocheck(seg, "width", json_integer(to - from));
		json_object_set_nocheck(seg, "pattern", look[i % CHART_PATTERNS].pattern);
		json_object_set_nocheck(seg, "color", look[i % CHART_PATTERNS].color);
		json_object_set_new_nocheck(seg, "n", json_integer(b->values[i]));
		json_object_set_new_nocheck(seg, "text_x",
		    json_integer(from + (to - from) / 2));
		json_object_set_new_nocheck(seg, "has_text",
		    json_boolean(to - from >= (int)digits * CHAR_W + 8));
		json_object_set_new_nocheck(seg, "tip",
		    json_stringn(tip.data, utf8_cut(tip.data, tip.len < 511 ? tip.len : 511)));
		json_array_append_new(a, seg);
	}
	buf_free(&tip);
	return a;
}

json_t *
chart_stacked_bars(const char *id, const char *title, const char *desc,
    const char *const *series, size_t series_count, const struct chart_bar *bars,
    size_t bar_count)
{
	json_t *out, *jbars = json_array(), *legend = json_array();
	int64_t max = 0, total;
	size_t i, j, longest = 0, n;
	int label_w, x0, area, y, lx, ly, w;
	double scale;
	char cut[LABEL_MAX * 4 + 4], tid[64], did[64], viewbox[48];
	struct series_look look[CHART_PATTERNS];

	for (i = 0; i < CHART_PATTERNS; i++)
		look[i] = (struct series_look){ fill_ref(id, i), json_string(looks[i].fill) };

	for (i = 0; i < bar_count; i++) {
		for (total = 0, j = 0; j < series_count; j++)
			total += bars[i].values[j] > 0 ? bars[i].values[j] : 0;
		if (total > max)
			max = total;
		if ((n = utf8_chars(bars[i].label)) > longest)
			longest = n;
	}
	label_w = (int)(longest < LABEL_MAX ? longest : LABEL_MAX) * CHAR_W + 12;
	x0 = MARGIN + label_w;
	area = WIDTH - x0 - TOTAL_W - MARGIN;
	scale = max > 0 ? (double)area / (double)max : 0;
	y = MARGIN;
	for (i = 0; i < bar_count; i++, y += ROW_H) {
		json_t *segs = segments(&bars[i], series, look, series_count, x0, scale);
		int end = x0;

		for (total = 0, j = 0; j < series_count; j++)
			total += bars[i].values[j] > 0 ? bars[i].values[j] : 0;
		if (json_array_size(segs) > 0) {
			json_t *last = json_array_get(segs, json_array_size(segs) - 1);

			end = (int)(json_integer_value(json_object_get(last, "x")) +
			    json_integer_value(json_object_get(last, "width")));
		}
		json_array_append_new(jbars,
		    json_pack("{s:s, s:s, s:i, s:i, s:i, s:I, s:i, s:o}", "label",
			shorten(bars[i].label, cut, sizeof(cut)), "full_label", bars[i].label,
			"label_x", x0 - 8, "y", y, "text_y", y + BAR_H / 2 + 4, "total",
			(json_int_t)total, "total_x", end + 6, "segments", segs));
	}
	/* The legend flows left to right below the bars. */
	lx = MARGIN;
	ly = y + 8;
	for (i = 0; i < series_count; i++) {
		w = SWATCH + 6 + (int)utf8_chars(series[i]) * CHAR_W + 18;
		if (lx > MARGIN && lx + w > WIDTH - MARGIN) {
			lx = MARGIN;
			ly += LEGEND_ROW;
		}
		json_array_append_new(legend,
		    json_pack("{s:i, s:i, s:i, s:i, s:o, s:s}", "x", lx, "y", ly,
			"text_x", lx + SWATCH + 6, "text_y", ly + SWATCH - 2, "pattern",
			fill_ref(id, i), "label", series[i]));
		lx += w;
	}
	if (series_count > 0)
		ly += LEGEND_ROW;
	snprintf(tid, sizeof(tid), "%s-title", id);
	snprintf(did, sizeof(did), "%s-desc", id);
	snprintf(viewbox, sizeof(viewbox), "0 0 %d %d", WIDTH, ly + MARGIN);
	out = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:o, s:o, s:o, s:i, s:i}", "id", id,
	    "title_id", tid, "desc_id", did, "title", title, "desc", desc, "width", WIDTH,
	    "height", ly + MARGIN, "viewbox", viewbox, "patterns", patterns(id), "bars",
	    jbars, "legend", legend, "bar_height", BAR_H, "swatch", SWATCH);
	for (i = 0; i < CHART_PATTERNS; i++) {
		json_decref(look[i].pattern); /* the segments hold their own */
		json_decref(look[i].color);
	}
	return out;
}
