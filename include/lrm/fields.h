/* lrm/fields.h - the one table of searchable fields.
 *
 * The indexer and the query parser both read this table, so a field is
 * always indexed under the prefix the parser searches (as notmuch does with
 * its prefix table).  Prefixes follow Xapian Omega's conventions: S for the
 * title, A for authors, Q for the unique id, Y for the year, X... for our
 * own.
 */
#ifndef LRM_FIELDS_H
#define LRM_FIELDS_H

#include "lrm/error.h"
#include "lrm/xapian.h"

enum lrm_field_kind {
	LRM_FIELD_TEXT,	   /* free text: words, stemmed, with positions */
	LRM_FIELD_BOOLEAN, /* exact filter values (id:, code:yes) */
};

struct lrm_field {
	const char *name;   /* as the user types it: "title" for title: */
	const char *prefix; /* the term prefix */
	enum lrm_field_kind kind;
	unsigned wdf;	    /* weight of each word at index time (text) */
	const char *help;   /* for --help and the README */
};

/* The fields, ended by an entry with a NULL name. */
extern const struct lrm_field lrm_fields[];

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

/* Separates the values of a multi-valued facet slot. */
#define LRM_FACET_SEP '\x1f'

/* Term prefixes used directly by the indexer. */
#define LRM_PREFIX_ID "Q"	/* the paper's id (unique) */
#define LRM_PREFIX_ARXIV "XAR"	/* arXiv id, also searched by id: */
#define LRM_PREFIX_YEAR "Y"	/* Y2025 */
#define LRM_PREFIX_MONTH "XM"	/* XM2025-03 */
#define LRM_PREFIX_CODE "XCODE" /* XCODEyes / XCODEno */
#define LRM_PREFIX_SOURCE "XSRC"
#define LRM_PREFIX_VENUE_EXACT "XVE" /* the venue name, normalised */

/* The stemming language used on both sides. */
#define LRM_STEM_LANGUAGE "english"

/* Teach QP every field prefix and range: title:, abstract:, author:,
 * venue:, section:, id:, code:, source:, year:A..B, date:A..B. */
LRM_MUST_CHECK lrm_status_t lrm_fields_setup_qparser(lrm_xapian_qparser_t *qp,
						     lrm_error_t *err);

#endif /* LRM_FIELDS_H */
