/*
 * tests/fuzz/fuzz.h - what the fuzz targets share: the libFuzzer entry
 * point's prototype and a check that aborts on a broken invariant (an
 * abort is what libFuzzer, and tests/fuzz/replay.c, count as a failure).
 */
#ifndef DAGSHUB_TESTS_FUZZ_H
#define DAGSHUB_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FUZZ_CHECK(cond, "format", args...): aborts with the message when cond
 * is false. */
#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: invariant broken: %s: ",   \
			        __FILE__, __LINE__, #cond);                \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

#endif /* DAGSHUB_TESTS_FUZZ_H */
