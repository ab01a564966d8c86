/* indexer/lint.c - `lrmindex lint`: what a list's maintainers should fix. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "list.h"
#include "merge.h"
#include "cli.h"
#include "lrm/text.h"

static const char *const program = "lrmindex lint";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: lrmindex lint [OPTION]... [LIST.md]...\n"
		"Report problems in awesome-list Markdown, one per line, as\n"
		"FILE:LINE: MESSAGE (FILE:LINE:COLUMN: where a column tells).\n"
		"With no LIST, the lists of the manifest (%s).\n"
		"It finds:\n"
		"  - a row that does not fit its table (too few or many cells)\n"
		"  - a row without a title\n"
		"  - a missing or unparseable date\n"
		"  - a malformed arXiv id\n"
		"  - a code link that points to a paper site\n"
		"  - a paper URL (or arXiv id) shared by different titles\n"
		"  - a duplicate row (the same title twice in one section)\n"
		"  - a control character (ESC, BEL, a bidi override, a\n"
		"    zero-width space...) in a title, date, venue, link or\n"
		"    heading: import removes it\n"
		"Across lists:\n"
		"  - an arXiv id under another title in another list (import\n"
		"    merges them)\n"
		"  - an arXiv id given to a clearly different paper in another\n"
		"    list (import keeps them apart: a misattributed link?)\n"
		"\n"
		"Options:\n"
		"  -m, --manifest=FILE  the manifest whose lists are checked\n"
		"                       when no LIST is given\n"
		"  -s, --strict         exit with status 1 when there is any\n"
		"                       problem\n"
		"  -q, --quiet          print no summary line\n"
		"  -h, --help           display this help and exit\n"
		"\n"
		"Exit status is 0 (or 1 with --strict and problems found), and 2\n"
		"when a list cannot be read.\n",
		LRM_DEFAULT_MANIFEST);
}

/* Print PROBLEM of the list at PATH as "PATH:LINE[:COLUMN]: MESSAGE", with
 * any control character in it (from the list, or from PATH) shown as an
 * escape, never sent to the terminal.  Returns 0, or -1 when out of
 * memory. */
static int
print_problem(const char *path, const struct lrm_problem *problem)
{
	char where[32], *escaped;
	size_t len;
	char *line;

	if (problem->column)
		snprintf(where, sizeof(where), ":%u:%u: ", problem->line,
			 problem->column);
	else
		snprintf(where, sizeof(where), ":%u: ", problem->line);
	len = strlen(path) + strlen(where) + strlen(problem->message);
	line = malloc(len + 1);
	if (!line)
		return -1;
	snprintf(line, len + 1, "%s%s%s", path, where, problem->message);
	escaped = lrm_text_escape(line, len, NULL);
	free(line);
	if (!escaped)
		return -1;
	puts(escaped);
	free(escaped);
	return 0;
}

/* What merging the lists shows across them: an arXiv id under two titles
 * in two lists, at the later listing, naming the earlier.  Pairs within
 * one list are lrm_list_check()'s.  Returns how many were printed, or -1
 * when out of memory. */
static long
print_merge_notes(const struct lrm_list_sources *sources,
		  const struct lrm_list *lists, lrm_error_t *err)
{
	struct lrm_dataset dataset = {0};
	struct lrm_merge_report report = {0};
	long printed = 0;
	int failed = 0;

	if (lrm_list_merge_report(&dataset, lists, sources->n, &report, err))
		return -1;
	for (size_t i = 0; i < report.n_notes && !failed; i++) {
		const struct lrm_merge_note *n = &report.notes[i];
		struct lrm_problem problem = {n->row->listing.line, 0, NULL};
		int merged = n->kind == LRM_MERGE_RETITLED;

		if (n->list == n->other_list)
			continue;
		if (asprintf(&problem.message,
			     "arXiv id %s is also at %s:%u for %s: '%s' here, "
			     "'%s' there; %s",
			     n->row->listing.arxiv,
			     sources->items[n->other_list].path,
			     n->other->listing.line,
			     merged ? "another title" : "a clearly different paper",
			     n->row->title, n->other->title,
			     merged ? "merged as one paper"
				    : "kept apart (a misattributed link?)") < 0) {
			problem.message = NULL;
			failed = 1;
		} else if (print_problem(sources->items[n->list].path,
					 &problem) != 0) {
			failed = 1;
		}
		free(problem.message);
		printed++;
	}
	lrm_merge_report_clear(&report);
	lrm_dataset_clear(&dataset);
	if (failed)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory"), -1;
	return printed;
}

int
lrm_cmd_lint(int argc, char **argv)
{
	static const struct option options[] = {
		{"manifest", required_argument, NULL, 'm'},
		{"strict", no_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *manifest = LRM_DEFAULT_MANIFEST;
	struct lrm_list_sources sources = {0};
	struct lrm_list *lists = NULL;
	lrm_error_t err = {0};
	size_t total = 0;
	long across;
	int strict = 0, quiet = 0, opt, ret = LRM_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:sqh", options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			manifest = optarg;
			break;
		case 's':
			strict = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return LRM_EXIT_OK;
		default:
			lrm_cli_bad_option(program, opt, argv[optind - 1], optopt);
			return LRM_EXIT_ERROR;
		}
	}
	if (optind < argc
		    ? lrm_list_sources_from_paths(&sources, argv + optind,
						  (size_t)(argc - optind), &err)
		    : lrm_list_sources_from_manifest(&sources, manifest, &err)) {
		lrm_cli_error(program, "%s%s", err.msg,
			      optind < argc
				      ? ""
				      : " (with no list given, the manifest's "
					"lists are checked: give LIST.md... or "
					"--manifest FILE)");
		return LRM_EXIT_ERROR;
	}
	lists = calloc(sources.n, sizeof(*lists));
	if (!lists) {
		lrm_cli_error(program, "out of memory");
		ret = LRM_EXIT_ERROR;
		goto cleanup;
	}
	for (size_t i = 0; i < sources.n; i++) {
		const char *path = sources.items[i].path;

		/* a list that cannot be read is said, and the others
		 * checked: it stays empty */
		if (lrm_list_load(&lists[i], path, &err) ||
		    lrm_list_check(&lists[i], &err)) {
			lrm_cli_error(program, "%s", err.msg);
			lrm_list_clear(&lists[i]);
			ret = LRM_EXIT_ERROR;
			continue;
		}
		for (size_t p = 0; p < lists[i].n_problems; p++) {
			if (print_problem(path, &lists[i].problems[p]) != 0) {
				lrm_cli_error(program, "out of memory");
				ret = LRM_EXIT_ERROR;
				break;
			}
		}
		total += lists[i].n_problems;
	}
	across = sources.n > 1 ? print_merge_notes(&sources, lists, &err) : 0;
	if (across < 0) {
		lrm_cli_error(program, "%s", err.msg);
		ret = LRM_EXIT_ERROR;
	} else {
		total += (size_t)across;
	}
	if (fflush(stdout) != 0) {
		lrm_cli_error(program, "cannot write to standard output");
		ret = LRM_EXIT_ERROR;
		goto cleanup;
	}
	if (!quiet)
		fprintf(stderr, "%s: %zu problem%s\n", program, total,
			total == 1 ? "" : "s");
	if (ret == LRM_EXIT_OK && strict && total > 0)
		ret = LRM_EXIT_NOMATCH;
cleanup:
	for (size_t i = 0; lists && i < sources.n; i++)
		lrm_list_clear(&lists[i]);
	free(lists);
	lrm_list_sources_clear(&sources);
	return ret;
}
