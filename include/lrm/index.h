/* lrm/index.h - building and opening the search index.
 *
 * An index directory holds generations of a Xapian database and a stub
 * file, "current", naming the live one:
 *
 *   DIR/current       "auto gen-S-N-P\n# previous gen-S-N-P\n" (a Xapian
 *                     stub file: Xapian's own tools read it too)
 *   DIR/gen-S-N-P/    the databases (glass), named after the time the
 *                     build started (seconds, nanoseconds) and its pid
 *   DIR/.lock         locked while a build runs; it holds that build's pid
 *
 * A build writes a new generation beside the old one and then replaces
 * "current" with rename(), so a search running at the same time opens
 * either the old index or the new one, never half of one.  The previous
 * generation is kept, so a search that opened it just before the swap can
 * finish; older ones are removed.  What killed builds leave behind
 * (generations and shards never swapped in, temporary stubs) is removed by
 * the next build as soon as it holds the lock.
 *
 * "current" is read by lrmindex and lrmsearch themselves, never handed to
 * Xapian: a stub may also name remote databases ("remote :PROGRAM" makes
 * Xapian run PROGRAM) or anything on disk, and an index directory may come
 * from someone else.  Only the lines above are accepted, and the
 * generation is opened as a glass database and nothing else.
 */
#ifndef LRM_INDEX_H
#define LRM_INDEX_H

#include <stddef.h>

#include "lrm/abstracts.h"
#include "lrm/error.h"
#include "lrm/paper.h"
#include "lrm/xapian.h"

/* Metadata keys the index records. */
#define LRM_META_DATASET_HASH "lrm.dataset-hash"
#define LRM_META_FORMAT "lrm.format"
/* The files the index was built from (lrm_sources_encode()), so that the
 * default index can follow them: see lrm/sources.h. */
#define LRM_META_SOURCES "lrm.sources"
/* Raised whenever what is indexed, or how a document stores its paper,
 * changes; an index of another format is built anew, never read.  5: the
 * papers are stored as datasets of format 2.  6: the year slot holds all
 * of a paper's years (for the facet; ranges are over the Y and XM terms),
 * the plurals of abbreviations are synonyms of their singular, and the
 * parts of a title's compound words are indexed.  7: a document holds
 * its paper packed (lrm_dataset_pack()), not as YAML.  8: the lists
 * (list:, XLIST terms, the list facet's slot), the day a paper was added
 * (added:, XADDED terms, a slot to sort by), and the authors the lists
 * give, as author: terms.  9: the title's identity key (XTK), for a
 * typed title. */
#define LRM_INDEX_FORMAT "9"

/* One abbreviation of the field and what it stands for. */
struct lrm_synonym {
	char *abbrev;	    /* normalised: "cot" */
	char *expansion;    /* normalised words, one space apart */
	size_t n_words;
};

struct lrm_synonyms {
	struct lrm_synonym *items;
	size_t n;
};

/* Read a synonym table: "abbreviation = expansion" lines; '#' starts a
 * comment.  Errors name PATH:LINE. */
LRM_MUST_CHECK lrm_status_t
lrm_synonyms_load(struct lrm_synonyms *syn, const char *path, lrm_error_t *err);
void lrm_synonyms_clear(struct lrm_synonyms *syn);

/* A 64-bit FNV-1a hash of the named files' contents, as 16 hex digits in
 * OUT.  It tells whether an index was built from these very files. */
LRM_MUST_CHECK lrm_status_t
lrm_index_hash_files(const char *const *paths, size_t n, char out[17],
		     lrm_error_t *err);

/* At most this many processes build one index. */
#define LRM_INDEX_MAX_JOBS 64
/* Fewer papers per process than this are not worth a process. */
#define LRM_INDEX_SHARD_MIN 5000

/* Build the index in DIR from DATASET, with the abstracts and authors of
 * ABSTRACTS (may be NULL) for papers whose arXiv id it holds: a new
 * generation, swapped in atomically, recording HASH as the dataset hash.
 * With JOBS > 1 and a large dataset, JOBS processes build shards at once
 * and the shards are merged.  Waits while another build holds DIR's lock.
 * On failure the live index is untouched. */
LRM_MUST_CHECK lrm_status_t
lrm_index_build(const char *dir, const struct lrm_dataset *dataset,
		const struct lrm_abstracts *abstracts,
		const struct lrm_synonyms *synonyms, const char *hash,
		unsigned jobs, lrm_error_t *err);

/* How long a build waits for another build of the same index to finish
 * (a stopped one would hold the lock for ever) unless told otherwise:
 * lrmindex's --wait, or $LRM_INDEX_WAIT (seconds) for both tools. */
#define LRM_INDEX_WAIT_DEFAULT 600

/* How a build goes about it. */
struct lrm_index_options {
	unsigned jobs;	/* processes; 0 or 1: this one alone */
	unsigned batch; /* commit every BATCH papers; 0: leave it to Xapian
			 * (every 10,000 documents, or $XAPIAN_FLUSH_THRESHOLD) */
	int full;	/* index every paper, even when the live index could
			 * be updated */
	int wait;	/* seconds to wait for another build's lock: 0, do
			 * not wait; below 0, lrm_index_wait_default() */
	/* Called with a sentence for the user (no program name, no
	 * newline) when the build does what they would wonder about: it
	 * waits for another build that holds the lock, or builds a damaged
	 * live index anew.  May be NULL. */
	void (*notify)(const char *message, void *ctx);
	void *ctx;
	/* Recorded as LRM_META_SOURCES: what the index is built from, in
	 * the form of lrm_sources_encode().  May be NULL (recorded empty). */
	const char *sources;
};
/* Papers per commit: Xapian slows down as uncommitted changes grow, and
 * committing this often made builds of 10,000 to 100,000 papers about
 * twice as fast as Xapian's default on the benchmark machine. */
#define LRM_INDEX_BATCH 1000

/* What a build did. */
struct lrm_index_stats {
	int updated;	/* 1: the live index was updated, 0: built anew */
	size_t indexed; /* papers (re)indexed */
	size_t removed; /* papers taken out (updates only) */
	/* Not empty: the live generation, which an update would have
	 * copied, failed Xapian's check (what was wrong, in Xapian's words),
	 * so the index was built anew. */
	char damaged[1024];
};

/* Map this much of the stack now (lrm_index_reserve_stack()). */
#define LRM_INDEX_STACK_RESERVE (1024 * 1024)

/* Grow the stack's mapping by LRM_INDEX_STACK_RESERVE bytes now, while
 * memory is plentiful.  Under an address-space limit (ulimit -v), a stack
 * that has to grow once the heap has used up the limit gets SIGSEGV
 * instead of an error: seen deep in Xapian's compaction.  A mapping once
 * grown stays, so a build calls this before it reads its data, and shard
 * workers inherit it.  Only the first call does anything;
 * lrm_index_build_with() calls it too.  Returns -1, and maps nothing,
 * when the address space has no room for it under its limit (touching it
 * would be SIGSEGV), else 0. */
int lrm_index_reserve_stack(void);

/* The time a build waits for another build's lock by default:
 * $LRM_INDEX_WAIT when it is a number of seconds, else
 * LRM_INDEX_WAIT_DEFAULT. */
int lrm_index_wait_default(void);

/* lrm_index_build() with OPTS, telling what it did in *STATS (may be
 * NULL).  Unless OPTS->full, a build whose live index has the same format
 * and synonym table, and in which at most a quarter of the papers are new,
 * changed or gone, updates a copy of the live generation (in this
 * process): only those papers are indexed again.  The live generation is
 * checked first (lrm_xapian_db_check()): a damaged one is built anew.
 * Otherwise everything is indexed, by OPTS->jobs processes, which die
 * with this one.  Another build holding the lock is waited for at most
 * OPTS->wait seconds (LRM_ERR_INDEX after that).  On failure, running out
 * of memory included (LRM_ERR_NOMEM), the live index is untouched and
 * nothing of the new one is left.  lrm_index_build() uses LRM_INDEX_BATCH,
 * updates when it can and waits lrm_index_wait_default(). */
LRM_MUST_CHECK lrm_status_t
lrm_index_build_with(const char *dir, const struct lrm_dataset *dataset,
		     const struct lrm_abstracts *abstracts,
		     const struct lrm_synonyms *synonyms, const char *hash,
		     const struct lrm_index_options *opts,
		     struct lrm_index_stats *stats, lrm_error_t *err);

/* Open the live index of DIR read-only: the generation "current" names,
 * or DIR itself when it has no "current" and is a glass database.  A DIR
 * that is missing, a file, not an index, or whose "current" is empty,
 * unreadable or not as lrmindex writes it (see above), or names a
 * generation that is not a glass database, is refused with a sentence
 * that says what DIR is and what to do (LRM_ERR_INVALID when DIR is no
 * index, LRM_ERR_INDEX when it is a damaged one).  Failures on the open
 * database that mean it is damaged say so, and how to rebuild it
 * (lrm_xapian_db_set_damage_message()). */
LRM_MUST_CHECK lrm_status_t
lrm_index_open(const char *dir, lrm_xapian_db_t **db, lrm_error_t *err);

/* The default index directory: $LRM_INDEX, else
 * $XDG_CACHE_HOME/lrmsearch/index, else ~/.cache/lrmsearch/index.
 * Written into BUF (SIZE bytes). */
LRM_MUST_CHECK lrm_status_t
lrm_index_default_dir(char *buf, size_t size, lrm_error_t *err);

/* The term for the title TEXT's identity key (LRM_PREFIX_TITLE_KEY and
 * lrm_text_key(), cut to what a term may hold at a character boundary),
 * or NULL in *TERM when TEXT has no letter or digit.  *TERM is
 * malloc()ed.  The indexer gives each paper this term of its title, and
 * a search ranks first the paper whose title the query is. */
LRM_MUST_CHECK lrm_status_t
lrm_index_title_term(const char *text, char **term, lrm_error_t *err);

/* The paper stored in a document's data (a one-paper dataset, packed). */
LRM_MUST_CHECK lrm_status_t
lrm_index_doc_paper(lrm_xapian_doc_t *doc, struct lrm_dataset *one,
		    lrm_error_t *err);

#endif /* LRM_INDEX_H */
