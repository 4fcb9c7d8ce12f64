/*
 * progress.c - `p2ham progress rebuild [--check]`: recompute the kept
 * progress figures (the tallies of participations per cycle, place, type,
 * stage and state, and each participation's self-assessment figures) from
 * the raw rows, or with --check only compare them and report each
 * difference (svc/progress_store.h). A bulk load that bypasses the
 * services runs it afterwards.
 *
 * Exit status: 0 when done (--check: no difference), 1 on differences or
 * a failure, 2 for a wrong invocation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cmd/cmd.h"
#include "cmd/config.h"
#include "svc/progress_store.h"

static const char progress_help[] =
    "usage: p2ham progress rebuild [options] [--check]\n\n"
    "rebuild   recompute the progress figures the dashboards read (the tallies\n"
    "          per cycle, province, organization, unit type, stage and state, and\n"
    "          each participation's self-assessment figures) from the raw rows\n"
    "          and store them; --check only compares and prints each difference,\n"
    "          exit 1 when there is any\n\n"
    "See p2ham progress rebuild --help for the database options.\n";

enum { OPT_CHECK = CONFIG_OPT_EXTRA };

static const struct option rebuild_opts[] = {
	{ "check", no_argument, NULL, OPT_CHECK },
	{ NULL, 0, NULL, 0 },
};

static int
take_rebuild_opt(int code, const char *arg, void *ctx)
{
	(void)arg;
	if (code == OPT_CHECK)
		*(bool *)ctx = true;
	return 0;
}

static int
progress_rebuild_cmd(int argc, char **argv)
{
	bool check = false;
	struct config_extra x = { .opts = rebuild_opts,
		.take = take_rebuild_opt,
		.ctx = &check,
		.help = "  --check             only compare the stored figures with the "
			"raw rows and\n"
			"                      print each difference; exit 1 when there "
			"is any\n" };
	struct db_conn *conn = NULL;
	struct config c;
	struct db *db;
	struct err e;
	struct buf report;
	size_t diff = 0;
	int64_t parts = 0;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv,
		"Recompute the progress figures from the raw rows.", false, &x, &rc) < 0)
		return rc;
	if ((db = config_open_conn(&c, "progress rebuild", &conn)) == NULL)
		return 1;
	buf_init(&report, 0);
	err_clear(&e);
	if (progress_rebuild(conn, check, &report, &diff, &parts, &e) < 0)
		rc = config_die("progress rebuild: %s", e.msg);
	else {
		fputs(buf_cstr(&report), stdout);
		if (check)
			printf("p2ham: %" PRId64 " participations, %zu difference%s\n",
			    parts, diff, diff == 1 ? "" : "s");
		else
			printf("p2ham: progress figures recomputed over %" PRId64
			       " participations; %zu difference%s corrected\n",
			    parts, diff, diff == 1 ? "" : "s");
		rc = check && diff > 0 ? 1 : 0;
	}
	buf_free(&report);
	db_close(db);
	return rc;
}

int
cmd_progress(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "rebuild") == 0)
		return progress_rebuild_cmd(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
		fputs(progress_help, stdout);
		return 0;
	}
	fprintf(stderr, "p2ham: progress: expected rebuild; see p2ham progress --help\n");
	return 2;
}
