/* lrm/arxiv.h - reading the arXiv API's answers (Atom, with libxml2). */
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
 * characters) stripped; ids are split from their version.  The answer is
 * read as UTF-8 whatever encoding it declares (arXiv sends UTF-8); one
 * that starts as UTF-16, UCS-4 or EBCDIC is malformed.
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

/* Split "http://arxiv.org/abs/2503.23077v2" (or a bare "2503.23077v2")
 * into a malloc()ed id and version (NULL when none).  0 on success, -1
 * when out of memory or when TEXT holds no id. */
int lrm_arxiv_split_id(const char *text, char **id, char **version);

#endif /* LRM_ARXIV_H */
