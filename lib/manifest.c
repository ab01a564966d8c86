/* lib/manifest.c - data/lists.yaml, the lists a corpus is made of (see
 * lrm/manifest.h).  Written and read by lib/store.c, driven by the tables
 * here, as the dataset is. */
#include "lrm/manifest.h"

#include <stddef.h>
#include <string.h>

#include "store.h"

#define LIST(member, required)                                               \
	LRM_STORE_FIELD(lrm_manifest_list, member, LRM_STORE_STRING, required)

static const struct lrm_store_field list_fields[] = {
	LIST(name, 1), LIST(repository, 0), LIST(path, 1),
	LIST(commit, 0), LIST(license, 0),  LIST(url, 0),
};

static const struct lrm_store_type list_type = {
	.what = "a list",
	.where = "in a list",
	.noun = "list",
	.plural = "lists",
	.size = sizeof(struct lrm_manifest_list),
	.fields = list_fields,
	.n_fields = sizeof(list_fields) / sizeof(list_fields[0]),
	.unique = "name",
	.unique_what = "name",
};

static const struct lrm_store_field manifest_fields[] = {
	{ .key = "format", .kind = LRM_STORE_FORMAT, .required = 1 },
	LRM_STORE_SEQUENCE(lrm_manifest, lists, n_lists, LRM_STORE_RECORDS,
			   &list_type, 1),
	{ .key = "count",
	  .kind = LRM_STORE_COUNT,
	  .count = offsetof(struct lrm_manifest, n_lists),
	  .required = 1 },
};

static const struct lrm_store_type manifest_type = {
	.what = "a manifest of lists",
	.where = "at the top level",
	.size = sizeof(struct lrm_manifest),
	.fields = manifest_fields,
	.n_fields = sizeof(manifest_fields) / sizeof(manifest_fields[0]),
};

static const struct lrm_store_schema manifest_schema = {
	.format = "lrmsearch-lists/1",
	.top = &manifest_type,
	.name = "the manifest of lists",
	.remake = "restore data/lists.yaml from the repository",
};

int
lrm_manifest_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n < 1 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		      name[i] == '_'))
			return 0;
	return 1;
}

lrm_status_t
lrm_manifest_load(struct lrm_manifest *manifest, const char *path,
		  lrm_error_t *err)
{
	lrm_status_t status =
	    lrm_store_load(&manifest_schema, manifest, path, err);

	for (size_t i = 0; status == LRM_OK && i < manifest->n_lists; i++) {
		const struct lrm_manifest_list *l = &manifest->lists[i];

		if (!lrm_manifest_name_valid(l->name))
			status = lrm_error_set(
			    err, LRM_ERR_INVALID,
			    "%s: list %zu: the name '%.40s' is not 1 to 32 "
			    "lower-case letters, digits, '-' or '_'",
			    path, i + 1, l->name);
		else if (strstr(l->path, "..") || l->path[0] == '/')
			status = lrm_error_set(
			    err, LRM_ERR_INVALID,
			    "%s: list '%s': its path '%.200s' must stay "
			    "inside the manifest's directory",
			    path, l->name, l->path);
	}
	if (status != LRM_OK)
		lrm_manifest_clear(manifest);
	return status;
}

lrm_status_t
lrm_manifest_save(const struct lrm_manifest *manifest, const char *path,
		  lrm_error_t *err)
{
	return lrm_store_save(&manifest_schema, manifest, path, err);
}

const struct lrm_manifest_list *
lrm_manifest_find(const struct lrm_manifest *manifest, const char *name)
{
	for (size_t i = 0; i < manifest->n_lists; i++)
		if (strcmp(manifest->lists[i].name, name) == 0)
			return &manifest->lists[i];
	return NULL;
}

void
lrm_manifest_clear(struct lrm_manifest *manifest)
{
	lrm_store_clear(&manifest_type, manifest);
}
