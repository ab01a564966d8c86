/* indexer/list.h - reading awesome-list Markdown: tables of papers under
 * section headings.  Used by `lrmindex import` and `lrmindex lint`. */
#ifndef LRM_INDEXER_LIST_H
#define LRM_INDEXER_LIST_H

#include <stddef.h>

#include "lrm/error.h"
#include "lrm/paper.h"

/* One table row that names a paper. */
struct lrm_row {
	struct lrm_listing listing; /* where, when, which venue, links */
	char *title;		    /* as a reader sees it; NULL if empty */
	char *key;		    /* identity key of the title (lrm_text_key) */
};

/* Something a list's maintainers should fix. */
struct lrm_problem {
	unsigned line;
	unsigned column; /* 1-based, in characters; 0 when the whole line */
	char *message;
};

struct lrm_list {
	char *source; /* the list's file name, as listings record it */
	struct lrm_row *rows;
	size_t n_rows;
	struct lrm_problem *problems;
	size_t n_problems;
	size_t n_unread; /* entries that cite a paper but were not read */
};

/* Parse LEN bytes of Markdown TEXT, the list named SOURCE, into LIST (which
 * must be zeroed).  Problems with single rows (a missing cell, a bad date,
 * a malformed arXiv id, a code link to a paper) are recorded in
 * LIST->problems and the row is kept.  Control characters (ESC, BEL, C1
 * controls, bidi overrides, zero-width characters: lrm_text_is_control())
 * in a title, date, venue, link or heading are removed, each recorded as a
 * problem at its column, so none reaches the dataset or a terminal.  Only text that cannot be read at
 * all fails: invalid UTF-8 (LRM_ERR_PARSE, "SOURCE:LINE:COLUMN: ...") or
 * lack of memory; LIST is then left empty. */
LRM_MUST_CHECK lrm_status_t
lrm_list_parse(struct lrm_list *list, const char *source, const char *text,
	       size_t len, lrm_error_t *err);

/* Read the list at PATH and parse it as lrm_list_parse does, with the
 * file's base name as its source.  An unreadable file, a directory or one
 * over 64 MiB fails with a message naming PATH. */
LRM_MUST_CHECK lrm_status_t
lrm_list_load(struct lrm_list *list, const char *path, lrm_error_t *err);

/* Add the problems that only show across rows: a URL shared by different
 * titles and a duplicate row.  Problems end up sorted by line. */
LRM_MUST_CHECK lrm_status_t lrm_list_check(struct lrm_list *list,
					   lrm_error_t *err);

void lrm_list_clear(struct lrm_list *list);

/* Merge the rows of N_LISTS lists into DATASET (which must be zeroed):
 * one paper per identity key, and per arXiv id unless the titles are
 * clearly different papers (indexer/merge.h, which defines it), in order
 * of first appearance, each keeping every listing.  Rows without a title
 * are skipped (lint reports them). */
LRM_MUST_CHECK lrm_status_t
lrm_list_merge(struct lrm_dataset *dataset, const struct lrm_list *lists,
	       size_t n_lists, lrm_error_t *err);

/* Exposed for tests: the pieces a row is made of. */

/* Markdown inline text as a reader sees it: emphasis and code marks
 * dropped, links replaced by their text, HTML tags dropped, common entities
 * and backslash escapes resolved, white space collapsed.  malloc()ed. */
char *lrm_list_inline_text(const char *text, size_t len);

/* "2025.03" (or 2025-03, 2025/3) to "2025-03" in OUT[8]; 0 on failure. */
int lrm_list_parse_date(const char *text, char out[8]);

/* Split a venue "arXiv'25" into its name ("arXiv", malloc()ed) and year
 * (2025; 0 when it names none). */
char *lrm_list_split_venue(const char *venue, int *year);

#endif /* LRM_INDEXER_LIST_H */
