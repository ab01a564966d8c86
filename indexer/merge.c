/* indexer/merge.c - the rows of many lists as one dataset of papers
 * (merge.h): matching by title key and by arXiv id, telling a renamed
 * paper from a misattributed link, and keeping each paper's 'added' day
 * across imports. */
#define _GNU_SOURCE
#include "merge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/manifest.h"
#include "lrm/text.h"

#define ID_MAX_BYTES 64
#define NONE         ((size_t)-1)

/* ------------------------------------------------------------------ */
/* A map from strings to indexes                                      */
/* ------------------------------------------------------------------ */

/* Open addressing with linear probing.  Keys are borrowed, not copied:
 * they must outlive the map.  Lookups by hash are what keep a merge of
 * 100 000 rows (bench's corpora) linear instead of all-pairs. */
struct strmap {
	const char **keys;
	size_t *values;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Where KEY is, or the empty slot where it would go. */
static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* KEY's value, or NONE. */
static size_t
strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	i = strmap_slot(m, key);
	return m->keys[i] ? m->values[i] : NONE;
}

/* Give KEY the value VALUE unless it has one; -1 when out of memory. */
static int
strmap_add(struct strmap *m, const char *key, size_t value)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		struct strmap grown = { calloc(ncap, sizeof(*grown.keys)),
			                calloc(ncap, sizeof(*grown.values)),
			                ncap, m->n };

		if (!grown.keys || !grown.values) {
			free(grown.keys);
			free(grown.values);
			return -1;
		}
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->keys[j])
				continue;
			i = strmap_slot(&grown, m->keys[j]);
			grown.keys[i] = m->keys[j];
			grown.values[i] = m->values[j];
		}
		free(m->keys);
		free(m->values);
		*m = grown;
	}
	i = strmap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->values[i] = value;
		m->n++;
	}
	return 0;
}

static void
strmap_clear(struct strmap *m)
{
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* Copies of listings, and ids                                        */
/* ------------------------------------------------------------------ */

static char *
dup_or_null(const char *s, int *failed)
{
	char *copy;

	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*failed = 1;
	return copy;
}

static int
copy_listing(struct lrm_listing *to, const struct lrm_listing *from)
{
	int failed = 0;

	to->source = dup_or_null(from->source, &failed);
	to->list = dup_or_null(from->list, &failed);
	to->line = from->line;
	to->section = dup_or_null(from->section, &failed);
	to->date = dup_or_null(from->date, &failed);
	to->venue = dup_or_null(from->venue, &failed);
	to->venue_name = dup_or_null(from->venue_name, &failed);
	to->venue_year = from->venue_year;
	to->paper = dup_or_null(from->paper, &failed);
	to->code = dup_or_null(from->code, &failed);
	to->arxiv = dup_or_null(from->arxiv, &failed);
	to->arxiv_version = dup_or_null(from->arxiv_version, &failed);
	if (from->n_authors) {
		to->authors = calloc(from->n_authors, sizeof(*to->authors));
		if (!to->authors)
			return -1;
		to->n_authors = from->n_authors;
		for (size_t i = 0; i < from->n_authors; i++)
			to->authors[i] = dup_or_null(from->authors[i], &failed);
	}
	return failed ? -1 : 0;
}

/* A unique id for a paper titled TITLE: its slug, with "-2", "-3", ...
 * when an earlier paper took it.  TAKEN holds the ids given so far; the
 * new one (*OUT, malloc()ed) is added to it. */
static lrm_status_t
make_id(struct strmap *taken, const char *title, char **out, lrm_error_t *err)
{
	lrm_status_t status;
	char *slug = NULL;
	size_t slen;

	status = lrm_text_slug(title, strlen(title), ID_MAX_BYTES, &slug, err);
	if (status)
		return status;
	if (slug[0] == '\0') {
		free(slug);
		slug = strdup("paper");
		if (!slug)
			return lrm_error_set(err, LRM_ERR_NOMEM,
			                     "out of memory");
	}
	slen = strlen(slug);
	for (unsigned n = 1;; n++) {
		char *candidate = malloc(slen + 16);

		if (!candidate) {
			free(slug);
			return lrm_error_set(err, LRM_ERR_NOMEM,
			                     "out of memory");
		}
		if (n == 1)
			memcpy(candidate, slug, slen + 1);
		else
			snprintf(candidate, slen + 16, "%s-%u", slug, n);
		if (strmap_get(taken, candidate) == NONE) {
			free(slug);
			*out = candidate;
			if (strmap_add(taken, candidate, 0) != 0)
				return lrm_error_set(err, LRM_ERR_NOMEM,
				                     "out of memory");
			return LRM_OK;
		}
		free(candidate);
	}
}

/* ------------------------------------------------------------------ */
/* Renamed paper or misattributed link?                               */
/* ------------------------------------------------------------------ */

/* Words that say nothing of which paper a title is: English function
 * words, and the words nearly every title of this field holds (checked
 * on the bundled lists: with "language", "model" and "reasoning" counted,
 * "Teaching Small Language Models Reasoning through Counterfactual
 * Distillation" passed for "Improving Mathematical Reasoning Capabilities
 * of Small Language Models via Feedback-Driven Distillation").  Sorted,
 * for bsearch(). */
static const char *const empty_words[] = {
	"a",         "an",     "and",       "are",      "as",     "at",
	"be",        "by",     "can",       "do",       "doe",    "efficiency",
	"efficient", "for",    "from",      "how",      "in",     "into",
	"is",        "it",     "its",       "language", "large",  "llm",
	"lrm",       "mllm",   "model",     "of",       "on",     "or",
	"our",       "reason", "reasoning", "than",     "that",   "the",
	"their",     "this",   "through",   "to",       "toward", "via",
	"vlm",       "vs",     "we",        "what",     "when",   "where",
	"which",     "while",  "who",       "why",      "with",   "without",
	"your",
};

static int
compare_words(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* TITLE's content words, sorted and distinct: *WORDS (malloc()ed) points
 * into *TEXT (malloc()ed).  Returns their number, or -1 when out of
 * memory or when TITLE cannot be read. */
static long
content_words(const char *title, char **text, const char ***words)
{
	size_t n = 0, count = 1;
	char *w;

	*words = NULL;
	if (lrm_text_words(title, strlen(title), text, NULL) != LRM_OK) {
		*text = NULL;
		return -1;
	}
	for (const char *p = *text; *p; p++)
		count += *p == ' ';
	*words = malloc(count * sizeof(**words));
	if (!*words)
		return -1;
	for (char *save = NULL, *p = *text; (w = strtok_r(p, " ", &save));
	     p = NULL) {
		size_t len = strlen(w);

		/* "LLMs" is "LLM", "thoughts" is "thought" */
		if (len >= 4 && w[len - 1] == 's')
			w[len - 1] = '\0';
		if (bsearch(&w, empty_words,
		            sizeof(empty_words) / sizeof(empty_words[0]),
		            sizeof(empty_words[0]), compare_words))
			continue;
		(*words)[n++] = w;
	}
	if (n > 1) {
		size_t out = 1;

		qsort(*words, n, sizeof(**words), compare_words);
		for (size_t i = 1; i < n; i++)
			if (strcmp((*words)[i], (*words)[out - 1]) != 0)
				(*words)[out++] = (*words)[i];
		n = out;
	}
	return (long)n;
}

/* Whether the words of one of A and B begin the other's: a subtitle or
 * a tag added ("DAPO" and "DAPO: An Open-Source LLM ..."), never a word
 * cut ("Think" is not "ThinkPrune: ...").  -1 when out of memory. */
static int
words_prefix(const char *a, const char *b)
{
	char *wa = NULL, *wb = NULL;
	lrm_status_t status;
	int result = 0;

	status = lrm_text_words(a, strlen(a), &wa, NULL);
	if (status == LRM_OK)
		status = lrm_text_words(b, strlen(b), &wb, NULL);
	if (status == LRM_OK) {
		const char *s = strlen(wa) <= strlen(wb) ? wa : wb;
		const char *l = s == wa ? wb : wa;
		size_t n = strlen(s);

		result = n > 0 && strncmp(s, l, n) == 0 &&
		         (l[n] == '\0' || l[n] == ' ');
	} else if (status == LRM_ERR_NOMEM) {
		result = -1;
	}
	free(wa);
	free(wb);
	return result;
}

int
lrm_merge_same_title(const char *a, const char *b)
{
	char *ta = NULL, *tb = NULL;
	const char **wa = NULL, **wb = NULL;
	long na, nb;
	size_t i = 0, j = 0, shared = 0, shorter, longer;
	int result = words_prefix(a, b);

	if (result != 0)
		return result;
	na = content_words(a, &ta, &wa);
	nb = content_words(b, &tb, &wb);
	if (na < 0 || nb < 0) {
		result = -1;
		goto cleanup;
	}
	while (i < (size_t)na && j < (size_t)nb) {
		int c = strcmp(wa[i], wb[j]);

		shared += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	shorter = (size_t)(na < nb ? na : nb);
	longer = (size_t)(na < nb ? nb : na);
	result =
	    shared >= 2 && 3 * shared >= 2 * shorter && 2 * shared >= longer;
cleanup:
	free(wa);
	free(wb);
	free(ta);
	free(tb);
	return result;
}

/* ------------------------------------------------------------------ */
/* Merging rows into papers                                           */
/* ------------------------------------------------------------------ */

/* A row being merged: the paper it belongs to is the cluster of its title
 * key's group. */
struct merge_row {
	const struct lrm_row *row;
	size_t list;
	size_t group; /* its title key's, numbered by first appearance */
	size_t next;  /* the next row to carry the same arXiv id first in
	                 its group, or NONE */
};

struct merger {
	struct merge_row *rows;
	size_t n_rows;
	size_t *parent;      /* union-find over groups */
	size_t *group_first; /* the first row of each group */
	size_t n_groups;
	struct lrm_merge_note *notes;
	size_t n_notes, notes_cap;
};

/* The cluster of group G: its smallest group, so the first to appear. */
static size_t
find(struct merger *m, size_t g)
{
	while (m->parent[g] != g) {
		m->parent[g] = m->parent[m->parent[g]];
		g = m->parent[g];
	}
	return g;
}

static void
join(struct merger *m, size_t a, size_t b)
{
	a = find(m, a);
	b = find(m, b);
	if (a < b)
		m->parent[b] = a;
	else
		m->parent[a] = b;
}

static int
add_note(struct merger *m, enum lrm_merge_kind kind, size_t row, size_t other)
{
	if (m->n_notes == m->notes_cap) {
		size_t ncap = m->notes_cap ? m->notes_cap * 2 : 16;
		struct lrm_merge_note *grown =
		    realloc(m->notes, ncap * sizeof(*grown));

		if (!grown)
			return -1;
		m->notes = grown;
		m->notes_cap = ncap;
	}
	/* rows as indexes into m->rows until the end */
	m->notes[m->n_notes++] = (struct lrm_merge_note){ .kind = kind,
		                                          .list = row,
		                                          .other_list = other };
	return 0;
}

/* Number the rows' title keys (groups, in order of first appearance). */
static int
group_by_key(struct merger *m, const struct lrm_list *lists, size_t n_lists)
{
	struct strmap keys = { 0 };
	int rc = -1;

	for (size_t li = 0; li < n_lists; li++)
		for (size_t ri = 0; ri < lists[li].n_rows; ri++)
			m->n_rows +=
			    lists[li].rows[ri].key && lists[li].rows[ri].title;
	m->rows = calloc(m->n_rows ? m->n_rows : 1, sizeof(*m->rows));
	m->parent = calloc(m->n_rows ? m->n_rows : 1, sizeof(*m->parent));
	m->group_first =
	    calloc(m->n_rows ? m->n_rows : 1, sizeof(*m->group_first));
	if (!m->rows || !m->parent || !m->group_first)
		goto cleanup;
	m->n_rows = 0;
	for (size_t li = 0; li < n_lists; li++) {
		for (size_t ri = 0; ri < lists[li].n_rows; ri++) {
			const struct lrm_row *row = &lists[li].rows[ri];
			struct merge_row *r = &m->rows[m->n_rows];
			size_t g;

			if (!row->key || !row->title)
				continue;
			g = strmap_get(&keys, row->key);
			if (g == NONE) {
				g = m->n_groups++;
				m->parent[g] = g;
				m->group_first[g] = m->n_rows;
				if (strmap_add(&keys, row->key, g) != 0)
					goto cleanup;
			}
			*r = (struct merge_row){ row, li, g, NONE };
			m->n_rows++;
		}
	}
	rc = 0;
cleanup:
	strmap_clear(&keys);
	return rc;
}

/* Join the groups whose rows share an arXiv id under titles of the same
 * paper; note the others.  The rows that carry an id are chained from
 * the first, one per cluster, so a well-kept list costs one lookup per
 * row and a comparison of titles only where an id has several. */
static lrm_status_t
group_by_arxiv(struct merger *m, lrm_error_t *err)
{
	struct strmap ids = { 0 };
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; i < m->n_rows; i++) {
		const char *arxiv = m->rows[i].row->listing.arxiv;
		size_t first, last = NONE, same = NONE, known = 0;

		if (!arxiv || !*arxiv)
			continue;
		first = strmap_get(&ids, arxiv);
		if (first == NONE) {
			if (strmap_add(&ids, arxiv, i) != 0)
				goto nomem;
			continue;
		}
		for (size_t e = first; e != NONE && !known;
		     e = m->rows[e].next) {
			known = find(m, m->rows[e].group) ==
			        find(m, m->rows[i].group);
			last = e;
		}
		if (known)
			continue;
		for (size_t e = first; e != NONE && same == NONE;
		     e = m->rows[e].next) {
			int r = lrm_merge_same_title(m->rows[e].row->title,
			                             m->rows[i].row->title);

			if (r < 0)
				goto nomem;
			if (r)
				same = e;
		}
		if (same != NONE) {
			join(m, m->rows[same].group, m->rows[i].group);
			if (add_note(m, LRM_MERGE_RETITLED, i, same) != 0)
				goto nomem;
		} else if (add_note(m, LRM_MERGE_MISATTRIBUTED, i, first) !=
		           0) {
			goto nomem;
		}
		m->rows[last].next = i;
	}
	goto cleanup;
nomem:
	status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
cleanup:
	strmap_clear(&ids);
	return status;
}

/* One paper per cluster, in order of first appearance, with its first
 * row's title; then every row as a listing of its paper, in row order. */
static lrm_status_t
build_papers(struct merger *m, struct lrm_dataset *dataset, size_t *per_list,
             lrm_error_t *err)
{
	struct strmap ids = { 0 };
	size_t *paper_of = NULL;  /* by cluster (group) */
	size_t *last_list = NULL; /* by paper: the list of its last row */
	lrm_status_t status = LRM_OK;

	paper_of = malloc((m->n_groups ? m->n_groups : 1) * sizeof(*paper_of));
	last_list =
	    malloc((m->n_groups ? m->n_groups : 1) * sizeof(*last_list));
	if (!paper_of || !last_list)
		goto nomem;
	for (size_t g = 0; g < m->n_groups; g++) {
		const struct lrm_row *row = m->rows[m->group_first[g]].row;
		struct lrm_paper *paper;

		if (find(m, g) != g) {
			paper_of[g] = NONE;
			continue;
		}
		paper_of[g] = dataset->n_papers;
		last_list[dataset->n_papers] = NONE;
		paper = lrm_dataset_add_paper(dataset);
		if (!paper)
			goto nomem;
		paper->title = strdup(row->title);
		if (!paper->title)
			goto nomem;
		status = make_id(&ids, row->title, &paper->id, err);
		if (status)
			goto cleanup;
	}
	for (size_t i = 0; i < m->n_rows; i++) {
		size_t p = paper_of[find(m, m->rows[i].group)];
		struct lrm_listing *listing =
		    lrm_paper_add_listing(&dataset->papers[p]);

		if (!listing || copy_listing(listing, &m->rows[i].row->listing))
			goto nomem;
		/* rows come list by list: a paper's rows of one list are
		 * consecutive among its own */
		if (last_list[p] != m->rows[i].list) {
			last_list[p] = m->rows[i].list;
			if (per_list)
				per_list[m->rows[i].list]++;
		}
	}
	goto cleanup;
nomem:
	status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
cleanup:
	free(paper_of);
	free(last_list);
	strmap_clear(&ids);
	return status;
}

lrm_status_t
lrm_list_merge_report(struct lrm_dataset *dataset, const struct lrm_list *lists,
                      size_t n_lists, struct lrm_merge_report *report,
                      lrm_error_t *err)
{
	struct merger m = { 0 };
	size_t *per_list = calloc(n_lists ? n_lists : 1, sizeof(*per_list));
	lrm_status_t status;

	memset(dataset, 0, sizeof(*dataset));
	if (report)
		memset(report, 0, sizeof(*report));
	if (!per_list || group_by_key(&m, lists, n_lists) != 0) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	status = group_by_arxiv(&m, err);
	if (status)
		goto cleanup;
	status = build_papers(&m, dataset, per_list, err);
	if (status)
		goto cleanup;
	/* From row indexes to rows; titles kept apart here that another id
	 * joined after all were merged. */
	for (size_t n = 0; n < m.n_notes; n++) {
		struct lrm_merge_note *note = &m.notes[n];
		const struct merge_row *r = &m.rows[note->list],
		                       *o = &m.rows[note->other_list];

		if (find(&m, r->group) == find(&m, o->group))
			note->kind = LRM_MERGE_RETITLED;
		note->row = r->row;
		note->other = o->row;
		note->list = r->list;
		note->other_list = o->list;
	}
	if (report) {
		report->notes = m.notes;
		report->n_notes = m.n_notes;
		report->papers = per_list;
		report->n_lists = n_lists;
		m.notes = NULL;
		per_list = NULL;
	}
cleanup:
	free(m.rows);
	free(m.parent);
	free(m.group_first);
	free(m.notes);
	free(per_list);
	if (status)
		lrm_dataset_clear(dataset);
	return status;
}

lrm_status_t
lrm_list_merge(struct lrm_dataset *dataset, const struct lrm_list *lists,
               size_t n_lists, lrm_error_t *err)
{
	return lrm_list_merge_report(dataset, lists, n_lists, NULL, err);
}

void
lrm_merge_report_clear(struct lrm_merge_report *report)
{
	if (!report)
		return;
	free(report->notes);
	free(report->papers);
	memset(report, 0, sizeof(*report));
}

/* ------------------------------------------------------------------ */
/* The day each paper first entered the corpus                        */
/* ------------------------------------------------------------------ */

/* The paper of PREV that PAPER is, or NONE. */
static size_t
previous_of(const struct lrm_paper *paper, const struct strmap *by_id,
            const struct strmap *by_arxiv, const struct strmap *by_key,
            const char *key)
{
	size_t p = paper->id ? strmap_get(by_id, paper->id) : NONE;

	for (size_t l = 0; p == NONE && l < paper->n_listings; l++)
		if (paper->listings[l].arxiv)
			p = strmap_get(by_arxiv, paper->listings[l].arxiv);
	if (p == NONE && key)
		p = strmap_get(by_key, key);
	return p;
}

lrm_status_t
lrm_merge_keep_added(struct lrm_dataset *dataset,
                     const struct lrm_dataset *previous, const char *today,
                     size_t *n_new, lrm_error_t *err)
{
	struct strmap by_id = { 0 }, by_arxiv = { 0 }, by_key = { 0 };
	size_t n_prev = previous ? previous->n_papers : 0, fresh = 0;
	char **prev_keys = calloc(n_prev ? n_prev : 1, sizeof(*prev_keys));
	lrm_status_t status = LRM_OK;

	if (!prev_keys)
		goto nomem;
	for (size_t i = 0; i < n_prev; i++) {
		const struct lrm_paper *p = &previous->papers[i];

		if (p->id && strmap_add(&by_id, p->id, i) != 0)
			goto nomem;
		for (size_t l = 0; l < p->n_listings; l++)
			if (p->listings[l].arxiv &&
			    strmap_add(&by_arxiv, p->listings[l].arxiv, i) != 0)
				goto nomem;
		if (p->title) {
			status = lrm_text_key(p->title, strlen(p->title),
			                      &prev_keys[i], err);
			if (status)
				goto cleanup;
			if (strmap_add(&by_key, prev_keys[i], i) != 0)
				goto nomem;
		}
	}
	for (size_t i = 0; i < dataset->n_papers; i++) {
		struct lrm_paper *paper = &dataset->papers[i];
		const char *day = today;
		char *key = NULL;
		size_t p = NONE;

		if (n_prev) {
			if (paper->title) {
				status = lrm_text_key(paper->title,
				                      strlen(paper->title),
				                      &key, err);
				if (status)
					goto cleanup;
			}
			p = previous_of(paper, &by_id, &by_arxiv, &by_key, key);
			free(key);
		}
		if (p != NONE && previous->papers[p].added)
			day = previous->papers[p].added;
		else
			fresh++;
		free(paper->added);
		paper->added = strdup(day);
		if (!paper->added)
			goto nomem;
	}
	if (n_new)
		*n_new = fresh;
	goto cleanup;
nomem:
	status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
cleanup:
	for (size_t i = 0; prev_keys && i < n_prev; i++)
		free(prev_keys[i]);
	free(prev_keys);
	strmap_clear(&by_id);
	strmap_clear(&by_arxiv);
	strmap_clear(&by_key);
	return status;
}

/* ------------------------------------------------------------------ */
/* The lists a corpus is made of                                      */
/* ------------------------------------------------------------------ */

static lrm_status_t
add_source(struct lrm_list_sources *sources, const char *dir, size_t dir_len,
           const char *path, const char *name, lrm_error_t *err)
{
	struct lrm_list_source *s = &sources->items[sources->n];

	if (asprintf(&s->path, "%.*s%s%s", (int)dir_len, dir,
	             dir_len ? "/" : "", path) < 0) {
		s->path = NULL;
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	}
	sources->n++;
	if (name && !(s->name = strdup(name)))
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	return LRM_OK;
}

lrm_status_t
lrm_list_sources_from_paths(struct lrm_list_sources *sources,
                            char *const *paths, size_t n, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;

	memset(sources, 0, sizeof(*sources));
	sources->items = calloc(n ? n : 1, sizeof(*sources->items));
	if (!sources->items)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && status == LRM_OK; i++)
		status = add_source(sources, "", 0, paths[i], NULL, err);
	if (status)
		lrm_list_sources_clear(sources);
	return status;
}

lrm_status_t
lrm_list_sources_from_manifest(struct lrm_list_sources *sources,
                               const char *manifest, lrm_error_t *err)
{
	struct lrm_manifest m = { 0 };
	const char *slash = strrchr(manifest, '/');
	lrm_status_t status;

	memset(sources, 0, sizeof(*sources));
	status = lrm_manifest_load(&m, manifest, err);
	if (status)
		return status;
	if (m.n_lists == 0) {
		status =
		    lrm_error_set(err, LRM_ERR_INVALID,
		                  "%s: the manifest names no list", manifest);
		goto cleanup;
	}
	sources->items = calloc(m.n_lists, sizeof(*sources->items));
	if (!sources->items) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	/* the manifest's paths are relative to its directory ("/" itself
	 * when it lies at the root) */
	for (size_t i = 0; i < m.n_lists && status == LRM_OK; i++)
		status = add_source(sources, slash ? manifest : "",
		                    slash ? (size_t)(slash - manifest) +
		                                (slash == manifest)
		                          : 0,
		                    m.lists[i].path, m.lists[i].name, err);
cleanup:
	lrm_manifest_clear(&m);
	if (status)
		lrm_list_sources_clear(sources);
	return status;
}

lrm_status_t
lrm_list_sources_load(const struct lrm_list_sources *sources,
                      struct lrm_list *lists, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; i < sources->n && status == LRM_OK; i++) {
		const struct lrm_list_source *s = &sources->items[i];

		status = lrm_list_load(&lists[i], s->path, err);
		for (size_t r = 0;
		     status == LRM_OK && s->name && r < lists[i].n_rows; r++) {
			lists[i].rows[r].listing.list = strdup(s->name);
			if (!lists[i].rows[r].listing.list)
				status = lrm_error_set(err, LRM_ERR_NOMEM,
				                       "out of memory");
		}
	}
	if (status)
		for (size_t i = 0; i < sources->n; i++)
			lrm_list_clear(&lists[i]);
	return status;
}

void
lrm_list_sources_clear(struct lrm_list_sources *sources)
{
	if (!sources)
		return;
	for (size_t i = 0; i < sources->n; i++) {
		free(sources->items[i].path);
		free(sources->items[i].name);
	}
	free(sources->items);
	memset(sources, 0, sizeof(*sources));
}
