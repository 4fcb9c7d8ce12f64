/*
 * stage.h - the five stages of the programme as the 2022 and 2023
 * regulations name them, and the states a participation takes in them.
 * Pure data: no I/O. The codes are what rows, JSON, addresses and catalog
 * keys carry; everything else holds the enums.
 */
#ifndef P2HAM_STAGE_H
#define P2HAM_STAGE_H

#include "base/code.h"

/* clang-format off */
#define STAGE_LIST(X) \
	X(STAGE_DECLARATION, "pencanangan") /* pencanangan */ \
	X(STAGE_BUILDING, "pembangunan")    /* pembangunan */ \
	X(STAGE_EVALUATION, "evaluasi")     /* evaluasi */ \
	X(STAGE_ASSESSMENT, "penilaian")    /* penilaian */ \
	X(STAGE_SUPERVISION, "pembinaan")   /* pembinaan dan pengawasan */
/* clang-format on */

enum stage { STAGE_LIST(CODE_ENUM) STAGE_MAX };

/* The stage's code as used in addresses and catalogs, e.g. "pencanangan". */
const char *stage_code(enum stage s);
/* The stage called code, or STAGE_MAX (also for NULL). */
enum stage stage_parse(const char *code);

/*
 * Where a participation stands within its stage, in the order a
 * participation meets them (DESIGN.md, stages of a participation). The
 * order is the programme's: dashboards sort their columns by it.
 */
enum pstate {
	PSTATE_DRAFT,               /* no live declaration request */
	PSTATE_REQUESTED,           /* the request awaits a decision */
	PSTATE_APPROVED,            /* approved; the event is to be recorded */
	PSTATE_DECLARED,            /* confirmed: the declaration's closing state */
	PSTATE_BUILDING,            /* self-assessment open */
	PSTATE_SUBMITTED,           /* submitted: building's closing state */
	PSTATE_AWAITING_EVALUATION, /* the evaluator has not decided */
	PSTATE_PASSED,              /* evaluation's closing state */
	PSTATE_FAILED,              /* ends the participation for the cycle */
	PSTATE_EVIDENCE_OPEN,       /* assessment: uploading evidence */
	PSTATE_VERIFICATION,        /* assessment: the verifier checks */
	PSTATE_REVISION,            /* sent back: the unit revises the
				       flagged indicators */
	PSTATE_SCORING,             /* verified: the assessors score */
	PSTATE_ASSESSED,            /* scored by every assessor: awaits the
				       plenary */
	PSTATE_RECOMMENDED,         /* recommended by the plenary */
	PSTATE_NOT_RECOMMENDED,     /* not recommended by the plenary */
	PSTATE_AWARDED,             /* given a predicate */
	PSTATE_NOT_AWARDED,
	PSTATE_SUPERVISED, /* supervision */
	PSTATE_REVOKED,    /* the award was revoked */
	PSTATE_MAX
};

/* The state's code as rows and catalogs (state.CODE) carry it, e.g.
 * "awaiting_evaluation"; "" out of range. */
const char *pstate_code(enum pstate s);
/* The state called code, or PSTATE_MAX (also for NULL). */
enum pstate pstate_parse(const char *code);
/* The stage state s belongs to; STAGE_MAX out of range. */
enum stage pstate_stage(enum pstate s);

#endif
