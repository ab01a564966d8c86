/* search/cli.c - lrmsearch: options, running the query, output for people
 * and for programs. */
#define _GNU_SOURCE
#include "searcher.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lrm/abstracts.h"
#include "cli.h"
#include "lrm/fields.h"
#include "lrm/index.h"
#include "lrm/paper.h"
#include "lrm/text.h"
#include "lrm/xapian.h"

static const char *const program = "lrmsearch";

#define BUNDLED_DATASET LRM_SOURCE_DIR "/data/papers.yaml"
#define BUNDLED_SYNONYMS LRM_SOURCE_DIR "/data/synonyms.txt"
#define BUNDLED_ABSTRACTS LRM_SOURCE_DIR "/data/abstracts.yaml"

/* Highlight markers inside snippets: bytes that never occur in text. */
#define HI_START "\x01"
#define HI_END "\x02"

/* Indexes up to this size always count matches exactly (a few ms at
 * most); above it a plain search shows Xapian's estimate ("about N"), so
 * that top-k matching keeps it fast (bench/README.md: at 100,000 papers
 * exact counting made p99 five times slower). */
#define EXACT_COUNT_UP_TO 10000

/* Longer queries are refused: no search needs them, and parsing them
 * could take long. */
#define MAX_QUERY_BYTES 65536
#define MAX_QUERY_WORDS 1000

/* The largest --limit and --offset. */
#define MAX_COUNT 1000000000UL

/* Queries matching fewer papers than this may get a spelling suggestion. */
#define SUGGEST_BELOW 3

enum sort_order { SORT_RELEVANCE, SORT_DATE };

struct options {
	unsigned limit, offset;
	int count_only, facets, json, color;
	enum sort_order sort;
	const char *index;
	char *query; /* the arguments joined by spaces */
};

struct facet {
	char *value;
	unsigned count;
};

struct facets {
	struct facet *items;
	size_t n;
};

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... QUERY...\n"
		"Search a curated list of research papers.\n"
		"\n"
		"Example: %s \"latent reasoning\"\n"
		"\n"
		"Options:\n"
		"  -n, --limit=N       show at most N results (default 10)\n"
		"      --offset=N      skip the first N results\n"
		"  -c, --count         print only the number of matches\n"
		"      --facets        also count matches by year, venue and "
		"section\n"
		"      --sort=ORDER    'relevance' (default; ties newest first) or\n"
		"                      'date' (newest first)\n"
		"  -j, --json          print one JSON object for programs\n"
		"      --color=WHEN    'auto' (default), 'always' or 'never';\n"
		"                      NO_COLOR in the environment means never\n"
		"  -i, --index=DIR     the index to search (default $LRM_INDEX,\n"
		"                      else one built from the bundled dataset)\n"
		"  -h, --help          display this help and exit\n"
		"  -V, --version       output version information and exit\n"
		"\n"
		"Query language (words are ANDed; an empty query matches all):\n"
		"  a OR b, a AND b, a NOT b, a XOR b, (...)   boolean operators\n"
		"  +must -mustnot                             required, excluded\n"
		"  \"exact phrase\", a NEAR b                   phrases, proximity\n"
		"  reason*                                    wildcard\n"
		"  title: abstract: author: venue: section:   fields\n"
		"  id: code:yes year:2025 date:2025-03        filters\n"
		"  year:2024..2025 date:2025-01..2025-06      ranges\n"
		"\n"
		"Exit status is 0 when something matched, 1 when nothing did,\n"
		"and 2 on a usage error or a query that cannot be parsed.\n",
		program, program);
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */
/* ------------------------------------------------------------------ */

static int
parse_count(const char *arg, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (!arg || *arg == '-' || *arg == '\0')
		return -1;
	v = strtoul(arg, &end, 10);
	if (errno || *end != '\0' || v > MAX_COUNT)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Undo Xapian's HTML escaping of snippets, in place. */
static void
html_decode(char *s)
{
	static const struct {
		const char *entity;
		char c;
	} entities[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
		{"&#39;", '\''}, {"&apos;", '\''},
	};
	char *r = s, *w = s;

	while (*r) {
		int done = 0;

		if (*r == '&') {
			for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
				size_t n = strlen(entities[i].entity);

				if (strncmp(r, entities[i].entity, n) == 0) {
					*w++ = entities[i].c;
					r += n;
					done = 1;
					break;
				}
			}
		}
		if (!done)
			*w++ = *r++;
	}
	*w = '\0';
}

/* Remove the highlight markers, in place. */
static void
strip_markers(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != HI_START[0] && *r != HI_END[0])
			*w++ = *r;
	*w = '\0';
}

/* S as a JSON string.  Control characters, the invisible ones beyond
 * ASCII too (C1, bidi overrides, zero-width: lrm_text_is_control()), are
 * written as \\u escapes: the value is the same, and JSON printed on a
 * terminal cannot drive it. */
static void
json_string(FILE *out, const char *s)
{
	const char *p = s ? s : "";
	size_t len = strlen(p), pos = 0;

	fputc('"', out);
	while (pos < len) {
		unsigned char c = (unsigned char)p[pos];
		long cp = -1;
		size_t n = 1;

		if (c >= 0x80) {
			/* one character (the text is valid UTF-8), as it is
			 * unless it is a control */
			n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (n > len - pos)
				n = len - pos;
			if (!lrm_text_valid_utf8(p + pos, n, NULL)) {
				/* never from the index, which holds valid
				 * UTF-8; a byte at a time, replaced */
				fputs("\\ufffd", out);
				n = 1;
			} else if (lrm_text_find_control(p + pos, n, &cp) != 0)
				fwrite(p + pos, 1, n, out);
			else if (cp > 0xffff)
				fprintf(out, "\\u%04lx\\u%04lx",
					0xd800 + ((cp - 0x10000) >> 10),
					0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				fprintf(out, "\\u%04lx", cp);
			pos += n;
			continue;
		}
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
		pos++;
	}
	fputc('"', out);
}

static void
json_string_or_null(FILE *out, const char *s)
{
	if (s)
		json_string(out, s);
	else
		fputs("null", out);
}

static unsigned
terminal_width(void)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");
	unsigned w;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (columns && parse_count(columns, &w) == 0 && w >= 20)
		return w;
	return 80;
}

/* ------------------------------------------------------------------ */
/* Opening the index                                                  */
/* ------------------------------------------------------------------ */

/* The default index DIR, opened into *DB: a failure that means it is
 * damaged says how to rebuild it (lrmindex with the bundled dataset, as
 * lrmsearch builds it: the same files, so lrmsearch takes it as fresh). */
static lrm_status_t
open_default_dir(const char *dir, lrm_xapian_db_t **db, lrm_error_t *err)
{
	char before[PATH_MAX + 64], after[2 * PATH_MAX + 128];
	lrm_status_t status = lrm_index_open(dir, db, err);

	if (status)
		return status;
	snprintf(before, sizeof(before), "the index %s is damaged (", dir);
	snprintf(after, sizeof(after),
		 "); rebuild it with `lrmindex build --full --index %s %s`",
		 dir, BUNDLED_DATASET);
	if (lrm_xapian_db_set_damage_message(*db, before, after)) {
		lrm_xapian_db_destroy(*db);
		*db = NULL;
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	return LRM_OK;
}

/* With no --index and no LRM_INDEX: the index of the bundled dataset in
 * the cache directory, built on first use and rebuilt when the dataset
 * or the synonym table changed, or the index format (LRM_INDEX_FORMAT, to
 * be raised whenever what is indexed changes), or when it cannot be
 * opened.  A build waits for another one that holds the lock at most
 * lrm_index_wait_default() seconds. */
static lrm_status_t
open_default_index(lrm_xapian_db_t **db, lrm_error_t *err)
{
	const char *files[] = {BUNDLED_DATASET, BUNDLED_SYNONYMS, BUNDLED_ABSTRACTS};
	/* the abstracts only when they were fetched */
	size_t n_files = access(BUNDLED_ABSTRACTS, F_OK) == 0 ? 3 : 2;
	char dir[PATH_MAX], hash[17], *have = NULL;
	struct lrm_dataset dataset = {0};
	struct lrm_synonyms synonyms = {0};
	struct lrm_abstracts abstracts = {0};
	struct lrm_index_options opts = {
		.jobs = 1,
		.batch = LRM_INDEX_BATCH,
		.wait = -1,
		.notify = lrm_cli_notify,
		.ctx = (void *)program,
	};
	lrm_status_t status;

	status = lrm_index_default_dir(dir, sizeof(dir), err);
	if (!status)
		status = lrm_index_hash_files(files, n_files, hash, err);
	if (status)
		return status;
	if (open_default_dir(dir, db, NULL) == LRM_OK) {
		char *format = NULL;
		int fresh =
			lrm_xapian_db_get_metadata(*db, LRM_META_DATASET_HASH,
						   &have) == LRM_XAPIAN_SUCCESS &&
			lrm_xapian_db_get_metadata(*db, LRM_META_FORMAT,
						   &format) == LRM_XAPIAN_SUCCESS &&
			strcmp(have, hash) == 0 &&
			strcmp(format, LRM_INDEX_FORMAT) == 0;

		free(have);
		free(format);
		if (fresh)
			return LRM_OK;
		lrm_xapian_db_destroy(*db);
		*db = NULL;
	}
	lrm_cli_note(program, "building the index of %s in %s", BUNDLED_DATASET,
		     dir);
	/* before the data takes the memory (no room: the build says so) */
	(void)lrm_index_reserve_stack();
	status = lrm_dataset_load(&dataset, BUNDLED_DATASET, err);
	if (!status)
		status = lrm_synonyms_load(&synonyms, BUNDLED_SYNONYMS, err);
	if (!status && n_files == 3)
		status = lrm_abstracts_load(&abstracts, BUNDLED_ABSTRACTS, err);
	if (!status)
		status = lrm_index_build_with(dir, &dataset,
					      n_files == 3 ? &abstracts : NULL,
					      &synonyms, hash, &opts, NULL, err);
	lrm_synonyms_clear(&synonyms);
	lrm_abstracts_clear(&abstracts);
	lrm_dataset_clear(&dataset);
	if (!status)
		status = open_default_dir(dir, db, err);
	return status;
}

/* ------------------------------------------------------------------ */
/* Query errors                                                       */
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
		if (lrm_text_is_operator(q + start, n)) {
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

/* Columns of a query shown around an error; a longer query is cut to a
 * window around the caret. */
#define QUERY_SHOWN 72

/* Show QUERY with a caret under byte POS.  The query is escaped, as
 * anything typed or pasted may hold control characters. */
static void
report_bad_query(const char *query, size_t pos, const char *why)
{
	size_t len = strlen(query), start = 0, end = len;
	char *before = NULL, *shown = NULL;

	if (pos > len)
		pos = len;
	/* a window of about QUERY_SHOWN columns, cut on character
	 * boundaries, with the caret a third of the way in */
	if (lrm_text_width(query, len) > QUERY_SHOWN) {
		size_t width = 0;

		/* back from the caret, a character at a time */
		start = pos;
		while (start > 0) {
			size_t prev = start - 1;

			while (prev > 0 && ((unsigned char)query[prev] & 0xc0) == 0x80)
				prev--;
			width += lrm_text_width(query + prev, start - prev);
			if (width > QUERY_SHOWN / 3)
				break;
			start = prev;
		}
		end = start + lrm_text_fit(query + start, len - start, QUERY_SHOWN);
		if (end < pos)
			end = pos;
	}
	before = lrm_text_escape(query + start, pos - start, NULL);
	shown = lrm_text_escape(query + start, end - start, NULL);
	lrm_cli_error(program, "couldn't parse query: %s", why);
	if (before && shown)
		fprintf(stderr, "  %s%s%s\n  %*s^\n", start ? "…" : "", shown,
			end < len ? "…" : "",
			(int)(lrm_text_width(before, strlen(before)) + (start ? 1 : 0)),
			"");
	free(before);
	free(shown);
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

/* Whether V (LEN bytes) is a value, or a range A..B of values (either end
 * may be left open), of the filter year: (MONTHS 0) or date: (1). */
static int
is_filter_range(const char *v, size_t len, int months)
{
	const char *dots = NULL;

	for (size_t i = 0; i + 1 < len; i++)
		if (v[i] == '.' && v[i + 1] == '.') {
			dots = v + i;
			break;
		}
	if (!dots)
		return is_year_or_month(v, len, months);
	if (dots == v && dots + 2 == v + len)
		return 0; /* ".." alone */
	return (dots == v || is_year_or_month(v, (size_t)(dots - v), months)) &&
	       (dots + 2 == v + len ||
		is_year_or_month(dots + 2, len - (size_t)(dots + 2 - v), months));
}

static int
valid_year(const char *v, size_t len)
{
	return is_filter_range(v, len, 0);
}

static int
valid_date(const char *v, size_t len)
{
	return is_filter_range(v, len, 1);
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

/* What Xapian's parser would quietly guess at, refused with the place:
 * control characters, an unclosed quote or bracket, a stray ')', a filter
 * value that cannot match (year:abc), too many words (operators are not
 * words).  Returns 0 when QUERY is fine. */
static int
check_query(const char *q)
{
	size_t len = strlen(q), open_quote = 0, words = 0, word_start = 0;
	size_t stack[64], depth = 0, bad_filter = 0;
	int quoted = 0, in_word = 0, word_quoted = 0, have_bad_filter = 0;
	char why[256], filter_why[256];

	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)q[i] : ' ';
		/* “ and ” are quotes too, as the parser sees them */
		int quote = c == '"' ||
			    (c == 0xe2 && i + 2 < len && (unsigned char)q[i + 1] == 0x80 &&
			     ((unsigned char)q[i + 2] == 0x9c ||
			      (unsigned char)q[i + 2] == 0x9d));
		int space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			    (!quoted && (c == '(' || c == ')'));

		if ((c < 0x20 && !space) || c == 0x7f) {
			snprintf(why, sizeof(why), "control character 0x%02x", c);
			report_bad_query(q, i, why);
			return -1;
		}
		if (!space && !in_word) {
			word_start = i;
			word_quoted = quoted;
		}
		if (space && in_word) {
			size_t n = i - word_start;

			if (word_quoted || !lrm_text_is_operator(q + word_start, n))
				words++;
			/* the first bad value, reported once the brackets
			 * and quotes are known to be right */
			if (!word_quoted && !have_bad_filter)
				have_bad_filter =
					check_filter(q, word_start, n, &bad_filter,
						     filter_why, sizeof(filter_why));
		}
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
				report_bad_query(q, i, "')' without a '(' before it");
				return -1;
			}
			depth--;
		}
	}
	if (quoted) {
		report_bad_query(q, open_quote, "a '\"' without a closing one");
		return -1;
	}
	if (depth) {
		size_t at = depth - 1 < sizeof(stack) / sizeof(stack[0])
				    ? stack[depth - 1]
				    : stack[sizeof(stack) / sizeof(stack[0]) - 1];

		report_bad_query(q, at, "a '(' without a closing ')'");
		return -1;
	}
	if (words > MAX_QUERY_WORDS) {
		snprintf(why, sizeof(why), "%zu words; a query has at most %d",
			 words, MAX_QUERY_WORDS);
		report_bad_query(q, 0, why);
		return -1;
	}
	if (have_bad_filter) {
		report_bad_query(q, bad_filter, filter_why);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Facets                                                             */
/* ------------------------------------------------------------------ */

static void
facets_clear(struct facets *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->items[i].value);
	free(f->items);
	f->items = NULL;
	f->n = 0;
}

static int
facets_add(struct facets *f, const char *value, size_t len, unsigned count)
{
	struct facet *grown;

	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->items[i].value) == len &&
		    memcmp(f->items[i].value, value, len) == 0) {
			f->items[i].count += count;
			return 0;
		}
	grown = realloc(f->items, (f->n + 1) * sizeof(*f->items));
	if (!grown)
		return -1;
	f->items = grown;
	f->items[f->n].value = strndup(value, len);
	if (!f->items[f->n].value)
		return -1;
	f->items[f->n++].count = count;
	return 0;
}

static int
facet_cmp(const void *a, const void *b)
{
	const struct facet *fa = a, *fb = b;

	if (fa->count != fb->count)
		return fa->count > fb->count ? -1 : 1;
	return strcmp(fa->value, fb->value);
}

static int
facet_cmp_value_desc(const void *a, const void *b)
{
	const struct facet *fa = a, *fb = b;

	return strcmp(fb->value, fa->value);
}

/* Read SPY's counts into OUT.  Multi-valued slots hold values joined by
 * LRM_FACET_SEP: each value counts once per paper.  YEAR_SLOT values are
 * sortable_serialise()d numbers. */
static int
collect_facet(lrm_xapian_spy_t *spy, int year_slot, struct facets *out)
{
	unsigned n = 0;

	if (lrm_xapian_spy_collect(spy, 0, &n))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const char *value;
		size_t len;
		unsigned freq;

		if (lrm_xapian_spy_value(spy, i, &value, &len, &freq))
			return -1;
		if (year_slot) {
			char buf[16];
			int w = snprintf(buf, sizeof(buf), "%d",
					 (int)lrm_xapian_sortable_unserialise(value, len));
			if (facets_add(out, buf, (size_t)w, freq))
				return -1;
			continue;
		}
		while (len) {
			const char *sep = memchr(value, LRM_FACET_SEP, len);
			size_t part = sep ? (size_t)(sep - value) : len;

			if (part && facets_add(out, value, part, freq))
				return -1;
			if (!sep)
				break;
			len -= part + 1;
			value = sep + 1;
		}
	}
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items),
		      year_slot ? facet_cmp_value_desc : facet_cmp);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output                                                             */
/* ------------------------------------------------------------------ */

struct hit {
	unsigned rank;
	double score;
	struct lrm_dataset one; /* the paper */
	char *title_hl;		/* title with markers */
	char *snippet;		/* with markers */
	char *authors;		/* names joined by LRM_FACET_SEP, or NULL */
};

/* Snippets of the abstract: about two lines. */
#define SNIPPET_BYTES 240

/* Print TEXT (with markers) in COLOR or plain, at most MAXW columns; with
 * WRAP, word-wrapped onto up to LINES lines indented by INDENT. */
static void
print_marked(FILE *out, const char *text, unsigned maxw, int color,
	     const char *hi_on, const char *hi_off, unsigned indent, int lines)
{
	unsigned col = 0;
	int line = 1, on = 0;
	const char *p = text;

	while (*p) {
		/* the next word, with the space before it */
		const char *w = p;
		size_t n;
		unsigned wwidth;

		while (*w == ' ')
			w++;
		n = strcspn(w, " ");
		{
			char word[1024];
			size_t copy = n < sizeof(word) - 1 ? n : sizeof(word) - 1;

			memcpy(word, w, copy);
			word[copy] = '\0';
			strip_markers(word);
			wwidth = (unsigned)lrm_text_width(word, strlen(word));
		}
		if (col && col + 1 + wwidth > maxw) {
			if (line >= lines) {
				fputs(color ? "\x1b[0m…" : "…", out);
				if (on && color)
					on = 0;
				break;
			}
			fprintf(out, "\n%*s", (int)indent, "");
			col = 0;
			line++;
		} else if (col) {
			fputc(' ', out);
			col++;
		}
		for (size_t i = 0; i < n; i++) {
			if (w[i] == HI_START[0]) {
				on = 1;
				if (color)
					fputs(hi_on, out);
			} else if (w[i] == HI_END[0]) {
				on = 0;
				if (color)
					fputs(hi_off, out);
			} else {
				fputc(w[i], out);
			}
		}
		col += wwidth;
		if (col > maxw && lines == 1)
			break;
		p = w + n;
	}
	if (on && color)
		fputs(hi_off, out);
}

/* NAMES ("A,B,C") on one line of at most MAXW columns, "et al." when cut. */
static void
print_authors(FILE *out, const char *names, unsigned maxw)
{
	unsigned col = 0;
	const char *p = names;

	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned w = (unsigned)lrm_text_width(p, n);
		unsigned sep = col ? 2 : 0;

		if (col && col + sep + w + 8 > maxw && p[n]) {
			fputs(", et al.", out);
			return;
		}
		if (col + sep + w > maxw) {
			fputs(col ? ", et al." : "", out);
			return;
		}
		fprintf(out, "%s%.*s", col ? ", " : "", (int)n, p);
		col += sep + w;
		p += n + (p[n] ? 1 : 0);
	}
}

/* Print S, from the index, with its control characters escaped: a title
 * or a venue must never clear the screen or hide a link's target. */
static void
put_safe(FILE *out, const char *s)
{
	char *safe = lrm_text_escape(s, strlen(s), NULL);

	fputs(safe ? safe : "?", out);
	free(safe);
}

/* Replace the malloc()ed string *S (may be NULL) by its escaped form,
 * letting the bytes of KEEP through; -1 when out of memory. */
static int
escape_in_place(char **s, const char *keep)
{
	char *safe;

	if (!*s)
		return 0;
	safe = lrm_text_escape(*s, strlen(*s), keep);
	if (!safe)
		return -1;
	free(*s);
	*s = safe;
	return 0;
}

static void
print_human(FILE *out, const struct options *o, const struct hit *hits,
	    size_t n, const lrm_xapian_estimate_t *est, const char *suggestion,
	    const struct facets facets[3])
{
	unsigned width = terminal_width();
	const char *bold = "\x1b[1m", *reset = "\x1b[0m", *dim = "\x1b[2m",
		   *hi = "\x1b[1;33m", *hi_off = "\x1b[22;39m";
	int c = o->color;

	if (suggestion) {
		fprintf(out, "Did you mean: %s", c ? bold : "");
		put_safe(out, suggestion);
		fprintf(out, "%s\n\n", c ? reset : "");
	}
	for (size_t i = 0; i < n; i++) {
		const struct lrm_paper *p = &hits[i].one.papers[0];
		const struct lrm_listing *l = lrm_paper_primary(p);
		const char *sections[16];
		size_t ns = lrm_paper_sections(p, sections, 16);
		char num[16];
		int nw = snprintf(num, sizeof(num), "%u. ", hits[i].rank);

		fprintf(out, "%s%s%s", c ? bold : "", num, "");
		print_marked(out, hits[i].title_hl, width - (unsigned)nw, c, hi,
			     "\x1b[22;39m\x1b[1m", (unsigned)nw, 2);
		fprintf(out, "%s\n", c ? reset : "");
		fprintf(out, "%*s%s", nw, "", c ? dim : "");
		if (l && l->venue)
			put_safe(out, l->venue);
		if (l && l->date) {
			fputs(l->venue ? " · " : "", out);
			put_safe(out, l->date);
		}
		for (size_t s = 0; s < ns && s < 16; s++) {
			fputs(s == 0 ? " · " : "; ", out);
			put_safe(out, sections[s]);
		}
		fprintf(out, "%s\n", c ? reset : "");
		if (hits[i].authors) {
			char *names = strdup(hits[i].authors);

			for (char *p = names; p && *p; p++)
				if (*p == LRM_FACET_SEP)
					*p = ',';
			if (names) {
				/* "A,B" -> "A, B": print_marked breaks at spaces */
				fprintf(out, "%*s", nw, "");
				print_authors(out, names, width - (unsigned)nw);
				fputc('\n', out);
			}
			free(names);
		}
		if (l && (l->paper || l->code)) {
			fprintf(out, "%*s", nw, "");
			if (l->paper)
				put_safe(out, l->paper);
			if (l->code) {
				fputs(l->paper ? "  code: " : "code: ", out);
				put_safe(out, l->code);
			}
			fputc('\n', out);
		}
		if (hits[i].snippet && *hits[i].snippet) {
			fprintf(out, "%*s", nw, "");
			print_marked(out, hits[i].snippet, width - (unsigned)nw, c,
				     hi, hi_off, (unsigned)nw, 2);
			fputc('\n', out);
		}
		fputc('\n', out);
	}
	if (est->estimated == 0)
		fprintf(out, "No papers match.\n");
	else if (n == 0)
		fprintf(out, "No results past %u (of %s%u).\n", o->offset,
			est->lower == est->upper ? "" : "about ", est->estimated);
	else
		fprintf(out, "%s%u–%u of %s%u%s\n", c ? dim : "", o->offset + 1,
			o->offset + (unsigned)n,
			est->lower == est->upper ? "" : "about ", est->estimated,
			c ? reset : "");
	if (o->facets) {
		static const char *const names[3] = {"Year", "Venue", "Section"};

		for (int f = 0; f < 3; f++) {
			fprintf(out, "\n%s%s%s\n", c ? bold : "", names[f],
				c ? reset : "");
			for (size_t i = 0; i < facets[f].n; i++) {
				fprintf(out, "  %5u  ", facets[f].items[i].count);
				put_safe(out, facets[f].items[i].value);
				fputc('\n', out);
			}
		}
	}
}

static void
print_json(FILE *out, const struct options *o, const struct hit *hits,
	   size_t n, unsigned total, const char *suggestion,
	   const struct facets facets[3])
{
	fputs("{\"query\": ", out);
	json_string(out, o->query);
	fprintf(out, ", \"total\": %u", total);
	if (suggestion) {
		fputs(", \"suggestion\": ", out);
		json_string(out, suggestion);
	}
	fputs(", \"results\": [", out);
	for (size_t i = 0; i < n; i++) {
		const struct lrm_paper *p = &hits[i].one.papers[0];
		const struct lrm_listing *l = lrm_paper_primary(p);
		const char *sections[64];
		size_t ns = lrm_paper_sections(p, sections, 64);
		char *snippet = hits[i].snippet ? strdup(hits[i].snippet) : NULL;

		if (snippet)
			strip_markers(snippet);
		fprintf(out, "%s\n  {\"rank\": %u, \"id\": ", i ? "," : "",
			hits[i].rank);
		json_string(out, p->id);
		fputs(", \"title\": ", out);
		json_string(out, p->title);
		fputs(", \"venue\": ", out);
		json_string_or_null(out, l ? l->venue : NULL);
		fputs(", \"date\": ", out);
		json_string_or_null(out, l ? l->date : NULL);
		fputs(", \"sections\": [", out);
		for (size_t s = 0; s < ns && s < 64; s++) {
			if (s)
				fputs(", ", out);
			json_string(out, sections[s]);
		}
		fputs("], \"paper\": ", out);
		json_string_or_null(out, l ? l->paper : NULL);
		fputs(", \"code\": ", out);
		json_string_or_null(out, l ? l->code : NULL);
		fputs(", \"arxiv\": ", out);
		json_string_or_null(out, l ? l->arxiv : NULL);
		fprintf(out, ", \"score\": %.4f, \"snippet\": ", hits[i].score);
		json_string_or_null(out, snippet);
		fputs(", \"authors\": [", out);
		for (const char *a = hits[i].authors; a && *a;) {
			size_t n = strcspn(a, "\x1f");
			char *name = strndup(a, n);

			fprintf(out, "%s", a == hits[i].authors ? "" : ", ");
			json_string(out, name ? name : "");
			free(name);
			a += n + (a[n] ? 1 : 0);
		}
		fputs("]}", out);
		free(snippet);
	}
	fputs(n ? "\n]" : "]", out);
	if (o->facets) {
		static const char *const names[3] = {"year", "venue", "section"};

		fputs(", \"facets\": {", out);
		for (int f = 0; f < 3; f++) {
			fprintf(out, "%s\"%s\": [", f ? ", " : "", names[f]);
			for (size_t i = 0; i < facets[f].n; i++) {
				fputs(i ? ", {\"value\": " : "{\"value\": ", out);
				json_string(out, facets[f].items[i].value);
				fprintf(out, ", \"count\": %u}", facets[f].items[i].count);
			}
			fputc(']', out);
		}
		fputc('}', out);
	}
	fputs("}\n", out);
}

/* ------------------------------------------------------------------ */
/* Searching                                                          */
/* ------------------------------------------------------------------ */

static const unsigned parse_flags =
	LRM_XAPIAN_QP_BOOLEAN | LRM_XAPIAN_QP_PHRASE | LRM_XAPIAN_QP_LOVEHATE |
	LRM_XAPIAN_QP_WILDCARD | LRM_XAPIAN_QP_PURE_NOT |
	LRM_XAPIAN_QP_SPELLING_CORRECTION | LRM_XAPIAN_QP_AUTO_MULTIWORD_SYNONYMS;

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

/* Parse the normalised query NQ into *Q (an empty query matches all). */
static lrm_xapian_status_t
parse_query(lrm_xapian_qparser_t *qp, const char *nq, lrm_xapian_query_t **q)
{
	lrm_xapian_status_t st;
	char *hated;

	if (strspn(nq, " \t\r\n") == strlen(nq))
		return lrm_xapian_query_match_all(q);
	/* Xapian reads a query that only excludes as if the '-' were not
	 * there; "-a -b" means every paper without a or b. */
	hated = only_excluded(nq);
	if (hated) {
		lrm_xapian_query_t *all = NULL, *not = NULL;

		st = lrm_xapian_qparser_parse(qp, hated, parse_flags, NULL, &not);
		if (!st)
			st = lrm_xapian_query_match_all(&all);
		if (!st)
			st = lrm_xapian_query_combine(LRM_XAPIAN_OP_AND_NOT, all, not, q);
		lrm_xapian_query_destroy(all);
		lrm_xapian_query_destroy(not);
		free(hated);
		return st;
	}
	st = lrm_xapian_qparser_parse(qp, nq, parse_flags, NULL, q);
	if (!st && lrm_xapian_query_is_empty(*q)) {
		/* only stopwords or punctuation: nothing can match */
		return LRM_XAPIAN_SUCCESS;
	}
	return st;
}

static lrm_xapian_status_t
count_matches(lrm_xapian_db_t *db, const lrm_xapian_query_t *q, unsigned docs,
	      unsigned *count)
{
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_estimate_t est;
	lrm_xapian_status_t st;

	st = lrm_xapian_enquire_create(db, &enq);
	if (!st)
		st = lrm_xapian_enquire_set_query(enq, q);
	if (!st)
		st = lrm_xapian_enquire_get_mset(enq, 0, 0, docs, &mset);
	if (!st) {
		lrm_xapian_mset_matches(mset, &est);
		*count = est.estimated;
	}
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	return st;
}

/* Whether CORRECTED replaces a word of QUERY that the index knows: that
 * word is no misspelling ("SFT" is not "soft"), whatever is more common. */
static int
corrects_known_word(lrm_xapian_db_t *db, const char *query,
		    const char *corrected)
{
	size_t qlen = strlen(query), clen = strlen(corrected);
	size_t qpos = 0, cpos = 0, qs, qn, cs, cn;

	while (lrm_text_next_word(query, qlen, &qpos, &qs, &qn)) {
		char word[256];
		unsigned freq = 0;

		if (!lrm_text_next_word(corrected, clen, &cpos, &cs, &cn))
			cn = 0;
		if (cn == qn && memcmp(query + qs, corrected + cs, qn) == 0)
			continue;
		if (qn >= sizeof(word))
			continue;
		memcpy(word, query + qs, qn);
		word[qn] = '\0';
		if (lrm_xapian_db_term_freq(db, word, &freq) == 0 && freq > 0)
			return 1;
	}
	return 0;
}

/* What the index keeps beside the paper record: a snippet of the abstract
 * around the words that matched, and the authors. */
static lrm_status_t
read_extras(lrm_xapian_mset_t *mset, lrm_xapian_doc_t *doc, struct hit *hit,
	    lrm_error_t *err)
{
	char *abstract = NULL;
	size_t len = 0;
	lrm_xapian_status_t st;

	st = lrm_xapian_doc_get_value(doc, LRM_SLOT_AUTHORS, &hit->authors, &len);
	if (!st && len == 0) {
		free(hit->authors);
		hit->authors = NULL;
	}
	if (!st)
		st = lrm_xapian_doc_get_value(doc, LRM_SLOT_ABSTRACT, &abstract, &len);
	if (st)
		return lrm_error_set(err, LRM_ERR_INDEX, "reading a document: %s",
				     lrm_xapian_doc_last_error(doc));
	if (len) {
		st = lrm_xapian_mset_snippet(
			mset, abstract, len, SNIPPET_BYTES, LRM_STEM_LANGUAGE,
			LRM_XAPIAN_SNIPPET_BACKGROUND_MODEL |
				LRM_XAPIAN_SNIPPET_EXHAUSTIVE,
			HI_START, HI_END, "…", &hit->snippet);
		if (st) {
			free(abstract);
			return lrm_error_set(err, LRM_ERR_INDEX, "making a snippet: %s",
					     lrm_xapian_mset_last_error(mset));
		}
		html_decode(hit->snippet);
	}
	free(abstract);
	return LRM_OK;
}

static int
run(const struct options *o)
{
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_qparser_t *qp = NULL;
	lrm_xapian_query_t *q = NULL, *cq = NULL;
	lrm_xapian_enquire_t *enq = NULL;
	lrm_xapian_mset_t *mset = NULL;
	lrm_xapian_spy_t *spies[3] = {NULL, NULL, NULL};
	struct facets facets[3] = {{0}};
	struct hit *hits = NULL;
	lrm_xapian_estimate_t est = {0};
	lrm_xapian_status_t st;
	lrm_error_t err = {0};
	char *nq = NULL, *corrected = NULL, *suggestion = NULL;
	unsigned docs = 0, size = 0, total;
	int ret = LRM_EXIT_ERROR;

	if (check_query(o->query))
		goto cleanup;
	if (lrm_text_normalize_query(o->query, strlen(o->query), &nq, &err)) {
		lrm_cli_error(program, "bad query: %s", err.msg);
		goto cleanup;
	}
	if (o->index ? lrm_index_open(o->index, &db, &err)
		     : (getenv("LRM_INDEX") && *getenv("LRM_INDEX"))
			       ? lrm_index_open(getenv("LRM_INDEX"), &db, &err)
			       : open_default_index(&db, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	st = lrm_xapian_db_doc_count(db, &docs);
	if (!st)
		st = lrm_xapian_qparser_create(&qp);
	if (!st)
		st = lrm_xapian_qparser_set_stemmer(qp, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_qparser_set_stemming_strategy(qp, LRM_XAPIAN_STEM_SOME);
	if (!st)
		st = lrm_xapian_qparser_set_database(qp, db);
	if (!st)
		st = lrm_xapian_qparser_set_default_op(qp, LRM_XAPIAN_OP_AND);
	if (st || lrm_fields_setup_qparser(qp, &err)) {
		lrm_cli_error(program, "%s", st ? lrm_xapian_db_last_error(db) : err.msg);
		goto cleanup;
	}
	st = parse_query(qp, nq, &q);
	if (st == LRM_XAPIAN_BAD_QUERY) {
		report_bad_query(o->query, error_position(o->query),
				 lrm_xapian_qparser_last_error(qp));
		goto cleanup;
	} else if (st) {
		lrm_cli_error(program, "%s", lrm_xapian_qparser_last_error(qp));
		goto cleanup;
	}
	if (lrm_xapian_qparser_corrected_query(qp, &corrected)) {
		lrm_cli_error(program, "%s", lrm_xapian_qparser_last_error(qp));
		goto cleanup;
	}

	st = lrm_xapian_enquire_create(db, &enq);
	if (!st)
		st = lrm_xapian_enquire_set_query(enq, q);
	if (!st)
		st = lrm_xapian_enquire_set_bm25(enq, 1.2, 0, 1, 0.5, 0.5);
	/* Ties (and an empty query, where every weight is 0) go newest
	 * first; --sort date orders by date alone. */
	if (!st) {
		/* the id last, so that the order never depends on the order in
		 * which papers were indexed (an update adds new ones last) */
		static const unsigned slots[] = {LRM_SLOT_DATE, LRM_SLOT_ID};
		static const int descending[] = {1, 0};

		st = o->sort == SORT_DATE
			     ? lrm_xapian_enquire_set_sort_values(enq, slots,
								  descending, 2)
			     : lrm_xapian_enquire_set_sort_relevance_then_values(
				       enq, slots, descending, 2);
	}
	for (int f = 0; o->facets && f < 3 && !st; f++) {
		static const unsigned slots[3] = {LRM_SLOT_YEAR, LRM_SLOT_VENUES,
						  LRM_SLOT_SECTIONS};
		st = lrm_xapian_spy_create(slots[f], &spies[f]);
		if (!st)
			st = lrm_xapian_enquire_add_spy(enq, spies[f]);
	}
	/* Exact counts, and so exact facets and exit statuses, cost little on
	 * an index of this size; on a huge one a plain search settles for
	 * Xapian's estimate, as top-k matching is what makes it fast. */
	if (!st)
		st = lrm_xapian_enquire_get_mset(
			enq, o->offset, o->count_only ? 0 : o->limit,
			(o->count_only || o->facets || o->json ||
			 docs <= EXACT_COUNT_UP_TO)
				? docs
				: 0,
			&mset);
	if (st) {
		lrm_cli_error(program, "search failed: %s",
			      enq ? lrm_xapian_enquire_last_error(enq)
				  : lrm_xapian_db_last_error(db));
		goto cleanup;
	}
	lrm_xapian_mset_matches(mset, &est);
	total = est.estimated;

	/* A better spelling: only for a query that matches nothing or
	 * little, and only one that matches clearly more ("MoE" is not a
	 * misspelling of "more"). */
	if (corrected && *corrected && total < SUGGEST_BELOW &&
	    !corrects_known_word(db, nq, corrected)) {
		unsigned better = 0;

		if (lrm_xapian_qparser_parse(qp, corrected, parse_flags &
					     ~(unsigned)LRM_XAPIAN_QP_SPELLING_CORRECTION,
					     NULL, &cq) == 0 &&
		    count_matches(db, cq, docs, &better) == 0 &&
		    better > 2 * total)
			suggestion = corrected;
	}
	if (o->count_only) {
		printf("%u\n", total);
		ret = total ? LRM_EXIT_OK : LRM_EXIT_NOMATCH;
		goto cleanup;
	}
	for (int f = 0; o->facets && f < 3; f++)
		if (collect_facet(spies[f], f == 0, &facets[f])) {
			lrm_cli_error(program, "counting facets failed");
			goto cleanup;
		}

	size = lrm_xapian_mset_size(mset);
	hits = calloc(size ? size : 1, sizeof(*hits));
	if (!hits) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	for (unsigned i = 0; i < size; i++) {
		lrm_xapian_hit_t h;
		lrm_xapian_doc_t *doc = NULL;
		const struct lrm_paper *p;

		st = lrm_xapian_mset_hit(mset, i, &h);
		if (!st)
			st = lrm_xapian_mset_document(mset, i, &doc);
		if (st) {
			lrm_cli_error(program, "reading results failed: %s",
				      lrm_xapian_mset_last_error(mset));
			goto cleanup;
		}
		if (lrm_index_doc_paper(doc, &hits[i].one, &err) ||
		    read_extras(mset, doc, &hits[i], &err)) {
			lrm_xapian_doc_destroy(doc);
			lrm_cli_error(program, "%s", err.msg);
			goto cleanup;
		}
		lrm_xapian_doc_destroy(doc);
		p = &hits[i].one.papers[0];
		hits[i].rank = h.rank + 1;
		hits[i].score = h.weight;
		/* The title with the words that matched highlighted. */
		st = lrm_xapian_mset_snippet(mset, p->title, strlen(p->title),
					     strlen(p->title) * 2 + 16,
					     LRM_STEM_LANGUAGE, 0, HI_START, HI_END,
					     "", &hits[i].title_hl);
		if (st) {
			lrm_cli_error(program, "%s", lrm_xapian_mset_last_error(mset));
			goto cleanup;
		}
		html_decode(hits[i].title_hl);
		/* For people: escaped, keeping the highlight markers and the
		 * authors' separators (JSON escapes everything itself). */
		if (!o->json &&
		    (escape_in_place(&hits[i].title_hl, HI_START HI_END) ||
		     escape_in_place(&hits[i].snippet, HI_START HI_END) ||
		     escape_in_place(&hits[i].authors, "\x1f"))) {
			lrm_cli_error(program, "out of memory");
			goto cleanup;
		}
	}

	if (o->json)
		print_json(stdout, o, hits, size, total, suggestion, facets);
	else
		print_human(stdout, o, hits, size, &est, suggestion, facets);
	if (fflush(stdout) != 0) {
		lrm_cli_error(program, "cannot write to standard output");
		goto cleanup;
	}
	ret = total ? LRM_EXIT_OK : LRM_EXIT_NOMATCH;
cleanup:
	for (unsigned i = 0; hits && i < size; i++) {
		lrm_dataset_clear(&hits[i].one);
		free(hits[i].title_hl);
		free(hits[i].snippet);
		free(hits[i].authors);
	}
	free(hits);
	for (int f = 0; f < 3; f++) {
		facets_clear(&facets[f]);
		lrm_xapian_spy_destroy(spies[f]);
	}
	lrm_xapian_mset_destroy(mset);
	lrm_xapian_enquire_destroy(enq);
	lrm_xapian_query_destroy(q);
	lrm_xapian_query_destroy(cq);
	lrm_xapian_qparser_destroy(qp);
	lrm_xapian_db_destroy(db);
	free(corrected);
	free(nq);
	return ret;
}

static char *
join_args(int argc, char **argv)
{
	size_t len = 1;
	char *q;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	q = malloc(len);
	if (!q)
		return NULL;
	q[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(q, " ");
		strcat(q, argv[i]);
	}
	return q;
}

int
lrm_searcher_main(int argc, char **argv)
{
	enum { OPT_OFFSET = 256, OPT_FACETS, OPT_SORT, OPT_COLOR };
	static const struct option options[] = {
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"count", no_argument, NULL, 'c'},
		{"facets", no_argument, NULL, OPT_FACETS},
		{"sort", required_argument, NULL, OPT_SORT},
		{"json", no_argument, NULL, 'j'},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"index", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {.limit = 10};
	const char *color = "auto", *no_color = getenv("NO_COLOR");
	int opt, ret;

	optind = 0; /* callable more than once (tests) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:n:cji:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			/* -n 0 would show nothing and still say the papers
			 * match: what --count is for */
			if (parse_count(optarg, &o.limit) || o.limit == 0) {
				lrm_cli_error(program, "invalid limit '%s': expected "
					      "a number of results from 1 to "
					      "%lu (--count prints only how "
					      "many match)", optarg, MAX_COUNT);
				return LRM_EXIT_ERROR;
			}
			break;
		case OPT_OFFSET:
			if (parse_count(optarg, &o.offset)) {
				lrm_cli_error(program, "invalid offset '%s': expected "
					      "a number", optarg);
				return LRM_EXIT_ERROR;
			}
			break;
		case 'c':
			o.count_only = 1;
			break;
		case OPT_FACETS:
			o.facets = 1;
			break;
		case OPT_SORT:
			if (strcmp(optarg, "relevance") == 0)
				o.sort = SORT_RELEVANCE;
			else if (strcmp(optarg, "date") == 0)
				o.sort = SORT_DATE;
			else {
				lrm_cli_error(program, "invalid sort order '%s': "
					      "expected 'relevance' or 'date'", optarg);
				return LRM_EXIT_ERROR;
			}
			break;
		case 'j':
			o.json = 1;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never")) {
				lrm_cli_error(program, "invalid --color '%s': expected "
					      "'auto', 'always' or 'never'", optarg);
				return LRM_EXIT_ERROR;
			}
			color = optarg;
			break;
		case 'i':
			o.index = optarg;
			break;
		case 'h':
			usage(stdout);
			return LRM_EXIT_OK;
		case 'V':
			lrm_cli_print_version(stdout, program);
			return LRM_EXIT_OK;
		default:
			lrm_cli_bad_option(program, opt, argv[optind - 1], optopt);
			return LRM_EXIT_ERROR;
		}
	}
	if (strcmp(color, "always") == 0)
		o.color = 1;
	else if (strcmp(color, "auto") == 0)
		o.color = isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
			  !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0);
	o.query = join_args(argc - optind, argv + optind);
	if (!o.query) {
		lrm_cli_error(program, "out of memory");
		return LRM_EXIT_ERROR;
	}
	if (strlen(o.query) > MAX_QUERY_BYTES) {
		lrm_cli_error(program, "query too long: %zu bytes (at most %d)",
			      strlen(o.query), MAX_QUERY_BYTES);
		free(o.query);
		return LRM_EXIT_ERROR;
	}
	ret = run(&o);
	free(o.query);
	return ret;
}
