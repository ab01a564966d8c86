/* lib/abstracts.c - the abstracts cache and its YAML file (see
 * lrm/abstracts.h).  The file is written and read by lib/store.c, driven
 * by the tables here, as the dataset's is. */
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
	lrm_store_clear(&cache_type, abstracts);
}

struct lrm_abstract *
lrm_abstracts_add(struct lrm_abstracts *abstracts)
{
	return lrm_store_array_add(&abstracts->items, &abstracts->n,
				   sizeof(*abstracts->items));
}

/* The array keeps its memory: lrm_store_array_add() grows it when the
 * count reaches a power of two, which stays true for any smaller count. */
void
lrm_abstracts_truncate(struct lrm_abstracts *abstracts, size_t n)
{
	while (abstracts->n > n)
		lrm_abstract_clear(&abstracts->items[--abstracts->n]);
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

struct lrm_abstract *
lrm_abstracts_find(const struct lrm_abstracts *abstracts, const char *arxiv)
{
	if (!arxiv)
		return NULL;
	/* Linear: a fetch looks up each of a few thousand papers once. */
	for (size_t i = 0; i < abstracts->n; i++)
		if (abstracts->items[i].arxiv &&
		    strcmp(abstracts->items[i].arxiv, arxiv) == 0)
			return &abstracts->items[i];
	return NULL;
}

int
lrm_abstracts_put(struct lrm_abstracts *abstracts, struct lrm_abstract *from)
{
	struct lrm_abstract *to = lrm_abstracts_find(abstracts, from->arxiv);

	if (to == from)
		return 0;
	if (to)
		lrm_abstract_clear(to);
	else if (!(to = lrm_abstracts_add(abstracts)))
		return -1;
	*to = *from;
	memset(from, 0, sizeof(*from));
	return 0;
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

lrm_status_t
lrm_abstracts_load(struct lrm_abstracts *abstracts, const char *path,
		   lrm_error_t *err)
{
	return lrm_store_load(&cache_schema, abstracts, path, err);
}

lrm_status_t
lrm_abstracts_parse(struct lrm_abstracts *abstracts, const char *name,
		    const char *text, size_t len, lrm_error_t *err)
{
	return lrm_store_parse(&cache_schema, abstracts, name, text, len, err);
}
