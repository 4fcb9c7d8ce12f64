/*
 * files_pages.h - what the pages of uploaded files lend to other pages.
 */
#ifndef P2HAM_FILES_PAGES_H
#define P2HAM_FILES_PAGES_H

#include <jansson.h>

#include "base/err.h"
#include "http/request.h"

/*
 * Send the stored content of row ({id, sha256, size, mime, name}; the
 * reference is taken) as the reply, to download under its name. -1 with e
 * (500) when the stored content is missing or not of its recorded size.
 */
int files_reply(struct request *req, struct reply *rep, json_t *row, struct err *e);

#endif
