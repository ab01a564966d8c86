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

/* Find the next word (a run of letters and digits) of normalised TEXT at
 * or after *POS: returns 1 and sets *START and *WLEN (bytes), advancing
 * *POS past it; 0 at the end. */
int lrm_text_next_word(const char *text, size_t len, size_t *pos,
		       size_t *start, size_t *wlen);

/* ------------------------------------------------------------------ */
/* Control characters                                                 */
/* ------------------------------------------------------------------ */

/* Whether the code point CP is a control character: one that no title,
 * venue, heading or abstract should hold, because on a terminal it does
 * something instead of showing something.  These are Unicode's control
 * characters (Cc: C0, DEL, C1, so ESC, BEL, backspace, CSI), its format
 * characters (Cf: bidi overrides and isolates, zero-width spaces and
 * joiners, the byte order mark, soft hyphens, tags) and the line and
 * paragraph separators U+2028 and U+2029. */
int lrm_text_is_control(long cp);

/* The first control character of LEN bytes of valid UTF-8 TEXT: its byte
 * offset, and its code point in *CP (may be NULL); LEN when there is none.
 * Invalid sequences are skipped (lrm_text_valid_utf8() reports them). */
size_t lrm_text_find_control(const char *text, size_t len, long *cp);

/* TEXT without control characters: white space among them (tab, line
 * feed, vertical tab, form feed, carriage return, U+0085, U+2028, U+2029)
 * becomes a space, the rest are dropped.  *OUT is malloc()ed; *REMOVED
 * (may be NULL) is how many characters were changed.  Invalid UTF-8 fails
 * with LRM_ERR_PARSE, as in lrm_text_normalize(). */
LRM_MUST_CHECK lrm_status_t
lrm_text_strip_controls(const char *text, size_t len, char **out,
			size_t *removed, lrm_error_t *err);

/* TEXT made safe to print on a terminal: control characters are shown
 * as escapes a reader can see, "\x1b" for C0 and DEL, "\u202e" for the
 * others, and each byte of an invalid sequence as "\xff"; the ASCII
 * bytes in KEEP (may be NULL; say "\n" to keep line feeds) pass as they
 * are.  Returns a malloc()ed string, or NULL when out of memory. */
char *lrm_text_escape(const char *text, size_t len, const char *keep);

#endif /* LRM_TEXT_H */
