/*
 * audit.c - the audit log as the application writes it: appending an entry
 * inside the caller's transaction, walking the stored chain, and signed
 * checkpoints of its head, on demand and from a background thread. The
 * pages that show it are audit_pages.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svc/audit.h"
#include "svc/cluster.h"
#include "base/ticker.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "core/audit.h"
#include "docs/sign.h"

#define CHECKPOINT_FORMAT "p2ham-checkpoint-1"
#define SUMMARY_DEPTH_MAX 32 /* nesting checked for secrets */

/* Keys that must never reach the log: it is kept forever and shown. */
/* clang-format off */
static const char *const secret_keys[] = {
	"password", "password_hash", "token", "token_hash", "secret",
	"api_token", "session_token", NULL
};
/* clang-format on */

/* True when v holds, at any depth, an object key naming a secret. */
static bool
has_secret(json_t *v, int depth)
{
	const char *key;
	json_t *item;
	size_t i, k;

	if (depth > SUMMARY_DEPTH_MAX)
		return true; /* refuse what cannot be checked */
	if (json_is_object(v)) {
		json_object_foreach(v, key, item) {
			for (k = 0; secret_keys[k] != NULL; k++)
				if (strcmp(key, secret_keys[k]) == 0)
					return true;
			if (has_secret(item, depth + 1))
				return true;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (has_secret(item, depth + 1))
				return true;
	}
	return false;
}

/*
 * Make entry seq the data's version: this process's moves at the commit;
 * PostgreSQL notifies every listening server then, once per transaction
 * (any newer number moves theirs).
 */
static int
audit_announce(struct db_conn *c, int64_t seq, struct err *e)
{
	char text[24];

	if (!db_version_note(c, seq) || db_conn_backend(c) != DB_POSTGRES)
		return 0;
	snprintf(text, sizeof(text), "%" PRId64, seq);
	return db_exec(c, DB_AUDIT_NOTIFY, (struct db_param[]){ DBP_TEXT(text) }, 1, NULL, e);
}

int
audit_append(struct db_conn *c, const struct audit_entry *ae, struct err *e)
{
	struct audit_record r;
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 }, h[AUDIT_HASH_BYTES];
	char hex[AUDIT_HASH_HEX_LEN], at[TIME_ISO_LEN];
	json_t *rows = NULL, *head, *empty = NULL;
	char *summary = NULL;
	int rc = -1;

	if (ae->action == NULL || ae->action[0] == '\0' || ae->actor == NULL ||
	    ae->actor[0] == '\0' || (ae->summary != NULL && has_secret(ae->summary, 0))) {
		err_set(e, ERR_AUDIT,
		    "audit entry %s: missing action "
		    "or actor, or a secret in its summary",
		    ae->action != NULL ? ae->action : "(none)");
		return -1;
	}
	if (ae->summary == NULL && (empty = json_object()) == NULL)
		goto nomem;
	summary = json_dumps(ae->summary != NULL ? ae->summary : empty,
	    JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	if (summary == NULL)
		goto nomem;
	if (db_exec(c, DB_AUDIT_LOCK, NULL, 0, NULL, e) < 0 ||
	    db_exec(c, DB_AUDIT_HEAD, NULL, 0, &rows, e) < 0)
		goto done;
	memset(&r, 0, sizeof(r));
	if ((head = json_array_get(rows, 0)) != NULL) {
		r.seq = json_integer_value(json_object_get(head, "seq"));
		if (audit_hash_parse(json_string_value(json_object_get(head, "hash")),
			prev) < 0) {
			err_set(e, ERR_AUDIT_BROKEN,
			    "the audit log's last "
			    "entry %" PRId64 " has no valid hash: run 'p2ham "
			    "audit verify'",
			    r.seq);
			goto done;
		}
	}
	r.seq++;
	r.at = time_iso(time(NULL), at);
	r.actor_id = ae->actor_id;
	r.actor = ae->actor;
	r.action = ae->action;
	r.object_type = ae->object_type != NULL ? ae->object_type : "";
	r.object_id = ae->object_id;
	r.summary = summary;
	r.request_id = ae->request_id != NULL ? ae->request_id : "";
	audit_hash(prev, &r, h);
	audit_hash_hex(hex, h);
	if (db_exec(c, DB_AUDIT_APPEND,
		(struct db_param[]){ DBP_INT(r.seq), DBP_TEXT(r.at),
		    r.actor_id != 0 ? DBP_INT(r.actor_id) : DBP_NULL, DBP_TEXT(r.actor),
		    DBP_TEXT(r.action), DBP_TEXT(r.object_type),
		    r.object_id != 0 ? DBP_INT(r.object_id) : DBP_NULL,
		    DBP_TEXT(r.summary), DBP_TEXT(r.request_id), DBP_TEXT(hex) },
		10, NULL, e) < 0 ||
	    audit_announce(c, r.seq, e) < 0)
		goto done;
	rc = 0;
	goto done;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
done:
	free(summary);
	json_decref(empty);
	json_decref(rows);
	return rc;
}

json_t *
audit_checkpoint_json(json_t *row)
{
	json_t *seq = json_object_get(row, "seq");
	const char *head = json_string_value(json_object_get(row, "head_hash"));
	const char *at = json_string_value(json_object_get(row, "at"));
	const char *sig = json_string_value(json_object_get(row, "signature"));
	const char *pk = json_string_value(json_object_get(row, "public_key"));
	struct buf msg;
	json_t *out;

	if (!json_is_integer(seq) || head == NULL || at == NULL || sig == NULL || pk == NULL)
		return NULL;
	buf_init(&msg, 0);
	audit_checkpoint_message(&msg, json_integer_value(seq), head, at);
	out = msg.failed
	    ? NULL
	    : json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, "
			"s:s, s:s}",
		  "format", CHECKPOINT_FORMAT, "algorithm", "ed25519", "seq",
		  json_integer_value(seq), "head_hash", head, "at", at, "message",
		  buf_cstr(&msg), "signature", sig, "public_key", pk);
	buf_free(&msg);
	return out;
}

int
audit_checkpoint_get(struct db_conn *c, int64_t seq, json_t **out, struct err *e)
{
	json_t *rows = NULL, *row;

	*out = NULL;
	if (db_exec(c, DB_AUDIT_CHECKPOINT_GET, (struct db_param[]){ DBP_INT(seq) }, 1,
		&rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL &&
	    (*out = audit_checkpoint_json(row)) == NULL) {
		err_set(e, ERR_AUDIT, "checkpoint %" PRId64 " is incomplete", seq);
		json_decref(rows);
		return -1;
	}
	json_decref(rows);
	return 0;
}

int
audit_checkpoint_check(json_t *cp, const unsigned char pk[SIGN_PUBLIC_BYTES],
    int64_t *seq, unsigned char head[AUDIT_HASH_BYTES], struct err *e)
{
	json_t *jseq = json_object_get(cp, "seq");
	const char *hex = json_string_value(json_object_get(cp, "head_hash"));
	const char *at = json_string_value(json_object_get(cp, "at"));
	const char *sig = json_string_value(json_object_get(cp, "signature"));
	unsigned char bin[SIGN_BYTES];
	struct buf msg;
	bool ok;

	if (!json_is_integer(jseq) || json_integer_value(jseq) < 0 ||
	    audit_hash_parse(hex, head) < 0 || at == NULL ||
	    sign_base64_decode(bin, sizeof(bin), sig) < 0) {
		err_set(e, ERR_AUDIT,
		    "not a checkpoint: it needs "
		    "seq, head_hash, at and signature");
		return -1;
	}
	*seq = json_integer_value(jseq);
	buf_init(&msg, 0);
	audit_checkpoint_message(&msg, *seq, hex, at);
	ok = !msg.failed && sign_verify(pk, msg.data, msg.len, bin);
	buf_free(&msg);
	if (!ok) {
		err_set(e, ERR_AUDIT,
		    "the signature of checkpoint %" PRId64 " does not verify", *seq);
		return -1;
	}
	return 0;
}

/* Fill recs from rows of AUDIT_PAGE (strings borrowed from rows). */
static void
records_of(json_t *rows, struct audit_record *recs)
{
	const char *v;
	json_t *row;
	size_t i;

#define TEXT(k) ((v = json_string_value(json_object_get(row, k))) != NULL ? v : "")
	json_array_foreach(rows, i, row) {
		recs[i].seq = json_integer_value(json_object_get(row, "seq"));
		recs[i].at = TEXT("at");
		recs[i].actor_id = json_integer_value(json_object_get(row, "actor_id"));
		recs[i].actor = TEXT("actor");
		recs[i].action = TEXT("action");
		recs[i].object_type = TEXT("object_type");
		recs[i].object_id = json_integer_value(json_object_get(row, "object_id"));
		recs[i].summary = TEXT("summary");
		recs[i].request_id = TEXT("request_id");
		recs[i].hash = TEXT("hash");
	}
#undef TEXT
}

int
audit_chain_walk(struct db_conn *c, struct audit_chain *ch, audit_walk_fn fn, void *ctx,
    struct audit_break *b, struct err *e)
{
	struct audit_record *recs;
	unsigned char(*hashes)[AUDIT_HASH_BYTES];
	json_t *rows = NULL;
	size_t n, good;
	bool broken, reread = false;
	int rc = -1;

	recs = calloc(AUDIT_WALK_PAGE, sizeof(*recs));
	hashes = calloc(AUDIT_WALK_PAGE, sizeof(*hashes));
	if (recs == NULL || hashes == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	for (;;) {
		json_decref(rows);
		rows = NULL;
		if (db_exec(c, DB_AUDIT_PAGE,
			(struct db_param[]){ DBP_INT(ch->last_seq), DBP_INT(AUDIT_WALK_PAGE) },
			2, &rows, e) < 0)
			goto done;
		if ((n = json_array_size(rows)) == 0)
			break;
		records_of(rows, recs);
		broken = audit_chain_verify(ch, recs, n, hashes, b) < 0;
		good = broken ? b->index : n;
		if (good > 0 && fn != NULL && (rc = fn(recs, hashes, good, ctx, e)) != 0)
			goto done;
		if (broken && b->index > 0 && !reread) {
			/* Read again from the break, so that the rows after it
			 * tell reordering from editing and deleting. */
			reread = true;
			continue;
		}
		if (broken) {
			rc = 1;
			goto done;
		}
		reread = false;
	}
	rc = 0;
done:
	json_decref(rows);
	free(recs);
	free(hashes);
	return rc;
}

/*
 * Where the chain was last signed: the latest stored checkpoint, when this
 * installation's key signed it, else the genesis. A checkpoint under
 * another key (the key was replaced) is no base; one that claims this key
 * but does not verify was forged: -1.
 */
static int
chain_base(struct db_conn *c, const struct sign_keys *keys, struct audit_chain *ch,
    struct err *e)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	json_t *rows = NULL, *row;
	int64_t seq;
	int rc = -1;

	audit_chain_init(ch);
	if (db_exec(c, DB_AUDIT_CHECKPOINT_RECENT,
		(struct db_param[]){ DBP_INT(INT64_MAX), DBP_INT(1) }, 2, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL ||
	    sign_base64_decode(pk, sizeof(pk),
		json_string_value(json_object_get(row, "public_key"))) < 0 ||
	    sodium_memcmp(pk, keys->pk, sizeof(pk)) != 0) {
		rc = 0;
		goto done;
	}
	if (audit_checkpoint_check(row, keys->pk, &seq, ch->head, e) < 0) {
		err_set(e, ERR_AUDIT_BROKEN,
		    "the latest stored checkpoint "
		    "is forged: run 'p2ham audit verify'");
		goto done;
	}
	ch->last_seq = seq;
	ch->count = seq;
	rc = 0;
done:
	json_decref(rows);
	return rc;
}

int
audit_checkpoint_write(struct db *db, const char *data_dir, json_t **checkpoint,
    bool *written, struct err *e)
{
	struct sign_keys keys;
	struct audit_chain ch;
	struct audit_break b;
	struct db_conn *c;
	struct buf msg;
	json_t *stored = NULL;
	unsigned char sig[SIGN_BYTES];
	char at[TIME_ISO_LEN], sig64[SIGN_BASE64_LEN], why[200];
	char pk64[SIGN_PUBLIC_BASE64_LEN], head[AUDIT_HASH_HEX_LEN];
	int rc = -1, r;

	if (checkpoint != NULL)
		*checkpoint = NULL;
	if (written != NULL)
		*written = false;
	buf_init(&msg, 0);
	if (sign_keys_load(data_dir, &keys, e) < 0)
		return -1;
	if ((c = db_conn(db, e)) == NULL || chain_base(c, &keys, &ch, e) < 0)
		goto done;
	/* Sign only a head that follows from what was signed before. */
	if ((r = audit_chain_walk(c, &ch, NULL, NULL, &b, e)) < 0)
		goto done;
	if (r == 1) {
		audit_break_describe(&b, why, sizeof(why));
		err_set(e, ERR_AUDIT_BROKEN,
		    "the audit log is broken at entry %" PRId64
		    " (%s); nothing signed: run 'p2ham audit verify'",
		    b.seq, why);
		goto done;
	}
	audit_hash_hex(head, ch.head);
	if (audit_checkpoint_get(c, ch.last_seq, &stored, e) < 0)
		goto done;
	if (stored == NULL) {
		audit_checkpoint_message(&msg, ch.last_seq, head, time_iso(time(NULL), at));
		if (msg.failed) {
			err_set(e, ERR_NOMEM, "out of memory");
			goto done;
		}
		sign_detached(&keys, msg.data, msg.len, sig);
		sign_base64(sig64, sizeof(sig64), sig, sizeof(sig));
		sign_base64(pk64, sizeof(pk64), keys.pk, sizeof(keys.pk));
		if (db_exec(c, DB_AUDIT_CHECKPOINT_PUT,
			(struct db_param[]){ DBP_INT(ch.last_seq), DBP_TEXT(head),
			    DBP_TEXT(at), DBP_TEXT(sig64), DBP_TEXT(pk64) },
			5, NULL, e) < 0 ||
		    audit_checkpoint_get(c, ch.last_seq, &stored, e) < 0)
			goto done;
		if (stored == NULL) {
			err_set(e, ERR_AUDIT,
			    "checkpoint %" PRId64 " vanished after it was written",
			    ch.last_seq);
			goto done;
		}
		if (written != NULL)
			*written = strcmp(json_string_value(
					      json_object_get(stored, "signature")),
				       sig64) == 0;
	}
	if (checkpoint != NULL) {
		*checkpoint = stored;
		stored = NULL;
	}
	rc = 0;
done:
	sign_keys_wipe(&keys);
	buf_free(&msg);
	json_decref(stored);
	return rc;
}

/* The background checkpointer: one thread, woken early only to stop. */
static struct {
	struct ticker t;
	struct db *db;        /* where to write */
	const char *data_dir; /* where the key is */
	unsigned interval;    /* seconds between looks at the head */
} ckpt = { .t = TICKER_INIT };

/* Write a checkpoint when the head moved past the latest one. */
static void
checkpoint_tick(void)
{
	struct db_conn *c;
	struct err e;
	json_t *rows = NULL, *cps = NULL, *cp = NULL;
	int64_t head, latest;
	bool written = false;

	err_clear(&e);
	if ((c = db_conn(ckpt.db, &e)) == NULL ||
	    db_exec(c, DB_AUDIT_HEAD, NULL, 0, &rows, &e) < 0 ||
	    db_exec(c, DB_AUDIT_CHECKPOINT_RECENT,
		(struct db_param[]){ DBP_INT(INT64_MAX), DBP_INT(1) }, 2, &cps, &e) < 0)
		goto fail;
	head = json_integer_value(json_object_get(json_array_get(rows, 0), "seq"));
	latest = json_array_size(cps) == 0
	    ? -1
	    : json_integer_value(json_object_get(json_array_get(cps, 0), "seq"));
	if (head > latest) {
		if (audit_checkpoint_write(ckpt.db, ckpt.data_dir, &cp, &written, &e) < 0)
			goto fail;
		if (written)
			log_info("event=audit_checkpoint seq=%" PRId64,
			    (int64_t)json_integer_value(json_object_get(cp, "seq")));
	}
	goto done;
fail:
	log_err("event=audit_checkpoint_failed code=%s msg=\"%s\"", err_code(e.kind), e.msg);
done:
	json_decref(cp);
	json_decref(cps);
	json_decref(rows);
}

/* The checkpointer wakes every interval, or more often to try the job's
 * lock, and writes when this server holds it (one server of several at a
 * time) and an interval has passed since its last look. */
static void *
checkpoint_main(void *arg)
{
	struct timespec now, last = { 0, 0 };
	unsigned step = ckpt.interval < CLUSTER_RETRY_SECONDS ? ckpt.interval
							      : CLUSTER_RETRY_SECONDS;
	struct db_conn *c;
	struct err e;

	(void)arg;
	while (ticker_sleep(&ckpt.t, step)) {
		err_clear(&e);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((c = db_conn(ckpt.db, &e)) != NULL &&
		    cluster_job_mine(c, CLUSTER_JOB_CHECKPOINT) &&
		    (last.tv_sec == 0 || now.tv_sec - last.tv_sec >= (time_t)ckpt.interval)) {
			last = now;
			checkpoint_tick();
		}
	}
	return NULL;
}

int
audit_checkpointer_start(struct db *db, const char *data_dir, unsigned interval, struct err *e)
{
	if (sign_keys_ensure(data_dir, e) < 0)
		return -1;
	if (interval == 0 || ckpt.t.started)
		return 0;
	ckpt.db = db;
	ckpt.data_dir = data_dir;
	ckpt.interval = interval;
	if (ticker_start(&ckpt.t, checkpoint_main, NULL) < 0) {
		err_set(e, ERR_AUDIT, "cannot start the checkpoint thread");
		return -1;
	}
	log_debug("event=audit_checkpointer interval=%u", interval);
	return 0;
}

void
audit_checkpointer_stop(void)
{
	ticker_stop(&ckpt.t);
}

int
svc_audit(struct svc *s, const char *action, const char *object_type, int64_t object_id,
    json_t *summary, struct err *e)
{
	char tagged[128];

	if (s->audit_tag != NULL && action != NULL) {
		snprintf(tagged, sizeof(tagged), "%s%s", s->audit_tag, action);
		action = tagged;
	}
	return audit_append(s->c,
	    &(struct audit_entry){ .actor_id = s->actor_id,
		.actor = s->actor,
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.summary = summary,
		.request_id = s->request_id },
	    e);
}

int
svc_audit_new(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, json_t *summary, struct err *e)
{
	int rc = svc_audit(s, action, object_type, object_id, summary, e);

	json_decref(summary);
	return rc;
}

int
svc_audit_commit(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, json_t *summary, struct err *e)
{
	return svc_end(s, svc_audit_new(s, action, object_type, object_id, summary, e), e);
}
