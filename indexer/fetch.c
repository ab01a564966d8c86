/* indexer/fetch.c - `lrmindex fetch`: abstracts, authors and dates from the
 * arXiv API into the cache beside the dataset. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "http.h"
#include "lrm/abstracts.h"
#include "lrm/arxiv.h"
#include "lrm/buf.h"
#include "cli.h"
#include "lrm/file.h"
#include "lrm/paper.h"
#include "lrm/text.h"

static const char *const program = "lrmindex fetch";

#define DEFAULT_API "https://export.arxiv.org/api/query"
#define MAX_RESPONSE_BYTES ((size_t)64 << 20)
#define USER_AGENT "lrmindex fetch; https://arxiv.org/help/api"

struct fetch_options {
	const char *api;
	const char *cache;
	const char *dataset;
	/* the delay is also the wait between requests */
	struct lrm_http_options http;
	unsigned batch;
	int refresh;
	int quiet;
};

/* One paper to fetch: its arXiv id and the title the list gives it. */
struct wanted {
	const char *id;
	const char *title;
};

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: lrmindex fetch [OPTION]... [DATASET]\n"
		"Fetch abstracts, authors and dates of the dataset's arXiv papers\n"
		"(default %s) from the arXiv API into a cache, which\n"
		"`lrmindex build` indexes.  Papers already cached are skipped, so\n"
		"an interrupted run resumes where it stopped.\n"
		"\n"
		"Options:\n"
		"  -c, --cache=FILE      the cache (default %s)\n"
		"  -u, --arxiv-url=URL   the API (default %s)\n"
		"  -r, --refresh         fetch papers already cached again\n"
		"  -d, --delay=SECONDS   wait between requests (default 3, as\n"
		"                        arXiv asks); retries wait 1, 2, 4... times\n"
		"                        as long, or what Retry-After says\n"
		"  -b, --batch=N         ids per request (default 20)\n"
		"  -t, --timeout=SECONDS give up on a request after this (default 30)\n"
		"  -n, --tries=N         tries per batch before giving up (default 4)\n"
		"  -q, --quiet           no progress line or summary\n"
		"  -h, --help            display this help and exit\n"
		"\n"
		"The cache is rewritten atomically after every batch: a run\n"
		"killed at any moment leaves a whole, readable cache.  An answer\n"
		"that breaks a rule (a DOCTYPE, a field over its size cap, too\n"
		"many attributes or nodes) or a batch that would make the cache\n"
		"too large to read back fails that batch; the run goes on.  A\n"
		"missing or empty cache file is a new cache; one that cannot be\n"
		"written stops the run before any request.  Papers whose arXiv\n"
		"link holds no valid id are listed as skipped.  Exit status is 0\n"
		"when every paper with an arXiv id is cached, 1 when some could\n"
		"not be fetched, 2 on a usage error, an unreadable dataset or\n"
		"cache, a cache that cannot be written, or lack of memory.\n",
		LRM_DEFAULT_DATASET, LRM_DEFAULT_ABSTRACTS, DEFAULT_API);
}

static void
utc_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ------------------------------------------------------------------ */
/* The run                                                            */
/* ------------------------------------------------------------------ */

struct failure {
	char *id;
	char *why;
};

/* What the current batch changed in the cache, to take back when the
 * cache with it cannot be saved. */
struct undo {
	size_t old_n;		       /* records before the batch; the rest are new */
	size_t *at;		       /* the records the batch replaced ... */
	struct lrm_abstract *previous; /* ... and what they held */
	size_t n_replaced;
	const char **ids; /* the ids the batch put into the cache */
	size_t n_ids;
};

struct run {
	const struct fetch_options *o;
	struct lrm_abstracts cache;
	struct undo undo;
	struct failure *failures;
	size_t n_failures;
	size_t fetched;
	double last_request; /* when the last request was sent, or 0 */
	int progress;	     /* show a progress line (stderr is a terminal) */
};

static void
undo_begin(struct run *run)
{
	run->undo.old_n = run->cache.n;
	run->undo.n_replaced = 0;
	run->undo.n_ids = 0;
}

/* Put A (an entry of arXiv's answer for ID) into the cache, keeping what
 * it replaces.  -1 when out of memory. */
static int
undo_put(struct run *run, const char *id, struct lrm_abstract *a)
{
	struct undo *u = &run->undo;
	struct lrm_abstract *to = lrm_abstracts_find(&run->cache, a->arxiv);
	const char **ids = realloc(u->ids, (u->n_ids + 1) * sizeof(*u->ids));

	if (!ids)
		return -1;
	u->ids = ids;
	if (to && (size_t)(to - run->cache.items) < u->old_n) {
		size_t *at = realloc(u->at, (u->n_replaced + 1) * sizeof(*at));
		struct lrm_abstract *previous;

		if (!at)
			return -1;
		u->at = at;
		previous = realloc(u->previous,
				   (u->n_replaced + 1) * sizeof(*previous));
		if (!previous)
			return -1;
		u->previous = previous;
		at[u->n_replaced] = (size_t)(to - run->cache.items);
		previous[u->n_replaced++] = *to;
		*to = *a;
		memset(a, 0, sizeof(*a));
	} else if (lrm_abstracts_put(&run->cache, a)) {
		return -1;
	}
	ids[u->n_ids++] = id;
	return 0;
}

/* The batch is saved: what it replaced goes. */
static void
undo_forget(struct run *run)
{
	for (size_t i = 0; i < run->undo.n_replaced; i++)
		lrm_abstract_clear(&run->undo.previous[i]);
	undo_begin(run);
}

/* The batch cannot be saved: the cache goes back to what it was. */
static void
undo_batch(struct run *run)
{
	struct undo *u = &run->undo;

	for (size_t i = u->n_replaced; i-- > 0;) {
		lrm_abstract_clear(&run->cache.items[u->at[i]]);
		run->cache.items[u->at[i]] = u->previous[i];
	}
	u->n_replaced = 0;
	lrm_abstracts_truncate(&run->cache, u->old_n);
	run->fetched -= u->n_ids;
	undo_begin(run);
}

static void
undo_free(struct run *run)
{
	undo_forget(run);
	free(run->undo.at);
	free(run->undo.previous);
	free(run->undo.ids);
}

static int
add_failure(struct run *run, const char *id, const char *why)
{
	struct failure *grown = realloc(
		run->failures, (run->n_failures + 1) * sizeof(*run->failures));

	if (!grown)
		return -1;
	run->failures = grown;
	grown[run->n_failures].id = strdup(id);
	grown[run->n_failures].why = strdup(why);
	if (!grown[run->n_failures].id || !grown[run->n_failures].why) {
		free(grown[run->n_failures].id);
		free(grown[run->n_failures].why);
		return -1;
	}
	run->n_failures++;
	return 0;
}

static char *
batch_url(const char *api, const struct wanted *ids, size_t n)
{
	size_t len = strlen(api) + 64;
	char *url, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(ids[i].id) + 1;
	url = malloc(len);
	if (!url)
		return NULL;
	p = url + sprintf(url, "%s%cid_list=", api, strchr(api, '?') ? '&' : '?');
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", ids[i].id);
	sprintf(p, "&max_results=%zu", n);
	return url;
}

/* The error entry's message that names ID, if any. */
static const char *
error_for(const struct lrm_arxiv_feed *feed, const char *id)
{
	for (size_t i = 0; i < feed->n_errors; i++)
		if (strstr(feed->errors[i], id))
			return feed->errors[i];
	return NULL;
}

static void
show_progress(struct run *run, size_t done, size_t total, double started)
{
	double elapsed = lrm_http_now() - started;
	double eta = done ? elapsed / (double)done * (double)(total - done) : 0;

	if (!run->progress)
		return;
	fprintf(stderr, "\r%s: %zu/%zu papers", program, done, total);
	if (done && done < total)
		fprintf(stderr, ", about %.0fs left ", eta);
	else
		fputs("                ", stderr);
	fflush(stderr);
}

/* Move the answer FEED's entries for IDS[0..N) into the cache, and what
 * they replace into RUN->undo; an id without one is a failure, with
 * arXiv's message when it sent one.  Every id is looked up before any
 * entry moves: an entry moved out has no id left, which lookups in the
 * answer would stumble on.  -1 when out of memory. */
static int
take_entries(struct run *run, struct lrm_arxiv_feed *feed,
	     const struct wanted *ids, size_t n)
{
	struct lrm_abstract **found = calloc(n ? n : 1, sizeof(*found));
	int r = 0;

	if (!found)
		return -1;
	for (size_t i = 0; i < n; i++)
		found[i] = lrm_abstracts_find(&feed->entries, ids[i].id);
	for (size_t i = 0; i < n && r == 0; i++) {
		const char *msg;

		if (found[i]) {
			r = undo_put(run, ids[i].id, found[i]);
			run->fetched += r == 0;
			continue;
		}
		msg = error_for(feed, ids[i].id);
		r = add_failure(run, ids[i].id,
				msg ? msg : "not in arXiv's answer");
	}
	free(found);
	return r;
}

/* One batch's request to arXiv, over its attempts. */
struct request {
	const struct wanted *ids;
	size_t n;
	char *url;
	struct lrm_http_response r;
	struct lrm_arxiv_feed feed; /* the answer, once read */
	char why[1200];		    /* why the last attempt failed */
};

/* Wait before attempt ATTEMPT of Q: the delay between requests before
 * the first, then exponential backoff or what the server asked, saying
 * why. */
static void
wait_turn(struct run *run, const struct request *q, unsigned attempt)
{
	const struct fetch_options *o = run->o;
	double since = lrm_http_now() - run->last_request, wait;

	if (attempt == 0) {
		if (run->last_request > 0 && since < o->http.delay)
			lrm_http_sleep(o->http.delay - since);
		return;
	}
	wait = lrm_http_backoff(o->http.delay, attempt, q->r.retry_after);
	if (!o->quiet)
		lrm_cli_print(stderr, "%s%s: %s; trying again in %.1fs\n",
			      run->progress ? "\n" : "", program, q->why, wait);
	lrm_http_sleep(wait);
}

/* Read the body Q received into Q->feed.  Else why goes into Q->why, and
 * whether to try again into the outcome; LRM_HTTP_NOMEM sets ERR. */
static enum lrm_http_outcome
read_answer(struct request *q, lrm_error_t *err)
{
	lrm_error_t perr = {0};
	char fetched[32];

	utc_now(fetched);
	lrm_arxiv_feed_clear(&q->feed);
	if (lrm_arxiv_parse(&q->feed, "response", lrm_buf_str(&q->r.body),
			    q->r.body.len, q->n, fetched, &perr) == LRM_OK)
		return LRM_HTTP_OK;
	if (perr.status == LRM_ERR_NOMEM) {
		lrm_error_set(err, LRM_ERR_NOMEM, "%s", perr.msg);
		return LRM_HTTP_NOMEM;
	}
	/* A cut-off or garbled body may come right next time; a
	 * well-formed answer that breaks a rule will not. */
	snprintf(q->why, sizeof(q->why), "%s: %.1100s",
		 perr.status == LRM_ERR_INVALID ? "refused arXiv's answer"
						: "bad response",
		 perr.msg);
	return perr.status == LRM_ERR_INVALID ? LRM_HTTP_FAIL : LRM_HTTP_RETRY;
}

/* Attempt ATTEMPT of Q: wait its turn, send it, read the answer.
 * LRM_HTTP_NOMEM sets ERR. */
static enum lrm_http_outcome
ask(struct run *run, CURL *curl, struct request *q, unsigned attempt,
    lrm_error_t *err)
{
	enum lrm_http_outcome outcome;

	wait_turn(run, q, attempt);
	run->last_request = lrm_http_now();
	outcome = lrm_http_get(curl, q->url, USER_AGENT, run->o->http.timeout,
			       MAX_RESPONSE_BYTES, &q->r, q->why,
			       sizeof(q->why));
	if (outcome == LRM_HTTP_NOMEM)
		lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return outcome == LRM_HTTP_OK ? read_answer(q, err) : outcome;
}

/* Q failed for good (OUTCOME): say so, and count each of its ids as a
 * failure.  -1 when out of memory. */
static int
fail_batch(struct run *run, const struct request *q, enum lrm_http_outcome outcome)
{
	char reason[sizeof(q->why) + 64];

	snprintf(reason, sizeof(reason), "%s (batch of %zu, %s)", q->why, q->n,
		 outcome == LRM_HTTP_RETRY ? "gave up after retries"
					  : "not retried");
	if (!run->o->quiet)
		lrm_cli_print(stderr, "%s%s: batch %s..%s failed: %s\n",
			      run->progress ? "\n" : "", program, q->ids[0].id,
			      q->ids[q->n - 1].id, reason);
	for (size_t i = 0; i < q->n; i++)
		if (add_failure(run, q->ids[i].id, reason))
			return -1;
	return 0;
}

/* Fetch one batch, with retries; new entries go into the cache, and what
 * they replace into RUN->undo. */
static lrm_status_t
fetch_batch(struct run *run, CURL *curl, const struct wanted *ids, size_t n,
	    lrm_error_t *err)
{
	struct request q = {.ids = ids, .n = n};
	enum lrm_http_outcome outcome = LRM_HTTP_FAIL;
	lrm_status_t status = LRM_OK;

	q.url = batch_url(run->o->api, ids, n);
	if (!q.url)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (unsigned attempt = 0; attempt < run->o->http.tries; attempt++) {
		outcome = ask(run, curl, &q, attempt, err);
		if (outcome != LRM_HTTP_RETRY)
			break;
	}
	if (outcome == LRM_HTTP_NOMEM)
		status = LRM_ERR_NOMEM;
	else if (outcome == LRM_HTTP_OK ? take_entries(run, &q.feed, ids, n)
				       : fail_batch(run, &q, outcome))
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	lrm_arxiv_feed_clear(&q.feed);
	lrm_buf_free(&q.r.body);
	free(q.url);
	return status;
}

/* Save the cache with the batch IDS[0..N) just fetched.  A cache larger
 * than the reader accepts (LRM_ERR_LIMIT: past LRM_STORE_MAX_BYTES) is
 * not written: the batch fails, its entries are taken back out (a
 * refreshed one gets its previous record back), the file stays as it was
 * and the run goes on.  Any other failure (the disk, a file that is no
 * longer a cache of ours) fails the run: the next batch would fail the
 * same way. */
static lrm_status_t
save_batch(struct run *run, const struct wanted *ids, size_t n,
	   lrm_error_t *err)
{
	char reason[sizeof(err->msg) + 64];
	lrm_status_t status = lrm_abstracts_save(&run->cache, run->o->cache, err);

	if (status != LRM_ERR_LIMIT) {
		if (status == LRM_OK)
			undo_forget(run);
		return status;
	}
	snprintf(reason, sizeof(reason), "not saved: %s", err->msg);
	if (!run->o->quiet)
		lrm_cli_print(stderr, "%s%s: batch %s..%s failed: %s; the cache keeps its "
		    "previous contents\n",
		    run->progress ? "\n" : "", program, ids[0].id, ids[n - 1].id,
		    reason);
	for (size_t i = 0; i < run->undo.n_ids; i++)
		if (add_failure(run, run->undo.ids[i], reason))
			return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	undo_batch(run);
	lrm_error_clear(err);
	return LRM_OK;
}

/* Load the cache PATH into CACHE, or start a new one, and check before any
 * request that a save could replace it: the save checks too
 * (lrm_store_save()), but only once a batch is fetched, and a cache it
 * refuses would have every batch fetched and thrown away.  What the save
 * refuses (lrm_abstracts_check_save(): a FIFO, a device, a directory, a
 * loop of links, a file of another kind) is refused now; a missing or an
 * empty file is a new cache; any other must load (the reader refuses an
 * older format too); and the directory the cache is written in must be
 * writable (a read-only file system, say). */
static lrm_status_t
open_cache(struct lrm_abstracts *cache, const char *path, lrm_error_t *err)
{
	char *target = NULL, *dir = NULL, *slash;
	const char *where;
	struct stat st;
	int exists = 0;
	lrm_status_t status;

	status = lrm_abstracts_check_save(path, err);
	if (!status)
		status = lrm_file_resolve(path, &target, &st, &exists, err);
	if (status)
		goto cleanup;
	/* An empty file holds nothing to lose, and a save replaces it. */
	if (exists && st.st_size > 0) {
		status = lrm_abstracts_load(cache, path, err);
		if (status)
			goto cleanup;
	}
	dir = strdup(target);
	if (!dir) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0'; /* "/cache.yaml": the root */
	else if (slash)
		*slash = '\0';
	where = slash ? dir : ".";
	/* A save writes a temporary file there and renames it. */
	if (access(where, W_OK | X_OK) != 0) {
		if (strcmp(path, target) == 0)
			status = lrm_error_set(err, LRM_ERR_IO,
					       "%s: cannot write the cache: %s: %s",
					       path, where, strerror(errno));
		else
			status = lrm_error_set(err, LRM_ERR_IO,
					       "%s (a link to %s): cannot write "
					       "the cache: %s: %s",
					       path, target, where, strerror(errno));
	}
cleanup:
	if (status)
		lrm_abstracts_clear(cache);
	free(dir);
	free(target);
	return status;
}

/* How alike two titles are: the share of their distinct words they have
 * in common (Jaccard), from 0 to 1. */
static double
title_similarity(const char *a, const char *b)
{
	char *wa = NULL, *wb = NULL;
	size_t common = 0, na = 0, nb = 0;
	double sim = 0;

	if (lrm_text_words(a, strlen(a), &wa, NULL) ||
	    lrm_text_words(b, strlen(b), &wb, NULL))
		goto cleanup;
	for (char *p = wa, *save = NULL, *w; (w = strtok_r(p, " ", &save)); p = NULL) {
		char key[512];

		na++;
		snprintf(key, sizeof(key), " %s ", w);
		{
			char padded[4096];

			snprintf(padded, sizeof(padded), " %s ", wb);
			common += strstr(padded, key) != NULL;
		}
	}
	for (const char *p = wb; *p; p++)
		nb += (p == wb || p[-1] == ' ') && *p != ' ';
	if (na + nb > common)
		sim = (double)common / (double)(na + nb - common);
cleanup:
	free(wa);
	free(wb);
	return sim;
}

static int
wanted_cmp(const void *a, const void *b)
{
	return strcmp(((const struct wanted *)a)->id, ((const struct wanted *)b)->id);
}

/* A paper with no arXiv id to fetch, though it has an arXiv link or id:
 * its id in the dataset, and why (malloc()ed). */
struct skipped {
	const char *paper;
	char *why;
};

/* What to fetch: the dataset's distinct arXiv ids, each with the title of
 * its paper, in id order, and the papers skipped. */
struct wanted_set {
	struct wanted *ids;
	size_t n, cap;
	struct skipped *skipped;
	size_t n_skipped;
};

static void
wanted_set_clear(struct wanted_set *set)
{
	for (size_t i = 0; i < set->n_skipped; i++)
		free(set->skipped[i].why);
	free(set->skipped);
	free(set->ids);
	memset(set, 0, sizeof(*set));
}

static int
add_wanted(struct wanted_set *set, const char *id, const char *title)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct wanted *grown = realloc(set->ids, cap * sizeof(*grown));

		if (!grown)
			return -1;
		set->ids = grown;
		set->cap = cap;
	}
	set->ids[set->n].id = id;
	set->ids[set->n].title = title;
	set->n++;
	return 0;
}

static int
add_skipped(struct wanted_set *set, const char *paper, char *why)
{
	struct skipped *grown = realloc(
		set->skipped, (set->n_skipped + 1) * sizeof(*grown));

	if (!grown) {
		free(why);
		return -1;
	}
	set->skipped = grown;
	grown[set->n_skipped].paper = paper;
	grown[set->n_skipped].why = why;
	set->n_skipped++;
	return 0;
}

/* PAPER's arXiv ids into SET; a paper that has none to fetch but an
 * arXiv link or id that is not valid is skipped, saying why.  The dataset
 * is a file anyone can edit, and an id goes into a URL, so its ids are
 * checked by the rule the list reader follows (lrm_arxiv_id_valid()).  -1
 * when out of memory. */
static int
collect_paper(struct wanted_set *set, const struct lrm_paper *paper)
{
	char *why = NULL;
	int found = 0, r = 0;

	for (size_t j = 0; j < paper->n_listings && r == 0; j++) {
		const struct lrm_listing *l = &paper->listings[j];
		enum lrm_arxiv_link kind;
		char *bad = NULL, *version = NULL;

		if (l->arxiv && lrm_arxiv_id_valid(l->arxiv, strlen(l->arxiv))) {
			found = 1;
			r = add_wanted(set, l->arxiv, paper->title);
		} else if (l->arxiv) {
			if (!why && asprintf(&why, "its arXiv id '%s' is not "
						   "valid",
					     l->arxiv) < 0) {
				why = NULL;
				r = -1;
			}
		} else if (lrm_arxiv_link_parse(l->paper, &kind, &bad, &version,
						NULL)) {
			r = -1;
		} else {
			/* the importer records no id for a malformed arXiv
			 * link (and lint reports it); the link stays */
			if (kind == LRM_ARXIV_LINK_MALFORMED && !why &&
			    asprintf(&why, "its link %s holds no valid arXiv id",
				     l->paper) < 0) {
				why = NULL;
				r = -1;
			}
			free(bad);
			free(version);
		}
	}
	if (r == 0 && why && !found) {
		r = add_skipped(set, paper->id ? paper->id : "?", why);
		why = NULL;
	}
	free(why);
	return r;
}

static int
collect_ids(struct wanted_set *set, const struct lrm_dataset *ds)
{
	size_t out = 0;

	for (size_t i = 0; i < ds->n_papers; i++)
		if (collect_paper(set, &ds->papers[i]))
			return -1;
	if (set->n == 0)
		return 0;
	/* fetch in id order (stable across runs); drop repeats */
	qsort(set->ids, set->n, sizeof(*set->ids), wanted_cmp);
	for (size_t i = 0; i < set->n; i++)
		if (out == 0 || strcmp(set->ids[out - 1].id, set->ids[i].id) != 0)
			set->ids[out++] = set->ids[i];
	set->n = out;
	return 0;
}

/* Read ARGV into O: -1 to go on, else the exit status (after --help, or
 * a usage error said). */
static int
parse_options(int argc, char **argv, struct fetch_options *o)
{
	static const struct option options[] = {
		{"cache", required_argument, NULL, 'c'},
		{"arxiv-url", required_argument, NULL, 'u'},
		{"refresh", no_argument, NULL, 'r'},
		{"delay", required_argument, NULL, 'd'},
		{"batch", required_argument, NULL, 'b'},
		{"timeout", required_argument, NULL, 't'},
		{"tries", required_argument, NULL, 'n'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	double v;
	int opt;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:u:rd:b:t:n:qh", options, NULL)) !=
	       -1) {
		switch (opt) {
		case 'c':
			o->cache = optarg;
			break;
		case 'u':
			o->api = optarg;
			break;
		case 'r':
			o->refresh = 1;
			break;
		case 'd':
		case 't':
		case 'n':
			if (lrm_http_option(&o->http, opt, optarg, program))
				return LRM_EXIT_ERROR;
			break;
		case 'b':
			if (lrm_cli_parse_number(optarg, 1, 2000, &v) ||
			    v != floor(v)) {
				lrm_cli_error(program, "invalid batch size '%s': "
					      "expected a number", optarg);
				return LRM_EXIT_ERROR;
			}
			o->batch = (unsigned)v;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return LRM_EXIT_OK;
		default:
			lrm_cli_bad_option(program, opt, argv[optind - 1], optopt);
			return LRM_EXIT_ERROR;
		}
	}
	if (argc - optind > 1) {
		lrm_cli_error(program, "one dataset at most");
		lrm_cli_try_help(program);
		return LRM_EXIT_ERROR;
	}
	if (optind < argc)
		o->dataset = argv[optind];
	if (strncmp(o->api, "http://", 7) != 0 && strncmp(o->api, "https://", 8) != 0) {
		lrm_cli_error(program, "invalid --arxiv-url '%s': expected an "
			      "http:// or https:// URL", o->api);
		return LRM_EXIT_ERROR;
	}
	return -1;
}

/* What to fetch: SET's ids that the cache lacks (all of them with
 * --refresh) into *TODO (malloc()ed, *N_TODO of them), in SET's order;
 * *CACHED counts the others.  -1 when out of memory. */
static int
plan(const struct run *run, const struct wanted_set *set,
     struct wanted **todo, size_t *n_todo, size_t *cached)
{
	*todo = calloc(set->n ? set->n : 1, sizeof(**todo));
	if (!*todo)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		if (!run->o->refresh &&
		    lrm_abstracts_find(&run->cache, set->ids[i].id))
			(*cached)++;
		else
			(*todo)[(*n_todo)++] = set->ids[i];
	}
	return 0;
}

/* Fetch TODO[0..N) batch by batch, saving the cache after each batch that
 * added something: a run killed later keeps it. */
static lrm_status_t
fetch_all(struct run *run, const struct wanted *todo, size_t n,
	  lrm_error_t *err)
{
	size_t batch = run->o->batch;
	CURL *curl = NULL;
	lrm_status_t status = LRM_OK;
	double started;

	if (n) {
		curl = lrm_http_open();
		if (!curl) {
			status = lrm_error_set(err, LRM_ERR_IO,
					       "cannot start libcurl");
			goto cleanup;
		}
	}
	started = lrm_http_now();
	for (size_t at = 0; at < n; at += batch) {
		size_t k = n - at < batch ? n - at : batch;
		size_t before = run->fetched;

		show_progress(run, at, n, started);
		undo_begin(run);
		status = fetch_batch(run, curl, todo + at, k, err);
		if (!status && run->fetched > before)
			status = save_batch(run, todo + at, k, err);
		if (status)
			goto cleanup;
	}
	show_progress(run, n, n, started);
	if (run->progress && n)
		fputc('\n', stderr);
cleanup:
	lrm_http_close(curl);
	return status;
}

/* The summary: what was fetched, cached, failed and skipped, why each
 * failure and skip, and the papers arXiv knows by another title. */
static void
print_summary(const struct run *run, const struct wanted_set *set,
	      const struct wanted *todo, size_t n_todo, size_t cached)
{
	lrm_cli_print(stderr, "%s: %zu fetched, %zu cached already, %zu failed, %zu "
	    "skipped (%zu arXiv papers in %s)\n",
	    program, run->fetched, cached, run->n_failures, set->n_skipped,
	    set->n, run->o->dataset);
	for (size_t i = 0; i < set->n_skipped; i++)
		lrm_cli_print(stderr, "  skipped '%s': %s\n", set->skipped[i].paper,
		    set->skipped[i].why);
	for (size_t i = 0; i < run->n_failures; i++)
		lrm_cli_print(stderr, "  failed %s: %s\n", run->failures[i].id,
		    run->failures[i].why);
	/* A list that links the wrong paper shows as a title arXiv does not
	 * know. */
	for (size_t i = 0; i < n_todo; i++) {
		const struct lrm_abstract *a =
			lrm_abstracts_find(&run->cache, todo[i].id);

		if (a && a->title &&
		    title_similarity(todo[i].title, a->title) < 0.5)
			lrm_cli_print(stderr, "  title mismatch %s: the list says '%s', "
			    "arXiv says '%s'\n",
			    todo[i].id, todo[i].title, a->title);
	}
}

static void
run_clear(struct run *run)
{
	for (size_t i = 0; i < run->n_failures; i++) {
		free(run->failures[i].id);
		free(run->failures[i].why);
	}
	free(run->failures);
	undo_free(run);
	lrm_abstracts_clear(&run->cache);
}

int
lrm_cmd_fetch(int argc, char **argv)
{
	struct fetch_options o = {
		.api = DEFAULT_API,
		.cache = LRM_DEFAULT_ABSTRACTS,
		.dataset = LRM_DEFAULT_DATASET,
		.http = {.delay = 3, .timeout = 30, .tries = 4},
		.batch = 20,
	};
	struct run run = {0};
	struct lrm_dataset dataset = {0};
	struct wanted_set set = {0};
	struct wanted *todo = NULL;
	size_t n_todo = 0, cached = 0;
	lrm_error_t err = {0};
	int ret = parse_options(argc, argv, &o);

	if (ret >= 0)
		return ret;
	ret = LRM_EXIT_ERROR;
	run.o = &o;
	run.progress = !o.quiet && isatty(STDERR_FILENO);
	/* A missing or empty cache is a new one; a damaged one, or one a
	 * save could not replace, stops the run before any request. */
	if (lrm_dataset_load(&dataset, o.dataset, &err) ||
	    open_cache(&run.cache, o.cache, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (collect_ids(&set, &dataset) ||
	    plan(&run, &set, &todo, &n_todo, &cached)) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	if (fetch_all(&run, todo, n_todo, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!o.quiet)
		print_summary(&run, &set, todo, n_todo, cached);
	ret = run.n_failures ? LRM_EXIT_NOMATCH : LRM_EXIT_OK;
cleanup:
	run_clear(&run);
	free(todo);
	wanted_set_clear(&set);
	lrm_dataset_clear(&dataset);
	return ret;
}
