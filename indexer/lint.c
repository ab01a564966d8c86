/* indexer/lint.c - `lrmindex lint`: what a list's maintainers should fix. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "list.h"
#include "lrm/cli.h"

static const char *const program = "lrmindex lint";

static void
usage(FILE *out)
{
	fputs("Usage: lrmindex lint [OPTION]... LIST.md...\n"
	      "Report problems in awesome-list Markdown, one per line, as\n"
	      "FILE:LINE: MESSAGE.  It finds:\n"
	      "  - a row that does not fit its table (too few or many cells)\n"
	      "  - a row without a title\n"
	      "  - a missing or unparseable date\n"
	      "  - a malformed arXiv id\n"
	      "  - a code link that points to a paper site\n"
	      "  - a paper URL (or arXiv id) shared by different titles\n"
	      "  - a duplicate row (the same title twice in one section)\n"
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
		for (size_t p = 0; p < list.n_problems; p++)
			printf("%s:%u: %s\n", argv[i], list.problems[p].line,
			       list.problems[p].message);
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
