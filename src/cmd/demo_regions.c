/*
 * demo_regions.c - the demo's coordination regions: "Wilayah I" over
 * Gorontalo and South Sulawesi, whose coordinator is the demo's, and
 * "Wilayah II" over Central Sulawesi and West Java, without one (its
 * requests go to the programme admin). Made through the services the
 * admin's pages use.
 */
#include "cmd/demo.h"
#include "svc/coord_regions.h"

/* clang-format off */
static const struct {
	const char *name;
	int provinces[2];
} regions[] = {
	{ "Wilayah I", { 75, 73 } },
	{ "Wilayah II", { 72, 32 } },
};
/* clang-format on */

int
demo_seed_regions(const struct demo_env *env, int64_t *wilayah_i, struct err *e)
{
	struct svc_problems pr = { .count = 0 };
	struct demo_act x;
	int64_t id;
	size_t i, k;
	int rc = 0;

	*wilayah_i = 0;
	for (i = 0; rc == 0 && i < sizeof(regions) / sizeof(regions[0]); i++) {
		if (demo_act(&x, env, 0, time(NULL), e) < 0)
			return -1;
		rc = coord_region_create(&x.s, regions[i].name, &id, &pr, e);
		for (k = 0; rc == 0 && k < 2; k++)
			rc = coord_region_move(&x.s, id, regions[i].provinces[k], &pr, e);
		demo_act_end(&x);
		if (i == 0)
			*wilayah_i = id;
	}
	return rc;
}
