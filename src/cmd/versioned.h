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
#include "svc/versioned.h"

/* The `validate`, `import` and `list` actions of one kind of document. */
struct versioned_cmd {
	const char *name;      /* the command ("rulebook") */
	const char *noun;      /* what it stores ("survey instrument") */
	const char *file_noun; /* what FILE is ("instrument") */
	size_t file_max;       /* bytes of FILE at the most */
	const char *validate_help, *import_help, *list_help; /* each action's description */
	/* The stored documents' rows (id, code, version, legal_basis, sha256,
	 * title_id), for list. */
	enum db_stmt list;
	const struct versioned_kind *kind; /* how to parse and store it */
	/* Print what a valid document holds (", 3 criteria, ..."): the middle
	 * of validate's answer. */
	void (*counts)(const void *parsed);
};

/* Print each of p's problems after label, and how many were left out. */
void versioned_problems(const char *label, const struct rulebook_problems *p);

/*
 * The actions, each a struct subcmd's run with arg the struct
 * versioned_cmd; each returns the exit status.
 * `validate FILE`: print every problem of the file, or what it holds (1
 * when it has problems).
 */
int versioned_validate(int argc, char **argv, const void *arg);

/* `import FILE`: validate it and store it, and say what that came to. */
int versioned_import_cmd(int argc, char **argv, const void *arg);

/* `list`: print the stored documents. */
int versioned_list(int argc, char **argv, const void *arg);

#endif
