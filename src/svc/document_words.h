/*
 * document_words.h - the words of a document from its template:
 * templates/documents/LANG/KIND.mustache rendered with a model the caller
 * builds (names, dates already written out, the decision, reasons), read
 * into the title, paragraphs, rows and signature of a struct doc_content.
 * docs/documents.md lists each template's variables and the conventions a
 * template is written in.
 */
#ifndef P2HAM_DOCUMENT_WORDS_H
#define P2HAM_DOCUMENT_WORDS_H

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "svc/documents.h"
#include "view/i18n.h"

/*
 * Render the template of kind k in language l ("documents/id/
 * declaration_statement", ...) with model (borrowed; its strings are
 * guarded first, see docs/words.h) and set d's kind, title, paragraphs,
 * lines, place, signer_title and signer_name from it, in memory of a; the
 * rest of d (participation, unit, NIP) is the caller's. The templates must
 * have been loaded (view_init). -1 with e: ERR_TEMPLATE for a missing or
 * broken template (the message names it), ERR_NOMEM.
 */
int document_words(struct arena *a, enum doc_kind k, enum lang l, json_t *model,
    struct doc_content *d, struct err *e);

/*
 * The document of kind k in language l with model's words (borrowed;
 * document_words), under participation pid of unit unit_id called
 * unit_name, made and stored before the transaction that records it
 * (document_prepare) into dp. -1 with e.
 */
int document_words_prepare(struct svc *s, enum doc_kind k, enum lang l, json_t *model,
    int64_t pid, int64_t unit_id, const char *unit_name, struct doc_prepared *dp,
    struct err *e);

/* The name of the template of kind k in language l, in a; NULL when out
 * of memory. */
const char *document_words_template(struct arena *a, enum doc_kind k, enum lang l);

#endif
