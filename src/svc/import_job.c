/*
 * import_job.c - the shared machinery of the registry's CSV imports
 * (import_job.h).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "svc/import_job.h"
#include "svc/registry.h"
#include "base/sha256.h"
#include "base/str.h"

#define VALUE_SHOWN 60 /* bytes of a cell quoted in a report */

int
import_map_init(struct import_map *m, struct arena *a, size_t cap)
{
	m->cap = 64;
	while (m->cap < cap)
		m->cap *= 2;
	m->count = 0;
	m->slots = arena_alloc(a, m->cap * sizeof(*m->slots));
	return m->slots != NULL ? 0 : -1;
}

/* The slot of key: its entry, or the empty slot where it would go. */
static struct import_map_entry *
map_slot(const struct import_map *m, const char *key)
{
	size_t i = (size_t)mem_hash(key, strlen(key)) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* The entry of key, or NULL. */
struct import_map_entry *
import_map_get(const struct import_map *m, const char *key)
{
	struct import_map_entry *s = map_slot(m, key);

	return s->key != NULL ? s : NULL;
}

/* Set key (copied when new) to val, growing the table when half full;
 * -1 when out of memory. */
int
import_map_set(struct import_map *m, struct arena *a, const char *key, int64_t val)
{
	struct import_map_entry *s, *old = m->slots;
	size_t i, cap = m->cap;

	if ((s = import_map_get(m, key)) != NULL) {
		s->val = val;
		return 0;
	}
	if (2 * (m->count + 1) > m->cap) {
		if ((m->slots = arena_alloc(a, 2 * cap * sizeof(*m->slots))) == NULL) {
			m->slots = old;
			return -1;
		}
		m->cap = 2 * cap;
		for (i = 0; i < cap; i++)
			if (old[i].key != NULL)
				*map_slot(m, old[i].key) = old[i];
	}
	s = map_slot(m, key);
	if ((s->key = arena_strdup(a, key)) == NULL)
		return -1;
	s->val = val;
	m->count++;
	return 0;
}

const char *
import_msg(struct import_job *j, const char *key)
{
	return svc_msg(j->s, key);
}

/* A cell's text shortened for a report, cut at a character boundary. */
static const char *
shown(struct import_job *j, const char *v, size_t len)
{
	size_t n = len;

	if (v == NULL)
		return NULL;
	if (n <= VALUE_SHOWN)
		return arena_strndup(j->a, v, n);
	n = VALUE_SHOWN;
	while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
		n--;
	return arena_printf(j->a, "%.*s\xe2\x80\xa6", (int)n, v);
}

void
import_problem(struct import_job *j, size_t line, const char *column, const char *value,
    const char *message)
{
	struct import_report *r = j->r;
	struct import_problem *p;

	r->problems_total++;
	if (r->problem_count == IMPORT_PROBLEMS_MAX)
		return;
	if (r->problems == NULL &&
	    (r->problems = arena_alloc(j->a, IMPORT_PROBLEMS_MAX * sizeof(*p))) == NULL) {
		j->failed = true;
		err_set(j->e, ERR_TOO_LARGE, "out of memory for the report");
		return;
	}
	p = &r->problems[r->problem_count++];
	p->line = line;
	p->column = column;
	p->value = value != NULL ? shown(j, value, strlen(value)) : NULL;
	p->message = message != NULL ? message : "";
}

void
import_problem_rp(struct import_job *j, size_t line, const char *column,
    const char *value, enum registry_problem rp)
{
	import_problem(j, line, column, value, registry_problem_text(j->l, rp));
}

bool
import_nomem(struct import_job *j)
{
	j->failed = true;
	err_set(j->e, ERR_TOO_LARGE, "the import needs more memory than allowed");
	return false;
}

void *
import_room(struct import_job *j, void *rows, size_t *cap, size_t count, size_t size)
{
	size_t more = *cap ? *cap * 2 : 256;
	void *p;

	if (count < *cap)
		return rows;
	if ((p = realloc(rows, more * size)) == NULL) {
		import_nomem(j);
		return NULL;
	}
	*cap = more;
	return p;
}

/*
 * The whole file: not empty, UTF-8 (with a line number and a hint when
 * not). False after reporting the problem.
 */
bool
import_check_text(struct import_job *j, const char *data, size_t len)
{
	size_t start = 0, end, line = 1;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	if (len >= 2 && ((unsigned char)data[0] == 0xff || (unsigned char)data[0] == 0xfe) &&
	    ((unsigned char)data[1] == 0xff || (unsigned char)data[1] == 0xfe)) {
		import_problem(j, 0, NULL, NULL, import_msg(j, "import.utf16"));
		return false;
	}
	for (end = start; end < len && strchr(" \t\r\n", data[end]) != NULL; end++)
		;
	if (end == len) {
		import_problem(j, 0, NULL, NULL, import_msg(j, "import.empty"));
		return false;
	}
	/* Line by line, to say where the first offending byte is. */
	for (; start < len; start = end + 1, line++) {
		const char *nl = memchr(data + start, '\n', len - start);

		end = nl != NULL ? (size_t)(nl - data) : len;
		if (!utf8_valid(data + start, end - start)) {
			import_problem(j, line, NULL, NULL, import_msg(j, "import.not_utf8"));
			return false;
		}
	}
	return true;
}

/* Map the header record onto j->cols; false after reporting problems. */
static bool
read_header(struct import_job *j, const struct csv_record *rec)
{
	char name[64];
	size_t i, k, n;
	int c;
	bool ok = true;

	for (c = 0; c < j->ncols; c++)
		j->at[c] = -1;
	j->header_fields = rec->count;
	for (i = 0; i < rec->count; i++) {
		const char *f = rec->fields[i].p;

		while (*f == ' ' || *f == '\t')
			f++;
		n = strlen(f);
		while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
			n--;
		for (k = 0; k < n && k + 1 < sizeof(name); k++)
			name[k] = (char)(f[k] >= 'A' && f[k] <= 'Z' ? f[k] - 'A' + 'a' : f[k]);
		name[k] = '\0';
		for (c = 0; c < j->ncols; c++)
			if (n < sizeof(name) && strcmp(name, j->cols[c].name) == 0)
				break;
		if (c == j->ncols) {
			import_problem(j, rec->line, NULL, rec->fields[i].p,
			    import_msg(j, "import.header_unknown"));
			ok = false;
		} else if (j->at[c] >= 0) {
			import_problem(j, rec->line, j->cols[c].name, NULL,
			    import_msg(j, "import.header_duplicate"));
			ok = false;
		} else
			j->at[c] = (int)i;
	}
	for (c = 0; c < j->ncols; c++)
		if (j->cols[c].required && j->at[c] < 0) {
			import_problem(j, rec->line, j->cols[c].name, NULL,
			    import_msg(j, "import.header_missing"));
			ok = false;
		}
	return ok;
}

/*
 * Validate the cells of a data record into vals (NULL for an absent
 * column, the validator's trimmed copy otherwise). False after reporting.
 */
bool
import_read_cells(struct import_job *j, const struct csv_record *rec, const char **vals,
    int64_t *ints)
{
	struct param_value pv;
	enum validate_error ve;
	char key[64];
	const char *cell;
	size_t len;
	bool ok = true;
	int c;

	if (rec->count > j->header_fields) {
		import_problem(j, rec->line, NULL, NULL,
		    i18n_fill(j->a, import_msg(j, "import.too_many_fields"), (long)rec->count));
		return false;
	}
	for (c = 0; c < j->ncols; c++) {
		vals[c] = NULL;
		ints[c] = 0;
		if (j->at[c] < 0)
			continue;
		cell = (size_t)j->at[c] < rec->count ? rec->fields[j->at[c]].p : "";
		len = (size_t)j->at[c] < rec->count ? rec->fields[j->at[c]].len : 0;
		ve = validate_param(&j->cols[c].spec, cell, len, j->a, &pv);
		if (ve != VE_OK) {
			snprintf(key, sizeof(key), "validation.%s", validate_error_key(ve));
			import_problem(j, rec->line, j->cols[c].name,
			    len > 0 ? cell : NULL, import_msg(j, key));
			ok = false;
			continue;
		}
		vals[c] = pv.text;
		ints[c] = pv.i;
	}
	return ok;
}

void
import_job_start(struct import_job *j, struct svc *s, struct import_report *r,
    struct err *e, const char *data, size_t len)
{
	memset(j, 0, sizeof(*j));
	memset(r, 0, sizeof(*r));
	j->s = s;
	j->c = s->c;
	j->l = s->lang;
	j->a = s->arena;
	j->r = r;
	j->e = e;
	sha256_hex(data, len, r->sha256);
	r->sep = csv_sniff_separator(data, len);
}

/* Report a CSV syntax error of the reader. */
void
import_csv_problem(struct import_job *j, const struct csv_reader *csv)
{
	char key[64];

	snprintf(key, sizeof(key), "import.csv.%s", csv_error_code(csv->error));
	import_problem(j, csv->error_line, NULL, NULL, import_msg(j, key));
}

/* The first non-blank record, as the header; false after reporting. */
bool
import_header(struct import_job *j, struct csv_reader *csv)
{
	struct csv_record rec;
	int rc;

	while ((rc = csv_next(csv, &rec)) == 1 && csv_record_blank(&rec))
		;
	if (rc < 0) {
		import_csv_problem(j, csv);
		return false;
	}
	if (rc == 0) {
		import_problem(j, 0, NULL, NULL, import_msg(j, "import.empty"));
		return false;
	}
	return read_header(j, &rec);
}

bool
import_open(struct import_job *j, struct csv_reader *csv,
    const struct import_column *cols, int ncols, const char *data, size_t len)
{
	j->cols = cols;
	j->ncols = ncols;
	csv_init(csv, data, len, j->r->sep, IMPORT_MAX_FIELDS, IMPORT_MAX_FIELD_LEN);
	return import_check_text(j, data, len) && import_header(j, csv);
}

/* The next non-blank data record, counted; false at the end, past the
 * row limit or on the reader's error (both reported), or once failed. */
bool
import_next_row(struct import_job *j, struct csv_reader *csv, struct csv_record *rec)
{
	int rc;

	if (j->failed)
		return false;
	while ((rc = csv_next(csv, rec)) == 1 && csv_record_blank(rec))
		;
	if (rc < 0) {
		import_csv_problem(j, csv);
		return false;
	}
	if (rc == 0)
		return false;
	if (++j->r->rows > IMPORT_ROWS_MAX) {
		import_problem(j, rec->line, NULL, NULL,
		    i18n_fill(j->a, import_msg(j, "import.too_many_rows"), IMPORT_ROWS_MAX));
		return false;
	}
	return true;
}
