/* lrm/text.h - Unicode text handling, one place for the whole project.
 *
 * The indexer and the query side both pass text through
 * lrm_text_normalize(), so full-width letters, ligatures, odd hyphens and
 * case differences match their plain forms wherever they occur.
 */
#ifndef LRM_TEXT_H
#define LRM_TEXT_H

#include <stddef.h>

#include "lrm/error.h"

/* NFKC, case folding, and lumping of look-alike punctuation (dashes,
 * hyphens, quotes, spaces) to their ASCII forms; default-ignorable
 * characters (soft hyphens, zero-width joiners) are dropped.  *OUT is
 * malloc()ed.  Invalid UTF-8 fails with LRM_ERR_PARSE and the byte offset
 * of the first bad sequence in the message. */
LRM_MUST_CHECK lrm_status_t
lrm_text_normalize(const char *text, size_t len, char **out, lrm_error_t *err);

/* The identity key of a title: normalised, then only letters and digits
 * kept, so punctuation and spacing never make two titles differ.
 * *OUT is malloc()ed. */
LRM_MUST_CHECK lrm_status_t
lrm_text_key(const char *text, size_t len, char **out, lrm_error_t *err);

/* Check that LEN bytes of TEXT are valid UTF-8; on failure returns 0 and
 * stores the byte offset of the first bad sequence in *BAD (if not NULL). */
int lrm_text_valid_utf8(const char *text, size_t len, size_t *bad);

/* The number of terminal columns TEXT takes (wide characters count 2,
 * combining marks 0).  Invalid bytes count 1 each. */
size_t lrm_text_width(const char *text, size_t len);

/* The longest prefix of TEXT, in bytes, that ends on a character boundary
 * and takes at most MAX_WIDTH columns. */
size_t lrm_text_fit(const char *text, size_t len, size_t max_width);

/* A URL-safe slug of TEXT: normalised, letters and digits kept, runs of
 * anything else turned into one '-', at most MAX_BYTES bytes, cut at a '-'
 * when possible.  "" when TEXT has no letters or digits.  *OUT is
 * malloc()ed. */
LRM_MUST_CHECK lrm_status_t
lrm_text_slug(const char *text, size_t len, size_t max_bytes, char **out,
	      lrm_error_t *err);

/* TEXT's normalised words (runs of letters and digits; an apostrophe
 * inside a word is dropped) joined by single spaces: "Chain-of-Thought"
 * is "chain of thought".  *OUT is malloc()ed. */
LRM_MUST_CHECK lrm_status_t
lrm_text_words(const char *text, size_t len, char **out, lrm_error_t *err);

/* lrm_text_normalize() for a query: the same, except that the operators
 * AND, OR, NOT, XOR, NEAR and ADJ, written in capitals as words of their
 * own, stay capitals so the query parser still sees them. */
LRM_MUST_CHECK lrm_status_t
lrm_text_normalize_query(const char *query, size_t len, char **out,
			 lrm_error_t *err);

/* Find the next word (a run of letters and digits) of normalised TEXT at
 * or after *POS: returns 1 and sets *START and *WLEN (bytes), advancing
 * *POS past it; 0 at the end. */
int lrm_text_next_word(const char *text, size_t len, size_t *pos,
		       size_t *start, size_t *wlen);

#endif /* LRM_TEXT_H */
