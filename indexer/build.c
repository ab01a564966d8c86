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
		"                       else $XDG_CACHE_HOME/lrmsearch/index)\n"
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

/* The abstracts cache a build reads by default, when it exists:
 * abstracts.yaml beside DATASET, and for a symbolic link beside the file it
 * points to (a link elsewhere names the dataset, not its directory).  Into
 * BUF; 0 when there is none. */
static int
default_cache(const char *dataset, char *buf, size_t size)
{
	char *real = realpath(dataset, NULL);
	const char *path = real ? real : dataset, *slash = strrchr(path, '/');
	int n = slash ? snprintf(buf, size, "%.*s/abstracts.yaml",
				 (int)(slash - path), path)
		      : snprintf(buf, size, "abstracts.yaml");

	free(real);
	return n > 0 && (size_t)n < size && access(buf, F_OK) == 0;
}

static const struct lrm_paper *sort_base;

/* By id, and papers of one id in dataset order. */
static int
compare_positions(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_base[x].id, sort_base[y].id);

	return c ? c : (x > y) - (x < y);
}

/* Keep only the last record of each paper id in ALL (in the place of that
 * last record).  -1 when out of memory. */
static int
keep_last_records(struct lrm_dataset *all)
{
	size_t *pos = malloc((all->n_papers + 1) * sizeof(*pos)), kept = 0;
	unsigned char *drop = calloc(all->n_papers + 1, 1);

	if (!pos || !drop) {
		free(pos);
		free(drop);
		return -1;
	}
	for (size_t i = 0; i < all->n_papers; i++)
		pos[i] = i;
	sort_base = all->papers;
	qsort(pos, all->n_papers, sizeof(*pos), compare_positions);
	for (size_t i = 1; i < all->n_papers; i++)
		if (strcmp(all->papers[pos[i - 1]].id, all->papers[pos[i]].id) == 0)
			drop[pos[i - 1]] = 1;
	for (size_t i = 0; i < all->n_papers; i++) {
		if (drop[i])
			lrm_paper_clear(&all->papers[i]);
		else
			all->papers[kept++] = all->papers[i];
	}
	all->n_papers = kept;
	free(pos);
	free(drop);
	return 0;
}

/* Load DATASETS (N of them) into one dataset; a paper id seen twice keeps
 * its last record, as replacing it in the index would. */
static int
load_datasets(char **paths, int n, struct lrm_dataset *all, lrm_error_t *err)
{
	for (int i = 0; i < n; i++) {
		struct lrm_dataset one = {0};

		if (lrm_dataset_load(&one, paths[i], err))
			return -1;
		for (size_t p = 0; p < one.n_papers; p++) {
			struct lrm_paper *slot = lrm_dataset_add_paper(all);

			if (!slot) {
				lrm_dataset_clear(&one);
				lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
				return -1;
			}
			*slot = one.papers[p];
			memset(&one.papers[p], 0, sizeof(one.papers[p]));
		}
		lrm_dataset_clear(&one);
	}
	if (n > 1 && keep_last_records(all)) {
		lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
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
	static char *default_datasets[] = {(char *)LRM_DEFAULT_DATASET};
	const char *index = NULL, *synonyms_path = LRM_BUNDLED_SYNONYMS;
	const char *cache = NULL;
	char index_buf[PATH_MAX], cache_buf[PATH_MAX], hash[17];
	struct lrm_abstracts abstracts = {0};
	struct lrm_dataset dataset = {0};
	struct lrm_synonyms synonyms = {0};
	lrm_error_t err = {0};
	char **datasets;
	const char **hashed = NULL;
	int n_datasets, n_hashed, quiet = 0, opt, ret = LRM_EXIT_ERROR;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct lrm_index_options opts = {
		.jobs = cores > 0 ? (unsigned)cores : 1,
		.batch = LRM_INDEX_BATCH,
		.wait = -1,
		.notify = lrm_cli_notify,
		.ctx = (void *)program,
	};
	struct lrm_index_stats stats;

	/* before the data takes the memory (no room: the build says so) */
	(void)lrm_index_reserve_stack();
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
	datasets = optind < argc ? argv + optind : default_datasets;
	n_datasets = optind < argc ? argc - optind : 1;
	if (!cache && default_cache(datasets[0], cache_buf, sizeof(cache_buf)))
		cache = cache_buf;
	if (load_datasets(datasets, n_datasets, &dataset, &err) ||
	    lrm_synonyms_load(&synonyms, synonyms_path, &err) ||
	    (cache && lrm_abstracts_load(&abstracts, cache, &err))) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	hashed = calloc((size_t)n_datasets + 2, sizeof(*hashed));
	if (!hashed) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < n_datasets; i++)
		hashed[i] = datasets[i];
	n_hashed = n_datasets;
	hashed[n_hashed++] = synonyms_path;
	if (cache)
		hashed[n_hashed++] = cache;
	if (lrm_index_hash_files(hashed, (size_t)n_hashed, hash, &err) ||
	    lrm_index_build_with(index, &dataset, cache ? &abstracts : NULL,
				 &synonyms, hash, &opts, &stats, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!quiet && stats.updated)
		lrm_cli_note(program, "updated %s: %zu of %zu papers indexed "
			     "again, %zu removed (%zu abstracts)",
			     index, stats.indexed, dataset.n_papers,
			     stats.removed, abstracts.n);
	else if (!quiet)
		lrm_cli_note(program, "indexed %zu papers (%zu abstracts) in %s",
			     dataset.n_papers, abstracts.n, index);
	ret = LRM_EXIT_OK;
cleanup:
	free(hashed);
	lrm_synonyms_clear(&synonyms);
	lrm_abstracts_clear(&abstracts);
	lrm_dataset_clear(&dataset);
	return ret;
}
