/* bench/bench_xapian.c - the lrmsearch engine for bench_query: the
 * library's search (lrm/search.h), as lrmsearch runs it, without the
 * snippets (see bench.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "lrm/search.h"

struct session {
	lrm_search_t *search;
	enum bench_count count;
};

static void
xapian_close(void *p)
{
	struct session *s = p;

	if (!s)
		return;
	lrm_search_close(s->search);
	free(s);
}

static void *
xapian_open(const char *index, enum bench_count count, char *err,
	    size_t errlen)
{
	struct session *s = calloc(1, sizeof(*s));
	lrm_error_t lerr = {0};

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->count = count;
	if (lrm_search_open(index, NULL, NULL, &s->search, &lerr)) {
		snprintf(err, errlen, "%s", lerr.msg);
		free(s);
		return NULL;
	}
	return s;
}

static int
xapian_run(void *p, const char *query, unsigned *matches, char *err,
	   size_t errlen)
{
	struct session *s = p;
	/* lrmsearch's request: exactly counted as with --json, or counted
	 * as a plain search above LRM_SEARCH_EXACT_UP_TO papers; with the
	 * spelling suggestion a plain search asks for */
	struct lrm_search_request req = {
		.query = query,
		.limit = 10,
		.want = LRM_WANT_SUGGESTION |
			(s->count == BENCH_COUNT_EXACT ? LRM_WANT_EXACT_COUNT : 0),
	};
	struct lrm_result res;
	lrm_error_t lerr = {0};
	int ret = 0;

	if (lrm_search_run(s->search, &req, &res, &lerr)) {
		snprintf(err, errlen, "%s%s",
			 lerr.status == LRM_ERR_QUERY ? "couldn't parse query: " : "",
			 lerr.msg);
		ret = -1;
	}
	*matches = res.total;
	lrm_result_clear(&res);
	return ret;
}

const struct bench_engine bench_engine_xapian = {
	.name = "lrm",
	.column = 1,
	.open = xapian_open,
	.run = xapian_run,
	.close = xapian_close,
};
