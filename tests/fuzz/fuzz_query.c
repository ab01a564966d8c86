/* tests/fuzz/fuzz_query.c - the query path of lrmsearch: the library's
 * search (lib/search.c, lib/query.c: the checks, normalisation, Xapian's
 * parser set up by the field table, the pure-NOT rewrite, ranking,
 * facets, snippets and the spelling suggestion, which is searched too),
 * by relevance and by date, with the result's invariants checked.  Then
 * the same query through lrmsearch itself (search/, its output thrown
 * away), for what only the program does: the caret under a bad query,
 * highlighting and wrapping, and both printers.
 *
 * The index is built once per process, in a temporary directory removed
 * at exit, from tests/lists/small.md, the bundled synonym table and two
 * abstracts (so abstract:, author: and abstract snippets have something to
 * find).  A query Xapian cannot parse is an answer, not a failure; a
 * crash, a leak or undefined behaviour is.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "list.h"
#include "searcher.h"
#include "lrm/abstracts.h"
#include "lrm/index.h"
#include "lrm/paper.h"
#include "lrm/search.h"
#include "lrm/sources.h"

/* Longer queries take long to parse and find nothing new. */
#define MAX_QUERY_BYTES 4096

/* LeakSanitizer reads its suppressions from here when the program has
 * this function.  libxapian 1.4.22 (Debian 12) leaks one 96-byte token
 * inside QueryParser::parse_query() when a NEAR/n or ADJ/n operator comes
 * right after another operator ("OR NEAR/3", "AND ADJ/2"): a bug in
 * Xapian, not in our binding, which lrmsearch (one query per process)
 * can live with.  corpus/fuzz_query/xapian-leak-or-near keeps this
 * suppression honest. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:Xapian::QueryParser::Internal::parse_query\n";
}

static char index_dir[4096];
static lrm_search_t *index_search;

static int
remove_entry(const char *path, const struct stat *sb, int flag,
	     struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
remove_index(void)
{
	lrm_search_close(index_search);
	index_search = NULL;
	if (index_dir[0])
		(void)nftw(index_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz_query: %s: %s\n", what, msg);
	abort();
}

static void
add_abstract(struct lrm_abstracts *abstracts, const char *arxiv,
	     const char *title, const char *abstract, const char *author1,
	     const char *author2)
{
	struct lrm_abstract *a = lrm_abstracts_add(abstracts);

	if (!a || !(a->arxiv = strdup(arxiv)) || !(a->title = strdup(title)) ||
	    !(a->abstract = strdup(abstract)) ||
	    !(a->fetched = strdup("2026-01-01T00:00:00Z")) ||
	    lrm_abstract_add_author(a, author1) ||
	    lrm_abstract_add_author(a, author2))
		die("setting up", "out of memory");
}

/* Build the index of tests/lists/small.md and open it. */
static void
build_index(void)
{
	struct lrm_list list = {0};
	struct lrm_dataset dataset = {0};
	struct lrm_synonyms synonyms = {0};
	struct lrm_abstracts abstracts = {0};
	lrm_error_t err = {0};
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(index_dir, sizeof(index_dir), "%s/lrm-fuzz-query-XXXXXX",
		     tmp) >= (int)sizeof(index_dir))
		die(tmp, "TMPDIR too long");
	if (!mkdtemp(index_dir))
		die(index_dir, "cannot create a temporary directory");
	atexit(remove_index);
	/* lrmsearch's narrowest output: more titles and snippets to wrap. */
	if (setenv("COLUMNS", "20", 1) != 0)
		die("COLUMNS", "cannot set");

	if (lrm_list_load(&list, LRM_SOURCE_DIR "/tests/lists/small.md", &err) ||
	    lrm_list_merge(&dataset, &list, 1, &err) ||
	    lrm_synonyms_load(&synonyms, LRM_BUNDLED_SYNONYMS, &err))
		die("reading the corpus", err.msg);
	add_abstract(&abstracts, "2510.02312",
		     "KaVa: Latent Reasoning via Compressed KV-Cache Distillation",
		     "Large reasoning models think in long chains of thought; "
		     "we distil a teacher's compressed KV-cache into latent "
		     "reasoning & keep <accuracy>.",
		     "Anna Kuzina", "Maciej Pióro");
	add_abstract(&abstracts, "2502.12067",
		     "TokenSkip: Controllable Chain-of-Thought Compression in LLMs",
		     "Chain-of-Thought (CoT) compression: skip the tokens that "
		     "matter least, with reinforcement learning (RL) nowhere in "
		     "sight. Ｆｕｌｌ-width text and eﬃcient ligatures too.",
		     "Heming Xia", "Chak Tou Leong");
	if (lrm_index_build(index_dir, &dataset, &abstracts, &synonyms,
			    "0000000000000000", 1, &err) ||
	    lrm_search_open(index_dir, NULL, NULL, &index_search, &err))
		die("building the index", err.msg);
	lrm_abstracts_clear(&abstracts);
	lrm_synonyms_clear(&synonyms);
	lrm_dataset_clear(&dataset);
	lrm_list_clear(&list);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	build_index();
	return 0;
}

/* Run lrmsearch on the query (up to its first NUL, as a command line
 * cannot hold one), with standard output and error thrown away: once for
 * a person (colour, facets) and once for programs (JSON).  Sanitizer
 * reports go to file descriptor 2 and still show. */
static void
run_lrmsearch(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *query = malloc(size + 1);
	char *human[] = {"lrmsearch", "--pretty", "--facets", "-i",
			 index_dir, "--", query, NULL};
	char *json[] = {"lrmsearch", "--json", "-n", "3", "-i", index_dir,
			"--", query, NULL};
	FILE *out = stdout, *err = stderr;
	int st;

	if (!query)
		return;
	memcpy(query, data, size);
	query[size] = '\0';
	if (!null && !(null = fopen("/dev/null", "w")))
		die("/dev/null", "cannot open");
	stdout = stderr = null;
	st = lrm_searcher_main(7, human);
	if (st >= 0 && st <= 2)
		st = lrm_searcher_main(8, json);
	stdout = out;
	stderr = err;
	FUZZ_REQUIRE(st >= 0 && st <= 2, "lrmsearch exited with status %d", st);
	free(query);
}

/* Whether the match markers in S (may be NULL) are balanced: each span
 * opened is closed before the next one opens. */
static int
balanced_marks(const char *s)
{
	int open = 0;

	for (; s && *s; s++) {
		if (*s == LRM_HI_START) {
			if (open)
				return 0;
			open = 1;
		} else if (*s == LRM_HI_END) {
			if (!open)
				return 0;
			open = 0;
		}
	}
	return !open;
}

/* Run QUERY through the library's search (lrm/search.h), as lrmsearch
 * does, asking for everything, and check what comes back; then its
 * spelling suggestion, if any. */
static void
search(const char *query, enum lrm_sort sort, int depth)
{
	struct lrm_search_request req = {
		.query = query,
		.limit = 10,
		.sort = sort,
		.want = LRM_WANT_EXACT_COUNT | LRM_WANT_FACETS |
			LRM_WANT_SNIPPETS | LRM_WANT_SUGGESTION,
	};
	struct lrm_result res;
	lrm_error_t err = {0};
	lrm_status_t status = lrm_search_run(index_search, &req, &res, &err);
	unsigned docs = lrm_search_papers(index_search);

	if (status == LRM_ERR_QUERY) {
		/* "couldn't parse query": an answer, with a place in it */
		FUZZ_REQUIRE(res.error_at <= strlen(query),
			     "error offset %zu past the query's %zu bytes",
			     res.error_at, strlen(query));
		goto cleanup;
	}
	FUZZ_REQUIRE(status == LRM_OK || status == LRM_ERR_NOMEM,
		     "search failed (%d): %s", (int)status, err.msg);
	if (status)
		goto cleanup;
	FUZZ_REQUIRE(res.total <= docs && res.exact, "%u matches of %u papers",
		     res.total, docs);
	FUZZ_REQUIRE(res.n_hits <= 10 && res.n_hits <= res.total, "%zu hits",
		     res.n_hits);
	for (size_t i = 0; i < res.n_hits; i++) {
		const struct lrm_hit *h = &res.hits[i];

		FUZZ_REQUIRE(h->rank == i + 1 && h->paper && h->title,
			     "hit %zu: rank %u", i, h->rank);
		FUZZ_REQUIRE(balanced_marks(h->title) && balanced_marks(h->snippet),
			     "hit %zu: unbalanced match marks", i);
	}
	for (int f = 0; f < LRM_FACET_KINDS; f++)
		for (size_t i = 0; i < res.facets[f].n; i++)
			FUZZ_REQUIRE(res.facets[f].items[i].count <= res.total,
				     "facet %s: %u of %u",
				     res.facets[f].items[i].value,
				     res.facets[f].items[i].count, res.total);
	if (res.suggestion && depth == 0)
		search(res.suggestion, sort, 1);
cleanup:
	lrm_result_clear(&res);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_QUERY_BYTES)
		return 0;
	if (!index_search)
		build_index(); /* a libFuzzer without LLVMFuzzerInitialize */
	{
		char *query = strndup((const char *)data, size);

		if (query) {
			search(query, LRM_SORT_RELEVANCE, 0);
			search(query, LRM_SORT_DATE, 1);
		}
		free(query);
	}
	run_lrmsearch(data, size);
	return 0;
}
