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
 * for a paper dated 2023-12). */
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

/* ------------------------------------------------------------------ */
/* The table                                                          */
/* ------------------------------------------------------------------ */

/* Short names, for a table that reads as one. */
#define TEXT LRM_FIELD_TEXT
#define BOOLEAN LRM_FIELD_BOOLEAN
#define BARE LRM_FIELD_BARE
#define SYNONYMS LRM_FIELD_SYNONYMS
#define PAPER LRM_SCOPE_PAPER
#define LISTING LRM_SCOPE_LISTING
#define ABSTRACT LRM_SCOPE_ABSTRACT
#define NO_RANGE LRM_RANGE_NONE, 0 /* range and slot */

/* Title words weigh most: a paper whose title says "latent reasoning" is
 * about it; one whose abstract mentions it may not be.  Sections are the
 * list's topic labels: bare words find them too, but weakly, and without
 * synonyms (a "CoT" section does not make each of its papers say "chain
 * of thought"). */
const struct lrm_field lrm_fields[] = {
	/* name, prefix, kind, flags, wdf, scope, values, range, slot, help */
	{"title", "S", TEXT, BARE | SYNONYMS, 5, PAPER, title_values, NO_RANGE,
	 "words of the title, e.g. title:reasoning"},
	{"abstract", "XA", TEXT, BARE | SYNONYMS, 1, ABSTRACT, abstract_values,
	 NO_RANGE, "words of the abstract (once fetched from arXiv)"},
	{"author", "A", TEXT, BARE, 1, ABSTRACT, author_values, NO_RANGE,
	 "author names (once fetched), e.g. author:liu"},
	{"section", "XS", TEXT, BARE, 1, LISTING, section_values, NO_RANGE,
	 "words of the list's section, e.g. section:latent"},
	{"venue", "XV", TEXT, BARE, 1, LISTING, venue_values, NO_RANGE,
	 "the venue's name, e.g. venue:openai"},
	{"id", LRM_PREFIX_ID, BOOLEAN, 0, 0, PAPER, NULL, NO_RANGE,
	 "the paper's id or its arXiv id, e.g. id:2503.23077"},
	{"id", LRM_PREFIX_ARXIV, BOOLEAN, 0, 0, LISTING, arxiv_values, NO_RANGE,
	 NULL},
	{"year", LRM_PREFIX_YEAR, BOOLEAN, 0, 0, LISTING, year_values,
	 LRM_RANGE_NUMBER, LRM_SLOT_YEAR,
	 "a year or a range, e.g. year:2025 or year:2024..2025"},
	{"date", LRM_PREFIX_MONTH, BOOLEAN, 0, 0, LISTING, date_values,
	 LRM_RANGE_STRING, LRM_SLOT_DATE,
	 "a month or a range, e.g. date:2025-03 or date:2025-01..2025-06"},
	{"code", LRM_PREFIX_CODE, BOOLEAN, 0, 0, PAPER, code_values, NO_RANGE,
	 "whether a list links its code: code:yes or code:no"},
	{"source", LRM_PREFIX_SOURCE, BOOLEAN, 0, 0, LISTING, source_values,
	 NO_RANGE,
	 "its list file: source:awesome-efficient-inference-for-lrms.md"},
	{NULL, NULL, TEXT, 0, 0, PAPER, NULL, NO_RANGE, NULL},
};

#undef TEXT
#undef BOOLEAN
#undef BARE
#undef SYNONYMS
#undef PAPER
#undef LISTING
#undef ABSTRACT
#undef NO_RANGE

/* ------------------------------------------------------------------ */
/* The query parser                                                   */
/* ------------------------------------------------------------------ */

/* Ranges: year:2024..2025 on numbers, date:2025-01..2025-06 on "YYYY-MM"
 * strings, which sort as dates do. */
static lrm_xapian_status_t
add_range(lrm_xapian_qparser_t *qp, const struct lrm_field *f)
{
	char field[64];

	snprintf(field, sizeof(field), "%s:", f->name);
	return lrm_xapian_qparser_add_range(qp, f->slot, field,
					    f->range == LRM_RANGE_NUMBER
						    ? LRM_XAPIAN_RANGE_NUMBER
						    : LRM_XAPIAN_RANGE_STRING);
}

lrm_status_t
lrm_fields_setup_qparser(lrm_xapian_qparser_t *qp, lrm_error_t *err)
{
	lrm_xapian_status_t st = LRM_XAPIAN_SUCCESS;

	for (const struct lrm_field *f = lrm_fields; f->name && !st; f++) {
		if (f->kind == LRM_FIELD_TEXT)
			st = lrm_xapian_qparser_add_prefix(qp, f->name, f->prefix);
		else
			/* exclusive: id:a id:b means either */
			st = lrm_xapian_qparser_add_boolean_prefix(qp, f->name,
								   f->prefix, 1);
		if (!st && f->range != LRM_RANGE_NONE)
			st = add_range(qp, f);
	}
	if (st)
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "cannot set up the query parser: %s",
				     lrm_xapian_qparser_last_error(qp));
	return LRM_OK;
}
