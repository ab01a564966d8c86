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

	st = lrm_xapian_db_open_writable(check_path(name),
					 LRM_XAPIAN_DB_CREATE_OR_OVERWRITE, &db,
					 &msg);
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
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, text, strlen(text), 1,
						   NULL),
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
	lrm_xapian_estimate_t est = {0, 0, 0};
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

/* ------------------------------------------------------------------ */
/* Cases                                                              */
/* ------------------------------------------------------------------ */

static void
test_status_strings(void)
{
	static const lrm_xapian_status_t all[] = {
		LRM_XAPIAN_SUCCESS,	 LRM_XAPIAN_BAD_QUERY,
		LRM_XAPIAN_DB_NOT_FOUND, LRM_XAPIAN_DB_LOCKED,
		LRM_XAPIAN_DB_MODIFIED,	 LRM_XAPIAN_DB_CORRUPT,
		LRM_XAPIAN_DB_ERROR,	 LRM_XAPIAN_NOT_FOUND,
		LRM_XAPIAN_INVALID,	 LRM_XAPIAN_NO_MEMORY,
		LRM_XAPIAN_INTERNAL,
	};
	size_t n = sizeof(all) / sizeof(all[0]);
	const char *version;

	for (size_t i = 0; i < n; i++) {
		const char *s = lrm_xapian_status_to_string(all[i]);

		CHECK(s != NULL && s[0] != '\0');
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(s, lrm_xapian_status_to_string(all[j])) != 0);
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
	const char *path = check_path("db");

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
		CHECK_INT_EQ(lrm_xapian_db_replace_document(ro, "Qp9", doc,
							    NULL),
			     LRM_XAPIAN_INVALID);
		CHECK_INT_EQ(lrm_xapian_termgen_create(&tg), LRM_XAPIAN_SUCCESS);
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
	st = lrm_xapian_db_open_writable(path,
					 LRM_XAPIAN_DB_CREATE_OR_OVERWRITE,
					 &other, &msg);
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
	st = lrm_xapian_db_open_writable(check_path("badmode"),
					 (lrm_xapian_db_mode_t)99, &other,
					 &msg);
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
	static const double nums[] = {-5, 0, 3, 2024, 2025};
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
		size_t m = enclen[i - 1] < enclen[i] ? enclen[i - 1] : enclen[i];
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
	CHECK_INT_EQ(lrm_xapian_termgen_index_text(tg, text, strlen(text), 1,
						   prefix),
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
	CHECK_INT_EQ(lrm_xapian_termgen_set_stemming_strategy(
			     tg, LRM_XAPIAN_STEM_SOME),
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
			CHECK_INT_EQ(lrm_xapian_termgen_increase_termpos(tg,
									 100),
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
	CHECK_INT_EQ(parse_count(qp, db, "\"alpha beta\"", LRM_XAPIAN_QP_PHRASE),
		     2);
	CHECK_INT_EQ(parse_count(qp, db, "\"gamma delta\"", LRM_XAPIAN_QP_PHRASE),
		     2);
	CHECK_INT_EQ(parse_count(qp, db, "\"beta gamma\"", LRM_XAPIAN_QP_PHRASE),
		     1);
	/* Unquoted words are ORed (the default operator). */
	CHECK_INT_EQ(parse_count(qp, db, "beta gamma", LRM_XAPIAN_QP_PHRASE), 3);
	CHECK_INT_EQ(parse_count(qp, db, "alpha beta", 0), 3);
	CHECK_INT_EQ(parse_count(qp, db, "omega", 0), 1);
	lrm_xapian_qparser_destroy(qp);

	/* Spelling data from the term generator. */
	CHECK_INT_EQ(lrm_xapian_termgen_set_flags(tg, LRM_XAPIAN_TERMGEN_SPELLING),
		     LRM_XAPIAN_SUCCESS);
	CHECK_INT_EQ(lrm_xapian_termgen_set_database(tg, db), LRM_XAPIAN_SUCCESS);
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
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "transfromer", &sugg),
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
	CHECK_INT_EQ(lrm_xapian_db_spelling_suggestion(db, "halucination",
						       &sugg),
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

/* The header promises that neither close() nor destroy() commits pending
 * changes behind the caller's back. */
static void
test_uncommitted_discarded(void)
{
	const char *path = check_path("db");
	lrm_xapian_db_t *db = new_db("db");
	lrm_xapian_db_t *ro = NULL;

	add_text_doc(db, "p1", "committed");
	CHECK_INT_EQ(lrm_xapian_db_commit(db), LRM_XAPIAN_SUCCESS);
	add_text_doc(db, "p2", "pending before close");
	CHECK_INT_EQ(doc_count(db), 2);
	CHECK_INT_EQ(lrm_xapian_db_close(db), LRM_XAPIAN_SUCCESS);
	lrm_xapian_db_destroy(db);
	ro = open_ro(path);
	CHECK_INT_EQ(doc_count(ro), 1);
	lrm_xapian_db_destroy(ro);

	db = NULL;
	CHECK_INT_EQ(lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_OPEN, &db,
						 NULL),
		     LRM_XAPIAN_SUCCESS);
	add_text_doc(db, "p3", "pending before destroy");
	lrm_xapian_db_destroy(db);
	ro = open_ro(path);
	CHECK_INT_EQ(doc_count(ro), 1);
	lrm_xapian_db_destroy(ro);
}

static const struct check_case cases[] = {
	{"status_strings", test_status_strings},
	{"db_lifecycle", test_db_lifecycle},
	{"uncommitted_discarded", test_uncommitted_discarded},
	{"documents", test_documents},
	{"replace_delete_get", test_replace_delete_get},
	{"termgen", test_termgen},
	{NULL, NULL},
};

int
main(int argc, char **argv)
{
	return check_main(cases, argc, argv);
}
