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

struct lrm_abstracts {
	struct lrm_abstract *items;
	size_t n;
};

void lrm_abstract_clear(struct lrm_abstract *abstract);
void lrm_abstracts_clear(struct lrm_abstracts *abstracts);

/* Append a zeroed record; NULL when out of memory.  Pointers to earlier
 * records may move. */
struct lrm_abstract *lrm_abstracts_add(struct lrm_abstracts *abstracts);

/* Clear and drop the records from the Nth on (N at most ABSTRACTS->n):
 * what a fetch added in a batch it then cannot save. */
void lrm_abstracts_truncate(struct lrm_abstracts *abstracts, size_t n);

/* Add NAME (copied) to ABSTRACT's authors; 0 on success, -1 when out of
 * memory. */
int lrm_abstract_add_author(struct lrm_abstract *abstract, const char *name);

/* The record for ARXIV (an id without version), or NULL. */
struct lrm_abstract *lrm_abstracts_find(const struct lrm_abstracts *abstracts,
					const char *arxiv);

/* Replace (or add) the record with FROM's arxiv id by FROM, whose contents
 * move into the cache (FROM is left zeroed).  -1 when out of memory. */
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
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_load(struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err);
LRM_MUST_CHECK lrm_status_t
lrm_abstracts_parse(struct lrm_abstracts *abstracts, const char *name,
		    const char *text, size_t len, lrm_error_t *err);

#endif /* LRM_ABSTRACTS_H */
