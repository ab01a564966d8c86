/* lrm/search.h - searching an index: the engine behind lrmsearch, the
 * benchmark and the fuzzer, in the manner of notmuch's notmuch_query_*.
 *
 * Open an index once (lrm_search_open()), run requests on it
 * (lrm_search_run()), each filling a result that the caller clears
 * (lrm_result_clear()), and close it.  A handle serves one thread at a
 * time; threads open their own.
 *
 * What a query means is lrm/query.h's business; how results are ranked is
 * decided here and nowhere else: BM25 (k1 1.2, b 0.5, field weights from
 * lrm/fields.h), ties (and an empty query, where every weight is 0) newest
 * first and then by paper id, so that the order never depends on the
 * order in which papers were indexed.  Sorted by the day papers were
 * added, each day's papers are ranked so too.
 *
 * Memory: a result owns everything it points to; lrm_result_clear() frees
 * it.  The strings of a hit stay valid until then.
 */
#ifndef LRM_SEARCH_H
#define LRM_SEARCH_H

#include <stddef.h>

#include "lrm/error.h"
#include "lrm/paper.h"
#include "lrm/xapian.h"

typedef struct lrm_search lrm_search_t;

/* Open the index in DIR (lrm_index_open(): its stub read by our own code,
 * only local glass generations), or with DIR NULL the default index
 * (lrm_sources_open_default(), which calls NOTIFY with CTX when it builds
 * it; NOTIFY may be NULL). */
LRM_MUST_CHECK lrm_status_t
lrm_search_open(const char *dir, void (*notify)(const char *message, void *ctx),
		void *ctx, lrm_search_t **search, lrm_error_t *err);

/* Close S; accepts NULL. */
void lrm_search_close(lrm_search_t *s);

/* How many papers the index holds. */
unsigned lrm_search_papers(const lrm_search_t *s);

/* Indexes up to this size always count matches exactly (a few ms at
 * most); above it only LRM_WANT_EXACT_COUNT does, and the total is
 * Xapian's estimate otherwise, so that top-k matching keeps it fast
 * (bench/README.md: at 100,000 papers exact counting made p99 five times
 * slower). */
#define LRM_SEARCH_EXACT_UP_TO 10000

/* Queries matching fewer papers than this may get a spelling
 * suggestion. */
#define LRM_SEARCH_SUGGEST_BELOW 3

/* The largest offset and limit. */
#define LRM_SEARCH_MAX_COUNT 1000000000u

/* Match spans in lrm_hit.title and .snippet are marked with these bytes,
 * which never occur in indexed text (control characters are stripped at
 * import). */
#define LRM_HI_START '\x01'
#define LRM_HI_END '\x02'

enum lrm_sort {
	LRM_SORT_RELEVANCE, /* best first; ties newest first */
	LRM_SORT_DATE,	    /* newest first */
	LRM_SORT_ADDED,	    /* the newest additions to the corpus first
			     * (lrm_paper.added, by day); within a day as
			     * LRM_SORT_RELEVANCE; papers without it last */
};

/* What a request computes beside the hits (flags). */
enum lrm_want {
	LRM_WANT_EXACT_COUNT = 1 << 0, /* count every match, however large
					* the index */
	LRM_WANT_FACETS = 1 << 1,      /* matches by year, venue, section,
					* list (implies an exact count) */
	LRM_WANT_SNIPPETS = 1 << 2,    /* titles with match spans marked and
					* a marked snippet of each abstract */
	LRM_WANT_SUGGESTION = 1 << 3,  /* a better spelled query, when the
					* query matches little */
	LRM_WANT_AUTOCORRECT = 1 << 4, /* with LRM_WANT_SUGGESTION: when
					* nothing matches and a suggestion
					* does, its results instead
					* (lrm_result.results_for) */
};

struct lrm_search_request {
	const char *query; /* as typed (lrm/query.h); "" matches all */
	unsigned offset;   /* hits to skip */
	unsigned limit;	   /* hits to return at most; 0: count only */
	enum lrm_sort sort;
	unsigned want;	   /* enum lrm_want flags */
	/* Papers like one paper, or like a text, instead of papers that
	 * match QUERY, which then only filters them: see "More like this"
	 * below.  At most one of the two; both NULL for a plain search. */
	const char *like;      /* a paper of the index, named as
				* lrm_search_like_find() reads it */
	const char *like_text; /* LIKE_TEXT_LEN bytes of UTF-8 */
	size_t like_text_len;
};

/* Snippets of the abstract: about two lines. */
#define LRM_SNIPPET_BYTES 240

struct lrm_hit {
	unsigned rank;			/* 1 for the best match overall */
	double score;			/* BM25 weight */
	const struct lrm_paper *paper;	/* the paper's record */
	char *title;	/* the title; with LRM_WANT_SNIPPETS its match spans
			 * marked */
	char *snippet;	/* with LRM_WANT_SNIPPETS, a piece of the abstract
			 * around the matches, marked; else NULL, and NULL
			 * when the paper has no abstract */
	char **authors; /* the authors' names (from the abstracts cache;
			 * those its lists give are in its listings) */
	size_t n_authors;
	int partial;	/* it matches some of the query's words, not all:
			 * ranked after every paper that matches all */
	struct lrm_dataset record; /* owns *paper */
};

enum lrm_facet_kind {
	LRM_FACET_YEAR,	   /* by year, newest first */
	LRM_FACET_VENUE,   /* by venue, most matches first, then by name */
	LRM_FACET_SECTION, /* by section of the list, likewise */
	LRM_FACET_LIST,	   /* by list that holds it, likewise */
	LRM_FACET_KINDS,
};

/* "year", "venue", "section", "list". */
extern const char *const lrm_facet_names[LRM_FACET_KINDS];

struct lrm_facet {
	char *value;
	unsigned count; /* matching papers with this value */
};

struct lrm_facets {
	struct lrm_facet *items;
	size_t n;
};

/* A query of plain words (no operator, quote, bracket, + or -) finds
 * the papers that match all its words first; when they do not fill the
 * page asked for, the papers that match some of the words follow, ranked
 * after all of them (lrm_hit.partial), and count in the total.  A count
 * alone (limit 0), or a page the first fill, costs no more than the
 * strict query.  Common English words are left out of queries outside
 * phrases. */
struct lrm_result {
	unsigned total;	  /* papers that match: every word, and some of the
			   * words when those were searched (above) */
	unsigned all_words; /* of them, those that match every word */
	int exact;	  /* total is exact, not Xapian's estimate */
	char *suggestion; /* a better spelled query that matches clearly
			   * more (normalised), or NULL */
	char *results_for; /* with LRM_WANT_AUTOCORRECT: the query whose
			    * results these are (the suggestion), as the
			    * query itself matched nothing; else NULL */
	char *ignored;	  /* the common words left out of the query,
			   * joined by spaces; "" for none */
	struct lrm_hit *hits;
	size_t n_hits;
	struct lrm_facets facets[LRM_FACET_KINDS]; /* with LRM_WANT_FACETS */
	size_t error_at; /* after LRM_ERR_QUERY: the byte of the query where
			  * it went wrong (its length: at the end) */
	char *like_id;	  /* with a request's LIKE: the paper's id */
	char *like_title; /* and its title */
};

/* Run REQ on S into *RES (zeroed first; clear it even on failure).  A
 * query that cannot be parsed is LRM_ERR_QUERY, with why in ERR and where
 * in RES->error_at; a damaged index is LRM_ERR_INDEX with a message that
 * says how to rebuild it. */
LRM_MUST_CHECK lrm_status_t
lrm_search_run(lrm_search_t *s, const struct lrm_search_request *req,
	       struct lrm_result *res, lrm_error_t *err);

/* Free what RES holds and zero it; accepts a zeroed one. */
void lrm_result_clear(struct lrm_result *res);

/* Whether any paper of S has a term in the field NAME (a name of
 * lrm/fields.h's table, e.g. "abstract"), in *INDEXED: an index built
 * without the abstracts cache has none for abstract: and author:, so a
 * front end can say why they find nothing. */
LRM_MUST_CHECK lrm_status_t
lrm_search_field_indexed(lrm_search_t *s, const char *name, int *indexed,
			 lrm_error_t *err);

/* ------------------------------------------------------------------ */
/* More like this                                                     */
/* ------------------------------------------------------------------ */

/* A request with LIKE or LIKE_TEXT ranks papers by how much they have in
 * common with that paper or text, in the manner of arxiv-sanity-lite's
 * "similar" and with Xapian's relevance feedback: the paper (or the
 * text, as a document beside the index) is the one relevant document,
 * Xapian's expand set gives the LRM_LIKE_TERMS stems of words that best
 * tell it from the other papers (words of the title, the abstract, the
 * authors' names and the sections alike, a title word counting as the
 * index weighs it; stems no other paper shares are left out), and the
 * papers that hold any of them are ranked by BM25 as for a query.  The
 * paper itself is never among them.  A QUERY given too filters them: a
 * paper must match it (as a search for it would find it), and its
 * words add nothing to the ranking.  No spelling suggestion is made.
 *
 * A paper that is not in the index is LRM_ERR_INVALID, with a message
 * that says what LIKE may be; a text that is not valid UTF-8, or that
 * holds control characters other than white space (tabs, line breaks),
 * is LRM_ERR_PARSE with the byte offset in the message, a longer one
 * LRM_ERR_LIMIT, one without words LRM_ERR_INVALID. */
#define LRM_LIKE_TERMS 40

/* A text to find papers like holds at most this many bytes: an
 * abstract, or the whole text of a paper, but not a book. */
#define LRM_LIKE_TEXT_MAX_BYTES (1024 * 1024)

/* The docid of the paper LIKE names, in *DOCID: its id (as lrmsearch
 * --json shows it), its arXiv id ("2503.23077", with or without a
 * version, "arXiv:" before it or not), or a link to it that its list
 * holds, as its paper or its code: any arXiv link to it (abs, pdf, html,
 * with a version; lrm_arxiv_link_parse()), and other links as written,
 * but for the scheme, "www.", a trailing '/' and the case of the host
 * (an OpenReview "pdf?id=" link is its "forum?id=" link; a GitHub link
 * names its repository, so ".../tree/main" is the repository).  Not
 * found: LRM_ERR_INVALID, saying so. */
LRM_MUST_CHECK lrm_status_t lrm_search_like_find(lrm_search_t *s,
						  const char *like,
						  unsigned *docid,
						  lrm_error_t *err);

#endif /* LRM_SEARCH_H */
