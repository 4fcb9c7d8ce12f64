/*
 * svc.h - the context every service runs in: a connection, who acts, when,
 * where its memory lives, the installation it acts on and the language of
 * the sentences it returns. Services are functions of (struct svc *, input)
 * and know nothing of HTTP: the pages build a context from their request
 * (web_svc in web/app.h), the command line and the demo build their own
 * (svc_cli).
 */
#ifndef P2HAM_SVC_H
#define P2HAM_SVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/policy.h"
#include "db/db.h"
#include "view/i18n.h"

struct svc {
	struct db_conn *c;           /* the connection; each write runs in a
					transaction of its own (svc_begin) */
	struct arena *arena;         /* what a service returns lives here */
	const struct principal *who; /* the actor's grants, for the policy */
	int64_t actor_id;            /* users.id; 0 for the command line */
	const char *actor;           /* audit label: email, "cli", "demo" */
	const char *request_id;      /* for the audit entry; NULL off-line */
	time_t now;                  /* the clock of this action */
	enum lang lang;              /* language of refusal sentences */
	const char *data_dir;        /* files, documents, the signing key */
	const char *public_url;      /* printed in documents' QR codes */
	bool batch;                  /* the caller holds one transaction
					around several services (the demo):
					they write in it, and neither open
					nor end it */
	const char *audit_tag;       /* put before the action of every audit
					entry ("demo." for what the demo
					replays), or NULL */
};

#define SVC_PROBLEMS_MAX 16 /* fields a refusal names */

/*
 * Why a write was refused, field by field: what a form shows next to each
 * field. A service that refuses input fills it and returns -1 with e of
 * kind ERR_INVALID, whose message is the first problem's.
 */
struct svc_problems {
	struct {
		const char *field; /* the input's name, e.g. "regency_code" */
		const char *text;  /* why, in s->lang; static or arena */
	} list[SVC_PROBLEMS_MAX];
	size_t count;
};

/*
 * A context for the command line or the demo: acting as actor (id 0 unless
 * actor_id is given) with the national admin's rights, at now. The
 * principal lives in *p, which the caller keeps alive with s.
 */
void svc_cli(struct svc *s, struct principal *p, struct db_conn *c, struct arena *a,
    int64_t actor_id, const char *actor, time_t now, const char *data_dir,
    const char *public_url);

/*
 * A service's own write transaction: begin, then commit or roll back. In a
 * batch (s->batch) they do nothing: the caller's transaction holds the
 * write, and the caller rolls all of it back when a service fails.
 *
 * Every ending leaves no transaction open, whether it succeeds or not: a
 * commit that fails has ended the transaction (db_commit), and the endings
 * below roll back when they fail. svc_rollback with no transaction open
 * does nothing, so a failure path shared with the steps before an ending
 * may roll back again.
 */
int svc_begin(struct svc *s, struct err *e);
int svc_commit(struct svc *s, struct err *e);
void svc_rollback(struct svc *s);
/*
 * End the transaction by how its writes went: rc 0 commits, rolling back
 * when the commit fails; any other rc rolls back. 0 once committed, else
 * -1 (e as the writes or the commit set it).
 */
int svc_end(struct svc *s, int rc, struct err *e);

/*
 * Turn s (made by svc_cli) into the user user_id acting with their own
 * grants and home, as they would signed in: the actor's label becomes
 * their email; p (s->who) receives the grants, in s->arena. -1 with e:
 * 404 when there is no such user, or a database error.
 */
int svc_act_as(struct svc *s, struct principal *p, int64_t user_id, struct err *e);

/* Load user_id's grants, with the place of each unit or participation
 * grant, into p (grants in arena a). */
int svc_grants_load(struct db_conn *c, struct arena *a, int64_t user_id,
    struct principal *p, struct err *e);

/* The id of the user whose email is email (case as typed), into *id; 0
 * when there is none. -1 with e on a database error. */
int svc_user_id(struct svc *s, const char *email, int64_t *id, struct err *e);
/* The same on connection c, for the command line. */
int svc_user_id_on(struct db_conn *c, const char *email, int64_t *id, struct err *e);

/* The full name of s's actor, "" for the command line, in s->arena: the
 * name a document prints under its signature. */
const char *svc_actor_name(struct svc *s, struct err *e);

/*
 * 0 when s's actor may do act on o; else -1 with e: 404 when o lies
 * outside what the actor may see (so ids cannot be probed), 403 when seen
 * but not allowed.
 */
int svc_authorize(struct svc *s, enum action act, const struct object_ref *o, struct err *e);

/* The catalog message of key in s->lang; when the catalog lacks it (or
 * none is loaded, as in the demo), a copy of key in s->arena, so that the
 * answer outlives a key built in the caller's buffer. */
const char *svc_msg(struct svc *s, const char *key);

struct sheet_heading;
struct sheet_column;
/* cols[0..n) from the declared columns h[0..n), headed in lang. */
void svc_sheet_columns(enum lang lang, const struct sheet_heading *h, size_t n,
    struct sheet_column *cols);

/* Add a problem with field (both borrowed); a field keeps its first. */
void svc_problem(struct svc_problems *pr, const char *field, const char *text);
/* The text of field's problem, or NULL. */
const char *svc_problem_of(const struct svc_problems *pr, const char *field);
/* -1 with e of kind ERR_INVALID saying pr's first problem (pr not empty). */
int svc_refuse(const struct svc_problems *pr, struct err *e);
/*
 * End a service's write transaction (svc_begin) once its checks have run:
 * with problems in pr, roll back and refuse them as svc_refuse does;
 * else svc_end. 0 once committed.
 */
int svc_finish(struct svc *s, const struct svc_problems *pr, struct err *e);
/*
 * Run st, a write guarded by the state it expects, which returns the row it
 * changed: 0 when it changed one; -1 with e, when it changed none a
 * refusal (409) saying that the record moved on meanwhile.
 */
int svc_exec_moved(struct svc *s, enum db_stmt st, const struct db_param *p, size_t n,
    struct err *e);
/*
 * Write a record: when *id is 0 insert it with insert and p[0..ni), *id
 * then receiving its "id"; else update row *id with update and p[0..nu),
 * insert's parameters followed by the update's own. -1 with e.
 */
int svc_save_row(struct svc *s, enum db_stmt insert, enum db_stmt update,
    const struct db_param *p, size_t ni, size_t nu, int64_t *id, struct err *e);
/* The same with the catalog text of key refusal as the refusal. */
int svc_exec_one(struct svc *s, enum db_stmt st, const struct db_param *p, size_t n,
    const char *refusal, struct err *e);
/*
 * Order of two unit rows as the reports and the indexes list them: by
 * "province_code", then "unit_name" (bytes), then the integer member id_key
 * (which tells apart rows of the same unit); <0, 0 or >0 as for qsort.
 */
int svc_unit_row_cmp(const json_t *a, const json_t *b, const char *id_key);
/*
 * Run st with p[0..n) and copy the text of column key of its first row into
 * s->arena: "" when there is no row or the column is NULL; NULL with e when
 * the statement or the copy fails.
 */
const char *svc_first_text(struct svc *s, enum db_stmt st, const struct db_param *p,
    size_t n, const char *key, struct err *e);
/* The directory for temporary files, DATA_DIR/tmp (in s->arena), made
 * when missing; NULL with e (ERR_EXPORT) when it cannot be. */
const char *svc_tmp_dir(struct svc *s, struct err *e);

#endif
