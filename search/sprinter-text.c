/* search/sprinter-text.c - the printer for people (see sprinter.h).
 *
 * It knows the shape search/output.c gives a result: a map with the
 * query, the total, maybe a suggestion, the list of results (a map per
 * paper), maybe the facets (a map of lists of {value, count}), and the
 * offset and whether the total is exact.  Each result is printed as a
 * block once its map ends; the summary line and the facets, which follow
 * the results on screen, once the whole map ends.
 */
#define _GNU_SOURCE
#include "sprinter.h"

#include <stdlib.h>
#include <string.h>

#include "lrm/search.h"
#include "lrm/text.h"

#define BOLD "\x1b[1m"
#define RESET "\x1b[0m"
#define DIM "\x1b[2m"
#define HI "\x1b[1;33m"
#define HI_OFF "\x1b[22;39m"

/* Sections of a paper shown at most. */
#define MAX_SECTIONS 16

/* A result as it arrives, escaped for the terminal. */
struct block {
	long long rank;
	char *title, *venue, *date, *paper, *code, *snippet;
	char *sections[MAX_SECTIONS];
	size_t n_sections;
	char **authors;
	size_t n_authors;
	int partial;
};

struct text {
	struct sprinter sp;
	FILE *out;
	unsigned width;
	int color;
	int depth;
	char keys[5][32]; /* the key at each depth (1: the top map's) */
	long long total, offset, shown, all_words;
	int exact, failed, divided;
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

/* Print TEXT (with markers) in colour or plain, word-wrapped at MAXW
 * columns onto up to LINES lines indented by INDENT, "…" where cut. */
static void
print_marked(struct text *t, const char *text, unsigned maxw,
	     const char *hi_on, const char *hi_off, unsigned indent, int lines)
{
	FILE *out = t->out;
	unsigned col = 0;
	int line = 1, on = 0, c = t->color;
	const char *p = text;

	while (*p) {
		/* the next word, with the space before it */
		const char *w = p;
		size_t n;
		unsigned wwidth;

		while (*w == ' ')
			w++;
		n = strcspn(w, " ");
		wwidth = marked_width(w, n);
		if (col && col + 1 + wwidth > maxw) {
			if (line >= lines) {
				fputs(c ? RESET "…" : "…", out);
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
			if (w[i] == LRM_HI_START) {
				on = 1;
				if (c)
					fputs(hi_on, out);
			} else if (w[i] == LRM_HI_END) {
				on = 0;
				if (c)
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
	if (on && c)
		fputs(hi_off, out);
}

/* The authors on one line of at most MAXW columns, "et al." when cut. */
static void
print_authors(struct text *t, char **names, size_t n, unsigned maxw)
{
	unsigned col = 0;

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

static void
print_block(struct text *t, const struct block *b)
{
	FILE *out = t->out;
	int c = t->color;
	char num[32];
	int nw = snprintf(num, sizeof(num), "%lld. ", b->rank);
	unsigned width = t->width - (unsigned)nw;

	if (b->partial && !t->divided) {
		fprintf(out, "%sPapers that match some of the words:%s\n\n",
			c ? DIM : "", c ? RESET : "");
		t->divided = 1;
	}

	fprintf(out, "%s%s", c ? BOLD : "", num);
	print_marked(t, b->title ? b->title : "", width, HI, HI_OFF BOLD,
		     (unsigned)nw, 2);
	fprintf(out, "%s\n", c ? RESET : "");
	fprintf(out, "%*s%s", nw, "", c ? DIM : "");
	if (b->venue)
		fputs(b->venue, out);
	if (b->date)
		fprintf(out, "%s%s", b->venue ? " · " : "", b->date);
	for (size_t s = 0; s < b->n_sections; s++)
		fprintf(out, "%s%s", s == 0 ? " · " : "; ", b->sections[s]);
	fprintf(out, "%s\n", c ? RESET : "");
	if (b->n_authors) {
		fprintf(out, "%*s", nw, "");
		print_authors(t, b->authors, b->n_authors, width);
		fputc('\n', out);
	}
	if (b->paper || b->code) {
		fprintf(out, "%*s", nw, "");
		if (b->paper)
			fputs(b->paper, out);
		if (b->code)
			fprintf(out, "%s%s", b->paper ? "  code: " : "code: ", b->code);
		fputc('\n', out);
	}
	if (b->snippet && *b->snippet) {
		fprintf(out, "%*s", nw, "");
		print_marked(t, b->snippet, width, HI, HI_OFF, (unsigned)nw, 2);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void
print_summary(struct text *t)
{
	const char *about = t->exact ? "" : "about ";

	if (t->total == 0)
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
	return depth >= 1 && depth < 5 ? t->keys[depth] : "";
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
	} else if (t->depth == 4 && strcmp(k1, "facets") == 0) {
		slot = &t->facet_value;
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

	if (t->depth + 1 < 5)
		t->keys[t->depth + 1][0] = '\0';
	t->depth++;
	if (t->depth == 2 && strcmp(key(t, 1), "results") == 0 && t->suggestion)
		fprintf(t->out, "Did you mean: %s%s%s\n\n", t->color ? BOLD : "",
			t->suggestion, t->color ? RESET : "");
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

	if (t->depth >= 1 && t->depth < 5)
		snprintf(t->keys[t->depth], sizeof(t->keys[t->depth]), "%s", k);
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
sprinter_text_create(FILE *out, unsigned width, int color)
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
	t->exact = 1;
	return &t->sp;
}
