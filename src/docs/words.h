/*
 * words.h - the words of a generated document, read from the plain text
 * its template produced (templates/documents/LANG/KIND.mustache, the
 * conventions are in docs/documents.md, "The words"): a title, paragraphs,
 * label/value rows and the signature's place, signer and name. Lines
 * starting with "@" and a word are instructions (@title, @row, @place,
 * @signer, @name); other lines are paragraph text, paragraphs separated by
 * blank lines. Knows nothing of where templates are kept or how they are
 * rendered, nor of the database.
 */
#ifndef P2HAM_WORDS_H
#define P2HAM_WORDS_H

#include <stddef.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"

/* One row of the label/value table. */
struct words_row {
	const char *label;
	const char *value; /* "" when the template gave none */
};

/* What a document says, in print order. Strings live in the arena given
 * to words_read; a part the template did not write is NULL (0 rows or
 * paragraphs). */
struct words {
	const char *title;       /* @title lines, joined by a space */
	const char **paragraphs; /* blank-line separated blocks, lines
				    joined by a space */
	size_t nparagraphs;
	struct words_row *rows; /* @row LABEL | VALUE, in order */
	size_t nrows;
	const char *place;  /* @place: the city of the date line */
	const char *signer; /* @signer: the signer's position */
	const char *name;   /* @name: the signer's name */
};

/*
 * A deep copy of model (a new reference; NULL when out of memory) whose
 * strings cannot change the structure of the text they are put into: line
 * breaks, "|" and "@" are swapped for private-use characters that
 * words_read turns back. Render the template with this copy, so that a
 * reason typed on several lines stays one value, with its line breaks.
 */
json_t *words_guard(json_t *model);

/*
 * Read text (len bytes: a template rendered with a guarded model, its
 * values HTML-escaped as the template engine writes them) into w, with
 * memory from a. The five escapes the engine writes (&amp; &lt; &gt;
 * &quot; &#39;) are read back as their characters. -1 with e (ERR_TEMPLATE,
 * naming the line of the text) for an unknown instruction, a row without
 * "|", a paragraph after the rows, or no title; ERR_NOMEM when the arena
 * is full.
 */
int words_read(const char *text, size_t len, struct arena *a, struct words *w, struct err *e);

#endif
