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
 * slots named here: the value slots (sorting, ranges, facets, snippets),
 * the unique id term, the fingerprint term and the spelling data.
 */
#ifndef LRM_FIELDS_H
#define LRM_FIELDS_H

#include "lrm/abstracts.h"
#include "lrm/error.h"
#include "lrm/paper.h"
#include "lrm/xapian.h"

/* Value slots, for sorting, ranges and facets. */
enum lrm_slot {
	LRM_SLOT_DATE = 0,   /* "YYYY-MM": sort by date, date:A..B */
	LRM_SLOT_YEAR = 1,   /* year, sortable_serialise()d: year:A..B */
	LRM_SLOT_VENUES = 2, /* venue names joined by LRM_FACET_SEP: facets */
	LRM_SLOT_SECTIONS = 3, /* sections joined by LRM_FACET_SEP: facets */
	LRM_SLOT_ABSTRACT = 4, /* the abstract, for snippets */
	LRM_SLOT_AUTHORS = 5,  /* author names joined by LRM_FACET_SEP */
	LRM_SLOT_ID = 6,       /* the paper's id: the last tie-break */
};

enum lrm_field_kind {
	LRM_FIELD_TEXT,	   /* free text: words, stemmed, with positions */
	LRM_FIELD_BOOLEAN, /* exact filter values (id:, code:yes), normalised
			    * as text is, wdf 0 */
};

/* How a text field is indexed besides under its prefix. */
enum lrm_field_flag {
	LRM_FIELD_BARE = 1 << 0,     /* words without a prefix find it too */
	LRM_FIELD_SYNONYMS = 1 << 1, /* a synonym it uses is indexed in its
				      * other form too ("CoT" adds "chain of
				      * thought"); see lrm/index.h */
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

/* A field that also takes NAME:A..B, a range over a value slot. */
enum lrm_field_range {
	LRM_RANGE_NONE,
	LRM_RANGE_NUMBER, /* the slot holds sortable_serialise()d numbers */
	LRM_RANGE_STRING, /* the slot holds strings that sort as they should */
};

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
	unsigned flags; /* LRM_FIELD_BARE, LRM_FIELD_SYNONYMS (text only) */
	unsigned wdf;	/* weight of each word at index time (text only) */
	enum lrm_field_scope scope;
	/* Where its values come from; NULL for the unique id (Q), which the
	 * indexer adds itself as the document's key, not normalised. */
	lrm_field_values_fn *values;
	enum lrm_field_range range;
	enum lrm_slot slot; /* the value slot of RANGE */
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

/* The stemming language used on both sides. */
#define LRM_STEM_LANGUAGE "english"

/* Teach QP every row of the table: its name as a prefix (free text or
 * boolean, as its kind says) and, for a row with a range, NAME:A..B:
 * title:, abstract:, author:, venue:, section:, id:, code:, source:,
 * year:A..B, date:A..B. */
LRM_MUST_CHECK lrm_status_t lrm_fields_setup_qparser(lrm_xapian_qparser_t *qp,
						     lrm_error_t *err);

#endif /* LRM_FIELDS_H */
