/*
 * replay.c - runs one fuzz target over kept inputs without libFuzzer, so
 * that the normal build (gcc, and the ASan+UBSan build) checks the whole
 * corpus on every `make test`: SQLite's fuzzcheck idea. Linked with one
 * tests/fuzz/fuzz_<name>.c; meson runs it in the 'fuzz' suite.
 *
 *   replay_<name> PATH...
 *
 * Each PATH is an input file or a directory whose files (not those whose
 * names begin with '.') are inputs, run in name order. Each input is read
 * into a buffer of exactly its size, so the sanitizers see a read past its
 * end. A broken invariant aborts, naming the input on the line before.
 * Exits 0 when every input ran, 1 when a PATH could not be read or there
 * was no input at all (an empty corpus must not pass unnoticed).
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Read the file at path into a malloc'd buffer of its size; NULL on error. */
static uint8_t *
read_input(const char *path, size_t *size)
{
	uint8_t *data = NULL;
	struct stat st;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(f), &st) < 0 || st.st_size < 0)
		goto fail;
	*size = (size_t)st.st_size;
	/* malloc(0) may return NULL: keep one byte, pass the size. */
	if ((data = malloc(*size > 0 ? *size : 1)) == NULL)
		goto fail;
	if (*size > 0 && fread(data, 1, *size, f) != *size)
		goto fail;
	fclose(f);
	return data;
fail:
	free(data);
	fclose(f);
	return NULL;
}

/* Run the target on one file; -1 when it could not be read. */
static int
replay_file(const char *path)
{
	uint8_t *data;
	size_t size;

	if ((data = read_input(path, &size)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("replay: %s (%zu bytes)\n", path, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int
skip_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Run the target on every file of dir; adds to *count; -1 on an error. */
static int
replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	char path[4096];
	struct stat st;
	int n, i, rc = 0;

	if ((n = scandir(dir, &names, skip_hidden, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) >=
			    (int)sizeof(path)) {
				fprintf(stderr, "replay: %s/%s: name too long\n", dir,
				    names[i]->d_name);
				rc = -1;
			} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(path) < 0)
					rc = -1;
				else
					(*count)++;
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	size_t count = 0, before;
	struct stat st;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH...\n", argv[0]);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		before = count;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) < 0)
				return 1;
		} else if (replay_file(argv[i]) < 0)
			return 1;
		else
			count++;
		printf("replay: %zu inputs from %s\n", count - before, argv[i]);
	}
	if (count == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	return 0;
}
