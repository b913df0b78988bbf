/*
 * tests/http/test_sha256.c - core/sha256.c against the FIPS 180-4
 * examples and NIST's long-message vector, whole and in pieces.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

static void s_expect(const char *hex, const void *data, size_t len)
{
	uint8_t d[DH_SHA256_SIZE];
	char out[DH_SHA256_HEX_SIZE];

	dh_sha256(d, data, len);
	assert_string_equal(dh_sha256_hex(out, d), hex);
}

static void empty_string(void **state)
{
	(void)state;
	s_expect("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	         "", 0);
}

static void abc(void **state)
{
	(void)state;
	s_expect("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	         "abc", 3);
}

static void two_blocks_448_bits(void **state)
{
	static const char m[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	(void)state;
	s_expect("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	         m, strlen(m));
}

static void one_million_a(void **state)
{
	static char m[1000000];
	(void)state;
	memset(m, 'a', sizeof(m));
	s_expect("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	         m, sizeof(m));
}

/* Every padding boundary (55, 56, 63, 64 bytes), fed in odd pieces, gives
 * the one-shot digest. */
static void pieces_match_whole(void **state)
{
	uint8_t m[200], whole[DH_SHA256_SIZE], part[DH_SHA256_SIZE];
	(void)state;

	for (size_t i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)(i * 7 + 1);
	for (size_t len = 0; len <= sizeof(m); len++) {
		dh_sha256_ctx c;
		size_t off = 0, step = 1;

		dh_sha256(whole, m, len);
		dh_sha256_init(&c);
		while (off < len) {
			size_t n = step < len - off ? step : len - off;
			dh_sha256_update(&c, m + off, n);
			off += n;
			step = step * 3 % 71 + 1;
		}
		dh_sha256_final(part, &c);
		assert_memory_equal(whole, part, sizeof(whole));
	}
}

static void known_55_56_64(void **state)
{
	(void)state;
	/* python3 -c 'import hashlib;print(hashlib.sha256(b"a"*55).hexdigest())' */
	s_expect("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
	         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55);
	s_expect("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
	         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56);
	s_expect("ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
	         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_string),
		cmocka_unit_test(abc),
		cmocka_unit_test(two_blocks_448_bits),
		cmocka_unit_test(one_million_a),
		cmocka_unit_test(pieces_match_whole),
		cmocka_unit_test(known_55_56_64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
