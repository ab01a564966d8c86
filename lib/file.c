/* lib/file.c - whole-file reads and atomic replacement (see lrm/file.h). */
#define _POSIX_C_SOURCE 200809L
#include "lrm/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
lrm_file_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

lrm_status_t
lrm_file_read(const char *path, size_t max, char **data, size_t *len,
	      lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	struct stat st;
	char *buf = NULL;
	size_t used = 0, size = 0;
	int fd = -1;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
				       strerror(errno));
		goto cleanup;
	}
	if (fstat(fd, &st) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
				       strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		status = lrm_error_set(err, LRM_ERR_IO,
				       "%s: is a directory, not a file", path);
		goto cleanup;
	}
	for (;;) {
		ssize_t n;

		if (used == size) {
			size_t want = size ? size * 2 : 65536;
			char *grown;

			if (size > max) {
				status = lrm_error_set(
				    err, LRM_ERR_IO,
				    "%s: file is larger than %zu bytes", path,
				    max);
				goto cleanup;
			}
			grown = realloc(buf, want + 1);
			if (!grown) {
				status = lrm_error_set(err, LRM_ERR_NOMEM,
						       "%s: out of memory", path);
				goto cleanup;
			}
			buf = grown;
			size = want;
		}
		n = read(fd, buf + used, size - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
					       strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (used > max) {
		status = lrm_error_set(err, LRM_ERR_IO,
				       "%s: file is larger than %zu bytes", path,
				       max);
		goto cleanup;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			status = lrm_error_set(err, LRM_ERR_NOMEM,
					       "%s: out of memory", path);
			goto cleanup;
		}
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	buf = NULL;
cleanup:
	if (fd >= 0)
		close(fd);
	free(buf);
	return status;
}

/* fsync() the directory holding PATH, so the rename itself is durable. */
static int
sync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, ret;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

lrm_status_t
lrm_file_write_atomic(const char *path, const char *data, size_t len,
		      lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	char *tmp = NULL;
	size_t tmplen = strlen(path) + sizeof(".tmp.XXXXXX");
	size_t done = 0;
	int fd = -1;

	tmp = malloc(tmplen);
	if (!tmp)
		return lrm_error_set(err, LRM_ERR_NOMEM, "%s: out of memory",
				     path);
	snprintf(tmp, tmplen, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		status = lrm_error_set(err, LRM_ERR_IO,
				       "%s: cannot create a temporary file: %s",
				       path, strerror(errno));
		free(tmp);
		return status;
	}
	/* mkstemp() makes the file 0600; a dataset is an ordinary file. */
	if (fchmod(fd, 0644) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", tmp,
				       strerror(errno));
		goto cleanup;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			status = lrm_error_set(err, LRM_ERR_IO,
					       "%s: write failed: %s", tmp,
					       strerror(errno));
			goto cleanup;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: fsync failed: %s",
				       tmp, strerror(errno));
		goto cleanup;
	}
	if (close(fd) != 0) {
		fd = -1;
		status = lrm_error_set(err, LRM_ERR_IO, "%s: close failed: %s",
				       tmp, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO,
				       "%s: cannot replace the file: %s", path,
				       strerror(errno));
		goto cleanup;
	}
	/* The new file is in place; a failed directory sync only weakens
	 * durability after a power cut, and every reader sees a whole file. */
	(void)sync_parent(path);
cleanup:
	if (fd >= 0)
		close(fd);
	if (status != LRM_OK)
		unlink(tmp);
	free(tmp);
	return status;
}
