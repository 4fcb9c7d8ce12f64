/*
 * participation.h - one unit in one cycle, as the stage services see it:
 * loading it with its cycle, windows and place; asking the stage machine
 * (core/machine.h) whether a transition may happen and turning a refusal
 * into an error the user understands; applying it with its timeline entry
 * and audit entry. The pages' header of a participation is
 * web/stages/participation.h's.
 */
#ifndef P2HAM_SVC_PARTICIPATION_H
#define P2HAM_SVC_PARTICIPATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/machine.h"
#include "core/policy.h"
#include "core/region.h"
#include "core/rulebook.h"
#include "svc/svc.h"

/* A participation with what the stages need; strings live in the
 * service's arena. */
struct participation {
	int64_t id;
	int64_t cycle_id;
	const char *cycle_title;
	int cycle_year;
	int64_t rulebook_id;
	int64_t unit_id;
	const char *unit_name;
	const char *unit_type; /* unit type code */
	const char *head_name; /* the unit head, as the registry has it */
	const char *head_title;
	int province; /* Kemendagri code of the unit's province */
	const char *province_name;
	int64_t organization_id;
	enum tz tz;        /* the unit's time zone: dates are shown in it */
	enum stage stage;  /* where it is now */
	enum pstate state; /* and in what state (PSTATE_MAX: a row
			      with a state the programme does not
			      know) */
	struct cycle_window windows[STAGE_MAX]; /* the stages the cycle runs */
	size_t nwindows;
	struct object_ref ref; /* OBJ_PARTICIPATION with its place */
	time_t round_deadline; /* the open revision round's last
				 instant, set by the assessment
				 service before it guards TR_REVISE
				 or TR_RESUBMIT; 0 otherwise */
};

/*
 * Load participation id into *p after checking that s's actor may view it
 * (else 404, as for one that does not exist). -1 with e.
 */
int participation_load(struct svc *s, int64_t id, struct participation *p, struct err *e);

/*
 * May s's actor make transition t on p at s->now? complete is the guard's
 * completeness input (see struct machine_input). 0 with *step filled; -1
 * with e: 404 when p is hidden from the actor, 403 when the role may not
 * (as participation_authorize),
 * 409 with a message in s->lang for a wrong state, a stage the cycle does
 * not run or missing items, and for a closed or not yet open window a
 * message that gives the window's dates in the unit's time zone.
 */
int participation_guard(struct svc *s, const struct participation *p, enum transition t,
    bool complete, struct machine_step *step, struct err *e);

/*
 * Does the policy let s's actor make transition t on p, whatever its state
 * and window (machine_policy)? 0, or -1 with e: 404 when p is hidden from
 * the actor, 403 (ERR_DENIED, saying who may, in s->lang) when the role
 * may not. What participation_guard answers first.
 */
int participation_authorize(struct svc *s, const struct participation *p,
    enum transition t, struct err *e);

/* True when s's actor may make transition t now (no error kept): for
 * showing or hiding a form. */
bool participation_may(struct svc *s, const struct participation *p, enum transition t,
    bool complete);

/*
 * Apply step (from participation_guard) to p inside the calling service's
 * transaction, compare-and-set on the stage and state p was loaded with
 * (409 "changed" when someone moved it meanwhile): the new stage and
 * state, one timeline entry (transition, actor, s->now, note or NULL) and
 * one audit entry ("participation.CODE"). p->stage and p->state are
 * updated.
 */
int participation_apply(struct svc *s, struct participation *p, enum transition t,
    const struct machine_step *step, const char *note, struct err *e);

/*
 * Add a timeline entry without a change of state (a note recorded, a file
 * uploaded, ...), in the calling service's transaction: what is a catalog
 * key suffix under participation.event (e.g. "upload"), note free text or
 * NULL.
 */
int participation_event(struct svc *s, const struct participation *p, const char *what,
    const char *note, struct err *e);

/*
 * participation_event, then the audit entry action on p with summary (taken
 * and released whatever happens, as svc_audit_new): what a stage's write
 * that moves nothing ends with. -1 with e; nothing is audited when the
 * timeline entry fails.
 */
int participation_event_audit(struct svc *s, const struct participation *p,
    const char *what, const char *note, const char *action, json_t *summary, struct err *e);

/* The rulebook p's cycle runs under, parsed, in s->arena; NULL with e. */
struct rulebook *
participation_rulebook(struct svc *s, const struct participation *p, struct err *e);

/* Rulebook id, parsed (svc/rulebook_cache.c): shared by every thread and
 * read only, kept for the life of the process under its content's SHA-256;
 * parsed into arena a only when many rulebooks are kept already. NULL
 * with e (404). */
struct rulebook *
rulebook_load_in(struct db_conn *c, struct arena *a, int64_t id, struct err *e);

/* The date of now in p's time zone, "2026-11-29", into out; returns out. */
char *participation_today(const struct participation *p, time_t now, char out[TIME_DATE_LEN]);

/* Names in language l, in arena a: a stage's ("Pencanangan"), a state's
 * ("Menunggu persetujuan"), and instant t in p's zone ("29 November 2026
 * 18.00 WITA"). A key the catalog lacks reads as itself. */
const char *participation_stage_name(struct arena *a, enum lang l, enum stage s);
const char *participation_state_label(struct arena *a, enum lang l, enum pstate state);

/*
 * Where a participation of a cycle running the n stages w stands, as
 * people read it: the label of state in stage, except when that is the
 * closing state of the last stage the cycle runs (machine_finished), which
 * reads "Selesai (siklus ini hanya menjalankan pencanangan dan
 * pembangunan)" naming the cycle's stages, since a 2022 unit that
 * submitted was never waiting for an evaluation. In arena a.
 */
const char *participation_standing_label(struct arena *a, enum lang l, enum stage stage,
    enum pstate state, const struct cycle_window *w, size_t n);

/* The n stages of w as a phrase in l, lower case: "pencanangan dan
 * pembangunan", "declaration, building and evaluation". In arena a. */
const char *participation_stages_phrase(struct arena *a, enum lang l,
    const struct cycle_window *w, size_t n);

/* The stages cycle_id runs with their windows, in the programme's order,
 * into w (STAGE_MAX of them); *n receives the count. -1 with e. */
int participation_cycle_windows(struct svc *s, int64_t cycle_id,
    struct cycle_window w[STAGE_MAX], size_t *n, struct err *e);
const char *
participation_time(struct arena *a, enum lang l, const struct participation *p, time_t t);

#endif
