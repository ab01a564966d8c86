/* indexer/lint.c - `lrmindex lint`: what a list's maintainers should fix. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "list.h"
#include "cli.h"
#include "lrm/text.h"

static const char *const program = "lrmindex lint";

static void
usage(FILE *out)
{
	fputs("Usage: lrmindex lint [OPTION]... LIST.md...\n"
	      "Report problems in awesome-list Markdown, one per line, as\n"
	      "FILE:LINE: MESSAGE (FILE:LINE:COLUMN: where a column tells).\n"
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
	      "\n"
	      "Options:\n"
	      "  -s, --strict  exit with status 1 when there is any problem\n"
	      "  -q, --quiet   print no summary line\n"
	      "  -h, --help    display this help and exit\n"
	      "\n"
	      "Exit status is 0 (or 1 with --strict and problems found), and 2\n"
	      "when a list cannot be read.\n",
	      out);
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

int
lrm_cmd_lint(int argc, char **argv)
{
	static const struct option options[] = {
		{"strict", no_argument, NULL, 's'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	size_t total = 0;
	int strict = 0, quiet = 0, opt, ret = LRM_EXIT_OK;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":sqh", options, NULL)) != -1) {
		switch (opt) {
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
	if (optind >= argc) {
		lrm_cli_error(program, "no list given");
		lrm_cli_try_help("lrmindex lint");
		return LRM_EXIT_ERROR;
	}
	for (int i = optind; i < argc; i++) {
		struct lrm_list list = {0};
		lrm_error_t err = {0};

		if (lrm_list_load(&list, argv[i], &err) ||
		    lrm_list_check(&list, &err)) {
			lrm_cli_error(program, "%s", err.msg);
			lrm_list_clear(&list);
			ret = LRM_EXIT_ERROR;
			continue;
		}
		for (size_t p = 0; p < list.n_problems; p++) {
			if (print_problem(argv[i], &list.problems[p]) != 0) {
				lrm_cli_error(program, "out of memory");
				ret = LRM_EXIT_ERROR;
				break;
			}
		}
		total += list.n_problems;
		lrm_list_clear(&list);
	}
	if (fflush(stdout) != 0) {
		lrm_cli_error(program, "cannot write to standard output");
		return LRM_EXIT_ERROR;
	}
	if (!quiet)
		fprintf(stderr, "%s: %zu problem%s\n", program, total,
			total == 1 ? "" : "s");
	if (ret == LRM_EXIT_OK && strict && total > 0)
		ret = LRM_EXIT_NOMATCH;
	return ret;
}
