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
#include "base/timefmt.h"

/* clang-format off */
enum lang {
	LANG_ID,
	LANG_EN,
	LANG_MAX
};
/* clang-format on */

/* Load and check both catalogs; -1 with e naming the file and problem. */
int i18n_init(struct err *e);
void i18n_free(void);

/* The language called code ("id", "en"), or LANG_MAX. */
enum lang i18n_lang(const char *code);
const char *i18n_code(enum lang l);

/* The language base/timefmt.h writes dates in for l. */
enum time_lang i18n_time_lang(enum lang l);

/* The whole catalog of l, borrowed (valid until i18n_free). */
json_t *i18n_catalog(enum lang l);

/* The message at dotted key, e.g. "error.not_found.title"; the key itself
 * when missing, so a gap shows instead of crashing. Borrowed. */
const char *i18n_get(enum lang l, const char *key);

/*
 * msg with its "{n}" replaced by n, in a; NULL when out of memory. Catalog
 * messages carry numbers this way (never as printf formats).
 */
char *i18n_fill(struct arena *a, const char *msg, long n);

/*
 * msg with each "{name}" replaced by its value, for the (name, value) pairs
 * that follow, ended by a NULL name: i18n_subst(a, msg, "unit", u, "date",
 * d, (const char *)NULL); a NULL value counts as "". A placeholder no pair
 * names stays as it is. In a; msg itself when out of memory.
 */
const char *i18n_subst(struct arena *a, const char *msg, ...);

/*
 * Append to out, one per line, every key path present in a but not in b,
 * and every path where one holds a string and the other an object. Returns
 * the number of problems (0: same shape). Used by the catalog test.
 */
int i18n_compare(json_t *a, json_t *b, const char *prefix, struct buf *out);

#endif
