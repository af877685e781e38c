/* SPDX-License-Identifier: MIT */
/*
 * rand-t - defends the salt generator.  Salts lie in
 * AGT_SALT_MIN..AGT_SALT_MAX (the reference's randint(1, 99999999)) and
 * look uniform; a million salts from one kernel seed hold no repeated pair
 * of consecutive salts (a cycle would) and only as many equal salts as
 * chance gives in a range of 10^8; the key is drawn again from the kernel
 * after the configured number of refills; a thread's first salt comes
 * from the kernel without a generator, which its second salt seeds (a
 * one-token process needs no generator); threads get distinct streams;
 * and a forked child never repeats its parent's salts, with both fork
 * guards, with each guard alone, and -- the control that proves the test
 * can tell -- it does repeat them when both guards are off.
 */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "tap/tap.h"

#define MILLION 1000000
#define STREAM 32   /* salts compared between processes and threads */
#define NCHILD 3
#define NTHREAD 4

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Fills out[n]; returns the number of failed draws. */
static int draw(uint32_t *out, size_t n)
{
	int fails = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (agt_rand_salt(&out[i]) != AGT_OK)
			fails++;
	return fails;
}

static size_t same_positions(const uint32_t *a, const uint32_t *b, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += a[i] == b[i];
	return k;
}

static void million_from_one_seed(void)
{
	uint32_t *s = malloc(MILLION * sizeof *s);
	uint64_t *pairs = malloc((MILLION - 1) * sizeof *pairs);
	unsigned long seeds0, seeds1;
	size_t i, bad = 0, equal = 0, pair_repeats = 0;
	double chi2 = 0;
	static unsigned bucket[1000];

	if (s == NULL || pairs == NULL) {
		bail("out of memory");
		free(s);
		free(pairs);
		return;
	}
	agt_rand_test_config(UINT_MAX, 1, 1);
	agt_rand_thread_cleanup();
	seeds0 = agt_rand_test_kernel_seeds();
	is_int(0, draw(s, MILLION), "a million salts drawn");
	seeds1 = agt_rand_test_kernel_seeds();
	is_int(1, (long)(seeds1 - seeds0), "from one key taken from the kernel");
	for (i = 0; i < MILLION; i++) {
		if (s[i] < AGT_SALT_MIN || s[i] > AGT_SALT_MAX)
			bad++;
		else
			bucket[(uint64_t)(s[i] - AGT_SALT_MIN) * 1000 /
			    (AGT_SALT_MAX - AGT_SALT_MIN + 1)]++;
		if (i + 1 < MILLION)
			pairs[i] = (uint64_t)s[i] << 32 | s[i + 1];
	}
	is_int(0, (long)bad, "every salt within 1..99999999");
	/* 1000 buckets of 1000 expected: chi-square with 999 degrees of
	 * freedom has mean 999 and deviation 44.7; these bounds are more than
	 * seven deviations out. */
	for (i = 0; i < 1000; i++)
		chi2 += (bucket[i] - 1000.0) * (bucket[i] - 1000.0) / 1000.0;
	ok(chi2 > 680 && chi2 < 1330, "uniform over 1000 buckets (chi-square %.0f, "
	    "999 expected)", chi2);
	/* n^2 / 2N = 10^12 / (2 * 10^8) = 5000 equal pairs expected by chance,
	 * deviation about 71. */
	qsort(s, MILLION, sizeof *s, cmp_u32);
	for (i = 1; i < MILLION; i++)
		equal += s[i] == s[i - 1];
	ok(equal > 4500 && equal < 5500, "equal salts as chance gives (%zu, "
	    "5000 expected)", equal);
	qsort(pairs, MILLION - 1, sizeof *pairs, cmp_u64);
	for (i = 1; i < MILLION - 1; i++)
		pair_repeats += pairs[i] == pairs[i - 1];
	is_int(0, (long)pair_repeats, "no pair of consecutive salts repeats");
	free(s);
	free(pairs);
}

static void reseeds(void)
{
	uint32_t s[2000];
	unsigned long seeds0;

	agt_rand_test_config(2, 1, 1);
	agt_rand_thread_cleanup();
	seeds0 = agt_rand_test_kernel_seeds();
	/* 128 salts a refill (fewer after rejections): 2000 salts need 15 or
	 * more refills, so at least 7 keys from the kernel. */
	is_int(0, draw(s, 2000), "2000 salts with a reseed every 2 refills");
	ok(agt_rand_test_kernel_seeds() - seeds0 >= 7,
	    "the key is taken from the kernel again (%lu times)",
	    agt_rand_test_kernel_seeds() - seeds0);
	agt_rand_test_config(0, 1, 1);
}

static void first_salt(void)
{
	uint32_t s[2];
	unsigned long seeds0;
	int seeded = 0, i;

	/* About 1 draw in 45 lies above the largest multiple of the salt
	 * range and is drawn again: a thousand first salts include such
	 * draws, which must come from the kernel too. */
	for (i = 0; i < 1000; i++) {
		agt_rand_thread_cleanup();
		seeds0 = agt_rand_test_kernel_seeds();
		(void)draw(s, 1);
		seeded += agt_rand_test_kernel_seeds() != seeds0;
	}
	is_int(0, seeded, "no first salt of 1000 seeds a generator");
	agt_rand_thread_cleanup();
	seeds0 = agt_rand_test_kernel_seeds();
	is_int(0, draw(s, 1), "a first salt drawn");
	is_int(0, (long)(agt_rand_test_kernel_seeds() - seeds0),
	    "the first salt seeds no generator");
	is_int(0, draw(s + 1, 1), "a second salt drawn");
	is_int(1, (long)(agt_rand_test_kernel_seeds() - seeds0),
	    "the second salt seeds the generator");
	ok(s[0] >= AGT_SALT_MIN && s[0] <= AGT_SALT_MAX,
	    "the first salt is within 1..99999999");
}

static void *thread_stream(void *arg)
{
	return (void *)(intptr_t)draw(arg, STREAM);
}

static void threads(void)
{
	static uint32_t st[NTHREAD][STREAM];
	pthread_t t[NTHREAD];
	size_t i, j, worst = 0;
	int fails = 0;
	void *r;

	for (i = 0; i < NTHREAD; i++)
		if (pthread_create(&t[i], NULL, thread_stream, st[i]) != 0)
			fails++;
	for (i = 0; i < NTHREAD; i++)
		if (pthread_join(t[i], &r) != 0 || r != NULL)
			fails++;
	is_int(0, fails, "%d threads drew %d salts each", NTHREAD, STREAM);
	for (i = 0; i < NTHREAD; i++)
		for (j = i + 1; j < NTHREAD; j++) {
			size_t k = same_positions(st[i], st[j], STREAM);
			if (k > worst)
				worst = k;
		}
	ok(worst <= 1, "their streams differ (at most %zu equal positions)",
	    worst);
}

/* Forks NCHILD children after the parent's generator is seeded (a
 * thread's first salt comes from the kernel, its second seeds the
 * generator); each child sends its next STREAM salts; returns the most
 * positions in which a child's stream equals the parent's next STREAM
 * salts or another child's, or -1 when the plumbing failed. */
static long fork_streams(void)
{
	uint32_t mine[STREAM], theirs[NCHILD][STREAM], first[2];
	int fd[NCHILD][2];
	pid_t pid[NCHILD];
	size_t i, j, worst = 0;
	long rc = 0;

	if (draw(first, 2) != 0)
		return -1;
	for (i = 0; i < NCHILD; i++) {
		if (pipe(fd[i]) != 0)
			return -1;
		pid[i] = fork();
		if (pid[i] < 0)
			return -1;
		if (pid[i] == 0) {
			uint32_t s[STREAM];
			int bad = draw(s, STREAM) != 0 ||
			    write(fd[i][1], s, sizeof s) != (ssize_t)sizeof s;
			_exit(bad);
		}
		close(fd[i][1]);
	}
	if (draw(mine, STREAM) != 0)
		rc = -1;
	for (i = 0; i < NCHILD; i++) {
		int status;
		size_t got = 0;
		ssize_t r;

		while (got < sizeof theirs[i] &&
		    (r = read(fd[i][0], (char *)theirs[i] + got,
		    sizeof theirs[i] - got)) > 0)
			got += (size_t)r;
		close(fd[i][0]);
		if (waitpid(pid[i], &status, 0) != pid[i] || status != 0 ||
		    got != sizeof theirs[i])
			rc = -1;
	}
	if (rc != 0)
		return rc;
	for (i = 0; i < NCHILD; i++) {
		size_t k = same_positions(mine, theirs[i], STREAM);
		if (k > worst)
			worst = k;
		for (j = i + 1; j < NCHILD; j++) {
			k = same_positions(theirs[i], theirs[j], STREAM);
			if (k > worst)
				worst = k;
		}
	}
	return (long)worst;
}

static void forks(void)
{
	static const struct {
		int wipe, atfork;
		const char *what;
	} modes[] = {
		{ 1, 1, "both fork guards" },
		{ 1, 0, "MADV_WIPEONFORK alone" },
		{ 0, 1, "the pthread_atfork generation alone" },
	};
	size_t i;
	long w;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		/* The wipe flag applies to generators made afterwards. */
		agt_rand_test_config(0, modes[i].wipe, modes[i].atfork);
		agt_rand_thread_cleanup();
		w = fork_streams();
		ok(w >= 0 && w <= 1, "children and parent draw different salts "
		    "with %s (at most %ld equal positions of %d)", modes[i].what,
		    w, STREAM);
	}
	agt_rand_test_config(0, 0, 0);
	agt_rand_thread_cleanup();
	w = fork_streams();
	ok(w == STREAM, "control: with both guards off a child repeats its "
	    "parent's salts (%ld of %d equal)", w, STREAM);
	agt_rand_test_config(0, 1, 1);
	agt_rand_thread_cleanup();
}

int main(void)
{
	uint32_t s[1000];
	int i, varied = 0, low_half = 0, high_half = 0;

	plan_lazy();
	is_int(0, draw(s, 1000), "1000 salts drawn");
	for (i = 0; i < 1000; i++) {
		varied |= s[i] != s[0];
		if (s[i] <= AGT_SALT_MAX / 2)
			low_half++;
		else
			high_half++;
	}
	ok(varied, "not all equal");
	ok(low_half > 300 && high_half > 300,
	    "both halves of the range occur (%d / %d)", low_half, high_half);
	million_from_one_seed();
	reseeds();
	first_salt();
	threads();
	forks();
	return 0;
}
