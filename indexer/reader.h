/* indexer/reader.h - what the readers of an awesome list share (internal to
 * indexer/: list.c drives them, md.c holds the Markdown helpers,
 * read_table.c and read_entry.c are the readers).
 *
 * A list is parsed once by cmark-gfm, with GitHub's extensions (tables,
 * autolinks, strikethrough), into a syntax tree; list.c walks its blocks,
 * keeps the sections, and hands each table to the table reader and each
 * list item or paragraph to the entry reader.  Both fill rows through
 * reader_new_row() and report through reader_problem().
 */
#ifndef LRM_INDEXER_READER_H
#define LRM_INDEXER_READER_H

#include <cmark-gfm.h>
#include <stddef.h>

#include "list.h"
#include "lrm/buf.h"
#include "lrm/error.h"

#define READER_MAX_LEVEL 6 /* heading levels */

/* A control character removed from the text before cmark saw it. */
struct reader_control {
	unsigned line;   /* 1-based */
	size_t offset;   /* byte offset in the line as cmark sees it */
	unsigned column; /* 1-based, in characters, in the line as written */
	long cp;
	int claimed; /* reported by a reader already */
};

struct reader {
	struct lrm_list *list;
	lrm_error_t *err;
	/* the text cmark parsed: the list without its control characters */
	const char *text;
	size_t len;
	size_t *line_starts; /* offset of each line in TEXT; [0] is line 1 */
	size_t n_lines;
	struct reader_control *controls;
	size_t n_controls;
	/* the sections */
	char *headings[READER_MAX_LEVEL + 1]; /* [2..6] in use */
	int papers_level; /* level of a "Papers" heading we are under */
	int has_papers;   /* the list has a "Papers" heading */
	int skip_level;   /* under a heading of no papers (News...) */
	char year[5];     /* "2025" under a "### 2025" heading */
	int year_level;
	char **strings; /* text a reader made, freed with the tree */
	size_t n_strings;
};

/* Where a node is: its lines and byte columns (1-based, as cmark gives). */
struct reader_span {
	unsigned line, column, end_line, end_column;
};

struct reader_span reader_span_of(cmark_node *node);

/* Whether rows read now are papers: under "Papers" when the list has such
 * a heading, and never under a heading of no papers (News, Contents,
 * Citation, Contributors, Blogs, Talks, Resources...). */
int reader_in_papers(const struct reader *r);

/* The section of rows read now ("A / B"), malloc()ed; NULL for none. */
char *reader_section(const struct reader *r);

/* Problems: at LINE (COLUMN 0 for the whole line). */
LRM_MUST_CHECK lrm_status_t reader_problem(struct reader *r, unsigned line,
                                           unsigned column, const char *fmt,
                                           ...) LRM_PRINTF(4, 5);

/* Report the control characters that were in SPAN (from its column on
 * its first line to its end column on its last), each once, as "in
 * WHAT" ("a title"). */
LRM_MUST_CHECK lrm_status_t reader_claim_controls(struct reader *r,
                                                  struct reader_span span,
                                                  const char *what);

/* A new row on LINE, in the current section, with the list's source. */
LRM_MUST_CHECK lrm_status_t reader_new_row(struct reader *r, unsigned line,
                                           struct lrm_row **out);

/* The raw bytes of LINE as cmark saw it (without its line break). */
const char *reader_line(const struct reader *r, unsigned line, size_t *len);

/* Whether the lines FIRST..LAST hold a link to a paper (arXiv,
 * OpenReview, ACL Anthology, a PDF), by their text: how an entry that was
 * not read is found. */
int reader_lines_cite_paper(const struct reader *r, unsigned first,
                            unsigned last);

/* After a row's fields are set: its title's key, the date it lacks from
 * its arXiv id, and the problems of the whole row. */
LRM_MUST_CHECK lrm_status_t reader_finish_row(struct reader *r,
                                              struct lrm_row *row);

/* An entry that looks like a paper but was not read, on LINE. */
LRM_MUST_CHECK lrm_status_t reader_not_read(struct reader *r, unsigned line);

/* ---- the readers ---- */

/* read_table.c: a table (cmark-gfm's "table" node). */
LRM_MUST_CHECK lrm_status_t read_table(struct reader *r, cmark_node *table);

/* read_entry.c: the items of a list, each an entry ("- [Title](url)",
 * "- **Title**" and a line of authors and links, ...), and nested lists. */
LRM_MUST_CHECK lrm_status_t read_entries(struct reader *r, cmark_node *list);

/* read_entry.c: a paragraph outside a list that is an entry ("**Title**"
 * and a line of authors and links, maybe in the next paragraph: then
 * *NODE moves on to it).  *READ says whether it was one. */
LRM_MUST_CHECK lrm_status_t read_paragraph_entry(struct reader *r,
                                                 cmark_node *para,
                                                 cmark_node **node, int *read);

/* ---- md.c: plain text out of the syntax tree ---- */

enum md_text_flags {
	MD_IMAGE_ALT = 1,  /* an image gives its alt text (else nothing) */
	MD_STOP_AT_BR = 2, /* stop at a <br> or a hard line break */
};

/* The text a reader sees in NODE's children (and NODE itself when it is
 * text): emphasis dropped, links as their text, HTML tags as a space,
 * white space collapsed, control characters removed.  Appended to OUT. */
void md_node_text(struct lrm_buf *out, cmark_node *node, int flags);

/* md_node_text() of the siblings FROM up to (not including) TO, as a
 * malloc()ed string, trimmed and collapsed; NULL when out of memory. */
char *md_text_range(cmark_node *from, cmark_node *to, int flags);

/* Collapse runs of white space (and U+00A0) in S to one space, trim. */
void md_collapse(char *s);

/* Whether NODE is an image, or a link whose only content is images (a
 * badge). */
int md_is_badge(cmark_node *node);

/* What a shields.io badge says (its URL), into DATE ("YYYY-MM") and VENUE
 * ("NeurIPS 2024", malloc()ed): 1 when it said one of them. */
int md_badge_read(const char *url, char date[8], char **venue);

/* "TMLR2025", "NeurIPS 2024", "ICLR'2025": a venue and its year, as "NAME
 * YYYY" into *VENUE (malloc()ed); 0 when TEXT starts with no such thing. */
int md_venue_year(const char *text, char **venue);

/* What a link is by its label ("[pdf]", "Paper", "Github") or its URL. */
enum md_link_kind { MD_LINK_OTHER, MD_LINK_PAPER, MD_LINK_CODE };
enum md_link_kind md_link_kind(const char *label, const char *url);

/* A malloc()ed copy of URL without control characters (white space among
 * them becomes a space); NULL when out of memory. */
char *md_clean_url(const char *url);

/* Whether URL is a link to a paper by its site: arXiv, OpenReview, ACL
 * Anthology, a .pdf. */
int md_url_is_paper(const char *url);

/* A date in free text: "2025.03", "2025-03", "03/2025" into OUT
 * ("YYYY-MM"); 0 when there is none. */
int md_find_date(const char *text, char out[8]);

/* A date cell or heading: what md_find_date() takes, or a year alone
 * ("2025"); 0 when it is neither. */
int md_parse_when(const char *text, char out[8]);

/* Authors as a list writes them ("A, B and C."), into a malloc()ed
 * array; 0 on success. */
int md_split_authors(const char *text, char ***authors, size_t *n);

/* How many cells the table line S (N bytes) holds as written, at
 * unescaped pipes; a trailing Markdown comment ("[//]: #06/13") is no
 * cell. */
size_t md_count_cells(const char *s, size_t n);

/* S and N without white space at either end. */
void md_trim(const char **s, size_t *n);

/* Remove emoji and other symbols from a heading's text, in place. */
void md_strip_symbols(char *s);

#endif /* LRM_INDEXER_READER_H */
