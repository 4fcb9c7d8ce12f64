/*
 * err.c - filling a struct err.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void
err_set(struct err *e, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->status = status;
	snprintf(e->code, sizeof(e->code), "%s", code ? code : "");
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void
err_clear(struct err *e)
{
	if (e != NULL)
		memset(e, 0, sizeof(*e));
}
