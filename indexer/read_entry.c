/* indexer/read_entry.c - the entry reader: a paper as a list item or a
 * paragraph rather than a table row (see reader.h).  The shapes:
 *
 *   - [Title](url) ![](https://img.shields.io/badge/abs-2025.05-red)
 *   - **Title**  /  1. **[Title](url)**
 *   * Title [[Paper]](url) [[Code]](url)
 *   - **Title**
 *     *Author One, Author Two*. [[pdf](url)], [[code](url)], 2025.03.
 * ![](badge)
 *
 * The title comes first (after any badges): a link's text, a bold text,
 * or the plain text before the first link.  What follows it, on the same
 * line, the next lines or the next paragraph of the item, gives the
 * links (by their label, "pdf" or "Code", else by their site), the
 * authors (in italics), the date ("2025.03", "03/2025") and the badges'
 * dates and venues.  An item counts as a paper when it has a title and
 * one of those; one that cites a paper but is not read is reported.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "lrm/arxiv.h"
#include "lrm/url.h"
#include "reader.h"

#define MAX_TITLE_BYTES 1000 /* longer is prose, not a title */

struct entry {
	char *title;
	const char *title_url;
	const char *paper;   /* labelled "pdf", "paper"... */
	const char *by_site; /* to arXiv, OpenReview... */
	const char *code;
	char **authors;
	size_t n_authors;
	char date[8];
	char badge_date[8];
	char *venue;
	struct lrm_buf rest; /* the text after the title, for its date */
};

static void
entry_clear(struct entry *e)
{
	free(e->title);
	for (size_t i = 0; i < e->n_authors; i++)
		free(e->authors[i]);
	free(e->authors);
	free(e->venue);
	lrm_buf_free(&e->rest);
	memset(e, 0, sizeof(*e));
}

static int
is_blank_text(cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);

	return cmark_node_get_type(n) == CMARK_NODE_TEXT && lit &&
	       strspn(lit, " \t") == strlen(lit);
}

static int
is_break(cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	const char *lit = cmark_node_get_literal(n);

	return type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_SOFTBREAK ||
	       (type == CMARK_NODE_HTML_INLINE && lit &&
	        strncmp(lit, "<br", 3) == 0);
}

/* The one link that is all of STRONG's content ("**[Title](url)**"). */
static cmark_node *
sole_link(cmark_node *strong)
{
	cmark_node *link = NULL;

	for (cmark_node *c = cmark_node_first_child(strong); c;
	     c = cmark_node_next(c)) {
		if (is_blank_text(c) || md_is_badge(c))
			continue;
		if (cmark_node_get_type(c) != CMARK_NODE_LINK || link)
			return NULL;
		link = c;
	}
	return link;
}

/* Drop what trails a plain title before its links: " [", " -", ":". */
static void
trim_title(char *t)
{
	size_t n = strlen(t);

	/* "[Title](https://arxiv.org/pdf/2506.04207]": a link the list
	 * broke, read as text */
	if (t[0] == '[') {
		memmove(t, t + 1, n);
		n--;
		while (n > 0 &&
		       (t[n - 1] == ']' || t[n - 1] == '(' || t[n - 1] == ' '))
			n--;
	}
	while (n > 0 && strchr(" [(-:,|\xe2\x80\x93", t[n - 1]))
		n--;
	/* "**Title.**": the full stop is the list's, not the title's */
	if (n > 1 && t[n - 1] == '.' && t[n - 2] != '.')
		n--;
	t[n] = '\0';
}

/* A date or a venue that an entry puts before its title, "[2025/03]",
 * "(ICLR 2025)", "2025.03:", taken off the front of T (and kept in E);
 * 1 when there was one. */
static int
strip_prefix(struct entry *e, char *t)
{
	size_t n = 0, skip;
	char inner[64], when[8], *venue = NULL;
	int open = t[0] == '[' || t[0] == '(';

	if (open) {
		const char *close = strchr(t, t[0] == '[' ? ']' : ')');

		if (!close || (size_t)(close - t) >= sizeof(inner))
			return 0;
		n = (size_t)(close - t) - 1;
		memcpy(inner, t + 1, n);
		skip = n + 2;
	} else {
		n = strcspn(t, " :");
		if (n >= sizeof(inner))
			return 0;
		memcpy(inner, t, n);
		skip = n;
	}
	inner[n] = '\0';
	if (md_parse_when(inner, when)) {
		if (!e->date[0])
			memcpy(e->date, when, sizeof(when));
	} else if (open && md_venue_year(inner, &venue)) {
		if (!e->venue)
			e->venue = venue;
		else
			free(venue);
	} else {
		return 0;
	}
	while (t[skip] == ' ' || t[skip] == ':' || t[skip] == '-')
		skip++;
	memmove(t, t + skip, strlen(t + skip) + 1);
	return 1;
}

/* The title, from the first inline of HEAD; *REST is where what follows
 * it starts.  0 when HEAD starts with no title. */
static int
read_title(struct entry *e, cmark_node *head, cmark_node **rest)
{
	cmark_node *n = cmark_node_first_child(head), *stop;

again:
	while (n && (md_is_badge(n) || is_blank_text(n)))
		n = cmark_node_next(n);
	if (!n)
		return 0;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_LINK:
		e->title = md_text_range(cmark_node_first_child(n), NULL, 0);
		e->title_url = cmark_node_get_url(n);
		*rest = cmark_node_next(n);
		break;
	case CMARK_NODE_STRONG:
	case CMARK_NODE_EMPH: {
		cmark_node *link = sole_link(n);

		if (link) {
			e->title = md_text_range(cmark_node_first_child(link),
			                         NULL, 0);
			e->title_url = cmark_node_get_url(link);
		} else {
			e->title =
			    md_text_range(cmark_node_first_child(n), NULL, 0);
		}
		*rest = cmark_node_next(n);
		break;
	}
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		for (stop = n; stop; stop = cmark_node_next(stop))
			if (cmark_node_get_type(stop) == CMARK_NODE_LINK ||
			    cmark_node_get_type(stop) == CMARK_NODE_IMAGE ||
			    is_break(stop))
				break;
		e->title = md_text_range(n, stop, 0);
		*rest = stop;
		if (!e->title)
			return -1;
		/* "[2025/03] **Title**", "`2025.03` [Title](url)" */
		for (int i = 0; i < 3 && strip_prefix(e, e->title); i++)
			;
		if (e->title[0] == '\0' && stop && !is_break(stop)) {
			free(e->title);
			e->title = NULL;
			n = stop;
			goto again;
		}
		break;
	default:
		return 0;
	}
	if (!e->title)
		return -1;
	trim_title(e->title);
	return e->title[0] != '\0' && strlen(e->title) <= MAX_TITLE_BYTES &&
	       !(e->title_url && e->title_url[0] == '#');
}

/* The images of N (a badge, or a link of badges): dates and venues. */
static int
read_badge(struct entry *e, cmark_node *n)
{
	cmark_iter *iter = cmark_iter_new(n);
	cmark_event_type ev;

	if (!iter)
		return -1;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *img = cmark_iter_get_node(iter);
		char date[8], *venue = NULL;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(img) != CMARK_NODE_IMAGE ||
		    !md_badge_read(cmark_node_get_url(img), date, &venue))
			continue;
		if (date[0] && !e->badge_date[0])
			memcpy(e->badge_date, date, 8);
		if (venue && !e->venue)
			e->venue = venue;
		else
			free(venue);
	}
	cmark_iter_free(iter);
	return 0;
}

/* One inline N after the title. */
static int
read_detail(struct entry *e, cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	const char *url;
	char *text;

	if (md_is_badge(n))
		return read_badge(e, n);
	switch (type) {
	case CMARK_NODE_LINK:
		url = cmark_node_get_url(n);
		if (!url || !*url || url[0] == '#')
			return 0;
		text = md_text_range(cmark_node_first_child(n), NULL, 0);
		if (!text)
			return -1;
		switch (md_link_kind(text, url)) {
		case MD_LINK_PAPER:
			if (!e->paper)
				e->paper = url;
			break;
		case MD_LINK_CODE:
			if (!e->code)
				e->code = url;
			break;
		case MD_LINK_OTHER:
			if (!e->by_site && md_url_is_paper(url))
				e->by_site = url;
			break;
		}
		free(text);
		return 0;
	case CMARK_NODE_EMPH:
		text = md_text_range(cmark_node_first_child(n), NULL, 0);
		if (!text)
			return -1;
		if (!e->authors && text[0] &&
		    md_split_authors(text, &e->authors, &e->n_authors) != 0) {
			free(text);
			return -1;
		}
		free(text);
		return 0;
	default:
		/* text, bold, code: where a date may be */
		md_node_text(&e->rest, n, 0);
		lrm_buf_addc(&e->rest, ' ');
		return e->rest.status ? -1 : 0;
	}
}

/* The inlines from N on, and those of the paragraphs after HEAD up to
 * STOP. */
static int
read_details(struct entry *e, cmark_node *n, cmark_node *head, cmark_node *stop)
{
	for (; n; n = cmark_node_next(n))
		if (read_detail(e, n) != 0)
			return -1;
	for (cmark_node *p = cmark_node_next(head); p && p != stop;
	     p = cmark_node_next(p)) {
		if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			break;
		for (n = cmark_node_first_child(p); n; n = cmark_node_next(n))
			if (read_detail(e, n) != 0)
				return -1;
	}
	return 0;
}

static int
has_details(const struct entry *e)
{
	return e->paper || e->by_site || e->code || e->authors ||
	       e->title_url || e->badge_date[0] || e->venue || e->date[0];
}

/* The row of an entry E, on LINE. */
static lrm_status_t
add_row(struct reader *r, struct entry *e, unsigned line)
{
	struct lrm_row *row = NULL;
	struct lrm_listing *l;
	const char *paper, *code = e->code;
	lrm_status_t status;
	enum lrm_arxiv_link kind;

	status = reader_new_row(r, line, &row);
	if (status)
		return status;
	l = &row->listing;
	row->title = e->title;
	e->title = NULL;
	l->authors = e->authors;
	l->n_authors = e->n_authors;
	e->authors = NULL;
	e->n_authors = 0;
	paper = e->paper ? e->paper : e->title_url ? e->title_url : e->by_site;
	/* "[Title](https://github.com/...)" with a [pdf] beside it */
	if (!code && e->paper && e->title_url &&
	    !md_url_is_paper(e->title_url) &&
	    lrm_url_host_is(e->title_url, "github.com", NULL))
		code = e->title_url;
	if (e->date[0] || e->badge_date[0])
		l->date = strdup(e->date[0] ? e->date : e->badge_date);
	if (e->venue) {
		l->venue = e->venue;
		e->venue = NULL;
		l->venue_name = lrm_list_split_venue(l->venue, &l->venue_year);
	}
	if (paper)
		l->paper = md_clean_url(paper);
	if (code)
		l->code = md_clean_url(code);
	if ((e->date[0] || e->badge_date[0]) && !l->date)
		return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	if ((l->venue && !l->venue_name) || (paper && !l->paper) ||
	    (code && !l->code))
		return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	status = lrm_arxiv_link_parse(l->paper, &kind, &l->arxiv,
	                              &l->arxiv_version, r->err);
	if (!status && kind == LRM_ARXIV_LINK_MALFORMED) {
		status =
		    reader_problem(r, line, 0, "malformed arXiv id '%s' in %s",
		                   l->arxiv, l->paper);
		free(l->arxiv);
		l->arxiv = NULL;
	}
	if (!status && l->code && lrm_url_paper_site(l->code))
		status = reader_problem(r, line, 0,
		                        "code link points to a paper site "
		                        "(%s): %s",
		                        lrm_url_paper_site(l->code), l->code);
	if (!status)
		status = reader_finish_row(r, row);
	return status;
}

/* The entry whose title is in the paragraph HEAD and whose details follow
 * it, in HEAD and in the paragraphs after it up to STOP.  *READ says
 * whether it was one; with NEED_PAPER, only one with a paper link or a
 * date is (a paragraph outside a list might be prose). */
static lrm_status_t
read_entry(struct reader *r, cmark_node *head, cmark_node *stop, int need_paper,
           int *read)
{
	struct entry e = { 0 };
	cmark_node *rest = NULL;
	lrm_status_t status = LRM_OK;
	int title;

	*read = 0;
	lrm_buf_init(&e.rest, 1u << 20);
	title = read_title(&e, head, &rest);
	if (title < 0 || read_details(&e, rest, head, stop) != 0 ||
	    e.rest.status) {
		entry_clear(&e);
		return lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
	}
	if (title > 0 && e.rest.len && !e.date[0])
		md_find_date(lrm_buf_str(&e.rest), e.date);
	if (title > 0 && has_details(&e) &&
	    (!need_paper || e.paper || e.by_site ||
	     (e.title_url && md_url_is_paper(e.title_url)) || e.date[0] ||
	     e.badge_date[0])) {
		struct reader_span span = reader_span_of(head);

		for (cmark_node *p = cmark_node_next(head); p && p != stop;
		     p = cmark_node_next(p)) {
			if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
				break;
			span.end_line = (unsigned)cmark_node_get_end_line(p);
			span.end_column =
			    (unsigned)cmark_node_get_end_column(p);
		}
		status = reader_claim_controls(r, span, "an entry");
		if (!status)
			status = add_row(r, &e, span.line);
		*read = 1;
	}
	entry_clear(&e);
	return status;
}

/* Report the lines of the paragraphs FROM..STOP that cite a paper. */
static lrm_status_t
not_read_paragraphs(struct reader *r, cmark_node *from, cmark_node *stop)
{
	lrm_status_t status = LRM_OK;

	for (cmark_node *p = from; p && p != stop && !status;
	     p = cmark_node_next(p)) {
		unsigned first = (unsigned)cmark_node_get_start_line(p),
		         last = (unsigned)cmark_node_get_end_line(p);

		if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			continue;
		for (unsigned line = first; line <= last && !status; line++)
			if (reader_lines_cite_paper(r, line, line))
				status = reader_not_read(r, line);
	}
	return status;
}

lrm_status_t
read_entries(struct reader *r, cmark_node *list)
{
	lrm_status_t status = LRM_OK;

	for (cmark_node *item = cmark_node_first_child(list); item && !status;
	     item = cmark_node_next(item)) {
		cmark_node *head = cmark_node_first_child(item), *sub;
		int read = 0;

		/* the item's paragraphs are the entry; a list in it, more */
		for (sub = head;
		     sub && cmark_node_get_type(sub) != CMARK_NODE_LIST;
		     sub = cmark_node_next(sub))
			;
		if (head && cmark_node_get_type(head) == CMARK_NODE_PARAGRAPH) {
			status = read_entry(r, head, sub, 0, &read);
			if (!status && !read)
				status = not_read_paragraphs(r, head, sub);
		}
		for (; sub && !status; sub = cmark_node_next(sub))
			if (cmark_node_get_type(sub) == CMARK_NODE_LIST)
				status = read_entries(r, sub);
	}
	return status;
}

lrm_status_t
read_paragraph_entry(struct reader *r, cmark_node *para, cmark_node **node,
                     int *read)
{
	cmark_node *next = cmark_node_next(para), *stop = next;
	cmark_node *first = cmark_node_first_child(para);
	lrm_status_t status;

	*read = 0;
	while (first && (md_is_badge(first) || is_blank_text(first)))
		first = cmark_node_next(first);
	if (!first || (cmark_node_get_type(first) != CMARK_NODE_STRONG &&
	               cmark_node_get_type(first) != CMARK_NODE_LINK))
		return LRM_OK;
	/* "**Title**" alone: its details may be the next paragraph */
	if (next && cmark_node_get_type(next) == CMARK_NODE_PARAGRAPH &&
	    cmark_node_next(first) == NULL &&
	    cmark_node_get_type(first) == CMARK_NODE_STRONG)
		stop = cmark_node_next(next);
	status = read_entry(r, para, stop, 1, read);
	if (!status && *read && stop != next)
		*node = next;
	return status;
}
