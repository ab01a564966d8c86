/* tests/test_list.c - reading awesome-list Markdown (indexer/list.c). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "list.h"
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
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
