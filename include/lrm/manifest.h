/* lrm/manifest.h - data/lists.yaml: the awesome lists a corpus is made
 * of, where each one comes from and under which licence.
 *
 *   format: lrmsearch-lists/1
 *   lists:
 *   - name: "hemingkx"
 *     repository: "https://github.com/hemingkx/Awesome-Efficient-Reasoning"
 *     path: "lists/hemingkx-awesome-efficient-reasoning.md"
 *     commit: "304619a7dddfb553481abb739ea90efdd9ad4534"
 *     license: "lists/hemingkx-awesome-efficient-reasoning.LICENSE"
 *     url: "https://raw.githubusercontent.com/hemingkx/Awesome-Efficient-Reasoning/HEAD/README.md"
 *   count: 1
 *
 * PATH and LICENSE are relative to the manifest's directory.  NAME is what
 * `list:NAME` finds and what results say; it is unique, and made of
 * lower-case letters, digits, '-' and '_'.  URL is what
 * `lrmindex update-lists` fetches for the newest version of the list.
 */
#ifndef LRM_MANIFEST_H
#define LRM_MANIFEST_H

#include <stddef.h>

#include "lrm/error.h"

struct lrm_manifest_list {
	char *name;	  /* short and unique: "hemingkx" */
	char *repository; /* the upstream repository's web address */
	char *path;	  /* the bundled snapshot, relative to the manifest */
	char *commit;	  /* the upstream commit the snapshot is of */
	char *license;	  /* the licence file, relative to the manifest */
	char *url;	  /* where the newest README is fetched from */
};

struct lrm_manifest {
	struct lrm_manifest_list *lists;
	size_t n_lists;
};

/* Read the manifest at PATH into MANIFEST (cleared first).  Bad YAML,
 * unknown keys, a missing name or path, a name used twice or not of the
 * allowed characters fail with "PATH:LINE:COLUMN: ..." or "PATH: ...";
 * MANIFEST is then left empty. */
LRM_MUST_CHECK lrm_status_t
lrm_manifest_load(struct lrm_manifest *manifest, const char *path,
		  lrm_error_t *err);

/* Write MANIFEST to PATH atomically (as lrm_dataset_save() does). */
LRM_MUST_CHECK lrm_status_t
lrm_manifest_save(const struct lrm_manifest *manifest, const char *path,
		  lrm_error_t *err);

/* The list of MANIFEST named NAME, or NULL. */
const struct lrm_manifest_list *
lrm_manifest_find(const struct lrm_manifest *manifest, const char *name);

/* Whether NAME may name a list: 1 to 32 of [a-z0-9_-]. */
int lrm_manifest_name_valid(const char *name);

void lrm_manifest_clear(struct lrm_manifest *manifest);

#endif /* LRM_MANIFEST_H */
