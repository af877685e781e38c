/* SPDX-License-Identifier: MIT */
/*
 * cgi-spawn.c - times plain CGI without a web server, for tools/bench-http:
 * runs each program given K times, taking turns (A B C A B C ...) so that
 * every program sees the same machine, each run with this process's
 * environment (the CGI variables of one request, set by the caller),
 * standard input from /dev/null and standard output read to its end
 * through a pipe, as a web server would.  A run is timed from
 * posix_spawn() to the child reaped by wait4(), which also gives its peak
 * resident memory.  Prints per program: the median and 90th percentile
 * wall time per run in microseconds, the median peak RSS in KiB, and the
 * ratio of its median to the first program's; a run that exits non-zero
 * or writes nothing is an error and makes the exit status 1.
 *
 *   cgi-spawn RUNS PROGRAM...
 */
#include "config.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One run of prog: its wall time in *us and peak RSS in *kib; 0 when it
 * exited 0 after writing something. */
static int run_once(const char *prog, double *us, double *kib)
{
	posix_spawn_file_actions_t fa;
	char *argv[2] = { (char *)prog, NULL };
	char buf[8192];
	struct rusage ru;
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	int fd[2], st = 0, rc;
	double t0;

	if (pipe(fd) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addclose(&fa, fd[1]);
	t0 = now_us();
	rc = posix_spawn(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (rc != 0) {
		close(fd[0]);
		fprintf(stderr, "cgi-spawn: cannot run %s: %s\n", prog, strerror(rc));
		return -1;
	}
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		got += (size_t)n;
	close(fd[0]);
	if (wait4(pid, &st, 0, &ru) != pid)
		return -1;
	*us = now_us() - t0;
	*kib = (double)ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && got > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	long runs;
	int nprog, errors = 0;
	double *us, *kib, first = 0;

	if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) < 1 || runs > 1000000) {
		fprintf(stderr, "usage: cgi-spawn RUNS PROGRAM...\n");
		return 2;
	}
	nprog = argc - 2;
	us = calloc((size_t)runs * (size_t)nprog, sizeof *us);
	kib = calloc((size_t)runs * (size_t)nprog, sizeof *kib);
	if (us == NULL || kib == NULL)
		return 2;
	for (long r = 0; r < runs; r++)
		for (int p = 0; p < nprog; p++)
			if (run_once(argv[2 + p], &us[p * runs + r],
			    &kib[p * runs + r]) != 0 && errors++ < 3)
				fprintf(stderr, "cgi-spawn: %s failed\n", argv[2 + p]);
	for (int p = 0; p < nprog; p++) {
		double *u = &us[p * runs], *k = &kib[p * runs], med;

		qsort(u, (size_t)runs, sizeof *u, cmp_double);
		qsort(k, (size_t)runs, sizeof *k, cmp_double);
		med = u[runs / 2];
		if (p == 0)
			first = med;
		printf("%s %.1f %.1f %.0f %.3f\n", argv[2 + p], med,
		    u[runs * 9 / 10], k[runs / 2], first > 0 ? med / first : 0);
	}
	return errors ? 1 : 0;
}
