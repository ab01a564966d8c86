/* lrm/abstracts.h - what the arXiv API says about a paper, and the cache
 * that keeps it (data/abstracts.yaml).
 *
 * `lrmindex fetch` fills the cache; `lrmindex build` indexes abstracts and
 * authors from it.  All strings are malloc()ed UTF-8 owned by the record;
 * NULL means absent.
 */
#ifndef LRM_ABSTRACTS_H
#define LRM_ABSTRACTS_H

#include <stddef.h>

#include "lrm/error.h"

struct lrm_abstract {
	char *arxiv;	   /* "2503.23077" (required) */
	char *version;	   /* "v2" */
	char *title;	   /* white space normalised */
	char *abstract;	   /* the summary, white space normalised */
	char **authors;	   /* names, in order */
	size_t n_authors;
	char *published;   /* "2025-03-29T17:59:59Z" */
	char *updated;
	char *category;	   /* primary category: "cs.CL" */
	char *comment;
	char *journal_ref;
	char *doi;
	char *fetched;	   /* when it was fetched: "2026-11-26T05:40:00Z" (required) */
};

/* The records, in the order they were added or read (a fetch undoes a
 * batch by position), with an index by arXiv id beside them, so that a
 * lookup takes O(log n) comparisons: the build, fetch and the benchmark
 * all find abstracts through lrm_abstracts_find().  A zeroed struct is an
 * empty cache. */
struct lrm_abstracts {
	struct lrm_abstract *items;
	size_t n;
	/* Kept by the functions below, for them alone: the positions in
	 * ITEMS of the records with an id among the first N_INDEXED, sorted
	 * by id (and by position among equal ids). */
	size_t *by_id;
	size_t n_by_id;
	size_t n_indexed;
};

void lrm_abstract_clear(struct lrm_abstract *abstract);
void lrm_abstracts_clear(struct lrm_abstracts *abstracts);

/* Append a zeroed record for the caller to fill; NULL when out of memory.
 * Pointers to earlier records may move.  Its id, once set, is found by
 * lrm_abstracts_find() at once, but by a scan of the records added since
 * the last indexing, until lrm_abstracts_index() or lrm_abstracts_put()
 * indexes them. */
struct lrm_abstract *lrm_abstracts_add(struct lrm_abstracts *abstracts);

/* Index the records lrm_abstracts_add() appended (set their ids first:
 * an id given or changed later is not seen), in O(n log n) time at most:
 * after adding many records by hand.  0, or -1 when out of memory (the
 * records are still found, by a scan). */
int lrm_abstracts_index(struct lrm_abstracts *abstracts);

/* Clear and drop the records from the Nth on (N at most ABSTRACTS->n):
 * what a fetch added in a batch it then cannot save. */
void lrm_abstracts_truncate(struct lrm_abstracts *abstracts, size_t n);

/* Add NAME (copied) to ABSTRACT's authors; 0 on success, -1 when out of
 * memory. */
int lrm_abstract_add_author(struct lrm_abstract *abstract, const char *name);

/* The record for ARXIV (an id without version), or NULL: the first one
 * added, should lrm_abstracts_add() have made two.  O(log n) but for the
 * records not indexed yet (see lrm_abstracts_add()).  The pointer is valid
 * until the cache changes.  Replace a record's contents in place only
 * with the same id: the index is not told. */
struct lrm_abstract *lrm_abstracts_find(const struct lrm_abstracts *abstracts,
					const char *arxiv);

/* Replace (or add, at the end) the record with FROM's arxiv id by FROM,
 * whose contents move into the cache (FROM is left zeroed): O(log n)
 * comparisons, and a move of the index's entries after the new one.  -1
 * when out of memory (the cache is then as it was).  When FROM is a
 * record of another cache, that one has a record without an id now, and
 * lookups there must not run again before it is cleared: look up first,
 * then move. */
int lrm_abstracts_put(struct lrm_abstracts *abstracts,
		      struct lrm_abstract *from);

/* The YAML cache, written and read as the dataset is (see lrm/paper.h):
 * a stable order (records sorted by arxiv id), atomic replacement, and
 * "NAME:LINE:COLUMN: ..." errors on reading, with aliases refused.
 *
 *   format: lrmsearch-abstracts/2
 *   abstracts:
 *   - arxiv: "2503.23077"
 *     version: "v2"
 *     title: "..."
 *     abstract: "..."
 *     authors:
 *     - "Yue Liu"
 *     published: "2025-03-29T17:59:59Z"
 *     ...
 *     fetched: "2026-11-26T05:40:00Z"
 *   count: 1
 *
 * 'count', written last, is how many abstracts the file holds: a copy
 * that lacks it or disagrees with it was cut short and is refused. */
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_emit(const struct lrm_abstracts *abstracts, char **out,
		   size_t *len, lrm_error_t *err);
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_save(const struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err);
/* Whether lrm_abstracts_save() could write PATH (see lrm_store_save():
 * a new file, an empty one or a cache of ours; links followed); fails
 * with the message the save would give. */
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_check_save(const char *path, lrm_error_t *err);
/* Read a cache (see above) into ABSTRACTS, indexed by id: whatever it
 * held before is cleared first. */
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_load(struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err);
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_parse(struct lrm_abstracts *abstracts, const char *name,
		    const char *text, size_t len, lrm_error_t *err);

#endif /* LRM_ABSTRACTS_H */
