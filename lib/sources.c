/* lib/sources.c - what an index is built from, and the default index
 * (see lrm/sources.h). */
#define _GNU_SOURCE
#include "lrm/sources.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lrm/abstracts.h"
#include "lrm/buf.h"
#include "lrm/paper.h"

/* ------------------------------------------------------------------ */
/* The sources                                                        */
/* ------------------------------------------------------------------ */

lrm_status_t
lrm_sources_init(struct lrm_sources *src, const char *const *datasets,
		 size_t n, const char *synonyms, const char *abstracts,
		 lrm_error_t *err)
{
	static const char *const bundled[] = {LRM_BUNDLED_DATASET};

	memset(src, 0, sizeof(*src));
	if (n == 0) {
		datasets = bundled;
		n = 1;
	}
	src->datasets = calloc(n, sizeof(*src->datasets));
	if (!src->datasets)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		src->datasets[i] = strdup(datasets[i]);
		if (!src->datasets[i])
			goto nomem;
		src->n_datasets++;
	}
	src->synonyms = strdup(synonyms ? synonyms : LRM_BUNDLED_SYNONYMS);
	if (!src->synonyms || (abstracts && !(src->abstracts = strdup(abstracts))))
		goto nomem;
	return LRM_OK;
nomem:
	lrm_sources_clear(src);
	return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
}

void
lrm_sources_clear(struct lrm_sources *src)
{
	for (size_t i = 0; i < src->n_datasets; i++)
		free(src->datasets[i]);
	free(src->datasets);
	free(src->synonyms);
	free(src->abstracts);
	memset(src, 0, sizeof(*src));
}

const char *
lrm_sources_abstracts(const struct lrm_sources *src, char *buf, size_t size)
{
	char *real;
	const char *path, *slash;
	int n;

	if (src->abstracts) {
		n = snprintf(buf, size, "%s", src->abstracts);
		return n >= 0 && (size_t)n < size ? buf : NULL;
	}
	/* beside the file a link points to: a link elsewhere names the
	 * dataset, not its directory */
	real = realpath(src->datasets[0], NULL);
	path = real ? real : src->datasets[0];
	slash = strrchr(path, '/');
	n = slash ? snprintf(buf, size, "%.*s/%s", (int)(slash - path), path,
			     LRM_ABSTRACTS_NAME)
		  : snprintf(buf, size, "%s", LRM_ABSTRACTS_NAME);
	free(real);
	return n > 0 && (size_t)n < size && access(buf, F_OK) == 0 ? buf : NULL;
}

/* Append "KEY PATH\n" to B, PATH made absolute (against CWD) and its
 * control characters and '%' written as %XX. */
static void
encode_line(struct lrm_buf *b, const char *key, const char *path,
	    const char *cwd)
{
	lrm_buf_printf(b, "%s ", key);
	for (int part = path[0] == '/' ? 1 : 0; part < 2; part++) {
		for (const char *s = part ? path : cwd; *s; s++) {
			unsigned char c = (unsigned char)*s;

			if (c < 0x20 || c == 0x7f || c == '%')
				lrm_buf_printf(b, "%%%02X", c);
			else
				lrm_buf_addc(b, (char)c);
		}
		if (!part && strcmp(cwd, "/") != 0)
			lrm_buf_addc(b, '/');
	}
	lrm_buf_addc(b, '\n');
}

lrm_status_t
lrm_sources_encode(const struct lrm_sources *src, char **out, lrm_error_t *err)
{
	char cwd[PATH_MAX];
	struct lrm_buf b;

	*out = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return lrm_error_set(err, LRM_ERR_IO,
				     "cannot tell the current directory");
	lrm_buf_init(&b, LRM_SOURCES_MAX_BYTES);
	for (size_t i = 0; i < src->n_datasets; i++)
		encode_line(&b, "dataset", src->datasets[i], cwd);
	encode_line(&b, "synonyms", src->synonyms, cwd);
	if (src->abstracts)
		encode_line(&b, "abstracts", src->abstracts, cwd);
	if (b.status == LRM_ERR_LIMIT)
		return lrm_error_set(err, LRM_ERR_LIMIT,
				     "the names of the files to index come to "
				     "more than %d bytes",
				     LRM_SOURCES_MAX_BYTES);
	*out = lrm_buf_take(&b);
	if (!*out)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return LRM_OK;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescape the LEN bytes at S into a malloc()ed string; NULL when they
 * are not as encode_line() writes them or memory ran out (*NOMEM). */
static char *
decode_path(const char *s, size_t len, int *nomem)
{
	char *path = malloc(len + 1), *w = path;

	if (!path) {
		*nomem = 1;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < len ? hex_value(s[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;

			if (lo < 0 || (hi == 0 && lo == 0)) {
				free(path);
				return NULL;
			}
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*w++ = s[i];
		}
	}
	*w = '\0';
	if (path[0] != '/') {
		free(path);
		return NULL;
	}
	return path;
}

lrm_status_t
lrm_sources_decode(const char *text, struct lrm_sources *src, lrm_error_t *err)
{
	const char *p = text;
	int nomem = 0;

	memset(src, 0, sizeof(*src));
	while (*p) {
		const char *nl = strchr(p, '\n'), *sp = memchr(p, ' ', nl ? (size_t)(nl - p) : 0);
		size_t klen = sp ? (size_t)(sp - p) : 0;
		char *path, **slot = NULL;

		if (!nl || !sp)
			goto bad;
		path = decode_path(sp + 1, (size_t)(nl - sp - 1), &nomem);
		if (!path)
			goto bad;
		if (klen == 7 && memcmp(p, "dataset", 7) == 0) {
			char **grown = realloc(src->datasets, (src->n_datasets + 1) *
								     sizeof(*grown));

			if (!grown) {
				free(path);
				nomem = 1;
				goto bad;
			}
			src->datasets = grown;
			slot = &src->datasets[src->n_datasets++];
		} else if (klen == 8 && memcmp(p, "synonyms", 8) == 0 && !src->synonyms) {
			slot = &src->synonyms;
		} else if (klen == 9 && memcmp(p, "abstracts", 9) == 0 &&
			   !src->abstracts) {
			slot = &src->abstracts;
		}
		if (!slot) {
			free(path);
			goto bad;
		}
		*slot = path;
		p = nl + 1;
	}
	if (src->n_datasets && src->synonyms)
		return LRM_OK;
bad:
	lrm_sources_clear(src);
	if (nomem)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return lrm_error_set(err, LRM_ERR_PARSE,
			     "the index's record of its sources is damaged");
}

/* ------------------------------------------------------------------ */
/* Building                                                           */
/* ------------------------------------------------------------------ */

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

/* Load the datasets of SRC into one dataset; a paper id seen twice keeps
 * its last record, as replacing it in the index would. */
static lrm_status_t
load_datasets(const struct lrm_sources *src, struct lrm_dataset *all,
	      lrm_error_t *err)
{
	for (size_t i = 0; i < src->n_datasets; i++) {
		struct lrm_dataset one = {0};
		lrm_status_t status = lrm_dataset_load(&one, src->datasets[i], err);

		if (status)
			return status;
		for (size_t p = 0; p < one.n_papers; p++) {
			struct lrm_paper *slot = lrm_dataset_add_paper(all);

			if (!slot) {
				lrm_dataset_clear(&one);
				return lrm_error_set(err, LRM_ERR_NOMEM,
						     "out of memory");
			}
			*slot = one.papers[p];
			memset(&one.papers[p], 0, sizeof(one.papers[p]));
		}
		lrm_dataset_clear(&one);
	}
	if (src->n_datasets > 1 && keep_last_records(all))
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return LRM_OK;
}

/* The hash of SRC's files (datasets, synonyms, then the abstracts CACHE
 * when not NULL) into HASH. */
static lrm_status_t
hash_sources(const struct lrm_sources *src, const char *cache, char hash[17],
	     lrm_error_t *err)
{
	const char **files = calloc(src->n_datasets + 2, sizeof(*files));
	size_t n = 0;
	lrm_status_t status;

	if (!files)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < src->n_datasets; i++)
		files[n++] = src->datasets[i];
	files[n++] = src->synonyms;
	if (cache)
		files[n++] = cache;
	status = lrm_index_hash_files(files, n, hash, err);
	free(files);
	return status;
}

lrm_status_t
lrm_sources_build(const struct lrm_sources *src, const char *dir,
		  const struct lrm_index_options *opts,
		  struct lrm_sources_stats *stats, lrm_error_t *err)
{
	struct lrm_sources_stats ignored;
	struct lrm_dataset dataset = {0};
	struct lrm_synonyms synonyms = {0};
	struct lrm_abstracts abstracts = {0};
	struct lrm_index_options with = *opts;
	const char *cache;
	char hash[17], *recorded = NULL;
	lrm_status_t status;

	if (!stats)
		stats = &ignored;
	memset(stats, 0, sizeof(*stats));
	/* before the data takes the memory (no room: the build says so) */
	(void)lrm_index_reserve_stack();
	cache = lrm_sources_abstracts(src, stats->cache, sizeof(stats->cache));
	status = load_datasets(src, &dataset, err);
	if (!status)
		status = lrm_synonyms_load(&synonyms, src->synonyms, err);
	if (!status && cache)
		status = lrm_abstracts_load(&abstracts, cache, err);
	if (!status)
		status = hash_sources(src, cache, hash, err);
	if (!status)
		status = lrm_sources_encode(src, &recorded, err);
	if (!status) {
		with.sources = recorded;
		status = lrm_index_build_with(dir, &dataset,
					      cache ? &abstracts : NULL, &synonyms,
					      hash, &with, &stats->index, err);
	}
	stats->papers = dataset.n_papers;
	stats->abstracts = abstracts.n;
	free(recorded);
	lrm_synonyms_clear(&synonyms);
	lrm_abstracts_clear(&abstracts);
	lrm_dataset_clear(&dataset);
	return status;
}

/* ------------------------------------------------------------------ */
/* The default index                                                  */
/* ------------------------------------------------------------------ */

static void
say(void (*notify)(const char *, void *), void *ctx, const char *fmt, ...)
	LRM_PRINTF(3, 4);

static void
say(void (*notify)(const char *, void *), void *ctx, const char *fmt, ...)
{
	char message[3 * PATH_MAX];
	va_list ap;

	if (!notify)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	notify(message, ctx);
}

/* The default index DIR, opened into *DB: a failure that means it is
 * damaged says how to rebuild it from DATASET, its first dataset. */
static lrm_status_t
open_dir(const char *dir, const char *dataset, lrm_xapian_db_t **db,
	 lrm_error_t *err)
{
	char before[PATH_MAX + 64], after[2 * PATH_MAX + 128];
	lrm_status_t status = lrm_index_open(dir, db, err);

	if (status)
		return status;
	snprintf(before, sizeof(before), "the index %s is damaged (", dir);
	snprintf(after, sizeof(after),
		 "); rebuild it with `lrmindex build --full --index %s %s`",
		 dir, dataset);
	if (lrm_xapian_db_set_damage_message(*db, before, after)) {
		lrm_xapian_db_destroy(*db);
		*db = NULL;
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	return LRM_OK;
}

/* The first of SRC's files that is gone, or NULL. */
static const char *
missing_source(const struct lrm_sources *src)
{
	for (size_t i = 0; i < src->n_datasets; i++)
		if (access(src->datasets[i], F_OK) != 0)
			return src->datasets[i];
	if (access(src->synonyms, F_OK) != 0)
		return src->synonyms;
	if (src->abstracts && access(src->abstracts, F_OK) != 0)
		return src->abstracts;
	return NULL;
}

/* What the open index DB says about itself: its sources into *SRC (the
 * bundled ones when it recorded none), whether it is of this format, and
 * whether its recorded hash is that of its sources' files now. */
static lrm_status_t
read_stamp(lrm_xapian_db_t *db, struct lrm_sources *src, int *this_format,
	   int *fresh, lrm_error_t *err)
{
	char *format = NULL, *hash = NULL, *recorded = NULL, now[17], buf[PATH_MAX];
	lrm_status_t status = LRM_OK;

	*this_format = *fresh = 0;
	if (lrm_xapian_db_get_metadata(db, LRM_META_FORMAT, &format) ||
	    lrm_xapian_db_get_metadata(db, LRM_META_DATASET_HASH, &hash) ||
	    lrm_xapian_db_get_metadata(db, LRM_META_SOURCES, &recorded)) {
		status = lrm_error_set(err, LRM_ERR_INDEX, "%s",
				       lrm_xapian_db_last_error(db));
		goto cleanup;
	}
	*this_format = strcmp(format, LRM_INDEX_FORMAT) == 0;
	status = *recorded ? lrm_sources_decode(recorded, src, err)
			   : lrm_sources_init(src, NULL, 0, NULL, NULL, err);
	if (status == LRM_ERR_PARSE)
		/* not as a build writes it: as if none were recorded */
		status = lrm_sources_init(src, NULL, 0, NULL, NULL, err);
	if (status || missing_source(src))
		goto cleanup;
	if (hash_sources(src, lrm_sources_abstracts(src, buf, sizeof(buf)), now,
			 NULL) == LRM_OK)
		*fresh = strcmp(now, hash) == 0;
cleanup:
	free(format);
	free(hash);
	free(recorded);
	return status;
}

lrm_status_t
lrm_sources_open_default(lrm_xapian_db_t **db,
			 void (*notify)(const char *message, void *ctx),
			 void *ctx, lrm_error_t *err)
{
	const char *env = getenv("LRM_INDEX"), *gone;
	char dir[PATH_MAX];
	struct lrm_sources src = {0};
	struct lrm_index_options opts = {
		.jobs = 1,
		.batch = LRM_INDEX_BATCH,
		.wait = -1,
		.notify = notify,
		.ctx = ctx,
	};
	int this_format = 0, fresh = 0;
	lrm_status_t status;

	*db = NULL;
	if (env && *env)
		return lrm_index_open(env, db, err);
	status = lrm_index_default_dir(dir, sizeof(dir), err);
	if (status)
		return status;
	if (open_dir(dir, LRM_BUNDLED_DATASET, db, NULL) == LRM_OK) {
		status = read_stamp(*db, &src, &this_format, &fresh, err);
		if (status)
			goto cleanup;
		gone = missing_source(&src);
		if (this_format && (fresh || gone)) {
			if (gone)
				say(notify, ctx,
				    "%s, which the index in %s was built from, "
				    "is gone; searching the index as it was "
				    "built",
				    gone, dir);
			goto cleanup; /* *DB is the one */
		}
		lrm_xapian_db_destroy(*db);
		*db = NULL;
		if (gone) {
			status = lrm_error_set(
				err, LRM_ERR_INDEX,
				"the index in %s is of an older format, and %s, "
				"which it was built from, is gone; `lrmindex "
				"build DATASET` builds it anew",
				dir, gone);
			goto cleanup;
		}
		say(notify, ctx, "%s the index of %s in %s",
		    this_format ? "updating" : "rebuilding (new format)",
		    src.datasets[0], dir);
	} else {
		status = lrm_sources_init(&src, NULL, 0, NULL, NULL, err);
		if (status)
			goto cleanup;
		say(notify, ctx, "building the index of %s in %s",
		    src.datasets[0], dir);
	}
	status = lrm_sources_build(&src, dir, &opts, NULL, err);
	if (!status)
		status = open_dir(dir, src.datasets[0], db, err);
cleanup:
	if (status && *db) {
		lrm_xapian_db_destroy(*db);
		*db = NULL;
	}
	lrm_sources_clear(&src);
	return status;
}
