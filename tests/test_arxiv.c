/* tests/test_arxiv.c - arXiv ids and links, and reading the API's Atom
 * answers (lib/arxiv.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlmemory.h>

#include "check.h"
#include "lrm/arxiv.h"
#include "lrm/buf.h"

#define FEED_START                                                          \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                      \
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" "                      \
	"xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n"
#define FEED_END "</feed>\n"

static int
parse(struct lrm_arxiv_feed *feed, const char *xml, lrm_error_t *err)
{
	return lrm_arxiv_parse(feed, "answer", xml, strlen(xml), 1,
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

/* Answers are built in a buffer without a cap of its own; running out
 * of memory ends the test. */
static void
buf_str(struct lrm_buf *b, const char *s)
{
	if (lrm_buf_adds(b, s) != LRM_OK)
		abort();
}

static void
buf_repeat(struct lrm_buf *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		buf_str(b, s);
}

/* A hostile answer cannot make the parser read files or declare entities,
 * let alone expand them: any DOCTYPE is refused (LRM_ERR_INVALID, so the
 * fetcher does not ask again), before its internal subset is read. */
static void
test_doctype_refused(void)
{
	static const char *const cases[] = {
		/* an external entity and a small billion laughs */
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/hostname\">\n"
		"<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
		"<id>http://arxiv.org/abs/2501.00001</id><title>&x;</title>"
		"<summary>&b;</summary></entry></feed>\n",
		/* an external DTD only */
		"<!DOCTYPE feed SYSTEM \"file:///etc/passwd\">\n"
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"/>\n",
		/* an empty one */
		"<!DOCTYPE feed>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"/>\n",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_arxiv_feed feed = {0};
		lrm_error_t err = {0};

		CHECK_INT_EQ(parse(&feed, cases[i], &err), LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, "a DOCTYPE declaration, which arXiv "
					"never sends");
		CHECK(feed.entries.n == 0 && feed.n_errors == 0);
		lrm_arxiv_feed_clear(&feed);
	}
}

/* One large entity referenced many times: a few hundred KB that expand to
 * gigabytes when read with xmlNodeGetContent().  Refused at once. */
static void
test_entity_bomb_refused(void)
{
	struct lrm_buf b;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	lrm_buf_init(&b, SIZE_MAX);
	buf_str(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"");
	buf_repeat(&b, "lol lol ", 12500);
	buf_str(&b, "\">]>\n" FEED_START "<entry><id>http://arxiv.org/abs/"
		    "2501.00001v1</id><title>T</title><summary>");
	buf_repeat(&b, "&a;", 50000);
	buf_str(&b, "</summary></entry>" FEED_END);
	CHECK_INT_EQ(lrm_arxiv_parse(&feed, "answer", b.data, b.len, 1,
				     "2026-11-26T05:00:00Z", &err),
		     LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "answer:2: a DOCTYPE declaration");
	CHECK(feed.entries.n == 0);
	lrm_arxiv_feed_clear(&feed);
	lrm_buf_free(&b);
}

/* An answer with ONE element: FILL repeated N times inside an entry whose
 * id is 2501.00001 (or, for "id", the id itself made long). */
static char *
answer_with(const char *field, const char *fill, size_t n)
{
	struct lrm_buf b;

	lrm_buf_init(&b, SIZE_MAX);
	buf_str(&b, FEED_START "<entry>");
	if (strcmp(field, "id") == 0) {
		buf_str(&b, "<id>http://arxiv.org/abs/");
		buf_repeat(&b, fill, n);
		buf_str(&b, "</id>");
	} else {
		buf_str(&b, "<id>http://arxiv.org/abs/2501.00001v1</id>");
	}
	if (strcmp(field, "authors") == 0) {
		buf_repeat(&b, "<author><name>A B</name></author>", n);
	} else if (strcmp(field, "arxiv:primary_category") == 0) {
		buf_str(&b, "<arxiv:primary_category term=\"");
		buf_repeat(&b, fill, n);
		buf_str(&b, "\"/>");
	} else if (strcmp(field, "id") != 0) {
		int author = strcmp(field, "name") == 0;

		buf_str(&b, author ? "<author><name>" : "<");
		if (!author)
			buf_str(&b, field), buf_str(&b, ">");
		buf_repeat(&b, fill, n);
		buf_str(&b, author ? "</name></author>" : "</");
		if (!author)
			buf_str(&b, field), buf_str(&b, ">");
	}
	buf_str(&b, "</entry>" FEED_END);
	return lrm_buf_take(&b);
}

/* Each field up to its cap is read; one byte more refuses the answer,
 * naming the entry, the field and the size.  White space is squeezed
 * before counting ("x  " is two bytes), so the limit is what the cache
 * would keep. */
static void
test_field_caps(void)
{
	static const struct {
		const char *element, *what;
		size_t cap;
	} cases[] = {
		{"title", "a title", LRM_ARXIV_MAX_TITLE},
		{"summary", "an abstract", LRM_ARXIV_MAX_ABSTRACT},
		{"name", "an author name", LRM_ARXIV_MAX_AUTHOR},
		{"published", "a published date", LRM_ARXIV_MAX_DATE},
		{"updated", "an updated date", LRM_ARXIV_MAX_DATE},
		{"arxiv:comment", "a comment", LRM_ARXIV_MAX_COMMENT},
		{"arxiv:journal_ref", "a journal reference",
		 LRM_ARXIV_MAX_JOURNAL_REF},
		{"arxiv:doi", "a DOI", LRM_ARXIV_MAX_DOI},
		{"arxiv:primary_category", "a primary category",
		 LRM_ARXIV_MAX_CATEGORY},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int over = 0; over <= 1; over++) {
			/* "x " n times squeezes to 2n - 1 bytes */
			size_t n = (cases[i].cap + 1) / 2 + (size_t)over;
			size_t size = 2 * n - 1;
			char *xml = answer_with(cases[i].element, "x  ", n);
			struct lrm_arxiv_feed feed = {0};
			lrm_error_t err = {0};
			char want[256];
			lrm_status_t st = parse(&feed, xml, &err);

			if (size <= cases[i].cap) {
				if (!CHECK(st == LRM_OK))
					fprintf(stderr, "    %s at %zu: %s\n",
						cases[i].element, size, err.msg);
				CHECK_INT_EQ(feed.entries.n, 1);
			} else {
				CHECK_INT_EQ(st, LRM_ERR_INVALID);
				snprintf(want, sizeof(want),
					 "answer: the entry for "
					 "http://arxiv.org/abs/2501.00001v1 has "
					 "%s of %zu bytes; at most %zu are "
					 "accepted",
					 cases[i].what, size, cases[i].cap);
				CHECK_CONTAINS(err.msg, want);
				CHECK(feed.entries.n == 0);
			}
			lrm_arxiv_feed_clear(&feed);
			free(xml);
		}
	}
}

/* The id, the number of authors, the number of entries. */
static void
test_count_caps(void)
{
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};
	struct lrm_buf b;
	char *xml;

	xml = answer_with("id", "1", LRM_ARXIV_MAX_ID);
	CHECK_INT_EQ(parse(&feed, xml, &err), LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "answer: entry 1 has an id of 277 bytes; at "
				"most 256 are accepted");
	lrm_arxiv_feed_clear(&feed);
	free(xml);

	xml = answer_with("authors", NULL, LRM_ARXIV_MAX_AUTHORS);
	if (CHECK(parse(&feed, xml, &err) == LRM_OK) &&
	    CHECK(feed.entries.n == 1))
		CHECK_INT_EQ(feed.entries.items[0].n_authors,
			     LRM_ARXIV_MAX_AUTHORS);
	lrm_arxiv_feed_clear(&feed);
	free(xml);
	xml = answer_with("authors", NULL, LRM_ARXIV_MAX_AUTHORS + 1);
	CHECK_INT_EQ(parse(&feed, xml, &err), LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "has more than 10000 authors");
	lrm_arxiv_feed_clear(&feed);
	free(xml);

	lrm_buf_init(&b, SIZE_MAX);
	buf_str(&b, FEED_START);
	for (int i = 0; i <= LRM_ARXIV_MAX_ENTRIES; i++) {
		char entry[128];

		snprintf(entry, sizeof(entry),
			 "<entry><id>http://arxiv.org/abs/2501.%05d</id></entry>",
			 i);
		buf_str(&b, entry);
	}
	buf_str(&b, FEED_END);
	CHECK_INT_EQ(parse(&feed, b.data, &err), LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "answer: more than 2000 entries");
	lrm_arxiv_feed_clear(&feed);
	lrm_buf_free(&b);
}

/* Escapes, bidi overrides and zero-width characters never reach the
 * cache: stripped from every field, error messages included, after white
 * space is squeezed (and squeezed again where one left two spaces). */
static void
test_controls_stripped(void)
{
#define EVIL "\x1b]0;pwned\x07\xe2\x80\xae\x08\xc2\x9b"
	static const char xml[] = FEED_START
		"<entry><id>http://arxiv.org/abs/2501.00001v1</id>"
		"<title>Safe " EVIL "Title \xe2\x80\x8b with\xe2\x80\xa8gap</title>"
		"<summary>An &#x1b;[2J abstract&#x202e;.</summary>"
		"<author><name>Ada" EVIL " Lovelace</name></author>"
		"<author><name>" EVIL "</name></author>"
		"<arxiv:comment>12" EVIL " pages</arxiv:comment>"
		"<arxiv:journal_ref>J" EVIL "</arxiv:journal_ref>"
		"</entry>"
		"<entry><id>http://arxiv.org/api/errors#x</id><title>Error</title>"
		"<summary>bad id " EVIL "25x</summary></entry>" FEED_END;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	/* XML 1.0 forbids most C0 controls, even as &#x1b;: such an
	 * answer is malformed */
	CHECK_INT_EQ(parse(&feed, xml, &err), LRM_ERR_PARSE);
	lrm_arxiv_feed_clear(&feed);
	{
		/* the same without the C0 bytes XML forbids */
		static const char xml2[] = FEED_START
			"<entry><id>http://arxiv.org/abs/2501.00001v1</id>"
			"<title>Safe \xe2\x80\xae\xc2\x9bTitle \xe2\x80\x8b "
			"with\xe2\x80\xa8gap\xc2\x85!</title>"
			"<summary>An &#x9b;[2J abstract&#x202e;.</summary>"
			"<author><name>Ada\xe2\x81\xa6 Lovelace</name></author>"
			"<author><name>\xe2\x80\x8f\xef\xbb\xbf</name></author>"
			"<arxiv:comment>12 \xc2\x9d" "0;t\xc2\x9c pages"
			"</arxiv:comment>"
			"<arxiv:journal_ref>J\xe2\x80\xad</arxiv:journal_ref>"
			"</entry>"
			"<entry><id>http://arxiv.org/api/errors#x</id>"
			"<title>Error</title><summary>bad id \xe2\x80\xae"
			"25x</summary></entry>" FEED_END;

		if (CHECK(parse(&feed, xml2, &err) == LRM_OK) &&
		    CHECK(feed.entries.n == 1)) {
			const struct lrm_abstract *a = &feed.entries.items[0];

			CHECK_STR_EQ(a->title, "Safe Title with gap !");
			CHECK_STR_EQ(a->abstract, "An [2J abstract.");
			CHECK_INT_EQ(a->n_authors, 1);
			CHECK_STR_EQ(a->authors[0], "Ada Lovelace");
			CHECK_STR_EQ(a->comment, "12 0;t pages");
			CHECK_STR_EQ(a->journal_ref, "J");
		}
		if (CHECK(feed.n_errors == 1))
			CHECK_STR_EQ(feed.errors[0], "bad id 25x");
		lrm_arxiv_feed_clear(&feed);
	}
#undef EVIL
}

/* Text is read from text and CDATA nodes, child elements included (as
 * xmlNodeGetContent() read it); comments and processing instructions
 * are not text. */
static void
test_text_nodes(void)
{
	static const char xml[] = FEED_START
		"<entry><id>http://arxiv.org/abs/2501.00001v1</id>"
		"<title>A <b>bold</b> <![CDATA[<move> & ]]>title<!-- no -->"
		"<?pi no?></title>"
		"<arxiv:primary_category term=\" cs.&#x43;L \"/>"
		"</entry>" FEED_END;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	if (CHECK(parse(&feed, xml, &err) == LRM_OK) &&
	    CHECK(feed.entries.n == 1)) {
		CHECK_STR_EQ(feed.entries.items[0].title,
			     "A bold <move> & title");
		CHECK_STR_EQ(feed.entries.items[0].category, "cs.CL");
	}
	lrm_arxiv_feed_clear(&feed);
}

/* ------------------------------------------------------------------ */
/* The shape of an answer, checked before libxml2 reads it            */
/* ------------------------------------------------------------------ */

/* Parse XML (LEN bytes) as the answer to N_IDS ids, with whatever the
 * parse writes to stderr (libxml2 must write nothing) in *PRINTED
 * (malloc()ed). */
static lrm_status_t
parse_quietly(struct lrm_arxiv_feed *feed, const char *xml, size_t len,
	      size_t n_ids, lrm_error_t *err, char **printed)
{
	const char *path = check_path("stderr");
	FILE *to = fopen(path, "w");
	int saved = dup(STDERR_FILENO);
	lrm_status_t st;
	size_t n = 0;

	fflush(stderr);
	if (to && saved >= 0)
		dup2(fileno(to), STDERR_FILENO);
	st = lrm_arxiv_parse(feed, "answer", xml, len, n_ids,
			     "2026-11-26T05:00:00Z", err);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (to)
		fclose(to);
	*printed = check_read_file(path, &n);
	return st;
}

/* An entry whose <link> has N attributes named PREFIX0, PREFIX1, ...,
 * after BEFORE (inside the entry). */
static char *
answer_with_attributes(const char *before, const char *prefix, size_t n)
{
	struct lrm_buf b;

	lrm_buf_init(&b, SIZE_MAX);
	buf_str(&b, FEED_START "<entry><id>http://arxiv.org/abs/2501.00001v1"
			       "</id><title>T</title>");
	buf_str(&b, before);
	buf_str(&b, "<link");
	for (size_t i = 0; i < n; i++) {
		char attr[64];

		snprintf(attr, sizeof(attr), " %s%zu=''", prefix, i);
		buf_str(&b, attr);
	}
	buf_str(&b, "/></entry>" FEED_END);
	return lrm_buf_take(&b);
}

/* libxml2 2.9 compares a tag's attributes pairwise: 160,000 of them
 * (1.6 MB) took 45 s, the 64 MiB response cap hours.  A tag with more
 * than LRM_ARXIV_MAX_ATTRIBUTES is refused before libxml2 sees it, even
 * behind an error libxml2 parses on from, or inside a tag whose values
 * hold '>'. */
static void
test_many_attributes_refused(void)
{
	static const struct {
		const char *before, *prefix;
		size_t n;
		lrm_status_t want;
	} cases[] = {
		{"", "a", LRM_ARXIV_MAX_ATTRIBUTES, LRM_OK},
		{"", "a", LRM_ARXIV_MAX_ATTRIBUTES + 1, LRM_ERR_INVALID},
		{"", "a", 20000, LRM_ERR_INVALID},
		/* libxml2 goes on after these errors */
		{"<x a='1' a='1'/>", "a", 20000, LRM_ERR_INVALID},
		{"<x>&undefined;</x>", "a", 20000, LRM_ERR_INVALID},
		{"<x b='>' \"'/>", "a", 20000, LRM_ERR_INVALID},
		/* namespace declarations are attributes too */
		{"", "xmlns:p", LRM_ARXIV_MAX_NAMESPACES, LRM_OK},
		{"", "xmlns:p", LRM_ARXIV_MAX_NAMESPACES + 1, LRM_ERR_INVALID},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = answer_with_attributes(cases[i].before,
						   cases[i].prefix, cases[i].n);
		struct lrm_arxiv_feed feed = {0};
		lrm_error_t err = {0};
		char *printed = NULL;
		lrm_status_t st = parse_quietly(&feed, xml, strlen(xml), 1,
						&err, &printed);

		if (st != cases[i].want)
			check_fail(__FILE__, __LINE__,
				   "case %zu: status %d, expected %d: %s", i,
				   (int)st, (int)cases[i].want, err.msg);
		if (st == LRM_ERR_INVALID && cases[i].prefix[0] == 'a')
			CHECK_CONTAINS(err.msg, "answer:3: a tag with more "
						"than 32 attributes");
		else if (st == LRM_ERR_INVALID)
			CHECK_CONTAINS(err.msg, "answer:3: a tag that declares "
						"more than 8 namespaces");
		CHECK_STR_EQ(printed, "");
		CHECK(st == LRM_OK || feed.entries.n == 0);
		lrm_arxiv_feed_clear(&feed);
		free(printed);
		free(xml);
	}
}

/* libxml2's tree takes about 35 times the bytes of a run of "<a/>": the
 * nodes of an answer are counted first, up to a limit that grows with the
 * ids asked for. */
static void
test_node_limit(void)
{
	/* the XML declaration, <feed> and its two xmlns, <entry>, <id> */
	const size_t fixed = 6, most = lrm_arxiv_max_nodes(1);
	struct lrm_buf b;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};
	char *printed = NULL, want[160];

	CHECK_INT_EQ(lrm_arxiv_max_nodes(0), LRM_ARXIV_NODES_SLACK);
	CHECK_INT_EQ(most, LRM_ARXIV_NODES_SLACK + LRM_ARXIV_NODES_PER_ID);
	CHECK_INT_EQ(lrm_arxiv_max_nodes(20),
		     LRM_ARXIV_NODES_SLACK + 20 * LRM_ARXIV_NODES_PER_ID);
	/* the most ids below the ceiling, and one more */
	CHECK_INT_EQ(lrm_arxiv_max_nodes(49),
		     LRM_ARXIV_NODES_SLACK + 49 * LRM_ARXIV_NODES_PER_ID);
	CHECK_INT_EQ(lrm_arxiv_max_nodes(50), LRM_ARXIV_MAX_NODES);
	CHECK_INT_EQ(lrm_arxiv_max_nodes(2000), LRM_ARXIV_MAX_NODES);
	CHECK_INT_EQ(lrm_arxiv_max_nodes((size_t)-1), LRM_ARXIV_MAX_NODES);

	lrm_buf_init(&b, SIZE_MAX);
	buf_str(&b, FEED_START "<entry><id>http://arxiv.org/abs/2501.00001v1"
			       "</id>");
	buf_repeat(&b, "<a/>", most - fixed);
	buf_str(&b, "</entry>" FEED_END);
	CHECK_INT_EQ(parse_quietly(&feed, b.data, b.len, 1, &err, &printed),
		     LRM_OK);
	CHECK_INT_EQ(feed.entries.n, 1);
	lrm_arxiv_feed_clear(&feed);
	free(printed);
	lrm_buf_free(&b);

	buf_str(&b, FEED_START "<entry><id>http://arxiv.org/abs/2501.00001v1"
			       "</id>");
	/* comments and processing instructions are nodes too */
	buf_repeat(&b, "<a/>", most - fixed - 2);
	buf_str(&b, "<!-- --><?pi?><a/>");
	buf_str(&b, "</entry>" FEED_END);
	CHECK_INT_EQ(parse_quietly(&feed, b.data, b.len, 1, &err, &printed),
		     LRM_ERR_INVALID);
	snprintf(want, sizeof(want),
		 "answer:3: more than %zu elements and attributes, the most "
		 "an answer for 1 id may hold: refused",
		 most);
	CHECK_CONTAINS(err.msg, want);
	CHECK_STR_EQ(printed, "");
	CHECK(feed.entries.n == 0);
	free(printed);
	/* an answer for two ids may hold it */
	CHECK_INT_EQ(parse_quietly(&feed, b.data, b.len, 2, &err, &printed),
		     LRM_OK);
	lrm_arxiv_feed_clear(&feed);
	free(printed);
	lrm_buf_free(&b);
}

/* An answer is read as UTF-8, whatever it declares or its first bytes
 * suggest: in UTF-7 or UTF-16 a '<' is other bytes, which the check
 * before libxml2 would not see, and a conversion error made libxml2 print
 * "encoding error : input conversion failed" to stderr itself. */
static void
test_read_as_utf8(void)
{
	static const struct {
		const char *xml;
		size_t len;
		lrm_status_t want;
		const char *msg;
	} cases[] = {
		/* Shift_JIS with a byte that is not: a parse error, and no
		 * word from libxml2 */
		{"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
		 "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>"
		 "http://arxiv.org/abs/2501.00001v1</id><title>\x82\xa0\xff\xfe"
		 "</title></entry></feed>\n",
		 0, LRM_ERR_PARSE,
		 "answer:2:99: not UTF-8 (Bytes: 0x82 0xA0 0xFF 0xFE); an "
		 "answer is read as UTF-8, whatever encoding it declares"},
		/* UTF-16 with a byte order mark, without one, UCS-4,
		 * EBCDIC: what libxml2 guesses from the first bytes */
		{"\xff\xfe<\0f\0e\0e\0d\0/\0>\0", 16, LRM_ERR_PARSE,
		 "answer:1:1: UTF-16, by its first bytes; an answer is read as "
		 "UTF-8 only"},
		{"<\0f\0e\0e\0d\0/\0>\0", 14, LRM_ERR_PARSE,
		 "answer:1:1: UTF-16 or UCS-4, by its first bytes"},
		{"\0\0\0<", 4, LRM_ERR_PARSE, "answer:1:1: UTF-16 or UCS-4"},
		{"\x4c\x6f\xa7\x94\x40", 5, LRM_ERR_PARSE, "answer:1:1: EBCDIC"},
		/* UTF-7: "+ADw-" would be '<' */
		{"<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n"
		 "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>"
		 "http://arxiv.org/abs/2501.00001v1</id><title>+ADw-b+AD4-x"
		 "</title></entry></feed>\n",
		 0, LRM_OK, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_arxiv_feed feed = {0};
		lrm_error_t err = {0};
		char *printed = NULL;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].xml);
		lrm_status_t st = parse_quietly(&feed, cases[i].xml, len, 1,
						&err, &printed);

		if (st != cases[i].want)
			check_fail(__FILE__, __LINE__,
				   "case %zu: status %d, expected %d: %s", i,
				   (int)st, (int)cases[i].want, err.msg);
		if (cases[i].msg)
			CHECK_CONTAINS(err.msg, cases[i].msg);
		CHECK_STR_EQ(printed, "");
		if (st == LRM_OK && CHECK(feed.entries.n == 1))
			CHECK_STR_EQ(feed.entries.items[0].title,
				     "+ADw-b+AD4-x");
		lrm_arxiv_feed_clear(&feed);
		free(printed);
	}
}

/* libxml2's allocations fail after the first FAIL_AFTER of them. */
static long fail_after = -1;

static int
allocation_fails(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

static void *
failing_malloc(size_t size)
{
	return allocation_fails() ? NULL : malloc(size);
}

static void *
failing_realloc(void *p, size_t size)
{
	return allocation_fails() ? NULL : realloc(p, size);
}

static char *
failing_strdup(const char *s)
{
	return allocation_fails() ? NULL : strdup(s);
}

/* libxml2 out of memory: "out of memory" (LRM_ERR_NOMEM, which stops a
 * fetch), never a "bad response" that is asked for again (it reported
 * "Extra content at the end of the document"), and nothing printed (it
 * printed "parser error : xmlSAX2StartElementNs" and a line of the
 * answer, control characters and all). */
static void
test_out_of_memory(void)
{
	static const char xml[] = FEED_START
		"<entry><id>http://arxiv.org/abs/2501.00001v1</id>"
		"<title>A \xc2\x9d" "0;pwned\xc2\x9c title</title>"
		"<summary>An   abstract &amp; more</summary>"
		"<author><name>Ada</name></author>"
		"<arxiv:primary_category term=\"cs.CL\"/></entry>"
		"<entry><id>http://arxiv.org/abs/2501.00002v1</id>"
		"<title>Another \xc2\x9b" "2J</title></entry>" FEED_END;
	xmlFreeFunc old_free;
	xmlMallocFunc old_malloc;
	xmlReallocFunc old_realloc;
	xmlStrdupFunc old_strdup;
	size_t nomem = 0, printed_any = 0, wrong = 0;
	long n;

	if (!CHECK(xmlMemGet(&old_free, &old_malloc, &old_realloc,
			     &old_strdup) == 0) ||
	    !CHECK(xmlMemSetup(free, failing_malloc, failing_realloc,
			       failing_strdup) == 0))
		return;
	for (n = 0; n < 100000; n++) {
		struct lrm_arxiv_feed feed = {0};
		lrm_error_t err = {0};
		char *printed = NULL;
		lrm_status_t st;

		fail_after = n;
		st = parse_quietly(&feed, xml, strlen(xml), 2, &err, &printed);
		fail_after = -1;
		if (printed && *printed && printed_any++ < 3)
			check_fail(__FILE__, __LINE__,
				   "failing allocation %ld: libxml2 printed "
				   "\"%s\"",
				   n, printed);
		free(printed);
		if (st == LRM_OK) {
			CHECK_INT_EQ(feed.entries.n, 2);
			lrm_arxiv_feed_clear(&feed);
			break;
		}
		nomem++;
		if (st != LRM_ERR_NOMEM && wrong++ < 3)
			check_fail(__FILE__, __LINE__,
				   "failing allocation %ld: status %d, not "
				   "LRM_ERR_NOMEM: %s",
				   n, (int)st, err.msg);
		else if (st == LRM_ERR_NOMEM)
			CHECK_CONTAINS(err.msg, "out of memory");
		lrm_arxiv_feed_clear(&feed);
	}
	CHECK(xmlMemSetup(old_free, old_malloc, old_realloc, old_strdup) == 0);
	/* the sweep reached a parse that needed no more */
	CHECK(n < 100000);
	CHECK(nomem > 10);
}

/* ------------------------------------------------------------------ */
/* Ids and links: one parser for the list, the dataset and the API     */
/* ------------------------------------------------------------------ */

static void
test_link_parse(void)
{
	static const struct {
		const char *url;
		enum lrm_arxiv_link kind;
		const char *id, *version;
	} cases[] = {
		/* what lists link to */
		{"https://arxiv.org/abs/2503.23077", LRM_ARXIV_LINK_PAPER,
		 "2503.23077", NULL},
		{"https://arxiv.org/pdf/2503.23077", LRM_ARXIV_LINK_PAPER,
		 "2503.23077", NULL},
		{"http://arxiv.org/pdf/2503.23077v2.pdf", LRM_ARXIV_LINK_PAPER,
		 "2503.23077", "v2"},
		{"https://arxiv.org/abs/2501.19201v1", LRM_ARXIV_LINK_PAPER,
		 "2501.19201", "v1"},
		{"https://arxiv.org/html/2501.19201v1", LRM_ARXIV_LINK_PAPER,
		 "2501.19201", "v1"},
		{"https://arxiv.org/format/2501.19201", LRM_ARXIV_LINK_PAPER,
		 "2501.19201", NULL},
		{"https://export.arxiv.org/abs/2412.06769", LRM_ARXIV_LINK_PAPER,
		 "2412.06769", NULL},
		{"https://www.arxiv.org/abs/2412.06769/", LRM_ARXIV_LINK_PAPER,
		 "2412.06769", NULL},
		{"HTTPS://ArXiv.ORG:443/abs/2412.06769?context=cs#x",
		 LRM_ARXIV_LINK_PAPER, "2412.06769", NULL},
		{"https://arxiv.org/abs/1409.0473", LRM_ARXIV_LINK_PAPER,
		 "1409.0473", NULL},
		{"https://arxiv.org/abs/hep-th/9901001v3", LRM_ARXIV_LINK_PAPER,
		 "hep-th/9901001", "v3"},
		/* what the API's <id> holds */
		{"http://arxiv.org/abs/2503.23077v2", LRM_ARXIV_LINK_PAPER,
		 "2503.23077", "v2"},
		{"http://arxiv.org/abs/2412.06769v10", LRM_ARXIV_LINK_PAPER,
		 "2412.06769", "v10"},
		{"http://arxiv.org/abs/hep-th/9901001v1", LRM_ARXIV_LINK_PAPER,
		 "hep-th/9901001", "v1"},
		/* arXiv, but no paper's id */
		{"https://arxiv.org/abs/2502.155892", LRM_ARXIV_LINK_MALFORMED,
		 "2502.155892", NULL},
		{"https://arxiv.org/abs/2513.12345", LRM_ARXIV_LINK_MALFORMED,
		 "2513.12345", NULL},
		{"https://arxiv.org/abs/1409.04731", LRM_ARXIV_LINK_MALFORMED,
		 "1409.04731", NULL},
		{"https://arxiv.org/abs/2503.23077v", LRM_ARXIV_LINK_MALFORMED,
		 "2503.23077v", NULL},
		{"https://arxiv.org/list/cs.CL/recent", LRM_ARXIV_LINK_MALFORMED,
		 "/list/cs.CL/recent", NULL},
		{"http://arxiv.org/abs/", LRM_ARXIV_LINK_MALFORMED, "", NULL},
		{"http://arxiv.org/api/errors#incorrect_id_format_for_25x",
		 LRM_ARXIV_LINK_MALFORMED,
		 "/api/errors#incorrect_id_format_for_25x", NULL},
		/* not arXiv links */
		{"https://openreview.net/forum?id=8sSqNntaMr", LRM_ARXIV_LINK_NONE,
		 NULL, NULL},
		{"https://notarxiv.org/abs/2503.23077", LRM_ARXIV_LINK_NONE, NULL,
		 NULL},
		{"https://github.com/arxiv.org/abs", LRM_ARXIV_LINK_NONE, NULL,
		 NULL},
		{"ftp://arxiv.org/abs/2503.23077", LRM_ARXIV_LINK_NONE, NULL, NULL},
		{"2412.06769v10", LRM_ARXIV_LINK_NONE, NULL, NULL},
		{"", LRM_ARXIV_LINK_NONE, NULL, NULL},
		{NULL, LRM_ARXIV_LINK_NONE, NULL, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *id = (char *)"x", *version = (char *)"x";
		enum lrm_arxiv_link kind = LRM_ARXIV_LINK_MALFORMED;
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_arxiv_link_parse(cases[i].url, &kind, &id,
						  &version, &err),
			     LRM_OK);
		if (kind != cases[i].kind)
			check_fail(__FILE__, __LINE__, "%s: kind %d, expected %d",
				   cases[i].url ? cases[i].url : "(null)",
				   (int)kind, (int)cases[i].kind);
		if (cases[i].id)
			CHECK_STR_EQ(id, cases[i].id);
		else
			CHECK(id == NULL);
		if (cases[i].version)
			CHECK_STR_EQ(version, cases[i].version);
		else
			CHECK(version == NULL);
		free(id);
		free(version);
	}
}

static void
test_id_valid(void)
{
	static const struct {
		const char *id;
		int valid;
	} cases[] = {
		{"2503.23077", 1},
		{"1501.00001", 1},    /* five digits from 1501 on */
		{"1412.0001", 1},     /* four until 1412 */
		{"0704.0001", 1},     /* since the scheme began */
		{"0612.0001", 0},
		{"1409.04731", 0},
		{"2502.155892", 0},
		{"2503.2307", 0},
		{"2513.12345", 0},    /* month 13 */
		{"2500.12345", 0},    /* month 0 */
		{"hep-th/9901001", 1},
		{"math.AG/0601001", 1},
		{"hep-th/9913001", 0},
		{"hep-th/990100", 0},
		{"hep_th/9901001", 0},
		{"/9901001", 0},
		/* an id, not a link or an id with more */
		{"2503.23077v2", 0},
		{"2503.23077/", 0},
		{"2503.23077.pdf", 0},
		{"2503.23077 ", 0},
		{"2503.23077?x", 0},
		{"https://arxiv.org/abs/2503.23077", 0},
		{"", 0},
		{"2503.", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (lrm_arxiv_id_valid(cases[i].id, strlen(cases[i].id)) !=
		    cases[i].valid)
			check_fail(__FILE__, __LINE__, "'%s': expected %s",
				   cases[i].id,
				   cases[i].valid ? "valid" : "invalid");
	/* LEN bytes, not up to a NUL */
	CHECK(lrm_arxiv_id_valid("2503.23077v2", 10));
	CHECK(!lrm_arxiv_id_valid("2503.23077", 9));
}

/* An answer's entries follow the rule the dataset's ids follow: one whose
 * <id> is no link to a valid id is left out, as the list reader leaves
 * such an id out of the dataset. */
static void
test_entry_ids_checked(void)
{
	static const char xml[] = FEED_START
		"<entry><id>http://arxiv.org/abs/2513.12345v1</id>"
		"<title>Month 13</title></entry>\n"
		"<entry><id>http://example.org/abs/2501.00001v1</id>"
		"<title>Elsewhere</title></entry>\n"
		"<entry><id>http://arxiv.org/abs/2501.0000x</id>"
		"<title>Letters</title></entry>\n"
		"<entry><id>http://arxiv.org/abs/2501.00002v4</id>"
		"<title>Good</title></entry>\n" FEED_END;
	struct lrm_arxiv_feed feed = {0};
	lrm_error_t err = {0};

	CHECK_INT_EQ(parse(&feed, xml, &err), LRM_OK);
	if (CHECK(feed.entries.n == 1)) {
		CHECK_STR_EQ(feed.entries.items[0].arxiv, "2501.00002");
		CHECK_STR_EQ(feed.entries.items[0].version, "v4");
		CHECK_STR_EQ(feed.entries.items[0].title, "Good");
	}
	CHECK(feed.n_errors == 0);
	lrm_arxiv_feed_clear(&feed);
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"entry_fields", test_entry_fields},
		{"error_entry", test_error_entry},
		{"malformed", test_malformed},
		{"doctype_refused", test_doctype_refused},
		{"entity_bomb_refused", test_entity_bomb_refused},
		{"field_caps", test_field_caps},
		{"count_caps", test_count_caps},
		{"controls_stripped", test_controls_stripped},
		{"text_nodes", test_text_nodes},
		{"many_attributes_refused", test_many_attributes_refused},
		{"node_limit", test_node_limit},
		{"read_as_utf8", test_read_as_utf8},
		{"out_of_memory", test_out_of_memory},
		{"link_parse", test_link_parse},
		{"id_valid", test_id_valid},
		{"entry_ids_checked", test_entry_ids_checked},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
