/*
 * fuzz_json.c - JSON input as the application reads it: jansson's
 * json_loadb with the flags the callers use (none for the catalogs and the
 * audit trail, JSON_REJECT_DUPLICATES for rulebooks, JSON_DECODE_ANY for
 * audit summaries). Every string and key that comes out must be valid UTF-8
 * without NUL, what loads must dump and load back equal, and the stricter
 * flags may only refuse more, never read differently.
 */
#include <stdbool.h>

#include <jansson.h>

#include "base/str.h"
#include "fuzz.h"

/* Every key and string of v is valid UTF-8 without NUL (past the boundary,
 * all text is). */
static void
check_text(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, item) {
			FUZZ_CHECK(utf8_valid(key, strlen(key)));
			check_text(item);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
			check_text(item);
		break;
	case JSON_STRING:
		FUZZ_CHECK(utf8_valid(json_string_value(v), json_string_length(v)));
		FUZZ_CHECK(strlen(json_string_value(v)) == json_string_length(v));
		break;
	default:
		break;
	}
}

/* Dumped compactly and loaded back, v is the same value. */
static void
check_round_trip(json_t *v)
{
	json_error_t je;
	json_t *back;
	char *text;

	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	FUZZ_CHECK(text != NULL);
	back = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	FUZZ_CHECK(back != NULL);
	FUZZ_CHECK(json_equal(v, back));
	json_decref(back);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	json_t *plain, *strict, *any;
	json_error_t je;

	plain = json_loadb(s, size, 0, &je);
	if (plain == NULL)
		FUZZ_CHECK(je.text[0] != '\0' && (size_t)je.position <= size);
	strict = json_loadb(s, size, JSON_REJECT_DUPLICATES, &je);
	any = json_loadb(s, size, JSON_DECODE_ANY, &je);
	if (strict != NULL)
		FUZZ_CHECK(plain != NULL && json_equal(plain, strict));
	if (plain != NULL) {
		FUZZ_CHECK(json_is_object(plain) || json_is_array(plain));
		FUZZ_CHECK(any != NULL && json_equal(plain, any));
		check_text(plain);
		check_round_trip(plain);
	}
	if (any != NULL) {
		check_text(any);
		check_round_trip(any);
	}
	json_decref(plain);
	json_decref(strict);
	json_decref(any);
	return 0;
}
