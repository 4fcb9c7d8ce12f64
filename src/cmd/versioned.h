/*
 * versioned.h - what `p2ham rulebook` and `p2ham survey` share: both store
 * versioned, immutable JSON documents checked by a validator that names JSON
 * paths, and print the same kinds of answers about them.
 */
#ifndef P2HAM_CMD_VERSIONED_H
#define P2HAM_CMD_VERSIONED_H

#include <stdint.h>

#include "core/rulebook.h"
#include "db/db.h"

/* How an import ended, in the order of both import outcome enums. */
enum versioned_outcome { VO_IMPORTED, VO_PRESENT, VO_CONFLICT, VO_INVALID };

/* One import's result, as both importers give it. */
struct versioned_import {
	enum versioned_outcome outcome;
	int64_t id, version;
	const char *code, *sha256, *stored_sha256;
	const struct rulebook_problems *problems;
};

/* Print each of p's problems after label, and how many were left out. */
void versioned_problems(const char *label, const struct rulebook_problems *p);

/* Say what importing file came to, under the command's name cmd ("rulebook
 * import") about a noun ("rulebook"); the exit status (0 or 1). */
int versioned_report(const char *cmd, const char *noun, const char *file,
    const struct versioned_import *r);

/* `list`: print the rows of statement st (id, code, version, legal_basis,
 * sha256, title_id). help is the command's one-line description. */
int versioned_list(int argc, char **argv, const char *cmd, const char *help, enum db_stmt st);

#endif
