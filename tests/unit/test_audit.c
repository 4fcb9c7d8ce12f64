/*
 * test_audit.c - the audit chain (canonical encoding, hashing, verification
 * of edited, deleted and reordered chains, read whole or in pages) and the
 * installation's signing key (files and modes, signatures, encodings).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/audit.h"
#include "docs/sign.h"

#define CHAIN_LEN 8

/* The example of the encoding's documentation, and its hash computed with
 * Python's hashlib: sha256(b"\0" * 32 + encoding). */
/* clang-format off */
static const struct audit_record example = {
	.seq = 1, .at = "2026-01-02T03:04:05Z", .actor_id = 7,
	.actor = "a@x.go.id", .action = "user.create", .object_type = "user",
	.object_id = 9, .summary = "{\"email\":\"a@x.go.id\"}",
	.request_id = "abc",
};
/* clang-format on */
static const char example_encoding[] =
    "13:p2ham-audit-1,1:1,20:2026-01-02T03:04:05Z,1:7,9:a@x.go.id,"
    "11:user.create,4:user,1:9,21:{\"email\":\"a@x.go.id\"},3:abc,";
static const char example_hash[] =
    "adae18b68d5acceb8571185f118d2da9e5e8335ac6caa497148e41b7729848bc";

/* A chain of CHAIN_LEN good entries; strings live in the arrays below. */
struct chain {
	struct audit_record rec[CHAIN_LEN];
	char actor[CHAIN_LEN][32];
	char summary[CHAIN_LEN][64];
	char hash[CHAIN_LEN][AUDIT_HASH_HEX_LEN];
	unsigned char head[AUDIT_HASH_BYTES]; /* hash of the last entry */
	size_t count;                         /* rows in rec (after tampering) */
};

static void
chain_build(struct chain *ch)
{
	unsigned char prev[AUDIT_HASH_BYTES] = { 0 }, h[AUDIT_HASH_BYTES];
	size_t i;

	memset(ch, 0, sizeof(*ch));
	for (i = 0; i < CHAIN_LEN; i++) {
		struct audit_record *r = &ch->rec[i];

		snprintf(ch->actor[i], sizeof(ch->actor[i]), "user%zu@x.go.id", i);
		snprintf(ch->summary[i], sizeof(ch->summary[i]), "{\"n\":%zu}", i);
		r->seq = (int64_t)i + 1;
		r->at = "2026-01-02T03:04:05Z";
		r->actor_id = i % 3 == 0 ? 0 : (int64_t)i;
		r->actor = ch->actor[i];
		r->action = i % 2 ? "user.update" : "user.create";
		r->object_type = i == 5 ? "" : "user";
		r->object_id = i == 5 ? 0 : (int64_t)i + 100;
		r->summary = ch->summary[i];
		r->request_id = "";
		audit_hash(prev, r, h);
		audit_hash_hex(ch->hash[i], h);
		r->hash = ch->hash[i];
		memcpy(prev, h, sizeof(h));
	}
	memcpy(ch->head, prev, sizeof(prev));
	ch->count = CHAIN_LEN;
}

/* Remove row i (0-based). */
static void
chain_remove(struct chain *ch, size_t i)
{
	memmove(&ch->rec[i], &ch->rec[i + 1], (ch->count - i - 1) * sizeof(ch->rec[0]));
	ch->count--;
}

/* Swap rows i and j (their position in the order given). */
static void
chain_swap_rows(struct chain *ch, size_t i, size_t j)
{
	struct audit_record t = ch->rec[i];

	ch->rec[i] = ch->rec[j];
	ch->rec[j] = t;
}

static void
encode_matches_documented_example(void **state)
{
	struct buf b;

	buf_init(&b, 0);
	audit_encode(&example, &b);
	assert_false(b.failed);
	assert_int_equal(b.len, strlen(example_encoding));
	assert_memory_equal(b.data, example_encoding, b.len);
	buf_free(&b);
}

static void
hash_matches_independent_computation(void **state)
{
	unsigned char zero[AUDIT_HASH_BYTES] = { 0 }, h[AUDIT_HASH_BYTES];
	char hex[AUDIT_HASH_HEX_LEN];

	audit_hash(zero, &example, h);
	audit_hash_hex(hex, h);
	assert_string_equal(hex, example_hash);
}

static void
encode_absent_ids_are_empty_fields(void **state)
{
	struct audit_record r = example;
	struct buf b;

	r.actor_id = 0;
	r.object_id = 0;
	buf_init(&b, 0);
	audit_encode(&r, &b);
	assert_non_null(strstr(buf_cstr(&b), "20:2026-01-02T03:04:05Z,0:,9:"));
	assert_non_null(strstr(buf_cstr(&b), "4:user,0:,21:"));
	buf_free(&b);
}

/* Pairs of entries that plain concatenation would confuse. */
static void
encode_is_unambiguous(void **state)
{
	static const struct {
		const char *name;
		const char *a_actor, *a_action, *b_actor, *b_action;
	} cases[] = {
		{ "boundary moved", "ab", "c", "a", "bc" },
		{ "separator inside", "a,1:b", "c", "a", "1:b,c" },
		{ "empty against text", "", "ac", "a", "c" },
	};
	unsigned char zero[AUDIT_HASH_BYTES] = { 0 };
	unsigned char ha[AUDIT_HASH_BYTES], hb[AUDIT_HASH_BYTES];
	struct audit_record a = example, b = example;
	struct buf ea, eb;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a.actor = cases[i].a_actor;
		a.action = cases[i].a_action;
		b.actor = cases[i].b_actor;
		b.action = cases[i].b_action;
		buf_init(&ea, 0);
		buf_init(&eb, 0);
		audit_encode(&a, &ea);
		audit_encode(&b, &eb);
		if (ea.len == eb.len && memcmp(ea.data, eb.data, ea.len) == 0)
			fail_msg("case %s: same encoding", cases[i].name);
		audit_hash(zero, &a, ha);
		audit_hash(zero, &b, hb);
		if (memcmp(ha, hb, sizeof(ha)) == 0)
			fail_msg("case %s: same hash", cases[i].name);
		buf_free(&ea);
		buf_free(&eb);
	}
}

static void
hash_parse_cases(void **state)
{
	unsigned char h[AUDIT_HASH_BYTES];
	char upper[AUDIT_HASH_HEX_LEN];
	size_t i;

	assert_int_equal(audit_hash_parse(example_hash, h), 0);
	for (i = 0; i < sizeof(upper); i++)
		upper[i] = (char)(example_hash[i] >= 'a' && example_hash[i] <= 'f'
			? example_hash[i] - 32
			: example_hash[i]);
	assert_int_equal(audit_hash_parse(upper, h), -1);
	assert_int_equal(audit_hash_parse("abc", h), -1);
	assert_int_equal(audit_hash_parse("", h), -1);
	assert_int_equal(audit_hash_parse(NULL, h), -1);
}

static void
intact_chain_verifies(void **state)
{
	struct chain ch;
	struct audit_chain c;
	struct audit_break b;
	unsigned char hashes[CHAIN_LEN][AUDIT_HASH_BYTES];

	chain_build(&ch);
	audit_chain_init(&c);
	assert_int_equal(audit_chain_verify(&c, ch.rec, ch.count, hashes, &b), 0);
	assert_int_equal(c.count, CHAIN_LEN);
	assert_int_equal(c.last_seq, CHAIN_LEN);
	assert_memory_equal(c.head, ch.head, sizeof(ch.head));
	assert_memory_equal(hashes[CHAIN_LEN - 1], ch.head, sizeof(ch.head));
}

static void
intact_chain_verifies_in_pages(void **state)
{
	struct chain ch;
	struct audit_chain c;
	struct audit_break b;

	chain_build(&ch);
	audit_chain_init(&c);
	assert_int_equal(audit_chain_verify(&c, ch.rec, 3, NULL, &b), 0);
	assert_int_equal(audit_chain_verify(&c, ch.rec + 3, 1, NULL, &b), 0);
	assert_int_equal(audit_chain_verify(&c, ch.rec + 4, CHAIN_LEN - 4, NULL, &b), 0);
	assert_int_equal(audit_chain_verify(&c, NULL, 0, NULL, &b), 0);
	assert_int_equal(c.count, CHAIN_LEN);
	assert_memory_equal(c.head, ch.head, sizeof(ch.head));
}

/* Tampering, as an attacker with access to the table would do it. */
static void
t_edit_actor(struct chain *ch)
{
	ch->rec[3].actor = "someone@else";
}
static void
t_edit_summary(struct chain *ch)
{
	ch->rec[6].summary = "{\"n\":99}";
}
static void
t_edit_first(struct chain *ch)
{
	ch->rec[0].at = "2026-01-02T03:04:06Z";
}
static void
t_edit_last(struct chain *ch)
{
	ch->rec[7].object_id = 1;
}
static void
t_edit_hash(struct chain *ch)
{
	ch->hash[4][0] ^= 1;
}
static void
t_edit_seq_and_rehash(struct chain *ch)
{
	/* Rewritten in place with a recomputed hash: the next one breaks. */
	unsigned char h[AUDIT_HASH_BYTES], prev[AUDIT_HASH_BYTES];

	audit_hash_parse(ch->hash[1], prev);
	ch->rec[2].action = "user.delete";
	audit_hash(prev, &ch->rec[2], h);
	audit_hash_hex(ch->hash[2], h);
}
static void
t_delete_one(struct chain *ch)
{
	chain_remove(ch, 3);
}
static void
t_delete_two(struct chain *ch)
{
	chain_remove(ch, 3);
	chain_remove(ch, 3);
}
static void
t_delete_first(struct chain *ch)
{
	chain_remove(ch, 0);
}
static void
t_swap_seq(struct chain *ch)
{
	/* UPDATE ... SET seq: rows 3 and 4 exchange numbers, read by seq. */
	chain_swap_rows(ch, 2, 3);
	ch->rec[2].seq = 3;
	ch->rec[3].seq = 4;
}
static void
t_move_far(struct chain *ch)
{
	/* Entry 2 renumbered 99, so it sorts last; 2 is then missing. */
	struct audit_record moved = ch->rec[1];

	chain_remove(ch, 1);
	moved.seq = 99;
	ch->rec[ch->count++] = moved;
}
static void
t_out_of_order(struct chain *ch)
{
	chain_swap_rows(ch, 4, 5);
}
static void
t_duplicate(struct chain *ch)
{
	ch->rec[4] = ch->rec[3];
}

static void
tampered_chains_report_first_broken_seq(void **state)
{
	/* clang-format off */
	static const struct {
		const char *name;
		void (*tamper)(struct chain *ch);
		enum audit_break_reason reason;
		int64_t seq;		/* the entry reported */
		int64_t found_seq;	/* the row standing there */
		int64_t moved_seq;	/* AUDIT_REORDERED: where it went */
		const char *says;	/* part of the description */
	} cases[] = {
		{ "edited actor", t_edit_actor, AUDIT_EDITED, 4, 4, 0, "edited" },
		{ "edited summary", t_edit_summary, AUDIT_EDITED, 7, 7, 0, "edited" },
		{ "edited first", t_edit_first, AUDIT_EDITED, 1, 1, 0, "edited" },
		{ "edited last", t_edit_last, AUDIT_EDITED, 8, 8, 0, "edited" },
		{ "edited hash", t_edit_hash, AUDIT_EDITED, 5, 5, 0, "edited" },
		{ "edited and rehashed", t_edit_seq_and_rehash, AUDIT_EDITED, 4, 4,
		    0, "edited" },
		{ "deleted one", t_delete_one, AUDIT_DELETED, 4, 5, 0,
		    "entry deleted (the next stored entry is 5)" },
		{ "deleted two", t_delete_two, AUDIT_DELETED, 4, 6, 0,
		    "entries 4 to 5 deleted" },
		{ "deleted first", t_delete_first, AUDIT_DELETED, 1, 2, 0,
		    "entry deleted" },
		{ "seq swapped", t_swap_seq, AUDIT_REORDERED, 3, 3, 4,
		    "the entry written as 3 is now stored as 4" },
		{ "moved far", t_move_far, AUDIT_REORDERED, 2, 3, 99,
		    "the entry written as 2 is now stored as 99" },
		{ "given out of order", t_out_of_order, AUDIT_REORDERED, 5, 6, 5,
		    "entry 5 is stored after entry 6" },
		{ "duplicated", t_duplicate, AUDIT_REORDERED, 5, 4, 0,
		    "entry 4 appears again" },
	};
	/* clang-format on */
	struct chain ch;
	struct audit_chain c;
	struct audit_break b;
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		chain_build(&ch);
		cases[i].tamper(&ch);
		audit_chain_init(&c);
		memset(&b, 0, sizeof(b));
		if (audit_chain_verify(&c, ch.rec, ch.count, NULL, &b) != -1)
			fail_msg("case %s: chain verified", cases[i].name);
		audit_break_describe(&b, why, sizeof(why));
		if (b.reason != cases[i].reason || b.seq != cases[i].seq ||
		    b.found_seq != cases[i].found_seq ||
		    b.moved_seq != cases[i].moved_seq || strstr(why, cases[i].says) == NULL)
			fail_msg("case %s: got reason %d seq %lld found %lld moved "
				 "%lld \"%s\"",
			    cases[i].name, (int)b.reason, (long long)b.seq,
			    (long long)b.found_seq, (long long)b.moved_seq, why);
		/* The chain stops at the last good entry. */
		if (c.last_seq != cases[i].seq - 1 || c.count != cases[i].seq - 1)
			fail_msg("case %s: chain ends at %lld", cases[i].name,
			    (long long)c.last_seq);
	}
}

/* A break in a later page is found with the state carried over. */
static void
break_found_across_pages(void **state)
{
	struct chain ch;
	struct audit_chain c;
	struct audit_break b;

	chain_build(&ch);
	t_swap_seq(&ch);
	audit_chain_init(&c);
	assert_int_equal(audit_chain_verify(&c, ch.rec, 2, NULL, &b), 0);
	/* The break at the end of a page: no later row tells the reason... */
	assert_int_equal(audit_chain_verify(&c, ch.rec + 2, 1, NULL, &b), -1);
	assert_int_equal(b.reason, AUDIT_EDITED);
	assert_int_equal(b.seq, 3);
	/* ...read again from there, it does. */
	assert_int_equal(audit_chain_verify(&c, ch.rec + 2, ch.count - 2, NULL, &b), -1);
	assert_int_equal(b.reason, AUDIT_REORDERED);
	assert_int_equal(b.seq, 3);
	assert_int_equal(b.index, 0);
}

static void
checkpoint_message_is_exact(void **state)
{
	struct buf b;

	buf_init(&b, 0);
	audit_checkpoint_message(&b, 42, example_hash, "2026-01-02T03:04:05Z");
	assert_string_equal(buf_cstr(&b),
	    "p2ham-checkpoint\n42\n"
	    "adae18b68d5acceb8571185f118d2da9e5e8335ac6caa497148e41b7729848bc\n"
	    "2026-01-02T03:04:05Z");
	buf_free(&b);
}

/* Signing key tests run in a temporary data directory. */
static int
dir_setup(void **state)
{
	char *dir = strdup("/tmp/p2ham-test-sign-XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int
dir_teardown(void **state)
{
	char *dir = *state, path[512];

	snprintf(path, sizeof(path), "%s/keys/signing.key", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/keys/signing.pub", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/keys", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
	return 0;
}

static mode_t
mode_of(const char *dir, const char *file)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (stat(path, &st) < 0)
		return (mode_t)-1;
	return st.st_mode & 0777;
}

static void
keys_created_private_and_kept(void **state)
{
	const char *dir = *state;
	struct sign_keys k1, k2;
	struct err e;

	err_clear(&e);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(mode_of(dir, "keys"), 0700);
	assert_int_equal(mode_of(dir, "keys/signing.key"), 0600);
	assert_int_equal(mode_of(dir, "keys/signing.pub") & 0600, 0600);
	assert_int_equal(sign_keys_load(dir, &k1, &e), 0);
	/* Again: the same key, not a new one. */
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(sign_keys_load(dir, &k2, &e), 0);
	assert_memory_equal(k1.pk, k2.pk, sizeof(k1.pk));
	assert_memory_equal(k1.sk, k2.sk, sizeof(k1.sk));
	sign_keys_wipe(&k1);
	sign_keys_wipe(&k2);
}

static void
keys_readable_by_others_refused(void **state)
{
	const char *dir = *state;
	struct sign_keys k;
	char path[512];
	struct err e;

	err_clear(&e);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	snprintf(path, sizeof(path), "%s/keys/signing.key", dir);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(sign_keys_load(dir, &k, &e), -1);
	assert_non_null(strstr(e.msg, "chmod 600"));
}

static void
keys_missing_public_rewritten(void **state)
{
	const char *dir = *state;
	unsigned char pk[SIGN_PUBLIC_BYTES];
	struct sign_keys k;
	char path[512];
	struct err e;

	err_clear(&e);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(sign_keys_load(dir, &k, &e), 0);
	snprintf(path, sizeof(path), "%s/keys/signing.pub", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sign_public_load(dir, pk, &e), -1);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(sign_public_load(dir, pk, &e), 0);
	assert_memory_equal(pk, k.pk, sizeof(pk));
	sign_keys_wipe(&k);
}

static void
signature_verifies_and_detects_tampering(void **state)
{
	const char *dir = *state;
	static const char msg[] = "p2ham-checkpoint\n1\nabc\n2026-01-02T03:04:05Z";
	unsigned char sig[SIGN_BYTES], back[SIGN_BYTES], pk[SIGN_PUBLIC_BYTES];
	char b64[SIGN_BASE64_LEN], tampered[sizeof(msg)];
	struct sign_keys k;
	struct err e;

	err_clear(&e);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(sign_keys_load(dir, &k, &e), 0);
	assert_int_equal(sign_public_load(dir, pk, &e), 0);
	sign_detached(&k, msg, strlen(msg), sig);
	assert_true(sign_verify(pk, msg, strlen(msg), sig));
	/* A changed message, a changed signature, another key. */
	memcpy(tampered, msg, sizeof(msg));
	tampered[17] = '2';
	assert_false(sign_verify(pk, tampered, strlen(tampered), sig));
	memcpy(back, sig, sizeof(sig));
	back[10] ^= 0x40;
	assert_false(sign_verify(pk, msg, strlen(msg), back));
	pk[0] ^= 1;
	assert_false(sign_verify(pk, msg, strlen(msg), sig));
	/* Base64 round trip; wrong lengths and alphabets refused. */
	assert_int_equal(sign_base64(b64, sizeof(b64), sig, sizeof(sig)), 0);
	assert_int_equal(strlen(b64), SIGN_BASE64_LEN - 1);
	assert_int_equal(sign_base64_decode(back, sizeof(back), b64), 0);
	assert_memory_equal(back, sig, sizeof(sig));
	assert_int_equal(sign_base64_decode(back, sizeof(back) - 1, b64), -1);
	assert_int_equal(sign_base64_decode(back, sizeof(back), "!!!!"), -1);
	assert_int_equal(sign_base64(b64, 10, sig, sizeof(sig)), -1);
	sign_keys_wipe(&k);
}

static void
public_key_encodings(void **state)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char hex[SIGN_PUBLIC_HEX_LEN], pem[SIGN_PUBLIC_PEM_LEN];
	size_t i;

	for (i = 0; i < sizeof(pk); i++)
		pk[i] = (unsigned char)i;
	sign_public_hex(hex, pk);
	assert_string_equal(hex,
	    "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f");
	sign_public_pem(pem, pk);
	/* RFC 8410's SubjectPublicKeyInfo prefix, 302a300506032b6570032100. */
	assert_string_equal(pem,
	    "-----BEGIN PUBLIC KEY-----\n"
	    "MCowBQYDK2VwAyEAAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
	    "-----END PUBLIC KEY-----\n");
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encode_matches_documented_example),
		cmocka_unit_test(hash_matches_independent_computation),
		cmocka_unit_test(encode_absent_ids_are_empty_fields),
		cmocka_unit_test(encode_is_unambiguous),
		cmocka_unit_test(hash_parse_cases),
		cmocka_unit_test(intact_chain_verifies),
		cmocka_unit_test(intact_chain_verifies_in_pages),
		cmocka_unit_test(tampered_chains_report_first_broken_seq),
		cmocka_unit_test(break_found_across_pages),
		cmocka_unit_test(checkpoint_message_is_exact),
		cmocka_unit_test_setup_teardown(keys_created_private_and_kept,
		    dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(keys_readable_by_others_refused,
		    dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(keys_missing_public_rewritten,
		    dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(
		    signature_verifies_and_detects_tampering, dir_setup,
		    dir_teardown),
		cmocka_unit_test(public_key_encodings),
	};
	/* clang-format on */

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
