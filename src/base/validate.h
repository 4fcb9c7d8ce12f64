/*
 * validate.h - declared input parameters and their validators. A route lists
 * the parameters it accepts; the request layer runs each through its
 * validator, so handlers only ever see declared, valid, typed values. The
 * CSV imports check each cell with the validator of its form field.
 */
#ifndef P2HAM_VALIDATE_H
#define P2HAM_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/code.h"

enum param_source {
	PARAM_PATH,  /* a {name} segment of the route pattern */
	PARAM_QUERY, /* ?name=value */
	PARAM_FORM,  /* application/x-www-form-urlencoded body */
	PARAM_SOURCE_MAX
};

enum param_type {
	PT_TEXT,      /* one line of text: UTF-8, no control characters */
	PT_MULTILINE, /* text that may hold newlines and tabs */
	PT_INT,       /* decimal integer within [min, max] */
	PT_ENUM,      /* one of the '|'-separated words in choices */
	PT_EMAIL,     /* a plausible address: local@domain.tld */
	PT_DATE,      /* a calendar date YYYY-MM-DD */
	PT_BOOL,      /* checkbox: "1", "on", "true" or "0", "off", "false", "" */
	PT_SECRET,    /* a password: kept exactly (no trimming), no control
			 characters, at most max characters (default 256) */
	PARAM_TYPE_MAX
};

struct param_spec {
	const char *name; /* key in the path pattern, query or form */
	enum param_source source;
	enum param_type type;
	bool required;       /* absent or empty is an error */
	int64_t min, max;    /* PT_INT range; PT_TEXT length in characters
				(max 0: default 1000 characters) */
	const char *choices; /* PT_ENUM: "a|b|c" */
};

/* A validated value. Text is NUL-terminated, valid UTF-8, in the request arena. */
struct param_value {
	const struct param_spec *spec; /* NULL marks the end of a list */
	bool present;                  /* sent and not empty */
	const char *text; /* trimmed text as the user sent it ("" if absent) */
	int64_t i;        /* PT_INT, PT_BOOL (0/1) */
	int error;        /* enum validate_error: why it was refused */
};

/* Why a value was refused; the key of a catalog message under "validation.". */
/* clang-format off */
#define VALIDATE_ERROR_LIST(X) \
	X(VE_OK, "ok") \
	X(VE_REQUIRED, "required") \
	X(VE_ENCODING, "encoding") \
	X(VE_TOO_LONG, "too_long") \
	X(VE_TOO_SHORT, "too_short") \
	X(VE_NOT_INT, "not_int") \
	X(VE_RANGE, "range") \
	X(VE_CHOICE, "choice") \
	X(VE_EMAIL, "email") \
	X(VE_DATE, "date") \
	X(VE_CONTROL, "control") \
	X(VE_BOOL, "bool")
/* clang-format on */

enum validate_error { VALIDATE_ERROR_LIST(CODE_ENUM) VALIDATE_ERROR_MAX };

/*
 * Check raw (len bytes, already percent-decoded) against spec and fill out;
 * text is copied into a. Returns VE_OK or the reason.
 */
enum validate_error validate_param(const struct param_spec *spec, const char *raw,
    size_t len, struct arena *a, struct param_value *out);

/* The catalog key suffix of a reason, e.g. "required" for VE_REQUIRED. */
const char *validate_error_key(enum validate_error ve);

#endif
