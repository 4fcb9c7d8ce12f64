/*
 * chart.h - a horizontal stacked bar chart laid out on the server, as a view
 * model that a template draws as inline SVG. Markup never comes from data:
 * the model holds numbers, fill references and texts only, and the template
 * writes every one of them through escaped {{...}}, so a unit's or a
 * province's name can never become markup.
 *
 * Each series (a segment kind, e.g. a stage) has its own colour and its
 * own fill pattern (solid, diagonal, dotted, ...), so colour is never the
 * only cue; a legend names them, each segment carries its count where it
 * fits and a tooltip, and each bar ends with its total. The colours keep at
 * least 6.5:1 against white, and counts are drawn in white with a halo of
 * the segment's colour.
 */
#ifndef P2HAM_CHART_H
#define P2HAM_CHART_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* clang-format off */
#define CHART_PATTERNS	6	/* distinct colour and pattern pairs; more
				   series reuse them in turn */
/* clang-format on */

/* One bar: its label and a value per series (values[series_count]). */
struct chart_bar {
	const char *label;
	const int64_t *values;
};

/*
 * The model of a stacked bar chart: id (an XML id prefix, [a-z0-9-] only)
 * makes the ids of its title, description and patterns unique on the page;
 * title and desc are its text alternative; series[series_count] name the
 * segments in legend order; bars[bar_count] are drawn top to bottom.
 * Returns a new object:
 *
 *	{id, title_id, desc_id, title, desc, width, height, viewbox,
 *	 patterns: [{id, fill, ink, path, has_path}],
 *	 bars: [{label, full_label, y, text_y, total, total_x, label_x,
 *	         segments: [{x, width, pattern, color, n, tip, has_text,
 *	                     text_x}]}],
 *	 legend: [{x, y, text_x, text_y, pattern, label}],
 *	 bar_height, swatch}
 *
 * or NULL when out of memory. Texts are copied.
 */
json_t *chart_stacked_bars(const char *id, const char *title, const char *desc,
    const char *const *series, size_t series_count, const struct chart_bar *bars,
    size_t bar_count);

#endif
