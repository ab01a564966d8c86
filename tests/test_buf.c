/* tests/test_buf.c - the growable string with a size cap (lib/buf.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lrm/buf.h"

/* Under AddressSanitizer a failed allocation must come back as NULL, as
 * malloc() gives it, for the out-of-memory case to be tested at all. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void
test_appends_and_grows(void)
{
	struct lrm_buf b;
	char *text;

	lrm_buf_init(&b, 1 << 20);
	CHECK_STR_EQ(lrm_buf_str(&b), "");
	CHECK(b.data == NULL && b.len == 0);
	for (int i = 0; i < 10000; i++)
		CHECK_INT_EQ(lrm_buf_addc(&b, (char)('a' + i % 26)), LRM_OK);
	CHECK_INT_EQ(b.len, 10000);
	CHECK(b.data[9999] == 'a' + 9999 % 26 && b.data[10000] == '\0');
	CHECK(b.alloc >= 10001 && b.alloc <= 2 * 10001);
	CHECK_INT_EQ(lrm_buf_adds(&b, "xyz"), LRM_OK);
	CHECK_INT_EQ(lrm_buf_add(&b, "12345", 2), LRM_OK);
	CHECK_STR_EQ(lrm_buf_str(&b) + 10000, "xyz12");
	CHECK_INT_EQ(strlen(lrm_buf_str(&b)), b.len);
	text = lrm_buf_take(&b);
	CHECK(text != NULL && strlen(text) == 10005);
	free(text);
	lrm_buf_free(&b);
}

static void
test_printf(void)
{
	struct lrm_buf b;
	char long_word[300];

	memset(long_word, 'w', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	lrm_buf_init(&b, 1000);
	CHECK_INT_EQ(lrm_buf_printf(&b, "%s:%u:%d", "list.md", 12u, -3),
	             LRM_OK);
	CHECK_STR_EQ(lrm_buf_str(&b), "list.md:12:-3");
	/* past the first allocation, in one call */
	CHECK_INT_EQ(lrm_buf_printf(&b, " %s.", long_word), LRM_OK);
	CHECK_INT_EQ(b.len, 13 + 1 + 299 + 1);
	CHECK(b.data[b.len - 1] == '.' && b.data[b.len] == '\0');
	CHECK_INT_EQ(lrm_buf_printf(&b, "%s", ""), LRM_OK);
	CHECK_INT_EQ(b.len, 314);
	lrm_buf_free(&b);
}

/* The cap is on the bytes held, the NUL aside; passing it fails with
 * LRM_ERR_LIMIT and sticks, whatever is appended next. */
static void
test_cap(void)
{
	struct lrm_buf b;

	lrm_buf_init(&b, 5);
	CHECK_INT_EQ(lrm_buf_adds(&b, "12345"), LRM_OK);
	CHECK(b.alloc <= 6); /* never more than the cap allows */
	CHECK_INT_EQ(lrm_buf_add(&b, "", 0), LRM_OK);
	CHECK_INT_EQ(lrm_buf_addc(&b, '6'), LRM_ERR_LIMIT);
	CHECK_INT_EQ(b.status, LRM_ERR_LIMIT);
	CHECK(b.data == NULL && b.len == 0 && b.alloc == 0);
	CHECK_STR_EQ(lrm_buf_str(&b), "");
	/* sticky: even what would fit fails */
	CHECK_INT_EQ(lrm_buf_add(&b, "", 0), LRM_ERR_LIMIT);
	CHECK_INT_EQ(lrm_buf_printf(&b, "x"), LRM_ERR_LIMIT);
	CHECK(lrm_buf_take(&b) == NULL);
	/* take cleared the failure; the cap stays */
	CHECK_INT_EQ(b.status, LRM_OK);
	CHECK_INT_EQ(b.max, 5);
	CHECK_INT_EQ(lrm_buf_adds(&b, "abc"), LRM_OK);
	CHECK_INT_EQ(lrm_buf_printf(&b, "%d", 123), LRM_ERR_LIMIT);
	lrm_buf_reset(&b);
	CHECK_INT_EQ(lrm_buf_printf(&b, "%d", 12345), LRM_OK);
	CHECK_STR_EQ(lrm_buf_str(&b), "12345");
	lrm_buf_free(&b);

	/* A length that would overflow a size_t is past any cap. */
	lrm_buf_init(&b, SIZE_MAX);
	CHECK_INT_EQ(lrm_buf_addc(&b, 'x'), LRM_OK);
	CHECK_INT_EQ(lrm_buf_add(&b, "y", SIZE_MAX), LRM_ERR_LIMIT);
	lrm_buf_free(&b);

	/* A zeroed buffer has a cap of 0: it holds "" and nothing more. */
	memset(&b, 0, sizeof(b));
	CHECK_INT_EQ(lrm_buf_add(&b, "", 0), LRM_OK);
	CHECK_INT_EQ(lrm_buf_addc(&b, 'x'), LRM_ERR_LIMIT);
	lrm_buf_free(&b);
}

/* realloc() of 2^61 bytes fails on any machine (no address space is that
 * large), so the append fails as out of memory; the bytes it names are
 * never read. */
static void
test_out_of_memory(void)
{
	struct lrm_buf b;
	char *text;

	lrm_buf_init(&b, SIZE_MAX);
	CHECK_INT_EQ(lrm_buf_adds(&b, "kept until the failure"), LRM_OK);
	CHECK_INT_EQ(lrm_buf_add(&b, "x", (size_t)1 << 61), LRM_ERR_NOMEM);
	CHECK(b.data == NULL && b.len == 0);
	CHECK_INT_EQ(lrm_buf_adds(&b, "more"), LRM_ERR_NOMEM);
	CHECK(lrm_buf_take(&b) == NULL);
	/* usable again */
	CHECK_INT_EQ(lrm_buf_adds(&b, "again"), LRM_OK);
	text = lrm_buf_take(&b);
	CHECK_STR_EQ(text, "again");
	free(text);
}

/* NUL bytes are data: counted, kept, and followed by the NUL that ends
 * the buffer; only a C string of the data stops at the first one. */
static void
test_nul_bytes(void)
{
	struct lrm_buf b;

	lrm_buf_init(&b, 100);
	CHECK_INT_EQ(lrm_buf_add(&b, "a\0b", 3), LRM_OK);
	CHECK_INT_EQ(lrm_buf_addc(&b, '\0'), LRM_OK);
	CHECK_INT_EQ(lrm_buf_adds(&b, "c"), LRM_OK);
	CHECK_INT_EQ(b.len, 5);
	CHECK(memcmp(b.data, "a\0b\0c\0", 6) == 0);
	CHECK_STR_EQ(lrm_buf_str(&b), "a");
	/* the cap counts them too */
	lrm_buf_free(&b);
	lrm_buf_init(&b, 3);
	CHECK_INT_EQ(lrm_buf_add(&b, "\0\0\0", 3), LRM_OK);
	CHECK_INT_EQ(lrm_buf_addc(&b, '\0'), LRM_ERR_LIMIT);
	lrm_buf_free(&b);
}

/* lrm_buf_take() hands the string over and leaves the buffer empty and
 * usable; an empty buffer gives "", never NULL. */
static void
test_take(void)
{
	struct lrm_buf b;
	char *first, *second, *empty;

	lrm_buf_init(&b, 64);
	empty = lrm_buf_take(&b);
	CHECK(empty != NULL && empty[0] == '\0');
	free(empty);
	CHECK_INT_EQ(lrm_buf_adds(&b, "first"), LRM_OK);
	first = lrm_buf_take(&b);
	CHECK(b.data == NULL && b.len == 0 && b.alloc == 0 && b.max == 64);
	CHECK_INT_EQ(lrm_buf_adds(&b, "second"), LRM_OK);
	second = lrm_buf_take(&b);
	CHECK_STR_EQ(first, "first");
	CHECK_STR_EQ(second, "second");
	CHECK(first != second);
	free(first);
	free(second);
	/* emptied by reset: "" too */
	CHECK_INT_EQ(lrm_buf_adds(&b, "gone"), LRM_OK);
	lrm_buf_reset(&b);
	empty = lrm_buf_take(&b);
	CHECK_STR_EQ(empty, "");
	free(empty);
	lrm_buf_free(&b);
}

/* reset keeps the memory for the next text; free gives it back; both
 * leave the cap. */
static void
test_reset_and_free(void)
{
	struct lrm_buf b;
	const char *before;

	lrm_buf_init(&b, 1000);
	CHECK_INT_EQ(lrm_buf_adds(&b, "a first line of text"), LRM_OK);
	before = b.data;
	lrm_buf_reset(&b);
	CHECK(b.len == 0 && b.data == before && b.max == 1000);
	CHECK_STR_EQ(lrm_buf_str(&b), "");
	CHECK_INT_EQ(lrm_buf_adds(&b, "next"), LRM_OK);
	CHECK(b.data == before);
	CHECK_STR_EQ(lrm_buf_str(&b), "next");
	lrm_buf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.max == 1000);
	lrm_buf_free(&b);
	lrm_buf_free(NULL);
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{ "appends_and_grows", test_appends_and_grows },
		{ "printf", test_printf },
		{ "cap", test_cap },
		{ "out_of_memory", test_out_of_memory },
		{ "nul_bytes", test_nul_bytes },
		{ "take", test_take },
		{ "reset_and_free", test_reset_and_free },
		{ NULL, NULL },
	};

	return check_main(cases, argc, argv);
}
