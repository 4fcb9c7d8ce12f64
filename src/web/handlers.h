/*
 * handlers.h - the route handlers, by the feature file that defines them.
 * The route table in app.c is the only caller.
 */
#ifndef P2HAM_HANDLERS_H
#define P2HAM_HANDLERS_H

#include "http/request.h"

/* home.c */
int	home_page(struct request *req, struct reply *rep, struct err *e);

/* login.c */
int	login_page(struct request *req, struct reply *rep, struct err *e);
int	login_submit(struct request *req, struct reply *rep, struct err *e);
int	logout_submit(struct request *req, struct reply *rep, struct err *e);

/* account.c */
int	account_page(struct request *req, struct reply *rep, struct err *e);
int	account_password(struct request *req, struct reply *rep, struct err *e);
int	account_session_end(struct request *req, struct reply *rep, struct err *e);
int	account_token_create(struct request *req, struct reply *rep, struct err *e);
int	account_token_revoke(struct request *req, struct reply *rep, struct err *e);

/* users.c */
int	users_list(struct request *req, struct reply *rep, struct err *e);
int	users_new(struct request *req, struct reply *rep, struct err *e);
int	users_create(struct request *req, struct reply *rep, struct err *e);
int	users_show(struct request *req, struct reply *rep, struct err *e);
int	users_set_active(struct request *req, struct reply *rep, struct err *e);
int	users_grant(struct request *req, struct reply *rep, struct err *e);
int	users_revoke(struct request *req, struct reply *rep, struct err *e);

/* rulebooks.c */
int	rulebooks_list(struct request *req, struct reply *rep, struct err *e);
int	rulebooks_show(struct request *req, struct reply *rep, struct err *e);

/* regions.c, organizations.c, units.c, unit_form.c, unit_export.c,
 * import_page.c: the registry */
int	regions_list(struct request *req, struct reply *rep, struct err *e);
int	regions_show(struct request *req, struct reply *rep, struct err *e);
int	orgs_list(struct request *req, struct reply *rep, struct err *e);
int	orgs_show(struct request *req, struct reply *rep, struct err *e);
int	orgs_new(struct request *req, struct reply *rep, struct err *e);
int	orgs_create(struct request *req, struct reply *rep, struct err *e);
int	orgs_edit(struct request *req, struct reply *rep, struct err *e);
int	orgs_update(struct request *req, struct reply *rep, struct err *e);
int	units_list(struct request *req, struct reply *rep, struct err *e);
int	units_show(struct request *req, struct reply *rep, struct err *e);
int	units_new(struct request *req, struct reply *rep, struct err *e);
int	units_create(struct request *req, struct reply *rep, struct err *e);
int	units_edit(struct request *req, struct reply *rep, struct err *e);
int	units_update(struct request *req, struct reply *rep, struct err *e);
int	units_export(struct request *req, struct reply *rep, struct err *e);
int	units_import_page(struct request *req, struct reply *rep, struct err *e);
int	units_import(struct request *req, struct reply *rep, struct err *e);

/* audit_pages.c */
int	transparency_page(struct request *req, struct reply *rep, struct err *e);
int	transparency_checkpoint(struct request *req, struct reply *rep, struct err *e);
int	audit_page(struct request *req, struct reply *rep, struct err *e);

/* cycles.c */
int	cycles_list(struct request *req, struct reply *rep, struct err *e);
int	cycles_new(struct request *req, struct reply *rep, struct err *e);
int	cycles_create(struct request *req, struct reply *rep, struct err *e);
int	cycles_show(struct request *req, struct reply *rep, struct err *e);
int	cycles_enrol(struct request *req, struct reply *rep, struct err *e);

/* ops.c */
int	ops_healthz(struct request *req, struct reply *rep, struct err *e);
int	ops_metrics(struct request *req, struct reply *rep, struct err *e);
int	ops_static(struct request *req, struct reply *rep, struct err *e);
int	ops_static_init(void);

/* participation.c */
int	participation_page(struct request *req, struct reply *rep, struct err *e);

/* files_pages.c: an uploaded file's download and removal */
int	files_download(struct request *req, struct reply *rep, struct err *e);
int	files_remove(struct request *req, struct reply *rep, struct err *e);

/* progress.c: the progress dashboard and its CSV; progress_may_view says
 * whether the caller's menu offers it. */
int	progress_page(struct request *req, struct reply *rep, struct err *e);
int	progress_csv(struct request *req, struct reply *rep, struct err *e);
bool	progress_may_view(struct request *req);

/* documents_pages.c: public verification of a generated document, its download */
int	verify_page(struct request *req, struct reply *rep, struct err *e);
int	verify_form(struct request *req, struct reply *rep, struct err *e);
int	document_download(struct request *req, struct reply *rep, struct err *e);

/* building.c: the building stage (self-assessment, evidence, mentoring,
 * submission) */
int	building_page(struct request *req, struct reply *rep, struct err *e);
int	building_save(struct request *req, struct reply *rep, struct err *e);
int	building_upload(struct request *req, struct reply *rep, struct err *e);
int	building_mentor(struct request *req, struct reply *rep, struct err *e);
int	building_submit(struct request *req, struct reply *rep, struct err *e);

/* evaluation.c: the evaluation gate */
int	evaluation_page(struct request *req, struct reply *rep, struct err *e);
int	evaluation_decide(struct request *req, struct reply *rep, struct err *e);

/* declaration.c, declaration_actions.c, declaration_joint.c: the
 * declaration stage */
int	declaration_page(struct request *req, struct reply *rep, struct err *e);
int	declaration_request(struct request *req, struct reply *rep, struct err *e);
int	declaration_approve(struct request *req, struct reply *rep, struct err *e);
int	declaration_reject(struct request *req, struct reply *rep, struct err *e);
int	declaration_record(struct request *req, struct reply *rep, struct err *e);
int	declaration_upload(struct request *req, struct reply *rep, struct err *e);
int	declaration_confirm(struct request *req, struct reply *rep, struct err *e);
int	declaration_joint_page(struct request *req, struct reply *rep, struct err *e);
int	declaration_joint_request(struct request *req, struct reply *rep, struct err *e);

#endif
