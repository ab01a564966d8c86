/* indexer/http.h - lrmindex's one HTTP client (libcurl): a GET with the
 * project's rules (timeouts, a size cap, a descriptive User-Agent, http
 * and https only, redirects only to those, certificate checks on) and the
 * backoff between tries.  `lrmindex fetch` and `lrmindex update-lists`
 * both ask through it, so the rules cannot drift apart. */
#ifndef LRM_INDEXER_HTTP_H
#define LRM_INDEXER_HTTP_H

#include <stddef.h>

#include <curl/curl.h>

#include "lrm/buf.h"

/* What a request came to. */
enum lrm_http_outcome {
	LRM_HTTP_OK,    /* a 200 answer, its body whole and within the cap */
	LRM_HTTP_RETRY, /* worth another try: 5xx, 429, timeout, dropped */
	LRM_HTTP_FAIL,  /* no point trying again: another status, a
	                 * redirect to another protocol, a body over the cap */
	LRM_HTTP_NOMEM, /* out of memory: the run stops */
};

/* One request's answer; zero it before the first lrm_http_get(), free
 * its body with lrm_buf_free() after the last. */
struct lrm_http_response {
	/* at most the cap given: LRM_ERR_LIMIT in its status when the body
	 * was larger, LRM_ERR_NOMEM when it did not fit in memory */
	struct lrm_buf body;
	double retry_after; /* seconds, from a Retry-After header; <0: none */
	char content_type[128]; /* the Content-Type header's value, or "" */
};

/* The knobs of a command's requests, which its options set. */
struct lrm_http_options {
	double delay;   /* the backoff base: retries wait 1, 2, 4... times it */
	double timeout; /* seconds for one request */
	unsigned tries; /* per request, the first one included */
};

/* Read ARG, the value of the option --delay ('d', seconds from 0 to
 * 3600), --timeout ('t', from 0.001 to 3600) or --tries ('n', 1 to 100)
 * into O.  A bad value is said as PROGRAM's error, and -1 returned. */
int lrm_http_option(struct lrm_http_options *o, int opt, const char *arg,
                    const char *program);

/* libcurl, started, and a handle to ask with; NULL when libcurl cannot
 * start.  lrm_http_close() ends both. */
CURL *lrm_http_open(void);
void lrm_http_close(CURL *curl);

/* GET URL with CURL into R (its previous body freed), giving up after
 * TIMEOUT seconds and at MAX_BYTES of body.  The User-Agent is
 * "lrmsearch/VERSION (AGENT)".  Unless the outcome is LRM_HTTP_OK, WHY
 * says what happened ("HTTP status 404", "the response is too large",
 * libcurl's message). */
enum lrm_http_outcome lrm_http_get(CURL *curl, const char *url,
                                   const char *agent, double timeout,
                                   size_t max_bytes,
                                   struct lrm_http_response *r, char *why,
                                   size_t why_size);

/* How long to wait before try ATTEMPT (1 for the first retry) after a
 * failed one: what the server asked (RETRY_AFTER, when >= 0), else BASE
 * times 1, 2, 4, ...; never more than 300 seconds. */
double lrm_http_backoff(double base, unsigned attempt, double retry_after);

/* Seconds on a clock that only goes forward, for waits between requests. */
double lrm_http_now(void);

/* Sleep S seconds (nothing when S <= 0), through signals. */
void lrm_http_sleep(double s);

#endif /* LRM_INDEXER_HTTP_H */
