/* tests/fuzz/fuzz.h - what every fuzz target shares.
 *
 * Each target defines LLVMFuzzerTestOneInput() (and may define
 * LLVMFuzzerInitialize()).  It is linked twice: with libFuzzer
 * (-DLRM_FUZZ=ON, clang) to search for new inputs, and with replay.c (any
 * compiler) to run the committed corpus under CTest.
 *
 * A target's oracle is abort(): libFuzzer reports it as a crash and saves
 * the input; the replay program dies and its test fails.
 */
#ifndef LRM_TESTS_FUZZ_H
#define LRM_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libFuzzer's entry points.  Return 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with a message: an input broke a property every input must keep. */
#define FUZZ_REQUIRE(cond, ...)                                            \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: property broken: %s\n  ",  \
				__FILE__, __LINE__, #cond);                \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
			abort();                                           \
		}                                                          \
	} while (0)

#endif /* LRM_TESTS_FUZZ_H */
