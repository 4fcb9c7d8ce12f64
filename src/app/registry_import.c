/*
 * registry_import.c - the CSV imports of the registry (registry_import.h).
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

#include <sodium.h>

#include "app/audit.h"
#include "app/registry.h"
#include "app/registry_import.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/csv.h"
#include "core/region.h"
#include "core/registry.h"
#include "core/unit_type.h"
#include "http/validate.h"

#define VALUE_SHOWN	60	/* bytes of a cell quoted in a report */
#define MAX_FIELDS	64	/* fields per record */
#define MAX_FIELD_LEN	4096	/* bytes per field */

/* The columns of a unit file. */
enum unit_col {
	COL_NAME,
	COL_UNIT_TYPE,
	COL_SECTOR,
	COL_PROVINCE,
	COL_REGENCY,
	COL_ORGANIZATION,
	COL_PARENT,
	COL_ADDRESS,
	COL_HEAD_NAME,
	COL_HEAD_TITLE,
	COL_PHONE,
	COL_EMAIL,
	UNIT_COL_MAX
};

/* The columns of a regency file. */
enum regency_col {
	RCOL_CODE,
	RCOL_NAME,
	RCOL_KIND,
	REGENCY_COL_MAX
};

/* A column: its header name, whether the file must have it, and the
 * validator of its cells (the unit form's, where there is one). */
struct column {
	const char *name;
	bool required;
	struct param_spec spec;
};

#define COLUMN(n, req, type, must, min, max) \
	{ n, req, { n, PARAM_FORM, type, must, min, max, NULL } }

static const struct column unit_cols[UNIT_COL_MAX] = {
	[COL_NAME] = COLUMN("name", true, PT_TEXT, true, 2, 200),
	[COL_UNIT_TYPE] = COLUMN("unit_type", true, PT_TEXT, true, 0, 40),
	[COL_SECTOR] = COLUMN("sector", true, PT_TEXT, true, 0, 60),
	[COL_PROVINCE] = COLUMN("province_code", true, PT_INT, true, 11, 99),
	[COL_REGENCY] = COLUMN("regency_code", false, PT_TEXT, false, 0, 10),
	[COL_ORGANIZATION] = COLUMN("organization", true, PT_TEXT, true, 0, 200),
	[COL_PARENT] = COLUMN("parent", false, PT_TEXT, false, 0, 200),
	[COL_ADDRESS] = COLUMN("address", false, PT_MULTILINE, false, 0, 500),
	[COL_HEAD_NAME] = COLUMN("head_name", false, PT_TEXT, false, 0, 200),
	[COL_HEAD_TITLE] = COLUMN("head_title", false, PT_TEXT, false, 0, 200),
	[COL_PHONE] = COLUMN("phone", false, PT_TEXT, false, 0, 30),
	[COL_EMAIL] = COLUMN("email", false, PT_EMAIL, false, 0, 0),
};

/* A string-keyed table in the arena (open addressing, never shrinks). */
struct strmap_entry {
	const char *key;	/* NULL: empty slot */
	int64_t val;
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap;		/* a power of two */
	size_t count;
};

/* A resolved organization, cached by the text of its cell. */
struct org_info {
	enum registry_problem problem;	/* RP_OK when usable */
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
	int64_t parent_id;	/* an existing unit, 0: none */
	long parent_row;	/* a row of the file, -1: none */
	int64_t new_id;		/* after insert */
	unsigned char mark;	/* cycle search: 0 new, 1 on the path, 2 fine */
	bool ok;		/* no problem found in pass one */
};

/* One import's state. */
struct job {
	struct db_conn *c;
	const struct import_who *who;
	enum lang l;
	struct arena *a;
	struct import_report *r;
	struct err *e;
	const struct column *cols;	/* the file kind's columns */
	int ncols;
	int at[UNIT_COL_MAX];		/* each column's field index, -1 absent */
	size_t header_fields;		/* fields of the header record */
	bool failed;			/* the database or memory failed: e set */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int
strmap_init(struct strmap *m, struct arena *a, size_t cap)
{
	m->cap = 64;
	while (m->cap < cap)
		m->cap *= 2;
	m->count = 0;
	m->slots = arena_alloc(a, m->cap * sizeof(*m->slots));
	return m->slots != NULL ? 0 : -1;
}

/* The slot of key: its entry, or the empty slot where it would go. */
static struct strmap_entry *
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* The entry of key, or NULL. */
static struct strmap_entry *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_entry *s = strmap_slot(m, key);

	return s->key != NULL ? s : NULL;
}

/* Set key (copied when new) to val, growing the table when half full;
 * -1 when out of memory. */
static int
strmap_set(struct strmap *m, struct arena *a, const char *key, int64_t val)
{
	struct strmap_entry *s, *old = m->slots;
	size_t i, cap = m->cap;

	if ((s = strmap_get(m, key)) != NULL) {
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
				*strmap_slot(m, old[i].key) = old[i];
	}
	s = strmap_slot(m, key);
	if ((s->key = arena_strdup(a, key)) == NULL)
		return -1;
	s->val = val;
	m->count++;
	return 0;
}

static const char *
msg(struct job *j, const char *key)
{
	return i18n_get(j->l, key);
}

/* A cell's text shortened for a report, cut at a character boundary. */
static const char *
shown(struct job *j, const char *v, size_t len)
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

static void
problem(struct job *j, size_t line, const char *column, const char *value,
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
		err_set(j->e, 413, "too_large", "out of memory for the report");
		return;
	}
	p = &r->problems[r->problem_count++];
	p->line = line;
	p->column = column;
	p->value = value != NULL ? shown(j, value, strlen(value)) : NULL;
	p->message = message != NULL ? message : "";
}

static void
problem_rp(struct job *j, size_t line, const char *column, const char *value,
    enum registry_problem rp)
{
	problem(j, line, column, value, registry_problem_text(j->l, rp));
}

static bool
nomem(struct job *j)
{
	j->failed = true;
	err_set(j->e, 413, "too_large", "the import needs more memory than allowed");
	return false;
}

/*
 * The whole file: not empty, UTF-8 (with a line number and a hint when
 * not). False after reporting the problem.
 */
static bool
check_text(struct job *j, const char *data, size_t len)
{
	size_t start = 0, end, line = 1;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	if (len >= 2 && ((unsigned char)data[0] == 0xff || (unsigned char)data[0] == 0xfe) &&
	    ((unsigned char)data[1] == 0xff || (unsigned char)data[1] == 0xfe)) {
		problem(j, 0, NULL, NULL, msg(j, "import.utf16"));
		return false;
	}
	for (end = start; end < len && strchr(" \t\r\n", data[end]) != NULL; end++)
		;
	if (end == len) {
		problem(j, 0, NULL, NULL, msg(j, "import.empty"));
		return false;
	}
	/* Line by line, to say where the first offending byte is. */
	for (; start < len; start = end + 1, line++) {
		const char *nl = memchr(data + start, '\n', len - start);

		end = nl != NULL ? (size_t)(nl - data) : len;
		if (!utf8_valid(data + start, end - start)) {
			problem(j, line, NULL, NULL, msg(j, "import.not_utf8"));
			return false;
		}
	}
	return true;
}

/* Map the header record onto j->cols; false after reporting problems. */
static bool
read_header(struct job *j, const struct csv_record *rec)
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
			problem(j, rec->line, NULL, rec->fields[i].p, msg(j, "import.header_unknown"));
			ok = false;
		} else if (j->at[c] >= 0) {
			problem(j, rec->line, j->cols[c].name, NULL, msg(j, "import.header_duplicate"));
			ok = false;
		} else
			j->at[c] = (int)i;
	}
	for (c = 0; c < j->ncols; c++)
		if (j->cols[c].required && j->at[c] < 0) {
			problem(j, rec->line, j->cols[c].name, NULL, msg(j, "import.header_missing"));
			ok = false;
		}
	return ok;
}

/*
 * Validate the cells of a data record into vals (NULL for an absent
 * column, the validator's trimmed copy otherwise). False after reporting.
 */
static bool
read_cells(struct job *j, const struct csv_record *rec, const char **vals,
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
		problem(j, rec->line, NULL, NULL, i18n_fill(j->a,
		    msg(j, "import.too_many_fields"), (long)rec->count));
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
			problem(j, rec->line, j->cols[c].name, len > 0 ? cell : NULL, msg(j, key));
			ok = false;
			continue;
		}
		vals[c] = pv.text;
		ints[c] = pv.i;
	}
	return ok;
}

/* The organization a cell names (an id or an exact name), cached. */
static const struct org_info *
org_lookup(struct job *j, struct strmap *cache, const char *cell)
{
	struct strmap_entry *s = strmap_get(cache, cell);
	struct org_info *o;
	json_t *rows = NULL, *row;
	int64_t id;

	if (s != NULL)
		return (const struct org_info *)(intptr_t)s->val;
	if ((o = arena_alloc(j->a, sizeof(*o))) == NULL) {
		nomem(j);
		return NULL;
	}
	if (str_to_i64(cell, strlen(cell), 1, INT64_MAX, &id) == 0) {
		if (db_exec(j->c, DB_ORG_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows,
		    j->e) < 0)
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
		o->problem = json_integer_value(json_object_get(row, "active")) ? RP_OK :
		    RP_ORG_INACTIVE;
	}
	json_decref(rows);
	if (strmap_set(cache, j->a, cell, (int64_t)(intptr_t)o) < 0) {
		nomem(j);
		return NULL;
	}
	return o;
fail:
	j->failed = true;
	return NULL;
}

/* Is regency code loaded? Cached. -1 when the database failed. */
static int
regency_known(struct job *j, struct strmap *cache, int code)
{
	struct strmap_entry *s;
	json_t *rows = NULL;
	char key[16];
	int known;

	snprintf(key, sizeof(key), "%d", code);
	if ((s = strmap_get(cache, key)) != NULL)
		return (int)s->val;
	if (db_exec(j->c, DB_REGENCY_GET, (struct db_param[]){ DBP_INT(code) }, 1, &rows,
	    j->e) < 0) {
		j->failed = true;
		return -1;
	}
	known = json_array_size(rows) > 0;
	json_decref(rows);
	if (strmap_set(cache, j->a, key, known) < 0) {
		nomem(j);
		return -1;
	}
	return known;
}

/* The key of a unit within its organization: "<org id> <name>". */
static const char *
unit_key(struct job *j, int64_t org, const char *name)
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

/* Pass one for a data row with valid cells: codes, organization, place,
 * right, duplicates. Fills row; false after reporting. */
static bool
check_unit_row(struct job *j, struct unit_row *rows, size_t idx, const char **v,
    const int64_t *iv, bool cells_ok, struct strmap *orgs, struct strmap *regencies,
    struct strmap *seen)
{
	struct unit_row *row = &rows[idx];
	const struct org_info *o;
	enum registry_problem rp;
	struct strmap_entry *s;
	struct object_ref ref;
	json_t *res = NULL;
	char *type, *sector, *name;
	const char *key;
	size_t i, n;
	bool ok = true;
	int known;

	/* A cell its validator refused is NULL here: check the others, so
	 * that the report lists every problem of the row at once. */
	row->province = (int)iv[COL_PROVINCE];
	if ((sector = arena_alloc(j->a, 64)) == NULL)
		return nomem(j);
	row->sector = sector;
	if (v[COL_NAME] != NULL) {
		if ((name = arena_strdup(j->a, v[COL_NAME])) == NULL)
			return nomem(j);
		registry_squeeze(name);
		row->name = name;
	} else
		ok = false;
	if (v[COL_UNIT_TYPE] != NULL) {
		if ((type = arena_strdup(j->a, v[COL_UNIT_TYPE])) == NULL)
			return nomem(j);
		for (i = 0, n = strlen(type); i < n; i++)
			type[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ?
			    type[i] - 'A' + 'a' : type[i]);
		row->unit_type = type;
		if (unit_type_find(type) == NULL) {
			problem_rp(j, row->line, "unit_type", v[COL_UNIT_TYPE],
			    RP_UNIT_TYPE_UNKNOWN);
			ok = false;
		}
	} else
		ok = false;
	if (v[COL_SECTOR] != NULL &&
	    registry_sector_normalize(v[COL_SECTOR], sector, 64) != RP_OK) {
		problem_rp(j, row->line, "sector", v[COL_SECTOR], RP_SECTOR_FORMAT);
		ok = false;
	}
	if (v[COL_PROVINCE] != NULL && province_find(row->province) == NULL) {
		problem_rp(j, row->line, "province_code", v[COL_PROVINCE], RP_PROVINCE_UNKNOWN);
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
			problem_rp(j, row->line, "regency_code", v[COL_REGENCY], rp);
			ok = false;
		}
	}
	if (v[COL_PHONE] != NULL && registry_phone_check(v[COL_PHONE]) != RP_OK) {
		problem_rp(j, row->line, "phone", v[COL_PHONE], RP_PHONE_FORMAT);
		ok = false;
	}
	if (v[COL_ORGANIZATION] == NULL)
		return false;
	if ((o = org_lookup(j, orgs, v[COL_ORGANIZATION])) == NULL)
		return false;
	if (o->problem != RP_OK) {
		problem_rp(j, row->line, "organization", v[COL_ORGANIZATION], o->problem);
		return false;
	}
	row->org_id = o->id;
	if (!ok || !cells_ok)
		return false;
	rp = registry_unit_place_check(row->unit_type, row->province, row->regency, o->kind,
	    o->province, o->regency);
	if (rp != RP_OK) {
		problem_rp(j, row->line, place_column(rp), NULL, rp);
		return false;
	}
	ref = registry_unit_ref(0, row->province, row->org_id);
	if (j->who->principal != NULL &&
	    policy_check(j->who->principal, ACT_CREATE, &ref) != POLICY_ALLOW) {
		problem_rp(j, row->line, "province_code", v[COL_PROVINCE], RP_OUTSIDE_SCOPE);
		return false;
	}
	/* Duplicates: an earlier line, then the database. */
	if ((key = unit_key(j, row->org_id, row->name)) == NULL)
		return nomem(j);
	if ((s = strmap_get(seen, key)) != NULL) {
		problem(j, row->line, "name", row->name, i18n_fill(j->a,
		    registry_problem_text(j->l, RP_DUPLICATE_IN_FILE),
		    (long)rows[s->val].line));
		return false;
	}
	if (strmap_set(seen, j->a, key, (int64_t)idx) < 0)
		return nomem(j);
	if (db_exec(j->c, DB_UNIT_BY_ORG_NAME, (struct db_param[]){ DBP_INT(row->org_id),
	    DBP_TEXT(row->name) }, 2, &res, j->e) < 0) {
		j->failed = true;
		return false;
	}
	n = json_array_size(res);
	json_decref(res);
	if (n > 0) {
		problem_rp(j, row->line, "name", row->name, RP_DUPLICATE);
		return false;
	}
	return true;
}

/* May the importer see the existing unit described by row r (UNIT_PLACE
 * or UNIT_BY_NAME)? */
static bool
may_see(struct job *j, json_t *r)
{
	struct object_ref ref;

	if (j->who->principal == NULL)
		return true;
	ref = registry_unit_ref(json_integer_value(json_object_get(r, "id")),
	    (int)json_integer_value(json_object_get(r, "province_code")),
	    json_integer_value(json_object_get(r, "organization_id")));
	return policy_check(j->who->principal, ACT_VIEW, &ref) == POLICY_ALLOW;
}

/*
 * Pass two for one row: its parent, by id (an existing unit) or by exact
 * name (a row of the file, preferring the row's own organization, then an
 * existing unit, likewise). False after reporting.
 */
static bool
resolve_parent(struct job *j, struct unit_row *row, struct strmap *seen,
    struct strmap *names)
{
	struct strmap_entry *s;
	json_t *res = NULL, *r, *pick = NULL;
	const char *key;
	int64_t id;
	size_t i, same = 0, all = 0;
	bool ok;

	row->parent_row = -1;
	if (row->parent == NULL || row->parent[0] == '\0')
		return true;
	if (str_to_i64(row->parent, strlen(row->parent), 1, INT64_MAX, &id) == 0) {
		if (db_exec(j->c, DB_UNIT_PLACE, (struct db_param[]){ DBP_INT(id) }, 1, &res,
		    j->e) < 0) {
			j->failed = true;
			return false;
		}
		r = json_array_get(res, 0);
		ok = r != NULL && may_see(j, r);
		json_decref(res);
		if (!ok)
			problem_rp(j, row->line, "parent", row->parent, RP_PARENT_UNKNOWN);
		row->parent_id = ok ? id : 0;
		return ok;
	}
	/* A row of this file, in the same organization first. */
	if ((key = unit_key(j, row->org_id, row->parent)) == NULL)
		return nomem(j);
	if ((s = strmap_get(seen, key)) != NULL) {
		row->parent_row = (long)s->val;
		return true;
	}
	if ((s = strmap_get(names, row->parent)) != NULL) {
		if (s->val < 0) {
			problem_rp(j, row->line, "parent", row->parent, RP_PARENT_AMBIGUOUS);
			return false;
		}
		row->parent_row = (long)s->val;
		return true;
	}
	/* An existing unit the importer can see. */
	if (db_exec(j->c, DB_UNIT_BY_NAME, (struct db_param[]){ DBP_TEXT(row->parent) }, 1,
	    &res, j->e) < 0) {
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
		problem_rp(j, row->line, "parent", row->parent, RP_PARENT_AMBIGUOUS);
		return false;
	}
	if (pick == NULL) {
		json_decref(res);
		problem_rp(j, row->line, "parent", row->parent, RP_PARENT_UNKNOWN);
		return false;
	}
	row->parent_id = json_integer_value(json_object_get(pick, "id"));
	json_decref(res);
	return true;
}

/* Refuse parent links among the file's rows that go round in a circle. */
static void
check_cycles(struct job *j, struct unit_row *rows, size_t count)
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
			problem_rp(j, rows[k].line, "parent", rows[k].parent, RP_PARENT_CYCLE);
		for (k = (long)i; k >= 0 && rows[k].mark == 1; k = rows[k].parent_row)
			rows[k].mark = 2;
	}
}

/* Write the checked rows and their audit entry; -1 with j->e. */
static int
insert_units(struct job *j, struct unit_row *rows, size_t count)
{
	char now[TIME_ISO_LEN];
	json_t *res = NULL, *summary;
	struct unit_row *u;
	size_t i;
	int rc;

	time_iso(time(NULL), now);
	for (i = 0; i < count; i++) {
		u = &rows[i];
		if (db_exec(j->c, DB_UNIT_INSERT, (struct db_param[]){ DBP_TEXT(u->name),
		    DBP_TEXT(u->unit_type), DBP_TEXT(u->sector), DBP_INT(u->province),
		    u->regency ? DBP_INT(u->regency) : DBP_NULL, DBP_INT(u->org_id),
		    u->parent_id ? DBP_INT(u->parent_id) : DBP_NULL,
		    DBP_TEXT(u->address ? u->address : ""),
		    DBP_TEXT(u->head_name ? u->head_name : ""),
		    DBP_TEXT(u->head_title ? u->head_title : ""),
		    DBP_TEXT(u->phone ? u->phone : ""), DBP_TEXT(u->email ? u->email : ""),
		    DBP_TEXT(now) }, 13, &res, j->e) < 0)
			return -1;
		u->new_id = json_integer_value(json_object_get(json_array_get(res, 0), "id"));
		json_decref(res);
		res = NULL;
	}
	for (i = 0; i < count; i++)
		if (rows[i].parent_row >= 0 && db_exec(j->c, DB_UNIT_SET_PARENT,
		    (struct db_param[]){ DBP_INT(rows[i].new_id),
		    DBP_INT(rows[rows[i].parent_row].new_id), DBP_TEXT(now) }, 3, NULL,
		    j->e) < 0)
			return -1;
	summary = json_pack("{s:I, s:s}", "count", (json_int_t)count, "sha256", j->r->sha256);
	rc = audit_append(j->c, &(struct audit_entry){ .actor_id = j->who->actor_id,
	    .actor = j->who->actor, .action = "unit.import", .object_type = "unit",
	    .summary = summary, .request_id = j->who->request_id }, j->e);
	json_decref(summary);
	return rc;
}

static void
job_start(struct job *j, struct db_conn *c, const struct import_who *who, enum lang l,
    struct arena *a, struct import_report *r, struct err *e, const char *data, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	memset(j, 0, sizeof(*j));
	memset(r, 0, sizeof(*r));
	j->c = c;
	j->who = who;
	j->l = l;
	j->a = a;
	j->r = r;
	j->e = e;
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	hex_encode(r->sha256, h, sizeof(h));
	r->sep = csv_sniff_separator(data, len);
}

/* Report a CSV syntax error of the reader. */
static void
csv_problem(struct job *j, const struct csv_reader *csv)
{
	char key[64];

	snprintf(key, sizeof(key), "import.csv.%s", csv_error_code(csv->error));
	problem(j, csv->error_line, NULL, NULL, msg(j, key));
}

/* The first non-blank record, as the header; false after reporting. */
static bool
header(struct job *j, struct csv_reader *csv)
{
	struct csv_record rec;
	int rc;

	while ((rc = csv_next(csv, &rec)) == 1 && csv_record_blank(&rec))
		;
	if (rc < 0) {
		csv_problem(j, csv);
		return false;
	}
	if (rc == 0) {
		problem(j, 0, NULL, NULL, msg(j, "import.empty"));
		return false;
	}
	return read_header(j, &rec);
}

int
registry_import_units(struct db_conn *c, const char *data, size_t len,
    const struct import_who *who, enum lang l, struct arena *a,
    struct import_report *r, struct err *e)
{
	struct job j;
	struct csv_reader csv;
	struct csv_record rec;
	struct strmap orgs, regencies, seen, names;
	struct unit_row *rows = NULL, *tmp;
	const char *v[UNIT_COL_MAX];
	int64_t iv[UNIT_COL_MAX];
	struct strmap_entry *s;
	size_t count = 0, cap = 0, i;
	bool cells_ok;
	int rc;

	job_start(&j, c, who, l, a, r, e, data, len);
	j.cols = unit_cols;
	j.ncols = UNIT_COL_MAX;
	csv_init(&csv, data, len, r->sep, MAX_FIELDS, MAX_FIELD_LEN);
	if (!check_text(&j, data, len) || !header(&j, &csv)) {
		csv_free(&csv);
		return j.failed ? -1 : 0;
	}
	if (strmap_init(&orgs, a, 64) < 0 || strmap_init(&regencies, a, 64) < 0 ||
	    strmap_init(&seen, a, 1024) < 0 || strmap_init(&names, a, 1024) < 0) {
		csv_free(&csv);
		nomem(&j);
		return -1;
	}
	if (db_begin(c, e) < 0) {
		csv_free(&csv);
		return -1;
	}
	/* Pass one: every row on its own. */
	while (!j.failed && (rc = csv_next(&csv, &rec)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		if (++r->rows > IMPORT_ROWS_MAX) {
			problem(&j, rec.line, NULL, NULL, i18n_fill(a,
			    msg(&j, "import.too_many_rows"), IMPORT_ROWS_MAX));
			break;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			if ((tmp = realloc(rows, cap * sizeof(*rows))) == NULL) {
				nomem(&j);
				break;
			}
			rows = tmp;
		}
		memset(&rows[count], 0, sizeof(rows[count]));
		rows[count].line = rec.line;
		rows[count].parent_row = -1;
		if (rec.count > j.header_fields) {
			problem(&j, rec.line, NULL, NULL, i18n_fill(a,
			    msg(&j, "import.too_many_fields"), (long)rec.count));
			count++;
			continue;
		}
		cells_ok = read_cells(&j, &rec, v, iv);
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
			s = strmap_get(&names, rows[count].name);
			if (strmap_set(&names, a, rows[count].name, s != NULL ? -1 :
			    (int64_t)count) < 0)
				nomem(&j);
		}
		count++;
	}
	if (!j.failed && csv.error != CSV_OK)
		csv_problem(&j, &csv);
	csv_free(&csv);
	/* Pass two: parents, once every name of the file is known. */
	for (i = 0; !j.failed && r->problems_total == 0 && i < count; i++)
		resolve_parent(&j, &rows[i], &seen, &names);
	if (!j.failed && r->problems_total == 0)
		check_cycles(&j, rows, count);
	if (j.failed || r->problems_total > 0) {
		db_rollback(c);
		free(rows);
		return j.failed ? -1 : 0;
	}
	if (insert_units(&j, rows, count) < 0 || db_commit(c, e) < 0) {
		db_rollback(c);
		free(rows);
		return -1;
	}
	r->imported = count;
	free(rows);
	return 0;
}

int
registry_import_regencies(struct db_conn *c, const char *data, size_t len,
    const struct import_who *who, enum lang l, struct arena *a,
    struct import_report *r, struct err *e)
{
	static const struct column cols[REGENCY_COL_MAX] = {
		[RCOL_CODE] = COLUMN("code", true, PT_TEXT, true, 0, 10),
		[RCOL_NAME] = COLUMN("name", true, PT_TEXT, true, 2, 200),
		[RCOL_KIND] = { "kind", false, { "kind", PARAM_FORM, PT_ENUM, false, 0, 0,
		    "kabupaten|kota" } },
	};
	struct job j;
	struct csv_reader csv;
	struct csv_record rec;
	struct strmap seen;
	struct strmap_entry *s;
	const char *v[UNIT_COL_MAX];
	int64_t iv[UNIT_COL_MAX];
	struct { int code; const char *name, *kind; } *rows = NULL, *tmp;
	size_t count = 0, cap = 0, i;
	char key[16];
	json_t *summary;
	enum registry_problem rp;
	int code, rc;

	job_start(&j, c, who, l, a, r, e, data, len);
	j.cols = cols;
	j.ncols = REGENCY_COL_MAX;
	csv_init(&csv, data, len, r->sep, MAX_FIELDS, MAX_FIELD_LEN);
	if (!check_text(&j, data, len) || !header(&j, &csv)) {
		csv_free(&csv);
		return j.failed ? -1 : 0;
	}
	if (strmap_init(&seen, a, 1024) < 0) {
		csv_free(&csv);
		nomem(&j);
		return -1;
	}
	while (!j.failed && (rc = csv_next(&csv, &rec)) == 1) {
		if (csv_record_blank(&rec))
			continue;
		if (++r->rows > IMPORT_ROWS_MAX) {
			problem(&j, rec.line, NULL, NULL, i18n_fill(a,
			    msg(&j, "import.too_many_rows"), IMPORT_ROWS_MAX));
			break;
		}
		if (!read_cells(&j, &rec, v, iv))
			continue;
		if ((rp = registry_regency_parse(v[RCOL_CODE], 0, &code)) != RP_OK) {
			problem_rp(&j, rec.line, "code", v[RCOL_CODE], rp);
			continue;
		}
		snprintf(key, sizeof(key), "%d", code);
		if ((s = strmap_get(&seen, key)) != NULL) {
			problem(&j, rec.line, "code", v[RCOL_CODE], i18n_fill(a,
			    registry_problem_text(l, RP_DUPLICATE_IN_FILE), (long)s->val));
			continue;
		}
		if (strmap_set(&seen, a, key, (int64_t)rec.line) < 0) {
			nomem(&j);
			break;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			if ((tmp = realloc(rows, cap * sizeof(*rows))) == NULL) {
				nomem(&j);
				break;
			}
			rows = tmp;
		}
		rows[count].code = code;
		rows[count].name = v[RCOL_NAME];
		rows[count].kind = v[RCOL_KIND] != NULL && v[RCOL_KIND][0] != '\0' ?
		    v[RCOL_KIND] : registry_regency_kind(code);
		count++;
	}
	if (!j.failed && csv.error != CSV_OK)
		csv_problem(&j, &csv);
	csv_free(&csv);
	if (j.failed || r->problems_total > 0) {
		free(rows);
		return j.failed ? -1 : 0;
	}
	if (db_begin(c, e) < 0)
		goto fail;
	for (i = 0; i < count; i++)
		if (db_exec(c, DB_REGENCY_PUT, (struct db_param[]){ DBP_INT(rows[i].code),
		    DBP_INT(rows[i].code / 100), DBP_TEXT(rows[i].name), DBP_TEXT(rows[i].kind) },
		    4, NULL, e) < 0)
			goto fail;
	summary = json_pack("{s:I, s:s}", "count", (json_int_t)count, "sha256", r->sha256);
	rc = audit_append(c, &(struct audit_entry){ .actor_id = who->actor_id,
	    .actor = who->actor, .action = "regency.import", .object_type = "regency",
	    .summary = summary, .request_id = who->request_id }, e);
	json_decref(summary);
	if (rc < 0 || db_commit(c, e) < 0)
		goto fail;
	r->imported = count;
	free(rows);
	return 0;
fail:
	db_rollback(c);
	free(rows);
	return -1;
}
