/*
 * recompute.c - the recount commands' common run (recompute.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmd/config.h"
#include "cmd/recompute.h"

int
recompute_cmd(int argc, char **argv, const void *arg)
{
	const struct recompute *r = arg;
	bool check = false;
	struct config_extra x = { .opts = CONFIG_ONE_OPTION("check", no_argument),
		.take = config_take_flag,
		.ctx = &check,
		.help = r->check };
	struct db_conn *conn = NULL;
	struct config c;
	struct db *db;
	struct err e;
	struct buf report;
	size_t diff = 0;
	int64_t read = 0;
	int rc = 0;

	if (config_setup_extra(&c, argc, argv, r->what, false, &x, &rc) < 0)
		return rc;
	if ((db = config_open_conn(&c, r->cmd, &conn)) == NULL)
		return 1;
	buf_init(&report, 0);
	err_clear(&e);
	if (r->run(conn, check, &report, &diff, &read, &e) < 0)
		rc = config_die("%s: %s", r->cmd, e.msg);
	else {
		fputs(buf_cstr(&report), stdout);
		if (check)
			printf("p2ham: %" PRId64 " %s, %zu difference%s\n", read, r->rows,
			    diff, diff == 1 ? "" : "s");
		else if (r->corrects)
			printf("p2ham: %s %" PRId64 " %s; %zu difference%s corrected\n",
			    r->done, read, r->rows, diff, diff == 1 ? "" : "s");
		else
			printf("p2ham: %s %" PRId64 " %s\n", r->done, read, r->rows);
		rc = check && diff > 0 ? 1 : 0;
	}
	buf_free(&report);
	db_close(db);
	return rc;
}
