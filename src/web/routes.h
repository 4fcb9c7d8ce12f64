/*
 * routes.h - what a feature's route table may say beyond http/route.h (the
 * access rules), and the tables the server assembles at start, by room.
 */
#ifndef P2HAM_WEB_ROUTES_H
#define P2HAM_WEB_ROUTES_H

#include "http/route.h"

/* Access rules checked before a handler runs, beyond "signed in". */
enum access {
	ACCESS_NONE,
	ACCESS_USERS,    /* may manage some users (the policy's
			    ACT_USER_MANAGE somewhere) */
	ACCESS_AUDIT,    /* may read the national audit trail */
	ACCESS_REGISTRY, /* holds some role, so sees part of the registry */
	ACCESS_MAX
};

/*
 * A row of a route table: a page answers GET (and HEAD); a form posts, and
 * every post carries the form's CSRF token. tpl is the page template (NULL:
 * none); then who may reach the row (below), and any further fields as
 * designated initialisers (.params, .page, .upload ...). PARAM_NOTICE is
 * the notice a page shows after a redirect (?ok=...), one of choices.
 */
/* clang-format off */
#define ROUTE_GET(pat, fn, tpl, ...)					\
	{ .method = HTTP_GET, .pattern = (pat), .handler = (fn),		\
	  .template = (tpl), __VA_ARGS__ }
#define ROUTE_POST(pat, fn, tpl, ...)					\
	{ .method = HTTP_POST, .pattern = (pat), .handler = (fn),		\
	  .template = (tpl), .csrf = true, __VA_ARGS__ }
/* A public form guarded by web/public/formguard.h (a signed token that
 * binds the form to its object and issue time) in place of the CSRF
 * token: nobody is signed in to bind one to. */
#define ROUTE_GUARDED_POST(pat, fn, tpl, ...)				\
	{ .method = HTTP_POST, .pattern = (pat), .handler = (fn),		\
	  .template = (tpl), .csrf = false, __VA_ARGS__ }

/* Inputs that many routes declare alike. */
#define PARAM_NOTICE(choices)	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, choices }
#define PARAM_SEARCH		{ "q", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL }
#define PARAM_PAGE		{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL }
/* A list paged by key: the row a page starts after, or ends before. */
#define PARAM_KEYSET		{ "setelah", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL }, \
				{ "sebelum", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL }
#define PARAM_PASSWORD(n)	{ n, PARAM_FORM, PT_SECRET, true, 0, 256, NULL }

/* Who may reach a row. */
#define PUBLIC		.login = false
#define SIGNED_IN	.login = true
#define REGISTRY	.login = true, .access = ACCESS_REGISTRY
#define USER_ADMINS	.login = true, .access = ACCESS_USERS
#define AUDIT_READERS	.login = true, .access = ACCESS_AUDIT
/* clang-format on */

/* the response layer */
extern const struct route_table ops_routes;
extern const struct route_table openapi_routes;
/* account */
extern const struct route_table login_routes;
extern const struct route_table account_routes;
extern const struct route_table users_routes;
extern const struct route_table reset_routes;
extern const struct route_table notifications_routes;
/* registry */
extern const struct route_table regions_routes;
extern const struct route_table coord_regions_routes;
extern const struct route_table organizations_routes;
extern const struct route_table units_routes;
extern const struct route_table unit_form_routes;
extern const struct route_table unit_export_routes;
extern const struct route_table import_page_routes;
/* programme */
extern const struct route_table rulebooks_routes;
extern const struct route_table cycles_routes;
extern const struct route_table progress_routes;
extern const struct route_table audit_pages_routes;
extern const struct route_table results_admin_routes;
extern const struct route_table ikm_dash_routes;
/* stages */
extern const struct route_table participation_routes;
extern const struct route_table declaration_routes;
extern const struct route_table declaration_actions_routes;
extern const struct route_table declaration_joint_routes;
extern const struct route_table declaration_desk_routes;
extern const struct route_table building_routes;
extern const struct route_table evaluation_routes;
extern const struct route_table scoring_routes;
extern const struct route_table assessment_result_routes;
extern const struct route_table plenary_routes;
extern const struct route_table decree_routes;
extern const struct route_table decree_files_routes;
extern const struct route_table award_routes;
extern const struct route_table files_pages_routes;
extern const struct route_table assessment_evidence_routes;
extern const struct route_table verification_routes;
extern const struct route_table offline_routes;
extern const struct route_table fieldsheet_routes;
extern const struct route_table assignments_routes;
extern const struct route_table supervision_routes;
extern const struct route_table revocation_routes;
extern const struct route_table supervision_overdue_routes;
/* public */
extern const struct route_table home_routes;
extern const struct route_table survey_routes;
extern const struct route_table documents_pages_routes;
extern const struct route_table results_routes;
extern const struct route_table results_data_routes;
extern const struct route_table ikm_public_routes;
extern const struct route_table complaint_routes;
extern const struct route_table complaint_track_routes;
/* complaints */
extern const struct route_table complaints_handle_routes;
extern const struct route_table complaints_data_routes;

#endif
