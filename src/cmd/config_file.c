/*
 * config_file.c - reading the one input file a subcommand takes (a
 * rulebook, a CSV, a backup's manifest) whole, with a size cap.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/config.h"

char *
config_file_arg(int argc, char **argv, const char *name, const char *help, size_t max,
    size_t *len, int *rc)
{
	char *text;

	if (optind + 1 != argc) {
		config_die("%s: expected one FILE; see p2ham %s --help", name, help);
		*rc = 2;
		return NULL;
	}
	if ((text = config_read_file(argv[optind], max, len)) == NULL)
		*rc = 1;
	return text;
}

char *
config_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f;
	char *text = NULL, *t;
	size_t n = 0, cap = 0, got;

	if ((f = fopen(path, "rb")) == NULL) {
		config_die("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024 * 1024;
			if (cap > max + 1)
				cap = max + 1;
			if (n == cap) {
				config_die("%s is larger than %zu MiB", path,
				    max / (1024 * 1024));
				goto fail;
			}
			if ((t = realloc(text, cap + 1)) == NULL) {
				config_die("out of memory");
				goto fail;
			}
			text = t;
		}
		got = fread(text + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		config_die("cannot read %s", path);
		goto fail;
	}
	fclose(f);
	text[n] = '\0';
	*len = n;
	return text;
fail:
	fclose(f);
	free(text);
	return NULL;
}
