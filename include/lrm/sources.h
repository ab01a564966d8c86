/* lrm/sources.h - what an index is built from, and the default index.
 *
 * An index is built from datasets, a synonym table and maybe an abstracts
 * cache: its sources.  A build records them in the index
 * (LRM_META_SOURCES, with absolute paths) beside the hash of their
 * contents, so that the index can tell later whether they changed.
 *
 * The default index (no --index, no $LRM_INDEX) is decided here and
 * nowhere else; `lrmindex build` and `lrmsearch` both use it:
 *
 *   - It lives in lrm_index_default_dir(): $XDG_CACHE_HOME/lrmsearch/index,
 *     else ~/.cache/lrmsearch/index.
 *   - It follows the sources it was last built from.  `lrmindex build
 *     my.yaml` makes my.yaml the default index's dataset, and a plain
 *     `lrmsearch QUERY` then searches those papers; when my.yaml (or the
 *     synonyms or abstracts it was built with) changes, the next search
 *     rebuilds the index from it.  An index built before sources were
 *     recorded counts as built from the bundled dataset.
 *   - When a source is gone, the index is searched as it was built, and
 *     the caller is told once per open.
 *   - When there is no index, or it cannot be opened (damaged), or is of
 *     another format, it is built from its recorded sources if they are
 *     all there, else from the bundled dataset, telling the caller why.
 *   - $LRM_INDEX names an index the user manages: it is opened as it is,
 *     never built.
 *
 * Memory: a struct lrm_sources owns its strings (lrm_sources_clear()).
 */
#ifndef LRM_SOURCES_H
#define LRM_SOURCES_H

#include <stddef.h>

#include "lrm/error.h"
#include "lrm/index.h"
#include "lrm/xapian.h"

/* The dataset and synonym table that come with lrmsearch. */
#define LRM_BUNDLED_DATASET LRM_SOURCE_DIR "/data/papers.yaml"
#define LRM_BUNDLED_SYNONYMS LRM_SOURCE_DIR "/data/synonyms.txt"
/* The abstracts cache a build reads by default: this file beside the
 * first dataset. */
#define LRM_ABSTRACTS_NAME "abstracts.yaml"

struct lrm_sources {
	char **datasets; /* as given; at least one */
	size_t n_datasets;
	char *synonyms;	 /* the synonym table */
	char *abstracts; /* the abstracts cache given explicitly, or NULL:
			  * LRM_ABSTRACTS_NAME beside the first dataset,
			  * when it exists (lrm_sources_abstracts()) */
};

/* Fill SRC with copies of DATASETS (N of them; N == 0: the bundled
 * dataset), SYNONYMS (NULL: the bundled table) and ABSTRACTS (may be
 * NULL). */
LRM_MUST_CHECK lrm_status_t
lrm_sources_init(struct lrm_sources *src, const char *const *datasets,
		 size_t n, const char *synonyms, const char *abstracts,
		 lrm_error_t *err);
void lrm_sources_clear(struct lrm_sources *src);

/* The abstracts cache a build of SRC reads: SRC->abstracts, else
 * LRM_ABSTRACTS_NAME beside the first dataset (beside the file a symbolic
 * link points to) when it exists, written into BUF (SIZE bytes); NULL
 * when there is none. */
const char *lrm_sources_abstracts(const struct lrm_sources *src, char *buf,
				  size_t size);

/* The most lrm_sources_encode() writes: Xapian keeps metadata values
 * in one entry, and no list of datasets needs more. */
#define LRM_SOURCES_MAX_BYTES (1024 * 1024)

/* SRC as recorded in an index (*OUT malloc()ed): one line per file,
 * "dataset PATH", "synonyms PATH", "abstracts PATH", the paths made
 * absolute and their control characters and '%' written as %XX.
 * LRM_ERR_LIMIT past LRM_SOURCES_MAX_BYTES. */
LRM_MUST_CHECK lrm_status_t lrm_sources_encode(const struct lrm_sources *src,
					       char **out, lrm_error_t *err);
/* The reverse; LRM_ERR_PARSE for text that lrm_sources_encode() does not
 * write. */
LRM_MUST_CHECK lrm_status_t lrm_sources_decode(const char *text,
					       struct lrm_sources *src,
					       lrm_error_t *err);

/* What a build of the sources read, beside what it did. */
struct lrm_sources_stats {
	struct lrm_index_stats index;
	size_t papers;	  /* papers in the datasets (a paper id given twice
			   * keeps its last record) */
	size_t abstracts; /* abstracts in the cache */
	char cache[4096]; /* the cache read, or "" */
};

/* Load SRC (every dataset, the synonyms, the abstracts), hash it and
 * build the index in DIR from it with OPTS (its .sources is set from
 * SRC).  STATS may be NULL. */
LRM_MUST_CHECK lrm_status_t
lrm_sources_build(const struct lrm_sources *src, const char *dir,
		  const struct lrm_index_options *opts,
		  struct lrm_sources_stats *stats, lrm_error_t *err);

/* Open the default index, as above, into *DB.  NOTIFY (may be NULL) is
 * called with CTX and a sentence for the user when the index is built,
 * rebuilt, or searched although a source is gone. */
LRM_MUST_CHECK lrm_status_t
lrm_sources_open_default(lrm_xapian_db_t **db,
			 void (*notify)(const char *message, void *ctx),
			 void *ctx, lrm_error_t *err);

#endif /* LRM_SOURCES_H */
