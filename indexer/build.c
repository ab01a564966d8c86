/* indexer/build.c - `lrmindex build`: the dataset into a search index. */
#define _GNU_SOURCE
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "lrm/abstracts.h"
#include "cli.h"
#include "lrm/index.h"
#include "lrm/paper.h"
#include "lrm/sources.h"

static const char *const program = "lrmindex build";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: lrmindex build [OPTION]... [DATASET]...\n"
		"Build the search index from datasets (default %s).\n"
		"\n"
		"The new index is written beside the old one and swapped in\n"
		"atomically: a search running meanwhile sees the old index or\n"
		"the new one, never a mix.  Two builds of one index run one\n"
		"after the other.  When at most a quarter of the papers are\n"
		"new, changed or gone, a copy of the live index is updated and\n"
		"only those are indexed again.\n"
		"\n"
		"Options:\n"
		"  -i, --index=DIR      the index directory (default $LRM_INDEX,\n"
		"                       else $XDG_CACHE_HOME/lrmsearch/index,\n"
		"                       the one lrmsearch searches by default)\n"
		"  -c, --cache=FILE     abstracts fetched by `lrmindex fetch`\n"
		"                       (default abstracts.yaml beside the first\n"
		"                       dataset, when it exists)\n"
		"  -s, --synonyms=FILE  the synonym table (default\n"
		"                       %s)\n"
		"  -j, --jobs=N         build with N processes (default: one per\n"
		"                       core); only datasets of more than %d\n"
		"                       papers a process are split\n"
		"  -f, --full           index every paper again, even when the\n"
		"                       live index could be updated\n"
		"      --wait=SECONDS   wait at most SECONDS for another build of\n"
		"                       the index to finish (default %d, or\n"
		"                       $LRM_INDEX_WAIT), then give up\n"
		"      --no-wait        give up at once if another build runs\n"
		"  -q, --quiet          print nothing but errors\n"
		"  -h, --help           display this help and exit\n",
		LRM_DEFAULT_DATASET, LRM_BUNDLED_SYNONYMS, LRM_INDEX_SHARD_MIN,
		LRM_INDEX_WAIT_DEFAULT);
}

int
lrm_cmd_build(int argc, char **argv)
{
	static const struct option options[] = {
		{"index", required_argument, NULL, 'i'},
		{"synonyms", required_argument, NULL, 's'},
		{"cache", required_argument, NULL, 'c'},
		{"jobs", required_argument, NULL, 'j'},
		{"full", no_argument, NULL, 'f'},
		{"wait", required_argument, NULL, 'W'},
		{"no-wait", no_argument, NULL, 'N'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *default_datasets[] = {LRM_DEFAULT_DATASET};
	const char *index = NULL, *synonyms_path = LRM_BUNDLED_SYNONYMS;
	const char *cache = NULL;
	char index_buf[PATH_MAX];
	struct lrm_sources src = {0};
	struct lrm_sources_stats stats;
	lrm_error_t err = {0};
	int quiet = 0, opt, ret = LRM_EXIT_ERROR;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct lrm_index_options opts = {
		.jobs = cores > 0 ? (unsigned)cores : 1,
		.batch = LRM_INDEX_BATCH,
		.wait = -1,
		.notify = lrm_cli_notify,
		.ctx = (void *)program,
	};

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":i:s:c:j:fqh", options, NULL)) != -1) {
		switch (opt) {
		case 'i':
			index = optarg;
			break;
		case 's':
			synonyms_path = optarg;
			break;
		case 'c':
			cache = optarg;
			break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || v < 1 ||
			    v > LRM_INDEX_MAX_JOBS) {
				lrm_cli_error(program, "invalid --jobs '%s': expected "
					      "1 to %d", optarg, LRM_INDEX_MAX_JOBS);
				return LRM_EXIT_ERROR;
			}
			opts.jobs = (unsigned)v;
			break;
		}
		case 'f':
			opts.full = 1;
			break;
		case 'W': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > INT_MAX) {
				lrm_cli_error(program, "invalid --wait '%s': "
					      "expected a number of seconds",
					      optarg);
				return LRM_EXIT_ERROR;
			}
			opts.wait = (int)v;
			break;
		}
		case 'N':
			opts.wait = 0;
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
	if (quiet)
		opts.notify = NULL;
	if (!index) {
		if (lrm_index_default_dir(index_buf, sizeof(index_buf), &err)) {
			lrm_cli_error(program, "%s", err.msg);
			return LRM_EXIT_ERROR;
		}
		index = index_buf;
	}
	/* the datasets, synonyms and cache are recorded in the index: the
	 * default index follows them (lrm/sources.h) */
	if (lrm_sources_init(&src,
			     optind < argc ? (const char *const *)argv + optind
					   : default_datasets,
			     optind < argc ? (size_t)(argc - optind) : 1,
			     synonyms_path, cache, &err) ||
	    lrm_sources_build(&src, index, &opts, &stats, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!quiet && stats.index.updated)
		lrm_cli_note(program, "updated %s: %zu of %zu papers indexed "
			     "again, %zu removed (%zu abstracts)",
			     index, stats.index.indexed, stats.papers,
			     stats.index.removed, stats.abstracts);
	else if (!quiet)
		lrm_cli_note(program, "indexed %zu papers (%zu abstracts) in %s",
			     stats.papers, stats.abstracts, index);
	ret = LRM_EXIT_OK;
cleanup:
	lrm_sources_clear(&src);
	return ret;
}
