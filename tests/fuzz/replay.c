/* tests/fuzz/replay.c - run a fuzz target over files, without libFuzzer.
 *
 *   replay_fuzz_list FILE_OR_DIR...
 *
 * Calls the target's LLVMFuzzerInitialize() (when it has one) and then
 * LLVMFuzzerTestOneInput() once per file, directories read in name order
 * (recursively, dot files skipped).  Each input is handed over in a buffer
 * of exactly its size, as libFuzzer does, so a read past the end shows
 * under AddressSanitizer.  A target reports a broken property by
 * aborting, so a failing input ends the run; its name is on the line
 * printed just before.  CTest runs this over tests/fuzz/corpus/TARGET/, so
 * every seed and every saved crash stays a regression test in every build
 * (gcc, and ASan/UBSan with -DLRM_SANITIZE=ON).
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Defined by the targets that need one-time setup. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned passed, failed;

/* Read PATH into a malloc()ed buffer of exactly its size. */
static int
read_input(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		uint8_t chunk[65536];
		size_t n = fread(chunk, 1, sizeof(chunk), f);
		uint8_t *grown;

		if (n == 0)
			break;
		if (len + n > cap) {
			cap = len + n;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			buf = grown;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* libFuzzer never passes NULL, even for an empty input. */
	if (!buf && !(buf = malloc(1))) {
		errno = ENOMEM;
		return -1;
	}
	*data = buf;
	*size = len;
	return 0;
}

static void
run_file(const char *path)
{
	uint8_t *data = NULL;
	size_t size = 0;

	printf("%s ... ", path);
	fflush(stdout);
	if (read_input(path, &data, &size) != 0) {
		printf("cannot read: %s\n", strerror(errno));
		failed++;
		return;
	}
	(void)LLVMFuzzerTestOneInput(data, size);
	free(data);
	printf("ok\n");
	passed++;
}

static int
skip_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

static void
run_path(const char *path)
{
	struct stat sb;
	struct dirent **names = NULL;
	int n;

	if (stat(path, &sb) != 0) {
		printf("%s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &names, skip_dots, alphasort);
	if (n < 0) {
		printf("%s: %s\n", path, strerror(errno));
		failed++;
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
		char *child = malloc(len);

		if (!child) {
			printf("out of memory\n");
			failed++;
		} else {
			snprintf(child, len, "%s/%s", path, names[i]->d_name);
			run_path(child);
			free(child);
		}
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "Usage: %s FILE_OR_DIR...\n"
				"Run a fuzz target once on each file.\n",
			argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || passed == 0 ? 1 : 0;
}
