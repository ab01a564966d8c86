/* tests/check.h - a minimal table-driven test harness.
 *
 * Each test program lists its cases in a table and hands it to
 * check_main().  A failed CHECK records the failure (file:line and the
 * expression) and the case goes on, so one run shows every broken
 * expectation.  The program prints one line per case and ends with
 * "N passed, N failed"; it exits 1 when any case failed.
 *
 *   ./test_foo            runs every case
 *   ./test_foo NAME...    runs the named cases only
 */
#ifndef LRM_TESTS_CHECK_H
#define LRM_TESTS_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct check_case {
	const char *name;
	void (*fn)(void);
};

int check_main(const struct check_case *cases, int argc, char **argv);

/* Record a failure of the current case; returns 0 so it can sit in an
 * expression. */
int check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                        \
	((cond) ? 1 : check_fail(__FILE__, __LINE__, "CHECK(%s)", #cond))

#define CHECK_INT_EQ(a, b)                                                 \
	do {                                                               \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
		if (check_a_ != check_b_)                                  \
			check_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", \
				   #a, #b, check_a_, check_b_);            \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                 \
	do {                                                               \
		const char *check_a_ = (a), *check_b_ = (b);               \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) \
			check_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
				   #a, #b, check_a_ ? check_a_ : "(null)",  \
				   check_b_ ? check_b_ : "(null)");        \
	} while (0)

#define CHECK_CONTAINS(haystack, needle)                                   \
	do {                                                               \
		const char *check_h_ = (haystack), *check_n_ = (needle);   \
		if (!check_h_ || !strstr(check_h_, check_n_))              \
			check_fail(__FILE__, __LINE__, "%s contains \"%s\": got \"%s\"", \
				   #haystack, check_n_,                    \
				   check_h_ ? check_h_ : "(null)");        \
	} while (0)

/* A fresh empty directory for the current case, removed with everything in
 * it when the case ends.  The returned path is valid until then. */
const char *check_tmpdir(void);

/* PATH joined under the case's temporary directory, in a static buffer
 * that the next call overwrites. */
const char *check_path(const char *name);

/* Write LEN bytes of DATA to PATH (truncating); returns 0 on success. */
int check_write_file(const char *path, const char *data, size_t len);

/* The whole of PATH in a malloc()ed, NUL-terminated buffer of *LEN bytes,
 * or NULL when it cannot be read. */
char *check_read_file(const char *path, size_t *len);

/* How many entries DIR holds, "." and ".." aside; -1 when it cannot be
 * opened. */
int check_count_entries(const char *dir);

#endif /* LRM_TESTS_CHECK_H */
