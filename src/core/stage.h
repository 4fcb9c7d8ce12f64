/*
 * stage.h - the five stages of the programme as the 2022 and 2023
 * regulations name them. Pure data: no I/O.
 */
#ifndef P2HAM_STAGE_H
#define P2HAM_STAGE_H

enum stage {
	STAGE_DECLARATION,	/* pencanangan */
	STAGE_BUILDING,		/* pembangunan */
	STAGE_EVALUATION,	/* evaluasi */
	STAGE_ASSESSMENT,	/* penilaian */
	STAGE_SUPERVISION,	/* pembinaan dan pengawasan */
	STAGE_MAX
};

/* The stage's code as used in addresses and catalogs, e.g. "pencanangan". */
const char *stage_code(enum stage s);
/* The stage called code, or STAGE_MAX. */
enum stage stage_parse(const char *code);

#endif
