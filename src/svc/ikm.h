/*
 * ikm.h - the satisfaction index (IKM) of units, read from the survey's
 * counters and computed by core/ikm.h: a unit's index over a period or a
 * year (the public page, the report), the dashboards per province, unit
 * type and unit over what the caller may see, the report and the posters
 * as PDFs (ikm_docs.c), the anonymised answers as CSV or XLSX
 * (ikm_export.c) and the grade that feeds an assessment's ikm_grade
 * adjustment. No page ever reads the answers; the export streams them.
 * docs/ikm.md describes it.
 */
#ifndef P2HAM_SVC_IKM_H
#define P2HAM_SVC_IKM_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/ikm.h"
#include "svc/svc.h"

#define IKM_ELEMENT_COUNT 9 /* the regulation's elements U1..U9 */
#define IKM_PERIOD_LEN 8    /* a period code or year, with its NUL */

/* The element codes of the index in the survey's instruments and counters
 * ("u1".."u9"), and as the regulation prints them ("U1".."U9"), in its
 * order. */
extern const char *const ikm_element_codes[IKM_ELEMENT_COUNT];
extern const char *const ikm_element_labels[IKM_ELEMENT_COUNT];

/* A unit's index over a period (or a year's periods). Strings in s's arena. */
struct ikm_unit {
	int64_t id;
	const char *name;
	const char *unit_type;      /* code */
	const char *unit_type_name; /* in s's language */
	int province;               /* code */
	const char *province_name;
	int64_t organization_id;
	char period[IKM_PERIOD_LEN]; /* as asked: "2026-1", or "2026" */
	const char *last_at;         /* the newest answer counted, or NULL */
	struct ikm_result r;
	uint64_t users;      /* yearly service users the unit entered, 0 unknown */
	uint64_t sample_min; /* Krejcie & Morgan for users, 0 unknown */
	bool sample_enough;
};

/*
 * Whether text is a period code or a year the pages accept (as
 * survey_period_parse reads them): "YYYY",
 * "YYYY-1", "YYYY-2", "YYYY-Qn", "YYYY-MM".
 */
bool ikm_period_valid(const char *text);

/*
 * Load unit_id's index over period (a period code or a year; NULL or "":
 * the unit's newest period with answers, or the current year when it has
 * none) into u. Public: any active unit (404 for none). -1 with e.
 */
int ikm_unit_load(struct svc *s, int64_t unit_id, const char *period, struct ikm_unit *u,
    struct err *e);

/*
 * u as a view model: the unit, the period, respondents, the index, IKM and
 * grade as printed, the sample, and per element its name, NRR, weighted
 * NRR and the geometry of its bar (an SVG drawn by the template), plus the
 * periods the unit has answers in as choices. NULL when out of memory.
 */
json_t *ikm_unit_json(struct svc *s, const struct ikm_unit *u);

/*
 * The dashboard over what s's actor may see, its scope given as the
 * registry's parameters prm[0..3]: for period, the index per province and
 * per unit type and, when province is not 0, per unit of that province.
 * *out: {"provinces": [...], "types": [...], "units": [...]}, each row
 * {key, name, units, respondents, ikm_text, grade, ...}. -1 with e.
 */
int ikm_dashboard(struct svc *s, const struct db_param *prm, const char *period,
    int province, json_t **out, struct err *e);

/* The periods anyone answered in, newest first, as {"period"} rows. */
int ikm_periods_all(struct svc *s, json_t **out, struct err *e);

/* A number with decimals digits and the language's decimal mark, in s's
 * arena. */
const char *ikm_number(struct svc *s, double v, int decimals);

/* The grade's word in s's language ("Baik"), "" for none. */
const char *ikm_grade_label(struct svc *s, enum ikm_grade g);

/* ikm_docs.c: the regulation's report of u (table of NRR per element,
 * IKM and grade), appended to out. -1 with e. */
int ikm_report_pdf(struct svc *s, const struct ikm_unit *u, struct buf *out, struct err *e);

/* The poster of unit_id (public: any active unit, 404 for none),
 * appended to out. -1 with e. */
int ikm_poster_pdf(struct svc *s, int64_t unit_id, struct buf *out, struct err *e);

/* The posters of every active unit of province that prm's scope (the
 * registry's $1-$4) holds, one page each, appended to out; *count the
 * pages. -1 with e: 404 with no unit. */
int ikm_posters_province(struct svc *s, const struct db_param *prm, int province,
    struct buf *out, size_t *count, struct err *e);

/* A file made for download. body is malloc'd; fd >= 0 instead for a file
 * (unlinked already) of len bytes that the caller sends and closes. */
struct ikm_file {
	int fd;
	uint64_t len;
	const char *content_type;
	const char *filename; /* in s's arena */
};

/*
 * ikm_export.c: unit_id's answers over period, anonymised (no form nonce,
 * no time of day, no suggestion text), as CSV or XLSX, read in batches and
 * written to a temporary file so memory stays flat; into f. The caller
 * has checked the actor may see the unit. -1 with e.
 */
int ikm_export(struct svc *s, int64_t unit_id, const char *period, bool xlsx,
    struct ikm_file *f, struct err *e);

/*
 * The index of unit_id for year (every period of that year) into u, for
 * the assessment's ikm_grade adjustment: u->r.grade is IKM_GRADE_NONE
 * without answers. -1 with e (404 for a unit not active).
 */
int
ikm_year_grade(struct svc *s, int64_t unit_id, int year, struct ikm_unit *u, struct err *e);

#endif
