/* bench/bench_exec.c - how long whole commands take, process start to exit.
 *
 *   bench_exec [--reps N] [--warmup W] [--max-status S] SPEC
 *
 * SPEC has one command a line: a label, then the program and its
 * arguments, all separated by tabs ('#' starts a comment line).  The
 * commands run in rounds - each once per round, in file order - so a
 * change in the machine's load while the benchmark runs touches all of
 * them alike.  Each run starts with posix_spawn() (standard input from
 * /dev/null, output to a scratch file emptied for each run: GNU grep stops
 * at the first match when its output is /dev/null) and ends when
 * waitpid() returns.  After
 * W untimed rounds, N timed ones; then one JSON line per command: the
 * median, mean, minimum, 90th percentile and maximum in microseconds.
 *
 * A command that exits with a status above S (default 1: grep's "no
 * match" is fine) or is killed is an error: exit status 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

extern char **environ;

static const char *const program = "bench_exec";

/* Where the commands' output goes (see above). */
static char out_path[] = "/tmp/bench_exec.XXXXXX";

struct command {
	char *label;
	char **argv; /* NULL-terminated; argv[0] is looked up in PATH */
	double *us;  /* per timed round: wall clock */
	double *cpu; /* per timed round: the child's user + system time */
};




/* Run C once; its wall-clock time in microseconds in *US, its CPU time
 * (user and system, which waiting for a busy core does not add to) in
 * *CPU.  0, or -1 when it could not start, was killed or exited above
 * MAX_STATUS. */
static int
run_once(const struct command *c, int max_status, double *us, double *cpu)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int status, rc;
	double t0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path,
					 O_WRONLY | O_TRUNC, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	t0 = bench_now();
	rc = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "%s: %s: cannot run %s: %s\n", program, c->label,
			c->argv[0], strerror(rc));
		return -1;
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "%s: wait4: %s\n", program,
				strerror(errno));
			return -1;
		}
	*us = (bench_now() - t0) * 1e6;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > max_status) {
		fprintf(stderr, "%s: %s: %s %d\n", program, c->label,
			WIFEXITED(status) ? "exit status" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return 0;
}

/* Parse SPEC into *CMDS, *N of them (set even on failure, so the
 * caller frees what was read); 0, or -1. */
static int
load_spec(const char *path, struct command **cmds, int *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
		return -1;
	}
	*cmds = NULL;
	*n = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		struct command *grown, *c;
		size_t argc = 0;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		grown = realloc(*cmds, (size_t)(*n + 1) * sizeof(**cmds));
		if (!grown)
			goto nomem;
		*cmds = grown;
		c = &(*cmds)[(*n)++];
		memset(c, 0, sizeof(*c));
		c->argv = calloc((size_t)len + 1, sizeof(*c->argv));
		if (!c->argv)
			goto nomem;
		/* fields may be empty (an empty query), so no strtok */
		for (char *p = line;; ) {
			char *tab = strchr(p, '\t');

			if (tab)
				*tab = '\0';
			if (!c->label) {
				if (!(c->label = strdup(p)))
					goto nomem;
			} else if (!(c->argv[argc++] = strdup(p))) {
				goto nomem;
			}
			if (!tab)
				break;
			p = tab + 1;
		}
		if (argc == 0) {
			fprintf(stderr, "%s: %s: '%s' names no command\n",
				program, path, c->label);
			free(line);
			fclose(f);
			return -1;
		}
	}
	free(line);
	fclose(f);
	if (*n == 0) {
		fprintf(stderr, "%s: %s: no commands\n", program, path);
		return -1;
	}
	return 0;
nomem:
	fprintf(stderr, "%s: out of memory\n", program);
	free(line);
	fclose(f);
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"reps", required_argument, NULL, 'r'},
		{"warmup", required_argument, NULL, 'w'},
		{"max-status", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct command *cmds = NULL;
	int reps = 100, warmup = 3, max_status = 1, n = 0, opt, ret = 2;

	while ((opt = getopt_long(argc, argv, "r:w:s:h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			reps = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 's':
			max_status = atoi(optarg);
			break;
		case 'h':
			printf("Usage: %s [--reps N] [--warmup W] [--max-status S] "
			       "SPEC\n",
			       program);
			return 0;
		default:
			return 2;
		}
	}
	if (optind + 1 != argc || reps < 1 || warmup < 0) {
		fprintf(stderr, "Usage: %s [--reps N] [--warmup W] "
			"[--max-status S] SPEC\n", program);
		return 2;
	}
	{
		int fd = mkstemp(out_path);

		if (fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", program, out_path,
				strerror(errno));
			return 2;
		}
		close(fd);
	}
	if (load_spec(argv[optind], &cmds, &n))
		goto cleanup;
	for (int i = 0; i < n; i++)
		if (!(cmds[i].us = calloc((size_t)reps, sizeof(double))) ||
		    !(cmds[i].cpu = calloc((size_t)reps, sizeof(double)))) {
			fprintf(stderr, "%s: out of memory\n", program);
			goto cleanup;
		}
	for (int r = -warmup; r < reps; r++)
		for (int i = 0; i < n; i++) {
			double us, cpu;

			if (run_once(&cmds[i], max_status, &us, &cpu))
				goto cleanup;
			if (r >= 0) {
				cmds[i].us[r] = us;
				cmds[i].cpu[r] = cpu;
			}
		}
	for (int i = 0; i < n; i++) {
		double *v = cmds[i].us, *c = cmds[i].cpu, sum = 0;

		qsort(v, (size_t)reps, sizeof(*v), bench_cmp_double);
		qsort(c, (size_t)reps, sizeof(*c), bench_cmp_double);
		for (int r = 0; r < reps; r++)
			sum += v[r];
		printf("{\"type\": \"exec\", \"label\": ");
		bench_json_string(stdout, cmds[i].label);
		printf(", \"reps\": %d, \"p50_us\": %.1f, \"mean_us\": %.1f, "
		       "\"min_us\": %.1f, \"p90_us\": %.1f, \"max_us\": %.1f, "
		       "\"cpu_p50_us\": %.1f}\n",
		       reps, (v[(reps - 1) / 2] + v[reps / 2]) / 2, sum / reps, v[0],
		       v[(int)ceil(0.9 * reps) - 1], v[reps - 1],
		       (c[(reps - 1) / 2] + c[reps / 2]) / 2);
	}
	ret = fflush(stdout) == 0 ? 0 : 2;
cleanup:
	for (int i = 0; i < n; i++) {
		free(cmds[i].label);
		for (char **a = cmds[i].argv; a && *a; a++)
			free(*a);
		free(cmds[i].argv);
		free(cmds[i].us);
		free(cmds[i].cpu);
	}
	free(cmds);
	unlink(out_path);
	return ret;
}
