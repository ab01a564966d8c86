/* tests/test_store.c - the paper record and its YAML store. */
#define _XOPEN_SOURCE 700 /* mknod() */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "check.h"
#include "lrm/abstracts.h"
#include "lrm/file.h"
#include "lrm/manifest.h"
#include "lrm/paper.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static char *
xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static struct lrm_paper *
add_paper(struct lrm_dataset *ds, const char *id, const char *title)
{
	struct lrm_paper *p = lrm_dataset_add_paper(ds);

	if (!CHECK(p != NULL))
		abort();
	p->id = xstrdup(id);
	p->title = xstrdup(title);
	return p;
}

static struct lrm_listing *
add_listing(struct lrm_paper *p, const char *source, unsigned line,
	    const char *section, const char *venue_name)
{
	struct lrm_listing *l = lrm_paper_add_listing(p);

	if (!CHECK(l != NULL))
		abort();
	l->source = xstrdup(source);
	l->line = line;
	l->section = xstrdup(section);
	l->venue_name = xstrdup(venue_name);
	return l;
}

/* The listing of the format's own example, every field present. */
static void
fill_survey(struct lrm_dataset *ds)
{
	struct lrm_paper *p = add_paper(
	    ds, "efficient-inference-for-large-reasoning-models-a-survey",
	    "Efficient Inference for Large Reasoning Models: A Survey");
	struct lrm_listing *l = add_listing(
	    p, "awesome-efficient-inference-for-lrms.md", 51, "Survey",
	    "IEEE T-PAMI");

	l->date = xstrdup("2026-05");
	l->venue = xstrdup("IEEE T-PAMI'26");
	l->venue_year = 2026;
	l->paper = xstrdup("https://arxiv.org/pdf/2503.23077");
	l->code = xstrdup("https://arxiv.org/pdf/2503.23077");
	l->arxiv = xstrdup("2503.23077");
	l->arxiv_version = xstrdup("v1");
}

static const char survey_yaml[] =
    "format: lrmsearch-papers/2\n"
    "papers:\n"
    "- id: \"efficient-inference-for-large-reasoning-models-a-survey\"\n"
    "  title: \"Efficient Inference for Large Reasoning Models: A Survey\"\n"
    "  listings:\n"
    "  - source: \"awesome-efficient-inference-for-lrms.md\"\n"
    "    line: 51\n"
    "    section: \"Survey\"\n"
    "    date: \"2026-05\"\n"
    "    venue: \"IEEE T-PAMI'26\"\n"
    "    venue_name: \"IEEE T-PAMI\"\n"
    "    venue_year: 2026\n"
    "    paper: \"https://arxiv.org/pdf/2503.23077\"\n"
    "    code: \"https://arxiv.org/pdf/2503.23077\"\n"
    "    arxiv: \"2503.23077\"\n"
    "    arxiv_version: \"v1\"\n"
    "count: 1\n";

/* Several papers that exercise quoting, Unicode, absent fields and an
 * empty listing sequence. */
static void
fill_varied(struct lrm_dataset *ds)
{
	struct lrm_paper *p;
	struct lrm_listing *l;

	fill_survey(ds);
	p = add_paper(ds, "cafe", "Café — “quoted” 数学");
	l = add_listing(p, "awesome.md", 7, "Théorie / Sécurité", "arXiv");
	l->venue_year = 2025;
	l->date = xstrdup("2025-03");
	l = add_listing(p, "other.md", 4000000000u, NULL, NULL);
	l->list = xstrdup("other");
	l->venue_year = INT_MIN; /* the packed form's widest number */
	l->authors = calloc(2, sizeof(*l->authors));
	CHECK(l->authors != NULL);
	if (l->authors) {
		l->authors[0] = xstrdup("Ada Lovelace");
		l->authors[1] = xstrdup("Zoë Q. Ünïcode");
		l->n_authors = 2;
	}
	p->added = xstrdup("2026-11-30");

	p = add_paper(ds, "tricky",
		      "He said \"no\": C:\\path\\x # not a comment, 'single', "
		      "tab\there, new\nline, {braces} [brackets] & *star "
		      "!bang %percent @at `tick` | pipe > gt; odd characters:"
		      " \x01 \x7F \r \xC2\x85 \xC2\xA0 \xE2\x80\xA8 "
		      "\xEF\xBB\xBF \xEF\xBF\xBE \xF0\x9F\x98\x80");
	l = add_listing(p, "a b.md", 1, "", "NeurIPS");
	l->venue = xstrdup("null");
	l->arxiv = xstrdup("2503.23077");
	l->date = xstrdup("yes");
	l->code = xstrdup("  padded  ");
	l->venue_year = -44;

	/* A title long enough that a folding emitter would break it. */
	p = add_paper(ds, "long",
		      "A Very Long Title That Goes On And On Well Past Eighty "
		      "Columns So That Any Line Folding Would Show Up Here "
		      "In The Output Of The Emitter");
	add_paper(ds, "no-listings", "2503.23077");
}

static int
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
check_listing_eq(const struct lrm_listing *a, const struct lrm_listing *b)
{
	CHECK(str_eq(a->source, b->source));
	CHECK_INT_EQ(a->line, b->line);
	CHECK(str_eq(a->section, b->section));
	CHECK(str_eq(a->date, b->date));
	CHECK(str_eq(a->venue, b->venue));
	CHECK(str_eq(a->venue_name, b->venue_name));
	CHECK_INT_EQ(a->venue_year, b->venue_year);
	CHECK(str_eq(a->paper, b->paper));
	CHECK(str_eq(a->code, b->code));
	CHECK(str_eq(a->arxiv, b->arxiv));
	CHECK(str_eq(a->arxiv_version, b->arxiv_version));
	CHECK(str_eq(a->list, b->list));
	CHECK_INT_EQ(a->n_authors, b->n_authors);
	for (size_t i = 0; i < a->n_authors && i < b->n_authors; i++)
		CHECK(str_eq(a->authors[i], b->authors[i]));
}

static void
check_dataset_eq(const struct lrm_dataset *a, const struct lrm_dataset *b)
{
	CHECK_INT_EQ(a->n_papers, b->n_papers);
	for (size_t i = 0; i < a->n_papers && i < b->n_papers; i++) {
		const struct lrm_paper *p = &a->papers[i], *q = &b->papers[i];

		CHECK_STR_EQ(p->id, q->id);
		CHECK_STR_EQ(p->title, q->title);
		CHECK(str_eq(p->added, q->added));
		CHECK_INT_EQ(p->n_listings, q->n_listings);
		for (size_t j = 0; j < p->n_listings && j < q->n_listings; j++)
			check_listing_eq(&p->listings[j], &q->listings[j]);
	}
}

static int
is_empty(const struct lrm_dataset *ds)
{
	return ds->papers == NULL && ds->n_papers == 0;
}

/* How many entries DIR holds, "." and ".." aside. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static char *
read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size) {
			buf[size] = '\0';
			*len = (size_t)size;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

static void
test_add_grows_and_zeroes(void)
{
	struct lrm_dataset ds = { 0 };
	struct lrm_paper *p = NULL;

	for (int i = 0; i < 1000; i++) {
		p = lrm_dataset_add_paper(&ds);
		CHECK(p != NULL);
		CHECK(p->id == NULL && p->title == NULL &&
		      p->listings == NULL && p->n_listings == 0);
		CHECK(p == &ds.papers[ds.n_papers - 1]);
	}
	CHECK_INT_EQ(ds.n_papers, 1000);
	for (int i = 0; i < 37; i++) {
		struct lrm_listing *l = lrm_paper_add_listing(p);

		CHECK(l != NULL);
		CHECK(l->source == NULL && l->line == 0 && l->venue_year == 0 &&
		      l->arxiv_version == NULL);
		l->source = xstrdup("x.md");
	}
	CHECK_INT_EQ(p->n_listings, 37);
	lrm_dataset_clear(&ds);
	CHECK(is_empty(&ds));
	/* Clearing accepts NULL and is idempotent. */
	lrm_dataset_clear(&ds);
	lrm_dataset_clear(NULL);
	lrm_paper_clear(NULL);
	lrm_listing_clear(NULL);
}

static void
test_primary(void)
{
	struct lrm_dataset ds = { 0 };
	struct lrm_paper *p;

	p = add_paper(&ds, "a", "A");
	CHECK(lrm_paper_primary(p) == NULL);
	CHECK(lrm_paper_primary(NULL) == NULL);

	/* A preprint first, the journal version later: the journal wins. */
	add_listing(p, "x.md", 1, NULL, "arXiv");
	add_listing(p, "x.md", 2, NULL, "NeurIPS");
	add_listing(p, "x.md", 3, NULL, "ICML");
	CHECK(lrm_paper_primary(p) == &p->listings[1]);

	/* Only preprints (any case), empty or absent venues: the first. */
	p = add_paper(&ds, "b", "B");
	add_listing(p, "x.md", 1, NULL, "ARXIV");
	add_listing(p, "x.md", 2, NULL, "biorxiv");
	add_listing(p, "x.md", 3, NULL, "MedRxiv");
	add_listing(p, "x.md", 4, NULL, "ssrn");
	add_listing(p, "x.md", 5, NULL, "preprint");
	add_listing(p, "x.md", 6, NULL, "GitHub");
	add_listing(p, "x.md", 7, NULL, "");
	add_listing(p, "x.md", 8, NULL, NULL);
	CHECK(lrm_paper_primary(p) == &p->listings[0]);

	/* A name that merely starts like a preprint server is published. */
	add_listing(p, "x.md", 9, NULL, "arXiv Workshop");
	CHECK(lrm_paper_primary(p) == &p->listings[8]);
	lrm_dataset_clear(&ds);
}

/* The survey of the bundled list: its journal listing's "code" is the
 * arXiv PDF, its preprint listing links the code. */
static void
test_code(void)
{
	struct lrm_dataset ds = { 0 };
	struct lrm_paper *p = add_paper(&ds, "a", "A");
	struct lrm_listing *l;

	CHECK(lrm_paper_code(p) == NULL);
	CHECK(lrm_paper_code(NULL) == NULL);
	l = add_listing(p, "x.md", 1, "Survey", "IEEE T-PAMI");
	l->code = xstrdup("https://arxiv.org/pdf/2503.23077");
	CHECK(lrm_paper_code(p) == NULL);
	l = add_listing(p, "x.md", 2, "Survey", "arXiv");
	l->code = xstrdup("https://github.com/yueliu1999/Awesome");
	CHECK_STR_EQ(lrm_paper_code(p), "https://github.com/yueliu1999/Awesome");
	/* else the first real one in listing order */
	l = add_listing(p, "x.md", 3, "Survey", "NeurIPS");
	l->code = xstrdup("https://github.com/else/where");
	CHECK_STR_EQ(lrm_paper_code(p), "https://github.com/yueliu1999/Awesome");
	/* but the primary listing's own, when real, comes first */
	free(p->listings[0].code);
	p->listings[0].code = xstrdup("https://github.com/journal/code");
	CHECK_STR_EQ(lrm_paper_code(p), "https://github.com/journal/code");
	lrm_dataset_clear(&ds);
}

static void
test_sections(void)
{
	struct lrm_dataset ds = { 0 };
	struct lrm_paper *p = add_paper(&ds, "a", "A");
	const char *out[8];

	CHECK_INT_EQ(lrm_paper_sections(p, out, 8), 0);
	add_listing(p, "x.md", 1, "Survey", NULL);
	add_listing(p, "x.md", 2, NULL, NULL);
	add_listing(p, "x.md", 3, "Methods / RL", NULL);
	add_listing(p, "x.md", 4, "Survey", NULL);
	add_listing(p, "y.md", 5, "Benchmarks", NULL);
	add_listing(p, "y.md", 6, "Methods / RL", NULL);

	CHECK_INT_EQ(lrm_paper_sections(p, out, 8), 3);
	CHECK_STR_EQ(out[0], "Survey");
	CHECK_STR_EQ(out[1], "Methods / RL");
	CHECK_STR_EQ(out[2], "Benchmarks");
	/* The pointers are the paper's own strings. */
	CHECK(out[0] == p->listings[0].section);

	/* Too small a buffer: filled as far as it goes, the count is still
	 * the whole count. */
	out[1] = NULL;
	CHECK_INT_EQ(lrm_paper_sections(p, out, 1), 3);
	CHECK_STR_EQ(out[0], "Survey");
	CHECK(out[1] == NULL);
	CHECK_INT_EQ(lrm_paper_sections(p, NULL, 0), 3);
	lrm_dataset_clear(&ds);
}

/* ------------------------------------------------------------------ */
/* Writing and reading back                                           */
/* ------------------------------------------------------------------ */

static void
test_emit_matches_format(void)
{
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	char *text = NULL;
	size_t len = 0;

	fill_survey(&ds);
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &text, &len, &err), LRM_OK);
	CHECK_STR_EQ(text, survey_yaml);
	CHECK_INT_EQ(len, strlen(survey_yaml));
	free(text);
	lrm_dataset_clear(&ds);

	/* An empty dataset is still a valid file. */
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &text, &len, &err), LRM_OK);
	CHECK_STR_EQ(text, "format: lrmsearch-papers/2\npapers: []\ncount: 0\n");
	free(text);
}

static void
test_round_trip(void)
{
	struct lrm_dataset ds = { 0 }, back = { 0 };
	lrm_error_t err = { 0 };
	char *text = NULL, *again = NULL, *third = NULL;
	size_t len = 0, again_len = 0, third_len = 0;

	fill_varied(&ds);
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &text, &len, &err), LRM_OK);
	CHECK(text != NULL && strlen(text) == len);
	/* Readable Unicode, escaped control characters, values that look
	 * like numbers, dates or null stay strings. */
	CHECK_CONTAINS(text, "  title: \"Café — “quoted” 数学\"\n");
	CHECK_CONTAINS(text, "\\\"no\\\": C:\\\\path\\\\x # not a comment");
	CHECK_CONTAINS(text, "tab\\there, new\\nline");
	CHECK_CONTAINS(text, "    venue: \"null\"\n");
	CHECK_CONTAINS(text, "    date: \"yes\"\n");
	CHECK_CONTAINS(text, "    line: 4000000000\n");
	CHECK_CONTAINS(text, "    venue_year: -44\n");
	CHECK_CONTAINS(text, "  title: \"2503.23077\"\n  listings: []\n");
	CHECK_CONTAINS(text, "Eighty Columns So That Any Line Folding Would");
	/* Absent fields are left out, not written as null. */
	CHECK(strstr(text, "null\n") == NULL);
	CHECK(strstr(text, "~") == NULL);

	CHECK_INT_EQ(lrm_dataset_parse(&back, "papers.yaml", text, len, &err),
		     LRM_OK);
	check_dataset_eq(&ds, &back);

	CHECK_INT_EQ(lrm_dataset_emit(&back, &again, &again_len, &err), LRM_OK);
	CHECK_INT_EQ(again_len, len);
	CHECK(again && memcmp(text, again, len) == 0);

	/* The same dataset twice gives the same bytes. */
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &third, &third_len, &err), LRM_OK);
	CHECK_INT_EQ(third_len, len);
	CHECK(third && memcmp(text, third, len) == 0);

	free(text);
	free(again);
	free(third);
	lrm_dataset_clear(&ds);
	lrm_dataset_clear(&back);
}

/* The packed form an index keeps: the same dataset back, no NUL byte. */
static void
test_pack_round_trip(void)
{
	struct lrm_dataset ds = { 0 }, back = { 0 }, yaml = { 0 };
	lrm_error_t err = { 0 };
	char *packed = NULL, *again = NULL, *text = NULL;
	size_t len = 0, again_len = 0, text_len = 0;

	fill_varied(&ds);
	CHECK_INT_EQ(lrm_dataset_pack(&ds, &packed, &len, &err), LRM_OK);
	CHECK(packed != NULL && strlen(packed) == len);
	CHECK(strncmp(packed, "lrmsearch-papers/2\n", 19) == 0);
	CHECK_INT_EQ(lrm_dataset_unpack(&back, "doc", packed, len, &err),
		     LRM_OK);
	/* as the YAML file reads back: the same papers in the same order */
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &text, &text_len, &err), LRM_OK);
	CHECK_INT_EQ(lrm_dataset_parse(&yaml, "y", text, text_len, &err),
		     LRM_OK);
	check_dataset_eq(&yaml, &back);
	CHECK_INT_EQ(lrm_dataset_pack(&back, &again, &again_len, &err),
		     LRM_OK);
	CHECK_INT_EQ(again_len, len);
	CHECK(again && memcmp(packed, again, len) == 0);

	/* the writer refuses what the YAML writer refuses */
	free(back.papers[0].title);
	back.papers[0].title = NULL;
	free(again);
	again = NULL;
	CHECK_INT_EQ(lrm_dataset_pack(&back, &again, &again_len, &err),
		     LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "'title' is missing");
	CHECK(again == NULL);

	free(packed);
	free(text);
	lrm_dataset_clear(&ds);
	lrm_dataset_clear(&back);
	lrm_dataset_clear(&yaml);
}

/* Whether LEN bytes of DATA unpack as damage: refused with a message
 * that contains MSG, and the dataset left empty. */
static void
check_unpack_refused(const char *data, size_t len, const char *msg)
{
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	lrm_status_t status = lrm_dataset_unpack(&ds, "doc", data, len, &err);

	CHECK(status == LRM_ERR_PARSE || status == LRM_ERR_INVALID);
	if (msg)
		CHECK_CONTAINS(err.msg, msg);
	CHECK(is_empty(&ds));
	lrm_dataset_clear(&ds);
}

/* A packed record that was changed or cut is refused, and leaves the
 * dataset empty: whatever the bytes, never a crash or a wrong paper.  The
 * damage is made from a real record, so the cases follow the schema. */
static void
test_pack_damage_refused(void)
{
	static const char head[] = "lrmsearch-papers/2\n";
	const size_t h = sizeof(head) - 1;
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	char *packed = NULL, *bad;
	size_t len = 0;

	fill_varied(&ds);
	free(ds.papers[1].id);
	ds.papers[1].id = xstrdup("aa");
	free(ds.papers[2].id);
	ds.papers[2].id = xstrdup("ab");
	CHECK_INT_EQ(lrm_dataset_pack(&ds, &packed, &len, &err), LRM_OK);
	lrm_dataset_clear(&ds);
	CHECK(len > h + 10 && memcmp(packed, head, h) == 0);
	bad = malloc(len + 32);
	CHECK(bad != NULL);
	if (!packed || !bad)
		goto cleanup;

	check_unpack_refused("", 0, "not a packed record");
	check_unpack_refused("format: lrmsearch-papers/2\n", 27,
			     "not a packed record");
	check_unpack_refused("lrmsearch-papers/3\n1;", 21,
			     "not a packed record");
	/* every copy cut short */
	for (size_t cut = 0; cut < len; cut++)
		check_unpack_refused(packed, cut, NULL);
	/* more papers than bytes */
	memcpy(bad, head, h);
	memcpy(bad + h, "99999999999999999999", 20);
	memcpy(bad + h + 20, packed + h + 1, len - h - 1);
	check_unpack_refused(bad, len + 19, "a number out of range");
	/* bytes after the record */
	memcpy(bad, packed, len);
	bad[len] = 'x';
	check_unpack_refused(bad, len + 1, "bytes after the record");
	/* the first paper's id ("N:...") made absent */
	{
		const char *colon = memchr(packed + h + 2, ':', len - h - 2);
		size_t id_len = strtoul(packed + h + 2, NULL, 10);
		size_t after = (size_t)(colon - packed) + 1 + id_len;

		memcpy(bad, packed, h + 2);
		bad[h + 2] = '~';
		memcpy(bad + h + 3, packed + after, len - after);
		check_unpack_refused(bad, h + 3 + len - after,
				     "'id' is missing");
	}
	/* a byte of a title made invalid UTF-8, then a NUL */
	{
		const char *t = strstr(packed, "Café");

		CHECK(t != NULL);
		if (t) {
			memcpy(bad, packed, len);
			bad[t - packed] = '\xff';
			check_unpack_refused(bad, len, "not valid UTF-8");
			bad[t - packed] = '\0';
			check_unpack_refused(bad, len, "a NUL in a string");
		}
	}
	/* the second id made equal to the third */
	{
		char *second = strstr(packed, "2:aa");

		CHECK(second != NULL);
		if (second) {
			memcpy(bad, packed, len);
			bad[second - packed + 3] = 'b';
			check_unpack_refused(bad, len, "same id");
		}
	}
cleanup:
	free(bad);
	free(packed);
}

/* data/lists.yaml: the bundled manifest loads, and a bad one is refused
 * with the list it is about. */
static void
test_manifest(void)
{
	static const char *const bad[][2] = {
		{ "- name: \"Bad Name\"\n  path: \"a.md\"\n", "'Bad Name'" },
		{ "- name: \"a\"\n  path: \"../a.md\"\n",
		  "must stay inside" },
		{ "- name: \"a\"\n  path: \"/etc/passwd\"\n",
		  "must stay inside" },
		{ "- name: \"a\"\n  path: \"a.md\"\n- name: \"a\"\n  "
		  "path: \"b.md\"\n",
		  "duplicate list name 'a'" },
		{ "- name: \"a\"\n", "'path'" },
	};
	struct lrm_manifest m = { 0 };
	lrm_error_t err = { 0 };
	char path[4096], bundled[4096];

	snprintf(bundled, sizeof(bundled), "%s/data/lists.yaml",
		 LRM_SOURCE_DIR);
	CHECK_INT_EQ(lrm_manifest_load(&m, bundled, &err), LRM_OK);
	CHECK_INT_EQ(m.n_lists, 4);
	CHECK(lrm_manifest_find(&m, "hemingkx") != NULL);
	CHECK(lrm_manifest_find(&m, "nope") == NULL);
	lrm_manifest_clear(&m);
	CHECK(m.lists == NULL && m.n_lists == 0);

	snprintf(path, sizeof(path), "%s/lists.yaml", check_tmpdir());
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[512];
		int n = snprintf(text, sizeof(text),
				 "format: lrmsearch-lists/1\nlists:\n%s"
				 "count: %d\n",
				 bad[i][0], strstr(bad[i][0], "b.md") ? 2 : 1);

		CHECK_INT_EQ(check_write_file(path, text, (size_t)n), 0);
		CHECK(lrm_manifest_load(&m, path, &err) != LRM_OK);
		CHECK_CONTAINS(err.msg, bad[i][1]);
		CHECK(m.lists == NULL && m.n_lists == 0);
	}
}

/* Hand-written files may use any YAML spelling of the same data. */
static void
test_parse_lenient_spellings(void)
{
	static const char text[] =
	    "# The dataset, by hand.\n"
	    "count: 2 # the writer puts it last; the reader takes it anywhere\n"
	    "papers:   # before format: order does not matter\n"
	    "  - title: Plain Title\n"
	    "    id: 'single-quoted'\n"
	    "    listings:\n"
	    "      - {line: 12, source: x.md, date: 2025-03, arxiv: 2503.23077,"
	    " section: ~, venue: null, venue_year: 2025}\n"
	    "      - line: \"7\"\n"
	    "        source: >-\n"
	    "          folded\n"
	    "          name.md\n"
	    "        code: &anchor \"anchors are fine\"\n"
	    "  - {id: b, title: \"\\u00e9t\\u00e9\", listings: []}\n"
	    "format: \"lrmsearch-papers/2\"\n";
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	const struct lrm_listing *l;

	CHECK_INT_EQ(lrm_dataset_parse(&ds, "hand.yaml", text,
				       strlen(text), &err),
		     LRM_OK);
	CHECK_STR_EQ(err.msg, "");
	CHECK_INT_EQ(ds.n_papers, 2);
	if (ds.n_papers != 2)
		goto cleanup;
	CHECK_STR_EQ(ds.papers[0].id, "single-quoted");
	CHECK_STR_EQ(ds.papers[0].title, "Plain Title");
	CHECK_INT_EQ(ds.papers[0].n_listings, 2);
	l = &ds.papers[0].listings[0];
	CHECK_STR_EQ(l->source, "x.md");
	CHECK_INT_EQ(l->line, 12);
	CHECK_STR_EQ(l->date, "2025-03");
	CHECK_STR_EQ(l->arxiv, "2503.23077");
	CHECK(l->section == NULL);
	CHECK(l->venue == NULL);
	CHECK_INT_EQ(l->venue_year, 2025);
	l = &ds.papers[0].listings[1];
	CHECK_INT_EQ(l->line, 7);
	CHECK_STR_EQ(l->source, "folded name.md");
	CHECK_STR_EQ(l->code, "anchors are fine");
	CHECK_STR_EQ(ds.papers[1].title, "été");
	CHECK_INT_EQ(ds.papers[1].n_listings, 0);
cleanup:
	lrm_dataset_clear(&ds);
}

/* The writer refuses what the reader would refuse, so a save can never
 * put an unloadable file in place of a good one. */
static void
test_emit_refuses_invalid(void)
{
	static const struct {
		const char *name, *phrase;
	} cases[] = {
		{ "no id", "paper 1: 'id' is missing" },
		{ "no title", "paper 1 ('a'): 'title' is missing" },
		{ "no source", "paper 1 ('a'), listing 1: 'source' is missing" },
		{ "line 0", "paper 1 ('a'), listing 1: 'line' must be at least 1" },
		{ "bad utf-8", "paper 1 ('a'): 'title' is not valid UTF-8" },
		{ "duplicate id", "papers 1 and 3 have the same id 'a'" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_dataset ds = { 0 };
		lrm_error_t err = { 0 };
		struct lrm_paper *p = add_paper(&ds, "a", "A");
		struct lrm_listing *l = add_listing(p, "x.md", 1, NULL, NULL);
		char *text = (char *)"unchanged";
		size_t len = 99;
		const char *path = check_path("papers.yaml");

		switch (i) {
		case 0:
			free(p->id);
			p->id = NULL;
			break;
		case 1:
			free(p->title);
			p->title = NULL;
			break;
		case 2:
			free(l->source);
			l->source = NULL;
			break;
		case 3:
			l->line = 0;
			break;
		case 4:
			free(p->title);
			p->title = xstrdup("bad \xC3\x28 byte");
			break;
		case 5:
			add_paper(&ds, "b", "B");
			add_paper(&ds, "a", "A again");
			break;
		}
		CHECK_INT_EQ(lrm_dataset_emit(&ds, &text, &len, &err),
			     LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, cases[i].phrase);
		CHECK(text == NULL && len == 0);

		/* Saving fails the same way, names the file and leaves the
		 * old one alone. */
		CHECK_INT_EQ(check_write_file(path, "old", 3), 0);
		err.msg[0] = '\0';
		CHECK_INT_EQ(lrm_dataset_save(&ds, path, &err),
			     LRM_ERR_INVALID);
		CHECK(strncmp(err.msg, path, strlen(path)) == 0);
		CHECK_CONTAINS(err.msg, cases[i].phrase);
		text = read_whole(path, &len);
		CHECK_STR_EQ(text, "old");
		free(text);
		CHECK_INT_EQ(count_entries(check_tmpdir()), 1);
		lrm_dataset_clear(&ds);
	}
}

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

static void
test_save_and_load(void)
{
	struct lrm_dataset ds = { 0 }, back = { 0 };
	lrm_error_t err = { 0 };
	const char *dir = check_tmpdir();
	char path[4096], *text = NULL, *emitted = NULL;
	size_t len = 0, emitted_len = 0;
	struct stat st;

	snprintf(path, sizeof(path), "%s", check_path("papers.yaml"));
	fill_varied(&ds);
	CHECK_INT_EQ(lrm_dataset_emit(&ds, &emitted, &emitted_len, &err),
		     LRM_OK);

	CHECK_INT_EQ(lrm_dataset_save(&ds, path, &err), LRM_OK);
	CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode));
	/* Only the file itself: no temporary left beside it. */
	CHECK_INT_EQ(count_entries(dir), 1);
	text = read_whole(path, &len);
	CHECK(text && len == emitted_len &&
	      memcmp(text, emitted, len) == 0);
	free(text);

	CHECK_INT_EQ(lrm_dataset_load(&back, path, &err), LRM_OK);
	check_dataset_eq(&ds, &back);
	lrm_dataset_clear(&back);

	/* Saving over a different, longer dataset replaces it whole. */
	lrm_dataset_clear(&ds);
	fill_survey(&ds);
	CHECK_INT_EQ(lrm_dataset_save(&ds, path, &err), LRM_OK);
	text = read_whole(path, &len);
	CHECK_STR_EQ(text, survey_yaml);
	free(text);
	CHECK_INT_EQ(count_entries(dir), 1);

	free(emitted);
	lrm_dataset_clear(&ds);
}

/* ------------------------------------------------------------------ */
/* What a save may replace                                            */
/* ------------------------------------------------------------------ */

/* A one-abstract cache, to save as the dataset is. */
static void
fill_cache(struct lrm_abstracts *cache)
{
	struct lrm_abstract *a = lrm_abstracts_add(cache);

	if (!CHECK(a != NULL))
		abort();
	a->arxiv = xstrdup("2503.23077");
	a->abstract = xstrdup("A survey.");
	a->fetched = xstrdup("2026-01-01T00:00:00Z");
}

/* Save the survey dataset (CACHE 0) or a one-abstract cache (CACHE 1) to
 * PATH; returns the status, the message in ERR. */
static lrm_status_t
save_one(int cache, const char *path, lrm_error_t *err)
{
	struct lrm_dataset ds = { 0 };
	struct lrm_abstracts ab = { 0 };
	lrm_status_t status;

	if (cache) {
		fill_cache(&ab);
		status = lrm_abstracts_save(&ab, path, err);
	} else {
		fill_survey(&ds);
		status = lrm_dataset_save(&ds, path, err);
	}
	lrm_dataset_clear(&ds);
	lrm_abstracts_clear(&ab);
	return status;
}

/* The format line a save of CACHE writes. */
static const char *
format_line(int cache)
{
	return cache ? "format: lrmsearch-abstracts/2\n"
		     : "format: lrmsearch-papers/2\n";
}

/* Whether PATH holds exactly TEXT. */
static int
holds(const char *path, const char *text)
{
	size_t len = 0;
	char *got = read_whole(path, &len);
	int same = got && len == strlen(text) && memcmp(got, text, len) == 0;

	free(got);
	return same;
}

static int
starts_with_file(const char *path, const char *text)
{
	size_t len = 0;
	char *got = read_whole(path, &len);
	int same = got && strncmp(got, text, strlen(text)) == 0;

	free(got);
	return same;
}

/* A list, a README, a file of the other store, a directory, a FIFO, and
 * a link to a list: none is replaced, each says what it is and what to
 * do, and nothing is left beside them.  (import -o and fetch --cache
 * save through here.) */
static void
test_save_refuses_what_is_not_ours(void)
{
	static const char list[] = "# My list\n\n| Title |\n| - |\n| A |\n";
	static const char yamlish[] = "title: my notes\nformat: lrmsearch-"
				      "papers/2\n";

	for (int cache = 0; cache <= 1; cache++) {
		char dir[4096], path[4200], other[4200], link[4200], want[8600];
		lrm_error_t err = { 0 };
		struct stat st;

		/* A directory per round, so that each can be counted. */
		snprintf(dir, sizeof(dir), "%s/%d", check_tmpdir(), cache);
		CHECK_INT_EQ(mkdir(dir, 0755), 0);

		snprintf(path, sizeof(path), "%s/list.md", dir);
		CHECK_INT_EQ(check_write_file(path, list, strlen(list)), 0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_ERR_INVALID);
		snprintf(want, sizeof(want),
			 "%s: will not replace this with %s: it does not "
			 "start with 'format: lrmsearch-%s/...'; give the name "
			 "of %s or of a new file (or remove this one first, if "
			 "it may go)",
			 path, cache ? "an abstracts cache" : "a dataset",
			 cache ? "abstracts" : "papers",
			 cache ? "an abstracts cache" : "a dataset");
		CHECK_STR_EQ(err.msg, want);
		CHECK(holds(path, list));

		/* YAML, but 'format' is not its first key. */
		snprintf(path, sizeof(path), "%s/notes.yaml", dir);
		CHECK_INT_EQ(check_write_file(path, yamlish, strlen(yamlish)),
			     0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_ERR_INVALID);
		CHECK(holds(path, yamlish));

		/* The other store's file: a typo between the two. */
		snprintf(other, sizeof(other), "%s/other.yaml", dir);
		CHECK_INT_EQ(save_one(!cache, other, &err), LRM_OK);
		CHECK_INT_EQ(save_one(cache, other, &err), LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, cache ? "its format is "
						"\"lrmsearch-papers/2\", not "
						"\"lrmsearch-abstracts/...\""
					      : "its format is "
						"\"lrmsearch-abstracts/2\", not "
						"\"lrmsearch-papers/...\"");
		CHECK(starts_with_file(other, format_line(!cache)));

		snprintf(path, sizeof(path), "%s/adir", dir);
		CHECK_INT_EQ(mkdir(path, 0755), 0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, "adir: will not replace this with");
		CHECK_CONTAINS(err.msg, "it is a directory");
		CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));

		/* Never opened, so never waited on. */
		snprintf(path, sizeof(path), "%s/fifo", dir);
		CHECK_INT_EQ(mkfifo(path, 0644), 0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, "fifo: will not replace this with");
		CHECK_CONTAINS(err.msg, "it is a FIFO");
		CHECK(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode));

		/* A link is judged by what it points to. */
		snprintf(path, sizeof(path), "%s/list.md", dir);
		snprintf(link, sizeof(link), "%s/link.yaml", dir);
		CHECK_INT_EQ(symlink("list.md", link), 0);
		CHECK_INT_EQ(save_one(cache, link, &err), LRM_ERR_INVALID);
		snprintf(want, sizeof(want), "%s (a link to %s): will not "
					     "replace this with",
			 link, path);
		CHECK_CONTAINS(err.msg, want);
		CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
		CHECK(holds(path, list));

		if (geteuid() == 0) {
			/* A device node as /dev/null is (char 1:3). */
			snprintf(path, sizeof(path), "%s/null", dir);
			CHECK_INT_EQ(mknod(path, S_IFCHR | 0666,
					   makedev(1, 3)),
				     0);
			CHECK_INT_EQ(save_one(cache, path, &err),
				     LRM_ERR_INVALID);
			CHECK_CONTAINS(err.msg, "it is a character device");
			CHECK(lstat(path, &st) == 0 && S_ISCHR(st.st_mode));
		} else {
			printf("  SKIP: a device node (needs root to make "
			       "one)\n");
		}
		/* Only what was there: list.md, notes.yaml, other.yaml,
		 * adir, fifo, link.yaml (and null). */
		CHECK_INT_EQ(count_entries(dir), geteuid() == 0 ? 7 : 6);
	}
}

/* A file of ours, of this format or an older one, and an empty file are
 * replaced. */
static void
test_save_replaces_ours(void)
{
	static const char old_dataset[] = "format: lrmsearch-papers/1\n"
					  "papers: []\n";
	static const char old_cache[] = "# a comment first\n"
					"format: \"lrmsearch-abstracts/1\"\n"
					"abstracts: []\n";

	for (int cache = 0; cache <= 1; cache++) {
		const char *dir = check_tmpdir();
		char path[4096];
		lrm_error_t err = { 0 };

		snprintf(path, sizeof(path), "%s/store%d.yaml", dir, cache);
		CHECK_INT_EQ(check_write_file(path, "", 0), 0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK(starts_with_file(path, format_line(cache)));

		/* Ours, as written: replaced again. */
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK(starts_with_file(path, format_line(cache)));

		CHECK_INT_EQ(check_write_file(path,
					      cache ? old_cache : old_dataset,
					      strlen(cache ? old_cache
							   : old_dataset)),
			     0);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK_STR_EQ(err.msg, "");
		CHECK(starts_with_file(path, format_line(cache)));
	}
	CHECK_INT_EQ(count_entries(check_tmpdir()), 2);
}

/* Whether PATH is a symbolic link to TO. */
static int
links_to(const char *path, const char *to)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, to) == 0;
}

/* A link stays a link and its target gets the new contents: directly, in
 * a chain, relative to the link's own directory, and dangling (the target
 * is created).  A loop fails. */
static void
test_save_follows_links(void)
{
	for (int cache = 0; cache <= 1; cache++) {
		const char *dir = check_tmpdir();
		char real[4096], link[4096], chain[4096], sub[4096];
		lrm_error_t err = { 0 };
		struct stat st;

		snprintf(real, sizeof(real), "%s/real%d.yaml", dir, cache);
		CHECK_INT_EQ(check_write_file(real, "", 0), 0);
		snprintf(link, sizeof(link), "%s/link%d.yaml", dir, cache);
		CHECK_INT_EQ(symlink(real, link), 0);
		CHECK_INT_EQ(save_one(cache, link, &err), LRM_OK);
		CHECK(links_to(link, real));
		CHECK(starts_with_file(real, format_line(cache)));

		/* chain -> link -> real */
		snprintf(chain, sizeof(chain), "%s/chain%d.yaml", dir, cache);
		CHECK_INT_EQ(symlink(link, chain), 0);
		CHECK_INT_EQ(check_write_file(real, "", 0), 0);
		CHECK_INT_EQ(save_one(cache, chain, &err), LRM_OK);
		CHECK(links_to(chain, link) && links_to(link, real));
		CHECK(starts_with_file(real, format_line(cache)));

		/* sub/rel -> ../real: relative to sub/, not to here. */
		snprintf(sub, sizeof(sub), "%s/sub%d", dir, cache);
		CHECK_INT_EQ(mkdir(sub, 0755), 0);
		snprintf(sub, sizeof(sub), "%s/sub%d/rel.yaml", dir, cache);
		snprintf(chain, sizeof(chain), "../real%d.yaml", cache);
		CHECK_INT_EQ(symlink(chain, sub), 0);
		CHECK_INT_EQ(check_write_file(real, "", 0), 0);
		CHECK_INT_EQ(save_one(cache, sub, &err), LRM_OK);
		CHECK(links_to(sub, chain));
		CHECK(starts_with_file(real, format_line(cache)));
		/* The temporary file was made beside the target. */
		snprintf(sub, sizeof(sub), "%s/sub%d", dir, cache);
		CHECK_INT_EQ(count_entries(sub), 1);

		/* A dangling link: its target is created, as a shell's '>'
		 * would. */
		snprintf(link, sizeof(link), "%s/dangling%d.yaml", dir, cache);
		snprintf(real, sizeof(real), "%s/new%d.yaml", dir, cache);
		CHECK_INT_EQ(symlink(real, link), 0);
		CHECK_INT_EQ(save_one(cache, link, &err), LRM_OK);
		CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
		CHECK(starts_with_file(real, format_line(cache)));

		/* a -> b -> a */
		snprintf(link, sizeof(link), "%s/loop-a%d", dir, cache);
		snprintf(chain, sizeof(chain), "%s/loop-b%d", dir, cache);
		CHECK_INT_EQ(symlink(chain, link), 0);
		CHECK_INT_EQ(symlink(link, chain), 0);
		CHECK_INT_EQ(save_one(cache, link, &err), LRM_ERR_INVALID);
		CHECK_CONTAINS(err.msg, "more than 40 symbolic links in a row");
		CHECK(links_to(link, chain) && links_to(chain, link));
	}
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0u;
}

/* A replaced file keeps its permission bits (also through a link); a new
 * one gets 0666 less the umask, as files of any tool do. */
static void
test_save_keeps_permissions(void)
{
	static const unsigned modes[] = { 0600, 0640, 0664, 0444 };
	mode_t old_umask = umask(022);

	for (int cache = 0; cache <= 1; cache++) {
		const char *dir = check_tmpdir();
		char path[4096], link[4096];
		lrm_error_t err = { 0 };

		snprintf(path, sizeof(path), "%s/store%d.yaml", dir, cache);
		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
			CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
			CHECK_INT_EQ(chmod(path, modes[i]), 0);
			CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
			CHECK_INT_EQ(mode_of(path), modes[i]);
			unlink(path);
		}
		snprintf(link, sizeof(link), "%s/link%d.yaml", dir, cache);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK_INT_EQ(chmod(path, 0600), 0);
		CHECK_INT_EQ(symlink(path, link), 0);
		CHECK_INT_EQ(save_one(cache, link, &err), LRM_OK);
		CHECK_INT_EQ(mode_of(path), 0600);
		unlink(path);

		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK_INT_EQ(mode_of(path), 0644);
		unlink(path);
		umask(077);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK_INT_EQ(mode_of(path), 0600);
		unlink(path);
		umask(002);
		CHECK_INT_EQ(save_one(cache, path, &err), LRM_OK);
		CHECK_INT_EQ(mode_of(path), 0664);
		umask(022);
	}
	umask(old_umask);
}

static void
test_save_to_missing_directory(void)
{
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s", check_path("missing/papers.yaml"));
	fill_survey(&ds);
	CHECK_INT_EQ(lrm_dataset_save(&ds, path, &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, path);
	CHECK(stat(path, &st) != 0);
	CHECK_INT_EQ(count_entries(check_tmpdir()), 0);
	lrm_dataset_clear(&ds);
}

/* lrm_file_mkdir_p(): what `mkdir -p` makes, and a file where a
 * directory should be is an error, at the end of the path as well as in
 * the middle. */
static void
test_mkdir_p(void)
{
	lrm_error_t err = { 0 };
	char path[4096], file[4096], want[4200];
	struct stat st;
	mode_t old_umask = umask(022);

	snprintf(path, sizeof(path), "%s", check_path("a/b//c/"));
	CHECK_INT_EQ(lrm_file_mkdir_p(path, 0750, &err), LRM_OK);
	CHECK(stat(check_path("a/b/c"), &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_INT_EQ(st.st_mode & 07777, 0750);
	CHECK(stat(check_path("a"), &st) == 0 && S_ISDIR(st.st_mode));
	/* there already: nothing to do */
	CHECK_INT_EQ(lrm_file_mkdir_p(path, 0755, &err), LRM_OK);
	CHECK_INT_EQ(lrm_file_mkdir_p(check_tmpdir(), 0755, &err), LRM_OK);
	/* a link to a directory is one */
	CHECK(symlink("a/b", check_path("link")) == 0);
	CHECK_INT_EQ(lrm_file_mkdir_p(check_path("link"), 0755, &err), LRM_OK);
	CHECK_INT_EQ(lrm_file_mkdir_p(check_path("link/d"), 0755, &err),
		     LRM_OK);
	CHECK(stat(check_path("a/b/d"), &st) == 0 && S_ISDIR(st.st_mode));

	/* a file at the end of the path, or in the middle */
	snprintf(file, sizeof(file), "%s", check_path("file"));
	CHECK(check_write_file(file, "x", 1) == 0);
	CHECK_INT_EQ(lrm_file_mkdir_p(file, 0755, &err), LRM_ERR_IO);
	snprintf(want, sizeof(want), "%s: cannot create: Not a directory", file);
	CHECK_STR_EQ(err.msg, want);
	snprintf(path, sizeof(path), "%s", check_path("file/sub/dir"));
	CHECK_INT_EQ(lrm_file_mkdir_p(path, 0755, &err), LRM_ERR_IO);
	snprintf(want, sizeof(want), "%s: cannot create: Not a directory", path);
	CHECK_STR_EQ(err.msg, want);
	CHECK(lstat(file, &st) == 0 && S_ISREG(st.st_mode));

	/* a name longer than the system takes (NAME_MAX is 255) */
	{
		char name[301];

		memset(name, 'd', 300);
		name[300] = '\0';
		snprintf(path, sizeof(path), "%s/%s/x", check_tmpdir(), name);
		CHECK_INT_EQ(lrm_file_mkdir_p(path, 0755, &err), LRM_ERR_IO);
		snprintf(want, sizeof(want), "%s: cannot create: %s", path,
			 strerror(ENAMETOOLONG));
		CHECK_STR_EQ(err.msg, want);
	}
	CHECK_INT_EQ(lrm_file_mkdir_p("", 0755, &err), LRM_ERR_INVALID);
	umask(old_umask);
}

static void
test_load_io_errors(void)
{
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s", check_path("absent.yaml"));
	CHECK_INT_EQ(lrm_dataset_load(&ds, path, &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, path);
	CHECK(is_empty(&ds));

	CHECK_INT_EQ(lrm_dataset_load(&ds, check_tmpdir(), &err), LRM_ERR_IO);
	CHECK_CONTAINS(err.msg, check_tmpdir());
	CHECK_CONTAINS(err.msg, "directory");
	CHECK(is_empty(&ds));
}

/* A bad file on disk: the message starts with the path as given. */
static void
test_load_reports_path(void)
{
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	char path[4096], prefix[4200];
	static const char text[] = "format: lrmsearch-papers/2\n"
				   "papers:\n"
				   "- id: \"a\"\n"
				   "  titel: \"A\"\n"
				   "count: 1\n";

	snprintf(path, sizeof(path), "%s", check_path("papers.yaml"));
	CHECK_INT_EQ(check_write_file(path, text, strlen(text)), 0);
	CHECK_INT_EQ(lrm_dataset_load(&ds, path, &err), LRM_ERR_INVALID);
	snprintf(prefix, sizeof(prefix), "%s:4:3: unknown key 'titel' in a paper",
		 path);
	CHECK_STR_EQ(err.msg, prefix);
	CHECK(is_empty(&ds));
}

/* ------------------------------------------------------------------ */
/* Bad input                                                          */
/* ------------------------------------------------------------------ */

#define HEAD "format: lrmsearch-papers/2\npapers:\n"
#define EMPTY "format: lrmsearch-papers/2\npapers: []\ncount: 0\n"
/* Closes a file as the writer does: without it, any file is cut short. */
#define TAIL "count: 1\n"
#define EMPTY_NO_COUNT "format: lrmsearch-papers/2\npapers: []\n"

static const struct bad_case {
	const char *what;
	const char *text;
	lrm_status_t status;
	const char *prefix; /* the exact "name:line:column: " */
	const char *phrase; /* what the message must say */
} bad_cases[] = {
	/* Not YAML at all. */
	{ "unclosed quote", HEAD "- id: \"a\n  title: b\n" TAIL, LRM_ERR_PARSE,
	  "papers.yaml:6:1: ",
	  "invalid YAML: found unexpected end of stream (while scanning a "
	  "quoted scalar starting at line 3, column 7)" },
	{ "bad indentation", HEAD "- id: \"a\"\n   title: \"b\"\n" TAIL,
	  LRM_ERR_PARSE, "papers.yaml:4:4: ",
	  "invalid YAML: did not find expected key (while parsing a block "
	  "mapping starting at line 3, column 3)" },
	{ "unclosed flow", HEAD "- {id: \"a\", title: \"b\"\n" TAIL, LRM_ERR_PARSE,
	  "papers.yaml:4:", "invalid YAML" },
	{ "invalid utf-8", HEAD "- id: \"caf\xC3\x28\"\n" TAIL, LRM_ERR_PARSE,
	  "papers.yaml:3:12: ", "invalid text: invalid trailing UTF-8 octet" },
	{ "tab indentation", HEAD "- id: \"a\"\n\ttitle: \"b\"\n" TAIL,
	  LRM_ERR_PARSE, "papers.yaml:4:1: ", "invalid YAML" },

	/* Aliases, however harmless they look. */
	{ "alias bomb",
	  HEAD "- &a {id: \"a\", title: \"b\", listings: []}\n"
	       "- *a\n"
	       "- [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:3: ", "aliases are not allowed" },
	{ "alias as a value",
	  HEAD "- id: &x \"a\"\n  title: *x\n  listings: []\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:10: ",
	  "aliases are not allowed (found *x)" },
	{ "alias as a key",
	  "&k format: lrmsearch-papers/2\n*k : x\n" TAIL, LRM_ERR_INVALID,
	  "papers.yaml:2:1: ", "aliases are not allowed" },

	/* The top level. */
	{ "empty file", "", LRM_ERR_INVALID, "papers.yaml:1:1: ",
	  "empty file, expected a dataset" },
	{ "only comments", "# nothing here\n\n# still nothing\n",
	  LRM_ERR_INVALID, "papers.yaml:4:1: ", "empty file" },
	{ "top level is a sequence", "- a\n- b\n", LRM_ERR_INVALID,
	  "papers.yaml:1:1: ",
	  "expected a dataset (a mapping with 'format', 'papers' and 'count'), "
	  "found a sequence" },
	{ "top level is a scalar", "hello\n", LRM_ERR_INVALID,
	  "papers.yaml:1:1: ", "found a scalar" },
	{ "two documents", EMPTY "---\n" EMPTY, LRM_ERR_INVALID,
	  "papers.yaml:4:1: ", "a second YAML document" },
	{ "another format", "format: lrmsearch-abstracts/2\npapers: []\n",
	  LRM_ERR_INVALID, "papers.yaml:1:9: ",
	  "unsupported format \"lrmsearch-abstracts/2\"; this version reads "
	  "\"lrmsearch-papers/2\"" },
	{ "format 1, before 'count'", "format: lrmsearch-papers/1\npapers: []\n",
	  LRM_ERR_INVALID, "papers.yaml:1:9: ",
	  "format \"lrmsearch-papers/1\" comes from an older lrmindex; this "
	  "one reads only \"lrmsearch-papers/2\": make it anew from its lists "
	  "with 'lrmindex import LIST.md...'" },
	{ "a newer format", "format: lrmsearch-papers/10\npapers: []\n",
	  LRM_ERR_INVALID, "papers.yaml:1:9: ",
	  "format \"lrmsearch-papers/10\" comes from a newer lrmindex" },
	{ "a format of the family, but no version",
	  "format: lrmsearch-papers/2b\npapers: []\n", LRM_ERR_INVALID,
	  "papers.yaml:1:9: ", "unsupported format \"lrmsearch-papers/2b\"" },
	{ "format is a mapping", "format: {v: 1}\npapers: []\n",
	  LRM_ERR_INVALID, "papers.yaml:1:9: ",
	  "'format' must be a string, found a mapping" },
	{ "missing format", "papers: []\n", LRM_ERR_INVALID,
	  "papers.yaml:1:1: ",
	  "missing required key 'format' at the top level (starting here)" },
	{ "missing papers", "format: lrmsearch-papers/2\n" TAIL, LRM_ERR_INVALID,
	  "papers.yaml:1:1: ", "missing required key 'papers' at the top level" },
	{ "unknown top-level key", EMPTY "authors: []\n", LRM_ERR_INVALID,
	  "papers.yaml:4:1: ", "unknown key 'authors' at the top level" },
	{ "duplicate format",
	  "format: lrmsearch-papers/2\nformat: lrmsearch-papers/2\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:2:1: ",
	  "duplicate key 'format' at the top level" },
	{ "papers is a mapping", HEAD "  a: 1\n" TAIL, LRM_ERR_INVALID,
	  "papers.yaml:3:3: ",
	  "'papers' must be a sequence of papers, found a mapping" },
	{ "papers is empty", HEAD TAIL, LRM_ERR_INVALID, "papers.yaml:2:8: ",
	  "'papers' must be a sequence of papers, found an empty value" },
	{ "complex key", "? [a, b]\n: c\n", LRM_ERR_INVALID,
	  "papers.yaml:1:3: ", "expected a key at the top level, found a "
			      "sequence" },

	/* A paper. */
	{ "paper is a sequence", HEAD "- [a, b]\n" TAIL, LRM_ERR_INVALID,
	  "papers.yaml:3:3: ",
	  "expected a mapping for a paper, found a sequence" },
	{ "paper is a scalar", HEAD "- just a title\n" TAIL, LRM_ERR_INVALID,
	  "papers.yaml:3:3: ", "expected a mapping for a paper, found a scalar" },
	{ "title is a sequence",
	  HEAD "- id: \"a\"\n  title: [\"b\"]\n  listings: []\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:10: ",
	  "'title' must be a string, found a sequence" },
	{ "title is null", HEAD "- id: \"a\"\n  title:\n  listings: []\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:9: ",
	  "'title' must be a string, found an empty value" },
	{ "title has a NUL", HEAD "- id: \"a\"\n  title: \"x\\0y\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:10: ",
	  "'title' contains a NUL character" },
	{ "missing title", HEAD "- id: \"a\"\n  listings: []\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:3:3: ",
	  "missing required key 'title' in a paper (starting here)" },
	{ "missing id", HEAD "- title: \"a\"\n  listings: []\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:3:3: ",
	  "missing required key 'id' in a paper" },
	{ "missing listings", HEAD "- id: \"a\"\n  title: \"b\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:3:3: ",
	  "missing required key 'listings' in a paper" },
	{ "duplicate title",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  title: \"c\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:5:3: ",
	  "duplicate key 'title' in a paper" },
	{ "unknown paper key", HEAD "- id: \"a\"\n  titel: \"b\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:4:3: ",
	  "unknown key 'titel' in a paper" },
	{ "listings is a mapping",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings: {}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:5:13: ",
	  "'listings' must be a sequence of listings, found a mapping" },
	{ "duplicate paper id",
	  HEAD "- {id: \"a\", title: \"A\", listings: []}\n"
	       "- {id: \"b\", title: \"B\", listings: []}\n"
	       "- {id: \"a\", title: \"A2\", listings: []}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:5:3: ",
	  "duplicate paper id 'a' (first used by the paper at line 3)" },

	/* A listing. */
	{ "listing is a scalar",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n  - x.md\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:5: ",
	  "expected a mapping for a listing, found a scalar" },
	{ "line is abc",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - source: \"x.md\"\n    line: abc\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:7:11: ",
	  "'line' must be a positive integer, found \"abc\"" },
	{ "line is negative",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - source: \"x.md\"\n    line: -3\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:7:11: ",
	  "'line' must be a positive integer, found \"-3\"" },
	{ "line is zero",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: 0}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ",
	  "'line' must be a positive integer, found \"0\"" },
	{ "line overflows",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: 99999999999999999999}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ",
	  "'line' must be a positive integer, found \"99999999999999999999\"" },
	{ "line is past unsigned",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: 4294967296}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ", "must be a positive integer" },
	{ "line has trailing junk",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: \"12 \"}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ", "found \"12 \"" },
	{ "line in hex",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: 0x1F}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ", "found \"0x1F\"" },
	{ "line is a mapping",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: {n: 1}}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:28: ",
	  "'line' must be a positive integer, found a mapping" },
	{ "venue_year is text",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - {source: \"x.md\", line: 1, venue_year: twenty}\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:43: ",
	  "'venue_year' must be an integer, found \"twenty\"" },
	{ "missing source",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n  - line: 4\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:5: ",
	  "missing required key 'source' in a listing (starting here)" },
	{ "missing line",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n  - source: x\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:5: ",
	  "missing required key 'line' in a listing" },
	{ "unknown listing key",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - source: \"x.md\"\n    line: 1\n    titel: \"oops\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:8:5: ",
	  "unknown key 'titel' in a listing" },
	{ "duplicate listing key",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - source: \"x.md\"\n    line: 1\n    source: \"y.md\"\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:8:5: ",
	  "duplicate key 'source' in a listing" },
	{ "nested where a scalar belongs",
	  HEAD "- id: \"a\"\n  title: \"b\"\n  listings:\n"
	       "  - source: [[[[[[[[[[[[[[[[[[[[[[[[\"x\"]]]]]]]]]]]]]]]]]]]]]]]\n" TAIL,
	  LRM_ERR_INVALID, "papers.yaml:6:13: ",
	  "'source' must be a string, found a sequence" },

	/* Not whole: 'count', written last, is missing or wrong. */
	{ "no count", EMPTY_NO_COUNT, LRM_ERR_INVALID, "papers.yaml:3:1: ",
	  "the dataset is not whole: 'count', the key written last, is "
	  "missing (a truncated copy?); restore a whole copy, or make it "
	  "anew from its lists with 'lrmindex import LIST.md...'" },
	{ "count too large", EMPTY_NO_COUNT "count: 1\n", LRM_ERR_INVALID,
	  "papers.yaml:3:8: ",
	  "the dataset is not whole: 'count' is 1, but it holds 0 papers (a "
	  "truncated copy?)" },
	{ "count too small", HEAD "- {id: a, title: A, listings: []}\n"
			     "- {id: b, title: B, listings: []}\n"
			     "count: 1\n",
	  LRM_ERR_INVALID, "papers.yaml:5:8: ",
	  "'count' is 1, but it holds 2 papers" },
	{ "count cut short", HEAD "- {id: a, title: A, listings: []}\n"
			     "count:\n",
	  LRM_ERR_INVALID, "papers.yaml:4:7: ",
	  "the dataset is not whole: 'count' must be a number, found \"\"" },
	{ "count negative", EMPTY_NO_COUNT "count: -1\n", LRM_ERR_INVALID,
	  "papers.yaml:3:8: ", "'count' must be a number, found \"-1\"" },
	{ "count is a sequence", EMPTY_NO_COUNT "count: [0]\n",
	  LRM_ERR_INVALID, "papers.yaml:3:8: ",
	  "'count' must be a number, found a sequence" },
	{ "duplicate count", EMPTY "count: 0\n", LRM_ERR_INVALID,
	  "papers.yaml:4:1: ", "duplicate key 'count' at the top level" },
	{ "no line break at the end", "format: lrmsearch-papers/2\npapers: []\n"
				      "count: 0",
	  LRM_ERR_INVALID, "papers.yaml:3:9: ",
	  "the dataset is not whole: its last line has no line break (a "
	  "truncated copy?)" },
	{ "cut inside a paper", HEAD "- id: \"a\"\n  title: \"b\"\n",
	  LRM_ERR_INVALID, "papers.yaml:5:1: ",
	  "the dataset is not whole: it ends without 'count', the key written "
	  "last (a truncated copy?)" },
	{ "cut inside a string", HEAD "- id: \"a\"\n  title: \"b",
	  LRM_ERR_INVALID, "papers.yaml:4:12: ",
	  "the dataset is not whole: it ends without 'count'" },
	{ "cut inside the count key", EMPTY_NO_COUNT "cou",
	  LRM_ERR_INVALID, "papers.yaml:3:4: ",
	  "the dataset is not whole: it ends without 'count'" },
};

static void
test_bad_input(void)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct lrm_dataset ds = { 0 };
		lrm_error_t err = { 0 };
		lrm_status_t status;

		status = lrm_dataset_parse(&ds, "papers.yaml", c->text,
					   strlen(c->text), &err);
		if (status != c->status ||
		    strncmp(err.msg, c->prefix, strlen(c->prefix)) != 0 ||
		    !strstr(err.msg, c->phrase))
			check_fail(__FILE__, __LINE__,
				   "%s: status %d (want %d), message \"%s\", "
				   "want \"%s...%s...\"",
				   c->what, (int)status, (int)c->status,
				   err.msg, c->prefix, c->phrase);
		CHECK(is_empty(&ds));
		lrm_dataset_clear(&ds);
	}
}

/* Deep nesting anywhere fails at once, without recursion or blow-up. */
static void
test_deep_nesting(void)
{
	size_t depth = 100000;
	char *text = malloc(2 * depth + 80);
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	size_t n = 0;

	if (!CHECK(text != NULL))
		return;
	n += (size_t)sprintf(text, "format: lrmsearch-papers/2\npapers: ");
	for (size_t i = 0; i < depth; i++)
		text[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		text[n++] = ']';
	n += (size_t)sprintf(text + n, "\ncount: 0\n");
	CHECK_INT_EQ(lrm_dataset_parse(&ds, "deep.yaml", text, n, &err),
		     LRM_ERR_INVALID);
	CHECK_CONTAINS(err.msg, "deep.yaml:2:10: expected a mapping for a "
				"paper, found a sequence");
	CHECK(is_empty(&ds));
	free(text);
}

/* On failure DATASET is left empty even when papers were read before the
 * error. */
static void
test_failure_leaves_dataset_empty(void)
{
	static const char text[] =
	    HEAD "- {id: \"a\", title: \"A\", listings: [{source: x, line: 1}]}\n"
		 "- {id: \"b\", title: \"B\", listings: [{source: x, line: 0}]}\n";
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };

	CHECK_INT_EQ(lrm_dataset_parse(&ds, "papers.yaml", text, strlen(text),
				       &err),
		     LRM_ERR_INVALID);
	CHECK(is_empty(&ds));
	/* A NULL error is allowed: the status alone still tells. */
	CHECK_INT_EQ(lrm_dataset_parse(&ds, "papers.yaml", text, strlen(text),
				       NULL),
		     LRM_ERR_INVALID);
	CHECK(is_empty(&ds));
}

/* ------------------------------------------------------------------ */
/* Truncated copies                                                   */
/* ------------------------------------------------------------------ */

/* Whether the cut at byte CUT of LEN is one the test tries: every byte
 * of the first 512 and the last 256; in the first 96 KiB (the first
 * hundred-odd papers) every line boundary and every 97th byte; beyond
 * it every 4099th byte.  Each try parses the whole prefix, so trying
 * every line of the 600 KB bundled corpus would take minutes; the cuts
 * kept reach every field of a record and every part of the file. */
static int
is_tried_cut(const char *text, size_t len, size_t cut)
{
	if (cut < 512 || cut + 256 > len)
		return 1;
	if (cut < 96 * 1024)
		return text[cut - 1] == '\n' || cut % 97 == 0;
	return cut % 4099 == 0;
}

/* Check that the first CUT bytes of TEXT are refused as not whole by
 * PARSE; returns 1 when they were. */
static int
refused_as_cut(lrm_status_t (*parse)(void *, const char *, const char *,
				     size_t, lrm_error_t *),
	       void *store, const char *text, size_t cut, const char *name)
{
	lrm_error_t err = { 0 };
	lrm_status_t status = parse(store, name, text, cut, &err);
	size_t nlen = strlen(name);

	if (status == LRM_OK)
		return check_fail(__FILE__, __LINE__,
				  "%s cut after %zu bytes was accepted", name,
				  cut);
	if (strncmp(err.msg, name, nlen) != 0 || err.msg[nlen] != ':')
		return check_fail(__FILE__, __LINE__,
				  "%s cut after %zu bytes: the message does not "
				  "start with the name: %s",
				  name, cut, err.msg);
	/* Before "format:" there is nothing to tell a cut from another
	 * file. */
	if (cut >= 7 && !strstr(err.msg, " is not whole: "))
		return check_fail(__FILE__, __LINE__,
				  "%s cut after %zu bytes: %s", name, cut,
				  err.msg);
	return 1;
}

static lrm_status_t
parse_dataset(void *store, const char *name, const char *text, size_t len,
	      lrm_error_t *err)
{
	lrm_status_t status = lrm_dataset_parse(store, name, text, len, err);

	lrm_dataset_clear(store);
	return status;
}

static lrm_status_t
parse_cache(void *store, const char *name, const char *text, size_t len,
	    lrm_error_t *err)
{
	lrm_status_t status = lrm_abstracts_parse(store, name, text, len, err);

	lrm_abstracts_clear(store);
	return status;
}

/* The bundled dataset, cut short anywhere, is refused as not whole
 * ("62 of 136 truncated papers.yaml files built without complaint"). */
static void
test_truncated_dataset_refused(void)
{
	const char *path = LRM_SOURCE_DIR "/data/papers.yaml";
	struct lrm_dataset ds = { 0 };
	lrm_error_t err = { 0 };
	size_t len = 0, tried = 0, refused = 0;
	char *text = check_read_file(path, &len);

	if (!CHECK(text != NULL && len > 1000))
		return;
	for (size_t cut = 0; cut < len; cut++) {
		if (!is_tried_cut(text, len, cut))
			continue;
		tried++;
		refused += refused_as_cut(parse_dataset, &ds, text, cut,
					  "papers.yaml") == 1;
	}
	CHECK_INT_EQ(refused, tried);
	CHECK(tried > 3500);
	/* The whole file, of course, loads. */
	CHECK_INT_EQ(lrm_dataset_parse(&ds, "papers.yaml", text, len, &err),
		     LRM_OK);
	CHECK(ds.n_papers > 100);
	lrm_dataset_clear(&ds);
	free(text);
}

/* The same for the abstracts cache, at every byte. */
static void
test_truncated_cache_refused(void)
{
	struct lrm_abstracts cache = { 0 };
	lrm_error_t err = { 0 };
	char *text = NULL;
	size_t len = 0, refused = 0;

	for (int i = 0; i < 12; i++) {
		struct lrm_abstract *a = lrm_abstracts_add(&cache);
		char id[32];

		if (!CHECK(a != NULL))
			abort();
		snprintf(id, sizeof(id), "2503.%05d", 23077 + i * 7);
		a->arxiv = xstrdup(id);
		a->version = xstrdup("v2");
		a->title = xstrdup("Café — “quoted” 数学: a \"title\"");
		a->abstract = xstrdup("Large Reasoning Models think at length; "
				      "this paper makes them think less.");
		CHECK_INT_EQ(lrm_abstract_add_author(a, "Yue Liu"), 0);
		CHECK_INT_EQ(lrm_abstract_add_author(a, "Jiaying Wu"), 0);
		a->published = xstrdup("2025-03-29T17:59:59Z");
		a->fetched = xstrdup("2026-01-01T00:00:00Z");
	}
	CHECK_INT_EQ(lrm_abstracts_emit(&cache, &text, &len, &err), LRM_OK);
	lrm_abstracts_clear(&cache);
	if (!CHECK(text != NULL))
		return;
	for (size_t cut = 0; cut < len; cut++)
		refused += refused_as_cut(parse_cache, &cache, text, cut,
					  "abstracts.yaml") == 1;
	CHECK_INT_EQ(refused, len);
	CHECK_INT_EQ(lrm_abstracts_parse(&cache, "abstracts.yaml", text, len,
					 &err),
		     LRM_OK);
	CHECK_INT_EQ(cache.n, 12);
	lrm_abstracts_clear(&cache);
	free(text);
}

static const struct check_case cases[] = {
	{ "add_grows_and_zeroes", test_add_grows_and_zeroes },
	{ "primary", test_primary },
	{ "code", test_code },
	{ "sections", test_sections },
	{ "emit_matches_format", test_emit_matches_format },
	{ "round_trip", test_round_trip },
	{ "parse_lenient_spellings", test_parse_lenient_spellings },
	{ "emit_refuses_invalid", test_emit_refuses_invalid },
	{ "save_and_load", test_save_and_load },
	{ "save_refuses_what_is_not_ours", test_save_refuses_what_is_not_ours },
	{ "save_replaces_ours", test_save_replaces_ours },
	{ "save_follows_links", test_save_follows_links },
	{ "save_keeps_permissions", test_save_keeps_permissions },
	{ "save_to_missing_directory", test_save_to_missing_directory },
	{ "mkdir_p", test_mkdir_p },
	{ "load_io_errors", test_load_io_errors },
	{ "load_reports_path", test_load_reports_path },
	{ "bad_input", test_bad_input },
	{ "deep_nesting", test_deep_nesting },
	{ "failure_leaves_dataset_empty", test_failure_leaves_dataset_empty },
	{ "pack_round_trip", test_pack_round_trip },
	{ "pack_damage_refused", test_pack_damage_refused },
	{ "manifest", test_manifest },
	{ "truncated_dataset_refused", test_truncated_dataset_refused },
	{ "truncated_cache_refused", test_truncated_cache_refused },
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	return check_main(cases, argc, argv);
}
