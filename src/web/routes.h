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
	ACCESS_USERS,		/* may manage some users (the policy's
				   ACT_USER_MANAGE somewhere) */
	ACCESS_AUDIT,		/* may read the national audit trail */
	ACCESS_REGISTRY,	/* holds some role, so sees part of the registry */
	ACCESS_MAX
};

/* the response layer */
extern const struct route_table ops_routes;
/* account */
extern const struct route_table login_routes;
extern const struct route_table account_routes;
extern const struct route_table users_routes;
extern const struct route_table reset_routes;
/* registry */
extern const struct route_table regions_routes;
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
/* stages */
extern const struct route_table participation_routes;
extern const struct route_table declaration_routes;
extern const struct route_table declaration_actions_routes;
extern const struct route_table declaration_joint_routes;
extern const struct route_table building_routes;
extern const struct route_table evaluation_routes;
extern const struct route_table scoring_routes;
extern const struct route_table assessment_result_routes;
extern const struct route_table plenary_routes;
extern const struct route_table files_pages_routes;
extern const struct route_table assessment_evidence_routes;
extern const struct route_table verification_routes;
extern const struct route_table assignments_routes;
/* public */
extern const struct route_table home_routes;
extern const struct route_table documents_pages_routes;

#endif
