/*
 * i18n.h - message catalogs (locales/id.json, locales/en.json), loaded once at
 * start. Bahasa Indonesia is the default; English the second catalog.
 */
#ifndef P2HAM_I18N_H
#define P2HAM_I18N_H

#include <stdbool.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

enum lang {
	LANG_ID,
	LANG_EN,
	LANG_MAX
};

/* Load and check both catalogs; -1 with e naming the file and problem. */
int	i18n_init(struct err *e);
void	i18n_free(void);

/* The language called code ("id", "en"), or LANG_MAX. */
enum lang i18n_lang(const char *code);
const char *i18n_code(enum lang l);

/* The whole catalog of l, borrowed (valid until i18n_free). */
json_t	*i18n_catalog(enum lang l);

/* The message at dotted key, e.g. "error.not_found.title"; the key itself
 * when missing, so a gap shows instead of crashing. Borrowed. */
const char *i18n_get(enum lang l, const char *key);

/*
 * msg with its "{n}" replaced by n, in a; NULL when out of memory. Catalog
 * messages carry numbers this way (never as printf formats).
 */
char	*i18n_fill(struct arena *a, const char *msg, long n);

/*
 * Append to out, one per line, every key path present in a but not in b,
 * and every path where one holds a string and the other an object. Returns
 * the number of problems (0: same shape). Used by the catalog test.
 */
int	i18n_compare(json_t *a, json_t *b, const char *prefix, struct buf *out);

#endif
