/* lrm/error.h - how liblrm reports what went wrong.
 *
 * Functions that can fail return an lrm_status_t and, when given an
 * lrm_error_t, fill it with a message a person can act on: what was wrong
 * and where ("papers.yaml:12:5: expected a mapping").  The message lives in
 * a fixed buffer, so reporting an error never itself needs memory.
 */
#ifndef LRM_ERROR_H
#define LRM_ERROR_H

#include <stddef.h>

#ifndef LRM_MUST_CHECK
#if defined(__GNUC__)
#define LRM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define LRM_MUST_CHECK
#endif
#endif
#if defined(__GNUC__)
#define LRM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LRM_PRINTF(f, a)
#endif

typedef enum lrm_status {
	LRM_OK = 0,
	LRM_ERR_NOMEM,	 /* out of memory */
	LRM_ERR_IO,	 /* a file could not be read or written */
	LRM_ERR_PARSE,	 /* malformed input (YAML, Markdown, XML, query) */
	LRM_ERR_INVALID, /* well-formed input that breaks a rule */
	LRM_ERR_INDEX,	 /* the search index failed */
	LRM_ERR_LIMIT,	 /* input or output past a documented limit */
	LRM_ERR_QUERY,	 /* a search query that cannot be parsed: the
			  * message says why, and lrm_search_run() where
			  * (a byte offset into the query) */
} lrm_status_t;

typedef struct lrm_error {
	lrm_status_t status;
	char msg[1024];
} lrm_error_t;

/* Record STATUS and a printf-style message in ERR (which may be NULL);
 * returns STATUS so callers can write "return lrm_error_set(...)". */
lrm_status_t lrm_error_set(lrm_error_t *err, lrm_status_t status,
			   const char *fmt, ...) LRM_PRINTF(3, 4);

/* Clear ERR to LRM_OK and an empty message. */
void lrm_error_clear(lrm_error_t *err);

/* Put "PREFIX: " in front of ERR's message (e.g. a file name). */
void lrm_error_prefix(lrm_error_t *err, const char *fmt, ...) LRM_PRINTF(2, 3);

#endif /* LRM_ERROR_H */
