/* lib/fields.c - the field table (see lrm/fields.h). */
#include "lrm/fields.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Where each field's values come from                                */
/* ------------------------------------------------------------------ */

static lrm_status_t
title_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	     void *ctx)
{
	return emit(in->paper->title, ctx);
}

static lrm_status_t
abstract_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
		void *ctx)
{
	return emit(in->abstract->abstract, ctx);
}

static lrm_status_t
author_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	      void *ctx)
{
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; !status && i < in->abstract->n_authors; i++)
		status = emit(in->abstract->authors[i], ctx);
	return status;
}

/* The authors as the list gives them: author: finds a paper without its
 * abstract fetched. */
static lrm_status_t
listing_author_values(const struct lrm_field_input *in,
		      lrm_field_emit_fn *emit, void *ctx)
{
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; !status && i < in->listing->n_authors; i++)
		status = emit(in->listing->authors[i], ctx);
	return status;
}

/* The listing's section, unless an earlier listing's section contains it:
 * a paper listed twice under one topic is no more about it.  (Contains,
 * not equals: index format 5 has "Reasoning" after "Latent Reasoning" add
 * nothing, and a change would be a new format.) */
static lrm_status_t
section_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	       void *ctx)
{
	const char *section = in->listing->section;

	for (const struct lrm_listing *l = in->paper->listings; l < in->listing;
	     l++)
		if (section && l->section && strstr(l->section, section))
			return LRM_OK;
	return emit(section, ctx);
}

/* The venue's name alone: Xapian would read "OpenAI'25" as one word. */
static lrm_status_t
venue_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	     void *ctx)
{
	return emit(in->listing->venue_name, ctx);
}

static lrm_status_t
arxiv_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	     void *ctx)
{
	return emit(in->listing->arxiv, ctx);
}

/* The year of the listing's date, and the year its venue names ("ICML'24"
 * for a paper dated 2023-12): a paper is of each year any of its listings
 * gives it, for year:, year:A..B and the year facet alike. */
static lrm_status_t
year_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	    void *ctx)
{
	const struct lrm_listing *l = in->listing;
	lrm_status_t status = LRM_OK;
	char year[16];

	if (l->date) {
		snprintf(year, sizeof(year), "%.4s", l->date);
		status = emit(year, ctx);
	}
	if (!status && l->venue_year) {
		snprintf(year, sizeof(year), "%d", l->venue_year);
		status = emit(year, ctx);
	}
	return status;
}

static lrm_status_t
date_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	    void *ctx)
{
	return emit(in->listing->date, ctx);
}

/* "yes" when any listing links code. */
static lrm_status_t
code_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	    void *ctx)
{
	for (size_t i = 0; i < in->paper->n_listings; i++)
		if (in->paper->listings[i].code)
			return emit("yes", ctx);
	return emit("no", ctx);
}

static lrm_status_t
source_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	      void *ctx)
{
	return emit(in->listing->source, ctx);
}

/* The name of the list that shows the listing (lrm_listing_list_name()). */
static lrm_status_t
list_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	    void *ctx)
{
	size_t len;
	const char *name = lrm_listing_list_name(in->listing, &len);
	char buf[256];

	/* no list has a name this long; its term could not be searched
	 * for anyway (a term is at most 245 bytes) */
	if (!name || len >= sizeof(buf))
		return LRM_OK;
	memcpy(buf, name, len);
	buf[len] = '\0';
	return emit(buf, ctx);
}

static lrm_status_t
added_values(const struct lrm_field_input *in, lrm_field_emit_fn *emit,
	     void *ctx)
{
	return emit(in->paper->added, ctx);
}

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

/* Short names, for a table that reads as one. */
#define TEXT LRM_FIELD_TEXT
#define BOOLEAN LRM_FIELD_BOOLEAN
#define BARE LRM_FIELD_BARE
#define SYNONYMS LRM_FIELD_SYNONYMS
#define COMPOUNDS LRM_FIELD_COMPOUNDS
#define RANGE LRM_FIELD_RANGE
#define FACET LRM_FIELD_FACET
#define PARTIAL LRM_FIELD_PARTIAL
#define PAPER LRM_SCOPE_PAPER
#define LISTING LRM_SCOPE_LISTING
#define ABSTRACT LRM_SCOPE_ABSTRACT
#define NO_SLOT LRM_SLOT_DATE /* read only with FACET */

/* Title words weigh most: a paper whose title says "latent reasoning" is
 * about it; one whose abstract mentions it may not be.  The parts of a
 * title's compound names are title words too ("FlashThink" is found by
 * "think"); an abstract's are not split, as they mostly name other
 * systems ("DeepSeek", "ChatGPT"), and "chat" should not find each
 * abstract that mentions ChatGPT.  Sections are the list's topic labels:
 * bare words find them too, but weakly, and without synonyms (a "CoT"
 * section does not make each of its papers say "chain of thought").  A
 * paper has the years and months of all its listings (see year_values),
 * and the facets count those.  Authors come from the lists and from the
 * abstracts, both under A, so author: finds either. */
const struct lrm_field lrm_fields[] = {
	/* name, prefix, kind, flags, wdf, scope, values, slot, help */
	{"title", "S", TEXT, BARE | SYNONYMS | COMPOUNDS, 5, PAPER, title_values,
	 NO_SLOT, "words of the title, e.g. title:reasoning"},
	{"abstract", "XA", TEXT, BARE | SYNONYMS, 1, ABSTRACT, abstract_values,
	 NO_SLOT, "words of the abstract (once fetched from arXiv)"},
	{"author", "A", TEXT, BARE | FACET, 1, ABSTRACT, author_values,
	 LRM_SLOT_AUTHORS,
	 "author names (as lists give them, or fetched), e.g. author:liu"},
	{"author", "A", TEXT, BARE, 1, LISTING, listing_author_values, NO_SLOT,
	 NULL},
	{"section", "XS", TEXT, BARE, 1, LISTING, section_values, NO_SLOT,
	 "words of the list's section, e.g. section:latent"},
	{"venue", "XV", TEXT, BARE | FACET, 1, LISTING, venue_values,
	 LRM_SLOT_VENUES, "the venue's name, e.g. venue:openai"},
	{"id", LRM_PREFIX_ID, BOOLEAN, 0, 0, PAPER, NULL, NO_SLOT,
	 "the paper's id or its arXiv id, e.g. id:2503.23077"},
	{"id", LRM_PREFIX_ARXIV, BOOLEAN, 0, 0, LISTING, arxiv_values, NO_SLOT,
	 NULL},
	{"year", LRM_PREFIX_YEAR, BOOLEAN, RANGE | FACET, 0, LISTING,
	 year_values, LRM_SLOT_YEAR,
	 "any listing's year (date or venue): year:2025, year:2024..2025"},
	{"date", LRM_PREFIX_MONTH, BOOLEAN, RANGE, 0, LISTING, date_values,
	 NO_SLOT,
	 "any listing's month: date:2025-03, date:2025-01..2025-06"},
	{"code", LRM_PREFIX_CODE, BOOLEAN, 0, 0, PAPER, code_values, NO_SLOT,
	 "whether a list links its code: code:yes or code:no"},
	{"source", LRM_PREFIX_SOURCE, BOOLEAN, 0, 0, LISTING, source_values,
	 NO_SLOT,
	 "its list file: source:awesome-efficient-inference-for-lrms.md"},
	{"list", LRM_PREFIX_LIST, BOOLEAN, FACET, 0, LISTING, list_values,
	 LRM_SLOT_LISTS, "a list that holds it, e.g. list:hemingkx"},
	{"added", LRM_PREFIX_ADDED, BOOLEAN, RANGE | PARTIAL, 0, PAPER,
	 added_values, NO_SLOT,
	 "the day it entered the corpus: added:2026-11, added:2026-11-01.."},
	{NULL, NULL, TEXT, 0, 0, PAPER, NULL, NO_SLOT, NULL},
};

#undef TEXT
#undef BOOLEAN
#undef BARE
#undef SYNONYMS
#undef COMPOUNDS
#undef RANGE
#undef FACET
#undef PARTIAL
#undef PAPER
#undef LISTING
#undef ABSTRACT
#undef NO_SLOT

/* ------------------------------------------------------------------ */
/* Compound words                                                     */
/* ------------------------------------------------------------------ */

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_word_char(char c)
{
	return is_upper(c) || is_lower(c) || (c >= '0' && c <= '9');
}

/* Whether W[I] is an abbreviation's plural 's': the last letter of a run
 * of lower case ("LLMs", "CoTs", "LLMsX"). */
static int
is_plural_s(const char *w, size_t len, size_t i)
{
	return w[i] == 's' && (i + 1 == len || !is_lower(w[i + 1]));
}

/* Whether a part starts at W[I] (0 < I < LEN): after a lower-case letter
 * or a digit ("FlashThink", "LLM4Drive"), or at the last capital of a run
 * that a capitalised word follows ("LIMOPro"), not its plural ("LLMs"). */
static int
part_starts(const char *w, size_t len, size_t i)
{
	if (!is_upper(w[i]))
		return 0;
	if (!is_upper(w[i - 1]))
		return 1;
	return i + 1 < len && is_lower(w[i + 1]) && !is_plural_s(w, len, i + 1);
}

/* Whether the part of W from A to B is too short to stand alone: one
 * letter ("TrimR"), or a capital and its plural 's' ("CoTs"). */
static int
part_too_short(const char *w, size_t a, size_t b)
{
	return b - a == 1 || (b - a == 2 && is_upper(w[a]) && w[a + 1] == 's');
}

/* Words longer than this are no names worth splitting. */
#define COMPOUND_MAX 64

/* The parts of the word W (LEN bytes) one space apart in OUT (2 *
 * COMPOUND_MAX bytes), or "" when it is no compound. */
static void
compound_parts(const char *w, size_t len, char *out)
{
	size_t starts[COMPOUND_MAX + 1], n = 0, o = 0;

	out[0] = '\0';
	if (len > COMPOUND_MAX)
		return;
	starts[n++] = 0;
	for (size_t i = 1; i < len; i++)
		if (part_starts(w, len, i))
			starts[n++] = i;
	starts[n] = len;
	/* a short part joins the one before it (the first, the one after) */
	for (size_t k = 0; k < n && n > 1;) {
		size_t drop = k ? k : 1; /* the start that goes */

		if (!part_too_short(w, starts[k], starts[k + 1])) {
			k++;
			continue;
		}
		memmove(&starts[drop], &starts[drop + 1],
			(n - drop) * sizeof(*starts));
		n--;
	}
	if (n < 2)
		return;
	for (size_t k = 0; k < n; k++) {
		if (k)
			out[o++] = ' ';
		memcpy(out + o, w + starts[k], starts[k + 1] - starts[k]);
		o += starts[k + 1] - starts[k];
	}
	out[o] = '\0';
}

lrm_status_t
lrm_field_compounds(const char *text, lrm_field_emit_fn *emit, void *ctx)
{
	lrm_status_t status = LRM_OK;
	char parts[2 * COMPOUND_MAX];

	for (const char *p = text; !status && p && *p;) {
		size_t len = 0;

		while (is_word_char(p[len]))
			len++;
		if (len == 0) {
			p++;
			continue;
		}
		compound_parts(p, len, parts);
		if (parts[0])
			status = emit(parts, ctx);
		p += len;
	}
	return status;
}

/* ------------------------------------------------------------------ */
/* The query parser                                                   */
/* ------------------------------------------------------------------ */

/* Whether an earlier row than F has F's name and prefix: the same field,
 * read from another part of a paper. */
static int
same_as_earlier_row(const struct lrm_field *f)
{
	for (const struct lrm_field *e = lrm_fields; e < f; e++)
		if (strcmp(e->name, f->name) == 0 &&
		    strcmp(e->prefix, f->prefix) == 0)
			return 1;
	return 0;
}

lrm_status_t
lrm_fields_setup_qparser(lrm_xapian_qparser_t *qp, lrm_error_t *err)
{
	lrm_xapian_status_t st = LRM_XAPIAN_SUCCESS;

	for (const struct lrm_field *f = lrm_fields; f->name && !st; f++) {
		if (same_as_earlier_row(f))
			continue; /* author: twice would weigh twice */
		if (f->kind == LRM_FIELD_TEXT)
			st = lrm_xapian_qparser_add_prefix(qp, f->name, f->prefix);
		else if ((f->flags & LRM_FIELD_RANGE) &&
			 (f->flags & LRM_FIELD_PARTIAL))
			/* added:2026-11 over the XADDED terms of its days */
			st = lrm_xapian_qparser_add_boolean_partial_range_prefix(
				qp, f->name, f->prefix);
		else if (f->flags & LRM_FIELD_RANGE)
			/* year:2024..2025 over the Y terms, as year:2025 is a Y
			 * term: four-digit years and "YYYY-MM" sort as strings
			 * as they do as dates */
			st = lrm_xapian_qparser_add_boolean_range_prefix(
				qp, f->name, f->prefix);
		else
			/* exclusive: id:a id:b means either */
			st = lrm_xapian_qparser_add_boolean_prefix(qp, f->name,
								   f->prefix, 1);
	}
	if (st)
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "cannot set up the query parser: %s",
				     lrm_xapian_qparser_last_error(qp));
	return LRM_OK;
}
