/*
 * rulebook_int.h - what the parts of the rulebook reader share (rulebook.c
 * the document, rulebook_scoring.c its scoring and defaults, rulebook_read.c
 * the checked reading of JSON values): the state of one parse and the
 * functions that read a value at the current JSON path, reporting every
 * problem as "path: what is wrong". Internal to src/core: use rulebook.h.
 */
#ifndef P2HAM_RULEBOOK_INT_H
#define P2HAM_RULEBOOK_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/code.h"
#include "core/rulebook.h"

#define PATH_CAP 256      /* bytes of a JSON path in a message */
#define CODE_MAX 64       /* bytes of a code */
#define TEXT_MAX 4000     /* bytes of one text in one language */
#define SHORT_MAX 300     /* bytes of a one-line string (legal number) */
#define UNIT_TYPES_MAX 64 /* unit types of one rulebook */
#define SCALES_MAX 50
#define OPTIONS_MAX 20 /* options of one scale */
#define CRITERIA_MAX 50
#define INDICATORS_MAX 1000 /* indicators of one criterion */
#define PREDICATES_MAX 20
#define DEFAULTS_MAX 2000
#define WEIGHT_SUM 100.0
#define WEIGHT_EPSILON 1e-6 /* slack for weights written as decimals */
#define POINTS_MAX 100.0    /* the largest adjustment, either way */

/* A number of the document that "defaults" may name, e.g.
 * "criteria.sarana.weight". */
struct rb_numref {
	const char *ref;       /* its reference, in the arena */
	struct rb_number *num; /* the number in the rulebook being filled */
};

/* The state of one parse. */
struct rb_ctx {
	struct arena *a;             /* where everything goes */
	struct rulebook_problems *p; /* what is wrong so far */
	const char *const *known;    /* unit type codes that exist */
	size_t known_count;          /* entries of known */
	struct rulebook *rb;         /* being filled */
	char path[PATH_CAP];         /* JSON path of the value being read, "$..." */
	size_t path_len;             /* bytes of path in use */
	struct rb_numref *refs;      /* numbers "defaults" may name */
	size_t ref_count;            /* entries of refs in use */
	size_t ref_cap;              /* entries of refs allocated */
	bool unknown_scale;          /* an indicator named a scale that is not
					there: unused scales are then no news */
};

/* JSON types a value must have. */
/* clang-format off */
#define RB_JTYPE_LIST(X) \
	X(RBJ_OBJECT, "an object") \
	X(RBJ_ARRAY, "an array") \
	X(RBJ_STRING, "a string") \
	X(RBJ_INTEGER, "a whole number") \
	X(RBJ_NUMBER, "a number")        /* integer or real */ \
	X(RBJ_BOOLEAN, "true or false")
/* clang-format on */

enum rb_jtype { RB_JTYPE_LIST(CODE_ENUM) RBJ_TYPE_MAX };

/* What rb_number_member found. */
enum rb_num_state {
	RBN_MISSING,      /* absent or not a number (reported) */
	RBN_OUT_OF_RANGE, /* a number, but outside its range (reported) */
	RBN_OK,
	RBN_STATE_MAX
};

/* The keys of a text, "id" and "en", indexed by enum rulebook_lang. */
extern const char *const rb_lang_keys[RULEBOOK_LANG_MAX];

/* Count a problem and keep msg (NULL: memory ran out) if there is room. */
void rb_add_problem(struct rulebook_problems *p, struct arena *a, const char *msg);
/* Report "current path: what", what formatted from fmt. */
void rb_problem(struct rb_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for member key of the value at the path. */
void rb_problem_at(struct rb_ctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Report that memory ran out. */
void rb_oom(struct rb_ctx *c);

/* Append ".key" or "[i]" to the current path; return the mark that
 * rb_path_pop restores. rb_path_copy: the current path, in the arena. */
size_t rb_path_key(struct rb_ctx *c, const char *key);
size_t rb_path_index(struct rb_ctx *c, size_t i);
void rb_path_pop(struct rb_ctx *c, size_t mark);
const char *rb_path_copy(struct rb_ctx *c);
/* s as quoted in a message: at most 80 bytes, cut between characters and
 * marked "..." when cut; in the arena. */
const char *rb_quote(struct rb_ctx *c, const char *s);

/* Report every key of obj not in allowed (NULL-terminated), suggesting a
 * close one when there is one. */
void rb_check_keys(struct rb_ctx *c, json_t *obj, const char *const *allowed);
/* True when v (at the current path) is of type t; else a problem. */
bool rb_want(struct rb_ctx *c, json_t *v, enum rb_jtype t);
/* obj[key] when present and of type t; else NULL, with a problem when it is
 * required or of another type. Borrowed from obj. */
json_t *
rb_member(struct rb_ctx *c, json_t *obj, const char *key, enum rb_jtype t, bool required);
/* The string v (at the current path) copied into the arena when it has 1..max
 * bytes and no NUL; else NULL with a problem. */
const char *rb_string_at(struct rb_ctx *c, json_t *v, size_t max);
/* The same for obj[key]. */
const char *
rb_string_member(struct rb_ctx *c, json_t *obj, const char *key, size_t max, bool required);
/* The code at obj[key] (required), copied; NULL with a problem when it is not
 * a code (docs/rulebook.md). */
const char *rb_code_member(struct rb_ctx *c, json_t *obj, const char *key);
/* The code at obj["code"] of an entry of an array of structs, unless one of
 * the count entries before it has the same: then a problem "duplicate what
 * code ... (also where[k])" and NULL. codes points at the first entry's
 * code, the next entry's is stride bytes further on; where is the array's
 * path, its first where_len bytes (all of it when where_len < 0). */
const char *rb_unique_code(struct rb_ctx *c, json_t *obj, const char *what,
    const char *const *codes, size_t stride, size_t count, const char *where, int where_len);
/* The head every versioned document starts with: its "format", which must
 * be format, its "code" into *code, "version" (a whole number from 1) into
 * *version and "title" into *title, with a problem for each that is
 * missing or wrong. */
void rb_identity(struct rb_ctx *c, json_t *doc, const char *format, const char **code,
    int64_t *version, struct rb_text *title);
/* The regulation a document rests on, its required "legal_basis": "number"
 * into *number, "title" into *title and "date" into *date, with a problem
 * for each that is missing or wrong; with check_date a date that is not
 * YYYY, YYYY-MM or YYYY-MM-DD (from 1945) is one too, and *date NULL. */
void rb_legal_basis(struct rb_ctx *c, json_t *doc, bool check_date, const char **number,
    struct rb_text *title, const char **date);
/* The text {"id", "en"} at obj[key] into *out (strings in the arena); false,
 * with problems, when absent or incomplete. */
bool rb_text_member(struct rb_ctx *c, json_t *obj, const char *key, bool required,
    struct rb_text *out);
/* The number at obj[key] (required) into *out, checked against [lo, hi]. */
enum rb_num_state rb_number_member(struct rb_ctx *c, json_t *obj, const char *key,
    double lo, double hi, struct rb_number *out);
/* The array at obj[key] when it has 1..max elements; else NULL (with a
 * problem when present or required). Borrowed. */
json_t *
rb_array_member(struct rb_ctx *c, json_t *obj, const char *key, size_t max, bool required);
/* Remember num as a number "defaults" may name by the reference fmt makes. */
void rb_numref_add(struct rb_ctx *c, struct rb_number *num, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* n zeroed elements of size bytes in the arena; NULL after reporting. */
void *rb_alloc_array(struct rb_ctx *c, size_t n, size_t size);

/* rulebook_scoring.c: $.scoring into c->rb, then $.defaults (after every
 * number was read, so that each reference can be checked). */
void rb_parse_scoring(struct rb_ctx *c, json_t *root);
void rb_parse_defaults(struct rb_ctx *c, json_t *root);

#endif
