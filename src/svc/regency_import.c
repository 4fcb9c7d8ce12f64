/*
 * regency_import.c - loading regencies and cities from CSV (`p2ham import
 * regencies`): columns code, name and optionally kind; checked whole
 * before anything is written, then upserted in one transaction with one
 * audit entry, so that a corrected file can simply be loaded again.
 */
#include <stdlib.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/import_job.h"
#include "svc/registry.h"
#include "svc/registry_import.h"
#include "core/registry.h"

/* The columns of a regency file. */
/* clang-format off */
enum regency_col {
	RCOL_CODE,
	RCOL_NAME,
	RCOL_KIND,
	REGENCY_COL_MAX
};
/* clang-format on */

/* One checked row. */
struct regency_row {
	int code;
	const char *name, *kind;
};

/* Upsert the checked rows with their audit entry, in one transaction. */
static int
write_regencies(struct svc *s, const struct regency_row *rows, size_t count,
    struct import_report *r, struct err *e)
{
	struct object_ref nationwide = registry_org_ref(0, 0);
	size_t i;

	if (svc_begin(s, e) < 0)
		return -1;
	/* The right again, inside the write. */
	if (svc_authorize(s, ACT_CREATE, &nationwide, e) < 0)
		goto fail;
	for (i = 0; i < count; i++)
		if (db_exec(s->c, DB_REGENCY_PUT,
			(struct db_param[]){ DBP_INT(rows[i].code), DBP_INT(rows[i].code / 100),
			    DBP_TEXT(rows[i].name), DBP_TEXT(rows[i].kind) },
			4, NULL, e) < 0)
			goto fail;
	if (svc_audit_commit(s, "regency.import", "regency", 0,
		json_pack("{s:I, s:s}", "count", (json_int_t)count, "sha256", r->sha256), e) < 0)
		goto fail;
	r->imported = count;
	return 0;
fail:
	svc_rollback(s);
	return -1;
}

int
registry_import_regencies(struct svc *s, const char *data, size_t len,
    struct import_report *r, struct err *e)
{
	/* clang-format off */
	static const struct import_column cols[REGENCY_COL_MAX] = {
		[RCOL_CODE] = IMPORT_COLUMN("code", true, PT_TEXT, true, 0, 10),
		[RCOL_NAME] = IMPORT_COLUMN("name", true, PT_TEXT, true, 2, 200),
		[RCOL_KIND] = { "kind", false, { "kind", PARAM_FORM, PT_ENUM, false, 0, 0,
		    "kabupaten|kota" } },
	};
	/* clang-format on */
	struct import_job j;
	struct csv_reader csv;
	struct csv_record rec;
	struct import_map seen;
	struct import_map_entry *hit;
	const char *v[REGENCY_COL_MAX];
	int64_t iv[REGENCY_COL_MAX];
	struct regency_row *rows = NULL, *tmp;
	size_t count = 0, cap = 0;
	struct object_ref nationwide = registry_org_ref(0, 0);
	struct arena *a = s->arena;
	enum lang l = s->lang;
	char key[16];
	enum registry_problem rp;
	int code, rc;

	import_job_start(&j, s, r, e, data, len);
	if (svc_authorize(s, ACT_CREATE, &nationwide, e) < 0)
		return -1;
	if (!import_open(&j, &csv, cols, REGENCY_COL_MAX, data, len)) {
		csv_free(&csv);
		return j.failed ? -1 : 0;
	}
	if (import_map_init(&seen, a, 1024) < 0) {
		csv_free(&csv);
		import_nomem(&j);
		return -1;
	}
	while (import_next_row(&j, &csv, &rec)) {
		if (!import_read_cells(&j, &rec, v, iv))
			continue;
		if ((rp = registry_regency_parse(v[RCOL_CODE], 0, &code)) != RP_OK) {
			import_problem_rp(&j, rec.line, "code", v[RCOL_CODE], rp);
			continue;
		}
		snprintf(key, sizeof(key), "%d", code);
		if ((hit = import_map_get(&seen, key)) != NULL) {
			import_problem(&j, rec.line, "code", v[RCOL_CODE],
			    i18n_fill(a, registry_problem_text(l, RP_DUPLICATE_IN_FILE),
				(long)hit->val));
			continue;
		}
		if (import_map_set(&seen, a, key, (int64_t)rec.line) < 0) {
			import_nomem(&j);
			break;
		}
		if ((tmp = import_room(&j, rows, &cap, count, sizeof(*rows))) == NULL)
			break;
		rows = tmp;
		rows[count].code = code;
		rows[count].name = v[RCOL_NAME];
		rows[count].kind = v[RCOL_KIND] != NULL && v[RCOL_KIND][0] != '\0'
		    ? v[RCOL_KIND]
		    : registry_regency_kind(code);
		count++;
	}
	csv_free(&csv);
	if (j.failed || r->problems_total > 0) {
		free(rows);
		return j.failed ? -1 : 0;
	}
	rc = write_regencies(s, rows, count, r, e);
	free(rows);
	return rc;
}
