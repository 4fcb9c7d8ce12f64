/*
 * mustache_int.h - what the parser (mustache_parse.c) and the renderer
 * (mustache.c) of the template engine share: the limits, the parsed tree
 * and the lookup of a template in a set. Not for use outside src/view/.
 */
#ifndef P2HAM_MUSTACHE_INT_H
#define P2HAM_MUSTACHE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "view/mustache.h"

#define MUSTACHE_MAX_DELIM 32          /* bytes in a set delimiter */
#define MUSTACHE_MAX_SECTIONS 128      /* sections open at once in one template */
#define MUSTACHE_MAX_PARTIALS 64       /* partials nested while rendering */
#define MUSTACHE_MAX_DEPTH 512         /* sections and partials nested while rendering */
#define MUSTACHE_MAX_STEPS (1ul << 24) /* nodes visited by one render */
#define MUSTACHE_NOT_FOUND SIZE_MAX

enum mustache_kind {
	MUSTACHE_TEXT,     /* literal text */
	MUSTACHE_ESCAPED,  /* {{name}}: HTML-escaped value */
	MUSTACHE_RAW,      /* {{{name}}} or {{&name}}: value as is */
	MUSTACHE_SECTION,  /* {{#name}}...{{/name}} */
	MUSTACHE_INVERTED, /* {{^name}}...{{/name}} */
	MUSTACHE_PARTIAL,  /* {{>name}} */
	MUSTACHE_KIND_MAX
};

struct mustache_name {
	const char **parts; /* the keys between the dots, NUL-terminated */
	size_t count;       /* elements in parts; 0 for the implicit iterator "." */
	bool is_valid; /* false when a part is empty or holds a NUL: never resolves */
};

struct mustache_node {
	enum mustache_kind kind;     /* what the node renders */
	struct mustache_node *next;  /* following sibling */
	struct mustache_node *child; /* SECTION, INVERTED: first node of the body */
	const char *text;            /* TEXT: the literal; others: the name as written */
	size_t len;                  /* bytes in text */
	struct mustache_name name;   /* ESCAPED, RAW, SECTION, INVERTED: parsed name */
	const char *indent;          /* PARTIAL: whitespace before a standalone tag */
	size_t indent_len;           /* bytes in indent */
	bool is_standalone;          /* PARTIAL: the tag stood alone on its line */
	bool is_bol; /* TEXT: begins a source line (indented in partials) */
};

struct mustache_tpl {
	const char *name;           /* key in the set, in arena */
	size_t name_len;            /* bytes in name */
	struct arena arena;         /* every node and string of this template */
	struct mustache_node *root; /* first top-level node; NULL when empty */
};

struct mustache_set {
	struct mustache_tpl **tpls; /* sorted by name, for binary search */
	size_t count;               /* templates in tpls */
	size_t cap;                 /* slots allocated in tpls */
};

/* A section still waiting for its closing tag while parsing. */
struct mustache_open {
	struct mustache_node *node;  /* the section; NULL for the top level */
	struct mustache_node **tail; /* where the next node of this body goes */
	size_t pos;                  /* offset of the opening tag, for messages */
};

struct mustache_parser {
	const char *name;              /* template name, for messages */
	const char *src;               /* the template source */
	size_t len;                    /* bytes in src */
	struct arena *arena;           /* the template's arena */
	struct err *e;                 /* where a syntax error goes */
	char otag[MUSTACHE_MAX_DELIM]; /* current opening delimiter */
	size_t otag_len;               /* bytes in otag */
	char ctag[MUSTACHE_MAX_DELIM]; /* current closing delimiter */
	size_t ctag_len;               /* bytes in ctag */
	struct mustache_open stack[MUSTACHE_MAX_SECTIONS + 1]; /* [0] is the top level */
	size_t depth; /* sections open: index of the innermost in stack */
};

/* One level of the context stack, innermost first. */
struct mustache_frame {
	json_t *value;                   /* the context pushed by a section */
	const struct mustache_frame *up; /* enclosing context; NULL at the root */
};

/* Indentation of standalone partials, innermost last to be written. */
struct mustache_indent {
	const char *p;                    /* whitespace of one partial tag */
	size_t len;                       /* bytes in p */
	const struct mustache_indent *up; /* indentation of the enclosing partial */
};

struct mustache_render {
	const struct mustache_set *set; /* where partials are looked up */
	struct buf *out;                /* the output */
	struct err *e;                  /* where a render error goes */
	const char *name;               /* template asked for, for messages */
	unsigned depth;                 /* sections and partials entered */
	unsigned partials;              /* partials entered */
	unsigned long steps;            /* nodes visited so far */
};

/* The template called name (len bytes) in set, or NULL. */
const struct mustache_tpl *
mustache_set_find(const struct mustache_set *set, const char *name, size_t len);

#endif
