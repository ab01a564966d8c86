/* tests/test_xapian.c - unit tests for the C binding over libxapian.
 *
 * Every function in lrm/xapian.h is driven here against real databases in
 * a per-case temporary directory, including the error paths: each case
 * asserts what Xapian actually does, not merely that a call returned.
 */
#define _XOPEN_SOURCE 700
#include "check.h"

#include "lrm/xapian.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* A writable database at check_path(NAME), created empty. */
static lrm_xapian_db_t *
new_db(const char *name)
{
	lrm_xapian_db_t *db = NULL;
	char *msg = NULL;
	lrm_xapian_status_t st;

	st = lrm_xapian_db_open_writable(
	    check_path(name), LRM_XAPIAN_DB_CREATE_OR_OVERWRITE, &db, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	if (st)
		printf("  open_writable: %s\n", msg ? msg : "(null)");
	CHECK(msg == NULL);
	free(msg);
	return db;
}

/* A read-only database at PATH. */
static lrm_xapian_db_t *
open_ro(const char *path)
{
	lrm_xapian_db_t *db = NULL;
	char *msg = NULL;
	lrm_xapian_status_t st;

	st = lrm_xapian_db_open(path, &db, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	if (st)
		printf("  open: %s\n", msg ? msg : "(null)");
	free(msg);
	return db;
}

static unsigned
doc_count(lrm_xapian_db_t *db)
{
	unsigned n = 12345;

	CHECK_INT_EQ(lrm_xapian_db_doc_count(db, &n), LRM_XAPIAN_SUCCESS);
	return n;
}

/* Add a document with unique term "Q"+ID, DATA, and TEXT indexed with
 * positions (unprefixed).  Returns its docid. */
static unsigned
add_text_doc(lrm_xapian_db_t *db, const char *id, const char *text)
{
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_termgen_t *tg = NULL;
	char uid[256];
	unsigned docid = 0;

	snprintf(uid, sizeof(uid), "Q%s", id);
	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_termgen_index_text(tg, text, strlen(text), 1, NULL),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, id, strlen(id)),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, uid),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, uid, doc, &docid),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_termgen_destroy(tg);
	lrm_xapian_doc_destroy(doc);
	return docid;
}

/* Run Q on DB and return the exact number of matches (-1 on error). */
static int
count_matches(lrm_xapian_db_t *db, const lrm_xapian_query_t *q)
{
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_estimate_t est = { 0, 0, 0 };
	unsigned total = doc_count(db);
	int n = -1;

	if (lrm_xapian_enquire_create(db, &enq) != LRM_XAPIAN_SUCCESS)
		goto cleanup;
	if (lrm_xapian_enquire_set_query(enq, q) != LRM_XAPIAN_SUCCESS)
		goto cleanup;
	if (lrm_xapian_enquire_get_mset(enq, 0, total + 1, total + 1, &mset) !=
	    LRM_XAPIAN_SUCCESS) {
		printf("  get_mset: %s\n", lrm_xapian_enquire_last_error(enq));
		goto cleanup;
	}
	lrm_xapian_mset_matches(mset, &est);
	CHECK_INT_EQ(est.lower, est.upper);
	CHECK_INT_EQ(lrm_xapian_mset_size(mset), est.estimated);
	n = (int)est.estimated;
cleanup:
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	return n;
}

/* Parse TEXT with QP and FLAGS and count its matches in DB (-1 when the
 * parse fails). */
static int
parse_count(lrm_xapian_qparser_t *qp, lrm_xapian_db_t *db, const char *text,
            unsigned flags)
{
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_status_t st;
	int n;

	st = lrm_xapian_qparser_parse(qp, text, flags, NULL, &q);
	if (st != LRM_XAPIAN_SUCCESS) {
		printf("  parse \"%s\": %s\n", text,
		       lrm_xapian_qparser_last_error(qp));
		return -1;
	}
	n = count_matches(db, q);
	lrm_xapian_query_destroy(q);
	return n;
}

static int
has_term(lrm_xapian_doc_t *doc, const char *term)
{
	int present = -1;

	CHECK_INT_EQ(lrm_xapian_doc_has_term(doc, term, &present),
	             LRM_XAPIAN_SUCCESS);
	return present;
}

/* A small corpus of papers shared by the query and enquire cases.  Titles
 * are indexed under "S" and unprefixed (wdf 3), abstracts unprefixed (wdf
 * 1).  Value slots: 0 year (sortable_serialise), 1 "YYYY-MM", 2 "YYYYMMDD",
 * 3 venue.  Boolean terms: "XV"+venue, "K"+tag. */
enum {
	SLOT_YEAR = 0,
	SLOT_MONTH = 1,
	SLOT_DAY = 2,
	SLOT_VENUE = 3,
};

struct paper {
	const char *id;
	const char *title;
	const char *abstract;
	double year;
	const char *month;
	const char *day;
	const char *venue;
	const char *tags[3];
};

static const struct paper corpus[] = {
	{ "p1",
	  "Latent reasoning in language models",
	  "We probe hidden states for traces.",
	  2023,
	  "2023-05",
	  "20230515",
	  "arxiv",
	  { "reasoning", NULL } },
	{ "p2",
	  "Chain of thought prompting elicits reasoning",
	  "Prompting with worked examples improves arithmetic.",
	  2024,
	  "2024-01",
	  "20240110",
	  "neurips",
	  { "reasoning", "prompting", NULL } },
	{ "p3",
	  "Retrieval augmented generation for knowledge tasks",
	  "A retriever and a generator are trained jointly.",
	  2024,
	  "2024-11",
	  "20241120",
	  "arxiv",
	  { "retrieval", NULL } },
	{ "p4",
	  "Reasoning with latent thoughts",
	  "Continuous thoughts replace tokens.",
	  2025,
	  "2025-03",
	  "20250301",
	  "icml",
	  { "reasoning", "latent", NULL } },
	{ "p5",
	  "Scaling test time compute",
	  "More samples at inference help reasoning.",
	  2025,
	  "2025-08",
	  "20250820",
	  "arxiv",
	  { "scaling", NULL } },
};
#define CORPUS_SIZE (sizeof(corpus) / sizeof(corpus[0]))

static void
add_value_str(lrm_xapian_doc_t *doc, unsigned slot, const char *v)
{
	CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, slot, v, strlen(v)),
	             LRM_XAPIAN_SUCCESS);
}

/* Index PAPER into DB with TG (set up by the caller). */
static void
index_paper(lrm_xapian_db_t *db, lrm_xapian_termgen_t *tg,
            const struct paper *paper)
{
	lrm_xapian_doc_t *doc = NULL;
	char term[128], num[LRM_XAPIAN_SORTABLE_MAX];
	size_t numlen = 0;

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(
	                 tg, paper->title, strlen(paper->title), 3, "S"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_increase_termpos(tg, 100),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(
	                 tg, paper->title, strlen(paper->title), 3, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_increase_termpos(tg, 100),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(
	                 tg, paper->abstract, strlen(paper->abstract), 1, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_sortable_serialise(paper->year, num, &numlen);
	CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, SLOT_YEAR, num, numlen),
	             LRM_XAPIAN_SUCCESS);
	add_value_str(doc, SLOT_MONTH, paper->month);
	add_value_str(doc, SLOT_DAY, paper->day);
	add_value_str(doc, SLOT_VENUE, paper->venue);
	snprintf(term, sizeof(term), "XV%s", paper->venue);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, term),
	             LRM_XAPIAN_SUCCESS);
	for (size_t i = 0; paper->tags[i]; i++) {
		snprintf(term, sizeof(term), "K%s", paper->tags[i]);
		CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, term),
		             LRM_XAPIAN_SUCCESS);
	}
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, paper->id, strlen(paper->id)),
	             LRM_XAPIAN_SUCCESS);
	snprintf(term, sizeof(term), "Q%s", paper->id);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, term),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, term, doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
}

/* A committed writable database at check_path(NAME) holding the corpus,
 * with spelling data; docids are 1..CORPUS_SIZE in corpus order. */
static lrm_xapian_db_t *
build_corpus(const char *name)
{
	lrm_xapian_db_t *db = new_db(name);
	lrm_xapian_termgen_t *tg = NULL;

	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_termgen_set_stemming_strategy(tg, LRM_XAPIAN_STEM_SOME),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_termgen_set_flags(tg, LRM_XAPIAN_TERMGEN_SPELLING),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, db),
	             LRM_XAPIAN_SUCCESS);
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		index_paper(db, tg, &corpus[i]);
	lrm_xapian_termgen_destroy(tg);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(db), CORPUS_SIZE);
	return db;
}

/* A query parser set up for the corpus: english, STEM_SOME, DB for
 * wildcards/spelling/synonyms, fields and ranges. */
static lrm_xapian_qparser_t *
corpus_qparser(lrm_xapian_db_t *db)
{
	lrm_xapian_qparser_t *qp = NULL;

	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_set_stemmer(qp, "english"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_qparser_set_stemming_strategy(qp, LRM_XAPIAN_STEM_SOME),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_set_database(qp, db),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_prefix(qp, "title", "S"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_qparser_add_boolean_prefix(qp, "venue", "XV", 1),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_prefix(qp, "tag", "K", 0),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_range(
	                 qp, SLOT_MONTH, "date:", LRM_XAPIAN_RANGE_STRING),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_range(
	                 qp, SLOT_YEAR, "year:", LRM_XAPIAN_RANGE_NUMBER),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_range(
	                 qp, SLOT_DAY, "day:", LRM_XAPIAN_RANGE_DATE),
	             LRM_XAPIAN_SUCCESS);
	return qp;
}

/* ------------------------------------------------------------------ */
/* Cases                                                              */
/* ------------------------------------------------------------------ */

static void
test_status_strings(void)
{
	static const lrm_xapian_status_t all[] = {
		LRM_XAPIAN_SUCCESS,      LRM_XAPIAN_BAD_QUERY,
		LRM_XAPIAN_DB_NOT_FOUND, LRM_XAPIAN_DB_LOCKED,
		LRM_XAPIAN_DB_MODIFIED,  LRM_XAPIAN_DB_CORRUPT,
		LRM_XAPIAN_DB_ERROR,     LRM_XAPIAN_NOT_FOUND,
		LRM_XAPIAN_INVALID,      LRM_XAPIAN_NO_MEMORY,
		LRM_XAPIAN_INTERNAL,
	};
	size_t n = sizeof(all) / sizeof(all[0]);
	const char *version;

	for (size_t i = 0; i < n; i++) {
		const char *s = lrm_xapian_status_to_string(all[i]);

		CHECK(s != NULL && s[0] != '\0');
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(s, lrm_xapian_status_to_string(all[j])) !=
			      0);
	}
	CHECK_STR_EQ(lrm_xapian_status_to_string(LRM_XAPIAN_DB_LOCKED),
	             "database is locked");
	version = lrm_xapian_version_string();
	CHECK(version != NULL && version[0] != '\0');
	CHECK(strchr(version, '.') != NULL);
}

static void
test_db_lifecycle(void)
{
	lrm_xapian_db_t *db = NULL, *ro = NULL, *other = NULL;
	char *msg = NULL;
	unsigned n = 0;
	lrm_xapian_status_t st;
	char path[4096];

	/* check_path() reuses one buffer: keep a copy. */
	snprintf(path, sizeof(path), "%s", check_path("db"));

	/* Every destroy function accepts NULL. */
	lrm_xapian_db_destroy(NULL);
	lrm_xapian_doc_destroy(NULL);
	lrm_xapian_termgen_destroy(NULL);
	lrm_xapian_qparser_destroy(NULL);
	lrm_xapian_query_destroy(NULL);
	lrm_xapian_enquire_destroy(NULL);
	lrm_xapian_mset_destroy(NULL);
	lrm_xapian_spy_destroy(NULL);

	st = lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_CREATE_OR_OPEN,
	                                 &db, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	CHECK(db != NULL);
	CHECK(msg == NULL);
	CHECK_INT_EQ(lrm_xapian_db_is_writable(db), 1);
	CHECK_STR_EQ(lrm_xapian_db_last_error(db), "");
	CHECK_INT_EQ(doc_count(db), 0);
	add_text_doc(db, "p1", "latent reasoning");
	add_text_doc(db, "p2", "chain of thought");
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	/* Closing twice is harmless. */
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	/* A closed handle refuses work and says why. */
	n = 777;
	CHECK_INT_EQ(lrm_xapian_db_doc_count(db, &n), LRM_XAPIAN_DB_ERROR);
	CHECK_INT_EQ(n, 777);
	CHECK(lrm_xapian_db_last_error(db)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_DB_ERROR);
	CHECK_INT_EQ(lrm_xapian_db_reopen(db), LRM_XAPIAN_DB_ERROR);
	lrm_xapian_db_destroy(db);
	db = NULL;

	/* Read-only. */
	ro = open_ro(path);
	CHECK_INT_EQ(lrm_xapian_db_is_writable(ro), 0);
	CHECK_INT_EQ(doc_count(ro), 2);
	CHECK_INT_EQ(lrm_xapian_db_reopen(ro), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(ro), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_db_last_error(ro)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(ro, "k", "v"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_spelling(ro, "word", 1),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_synonym(ro, "a", "b"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_delete_document(ro, "Qp1"),
	             LRM_XAPIAN_INVALID);
	{
		lrm_xapian_doc_t *doc = NULL;
		lrm_xapian_termgen_t *tg = NULL;

		CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(
		    lrm_xapian_db_replace_document(ro, "Qp9", doc, NULL),
		    LRM_XAPIAN_INVALID);
		CHECK_INT_EQ(lrm_xapian_termgen_create(&tg),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, ro),
		             LRM_XAPIAN_INVALID);
		CHECK(lrm_xapian_termgen_last_error(tg)[0] != '\0');
		lrm_xapian_termgen_destroy(tg);
		lrm_xapian_doc_destroy(doc);
	}
	CHECK_INT_EQ(doc_count(ro), 2);
	/* A reader sees a writer's commit only after reopen(). */
	st = lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_OPEN, &db, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	CHECK(msg == NULL);
	add_text_doc(db, "p3", "retrieval augmented generation");
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(db), 3);
	CHECK_INT_EQ(doc_count(ro), 2);
	CHECK_INT_EQ(lrm_xapian_db_reopen(ro), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(ro), 3);
	lrm_xapian_db_destroy(db);
	db = NULL;
	lrm_xapian_db_destroy(ro);
	ro = NULL;

	/* CREATE refuses an existing database. */
	st = lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_CREATE, &other,
	                                 &msg);
	CHECK(st != LRM_XAPIAN_SUCCESS);
	CHECK(other == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	CHECK_CONTAINS(msg, path);
	free(msg);
	msg = NULL;
	/* OPEN refuses a missing one. */
	st = lrm_xapian_db_open_writable(check_path("missing"),
	                                 LRM_XAPIAN_DB_OPEN, &other, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_DB_NOT_FOUND);
	CHECK(other == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
	msg = NULL;
	/* CREATE_OR_OVERWRITE empties it. */
	st = lrm_xapian_db_open_writable(
	    path, LRM_XAPIAN_DB_CREATE_OR_OVERWRITE, &other, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(other), 0);
	CHECK_INT_EQ(lrm_xapian_db_commit(other), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(other);
	other = NULL;
	/* A fresh CREATE works where nothing exists; a bad mode does not. */
	st = lrm_xapian_db_open_writable(check_path("fresh"),
	                                 LRM_XAPIAN_DB_CREATE, &other, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(other);
	other = NULL;
	st = lrm_xapian_db_open_writable(
	    check_path("badmode"), (lrm_xapian_db_mode_t)99, &other, &msg);
	CHECK_INT_EQ(st, LRM_XAPIAN_INVALID);
	CHECK(other == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
}

static void
test_documents(void)
{
	static const char data[] = "a\0b\0c";
	lrm_xapian_doc_t *doc = NULL;
	char *out = NULL;
	size_t len = 0;
	static const double nums[] = { -5, 0, 3, 2024, 2025 };
	char enc[5][LRM_XAPIAN_SORTABLE_MAX];
	size_t enclen[5];

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_doc_last_error(doc), "");

	/* Data: empty by default, binary-safe. */
	CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &out, &len),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "");
	CHECK_INT_EQ(len, 0);
	free(out);
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, data, sizeof(data) - 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &out, &len),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(len, 5);
	CHECK(out != NULL && memcmp(out, data, 5) == 0 && out[5] == '\0');
	free(out);
	/* len may be NULL. */
	CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &out, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "a");
	free(out);

	/* Terms. */
	CHECK_INT_EQ(has_term(doc, "latent"), 0);
	CHECK_INT_EQ(lrm_xapian_doc_add_term(doc, "latent", 2),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, "XVarxiv"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(has_term(doc, "latent"), 1);
	CHECK_INT_EQ(has_term(doc, "XVarxiv"), 1);
	CHECK_INT_EQ(has_term(doc, "laten"), 0);
	CHECK_INT_EQ(has_term(doc, "latents"), 0);
	CHECK_INT_EQ(has_term(doc, "XV"), 0);
	CHECK_INT_EQ(has_term(doc, "zzz"), 0);

	/* Values: empty slot reads "", setting replaces, binary-safe. */
	CHECK_INT_EQ(lrm_xapian_doc_get_value(doc, 3, &out, &len),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "");
	CHECK_INT_EQ(len, 0);
	free(out);
	CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, 3, "old", 3),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, 3, "x\0y", 3),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_get_value(doc, 3, &out, &len),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(len, 3);
	CHECK(out != NULL && memcmp(out, "x\0y", 4) == 0);
	free(out);
	CHECK_INT_EQ(lrm_xapian_doc_get_value(doc, 4, &out, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "");
	free(out);

	/* NULL arguments. */
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, NULL, 3), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_doc_last_error(doc)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, NULL, &len),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_add_term(doc, NULL, 1), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_has_term(doc, "latent", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, 1, NULL, 2),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_get_value(doc, 1, NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_set_data(NULL, "x", 1), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_has_term(NULL, "x", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_doc_create(NULL), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_doc_last_error(NULL)[0] != '\0');
	/* Xapian rejects the empty term (InvalidArgumentError). */
	CHECK_INT_EQ(lrm_xapian_doc_add_term(doc, "", 1), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_doc_last_error(doc)[0] != '\0');
	lrm_xapian_doc_destroy(doc);

	/* sortable_serialise: round trip and byte order == numeric order. */
	for (size_t i = 0; i < 5; i++) {
		enclen[i] = 999;
		lrm_xapian_sortable_serialise(nums[i], enc[i], &enclen[i]);
		CHECK(enclen[i] >= 1 && enclen[i] <= LRM_XAPIAN_SORTABLE_MAX);
		CHECK(lrm_xapian_sortable_unserialise(enc[i], enclen[i]) ==
		      nums[i]);
	}
	for (size_t i = 1; i < 5; i++) {
		size_t m =
		    enclen[i - 1] < enclen[i] ? enclen[i - 1] : enclen[i];
		int c = memcmp(enc[i - 1], enc[i], m);

		CHECK(c < 0 || (c == 0 && enclen[i - 1] < enclen[i]));
	}
	{
		char big[LRM_XAPIAN_SORTABLE_MAX];
		size_t bl = 0;

		lrm_xapian_sortable_serialise(-1.2345678901234e300, big, &bl);
		CHECK(bl <= LRM_XAPIAN_SORTABLE_MAX);
		CHECK(lrm_xapian_sortable_unserialise(big, bl) ==
		      -1.2345678901234e300);
	}
}

static void
test_replace_delete_get(void)
{
	lrm_xapian_db_t *db = new_db("db");
	lrm_xapian_doc_t *doc = NULL, *got = NULL;
	unsigned id1 = 0, id2 = 0, freq = 99;
	char *out = NULL;
	size_t len = 0;

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, "Qp1"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_term(doc, "first", 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, "v1", 2), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qp1", doc, &id1),
	             LRM_XAPIAN_SUCCESS);
	CHECK(id1 != 0);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, "Qp1"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_add_term(doc, "second", 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_set_data(doc, "v2", 2), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qp1", doc, &id2),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(id2, id1);
	/* docid may be NULL. */
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qp1", doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;
	CHECK_INT_EQ(doc_count(db), 1);

	/* The replacement is what is stored. */
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, id1, &got),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_get_data(got, &out, &len),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "v2");
	free(out);
	CHECK_INT_EQ(has_term(got, "second"), 1);
	CHECK_INT_EQ(has_term(got, "first"), 0);
	lrm_xapian_doc_destroy(got);
	got = NULL;

	/* Term frequencies. */
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, "second", &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(freq, 1);
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, "first", &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(freq, 0);
	add_text_doc(db, "p2", "second opinion");
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, "second", &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(freq, 2);

	/* Missing documents. */
	got = (lrm_xapian_doc_t *)1;
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 9999, &got),
	             LRM_XAPIAN_NOT_FOUND);
	CHECK(got == NULL);
	CHECK(lrm_xapian_db_last_error(db)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 0, &got),
	             LRM_XAPIAN_NOT_FOUND);
	CHECK(lrm_xapian_db_last_error(db)[0] != '\0');

	/* Delete by term: the unique term, then a missing one (no error). */
	CHECK_INT_EQ(lrm_xapian_db_delete_document(db, "Qp1"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(db), 1);
	CHECK_INT_EQ(lrm_xapian_db_delete_document(db, "Qp1"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_delete_document(db, "Qp2"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(doc_count(db), 0);
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, id1, &got),
	             LRM_XAPIAN_NOT_FOUND);
	CHECK(got == NULL);

	/* Metadata. */
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, "schema", &out),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "");
	free(out);
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(db, "schema", "3"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, "schema", &out),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "3");
	free(out);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	db = open_ro(check_path("db"));
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, "schema", &out),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(out, "3");
	free(out);
	/* An empty key is Xapian's InvalidArgumentError. */
	out = (char *)1;
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, "", &out),
	             LRM_XAPIAN_INVALID);
	CHECK(out == NULL);
	lrm_xapian_db_destroy(db);
}

/* Index TEXT into a new document with TG using STRATEGY and PREFIX. */
static lrm_xapian_doc_t *
index_with(lrm_xapian_termgen_t *tg, lrm_xapian_stem_strategy_t strategy,
           const char *text, const char *prefix)
{
	lrm_xapian_doc_t *doc = NULL;

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemming_strategy(tg, strategy),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_termgen_index_text(tg, text, strlen(text), 1, prefix),
	    LRM_XAPIAN_SUCCESS);
	return doc;
}

static void
test_termgen(void)
{
	static const char text[] = "Latent reasoning models";
	lrm_xapian_termgen_t *tg = NULL;
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_db_t *db = new_db("db");
	lrm_xapian_qparser_t *qp = NULL;
	char *sugg = NULL;
	unsigned id = 0;

	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_termgen_last_error(tg), "");

	/* No stemmer yet: STEM_SOME adds nothing stemmed. */
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, text, NULL);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 1);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 0);
	CHECK_INT_EQ(has_term(doc, "Latent"), 0); /* lower-cased */
	lrm_xapian_doc_destroy(doc);

	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, text, NULL);
	CHECK_INT_EQ(has_term(doc, "latent"), 1);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 1);
	CHECK_INT_EQ(has_term(doc, "models"), 1);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 1);
	CHECK_INT_EQ(has_term(doc, "Zmodel"), 1);
	CHECK_INT_EQ(has_term(doc, "reason"), 0);
	lrm_xapian_doc_destroy(doc);

	/* A prefix goes after the "Z". */
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, text, "S");
	CHECK_INT_EQ(has_term(doc, "Slatent"), 1);
	CHECK_INT_EQ(has_term(doc, "ZSlatent"), 1);
	CHECK_INT_EQ(has_term(doc, "Sreasoning"), 1);
	CHECK_INT_EQ(has_term(doc, "ZSreason"), 1);
	CHECK_INT_EQ(has_term(doc, "latent"), 0);
	lrm_xapian_doc_destroy(doc);

	/* The other strategies. */
	doc = index_with(tg, LRM_XAPIAN_STEM_NONE, text, NULL);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 1);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 0);
	CHECK_INT_EQ(has_term(doc, "reason"), 0);
	lrm_xapian_doc_destroy(doc);
	doc = index_with(tg, LRM_XAPIAN_STEM_ALL, text, NULL);
	CHECK_INT_EQ(has_term(doc, "reason"), 1);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 0);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 0);
	lrm_xapian_doc_destroy(doc);
	doc = index_with(tg, LRM_XAPIAN_STEM_ALL_Z, text, NULL);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 1);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 0);
	CHECK_INT_EQ(has_term(doc, "reason"), 0);
	lrm_xapian_doc_destroy(doc);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME_FULL_POS, text, NULL);
	CHECK_INT_EQ(has_term(doc, "Zreason"), 1);
	CHECK_INT_EQ(has_term(doc, "reasoning"), 1);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;

	/* Fields separated by increase_termpos(100): a phrase within a field
	 * matches, one spanning the gap does not; without the gap it does. */
	CHECK_INT_EQ(
	    lrm_xapian_termgen_set_stemming_strategy(tg, LRM_XAPIAN_STEM_SOME),
	    LRM_XAPIAN_SUCCESS);
	for (int gap = 0; gap < 2; gap++) {
		const char *uid = gap ? "Qgap" : "Qnogap";

		CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, "alpha beta", 10,
		                                           1, NULL),
		             LRM_XAPIAN_SUCCESS);
		if (gap)
			CHECK_INT_EQ(
			    lrm_xapian_termgen_increase_termpos(tg, 100),
			    LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, "gamma delta",
		                                           11, 1, NULL),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, uid),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_db_replace_document(db, uid, doc, &id),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_doc_destroy(doc);
		doc = NULL;
	}
	/* Without positions: the words match, a phrase cannot. */
	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text_without_positions(
	                 tg, "alpha beta omega", 16, 1, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(has_term(doc, "omega"), 1);
	CHECK_INT_EQ(has_term(doc, "Zomega"), 1);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qnopos", doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);

	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    parse_count(qp, db, "\"alpha beta\"", LRM_XAPIAN_QP_PHRASE), 2);
	CHECK_INT_EQ(
	    parse_count(qp, db, "\"gamma delta\"", LRM_XAPIAN_QP_PHRASE), 2);
	CHECK_INT_EQ(
	    parse_count(qp, db, "\"beta gamma\"", LRM_XAPIAN_QP_PHRASE), 1);
	/* Unquoted words are ORed (the default operator). */
	CHECK_INT_EQ(parse_count(qp, db, "beta gamma", LRM_XAPIAN_QP_PHRASE),
	             3);
	CHECK_INT_EQ(parse_count(qp, db, "alpha beta", 0), 3);
	CHECK_INT_EQ(parse_count(qp, db, "omega", 0), 1);
	lrm_xapian_qparser_destroy(qp);

	/* Spelling data from the term generator. */
	CHECK_INT_EQ(
	    lrm_xapian_termgen_set_flags(tg, LRM_XAPIAN_TERMGEN_SPELLING),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, db),
	             LRM_XAPIAN_SUCCESS);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, text, NULL);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qspell", doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "reasonnig", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "reasoning");
	free(sugg);
	/* Nothing close: "". */
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "xyzzyqux", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "");
	free(sugg);
	/* Explicit spelling data. */
	CHECK_INT_EQ(lrm_xapian_db_add_spelling(db, "transformer", 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_db_spelling_suggestion(db, "transfromer", &sugg),
	    LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "transformer");
	free(sugg);
	/* Spelling off again: no new words recorded. */
	CHECK_INT_EQ(lrm_xapian_termgen_set_flags(tg, 0), LRM_XAPIAN_SUCCESS);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, "hallucination", NULL);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Qhall", doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_db_spelling_suggestion(db, "halucination", &sugg),
	    LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "");
	free(sugg);

	/* Errors. */
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "klingon"),
	             LRM_XAPIAN_INVALID);
	CHECK_CONTAINS(lrm_xapian_termgen_last_error(tg), "klingon");
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "en"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "none"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_flags(tg, 99), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_termgen_last_error(tg)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemming_strategy(
	                 tg, (lrm_xapian_stem_strategy_t)42),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, NULL, 5, 1, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text_without_positions(
	                 tg, NULL, 5, 1, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_increase_termpos(NULL, 1),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_termgen_create(NULL), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_termgen_last_error(NULL)[0] != '\0');
	/* A closed database cannot take spelling data. */
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, db),
	             LRM_XAPIAN_INVALID);
	lrm_xapian_termgen_destroy(tg);
	lrm_xapian_db_destroy(db);
}

/* As the header says, Xapian commits pending changes when a writable
 * database is closed or destroyed (and errors there go unreported, which
 * is why callers commit explicitly). */
static void
test_close_commits_pending(void)
{
	lrm_xapian_db_t *db = new_db("db");
	lrm_xapian_db_t *ro = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s", check_path("db"));

	add_text_doc(db, "p1", "committed");
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	add_text_doc(db, "p2", "pending before close");
	CHECK_INT_EQ(doc_count(db), 2);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	ro = open_ro(path);
	CHECK_INT_EQ(doc_count(ro), 2);
	lrm_xapian_db_destroy(ro);

	db = NULL;
	CHECK_INT_EQ(
	    lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_OPEN, &db, NULL),
	    LRM_XAPIAN_SUCCESS);
	add_text_doc(db, "p3", "pending before destroy");
	lrm_xapian_db_destroy(db);
	ro = open_ro(path);
	CHECK_INT_EQ(doc_count(ro), 3);
	lrm_xapian_db_destroy(ro);
}

/* Spelling data gathered from documents and added in one go: every word
 * without a prefix, none of the prefixed terms, nothing before the
 * flush. */
static void
test_spelling_gathered(void)
{
	lrm_xapian_termgen_t *tg = NULL;
	lrm_xapian_spelling_t *sp = NULL;
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_db_t *db = new_db("spell"), *ro;
	char *sugg = NULL;

	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "en"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spelling_create(&sp), LRM_XAPIAN_SUCCESS);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, "Speculative decoding", NULL);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, "Transformer", 11, 1,
	                                           "S"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spelling_add_document(sp, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "Q1", doc, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	/* Not yet in the database. */
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "speculatve", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "");
	free(sugg);
	CHECK_INT_EQ(lrm_xapian_spelling_flush(sp, db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "speculatve", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "speculative");
	free(sugg);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "decodin", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "decoding");
	free(sugg);
	/* A prefixed word is not a word of the text. */
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "transfromer", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "");
	free(sugg);
	/* Only a writable database takes spelling data. */
	ro = open_ro(check_path("spell"));
	CHECK_INT_EQ(lrm_xapian_spelling_flush(sp, ro), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_db_last_error(ro)[0] != '\0');
	lrm_xapian_db_destroy(ro);

	/* Errors. */
	CHECK_INT_EQ(lrm_xapian_spelling_create(NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spelling_add_document(sp, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spelling_add_document(NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spelling_flush(NULL, db), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spelling_flush(sp, NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	CHECK(lrm_xapian_spelling_flush(sp, db) != LRM_XAPIAN_SUCCESS);
	lrm_xapian_spelling_destroy(sp);
	lrm_xapian_spelling_destroy(NULL);
	lrm_xapian_termgen_destroy(tg);
	lrm_xapian_db_destroy(db);
}

/* What an index update needs: the document of a unique term, the terms
 * with a prefix, spelling data taken out again, and a tie-break that does
 * not depend on docids. */
static int
collect_term(const char *term, size_t len, void *ctx)
{
	char *buf = ctx;

	strncat(buf, term, len);
	strcat(buf, " ");
	return strlen(buf) > 200; /* stop when full */
}

static int
stop_at_first(const char *term, size_t len, void *ctx)
{
	(void)term;
	(void)len;
	++*(int *)ctx;
	return 1;
}

static void
test_update_helpers(void)
{
	lrm_xapian_db_t *db = new_db("upd");
	lrm_xapian_termgen_t *tg = NULL;
	lrm_xapian_spelling_t *sp = NULL;
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_qparser_t *qp = NULL;
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *ms = NULL;
	static const char *const ids[] = {"Qc", "Qa", "Qb"};
	static const unsigned slots[] = {0, 1};
	static const int desc[] = {1, 0};
	char terms[256] = "", *sugg = NULL;
	unsigned docid = 99;
	int calls = 0;

	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spelling_create(&sp), LRM_XAPIAN_SUCCESS);
	for (int i = 0; i < 3; i++) {
		doc = index_with(tg, LRM_XAPIAN_STEM_NONE,
				 i == 0 ? "wombat burrow" : "burrow", NULL);
		CHECK_INT_EQ(lrm_xapian_doc_add_boolean_term(doc, ids[i]),
		             LRM_XAPIAN_SUCCESS);
		/* same date, ids out of docid order */
		CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, 0, "2025-01", 7),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_doc_add_value(doc, 1, ids[i] + 1, 1),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_spelling_add_document(sp, doc),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_db_replace_document(db, ids[i], doc,
		                                            NULL),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_doc_destroy(doc);
	}
	CHECK_INT_EQ(lrm_xapian_spelling_flush(sp, db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);

	CHECK_INT_EQ(lrm_xapian_db_find_document(db, "Qa", &docid),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(docid, 2);
	CHECK_INT_EQ(lrm_xapian_db_find_document(db, "Qz", &docid),
	             LRM_XAPIAN_NOT_FOUND);
	CHECK_INT_EQ(docid, 0);
	CHECK_INT_EQ(lrm_xapian_db_each_term(db, "Q", collect_term, terms),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(terms, "Qa Qb Qc ");
	CHECK_INT_EQ(lrm_xapian_db_each_term(db, NULL, stop_at_first, &calls),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(calls, 1);
	CHECK_INT_EQ(lrm_xapian_db_each_term(db, "Q", NULL, NULL),
	             LRM_XAPIAN_INVALID);

	/* Ties (every weight is 0 for a pure boolean query) by the values:
	 * date high to low, then id low to high, whatever the docids. */
	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_sort_relevance_then_values(
	                 enq, slots, desc, 2),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_term("burrow", &q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_bm25(enq, 0, 0, 0, 0, 0.5),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 0, &ms),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(ms), 3);
	for (unsigned i = 0; i < 3 && lrm_xapian_mset_size(ms) == 3; i++) {
		static const unsigned want[] = {2, 3, 1}; /* Qa, Qb, Qc */
		lrm_xapian_hit_t hit = {0};

		CHECK_INT_EQ(lrm_xapian_mset_hit(ms, i, &hit), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(hit.docid, want[i]);
	}
	CHECK_INT_EQ(lrm_xapian_enquire_set_sort_relevance_then_values(
	                 enq, NULL, NULL, 1),
	             LRM_XAPIAN_INVALID);

	/* Taking the first document's words out of the spelling data. */
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 1, &doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spelling_remove_document(sp, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spelling_remove_document(sp, NULL),
	             LRM_XAPIAN_INVALID);
	lrm_xapian_doc_destroy(doc);
	CHECK_INT_EQ(lrm_xapian_spelling_flush(sp, db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "wombta", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "");
	free(sugg);
	/* "burrow" had three, one is gone */
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "burow", &sugg),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(sugg, "burrow");
	free(sugg);

	lrm_xapian_mset_destroy(ms);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_query_destroy(q);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_spelling_destroy(sp);
	lrm_xapian_termgen_destroy(tg);
	lrm_xapian_db_destroy(db);
}

static void
test_qparser(void)
{
	lrm_xapian_db_t *db = build_corpus("db");
	lrm_xapian_qparser_t *qp = corpus_qparser(db);
	lrm_xapian_query_t *q = NULL, *a = NULL, *b = NULL, *c = NULL;
	char *str = NULL;
	const unsigned D = LRM_XAPIAN_QP_DEFAULT;

	CHECK_STR_EQ(lrm_xapian_qparser_last_error(qp), "");

	/* Free text, default operator OR then AND. */
	CHECK_INT_EQ(parse_count(qp, db, "latent reasoning", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "reasoning", D), 4);
	CHECK_INT_EQ(lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(parse_count(qp, db, "latent reasoning", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "latent reasoning compute", D), 0);
	CHECK_INT_EQ(lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_OR),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(parse_count(qp, db, "latent reasoning compute", D), 4);
	CHECK_INT_EQ(lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_XOR),
	             LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_qparser_last_error(qp)[0] != '\0');

	/* A text field prefix. */
	CHECK_INT_EQ(parse_count(qp, db, "title:latent", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "title:reasoning", D), 3);
	CHECK_INT_EQ(parse_count(qp, db, "title:inference", D), 0);
	CHECK_INT_EQ(parse_count(qp, db, "inference", D), 1);

	/* Boolean prefixes: exclusive values OR, non-exclusive AND. */
	CHECK_INT_EQ(parse_count(qp, db, "venue:arxiv", D), 3);
	CHECK_INT_EQ(parse_count(qp, db, "venue:arxiv venue:icml", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "tag:reasoning", D), 3);
	CHECK_INT_EQ(parse_count(qp, db, "tag:reasoning tag:latent", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:reasoning tag:retrieval", D), 0);
	/* A boolean filter restricts free text. */
	CHECK_INT_EQ(parse_count(qp, db, "reasoning venue:arxiv", D), 2);

	/* Ranges. */
	CHECK_INT_EQ(parse_count(qp, db, "date:2025-01..2025-06", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "date:2024-01..2025-12", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "year:2024..2025", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "year:2025..2025", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "year:..2023", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "year:2026..", D), 0);
	CHECK_INT_EQ(parse_count(qp, db, "day:20240101..20241231", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "day:2025-03-01..2025-03-01", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "reasoning year:2024..2025", D), 3);

	/* Boolean operators. */
	CHECK_INT_EQ(parse_count(qp, db, "latent AND reasoning", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "latent OR retrieval", D), 3);
	CHECK_INT_EQ(parse_count(qp, db, "reasoning NOT latent", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "(latent OR chain) AND prompting", D),
	             1);
	/* Without QP_BOOLEAN "AND" is just a word ("and" is in p3). */
	CHECK_INT_EQ(
	    parse_count(qp, db, "latent AND reasoning", LRM_XAPIAN_QP_PHRASE),
	    5);

	/* Love/hate. */
	CHECK_INT_EQ(parse_count(qp, db, "+reasoning -latent", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "reasoning -chain", D), 3);
	CHECK_INT_EQ(parse_count(qp, db, "+latent +thoughts", D), 1);

	/* Phrases respect the gap between fields. */
	CHECK_INT_EQ(parse_count(qp, db, "\"latent thoughts\"", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "\"thoughts reasoning\"", D), 0);

	/* Wildcards, which need the database. */
	CHECK_INT_EQ(parse_count(qp, db, "reas*", D | LRM_XAPIAN_QP_WILDCARD),
	             4);
	CHECK_INT_EQ(
	    parse_count(qp, db, "retriev*", D | LRM_XAPIAN_QP_WILDCARD), 1);
	CHECK_INT_EQ(
	    parse_count(qp, db, "title:reas*", D | LRM_XAPIAN_QP_WILDCARD), 3);
	CHECK_INT_EQ(parse_count(qp, db, "zzz*", D | LRM_XAPIAN_QP_WILDCARD),
	             0);

	/* Partial: the last word also matches as a prefix. */
	CHECK_INT_EQ(parse_count(qp, db, "reas", D), 0);
	CHECK_INT_EQ(parse_count(qp, db, "reas", D | LRM_XAPIAN_QP_PARTIAL), 4);
	CHECK_INT_EQ(
	    parse_count(qp, db, "retrieval gen", D | LRM_XAPIAN_QP_PARTIAL), 1);

	/* Synonyms, explicit with "~" and automatic. */
	CHECK_INT_EQ(lrm_xapian_db_add_synonym(db, "cot", "chain"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(parse_count(qp, db, "~cot", D), 0);
	CHECK_INT_EQ(parse_count(qp, db, "~cot", D | LRM_XAPIAN_QP_SYNONYM), 1);
	CHECK_INT_EQ(parse_count(qp, db, "cot", D | LRM_XAPIAN_QP_SYNONYM), 0);
	CHECK_INT_EQ(
	    parse_count(qp, db, "cot", D | LRM_XAPIAN_QP_AUTO_SYNONYMS), 1);

	/* Spelling correction, from the corpus's spelling data. */
	CHECK_INT_EQ(lrm_xapian_qparser_parse(
	                 qp, "latent reasonnig",
	                 D | LRM_XAPIAN_QP_SPELLING_CORRECTION, NULL, &q),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	q = NULL;
	CHECK_INT_EQ(lrm_xapian_qparser_corrected_query(qp, &str),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(str, "latent reasoning");
	free(str);
	CHECK_INT_EQ(lrm_xapian_qparser_parse(
	                 qp, "latent reasoning",
	                 D | LRM_XAPIAN_QP_SPELLING_CORRECTION, NULL, &q),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	q = NULL;
	CHECK_INT_EQ(lrm_xapian_qparser_corrected_query(qp, &str),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(str, "");
	free(str);

	/* A default prefix applies to bare words. */
	CHECK_INT_EQ(lrm_xapian_qparser_parse(qp, "inference", D, "S", &q),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count_matches(db, q), 0);
	lrm_xapian_query_destroy(q);
	CHECK_INT_EQ(lrm_xapian_qparser_parse(qp, "thoughts", D, "S", &q),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count_matches(db, q), 2); /* "thought" in p2, p4 */
	CHECK_INT_EQ(lrm_xapian_query_describe(q, &str), LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(str, "ZSthought");
	free(str);
	lrm_xapian_query_destroy(q);

	/* Descriptions. */
	CHECK_INT_EQ(
	    lrm_xapian_qparser_parse(qp, "latent reasoning", D, NULL, &q),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_is_empty(q), 0);
	CHECK_INT_EQ(lrm_xapian_query_describe(q, &str), LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(str, "Query(");
	CHECK_CONTAINS(str, "Zlatent");
	CHECK_CONTAINS(str, "Zreason");
	free(str);
	lrm_xapian_query_destroy(q);

	/* The empty query. */
	CHECK_INT_EQ(lrm_xapian_qparser_parse(qp, "", D, NULL, &q),
	             LRM_XAPIAN_SUCCESS);
	CHECK(q != NULL);
	CHECK_INT_EQ(lrm_xapian_query_is_empty(q), 1);
	CHECK_INT_EQ(count_matches(db, q), 0);
	lrm_xapian_query_destroy(q);
	CHECK_INT_EQ(lrm_xapian_query_is_empty(NULL), 1);

	/* Built queries. */
	CHECK_INT_EQ(lrm_xapian_query_match_all(&q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_is_empty(q), 0);
	CHECK_INT_EQ(count_matches(db, q), (int)CORPUS_SIZE);
	lrm_xapian_query_destroy(q);
	CHECK_INT_EQ(lrm_xapian_query_term("Kreasoning", &a),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_term("XVarxiv", &b), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count_matches(db, a), 3);
	CHECK_INT_EQ(count_matches(db, b), 3);
	CHECK_INT_EQ(lrm_xapian_query_describe(a, &str), LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(str, "Query(Kreasoning)");
	free(str);
	{
		static const struct {
			lrm_xapian_op_t op;
			int count;
		} ops[] = {
			{ LRM_XAPIAN_OP_AND, 1 },     /* p1 */
			{ LRM_XAPIAN_OP_OR, 5 },      /* all */
			{ LRM_XAPIAN_OP_AND_NOT, 2 }, /* p2 p4 */
			{ LRM_XAPIAN_OP_XOR, 4 },     /* p2 p3 p4 p5 */
			{ LRM_XAPIAN_OP_FILTER, 1 },  /* p1 */
		};

		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			CHECK_INT_EQ(
			    lrm_xapian_query_combine(ops[i].op, a, b, &c),
			    LRM_XAPIAN_SUCCESS);
			CHECK_INT_EQ(count_matches(db, c), ops[i].count);
			lrm_xapian_query_destroy(c);
			c = NULL;
		}
	}
	/* The inputs are not consumed: still usable. */
	CHECK_INT_EQ(count_matches(db, a), 3);
	c = (lrm_xapian_query_t *)1;
	CHECK_INT_EQ(lrm_xapian_query_combine((lrm_xapian_op_t)77, a, b, &c),
	             LRM_XAPIAN_INVALID);
	CHECK(c == NULL);
	CHECK_INT_EQ(lrm_xapian_query_combine(LRM_XAPIAN_OP_AND, a, NULL, &c),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_query_combine(LRM_XAPIAN_OP_AND, a, b, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_query_term(NULL, &c), LRM_XAPIAN_INVALID);
	CHECK(c == NULL);
	CHECK_INT_EQ(lrm_xapian_query_term("x", NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_query_match_all(NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_query_describe(NULL, &str), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_query_describe(a, NULL), LRM_XAPIAN_INVALID);
	lrm_xapian_query_destroy(a);
	lrm_xapian_query_destroy(b);

	/* FILTER's right side restricts without adding weight. */
	{
		lrm_xapian_enquire_t *enq = NULL;
		lrm_xapian_mset_t *m = NULL;
		lrm_xapian_hit_t hit_and, hit_filter;

		CHECK_INT_EQ(lrm_xapian_query_term("Zlatent", &a),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_query_term("Zthought", &b),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(
		    lrm_xapian_query_combine(LRM_XAPIAN_OP_AND, a, b, &c),
		    LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, c),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_query_destroy(c);
		CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_mset_size(m), 1);
		CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, &hit_and),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_mset_destroy(m);
		CHECK_INT_EQ(
		    lrm_xapian_query_combine(LRM_XAPIAN_OP_FILTER, a, b, &c),
		    LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, c),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_query_destroy(c);
		CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_mset_size(m), 1);
		CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, &hit_filter),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_mset_destroy(m);
		CHECK_INT_EQ(hit_and.docid, 4);
		CHECK_INT_EQ(hit_filter.docid, 4);
		CHECK(hit_filter.weight > 0);
		CHECK(hit_filter.weight < hit_and.weight);
		/* SCALE multiplies the weights; a negative factor is refused */
		{
			lrm_xapian_query_t *scaled = NULL;
			lrm_xapian_hit_t hit_scaled;

			CHECK_INT_EQ(lrm_xapian_query_combine(
					 LRM_XAPIAN_OP_FILTER, a, b, &c),
				     LRM_XAPIAN_SUCCESS);
			CHECK_INT_EQ(lrm_xapian_query_scale(c, 3.0, &scaled),
				     LRM_XAPIAN_SUCCESS);
			CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, scaled),
				     LRM_XAPIAN_SUCCESS);
			lrm_xapian_query_destroy(scaled);
			CHECK_INT_EQ(
			    lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
			    LRM_XAPIAN_SUCCESS);
			CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, &hit_scaled),
				     LRM_XAPIAN_SUCCESS);
			lrm_xapian_mset_destroy(m);
			CHECK_INT_EQ(hit_scaled.docid, 4);
			CHECK(hit_scaled.weight > 2.999 * hit_filter.weight &&
			      hit_scaled.weight < 3.001 * hit_filter.weight);
			scaled = (lrm_xapian_query_t *)1;
			CHECK_INT_EQ(lrm_xapian_query_scale(c, -1.0, &scaled),
				     LRM_XAPIAN_INVALID);
			CHECK(scaled == NULL);
			CHECK_INT_EQ(lrm_xapian_query_scale(NULL, 1.0, &scaled),
				     LRM_XAPIAN_INVALID);
			lrm_xapian_query_destroy(c);
		}
		lrm_xapian_enquire_destroy(enq);
		lrm_xapian_query_destroy(a);
		lrm_xapian_query_destroy(b);
	}

	/* Parser argument errors. */
	q = (lrm_xapian_query_t *)1;
	CHECK_INT_EQ(lrm_xapian_qparser_parse(qp, NULL, D, NULL, &q),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_parse(qp, "x", D, NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_parse(NULL, "x", D, NULL, &q),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_set_stemmer(qp, "klingon"),
	             LRM_XAPIAN_INVALID);
	CHECK_CONTAINS(lrm_xapian_qparser_last_error(qp), "klingon");
	CHECK_INT_EQ(lrm_xapian_qparser_set_stemming_strategy(
	                 qp, (lrm_xapian_stem_strategy_t)42),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_add_prefix(qp, NULL, "S"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_add_prefix(qp, "title", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_prefix(qp, NULL, "K", 1),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_add_range(
	                 qp, 5, "x:", (lrm_xapian_range_kind_t)9),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_set_database(qp, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_corrected_query(qp, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_create(NULL), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_qparser_last_error(NULL)[0] != '\0');
	/* A field given both a free-text and a boolean prefix is an error. */
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_prefix(qp, "title", "T", 1),
	             LRM_XAPIAN_INVALID);
	/* A closed database cannot be used. */
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_set_database(qp, db),
	             LRM_XAPIAN_DB_ERROR);

	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
}

/* What Xapian 1.4's query parser rejects and what it quietly repairs,
 * found by trying: a boolean operator missing an operand throws
 * QueryParserError; unbalanced brackets and quotes do not. */
static void
test_bad_query(void)
{
	static const struct {
		const char *text;
		unsigned flags;
		lrm_xapian_status_t status;
		const char *msg; /* part of the message, for failures */
	} table[] = {
		{ "AND", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY, "AND" },
		{ "foo AND", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "AND" },
		{ "AND foo", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "AND" },
		{ "foo AND AND bar", LRM_XAPIAN_QP_DEFAULT,
		  LRM_XAPIAN_BAD_QUERY, "AND" },
		{ "OR", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY, "OR" },
		{ "foo OR", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY, "OR" },
		{ "foo XOR", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "XOR" },
		{ "NOT foo", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "NOT" },
		{ "foo NOT", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "NOT" },
		{ "a AND (b OR", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_BAD_QUERY,
		  "OR" },
		{ "foo AND", LRM_XAPIAN_QP_DEFAULT | LRM_XAPIAN_QP_WILDCARD,
		  LRM_XAPIAN_BAD_QUERY, "AND" },
		{ "foo AND", LRM_XAPIAN_QP_DEFAULT | LRM_XAPIAN_QP_PARTIAL,
		  LRM_XAPIAN_BAD_QUERY, "AND" },
		/* Repaired, not rejected. */
		{ "(foo", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		{ "foo)", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		{ "\"unclosed", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS,
		  NULL },
		{ "+", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		{ "-", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		{ "()", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		{ "\"\"", LRM_XAPIAN_QP_DEFAULT, LRM_XAPIAN_SUCCESS, NULL },
		/* Without QP_BOOLEAN the operators are words. */
		{ "foo AND", LRM_XAPIAN_QP_PHRASE | LRM_XAPIAN_QP_LOVEHATE,
		  LRM_XAPIAN_SUCCESS, NULL },
		/* QP_PURE_NOT allows a leading NOT. */
		{ "NOT foo", LRM_XAPIAN_QP_DEFAULT | LRM_XAPIAN_QP_PURE_NOT,
		  LRM_XAPIAN_SUCCESS, NULL },
	};
	lrm_xapian_qparser_t *qp = NULL;

	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		lrm_xapian_query_t *q = (lrm_xapian_query_t *)1;
		lrm_xapian_status_t st;

		st = lrm_xapian_qparser_parse(qp, table[i].text, table[i].flags,
		                              NULL, &q);
		if (st != table[i].status)
			printf("  query \"%s\" flags %u\n", table[i].text,
			       table[i].flags);
		CHECK_INT_EQ(st, table[i].status);
		if (table[i].status == LRM_XAPIAN_SUCCESS) {
			CHECK(q != NULL && q != (lrm_xapian_query_t *)1);
			if (q != (lrm_xapian_query_t *)1)
				lrm_xapian_query_destroy(q);
			continue;
		}
		CHECK(q == NULL);
		CHECK(lrm_xapian_qparser_last_error(qp)[0] != '\0');
		CHECK_CONTAINS(lrm_xapian_qparser_last_error(qp), "Syntax");
		CHECK_CONTAINS(lrm_xapian_qparser_last_error(qp), table[i].msg);
	}
	lrm_xapian_qparser_destroy(qp);
}

/* Run the enquire and return its hits' docids in order (at most MAX). */
static unsigned
hit_ids(lrm_xapian_enquire_t *enq, unsigned *ids, unsigned max)
{
	lrm_xapian_mset_t *m = NULL;
	unsigned n = 0;

	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, max, max, &m),
	             LRM_XAPIAN_SUCCESS);
	n = lrm_xapian_mset_size(m);
	for (unsigned i = 0; i < n; i++) {
		lrm_xapian_hit_t hit;

		CHECK_INT_EQ(lrm_xapian_mset_hit(m, i, &hit),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(hit.rank, i);
		ids[i] = hit.docid;
	}
	lrm_xapian_mset_destroy(m);
	return n;
}

/* Set ENQ's query to TEXT parsed by QP. */
static void
set_text_query(lrm_xapian_enquire_t *enq, lrm_xapian_qparser_t *qp,
               const char *text)
{
	lrm_xapian_query_t *q = NULL;

	CHECK_INT_EQ(
	    lrm_xapian_qparser_parse(qp, text, LRM_XAPIAN_QP_DEFAULT, NULL, &q),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
}

#define CHECK_IDS(enq, ...)                                                    \
	do {                                                                   \
		static const unsigned want_[] = { __VA_ARGS__ };               \
		unsigned got_[16];                                             \
		unsigned n_ = hit_ids((enq), got_, 16);                        \
		CHECK_INT_EQ(n_, sizeof(want_) / sizeof(want_[0]));            \
		for (unsigned i_ = 0;                                          \
		     i_ < n_ && i_ < sizeof(want_) / sizeof(want_[0]); i_++)   \
			CHECK_INT_EQ(got_[i_], want_[i_]);                     \
	} while (0)

static void
test_enquire(void)
{
	lrm_xapian_db_t *db = build_corpus("db");
	lrm_xapian_qparser_t *qp = corpus_qparser(db);
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_spy_t *spy = NULL;
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_hit_t hit;
	lrm_xapian_estimate_t est;
	lrm_xapian_query_t *q = NULL;
	const char *val = NULL;
	size_t vlen = 0;
	unsigned count = 0, freq = 0;
	char *data = NULL;

	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_enquire_last_error(enq), "");

	/* No query yet: an empty result, not an error. */
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 0, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 0);
	lrm_xapian_mset_destroy(m);
	m = NULL;

	/* Relevance: titles (wdf 3) outrank a single mention in an
	 * abstract (p5). */
	set_text_query(enq, qp, "reasoning");
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 4);
	CHECK_STR_EQ(lrm_xapian_mset_last_error(m), "");
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 3, &hit), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(hit.docid, 5);
	{
		double prev = 1e300;

		for (unsigned i = 0; i < 4; i++) {
			CHECK_INT_EQ(lrm_xapian_mset_hit(m, i, &hit),
			             LRM_XAPIAN_SUCCESS);
			CHECK(hit.weight > 0 && hit.weight <= prev);
			CHECK(hit.percent > 0 && hit.percent <= 100);
			prev = hit.weight;
		}
	}
	/* Out of range and NULL. */
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 4, &hit), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_mset_last_error(m)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, NULL), LRM_XAPIAN_INVALID);
	doc = (lrm_xapian_doc_t *)1;
	CHECK_INT_EQ(lrm_xapian_mset_document(m, 4, &doc), LRM_XAPIAN_INVALID);
	CHECK(doc == NULL);
	CHECK_INT_EQ(lrm_xapian_mset_document(m, 0, NULL), LRM_XAPIAN_INVALID);
	/* The hit's document is the right one. */
	CHECK_INT_EQ(lrm_xapian_mset_document(m, 3, &doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &data, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(data, "p5");
	free(data);
	CHECK_INT_EQ(has_term(doc, "XVarxiv"), 1);
	lrm_xapian_doc_destroy(doc);
	doc = NULL;
	lrm_xapian_mset_destroy(m);
	m = NULL;

	/* BM25 parameters: with k1 = 0 and b = 0 wdf and length no longer
	 * count, so every match weighs the same. */
	CHECK_INT_EQ(lrm_xapian_enquire_set_bm25(enq, 0, 0, 1, 0, 0.5),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	{
		lrm_xapian_hit_t first, last;

		CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, &first),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_mset_hit(m, 3, &last),
		             LRM_XAPIAN_SUCCESS);
		CHECK(first.weight > 0);
		CHECK(first.weight == last.weight);
	}
	lrm_xapian_mset_destroy(m);
	m = NULL;
	CHECK_INT_EQ(lrm_xapian_enquire_set_bm25(enq, 1, 0, 1, 0.5, 0.5),
	             LRM_XAPIAN_SUCCESS);
	/* Shorter documents first among the title matches (b = 0.5). */
	CHECK_IDS(enq, 4, 1, 2, 5);

	/* Sorting by value: slot 2 is "YYYYMMDD", distinct per paper. */
	CHECK_INT_EQ(lrm_xapian_query_match_all(&q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	q = NULL;
	CHECK_INT_EQ(lrm_xapian_enquire_set_sort(enq, LRM_XAPIAN_SORT_VALUE,
	                                         SLOT_DAY, 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 5, 4, 3, 2, 1);
	CHECK_INT_EQ(lrm_xapian_enquire_set_sort(enq, LRM_XAPIAN_SORT_VALUE,
	                                         SLOT_DAY, 0),
	             LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 1, 2, 3, 4, 5);

	/* Offset and limit: ranks count from the start of all results. */
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 2, 2, 5, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 2);
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 0, &hit), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(hit.rank, 2);
	CHECK_INT_EQ(hit.docid, 3);
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 1, &hit), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(hit.rank, 3);
	CHECK_INT_EQ(hit.docid, 4);
	CHECK_INT_EQ(lrm_xapian_mset_hit(m, 2, &hit), LRM_XAPIAN_INVALID);
	lrm_xapian_mset_matches(m, &est);
	CHECK_INT_EQ(est.lower, 5);
	CHECK_INT_EQ(est.estimated, 5);
	CHECK_INT_EQ(est.upper, 5);
	lrm_xapian_mset_destroy(m);
	m = NULL;
	/* Past the end: empty, still counted. */
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 10, 5, 5, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 0);
	lrm_xapian_mset_matches(m, &est);
	CHECK_INT_EQ(est.estimated, 5);
	lrm_xapian_mset_destroy(m);
	m = NULL;

	/* Relevance then value: an all-boolean query ties every weight, so
	 * the value decides. */
	CHECK_INT_EQ(lrm_xapian_query_term("XVarxiv", &q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	q = NULL;
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(
	        enq, LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE, SLOT_DAY, 1),
	    LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 5, 3, 1);
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(
	        enq, LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE, SLOT_DAY, 0),
	    LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 1, 3, 5);
	/* With real weights relevance comes first. */
	set_text_query(enq, qp, "reasoning");
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(
	        enq, LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE, SLOT_DAY, 0),
	    LRM_XAPIAN_SUCCESS);
	{
		unsigned got[16];

		CHECK_INT_EQ(hit_ids(enq, got, 16), 4);
		CHECK_INT_EQ(got[3], 5);
	}

	/* Value (year, newest first) then relevance: in 2025 p4 (title)
	 * beats p5 (abstract). */
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(
	        enq, LRM_XAPIAN_SORT_VALUE_THEN_RELEVANCE, SLOT_YEAR, 1),
	    LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 4, 5, 2, 1);
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(
	        enq, LRM_XAPIAN_SORT_VALUE_THEN_RELEVANCE, SLOT_YEAR, 0),
	    LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 1, 2, 4, 5);
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(enq, LRM_XAPIAN_SORT_RELEVANCE, 0, 0),
	    LRM_XAPIAN_SUCCESS);
	CHECK_IDS(enq, 4, 1, 2, 5);
	CHECK_INT_EQ(
	    lrm_xapian_enquire_set_sort(enq, (lrm_xapian_sort_t)9, 0, 0),
	    LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_enquire_last_error(enq)[0] != '\0');

	/* Estimates without an exact count stay ordered. */
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 1, 0, &m),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_mset_matches(m, &est);
	CHECK(est.lower <= est.estimated);
	CHECK(est.estimated <= est.upper);
	CHECK(est.lower >= 1);
	CHECK(est.upper <= CORPUS_SIZE);
	lrm_xapian_mset_destroy(m);
	m = NULL;
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 1, CORPUS_SIZE, &m),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_mset_matches(m, &est);
	CHECK_INT_EQ(est.lower, 4);
	CHECK_INT_EQ(est.estimated, 4);
	CHECK_INT_EQ(est.upper, 4);
	lrm_xapian_mset_destroy(m);
	m = NULL;
	lrm_xapian_mset_matches(NULL, &est);
	CHECK_INT_EQ(est.estimated, 0);
	lrm_xapian_mset_matches(NULL, NULL);
	CHECK_INT_EQ(lrm_xapian_mset_size(NULL), 0);
	CHECK(lrm_xapian_mset_last_error(NULL)[0] != '\0');

	/* Collapsing on the year: one hit per year. */
	CHECK_INT_EQ(lrm_xapian_query_match_all(&q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	q = NULL;
	CHECK_INT_EQ(lrm_xapian_enquire_set_collapse_key(enq, SLOT_YEAR, 1),
	             LRM_XAPIAN_SUCCESS);
	{
		unsigned got[16];
		unsigned n = hit_ids(enq, got, 16);

		CHECK_INT_EQ(n, 3);
		/* Distinct years among the hits. */
		for (unsigned i = 0; i < n; i++)
			for (unsigned j = 0; j < i; j++)
				CHECK(corpus[got[i] - 1].year !=
				      corpus[got[j] - 1].year);
	}
	CHECK_INT_EQ(lrm_xapian_enquire_set_collapse_key(enq, SLOT_VENUE, 2),
	             LRM_XAPIAN_SUCCESS);
	{
		unsigned got[16];

		/* arxiv 3 -> 2, neurips 1, icml 1. */
		CHECK_INT_EQ(hit_ids(enq, got, 16), 4);
	}
	CHECK_INT_EQ(lrm_xapian_enquire_set_collapse_key(enq, SLOT_YEAR, 0),
	             LRM_XAPIAN_SUCCESS);
	{
		unsigned got[16];

		CHECK_INT_EQ(hit_ids(enq, got, 16), 5);
	}

	/* Facets: a value-count spy over the venue slot.  (collect(0) for
	 * "all" and the reset between get_mset calls have their own cases.) */
	CHECK_INT_EQ(lrm_xapian_spy_create(SLOT_VENUE, &spy),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_spy_last_error(spy), "");
	CHECK_INT_EQ(lrm_xapian_spy_total(spy), 0);
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 10, &count),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count, 0);
	CHECK_INT_EQ(lrm_xapian_enquire_add_spy(enq, spy), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 1, CORPUS_SIZE, &m),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_mset_destroy(m);
	m = NULL;
	CHECK_INT_EQ(lrm_xapian_spy_total(spy), 5);
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 10, &count),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count, 3);
	{
		static const struct {
			const char *value;
			unsigned freq;
		} want[] = { { "arxiv", 3 }, { "icml", 1 }, { "neurips", 1 } };

		for (unsigned i = 0; i < 3 && i < count; i++) {
			CHECK_INT_EQ(
			    lrm_xapian_spy_value(spy, i, &val, &vlen, &freq),
			    LRM_XAPIAN_SUCCESS);
			CHECK_STR_EQ(val, want[i].value);
			CHECK_INT_EQ(vlen, strlen(want[i].value));
			CHECK_INT_EQ(freq, want[i].freq);
		}
	}
	/* Out-params may be NULL. */
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 0, NULL, NULL, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 3, &val, &vlen, &freq),
	             LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_spy_last_error(spy)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 1, &count),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count, 1);
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 0, &val, &vlen, &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(val, "arxiv");
	CHECK_INT_EQ(freq, 3);
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 1, &val, &vlen, &freq),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 2, &count),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count, 2);
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 1, &val, &vlen, &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(val, "icml"); /* ties in byte order */
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 0, NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spy_collect(NULL, 0, &count),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spy_value(NULL, 0, &val, NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_spy_total(NULL), 0);
	CHECK(lrm_xapian_spy_last_error(NULL)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_spy_create(0, NULL), LRM_XAPIAN_INVALID);
	/* A spy on a fresh enquire counts only its own matches: "reasoning"
	 * matches p1 p2 p4 p5. */
	{
		lrm_xapian_enquire_t *e2 = NULL;
		lrm_xapian_spy_t *s2 = NULL;

		CHECK_INT_EQ(lrm_xapian_enquire_create(db, &e2),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_spy_create(SLOT_VENUE, &s2),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_add_spy(e2, s2),
		             LRM_XAPIAN_SUCCESS);
		set_text_query(e2, qp, "reasoning");
		CHECK_INT_EQ(
		    lrm_xapian_enquire_get_mset(e2, 0, 2, CORPUS_SIZE, &m),
		    LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_mset_size(m), 2);
		lrm_xapian_mset_destroy(m);
		m = NULL;
		/* Every match is seen, not just the two returned. */
		CHECK_INT_EQ(lrm_xapian_spy_total(s2), 4);
		CHECK_INT_EQ(lrm_xapian_spy_collect(s2, 10, &count),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(count, 3);
		CHECK_INT_EQ(lrm_xapian_spy_value(s2, 0, &val, NULL, &freq),
		             LRM_XAPIAN_SUCCESS);
		CHECK_STR_EQ(val, "arxiv");
		CHECK_INT_EQ(freq, 2);
		lrm_xapian_enquire_destroy(e2);
		lrm_xapian_spy_destroy(s2);
	}

	/* Argument errors. */
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_enquire_last_error(enq)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_enquire_add_spy(enq, NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 0, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(NULL, 0, 10, 0, &m),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_enquire_set_bm25(NULL, 1, 0, 1, 0.5, 0.5),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_enquire_set_sort(NULL, 0, 0, 0),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_enquire_set_collapse_key(NULL, 0, 1),
	             LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_enquire_last_error(NULL)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, NULL), LRM_XAPIAN_INVALID);
	{
		lrm_xapian_enquire_t *e2 = (lrm_xapian_enquire_t *)1;

		CHECK_INT_EQ(lrm_xapian_enquire_create(NULL, &e2),
		             LRM_XAPIAN_INVALID);
		CHECK(e2 == NULL);
		/* Enquire on a closed database. */
		lrm_xapian_enquire_destroy(enq);
		enq = NULL;
		lrm_xapian_spy_destroy(spy);
		spy = NULL;
		CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_create(db, &e2),
		             LRM_XAPIAN_DB_ERROR);
		CHECK(e2 == NULL);
	}

	lrm_xapian_spy_destroy(spy);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
}

/* Run FN in a child process and return its exit status, or -1 when it
 * died (e.g. a sanitizer abort), so a crash shows up as one failed check
 * rather than ending the run. */
static int
run_isolated(int (*fn)(void))
{
	pid_t pid;
	int status = 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int rc = fn();

		fflush(stdout);
		_exit(rc);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (!WIFEXITED(status)) {
		printf("  child died with signal %d\n",
		       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		return -1;
	}
	return WEXITSTATUS(status);
}

/* Child of test_spy_collect_all: 0 when collect(0) returns all three
 * venues, else the status + 10, or 1 for a wrong count. */
static int
spy_collect_all_child(void)
{
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_spy_t *spy = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_query_t *q = NULL;
	unsigned count = 0;
	lrm_xapian_status_t st;

	if (lrm_xapian_db_open(check_path("db"), &db, NULL) ||
	    lrm_xapian_enquire_create(db, &enq) ||
	    lrm_xapian_spy_create(SLOT_VENUE, &spy) ||
	    lrm_xapian_enquire_add_spy(enq, spy) ||
	    lrm_xapian_query_match_all(&q) ||
	    lrm_xapian_enquire_set_query(enq, q) ||
	    lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m))
		return 2;
	st = lrm_xapian_spy_collect(spy, 0, &count);
	if (st != LRM_XAPIAN_SUCCESS) {
		printf("  spy_collect(0): status %d: %s\n", (int)st,
		       lrm_xapian_spy_last_error(spy));
		return 10 + (int)st;
	}
	return count == 3 ? 0 : 1;
}

/* spy_collect with MAXVALUES 0 means "all values".  Run in a child: the
 * binding passes ~0 on to Xapian, which tries to reserve that many
 * entries, and under ASan that aborts the process. */
static void
test_spy_collect_all(void)
{
	lrm_xapian_db_t *db = build_corpus("db");

	lrm_xapian_db_destroy(db);
	CHECK_INT_EQ(run_isolated(spy_collect_all_child), 0);
}

/* "Each get_mset resets it": a spy reused for a second query counts only
 * the second query's matches. */
static void
test_spy_reset(void)
{
	lrm_xapian_db_t *db = build_corpus("db");
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_spy_t *spy = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_query_t *q = NULL;
	unsigned count = 0, freq = 0;
	const char *val = NULL;

	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_spy_create(SLOT_VENUE, &spy),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_add_spy(enq, spy), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_match_all(&q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_mset_destroy(m);
	CHECK_INT_EQ(lrm_xapian_spy_total(spy), 5);

	CHECK_INT_EQ(lrm_xapian_query_term("Kreasoning", &q),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	lrm_xapian_query_destroy(q);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 3);
	lrm_xapian_mset_destroy(m);
	CHECK_INT_EQ(lrm_xapian_spy_total(spy), 3);
	CHECK_INT_EQ(lrm_xapian_spy_collect(spy, 10, &count),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(count, 3); /* arxiv, icml, neurips: one each */
	CHECK_INT_EQ(lrm_xapian_spy_value(spy, 0, &val, NULL, &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(freq, 1);

	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_spy_destroy(spy);
	lrm_xapian_db_destroy(db);
}

/* An mset for TEXT over the corpus (the snippet needs the query). */
static lrm_xapian_mset_t *
corpus_mset(lrm_xapian_db_t *db, lrm_xapian_qparser_t *qp,
            lrm_xapian_enquire_t **enq, const char *text)
{
	lrm_xapian_mset_t *m = NULL;

	CHECK_INT_EQ(lrm_xapian_enquire_create(db, enq), LRM_XAPIAN_SUCCESS);
	set_text_query(*enq, qp, text);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(*enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	return m;
}

static void
test_snippet(void)
{
	static const char text[] =
	    "Models & their reasoning: a survey of <latent> methods";
	static const char nomatch[] = "Nothing relevant is said here.";
	lrm_xapian_db_t *db = build_corpus("db");
	lrm_xapian_qparser_t *qp = corpus_qparser(db);
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *m = corpus_mset(db, qp, &enq, "reasoning");
	char *snip = NULL;
	char longtext[4000];
	size_t pos = 0;

	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, text, strlen(text), 200,
	                                     "english", 0, "<b>", "</b>", "...",
	                                     &snip),
	             LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(snip, "<b>reasoning</b>");
	CHECK_CONTAINS(snip, "&amp;");
	CHECK_CONTAINS(snip, "&lt;latent&gt;");
	CHECK(snip != NULL && strstr(snip, " & ") == NULL);
	/* Only the matched word is marked. */
	CHECK(snip != NULL && strstr(snip, "<b>Models") == NULL);
	free(snip);
	snip = NULL;

	/* The query's stems match other forms of the word. */
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, "They reasoned well.", 19, 200,
	                                     "english", 0, "[", "]", "...",
	                                     &snip),
	             LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(snip, "[reasoned]");
	free(snip);
	snip = NULL;

	/* No match: some text by default, "" when asked. */
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, nomatch, strlen(nomatch), 200,
	                                     "english", 0, "<b>", "</b>", "...",
	                                     &snip),
	             LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(snip, "Nothing");
	CHECK(snip != NULL && strstr(snip, "<b>") == NULL);
	free(snip);
	snip = NULL;
	CHECK_INT_EQ(
	    lrm_xapian_mset_snippet(m, nomatch, strlen(nomatch), 200, "english",
	                            LRM_XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH,
	                            "<b>", "</b>", "...", &snip),
	    LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(snip, "");
	free(snip);
	snip = NULL;
	/* ...but a match still shows with that flag. */
	CHECK_INT_EQ(
	    lrm_xapian_mset_snippet(m, text, strlen(text), 200, "english",
	                            LRM_XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH,
	                            "<b>", "</b>", "...", &snip),
	    LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(snip, "<b>reasoning</b>");
	free(snip);
	snip = NULL;

	/* A long text is cut to about LENGTH bytes around the match, with
	 * OMIT where text was left out. */
	for (int i = 0; i < 40; i++)
		pos += (size_t)snprintf(longtext + pos, sizeof(longtext) - pos,
		                        "filler%d words ", i);
	pos += (size_t)snprintf(longtext + pos, sizeof(longtext) - pos,
	                        "careful reasoning ");
	for (int i = 0; i < 40; i++)
		pos += (size_t)snprintf(longtext + pos, sizeof(longtext) - pos,
		                        "padding%d text ", i);
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, longtext, pos, 60, "english", 0,
	                                     "<b>", "</b>", "...", &snip),
	             LRM_XAPIAN_SUCCESS);
	CHECK_CONTAINS(snip, "<b>reasoning</b>");
	CHECK_CONTAINS(snip, "...");
	CHECK(snip != NULL && strlen(snip) < 120);
	CHECK(snip != NULL && strstr(snip, "filler0 ") == NULL);
	free(snip);
	snip = NULL;

	/* Empty text, and errors. */
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, NULL, 0, 60, NULL, 0, "<b>",
	                                     "</b>", "...", &snip),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(snip, "");
	free(snip);
	snip = NULL;
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, NULL, 5, 60, NULL, 0, "<b>",
	                                     "</b>", "...", &snip),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, text, 5, 60, NULL, 0, "<b>",
	                                     "</b>", "...", NULL),
	             LRM_XAPIAN_INVALID);
	snip = (char *)1;
	CHECK_INT_EQ(lrm_xapian_mset_snippet(m, text, strlen(text), 60,
	                                     "klingon", 0, "<b>", "</b>", "...",
	                                     &snip),
	             LRM_XAPIAN_INVALID);
	CHECK(snip == NULL);
	CHECK_CONTAINS(lrm_xapian_mset_last_error(m), "klingon");
	CHECK_INT_EQ(lrm_xapian_mset_snippet(NULL, text, 5, 60, NULL, 0, "<b>",
	                                     "</b>", "...", &snip),
	             LRM_XAPIAN_INVALID);

	lrm_xapian_mset_destroy(m);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
}

/* Build shard NAME holding papers FROM..TO-1 of the corpus. */
static void
build_shard(const char *name, size_t from, size_t to)
{
	lrm_xapian_db_t *db = new_db(name);
	lrm_xapian_termgen_t *tg = NULL;

	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	for (size_t i = from; i < to; i++)
		index_paper(db, tg, &corpus[i]);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_termgen_destroy(tg);
	lrm_xapian_db_destroy(db);
}

static void
test_stub_file(void)
{
	char stub[8300], path1[4096], path2[4096];
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_qparser_t *qp = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_doc_t *doc = NULL;
	char *data = NULL, *msg = NULL;
	int seen_p1 = 0, seen_p4 = 0;
	unsigned freq = 0;

	build_shard("shard1", 0, 3);
	build_shard("shard2", 3, CORPUS_SIZE);
	snprintf(path1, sizeof(path1), "%s", check_path("shard1"));
	snprintf(path2, sizeof(path2), "%s", check_path("shard2"));
	snprintf(stub, sizeof(stub), "auto %s\nauto %s\n", path1, path2);
	CHECK_INT_EQ(
	    check_write_file(check_path("all.stub"), stub, strlen(stub)), 0);

	db = open_ro(check_path("all.stub"));
	CHECK_INT_EQ(doc_count(db), CORPUS_SIZE);
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, "XVarxiv", &freq),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(freq, 3);

	/* "latent" is in p1 (shard 1) and p4 (shard 2). */
	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_set_stemmer(qp, "english"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	set_text_query(enq, qp, "latent");
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_mset_size(m), 2);
	for (unsigned i = 0; i < lrm_xapian_mset_size(m); i++) {
		CHECK_INT_EQ(lrm_xapian_mset_document(m, i, &doc),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &data, NULL),
		             LRM_XAPIAN_SUCCESS);
		if (data && strcmp(data, "p1") == 0)
			seen_p1 = 1;
		if (data && strcmp(data, "p4") == 0)
			seen_p4 = 1;
		free(data);
		lrm_xapian_doc_destroy(doc);
		doc = NULL;
	}
	CHECK(seen_p1 && seen_p4);
	lrm_xapian_mset_destroy(m);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
	db = NULL;

	/* A stub naming a missing shard fails to open. */
	snprintf(stub, sizeof(stub), "auto %s\nauto %s\n", path1,
	         check_path("nope"));
	CHECK_INT_EQ(
	    check_write_file(check_path("bad.stub"), stub, strlen(stub)), 0);
	CHECK(lrm_xapian_db_open(check_path("bad.stub"), &db, &msg) !=
	      LRM_XAPIAN_SUCCESS);
	CHECK(db == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
	msg = NULL;
	/* So does a stub with a line Xapian cannot read. */
	CHECK_INT_EQ(
	    check_write_file(check_path("junk.stub"), "bogus line\n", 11), 0);
	CHECK_INT_EQ(lrm_xapian_db_open(check_path("junk.stub"), &db, &msg),
	             LRM_XAPIAN_DB_CORRUPT);
	CHECK(db == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
}

static int
truncate_file(const char *path, long len)
{
	return truncate(path, (off_t)len);
}

/* Fill a writable database at check_path(NAME) with N small documents
 * and close it. */
static void
make_db(const char *name, unsigned n)
{
	lrm_xapian_db_t *db = new_db(name);
	char uid[32], text[128];

	for (unsigned i = 0; i < n; i++) {
		snprintf(uid, sizeof(uid), "d%u", i);
		snprintf(text, sizeof(text),
		         "hello world document number%u word%u", i, i % 7);
		add_text_doc(db, uid, text);
	}
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
}

/* Overwrite bytes FROM..TO-1 (TO < 0: to the end) of file DIR/NAME (every
 * "*.glass" file when NAME is NULL) with garbage, keeping its length; with
 * TRUNCATE, cut the file to FROM bytes instead.  Returns how many files
 * were changed. */
static int
damage(const char *dir, const char *name, long from, long to, int truncate)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[8192];
	int changed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		FILE *f;
		long size;
		size_t nl = strlen(e->d_name);

		if (name
		        ? strcmp(e->d_name, name) != 0
		        : (nl < 6 || strcmp(e->d_name + nl - 6, ".glass") != 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r+b");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		if (truncate) {
			fclose(f);
			CHECK_INT_EQ(truncate_file(path, from), 0);
		} else {
			if (to >= 0 && to < size)
				size = to;
			fseek(f, from, SEEK_SET);
			for (long i = from; i < size; i++)
				fputc((int)((i * 131 + 7) & 0xff), f);
			fclose(f);
		}
		changed++;
	}
	closedir(d);
	return changed;
}

/* Open DIR read-only and run a search; return the first failure. */
static lrm_xapian_status_t
open_and_search(const char *dir, char **msg)
{
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_status_t st;

	st = lrm_xapian_db_open(dir, &db, msg);
	if (st)
		return st;
	st = lrm_xapian_enquire_create(db, &enq);
	if (!st)
		st = lrm_xapian_query_term("hello", &q);
	if (!st)
		st = lrm_xapian_enquire_set_query(enq, q);
	if (!st)
		st = lrm_xapian_enquire_get_mset(enq, 0, 10, 1000, &m);
	if (st && msg)
		*msg = strdup(enq ? lrm_xapian_enquire_last_error(enq) : "");
	for (unsigned i = 0; !st && i < lrm_xapian_mset_size(m); i++) {
		lrm_xapian_doc_t *doc = NULL;
		char *data = NULL;

		st = lrm_xapian_mset_document(m, i, &doc);
		if (st && msg)
			*msg = strdup(lrm_xapian_mset_last_error(m));
		if (!st) {
			st = lrm_xapian_doc_get_data(doc, &data, NULL);
			if (st && msg)
				*msg = strdup(lrm_xapian_doc_last_error(doc));
		}
		free(data);
		lrm_xapian_doc_destroy(doc);
	}
	lrm_xapian_mset_destroy(m);
	lrm_xapian_query_destroy(q);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_db_destroy(db);
	return st;
}

static void
test_errors(void)
{
	lrm_xapian_db_t *db = NULL, *db2 = NULL, *ro = NULL;
	char *msg = NULL, *str = NULL;
	char missing[4096];
	lrm_xapian_status_t st;
	unsigned n = 0;

	snprintf(missing, sizeof(missing), "%s", check_path("no/such/db"));

	/* Missing database: the message names the path. */
	db = (lrm_xapian_db_t *)1;
	CHECK_INT_EQ(lrm_xapian_db_open(missing, &db, &msg),
	             LRM_XAPIAN_DB_NOT_FOUND);
	CHECK(db == NULL);
	CHECK_CONTAINS(msg, missing);
	free(msg);
	msg = NULL;
	/* MSG may be NULL. */
	CHECK_INT_EQ(lrm_xapian_db_open(missing, &db, NULL),
	             LRM_XAPIAN_DB_NOT_FOUND);
	/* A directory without a database is no database either. */
	CHECK_INT_EQ(check_write_file(check_path("x"), "", 0), 0);
	CHECK_INT_EQ(lrm_xapian_db_open(check_tmpdir(), &db, &msg),
	             LRM_XAPIAN_DB_NOT_FOUND);
	CHECK_CONTAINS(msg, check_tmpdir());
	free(msg);
	msg = NULL;

	/* Locking: one writer at a time, readers unaffected. */
	make_db("db", 400);
	CHECK_INT_EQ(lrm_xapian_db_open_writable(check_path("db"),
	                                         LRM_XAPIAN_DB_OPEN, &db, &msg),
	             LRM_XAPIAN_SUCCESS);
	db2 = (lrm_xapian_db_t *)1;
	CHECK_INT_EQ(lrm_xapian_db_open_writable(check_path("db"),
	                                         LRM_XAPIAN_DB_CREATE_OR_OPEN,
	                                         &db2, &msg),
	             LRM_XAPIAN_DB_LOCKED);
	CHECK(db2 == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	CHECK_CONTAINS(msg, check_path("db"));
	free(msg);
	msg = NULL;
	ro = open_ro(check_path("db"));
	CHECK_INT_EQ(doc_count(ro), 400);
	/* Closing releases the lock. */
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_open_writable(
	                 check_path("db"), LRM_XAPIAN_DB_OPEN, &db2, &msg),
	             LRM_XAPIAN_SUCCESS);
	CHECK(msg == NULL);

	/* A reader whose revision the writer has since recycled gets
	 * DB_MODIFIED, and succeeds after reopen(). */
	for (int round = 0; round < 20; round++) {
		char uid[32];

		for (unsigned i = 0; i < 50; i++) {
			snprintf(uid, sizeof(uid), "r%d-%u", round, i);
			add_text_doc(db2, uid, "hello again and again");
		}
		CHECK_INT_EQ(lrm_xapian_db_delete_document(db2, "Qd0"),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_db_commit(db2), LRM_XAPIAN_SUCCESS);
	}
	{
		lrm_xapian_enquire_t *enq = NULL;
		lrm_xapian_query_t *q = NULL;
		lrm_xapian_mset_t *m = NULL;
		lrm_xapian_estimate_t est;

		CHECK_INT_EQ(lrm_xapian_enquire_create(ro, &enq),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_query_term("hello", &q),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_query_destroy(q);
		m = (lrm_xapian_mset_t *)1;
		CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 2000, &m),
		             LRM_XAPIAN_DB_MODIFIED);
		CHECK(m == NULL);
		CHECK_CONTAINS(lrm_xapian_enquire_last_error(enq), "reopen");
		lrm_xapian_enquire_destroy(enq);
		enq = NULL;
		CHECK_INT_EQ(lrm_xapian_db_reopen(ro), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(doc_count(ro), 400 + 20 * 50 - 1);
		CHECK_INT_EQ(lrm_xapian_enquire_create(ro, &enq),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_query_term("hello", &q),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_query_destroy(q);
		CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 2000, &m),
		             LRM_XAPIAN_SUCCESS);
		lrm_xapian_mset_matches(m, &est);
		CHECK_INT_EQ(est.estimated, 400 + 20 * 50 - 1);
		lrm_xapian_mset_destroy(m);
		lrm_xapian_enquire_destroy(enq);
	}
	lrm_xapian_db_destroy(ro);
	ro = NULL;
	lrm_xapian_db_destroy(db2);
	db2 = NULL;
	lrm_xapian_db_destroy(db);
	db = NULL;

	/* Damaged files.  Glass reads the version file and each table's
	 * root block at open, leaves only when a search needs them; Xapian
	 * throws DatabaseCorruptError for bad contents. */
	{
		static const struct {
			const char *file;
			long from, to;
			int truncate;
			lrm_xapian_status_t open, search;
		} how[] = {
			/* Every table garbled: caught at open. */
			{ NULL, 0, -1, 0, LRM_XAPIAN_DB_CORRUPT, 0 },
			/* The version file garbled or cut short. */
			{ "iamglass", 0, -1, 0, LRM_XAPIAN_DB_CORRUPT, 0 },
			{ "iamglass", 10, -1, 1, LRM_XAPIAN_DB_CORRUPT, 0 },
			/* The postlist root block (the last one written). */
			{ "postlist.glass", 16384, -1, 0, LRM_XAPIAN_DB_CORRUPT,
			  0 },
			/* A postlist leaf: opens, fails when searched. */
			{ "postlist.glass", 0, 8192, 0, LRM_XAPIAN_SUCCESS,
			  LRM_XAPIAN_DB_CORRUPT },
		};

		for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
			char name[32];

			snprintf(name, sizeof(name), "c%zu", i);
			make_db(name, 400);
			CHECK(damage(check_path(name), how[i].file, how[i].from,
			             how[i].to, how[i].truncate) >= 1);
			db = (lrm_xapian_db_t *)1;
			st = lrm_xapian_db_open(check_path(name), &db, &msg);
			if (st != how[i].open)
				printf("  damage %zu: %s\n", i,
				       msg ? msg : "(null)");
			CHECK_INT_EQ(st, how[i].open);
			if (st != LRM_XAPIAN_SUCCESS) {
				CHECK(db == NULL);
				CHECK_CONTAINS(msg, check_path(name));
				CHECK_CONTAINS(msg, "DatabaseCorruptError");
				free(msg);
				msg = NULL;
				continue;
			}
			lrm_xapian_db_destroy(db);
			db = NULL;
			st = open_and_search(check_path(name), &msg);
			if (st != how[i].search)
				printf("  damage %zu: %s\n", i,
				       msg ? msg : "(null)");
			CHECK_INT_EQ(st, how[i].search);
			CHECK_CONTAINS(msg, "Corrupt");
			free(msg);
			msg = NULL;
		}
		/* A table cut short: Xapian reports the short read as a plain
		 * DatabaseError ("EOF reading block"), which the binding
		 * classes as an I/O failure rather than as corruption.
		 * Either is a fair reading of the header; not success. */
		make_db("trunc", 400);
		CHECK_INT_EQ(
		    damage(check_path("trunc"), "postlist.glass", 0, -1, 1), 1);
		st = open_and_search(check_path("trunc"), &msg);
		CHECK(st == LRM_XAPIAN_DB_ERROR || st == LRM_XAPIAN_DB_CORRUPT);
		CHECK_CONTAINS(msg, "EOF");
		free(msg);
		msg = NULL;
	}

	/* NULL arguments never crash: LRM_XAPIAN_INVALID. */
	db = (lrm_xapian_db_t *)1;
	CHECK_INT_EQ(lrm_xapian_db_open(NULL, &db, &msg), LRM_XAPIAN_INVALID);
	CHECK(db == NULL);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
	msg = NULL;
	CHECK_INT_EQ(lrm_xapian_db_open(check_path("db"), NULL, &msg),
	             LRM_XAPIAN_INVALID);
	CHECK(msg == NULL);
	CHECK_INT_EQ(
	    lrm_xapian_db_open_writable(NULL, LRM_XAPIAN_DB_OPEN, &db, NULL),
	    LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_commit(NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_reopen(NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_close(NULL), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_is_writable(NULL), 0);
	CHECK(lrm_xapian_db_last_error(NULL)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_db_doc_count(NULL, &n), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_term_freq(NULL, "x", &n),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(NULL, "x", &str),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(NULL, "x", "y"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_spelling(NULL, "x", 1),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_synonym(NULL, "x", "y"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(NULL, "x", &str),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_replace_document(NULL, "Qx", NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_delete_document(NULL, "Qx"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_get_document(NULL, 1, NULL),
	             LRM_XAPIAN_INVALID);

	db = new_db("w");
	CHECK_INT_EQ(lrm_xapian_db_doc_count(db, NULL), LRM_XAPIAN_INVALID);
	CHECK(lrm_xapian_db_last_error(db)[0] != '\0');
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, NULL, &n), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_term_freq(db, "x", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, NULL, &str),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_get_metadata(db, "x", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(db, NULL, "y"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(db, "x", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_spelling(db, NULL, 1),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_add_synonym(db, "x", NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, NULL, &str),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "x", NULL),
	             LRM_XAPIAN_INVALID);
	{
		lrm_xapian_doc_t *doc = NULL;

		CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(
		    lrm_xapian_db_replace_document(db, NULL, doc, NULL),
		    LRM_XAPIAN_INVALID);
		CHECK_INT_EQ(lrm_xapian_db_replace_document(db, "", doc, NULL),
		             LRM_XAPIAN_INVALID);
		CHECK_INT_EQ(
		    lrm_xapian_db_replace_document(db, "Qx", NULL, NULL),
		    LRM_XAPIAN_INVALID);
		lrm_xapian_doc_destroy(doc);
	}
	CHECK_INT_EQ(lrm_xapian_db_delete_document(db, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_delete_document(db, ""), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 1, NULL),
	             LRM_XAPIAN_INVALID);
	/* The handle still works after all that. */
	CHECK_INT_EQ(doc_count(db), 0);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
}

static void
test_stem_word(void)
{
	static const struct {
		const char *language, *word, *stem;
	} table[] = {
		{ "english", "reasoning", "reason" },
		{ "english", "models", "model" },
		{ "en", "thoughts", "thought" },
		{ "english", "", "" },
		{ "none", "reasoning", "reasoning" },
		{ NULL, "reasoning", "reasoning" },
		{ "", "models", "models" },
	};
	lrm_xapian_termgen_t *tg = NULL;
	lrm_xapian_doc_t *doc = NULL;
	char *stem = NULL, term[64];

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		CHECK_INT_EQ(lrm_xapian_stem_word(table[i].language,
		                                  table[i].word, &stem),
		             LRM_XAPIAN_SUCCESS);
		CHECK_STR_EQ(stem, table[i].stem);
		free(stem);
		stem = NULL;
	}

	/* The same stem the term generator puts after "Z". */
	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	doc = index_with(tg, LRM_XAPIAN_STEM_SOME, "generalisation", NULL);
	CHECK_INT_EQ(lrm_xapian_stem_word("english", "generalisation", &stem),
	             LRM_XAPIAN_SUCCESS);
	snprintf(term, sizeof(term), "Z%s", stem ? stem : "");
	CHECK(strcmp(term, "Zgeneralisation") != 0);
	CHECK_INT_EQ(has_term(doc, term), 1);
	free(stem);
	stem = NULL;
	lrm_xapian_doc_destroy(doc);
	lrm_xapian_termgen_destroy(tg);

	/* Errors: *STEM is NULL afterwards. */
	stem = (char *)1;
	CHECK_INT_EQ(lrm_xapian_stem_word("klingon", "word", &stem),
	             LRM_XAPIAN_INVALID);
	CHECK(stem == NULL);
	stem = (char *)1;
	CHECK_INT_EQ(lrm_xapian_stem_word("english", NULL, &stem),
	             LRM_XAPIAN_INVALID);
	CHECK(stem == NULL);
	CHECK_INT_EQ(lrm_xapian_stem_word("english", "word", NULL),
	             LRM_XAPIAN_INVALID);
}

/* Shards merge into one database: every document, renumbered in order,
 * with spelling and metadata. */
static void
test_compact(void)
{
	lrm_xapian_db_t *a = new_db("a"), *b = new_db("b"), *m = NULL;
	char pa[4096], pb[4096], pm[4096], *msg = NULL, *value = NULL;
	const char *sources[2] = { pa, pb };
	lrm_xapian_doc_t *doc = NULL;
	char *data = NULL;
	size_t len = 0;

	snprintf(pa, sizeof(pa), "%s", check_path("a"));
	snprintf(pb, sizeof(pb), "%s", check_path("b"));
	snprintf(pm, sizeof(pm), "%s", check_path("merged"));
	add_text_doc(a, "a1", "latent reasoning");
	add_text_doc(a, "a2", "token budget");
	add_text_doc(b, "b1", "speculative decoding");
	CHECK_INT_EQ(lrm_xapian_db_add_spelling(b, "speculative", 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_set_metadata(a, "k", "v"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(a), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(b), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(a);
	lrm_xapian_db_destroy(b);

	CHECK_INT_EQ(lrm_xapian_compact(sources, 2, pm, &msg),
	             LRM_XAPIAN_SUCCESS);
	CHECK(msg == NULL);
	m = open_ro(pm);
	if (m) {
		char *sugg = NULL;

		CHECK_INT_EQ(doc_count(m), 3);
		/* docids follow the sources' order */
		if (CHECK(lrm_xapian_db_get_document(m, 3, &doc) ==
		          LRM_XAPIAN_SUCCESS) &&
		    CHECK(lrm_xapian_doc_get_data(doc, &data, &len) ==
		          LRM_XAPIAN_SUCCESS))
			CHECK_STR_EQ(data, "b1");
		CHECK_INT_EQ(lrm_xapian_db_get_metadata(m, "k", &value),
		             LRM_XAPIAN_SUCCESS);
		CHECK_STR_EQ(value, "v");
		CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(m, "speculatve",
		                                               &sugg),
		             LRM_XAPIAN_SUCCESS);
		CHECK_STR_EQ(sugg, "speculative");
		free(sugg);
	}
	free(data);
	free(value);
	lrm_xapian_doc_destroy(doc);
	lrm_xapian_db_destroy(m);

	/* a missing source: a clear error naming the destination */
	sources[1] = check_path("missing");
	CHECK(lrm_xapian_compact(sources, 2, pm, &msg) != LRM_XAPIAN_SUCCESS);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
	CHECK_INT_EQ(lrm_xapian_compact(NULL, 0, pm, NULL), LRM_XAPIAN_INVALID);
}


/* Whether FILE (a path) exists. */
static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Only a glass database directory opens: no stub file, no stub
 * directory (XAPIANDB), no chert, so no "remote :PROGRAM" line is ever
 * obeyed. */
static void
test_open_glass(void)
{
	char glass[4096], pwned[4096], stub[8300];
	lrm_xapian_db_t *db = NULL;
	char *msg = NULL;
	lrm_xapian_status_t st;
	static const char *const stubs[] = {
		"auto %s\n",
		"remote :touch %s\n",
		"remote :sh -c 'touch %s'\n",
	};

	make_db("g", 5);
	snprintf(glass, sizeof(glass), "%s", check_path("g"));
	snprintf(pwned, sizeof(pwned), "%s", check_path("pwned"));
	CHECK_INT_EQ(lrm_xapian_db_open_glass(glass, &db, &msg),
	             LRM_XAPIAN_SUCCESS);
	CHECK(msg == NULL);
	CHECK_INT_EQ(doc_count(db), 5);
	lrm_xapian_db_destroy(db);
	db = NULL;
	CHECK_INT_EQ(lrm_xapian_db_open_writable_glass(glass, LRM_XAPIAN_DB_OPEN,
	                                               &db, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_is_writable(db), 1);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	db = NULL;

	/* Stub files: refused, whatever they say. */
	for (size_t i = 0; i < sizeof(stubs) / sizeof(stubs[0]); i++) {
		snprintf(stub, sizeof(stub), stubs[i], i == 0 ? glass : pwned);
		CHECK_INT_EQ(check_write_file(check_path("stub"), stub,
		                              strlen(stub)),
		             0);
		db = (lrm_xapian_db_t *)1;
		st = lrm_xapian_db_open_glass(check_path("stub"), &db, &msg);
		CHECK(st != LRM_XAPIAN_SUCCESS);
		CHECK(db == NULL);
		CHECK(msg != NULL && msg[0] != '\0');
		free(msg);
		msg = NULL;
		st = lrm_xapian_db_open_writable_glass(
		    check_path("stub"), LRM_XAPIAN_DB_OPEN, &db, NULL);
		CHECK(st != LRM_XAPIAN_SUCCESS);
		CHECK(db == NULL);
	}
	/* A stub directory, and a chert one (only its marker). */
	CHECK_INT_EQ(mkdir(check_path("stubdir"), 0755), 0);
	snprintf(stub, sizeof(stub), "remote :touch %s\n", pwned);
	CHECK_INT_EQ(check_write_file(check_path("stubdir/XAPIANDB"), stub,
	                              strlen(stub)),
	             0);
	CHECK_INT_EQ(lrm_xapian_db_open_glass(check_path("stubdir"), &db, NULL),
	             LRM_XAPIAN_DB_NOT_FOUND);
	CHECK_INT_EQ(lrm_xapian_db_open_writable_glass(check_path("stubdir"),
	                                               LRM_XAPIAN_DB_OPEN, &db,
	                                               NULL),
	             LRM_XAPIAN_DB_NOT_FOUND);
	CHECK_INT_EQ(mkdir(check_path("chert"), 0755), 0);
	CHECK_INT_EQ(check_write_file(check_path("chert/iamchert"), "x", 1), 0);
	CHECK(lrm_xapian_db_open_glass(check_path("chert"), &db, NULL) !=
	      LRM_XAPIAN_SUCCESS);
	CHECK(db == NULL);
	CHECK(!exists(pwned));
	/* A missing one. */
	CHECK_INT_EQ(lrm_xapian_db_open_glass(check_path("nope"), &db, &msg),
	             LRM_XAPIAN_DB_NOT_FOUND);
	CHECK_CONTAINS(msg, check_path("nope"));
	free(msg);
	msg = NULL;
	/* CREATE makes a glass database. */
	CHECK_INT_EQ(lrm_xapian_db_open_writable_glass(check_path("new"),
	                                               LRM_XAPIAN_DB_CREATE, &db,
	                                               NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	CHECK(exists(check_path("new/iamglass")));
	CHECK_INT_EQ(lrm_xapian_db_open_glass(NULL, &db, NULL),
	             LRM_XAPIAN_INVALID);
}

/* Xapian's own check: a whole database passes, a table cut short or
 * garbled does not, and the message names the database. */
static void
test_check(void)
{
	static const struct {
		const char *file;
		long from, to;
		int truncate;
	} how[] = {
		{ "postlist.glass", 0, -1, 1 },		/* emptied */
		{ "termlist.glass", 8192, -1, 1 },	/* cut short */
		{ "docdata.glass", 0, 8192, 0 },	/* a block garbled */
		{ "termlist.glass", 0, 8192, 0 },
		{ "position.glass", 0, 8192, 0 },
	};
	char *msg = NULL;
	lrm_xapian_status_t st;

	make_db("ok", 400);
	CHECK_INT_EQ(lrm_xapian_db_check(check_path("ok"), &msg),
	             LRM_XAPIAN_SUCCESS);
	CHECK(msg == NULL);
	for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "bad%zu", i);
		make_db(name, 400);
		CHECK_INT_EQ(damage(check_path(name), how[i].file, how[i].from,
		                    how[i].to, how[i].truncate),
		             1);
		st = lrm_xapian_db_check(check_path(name), &msg);
		if (st != LRM_XAPIAN_DB_CORRUPT && st != LRM_XAPIAN_DB_ERROR)
			printf("  damage %zu: status %d, %s\n", i, (int)st,
			       msg ? msg : "(null)");
		CHECK(st == LRM_XAPIAN_DB_CORRUPT || st == LRM_XAPIAN_DB_ERROR);
		CHECK_CONTAINS(msg, check_path(name));
		free(msg);
		msg = NULL;
	}
	CHECK(lrm_xapian_db_check(check_path("nope"), &msg) !=
	      LRM_XAPIAN_SUCCESS);
	CHECK(msg != NULL && msg[0] != '\0');
	free(msg);
	CHECK_INT_EQ(lrm_xapian_db_check(NULL, NULL), LRM_XAPIAN_INVALID);
}

/* Closing without a commit drops what is pending and lets go of the
 * write lock; it never writes. */
static void
test_discard(void)
{
	lrm_xapian_db_t *db = new_db("db"), *other = NULL, *ro = NULL;
	char path[4096];

	snprintf(path, sizeof(path), "%s", check_path("db"));
	add_text_doc(db, "p1", "committed");
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	add_text_doc(db, "p2", "pending");
	add_text_doc(db, "p3", "pending too");
	CHECK_INT_EQ(lrm_xapian_db_discard(db), LRM_XAPIAN_SUCCESS);
	/* the lock is free before the handle goes */
	CHECK_INT_EQ(lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_OPEN,
	                                         &other, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(other);
	/* closed: no more calls, a second discard is harmless */
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_DB_ERROR);
	CHECK_INT_EQ(lrm_xapian_db_discard(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	ro = open_ro(path);
	CHECK_INT_EQ(doc_count(ro), 1);
	/* read-only: simply closed */
	CHECK_INT_EQ(lrm_xapian_db_discard(ro), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_term_freq(ro, "committed", NULL),
	             LRM_XAPIAN_INVALID);
	lrm_xapian_db_destroy(ro);
	CHECK_INT_EQ(lrm_xapian_db_discard(NULL), LRM_XAPIAN_INVALID);
}

/* Failures that mean the database is damaged are said in the words the
 * caller gave, on the database and on what was made from it. */
static void
test_damage_message(void)
{
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_mset_t *m = NULL;
	lrm_xapian_doc_t *doc = NULL;
	const char *said;

	make_db("d", 400);
	CHECK_INT_EQ(damage(check_path("d"), "postlist.glass", 0, 8192, 0), 1);
	db = open_ro(check_path("d"));
	CHECK_INT_EQ(lrm_xapian_db_set_damage_message(db, "BEFORE<", ">AFTER"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_term("hello", &q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 1000, &m),
	             LRM_XAPIAN_DB_CORRUPT);
	said = lrm_xapian_enquire_last_error(enq);
	CHECK(strncmp(said, "BEFORE<", 7) == 0);
	CHECK_CONTAINS(said, "Corrupt");
	CHECK(strlen(said) > 6 && strcmp(said + strlen(said) - 6, ">AFTER") == 0);
	/* the database itself (its postlist holds the document lengths) */
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 1, &doc),
	             LRM_XAPIAN_DB_CORRUPT);
	CHECK(strncmp(lrm_xapian_db_last_error(db), "BEFORE<", 7) == 0);
	/* NULL, NULL restores Xapian's words for what comes next */
	CHECK_INT_EQ(lrm_xapian_db_set_damage_message(db, NULL, NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_enquire_destroy(enq);
	enq = NULL;
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 1000, &m),
	             LRM_XAPIAN_DB_CORRUPT);
	CHECK(strncmp(lrm_xapian_enquire_last_error(enq), "BEFORE<", 7) != 0);
	lrm_xapian_db_destroy(db);

	/* A document of such a database: what is wrong with its data, which
	 * Xapian cannot tell, said the same way; other failures keep their
	 * words. */
	make_db("fine", 5);
	db = open_ro(check_path("fine"));
	CHECK_INT_EQ(lrm_xapian_db_set_damage_message(db, "BEFORE<", ">AFTER"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 99999, &doc),
	             LRM_XAPIAN_NOT_FOUND);
	CHECK(strncmp(lrm_xapian_db_last_error(db), "BEFORE<", 7) != 0);
	CHECK_INT_EQ(lrm_xapian_db_get_document(db, 1, &doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_doc_damaged(doc, "bad data"),
	             "BEFORE<bad data>AFTER");
	CHECK_STR_EQ(lrm_xapian_doc_last_error(doc), "BEFORE<bad data>AFTER");
	lrm_xapian_doc_destroy(doc);
	/* a document not from a database has no such words */
	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(lrm_xapian_doc_damaged(doc, "bad data"), "bad data");
	lrm_xapian_doc_destroy(doc);
	lrm_xapian_query_destroy(q);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_db_destroy(db);
	CHECK_INT_EQ(lrm_xapian_db_set_damage_message(NULL, "a", "b"),
	             LRM_XAPIAN_INVALID);
}

/* ------------------------------------------------------------------ */
/* Relevance feedback                                                 */
/* ------------------------------------------------------------------ */

/* The documents of the feedback cases: "seed" and "twin" share
 * "latent", "continuous" and "distillation"; "cousin" shares "latent"
 * only; "stranger" nothing.  "kava" is the seed's alone. */
static const char *const feedback_docs[][2] = {
	{ "seed", "kava latent reasoning continuous distillation" },
	{ "twin", "latent continuous space distillation" },
	{ "cousin", "latent variable models" },
	{ "stranger", "privacy attacks and defenses" },
};

static lrm_xapian_db_t *
feedback_db(const char *name)
{
	lrm_xapian_db_t *db = new_db(name);

	for (size_t i = 0; i < 4; i++)
		add_text_doc(db, feedback_docs[i][0], feedback_docs[i][1]);
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	return db;
}

/* Whether ESET holds TERM. */
static int
eset_has(const lrm_xapian_eset_t *eset, const char *term)
{
	for (unsigned i = 0; i < lrm_xapian_eset_size(eset); i++) {
		const char *t = NULL;

		if (lrm_xapian_eset_term(eset, i, &t, NULL, NULL) == 0 &&
		    strcmp(t, term) == 0)
			return 1;
	}
	return 0;
}

/* The data of the documents QUERY finds in DB, best first, joined by
 * spaces into BUF. */
static void
ranked(lrm_xapian_db_t *db, const lrm_xapian_query_t *q, char *buf,
       size_t size)
{
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *m = NULL;

	buf[0] = '\0';
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_set_query(enq, q), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_mset(enq, 0, 10, 10, &m),
	             LRM_XAPIAN_SUCCESS);
	for (unsigned i = 0; i < lrm_xapian_mset_size(m); i++) {
		lrm_xapian_doc_t *doc = NULL;
		char *data = NULL;

		CHECK_INT_EQ(lrm_xapian_mset_document(m, i, &doc),
		             LRM_XAPIAN_SUCCESS);
		CHECK_INT_EQ(lrm_xapian_doc_get_data(doc, &data, NULL),
		             LRM_XAPIAN_SUCCESS);
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
		         i ? " " : "", data ? data : "?");
		free(data);
		lrm_xapian_doc_destroy(doc);
	}
	lrm_xapian_mset_destroy(m);
	lrm_xapian_enquire_destroy(enq);
}

/* The eset's terms as an OR query. */
static lrm_xapian_query_t *
eset_query(const lrm_xapian_eset_t *eset)
{
	const char *terms[64];
	unsigned n = lrm_xapian_eset_size(eset);
	lrm_xapian_query_t *q = NULL;

	CHECK(n <= 64);
	for (unsigned i = 0; i < n && i < 64; i++)
		CHECK_INT_EQ(lrm_xapian_eset_term(eset, i, &terms[i], NULL, NULL),
		             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_query_terms(LRM_XAPIAN_OP_OR, terms, n, &q),
	             LRM_XAPIAN_SUCCESS);
	return q;
}

static void
test_eset_of_a_document(void)
{
	lrm_xapian_db_t *db = feedback_db("db");
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_rset_t *rset = NULL;
	lrm_xapian_eset_t *eset = NULL;
	lrm_xapian_query_t *q = NULL;
	const char *term = NULL;
	double weight = 0, prev = 1e300;
	size_t len = 0;
	char found[256];

	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_create(&rset), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_add_document(rset, 1), LRM_XAPIAN_SUCCESS);

	/* stems of words no other document lacks entirely, best first */
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 10, "Z", 2, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_eset_size(eset), 3);
	CHECK(eset_has(eset, "Zlatent"));
	CHECK(eset_has(eset, "Zcontinu"));
	CHECK(eset_has(eset, "Zdistil"));
	CHECK(!eset_has(eset, "Zkava"));
	for (unsigned i = 0; i < lrm_xapian_eset_size(eset); i++) {
		CHECK_INT_EQ(lrm_xapian_eset_term(eset, i, &term, &len, &weight),
		             LRM_XAPIAN_SUCCESS);
		CHECK(term && term[0] == 'Z' && len == strlen(term));
		CHECK(weight <= prev);
		prev = weight;
	}
	/* "latent", in three documents of four, tells the least */
	CHECK_INT_EQ(lrm_xapian_eset_term(eset, 2, &term, NULL, NULL),
	             LRM_XAPIAN_SUCCESS);
	CHECK_STR_EQ(term, "Zlatent");
	CHECK_INT_EQ(lrm_xapian_eset_term(eset, 3, &term, NULL, NULL),
	             LRM_XAPIAN_INVALID);

	/* the terms ORed find the seed and the twin (shorter, so first)
	 * before the cousin; the stranger not at all */
	q = eset_query(eset);
	ranked(db, q, found, sizeof(found));
	CHECK_STR_EQ(found, "twin seed cousin");
	lrm_xapian_query_destroy(q);
	lrm_xapian_eset_destroy(eset);

	/* MIN_TERMFREQ 1 takes the seed's own words; "" takes unstemmed
	 * words, never a stem or a prefixed term */
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 20, "Z", 1, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK(eset_has(eset, "Zkava"));
	lrm_xapian_eset_destroy(eset);
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 20, "", 1, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK(eset_has(eset, "kava"));
	CHECK(eset_has(eset, "continuous"));
	for (unsigned i = 0; i < lrm_xapian_eset_size(eset); i++) {
		CHECK_INT_EQ(lrm_xapian_eset_term(eset, i, &term, NULL, NULL),
		             LRM_XAPIAN_SUCCESS);
		CHECK(term && !(term[0] >= 'A' && term[0] <= 'Z'));
	}
	lrm_xapian_eset_destroy(eset);
	/* MAXITEMS caps it */
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 1, "Z", 2, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_eset_size(eset), 1);
	lrm_xapian_eset_destroy(eset);

	/* an empty relevance set tells nothing */
	lrm_xapian_rset_destroy(rset);
	CHECK_INT_EQ(lrm_xapian_rset_create(&rset), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 10, "Z", 2, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_eset_size(eset), 0);
	lrm_xapian_eset_destroy(eset);
	/* no terms: a query that matches nothing */
	CHECK_INT_EQ(lrm_xapian_query_terms(LRM_XAPIAN_OP_OR, NULL, 0, &q),
	             LRM_XAPIAN_SUCCESS);
	ranked(db, q, found, sizeof(found));
	CHECK_STR_EQ(found, "");
	lrm_xapian_query_destroy(q);

	/* misuse */
	CHECK_INT_EQ(lrm_xapian_rset_add_document(rset, 0), LRM_XAPIAN_INVALID);
	CHECK_CONTAINS(lrm_xapian_rset_last_error(rset), "docids start at 1");
	CHECK_INT_EQ(lrm_xapian_rset_add_document(NULL, 1), LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_rset_add_outside_document(rset, NULL),
	             LRM_XAPIAN_INVALID);
	eset = (lrm_xapian_eset_t *)rset; /* left NULL on failure */
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, NULL, 10, "Z", 2, &eset),
	             LRM_XAPIAN_INVALID);
	CHECK(eset == NULL);
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(NULL, rset, 10, "Z", 2, &eset),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_eset_term(NULL, 0, &term, NULL, NULL),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_eset_size(NULL), 0);
	CHECK_INT_EQ(lrm_xapian_query_terms(LRM_XAPIAN_OP_OR, NULL, 1, &q),
	             LRM_XAPIAN_INVALID);
	lrm_xapian_rset_destroy(rset);
	lrm_xapian_rset_destroy(NULL);
	lrm_xapian_eset_destroy(NULL);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_db_destroy(db);
}

/* A document of no database: the text of the twin, weighed against the
 * database as if it were indexed there. */
static lrm_xapian_doc_t *
outside_doc(const char *text)
{
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_termgen_t *tg = NULL;

	CHECK_INT_EQ(lrm_xapian_doc_create(&doc), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemmer(tg, "english"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_document(tg, doc),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, text, strlen(text), 1,
	                                           NULL),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_termgen_destroy(tg);
	return doc;
}

/* The expand set of ENQ's document DOCID and a document of TEXT from
 * outside its database. */
static lrm_xapian_eset_t *
eset_with_text(lrm_xapian_enquire_t *enq, unsigned docid, const char *text,
               unsigned min_termfreq)
{
	lrm_xapian_rset_t *rset = NULL;
	lrm_xapian_eset_t *eset = NULL;
	lrm_xapian_doc_t *doc = outside_doc(text);

	CHECK_INT_EQ(lrm_xapian_rset_create(&rset), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_add_document(rset, docid),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_add_outside_document(rset, doc),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc);
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 10, "Z",
	                                         min_termfreq, &eset),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_rset_destroy(rset);
	return eset;
}

static void
test_eset_of_an_outside_document(void)
{
	char stub[8300], found[256];
	lrm_xapian_db_t *db = feedback_db("db"), *a = NULL, *b = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_rset_t *rset = NULL;
	lrm_xapian_eset_t *eset = NULL;
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_doc_t *doc = outside_doc("we distil continuous thoughts "
	                                    "into a quantum widget");

	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_create(&rset), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_rset_add_outside_document(rset, doc),
	             LRM_XAPIAN_SUCCESS);
	lrm_xapian_doc_destroy(doc); /* copied */
	/* its words the database holds; "quantum" and "widget" it does not */
	CHECK_INT_EQ(lrm_xapian_enquire_get_eset(enq, rset, 10, "Z", 2, &eset),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_eset_size(eset), 2);
	CHECK(eset_has(eset, "Zcontinu"));
	CHECK(eset_has(eset, "Zdistil"));
	q = eset_query(eset);
	ranked(db, q, found, sizeof(found));
	CHECK_STR_EQ(found, "twin seed");
	lrm_xapian_query_destroy(q);
	lrm_xapian_eset_destroy(eset);
	/* the database is as it was: the outside document is in none */
	CHECK_INT_EQ(doc_count(db), 4);
	lrm_xapian_rset_destroy(rset);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_db_destroy(db);

	/* A database of two shards: the relevance set's docids are the
	 * stub's, and still name the right documents once an outside one
	 * joins them.  The seed and the stranger are in shard "a", the
	 * twin and the cousin in "b": docids 1 seed, 2 twin, 3 stranger, 4
	 * cousin. */
	a = new_db("a");
	b = new_db("b");
	add_text_doc(a, feedback_docs[0][0], feedback_docs[0][1]);
	add_text_doc(a, feedback_docs[3][0], feedback_docs[3][1]);
	add_text_doc(b, feedback_docs[1][0], feedback_docs[1][1]);
	add_text_doc(b, feedback_docs[2][0], feedback_docs[2][1]);
	CHECK_INT_EQ(lrm_xapian_db_commit(a), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_db_commit(b), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(a);
	lrm_xapian_db_destroy(b);
	snprintf(stub, sizeof(stub), "auto %s\n", check_path("a"));
	snprintf(stub + strlen(stub), sizeof(stub) - strlen(stub), "auto %s\n",
	         check_path("b"));
	CHECK_INT_EQ(check_write_file(check_path("ab.stub"), stub, strlen(stub)),
	             0);
	db = open_ro(check_path("ab.stub"));
	CHECK_INT_EQ(lrm_xapian_enquire_create(db, &enq), LRM_XAPIAN_SUCCESS);
	/* the stranger (docid 3) and a text of privacy: their shared words
	 * are "privacy" and "attacks" and nothing of the seed's */
	eset = eset_with_text(enq, 3, "privacy attacks on chatbots", 2);
	CHECK(eset_has(eset, "Zprivaci"));
	CHECK(eset_has(eset, "Zattack"));
	CHECK(!eset_has(eset, "Zlatent"));
	/* each in one document only */
	CHECK(!eset_has(eset, "Zdefens"));
	CHECK(!eset_has(eset, "Zchatbot"));
	lrm_xapian_eset_destroy(eset);
	/* the cousin (docid 4, the second of shard b; docid 5 once a third
	 * shard joins) and a text that shares a word with it */
	eset = eset_with_text(enq, 4, "variable", 1);
	CHECK(eset_has(eset, "Zvariabl"));
	CHECK(eset_has(eset, "Zmodel"));
	CHECK(!eset_has(eset, "Zprivaci"));
	lrm_xapian_eset_destroy(eset);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_db_destroy(db);
}

/* A boolean prefix with ranges over its terms: a document matches when
 * any of its values lies in the range, and values and ranges of the
 * field are ORed (the corpus's tags: p1 reasoning, p2 reasoning and
 * prompting, p3 retrieval, p4 reasoning and latent, p5 scaling). */
static void
test_boolean_range_prefix(void)
{
	const unsigned D = LRM_XAPIAN_QP_DEFAULT;
	lrm_xapian_db_t *db = build_corpus("db");
	lrm_xapian_qparser_t *qp = NULL, *bare = NULL;

	CHECK_INT_EQ(lrm_xapian_qparser_create(&qp), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_set_database(qp, db),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_range_prefix(qp, "tag", "K"),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_prefix(qp, "venue", "XV", 1),
	             LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(parse_count(qp, db, "tag:latent", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:latent..latent", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:p..q", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:r..rz", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "tag:..m", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:s..", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:a..z", D), 5);
	/* "scaling" sorts after "s" */
	CHECK_INT_EQ(parse_count(qp, db, "tag:r..s", D), 4);
	CHECK_INT_EQ(parse_count(qp, db, "tag:z..a", D), 0);
	CHECK_INT_EQ(parse_count(qp, db, "tag:x..z", D), 0);
	/* one field: either; two fields: both */
	CHECK_INT_EQ(parse_count(qp, db, "tag:latent tag:s..", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "tag:s.. tag:latent..latent", D), 2);
	CHECK_INT_EQ(parse_count(qp, db, "tag:r..rz venue:icml", D), 1);
	CHECK_INT_EQ(parse_count(qp, db, "tag:a..z -tag:r..rz", D), 1);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_range_prefix(qp, NULL, "K"),
	             LRM_XAPIAN_INVALID);
	CHECK_INT_EQ(lrm_xapian_qparser_add_boolean_range_prefix(NULL, "a", "K"),
	             LRM_XAPIAN_INVALID);
	/* without a database, a range matches nothing, and is no error */
	CHECK_INT_EQ(lrm_xapian_qparser_create(&bare), LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(
	    lrm_xapian_qparser_add_boolean_range_prefix(bare, "tag", "K"),
	    LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(parse_count(bare, db, "tag:a..z", D), 0);
	CHECK_INT_EQ(parse_count(bare, db, "tag:latent", D), 1);
	lrm_xapian_qparser_destroy(bare);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
}

static const struct check_case cases[] = {
	{ "status_strings", test_status_strings },
	{ "db_lifecycle", test_db_lifecycle },
	{ "close_commits_pending", test_close_commits_pending },
	{ "documents", test_documents },
	{ "replace_delete_get", test_replace_delete_get },
	{ "stem_word", test_stem_word },
	{ "termgen", test_termgen },
	{ "spelling_gathered", test_spelling_gathered },
	{ "update_helpers", test_update_helpers },
	{ "qparser", test_qparser },
	{ "bad_query", test_bad_query },
	{ "enquire", test_enquire },
	{ "spy_collect_all", test_spy_collect_all },
	{ "spy_reset", test_spy_reset },
	{ "snippet", test_snippet },
	{ "stub_file", test_stub_file },
	{ "compact", test_compact },
	{ "errors", test_errors },
	{ "open_glass", test_open_glass },
	{ "check", test_check },
	{ "discard", test_discard },
	{ "damage_message", test_damage_message },
	{ "eset_of_a_document", test_eset_of_a_document },
	{ "eset_of_an_outside_document", test_eset_of_an_outside_document },
	{ "boolean_range_prefix", test_boolean_range_prefix },
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	return check_main(cases, argc, argv);
}
