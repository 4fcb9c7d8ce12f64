/*
 * ikm.c - the satisfaction index (ikm.h): NRR, the 1/n weight, IKM, the
 * grade after rounding, and Krejcie & Morgan's minimum sample.
 */
#include <math.h>
#include <string.h>

#include "base/code.h"
#include "core/ikm.h"

/*
 * A value within this many hundredths of a half is taken as the half when
 * rounding. The IKM is a ratio of whole numbers whose fractional part, in
 * hundredths, lies at least 1/(18 x respondents) from a half unless it is
 * exactly one; the double sum may miss an exact half by ~1e-12, never by
 * 1e-9 below 50 million respondents in one unit's index.
 */
#define HALF_SLACK 1e-9

/* Lower bounds of the grades, in hundredths of IKM. */
static const int64_t floor_of[IKM_GRADE_MAX] = {
	[IKM_GRADE_A] = 8831,
	[IKM_GRADE_B] = 7661,
	[IKM_GRADE_C] = 6500,
	[IKM_GRADE_D] = 0,
};

static const char *const grade_code[IKM_GRADE_MAX] = { IKM_GRADE_LIST(CODE_ENTRY) };

enum ikm_grade
ikm_grade_of(int64_t hundredths)
{
	int g;

	for (g = IKM_GRADE_A; g < IKM_GRADE_MAX; g++)
		if (hundredths >= floor_of[g])
			return (enum ikm_grade)g;
	return IKM_GRADE_D;
}

CODE_NAME_FUNCTION(ikm_grade, enum ikm_grade, grade_code, IKM_GRADE_MAX)

int
ikm_compute(const struct ikm_element_in *in, size_t element_count, uint64_t respondents,
    struct ikm_result *out)
{
	const double weight = 1.0 / (double)element_count;
	double index = 0;
	size_t i, v;

	memset(out, 0, sizeof(*out));
	if (element_count == 0 || element_count > IKM_ELEMENTS_MAX)
		return -1;
	out->element_count = element_count;
	out->respondents = respondents;
	for (i = 0; i < element_count; i++) {
		struct ikm_element *el = &out->elements[i];

		for (v = 0; v < IKM_VALUES; v++) {
			el->answered += in[i].counts[v];
			el->sum += in[i].counts[v] * (uint64_t)(v + 1);
		}
		el->nrr = el->answered > 0 ? (double)el->sum / (double)el->answered : 0;
		el->weighted = el->nrr * weight;
		index += el->nrr;
		if (el->answered > 0)
			out->has_data = true;
	}
	if (respondents == 0 || !out->has_data) {
		out->has_data = false;
		out->grade = IKM_GRADE_NONE;
		return 0;
	}
	/* Σ NRR / n rather than Σ (NRR × 1/n): one rounding fewer. */
	out->index = index / (double)element_count;
	out->ikm = out->index * 25.0;
	out->ikm_hundredths = (int64_t)floor(out->ikm * 100.0 + 0.5 + HALF_SLACK);
	out->grade = ikm_grade_of(out->ikm_hundredths);
	return 0;
}

uint64_t
ikm_sample_min(uint64_t users)
{
	const double chi = 3.841, p = 0.5, d = 0.05;
	double n, big = (double)users;

	if (users == 0)
		return 0;
	n = chi * big * p * (1 - p) / (d * d * (big - 1) + chi * p * (1 - p));
	return (uint64_t)floor(n + 0.5);
}

bool
ikm_sample_enough(uint64_t respondents, uint64_t users)
{
	return users > 0 && respondents >= ikm_sample_min(users);
}
