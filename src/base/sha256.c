/*
 * sha256.c - SHA-256 digests in lowercase hex (sha256.h).
 */
#include "base/fdio.h"
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

int
sha256_fd_hex(int fd, char hex[SHA256_HEX_LEN], uint64_t *len)
{
	crypto_hash_sha256_state st;
	unsigned char chunk[16384];
	uint64_t total = 0;
	size_t n;

	crypto_hash_sha256_init(&st);
	do {
		if (fd_read_full(fd, chunk, sizeof(chunk), &n) < 0)
			return -1;
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		total += n;
	} while (n == sizeof(chunk));
	sha256_final_hex(&st, hex);
	if (len != NULL)
		*len = total;
	return 0;
}
