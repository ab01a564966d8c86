/* lrm/query.h - the query language: checking, normalising and parsing what
 * a user types into a Xapian query.
 *
 * Everything about how a query is read lives in lib/query.c and nowhere
 * else: the operator list, the checks that refuse what Xapian's parser
 * would quietly guess at, the rewrite of a query that only excludes, the
 * parser's flags and its set-up (stemming, the field table).  A refused
 * query comes back as LRM_ERR_QUERY with the byte offset where it went
 * wrong, so that any front end can point at it.
 *
 * Memory: strings a function returns are malloc()ed and the caller's;
 * lrm_query_clear() frees what a struct lrm_query holds.
 */
#ifndef LRM_QUERY_H
#define LRM_QUERY_H

#include <stddef.h>

#include "lrm/error.h"
#include "lrm/xapian.h"

/* Longer queries are refused: no search needs them, and parsing them
 * could take long.  Operators do not count as words. */
#define LRM_QUERY_MAX_BYTES 65536
#define LRM_QUERY_MAX_WORDS 1000

/* Whether the LEN bytes at S are one of the query parser's operators:
 * AND, OR, NOT, XOR, NEAR, ADJ, or NEAR/n and ADJ/n (n digits).  They are
 * not words: they are not normalised, nor counted as words of a query. */
int lrm_query_is_operator(const char *s, size_t len);

/* lrm_text_normalize() for a query: the same, except that the operators,
 * written in capitals as words of their own, stay capitals so the parser
 * still sees them.  *OUT is malloc()ed.  Invalid UTF-8 is LRM_ERR_PARSE. */
LRM_MUST_CHECK lrm_status_t
lrm_query_normalize(const char *query, size_t len, char **out,
		    lrm_error_t *err);

/* Refuse, before parsing, what Xapian's parser would quietly guess at: a
 * query longer than LRM_QUERY_MAX_BYTES or of more than
 * LRM_QUERY_MAX_WORDS words, control characters, an unclosed quote or
 * bracket, a stray ')', a filter value that cannot match ("year:abc",
 * "code:maybe").  LRM_OK, or LRM_ERR_QUERY with the reason in ERR and its
 * byte offset in QUERY in *AT. */
LRM_MUST_CHECK lrm_status_t lrm_query_check(const char *query, size_t *at,
					    lrm_error_t *err);

/* A query parser for DB: English stemming (LRM_STEM_LANGUAGE), words
 * ANDed, common English words ignored, the prefixes and ranges of the
 * field table (lrm/fields.h).  DB must outlive it. */
LRM_MUST_CHECK lrm_status_t
lrm_query_parser_create(lrm_xapian_db_t *db, lrm_xapian_qparser_t **qp,
			lrm_error_t *err);

/* A parsed query. */
struct lrm_query {
	lrm_xapian_query_t *xq; /* what to match */
	char *normalized;	/* the query as parsed (lrm_query_normalize()) */
	char *corrected;	/* with LRM_QUERY_SPELLING, the query with
				 * its misspelt words corrected from the
				 * index's spelling data; NULL when no word
				 * needed it */
	int empty;		/* the query had no words: it matches every
				 * paper */
	lrm_xapian_query_t *loose; /* for a query of plain words (no
				    * operator, quote, bracket, + or -) of
				    * more than one word: the papers that
				    * match some of its words, to rank after
				    * those that match all (XQ); else NULL */
	char *ignored;		/* the common words ("in", "of") left out,
				 * joined by spaces; "" for none */
	char *pasted;		/* the query was an arXiv id or link: the
				 * id (XQ finds that paper); else NULL */
};

/* lrm_query_parse() flags. */
enum {
	LRM_QUERY_SPELLING = 1 << 0, /* fill in lrm_query.corrected */
};

/* Check (lrm_query_check()), normalise and parse TEXT with QP into *OUT:
 * an empty query matches every paper, one that only excludes ("-survey
 * -multimodal") every paper without those words, one of punctuation only
 * nothing.  Common English words are left out outside phrases (unless the
 * query has nothing else).  A query of plain words also gets
 * OUT->loose.  An arXiv id or link ("2501.12345v2",
 * "https://arxiv.org/pdf/2501.12345") finds the paper it names.  A query
 * Xapian cannot parse is LRM_ERR_QUERY with *AT where it most likely went
 * wrong (an unbalanced bracket, an operator with nothing on one side), or
 * the end of TEXT, unless it is plain words, which are then searched as
 * words (a pasted title with "..." or "A*").  On failure *OUT holds
 * nothing. */
LRM_MUST_CHECK lrm_status_t
lrm_query_parse(lrm_xapian_qparser_t *qp, const char *text, unsigned flags,
		struct lrm_query *out, size_t *at, lrm_error_t *err);

/* Free what Q holds and zero it; accepts a zeroed one. */
void lrm_query_clear(struct lrm_query *q);

#endif /* LRM_QUERY_H */
