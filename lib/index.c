/* lib/index.c - building and opening the search index (see lrm/index.h). */
#define _GNU_SOURCE
#include "lrm/index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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

/* A facet slot's value as it grows (see facet_add()). */
struct facet_value {
	char *value;
	size_t len;
};

struct indexer {
	lrm_xapian_db_t *db;
	lrm_xapian_termgen_t *tg;
	lrm_xapian_spelling_t *spelling;
	const struct lrm_abstracts *abstracts; /* may be NULL */
	const struct lrm_synonyms *synonyms;
	lrm_error_t *err;
	/* the facet values of the paper being indexed, per slot: those of
	 * the rows with LRM_FIELD_FACET, joined by LRM_FACET_SEP */
	struct facet_value facets[LRM_SLOTS];
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

/* Index TEXT as the text field F: under its prefix with its wdf (and
 * unprefixed when it is LRM_FIELD_BARE), and for LRM_FIELD_SYNONYMS with
 * each synonym it uses in the other form: the abbreviation of an expansion
 * it spells out ("chain-of-thought" adds "cot"), and the expansion of an
 * abbreviation it uses ("KV" adds "key value", as a phrase after the
 * text), so that either form, hyphenated or quoted, finds both. */
static lrm_status_t
index_field(struct indexer *ix, const struct lrm_field *f, const char *text)
{
	lrm_xapian_status_t st;
	lrm_status_t status;
	char *norm = NULL, *words = NULL;
	size_t n_words;
	unsigned wdf = f->wdf;
	int also_plain = (f->flags & LRM_FIELD_BARE) != 0;
	int synonyms = (f->flags & LRM_FIELD_SYNONYMS) != 0;

	if (!text || !*text)
		return LRM_OK;
	status = lrm_text_normalize(text, strlen(text), &norm, ix->err);
	if (status)
		return status;
	status = word_string(norm, strlen(norm), &words, &n_words, ix->err);
	if (status)
		goto cleanup;
	for (int pass = 0; pass < (also_plain ? 2 : 1); pass++) {
		const char *pfx = pass == 0 ? f->prefix : "";

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

/* The cached abstract of PAPER (of its first listing with one), or NULL. */
static const struct lrm_abstract *
find_abstract(const struct indexer *ix, const struct lrm_paper *paper)
{
	for (size_t i = 0; ix->abstracts && i < paper->n_listings; i++) {
		const struct lrm_abstract *a =
			lrm_abstracts_find(ix->abstracts,
					   paper->listings[i].arxiv);

		if (a)
			return a;
	}
	return NULL;
}

/* PAPER's record as stored in the index (a one-paper dataset, packed). */
static lrm_status_t
emit_paper(const struct lrm_paper *paper, char **data, size_t *len,
	   lrm_error_t *err)
{
	struct lrm_dataset one = {0};

	one.papers = (struct lrm_paper *)paper;
	one.n_papers = 1;
	return lrm_dataset_pack(&one, data, len, err);
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

/* What index_value() indexes a value into. */
struct field_sink {
	struct indexer *ix;
	lrm_xapian_doc_t *doc;
	const struct lrm_field *field;
};

/* lrm_field_emit_fn: index the parts of a compound word, one space
 * apart, as the sink's field. */
static lrm_status_t
index_parts(const char *parts, void *ctx)
{
	const struct field_sink *sink = ctx;

	return index_field(sink->ix, sink->field, parts);
}

/* lrm_field_emit_fn: index VALUE as the sink's field says. */
static lrm_status_t
index_value(const char *value, void *ctx)
{
	const struct field_sink *sink = ctx;
	const struct lrm_field *f = sink->field;
	lrm_status_t status;

	if (f->kind == LRM_FIELD_BOOLEAN)
		status = add_boolean(sink->ix, sink->doc, f->prefix, value);
	else
		status = index_field(sink->ix, f, value);
	/* each part of a compound as its own phrase: "flash think" finds
	 * "FlashThink", and a phrase of the title is still one */
	if (!status && value && (f->flags & LRM_FIELD_COMPOUNDS))
		status = lrm_field_compounds(value, index_parts, ctx);
	if (!status && (f->flags & LRM_FIELD_FACET)) {
		struct facet_value *fv = &sink->ix->facets[f->slot];

		if (facet_add(&fv->value, &fv->len, value))
			status = lrm_error_set(sink->ix->err, LRM_ERR_NOMEM,
					       "out of memory");
	}
	return status;
}

/* Index the values of IN for each row of the field table read from
 * SCOPE, in table order. */
static lrm_status_t
index_scope(struct indexer *ix, lrm_xapian_doc_t *doc,
	    enum lrm_field_scope scope, const struct lrm_field_input *in)
{
	lrm_status_t status = LRM_OK;

	for (const struct lrm_field *f = lrm_fields; !status && f->name; f++) {
		struct field_sink sink = {ix, doc, f};

		if (f->scope == scope && f->values)
			status = f->values(in, index_value, &sink);
	}
	return status;
}

/* PAPER's terms, as the field table says: the paper's rows, then each
 * listing's, then those of its abstract A (NULL when none is cached), so
 * that positions follow the record (see lrm/fields.h). */
static lrm_status_t
index_terms(struct indexer *ix, lrm_xapian_doc_t *doc,
	    const struct lrm_paper *paper, const struct lrm_abstract *a)
{
	struct lrm_field_input in = {paper, NULL, a};
	lrm_status_t status = index_scope(ix, doc, LRM_SCOPE_PAPER, &in);

	for (size_t i = 0; !status && i < paper->n_listings; i++) {
		in.listing = &paper->listings[i];
		status = index_scope(ix, doc, LRM_SCOPE_LISTING, &in);
	}
	if (!status && a)
		status = index_scope(ix, doc, LRM_SCOPE_ABSTRACT, &in);
	return status;
}

/* Set SLOT of DOC to LEN bytes of VALUE; nothing when VALUE is NULL. */
static lrm_status_t
set_value(struct indexer *ix, lrm_xapian_doc_t *doc, enum lrm_slot slot,
	  const char *value, size_t len)
{
	lrm_xapian_status_t st;

	if (!value)
		return LRM_OK;
	st = lrm_xapian_doc_add_value(doc, slot, value, len);
	if (st)
		return xfail(ix, st, "adding a value",
			     lrm_xapian_doc_last_error(doc));
	return LRM_OK;
}

/* Forget the facet values of the last paper. */
static void
facets_reset(struct indexer *ix)
{
	for (size_t i = 0; i < LRM_SLOTS; i++) {
		free(ix->facets[i].value);
		ix->facets[i].value = NULL;
		ix->facets[i].len = 0;
	}
}

/* The facets: the values index_value() kept for the rows with
 * LRM_FIELD_FACET, and PAPER's distinct sections (all of them, where the
 * section field leaves out one that an earlier listing's contains). */
static lrm_status_t
add_facet_values(struct indexer *ix, lrm_xapian_doc_t *doc,
		 const struct lrm_paper *paper)
{
	char *sections = NULL;
	size_t sections_len = 0;
	int failed = 0;
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; !status && i < LRM_SLOTS; i++)
		status = set_value(ix, doc, (enum lrm_slot)i, ix->facets[i].value,
				   ix->facets[i].len);
	for (size_t i = 0; !failed && i < paper->n_listings; i++)
		failed = facet_add(&sections, &sections_len,
				   paper->listings[i].section);
	if (!status && failed)
		status = lrm_error_set(ix->err, LRM_ERR_NOMEM, "out of memory");
	if (!status)
		status = set_value(ix, doc, LRM_SLOT_SECTIONS, sections,
				   sections_len);
	free(sections);
	return status;
}

/* PAPER's values: for sorting (the date of its primary listing, the day
 * it was added), facets, snippets (the abstract of A, which may be NULL)
 * and the last tie-break (the id). */
static lrm_status_t
add_values(struct indexer *ix, lrm_xapian_doc_t *doc,
	   const struct lrm_paper *paper, const struct lrm_abstract *a)
{
	const struct lrm_listing *primary = lrm_paper_primary(paper);
	lrm_status_t status = LRM_OK;

	if (primary && primary->date)
		status = set_value(ix, doc, LRM_SLOT_DATE, primary->date,
				   strlen(primary->date));
	/* papers without it sort last, after every day */
	if (!status && paper->added)
		status = set_value(ix, doc, LRM_SLOT_ADDED, paper->added,
				   strlen(paper->added));
	if (!status)
		status = add_facet_values(ix, doc, paper);
	if (!status && a && a->abstract)
		status = set_value(ix, doc, LRM_SLOT_ABSTRACT, a->abstract,
				   strlen(a->abstract));
	if (!status)
		status = set_value(ix, doc, LRM_SLOT_ID, paper->id,
				   strlen(paper->id));
	return status;
}

/* Give DOC PAPER's record (for display) and fingerprint, count its words
 * for spelling, and put it in the database in place of the document with
 * PAPER's unique id term. */
static lrm_status_t
store_paper(struct indexer *ix, lrm_xapian_doc_t *doc,
	    const struct lrm_paper *paper)
{
	lrm_xapian_status_t st;
	lrm_status_t status;
	char *data = NULL, *qterm = NULL, *title_term = NULL;
	char fingerprint[32];
	size_t data_len;

	status = emit_paper(paper, &data, &data_len, ix->err);
	if (!status)
		status = fingerprint_term(ix, paper, fingerprint);
	if (!status)
		status = lrm_index_title_term(paper->title, &title_term, ix->err);
	if (status)
		goto cleanup;
	st = lrm_xapian_doc_set_data(doc, data, data_len);
	if (!st)
		st = lrm_xapian_doc_add_boolean_term(doc, fingerprint);
	/* weighted, unlike the filters: its weight is what ranks the paper
	 * first for its title */
	if (!st && title_term)
		st = lrm_xapian_doc_add_term(doc, title_term, 1);
	if (st) {
		status = xfail(ix, st, "storing a paper",
			       lrm_xapian_doc_last_error(doc));
		goto cleanup;
	}
	/* the id as it is, unlike other values: it is the document's key */
	qterm = malloc(strlen(LRM_PREFIX_ID) + strlen(paper->id) + 1);
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
	free(title_term);
	free(qterm);
	free(data);
	return status;
}

/* Index PAPER: its terms, values and record, in a document that replaces
 * its old one. */
static lrm_status_t
index_paper(struct indexer *ix, const struct lrm_paper *paper)
{
	const struct lrm_abstract *a = find_abstract(ix, paper);
	lrm_xapian_doc_t *doc = NULL;
	lrm_xapian_status_t st;
	lrm_status_t status;

	st = lrm_xapian_doc_create(&doc);
	if (st)
		return xfail(ix, st, "creating a document", "out of memory");
	st = lrm_xapian_termgen_set_document(ix->tg, doc);
	if (st)
		status = xfail(ix, st, "indexing",
			       lrm_xapian_termgen_last_error(ix->tg));
	else
		status = index_terms(ix, doc, paper, a);
	if (!status)
		status = add_values(ix, doc, paper, a);
	if (!status)
		status = store_paper(ix, doc, paper);
	lrm_xapian_doc_destroy(doc);
	facets_reset(ix);
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

/* The name a build gives its generation: "gen-" and the time it started
 * (seconds, nanoseconds) and its pid, so names sort by age. */
#define GEN_NAME_MAX 64
#define STUB_MAX 4096
#define STUB_AUTO "auto "
#define STUB_PREVIOUS "# previous "

/* Whether the LEN bytes at NAME are a generation name as a build makes
 * them (see GEN_NAME_MAX): only such a name is ever opened, so "current"
 * cannot point a search at "/etc" or "../elsewhere". */
static int
is_generation_name(const char *name, size_t len)
{
	size_t i = strlen(GEN_PREFIX);
	int numbers = 0;

	if (len <= i || len >= GEN_NAME_MAX || strncmp(name, GEN_PREFIX, i) != 0)
		return 0;
	while (i < len) {
		size_t digits = strspn(name + i, "0123456789");

		if (digits == 0 || digits > 20 || i + digits > len)
			return 0;
		i += digits;
		numbers++;
		if (i < len && (name[i] != '-' || ++i == len))
			return 0;
	}
	return numbers == 3;
}

/* Seconds and nanoseconds from a generation name, for its age. */
static void
generation_time(const char *name, unsigned long long *sec,
		unsigned long long *nsec)
{
	char *end;

	*sec = strtoull(name + strlen(GEN_PREFIX), &end, 10);
	*nsec = *end == '-' ? strtoull(end + 1, NULL, 10) : 0;
}

/* Whether generation A started before generation B. */
static int
generation_older(const char *a, const char *b)
{
	unsigned long long as, an, bs, bn;

	generation_time(a, &as, &an);
	generation_time(b, &bs, &bn);
	return as < bs || (as == bs && an < bn);
}

/* Whether NAME is a shard a build of generation G makes beside it:
 * "G-shard-K". */
static int
is_shard_name(const char *name)
{
	const char *dash = strstr(name, "-shard-");

	return dash && is_generation_name(name, (size_t)(dash - name)) &&
	       dash[7] && strspn(dash + 7, "0123456789") == strlen(dash + 7);
}

/* Whether NAME, in an index directory, is something a build makes there:
 * "current", its temporary copies "current.tmp.XXXXXX", the lock, a
 * generation or a shard.  Nothing else is ever pruned, and a directory
 * holding anything else is no index of ours. */
static int
is_index_entry(const char *name)
{
	return strcmp(name, CURRENT) == 0 || strcmp(name, LOCK_FILE) == 0 ||
	       strncmp(name, CURRENT ".tmp.", strlen(CURRENT ".tmp.")) == 0 ||
	       is_generation_name(name, strlen(name)) || is_shard_name(name);
}

/* What "current" says. */
struct stub {
	char live[GEN_NAME_MAX];     /* the generation to open */
	char previous[GEN_NAME_MAX]; /* the one before; "" when not recorded */
};

enum stub_state {
	STUB_OK,
	STUB_MISSING,	 /* no "current" */
	STUB_EMPTY,	 /* nothing in it */
	STUB_FOREIGN,	 /* not as lrmindex writes it (WHY says how) */
	STUB_UNREADABLE, /* WHY says why */
};

/* A line of a stub, quoted for a message: at most about 60 bytes, never
 * cut inside a UTF-8 character. */
static void
quote_line(char *buf, size_t size, const char *line, size_t len)
{
	size_t n = len;

	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(buf, size, "\"%.*s%s\"", (int)n, line, n < len ? "..." : "");
}

/* Parse the LEN bytes of TEXT, a stub, into STUB: lines "auto GEN" (one)
 * and "# previous GEN" (at most one), other "#" comments and empty lines;
 * nothing else.  STUB_FOREIGN, with what is wrong in WHY, otherwise. */
static enum stub_state
parse_stub(const char *text, size_t len, struct stub *stub, char *why,
	   size_t why_size)
{
	size_t pos = 0;
	unsigned line_no = 0;
	int blank = 1;

	memset(stub, 0, sizeof(*stub));
	if (memchr(text, '\0', len)) {
		snprintf(why, why_size, "it holds a NUL byte");
		return STUB_FOREIGN;
	}
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		size_t an = strlen(STUB_AUTO), pn = strlen(STUB_PREVIOUS);
		char quoted[128];

		pos += n + (nl ? 1 : 0);
		line_no++;
		if (n == 0)
			continue;
		blank = 0;
		quote_line(quoted, sizeof(quoted), line, n);
		if (n > an && strncmp(line, STUB_AUTO, an) == 0 &&
		    is_generation_name(line + an, n - an) && !stub->live[0]) {
			memcpy(stub->live, line + an, n - an);
			continue;
		}
		if (n > pn && strncmp(line, STUB_PREVIOUS, pn) == 0 &&
		    is_generation_name(line + pn, n - pn) && !stub->previous[0]) {
			memcpy(stub->previous, line + pn, n - pn);
			continue;
		}
		if (line[0] == '#')
			continue;
		snprintf(why, why_size, "line %u is %s", line_no, quoted);
		return STUB_FOREIGN;
	}
	if (blank)
		return STUB_EMPTY;
	if (!stub->live[0]) {
		snprintf(why, why_size, "it names no generation");
		return STUB_FOREIGN;
	}
	return STUB_OK;
}

/* Read DIR's "current" into STUB.  Only a regular file is read (a FIFO
 * planted there would block), and at most STUB_MAX bytes.  WHY says what
 * is wrong with it, or why it cannot be read (strerror()). */
static enum stub_state
read_stub(const char *dir, struct stub *stub, char *why, size_t why_size)
{
	char path[PATH_MAX], text[STUB_MAX + 1];
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd;

	memset(stub, 0, sizeof(*stub));
	if (path_join(path, sizeof(path), dir, CURRENT)) {
		snprintf(why, why_size, "the path is too long");
		return STUB_UNREADABLE;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)
		return STUB_MISSING;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(why, why_size, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return STUB_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(why, why_size, "it is not a regular file");
		return STUB_FOREIGN;
	}
	while (len <= STUB_MAX &&
	       (n = read(fd, text + len, STUB_MAX + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, why_size, "%s", strerror(errno));
			close(fd);
			return STUB_UNREADABLE;
		}
		len += (size_t)n;
	}
	close(fd);
	if (len > STUB_MAX) {
		snprintf(why, why_size, "it is larger than %d bytes", STUB_MAX);
		return STUB_FOREIGN;
	}
	return parse_stub(text, len, stub, why, why_size);
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

/* Remove every generation but LIVE and PREVIOUS (either may be ""), the
 * shards of every build, and the temporary stub files of builds killed
 * before their swap: only a build, holding the lock, makes them, so what
 * a build holding the lock finds of them is left over.  When "current"
 * does not record the previous generation (an index built before
 * lrmindex recorded it), PREVIOUS is NULL: every generation older than
 * LIVE is kept, as one of them may be in use.  Failures only leave garbage
 * behind. */
static void
prune_generations(const char *dir, const char *live, const char *previous)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		size_t n = strlen(e->d_name);

		if (strncmp(e->d_name, CURRENT ".tmp.", strlen(CURRENT ".tmp.")) == 0) {
			if (path_join(path, sizeof(path), dir, e->d_name) == 0)
				(void)unlink(path);
			continue;
		}
		/* only what a build makes, never a user's "gen-notes" */
		if (!(is_generation_name(e->d_name, n) || is_shard_name(e->d_name)) ||
		    strcmp(e->d_name, live) == 0 ||
		    (previous && strcmp(e->d_name, previous) == 0))
			continue;
		if (!previous && live[0] && is_generation_name(e->d_name, n) &&
		    generation_older(e->d_name, live))
			continue;
		if (path_join(path, sizeof(path), dir, e->d_name) == 0)
			(void)remove_tree(path);
	}
	closedir(d);
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
		    is_index_entry(e->d_name))
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

	memset(ix, 0, sizeof(*ix));
	ix->db = db;
	ix->synonyms = synonyms;
	ix->err = err;
	ix->abstracts = abstracts;
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
	facets_reset(ix);
	lrm_xapian_spelling_destroy(ix->spelling);
	lrm_xapian_termgen_destroy(ix->tg);
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

/* The tables Xapian takes for empty when they are missing (see
 * check_tables()), and termlist, which it does not need either; the bit
 * of TABLES[i] is 1 << i. */
static const char *const tables[] = {"docdata", "position", "spelling",
				     "synonym", "termlist"};
enum {
	TABLES_OF_PAPERS = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 4,
	TABLE_OF_SYNONYMS = 1 << 3,
};

/* Whether the generation directory PATH is laid out as lrmindex makes
 * one: a directory, not a link to one elsewhere, holding regular files
 * only (Xapian would wait for ever opening a FIFO, and follow a link).
 * Returns 0, with the bits of the TABLES found in *FOUND, or -1 with what
 * is wrong in WHY. */
static int
check_generation_files(const char *path, unsigned *found, char *why,
		       size_t size)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int ret = 0;

	*found = 0;
	if (lstat(path, &st) != 0) {
		snprintf(why, size, "%s: %s", lrm_file_basename(path),
			 strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, size, "%s is %s, not a directory",
			 lrm_file_basename(path), lrm_file_kind(st.st_mode));
		return -1;
	}
	d = opendir(path);
	if (!d) {
		snprintf(why, size, "%s: %s", lrm_file_basename(path),
			 strerror(errno));
		return -1;
	}
	while (ret == 0 && (e = readdir(d)) != NULL) {
		char child[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (path_join(child, sizeof(child), path, e->d_name) ||
		    lstat(child, &st) != 0) {
			snprintf(why, size, "%s/%s cannot be read",
				 lrm_file_basename(path), e->d_name);
			ret = -1;
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(why, size, "%s/%s is %s, which lrmindex never "
				 "makes", lrm_file_basename(path), e->d_name,
				 lrm_file_kind(st.st_mode));
			ret = -1;
		}
		for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
			size_t n = strlen(tables[i]);

			if (strncmp(e->d_name, tables[i], n) == 0 &&
			    strcmp(e->d_name + n, ".glass") == 0)
				*found |= 1u << i;
		}
	}
	closedir(d);
	return ret;
}

/* Whether DB, a generation in which check_generation_files() FOUND its
 * tables, has every table that what it holds needs: Xapian takes a
 * missing docdata, position, spelling or synonym table for an empty one
 * (its check passes), so without this a deleted table would silently
 * change results, and be copied into every update.  Papers bring all but
 * the synonym table; synonyms (a synonym table other than the empty one)
 * that one.  Returns 0, or -1 with WHY. */
static int
check_tables(lrm_xapian_db_t *db, unsigned found, char *why, size_t size)
{
	char *syn = NULL, empty[17];
	unsigned docs = 0, need = 0;

	synonyms_hash(NULL, empty);
	if (lrm_xapian_db_doc_count(db, &docs) ||
	    lrm_xapian_db_get_metadata(db, LRM_META_SYNONYMS_HASH, &syn)) {
		snprintf(why, size, "%s", lrm_xapian_db_last_error(db));
		return -1;
	}
	if (docs)
		need |= TABLES_OF_PAPERS;
	if (*syn && strcmp(syn, empty) != 0)
		need |= TABLE_OF_SYNONYMS;
	free(syn);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if ((need & ~found) & 1u << i) {
			snprintf(why, size, "its %s table (%s.glass) is missing",
				 tables[i], tables[i]);
			return -1;
		}
	return 0;
}

/* Record HASH, SOURCES (may be NULL) and the index format in DB, and
 * commit. */
static lrm_xapian_status_t
finish_database(lrm_xapian_db_t *db, const struct lrm_synonyms *synonyms,
		const char *hash, const char *sources)
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
		st = lrm_xapian_db_set_metadata(db, LRM_META_SOURCES,
						sources ? sources : "");
	if (!st)
		st = lrm_xapian_db_commit(db);
	return st;
}

/* Add to DB the synonym KEY+B of the term "Z"+PREFIX+TERM (KEY and B
 * concatenated; B may be ""). */
static lrm_xapian_status_t
add_synonym_of_stem(lrm_xapian_db_t *db, const char *key, const char *b,
		    const char *prefix, const char *stem)
{
	char *k = malloc(strlen(key) + strlen(b) + 1);
	char *t = malloc(strlen(prefix) + strlen(stem) + 2);
	lrm_xapian_status_t st = LRM_XAPIAN_NO_MEMORY;

	if (k && t) {
		sprintf(k, "%s%s", key, b);
		sprintf(t, "Z%s%s", prefix, stem);
		st = lrm_xapian_db_add_synonym(db, k, t);
	}
	free(k);
	free(t);
	return st;
}

/* The synonyms of S in DB, as the query parser looks them up.  "chain of
 * thought" in a query also finds papers that only say "CoT": a multi-word
 * synonym (also in the plural) whose value is the abbreviation's stemmed
 * term, as the parser would make it.  And "LLMs" finds what "LLM" finds:
 * stemming leaves the plural of an abbreviation alone, so the plural is a
 * synonym of the singular's stemmed term, bare and under the prefix of
 * each field with synonyms ("title:LLMs"), as the parser looks a word up
 * (the plural of a word the stemmer reduces, "CoTs", needs none). */
static lrm_xapian_status_t
add_synonym(lrm_xapian_db_t *db, const struct lrm_synonym *s)
{
	char *stem = NULL, *plural = malloc(strlen(s->abbrev) + 2),
	     *plural_stem = NULL;
	lrm_xapian_status_t st = LRM_XAPIAN_NO_MEMORY;

	if (plural) {
		sprintf(plural, "%ss", s->abbrev);
		st = lrm_xapian_stem_word(LRM_STEM_LANGUAGE, s->abbrev, &stem);
	}
	if (!st)
		st = lrm_xapian_stem_word(LRM_STEM_LANGUAGE, plural, &plural_stem);
	if (!st)
		st = add_synonym_of_stem(db, s->expansion, "", "", stem);
	if (!st)
		st = add_synonym_of_stem(db, s->expansion, "s", "", stem);
	if (st || strcmp(stem, plural_stem) == 0)
		goto cleanup;
	st = add_synonym_of_stem(db, "", plural, "", stem);
	for (const struct lrm_field *f = lrm_fields; !st && f->name; f++)
		if (f->flags & LRM_FIELD_SYNONYMS)
			st = add_synonym_of_stem(db, f->prefix, plural, f->prefix,
						 stem);
cleanup:
	free(plural);
	free(stem);
	free(plural_stem);
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
		const char *sources,
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
	for (size_t i = 0; synonyms && i < synonyms->n && !st; i++)
		st = add_synonym(db, &synonyms->items[i]);
	if (!st)
		st = finish_database(db, synonyms, hash, sources);
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
		const char *sources,
	       unsigned batch, lrm_error_t *err)
{
	lrm_xapian_db_t *db = NULL;
	lrm_status_t status;
	lrm_xapian_status_t st;
	char *msg = NULL;

	st = lrm_xapian_db_open_writable_glass(path, LRM_XAPIAN_DB_CREATE, &db,
					       &msg);
	if (st) {
		status = lrm_error_set(err,
				       st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
								  : LRM_ERR_INDEX,
				       "%s", msg ? msg : "cannot create the index");
		free(msg);
		return status;
	}
	status = fill_database(db, dataset, abstracts, synonyms, hash, sources, batch,
			       err);
	if (!status && (st = lrm_xapian_db_close(db)) != LRM_XAPIAN_SUCCESS)
		status = lrm_error_set(err,
				       st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
								  : LRM_ERR_INDEX,
				       "%s: %s", path, lrm_xapian_db_last_error(db));
	/* On failure nothing more is written (the caller removes PATH): a
	 * commit after running out of memory midway through one crashes. */
	if (status)
		(void)lrm_xapian_db_discard(db);
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
	st = lrm_xapian_db_get_metadata(db, LRM_META_FORMAT, &format);
	if (!st)
		st = lrm_xapian_db_get_metadata(db, LRM_META_SYNONYMS_HASH, &syn);
	if (!st)
		st = lrm_xapian_db_get_metadata(db, LRM_META_XAPIAN, &xapian);
	if (st) {
		status = xfail(ix, st, "reading the index",
			       lrm_xapian_db_last_error(db));
		goto cleanup;
	}
	if (strcmp(format, LRM_INDEX_FORMAT) != 0 ||
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

/* What opening or checking the live generation said (ST, not success,
 * with MSG): out of memory is an error; anything else is damage, noted in
 * STATS, and the build starts anew. */
static lrm_status_t
note_damage(struct lrm_index_stats *stats, lrm_xapian_status_t st,
	    const char *msg, lrm_error_t *err)
{
	if (st == LRM_XAPIAN_NO_MEMORY)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	snprintf(stats->damaged, sizeof(stats->damaged), "%s",
		 msg ? msg : lrm_xapian_status_to_string(st));
	return LRM_OK;
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
		const char *sources,
		struct lrm_index_stats *stats, int *done, lrm_error_t *err)
{
	struct indexer ix;
	struct changes ch = {0};
	lrm_xapian_db_t *db = NULL;
	lrm_xapian_status_t st;
	lrm_status_t status;
	char *msg = NULL;
	unsigned found = 0;
	int usable = 0;

	*done = 0;
	memset(&ix, 0, sizeof(ix));
	/* a FIFO in it would hang the open, a missing table pass the check */
	if (check_generation_files(old_path, &found, stats->damaged,
				   sizeof(stats->damaged)) != 0) {
		status = LRM_OK;
		goto cleanup;
	}
	st = lrm_xapian_db_open_glass(old_path, &db, &msg);
	if (st) {
		status = note_damage(stats, st, msg, err);
		goto cleanup;
	}
	if (check_tables(db, found, stats->damaged, sizeof(stats->damaged)) !=
	    0) {
		status = LRM_OK;
		goto cleanup;
	}
	status = indexer_init(&ix, NULL, abstracts, synonyms, err);
	if (!status)
		status = find_changes(db, &ix, dataset, &ch, &usable);
	lrm_xapian_db_destroy(db);
	db = NULL;
	if (status == LRM_ERR_INDEX) {
		/* it failed where we read it */
		snprintf(stats->damaged, sizeof(stats->damaged), "%s",
			 err ? err->msg : "reading it failed");
		status = LRM_OK;
		goto cleanup;
	}
	if (status || !usable ||
	    (ch.n_papers + ch.n_gone) * 4 > dataset->n_papers)
		goto cleanup;
	/* The copy would keep any damage for ever: Xapian's check reads all
	 * of it (an update reads only what it changes). */
	st = lrm_xapian_db_check(old_path, &msg);
	if (st) {
		status = note_damage(stats, st, msg, err);
		goto cleanup;
	}

	status = copy_dir(old_path, path, err);
	if (status)
		goto cleanup;
	st = lrm_xapian_db_open_writable_glass(path, LRM_XAPIAN_DB_OPEN, &db,
					       &msg);
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
		st = finish_database(db, synonyms, hash, sources);
	if (!st)
		st = lrm_xapian_db_close(db);
	if (st) {
		status = xfail(&ix, st, "writing the index",
			       lrm_xapian_db_last_error(db));
		goto cleanup;
	}
	*done = 1;
	stats->updated = 1;
	stats->indexed = ch.n_papers;
	stats->removed = ch.n_gone;
cleanup:
	free(msg);
	if (status)
		(void)lrm_xapian_db_discard(db); /* see build_database() */
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
		const char *sources,
		unsigned batch, lrm_error_t *err)
{
	char shard[PATH_MAX];
	const char *shards[1] = {shard};
	lrm_status_t status;
	char *msg = NULL;

	if (snprintf(shard, sizeof(shard), "%s-shard-0", path) >=
	    (int)sizeof(shard))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", path);
	status = build_database(shard, dataset, abstracts, synonyms, hash, sources,
				batch, err);
	if (!status &&
	    lrm_xapian_compact(shards, 1, path, &msg) != LRM_XAPIAN_SUCCESS)
		status = lrm_error_set(err, LRM_ERR_INDEX, "compacting: %s",
				       msg ? msg : "failed");
	free(msg);
	(void)remove_tree(shard);
	return status;
}

/* In a shard worker, just forked: die with the parent, whatever kills
 * it (a killed build must not leave processes writing shards, which
 * would hold DIR's lock and fill the disk), and let go of the lock's file
 * descriptor LOCK_FD, which only the parent needs. */
static void
worker_setup(pid_t parent, int lock_fd)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(1); /* the parent is already gone */
	if (lock_fd >= 0)
		close(lock_fd);
}

/* Why worker K, which ended with WSTATUS and said SAID (what it wrote on
 * its pipe, maybe nothing), failed; LRM_OK when it did not. */
static lrm_status_t
worker_failure(unsigned k, int wstatus, const char *said, lrm_error_t *err)
{
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return LRM_OK;
	if (said[0])
		return lrm_error_set(err,
				     strstr(said, "out of memory") ? LRM_ERR_NOMEM
								   : LRM_ERR_INDEX,
				     "building shard %u: %s", k, said);
	if (WIFSIGNALED(wstatus))
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "building shard %u: the worker process was "
				     "killed by signal %d (%s)",
				     k, WTERMSIG(wstatus),
				     strsignal(WTERMSIG(wstatus)));
	return lrm_error_set(err, LRM_ERR_INDEX,
			     "building shard %u: the worker process exited "
			     "with status %d and said nothing",
			     k, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
}

/* Read what the workers of PIDS say on PIPES (N of them) until each has
 * ended, and reap them.  The first failure goes into ERR, and the other
 * workers are killed: their shards would be thrown away. */
static lrm_status_t
wait_workers(const pid_t *pids, const int *pipes, unsigned n, lrm_error_t *err)
{
	struct pollfd fds[LRM_INDEX_MAX_JOBS];
	char said[LRM_INDEX_MAX_JOBS][sizeof(err->msg)];
	size_t len[LRM_INDEX_MAX_JOBS] = {0};
	lrm_status_t status = LRM_OK;
	unsigned open_pipes = n;

	for (unsigned k = 0; k < n; k++) {
		fds[k].fd = pipes[k];
		fds[k].events = POLLIN;
		said[k][0] = '\0';
	}
	while (open_pipes > 0) {
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			status = lrm_error_set(err, LRM_ERR_IO, "poll: %s",
					       strerror(errno));
			break;
		}
		for (unsigned k = 0; k < n; k++) {
			ssize_t got;
			int wstatus = 0;

			if (fds[k].fd < 0 || !fds[k].revents)
				continue;
			got = read(fds[k].fd, said[k] + len[k],
				   sizeof(said[k]) - 1 - len[k]);
			if (got < 0 && errno == EINTR)
				continue;
			if (got > 0 && len[k] + (size_t)got < sizeof(said[k]) - 1) {
				len[k] += (size_t)got;
				continue;
			}
			if (got > 0)
				len[k] += (size_t)got;
			said[k][len[k]] = '\0';
			/* The end of what it says: its end. */
			close(fds[k].fd);
			fds[k].fd = -1;
			open_pipes--;
			while (waitpid(pids[k], &wstatus, 0) < 0 && errno == EINTR)
				;
			if (status == LRM_OK &&
			    (status = worker_failure(k, wstatus, said[k], err)))
				for (unsigned j = 0; j < n; j++)
					if (fds[j].fd >= 0)
						kill(pids[j], SIGKILL);
		}
	}
	for (unsigned k = 0; k < n; k++) {
		if (fds[k].fd < 0)
			continue;
		/* poll failed: end the rest */
		kill(pids[k], SIGKILL);
		close(fds[k].fd);
		while (waitpid(pids[k], NULL, 0) < 0 && errno == EINTR)
			;
	}
	return status;
}

/* DATASET in JOBS shards built at once by child processes, one per core,
 * then merged into PATH: Xapian indexes on one core, so this is what
 * makes a large build faster.  LOCK_FD is the index's lock, which the
 * workers do not keep. */
static lrm_status_t
build_sharded(const char *path, const struct lrm_dataset *dataset,
	      const struct lrm_abstracts *abstracts,
	      const struct lrm_synonyms *synonyms, const char *hash,
		const char *sources,
	      unsigned jobs, unsigned batch, int lock_fd, lrm_error_t *err)
{
	char shard_paths[LRM_INDEX_MAX_JOBS][PATH_MAX];
	const char *shards[LRM_INDEX_MAX_JOBS];
	pid_t pids[LRM_INDEX_MAX_JOBS], self = getpid();
	int pipes[LRM_INDEX_MAX_JOBS];
	lrm_status_t status = LRM_OK, waited;
	size_t per = (dataset->n_papers + jobs - 1) / jobs;
	unsigned started = 0;
	char *msg = NULL;

	fflush(NULL); /* no buffered output may be written twice */
	for (unsigned k = 0; k < jobs; k++) {
		int fds[2];

		snprintf(shard_paths[k], PATH_MAX, "%s-shard-%u", path, k);
		shards[k] = shard_paths[k];
		if (pipe2(fds, O_CLOEXEC) != 0) {
			status = lrm_error_set(err, LRM_ERR_IO, "pipe: %s",
					       strerror(errno));
			break;
		}
		pids[k] = fork();
		if (pids[k] < 0) {
			status = lrm_error_set(err,
					       errno == ENOMEM ? LRM_ERR_NOMEM
							       : LRM_ERR_IO,
					       "starting a worker process: %s",
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

			worker_setup(self, lock_fd);
			close(fds[0]);
			for (unsigned j = 0; j < started; j++)
				close(pipes[j]);
			cst = build_database(shard_paths[k], &slice, abstracts,
					     synonyms, hash, sources, batch, &cerr);
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
	if (status)
		for (unsigned k = 0; k < started; k++)
			kill(pids[k], SIGKILL);
	waited = wait_workers(pids, pipes, started, err);
	if (!status)
		status = waited;
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
	struct lrm_index_options opts = {
		.jobs = jobs, .batch = LRM_INDEX_BATCH, .wait = -1};

	return lrm_index_build_with(dir, dataset, abstracts, synonyms, hash,
				    &opts, NULL, err);
}

/* lrm_index_reserve_stack()'s frame, every page of it written. */
__attribute__((noinline)) static void
touch_stack(void)
{
	volatile char pad[LRM_INDEX_STACK_RESERVE];

	for (size_t i = 0; i < sizeof(pad); i += 1024)
		pad[i] = 0;
}

/* Whether the address space has room for LRM_INDEX_STACK_RESERVE more
 * bytes (and some to spare) under its limit (ulimit -v): growing the
 * stack past the limit is SIGSEGV, not an error. */
static int
stack_has_room(void)
{
	struct rlimit rl;
	unsigned long long pages = 0;
	long page = sysconf(_SC_PAGESIZE);
	FILE *f;
	int ok = 1;

	if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    page <= 0)
		return 1;
	f = fopen("/proc/self/statm", "re");
	if (!f)
		return 1; /* no way to know: try */
	if (fscanf(f, "%llu", &pages) == 1)
		ok = pages * (unsigned long long)page +
			     2 * (unsigned long long)LRM_INDEX_STACK_RESERVE <=
		     (unsigned long long)rl.rlim_cur;
	fclose(f);
	return ok;
}

int
lrm_index_reserve_stack(void)
{
	/* noinline and volatile: the frame must be made, and touched */
	void (*volatile touch)(void) = touch_stack;
	static int done;

	/* Once: called again from deeper down, it would grow the stack
	 * further, when memory may be short. */
	if (done)
		return 0;
	if (!stack_has_room())
		return -1;
	touch();
	done = 1;
	return 0;
}

int
lrm_index_wait_default(void)
{
	const char *env = getenv("LRM_INDEX_WAIT");
	char *end;
	long v;

	if (!env || !*env)
		return LRM_INDEX_WAIT_DEFAULT;
	errno = 0;
	v = strtol(env, &end, 10);
	if (*end || errno || v < 0 || v > INT_MAX)
		return LRM_INDEX_WAIT_DEFAULT;
	return (int)v;
}

/* The pid the build holding the lock wrote into it (see take_lock()); 0
 * when there is none yet. */
static long
lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 ? pid : 0;
}

static long
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* "another build (pid N)", or without the pid when it is unknown. */
static void
describe_holder(char *buf, size_t size, long pid)
{
	/* the pid in the file may be a build's that has ended, when the
	 * lock is held by something that wrote none: name only a live one */
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		snprintf(buf, size, "another build (pid %ld)", pid);
	else
		snprintf(buf, size, "another process");
}

/* Lock DIR (its lock file LOCK_PATH) for a build, into *FD: when another
 * build holds the lock, say so through OPTS->waiting and wait at most
 * OPTS->wait seconds for it (a build that was stopped holds it for ever).
 * The lock then holds our pid, for whoever waits next. */
static lrm_status_t
take_lock(const char *dir, const char *lock_path,
	  const struct lrm_index_options *opts, int *fd, lrm_error_t *err)
{
	int wait = opts->wait < 0 ? lrm_index_wait_default() : opts->wait;
	long holder, nap_ms = 10;
	struct stat st;
	struct timespec start;
	char who[64], pid[32];

	/* Never through a link, never waiting on a FIFO: an index directory
	 * may come from someone else, and the pid is written into this file. */
	*fd = open(lock_path,
		   O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (*fd < 0 && errno == ELOOP)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s is a symbolic link, not the lock file "
				     "lrmindex makes; remove it (the index "
				     "directory %s may not be what it seems)",
				     lock_path, dir);
	if (*fd < 0)
		return lrm_error_set(err, LRM_ERR_IO, "%s: %s", lock_path,
				     strerror(errno));
	if (fstat(*fd, &st) != 0)
		goto failed;
	if (!S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s is %s, not the lock file lrmindex "
				     "makes; remove it",
				     lock_path, lrm_file_kind(st.st_mode));
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		goto locked;
	if (errno != EWOULDBLOCK && errno != EINTR)
		goto failed;
	holder = lock_holder(*fd);
	describe_holder(who, sizeof(who), holder);
	if (opts->notify && wait > 0) {
		char say[PATH_MAX + 256];

		snprintf(say, sizeof(say),
			 "%s is building the index %s; waiting for it to "
			 "finish (at most %d s)",
			 who, dir, wait);
		opts->notify(say, opts->ctx);
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		long left = (long)wait * 1000 - elapsed_ms(&start);
		struct timespec nap;

		if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
			goto locked;
		if (errno != EWOULDBLOCK && errno != EINTR)
			goto failed;
		if (left <= 0)
			break;
		/* a lock is free soon, or for a long time */
		nap_ms = nap_ms * 2 > 200 ? 200 : nap_ms * 2;
		if (nap_ms > left)
			nap_ms = left;
		nap.tv_sec = nap_ms / 1000;
		nap.tv_nsec = (nap_ms % 1000) * 1000000;
		nanosleep(&nap, NULL);
	}
	if (lock_holder(*fd))
		holder = lock_holder(*fd);
	describe_holder(who, sizeof(who), holder);
	close(*fd);
	*fd = -1;
	if (wait == 0)
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "%s is building the index %s; not waiting "
				     "for it to finish",
				     who, dir);
	return lrm_error_set(err, LRM_ERR_INDEX,
			     "%s still holds the lock of the index %s after %d "
			     "s; gave up waiting (is it stopped? `kill -CONT "
			     "PID` resumes it; `lrmindex build --wait=SECONDS`, "
			     "or LRM_INDEX_WAIT=SECONDS, waits longer)",
			     who, dir, wait);
locked:
	/* Ours now: tell whoever waits next who holds it. */
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(*fd, 0) != 0 ||
	    pwrite(*fd, pid, strlen(pid), 0) != (ssize_t)strlen(pid)) {
		/* only a waiter's message is the poorer for it */
	}
	return LRM_OK;
failed:
	lrm_error_set(err, LRM_ERR_IO, "%s: cannot lock: %s", lock_path,
		      strerror(errno));
	close(*fd);
	*fd = -1;
	return LRM_ERR_IO;
}

/* Index DATASET into a new generation at GEN_PATH: an updated copy of the
 * live generation LIVE (of DIR) when that is possible and wanted, else
 * everything anew.  LOCK_FD: see build_sharded(). */
static lrm_status_t
build_generation(const char *dir, const char *gen_path, const char *live,
		 const struct lrm_dataset *dataset,
		 const struct lrm_abstracts *abstracts,
		 const struct lrm_synonyms *synonyms, const char *hash,
		const char *sources,
		 const struct lrm_index_options *opts, int lock_fd,
		 struct lrm_index_stats *stats, lrm_error_t *err)
{
	unsigned jobs = opts->jobs, batch = opts->batch;
	lrm_status_t status = LRM_OK;
	int updated = 0;

	if (!opts->full && live[0]) {
		char live_path[PATH_MAX];

		if (path_join(live_path, sizeof(live_path), dir, live) == 0)
			status = update_database(gen_path, live_path, dataset,
						 abstracts, synonyms, hash, sources,
						 stats, &updated, err);
		if (!status && stats->damaged[0] && opts->notify) {
			char say[PATH_MAX + sizeof(stats->damaged) + 64];

			snprintf(say, sizeof(say),
				 "the live index %s is damaged (%s); building "
				 "it anew",
				 dir, stats->damaged);
			opts->notify(say, opts->ctx);
		}
		if (status && status != LRM_ERR_NOMEM) {
			/* a damaged live index, say: a full build does not
			 * need it */
			(void)remove_tree(gen_path);
			memset(stats, 0, sizeof(*stats));
			status = LRM_OK;
		}
		if (status || updated)
			return status;
	}
	stats->indexed = dataset->n_papers;
	if (jobs > LRM_INDEX_MAX_JOBS)
		jobs = LRM_INDEX_MAX_JOBS;
	if (jobs > 1 && dataset->n_papers >= (size_t)jobs * LRM_INDEX_SHARD_MIN)
		return build_sharded(gen_path, dataset, abstracts, synonyms,
				     hash, sources, jobs, batch, lock_fd, err);
	if (batch && dataset->n_papers > batch)
		return build_compacted(gen_path, dataset, abstracts, synonyms,
				       hash, sources, batch, err);
	return build_database(gen_path, dataset, abstracts, synonyms, hash, sources,
			      batch, err);
}

lrm_status_t
lrm_index_build_with(const char *dir, const struct lrm_dataset *dataset,
		     const struct lrm_abstracts *abstracts,
		     const struct lrm_synonyms *synonyms, const char *hash,
		     const struct lrm_index_options *opts,
		     struct lrm_index_stats *stats, lrm_error_t *err)
{
	struct lrm_index_stats ignored;
	char lock_path[PATH_MAX], gen[GEN_NAME_MAX], gen_path[PATH_MAX];
	char current[PATH_MAX], text[2 * GEN_NAME_MAX + 32], why[512];
	struct stub stub;
	enum stub_state state;
	lrm_status_t status = LRM_OK;
	struct timespec now;
	int lock_fd = -1, built = 0;

	if (!stats)
		stats = &ignored;
	memset(stats, 0, sizeof(*stats));
	if (lrm_index_reserve_stack() != 0)
		return lrm_error_set(err, LRM_ERR_NOMEM,
				     "out of memory: no room left for the "
				     "stack a build needs");
	if (!*dir)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "no index directory given (an empty "
				     "name)");
	{
		struct stat st;

		if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "%s: is %s, and an index is a "
					     "directory; choose an empty or new "
					     "directory",
					     dir, lrm_file_kind(st.st_mode));
		if (stat(dir, &st) != 0 && errno == ENOTDIR)
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "%s: a part of the path is a file, "
					     "not a directory; choose an empty "
					     "or new directory",
					     dir);
	}
	if (!is_index_dir(dir))
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s: not an lrmsearch index directory "
				     "(it holds other files); choose an empty "
				     "or new directory",
				     dir);
	status = lrm_file_mkdir_p(dir, 0755, err);
	if (status)
		return status;
	if (path_join(lock_path, sizeof(lock_path), dir, LOCK_FILE) ||
	    path_join(current, sizeof(current), dir, CURRENT))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
	status = take_lock(dir, lock_path, opts, &lock_fd, err);
	if (status)
		return status;
	/* What killed builds left goes first: on a nearly full disk this
	 * build needs the room.  A "current" that lrmindex did not write
	 * names nothing to keep (and nothing to update). */
	state = read_stub(dir, &stub, why, sizeof(why));
	if (state != STUB_OK)
		memset(&stub, 0, sizeof(stub));
	prune_generations(dir, stub.live, stub.previous[0] ? stub.previous
				: state == STUB_OK ? NULL : "");
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(gen, sizeof(gen), GEN_PREFIX "%lld-%09ld-%ld",
		 (long long)now.tv_sec, now.tv_nsec, (long)getpid());
	if (path_join(gen_path, sizeof(gen_path), dir, gen)) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
		goto cleanup;
	}
	built = 1;
	status = build_generation(dir, gen_path, stub.live, dataset, abstracts,
				  synonyms, hash, opts->sources, opts, lock_fd, stats, err);
	if (status == LRM_ERR_NOMEM && err) {
		char detail[sizeof(err->msg)];

		snprintf(detail, sizeof(detail), "%s", err->msg);
		if (strcmp(detail, "out of memory") == 0)
			lrm_error_set(err, LRM_ERR_NOMEM,
				      "out of memory while building the index "
				      "%s; the index is as it was",
				      dir);
		else
			lrm_error_set(err, LRM_ERR_NOMEM,
				      "out of memory while building the index "
				      "%s (%s); the index is as it was",
				      dir, detail);
	}
	if (status)
		goto cleanup;
	/* Swap it in, recording the generation it replaces: the next build
	 * keeps that one (a search may have opened it just before the
	 * swap) and knows every other is left over. */
	if (stub.live[0])
		snprintf(text, sizeof(text), STUB_AUTO "%s\n" STUB_PREVIOUS "%s\n",
			 gen, stub.live);
	else
		snprintf(text, sizeof(text), STUB_AUTO "%s\n", gen);
	status = lrm_file_write_atomic(current, text, strlen(text), err);
	if (status)
		goto cleanup;
	built = 0; /* live now: keep it */
	prune_generations(dir, gen, stub.live);
cleanup:
	if (built)
		(void)remove_tree(gen_path);
	if (lock_fd >= 0)
		close(lock_fd); /* releases the lock */
	return status;
}

/* DIR is no index: say what it is instead, and how to make one. */
static lrm_status_t
not_an_index(const char *dir, const struct stat *st, lrm_error_t *err)
{
	DIR *d;
	struct dirent *e;
	int empty = 1;

	if (!S_ISDIR(st->st_mode))
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "cannot open the index %s: it is %s, and an "
				     "index is a directory, which `lrmindex "
				     "build --index DIR [DATASET]` makes",
				     dir, S_ISREG(st->st_mode) ? "a file"
								: "no directory");
	d = opendir(dir);
	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	if (d)
		closedir(d);
	if (empty)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "cannot open the index %s: it is an empty "
				     "directory, where no index has been built; "
				     "`lrmindex build --index %s [DATASET]` "
				     "builds one",
				     dir, dir);
	return lrm_error_set(err, LRM_ERR_INVALID,
			     "cannot open the index %s: it is a directory but no "
			     "lrmsearch index (it has no \"current\" file naming "
			     "the live database); `lrmindex build --index DIR "
			     "[DATASET]` makes one in an empty or new directory",
			     dir);
}

/* The generation STUB names in DIR, opened read-only (glass only) into
 * *DB; a failure is said in a sentence. */
static lrm_status_t
open_generation(const char *dir, const struct stub *stub, lrm_xapian_db_t **db,
		lrm_xapian_status_t *xst, lrm_error_t *err)
{
	char path[PATH_MAX], why[PATH_MAX + 128] = "";
	char *msg = NULL;
	unsigned found = 0;
	struct stat st;
	lrm_status_t status;

	if (path_join(path, sizeof(path), dir, stub->live))
		return lrm_error_set(err, LRM_ERR_IO, "%s: path too long", dir);
	if (check_generation_files(path, &found, why, sizeof(why)) == 0) {
		*xst = lrm_xapian_db_open_glass(path, db, &msg);
		if (*xst == LRM_XAPIAN_SUCCESS &&
		    check_tables(*db, found, why, sizeof(why)) == 0)
			return LRM_OK;
		if (*xst == LRM_XAPIAN_SUCCESS) {
			lrm_xapian_db_destroy(*db);
			*db = NULL;
			*xst = LRM_XAPIAN_DB_CORRUPT;
		}
	} else if (lstat(path, &st) != 0 && errno == ENOENT) {
		*xst = LRM_XAPIAN_DB_NOT_FOUND;
	} else {
		*xst = LRM_XAPIAN_DB_CORRUPT;
	}
	if (why[0] && *xst == LRM_XAPIAN_DB_CORRUPT) {
		/* a build pruning it as we looked, or damage: the caller
		 * reads "current" again before it says so */
		free(msg);
		return lrm_error_set(err, LRM_ERR_INDEX,
				     "the index %s is damaged: %s; `lrmindex "
				     "build --full --index %s` rebuilds it",
				     dir, why, dir);
	}
	if (*xst == LRM_XAPIAN_NO_MEMORY)
		status = lrm_error_set(err, LRM_ERR_NOMEM,
				       "out of memory opening the index %s", dir);
	else if (*xst == LRM_XAPIAN_DB_NOT_FOUND)
		status = lrm_error_set(err, LRM_ERR_INDEX,
				       "the index %s is damaged: %s/" CURRENT
				       " names %s, which is missing or is no "
				       "glass database; `lrmindex build --full "
				       "--index %s` rebuilds it",
				       dir, dir, stub->live, dir);
	else
		status = lrm_error_set(err, LRM_ERR_INDEX,
				       "the index %s is damaged (%s); `lrmindex "
				       "build --full --index %s` rebuilds it",
				       dir,
				       msg ? msg : lrm_xapian_status_to_string(*xst),
				       dir);
	free(msg);
	return status;
}

/* Whether DB, the index DIR, has this version's format; if not, says so
 * in ERR. */
static int
check_format(const char *dir, lrm_xapian_db_t *db, lrm_error_t *err)
{
	char *format = NULL;
	lrm_xapian_status_t st = lrm_xapian_db_get_metadata(db, LRM_META_FORMAT,
							    &format);
	int ok = st == LRM_XAPIAN_SUCCESS && strcmp(format, LRM_INDEX_FORMAT) == 0;

	if (st == LRM_XAPIAN_NO_MEMORY)
		lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	else if (st)
		lrm_error_set(err, LRM_ERR_INDEX,
			      "the index %s is damaged (%s); `lrmindex build "
			      "--full --index %s` rebuilds it",
			      dir, lrm_xapian_db_last_error(db), dir);
	else if (!ok)
		lrm_error_set(err, LRM_ERR_INVALID,
			      "cannot search the index %s: %s%.20s%s, and this "
			      "version reads index format %s; `lrmindex build "
			      "--full --index %s` builds it anew",
			      dir,
			      *format ? "it has index format " : "it is not one "
								 "lrmindex built",
			      format, *format ? " (another version of lrmindex)"
					      : "",
			      LRM_INDEX_FORMAT, dir);
	free(format);
	return ok;
}

lrm_status_t
lrm_index_open(const char *dir, lrm_xapian_db_t **db, lrm_error_t *err)
{
	char why[512], before[PATH_MAX + 64], after[PATH_MAX + 64];
	struct stat st;
	struct stub stub, again;
	lrm_status_t status = LRM_OK;
	lrm_xapian_status_t xst = LRM_XAPIAN_SUCCESS;

	*db = NULL;
	if (!dir || !*dir)
		return lrm_error_set(err, LRM_ERR_INVALID, "no index given");
	if (stat(dir, &st) != 0)
		return errno == ENOENT || errno == ENOTDIR
			       ? lrm_error_set(err, LRM_ERR_INVALID,
					       "cannot open the index %s: there "
					       "is no such file or directory; "
					       "`lrmindex build --index %s "
					       "[DATASET]` builds an index there",
					       dir, dir)
			       : lrm_error_set(err, LRM_ERR_IO,
					       "cannot open the index %s: %s",
					       dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return not_an_index(dir, &st, err);
	/* A build may prune the generation we are about to open between our
	 * reading "current" and opening it; then read "current" again. */
	for (int attempt = 0; attempt < 5; attempt++) {
		switch (read_stub(dir, &stub, why, sizeof(why))) {
		case STUB_OK:
			break;
		case STUB_MISSING: {
			/* a plain glass database, as a generation is */
			char iamglass[PATH_MAX];
			unsigned found = 0;
			char *msg = NULL;

			if (path_join(iamglass, sizeof(iamglass), dir, "iamglass") ||
			    access(iamglass, F_OK) != 0)
				return not_an_index(dir, &st, err);
			if (check_generation_files(dir, &found, why,
						   sizeof(why)) != 0)
				return lrm_error_set(err, LRM_ERR_INVALID,
						     "cannot open the index %s: "
						     "%s",
						     dir, why);
			xst = lrm_xapian_db_open_glass(dir, db, &msg);
			if (!xst && check_tables(*db, found, why, sizeof(why)) != 0) {
				lrm_xapian_db_destroy(*db);
				*db = NULL;
				free(msg);
				return lrm_error_set(err, LRM_ERR_INDEX,
						     "the Xapian database %s is "
						     "damaged: %s",
						     dir, why);
			}
			if (xst)
				status = lrm_error_set(
					err,
					xst == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
								    : LRM_ERR_INDEX,
					"the Xapian database %s is damaged (%s)",
					dir,
					msg ? msg : lrm_xapian_status_to_string(xst));
			free(msg);
			if (status)
				return status;
			goto opened;
		}
		case STUB_EMPTY:
			return lrm_error_set(err, LRM_ERR_INDEX,
					     "the index %s is damaged: its \"" CURRENT
					     "\" file is empty; `lrmindex build "
					     "--full --index %s` rebuilds it",
					     dir, dir);
		case STUB_FOREIGN:
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "cannot open the index %s: %s/" CURRENT
					     " was not written by lrmindex (%s), and "
					     "only a generation of the index's own, "
					     "named by one line \"auto gen-...\", is "
					     "opened; `lrmindex build --full --index "
					     "%s` builds the index anew",
					     dir, dir, why, dir);
		case STUB_UNREADABLE:
			return lrm_error_set(err, LRM_ERR_IO,
					     "cannot open the index %s: %s/" CURRENT
					     ": %s",
					     dir, dir, why);
		}
		status = open_generation(dir, &stub, db, &xst, err);
		if (!status)
			goto opened;
		if (xst != LRM_XAPIAN_DB_NOT_FOUND &&
		    xst != LRM_XAPIAN_DB_CORRUPT && xst != LRM_XAPIAN_DB_MODIFIED &&
		    xst != LRM_XAPIAN_DB_ERROR)
			return status;
		if (read_stub(dir, &again, why, sizeof(why)) != STUB_OK ||
		    strcmp(again.live, stub.live) == 0)
			return status;
	}
	return status;
opened:
	/* Another version's index stores its papers, or its words, in
	 * another way: read, it would fail in ways that say less. */
	if (!check_format(dir, *db, err)) {
		lrm_xapian_db_destroy(*db);
		*db = NULL;
		return err ? err->status : LRM_ERR_INVALID;
	}
	/* What the search meets later says the same. */
	snprintf(before, sizeof(before), "the index %s is damaged (", dir);
	snprintf(after, sizeof(after),
		 "); `lrmindex build --full --index %s` rebuilds it", dir);
	if (lrm_xapian_db_set_damage_message(*db, before, after) ==
	    LRM_XAPIAN_NO_MEMORY) {
		lrm_xapian_db_destroy(*db);
		*db = NULL;
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	return LRM_OK;
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
				     "no default index directory: none of "
				     "LRM_INDEX, XDG_CACHE_HOME and HOME "
				     "is set");
	if (n < 0 || (size_t)n >= size)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "index path too long");
	return LRM_OK;
}

/* Xapian terms are at most 245 bytes; a key is cut well inside that. */
#define TITLE_KEY_MAX 200

lrm_status_t
lrm_index_title_term(const char *text, char **term, lrm_error_t *err)
{
	size_t plen = strlen(LRM_PREFIX_TITLE_KEY), klen;
	char *key = NULL;
	lrm_status_t status;

	*term = NULL;
	status = lrm_text_key(text, strlen(text), &key, err);
	if (status)
		return status;
	klen = strlen(key);
	if (klen > TITLE_KEY_MAX) {
		klen = TITLE_KEY_MAX;
		while (klen && ((unsigned char)key[klen] & 0xC0) == 0x80)
			klen--;
	}
	if (klen) {
		*term = malloc(plen + klen + 1);
		if (!*term)
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		else
			sprintf(*term, "%s%.*s", LRM_PREFIX_TITLE_KEY, (int)klen,
				key);
	}
	free(key);
	return status;
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
		return lrm_error_set(err,
				     st == LRM_XAPIAN_NO_MEMORY ? LRM_ERR_NOMEM
								: LRM_ERR_INDEX,
				     "reading a document: %s",
				     lrm_xapian_doc_last_error(doc));
	status = lrm_dataset_unpack(one, "index document", data, len, err);
	free(data);
	if (!status && one->n_papers != 1) {
		lrm_dataset_clear(one);
		status = lrm_error_set(err, LRM_ERR_PARSE,
				       "an index document holds %zu papers",
				       one->n_papers);
	}
	/* Xapian read it, but it is not what a build writes: the bytes
	 * changed (glass keeps no checksums). */
	if (status && status != LRM_ERR_NOMEM) {
		char detail[sizeof(err->msg)];

		snprintf(detail, sizeof(detail), "%s", err ? err->msg : "");
		lrm_error_set(err, LRM_ERR_INDEX, "reading a document: %s",
			      lrm_xapian_doc_damaged(doc, detail));
	}
	return status;
}
