/* lrm/buf.h - a growable string with a size cap, in the manner of curl's
 * dynbuf: every part of the project that builds text of unknown length
 * builds it here, and says at the start how long it may grow, so that no
 * input can make it take memory without bound.
 *
 *   struct lrm_buf b;
 *
 *   lrm_buf_init(&b, MAX_TITLE);
 *   lrm_buf_adds(&b, "Chain of ");
 *   lrm_buf_printf(&b, "%d thoughts", 3);
 *   title = lrm_buf_take(&b); // NULL when any step failed
 *
 * A failure sticks: once an append has run out of memory or past the cap,
 * the buffer holds nothing and every later append fails the same way, so
 * a caller may append many times and check once, at the end (its status,
 * or lrm_buf_take() returning NULL).  lrm_buf_reset() and lrm_buf_free()
 * make it usable again.
 */
#ifndef LRM_BUF_H
#define LRM_BUF_H

#include <stddef.h>

#include "lrm/error.h"

struct lrm_buf {
	char *data;          /* LEN bytes and a NUL; NULL until one is added */
	size_t len;          /* bytes held, the NUL aside */
	size_t alloc;        /* bytes allocated, at most MAX + 1 */
	size_t max;          /* the most LEN may be */
	lrm_status_t status; /* LRM_OK, or the first failure */
};

/* An empty buffer that may hold up to MAX bytes (the NUL aside; a MAX
 * over SIZE_MAX / 2 is taken as that).  No memory is allocated yet; a
 * zeroed struct lrm_buf is a buffer with a cap of 0. */
void lrm_buf_init(struct lrm_buf *buf, size_t max);

/* Append LEN bytes of DATA (NUL bytes too: LEN counts them, and what
 * follows a NUL is kept, though a C string of the data ends there).
 * Returns LRM_OK; LRM_ERR_LIMIT when LEN more bytes would pass the cap;
 * LRM_ERR_NOMEM when out of memory; or the failure that already stuck.
 * On failure the buffer's memory is freed and it holds nothing. */
lrm_status_t lrm_buf_add(struct lrm_buf *buf, const void *data, size_t len);

/* lrm_buf_add() of the string S, or of one byte C. */
lrm_status_t lrm_buf_adds(struct lrm_buf *buf, const char *s);
lrm_status_t lrm_buf_addc(struct lrm_buf *buf, char c);

/* lrm_buf_add() of what printf() would write. */
lrm_status_t lrm_buf_printf(struct lrm_buf *buf, const char *fmt, ...)
    LRM_PRINTF(2, 3);

/* The text held: a pointer into the buffer, valid until the next call
 * that changes it, or "" (a static string) when it holds nothing. */
const char *lrm_buf_str(const struct lrm_buf *buf);

/* Make BUF empty again and clear a failure, keeping the cap, and the
 * memory for reuse. */
void lrm_buf_reset(struct lrm_buf *buf);

/* Hand over the text held, a malloc()ed NUL-terminated string ("" when
 * the buffer is empty) the caller frees; BUF is left empty and usable,
 * with its cap.  NULL when an append had failed (the failure is then
 * cleared) or when out of memory. */
char *lrm_buf_take(struct lrm_buf *buf);

/* Free BUF's memory; it is left empty and usable, with its cap.  Accepts
 * NULL. */
void lrm_buf_free(struct lrm_buf *buf);

#endif /* LRM_BUF_H */
