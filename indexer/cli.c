/* indexer/cli.c - lrmindex's entry point: global options and the table of
 * subcommands (one file per subcommand, as notmuch does). */
#define _GNU_SOURCE
#include "indexer.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "cli.h"

static const char *const program = "lrmindex";

static const struct lrm_command commands[] = {
	{"import", lrm_cmd_import, "turn awesome-list Markdown into the dataset"},
	{"lint", lrm_cmd_lint, "report problems in awesome-list Markdown"},
	{"fetch", lrm_cmd_fetch, "fetch abstracts from the arXiv API"},
	{"update-lists", lrm_cmd_update_lists,
	 "fetch the newest lists, rebuild the dataset, say what is new"},
	{"build", lrm_cmd_build, "build the search index from the dataset"},
	{NULL, NULL, NULL},
};

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s COMMAND [OPTION]... [ARG]...\n"
		"Build the lrmsearch dataset and search index from curated "
		"paper lists.\n"
		"\n"
		"Commands:\n",
		program);
	for (const struct lrm_command *c = commands; c->name; c++)
		fprintf(out, "  %-13s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -h, --help     display this help and exit\n"
		"  -V, --version  output version information and exit\n"
		"\n"
		"Run '%s COMMAND --help' for a command's own options.\n"
		"\n"
		"Exit status is 0 on success, 1 when a check found problems,\n"
		"and 2 on a usage error or a failure.\n",
		program);
}

int
lrm_indexer_main(int argc, char **argv)
{
	const char *name;

	if (argc < 2) {
		lrm_cli_error(program, "missing command");
		lrm_cli_try_help(program);
		return LRM_EXIT_ERROR;
	}
	name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return LRM_EXIT_OK;
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
		lrm_cli_print_version(stdout, program);
		return LRM_EXIT_OK;
	}
	for (const struct lrm_command *c = commands; c->name; c++)
		if (strcmp(name, c->name) == 0)
			return c->run(argc - 1, argv + 1);
	if (name[0] == '-')
		lrm_cli_error(program, "unrecognized option '%s'", name);
	else
		lrm_cli_error(program, "unknown command '%s'", name);
	lrm_cli_try_help(program);
	return LRM_EXIT_ERROR;
}
