/*
 * sha256.h - SHA-256 digests in lowercase hex, the form in which contents,
 * documents, imported files and tokens are named and compared.
 */
#ifndef P2HAM_SHA256_H
#define P2HAM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define SHA256_HEX_LEN (2 * crypto_hash_sha256_BYTES + 1) /* 64 digits and a NUL */

/* The SHA-256 of len bytes at data into hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN]);

/* Finish st, which has taken in a content piece by piece, into hex. */
void sha256_final_hex(crypto_hash_sha256_state *st, char hex[SHA256_HEX_LEN]);

/* The SHA-256 of what is left to read of fd into hex, and its length in
 * bytes into *len unless len is NULL; -1 with errno when a read fails.
 * fd stays open. */
int sha256_fd_hex(int fd, char hex[SHA256_HEX_LEN], uint64_t *len);

#endif
