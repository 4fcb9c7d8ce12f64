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
 * order is the programme's: dashboards sort their columns by it. Each
 * has its code and the stage it belongs to.
 */
/* clang-format off */
#define PSTATE_LIST(X) \
	/* no live declaration request */ \
	X(PSTATE_DRAFT, "draft", STAGE_DECLARATION) \
	/* the request awaits a decision */ \
	X(PSTATE_REQUESTED, "requested", STAGE_DECLARATION) \
	/* approved; the event is to be recorded */ \
	X(PSTATE_APPROVED, "approved", STAGE_DECLARATION) \
	/* confirmed: the declaration's closing state */ \
	X(PSTATE_DECLARED, "declared", STAGE_DECLARATION) \
	/* self-assessment open */ \
	X(PSTATE_BUILDING, "building", STAGE_BUILDING) \
	/* submitted: building's closing state */ \
	X(PSTATE_SUBMITTED, "submitted", STAGE_BUILDING) \
	/* the evaluator has not decided */ \
	X(PSTATE_AWAITING_EVALUATION, "awaiting_evaluation", STAGE_EVALUATION) \
	/* evaluation's closing state */ \
	X(PSTATE_PASSED, "passed", STAGE_EVALUATION) \
	/* ends the participation for the cycle */ \
	X(PSTATE_FAILED, "failed", STAGE_EVALUATION) \
	/* assessment: uploading evidence */ \
	X(PSTATE_EVIDENCE_OPEN, "evidence_open", STAGE_ASSESSMENT) \
	/* assessment: the verifier checks */ \
	X(PSTATE_VERIFICATION, "verification", STAGE_ASSESSMENT) \
	/* sent back: the unit revises the flagged indicators */ \
	X(PSTATE_REVISION, "revision", STAGE_ASSESSMENT) \
	/* verified: the assessors score */ \
	X(PSTATE_SCORING, "scoring", STAGE_ASSESSMENT) \
	/* scored by every assessor: awaits the plenary */ \
	X(PSTATE_ASSESSED, "assessed", STAGE_ASSESSMENT) \
	/* recommended by the plenary */ \
	X(PSTATE_RECOMMENDED, "recommended", STAGE_ASSESSMENT) \
	/* not recommended by the plenary */ \
	X(PSTATE_NOT_RECOMMENDED, "not_recommended", STAGE_ASSESSMENT) \
	/* given a predicate */ \
	X(PSTATE_AWARDED, "awarded", STAGE_ASSESSMENT) \
	X(PSTATE_NOT_AWARDED, "not_awarded", STAGE_ASSESSMENT) \
	/* supervision */ \
	X(PSTATE_SUPERVISED, "supervised", STAGE_SUPERVISION) \
	/* the award was revoked */ \
	X(PSTATE_REVOKED, "revoked", STAGE_SUPERVISION)
/* clang-format on */

enum pstate { PSTATE_LIST(CODE_ENUM) PSTATE_MAX };

/* The state's code as rows and catalogs (state.CODE) carry it, e.g.
 * "awaiting_evaluation"; "" out of range. */
const char *pstate_code(enum pstate s);
/* The state called code, or PSTATE_MAX (also for NULL). */
enum pstate pstate_parse(const char *code);
/* The stage state s belongs to; STAGE_MAX out of range. */
enum stage pstate_stage(enum pstate s);

#endif
