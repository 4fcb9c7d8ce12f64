/*
 * progress.c - `p2ham progress rebuild [--check]`: recompute the kept
 * progress figures (the tallies of participations per cycle, place, type,
 * stage and state, their national rollups, the lagging list's rows, and
 * each participation's self-assessment figures) from the raw rows, or
 * with --check only compare them and report each difference
 * (svc/progress_store.h). A bulk load that bypasses the services runs it
 * afterwards.
 *
 * Exit status: 0 when done (--check: no difference), 1 on differences or
 * a failure, 2 for a wrong invocation.
 */
#include "cmd/cmd.h"
#include "cmd/recompute.h"
#include "svc/progress_store.h"

const char progress_help[] =
    "usage: p2ham progress rebuild [options] [--check]\n\n"
    "rebuild   recompute the progress figures the dashboards read (the tallies\n"
    "          per cycle, province, organization, unit type, stage and state, their\n"
    "          sums per province and per unit type, the rows of the list of\n"
    "          lagging units, and each participation's self-assessment figures)\n"
    "          from the raw rows and store them; --check only compares and prints\n"
    "          each difference, exit 1 when there is any\n\n"
    "See p2ham progress rebuild --help for the database options.\n";

static const struct recompute rebuild = {
	.cmd = "progress rebuild",
	.what = "Recompute the progress figures from the raw rows.",
	.check =
	    "  --check             only compare the stored figures with the raw rows "
	    "and\n"
	    "                      print each difference; exit 1 when there is any\n",
	.rows = "participations",
	.done = "progress figures recomputed over",
	.corrects = true,
	.run = progress_rebuild,
};

const struct subcmd progress_subs[] = {
	{ "rebuild", recompute_cmd, &rebuild },
	{ NULL, NULL, NULL },
};
