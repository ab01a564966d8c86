/* tests/test_arxiv.c - reading the arXiv API's Atom answers (lib/arxiv.c). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lrm/arxiv.h"

#define FEED_START                                                          \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                      \
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" "                      \
	"xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n"
#define FEED_END "</feed>\n"

static int
parse(struct lrm_arxiv_feed *feed, const char *xml, lrm_error_t *err)
{
	return lrm_arxiv_parse(feed, "answer", xml, strlen(xml),
			       "2026-11-26T05:00:00Z", err);
}

static void
test_entry_fields(void)
{
	static const char xml[] = FEED_START
		"<entry>\n"
		"  <id>http://arxiv.org/abs/2503.23077v3</id>\n"
		"  <updated>2025-04-02T10:00:00Z</updated>\n"
		"  <published>2025-03-29T17:59:59Z</published>\n"
		"  <title>Efficient   Inference\n   for Large Reasoning Models</title>\n"
		"  <summary>  Large reasoning models &amp; their\n  tokens.\n</summary>\n"
		"  <author><name>Yue Liu</name><arxiv:affiliation>NUS</arxiv:affiliation></author>\n"
		"  <author><name> Bryan  Hooi </name></author>\n"
		"  <arxiv:comment>12 pages</arxiv:comment>\n"
		"  <arxiv:journal_ref>IEEE T-PAMI 2026</arxiv:journal_ref>\n"
		"  <arxiv:doi>10.1000/xyz</arxiv:doi>\n"
		"  <link href=\"http://arxiv.org/abs/2503.23077v3\" rel=\"alternate\"/>\n"
		"  <arxiv:primary_category term=\"cs.CL\" scheme=\"x\"/>\n"
		"  <category term=\"cs.AI\"/>\n"
		"</entry>\n" FEED_END;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	if (!CHECK(parse(&feed, xml, &err) == LRM_OK) ||
	    !CHECK(feed.entries.n == 1)) {
		lrm_arxiv_feed_clear(&feed);
		return;
	}
	{
		const struct lrm_abstract *a = &feed.entries.items[0];

		CHECK_STR_EQ(a->arxiv, "2503.23077");
		CHECK_STR_EQ(a->version, "v3");
		CHECK_STR_EQ(a->title, "Efficient Inference for Large Reasoning Models");
		CHECK_STR_EQ(a->abstract, "Large reasoning models & their tokens.");
		CHECK_INT_EQ(a->n_authors, 2);
		CHECK_STR_EQ(a->authors[0], "Yue Liu");
		CHECK_STR_EQ(a->authors[1], "Bryan Hooi");
		CHECK_STR_EQ(a->published, "2025-03-29T17:59:59Z");
		CHECK_STR_EQ(a->updated, "2025-04-02T10:00:00Z");
		CHECK_STR_EQ(a->category, "cs.CL");
		CHECK_STR_EQ(a->comment, "12 pages");
		CHECK_STR_EQ(a->journal_ref, "IEEE T-PAMI 2026");
		CHECK_STR_EQ(a->doi, "10.1000/xyz");
		CHECK_STR_EQ(a->fetched, "2026-11-26T05:00:00Z");
	}
	CHECK_INT_EQ(feed.n_errors, 0);
	lrm_arxiv_feed_clear(&feed);
}

/* arXiv answers a bad id with an entry titled "Error"; the rest stays. */
static void
test_error_entry(void)
{
	static const char xml[] = FEED_START
		"<entry><id>http://arxiv.org/abs/2501.00001v1</id><title>Good</title></entry>\n"
		"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_25x</id>"
		"<title>Error</title><summary>incorrect id format for 25x</summary></entry>\n"
		FEED_END;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	if (CHECK(parse(&feed, xml, &err) == LRM_OK)) {
		CHECK_INT_EQ(feed.entries.n, 1);
		CHECK_INT_EQ(feed.n_errors, 1);
		if (feed.n_errors == 1)
			CHECK_STR_EQ(feed.errors[0], "incorrect id format for 25x");
		CHECK(lrm_abstracts_find(&feed.entries, "2501.00001") != NULL);
	}
	lrm_arxiv_feed_clear(&feed);
}

static void
test_malformed(void)
{
	static const struct {
		const char *xml, *want;
	} cases[] = {
		/* cut off in the middle, as a dropped connection leaves it */
		{FEED_START "<entry><id>http://arxiv.org/abs/2501.00001</id><ti", "answer:3:"},
		{"<feed><entry></feed>", "answer:1:"},
		{"", "answer:1:"},
		{"<?xml version=\"1.0\"?><html><body>busy</body></html>",
		 "not an Atom feed (the root element is <html>)"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_arxiv_feed feed = {0};
		lrm_error_t err = {0};

		CHECK_INT_EQ(parse(&feed, cases[i].xml, &err), LRM_ERR_PARSE);
		CHECK_CONTAINS(err.msg, cases[i].want);
		CHECK(feed.entries.n == 0 && feed.n_errors == 0);
		lrm_arxiv_feed_clear(&feed);
	}
}

/* A hostile answer cannot make the parser read files or expand entities
 * without bound. */
static void
test_no_external_entities(void)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/hostname\">\n"
		"<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
		"<id>http://arxiv.org/abs/2501.00001</id><title>&x;</title>"
		"<summary>&b;</summary></entry></feed>\n";
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};
	FILE *f = fopen("/etc/hostname", "r");
	char line[256] = "";

	if (f) {
		if (fgets(line, sizeof(line), f))
			line[strcspn(line, "\n")] = '\0';
		fclose(f);
	}
	if (CHECK(parse(&feed, xml, &err) == LRM_OK) &&
	    CHECK(feed.entries.n == 1)) {
		const struct lrm_abstract *a = &feed.entries.items[0];

		/* the external entity stays unread */
		if (line[0] && a->title)
			CHECK(strstr(a->title, line) == NULL);
	}
	lrm_arxiv_feed_clear(&feed);
}

static void
test_split_id(void)
{
	static const struct {
		const char *in, *id, *version;
	} cases[] = {
		{"http://arxiv.org/abs/2503.23077v2", "2503.23077", "v2"},
		{"http://arxiv.org/abs/2503.23077", "2503.23077", NULL},
		{"http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001", "v1"},
		{"2412.06769v10", "2412.06769", "v10"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *id = NULL, *version = NULL;

		if (CHECK(lrm_arxiv_split_id(cases[i].in, &id, &version) == 0)) {
			CHECK_STR_EQ(id, cases[i].id);
			if (cases[i].version)
				CHECK_STR_EQ(version, cases[i].version);
			else
				CHECK(version == NULL);
		}
		free(id);
		free(version);
	}
	{
		char *id = (char *)"x", *version = (char *)"x";

		CHECK(lrm_arxiv_split_id("http://arxiv.org/abs/", &id, &version) != 0);
		CHECK(id == NULL && version == NULL);
	}
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"entry_fields", test_entry_fields},
		{"error_entry", test_error_entry},
		{"malformed", test_malformed},
		{"no_external_entities", test_no_external_entities},
		{"split_id", test_split_id},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
