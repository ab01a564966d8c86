/* lib/buf.c - a growable string with a size cap (see lrm/buf.h). */
#include "lrm/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first allocation: most strings built here are a title or a line. */
#define BUF_FIRST_ALLOC 64

void
lrm_buf_init(struct lrm_buf *buf, size_t max)
{
	memset(buf, 0, sizeof(*buf));
	/* so that MAX + 1, the most ever allocated, cannot overflow */
	buf->max = max < SIZE_MAX / 2 ? max : SIZE_MAX / 2;
}

void
lrm_buf_free(struct lrm_buf *buf)
{
	if (!buf)
		return;
	free(buf->data);
	lrm_buf_init(buf, buf->max);
}

/* Fail with STATUS: the buffer gives up what it held (a caller that
 * checks only at the end must not use half a text). */
static lrm_status_t
fail(struct lrm_buf *buf, lrm_status_t status)
{
	lrm_buf_free(buf);
	buf->status = status;
	return status;
}

/* Room for N more bytes and the NUL: doubling, never past the cap. */
static lrm_status_t
make_room(struct lrm_buf *buf, size_t n)
{
	size_t need, want;
	char *grown;

	if (n > buf->max - buf->len)
		return fail(buf, LRM_ERR_LIMIT);
	need = buf->len + n + 1; /* at most MAX + 1: cannot overflow */
	if (need <= buf->alloc)
		return LRM_OK;
	want = buf->alloc ? buf->alloc : BUF_FIRST_ALLOC;
	while (want < need)
		want = want > (buf->max + 1) / 2 ? buf->max + 1 : want * 2;
	if (want > buf->max + 1)
		want = buf->max + 1;
	grown = realloc(buf->data, want);
	if (!grown)
		return fail(buf, LRM_ERR_NOMEM);
	buf->data = grown;
	buf->alloc = want;
	return LRM_OK;
}

lrm_status_t
lrm_buf_add(struct lrm_buf *buf, const void *data, size_t len)
{
	if (buf->status)
		return buf->status;
	if (make_room(buf, len))
		return buf->status;
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return LRM_OK;
}

lrm_status_t
lrm_buf_adds(struct lrm_buf *buf, const char *s)
{
	return lrm_buf_add(buf, s, strlen(s));
}

lrm_status_t
lrm_buf_addc(struct lrm_buf *buf, char c)
{
	return lrm_buf_add(buf, &c, 1);
}

lrm_status_t
lrm_buf_printf(struct lrm_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (buf->status)
		return buf->status;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* vsnprintf() fails only on a wide character it cannot convert or
	 * an output past INT_MAX: no text, either way. */
	if (n < 0)
		return fail(buf, LRM_ERR_LIMIT);
	if (make_room(buf, (size_t)n))
		return buf->status;
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
	return LRM_OK;
}

const char *
lrm_buf_str(const struct lrm_buf *buf)
{
	return buf->data ? buf->data : "";
}

void
lrm_buf_reset(struct lrm_buf *buf)
{
	buf->status = LRM_OK;
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

char *
lrm_buf_take(struct lrm_buf *buf)
{
	char *text = buf->data;

	if (buf->status) {
		lrm_buf_free(buf);
		return NULL;
	}
	if (!text)
		text = calloc(1, 1);
	buf->data = NULL;
	lrm_buf_free(buf);
	return text;
}
