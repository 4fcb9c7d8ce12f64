/*
 * pdf_reply.c - answering with a PDF rendered into memory (see pdf_reply.h).
 */
#include "web/pdf_reply.h"
#include "web/model.h"

int
web_pdf_reply(struct request *req, struct reply *rep, struct buf *b, const char *name,
    const char *cache, struct err *e)
{
	size_t len;

	if (b->failed || (rep->body = buf_detach(b, &len)) == NULL) {
		buf_free(b);
		return web_nomem(e);
	}
	rep->len = len;
	rep->content_type = "application/pdf";
	reply_header(rep, "Content-Disposition",
	    arena_printf(&req->arena, "inline; filename=\"%s.pdf\"", name));
	if (cache != NULL)
		reply_header(rep, "Cache-Control", cache);
	return 0;
}
