/* lib/text.c - Unicode normalisation and display width (utf8proc). */
#include "lrm/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* NFKC + case fold + lumping; see lrm/text.h.  STABLE keeps results fixed
 * across Unicode versions for assigned characters. */
static const utf8proc_option_t normalize_options =
	UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	UTF8PROC_CASEFOLD | UTF8PROC_LUMP | UTF8PROC_IGNORE;

int
lrm_text_valid_utf8(const char *text, size_t len, size_t *bad)
{
	size_t pos = 0;

	while (pos < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
					 (utf8proc_ssize_t)(len - pos), &cp);
		if (n < 1) {
			if (bad)
				*bad = pos;
			return 0;
		}
		pos += (size_t)n;
	}
	return 1;
}

lrm_status_t
lrm_text_normalize(const char *text, size_t len, char **out, lrm_error_t *err)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	size_t bad;

	*out = NULL;
	if (!lrm_text_valid_utf8(text, len, &bad))
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "invalid UTF-8 at byte %zu", bad);
	if (len == 0) {
		*out = calloc(1, 1);
		return *out ? LRM_OK
			    : lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
			 &dst, normalize_options);
	if (n < 0) {
		if (n == UTF8PROC_ERROR_NOMEM)
			return lrm_error_set(err, LRM_ERR_NOMEM,
					     "out of memory");
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "cannot normalise text: %s",
				     utf8proc_errmsg(n));
	}
	*out = (char *)dst;
	return LRM_OK;
}

static int
is_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Normalise TEXT, then keep its word characters; between runs of them put
 * SEP (when SEP is not 0).  At most MAX bytes are kept, cut at a separator
 * when one is available. */
static lrm_status_t
filter_words(const char *text, size_t len, char sep, size_t max, char **out,
	     lrm_error_t *err)
{
	lrm_status_t status;
	char *norm = NULL, *res = NULL;
	size_t pos = 0, used = 0, nlen, last_sep = 0;
	int pending_sep = 0;

	*out = NULL;
	status = lrm_text_normalize(text, len, &norm, err);
	if (status)
		return status;
	nlen = strlen(norm);
	res = malloc(nlen + 1);
	if (!res) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	while (pos < nlen) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)norm + pos,
			(utf8proc_ssize_t)(nlen - pos), &cp);

		if (n < 1)
			break; /* cannot happen: normalised text is valid */
		if (cp == '\'' && used > 0) {
			/* "Don't" is one word: "dont", not "don-t" */
			pos += (size_t)n;
			continue;
		}
		if (!is_word_char(cp)) {
			pending_sep = used > 0;
			pos += (size_t)n;
			continue;
		}
		if (pending_sep && sep) {
			if (used + 1 > max)
				break;
			last_sep = used;
			res[used++] = sep;
		}
		pending_sep = 0;
		if (used + (size_t)n > max) {
			if (sep && last_sep > 0)
				used = last_sep;
			break;
		}
		memcpy(res + used, norm + pos, (size_t)n);
		used += (size_t)n;
		pos += (size_t)n;
	}
	res[used] = '\0';
	*out = res;
	res = NULL;
cleanup:
	free(norm);
	free(res);
	return status;
}

lrm_status_t
lrm_text_key(const char *text, size_t len, char **out, lrm_error_t *err)
{
	return filter_words(text, len, 0, (size_t)-1, out, err);
}

lrm_status_t
lrm_text_words(const char *text, size_t len, char **out, lrm_error_t *err)
{
	return filter_words(text, len, ' ', (size_t)-1, out, err);
}

lrm_status_t
lrm_text_slug(const char *text, size_t len, size_t max_bytes, char **out,
	      lrm_error_t *err)
{
	return filter_words(text, len, '-', max_bytes, out, err);
}

size_t
lrm_text_width(const char *text, size_t len)
{
	size_t pos = 0, width = 0;

	while (pos < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
					 (utf8proc_ssize_t)(len - pos), &cp);
		if (n < 1) {
			width++;
			pos++;
			continue;
		}
		width += (size_t)utf8proc_charwidth(cp);
		pos += (size_t)n;
	}
	return width;
}

size_t
lrm_text_fit(const char *text, size_t len, size_t max_width)
{
	size_t pos = 0, width = 0;

	while (pos < len) {
		utf8proc_int32_t cp;
		size_t w = 1, step = 1;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
					 (utf8proc_ssize_t)(len - pos), &cp);
		if (n >= 1) {
			w = (size_t)utf8proc_charwidth(cp);
			step = (size_t)n;
		}
		if (width + w > max_width)
			break;
		width += w;
		pos += step;
	}
	return pos;
}

int
lrm_text_next_word(const char *text, size_t len, size_t *pos, size_t *start,
		   size_t *wlen)
{
	size_t p = *pos;
	int in_word = 0;

	while (p < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + p,
					 (utf8proc_ssize_t)(len - p), &cp);
		int word = n >= 1 && is_word_char(cp);

		if (n < 1)
			n = 1;
		if (word && !in_word) {
			*start = p;
			in_word = 1;
		} else if (!word && in_word) {
			break;
		}
		p += (size_t)n;
	}
	*pos = p;
	if (!in_word)
		return 0;
	*wlen = p - *start;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Control characters                                                 */
/* ------------------------------------------------------------------ */

int
lrm_text_is_control(long cp)
{
	utf8proc_category_t cat;

	if (cp < 0 || cp > 0x10ffff)
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 1;
	if (cp < 0xa0)
		return 0;
	cat = utf8proc_category((utf8proc_int32_t)cp);
	return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
	       cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

/* Whether the control character CP stands for white space. */
static int
is_control_space(long cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0x2028 ||
	       cp == 0x2029;
}

size_t
lrm_text_find_control(const char *text, size_t len, long *cp)
{
	size_t pos = 0;

	while (pos < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
					 (utf8proc_ssize_t)(len - pos), &c);

		if (n < 1) {
			pos++;
			continue;
		}
		if (lrm_text_is_control(c)) {
			if (cp)
				*cp = c;
			return pos;
		}
		pos += (size_t)n;
	}
	return len;
}

lrm_status_t
lrm_text_strip_controls(const char *text, size_t len, char **out,
			size_t *removed, lrm_error_t *err)
{
	size_t pos = 0, bad, changed = 0;
	char *w;

	*out = NULL;
	if (removed)
		*removed = 0;
	if (!lrm_text_valid_utf8(text, len, &bad))
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "invalid UTF-8 at byte %zu", bad);
	*out = w = malloc(len + 1);
	if (!w)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	while (pos < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
					 (utf8proc_ssize_t)(len - pos), &c);

		if (lrm_text_is_control(c)) {
			changed++;
			if (is_control_space(c))
				*w++ = ' ';
		} else {
			memcpy(w, text + pos, (size_t)n);
			w += n;
		}
		pos += (size_t)n;
	}
	*w = '\0';
	if (removed)
		*removed = changed;
	return LRM_OK;
}

char *
lrm_text_escape(const char *text, size_t len, const char *keep)
{
	/* "\u10ffff" is the longest escape of one character (4 bytes) */
	size_t pos = 0, cap = len * 2 + 1, used = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (pos < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n;
		char esc[16];
		const char *piece = text + pos;
		size_t plen = 0;

		/* a run of printable ASCII, most of any text, is kept as it
		 * is without asking utf8proc byte by byte */
		while (pos + plen < len && text[pos + plen] >= 0x20 &&
		       text[pos + plen] < 0x7f)
			plen++;
		if (plen) {
			n = (utf8proc_ssize_t)plen;
		} else if ((n = utf8proc_iterate(
				    (const utf8proc_uint8_t *)text + pos,
				    (utf8proc_ssize_t)(len - pos), &c)) < 1) {
			plen = (size_t)snprintf(esc, sizeof(esc), "\\x%02x",
						(unsigned char)text[pos]);
			piece = esc;
			n = 1;
		} else if (lrm_text_is_control(c) &&
			   !(c < 0x80 && c && keep && strchr(keep, (int)c))) {
			plen = (size_t)snprintf(esc, sizeof(esc),
						c < 0x80 ? "\\x%02x" : "\\u%04x",
						(unsigned)c);
			piece = esc;
		} else {
			plen = (size_t)n;
		}
		if (used + plen + 1 > cap) {
			char *grown;

			cap = (used + plen + 1) * 2;
			grown = realloc(out, cap);
			if (!grown) {
				free(out);
				return NULL;
			}
			out = grown;
		}
		memcpy(out + used, piece, plen);
		used += plen;
		pos += (size_t)n;
	}
	out[used] = '\0';
	return out;
}
