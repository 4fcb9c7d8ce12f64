/*
 * survey.c - `p2ham survey`: validate a survey instrument file and say
 * everything that is wrong with it, import one (never over a stored one
 * with other content), list the stored ones, choose a unit's or cycle's
 * instrument, add a unit's services and its yearly users, and recount the
 * counters from the raw answers (--check: only compare and report).
 *
 * Exit status: 0 when done, 1 when the file has problems, the import is
 * refused or the recount finds differences, 2 for a wrong invocation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "cmd/recompute.h"
#include "cmd/versioned.h"
#include "svc/survey.h"

#define SURVEY_FILE_MAX (1024 * 1024)

const char survey_help[] =
    "usage: p2ham survey validate FILE\n"
    "       p2ham survey import [options] FILE\n"
    "       p2ham survey list [options]\n"
    "       p2ham survey use [options] unit|cycle ID CODE[@VERSION]\n"
    "       p2ham survey service [options] UNIT NAME\n"
    "       p2ham survey users [options] UNIT YEAR NUMBER\n"
    "       p2ham survey recount [options] [--check]\n\n"
    "validate  check an instrument file (docs/survey.md) and print every problem\n"
    "          with its JSON path; exit 1 when there is any\n"
    "import    validate and store it; the same content again changes nothing,\n"
    "          other content under a stored code and version is refused\n"
    "list      print the stored instruments\n"
    "use       the instrument a unit or a cycle's units answer\n"
    "service   add a service to a unit's list on its survey form\n"
    "users     a unit's number of service users in a year\n"
    "recount   recompute the counters from the answers and store them (with the\n"
    "          server stopped); --check only compares and prints each difference,\n"
    "          exit 1 when there is any\n\n"
    "See p2ham survey import --help for the database options.\n";

/* validate's ", 12 elements, 3 further questions, 4 profile fields". */
static void
print_counts(const void *parsed)
{
	const struct survey_instrument *si = parsed;

	printf(", %zu elements, %zu further questions, %zu profile fields",
	    si->element_count, si->item_count - si->element_count, si->field_count);
}

static const struct versioned_cmd instrument_cmd = {
	.name = "survey",
	.noun = "survey instrument",
	.file_noun = "instrument",
	.file_max = SURVEY_FILE_MAX,
	.validate_help =
	    "Check a survey instrument file and print every problem with its "
	    "JSON path.\nFILE is the instrument (docs/survey.md).",
	.import_help =
	    "Validate a survey instrument file and store it. A stored instrument\n"
	    "never changes: import a change as a new version.",
	.list_help = "List the stored survey instruments.",
	.list = DB_SURVEY_INSTRUMENT_LIST,
	.kind = &survey_kind,
	.counts = print_counts,
};

/* use, service, users: a change by the command line through the service. */
static int
survey_change(int argc, char **argv, const char *name, int want)
{
	struct config_extra x = { .positional = true };
	struct db_conn *conn = NULL;
	struct principal who;
	struct config c;
	struct arena a;
	struct svc s;
	struct db *db;
	struct err e;
	int64_t id = 0, n = 0, v = 0;
	char code[128], *at;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv, "Change a unit's or cycle's survey.",
		false, &x, &rc) < 0)
		return rc;
	if (argc - optind != want) {
		fprintf(stderr,
		    "p2ham: survey %s: expected %d arguments; see p2ham survey "
		    "--help\n",
		    name, want);
		return 2;
	}
	/* use names the kind first, then the id; the others start with it. */
	if (config_parse_uint("ID", argv[optind + (strcmp(name, "use") == 0)], 1,
		INT64_MAX, &id) < 0)
		return 2;
	if ((db = config_open_conn(&c, "survey", &conn)) == NULL)
		return 1;
	arena_init(&a, 0);
	svc_cli(&s, &who, conn, &a, 0, "cli", time(NULL), c.data_dir, NULL);
	err_clear(&e);
	if (strcmp(name, "use") == 0) {
		snprintf(code, sizeof(code), "%s", argv[optind + 2]);
		if ((at = strchr(code, '@')) != NULL) {
			*at = '\0';
			v = atoll(at + 1);
		}
		if (strcmp(argv[optind], "unit") != 0 && strcmp(argv[optind], "cycle") != 0)
			rc = config_die("survey use: say unit or cycle, not %s", argv[optind]);
		else if (survey_choose(&s, argv[optind], id, code, v, &e) < 0)
			rc = config_die("survey use: %s", e.msg);
	} else if (strcmp(name, "service") == 0) {
		if (survey_service_add(&s, id, argv[optind + 1], &n, &e) < 0)
			rc = config_die("survey service: %s", e.msg);
		else if (n == 0)
			printf("p2ham: unit %" PRId64 " has that service already\n", id);
		else
			printf("p2ham: service %" PRId64 " added\n", n);
	} else if (config_parse_uint("YEAR", argv[optind + 1], 2000, 2999, &v) < 0 ||
	    config_parse_uint("NUMBER", argv[optind + 2], 0, INT64_MAX / 2, &n) < 0)
		rc = 2;
	else if (survey_users_set(&s, id, (int)v, n, &e) < 0)
		rc = config_die("survey users: %s", e.msg);
	arena_free(&a);
	db_close(db);
	return rc;
}

static int
survey_use(int argc, char **argv, const void *arg)
{
	return survey_change(argc, argv, "use", 3);
}

static int
survey_service(int argc, char **argv, const void *arg)
{
	return survey_change(argc, argv, "service", 2);
}

static int
survey_users(int argc, char **argv, const void *arg)
{
	return survey_change(argc, argv, "users", 3);
}

static const struct recompute recount = {
	.cmd = "survey recount",
	.what = "Recompute the survey counters from the answers.",
	.check =
	    "  --check             only compare the counters with the answers and print\n"
	    "                      each difference; exit 1 when there is any\n",
	.rows = "answers",
	.done = "counters recomputed from",
	.run = survey_recount,
};

const struct subcmd survey_subs[] = {
	{ "validate", versioned_validate, &instrument_cmd },
	{ "import", versioned_import_cmd, &instrument_cmd },
	{ "list", versioned_list, &instrument_cmd },
	{ "use", survey_use, NULL },
	{ "service", survey_service, NULL },
	{ "users", survey_users, NULL },
	{ "recount", recompute_cmd, &recount },
	{ NULL, NULL, NULL },
};
