/*
 * survey_tokens.c - form tokens for the survey benchmark: COUNT tokens of
 * the survey form for unit UNIT, signed with the installation's key in
 * DATA_DIR as the server signs them, each issued AGE_MS milliseconds ago
 * (past the guard's minimum fill time) with its own random nonce, one per
 * line on standard output. The load generator sends each once, as COUNT
 * people who each opened the form would.
 *
 *	survey_tokens DATA_DIR UNIT COUNT [AGE_MS]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

#include "base/err.h"
#include "web/public/formguard.h"
#include "web/public/survey.h"

int
main(int argc, char **argv)
{
	char token[FORMGUARD_TOKEN_MAX];
	struct timeval tv;
	struct err e = { 0 };
	long long unit, count, age = 5000, i;
	int64_t now_ms;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: survey_tokens DATA_DIR UNIT COUNT [AGE_MS]\n");
		return 2;
	}
	unit = strtoll(argv[2], NULL, 10);
	count = strtoll(argv[3], NULL, 10);
	if (argc == 5)
		age = strtoll(argv[4], NULL, 10);
	if (unit <= 0 || count <= 0 || age < 0) {
		fprintf(stderr, "survey_tokens: UNIT and COUNT must be positive\n");
		return 2;
	}
	if (formguard_init(argv[1], NULL, &e) < 0) {
		fprintf(stderr, "survey_tokens: %s\n", e.msg);
		return 1;
	}
	gettimeofday(&tv, NULL);
	now_ms = (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000 - age;
	for (i = 0; i < count; i++) {
		formguard_issue(SURVEY_FORM, unit, now_ms, token);
		if (puts(token) == EOF)
			return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
