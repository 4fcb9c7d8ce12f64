/*
 * building.h - the building stage (pembangunan) as services: a
 * participation's self-assessment (its rulebook, the unit's answers and
 * evidence, and the progress computed from them by core/progress.h), the
 * unit's answers and evidence files, the regional office's mentoring
 * notes, and the unit head's submission for evaluation, refused while
 * anything required is missing.
 */
#ifndef P2HAM_SVC_BUILDING_H
#define P2HAM_SVC_BUILDING_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/progress.h"
#include "svc/files.h"
#include "svc/participation.h"
#include "svc/svc.h"

/* Everything known of one self-assessment; loaded by building_load. */
struct building {
	struct participation p;
	struct rulebook *rb;      /* the cycle's rulebook, in the arena */
	json_t *answers;          /* {indicator code: answer row}, owned */
	json_t *evidence;         /* {indicator code: [file]}, live evidence,
				     owned */
	struct progress progress; /* from the above, in the arena */
};

/*
 * Load participation id (404 when s's actor may not see it), its
 * rulebook, answers and evidence into *b, and compute its progress. -1
 * with e; b is then safe to building_free.
 */
int building_load(struct svc *s, int64_t id, struct building *b, struct err *e);
void building_free(struct building *b);

/* The indicator called code that applies to b's unit, or NULL. */
const struct rb_indicator *building_indicator(const struct building *b, const char *code);

/*
 * How a write of the unit's answers and evidence is guarded: the building
 * stage fills them in (TR_FILL); the assessment stage completes them
 * (TR_EVIDENCE) and revises the indicators a round sent back (TR_REVISE).
 * The hooks run inside the write's transaction, on the participation just
 * loaded: prepare before the stage machine's guard (a revision sets
 * p->round_deadline), allow after it, once per indicator written (a
 * revision refuses an indicator its round did not send back). Either may
 * be NULL.
 */
struct fill_guard {
	enum transition t;
	int (*prepare)(struct svc *s, struct participation *p, void *ctx, struct err *e);
	int (*allow)(struct svc *s, const struct participation *p, const char *indicator,
	    void *ctx, struct err *e);
	void *ctx;
};

/* The building stage's own guard: TR_FILL, no hooks. */
extern const struct fill_guard building_fill;

/* One answer as the unit gives it. */
struct answer_in {
	const char *indicator; /* the indicator's code */
	const char *option;    /* the scale's option code; NULL or "": keep
				  the answer there is */
	const char *note;      /* NULL: keep the note there is */
};

/*
 * Save the answers of participation pid that differ from what is stored,
 * each with a history row, one timeline entry and the audit entry
 * "answer.save" (none when nothing changed), in a transaction of its own
 * guarded by g (building_fill in the building stage). -1 with e: the guard's refusal, or
 * 422 when an indicator does not apply to the unit or an option is not on its scale.
 */
int building_save(struct svc *s, int64_t pid, const struct fill_guard *g,
    const struct answer_in *answers, size_t n, struct err *e);

/* An evidence file for one indicator. */
struct evidence_in {
	int64_t participation;
	const char *indicator; /* an indicator that applies to the unit */
	int64_t replaces;      /* a live evidence file of it; 0: none */
	struct file_in *file;  /* NULL: no file was chosen */
};

/*
 * Take an evidence file: guarded by g, checked and stored before
 * the transaction, then its row (replacing a file of the indicator when
 * asked) with its timeline entry. out (may be NULL) receives it. -1 with
 * e: the guard's refusal, or 422 for an indicator that does not apply, a
 * file that is not one of the indicator's to replace, no file or a refused
 * one; *upload_refused (may be NULL) then says it was the file's fault.
 */
int building_upload(struct svc *s, const struct fill_guard *g, const struct evidence_in *in,
    struct stored_file *out, bool *upload_refused, struct err *e);

/*
 * Load participation pid into *p and guard g on it (its prepare hook, then
 * participation_guard), in the caller's transaction or none. -1 with e.
 */
int building_guard(struct svc *s, int64_t pid, const struct fill_guard *g,
    struct participation *p, struct machine_step *step, struct err *e);

/* A mentoring visit's note. */
struct mentoring_in {
	int64_t participation;
	const char *date; /* of the visit, YYYY-MM-DD, not after today
			     in the unit's zone */
	const char *findings;
	const char *advice;
};

/*
 * Record a mentoring note (TR_MENTOR), with its timeline entry and the
 * audit entry "mentoring.create". -1 with e: the guard's refusal, or 422
 * for a visit in the future.
 */
int building_mentor(struct svc *s, const struct mentoring_in *in, struct err *e);

/*
 * Submit participation pid's self-assessment for evaluation (TR_SUBMIT):
 * refused (409, saying how many items are missing) unless every required
 * answer and evidence is there.
 */
int building_submit(struct svc *s, int64_t pid, struct err *e);

#endif
