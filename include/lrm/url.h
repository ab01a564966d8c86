/* lrm/url.h - the little of URLs that the project reads: which site a link
 * points to. */
#ifndef LRM_URL_H
#define LRM_URL_H

/* Whether URL is an http:// or https:// link (scheme in any case) whose
 * host is HOST or a subdomain of it ("export.arxiv.org" is on
 * "arxiv.org"; "notarxiv.org" is not), hosts compared without case.  When
 * it is and PATH is not NULL, *PATH points into URL just past the host
 * and its port: at "/abs/2503.23077", or at "" or a '?' or '#'. */
int lrm_url_host_is(const char *url, const char *host, const char **path);

/* The host of URL (may be NULL) if it is a site that publishes papers
 * rather than code, e.g. "arxiv.org" (a static string), else NULL: a code
 * link there is a list's mistake. */
const char *lrm_url_paper_site(const char *url);

#endif /* LRM_URL_H */
