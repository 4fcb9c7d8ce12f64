/*
 * stage.c - names of the programme's stages and of the states in them.
 */
#include <string.h>

#include "base/code.h"
#include "core/stage.h"

static const char *const codes[STAGE_MAX] = { STAGE_LIST(CODE_ENTRY) };

#define PSTATE_ENTRY(value, code, stage) [value] = { code, stage },
static const struct {
	const char *code;
	enum stage stage;
} pstates[PSTATE_MAX] = { PSTATE_LIST(PSTATE_ENTRY) };

CODE_FUNCTIONS(stage, enum stage, codes, STAGE_MAX)

CODE_MEMBER_FUNCTIONS(pstate, enum pstate, pstates, code, PSTATE_MAX)

enum stage
pstate_stage(enum pstate s)
{
	return s < PSTATE_MAX ? pstates[s].stage : STAGE_MAX;
}
