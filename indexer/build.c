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

/* What the options say. */
struct build_options {
	const char *index, *synonyms, *cache;
	int quiet;
	struct lrm_index_options index_opts;
};

/* A number from LOW to HIGH in ARG into *OUT; -1 when it is none. */
static int
parse_number(const char *arg, long low, long high, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < low || v > high)
		return -1;
	*out = v;
	return 0;
}

/* Option OPT with its argument ARG into O; -1 after saying what is wrong
 * with it. */
static int
set_option(struct build_options *o, int opt, const char *arg)
{
	long v;

	switch (opt) {
	case 'i':
		o->index = arg;
		return 0;
	case 's':
		o->synonyms = arg;
		return 0;
	case 'c':
		o->cache = arg;
		return 0;
	case 'j':
		if (parse_number(arg, 1, LRM_INDEX_MAX_JOBS, &v)) {
			lrm_cli_error(program, "invalid --jobs '%s': expected 1 to %d",
				      arg, LRM_INDEX_MAX_JOBS);
			return -1;
		}
		o->index_opts.jobs = (unsigned)v;
		return 0;
	case 'f':
		o->index_opts.full = 1;
		return 0;
	case 'W':
		if (parse_number(arg, 0, INT_MAX, &v)) {
			lrm_cli_error(program, "invalid --wait '%s': expected a "
				      "number of seconds", arg);
			return -1;
		}
		o->index_opts.wait = (int)v;
		return 0;
	case 'N':
		o->index_opts.wait = 0;
		return 0;
	case 'q':
		o->quiet = 1;
		o->index_opts.notify = NULL;
		return 0;
	}
	return -1;
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
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct build_options o = {
		.synonyms = LRM_BUNDLED_SYNONYMS,
		.index_opts = {
			.jobs = cores > 0 ? (unsigned)cores : 1,
			.batch = LRM_INDEX_BATCH,
			.wait = -1,
			.notify = lrm_cli_notify,
			.ctx = (void *)program,
		},
	};
	char index_buf[PATH_MAX];
	struct lrm_sources src = {0};
	struct lrm_sources_stats stats;
	lrm_error_t err = {0};
	int opt, ret = LRM_EXIT_ERROR;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":i:s:c:j:fqh", options, NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return LRM_EXIT_OK;
		} else if (opt == '?' || opt == ':') {
			lrm_cli_bad_option(program, opt, argv[optind - 1], optopt);
			return LRM_EXIT_ERROR;
		} else if (set_option(&o, opt, optarg)) {
			return LRM_EXIT_ERROR;
		}
	}
	if (!o.index) {
		if (lrm_index_default_dir(index_buf, sizeof(index_buf), &err)) {
			lrm_cli_error(program, "%s", err.msg);
			return LRM_EXIT_ERROR;
		}
		o.index = index_buf;
	}
	/* the datasets, synonyms and cache are recorded in the index: the
	 * default index follows them (lrm/sources.h) */
	if (lrm_sources_init(&src,
			     optind < argc ? (const char *const *)argv + optind
					   : default_datasets,
			     optind < argc ? (size_t)(argc - optind) : 1,
			     o.synonyms, o.cache, &err) ||
	    lrm_sources_build(&src, o.index, &o.index_opts, &stats, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!o.quiet && stats.index.updated)
		lrm_cli_note(program, "updated %s: %zu of %zu papers indexed "
			     "again, %zu removed (%zu abstracts)",
			     o.index, stats.index.indexed, stats.papers,
			     stats.index.removed, stats.abstracts);
	else if (!o.quiet)
		lrm_cli_note(program, "indexed %zu papers (%zu abstracts) in %s",
			     stats.papers, stats.abstracts, o.index);
	ret = LRM_EXIT_OK;
cleanup:
	lrm_sources_clear(&src);
	return ret;
}
