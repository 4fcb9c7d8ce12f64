/*
 * pdf_reply.h - answering with a PDF rendered into memory.
 */
#ifndef P2HAM_WEB_PDF_REPLY_H
#define P2HAM_WEB_PDF_REPLY_H

#include "base/buf.h"
#include "base/err.h"
#include "http/request.h"

/*
 * Make b (taken: released whatever happens) rep's body, a PDF called
 * name.pdf shown in the browser, with the Cache-Control header cache
 * (none when NULL). -1 with e when b ran out of memory.
 */
int web_pdf_reply(struct request *req, struct reply *rep, struct buf *b, const char *name,
    const char *cache, struct err *e);

#endif
