/*
 * building.h - the self-assessment of a participation as the building and
 * evaluation pages show it: its rulebook, the unit's answers and evidence,
 * and the progress computed from them (loaded by svc/building.h); and the
 * progress column of a cycle's unit list.
 */
#ifndef P2HAM_BUILDING_H
#define P2HAM_BUILDING_H

#include <stdbool.h>

#include <jansson.h>

#include "web/stages/participation.h"
#include "core/progress.h"
#include "db/db.h"
#include "http/request.h"
#include "svc/building.h"

/* How the criteria are shown: what the user typed (a refused form), and
 * whether the unit's forms are there. */
struct building_view {
	json_t *typed;            /* {code: {"option", "note", "error",
				     "note_error"}} or NULL */
	const char *upload_code;  /* indicator of a refused upload, or NULL */
	const char *upload_error; /* its message */
	bool may_fill;            /* answer, upload and remove forms */
	bool show_missing;        /* mark what each indicator lacks */
};

/* building.c: the building page of participation pid as it stands, as
 * rep's model and template: what a refused post elsewhere (a file's
 * removal) shows again. */
int building_page_of(struct request *req, struct reply *rep, int64_t pid, struct err *e);

/*
 * The answer form ("jawaban.CODE", "catatan.CODE") of req read into typed
 * ({code: {option, note, error, note_error}}); the number of problems.
 * *unknown receives a field naming an indicator that does not apply to the
 * unit, which refuses the whole form.
 */
int building_read_answers(struct request *req, const struct building *b, json_t *typed,
    const char **unknown);

/* The inputs of an upload of evidence: {id}, the indicator and the file it
 * replaces, if any. */
extern const struct param_spec building_upload_params[];

/* The inputs of such an upload as req declares them, without the file. */
struct evidence_in building_evidence_of(struct request *req);

/* The file chosen in field "berkas" of req into in->file (NULL when none);
 * -1 with e when out of memory. */
int building_evidence_file(struct request *req, struct evidence_in *in, struct err *e);

/*
 * The answer form of req for b (building_read_answers, into typed) as the
 * service takes it, in the request's arena; *n receives how many. NULL
 * with e: a refusal (ERR_INVALID) saying how many fields need correcting
 * or naming the indicator that does not apply, or out of memory.
 */
struct answer_in *building_answers_posted(struct request *req, const struct building *b,
    json_t *typed, size_t *n, struct err *e);

/*
 * The criteria of b with their applicable indicators (text, guidance,
 * options with the current or typed choice, note, evidence, what is
 * missing) and progress figures, as a new JSON array; NULL when out of
 * memory.
 */
json_t *building_criteria(struct request *req, const struct building *b,
    const struct building_view *v);

/* The progress {percent, done, applicable, answered, complete, text,
 * criteria: [{code, name, percent, done, applicable}]} as a new object. */
json_t *building_progress_json(struct request *req, const struct progress *pr);

/* The missing items [{criterion, criterion_name, code, text, what, href
 * (the indicator's anchor on the page)}] of pr, in the user's language,
 * as a new array. */
json_t *building_missing_json(struct request *req, const struct building *b);

/* The mentoring notes of participation id, newest visit first, as a new
 * array of {id, visit_date, visit_date_text, findings, advice, written_at,
 * written_by_name}; NULL with e. */
json_t *building_mentoring(struct request *req, struct db_conn *c,
    const struct participation *p, struct err *e);

/*
 * The cycle page's unit list: add "progress" ({percent, done, applicable,
 * text} or null before building) to each row of parts (PARTICIPATION_LIST
 * rows of cycle cycle_id under rulebook_id), from the figures the services
 * keep as answers and evidence change (svc/progress_store.h), the same as
 * the building page computes. -1 with e.
 */
int building_progress_decorate(struct request *req, struct db_conn *c, int64_t cycle_id,
    int64_t rulebook_id, json_t *parts, struct err *e);

#endif
