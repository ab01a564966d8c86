/* lib/fields.c - the field table (see lrm/fields.h). */
#include "lrm/fields.h"

/* Title words weigh most: a paper whose title says "latent reasoning" is
 * about it; one whose abstract mentions it may not be. */
const struct lrm_field lrm_fields[] = {
	{"title", "S", LRM_FIELD_TEXT, 5, "words of the title"},
	{"abstract", "XA", LRM_FIELD_TEXT, 1, "words of the abstract"},
	{"author", "A", LRM_FIELD_TEXT, 1, "author names"},
	{"venue", "XV", LRM_FIELD_TEXT, 1, "venue, e.g. venue:arxiv"},
	{"section", "XS", LRM_FIELD_TEXT, 1, "the list's section"},
	{"id", LRM_PREFIX_ID, LRM_FIELD_BOOLEAN, 0, "paper id"},
	{"id", LRM_PREFIX_ARXIV, LRM_FIELD_BOOLEAN, 0, "arXiv id"},
	{"year", LRM_PREFIX_YEAR, LRM_FIELD_BOOLEAN, 0, "year, e.g. year:2025"},
	{"date", LRM_PREFIX_MONTH, LRM_FIELD_BOOLEAN, 0, "month, e.g. date:2025-03"},
	{"code", LRM_PREFIX_CODE, LRM_FIELD_BOOLEAN, 0, "code:yes or code:no"},
	{"source", LRM_PREFIX_SOURCE, LRM_FIELD_BOOLEAN, 0, "source list file"},
	{NULL, NULL, LRM_FIELD_TEXT, 0, NULL},
};

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
	}
	/* Ranges: year:2024..2025 on numbers, date:2025-01..2025-06 on
	 * "YYYY-MM" strings, which sort as dates do. */
	if (!st)
		st = lrm_xapian_qparser_add_range(qp, LRM_SLOT_YEAR, "year:",
						  LRM_XAPIAN_RANGE_NUMBER);
	if (!st)
		st = lrm_xapian_qparser_add_range(qp, LRM_SLOT_DATE, "date:",
						  LRM_XAPIAN_RANGE_STRING);
	if (st)
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "cannot set up the query parser: %s",
				     lrm_xapian_qparser_last_error(qp));
	return LRM_OK;
}
