/* bench/common.c - what the benchmark programs share (see bench.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
bench_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

int
bench_join_papers(struct lrm_dataset *to, struct lrm_dataset *from)
{
	for (size_t i = 0; i < from->n_papers; i++) {
		struct lrm_paper *p = lrm_dataset_add_paper(to);

		if (!p)
			return -1;
		*p = from->papers[i];
		memset(&from->papers[i], 0, sizeof(from->papers[i]));
	}
	lrm_dataset_clear(from);
	return 0;
}

int
bench_join_abstracts(struct lrm_abstracts *to, struct lrm_abstracts *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct lrm_abstract *a = lrm_abstracts_add(to);

		if (!a)
			return -1;
		*a = from->items[i];
		memset(&from->items[i], 0, sizeof(from->items[i]));
	}
	lrm_abstracts_clear(from);
	/* the parts are each sorted, not together: one sort */
	return lrm_abstracts_index(to);
}
