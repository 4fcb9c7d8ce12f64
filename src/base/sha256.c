/*
 * sha256.c - SHA-256 digests in lowercase hex (sha256.h).
 */
#include "base/sha256.h"

void
sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, SHA256_HEX_LEN, h, sizeof(h));
}

void
sha256_final_hex(crypto_hash_sha256_state *st, char hex[SHA256_HEX_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(st, h);
	sodium_bin2hex(hex, SHA256_HEX_LEN, h, sizeof(h));
}
