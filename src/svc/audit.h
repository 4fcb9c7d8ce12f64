/*
 * audit.h - writing the audit log and its signed checkpoints: every write of
 * the application appends an entry in the same transaction as the write
 * itself; a checkpoint signs the chain's head with the installation's key.
 * The chain's format and its verification are core/audit.h's.
 */
#ifndef P2HAM_APP_AUDIT_H
#define P2HAM_APP_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/audit.h"
#include "db/db.h"
#include "docs/sign.h"
#include "svc/svc.h"

#define AUDIT_WALK_PAGE 1000 /* entries read per statement by audit_chain_walk */

/* One entry to append. Strings and summary are borrowed. */
struct audit_entry {
	int64_t actor_id;        /* users.id; 0 for the command line or the system */
	const char *actor;       /* label: the user's email, "cli", "system" */
	const char *action;      /* what was done, e.g. "user.create" */
	const char *object_type; /* e.g. "user", "unit"; NULL when none */
	int64_t object_id;       /* the object's id; 0 when none */
	json_t *summary;         /* what changed, borrowed; NULL for {}; never
				    passwords, tokens or other secrets */
	const char *request_id;  /* the request's id; NULL from the command line */
};

/*
 * Append ae to the audit log on c. Must run inside the caller's
 * transaction (db_begin ... db_commit), so that the write and its entry
 * commit or roll back together; on PostgreSQL it holds a transaction lock
 * until then so that concurrent appenders queue, on SQLite BEGIN IMMEDIATE
 * has serialised writers already. Stores the summary as canonical JSON and
 * chains the entry to the head. -1 with e (the caller rolls back): 500
 * "audit_invalid" when action or actor is missing or the summary holds a
 * secret's key (password, token, ...), or a database error.
 */
int audit_append(struct db_conn *c, const struct audit_entry *ae, struct err *e);

/*
 * audit_append for the actor of s (id, label, request id) on s's
 * connection: what every service writes in its transaction, the action
 * behind s->audit_tag when there is one. summary is borrowed and may be
 * NULL.
 */
int svc_audit(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, json_t *summary, struct err *e);
/* The same, taking the reference to summary (released whatever happens),
 * as jansson's *_new functions do: for a summary packed for this entry. */
int svc_audit_new(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, json_t *summary, struct err *e);
/*
 * The end of a service's write: svc_audit_new, then svc_end (svc.h): when
 * either fails, the transaction is rolled back (svc_rollback) and -1
 * returned with e. 0 once committed.
 */
int svc_audit_commit(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, json_t *summary, struct err *e);

/*
 * Called by audit_chain_walk for each run of good entries with their hashes
 * (both only valid during the call). Return 0 to go on; any other value
 * stops the walk and is returned by it (-1 with e set for an error).
 */
typedef int (*audit_walk_fn)(const struct audit_record *recs,
    unsigned char (*hashes)[AUDIT_HASH_BYTES], size_t count, void *ctx, struct err *e);

/*
 * Recompute the stored chain from where ch stands (audit_chain_init: the
 * whole log; or a checkpoint's seq and head) to its end, AUDIT_WALK_PAGE
 * entries at a time, so memory stays flat however long the log. fn (may be
 * NULL) sees the good entries. Returns 0 when the chain holds to its end
 * (ch then holds the count and head), 1 when it breaks (b says where and
 * why; ch ends at the last good entry), -1 with e on a database error, or
 * what fn returned to stop.
 */
int audit_chain_walk(struct db_conn *c, struct audit_chain *ch, audit_walk_fn fn,
    void *ctx, struct audit_break *b, struct err *e);

/*
 * Check checkpoint cp (a stored row or its exported JSON: seq, head_hash,
 * at, signature) against public key pk; on success *seq and head receive
 * what it covers. -1 with e when it is malformed or the signature does not
 * verify.
 */
int audit_checkpoint_check(json_t *cp, const unsigned char pk[SIGN_PUBLIC_BYTES],
    int64_t *seq, unsigned char head[AUDIT_HASH_BYTES], struct err *e);

/* The stored checkpoint of entry seq, exported (audit_checkpoint_json),
 * into *out, NULL when there is none; the caller owns it. */
int audit_checkpoint_get(struct db_conn *c, int64_t seq, json_t **out, struct err *e);

/*
 * Sign the chain's current head with the installation's key (DATA_DIR/keys)
 * and store the checkpoint, unless one of that head exists already (then
 * that one stands). Only a head that follows from the latest checkpoint
 * this key signed (or from the genesis) is signed: the entries since are
 * walked first, and a broken chain is refused with 500 "audit_broken".
 * *checkpoint (may be NULL) receives the stored checkpoint as
 * audit_checkpoint_json makes it; the caller owns it. *written (may be
 * NULL) says whether this call wrote it.
 */
int audit_checkpoint_write(struct db *db, const char *data_dir, json_t **checkpoint,
    bool *written, struct err *e);

/*
 * The exported form of a checkpoint row {seq, head_hash, at, signature,
 * public_key}, which anyone can check with the public key alone:
 * {"format": "p2ham-checkpoint-1", "algorithm": "ed25519", "seq",
 * "head_hash", "at", "message" (the exact signed text), "signature",
 * "public_key"}. New reference, NULL when row lacks a field.
 */
json_t *audit_checkpoint_json(json_t *row);

/*
 * Write a checkpoint every interval seconds when the head has moved since
 * the last one, from a thread of its own, until audit_checkpointer_stop.
 * Creates the signing key when missing. interval 0 starts nothing. -1 with
 * e when the key cannot be made or the thread not started.
 */
int audit_checkpointer_start(struct db *db, const char *data_dir, unsigned interval,
    struct err *e);
/* Wake the thread, let it finish a checkpoint in progress, and join it.
 * Does nothing when none was started. */
void audit_checkpointer_stop(void);

/*
 * (audit_pages.c) The page of the object an entry is about, e.g. ("user", 7) ->
 * "/pengguna/7", into out (cap bytes). -1 when the type has no page or the
 * id is 0.
 */
int audit_object_href(const char *object_type, int64_t object_id, char *out, size_t cap);

#endif
