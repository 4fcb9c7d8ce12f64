/*
 * rulebook.c - `p2ham rulebook`: validate a rulebook file and say everything
 * that is wrong with it, import one (never over a stored rulebook with other
 * content: a change is a new version), list the stored ones and show one.
 * Also the import of the shipped rulebooks that `p2ham init` runs.
 *
 * Exit status: 0 when done, 1 when the file has problems or the import is
 * refused, 2 for a wrong invocation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/config.h"
#include "cmd/versioned.h"
#include "cmd/rulebook.h"
#include "core/unit_type.h"

#define RULEBOOK_FILE_MAX (8 * 1024 * 1024) /* bytes of one rulebook file */

const char rulebook_help[] =
    "usage: p2ham rulebook validate FILE\n"
    "       p2ham rulebook import [options] FILE\n"
    "       p2ham rulebook list [options]\n"
    "       p2ham rulebook show [options] CODE[@VERSION]\n\n"
    "validate  check a rulebook file (docs/rulebook.md) and print every problem\n"
    "          with its JSON path; exit 1 when there is any\n"
    "import    validate and store it; the same content again changes nothing,\n"
    "          other content under a stored code and version is refused\n"
    "list      print the stored rulebooks\n"
    "show      print a stored rulebook's criteria, weights, indicators per unit\n"
    "          type and threshold (the highest version unless @VERSION)\n\n"
    "See p2ham rulebook import --help for the database options.\n";

/* Parse and validate text against the built-in unit types. */
static struct rulebook *
parse_text(const char *text, size_t len, struct arena *a, json_t **doc,
    struct rulebook_problems *p)
{
	const char *known[UNIT_TYPE_MAX];
	struct rulebook *rb;

	unit_type_codes(known);
	memset(p, 0, sizeof(*p));
	if ((*doc = rulebook_json_load(text, len, a, p)) == NULL)
		return NULL;
	rb = rulebook_parse(*doc, known, UNIT_TYPE_MAX, a, p);
	if (rb == NULL) {
		json_decref(*doc);
		*doc = NULL;
	}
	return rb;
}

/* parse_text as a versioned document. */
static void *
parse_head(const char *text, size_t len, struct arena *a, json_t **doc,
    struct versioned_head *h, struct rulebook_problems *p)
{
	struct rulebook *rb;

	if ((rb = parse_text(text, len, a, doc, p)) != NULL)
		*h = (struct versioned_head){ .code = rb->code,
			.version = rb->version,
			.title = &rb->title,
			.legal_number = rb->legal_number,
			.legal_date = rb->legal_date };
	return rb;
}

const struct versioned_kind rulebook_kind = {
	.action = "rulebook.import",
	.object_type = "rulebook",
	.shipped = "shipped rulebook",
	.prefix = "rulebooks/",
	.invalid = ERR_RULEBOOK,
	.insert = DB_RULEBOOK_INSERT,
	.find = DB_RULEBOOK_FIND,
	.has_legal_date = true,
	.parse = parse_head,
};

/* validate's ", 3 criteria, 20 indicators". */
static void
print_counts(const void *parsed)
{
	const struct rulebook *rb = parsed;
	size_t i, n = 0;

	for (i = 0; i < rb->criterion_count; i++)
		n += rb->criteria[i].indicator_count;
	printf(", %zu criteria, %zu indicators", rb->criterion_count, n);
}

static const struct versioned_cmd rulebook_cmd = {
	.name = "rulebook",
	.noun = "rulebook",
	.file_noun = "rulebook",
	.file_max = RULEBOOK_FILE_MAX,
	.validate_help =
	    "Check a rulebook file and print every "
	    "problem with its JSON path.\nFILE is the rulebook (docs/rulebook.md).",
	.import_help =
	    "Validate a rulebook file and store it. "
	    "A stored rulebook never changes:\nimport a change as a new version.",
	.list_help = "List the stored rulebooks.",
	.list = DB_RULEBOOK_LIST,
	.kind = &rulebook_kind,
	.counts = print_counts,
};

/* A number with the mark of a default. */
static void
print_number(const char *label, const struct rb_number *n)
{
	printf("%s%g%s", label, n->v, n->is_default ? "*" : "");
}

static void
show_rulebook(const struct rulebook *rb, json_t *row)
{
	const struct unit_type *ut;
	size_t i, j, outcomes;
	const char *const *outs;
	bool any_default = rb->pass_threshold.is_default;

	printf("%s version %" PRId64 " (id %lld)\n%s\n%s\n\n", rb->code, rb->version,
	    (long long)json_integer_value(json_object_get(row, "id")),
	    rb->title.s[RULEBOOK_LANG_ID], rb->title.s[RULEBOOK_LANG_EN]);
	printf("legal basis:  %s (%s)\n", rb->legal_number, rb->legal_date);
	printf("stages:      ");
	for (i = 0; i < STAGE_MAX; i++)
		if (rb->stages[i])
			printf(" %s", stage_code((enum stage)i));
	printf("\nsha256:       %s\nimported:     %s by %s\n\n",
	    json_string_value(json_object_get(row, "sha256")),
	    json_string_value(json_object_get(row, "imported_at")),
	    json_string_value(json_object_get(row, "imported_by")));
	printf("%-20s %8s %11s  %s\n", "CRITERION", "WEIGHT", "INDICATORS", "NAME");
	for (i = 0; i < rb->criterion_count; i++) {
		const struct rb_criterion *cr = &rb->criteria[i];
		char w[32];

		snprintf(w, sizeof(w), "%g%s", cr->weight.v, cr->weight.is_default ? "*" : "");
		any_default |= cr->weight.is_default;
		printf("%-20s %8s %11zu  %s\n", cr->code, w, cr->indicator_count,
		    cr->name.s[RULEBOOK_LANG_ID]);
	}
	printf("\n%-12s %s\n", "UNIT TYPE", "INDICATORS");
	for (i = 0; i < rb->unit_type_count; i++) {
		ut = unit_type_find(rb->unit_types[i]);
		printf("%-12s %zu", rb->unit_types[i],
		    rulebook_indicator_count(rb, rb->unit_types[i]));
		for (j = 0; j < rb->criterion_count; j++)
			printf("%s%s %zu", j ? ", " : "  (", rb->criteria[j].code,
			    rulebook_criterion_count(rb, &rb->criteria[j], rb->unit_types[i]));
		printf(")%s%s\n", ut ? "  " : "", ut ? ut->name_id : "");
	}
	print_number("\npass threshold: ", &rb->pass_threshold);
	printf("\npredicates:    ");
	for (i = 0; i < rb->predicate_count; i++) {
		printf(" %s from", rb->predicates[i].code);
		print_number(" ", &rb->predicates[i].min_total);
		any_default |= rb->predicates[i].min_total.is_default;
	}
	printf("\n");
	for (i = 0; i < rb->adjustment_count; i++) {
		const struct rb_adjustment *adj = &rb->adjustments[i];

		printf("adjustment:     %s", rulebook_adjustment_code(adj->kind));
		outs = rulebook_adjustment_outcomes(adj->kind, &outcomes);
		for (j = 0; j < outcomes; j++) {
			printf(" %s", outs[j]);
			print_number(" ", &adj->points[j]);
			any_default |= adj->points[j].is_default;
		}
		if (outcomes == 0) {
			print_number(" each ", &adj->points_each);
			print_number(", at most ", &adj->limit);
			any_default |= adj->points_each.is_default || adj->limit.is_default;
		}
		printf("\n");
	}
	if (any_default)
		printf("\n* default set by the programme owner, not published by the "
		       "regulation\n");
}

/* show CODE[@VERSION] */
static int
rulebook_show(int argc, char **argv, const void *arg)
{
	struct config_extra x = { .positional = true };
	struct rulebook_problems p;
	struct rulebook *rb;
	struct config c;
	struct db *db;
	struct db_conn *conn = NULL;
	struct arena a;
	struct err e;
	json_t *rows = NULL, *row, *doc = NULL;
	const char *at, *body;
	char code[128];
	int64_t version = 0, id;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		"Print a stored rulebook: criteria, "
		"weights, indicators per unit type,\nthreshold and predicates. "
		"CODE@VERSION "
		"picks a version, CODE alone the highest.",
		false, &x, &rc) < 0)
		return rc;
	if (optind + 1 != argc) {
		config_die(
		    "rulebook show: expected CODE[@VERSION]; see p2ham rulebook --help");
		return 2;
	}
	at = strchr(argv[optind], '@');
	snprintf(code, sizeof(code), "%.*s",
	    at ? (int)(at - argv[optind]) : (int)strlen(argv[optind]), argv[optind]);
	if (at != NULL &&
	    config_parse_uint("the version after @", at + 1, 1, INT32_MAX, &version) < 0)
		return 2;
	if ((db = config_open_conn(&c, "rulebook show", &conn)) == NULL)
		return 1;
	arena_init(&a, 0);
	err_clear(&e);
	if ((version > 0 ? db_exec(conn, DB_RULEBOOK_FIND,
			       (struct db_param[]){ DBP_TEXT(code), DBP_INT(version) }, 2,
			       &rows, &e)
			 : db_exec(conn, DB_RULEBOOK_LATEST,
			       (struct db_param[]){ DBP_TEXT(code) }, 1, &rows, &e)) < 0) {
		rc = config_die("rulebook show: %s", e.msg);
		goto done;
	}
	if (json_array_size(rows) == 0) {
		rc = config_die(
		    "rulebook show: no rulebook %s is stored; see p2ham rulebook "
		    "list",
		    argv[optind]);
		goto done;
	}
	id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	rows = NULL;
	if (db_exec(conn, DB_RULEBOOK_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, &e) < 0 ||
	    (row = json_array_get(rows, 0)) == NULL) {
		rc = config_die("rulebook show: %s", e.msg[0] ? e.msg : "it disappeared");
		goto done;
	}
	body = json_string_value(json_object_get(row, "body"));
	if ((rb = parse_text(body, strlen(body), &a, &doc, &p)) == NULL) {
		versioned_problems(argv[optind], &p);
		rc = config_die("rulebook show: the stored %s no longer validates",
		    argv[optind]);
		goto done;
	}
	show_rulebook(rb, row);
done:
	json_decref(doc);
	json_decref(rows);
	arena_free(&a);
	db_close(db);
	return rc;
}

const struct subcmd rulebook_subs[] = {
	{ "validate", versioned_validate, &rulebook_cmd },
	{ "import", versioned_import_cmd, &rulebook_cmd },
	{ "list", versioned_list, &rulebook_cmd },
	{ "show", rulebook_show, NULL },
	{ NULL, NULL, NULL },
};
