/*
 * stage.c - names of the programme's stages.
 */
#include <string.h>

#include "core/stage.h"

static const char *const codes[STAGE_MAX] = {
	[STAGE_DECLARATION] = "pencanangan",
	[STAGE_BUILDING] = "pembangunan",
	[STAGE_EVALUATION] = "evaluasi",
	[STAGE_ASSESSMENT] = "penilaian",
	[STAGE_SUPERVISION] = "pembinaan",
};

const char *
stage_code(enum stage s)
{
	return s < STAGE_MAX ? codes[s] : "";
}

enum stage
stage_parse(const char *code)
{
	int i;

	for (i = 0; i < STAGE_MAX; i++)
		if (strcmp(code, codes[i]) == 0)
			return (enum stage)i;
	return STAGE_MAX;
}
