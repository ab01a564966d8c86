/* lib/url.c - which site a link points to (see lrm/url.h). */
#include "lrm/url.h"

#include <string.h>
#include <strings.h>

int
lrm_url_host_is(const char *url, const char *host, const char **path)
{
	const char *h, *end;
	size_t hlen = strlen(host), len;

	if (strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return 0;
	end = h + strcspn(h, "/?#:");
	len = (size_t)(end - h);
	if (!(len == hlen && strncasecmp(h, host, hlen) == 0) &&
	    !(len > hlen && h[len - hlen - 1] == '.' &&
	      strncasecmp(h + len - hlen, host, hlen) == 0))
		return 0;
	if (path)
		*path = *end == ':' ? end + strcspn(end, "/?#") : end;
	return 1;
}

const char *
lrm_url_paper_site(const char *url)
{
	static const char *const sites[] = {
		"arxiv.org",	    "openreview.net",
		"aclanthology.org", "doi.org",
		"dl.acm.org",	    "ieeexplore.ieee.org",
		"link.springer.com", "sciencedirect.com",
		"proceedings.neurips.cc", "papers.nips.cc",
		"proceedings.mlr.press", "ojs.aaai.org",
		"openaccess.thecvf.com", "researchgate.net",
		"semanticscholar.org", "biorxiv.org",
	};

	if (!url)
		return NULL;
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++)
		if (lrm_url_host_is(url, sites[i], NULL))
			return sites[i];
	return NULL;
}
