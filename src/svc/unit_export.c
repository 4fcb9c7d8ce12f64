/*
 * unit_export.c - the unit list as a file: the same units the list shows
 * the actor, every column, however many, read from the database in
 * batches by id so that neither the list nor the file is ever in memory
 * whole. The CSV is made batch by batch while it is sent
 * (registry_units_csv_*); the workbook is written with libxlsxwriter's
 * constant memory into a temporary file that is then sent.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/registry.h"
#include "base/buf.h"
#include "docs/sheet.h"

#define BATCH 2000

/* The export's columns, keys of UNIT_EXPORT: the import's (docs/import.md)
 * with ids and names. */
/* clang-format off */
static const struct sheet_heading columns[] = {
	{ "id", NULL },
	{ "name", NULL },
	{ "unit_type", NULL },
	{ "unit_type_name", "registry.export.unit_type_name" },
	{ "sector", NULL },
	{ "province_code", NULL },
	{ "province_name", "registry.export.province_name" },
	{ "regency_code", NULL },
	{ "regency_name", "registry.export.regency_name" },
	{ "organization_id", NULL },
	{ "organization_name", "registry.export.organization_name" },
	{ "parent_unit_id", NULL },
	{ "parent_name", "registry.export.parent_name" },
	{ "address", NULL },
	{ "head_name", NULL },
	{ "head_title", NULL },
	{ "phone", NULL },
	{ "email", NULL },
	{ "active", NULL },
};
/* clang-format on */
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

/* The scope and filters of s and f as UNIT_EXPORT's $1-$10, every text
 * copied into a. -1 when out of memory. */
static int
export_params(struct svc *s, const struct unit_filter *f, struct arena *a, struct db_param *prm)
{
	char *t;
	size_t i;

	if (registry_scope_params(s->who, a, prm) < 0 ||
	    registry_filter_params(f, a, prm + REGISTRY_SCOPE_PARAMS) < 0)
		return -1;
	for (i = 0; i < REGISTRY_SCOPE_PARAMS + REGISTRY_FILTER_PARAMS; i++) {
		if (prm[i].type != DB_T_TEXT)
			continue;
		if ((t = arena_strndup(a, prm[i].s, prm[i].len)) == NULL)
			return -1;
		prm[i].s = t;
	}
	return 0;
}

/* The batch of units after id *after into *rows, decorated; *after moves
 * to its last. */
static int
export_batch(struct db_conn *c, enum lang lang, struct db_param *prm, int64_t *after,
    json_t **rows, struct err *e)
{
	json_t *row;
	size_t i, n;

	prm[10] = DBP_INT(*after);
	prm[11] = DBP_INT(BATCH);
	if (db_exec(c, DB_UNIT_EXPORT, prm, 12, rows, e) < 0)
		return -1;
	n = json_array_size(*rows);
	json_array_foreach(*rows, i, row)
		registry_decorate(lang, row);
	if (n > 0)
		*after = json_integer_value(
		    json_object_get(json_array_get(*rows, n - 1), "id"));
	return 0;
}

int
registry_units_xlsx(struct svc *s, const struct unit_filter *f, struct unit_export *out,
    struct err *e)
{
	struct sheet_column cols[NCOLS];
	struct sheet_xlsx *x = NULL;
	struct db_param prm[12];
	json_t *rows = NULL;
	int64_t after = 0;
	const char *dir;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	svc_sheet_columns(s->lang, columns, NCOLS, cols);
	if (export_params(s, f, s->arena, prm) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	/* One batch holds them all: the ordinary workbook (shared strings)
	 * costs little. More: constant memory, whatever the count. */
	if ((dir = svc_tmp_dir(s, e)) == NULL ||
	    export_batch(s->c, s->lang, prm, &after, &rows, e) < 0)
		return -1;
	if ((x = sheet_xlsx_open(dir, "Unit", cols, NCOLS, json_array_size(rows) == BATCH,
		 e)) == NULL)
		goto fail;
	for (;;) {
		if (sheet_xlsx_rows(x, rows, e) < 0)
			goto fail;
		n = json_array_size(rows);
		json_decref(rows);
		rows = NULL;
		if (n < BATCH)
			break;
		if (export_batch(s->c, s->lang, prm, &after, &rows, e) < 0)
			goto fail;
	}
	if (sheet_xlsx_finish_fd(x, &out->fd, &out->len, e) < 0)
		return -1;
	out->content_type =
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	out->filename = "unit.xlsx";
	return 0;
fail:
	json_decref(rows);
	sheet_xlsx_abort(x);
	return -1;
}

struct unit_csv {
	struct arena a;          /* the copies of the parameters */
	struct db_param prm[12]; /* UNIT_EXPORT's */
	struct sheet_column cols[NCOLS];
	enum lang lang;
	int64_t after; /* the last id sent */
	bool started, done;
};

struct unit_csv *
registry_units_csv_open(struct svc *s, const struct unit_filter *f, struct err *e)
{
	struct unit_csv *k = calloc(1, sizeof(*k));

	if (k == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	arena_init(&k->a, 0);
	k->lang = s->lang;
	svc_sheet_columns(s->lang, columns, NCOLS, k->cols);
	if (export_params(s, f, &k->a, k->prm) < 0) {
		registry_units_csv_free(k);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	return k;
}

int
registry_units_csv_next(struct unit_csv *k, struct db_conn *c, struct buf *out, struct err *e)
{
	json_t *rows = NULL;

	if (k->done)
		return 0;
	if (!k->started) {
		sheet_csv_head(out, k->cols, NCOLS);
		k->started = true;
	}
	if (export_batch(c, k->lang, k->prm, &k->after, &rows, e) < 0)
		return -1;
	sheet_csv_rows(out, k->cols, NCOLS, rows);
	k->done = json_array_size(rows) < BATCH;
	json_decref(rows);
	return 0;
}

void
registry_units_csv_free(struct unit_csv *k)
{
	if (k == NULL)
		return;
	arena_free(&k->a);
	free(k);
}
