/* lib/query.c - the query language (see lrm/query.h): the checks before
 * parsing, normalisation, the rewrite of a query that only excludes, and
 * Xapian's parser with our flags and fields. */
#define _GNU_SOURCE
#include "lrm/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/arxiv.h"
#include "lrm/buf.h"
#include "lrm/fields.h"
#include "lrm/text.h"

/* How every query is parsed: boolean operators, phrases, +/-, wildcards,
 * NOT alone, spelling correction (asked for or not per parse) and the
 * field's multi-word synonyms ("cot" is also "chain of thought"). */
static const unsigned parse_flags =
	LRM_XAPIAN_QP_BOOLEAN | LRM_XAPIAN_QP_PHRASE | LRM_XAPIAN_QP_LOVEHATE |
	LRM_XAPIAN_QP_WILDCARD | LRM_XAPIAN_QP_PURE_NOT |
	LRM_XAPIAN_QP_AUTO_MULTIWORD_SYNONYMS;

/* Common English words, left out of queries outside phrases: the
 * Snowball project's English stop list (BSD licence), less the words
 * that carry meaning in this field's titles ("no", "not", "only", "few",
 * "more", "most", "same", "very", "over", "under", "again", "against",
 * "before", "after", "between", "through", "out", "off", "up", "down",
 * "all", "any", "each", "both", "other", "some", "such", "own", "than",
 * "too", "can", "will", "should", "now", "just", "when", "where", "why",
 * "how", "what", "which", "who"): "less is more", "when to think". */
static const char *const stopwords[] = {
	"a", "about", "am", "an", "and", "are", "as", "at", "be", "been",
	"being", "but", "by", "did", "do", "does", "doing", "during", "for",
	"from", "further", "had", "has", "have", "having", "he", "her",
	"here", "hers", "herself", "him", "himself", "his", "i", "if", "in",
	"into", "is", "it", "its", "itself", "me", "my", "myself", "nor",
	"of", "on", "once", "or", "our", "ours", "ourselves", "she", "so",
	"that", "the", "their", "theirs", "them", "themselves", "then",
	"there", "these", "they", "this", "those", "to", "until", "was", "we",
	"were", "while", "whom", "with", "would", "you", "your", "yours",
	"yourself", "yourselves",
};

/* ------------------------------------------------------------------ */
/* Operators and normalisation                                        */
/* ------------------------------------------------------------------ */

int
lrm_query_is_operator(const char *s, size_t n)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR",
					  "ADJ"};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t k = strlen(ops[i]);

		if (n < k || memcmp(ops[i], s, k) != 0)
			continue;
		if (n == k)
			return 1;
		/* NEAR/3, ADJ/2 */
		if ((strcmp(ops[i], "NEAR") == 0 || strcmp(ops[i], "ADJ") == 0) &&
		    n > k + 1 && s[k] == '/') {
			size_t d = k + 1;

			while (d < n && s[d] >= '0' && s[d] <= '9')
				d++;
			if (d == n)
				return 1;
		}
	}
	return 0;
}

static int
is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

lrm_status_t
lrm_query_normalize(const char *query, size_t len, char **out,
			 lrm_error_t *err)
{
	struct lrm_buf res;
	size_t seg = 0, i = 0;
	size_t bad;

	*out = NULL;
	if (!lrm_text_valid_utf8(query, len, &bad))
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "invalid UTF-8 at byte %zu", bad);
	/* NFKC makes a character at most 18 times longer */
	lrm_buf_init(&res, 18 * len + 1);
	/* Walk the query; each operator word ends the segment before it,
	 * which is normalised, and is copied as it is. */
	while (i <= len) {
		size_t op_len = 0;

		if (i < len && query[i] >= 'A' && query[i] <= 'Z' &&
		    (i == 0 || !is_ascii_alnum(query[i - 1])) &&
		    (unsigned char)(i == 0 ? ' ' : query[i - 1]) < 0x80) {
			size_t j = i;

			while (j < len && query[j] >= 'A' && query[j] <= 'Z')
				j++;
			if ((j == len || (!is_ascii_alnum(query[j]) &&
					  (unsigned char)query[j] < 0x80)) &&
			    lrm_query_is_operator(query + i, j - i))
				op_len = j - i;
		}
		if (op_len || i == len) {
			char *norm = NULL;
			lrm_status_t status =
				lrm_text_normalize(query + seg, i - seg, &norm, err);

			if (status) {
				lrm_buf_free(&res);
				return status;
			}
			lrm_buf_adds(&res, norm);
			lrm_buf_add(&res, query + i, op_len);
			free(norm);
			if (i == len)
				break;
			i += op_len;
			seg = i;
			continue;
		}
		i++;
	}
	*out = lrm_buf_take(&res);
	if (!*out)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* Checks before parsing                                              */
/* ------------------------------------------------------------------ */

/* Where in QUERY the parse most likely went wrong: an unbalanced bracket,
 * or an operator with nothing on one side.  Returns a byte offset, or
 * strlen(QUERY) for "at the end". */
static size_t
error_position(const char *q)
{
	size_t len = strlen(q), depth = 0, open_at = 0, prev_end = 0;
	int prev_was_op = 1; /* the start is like after an operator */
	size_t i = 0;

	while (i < len) {
		size_t start, n;

		if (q[i] == ' ' || q[i] == '\t') {
			i++;
			continue;
		}
		if (q[i] == '(') {
			if (depth++ == 0)
				open_at = i;
			prev_was_op = 1;
			i++;
			continue;
		}
		if (q[i] == ')') {
			if (depth == 0)
				return i;
			if (prev_was_op && prev_end)
				return prev_end;
			depth--;
			prev_was_op = 0;
			i++;
			continue;
		}
		start = i;
		while (i < len && q[i] != ' ' && q[i] != '\t' && q[i] != '(' &&
		       q[i] != ')')
			i++;
		n = i - start;
		if (lrm_query_is_operator(q + start, n)) {
			int unary_ok = strncmp(q + start, "NOT", n) == 0;

			if (prev_was_op && !unary_ok)
				return start;
			prev_was_op = 1;
			prev_end = start;
		} else {
			prev_was_op = 0;
		}
	}
	if (depth)
		return open_at;
	if (prev_was_op && prev_end)
		return prev_end;
	return len;
}

/* Whether VALUE (LEN bytes, normalised) is YYYY, with DASH_MONTH also
 * "-MM" after it (a month of 01 to 12). */
static int
is_year_or_month(const char *v, size_t len, int dash_month)
{
	if (len != (dash_month ? 7u : 4u) || strspn(v, "0123456789") < 4)
		return 0;
	if (!dash_month)
		return 1;
	return v[4] == '-' && v[5] >= '0' && v[5] <= '1' && v[6] >= '0' &&
	       v[6] <= '9' && !(v[5] == '0' && v[6] == '0') &&
	       !(v[5] == '1' && v[6] > '2');
}

static int
is_year(const char *v, size_t len)
{
	return is_year_or_month(v, len, 0);
}

static int
is_month(const char *v, size_t len)
{
	return is_year_or_month(v, len, 1);
}

/* Whether V (LEN bytes) is "YYYY-MM-DD", a day of the calendar. */
static int
is_day(const char *v, size_t len)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int year, month, day;

	if (len != 10 || !is_month(v, 7) || v[7] != '-' || v[8] < '0' ||
	    v[8] > '3' || v[9] < '0' || v[9] > '9')
		return 0;
	year = atoi(v);
	month = (v[5] - '0') * 10 + (v[6] - '0');
	day = (v[8] - '0') * 10 + (v[9] - '0');
	if (day < 1 || day > days[month - 1])
		return 0;
	/* 29 February of a leap year only */
	return !(month == 2 && day == 29 &&
		 !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)));
}

/* Whether V (LEN bytes) is a year, a month or a day, for added:, whose
 * shorter values stand for every day they begin. */
static int
is_year_month_or_day(const char *v, size_t len)
{
	return is_year(v, len) || is_month(v, len) || is_day(v, len);
}

/* Whether V (LEN bytes) is a value, or a range A..B of values (either end
 * may be left open), each of them as ONE says. */
static int
is_filter_range(const char *v, size_t len, int (*one)(const char *, size_t))
{
	const char *dots = NULL;

	for (size_t i = 0; i + 1 < len; i++)
		if (v[i] == '.' && v[i + 1] == '.') {
			dots = v + i;
			break;
		}
	if (!dots)
		return one(v, len);
	if (dots == v && dots + 2 == v + len)
		return 0; /* ".." alone */
	return (dots == v || one(v, (size_t)(dots - v))) &&
	       (dots + 2 == v + len ||
		one(dots + 2, len - (size_t)(dots + 2 - v)));
}

static int
valid_year(const char *v, size_t len)
{
	return is_filter_range(v, len, is_year);
}

static int
valid_date(const char *v, size_t len)
{
	return is_filter_range(v, len, is_month);
}

static int
valid_added(const char *v, size_t len)
{
	return is_filter_range(v, len, is_year_month_or_day);
}

static int
valid_code(const char *v, size_t len)
{
	return (len == 3 && memcmp(v, "yes", 3) == 0) ||
	       (len == 2 && memcmp(v, "no", 2) == 0);
}

/* The filters whose values can be checked before searching: a typo there
 * ("year:202", "code:maybe") would otherwise quietly match nothing. */
static const struct {
	const char *field; /* with its ':' */
	int (*valid)(const char *v, size_t len);
	const char *expected;
} checked_filters[] = {
	{"year:", valid_year, "a year or a range of years, such as year:2025 "
			      "or year:2024..2025"},
	{"date:", valid_date, "a month or a range of months, such as "
			      "date:2025-03 or date:2025-01..2025-06"},
	{"added:", valid_added, "a day, a month or a year, or a range of "
				"them, such as added:2026-11-05, "
				"added:2026-11 or added:2026-11-01.."},
	{"code:", valid_code, "yes or no, as in code:yes"},
};

/* Whether the byte C may be part of a word, for where a field prefix can
 * start: Xapian's parser starts a term after any other character
 * ("latent,year:2025" filters by year). */
static int
is_term_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* A bad filter value in the word at Q[START] (N bytes, outside quotes):
 * its byte offset in Q and the message, into *AT and WHY; 0 when the
 * word holds none. */
static int
check_filter(const char *q, size_t start, size_t n, size_t *at, char *why,
	     size_t why_size)
{
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		const char *w = q + start + i;

		/* "year:abc" is a phrase, not a filter */
		if (*w == '"')
			quoted = !quoted;
		if (quoted || (i > 0 && is_term_byte((unsigned char)w[-1])))
			continue;
		for (size_t f = 0;
		     f < sizeof(checked_filters) / sizeof(checked_filters[0]); f++) {
			size_t k = strlen(checked_filters[f].field);
			const char *v = w + k;
			size_t vn, vlen;
			char *norm = NULL;
			int ok;

			if (n - i < k || strncmp(w, checked_filters[f].field, k) != 0)
				continue;
			vn = n - i - k;
			/* year:"2025" is the same filter */
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
			/* full-width digits and odd dashes are fine: compare
			 * the value as the index will see it */
			if (lrm_text_normalize(v, vn, &norm, NULL) != LRM_OK)
				return 0; /* invalid UTF-8: reported later */
			vlen = strlen(norm);
			ok = checked_filters[f].valid(norm, vlen);
			free(norm);
			if (ok)
				return 0;
			snprintf(why, why_size, "%s expects %s",
				 checked_filters[f].field,
				 checked_filters[f].expected);
			*at = (size_t)(w + k - q);
			return 1;
		}
	}
	return 0;
}

/* Whether Q[I] (LEN bytes in all) starts a quote: '"', or “ and ”, which
 * the parser takes for quotes too. */
static int
is_quote(const char *q, size_t i, size_t len)
{
	const unsigned char *u = (const unsigned char *)q;

	return u[i] == '"' || (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x80 &&
			       (u[i + 2] == 0x9c || u[i + 2] == 0x9d));
}

/* What lrm_query_check() learns from the words of a query. */
struct words {
	size_t n;	 /* words, operators aside */
	int bad;	 /* a filter value that cannot match was seen */
	size_t bad_at;	 /* the first one's offset */
	char why[256];	 /* and what is wrong with it */
};

/* The word at Q[START] (N bytes), inside quotes when QUOTED, into W. */
static void
count_word(const char *q, size_t start, size_t n, int quoted, struct words *w)
{
	if (quoted || !lrm_query_is_operator(q + start, n))
		w->n++;
	/* the first bad value, reported once the brackets and quotes are
	 * known to be right */
	if (!quoted && !w->bad)
		w->bad = check_filter(q, start, n, &w->bad_at, w->why,
				      sizeof(w->why));
}

lrm_status_t
lrm_query_check(const char *q, size_t *at, lrm_error_t *err)
{
	size_t len = strlen(q), open_quote = 0, word_start = 0;
	size_t stack[64], depth = 0;
	int quoted = 0, in_word = 0, word_quoted = 0;
	struct words words = {0};

	*at = 0;
	if (len > LRM_QUERY_MAX_BYTES)
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "too long: %zu bytes; a query has at most %d",
				     len, LRM_QUERY_MAX_BYTES);

	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)q[i] : ' ';
		int quote = i < len && is_quote(q, i, len);
		int space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			    (!quoted && (c == '(' || c == ')'));

		if ((c < 0x20 && !space) || c == 0x7f) {
			*at = i;
			return lrm_error_set(err, LRM_ERR_QUERY,
					     "control character 0x%02x", c);
		}
		if (!space && !in_word) {
			word_start = i;
			word_quoted = quoted;
		}
		if (space && in_word)
			count_word(q, word_start, i - word_start, word_quoted,
				   &words);
		in_word = !space;
		if (quote) {
			if (!quoted)
				open_quote = i;
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if (c == '(') {
			/* past 64 levels, the 64th '(' stands for the rest */
			if (depth < sizeof(stack) / sizeof(stack[0]))
				stack[depth] = i;
			depth++;
		} else if (c == ')') {
			if (depth == 0) {
				*at = i;
				return lrm_error_set(err, LRM_ERR_QUERY,
						     "')' without a '(' before it");
			}
			depth--;
		}
	}
	if (quoted) {
		*at = open_quote;
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "a '\"' without a closing one");
	}
	if (depth) {
		*at = depth - 1 < sizeof(stack) / sizeof(stack[0])
			      ? stack[depth - 1]
			      : stack[sizeof(stack) / sizeof(stack[0]) - 1];
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "a '(' without a closing ')'");
	}
	if (words.n > LRM_QUERY_MAX_WORDS)
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "%zu words; a query has at most %d", words.n,
				     LRM_QUERY_MAX_WORDS);
	if (words.bad) {
		*at = words.bad_at;
		return lrm_error_set(err, LRM_ERR_QUERY, "%s", words.why);
	}
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

/* If every word of Q is excluded ("-survey -multimodal"), a malloc()ed
 * copy of Q without the '-' signs, joined by OR; else NULL. */
static char *
only_excluded(const char *q)
{
	size_t len = strlen(q), i = 0, words = 0;
	char *pos = malloc(len * 4 + 1), *w = pos;
	int quoted = 0;

	if (!pos)
		return NULL;
	while (i < len) {
		while (i < len && (q[i] == ' ' || q[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (q[i] != '-' || i + 1 == len || q[i + 1] == ' ') {
			free(pos);
			return NULL;
		}
		i++;
		if (words++)
			w += sprintf(w, " OR ");
		while (i < len && (quoted || (q[i] != ' ' && q[i] != '\t'))) {
			if (q[i] == '"')
				quoted = !quoted;
			*w++ = q[i++];
		}
	}
	*w = '\0';
	if (words == 0) {
		free(pos);
		return NULL;
	}
	return pos;
}

/* Parse the normalised query NQ into *Q with FLAGS (an empty query
 * matches all). */
static lrm_xapian_status_t
parse_normalized(lrm_xapian_qparser_t *qp, const char *nq, unsigned flags,
		 lrm_xapian_query_t **q)
{
	lrm_xapian_status_t st;
	char *hated;

	/* Xapian reads a query that only excludes as if the '-' were not
	 * there; "-a -b" means every paper without a or b. */
	hated = only_excluded(nq);
	if (hated) {
		lrm_xapian_query_t *all = NULL, *not = NULL;

		st = lrm_xapian_qparser_parse(qp, hated, flags, NULL, &not);
		if (!st)
			st = lrm_xapian_query_match_all(&all);
		if (!st)
			st = lrm_xapian_query_combine(LRM_XAPIAN_OP_AND_NOT, all, not, q);
		lrm_xapian_query_destroy(all);
		lrm_xapian_query_destroy(not);
		free(hated);
		return st;
	}
	/* only stopwords or punctuation give an empty query: nothing
	 * matches it */
	return lrm_xapian_qparser_parse(qp, nq, flags, NULL, q);
}

/* Whether TEXT is plain words: no quote, bracket, operator, or word that
 * starts with '+' or '-'; a field prefix (title:) is fine. */
static int
is_plain(const char *text)
{
	size_t len = strlen(text), pos = 0;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '(' || text[i] == ')' || is_quote(text, i, len))
			return 0;
	while (pos < len) {
		size_t start, n;

		while (pos < len && (text[pos] == ' ' || text[pos] == '\t'))
			pos++;
		start = pos;
		while (pos < len && text[pos] != ' ' && text[pos] != '\t')
			pos++;
		n = pos - start;
		if (n && (text[start] == '+' || text[start] == '-' ||
			  lrm_query_is_operator(text + start, n)))
			return 0;
	}
	return 1;
}

/* The arXiv id TEXT names, when it is one id or link and nothing else,
 * into *ID (malloc()ed); else *ID is NULL. */
static lrm_status_t
pasted_id(const char *text, char **id, lrm_error_t *err)
{
	size_t start = strspn(text, " \t"), n = strcspn(text + start, " \t");
	char *one, *version = NULL;
	enum lrm_arxiv_link kind = LRM_ARXIV_LINK_NONE;
	lrm_status_t status;

	*id = NULL;
	if (n == 0 || text[start + n + strspn(text + start + n, " \t")] != '\0')
		return LRM_OK;
	one = strndup(text + start, n);
	if (!one)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	status = lrm_arxiv_link_parse(one, &kind, id, &version, err);
	if (!status && kind == LRM_ARXIV_LINK_NONE) {
		/* a bare id, maybe with its version, maybe after "arXiv:" */
		const char *bare = one;
		size_t idn;

		if (strncmp(bare, "arxiv:", 6) == 0)
			bare += 6;
		idn = lrm_arxiv_id_length(bare, strlen(bare));
		if (lrm_arxiv_id_valid(bare, idn) && !(*id = strndup(bare, idn)))
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	free(version);
	free(one);
	return status;
}

/* TEXT's words alone (letters and digits), one space apart, into *OUT. */
static lrm_status_t
words_only(const char *text, char **out, lrm_error_t *err)
{
	size_t len = strlen(text), pos = 0, start, n;
	struct lrm_buf b;

	lrm_buf_init(&b, len + 1);
	while (lrm_text_next_word(text, len, &pos, &start, &n)) {
		if (lrm_buf_str(&b)[0])
			lrm_buf_addc(&b, ' ');
		lrm_buf_add(&b, text + start, n);
	}
	*out = lrm_buf_take(&b);
	return *out ? LRM_OK : lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
}

/* OUT->normalized, plain words, parsed again with the words ORed into
 * OUT->loose: what matches some of the words. */
static lrm_xapian_status_t
parse_loose(lrm_xapian_qparser_t *qp, struct lrm_query *out)
{
	lrm_xapian_status_t st = lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_OR);

	if (!st)
		st = lrm_xapian_qparser_parse(qp, out->normalized, parse_flags, NULL,
					      &out->loose);
	if (st == LRM_XAPIAN_SUCCESS || st == LRM_XAPIAN_BAD_QUERY) {
		lrm_xapian_status_t back =
			lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND);

		if (st == LRM_XAPIAN_BAD_QUERY) {
			/* the strict parse passed: no loose one, then */
			lrm_xapian_query_destroy(out->loose);
			out->loose = NULL;
			st = LRM_XAPIAN_SUCCESS;
		}
		if (!st)
			st = back;
	}
	return st;
}

/* Parse OUT->normalized (not empty) into OUT with FLAGS (the query was
 * PLAIN words): strict, then loose. */
static lrm_xapian_status_t
parse_words(lrm_xapian_qparser_t *qp, unsigned flags, int plain,
	    struct lrm_query *out)
{
	unsigned xflags = parse_flags;
	lrm_xapian_status_t st;
	size_t pos = 0, start, n, words = 0;

	if (flags & LRM_QUERY_SPELLING)
		xflags |= LRM_XAPIAN_QP_SPELLING_CORRECTION;
	st = parse_normalized(qp, out->normalized, xflags, &out->xq);
	if (st == LRM_XAPIAN_BAD_QUERY && plain) {
		/* a pasted title ("Thinking... fast", "A* search"): its
		 * words */
		char *words_text = NULL;

		if (words_only(out->normalized, &words_text, NULL))
			return LRM_XAPIAN_NO_MEMORY;
		free(out->normalized);
		out->normalized = words_text;
		st = parse_normalized(qp, out->normalized, xflags, &out->xq);
	}
	if (!st && (flags & LRM_QUERY_SPELLING))
		st = lrm_xapian_qparser_corrected_query(qp, &out->corrected);
	if (!st)
		st = lrm_xapian_qparser_stopped(qp, &out->ignored);
	while (lrm_text_next_word(out->normalized, strlen(out->normalized), &pos,
				  &start, &n))
		words++;
	if (!st && plain && words > 1)
		st = parse_loose(qp, out);
	return st;
}

lrm_status_t
lrm_query_parse(lrm_xapian_qparser_t *qp, const char *text, unsigned flags,
		struct lrm_query *out, size_t *at, lrm_error_t *err)
{
	lrm_xapian_status_t st;
	lrm_status_t status;

	memset(out, 0, sizeof(*out));
	*at = 0;
	/* invalid UTF-8 first: its bytes would look like anything to the
	 * checks below (a bracket, say) */
	if (!lrm_text_valid_utf8(text, strlen(text), at))
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "invalid UTF-8 at byte %zu", *at);
	status = lrm_query_check(text, at, err);
	if (status)
		return status;
	status = lrm_query_normalize(text, strlen(text), &out->normalized, err);
	if (status == LRM_ERR_PARSE) {
		size_t bad = 0;

		(void)lrm_text_valid_utf8(text, strlen(text), &bad);
		*at = bad;
		return lrm_error_set(err, LRM_ERR_QUERY,
				     "invalid UTF-8 at byte %zu", bad);
	}
	if (!status)
		status = pasted_id(out->normalized, &out->pasted, err);
	if (status) {
		lrm_query_clear(out);
		return status;
	}
	if (out->pasted) {
		char *term = malloc(strlen(LRM_PREFIX_ARXIV) + strlen(out->pasted) + 1);

		if (!term) {
			lrm_query_clear(out);
			return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		}
		sprintf(term, "%s%s", LRM_PREFIX_ARXIV, out->pasted);
		st = lrm_xapian_query_term(term, &out->xq);
		free(term);
	} else if (strspn(out->normalized, " \t\r\n") == strlen(out->normalized)) {
		out->empty = 1;
		st = lrm_xapian_query_match_all(&out->xq);
	} else {
		st = parse_words(qp, flags, is_plain(text), out);
	}
	if (!st && !out->ignored && !(out->ignored = strdup("")))
		st = LRM_XAPIAN_NO_MEMORY;
	if (!st) {
		if (out->corrected && !*out->corrected) {
			free(out->corrected);
			out->corrected = NULL;
		}
		return LRM_OK;
	}
	if (st == LRM_XAPIAN_BAD_QUERY) {
		*at = error_position(text);
		status = lrm_error_set(err, LRM_ERR_QUERY, "%s",
				       lrm_xapian_qparser_last_error(qp));
	} else {
		status = lrm_error_set(err,
				       st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
								  : LRM_ERR_INDEX,
				       "parsing the query: %s",
				       lrm_xapian_qparser_last_error(qp));
	}
	lrm_query_clear(out);
	return status;
}

void
lrm_query_clear(struct lrm_query *q)
{
	lrm_xapian_query_destroy(q->xq);
	lrm_xapian_query_destroy(q->loose);
	free(q->normalized);
	free(q->corrected);
	free(q->ignored);
	free(q->pasted);
	memset(q, 0, sizeof(*q));
}

lrm_status_t
lrm_query_parser_create(lrm_xapian_db_t *db, lrm_xapian_qparser_t **out,
			lrm_error_t *err)
{
	lrm_xapian_qparser_t *qp = NULL;
	lrm_xapian_status_t st = lrm_xapian_qparser_create(&qp);

	*out = NULL;
	if (!st)
		st = lrm_xapian_qparser_set_stemmer(qp, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_qparser_set_stemming_strategy(qp, LRM_XAPIAN_STEM_SOME);
	if (!st)
		st = lrm_xapian_qparser_set_database(qp, db);
	if (!st)
		st = lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND);
	if (!st)
		st = lrm_xapian_qparser_set_stopwords(
			qp, stopwords, sizeof(stopwords) / sizeof(stopwords[0]));
	if (st) {
		lrm_status_t status = lrm_error_set(
			err, st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM : LRM_ERR_INDEX,
			"cannot set up the query parser: %s",
			qp ? lrm_xapian_qparser_last_error(qp) : "out of memory");

		lrm_xapian_qparser_destroy(qp);
		return status;
	}
	if (lrm_fields_setup_qparser(qp, err)) {
		lrm_xapian_qparser_destroy(qp);
		return err ? err->status : LRM_ERR_INDEX;
	}
	*out = qp;
	return LRM_OK;
}
