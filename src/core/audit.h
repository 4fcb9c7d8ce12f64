/*
 * audit.h - the audit log's chain, pure: how an entry is encoded, how each
 * entry's hash binds it to all before it, and how a sequence of stored
 * entries is checked. No I/O: app/audit.c stores and reads, this decides.
 *
 * Canonical encoding of an entry (version 1): a sequence of netstrings
 * "<decimal length>:<bytes>," of, in this order,
 *
 *	"p2ham-audit-1", seq, at, actor_id, actor, action, object_type,
 *	object_id, summary, request_id
 *
 * integers in decimal without sign or leading zeros, an absent actor or
 * object id (0) as the empty string, texts as stored (UTF-8; summary is the
 * JSON text exactly as stored). Each field's length is explicit, so no two
 * different entries share an encoding.
 *
 *	hash(1) = SHA-256(32 zero bytes || encoding(entry 1))
 *	hash(n) = SHA-256(hash(n - 1) || encoding(entry n))
 *
 * stored as 64 lowercase hex digits. The hash of the last entry (the head)
 * thus depends on every entry and its position: editing, deleting or
 * reordering any of them changes every hash from there on.
 */
#ifndef P2HAM_CORE_AUDIT_H
#define P2HAM_CORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define AUDIT_HASH_BYTES 32
#define AUDIT_HASH_HEX_LEN 65 /* hex digits and the NUL */

/* One entry as stored. Strings are borrowed and must not be NULL. */
struct audit_record {
	int64_t seq;             /* 1, 2, 3, ... in the order written */
	const char *at;          /* ISO-8601 UTC time of writing */
	int64_t actor_id;        /* users.id; 0 for the command line or the system */
	const char *actor;       /* who, as a label: an email address, "cli" */
	const char *action;      /* what, e.g. "user.create" */
	const char *object_type; /* what kind of object, "" when none */
	int64_t object_id;       /* which one; 0 when none */
	const char *summary;     /* canonical JSON of what changed */
	const char *request_id;  /* the request that wrote it, "" when none */
	const char *hash;        /* the stored hash as hex; ignored by the encoder */
};

/* Why a stored chain is not as it was written. */
enum audit_break_reason {
	AUDIT_EDITED,    /* the entry or its hash changed */
	AUDIT_DELETED,   /* the entry is missing */
	AUDIT_REORDERED, /* the entry stands at another position */
	AUDIT_BREAK_REASON_MAX
};

/* The verifier's state: what has been checked so far. */
struct audit_chain {
	int64_t count;                        /* entries checked and good */
	int64_t last_seq;                     /* seq of the last good entry, 0 at start */
	unsigned char head[AUDIT_HASH_BYTES]; /* its hash; zeros at start */
};

/* Where and why a chain broke. */
struct audit_break {
	enum audit_break_reason reason;
	int64_t seq;       /* the first position not as written */
	int64_t found_seq; /* the seq of the row standing there */
	int64_t moved_seq; /* AUDIT_REORDERED: the seq under which the
			      entry written at seq was found (seq itself
			      when it was found later in the order given);
			      0 when not found */
	size_t index;      /* index in the rows given of the row at seq */
};

/* Append the canonical encoding of r to out (check out->failed). */
void audit_encode(const struct audit_record *r, struct buf *out);

/* SHA-256(prev || encoding(r)) into out. */
void audit_hash(const unsigned char prev[AUDIT_HASH_BYTES], const struct audit_record *r,
    unsigned char out[AUDIT_HASH_BYTES]);

/* Hex of a hash into out; parse 64 hex digits back (-1 for anything else). */
void audit_hash_hex(char out[AUDIT_HASH_HEX_LEN], const unsigned char h[AUDIT_HASH_BYTES]);
int audit_hash_parse(const char *hex, unsigned char out[AUDIT_HASH_BYTES]);

/* Start a chain at the genesis (nothing checked, zero hash). */
void audit_chain_init(struct audit_chain *c);

/*
 * Check count rows, which continue the chain c, in the order given (the
 * caller reads them by ascending seq). Each row must carry seq
 * c->last_seq + 1 and the hash recomputed from its content and the previous
 * hash. Returns 0 and advances c past all rows, or -1 with b describing the
 * first row that breaks the chain; c then ends at the last good row, so a
 * caller reading in pages may call again with rows from there on (more
 * rows after the break let the reason be told more precisely). When hashes
 * is not NULL, hashes[i] receives the hash of each good row i.
 *
 * Reasons: a row with the expected seq but another hash was edited, unless
 * a later row (among those given) hashes correctly at this position, which
 * makes it reordered; a row with a higher seq means the expected entries
 * were deleted, unless a later row carries the expected seq or hashes
 * correctly here (reordered); a row with a lower seq is out of order
 * (reordered).
 */
int audit_chain_verify(struct audit_chain *c, const struct audit_record *rows,
    size_t count, unsigned char (*hashes)[AUDIT_HASH_BYTES], struct audit_break *b);

/* A short English description of b for a command's output, e.g. "entry
 * edited after it was written (its hash does not match)", into out. */
void audit_break_describe(const struct audit_break *b, char *out, size_t cap);

/*
 * The message a checkpoint signs, appended to out:
 * "p2ham-checkpoint\n<seq>\n<head hash hex>\n<at>" (no final newline).
 */
void
audit_checkpoint_message(struct buf *out, int64_t seq, const char *head_hex, const char *at);

#endif
