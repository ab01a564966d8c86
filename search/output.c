/* search/output.c - the one walk over a result that both printers share
 * (see sprinter.h).  The keys are lrmsearch's JSON interface: add to
 * them, rename none. */
#include "sprinter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/paper.h"

static void
key_string(struct sprinter *sp, const char *key, const char *value)
{
	sp->map_key(sp, key);
	sp->string(sp, value);
}

/* The name of the list that shows L (lrm_listing_list_name()) as a
 * string, or null. */
static void
list_name(struct sprinter *sp, const struct lrm_listing *l)
{
	size_t len;
	const char *name = lrm_listing_list_name(l, &len);
	char buf[256];

	if (name)
		snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
	sp->string(sp, name ? buf : NULL);
}

/* Every row of a list that shows paper P, as the list wrote it.  Not its
 * line: an update of the index keeps a paper whose rows only moved as it
 * was, with the old line numbers (lib/index.c, fingerprint_term()). */
static void
output_listings(struct sprinter *sp, const struct lrm_paper *p)
{
	sp->map_key(sp, "listings");
	sp->begin_list(sp);
	for (size_t i = 0; i < p->n_listings; i++) {
		const struct lrm_listing *l = &p->listings[i];

		sp->begin_map(sp);
		key_string(sp, "source", l->source);
		key_string(sp, "section", l->section);
		key_string(sp, "date", l->date);
		key_string(sp, "venue", l->venue);
		key_string(sp, "paper", l->paper);
		key_string(sp, "code", l->code);
		key_string(sp, "arxiv", l->arxiv);
		/* new keys last, so that what matched before still does */
		sp->map_key(sp, "list");
		list_name(sp, l);
		sp->map_key(sp, "authors");
		sp->begin_list(sp);
		for (size_t a = 0; a < l->n_authors; a++)
			sp->string(sp, l->authors[a]);
		sp->end(sp);
		sp->end(sp);
	}
	sp->end(sp);
}

static int
compare_names(const void *a, const void *b)
{
	const struct lrm_listing *const *la = a, *const *lb = b;
	size_t na, nb;
	const char *sa = lrm_listing_list_name(*la, &na),
		   *sb = lrm_listing_list_name(*lb, &nb);
	int c = memcmp(sa, sb, na < nb ? na : nb);

	return c ? c : (na > nb) - (na < nb);
}

/* The lists that hold P, each once, in byte order of their names. */
static void
output_lists(struct sprinter *sp, const struct lrm_paper *p)
{
	const struct lrm_listing *named[64];
	size_t n = 0;

	for (size_t i = 0; i < p->n_listings && n < 64; i++) {
		size_t len;

		if (lrm_listing_list_name(&p->listings[i], &len))
			named[n++] = &p->listings[i];
	}
	qsort(named, n, sizeof(*named), compare_names);
	sp->map_key(sp, "lists");
	sp->begin_list(sp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || compare_names(&named[i - 1], &named[i]) != 0)
			list_name(sp, named[i]);
	sp->end(sp);
}

/* What a citation needs that the rest does not say: the year of the
 * venue ("ICML'24" is 2024), else of the date, and the venue's name
 * alone ("ICML"). */
static void
output_citation(struct sprinter *sp, const struct lrm_listing *l)
{
	int year = 0;

	if (l && l->venue_year)
		year = l->venue_year;
	else if (l && l->date)
		year = atoi(l->date);
	sp->map_key(sp, "year");
	if (year > 0)
		sp->integer(sp, year);
	else
		sp->string(sp, NULL);
	key_string(sp, "venue_name", l ? l->venue_name : NULL);
}

static void
output_hit(struct sprinter *sp, const struct lrm_hit *hit)
{
	const struct lrm_paper *p = hit->paper;
	const struct lrm_listing *l = lrm_paper_primary(p);
	const char *sections[64];
	size_t ns = lrm_paper_sections(p, sections, 64);

	sp->begin_map(sp);
	sp->map_key(sp, "rank");
	sp->integer(sp, hit->rank);
	key_string(sp, "id", p->id);
	sp->map_key(sp, "title");
	sp->marked(sp, p->title, hit->title);
	key_string(sp, "venue", l ? l->venue : NULL);
	key_string(sp, "date", l ? l->date : NULL);
	sp->map_key(sp, "sections");
	sp->begin_list(sp);
	for (size_t s = 0; s < ns && s < 64; s++)
		sp->string(sp, sections[s]);
	sp->end(sp);
	key_string(sp, "paper", l ? l->paper : NULL);
	key_string(sp, "code", lrm_paper_code(p));
	key_string(sp, "arxiv", l ? l->arxiv : NULL);
	sp->map_key(sp, "score");
	sp->real(sp, hit->score);
	sp->map_key(sp, "snippet");
	sp->marked(sp, NULL, hit->snippet);
	sp->map_key(sp, "authors");
	sp->begin_list(sp);
	for (size_t a = 0; a < hit->n_authors; a++)
		sp->string(sp, hit->authors[a]);
	sp->end(sp);
	output_listings(sp, p);
	output_citation(sp, l);
	sp->map_key(sp, "partial");
	sp->boolean(sp, hit->partial);
	/* new keys last, so that what matched before still does */
	output_lists(sp, p);
	if (p->added)
		key_string(sp, "added", p->added);
	sp->end(sp);
}

/* The words of WORDS (joined by spaces) as a list. */
static void
word_list(struct sprinter *sp, const char *words)
{
	sp->begin_list(sp);
	while (*words) {
		size_t n = strcspn(words, " ");
		char word[256];

		snprintf(word, sizeof(word), "%.*s", (int)n, words);
		sp->string(sp, word);
		words += n + (words[n] == ' ');
	}
	sp->end(sp);
}

static void
output_facets(struct sprinter *sp, const struct lrm_result *res)
{
	sp->map_key(sp, "facets");
	sp->begin_map(sp);
	for (int f = 0; f < LRM_FACET_KINDS; f++) {
		sp->map_key(sp, lrm_facet_names[f]);
		sp->begin_list(sp);
		for (size_t i = 0; i < res->facets[f].n; i++) {
			sp->begin_map(sp);
			key_string(sp, "value", res->facets[f].items[i].value);
			sp->map_key(sp, "count");
			sp->integer(sp, res->facets[f].items[i].count);
			sp->end(sp);
		}
		sp->end(sp);
	}
	sp->end(sp);
}

/* With --like PAPER, the paper. */
static void
output_like(struct sprinter *sp, const struct lrm_result *res)
{
	if (!res->like_id)
		return;
	sp->map_key(sp, "like");
	sp->begin_map(sp);
	key_string(sp, "id", res->like_id);
	key_string(sp, "title", res->like_title);
	sp->end(sp);
}

int
output_result(struct sprinter *sp, const char *query, unsigned offset,
	      const struct lrm_result *res, unsigned parts)
{
	sp->begin_map(sp);
	key_string(sp, "query", query);
	output_like(sp, res);
	sp->map_key(sp, "total");
	sp->integer(sp, res->total);
	if (res->suggestion)
		key_string(sp, "suggestion", res->suggestion);
	if (res->results_for)
		key_string(sp, "results_for", res->results_for);
	if (!(parts & OUTPUT_COUNT_ONLY)) {
		sp->map_key(sp, "results");
		sp->begin_list(sp);
		for (size_t i = 0; i < res->n_hits; i++)
			output_hit(sp, &res->hits[i]);
		sp->end(sp);
	}
	if (parts & OUTPUT_FACETS)
		output_facets(sp, res);
	if (!(parts & OUTPUT_COUNT_ONLY)) {
		sp->map_key(sp, "all_words");
		sp->integer(sp, res->all_words);
		if (res->ignored && *res->ignored) {
			sp->map_key(sp, "ignored");
			word_list(sp, res->ignored);
		}
		sp->map_key(sp, "offset");
		sp->integer(sp, offset);
	}
	sp->map_key(sp, "exact");
	sp->boolean(sp, res->exact);
	sp->end(sp);
	return sp->finish(sp);
}
