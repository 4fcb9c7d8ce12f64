/*
 * rulebook.h - one regulation as data: the stages and unit types it knows,
 * its answer scales, criteria with their weights and indicators, how a total
 * is scored, the pass threshold, the predicates and optional adjustments,
 * and which of those numbers are defaults the programme owner set rather
 * than numbers the regulation publishes. The JSON format is documented in
 * docs/rulebook.md; this module parses and validates it, describes the
 * scoring in plain words, and computes the canonical form and its SHA-256
 * that identify a stored rulebook. Pure: no I/O (jansson and libsodium's
 * hash only).
 */
#ifndef P2HAM_RULEBOOK_H
#define P2HAM_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/code.h"
#include "core/stage.h"

#define RULEBOOK_FORMAT "p2ham-rulebook-1" /* value of "format" */
#define RULEBOOK_PROBLEMS_MAX 200          /* problems kept; more are only counted */
#define RULEBOOK_SHA256_HEX_LEN 65         /* 64 hex digits and a NUL */

/* The languages every text of a rulebook carries, in the catalog's order. */
enum rulebook_lang {
	RULEBOOK_LANG_ID, /* Bahasa Indonesia, key "id" */
	RULEBOOK_LANG_EN, /* English, key "en" */
	RULEBOOK_LANG_MAX
};

/* How a total is computed from the answers. */
/* clang-format off */
#define RULEBOOK_METHOD_LIST(X) \
	X(RULEBOOK_WEIGHTED_MEAN, "weighted_mean") /* see docs/rulebook.md */
/* clang-format on */

enum rulebook_method { RULEBOOK_METHOD_LIST(CODE_ENUM) RULEBOOK_METHOD_MAX };

/* The kinds of adjustment added to a total after weighting. */
/* clang-format off */
#define RB_ADJUSTMENT_KIND_LIST(X) \
	X(RB_ADJ_IKM_GRADE, "ikm_grade")                         /* by the unit's IKM grade A..D */ \
	X(RB_ADJ_INTEGRITY_ZONE, "integrity_zone")               /* by its integrity-zone status \
								    WBK/WBBM */ \
	X(RB_ADJ_UNRESOLVED_COMPLAINTS, "unresolved_complaints") /* per public complaint left \
								    unresolved */ \
	X(RB_ADJ_OMBUDSMAN_FINDING, "ombudsman_finding")         /* per Ombudsman finding */
/* clang-format on */

enum rb_adjustment_kind { RB_ADJUSTMENT_KIND_LIST(CODE_ENUM) RB_ADJ_KIND_MAX };

#define RB_ADJ_POINTS_MAX 4 /* outcomes of the widest kind (IKM A..D) */

/* A text in both languages, indexed by enum rulebook_lang; NULLs when the
 * optional text is absent. */
struct rb_text {
	const char *s[RULEBOOK_LANG_MAX]; /* by enum rulebook_lang */
};

/* A number of the rulebook and whether the programme owner set it. */
struct rb_number {
	double v;        /* the value */
	bool is_default; /* named by "defaults": not published by the regulation */
};

struct rb_option {
	const char *code;       /* unique within its scale, e.g. "proses" */
	struct rb_text label;   /* what the person answering sees, e.g. "Proses" */
	struct rb_number value; /* 0..1: its contribution to the criterion score */
};

struct rb_scale {
	const char *code;          /* unique in the rulebook, e.g. "ada_proses_tidak" */
	struct rb_option *options; /* the choices, in the order shown */
	size_t option_count;       /* 2 or more */
};

struct rb_indicator {
	const char *code;             /* unique across the whole rulebook */
	struct rb_text text;          /* the question or item */
	const struct rb_scale *scale; /* its answer scale (in the rulebook's scales) */
	const char **unit_types; /* types it applies to; none: all of the rulebook's */
	size_t unit_type_count;  /* entries of unit_types */
	bool evidence_required;  /* supporting evidence must be uploaded */
	struct rb_text evidence_guidance; /* what evidence to give; NULLs when none */
	bool is_knockout;                 /* must be met (value 1) for the unit to pass */
};

struct rb_criterion {
	const char *code;                /* unique in the rulebook, e.g. "sarana" */
	struct rb_text name;             /* e.g. "Aksesibilitas dan ..." */
	struct rb_number weight;         /* share of the total, the weights sum to 100 */
	struct rb_indicator *indicators; /* in the order shown */
	size_t indicator_count;          /* 1 or more */
};

struct rb_predicate {
	const char *code;           /* unique in the rulebook */
	struct rb_text label;       /* e.g. "Unit Kerja P2HAM" */
	struct rb_number min_total; /* lowest total that reaches it; ascending */
};

struct rb_adjustment {
	enum rb_adjustment_kind kind; /* at most one adjustment of each kind */
	/* IKM grade and integrity zone: points per outcome, indexed as
	 * rulebook_adjustment_outcomes(kind) lists the outcomes. */
	struct rb_number points[RB_ADJ_POINTS_MAX];
	struct rb_number points_each; /* counted kinds: points per occurrence */
	struct rb_number limit;       /* counted kinds: the most they add in all */
};

struct rulebook {
	const char *code;           /* e.g. "p2ham-2022" */
	int64_t version;            /* 1, 2, ...: a change is a new version */
	struct rb_text title;       /* the rulebook's title */
	struct rb_text notes;       /* about its sources; NULLs when none */
	const char *legal_number;   /* the regulation as cited, "Permenkumham 2/2022" */
	struct rb_text legal_title; /* the regulation's full title */
	const char *legal_date;     /* YYYY, YYYY-MM or YYYY-MM-DD */
	bool stages[STAGE_MAX];     /* the stages the rulebook knows */
	const char **unit_types;    /* unit type codes it applies to */
	size_t unit_type_count;     /* entries of unit_types, 1 or more */
	struct rb_scale *scales;    /* the answer scales */
	size_t scale_count;         /* entries of scales */
	struct rb_criterion *criteria;     /* in the order shown */
	size_t criterion_count;            /* entries of criteria, 1 or more */
	enum rulebook_method method;       /* how totals are scored */
	struct rb_number pass_threshold;   /* 0..100: total needed to pass */
	struct rb_predicate *predicates;   /* ascending by min_total */
	size_t predicate_count;            /* entries of predicates, 1 or more */
	struct rb_adjustment *adjustments; /* optional, none when count is 0 */
	size_t adjustment_count;           /* entries of adjustments */
	const char **defaults;             /* the "defaults" references as written */
	size_t default_count;              /* entries of defaults */
};

/* What is wrong with a document, each "JSON path: what is wrong". */
struct rulebook_problems {
	const char **msgs; /* the first RULEBOOK_PROBLEMS_MAX messages, in
			      document order, in the arena */
	size_t count;      /* messages in msgs */
	size_t total;      /* problems found, including those not kept */
};

/*
 * Parse text (len bytes) as JSON for rulebook_parse: duplicate object keys
 * are refused, as they would silently drop a value. Returns a new reference
 * (the caller owns it), or NULL with one problem "line L, column C: ..." added
 * to p (whose messages live in a).
 */
json_t *rulebook_json_load(const char *text, size_t len, struct arena *a,
    struct rulebook_problems *p);

/*
 * Parse and validate doc. known[0..known_count) are the unit type codes that
 * exist (the registry's, or unit_type_codes()). Every problem found is added
 * to p (initialise it to zero first; more than RULEBOOK_PROBLEMS_MAX are
 * counted, not kept). Returns the rulebook when p->total stayed 0, else NULL.
 * Everything, the rulebook and the messages, is allocated in a and lives as
 * long as it; nothing points into doc afterwards.
 */
struct rulebook *rulebook_parse(json_t *doc, const char *const *known, size_t known_count,
    struct arena *a, struct rulebook_problems *p);

/*
 * The canonical form of doc: its JSON with keys sorted and no spaces
 * (jansson JSON_SORT_KEYS | JSON_COMPACT), which is what the database
 * stores, and hex receives its SHA-256 (lowercase). Returns a malloc'd
 * NUL-terminated string (free() it) and its length in *len (may be NULL);
 * NULL when out of memory.
 */
char *rulebook_canonical(const json_t *doc, size_t *len, char hex[RULEBOOK_SHA256_HEX_LEN]);

/*
 * The scoring of rb described in plain words in language l, with the
 * rulebook's own numbers and criterion names: a NULL-terminated array of
 * sentences, in a. NULL when out of memory.
 */
const char **
rulebook_describe_scoring(const struct rulebook *rb, enum rulebook_lang l, struct arena *a);

/* The criterion of rb called code, or NULL (also for a NULL code). */
const struct rb_criterion *rulebook_criterion(const struct rulebook *rb, const char *code);
/* The predicate called code, or NULL (also for a NULL code). */
const struct rb_predicate *rulebook_predicate(const struct rulebook *rb, const char *code);
/* The option called code of ind's scale, or NULL (also for a NULL code or
 * an indicator without a scale). */
const struct rb_option *rulebook_option(const struct rb_indicator *ind, const char *code);

/* True when ind applies to units of type code under rb. */
bool rulebook_indicator_applies(const struct rulebook *rb, const struct rb_indicator *ind,
    const char *unit_type);

/* The number of indicators of rb, or of its criterion cr, that apply to
 * unit type code. */
size_t rulebook_indicator_count(const struct rulebook *rb, const char *unit_type);
size_t rulebook_criterion_count(const struct rulebook *rb, const struct rb_criterion *cr,
    const char *unit_type);

#define RULEBOOK_NUMBER_LEN 32 /* bytes of a formatted number */

/*
 * v as people read it in language l, into out: whole numbers without
 * decimals, others with at most two, a decimal comma in Indonesian ("0,5"),
 * a minus sign (U+2212) for negatives and, when sign is set, "+" for
 * positives. Returns out.
 */
const char *rulebook_number_text(double v, enum rulebook_lang l, bool sign,
    char out[RULEBOOK_NUMBER_LEN]);

/* The text in language l (the Indonesian one when l is out of range). */
const char *rb_text_get(const struct rb_text *t, enum rulebook_lang l);

/* The code of a language ("id", "en") and of a kind ("ikm_grade", ...). */
const char *rulebook_lang_code(enum rulebook_lang l);
const char *rulebook_adjustment_code(enum rb_adjustment_kind k);

/*
 * The outcomes an adjustment kind gives points for, as its "points" keys:
 * {"A", "B", "C", "D"} for the IKM grade, {"wbk", "wbbm"} for the integrity
 * zone; *count receives how many (0 for the counted kinds, which have
 * points_each and limit instead). Static strings.
 */
const char *const *rulebook_adjustment_outcomes(enum rb_adjustment_kind k, size_t *count);
/* How people write outcome i of kind k: "A".."D", "WBK", "WBBM". Static. */
const char *rulebook_adjustment_outcome_label(enum rb_adjustment_kind k, size_t i);

#endif
