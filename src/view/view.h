/*
 * view.h - the application's templates: every templates/NAME.mustache
 * compiled into the binary, parsed once at start, rendered by name.
 */
#ifndef P2HAM_VIEW_H
#define P2HAM_VIEW_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* Parse every compiled-in template; -1 with e naming the first bad one. */
int	view_init(struct err *e);
void	view_free(void);

/* Render template name (e.g. "home") with model into out. */
int	view_render(const char *name, json_t *model, struct buf *out, struct err *e);

#endif
