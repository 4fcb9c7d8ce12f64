/*
 * rulebook.h - storing rulebooks (docs/rulebook.md): importing one document,
 * and the shipped ones that `p2ham init` imports when missing. The command
 * `p2ham rulebook` itself is cmd_rulebook (cmd.h).
 */
#ifndef P2HAM_CMD_RULEBOOK_H
#define P2HAM_CMD_RULEBOOK_H

#include <stdint.h>

#include "base/arena.h"
#include "core/rulebook.h"
#include "db/db.h"

/* What an import came to. */
enum rulebook_import_outcome {
	RBI_IMPORTED, /* stored now */
	RBI_PRESENT,  /* stored already with the same content: nothing done */
	RBI_CONFLICT, /* code and version stored with other content: refused */
	RBI_INVALID,  /* the document has problems: refused */
	RBI_OUTCOME_MAX
};

struct rulebook_import {
	enum rulebook_import_outcome outcome; /* what happened */
	int64_t id;       /* the stored rulebook (imported or present) */
	const char *code; /* the document's code and version, NULL and */
	int64_t version;  /* 0 when it is invalid */
	char sha256[RULEBOOK_SHA256_HEX_LEN]; /* of the canonical form, "" when invalid */
	char stored_sha256[RULEBOOK_SHA256_HEX_LEN]; /* RBI_CONFLICT: what is stored */
	struct rulebook_problems problems;           /* RBI_INVALID: what is wrong */
};

/*
 * Validate text (len bytes of JSON) against the built-in unit types and
 * store it unless its code and version exist, in one transaction of its
 * own together with its audit entry (action "rulebook.import" by actor).
 * out (strings and problems in a) says what happened. Returns 0 whatever
 * the outcome, -1 with e only on a database failure.
 */
int rulebook_import(struct db_conn *c, const char *text, size_t len, const char *actor,
    struct arena *a, struct rulebook_import *out, struct err *e);

/*
 * Import every shipped rulebook (rulebooks/ *.json compiled into the binary)
 * not yet stored, as actor "cli"; idempotent. *imported and *present receive
 * the counts. -1 with e when one is invalid or conflicts with a stored one,
 * or on a database failure.
 */
int rulebook_import_shipped(struct db *db, int *imported, int *present, struct err *e);

#endif
