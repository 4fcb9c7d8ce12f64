/*
 * document_words.c - a document's words: its template rendered by the
 * view's engine, read by docs/words.c, handed over as doc_content parts.
 */
#include <string.h>

#include "base/buf.h"
#include "docs/words.h"
#include "svc/document_words.h"
#include "view/view.h"

#define WORDS_MAX (256 * 1024) /* bytes of rendered text */

const char *
document_words_template(struct arena *a, enum doc_kind k, enum lang l)
{
	return arena_printf(a, "documents/%s/%s", i18n_code(l), doc_kind_code(k));
}

/* w's rows as the document's lines, in a. */
static struct doc_line *
lines_of(struct arena *a, const struct words *w)
{
	struct doc_line *lines = arena_alloc(a, (w->nrows + 1) * sizeof(*lines));
	size_t i;

	for (i = 0; lines != NULL && i < w->nrows; i++)
		lines[i] = (struct doc_line){ w->rows[i].label, w->rows[i].value };
	return lines;
}

int
document_words(struct arena *a, enum doc_kind k, enum lang l, json_t *model,
    struct doc_content *d, struct err *e)
{
	const char *name = document_words_template(a, k, l);
	json_t *guarded = NULL;
	struct words w;
	struct buf text;
	int rc = -1;

	buf_init(&text, WORDS_MAX);
	if (name == NULL || (guarded = words_guard(model)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	if (view_render(name, guarded, &text, e) < 0)
		goto done;
	if (words_read(buf_cstr(&text), text.len, a, &w, e) < 0) {
		if (e != NULL && e->kind == ERR_TEMPLATE) {
			char why[sizeof(e->msg)];

			memcpy(why, e->msg, sizeof(why));
			err_set(e, ERR_TEMPLATE, "template %s: %s", name, why);
		}
		goto done;
	}
	d->kind = k;
	d->title = w.title;
	d->paragraphs = w.paragraphs;
	d->nparagraphs = w.nparagraphs;
	if ((d->lines = lines_of(a, &w)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	d->nlines = w.nrows;
	d->place = w.place;
	d->signer_title = w.signer;
	d->signer_name = w.name;
	rc = 0;
done:
	json_decref(guarded);
	buf_free(&text);
	return rc;
}

int
document_words_prepare(struct svc *s, enum doc_kind k, enum lang l, json_t *model, int64_t pid,
    int64_t unit_id, const char *unit_name, struct doc_prepared *dp, struct err *e)
{
	struct doc_content d = { 0 };

	if (document_words(s->arena, k, l, model, &d, e) < 0)
		return -1;
	d.participation_id = pid;
	d.unit_id = unit_id;
	d.unit_name = unit_name;
	return document_prepare(s, &d, dp, e);
}
