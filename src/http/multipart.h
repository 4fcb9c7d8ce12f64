/*
 * multipart.h - an incremental parser of multipart/form-data bodies (RFC
 * 7578 over RFC 2046). The body is fed in chunks of any size, as it comes
 * off the network; the parser calls back at the start of each part (with
 * its field name, file name and type), for each piece of its content, and
 * at its end. It keeps no content itself, only a header line and the
 * boundary, so a part may be as large as the caller lets it be, and any
 * input ends in an error code, never in a crash or unbounded memory.
 *
 * Strict where browsers are regular (the boundary alphabet and length,
 * a Content-Disposition of form-data with a name on every part, header
 * lines of bounded length and number, a closing boundary), lenient where
 * they are not quite (a bare LF ending a header line, transport padding
 * after a boundary, a preamble and an epilogue, which are ignored).
 */
#ifndef P2HAM_MULTIPART_H
#define P2HAM_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/code.h"

#define MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 */
#define MULTIPART_LINE_MAX 1024   /* bytes of one part header line */
#define MULTIPART_NAME_MAX 255    /* bytes of a field or file name */

/* Why a body was refused; the stable code is multipart_error_code's. */
/* clang-format off */
#define MULTIPART_ERROR_LIST(X) \
	X(MP_OK, "ok") \
	X(MP_E_BOUNDARY, "boundary")                 /* the boundary is missing or not allowed */ \
	X(MP_E_NO_START, "no_start")                 /* the body holds no boundary at all */ \
	X(MP_E_AFTER_BOUNDARY, "after_boundary")     /* junk after a boundary on its line */ \
	X(MP_E_HEADER_TOO_LONG, "header_too_long")   /* a part header line over MULTIPART_LINE_MAX */ \
	X(MP_E_TOO_MANY_HEADERS, "too_many_headers") /* more part header lines than allowed */ \
	X(MP_E_HEADER_SYNTAX, "header_syntax")       /* a header line that is not "Name: value" */ \
	X(MP_E_DISPOSITION, "disposition")           /* no Content-Disposition: form-data; \
						        name=... */ \
	X(MP_E_TOO_MANY_PARTS, "too_many_parts")     /* more parts than allowed */ \
	X(MP_E_TRUNCATED, "truncated")               /* the body ended before the closing boundary */ \
	X(MP_E_CALLBACK, "callback")                 /* a callback refused to go on */
/* clang-format on */

enum multipart_error { MULTIPART_ERROR_LIST(CODE_ENUM) MULTIPART_ERROR_MAX };

/* What the parser knows of a part when its content begins. */
struct multipart_part {
	const char *name;         /* field name: UTF-8, NUL-terminated, not empty */
	const char *filename;     /* NULL for a plain field; a file field
				     with no file chosen has "" */
	const char *content_type; /* as sent, "" when absent */
	size_t index;             /* 0 for the first part */
};

/*
 * What to do with parts. Each callback may be NULL; one returning nonzero
 * stops the parser with MP_E_CALLBACK. Strings given to begin are valid
 * only during the call.
 */
struct multipart_callbacks {
	int (*begin)(void *ctx, const struct multipart_part *part);
	int (*data)(void *ctx, const char *p, size_t len); /* len > 0 */
	int (*end)(void *ctx);
};

enum multipart_state {
	MPS_PREAMBLE,     /* before the first boundary */
	MPS_BOUNDARY_END, /* after a boundary: "--", padding or CRLF */
	MPS_CLOSE_DASH,   /* after the first '-' of a closing "--" */
	MPS_BOUNDARY_CR,  /* after CR ending a boundary line */
	MPS_HEADER,       /* in a part's header lines */
	MPS_BODY,         /* in a part's content */
	MPS_EPILOGUE,     /* after the closing boundary: done */
	MPS_ERROR,        /* stopped; see error */
	MULTIPART_STATE_MAX
};

struct multipart {
	enum multipart_state state;
	enum multipart_error error;                 /* MP_OK until something went wrong */
	char delim[4 + MULTIPART_BOUNDARY_MAX + 1]; /* CR LF "--" boundary */
	size_t delim_len;                           /* bytes of delim */
	size_t match;                               /* bytes of delim matched so far */
	size_t padding;                             /* blanks seen after a boundary */
	char line[MULTIPART_LINE_MAX + 1];          /* the header line being read */
	size_t line_len;                            /* its bytes */
	size_t header_count;                        /* header lines of the current part */
	char name[MULTIPART_NAME_MAX + 1];          /* the part's field name */
	char filename[MULTIPART_NAME_MAX + 1];      /* its file name */
	bool has_filename;                          /* a filename parameter was given */
	bool has_disposition;                 /* a form-data disposition was given */
	char content_type[128];               /* its Content-Type, "" when none */
	size_t part_count;                    /* parts begun */
	size_t max_parts;                     /* limit on parts */
	size_t max_headers;                   /* limit on header lines per part */
	const struct multipart_callbacks *cb; /* borrowed */
	void *ctx;                            /* given to the callbacks */
};

/*
 * Prepare m for a body whose boundary is boundary (blen bytes, as taken
 * from the Content-Type by multipart_boundary), with at most max_parts parts
 * (0: 64) of at most max_headers header lines (0: 8). -1 (MP_E_BOUNDARY)
 * when the boundary is empty, too long or uses characters RFC 2046 does
 * not allow.
 */
int multipart_init(struct multipart *m, const char *boundary, size_t blen,
    size_t max_parts, size_t max_headers, const struct multipart_callbacks *cb, void *ctx);

/* Feed the next len bytes of the body. 0, or -1 with m->error set; after
 * an error every call fails. */
int multipart_feed(struct multipart *m, const char *p, size_t len);

/* The body has ended: 0 when the closing boundary was seen, else -1
 * (MP_E_TRUNCATED, or MP_E_NO_START when there was no boundary). */
int multipart_finish(struct multipart *m);

/*
 * The boundary parameter of a Content-Type value such as
 * "multipart/form-data; boundary=----x" (quoted or not), copied into out
 * (cap bytes, NUL-terminated). Returns its length, or -1 when the type is
 * not multipart/form-data or has no boundary that fits.
 */
int multipart_boundary(const char *content_type, char *out, size_t cap);

/* The error's stable code, e.g. "truncated"; "" out of range. */
const char *multipart_error_code(enum multipart_error e);

#endif
