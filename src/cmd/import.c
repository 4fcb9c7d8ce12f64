/*
 * import.c - `p2ham import regencies FILE.csv` and `p2ham import units
 * FILE.csv` load the registry from CSV files (docs/import.md) with the same
 * checks as the upload page: when any row is wrong nothing is imported and
 * every problem is printed with its line, in Indonesian or, with --lang en
 * (or a LANG starting with "en"), in English.
 *
 * Exit status: 0 when the file was imported, 1 when it was refused (the
 * problems are on standard error) or could not be read, 2 for a usage
 * error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc/registry_import.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "view/i18n.h"

#define IMPORT_FILE_MAX (256u * 1024 * 1024) /* bytes of a CSV file */

const char import_help[] =
    "usage: p2ham import regencies [options] FILE.csv\n"
    "       p2ham import units [options] FILE.csv\n\n"
    "regencies  load regencies and cities: columns code,name[,kind] (code: four\n"
    "           digits, the first two the province's; kind: kabupaten or kota,\n"
    "           by default kota for codes NN71-NN99); a loaded code is updated\n"
    "units      load units: columns name, unit_type, sector, province_code,\n"
    "           organization and optionally regency_code, parent, address,\n"
    "           head_name, head_title, phone, email (docs/import.md)\n\n"
    "Either every row is imported, in one transaction, or none is and every\n"
    "problem is printed with its line number. See p2ham import units --help\n"
    "for the options.\n";

static int
take_opt(int code, const char *arg, void *ctx)
{
	enum lang *l = ctx;

	if ((*l = i18n_lang(arg)) == LANG_MAX) {
		config_die("--lang: expected id or en, not '%s'", arg);
		return -1;
	}
	return 0;
}

/* The report's problems, one line each: FILE:LINE: column "value": why. */
static void
print_report(const char *path, const struct import_report *r, enum lang l, struct arena *a)
{
	const struct import_problem *p;
	const char *summary;
	size_t i;

	for (i = 0; i < r->problem_count; i++) {
		p = &r->problems[i];
		fprintf(stderr, "%s:", path);
		if (p->line > 0)
			fprintf(stderr, "%zu:", p->line);
		if (p->column != NULL)
			fprintf(stderr, " %s", p->column);
		if (p->value != NULL)
			fprintf(stderr, " \"%s\"", p->value);
		fprintf(stderr, "%s %s\n",
		    p->column != NULL || p->value != NULL ? ":" : "", p->message);
	}
	if (r->problems_total > r->problem_count)
		fprintf(stderr, "%s: ... +%zu\n", path, r->problems_total - r->problem_count);
	summary = i18n_fill(a, i18n_get(l, "import.refused"), (long)r->problems_total);
	fprintf(stderr, "%s: %s\n", path, summary != NULL ? summary : "");
}

static int
run(int argc, char **argv, const void *arg)
{
	bool units = *(const bool *)arg;
	const char *env = getenv("LANG");
	enum lang l = env != NULL && strncmp(env, "en", 2) == 0 ? LANG_EN : LANG_ID;
	struct config_extra x = { CONFIG_ONE_OPTION("lang", required_argument), "  --lang id|en        the language of the report (default: from LANG, else id)\n",
		take_opt, &l, true };
	struct import_report r;
	struct principal who;
	struct svc s;
	struct config c;
	struct db *db = NULL;
	struct db_conn *conn;
	struct arena a;
	struct err e;
	char *text;
	size_t len;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		units ? "Import units from a CSV file "
			"(docs/import.md)."
		      : "Import regencies and cities from a CSV file.",
		false, &x, &rc) < 0)
		return rc;
	if ((text = config_file_arg(argc, argv, "import", "import", IMPORT_FILE_MAX, &len,
		 &rc)) == NULL)
		return rc;
	err_clear(&e);
	if (i18n_init(&e) < 0) {
		free(text);
		return config_die("%s", e.msg);
	}
	arena_init(&a, 0);
	if ((db = config_open_conn(&c, "import", &conn)) == NULL) {
		rc = 1;
		goto done;
	}
	svc_cli(&s, &who, conn, &a, 0, "cli", time(NULL), c.data_dir, NULL);
	s.lang = l;
	if ((units ? registry_import_units(&s, text, len, &r, &e)
		   : registry_import_regencies(&s, text, len, &r, &e)) < 0) {
		rc = config_die("import: %s", e.msg);
		goto done;
	}
	if (r.problems_total > 0) {
		print_report(argv[optind], &r, l, &a);
		rc = 1;
	} else
		printf("p2ham: %s: %zu %s imported (sha256 %s)\n", argv[optind], r.imported,
		    units ? (r.imported == 1 ? "unit" : "units")
			  : (r.imported == 1 ? "regency" : "regencies"),
		    r.sha256);
done:
	if (db != NULL)
		db_close(db);
	arena_free(&a);
	free(text);
	i18n_free();
	return rc;
}

static const bool units = true, regencies = false;

const struct subcmd import_subs[] = {
	{ "regencies", run, &regencies },
	{ "units", run, &units },
	{ NULL, NULL, NULL },
};
