/*
 * file_move.h - moving an installation's files from one store to the other
 * (`p2ham files migrate`) and checking a store (`p2ham files verify`).
 *
 * A move copies every content of the source store (uploads; generated
 * documents apart), then every content a row holds (file, signed decree
 * paper, complaint attachment) that the destination still lacks, then
 * every generated document; each one the destination holds afterwards is
 * read back from it and hashed. The source is never changed, and a content
 * the destination holds already is not written again: a move may be run
 * again, and stopped at any point.
 */
#ifndef P2HAM_FILE_MOVE_H
#define P2HAM_FILE_MOVE_H

#include <stdio.h>

#include "base/err.h"
#include "db/db.h"
#include "svc/file_store.h"

struct file_move_counts {
	long copied;                                  /* written into the destination */
	long present;                                 /* there already */
	long checked;                                 /* read back and found whole */
	long docs_copied, docs_present, docs_checked; /* the same of documents */
	long missing; /* held by a row, in neither store */
	long damaged; /* not hashing to their name, in either store */
};

/*
 * Move the contents of store src into store dst (one of them the
 * database's, both on c's database), counting into *n; each content
 * missing or damaged is named on line by line in report. 0 when done
 * (n->missing and n->damaged say whether all was well), -1 with e when a
 * store or the database failed.
 */
int file_move(struct db_conn *c, const struct file_store *src,
    const struct file_store *dst, struct file_move_counts *n, FILE *report, struct err *e);

/*
 * Read and hash every content of store st, and look for every content and
 * document a row holds: n->checked, ->damaged and ->missing, each bad one
 * named in report. 0, or -1 with e when the store or the database failed.
 */
int file_verify(struct db_conn *c, const struct file_store *st,
    struct file_move_counts *n, FILE *report, struct err *e);

#endif
