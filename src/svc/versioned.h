/*
 * versioned.h - storing versioned, immutable JSON documents (rulebooks and
 * survey instruments): validate, store under code and version unless that
 * pair is stored, audit the import, and import the shipped ones at init.
 * A stored document never changes: other content is a new version.
 */
#ifndef P2HAM_SVC_VERSIONED_H
#define P2HAM_SVC_VERSIONED_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/rulebook.h"
#include "db/db.h"

/* What an import came to. */
enum versioned_outcome {
	VO_IMPORTED, /* stored now */
	VO_PRESENT,  /* stored already with the same content: nothing done */
	VO_CONFLICT, /* code and version stored with other content: refused */
	VO_INVALID,  /* the document has problems: refused */
	VO_OUTCOME_MAX
};

struct versioned_import {
	enum versioned_outcome outcome; /* what happened */
	int64_t id;                     /* the stored document (imported or present) */
	const char *code;               /* the document's code and version, NULL and */
	int64_t version;                /* 0 when it is invalid */
	char sha256[RULEBOOK_SHA256_HEX_LEN]; /* of the canonical form, "" when invalid */
	char stored_sha256[RULEBOOK_SHA256_HEX_LEN]; /* VO_CONFLICT: what is stored */
	struct rulebook_problems problems;           /* VO_INVALID: what is wrong */
};

/* What the store keeps of a parsed document beside its canonical body. */
struct versioned_head {
	const char *code;
	int64_t version;
	const struct rb_text *title; /* in both languages */
	const char *legal_number;    /* the regulation it follows */
	const char *legal_date;      /* its date; only where the kind stores it */
};

/* One kind of versioned document. */
struct versioned_kind {
	const char *action;      /* audit action of an import ("rulebook.import") */
	const char *object_type; /* audit object type ("rulebook") */
	const char *shipped;   /* how an error names a shipped one ("shipped rulebook") */
	const char *prefix;    /* folder of the shipped ones ("rulebooks/") */
	enum err_kind invalid; /* error kind for a bad shipped one */
	enum db_stmt insert; /* store (head..., body, sha256, at, by); no row when stored */
	enum db_stmt find;   /* id and sha256 by code and version */
	bool has_legal_date; /* insert takes legal_date after legal_number */
	/* Parse and validate len bytes of text into a: the parsed document, with
	 * *doc (the JSON, the caller's to release) and *h set; NULL with p. */
	void *(*parse)(const char *text, size_t len, struct arena *a, json_t **doc,
	    struct versioned_head *h, struct rulebook_problems *p);
};

/*
 * Validate text (len bytes of JSON) and store it unless its code and version
 * exist, in one transaction of its own together with its audit entry
 * (k->action by actor). out (strings and problems in a) says what happened.
 * Returns 0 whatever the outcome, -1 with e only on a database failure.
 */
int versioned_import(struct db_conn *c, const struct versioned_kind *k, const char *text,
    size_t len, const char *actor, struct arena *a, struct versioned_import *out,
    struct err *e);

/*
 * Import every shipped document of kind k (k->prefix *.json compiled into the
 * binary) not yet stored, as actor "cli"; idempotent. *imported and *present
 * receive the counts. -1 with e when one is invalid or conflicts with a
 * stored one, or on a database failure.
 */
int versioned_import_shipped(struct db *db, const struct versioned_kind *k, int *imported,
    int *present, struct err *e);

#endif
