/* lib/paper.c - the paper record and the dataset (see lrm/paper.h). */
#include "lrm/paper.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
lrm_listing_clear(struct lrm_listing *listing)
{
	if (!listing)
		return;
	free(listing->source);
	free(listing->section);
	free(listing->date);
	free(listing->venue);
	free(listing->venue_name);
	free(listing->paper);
	free(listing->code);
	free(listing->arxiv);
	free(listing->arxiv_version);
	memset(listing, 0, sizeof(*listing));
}

void
lrm_paper_clear(struct lrm_paper *paper)
{
	if (!paper)
		return;
	free(paper->id);
	free(paper->title);
	for (size_t i = 0; i < paper->n_listings; i++)
		lrm_listing_clear(&paper->listings[i]);
	free(paper->listings);
	memset(paper, 0, sizeof(*paper));
}

void
lrm_dataset_clear(struct lrm_dataset *dataset)
{
	if (!dataset)
		return;
	for (size_t i = 0; i < dataset->n_papers; i++)
		lrm_paper_clear(&dataset->papers[i]);
	free(dataset->papers);
	memset(dataset, 0, sizeof(*dataset));
}

/* The structs keep a count but no capacity, so the capacity is implied by
 * the count: at least GROW_FIRST, then the next power of two.  The array
 * is full exactly when N is 0 or a power of two no smaller than
 * GROW_FIRST.  That stays safe if a caller drops elements by lowering the
 * count (the block is then larger than implied), but an array must come
 * from these functions, not from a caller's own malloc(). */
#define GROW_FIRST 4

/* Make room for element N of ARRAY (elements of SIZE bytes), zeroing the
 * new slots.  Returns the array, moved if it had to grow, or NULL when out
 * of memory (ARRAY is then untouched). */
static void *
grow(void *array, size_t n, size_t size)
{
	size_t want;
	char *grown;

	if (n != 0 && (n < GROW_FIRST || (n & (n - 1)) != 0))
		return array;
	want = n ? n * 2 : GROW_FIRST;
	if (want > SIZE_MAX / size)
		return NULL;
	grown = realloc(array, want * size);
	if (!grown)
		return NULL;
	memset(grown + n * size, 0, (want - n) * size);
	return grown;
}

struct lrm_paper *
lrm_dataset_add_paper(struct lrm_dataset *dataset)
{
	struct lrm_paper *papers, *paper;

	papers = grow(dataset->papers, dataset->n_papers, sizeof(*papers));
	if (!papers)
		return NULL;
	dataset->papers = papers;
	paper = &papers[dataset->n_papers++];
	memset(paper, 0, sizeof(*paper));
	return paper;
}

struct lrm_listing *
lrm_paper_add_listing(struct lrm_paper *paper)
{
	struct lrm_listing *listings, *listing;

	listings = grow(paper->listings, paper->n_listings, sizeof(*listings));
	if (!listings)
		return NULL;
	paper->listings = listings;
	listing = &listings[paper->n_listings++];
	memset(listing, 0, sizeof(*listing));
	return listing;
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
