/* lib/abstracts.c - the abstracts cache and its YAML file (see
 * lrm/abstracts.h).  The file is written and read by lib/store.c, driven
 * by the tables here, as the dataset's is. */
#define _GNU_SOURCE /* qsort_r() */
#include "lrm/abstracts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* ------------------------------------------------------------------ */
/* The schema of data/abstracts.yaml                                  */
/* ------------------------------------------------------------------ */

#define ABSTRACT(member, kind, required)                                     \
	LRM_STORE_FIELD(lrm_abstract, member, kind, required)

static const struct lrm_store_field abstract_fields[] = {
	ABSTRACT(arxiv, LRM_STORE_STRING, 1),
	ABSTRACT(version, LRM_STORE_STRING, 0),
	ABSTRACT(title, LRM_STORE_STRING, 0),
	ABSTRACT(abstract, LRM_STORE_STRING, 0),
	LRM_STORE_SEQUENCE(lrm_abstract, authors, n_authors,
			   LRM_STORE_STRINGS, NULL, 0),
	ABSTRACT(published, LRM_STORE_STRING, 0),
	ABSTRACT(updated, LRM_STORE_STRING, 0),
	ABSTRACT(category, LRM_STORE_STRING, 0),
	ABSTRACT(comment, LRM_STORE_STRING, 0),
	ABSTRACT(journal_ref, LRM_STORE_STRING, 0),
	ABSTRACT(doi, LRM_STORE_STRING, 0),
	ABSTRACT(fetched, LRM_STORE_STRING, 1),
};

/* Written sorted by arxiv id: the cache's array is in the order papers
 * were fetched, which says nothing, and a fetch that adds one paper should
 * add one record to the file's diff, not move others. */
static const struct lrm_store_type abstract_type = {
	.what = "an abstract",
	.where = "in an abstract",
	.noun = "abstract",
	.plural = "abstracts",
	.size = sizeof(struct lrm_abstract),
	.fields = abstract_fields,
	.n_fields = sizeof(abstract_fields) / sizeof(abstract_fields[0]),
	.unique = "arxiv",
	.unique_what = "arxiv id",
	.sorted = 1,
};

/* The records are the member ITEMS, under the key 'abstracts'. */
static const struct lrm_store_field cache_fields[] = {
	{ .key = "format", .kind = LRM_STORE_FORMAT, .required = 1 },
	{ .key = "abstracts",
	  .kind = LRM_STORE_RECORDS,
	  .offset = offsetof(struct lrm_abstracts, items),
	  .count = offsetof(struct lrm_abstracts, n),
	  .type = &abstract_type,
	  .required = 1 },
	/* Last, so that a copy cut short lacks it (see lib/store.h). */
	{ .key = "count",
	  .kind = LRM_STORE_COUNT,
	  .count = offsetof(struct lrm_abstracts, n),
	  .required = 1 },
};

static const struct lrm_store_type cache_type = {
	.what = "an abstracts cache",
	.where = "at the top level",
	.size = sizeof(struct lrm_abstracts),
	.fields = cache_fields,
	.n_fields = sizeof(cache_fields) / sizeof(cache_fields[0]),
};

/* Format 2 added 'count'. */
static const struct lrm_store_schema cache_schema = {
	.format = "lrmsearch-abstracts/2",
	.top = &cache_type,
	.name = "the abstracts cache",
	.remake = "move it aside and fetch the abstracts again with "
		  "'lrmindex fetch'",
};

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

/* The tables name every pointer a record owns, so they also free it. */
void
lrm_abstract_clear(struct lrm_abstract *abstract)
{
	lrm_store_clear(&abstract_type, abstract);
}

void
lrm_abstracts_clear(struct lrm_abstracts *abstracts)
{
	if (!abstracts)
		return;
	/* the store's clear zeroes the whole struct, BY_ID too */
	free(abstracts->by_id);
	lrm_store_clear(&cache_type, abstracts);
}

struct lrm_abstract *
lrm_abstracts_add(struct lrm_abstracts *abstracts)
{
	return lrm_store_array_add(&abstracts->items, &abstracts->n,
				   sizeof(*abstracts->items));
}

int
lrm_abstract_add_author(struct lrm_abstract *abstract, const char *name)
{
	size_t len = strlen(name);
	char *copy = malloc(len + 1);
	char **slot;

	if (!copy)
		return -1;
	memcpy(copy, name, len + 1);
	slot = lrm_store_array_add(&abstract->authors, &abstract->n_authors,
				   sizeof(*abstract->authors));
	if (!slot) {
		free(copy);
		return -1;
	}
	*slot = copy;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The index by id                                                    */
/* ------------------------------------------------------------------ */

/* The record at POS against the key (ARXIV, AT): the index's order, by
 * id and then by position. */
static int
compare_at(const struct lrm_abstracts *abstracts, size_t pos,
	   const char *arxiv, size_t at)
{
	int cmp = strcmp(abstracts->items[pos].arxiv, arxiv);

	if (cmp != 0)
		return cmp;
	return pos < at ? -1 : pos > at;
}

/* The first entry of the index that does not sort before the key
 * (ARXIV, AT): where the record at AT goes, or, with AT 0, the first
 * record with id ARXIV if there is one. */
static size_t
lower_bound(const struct lrm_abstracts *abstracts, const char *arxiv,
	    size_t at)
{
	size_t lo = 0, hi = abstracts->n_by_id;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_at(abstracts, abstracts->by_id[mid], arxiv, at) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Put the record at POS into the index: a binary search, and a move of
 * the entries after it.  -1 when out of memory. */
static int
index_insert(struct lrm_abstracts *abstracts, size_t pos)
{
	size_t at = lower_bound(abstracts, abstracts->items[pos].arxiv, pos);

	if (!lrm_store_array_add(&abstracts->by_id, &abstracts->n_by_id,
				 sizeof(*abstracts->by_id)))
		return -1;
	memmove(abstracts->by_id + at + 1, abstracts->by_id + at,
		(abstracts->n_by_id - 1 - at) * sizeof(*abstracts->by_id));
	abstracts->by_id[at] = pos;
	return 0;
}

/* Each record from N_INDEXED on into its place: for a few. */
static int
index_each(struct lrm_abstracts *abstracts)
{
	for (size_t i = abstracts->n_indexed; i < abstracts->n; i++) {
		if (abstracts->items[i].arxiv && index_insert(abstracts, i))
			return -1;
		abstracts->n_indexed = i + 1;
	}
	return 0;
}

static int
compare_positions(const void *a, const void *b, void *abstracts)
{
	const struct lrm_abstracts *cache = abstracts;
	size_t y = *(const size_t *)b;

	return compare_at(cache, *(const size_t *)a, cache->items[y].arxiv, y);
}

/* Each record from N_INDEXED on at the end of the index, and the whole
 * index sorted once: for many (a load, parts joined), so that indexing N
 * records never takes N moves of the index. */
static int
index_sorting(struct lrm_abstracts *abstracts)
{
	size_t before = abstracts->n_by_id;

	for (size_t i = abstracts->n_indexed; i < abstracts->n; i++) {
		if (!abstracts->items[i].arxiv)
			continue;
		if (!lrm_store_array_add(&abstracts->by_id, &abstracts->n_by_id,
					 sizeof(*abstracts->by_id))) {
			abstracts->n_by_id = before; /* as it was */
			return -1;
		}
		abstracts->by_id[abstracts->n_by_id - 1] = i;
	}
	qsort_r(abstracts->by_id, abstracts->n_by_id, sizeof(*abstracts->by_id),
		compare_positions, abstracts);
	abstracts->n_indexed = abstracts->n;
	return 0;
}

int
lrm_abstracts_index(struct lrm_abstracts *abstracts)
{
	size_t n_new = 0;

	for (size_t i = abstracts->n_indexed; i < abstracts->n; i++)
		n_new += abstracts->items[i].arxiv != NULL;
	return n_new <= abstracts->n_by_id / 8 ? index_each(abstracts)
					       : index_sorting(abstracts);
}

struct lrm_abstract *
lrm_abstracts_find(const struct lrm_abstracts *abstracts, const char *arxiv)
{
	size_t at;

	if (!arxiv)
		return NULL;
	at = lower_bound(abstracts, arxiv, 0);
	if (at < abstracts->n_by_id &&
	    strcmp(abstracts->items[abstracts->by_id[at]].arxiv, arxiv) == 0)
		return &abstracts->items[abstracts->by_id[at]];
	/* added by lrm_abstracts_add() since the last indexing */
	for (size_t i = abstracts->n_indexed; i < abstracts->n; i++)
		if (abstracts->items[i].arxiv &&
		    strcmp(abstracts->items[i].arxiv, arxiv) == 0)
			return &abstracts->items[i];
	return NULL;
}

int
lrm_abstracts_put(struct lrm_abstracts *abstracts, struct lrm_abstract *from)
{
	struct lrm_abstract *to;

	if (lrm_abstracts_index(abstracts))
		return -1;
	to = lrm_abstracts_find(abstracts, from->arxiv);
	if (to == from)
		return 0;
	if (to) {
		lrm_abstract_clear(to);
		*to = *from;
	} else {
		to = lrm_abstracts_add(abstracts);
		if (!to)
			return -1;
		*to = *from;
		if (to->arxiv && index_insert(abstracts, abstracts->n - 1)) {
			abstracts->n--; /* the cache stays as it was */
			return -1;
		}
		abstracts->n_indexed = abstracts->n;
	}
	memset(from, 0, sizeof(*from));
	return 0;
}

/* The array keeps its memory: lrm_store_array_add() grows it when the
 * count reaches a power of two, which stays true for any smaller count.
 * The index loses the records dropped. */
void
lrm_abstracts_truncate(struct lrm_abstracts *abstracts, size_t n)
{
	size_t kept = 0;

	while (abstracts->n > n)
		lrm_abstract_clear(&abstracts->items[--abstracts->n]);
	for (size_t i = 0; i < abstracts->n_by_id; i++)
		if (abstracts->by_id[i] < n)
			abstracts->by_id[kept++] = abstracts->by_id[i];
	abstracts->n_by_id = kept;
	if (abstracts->n_indexed > n)
		abstracts->n_indexed = n;
}

/* ------------------------------------------------------------------ */
/* The YAML file                                                      */
/* ------------------------------------------------------------------ */

lrm_status_t
lrm_abstracts_emit(const struct lrm_abstracts *abstracts, char **out,
		   size_t *len, lrm_error_t *err)
{
	return lrm_store_emit(&cache_schema, abstracts, out, len, err);
}

lrm_status_t
lrm_abstracts_save(const struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err)
{
	return lrm_store_save(&cache_schema, abstracts, path, err);
}

lrm_status_t
lrm_abstracts_check_save(const char *path, lrm_error_t *err)
{
	return lrm_store_check_save(&cache_schema, path, err);
}

/* What the store read, indexed (the store knows nothing of the index,
 * and clears the struct whole before it reads). */
static lrm_status_t
index_loaded(struct lrm_abstracts *abstracts, lrm_status_t status,
	     lrm_error_t *err)
{
	if (status == LRM_OK && lrm_abstracts_index(abstracts) != 0) {
		lrm_abstracts_clear(abstracts);
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	return status;
}

lrm_status_t
lrm_abstracts_load(struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err)
{
	lrm_abstracts_clear(abstracts);
	return index_loaded(abstracts,
			    lrm_store_load(&cache_schema, abstracts, path, err),
			    err);
}

lrm_status_t
lrm_abstracts_parse(struct lrm_abstracts *abstracts, const char *name,
		    const char *text, size_t len, lrm_error_t *err)
{
	lrm_abstracts_clear(abstracts);
	return index_loaded(abstracts,
			    lrm_store_parse(&cache_schema, abstracts, name,
					    text, len, err),
			    err);
}
