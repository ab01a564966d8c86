/* lrm/arxiv.h - arXiv: its paper ids and links, and the API's answers
 * (Atom, read with libxml2). */
#ifndef LRM_ARXIV_H
#define LRM_ARXIV_H

#include <stddef.h>

#include "lrm/abstracts.h"
#include "lrm/error.h"

/* The most an answer may hold, in bytes of UTF-8 as the answer has them
 * once white space is squeezed: control characters are stripped after the
 * count, so zero-width padding counts too.  Each is far above what arXiv
 * sends (abstracts are at most 1,920 characters, titles a few hundred, the
 * largest collaborations list about 5,000 authors) and low enough that a
 * batch cannot fill memory or make a cache the reader refuses.  An answer
 * that passes any of them is refused whole (LRM_ERR_INVALID). */
#define LRM_ARXIV_MAX_ID 256	       /* <id>: the abs URL with its version */
#define LRM_ARXIV_MAX_TITLE 2048       /* <title> */
#define LRM_ARXIV_MAX_ABSTRACT 16384   /* <summary>, also an error's message */
#define LRM_ARXIV_MAX_AUTHOR 512       /* one <author><name> */
#define LRM_ARXIV_MAX_AUTHORS 10000    /* <author>s of one entry */
#define LRM_ARXIV_MAX_COMMENT 4096     /* <arxiv:comment> */
#define LRM_ARXIV_MAX_JOURNAL_REF 1024 /* <arxiv:journal_ref> */
#define LRM_ARXIV_MAX_DOI 1024	       /* <arxiv:doi> */
#define LRM_ARXIV_MAX_CATEGORY 64      /* <arxiv:primary_category term=...> */
#define LRM_ARXIV_MAX_DATE 64	       /* <published>, <updated> */
#define LRM_ARXIV_MAX_ENTRIES 2000     /* <entry>s, errors included */

/* The shape of an answer, checked on its bytes before libxml2 reads them
 * (lrm_arxiv_parse()): libxml2 2.9 compares a tag's attributes pairwise
 * and looks each name up among the namespaces in scope, and its tree takes
 * about 35 times the bytes of a run of empty elements, so an answer
 * within the size cap could otherwise take hours or gigabytes.  A "node"
 * is an element, an attribute, a comment, a processing instruction or a
 * CDATA section. */
#define LRM_ARXIV_MAX_ATTRIBUTES 32 /* in one tag; Atom's have at most 4 */
#define LRM_ARXIV_MAX_NAMESPACES 8  /* declared in one tag; arXiv's, 3 */
#define LRM_ARXIV_NODES_PER_ID (128 + 2 * LRM_ARXIV_MAX_AUTHORS)
#define LRM_ARXIV_NODES_SLACK 256   /* the feed's own elements */
#define LRM_ARXIV_MAX_NODES 1000000 /* whatever the batch: ~300 MB of tree */

/* The most nodes an answer for N_IDS ids may hold: LRM_ARXIV_NODES_SLACK
 * plus LRM_ARXIV_NODES_PER_ID for each id (an entry's elements and their
 * attributes, with room for a name and an <author> for each of
 * LRM_ARXIV_MAX_AUTHORS), and never more than LRM_ARXIV_MAX_NODES. */
size_t lrm_arxiv_max_nodes(size_t n_ids);

/* What an answer held: the papers, and the messages of the error entries
 * arXiv gives for ids it cannot serve ("incorrect id format for 1234"). */
struct lrm_arxiv_feed {
	struct lrm_abstracts entries;
	char **errors;
	size_t n_errors;
};

void lrm_arxiv_feed_clear(struct lrm_arxiv_feed *feed);

/* Parse LEN bytes of an Atom document from the arXiv API, its answer to a
 * request for N_IDS ids, into FEED (which must be zeroed), stamping each
 * entry's `fetched` with FETCHED.  Text has its white space squeezed and
 * its control characters (lrm_text.h: escapes, bidi overrides, zero-width
 * characters) stripped; ids are split from their version, and an entry
 * whose <id> is no link to a valid id (lrm_arxiv_link_parse()) is left
 * out, as one without an <id> is.  The answer is read as UTF-8 whatever
 * encoding it declares (arXiv sends UTF-8); one that starts as UTF-16,
 * UCS-4 or EBCDIC is malformed.
 *
 * Malformed XML (a truncated body, say) fails with LRM_ERR_PARSE and
 * "NAME:LINE:COLUMN: what libxml2 found": worth asking again.  A
 * well-formed answer that breaks a rule fails with LRM_ERR_INVALID and
 * says which, and asking again will not help: a DOCTYPE (arXiv never sends
 * one; its entities are how an answer explodes in memory, so the parser
 * stops as soon as it sees one), a field over its LRM_ARXIV_MAX_* cap
 * ("the entry for 2501.00001 has an abstract of 1048576 bytes ..."), more
 * than LRM_ARXIV_MAX_ENTRIES entries, a tag with more than
 * LRM_ARXIV_MAX_ATTRIBUTES attributes or LRM_ARXIV_MAX_NAMESPACES
 * namespace declarations, more than lrm_arxiv_max_nodes(N_IDS) nodes (the
 * last three before libxml2 reads anything).  LRM_ERR_NOMEM when libxml2
 * or we run out of memory, whatever libxml2 reported after that.  On
 * failure FEED is left empty.  No network access, no entity is ever
 * expanded, and libxml2 prints nothing: what it found is in ERR only. */
LRM_MUST_CHECK lrm_status_t
lrm_arxiv_parse(struct lrm_arxiv_feed *feed, const char *name, const char *xml,
		size_t len, size_t n_ids, const char *fetched, lrm_error_t *err);

/* Whether the LEN bytes at ID are an arXiv identifier, without version:
 * "2503.23077" (YYMM.NNNNN from 2015 on, YYMM.NNNN from 0704 to 1412, the
 * month 01 to 12) or "hep-th/9901001" (an archive, maybe with a subject
 * class, then YYMMNNN).  The one rule for an id, wherever one comes from:
 * a list's link, the dataset, an answer of the API. */
int lrm_arxiv_id_valid(const char *id, size_t len);

/* How many of the LEN bytes at ID are the id without its version: LEN,
 * or less a trailing "vN" ("2503.23077v2" is 10).  The bytes need not be
 * an id (lrm_arxiv_id_valid() says whether the rest is one). */
size_t lrm_arxiv_id_length(const char *id, size_t len);

/* What a link says about an arXiv paper (lrm_arxiv_link_parse()). */
enum lrm_arxiv_link {
	LRM_ARXIV_LINK_NONE,	  /* not a link to arxiv.org */
	LRM_ARXIV_LINK_PAPER,	  /* a paper's page: its id */
	LRM_ARXIV_LINK_MALFORMED, /* arxiv.org, but no valid paper id */
};

/* Read the arXiv paper URL links to: an http or https link to arxiv.org
 * or a subdomain ("export.arxiv.org"), to /abs/, /pdf/, /html/ or
 * /format/ and an id, maybe with a version ("v2"), a trailing slash, a
 * ".pdf", a query or a fragment ("https://arxiv.org/pdf/2503.23077v2.pdf",
 * or the API's "http://arxiv.org/abs/2503.23077v2").  URL may be NULL.
 *
 * *KIND says which it is.  For LRM_ARXIV_LINK_PAPER, *ID is the id
 * (lrm_arxiv_id_valid()) and *VERSION the version or NULL; for
 * LRM_ARXIV_LINK_MALFORMED, *ID is the text where an id was expected
 * ("2502.155892", or "/list/cs.CL/recent" for a page that is no paper's)
 * and *VERSION NULL; else both are NULL.  Both are malloc()ed, for the
 * caller to free.  Fails only when out of memory (LRM_ERR_NOMEM, *KIND
 * LRM_ARXIV_LINK_NONE, *ID and *VERSION NULL). */
LRM_MUST_CHECK lrm_status_t
lrm_arxiv_link_parse(const char *url, enum lrm_arxiv_link *kind, char **id,
		     char **version, lrm_error_t *err);

#endif /* LRM_ARXIV_H */
