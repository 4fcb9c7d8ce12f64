/*
 * stage.c - names of the programme's stages and of the states in them.
 */
#include <string.h>

#include "base/code.h"
#include "core/stage.h"

static const char *const codes[STAGE_MAX] = { STAGE_LIST(CODE_ENTRY) };

/* Each state's code and the stage it belongs to. */
static const struct {
	const char *code;
	enum stage stage;
} pstates[PSTATE_MAX] = {
	[PSTATE_DRAFT] = { "draft", STAGE_DECLARATION },
	[PSTATE_REQUESTED] = { "requested", STAGE_DECLARATION },
	[PSTATE_APPROVED] = { "approved", STAGE_DECLARATION },
	[PSTATE_DECLARED] = { "declared", STAGE_DECLARATION },
	[PSTATE_BUILDING] = { "building", STAGE_BUILDING },
	[PSTATE_SUBMITTED] = { "submitted", STAGE_BUILDING },
	[PSTATE_AWAITING_EVALUATION] = { "awaiting_evaluation", STAGE_EVALUATION },
	[PSTATE_PASSED] = { "passed", STAGE_EVALUATION },
	[PSTATE_FAILED] = { "failed", STAGE_EVALUATION },
	[PSTATE_EVIDENCE_OPEN] = { "evidence_open", STAGE_ASSESSMENT },
	[PSTATE_VERIFICATION] = { "verification", STAGE_ASSESSMENT },
	[PSTATE_REVISION] = { "revision", STAGE_ASSESSMENT },
	[PSTATE_SCORING] = { "scoring", STAGE_ASSESSMENT },
	[PSTATE_ASSESSED] = { "assessed", STAGE_ASSESSMENT },
	[PSTATE_RECOMMENDED] = { "recommended", STAGE_ASSESSMENT },
	[PSTATE_NOT_RECOMMENDED] = { "not_recommended", STAGE_ASSESSMENT },
	[PSTATE_AWARDED] = { "awarded", STAGE_ASSESSMENT },
	[PSTATE_NOT_AWARDED] = { "not_awarded", STAGE_ASSESSMENT },
	[PSTATE_SUPERVISED] = { "supervised", STAGE_SUPERVISION },
	[PSTATE_REVOKED] = { "revoked", STAGE_SUPERVISION },
};

CODE_FUNCTIONS(stage, enum stage, codes, STAGE_MAX)

CODE_MEMBER_FUNCTIONS(pstate, enum pstate, pstates, code, PSTATE_MAX)

enum stage
pstate_stage(enum pstate s)
{
	return s < PSTATE_MAX ? pstates[s].stage : STAGE_MAX;
}
