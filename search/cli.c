/* search/cli.c - lrmsearch: options into a search request (lrm/search.h),
 * its result through a printer (sprinter.h), a query error with a caret
 * under where it went wrong. */
#define _GNU_SOURCE
#include "searcher.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "lrm/fields.h"
#include "lrm/query.h"
#include "lrm/search.h"
#include "lrm/text.h"
#include "sprinter.h"

static const char *const program = "lrmsearch";

struct options {
	struct lrm_search_request req;
	int count_only, json, color, pretty, no_correct;
	unsigned width; /* of a terminal; 0: lines as they come */
	const char *index;
	char *query; /* the arguments joined by spaces */
	int bibtex;	 /* --format=bibtex */
	const char *like; /* --like's paper, or "-" */
	char *like_text;  /* with --like -, standard input */
};

/* The field table's names and help, one line each (a name with two
 * prefixes, such as id:, once). */
static void
print_fields(FILE *out)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		int seen = 0;

		for (const struct lrm_field *g = lrm_fields; g < f; g++)
			seen |= strcmp(g->name, f->name) == 0;
		if (!seen)
			fprintf(out, "  %s:%*s%s\n", f->name,
				(int)(12 - strlen(f->name)), "", f->help);
	}
}

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... QUERY...\n"
		"Search a curated list of research papers.\n"
		"\n"
		"Example: %s \"latent reasoning\"\n"
		"\n"
		"Options may follow the query; '--' ends them, so a query word\n"
		"that starts with '-' goes after it: %s -- -survey\n"
		"\n"
		"Options:\n"
		"  -n, --limit=N       show at most N results (default 10)\n"
		"      --offset=N      skip the first N results\n"
		"  -c, --count         print only the number of matches\n"
		"      --facets        also count matches by year, venue, section\n"
		"                      and list\n"
		"      --sort=ORDER    'relevance' (default; ties newest first),\n"
		"                      'date' (newest first) or 'added' (newest\n"
		"                      additions to the corpus first)\n"
		"      --like=PAPER    papers like PAPER (its id, arXiv id or link)\n"
		"                      rather than papers that match; a QUERY then\n"
		"                      only filters them\n"
		"      --like=-        papers like the text on standard input (an\n"
		"                      abstract, say)\n"
		"      --format=FORMAT 'text' (default), 'json' or 'bibtex'\n"
		"  -j, --json          print one JSON object for programs\n"
		"                      (--format=json)\n"
		"      --no-correct    when nothing matches, do not show the\n"
		"                      results of a better spelling instead\n"
		"      --color=WHEN    'auto' (default), 'always' or 'never';\n"
		"                      NO_COLOR in the environment means never\n"
		"  -p, --pretty        lay out for a terminal even when the output\n"
		"                      is not one: --color=always, lines wrapped\n"
		"                      to $COLUMNS (else 80) columns\n"
		"  -i, --index=DIR     the index to search (default $LRM_INDEX,\n"
		"                      else the one `lrmindex build` last built,\n"
		"                      at first from the bundled dataset)\n"
		"  -h, --help          display this help and exit\n"
		"  -V, --version       output version information and exit\n"
		"\n"
		"Query language (words are ANDed; an empty query matches all):\n"
		"  a OR b, a AND b, a NOT b, a XOR b, (...)   boolean operators\n"
		"  +must -mustnot                             required, excluded\n"
		"  \"exact phrase\", a NEAR b                   phrases, proximity\n"
		"  reason*                                    wildcard\n"
		"  year:2024..2025 date:2025-01..2025-06      ranges\n"
		"  added:2026-11-01.. added:2026-11           added since a day, in\n"
		"                                             a month\n"
		"\n"
		"Fields (field:word searches one field):\n",
		program, program, program);
	print_fields(out);
	fprintf(out,
		"\n"
		"Exit status is 0 when something matched, 1 when nothing did,\n"
		"and 2 on a usage error or a query that cannot be parsed.\n");
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
	if (errno || *end != '\0' || v > LRM_SEARCH_MAX_COUNT)
		return -1;
	*out = (unsigned)v;
	return 0;
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
/* Query errors                                                       */
/* ------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------ */
/* Searching                                                          */
/* ------------------------------------------------------------------ */

/* Whether QUERY names the field NAME ("author:") as the query parser reads
 * it: NAME and a colon, in any case (a query is case-folded), at the start
 * or after an ASCII character that is not a letter or a digit. */
static int
names_field(const char *query, const char *name)
{
	size_t n = strlen(name);

	for (const char *q = query; *q; q++) {
		unsigned char before = q == query ? ' ' : (unsigned char)q[-1];

		if (before < 0x80 && !isalnum(before) &&
		    strncasecmp(q, name, n) == 0 && q[n] == ':')
			return 1;
	}
	return 0;
}

/* A field that the abstracts cache fills (abstract:, and author:, which
 * the lists fill too) finds nothing in an index without any of its terms:
 * say so and how to fill it, rather than leave "No papers match."
 * unexplained. */
static void
note_unindexed_fields(lrm_search_t *search, const char *query)
{
	for (const struct lrm_field *f = lrm_fields; f->name; f++) {
		lrm_error_t err = {0};
		int indexed = 1;

		if (f->scope != LRM_SCOPE_ABSTRACT || !names_field(query, f->name))
			continue;
		/* a note is no reason to fail a search that worked: when the
		 * index cannot say, say nothing */
		if (lrm_search_field_indexed(search, f->name, &indexed, &err) ||
		    indexed)
			continue;
		lrm_cli_note(program, "'%s:' finds nothing: this index was built "
			     "without abstracts and authors (fetch them from "
			     "arXiv with 'lrmindex fetch', then build the index "
			     "again with 'lrmindex build')", f->name);
	}
}

static int
run(const struct options *o)
{
	lrm_search_t *search = NULL;
	struct lrm_result res = {0};
	struct sprinter *sp;
	lrm_error_t err = {0};
	lrm_status_t status;
	unsigned total = 0, parts;

	status = lrm_search_open(o->index, lrm_cli_notify, (void *)program,
				 &search, &err);
	if (!status)
		status = lrm_search_run(search, &o->req, &res, &err);
	if (status == LRM_ERR_QUERY) {
		report_bad_query(o->query, res.error_at, err.msg);
		goto cleanup;
	} else if (status) {
		lrm_cli_error(program, "%s%s", o->like_text ? "--like -: " : "",
			      err.msg);
		goto cleanup;
	}
	total = res.total;
	note_unindexed_fields(search, o->query);
	parts = (o->count_only ? OUTPUT_COUNT_ONLY : 0) |
		(o->req.want & LRM_WANT_FACETS ? OUTPUT_FACETS : 0);
	sp = o->bibtex	 ? sprinter_bibtex_create(stdout)
	     : o->json ? sprinter_json_create(stdout)
		       : sprinter_text_create(stdout, o->width, o->color,
					      o->req.sort == LRM_SORT_ADDED);
	status = !sp ? LRM_ERR_NOMEM
	       : output_result(sp, o->query, o->req.offset, &res, parts)
		       ? LRM_ERR_IO
		       : LRM_OK;
	if (status)
		lrm_cli_error(program, "%s", status == LRM_ERR_NOMEM
					       ? "out of memory"
					       : "cannot write to standard output");
cleanup:
	lrm_result_clear(&res);
	lrm_search_close(search);
	if (status)
		return LRM_EXIT_ERROR;
	return total ? LRM_EXIT_OK : LRM_EXIT_NOMATCH;
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

/* The word of ARGV that held the short option LETTER that getopt_long()
 * just refused, when it is more than one letter ("-survey", "-json");
 * else NULL.  getopt_long() has moved past the word when LETTER was its
 * last letter, not yet otherwise. */
static const char *
refused_word(int argc, char **argv, int letter)
{
	const char *w = optind > 0 ? argv[optind - 1] : NULL;

	if (letter <= 0 || letter >= 128)
		return NULL;
	if (!w || w[0] != '-' || w[1] == '-' || w[strlen(w) - 1] != letter) {
		w = optind < argc ? argv[optind] : NULL;
		if (!w || w[0] != '-' || w[1] == '-' || !strchr(w + 1, letter))
			return NULL;
	}
	return strlen(w) > 2 ? w : NULL;
}

/* Report an option getopt_long() refused (RET, as lrm_cli_bad_option()
 * takes it).  A refused letter in a word such as "-survey" is most likely
 * a query word that excludes, or "-json" for "--json": say how to write
 * either. */
static void
bad_option(const struct option *options, int ret, int argc, char **argv)
{
	const char *word = ret == '?' ? refused_word(argc, argv, optopt) : NULL;
	const struct option *o = options;

	if (!word) {
		lrm_cli_bad_option(program, ret, argv[optind - 1], optopt);
		return;
	}
	while (o->name && strcmp(o->name, word + 1) != 0)
		o++;
	if (o->name)
		lrm_cli_error(program, "invalid option -- '%c' in '%s': did you "
			      "mean '-%s'?", optopt, word, word);
	else
		lrm_cli_error(program, "invalid option -- '%c' in '%s'; a query "
			      "word that starts with '-' goes after '--': %s "
			      "[OPTION]... -- QUERY...", optopt, word, program);
	lrm_cli_try_help(program);
}

enum {
	OPT_OFFSET = 256,
	OPT_FACETS,
	OPT_SORT,
	OPT_COLOR,
	OPT_NO_CORRECT,
	OPT_LIKE,
	OPT_FORMAT,
};

/* --format=ARG into O; -1 after saying what is wrong with it. */
static int
set_format(struct options *o, const char *arg)
{
	o->json = strcmp(arg, "json") == 0;
	o->bibtex = strcmp(arg, "bibtex") == 0;
	if (o->json || o->bibtex || strcmp(arg, "text") == 0)
		return 0;
	lrm_cli_error(program, "invalid format '%s': expected 'text', 'json' "
		      "or 'bibtex'", arg);
	return -1;
}

/* With --like -, standard input into O's request: at most
 * LRM_LIKE_TEXT_MAX_BYTES, which the library checks as a text; -1 after
 * saying what is wrong. */
static int
read_like_text(struct options *o)
{
	size_t cap = LRM_LIKE_TEXT_MAX_BYTES + 1, n = 0, got;

	o->like_text = malloc(cap);
	if (!o->like_text) {
		lrm_cli_error(program, "out of memory");
		return -1;
	}
	while (n < cap && (got = fread(o->like_text + n, 1, cap - n, stdin)) > 0)
		n += got;
	if (ferror(stdin)) {
		lrm_cli_error(program, "--like -: cannot read standard input: %s",
			      strerror(errno));
		return -1;
	}
	if (n > LRM_LIKE_TEXT_MAX_BYTES) {
		lrm_cli_error(program, "--like -: standard input holds more than "
			      "%d bytes; give the abstract, or the paper's "
			      "text alone", LRM_LIKE_TEXT_MAX_BYTES);
		return -1;
	}
	o->req.like_text = o->like_text;
	o->req.like_text_len = n;
	return 0;
}

/* Option OPT with its argument ARG (getopt_long()'s) into O, the --color
 * word into *COLOR; -1 after saying what is wrong with it. */
static int
set_option(struct options *o, int opt, const char *arg, const char **color)
{
	switch (opt) {
	case 'n':
		/* -n 0 would show nothing and still say the papers match:
		 * what --count is for */
		if (parse_count(arg, &o->req.limit) || o->req.limit == 0) {
			lrm_cli_error(program, "invalid limit '%s': expected a "
				      "number of results from 1 to %u (--count "
				      "prints only how many match)",
				      arg, LRM_SEARCH_MAX_COUNT);
			return -1;
		}
		return 0;
	case OPT_OFFSET:
		if (parse_count(arg, &o->req.offset)) {
			lrm_cli_error(program, "invalid offset '%s': expected a "
				      "number", arg);
			return -1;
		}
		return 0;
	case 'c':
		o->count_only = 1;
		return 0;
	case OPT_FACETS:
		o->req.want |= LRM_WANT_FACETS;
		return 0;
	case OPT_SORT:
		if (strcmp(arg, "relevance") == 0) {
			o->req.sort = LRM_SORT_RELEVANCE;
		} else if (strcmp(arg, "date") == 0) {
			o->req.sort = LRM_SORT_DATE;
		} else if (strcmp(arg, "added") == 0) {
			o->req.sort = LRM_SORT_ADDED;
		} else {
			lrm_cli_error(program, "invalid sort order '%s': expected "
				      "'relevance', 'date' or 'added'", arg);
			return -1;
		}
		return 0;
	case 'j':
		o->json = 1;
		o->bibtex = 0;
		return 0;
	case OPT_FORMAT:
		return set_format(o, arg);
	case OPT_LIKE:
		o->like = arg;
		return 0;
	case OPT_COLOR:
		if (strcmp(arg, "auto") && strcmp(arg, "always") &&
		    strcmp(arg, "never")) {
			lrm_cli_error(program, "invalid --color '%s': expected "
				      "'auto', 'always' or 'never'", arg);
			return -1;
		}
		*color = arg;
		return 0;
	case 'i':
		o->index = arg;
		return 0;
	case OPT_NO_CORRECT:
		o->no_correct = 1;
		return 0;
	case 'p':
		o->pretty = 1;
		*color = "always";
		return 0;
	}
	return -1;
}

/* What the options leave to decide: colour (COLOR, the --color word), the
 * query (the N words of WORDS), what the request computes.  -1 after
 * saying what is wrong. */
static int
finish_options(struct options *o, const char *color, int n, char **words)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (strcmp(color, "always") == 0)
		o->color = 1;
	else if (strcmp(color, "auto") == 0)
		o->color = isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
			   !(term && strcmp(term, "dumb") == 0);
	/* lines are wrapped for a person at a terminal; a pipe gets them
	 * whole, so that grep sees every title and link */
	if (o->pretty || isatty(STDOUT_FILENO))
		o->width = terminal_width();
	o->query = join_args(n, words);
	if (!o->query) {
		lrm_cli_error(program, "out of memory");
		return -1;
	}
	if (strlen(o->query) > LRM_QUERY_MAX_BYTES) {
		lrm_cli_error(program, "query too long: %zu bytes (at most %d)",
			      strlen(o->query), LRM_QUERY_MAX_BYTES);
		return -1;
	}
	o->req.query = o->query;
	if (o->like && strcmp(o->like, "-") == 0) {
		if (read_like_text(o))
			return -1;
	} else {
		o->req.like = o->like;
	}
	/* a count is exact, and so are --json's totals; people see the
	 * papers and their snippets, and a better spelling when little
	 * matched */
	if (o->count_only) {
		o->req.limit = 0;
		o->req.want |= LRM_WANT_EXACT_COUNT;
	} else {
		o->req.want |= LRM_WANT_SNIPPETS | LRM_WANT_SUGGESTION;
		if (!o->no_correct)
			o->req.want |= LRM_WANT_AUTOCORRECT;
		if (o->json)
			o->req.want |= LRM_WANT_EXACT_COUNT;
	}
	return 0;
}

int
lrm_searcher_main(int argc, char **argv)
{
	static const struct option options[] = {
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"count", no_argument, NULL, 'c'},
		{"facets", no_argument, NULL, OPT_FACETS},
		{"sort", required_argument, NULL, OPT_SORT},
		{"json", no_argument, NULL, 'j'},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"like", required_argument, NULL, OPT_LIKE},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"index", required_argument, NULL, 'i'},
		{"no-correct", no_argument, NULL, OPT_NO_CORRECT},
		{"pretty", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {.req.limit = 10};
	const char *color = "auto";
	int opt, ret = LRM_EXIT_ERROR;

	optind = 0; /* callable more than once (tests) */
	opterr = 0;
	/* options anywhere, as in GNU tools; "--" ends them */
	while ((opt = getopt_long(argc, argv, ":n:cji:phV", options, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return LRM_EXIT_OK;
		} else if (opt == 'V') {
			lrm_cli_print_version(stdout, program);
			return LRM_EXIT_OK;
		} else if (opt == '?' || opt == ':') {
			bad_option(options, opt, argc, argv);
			return LRM_EXIT_ERROR;
		} else if (set_option(&o, opt, optarg, &color)) {
			return LRM_EXIT_ERROR;
		}
	}
	if (!finish_options(&o, color, argc - optind, argv + optind))
		ret = run(&o);
	free(o.query);
	free(o.like_text);
	return ret;
}
