/* tests/test_search.c - the library's search (lib/search.c), query
 * language (lib/query.c) and default index (lib/sources.c), driven
 * directly: parse errors and their offsets, ranking, sorting and ties,
 * facets, snippets, suggestions, and which index a plain search opens. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lrm/abstracts.h"
#include "lrm/arxiv.h"
#include "lrm/query.h"
#include "lrm/search.h"
#include "lrm/sources.h"

/* Six papers: two "latent reasoning" papers of one month (a tie broken by
 * id), a survey, two of 2024 and one with an abstract. */
static const char dataset[] =
	"format: lrmsearch-papers/2\n"
	"papers:\n"
	"- id: \"b-latent\"\n"
	"  title: \"Latent Reasoning in Continuous Space\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 1, section: \"Latent\", date: \"2025-03\", "
	"venue: \"arXiv'25\", venue_name: \"arXiv\", venue_year: 2025}\n"
	"- id: \"a-latent\"\n"
	"  title: \"Latent Reasoning with Tokens\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 2, section: \"Latent\", date: \"2025-03\", "
	"venue: \"arXiv'25\", venue_name: \"arXiv\", venue_year: 2025}\n"
	"- id: \"survey\"\n"
	"  title: \"A Survey of Efficient Reasoning\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 3, section: \"Survey\", date: \"2025-06\", "
	"venue: \"ICML'25\", venue_name: \"ICML\", venue_year: 2025}\n"
	"- id: \"budget\"\n"
	"  title: \"Token Budget Aware Reasoning\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 4, section: \"Compact\", date: \"2024-12\", "
	"venue: \"arXiv'24\", venue_name: \"arXiv\", venue_year: 2024}\n"
	"- id: \"skip\"\n"
	"  title: \"Skipping Tokens for Compression\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 5, section: \"Compact\", date: \"2024-02\", "
	"venue: \"arXiv'24\", venue_name: \"arXiv\", venue_year: 2024, "
	"paper: \"https://arxiv.org/abs/2502.12067\", arxiv: \"2502.12067\"}\n"
	"- id: \"exit\"\n"
	"  title: \"Early Exit for Thinking Models\"\n"
	"  listings:\n"
	"  - {source: \"l.md\", line: 6, section: \"Compact\", date: \"2025-01\", "
	"venue: \"ACL'25\", venue_name: \"ACL\", venue_year: 2025}\n"
	"count: 6\n";

static const char synonyms[] = "cot = chain of thought\n";

/* Write the dataset (with PAPERS in place of the whole text, when not
 * NULL), the synonyms and an abstract for "skip" into the case's
 * directory. */
static void
write_sources(const char *papers)
{
	struct lrm_abstracts abstracts = {0};
	struct lrm_abstract *a = lrm_abstracts_add(&abstracts);
	lrm_error_t err = {0};

	CHECK(check_write_file(check_path("papers.yaml"), papers ? papers : dataset,
			       strlen(papers ? papers : dataset)) == 0);
	CHECK(check_write_file(check_path("syn.txt"), synonyms,
			       strlen(synonyms)) == 0);
	CHECK(a && (a->arxiv = strdup("2502.12067")) && (a->title = strdup("Skip")) &&
	      (a->abstract = strdup("We skip the tokens that matter least "
				    "and keep the accuracy of long chains.")) &&
	      (a->fetched = strdup("2026-01-01T00:00:00Z")) &&
	      lrm_abstract_add_author(a, "Heming Xia") == 0 &&
	      lrm_abstract_add_author(a, "Chak Tou Leong") == 0);
	CHECK(lrm_abstracts_save(&abstracts, check_path("abstracts.yaml"), &err) ==
	      LRM_OK);
	lrm_abstracts_clear(&abstracts);
}

/* Build the index of the case's sources into DIR (under the case's
 * directory). */
static void
build(const char *dir)
{
	char papers[4096], syn[4096];
	const char *datasets[] = {papers};
	struct lrm_sources src;
	struct lrm_sources_stats stats;
	struct lrm_index_options opts = {.jobs = 1, .wait = 10};
	lrm_error_t err = {0};

	snprintf(papers, sizeof(papers), "%s", check_path("papers.yaml"));
	snprintf(syn, sizeof(syn), "%s", check_path("syn.txt"));
	if (!CHECK(lrm_sources_init(&src, datasets, 1, syn, NULL, &err) == LRM_OK))
		return;
	if (!CHECK(lrm_sources_build(&src, dir, &opts, &stats, &err) == LRM_OK))
		fprintf(stderr, "  %s\n", err.msg);
	CHECK_INT_EQ(stats.abstracts, 1); /* abstracts.yaml beside the dataset */
	lrm_sources_clear(&src);
}

/* An index of PAPERS (the dataset above when NULL), opened. */
static lrm_search_t *
open_papers(const char *papers)
{
	char dir[4096];
	lrm_search_t *s = NULL;
	lrm_error_t err = {0};

	write_sources(papers);
	snprintf(dir, sizeof(dir), "%s", check_path("idx"));
	build(dir);
	if (!CHECK(lrm_search_open(dir, NULL, NULL, &s, &err) == LRM_OK))
		fprintf(stderr, "  %s\n", err.msg);
	return s;
}

static lrm_search_t *
open_fresh(void)
{
	return open_papers(NULL);
}

/* Run QUERY; its status, the ids of the hits space-separated in IDS. */
static lrm_status_t
run(lrm_search_t *s, const char *query, enum lrm_sort sort, unsigned want,
    struct lrm_result *res, char *ids, size_t size)
{
	struct lrm_search_request req = {
		.query = query, .limit = 10, .sort = sort, .want = want};
	lrm_error_t err = {0};
	lrm_status_t status = lrm_search_run(s, &req, res, &err);

	ids[0] = '\0';
	for (size_t i = 0; !status && i < res->n_hits; i++)
		snprintf(ids + strlen(ids), size - strlen(ids), "%s%s",
			 i ? " " : "", res->hits[i].paper->id);
	return status;
}

/* Operators survive the normalisation of a query; everything else is
 * folded like the index. */
static void
test_normalize_query(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Latent AND Reasoning", "latent AND reasoning"},
		{"a OR b NOT c XOR d", "a OR b NOT c XOR d"},
		{"x NEAR y ADJ z", "x NEAR y ADJ z"},
		{"ANDROID ORACLE", "android oracle"},
		{"(ＬＡＴＥＮＴ OR KV)", "(latent OR kv)"},
		{"title:Latent AND year:2025..2026", "title:latent AND year:2025..2026"},
		{"\"Chain of Thought\" -Survey", "\"chain of thought\" -survey"},
		{"AND", "AND"},
		{"and or not", "and or not"},
		{"", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		lrm_error_t err = {0};

		if (CHECK(lrm_query_normalize(cases[i].in, strlen(cases[i].in),
						   &out, &err) == 0))
			CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
	{
		char *out = (char *)"x";
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_query_normalize("ok \xff", 4, &out, &err),
			     LRM_ERR_PARSE);
		CHECK(out == NULL);
	}
}

static void
test_is_operator(void)
{
	static const char *const yes[] = {"AND", "OR", "NOT", "XOR", "NEAR",
					  "ADJ", "NEAR/3", "ADJ/12"};
	static const char *const no[] = {"and", "ORE", "AN", "NEAR/", "NEAR/x",
					 "AND/3", "OR/2", "NEAR/3x", ""};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!lrm_query_is_operator(yes[i], strlen(yes[i])))
			check_fail(__FILE__, __LINE__, "'%s' is an operator", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (lrm_query_is_operator(no[i], strlen(no[i])))
			check_fail(__FILE__, __LINE__, "'%s' is no operator", no[i]);
	/* LEN counts: "ORDER" cut to two bytes is OR */
	CHECK(lrm_query_is_operator("ORDER", 2));
	CHECK(!lrm_query_is_operator("ORDER", 5));
}

static void
test_parse_errors_and_offsets(void)
{
	static const struct {
		const char *query;
		size_t at;
		const char *why;
	} cases[] = {
		{"latent (reasoning", 7, "a '(' without a closing ')'"},
		{"latent) x", 6, "')' without a '(' before it"},
		{"a \"b c", 2, "a '\"' without a closing one"},
		{"token year:20x5", 11, "year: expects a year"},
		{"date:2025-13", 5, "date: expects a month"},
		{"code:maybe", 5, "code: expects yes or no"},
		{"ab\x01" "c", 2, "control character 0x01"},
		{"caf\xe9", 3, "invalid UTF-8 at byte 3"},
		{"(latent \xff", 8, "invalid UTF-8 at byte 8"},
		{"latent AND", 7, "Syntax"},
		{"OR latent", 0, "Syntax"},
	};
	lrm_search_t *s = open_fresh();

	for (size_t i = 0; s && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_search_request req = {.query = cases[i].query, .limit = 10};
		struct lrm_result res;
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_search_run(s, &req, &res, &err), LRM_ERR_QUERY);
		CHECK_INT_EQ(res.error_at, cases[i].at);
		CHECK_CONTAINS(err.msg, cases[i].why);
		lrm_result_clear(&res);
	}
	lrm_search_close(s);
}

static void
test_query_check_limits(void)
{
	size_t n = LRM_QUERY_MAX_WORDS + 1, at = 99;
	char *q = malloc(n * 2 + 1), *big = malloc(LRM_QUERY_MAX_BYTES + 2);
	lrm_error_t err = {0};

	if (!CHECK(q && big))
		return;
	for (size_t i = 0; i < n; i++)
		memcpy(q + 2 * i, "a ", 2);
	q[2 * n] = '\0';
	CHECK_INT_EQ(lrm_query_check(q, &at, &err), LRM_ERR_QUERY);
	CHECK_CONTAINS(err.msg, "1001 words; a query has at most 1000");
	/* operators are not words */
	for (size_t i = 0; i < n; i++)
		memcpy(q + 2 * i, i % 2 ? "OR" : "a ", 2);
	CHECK_INT_EQ(lrm_query_check(q, &at, &err), LRM_OK);
	memset(big, 'a', LRM_QUERY_MAX_BYTES + 1);
	big[LRM_QUERY_MAX_BYTES + 1] = '\0';
	CHECK_INT_EQ(lrm_query_check(big, &at, &err), LRM_ERR_QUERY);
	CHECK_CONTAINS(err.msg, "too long");
	free(q);
	free(big);
}

static void
test_ranking_sorting_and_ties(void)
{
	lrm_search_t *s = open_fresh();
	struct lrm_result res;
	char ids[512];

	if (!s)
		return;
	/* one month, equal weights: by id; then the papers with only some
	 * of the words, ranked after them and marked */
	CHECK_INT_EQ(run(s, "latent reasoning", LRM_SORT_RELEVANCE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "a-latent b-latent budget survey");
	CHECK_INT_EQ(res.total, 4);
	CHECK_INT_EQ(res.all_words, 2);
	CHECK(res.exact);
	CHECK(res.n_hits == 4 && res.hits[0].score > 0 && res.hits[0].rank == 1 &&
	      res.hits[1].rank == 2 && !res.hits[1].partial &&
	      res.hits[2].partial && res.hits[3].rank == 4);
	lrm_result_clear(&res);
	/* a page that starts among the partial ones */
	{
		struct lrm_search_request req = {
			.query = "latent reasoning", .offset = 3, .limit = 5};
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_search_run(s, &req, &res, &err), LRM_OK);
		CHECK(res.n_hits == 1 && res.hits[0].rank == 4 &&
		      strcmp(res.hits[0].paper->id, "survey") == 0);
	}
	lrm_result_clear(&res);
	/* an empty query matches all, newest first */
	CHECK_INT_EQ(run(s, "", LRM_SORT_RELEVANCE, 0, &res, ids, sizeof(ids)),
		     LRM_OK);
	CHECK_STR_EQ(ids, "survey a-latent b-latent exit budget skip");
	lrm_result_clear(&res);
	/* by date, whatever the weights */
	CHECK_INT_EQ(run(s, "reasoning OR tokens", LRM_SORT_DATE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "survey a-latent b-latent budget skip");
	lrm_result_clear(&res);
	/* only excluded words: everything without them */
	CHECK_INT_EQ(run(s, "-latent -survey", LRM_SORT_RELEVANCE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "exit budget skip");
	lrm_result_clear(&res);
	/* a title word weighs more than an abstract word ("thinking" is
	 * in a title, "long" in an abstract) */
	CHECK_INT_EQ(run(s, "long OR thinking", LRM_SORT_RELEVANCE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "exit skip");
	CHECK(res.n_hits == 2 && res.hits[0].score > res.hits[1].score);
	lrm_result_clear(&res);
	/* offset and limit */
	{
		struct lrm_search_request req = {.query = "", .offset = 4, .limit = 1};
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_search_run(s, &req, &res, &err), LRM_OK);
		CHECK_INT_EQ(res.total, 6);
		CHECK(res.n_hits == 1 && res.hits[0].rank == 5 &&
		      strcmp(res.hits[0].paper->id, "budget") == 0);
		lrm_result_clear(&res);
	}
	lrm_search_close(s);
}

static void
test_facets(void)
{
	lrm_search_t *s = open_fresh();
	struct lrm_result res;
	char ids[512];
	const struct lrm_facets *f;

	if (!s)
		return;
	CHECK_INT_EQ(run(s, "", LRM_SORT_RELEVANCE, LRM_WANT_FACETS, &res, ids,
			 sizeof(ids)), LRM_OK);
	f = &res.facets[LRM_FACET_YEAR]; /* newest first */
	CHECK(f->n == 2 && strcmp(f->items[0].value, "2025") == 0 &&
	      f->items[0].count == 4 && strcmp(f->items[1].value, "2024") == 0 &&
	      f->items[1].count == 2);
	f = &res.facets[LRM_FACET_VENUE]; /* most first, then by name */
	CHECK(f->n == 3 && strcmp(f->items[0].value, "arXiv") == 0 &&
	      f->items[0].count == 4 && strcmp(f->items[1].value, "ACL") == 0 &&
	      strcmp(f->items[2].value, "ICML") == 0);
	f = &res.facets[LRM_FACET_SECTION];
	CHECK(f->n == 3 && strcmp(f->items[0].value, "Compact") == 0 &&
	      f->items[0].count == 3);
	CHECK_STR_EQ(lrm_facet_names[LRM_FACET_SECTION], "section");
	lrm_result_clear(&res);
	/* without asking, none */
	CHECK_INT_EQ(run(s, "", LRM_SORT_RELEVANCE, 0, &res, ids, sizeof(ids)),
		     LRM_OK);
	CHECK(res.facets[LRM_FACET_YEAR].n == 0);
	lrm_result_clear(&res);
	lrm_search_close(s);
}

static void
test_snippets_and_authors(void)
{
	lrm_search_t *s = open_fresh();
	struct lrm_result res;
	char ids[512];

	if (!s)
		return;
	CHECK_INT_EQ(run(s, "skip tokens", LRM_SORT_RELEVANCE, LRM_WANT_SNIPPETS,
			 &res, ids, sizeof(ids)), LRM_OK);
	CHECK_INT_EQ(res.all_words, 1);
	if (CHECK(res.n_hits >= 1 && strcmp(res.hits[0].paper->id, "skip") == 0)) {
		const struct lrm_hit *h = &res.hits[0];

		CHECK_STR_EQ(h->title, "\x01Skipping\x02 \x01Tokens\x02 for Compression");
		CHECK_CONTAINS(h->snippet, "We \x01skip\x02 the \x01tokens\x02");
		CHECK(h->n_authors == 2 && strcmp(h->authors[0], "Heming Xia") == 0 &&
		      strcmp(h->authors[1], "Chak Tou Leong") == 0);
	}
	lrm_result_clear(&res);
	/* without snippets: the plain title, no snippet */
	CHECK_INT_EQ(run(s, "skip", LRM_SORT_RELEVANCE, 0, &res, ids, sizeof(ids)),
		     LRM_OK);
	CHECK(res.n_hits == 1 && res.hits[0].snippet == NULL);
	CHECK_STR_EQ(res.n_hits ? res.hits[0].title : NULL,
		     "Skipping Tokens for Compression");
	lrm_result_clear(&res);
	lrm_search_close(s);
}

static void
test_suggestions(void)
{
	lrm_search_t *s = open_fresh();
	struct lrm_result res;
	char ids[512];

	if (!s)
		return;
	CHECK_INT_EQ(run(s, "latnet", LRM_SORT_RELEVANCE, LRM_WANT_SUGGESTION, &res,
			 ids, sizeof(ids)), LRM_OK);
	CHECK_INT_EQ(res.total, 0);
	CHECK_STR_EQ(res.suggestion, "latent");
	lrm_result_clear(&res);
	/* only when asked */
	CHECK_INT_EQ(run(s, "latnet", LRM_SORT_RELEVANCE, 0, &res, ids, sizeof(ids)),
		     LRM_OK);
	CHECK(res.suggestion == NULL);
	lrm_result_clear(&res);
	/* a known word is no misspelling, and enough matches need none */
	CHECK_INT_EQ(run(s, "reasoning", LRM_SORT_RELEVANCE, LRM_WANT_SUGGESTION,
			 &res, ids, sizeof(ids)), LRM_OK);
	CHECK(res.suggestion == NULL);
	lrm_result_clear(&res);
	lrm_search_close(s);
}

static void
test_autocorrect_pasted_and_common_words(void)
{
	lrm_search_t *s = open_fresh();
	struct lrm_result res;
	char ids[512];

	if (!s)
		return;
	/* nothing matches, the suggestion does: its results, said so */
	CHECK_INT_EQ(run(s, "latnet", LRM_SORT_RELEVANCE,
			 LRM_WANT_SUGGESTION | LRM_WANT_AUTOCORRECT, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(res.results_for, "latent");
	CHECK_STR_EQ(ids, "a-latent b-latent");
	lrm_result_clear(&res);
	/* a pasted arXiv id or link: its paper alone */
	CHECK_INT_EQ(run(s, " 2502.12067v2 ", LRM_SORT_RELEVANCE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "skip");
	lrm_result_clear(&res);
	CHECK_INT_EQ(run(s, "arXiv:2502.12067v12", LRM_SORT_RELEVANCE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "skip");
	lrm_result_clear(&res);
	CHECK_INT_EQ(lrm_arxiv_id_length("2502.12067v12", 13), 10);
	CHECK_INT_EQ(lrm_arxiv_id_length("2502.12067", 10), 10);
	CHECK_INT_EQ(lrm_arxiv_id_length("v2", 2), 2);
	CHECK_INT_EQ(run(s, "https://arxiv.org/pdf/2502.12067.pdf", LRM_SORT_RELEVANCE,
			 0, &res, ids, sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "skip");
	lrm_result_clear(&res);
	/* common words are left out, and named */
	CHECK_INT_EQ(run(s, "latent reasoning in the space", LRM_SORT_RELEVANCE, 0,
			 &res, ids, sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(res.ignored, "in the");
	CHECK_INT_EQ(res.all_words, 1);
	CHECK(res.n_hits > 0 && strcmp(res.hits[0].paper->id, "b-latent") == 0);
	lrm_result_clear(&res);
	/* a plain query Xapian cannot parse is searched as words */
	CHECK_INT_EQ(run(s, "Skipping Tokens... for Compression", LRM_SORT_RELEVANCE,
			 0, &res, ids, sizeof(ids)), LRM_OK);
	CHECK(res.n_hits > 0 && strcmp(res.hits[0].paper->id, "skip") == 0);
	lrm_result_clear(&res);
	lrm_search_close(s);
}

static void
test_sources_encoding(void)
{
	const char *datasets[] = {"rel/a.yaml", "/abs/b\nc%d.yaml"};
	struct lrm_sources src, back;
	char *text = NULL, cwd[4096], want[8192];
	lrm_error_t err = {0};

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(lrm_sources_init(&src, datasets, 2, "/s.txt", NULL, &err) == LRM_OK);
	CHECK(lrm_sources_encode(&src, &text, &err) == LRM_OK);
	snprintf(want, sizeof(want),
		 "dataset %s/rel/a.yaml\ndataset /abs/b%%0Ac%%25d.yaml\n"
		 "synonyms /s.txt\n",
		 strcmp(cwd, "/") ? cwd : "");
	CHECK_STR_EQ(text, want);
	CHECK(lrm_sources_decode(text, &back, &err) == LRM_OK);
	CHECK(back.n_datasets == 2 && strcmp(back.datasets[1], datasets[1]) == 0 &&
	      back.abstracts == NULL);
	lrm_sources_clear(&back);
	CHECK_INT_EQ(lrm_sources_decode("dataset rel\nsynonyms /s\n", &back, &err),
		     LRM_ERR_PARSE);
	CHECK_INT_EQ(lrm_sources_decode("synonyms /s\n", &back, &err), LRM_ERR_PARSE);
	CHECK_INT_EQ(lrm_sources_decode("dataset /a%0\nsynonyms /s\n", &back, &err),
		     LRM_ERR_PARSE);
	free(text);
	lrm_sources_clear(&src);
	/* no datasets: the bundled one */
	CHECK(lrm_sources_init(&src, NULL, 0, NULL, NULL, &err) == LRM_OK);
	CHECK_STR_EQ(src.datasets[0], LRM_BUNDLED_DATASET);
	CHECK_STR_EQ(src.synonyms, LRM_BUNDLED_SYNONYMS);
	lrm_sources_clear(&src);
}

static void
note(const char *message, void *ctx)
{
	char *said = ctx;

	snprintf(said + strlen(said), 4096 - strlen(said), "%s\n", message);
}

static unsigned
default_papers(char *said)
{
	lrm_search_t *s = NULL;
	lrm_error_t err = {0};
	unsigned n = 0;

	said[0] = '\0';
	if (CHECK(lrm_search_open(NULL, note, said, &s, &err) == LRM_OK))
		n = lrm_search_papers(s);
	else
		fprintf(stderr, "  %s\n", err.msg);
	lrm_search_close(s);
	return n;
}

/* The default index follows the sources it was built from. */
static void
test_default_index_policy(void)
{
	char cache[4096], dir[4200], said[4096], five[sizeof(dataset)];
	char *cut;

	snprintf(cache, sizeof(cache), "%s", check_path("cache"));
	unsetenv("LRM_INDEX");
	setenv("XDG_CACHE_HOME", cache, 1);
	snprintf(dir, sizeof(dir), "%s/lrmsearch/index", cache);
	write_sources(NULL);
	build(dir);
	CHECK_INT_EQ(default_papers(said), 6);
	CHECK_STR_EQ(said, "");
	/* the dataset changed: rebuilt from it */
	snprintf(five, sizeof(five), "%s", dataset);
	cut = strstr(five, "- id: \"exit\"");
	if (CHECK(cut))
		snprintf(cut, sizeof(five) - (size_t)(cut - five), "count: 5\n");
	write_sources(five);
	CHECK_INT_EQ(default_papers(said), 5);
	CHECK_CONTAINS(said, "updating the index of ");
	CHECK_INT_EQ(default_papers(said), 5);
	CHECK_STR_EQ(said, "");
	/* the dataset is gone: searched as it was built */
	CHECK(unlink(check_path("papers.yaml")) == 0);
	CHECK_INT_EQ(default_papers(said), 5);
	CHECK_CONTAINS(said, "papers.yaml, which the index in ");
	CHECK_CONTAINS(said, "is gone; searching the index as it was built");
	/* $LRM_INDEX is opened as it is, never built */
	setenv("LRM_INDEX", check_path("nothing"), 1);
	{
		lrm_search_t *s = NULL;
		lrm_error_t err = {0};

		CHECK(lrm_search_open(NULL, note, said, &s, &err) != LRM_OK);
		CHECK(access(check_path("nothing"), F_OK) != 0);
	}
	unsetenv("LRM_INDEX");
	unsetenv("XDG_CACHE_HOME");
}

/* ------------------------------------------------------------------ */
/* Issue 14: the lists, and the day papers were added                 */
/* ------------------------------------------------------------------ */

/* Six papers of several lists, added on three days but one: two of one
 * day and one date (a tie broken by id), one of that day older but with
 * "latent" twice, one of no day at all though of the newest date. */
static const char lists_dataset[] =
	"format: lrmsearch-papers/2\n"
	"papers:\n"
	"- id: \"new-b\"\n"
	"  title: \"Latent Budget\"\n"
	"  added: \"2026-11-20\"\n"
	"  listings:\n"
	"  - {source: \"xiaoyee.md\", list: \"xiaoyee\", line: 1, section: \"S\", "
	"date: \"2025-06\"}\n"
	"- id: \"none\"\n"
	"  title: \"Old Latent Paper\"\n"
	"  listings:\n"
	"  - {source: \"lists/My-List.md\", line: 2, section: \"S\", "
	"date: \"2026-01\"}\n"
	"- id: \"mid\"\n"
	"  title: \"Latent Thoughts\"\n"
	"  added: \"2026-11-05\"\n"
	"  listings:\n"
	"  - {source: \"h.md\", list: \"hemingkx\", line: 3, section: \"S\", "
	"date: \"2025-03\", authors: [\"Yue Liu\", \"Jane Doe\"]}\n"
	"  - {source: \"f.md\", list: \"fscdc\", line: 4, section: \"S\", "
	"date: \"2025-03\"}\n"
	"- id: \"new-long\"\n"
	"  title: \"Latent Reasoning with Latent Tokens\"\n"
	"  added: \"2026-11-20\"\n"
	"  listings:\n"
	"  - {source: \"xiaoyee.md\", list: \"xiaoyee\", line: 5, section: \"S\", "
	"date: \"2024-05\"}\n"
	"- id: \"early\"\n"
	"  title: \"Latent Plans\"\n"
	"  added: \"2026-10-30\"\n"
	"  listings:\n"
	"  - {source: \"h.md\", list: \"hemingkx\", line: 6, section: \"S\", "
	"date: \"2025-01\"}\n"
	"  - {source: \"x.md\", list: \"xiaoyee\", line: 7, section: \"S\", "
	"date: \"2025-01\"}\n"
	"  - {source: \"f.md\", list: \"fscdc\", line: 8, section: \"S\", "
	"date: \"2025-01\"}\n"
	"- id: \"new-a\"\n"
	"  title: \"Latent Twin\"\n"
	"  added: \"2026-11-20\"\n"
	"  listings:\n"
	"  - {source: \"xiaoyee.md\", list: \"xiaoyee\", line: 9, section: \"S\", "
	"date: \"2025-06\"}\n"
	"count: 6\n";

static lrm_search_t *
open_lists(void)
{
	return open_papers(lists_dataset);
}

/* The ids and ranks of REQ's hits ("new-a:1 new-b:2"), into IDS. */
static lrm_status_t
run_ranked(lrm_search_t *s, const struct lrm_search_request *req,
	   struct lrm_result *res, char *ids, size_t size)
{
	lrm_error_t err = {0};
	lrm_status_t status = lrm_search_run(s, req, res, &err);

	ids[0] = '\0';
	for (size_t i = 0; !status && i < res->n_hits; i++)
		snprintf(ids + strlen(ids), size - strlen(ids), "%s%s:%u%s",
			 i ? " " : "", res->hits[i].paper->id, res->hits[i].rank,
			 res->hits[i].partial ? "*" : "");
	return status;
}

/* Newest additions first; within a day by relevance, then newest, then
 * by id, as a relevance sort ranks; papers without a day last.  A page
 * that starts or ends inside a day has the same papers at the same
 * ranks as the whole list. */
static void
test_sort_added(void)
{
	static const struct {
		const char *query;
		unsigned offset, limit;
		const char *ids;
	} cases[] = {
		{"", 0, 10, "new-a:1 new-b:2 new-long:3 mid:4 early:5 none:6"},
		{"latent", 0, 10, "new-long:1 new-a:2 new-b:3 mid:4 early:5 none:6"},
		{"latent", 1, 2, "new-a:2 new-b:3"},
		{"latent", 2, 2, "new-b:3 mid:4"},
		{"latent", 4, 10, "early:5 none:6"},
		{"", 5, 1, "none:6"},
		{"", 6, 1, ""},
		{"list:xiaoyee", 0, 10, "new-a:1 new-b:2 new-long:3 early:4"},
		{"added:2026-11", 0, 10, "new-a:1 new-b:2 new-long:3 mid:4"},
		/* every word first, then some of them, each by day */
		{"latent thoughts", 0, 10,
		 "mid:1 new-long:2* new-a:3* new-b:4* early:5* none:6*"},
		{"latent thoughts", 2, 2, "new-a:3* new-b:4*"},
	};
	lrm_search_t *s = open_lists();
	struct lrm_result res;
	char ids[512];

	for (size_t i = 0; s && i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_search_request req = {.query = cases[i].query,
						 .offset = cases[i].offset,
						 .limit = cases[i].limit,
						 .sort = LRM_SORT_ADDED};

		CHECK_INT_EQ(run_ranked(s, &req, &res, ids, sizeof(ids)), LRM_OK);
		if (strcmp(ids, cases[i].ids) != 0)
			check_fail(__FILE__, __LINE__,
				   "'%s' from %u: \"%s\", expected \"%s\"",
				   cases[i].query, cases[i].offset, ids,
				   cases[i].ids);
		lrm_result_clear(&res);
	}
	/* a count alone, and facets, as for any sort */
	if (s) {
		struct lrm_search_request req = {.query = "latent",
						 .sort = LRM_SORT_ADDED,
						 .want = LRM_WANT_FACETS};
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_search_run(s, &req, &res, &err), LRM_OK);
		CHECK(res.total == 6 && res.n_hits == 0 && res.exact);
		CHECK_INT_EQ(res.facets[LRM_FACET_LIST].n, 4);
		lrm_result_clear(&res);
	}
	lrm_search_close(s);
}

/* list: and added: filter, the list facet counts what list:NAME finds,
 * and a bad added: value is refused where it is. */
static void
test_lists_and_days(void)
{
	static const struct {
		const char *query, *ids;
	} finds[] = {
		{"list:hemingkx", "mid early"},
		{"list:HemingKX", "mid early"},
		{"list:my-list", "none"},
		{"list:fscdc list:my-list", "none mid early"},
		{"list:hemingkx -list:xiaoyee", "mid"},
		{"added:2026-11-20", "new-a new-b new-long"},
		{"added:2026-11", "new-a new-b mid new-long"},
		{"added:2026-11-01..", "new-a new-b mid new-long"},
		{"added:..2026-11-30", "new-a new-b mid early new-long"},
		{"added:2026-11-01..2026-11-30", "new-a new-b mid new-long"},
		{"added:2026-11-06..2026-11", "new-a new-b new-long"},
		{"added:..2026-10", "early"},
		{"added:2027..", ""},
		{"author:liu", "mid"},
		{"author:\"jane doe\"", "mid"},
	};
	static const struct {
		const char *query;
		size_t at;
	} refused[] = {
		{"added:2026-13", 6},
		{"added:abc", 6},
		{"latent added:2026-11-31", 13},
		{"added:2025-02-29", 6},
		{"added:2026-11-01..2026-1", 6},
		{"added:..", 6},
	};
	lrm_search_t *s = open_lists();
	struct lrm_result res;
	char ids[512];
	int indexed = 0;
	lrm_error_t err = {0};

	if (!s)
		return;
	for (size_t i = 0; i < sizeof(finds) / sizeof(finds[0]); i++) {
		CHECK_INT_EQ(run(s, finds[i].query, LRM_SORT_DATE, 0, &res, ids,
				 sizeof(ids)), LRM_OK);
		if (strcmp(ids, finds[i].ids) != 0)
			check_fail(__FILE__, __LINE__, "%s: \"%s\", expected \"%s\"",
				   finds[i].query, ids, finds[i].ids);
		lrm_result_clear(&res);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct lrm_search_request req = {.query = refused[i].query,
						 .limit = 10};

		CHECK_INT_EQ(lrm_search_run(s, &req, &res, &err), LRM_ERR_QUERY);
		CHECK_INT_EQ(res.error_at, refused[i].at);
		CHECK_CONTAINS(err.msg, "added: expects a day, a month or a year");
		lrm_result_clear(&res);
	}
	/* leap years: 29 February 2028 is a day, found or not */
	CHECK_INT_EQ(run(s, "added:2028-02-29", LRM_SORT_DATE, 0, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(ids, "");
	lrm_result_clear(&res);
	CHECK_INT_EQ(run(s, "", LRM_SORT_RELEVANCE, LRM_WANT_FACETS, &res, ids,
			 sizeof(ids)), LRM_OK);
	CHECK_STR_EQ(lrm_facet_names[LRM_FACET_LIST], "list");
	{
		const struct lrm_facets *f = &res.facets[LRM_FACET_LIST];

		/* most first, then by name; the name as the list gives it */
		CHECK(f->n == 4 && strcmp(f->items[0].value, "xiaoyee") == 0 &&
		      f->items[0].count == 4 &&
		      strcmp(f->items[1].value, "fscdc") == 0 &&
		      f->items[1].count == 2 &&
		      strcmp(f->items[2].value, "hemingkx") == 0 &&
		      f->items[2].count == 2 &&
		      strcmp(f->items[3].value, "My-List") == 0 &&
		      f->items[3].count == 1);
	}
	lrm_result_clear(&res);
	/* the lists' authors count as authors for the note on author: */
	CHECK_INT_EQ(lrm_search_field_indexed(s, "author", &indexed, &err),
		     LRM_OK);
	CHECK(indexed);
	lrm_search_close(s);
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"normalize_query", test_normalize_query},
		{"is_operator", test_is_operator},
		{"parse_errors_and_offsets", test_parse_errors_and_offsets},
		{"query_check_limits", test_query_check_limits},
		{"ranking_sorting_and_ties", test_ranking_sorting_and_ties},
		{"facets", test_facets},
		{"snippets_and_authors", test_snippets_and_authors},
		{"suggestions", test_suggestions},
		{"autocorrect_pasted_and_common_words",
		 test_autocorrect_pasted_and_common_words},
		{"sources_encoding", test_sources_encoding},
		{"default_index_policy", test_default_index_policy},
		{"sort_added", test_sort_added},
		{"lists_and_days", test_lists_and_days},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
