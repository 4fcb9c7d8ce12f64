/*
 * complaint.h - what the public complaint pages share: their inputs and
 * the abuse guard around the filing form.
 */
#ifndef P2HAM_WEB_PUBLIC_COMPLAINT_H
#define P2HAM_WEB_PUBLIC_COMPLAINT_H

#include <jansson.h>

#include "http/request.h"
#include "svc/svc.h"

/* The declared parameter name's text, NULL when absent or empty. */
const char *complaint_param(struct request *req, const char *name);

/* The guard's form field, declared by the filing route (the honeypot is
 * read as sent). */
#define COMPLAINT_GUARD_PARAMS \
	{ \
		"token", PARAM_FORM, PT_TEXT, false, 0, 200, NULL \
	}

/* Put what the form carries for the guard into model (unit: the unit's
 * row, whose id the token binds). */
void complaint_guard_put(struct request *req, json_t *model, json_t *unit);

/* Check the filing against the guard: 0 with *nonce the token's nonce
 * (NULL when the guard gives none), or -1 with e saying why in the
 * reader's language. */
int
complaint_guard_check(struct request *req, struct svc *s, const char **nonce, struct err *e);

#endif
