/*
 * err.h - an error with a reason, passed up to where it becomes a response or
 * an exit status (the GLib Error idea without GLib), and the one table of
 * error kinds: each kind's HTTP status, its stable code (the "code" of a JSON
 * error and the catalog key error.code.<code>), and how it is shown.
 */
#ifndef P2HAM_ERR_H
#define P2HAM_ERR_H

#include <stdbool.h>

/*
 * X(kind, status, code, shown)
 *   status: the HTTP status it answers with (5xx kinds are logged)
 *   shown:  ERR_SHOW_STATUS  the catalog's message for the status
 *           ERR_SHOW_CODE    the catalog's message error.code.<code>
 *           ERR_SHOW_TEXT    the error's own message, already in the
 *                            user's language (a refusal that says why)
 */
/* clang-format off */
#define ERR_KINDS(X)							\
	X(NONE,			0,   "",			ERR_SHOW_STATUS) \
	X(NOMEM,		503, "nomem",			ERR_SHOW_STATUS) \
	X(TOO_LARGE,		413, "too_large",		ERR_SHOW_STATUS) \
	X(BAD_REQUEST,		400, "bad_request",		ERR_SHOW_STATUS) \
	X(BAD_PARAM,		400, "bad_param",		ERR_SHOW_STATUS) \
	X(BAD_FIELD,		400, "bad_field",		ERR_SHOW_TEXT)	 \
	X(BAD_ENCODING,		400, "bad_encoding",		ERR_SHOW_CODE)	 \
	X(BAD_URI,		400, "bad_uri",			ERR_SHOW_STATUS) \
	X(BAD_MULTIPART,	400, "bad_multipart",		ERR_SHOW_CODE)	 \
	X(LOGIN_REQUIRED,	401, "login_required",		ERR_SHOW_CODE)	 \
	X(CSRF,			403, "csrf",			ERR_SHOW_CODE)	 \
	X(FORBIDDEN,		403, "forbidden",		ERR_SHOW_STATUS) \
	X(GRANT_TOO_WIDE,	403, "grant_too_wide",		ERR_SHOW_CODE)	 \
	X(DENIED,		403, "denied",			ERR_SHOW_TEXT)	 \
	X(NOT_FOUND,		404, "not_found",		ERR_SHOW_STATUS) \
	X(METHOD_NOT_ALLOWED,	405, "method_not_allowed",	ERR_SHOW_STATUS) \
	X(CONFLICT,		409, "db_constraint",		ERR_SHOW_STATUS) \
	X(REFUSED,		409, "refused",			ERR_SHOW_TEXT)	 \
	X(SELF_DEACTIVATE,	409, "self_deactivate",		ERR_SHOW_CODE)	 \
	X(NO_STAGES,		409, "no_stages",		ERR_SHOW_STATUS) \
	X(UNIT_TYPE_NOT_COVERED, 409, "unit_type_not_covered",	ERR_SHOW_STATUS) \
	X(BODY_TOO_LARGE,	413, "body_too_large",		ERR_SHOW_CODE)	 \
	X(FILE_TOO_LARGE,	413, "file_too_large",		ERR_SHOW_CODE)	 \
	X(EXPORT_TOO_MANY,	413, "export_too_many",		ERR_SHOW_CODE)	 \
	X(URI_TOO_LONG,		414, "uri_too_long",		ERR_SHOW_CODE)	 \
	X(INVALID,		422, "invalid",			ERR_SHOW_TEXT)	 \
	X(EMAIL,		422, "email",			ERR_SHOW_STATUS) \
	X(RATE_LIMITED,		429, "rate_limited",		ERR_SHOW_TEXT)	 \
	X(HEADERS_TOO_LARGE,	431, "headers_too_large",	ERR_SHOW_STATUS) \
	X(INTERNAL,		500, "internal",		ERR_SHOW_STATUS) \
	X(CONFIG,		500, "config",			ERR_SHOW_STATUS) \
	X(DB,			500, "db_error",		ERR_SHOW_STATUS) \
	X(DB_MIGRATION,		500, "db_migration",		ERR_SHOW_STATUS) \
	X(DB_SCHEMA_NEWER,	500, "db_schema_newer",		ERR_SHOW_STATUS) \
	X(AUDIT,		500, "audit",			ERR_SHOW_STATUS) \
	X(AUDIT_BROKEN,		500, "audit_broken",		ERR_SHOW_STATUS) \
	X(SIGN_KEY,		500, "sign_key",		ERR_SHOW_STATUS) \
	X(DOCUMENT,		500, "document",		ERR_SHOW_STATUS) \
	X(PDF,			500, "pdf",			ERR_SHOW_STATUS) \
	X(PDF_INPUT,		500, "pdf_input",		ERR_SHOW_STATUS) \
	X(TEMPLATE,		500, "template",		ERR_SHOW_STATUS) \
	X(CATALOG,		500, "catalog",			ERR_SHOW_STATUS) \
	X(EXPORT,		500, "export",			ERR_SHOW_STATUS) \
	X(FILE_STORE,		500, "file_store",		ERR_SHOW_STATUS) \
	X(RULEBOOK,		500, "rulebook",		ERR_SHOW_STATUS) \
	X(NOT_IMPLEMENTED,	501, "not_implemented",		ERR_SHOW_STATUS) \
	X(DB_UNAVAILABLE,	503, "db_unavailable",		ERR_SHOW_STATUS) \
	X(DB_BUSY,		503, "db_busy",			ERR_SHOW_STATUS) \
	X(BUSY,			503, "busy",			ERR_SHOW_CODE)	 \
	X(DB_NOT_MIGRATED,	503, "db_not_migrated",		ERR_SHOW_STATUS)

enum err_show {
	ERR_SHOW_STATUS,
	ERR_SHOW_CODE,
	ERR_SHOW_TEXT,
	ERR_SHOW_MAX
};
/* clang-format on */

enum err_kind {
#define ERR_ENUM(k, status, code, show) ERR_##k,
	ERR_KINDS(ERR_ENUM)
#undef ERR_ENUM
	    ERR_KIND_MAX
};

struct err {
	enum err_kind kind; /* ERR_NONE when no error was set */
	int status;         /* the kind's HTTP status, copied for readers */
	char msg[512];      /* human sentence: in the user's language for
			       ERR_SHOW_TEXT kinds, else English for logs */
};

/* Record an error of kind k; a later call overwrites. A NULL err is ignored. */
void err_set(struct err *e, enum err_kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(struct err *e);

/* The kind's row of the table. */
int err_status(enum err_kind k);
const char *err_code(enum err_kind k);
enum err_show err_show(enum err_kind k);
/* Whether an error of kind k is written to the log where it is answered. */
bool err_logged(enum err_kind k);

#endif
