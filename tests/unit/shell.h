/*
 * shell.h - for the unit tests that read generated files with command-line
 * tools (pdftotext, zbarimg) and clean up their scratch directories.
 * Included by one test source each, after cmocka.h, hence static (inline:
 * not every one uses every helper).
 */
#ifndef P2HAM_TEST_SHELL_H
#define P2HAM_TEST_SHELL_H

#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"

/* The standard output of cmd, NUL-terminated, in b. */
static inline int
run(const char *cmd, struct buf *b)
{
	char chunk[4096];
	size_t n;
	FILE *f = popen(cmd, "r");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(b, chunk, n);
	buf_cstr(b);
	return pclose(f);
}

static inline void
remove_dir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

#endif
