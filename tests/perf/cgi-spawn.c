/* SPDX-License-Identifier: MIT */
/*
 * cgi-spawn.c - times plain CGI without a web server, for tools/bench-http:
 * runs each program given K times, taking turns (A B C A B C ...) so that
 * every program sees the same machine, each run with this process's
 * environment (the CGI variables of one request, set by the caller),
 * standard input from /dev/null and standard output read to its end
 * through a pipe, as a web server would.  A run is timed from
 * posix_spawn() to the child reaped by wait4().
 *
 * Peak resident memory comes from a few more runs of each program, traced
 * to their exit: there, /proc/PID/status still holds VmHWM of the image
 * the program exec'd.  wait4()'s ru_maxrss cannot serve: the kernel folds
 * the high-water mark of the address space a child leaves at exec (after
 * posix_spawn or fork, this process's) into it, so a program smaller than
 * the timer would show the timer's size.  Without ptrace the memory column
 * falls back to ru_maxrss, with a warning.
 *
 * Prints per program: the median and 90th percentile wall time per run in
 * microseconds, the peak RSS in KiB (the largest of the traced runs), and
 * the ratio of its median to the first program's.  A run that exits
 * non-zero or writes nothing is an error and makes the exit status 1.
 *
 *   cgi-spawn [-b MIB] RUNS PROGRAM...
 *
 * -b holds MIB MiB of touched memory in the timer while it runs, to show
 * that the memory figures are the programs' own (tests/perf/cgi-spawn-t.sh).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Traced runs per program for the memory column. */
#define HWM_RUNS 5

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

/* Reads fd to its end; the number of bytes, or -1 on a read error. */
static long drain(int fd)
{
	char buf[8192];
	long got = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		got += n;
	return n < 0 ? -1 : got;
}

/* One timed run of prog: its wall time in *us and wait4's ru_maxrss in
 * *kib; 0 when it exited 0 after writing something. */
static int run_once(const char *prog, double *us, double *kib)
{
	posix_spawn_file_actions_t fa;
	char *argv[2] = { (char *)prog, NULL };
	struct rusage ru;
	long got;
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
	got = drain(fd[0]);
	close(fd[0]);
	if (wait4(pid, &st, 0, &ru) != pid)
		return -1;
	*us = now_us() - t0;
	*kib = (double)ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && got > 0 ? 0 : -1;
}

/* VmHWM of pid in KiB from /proc, or -1. */
static long vm_hwm(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	fclose(f);
	return kib;
}

/*
 * One run of prog traced to its exit, set up as run_once sets up a timed
 * run; *kib is the program's VmHWM at its exit.  Returns 0 when it exited
 * 0 after writing something, -1 when it failed, -2 when it could not be
 * traced.  The output is read while the child runs, so that a program
 * writing more than a pipe holds cannot stall.
 */
static int run_traced(const char *prog, long *kib)
{
	char *argv[2] = { (char *)prog, NULL };
	struct pollfd pf;
	long got = 0, n;
	int fd[2], st, open_out = 1, traced = 0, done = 0;
	pid_t pid;

	*kib = -1;
	if (pipe(fd) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0 || dup2(fd[1], 1) < 0)
			_exit(126);
		close(fd[0]);
		close(fd[1]);
		close(in);
		/* Stops with SIGTRAP at the execve below. */
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
			_exit(125);
		execve(prog, argv, environ);
		_exit(127);
	}
	close(fd[1]);
	pf.fd = fd[0];
	pf.events = POLLIN;
	while (!done) {
		pid_t w;

		if (open_out && poll(&pf, 1, 1) > 0) {
			char buf[8192];

			if ((n = read(fd[0], buf, sizeof buf)) > 0)
				got += n;
			else if (n == 0 || errno != EINTR)
				open_out = 0;
		}
		w = waitpid(pid, &st, open_out ? WNOHANG : 0);
		if (w == 0)
			continue;
		if (w != pid)
			break;
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			done = 1;
		} else if (WIFSTOPPED(st) && !traced && WSTOPSIG(st) == SIGTRAP) {
			/* At the exec: ask for a stop at the exit. */
			if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
			    (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)) != 0) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				close(fd[0]);
				return -2;
			}
			traced = 1;
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else if (WIFSTOPPED(st) &&
		    st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			/* Exiting, the address space not yet released. */
			*kib = vm_hwm(pid);
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else if (WIFSTOPPED(st)) {
			/* Any other signal goes on to the program. */
			ptrace(PTRACE_CONT, pid, NULL,
			    (void *)(long)WSTOPSIG(st));
		}
	}
	if (open_out) {
		n = drain(fd[0]);
		got += n > 0 ? n : 0;
	}
	close(fd[0]);
	if (!done)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 125)
		return -2;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 && got > 0 &&
	    *kib > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	long runs, mib = 0;
	int nprog, errors = 0, traceable = 1;
	double *us, *kib, first = 0;
	char *ballast = NULL;

	if (argc > 2 && strcmp(argv[1], "-b") == 0) {
		mib = strtol(argv[2], NULL, 10);
		if (mib < 1 || mib > 4096) {
			fprintf(stderr, "cgi-spawn: -b takes 1 to 4096 (MiB)\n");
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc < 3 || (runs = strtol(argv[1], NULL, 10)) < 1 || runs > 1000000) {
		fprintf(stderr, "usage: cgi-spawn [-b MIB] RUNS PROGRAM...\n");
		return 2;
	}
	if (mib > 0) {
		if ((ballast = malloc((size_t)mib << 20)) == NULL)
			return 2;
		memset(ballast, 1, (size_t)mib << 20);
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
		double *u = &us[p * runs], *k = &kib[p * runs], med, peak = 0;

		qsort(u, (size_t)runs, sizeof *u, cmp_double);
		qsort(k, (size_t)runs, sizeof *k, cmp_double);
		med = u[runs / 2];
		if (p == 0)
			first = med;
		for (int t = 0; traceable && t < HWM_RUNS; t++) {
			long hwm;
			int rc = run_traced(argv[2 + p], &hwm);

			if (rc == -2) {
				fprintf(stderr, "cgi-spawn: cannot trace a program "
				    "(ptrace): peak RSS is wait4's ru_maxrss, which "
				    "includes this timer's own\n");
				traceable = 0;
			} else if (rc != 0) {
				if (errors++ < 3)
					fprintf(stderr, "cgi-spawn: %s failed (traced)\n",
					    argv[2 + p]);
			} else if (hwm > peak) {
				peak = (double)hwm;
			}
		}
		if (!traceable)
			peak = k[runs / 2];
		printf("%s %.1f %.1f %.0f %.3f\n", argv[2 + p], med,
		    u[runs * 9 / 10], peak, first > 0 ? med / first : 0);
	}
	free(ballast);
	free(us);
	free(kib);
	return errors ? 1 : 0;
}
