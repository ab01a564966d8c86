/* tests/fuzz/fuzz_atom.c - the Atom reader for arXiv API answers
 * (lib/arxiv.c, libxml2 underneath).
 *
 * Any bytes are an answer from the network: a damaged one must be refused
 * with a message, never crash, read a file or expand entities without
 * bound.  An answer that is accepted goes where `lrmindex fetch` puts it,
 * the abstracts cache, which must then be written and read back.
 */
#include <string.h>

#include "fuzz.h"
#include "lrm/abstracts.h"
#include "lrm/arxiv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lrm_arxiv_feed feed = {0};
	struct lrm_abstracts cache = {0}, again = {0};
	char *yaml = NULL;
	size_t len = 0;
	lrm_error_t err = {0};
	lrm_status_t st;

	if (lrm_arxiv_parse(&feed, "response", (const char *)data, size,
			    "2026-01-01T00:00:00Z", &err)) {
		FUZZ_REQUIRE(feed.entries.n == 0 && feed.n_errors == 0,
			     "a failed parse left entries behind: %s", err.msg);
		goto cleanup;
	}
	for (size_t i = 0; i < feed.n_errors; i++)
		FUZZ_REQUIRE(feed.errors[i] != NULL, "error %zu is NULL", i);
	/* As the fetcher does: each entry replaces the cached one. */
	for (size_t i = 0; i < feed.entries.n; i++) {
		struct lrm_abstract *a = &feed.entries.items[i];

		FUZZ_REQUIRE(a->arxiv && a->fetched,
			     "entry %zu lacks a required field", i);
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
