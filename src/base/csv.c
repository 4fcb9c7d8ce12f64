/*
 * csv.c - the RFC 4180 reader. A record is read field by field; each
 * field's bytes (quotes removed, doubled quotes halved) are appended to one
 * growing buffer and the fields point into it once the record is complete,
 * so a record costs no allocation after the first few.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/code.h"
#include "base/csv.h"

#define DEFAULT_MAX_FIELDS 1000
#define DEFAULT_MAX_FIELD_LEN (1024 * 1024)

static const char *const error_codes[CSV_ERROR_MAX] = { CSV_ERROR_LIST(CODE_ENTRY) };

CODE_NAME_FUNCTION(csv_error, enum csv_error, error_codes, CSV_ERROR_MAX)

static size_t
bom_len(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

void
csv_init(struct csv_reader *r, const char *data, size_t len, char sep, size_t max_fields,
    size_t max_field_len)
{
	memset(r, 0, sizeof(*r));
	r->data = data != NULL ? data : "";
	r->len = data != NULL ? len : 0;
	r->pos = bom_len(r->data, r->len);
	r->line = 1;
	r->sep = sep;
	r->max_fields = max_fields ? max_fields : DEFAULT_MAX_FIELDS;
	r->max_field_len = max_field_len ? max_field_len : DEFAULT_MAX_FIELD_LEN;
}

void
csv_free(struct csv_reader *r)
{
	free(r->text);
	free(r->fields);
	r->text = NULL;
	r->fields = NULL;
	r->text_cap = r->field_cap = 0;
}

static int
fail(struct csv_reader *r, enum csv_error e, size_t line)
{
	r->error = e;
	r->error_line = line;
	return -1;
}

/* Append n bytes to the current field, which began at text offset start. */
static int
text_add(struct csv_reader *r, const char *p, size_t n, size_t start)
{
	size_t need, cap;
	char *t;

	if (r->text_len - start + n > r->max_field_len)
		return fail(r, CSV_E_FIELD_TOO_LONG, r->line);
	need = r->text_len + n + 1;
	if (need > r->text_cap) {
		cap = r->text_cap ? r->text_cap : 256;
		while (cap < need)
			cap *= 2;
		if ((t = realloc(r->text, cap)) == NULL)
			return fail(r, CSV_E_NOMEM, r->line);
		r->text = t;
		r->text_cap = cap;
	}
	memcpy(r->text + r->text_len, p, n);
	r->text_len += n;
	return 0;
}

/* Start field number i of the record; its bytes begin at text_len. */
static int
field_add(struct csv_reader *r, size_t i)
{
	struct csv_field *f;
	size_t cap;

	if (i >= r->max_fields)
		return fail(r, CSV_E_TOO_MANY_FIELDS, r->line);
	if (i >= r->field_cap) {
		cap = r->field_cap ? r->field_cap * 2 : 16;
		if (cap > r->max_fields)
			cap = r->max_fields;
		if ((f = realloc(r->fields, cap * sizeof(*f))) == NULL)
			return fail(r, CSV_E_NOMEM, r->line);
		r->fields = f;
		r->field_cap = cap;
	}
	/* The offset rides in len until the record is complete. */
	r->fields[i].p = NULL;
	r->fields[i].len = r->text_len;
	r->fields[i].quoted = false;
	return 0;
}

/* Close field i: terminate it and turn its start offset into a length. */
static int
field_end(struct csv_reader *r, size_t i)
{
	size_t start = r->fields[i].len;

	if (text_add(r, "", 0, start) < 0) /* room for the NUL */
		return -1;
	r->text[r->text_len] = '\0';
	r->fields[i].len = r->text_len - start;
	r->fields[i].p = (const char *)(uintptr_t)start; /* still an offset */
	r->text_len++;
	return 0;
}

/* A quoted field from r->pos (just past the opening quote). */
static int
read_quoted(struct csv_reader *r, size_t start, size_t rec_line)
{
	const char *d = r->data;
	size_t i = r->pos, run;

	for (;;) {
		run = i;
		while (i < r->len && d[i] != '"' && d[i] != '\0') {
			if (d[i] == '\n' ||
			    (d[i] == '\r' && (i + 1 == r->len || d[i + 1] != '\n')))
				r->line++;
			i++;
		}
		if (i > run && text_add(r, d + run, i - run, start) < 0)
			return -1;
		if (i == r->len)
			return fail(r, CSV_E_UNTERMINATED, rec_line);
		if (d[i] == '\0')
			return fail(r, CSV_E_NUL, r->line);
		/* A quote: doubled means one quote, else the field ends. */
		if (i + 1 < r->len && d[i + 1] == '"') {
			if (text_add(r, "\"", 1, start) < 0)
				return -1;
			i += 2;
			continue;
		}
		i++;
		if (i < r->len && d[i] != r->sep && d[i] != '\r' && d[i] != '\n') {
			r->pos = i;
			return fail(r, d[i] == '\0' ? CSV_E_NUL : CSV_E_AFTER_QUOTE, r->line);
		}
		r->pos = i;
		return 0;
	}
}

/* An unquoted field from r->pos, up to a separator, line end or the end. */
static int
read_plain(struct csv_reader *r, size_t start)
{
	const char *d = r->data;
	size_t i = r->pos;

	while (i < r->len && d[i] != r->sep && d[i] != '\r' && d[i] != '\n') {
		if (d[i] == '"')
			return fail(r, CSV_E_QUOTE, r->line);
		if (d[i] == '\0')
			return fail(r, CSV_E_NUL, r->line);
		i++;
	}
	if (i > r->pos && text_add(r, d + r->pos, i - r->pos, start) < 0)
		return -1;
	r->pos = i;
	return 0;
}

int
csv_next(struct csv_reader *r, struct csv_record *rec)
{
	const char *d = r->data;
	size_t n = 0, i, rec_line = r->line;

	memset(rec, 0, sizeof(*rec));
	if (r->error != CSV_OK)
		return -1;
	if (r->pos >= r->len)
		return 0;
	r->text_len = 0;
	for (;;) {
		if (field_add(r, n) < 0)
			return -1;
		if (d[r->pos] == '"') {
			r->fields[n].quoted = true;
			r->pos++;
			if (read_quoted(r, r->fields[n].len, rec_line) < 0)
				return -1;
		} else if (r->pos < r->len && read_plain(r, r->fields[n].len) < 0)
			return -1;
		if (field_end(r, n) < 0)
			return -1;
		n++;
		if (r->pos >= r->len)
			break;
		if (d[r->pos] == r->sep) {
			r->pos++;
			if (r->pos < r->len)
				continue;
			/* A separator at the very end: one more, empty field. */
			if (field_add(r, n) < 0 || field_end(r, n) < 0)
				return -1;
			n++;
			break;
		}
		/* A line end: CRLF, LF or a lone CR. */
		if (d[r->pos] == '\r' && r->pos + 1 < r->len && d[r->pos + 1] == '\n')
			r->pos++;
		r->pos++;
		r->line++;
		break;
	}
	for (i = 0; i < n; i++)
		r->fields[i].p = r->text + (uintptr_t)r->fields[i].p;
	rec->fields = r->fields;
	rec->count = n;
	rec->line = rec_line;
	return 1;
}

char
csv_sniff_separator(const char *data, size_t len)
{
	size_t i = bom_len(data, len), commas = 0, semis = 0;
	bool quoted = false;

	for (; i < len; i++) {
		if (data[i] == '"')
			quoted = !quoted;
		else if (!quoted && (data[i] == '\n' || data[i] == '\r'))
			break;
		else if (!quoted && data[i] == ',')
			commas++;
		else if (!quoted && data[i] == ';')
			semis++;
	}
	return semis > 0 && commas == 0 ? ';' : ',';
}

bool
csv_record_blank(const struct csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->count; i++)
		if (rec->fields[i].len > 0 || rec->fields[i].quoted)
			return false;
	return true;
}
