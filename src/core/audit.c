/*
 * audit.c - the audit chain: canonical encoding, hashing, verification and
 * the checkpoint message (see audit.h for the format). Pure: no I/O.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/str.h"
#include "core/audit.h"

#define ENCODING_TAG "p2ham-audit-1"

/* Where an encoding goes: a buffer, or straight into a hash. */
struct sink {
	struct buf *buf;               /* append here when not NULL */
	crypto_hash_sha256_state *sha; /* else feed this hash */
};

static void
emit(struct sink *s, const void *p, size_t len)
{
	if (s->buf != NULL)
		buf_append(s->buf, p, len);
	else
		crypto_hash_sha256_update(s->sha, p, len);
}

/* One netstring: "<len>:<bytes>,". */
static void
emit_field(struct sink *s, const char *p, size_t len)
{
	char head[24];
	int n = snprintf(head, sizeof(head), "%zu:", len);

	emit(s, head, (size_t)n);
	emit(s, p, len);
	emit(s, ",", 1);
}

static void
emit_text(struct sink *s, const char *v)
{
	emit_field(s, v != NULL ? v : "", v != NULL ? strlen(v) : 0);
}

/* An integer in decimal; 0 (absent) as the empty string when optional. */
static void
emit_int(struct sink *s, int64_t v, bool optional)
{
	char num[24];
	int n = 0;

	if (!(optional && v == 0))
		n = snprintf(num, sizeof(num), "%" PRId64, v);
	emit_field(s, num, (size_t)n);
}

static void
encode(struct sink *s, const struct audit_record *r)
{
	emit_text(s, ENCODING_TAG);
	emit_int(s, r->seq, false);
	emit_text(s, r->at);
	emit_int(s, r->actor_id, true);
	emit_text(s, r->actor);
	emit_text(s, r->action);
	emit_text(s, r->object_type);
	emit_int(s, r->object_id, true);
	emit_text(s, r->summary);
	emit_text(s, r->request_id);
}

void
audit_encode(const struct audit_record *r, struct buf *out)
{
	struct sink s = { .buf = out, .sha = NULL };

	encode(&s, r);
}

void
audit_hash(const unsigned char prev[AUDIT_HASH_BYTES], const struct audit_record *r,
    unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_hash_sha256_state sha;
	struct sink s = { .buf = NULL, .sha = &sha };

	crypto_hash_sha256_init(&sha);
	crypto_hash_sha256_update(&sha, prev, AUDIT_HASH_BYTES);
	encode(&s, r);
	crypto_hash_sha256_final(&sha, out);
}

void
audit_hash_hex(char out[AUDIT_HASH_HEX_LEN], const unsigned char h[AUDIT_HASH_BYTES])
{
	sodium_bin2hex(out, AUDIT_HASH_HEX_LEN, h, AUDIT_HASH_BYTES);
}

int
audit_hash_parse(const char *hex, unsigned char out[AUDIT_HASH_BYTES])
{
	size_t i;
	int hi, lo;

	if (hex == NULL || strlen(hex) != 2 * AUDIT_HASH_BYTES)
		return -1;
	for (i = 0; i < AUDIT_HASH_BYTES; i++) {
		/* Lowercase only: the stored form is exactly one text. */
		hi = hex[2 * i];
		lo = hex[2 * i + 1];
		hi = hi >= '0' && hi <= '9'  ? hi - '0'
		    : hi >= 'a' && hi <= 'f' ? hi - 'a' + 10
					     : -1;
		lo = lo >= '0' && lo <= '9'  ? lo - '0'
		    : lo >= 'a' && lo <= 'f' ? lo - 'a' + 10
					     : -1;
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void
audit_chain_init(struct audit_chain *c)
{
	memset(c, 0, sizeof(*c));
}

/*
 * True when r, placed at position seq after prev, hashes to its stored
 * hash; the hash is left in out either way.
 */
static bool
hashes_at(const unsigned char prev[AUDIT_HASH_BYTES], const struct audit_record *r,
    int64_t seq, unsigned char out[AUDIT_HASH_BYTES])
{
	struct audit_record at = *r;
	unsigned char stored[AUDIT_HASH_BYTES];

	at.seq = seq;
	audit_hash(prev, &at, out);
	return audit_hash_parse(r->hash, stored) == 0 &&
	    sodium_memcmp(out, stored, AUDIT_HASH_BYTES) == 0;
}

/* Index of the first row in [from, count) written at position seq (by its
 * hash), or count when none is. */
static size_t
find_written_at(const unsigned char prev[AUDIT_HASH_BYTES], int64_t seq,
    const struct audit_record *rows, size_t from, size_t count)
{
	unsigned char h[AUDIT_HASH_BYTES];
	size_t j;

	for (j = from; j < count; j++)
		if (hashes_at(prev, &rows[j], seq, h))
			return j;
	return count;
}

int
audit_chain_verify(struct audit_chain *c, const struct audit_record *rows, size_t count,
    unsigned char (*hashes)[AUDIT_HASH_BYTES], struct audit_break *b)
{
	unsigned char h[AUDIT_HASH_BYTES];
	const struct audit_record *r;
	int64_t want;
	size_t i, j;

	for (i = 0; i < count; i++) {
		r = &rows[i];
		want = c->last_seq + 1;
		b->seq = want;
		b->found_seq = r->seq;
		b->moved_seq = 0;
		b->index = i;
		if (r->seq == want && hashes_at(c->head, r, want, h)) {
			memcpy(c->head, h, sizeof(h));
			c->last_seq = want;
			c->count++;
			if (hashes != NULL)
				memcpy(hashes[i], h, sizeof(h));
			continue;
		}
		if (r->seq > want) {
			/* Given out of order, seq intact? */
			for (j = i + 1; j < count && rows[j].seq != want; j++)
				;
			if (j < count) {
				b->reason = AUDIT_REORDERED;
				b->moved_seq = want;
				return -1;
			}
		}
		/* Moved: the entry written here now carries another seq. */
		j = find_written_at(c->head, want, rows, i + 1, count);
		if (j < count) {
			b->reason = AUDIT_REORDERED;
			b->moved_seq = rows[j].seq;
		} else if (r->seq == want)
			b->reason = AUDIT_EDITED;
		else if (r->seq > want)
			b->reason = AUDIT_DELETED;
		else
			b->reason = AUDIT_REORDERED;
		return -1;
	}
	return 0;
}

void
audit_break_describe(const struct audit_break *b, char *out, size_t cap)
{
	switch (b->reason) {
	case AUDIT_EDITED:
		snprintf(out, cap,
		    "entry edited after it was written (its hash "
		    "does not match its content and the entries before it)");
		break;
	case AUDIT_DELETED:
		if (b->found_seq == b->seq + 1)
			snprintf(out, cap,
			    "entry deleted (the next stored entry "
			    "is %" PRId64 ")",
			    b->found_seq);
		else
			snprintf(out, cap,
			    "entries %" PRId64 " to %" PRId64
			    " deleted (the next stored entry is %" PRId64 ")",
			    b->seq, b->found_seq - 1, b->found_seq);
		break;
	case AUDIT_REORDERED:
		if (b->moved_seq == b->seq)
			snprintf(out, cap,
			    "entries reordered (entry %" PRId64
			    " is stored after entry %" PRId64 ")",
			    b->seq, b->found_seq);
		else if (b->moved_seq != 0)
			snprintf(out, cap,
			    "entries reordered (the entry written "
			    "as %" PRId64 " is now stored as %" PRId64 ")",
			    b->seq, b->moved_seq);
		else
			snprintf(out, cap,
			    "entries reordered (entry %" PRId64
			    " appears again where entry %" PRId64 " should be)",
			    b->found_seq, b->seq);
		break;
	default:
		snprintf(out, cap, "broken");
		break;
	}
}

void
audit_checkpoint_message(struct buf *out, int64_t seq, const char *head_hex, const char *at)
{
	buf_printf(out, "p2ham-checkpoint\n%" PRId64 "\n%s\n%s", seq, head_hex, at);
}
