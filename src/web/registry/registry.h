/*
 * registry.h - what the registry's pages (regions.c, organizations.c,
 * units.c, unit_export.c, import_page.c) and the pages over a cycle's units
 * (cycles.c, declaration_joint.c, progress.c) share beyond the registry's
 * services (svc/registry.h): the grants that may do something somewhere,
 * loading a unit, organization or cycle through the policy, the choices of
 * the forms, and the list's filters read from the request.
 */
#ifndef P2HAM_APP_REGISTRY_H
#define P2HAM_APP_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/policy.h"
#include "core/registry.h"
#include "db/db.h"
#include "http/request.h"
#include "svc/registry.h"
#include "view/i18n.h"
#include "web/routes.h"

/* policy_may_somewhere, by the name the stage pages know it. */
bool registry_may_somewhere(const struct principal *p, enum action act, enum object_type t);

/*
 * 0 when the caller may create an object of type t (a unit or an
 * organization) somewhere; else -1 with e, a 404: no form at all.
 */
int registry_may_create(struct request *req, enum object_type t, struct err *e);

/*
 * The end of a unit's or an organization's form model (rep->model, NULL
 * when out of memory): the record being edited under key (NULL: a new one)
 * and the form's action, base or base/{id}/ubah; then the template tpl.
 */
int registry_form_finish(struct request *req, struct reply *rep, const char *key,
    json_t *record, const char *base, const char *tpl, struct err *e);

/*
 * The answer to a unit's or an organization's form posted for record id,
 * its fields in the model's member "fields". When the form had refused
 * fields (invalid), rc is the result of checking the record: the form
 * again (page) with those and each problem of pr. Else rc is the result
 * of saving it: 303 to its page, base/id, or the form again with each
 * problem next to its field. 0, or -1 with e.
 */
int registry_form_answer(struct request *req, struct reply *rep, route_handler page,
    bool invalid, int rc, const char *base, int64_t id, const struct svc_problems *pr,
    struct err *e);
/*
 * The "status" field of such a form: none for a new record (NULL); for
 * record, its "active" as "aktif" or "nonaktif" unless refilled from the
 * request, and the two options with the value selected ("aktif" when
 * there is none).
 */
void registry_status_field(enum lang l, json_t *fields, json_t *record, bool refill);
/* Is the record of such a form posted active? A new one (id 0) always is;
 * one being changed unless its status is "nonaktif". */
bool registry_posted_active(struct request *req, int64_t id);

/* The record such a form is for: the route's {id}, 0 for a new one. */
int64_t registry_form_id(struct request *req);

/*
 * Such a form, made by model as stored or, shown again, as typed
 * (req_refill): of record {id}, loaded by load (registry_unit_load,
 * registry_org_load) for ACT_EDIT; or, on a route without {id}, a new
 * one (record NULL) when the caller may create an object of type t
 * somewhere. 0, or -1 with e (404/403).
 */
int registry_form_page(struct request *req, struct reply *rep, enum object_type t,
    json_t *(*load)(struct request *, struct db_conn *, int64_t, enum action, struct err *),
    int (*model)(struct request *, struct reply *, json_t *, struct err *), struct err *e);

/* The grants over an area of units: the country, a province, an
 * organization's units; with a coordination region as well. */
#define REGISTRY_AREA_SCOPES \
	(1u << SCOPE_NATIONAL | 1u << SCOPE_PROVINCE | 1u << SCOPE_ORGANIZATION)
#define REGISTRY_AREA_OR_REGION_SCOPES (REGISTRY_AREA_SCOPES | 1u << SCOPE_REGION)

/*
 * The caller's grants that may do act on an object of type t somewhere
 * (policy_may_somewhere, grant by grant), as a principal of their own
 * whose grants live in the request's arena. scopes keeps only grants of
 * those scope kinds (a mask of 1u << SCOPE_...; 0 keeps every kind). No
 * grants when out of memory.
 */
struct principal registry_principal_for(struct request *req, enum action act,
    enum object_type t, unsigned scopes);

/*
 * The unit id (a UNIT_GET row, new reference) when the caller may do act
 * on it; else NULL with e: 404 for a unit that does not exist or lies
 * outside the caller's view, 403 when seen but not allowed.
 */
json_t *registry_unit_load(struct request *req, struct db_conn *c, int64_t id,
    enum action act, struct err *e);
/* The same for an organization (an ORG_GET row). */
json_t *registry_org_load(struct request *req, struct db_conn *c, int64_t id,
    enum action act, struct err *e);
/* The cycle id (a CYCLE_GET row, new reference) when the caller may do act
 * on cycles; else NULL with e (404 for none). */
json_t *registry_cycle_load(struct request *req, struct db_conn *c, int64_t id,
    enum action act, struct err *e);

/* Options {value, label, selected} for a form's <select>, new references. */
json_t *registry_unit_type_options(enum lang l, const char *selected);
json_t *registry_province_options(int selected);
json_t *registry_org_kind_options(enum lang l, const char *selected);

/* The unit list's filters from the route's declared query parameters
 * organisasi, provinsi, jenis, sektor, q and kabupaten (absent: any). */
void registry_filter_of(struct request *req, struct unit_filter *f);

/* The caller's scope as $1-$4 of the registry's scoped statements
 * (registry_scope_params); -1 with e when out of memory. */
int registry_caller_scope(struct request *req, struct db_param out[4], struct err *e);

/*
 * The same as $5-$10 of UNIT_LIST, UNIT_COUNT, UNIT_EXPORT
 * (registry_filter_params). -1 when out of memory.
 */
int registry_unit_filters(struct request *req, struct db_param out[6]);

/*
 * Lead the unit list of prm ($1-$10 of UNIT_LIST, the scope of p) by one
 * place when it can: a caller whose whole scope is one province or one
 * organization has that set as its filter, unless a filter of that kind
 * is set already (the same units either way). Then the statements that
 * serve prm: those led by the province filter, by the organization
 * filter, or the plain ones.
 */
struct form_list_stmts;
void registry_unit_narrow(const struct principal *p, struct db_param *prm);
const struct form_list_stmts *registry_unit_stmts(const struct db_param *prm);

/*
 * How many units prm's scope and filters ($1-$10 of UNIT_COUNT) match,
 * counted to REGISTRY_COUNT_MAX at most: *over tells that there are more.
 * prm must have room for 11 parameters.
 */
#define REGISTRY_COUNT_MAX 10000
int registry_unit_count(struct db_conn *c, struct db_param *prm, int64_t *n, bool *over,
    struct err *e);

/* The present filters as a query string ("provinsi=75&q=lapas"), for
 * links to other pages of the same list; "" when none. Arena memory. */
const char *registry_filter_query(struct request *req);

/* Characters of a unit type's code and of a sector's name. */
#define UNIT_TYPE_CHARS 40
#define SECTOR_CHARS 60

/* The unit filters that registry_unit_filters reads, from src: the unit
 * list's and its export's query (PARAM_QUERY), a cycle's enrolment form
 * (PARAM_FORM). */
/* clang-format off */
#define UNIT_FILTER_PARAMS(src) \
	PARAM_REF("organisasi", src, false), \
	PARAM_PROVINCE("provinsi", src, false), \
	{ "jenis", src, PT_TEXT, false, 0, UNIT_TYPE_CHARS, NULL }, \
	{ "sektor", src, PT_TEXT, false, 0, SECTOR_CHARS, NULL }, \
	PARAM_WORDS("q", src), \
	{ "kabupaten", src, PT_INT, false, 1101, 9999, NULL }

/* The organisation's and the unit's forms: a regency's code, and whether
 * the row is in use. */
#define REGENCY_CODE_PARAM	PARAM_TEXT("regency_code", 10)
#define STATUS_PARAM		PARAM_CHOICE("status", true, "aktif|nonaktif")
/* clang-format on */

#endif
