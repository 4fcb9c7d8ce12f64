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
 * designated initialisers (.params, .page, .upload ...).
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

/*
 * A route's declared inputs, ended by the { NULL } the server stops at, so
 * that no list can run on past its end. A row writes its own in place:
 * .params = PARAMS(spec, ...), a compound literal that at file scope lives
 * as long as the table. Rows that take the same inputs share a list named
 * by PARAM_LIST(name, spec, ...).
 */
#define PARAMS(...)		((const struct param_spec[]){ __VA_ARGS__, { NULL } })
#define PARAM_LIST(name, ...)	const struct param_spec name[] = { __VA_ARGS__, { NULL } }

/*
 * The kinds of input that many routes declare alike, each kind's limits
 * written here once. n is the input's name, src where it comes from
 * (PARAM_PATH, PARAM_QUERY or PARAM_FORM), req whether it must be given.
 * A row's {id} in the path is PARAM_ID (http/route.h).
 */
/* The id of a row chosen in a query or a form. */
#define PARAM_REF(n, src, req)	{ n, src, PT_INT, req, 1, INT64_MAX, NULL }
/* The notice a page shows after a redirect (?ok=...), one of choices. */
#define PARAM_NOTICE(choices)	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, choices }
/* Words typed to search by; a list's own search is PARAM_SEARCH. */
#define PARAM_WORDS(n, src)	{ n, src, PT_TEXT, false, 0, 100, NULL }
#define PARAM_SEARCH		PARAM_WORDS("q", PARAM_QUERY)
#define PARAM_PAGE		{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL }
/* A list paged by key: the row a page starts after, or ends before. */
#define PARAM_AFTER		PARAM_REF("setelah", PARAM_QUERY, false)
#define PARAM_BEFORE		PARAM_REF("sebelum", PARAM_QUERY, false)
#define PARAM_KEYSET		PARAM_AFTER, PARAM_BEFORE
/* A page to go to afterwards: a local path, checked where it is followed. */
#define PARAM_RETURN(n, src)	{ n, src, PT_TEXT, false, 0, 500, NULL }
/* A published version of a cycle's results, numbered from 1. */
#define PARAM_VERSION(n, src, req) { n, src, PT_INT, req, 1, 1000000, NULL }
/* A province by its code, 11 (Aceh) to 99. */
#define PARAM_PROVINCE(n, src, req) { n, src, PT_INT, req, 11, 99, NULL }
/* A date checked here (PARAM_DATE), or one the service reads and, when it
 * is not a date, says so beside its field (PARAM_DAY); both YYYY-MM-DD. */
#define PARAM_DATE(n, src, req)	{ n, src, PT_DATE, req, 0, 0, NULL }
#define PARAM_DAY(n)		PARAM_TEXT(n, 10)
/* A month of survey answers, YYYY-MM, read by the service. */
#define PARAM_PERIOD		{ "periode", PARAM_QUERY, PT_TEXT, false, 0, 7, NULL }

/* A form's checkbox: ticked or not. */
#define PARAM_CHECK(n)		{ n, PARAM_FORM, PT_BOOL, false, 0, 0, NULL }
/* A form's choice of one of choices ("a|b"). */
#define PARAM_CHOICE(n, req, choices) { n, PARAM_FORM, PT_ENUM, req, 0, 0, choices }
/* A form's free text of at most max characters, on one line or on
 * several, where the service sets the limit. */
#define PARAM_TEXT(n, max)	{ n, PARAM_FORM, PT_TEXT, false, 0, max, NULL }
#define PARAM_MULTILINE(n, max)	{ n, PARAM_FORM, PT_MULTILINE, false, 0, max, NULL }
/* A name or a title, on one line: one that must be given (PARAM_NAME),
 * or one that may be left empty (PARAM_LINE). */
#define PARAM_LINE_CHARS	200
#define PARAM_NAME(n)		{ n, PARAM_FORM, PT_TEXT, true, 2, PARAM_LINE_CHARS, NULL }
#define PARAM_LINE(n)		PARAM_TEXT(n, PARAM_LINE_CHARS)
/* Free text of a paragraph or so (a note, a reason: PARAM_NOTE), or of a
 * few (a finding, a justification: PARAM_LONG_NOTE). */
#define PARAM_NOTE_CHARS	2000
#define PARAM_NOTE(n)		PARAM_MULTILINE(n, PARAM_NOTE_CHARS)
#define PARAM_LONG_NOTE_CHARS	4000
#define PARAM_LONG_NOTE(n)	PARAM_MULTILINE(n, PARAM_LONG_NOTE_CHARS)
/* A rulebook's code of an indicator or of an option, which must be given. */
#define PARAM_CODE_CHARS	64
#define PARAM_CODE(n)		{ n, PARAM_FORM, PT_TEXT, true, 1, PARAM_CODE_CHARS, NULL }
/* An address kept as an account's or a unit's, checked as an address. */
#define PARAM_EMAIL(req)	{ "email", PARAM_FORM, PT_EMAIL, req, 0, 0, NULL }
/* An address typed to sign in or to find an account by: any text up to
 * the longest address, since the look-up answers for it. */
#define PARAM_ACCOUNT_EMAIL(req) { "email", PARAM_FORM, PT_TEXT, req, 0, 254, NULL }
#define PARAM_PHONE		PARAM_TEXT("phone", 30)
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
