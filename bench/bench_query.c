/* bench/bench_query.c - warm query latency.
 *
 *   bench_query --engine lrm|fts5 --index PATH --queries FILE
 *               [--reps R] [--threads 1,2] [--count exact|estimate]
 *               [--label TEXT] [--max-seconds S]
 *
 * Opens the index once per thread, runs every query of FILE (see
 * bench/queries.txt) once to warm up and then R times, and prints JSON
 * lines: per query class and overall, the 50th, 95th and 99th percentile
 * and the maximum latency in microseconds, and queries per second; per
 * query, its match count and median.  With several thread counts, each
 * thread has its own session (database handle, parser, enquire or SQLite
 * connection) and runs the whole set, starting at a different query.
 *
 * A query that fails (a parse error, a failed search) is an error: the
 * program exits 2, so a benchmark never silently measures an error path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static const char *const program = "bench_query";

#define MAX_THREADS 64

struct query {
	char *class;
	char *text; /* this engine's column */
	char *lrm;  /* lrmsearch's, to name the query in the output */
};

struct queries {
	struct query *items;
	size_t n;
};

struct options {
	const struct bench_engine *engine;
	const char *index, *queries, *label;
	unsigned reps;
	unsigned threads[8];
	size_t n_threads;
	enum bench_count count;
	double max_seconds;
};

/* One thread's work and what it measured. */
struct worker {
	const struct options *o;
	const struct queries *q;
	pthread_barrier_t *start;
	unsigned index;	  /* 0-based thread number */
	unsigned nthreads;
	double *lat;	  /* [rep][query], wall-clock microseconds */
	double *cpu;	  /* [rep][query], the thread's CPU microseconds */
	unsigned reps_done;
	unsigned *matches; /* per query, from the warm-up pass */
	double open_ms;
	int failed;
	char err[1024];
};


/* CPU time of the calling thread: unlike the wall clock, it does not
 * count time spent waiting for a core the machine's other work holds. */
static double
thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


/* ------------------------------------------------------------------ */
/* The query file                                                     */
/* ------------------------------------------------------------------ */

static void
queries_clear(struct queries *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->items[i].class);
		free(q->items[i].text);
		free(q->items[i].lrm);
	}
	free(q->items);
	q->items = NULL;
	q->n = 0;
}

/* Read PATH: "class TAB lrmsearch query TAB fts5 query" lines; '#'
 * starts a comment line.  COLUMN (1 or 2) picks the query to run. */
static int
queries_load(struct queries *q, const char *path, int column)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int ret = -1;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *fields[3], *save = NULL, *p = line;
		struct query *grown;
		int n = 0;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		for (char *t = strtok_r(p, "\t", &save); t && n < 3;
		     t = strtok_r(NULL, "\t", &save))
			fields[n++] = t;
		if (n != 3) {
			fprintf(stderr, "%s: %s:%zu: expected class, lrmsearch "
				"query and FTS5 query separated by tabs\n",
				program, path, lineno);
			goto cleanup;
		}
		grown = realloc(q->items, (q->n + 1) * sizeof(*q->items));
		if (!grown)
			goto cleanup;
		q->items = grown;
		q->items[q->n].class = strdup(fields[0]);
		q->items[q->n].text = strdup(fields[column]);
		q->items[q->n].lrm = strdup(fields[1]);
		q->n++;
		if (!q->items[q->n - 1].class || !q->items[q->n - 1].text ||
		    !q->items[q->n - 1].lrm)
			goto cleanup;
	}
	if (q->n == 0) {
		fprintf(stderr, "%s: %s: no queries\n", program, path);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(line);
	fclose(f);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Running                                                            */
/* ------------------------------------------------------------------ */

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	const struct options *o = w->o;
	const struct queries *q = w->q;
	size_t first = (size_t)w->index * q->n / w->nthreads;
	double t0 = bench_now(), deadline;
	void *s;

	s = o->engine->open(o->index, o->count, w->err, sizeof(w->err));
	w->open_ms = (bench_now() - t0) * 1e3;
	/* warm up: every query once, keeping its match count */
	for (size_t i = 0; s && i < q->n && !w->failed; i++)
		if (o->engine->run(s, q->items[i].text, &w->matches[i], w->err,
				   sizeof(w->err))) {
			char detail[1024];

			snprintf(detail, sizeof(detail), "%s", w->err);
			snprintf(w->err, sizeof(w->err), "query '%.200s': %.700s",
				 q->items[i].text, detail);
			w->failed = 1;
		}
	if (!s)
		w->failed = 1;
	pthread_barrier_wait(w->start);
	deadline = bench_now() + o->max_seconds;
	for (unsigned r = 0; r < o->reps && !w->failed; r++) {
		for (size_t k = 0; k < q->n; k++) {
			size_t i = (first + k) % q->n;
			unsigned m;
			/* the CPU clock read outside the wall-clock window */
			double c = thread_cpu(), a = bench_now(), b;

			if (o->engine->run(s, q->items[i].text, &m, w->err,
					   sizeof(w->err))) {
				w->failed = 1;
				break;
			}
			b = bench_now();
			w->lat[(size_t)r * q->n + i] = (b - a) * 1e6;
			w->cpu[(size_t)r * q->n + i] = (thread_cpu() - c) * 1e6;
		}
		if (!w->failed)
			w->reps_done = r + 1;
		/* past the time limit: stop after a whole pass */
		if (o->max_seconds > 0 && bench_now() > deadline)
			break;
	}
	o->engine->close(s);
	return NULL;
}


/* The P-th percentile (nearest rank) of the N sorted values V. */
static double
percentile(const double *v, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);

	return n == 0 ? 0 : v[rank ? rank - 1 : 0];
}

/* Print the statistics of the N latencies V (wall) and C (CPU), which
 * are sorted in place. */
static void
print_stats(const struct options *o, unsigned threads, const char *class,
	    double *v, double *c, size_t n, double wall)
{
	double sum = 0;

	qsort(v, n, sizeof(*v), bench_cmp_double);
	qsort(c, n, sizeof(*c), bench_cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	printf("{\"type\": \"warm\", \"engine\": \"%s\", \"count\": \"%s\", "
	       "\"label\": ",
	       o->engine->name,
	       o->count == BENCH_COUNT_EXACT ? "exact" : "estimate");
	bench_json_string(stdout, o->label);
	printf(", \"threads\": %u, \"class\": \"%s\", \"n\": %zu, "
	       "\"p50_us\": %.1f, \"p95_us\": %.1f, \"p99_us\": %.1f, "
	       "\"max_us\": %.1f, \"mean_us\": %.1f, \"cpu_p50_us\": %.1f, "
	       "\"cpu_p95_us\": %.1f, \"cpu_p99_us\": %.1f",
	       threads, class, n, percentile(v, n, 50), percentile(v, n, 95),
	       percentile(v, n, 99), n ? v[n - 1] : 0, n ? sum / (double)n : 0,
	       percentile(c, n, 50), percentile(c, n, 95), percentile(c, n, 99));
	if (wall > 0)
		printf(", \"qps\": %.1f, \"wall_s\": %.3f", (double)n / wall, wall);
	printf("}\n");
}

/* Run the set with THREADS threads and print what they measured. */
static int
run_threads(const struct options *o, const struct queries *q, unsigned threads)
{
	struct worker w[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	pthread_barrier_t start;
	double *all = NULL, *cls = NULL, *all_cpu = NULL, *cls_cpu = NULL;
	double t0, wall;
	size_t n_all = 0, started = 0;
	int ret = -1;

	memset(w, 0, sizeof(w));
	if (pthread_barrier_init(&start, NULL, threads + 1) != 0)
		return -1;
	for (unsigned t = 0; t < threads; t++) {
		w[t].o = o;
		w[t].q = q;
		w[t].start = &start;
		w[t].index = t;
		w[t].nthreads = threads;
		w[t].lat = calloc((size_t)o->reps * q->n, sizeof(double));
		w[t].cpu = calloc((size_t)o->reps * q->n, sizeof(double));
		w[t].matches = calloc(q->n, sizeof(unsigned));
		if (!w[t].lat || !w[t].cpu || !w[t].matches) {
			fprintf(stderr, "%s: out of memory\n", program);
			goto cleanup;
		}
	}
	for (unsigned t = 0; t < threads; t++) {
		if (pthread_create(&tid[t], NULL, worker_main, &w[t]) != 0) {
			fprintf(stderr, "%s: cannot start a thread\n", program);
			/* the barrier waits for every thread: cannot go on */
			exit(2);
		}
		started++;
	}
	pthread_barrier_wait(&start);
	t0 = bench_now();
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	wall = bench_now() - t0;
	for (unsigned t = 0; t < threads; t++)
		if (w[t].failed) {
			fprintf(stderr, "%s: %s: %s\n", program, o->engine->name,
				w[t].err);
			goto cleanup;
		}

	all = malloc((size_t)threads * o->reps * q->n * sizeof(double));
	cls = malloc((size_t)threads * o->reps * q->n * sizeof(double));
	all_cpu = malloc((size_t)threads * o->reps * q->n * sizeof(double));
	cls_cpu = malloc((size_t)threads * o->reps * q->n * sizeof(double));
	if (!all || !cls || !all_cpu || !cls_cpu)
		goto cleanup;
	for (unsigned t = 0; t < threads; t++)
		for (size_t k = 0; k < (size_t)w[t].reps_done * q->n; k++) {
			all_cpu[n_all] = w[t].cpu[k];
			all[n_all++] = w[t].lat[k];
		}
	print_stats(o, threads, "all", all, all_cpu, n_all, wall);
	/* per class, in the order the file names them */
	for (size_t c = 0; c < q->n; c++) {
		size_t n = 0;
		int seen = 0;

		for (size_t e = 0; e < c && !seen; e++)
			seen = strcmp(q->items[e].class, q->items[c].class) == 0;
		if (seen)
			continue;
		for (unsigned t = 0; t < threads; t++)
			for (unsigned r = 0; r < w[t].reps_done; r++)
				for (size_t i = 0; i < q->n; i++)
					if (strcmp(q->items[i].class,
						   q->items[c].class) == 0) {
						cls_cpu[n] = w[t].cpu[(size_t)r * q->n + i];
						cls[n++] = w[t].lat[(size_t)r * q->n + i];
					}
		print_stats(o, threads, q->items[c].class, cls, cls_cpu, n, 0);
	}
	/* per query, with one thread */
	for (size_t i = 0; threads == 1 && i < q->n; i++) {
		size_t n = 0;

		for (unsigned r = 0; r < w[0].reps_done; r++)
			cls[n++] = w[0].lat[(size_t)r * q->n + i];
		qsort(cls, n, sizeof(*cls), bench_cmp_double);
		printf("{\"type\": \"query\", \"engine\": \"%s\", \"count\": "
		       "\"%s\", \"label\": ",
		       o->engine->name,
		       o->count == BENCH_COUNT_EXACT ? "exact" : "estimate");
		bench_json_string(stdout, o->label);
		printf(", \"class\": \"%s\", \"query\": ", q->items[i].class);
		bench_json_string(stdout, q->items[i].lrm);
		printf(", \"engine_query\": ");
		bench_json_string(stdout, q->items[i].text);
		printf(", \"matches\": %u, \"p50_us\": %.1f, \"max_us\": %.1f}\n",
		       w[0].matches[i], percentile(cls, n, 50),
		       n ? cls[n - 1] : 0);
	}
	printf("{\"type\": \"session\", \"engine\": \"%s\", \"label\": ",
	       o->engine->name);
	bench_json_string(stdout, o->label);
	printf(", \"threads\": %u, \"open_ms\": %.3f, \"reps\": %u}\n", threads,
	       w[0].open_ms, w[0].reps_done);
	ret = 0;
cleanup:
	for (unsigned t = 0; t < threads; t++) {
		free(w[t].lat);
		free(w[t].cpu);
		free(w[t].matches);
	}
	free(all);
	free(cls);
	free(all_cpu);
	free(cls_cpu);
	pthread_barrier_destroy(&start);
	return ret;
}

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s --engine ENGINE --index PATH --queries FILE [OPTION]...\n"
		"Warm query latency: open the index once per thread, run every\n"
		"query R times, print JSON lines.\n"
		"\n"
		"  -e, --engine=ENGINE   lrm (the index through the C binding)"
#ifdef LRM_BENCH_FTS5
		" or fts5\n"
#else
		"\n                        (built without SQLite: no fts5)\n"
#endif
		"  -i, --index=PATH      lrmsearch index directory, or FTS5 file\n"
		"  -q, --queries=FILE    class TAB lrm query TAB fts5 query lines\n"
		"  -r, --reps=R          timed runs of each query (default 20)\n"
		"  -t, --threads=LIST    thread counts, e.g. 1,2 (default 1)\n"
		"  -c, --count=MODE      exact (default) or estimate\n"
		"  -l, --label=TEXT      copied into every line (e.g. the size)\n"
		"  -m, --max-seconds=S   stop repeating after S seconds\n"
		"  -h, --help            display this help and exit\n",
		program);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"engine", required_argument, NULL, 'e'},
		{"index", required_argument, NULL, 'i'},
		{"queries", required_argument, NULL, 'q'},
		{"reps", required_argument, NULL, 'r'},
		{"threads", required_argument, NULL, 't'},
		{"count", required_argument, NULL, 'c'},
		{"label", required_argument, NULL, 'l'},
		{"max-seconds", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {.reps = 20, .threads = {1}, .n_threads = 1,
			    .label = ""};
	struct queries q = {0};
	int opt, ret = 2;

	while ((opt = getopt_long(argc, argv, "e:i:q:r:t:c:l:m:h", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'e':
			if (strcmp(optarg, "lrm") == 0)
				o.engine = &bench_engine_xapian;
#ifdef LRM_BENCH_FTS5
			else if (strcmp(optarg, "fts5") == 0)
				o.engine = &bench_engine_fts5;
#endif
			else {
				fprintf(stderr, "%s: unknown engine '%s'\n",
					program, optarg);
				return 2;
			}
			break;
		case 'i':
			o.index = optarg;
			break;
		case 'q':
			o.queries = optarg;
			break;
		case 'r':
			o.reps = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 't': {
			char *save = NULL, *copy = strdup(optarg);

			o.n_threads = 0;
			for (char *t = strtok_r(copy, ",", &save);
			     t && o.n_threads < 8; t = strtok_r(NULL, ",", &save))
				o.threads[o.n_threads++] =
					(unsigned)strtoul(t, NULL, 10);
			free(copy);
			break;
		}
		case 'c':
			if (strcmp(optarg, "exact") == 0)
				o.count = BENCH_COUNT_EXACT;
			else if (strcmp(optarg, "estimate") == 0)
				o.count = BENCH_COUNT_ESTIMATE;
			else {
				fprintf(stderr, "%s: --count: exact or estimate\n",
					program);
				return 2;
			}
			break;
		case 'l':
			o.label = optarg;
			break;
		case 'm':
			o.max_seconds = strtod(optarg, NULL);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!o.engine || !o.index || !o.queries || o.reps == 0 ||
	    o.n_threads == 0 || optind != argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < o.n_threads; i++)
		if (o.threads[i] < 1 || o.threads[i] > MAX_THREADS) {
			fprintf(stderr, "%s: threads: 1 to %d\n", program,
				MAX_THREADS);
			return 2;
		}
	if (queries_load(&q, o.queries, o.engine->column))
		goto cleanup;
	for (size_t i = 0; i < o.n_threads; i++)
		if (run_threads(&o, &q, o.threads[i]))
			goto cleanup;
	if (fflush(stdout) != 0)
		goto cleanup;
	ret = 0;
cleanup:
	queries_clear(&q);
	return ret;
}
