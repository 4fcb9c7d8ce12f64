/*
 * registry_import.h - loading the registry from CSV files (docs/import.md):
 * units, from the upload page /unit/impor and `p2ham import units`, and
 * regencies and cities, from `p2ham import regencies`. All or nothing:
 * every row is checked first (fields, codes, references, duplicates in the
 * file and in the database, the importer's right to create there); when
 * any row is wrong nothing is written and the report lists each problem
 * with its line, in the reader's language; otherwise all rows go in in one
 * transaction with one audit entry (count and the file's SHA-256).
 */
#ifndef P2HAM_REGISTRY_IMPORT_H
#define P2HAM_REGISTRY_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "svc/svc.h"

#define IMPORT_ROWS_MAX 200000   /* data rows in one file */
#define IMPORT_PROBLEMS_MAX 1000 /* problems listed in a report */

/* One reason a file was refused. */
struct import_problem {
	size_t line;         /* line of the file, from 1; 0: the file as a whole */
	const char *column;  /* the column, or NULL */
	const char *value;   /* what the cell held (shortened), or NULL */
	const char *message; /* why, in the report's language */
};

/* What an import did. Everything is in the arena given to the import. */
struct import_report {
	size_t rows;                     /* data rows read (blank lines aside) */
	size_t imported;                 /* rows written: all of them, or 0 when the
					    file had problems (or, after a database
					    failure, those of the batches committed) */
	struct import_problem *problems; /* in the order found, mostly by line */
	size_t problem_count;            /* listed, at most IMPORT_PROBLEMS_MAX */
	size_t problems_total;           /* found */
	char sha256[65];                 /* hex SHA-256 of the file as given */
	char sep;                        /* the field separator found: ',' or ';' */
};

/*
 * Import the units in data (len bytes of CSV) as s's actor: every row is
 * checked first, outside any transaction, and only a file without problems
 * is written, in batches of a few thousand rows, each in a transaction of
 * its own with its audit entry, so that no write waits long behind it. Each
 * row must be a unit the actor may create there (ACT_CREATE). The report is in s->lang
 * and lives, with all the import needs, in s->arena. Returns 0 when the file was judged:
 * r->imported rows were written, or r->problems say why none were; -1
 * with e only when the database or memory failed.
 */
int registry_import_units(struct svc *s, const char *data, size_t len,
    struct import_report *r, struct err *e);

/*
 * Import regencies and cities (columns code, name and optionally kind) the
 * same way; a code already loaded has its name and kind replaced. The
 * places every government sits in: for whoever may register governments
 * nationwide (ACT_CREATE of a national organization), else 404.
 */
int registry_import_regencies(struct svc *s, const char *data, size_t len,
    struct import_report *r, struct err *e);

#endif
