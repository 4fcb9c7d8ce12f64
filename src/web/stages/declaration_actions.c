/*
 * declaration_actions.c - the posts of the declaration stage, under
 * /partisipasi/{id}/pencanangan/: ajukan (request), setujui (approve: the
 * system then issues each member unit's statement to be signed), tolak
 * (reject with a reason: back to draft), catat (record the event: date,
 * mode, attendance and witnesses), unggah (a member unit's signed statement
 * and photos of the event) and konfirmasi (the regional office
 * confirms: the stage closes and the machine moves on). Each post checks
 * its form and hands it to its service (svc/declaration.h); a refused post
 * shows the page again with the form as typed.
 */
#include <string.h>

#include "web/app.h"
#include "web/stages/declaration.h"
#include "web/form.h"
#include "web/upload.h"
#include "web/routes.h"

/*
 * The one tail of a refused post: the page again with form f as the user
 * typed it (fields and rows, taken; NULL: from the request) and status,
 * with the message of key, or else the refusal in e. Any other error
 * stays an error page.
 */
static int
show_again(struct request *req, struct reply *rep, struct svc *s, enum decl_form f,
    int status, json_t *fields, json_t *rows, const char *key, struct err *e)
{
	struct decl_posted posted = { f, fields, rows, NULL };
	struct participation p;
	int rc;

	if (key != NULL)
		posted.notice = i18n_get(req_lang(req), key);
	else if (err_show(e->kind) == ERR_SHOW_TEXT)
		posted.notice = arena_strdup(&req->arena, e->msg);
	else {
		json_decref(fields);
		json_decref(rows);
		return -1;
	}
	err_clear(e);
	if (posted.fields == NULL)
		posted.fields = decl_fields(req, f, true);
	if (f == DF_RECORD && posted.rows == NULL)
		posted.rows = decl_witness_rows(req, true);
	/* Loaded again: a transaction rolled back may have left p changed. */
	rc = participation_load(s, req_param(req, "id")->i, &p, e) < 0
	    ? -1
	    : decl_page_model(req, rep, s, &p, &posted, e);
	json_decref(posted.fields);
	json_decref(posted.rows);
	if (rc == 0)
		rep->status = status;
	return rc;
}

/* 303 back to the page, saying what was done. */
static int
done(struct request *req, struct reply *rep, int64_t pid, const char *verb)
{
	return web_see_other(req, rep, "/partisipasi/%lld/pencanangan?selesai=%s",
	    (long long)pid, verb);
}

struct decl_request_in
decl_request_of(struct request *req, const int64_t *members, size_t n, int64_t cycle)
{
	return (struct decl_request_in){ .cycle = cycle,
		.members = members,
		.member_count = n,
		.date = req_param(req, "tanggal")->text,
		.mode = req_param(req, "moda")->text,
		.place = req_param(req, "tempat")->text,
		.link = req_param(req, "tautan")->text,
		.planned_witnesses = req_param(req, "saksi_rencana")->text };
}

static int
declaration_request(struct request *req, struct reply *rep, struct err *e)
{
	int64_t pid = req_param(req, "id")->i, id;
	struct decl_request_in in = decl_request_of(req, &pid, 1, 0);
	struct participation p;
	struct machine_step step;
	struct svc s;
	json_t *fields;

	if (web_svc(req, &s, e) < 0 || participation_load(&s, pid, &p, e) < 0)
		return -1;
	/* Who and when before the form's own problems. */
	if (participation_guard(&s, &p, TR_REQUEST, false, &step, e) < 0)
		return show_again(req, rep, &s, DF_REQUEST, e->status, NULL, NULL, NULL, e);
	fields = decl_fields(req, DF_REQUEST, true);
	if (decl_check_request(req, &s, &p, fields))
		return show_again(req, rep, &s, DF_REQUEST, 422, fields, NULL,
		    "declaration.form_invalid", e);
	json_decref(fields);
	if (decl_request(&s, &in, &id, e) < 0)
		return show_again(req, rep, &s, DF_REQUEST, e->status, NULL, NULL, NULL, e);
	return done(req, rep, pid, "ajukan");
}

/* The decision a route posts: its variant. */
enum { DECIDE_APPROVE = 1, DECIDE_REJECT };

/* Approve (with the Ditjen HAM witness) or reject (with the reason) the
 * request, for every unit it covers. */
static int
declaration_decide(struct request *req, struct reply *rep, struct err *e)
{
	bool approve = req->route->variant == DECIDE_APPROVE;
	enum decl_form f = approve ? DF_APPROVE : DF_REJECT;
	struct decl_decision_in in = { .participation = req_param(req, "id")->i,
		.approve = approve,
		.reason = approve ? NULL : req_param(req, "alasan")->text,
		.witness_name = approve ? req_param(req, "saksi_ditjen_nama")->text : NULL,
		.witness_position = approve ? req_param(req, "saksi_ditjen_jabatan")->text
					    : NULL };
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		if (decl_check(&s, in.participation, approve ? TR_APPROVE : TR_REJECT, e) < 0)
			return show_again(req, rep, &s, f, e->status, NULL, NULL, NULL, e);
		return show_again(req, rep, &s, f, 422, NULL, NULL,
		    "declaration.form_invalid", e);
	}
	if (decl_decide(&s, &in, e) < 0)
		return show_again(req, rep, &s, f, e->status, NULL, NULL, NULL, e);
	return done(req, rep, in.participation, approve ? "setujui" : "tolak");
}

/* The record form's witness rows that name someone, in order, into w
 * (DECL_WITNESS_ROWS). */
static size_t
witnesses_of(struct request *req, struct decl_witness *w)
{
	char nm[24], jb[24], in[24], jn[24], hd[24], dr[24];
	size_t n = 0;
	int i;

	for (i = 1; i <= DECL_WITNESS_ROWS; i++) {
		snprintf(nm, sizeof(nm), "saksi_nama_%d", i);
		snprintf(jb, sizeof(jb), "saksi_jabatan_%d", i);
		snprintf(in, sizeof(in), "saksi_instansi_%d", i);
		snprintf(jn, sizeof(jn), "saksi_jenis_%d", i);
		snprintf(hd, sizeof(hd), "saksi_hadir_%d", i);
		snprintf(dr, sizeof(dr), "saksi_dari_%d", i);
		if (!req_param(req, nm)->present)
			continue;
		w[n++] = (struct decl_witness){ .name = req_param(req, nm)->text,
			.title = req_param(req, jb)->text,
			.institution = req_param(req, in)->text,
			.kind = req_param(req, jn)->text,
			.presence = req_param(req, hd)->present ? req_param(req, hd)->text
								: "luring",
			.attended_from = req_param(req, dr)->text };
	}
	return n;
}

static int
declaration_record(struct request *req, struct reply *rep, struct err *e)
{
	struct decl_witness w[DECL_WITNESS_ROWS];
	struct decl_record_in in = { .participation = req_param(req, "id")->i,
		.date = req_param(req, "tanggal_pelaksanaan")->text,
		.mode = req_param(req, "moda_pelaksanaan")->text,
		.attendance = req_param(req, "jumlah_hadir")->i,
		.witnesses = w };
	struct participation p;
	struct svc s;
	json_t *fields, *rows;

	if (web_svc(req, &s, e) < 0 || participation_load(&s, in.participation, &p, e) < 0)
		return -1;
	fields = decl_fields(req, DF_RECORD, true);
	rows = decl_witness_rows(req, true);
	if (decl_check_record(req, &s, &p, fields, rows)) {
		if (decl_check(&s, in.participation, TR_RECORD, e) < 0) {
			json_decref(fields);
			json_decref(rows);
			return show_again(req, rep, &s, DF_RECORD, e->status, NULL, NULL,
			    NULL, e);
		}
		return show_again(req, rep, &s, DF_RECORD, 422, fields, rows,
		    "declaration.form_invalid", e);
	}
	in.witness_count = witnesses_of(req, w);
	if (decl_record(&s, &in, e) < 0)
		return show_again(req, rep, &s, DF_RECORD, e->status, fields, rows, NULL, e);
	json_decref(fields);
	json_decref(rows);
	return done(req, rep, in.participation, "catat");
}

static int
declaration_upload(struct request *req, struct reply *rep, struct err *e)
{
	struct decl_upload_in in = { .participation = req_param(req, "id")->i };
	enum decl_upload_part refused;
	struct file_in *statement;
	struct svc s;
	json_t *fields;
	size_t n;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (upload_files_in(req, "pernyataan", &statement, &n) < 0 ||
	    upload_files_in(req, "foto", &in.photos, &in.photo_count) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	in.statement = n > 0 ? &statement[0] : NULL;
	if (decl_upload(&s, &in, &refused, e) == 0)
		return done(req, rep, in.participation, "unggah");
	if (refused == DU_NONE)
		return show_again(req, rep, &s, DF_UPLOAD, e->status, NULL, NULL, NULL, e);
	fields = decl_fields(req, DF_UPLOAD, true);
	json_object_set_new(json_object_get(fields, refused == DU_PHOTOS ? "foto" : "pernyataan"),
	    "error", json_string(e->msg));
	return show_again(req, rep, &s, DF_UPLOAD, 422, fields, NULL,
	    "declaration.form_invalid", e);
}

static int
declaration_confirm(struct request *req, struct reply *rep, struct err *e)
{
	int64_t pid = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (decl_confirm(&s, pid, e) < 0)
		return show_again(req, rep, &s, DF_CONFIRM, e->status, NULL, NULL, NULL, e);
	return done(req, rep, pid, "konfirmasi");
}

/* Files are kept only for a caller the policy lets record the event. */
PARTICIPATION_ADMIT(upload_admit, TR_RECORD);

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
#define DECL_WITNESS(n) \
	PARAM_LINE("saksi_nama_" #n), \
	PARAM_LINE("saksi_jabatan_" #n), \
	PARAM_LINE("saksi_instansi_" #n), \
	PARAM_CHOICE("saksi_jenis_" #n, false, "ditjen_ham|forkopimda|lainnya"), \
	PARAM_CHOICE("saksi_hadir_" #n, false, "luring|daring"), \
	PARAM_LINE("saksi_dari_" #n)

static const struct route routes[] = {
	ROUTE_POST("/partisipasi/{id}/pencanangan/ajukan", declaration_request,
	    "declaration", SIGNED_IN, .params = PARAMS(PARAM_ID("id"), DECL_REQUEST_PARAMS),
	    .page = declaration_page,
	    .about = "Requests approval to declare, with the planned date and place"),
	ROUTE_POST("/partisipasi/{id}/pencanangan/setujui", declaration_decide,
	    "declaration", SIGNED_IN, .params = PARAMS(PARAM_ID("id"),
		PARAM_NAME("saksi_ditjen_nama"), PARAM_NAME("saksi_ditjen_jabatan")),
	    .page = declaration_page, .offload = true, .variant = DECIDE_APPROVE,
	    .about = "Approves a declaration request"),
	ROUTE_POST("/partisipasi/{id}/pencanangan/tolak", declaration_decide,
	    "declaration", SIGNED_IN, .params = PARAMS(PARAM_ID("id"),
		{ "alasan", PARAM_FORM, PT_MULTILINE, true, 5, PARAM_NOTE_CHARS, NULL }),
	    .page = declaration_page, .variant = DECIDE_REJECT,
	    .about = "Rejects a declaration request, with a reason"),
	ROUTE_POST("/partisipasi/{id}/pencanangan/catat", declaration_record,
	    "declaration", SIGNED_IN, .params = PARAMS(PARAM_ID("id"),
		PARAM_DATE("tanggal_pelaksanaan", PARAM_FORM, true),
		PARAM_CHOICE("moda_pelaksanaan", true, "luring|daring|hibrida"),
		{ "jumlah_hadir", PARAM_FORM, PT_INT, true, 1, 100000, NULL }, DECL_WITNESS(1),
		DECL_WITNESS(2), DECL_WITNESS(3), DECL_WITNESS(4), DECL_WITNESS(5), DECL_WITNESS(6),
		DECL_WITNESS(7), DECL_WITNESS(8)),
	    .page = declaration_page,
	    .about = "Records the held declaration: date, place, witnesses"),
	ROUTE_POST("/partisipasi/{id}/pencanangan/unggah", declaration_upload,
	    "declaration", SIGNED_IN, .params = route_params_id, .page = declaration_page,
	    .upload = true, .max_files = 1 + 8, .admit = upload_admit,
	    .about = "Uploads the declaration's photos and signed statement"),
	ROUTE_POST("/partisipasi/{id}/pencanangan/konfirmasi", declaration_confirm,
	    "declaration", SIGNED_IN, .params = route_params_id, .page = declaration_page,
	    .about = "Confirms the declaration and issues its statement"),
};
/* clang-format on */
ROUTE_TABLE(declaration_actions_routes, routes);
#undef DECL_WITNESS
