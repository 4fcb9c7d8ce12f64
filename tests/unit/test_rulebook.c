/*
 * test_rulebook.c - the rulebook format (docs/rulebook.md): the example of
 * the documentation passes; a table of broken variants of it is each refused
 * with the exact JSON path and reason; several problems are all reported;
 * the canonical hash matches an independent implementation; the scoring is
 * described with the rulebook's numbers. The shipped rulebooks are checked
 * in test_rulebook_shipped.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "rulebook_check.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The complete small example of docs/rulebook.md, compacted. */
static const char example[] =
    "{\"format\":\"p2ham-rulebook-1\",\"code\":\"contoh-pemda\",\"version\":1,"
    "\"title\":{\"id\":\"Contoh aturan P2HAM untuk perangkat daerah\","
    "\"en\":\"Example P2HAM rulebook for regional government offices\"},"
    "\"legal_basis\":{\"number\":\"Permenkumham 25/2023\",\"title\":{\"id\":"
    "\"Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 25 Tahun 2023 tentang "
    "Pelayanan Publik Berbasis Hak Asasi Manusia\",\"en\":\"Regulation of the "
    "Minister of Law and Human Rights Number 25 of 2023 on Human-Rights-Based "
    "Public Service\"},\"date\":\"2023-10-13\"},"
    "\"stages\":[\"pencanangan\",\"evaluasi\",\"penilaian\",\"pembinaan\"],"
    "\"unit_types\":[\"opd\",\"wisata\"],"
    "\"scales\":[{\"code\":\"ada_tidak\",\"options\":["
    "{\"code\":\"ada\",\"label\":{\"id\":\"Ada\",\"en\":\"Present\"},\"value\":1},"
    "{\"code\":\"tidak\",\"label\":{\"id\":\"Tidak "
    "ada\",\"en\":\"Absent\"},\"value\":0}]}],"
    "\"criteria\":["
    "{\"code\":\"sarana\",\"name\":{\"id\":\"Sarana dan prasarana\","
    "\"en\":\"Facilities and infrastructure\"},\"weight\":60,\"indicators\":["
    "{\"code\":\"ramp\",\"text\":{\"id\":\"Tersedia ramp dengan pegangan tangan\","
    "\"en\":\"A ramp with handrails is available\"},\"scale\":\"ada_tidak\","
    "\"evidence_required\":true,\"evidence_guidance\":{\"id\":\"Foto ramp di pintu "
    "masuk\",\"en\":\"Photo of the ramp at the entrance\"}},"
    "{\"code\":\"jalur_wisata\",\"text\":{\"id\":\"Jalur menuju daya tarik wisata "
    "dapat dilalui kursi roda\",\"en\":\"The path to the attraction is wheelchair "
    "accessible\"},\"scale\":\"ada_tidak\",\"unit_types\":[\"wisata\"],"
    "\"evidence_required\":true,\"evidence_guidance\":{\"id\":\"Foto dan denah "
    "jalur\",\"en\":\"Photos and a map of the path\"}}]},"
    "{\"code\":\"sdm\",\"name\":{\"id\":\"Sumber daya manusia\",\"en\":\"Staff\"},"
    "\"weight\":40,\"indicators\":["
    "{\"code\":\"petugas_siaga\",\"text\":{\"id\":\"Petugas siaga bagi kelompok "
    "rentan\",\"en\":\"Staff on standby for vulnerable groups\"},\"scale\":"
    "\"ada_tidak\",\"evidence_required\":false,\"knockout\":true}]}],"
    "\"scoring\":{\"method\":\"weighted_mean\",\"pass_threshold\":75,"
    "\"predicates\":[{\"code\":\"p2ham\",\"label\":{\"id\":\"Unit Kerja P2HAM\","
    "\"en\":\"P2HAM Work Unit\"},\"min_total\":75}],"
    "\"adjustments\":[{\"kind\":\"ikm_grade\",\"points\":{\"A\":2,\"B\":1,\"C\":0,"
    "\"D\":-2}}]},"
    "\"defaults\":[\"criteria.*.weight\",\"scales.*.options.*.value\","
    "\"scoring.pass_threshold\",\"scoring.predicates.*.min_total\","
    "\"scoring.adjustments.ikm_grade.points.*\"]}";

/* SHA-256 of the example's canonical form, computed with Python:
 * json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False). */
static const char example_sha256[] =
    "29c954bdd674ca242f16eda17c816e337c49651802fe429bfb0fdd9463ac5185";

/* One change to the example: the value at path (JSON-pointer-like segments
 * separated by '/', "-" appends to an array) becomes value (JSON text), or
 * the key is removed when value is NULL. */
struct edit {
	const char *path;
	const char *value;
};

struct bad_case {
	const char *name;     /* what is broken */
	struct edit edits[3]; /* applied in order; path NULL ends */
	const char *problem;  /* the exact message expected among the problems */
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ "unknown scale",
	  { { "criteria/1/indicators/0/scale", "\"ada_tidak_sebagian\"" } },
	  "$.criteria[1].indicators[0].scale: unknown scale \"ada_tidak_sebagian\"" },
	{ "weights not summing to 100",
	  { { "criteria/0/weight", "50" } },
	  "$.criteria: weights sum to 90, not 100" },
	{ "duplicate scale code",
	  { { "scales/-", "{\"code\":\"ada_tidak\",\"options\":[{\"code\":\"ya\",\"label\":"
	    "{\"id\":\"Ya\",\"en\":\"Yes\"},\"value\":1},{\"code\":\"tidak\",\"label\":"
	    "{\"id\":\"Tidak\",\"en\":\"No\"},\"value\":0}]}" } },
	  "$.scales[1].code: duplicate scale code \"ada_tidak\" (also $.scales[0])" },
	{ "duplicate option code",
	  { { "scales/0/options/1/code", "\"ada\"" } },
	  "$.scales[0].options[1].code: duplicate option code \"ada\" (also "
	  "$.scales[0].options[0])" },
	{ "duplicate criterion code",
	  { { "criteria/1/code", "\"sarana\"" } },
	  "$.criteria[1].code: duplicate criterion code \"sarana\" (also $.criteria[0])" },
	{ "indicator code reused in another criterion",
	  { { "criteria/1/indicators/0/code", "\"ramp\"" } },
	  "$.criteria[1].indicators[0].code: duplicate indicator code \"ramp\" (also "
	  "$.criteria[0].indicators[0])" },
	{ "indicator for a unit type outside the rulebook",
	  { { "criteria/0/indicators/1/unit_types", "[\"lapas\"]" } },
	  "$.criteria[0].indicators[1].unit_types[0]: unit type \"lapas\" is not among "
	  "the rulebook's unit_types" },
	{ "unit type nobody knows",
	  { { "unit_types/-", "\"kapal\"" } },
	  "$.unit_types[2]: unknown unit type \"kapal\"" },
	{ "indicator for an unknown unit type",
	  { { "criteria/0/indicators/1/unit_types", "[\"pantai\"]" } },
	  "$.criteria[0].indicators[1].unit_types[0]: unknown unit type \"pantai\"" },
	{ "option value above 1",
	  { { "scales/0/options/0/value", "1.5" } },
	  "$.scales[0].options[0].value: 1.5 is outside 0..1" },
	{ "option value below 0",
	  { { "scales/0/options/1/value", "-0.25" } },
	  "$.scales[0].options[1].value: -0.25 is outside 0..1" },
	{ "pass threshold above 100",
	  { { "scoring/pass_threshold", "120" } },
	  "$.scoring.pass_threshold: 120 is outside 0..100" },
	{ "English title missing",
	  { { "title/en", NULL } },
	  "$.title.en: missing" },
	{ "Indonesian indicator text empty",
	  { { "criteria/0/indicators/0/text/id", "\"\"" } },
	  "$.criteria[0].indicators[0].text.id: empty" },
	{ "unknown stage",
	  { { "stages/-", "\"penetapan\"" } },
	  "$.stages[4]: unknown stage \"penetapan\" (use pencanangan, pembangunan, "
	  "evaluasi, penilaian or pembinaan)" },
	{ "no criteria",
	  { { "criteria", "[]" } },
	  "$.criteria: empty" },
	{ "criterion without indicators",
	  { { "criteria/1/indicators", "[]" } },
	  "$.criteria[1].indicators: empty" },
	{ "predicates not ascending",
	  { { "scoring/predicates/-", "{\"code\":\"madya\",\"label\":{\"id\":\"Madya\","
	    "\"en\":\"Intermediate\"},\"min_total\":70}" } },
	  "$.scoring.predicates[1].min_total: 70 is not above the previous predicate's "
	  "75 (list predicates from the lowest total up)" },
	{ "misspelt top-level key",
	  { { "critera", "[]" } },
	  "$.critera: unknown key (did you mean \"criteria\"?)" },
	{ "unknown key deep inside",
	  { { "criteria/0/indicators/0/knock_out", "true" } },
	  "$.criteria[0].indicators[0].knock_out: unknown key (did you mean \"knockout\"?)" },
	{ "version as a string",
	  { { "version", "\"1\"" } },
	  "$.version: must be a whole number" },
	{ "weight as a string",
	  { { "criteria/0/weight", "\"60\"" } },
	  "$.criteria[0].weight: must be a number" },
	{ "evidence_required not a boolean",
	  { { "criteria/0/indicators/0/evidence_required", "\"ya\"" } },
	  "$.criteria[0].indicators[0].evidence_required: must be true or false" },
	{ "a unit type left without indicators in a criterion",
	  { { "criteria/0/indicators/0/unit_types", "[\"wisata\"]" } },
	  "$.criteria[0]: no indicator applies to unit type \"opd\"" },
	{ "default naming no number",
	  { { "defaults/-", "\"criteria.sarana.wieght\"" } },
	  "$.defaults[5]: \"criteria.sarana.wieght\" names no number of the rulebook" },
	{ "evidence required without guidance",
	  { { "criteria/0/indicators/0/evidence_guidance", NULL } },
	  "$.criteria[0].indicators[0].evidence_guidance: missing (evidence_required is "
	  "true: say what evidence to give)" },
	{ "knock-out that can never be met",
	  { { "scales/0/options/0/value", "0.9" } },
	  "$.criteria[1].indicators[0].knockout: scale \"ada_tidak\" has no option with "
	  "value 1, so the knock-out could never be met" },
	{ "unknown format",
	  { { "format", "\"p2ham-rulebook-2\"" } },
	  "$.format: unknown format \"p2ham-rulebook-2\" (this program reads "
	  "\"p2ham-rulebook-1\")" },
	{ "code with capitals and a space",
	  { { "code", "\"Contoh Pemda\"" } },
	  "$.code: \"Contoh Pemda\" is not a code (1 to 64 of a-z, 0-9, _ and -, "
	  "starting with a letter or digit)" },
	{ "date that does not exist",
	  { { "legal_basis/date", "\"2023-02-29\"" } },
	  "$.legal_basis.date: \"2023-02-29\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
	{ "month that does not exist",
	  { { "legal_basis/date", "\"2023-13\"" } },
	  "$.legal_basis.date: \"2023-13\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
	{ "year before 1945",
	  { { "legal_basis/date", "\"1944\"" } },
	  "$.legal_basis.date: \"1944\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)" },
	{ "unknown adjustment kind",
	  { { "scoring/adjustments/-", "{\"kind\":\"wbk\",\"points\":{}}" } },
	  "$.scoring.adjustments[1].kind: unknown adjustment \"wbk\" (use ikm_grade, "
	  "integrity_zone, unresolved_complaints or ombudsman_finding)" },
	{ "IKM points without grade D",
	  { { "scoring/adjustments/0/points/D", NULL } },
	  "$.scoring.adjustments[0].points.D: missing" },
	{ "limit smaller than one occurrence",
	  { { "scoring/adjustments/-", "{\"kind\":\"unresolved_complaints\","
	    "\"points_each\":-2,\"limit\":-1}" } },
	  "$.scoring.adjustments[1].limit: -1 is less than one occurrence's points (-2) "
	  "in the same direction" },
	{ "scale no indicator uses",
	  { { "scales/-", "{\"code\":\"patuh\",\"options\":[{\"code\":\"ya\",\"label\":"
	    "{\"id\":\"Patuh\",\"en\":\"Compliant\"},\"value\":1},{\"code\":\"tidak\","
	    "\"label\":{\"id\":\"Tidak patuh\",\"en\":\"Not compliant\"},\"value\":0}]}" } },
	  "$.scales[1]: scale \"patuh\" is used by no indicator" },
	{ "the document is not an object",
	  { { "", "[]" } },
	  "$: must be an object" },
};
/* clang-format on */

static json_t *
load_example(void)
{
	json_error_t je;
	json_t *doc = json_loads(example, JSON_REJECT_DUPLICATES, &je);

	if (doc == NULL)
		fail_msg("the example does not parse: %s at %d:%d", je.text, je.line, je.column);
	return doc;
}

/* Apply e to *doc (which may be replaced when e->path is ""). */
static void
apply(json_t **doc, const struct edit *e, const char *name)
{
	json_t *parent = *doc, *v = NULL;
	char path[256], *seg, *next;
	json_error_t je;

	if (e->value != NULL && (v = json_loads(e->value, JSON_DECODE_ANY, &je)) == NULL)
		fail_msg("%s: bad edit value %s: %s", name, e->value, je.text);
	if (e->path[0] == '\0') {
		json_decref(*doc);
		*doc = v;
		return;
	}
	snprintf(path, sizeof(path), "%s", e->path);
	for (seg = path; (next = strchr(seg, '/')) != NULL; seg = next + 1) {
		*next = '\0';
		parent = json_is_array(parent)
		    ? json_array_get(parent, strtoul(seg, NULL, 10))
		    : json_object_get(parent, seg);
		if (parent == NULL)
			fail_msg("%s: no %s in the example", name, e->path);
	}
	if (json_is_array(parent)) {
		if (strcmp(seg, "-") == 0)
			json_array_append_new(parent, v);
		else
			json_array_set_new(parent, strtoul(seg, NULL, 10), v);
	} else if (v == NULL)
		json_object_del(parent, seg);
	else
		json_object_set_new(parent, seg, v);
}

static void
test_example_valid(void **state)
{
	struct rulebook_problems p;
	struct rulebook *rb;
	struct arena a;
	json_t *doc = load_example();

	arena_init(&a, 0);
	rb = parse(doc, &a, &p);
	if (rb == NULL)
		print_problems("example", &p);
	assert_non_null(rb);
	assert_int_equal(p.total, 0);
	assert_string_equal(rb->code, "contoh-pemda");
	assert_int_equal(rb->version, 1);
	assert_true(rb->stages[STAGE_DECLARATION] && rb->stages[STAGE_EVALUATION] &&
	    rb->stages[STAGE_ASSESSMENT] && rb->stages[STAGE_SUPERVISION]);
	assert_false(rb->stages[STAGE_BUILDING]);
	assert_int_equal(rb->criterion_count, 2);
	assert_int_equal(rb->criteria[0].indicator_count, 2);
	assert_ptr_equal(rb->criteria[1].indicators[0].scale, &rb->scales[0]);
	assert_true(rb->criteria[1].indicators[0].is_knockout);
	assert_false(rb->criteria[0].indicators[0].is_knockout);
	assert_null(rb->criteria[1].indicators[0].evidence_guidance.s[RULEBOOK_LANG_ID]);
	/* Indicators per type: jalur_wisata is for tourism sites only. */
	assert_int_equal(rulebook_indicator_count(rb, "opd"), 2);
	assert_int_equal(rulebook_indicator_count(rb, "wisata"), 3);
	assert_int_equal(rulebook_indicator_count(rb, "lapas"), 0);
	assert_int_equal(rulebook_criterion_count(rb, &rb->criteria[0], "opd"), 1);
	/* Every number the defaults name is marked, and only those. */
	assert_true(rb->criteria[0].weight.is_default && rb->criteria[1].weight.is_default);
	assert_true(rb->scales[0].options[0].value.is_default);
	assert_true(rb->pass_threshold.is_default);
	assert_true(rb->predicates[0].min_total.is_default);
	assert_int_equal(rb->adjustment_count, 1);
	assert_int_equal(rb->adjustments[0].kind, RB_ADJ_IKM_GRADE);
	assert_true(rb->adjustments[0].points[3].v == -2 &&
	    rb->adjustments[0].points[3].is_default);
	assert_int_equal(rb->default_count, 5);
	arena_free(&a);
	json_decref(doc);
}

static void
test_defaults_mark_only_named_numbers(void **state)
{
	struct rulebook_problems p;
	struct rulebook *rb;
	struct arena a;
	json_t *doc = load_example();

	apply(&doc, &(struct edit){ "defaults", "[\"criteria.sdm.weight\"]" }, "defaults");
	arena_init(&a, 0);
	assert_non_null(rb = parse(doc, &a, &p));
	assert_false(rb->criteria[0].weight.is_default);
	assert_true(rb->criteria[1].weight.is_default);
	assert_false(rb->pass_threshold.is_default);
	assert_false(rb->scales[0].options[0].value.is_default);
	arena_free(&a);
	json_decref(doc);
}

static void
test_bad_cases(void **state)
{
	struct rulebook_problems p;
	struct arena a;
	json_t *doc;
	size_t i, j, k;
	int failures = 0;

	for (i = 0; i < COUNT(bad_cases); i++) {
		const struct bad_case *bc = &bad_cases[i];
		bool found = false;

		doc = load_example();
		for (k = 0; k < COUNT(bc->edits) && bc->edits[k].path != NULL; k++)
			apply(&doc, &bc->edits[k], bc->name);
		arena_init(&a, 0);
		if (parse(doc, &a, &p) != NULL) {
			print_message("case \"%s\": accepted, expected %s\n", bc->name,
			    bc->problem);
			failures++;
		} else {
			for (j = 0; j < p.count && !found; j++)
				found = strcmp(p.msgs[j], bc->problem) == 0;
			if (!found) {
				print_message("case \"%s\": expected\n  %s\n", bc->name,
				    bc->problem);
				print_problems("got", &p);
				failures++;
			}
		}
		arena_free(&a);
		json_decref(doc);
	}
	assert_true(COUNT(bad_cases) >= 15);
	assert_int_equal(failures, 0);
}

static void
test_all_problems_reported(void **state)
{
	static const struct edit edits[] = {
		{ "critera", "[]" },
		{ "scales/0/options/1/value", "2" },
		{ "criteria/1/indicators/0/scale", "\"ada_tidak_x\"" },
		{ "scoring/pass_threshold", "-1" },
	};
	static const char *const expected[] = {
		"$.critera: unknown key (did you mean \"criteria\"?)",
		"$.scales[0].options[1].value: 2 is outside 0..1",
		"$.criteria[1].indicators[0].scale: unknown scale \"ada_tidak_x\"",
		"$.scoring.pass_threshold: -1 is outside 0..100",
	};
	struct rulebook_problems p;
	struct arena a;
	json_t *doc = load_example();
	size_t i;

	for (i = 0; i < COUNT(edits); i++)
		apply(&doc, &edits[i], "several");
	arena_init(&a, 0);
	assert_null(parse(doc, &a, &p));
	print_problems("several", &p);
	assert_int_equal(p.total, COUNT(expected));
	assert_int_equal(p.count, COUNT(expected));
	for (i = 0; i < COUNT(expected); i++)
		assert_string_equal(p.msgs[i], expected[i]);
	arena_free(&a);
	json_decref(doc);
}

static void
test_problem_cap(void **state)
{
	struct rulebook_problems p;
	struct arena a;
	json_t *doc = load_example();
	char key[32];
	int i;

	for (i = 0; i < RULEBOOK_PROBLEMS_MAX + 50; i++) {
		snprintf(key, sizeof(key), "extra_%d", i);
		json_object_set_new(doc, key, json_true());
	}
	arena_init(&a, 0);
	assert_null(parse(doc, &a, &p));
	assert_int_equal(p.count, RULEBOOK_PROBLEMS_MAX);
	assert_int_equal(p.total, RULEBOOK_PROBLEMS_MAX + 50);
	assert_string_equal(p.msgs[0], "$.extra_0: unknown key");
	arena_free(&a);
	json_decref(doc);
}

static void
test_json_load(void **state)
{
	static const char dup[] = "{\"code\": \"a\",\n \"code\": \"b\"}";
	static const char broken[] = "{\"code\": ";
	struct rulebook_problems p = { 0 };
	struct arena a;

	arena_init(&a, 0);
	assert_null(rulebook_json_load(dup, strlen(dup), &a, &p));
	assert_int_equal(p.total, 1);
	assert_non_null(strstr(p.msgs[0], "line 2, column"));
	assert_non_null(strstr(p.msgs[0], "duplicate object key"));
	memset(&p, 0, sizeof(p));
	assert_null(rulebook_json_load(broken, strlen(broken), &a, &p));
	assert_int_equal(p.total, 1);
	assert_true(strncmp(p.msgs[0], "line 1, column ", 15) == 0);
	arena_free(&a);
}

static void
test_canonical_hash(void **state)
{
	static const char reordered[] = "  {\"version\": 1, \"format\": \"x\"}\n";
	static const char sorted[] = "{\"format\":\"x\",\"version\":1}";
	char hex[RULEBOOK_SHA256_HEX_LEN], hex2[RULEBOOK_SHA256_HEX_LEN];
	json_t *doc = load_example(), *a, *b;
	char *canon;
	size_t len;

	assert_non_null(canon = rulebook_canonical(doc, &len, hex));
	assert_string_equal(hex, example_sha256);
	assert_int_equal(len, strlen(canon));
	free(canon);
	a = json_loads(reordered, 0, NULL);
	b = json_loads(sorted, 0, NULL);
	canon = rulebook_canonical(a, NULL, hex);
	assert_string_equal(canon, sorted);
	free(canon);
	free(rulebook_canonical(b, NULL, hex2));
	assert_string_equal(hex, hex2);
	json_decref(a);
	json_decref(b);
	json_decref(doc);
}

static void
test_number_text(void **state)
{
	static const struct {
		double v;
		enum rulebook_lang l;
		bool sign;
		const char *text;
	} cases[] = {
		{ 75, RULEBOOK_LANG_ID, false, "75" },
		{ 0.5, RULEBOOK_LANG_ID, false, "0,5" },
		{ 0.5, RULEBOOK_LANG_EN, false, "0.5" },
		{ 33.333333, RULEBOOK_LANG_EN, false, "33.33" },
		{ 2, RULEBOOK_LANG_EN, true, "+2" },
		{ -2, RULEBOOK_LANG_ID, true, "\u22122" },
		{ 0, RULEBOOK_LANG_EN, true, "0" },
		{ -0.25, RULEBOOK_LANG_ID, false, "\u22120,25" },
	};
	char out[RULEBOOK_NUMBER_LEN];
	size_t i;

	for (i = 0; i < COUNT(cases); i++)
		assert_string_equal(
		    rulebook_number_text(cases[i].v, cases[i].l, cases[i].sign, out),
		    cases[i].text);
}

static void
test_describe_scoring(void **state)
{
	struct rulebook_problems p;
	struct rulebook *rb;
	struct arena a;
	json_t *doc = load_example();
	const char **id, **en;
	size_t n;

	arena_init(&a, 0);
	assert_non_null(rb = parse(doc, &a, &p));
	assert_non_null(id = rulebook_describe_scoring(rb, RULEBOOK_LANG_ID, &a));
	assert_non_null(en = rulebook_describe_scoring(rb, RULEBOOK_LANG_EN, &a));
	for (n = 0; en[n] != NULL; n++)
		;
	assert_int_equal(n, 6);
	assert_non_null(strstr(id[2],
	    "total = (60 \u00d7 Sarana dan prasarana + "
	    "40 \u00d7 Sumber daya manusia) / 100."));
	assert_non_null(strstr(en[2],
	    "total = (60 \u00d7 Facilities and infrastructure + "
	    "40 \u00d7 Staff) / 100."));
	assert_non_null(strstr(en[3], "IKM grade A +2, B +1, C 0, D \u22122"));
	assert_non_null(strstr(id[3], "mutu IKM A +2, B +1, C 0, D \u22122"));
	assert_non_null(strstr(en[4], "reaches 75, every knock-out indicator is met"));
	assert_non_null(strstr(id[4], "mencapai 75, semua indikator gugur"));
	assert_non_null(strstr(en[5], "\u201cP2HAM Work Unit\u201d from a total of 75"));
	arena_free(&a);
	json_decref(doc);
}

static void
test_unit_types(void **state)
{
	size_t i;

	unit_type_codes(known);
	assert_string_equal(known[UNIT_TYPE_KANIM], "kanim");
	assert_string_equal(known[UNIT_TYPE_WISATA], "wisata");
	for (i = 0; i < UNIT_TYPE_MAX; i++) {
		assert_non_null(unit_types[i].code);
		assert_ptr_equal(unit_type_find(unit_types[i].code), &unit_types[i]);
	}
	assert_int_equal(unit_type_find("opd")->owner, UNIT_OWNER_PEMDA);
	assert_int_equal(unit_type_find("lapas")->owner, UNIT_OWNER_MINISTRY);
	assert_null(unit_type_find("kapal"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_types),
		cmocka_unit_test(test_example_valid),
		cmocka_unit_test(test_defaults_mark_only_named_numbers),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_all_problems_reported),
		cmocka_unit_test(test_problem_cap),
		cmocka_unit_test(test_json_load),
		cmocka_unit_test(test_canonical_hash),
		cmocka_unit_test(test_number_text),
		cmocka_unit_test(test_describe_scoring),
	};

	if (sodium_init() < 0)
		return 1;
	unit_type_codes(known);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
