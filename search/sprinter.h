/* search/sprinter.h - lrmsearch's output: one walk over a result
 * (search/output.c) drives a structure printer, in the manner of
 * notmuch's sprinter.  The JSON printer writes the structure as it is; the
 * text printer lays the same structure out for people.
 *
 * A printer is driven as a JSON writer would be: maps and lists begun and
 * ended, a key before each value of a map.  Values are strings, match-
 * marked strings, integers, reals and booleans; a NULL string is null.
 */
#ifndef LRM_SPRINTER_H
#define LRM_SPRINTER_H

#include <stdio.h>

#include "lrm/search.h"

struct sprinter {
	void (*begin_map)(struct sprinter *sp);
	void (*begin_list)(struct sprinter *sp);
	void (*end)(struct sprinter *sp);
	void (*map_key)(struct sprinter *sp, const char *key);
	/* S, or null when NULL */
	void (*string)(struct sprinter *sp, const char *s);
	/* MARKED with its match spans between LRM_HI_START and LRM_HI_END
	 * (lrm/search.h); PLAIN is the same text unmarked, or NULL for
	 * MARKED without its markers.  NULL MARKED: null. */
	void (*marked)(struct sprinter *sp, const char *plain,
		       const char *marked);
	void (*integer)(struct sprinter *sp, long long n);
	void (*real)(struct sprinter *sp, double x);
	void (*boolean)(struct sprinter *sp, int b);
	/* Flush what is held back; -1 when the output could not be
	 * written.  Then free the printer. */
	int (*finish)(struct sprinter *sp);
};

/* A printer of JSON on OUT: one object, all on a line but for one line
 * per result, control characters \u-escaped. */
struct sprinter *sprinter_json_create(FILE *out);

/* A printer for people on OUT, with terminal colours when COLOR: a block
 * per result, a summary line (or, for a count, the number), the facets.
 * Lines are word-wrapped to WIDTH columns, or with WIDTH 0 (not a
 * terminal) printed whole.  Control characters from the index are
 * escaped.  A result's first line names the lists that hold it and, with
 * SHOW_ADDED (results sorted by it), the day it was added. */
struct sprinter *sprinter_text_create(FILE *out, unsigned width, int color,
				      int show_added);

/* What output_result() shows beside the query, the total and whether it
 * is exact (flags); 0: the papers and the offset. */
enum output_part {
	OUTPUT_FACETS = 1 << 0,	    /* the facets too */
	OUTPUT_COUNT_ONLY = 1 << 1, /* not the papers nor the offset: a count
				     * (--count) */
};

/* A printer of BibTeX on OUT: an entry per result, the rest left out
 * (search/sprinter-bibtex.c). */
struct sprinter *sprinter_bibtex_create(FILE *out);

/* search/output.c: RES, the result of QUERY from OFFSET on, through SP
 * (as PARTS, enum output_part's flags, say): the one walk over every
 * field of a result that both printers share.  Then SP->finish();
 * returns its value. */
int output_result(struct sprinter *sp, const char *query, unsigned offset,
		  const struct lrm_result *res, unsigned parts);

#endif /* LRM_SPRINTER_H */
