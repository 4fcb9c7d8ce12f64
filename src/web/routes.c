/*
 * routes.c - every feature's route table, in one list, and their assembly
 * into the one table the server matches against (http/route.h).
 */
#include <stdlib.h>

#include "web/app.h"
#include "web/routes.h"

/* Every feature's routes, joined at start by route_assemble. */
static const struct route_table *const route_tables[] = {
	&ops_routes,
	&openapi_routes,
	&login_routes,
	&account_routes,
	&users_routes,
	&reset_routes,
	&notifications_routes,
	&regions_routes,
	&coord_regions_routes,
	&organizations_routes,
	&units_routes,
	&unit_form_routes,
	&unit_export_routes,
	&import_page_routes,
	&rulebooks_routes,
	&cycles_routes,
	&progress_routes,
	&audit_pages_routes,
	&results_admin_routes,
	&ikm_dash_routes,
	&participation_routes,
	&declaration_routes,
	&declaration_actions_routes,
	&declaration_joint_routes,
	&declaration_desk_routes,
	&building_routes,
	&assessment_evidence_routes,
	&verification_routes,
	&offline_routes,
	&fieldsheet_routes,
	&assignments_routes,
	&supervision_routes,
	&revocation_routes,
	&supervision_overdue_routes,
	&evaluation_routes,
	&scoring_routes,
	&assessment_result_routes,
	&plenary_routes,
	&decree_routes,
	&decree_files_routes,
	&award_routes,
	&files_pages_routes,
	&home_routes,
	&survey_routes,
	&documents_pages_routes,
	&results_routes,
	&results_data_routes,
	&ikm_public_routes,
	&complaint_routes,
	&complaint_track_routes,
	&complaints_handle_routes,
	&complaints_data_routes,
};

const struct route_table *const *
web_route_tables(size_t *count)
{
	*count = sizeof(route_tables) / sizeof(route_tables[0]);
	return route_tables;
}

int
web_routes(struct route **out, size_t *count, struct err *e)
{
	return route_assemble(route_tables,
	    sizeof(route_tables) / sizeof(route_tables[0]), out, count, e);
}
