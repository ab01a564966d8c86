/* lrm/fields.h - the one table of searchable fields.
 *
 * The indexer and the query parser both read this table, so a field is
 * always indexed under the prefix the parser searches (as notmuch does with
 * its prefix table): lrm_index_build() loops over the rows to index a
 * paper, lrm_fields_setup_qparser() loops over them to teach the parser,
 * and `lrmsearch --help` prints their help.  Adding a searchable field is
 * one row, plus a values function (in lib/fields.c) when no row reads its
 * strings yet.  Prefixes follow Xapian Omega's conventions: S for the
 * title, A for authors, Q for the unique id, Y for the year, X... for our
 * own.
 *
 * What the rows do not cover stays in lib/index.c, by the prefixes and
 * slots named here: the value slots no row fills (the date to sort by, the
 * sections facet, the abstract for snippets, the id), the unique id term,
 * the fingerprint term, the synonyms and the spelling data.
 */
#ifndef LRM_FIELDS_H
#define LRM_FIELDS_H

#include "lrm/abstracts.h"
#include "lrm/error.h"
#include "lrm/paper.h"
#include "lrm/xapian.h"

/* Value slots, for sorting, facets and snippets.  A slot holds one value
 * per paper: the facet slots hold a paper's distinct values joined by
 * LRM_FACET_SEP, and ranges are over terms (LRM_FIELD_RANGE), not slots. */
enum lrm_slot {
	LRM_SLOT_DATE = 0,     /* the primary listing's "YYYY-MM": sorting */
	LRM_SLOT_YEAR = 1,     /* the year field's values: the year facet */
	LRM_SLOT_VENUES = 2,   /* the venue field's values: the venue facet */
	LRM_SLOT_SECTIONS = 3, /* the sections: the section facet */
	LRM_SLOT_ABSTRACT = 4, /* the abstract, for snippets */
	LRM_SLOT_AUTHORS = 5,  /* the abstract's authors (the lists' are in
				* the paper's record) */
	LRM_SLOT_ID = 6,       /* the paper's id: the last tie-break */
	LRM_SLOT_ADDED = 7,    /* the paper's "YYYY-MM-DD" added: sorting */
	LRM_SLOT_LISTS = 8,    /* the list field's values: the list facet */
	LRM_SLOTS	       /* how many there are */
};

enum lrm_field_kind {
	LRM_FIELD_TEXT,	   /* free text: words, stemmed, with positions */
	LRM_FIELD_BOOLEAN, /* exact filter values (id:, code:yes), normalised
			    * as text is, wdf 0 */
};

/* What a field has besides its terms under its prefix. */
enum lrm_field_flag {
	LRM_FIELD_BARE = 1 << 0,     /* text: words without a prefix find it
				      * too */
	LRM_FIELD_SYNONYMS = 1 << 1, /* text: a synonym it uses is indexed in
				      * its other form too ("CoT" adds "chain
				      * of thought"); see lrm/index.h */
	LRM_FIELD_COMPOUNDS = 1 << 2, /* text: the parts of each compound
				       * word are indexed too, as their own
				       * phrase after the text ("FlashThink"
				       * adds "Flash Think"); see
				       * lrm_field_compounds() */
	LRM_FIELD_RANGE = 1 << 3,     /* boolean: NAME:A..B finds a paper
				       * any of whose values lies from A to B
				       * (as strings: years, "YYYY-MM"), the
				       * way NAME:A finds one with the value
				       * A among its values */
	LRM_FIELD_FACET = 1 << 4,     /* its distinct values are kept in the
				       * row's SLOT, joined by LRM_FACET_SEP,
				       * for --facets, so a facet counts what
				       * NAME:value finds */
	LRM_FIELD_PARTIAL = 1 << 5,   /* with RANGE: a value, or an end of a
				       * range, stands for each value it
				       * begins (added:2026-11 is every day
				       * of November) */
};

/* Which part of a paper a row's values are read from.  A paper is indexed
 * in this order: its own rows, then the listing rows for each listing in
 * turn, then the abstract rows, each in table order; positions follow that
 * order, with a gap between fields. */
enum lrm_field_scope {
	LRM_SCOPE_PAPER,    /* the paper as a whole */
	LRM_SCOPE_LISTING,  /* one listing at a time */
	LRM_SCOPE_ABSTRACT, /* its cached abstract; skipped when it has none */
};

/* What a values function reads from. */
struct lrm_field_input {
	const struct lrm_paper *paper;
	const struct lrm_listing *listing;   /* one of PAPER's (LISTING scope) */
	/* NULL when none is cached (never for LRM_SCOPE_ABSTRACT rows) */
	const struct lrm_abstract *abstract;
};

/* Called with each value of a field; the value is valid during the call
 * only.  A status other than LRM_OK stops the walk. */
typedef lrm_status_t lrm_field_emit_fn(const char *value, void *ctx);

/* Call EMIT(value, CTX) for each value of a field in IN (NULL and empty
 * values may be passed; the indexer skips them); returns the first status
 * other than LRM_OK that EMIT returns, else LRM_OK. */
typedef lrm_status_t lrm_field_values_fn(const struct lrm_field_input *in,
					 lrm_field_emit_fn *emit, void *ctx);

/* One row: NAME: in a query searches PREFIX.
 *
 * A name may have several rows: "id" searches both the paper's id (Q) and
 * its arXiv id (XAR), and the parser ORs them.  Only the first row of a
 * name has help; later rows of the same name have a NULL help, so a
 * printer shows each name once, with the help of its first row. */
struct lrm_field {
	const char *name;   /* as the user types it: "title" for title: */
	const char *prefix; /* the term prefix */
	enum lrm_field_kind kind;
	unsigned flags; /* enum lrm_field_flag */
	unsigned wdf;	/* weight of each word at index time (text only) */
	enum lrm_field_scope scope;
	/* Where its values come from; NULL for the unique id (Q), which the
	 * indexer adds itself as the document's key, not normalised. */
	lrm_field_values_fn *values;
	enum lrm_slot slot; /* the facet's slot (LRM_FIELD_FACET only) */
	const char *help; /* for --help: what NAME: searches, with an example */
};

/* The fields, ended by an entry with a NULL name. */
extern const struct lrm_field lrm_fields[];

/* Separates the values of a multi-valued facet slot. */
#define LRM_FACET_SEP '\x1f'

/* Prefixes of the filters, for code that makes their terms itself (the
 * indexer's unique id term, a search for one paper by its id). */
#define LRM_PREFIX_ID "Q"	/* the paper's id (unique) */
#define LRM_PREFIX_ARXIV "XAR"	/* arXiv id, also searched by id: */
#define LRM_PREFIX_YEAR "Y"	/* Y2025 */
#define LRM_PREFIX_MONTH "XM"	/* XM2025-03 */
#define LRM_PREFIX_CODE "XCODE" /* XCODEyes / XCODEno */
#define LRM_PREFIX_SOURCE "XSRC"
#define LRM_PREFIX_LIST "XLIST"	/* XLISThemingkx */
#define LRM_PREFIX_ADDED "XADDED" /* XADDED2026-11-05 */
/* The title's identity key (lrm_index_title_term()), weighted (wdf 1):
 * a query that is a paper's title, typed in any spelling, ranks it
 * first. */
#define LRM_PREFIX_TITLE_KEY "XTK"

/* The stemming language used on both sides. */
#define LRM_STEM_LANGUAGE "english"

/* Teach QP every row of the table: its name as a prefix (free text or
 * boolean, as its kind says) and, for a row with LRM_FIELD_RANGE,
 * NAME:A..B over its terms: title:, abstract:, author:, venue:, section:,
 * id:, code:, source:, list:, year:, year:A..B, date:, date:A..B,
 * added:, added:A..B (LRM_FIELD_PARTIAL: added:2026-11).  QP must have
 * its database before it parses a range. */
LRM_MUST_CHECK lrm_status_t lrm_fields_setup_qparser(lrm_xapian_qparser_t *qp,
						     lrm_error_t *err);

/* Call EMIT(parts, CTX) for each compound word of TEXT with its parts
 * one space apart: "FlashThink" gives "Flash Think", "LatentRAG" "Latent
 * RAG", "SoftCoTs" "Soft CoTs".  A compound is a run of ASCII letters and
 * digits that changes from lower case (or a digit) to upper case, or ends
 * a run of capitals with a capitalised word ("LIMOPro": "LIMO Pro").  A
 * part of one letter stays with its neighbour and a plural 's' with its
 * abbreviation, so "LLMs", "CoT" and "TrimR" are no compounds.  Returns
 * the first status other than LRM_OK that EMIT returns, else LRM_OK. */
LRM_MUST_CHECK lrm_status_t lrm_field_compounds(const char *text,
						lrm_field_emit_fn *emit,
						void *ctx);

#endif /* LRM_FIELDS_H */
