/* lib/search.c - the search engine (see lrm/search.h): an open index, a
 * request run on it, the hits with their records, snippets and authors,
 * facets and spelling suggestions. */
#define _GNU_SOURCE
#include "lrm/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/fields.h"
#include "lrm/index.h"
#include "lrm/query.h"
#include "lrm/sources.h"
#include "lrm/text.h"

/* BM25: k1 1.2 (Xapian's default), b 0.5 rather than 0.75, as titles and
 * abstracts vary in length less than web pages; see bench/README.md for
 * the relevance figures these were chosen by. */
#define BM25_K1 1.2
#define BM25_K2 0
#define BM25_K3 1
#define BM25_B 0.5
#define BM25_MIN_NORMLEN 0.5

static const char hi_start[] = {LRM_HI_START, '\0'};
static const char hi_end[] = {LRM_HI_END, '\0'};

const char *const lrm_facet_names[LRM_FACET_KINDS] = {"year", "venue",
						       "section"};
static const unsigned facet_slots[LRM_FACET_KINDS] = {
	LRM_SLOT_YEAR, LRM_SLOT_VENUES, LRM_SLOT_SECTIONS};

struct lrm_search {
	lrm_xapian_db_t *db;
	lrm_xapian_qparser_t *qp;
	unsigned docs;
};

/* ------------------------------------------------------------------ */
/* Opening                                                            */
/* ------------------------------------------------------------------ */

lrm_status_t
lrm_search_open(const char *dir, void (*notify)(const char *message, void *ctx),
		void *ctx, lrm_search_t **out, lrm_error_t *err)
{
	lrm_search_t *s = calloc(1, sizeof(*s));
	lrm_status_t status;

	*out = NULL;
	if (!s)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	status = dir ? lrm_index_open(dir, &s->db, err)
		     : lrm_sources_open_default(&s->db, notify, ctx, err);
	if (!status && lrm_xapian_db_doc_count(s->db, &s->docs))
		status = lrm_error_set(err, LRM_ERR_INDEX, "%s",
				       lrm_xapian_db_last_error(s->db));
	if (!status)
		status = lrm_query_parser_create(s->db, &s->qp, err);
	if (status) {
		lrm_search_close(s);
		return status;
	}
	*out = s;
	return LRM_OK;
}

void
lrm_search_close(lrm_search_t *s)
{
	if (!s)
		return;
	lrm_xapian_qparser_destroy(s->qp);
	lrm_xapian_db_destroy(s->db);
	free(s);
}

unsigned
lrm_search_papers(const lrm_search_t *s)
{
	return s->docs;
}

/* ------------------------------------------------------------------ */
/* Facets                                                             */
/* ------------------------------------------------------------------ */

static void
facets_clear(struct lrm_facets *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->items[i].value);
	free(f->items);
	f->items = NULL;
	f->n = 0;
}

static int
facets_add(struct lrm_facets *f, const char *value, size_t len, unsigned count)
{
	struct lrm_facet *grown;

	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->items[i].value) == len &&
		    memcmp(f->items[i].value, value, len) == 0) {
			f->items[i].count += count;
			return 0;
		}
	grown = realloc(f->items, (f->n + 1) * sizeof(*f->items));
	if (!grown)
		return -1;
	f->items = grown;
	f->items[f->n].value = strndup(value, len);
	if (!f->items[f->n].value)
		return -1;
	f->items[f->n++].count = count;
	return 0;
}

static int
facet_cmp(const void *a, const void *b)
{
	const struct lrm_facet *fa = a, *fb = b;

	if (fa->count != fb->count)
		return fa->count > fb->count ? -1 : 1;
	return strcmp(fa->value, fb->value);
}

static int
facet_cmp_value_desc(const void *a, const void *b)
{
	const struct lrm_facet *fa = a, *fb = b;

	return strcmp(fb->value, fa->value);
}

/* Read SPY's counts into OUT.  Each slot holds a paper's distinct values
 * joined by LRM_FACET_SEP: each value counts once per paper, so a count is
 * what NAME:value finds (a paper of two years counts in both).  Years
 * (YEAR_SLOT) are listed newest first. */
static int
collect_facet(lrm_xapian_spy_t *spy, int year_slot, struct lrm_facets *out)
{
	unsigned n = 0;

	if (lrm_xapian_spy_collect(spy, 0, &n))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const char *value;
		size_t len;
		unsigned freq;

		if (lrm_xapian_spy_value(spy, i, &value, &len, &freq))
			return -1;
		while (len) {
			const char *sep = memchr(value, LRM_FACET_SEP, len);
			size_t part = sep ? (size_t)(sep - value) : len;

			if (part && facets_add(out, value, part, freq))
				return -1;
			if (!sep)
				break;
			len -= part + 1;
			value = sep + 1;
		}
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items),
		      year_slot ? facet_cmp_value_desc : facet_cmp);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Hits                                                               */
/* ------------------------------------------------------------------ */

static lrm_status_t
xerror(lrm_xapian_status_t st, const char *what, const char *msg,
       lrm_error_t *err)
{
	return lrm_error_set(err,
			     st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
							: LRM_ERR_INDEX,
			     "%s: %s", what, msg);
}

/* Undo Xapian's HTML escaping of snippets, in place. */
static void
html_decode(char *s)
{
	static const struct {
		const char *entity;
		char c;
	} entities[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
		{"&#39;", '\''}, {"&apos;", '\''},
	};
	char *r = s, *w = s;

	while (*r) {
		int done = 0;

		if (*r == '&') {
			for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
				size_t n = strlen(entities[i].entity);

				if (strncmp(r, entities[i].entity, n) == 0) {
					*w++ = entities[i].c;
					r += n;
					done = 1;
					break;
				}
			}
		}
		if (!done)
			*w++ = *r++;
	}
	*w = '\0';
}

/* TEXT (LEN bytes) with the words that matched in MSET marked, into
 * *OUT: at most LENGTH bytes, with OMIT where it was cut. */
static lrm_status_t
mark(lrm_xapian_mset_t *mset, const char *text, size_t len, size_t length,
     unsigned flags, const char *omit, char **out, lrm_error_t *err)
{
	lrm_xapian_status_t st = lrm_xapian_mset_snippet(
		mset, text, len, length, LRM_STEM_LANGUAGE, flags, hi_start,
		hi_end, omit, out);

	if (st)
		return xerror(st, "making a snippet",
			      lrm_xapian_mset_last_error(mset), err);
	html_decode(*out);
	return LRM_OK;
}

/* Split the LEN bytes of NAMES, joined by LRM_FACET_SEP, into HIT's
 * authors. */
static lrm_status_t
split_authors(const char *names, size_t len, struct lrm_hit *hit,
	      lrm_error_t *err)
{
	size_t n = 1;

	if (len == 0)
		return LRM_OK;
	for (size_t i = 0; i < len; i++)
		n += names[i] == LRM_FACET_SEP;
	hit->authors = calloc(n, sizeof(*hit->authors));
	if (!hit->authors)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (const char *p = names, *end = names + len; p <= end;) {
		const char *sep = memchr(p, LRM_FACET_SEP, (size_t)(end - p));
		size_t part = sep ? (size_t)(sep - p) : (size_t)(end - p);

		hit->authors[hit->n_authors] = strndup(p, part);
		if (!hit->authors[hit->n_authors])
			return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		hit->n_authors++;
		if (!sep)
			break;
		p = sep + 1;
	}
	return LRM_OK;
}

/* Hit I of MSET into HIT: the paper's record, its title (marked with
 * SNIPPETS), a marked snippet of its abstract, its authors. */
static lrm_status_t
read_hit(lrm_xapian_mset_t *mset, unsigned i, int snippets,
	 struct lrm_hit *hit, lrm_error_t *err)
{
	lrm_xapian_hit_t h;
	lrm_xapian_doc_t *doc = NULL;
	char *value = NULL;
	size_t len = 0;
	lrm_xapian_status_t st;
	lrm_status_t status;

	st = lrm_xapian_mset_hit(mset, i, &h);
	if (!st)
		st = lrm_xapian_mset_document(mset, i, &doc);
	if (st)
		return xerror(st, "reading results",
			      lrm_xapian_mset_last_error(mset), err);
	hit->rank = h.rank + 1;
	hit->score = h.weight;
	status = lrm_index_doc_paper(doc, &hit->record, err);
	if (status)
		goto cleanup;
	hit->paper = &hit->record.papers[0];
	st = lrm_xapian_doc_get_value(doc, LRM_SLOT_AUTHORS, &value, &len);
	if (!st) {
		status = split_authors(value, len, hit, err);
		free(value);
		value = NULL;
		if (status)
			goto cleanup;
		/* the abstract only for its snippet */
		len = 0;
		if (snippets)
			st = lrm_xapian_doc_get_value(doc, LRM_SLOT_ABSTRACT,
						      &value, &len);
	}
	if (st) {
		status = xerror(st, "reading a document",
				lrm_xapian_doc_last_error(doc), err);
		goto cleanup;
	}
	if (!snippets) {
		hit->title = strdup(hit->paper->title);
		if (!hit->title)
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	if (len)
		status = mark(mset, value, len, LRM_SNIPPET_BYTES,
			      LRM_XAPIAN_SNIPPET_BACKGROUND_MODEL |
				      LRM_XAPIAN_SNIPPET_EXHAUSTIVE,
			      "…", &hit->snippet, err);
	/* the whole title, with the words that matched marked */
	if (!status)
		status = mark(mset, hit->paper->title, strlen(hit->paper->title),
			      strlen(hit->paper->title) * 2 + 16, 0, "",
			      &hit->title, err);
cleanup:
	free(value);
	lrm_xapian_doc_destroy(doc);
	return status;
}

/* ------------------------------------------------------------------ */
/* Spelling                                                           */
/* ------------------------------------------------------------------ */

/* Whether CORRECTED replaces a word of QUERY that the index knows: that
 * word is no misspelling ("SFT" is not "soft"), whatever is more common. */
static int
corrects_known_word(lrm_xapian_db_t *db, const char *query,
		    const char *corrected)
{
	size_t qlen = strlen(query), clen = strlen(corrected);
	size_t qpos = 0, cpos = 0, qs, qn, cs, cn;

	while (lrm_text_next_word(query, qlen, &qpos, &qs, &qn)) {
		char word[256];
		unsigned freq = 0;

		if (!lrm_text_next_word(corrected, clen, &cpos, &cs, &cn))
			cn = 0;
		if (cn == qn && memcmp(query + qs, corrected + cs, qn) == 0)
			continue;
		if (qn >= sizeof(word))
			continue;
		memcpy(word, query + qs, qn);
		word[qn] = '\0';
		if (lrm_xapian_db_term_freq(db, word, &freq) == 0 && freq > 0)
			return 1;
	}
	return 0;
}

/* How many papers Q matches, exactly. */
static lrm_xapian_status_t
count_matches(lrm_search_t *s, const lrm_xapian_query_t *q, unsigned *count)
{
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_estimate_t est;
	lrm_xapian_status_t st;

	st = lrm_xapian_enquire_create(s->db, &enq);
	if (!st)
		st = lrm_xapian_enquire_set_query(enq, q);
	if (!st)
		st = lrm_xapian_enquire_get_mset(enq, 0, 0, s->docs, &mset);
	if (!st) {
		lrm_xapian_mset_matches(mset, &est);
		*count = est.estimated;
	}
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	return st;
}

/* A better spelling of Q, which matched TOTAL papers, into RES: only for
 * a query that matches nothing or little, and only one that matches
 * clearly more ("MoE" is not a misspelling of "more"). */
static lrm_status_t
suggest(lrm_search_t *s, struct lrm_query *q, unsigned total,
	struct lrm_result *res, lrm_error_t *err)
{
	struct lrm_query better = {0};
	unsigned count = 0;
	size_t at;

	if (!q->corrected || total >= LRM_SEARCH_SUGGEST_BELOW ||
	    corrects_known_word(s->db, q->normalized, q->corrected))
		return LRM_OK;
	/* the correction is Xapian's: if it cannot be parsed, no
	 * suggestion */
	if (lrm_query_parse(s->qp, q->corrected, 0, &better, &at, NULL) == LRM_OK &&
	    count_matches(s, better.xq, &count) == LRM_XAPIAN_SUCCESS &&
	    count > 2 * total) {
		res->suggestion = q->corrected;
		q->corrected = NULL;
	}
	lrm_query_clear(&better);
	(void)err;
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* Running a request                                                  */
/* ------------------------------------------------------------------ */

/* An enquire for Q on S, ranked and sorted as REQ asks, with a spy per
 * facet in SPIES when it asks for facets. */
static lrm_xapian_status_t
prepare(lrm_search_t *s, const struct lrm_search_request *req,
	const lrm_xapian_query_t *q, lrm_xapian_enquire_t **enq,
	lrm_xapian_spy_t *spies[LRM_FACET_KINDS])
{
	/* the id last, so that the order never depends on the order in
	 * which papers were indexed (an update adds new ones last) */
	static const unsigned slots[] = {LRM_SLOT_DATE, LRM_SLOT_ID};
	static const int descending[] = {1, 0};
	lrm_xapian_status_t st = lrm_xapian_enquire_create(s->db, enq);

	if (!st)
		st = lrm_xapian_enquire_set_query(*enq, q);
	if (!st)
		st = lrm_xapian_enquire_set_bm25(*enq, BM25_K1, BM25_K2, BM25_K3,
						 BM25_B, BM25_MIN_NORMLEN);
	if (!st)
		st = req->sort == LRM_SORT_DATE
			     ? lrm_xapian_enquire_set_sort_values(*enq, slots,
								  descending, 2)
			     : lrm_xapian_enquire_set_sort_relevance_then_values(
				       *enq, slots, descending, 2);
	for (int f = 0; (req->want & LRM_WANT_FACETS) && f < LRM_FACET_KINDS && !st;
	     f++) {
		st = lrm_xapian_spy_create(facet_slots[f], &spies[f]);
		if (!st)
			st = lrm_xapian_enquire_add_spy(*enq, spies[f]);
	}
	return st;
}

lrm_status_t
lrm_search_run(lrm_search_t *s, const struct lrm_search_request *req,
	       struct lrm_result *res, lrm_error_t *err)
{
	struct lrm_query q = {0};
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_spy_t *spies[LRM_FACET_KINDS] = {NULL};
	lrm_xapian_estimate_t est = {0};
	lrm_xapian_status_t st;
	lrm_status_t status;
	int exact = (req->want & (LRM_WANT_EXACT_COUNT | LRM_WANT_FACETS)) ||
		    s->docs <= LRM_SEARCH_EXACT_UP_TO;
	unsigned size;

	memset(res, 0, sizeof(*res));
	if (req->offset > LRM_SEARCH_MAX_COUNT || req->limit > LRM_SEARCH_MAX_COUNT)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "offset and limit are at most %u",
				     LRM_SEARCH_MAX_COUNT);
	status = lrm_query_parse(s->qp, req->query,
				 (req->want & LRM_WANT_SUGGESTION) ? LRM_QUERY_SPELLING
								  : 0,
				 &q, &res->error_at, err);
	if (status)
		goto cleanup;
	st = prepare(s, req, q.xq, &enq, spies);
	/* exact counts, and so exact facets, cost little on an index of
	 * this size; on a huge one top-k matching is what makes it fast */
	if (!st)
		st = lrm_xapian_enquire_get_mset(enq, req->offset, req->limit,
						 exact ? s->docs : 0, &mset);
	if (st) {
		status = xerror(st, "search failed",
				enq ? lrm_xapian_enquire_last_error(enq)
				    : lrm_xapian_db_last_error(s->db),
				err);
		goto cleanup;
	}
	lrm_xapian_mset_matches(mset, &est);
	res->total = est.estimated;
	res->exact = est.lower == est.upper;
	if (req->want & LRM_WANT_SUGGESTION) {
		status = suggest(s, &q, res->total, res, err);
		if (status)
			goto cleanup;
	}
	for (int f = 0; (req->want & LRM_WANT_FACETS) && f < LRM_FACET_KINDS; f++)
		if (collect_facet(spies[f], f == LRM_FACET_YEAR, &res->facets[f])) {
			status = lrm_error_set(err, LRM_ERR_INDEX,
					       "counting facets failed: %s",
					       lrm_xapian_spy_last_error(spies[f]));
			goto cleanup;
		}
	size = lrm_xapian_mset_size(mset);
	res->hits = calloc(size ? size : 1, sizeof(*res->hits));
	if (!res->hits) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	for (unsigned i = 0; i < size && !status; i++) {
		status = read_hit(mset, i, !!(req->want & LRM_WANT_SNIPPETS),
				  &res->hits[i], err);
		res->n_hits++;
	}
cleanup:
	for (int f = 0; f < LRM_FACET_KINDS; f++)
		lrm_xapian_spy_destroy(spies[f]);
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	lrm_query_clear(&q);
	return status;
}

void
lrm_result_clear(struct lrm_result *res)
{
	for (size_t i = 0; i < res->n_hits; i++) {
		struct lrm_hit *h = &res->hits[i];

		lrm_dataset_clear(&h->record);
		free(h->title);
		free(h->snippet);
		for (size_t a = 0; a < h->n_authors; a++)
			free(h->authors[a]);
		free(h->authors);
	}
	free(res->hits);
	for (int f = 0; f < LRM_FACET_KINDS; f++)
		facets_clear(&res->facets[f]);
	free(res->suggestion);
	memset(res, 0, sizeof(*res));
}
