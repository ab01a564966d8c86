/* lib/arxiv_id.c - arXiv ids and links (see lrm/arxiv.h): the one rule
 * for them, which the list reader, fetch, the query language and --like
 * share.  Apart from lib/arxiv.c, the Atom reader, so that a program that
 * only reads ids links no XML library. */
#define _GNU_SOURCE
#include "lrm/arxiv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lrm/url.h"

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

int
lrm_arxiv_id_valid(const char *id, size_t n)
{
	const char *dot = memchr(id, '.', n), *slash = memchr(id, '/', n);
	size_t tail;
	int yy, month;

	if (slash) {
		/* old style: archive[.SUBJ]/YYMMNNN */
		const char *num = slash + 1;
		size_t nlen = n - (size_t)(num - id);

		if (slash == id || nlen != 7 || !all_digits(num, 7))
			return 0;
		for (const char *p = id; p < slash; p++)
			if (!isalpha((unsigned char)*p) && *p != '-' && *p != '.')
				return 0;
		month = (num[2] - '0') * 10 + (num[3] - '0');
		return month >= 1 && month <= 12;
	}
	if (!dot || dot - id != 4 || !all_digits(id, 4))
		return 0;
	tail = n - 5;
	yy = (id[0] - '0') * 10 + (id[1] - '0');
	month = (id[2] - '0') * 10 + (id[3] - '0');
	if (month < 1 || month > 12 || !all_digits(dot + 1, tail))
		return 0;
	/* four digits until 2014, five from 1501 on */
	if (yy * 100 + month >= 1501)
		return tail == 5;
	return tail == 4 && yy >= 7;
}

lrm_status_t
lrm_arxiv_link_parse(const char *url, enum lrm_arxiv_link *kind, char **id,
		     char **version, lrm_error_t *err)
{
	static const char *const pages[] = {"/abs/", "/pdf/", "/html/",
					    "/format/"};
	const char *path = NULL, *p = NULL;
	size_t n, v;

	*kind = LRM_ARXIV_LINK_NONE;
	*id = *version = NULL;
	if (!url || !lrm_url_host_is(url, "arxiv.org", &path))
		return LRM_OK;
	for (size_t k = 0; k < sizeof(pages) / sizeof(pages[0]) && !p; k++)
		if (strncmp(path, pages[k], strlen(pages[k])) == 0)
			p = path + strlen(pages[k]);
	if (!p) {
		/* another arXiv page (a listing, the home page): no paper */
		*kind = LRM_ARXIV_LINK_MALFORMED;
		*id = strdup(path);
		goto cleanup;
	}
	n = strcspn(p, "?#");
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n > 4 && strncmp(p + n - 4, ".pdf", 4) == 0)
		n -= 4;
	/* a version suffix "v2" is kept apart */
	v = n;
	while (v > 0 && isdigit((unsigned char)p[v - 1]))
		v--;
	if (v > 0 && v < n && p[v - 1] == 'v')
		v--;
	else
		v = n;
	if (!lrm_arxiv_id_valid(p, v)) {
		*kind = LRM_ARXIV_LINK_MALFORMED;
		*id = strndup(p, n);
		goto cleanup;
	}
	*kind = LRM_ARXIV_LINK_PAPER;
	*id = strndup(p, v);
	if (*id && v < n && !(*version = strndup(p + v, n - v))) {
		free(*id);
		*id = NULL;
	}
cleanup:
	if (*id)
		return LRM_OK;
	*kind = LRM_ARXIV_LINK_NONE;
	return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
}

size_t
lrm_arxiv_id_length(const char *id, size_t len)
{
	size_t digits = 0;

	while (digits < len && id[len - 1 - digits] >= '0' &&
	       id[len - 1 - digits] <= '9')
		digits++;
	if (digits && digits + 1 < len && id[len - 1 - digits] == 'v')
		return len - digits - 1;
	return len;
}
