/* indexer/merge.h - the rows of many lists as one dataset of papers.
 *
 * Rows are one paper when their titles have the same identity key
 * (lrm_text_key()), or when they carry the same arXiv id (the version
 * ignored) and their titles are not clearly different papers
 * (lrm_merge_same_title()).  Rows sharing an arXiv id under titles that
 * are clearly different stay apart: the lists do hold misattributed
 * links.  Either case is noted, for `lrmindex lint`. */
#ifndef LRM_INDEXER_MERGE_H
#define LRM_INDEXER_MERGE_H

#include <stddef.h>

#include "list.h"
#include "lrm/error.h"
#include "lrm/paper.h"

enum lrm_merge_kind {
	LRM_MERGE_RETITLED,	 /* one arXiv id, two titles: merged */
	LRM_MERGE_MISATTRIBUTED, /* one arXiv id, clearly different
				    papers: kept apart */
};

/* Two rows that share an arXiv id under different titles.  ROW and OTHER
 * point into the lists given to lrm_list_merge_noted(), which must outlive
 * the note; LIST and OTHER_LIST are their indexes there.  OTHER came
 * first. */
struct lrm_merge_note {
	enum lrm_merge_kind kind;
	const struct lrm_row *row;
	const struct lrm_row *other;
	size_t list, other_list;
};

struct lrm_merge_notes {
	struct lrm_merge_note *notes; /* in the order of ROW */
	size_t n_notes;
};

/* lrm_list_merge() that also records, in NOTES (zeroed; may be NULL),
 * each title that met an arXiv id under another title: one note per
 * paper and id, against the first row that carried the id (for a merge,
 * against a row of the paper it joined).  On failure NOTES is left
 * empty. */
LRM_MUST_CHECK lrm_status_t
lrm_list_merge_noted(struct lrm_dataset *dataset, const struct lrm_list *lists,
		     size_t n_lists, struct lrm_merge_notes *notes,
		     lrm_error_t *err);

void lrm_merge_notes_clear(struct lrm_merge_notes *notes);

/* Whether titles A and B, given for the same arXiv id, are the same
 * paper: 1 when one's identity key starts with the other's (a subtitle or
 * a tag such as "(SoT)" added), or when they share at least two content
 * words and these are at least two thirds of the shorter title's and half
 * of the longer one's; 0 when they are clearly different papers; -1 when
 * out of memory.  Content words are the normalised words less English
 * function words ("of", "via") and the field's own ("language", "model",
 * "reasoning", "efficient"), a plural 's' dropped. */
int lrm_merge_same_title(const char *a, const char *b);

/* Give each paper of DATASET the day it first entered the corpus: the
 * 'added' of the paper of PREVIOUS (may be NULL) it matches - by id, else
 * by an arXiv id, else by title key - and TODAY ("YYYY-MM-DD") for a
 * paper that matches none, or one whose match has no day.  Sets *N_NEW
 * (may be NULL) to the number of papers that got TODAY. */
LRM_MUST_CHECK lrm_status_t
lrm_merge_keep_added(struct lrm_dataset *dataset,
		     const struct lrm_dataset *previous, const char *today,
		     size_t *n_new, lrm_error_t *err);

#endif /* LRM_INDEXER_MERGE_H */
