/* indexer/list.c - awesome-list Markdown to rows of papers (see list.h).
 *
 * Awesome lists are GitHub-flavoured Markdown, but all we need from them is
 * ATX headings and pipe tables, read line by line so that every row keeps
 * its line number and a row that does not fit its table can be reported
 * rather than silently padded, as a full Markdown renderer would do.
 */
#define _POSIX_C_SOURCE 200809L
#include "list.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lrm/arxiv.h"
#include "lrm/buf.h"
#include "lrm/file.h"
#include "lrm/text.h"
#include "lrm/url.h"

#define LRM_LIST_MAX_BYTES (64u << 20)
#define MAX_HEADING_LEVEL 4 /* sections come from ## to #### */
#define MAX_LINK_SCAN 4096  /* bytes a link's text and URL may take */
#define MAX_LINE_BYTES (1u << 20) /* no real list has a longer line */
#define MAX_CELLS 1024		  /* nor a table row with more cells */
#define MAX_LINK_DEPTH 8    /* links inside links, e.g. an image in a link */

static char *
dup_range(const char *s, size_t n)
{
	char *copy = malloc(n + 1);

	if (copy) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	return copy;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static void
trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

/* ------------------------------------------------------------------ */
/* Inline Markdown to plain text                                      */
/* ------------------------------------------------------------------ */

static int
is_ascii_punct(char c)
{
	return c > 0x20 && c < 0x7f && ispunct((unsigned char)c);
}

static int
is_alnum_byte(char c)
{
	/* Any non-ASCII byte belongs to a letter as far as '_' is concerned. */
	return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{"&amp;", "&"},	  {"&lt;", "<"},   {"&gt;", ">"},   {"&quot;", "\""},
	{"&#39;", "'"},	  {"&apos;", "'"}, {"&nbsp;", " "}, {"&ndash;", "–"},
	{"&mdash;", "—"},
};

/* Where the link text starting at '[' (S[I]) ends: the index of the
 * matching ']' followed by '(' ... ')', with *URL_END the index of ')'.
 * 0 when this is no inline link. */
static size_t
link_end(const char *s, size_t n, size_t i, size_t *url_end)
{
	size_t j, depth = 0;

	/* Link text and URLs are short: looking no further than
	 * MAX_LINK_SCAN bytes keeps a line of a million '[' linear. */
	if (n - i > MAX_LINK_SCAN)
		n = i + MAX_LINK_SCAN;
	for (j = i + 1; j < n; j++) {
		if (s[j] == '\\' && j + 1 < n) {
			j++;
			continue;
		}
		if (s[j] == '[')
			depth++;
		else if (s[j] == ']') {
			if (depth == 0)
				break;
			depth--;
		}
	}
	if (j >= n || j + 1 >= n || s[j + 1] != '(')
		return 0;
	for (size_t k = j + 2; k < n; k++) {
		if (s[k] == ')') {
			*url_end = k;
			return j;
		}
		if (s[k] == ' ' && k + 1 < n && s[k + 1] != '"')
			return 0;
	}
	return 0;
}

static void
inline_text(struct lrm_buf *out, const char *s, size_t n, int depth)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < n && is_ascii_punct(s[i + 1])) {
			lrm_buf_addc(out, s[++i]);
		} else if (c == '*') {
			/* emphasis mark: dropped */
		} else if (c == '_') {
			/* '_' marks emphasis only at a word's edge
			 * (snake_case keeps its underscores). */
			int inside = i > 0 && i + 1 < n && is_alnum_byte(s[i - 1]) &&
				     is_alnum_byte(s[i + 1]);
			if (inside)
				lrm_buf_addc(out, c);
		} else if (c == '`') {
			size_t ticks = 0, j;

			while (i + ticks < n && s[i + ticks] == '`')
				ticks++;
			/* find the closing run of the same length */
			for (j = i + ticks; j < n; j++) {
				size_t run = 0;

				while (j + run < n && s[j + run] == '`')
					run++;
				if (run == ticks)
					break;
				j += run ? run - 1 : 0;
			}
			if (j < n) {
				lrm_buf_add(out, s + i + ticks, j - i - ticks);
				i = j + ticks - 1;
			} else {
				lrm_buf_add(out, s + i, ticks);
				i += ticks - 1;
			}
		} else if ((c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '[')) &&
			   depth < MAX_LINK_DEPTH) {
			size_t start = c == '!' ? i + 1 : i, url_end = 0;
			size_t close = link_end(s, n, start, &url_end);

			if (close) {
				inline_text(out, s + start + 1, close - start - 1,
					    depth + 1);
				i = url_end;
			} else {
				lrm_buf_addc(out, c);
			}
		} else if (c == '<' && i + 1 < n &&
			   (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/')) {
			const char *gt = memchr(s + i, '>', n - i);

			if (gt) {
				/* <br> and friends separate words */
				lrm_buf_addc(out, ' ');
				i = (size_t)(gt - s);
			} else {
				lrm_buf_addc(out, c);
			}
		} else if (c == '&') {
			size_t k, found = 0;

			for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
				size_t elen = strlen(entities[k].name);

				if (i + elen <= n &&
				    strncmp(s + i, entities[k].name, elen) == 0) {
					lrm_buf_add(out, entities[k].text,
						strlen(entities[k].text));
					i += elen - 1;
					found = 1;
					break;
				}
			}
			if (!found)
				lrm_buf_addc(out, c);
		} else {
			lrm_buf_addc(out, c);
		}
	}
}

char *
lrm_list_inline_text(const char *text, size_t len)
{
	struct lrm_buf raw, out;
	int space = 0;

	/* Markdown only ever shrinks as it becomes text: a cap at its
	 * length is never reached. */
	lrm_buf_init(&raw, len);
	lrm_buf_init(&out, len);
	inline_text(&raw, text, len, 0);
	if (raw.status)
		return NULL;
	/* collapse white space */
	for (size_t i = 0; i < raw.len; i++) {
		if (is_blank(raw.data[i])) {
			space = out.len > 0;
			continue;
		}
		if (space)
			lrm_buf_addc(&out, ' ');
		space = 0;
		lrm_buf_addc(&out, raw.data[i]);
	}
	lrm_buf_free(&raw);
	return lrm_buf_take(&out);
}

/* ------------------------------------------------------------------ */
/* Cells                                                              */
/* ------------------------------------------------------------------ */

int
lrm_list_parse_date(const char *text, char out[8])
{
	const char *p = text;
	int year = 0, month = 0, digits = 0;

	while (is_blank(*p))
		p++;
	for (; isdigit((unsigned char)*p) && digits < 4; p++, digits++)
		year = year * 10 + (*p - '0');
	if (digits != 4 || (*p != '.' && *p != '-' && *p != '/'))
		return 0;
	p++;
	for (digits = 0; isdigit((unsigned char)*p) && digits < 2; p++, digits++)
		month = month * 10 + (*p - '0');
	while (is_blank(*p))
		p++;
	if (digits == 0 || *p != '\0' || month < 1 || month > 12 ||
	    year < 1900 || year > 9999)
		return 0;
	snprintf(out, 8, "%04d-%02d", year % 10000, month % 100);
	return 1;
}

char *
lrm_list_split_venue(const char *venue, int *year)
{
	size_t n = strlen(venue), end = n, digits = 0;
	const char *s = venue;

	*year = 0;
	while (end > 0 && isdigit((unsigned char)s[end - 1]) && digits < 5) {
		end--;
		digits++;
	}
	if (digits == 2 || digits == 4) {
		int y = atoi(s + end);
		size_t name_end = end;

		/* "arXiv'25", "arXiv’25", "NeurIPS 2024", "ICLR'2025" */
		if (name_end >= 1 && s[name_end - 1] == '\'')
			name_end--;
		else if (name_end >= 3 &&
			 strncmp(s + name_end - 3, "\xe2\x80\x99", 3) == 0)
			name_end -= 3;
		else if (digits == 4 && name_end >= 1 && s[name_end - 1] == ' ')
			name_end--;
		else
			name_end = n; /* digits belong to the name: "GPT4" */
		if (name_end != n) {
			if (digits == 2)
				y += y < 70 ? 2000 : 1900;
			*year = y;
			n = name_end;
		}
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	return dup_range(s, n);
}

/* The URL a link cell holds: [text](url), <url> or a bare URL; NULL for
 * "-", an empty cell or a cell without a link. */
static char *
cell_url(const char *s, size_t n)
{
	const char *open;

	trim(&s, &n);
	if (n == 0 || (n == 1 && s[0] == '-'))
		return NULL;
	open = NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == ']' && s[i + 1] == '(') {
			open = s + i + 2;
			break;
		}
	}
	if (open) {
		const char *close = memchr(open, ')', n - (size_t)(open - s));
		size_t len;

		if (!close)
			return NULL;
		len = (size_t)(close - open);
		trim(&open, &len);
		/* [text](url "title") */
		for (size_t i = 0; i < len; i++)
			if (open[i] == ' ') {
				len = i;
				break;
			}
		return len ? dup_range(open, len) : NULL;
	}
	if (s[0] == '<' && s[n - 1] == '>')
		return dup_range(s + 1, n - 2);
	if ((n >= 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (n >= 8 && strncasecmp(s, "https://", 8) == 0))
		return dup_range(s, n);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The list                                                           */
/* ------------------------------------------------------------------ */

enum column {
	COL_OTHER = 0,
	COL_DATE,
	COL_TITLE,
	COL_VENUE,
	COL_PAPER,
	COL_CODE,
};

#define MAX_COLUMNS 256

struct parser {
	struct lrm_list *list;
	lrm_error_t *err;
	/* headings */
	char *headings[MAX_HEADING_LEVEL + 1]; /* [2..4] in use */
	int papers_level;		       /* 0: not under "Papers" */
	/* the current table */
	int in_table;	    /* in a table of papers */
	int skipping_table; /* in a table that lists no papers */
	size_t n_columns;
	enum column columns[MAX_COLUMNS];
};

static lrm_status_t
add_problem_va(struct lrm_list *list, unsigned line, unsigned column,
	       lrm_error_t *err, const char *fmt, va_list ap)
{
	struct lrm_problem *problem;
	size_t n = list->n_problems;
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* The array doubles when N is 0 or a power of two from 4 on: a
	 * hostile list can hold a million problems. */
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		size_t want = n ? n * 2 : 4;
		struct lrm_problem *grown =
			realloc(list->problems, want * sizeof(*grown));

		if (!grown)
			return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		list->problems = grown;
	}
	problem = &list->problems[n];
	problem->line = line;
	problem->column = column;
	problem->message = strdup(msg);
	if (!problem->message)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	list->n_problems++;
	return LRM_OK;
}

static lrm_status_t
add_problem(struct lrm_list *list, unsigned line, lrm_error_t *err,
	    const char *fmt, ...) LRM_PRINTF(4, 5);

static lrm_status_t
add_problem(struct lrm_list *list, unsigned line, lrm_error_t *err,
	    const char *fmt, ...)
{
	lrm_status_t status;
	va_list ap;

	va_start(ap, fmt);
	status = add_problem_va(list, line, 0, err, fmt, ap);
	va_end(ap);
	return status;
}

/* A problem at a column of LINE. */
static lrm_status_t
add_problem_at(struct lrm_list *list, unsigned line, unsigned column,
	       lrm_error_t *err, const char *fmt, ...) LRM_PRINTF(5, 6);

static lrm_status_t
add_problem_at(struct lrm_list *list, unsigned line, unsigned column,
	       lrm_error_t *err, const char *fmt, ...)
{
	lrm_status_t status;
	va_list ap;

	va_start(ap, fmt);
	status = add_problem_va(list, line, column, err, fmt, ap);
	va_end(ap);
	return status;
}

/* ------------------------------------------------------------------ */
/* Control characters                                                 */
/* ------------------------------------------------------------------ */

/* Problems reported per cell or heading; a line of a million ESCs gets
 * these and one more that counts the rest. */
#define MAX_CONTROL_PROBLEMS 10

/* The 1-based column, in characters, of AT in the line starting at
 * LINE_START. */
static unsigned
column_of(const char *line_start, const char *at)
{
	unsigned column = 1;

	for (const char *c = line_start; c < at; c++)
		column += ((unsigned char)*c & 0xC0) != 0x80;
	return column;
}

/* The N bytes at S, a WHAT ("a title") on LINE (starting at LINE_START),
 * without control characters: each is a problem at its column, and *OUT
 * is a malloc()ed copy without them (lrm_text_strip_controls()), or NULL
 * when S has none.  Tabs and other ASCII white space become spaces
 * without a problem: Markdown takes them for white space anyway. */
static lrm_status_t
strip_controls(struct parser *p, unsigned line, const char *line_start,
	       const char *s, size_t n, const char *what, char **out)
{
	size_t pos = 0, found = 0, blanks = 0;
	unsigned first_column = 0;
	lrm_status_t status = LRM_OK;

	*out = NULL;
	while (pos < n) {
		long cp = 0;
		size_t at = pos + lrm_text_find_control(s + pos, n - pos, &cp);
		unsigned column;

		if (at >= n)
			break;
		pos = at + (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		if (cp < 0x80 && is_blank((char)cp)) {
			blanks++;
			continue;
		}
		column = column_of(line_start, s + at);
		if (found++ == 0)
			first_column = column;
		if (found > MAX_CONTROL_PROBLEMS)
			continue;
		/* lrm_text_strip_controls() turns the line breaks among
		 * them into spaces. */
		status = add_problem_at(
			p->list, line, column, p->err,
			"control character U+%04lX in %s; %s", cp, what,
			cp == 0x85 || cp == 0x2028 || cp == 0x2029
				? "replaced by a space"
				: "removed");
		if (status)
			return status;
	}
	if (found > MAX_CONTROL_PROBLEMS) {
		status = add_problem_at(p->list, line, first_column, p->err,
					"%zu more control characters in %s; "
					"removed",
					found - MAX_CONTROL_PROBLEMS, what);
		if (status)
			return status;
	}
	if (found == 0 && blanks == 0)
		return LRM_OK;
	return lrm_text_strip_controls(s, n, out, NULL, p->err);
}

/* Split a table line into cells at unescaped pipes.  *STARTS and *LENS get up
 * to MAX cells; returns how many there are. */
static size_t
split_cells(const char *s, size_t n, const char **starts, size_t *lens,
	    size_t max)
{
	size_t count = 0, i = 0, cell;

	trim(&s, &n);
	if (n && s[0] == '|') {
		s++;
		n--;
	}
	if (n && s[n - 1] == '|' && !(n >= 2 && s[n - 2] == '\\'))
		n--;
	cell = 0;
	for (i = 0; i <= n; i++) {
		if (i + 1 < n && s[i] == '\\') {
			i++; /* an escaped character, maybe a pipe */
			continue;
		}
		if (i == n || s[i] == '|') {
			if (count < max) {
				starts[count] = s + cell;
				lens[count] = i - cell;
				trim(&starts[count], &lens[count]);
			}
			count++;
			cell = i + 1;
		}
	}
	return count;
}

static int
is_alignment_row(const char *s, size_t n)
{
	const char *starts[MAX_COLUMNS];
	size_t lens[MAX_COLUMNS], count;

	count = split_cells(s, n, starts, lens, MAX_COLUMNS);
	if (count == 0)
		return 0;
	for (size_t c = 0; c < count && c < MAX_COLUMNS; c++) {
		const char *p = starts[c];
		size_t len = lens[c], dashes = 0;

		if (len && *p == ':') {
			p++;
			len--;
		}
		if (len && p[len - 1] == ':')
			len--;
		for (size_t i = 0; i < len; i++) {
			if (p[i] != '-')
				return 0;
			dashes++;
		}
		if (dashes == 0)
			return 0;
	}
	return 1;
}

static enum column
column_kind(const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum column col;
	} names[] = {
		{"time", COL_DATE},    {"date", COL_DATE},    {"title", COL_TITLE},
		{"venue", COL_VENUE},  {"conference", COL_VENUE},
		{"journal", COL_VENUE}, {"paper", COL_PAPER}, {"link", COL_PAPER},
		{"pdf", COL_PAPER},    {"code", COL_CODE},    {"github", COL_CODE},
		{"repo", COL_CODE},
	};
	char *text = lrm_list_inline_text(s, n);
	enum column col = COL_OTHER;

	if (!text)
		return COL_OTHER;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(text, names[i].name) == 0)
			col = names[i].col;
	free(text);
	return col;
}

static char *
section_path(const struct parser *p)
{
	struct lrm_buf b;
	int base = p->papers_level ? p->papers_level : 1;

	lrm_buf_init(&b, MAX_HEADING_LEVEL * (MAX_LINE_BYTES + 3));
	for (int level = base + 1; level <= MAX_HEADING_LEVEL; level++) {
		if (!p->headings[level])
			continue;
		if (b.len)
			lrm_buf_adds(&b, " / ");
		lrm_buf_adds(&b, p->headings[level]);
	}
	if (b.len == 0 && b.status == LRM_OK)
		return NULL;
	return lrm_buf_take(&b);
}

/* An ATX heading "## Text ##": its level (1-6), or 0 for none. */
static int
heading_level(const char *s, size_t n, const char **text, size_t *tlen)
{
	size_t i = 0, level;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	level = 0;
	while (i + level < n && s[i + level] == '#')
		level++;
	if (level < 1 || level > 6)
		return 0;
	i += level;
	if (i < n && s[i] != ' ' && s[i] != '\t')
		return 0;
	*text = s + i;
	*tlen = n - i;
	trim(text, tlen);
	/* closing sequence of #s */
	while (*tlen && (*text)[*tlen - 1] == '#')
		(*tlen)--;
	trim(text, tlen);
	return (int)level;
}

/* The heading of LEVEL whose text is the N bytes at S, on LINE (which
 * starts at LINE_START). */
static lrm_status_t
on_heading(struct parser *p, unsigned line, const char *line_start,
	   int level, const char *s, size_t n)
{
	char *clean = NULL, *text;
	lrm_status_t status;

	status = strip_controls(p, line, line_start, s, n, "a heading", &clean);
	if (status)
		return status;
	text = clean ? lrm_list_inline_text(clean, strlen(clean))
		     : lrm_list_inline_text(s, n);
	free(clean);
	if (!text)
		return lrm_error_set(p->err, LRM_ERR_NOMEM, "out of memory");
	if (p->papers_level && level <= p->papers_level)
		p->papers_level = 0;
	if (strcasecmp(text, "papers") == 0 && !p->papers_level) {
		p->papers_level = level;
	}
	for (int l = level; l <= MAX_HEADING_LEVEL; l++) {
		if (l < 1)
			continue;
		free(p->headings[l]);
		p->headings[l] = NULL;
	}
	if (level <= MAX_HEADING_LEVEL && level != p->papers_level &&
	    text[0] != '\0')
		p->headings[level] = text;
	else
		free(text);
	return LRM_OK;
}

/* Whether DATE ("YYYY-MM") is before the month a new-style arXiv ID
 * ("YYMM.NNNNN", valid: lrm_arxiv_id_valid()) was submitted in: a paper
 * cannot appear before it was submitted, so one of the two is wrong.
 * An old-style id ("hep-th/9901001") is left alone. */
static int
arxiv_predates(const char *date, const char *id)
{
	char month[5];

	if (strchr(id, '/'))
		return 0;
	/* "2025-04" -> "2504", comparable with the id's "2505" */
	month[0] = date[2];
	month[1] = date[3];
	month[2] = date[5];
	month[3] = date[6];
	month[4] = '\0';
	return strncmp(month, id, 4) < 0 && strncmp(date, "20", 2) == 0;
}

/* What a cell of a column of KIND holds, for messages: "a title". */
static const char *
cell_what(enum column kind)
{
	switch (kind) {
	case COL_DATE:
		return "a date";
	case COL_TITLE:
		return "a title";
	case COL_VENUE:
		return "a venue";
	case COL_PAPER:
		return "a paper link";
	case COL_CODE:
		return "a code link";
	case COL_OTHER:
		break;
	}
	return "a cell";
}

static lrm_status_t
out_of_memory(struct parser *p)
{
	return lrm_error_set(p->err, LRM_ERR_NOMEM, "out of memory");
}

/* The title cell, the CN bytes at CS: ROW's title and its identity key
 * (none for an empty title). */
static lrm_status_t
read_title(struct parser *p, struct lrm_row *row, const char *cs, size_t cn)
{
	char *title = lrm_list_inline_text(cs, cn);
	lrm_status_t status;

	if (!title)
		return out_of_memory(p);
	if (title[0] == '\0') {
		free(title);
		return LRM_OK;
	}
	row->title = title;
	status = lrm_text_key(title, strlen(title), &row->key, p->err);
	if (status || row->key[0] != '\0')
		return status;
	/* No letters or digits at all ("???"): then the punctuation is all
	 * that tells titles apart. */
	free(row->key);
	row->key = NULL;
	return lrm_text_normalize(title, strlen(title), &row->key, p->err);
}

/* The date cell of the row on LINE: "YYYY.MM" into L's date, or a
 * problem. */
static lrm_status_t
read_date(struct parser *p, struct lrm_listing *l, unsigned line,
	  const char *cs, size_t cn)
{
	char *text = lrm_list_inline_text(cs, cn);
	char date[8];
	lrm_status_t status = LRM_OK;

	if (!text)
		return out_of_memory(p);
	if (text[0] == '\0' || strcmp(text, "-") == 0)
		status = add_problem(p->list, line, p->err, "missing date");
	else if (!lrm_list_parse_date(text, date))
		status = add_problem(p->list, line, p->err,
				     "unparseable date '%s' (expected YYYY.MM)",
				     text);
	else if (!(l->date = strdup(date)))
		status = out_of_memory(p);
	free(text);
	return status;
}

/* The venue cell: as written, and its name and year apart ("-" or
 * nothing is no venue). */
static lrm_status_t
read_venue(struct parser *p, struct lrm_listing *l, const char *cs,
	   size_t cn)
{
	char *text = lrm_list_inline_text(cs, cn);

	if (!text)
		return out_of_memory(p);
	if (text[0] == '\0' || strcmp(text, "-") == 0) {
		free(text);
		return LRM_OK;
	}
	l->venue = text;
	l->venue_name = lrm_list_split_venue(text, &l->venue_year);
	return l->venue_name ? LRM_OK : out_of_memory(p);
}

/* The paper link cell: the link, and the arXiv id it names; a link to
 * arXiv without a valid id is a problem, and no id. */
static lrm_status_t
read_paper_link(struct parser *p, struct lrm_listing *l, unsigned line,
		const char *cs, size_t cn)
{
	enum lrm_arxiv_link kind;
	lrm_status_t status;

	l->paper = cell_url(cs, cn);
	status = lrm_arxiv_link_parse(l->paper, &kind, &l->arxiv,
				      &l->arxiv_version, p->err);
	if (status || kind != LRM_ARXIV_LINK_MALFORMED)
		return status;
	status = add_problem(p->list, line, p->err,
			     "malformed arXiv id '%s' in %s", l->arxiv,
			     l->paper);
	free(l->arxiv);
	l->arxiv = NULL;
	return status;
}

/* The code link cell: one to a site of papers is a problem. */
static lrm_status_t
read_code_link(struct parser *p, struct lrm_listing *l, unsigned line,
	       const char *cs, size_t cn)
{
	const char *site;

	l->code = cell_url(cs, cn);
	site = lrm_url_paper_site(l->code);
	if (!site)
		return LRM_OK;
	return add_problem(p->list, line, p->err,
			   "code link points to a paper site (%s): %s", site,
			   l->code);
}

/* Read the cell of KIND, the CN bytes at CS (without control characters),
 * into ROW, on LINE.  *FOUND_TITLE is set when it is the title's. */
static lrm_status_t
read_cell(struct parser *p, struct lrm_row *row, unsigned line,
	  enum column kind, const char *cs, size_t cn, int *found_title)
{
	struct lrm_listing *l = &row->listing;

	switch (kind) {
	case COL_TITLE:
		*found_title = 1;
		return read_title(p, row, cs, cn);
	case COL_DATE:
		return read_date(p, l, line, cs, cn);
	case COL_VENUE:
		return read_venue(p, l, cs, cn);
	case COL_PAPER:
		return read_paper_link(p, l, line, cs, cn);
	case COL_CODE:
		return read_code_link(p, l, line, cs, cn);
	case COL_OTHER:
		break;
	}
	return LRM_OK;
}

/* A new row of LIST for the line LINE, in its section, with the list's
 * file name (without control characters: messages quote it as it is,
 * escaped) as its source. */
static lrm_status_t
new_row(struct parser *p, unsigned line, struct lrm_row **out)
{
	struct lrm_list *list = p->list;
	struct lrm_row *grown, *row;
	lrm_status_t status;

	grown = realloc(list->rows, (list->n_rows + 1) * sizeof(*list->rows));
	if (!grown)
		return out_of_memory(p);
	list->rows = grown;
	row = &list->rows[list->n_rows++];
	memset(row, 0, sizeof(*row));
	row->listing.line = line;
	row->listing.section = section_path(p);
	*out = row;
	status = lrm_text_strip_controls(list->source, strlen(list->source),
					 &row->listing.source, NULL, p->err);
	if (status == LRM_ERR_PARSE)
		status = lrm_error_set(p->err, LRM_ERR_PARSE,
				       "%s: the file name is not valid UTF-8",
				       list->source);
	return status;
}

static lrm_status_t
on_row(struct parser *p, unsigned line, const char *s, size_t n)
{
	const char *starts[MAX_COLUMNS];
	size_t lens[MAX_COLUMNS], count, have;
	struct lrm_list *list = p->list;
	struct lrm_row *row = NULL;
	struct lrm_listing *l;
	lrm_status_t status;
	int found_title = 0;

	count = split_cells(s, n, starts, lens, MAX_COLUMNS);
	if (count > MAX_CELLS)
		return lrm_error_set(p->err, LRM_ERR_INVALID,
				     "%s:%u: table row has %zu cells; a row has "
				     "at most %d",
				     list->source, line, count, MAX_CELLS);
	have = count < MAX_COLUMNS ? count : MAX_COLUMNS;
	status = new_row(p, line, &row);
	if (status)
		return status;
	l = &row->listing;
	if (count != p->n_columns) {
		status = add_problem(list, line, p->err,
				     "row has %zu cells but its table has %zu "
				     "columns",
				     count, p->n_columns);
		if (status)
			return status;
	}
	for (size_t c = 0; c < p->n_columns && c < have; c++) {
		enum column kind = p->columns[c];
		char *clean = NULL;

		if (kind == COL_OTHER)
			continue;
		/* Whatever the list holds, no control character goes on
		 * into the dataset (and from there to a terminal). */
		status = strip_controls(p, line, s, starts[c], lens[c],
					cell_what(kind), &clean);
		if (!status)
			status = clean ? read_cell(p, row, line, kind, clean,
						   strlen(clean), &found_title)
				       : read_cell(p, row, line, kind, starts[c],
						   lens[c], &found_title);
		free(clean);
		if (status)
			return status;
	}
	if (!row->title)
		status = add_problem(list, line, p->err,
				     found_title ? "row has an empty title"
						 : "row has no title cell");
	if (!status && l->date && l->arxiv && arxiv_predates(l->date, l->arxiv))
		status = add_problem(list, line, p->err,
				     "date %s is earlier than the month of arXiv "
				     "id %s (20%.2s-%.2s): a wrong date or link?",
				     l->date, l->arxiv, l->arxiv, l->arxiv + 2);
	return status;
}

static lrm_status_t
on_table_header(struct parser *p, unsigned line, const char *s, size_t n)
{
	static const char *const names[] = {
		[COL_DATE] = "Time", [COL_TITLE] = "Title", [COL_VENUE] = "Venue",
		[COL_PAPER] = "Paper", [COL_CODE] = "Code",
	};
	const char *starts[MAX_COLUMNS];
	size_t lens[MAX_COLUMNS], count, kept;
	lrm_status_t status = LRM_OK;

	count = split_cells(s, n, starts, lens, MAX_COLUMNS);
	if (count > MAX_CELLS)
		return lrm_error_set(p->err, LRM_ERR_INVALID,
				     "%s:%u: table header has %zu cells; a row "
				     "has at most %d",
				     p->list->source, line, count, MAX_CELLS);
	kept = count < MAX_COLUMNS ? count : MAX_COLUMNS;
	p->n_columns = count;
	p->in_table = 0;
	if (count > MAX_COLUMNS)
		status = add_problem(p->list, line, p->err,
				     "table has %zu columns; only the first %d "
				     "are read",
				     count, MAX_COLUMNS);
	/* Only a table with a Title column lists papers; others (the
	 * contributors, a table of contents) are passed over.  A kind of
	 * column given twice counts once, the first time. */
	for (size_t c = 0; c < kept && !status; c++) {
		p->columns[c] = column_kind(starts[c], lens[c]);
		for (size_t d = 0; d < c && p->columns[c] != COL_OTHER; d++)
			if (p->columns[d] == p->columns[c]) {
				status = add_problem(
					p->list, line, p->err,
					"column %zu is a second %s column "
					"(after column %zu); it is ignored",
					c + 1, names[p->columns[c]], d + 1);
				p->columns[c] = COL_OTHER;
			}
		if (p->columns[c] == COL_TITLE)
			p->in_table = 1;
	}
	p->skipping_table = !p->in_table;
	return status;
}

static int
is_table_line(const char *s, size_t n)
{
	trim(&s, &n);
	return n > 0 && s[0] == '|';
}

/* A fenced code block opens or closes with ``` or ~~~. */
static int
is_fence(const char *s, size_t n)
{
	trim(&s, &n);
	return n >= 3 && (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0);
}

void
lrm_list_clear(struct lrm_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n_rows; i++) {
		lrm_listing_clear(&list->rows[i].listing);
		free(list->rows[i].title);
		free(list->rows[i].key);
	}
	free(list->rows);
	for (size_t i = 0; i < list->n_problems; i++)
		free(list->problems[i].message);
	free(list->problems);
	free(list->source);
	memset(list, 0, sizeof(*list));
}

lrm_status_t
lrm_list_parse(struct lrm_list *list, const char *source, const char *text,
	       size_t len, lrm_error_t *err)
{
	struct parser p = {0};
	lrm_status_t status = LRM_OK;
	size_t pos = 0, bad;
	unsigned line = 0;
	int in_fence = 0;

	memset(list, 0, sizeof(*list));
	p.list = list;
	p.err = err;
	if (!lrm_text_valid_utf8(text, len, &bad)) {
		size_t col = 1;
		unsigned bad_line = 1;

		for (size_t i = 0; i < bad; i++) {
			if (text[i] == '\n') {
				bad_line++;
				col = 1;
			} else {
				col++;
			}
		}
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "%s:%u:%zu: invalid UTF-8 (byte 0x%02x)",
				     source, bad_line, col,
				     (unsigned char)text[bad]);
	}
	if (memchr(text, '\0', len)) {
		size_t at = (size_t)((const char *)memchr(text, '\0', len) - text);
		unsigned nul_line = 1;

		for (size_t i = 0; i < at; i++)
			nul_line += text[i] == '\n';
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "%s:%u: NUL byte in a text file", source,
				     nul_line);
	}
	list->source = strdup(source);
	if (!list->source) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		const char *htext;
		size_t hlen;
		int level;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n > MAX_LINE_BYTES) {
			status = lrm_error_set(err, LRM_ERR_INVALID,
					       "%s:%u: line is %zu bytes long; a "
					       "list's lines are at most %u bytes",
					       source, line, n, MAX_LINE_BYTES);
			goto cleanup;
		}
		if (is_fence(s, n)) {
			in_fence = !in_fence;
			p.in_table = p.skipping_table = 0;
			continue;
		}
		if (in_fence)
			continue;
		if (p.skipping_table) {
			if (is_table_line(s, n))
				continue;
			p.skipping_table = 0;
		}
		if (p.in_table) {
			if (is_table_line(s, n)) {
				status = on_row(&p, line, s, n);
				if (status)
					goto cleanup;
				continue;
			}
			p.in_table = 0;
		}
		level = heading_level(s, n, &htext, &hlen);
		if (level) {
			status = on_heading(&p, line, s, level, htext, hlen);
			if (status)
				goto cleanup;
			continue;
		}
		if (is_table_line(s, n) && pos < len) {
			/* a table starts with a header and an alignment row */
			const char *next = text + pos,
				   *nnl = memchr(next, '\n', len - pos);
			size_t nn = nnl ? (size_t)(nnl - next) : len - pos;

			if (is_alignment_row(next, nn)) {
				status = on_table_header(&p, line, s, n);
				if (status)
					goto cleanup;
				pos += nn + (nnl ? 1 : 0);
				line++;
			}
		}
	}
cleanup:
	for (int l = 0; l <= MAX_HEADING_LEVEL; l++)
		free(p.headings[l]);
	if (status)
		lrm_list_clear(list);
	return status;
}

lrm_status_t
lrm_list_load(struct lrm_list *list, const char *path, lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL;
	size_t len;

	memset(list, 0, sizeof(*list));
	status = lrm_file_read(path, LRM_LIST_MAX_BYTES, &text, &len, err);
	if (status)
		return status;
	status = lrm_list_parse(list, lrm_file_basename(path), text, len, err);
	free(text);
	return status;
}

/* ------------------------------------------------------------------ */
/* Checks across rows                                                 */
/* ------------------------------------------------------------------ */

/* What identifies a paper link: the arXiv id when there is one, else the
 * URL without a trailing slash. */
static void
link_identity(const struct lrm_listing *l, const char **s, size_t *n)
{
	if (l->arxiv) {
		*s = l->arxiv;
		*n = strlen(l->arxiv);
		return;
	}
	*s = l->paper;
	*n = l->paper ? strlen(l->paper) : 0;
	while (*n > 0 && (*s)[*n - 1] == '/')
		(*n)--;
}

static int
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

lrm_status_t
lrm_list_check(struct lrm_list *list, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	size_t first_new = list->n_problems;

	if (list->n_rows == 0) {
		status = add_problem(list, 1, err,
				     "no table of papers (a table with a Title "
				     "column) in this list");
		if (status)
			return status;
	}

	/* Lists hold a few hundred rows: comparing every pair is simple and
	 * fast enough. */
	for (size_t i = 0; i < list->n_rows; i++) {
		const struct lrm_row *r = &list->rows[i];
		const char *link;
		size_t link_len;
		int shared_reported = 0;

		if (!r->key)
			continue;
		link_identity(&r->listing, &link, &link_len);
		for (size_t j = 0; j < i; j++) {
			const struct lrm_row *q = &list->rows[j];
			const char *qlink;
			size_t qlen;

			if (!q->key)
				continue;
			if (strcmp(q->key, r->key) == 0) {
				const char *rs = r->listing.section
							 ? r->listing.section
							 : "";
				const char *qs = q->listing.section
							 ? q->listing.section
							 : "";
				/* Listed again with another venue or date is
				 * a preprint and its published version. */
				if (strcmp(rs, qs) == 0 &&
				    same(r->listing.venue, q->listing.venue) &&
				    same(r->listing.date, q->listing.date)) {
					status = add_problem(
						list, r->listing.line, err,
						"duplicate row: '%s' is already "
						"listed in this section at line %u",
						r->title, q->listing.line);
					if (status)
						return status;
					/* one report, against the first */
					break;
				}
				continue;
			}
			if (shared_reported || link_len == 0)
				continue;
			link_identity(&q->listing, &qlink, &qlen);
			if (qlen == link_len && memcmp(qlink, link, qlen) == 0) {
				status = add_problem(
					list, r->listing.line, err,
					"%s %.*s is shared by different titles: "
					"'%s' here and '%s' at line %u",
					r->listing.arxiv ? "arXiv id" : "URL",
					(int)link_len, link, r->title, q->title,
					q->listing.line);
				if (status)
					return status;
				shared_reported = 1;
			}
		}
	}
	/* Problems from parsing and from these checks are each in line
	 * order: a stable merge keeps each line's problems in the order
	 * they were found. */
	if (list->n_problems > first_new && first_new > 0) {
		struct lrm_problem *merged =
			malloc(list->n_problems * sizeof(*merged));
		size_t a = 0, b = first_new, out = 0;

		if (!merged)
			return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		while (a < first_new || b < list->n_problems) {
			if (b >= list->n_problems ||
			    (a < first_new &&
			     list->problems[a].line <= list->problems[b].line))
				merged[out++] = list->problems[a++];
			else
				merged[out++] = list->problems[b++];
		}
		free(list->problems);
		list->problems = merged;
	}
	return status;
}
