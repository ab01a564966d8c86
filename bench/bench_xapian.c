/* bench/bench_xapian.c - the lrmsearch engine for bench_query: the index
 * searched through the C binding with search/cli.c's query parser set-up,
 * weighting and sort order (without its snippets and spelling check; see
 * bench.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "lrm/fields.h"
#include "lrm/index.h"
#include "lrm/text.h"
#include "lrm/xapian.h"

/* The flags of search/cli.c. */
static const unsigned parse_flags =
	LRM_XAPIAN_QP_BOOLEAN | LRM_XAPIAN_QP_PHRASE | LRM_XAPIAN_QP_LOVEHATE |
	LRM_XAPIAN_QP_WILDCARD | LRM_XAPIAN_QP_PURE_NOT |
	LRM_XAPIAN_QP_SPELLING_CORRECTION | LRM_XAPIAN_QP_AUTO_MULTIWORD_SYNONYMS;

struct session {
	lrm_xapian_db_t *db;
	lrm_xapian_qparser_t *qp;
	lrm_xapian_enquire_t *enq;
	unsigned docs;
	enum bench_count count;
};

static void
xapian_close(void *p)
{
	struct session *s = p;

	if (!s)
		return;
	lrm_xapian_enquire_destroy(s->enq);
	lrm_xapian_qparser_destroy(s->qp);
	lrm_xapian_db_destroy(s->db);
	free(s);
}

static void *
xapian_open(const char *index, enum bench_count count, char *err,
	    size_t errlen)
{
	struct session *s = calloc(1, sizeof(*s));
	lrm_error_t lerr = {0};
	lrm_xapian_status_t st;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->count = count;
	if (lrm_index_open(index, &s->db, &lerr)) {
		snprintf(err, errlen, "%s", lerr.msg);
		goto fail;
	}
	/* Set up as search/cli.c does. */
	st = lrm_xapian_db_doc_count(s->db, &s->docs);
	if (!st)
		st = lrm_xapian_qparser_create(&s->qp);
	if (!st)
		st = lrm_xapian_qparser_set_stemmer(s->qp, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_qparser_set_stemming_strategy(s->qp,
							      LRM_XAPIAN_STEM_SOME);
	if (!st)
		st = lrm_xapian_qparser_set_database(s->qp, s->db);
	if (!st)
		st = lrm_xapian_qparser_set_default_op(s->qp, LRM_XAPIAN_OP_AND);
	if (!st)
		st = lrm_xapian_enquire_create(s->db, &s->enq);
	if (!st)
		st = lrm_xapian_enquire_set_bm25(s->enq, 1.2, 0, 1, 0.5, 0.5);
	if (!st) {
		static const unsigned slots[] = {LRM_SLOT_DATE, LRM_SLOT_ID};
		static const int descending[] = {1, 0};

		st = lrm_xapian_enquire_set_sort_relevance_then_values(
			s->enq, slots, descending, 2);
	}
	if (st) {
		snprintf(err, errlen, "setting up the search: %s",
			 s->enq  ? lrm_xapian_enquire_last_error(s->enq)
			 : s->qp ? lrm_xapian_qparser_last_error(s->qp)
				 : lrm_xapian_db_last_error(s->db));
		goto fail;
	}
	if (lrm_fields_setup_qparser(s->qp, &lerr)) {
		snprintf(err, errlen, "%s", lerr.msg);
		goto fail;
	}
	return s;
fail:
	xapian_close(s);
	return NULL;
}

static int
xapian_run(void *p, const char *query, unsigned *matches, char *err,
	   size_t errlen)
{
	struct session *s = p;
	lrm_xapian_query_t *q = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_estimate_t est = {0};
	lrm_xapian_status_t st;
	lrm_error_t lerr = {0};
	char *nq = NULL;
	int ret = -1;

	if (lrm_text_normalize_query(query, strlen(query), &nq, &lerr)) {
		snprintf(err, errlen, "%s", lerr.msg);
		goto cleanup;
	}
	st = lrm_xapian_qparser_parse(s->qp, nq, parse_flags, NULL, &q);
	if (st) {
		snprintf(err, errlen, "couldn't parse query: %s",
			 lrm_xapian_qparser_last_error(s->qp));
		goto cleanup;
	}
	st = lrm_xapian_enquire_set_query(s->enq, q);
	if (!st)
		st = lrm_xapian_enquire_get_mset(
			s->enq, 0, 10,
			s->count == BENCH_COUNT_EXACT ? s->docs : 0, &mset);
	if (st) {
		snprintf(err, errlen, "search failed: %s",
			 lrm_xapian_enquire_last_error(s->enq));
		goto cleanup;
	}
	lrm_xapian_mset_matches(mset, &est);
	*matches = est.estimated;
	/* What a result shows comes from the document's data. */
	for (unsigned i = 0; i < lrm_xapian_mset_size(mset); i++) {
		lrm_xapian_doc_t *doc = NULL;
		char *data = NULL;
		size_t len;

		st = lrm_xapian_mset_document(mset, i, &doc);
		if (!st)
			st = lrm_xapian_doc_get_data(doc, &data, &len);
		free(data);
		lrm_xapian_doc_destroy(doc);
		if (st) {
			snprintf(err, errlen, "reading a result: %s",
				 lrm_xapian_mset_last_error(mset));
			goto cleanup;
		}
	}
	ret = 0;
cleanup:
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_query_destroy(q);
	free(nq);
	return ret;
}

const struct bench_engine bench_engine_xapian = {
	.name = "lrm",
	.column = 1,
	.open = xapian_open,
	.run = xapian_run,
	.close = xapian_close,
};
