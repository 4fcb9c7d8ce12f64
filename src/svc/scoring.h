/*
 * scoring.h - the assessment's scoring as services: the assessors' scores
 * of the indicators the verifier verified (drafts with their history, then
 * one submission per assessor that locks their sheet; the last submission
 * moves the participation to assessed), the admin's entries for the
 * adjustments, and the result: the three layers of every indicator (the
 * unit's answer, the verifier's verdict, the final score), each
 * criterion's score, knock-outs, adjustments, total and predicate, by
 * core/score.h, explained in sentences. The plenary is svc/plenary.h's.
 *
 * An indicator the verifier judged not met takes the lowest value of its
 * scale and is not scored by the assessors. An indicator's final value is
 * the plenary's when it set one, else the mean of the values of the
 * assessors who submitted (drafts do not count).
 */
#ifndef P2HAM_SVC_SCORING_H
#define P2HAM_SVC_SCORING_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/score.h"
#include "svc/building.h"
#include "svc/svc.h"

/* One applicable indicator of an assessment, in the rulebook's order. */
struct assess_item {
	const struct rb_criterion *criterion;
	const struct rb_indicator *indicator;
	size_t flat;         /* score_indicator_index */
	const char *verdict; /* "verified", "not_met", other, or "" */
	const char *verdict_note;
	size_t values;              /* submitted assessors' values in value */
	double *value;              /* of the submitted assessors, in order */
	double spread;              /* score_disagreement of them */
	bool disputed;              /* spread above the plenary's margin */
	const char *settled_option; /* the plenary's final option, or NULL */
	const char *settled_reason;
	bool has_final;
	double final; /* the final value, when has_final */
};

/* Everything known of one participation's assessment. */
struct assessment {
	struct building b;         /* the participation, rulebook, answers */
	json_t *assessors;         /* active assessors (SCORING_ASSESSORS) */
	json_t *scores;            /* every score row (SCORING_SCORES) */
	json_t *verdicts;          /* {indicator: verdict row} */
	json_t *settled;           /* {indicator: last plenary_score row} */
	json_t *adjustments;       /* entries, newest first */
	struct assess_item *items; /* applicable indicators */
	size_t item_count;
	double margin;              /* the plenary's disagreement margin */
	struct score_result result; /* computed from the final values */
	const char **explain;       /* score_explain, NULL-terminated */
	const char *lock_serial;    /* minutes that locked it, or NULL */
	json_t *recommendation;     /* RECOMMENDATION_GET row, or NULL */
	const char *ikm_source;     /* where the IKM grade came from, in
				       words (scoring_ikm.c), or NULL */
	json_t *complaints;         /* the unit's complaints of the cycle's
				       year unresolved past their deadline
				       (svc/complaints.h) */
};

/* Load participation id (404 when s's actor may not see it) with all of
 * the above, computed, in s->arena. -1 with e; a is safe to free. */
int assessment_load(struct svc *s, int64_t id, struct assessment *a, struct err *e);
void assessment_free(struct assessment *a);

/*
 * scoring_ikm.c: the unit's IKM grade for the cycle's year from the
 * public survey's counters into adj->ikm, and a->ikm_source saying where
 * it came from (or that the survey has no answer for that year), when a's
 * rulebook has an ikm_grade adjustment. -1 with e.
 */
int assessment_ikm(struct svc *s, struct assessment *a, struct score_adjust_in *adj,
    struct err *e);

/* The assessor row of user_id among a's active assessors, or NULL. */
json_t *assessment_assessor(const struct assessment *a, int64_t user_id);

/* The item of a for indicator code, or NULL. */
const struct assess_item *assessment_item(const struct assessment *a, const char *code);

/* The stored score of assessor who for indicator code in a, or NULL. */
json_t *assessment_score(const struct assessment *a, int64_t who, const char *code);

/* When a closed plenary's minutes locked participation id, -1 with e
 * (409) naming their serial; 0 otherwise. */
int assessment_unlocked(struct svc *s, int64_t id, struct err *e);

/*
 * The assessment as pages and JSON show it: {criteria: [{code, name,
 * weight, score, indicators: [{code, text, answer, answer_note, verdict,
 * verdict_label, verdict_note, final, final_text, source, disputed,
 * spread, scores?}]}], knockouts, adjustments, total, threshold,
 * predicate, passes, complete, explanation}, names in language l. With
 * per_assessor the indicators carry each submitted assessor's score with
 * their name (scores: [{assessor, option, value, justification}]);
 * without, nothing that tells assessors apart. New reference or NULL.
 */
json_t *
assessment_json(struct svc *s, const struct assessment *a, enum lang l, bool per_assessor);

/* One score as an assessor gives it. */
struct score_in {
	const char *indicator;     /* an indicator the verifier verified */
	const char *option;        /* NULL or "": none chosen (yet) */
	const char *justification; /* NULL or "": none written (yet) */
};

/*
 * Save s's actor's draft scores of participation pid that differ from what
 * is stored, each with a history row, one timeline entry and the audit
 * entry "score.save", in a transaction guarded for TR_SCORE: the actor is
 * an active assessor who declared no conflict, whose sheet is not
 * submitted. -1 with e (the guard's refusal; 409 for a submitted sheet or
 * no declaration, or scores locked by the minutes; 422 with pr naming the
 * fields "nilai.CODE" of an indicator not verified or an option not on its
 * scale).
 */
int scoring_save(struct svc *s, int64_t pid, const struct score_in *in, size_t n,
    struct svc_problems *pr, struct err *e);

/*
 * Submit s's actor's sheet of pid (TR_SCORE): refused (422, naming them)
 * while a verified indicator lacks a score or justification; else the
 * sheet is locked, with its timeline and audit entries ("score.submit"),
 * and when every active assessor has now submitted the participation
 * moves to assessed (TR_SCORED) in the same transaction (*finished, may
 * be NULL).
 */
int scoring_submit(struct svc *s, int64_t pid, bool *finished, struct err *e);

/* The admin's entries for the adjustments of pid. */
struct adjust_in {
	const char *zone; /* "none", "wbk" or "wbbm" */
	int64_t findings; /* Ombudsman findings, 0 or more */
};

/*
 * Record in for pid (policy ACT_DECREE, the assessment stage before the
 * plenary's minutes), a new entry with its timeline and audit entries
 * ("adjustment.set"). -1 with e: 403/404, 409 when not in assessment or
 * locked, 422 with pr for a bad zone or count.
 */
int scoring_adjust(struct svc *s, int64_t pid, const struct adjust_in *in,
    struct svc_problems *pr, struct err *e);

#endif
