/* tests/test_merge.c - many lists as one dataset (indexer/merge.c): merging
 * by arXiv id across lists, renamed papers against misattributed links,
 * papers per list, and the 'added' day kept across imports. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "list.h"
#include "merge.h"
#include "lrm/paper.h"

#define DATA_LISTS LRM_SOURCE_DIR "/data/lists/"

#define HEAD "## Papers\n| Time | Title | Venue | Paper | Code |\n| - | - | - | - | - |\n"
#define ROW(title, arxiv) "| 2025.05 | " title " | arXiv'25 | [l](https://arxiv.org/abs/" arxiv ") | - |\n"

/* Parse TEXT as the list SOURCE, its rows' listings naming the list NAME
 * (as `lrmindex import` does for a manifest's list). */
static int
parse_as(struct lrm_list *list, const char *source, const char *name,
	 const char *text)
{
	lrm_error_t err = {0};

	if (lrm_list_parse(list, source, text, strlen(text), &err) != 0)
		return check_fail(__FILE__, __LINE__, "parse: %s", err.msg), -1;
	for (size_t r = 0; name && r < list->n_rows; r++)
		list->rows[r].listing.list = strdup(name);
	return 0;
}

static const struct lrm_paper *find_paper(const struct lrm_dataset *ds,
					  const char *title);

/* How many listings the paper titled TITLE has; -1 when there is none. */
static long
n_listings_of(const struct lrm_dataset *ds, const char *title)
{
	const struct lrm_paper *p = find_paper(ds, title);

	return p ? (long)p->n_listings : -1;
}

static const struct lrm_paper *
find_paper(const struct lrm_dataset *ds, const char *title)
{
	for (size_t i = 0; i < ds->n_papers; i++)
		if (strcmp(ds->papers[i].title, title) == 0)
			return &ds->papers[i];
	check_fail(__FILE__, __LINE__, "no paper titled '%s'", title);
	return NULL;
}

/* Two lists give one paper under two titles (a word changed, and a
 * version in the link): one record with both listings, each keeping its
 * list, source, line, venue and link; a paper in one list only, and a
 * title shared without an id, are as before. */
static void
test_merge_by_arxiv_across_lists(void)
{
	static const char a[] = HEAD
		ROW("Let LRMs Break Free from Overthinking via Self-Braking Tuning", "2505.14604")
		ROW("Only In A", "2501.00001")
		"| 2025.02 | **Same Title, No Link** | ICML'25 | - | - |\n";
	static const char b[] = "# B\n### Other\n"
		"| Title | Venue | Paper |\n| - | - | - |\n"
		"| Let LLMs Break Free from Overthinking via Self-Braking Tuning | ACL'25 | [pdf](https://arxiv.org/pdf/2505.14604v2) |\n"
		"| same title no link | arXiv'25 | - |\n";
	struct lrm_list lists[2] = {{0}};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};
	const struct lrm_paper *p;

	if (parse_as(&lists[0], "a.md", "alpha", a) || parse_as(&lists[1], "b.md", "beta", b))
		goto cleanup;
	if (!CHECK(lrm_list_merge(&ds, lists, 2, &err) == 0))
		goto cleanup;
	CHECK_INT_EQ(ds.n_papers, 3);
	p = find_paper(&ds, "Let LRMs Break Free from Overthinking via Self-Braking Tuning");
	if (p && CHECK(p->n_listings == 2)) {
		CHECK_STR_EQ(p->id, "let-lrms-break-free-from-overthinking-via-self-braking-tuning");
		CHECK_STR_EQ(p->listings[0].list, "alpha");
		CHECK_STR_EQ(p->listings[0].source, "a.md");
		CHECK_STR_EQ(p->listings[1].list, "beta");
		CHECK_STR_EQ(p->listings[1].source, "b.md");
		CHECK_INT_EQ(p->listings[1].line, 5);
		CHECK_STR_EQ(p->listings[1].section, "Other");
		CHECK_STR_EQ(p->listings[1].venue, "ACL'25");
		CHECK_STR_EQ(p->listings[1].paper, "https://arxiv.org/pdf/2505.14604v2");
		CHECK_STR_EQ(p->listings[1].arxiv, "2505.14604");
		CHECK_STR_EQ(p->listings[1].arxiv_version, "v2");
	}
	p = find_paper(&ds, "Same Title, No Link");
	if (p)
		CHECK_INT_EQ(p->n_listings, 2);
	p = find_paper(&ds, "Only In A");
	if (p)
		CHECK_INT_EQ(p->n_listings, 1);
	/* papers in order of first appearance */
	CHECK_STR_EQ(ds.papers[1].title, "Only In A");
cleanup:
	lrm_dataset_clear(&ds);
	lrm_list_clear(&lists[0]);
	lrm_list_clear(&lists[1]);
}

/* Real titles that share an arXiv id in the bundled lists (hemingkx,
 * xiaoyee, fscdc and the seed list, November 2026): renamed papers merge,
 * misattributed links stay apart. */
static void
test_same_title_rule(void)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
		/* one title with a tag or a subtitle more */
		{"Sketch-of-thought: Efficient llm reasoning with adaptive cognitive-inspired sketching (SoT)",
		 "Sketch-of-Thought: Efficient LLM Reasoning with Adaptive Cognitive-Inspired Sketching", 1},
		{"When to Continue Thinking: Adaptive Thinking Mode Switching for Efficient Reasoning (ASRR)",
		 "When to Continue Thinking: Adaptive Thinking Mode Switching for Efficient Reasoning", 1},
		{"DAPO", "DAPO: An Open-Source LLM Reinforcement Learning System at Scale", 1},
		/* renamed between versions, or retyped */
		{"Reasoning Aware Self-Consistency: Leveraging Reasoning Paths for Efficient LLM Sampling",
		 "Dynamic self-consistency: Leveraging reasoning paths for efficient llm sampling", 1},
		{"Let LRMs Break Free from Overthinking via Self-Braking Tuning",
		 "Let LLMs Break Free from Overthinking via Self-Braking Tuning", 1},
		{"Thinking with Visual Abstract: Enhancing Multimodal Reasoning via Visual Abstraction",
		 "Visual Abstract Thinking Empowers Multimodal Reasoning", 1},
		{"R-KV: Redundancy-aware KV Cache Compression for Reasoning Models",
		 "R-KV: Redundancy-aware KV Cache Compression for Training-Free Reasoning Models Acceleration", 1},
		{"Making Slow Thinking Faster: Compressing LLM Chain-of-Thought via Step Entropy",
		 "Compressing Chain-of-Thought in LLMs via Step Entropy", 1},
		/* misattributed links: different papers */
		{"ConCISE: Confidence-guided Compression in Step-by-step Efficient Reasoning",
		 "LIMOPro: Reasoning Refinement for Efficient and Effective Test-time Scaling", 0},
		{"ConCISE: Confidence-guided Compression in Step-by-step Efficient Reasoning",
		 "Efficient Reasoning via Chain of Unconscious Thought", 0},
		{"Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost",
		 "The Impact of Reasoning Step Length on Large Language Models", 0},
		{"Teaching Small Language Models Reasoning through Counterfactual Distillation",
		 "Improving Mathematical Reasoning Capabilities of Small Language Models via Feedback-Driven Distillation", 0},
		{"Teaching Small Language Models to Reason",
		 "Mixed Distillation Helps Smaller Language Model Better Reasoning", 0},
		{"Slim-SC: Thought Pruning for Efficient Scaling with Self-Consistency",
		 "Optimal Self-Consistency for Efficient Reasoning with Large Language Models", 0},
		{"Escape Sky-high Cost: Early-stopping Self-Consistency for Multi-step Reasoning",
		 "Make Every Penny Count: Difficulty-Adaptive Self-Consistency for Cost-Efficient Reasoning", 0},
		{"Implicit Chain of Thought Reasoning via Knowledge Distillation",
		 "Guiding Language Model Reasoning with Planning Tokens", 0},
		{"DLER: Doing Length pEnalty Right - Incentivizing More Intelligence per Token via Reinforcement Learning",
		 "LLMs Can Reason Faster Only If We Let Them", 0},
		{"Large Reasoning Models Know How to Think Efficiently",
		 "Gold-Switch: Training-Free Superposition of Slow- and Fast- Thinking LLMs", 0},
		/* a renamed paper the rule cannot tell (half of its words
		 * changed): kept apart, and lint says so */
		{"Latent Thought Models with Variational Bayes Inference-Time Computation",
		 "Scalable Language Models with Posterior Inference of Latent Thought Vectors", 0},
		/* a word cut is no subtitle */
		{"Think", "ThinkPrune: Pruning Long Chain-of-Thought of LLMs via Reinforcement Learning", 0},
		/* one word in common is no evidence */
		{"One Title", "Another Title", 0},
		{"", "Anything", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = lrm_merge_same_title(cases[i].a, cases[i].b);
		int back = lrm_merge_same_title(cases[i].b, cases[i].a);

		if (got != cases[i].same || back != got)
			check_fail(__FILE__, __LINE__, "'%s' / '%s': %d (%d reversed), expected %d",
				   cases[i].a, cases[i].b, got, back, cases[i].same);
	}
}

/* Three lists: an id under a renamed title merges, under a clearly
 * different paper stays apart; the report says which, with both rows,
 * and how many papers each list holds. */
static void
test_report(void)
{
	static const char a[] = HEAD
		ROW("Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost", "2407.19825")
		ROW("Let LRMs Break Free from Overthinking via Self-Braking Tuning", "2505.14604")
		ROW("Only In A", "2501.00001");
	static const char b[] = HEAD
		ROW("The Impact of Reasoning Step Length on Large Language Models", "2407.19825")
		ROW("Let LLMs Break Free from Overthinking via Self-Braking Tuning", "2505.14604");
	static const char c[] = HEAD
		ROW("Let LLMs Break Free from Overthinking via Self-Braking Tuning", "2505.14604")
		ROW("The Impact of Reasoning Step Length on Large Language Models", "2407.19825");
	struct lrm_list lists[3] = {{0}};
	struct lrm_dataset ds = {0};
	struct lrm_merge_report report = {0};
	lrm_error_t err = {0};

	if (parse_as(&lists[0], "a.md", NULL, a) || parse_as(&lists[1], "b.md", NULL, b) ||
	    parse_as(&lists[2], "c.md", NULL, c))
		goto cleanup;
	if (!CHECK(lrm_list_merge_report(&ds, lists, 3, &report, &err) == 0))
		goto cleanup;
	/* Concise Thoughts, Let LRMs (3 listings), Only In A, The Impact
	 * (2 listings) */
	CHECK_INT_EQ(ds.n_papers, 4);
	CHECK_INT_EQ(n_listings_of(&ds, "Let LRMs Break Free from Overthinking via Self-Braking Tuning"), 3);
	CHECK_INT_EQ(n_listings_of(&ds, "The Impact of Reasoning Step Length on Large Language Models"), 2);
	CHECK_INT_EQ(n_listings_of(&ds, "Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost"), 1);
	if (CHECK(report.n_lists == 3)) {
		CHECK_INT_EQ(report.papers[0], 3);
		CHECK_INT_EQ(report.papers[1], 2);
		CHECK_INT_EQ(report.papers[2], 2);
	}
	/* one note per paper and id: c.md's rows join papers that already
	 * carry their ids */
	if (CHECK(report.n_notes == 2)) {
		const struct lrm_merge_note *n = &report.notes[0];

		CHECK_INT_EQ(n->kind, LRM_MERGE_MISATTRIBUTED);
		CHECK_INT_EQ(n->list, 1);
		CHECK_INT_EQ(n->row->listing.line, 4);
		CHECK_INT_EQ(n->other_list, 0);
		CHECK_INT_EQ(n->other->listing.line, 4);
		n = &report.notes[1];
		CHECK_INT_EQ(n->kind, LRM_MERGE_RETITLED);
		CHECK_INT_EQ(n->list, 1);
		CHECK_INT_EQ(n->row->listing.line, 5);
		CHECK_STR_EQ(n->other->title, "Let LRMs Break Free from Overthinking via Self-Braking Tuning");
	}
cleanup:
	lrm_merge_report_clear(&report);
	lrm_dataset_clear(&ds);
	for (size_t i = 0; i < 3; i++)
		lrm_list_clear(&lists[i]);
}

/* A listing keeps the authors its list gives and the list's name. */
static void
test_listing_keeps_authors(void)
{
	static const char a[] = HEAD ROW("A Paper", "2501.00001");
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (parse_as(&list, "a.md", "alpha", a) || !CHECK(list.n_rows == 1))
		goto cleanup;
	list.rows[0].listing.authors = calloc(2, sizeof(char *));
	list.rows[0].listing.authors[0] = strdup("Ada Lovelace");
	list.rows[0].listing.authors[1] = strdup("Alan Turing");
	list.rows[0].listing.n_authors = 2;
	if (CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0) && CHECK(ds.n_papers == 1)) {
		const struct lrm_listing *l = &ds.papers[0].listings[0];

		CHECK_STR_EQ(l->list, "alpha");
		if (CHECK(l->n_authors == 2)) {
			CHECK_STR_EQ(l->authors[0], "Ada Lovelace");
			CHECK_STR_EQ(l->authors[1], "Alan Turing");
		}
	}
cleanup:
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* 'added' is kept by id, else by arXiv id, else by title key; a paper
 * matched to one without a day, or to none, gets today. */
static void
test_keep_added(void)
{
	static const char prev_yaml[] =
		"format: lrmsearch-papers/2\npapers:\n"
		"- id: \"by-id\"\n  title: \"Old Title Of By Id\"\n  added: \"2025-01-01\"\n"
		"  listings:\n  - source: \"a.md\"\n    line: 1\n"
		"- id: \"renamed\"\n  title: \"Renamed Since\"\n  added: \"2025-02-02\"\n"
		"  listings:\n  - source: \"a.md\"\n    line: 2\n    arxiv: \"2502.00002\"\n"
		"- id: \"old-id\"\n  title: \"Same Key, New Id!\"\n  added: \"2025-03-03\"\n"
		"  listings:\n  - source: \"a.md\"\n    line: 3\n"
		"- id: \"no-day\"\n  title: \"No Day\"\n"
		"  listings:\n  - source: \"a.md\"\n    line: 4\n"
		"count: 4\n";
	static const char list_text[] = HEAD
		"| 2025.01 | By Id | arXiv'25 | - | - |\n"
		ROW("A New Name", "2502.00002")
		"| 2025.03 | same key new id | arXiv'25 | - | - |\n"
		"| 2025.03 | No Day | arXiv'25 | - | - |\n"
		"| 2025.03 | Brand New | arXiv'25 | - | - |\n";
	struct lrm_dataset prev = {0}, ds = {0};
	struct lrm_list list = {0};
	lrm_error_t err = {0};
	size_t n_new = 99;

	if (!CHECK(lrm_dataset_parse(&prev, "prev.yaml", prev_yaml, strlen(prev_yaml), &err) == 0)) {
		check_fail(__FILE__, __LINE__, "%s", err.msg);
		return;
	}
	if (parse_as(&list, "a.md", NULL, list_text) ||
	    !CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0))
		goto cleanup;
	if (!CHECK(lrm_merge_keep_added(&ds, &prev, "2026-12-01", &n_new, &err) == 0))
		goto cleanup;
	if (CHECK(ds.n_papers == 5)) {
		CHECK_STR_EQ(ds.papers[0].id, "by-id");
		CHECK_STR_EQ(ds.papers[0].added, "2025-01-01");
		CHECK_STR_EQ(ds.papers[1].added, "2025-02-02");
		CHECK_STR_EQ(ds.papers[2].added, "2025-03-03");
		CHECK_STR_EQ(ds.papers[3].added, "2026-12-01");
		CHECK_STR_EQ(ds.papers[4].added, "2026-12-01");
	}
	CHECK_INT_EQ(n_new, 2);
	/* no previous dataset: every paper is new */
	if (CHECK(lrm_merge_keep_added(&ds, NULL, "2026-12-02", &n_new, &err) == 0)) {
		CHECK_INT_EQ(n_new, 5);
		CHECK_STR_EQ(ds.papers[0].added, "2026-12-02");
	}
cleanup:
	lrm_dataset_clear(&prev);
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* The seed list: its three titles on one misattributed id stay three
 * papers (157 from 173 rows, as before), and with its March snapshot the
 * ids shared across the two are all the same papers. */
static void
test_bundled_seed_lists(void)
{
	struct lrm_list lists[2] = {{0}};
	struct lrm_dataset ds = {0};
	struct lrm_merge_report report = {0};
	lrm_error_t err = {0};

	if (!CHECK(lrm_list_load(&lists[0], DATA_LISTS "awesome-efficient-inference-for-lrms.md", &err) == 0) ||
	    !CHECK(lrm_list_load(&lists[1], DATA_LISTS "awesome-efficient-inference-for-lrms.2025-03.md", &err) == 0))
		goto cleanup;
	if (!CHECK(lrm_list_merge_report(&ds, lists, 1, &report, &err) == 0))
		goto cleanup;
	CHECK_INT_EQ(ds.n_papers, 157);
	CHECK_INT_EQ(report.n_notes, 2);
	for (size_t i = 0; i < report.n_notes; i++) {
		CHECK_INT_EQ(report.notes[i].kind, LRM_MERGE_MISATTRIBUTED);
		CHECK_STR_EQ(report.notes[i].row->listing.arxiv, "2505.19756");
	}
	lrm_merge_report_clear(&report);
	lrm_dataset_clear(&ds);
	if (!CHECK(lrm_list_merge_report(&ds, lists, 2, &report, &err) == 0))
		goto cleanup;
	for (size_t i = 0; i < report.n_notes; i++)
		if (report.notes[i].list != report.notes[i].other_list)
			check_fail(__FILE__, __LINE__, "%s: '%s' / '%s'",
				   report.notes[i].row->listing.arxiv,
				   report.notes[i].row->title,
				   report.notes[i].other->title);
	CHECK_INT_EQ(report.papers[0], 157);
	CHECK_INT_EQ(report.papers[1], 70);
cleanup:
	lrm_merge_report_clear(&report);
	lrm_dataset_clear(&ds);
	lrm_list_clear(&lists[0]);
	lrm_list_clear(&lists[1]);
}

/* 100 000 rows in 100 lists, every paper in two of them under one id,
 * every tenth under a second title: 50 000 papers.  (The merge that
 * compared every pair took 47 s for this; by hash, well under a second.
 * No time is asserted.) */
static void
test_large(void)
{
	enum { LISTS = 100, ROWS = 1000 };
	struct lrm_list *lists = calloc(LISTS, sizeof(*lists));
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};
	char *text = malloc((size_t)ROWS * 160 + 200);

	if (!CHECK(lists && text))
		goto cleanup;
	for (int l = 0; l < LISTS; l++) {
		size_t at = (size_t)sprintf(text, HEAD);

		for (int r = 0; r < ROWS; r++) {
			/* list l holds papers l/2*ROWS + r: lists 2k and
			 * 2k+1 share theirs */
			int p = l / 2 * ROWS + r;

			at += (size_t)sprintf(text + at,
					      "| 2025.05 | Paper %d on topic %d%s | arXiv'25 | "
					      "[l](https://arxiv.org/abs/2505.%05d) | - |\n",
					      p, p % 97, (l % 2 && p % 10 == 0) ? " (renamed)" : "",
					      p + 1);
		}
		if (parse_as(&lists[l], "big.md", NULL, text))
			goto cleanup;
	}
	if (CHECK(lrm_list_merge(&ds, lists, LISTS, &err) == 0))
		CHECK_INT_EQ(ds.n_papers, LISTS / 2 * ROWS);
cleanup:
	lrm_dataset_clear(&ds);
	for (int l = 0; lists && l < LISTS; l++)
		lrm_list_clear(&lists[l]);
	free(lists);
	free(text);
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"merge_by_arxiv_across_lists", test_merge_by_arxiv_across_lists},
		{"same_title_rule", test_same_title_rule},
		{"report", test_report},
		{"listing_keeps_authors", test_listing_keeps_authors},
		{"keep_added", test_keep_added},
		{"bundled_seed_lists", test_bundled_seed_lists},
		{"large", test_large},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
