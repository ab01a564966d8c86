/* tests/fuzz/fuzz_query.c - the query path of lrmsearch: Unicode
 * normalisation of the query (lib/text.c), Xapian's query parser set up
 * by the field table (lib/fields.c) and the binding (lib/xapian.cc), the
 * search, the result's paper record and snippets.  Then the same query
 * through lrmsearch itself (search/cli.c, its output thrown away), for
 * what only the program does: queries that only exclude, the caret under
 * a bad query, spelling suggestions, highlighting, facets and JSON.
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
#include "lrm/fields.h"
#include "lrm/index.h"
#include "lrm/paper.h"
#include "lrm/text.h"
#include "lrm/xapian.h"

/* Longer queries take long to parse and find nothing new. */
#define MAX_QUERY_BYTES 4096

/* As search/cli.c parses queries. */
static const unsigned parse_flags =
	LRM_XAPIAN_QP_BOOLEAN | LRM_XAPIAN_QP_PHRASE | LRM_XAPIAN_QP_LOVEHATE |
	LRM_XAPIAN_QP_WILDCARD | LRM_XAPIAN_QP_PURE_NOT |
	LRM_XAPIAN_QP_SPELLING_CORRECTION | LRM_XAPIAN_QP_AUTO_MULTIWORD_SYNONYMS;

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
static lrm_xapian_db_t *index_db;
static unsigned index_docs;

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
	lrm_xapian_db_destroy(index_db);
	index_db = NULL;
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
	    lrm_synonyms_load(&synonyms, LRM_SOURCE_DIR "/data/synonyms.txt",
			      &err))
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
	    lrm_index_open(index_dir, &index_db, &err))
		die("building the index", err.msg);
	if (lrm_xapian_db_doc_count(index_db, &index_docs))
		die("counting documents", lrm_xapian_db_last_error(index_db));
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

/* A snippet of TEXT for the query MSET ran; its status must be success. */
static void
snippet(lrm_xapian_mset_t *mset, const char *text, size_t len, size_t length,
	unsigned flags)
{
	char *out = NULL;
	lrm_xapian_status_t st;

	st = lrm_xapian_mset_snippet(mset, text, len, length,
				     LRM_STEM_LANGUAGE, flags, "\x01", "\x02",
				     "…", &out);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_NO_MEMORY,
		     "snippet: %s", lrm_xapian_mset_last_error(mset));
	free(out);
}

/* Read the first hit as lrmsearch shows it. */
static void
read_first_hit(lrm_xapian_mset_t *mset)
{
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_hit_t hit;
	struct lrm_dataset one = {0};
	char *abstract = NULL;
	size_t len = 0;
	lrm_error_t err = {0};
	lrm_xapian_status_t st;

	st = lrm_xapian_mset_hit(mset, 0, &hit);
	if (!st)
		st = lrm_xapian_mset_document(mset, 0, &doc);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS, "reading the first hit: %s",
		     lrm_xapian_mset_last_error(mset));
	FUZZ_REQUIRE(lrm_index_doc_paper(doc, &one, &err) == LRM_OK &&
			     one.n_papers == 1,
		     "the paper stored in document %u: %s", hit.docid,
		     err.msg);
	snippet(mset, one.papers[0].title, strlen(one.papers[0].title),
		strlen(one.papers[0].title) * 2 + 16, 0);
	st = lrm_xapian_doc_get_value(doc, LRM_SLOT_ABSTRACT, &abstract, &len);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS, "reading the abstract: %s",
		     lrm_xapian_doc_last_error(doc));
	if (len)
		snippet(mset, abstract, len, 240,
			LRM_XAPIAN_SNIPPET_BACKGROUND_MODEL |
				LRM_XAPIAN_SNIPPET_EXHAUSTIVE);
	free(abstract);
	lrm_dataset_clear(&one);
	lrm_xapian_doc_destroy(doc);
}

/* Run Q as lrmsearch does: BM25, ties newest first, facets, 10 hits. */
static void
search(const lrm_xapian_query_t *q)
{
	static const unsigned slots[3] = {LRM_SLOT_YEAR, LRM_SLOT_VENUES,
					  LRM_SLOT_SECTIONS};
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_spy_t *spies[3] = {NULL, NULL, NULL};
	lrm_xapian_estimate_t est;
	lrm_xapian_status_t st;

	st = lrm_xapian_enquire_create(index_db, &enq);
	if (!st)
		st = lrm_xapian_enquire_set_query(enq, q);
	if (!st)
		st = lrm_xapian_enquire_set_bm25(enq, 1.2, 0, 1, 0.5, 0.5);
	if (!st)
		st = lrm_xapian_enquire_set_sort(
			enq, LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE,
			LRM_SLOT_DATE, 1);
	for (int f = 0; f < 3 && !st; f++) {
		st = lrm_xapian_spy_create(slots[f], &spies[f]);
		if (!st)
			st = lrm_xapian_enquire_add_spy(enq, spies[f]);
	}
	if (!st)
		st = lrm_xapian_enquire_get_mset(enq, 0, 10, index_docs, &mset);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_NO_MEMORY,
		     "search failed (%s): %s", lrm_xapian_status_to_string(st),
		     enq ? lrm_xapian_enquire_last_error(enq) : "");
	if (st)
		goto cleanup;
	lrm_xapian_mset_matches(mset, &est);
	FUZZ_REQUIRE(est.lower <= est.estimated && est.estimated <= est.upper &&
			     est.upper <= index_docs,
		     "match counts %u <= %u <= %u <= %u", est.lower,
		     est.estimated, est.upper, index_docs);
	FUZZ_REQUIRE(lrm_xapian_mset_size(mset) <= 10, "%u hits",
		     lrm_xapian_mset_size(mset));
	for (int f = 0; f < 3; f++) {
		unsigned count = 0;

		st = lrm_xapian_spy_collect(spies[f], 0, &count);
		FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_NO_MEMORY,
			     "facets: %s", lrm_xapian_spy_last_error(spies[f]));
	}
	if (lrm_xapian_mset_size(mset) > 0)
		read_first_hit(mset);
cleanup:
	lrm_xapian_mset_destroy(mset);
	for (int f = 0; f < 3; f++)
		lrm_xapian_spy_destroy(spies[f]);
	lrm_xapian_enquire_destroy(enq);
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
	char *human[] = {"lrmsearch", "--color=always", "--facets", "-i",
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

/* The query path as lrmsearch takes it, step by step. */
static void
query_directly(const uint8_t *data, size_t size)
{
	lrm_xapian_qparser_t *qp = NULL;
	lrm_xapian_query_t *q = NULL, *cq = NULL;
	char *nq = NULL, *corrected = NULL;
	lrm_error_t err = {0};
	lrm_xapian_status_t st;

	if (lrm_text_normalize_query((const char *)data, size, &nq, &err)) {
		FUZZ_REQUIRE(err.status == LRM_ERR_PARSE ||
				     err.status == LRM_ERR_NOMEM,
			     "normalising the query: %s", err.msg);
		goto cleanup; /* invalid UTF-8 */
	}

	st = lrm_xapian_qparser_create(&qp);
	if (!st)
		st = lrm_xapian_qparser_set_stemmer(qp, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_qparser_set_stemming_strategy(qp,
							      LRM_XAPIAN_STEM_SOME);
	if (!st)
		st = lrm_xapian_qparser_set_database(qp, index_db);
	if (!st)
		st = lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS, "setting up the parser: %s",
		     qp ? lrm_xapian_qparser_last_error(qp) : "out of memory");
	FUZZ_REQUIRE(lrm_fields_setup_qparser(qp, &err) == LRM_OK,
		     "setting up the fields: %s", err.msg);

	if (strspn(nq, " \t\r\n") == strlen(nq))
		st = lrm_xapian_query_match_all(&q);
	else
		st = lrm_xapian_qparser_parse(qp, nq, parse_flags, NULL, &q);
	if (st == LRM_XAPIAN_BAD_QUERY)
		goto cleanup; /* "couldn't parse query": an answer */
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_NO_MEMORY,
		     "parsing failed (%s): %s",
		     lrm_xapian_status_to_string(st),
		     lrm_xapian_qparser_last_error(qp));
	if (st)
		goto cleanup;
	search(q);

	/* The spelling suggestion, parsed and run as lrmsearch does. */
	st = lrm_xapian_qparser_corrected_query(qp, &corrected);
	FUZZ_REQUIRE(st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_NO_MEMORY,
		     "the corrected query: %s",
		     lrm_xapian_qparser_last_error(qp));
	if (corrected && *corrected &&
	    lrm_xapian_qparser_parse(qp, corrected,
				     parse_flags &
					     ~(unsigned)LRM_XAPIAN_QP_SPELLING_CORRECTION,
				     NULL, &cq) == LRM_XAPIAN_SUCCESS)
		search(cq);
cleanup:
	lrm_xapian_query_destroy(cq);
	lrm_xapian_query_destroy(q);
	lrm_xapian_qparser_destroy(qp);
	free(corrected);
	free(nq);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_QUERY_BYTES)
		return 0;
	if (!index_db)
		build_index(); /* a libFuzzer without LLVMFuzzerInitialize */
	query_directly(data, size);
	run_lrmsearch(data, size);
	return 0;
}
