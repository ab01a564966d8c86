/* tests/fuzz/fuzz_atom.c - the Atom reader for arXiv API answers
 * (lib/arxiv.c, libxml2 underneath).
 *
 * Any bytes are an answer from the network, here to a request for one id
 * (so with the lowest node limit, lrm_arxiv_max_nodes(1)): a damaged one
 * must be refused with a message, never crash, read a file or expand an
 * entity.  What an
 * accepted answer holds keeps within the caps of lrm/arxiv.h and holds no
 * control character, and it goes where `lrmindex fetch` puts it, the
 * abstracts cache, which must then be written and read back.
 */
#include <string.h>

#include "fuzz.h"
#include "lrm/abstracts.h"
#include "lrm/arxiv.h"
#include "lrm/text.h"

/* TEXT (may be NULL) is at most CAP bytes and holds no control character. */
static void
require_clean(const char *text, size_t cap, const char *what)
{
	size_t len;
	long cp = 0;

	if (!text)
		return;
	len = strlen(text);
	FUZZ_REQUIRE(len <= cap, "%s of %zu bytes passed its cap of %zu", what,
		     len, cap);
	FUZZ_REQUIRE(lrm_text_find_control(text, len, &cp) == len,
		     "%s holds control character U+%04lX", what, cp);
}

static void
require_entry(const struct lrm_abstract *a)
{
	require_clean(a->title, LRM_ARXIV_MAX_TITLE, "a title");
	require_clean(a->abstract, LRM_ARXIV_MAX_ABSTRACT, "an abstract");
	require_clean(a->published, LRM_ARXIV_MAX_DATE, "a date");
	require_clean(a->updated, LRM_ARXIV_MAX_DATE, "a date");
	require_clean(a->category, LRM_ARXIV_MAX_CATEGORY, "a category");
	require_clean(a->comment, LRM_ARXIV_MAX_COMMENT, "a comment");
	require_clean(a->journal_ref, LRM_ARXIV_MAX_JOURNAL_REF, "a journal ref");
	require_clean(a->doi, LRM_ARXIV_MAX_DOI, "a DOI");
	require_clean(a->arxiv, LRM_ARXIV_MAX_ID, "an id");
	FUZZ_REQUIRE(a->n_authors <= LRM_ARXIV_MAX_AUTHORS, "%zu authors",
		     a->n_authors);
	for (size_t i = 0; i < a->n_authors; i++)
		require_clean(a->authors[i], LRM_ARXIV_MAX_AUTHOR, "an author");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lrm_arxiv_feed feed = {0};
	struct lrm_abstracts cache = {0}, again = {0};
	char *yaml = NULL;
	size_t len = 0;
	lrm_error_t err = {0};
	lrm_status_t st;

	if (lrm_arxiv_parse(&feed, "response", (const char *)data, size, 1,
			    "2026-01-01T00:00:00Z", &err)) {
		FUZZ_REQUIRE(feed.entries.n == 0 && feed.n_errors == 0,
			     "a failed parse left entries behind: %s", err.msg);
		goto cleanup;
	}
	FUZZ_REQUIRE(feed.entries.n + feed.n_errors <= LRM_ARXIV_MAX_ENTRIES,
		     "%zu entries", feed.entries.n + feed.n_errors);
	for (size_t i = 0; i < feed.n_errors; i++) {
		FUZZ_REQUIRE(feed.errors[i] != NULL, "error %zu is NULL", i);
		require_clean(feed.errors[i], LRM_ARXIV_MAX_ABSTRACT, "an error");
	}
	/* As the fetcher does: each entry replaces the cached one. */
	for (size_t i = 0; i < feed.entries.n; i++) {
		struct lrm_abstract *a = &feed.entries.items[i];

		FUZZ_REQUIRE(a->arxiv && a->fetched,
			     "entry %zu lacks a required field", i);
		require_entry(a);
		if (lrm_abstracts_put(&cache, a))
			goto cleanup; /* out of memory */
	}
	st = lrm_abstracts_emit(&cache, &yaml, &len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "an accepted answer cannot be cached: %s", err.msg);
	if (st)
		goto cleanup;
	st = lrm_abstracts_parse(&again, "abstracts.yaml", yaml, len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "a cached answer cannot be read back: %s\n%s", err.msg,
		     yaml);
	if (!st)
		FUZZ_REQUIRE(again.n == cache.n, "%zu records cached, %zu read",
			     cache.n, again.n);
cleanup:
	free(yaml);
	lrm_abstracts_clear(&again);
	lrm_abstracts_clear(&cache);
	lrm_arxiv_feed_clear(&feed);
	return 0;
}
