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
	LRM_MERGE_RETITLED,      /* one arXiv id, two titles: merged */
	LRM_MERGE_MISATTRIBUTED, /* one arXiv id, clearly different
	                            papers: kept apart */
};

/* Two rows that share an arXiv id under different titles.  ROW and OTHER
 * point into the lists given to lrm_list_merge_report(), which must outlive
 * the note; LIST and OTHER_LIST are their indexes there.  OTHER came
 * first. */
struct lrm_merge_note {
	enum lrm_merge_kind kind;
	const struct lrm_row *row;
	const struct lrm_row *other;
	size_t list, other_list;
};

/* What a merge saw besides the papers. */
struct lrm_merge_report {
	struct lrm_merge_note *notes; /* in the order of ROW */
	size_t n_notes;
	size_t *papers; /* papers[i]: how many papers list i holds */
	size_t n_lists;
};

/* lrm_list_merge() that also fills REPORT (may be NULL): how many papers
 * each list holds, and each title that met an arXiv id under another
 * title: one note per paper and id, against the first row that carried
 * the id (for a merge, against a row of the paper it joined).  On failure
 * REPORT is left empty. */
LRM_MUST_CHECK lrm_status_t lrm_list_merge_report(
    struct lrm_dataset *dataset, const struct lrm_list *lists, size_t n_lists,
    struct lrm_merge_report *report, lrm_error_t *err);

void lrm_merge_report_clear(struct lrm_merge_report *report);

/* Whether titles A and B, given for the same arXiv id, are the same
 * paper: 1 when the words of one begin the other's (a subtitle or a tag
 * such as "(SoT)" added), or when they share at least two content
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
LRM_MUST_CHECK lrm_status_t lrm_merge_keep_added(
    struct lrm_dataset *dataset, const struct lrm_dataset *previous,
    const char *today, size_t *n_new, lrm_error_t *err);

/* ------------------------------------------------------------------ */
/* The lists a corpus is made of                                      */
/* ------------------------------------------------------------------ */

/* Where `lrmindex import` and `lint` find the manifest of lists when
 * given no list, relative to the working directory. */
#ifndef LRM_DEFAULT_MANIFEST
#define LRM_DEFAULT_MANIFEST "data/lists.yaml"
#endif

/* A list to read: a path given on the command line (NAME NULL), or one of
 * a manifest's lists (PATH joined to the manifest's directory). */
struct lrm_list_source {
	char *path;
	char *name;
};

struct lrm_list_sources {
	struct lrm_list_source *items;
	size_t n;
};

/* SOURCES (zeroed) from the N paths of PATHS. */
LRM_MUST_CHECK lrm_status_t
lrm_list_sources_from_paths(struct lrm_list_sources *sources,
                            char *const *paths, size_t n, lrm_error_t *err);

/* SOURCES (zeroed) from the lists of the manifest at MANIFEST
 * (lrm_manifest_load()'s errors; a manifest of no list fails too). */
LRM_MUST_CHECK lrm_status_t lrm_list_sources_from_manifest(
    struct lrm_list_sources *sources, const char *manifest, lrm_error_t *err);

/* Load each source into LISTS (SOURCES->n of them, zeroed) with
 * lrm_list_load(), each row's listing taking the source's NAME as its
 * list.  On failure every list is cleared. */
LRM_MUST_CHECK lrm_status_t
lrm_list_sources_load(const struct lrm_list_sources *sources,
                      struct lrm_list *lists, lrm_error_t *err);

void lrm_list_sources_clear(struct lrm_list_sources *sources);

#endif /* LRM_INDEXER_MERGE_H */
