/* bench/bench.h - what the warm-latency harness (bench_query.c) and the
 * engines it drives (bench_xapian.c, bench_fts5.c) share.
 *
 * An engine opens one session per thread over an index and runs queries
 * through it: the ten best matches with their id and title, and how many
 * papers match in all.  lrmsearch's engine is the library's search
 * (lrm_search_run(), what lrmsearch runs), spelling check included;
 * engine against engine, neither side makes snippets.  The harness times
 * each run.
 */
#ifndef LRM_BENCH_H
#define LRM_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include "lrm/abstracts.h"
#include "lrm/paper.h"

/* bench/common.c: what the benchmark programs share. */

/* The monotonic clock, in seconds. */
double bench_now(void);
/* qsort() comparison of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);
/* S as a JSON string, quotes included, on OUT. */
void bench_json_string(FILE *out, const char *s);
/* Move the records of FROM to the end of TO (FROM is left empty; TO's
 * abstracts are indexed by id); 0, or -1 when out of memory.  Large
 * corpora come in parts. */
int bench_join_papers(struct lrm_dataset *to, struct lrm_dataset *from);
int bench_join_abstracts(struct lrm_abstracts *to, struct lrm_abstracts *from);

/* How a session counts matches. */
enum bench_count {
	BENCH_COUNT_EXACT,    /* every match counted (lrmsearch up to 10,000
				 papers, and always with --json) */
	BENCH_COUNT_ESTIMATE, /* the engine's estimate: Xapian's top-k
				 matcher stops early; FTS5 has no estimate and
				 counts nothing */
};

struct bench_engine {
	const char *name; /* "lrm", "fts5" */
	/* Which column of bench/queries.txt holds this engine's query: 1 for
	 * lrmsearch's syntax, 2 for FTS5's. */
	int column;
	/* A session over INDEX for one thread; NULL on failure, with a
	 * message in ERR (ERRLEN bytes). */
	void *(*open)(const char *index, enum bench_count count, char *err,
		      size_t errlen);
	/* Run QUERY: the top 10 and the number of matches (*MATCHES; with
	 * BENCH_COUNT_ESTIMATE maybe an estimate, for FTS5 the number of
	 * rows returned).  0 on success, -1 with a message in ERR. */
	int (*run)(void *session, const char *query, unsigned *matches,
		   char *err, size_t errlen);
	/* Close a session; accepts NULL. */
	void (*close)(void *session);
};

/* The FTS5 peer's table (bench_fts5_index builds it): the fields lrmsearch
 * searches with bare words, Porter-stemmed as lrmsearch stems English, and
 * ranked by BM25 with a title word weighing five times an abstract word,
 * as lrmsearch ranks.  "year" holds the year of the paper's primary listing
 * ("2025"), "date" its month as a word ("m202503"), the values lrmsearch's
 * ranges compare, so year and month ranges become ORs of words. */
#define BENCH_FTS5_SCHEMA                                                   \
	"CREATE VIRTUAL TABLE papers USING fts5(title, abstract, authors, "   \
	"venue, section, year, date, id UNINDEXED, "                         \
	"tokenize = 'porter unicode61 remove_diacritics 2')"
#define BENCH_FTS5_RANK "bm25(papers, 5.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0)"

extern const struct bench_engine bench_engine_xapian;
#ifdef LRM_BENCH_FTS5
extern const struct bench_engine bench_engine_fts5;
#endif

#endif /* LRM_BENCH_H */
