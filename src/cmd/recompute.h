/*
 * recompute.h - the shape `p2ham survey recount` and `p2ham progress
 * rebuild` share: figures kept on write, recomputed from the raw rows, or
 * with --check only compared with them, each difference printed.
 */
#ifndef P2HAM_CMD_RECOMPUTE_H
#define P2HAM_CMD_RECOMPUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"

struct recompute {
	const char *cmd;   /* "survey recount", for messages */
	const char *what;  /* the command's description for --help */
	const char *check; /* what --check does, for --help */
	const char *rows;  /* what was read: "answers" */
	const char *done;  /* said before the rows read after a recompute:
			      "counters recomputed from" */
	bool corrects;     /* a recompute counts what it corrected */
	/* The service: check or recompute on c, appending each difference
	 * to report; *differences and *read the counts. -1 with e. */
	int (*run)(struct db_conn *c, bool check, struct buf *report, size_t *differences,
	    int64_t *read, struct err *e);
};

/* Run arg, a struct recompute, as the command argv (a struct subcmd's
 * run): 0 when done (--check: no difference), 1 on a difference found by
 * --check or a failure, 2 for a wrong invocation. */
int recompute_cmd(int argc, char **argv, const void *arg);

#endif
