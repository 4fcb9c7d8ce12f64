/*
 * demo.h - the part of the demo data that replays what units did before:
 * declarations, self-assessments and evaluations (demo_history.c), each
 * step through the service the pages use, as the demo account who would
 * have taken it, at the moment it would have happened.
 */
#ifndef P2HAM_DEMO_H
#define P2HAM_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "svc/svc.h"

/* Where the demo's services run: the connection and the installation. */
struct demo_env {
	struct db_conn *c;
	const char *data_dir; /* files; the demo issues no documents */
	const char *public_url;
};

/* One participation's past, with who did each step (users ids). */
struct demo_past {
	int64_t participation;
	int64_t unit; /* the participation's unit */
	int province; /* and where it sits */
	int64_t organization;
	const char *place;          /* where it declared */
	time_t declared;            /* the day of its event, at this hour */
	const char *forkopimda;     /* the regional leadership's witness */
	bool built;                 /* answered and submitted its self-assessment */
	int evaluation;             /* 1 passed, -1 failed, 0 not evaluated */
	const char *weak_criterion; /* answered worst (and the failure's reason) */
	const char *fail_reason;
	int64_t unit_actor; /* its operator; 0: the admin stands in */
	int64_t head_actor; /* its head, who submits; 0: likewise */
	int64_t approver;   /* coordinator or admin */
	int64_t regional;   /* regional office or admin */
	int64_t admin;      /* the programme admin */
	int64_t verifier;   /* the assigned verifier and assessor */
	int64_t assessor;   /* (demo_seed_assessment) */
};

/* A service context for one step, with its own memory. */
struct demo_act {
	struct svc s;
	struct principal p;
	struct arena a;
	struct grant stand_in[2]; /* a unit's roles, for the admin standing
				     in for the unit's own people */
};

/*
 * Open x acting as user (0: the command line as "demo", with the national
 * admin's rights) at when; its audit entries' actions start with "demo.".
 * -1 with e; x is then closed already. demo_act_end frees what the step
 * left.
 */
int demo_act(struct demo_act *x, const struct demo_env *env, int64_t user, time_t when,
    struct err *e);
void demo_act_end(struct demo_act *x);

/*
 * Open x acting for p's unit as user with its own grants, or, when the
 * unit's own people have no demo account (user 0), as the admin account
 * standing in with role over the unit. -1 with e, as demo_act.
 */
int demo_act_in_unit(struct demo_act *x, const struct demo_env *env,
    const struct demo_past *p, int64_t user, enum role role, time_t when, struct err *e);

/*
 * Replay the past of n participations, each step committed by its service;
 * the sample files go into DATA_DIR/files. -1 with e.
 */
int demo_seed_history(const struct demo_env *env, const struct demo_past *past, size_t n,
    struct err *e);

/*
 * Replay the assessment of p (passed its evaluation) so far
 * (demo_assessment.c): the verifier and assessor assigned and answered,
 * the evidence submitted, verdicts given and revision round 1 open. -1
 * with e.
 */
int
demo_seed_assessment(const struct demo_env *env, const struct demo_past *p, struct err *e);

/* The date days after today in p's unit's zone (demo_assessment.c). */
const char *demo_date_from_now(const struct demo_past *p, int days, char out[TIME_DATE_LEN]);

/* At at, the admin assigns p to the demo's verifier and to the n
 * assessors by address, due in two weeks; ids[i] receives the
 * assignment of assessors[i]. -1 with e (some may have been made). */
int demo_assign(const struct demo_env *env, const struct demo_past *p, time_t at,
    const char *const *assessors, size_t n, int64_t *ids, struct err *e);

/* The evidence of p submitted at at by its head, the user head, or when
 * head is 0 by the admin standing in for the unit's head. -1 with e. */
int demo_submit_evidence(const struct demo_env *env, const struct demo_past *p,
    int64_t head, time_t at, struct err *e);

/* The verdict given on the n-th indicator (of those that apply, in the
 * rulebook's order) called code. */
typedef struct verdict_in (*demo_verdict_of)(const char *code, size_t n);

/* The verifier's verdicts on every indicator of p that applies, given at
 * at; when close, verification closed a day later, issuing its report.
 * -1 with e. */
int demo_verdicts(const struct demo_env *env, const struct demo_past *p, time_t at,
    demo_verdict_of pick, bool close, struct err *e);

/*
 * Replay two units (passed their evaluation) through verification to
 * scoring (demo_scoring.c): at scoring one assessor has submitted and the
 * other holds a draft; assessed has both submitted, disagreeing on one
 * indicator, and awaits the plenary. -1 with e.
 */
int demo_seed_scoring(const struct demo_env *env, const struct demo_past *scoring,
    const struct demo_past *assessed, struct err *e);

/* Run run(env, arg, e) with the catalogs and the documents' templates
 * loaded (unless the caller has them): the services it calls issue real
 * documents. Its result. */
int demo_with_words(const struct demo_env *env,
    int (*run)(const struct demo_env *, const void *, struct err *), const void *arg,
    struct err *e);

/* Replay p (passed its evaluation) through verification to assessed, both
 * assessors agreeing (demo_scoring.c); the caller has the catalogs and
 * templates loaded. -1 with e. */
int demo_seed_assessed(const struct demo_env *env, const struct demo_past *p, struct err *e);

/*
 * The decree of p's cycle (demo_decree.c): the n participations of past
 * (passed their evaluation) replayed to assessed, recommended by a
 * plenary session the admin opens and closes, then the Minister's decree
 * drafted and issued with their certificates. -1 with e.
 */
int demo_seed_decree(const struct demo_env *env, const struct demo_past *past, size_t n,
    struct err *e);

/*
 * Publish version 1 of the results of p's cycle as p's admin
 * (demo_results.c), once a decree of the cycle is issued; nothing while
 * none is. -1 with e.
 */
int demo_seed_results(const struct demo_env *env, const struct demo_past *p, struct err *e);

/* A one-page PDF titled title saying text, into b (initialised here),
 * that stands for a file someone sends (demo_history.c). -1 with e. */
int demo_sample_pdf(struct buf *b, const char *title, const char *text, struct err *e);

/*
 * Guidance and supervision (demo_supervision.c), once the decree made
 * supervised and revoked supervised units with certificates: supervised
 * visited 20 days ago with a finding, one action answered and closed and
 * one overdue; revoked's award revoked two days ago by the demo's
 * observer, who has the power to revoke. -1 with e.
 */
int demo_supervision(const struct demo_env *env, const struct demo_past *supervised,
    const struct demo_past *revoked, struct err *e);

/*
 * The satisfaction survey (demo_survey.c): services, yearly users and a
 * few dozen answers for the three units (an immigration office with the
 * P2HAM instrument, a prison, another immigration office).
 */
int demo_survey(const struct demo_env *env, const int64_t units[3], struct err *e);

/*
 * Public complaints (demo_complaints.c): this year's fixed-date holidays,
 * and complaints about units[0] (one answered, one referred), units[1]
 * (confidential, awaiting triage) and units[2] (accepted, overdue).
 */
int demo_complaints(const struct demo_env *env, const int64_t units[3], struct err *e);

/*
 * The coordination regions (demo_regions.c): "Wilayah I" and "Wilayah II"
 * over the demo's provinces; *wilayah_i receives the first's id, for its
 * coordinator's grant. -1 with e.
 */
int demo_seed_regions(const struct demo_env *env, int64_t *wilayah_i, struct err *e);

#endif
