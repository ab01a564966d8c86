/* indexer/list.c - awesome-list Markdown to rows of papers (see list.h).
 *
 * A list is parsed as GitHub renders it, by cmark-gfm with the table,
 * autolink and strikethrough extensions, so that escapes, nested emphasis,
 * links with brackets in their text and escaped pipes come out as a reader
 * sees them on GitHub.  This file walks the syntax tree's blocks, keeps
 * the sections (Markdown and HTML headings), and hands tables to
 * read_table.c and list items and paragraphs to read_entry.c; line numbers
 * are cmark's source positions.  Control characters are taken out before
 * cmark sees the text (a backspace would break a link, an entity could not
 * be told from one), each remembered at its line and column and reported
 * by the reader that reads the cell or heading it was in.
 */
#define _POSIX_C_SOURCE 200809L
#include "list.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
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
#include "reader.h"

#define LRM_LIST_MAX_BYTES (64u << 20)
#define MAX_LINE_BYTES (1u << 20) /* no real list has a longer line */
#define MAX_CELLS 1024		  /* nor a table row with more cells */

/* Problems reported per cell or heading; a line of a million ESCs gets
 * these and one more that counts the rest. */
#define MAX_CONTROL_PROBLEMS 10

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

/* ------------------------------------------------------------------ */
/* cmark-gfm                                                          */
/* ------------------------------------------------------------------ */

/* TEXT parsed as GitHub does; NULL when out of memory. */
static cmark_node *
md_parse(const char *text, size_t len)
{
	static const char *const extensions[] = {"table", "autolink",
						 "strikethrough"};
	cmark_parser *parser;
	cmark_node *doc;

	cmark_gfm_core_extensions_ensure_registered();
	/* UNSAFE keeps raw HTML in the tree (we read it, never render it) */
	parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
	if (!parser)
		return NULL;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(*extensions); i++) {
		cmark_syntax_extension *ext =
			cmark_find_syntax_extension(extensions[i]);

		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, text, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return doc;
}

char *
lrm_list_inline_text(const char *text, size_t len)
{
	cmark_node *doc = md_parse(text, len);
	char *out;

	if (!doc)
		return NULL;
	out = md_text_range(cmark_node_first_child(doc), NULL, MD_IMAGE_ALT);
	cmark_node_free(doc);
	return out;
}

/* ------------------------------------------------------------------ */
/* Dates and venues                                                   */
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

/* ------------------------------------------------------------------ */
/* Problems                                                           */
/* ------------------------------------------------------------------ */

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

lrm_status_t
reader_problem(struct reader *r, unsigned line, unsigned column,
	       const char *fmt, ...)
{
	lrm_status_t status;
	va_list ap;

	if (line < 1) /* a guess that failed (reader_span_of()) */
		line = 1;
	va_start(ap, fmt);
	status = add_problem_va(r->list, line, column, r->err, fmt, ap);
	va_end(ap);
	return status;
}

/* ------------------------------------------------------------------ */
/* Lines and control characters                                       */
/* ------------------------------------------------------------------ */

const char *
reader_line(const struct reader *r, unsigned line, size_t *len)
{
	size_t start, end;

	if (line < 1 || line > r->n_lines) {
		*len = 0;
		return "";
	}
	start = r->line_starts[line - 1];
	end = line < r->n_lines ? r->line_starts[line] : r->len;
	while (end > start && (r->text[end - 1] == '\n' || r->text[end - 1] == '\r'))
		end--;
	*len = end - start;
	return r->text + start;
}

/* Where NODE is when cmark does not say (a paragraph the table
 * extension split off has no source position): the line after the
 * nearest node before it that has one. */
static unsigned
guess_line(cmark_node *node)
{
	for (cmark_node *n = node; n; n = cmark_node_parent(n)) {
		for (cmark_node *p = cmark_node_previous(n); p;
		     p = cmark_node_previous(p))
			if (cmark_node_get_end_line(p) > 0)
				return (unsigned)cmark_node_get_end_line(p) + 1;
		if (cmark_node_parent(n) &&
		    cmark_node_get_start_line(cmark_node_parent(n)) > 0)
			return (unsigned)cmark_node_get_start_line(
				cmark_node_parent(n));
	}
	return 1;
}

struct reader_span
reader_span_of(cmark_node *node)
{
	struct reader_span s;

	s.line = (unsigned)cmark_node_get_start_line(node);
	s.column = (unsigned)cmark_node_get_start_column(node);
	s.end_line = (unsigned)cmark_node_get_end_line(node);
	s.end_column = (unsigned)cmark_node_get_end_column(node);
	if (s.line == 0) {
		/* a line, but no columns: no control character is claimed */
		s.line = s.end_line = guess_line(node);
		s.column = s.end_column = 0;
	}
	return s;
}

/* Take the control characters out of LEN bytes of TEXT (valid UTF-8) into
 * a copy for cmark, *OUT, remembering each in R->controls.  Line breaks
 * among them (U+0085, U+2028, U+2029) become a space; ASCII white space
 * (tab, CR, VT, FF) stays, for Markdown to take as white space, but for a
 * CR without a LF after it, which becomes a space: lines are counted by
 * their LFs, as the old line reader and every editor count them. */
static lrm_status_t
take_controls(struct reader *r, const char *text, size_t len, char **out)
{
	struct lrm_buf b;
	size_t pos = 0, cap = 0;
	unsigned line = 1, column = 1;
	size_t line_offset = 0; /* bytes of this line written so far */

	*out = NULL;
	lrm_buf_init(&b, len + 1);
	while (pos < len) {
		long cp = 0;
		size_t at = pos + lrm_text_find_control(text + pos, len - pos, &cp);
		size_t width;

		/* copy up to AT, following lines and columns */
		for (size_t i = pos; i < at; i++) {
			if (text[i] == '\n') {
				line++;
				column = 1;
				line_offset = 0;
			} else {
				column += ((unsigned char)text[i] & 0xC0) != 0x80;
				line_offset++;
			}
			lrm_buf_addc(&b, text[i]);
		}
		if (at >= len)
			break;
		width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		pos = at + width;
		if (cp == '\n' || cp == '\t' || cp == '\r' || cp == '\v' ||
		    cp == '\f') {
			if (cp == '\n') {
				line++;
				column = 1;
				line_offset = 0;
			} else {
				column++;
				line_offset++;
			}
			/* a CR alone would be a line break to cmark but to no
			 * editor's line count: a space, as in a CRLF-less
			 * file's line it is white space */
			if (cp == '\r' && !(pos < len && text[pos] == '\n'))
				cp = ' ';
			lrm_buf_addc(&b, (char)cp);
			continue;
		}
		if (r->n_controls == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct reader_control *grown =
				realloc(r->controls, ncap * sizeof(*grown));

			if (!grown) {
				lrm_buf_free(&b);
				return lrm_error_set(r->err, LRM_ERR_NOMEM,
						     "out of memory");
			}
			r->controls = grown;
			cap = ncap;
		}
		r->controls[r->n_controls].line = line;
		r->controls[r->n_controls].offset = line_offset;
		r->controls[r->n_controls].column = column;
		r->controls[r->n_controls].cp = cp;
		r->controls[r->n_controls].claimed = 0;
		r->n_controls++;
		column++;
		if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			lrm_buf_addc(&b, ' ');
			line_offset++;
		}
	}
	*out = lrm_buf_take(&b);
	return *out ? LRM_OK
		    : lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
}

lrm_status_t
reader_claim_controls(struct reader *r, struct reader_span span,
		      const char *what)
{
	size_t found = 0;
	unsigned first_line = 0, first_column = 0;
	lrm_status_t status = LRM_OK;

	size_t lo = 0, hi = r->n_controls;

	if (span.line == 0 || span.column == 0)
		return LRM_OK; /* a cell cmark made up to fill a row */
	/* the controls are in text order: the first on SPAN's line */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->controls[mid].line < span.line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < r->n_controls; i++) {
		struct reader_control *c = &r->controls[i];

		if (c->line > span.end_line)
			break;
		if (c->claimed)
			continue;
		/* a control just before a cell's closing pipe is the cell's */
		if ((c->line == span.line && c->offset + 1 < span.column) ||
		    (c->line == span.end_line && c->offset > span.end_column))
			continue;
		c->claimed = 1;
		if (found++ == 0) {
			first_line = c->line;
			first_column = c->column;
		}
		if (found > MAX_CONTROL_PROBLEMS)
			continue;
		status = reader_problem(
			r, c->line, c->column,
			"control character U+%04lX in %s; %s", c->cp, what,
			c->cp == 0x85 || c->cp == 0x2028 || c->cp == 0x2029
				? "replaced by a space"
				: "removed");
		if (status)
			return status;
	}
	if (found > MAX_CONTROL_PROBLEMS)
		status = reader_problem(r, first_line, first_column,
					"%zu more control characters in %s; "
					"removed",
					found - MAX_CONTROL_PROBLEMS, what);
	return status;
}

int
reader_lines_cite_paper(const struct reader *r, unsigned first, unsigned last)
{
	static const char *const marks[] = {
		"arxiv.org/", "openreview.net/", "aclanthology.org/", ".pdf",
	};

	for (unsigned line = first; line <= last && line <= r->n_lines; line++) {
		size_t len;
		const char *s = reader_line(r, line, &len);

		for (size_t i = 0; i < len; i++)
			for (size_t m = 0; m < sizeof(marks) / sizeof(*marks); m++) {
				size_t mlen = strlen(marks[m]);

				if (i + mlen <= len &&
				    strncasecmp(s + i, marks[m], mlen) == 0)
					return 1;
			}
	}
	return 0;
}

lrm_status_t
reader_not_read(struct reader *r, unsigned line)
{
	r->list->n_unread++;
	return reader_problem(r, line, 0,
			      "entry not read: it links a paper, but no reader "
			      "knows its shape");
}

/* ------------------------------------------------------------------ */
/* Sections                                                           */
/* ------------------------------------------------------------------ */

/* Whether TEXT (lower case, no symbols) starts with the word WORD. */
static int
starts_with_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	return strncasecmp(text, word, n) == 0 &&
	       !isalnum((unsigned char)text[n]);
}

/* The heading over a list's papers: "Papers", "Paper List", "Full list". */
static int
is_papers_heading(const char *text)
{
	static const char *const names[] = {
		"papers", "paper list", "papers list", "full list",
		"list of papers", "paper", "the papers",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcasecmp(text, names[i]) == 0)
			return 1;
	return 0;
}

/* A heading over what is no paper: news, contents, citation, the people,
 * blogs, talks, resources.  Rows under it are not read. */
static int
is_other_heading(const char *text)
{
	static const char *const words[] = {
		"news",		"update",	"updates",    "latest news",
		"content",	"contents",	"table of contents",
		"quick links",	"citation",	"citations",  "cite",
		"how to cite",	"bibtex",	"contributor", "contributors",
		"contribution", "contributions", "contributing", "contribute",
		"acknowledgement", "acknowledgements", "acknowledgment",
		"acknowledgments", "blog",	"blogs",      "talk",
		"talks",	"resource",	"resources",  "other resources",
		"star history", "license",	"keywords convention",
		"repo",		"repos",	"related lists", "related repos",
		"contact",	"community",	"tutorial",   "tutorials",
		"video",	"videos",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (starts_with_word(text, words[i]))
			return 1;
	return 0;
}

/* "2025": a year sub-heading, a date rather than a section. */
static int
is_year_heading(const char *text)
{
	char when[8];

	return strlen(text) == 4 && md_parse_when(text, when);
}

int
reader_in_papers(const struct reader *r)
{
	return (!r->has_papers || r->papers_level) && !r->skip_level;
}

char *
reader_section(const struct reader *r)
{
	struct lrm_buf b;
	int base = r->papers_level ? r->papers_level : 1;

	lrm_buf_init(&b, LRM_LIST_MAX_BYTES);
	for (int level = base + 1; level <= READER_MAX_LEVEL; level++) {
		if (!r->headings[level])
			continue;
		if (b.len)
			lrm_buf_adds(&b, " / ");
		lrm_buf_adds(&b, r->headings[level]);
	}
	if (b.len == 0 && b.status == LRM_OK)
		return NULL;
	return lrm_buf_take(&b);
}

/* A heading of LEVEL whose text is TEXT (malloc()ed, taken). */
static void
on_heading(struct reader *r, int level, char *text)
{
	md_strip_symbols(text);
	if (r->year_level && level <= r->year_level) {
		r->year[0] = '\0';
		r->year_level = 0;
	}
	if (is_year_heading(text) && (r->papers_level || !r->has_papers)) {
		memcpy(r->year, text, 5);
		r->year_level = level;
		for (int l = level; l <= READER_MAX_LEVEL; l++) {
			free(r->headings[l]);
			r->headings[l] = NULL;
		}
		free(text);
		return;
	}
	if (r->papers_level && level <= r->papers_level)
		r->papers_level = 0;
	if (r->skip_level && level <= r->skip_level)
		r->skip_level = 0;
	if (is_papers_heading(text) && !r->papers_level)
		r->papers_level = level;
	else if (!r->skip_level && is_other_heading(text))
		r->skip_level = level;
	for (int l = level; l <= READER_MAX_LEVEL; l++) {
		free(r->headings[l]);
		r->headings[l] = NULL;
	}
	if (level <= READER_MAX_LEVEL && level != r->papers_level &&
	    text[0] != '\0')
		r->headings[level] = text;
	else
		free(text);
}

/* The HTML headings (<h2>...</h2>, also with a wrong or no closing tag) in
 * the HTML block NODE: each as a Markdown heading.  With DRY, only whether
 * one of them is a "Papers" heading. */
static lrm_status_t
html_headings(struct reader *r, cmark_node *node, int dry, int *papers)
{
	const char *html = cmark_node_get_literal(node);
	struct reader_span span = reader_span_of(node);
	unsigned line = span.line;

	for (const char *p = html; p && *p; p++) {
		const char *start, *end;
		char *text;
		int level;

		if (*p == '\n')
			line++;
		if (p[0] != '<' || (p[1] != 'h' && p[1] != 'H') || p[2] < '1' ||
		    p[2] > '6' || (p[3] != '>' && p[3] != ' '))
			continue;
		level = p[2] - '0';
		start = strchr(p, '>');
		if (!start)
			break;
		start++;
		end = start;
		while (*end && *end != '\n' &&
		       !(end[0] == '<' && (end[1] == '/' || end[1] == 'h' ||
					   end[1] == 'H') &&
			 (end[2] == 'h' || end[2] == 'H' ||
			  (end[2] >= '1' && end[2] <= '6'))))
			end++;
		text = lrm_list_inline_text(start, (size_t)(end - start));
		if (!text)
			return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
		if (dry) {
			md_strip_symbols(text);
			*papers |= is_papers_heading(text);
			free(text);
		} else {
			struct reader_span hspan = {line, 1, line, 1u << 30};
			lrm_status_t status =
				reader_claim_controls(r, hspan, "a heading");

			on_heading(r, level, text);
			if (status)
				return status;
		}
		p = end - 1;
	}
	return LRM_OK;
}

/* The text of a Markdown heading NODE, malloc()ed. */
static char *
heading_text(cmark_node *node)
{
	return md_text_range(cmark_node_first_child(node), NULL, 0);
}

/* Whether the list has a "Papers" heading: then only what is under it is
 * read as papers. */
static lrm_status_t
find_papers_heading(struct reader *r, cmark_node *doc)
{
	for (cmark_node *n = cmark_node_first_child(doc); n && !r->has_papers;
	     n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			char *text = heading_text(n);

			if (!text)
				return lrm_error_set(r->err, LRM_ERR_NOMEM,
						     "out of memory");
			md_strip_symbols(text);
			r->has_papers = is_papers_heading(text);
			free(text);
		} else if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			lrm_status_t status = html_headings(r, n, 1, &r->has_papers);

			if (status)
				return status;
		}
	}
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* Rows                                                               */
/* ------------------------------------------------------------------ */

lrm_status_t
reader_new_row(struct reader *r, unsigned line, struct lrm_row **out)
{
	struct lrm_list *list = r->list;
	struct lrm_row *grown, *row;
	lrm_status_t status;

	grown = realloc(list->rows, (list->n_rows + 1) * sizeof(*list->rows));
	if (!grown)
		return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	list->rows = grown;
	row = &list->rows[list->n_rows++];
	memset(row, 0, sizeof(*row));
	/* a guessed line (reader_span_of()) stays in the file */
	if (line < 1)
		line = 1;
	if (line > r->n_lines)
		line = (unsigned)r->n_lines;
	row->listing.line = line;
	row->listing.section = reader_section(r);
	*out = row;
	/* the file name goes without control characters: messages quote it
	 * as it is, escaped */
	status = lrm_text_strip_controls(list->source, strlen(list->source),
					 &row->listing.source, NULL, r->err);
	if (status == LRM_ERR_PARSE)
		status = lrm_error_set(r->err, LRM_ERR_PARSE,
				       "%s: the file name is not valid UTF-8",
				       list->source);
	return status;
}

/* Whether DATE ("YYYY-MM") is before the month a new-style arXiv ID
 * ("YYMM.NNNNN", valid: lrm_arxiv_id_valid()) was submitted in: a paper
 * cannot appear before it was submitted, so one of the two is wrong.
 * An old-style id ("hep-th/9901001") is left alone, and so is a year. */
static int
arxiv_predates(const char *date, const char *id)
{
	char month[5];

	if (strchr(id, '/') || strlen(date) < 7)
		return 0;
	/* "2025-04" -> "2504", comparable with the id's "2505" */
	month[0] = date[2];
	month[1] = date[3];
	month[2] = date[5];
	month[3] = date[6];
	month[4] = '\0';
	return strncmp(month, id, 4) < 0 && strncmp(date, "20", 2) == 0;
}

/* The month a new-style arXiv id was submitted in, "20YY-MM"; 0 for an
 * old-style one. */
static int
arxiv_month(const char *id, char out[8])
{
	int month;

	if (strchr(id, '/') || !isdigit((unsigned char)id[0]) ||
	    !isdigit((unsigned char)id[3]))
		return 0;
	month = (id[2] - '0') * 10 + (id[3] - '0');
	if (month < 1 || month > 12)
		return 0;
	snprintf(out, 8, "20%.2s-%02d", id, month);
	return 1;
}

lrm_status_t
reader_finish_row(struct reader *r, struct lrm_row *row)
{
	struct lrm_listing *l = &row->listing;
	lrm_status_t status = LRM_OK;
	char month[8];

	if (row->title && !row->key) {
		status = lrm_text_key(row->title, strlen(row->title), &row->key,
				      r->err);
		if (status)
			return status;
		if (row->key[0] == '\0') {
			/* No letters or digits at all ("???"): then the
			 * punctuation is all that tells titles apart. */
			free(row->key);
			row->key = NULL;
			status = lrm_text_normalize(row->title,
						    strlen(row->title),
						    &row->key, r->err);
			if (status)
				return status;
		}
	}
	/* No date of its own: the arXiv id's month, unless a year heading
	 * says another year */
	if (!l->date && l->arxiv && arxiv_month(l->arxiv, month) &&
	    (!r->year[0] || strncmp(r->year, month, 4) == 0)) {
		l->date = strdup(month);
		if (!l->date)
			return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	} else if (!l->date && r->year[0]) {
		l->date = strdup(r->year);
		if (!l->date)
			return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	}
	if (l->date && l->arxiv && arxiv_predates(l->date, l->arxiv))
		status = reader_problem(
			r, l->line, 0,
			"date %s is earlier than the month of arXiv id %s "
			"(20%.2s-%.2s): a wrong date or link?",
			l->date, l->arxiv, l->arxiv, l->arxiv + 2);
	return status;
}

/* ------------------------------------------------------------------ */
/* The walk                                                           */
/* ------------------------------------------------------------------ */

/* Whether the block NODE, in a papers section and not read, cites a paper:
 * then it is an entry no reader knows, reported once per line. */
static lrm_status_t
check_not_read(struct reader *r, cmark_node *node)
{
	struct reader_span span = reader_span_of(node);
	lrm_status_t status = LRM_OK;

	if (!reader_in_papers(r))
		return LRM_OK;
	for (unsigned line = span.line; line <= span.end_line && !status; line++)
		if (reader_lines_cite_paper(r, line, line))
			status = reader_not_read(r, line);
	return status;
}

static lrm_status_t
walk_blocks(struct reader *r, cmark_node *doc)
{
	lrm_status_t status = LRM_OK;

	for (cmark_node *n = cmark_node_first_child(doc); n && !status;
	     n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING: {
			char *text;

			status = reader_claim_controls(r, reader_span_of(n),
						       "a heading");
			if (status)
				break;
			text = heading_text(n);
			if (!text)
				return lrm_error_set(r->err, LRM_ERR_NOMEM,
						     "out of memory");
			on_heading(r, cmark_node_get_heading_level(n), text);
			break;
		}
		case CMARK_NODE_HTML_BLOCK: {
			size_t before = r->list->n_problems;
			int dummy = 0;

			status = html_headings(r, n, 0, &dummy);
			if (!status && r->list->n_problems == before &&
			    !strstr(cmark_node_get_literal(n), "<h"))
				status = check_not_read(r, n);
			break;
		}
		case CMARK_NODE_LIST:
			if (reader_in_papers(r))
				status = read_entries(r, n);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (reader_in_papers(r)) {
				int read = 0;

				status = read_paragraph_entry(r, n, &n, &read);
				if (!status && !read)
					status = check_not_read(r, n);
			}
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			status = check_not_read(r, n);
			break;
		default:
			if (strcmp(cmark_node_get_type_string(n), "table") == 0)
				status = read_table(r, n);
			break;
		}
	}
	return status;
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

/* Sort LIST's problems by line, keeping the order of each line's (a
 * reader reports an entry's problems when it has read all its lines, so
 * they may come after a later line's): a merge sort, stable. */
static lrm_status_t
sort_problems(struct lrm_list *list, lrm_error_t *err)
{
	size_t n = list->n_problems, cap = 4;
	struct lrm_problem *a = list->problems, *b, *tmp;
	int sorted = 1;

	for (size_t i = 1; i < n && sorted; i++)
		sorted = a[i - 1].line <= a[i].line;
	if (sorted)
		return LRM_OK;
	/* as big as add_problem_va() takes the array to be: the power of
	 * two from N on, at least 4 */
	while (cap < n)
		cap *= 2;
	b = malloc(cap * sizeof(*b));
	if (!b)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid || j < hi)
				b[k++] = j >= hi || (i < mid && a[i].line <= a[j].line)
						 ? a[i++]
						 : a[j++];
		}
		tmp = a;
		a = b;
		b = tmp;
	}
	/* A holds the sorted problems; B the other buffer, whichever that is */
	if (a != list->problems) {
		free(list->problems);
		list->problems = a;
	} else {
		free(b);
	}
	return LRM_OK;
}

/* Refuse what is no text: invalid UTF-8, NUL bytes, a line over
 * MAX_LINE_BYTES. */
static lrm_status_t
check_text(const char *source, const char *text, size_t len, lrm_error_t *err)
{
	size_t bad, line_start = 0;
	unsigned line = 1;

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
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i - line_start > MAX_LINE_BYTES)
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "%s:%u: line is %zu bytes long; a "
					     "list's lines are at most %u bytes",
					     source, line, i - line_start,
					     MAX_LINE_BYTES);
		/* cmark-gfm gives up on a row of very many cells (and reads
		 * it as a paragraph): refuse it here, as a table row */
		if (i - line_start > 2 * MAX_CELLS) {
			const char *s = text + line_start;
			size_t n = i - line_start, cells;

			md_trim(&s, &n);
			if (n && s[0] == '|' &&
			    (cells = md_count_cells(s, n)) > MAX_CELLS)
				return lrm_error_set(err, LRM_ERR_INVALID,
						     "%s:%u: table row has %zu "
						     "cells; a row has at most %d",
						     source, line, cells,
						     MAX_CELLS);
		}
		line++;
		line_start = i + 1;
	}
	return LRM_OK;
}

/* Where each line of R->text starts. */
static lrm_status_t
index_lines(struct reader *r)
{
	size_t n = 1;

	for (size_t i = 0; i < r->len; i++)
		n += r->text[i] == '\n';
	r->line_starts = malloc(n * sizeof(*r->line_starts));
	if (!r->line_starts)
		return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	r->n_lines = 0;
	r->line_starts[r->n_lines++] = 0;
	for (size_t i = 0; i < r->len; i++)
		if (r->text[i] == '\n' && r->n_lines < n)
			r->line_starts[r->n_lines++] = i + 1;
	return LRM_OK;
}

lrm_status_t
lrm_list_parse(struct lrm_list *list, const char *source, const char *text,
	       size_t len, lrm_error_t *err)
{
	struct reader r = {0};
	lrm_status_t status;
	char *clean = NULL;
	cmark_node *doc = NULL;

	memset(list, 0, sizeof(*list));
	r.list = list;
	r.err = err;
	status = check_text(source, text, len, err);
	if (status)
		return status;
	list->source = strdup(source);
	if (!list->source) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	status = take_controls(&r, text, len, &clean);
	if (status)
		goto cleanup;
	r.text = clean;
	r.len = strlen(clean);
	status = index_lines(&r);
	if (status)
		goto cleanup;
	doc = md_parse(r.text, r.len);
	if (!doc) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	status = find_papers_heading(&r, doc);
	if (!status)
		status = walk_blocks(&r, doc);
	if (!status)
		status = sort_problems(list, err);
cleanup:
	if (doc)
		cmark_node_free(doc);
	for (int l = 0; l <= READER_MAX_LEVEL; l++)
		free(r.headings[l]);
	for (size_t i = 0; i < r.n_strings; i++)
		free(r.strings[i]);
	free(r.strings);
	free(r.controls);
	free(r.line_starts);
	free(clean);
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
				     "column) and no entry of a paper in this "
				     "list");
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
