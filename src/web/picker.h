/*
 * picker.h - a form field whose choices come from data that grows
 * (organizations, units, participations). Up to PICKER_SELECT_MAX choices
 * it is the <select> (or check boxes) it always was; beyond, it becomes a
 * search: a text field and a button that submit the form to its own page,
 * which answers with at most PICKER_PAGE matches as radio buttons (or
 * check boxes) and buttons for the next and previous pages, every other
 * field keeping what was typed. No JavaScript is needed. The template is
 * partials/picker.mustache over the field's model; the search itself is
 * svc/pick.h's, and the service that takes the chosen id judges it again.
 *
 * The inputs of a picker of field F: F itself (the chosen id, or ids),
 * cari_F (the search text), lalu_F (the text the page last searched, kept
 * in a hidden field, so that Enter in the search field searches),
 * setelah_F and sebelum_F (the next and previous page buttons: the id of
 * the row the page starts after or ends before; never a page number, so
 * that no page is read at an offset) and dari_F (hidden: the place of the
 * page's first match, for the range shown); the button "cari" says which
 * picker's search was pressed, the form's own button says "simpan".
 */
#ifndef P2HAM_PICKER_H
#define P2HAM_PICKER_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "http/request.h"
#include "svc/pick.h"
#include "svc/svc.h"
#include "web/routes.h"

#define PICKER_SELECT_MAX 100 /* up to this many choices: a <select> */
#define PICKER_PAGE 50        /* matches shown at once in a search */

/* A picker's inputs besides its field, from src: PARAM_QUERY on the
 * page's GET (its JSON twin searches too), PARAM_FORM on the form's POST. */
/* clang-format off */
#define PICKER_PARAMS(f, src)						\
	PARAM_WORDS("cari_" f, src),					\
	PARAM_WORDS("lalu_" f, src),					\
	PARAM_REF("setelah_" f, src, false),				\
	PARAM_REF("sebelum_" f, src, false),				\
	PARAM_REF("dari_" f, src, false)
/* The buttons of a form with pickers: a search's (the field searched)
 * and the form's own. */
#define PICKER_BUTTON_PARAMS						\
	PARAM_TEXT("cari", 64),						\
	PARAM_TEXT("simpan", 16)
/* clang-format on */

struct picker {
	const char *name;        /* the field: its chosen id's parameter */
	struct pick_query query; /* the source and its bounds; the text,
				    page and id are picker_fill's */
	bool multiple;           /* check boxes: any number of ids */
	const char *none_key;    /* catalog key of the choice "none" (an
				    optional field), or NULL */
	const int64_t *chosen;   /* multiple: the ids chosen */
	size_t nchosen;
	const char *chosen_label;            /* single: the name of the chosen id when
						the source does not hold it (a stored
						value since moved out of view); NULL:
						its number */
	bool (*keep)(void *ctx, int64_t id); /* NULL, or false for a choice
					   the source holds but the page must
					   not offer */
	void *keep_ctx;
};

/*
 * Make field (an object: a form_fields model, whose "value" is the chosen
 * id of a single picker, or a new one with name and label) the picker p's
 * model: "is_search" false and "options" [{value, label, selected}] when
 * the source holds PICKER_SELECT_MAX choices or fewer; else "is_search"
 * true with the search text "query", the page's "choices" [{value, label,
 * checked}] (a chosen one the page does not show comes first), "from"
 * (the place of its first match), "has_prev" with "prev_key" (the id the
 * previous page ends before), "has_next" with "next_key" (the id the next
 * page starts after) and the texts
 * "search_label", "picker_hint" and "range". An optional picker
 * (none_key) has "none_label", and "none_checked" when nothing is chosen.
 * Each choice also carries its object's own name ("choice_name": a
 * choice's keys must not hide the field's "name" from the template) and
 * its "province_code", for a page that lays a list out itself. The search
 * text and keys come from the request when the route declares them
 * (PICKER_PARAMS). 0, or -1 with e.
 */
int picker_fill(struct request *req, struct svc *s, json_t *field, const struct picker *p,
    struct err *e);

/* True when id is among the n ids (those chosen). */
bool picker_has(const int64_t *ids, size_t n, int64_t id);

/* True when field, a picker_fill model, is a search rather than a list. */
bool picker_searching(const json_t *field);

/*
 * True when the request is a picker's (a search button, a page button, or
 * a search text changed since the page showed it and not the form's own
 * button: Enter in the search field) rather than the form's own
 * submission: the page then shows the form again as typed, with the
 * pickers' matches, and writes nothing. names: the form's picker fields,
 * ended by NULL.
 */
bool picker_requested(struct request *req, const char *const *names);

#endif
