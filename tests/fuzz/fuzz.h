/*
 * fuzz.h - what every fuzz target shares. A target is one file
 * tests/fuzz/fuzz_<name>.c defining LLVMFuzzerTestOneInput; libFuzzer calls
 * it under `make fuzz` (clang, build-fuzz/), and tests/fuzz/replay.c calls
 * it over the kept corpus in the meson 'fuzz' suite (gcc, and the sanitizer
 * build). FUZZ_CHECK states an invariant of the parser under test; a broken
 * one aborts, which libFuzzer records as a crash with its input and the
 * replay as a failed test.
 */
#ifndef P2HAM_FUZZ_H
#define P2HAM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Run one parser over data[0..size), which is not NUL-terminated and is
 * only borrowed. Returns 0 (libFuzzer's contract); frees everything it
 * allocated, so that LeakSanitizer sees a leak as the parser's.
 */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated malloc'd copy of data[0..size); aborts when out of memory
 * (a harness failure, not the parser's). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
