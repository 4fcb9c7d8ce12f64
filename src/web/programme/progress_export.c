/*
 * progress_export.c - the progress page's CSV (/progres.csv): every
 * participation of the chosen cycle within the caller's dashboard scope,
 * one line each with its place, stage, state, deadline in the unit's time
 * zone and whether it is late, however many: read in batches, each batch
 * written to a temporary file under DATA_DIR/tmp as soon as it is made,
 * and the file sent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/download.h"
#include "base/fdio.h"
#include "web/app.h"
#include "web/programme/progress_dash.h"
#include "web/model.h"
#include "docs/sheet.h"

#define EXPORT_BATCH 2000 /* rows read per statement */

/* The CSV's columns: keys of a decorated PROGRESS_EXPORT row. */
static const struct sheet_heading csv_columns[] = {
	{ "province_name", "progress.csv.province" },
	{ "unit_type_name", "progress.csv.unit_type" },
	{ "unit_name", "progress.csv.unit" },
	{ "stage_label", "progress.csv.stage" },
	{ "state_label", "progress.csv.state" },
	{ "deadline", "progress.csv.deadline" },
	{ "late_text", "progress.csv.late" },
	{ "region_name", "progress.csv.region" },
};
#define NCSV (sizeof(csv_columns) / sizeof(csv_columns[0]))

/* A temporary file for the CSV under DATA_DIR/tmp, its name removed at
 * once; -1 with e. */
static int
csv_tmp(struct request *req, struct err *e)
{
	const char *dir = arena_printf(&req->arena, "%s/tmp", req_app(req)->data_dir);

	if (dir == NULL || (mkdir(dir, 0700) < 0 && errno != EEXIST)) {
		err_set(e, ERR_EXPORT, "cannot create a temporary file for the export");
		return -1;
	}
	return sheet_csv_tmp(dir, "progres", e);
}

/* The CSV of v's cycle into rep, through a temporary file; -1 with e. */
static int
progress_csv_write(struct request *req, struct reply *rep, struct db_conn *c,
    struct progress_dash *v, struct err *e)
{
	struct sheet_column cols[NCSV];
	json_t *rows = NULL, *row, *last;
	const char *name;
	uint64_t len;
	struct buf b;
	size_t i, n;
	int fd;

	if ((fd = csv_tmp(req, e)) < 0)
		return -1;
	svc_sheet_columns(req_lang(req), csv_columns, NCSV, cols);
	buf_init(&b, 0);
	sheet_csv_head(&b, cols, NCSV);
	v->prm[5] = DBP_INT(0);
	v->prm[6] = DBP_TEXT("");
	v->prm[7] = DBP_INT(0);
	v->prm[8] = DBP_INT(EXPORT_BATCH);
	do {
		if (db_exec(c, DB_PROGRESS_EXPORT, v->prm, 9, &rows, e) < 0)
			goto fail;
		n = json_array_size(rows);
		json_array_foreach(rows, i, row)
			progress_decorate(req, v, row, true);
		sheet_csv_rows(&b, cols, NCSV, rows);
		if (n > 0) {
			last = json_array_get(rows, n - 1);
			v->prm[5] = DBP_INT(
			    json_integer_value(json_object_get(last, "province_code")));
			name = json_string_value(json_object_get(last, "unit_name"));
			if ((name = arena_strdup(&req->arena, name ? name : "")) == NULL)
				goto fail;
			v->prm[6] = DBP_TEXT(name);
			v->prm[7] = DBP_INT(json_integer_value(json_object_get(last, "id")));
		}
		json_decref(rows);
		rows = NULL;
		if (sheet_csv_flush(fd, &b, e) < 0)
			goto fail;
	} while (n == EXPORT_BATCH);
	if (sheet_csv_rewind(fd, &len, e) < 0)
		goto fail;
	buf_free(&b);
	web_fd_reply(rep, fd, len, "text/csv; charset=utf-8");
	web_attachment(req, rep, "progres-%lld.csv",
	    (long long)json_integer_value(json_object_get(v->cycle, "id")));
	return 0;
fail:
	if (e->status == 0)
		err_set(e, ERR_NOMEM, "out of memory");
	json_decref(rows);
	buf_free(&b);
	close(fd);
	return -1;
}

int
progress_csv(struct request *req, struct reply *rep, struct err *e)
{
	struct db_conn *c;
	struct progress_dash v = { 0 };
	int rc = -1;

	if ((c = req_db(req, e)) == NULL || progress_dash_load(req, c, &v, e) < 0)
		goto done;
	if (v.cycle == NULL) {
		err_set(e, ERR_NOT_FOUND, "no cycle yet");
		goto done;
	}
	rc = progress_csv_write(req, rep, c, &v, e);
done:
	progress_dash_free(&v);
	return rc;
}
