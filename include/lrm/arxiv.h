/* lrm/arxiv.h - reading the arXiv API's answers (Atom, with libxml2). */
#ifndef LRM_ARXIV_H
#define LRM_ARXIV_H

#include <stddef.h>

#include "lrm/abstracts.h"
#include "lrm/error.h"

/* What an answer held: the papers, and the messages of the error entries
 * arXiv gives for ids it cannot serve ("incorrect id format for 1234"). */
struct lrm_arxiv_feed {
	struct lrm_abstracts entries;
	char **errors;
	size_t n_errors;
};

void lrm_arxiv_feed_clear(struct lrm_arxiv_feed *feed);

/* Parse LEN bytes of an Atom document from the arXiv API into FEED (which
 * must be zeroed), stamping each entry's `fetched` with FETCHED.  Titles
 * and abstracts have their white space normalised; ids are split from
 * their version.  Malformed XML (a truncated body, say) fails with
 * LRM_ERR_PARSE and "NAME:LINE:COLUMN: what libxml2 found"; FEED is then
 * left empty.  No network access and no external entities, ever. */
LRM_MUST_CHECK lrm_status_t
lrm_arxiv_parse(struct lrm_arxiv_feed *feed, const char *name, const char *xml,
		size_t len, const char *fetched, lrm_error_t *err);

/* Split "http://arxiv.org/abs/2503.23077v2" (or a bare "2503.23077v2")
 * into a malloc()ed id and version (NULL when none).  0 on success, -1
 * when out of memory or when TEXT holds no id. */
int lrm_arxiv_split_id(const char *text, char **id, char **version);

#endif /* LRM_ARXIV_H */
