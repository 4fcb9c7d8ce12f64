/*
 * survey_instrument.h - a satisfaction survey's questionnaire as data: its
 * answer scales, the elements counted in the index, further questions
 * counted apart (the P2HAM human-rights questions), the respondent's
 * profile fields, whether suggestions are asked. The JSON format is
 * documented in docs/survey.md; this module parses and validates it,
 * reporting every problem with its JSON path, like the rulebook reader
 * (core/rulebook.h), whose canonical form and SHA-256 it shares. Pure.
 */
#ifndef P2HAM_CORE_SURVEY_INSTRUMENT_H
#define P2HAM_CORE_SURVEY_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"
#include "core/rulebook.h"

#define SURVEY_FORMAT "p2ham-survey-1" /* value of "format" */
#define SURVEY_VALUE_MAX 9             /* answers are whole numbers 1..9 */
#define SURVEY_ITEMS_MAX 64            /* elements and questions together */
#define SURVEY_FIELDS_MAX 16           /* profile fields */

struct sv_option {
	int value;            /* scales: the answer counted, 1..9 */
	const char *code;     /* profile fields: the option's code */
	struct rb_text label; /* what the respondent reads */
};

struct sv_scale {
	const char *code;
	struct sv_option *options; /* ascending by value */
	size_t option_count;       /* 2..9 */
};

/* An element (counted in the index) or a further question. */
struct sv_item {
	const char *code;             /* unique in the instrument, "U1" */
	struct rb_text name;          /* short name, "Persyaratan" */
	struct rb_text question;      /* the question as asked */
	const struct sv_scale *scale; /* its answers */
	bool in_index;                /* an element of the index */
	bool required;                /* must be answered (elements always) */
};

/* A profile field: fixed options, or the unit's services. */
struct sv_field {
	const char *code; /* unique among the fields, "gender" */
	struct rb_text label;
	struct sv_option *options; /* by code; none for the services */
	size_t option_count;
	bool services; /* "source": "services" */
	bool required;
};

struct survey_instrument {
	const char *code;
	int64_t version;
	struct rb_text title;
	struct rb_text intro;     /* NULLs when none */
	const char *legal_number; /* "PermenPANRB 14/2017" */
	struct rb_text legal_title;
	const char *legal_date;
	struct sv_scale *scales;
	size_t scale_count;
	struct sv_item *items; /* the elements first, then the questions */
	size_t item_count;
	size_t element_count; /* items [0, element_count) are elements */
	struct sv_field *fields;
	size_t field_count;
	bool suggestion; /* a free text for suggestions */
};

/*
 * Parse and validate doc (from rulebook_json_load). Every problem is added
 * to p as "JSON path: what is wrong" (initialise it to zero). Returns the
 * instrument when p->total stayed 0, else NULL; everything lives in a.
 */
struct survey_instrument *
survey_instrument_parse(json_t *doc, struct arena *a, struct rulebook_problems *p);

/* The item of si called code, or NULL. */
const struct sv_item *survey_item(const struct survey_instrument *si, const char *code);
/* The profile field of si called code, or NULL. */
const struct sv_field *survey_field(const struct survey_instrument *si, const char *code);
/* True when value is one of the scale's. */
bool survey_scale_has(const struct sv_scale *sc, int64_t value);

#endif
