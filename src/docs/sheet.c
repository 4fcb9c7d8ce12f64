/*
 * sheet.c - CSV and XLSX writers. libxlsxwriter 1.1.4 (Debian 12) writes
 * to a file only, so the workbook goes to a fresh temporary file that is
 * read back and removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "docs/sheet.h"
#include "base/fdio.h"

#define XLSX_COL_WIDTH 24 /* characters */

/* Would a spreadsheet take this text for a formula? */
static bool
formula_like(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	    s[0] == '\r';
}

static void
csv_field(struct buf *b, const char *s, bool text)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (quote)
		buf_putc(b, '"');
	if (text && formula_like(s))
		buf_putc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

void
sheet_csv_head(struct buf *b, const struct sheet_column *cols, size_t n)
{
	size_t i;

	buf_puts(b, "\xef\xbb\xbf");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		csv_field(b, cols[i].title, false);
	}
	buf_puts(b, "\r\n");
}

void
sheet_csv_rows(struct buf *b, const struct sheet_column *cols, size_t n, json_t *rows)
{
	json_t *row, *v;
	size_t r, i;
	char num[32];

	json_array_foreach(rows, r, row) {
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(b, ',');
			v = json_object_get(row, cols[i].key);
			if (json_is_string(v))
				csv_field(b, json_string_value(v), true);
			else if (json_is_integer(v)) {
				snprintf(num, sizeof(num), "%lld",
				    (long long)json_integer_value(v));
				buf_puts(b, num);
			} else if (json_is_real(v)) {
				snprintf(num, sizeof(num), "%.15g", json_real_value(v));
				buf_puts(b, num);
			} else if (json_is_boolean(v))
				buf_puts(b, json_is_true(v) ? "1" : "0");
		}
		buf_puts(b, "\r\n");
	}
}

int
sheet_csv_tmp(const char *tmpdir, const char *prefix, struct err *e)
{
	char path[512];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s-XXXXXX.csv", tmpdir, prefix) >=
		(int)sizeof(path) ||
	    (fd = mkstemps(path, 4)) < 0) {
		err_set(e, ERR_EXPORT, "cannot create a temporary file in %s: %s", tmpdir,
		    strerror(errno));
		return -1;
	}
	unlink(path);
	return fd;
}

int
sheet_csv_flush(int fd, struct buf *b, struct err *e)
{
	if (b->failed) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (fd_write_all(fd, b->data, b->len) < 0) {
		err_set(e, ERR_EXPORT, "cannot write the export: %s", strerror(errno));
		return -1;
	}
	buf_reset(b);
	return 0;
}

int
sheet_csv_rewind(int fd, uint64_t *len, struct err *e)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		err_set(e, ERR_EXPORT, "cannot read the export back");
		return -1;
	}
	*len = (uint64_t)st.st_size;
	return 0;
}

struct sheet_xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	const struct sheet_column *cols; /* borrowed */
	size_t n;
	lxw_row_t row;     /* next row to write */
	char path[4096];   /* the temporary file */
	char tmpdir[4096]; /* for libxlsxwriter's own temporary files */
};

void
sheet_xlsx_abort(struct sheet_xlsx *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		workbook_close(x->wb); /* frees it; the file is removed below */
	unlink(x->path);
	free(x);
}

struct sheet_xlsx *
sheet_xlsx_open(const char *tmpdir, const char *name, const struct sheet_column *cols,
    size_t n, bool big, struct err *e)
{
	struct sheet_xlsx *x;
	lxw_workbook_options opt = { 0 };
	lxw_format *bold;
	size_t i;
	int fd;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	snprintf(x->tmpdir, sizeof(x->tmpdir), "%s", tmpdir);
	if (snprintf(x->path, sizeof(x->path), "%s/export-XXXXXX.xlsx", tmpdir) >=
		(int)sizeof(x->path) ||
	    (fd = mkstemps(x->path, 5)) < 0) {
		err_set(e, ERR_EXPORT, "cannot create a temporary file in %s: %s", tmpdir,
		    strerror(errno));
		x->path[0] = '\0';
		free(x);
		return NULL;
	}
	close(fd);
	opt.constant_memory = big ? LXW_TRUE : LXW_FALSE;
	opt.tmpdir = x->tmpdir;
	x->cols = cols;
	x->n = n;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL ||
	    (x->ws = workbook_add_worksheet(x->wb, name)) == NULL ||
	    (bold = workbook_add_format(x->wb)) == NULL) {
		err_set(e, ERR_EXPORT, "cannot start the workbook");
		sheet_xlsx_abort(x);
		return NULL;
	}
	format_set_bold(bold);
	worksheet_set_column(x->ws, 0, (lxw_col_t)(n ? n - 1 : 0), XLSX_COL_WIDTH, NULL);
	worksheet_freeze_panes(x->ws, 1, 0);
	for (i = 0; i < n; i++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)i, cols[i].title, bold);
	x->row = 1;
	return x;
}

int
sheet_xlsx_rows(struct sheet_xlsx *x, json_t *rows, struct err *e)
{
	json_t *row, *v;
	size_t r, i;
	lxw_error le = LXW_NO_ERROR;

	json_array_foreach(rows, r, row) {
		if (x->row >= LXW_ROW_MAX) {
			err_set(e, ERR_EXPORT_TOO_MANY, "more rows than a sheet holds");
			return -1;
		}
		for (i = 0; i < x->n && le == LXW_NO_ERROR; i++) {
			v = json_object_get(row, x->cols[i].key);
			if (json_is_string(v) && json_string_length(v) > 0)
				le = worksheet_write_string(x->ws, x->row, (lxw_col_t)i,
				    json_string_value(v), NULL);
			else if (json_is_integer(v))
				le = worksheet_write_number(x->ws, x->row, (lxw_col_t)i,
				    (double)json_integer_value(v), NULL);
			else if (json_is_real(v))
				le = worksheet_write_number(x->ws, x->row, (lxw_col_t)i,
				    json_real_value(v), NULL);
		}
		if (le != LXW_NO_ERROR) {
			err_set(e, ERR_EXPORT, "cannot write a cell: %s", lxw_strerror(le));
			return -1;
		}
		x->row++;
	}
	return 0;
}

int
sheet_xlsx_finish(struct sheet_xlsx *x, char **out, size_t *len, struct err *e)
{
	lxw_error le;
	struct stat st;
	FILE *f = NULL;
	char *data = NULL;

	*out = NULL;
	*len = 0;
	le = workbook_close(x->wb);
	x->wb = NULL;
	if (le != LXW_NO_ERROR) {
		err_set(e, ERR_EXPORT, "cannot write the workbook: %s", lxw_strerror(le));
		goto fail;
	}
	if ((f = fopen(x->path, "rb")) == NULL || fstat(fileno(f), &st) < 0 ||
	    (data = malloc((size_t)st.st_size + 1)) == NULL ||
	    fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		err_set(e, ERR_EXPORT, "cannot read the workbook back");
		goto fail;
	}
	fclose(f);
	*out = data;
	*len = (size_t)st.st_size;
	sheet_xlsx_abort(x);
	return 0;
fail:
	if (f != NULL)
		fclose(f);
	free(data);
	sheet_xlsx_abort(x);
	return -1;
}

int
sheet_xlsx_finish_fd(struct sheet_xlsx *x, int *fd, uint64_t *len, struct err *e)
{
	lxw_error le;
	struct stat st;

	*fd = -1;
	*len = 0;
	le = workbook_close(x->wb);
	x->wb = NULL;
	if (le != LXW_NO_ERROR) {
		err_set(e, ERR_EXPORT, "cannot write the workbook: %s", lxw_strerror(le));
		sheet_xlsx_abort(x);
		return -1;
	}
	if ((*fd = open(x->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(*fd, &st) < 0) {
		err_set(e, ERR_EXPORT, "cannot read the workbook back");
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		sheet_xlsx_abort(x);
		return -1;
	}
	*len = (uint64_t)st.st_size;
	sheet_xlsx_abort(x); /* removes the name; the open file stays readable */
	return 0;
}
