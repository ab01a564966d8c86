/* lib/error.c - error reporting (see lrm/error.h). */
#include "lrm/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

lrm_status_t
lrm_error_set(lrm_error_t *err, lrm_status_t status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

void
lrm_error_clear(lrm_error_t *err)
{
	if (!err)
		return;
	err->status = LRM_OK;
	err->msg[0] = '\0';
}

void
lrm_error_prefix(lrm_error_t *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is fine: the message stays a valid C string. */
	if (snprintf(err->msg, sizeof(err->msg), "%s: ", prefix) <
	    (int)sizeof(err->msg)) {
		size_t used = strlen(err->msg);
		snprintf(err->msg + used, sizeof(err->msg) - used, "%s", old);
	}
}
