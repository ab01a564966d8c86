/* indexer/import.c - `lrmindex import`: awesome-list Markdown to the YAML
 * dataset. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "list.h"
#include "cli.h"
#include "lrm/paper.h"
#include "lrm/text.h"

static const char *const program = "lrmindex import";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: lrmindex import [OPTION]... LIST.md...\n"
		"Turn awesome-list Markdown into the lrmsearch dataset.\n"
		"\n"
		"Each table row under the list's headings becomes a listing of a\n"
		"paper; rows with the same title (ignoring case, punctuation and\n"
		"spacing) are one paper that keeps every listing.  The dataset is\n"
		"replaced atomically: if anything fails, the old one stays.\n"
		"\n"
		"Options:\n"
		"  -o, --output=FILE  write the dataset to FILE (default\n"
		"                     %s); '-' writes to standard output\n"
		"  -q, --quiet        print nothing but errors\n"
		"  -h, --help         display this help and exit\n"
		"\n"
		"Problems in the lists do not stop the import; run\n"
		"'lrmindex lint LIST.md...' to see them.\n",
		LRM_DEFAULT_DATASET);
}

int
lrm_cmd_import(int argc, char **argv)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = LRM_DEFAULT_DATASET;
	struct lrm_list *lists = NULL;
	struct lrm_dataset dataset = {0};
	size_t n_lists = 0, n_rows = 0, n_problems = 0, n_unread = 0;
	lrm_error_t err = {0};
	int quiet = 0, opt, ret = LRM_EXIT_ERROR;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
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
		lrm_cli_try_help("lrmindex import");
		return LRM_EXIT_ERROR;
	}
	n_lists = (size_t)(argc - optind);
	lists = calloc(n_lists, sizeof(*lists));
	if (!lists) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n_lists; i++) {
		if (lrm_list_load(&lists[i], argv[optind + (int)i], &err)) {
			lrm_cli_error(program, "%s", err.msg);
			goto cleanup;
		}
		n_rows += lists[i].n_rows;
		n_problems += lists[i].n_problems;
		n_unread += lists[i].n_unread;
	}
	if (lrm_list_merge(&dataset, lists, n_lists, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	/* An import of nothing would wipe the dataset: it is a mistake. */
	if (dataset.n_papers == 0) {
		lrm_cli_error(program,
			      "no papers found in %s%s (no table with a Title "
			      "column, no entry read); %s left as it was",
			      argv[optind], n_lists > 1 ? " and the others" : "",
			      strcmp(output, "-") == 0 ? "nothing written"
						       : output);
		goto cleanup;
	}
	if (strcmp(output, "-") == 0) {
		char *text = NULL;
		size_t len = 0;

		if (lrm_dataset_emit(&dataset, &text, &len, &err)) {
			lrm_cli_error(program, "%s", err.msg);
			goto cleanup;
		}
		if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
			free(text);
			lrm_cli_error(program, "cannot write to standard output");
			goto cleanup;
		}
		free(text);
	} else if (lrm_dataset_save(&dataset, output, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!quiet) {
		lrm_cli_note(program, "%zu paper%s from %zu row%s in %zu list%s -> %s",
			     dataset.n_papers, dataset.n_papers == 1 ? "" : "s",
			     n_rows, n_rows == 1 ? "" : "s", n_lists,
			     n_lists == 1 ? "" : "s",
			     strcmp(output, "-") == 0 ? "standard output" : output);
		if (n_unread)
			lrm_cli_note(program, "%zu entr%s that link%s a paper "
				     "could not be read; 'lrmindex lint' lists "
				     "them",
				     n_unread, n_unread == 1 ? "y" : "ies",
				     n_unread == 1 ? "s" : "");
		if (n_problems)
			lrm_cli_note(program, "the lists have problems; run "
				     "'lrmindex lint' to see them");
	}
	ret = LRM_EXIT_OK;
cleanup:
	for (size_t i = 0; lists && i < n_lists; i++)
		lrm_list_clear(&lists[i]);
	free(lists);
	lrm_dataset_clear(&dataset);
	return ret;
}
