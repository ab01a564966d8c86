/* lrm/file.h - reading whole files and replacing them atomically. */
#ifndef LRM_FILE_H
#define LRM_FILE_H

#include <stddef.h>

#include "lrm/error.h"

/* Read the whole of PATH into a malloc()ed, NUL-terminated buffer (*DATA,
 * *LEN bytes).  Files larger than MAX bytes, directories and unreadable
 * files fail with a message naming PATH. */
LRM_MUST_CHECK lrm_status_t
lrm_file_read(const char *path, size_t max, char **data, size_t *len,
	      lrm_error_t *err);

/* Replace PATH with LEN bytes of DATA so that a crash at any moment leaves
 * either the old file or the new one, never a mix: write a temporary file
 * beside PATH, fsync() it, rename() it over PATH, fsync() the directory.
 * On failure PATH is untouched and the temporary file removed. */
LRM_MUST_CHECK lrm_status_t
lrm_file_write_atomic(const char *path, const char *data, size_t len,
		      lrm_error_t *err);

/* The last component of PATH (a pointer into PATH). */
const char *lrm_file_basename(const char *path);

#endif /* LRM_FILE_H */
