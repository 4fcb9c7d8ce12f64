/*
 * mustache_spec.c - runs the official mustache spec against the engine.
 *
 *	mustache_spec DIR
 *
 * Loads every *.json file in DIR except the optional modules (names starting
 * with '~'); for each test builds a fresh set holding the template and its
 * partials, renders the data and compares with the expected text. Prints each
 * failure, then one line "mustache spec: N passed, M failed" (a file that
 * does not load, or a DIR without spec files, counts as a failure). Exits 0
 * when nothing failed, 1 otherwise, 77 (meson's "skipped") when DIR is missing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "view/mustache.h"

/* Name under which each test's own template is stored; no spec partial uses it. */
#define SPEC_TEMPLATE	"(spec template)"

struct spec_count {
	unsigned passed;	/* tests whose output matched */
	unsigned failed;	/* tests that did not, and files that did not load */
};

/* Print s[0..len) as a C string literal, so whitespace differences show. */
static void
spec_quote(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default:
			if ((unsigned char)s[i] < 0x20)
				printf("\\x%02x", (unsigned char)s[i]);
			else
				putchar(s[i]);
		}
	}
	puts("\"");
}

/* Run one test object; 0 when it passed. */
static int
spec_run_test(const char *file, json_t *test)
{
	const char *name = json_string_value(json_object_get(test, "name"));
	json_t *tpl = json_object_get(test, "template");
	json_t *expected = json_object_get(test, "expected");
	json_t *partials = json_object_get(test, "partials");
	json_t *data = json_object_get(test, "data");
	struct mustache_set *set = NULL;
	struct err e = { 0 };
	struct buf out;
	const char *pname;
	json_t *psrc;
	int rc = -1;

	buf_init(&out, 0);
	if (name == NULL)
		name = "(unnamed)";
	if (!json_is_string(tpl) || !json_is_string(expected)) {
		printf("FAIL %s: %s: no template or expected string\n", file, name);
		goto done;
	}
	if ((set = mustache_set_new()) == NULL) {
		printf("FAIL %s: %s: out of memory\n", file, name);
		goto done;
	}
	json_object_foreach(partials, pname, psrc) {
		if (!json_is_string(psrc) || mustache_set_add(set, pname,
		    json_string_value(psrc), json_string_length(psrc), &e) != 0) {
			printf("FAIL %s: %s: partial %s: %s\n", file, name, pname,
			    json_is_string(psrc) ? e.msg : "not a string");
			goto done;
		}
	}
	if (mustache_set_add(set, SPEC_TEMPLATE, json_string_value(tpl),
	    json_string_length(tpl), &e) != 0 ||
	    mustache_render(set, SPEC_TEMPLATE, data, &out, &e) != 0) {
		printf("FAIL %s: %s: %s\n", file, name, e.msg);
		goto done;
	}
	if (out.len != json_string_length(expected) ||
	    memcmp(buf_cstr(&out), json_string_value(expected), out.len) != 0) {
		printf("FAIL %s: %s\n  expected: ", file, name);
		spec_quote(json_string_value(expected), json_string_length(expected));
		fputs("  got:      ", stdout);
		spec_quote(buf_cstr(&out), out.len);
		goto done;
	}
	rc = 0;
done:
	mustache_set_free(set);
	buf_free(&out);
	return rc;
}

static void
spec_run_file(const char *dir, const char *file, struct spec_count *count)
{
	char path[4096];
	json_error_t jerr;
	json_t *root, *tests, *test;
	size_t i;
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		printf("FAIL %s: path too long\n", file);
		count->failed++;
		return;
	}
	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		printf("FAIL %s: line %d: %s\n", file, jerr.line, jerr.text);
		count->failed++;
		return;
	}
	tests = json_object_get(root, "tests");
	if (!json_is_array(tests)) {
		printf("FAIL %s: no \"tests\" array\n", file);
		count->failed++;
	}
	json_array_foreach(tests, i, test) {
		if (spec_run_test(file, test) == 0)
			count->passed++;
		else
			count->failed++;
	}
	json_decref(root);
}

/* Append a copy of name to the growing array *names; -1 when out of memory. */
static int
spec_push_name(char ***names, size_t *n, size_t *cap, const char *name)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	char **grown;

	if (*n == *cap) {
		if ((grown = realloc(*names, ncap * sizeof(*grown))) == NULL)
			return -1;
		*names = grown;
		*cap = ncap;
	}
	if (((*names)[*n] = strdup(name)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
spec_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	struct spec_count count = { 0, 0 };
	char **names = NULL;
	size_t n = 0, cap = 0, i, len;
	struct dirent *de;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: mustache_spec DIR\n");
		return 2;
	}
	if ((d = opendir(argv[1])) == NULL) {
		if (errno == ENOENT) {
			printf("mustache spec: skipped (%s not found)\n", argv[1]);
			return 77;
		}
		fprintf(stderr, "mustache_spec: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '~' || de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (spec_push_name(&names, &n, &cap, de->d_name) != 0) {
			printf("FAIL %s: out of memory\n", de->d_name);
			count.failed++;
			break;
		}
	}
	closedir(d);
	if (n == 0 && count.failed == 0) {
		printf("FAIL %s: no spec files\n", argv[1]);
		count.failed++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), spec_cmp_names);
	for (i = 0; i < n; i++) {
		spec_run_file(argv[1], names[i], &count);
		free(names[i]);
	}
	free(names);
	printf("mustache spec: %u passed, %u failed\n", count.passed, count.failed);
	return count.failed == 0 ? 0 : 1;
}
