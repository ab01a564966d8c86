/* lib/search.c - the search engine (see lrm/search.h): an open index, a
 * request run on it, the hits with their records, snippets and authors,
 * facets and spelling suggestions. */
#define _GNU_SOURCE
#include "lrm/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lrm/arxiv.h"
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
						       "section", "list"};
static const unsigned facet_slots[LRM_FACET_KINDS] = {
	LRM_SLOT_YEAR, LRM_SLOT_VENUES, LRM_SLOT_SECTIONS, LRM_SLOT_LISTS};

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

/* An enquire for Q on S, ranked and sorted by relevance or by date as
 * SORT says, with a spy per facet in SPIES when WANT asks for facets. */
static lrm_xapian_status_t
prepare(lrm_search_t *s, enum lrm_sort sort, unsigned want,
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
		st = sort == LRM_SORT_DATE
			     ? lrm_xapian_enquire_set_sort_values(*enq, slots,
								  descending, 2)
			     : lrm_xapian_enquire_set_sort_relevance_then_values(
				       *enq, slots, descending, 2);
	for (int f = 0; (want & LRM_WANT_FACETS) && f < LRM_FACET_KINDS && !st;
	     f++) {
		st = lrm_xapian_spy_create(facet_slots[f], &spies[f]);
		if (!st)
			st = lrm_xapian_enquire_add_spy(*enq, spies[f]);
	}
	return st;
}

/* Part of a page sorted by the day papers were added: one day's papers
 * (or those without a day), ranked after RANK_BASE others. */
struct piece {
	lrm_xapian_enquire_t *enq;
	lrm_xapian_mset_t *mset;
	unsigned rank_base;
};

/* One search of a request: a query's enquire, its page and its facet
 * spies; sorted by the day papers were added, the page is in PIECES
 * instead, and MSET only counts. */
struct tier {
	lrm_xapian_enquire_t *enq;
	lrm_xapian_mset_t *mset;
	lrm_xapian_spy_t *spies[LRM_FACET_KINDS];
	lrm_xapian_estimate_t est;
	lrm_xapian_spy_t *days; /* the matches' days (LRM_SLOT_ADDED) */
	struct piece *pieces;
	size_t n_pieces;
};

static void
tier_clear(struct tier *t)
{
	for (int f = 0; f < LRM_FACET_KINDS; f++)
		lrm_xapian_spy_destroy(t->spies[f]);
	lrm_xapian_spy_destroy(t->days);
	for (size_t i = 0; i < t->n_pieces; i++) {
		lrm_xapian_mset_destroy(t->pieces[i].mset);
		lrm_xapian_enquire_destroy(t->pieces[i].enq);
	}
	free(t->pieces);
	lrm_xapian_mset_destroy(t->mset);
	lrm_xapian_enquire_destroy(t->enq);
	memset(t, 0, sizeof(*t));
}

/* Run Q on S into a new piece of T: its hits FIRST to FIRST + MAX - 1,
 * ranked by relevance (ties newest first, then by id), after RANK_BASE
 * others. */
static lrm_status_t
run_piece(lrm_search_t *s, const lrm_xapian_query_t *q, unsigned first,
	  unsigned max, unsigned rank_base, struct tier *t, lrm_error_t *err)
{
	struct piece *grown = realloc(t->pieces,
				      (t->n_pieces + 1) * sizeof(*grown));
	struct piece *p;
	lrm_xapian_status_t st;

	if (!grown)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	t->pieces = grown;
	p = &t->pieces[t->n_pieces++];
	memset(p, 0, sizeof(*p));
	p->rank_base = rank_base;
	st = prepare(s, LRM_SORT_RELEVANCE, 0, q, &p->enq, NULL);
	if (!st)
		st = lrm_xapian_enquire_get_mset(p->enq, first, max, 0, &p->mset);
	if (st)
		return xerror(st, "search failed",
			      p->enq ? lrm_xapian_enquire_last_error(p->enq)
				     : lrm_xapian_db_last_error(s->db),
			      err);
	return LRM_OK;
}

/* The days SPY saw, as the indexer makes their terms (LRM_PREFIX_ADDED
 * and the day normalised), newest first, with how many matches each. */
static lrm_status_t
collect_days(lrm_xapian_spy_t *spy, struct lrm_facets *days, lrm_error_t *err)
{
	unsigned n = 0;
	lrm_status_t status = LRM_OK;

	if (lrm_xapian_spy_collect(spy, 0, &n))
		return lrm_error_set(err, LRM_ERR_INDEX, "counting days failed: %s",
				     lrm_xapian_spy_last_error(spy));
	for (unsigned i = 0; !status && i < n; i++) {
		const char *value;
		char *norm = NULL, term[256];
		size_t len;
		unsigned freq;

		if (lrm_xapian_spy_value(spy, i, &value, &len, &freq))
			return lrm_error_set(err, LRM_ERR_INDEX,
					     "counting days failed: %s",
					     lrm_xapian_spy_last_error(spy));
		status = lrm_text_normalize(value, len, &norm, err);
		if (!status)
			snprintf(term, sizeof(term), "%s%s", LRM_PREFIX_ADDED, norm);
		if (!status && facets_add(days, term, strlen(term), freq))
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		free(norm);
	}
	if (days->n > 1)
		qsort(days->items, days->n, sizeof(*days->items),
		      facet_cmp_value_desc);
	return status;
}

/* The page FIRST .. FIRST + MAX - 1 of Q's matches, whose days (and how
 * many papers each) are DAYS and which number TOTAL, into T's pieces: a
 * piece for each day on the page, newest first, then one for the papers
 * without a day. */
static lrm_status_t
run_days(lrm_search_t *s, const lrm_xapian_query_t *q,
	 const struct lrm_facets *days, unsigned total, unsigned first,
	 unsigned max, struct tier *t, lrm_error_t *err)
{
	unsigned before = 0, counted = 0, end = first + max;
	const char **terms = NULL;
	lrm_xapian_query_t *group = NULL, *piece = NULL;
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; i < days->n; i++)
		counted += days->items[i].count;
	/* the days, then (I == N) the papers without one */
	for (size_t i = 0; !status && i <= days->n && before < end; i++) {
		unsigned count = i < days->n	 ? days->items[i].count
				 : total > counted ? total - counted
						   : 0;
		unsigned skip = first > before ? first - before : 0;
		lrm_xapian_status_t st = LRM_XAPIAN_SUCCESS;

		if (skip >= count) {
			before += count;
			continue;
		}
		if (i < days->n) {
			st = lrm_xapian_query_term(days->items[i].value, &group);
			if (!st)
				st = lrm_xapian_query_combine(LRM_XAPIAN_OP_FILTER, q,
							      group, &piece);
		} else if (days->n) {
			terms = malloc(days->n * sizeof(*terms));
			for (size_t d = 0; terms && d < days->n; d++)
				terms[d] = days->items[d].value;
			st = !terms ? LRM_XAPIAN_NO_MEMORY
				    : lrm_xapian_query_terms(LRM_XAPIAN_OP_OR,
							     terms, days->n, &group);
			if (!st)
				st = lrm_xapian_query_combine(LRM_XAPIAN_OP_AND_NOT,
							      q, group, &piece);
		}
		if (st)
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		else
			status = run_piece(s, piece ? piece : q, skip,
					   (count - skip < end - before - skip
						    ? count - skip
						    : end - before - skip),
					   before, t, err);
		lrm_xapian_query_destroy(piece);
		lrm_xapian_query_destroy(group);
		piece = group = NULL;
		before += count;
	}
	free(terms);
	return status;
}

/* The page FIRST .. FIRST + MAX - 1 of Q's matches sorted by the day
 * papers were added, into T, whose match spy on the days has seen every
 * match: a day at a time (run_days()).  Xapian can sort by a value and
 * then by weight, but breaks the ties of both by docid, which follows
 * the order of indexing; ranked a day at a time, papers of a day and of
 * one weight are in the order of relevance sorting: newest first, then
 * by id. */
static lrm_status_t
page_by_day(lrm_search_t *s, const lrm_xapian_query_t *q, unsigned first,
	    unsigned max, struct tier *t, lrm_error_t *err)
{
	struct lrm_facets days = {0};
	lrm_status_t status = collect_days(t->days, &days, err);

	if (!status && max)
		status = run_days(s, q, &days, t->est.estimated, first, max, t,
				  err);
	facets_clear(&days);
	return status;
}

/* Run Q on S as REQ asks into T: hits FIRST to FIRST + MAX - 1, every
 * match counted when EXACT, else at least COUNT_AT_LEAST.  Sorted by
 * the day papers were added, every match is counted, with its day, and
 * the page is T's pieces (page_by_day()). */
static lrm_status_t
run_tier(lrm_search_t *s, const struct lrm_search_request *req,
	 const lrm_xapian_query_t *q, unsigned first, unsigned max, int exact,
	 unsigned count_at_least, struct tier *t, lrm_error_t *err)
{
	int by_day = req->sort == LRM_SORT_ADDED;
	lrm_xapian_status_t st;

	st = prepare(s, by_day ? LRM_SORT_RELEVANCE : req->sort, req->want, q,
		     &t->enq, t->spies);
	if (!st && by_day)
		st = lrm_xapian_spy_create(LRM_SLOT_ADDED, &t->days);
	if (!st && by_day)
		st = lrm_xapian_enquire_add_spy(t->enq, t->days);
	/* exact counts, and so exact facets, cost little on an index of
	 * this size; on a huge one top-k matching is what makes it fast */
	if (!st)
		st = lrm_xapian_enquire_get_mset(
			t->enq, by_day ? 0 : first, by_day ? 0 : max,
			exact || by_day ? s->docs : count_at_least, &t->mset);
	if (st)
		return xerror(st, "search failed",
			      t->enq ? lrm_xapian_enquire_last_error(t->enq)
				     : lrm_xapian_db_last_error(s->db),
			      err);
	lrm_xapian_mset_matches(t->mset, &t->est);
	return by_day ? page_by_day(s, q, first, max, t, err) : LRM_OK;
}

/* MSET's hits into RES, ranked after RANK_BASE others, marked
 * PARTIAL. */
static lrm_status_t
add_hits(lrm_xapian_mset_t *mset, const struct lrm_search_request *req,
	 unsigned rank_base, int partial, struct lrm_result *res,
	 lrm_error_t *err)
{
	unsigned size = lrm_xapian_mset_size(mset);
	struct lrm_hit *grown;
	lrm_status_t status = LRM_OK;

	grown = realloc(res->hits, (res->n_hits + size + 1) * sizeof(*grown));
	if (!grown)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	res->hits = grown;
	memset(res->hits + res->n_hits, 0, (size + 1) * sizeof(*grown));
	for (unsigned i = 0; i < size && !status; i++) {
		struct lrm_hit *hit = &res->hits[res->n_hits++];

		status = read_hit(mset, i, !!(req->want & LRM_WANT_SNIPPETS), hit,
				  err);
		hit->rank += rank_base;
		hit->partial = partial;
	}
	return status;
}

/* T's facets and hits into RES, its hits ranked after RANK_BASE others,
 * marked PARTIAL. */
static lrm_status_t
add_tier(struct tier *t, const struct lrm_search_request *req,
	 unsigned rank_base, int partial, struct lrm_result *res,
	 lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;

	for (int f = 0; (req->want & LRM_WANT_FACETS) && f < LRM_FACET_KINDS; f++)
		if (collect_facet(t->spies[f], f == LRM_FACET_YEAR, &res->facets[f]))
			return lrm_error_set(err, LRM_ERR_INDEX,
					     "counting facets failed: %s",
					     lrm_xapian_spy_last_error(t->spies[f]));
	if (!t->pieces)
		return add_hits(t->mset, req, rank_base, partial, res, err);
	for (size_t i = 0; !status && i < t->n_pieces; i++)
		status = add_hits(t->pieces[i].mset, req,
				  rank_base + t->pieces[i].rank_base, partial, res,
				  err);
	return status;
}

/* Search Q as REQ asks into RES: the papers that match it all, then, for
 * a query of plain words whose page they do not fill, those that match
 * some of its words (Q->loose without the first), ranked after every one
 * of the first. */
static lrm_status_t
search_query(lrm_search_t *s, const struct lrm_search_request *req,
	     const struct lrm_query *q, struct lrm_result *res,
	     lrm_error_t *err)
{
	int exact = (req->want & (LRM_WANT_EXACT_COUNT | LRM_WANT_FACETS)) ||
		    s->docs <= LRM_SEARCH_EXACT_UP_TO;
	struct tier all = {0}, some = {0};
	lrm_xapian_query_t *rest = NULL;
	unsigned n_all, first, shown;
	lrm_status_t status;

	/* with a second tier, the first's count decides where its page
	 * starts: it must be exact up to the end of this page */
	status = run_tier(s, req, q->xq, req->offset, req->limit, exact,
			  q->loose ? req->offset + req->limit : 0, &all, err);
	if (status)
		goto cleanup;
	n_all = all.est.estimated;
	res->all_words = n_all;
	res->total = n_all;
	res->exact = all.est.lower == all.est.upper;
	status = add_tier(&all, req, 0, 0, res, err);
	/* the papers with some of the words only when those with all of
	 * them do not fill the page: as cheap as before when they do */
	if (status || !q->loose || res->n_hits >= req->limit)
		goto cleanup;
	if (lrm_xapian_query_combine(LRM_XAPIAN_OP_AND_NOT, q->loose, q->xq, &rest)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	first = req->offset > n_all ? req->offset - n_all : 0;
	shown = (unsigned)res->n_hits;
	status = run_tier(s, req, rest, first,
			  shown < req->limit ? req->limit - shown : 0, exact, 0,
			  &some, err);
	if (status)
		goto cleanup;
	res->total += some.est.estimated;
	res->exact = res->exact && some.est.lower == some.est.upper;
	status = add_tier(&some, req, n_all, 1, res, err);
cleanup:
	lrm_xapian_query_destroy(rest);
	tier_clear(&all);
	tier_clear(&some);
	return status;
}

/* The paper of document DOCID into ONE (cleared by the caller). */
static lrm_status_t
read_paper(lrm_search_t *s, unsigned docid, struct lrm_dataset *one,
	   lrm_error_t *err)
{
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_status_t st = lrm_xapian_db_get_document(s->db, docid, &doc);
	lrm_status_t status;

	if (st)
		return xerror(st, "reading a paper",
			      lrm_xapian_db_last_error(s->db), err);
	status = lrm_index_doc_paper(doc, one, err);
	lrm_xapian_doc_destroy(doc);
	return status;
}

/* The docid of the paper with the link LINK, or whose links hold the
 * DOI TEXT names, or 0 (at the end of this file). */
static lrm_status_t find_link(lrm_search_t *s, const char *link,
			      unsigned *docid, lrm_error_t *err);
static lrm_status_t doi_of(const char *text, char **doi, lrm_error_t *err);
static lrm_status_t find_doi(lrm_search_t *s, const char *doi,
			     unsigned *docid, lrm_error_t *err);

/* When TEXT is one link that the index's lists hold (a paper's or its
 * code's: OpenReview, GitHub, a publisher's page), or a DOI that one of
 * its links holds, Q finds that paper alone: a pasted link is a request
 * for that paper.  (An arXiv id or link is Q's already.) */
static lrm_status_t
pasted_paper(lrm_search_t *s, const char *text, struct lrm_query *q,
	     lrm_error_t *err)
{
	size_t start = strspn(text, " \t"), n = strcspn(text + start, " \t");
	char *word, *term = NULL, *doi = NULL;
	unsigned docid = 0;
	struct lrm_dataset one = {0};
	lrm_status_t status;

	if (q->pasted || q->empty || n == 0 ||
	    text[start + n + strspn(text + start + n, " \t")] != '\0')
		return LRM_OK;
	word = strndup(text + start, n);
	if (!word)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	/* a DOI, or a link: a paper id is one word, which may be a word to
	 * search for as well (id: names paper ids) */
	status = doi_of(word, &doi, err);
	if (!status && doi)
		status = find_doi(s, doi, &docid, err);
	else if (!status && strstr(word, "://"))
		status = find_link(s, word, &docid, err);
	if (!status && docid)
		status = read_paper(s, docid, &one, err);
	if (!status && docid &&
	    !(term = malloc(strlen(LRM_PREFIX_ID) + strlen(one.papers[0].id) + 1)))
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	if (!status && term) {
		lrm_xapian_query_t *paper = NULL;

		sprintf(term, "%s%s", LRM_PREFIX_ID, one.papers[0].id);
		if (lrm_xapian_query_term(term, &paper) != LRM_XAPIAN_SUCCESS) {
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		} else {
			lrm_xapian_query_destroy(q->xq);
			lrm_xapian_query_destroy(q->loose);
			q->xq = paper;
			q->loose = NULL;
			free(q->corrected);
			q->corrected = NULL;
		}
	}
	free(term);
	free(doi);
	lrm_dataset_clear(&one);
	free(word);
	return status;
}

/* How much more than anything else the paper whose title TEXT is weighs
 * (the title key term alone weighs about as much as a rare word). */
#define KNOWN_TITLE_BOOST 10.0

/* When TEXT, in any spelling (case, punctuation, spacing), is the title
 * of a paper of the index, Q finds that paper first and the rest as
 * before: a pasted title is a request for that paper, whether or not its
 * words would match as a query ("Do NOT Think That Much for 2+3=?"). */
static lrm_status_t
known_title(lrm_search_t *s, const char *text, struct lrm_query *q,
	    lrm_error_t *err)
{
	lrm_xapian_query_t *term_q = NULL, *scaled = NULL, *both = NULL;
	char *term = NULL;
	unsigned freq = 0;
	lrm_status_t status;

	if (q->pasted || q->empty)
		return LRM_OK;
	status = lrm_index_title_term(text, &term, err);
	if (status || !term)
		return status;
	if (lrm_xapian_db_term_freq(s->db, term, &freq) == LRM_XAPIAN_SUCCESS &&
	    freq > 0) {
		if (lrm_xapian_query_term(term, &term_q) ||
		    lrm_xapian_query_scale(term_q, KNOWN_TITLE_BOOST, &scaled) ||
		    lrm_xapian_query_combine(LRM_XAPIAN_OP_OR, q->xq, scaled,
					     &both)) {
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		} else {
			lrm_xapian_query_destroy(q->xq);
			q->xq = both;
		}
	}
	lrm_xapian_query_destroy(scaled);
	lrm_xapian_query_destroy(term_q);
	free(term);
	return status;
}

/* REQ's LIKE or LIKE_TEXT made into Q's query (at the end of this file). */
static lrm_status_t like_query(lrm_search_t *s,
			       const struct lrm_search_request *req,
			       struct lrm_query *q, struct lrm_result *res,
			       lrm_error_t *err);

lrm_status_t
lrm_search_run(lrm_search_t *s, const struct lrm_search_request *req,
	       struct lrm_result *res, lrm_error_t *err)
{
	struct lrm_query q = {0}, better = {0};
	size_t at;
	lrm_status_t status;

	memset(res, 0, sizeof(*res));
	if (req->offset > LRM_SEARCH_MAX_COUNT || req->limit > LRM_SEARCH_MAX_COUNT)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "offset and limit are at most %u",
				     LRM_SEARCH_MAX_COUNT);
	status = lrm_query_parse(s->qp, req->query,
				 (req->want & LRM_WANT_SUGGESTION) ? LRM_QUERY_SPELLING
								  : 0,
				 &q, &res->error_at, err);
	if (!status && (req->like || req->like_text))
		status = like_query(s, req, &q, res, err);
	else if (!status)
		status = pasted_paper(s, req->query, &q, err);
	if (!status && !req->like && !req->like_text)
		status = known_title(s, req->query, &q, err);
	if (!status && !(res->ignored = strdup(q.ignored)))
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	if (!status)
		status = search_query(s, req, &q, res, err);
	if (!status && (req->want & LRM_WANT_SUGGESTION))
		status = suggest(s, &q, res->all_words, res, err);
	/* nothing matched, and a better spelling would: show its papers
	 * at once, saying so */
	if (!status && res->total == 0 && res->suggestion &&
	    (req->want & LRM_WANT_AUTOCORRECT) &&
	    lrm_query_parse(s->qp, res->suggestion, 0, &better, &at, NULL) == LRM_OK) {
		free(res->hits);
		res->hits = NULL;
		for (int f = 0; f < LRM_FACET_KINDS; f++)
			facets_clear(&res->facets[f]);
		status = search_query(s, req, &better, res, err);
		if (!status && !(res->results_for = strdup(res->suggestion)))
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	lrm_query_clear(&better);
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
	free(res->results_for);
	free(res->ignored);
	free(res->like_id);
	free(res->like_title);
	memset(res, 0, sizeof(*res));
}

/* ------------------------------------------------------------------ */
/* What the index holds                                               */
/* ------------------------------------------------------------------ */

struct field_probe {
	size_t prefix_len; /* the field's prefix */
	int found;
};

/* lrm_xapian_db_each_term() callback: stop at the first term of the
 * field, one that is not under a longer prefix of another row (an arXiv
 * id, XAR..., is not a word of the abstract, XA...). */
static int
probe_term(const char *term, size_t len, void *ctx)
{
	struct field_probe *probe = ctx;

	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		size_t n = strlen(f->prefix);

		if (n > probe->prefix_len && n <= len &&
		    strncmp(term, f->prefix, n) == 0)
			return 0;
	}
	probe->found = 1;
	return 1;
}

lrm_status_t
lrm_search_field_indexed(lrm_search_t *s, const char *name, int *indexed,
			 lrm_error_t *err)
{
	*indexed = 0;
	for (const struct lrm_field *f = lrm_fields; f->name && !*indexed; f++) {
		struct field_probe probe = {strlen(f->prefix), 0};
		lrm_xapian_status_t st;

		if (strcmp(f->name, name) != 0)
			continue;
		st = lrm_xapian_db_each_term(s->db, f->prefix, probe_term, &probe);
		if (st)
			return xerror(st, "cannot read the index's terms",
				      lrm_xapian_db_last_error(s->db), err);
		*indexed = probe.found;
	}
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* More like this                                                     */
/* ------------------------------------------------------------------ */

/* The terms papers are compared by: Xapian's stems of words without a
 * field prefix ("Zreason"), which every text field adds beside its own
 * (LRM_FIELD_BARE), each at its field's weight. */
#define LIKE_STEMS "Z"

/* LINK as links are compared (see lrm_search_like_find()), malloc()ed
 * into *KEY; NULL when it is no http or https link. */
static lrm_status_t
link_key(const char *link, char **key, lrm_error_t *err)
{
	size_t host, n;
	char *k, *end;

	*key = NULL;
	if (strncasecmp(link, "https://", 8) == 0)
		link += 8;
	else if (strncasecmp(link, "http://", 7) == 0)
		link += 7;
	else
		return LRM_OK;
	if (strncasecmp(link, "www.", 4) == 0)
		link += 4;
	/* room for "/pdf?" to grow into "/forum?" */
	n = strcspn(link, "#");
	k = malloc(n + 3);
	if (!k)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	memcpy(k, link, n);
	k[n] = '\0';
	host = strcspn(k, "/?");
	for (size_t i = 0; i < host; i++)
		if (k[i] >= 'A' && k[i] <= 'Z')
			k[i] += 'a' - 'A';
	if (host == 14 && strncmp(k, "openreview.net", host) == 0 &&
	    strncmp(k + host, "/pdf?", 5) == 0) {
		/* "/pdf?" to "/forum?": what follows moves two bytes on */
		memmove(k + host + 7, k + host + 5, strlen(k + host + 5) + 1);
		memcpy(k + host, "/forum?", 7);
	} else if (host == 10 && strncmp(k, "github.com", host) == 0 &&
		   k[host] == '/') {
		/* the repository: two segments, names without case */
		end = k + host + 1 + strcspn(k + host + 1, "/?");
		if (*end == '/')
			end += 1 + strcspn(end + 1, "/?");
		*end = '\0';
		if (end - k > 4 && strcmp(end - 4, ".git") == 0)
			end[-4] = '\0';
		for (char *c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c += 'a' - 'A';
	}
	n = strlen(k);
	while (n > host && k[n - 1] == '/')
		k[--n] = '\0';
	*key = k;
	return LRM_OK;
}

/* Whether one of PAPER's links is KEY as link_key() makes it; with KEY
 * NULL, whether one holds DOI (any case: a publisher's page such as
 * "link.springer.com/article/10.1007/..."). */
static lrm_status_t
paper_has_link(const struct lrm_paper *paper, const char *key,
	       const char *doi, int *has, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;

	*has = 0;
	for (size_t i = 0; !status && !*has && i < paper->n_listings; i++) {
		const char *links[2] = {paper->listings[i].paper,
					paper->listings[i].code};

		for (int l = 0; !status && !*has && l < 2; l++) {
			char *k = NULL;

			if (!key) {
				*has = links[l] && strcasestr(links[l], doi);
				continue;
			}
			if (links[l])
				status = link_key(links[l], &k, err);
			*has = k && strcmp(k, key) == 0;
			free(k);
		}
	}
	return status;
}

/* A walk over the papers (their unique id terms) for the one with a
 * link. */
struct link_search {
	lrm_search_t *s;
	const char *key;  /* NULL: any link that holds the DOI CLUE */
	const char *clue; /* a piece of KEY its record's data must hold */
	unsigned docid;	  /* found */
	lrm_status_t status;
	lrm_error_t *err;
};

static int
look_for_link(const char *term, size_t len, void *ctx)
{
	struct link_search *ls = ctx;
	lrm_xapian_doc_t *doc = NULL;
	struct lrm_dataset one = {0};
	char *data = NULL, *qterm = strndup(term, len);
	unsigned docid = 0;
	lrm_xapian_status_t st;
	int has = 0;

	if (!qterm) {
		ls->status = lrm_error_set(ls->err, LRM_ERR_NOMEM, "out of memory");
		return 1;
	}
	st = lrm_xapian_db_find_document(ls->s->db, qterm, &docid);
	if (!st)
		st = lrm_xapian_db_get_document(ls->s->db, docid, &doc);
	if (!st)
		st = lrm_xapian_doc_get_data(doc, &data, NULL);
	if (st)
		ls->status = xerror(st, "looking for a link",
				    lrm_xapian_db_last_error(ls->s->db), ls->err);
	/* most papers lack the clue: they need no reading */
	else if (strcasestr(data, ls->clue))
		ls->status = lrm_index_doc_paper(doc, &one, ls->err);
	if (!ls->status && one.n_papers)
		ls->status = paper_has_link(&one.papers[0], ls->key, ls->clue, &has,
					    ls->err);
	if (has)
		ls->docid = docid;
	lrm_dataset_clear(&one);
	free(data);
	free(qterm);
	lrm_xapian_doc_destroy(doc);
	return ls->status || has;
}

/* The docid of the paper with TERM, or 0. */
static lrm_status_t
find_term(lrm_search_t *s, const char *prefix, const char *value,
	  unsigned *docid, lrm_error_t *err)
{
	char *term = malloc(strlen(prefix) + strlen(value) + 1);
	lrm_xapian_status_t st;

	*docid = 0;
	if (!term)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	sprintf(term, "%s%s", prefix, value);
	st = *value ? lrm_xapian_db_find_document(s->db, term, docid)
		    : LRM_XAPIAN_NOT_FOUND;
	free(term);
	if (st && st != LRM_XAPIAN_NOT_FOUND)
		return xerror(st, "looking a paper up",
			      lrm_xapian_db_last_error(s->db), err);
	return LRM_OK;
}

/* The docid of the paper with arXiv id ID (maybe "arXiv:" before it and
 * a version after it), or 0. */
static lrm_status_t
find_arxiv(lrm_search_t *s, const char *id, unsigned *docid, lrm_error_t *err)
{
	size_t n;
	char *norm = NULL;
	lrm_status_t status;

	*docid = 0;
	if (strncasecmp(id, "arxiv:", 6) == 0)
		id += 6;
	n = lrm_arxiv_id_length(id, strlen(id));
	if (!lrm_arxiv_id_valid(id, n))
		return LRM_OK;
	/* as the indexer writes it (lib/index.c's add_boolean()) */
	status = lrm_text_normalize(id, n, &norm, err);
	if (!status)
		status = find_term(s, LRM_PREFIX_ARXIV, norm, docid, err);
	free(norm);
	return status;
}

/* The docid of the paper with the link LINK, or 0. */
static lrm_status_t
find_link(lrm_search_t *s, const char *link, unsigned *docid,
	  lrm_error_t *err)
{
	enum lrm_arxiv_link kind;
	char *id = NULL, *version = NULL, *key = NULL;
	struct link_search ls = {.s = s, .err = err};
	lrm_xapian_status_t st;
	lrm_status_t status;

	*docid = 0;
	status = lrm_arxiv_link_parse(link, &kind, &id, &version, err);
	/* an arXiv link names the paper by its id, which the index holds
	 * for every listing that links arXiv */
	if (!status && kind == LRM_ARXIV_LINK_PAPER)
		status = find_arxiv(s, id, docid, err);
	else if (!status)
		status = link_key(link, &key, err);
	if (status || !key)
		goto cleanup;
	/* the clue: the key's last piece ("coconut", an OpenReview id) */
	ls.key = key;
	ls.clue = key + strlen(key);
	while (ls.clue > key && !strchr("/=", ls.clue[-1]))
		ls.clue--;
	st = lrm_xapian_db_each_term(s->db, LRM_PREFIX_ID, look_for_link, &ls);
	status = ls.status;
	if (!status && st)
		status = xerror(st, "looking for a link",
				lrm_xapian_db_last_error(s->db), err);
	*docid = ls.docid;
cleanup:
	free(id);
	free(version);
	free(key);
	return status;
}

/* The DOI TEXT names ("10.1007/s11633-025-1562-4", "doi:10...", or a
 * doi.org link), lowercased into *DOI; NULL when it names none. */
static lrm_status_t
doi_of(const char *text, char **doi, lrm_error_t *err)
{
	static const char *const forms[] = {"https://doi.org/", "http://doi.org/",
					    "https://dx.doi.org/",
					    "http://dx.doi.org/", "doi:"};
	const char *slash;

	*doi = NULL;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strncasecmp(text, forms[i], strlen(forms[i])) == 0) {
			text += strlen(forms[i]);
			break;
		}
	/* "10." a registrant of 4 to 9 digits, '/', a suffix */
	slash = strchr(text, '/');
	if (strncmp(text, "10.", 3) != 0 || !slash || slash - text < 7 ||
	    slash - text > 12 || strspn(text + 3, "0123456789.") <
				     (size_t)(slash - text - 3) ||
	    !slash[1] || strpbrk(text, " \t"))
		return LRM_OK;
	*doi = strdup(text);
	if (!*doi)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (char *c = *doi; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
	return LRM_OK;
}

/* The docid of the paper whose list links a page holding DOI, or 0. */
static lrm_status_t
find_doi(lrm_search_t *s, const char *doi, unsigned *docid, lrm_error_t *err)
{
	struct link_search ls = {.s = s, .clue = doi, .err = err};
	lrm_xapian_status_t st;

	*docid = 0;
	st = lrm_xapian_db_each_term(s->db, LRM_PREFIX_ID, look_for_link, &ls);
	if (!ls.status && st)
		return xerror(st, "looking for a DOI",
			      lrm_xapian_db_last_error(s->db), err);
	*docid = ls.docid;
	return ls.status;
}

lrm_status_t
lrm_search_like_find(lrm_search_t *s, const char *like, unsigned *docid,
		     lrm_error_t *err)
{
	lrm_status_t status = find_term(s, LRM_PREFIX_ID, like, docid, err);

	if (!status && !*docid)
		status = find_arxiv(s, like, docid, err);
	if (!status && !*docid)
		status = find_link(s, like, docid, err);
	if (!status && !*docid)
		status = lrm_error_set(
			err, LRM_ERR_INVALID,
			"no paper in the index is '%s': name one by its id (as "
			"lrmsearch --json shows it), its arXiv id (2503.23077) "
			"or a link to it that its list holds",
			like);
	return status;
}

/* The id and title of the paper DOCID into RES. */
static lrm_status_t
like_seed(lrm_search_t *s, unsigned docid, struct lrm_result *res,
	  lrm_error_t *err)
{
	struct lrm_dataset one = {0};
	lrm_status_t status = read_paper(s, docid, &one, err);

	if (!status) {
		res->like_id = strdup(one.papers[0].id);
		res->like_title = strdup(one.papers[0].title);
		if (!res->like_id || !res->like_title)
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	lrm_dataset_clear(&one);
	return status;
}

/* Whether the control character CP is white space a pasted text may
 * hold: tab, line feed, vertical tab, form feed, carriage return, next
 * line, line and paragraph separators. */
static int
is_space_control(long cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0x2028 ||
	       cp == 0x2029;
}

/* Check LEN bytes of TEXT as a request's LIKE_TEXT (lrm/search.h). */
static lrm_status_t
check_like_text(const char *text, size_t len, lrm_error_t *err)
{
	size_t at = 0, bad = 0;
	long cp = 0;

	if (len > LRM_LIKE_TEXT_MAX_BYTES)
		return lrm_error_set(err, LRM_ERR_LIMIT,
				     "the text is %zu bytes long; at most %d "
				     "are compared (an abstract, or a paper)",
				     len, LRM_LIKE_TEXT_MAX_BYTES);
	if (!lrm_text_valid_utf8(text, len, &bad))
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "the text is not valid UTF-8 (at byte %zu)",
				     bad);
	while ((at += lrm_text_find_control(text + at, len - at, &cp)) < len) {
		if (!is_space_control(cp))
			return lrm_error_set(err, LRM_ERR_PARSE,
					     "the text holds a control character "
					     "(U+%04lX) at byte %zu; only white "
					     "space may be there",
					     cp, at);
		at += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}
	return LRM_OK;
}

/* LEN bytes of TEXT as a document of no database, its words indexed as
 * the indexer indexes a field's (normalised, stemmed the same way). */
static lrm_status_t
like_text_document(const char *text, size_t len, lrm_xapian_doc_t **doc,
		   lrm_error_t *err)
{
	lrm_xapian_termgen_t *tg = NULL;
	char *norm = NULL;
	size_t pos = 0, start, wlen;
	lrm_xapian_status_t st;
	lrm_status_t status;

	*doc = NULL;
	status = check_like_text(text, len, err);
	if (!status)
		status = lrm_text_normalize(text, len, &norm, err);
	if (status)
		return status;
	if (!lrm_text_next_word(norm, strlen(norm), &pos, &start, &wlen)) {
		status = lrm_error_set(err, LRM_ERR_INVALID,
				       "the text holds no words to compare");
		goto cleanup;
	}
	st = lrm_xapian_doc_create(doc);
	if (!st)
		st = lrm_xapian_termgen_create(&tg);
	if (!st)
		st = lrm_xapian_termgen_set_stemmer(tg, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_termgen_set_stemming_strategy(tg,
							      LRM_XAPIAN_STEM_SOME);
	if (!st)
		st = lrm_xapian_termgen_set_document(tg, *doc);
	if (!st)
		st = lrm_xapian_termgen_index_text(tg, norm, strlen(norm), 1, NULL);
	if (st)
		status = xerror(st, "reading the text",
				tg ? lrm_xapian_termgen_last_error(tg)
				   : "out of memory",
				err);
cleanup:
	if (status) {
		lrm_xapian_doc_destroy(*doc);
		*doc = NULL;
	}
	lrm_xapian_termgen_destroy(tg);
	free(norm);
	return status;
}

/* *Q op OTHER into *Q. */
static lrm_xapian_status_t
narrow(lrm_xapian_query_t **q, lrm_xapian_op_t op,
       const lrm_xapian_query_t *other)
{
	lrm_xapian_query_t *both = NULL;
	lrm_xapian_status_t st = lrm_xapian_query_combine(op, *q, other, &both);

	if (!st) {
		lrm_xapian_query_destroy(*q);
		*q = both;
	}
	return st;
}

/* The papers like RSET's one document, but the paper SEED_ID (may be
 * NULL), that FILTER matches (NULL: all), into *OUT. */
static lrm_status_t
similar_query(lrm_search_t *s, const lrm_xapian_rset_t *rset,
	      const char *seed_id, const lrm_xapian_query_t *filter,
	      lrm_xapian_query_t **out, lrm_error_t *err)
{
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_eset_t *eset = NULL;
	lrm_xapian_query_t *seed = NULL;
	const char *terms[LRM_LIKE_TERMS];
	char *qterm = NULL;
	unsigned n = 0;
	lrm_xapian_status_t st;
	lrm_status_t status = LRM_OK;

	*out = NULL;
	st = lrm_xapian_enquire_create(s->db, &enq);
	if (!st)
		st = lrm_xapian_enquire_get_eset(enq, rset, LRM_LIKE_TERMS,
						 LIKE_STEMS, 2, &eset);
	for (; !st && n < lrm_xapian_eset_size(eset) && n < LRM_LIKE_TERMS; n++)
		st = lrm_xapian_eset_term(eset, n, &terms[n], NULL, NULL);
	if (!st)
		st = lrm_xapian_query_terms(LRM_XAPIAN_OP_OR, terms, n, out);
	/* a paper is not like itself */
	if (!st && seed_id) {
		qterm = malloc(strlen(LRM_PREFIX_ID) + strlen(seed_id) + 1);
		if (!qterm)
			st = LRM_XAPIAN_NO_MEMORY;
		else
			sprintf(qterm, "%s%s", LRM_PREFIX_ID, seed_id);
		if (!st)
			st = lrm_xapian_query_term(qterm, &seed);
		if (!st)
			st = narrow(out, LRM_XAPIAN_OP_AND_NOT, seed);
	}
	if (!st && filter)
		st = narrow(out, LRM_XAPIAN_OP_FILTER, filter);
	if (st) {
		status = xerror(st, "finding similar papers",
				enq ? lrm_xapian_enquire_last_error(enq)
				    : lrm_xapian_db_last_error(s->db),
				err);
		lrm_xapian_query_destroy(*out);
		*out = NULL;
	}
	lrm_xapian_query_destroy(seed);
	free(qterm);
	lrm_xapian_eset_destroy(eset);
	lrm_xapian_enquire_destroy(enq);
	return status;
}

static lrm_status_t
like_query(lrm_search_t *s, const struct lrm_search_request *req,
	   struct lrm_query *q, struct lrm_result *res, lrm_error_t *err)
{
	lrm_xapian_rset_t *rset = NULL;
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_query_t *similar = NULL;
	unsigned docid = 0;
	lrm_status_t status;

	if (req->like && req->like_text)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "papers like a paper or like a text, not "
				     "both at once");
	if (lrm_xapian_rset_create(&rset))
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	if (req->like) {
		status = lrm_search_like_find(s, req->like, &docid, err);
		if (!status)
			status = like_seed(s, docid, res, err);
		if (!status && lrm_xapian_rset_add_document(rset, docid))
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	} else {
		status = like_text_document(req->like_text, req->like_text_len,
					    &doc, err);
		if (!status && lrm_xapian_rset_add_outside_document(rset, doc))
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	if (!status)
		status = similar_query(s, rset, res->like_id,
				       q->empty ? NULL : q->xq, &similar, err);
	if (!status) {
		lrm_xapian_query_destroy(q->xq);
		q->xq = similar;
		/* the query only filters: its spelling is not the point,
		 * and papers with only some of its words are no match */
		free(q->corrected);
		q->corrected = NULL;
		lrm_xapian_query_destroy(q->loose);
		q->loose = NULL;
	}
	lrm_xapian_doc_destroy(doc);
	lrm_xapian_rset_destroy(rset);
	return status;
}
