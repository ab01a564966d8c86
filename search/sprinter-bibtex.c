/* search/sprinter-bibtex.c - the BibTeX printer (see sprinter.h): an
 * entry per result, for pasting into a paper's bibliography.
 *
 * Like the text printer it knows the shape search/output.c gives a
 * result; it keeps each result's strings as they arrive and writes the
 * entry when the result's map ends.  The total, the facets and the rest
 * are for people and programs, not for a bibliography: left out.
 *
 * An entry is @inproceedings when the venue's name says conference
 * (a known acronym such as ICML, or "Conference", "Proceedings",
 * "Workshop", "Symposium" in it), @article when it says journal (a known
 * one such as TMLR, or "Journal", "Transactions", "Letters", "IEEE T-"),
 * @misc otherwise (preprints, blogs), with the venue as howpublished
 * unless it is arXiv.  Its key is the first author's surname, the year
 * and the first word of the title that is not a stopword, folded to
 * ASCII letters and digits ("hao2024training"), without the surname when
 * the abstracts cache has no authors ("training2024"); a key that an
 * earlier entry of the same output took gets "b", "c", ... after it.
 * The key depends only on the paper, so it is the same from one run to
 * the next and across rebuilds of the index.
 */
#define _GNU_SOURCE
#include "sprinter.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lrm/search.h"
#include "lrm/text.h"

#define MAX_DEPTH 5
#define MAX_AUTHORS 256

/* A result as it arrives. */
struct entry {
	char *id, *title, *venue_name, *paper, *arxiv;
	long long year;
	char *authors[MAX_AUTHORS];
	size_t n_authors;
};

struct bibtex {
	struct sprinter sp;
	FILE *out;
	int depth;
	char keys[MAX_DEPTH][32]; /* the key at each depth (1: the top map's) */
	struct entry e;
	char **used; /* the citation keys written so far */
	size_t n_used;
	int failed;
};

static void
entry_clear(struct entry *e)
{
	free(e->id);
	free(e->title);
	free(e->venue_name);
	free(e->paper);
	free(e->arxiv);
	for (size_t i = 0; i < e->n_authors; i++)
		free(e->authors[i]);
	memset(e, 0, sizeof(*e));
}

/* ------------------------------------------------------------------ */
/* Entry types                                                        */
/* ------------------------------------------------------------------ */

static int
name_is(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
name_has(const char *name, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasestr(name, words[i]))
			return 1;
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* "inproceedings", "article" or "misc" for the venue VENUE (may be
 * NULL). */
static const char *
entry_type(const char *venue)
{
	static const char *const conferences[] = {
		"AAAI",	 "ACL",	    "AISTATS", "ASPLOS", "COLING", "COLM",
		"CVPR",	 "EACL",    "ECCV",    "EMNLP",	 "EuroSys", "ICASSP",
		"ICCV",	 "ICLR",    "ICML",    "IJCAI",	 "ISCA",    "KDD",
		"MLSys", "NAACL",   "NeurIPS", "NIPS",	 "NSDI",    "OSDI",
		"SIGIR", "SOSP",    "UAI",     "WWW",
	};
	static const char *const conference_words[] = {
		"conference", "proceedings", "workshop", "symposium",
	};
	static const char *const journals[] = {
		"JMLR", "Nature", "PNAS", "Science", "TACL", "TMLR",
	};
	static const char *const journal_words[] = {
		"journal", "transactions", "letters", "IEEE T-",
	};

	if (!venue)
		return "misc";
	if (name_is(venue, conferences, N(conferences)) ||
	    name_has(venue, conference_words, N(conference_words)))
		return "inproceedings";
	if (name_is(venue, journals, N(journals)) ||
	    name_has(venue, journal_words, N(journal_words)))
		return "article";
	return "misc";
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

/* Append to KEY (of SIZE bytes) the first LEN bytes of TEXT folded to
 * lower-case ASCII letters and digits: accents dropped ("Müller" is
 * "muller"), other letters left out.  BibTeX keys are ASCII; a key
 * that a reader could type is worth the fold. */
static void
key_append(char *key, size_t size, const char *text, size_t len)
{
	utf8proc_uint8_t *folded = NULL;
	size_t at = strlen(key);
	utf8proc_ssize_t n = utf8proc_map(
		(const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &folded,
		UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
			UTF8PROC_CASEFOLD);

	for (utf8proc_ssize_t i = 0; n > 0 && i < n && at + 1 < size; i++) {
		unsigned char c = folded[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[at++] = (char)c;
	}
	key[at] = '\0';
	free(folded);
}

/* The surname in NAME: what comes before a comma ("Smith, Jane"), else
 * its last word ("Jane Q. Smith"). */
static void
surname(const char *name, const char **start, size_t *len)
{
	const char *comma = strchr(name, ',');
	size_t n = comma ? (size_t)(comma - name) : strlen(name);

	while (n > 0 && name[n - 1] == ' ')
		n--;
	*start = name;
	if (!comma)
		for (size_t i = n; i > 0; i--)
			if (name[i - 1] == ' ') {
				*start = name + i;
				break;
			}
	*len = n - (size_t)(*start - name);
}

/* Whether the LEN bytes at WORD are a word a key skips. */
static int
stopword(const char *word, size_t len)
{
	static const char *const words[] = {
		"a",  "an",  "and",   "are",	 "can",	 "do",	 "does",
		"for", "from", "how", "in",	 "is",	 "of",	 "on",
		"the", "to",  "toward", "towards", "via", "what", "when",
		"why", "with",
	};

	for (size_t i = 0; i < N(words); i++)
		if (strlen(words[i]) == len && strncasecmp(word, words[i], len) == 0)
			return 1;
	return 0;
}

/* E's key into KEY: see the top of this file; the paper's id (a slug of
 * its title) when neither an author nor a word of the title is left. */
static void
make_key(const struct entry *e, char *key, size_t size)
{
	char word[64] = "", year[24] = "";
	const char *title = e->title ? e->title : "", *s;
	size_t pos = 0, start, len;

	key[0] = '\0';
	if (e->year > 0)
		snprintf(year, sizeof(year), "%lld", e->year);
	while (lrm_text_next_word(title, strlen(title), &pos, &start, &len)) {
		/* "Don't" is one word */
		while (title[pos] == '\'' || strncmp(title + pos, "\u2019", 3) == 0) {
			size_t s2, n2, after = pos + (title[pos] == '\'' ? 1 : 3);

			if (!lrm_text_next_word(title, strlen(title), &after, &s2,
						&n2) ||
			    s2 != pos + (title[pos] == '\'' ? 1 : 3))
				break;
			len = s2 + n2 - start;
			pos = after;
		}
		key_append(word, sizeof(word), title + start, len);
		if (word[0] && !stopword(title + start, len))
			break;
		word[0] = '\0';
	}
	if (e->n_authors) {
		surname(e->authors[0], &s, &len);
		key_append(key, size, s, len);
	}
	if (!key[0] && !word[0]) {
		s = e->id ? e->id : "paper";
		key_append(key, size, s, strlen(s));
	} else if (key[0]) {
		snprintf(key + strlen(key), size - strlen(key), "%s%s", year,
			 word);
	} else {
		snprintf(key, size, "%s%s", word, year);
	}
}

/* KEY made unique among the keys written so far, and remembered. */
static void
unique_key(struct bibtex *b, char *key, size_t size)
{
	size_t base = strlen(key);
	char **grown;

	for (unsigned n = 1;; n++) {
		int taken = 0;

		for (size_t i = 0; i < b->n_used && !taken; i++)
			taken = strcmp(b->used[i], key) == 0;
		if (!taken)
			break;
		/* b, c, ... z, then 27, 28, ... */
		if (n < 26)
			snprintf(key + base, size - base, "%c", 'a' + n);
		else
			snprintf(key + base, size - base, "%u", n + 1);
	}
	grown = realloc(b->used, (b->n_used + 1) * sizeof(*grown));
	if (!grown || !(grown[b->n_used] = strdup(key))) {
		if (grown)
			b->used = grown;
		b->failed = 1;
		return;
	}
	b->used = grown;
	b->n_used++;
}

/* ------------------------------------------------------------------ */
/* Values                                                             */
/* ------------------------------------------------------------------ */

/* TEXT as the inside of a braced BibTeX value: LaTeX's specials escaped
 * (braces written as commands, so that the value's own braces still
 * balance), control characters left out (white space among them made
 * spaces), and with PROTECT, each word with a capital after its first
 * letter ("KaVa", "LLMs", "KV-Cache"), or with a capital first and a
 * digit ("R1-style"), in braces, so that a style that lowers a title's
 * case keeps it. */
static void
put_text(FILE *out, const char *text, int protect)
{
	char *clean = NULL;
	const char *p;

	if (lrm_text_strip_controls(text, strlen(text), &clean, NULL, NULL))
		return;
	p = clean;
	while (*p) {
		size_t word = strcspn(p, " "), inner = 0, digit = 0;

		for (size_t i = 1; protect && i < word; i++) {
			inner |= p[i] >= 'A' && p[i] <= 'Z';
			digit |= p[i] >= '0' && p[i] <= '9';
		}
		/* "R1-style" too */
		inner |= digit && p[0] >= 'A' && p[0] <= 'Z';
		if (inner)
			fputc('{', out);
		for (size_t i = 0; i < word; i++) {
			char c = p[i];

			if (strchr("&%$#_", c)) {
				fprintf(out, "\\%c", c);
			} else if (c == '{') {
				fputs("\\textbraceleft{}", out);
			} else if (c == '}') {
				fputs("\\textbraceright{}", out);
			} else if (c == '~') {
				fputs("\\textasciitilde{}", out);
			} else if (c == '^') {
				fputs("\\textasciicircum{}", out);
			} else if (c == '\\') {
				fputs("\\textbackslash{}", out);
			} else {
				fputc(c, out);
			}
		}
		if (inner)
			fputc('}', out);
		p += word;
		while (*p == ' ')
			fputc(*p++, out);
	}
	free(clean);
}

static void
field(FILE *out, const char *name, const char *value, int protect)
{
	if (!value || !*value)
		return;
	fprintf(out, "  %s = {", name);
	put_text(out, value, protect);
	fputs("},\n", out);
}

/* The authors, "A and B"; a name that holds " and " itself braced. */
static void
authors_field(FILE *out, const struct entry *e)
{
	if (!e->n_authors)
		return;
	fputs("  author = {", out);
	for (size_t i = 0; i < e->n_authors; i++) {
		int braced = strcasestr(e->authors[i], " and ") != NULL;

		fputs(i ? " and " : "", out);
		fputs(braced ? "{" : "", out);
		put_text(out, e->authors[i], 0);
		fputs(braced ? "}" : "", out);
	}
	fputs("},\n", out);
}

/* A link as it is (BibTeX's url is verbatim), unless it holds what a
 * value cannot: braces, white space, control characters. */
static void
url_field(FILE *out, const char *url)
{
	if (!url)
		return;
	for (const char *c = url; *c; c++)
		if (*c == '{' || *c == '}' || (unsigned char)*c <= ' ' ||
		    *c == 0x7f)
			return;
	fprintf(out, "  url = {%s},\n", url);
}

static void
print_entry(struct bibtex *b, const struct entry *e)
{
	FILE *out = b->out;
	const char *type = entry_type(e->venue_name);
	char key[128], year[24] = "";

	make_key(e, key, sizeof(key));
	unique_key(b, key, sizeof(key));
	if (e->year > 0)
		snprintf(year, sizeof(year), "%lld", e->year);
	fprintf(out, "%s@%s{%s,\n", b->n_used > 1 ? "\n" : "", type, key);
	field(out, "title", e->title, 1);
	authors_field(out, e);
	if (strcmp(type, "inproceedings") == 0)
		field(out, "booktitle", e->venue_name, 0);
	else if (strcmp(type, "article") == 0)
		field(out, "journal", e->venue_name, 0);
	else if (e->venue_name && strcasecmp(e->venue_name, "arXiv") != 0)
		field(out, "howpublished", e->venue_name, 0);
	field(out, "year", year, 0);
	if (e->arxiv) {
		field(out, "eprint", e->arxiv, 0);
		fputs("  archivePrefix = {arXiv},\n", out);
	}
	url_field(out, e->paper);
	fputs("}\n", out);
}

/* ------------------------------------------------------------------ */
/* The printer                                                        */
/* ------------------------------------------------------------------ */

static const char *
key_at(const struct bibtex *b, int depth)
{
	return depth >= 1 && depth < MAX_DEPTH ? b->keys[depth] : "";
}

static int
in_result(const struct bibtex *b)
{
	return b->depth >= 3 && strcmp(key_at(b, 1), "results") == 0;
}

/* Keep S (may be NULL) where the walk is. */
static void
take(struct bibtex *b, const char *s)
{
	const char *k = key_at(b, 3);
	char **slot = NULL;

	if (!s || !in_result(b))
		return;
	if (b->depth == 4 && strcmp(k, "authors") == 0) {
		if (b->e.n_authors < MAX_AUTHORS &&
		    !(b->e.authors[b->e.n_authors++] = strdup(s)))
			b->failed = 1;
		return;
	}
	if (b->depth != 3)
		return;
	slot = strcmp(k, "id") == 0	    ? &b->e.id
	       : strcmp(k, "title") == 0    ? &b->e.title
	       : strcmp(k, "venue_name") == 0 ? &b->e.venue_name
	       : strcmp(k, "paper") == 0    ? &b->e.paper
	       : strcmp(k, "arxiv") == 0    ? &b->e.arxiv
					    : NULL;
	if (slot) {
		free(*slot);
		if (!(*slot = strdup(s)))
			b->failed = 1;
	}
}

static void
bib_begin(struct sprinter *sp)
{
	struct bibtex *b = (struct bibtex *)sp;

	b->depth++;
	if (b->depth < MAX_DEPTH)
		b->keys[b->depth][0] = '\0';
}

static void
bib_end(struct sprinter *sp)
{
	struct bibtex *b = (struct bibtex *)sp;

	if (b->depth == 3 && in_result(b)) {
		print_entry(b, &b->e);
		entry_clear(&b->e);
	}
	b->depth--;
}

static void
bib_map_key(struct sprinter *sp, const char *k)
{
	struct bibtex *b = (struct bibtex *)sp;

	if (b->depth >= 1 && b->depth < MAX_DEPTH)
		snprintf(b->keys[b->depth], sizeof(b->keys[b->depth]), "%s", k);
}

static void
bib_string(struct sprinter *sp, const char *s)
{
	take((struct bibtex *)sp, s);
}

static void
bib_marked(struct sprinter *sp, const char *plain, const char *marked)
{
	/* the title without its match marks; snippets are not cited */
	(void)marked;
	if (plain)
		take((struct bibtex *)sp, plain);
}

static void
bib_integer(struct sprinter *sp, long long n)
{
	struct bibtex *b = (struct bibtex *)sp;

	if (b->depth == 3 && in_result(b) && strcmp(key_at(b, 3), "year") == 0)
		b->e.year = n;
}

static void
bib_real(struct sprinter *sp, double x)
{
	(void)sp;
	(void)x;
}

static void
bib_boolean(struct sprinter *sp, int v)
{
	(void)sp;
	(void)v;
}

static int
bib_finish(struct sprinter *sp)
{
	struct bibtex *b = (struct bibtex *)sp;
	int ret = !b->failed && fflush(b->out) == 0 && !ferror(b->out) ? 0 : -1;

	entry_clear(&b->e);
	for (size_t i = 0; i < b->n_used; i++)
		free(b->used[i]);
	free(b->used);
	free(b);
	return ret;
}

struct sprinter *
sprinter_bibtex_create(FILE *out)
{
	struct bibtex *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->sp = (struct sprinter){
		.begin_map = bib_begin,
		.begin_list = bib_begin,
		.end = bib_end,
		.map_key = bib_map_key,
		.string = bib_string,
		.marked = bib_marked,
		.integer = bib_integer,
		.real = bib_real,
		.boolean = bib_boolean,
		.finish = bib_finish,
	};
	b->out = out;
	return &b->sp;
}
