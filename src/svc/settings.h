/*
 * settings.h - the installation's settings: one text value per key (the
 * documents' letterhead, the mark of a loaded demo), read by anyone, changed
 * with an audit entry.
 */
#ifndef P2HAM_SVC_SETTINGS_H
#define P2HAM_SVC_SETTINGS_H

#include <jansson.h>

#include "base/err.h"
#include "svc/svc.h"

/* Every setting as rows {key, value, updated_at}, ordered by key; a new
 * reference, or NULL with e. */
json_t *settings_list(struct svc *s, struct err *e);

/* The value of key into *value (in s->arena), or NULL when it is not set.
 * -1 with e on a database error. */
int settings_get(struct svc *s, const char *key, const char **value, struct err *e);

/* Set key to value, or remove it when value is NULL, with the audit entry
 * setting.set or setting.unset, in a transaction of its own (see
 * svc_begin). -1 with e. */
int settings_change(struct svc *s, const char *key, const char *value, struct err *e);

#endif
