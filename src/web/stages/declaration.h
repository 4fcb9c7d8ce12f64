/*
 * declaration.h - what the pages of the declaration stage (pencanangan)
 * share: declaration.c (the page), declaration_actions.c (the posts that
 * request, decide, record and confirm, each through its service in
 * svc/declaration.h), declaration_form.c (the forms: their fields, checks
 * and dates) and declaration_joint.c (one request for several units of a
 * province).
 */
#ifndef P2HAM_DECLARATION_H
#define P2HAM_DECLARATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/stages/participation.h"
#include "base/err.h"
#include "db/db.h"
#include "http/request.h"
#include "svc/declaration.h"
#include "web/routes.h"

#define DECL_WITNESS_ROWS 8 /* witness rows of the record form */

/* The forms of the page; a refused post shows its own form again. */
enum decl_form {
	DF_NONE,
	DF_REQUEST, /* ajukan: date, mode, place, link, witnesses */
	DF_APPROVE, /* setujui: the Ditjen HAM witness */
	DF_REJECT,  /* tolak: the reason */
	DF_RECORD,  /* catat: date, mode, attendance, witnesses */
	DF_UPLOAD,  /* unggah: the unit's statement and photos */
	DF_CONFIRM, /* konfirmasi */
	DF_MAX
};

/* A refused post: its form as typed, with the problems. */
struct decl_posted {
	enum decl_form form;
	json_t *fields;     /* field models (form.h), owned; NULL: none */
	json_t *rows;       /* DF_RECORD: the witness rows, owned */
	const char *notice; /* the message above the page, or NULL */
};

/*
 * declaration.c: the page of participation p with posted (NULL: a plain
 * view) as rep's model and template, read through s.
 */
int decl_page_model(struct request *req, struct reply *rep, struct svc *s,
    struct participation *p, struct decl_posted *posted, struct err *e);

/* declaration.c: the stage's page (the route's GET handler); built again
 * for a refused post (req_again), as it stands with no form kept: what a
 * post refused before its form mattered shows (struct route's page). The
 * latter for participation pid (a file's removal, refused). */
int declaration_page(struct request *req, struct reply *rep, struct err *e);
int decl_page_of(struct request *req, struct reply *rep, int64_t pid, struct err *e);

/*
 * declaration_form.c: the field models of form f, filled in from the
 * request's declared parameters when refill (the posted form) and empty
 * otherwise. A new reference.
 */
json_t *decl_fields(struct request *req, enum decl_form f, bool refill);
/* The record form's witness rows, [{legend, nama, jabatan, instansi,
 * jenis}] field models, refilled or empty. A new reference. */
json_t *decl_witness_rows(struct request *req, bool refill);

/*
 * Check a posted request (ajukan) for p beyond the validators: the date
 * as decl_request_date allows it (not past, inside the stage's window), a
 * place for on-site and hybrid events, an https link for online and
 * hybrid ones. Problems go on fields; true when there were any.
 */
bool decl_check_request(struct request *req, struct svc *s, const struct participation *p,
    json_t *fields);
/* The same for the record (catat): the date as decl_record_date allows it
 * against p's live declaration (not in the future, inside the window, not
 * before the request, near the proposed date), at least one witness, each
 * named row complete. Problems go on fields and rows. */
bool decl_check_record(struct request *req, struct svc *s, const struct participation *p,
    json_t *fields, json_t *rows);

/* True when s is an https:// address with a plausible host. */
bool decl_link_valid(const char *s);
/* The label of a mode code, in the user's language. */
const char *decl_mode_label(struct request *req, const char *mode);

/* declaration_actions.c: a request's fields (tanggal, moda, tempat,
 * tautan, saksi_rencana) as the service takes them, for members. */
struct decl_request_in
decl_request_of(struct request *req, const int64_t *members, size_t n, int64_t cycle);

/* clang-format off */
#define DECL_REQUEST_PARAMS \
	PARAM_DATE("tanggal", PARAM_FORM, true), \
	PARAM_CHOICE("moda", true, "luring|daring|hibrida"), \
	PARAM_TEXT("tempat", 300), \
	PARAM_TEXT("tautan", 500), \
	PARAM_NOTE("saksi_rencana")
/* clang-format on */

#endif
