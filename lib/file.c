/* lib/file.c - whole-file reads and atomic replacement (see lrm/file.h). */
#define _GNU_SOURCE /* mkostemp() */
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
lrm_file_mkdir_p(const char *path, mode_t mode, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	char *part = NULL;
	struct stat st;

	if (!*path)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "cannot create a directory without a name");
	part = strdup(path);
	if (!part)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	/* Each parent in turn; one that exists (EEXIST, maybe as a file)
	 * is left to the next mkdir(), which fails under a file. */
	for (char *p = part + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(part, mode) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(path, mode) == 0)
		goto cleanup;
	if (errno != EEXIST || stat(path, &st) != 0)
		goto fail;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail;
	}
	goto cleanup;
fail:
	status = lrm_error_set(err, LRM_ERR_IO, "%s: cannot create: %s", path,
			       strerror(errno));
cleanup:
	free(part);
	return status;
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
	/* O_NONBLOCK: opening a FIFO must not wait for a writer (and then
	 * reads as empty); reads themselves block as usual. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
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
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
				       strerror(errno));
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
lrm_file_read_head(const char *path, char *buf, size_t size, size_t *len,
		   lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	struct stat st;
	int fd;

	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
				     strerror(errno));
	if (fstat(fd, &st) != 0) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
				       strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		status = lrm_error_set(err, LRM_ERR_INVALID,
				       "%s: is %s, not a regular file", path,
				       lrm_file_kind(st.st_mode));
		goto cleanup;
	}
	while (*len < size) {
		ssize_t n = read(fd, buf + *len, size - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
					       strerror(errno));
			goto cleanup;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
cleanup:
	close(fd);
	return status;
}

const char *
lrm_file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a special file";
}

/* As many links as Linux follows in one path (MAXSYMLINKS). */
#define MAX_LINKS 40

/* The file the symbolic link PATH (of SIZE bytes, from lstat()) points
 * to, as a path usable from here: a relative target is relative to the
 * link's directory.  malloc()ed, or NULL with errno set. */
static char *
follow_link(const char *path, off_t size)
{
	size_t want = size > 0 && size < PATH_MAX ? (size_t)size + 1 : PATH_MAX;
	const char *slash;
	char *link, *joined;
	ssize_t n;

	link = malloc(want);
	if (!link)
		return NULL;
	n = readlink(path, link, want);
	if (n < 0 || (size_t)n >= want) {
		if (n >= 0)
			errno = ENAMETOOLONG;
		free(link);
		return NULL;
	}
	link[n] = '\0';
	slash = strrchr(path, '/');
	if (link[0] == '/' || !slash)
		return link;
	joined = malloc((size_t)(slash - path) + 1 + (size_t)n + 1);
	if (joined)
		sprintf(joined, "%.*s/%s", (int)(slash - path), path, link);
	free(link);
	return joined;
}

lrm_status_t
lrm_file_resolve(const char *path, char **target, struct stat *st,
		 int *exists, lrm_error_t *err)
{
	char *at = strdup(path);

	*target = NULL;
	*exists = 0;
	for (int links = 0; at; links++) {
		char *next;

		if (lstat(at, st) != 0) {
			lrm_status_t status;

			/* Nothing there (yet): a new file, or what a
			 * dangling link points to. */
			if (errno == ENOENT) {
				*target = at;
				return LRM_OK;
			}
			status = lrm_error_set(err, LRM_ERR_IO, "%s: %s", path,
					       strerror(errno));
			free(at);
			return status;
		}
		if (!S_ISLNK(st->st_mode)) {
			*target = at;
			*exists = 1;
			return LRM_OK;
		}
		if (links == MAX_LINKS) {
			free(at);
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "%s: more than %d symbolic links "
					     "in a row (a loop?)",
					     path, MAX_LINKS);
		}
		next = follow_link(at, st->st_size);
		if (!next && errno != ENOMEM) {
			lrm_status_t status =
				lrm_error_set(err, LRM_ERR_IO,
					      "%s: cannot read the link %s: %s",
					      path, at, strerror(errno));
			free(at);
			return status;
		}
		free(at);
		at = next;
	}
	return lrm_error_set(err, LRM_ERR_NOMEM, "%s: out of memory", path);
}

/* Create a new file "PATH.tmp.XXXXXX" for writing with mkostemp(): mode
 * 0600 until the caller gives it the contents' own mode, so that nobody
 * else can open it before then and read what is written after.  A name
 * as long as a file name may be is cut short to leave room for the
 * suffix.  Returns the descriptor and the name in *TMP (malloc()ed), or -1
 * with errno set. */
static int
create_temporary(const char *path, char **tmp)
{
	size_t size = strlen(path) + sizeof(".tmp.XXXXXX");
	const char *base = lrm_file_basename(path);
	char *name = malloc(size);
	int keep = (int)strlen(path), fd;

	*tmp = NULL;
	if (!name) {
		errno = ENOMEM;
		return -1;
	}
	if (strlen(base) + sizeof(".tmp.XXXXXX") - 1 > NAME_MAX)
		keep = (int)(base - path) + NAME_MAX -
		       (int)(sizeof(".tmp.XXXXXX") - 1);
	snprintf(name, size, "%.*s.tmp.XXXXXX", keep, path);
	fd = mkostemp(name, O_CLOEXEC);
	if (fd < 0) {
		free(name);
		return -1;
	}
	*tmp = name;
	return fd;
}

/* The mode of a new file: 0666 less the umask, as open() would give. */
static mode_t
new_file_mode(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

lrm_status_t
lrm_file_replace(const char *path, const char *data, size_t len,
		 const struct stat *keep, lrm_error_t *err)
{
	lrm_status_t status = LRM_OK;
	char *tmp = NULL;
	size_t done = 0;
	int fd;

	fd = create_temporary(path, &tmp);
	if (fd < 0) {
		if (errno == ENOMEM)
			return lrm_error_set(err, LRM_ERR_NOMEM,
					     "%s: out of memory", path);
		return lrm_error_set(err, LRM_ERR_IO,
				     "%s: cannot create a temporary file: %s",
				     path, strerror(errno));
	}
	if (keep) {
		/* Only root may give a file away; anyone else keeps it
		 * theirs, which is no reason to fail. */
		if ((keep->st_uid != geteuid() || keep->st_gid != getegid()) &&
		    fchown(fd, keep->st_uid, keep->st_gid) != 0 &&
		    fchown(fd, (uid_t)-1, keep->st_gid) != 0) {
			/* Neither: the new file stays the writer's. */
		}
	}
	if (fchmod(fd, keep ? keep->st_mode & 0777 : new_file_mode()) != 0) {
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

lrm_status_t
lrm_file_write_atomic(const char *path, const char *data, size_t len,
		      lrm_error_t *err)
{
	struct stat st;
	int regular = lstat(path, &st) == 0 && S_ISREG(st.st_mode);

	return lrm_file_replace(path, data, len, regular ? &st : NULL, err);
}
