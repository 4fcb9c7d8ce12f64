/*
 * results.h - what the pages of published results share: a stored version
 * shown in the reader's language (results_view.c), its pages (results.c)
 * and its downloads (results_data.c).
 */
#ifndef P2HAM_WEB_PUBLIC_RESULTS_H
#define P2HAM_WEB_PUBLIC_RESULTS_H

#include <jansson.h>

#include "base/err.h"
#include "http/request.h"
#include "view/i18n.h"

/* Where the installation's public key is published, as PEM. */
#define RESULTS_KEY_PATH "/hasil/kunci-publik.pem"

/* The text of both ({"id", "en"}) in language l; "" when missing. */
const char *results_lang_text(json_t *both, enum lang l);

/* The snapshot's number text v ("87.50") with req's decimal mark; JSON
 * null when v is not a text, NULL when out of memory. */
json_t *results_number(struct request *req, json_t *v);

/* The ISO-8601 UTC time iso as req's language writes it (WIB), in
 * req's arena; "" for JSON null. */
const char *results_when(struct request *req, json_t *iso);

/* Unit u of snapshot data as the page shows it: a new object. */
json_t *results_unit_view(struct request *req, json_t *data, json_t *u);

/* The summary chart (chart.h) of the units shown (snapshot units in
 * province order): a bar per province, a segment per predicate, none and
 * revoked. A new object, or NULL when out of memory. */
json_t *results_chart(struct request *req, json_t *data, json_t *shown, const char *id,
    const char *title);

/* The same chart for each coordination region the shown units were
 * published in, with a heading ({name, chart}); a new array. */
json_t *results_region_charts(struct request *req, json_t *data, json_t *shown);

/* The published version {id}/{v} (v 0: the latest) of the request's
 * cycle, as results_version gives it, into *out; -1 with e, 404 when
 * there is none. */
int results_load(struct request *req, int version, json_t **out, struct err *e);

#endif
