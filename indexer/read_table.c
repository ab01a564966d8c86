/* indexer/read_table.c - the table reader: a table whose header names a
 * title column ("Title", "Title & Authors", or "Paper" / "Name" when there
 * is no Title), one row per paper (see reader.h).
 *
 * cmark-gfm pads a short row and drops a long row's extra cells, as GitHub
 * shows them; the row as written is counted from its line, so that a row
 * that does not fit its table is reported instead of silently mended.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lrm/arxiv.h"
#include "lrm/url.h"
#include "reader.h"

#define MAX_CELLS   1024 /* no real table row has more cells */
#define MAX_COLUMNS 256  /* nor a table more columns worth reading */

enum column {
	COL_OTHER = 0,
	COL_DATE,
	COL_TITLE,
	COL_VENUE,
	COL_PAPER,
	COL_CODE,
	COL_AUTHORS,
	COL_NAME, /* "Paper", "Name": the title when there is no Title */
};

struct table {
	size_t n_columns;
	enum column columns[MAX_COLUMNS];
	int titled_by_name;         /* the title column is "Paper" or "Name" */
	char *unknown[MAX_COLUMNS]; /* names of columns no reader knows */
};

static enum column
column_kind(const char *text)
{
	static const struct {
		const char *name;
		enum column col;
	} names[] = {
		{ "time", COL_DATE },
		{ "date", COL_DATE },
		{ "year", COL_DATE },
		{ "month", COL_DATE },
		{ "title", COL_TITLE },
		{ "title & authors", COL_TITLE },
		{ "title and authors", COL_TITLE },
		{ "paper title", COL_TITLE },
		{ "venue", COL_VENUE },
		{ "conference", COL_VENUE },
		{ "journal", COL_VENUE },
		{ "publication", COL_VENUE },
		{ "published in", COL_VENUE },
		{ "paper", COL_NAME },
		{ "papers", COL_NAME },
		{ "name", COL_NAME },
		{ "link", COL_PAPER },
		{ "links", COL_PAPER },
		{ "pdf", COL_PAPER },
		{ "url", COL_PAPER },
		{ "arxiv", COL_PAPER },
		{ "code", COL_CODE },
		{ "github", COL_CODE },
		{ "repo", COL_CODE },
		{ "authors", COL_AUTHORS },
		{ "author", COL_AUTHORS },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(text, names[i].name) == 0)
			return names[i].col;
	return COL_OTHER;
}

static const char *
column_name(enum column kind)
{
	switch (kind) {
	case COL_DATE:
		return "Time";
	case COL_TITLE:
	case COL_NAME:
		return "Title";
	case COL_VENUE:
		return "Venue";
	case COL_PAPER:
		return "Paper";
	case COL_CODE:
		return "Code";
	case COL_AUTHORS:
		return "Authors";
	case COL_OTHER:
		break;
	}
	return "other";
}

/* What a cell of a column of KIND holds, for messages: "a title". */
static const char *
cell_what(enum column kind)
{
	switch (kind) {
	case COL_DATE:
		return "a date";
	case COL_TITLE:
	case COL_NAME:
		return "a title";
	case COL_VENUE:
		return "a venue";
	case COL_PAPER:
		return "a paper link";
	case COL_CODE:
		return "a code link";
	case COL_AUTHORS:
		return "the authors";
	case COL_OTHER:
		break;
	}
	return "a cell";
}

static lrm_status_t
out_of_memory(struct reader *r)
{
	return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
}

/* The header row: the kind of each column; problems for columns given
 * twice and for those no reader knows (once per table).  Whether the
 * table lists papers (has a title column) in *PAPERS. */
static lrm_status_t
read_header(struct reader *r, struct table *t, cmark_node *header, int *papers)
{
	unsigned line = reader_span_of(header).line;
	size_t count = 0, kept;
	lrm_status_t status = LRM_OK;
	int has_title = 0;
	char *unknown[MAX_COLUMNS] = { 0 };

	*papers = 0;
	for (cmark_node *c = cmark_node_first_child(header); c;
	     c = cmark_node_next(c))
		count++;
	if (count > MAX_CELLS)
		return lrm_error_set(r->err, LRM_ERR_INVALID,
		                     "%s:%u: table header has %zu cells; a row "
		                     "has at most %d",
		                     r->list->source, line, count, MAX_CELLS);
	kept = count < MAX_COLUMNS ? count : MAX_COLUMNS;
	t->n_columns = count;
	if (count > MAX_COLUMNS)
		status = reader_problem(r, line, 0,
		                        "table has %zu columns; only the first "
		                        "%d are read",
		                        count, MAX_COLUMNS);
	{
		size_t i = 0;

		for (cmark_node *c = cmark_node_first_child(header);
		     c && i < kept && !status; c = cmark_node_next(c), i++) {
			char *text =
			    md_text_range(cmark_node_first_child(c), NULL, 0);

			if (!text) {
				status = out_of_memory(r);
				break;
			}
			md_strip_symbols(text);
			t->columns[i] = column_kind(text);
			if (t->columns[i] == COL_TITLE)
				has_title = 1;
			if (t->columns[i] == COL_OTHER && text[0])
				unknown[i] = text;
			else
				free(text);
		}
	}
	/* Without a Title, the first Paper or Name column is the title (a
	 * link to the paper, as a rule); with one, Paper is the link. */
	for (size_t i = 0; i < kept; i++) {
		if (t->columns[i] != COL_NAME)
			continue;
		if (!has_title)
			t->titled_by_name = 1;
		t->columns[i] = has_title ? COL_PAPER : COL_TITLE;
		has_title = 1;
	}
	/* A kind of column given twice counts once, the first time. */
	for (size_t c = 0; c < kept && !status; c++)
		for (size_t d = 0; d < c && t->columns[c] != COL_OTHER; d++)
			if (t->columns[d] == t->columns[c]) {
				status = reader_problem(
				    r, line, 0,
				    "column %zu is a second %s column "
				    "(after column %zu); it is ignored",
				    c + 1, column_name(t->columns[c]), d + 1);
				t->columns[c] = COL_OTHER;
			}
	*papers = has_title;
	/* reported once the rows are read: a table titled by Name may turn
	 * out to list people */
	for (size_t c = 0; c < kept; c++)
		if (!status && unknown[c] && has_title && reader_in_papers(r))
			t->unknown[c] = unknown[c];
		else
			free(unknown[c]);
	return status;
}

/* The columns of T no reader knows, once for the table on LINE (when it
 * gave papers, if it is titled by a Name or Paper column). */
static lrm_status_t
report_unknown(struct reader *r, struct table *t, unsigned line, int rows)
{
	lrm_status_t status = LRM_OK;

	for (size_t c = 0; c < MAX_COLUMNS; c++) {
		if (!status && t->unknown[c] && (rows || !t->titled_by_name))
			status = reader_problem(r, line, 0,
			                        "column %zu '%s' is not read "
			                        "(no reader knows it)",
			                        c + 1, t->unknown[c]);
		free(t->unknown[c]);
		t->unknown[c] = NULL;
	}
	return status;
}

/* The URL a link cell holds as written, when cmark saw no link in it
 * ("[text](url with a space)"): [text](url), <url> or a bare URL; NULL
 * for "-", an empty cell or a cell without a link. */
static char *
raw_cell_url(const char *s, size_t n)
{
	const char *open = NULL;

	md_trim(&s, &n);
	if (n == 0 || (n == 1 && s[0] == '-'))
		return NULL;
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
		md_trim(&open, &len);
		for (size_t i = 0; i < len; i++)
			if (isspace((unsigned char)open[i])) {
				len = i;
				break;
			}
		return len ? strndup(open, len) : NULL;
	}
	if (s[0] == '<' && s[n - 1] == '>')
		return strndup(s + 1, n - 2);
	if ((n >= 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (n >= 8 && strncasecmp(s, "https://", 8) == 0))
		return strndup(s, n);
	return NULL;
}

/* The links of CELL that are no badges: the paper's (labelled so, else
 * one to a site of papers, else the first) and the code's. */
static void
cell_links(cmark_node *cell, const char **paper, const char **code)
{
	const char *first = NULL, *by_site = NULL, *labelled = NULL;
	const char *badge_link = NULL;
	cmark_iter *iter = cmark_iter_new(cell);
	cmark_event_type ev;

	*code = NULL;
	while (iter && (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(iter);
		const char *url;
		char *label;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_LINK)
			continue;
		url = cmark_node_get_url(n);
		if (md_is_badge(n) || !url || !*url) {
			/* [![arXiv](badge)](https://arxiv.org/abs/...),
			 * [![Star](badge)](https://github.com/...) */
			if (url && !badge_link &&
			    (strncasecmp(url, "https://", 8) == 0 ||
			     strncasecmp(url, "http://", 7) == 0))
				badge_link = url;
			cmark_iter_reset(iter, n, CMARK_EVENT_EXIT);
			continue;
		}
		label = md_text_range(cmark_node_first_child(n), NULL, 0);
		switch (md_link_kind(label, url)) {
		case MD_LINK_PAPER:
			if (!labelled)
				labelled = url;
			break;
		case MD_LINK_CODE:
			if (!*code)
				*code = url;
			break;
		case MD_LINK_OTHER:
			if (!by_site && md_url_is_paper(url))
				by_site = url;
			if (!first)
				first = url;
			break;
		}
		free(label);
		cmark_iter_reset(iter, n, CMARK_EVENT_EXIT);
	}
	if (iter)
		cmark_iter_free(iter);
	*paper = labelled ? labelled : by_site ? by_site : first;
	/* a cell of badges only: where the badge leads */
	if (!*paper && badge_link && md_url_is_paper(badge_link))
		*paper = badge_link;
	if (!*code && badge_link &&
	    lrm_url_host_is(badge_link, "github.com", NULL))
		*code = badge_link;
}

/* The raw text of CELL on its line, for raw_cell_url(). */
static char *
cell_raw_url(struct reader *r, cmark_node *cell)
{
	struct reader_span s = reader_span_of(cell);
	size_t len;
	const char *line = reader_line(r, s.line, &len);

	if (s.column == 0 || s.column > len + 1 || s.end_column < s.column)
		return NULL;
	if (s.end_column > len)
		s.end_column = (unsigned)len;
	return raw_cell_url(line + s.column - 1, s.end_column - s.column + 1);
}

/* The paper link L gets: URL, and the arXiv id it names; a link to arXiv
 * without a valid id is a problem, and no id. */
static lrm_status_t
set_paper(struct reader *r, struct lrm_listing *l, const char *url)
{
	enum lrm_arxiv_link kind;
	lrm_status_t status;

	if (!url)
		return LRM_OK;
	l->paper = md_clean_url(url);
	if (!l->paper)
		return out_of_memory(r);
	status = lrm_arxiv_link_parse(l->paper, &kind, &l->arxiv,
	                              &l->arxiv_version, r->err);
	if (status || kind != LRM_ARXIV_LINK_MALFORMED)
		return status;
	status = reader_problem(r, l->line, 0, "malformed arXiv id '%s' in %s",
	                        l->arxiv, l->paper);
	free(l->arxiv);
	l->arxiv = NULL;
	return status;
}

/* The code link L gets: one to a site of papers is a problem. */
static lrm_status_t
set_code(struct reader *r, struct lrm_listing *l, const char *url)
{
	const char *site;

	if (!url)
		return LRM_OK;
	l->code = md_clean_url(url);
	if (!l->code)
		return out_of_memory(r);
	site = lrm_url_paper_site(l->code);
	if (!site)
		return LRM_OK;
	return reader_problem(r, l->line, 0,
	                      "code link points to a paper site (%s): %s", site,
	                      l->code);
}

/* The badges of CELL: a date and a venue for L, where it has none. */
static lrm_status_t
read_badges(struct reader *r, struct lrm_listing *l, cmark_node *cell)
{
	cmark_iter *iter = cmark_iter_new(cell);
	cmark_event_type ev;
	lrm_status_t status = LRM_OK;

	if (!iter)
		return out_of_memory(r);
	while (!status && (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(iter);
		char date[8], *venue = NULL;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_IMAGE)
			continue;
		if (!md_badge_read(cmark_node_get_url(n), date, &venue))
			continue;
		if (date[0] && !l->date && !(l->date = strdup(date)))
			status = out_of_memory(r);
		if (venue && !l->venue) {
			l->venue = venue;
			venue = NULL;
			l->venue_name =
			    lrm_list_split_venue(l->venue, &l->venue_year);
			if (!l->venue_name)
				status = out_of_memory(r);
		}
		free(venue);
	}
	cmark_iter_free(iter);
	return status;
}

/* The first link inside NODE that is no badge, or NULL. */
static cmark_node *
first_link(cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c;
	     c = cmark_node_next(c)) {
		cmark_node *found;

		if (md_is_badge(c))
			continue;
		if (cmark_node_get_type(c) == CMARK_NODE_LINK)
			return c;
		if ((found = first_link(c)) != NULL)
			return found;
	}
	return NULL;
}

/* The href of the HTML link TAG (<a href="url">), kept in R's list of
 * strings to free: "" when it has none; NULL when out of memory. */
static const char *
html_href(struct reader *r, const char *tag)
{
	const char *p = strstr(tag, "href=");
	size_t n;
	char quote, *url, **grown;

	if (!p)
		return "";
	p += 5;
	quote = *p == '"' || *p == '\'' ? *p++ : ' ';
	n = strcspn(p, quote == ' ' ? " >" : (quote == '"' ? "\"" : "'"));
	url = strndup(p, n);
	grown = url ? realloc(r->strings, (r->n_strings + 1) * sizeof(*grown))
	            : NULL;
	if (!grown) {
		free(url);
		return NULL;
	}
	r->strings = grown;
	r->strings[r->n_strings++] = url;
	return url;
}

/* The title cell: "**Title**", or "[badges]<br>[Title](url) <br> Authors":
 * the first part (between <br>s) with more than badges is the title, a
 * link in it the paper's when no other column gives one, and the next
 * part the authors. */
static lrm_status_t
read_title(struct reader *r, struct lrm_row *row, cmark_node *cell,
           const char **title_link)
{
	cmark_node *part = cmark_node_first_child(cell);
	lrm_status_t status = LRM_OK;

	*title_link = NULL;
	while (part) {
		cmark_node *end = part, *link = NULL;
		const char *html_link = NULL;
		int content = 0;
		char *text;

		/* the part: up to the next <br> */
		for (; end; end = cmark_node_next(end)) {
			cmark_node_type type = cmark_node_get_type(end);
			const char *lit = cmark_node_get_literal(end);

			if (type == CMARK_NODE_LINEBREAK ||
			    (type == CMARK_NODE_HTML_INLINE && lit &&
			     strncasecmp(lit, "<br", 3) == 0))
				break;
			if (md_is_badge(end))
				continue;
			if (type == CMARK_NODE_LINK && !link)
				link = end;
			/* **[Title](url)** */
			if ((type == CMARK_NODE_STRONG ||
			     type == CMARK_NODE_EMPH) &&
			    !link)
				link = first_link(end);
			if (type == CMARK_NODE_HTML_INLINE && !link &&
			    !html_link && lit &&
			    strncasecmp(lit, "<a ", 3) == 0)
				html_link = lit;
			if (type != CMARK_NODE_TEXT ||
			    (lit && strspn(lit, " \t") != strlen(lit)))
				content = 1;
		}
		if (!content) {
			part = end ? cmark_node_next(end) : NULL;
			continue;
		}
		text = md_text_range(part, end, 0);
		if (!text)
			return out_of_memory(r);
		if (!row->title) {
			if (text[0] == '\0') {
				free(text);
				break;
			}
			row->title = text;
			if (link)
				*title_link = cmark_node_get_url(link);
			else if (html_link &&
			         !(*title_link = html_href(r, html_link)))
				status = out_of_memory(r);
			if (status)
				break;
		} else {
			/* the part after the title: its authors */
			if (!row->listing.authors &&
			    md_split_authors(text, &row->listing.authors,
			                     &row->listing.n_authors) != 0)
				status = out_of_memory(r);
			free(text);
			break;
		}
		part = end ? cmark_node_next(end) : NULL;
	}
	return status;
}

/* The date cell: YYYY.MM, YYYY-MM, MM/YYYY or a year; else a problem. */
static lrm_status_t
read_date(struct reader *r, struct lrm_listing *l, cmark_node *cell)
{
	char *text = md_text_range(cmark_node_first_child(cell), NULL, 0);
	char date[8];
	lrm_status_t status = LRM_OK;

	if (!text)
		return out_of_memory(r);
	if (text[0] == '\0' || strcmp(text, "-") == 0)
		status = reader_problem(r, l->line, 0, "missing date");
	else if (!md_parse_when(text, date))
		status = reader_problem(r, l->line, 0,
		                        "unparseable date '%s' (expected "
		                        "YYYY.MM)",
		                        text);
	else {
		free(l->date); /* the column's date over a badge's */
		if (!(l->date = strdup(date)))
			status = out_of_memory(r);
	}
	free(text);
	return status;
}

/* The venue cell: as written, and its name and year apart ("-" or nothing
 * is no venue). */
static lrm_status_t
read_venue(struct reader *r, struct lrm_listing *l, cmark_node *cell)
{
	char *text = md_text_range(cmark_node_first_child(cell), NULL, 0);

	if (!text)
		return out_of_memory(r);
	if (text[0] == '\0' || strcmp(text, "-") == 0) {
		free(text);
		return LRM_OK;
	}
	/* the column's venue over a badge's */
	free(l->venue);
	free(l->venue_name);
	l->venue = text;
	l->venue_name = lrm_list_split_venue(text, &l->venue_year);
	return l->venue_name ? LRM_OK : out_of_memory(r);
}

/* A link cell: its paper link, or its code link (and the other one, when
 * a Links cell holds both). */
static lrm_status_t
read_link_cell(struct reader *r, struct lrm_listing *l, cmark_node *cell,
               enum column kind, const char **other)
{
	const char *paper, *code, *want;
	char *raw = NULL;
	lrm_status_t status;

	cell_links(cell, &paper, &code);
	want = kind == COL_CODE ? (code ? code : paper) : paper;
	*other = kind == COL_CODE ? NULL : code;
	if (!want) {
		raw = cell_raw_url(r, cell);
		want = raw;
	}
	status =
	    kind == COL_CODE ? set_code(r, l, want) : set_paper(r, l, want);
	free(raw);
	return status;
}

static lrm_status_t
read_cell(struct reader *r, struct lrm_row *row, enum column kind,
          cmark_node *cell, const char **title_link, const char **links_code)
{
	struct lrm_listing *l = &row->listing;
	char *text;

	switch (kind) {
	case COL_TITLE:
	case COL_NAME:
		return read_title(r, row, cell, title_link);
	case COL_DATE:
		return read_date(r, l, cell);
	case COL_VENUE:
		return read_venue(r, l, cell);
	case COL_PAPER:
	case COL_CODE:
		return read_link_cell(r, l, cell, kind, links_code);
	case COL_AUTHORS:
		text = md_text_range(cmark_node_first_child(cell), NULL, 0);
		if (!text)
			return out_of_memory(r);
		/* the column's authors over those of a title cell */
		for (size_t i = 0; i < l->n_authors; i++)
			free(l->authors[i]);
		free(l->authors);
		l->authors = NULL;
		l->n_authors = 0;
		if (md_split_authors(text, &l->authors, &l->n_authors) != 0) {
			free(text);
			return out_of_memory(r);
		}
		free(text);
		return LRM_OK;
	case COL_OTHER:
		break;
	}
	return LRM_OK;
}

static lrm_status_t
read_row(struct reader *r, const struct table *t, cmark_node *tr)
{
	unsigned line = reader_span_of(tr).line;
	const char *title_link = NULL, *links_code = NULL;
	struct lrm_row *row = NULL;
	size_t count, raw_len, c = 0;
	const char *raw = reader_line(r, line, &raw_len);
	lrm_status_t status;
	int found_title = 0;

	count = md_count_cells(raw, raw_len);
	if (count > MAX_CELLS)
		return lrm_error_set(
		    r->err, LRM_ERR_INVALID,
		    "%s:%u: table row has %zu cells; a row has "
		    "at most %d",
		    r->list->source, line, count, MAX_CELLS);
	status = reader_new_row(r, line, &row);
	if (!status && count != t->n_columns)
		status = reader_problem(r, line, 0,
		                        "row has %zu cells but its table has "
		                        "%zu columns",
		                        count, t->n_columns);
	for (cmark_node *cell = cmark_node_first_child(tr);
	     cell && !status && c < t->n_columns && c < MAX_COLUMNS;
	     cell = cmark_node_next(cell), c++) {
		enum column kind = t->columns[c];

		if (c >= count && count < t->n_columns)
			continue; /* a cell cmark made up */
		if (kind == COL_OTHER) {
			/* a column of badges ("Venue" as an image) */
			status = read_badges(r, &row->listing, cell);
			continue;
		}
		if (kind == COL_TITLE)
			found_title = 1;
		/* Whatever the list holds, no control character goes on
		 * into the dataset (and from there to a terminal). */
		status = reader_claim_controls(r, reader_span_of(cell),
		                               cell_what(kind));
		if (!status)
			status = read_cell(r, row, kind, cell, &title_link,
			                   &links_code);
		if (!status)
			status = read_badges(r, &row->listing, cell);
	}
	if (status)
		return status;
	/* a link in the title, or a Links cell's code link, when no column of
	 * its own gives one */
	if (title_link && !*title_link)
		title_link = NULL;
	if (title_link && row->listing.paper && md_url_is_paper(title_link) &&
	    !md_url_is_paper(row->listing.paper)) {
		/* Links: [Project](...) beside [Title](arXiv): the title's */
		free(row->listing.paper);
		free(row->listing.arxiv);
		free(row->listing.arxiv_version);
		row->listing.paper = row->listing.arxiv = NULL;
		row->listing.arxiv_version = NULL;
	}
	if (!row->listing.paper && title_link)
		status = set_paper(r, &row->listing, title_link);
	if (!status && !row->listing.code && links_code)
		status = set_code(r, &row->listing, links_code);
	/* "| Name | Affiliation |" is people, not papers: a table titled by
	 * a Name or Paper column lists a paper only with a link */
	if (!status && t->titled_by_name && !row->listing.paper &&
	    !row->listing.code) {
		lrm_listing_clear(&row->listing);
		free(row->title);
		free(row->key);
		r->list->n_rows--;
		return LRM_OK;
	}
	if (!status && !row->title)
		status = reader_problem(r, line, 0,
		                        found_title ? "row has an empty title"
		                                    : "row has no title cell");
	if (!status)
		status = reader_finish_row(r, row);
	return status;
}

lrm_status_t
read_table(struct reader *r, cmark_node *table)
{
	struct table t = { 0 };
	cmark_node *header = cmark_node_first_child(table);
	lrm_status_t status;
	int papers = 0;
	size_t rows_before = r->list->n_rows;
	lrm_status_t reported;

	if (!header)
		return LRM_OK;
	status = read_header(r, &t, header, &papers);
	for (cmark_node *tr = cmark_node_next(header); tr && !status;
	     tr = cmark_node_next(tr)) {
		if (!reader_in_papers(r))
			break;
		if (papers)
			status = read_row(r, &t, tr);
		else if (reader_lines_cite_paper(r, reader_span_of(tr).line,
		                                 reader_span_of(tr).line))
			status = reader_not_read(r, reader_span_of(tr).line);
	}
	reported = report_unknown(r, &t, reader_span_of(header).line,
	                          r->list->n_rows > rows_before);
	return status ? status : reported;
}
