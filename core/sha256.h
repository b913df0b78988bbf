/*
 * core/sha256.h - SHA-256 (FIPS 180-4), small and dependency-free.  Not
 * installed.
 *
 * Used to remember good validations without writing tokens anywhere:
 * the state file holds SHA-256(host "\n" token), never the token.  A
 * 40-hex-digit DagsHub token cannot be recovered from its hash.
 */
#ifndef DAGSHUB_CORE_SHA256_H
#define DAGSHUB_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define DH_SHA256_SIZE 32
#define DH_SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

typedef struct dh_sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;      /* total length so far */
	uint8_t buf[64];
	size_t n;            /* bytes waiting in buf */
} dh_sha256_ctx;

void dh_sha256_init(dh_sha256_ctx *ctx);
void dh_sha256_update(dh_sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context (it saw a secret). */
void dh_sha256_final(uint8_t out[DH_SHA256_SIZE], dh_sha256_ctx *ctx);

/* One-shot digest, and lower-case hex of a digest. */
void dh_sha256(uint8_t out[DH_SHA256_SIZE], const void *data, size_t len);
char *dh_sha256_hex(char out[DH_SHA256_HEX_SIZE],
                    const uint8_t digest[DH_SHA256_SIZE]);

#endif /* DAGSHUB_CORE_SHA256_H */
