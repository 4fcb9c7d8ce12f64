/*
 * fuzz_csv.c - the CSV reader (base/csv.h) over any bytes, as the registry
 * import runs it (separator sniffed, default limits), with small limits,
 * and with the other separator. Every record has 1 to max_fields fields,
 * each NUL-terminated, within max_field_len, without NUL, and an unquoted
 * one holds no separator, quote or line break; line numbers never go back;
 * errors and the end are sticky; and a text read without error, written
 * out again with every field quoted, reads back as the same records.
 */
#include <stdbool.h>

#include "base/buf.h"
#include "base/csv.h"
#include "fuzz.h"

struct config {
	char sep;		/* 0: sniff, as the import does */
	size_t max_fields;	/* 0: the default */
	size_t max_field_len;	/* 0: the default */
};

static const struct config configs[] = {
	{ 0, 0, 0 },
	{ ',', 4, 8 },
	{ ';', 0, 0 },
};

static void
check_record(const struct csv_record *rec, char sep, size_t max_fields,
    size_t max_field_len)
{
	const struct csv_field *f;
	size_t i;

	FUZZ_CHECK(rec->count >= 1 && rec->count <= max_fields);
	for (i = 0; i < rec->count; i++) {
		f = &rec->fields[i];
		FUZZ_CHECK(f->p != NULL && f->p[f->len] == '\0');
		FUZZ_CHECK(f->len <= max_field_len);
		FUZZ_CHECK(strlen(f->p) == f->len);
		if (!f->quoted)
			FUZZ_CHECK(memchr(f->p, sep, f->len) == NULL &&
			    strpbrk(f->p, "\"\r\n") == NULL);
	}
}

/* Write rec to b as CSV with every field quoted. */
static void
write_record(struct buf *b, const struct csv_record *rec, char sep)
{
	const char *q;
	size_t i;

	for (i = 0; i < rec->count; i++) {
		if (i > 0)
			buf_putc(b, sep);
		buf_putc(b, '"');
		for (q = rec->fields[i].p; *q != '\0'; q++) {
			if (*q == '"')
				buf_putc(b, '"');
			buf_putc(b, *q);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, '\n');
}

/* Read data with cf; returns true when it was read to the end without an
 * error, with the records written to out. */
static bool
read_all(const char *data, size_t len, const struct config *cf, char sep,
    struct buf *out)
{
	size_t max_fields = cf->max_fields ? cf->max_fields : 1000;
	size_t max_len = cf->max_field_len ? cf->max_field_len : 1024 * 1024;
	size_t records = 0, line = 1, breaks = 0, i;
	struct csv_reader r;
	struct csv_record rec;
	int rc;

	for (i = 0; i < len; i++)
		breaks += data[i] == '\n' || (data[i] == '\r' && (i + 1 == len ||
		    data[i + 1] != '\n'));
	csv_init(&r, data, len, sep, cf->max_fields, cf->max_field_len);
	while ((rc = csv_next(&r, &rec)) == 1) {
		check_record(&rec, sep, max_fields, max_len);
		FUZZ_CHECK(rec.line >= line && rec.line <= breaks + 1);
		line = rec.line;
		FUZZ_CHECK(++records <= len);
		write_record(out, &rec, sep);
	}
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(r.error != CSV_OK && r.error < CSV_ERROR_MAX);
		FUZZ_CHECK(csv_error_code(r.error)[0] != '\0');
		FUZZ_CHECK(r.error_line >= 1 && r.error_line <= breaks + 1);
	} else
		FUZZ_CHECK(r.error == CSV_OK);
	FUZZ_CHECK(csv_next(&r, &rec) == rc);
	csv_free(&r);
	return rc == 0;
}

/* The quoted rewrite reads back as the records of the original. */
static void
check_rewrite(const char *data, size_t len, const struct config *cf, char sep,
    const struct buf *w)
{
	struct csv_reader a, b;
	struct csv_record ra, rb;
	int rca, rcb;
	size_t i;

	csv_init(&a, data, len, sep, cf->max_fields, cf->max_field_len);
	csv_init(&b, w->data, w->len, sep, cf->max_fields, cf->max_field_len);
	do {
		rca = csv_next(&a, &ra);
		rcb = csv_next(&b, &rb);
		FUZZ_CHECK(rca == rcb);
		if (rca != 1)
			break;
		FUZZ_CHECK(ra.count == rb.count);
		for (i = 0; i < ra.count; i++)
			FUZZ_CHECK(ra.fields[i].len == rb.fields[i].len &&
			    memcmp(ra.fields[i].p, rb.fields[i].p, ra.fields[i].len) == 0);
	} while (rca == 1);
	FUZZ_CHECK(rca == 0);
	csv_free(&a);
	csv_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const struct config *cf;
	struct buf w;
	char sep;

	for (cf = configs; cf < configs + sizeof(configs) / sizeof(configs[0]); cf++) {
		sep = cf->sep ? cf->sep : csv_sniff_separator(s, size);
		FUZZ_CHECK(sep == ',' || sep == ';');
		buf_init(&w, 0);
		if (read_all(s, size, cf, sep, &w)) {
			FUZZ_CHECK(!w.failed);
			check_rewrite(s, size, cf, sep, &w);
		}
		buf_free(&w);
	}
	return 0;
}
