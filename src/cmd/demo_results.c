/*
 * demo_results.c - the demo's published results (see demo.h): once the
 * 2023 decree is issued, the programme admin publishes the cycle's results,
 * version 1, through the service the admin's page uses. While no decree of
 * the cycle is issued there is nothing to publish, and nothing is.
 */
#include <time.h>

#include "cmd/demo.h"
#include "svc/participation.h"
#include "svc/results.h"

int
demo_seed_results(const struct demo_env *env, const struct demo_past *p, struct err *e)
{
	struct svc_problems pr = { 0 };
	struct participation part;
	struct demo_act x;
	int64_t decided = 0;
	int rc;

	if (demo_act(&x, env, p->admin, time(NULL), e) < 0)
		return -1;
	rc = participation_load(&x.s, p->participation, &part, e) < 0 ||
		results_decided(&x.s, part.cycle_id, &decided, e) < 0
	    ? -1
	    : 0;
	if (rc == 0 && decided > 0)
		rc = results_publish(&x.s, part.cycle_id, NULL, &pr, NULL, e);
	demo_act_end(&x);
	return rc;
}
