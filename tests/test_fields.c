/* tests/test_fields.c - the field table: what the indexer writes is what
 * the query parser searches.
 *
 * Two papers, each with its own word in every field, are indexed through
 * the library (lrm_index_build()); then each row of lrm_fields[] is
 * searched through a parser set up by lrm_fields_setup_qparser(), as
 * lrmsearch sets it up.  NAME:WORD must find the paper that has WORD in
 * that field and nothing else, and a word of another field must not match
 * under NAME.  A field added to the table without a word here fails the
 * first case, which says so.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lrm/abstracts.h"
#include "lrm/fields.h"
#include "lrm/index.h"
#include "lrm/query.h"
#include "lrm/text.h"

/* ------------------------------------------------------------------ */
/* The papers                                                         */
/* ------------------------------------------------------------------ */

/* Words of the paper "tapir-paper", each under the name that searches it,
 * written as a user would type it after NAME:.  No word occurs in another
 * field of either paper.  Every name of the table needs one (id has two:
 * the paper's id and its arXiv id). */
static const struct {
	const char *name;
	const char *word;
} words[] = {
	{"title", "zebra"},
	{"abstract", "axolotl"},
	{"author", "wombat"},
	{"section", "quokka"},
	{"venue", "narwhal"},
	{"id", "tapir-paper"},
	{"id", "2503.23077"},
	{"year", "2025"},
	{"date", "2025-03"},
	{"code", "yes"},
	{"source", "ocelot.md"},
	/* issue 14: the list's name, the day it was added, and an author as
	 * the list gives it (beside the abstract's, wombat) */
	{"list", "caracal"},
	{"added", "2026-11-05"},
	{"author", "dingo"},
};

#define N_WORDS (sizeof(words) / sizeof(words[0]))

static char *
xstrdup(const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		abort();
	return copy;
}

/* Add a paper of one listing, with an abstract by one author. */
static void
add_paper(struct lrm_dataset *ds, struct lrm_abstracts *abstracts,
	  const char *const fields[11])
{
	struct lrm_paper *p = lrm_dataset_add_paper(ds);
	struct lrm_listing *l = p ? lrm_paper_add_listing(p) : NULL;
	struct lrm_abstract *a = lrm_abstracts_add(abstracts);

	if (!l || !a)
		abort();
	p->id = xstrdup(fields[0]);
	p->title = xstrdup(fields[1]);
	l->source = xstrdup(fields[2]);
	l->line = 3;
	l->section = xstrdup(fields[3]);
	l->date = xstrdup(fields[4]);
	l->venue = xstrdup(fields[5]);
	l->venue_name = xstrdup(fields[6]);
	l->venue_year = atoi(fields[4]);
	l->arxiv = xstrdup(fields[7]);
	if (fields[8])
		l->code = xstrdup(fields[8]);
	a->arxiv = xstrdup(fields[7]);
	a->abstract = xstrdup(fields[9]);
	a->fetched = xstrdup("2026-11-26T05:40:00Z");
	if (lrm_abstract_add_author(a, fields[10]))
		abort();
}

/* Give paper P's listing the list LIST and the author AUTHOR, and P the
 * day ADDED (each may be NULL). */
static void
add_list_fields(struct lrm_paper *p, const char *list, const char *added,
		const char *author)
{
	struct lrm_listing *l = &p->listings[0];

	if (list)
		l->list = xstrdup(list);
	if (added)
		p->added = xstrdup(added);
	if (author) {
		l->authors = malloc(sizeof(*l->authors));
		if (!l->authors)
			abort();
		l->authors[0] = xstrdup(author);
		l->n_authors = 1;
	}
}

/* The index of the two papers, in the case's temporary directory. */
static lrm_xapian_db_t *
open_index(void)
{
	static const char *const tapir[11] = {
		"tapir-paper", "Zebra Crossings", "Ocelot.md",
		"Quokka Studies", "2025-03", "Narwhal'25", "Narwhal",
		"2503.23077", "https://github.com/tapir/code",
		"Axolotl regeneration, observed.", "Wombat Pangolin"};
	static const char *const decoy[11] = {
		"decoy-paper", "Gecko Gardens", "other.md", "Heron Notes",
		"2019-07", "Ibis'19", "Ibis", "1907.00001", NULL,
		"Marmot migration, measured.", "Lynx Otter"};
	struct lrm_dataset ds = {0};
	struct lrm_abstracts abstracts = {0};
	lrm_xapian_db_t *db = NULL;
	lrm_error_t err = {0};

	add_paper(&ds, &abstracts, tapir);
	add_paper(&ds, &abstracts, decoy);
	add_list_fields(&ds.papers[0], "Caracal", "2026-11-05", "Dingo Ferret");
	/* its list is named after its file, "other" */
	add_list_fields(&ds.papers[1], NULL, "2019-07-02", NULL);
	if (!CHECK(lrm_index_build(check_path("index"), &ds, &abstracts, NULL,
				   "0000000000000000", 1, &err) == LRM_OK) ||
	    !CHECK(lrm_index_open(check_path("index"), &db, &err) == LRM_OK))
		fprintf(stderr, "    %s\n", err.msg);
	lrm_dataset_clear(&ds);
	lrm_abstracts_clear(&abstracts);
	return db;
}

/* ------------------------------------------------------------------ */
/* Searching as lrmsearch does                                        */
/* ------------------------------------------------------------------ */

static lrm_xapian_qparser_t *
make_qparser(lrm_xapian_db_t *db)
{
	lrm_xapian_qparser_t *qp = NULL;
	lrm_error_t err = {0};

	if (lrm_xapian_qparser_create(&qp) ||
	    lrm_xapian_qparser_set_stemmer(qp, LRM_STEM_LANGUAGE) ||
	    lrm_xapian_qparser_set_stemming_strategy(qp, LRM_XAPIAN_STEM_SOME) ||
	    lrm_xapian_qparser_set_database(qp, db) ||
	    lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND) ||
	    lrm_fields_setup_qparser(qp, &err)) {
		check_fail(__FILE__, __LINE__, "cannot set up a parser: %s",
			   err.msg);
		lrm_xapian_qparser_destroy(qp);
		return NULL;
	}
	return qp;
}

/* The index of the two papers and a parser over it, for the current
 * case: setup() makes them (0 when it cannot), teardown() frees them. */
static struct {
	lrm_xapian_db_t *db;
	lrm_xapian_qparser_t *qp;
} the;

static void
teardown(void)
{
	lrm_xapian_qparser_destroy(the.qp);
	lrm_xapian_db_destroy(the.db);
	the.qp = NULL;
	the.db = NULL;
}

static int
setup(void)
{
	the.db = open_index();
	the.qp = the.db ? make_qparser(the.db) : NULL;
	if (!the.qp)
		teardown();
	return the.qp != NULL;
}

/* The ids of the papers QUERY finds, joined by spaces ("" for none), in
 * BUF; "(error)" when it fails. */
static const char *
search(const char *query, char *buf, size_t size)
{
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	char *nq = NULL;
	size_t used = 0;

	snprintf(buf, size, "(error)");
	if (lrm_query_normalize(query, strlen(query), &nq, NULL) ||
	    lrm_xapian_qparser_parse(the.qp, nq, LRM_XAPIAN_QP_DEFAULT, NULL, &q) ||
	    lrm_xapian_enquire_create(the.db, &enq) ||
	    lrm_xapian_enquire_set_query(enq, q) ||
	    lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &mset))
		goto cleanup;
	buf[0] = '\0';
	for (unsigned i = 0; i < lrm_xapian_mset_size(mset); i++) {
		lrm_xapian_doc_t *doc = NULL;
		char *id = NULL;
		size_t len;

		if (lrm_xapian_mset_document(mset, i, &doc) ||
		    lrm_xapian_doc_get_value(doc, LRM_SLOT_ID, &id, &len)) {
			snprintf(buf, size, "(error)");
			lrm_xapian_doc_destroy(doc);
			break;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 used ? " " : "", id);
		free(id);
		lrm_xapian_doc_destroy(doc);
		if (used >= size)
			break;
	}
cleanup:
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_query_destroy(q);
	free(nq);
	return buf;
}

/* The first row named NAME, or NULL. */
static const struct lrm_field *
row_named(const char *name)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* Whether a row named NAME has FLAG. */
static int
name_has_flag(const char *name, unsigned flag)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++)
		if (strcmp(f->name, name) == 0 && (f->flags & flag))
			return 1;
	return 0;
}

/* Whether QUERY finds EXPECTED (paper ids joined by spaces, "" for
 * none). */
static void
expect(const char *query, const char *expected)
{
	char found[256];

	search(query, found, sizeof(found));
	if (strcmp(found, expected) != 0)
		check_fail(__FILE__, __LINE__, "%s found \"%s\", expected \"%s\"",
			   query, found, expected);
}

/* ------------------------------------------------------------------ */
/* Cases                                                              */
/* ------------------------------------------------------------------ */

/* Every name of the table has a word here, and every word here a row. */
static void
test_every_name_has_a_word(void)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		size_t i = 0;

		while (i < N_WORDS && strcmp(words[i].name, f->name) != 0)
			i++;
		if (i == N_WORDS)
			check_fail(__FILE__, __LINE__,
				   "field %s has no word in tests/test_fields.c:"
				   " add one",
				   f->name);
	}
	for (size_t i = 0; i < N_WORDS; i++)
		if (!row_named(words[i].name))
			check_fail(__FILE__, __LINE__, "no field is named %s",
				   words[i].name);
}

/* NAME:WORD finds the paper that has WORD in that field. */
static void
test_each_field_finds_its_word(void)
{
	char query[128];

	if (!setup())
		return;
	for (size_t i = 0; i < N_WORDS; i++) {
		snprintf(query, sizeof(query), "%s:%s", words[i].name,
			 words[i].word);
		expect(query, "tapir-paper");
	}
	teardown();
}

/* NAME:WORD finds nothing when WORD is in another field only. */
static void
test_no_field_finds_another_fields_word(void)
{
	char query[128];

	if (!setup())
		return;
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		if (row_named(f->name) != f)
			continue; /* that name is searched already */
		for (size_t i = 0; i < N_WORDS; i++) {
			if (strcmp(f->name, words[i].name) == 0)
				continue;
			snprintf(query, sizeof(query), "%s:%s", f->name,
				 words[i].word);
			expect(query, "");
		}
	}
	teardown();
}

/* A bare word finds a field marked LRM_FIELD_BARE, and only those. */
static void
test_bare_words(void)
{
	if (!setup())
		return;
	for (size_t i = 0; i < N_WORDS; i++)
		expect(words[i].word,
		       name_has_flag(words[i].name, LRM_FIELD_BARE)
			       ? "tapir-paper"
			       : "");
	teardown();
}

/* NAME:WORD..WORD finds the paper for a field with a range: the slot the
 * parser reads holds what the indexer wrote, in the form it compares. */
static void
test_ranges(void)
{
	char query[128];
	int ranges = 0;

	if (!setup())
		return;
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		if (!(f->flags & LRM_FIELD_RANGE))
			continue;
		ranges++;
		for (size_t i = 0; i < N_WORDS; i++) {
			const char *w = words[i].word;

			if (strcmp(f->name, words[i].name) != 0)
				continue;
			snprintf(query, sizeof(query), "%s:%s..%s", f->name, w,
				 w);
			expect(query, "tapir-paper");
			/* the decoy's 2019 is before it */
			snprintf(query, sizeof(query), "%s:..%s", f->name, w);
			expect(query, "tapir-paper decoy-paper");
		}
	}
	CHECK_INT_EQ(ranges, 3); /* year:, date: and added: */
	teardown();
}

/* Each name has help once, on its first row, for --help to print. */
static void
test_each_name_has_one_help(void)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		if (row_named(f->name) == f && (!f->help || !*f->help))
			check_fail(__FILE__, __LINE__, "%s: has no help",
				   f->name);
		if (row_named(f->name) != f && f->help)
			check_fail(__FILE__, __LINE__,
				   "%s (%s): help on a later row of the name",
				   f->name, f->prefix);
	}
}

/* A paper of two listings: its years are 2024 (arXiv'24, 2024-05) and
 * 2025 and 2026 (2025-11 at ICLR'26), and every one of them finds it, as
 * a value and as a range, alone or with another value of the field. */
static lrm_xapian_db_t *
open_two_listing_index(void)
{
	static const char *const listings[][3] = {
		/* date, venue, venue name; the decoy's last */
		{"2024-05", "arXiv'24", "arXiv"},
		{"2025-11", "ICLR'26", "ICLR"},
		{"2019-07", "Ibis'19", "Ibis"},
	};
	struct lrm_dataset ds = {0};
	lrm_xapian_db_t *db = NULL;
	lrm_error_t err = {0};

	for (size_t i = 0; i < 3; i++) {
		struct lrm_paper *p = i == 1 ? &ds.papers[0]
					     : lrm_dataset_add_paper(&ds);
		struct lrm_listing *l = p ? lrm_paper_add_listing(p) : NULL;

		if (!l)
			abort();
		if (i != 1) {
			p->id = xstrdup(i ? "decoy-paper" : "multi-paper");
			p->title = xstrdup(i ? "Gecko Gardens" : "Zebra Crossings");
		}
		l->source = xstrdup("ocelot.md");
		l->line = (int)i + 1;
		l->date = xstrdup(listings[i][0]);
		l->venue = xstrdup(listings[i][1]);
		l->venue_name = xstrdup(listings[i][2]);
		l->venue_year = 2000 + atoi(strchr(listings[i][1], '\'') + 1);
	}
	if (!CHECK(lrm_index_build(check_path("index2"), &ds, NULL, NULL,
				   "0000000000000000", 1, &err) == LRM_OK) ||
	    !CHECK(lrm_index_open(check_path("index2"), &db, &err) == LRM_OK))
		fprintf(stderr, "    %s\n", err.msg);
	lrm_dataset_clear(&ds);
	return db;
}

static void
test_values_and_ranges_of_any_listing(void)
{
	static const char *const finds_it[] = {
		"year:2024", "year:2025", "year:2026", "year:2024..2024",
		"year:2025..2025", "year:2026..2026", "year:2026..",
		"year:2020..2024", "date:2024-05", "date:2025-11",
		"date:2024-05..2024-05", "date:2025-06..2025-12", "date:2025-11..",
	};

	the.db = open_two_listing_index();
	the.qp = the.db ? make_qparser(the.db) : NULL;
	if (!the.qp) {
		teardown();
		return;
	}
	for (size_t i = 0; i < sizeof(finds_it) / sizeof(finds_it[0]); i++)
		expect(finds_it[i], "multi-paper");
	expect("year:2020..2023", "");
	expect("date:2024-06..2025-10", "");
	expect("year:..2019", "decoy-paper");
	/* two values of one field: either, ranges or not */
	expect("year:2019 year:2026..2026", "multi-paper decoy-paper");
	expect("year:2019..2019 year:2025", "multi-paper decoy-paper");
	expect("date:2019-07 date:2025-11..2025-11", "multi-paper decoy-paper");
	/* two fields: both */
	expect("year:2019 date:2025-11..2025-11", "");
	expect("zebra year:2026..2026", "multi-paper");
	teardown();
}

/* Issue 14: list: finds a list by its manifest name, or by its file's
 * name for a list imported by its path, in any case; added: finds days,
 * and a month or a year is each of its days, as a value and as an end
 * of a range; author: finds the authors the lists give. */
static void
test_lists_days_and_list_authors(void)
{
	static const struct {
		const char *query, *finds;
	} cases[] = {
		{"list:caracal", "tapir-paper"},
		{"list:CARACAL", "tapir-paper"},
		{"list:other", "decoy-paper"},
		{"list:other.md", ""},
		{"list:caracal list:other", "tapir-paper decoy-paper"},
		{"added:2026-11-05", "tapir-paper"},
		{"added:2026-11", "tapir-paper"},
		{"added:2026", "tapir-paper"},
		{"added:2026-11-04", ""},
		{"added:2026-10", ""},
		{"added:2026-11-01..", "tapir-paper"},
		{"added:2026-11-06..", ""},
		{"added:..2026-11-30", "tapir-paper decoy-paper"},
		{"added:..2026-11-04", "decoy-paper"},
		{"added:..2026-10", "decoy-paper"},
		{"added:2026-11-01..2026-11-30", "tapir-paper"},
		{"added:2026-11-05..2026-11", "tapir-paper"},
		{"added:2019..2019", "decoy-paper"},
		{"added:2026-12..2026-11", ""},
		{"author:dingo", "tapir-paper"},
		{"author:\"dingo ferret\"", "tapir-paper"},
		{"author:wombat", "tapir-paper"},
		{"author:lynx", "decoy-paper"},
	};

	if (!setup())
		return;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(cases[i].query, cases[i].finds);
	teardown();
}

/* A list's name: the manifest's, else its file's base name without
 * ".md". */
static void
test_list_name(void)
{
	static const struct {
		const char *list, *source, *name;
	} cases[] = {
		{"hemingkx", "Awesome-Efficient-Reasoning.md", "hemingkx"},
		{NULL, "awesome-efficient-inference-for-lrms.md",
		 "awesome-efficient-inference-for-lrms"},
		{NULL, "lists/My-List.md", "My-List"},
		{NULL, "README.MD", "README"},
		{NULL, "notes.txt", "notes.txt"},
		{NULL, ".md", ".md"},
		{"", "x.md", "x"},
		{NULL, NULL, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lrm_listing l = {0};
		size_t len = 99;
		const char *name;
		char got[64] = "(none)";

		l.list = (char *)cases[i].list;
		l.source = (char *)cases[i].source;
		name = lrm_listing_list_name(&l, &len);
		if (name)
			snprintf(got, sizeof(got), "%.*s", (int)len, name);
		if (strcmp(got, cases[i].name ? cases[i].name : "(none)") != 0)
			check_fail(__FILE__, __LINE__, "%s, %s: \"%s\"",
				   cases[i].list ? cases[i].list : "(null)",
				   cases[i].source ? cases[i].source : "(null)",
				   got);
		if (!name)
			CHECK_INT_EQ(len, 0);
	}
}

/* The parts of compound words, as lrm_field_compounds() emits them. */
static lrm_status_t
collect_parts(const char *parts, void *ctx)
{
	char *buf = ctx;
	size_t used = strlen(buf);

	snprintf(buf + used, 256 - used, "%s%s", used ? "|" : "", parts);
	return LRM_OK;
}

static lrm_status_t
stop_at_parts(const char *parts, void *ctx)
{
	(void)parts;
	(*(int *)ctx)++;
	return LRM_ERR_INVALID;
}

static void
test_compound_parts(void)
{
	static const struct {
		const char *text, *parts;
	} cases[] = {
		{"FlashThink: An Early Exit Method", "Flash Think"},
		{"BudgetThinker and SelfBudgeter", "Budget Thinker|Self Budgeter"},
		{"LightThinker: Thinking Step-by-Step", "Light Thinker"},
		{"LatentRAG", "Latent RAG"},
		{"LIMOPro", "LIMO Pro"},
		{"SoftCoT, SoftCoTs", "Soft CoT|Soft CoTs"},
		{"LLM4Drive", "LLM4 Drive"},
		{"OpenAI's ChatGPT", "Open AI|Chat GPT"},
		{"LLaMA", "LLa MA"}, /* not pretty, but no single letters */
		/* no compounds */
		{"LLMs, MLLMs, CoT, CoTs, RNNs, TrimR", ""},
		{"pEnalty iPhone eBay", ""},
		{"Qwen2.5 o3-mini R1 GPT-4o", ""},
		{"Budget-aware Reasoning: a Survey", ""},
		{"ＦｌａｓｈＴｈｉｎｋ Überdenken", ""}, /* ASCII only */
		{"", ""},
		/* a word of 65 letters is no name; of 64, it may be */
		{"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaBc",
		 ""},
		{"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaBc",
		 "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa Bc"},
	};
	int calls = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[256] = "";

		CHECK_INT_EQ(lrm_field_compounds(cases[i].text, collect_parts, buf),
			     LRM_OK);
		if (strcmp(buf, cases[i].parts) != 0)
			check_fail(__FILE__, __LINE__, "%s: \"%s\", expected \"%s\"",
				   cases[i].text, buf, cases[i].parts);
	}
	/* the emitter's failure stops the walk and is returned */
	CHECK_INT_EQ(lrm_field_compounds("FlashThink LightThinker", stop_at_parts,
					 &calls),
		     LRM_ERR_INVALID);
	CHECK_INT_EQ(calls, 1);
}

static const struct check_case cases[] = {
	{"every_name_has_a_word", test_every_name_has_a_word},
	{"each_field_finds_its_word", test_each_field_finds_its_word},
	{"no_field_finds_another_fields_word",
	 test_no_field_finds_another_fields_word},
	{"bare_words", test_bare_words},
	{"ranges", test_ranges},
	{"each_name_has_one_help", test_each_name_has_one_help},
	{"values_and_ranges_of_any_listing",
	 test_values_and_ranges_of_any_listing},
	{"compound_parts", test_compound_parts},
	{"lists_days_and_list_authors", test_lists_days_and_list_authors},
	{"list_name", test_list_name},
	{NULL, NULL},
};

int
main(int argc, char **argv)
{
	return check_main(cases, argc, argv);
}
