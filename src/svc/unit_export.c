/*
 * unit_export.c - the unit list as a file (registry_units_export): the
 * same units the list shows the actor, every column, read from the
 * database in batches by id so that the JSON of the whole list is never in
 * memory at once.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "svc/registry.h"
#include "base/buf.h"
#include "docs/sheet.h"

#define BATCH 2000
#define EXPORT_MAX 200000 /* rows; more asks the user to filter */
#define XLSX_BIG 20000    /* rows from which the workbook streams */

/* The export's columns: the import's (docs/import.md) with ids and names. */
/* clang-format off */
static const struct {
	const char *key;	/* column of UNIT_EXPORT */
	const char *title_key;	/* heading: catalog key; NULL: the key itself */
} columns[] = {
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

/* The directory for the workbook's temporary files: DATA_DIR/tmp. */
static const char *
tmp_dir(struct svc *s, struct err *e)
{
	const char *dir = arena_printf(s->arena, "%s/tmp", s->data_dir);

	if (dir == NULL || (mkdir(dir, 0700) < 0 && errno != EEXIST)) {
		err_set(e, ERR_EXPORT, "cannot make the temporary directory");
		return NULL;
	}
	return dir;
}

/* How many units prm's scope and filters hold; -1 with e. */
static int64_t
count_units(struct svc *s, const struct db_param *prm, struct err *e)
{
	json_t *rows = NULL;
	int64_t total;

	if (db_exec(s->c, DB_UNIT_COUNT, prm, 10, &rows, e) < 0)
		return -1;
	total = json_integer_value(json_object_get(json_array_get(rows, 0), "n"));
	json_decref(rows);
	return total;
}

int
registry_units_export(struct svc *s, const struct unit_filter *f,
    enum unit_export_format fmt, struct unit_export *out, struct err *e)
{
	bool xlsx = fmt == UNIT_EXPORT_XLSX;
	struct sheet_column cols[NCOLS];
	struct sheet_xlsx *x = NULL;
	struct db_param prm[12];
	struct buf b;
	json_t *rows = NULL, *row;
	int64_t total, after = 0;
	const char *dir;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < NCOLS; i++) {
		cols[i].key = columns[i].key;
		cols[i].title = columns[i].title_key ? i18n_get(s->lang, columns[i].title_key)
						     : columns[i].key;
	}
	if (registry_scope_params(s->who, s->arena, prm) < 0 ||
	    registry_filter_params(f, s->arena, prm + REGISTRY_SCOPE_PARAMS) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	if ((total = count_units(s, prm, e)) < 0)
		return -1;
	if (total > EXPORT_MAX) {
		err_set(e, ERR_EXPORT_TOO_MANY, "%lld units; at most %d per export",
		    (long long)total, EXPORT_MAX);
		return -1;
	}
	buf_init(&b, 0);
	if (xlsx) {
		if ((dir = tmp_dir(s, e)) == NULL ||
		    (x = sheet_xlsx_open(dir, "Unit", cols, NCOLS, total >= XLSX_BIG, e)) == NULL)
			return -1;
	} else
		sheet_csv_head(&b, cols, NCOLS);
	do {
		prm[10] = DBP_INT(after);
		prm[11] = DBP_INT(BATCH);
		if (db_exec(s->c, DB_UNIT_EXPORT, prm, 12, &rows, e) < 0)
			goto fail;
		n = json_array_size(rows);
		json_array_foreach(rows, i, row)
			registry_decorate(s->lang, row);
		if (n > 0)
			after = json_integer_value(
			    json_object_get(json_array_get(rows, n - 1), "id"));
		if (xlsx ? sheet_xlsx_rows(x, rows, e) < 0
			 : (sheet_csv_rows(&b, cols, NCOLS, rows), b.failed))
			goto fail;
		json_decref(rows);
		rows = NULL;
	} while (n == BATCH);
	if (xlsx) {
		if (sheet_xlsx_finish(x, &out->body, &out->len, e) < 0)
			return -1;
		out->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		out->filename = "unit.xlsx";
	} else {
		out->body = buf_detach(&b, &out->len);
		out->content_type = "text/csv; charset=utf-8";
		out->filename = "unit.csv";
	}
	if (out->body == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
fail:
	if (e->status == 0)
		err_set(e, ERR_NOMEM, "out of memory");
	json_decref(rows);
	sheet_xlsx_abort(x);
	buf_free(&b);
	return -1;
}
