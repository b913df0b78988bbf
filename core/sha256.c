/*
 * core/sha256.c - SHA-256 as FIPS 180-4 describes it.  Test vectors (the
 * FIPS examples and the NIST long-message one) are in
 * tests/http/test_sha256.c.
 */
#include "config.h"

#include <string.h>

#include "sha256.h"
#include "../providers/common/wipe.h" /* dh_wipe */

static const uint32_t s_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define S_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void s_block(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = S_ROR(w[i - 15], 7) ^ S_ROR(w[i - 15], 18) ^
		              (w[i - 15] >> 3);
		uint32_t s1 = S_ROR(w[i - 2], 17) ^ S_ROR(w[i - 2], 19) ^
		              (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (int i = 0; i < 64; i++) {
		t1 = k + (S_ROR(e, 6) ^ S_ROR(e, 11) ^ S_ROR(e, 25)) +
		     ((e & f) ^ (~e & g)) + s_k[i] + w[i];
		t2 = (S_ROR(a, 2) ^ S_ROR(a, 13) ^ S_ROR(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
	dh_wipe(w, sizeof(w)); /* derived from the token */
}

void dh_sha256_init(dh_sha256_ctx *ctx)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	                                0xa54ff53a, 0x510e527f, 0x9b05688c,
	                                0x1f83d9ab, 0x5be0cd19 };

	memset(ctx, 0, sizeof(*ctx));
	memcpy(ctx->h, iv, sizeof(iv));
}

void dh_sha256_update(dh_sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	ctx->bytes += len;
	while (len > 0) {
		size_t take = 64 - ctx->n < len ? 64 - ctx->n : len;

		memcpy(ctx->buf + ctx->n, p, take);
		ctx->n += take;
		p += take;
		len -= take;
		if (ctx->n == 64) {
			s_block(ctx->h, ctx->buf);
			ctx->n = 0;
		}
	}
}

void dh_sha256_final(uint8_t out[DH_SHA256_SIZE], dh_sha256_ctx *ctx)
{
	uint64_t bits = ctx->bytes * 8;
	static const uint8_t pad[64] = { 0x80 };
	uint8_t len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	/* pad to 56 mod 64, then the length: at least one byte of padding */
	dh_sha256_update(ctx, pad, 1 + (119 - ctx->n) % 64);
	dh_sha256_update(ctx, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(ctx->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)ctx->h[i];
	}
	dh_wipe(ctx, sizeof(*ctx));
}

void dh_sha256(uint8_t out[DH_SHA256_SIZE], const void *data, size_t len)
{
	dh_sha256_ctx ctx;

	dh_sha256_init(&ctx);
	dh_sha256_update(&ctx, data, len);
	dh_sha256_final(out, &ctx);
}

char *dh_sha256_hex(char out[DH_SHA256_HEX_SIZE],
                    const uint8_t digest[DH_SHA256_SIZE])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < DH_SHA256_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
	return out;
}
