/* lib/index.c - building and opening the search index (see lrm/index.h). */
#define _GNU_SOURCE
#include "lrm/index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lrm/fields.h"
#include "lrm/file.h"
#include "lrm/text.h"

#define CURRENT "current"
#define GEN_PREFIX "gen-"
#define LOCK_FILE ".lock"
#define POSITION_GAP 100 /* between fields, so no phrase spans two */
/* Each document's fingerprint: a term "XFP" + 16 hex digits (see
 * fingerprint_term()), which lets a build find what changed. */
#define PREFIX_FINGERPRINT "XFP"
#define LRM_META_SYNONYMS_HASH "lrm.synonyms-hash"
/* The libxapian that built it: another version may stem or split words
 * differently, so an update would mix two ways of indexing. */
#define LRM_META_XAPIAN "lrm.xapian-version"

/* ------------------------------------------------------------------ */
/* Synonyms                                                           */
/* ------------------------------------------------------------------ */

void
lrm_synonyms_clear(struct lrm_synonyms *syn)
{
	if (!syn)
		return;
	for (size_t i = 0; i < syn->n; i++) {
		free(syn->items[i].abbrev);
		free(syn->items[i].expansion);
	}
	free(syn->items);
	syn->items = NULL;
	syn->n = 0;
}

/* TEXT's normalised words joined by single spaces, and how many. */
static lrm_status_t
word_string(const char *text, size_t len, char **out, size_t *n_words,
	    lrm_error_t *err)
{
	lrm_status_t status = lrm_text_words(text, len, out, err);

	*n_words = 0;
	for (const char *p = status ? "" : *out; *p; p++)
		*n_words += p == *out || p[-1] == ' ';
	return status;
}

lrm_status_t
lrm_synonyms_load(struct lrm_synonyms *syn, const char *path, lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL;
	size_t len, pos = 0;
	unsigned line = 0;

	memset(syn, 0, sizeof(*syn));
	status = lrm_file_read(path, 1u << 20, &text, &len, err);
	if (status)
		return status;
	while (pos < len) {
		char *s = text + pos, *nl = memchr(s, '\n', len - pos), *eq, *hash;
		size_t n = nl ? (size_t)(nl - s) : len - pos, words;
		struct lrm_synonym item = {0};

		pos += n + (nl ? 1 : 0);
		line++;
		s[n] = '\0';
		hash = strchr(s, '#');
		if (hash)
			*hash = '\0';
		if (strspn(s, " \t\r") == strlen(s))
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			status = lrm_error_set(err, LRM_ERR_PARSE,
					       "%s:%u: expected 'abbreviation = "
					       "expansion'",
					       path, line);
			goto cleanup;
		}
		status = word_string(s, (size_t)(eq - s), &item.abbrev, &words,
				     err);
		if (!status && words != 1)
			status = lrm_error_set(err, LRM_ERR_PARSE,
					       "%s:%u: the abbreviation must be "
					       "one word",
					       path, line);
		if (!status)
			status = word_string(eq + 1, strlen(eq + 1),
					     &item.expansion, &item.n_words, err);
		if (!status && item.n_words < 2)
			status = lrm_error_set(err, LRM_ERR_PARSE,
					       "%s:%u: the expansion must have "
					       "at least two words",
					       path, line);
		if (!status) {
			struct lrm_synonym *grown = realloc(
				syn->items, (syn->n + 1) * sizeof(*syn->items));
			if (!grown)
				status = lrm_error_set(err, LRM_ERR_NOMEM,
						       "out of memory");
			else {
				syn->items = grown;
				syn->items[syn->n++] = item;
				continue;
			}
		}
		free(item.abbrev);
		free(item.expansion);
		goto cleanup;
	}
cleanup:
	free(text);
	if (status)
		lrm_synonyms_clear(syn);
	return status;
}

/* ------------------------------------------------------------------ */
/* Hashing                                                            */
/* ------------------------------------------------------------------ */

#define FNV_BASIS 0xcbf29ce484222325ULL

/* 64-bit FNV-1a of LEN bytes at P, continuing from H. */
static uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* ... and of the string S with its NUL, so "ab"+"c" != "a"+"bc"; NULL
 * hashes as a lone NUL. */
static uint64_t
fnv1a_str(uint64_t h, const char *s)
{
	return s ? fnv1a(h, s, strlen(s) + 1) : fnv1a(h, "", 1);
}

lrm_status_t
lrm_index_hash_files(const char *const *paths, size_t n, char out[17],
		     lrm_error_t *err)
{
	uint64_t h = FNV_BASIS;

	for (size_t i = 0; i < n; i++) {
		char *data = NULL;
		size_t len;
		lrm_status_t status =
			lrm_file_read(paths[i], (size_t)1 << 30, &data, &len, err);

		if (status)
			return status;
		/* the NUL ends each file, so "ab"+"c" != "a"+"bc" */
		h = fnv1a(h, data, len + 1);
		free(data);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* Indexing one paper                                                 */
/* ------------------------------------------------------------------ */

struct indexer {
	lrm_xapian_db_t *db;
	lrm_xapian_termgen_t *tg;
	lrm_xapian_spelling_t *spelling;
	const struct lrm_abstract **by_id; /* the abstracts, by arXiv id */
	size_t n_abstracts;
	const struct lrm_synonyms *synonyms;
	lrm_error_t *err;
};

static lrm_status_t
xfail(struct indexer *ix, lrm_xapian_status_t st, const char *what,
      const char *msg)
{
	return lrm_error_set(ix->err,
			     st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
							: LRM_ERR_INDEX,
			     "%s: %s", what, msg);
}

/* Whether the words of EXPANSION (N words) occur in a row in WORDS. */
static int
contains_words(const char *words, const char *expansion)
{
	size_t elen = strlen(expansion);
	const char *p = words;

	while ((p = strstr(p, expansion)) != NULL) {
		int starts = p == words || p[-1] == ' ';
		char after = p[elen];

		/* "model" also matches "models" */
		if (starts && (after == '\0' || after == ' ' ||
			       (after == 's' && (p[elen + 1] == '\0' ||
						 p[elen + 1] == ' '))))
			return 1;
		p++;
	}
	return 0;
}

/* Whether WORD (one word) is among the space-separated WORDS. */
static int
contains_word(const char *words, const char *word)
{
	size_t wlen = strlen(word);

	for (const char *p = words; (p = strstr(p, word)) != NULL; p++)
		if ((p == words || p[-1] == ' ') &&
		    (p[wlen] == '\0' || p[wlen] == ' '))
			return 1;
	return 0;
}

/* Whether the plural of WORD ("llms") is among WORDS. */
static int
contains_plural(const char *words, const char *word)
{
	char plural[64];
	int n = snprintf(plural, sizeof(plural), "%ss", word);

	return n > 0 && (size_t)n < sizeof(plural) && contains_word(words, plural);
}

/* The text uses the abbreviation of S (as a plural when PLURAL): add the
 * expansion in the same number, as a phrase after the text with wdf 0 (so
 * phrases and words find it, but it adds nothing to the weight or length
 * of the document), and for a plural the singular abbreviation too, as
 * stemming leaves "LLMs" alone (wdf 1: the plural already weighs). */
static lrm_xapian_status_t
index_expansion(struct indexer *ix, const struct lrm_synonym *s, int plural,
		const char *pfx)
{
	char text[256];
	int n = snprintf(text, sizeof(text), "%s%s", s->expansion,
			 plural ? "s" : "");
	lrm_xapian_status_t st;

	if (n < 0 || (size_t)n >= sizeof(text))
		return LRM_XAPIAN_SUCCESS; /* no expansion is this long */
	st = lrm_xapian_termgen_index_text(ix->tg, text, (size_t)n, 0, pfx);
	if (!st)
		st = lrm_xapian_termgen_increase_termpos(ix->tg, POSITION_GAP);
	if (!st && plural)
		st = lrm_xapian_termgen_index_text_without_positions(
			ix->tg, s->abbrev, strlen(s->abbrev), 1, pfx);
	return st;
}

/* Index TEXT under PREFIX (and unprefixed when ALSO_PLAIN), with each
 * synonym it uses in the other form: the abbreviation of an expansion it
 * spells out ("chain-of-thought" adds "cot"), and the expansion of an
 * abbreviation it uses ("KV" adds "key value", as a phrase after the text),
 * so that either form, hyphenated or quoted, finds both. */
static lrm_status_t
index_field(struct indexer *ix, const char *text, const char *prefix,
	    unsigned wdf, int also_plain, int synonyms)
{
	lrm_xapian_status_t st;
	lrm_status_t status;
	char *norm = NULL, *words = NULL;
	size_t n_words;

	if (!text || !*text)
		return LRM_OK;
	status = lrm_text_normalize(text, strlen(text), &norm, ix->err);
	if (status)
		return status;
	status = word_string(norm, strlen(norm), &words, &n_words, ix->err);
	if (status)
		goto cleanup;
	for (int pass = 0; pass < (also_plain ? 2 : 1); pass++) {
		const char *pfx = pass == 0 ? prefix : "";

		st = lrm_xapian_termgen_index_text(ix->tg, norm, strlen(norm), wdf,
						   pfx);
		if (!st)
			st = lrm_xapian_termgen_increase_termpos(ix->tg,
								 POSITION_GAP);
		for (size_t i = 0; !st && synonyms && ix->synonyms &&
				   i < ix->synonyms->n;
		     i++) {
			const struct lrm_synonym *s = &ix->synonyms->items[i];

			if (contains_words(words, s->expansion))
				st = lrm_xapian_termgen_index_text_without_positions(
					ix->tg, s->abbrev, strlen(s->abbrev), wdf,
					pfx);
			else if (contains_word(words, s->abbrev))
				st = index_expansion(ix, s, 0, pfx);
			else if (contains_plural(words, s->abbrev))
				st = index_expansion(ix, s, 1, pfx);
		}
		if (st) {
			status = xfail(ix, st, "indexing text",
				       lrm_xapian_termgen_last_error(ix->tg));
			goto cleanup;
		}
	}
cleanup:
	free(norm);
	free(words);
	return status;
}

static lrm_status_t
add_boolean(struct indexer *ix, lrm_xapian_doc_t *doc, const char *prefix,
	    const char *value)
{
	char *norm = NULL, *term;
	lrm_status_t status;
	lrm_xapian_status_t st;
	size_t plen = strlen(prefix), vlen;

	if (!value || !*value)
		return LRM_OK;
	status = lrm_text_normalize(value, strlen(value), &norm, ix->err);
	if (status)
		return status;
	vlen = strlen(norm);
	term = malloc(plen + vlen + 1);
	if (!term) {
		free(norm);
		return lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	}
	memcpy(term, prefix, plen);
	memcpy(term + plen, norm, vlen + 1);
	free(norm);
	/* Xapian terms are at most 245 bytes; a longer value cannot be
	 * searched for exactly, and is not worth failing the build for. */
	st = strlen(term) <= 240 ? lrm_xapian_doc_add_boolean_term(doc, term)
				 : LRM_XAPIAN_SUCCESS;
	free(term);
	if (st)
		return xfail(ix, st, "adding a term",
			     lrm_xapian_doc_last_error(doc));
	return LRM_OK;
}

/* Append VALUE to the facet string BUF (LRM_FACET_SEP-separated) unless it
 * is already there. */
static int
facet_add(char **buf, size_t *len, const char *value)
{
	size_t vlen;
	char *grown;

	if (!value || !*value)
		return 0;
	vlen = strlen(value);
	if (*buf) {
		const char *p = *buf;

		while (p) {
			const char *end = strchr(p, LRM_FACET_SEP);
			size_t n = end ? (size_t)(end - p) : strlen(p);

			if (n == vlen && memcmp(p, value, n) == 0)
				return 0;
			p = end ? end + 1 : NULL;
		}
	}
	grown = realloc(*buf, *len + vlen + 2);
	if (!grown)
		return -1;
	*buf = grown;
	if (*len)
		(*buf)[(*len)++] = LRM_FACET_SEP;
	memcpy(*buf + *len, value, vlen);
	*len += vlen;
	(*buf)[*len] = '\0';
	return 0;
}

static int
compare_abstracts(const void *a, const void *b)
{
	const struct lrm_abstract *const *x = a, *const *y = b;

	return strcmp((*x)->arxiv, (*y)->arxiv);
}

static int
compare_id_abstract(const void *key, const void *elem)
{
	const struct lrm_abstract *const *a = elem;

	return strcmp(key, (*a)->arxiv);
}

/* IX->by_id: the records of ABSTRACTS that have an arXiv id, sorted by it
 * (a linear lrm_abstracts_find() per paper would make a build quadratic). */
static lrm_status_t
sort_abstracts(struct indexer *ix, const struct lrm_abstracts *abstracts)
{
	if (!abstracts || !abstracts->n)
		return LRM_OK;
	ix->by_id = malloc(abstracts->n * sizeof(*ix->by_id));
	if (!ix->by_id)
		return lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < abstracts->n; i++)
		if (abstracts->items[i].arxiv)
			ix->by_id[ix->n_abstracts++] = &abstracts->items[i];
	qsort(ix->by_id, ix->n_abstracts, sizeof(*ix->by_id), compare_abstracts);
	return LRM_OK;
}

/* The cached abstract of PAPER (of its first listing with one), or NULL. */
static const struct lrm_abstract *
find_abstract(const struct indexer *ix, const struct lrm_paper *paper)
{
	for (size_t i = 0; ix->n_abstracts && i < paper->n_listings; i++) {
		const char *id = paper->listings[i].arxiv;
		const struct lrm_abstract *const *a =
			id ? bsearch(id, ix->by_id, ix->n_abstracts,
				     sizeof(*ix->by_id), compare_id_abstract)
			   : NULL;

		if (a)
			return *a;
	}
	return NULL;
}

/* PAPER's record as stored in the index (a one-paper YAML dataset). */
static lrm_status_t
emit_paper(const struct lrm_paper *paper, char **data, size_t *len,
	   lrm_error_t *err)
{
	struct lrm_dataset one = {0};

	one.papers = (struct lrm_paper *)paper;
	one.n_papers = 1;
	return lrm_dataset_emit(&one, data, len, err);
}

/* PAPER's fingerprint term (32 bytes in TERM): a hash of its record and of
 * its abstract and authors, equal for equal input, so that an update can
 * tell the papers that changed.  The line numbers of its rows are left
 * out: a row deleted above them is no change to them (the index keeps the
 * old numbers, which no search shows). */
static lrm_status_t
fingerprint_term(const struct indexer *ix, const struct lrm_paper *paper,
		 char term[32])
{
	struct lrm_paper moved = *paper;
	const struct lrm_abstract *a = find_abstract(ix, paper);
	char *data = NULL;
	size_t len;
	uint64_t h;
	lrm_status_t status;

	moved.listings = malloc((paper->n_listings + 1) *
				sizeof(*moved.listings));
	if (!moved.listings)
		return lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < paper->n_listings; i++) {
		moved.listings[i] = paper->listings[i];
		moved.listings[i].line = 1;
	}
	status = emit_paper(&moved, &data, &len, ix->err);
	free(moved.listings);
	if (status)
		return status;
	h = fnv1a(FNV_BASIS, data, len);
	free(data);
	if (a) {
		h = fnv1a_str(h, a->abstract);
		for (size_t i = 0; i < a->n_authors; i++)
			h = fnv1a_str(h, a->authors[i]);
	}
	h = fnv1a(h, "", 1);
	snprintf(term, 32, "%s%016llx", PREFIX_FINGERPRINT,
		 (unsigned long long)h);
	return LRM_OK;
}

/* Abstract and authors, searchable (abstract:, author: and bare words) and
 * kept in value slots for snippets and display. */
static lrm_status_t
index_abstract(struct indexer *ix, lrm_xapian_doc_t *doc,
	       const struct lrm_paper *paper)
{
	const struct lrm_abstract *a = find_abstract(ix, paper);
	lrm_status_t status = LRM_OK;
	lrm_xapian_status_t st = LRM_XAPIAN_SUCCESS;
	char *authors = NULL;
	size_t authors_len = 0;

	if (!a)
		return LRM_OK;
	if (a->abstract) {
		status = index_field(ix, a->abstract, "XA", 1, 1, 1);
		if (!status)
			st = lrm_xapian_doc_add_value(doc, LRM_SLOT_ABSTRACT,
						      a->abstract,
						      strlen(a->abstract));
	}
	for (size_t i = 0; !status && !st && i < a->n_authors; i++) {
		status = index_field(ix, a->authors[i], "A", 1, 1, 0);
		if (!status && facet_add(&authors, &authors_len, a->authors[i]))
			status = lrm_error_set(ix->err, LRM_ERR_NOMEM,
					       "out of memory");
	}
	if (!status && !st && authors)
		st = lrm_xapian_doc_add_value(doc, LRM_SLOT_AUTHORS, authors,
					      authors_len);
	if (!status && st)
		status = xfail(ix, st, "adding a value",
			       lrm_xapian_doc_last_error(doc));
	free(authors);
	return status;
}

static lrm_status_t
index_paper(struct indexer *ix, const struct lrm_paper *paper)
{
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_status_t st;
	lrm_status_t status = LRM_OK;
	const struct lrm_listing *primary = lrm_paper_primary(paper);
	char *data = NULL, *venues = NULL, *sections = NULL, *qterm = NULL;
	char fingerprint[32];
	size_t data_len, venues_len = 0, sections_len = 0;
	int has_code = 0;

	st = lrm_xapian_doc_create(&doc);
	if (st)
		return xfail(ix, st, "creating a document", "out of memory");
	st = lrm_xapian_termgen_set_document(ix->tg, doc);
	if (st) {
		status = xfail(ix, st, "indexing",
			       lrm_xapian_termgen_last_error(ix->tg));
		goto cleanup;
	}
	status = index_field(ix, paper->title, "S", 5, 1, 1);
	for (size_t i = 0; !status && i < paper->n_listings; i++) {
		const struct lrm_listing *l = &paper->listings[i];
		char year[16];

		if (i == 0 || !l->section ||
		    !strstr(sections ? sections : "", l->section))
			/* Sections are the list's topic labels: bare words
			 * find them too, but weakly, and without synonyms
			 * (a "CoT" section does not make each of its papers
			 * say "chain of thought"). */
			status = index_field(ix, l->section, "XS", 1, 1, 0);
		if (!status)
			/* the name alone: Xapian would read "OpenAI'25"
			 * as one word */
			status = index_field(ix, l->venue_name, "XV", 1, 1, 0);
		if (!status)
			status = add_boolean(ix, doc, LRM_PREFIX_ARXIV, l->arxiv);
		if (!status)
			status = add_boolean(ix, doc, LRM_PREFIX_MONTH, l->date);
		if (!status)
			status = add_boolean(ix, doc, LRM_PREFIX_SOURCE, l->source);
		if (!status && l->date) {
			snprintf(year, sizeof(year), "%.4s", l->date);
			status = add_boolean(ix, doc, LRM_PREFIX_YEAR, year);
		}
		if (!status && l->venue_year) {
			snprintf(year, sizeof(year), "%d", l->venue_year);
			status = add_boolean(ix, doc, LRM_PREFIX_YEAR, year);
		}
		if (!status && (facet_add(&venues, &venues_len, l->venue_name) ||
				facet_add(&sections, &sections_len, l->section)))
			status = lrm_error_set(ix->err, LRM_ERR_NOMEM,
					       "out of memory");
		if (l->code)
			has_code = 1;
	}
	if (!status)
		status = add_boolean(ix, doc, LRM_PREFIX_CODE, has_code ? "yes" : "no");
	if (!status)
		status = index_abstract(ix, doc, paper);
	if (status)
		goto cleanup;

	/* values: date and year for sorting and ranges, facets */
	if (primary && primary->date) {
		char num[LRM_XAPIAN_SORTABLE_MAX];
		size_t nlen;
		double year = atoi(primary->date);

		st = lrm_xapian_doc_add_value(doc, LRM_SLOT_DATE, primary->date,
					      strlen(primary->date));
		lrm_xapian_sortable_serialise(year, num, &nlen);
		if (!st)
			st = lrm_xapian_doc_add_value(doc, LRM_SLOT_YEAR, num, nlen);
		if (st) {
			status = xfail(ix, st, "adding a value",
				       lrm_xapian_doc_last_error(doc));
			goto cleanup;
		}
	}
	if (venues)
		st = lrm_xapian_doc_add_value(doc, LRM_SLOT_VENUES, venues,
					      venues_len);
	if (!st && sections)
		st = lrm_xapian_doc_add_value(doc, LRM_SLOT_SECTIONS, sections,
					      sections_len);
	if (!st)
		st = lrm_xapian_doc_add_value(doc, LRM_SLOT_ID, paper->id,
					      strlen(paper->id));
	if (st) {
		status = xfail(ix, st, "adding a value",
			       lrm_xapian_doc_last_error(doc));
		goto cleanup;
	}

	/* the record itself, for display, and its fingerprint */
	status = emit_paper(paper, &data, &data_len, ix->err);
	if (!status)
		status = fingerprint_term(ix, paper, fingerprint);
	if (status)
		goto cleanup;
	st = lrm_xapian_doc_set_data(doc, data, data_len);
	if (!st)
		st = lrm_xapian_doc_add_boolean_term(doc, fingerprint);
	if (st) {
		status = xfail(ix, st, "storing a paper",
			       lrm_xapian_doc_last_error(doc));
		goto cleanup;
	}
	qterm = malloc(strlen(paper->id) + 2);
	if (!qterm) {
		status = lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	sprintf(qterm, "%s%s", LRM_PREFIX_ID, paper->id);
	st = lrm_xapian_doc_add_boolean_term(doc, qterm);
	if (!st && lrm_xapian_spelling_add_document(ix->spelling, doc)) {
		status = lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	if (!st)
		st = lrm_xapian_db_replace_document(ix->db, qterm, doc, NULL);
	if (st)
		status = xfail(ix, st, "adding a paper",
			       lrm_xapian_db_last_error(ix->db));
cleanup:
	free(qterm);
	free(data);
	free(venues);
	free(sections);
	lrm_xapian_doc_destroy(doc);
	return status;
}

/* ------------------------------------------------------------------ */
/* Generations                                                        */
/* ------------------------------------------------------------------ */

static int
path_join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The generation "current" names in DIR, into NAME; "" when none. */
static void
current_generation(const char *dir, char *name, size_t size)
{
	char path[PATH_MAX], *text = NULL;
	size_t len;
	lrm_error_t ignored;

	name[0] = '\0';
	if (path_join(path, sizeof(path), dir, CURRENT))
		return;
	if (lrm_file_read(path, 4096, &text, &len, &ignored))
		return;
	if (strncmp(text, "auto ", 5) == 0) {
		size_t n = strcspn(text + 5, "\r\n");

		if (n < size)
			snprintf(name, size, "%.*s", (int)n, text + 5);
	}
	free(text);
}

static int
remove_tree(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int ret = 0;

	/* A symbolic link is removed itself, never what it points to. */
	if (lstat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (path_join(child, sizeof(child), path, e->d_name) == 0)
			ret |= remove_tree(child);
	}
	closedir(d);
	return rmdir(path) | ret;
}

/* Remove every generation but KEEP1 and KEEP2 (either may be ""), and the
 * temporary stub files of builds killed before their swap (only a build,
 * holding the lock, writes them).  Failures only leave garbage behind. */
static void
prune_generations(const char *dir, const char *keep1, const char *keep2)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strncmp(e->d_name, CURRENT ".tmp", strlen(CURRENT ".tmp")) == 0) {
			if (path_join(path, sizeof(path), dir, e->d_name) == 0)
				(void)unlink(path);
			continue;
		}
		if (strncmp(e->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0 ||
		    strcmp(e->d_name, keep1) == 0 || strcmp(e->d_name, keep2) == 0)
			continue;
		if (path_join(path, sizeof(path), dir, e->d_name) == 0)
			(void)remove_tree(path);
	}
	closedir(d);
}

static int
mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Whether DIR may be used as an index directory: missing, empty, or one of
 * ours.  Refusing anything else keeps a typo in --index from turning a
 * user's directory into an index (and pruning its contents). */
static int
is_index_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ours = 1;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, CURRENT) == 0 ||
		    strcmp(e->d_name, LOCK_FILE) == 0 ||
		    strncmp(e->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) == 0 ||
		    strncmp(e->d_name, CURRENT ".tmp", strlen(CURRENT ".tmp")) == 0)
			continue;
		ours = 0;
		break;
	}
	closedir(d);
	return ours;
}

/* IX ready to index into DB. */
static lrm_status_t
indexer_init(struct indexer *ix, lrm_xapian_db_t *db,
	     const struct lrm_abstracts *abstracts,
	     const struct lrm_synonyms *synonyms, lrm_error_t *err)
{
	lrm_xapian_status_t st;
	lrm_status_t status;

	memset(ix, 0, sizeof(*ix));
	ix->db = db;
	ix->synonyms = synonyms;
	ix->err = err;
	status = sort_abstracts(ix, abstracts);
	if (status)
		return status;
	st = lrm_xapian_termgen_create(&ix->tg);
	if (!st)
		st = lrm_xapian_termgen_set_stemmer(ix->tg, LRM_STEM_LANGUAGE);
	if (!st)
		st = lrm_xapian_termgen_set_stemming_strategy(ix->tg,
							      LRM_XAPIAN_STEM_SOME);
	if (st)
		return xfail(ix, st, "setting up the indexer",
			     ix->tg ? lrm_xapian_termgen_last_error(ix->tg)
				    : "out of memory");
	if (lrm_xapian_spelling_create(&ix->spelling))
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return LRM_OK;
}

static void
indexer_clear(struct indexer *ix)
{
	lrm_xapian_spelling_destroy(ix->spelling);
	lrm_xapian_termgen_destroy(ix->tg);
	free(ix->by_id);
	memset(ix, 0, sizeof(*ix));
}

/* The synonym table's fingerprint (16 hex digits in OUT): an index built
 * with another table cannot be updated, only built again. */
static void
synonyms_hash(const struct lrm_synonyms *synonyms, char out[17])
{
	uint64_t h = FNV_BASIS;

	for (size_t i = 0; synonyms && i < synonyms->n; i++) {
		h = fnv1a_str(h, synonyms->items[i].abbrev);
		h = fnv1a_str(h, synonyms->items[i].expansion);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Record HASH and the index format in DB, and commit. */
static lrm_xapian_status_t
finish_database(lrm_xapian_db_t *db, const struct lrm_synonyms *synonyms,
		const char *hash)
{
	char syn[17];
	lrm_xapian_status_t st;

	synonyms_hash(synonyms, syn);
	st = lrm_xapian_db_set_metadata(db, LRM_META_DATASET_HASH, hash);
	if (!st)
		st = lrm_xapian_db_set_metadata(db, LRM_META_SYNONYMS_HASH, syn);
	if (!st)
		st = lrm_xapian_db_set_metadata(db, LRM_META_XAPIAN,
						lrm_xapian_version_string());
	if (!st)
		st = lrm_xapian_db_set_metadata(db, LRM_META_FORMAT,
						LRM_INDEX_FORMAT);
	if (!st)
		st = lrm_xapian_db_commit(db);
	return st;
}

/* Index DATASET into DB, committing every BATCH papers (0: when Xapian
 * decides to, by default every 10,000 documents).  Every word of the text
 * also goes into the spelling data, once per paper that uses it, for
 * "did you mean". */
static lrm_status_t
fill_database(lrm_xapian_db_t *db, const struct lrm_dataset *dataset,
	      const struct lrm_abstracts *abstracts,
	      const struct lrm_synonyms *synonyms, const char *hash,
	      unsigned batch, lrm_error_t *err)
{
	struct indexer ix;
	lrm_xapian_status_t st = LRM_XAPIAN_SUCCESS;
	lrm_status_t status = indexer_init(&ix, db, abstracts, synonyms, err);

	for (size_t i = 0; i < dataset->n_papers && !status; i++) {
		status = index_paper(&ix, &dataset->papers[i]);
		/* Xapian keeps changes in memory until a commit, and the
		 * bigger they grow the slower each new document gets. */
		if (!status && batch && (i + 1) % batch == 0 &&
		    (st = lrm_xapian_db_commit(db)) != LRM_XAPIAN_SUCCESS)
			status = xfail(&ix, st, "writing the index",
				       lrm_xapian_db_last_error(db));
	}
	if (status)
		goto cleanup;
	st = lrm_xapian_spelling_flush(ix.spelling, db);
	/* "chain of thought" in a query also finds papers that only say
	 * "CoT": a multi-word synonym whose value is the abbreviation's
	 * stemmed term, as the query parser would make it. */
	for (size_t i = 0; synonyms && i < synonyms->n && !st; i++) {
		const struct lrm_synonym *s = &synonyms->items[i];
		char *stem = NULL, *term, *plural;

		st = lrm_xapian_stem_word(LRM_STEM_LANGUAGE, s->abbrev, &stem);
		if (st)
			break;
		term = malloc(strlen(stem) + 2);
		plural = malloc(strlen(s->expansion) + 2);
		if (!term || !plural) {
			st = LRM_XAPIAN_NO_MEMORY;
		} else {
			sprintf(term, "Z%s", stem);
			sprintf(plural, "%ss", s->expansion);
			st = lrm_xapian_db_add_synonym(db, s->expansion, term);
			if (!st)
				st = lrm_xapian_db_add_synonym(db, plural, term);
		}
		free(stem);
		free(term);
		free(plural);
	}
	if (!st)
		st = finish_database(db, synonyms, hash);
	if (st)
		status = xfail(&ix, st, "writing the index",
			       lrm_xapian_db_last_error(db));
cleanup:
	indexer_clear(&ix);
	return status;
}

/* A new database at PATH holding DATASET. */
static lrm_status_t
build_database(const char *path, const struct lrm_dataset *dataset,
	       const struct lrm_abstracts *abstracts,
	       const struct lrm_synonyms *synonyms, const char *hash,
	       unsigned batch, lrm_error_t *err)
{
	lrm_xapian_db_t *db = NULL;
	lrm_status_t status;
	lrm_xapian_status_t st;
	char *msg = NULL;

	st = lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_CREATE, &db, &msg);
	if (st) {
		status = lrm_error_set(err, LRM_ERR_INDEX, "%s",
				       msg ? msg : "cannot create the index");
		free(msg);
		return status;
	}
	status = fill_database(db, dataset, abstracts, synonyms, hash, batch,
			       err);
	if (!status && (st = lrm_xapian_db_close(db)) != LRM_XAPIAN_SUCCESS)
		status = lrm_error_set(err, LRM_ERR_INDEX, "%s: %s", path,
				       lrm_xapian_db_last_error(db));
	lrm_xapian_db_destroy(db);
	return status;
}

/* ------------------------------------------------------------------ */
/* Updating a copy of the live generation                             */
/* ------------------------------------------------------------------ */

/* Copy the regular files of directory FROM into the new directory TO. */
static lrm_status_t
copy_dir(const char *from, const char *to, lrm_error_t *err)
{
	DIR *d = opendir(from);
	struct dirent *e;
	lrm_status_t status = LRM_OK;

	if (!d)
		return lrm_error_set(err, LRM_ERR_IO, "%s: %s", from,
				     strerror(errno));
	if (mkdir(to, 0755) != 0) {
		closedir(d);
		return lrm_error_set(err, LRM_ERR_IO, "%s: %s", to,
				     strerror(errno));
	}
	while (!status && (e = readdir(d)) != NULL) {
		char src[PATH_MAX], dst[PATH_MAX];
		struct stat st;
		int in = -1, out = -1;

		if (path_join(src, sizeof(src), from, e->d_name) ||
		    path_join(dst, sizeof(dst), to, e->d_name)) {
			status = lrm_error_set(err, LRM_ERR_IO,
					       "%s: path too long", from);
			break;
		}
		if (lstat(src, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		in = open(src, O_RDONLY | O_CLOEXEC);
		if (in >= 0)
			out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
				   st.st_mode & 0777);
		for (off_t left = st.st_size; in >= 0 && out >= 0 && left > 0;) {
			ssize_t n = copy_file_range(in, NULL, out, NULL,
						    (size_t)left, 0);

			if (n <= 0) {
				/* not supported here, or a short file: the
				 * plain way */
				char buf[65536];

				n = read(in, buf, sizeof(buf));
				if (n <= 0 || write(out, buf, (size_t)n) != n) {
					if (n >= 0)
						errno = EIO; /* short */
					break;
				}
			}
			left -= n;
		}
		if (in < 0 || out < 0 || lseek(out, 0, SEEK_CUR) != st.st_size)
			status = lrm_error_set(err, LRM_ERR_IO,
					       "copying %s to %s: %s", src, dst,
					       strerror(errno));
		if (in >= 0)
			close(in);
		if (out >= 0 && close(out) != 0 && !status)
			status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", dst,
					       strerror(errno));
	}
	closedir(d);
	return status;
}

static int
compare_ids(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

/* What an update would change in the old generation. */
struct changes {
	size_t *papers; /* indexes into the dataset: new or changed papers */
	size_t n_papers;
	char **gone;	/* "Q..." terms of papers no longer in the dataset */
	size_t n_gone;
	const char **ids; /* the dataset's ids, sorted */
	size_t n_ids;
	int nomem;
};

static void
changes_clear(struct changes *ch)
{
	for (size_t i = 0; i < ch->n_gone; i++)
		free(ch->gone[i]);
	free(ch->gone);
	free(ch->papers);
	free(ch->ids);
	memset(ch, 0, sizeof(*ch));
}

/* lrm_xapian_db_each_term() callback: a "Q" term whose id is not in the
 * dataset goes to the list of papers gone. */
static int
note_gone(const char *term, size_t len, void *ctx)
{
	struct changes *ch = ctx;
	char *copy = strndup(term, len), **grown;
	const char *id = copy ? copy + strlen(LRM_PREFIX_ID) : NULL;

	if (!copy) {
		ch->nomem = 1;
		return 1;
	}
	if (bsearch(&id, ch->ids, ch->n_ids, sizeof(*ch->ids), compare_ids)) {
		free(copy);
		return 0;
	}
	grown = realloc(ch->gone, (ch->n_gone + 1) * sizeof(*ch->gone));
	if (!grown) {
		free(copy);
		ch->nomem = 1;
		return 1;
	}
	ch->gone = grown;
	ch->gone[ch->n_gone++] = copy;
	return 0;
}

/* Whether DB, a generation, can be updated for SYNONYMS (same format, same
 * synonym table), and if so what changed: into CH. */
static lrm_status_t
find_changes(lrm_xapian_db_t *db, struct indexer *ix,
	     const struct lrm_dataset *dataset, struct changes *ch, int *usable)
{
	char *format = NULL, *syn = NULL, *xapian = NULL, want_syn[17];
	lrm_status_t status = LRM_OK;
	lrm_xapian_status_t st;

	*usable = 0;
	synonyms_hash(ix->synonyms, want_syn);
	if (lrm_xapian_db_get_metadata(db, LRM_META_FORMAT, &format) ||
	    lrm_xapian_db_get_metadata(db, LRM_META_SYNONYMS_HASH, &syn) ||
	    lrm_xapian_db_get_metadata(db, LRM_META_XAPIAN, &xapian) ||
	    strcmp(format, LRM_INDEX_FORMAT) != 0 ||
	    strcmp(syn, want_syn) != 0 ||
	    strcmp(xapian, lrm_xapian_version_string()) != 0)
		goto cleanup;
	ch->papers = malloc((dataset->n_papers + 1) * sizeof(*ch->papers));
	ch->ids = malloc((dataset->n_papers + 1) * sizeof(*ch->ids));
	if (!ch->papers || !ch->ids) {
		status = lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < dataset->n_papers && !status; i++) {
		const struct lrm_paper *paper = &dataset->papers[i];
		char term[32];
		unsigned freq = 0;

		ch->ids[ch->n_ids++] = paper->id;
		status = fingerprint_term(ix, paper, term);
		if (status)
			break;
		st = lrm_xapian_db_term_freq(db, term, &freq);
		if (st)
			status = xfail(ix, st, "reading the index",
				       lrm_xapian_db_last_error(db));
		else if (freq == 0)
			ch->papers[ch->n_papers++] = i;
	}
	if (status)
		goto cleanup;
	qsort(ch->ids, ch->n_ids, sizeof(*ch->ids), compare_ids);
	/* An id twice: which record wins depends on the order of indexing,
	 * which only a full build gets right. */
	for (size_t i = 1; i < ch->n_ids; i++)
		if (strcmp(ch->ids[i - 1], ch->ids[i]) == 0)
			goto cleanup;
	st = lrm_xapian_db_each_term(db, LRM_PREFIX_ID, note_gone, ch);
	if (ch->nomem)
		status = lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	else if (st)
		status = xfail(ix, st, "reading the index",
			       lrm_xapian_db_last_error(db));
	else
		*usable = 1;
cleanup:
	free(format);
	free(syn);
	free(xapian);
	return status;
}

/* Take the paper indexed by TERM out of IX's database and its words out
 * of the spelling data; with DELETE, the document itself too (else it is
 * about to be replaced). */
static lrm_status_t
unindex(struct indexer *ix, const char *term, int delete)
{
	lrm_xapian_doc_t *doc = NULL;
	unsigned docid;
	lrm_xapian_status_t st = lrm_xapian_db_find_document(ix->db, term,
							     &docid);

	if (st == LRM_XAPIAN_NOT_FOUND)
		return LRM_OK;
	if (!st)
		st = lrm_xapian_db_get_document(ix->db, docid, &doc);
	if (!st && lrm_xapian_spelling_remove_document(ix->spelling, doc)) {
		lrm_xapian_doc_destroy(doc);
		return lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	}
	lrm_xapian_doc_destroy(doc);
	if (!st && delete)
		st = lrm_xapian_db_delete_document(ix->db, term);
	return st ? xfail(ix, st, "updating the index",
			  lrm_xapian_db_last_error(ix->db))
		  : LRM_OK;
}

/* Build PATH as an updated copy of the generation OLD_PATH: only papers
 * that are new or whose record or abstract changed are indexed again, and
 * papers no longer in DATASET are deleted.  *DONE stays 0, and nothing is
 * written, when a full build is the better way: no readable old
 * generation, another index format or synonym table, or more than a
 * quarter of the papers to index again. */
static lrm_status_t
update_database(const char *path, const char *old_path,
		const struct lrm_dataset *dataset,
		const struct lrm_abstracts *abstracts,
		const struct lrm_synonyms *synonyms, const char *hash,
		struct lrm_index_stats *stats, int *done, lrm_error_t *err)
{
	struct indexer ix;
	struct changes ch = {0};
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_status_t st;
	lrm_status_t status;
	char *msg = NULL;
	int usable = 0;

	*done = 0;
	if (lrm_xapian_db_open(old_path, &db, &msg)) {
		free(msg);
		return LRM_OK;
	}
	status = indexer_init(&ix, NULL, abstracts, synonyms, err);
	if (!status)
		status = find_changes(db, &ix, dataset, &ch, &usable);
	lrm_xapian_db_destroy(db);
	db = NULL;
	if (status || !usable ||
	    (ch.n_papers + ch.n_gone) * 4 > dataset->n_papers)
		goto cleanup;

	status = copy_dir(old_path, path, err);
	if (status)
		goto cleanup;
	st = lrm_xapian_db_open_writable(path, LRM_XAPIAN_DB_OPEN, &db, &msg);
	if (st) {
		status = lrm_error_set(err, LRM_ERR_INDEX, "%s: %s", path,
				       msg ? msg : "cannot open the copy");
		goto cleanup;
	}
	ix.db = db;
	for (size_t i = 0; i < ch.n_gone && !status; i++)
		status = unindex(&ix, ch.gone[i], 1);
	for (size_t i = 0; i < ch.n_papers && !status; i++) {
		const struct lrm_paper *paper = &dataset->papers[ch.papers[i]];
		char *qterm = malloc(strlen(paper->id) + strlen(LRM_PREFIX_ID) + 1);

		if (!qterm) {
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
			break;
		}
		sprintf(qterm, "%s%s", LRM_PREFIX_ID, paper->id);
		status = unindex(&ix, qterm, 0);
		free(qterm);
		if (!status)
			status = index_paper(&ix, paper);
	}
	if (status)
		goto cleanup;
	st = lrm_xapian_spelling_flush(ix.spelling, db);
	if (!st)
		st = finish_database(db, synonyms, hash);
	if (!st)
		st = lrm_xapian_db_close(db);
	if (st) {
		status = xfail(&ix, st, "writing the index",
			       lrm_xapian_db_last_error(db));
		goto cleanup;
	}
	*done = 1;
	if (stats) {
		stats->updated = 1;
		stats->indexed = ch.n_papers;
		stats->removed = ch.n_gone;
	}
cleanup:
	free(msg);
	lrm_xapian_db_destroy(db);
	indexer_clear(&ix);
	changes_clear(&ch);
	return status;
}

/* A new database at PATH holding DATASET, built at PATH-shard-0 and then
 * compacted into PATH: commits every BATCH papers leave Xapian's blocks
 * part full, and compaction makes the index about a third smaller (and
 * faster to search). */
static lrm_status_t
build_compacted(const char *path, const struct lrm_dataset *dataset,
		const struct lrm_abstracts *abstracts,
		const struct lrm_synonyms *synonyms, const char *hash,
		unsigned batch, lrm_error_t *err)
{
	char shard[PATH_MAX];
	const char *sources[1] = {shard};
	lrm_status_t status;
	char *msg = NULL;

	if (snprintf(shard, sizeof(shard), "%s-shard-0", path) >=
	    (int)sizeof(shard))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", path);
	status = build_database(shard, dataset, abstracts, synonyms, hash,
				batch, err);
	if (!status &&
	    lrm_xapian_compact(sources, 1, path, &msg) != LRM_XAPIAN_SUCCESS)
		status = lrm_error_set(err, LRM_ERR_INDEX, "compacting: %s",
				       msg ? msg : "failed");
	free(msg);
	(void)remove_tree(shard);
	return status;
}

/* DATASET in JOBS shards built at once by child processes, one per core,
 * then merged into PATH: Xapian indexes on one core, so this is what
 * makes a large build faster. */
static lrm_status_t
build_sharded(const char *path, const struct lrm_dataset *dataset,
	      const struct lrm_abstracts *abstracts,
	      const struct lrm_synonyms *synonyms, const char *hash,
	      unsigned jobs, unsigned batch, lrm_error_t *err)
{
	char shard_paths[LRM_INDEX_MAX_JOBS][PATH_MAX];
	const char *shards[LRM_INDEX_MAX_JOBS];
	pid_t pids[LRM_INDEX_MAX_JOBS];
	int pipes[LRM_INDEX_MAX_JOBS];
	lrm_status_t status = LRM_OK;
	size_t per = (dataset->n_papers + jobs - 1) / jobs;
	unsigned started = 0;
	char *msg = NULL;

	fflush(NULL); /* no buffered output may be written twice */
	for (unsigned k = 0; k < jobs; k++) {
		int fds[2];

		snprintf(shard_paths[k], PATH_MAX, "%s-shard-%u", path, k);
		shards[k] = shard_paths[k];
		if (pipe(fds) != 0) {
			status = lrm_error_set(err, LRM_ERR_IO, "pipe: %s",
					       strerror(errno));
			break;
		}
		pids[k] = fork();
		if (pids[k] < 0) {
			status = lrm_error_set(err, LRM_ERR_IO, "fork: %s",
					       strerror(errno));
			close(fds[0]);
			close(fds[1]);
			break;
		}
		if (pids[k] == 0) {
			/* the child: build shard K, report on the pipe */
			size_t first = (size_t)k * per;
			struct lrm_dataset slice = {
				dataset->papers + (first < dataset->n_papers ? first : dataset->n_papers),
				first >= dataset->n_papers ? 0
				: dataset->n_papers - first < per ? dataset->n_papers - first
								  : per};
			lrm_error_t cerr = {0};
			lrm_status_t cst;

			close(fds[0]);
			cst = build_database(shard_paths[k], &slice, abstracts,
					     synonyms, hash, batch, &cerr);
			if (cst) {
				ssize_t w = write(fds[1], cerr.msg, strlen(cerr.msg));
				(void)w;
			}
			_exit(cst ? 1 : 0);
		}
		close(fds[1]);
		pipes[k] = fds[0];
		started++;
	}
	for (unsigned k = 0; k < started; k++) {
		char buf[sizeof(err->msg)];
		ssize_t n = read(pipes[k], buf, sizeof(buf) - 1);
		int wstatus = 0;

		close(pipes[k]);
		while (waitpid(pids[k], &wstatus, 0) < 0 && errno == EINTR)
			;
		if (status == LRM_OK &&
		    (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)) {
			buf[n > 0 ? n : 0] = '\0';
			status = lrm_error_set(err, LRM_ERR_INDEX,
					       "building shard %u: %s", k,
					       n > 0 ? buf : "the process failed");
		}
	}
	if (status == LRM_OK &&
	    lrm_xapian_compact(shards, jobs, path, &msg) != LRM_XAPIAN_SUCCESS)
		status = lrm_error_set(err, LRM_ERR_INDEX, "merging shards: %s",
				       msg ? msg : "failed");
	free(msg);
	for (unsigned k = 0; k < jobs; k++)
		(void)remove_tree(shard_paths[k]);
	return status;
}

lrm_status_t
lrm_index_build(const char *dir, const struct lrm_dataset *dataset,
		const struct lrm_abstracts *abstracts,
		const struct lrm_synonyms *synonyms, const char *hash,
		unsigned jobs, lrm_error_t *err)
{
	struct lrm_index_options opts = {jobs, LRM_INDEX_BATCH, 0};

	return lrm_index_build_with(dir, dataset, abstracts, synonyms, hash,
				    &opts, NULL, err);
}

lrm_status_t
lrm_index_build_with(const char *dir, const struct lrm_dataset *dataset,
		     const struct lrm_abstracts *abstracts,
		     const struct lrm_synonyms *synonyms, const char *hash,
		     const struct lrm_index_options *opts,
		     struct lrm_index_stats *stats, lrm_error_t *err)
{
	unsigned jobs = opts->jobs, batch = opts->batch;
	struct lrm_index_stats ignored;
	int updated = 0;
	char lock_path[PATH_MAX], gen[64], gen_path[PATH_MAX], old[64];
	char current[PATH_MAX], tmp[PATH_MAX], stub[128];
	lrm_status_t status = LRM_OK;
	struct timespec now;
	int lock_fd = -1, built = 0;

	if (!is_index_dir(dir))
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s: not an lrmsearch index directory "
				     "(it holds other files); choose an empty "
				     "or new directory",
				     dir);
	if (mkdir_p(dir) != 0)
		return lrm_error_set(err, LRM_ERR_IO, "%s: cannot create: %s",
				     dir, strerror(errno));
	if (path_join(lock_path, sizeof(lock_path), dir, LOCK_FILE) ||
	    path_join(current, sizeof(current), dir, CURRENT))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
	lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock_fd < 0)
		return lrm_error_set(err, LRM_ERR_IO, "%s: %s", lock_path,
				     strerror(errno));
	/* Another build of the same directory: wait for it to finish. */
	while (flock(lock_fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			status = lrm_error_set(err, LRM_ERR_IO,
					       "%s: cannot lock: %s", lock_path,
					       strerror(errno));
			goto cleanup;
		}
	}
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(gen, sizeof(gen), GEN_PREFIX "%lld-%09ld-%ld",
		 (long long)now.tv_sec, now.tv_nsec, (long)getpid());
	if (path_join(gen_path, sizeof(gen_path), dir, gen) ||
	    path_join(tmp, sizeof(tmp), dir, CURRENT ".tmp")) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
		goto cleanup;
	}
	built = 1;
	if (!stats)
		stats = &ignored;
	memset(stats, 0, sizeof(*stats));
	current_generation(dir, old, sizeof(old));
	if (!opts->full && old[0]) {
		char old_path[PATH_MAX];

		if (path_join(old_path, sizeof(old_path), dir, old) == 0)
			status = update_database(gen_path, old_path, dataset,
						 abstracts, synonyms, hash,
						 stats, &updated, err);
		if (status && status != LRM_ERR_NOMEM) {
			/* a damaged live index, say: a full build does not
			 * need it */
			(void)remove_tree(gen_path);
			memset(stats, 0, sizeof(*stats));
			status = LRM_OK;
		}
		if (status || updated)
			goto swap;
	}
	stats->indexed = dataset->n_papers;
	if (jobs > LRM_INDEX_MAX_JOBS)
		jobs = LRM_INDEX_MAX_JOBS;
	if (jobs > 1 && dataset->n_papers >= (size_t)jobs * LRM_INDEX_SHARD_MIN)
		status = build_sharded(gen_path, dataset, abstracts, synonyms,
				       hash, jobs, batch, err);
	else if (batch && dataset->n_papers > batch)
		status = build_compacted(gen_path, dataset, abstracts, synonyms,
					 hash, batch, err);
	else
		status = build_database(gen_path, dataset, abstracts, synonyms,
					hash, batch, err);
swap:
	if (status)
		goto cleanup;
	/* Swap it in. */
	snprintf(stub, sizeof(stub), "auto %s\n", gen);
	status = lrm_file_write_atomic(current, stub, strlen(stub), err);
	if (status)
		goto cleanup;
	built = 0; /* live now: keep it */
	prune_generations(dir, gen, old);
cleanup:
	if (built)
		(void)remove_tree(gen_path);
	if (lock_fd >= 0)
		close(lock_fd); /* releases the lock */
	return status;
}

lrm_status_t
lrm_index_open(const char *dir, lrm_xapian_db_t **db, lrm_error_t *err)
{
	char current[PATH_MAX];
	struct stat st;
	lrm_xapian_status_t xst = LRM_XAPIAN_SUCCESS;
	char *msg = NULL;

	*db = NULL;
	if (path_join(current, sizeof(current), dir, CURRENT))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
	/* A build may prune the generation we are about to open between our
	 * reading "current" and opening it; then read "current" again. */
	for (int attempt = 0; attempt < 5; attempt++) {
		free(msg);
		msg = NULL;
		if (stat(current, &st) == 0)
			xst = lrm_xapian_db_open(current, db, &msg);
		else
			xst = lrm_xapian_db_open(dir, db, &msg);
		if (xst == LRM_XAPIAN_SUCCESS) {
			free(msg);
			return LRM_OK;
		}
		if (xst != LRM_XAPIAN_DB_NOT_FOUND &&
		    xst != LRM_XAPIAN_DB_CORRUPT && xst != LRM_XAPIAN_DB_MODIFIED)
			break;
		if (stat(current, &st) != 0)
			break;
	}
	lrm_error_set(err, xst == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
						       : LRM_ERR_INDEX,
		      "cannot open the index: %s",
		      msg ? msg : lrm_xapian_status_to_string(xst));
	free(msg);
	return err ? err->status : LRM_ERR_INDEX;
}

lrm_status_t
lrm_index_default_dir(char *buf, size_t size, lrm_error_t *err)
{
	const char *env = getenv("LRM_INDEX"), *cache = getenv("XDG_CACHE_HOME"),
		   *home = getenv("HOME");
	int n;

	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (cache && *cache == '/')
		n = snprintf(buf, size, "%s/lrmsearch/index", cache);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.cache/lrmsearch/index", home);
	else
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "no index given: use --index DIR or set "
				     "LRM_INDEX (HOME is not set)");
	if (n < 0 || (size_t)n >= size)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "index path too long");
	return LRM_OK;
}

lrm_status_t
lrm_index_doc_paper(lrm_xapian_doc_t *doc, struct lrm_dataset *one,
		    lrm_error_t *err)
{
	char *data = NULL;
	size_t len;
	lrm_status_t status;
	lrm_xapian_status_t st = lrm_xapian_doc_get_data(doc, &data, &len);

	if (st)
		return lrm_error_set(err, LRM_ERR_INDEX, "reading a document: %s",
				     lrm_xapian_doc_last_error(doc));
	status = lrm_dataset_parse(one, "index document", data, len, err);
	free(data);
	if (!status && one->n_papers != 1) {
		lrm_dataset_clear(one);
		status = lrm_error_set(err, LRM_ERR_INDEX,
				       "an index document holds %zu papers",
				       one->n_papers);
	}
	return status;
}
