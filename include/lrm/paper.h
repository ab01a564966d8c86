/* lrm/paper.h - the paper record and the dataset that holds them.
 *
 * A paper is one distinct work (matched by its normalised title).  Each
 * time a list shows it - in a section, with a venue and a date - is a
 * listing; a paper keeps every listing, so the same paper in several
 * sections, or as a preprint and as its journal version, is one record
 * that loses nothing.
 *
 * All strings are malloc()ed UTF-8 owned by the record; NULL means absent.
 */
#ifndef LRM_PAPER_H
#define LRM_PAPER_H

#include <stddef.h>

#include "lrm/error.h"

/* One table row of a list that shows the paper. */
struct lrm_listing {
	char *source;	     /* the list's file name, e.g. "awesome.md" */
	char *list;	     /* the manifest's name of the list ("hemingkx"),
				NULL for a list imported by its path */
	unsigned line;	     /* 1-based line of the row in SOURCE */
	char *section;	     /* "Limitations and Challenges / Reasoning Safety" */
	char *date;	     /* "YYYY-MM" */
	char *venue;	     /* as written: "arXiv'25" */
	char *venue_name;    /* "arXiv" */
	int venue_year;	     /* 2025; 0 when the venue names no year */
	char *paper;	     /* the paper's URL */
	char *code;	     /* the code's URL */
	char *arxiv;	     /* "2503.23077" when PAPER is an arXiv link */
	char *arxiv_version; /* "v1" when the link names a version */
	char **authors;	     /* as the list gives them, in order */
	size_t n_authors;
};

struct lrm_paper {
	char *id;    /* stable and unique in a dataset: a slug of the title */
	char *title; /* as a reader sees it */
	char *added; /* "YYYY-MM-DD": the day it first entered the corpus */
	struct lrm_listing *listings;
	size_t n_listings;
};

struct lrm_dataset {
	struct lrm_paper *papers;
	size_t n_papers;
};

/* Free what LISTING, PAPER or DATASET own (not the struct itself); each
 * accepts NULL and leaves the struct zeroed. */
void lrm_listing_clear(struct lrm_listing *listing);
void lrm_paper_clear(struct lrm_paper *paper);
void lrm_dataset_clear(struct lrm_dataset *dataset);

/* Append a zeroed paper / listing; returns it, or NULL when out of memory.
 * Pointers to earlier elements may move. */
struct lrm_paper *lrm_dataset_add_paper(struct lrm_dataset *dataset);
struct lrm_listing *lrm_paper_add_listing(struct lrm_paper *paper);

/* The name of the list that shows LISTING, as search shows it and
 * list:NAME finds it: the manifest's name (LISTING->list) when it has one,
 * else the base name of its source file without ".md" ("lists/foo.md"
 * is "foo").  A pointer into LISTING (*LEN bytes, not NUL-terminated
 * where it is cut from the file name); NULL with *LEN 0 when the listing
 * names neither. */
const char *lrm_listing_list_name(const struct lrm_listing *listing,
				  size_t *len);

/* The listing whose venue, date and links represent the paper: the first
 * listing with a published (non-preprint) venue, else the first one.
 * NULL only for a paper without listings. */
const struct lrm_listing *lrm_paper_primary(const struct lrm_paper *paper);

/* The paper's code link: the primary listing's when it is a real one (not
 * a link to a site of papers, lrm_url_paper_site(): a list's mistake),
 * else the first real one of another listing; NULL when no listing has
 * one.  Owned by PAPER. */
const char *lrm_paper_code(const struct lrm_paper *paper);

/* The paper's distinct sections, in listing order.  Fills up to MAX
 * pointers (owned by PAPER) and returns how many distinct sections there
 * are. */
size_t lrm_paper_sections(const struct lrm_paper *paper, const char **out,
			  size_t max);

/* ------------------------------------------------------------------ */
/* The YAML store (data/papers.yaml)                                  */
/* ------------------------------------------------------------------ */

/* The file is "format: lrmsearch-papers/2", then 'papers', then
 * 'count: N', the number of papers, written last: a copy that lacks it or
 * disagrees with it was cut short, and reading it fails ("the dataset is
 * not whole").  Files of format 1, written by older versions, are refused
 * with a message that says to import the lists again. */

/* Write DATASET as YAML to PATH, atomically: a temporary file in the same
 * directory, fsync(), rename().  On failure PATH is untouched.  The same
 * dataset always gives byte-identical output.  A symbolic link is followed
 * (its target is replaced, keeping its permissions); an existing PATH that
 * is not a regular file, or not empty and not a dataset (its 'format' is
 * not "lrmsearch-papers/..."), is refused with LRM_ERR_INVALID. */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_save(const struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err);

/* Whether lrm_dataset_save() could write PATH (a new file, an empty one
 * or a dataset; links followed); fails with the message the save would
 * give.  `lrmindex import` asks before it reads PATH as the previous
 * dataset. */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_check_save(const char *path, lrm_error_t *err);

/* The same YAML into a malloc()ed buffer (*OUT, *LEN bytes, NUL-terminated). */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_emit(const struct lrm_dataset *dataset, char **out, size_t *len,
		 lrm_error_t *err);

/* Read a dataset from PATH into DATASET (which must be zeroed).  Malformed
 * YAML, aliases, wrong types, unknown or duplicate keys and missing
 * required fields fail with "PATH:LINE:COLUMN: what was expected"; on
 * failure DATASET is left empty. */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_load(struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err);

/* As lrm_dataset_load, from LEN bytes of TEXT; NAME is used in messages. */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_parse(struct lrm_dataset *dataset, const char *name,
		  const char *text, size_t len, lrm_error_t *err);

/* DATASET in the packed form an index keeps for each paper (see
 * lib/store.h): the same content as the YAML, read back many times
 * faster.  Into a malloc()ed buffer (*OUT, *LEN bytes, NUL-terminated). */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_pack(const struct lrm_dataset *dataset, char **out, size_t *len,
		 lrm_error_t *err);

/* Read what lrm_dataset_pack() wrote; NAME is used in messages.  On
 * failure DATASET is left empty. */
LRM_MUST_CHECK lrm_status_t
lrm_dataset_unpack(struct lrm_dataset *dataset, const char *name,
		   const char *data, size_t len, lrm_error_t *err);

#endif /* LRM_PAPER_H */
