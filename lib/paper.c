/* lib/paper.c - the paper record, the dataset and its YAML file
 * (see lrm/paper.h).  The file is written and read by lib/store.c, driven
 * by the tables here. */
#include "lrm/paper.h"

#include <stddef.h>
#include <string.h>

#include "lrm/url.h"
#include "store.h"

/* ------------------------------------------------------------------ */
/* The schema of data/papers.yaml                                     */
/* ------------------------------------------------------------------ */

#define LISTING(member, kind, required)                                      \
	LRM_STORE_FIELD(lrm_listing, member, kind, required)

static const struct lrm_store_field listing_fields[] = {
	LISTING(source, LRM_STORE_STRING, 1),
	LISTING(list, LRM_STORE_STRING, 0),
	LISTING(line, LRM_STORE_LINE, 1),
	LISTING(section, LRM_STORE_STRING, 0),
	LISTING(date, LRM_STORE_STRING, 0),
	LISTING(venue, LRM_STORE_STRING, 0),
	LISTING(venue_name, LRM_STORE_STRING, 0),
	LISTING(venue_year, LRM_STORE_YEAR, 0),
	LISTING(paper, LRM_STORE_STRING, 0),
	LISTING(code, LRM_STORE_STRING, 0),
	LISTING(arxiv, LRM_STORE_STRING, 0),
	LISTING(arxiv_version, LRM_STORE_STRING, 0),
	LRM_STORE_SEQUENCE(lrm_listing, authors, n_authors, LRM_STORE_STRINGS,
			   NULL, 0),
};

static const struct lrm_store_type listing_type = {
	.what = "a listing",
	.where = "in a listing",
	.noun = "listing",
	.plural = "listings",
	.size = sizeof(struct lrm_listing),
	.fields = listing_fields,
	.n_fields = sizeof(listing_fields) / sizeof(listing_fields[0]),
};

static const struct lrm_store_field paper_fields[] = {
	LRM_STORE_FIELD(lrm_paper, id, LRM_STORE_STRING, 1),
	LRM_STORE_FIELD(lrm_paper, title, LRM_STORE_STRING, 1),
	LRM_STORE_FIELD(lrm_paper, added, LRM_STORE_STRING, 0),
	LRM_STORE_SEQUENCE(lrm_paper, listings, n_listings, LRM_STORE_RECORDS,
			   &listing_type, 1),
};

/* Papers keep the order the lists gave them; only their ids must be
 * unique. */
static const struct lrm_store_type paper_type = {
	.what = "a paper",
	.where = "in a paper",
	.noun = "paper",
	.plural = "papers",
	.size = sizeof(struct lrm_paper),
	.fields = paper_fields,
	.n_fields = sizeof(paper_fields) / sizeof(paper_fields[0]),
	.unique = "id",
	.unique_what = "id",
};

/* The writer puts 'format' first, so a reader of another version meets it
 * before anything it might not understand, and 'count' last, so a copy
 * cut short anywhere lacks it (see lib/store.h). */
static const struct lrm_store_field dataset_fields[] = {
	{ .key = "format", .kind = LRM_STORE_FORMAT, .required = 1 },
	LRM_STORE_SEQUENCE(lrm_dataset, papers, n_papers, LRM_STORE_RECORDS,
			   &paper_type, 1),
	{ .key = "count",
	  .kind = LRM_STORE_COUNT,
	  .count = offsetof(struct lrm_dataset, n_papers),
	  .required = 1 },
};

static const struct lrm_store_type dataset_type = {
	.what = "a dataset",
	.where = "at the top level",
	.size = sizeof(struct lrm_dataset),
	.fields = dataset_fields,
	.n_fields = sizeof(dataset_fields) / sizeof(dataset_fields[0]),
};

/* Format 2 added 'count'. */
static const struct lrm_store_schema dataset_schema = {
	.format = "lrmsearch-papers/2",
	.top = &dataset_type,
	.name = "the dataset",
	.remake = "make it anew from its lists with 'lrmindex import "
		  "LIST.md...'",
};

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

/* The tables name every pointer a record owns, so they also free it. */
void
lrm_listing_clear(struct lrm_listing *listing)
{
	lrm_store_clear(&listing_type, listing);
}

void
lrm_paper_clear(struct lrm_paper *paper)
{
	lrm_store_clear(&paper_type, paper);
}

void
lrm_dataset_clear(struct lrm_dataset *dataset)
{
	lrm_store_clear(&dataset_type, dataset);
}

struct lrm_paper *
lrm_dataset_add_paper(struct lrm_dataset *dataset)
{
	return lrm_store_array_add(&dataset->papers, &dataset->n_papers,
				   sizeof(*dataset->papers));
}

struct lrm_listing *
lrm_paper_add_listing(struct lrm_paper *paper)
{
	return lrm_store_array_add(&paper->listings, &paper->n_listings,
				   sizeof(*paper->listings));
}

/* ASCII-only case folding: venue names are ASCII, and strcasecmp() would
 * follow the locale. */
static int
ascii_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

const char *
lrm_listing_list_name(const struct lrm_listing *listing, size_t *len)
{
	const char *name, *slash;
	size_t n;

	*len = 0;
	if (listing->list && *listing->list) {
		*len = strlen(listing->list);
		return listing->list;
	}
	if (!listing->source)
		return NULL;
	slash = strrchr(listing->source, '/');
	name = slash ? slash + 1 : listing->source;
	n = strlen(name);
	/* "README.md" and "readme.MD" alike; a name that is only ".md"
	 * keeps it, as a list needs a name */
	if (n > 3 && ascii_caseeq(name + n - 3, ".md"))
		n -= 3;
	*len = n;
	return n ? name : NULL;
}

/* Where a paper can appear before (or instead of) being published. */
static const char *const preprint_venues[] = {
	"arXiv", "bioRxiv", "medRxiv", "SSRN", "Preprint", "GitHub",
};

static int
is_published(const char *venue_name)
{
	if (!venue_name || !*venue_name)
		return 0;
	for (size_t i = 0;
	     i < sizeof(preprint_venues) / sizeof(preprint_venues[0]); i++)
		if (ascii_caseeq(venue_name, preprint_venues[i]))
			return 0;
	return 1;
}

const struct lrm_listing *
lrm_paper_primary(const struct lrm_paper *paper)
{
	if (!paper || paper->n_listings == 0)
		return NULL;
	for (size_t i = 0; i < paper->n_listings; i++)
		if (is_published(paper->listings[i].venue_name))
			return &paper->listings[i];
	return &paper->listings[0];
}

static int
is_code_link(const char *url)
{
	return url && *url && !lrm_url_paper_site(url);
}

const char *
lrm_paper_code(const struct lrm_paper *paper)
{
	const struct lrm_listing *primary = lrm_paper_primary(paper);

	if (primary && is_code_link(primary->code))
		return primary->code;
	for (size_t i = 0; primary && i < paper->n_listings; i++)
		if (is_code_link(paper->listings[i].code))
			return paper->listings[i].code;
	return NULL;
}

size_t
lrm_paper_sections(const struct lrm_paper *paper, const char **out, size_t max)
{
	size_t found = 0;

	if (!paper)
		return 0;
	/* Quadratic, but a paper has a handful of listings. */
	for (size_t i = 0; i < paper->n_listings; i++) {
		const char *section = paper->listings[i].section;
		size_t j;

		if (!section)
			continue;
		for (j = 0; j < i; j++) {
			const char *earlier = paper->listings[j].section;

			if (earlier && strcmp(earlier, section) == 0)
				break;
		}
		if (j < i)
			continue;
		if (out && found < max)
			out[found] = section;
		found++;
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* The YAML file                                                      */
/* ------------------------------------------------------------------ */

lrm_status_t
lrm_dataset_emit(const struct lrm_dataset *dataset, char **out, size_t *len,
		 lrm_error_t *err)
{
	return lrm_store_emit(&dataset_schema, dataset, out, len, err);
}

lrm_status_t
lrm_dataset_save(const struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err)
{
	return lrm_store_save(&dataset_schema, dataset, path, err);
}

lrm_status_t
lrm_dataset_check_save(const char *path, lrm_error_t *err)
{
	return lrm_store_check_save(&dataset_schema, path, err);
}

lrm_status_t
lrm_dataset_parse(struct lrm_dataset *dataset, const char *name,
		  const char *text, size_t len, lrm_error_t *err)
{
	return lrm_store_parse(&dataset_schema, dataset, name, text, len, err);
}

lrm_status_t
lrm_dataset_load(struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err)
{
	return lrm_store_load(&dataset_schema, dataset, path, err);
}

lrm_status_t
lrm_dataset_pack(const struct lrm_dataset *dataset, char **out, size_t *len,
		 lrm_error_t *err)
{
	return lrm_store_pack(&dataset_schema, dataset, out, len, err);
}

lrm_status_t
lrm_dataset_unpack(struct lrm_dataset *dataset, const char *name,
		   const char *data, size_t len, lrm_error_t *err)
{
	return lrm_store_unpack(&dataset_schema, dataset, name, data, len,
				err);
}
