/* tests/test_list.c - reading awesome-list Markdown (indexer/list.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "list.h"
#include "reader.h"
#include "lrm/paper.h"
#include "lrm/url.h"

#define DATA_LISTS LRM_SOURCE_DIR "/data/lists/"
#define TEST_LISTS LRM_SOURCE_DIR "/tests/lists/"

static void
test_inline_text(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"**Bold Title**", "Bold Title"},
		{"*A\\*-Thought*", "A*-Thought"},
		{"__Under__ and _em_", "Under and em"},
		{"snake_case_name stays", "snake_case_name stays"},
		{"`code` span", "code span"},
		{"[linked **title**](https://x.org/a)", "linked title"},
		{"![alt text](img.png) after", "alt text after"},
		{"a<br>b", "a b"},
		{"AT&amp;T &lt;3 &quot;q&quot;", "AT&T <3 \"q\""},
		{"  lots   of\tspace  ", "lots of space"},
		{"pipe \\| escaped", "pipe | escaped"},
		{"back\\\\slash", "back\\slash"},
		{"not a \\letter escape", "not a \\letter escape"},
		{"(A)I Am Not a Lawyer, But...", "(A)I Am Not a Lawyer, But..."},
		{"unclosed [bracket", "unclosed [bracket"},
		{"x < y", "x < y"},
		{"", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = lrm_list_inline_text(cases[i].in, strlen(cases[i].in));

		CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
}

static void
test_parse_date(void)
{
	static const struct {
		const char *in, *out; /* out NULL: must be refused */
	} cases[] = {
		{"2025.03", "2025-03"}, {"2025-3", "2025-03"}, {"2025/12", "2025-12"},
		{" 2024.01 ", "2024-01"}, {"2025.13", NULL},   {"2025.00", NULL},
		{"25.03", NULL},	  {"2025", NULL},      {"2025.03.01", NULL},
		{"March 2025", NULL},	  {"", NULL},	       {"20250.3", NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[8] = "";
		int ok = lrm_list_parse_date(cases[i].in, out);

		if (cases[i].out) {
			CHECK(ok);
			CHECK_STR_EQ(out, cases[i].out);
		} else if (ok) {
			check_fail(__FILE__, __LINE__, "date '%s' accepted as %s",
				   cases[i].in, out);
		}
	}
}

static void
test_split_venue(void)
{
	static const struct {
		const char *in, *name;
		int year;
	} cases[] = {
		{"arXiv'25", "arXiv", 2025},
		{"IEEE T-PAMI'26", "IEEE T-PAMI", 2026},
		{"nature'17", "nature", 2017},
		{"NeurIPS 2024", "NeurIPS", 2024},
		{"ICLR'2025", "ICLR", 2025},
		{"arXiv\xe2\x80\x99" "24", "arXiv", 2024},
		{"The Thirty-Ninth Annual Conference", "The Thirty-Ninth Annual Conference", 0},
		{"GPT4", "GPT4", 0},
		{"Diagnostic pathology'24", "Diagnostic pathology", 2024},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int year = -1;
		char *name = lrm_list_split_venue(cases[i].in, &year);

		CHECK_STR_EQ(name, cases[i].name);
		CHECK_INT_EQ(year, cases[i].year);
		free(name);
	}
}

static void
test_paper_site(void)
{
	CHECK_STR_EQ(lrm_url_paper_site("https://arxiv.org/abs/2412.21006"),
		     "arxiv.org");
	CHECK_STR_EQ(lrm_url_paper_site("https://openreview.net/forum?id=x"),
		     "openreview.net");
	CHECK(lrm_url_paper_site("https://github.com/hemingkx/TokenSkip") == NULL);
	CHECK(lrm_url_paper_site("https://cohenqu.github.io/mrt.github.io/") == NULL);
	CHECK(lrm_url_paper_site(NULL) == NULL);
}

/* Parse TEXT as a list named "t.md". */
static int
parse(struct lrm_list *list, const char *text)
{
	lrm_error_t err = {0};
	int status = lrm_list_parse(list, "t.md", text, strlen(text), &err);

	if (status == 0)
		status = lrm_list_check(list, &err);
	if (status)
		check_fail(__FILE__, __LINE__, "parse failed: %s", err.msg);
	return status;
}

static void
test_sections(void)
{
	static const char text[] =
		"# Title\n"
		"## Bookmarks\n"
		"## Papers\n"
		"### Survey\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2025.01 | **One** | arXiv'25 | - | - |\n"
		"### Limitations and Challenges\n"
		"#### Reasoning Safety ####\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"|:-:|:--|--:|---|---|\n"
		"| 2025.02 | **Two** | arXiv'25 | - | - |\n"
		"#### Model Merge \n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2025.03 | Three | arXiv'25 | - | - |\n"
		"## Contributors\n";
	struct lrm_list list = {0};

	if (parse(&list, text) == 0 && CHECK(list.n_rows == 3)) {
		CHECK_STR_EQ(list.rows[0].listing.section, "Survey");
		CHECK_STR_EQ(list.rows[1].listing.section,
			     "Limitations and Challenges / Reasoning Safety");
		CHECK_STR_EQ(list.rows[2].listing.section,
			     "Limitations and Challenges / Model Merge");
		CHECK_INT_EQ(list.rows[1].listing.line, 12);
		CHECK_INT_EQ(list.n_problems, 0);
	}
	lrm_list_clear(&list);
}

static void
test_row_fields(void)
{
	static const char text[] =
		"## Papers\n"
		"| Venue | Code | Title | Paper | Time |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| IEEE T-PAMI'26 | [link](https://github.com/a/b) | **A\\*-Thought: Fast** | "
		"[link](https://arxiv.org/abs/2505.12345v2) | 2025.05 |\n";
	struct lrm_list list = {0};

	if (parse(&list, text) == 0 && CHECK(list.n_rows == 1)) {
		const struct lrm_listing *l = &list.rows[0].listing;

		CHECK_STR_EQ(list.rows[0].title, "A*-Thought: Fast");
		CHECK_STR_EQ(list.rows[0].key, "athoughtfast");
		CHECK_STR_EQ(l->source, "t.md");
		CHECK_INT_EQ(l->line, 4);
		CHECK_STR_EQ(l->date, "2025-05");
		CHECK_STR_EQ(l->venue, "IEEE T-PAMI'26");
		CHECK_STR_EQ(l->venue_name, "IEEE T-PAMI");
		CHECK_INT_EQ(l->venue_year, 2026);
		CHECK_STR_EQ(l->paper, "https://arxiv.org/abs/2505.12345v2");
		CHECK_STR_EQ(l->code, "https://github.com/a/b");
		CHECK_STR_EQ(l->arxiv, "2505.12345");
		CHECK_STR_EQ(l->arxiv_version, "v2");
		CHECK(l->section == NULL);
	}
	lrm_list_clear(&list);
}

static void
test_invalid_utf8(void)
{
	static const char text[] = "## Papers\nok line\nbad \xff byte\n";
	struct lrm_list list = {0};
	lrm_error_t err = {0};

	CHECK_INT_EQ(lrm_list_parse(&list, "t.md", text, strlen(text), &err),
		     LRM_ERR_PARSE);
	CHECK_CONTAINS(err.msg, "t.md:3:5: invalid UTF-8");
	CHECK(list.n_rows == 0 && list.rows == NULL);
}

static void
test_missing_file(void)
{
	struct lrm_list list = {0};
	lrm_error_t err = {0};

	CHECK_INT_EQ(lrm_list_load(&list, TEST_LISTS "no-such-list.md", &err),
		     LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, "no-such-list.md");
	CHECK_INT_EQ(lrm_list_load(&list, TEST_LISTS, &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, "is a directory");
}

/* Control characters anywhere a row or heading is read from are removed,
 * each a problem at its line and column (in characters). */
static void
test_control_characters(void)
{
#define ROW_HEAD "## Papers\n### S\n| Time | Title | Venue | Paper | Code |\n" \
		 "| - | - | - | - | - |\n"
	static const struct {
		const char *what, *text;
		const char *title, *venue, *section, *paper, *code, *date;
		unsigned line, column; /* of the first problem */
		const char *message;
		size_t n_problems;
	} cases[] = {
		{"OSC in a title", ROW_HEAD "| 2025.03 | A\x1b]0;x\x07 B | V | - | - |\n",
		 "A]0;x B", "V", "S", NULL, NULL, "2025-03", 5, 14,
		 "control character U+001B in a title; removed", 2},
		{"CSI in a venue", ROW_HEAD "| 2025.03 | T | ICML\x1b[2J'25 | - | - |\n",
		 "T", "ICML[2J'25", "S", NULL, NULL, "2025-03", 5, 21,
		 "control character U+001B in a venue; removed", 1},
		{"RLO in a title, after a wide character",
		 ROW_HEAD "| 2025.03 | 数学\xe2\x80\xaeT | V | - | - |\n",
		 "数学T", "V", "S", NULL, NULL, "2025-03", 5, 15,
		 "control character U+202E in a title; removed", 1},
		{"ZWSP in a heading", "## Papers\n### S\xe2\x80\x8bX\n| Title |\n| - |\n| T |\n",
		 "T", NULL, "SX", NULL, NULL, NULL, 2, 6,
		 "control character U+200B in a heading; removed", 1},
		{"C1 CSI in a date", ROW_HEAD "| 2025.\xc2\x9b" "03 | T | V | - | - |\n",
		 "T", "V", "S", NULL, NULL, "2025-03", 5, 8,
		 "control character U+009B in a date; removed", 1},
		{"backspace in a paper link",
		 ROW_HEAD "| 2025.03 | T | V | [l](https://arxiv.org/abs/2503.0\x08" "0001) | - |\n",
		 "T", "V", "S", "https://arxiv.org/abs/2503.00001", NULL, "2025-03", 5,
		 53, "control character U+0008 in a paper link; removed", 1},
		{"a line separator in a code link",
		 ROW_HEAD "| 2025.03 | T | V | - | [c](https://github.com/a\xe2\x80\xa8" "b) |\n",
		 "T", "V", "S", NULL, "https://github.com/a", "2025-03", 5, 49,
		 "control character U+2028 in a code link; replaced by a space", 1},
		{"a tab is white space, not a problem",
		 ROW_HEAD "| 2025.03 | A\tB | V | - | [c](https://github.com/a\tb) |\n",
		 "A B", "V", "S", NULL, "https://github.com/a", "2025-03", 0, 0, NULL,
		 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_list list = {0};
		lrm_error_t err = {0};
		const struct lrm_listing *l;

		if (!CHECK(lrm_list_parse(&list, "c.md", cases[i].text,
					  strlen(cases[i].text), &err) == 0) ||
		    !CHECK(list.n_rows == 1)) {
			printf("  in case: %s (%s)\n", cases[i].what, err.msg);
			lrm_list_clear(&list);
			continue;
		}
		l = &list.rows[0].listing;
		CHECK_STR_EQ(list.rows[0].title, cases[i].title);
		CHECK(cases[i].venue ? l->venue && strcmp(l->venue, cases[i].venue) == 0
				     : l->venue == NULL);
		CHECK_STR_EQ(l->section, cases[i].section);
		CHECK(cases[i].paper ? l->paper && strcmp(l->paper, cases[i].paper) == 0
				     : l->paper == NULL);
		CHECK(cases[i].code ? l->code && strcmp(l->code, cases[i].code) == 0
				    : l->code == NULL);
		CHECK(cases[i].date ? l->date && strcmp(l->date, cases[i].date) == 0
				    : l->date == NULL);
		CHECK_INT_EQ(list.n_problems, cases[i].n_problems);
		if (cases[i].message && list.n_problems >= 1) {
			CHECK_INT_EQ(list.problems[0].line, cases[i].line);
			CHECK_INT_EQ(list.problems[0].column, cases[i].column);
			CHECK_STR_EQ(list.problems[0].message, cases[i].message);
		}
		lrm_list_clear(&list);
	}
#undef ROW_HEAD
}

/* A cell of a thousand ESCs: ten problems and one that counts the rest,
 * not a thousand. */
static void
test_control_characters_capped(void)
{
	struct lrm_list list = {0};
	lrm_error_t err = {0};
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof(text),
				    "## Papers\n| Title |\n| - |\n| T");

	memset(text + n, 0x1b, 1000);
	n += 1000;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "X |\n");
	if (!CHECK(lrm_list_parse(&list, "c.md", text, n, &err) == 0))
		return;
	CHECK_INT_EQ(list.n_rows, 1);
	if (list.n_rows)
		CHECK_STR_EQ(list.rows[0].title, "TX");
	CHECK_INT_EQ(list.n_problems, 11);
	if (list.n_problems == 11) {
		CHECK_INT_EQ(list.problems[9].column, 13);
		CHECK_STR_EQ(list.problems[10].message,
			     "990 more control characters in a title; removed");
		CHECK_INT_EQ(list.problems[10].column, 4);
	}
	lrm_list_clear(&list);
}

/* The hand-written list with one of every problem. */
static void
test_malformed_list(void)
{
	static const struct {
		unsigned line;
		const char *message;
	} expected[] = {
		{11, "column 4 'Extra' is not read (no reader knows it)"},
		{20, "unparseable date '2025.13'"},
		{21, "missing date"},
		{22, "malformed arXiv id '25020.0005'"},
		{23, "code link points to a paper site (openreview.net)"},
		{24, "arXiv id 2502.00006 is shared by different titles: "
		     "'Shares A Link' here and 'Code Is A Paper' at line 23"},
		{25, "row has 4 cells but its table has 5 columns"},
		{26, "row has 6 cells but its table has 5 columns"},
		{27, "row has an empty title"},
		{28, "duplicate row: 'Missing Cell' is already listed in this "
		     "section at line 25"},
		{29, "duplicate row: 'Missing Cell' is already listed in this "
		     "section at line 25"},
	};
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (!CHECK(lrm_list_load(&list, TEST_LISTS "malformed.md", &err) == 0 &&
		   lrm_list_check(&list, &err) == 0))
		goto cleanup;
	CHECK_INT_EQ(list.n_problems, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < list.n_problems && i < sizeof(expected) / sizeof(expected[0]); i++) {
		CHECK_INT_EQ(list.problems[i].line, expected[i].line);
		CHECK_CONTAINS(list.problems[i].message, expected[i].message);
	}
	/* Every titled row is kept: nothing is dropped for a problem, and the
	 * table inside a code fence and the contributors table are not rows. */
	CHECK_INT_EQ(list.n_rows, 13);
	CHECK_STR_EQ(list.rows[0].title, "Columns | In Any Order");
	CHECK_STR_EQ(list.rows[0].listing.venue_name, "NeurIPS");
	CHECK_STR_EQ(list.rows[1].title, "A*-Thought: Escaped Stars");
	CHECK_STR_EQ(list.rows[1].listing.date, "2025-01");
	CHECK_STR_EQ(list.rows[1].listing.arxiv, "2501.00002");
	if (!CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0))
		goto cleanup;
	/* "Missing Cell" x3 and "missing   cell" are one paper; the empty
	 * title is skipped: 13 rows, 9 papers. */
	CHECK_INT_EQ(ds.n_papers, 9);
	for (size_t i = 0; i < ds.n_papers; i++) {
		if (strcmp(ds.papers[i].title, "Missing Cell") != 0)
			continue;
		CHECK_INT_EQ(ds.papers[i].n_listings, 4);
		CHECK_STR_EQ(ds.papers[i].id, "missing-cell");
		CHECK_STR_EQ(ds.papers[i].listings[3].section,
			     "Odd Tables / Deeper");
	}
cleanup:
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* Count rows and distinct papers of a bundled snapshot. */
static void
check_snapshot(const char *path, size_t rows, size_t papers)
{
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (!CHECK(lrm_list_load(&list, path, &err) == 0)) {
		check_fail(__FILE__, __LINE__, "%s", err.msg);
		return;
	}
	CHECK_INT_EQ(list.n_rows, rows);
	if (CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0))
		CHECK_INT_EQ(ds.n_papers, papers);
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

static void
test_snapshot_newest(void)
{
	check_snapshot(DATA_LISTS "awesome-efficient-inference-for-lrms.md", 173,
		       157);
}

static void
test_snapshot_2025_03(void)
{
	check_snapshot(DATA_LISTS "awesome-efficient-inference-for-lrms.2025-03.md",
		       85, 70);
}

/* The same paper as a journal version and as a preprint in one section is
 * one record that keeps both listings, and no duplicate. */
static void
test_merge_versions(void)
{
	static const char text[] =
		"## Papers\n### Survey\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2026.05 | **Efficient Inference: A Survey** | IEEE T-PAMI'26 | - | - |\n"
		"| 2025.03 | **Efficient  inference - a survey!** | arXiv'25 | "
		"[link](https://arxiv.org/pdf/2503.23077) | - |\n"
		"### Other\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2025.03 | Ｅｆｆｉｃｉｅｎｔ Inference: A Survey | arXiv'25 | - | - |\n";
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (parse(&list, text) != 0)
		return;
	CHECK_INT_EQ(list.n_problems, 0);
	if (CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0) &&
	    CHECK(ds.n_papers == 1)) {
		const char *sections[4];

		CHECK_INT_EQ(ds.papers[0].n_listings, 3);
		CHECK_STR_EQ(ds.papers[0].title, "Efficient Inference: A Survey");
		CHECK_STR_EQ(lrm_paper_primary(&ds.papers[0])->venue,
			     "IEEE T-PAMI'26");
		CHECK_INT_EQ(lrm_paper_sections(&ds.papers[0], sections, 4), 2);
	}
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* Different titles sharing a link stay different papers. */
static void
test_no_merge_on_url(void)
{
	static const char text[] =
		"## Papers\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2025.05 | One Title | arXiv'25 | [l](https://arxiv.org/abs/2505.19756) | - |\n"
		"| 2025.05 | Another Title | arXiv'25 | [l](https://arxiv.org/abs/2505.19756) | - |\n";
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (parse(&list, text) != 0)
		return;
	CHECK_INT_EQ(list.n_problems, 1);
	if (CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0))
		CHECK_INT_EQ(ds.n_papers, 2);
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* Ids are slugs, unique within a dataset. */
static void
test_ids(void)
{
	static const char text[] =
		"## Papers\n"
		"| Time | Title | Venue | Paper | Code |\n"
		"| --- | --- | --- | --- | --- |\n"
		"| 2025.05 | C++ Tricks | arXiv'25 | - | - |\n"
		"| 2025.05 | C Tricks | arXiv'25 | - | - |\n"
		"| 2025.05 | ¿¡!? | arXiv'25 | - | - |\n"
		"| 2025.05 | ??? | arXiv'25 | - | - |\n"
		"| 2025.05 | A Very Long Title That Goes On And On Well Past The "
		"Limit Of Sixty-Four Bytes, Part One | arXiv'25 | - | - |\n"
		"| 2025.05 | A Very Long Title That Goes On And On Well Past The "
		"Limit Of Sixty-Four Bytes, Part Two | arXiv'25 | - | - |\n";
	struct lrm_list list = {0};
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (parse(&list, text) != 0)
		return;
	/* "C++ Tricks" and "C Tricks" have the same key: one paper; titles
	 * of punctuation only differ by their punctuation. */
	if (CHECK(lrm_list_merge(&ds, &list, 1, &err) == 0) &&
	    CHECK(ds.n_papers == 5)) {
		CHECK_STR_EQ(ds.papers[0].id, "c-tricks");
		CHECK_INT_EQ(ds.papers[0].n_listings, 2);
		CHECK_STR_EQ(ds.papers[1].id, "paper");
		CHECK_STR_EQ(ds.papers[2].id, "paper-2");
		CHECK_STR_EQ(ds.papers[3].id,
			     "a-very-long-title-that-goes-on-and-on-well-past-the-limit-of");
		CHECK_STR_EQ(ds.papers[4].id,
			     "a-very-long-title-that-goes-on-and-on-well-past-the-limit-of-2");
	}
	lrm_dataset_clear(&ds);
	lrm_list_clear(&list);
}

/* Hostile tables: links nested 100 000 deep, a row ending in a backslash,
 * a column kind given twice, a header of 300 columns. */
static void
test_hostile_tables(void)
{
	static const char head[] = "## Papers\n| Title | Paper | Link |\n| - | - | - |\n| ";
	size_t depth = 100000, len = sizeof(head) + depth * 5 + 256, at;
	char *text = malloc(len), *wide = NULL;
	struct lrm_list list = {0};

	if (!CHECK(text != NULL))
		return;
	at = (size_t)sprintf(text, "%s", head);
	memset(text + at, '[', depth);
	at += depth;
	text[at++] = 'x';
	for (size_t i = 0; i < depth; i++) {
		memcpy(text + at, "](u)", 4);
		at += 4;
	}
	sprintf(text + at, " | [a](https://a.org/) | [b](https://b.org/) |\n"
			   "| T2 | https://c.org/p \\\n");
	if (parse(&list, text) == 0 && CHECK(list.n_rows == 2)) {
		/* the first Paper-like column wins; the second is reported */
		CHECK_STR_EQ(list.rows[0].listing.paper, "https://a.org/");
		CHECK(list.n_problems >= 2);
		CHECK_CONTAINS(list.problems[0].message,
			       "column 3 is a second Paper column (after column 2)");
		/* a trailing backslash escapes nothing: 2 cells; the bare
		 * URL is GitHub's autolink, without the backslash */
		CHECK_STR_EQ(list.rows[1].title, "T2");
		CHECK_STR_EQ(list.rows[1].listing.paper, "https://c.org/p");
	}
	lrm_list_clear(&list);
	free(text);

	wide = malloc(4096);
	if (!CHECK(wide != NULL))
		return;
	at = (size_t)sprintf(wide, "## Papers\n| Title ");
	for (int c = 1; c < 300; c++)
		at += (size_t)sprintf(wide + at, "| c ");
	at += (size_t)sprintf(wide + at, "|\n|");
	for (int c = 0; c < 300; c++)
		at += (size_t)sprintf(wide + at, "-|");
	sprintf(wide + at, "\n| T |\n");
	if (parse(&list, wide) == 0) {
		CHECK(list.n_problems >= 1);
		CHECK_CONTAINS(list.problems[0].message,
			       "table has 300 columns; only the first 256 are read");
	}
	lrm_list_clear(&list);
	free(wide);
}

/* ---- The shapes of issue 14: one fixture each (tests/lists/shape-*.md) ---- */

struct want_row {
	const char *title, *section, *date, *venue, *paper, *code, *arxiv;
	const char *authors; /* joined with "; ", NULL for none */
	unsigned line;
};

static int
str_is(const char *got, const char *want)
{
	return want ? got && strcmp(got, want) == 0 : got == NULL;
}

/* Check FILE's rows against WANT (N of them), field by field. */
static void
check_fixture(const char *file, const struct want_row *want, size_t n,
	      size_t problems)
{
	char path[512];
	struct lrm_list list = {0};
	lrm_error_t err = {0};

	snprintf(path, sizeof(path), TEST_LISTS "%s", file);
	if (!CHECK(lrm_list_load(&list, path, &err) == 0)) {
		printf("  %s: %s\n", file, err.msg);
		return;
	}
	if (!CHECK(list.n_rows == n))
		printf("  %s: %zu rows, want %zu\n", file, list.n_rows, n);
	for (size_t i = 0; i < n && i < list.n_rows; i++) {
		const struct lrm_row *row = &list.rows[i];
		const struct lrm_listing *l = &row->listing;
		char authors[1024] = "";
		size_t at = 0;

		for (size_t a = 0; a < l->n_authors && at < sizeof(authors); a++)
			at += (size_t)snprintf(authors + at, sizeof(authors) - at,
					       "%s%s", a ? "; " : "", l->authors[a]);
		if (!CHECK(str_is(row->title, want[i].title) &&
			   str_is(l->section, want[i].section) &&
			   str_is(l->date, want[i].date) &&
			   str_is(l->venue, want[i].venue) &&
			   str_is(l->paper, want[i].paper) &&
			   str_is(l->code, want[i].code) &&
			   str_is(l->arxiv, want[i].arxiv) &&
			   str_is(l->n_authors ? authors : NULL, want[i].authors) &&
			   l->line == want[i].line))
			printf("  %s row %zu: got '%s' [%s] %s %s %s %s %s {%s} line %u\n",
			       file, i, row->title ? row->title : "(null)",
			       l->section ? l->section : "-", l->date ? l->date : "-",
			       l->venue ? l->venue : "-", l->paper ? l->paper : "-",
			       l->code ? l->code : "-", l->arxiv ? l->arxiv : "-",
			       authors, l->line);
	}
	if (!CHECK(list.n_problems == problems))
		for (size_t i = 0; i < list.n_problems; i++)
			printf("  %s:%u: %s\n", file, list.problems[i].line,
			       list.problems[i].message);
	lrm_list_clear(&list);
}

#define AX(id) "https://arxiv.org/abs/" id

/* Tables headed Title & Authors, Paper, Name, Links, Year, Date,
 * Conference, Publication, Code: <br>-separated title and authors, badges
 * whose alt text stays out, HTML links, comments after the last pipe,
 * indented rows. */
static void
test_shape_table_headers(void)
{
	static const char s1[] = "Title and authors in one cell",
			  s2[] = "Paper, Year and Conference",
			  s3[] = "Name, Date, Publication and a Links cell";
	static const struct want_row want[] = {
		{"First: A Title With a Star", s1, "2025-02", NULL,
		 AX("2502.09601"), "https://github.com/a/b", "2502.09601",
		 "Ann Author; Bo Writer", 9},
		{"Second | Indented Row", s1, "2024-11", "NeurIPS 2024",
		 "https://arxiv.org/pdf/2411.01855", NULL, "2411.01855",
		 "Cy Person", 10},
		{"Third in HTML", s1, "2025-03", NULL, AX("2503.00011"), NULL,
		 "2503.00011", "Di One; Ed Two", 11},
		{"Fourth Paper", s2, "2024", "ICLR",
		 "https://openreview.net/forum?id=abc", "https://github.com/c/d",
		 NULL, NULL, 17},
		{"Fifth Paper", s2, "2025-05", "ACL 2025",
		 "https://aclanthology.org/2025.acl-long.1.pdf", NULL, NULL, NULL, 18},
		{"Sixth Paper", s3, "2025-03", "Journal of Tests", AX("2503.00016"),
		 "https://github.com/e/f", "2503.00016", NULL, 24},
		{"Seventh: A Bold Link", "Badges as links and a bold link title",
		 "2025-05", "ICML 2025", AX("2505.00017"), "https://github.com/g/h",
		 "2505.00017", NULL, 30},
	};

	/* one problem: the Introduction column, once for its table */
	check_fixture("shape-table-headers.md", want, 7, 1);
}

/* Bullets "-", "*", "1.": a link, bold, a bold link, plain text followed
 * by [[Paper]](url) [[Code]](url). */
static void
test_shape_bullets(void)
{
	static const struct want_row want[] = {
		{"Link Title One", "Links", "2025-01", NULL, AX("2501.00101"), NULL,
		 "2501.00101", NULL, 7},
		{"Link Title Two", "Links", NULL, NULL,
		 "https://openreview.net/forum?id=two", NULL, NULL, NULL, 8},
		{"Bold Title Three", "Bold", "2025-02", NULL,
		 "https://arxiv.org/pdf/2502.00103", NULL, "2502.00103", NULL, 12},
		{"Bold Link Title Four", "Bold", "2025-03", NULL, AX("2503.00104"),
		 NULL, "2503.00104", NULL, 13},
		{"Bold Link Title Five", "Bold", "2025-03", NULL, AX("2503.00105"),
		 "https://github.com/g/five", "2503.00105", NULL, 14},
		{"Plain Title Six", "Plain", "2025-04", NULL, AX("2504.00106"),
		 "https://github.com/h/six", "2504.00106", NULL, 18},
		{"Plain Title Seven: With a Colon", "Plain", "2025-04", NULL,
		 AX("2504.00107"), NULL, "2504.00107", NULL, 19},
		/* a date or a venue before the title */
		{"Prefixed Title Eight", "Prefixed", "2025-03", NULL,
		 AX("2503.00108"), NULL, "2503.00108", NULL, 23},
		{"Prefixed Title Nine", "Prefixed", "2025-04", NULL,
		 AX("2504.00109"), NULL, "2504.00109", NULL, 24},
		{"Prefixed Title Ten", "Prefixed", NULL, "ICLR 2025",
		 "https://openreview.net/forum?id=ten", NULL, NULL, NULL, 25},
	};

	check_fixture("shape-bullets.md", want, 10, 0);
}

/* A bold title line, then a line (maybe after a blank one) of authors in
 * italics, links, a date and badges; also outside a list. */
static void
test_shape_two_line(void)
{
	static const struct want_row want[] = {
		{"Two-Line Title One", "Right after", "2025-03", "TMLR 2025",
		 "https://arxiv.org/pdf/2503.16419", "https://github.com/a/one",
		 "2503.16419", "Ann Author; Bo Writer; Cy Person", 7},
		{"Two-Line Title Two", "Right after", "2024-11", "arXiv",
		 "https://openreview.net/forum?id=xyz", NULL, NULL, "Di One", 9},
		{"Two-Line Title Three", "After a blank line", "2025-05", NULL,
		 AX("2505.00003"), NULL, "2505.00003", "Ed Two; Fay Three", 14},
		{"Two-Line Title Four (not in a list)", "After a blank line",
		 "2025-06", NULL, AX("2506.00004"), NULL, "2506.00004", "Gus Four",
		 18},
	};

	check_fixture("shape-two-line.md", want, 4, 0);
}

/* shields.io badges: a date, a venue and year, or a topic (ignored). */
static void
test_shape_badges(void)
{
	static const struct want_row want[] = {
		{"Badge Date pdf", NULL, "2025-02", NULL, AX("2502.00201"), NULL,
		 "2502.00201", NULL, 5},
		{"Badge Date abs", NULL, "2025-04", NULL, AX("2504.00202"), NULL,
		 "2504.00202", NULL, 6},
		{"Badge Date arXiv", NULL, "2025-05", NULL, AX("2505.00203"), NULL,
		 "2505.00203", NULL, 7},
		{"Badge Venue ICLR", NULL, "2023-10", "ICLR 2024", AX("2310.00204"),
		 NULL, "2310.00204", NULL, 8},
		{"Badge Venue NeurIPS", NULL, "2024-05", "NeurIPS 2024",
		 AX("2405.00205"), NULL, "2405.00205", NULL, 9},
		{"Badge Venue ACL", NULL, "2025-02", "ACL 2025", AX("2502.00206"),
		 NULL, "2502.00206", NULL, 10},
		{"Badge Topic Only", NULL, "2025-03", NULL, AX("2503.00207"), NULL,
		 "2503.00207", NULL, 11},
	};

	check_fixture("shape-badges.md", want, 7, 0);
}

/* Sections from # and HTML headings (malformed too), without emoji,
 * anchors and badges; a year heading is a date; news, contents,
 * citation, blogs and contributors give no papers. */
static void
test_shape_sections(void)
{
	static const struct want_row want[] = {
		{"Sectioned One", "Emoji Section", "2025-01", NULL, AX("2501.00301"),
		 NULL, "2501.00301", NULL, 17},
		{"Sectioned Two", "HTML Section", "2025-02", NULL, AX("2502.00302"),
		 NULL, "2502.00302", NULL, 21},
		{"Sectioned Three", "Malformed HTML Section", "2025-03", NULL,
		 AX("2503.00303"), NULL, "2503.00303", NULL, 25},
		{"Year Heading Paper", "Years", "2024", NULL,
		 "https://openreview.net/forum?id=year", NULL, NULL, NULL, 31},
		{"Year Heading With Id", "Years", "2025-07", NULL, AX("2507.00304"),
		 NULL, "2507.00304", NULL, 35},
	};

	check_fixture("shape-sections.md", want, 5, 0);
}

/* YYYY.MM, YYYY-MM, MM/YYYY, a year alone, the arXiv id's month. */
static void
test_shape_dates(void)
{
	static const struct want_row want[] = {
		{"Dotted Date", NULL, "2025-03", NULL, AX("2503.00401"), NULL,
		 "2503.00401", NULL, 7},
		{"Dashed Date", NULL, "2025-04", NULL, AX("2504.00402"), NULL,
		 "2504.00402", NULL, 8},
		{"Slashed Date", NULL, "2025-05", NULL, AX("2505.00403"), NULL,
		 "2505.00403", NULL, 9},
		{"Year Alone", NULL, "2024", NULL,
		 "https://openreview.net/forum?id=alone", NULL, NULL, NULL, 10},
		{"No Date, arXiv Id", NULL, "2024-06", NULL, AX("2406.00405"), NULL,
		 "2406.00405", NULL, 11},
		{"Month Name", NULL, "2025-03", NULL, AX("2503.00406"), NULL,
		 "2503.00406", NULL, 12},
		{"With A Day", NULL, "2025-04", NULL, AX("2504.00407"), NULL,
		 "2504.00407", NULL, 13},
	};

	/* the empty date cell is still reported */
	check_fixture("shape-dates.md", want, 7, 1);
}

/* What cites a paper in a papers section but is not read is counted and
 * reported, once per line; a column no reader knows, once per table. */
static void
test_shape_not_read(void)
{
	static const struct {
		unsigned line;
		const char *message;
	} expected[] = {
		{7, "entry not read"},	{9, "entry not read"},
		{13, "entry not read"}, {15, "column 2 'Stars' is not read"},
	};
	struct lrm_list list = {0};
	lrm_error_t err = {0};

	if (!CHECK(lrm_list_load(&list, TEST_LISTS "shape-not-read.md", &err) == 0))
		return;
	CHECK_INT_EQ(list.n_rows, 2);
	CHECK_INT_EQ(list.n_unread, 3);
	CHECK_INT_EQ(list.n_problems, 4);
	for (size_t i = 0; i < list.n_problems && i < 4; i++) {
		CHECK_INT_EQ(list.problems[i].line, expected[i].line);
		CHECK_CONTAINS(list.problems[i].message, expected[i].message);
	}
	lrm_list_clear(&list);
}

/* A Venue, Date or Authors column says more than a badge or the title
 * cell (and nothing leaks: fuzz_list found the badge's venue lost). */
static void
test_columns_over_badges(void)
{
	static const struct want_row want[] = {
		{"Columns Win", NULL, "2025-03", "ICML 2025", AX("2503.00601"), NULL,
		 "2503.00601", "Column Author", 5},
	};

	check_fixture("shape-columns-over-badges.md", want, 1, 0);
}

/* Lines are counted by their LFs: a CR alone is white space, as it was to
 * the line reader (cmark would break the line there, and every line
 * number after it would be one too many). */
static void
test_lone_cr(void)
{
	static const char text[] = "## Papers\r### S\n| Title |\n| - |\n"
				   "| T\rX |\n| \x1b Y |\n";
	struct lrm_list list = {0};

	if (parse(&list, text) == 0 && CHECK(list.n_rows == 2)) {
		CHECK_STR_EQ(list.rows[0].title, "T X");
		CHECK_INT_EQ(list.rows[0].listing.line, 4);
		CHECK_INT_EQ(list.rows[1].listing.line, 5);
		CHECK_STR_EQ(list.rows[1].listing.section, "Papers ### S");
		if (CHECK(list.n_problems == 1))
			CHECK_INT_EQ(list.problems[0].line, 5);
	}
	lrm_list_clear(&list);
}

/* Dates and badges, piece by piece. */
static void
test_dates_and_badges(void)
{
	static const struct {
		const char *in, *out;
	} when[] = {
		{"2025.03", "2025-03"}, {"2025-3", "2025-03"}, {"03/2025", "2025-03"},
		{"2024", "2024"},	{" 2025 ", "2025"},    {"13/2025", NULL},
		{"Mar 2025", "2025-03"}, {"September 2024", "2024-09"},
		{"2025-04-15", "2025-04"}, {"Marc 2025x", NULL},
		{"202", NULL},		{"March", NULL},       {"2025.13", NULL},
	};
	static const struct {
		const char *url, *date, *venue;
	} badges[] = {
		{"https://img.shields.io/badge/pdf-2025.02-red", "2025-02", NULL},
		{"https://img.shields.io/badge/abs-2025.04-red", "2025-04", NULL},
		{"https://img.shields.io/badge/arXiv-2025.05-b31b1b", "2025-05", NULL},
		{"https://img.shields.io/badge/ICLR2024-orange", NULL, "ICLR 2024"},
		{"https://img.shields.io/badge/NeurIPS_2024-blue", NULL, "NeurIPS 2024"},
		{"https://img.shields.io/badge/ACL-2025-green", NULL, "ACL 2025"},
		{"https://img.shields.io/badge/EMNLP2025--industry-orange", NULL,
		 "EMNLP 2025"},
		{"https://img.shields.io/badge/Conference-AAAI_2025-blue", NULL,
		 "AAAI 2025"},
		{"https://img.shields.io/badge/Multimodal-green", NULL, NULL},
		/* an escape that makes a control character or no UTF-8 */
		{"https://img.shields.io/badge/Conference-ICLR%1B_2024-blue", NULL,
		 NULL},
		{"https://img.shields.io/badge/Conference-ICLR%FF_2024-blue", NULL,
		 NULL},
		{"https://img.shields.io/badge/arXiv-2504.10903-009688.svg", NULL, NULL},
		{"https://img.shields.io/github/stars/a/b.svg?style=social&label=Star",
		 NULL, NULL},
	};

	for (size_t i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		char out[8] = "";
		int ok = md_parse_when(when[i].in, out);

		if (when[i].out ? !ok || strcmp(out, when[i].out) != 0 : ok)
			check_fail(__FILE__, __LINE__, "date '%s' read as '%s'",
				   when[i].in, ok ? out : "(refused)");
	}
	/* authors: "and" splits, "et al." goes, an empty name is none (" and
	 * x" once ran a length below zero: fuzz_list) */
	{
		static const struct {
			const char *in, *out;
		} names[] = {
			{"A One, B Two and C Three.", "A One|B Two|C Three"},
			{" and x", "x"},
			{"A One et al.", "A One"},
			{"A One, et al.", "A One"},
			{", ,", ""},
		};

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			char **authors = NULL, joined[256] = "";
			size_t n = 0, at = 0;

			if (!CHECK(md_split_authors(names[i].in, &authors, &n) == 0))
				continue;
			for (size_t a = 0; a < n; a++) {
				at += (size_t)snprintf(joined + at, sizeof(joined) - at,
						       "%s%s", a ? "|" : "", authors[a]);
				free(authors[a]);
			}
			free(authors);
			CHECK_STR_EQ(joined, names[i].out);
		}
	}
	for (size_t i = 0; i < sizeof(badges) / sizeof(badges[0]); i++) {
		char date[8] = "", *venue = NULL;

		md_badge_read(badges[i].url, date, &venue);
		if (!str_is(date[0] ? date : NULL, badges[i].date) ||
		    !str_is(venue, badges[i].venue))
			check_fail(__FILE__, __LINE__, "badge %s: date '%s' venue '%s'",
				   badges[i].url, date, venue ? venue : "(none)");
		free(venue);
	}
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"inline_text", test_inline_text},
		{"parse_date", test_parse_date},
		{"split_venue", test_split_venue},
		{"paper_site", test_paper_site},
		{"sections", test_sections},
		{"row_fields", test_row_fields},
		{"invalid_utf8", test_invalid_utf8},
		{"missing_file", test_missing_file},
		{"malformed_list", test_malformed_list},
		{"snapshot_newest", test_snapshot_newest},
		{"snapshot_2025_03", test_snapshot_2025_03},
		{"merge_versions", test_merge_versions},
		{"no_merge_on_url", test_no_merge_on_url},
		{"ids", test_ids},
		{"hostile_tables", test_hostile_tables},
		{"control_characters", test_control_characters},
		{"control_characters_capped", test_control_characters_capped},
		{"shape_table_headers", test_shape_table_headers},
		{"shape_bullets", test_shape_bullets},
		{"shape_two_line", test_shape_two_line},
		{"shape_badges", test_shape_badges},
		{"shape_sections", test_shape_sections},
		{"shape_dates", test_shape_dates},
		{"shape_not_read", test_shape_not_read},
		{"dates_and_badges", test_dates_and_badges},
		{"lone_cr", test_lone_cr},
		{"columns_over_badges", test_columns_over_badges},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
