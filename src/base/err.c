/*
 * err.c - filling a struct err, and the table of error kinds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

/* clang-format off */
static const struct {
	int status;
	const char *code;
	enum err_show show;
} kinds[ERR_KIND_MAX] = {
#define ERR_ROW(k, st, c, sh)	[ERR_##k] = { .status = st, .code = c, .show = sh },
	ERR_KINDS(ERR_ROW)
#undef ERR_ROW
};
/* clang-format on */

void
err_set(struct err *e, enum err_kind k, const char *fmt, ...)
{
	char msg[sizeof(e->msg)];
	va_list ap;

	if (e == NULL)
		return;
	if ((unsigned)k >= ERR_KIND_MAX)
		k = ERR_INTERNAL;
	/* Formatted apart first: an argument may point into e->msg itself. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->kind = k;
	e->status = kinds[k].status;
	memcpy(e->msg, msg, sizeof(msg));
}

void
err_clear(struct err *e)
{
	if (e != NULL)
		memset(e, 0, sizeof(*e));
}

int
err_status(enum err_kind k)
{
	return (unsigned)k < ERR_KIND_MAX ? kinds[k].status : 500;
}

const char *
err_code(enum err_kind k)
{
	return (unsigned)k < ERR_KIND_MAX ? kinds[k].code : "internal";
}

enum err_show
err_show(enum err_kind k)
{
	return (unsigned)k < ERR_KIND_MAX ? kinds[k].show : ERR_SHOW_STATUS;
}

bool
err_logged(enum err_kind k)
{
	return err_status(k) >= 500;
}
