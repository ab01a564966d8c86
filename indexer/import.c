/* indexer/import.c - `lrmindex import`: awesome-list Markdown to the YAML
 * dataset. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "list.h"
#include "merge.h"
#include "cli.h"
#include "lrm/file.h"
#include "lrm/paper.h"
#include "lrm/text.h"

static const char *const program = "lrmindex import";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: lrmindex import [OPTION]... [LIST.md]...\n"
		"Turn awesome-list Markdown into the lrmsearch dataset.\n"
		"\n"
		"With no LIST, every list of the manifest (%s) is\n"
		"imported, each listing recording the list's name.  Entries\n"
		"with the same title (ignoring case, punctuation and spacing),\n"
		"or the same arXiv id under titles that are not clearly\n"
		"different papers, are one paper that keeps every listing.\n"
		"Each paper keeps the day it first entered the corpus\n"
		"('added'), read from the dataset it replaces.  The dataset is\n"
		"replaced atomically: if anything fails, the old one stays.\n"
		"\n"
		"Options:\n"
		"  -o, --output=FILE    write the dataset to FILE (default\n"
		"                       %s); '-' writes to standard output\n"
		"  -m, --manifest=FILE  the manifest of lists to import when no\n"
		"                       LIST is given (default %s)\n"
		"  -p, --previous=FILE  take each paper's 'added' day from FILE\n"
		"                       (default: the dataset at --output)\n"
		"  -q, --quiet          print nothing but errors\n"
		"  -h, --help           display this help and exit\n"
		"\n"
		"New papers are dated today (UTC), or by SOURCE_DATE_EPOCH when\n"
		"it is set.  A list that yields no paper is an error.  Problems\n"
		"in the lists do not stop the import; run 'lrmindex lint' to see\n"
		"them.\n",
		LRM_DEFAULT_MANIFEST, LRM_DEFAULT_DATASET, LRM_DEFAULT_MANIFEST);
}

/* Today in UTC as "YYYY-MM-DD" into OUT, or the day of SOURCE_DATE_EPOCH
 * (seconds since 1970) when it is set, as reproducible builds expect; a
 * malformed one is an error, not the clock. */
static int
today(char out[11])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	if (epoch) {
		char *end;
		unsigned long long secs;

		errno = 0;
		secs = strtoull(epoch, &end, 10);
		if (!*epoch || *end || errno || epoch[0] == '-' ||
		    secs > 253402300799ULL /* 9999-12-31 */) {
			lrm_cli_error(program,
				      "SOURCE_DATE_EPOCH='%.40s' is not a number "
				      "of seconds since 1970-01-01; set it to "
				      "one (date +%%s) or unset it",
				      epoch);
			return -1;
		}
		now = (time_t)secs;
	}
	if (!gmtime_r(&now, &tm) ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
		lrm_cli_error(program, "cannot tell today's date");
		return -1;
	}
	return 0;
}

/* Whether PATH starts as a dataset of format 1, which had no 'added'
 * days to keep (an import replaces it, as it always did). */
static int
older_dataset(const char *path)
{
	static const char *const heads[] = {
		"format: lrmsearch-papers/1\n",
		"format: \"lrmsearch-papers/1\"\n",
	};
	char head[64];
	size_t len = 0;
	lrm_error_t err = {0};

	if (lrm_file_read_head(path, head, sizeof(head), &len, &err) != LRM_OK)
		return 0;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		if (len >= strlen(heads[i]) &&
		    memcmp(head, heads[i], strlen(heads[i])) == 0)
			return 1;
	return 0;
}

/* The dataset an import replaces, for its papers' 'added' days: FROM
 * (--previous, which must load), else OUTPUT when it is a dataset
 * (a missing or empty file, or one of format 1, is none; a damaged one is
 * an error, and it stays as it is).  *HAVE says whether one was read. */
static int
load_previous(struct lrm_dataset *previous, const char *from,
	      const char *output, int *have)
{
	lrm_error_t err = {0};
	struct stat st;

	*have = 0;
	if (!from) {
		if (strcmp(output, "-") == 0)
			return 0;
		if (stat(output, &st) != 0 || st.st_size == 0 ||
		    older_dataset(output))
			return 0;
		from = output;
	}
	if (lrm_dataset_load(previous, from, &err) != LRM_OK) {
		lrm_cli_error(program,
			      "%s; it is read for each paper's 'added' day, "
			      "and is left as it was: repair it, or give "
			      "another with --previous",
			      err.msg);
		return -1;
	}
	*have = 1;
	return 0;
}

/* Each list must give papers: one that gives none is read wrongly (a
 * format lrmindex does not know, a wrong file), and importing it would
 * drop its papers from the corpus without a word. */
static int
check_every_list_counts(const struct lrm_list_sources *sources,
			const struct lrm_merge_report *report,
			const char *output)
{
	int bad = 0;

	for (size_t i = 0; i < sources->n; i++) {
		const struct lrm_list_source *s = &sources->items[i];

		if (report->papers[i] > 0)
			continue;
		lrm_cli_error(program,
			      "no papers found in %s%s%s%s (no entry of it could "
			      "be read; 'lrmindex lint %s' shows why); %s left "
			      "as it was",
			      s->path, s->name ? " (the list '" : "",
			      s->name ? s->name : "", s->name ? "')" : "",
			      s->path,
			      strcmp(output, "-") == 0 ? "nothing written"
						       : output);
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int
write_dataset(const struct lrm_dataset *dataset, const char *output)
{
	lrm_error_t err = {0};
	char *text = NULL;
	size_t len = 0;

	if (strcmp(output, "-") != 0) {
		if (lrm_dataset_save(dataset, output, &err)) {
			lrm_cli_error(program, "%s", err.msg);
			return -1;
		}
		return 0;
	}
	if (lrm_dataset_emit(dataset, &text, &len, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		return -1;
	}
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		free(text);
		lrm_cli_error(program, "cannot write to standard output");
		return -1;
	}
	free(text);
	return 0;
}

static void
print_summary(const struct lrm_list_sources *sources,
	      const struct lrm_list *lists,
	      const struct lrm_merge_report *report,
	      const struct lrm_dataset *dataset, const char *output,
	      size_t n_new, int have_previous, const char *day)
{
	size_t n_rows = 0, n_problems = 0, n_unread = 0, n = sources->n;

	for (size_t i = 0; i < n; i++) {
		n_rows += lists[i].n_rows;
		n_problems += lists[i].n_problems;
		n_unread += lists[i].n_unread;
	}
	lrm_cli_note(program, "%zu paper%s from %zu row%s in %zu list%s -> %s",
		     dataset->n_papers, dataset->n_papers == 1 ? "" : "s",
		     n_rows, n_rows == 1 ? "" : "s", n, n == 1 ? "" : "s",
		     strcmp(output, "-") == 0 ? "standard output" : output);
	for (size_t i = 0; n > 1 && i < n; i++)
		lrm_cli_note(program, "  %zu paper%s from %s%s%s%s",
			     report->papers[i],
			     report->papers[i] == 1 ? "" : "s",
			     sources->items[i].name ? sources->items[i].name
						    : lists[i].source,
			     sources->items[i].name ? " (" : "",
			     sources->items[i].name ? lists[i].source : "",
			     sources->items[i].name ? ")" : "");
	if (have_previous)
		lrm_cli_note(program, "%zu new paper%s, added %s", n_new,
			     n_new == 1 ? "" : "s", day);
	if (n_unread)
		lrm_cli_note(program, "%zu entr%s that link%s a paper could "
			     "not be read; 'lrmindex lint' lists them",
			     n_unread, n_unread == 1 ? "y" : "ies",
			     n_unread == 1 ? "s" : "");
	if (n_problems || report->n_notes)
		lrm_cli_note(program, "the lists have problems; run "
			     "'lrmindex lint' to see them");
}

int
lrm_cmd_import(int argc, char **argv)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"manifest", required_argument, NULL, 'm'},
		{"previous", required_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *output = LRM_DEFAULT_DATASET,
		   *manifest = LRM_DEFAULT_MANIFEST, *previous_path = NULL;
	struct lrm_list_sources sources = {0};
	struct lrm_list *lists = NULL;
	struct lrm_dataset dataset = {0}, previous = {0};
	struct lrm_merge_report report = {0};
	lrm_error_t err = {0};
	char day[11];
	size_t n_new = 0;
	int quiet = 0, opt, have_previous = 0, ret = LRM_EXIT_ERROR;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:m:p:qh", options, NULL)) !=
	       -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'm':
			manifest = optarg;
			break;
		case 'p':
			previous_path = optarg;
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
	if (optind < argc) {
		if (lrm_list_sources_from_paths(&sources, argv + optind,
						(size_t)(argc - optind), &err)) {
			lrm_cli_error(program, "%s", err.msg);
			goto cleanup;
		}
	} else if (lrm_list_sources_from_manifest(&sources, manifest, &err)) {
		lrm_cli_error(program,
			      "%s (with no list given, the manifest's lists "
			      "are imported: give LIST.md... or --manifest "
			      "FILE)",
			      err.msg);
		goto cleanup;
	}
	/* Whether OUTPUT may be written is known before anything is read:
	 * a README given as the output is never read as a dataset. */
	if (strcmp(output, "-") != 0 &&
	    lrm_dataset_check_save(output, &err) != LRM_OK) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (today(day) != 0 ||
	    load_previous(&previous, previous_path, output, &have_previous))
		goto cleanup;
	lists = calloc(sources.n, sizeof(*lists));
	if (!lists) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	if (lrm_list_sources_load(&sources, lists, &err) ||
	    lrm_list_merge_report(&dataset, lists, sources.n, &report, &err) ||
	    lrm_merge_keep_added(&dataset, have_previous ? &previous : NULL,
				 day, &n_new, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (check_every_list_counts(&sources, &report, output) != 0 ||
	    write_dataset(&dataset, output) != 0)
		goto cleanup;
	if (!quiet)
		print_summary(&sources, lists, &report, &dataset, output, n_new,
			      have_previous, day);
	ret = LRM_EXIT_OK;
cleanup:
	for (size_t i = 0; lists && i < sources.n; i++)
		lrm_list_clear(&lists[i]);
	free(lists);
	lrm_list_sources_clear(&sources);
	lrm_merge_report_clear(&report);
	lrm_dataset_clear(&dataset);
	lrm_dataset_clear(&previous);
	return ret;
}
