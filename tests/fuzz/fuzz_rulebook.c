/*
 * fuzz_rulebook.c - the rulebook loader (core/rulebook.h) as the import
 * reads a document: rulebook_json_load, then rulebook_parse against the
 * built-in unit types, then for a rulebook that parses, the plain-words
 * description of its scoring and its canonical form. Problems are counted
 * consistently and every message is valid UTF-8 (it is shown on a page); a
 * rulebook comes back exactly when no problem was found; the canonical
 * form is a fixed point and its hash is 64 hex digits.
 */
#include <stdbool.h>

#include "base/str.h"
#include "core/rulebook.h"
#include "core/unit_type.h"
#include "fuzz.h"

#define ARENA_CAP	(32u * 1024 * 1024)	/* as a request's */

static void
check_problems(const struct rulebook_problems *p)
{
	size_t i;

	FUZZ_CHECK(p->count <= p->total);
	FUZZ_CHECK(p->count <= RULEBOOK_PROBLEMS_MAX);
	FUZZ_CHECK(p->count == p->total || p->count == RULEBOOK_PROBLEMS_MAX);
	for (i = 0; i < p->count; i++) {
		FUZZ_CHECK(p->msgs[i] != NULL && p->msgs[i][0] != '\0');
		if (!utf8_valid(p->msgs[i], strlen(p->msgs[i])))
			fprintf(stderr, "problem %zu is not UTF-8: %s\n", i, p->msgs[i]);
		FUZZ_CHECK(utf8_valid(p->msgs[i], strlen(p->msgs[i])));
	}
}

/* The canonical text of doc, its hash well formed and the text a fixed
 * point: loaded and made canonical again, it is the same text. */
static void
check_canonical(const json_t *doc)
{
	char hex[RULEBOOK_SHA256_HEX_LEN], hex2[RULEBOOK_SHA256_HEX_LEN];
	char *text, *again;
	size_t len, len2, i;
	json_error_t je;
	json_t *back;

	text = rulebook_canonical(doc, &len, hex);
	FUZZ_CHECK(text != NULL && strlen(text) == len);
	FUZZ_CHECK(strlen(hex) == RULEBOOK_SHA256_HEX_LEN - 1);
	for (i = 0; hex[i] != '\0'; i++)
		FUZZ_CHECK((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f'));
	back = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	FUZZ_CHECK(back != NULL);
	again = rulebook_canonical(back, &len2, hex2);
	FUZZ_CHECK(again != NULL && len2 == len && memcmp(again, text, len) == 0);
	FUZZ_CHECK(strcmp(hex, hex2) == 0);
	free(again);
	json_decref(back);
	free(text);
}

static void
check_rulebook(const struct rulebook *rb, struct arena *a)
{
	const char **sentences;
	size_t i, j, all = 0, n;
	int l;

	FUZZ_CHECK(rb->code != NULL && rb->version >= 1);
	FUZZ_CHECK(rb->criterion_count > 0);
	for (l = 0; l < RULEBOOK_LANG_MAX; l++) {
		sentences = rulebook_describe_scoring(rb, (enum rulebook_lang)l, a);
		FUZZ_CHECK(sentences != NULL);
		for (i = 0; sentences[i] != NULL; i++)
			FUZZ_CHECK(utf8_valid(sentences[i], strlen(sentences[i])));
	}
	for (i = 0; i < rb->criterion_count; i++) {
		FUZZ_CHECK(rb->criteria[i].indicator_count > 0);
		all += rb->criteria[i].indicator_count;
		for (j = 0; j < rb->criteria[i].indicator_count; j++)
			FUZZ_CHECK(rb->criteria[i].indicators[j].scale != NULL);
	}
	for (i = 0; i < UNIT_TYPE_MAX; i++) {
		n = rulebook_indicator_count(rb, unit_types[i].code);
		FUZZ_CHECK(n <= all);
		for (j = 0; j < rb->criterion_count; j++)
			FUZZ_CHECK(rulebook_criterion_count(rb, &rb->criteria[j],
			    unit_types[i].code) <= rb->criteria[j].indicator_count);
	}
	for (i = 1; i < rb->predicate_count; i++)
		FUZZ_CHECK(rb->predicates[i - 1].min_total.v <= rb->predicates[i].min_total.v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *known[UNIT_TYPE_MAX];
	struct rulebook_problems p;
	struct rulebook *rb;
	struct arena a;
	json_t *doc;

	unit_type_codes(known);
	arena_init(&a, ARENA_CAP);
	memset(&p, 0, sizeof(p));
	doc = rulebook_json_load((const char *)data, size, &a, &p);
	if (doc == NULL) {
		FUZZ_CHECK(p.total == 1 && p.count == 1);
		check_problems(&p);
		arena_free(&a);
		return 0;
	}
	FUZZ_CHECK(p.total == 0);
	rb = rulebook_parse(doc, known, UNIT_TYPE_MAX, &a, &p);
	check_problems(&p);
	FUZZ_CHECK((rb != NULL) == (p.total == 0));
	if (rb != NULL)
		check_rulebook(rb, &a);
	check_canonical(doc);
	json_decref(doc);
	arena_free(&a);
	return 0;
}
