/* indexer/http.c - lrmindex's one HTTP client (see http.h). */
#define _GNU_SOURCE
#include "http.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

int
lrm_http_option(struct lrm_http_options *o, int opt, const char *arg,
                const char *program)
{
	double v;

	if (opt == 'n') {
		if (lrm_cli_parse_number(arg, 1, 100, &v) || v != floor(v)) {
			lrm_cli_error(program,
			              "invalid number of tries '%s': "
			              "expected 1 to 100",
			              arg);
			return -1;
		}
		o->tries = (unsigned)v;
		return 0;
	}
	if (lrm_cli_parse_number(arg, opt == 't' ? 0.001 : 0, 3600, &v)) {
		lrm_cli_error(program, "invalid %s '%s': expected seconds",
		              opt == 't' ? "timeout" : "delay", arg);
		return -1;
	}
	*(opt == 't' ? &o->timeout : &o->delay) = v;
	return 0;
}

CURL *
lrm_http_open(void)
{
	CURL *curl;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	curl = curl_easy_init();
	if (!curl)
		curl_global_cleanup();
	return curl;
}

void
lrm_http_close(CURL *curl)
{
	if (!curl)
		return;
	curl_easy_cleanup(curl);
	curl_global_cleanup();
}

double
lrm_http_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
lrm_http_sleep(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

double
lrm_http_backoff(double base, unsigned attempt, double retry_after)
{
	double wait =
	    retry_after >= 0 ? retry_after : base * pow(2, (double)attempt - 1);

	return wait > 300 ? 300 : wait;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct lrm_http_response *r = userp;
	size_t n = size * nmemb;

	/* 0 makes curl fail the transfer; the body's status says why */
	return lrm_buf_add(&r->body, data, n) == LRM_OK ? n : 0;
}

/* The value of header NAME (lower case, with its colon) in the header
 * line DATA of N bytes, without surrounding white space, into VALUE;
 * 0 when DATA is another header. */
static int
header_value(const char *data, size_t n, const char *name, char *value,
             size_t size)
{
	size_t len = strlen(name), vlen;

	if (n <= len || strncasecmp(data, name, len) != 0)
		return 0;
	data += len;
	n -= len;
	while (n && (*data == ' ' || *data == '\t'))
		data++, n--;
	while (n && (data[n - 1] == '\r' || data[n - 1] == '\n' ||
	             data[n - 1] == ' '))
		n--;
	vlen = n < size - 1 ? n : size - 1;
	memcpy(value, data, vlen);
	value[vlen] = '\0';
	return 1;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct lrm_http_response *r = userp;
	size_t n = size * nmemb;
	char value[64], *end;
	double secs;

	/* a redirect's headers come first: only the last answer's count */
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		r->retry_after = -1;
		r->content_type[0] = '\0';
	} else if (header_value(data, n, "retry-after:", value,
	                        sizeof(value))) {
		/* delta-seconds only; an HTTP date falls back to backoff */
		secs = strtod(value, &end);
		if (end != value && *end == '\0' && secs >= 0)
			r->retry_after = secs;
	} else
		(void)header_value(data, n, "content-type:", r->content_type,
		                   sizeof(r->content_type));
	return n;
}

/* Ask only for http and https, and follow a redirect only to those:
 * libcurl would otherwise follow one to ftp://, dict://, gopher:// and
 * more (all but file:// and a few others), letting an answer make us
 * talk to any service that listens. */
static void
restrict_protocols(CURL *curl)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS,
	                 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS,
	                 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

/* What libcurl's failure RC means for us, said in WHY. */
static enum lrm_http_outcome
transfer_failed(CURL *curl, CURLcode rc, const char *errbuf,
                const struct lrm_http_response *r, char *why, size_t why_size)
{
	if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		char *where = NULL;

		curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &where);
		snprintf(why, why_size,
		         "the server redirected to '%.300s', which is not http "
		         "or https; only those are followed",
		         where ? where : "?");
		return LRM_HTTP_FAIL;
	}
	if (r->body.status == LRM_ERR_LIMIT)
		snprintf(why, why_size, "the response is too large");
	else
		snprintf(why, why_size, "%s",
		         errbuf[0] ? errbuf : curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return LRM_HTTP_RETRY;
	default:
		return LRM_HTTP_FAIL;
	}
}

enum lrm_http_outcome
lrm_http_get(CURL *curl, const char *url, const char *agent, double timeout,
             size_t max_bytes, struct lrm_http_response *r, char *why,
             size_t why_size)
{
	char errbuf[CURL_ERROR_SIZE] = "", *ua = NULL;
	long code = 0;
	CURLcode rc;

	lrm_buf_free(&r->body);
	lrm_buf_init(&r->body, max_bytes);
	r->retry_after = -1;
	r->content_type[0] = '\0';
	if (asprintf(&ua, "lrmsearch/%s (%s)", LRM_VERSION, agent) < 0)
		return LRM_HTTP_NOMEM;
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
	restrict_protocols(curl);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)(timeout * 1000));
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	                 (long)(timeout * 1000));
	/* Certificate checks stay on (libcurl's default): never turned off. */
	rc = curl_easy_perform(curl);
	free(ua);
	if (r->body.status == LRM_ERR_NOMEM)
		return LRM_HTTP_NOMEM;
	if (rc != CURLE_OK)
		return transfer_failed(curl, rc, errbuf, r, why, why_size);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	if (code == 200)
		return LRM_HTTP_OK;
	snprintf(why, why_size, "HTTP status %ld", code);
	return code >= 500 || code == 429 ? LRM_HTTP_RETRY : LRM_HTTP_FAIL;
}
