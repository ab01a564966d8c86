/* tests/fuzz/fuzz_yaml.c - the YAML stores: the dataset (data/papers.yaml)
 * and the abstracts cache (data/abstracts.yaml), lib/store.c underneath.
 *
 * Any bytes are read as both.  A damaged file must be refused with a
 * message, never crash.  A file that is accepted must survive the trip the
 * tools make with it: written, read back and written again, the two
 * writes are byte-identical ("the same dataset always gives byte-identical
 * output"), and packed as an index keeps it and unpacked, it writes the
 * same bytes again.  Any bytes are also read as a packed record, which is
 * what a changed index document gives.
 */
#include <string.h>

#include "fuzz.h"
#include "lrm/abstracts.h"
#include "lrm/paper.h"

/* DS, which came back from TRIP ("read back", "packed and unpacked"),
 * must write the same YAML as WANT (LEN bytes) did. */
static void
writes_as(const struct lrm_dataset *ds, const char *want, size_t len,
	  const char *trip)
{
	char *out = NULL;
	size_t out_len = 0;
	lrm_error_t err = {0};
	lrm_status_t st = lrm_dataset_emit(ds, &out, &out_len, &err);

	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM, "%s", err.msg);
	if (st == LRM_OK)
		FUZZ_REQUIRE(len == out_len && memcmp(want, out, len) == 0,
			     "the dataset changes when %s and written again:\n"
			     "--- written\n%s--- again\n%s",
			     trip, want, out);
	free(out);
}

static void
fuzz_dataset(const char *text, size_t size)
{
	struct lrm_dataset first = {0}, second = {0};
	char *out = NULL, *packed = NULL;
	size_t len = 0, packed_len = 0;
	lrm_error_t err = {0};
	lrm_status_t st;

	if (lrm_dataset_parse(&first, "papers.yaml", text, size, &err)) {
		FUZZ_REQUIRE(first.n_papers == 0 && first.papers == NULL,
			     "a failed parse left papers behind: %s", err.msg);
		goto cleanup;
	}
	st = lrm_dataset_emit(&first, &out, &len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "an accepted dataset cannot be written: %s", err.msg);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(strlen(out) == len, "emit: %zu bytes said, %zu written",
		     len, strlen(out));
	st = lrm_dataset_parse(&second, "rewritten.yaml", out, len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "a written dataset cannot be read back: %s\n%s", err.msg,
		     out);
	if (st)
		goto cleanup;
	writes_as(&second, out, len, "read back");
	/* packed, as an index keeps it, and unpacked: the same again */
	lrm_dataset_clear(&second);
	st = lrm_dataset_pack(&first, &packed, &packed_len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "an accepted dataset cannot be packed: %s", err.msg);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(strlen(packed) == packed_len, "a NUL in a packed record");
	st = lrm_dataset_unpack(&second, "packed", packed, packed_len, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "a packed dataset cannot be unpacked: %s", err.msg);
	if (st == LRM_OK)
		writes_as(&second, out, len, "packed and unpacked");
cleanup:
	free(out);
	free(packed);
	lrm_dataset_clear(&first);
	lrm_dataset_clear(&second);
}

/* Any bytes as a packed record (an index document changed on disk): read
 * or refused, and refused leaves nothing behind. */
static void
fuzz_packed(const char *data, size_t size)
{
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};

	if (lrm_dataset_unpack(&ds, "packed", data, size, &err))
		FUZZ_REQUIRE(ds.n_papers == 0 && ds.papers == NULL,
			     "a failed unpack left papers behind: %s", err.msg);
	lrm_dataset_clear(&ds);
}

static void
fuzz_abstracts(const char *text, size_t size)
{
	struct lrm_abstracts first = {0}, second = {0};
	char *out1 = NULL, *out2 = NULL;
	size_t len1 = 0, len2 = 0;
	lrm_error_t err = {0};
	lrm_status_t st;

	if (lrm_abstracts_parse(&first, "abstracts.yaml", text, size, &err)) {
		FUZZ_REQUIRE(first.n == 0 && first.items == NULL,
			     "a failed parse left records behind: %s", err.msg);
		goto cleanup;
	}
	st = lrm_abstracts_emit(&first, &out1, &len1, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "an accepted cache cannot be written: %s", err.msg);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(strlen(out1) == len1, "emit: %zu bytes said, %zu written",
		     len1, strlen(out1));
	st = lrm_abstracts_parse(&second, "rewritten.yaml", out1, len1, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM,
		     "a written cache cannot be read back: %s\n%s", err.msg,
		     out1);
	if (st)
		goto cleanup;
	st = lrm_abstracts_emit(&second, &out2, &len2, &err);
	FUZZ_REQUIRE(st == LRM_OK || st == LRM_ERR_NOMEM, "%s", err.msg);
	if (st)
		goto cleanup;
	FUZZ_REQUIRE(len1 == len2 && memcmp(out1, out2, len1) == 0,
		     "the cache changes when read back and written again:\n"
		     "--- written\n%s--- rewritten\n%s",
		     out1, out2);
cleanup:
	free(out1);
	free(out2);
	lrm_abstracts_clear(&first);
	lrm_abstracts_clear(&second);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dataset((const char *)data, size);
	fuzz_abstracts((const char *)data, size);
	fuzz_packed((const char *)data, size);
	return 0;
}
