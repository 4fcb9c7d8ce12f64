/*
 * names.h - the words people read for the codes the database keeps: a
 * grant's role and scope ("Kantor wilayah", "Provinsi Gorontalo"), a
 * province's name for its code. The JSON twin keeps the codes; these add
 * the words beside them.
 */
#ifndef P2HAM_WEB_NAMES_H
#define P2HAM_WEB_NAMES_H

#include <jansson.h>

#include "http/request.h"

/*
 * Adds to each grant row of DB_GRANT_LIST (role, scope_kind, scope_id,
 * scope_name) its "role_label", "scope_kind_label" and "scope_label" in
 * the request's language; the strings live in req's arena or the catalog.
 */
void names_grants(struct request *req, json_t *grants);

/*
 * Sets obj[name_key] to the name of the province whose code is
 * obj[code_key], when there is one.
 */
void names_province(json_t *obj, const char *code_key, const char *name_key);

#endif
