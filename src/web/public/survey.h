/*
 * survey.h - the public survey form /survei/{unit} and its thank-you page
 * (survey.c), the form's view model (survey_form.c), and the start and
 * stop of the survey writer with the server.
 */
#ifndef P2HAM_WEB_SURVEY_H
#define P2HAM_WEB_SURVEY_H

#include <jansson.h>

#include "base/err.h"
#include "core/survey_instrument.h"
#include "db/db.h"
#include "http/request.h"
#include "svc/svc.h"

#define SURVEY_FORM "survei" /* the guard's form name */

/* Read the survey's settings and start the writer; -1 with e. */
int survey_web_start(struct db *db, struct err *e);
void survey_web_stop(void);
/* The server's quiesce hook (server_hooks): stop the writer, which answers
 * every post it holds, before the server stops. */
void survey_web_quiesce(void *app);

/*
 * The form's model: unit (row of SURVEY_UNIT_PUBLIC), si, services (rows
 * {"id", "name"}), token, and what was typed (req's form when typed) with
 * the problems of pr next to their questions.
 */
json_t *
survey_form_model(struct request *req, json_t *unit, const struct survey_instrument *si,
    json_t *services, const char *token, bool typed, const struct svc_problems *pr);

#endif
