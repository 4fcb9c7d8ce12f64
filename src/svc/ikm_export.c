/*
 * ikm_export.c - a unit's survey answers as a file (ikm_export), for the
 * unit and those who oversee it to analyse. Anonymised: the form token's
 * nonce and the time of day are never read, the day stays; the free-text
 * suggestion is left out, because people write names and telephone
 * numbers into it. Read in batches by id and written to a temporary file
 * that is sent from disk, so memory stays flat however many answers a
 * unit has; the file's name is removed at once, the open file goes away
 * when the response is done.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "docs/sheet.h"
#include "svc/ikm.h"

#define BATCH 2000

/* The leading columns; then the elements U1..U9, then the profile's
 * fields found in the first batch, by name. */
/* clang-format off */
static const struct sheet_heading lead[] = {
	{ "no",		"ikm.export.no" },
	{ "period",	"ikm.export.period" },
	{ "day",	"ikm.export.day" },
	{ "service",	"ikm.export.service" },
};
/* clang-format on */
#define NLEAD (sizeof(lead) / sizeof(lead[0]))
#define COLS_MAX (NLEAD + IKM_ELEMENT_COUNT + 32)

/* A row of the export from an answer row: its number, period, day,
 * service, each element's value and each profile field as "p.FIELD". */
static json_t *
flat(json_t *row, int64_t no)
{
	json_t *out, *ans, *prof, *v;
	const char *k;
	char key[80];

	ans = json_loads(json_string_value(json_object_get(row, "answers")) ?: "{}", 0, NULL);
	prof = json_loads(json_string_value(json_object_get(row, "profile")) ?: "{}", 0, NULL);
	out = json_pack("{s:I, s:O, s:O, s:O}", "no", (json_int_t)no, "period",
	    json_object_get(row, "period"), "day", json_object_get(row, "day"), "service",
	    json_object_get(row, "service") ?: json_null());
	if (out != NULL && json_is_object(ans))
		json_object_foreach(ans, k, v)
			json_object_set(out, k, v);
	if (out != NULL && json_is_object(prof))
		json_object_foreach(prof, k, v) {
			snprintf(key, sizeof(key), "p.%s", k);
			json_object_set(out, key, v);
		}
	json_decref(ans);
	json_decref(prof);
	return out;
}

static int
text_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the first batch's rows that are not among the leading
 * columns nor the index's elements, sorted: the instrument's other
 * questions, then the profile's fields ("p.FIELD"). In s's arena. */
static const char **
other_keys(struct svc *s, json_t *first, size_t *n)
{
	json_t *keys = json_object(), *row, *v;
	const char **sorted;
	const char *k;
	size_t i, j;

	json_array_foreach(first, i, row)
		json_object_foreach(row, k, v) {
			for (j = 0; j < NLEAD && strcmp(k, lead[j].key) != 0; j++)
				;
			if (j < NLEAD)
				continue;
			for (j = 0;
			     j < IKM_ELEMENT_COUNT && strcmp(k, ikm_element_codes[j]) != 0;
			     j++)
				;
			if (j == IKM_ELEMENT_COUNT)
				json_object_set_new(keys, k, json_true());
		}
	*n = 0;
	if ((sorted = arena_alloc(s->arena, (json_object_size(keys) + 1) * sizeof(*sorted))) != NULL)
		json_object_foreach(keys, k, v)
			if ((sorted[*n] = arena_strdup(s->arena, k)) != NULL)
				++*n;
	json_decref(keys);
	if (sorted != NULL)
		qsort(sorted, *n, sizeof(*sorted), text_cmp);
	return sorted;
}

/* The columns: the leading ones, u1..u9 (headed U1..U9), the other
 * questions and the profile's fields the first batch's rows hold. */
static size_t
columns(struct svc *s, json_t *first, struct sheet_column *cols)
{
	const char **other;
	size_t n = NLEAD, i, m;

	svc_sheet_columns(s->lang, lead, NLEAD, cols);
	for (i = 0; i < IKM_ELEMENT_COUNT; i++)
		cols[n++] = (struct sheet_column){ ikm_element_codes[i],
			ikm_element_labels[i] };
	other = other_keys(s, first, &m);
	for (i = 0; other != NULL && i < m && n < COLS_MAX; i++)
		cols[n++] = (struct sheet_column){ other[i],
			strncmp(other[i], "p.", 2) == 0 ? other[i] + 2 : other[i] };
	return n;
}

/* The next batch of the unit's answers after *after, flattened (numbered
 * from *no on); *after and *no advance. NULL with e. */
static json_t *
batch(struct svc *s, struct db_param *prm, int64_t *after, int64_t *no, struct err *e)
{
	json_t *rows = NULL, *out, *row;
	size_t i;

	prm[2] = DBP_INT(*after);
	if (db_exec(s->c, DB_IKM_ANSWERS_EXPORT, prm, 4, &rows, e) < 0)
		return NULL;
	out = json_array();
	json_array_foreach(rows, i, row) {
		*after = json_integer_value(json_object_get(row, "id"));
		json_array_append_new(out, flat(row, ++*no));
	}
	json_decref(rows);
	return out;
}

int
ikm_export(struct svc *s, int64_t unit_id, const char *period, bool xlsx,
    struct ikm_file *f, struct err *e)
{
	struct sheet_column cols[COLS_MAX];
	struct sheet_xlsx *x = NULL;
	struct db_param prm[4];
	int64_t after = 0, no = 0;
	json_t *rows = NULL;
	const char *dir;
	struct buf b;
	size_t n, ncols;
	int fd = -1;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	prm[0] = DBP_INT(unit_id);
	prm[1] = DBP_TEXT(period);
	prm[3] = DBP_INT(BATCH);
	buf_init(&b, 0);
	if ((dir = svc_tmp_dir(s, e)) == NULL || (rows = batch(s, prm, &after, &no, e)) == NULL)
		return -1;
	ncols = columns(s, rows, cols);
	if (xlsx) {
		if ((x = sheet_xlsx_open(dir, "IKM", cols, ncols, true, e)) == NULL)
			goto fail;
	} else {
		if ((fd = sheet_csv_tmp(dir, "ikm", e)) < 0)
			goto fail;
		sheet_csv_head(&b, cols, ncols);
	}
	for (;;) {
		n = json_array_size(rows);
		if (xlsx ? sheet_xlsx_rows(x, rows, e) < 0
			 : (sheet_csv_rows(&b, cols, ncols, rows),
			       sheet_csv_flush(fd, &b, e) < 0))
			goto fail;
		json_decref(rows);
		rows = NULL;
		if (n < BATCH)
			break;
		if ((rows = batch(s, prm, &after, &no, e)) == NULL)
			goto fail;
	}
	if (xlsx) {
		if (sheet_xlsx_finish_fd(x, &f->fd, &f->len, e) < 0)
			return -1;
		f->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	} else {
		if (sheet_csv_rewind(fd, &f->len, e) < 0)
			goto fail;
		f->fd = fd;
		f->content_type = "text/csv; charset=utf-8";
	}
	buf_free(&b);
	f->filename = arena_printf(s->arena, "ikm-%" PRId64 "-%s.%s", unit_id, period,
	    xlsx ? "xlsx" : "csv");
	return 0;
fail:
	if (e->status == 0)
		err_set(e, ERR_NOMEM, "out of memory");
	json_decref(rows);
	sheet_xlsx_abort(x);
	if (fd >= 0)
		close(fd);
	buf_free(&b);
	return -1;
}
