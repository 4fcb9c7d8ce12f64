/*
 * download.h - the tail of an answer that is a file to save: an open
 * file as the body, and the name the browser saves it under.
 */
#ifndef P2HAM_WEB_DOWNLOAD_H
#define P2HAM_WEB_DOWNLOAD_H

#include <stdint.h>

#include "http/request.h"

/* rep's body the len bytes of the open file fd, which rep then owns;
 * type becomes its content type unless NULL. */
void web_fd_reply(struct reply *rep, int fd, uint64_t len, const char *type);

/*
 * The header that has the answer saved as a file named as fmt makes it
 * (a name that needs no quoting: letters, digits, '-', '.'), made in the
 * request's arena. -1 when out of memory (no header then).
 */
int web_attachment(struct request *req, struct reply *rep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
