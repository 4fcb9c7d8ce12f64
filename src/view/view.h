/*
 * view.h - the application's templates: every templates/NAME.mustache
 * compiled into the binary, parsed once at start, rendered by name.
 */
#ifndef P2HAM_VIEW_H
#define P2HAM_VIEW_H

#include <stdbool.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Parse every compiled-in template; -1 with e naming the first bad one. */
int view_init(struct err *e);
void view_free(void);
/* True between view_init and view_free. */
bool view_loaded(void);

/*
 * Replace compiled-in document templates (templates/documents/LANG/KIND)
 * with the installation's own copies where DATA_DIR/templates/documents/
 * LANG/KIND.mustache exists, so that the wording of documents issued from
 * now on can change without a new build. -1 with e naming the file when one
 * cannot be read, is not UTF-8 or does not parse.
 */
int view_override(const char *data_dir, struct err *e);

/* Render template name (e.g. "home") with model into out. */
int view_render(const char *name, json_t *model, struct buf *out, struct err *e);

/* What template name reads from the model a page hands it, which is also
 * the page's JSON answer, as a JSON Schema (the layout's own members and
 * partials left out); NULL for an unknown template. */
json_t *view_shape(const char *name);

#endif
