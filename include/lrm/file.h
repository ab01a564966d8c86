/* lrm/file.h - reading whole files and replacing them atomically. */
#ifndef LRM_FILE_H
#define LRM_FILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "lrm/error.h"

/* Read the whole of PATH into a malloc()ed, NUL-terminated buffer (*DATA,
 * *LEN bytes).  Files larger than MAX bytes, directories and unreadable
 * files fail with a message naming PATH.  Opening never waits: a FIFO
 * without a writer reads as empty. */
LRM_MUST_CHECK lrm_status_t
lrm_file_read(const char *path, size_t max, char **data, size_t *len,
	      lrm_error_t *err);

/* Read at most SIZE bytes from the start of PATH into BUF (*LEN bytes; BUF
 * is not NUL-terminated).  Never blocks, even if PATH has become a FIFO
 * since it was looked at: anything but a regular file fails
 * (LRM_ERR_INVALID). */
LRM_MUST_CHECK lrm_status_t
lrm_file_read_head(const char *path, char *buf, size_t size, size_t *len,
		   lrm_error_t *err);

/* The file a write to PATH should replace: PATH itself or, when PATH is a
 * symbolic link, the file its chain of links ends at, so that the links
 * stay links and point to the new contents.  *TARGET is malloc()ed (the
 * caller frees it).  When the target exists, *EXISTS is 1 and *ST its
 * lstat(); when it does not (a new file, or a dangling link's target),
 * *EXISTS is 0.  More than 40 links in a row fail as a loop. */
LRM_MUST_CHECK lrm_status_t
lrm_file_resolve(const char *path, char **target, struct stat *st,
		 int *exists, lrm_error_t *err);

/* "a directory", "a FIFO", "a character device", ...: what MODE's file
 * type is, for messages. */
const char *lrm_file_kind(mode_t mode);

/* Replace PATH with LEN bytes of DATA so that a crash at any moment leaves
 * either the old file or the new one, never a mix: write a temporary file
 * beside PATH, fsync() it, rename() it over PATH, fsync() the directory.
 * PATH itself is replaced, never a file it links to (see
 * lrm_file_resolve()).  KEEP, the lstat() of the regular file PATH is now,
 * gives the new file its permission bits (and, where allowed, its owner
 * and group); with KEEP NULL the new file gets 0666 less the umask, as
 * any new file does.  On failure PATH is untouched and the temporary file
 * removed. */
LRM_MUST_CHECK lrm_status_t
lrm_file_replace(const char *path, const char *data, size_t len,
		 const struct stat *keep, lrm_error_t *err);

/* lrm_file_replace() keeping the permissions of PATH when it is a regular
 * file now. */
LRM_MUST_CHECK lrm_status_t
lrm_file_write_atomic(const char *path, const char *data, size_t len,
		      lrm_error_t *err);

/* Create the directory PATH and whichever of its parents are missing, as
 * `mkdir -p` does, each with MODE less the umask.  A PATH that is a
 * directory already (or a link to one) is success; one that is a file,
 * or has a file among its parents, fails.  Errors say "PATH: cannot
 * create: REASON" (LRM_ERR_IO), or LRM_ERR_INVALID for an empty PATH,
 * LRM_ERR_NOMEM.  Parents made before a failure stay. */
LRM_MUST_CHECK lrm_status_t
lrm_file_mkdir_p(const char *path, mode_t mode, lrm_error_t *err);

/* The last component of PATH (a pointer into PATH). */
const char *lrm_file_basename(const char *path);

#endif /* LRM_FILE_H */
