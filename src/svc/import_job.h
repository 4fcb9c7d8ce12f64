/*
 * import_job.h - the machinery the registry's CSV imports share
 * (registry_import.c for units, regency_import.c for regencies): the
 * job's state, the report's problems in the reader's language, the checks
 * of the file as a whole (not empty, UTF-8), the heading line mapped onto
 * the file kind's columns, each cell validated with its column's validator,
 * and a string-keyed table for the lookups and duplicates of one file.
 * Internal to those two files; the public interface is registry_import.h.
 */
#ifndef P2HAM_IMPORT_JOB_H
#define P2HAM_IMPORT_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "svc/registry_import.h"
#include "base/csv.h"
#include "core/registry.h"
#include "base/validate.h"

#define IMPORT_MAX_FIELDS 64      /* fields per record */
#define IMPORT_MAX_FIELD_LEN 4096 /* bytes per field */
#define IMPORT_COLS_MAX 16        /* columns a file kind may have */

/* A column: its heading, whether the file must have it, and the validator
 * of its cells (the unit form's, where there is one). */
struct import_column {
	const char *name;       /* heading, lowercase */
	bool required;          /* the heading line must name it */
	struct param_spec spec; /* validator of each cell */
};

/* clang-format off */
#define IMPORT_COLUMN(n, req, type, must, min, max) \
	{ n, req, { n, PARAM_FORM, type, must, min, max, NULL } }
/* clang-format on */

/* One entry of an import_map. */
struct import_map_entry {
	const char *key; /* NULL: an empty slot */
	int64_t val;     /* what the key maps to */
};

/* A string-keyed table in the job's arena (open addressing, grows). */
struct import_map {
	struct import_map_entry *slots; /* cap entries */
	size_t cap;                     /* a power of two */
	size_t count;                   /* keys held */
};

/* One import's state. */
struct import_job {
	struct svc *s;                    /* the importer, connection and clock */
	struct db_conn *c;                /* s->c */
	enum lang l;                      /* the report's language: s->lang */
	struct arena *a;                  /* everything the import allocates: s->arena */
	struct import_report *r;          /* what it reports */
	struct err *e;                    /* set when failed */
	const struct import_column *cols; /* the file kind's columns */
	int ncols;                        /* how many, at most IMPORT_COLS_MAX */
	int at[IMPORT_COLS_MAX];          /* each column's field index, -1 absent */
	size_t header_fields;             /* fields of the heading record */
	bool failed;                      /* the database or memory failed: e set */
};

/* Start job j for s over data (len bytes): clears j and r, computes the
 * file's SHA-256 and guesses its separator into r. */
void import_job_start(struct import_job *j, struct svc *s, struct import_report *r,
    struct err *e, const char *data, size_t len);

/* The catalog message key in the job's language (borrowed; svc_msg). */
const char *import_msg(struct import_job *j, const char *key);

/*
 * Add a problem to the report: line (0: the file), column and the cell's
 * value (each may be NULL; the value is shortened and copied), message
 * (borrowed: a catalog string or arena memory). Only the first
 * IMPORT_PROBLEMS_MAX are kept, all are counted.
 */
void import_problem(struct import_job *j, size_t line, const char *column,
    const char *value, const char *message);
/* The same with a registry problem's message. */
void import_problem_rp(struct import_job *j, size_t line, const char *column,
    const char *value, enum registry_problem rp);

/* Mark the job failed for want of memory (413); returns false. */
bool import_nomem(struct import_job *j);
/*
 * rows, an array of *cap elements of size bytes with count in use, with
 * room for one more: the same or a moved array (realloc'ed, *cap grown);
 * NULL after import_nomem, rows then still the caller's to free.
 */
void *import_room(struct import_job *j, void *rows, size_t *cap, size_t count, size_t size);

/* The file as a whole: not empty, not UTF-16, UTF-8 (else the line of the
 * first bad byte, with a hint). False after reporting the problem. */
bool import_check_text(struct import_job *j, const char *data, size_t len);

/* Read the first non-blank record as the heading line and map it onto
 * j->cols (unknown, repeated and missing columns are problems). False
 * after reporting. */
bool import_header(struct import_job *j, struct csv_reader *csv);
/*
 * Open data (len bytes) as a file of the ncols columns cols: csv set up
 * with the separator import_job_start found (the caller frees it with
 * csv_free, whatever the answer), the text checked and the heading line
 * read. False after reporting a problem (or with j->failed).
 */
bool import_open(struct import_job *j, struct csv_reader *csv,
    const struct import_column *cols, int ncols, const char *data, size_t len);

/*
 * Read the next data record into *rec, passing over blank ones, and count
 * it in the report's rows. False at the end of the file, once the job has
 * failed, on the reader's error or past IMPORT_ROWS_MAX rows (both
 * reported).
 */
bool import_next_row(struct import_job *j, struct csv_reader *csv, struct csv_record *rec);

/* Report the reader's syntax error at its line. */
void import_csv_problem(struct import_job *j, const struct csv_reader *csv);

/*
 * Validate the cells of a data record: vals[c] receives the validator's
 * trimmed copy (in the arena), or NULL for an absent column or a refused
 * cell, ints[c] its integer. False when a cell was refused (reported) or
 * the record has more fields than the heading line.
 */
bool import_read_cells(struct import_job *j, const struct csv_record *rec,
    const char **vals, int64_t *ints);

/* An empty table sized for about cap keys; -1 when out of memory. */
int import_map_init(struct import_map *m, struct arena *a, size_t cap);
/* The entry of key, or NULL. */
struct import_map_entry *import_map_get(const struct import_map *m, const char *key);
/* Set key (copied when new) to val; -1 when out of memory. */
int import_map_set(struct import_map *m, struct arena *a, const char *key, int64_t val);

#endif
