/* bench/fts5_index.c - the SQLite FTS5 peer's index, from the very YAML
 * files lrmindex reads (read through liblrm, so both pay for the same
 * parsing).
 *
 *   bench_fts5_index build  DB DATASET... [--abstracts FILE]...
 *   bench_fts5_index update DB DATASET... [--abstracts FILE]...
 *
 * build makes DB anew: one transaction of INSERTs, then FTS5's 'optimize'
 * (one b-tree, as a compacted Xapian database is one).  update is what an
 * incremental FTS5 indexer does: a paper whose text changed is replaced,
 * a new one added, one no longer in the dataset deleted, found through a
 * side table of ids and content hashes.  Each prints one JSON line with
 * its timings.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lrm/abstracts.h"
#include "lrm/buf.h"
#include "lrm/paper.h"

static const char *const program = "bench_fts5_index";

#ifdef LRM_BENCH_FTS5
#include <sqlite3.h>

#include "bench.h"


/* A column of a row holds what one YAML file of at most 64 MB (what
 * liblrm reads) can give it. */
#define MAX_COLUMN ((size_t)64 << 20)

/* Append S to the column B, after a space unless B is empty. */
static void
col_add(struct lrm_buf *b, const char *s)
{
	if (b->len)
		lrm_buf_addc(b, ' ');
	lrm_buf_adds(b, s);
}

/* The columns of one paper's row, as BENCH_FTS5_SCHEMA orders them. */
enum { C_TITLE, C_ABSTRACT, C_AUTHORS, C_VENUE, C_SECTION, C_YEAR, C_DATE,
       N_COLS };

static void
paper_row(const struct lrm_paper *p, const struct lrm_abstract *a,
	  struct lrm_buf cols[N_COLS])
{
	const struct lrm_listing *primary;

	for (int c = 0; c < N_COLS; c++)
		lrm_buf_reset(&cols[c]);
	col_add(&cols[C_TITLE], p->title);
	if (a && a->abstract)
		col_add(&cols[C_ABSTRACT], a->abstract);
	for (size_t i = 0; a && i < a->n_authors; i++)
		col_add(&cols[C_AUTHORS], a->authors[i]);
	for (size_t i = 0; i < p->n_listings; i++) {
		const struct lrm_listing *l = &p->listings[i];

		if (l->venue_name)
			col_add(&cols[C_VENUE], l->venue_name);
		if (l->section)
			col_add(&cols[C_SECTION], l->section);
	}
	/* year and month of the paper's primary listing, the values that
	 * lrmsearch's year:A..B and date:A..B ranges compare */
	primary = lrm_paper_primary(p);
	if (primary && primary->date && strlen(primary->date) == 7) {
		char word[32];

		snprintf(word, sizeof(word), "%.4s", primary->date);
		col_add(&cols[C_YEAR], word);
		snprintf(word, sizeof(word), "m%.4s%.2s", primary->date,
			 primary->date + 5);
		col_add(&cols[C_DATE], word);
	}
}

static uint64_t
row_hash(const struct lrm_buf cols[N_COLS])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int c = 0; c < N_COLS; c++) {
		for (const char *s = lrm_buf_str(&cols[c]); *s; s++) {
			h ^= (unsigned char)*s;
			h *= 0x100000001b3ULL;
		}
		h ^= 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The cached abstract of P (its first listing with one), or NULL. */
static const struct lrm_abstract *
find_abstract(const struct lrm_abstracts *abs, const struct lrm_paper *p)
{
	for (size_t i = 0; i < p->n_listings; i++) {
		const struct lrm_abstract *a =
			lrm_abstracts_find(abs, p->listings[i].arxiv);

		if (a)
			return a;
	}
	return NULL;
}

static int
exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: %s\n", program, sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static long long
file_bytes(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_blocks * 512 : 0;
}

int
main(int argc, char **argv)
{
	struct lrm_dataset ds = {0}, dpart = {0};
	struct lrm_abstracts abs = {0}, apart = {0};
	struct lrm_buf cols[N_COLS];
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL, *find = NULL, *upd = NULL, *put = NULL,
		     *del = NULL, *gone = NULL;
	lrm_error_t err = {0};
	const char *mode, *path;
	double t0, t_load, t_index, t_end;
	size_t added = 0, changed = 0, removed = 0;
	int build, ret = 2;

	for (int c = 0; c < N_COLS; c++)
		lrm_buf_init(&cols[c], MAX_COLUMN);
	if (argc < 4 ||
	    (strcmp(argv[1], "build") != 0 && strcmp(argv[1], "update") != 0)) {
		fprintf(stderr,
			"Usage: %s build|update DB DATASET... "
			"[--abstracts FILE]...\n",
			program);
		return 2;
	}
	mode = argv[1];
	path = argv[2];
	build = strcmp(mode, "build") == 0;
	t0 = bench_now();
	for (int i = 3; i < argc; i++) {
		int is_abstracts = strcmp(argv[i], "--abstracts") == 0;

		if (is_abstracts && ++i == argc) {
			fprintf(stderr, "%s: --abstracts needs a file\n", program);
			goto cleanup;
		}
		if (is_abstracts ? lrm_abstracts_load(&apart, argv[i], &err)
				 : lrm_dataset_load(&dpart, argv[i], &err)) {
			fprintf(stderr, "%s: %s\n", program, err.msg);
			goto cleanup;
		}
		if (is_abstracts ? bench_join_abstracts(&abs, &apart)
				 : bench_join_papers(&ds, &dpart))
			goto nomem;
	}
	t_load = bench_now();

	if (build)
		unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: %s\n", program, path,
			db ? sqlite3_errmsg(db) : "out of memory");
		goto cleanup;
	}
	if ((build && (exec_sql(db, BENCH_FTS5_SCHEMA) ||
		       exec_sql(db, "CREATE TABLE ids(id TEXT PRIMARY KEY, "
				    "row INTEGER, hash INTEGER, seen INTEGER)"))) ||
	    exec_sql(db, "PRAGMA synchronous = NORMAL") ||
	    exec_sql(db, "BEGIN") || exec_sql(db, "UPDATE ids SET seen = 0"))
		goto cleanup;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO papers(title, abstract, authors, venue, "
			       "section, year, date, id) VALUES (?1, ?2, ?3, ?4, "
			       "?5, ?6, ?7, ?8)",
			       -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT row, hash FROM ids WHERE id = ?1", -1,
			       &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "UPDATE papers SET title = ?1, abstract = ?2, "
			       "authors = ?3, venue = ?4, section = ?5, year = ?6, "
			       "date = ?7 WHERE rowid = ?9",
			       -1, &upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO ids(id, row, hash, seen) "
			       "VALUES (?1, ?2, ?3, 1)",
			       -1, &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "DELETE FROM papers WHERE rowid IN "
			       "(SELECT row FROM ids WHERE seen = 0)",
			       -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "DELETE FROM ids WHERE seen = 0", -1, &gone,
			       NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", program, sqlite3_errmsg(db));
		goto cleanup;
	}
	for (size_t i = 0; i < ds.n_papers; i++) {
		const struct lrm_paper *p = &ds.papers[i];
		sqlite3_int64 row = 0;
		uint64_t hash;
		int found = 0, rc;
		sqlite3_stmt *write;

		paper_row(p, find_abstract(&abs, p), cols);
		for (int c = 0; c < N_COLS; c++)
			if (cols[c].status)
				goto nomem;
		hash = row_hash(cols);
		if (!build) {
			sqlite3_bind_text(find, 1, p->id, -1, SQLITE_STATIC);
			rc = sqlite3_step(find);
			if (rc == SQLITE_ROW) {
				found = 1;
				row = sqlite3_column_int64(find, 0);
				if ((uint64_t)sqlite3_column_int64(find, 1) == hash)
					found = 2; /* unchanged */
			}
			sqlite3_reset(find);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
				fprintf(stderr, "%s: %s\n", program,
					sqlite3_errmsg(db));
				goto cleanup;
			}
		}
		if (found != 2) {
			write = found ? upd : ins;
			for (int c = 0; c < N_COLS; c++)
				sqlite3_bind_text(write, c + 1,
						  lrm_buf_str(&cols[c]), -1,
						  SQLITE_STATIC);
			if (found)
				sqlite3_bind_int64(write, 9, row);
			else
				sqlite3_bind_text(write, 8, p->id, -1,
						  SQLITE_STATIC);
			rc = sqlite3_step(write);
			sqlite3_reset(write);
			if (rc != SQLITE_DONE) {
				fprintf(stderr, "%s: %s\n", program,
					sqlite3_errmsg(db));
				goto cleanup;
			}
			if (!found)
				row = sqlite3_last_insert_rowid(db);
			changed += found == 1;
			added += found == 0;
		}
		sqlite3_bind_text(put, 1, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(put, 2, row);
		sqlite3_bind_int64(put, 3, (sqlite3_int64)hash);
		rc = sqlite3_step(put);
		sqlite3_reset(put);
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "%s: %s\n", program, sqlite3_errmsg(db));
			goto cleanup;
		}
	}
	if (sqlite3_step(del) != SQLITE_DONE) {
		fprintf(stderr, "%s: %s\n", program, sqlite3_errmsg(db));
		goto cleanup;
	}
	removed = (size_t)sqlite3_changes(db);
	if (sqlite3_step(gone) != SQLITE_DONE ||
	    exec_sql(db, "COMMIT"))
		goto cleanup;
	t_index = bench_now();
	/* Merge FTS5's segments into one b-tree, as Xapian's compaction
	 * makes one database. */
	if (build &&
	    exec_sql(db, "INSERT INTO papers(papers) VALUES('optimize')"))
		goto cleanup;
	sqlite3_finalize(ins);
	sqlite3_finalize(find);
	sqlite3_finalize(upd);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	sqlite3_finalize(gone);
	ins = find = upd = put = del = gone = NULL;
	if (sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: cannot close\n", program, path);
		db = NULL;
		goto cleanup;
	}
	db = NULL;
	t_end = bench_now();
	printf("{\"type\": \"fts5_%s\", \"docs\": %zu, \"added\": %zu, "
	       "\"changed\": %zu, \"removed\": %zu, \"load_s\": %.3f, "
	       "\"index_s\": %.3f, \"optimize_s\": %.3f, \"total_s\": %.3f, "
	       "\"bytes\": %lld}\n",
	       mode, ds.n_papers, added, changed, removed, t_load - t0,
	       t_index - t_load, t_end - t_index, t_end - t0, file_bytes(path));
	ret = 0;
	goto cleanup;
nomem:
	fprintf(stderr, "%s: out of memory\n", program);
cleanup:
	sqlite3_finalize(ins);
	sqlite3_finalize(find);
	sqlite3_finalize(upd);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	sqlite3_finalize(gone);
	if (db)
		sqlite3_close(db);
	for (int c = 0; c < N_COLS; c++)
		lrm_buf_free(&cols[c]);
	lrm_abstracts_clear(&apart);
	lrm_abstracts_clear(&abs);
	lrm_dataset_clear(&dpart);
	lrm_dataset_clear(&ds);
	return ret;
}

#else /* no SQLite */

int
main(void)
{
	fprintf(stderr, "%s: built without SQLite (apt-get install "
		"libsqlite3-dev, then rebuild)\n", program);
	return 2;
}

#endif
