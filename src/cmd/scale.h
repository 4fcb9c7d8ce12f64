/*
 * scale.h - national-scale demonstration data (`p2ham demo --scale N`,
 * docs/scale.md): N units over the 38 provinces and their regencies, their
 * governments, two accounts per unit, and a national cycle whose
 * participations stand at every stage, written in bulk (db/bulk.h) after
 * the ordinary demo. Every row is a function of its unit's index, so each
 * table is written in a pass of its own (a PostgreSQL COPY holds the
 * connection) and the passes agree without keeping the rows in memory.
 */
#ifndef P2HAM_CMD_SCALE_H
#define P2HAM_CMD_SCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/timefmt.h"
#include "core/audit.h"
#include "core/rulebook.h"
#include "core/stage.h"
#include "db/bulk.h"
#include "db/db.h"

#define SCALE_MAX 1000000 /* most units one load makes */
#define SCALE_PROVINCES 38
#define SCALE_INDICATORS 60 /* indicators of the national rulebook */

/* The kinds of scaled unit, with their share (docs/scale.md). */
/* clang-format off */
enum scale_kind {
	SK_OPD_REGENCY, SK_OPD_PROVINCE, SK_WISATA, SK_KANIM, SK_LAPAS,
	SK_RUTAN, SK_BAPAS, SK_RUPBASAN, SK_LPKA, SK_RUDENIM, SK_BHP,
	SK_KANWIL, SK_MAX
};
/* clang-format on */

struct scale_regency {
	int code; /* Kemendagri code */
	int province;
	const char *name; /* "Kabupaten Tanjung Jaya" */
	int64_t org;      /* its government */
};

struct scale_unit {
	int64_t id;
	int64_t org;
	int64_t parent; /* the province's regional office, 0 none */
	int province;
	int regency; /* index in scale.reg, -1 none */
	enum scale_kind kind;
	enum pstate state; /* in the national cycle */
};

/* The next id of each table written with explicit ids (SCALE_ID_TABLES in
 * db/stmts_scale.h), and of the audit log. */
struct scale_ids {
	int64_t org, unit, users, grnt, part, event, decl, witness, file, eval, asg,
	    verdict, plenary, decree, seq;
};

/* A stored sample file evidence rows point at. */
struct scale_sample {
	char sha256[65];
	int64_t size;
	const char *name;
};

struct scale {
	struct db_conn *c;
	const char *data_dir;
	struct arena *a;      /* what lasts the whole load */
	struct arena scratch; /* one row's texts (scale_scratch) */
	time_t now;
	char now_iso[TIME_ISO_LEN];
	size_t n;                 /* units asked for */
	struct scale_unit *units; /* n of them */
	struct scale_regency *reg;
	size_t nreg;
	int64_t province_org[100]; /* by province code */
	int64_t kanwil[100];       /* regional office by province code */
	int64_t ministry;
	int64_t admin, verifier, assessor[2]; /* the ordinary demo's */
	int64_t org0;                         /* first organization made here */
	int64_t users0; /* first scaled account: unit i's operator is
			   users0 + 2i, its head users0 + 2i + 1 */
	int64_t pool0;  /* first of the verifier and assessor pool */
	size_t pool;    /* accounts in the pool */
	int64_t part0;  /* unit i's participation is part0 + i */
	int64_t cycle;  /* the national cycle */
	int64_t decl0;  /* the provinces' joint declarations */
	int64_t plenary, decree;
	const struct rulebook *rb;
	const struct rb_indicator *ind[SCALE_INDICATORS];
	struct scale_sample samples[4];
	char hash[160]; /* the one password hash of every account */
	struct scale_ids next;
	unsigned char head[AUDIT_HASH_BYTES]; /* the audit chain's head */
	/* What the --json output names. */
	int64_t sample_part[PSTATE_MAX]; /* one participation per state */
	int64_t sample_file;
	char serial[64]; /* of a document the ordinary demo issued */
	size_t rows;     /* rows written in all */
};

/* Who takes a step of a participation's path. */
enum scale_actor { BY_OPERATOR, BY_HEAD, BY_ADMIN, BY_VERIFIER, BY_ASSESSOR };

#define SCALE_STEPS_MAX 12

/* One step of a participation's path. */
struct scale_step {
	const char *what; /* transition code */
	enum pstate to;   /* the state it led to */
	enum scale_actor by;
};

/* The steps that led to st, in order; their count (scale_stages.c). */
size_t scale_path(enum pstate st, struct scale_step out[SCALE_STEPS_MAX]);

/* When step k of unit i's path was taken: two days apart, from 28 days
 * ago. */
const char *scale_step_at(const struct scale *s, size_t i, size_t k, char out[TIME_ISO_LEN]);

/* The account that takes unit i's steps of kind by. */
int64_t scale_actor(const struct scale *s, size_t i, enum scale_actor by);

/* A deterministic pseudo-random number for (i, salt). */
uint64_t scale_mix(uint64_t i, uint64_t salt);

/* The ISO time days (may be fractional through secs) before s->now. */
const char *scale_ago(const struct scale *s, int days, int secs, char out[TIME_ISO_LEN]);

/* The date YYYY-MM-DD days from s->now (negative: before). */
const char *scale_date(const struct scale *s, int days, char out[TIME_DATE_LEN]);

/* Free s->scratch every thousand rows (i counts them). */
void scale_scratch(struct scale *s, size_t i);

/* Write row to b, counting it; -1 with e. */
int scale_row(struct scale *s, struct db_bulk *b, const struct db_param *p, size_t n,
    struct err *e);

/* Finish b, counting its rows; -1 with e. */
int scale_close(struct scale *s, struct db_bulk *b, int rc, struct err *e);

/* Finish *b as scale_close does, then open the table next into *b: the
 * step between two tables of a load. -1 with e. */
int scale_next(struct scale *s, struct db_bulk **b, int rc, enum db_bulk_target next,
    struct err *e);

/* The registry: regencies, organizations, units, accounts and their grants
 * (scale_rows.c). -1 with e. */
int scale_registry(struct scale *s, struct err *e);

/* The national rulebook (the 2022 rulebook widened to every unit type,
 * SCALE_INDICATORS indicators) imported, and the sample files stored
 * (scale_rows.c). *rulebook receives its id. -1 with e. */
int scale_rulebook(struct scale *s, int64_t *rulebook, struct err *e);

/* The participations of the national cycle and every row their stage
 * needs, with their timeline (scale_stages.c). -1 with e. */
int scale_stages(struct scale *s, struct err *e);

/* The audit entries of everything loaded, chained on from the stored
 * head (scale_stages.c). -1 with e. */
int scale_audit(struct scale *s, struct err *e);

/* The first participation at st that the ordinary demo's verifier
 * reviews, 0 none. */
int64_t scale_demo_reviewed(const struct scale *s, enum pstate st);

/* Load n units as the national-scale demo after the ordinary demo
 * (scale.c), every account signing in with password; *report receives
 * what --json prints. -1 with e. */
struct demo_env;
int scale_load(const struct demo_env *env, size_t n, const char *password,
    json_t **report, struct err *e);

/* 0 when c holds a fresh installation (no unit, no participation, no
 * demo: loaded says whether the demo's mark is there); -1 with e saying
 * why not. */
int scale_fresh(struct db_conn *c, bool loaded, struct err *e);

/* The load's report as a line for people. */
void scale_print(const json_t *report);

/* The state unit i's participation stands at (a share of each). */
enum pstate scale_state(size_t i);

#endif
