/*
 * registry_import.c - importing units from CSV (registry_import.h; the
 * machinery shared with regency_import.c is import_job.c's).
 *
 * A unit import runs in one transaction from the first check to the last
 * insert, so that what was checked (no duplicate, the parent exists) still
 * holds when it is written. Pass one reads every row and checks it on its
 * own (each cell with the validator its form field uses, then codes,
 * organization, place, the importer's right to create there, duplicates);
 * pass two resolves parents, which may name units further down the file,
 * and refuses cycles among them. Only a file without any problem reaches
 * the inserts. Lookups repeated across rows (organizations, regencies) are
 * cached for the file.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc/audit.h"
#include "svc/import_job.h"
#include "svc/registry.h"
#include "svc/registry_import.h"
#include "base/code.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "core/registry.h"
#include "core/unit_type.h"

#define IMPORT_BATCH 2000 /* rows written per transaction */

/* The columns of a unit file: each value, then its IMPORT_COLUMN. */
/* clang-format off */
#define UNIT_COLUMNS(X) \
	X(COL_NAME, "name", true, PT_TEXT, true, 2, 200) \
	X(COL_UNIT_TYPE, "unit_type", true, PT_TEXT, true, 0, 40) \
	X(COL_SECTOR, "sector", true, PT_TEXT, true, 0, 60) \
	X(COL_PROVINCE, "province_code", true, PT_INT, true, 11, 99) \
	X(COL_REGENCY, "regency_code", false, PT_TEXT, false, 0, 10) \
	X(COL_ORGANIZATION, "organization", true, PT_TEXT, true, 0, 200) \
	X(COL_PARENT, "parent", false, PT_TEXT, false, 0, 200) \
	X(COL_ADDRESS, "address", false, PT_MULTILINE, false, 0, 500) \
	X(COL_HEAD_NAME, "head_name", false, PT_TEXT, false, 0, 200) \
	X(COL_HEAD_TITLE, "head_title", false, PT_TEXT, false, 0, 200) \
	X(COL_PHONE, "phone", false, PT_TEXT, false, 0, 30) \
	X(COL_EMAIL, "email", false, PT_EMAIL, false, 0, 0)
/* clang-format on */

enum unit_col { UNIT_COLUMNS(CODE_ENUM) UNIT_COL_MAX };

#define UNIT_COLUMN_ENTRY(value, ...) [value] = IMPORT_COLUMN(__VA_ARGS__),
static const struct import_column unit_cols[UNIT_COL_MAX] = { UNIT_COLUMNS(UNIT_COLUMN_ENTRY) };

/* A resolved organization, cached by the text of its cell. */
struct org_info {
	enum registry_problem problem; /* RP_OK when usable */
	int64_t id;
	enum org_kind kind;
	int province, regency;
};

/* One row of a unit file, once its cells are valid. */
struct unit_row {
	size_t line;
	const char *name, *unit_type, *sector, *address, *head_name, *head_title;
	const char *phone, *email, *parent;
	int province, regency;
	int64_t org_id;
	int64_t parent_id;  /* an existing unit, 0: none */
	long parent_row;    /* a row of the file, -1: none */
	int64_t new_id;     /* after insert */
	unsigned char mark; /* cycle search: 0 new, 1 on the path, 2 fine */
	bool ok;            /* no problem found in pass one */
};

/* The organization a cell names (an id or an exact name), cached. */
static const struct org_info *
org_lookup(struct import_job *j, struct import_map *cache, const char *cell)
{
	struct import_map_entry *s = import_map_get(cache, cell);
	struct org_info *o;
	json_t *rows = NULL, *row;
	int64_t id;

	if (s != NULL)
		return (const struct org_info *)(intptr_t)s->val;
	if ((o = arena_alloc(j->a, sizeof(*o))) == NULL) {
		import_nomem(j);
		return NULL;
	}
	if (str_to_i64(cell, strlen(cell), 1, INT64_MAX, &id) == 0) {
		if (db_exec(j->c, DB_ORG_GET, (struct db_param[]){ DBP_INT(id) }, 1,
			&rows, j->e) < 0)
			goto fail;
	} else if (db_exec(j->c, DB_ORG_BY_NAME, (struct db_param[]){ DBP_TEXT(cell) }, 1,
		       &rows, j->e) < 0)
		goto fail;
	if ((row = json_array_get(rows, 0)) == NULL)
		o->problem = RP_ORG_UNKNOWN;
	else {
		o->id = json_integer_value(json_object_get(row, "id"));
		o->kind = org_kind_parse(json_string_value(json_object_get(row, "kind")));
		o->province = (int)json_integer_value(json_object_get(row, "province_code"));
		o->regency = (int)json_integer_value(json_object_get(row, "regency_code"));
		o->problem = json_integer_value(json_object_get(row, "active"))
		    ? RP_OK
		    : RP_ORG_INACTIVE;
	}
	json_decref(rows);
	if (import_map_set(cache, j->a, cell, (int64_t)(intptr_t)o) < 0) {
		import_nomem(j);
		return NULL;
	}
	return o;
fail:
	j->failed = true;
	return NULL;
}

/* Is regency code loaded? Cached. -1 when the database failed. */
static int
regency_known(struct import_job *j, struct import_map *cache, int code)
{
	struct import_map_entry *s;
	json_t *rows = NULL;
	char key[16];
	int known;

	snprintf(key, sizeof(key), "%d", code);
	if ((s = import_map_get(cache, key)) != NULL)
		return (int)s->val;
	if (db_exec(j->c, DB_REGENCY_GET, (struct db_param[]){ DBP_INT(code) }, 1, &rows,
		j->e) < 0) {
		j->failed = true;
		return -1;
	}
	known = json_array_size(rows) > 0;
	json_decref(rows);
	if (import_map_set(cache, j->a, key, known) < 0) {
		import_nomem(j);
		return -1;
	}
	return known;
}

/* The key of a unit within its organization: "<org id> <name>". */
static const char *
unit_key(struct import_job *j, int64_t org, const char *name)
{
	return arena_printf(j->a, "%lld\x1f%s", (long long)org, name);
}

/* The column a place problem is reported on. */
static const char *
place_column(enum registry_problem rp)
{
	switch (rp) {
	case RP_UNIT_TYPE_UNKNOWN:
	case RP_OWNER_MISMATCH:
		return "unit_type";
	case RP_REGENCY_PROVINCE:
		return "regency_code";
	case RP_ORG_UNKNOWN:
		return "organization";
	default:
		return "province_code";
	}
}

/* Is row idx's unit new: on no earlier line, not in the database? False
 * after reporting, or when the database or memory failed. */
static bool
unit_is_new(struct import_job *j, struct unit_row *rows, size_t idx, struct import_map *seen)
{
	struct unit_row *row = &rows[idx];
	struct import_map_entry *s;
	json_t *res = NULL;
	const char *key;
	size_t n;

	if ((key = unit_key(j, row->org_id, row->name)) == NULL)
		return import_nomem(j);
	if ((s = import_map_get(seen, key)) != NULL) {
		import_problem(j, row->line, "name", row->name,
		    i18n_fill(j->a, registry_problem_text(j->l, RP_DUPLICATE_IN_FILE),
			(long)rows[s->val].line));
		return false;
	}
	if (import_map_set(seen, j->a, key, (int64_t)idx) < 0)
		return import_nomem(j);
	if (db_exec(j->c, DB_UNIT_BY_ORG_NAME,
		(struct db_param[]){ DBP_INT(row->org_id), DBP_TEXT(row->name) }, 2, &res,
		j->e) < 0) {
		j->failed = true;
		return false;
	}
	n = json_array_size(res);
	json_decref(res);
	if (n > 0) {
		import_problem_rp(j, row->line, "name", row->name, RP_DUPLICATE);
		return false;
	}
	return true;
}

/* Pass one for a data row with valid cells: codes, organization, place,
 * right, duplicates. Fills row; false after reporting. */
static bool
check_unit_row(struct import_job *j, struct unit_row *rows, size_t idx, const char **v,
    const int64_t *iv, bool cells_ok, struct import_map *orgs,
    struct import_map *regencies, struct import_map *seen)
{
	struct unit_row *row = &rows[idx];
	const struct org_info *o;
	enum registry_problem rp;
	struct object_ref ref;
	char *type, *sector, *name;
	size_t i, n;
	bool ok = true;
	int known;

	/* A cell its validator refused is NULL here: check the others, so
	 * that the report lists every problem of the row at once. */
	row->province = (int)iv[COL_PROVINCE];
	if ((sector = arena_alloc(j->a, 64)) == NULL)
		return import_nomem(j);
	row->sector = sector;
	if (v[COL_NAME] != NULL) {
		if ((name = arena_strdup(j->a, v[COL_NAME])) == NULL)
			return import_nomem(j);
		registry_squeeze(name);
		row->name = name;
	} else
		ok = false;
	if (v[COL_UNIT_TYPE] != NULL) {
		if ((type = arena_strdup(j->a, v[COL_UNIT_TYPE])) == NULL)
			return import_nomem(j);
		for (i = 0, n = strlen(type); i < n; i++)
			type[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ? type[i] - 'A' + 'a'
									  : type[i]);
		row->unit_type = type;
		if (unit_type_find(type) == NULL) {
			import_problem_rp(j, row->line, "unit_type", v[COL_UNIT_TYPE],
			    RP_UNIT_TYPE_UNKNOWN);
			ok = false;
		}
	} else
		ok = false;
	if (v[COL_SECTOR] != NULL &&
	    registry_sector_normalize(v[COL_SECTOR], sector, 64) != RP_OK) {
		import_problem_rp(j, row->line, "sector", v[COL_SECTOR], RP_SECTOR_FORMAT);
		ok = false;
	}
	if (v[COL_PROVINCE] != NULL && province_find(row->province) == NULL) {
		import_problem_rp(j, row->line, "province_code", v[COL_PROVINCE],
		    RP_PROVINCE_UNKNOWN);
		ok = false;
	} else if (v[COL_PROVINCE] == NULL)
		ok = false;
	if (v[COL_REGENCY] != NULL && v[COL_REGENCY][0] != '\0') {
		rp = registry_regency_parse(v[COL_REGENCY], ok ? row->province : 0,
		    &row->regency);
		if (rp == RP_OK) {
			if ((known = regency_known(j, regencies, row->regency)) < 0)
				return false;
			if (!known)
				rp = RP_REGENCY_UNKNOWN;
		}
		if (rp != RP_OK) {
			import_problem_rp(j, row->line, "regency_code", v[COL_REGENCY], rp);
			ok = false;
		}
	}
	if (v[COL_PHONE] != NULL && registry_phone_check(v[COL_PHONE]) != RP_OK) {
		import_problem_rp(j, row->line, "phone", v[COL_PHONE], RP_PHONE_FORMAT);
		ok = false;
	}
	if (v[COL_ORGANIZATION] == NULL)
		return false;
	if ((o = org_lookup(j, orgs, v[COL_ORGANIZATION])) == NULL)
		return false;
	if (o->problem != RP_OK) {
		import_problem_rp(j, row->line, "organization", v[COL_ORGANIZATION], o->problem);
		return false;
	}
	row->org_id = o->id;
	if (!ok || !cells_ok)
		return false;
	rp = registry_unit_place_check(row->unit_type, row->province, row->regency,
	    o->kind, o->province, o->regency);
	if (rp != RP_OK) {
		import_problem_rp(j, row->line, place_column(rp), NULL, rp);
		return false;
	}
	ref = registry_unit_ref(0, row->province, row->org_id);
	if (policy_check(j->s->who, ACT_CREATE, &ref) != POLICY_ALLOW) {
		import_problem_rp(j, row->line, "province_code", v[COL_PROVINCE],
		    RP_OUTSIDE_SCOPE);
		return false;
	}
	return unit_is_new(j, rows, idx, seen);
}

/* May the importer see the existing unit described by row r (UNIT_PLACE
 * or UNIT_BY_NAME)? */
static bool
may_see(struct import_job *j, json_t *r)
{
	struct object_ref ref;

	ref = registry_unit_ref(json_integer_value(json_object_get(r, "id")),
	    (int)json_integer_value(json_object_get(r, "province_code")),
	    json_integer_value(json_object_get(r, "organization_id")));
	return policy_check(j->s->who, ACT_VIEW, &ref) == POLICY_ALLOW;
}

/*
 * Pass two for one row: its parent, by id (an existing unit) or by exact
 * name (a row of the file, preferring the row's own organization, then an
 * existing unit, likewise). False after reporting.
 */
static bool
resolve_parent(struct import_job *j, struct unit_row *row, struct import_map *seen,
    struct import_map *names)
{
	struct import_map_entry *s;
	json_t *res = NULL, *r, *pick = NULL;
	const char *key;
	int64_t id;
	size_t i, same = 0, all = 0;
	bool ok;

	row->parent_row = -1;
	if (row->parent == NULL || row->parent[0] == '\0')
		return true;
	if (str_to_i64(row->parent, strlen(row->parent), 1, INT64_MAX, &id) == 0) {
		if (db_exec(j->c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(id) }, 1,
			&res, j->e) < 0) {
			j->failed = true;
			return false;
		}
		r = json_array_get(res, 0);
		ok = r != NULL && may_see(j, r);
		json_decref(res);
		if (!ok)
			import_problem_rp(j, row->line, "parent", row->parent,
			    RP_PARENT_UNKNOWN);
		row->parent_id = ok ? id : 0;
		return ok;
	}
	/* A row of this file, in the same organization first. */
	if ((key = unit_key(j, row->org_id, row->parent)) == NULL)
		return import_nomem(j);
	if ((s = import_map_get(seen, key)) != NULL) {
		row->parent_row = (long)s->val;
		return true;
	}
	if ((s = import_map_get(names, row->parent)) != NULL) {
		if (s->val < 0) {
			import_problem_rp(j, row->line, "parent", row->parent,
			    RP_PARENT_AMBIGUOUS);
			return false;
		}
		row->parent_row = (long)s->val;
		return true;
	}
	/* An existing unit the importer can see. */
	if (db_exec(j->c, DB_UNIT_BY_NAME, (struct db_param[]){ DBP_TEXT(row->parent) },
		1, &res, j->e) < 0) {
		j->failed = true;
		return false;
	}
	json_array_foreach(res, i, r) {
		if (!may_see(j, r))
			continue;
		all++;
		if (json_integer_value(json_object_get(r, "organization_id")) == row->org_id) {
			same++;
			pick = r;
		} else if (same == 0)
			pick = r;
	}
	if (same > 1 || (same == 0 && all > 1)) {
		json_decref(res);
		import_problem_rp(j, row->line, "parent", row->parent, RP_PARENT_AMBIGUOUS);
		return false;
	}
	if (pick == NULL) {
		json_decref(res);
		import_problem_rp(j, row->line, "parent", row->parent, RP_PARENT_UNKNOWN);
		return false;
	}
	row->parent_id = json_integer_value(json_object_get(pick, "id"));
	json_decref(res);
	return true;
}

/* Refuse parent links among the file's rows that go round in a circle. */
static void
check_cycles(struct import_job *j, struct unit_row *rows, size_t count)
{
	size_t i;
	long k;

	for (i = 0; i < count; i++) {
		if (rows[i].mark != 0)
			continue;
		/* Walk up marking the path; meeting the path again is a cycle. */
		for (k = (long)i; k >= 0 && rows[k].mark == 0; k = rows[k].parent_row)
			rows[k].mark = 1;
		if (k >= 0 && rows[k].mark == 1)
			import_problem_rp(j, rows[k].line, "parent", rows[k].parent,
			    RP_PARENT_CYCLE);
		for (k = (long)i; k >= 0 && rows[k].mark == 1; k = rows[k].parent_row)
			rows[k].mark = 2;
	}
}

/* Write the checked rows and their audit entry; -1 with j->e. */
/* Link the rows written so far, up to to, whose parent is written too and
 * was not linked yet: those of [from, to), and earlier ones whose parent is
 * in [from, to). */
static int
link_parents(struct import_job *j, struct unit_row *rows, size_t from, size_t to,
    const char *now)
{
	size_t i;
	ssize_t p;

	for (i = 0; i < to; i++) {
		p = rows[i].parent_row;
		if (p < 0 || (size_t)p >= to || (i < from && (size_t)p < from))
			continue;
		if (db_exec(j->c, DB_UNIT_SET_PARENT,
			(struct db_param[]){ DBP_INT(rows[i].new_id),
			    DBP_INT(rows[p].new_id), DBP_TEXT(now) },
			3, NULL, j->e) < 0)
			return -1;
	}
	return 0;
}

/*
 * Write the checked rows IMPORT_BATCH at a time, each batch in a
 * transaction of its own with its audit entry, so that a large file never
 * holds the write lock for long; j->r->imported counts the rows committed.
 * -1 with j->e when a batch fails: it is rolled back, those before it stay
 * (their audit entries say which lines they were).
 */
static int
insert_units(struct import_job *j, struct unit_row *rows, size_t count)
{
	char now[TIME_ISO_LEN];
	json_t *res = NULL;
	struct unit_row *u;
	size_t from, to, i;

	time_iso(j->s->now, now);
	for (from = 0; from < count; from = to) {
		to = count - from > IMPORT_BATCH ? from + IMPORT_BATCH : count;
		if (svc_begin(j->s, j->e) < 0)
			return -1;
		for (i = from; i < to; i++) {
			u = &rows[i];
			if (db_exec(j->c, DB_UNIT_INSERT,
				(struct db_param[]){ DBP_TEXT(u->name), DBP_TEXT(u->unit_type),
				    DBP_TEXT(u->sector), DBP_INT(u->province),
				    u->regency ? DBP_INT(u->regency) : DBP_NULL,
				    DBP_INT(u->org_id),
				    u->parent_id ? DBP_INT(u->parent_id) : DBP_NULL,
				    DBP_TEXT(u->address ? u->address : ""),
				    DBP_TEXT(u->head_name ? u->head_name : ""),
				    DBP_TEXT(u->head_title ? u->head_title : ""),
				    DBP_TEXT(u->phone ? u->phone : ""),
				    DBP_TEXT(u->email ? u->email : ""), DBP_TEXT(now) },
				13, &res, j->e) < 0)
				goto fail;
			u->new_id = json_integer_value(
			    json_object_get(json_array_get(res, 0), "id"));
			json_decref(res);
			res = NULL;
		}
		if (link_parents(j, rows, from, to, now) < 0 ||
		    svc_audit_commit(j->s, "unit.import", "unit", 0,
			json_pack("{s:I, s:I, s:I, "
				  "s:I, s:s}",
			    "count", (json_int_t)(to - from), "first_line",
			    (json_int_t)rows[from].line, "last_line",
			    (json_int_t)rows[to - 1].line, "of", (json_int_t)count,
			    "sha256", j->r->sha256),
			j->e) < 0)
			goto fail;
		j->r->imported = to;
	}
	return 0;
fail:
	svc_rollback(j->s);
	return -1;
}

int
registry_import_units(struct svc *s, const char *data, size_t len,
    struct import_report *r, struct err *e)
{
	struct arena *a = s->arena;
	struct import_job j;
	struct csv_reader csv;
	struct csv_record rec;
	struct import_map orgs, regencies, seen, names;
	struct unit_row *rows = NULL, *tmp;
	const char *v[UNIT_COL_MAX];
	int64_t iv[UNIT_COL_MAX];
	struct import_map_entry *hit;
	size_t count = 0, cap = 0, i;
	bool cells_ok;
	int rc;

	import_job_start(&j, s, r, e, data, len);
	if (!import_open(&j, &csv, unit_cols, UNIT_COL_MAX, data, len)) {
		csv_free(&csv);
		return j.failed ? -1 : 0;
	}
	if (import_map_init(&orgs, a, 64) < 0 || import_map_init(&regencies, a, 64) < 0 ||
	    import_map_init(&seen, a, 1024) < 0 || import_map_init(&names, a, 1024) < 0) {
		csv_free(&csv);
		import_nomem(&j);
		return -1;
	}
	/* Pass one: every row on its own, read outside any transaction so
	 * that checking a large file holds no write lock. */
	while (import_next_row(&j, &csv, &rec)) {
		if ((tmp = import_room(&j, rows, &cap, count, sizeof(*rows))) == NULL)
			break;
		rows = tmp;
		memset(&rows[count], 0, sizeof(rows[count]));
		rows[count].line = rec.line;
		rows[count].parent_row = -1;
		if (rec.count > j.header_fields) {
			import_problem(&j, rec.line, NULL, NULL,
			    i18n_fill(a, import_msg(&j, "import.too_many_fields"),
				(long)rec.count));
			count++;
			continue;
		}
		cells_ok = import_read_cells(&j, &rec, v, iv);
		rows[count].address = v[COL_ADDRESS];
		rows[count].head_name = v[COL_HEAD_NAME];
		rows[count].head_title = v[COL_HEAD_TITLE];
		rows[count].phone = v[COL_PHONE];
		rows[count].email = v[COL_EMAIL];
		rows[count].parent = v[COL_PARENT];
		rows[count].ok = check_unit_row(&j, rows, count, v, iv, cells_ok, &orgs,
		    &regencies, &seen);
		/* Names of the file, for parents: -1 when several rows share one. */
		if (rows[count].ok) {
			hit = import_map_get(&names, rows[count].name);
			if (import_map_set(&names, a, rows[count].name,
				hit != NULL ? -1 : (int64_t)count) < 0)
				import_nomem(&j);
		}
		count++;
	}
	csv_free(&csv);
	/* Pass two: parents, once every name of the file is known. */
	for (i = 0; !j.failed && r->problems_total == 0 && i < count; i++)
		resolve_parent(&j, &rows[i], &seen, &names);
	if (!j.failed && r->problems_total == 0)
		check_cycles(&j, rows, count);
	if (j.failed || r->problems_total > 0) {
		free(rows);
		return j.failed ? -1 : 0;
	}
	rc = insert_units(&j, rows, count);
	free(rows);
	return rc;
}
