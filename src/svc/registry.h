/*
 * registry.h - the registry's services: registering organizations and
 * units (registry.c, units.c) and exporting the unit list (unit_export.c),
 * for the pages, the command line and the demo alike; and what they share
 * with the pages that read the registry: the caller's scope as statement
 * parameters, the unit list's filters, the names shown for codes and the
 * sentence of each registry problem. The CSV imports are
 * registry_import.h's.
 */
#ifndef P2HAM_SVC_REGISTRY_H
#define P2HAM_SVC_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/policy.h"
#include "core/registry.h"
#include "db/db.h"
#include "svc/svc.h"
#include "view/i18n.h"

#define REGISTRY_SCOPE_PARAMS 4  /* $1-$4 of the scoped statements */
#define REGISTRY_FILTER_PARAMS 6 /* $5-$10 of UNIT_LIST and its kin */

/*
 * The scope of principal p as the parameters $1-$4 of the registry's
 * scoped statements (db/stmts.h): national flag, then JSON arrays of
 * province codes, organization ids and unit ids, in arena a. -1 when out
 * of memory.
 */
int registry_scope_params(const struct principal *p, struct arena *a,
    struct db_param out[REGISTRY_SCOPE_PARAMS]);

/* The unit list's filters; each absent one (0 or NULL) matches any unit. */
struct unit_filter {
	int64_t organization;  /* organization id */
	int province;          /* province code */
	const char *unit_type; /* unit type code */
	const char *sector;    /* sector as typed; compared normalised */
	const char *q;         /* part of the name, any case */
	int regency;           /* regency code */
};

/* The filters as the parameters $5-$10 of UNIT_LIST, UNIT_COUNT and
 * UNIT_EXPORT, texts in a. -1 when out of memory. */
int registry_filter_params(const struct unit_filter *f, struct arena *a,
    struct db_param out[REGISTRY_FILTER_PARAMS]);

/* A LIKE pattern matching text anywhere, lowercased (ASCII), with % _ \
 * escaped for ESCAPE '\'; NULL when text is empty or out of memory. */
char *registry_like(struct arena *a, const char *text);

/* Add the names of a unit or organization row's codes for display:
 * province_name, tz, unit_type_name, kind_name (in language l), is_active;
 * empty optional texts become null. */
void registry_decorate(enum lang l, json_t *row);

/* The catalog message of a problem in language l; the problem's code
 * when the catalog lacks it (or none is loaded). Static memory. */
const char *registry_problem_text(enum lang l, enum registry_problem p);

/* Record problem rp on field, in the actor's language. */
void registry_flag(struct svc *s, struct svc_problems *pr, const char *field,
    enum registry_problem rp);

/*
 * Check regency (as typed, may be empty) against province: its format and
 * that it is loaded. *code receives it (0: none); problems go on
 * "regency_code". -1 only when the database failed.
 */
int registry_regency_check(struct svc *s, const char *regency, int province, int *code,
    struct svc_problems *pr, struct err *e);

/* An organization as a form or the demo gives it. */
struct org_input {
	enum org_kind kind;  /* ORG_KIND_MAX when the form's was refused */
	const char *name;    /* squeezed (registry_squeeze) when stored */
	int province;        /* 0: national */
	const char *regency; /* as typed, "7571" or "75.71"; NULL or "": none */
	bool active;         /* updates only; a new one is active */
};

/*
 * Register in when *id is 0 (policy: ACT_CREATE at its place; *id receives
 * the new id), else change organization *id to in (ACT_EDIT where it is
 * and where it goes), in a transaction of its own with its audit entry.
 * -1 with e: a refusal (ERR_INVALID) with each field's problem in pr, or
 * 404/403 or a database error.
 */
int registry_org_save(struct svc *s, int64_t *id, const struct org_input *in,
    struct svc_problems *pr, struct err *e);
/*
 * The problems of in's fields, each taken on its own, for organization id
 * (0: a new one), into pr, writing nothing: for a form whose other fields
 * failed their validators, shown again with every problem at once. -1
 * with e when the actor may not edit id, or the database failed.
 */
int registry_org_check(struct svc *s, int64_t id, const struct org_input *in,
    struct svc_problems *pr, struct err *e);

/* A unit as a form or the demo gives it. Texts "" when absent. */
struct unit_input {
	const char *name;      /* squeezed when stored */
	const char *unit_type; /* unit type code */
	const char *sector;    /* normalised when stored */
	int province;          /* province code; 0 when refused */
	const char *regency;   /* as typed; NULL or "": none */
	int64_t org_id;        /* owning organization; 0 when refused */
	int64_t parent_id;     /* parent unit, 0: none */
	const char *address, *head_name, *head_title, *phone, *email;
	bool active; /* updates only */
};

/* Register a unit or change unit *id, as registry_org_save. A changed
 * unit's present organization and parent may stay even when since
 * deactivated or out of the actor's view. */
int registry_unit_save(struct svc *s, int64_t *id, const struct unit_input *in,
    struct svc_problems *pr, struct err *e);
/* The problems of in's fields one by one, as registry_org_check. */
int registry_unit_check(struct svc *s, int64_t id, const struct unit_input *in,
    struct svc_problems *pr, struct err *e);

/* clang-format off */
enum unit_export_format {
	UNIT_EXPORT_CSV,
	UNIT_EXPORT_XLSX,
	UNIT_EXPORT_FORMAT_MAX
};
/* clang-format on */

/* An export workbook: an open temporary file (already unlinked) of len
 * bytes, read from offset 0; the caller closes fd. */
struct unit_export {
	int fd;
	uint64_t len;
	const char *content_type; /* static */
	const char *filename;     /* static: "unit.xlsx" */
};

/*
 * The units the actor sees that f matches, every column, as an XLSX
 * workbook with headings in s->lang, however many: read in batches by id,
 * written with libxlsxwriter's constant memory into a temporary file under
 * DATA_DIR/tmp. -1 with e on a database or file failure.
 */
int registry_units_xlsx(struct svc *s, const struct unit_filter *f,
    struct unit_export *out, struct err *e);

/* The same units as CSV made while it is sent: a cursor over them. */
struct unit_csv;

/* The cursor of the actor's units that f matches; it keeps its own copy
 * of the scope and filters. NULL with e. */
struct unit_csv *
registry_units_csv_open(struct svc *s, const struct unit_filter *f, struct err *e);

/* Append the next part of the CSV (the heading with the first batch) to
 * out, read on c (the calling thread's connection); nothing appended at
 * the end. -1 with e. */
int registry_units_csv_next(struct unit_csv *k, struct db_conn *c, struct buf *out,
    struct err *e);
void registry_units_csv_free(struct unit_csv *k);

#endif
