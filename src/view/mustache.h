/*
 * mustache.h - the template engine: the full mustache language (variables,
 * sections, inverted sections, partials, comments, set delimiter) over a
 * jansson value. Templates are parsed once into a set; rendering never
 * allocates from or changes the set, so one set serves all threads.
 */
#ifndef P2HAM_MUSTACHE_H
#define P2HAM_MUSTACHE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

struct mustache_set;

/* An empty set; NULL on allocation failure. */
struct mustache_set *mustache_set_new(void);
void mustache_set_free(struct mustache_set *set);

/*
 * Parse src (len bytes) and store it under name, replacing an earlier
 * template of that name. On a syntax error returns -1 with e->msg naming the
 * template, the line and the problem (unclosed tag, mismatched section, ...).
 */
int mustache_set_add(struct mustache_set *set, const char *name, const char *src,
    size_t len, struct err *e);

/* True when the set holds a template called name. */
int mustache_set_has(const struct mustache_set *set, const char *name);

/*
 * Render template name against ctx into out. Partials are looked up in the
 * same set by name; a missing partial renders as nothing (the spec says so).
 * {{x}} is always HTML-escaped; {{{x}}} and {{&x}} write raw text (the
 * application forbids them in its own templates; the spec needs them).
 * Returns -1 when name is unknown, nesting is too deep or out failed.
 */
int mustache_render(const struct mustache_set *set, const char *name, json_t *ctx,
    struct buf *out, struct err *e);

/* What mustache_shape leaves out: partials by name, and names by their
 * first part (those the caller adds to every model). NULL-terminated. */
struct mustache_shape_skip {
	const char *const *partials;
	const char *const *names;
};

/*
 * The members template name reads from its model, as a JSON Schema object
 * (see mustache_shape.c), following partials except those skipped. NULL
 * when name is unknown or memory ran out.
 */
json_t *mustache_shape(const struct mustache_set *set, const char *name,
    const struct mustache_shape_skip *skip);

#endif
