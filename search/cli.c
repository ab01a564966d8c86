/* search/cli.c - lrmsearch's command line. */
#define _GNU_SOURCE
#include "searcher.h"

#include <getopt.h>
#include <stdio.h>

#include "lrm/cli.h"

static const char *const program = "lrmsearch";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... QUERY...\n"
		"Search a curated list of research papers.\n"
		"\n"
		"Options:\n"
		"  -h, --help     display this help and exit\n"
		"  -V, --version  output version information and exit\n"
		"\n"
		"Exit status is 0 when something matched, 1 when nothing did,\n"
		"and 2 on a usage error or a query that cannot be parsed.\n",
		program);
}

int
lrm_searcher_main(int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	optind = 0; /* callable more than once (tests) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return LRM_EXIT_OK;
		case 'V':
			lrm_cli_print_version(stdout, program);
			return LRM_EXIT_OK;
		default:
			lrm_cli_bad_option(program, opt, argv[optind - 1],
					   optopt);
			return LRM_EXIT_ERROR;
		}
	}
	lrm_cli_error(program, "searching is not available yet");
	return LRM_EXIT_ERROR;
}
