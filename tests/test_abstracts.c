/* tests/test_abstracts.c - the abstracts cache and its YAML file. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "lrm/abstracts.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static char *
xstrdup(const char *s)
{
	char *copy = s ? strdup(s) : NULL;

	if (s && !copy)
		abort();
	return copy;
}

/* A record in ABSTRACTS with only the required fields. */
static struct lrm_abstract *
add_abstract(struct lrm_abstracts *abstracts, const char *arxiv,
	     const char *fetched)
{
	struct lrm_abstract *a = lrm_abstracts_add(abstracts);

	if (!CHECK(a != NULL))
		abort();
	a->arxiv = xstrdup(arxiv);
	a->fetched = xstrdup(fetched);
	return a;
}

static void
add_author(struct lrm_abstract *a, const char *name)
{
	if (!CHECK(lrm_abstract_add_author(a, name) == 0))
		abort();
}

/* The header's own example, every field present. */
static void
fill_example(struct lrm_abstracts *abstracts)
{
	struct lrm_abstract *a =
	    add_abstract(abstracts, "2503.23077", "2026-11-26T05:40:00Z");

	a->version = xstrdup("v2");
	a->title = xstrdup("Efficient Inference for Large Reasoning Models: "
			   "A Survey");
	a->abstract = xstrdup("Large Reasoning Models (LRMs) significantly "
			      "improve the reasoning ability.");
	add_author(a, "Yue Liu");
	add_author(a, "Jiaying Wu");
	a->published = xstrdup("2025-03-29T17:59:59Z");
	a->updated = xstrdup("2025-05-01T08:00:00Z");
	a->category = xstrdup("cs.CL");
	a->comment = xstrdup("17 pages, 2 figures");
	a->journal_ref = xstrdup("IEEE T-PAMI 48 (2026)");
	a->doi = xstrdup("10.1109/TPAMI.2026.0001");
}

static const char example_yaml[] =
    "format: lrmsearch-abstracts/2\n"
    "abstracts:\n"
    "- arxiv: \"2503.23077\"\n"
    "  version: \"v2\"\n"
    "  title: \"Efficient Inference for Large Reasoning Models: A "
    "Survey\"\n"
    "  abstract: \"Large Reasoning Models (LRMs) significantly improve "
    "the reasoning ability.\"\n"
    "  authors:\n"
    "  - \"Yue Liu\"\n"
    "  - \"Jiaying Wu\"\n"
    "  published: \"2025-03-29T17:59:59Z\"\n"
    "  updated: \"2025-05-01T08:00:00Z\"\n"
    "  category: \"cs.CL\"\n"
    "  comment: \"17 pages, 2 figures\"\n"
    "  journal_ref: \"IEEE T-PAMI 48 (2026)\"\n"
    "  doi: \"10.1109/TPAMI.2026.0001\"\n"
    "  fetched: \"2026-11-26T05:40:00Z\"\n"
    "count: 1\n";

/* Records that exercise quoting, Unicode, line breaks, many authors and
 * absent fields, added out of order. */
static void
fill_varied(struct lrm_abstracts *abstracts)
{
	struct lrm_abstract *a;
	char name[64];

	a = add_abstract(abstracts, "2510.02312", "2026-11-26T05:41:00Z");
	a->title = xstrdup("Café — “quoted” 数学: a \"title\" with 'quotes'");
	a->abstract = xstrdup(
	    "First line.\nSecond line, after a break.\n\nA paragraph with "
	    "tab\there, C:\\path\\x # not a comment, {braces} [brackets] "
	    "& *star !bang %percent @at `tick` | pipe > gt; odd characters: "
	    "\x01 \x7F \r \xC2\x85 \xC2\xA0 \xE2\x80\xA8 \xEF\xBB\xBF "
	    "\xEF\xBF\xBE \xF0\x9F\x98\x80\n");
	for (int i = 1; i <= 60; i++) {
		snprintf(name, sizeof(name), "Zoë Ünal-%d 王", i);
		add_author(a, name);
	}
	add_author(a, "null");
	add_author(a, "O'Brien, \"Jr.\"");
	a->category = xstrdup("cs.LG");

	/* Only the required fields: everything else stays out of the file. */
	add_abstract(abstracts, "1706.03762", "2026-11-26T05:42:00Z");

	/* Values that look like numbers, dates or null stay strings. */
	a = add_abstract(abstracts, "cs/0112017", "yes");
	a->version = xstrdup("1");
	a->doi = xstrdup("~");
	a->comment = xstrdup("");
	a->title = xstrdup("A Very Long Title That Goes On And On Well Past "
			   "Eighty Columns So That Any Line Folding Would "
			   "Show Up Here In The Output Of The Emitter");
}

static int
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
check_abstract_eq(const struct lrm_abstract *a, const struct lrm_abstract *b)
{
	CHECK_STR_EQ(a->arxiv, b->arxiv);
	CHECK(str_eq(a->version, b->version));
	CHECK(str_eq(a->title, b->title));
	CHECK(str_eq(a->abstract, b->abstract));
	CHECK_INT_EQ(a->n_authors, b->n_authors);
	for (size_t i = 0; i < a->n_authors && i < b->n_authors; i++)
		CHECK_STR_EQ(a->authors[i], b->authors[i]);
	CHECK(str_eq(a->published, b->published));
	CHECK(str_eq(a->updated, b->updated));
	CHECK(str_eq(a->category, b->category));
	CHECK(str_eq(a->comment, b->comment));
	CHECK(str_eq(a->journal_ref, b->journal_ref));
	CHECK(str_eq(a->doi, b->doi));
	CHECK_STR_EQ(a->fetched, b->fetched);
}

/* Whether A and B hold the same records, in any order. */
static void
check_same_records(const struct lrm_abstracts *a,
		   const struct lrm_abstracts *b)
{
	CHECK_INT_EQ(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct lrm_abstract *other =
		    lrm_abstracts_find(b, a->items[i].arxiv);

		if (CHECK(other != NULL))
			check_abstract_eq(&a->items[i], other);
	}
}

static int
is_empty(const struct lrm_abstracts *abstracts)
{
	return abstracts->items == NULL && abstracts->n == 0;
}

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

static void
test_add_grows_and_zeroes(void)
{
	struct lrm_abstracts cache = { 0 };
	struct lrm_abstract *a = NULL;

	for (int i = 0; i < 1000; i++) {
		a = lrm_abstracts_add(&cache);
		CHECK(a != NULL);
		CHECK(a->arxiv == NULL && a->fetched == NULL &&
		      a->authors == NULL && a->n_authors == 0);
		CHECK(a == &cache.items[cache.n - 1]);
	}
	CHECK_INT_EQ(cache.n, 1000);
	for (int i = 0; i < 37; i++)
		add_author(a, "A. Name");
	CHECK_INT_EQ(a->n_authors, 37);
	CHECK_STR_EQ(a->authors[36], "A. Name");
	lrm_abstracts_clear(&cache);
	CHECK(is_empty(&cache));
	/* Clearing accepts NULL and is idempotent. */
	lrm_abstracts_clear(&cache);
	lrm_abstracts_clear(NULL);
	lrm_abstract_clear(NULL);
}

static void
test_add_author_copies(void)
{
	struct lrm_abstract a = { 0 };
	char name[] = "Yue Liu";

	add_author(&a, name);
	name[0] = 'X';
	CHECK_STR_EQ(a.authors[0], "Yue Liu");
	CHECK(a.authors[0] != name);
	lrm_abstract_clear(&a);
	CHECK(a.authors == NULL && a.n_authors == 0);
}

static void
test_find(void)
{
	struct lrm_abstracts cache = { 0 };

	CHECK(lrm_abstracts_find(&cache, "2503.23077") == NULL);
	add_abstract(&cache, "2503.23077", "t1");
	add_abstract(&cache, "2510.02312", "t2");
	lrm_abstracts_add(&cache); /* no id yet */
	CHECK(lrm_abstracts_find(&cache, "2510.02312") == &cache.items[1]);
	CHECK(lrm_abstracts_find(&cache, "2503.23077") == &cache.items[0]);
	/* Whole ids only: no prefix or versioned match. */
	CHECK(lrm_abstracts_find(&cache, "2503.2307") == NULL);
	CHECK(lrm_abstracts_find(&cache, "2503.23077v1") == NULL);
	CHECK(lrm_abstracts_find(&cache, NULL) == NULL);
	lrm_abstracts_clear(&cache);
}

static void
test_put_replaces_or_adds(void)
{
	struct lrm_abstracts cache = { 0 };
	struct lrm_abstract from = { 0 };

	add_abstract(&cache, "2503.23077", "old");
	add_abstract(&cache, "2510.02312", "other");
	cache.items[0].title = xstrdup("Old title");
	add_author(&cache.items[0], "Old Author");

	/* The same id: the record is replaced whole, not merged. */
	from.arxiv = xstrdup("2503.23077");
	from.fetched = xstrdup("new");
	add_author(&from, "New Author");
	CHECK_INT_EQ(lrm_abstracts_put(&cache, &from), 0);
	CHECK(from.arxiv == NULL && from.fetched == NULL &&
	      from.authors == NULL && from.n_authors == 0);
	CHECK_INT_EQ(cache.n, 2);
	CHECK_STR_EQ(cache.items[0].fetched, "new");
	CHECK(cache.items[0].title == NULL);
	CHECK_INT_EQ(cache.items[0].n_authors, 1);
	CHECK_STR_EQ(cache.items[0].authors[0], "New Author");
	CHECK_STR_EQ(cache.items[1].fetched, "other");

	/* A new id is added. */
	from.arxiv = xstrdup("1706.03762");
	from.fetched = xstrdup("added");
	CHECK_INT_EQ(lrm_abstracts_put(&cache, &from), 0);
	CHECK(from.arxiv == NULL && from.fetched == NULL);
	CHECK_INT_EQ(cache.n, 3);
	CHECK(lrm_abstracts_find(&cache, "1706.03762") == &cache.items[2]);
	CHECK_STR_EQ(cache.items[2].fetched, "added");

	/* Putting a record of the cache itself changes nothing. */
	CHECK_INT_EQ(lrm_abstracts_put(&cache, &cache.items[1]), 0);
	CHECK_INT_EQ(cache.n, 3);
	CHECK_STR_EQ(cache.items[1].arxiv, "2510.02312");
	CHECK_STR_EQ(cache.items[1].fetched, "other");
	lrm_abstracts_clear(&cache);
}

/* ------------------------------------------------------------------ */
/* Lookups by id                                                      */
/* ------------------------------------------------------------------ */

/* Every comparison of two strings in the test program and in liblrm
 * goes through here (tests/CMakeLists.txt links it with
 * -Wl,--wrap=strcmp): the cost of a lookup, counted rather than timed. */
int __real_strcmp(const char *a, const char *b);
int __wrap_strcmp(const char *a, const char *b);
static unsigned long long n_strcmp;

int
__wrap_strcmp(const char *a, const char *b)
{
	n_strcmp++;
	return __real_strcmp(a, b);
}

/* The id of paper number I of a corpus: "YYMM.NNNNN", distinct for each
 * I, in an order far from I's. */
static void
corpus_id(size_t i, char out[16])
{
	unsigned long x = (unsigned long)(i * 2654435761u % 1000003u);

	snprintf(out, 16, "%02lu%02lu.%05lu", 15 + x % 11, 1 + x / 11 % 12,
		 i % 100000);
}

/* A record for ID, moved into ABSTRACTS with lrm_abstracts_put(). */
static void
put_record(struct lrm_abstracts *abstracts, const char *id,
	   const char *fetched)
{
	struct lrm_abstract a = { 0 };

	a.arxiv = xstrdup(id);
	a.fetched = xstrdup(fetched);
	if (!CHECK(lrm_abstracts_put(abstracts, &a) == 0))
		abort();
}

/* Whether each of the first N corpus ids is found in CACHE, as the record
 * whose `fetched` names it (with PREFIX). */
static int
finds_each(const struct lrm_abstracts *cache, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++) {
		char id[16], want[64];
		const struct lrm_abstract *a;

		corpus_id(i, id);
		snprintf(want, sizeof(want), "%s%zu", prefix, i);
		a = lrm_abstracts_find(cache, id);
		if (!a || a < cache->items || a >= cache->items + cache->n ||
		    strcmp(a->arxiv, id) != 0 || strcmp(a->fetched, want) != 0)
			return check_fail(__FILE__, __LINE__,
					  "%s: found %s", id,
					  a ? a->fetched : "nothing");
	}
	return 1;
}

/* Lookups are right after records are put, replaced, added by hand,
 * dropped and read from a file in any order. */
static void
test_find_after_changes(void)
{
	struct lrm_abstracts cache = { 0 }, back = { 0 };
	lrm_error_t err = { 0 };
	char id[16], fetched[32], *text = NULL;
	size_t len = 0;

	for (size_t i = 0; i < 2000; i++) {
		corpus_id(i, id);
		snprintf(fetched, sizeof(fetched), "put%zu", i);
		put_record(&cache, id, fetched);
		/* the cache keeps the order of its puts */
		CHECK_STR_EQ(cache.items[i].arxiv, id);
	}
	CHECK_INT_EQ(cache.n, 2000);
	CHECK(finds_each(&cache, 2000, "put"));

	/* replaced in place, whole, none added */
	for (size_t i = 0; i < 2000; i += 2) {
		corpus_id(i, id);
		snprintf(fetched, sizeof(fetched), "new%zu", i);
		put_record(&cache, id, fetched);
	}
	CHECK_INT_EQ(cache.n, 2000);
	for (size_t i = 0; i < 2000; i++) {
		corpus_id(i, id);
		snprintf(fetched, sizeof(fetched), "%s%zu",
			 i % 2 ? "put" : "new", i);
		CHECK_STR_EQ(cache.items[i].fetched, fetched);
		CHECK(lrm_abstracts_find(&cache, id) == &cache.items[i]);
	}

	/* what a fetch undoes: the last 500 dropped */
	lrm_abstracts_truncate(&cache, 1500);
	for (size_t i = 0; i < 2000; i++) {
		corpus_id(i, id);
		CHECK((lrm_abstracts_find(&cache, id) != NULL) == (i < 1500));
	}
	/* and put again */
	for (size_t i = 1500; i < 2000; i++) {
		corpus_id(i, id);
		put_record(&cache, id, "again");
		CHECK(lrm_abstracts_find(&cache, id) == &cache.items[i]);
	}

	/* added by hand: found at once, and after indexing */
	for (size_t i = 2000; i < 2100; i++) {
		corpus_id(i, id);
		snprintf(fetched, sizeof(fetched), "add%zu", i);
		add_abstract(&cache, id, fetched);
	}
	lrm_abstracts_add(&cache); /* no id */
	for (size_t i = 2000; i < 2100; i++) {
		corpus_id(i, id);
		CHECK(lrm_abstracts_find(&cache, id) == &cache.items[i]);
	}
	CHECK_INT_EQ(lrm_abstracts_index(&cache), 0);
	for (size_t i = 0; i < 2100; i++) {
		corpus_id(i, id);
		CHECK(lrm_abstracts_find(&cache, id) == &cache.items[i]);
	}
	/* a put indexes what was added by hand, and replaces the first of
	 * two records with one id, which lookups find */
	add_abstract(&cache, "2501.00001", "first");
	add_abstract(&cache, "2501.00001", "second");
	CHECK_STR_EQ(lrm_abstracts_find(&cache, "2501.00001")->fetched,
		     "first");
	put_record(&cache, "2501.00001", "replaced");
	CHECK_STR_EQ(cache.items[2101].fetched, "replaced");
	CHECK_STR_EQ(cache.items[2102].fetched, "second");
	CHECK(lrm_abstracts_find(&cache, "2501.00001") == &cache.items[2101]);
	/* whole ids only */
	CHECK(lrm_abstracts_find(&cache, "2501.0000") == NULL);
	CHECK(lrm_abstracts_find(&cache, "2501.000011") == NULL);
	CHECK(lrm_abstracts_find(&cache, "") == NULL);
	CHECK(lrm_abstracts_find(&cache, NULL) == NULL);
	lrm_abstracts_clear(&cache);

	/* read from a file whose records are in no order (written by hand):
	 * all found; and read again into the same struct */
	for (size_t i = 0; i < 300; i++) {
		corpus_id(i, id);
		snprintf(fetched, sizeof(fetched), "file%zu", i);
		add_abstract(&cache, id, fetched);
	}
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err), LRM_OK);
	for (int round = 0; round < 2 && text; round++) {
		CHECK_INT_EQ(lrm_abstracts_parse(&back, "abstracts.yaml", text,
						 len, &err),
			     LRM_OK);
		CHECK(finds_each(&back, 300, "file"));
	}
	free(text);
	text = NULL;
	{
		static const char unsorted[] =
		    "format: lrmsearch-abstracts/2\n"
		    "abstracts:\n"
		    "- {arxiv: \"2510.02312\", fetched: a}\n"
		    "- {arxiv: \"1706.03762\", fetched: b}\n"
		    "- {arxiv: \"hep-th/9901001\", fetched: c}\n"
		    "- {arxiv: \"2503.23077\", fetched: d}\n"
		    "count: 4\n";

		CHECK_INT_EQ(lrm_abstracts_parse(&back, "abstracts.yaml",
						 unsorted, strlen(unsorted),
						 &err),
			     LRM_OK);
		CHECK(lrm_abstracts_find(&back, "2510.02312") == &back.items[0]);
		CHECK(lrm_abstracts_find(&back, "1706.03762") == &back.items[1]);
		CHECK(lrm_abstracts_find(&back, "hep-th/9901001") ==
		      &back.items[2]);
		CHECK(lrm_abstracts_find(&back, "2503.23077") == &back.items[3]);
		CHECK(lrm_abstracts_find(&back, "2503.23078") == NULL);
	}
	lrm_abstracts_clear(&cache);
	lrm_abstracts_clear(&back);
}

/* fetch puts each abstract it gets into a cache of them all: 100,000
 * puts in no order, then a lookup of each, take O(log n) comparisons of
 * ids each, not one per record already cached (5,000,000,000 in all). */
static void
test_put_loop_is_not_quadratic(void)
{
	enum { N = 100000, PER_CALL = 40 };
	struct lrm_abstracts cache = { 0 };
	unsigned long long start;
	char id[16];

	n_strcmp = 0;
	put_record(&cache, "2501.00001", "x");
	put_record(&cache, "2501.00002", "x");
	if (!CHECK(n_strcmp > 0)) {
		fprintf(stderr, "    strcmp() is not counted: the test "
				"needs -Wl,--wrap=strcmp\n");
		lrm_abstracts_clear(&cache);
		return;
	}
	lrm_abstracts_clear(&cache);
	start = n_strcmp;
	for (size_t i = 0; i < N; i++) {
		corpus_id(i, id);
		put_record(&cache, id, "x");
		/* checked as it goes: a quadratic put passes the bound
		 * within a few hundred puts, long before the end */
		if (n_strcmp - start > (unsigned long long)PER_CALL * (i + 1)) {
			check_fail(__FILE__, __LINE__,
				   "%llu comparisons for %zu puts",
				   n_strcmp - start, i + 1);
			break;
		}
	}
	CHECK_INT_EQ(cache.n, N);
	start = n_strcmp;
	for (size_t i = 0; i < N && cache.n == N; i++) {
		corpus_id(i, id);
		if (!lrm_abstracts_find(&cache, id)) {
			check_fail(__FILE__, __LINE__, "%s not found", id);
			break;
		}
	}
	if (n_strcmp - start > (unsigned long long)PER_CALL * N)
		check_fail(__FILE__, __LINE__, "%llu comparisons for %d lookups",
			   n_strcmp - start, N);
	lrm_abstracts_clear(&cache);
}

/* ------------------------------------------------------------------ */
/* Writing and reading back                                           */
/* ------------------------------------------------------------------ */

static void
test_emit_matches_format(void)
{
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	char *text = NULL;
	size_t len = 0;

	fill_example(&cache);
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err), LRM_OK);
	CHECK_STR_EQ(text, example_yaml);
	CHECK_INT_EQ(len, strlen(example_yaml));
	free(text);
	lrm_abstracts_clear(&cache);

	/* An empty cache is still a valid file. */
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err), LRM_OK);
	CHECK_STR_EQ(text,
		     "format: lrmsearch-abstracts/2\nabstracts: []\ncount: 0\n");
	free(text);
}

static void
test_round_trip(void)
{
	struct lrm_abstracts cache = { 0 }, back = { 0 };
	lrm_error_t err = { 0 };
	char *text = NULL, *again = NULL, *third = NULL;
	size_t len = 0, again_len = 0, third_len = 0;

	fill_varied(&cache);
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err), LRM_OK);
	CHECK(text != NULL && strlen(text) == len);
	/* Readable Unicode; line breaks, tabs and control characters
	 * escaped, so an abstract stays on one line. */
	CHECK_CONTAINS(text, "  title: \"Café — “quoted” 数学: a \\\"title\\\" "
			     "with 'quotes'\"\n");
	CHECK_CONTAINS(text, "  abstract: \"First line.\\nSecond line, after a "
			     "break.\\n\\nA paragraph with tab\\there, "
			     "C:\\\\path\\\\x # not a comment");
	CHECK_CONTAINS(text, "  authors:\n  - \"Zoë Ünal-1 王\"\n"
			     "  - \"Zoë Ünal-2 王\"\n");
	CHECK_CONTAINS(text, "  - \"Zoë Ünal-60 王\"\n  - \"null\"\n"
			     "  - \"O'Brien, \\\"Jr.\\\"\"\n"
			     "  category: \"cs.LG\"\n");
	CHECK_CONTAINS(text, "  version: \"1\"\n");
	CHECK_CONTAINS(text, "  doi: \"~\"\n");
	CHECK_CONTAINS(text, "  comment: \"\"\n");
	CHECK_CONTAINS(text, "  fetched: \"yes\"\n");
	CHECK_CONTAINS(text, "Eighty Columns So That Any Line Folding Would");
	/* Absent fields and empty author lists are left out. */
	CHECK_CONTAINS(text, "- arxiv: \"1706.03762\"\n"
			     "  fetched: \"2026-11-26T05:42:00Z\"\n- arxiv:");
	CHECK(strstr(text, "null\n") == NULL);
	CHECK(strstr(text, "authors: []") == NULL);

	CHECK_INT_EQ(lrm_abstracts_parse(&back, "abstracts.yaml", text, len,
					 &err),
		     LRM_OK);
	CHECK_STR_EQ(err.msg, "");
	check_same_records(&cache, &back);

	CHECK_INT_EQ(lrm_abstracts_emit(&back, &again, &again_len, &err),
		     LRM_OK);
	CHECK_INT_EQ(again_len, len);
	CHECK(again && memcmp(text, again, len) == 0);

	/* The same cache twice gives the same bytes. */
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &third, &third_len, &err),
		     LRM_OK);
	CHECK_INT_EQ(third_len, len);
	CHECK(third && memcmp(text, third, len) == 0);

	free(text);
	free(again);
	free(third);
	lrm_abstracts_clear(&cache);
	lrm_abstracts_clear(&back);
}

/* Records are written in byte order of their ids, however the array is
 * ordered, and the array itself is left as it was. */
static void
test_sorted_stable_output(void)
{
	static const char *const ids[] = {
		"2510.02312", "1706.03762", "cs/0112017", "2503.23077",
		"2503.02307", "hep-th/9901001",
	};
	static const int orders[][6] = {
		{ 0, 1, 2, 3, 4, 5 },
		{ 5, 4, 3, 2, 1, 0 },
		{ 2, 0, 5, 1, 3, 4 },
	};
	static const char *const sorted[] = {
		"1706.03762", "2503.02307", "2503.23077",
		"2510.02312", "cs/0112017", "hep-th/9901001",
	};
	char *first = NULL;
	size_t first_len = 0;

	for (size_t o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		struct lrm_abstracts cache = { 0 };
		lrm_error_t err = { 0 };
		char *text = NULL, want[64];
		size_t len = 0;
		const char *at;

		for (size_t i = 0; i < 6; i++) {
			struct lrm_abstract *a = add_abstract(
			    &cache, ids[orders[o][i]], "2026-11-26T05:40:00Z");

			add_author(a, ids[orders[o][i]]);
		}
		CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err),
			     LRM_OK);
		if (!text)
			continue;
		at = text;
		for (size_t i = 0; i < 6; i++) {
			snprintf(want, sizeof(want), "- arxiv: \"%s\"\n",
				 sorted[i]);
			at = strstr(at, want);
			if (!CHECK(at != NULL))
				break;
		}
		/* Each record keeps its own fields. */
		CHECK_CONTAINS(text, "- arxiv: \"cs/0112017\"\n"
				     "  authors:\n  - \"cs/0112017\"\n");
		for (size_t i = 0; i < 6; i++)
			CHECK_STR_EQ(cache.items[i].arxiv, ids[orders[o][i]]);
		if (o == 0) {
			first = text;
			first_len = len;
			text = NULL;
		} else {
			CHECK_INT_EQ(len, first_len);
			CHECK(first && memcmp(text, first, len) == 0);
		}
		free(text);
		lrm_abstracts_clear(&cache);
	}
	free(first);
}

/* Hand-written files may use any YAML spelling of the same data. */
static void
test_parse_lenient_spellings(void)
{
	static const char text[] =
	    "# The cache, by hand.\n"
	    "count: 3 # the writer puts it last; the reader takes it anywhere\n"
	    "abstracts:   # before format: order does not matter\n"
	    "  - {fetched: now, arxiv: 2503.23077, authors: [A, 'B C'],"
	    " title: ~, doi: null}\n"
	    "  - fetched: \"later\"\n"
	    "    authors: ~\n"
	    "    arxiv: &id '1706.03762'\n"
	    "    abstract: >-\n"
	    "      folded\n"
	    "      text\n"
	    "  - arxiv: \"2510.02312\"\n"
	    "    authors: []\n"
	    "    fetched: \"\\u00e9t\\u00e9\"\n"
	    "format: \"lrmsearch-abstracts/2\"\n";
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	const struct lrm_abstract *a;

	CHECK_INT_EQ(lrm_abstracts_parse(&cache, "hand.yaml", text,
					 strlen(text), &err),
		     LRM_OK);
	CHECK_STR_EQ(err.msg, "");
	CHECK_INT_EQ(cache.n, 3);
	if (cache.n != 3)
		goto cleanup;
	/* Read in file order; only writing sorts. */
	a = &cache.items[0];
	CHECK_STR_EQ(a->arxiv, "2503.23077");
	CHECK_STR_EQ(a->fetched, "now");
	CHECK_INT_EQ(a->n_authors, 2);
	if (a->n_authors == 2) {
		CHECK_STR_EQ(a->authors[0], "A");
		CHECK_STR_EQ(a->authors[1], "B C");
	}
	CHECK(a->title == NULL && a->doi == NULL);
	a = &cache.items[1];
	CHECK_STR_EQ(a->arxiv, "1706.03762");
	CHECK(a->authors == NULL && a->n_authors == 0);
	CHECK_STR_EQ(a->abstract, "folded text");
	a = &cache.items[2];
	CHECK_INT_EQ(a->n_authors, 0);
	CHECK_STR_EQ(a->fetched, "été");
cleanup:
	lrm_abstracts_clear(&cache);
}

/* The writer refuses what the reader would refuse, so a save can never
 * put an unloadable file in place of a good one. */
static void
test_emit_refuses_invalid(void)
{
	static const char *const phrases[] = {
		"abstract 1: 'arxiv' is missing",
		"abstract 1 ('2503.23077'): 'fetched' is missing",
		"abstract 1 ('2503.23077'): 'title' is not valid UTF-8",
		"abstract 1 ('2503.23077'): 'authors' item 2 is not valid UTF-8",
		"abstract 1 ('2503.23077'): 'authors' item 1 is missing",
		"abstracts 1 and 3 have the same arxiv id '2503.23077'",
	};

	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		struct lrm_abstracts cache = { 0 };
		lrm_error_t err = { 0 };
		struct lrm_abstract *a =
		    add_abstract(&cache, "2503.23077", "t");
		char *text = (char *)"unchanged";
		size_t len = 99;
		const char *path = check_path("abstracts.yaml");

		switch (i) {
		case 0:
			free(a->arxiv);
			a->arxiv = NULL;
			break;
		case 1:
			free(a->fetched);
			a->fetched = NULL;
			break;
		case 2:
			a->title = xstrdup("bad \xC3\x28 byte");
			break;
		case 3:
			add_author(a, "fine");
			add_author(a, "bad \xED\xA0\x80 surrogate");
			break;
		case 4:
			add_author(a, "x");
			free(a->authors[0]);
			a->authors[0] = NULL;
			break;
		case 5:
			add_abstract(&cache, "2510.02312", "t");
			add_abstract(&cache, "2503.23077", "t again");
			break;
		}
		CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err),
			     LRM_ERR_INVALID);
		CHECK_STR_EQ(err.msg, phrases[i]);
		CHECK(text == NULL && len == 0);

		/* Saving fails the same way, names the file and leaves the
		 * old one alone. */
		CHECK_INT_EQ(check_write_file(path, "old", 3), 0);
		err.msg[0] = '\0';
		CHECK_INT_EQ(lrm_abstracts_save(&cache, path, &err),
			     LRM_ERR_INVALID);
		CHECK(strncmp(err.msg, path, strlen(path)) == 0);
		CHECK_CONTAINS(err.msg, phrases[i]);
		text = check_read_file(path, &len);
		CHECK_STR_EQ(text, "old");
		free(text);
		CHECK_INT_EQ(check_count_entries(check_tmpdir()), 1);
		lrm_abstracts_clear(&cache);
	}
}

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

static void
test_save_and_load(void)
{
	struct lrm_abstracts cache = { 0 }, back = { 0 };
	lrm_error_t err = { 0 };
	const char *dir = check_tmpdir();
	char path[4096], *text = NULL, *emitted = NULL;
	size_t len = 0, emitted_len = 0;
	struct stat st;

	snprintf(path, sizeof(path), "%s", check_path("abstracts.yaml"));
	fill_varied(&cache);
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &emitted, &emitted_len, &err),
		     LRM_OK);

	CHECK_INT_EQ(lrm_abstracts_save(&cache, path, &err), LRM_OK);
	CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode));
	/* Only the file itself: no temporary left beside it. */
	CHECK_INT_EQ(check_count_entries(dir), 1);
	text = check_read_file(path, &len);
	CHECK(text && len == emitted_len && memcmp(text, emitted, len) == 0);
	free(text);

	CHECK_INT_EQ(lrm_abstracts_load(&back, path, &err), LRM_OK);
	check_same_records(&cache, &back);
	lrm_abstracts_clear(&back);

	/* Saving over a different, longer cache replaces it whole. */
	lrm_abstracts_clear(&cache);
	fill_example(&cache);
	CHECK_INT_EQ(lrm_abstracts_save(&cache, path, &err), LRM_OK);
	text = check_read_file(path, &len);
	CHECK_STR_EQ(text, example_yaml);
	free(text);
	CHECK_INT_EQ(check_count_entries(dir), 1);

	free(emitted);
	lrm_abstracts_clear(&cache);
}

static void
test_save_to_missing_directory(void)
{
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s",
		 check_path("missing/abstracts.yaml"));
	fill_example(&cache);
	CHECK_INT_EQ(lrm_abstracts_save(&cache, path, &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, path);
	CHECK(stat(path, &st) != 0);
	CHECK_INT_EQ(check_count_entries(check_tmpdir()), 0);
	lrm_abstracts_clear(&cache);
}

static void
test_load_io_errors(void)
{
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s", check_path("absent.yaml"));
	/* What the cache held before is gone too. */
	fill_example(&cache);
	CHECK_INT_EQ(lrm_abstracts_load(&cache, path, &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, path);
	CHECK(is_empty(&cache));

	CHECK_INT_EQ(lrm_abstracts_load(&cache, check_tmpdir(), &err),
		     LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, "directory");
	CHECK(is_empty(&cache));
}

/* A bad file on disk: the message starts with the path as given. */
static void
test_load_reports_path(void)
{
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	char path[4096], want[4200];
	static const char text[] = "format: lrmsearch-abstracts/2\n"
				   "abstracts:\n"
				   "- arxiv: \"2503.23077\"\n"
				   "  abstarct: \"A\"\n"
				   "count: 1\n";

	snprintf(path, sizeof(path), "%s", check_path("abstracts.yaml"));
	CHECK_INT_EQ(check_write_file(path, text, strlen(text)), 0);
	CHECK_INT_EQ(lrm_abstracts_load(&cache, path, &err), LRM_ERR_INVALID);
	snprintf(want, sizeof(want),
		 "%s:4:3: unknown key 'abstarct' in an abstract", path);
	CHECK_STR_EQ(err.msg, want);
	CHECK(is_empty(&cache));
}

/* ------------------------------------------------------------------ */
/* Bad input                                                          */
/* ------------------------------------------------------------------ */

#define HEAD "format: lrmsearch-abstracts/2\nabstracts:\n"
#define EMPTY "format: lrmsearch-abstracts/2\nabstracts: []\ncount: 0\n"
/* Closes a file as the writer does: without it, any file is cut short. */
#define TAIL "count: 1\n"
#define OK_ONE "- arxiv: \"2503.23077\"\n  fetched: \"t\"\n"

static const struct bad_case {
	const char *what;
	const char *text;
	lrm_status_t status;
	const char *message; /* all of it, "name:line:column: ..." */
} bad_cases[] = {
	/* The top level. */
	{ "empty file", "", LRM_ERR_INVALID,
	  "abstracts.yaml:1:1: empty file, expected an abstracts cache (a "
	  "mapping with 'format', 'abstracts' and 'count')" },
	{ "top level is a sequence", "- a\n", LRM_ERR_INVALID,
	  "abstracts.yaml:1:1: expected an abstracts cache (a mapping with "
	  "'format', 'abstracts' and 'count'), found a sequence" },
	{ "two documents", EMPTY "---\n" EMPTY, LRM_ERR_INVALID,
	  "abstracts.yaml:4:1: a second YAML document; an abstracts cache "
	  "file holds exactly one" },
	{ "format 1, before 'count'",
	  "format: lrmsearch-abstracts/1\nabstracts: []\n", LRM_ERR_INVALID,
	  "abstracts.yaml:1:9: format \"lrmsearch-abstracts/1\" comes from an "
	  "older lrmindex; this one reads only \"lrmsearch-abstracts/2\": move "
	  "it aside and fetch the abstracts again with 'lrmindex fetch'" },
	{ "a newer format", "format: lrmsearch-abstracts/3\nabstracts: []\n",
	  LRM_ERR_INVALID,
	  "abstracts.yaml:1:9: format \"lrmsearch-abstracts/3\" comes from a "
	  "newer lrmindex; this one reads only \"lrmsearch-abstracts/2\": use "
	  "the newer lrmsearch, or move it aside and fetch the abstracts "
	  "again with 'lrmindex fetch'" },
	{ "the dataset's format", "format: lrmsearch-papers/2\npapers: []\n",
	  LRM_ERR_INVALID,
	  "abstracts.yaml:1:9: unsupported format \"lrmsearch-papers/2\"; "
	  "this version reads \"lrmsearch-abstracts/2\"" },
	{ "format is a sequence", "format: [1]\nabstracts: []\n",
	  LRM_ERR_INVALID,
	  "abstracts.yaml:1:9: 'format' must be a string, found a sequence" },
	{ "missing format", "abstracts: []\n", LRM_ERR_INVALID,
	  "abstracts.yaml:1:1: missing required key 'format' at the top level "
	  "(starting here)" },
	{ "missing abstracts", "format: lrmsearch-abstracts/2\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:1:1: missing required key 'abstracts' at the top "
	  "level (starting here)" },
	{ "unknown top-level key", EMPTY "papers: []\n", LRM_ERR_INVALID,
	  "abstracts.yaml:4:1: unknown key 'papers' at the top level" },
	{ "abstracts is a mapping", HEAD "  a: 1\n" TAIL, LRM_ERR_INVALID,
	  "abstracts.yaml:3:3: 'abstracts' must be a sequence of abstracts, "
	  "found a mapping" },
	{ "abstracts is empty", HEAD TAIL, LRM_ERR_INVALID,
	  "abstracts.yaml:2:11: 'abstracts' must be a sequence of abstracts, "
	  "found an empty value" },

	/* A record. */
	{ "record is a scalar", HEAD "- 2503.23077\n" TAIL, LRM_ERR_INVALID,
	  "abstracts.yaml:3:3: expected a mapping for an abstract, found a "
	  "scalar" },
	{ "missing arxiv", HEAD "- fetched: \"t\"\n  title: \"x\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:3:3: missing required key 'arxiv' in an abstract "
	  "(starting here)" },
	{ "missing fetched", HEAD OK_ONE "- arxiv: \"2510.02312\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:3: missing required key 'fetched' in an abstract "
	  "(starting here)" },
	{ "arxiv is null", HEAD "- arxiv: ~\n  fetched: \"t\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:3:10: 'arxiv' must be a string, found an empty "
	  "value" },
	{ "title is a mapping", HEAD OK_ONE "  title: {a: b}\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:10: 'title' must be a string, found a mapping" },
	{ "abstract has a NUL", HEAD OK_ONE "  abstract: \"x\\0y\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:13: 'abstract' contains a NUL character" },
	{ "unknown key", HEAD OK_ONE "  author: \"x\"\n" TAIL, LRM_ERR_INVALID,
	  "abstracts.yaml:5:3: unknown key 'author' in an abstract" },
	{ "duplicate key", HEAD OK_ONE "  fetched: \"u\"\n" TAIL, LRM_ERR_INVALID,
	  "abstracts.yaml:5:3: duplicate key 'fetched' in an abstract" },
	{ "duplicate arxiv id",
	  HEAD OK_ONE "- {arxiv: \"2510.02312\", fetched: t}\n"
		      "- {arxiv: \"2503.23077\", fetched: u}\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:6:3: duplicate abstract arxiv id '2503.23077' "
	  "(first used by the abstract at line 3)" },

	/* Authors. */
	{ "authors is a scalar", HEAD OK_ONE "  authors: \"Yue Liu\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:12: 'authors' must be a sequence of strings, "
	  "found a scalar" },
	{ "authors is a mapping", HEAD OK_ONE "  authors:\n    name: x\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:6:5: 'authors' must be a sequence of strings, found "
	  "a mapping" },
	{ "authors holds a mapping",
	  HEAD OK_ONE "  authors:\n  - \"Yue Liu\"\n  - name: \"Jiaying Wu\"\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:7:5: expected a string in 'authors', found a "
	  "mapping" },
	{ "authors holds a sequence", HEAD OK_ONE "  authors: [a, [b]]\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:16: expected a string in 'authors', found a "
	  "sequence" },
	{ "authors holds null", HEAD OK_ONE "  authors: [a, ~]\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:16: expected a string in 'authors', found an "
	  "empty value" },
	{ "author has a NUL", HEAD OK_ONE "  authors: [\"a\\0b\"]\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:5:13: 'authors' contains a NUL character" },

	/* Aliases, however harmless they look. */
	{ "alias as an author",
	  HEAD OK_ONE "  authors:\n  - &a \"Yue Liu\"\n  - *a\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:7:5: aliases are not allowed (found *a); write the "
	  "value out in full" },
	{ "alias as a record",
	  HEAD "- &r {arxiv: \"2503.23077\", fetched: t}\n- *r\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:4:3: aliases are not allowed (found *r); write the "
	  "value out in full" },
	{ "alias as a value",
	  HEAD "- arxiv: &x \"2503.23077\"\n  fetched: *x\n" TAIL,
	  LRM_ERR_INVALID,
	  "abstracts.yaml:4:12: aliases are not allowed (found *x); write the "
	  "value out in full" },

	/* Not YAML at all. */
	{ "unclosed quote", HEAD "- arxiv: \"2503\n" TAIL, LRM_ERR_PARSE,
	  "abstracts.yaml:5:1: invalid YAML: found unexpected end of stream "
	  "(while scanning a quoted scalar starting at line 3, column 10)" },
	{ "invalid utf-8", HEAD "- arxiv: \"caf\xC3\x28\"\n" TAIL, LRM_ERR_PARSE,
	  "abstracts.yaml:3:15: invalid text: invalid trailing UTF-8 octet "
	  "(#28)" },

	/* Not whole: 'count', written last, is missing or wrong. */
	{ "no count", HEAD OK_ONE, LRM_ERR_INVALID,
	  "abstracts.yaml:5:1: the abstracts cache is not whole: 'count', the "
	  "key written last, is missing (a truncated copy?); restore a whole "
	  "copy, or move it aside and fetch the abstracts again with "
	  "'lrmindex fetch'" },
	{ "count too large", HEAD OK_ONE "count: 2\n", LRM_ERR_INVALID,
	  "abstracts.yaml:5:8: the abstracts cache is not whole: 'count' is "
	  "2, but it holds 1 abstract (a truncated copy?); restore a whole "
	  "copy, or move it aside and fetch the abstracts again with "
	  "'lrmindex fetch'" },
	{ "cut inside a record", HEAD OK_ONE "- arxiv: \"2510.", LRM_ERR_INVALID,
	  "abstracts.yaml:5:16: the abstracts cache is not whole: it ends "
	  "without 'count', the key written last (a truncated copy?); restore "
	  "a whole copy, or move it aside and fetch the abstracts again with "
	  "'lrmindex fetch'" },
};

static void
test_bad_input(void)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct lrm_abstracts cache = { 0 };
		lrm_error_t err = { 0 };
		lrm_status_t status;

		/* Whatever the cache held before a failed parse is gone. */
		fill_example(&cache);
		status = lrm_abstracts_parse(&cache, "abstracts.yaml", c->text,
					     strlen(c->text), &err);
		if (status != c->status || strcmp(err.msg, c->message) != 0)
			check_fail(__FILE__, __LINE__,
				   "%s: status %d (want %d), message \"%s\", "
				   "want \"%s\"",
				   c->what, (int)status, (int)c->status,
				   err.msg, c->message);
		CHECK(is_empty(&cache));
		lrm_abstracts_clear(&cache);
	}
}

/* On failure the cache is left empty even when records were read before
 * the error, and a NULL error is allowed. */
static void
test_failure_leaves_cache_empty(void)
{
	static const char text[] =
	    HEAD OK_ONE "- {arxiv: \"2510.02312\", fetched: t, authors: a}\n";
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };

	CHECK_INT_EQ(lrm_abstracts_parse(&cache, "abstracts.yaml", text,
					 strlen(text), &err),
		     LRM_ERR_INVALID);
	CHECK(is_empty(&cache));
	CHECK_INT_EQ(lrm_abstracts_parse(&cache, "abstracts.yaml", text,
					 strlen(text), NULL),
		     LRM_ERR_INVALID);
	CHECK(is_empty(&cache));
}

static const struct check_case cases[] = {
	{ "add_grows_and_zeroes", test_add_grows_and_zeroes },
	{ "add_author_copies", test_add_author_copies },
	{ "find", test_find },
	{ "put_replaces_or_adds", test_put_replaces_or_adds },
	{ "find_after_changes", test_find_after_changes },
	{ "put_loop_is_not_quadratic", test_put_loop_is_not_quadratic },
	{ "emit_matches_format", test_emit_matches_format },
	{ "round_trip", test_round_trip },
	{ "sorted_stable_output", test_sorted_stable_output },
	{ "parse_lenient_spellings", test_parse_lenient_spellings },
	{ "emit_refuses_invalid", test_emit_refuses_invalid },
	{ "save_and_load", test_save_and_load },
	{ "save_to_missing_directory", test_save_to_missing_directory },
	{ "load_io_errors", test_load_io_errors },
	{ "load_reports_path", test_load_reports_path },
	{ "bad_input", test_bad_input },
	{ "failure_leaves_cache_empty", test_failure_leaves_cache_empty },
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	return check_main(cases, argc, argv);
}
