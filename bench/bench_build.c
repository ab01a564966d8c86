/* bench/bench_build.c - build an lrmsearch index with lrm_index_build(), the
 * function behind `lrmindex build`, from several dataset and abstracts
 * files.
 *
 *   bench_build --index DIR [--jobs N] [--batch N] [--synonyms FILE]
 *               DATASET... [--abstracts FILE]...
 *
 * `lrmindex build` reads one abstracts cache, and liblrm's YAML store
 * refuses files over 64 MB; the abstracts of 100,000 papers take about
 * 150 MB.  So for large corpora gen_corpus writes them in parts, and this
 * program loads the parts, joins them and calls lrm_index_build() exactly
 * as `lrmindex build` does (same synonyms, same hash of the input files,
 * same jobs).  It prints one JSON line: how long loading and building
 * took.
 *
 * Like `lrmindex build`, it updates the live index when few papers
 * changed; --full indexes everything.  --batch 0 leaves committing to Xapian (every 10,000 documents): a plain
 * single-process Xapian build when --jobs is 1, the benchmark's baseline.
 * The default is what `lrmindex build` does (LRM_INDEX_BATCH).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lrm/abstracts.h"
#include "lrm/index.h"
#include "lrm/paper.h"
#include "lrm/sources.h"

#include "bench.h"

static const char *const program = "bench_build";

#define MAX_FILES 256



int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"index", required_argument, NULL, 'i'},
		{"jobs", required_argument, NULL, 'j'},
		{"batch", required_argument, NULL, 'b'},
		{"full", no_argument, NULL, 'f'},
		{"synonyms", required_argument, NULL, 's'},
		{"abstracts", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *index = NULL, *synonyms_path = LRM_BUNDLED_SYNONYMS;
	const char *files[MAX_FILES], *abstract_files[MAX_FILES];
	size_t n_files = 0, n_abstract_files = 0;
	struct lrm_dataset dataset = {0}, part = {0};
	struct lrm_abstracts abstracts = {0}, apart = {0};
	struct lrm_synonyms synonyms = {0};
	lrm_error_t err = {0};
	struct lrm_index_options opts = {
		.jobs = 1, .batch = LRM_INDEX_BATCH, .wait = -1};
	struct lrm_index_stats stats;
	char hash[17];
	double t0, t_load, t_end;
	int opt, ret = 2;

	while ((opt = getopt_long(argc, argv, "i:j:b:fs:a:h", options, NULL)) != -1) {
		switch (opt) {
		case 'i':
			index = optarg;
			break;
		case 'j':
			opts.jobs = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'b':
			opts.batch = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'f':
			opts.full = 1;
			break;
		case 's':
			synonyms_path = optarg;
			break;
		case 'a':
			if (n_abstract_files == MAX_FILES)
				goto usage;
			abstract_files[n_abstract_files++] = optarg;
			break;
		case 'h':
			printf("Usage: %s --index DIR [--jobs N] [--batch N] [--full] [--synonyms FILE] "
			       "DATASET... [--abstracts FILE]...\n",
			       program);
			return 0;
		default:
			goto usage;
		}
	}
	if (!index || opts.jobs < 1 || opts.jobs > LRM_INDEX_MAX_JOBS || optind == argc ||
	    argc - optind > MAX_FILES / 2)
		goto usage;

	t0 = bench_now();
	for (int i = optind; i < argc; i++) {
		files[n_files++] = argv[i];
		if (lrm_dataset_load(&part, argv[i], &err))
			goto fail;
		if (bench_join_papers(&dataset, &part))
			goto nomem;
	}
	for (size_t i = 0; i < n_abstract_files; i++) {
		if (lrm_abstracts_load(&apart, abstract_files[i], &err))
			goto fail;
		if (bench_join_abstracts(&abstracts, &apart))
			goto nomem;
	}
	if (lrm_synonyms_load(&synonyms, synonyms_path, &err))
		goto fail;
	/* the hash `lrmindex build` records: datasets, synonyms, cache */
	files[n_files++] = synonyms_path;
	for (size_t i = 0; i < n_abstract_files && n_files < MAX_FILES; i++)
		files[n_files++] = abstract_files[i];
	if (lrm_index_hash_files(files, n_files, hash, &err))
		goto fail;
	t_load = bench_now();
	if (lrm_index_build_with(index, &dataset,
				 n_abstract_files ? &abstracts : NULL, &synonyms,
				 hash, &opts, &stats, &err))
		goto fail;
	t_end = bench_now();
	printf("{\"type\": \"lrm_build\", \"docs\": %zu, \"abstracts\": %zu, "
	       "\"jobs\": %u, \"batch\": %u, \"updated\": %s, "
	       "\"indexed\": %zu, \"removed\": %zu, \"load_s\": %.3f, "
	       "\"index_s\": %.3f, \"total_s\": %.3f}\n",
	       dataset.n_papers, abstracts.n, opts.jobs, opts.batch,
	       stats.updated ? "true" : "false", stats.indexed, stats.removed,
	       t_load - t0,
	       t_end - t_load, t_end - t0);
	ret = 0;
	goto cleanup;
usage:
	fprintf(stderr, "Usage: %s --index DIR [--jobs N] [--batch N] [--full] [--synonyms FILE] "
		"DATASET... [--abstracts FILE]...\n", program);
	goto cleanup;
nomem:
	fprintf(stderr, "%s: out of memory\n", program);
	goto cleanup;
fail:
	fprintf(stderr, "%s: %s\n", program, err.msg);
cleanup:
	lrm_synonyms_clear(&synonyms);
	lrm_abstracts_clear(&apart);
	lrm_abstracts_clear(&abstracts);
	lrm_dataset_clear(&part);
	lrm_dataset_clear(&dataset);
	return ret;
}
