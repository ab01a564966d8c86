/* search/sprinter-text.c - the printer for people (see sprinter.h).
 *
 * It knows the shape search/output.c gives a result: a map with the
 * query, the total, maybe a suggestion, the list of results (a map per
 * paper, with the list of its listings), maybe the facets (a map of lists
 * of {value, count}), and the offset and whether the total is exact.
 * Each result is printed as a block once its map ends; the summary line
 * and the facets, which follow the results on screen, once the whole map
 * ends.  A result without the list of results is a count: the number,
 * then the facets.
 *
 * On a terminal (a width) lines are word-wrapped to it; elsewhere each
 * line is printed whole, so that a pipe to grep sees whole titles.
 */
#define _GNU_SOURCE
#include "sprinter.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/buf.h"
#include "lrm/search.h"
#include "lrm/text.h"

#define BOLD "\x1b[1m"
#define RESET "\x1b[0m"
#define DIM "\x1b[2m"
#define HI "\x1b[1;33m"
#define HI_OFF "\x1b[22;39m"

/* Sections and listings of a paper shown at most. */
#define MAX_SECTIONS 16
#define MAX_LISTINGS 16

/* The depth of the values read: a listing's are at 5 (the top map, the
 * results, a result, its listings, a listing), its authors at 6. */
#define MAX_DEPTH 7

/* The lists a result names; with more, it says how many. */
#define MAX_LIST_NAMES 2

/* The narrowest a wrapped line gets, however narrow the terminal. */
#define MIN_WIDTH 20

/* Where a paper is listed (of a result's listings). */
struct listing {
	char *venue, *date, *section, *paper;
};

/* A result as it arrives, escaped for the terminal. */
struct block {
	long long rank;
	char *title, *venue, *date, *paper, *code, *snippet;
	char *sections[MAX_SECTIONS];
	size_t n_sections;
	char **authors;
	size_t n_authors;
	/* the authors of the first listing that gives any: shown when no
	 * abstract's are (listing_authors_at: that listing, 1-based) */
	char **listing_authors;
	size_t n_listing_authors, listing_authors_at;
	char *lists[MAX_LIST_NAMES];
	size_t n_lists; /* all of them, of which the first few are kept */
	char *added;
	int partial;
	struct listing listings[MAX_LISTINGS];
	size_t n_listings, listings_seen; /* kept, and all of them */
};

struct text {
	struct sprinter sp;
	FILE *out;
	unsigned width;
	int color;
	int show_added; /* say the day each paper was added */
	int depth;
	char keys[MAX_DEPTH][32]; /* the key at each depth (1: the top map's) */
	long long total, offset, shown, all_words;
	int exact, failed, divided;
	int counted; /* no list of results came */
	char *query, *ignored, *suggestion;
	struct block hit;
	/* the facets, printed after the summary */
	char *facets;
	size_t facets_len;
	FILE *fout;
	char *facet_value;
	long long facet_count;
};

/* S with its control characters escaped, letting the match markers
 * through when MARKED; NULL when out of memory. */
static char *
safe(const char *s, int marked)
{
	static const char markers[] = {LRM_HI_START, LRM_HI_END, '\0'};

	return lrm_text_escape(s, strlen(s), marked ? markers : NULL);
}

static void
block_clear(struct block *b)
{
	free(b->title);
	free(b->venue);
	free(b->date);
	free(b->paper);
	free(b->code);
	free(b->snippet);
	for (size_t i = 0; i < b->n_sections; i++)
		free(b->sections[i]);
	for (size_t i = 0; i < b->n_authors; i++)
		free(b->authors[i]);
	free(b->authors);
	for (size_t i = 0; i < b->n_listing_authors; i++)
		free(b->listing_authors[i]);
	free(b->listing_authors);
	for (size_t i = 0; i < b->n_lists && i < MAX_LIST_NAMES; i++)
		free(b->lists[i]);
	free(b->added);
	for (size_t i = 0; i < b->n_listings; i++) {
		free(b->listings[i].venue);
		free(b->listings[i].date);
		free(b->listings[i].section);
		free(b->listings[i].paper);
	}
	memset(b, 0, sizeof(*b));
}

/* The display width of TEXT without its markers. */
static unsigned
marked_width(const char *text, size_t n)
{
	char word[1024];
	size_t w = 0;

	for (size_t i = 0; i < n && w < sizeof(word) - 1; i++)
		if (text[i] != LRM_HI_START && text[i] != LRM_HI_END)
			word[w++] = text[i];
	return (unsigned)lrm_text_width(word, w);
}

/* The columns a wrapped line of T has after INDENT. */
static unsigned
line_width(const struct text *t, unsigned indent)
{
	return t->width > indent + MIN_WIDTH ? t->width - indent : MIN_WIDTH;
}

/* The bytes of TEXT, its match markers shown in colour (HI_ON, HI_OFF)
 * when T has colour and dropped otherwise.  *ON is whether a match is
 * open. */
static void
put_marked(struct text *t, const char *text, size_t n, const char *hi_on,
	   const char *hi_off, int *on)
{
	for (size_t i = 0; i < n; i++) {
		if (text[i] == LRM_HI_START) {
			*on = 1;
			if (t->color)
				fputs(hi_on, t->out);
		} else if (text[i] == LRM_HI_END) {
			*on = 0;
			if (t->color)
				fputs(hi_off, t->out);
		} else {
			fputc(text[i], t->out);
		}
	}
}

/* Print TEXT (with match markers, in colour HI_ON to HI_OFF).  On a
 * terminal it is word-wrapped to the width, its lines after the first
 * indented by INDENT columns, at most LINES lines (0: as many as it
 * takes) with "…" where cut; a word wider than a line is left whole, as
 * a link cut in two would not work.  Elsewhere it is printed as it is. */
static void
print_text(struct text *t, const char *text, unsigned indent, int lines,
	   const char *hi_on, const char *hi_off)
{
	unsigned maxw = line_width(t, indent), col = 0;
	int line = 1, on = 0;
	const char *p = text;

	if (!t->width) {
		put_marked(t, text, strlen(text), hi_on, hi_off, &on);
		p = "";
	}
	while (*p) {
		/* the next word, with the space before it */
		const char *w = p;
		size_t n;
		unsigned wwidth;

		while (*w == ' ')
			w++;
		if (!*w)
			break;
		n = strcspn(w, " ");
		wwidth = marked_width(w, n);
		if (col && col + 1 + wwidth > maxw) {
			if (lines && line >= lines) {
				fputs(t->color ? RESET "…" : "…", t->out);
				on = 0;
				break;
			}
			fprintf(t->out, "\n%*s", (int)indent, "");
			col = 0;
			line++;
		} else if (col) {
			fputc(' ', t->out);
			col++;
		}
		put_marked(t, w, n, hi_on, hi_off, &on);
		col += wwidth;
		p = w + n;
	}
	if (on && t->color)
		fputs(hi_off, t->out);
}

/* The authors on one line: on a terminal as many as fit with "et al.",
 * elsewhere all of them. */
static void
print_authors(struct text *t, char **names, size_t n, unsigned indent)
{
	unsigned maxw = t->width ? line_width(t, indent) : UINT_MAX, col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned w = (unsigned)lrm_text_width(names[i], strlen(names[i]));
		unsigned sep = col ? 2 : 0;

		if (col && col + sep + w + 8 > maxw && i + 1 < n) {
			fputs(", et al.", t->out);
			return;
		}
		if (col + sep + w > maxw) {
			fputs(col ? ", et al." : "", t->out);
			return;
		}
		fprintf(t->out, "%s%s", col ? ", " : "", names[i]);
		col += sep + w;
	}
}

/* Whether strings A and B (either may be NULL) are the same. */
static int
same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Append PART (may be NULL) to LINE, after *SEP, which becomes " · ". */
static void
add_part(struct lrm_buf *line, const char **sep, const char *part)
{
	if (part) {
		lrm_buf_printf(line, "%s%s", *sep, part);
		*sep = " · ";
	}
}

/* One line of what a listing says, dim, wrapped on a terminal: ALSO,
 * then the venue, the date, the N SECTIONS (joined by "; "), PAPER and
 * TAIL, those there are, joined by " · ". */
static void
print_listing_line(struct text *t, unsigned indent, const char *also,
		   const char *venue, const char *date, char *const *sections,
		   size_t n, const char *paper, const char *tail)
{
	struct lrm_buf line;
	const char *sep = "";

	lrm_buf_init(&line, SIZE_MAX);
	lrm_buf_adds(&line, also);
	add_part(&line, &sep, venue);
	add_part(&line, &sep, date);
	for (size_t s = 0; s < n; s++)
		lrm_buf_printf(&line, "%s%s", s ? "; " : sep, sections[s]);
	if (n)
		sep = " · ";
	add_part(&line, &sep, paper);
	add_part(&line, &sep, tail);
	if (line.status)
		t->failed = 1;
	fprintf(t->out, "%*s%s", (int)indent, "", t->color ? DIM : "");
	print_text(t, lrm_buf_str(&line), indent, 0, "", "");
	fprintf(t->out, "%s\n", t->color ? RESET : "");
	lrm_buf_free(&line);
}

/* The listings of B that say more than its first line: another venue,
 * date or paper link (each once). */
static void
print_other_listings(struct text *t, const struct block *b, unsigned indent)
{
	for (size_t i = 0; i < b->n_listings; i++) {
		const struct listing *l = &b->listings[i];
		size_t j = 0;

		if (same(l->venue, b->venue) && same(l->date, b->date) &&
		    same(l->paper, b->paper))
			continue;
		while (j < i && !(same(l->venue, b->listings[j].venue) &&
				  same(l->date, b->listings[j].date) &&
				  same(l->paper, b->listings[j].paper)))
			j++;
		if (j < i)
			continue;
		print_listing_line(t, indent, "also: ", l->venue, l->date,
				   l->section ? &l->section : NULL,
				   l->section ? 1 : 0,
				   same(l->paper, b->paper) ? NULL : l->paper,
				   NULL);
	}
}

/* The paper and code links: on a terminal, the code link on a line of
 * its own when both do not fit on one. */
static void
print_links(struct text *t, const struct block *b, unsigned indent)
{
	FILE *out = t->out;

	if (!b->paper && !b->code)
		return;
	fprintf(out, "%*s", (int)indent, "");
	if (b->paper)
		fputs(b->paper, out);
	if (b->code && b->paper) {
		size_t both = lrm_text_width(b->paper, strlen(b->paper)) + 8 +
			      lrm_text_width(b->code, strlen(b->code));

		if (t->width && both > line_width(t, indent))
			fprintf(out, "\n%*s", (int)indent, "");
		else
			fputs("  ", out);
	}
	if (b->code)
		fprintf(out, "code: %s", b->code);
	fputc('\n', out);
}

/* What B's first line says after its sections, into LINE: the lists
 * that hold it ("in fscdc, hemingkx", or "in 3 lists" for more than
 * MAX_LIST_NAMES), and with T->show_added the day it was added. */
static void
block_tail(const struct text *t, const struct block *b, struct lrm_buf *line)
{
	if (b->n_lists > MAX_LIST_NAMES)
		lrm_buf_printf(line, "in %zu lists", b->n_lists);
	for (size_t i = 0; b->n_lists <= MAX_LIST_NAMES && i < b->n_lists; i++)
		lrm_buf_printf(line, "%s%s", i ? ", " : "in ", b->lists[i]);
	if (t->show_added && b->added)
		lrm_buf_printf(line, "%sadded %s", b->n_lists ? " · " : "",
			       b->added);
}

static void
print_block(struct text *t, const struct block *b)
{
	FILE *out = t->out;
	int c = t->color;
	struct lrm_buf tail;
	char num[32];
	int nw = snprintf(num, sizeof(num), "%lld. ", b->rank);

	if (b->partial && !t->divided) {
		fprintf(out, "%sPapers that match some of the words:%s\n\n",
			c ? DIM : "", c ? RESET : "");
		t->divided = 1;
	}

	fprintf(out, "%s%s", c ? BOLD : "", num);
	print_text(t, b->title ? b->title : "", (unsigned)nw, 0, HI,
		   HI_OFF BOLD);
	fprintf(out, "%s\n", c ? RESET : "");
	lrm_buf_init(&tail, SIZE_MAX);
	block_tail(t, b, &tail);
	if (tail.status)
		t->failed = 1;
	print_listing_line(t, (unsigned)nw, "", b->venue, b->date,
			   b->sections, b->n_sections, NULL,
			   tail.len ? lrm_buf_str(&tail) : NULL);
	lrm_buf_free(&tail);
	print_other_listings(t, b, (unsigned)nw);
	if (b->n_authors || b->n_listing_authors) {
		fprintf(out, "%*s", nw, "");
		if (b->n_authors)
			print_authors(t, b->authors, b->n_authors, (unsigned)nw);
		else
			print_authors(t, b->listing_authors,
				      b->n_listing_authors, (unsigned)nw);
		fputc('\n', out);
	}
	print_links(t, b, (unsigned)nw);
	if (b->snippet && *b->snippet) {
		fprintf(out, "%*s", nw, "");
		print_text(t, b->snippet, (unsigned)nw, 2, HI, HI_OFF);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
print_summary(struct text *t)
{
	const char *about = t->exact ? "" : "about ";

	if (t->counted)
		fprintf(t->out, "%lld\n", t->total);
	else if (t->total == 0)
		fprintf(t->out, "No papers match.\n");
	else if (t->shown == 0)
		fprintf(t->out, "No results past %lld (of %s%lld).\n", t->offset,
			about, t->total);
	else
		fprintf(t->out, "%s%lld–%lld of %s%lld", t->color ? DIM : "",
			t->offset + 1, t->offset + t->shown, about, t->total);
	if (t->total && t->shown) {
		if (t->all_words < t->total)
			fprintf(t->out, " (%lld with every word)", t->all_words);
		if (t->ignored)
			fprintf(t->out, " (ignored: %s)", t->ignored);
		fprintf(t->out, "%s\n", t->color ? RESET : "");
	}
}

/* Where a value goes: the key path to it. */
static const char *
key(const struct text *t, int depth)
{
	return depth >= 1 && depth < MAX_DEPTH ? t->keys[depth] : "";
}

/* Take the string S (escaped, malloc()ed) at the current place. */
static void
take(struct text *t, char *s)
{
	const char *k1 = key(t, 1);
	char **slot = NULL;

	if (!s) {
		t->failed = 1;
		return;
	}
	if (t->depth == 1 && strcmp(k1, "query") == 0) {
		slot = &t->query;
	} else if (t->depth == 1 && strcmp(k1, "suggestion") == 0) {
		/* said with the results instead when they are its */
		slot = &t->suggestion;
	} else if (t->depth == 1 && strcmp(k1, "results_for") == 0) {
		fprintf(t->out, "Showing results for %s%s%s; nothing matched %s "
			"(--no-correct searches for it alone).\n\n",
			t->color ? BOLD : "", s, t->color ? RESET : "",
			t->query ? t->query : "the query");
		free(t->suggestion);
		t->suggestion = NULL;
	} else if (t->depth == 2 && strcmp(k1, "ignored") == 0) {
		size_t have = t->ignored ? strlen(t->ignored) : 0;
		char *grown = realloc(t->ignored, have + strlen(s) + 3);

		if (grown) {
			sprintf(grown + have, "%s%s", have ? ", " : "", s);
			t->ignored = grown;
		} else {
			t->failed = 1;
		}
	} else if (t->depth == 3 && strcmp(k1, "results") == 0) {
		const char *k = key(t, 3);

		slot = strcmp(k, "title") == 0	   ? &t->hit.title
		       : strcmp(k, "venue") == 0   ? &t->hit.venue
		       : strcmp(k, "date") == 0	   ? &t->hit.date
		       : strcmp(k, "paper") == 0   ? &t->hit.paper
		       : strcmp(k, "code") == 0	   ? &t->hit.code
		       : strcmp(k, "snippet") == 0 ? &t->hit.snippet
		       : strcmp(k, "added") == 0   ? &t->hit.added
						   : NULL;
	} else if (t->depth == 4 && strcmp(k1, "results") == 0 &&
		   strcmp(key(t, 3), "sections") == 0) {
		if (t->hit.n_sections < MAX_SECTIONS) {
			t->hit.sections[t->hit.n_sections++] = s;
			return;
		}
	} else if (t->depth == 4 && strcmp(k1, "results") == 0 &&
		   strcmp(key(t, 3), "authors") == 0) {
		char **grown = realloc(t->hit.authors,
				       (t->hit.n_authors + 1) * sizeof(*grown));

		if (grown) {
			t->hit.authors = grown;
			grown[t->hit.n_authors++] = s;
			return;
		}
		t->failed = 1;
	} else if (t->depth == 4 && strcmp(k1, "results") == 0 &&
		   strcmp(key(t, 3), "lists") == 0) {
		if (t->hit.n_lists < MAX_LIST_NAMES) {
			t->hit.lists[t->hit.n_lists++] = s;
			return;
		}
		t->hit.n_lists++;
	} else if (t->depth == 6 && strcmp(k1, "results") == 0 &&
		   strcmp(key(t, 3), "listings") == 0 &&
		   strcmp(key(t, 5), "authors") == 0 &&
		   (!t->hit.listing_authors_at ||
		    t->hit.listing_authors_at == t->hit.listings_seen)) {
		char **grown = realloc(t->hit.listing_authors,
				       (t->hit.n_listing_authors + 1) *
					       sizeof(*grown));

		if (grown) {
			t->hit.listing_authors = grown;
			grown[t->hit.n_listing_authors++] = s;
			t->hit.listing_authors_at = t->hit.listings_seen;
			return;
		}
		t->failed = 1;
	} else if (t->depth == 4 && strcmp(k1, "facets") == 0) {
		slot = &t->facet_value;
	} else if (t->depth == 5 && strcmp(k1, "results") == 0 &&
		   strcmp(key(t, 3), "listings") == 0 &&
		   t->hit.listings_seen == t->hit.n_listings &&
		   t->hit.n_listings > 0) {
		struct listing *l = &t->hit.listings[t->hit.n_listings - 1];
		const char *k = key(t, 5);

		slot = strcmp(k, "venue") == 0	   ? &l->venue
		       : strcmp(k, "date") == 0	   ? &l->date
		       : strcmp(k, "section") == 0 ? &l->section
		       : strcmp(k, "paper") == 0   ? &l->paper
						   : NULL;
	}
	if (slot) {
		free(*slot);
		*slot = s;
		return;
	}
	free(s);
}

static void
text_begin(struct sprinter *sp)
{
	struct text *t = (struct text *)sp;

	if (t->depth + 1 < MAX_DEPTH)
		t->keys[t->depth + 1][0] = '\0';
	t->depth++;
	if (t->depth == 2 && strcmp(key(t, 1), "results") == 0 && t->suggestion)
		fprintf(t->out, "Did you mean: %s%s%s\n\n", t->color ? BOLD : "",
			t->suggestion, t->color ? RESET : "");
	/* a listing; those past MAX_LISTINGS are left out */
	if (t->depth == 5 && strcmp(key(t, 1), "results") == 0 &&
	    strcmp(key(t, 3), "listings") == 0 &&
	    ++t->hit.listings_seen <= MAX_LISTINGS)
		t->hit.n_listings = t->hit.listings_seen;
	if (t->depth == 2 && strcmp(key(t, 1), "facets") == 0 && !t->fout) {
		t->fout = open_memstream(&t->facets, &t->facets_len);
		if (!t->fout)
			t->failed = 1;
	}
}

static void
text_end(struct sprinter *sp)
{
	struct text *t = (struct text *)sp;
	const char *k1 = key(t, 1);

	if (t->depth == 3 && strcmp(k1, "results") == 0) {
		print_block(t, &t->hit);
		block_clear(&t->hit);
		t->shown++;
	} else if (t->depth == 4 && strcmp(k1, "facets") == 0 && t->fout) {
		fprintf(t->fout, "  %5lld  %s\n", t->facet_count,
			t->facet_value ? t->facet_value : "");
		free(t->facet_value);
		t->facet_value = NULL;
	} else if (t->depth == 1) {
		print_summary(t);
		if (t->fout) {
			if (fclose(t->fout) != 0)
				t->failed = 1;
			t->fout = NULL;
			fwrite(t->facets, 1, t->facets_len, t->out);
		}
	}
	t->depth--;
}

static void
text_map_key(struct sprinter *sp, const char *k)
{
	struct text *t = (struct text *)sp;

	if (t->depth >= 1 && t->depth < MAX_DEPTH) {
		/* every key, so a plain copy rather than snprintf */
		size_t n = strnlen(k, sizeof(t->keys[0]) - 1);

		memcpy(t->keys[t->depth], k, n);
		t->keys[t->depth][n] = '\0';
	}
	if (t->depth == 1 && strcmp(k, "results") == 0)
		t->counted = 0;
	/* a facet's heading: "year" is "Year" */
	if (t->depth == 2 && strcmp(key(t, 1), "facets") == 0 && t->fout)
		fprintf(t->fout, "\n%s%c%s%s\n", t->color ? BOLD : "",
			k[0] >= 'a' && k[0] <= 'z' ? k[0] - 'a' + 'A' : k[0], k + 1,
			t->color ? RESET : "");
}

static void
text_string(struct sprinter *sp, const char *s)
{
	if (s)
		take((struct text *)sp, safe(s, 0));
}

static void
text_marked(struct sprinter *sp, const char *plain, const char *marked)
{
	(void)plain;
	if (marked)
		take((struct text *)sp, safe(marked, 1));
}

static void
text_integer(struct sprinter *sp, long long n)
{
	struct text *t = (struct text *)sp;
	const char *k = key(t, t->depth);

	if (t->depth == 1 && strcmp(k, "total") == 0)
		t->total = n;
	else if (t->depth == 1 && strcmp(k, "offset") == 0)
		t->offset = n;
	else if (t->depth == 1 && strcmp(k, "all_words") == 0)
		t->all_words = n;
	else if (t->depth == 3 && strcmp(k, "rank") == 0)
		t->hit.rank = n;
	else if (t->depth == 4 && strcmp(k, "count") == 0)
		t->facet_count = n;
}

static void
text_real(struct sprinter *sp, double x)
{
	(void)sp;
	(void)x; /* scores are for programs */
}

static void
text_boolean(struct sprinter *sp, int b)
{
	struct text *t = (struct text *)sp;

	if (t->depth == 1 && strcmp(key(t, 1), "exact") == 0)
		t->exact = b;
	else if (t->depth == 3 && strcmp(key(t, 3), "partial") == 0)
		t->hit.partial = b;
}

static int
text_finish(struct sprinter *sp)
{
	struct text *t = (struct text *)sp;
	int ret = !t->failed && fflush(t->out) == 0 && !ferror(t->out) ? 0 : -1;

	block_clear(&t->hit);
	if (t->fout)
		fclose(t->fout);
	free(t->facets);
	free(t->facet_value);
	free(t->query);
	free(t->ignored);
	free(t->suggestion);
	free(t);
	return ret;
}

struct sprinter *
sprinter_text_create(FILE *out, unsigned width, int color, int show_added)
{
	struct text *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->sp = (struct sprinter){
		.begin_map = text_begin,
		.begin_list = text_begin,
		.end = text_end,
		.map_key = text_map_key,
		.string = text_string,
		.marked = text_marked,
		.integer = text_integer,
		.real = text_real,
		.boolean = text_boolean,
		.finish = text_finish,
	};
	t->out = out;
	t->width = width;
	t->color = color;
	t->show_added = show_added;
	t->exact = 1;
	t->counted = 1; /* until the list of results comes */
	return &t->sp;
}
