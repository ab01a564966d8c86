/* tests/fuzz/fuzz_list.c - the Markdown list importer (indexer/list.c).
 *
 * Any bytes go through what `lrmindex import` does: parse, the cross-row
 * checks of lint, the merge into a dataset.  The oracle is the store:
 * whatever the importer accepted must be written as YAML, read back, and
 * written again byte for byte, or `lrmindex import` would produce a
 * papers.yaml that the rest of the tools refuse.
 */
#include <string.h>

#include "fuzz.h"
#include "list.h"
#include "lrm/paper.h"
#include "lrm/text.h"

/* Fail when S, a FIELD of paper ID, holds a control character: whatever
 * the list held, none may reach the dataset (and lrmsearch's output). */
static void
require_no_control(const char *s, const char *field, const char *id)
{
	long cp = 0;

	if (!s)
		return;
	FUZZ_REQUIRE(lrm_text_find_control(s, strlen(s), &cp) == strlen(s),
		     "paper '%s': control character U+%04lX in its %s", id, cp,
		     field);
}

/* What list.h promises about an import of TEXT. */
static void
check_import(const struct lrm_list *list, const struct lrm_dataset *dataset,
	     const char *text, size_t size)
{
	unsigned lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';
	for (size_t i = 1; i < list->n_problems; i++)
		FUZZ_REQUIRE(list->problems[i - 1].line <= list->problems[i].line,
			     "problems not sorted by line: %u before %u",
			     list->problems[i - 1].line, list->problems[i].line);
	for (size_t i = 0; i < list->n_problems; i++)
		FUZZ_REQUIRE(list->problems[i].message &&
				     list->problems[i].line <= lines,
			     "problem %zu: line %u of %u", i,
			     list->problems[i].line, lines);
	/* the readers' authors, which the dataset may not carry */
	for (size_t i = 0; i < list->n_rows; i++)
		for (size_t a = 0; a < list->rows[i].listing.n_authors; a++)
			require_no_control(list->rows[i].listing.authors[a],
					   "author", "(a row)");
	for (size_t i = 0; i < dataset->n_papers; i++) {
		const struct lrm_paper *p = &dataset->papers[i];

		FUZZ_REQUIRE(p->id && *p->id && p->title && p->n_listings > 0,
			     "paper %zu is incomplete", i);
		for (size_t j = 0; j < i; j++)
			FUZZ_REQUIRE(strcmp(dataset->papers[j].id, p->id) != 0,
				     "papers %zu and %zu share the id '%s'", j,
				     i, p->id);
		require_no_control(p->title, "title", p->id);
		for (size_t j = 0; j < p->n_listings; j++) {
			const struct lrm_listing *l = &p->listings[j];

			FUZZ_REQUIRE(l->line >= 1 && l->line <= lines,
				     "paper '%s': a listing on line %u of %u",
				     p->id, l->line, lines);
			require_no_control(l->section, "section", p->id);
			require_no_control(l->date, "date", p->id);
			require_no_control(l->venue, "venue", p->id);
			require_no_control(l->venue_name, "venue name", p->id);
			require_no_control(l->paper, "paper link", p->id);
			require_no_control(l->code, "code link", p->id);
			require_no_control(l->arxiv, "arXiv id", p->id);
			require_no_control(l->arxiv_version, "arXiv version",
					   p->id);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lrm_list list = {0};
	struct lrm_dataset dataset = {0}, again = {0};
	char *yaml = NULL, *yaml2 = NULL;
	size_t len = 0, len2 = 0;
	lrm_error_t err = {0};
	lrm_status_t st;

	if (lrm_list_parse(&list, "fuzz.md", (const char *)data, size, &err))
		goto cleanup; /* invalid UTF-8: refused, as it should be */
	st = lrm_list_check(&list, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM, "%s", err.msg);
	if (st)
		goto cleanup;
	st = lrm_list_merge(&dataset, &list, 1, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM, "%s", err.msg);
	if (st)
		goto cleanup;

	check_import(&list, &dataset, (const char *)data, size);

	st = lrm_dataset_emit(&dataset, &yaml, &len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "the import cannot be written: %s", err.msg);
	if (st)
		goto cleanup;
	st = lrm_dataset_parse(&again, "papers.yaml", yaml, len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "the written import cannot be read back: %s\n%s", err.msg,
		     yaml);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(again.n_papers == dataset.n_papers,
		     "%zu papers written, %zu read back", dataset.n_papers,
		     again.n_papers);
	st = lrm_dataset_emit(&again, &yaml2, &len2, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM, "%s", err.msg);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(len == len2 && memcmp(yaml, yaml2, len) == 0,
		     "the import changes when read back and written again:\n"
		     "--- written\n%s--- rewritten\n%s",
		     yaml, yaml2);
cleanup:
	free(yaml);
	free(yaml2);
	lrm_dataset_clear(&again);
	lrm_dataset_clear(&dataset);
	lrm_list_clear(&list);
	return 0;
}
