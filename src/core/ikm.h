/*
 * ikm.h - the public satisfaction index (Indeks Kepuasan Masyarakat,
 * PermenPANRB 14/2017) of one unit over one or more periods, from the
 * survey's counters: how many respondents gave each answer value to each
 * element. Per element the NRR (nilai rata-rata: the sum of the answers
 * over the respondents who answered it), the weighted index with the exact
 * weight 1/n for n elements (1/9 for the regulation's nine; its worked
 * example rounds that to 0.111, which this does not), IKM = index x 25,
 * and the grade (mutu) read after rounding the IKM to two decimals, since
 * the bands leave gaps such as 76.60-76.61. Also the minimum sample for a
 * number of service users by Krejcie & Morgan. Pure: no I/O, no memory.
 */
#ifndef P2HAM_IKM_H
#define P2HAM_IKM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code.h"

/* clang-format off */
#define IKM_ELEMENTS_MAX	16	/* elements counted in one index */
#define IKM_VALUES		4	/* answer values 1..4 */
/* clang-format on */

/* The grade (mutu pelayanan) and its bands on the IKM rounded to two
 * decimals: A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99. */
/* clang-format off */
#define IKM_GRADE_LIST(X) \
	X(IKM_GRADE_NONE, "") /* no respondent: no index */ \
	X(IKM_GRADE_A, "A")   /* sangat baik */ \
	X(IKM_GRADE_B, "B")   /* baik */ \
	X(IKM_GRADE_C, "C")   /* kurang baik */ \
	X(IKM_GRADE_D, "D")   /* tidak baik */
/* clang-format on */

enum ikm_grade { IKM_GRADE_LIST(CODE_ENUM) IKM_GRADE_MAX };

/* One element's counters: counts[v - 1] respondents answered value v. */
struct ikm_element_in {
	uint64_t counts[IKM_VALUES];
};

/* One element of the result. */
struct ikm_element {
	uint64_t answered; /* respondents who answered it */
	uint64_t sum;      /* Σ value × count */
	double nrr;        /* sum / answered, full precision; 0 when none */
	double weighted;   /* nrr × 1/n, full precision */
};

/* The index of a unit over its periods. */
struct ikm_result {
	uint64_t respondents; /* as counted by the survey (one per form sent) */
	size_t element_count;
	struct ikm_element elements[IKM_ELEMENTS_MAX];
	double index;           /* Σ nrr × 1/n, full precision (1..4) */
	double ikm;             /* index × 25, full precision (25..100) */
	int64_t ikm_hundredths; /* ikm rounded half up to two decimals, × 100 */
	enum ikm_grade grade;   /* read from ikm_hundredths */
	bool has_data;          /* at least one respondent and one answer */
};

/*
 * The index of element_count elements (1..IKM_ELEMENTS_MAX, in the
 * instrument's order) with in[i] the counters of element i and respondents
 * the unit's respondents over the same periods. An element nobody answered
 * counts as NRR 0, so an index with such an element is low, never silently
 * reweighted; the caller shows which. -1 for an element count out of
 * range, 0 otherwise (out->has_data false and grade NONE without a
 * respondent).
 */
int ikm_compute(const struct ikm_element_in *in, size_t element_count,
    uint64_t respondents, struct ikm_result *out);

/* The grade of an IKM given in hundredths (8831 is 88.31). */
enum ikm_grade ikm_grade_of(int64_t hundredths);

/* "A".."D", "" for none. */
const char *ikm_grade_code(enum ikm_grade g);

/*
 * The least number of respondents for population users by Krejcie & Morgan
 * (chi-square 3.841 for one degree of freedom at 95%, P = 0.5, margin
 * 0.05), rounded to the nearest whole number as their published table:
 * 50 -> 44, 9000 -> 368, very many -> 384. 0 for no users.
 */
uint64_t ikm_sample_min(uint64_t users);

/* Whether respondents answers suffice for users yearly service users;
 * false when users is 0 (unknown). */
bool ikm_sample_enough(uint64_t respondents, uint64_t users);

#endif
