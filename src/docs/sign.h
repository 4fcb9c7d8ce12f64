/*
 * sign.h - the installation's signing key (Ed25519, libsodium) and the
 * detached signatures made with it: audit checkpoints today, generated
 * documents later. The key lives in DATA_DIR/keys/: signing.key holds the
 * secret (readable by the owner only, never logged), signing.pub the public
 * half that anyone may have; or it is given to the process (below).
 * Callers must have run sodium_init().
 */
#ifndef P2HAM_SIGN_H
#define P2HAM_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

#include "base/err.h"

#define SIGN_PUBLIC_BYTES crypto_sign_PUBLICKEYBYTES /* 32 */
#define SIGN_SECRET_BYTES crypto_sign_SECRETKEYBYTES /* 64 */
#define SIGN_BYTES crypto_sign_BYTES                 /* 64 */
/* Text sizes including the NUL: base64 (padded) of a signature and of a
 * public key, hex of a public key, and the PEM block of a public key. */
#define SIGN_BASE64_LEN 89
#define SIGN_PUBLIC_BASE64_LEN 45
#define SIGN_PUBLIC_HEX_LEN 65
#define SIGN_PUBLIC_PEM_LEN 120

/* The installation's key pair, loaded in memory. Wipe with sign_keys_wipe. */
struct sign_keys {
	unsigned char pk[SIGN_PUBLIC_BYTES]; /* public key */
	unsigned char sk[SIGN_SECRET_BYTES]; /* libsodium secret key (seed and pk) */
};

/*
 * Make sure DATA_DIR/keys/ (mode 0700) holds a key pair: when signing.key is
 * missing a new one is generated and written under a temporary name created
 * with O_CREAT|O_EXCL and mode 0600, then linked into place, so the secret is
 * never readable by others, not even briefly, and a concurrent process never
 * sees half a key or has its key replaced. signing.pub is (re)written from
 * the secret when missing. 0 when the pair exists afterwards, -1 with e.
 */
int sign_keys_ensure(const char *data_dir, struct err *e);

/*
 * Load the key pair from DATA_DIR/keys/ into k and check that signing.pub
 * belongs to signing.key. -1 with e saying what is missing or wrong (and to
 * run `p2ham init`).
 */
int sign_keys_load(const char *data_dir, struct sign_keys *k, struct err *e);

/* Load only the public key (DATA_DIR/keys/signing.pub) into pk. */
int
sign_public_load(const char *data_dir, unsigned char pk[SIGN_PUBLIC_BYTES], struct err *e);

/*
 * A key given to the process instead of DATA_DIR/keys/, so that every
 * server behind a load balancer signs with the installation's one key:
 * from a file holding the seed (hex or base64 on one line, readable by
 * the owner only) or from text (an environment variable filled by a
 * secret manager; what names it in messages). Once given, sign_keys_load,
 * sign_public_load and sign_keys_ensure use it whatever the data
 * directory. Call at start, before other threads. -1 with e.
 */
int sign_keys_give_file(const char *path, struct err *e);
int sign_keys_give_text(const char *text, const char *what, struct err *e);
/* True when a key was given. */
bool sign_keys_given(void);

/* Forget the secret key held in k. */
void sign_keys_wipe(struct sign_keys *k);

/* The paths of the secret and public key files into out (cap bytes); -1
 * when they do not fit. */
int sign_key_path(const char *data_dir, char *out, size_t cap);
int sign_public_path(const char *data_dir, char *out, size_t cap);

/* Sign len bytes of msg with k into sig. */
void sign_detached(const struct sign_keys *k, const void *msg, size_t len,
    unsigned char sig[SIGN_BYTES]);

/* True when sig is pk's signature of the len bytes of msg. */
bool sign_verify(const unsigned char pk[SIGN_PUBLIC_BYTES], const void *msg, size_t len,
    const unsigned char sig[SIGN_BYTES]);

/*
 * Standard padded base64 of len bytes into out (cap bytes, NUL-terminated);
 * -1 when it does not fit.
 */
int sign_base64(char *out, size_t cap, const unsigned char *p, size_t len);

/*
 * Decode the base64 text s (standard alphabet, padded, no blanks) into
 * exactly want bytes at out; -1 for anything else.
 */
int sign_base64_decode(unsigned char *out, size_t want, const char *s);

/* The public key as lowercase hex (SIGN_PUBLIC_HEX_LEN bytes). */
void
sign_public_hex(char out[SIGN_PUBLIC_HEX_LEN], const unsigned char pk[SIGN_PUBLIC_BYTES]);

/* The public key as a PEM "PUBLIC KEY" block (SubjectPublicKeyInfo), which
 * OpenSSL reads: `openssl pkeyutl -verify -pubin -inkey key.pem -rawin`. */
void
sign_public_pem(char out[SIGN_PUBLIC_PEM_LEN], const unsigned char pk[SIGN_PUBLIC_BYTES]);

#endif
