/*
 * cluster.h - what lets any number of servers share one database behind a
 * load balancer: the periodic jobs each run on one server at a time (a
 * PostgreSQL advisory lock held on the job thread's own connection; when
 * that server dies its session ends and another server takes the job on
 * its next try), and the check that every server signs with the
 * installation's one key. On SQLite, which one server uses, every job is
 * always this server's.
 */
#ifndef P2HAM_SVC_CLUSTER_H
#define P2HAM_SVC_CLUSTER_H

#include <stdbool.h>

#include "base/code.h"
#include "base/err.h"
#include "db/db.h"

/* The periodic jobs, each with its own lock. */
/* clang-format off */
#define CLUSTER_JOB_LIST(X) \
	X(CLUSTER_JOB_CHECKPOINT, "audit_checkpoint") /* signing audit checkpoints (svc/audit.c) */ \
	X(CLUSTER_JOB_MAIL, "notify")                 /* the outbox and the daily notices \
						         (svc/mail.c) */ \
	X(CLUSTER_JOB_SWEEP, "file_sweep")            /* the file store's sweep at start */
/* clang-format on */

enum cluster_job { CLUSTER_JOB_LIST(CODE_ENUM) CLUSTER_JOB_MAX };

/* Seconds between the tries of a server that does not run a job. */
#define CLUSTER_RETRY_SECONDS 15

/*
 * True when this server runs job j now: its lock is held on c, the
 * calling thread's connection (taken now when free). Logs when the job
 * comes to this server and when it is lost (the connection broke). Call
 * it from the one thread that runs j, before each run.
 */
bool cluster_job_mine(struct db_conn *c, enum cluster_job j);

/* Let go of job j (a job done once, like the sweep at start). */
void cluster_job_release(struct db_conn *c, enum cluster_job j);

/*
 * The installation's signing key: the public half of the key this process
 * signs with (given, or DATA_DIR/keys/) is stored in the database when it
 * holds none yet, and must equal the one it holds. -1 with e (one line
 * naming both public halves) when it differs or cannot be read.
 */
int cluster_key_check(struct db *db, const char *data_dir, struct err *e);

#endif
