/* bench/bench_fts5.c - the SQLite FTS5 peer for bench_query: the same
 * papers in an FTS5 table (built by bench_fts5_index), the ten best by
 * BM25, and a COUNT of every match. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#ifdef LRM_BENCH_FTS5
#include <sqlite3.h>

struct session {
	sqlite3 *db;
	sqlite3_stmt *top, *count;
	enum bench_count count_mode;
};

static void
fts5_close(void *p)
{
	struct session *s = p;

	if (!s)
		return;
	sqlite3_finalize(s->top);
	sqlite3_finalize(s->count);
	sqlite3_close(s->db);
	free(s);
}

static void *
fts5_open(const char *index, enum bench_count count, char *err, size_t errlen)
{
	struct session *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->count_mode = count;
	/* One connection per thread, so no mutex of SQLite's is shared. */
	if (sqlite3_open_v2(index, &s->db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "SELECT id, title FROM papers WHERE papers MATCH ?1 "
			       "ORDER BY " BENCH_FTS5_RANK " LIMIT 10",
			       -1, &s->top, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "SELECT count(*) FROM papers WHERE papers MATCH ?1",
			       -1, &s->count, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", index,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		fts5_close(s);
		return NULL;
	}
	return s;
}

static int
fts5_run(void *p, const char *query, unsigned *matches, char *err,
	 size_t errlen)
{
	struct session *s = p;
	unsigned rows = 0;
	int rc;

	sqlite3_bind_text(s->top, 1, query, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s->top)) == SQLITE_ROW) {
		/* read what a result shows, as the Xapian side does */
		const unsigned char *id = sqlite3_column_text(s->top, 0);
		const unsigned char *title = sqlite3_column_text(s->top, 1);

		rows += id && title;
	}
	sqlite3_reset(s->top);
	if (rc != SQLITE_DONE)
		goto fail;
	*matches = rows;
	if (s->count_mode != BENCH_COUNT_EXACT)
		return 0;
	sqlite3_bind_text(s->count, 1, query, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->count);
	if (rc == SQLITE_ROW)
		*matches = (unsigned)sqlite3_column_int64(s->count, 0);
	sqlite3_reset(s->count);
	if (rc != SQLITE_ROW)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	return -1;
}

const struct bench_engine bench_engine_fts5 = {
	.name = "fts5",
	.column = 2,
	.open = fts5_open,
	.run = fts5_run,
	.close = fts5_close,
};
#endif /* LRM_BENCH_FTS5 */
