/* SPDX-License-Identifier: MIT */
/*
 * rand.c - token salts from a per-thread ChaCha20 generator.
 *
 * A system call per salt costs more than the rest of a 006 token on some
 * virtual machines, so each thread keeps a generator in user space: a
 * 256-bit key from getrandom(2), expanded with ChaCha20 (mbedTLS, through
 * mac.c) into a buffer of output.  Every refill takes the first 32 bytes of
 * the new keystream as the next key and wipes the old one, and every byte
 * handed out is wiped from the buffer, so the state never holds what it
 * already produced (fast key erasure).  The key is drawn afresh from the
 * kernel after RAND_RESEED_REFILLS refills.
 *
 * A thread's first salt comes from getrandom(2) directly, and its
 * generator is made at the second: a process that makes one token (plain
 * CGI) spends one system call on its salt, as seeding would, and skips
 * the generator's pages and first keystream.
 *
 * A forked child must never repeat its parent's salts.  Two guards, either
 * of which suffices: the state lives in its own pages marked
 * MADV_WIPEONFORK, so a child sees them zeroed ("not seeded"), and a
 * pthread_atfork handler advances a fork generation that the state must
 * match.  When the pages cannot be had, salts come from getrandom(2)
 * directly, one call each.
 *
 * Salts are uniform in AGT_SALT_MIN..AGT_SALT_MAX by rejection sampling
 * (a plain modulo would favour the low values).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef HAVE_SYS_RANDOM_H
#include <sys/random.h>
#endif
#ifndef HAVE_GETRANDOM
#include <sys/syscall.h>
#endif

#include "internal.h"

/* Output bytes per refill (128 salts), after the 32 that become the key. */
#define RAND_BUF 512U
/* Refills between two keys from the kernel: 2 MiB of output. */
#define RAND_RESEED_REFILLS 4096U

struct rand_state {
	uint32_t seeded;    /* 0: never seeded, or wiped by a fork */
	unsigned fork_gen;  /* the fork generation it was seeded in */
	unsigned refills;   /* since the key came from the kernel */
	size_t pos;         /* next unused byte of buf */
	uint8_t key[32];
	uint8_t buf[RAND_BUF];
};

static pthread_once_t rand_once = PTHREAD_ONCE_INIT;
static pthread_key_t rand_key;
static int rand_key_ok;
static unsigned fork_gen;
static unsigned reseed_refills = RAND_RESEED_REFILLS;
static int guard_wipe = 1, guard_atfork = 1;
static unsigned long kernel_seeds;
static int generator_off;  /* set when the keystream is unavailable */

/* The key's value in a thread that has drawn its first salt (from the
 * kernel) and has no generator yet. */
static char first_drawn;
#define FIRST_DRAWN ((void *)&first_drawn)

static void after_fork_child(void)
{
	__atomic_add_fetch(&fork_gen, 1U, __ATOMIC_RELAXED);
}

static size_t state_bytes(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t n = sizeof(struct rand_state);

	if (page <= 0)
		page = 4096;
	return (n + (size_t)page - 1) / (size_t)page * (size_t)page;
}

static void state_free(void *arg)
{
	if (arg == NULL || arg == FIRST_DRAWN)
		return;
	agt_memzero(arg, sizeof(struct rand_state));
	(void)munmap(arg, state_bytes());
}

static void rand_init_once(void)
{
	rand_key_ok = pthread_key_create(&rand_key, state_free) == 0 &&
	    pthread_atfork(NULL, NULL, after_fork_child) == 0;
}

/* The calling thread's generator, NULL when it cannot be had or this is
 * the thread's first salt (the caller then asks the kernel). */
static struct rand_state *rand_state(void)
{
	struct rand_state *s;
	void *p;

	if (pthread_once(&rand_once, rand_init_once) != 0 || !rand_key_ok ||
	    __atomic_load_n(&generator_off, __ATOMIC_RELAXED))
		return NULL;
	s = pthread_getspecific(rand_key);
	if (s != NULL && s != FIRST_DRAWN)
		return s;
	if (s == NULL) {
		(void)pthread_setspecific(rand_key, FIRST_DRAWN);
		return NULL;
	}
	p = mmap(NULL, state_bytes(), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_WIPEONFORK
	/* Linux 4.14 and later; older kernels leave the atfork guard. */
	if (__atomic_load_n(&guard_wipe, __ATOMIC_RELAXED))
		(void)madvise(p, state_bytes(), MADV_WIPEONFORK);
#endif
	if (pthread_setspecific(rand_key, p) != 0) {
		(void)munmap(p, state_bytes());
		return NULL;
	}
	return p;
}

void agt_rand_thread_cleanup(void)
{
	void *s;

	if (pthread_once(&rand_once, rand_init_once) != 0 || !rand_key_ok)
		return;
	s = pthread_getspecific(rand_key);
	if (s != NULL) {
		(void)pthread_setspecific(rand_key, NULL);
		state_free(s);
	}
}

/* n bytes from the kernel, retried through signals and short reads. */
static enum agt_err kernel_random(void *buf, size_t n)
{
	unsigned char *b = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
#ifdef HAVE_GETRANDOM
		r = getrandom(b + got, n - got, 0);
#else
		r = syscall(SYS_getrandom, b + got, n - got, 0);
#endif
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return AGT_ERANDOM;
		}
		got += (size_t)r;
	}
	return AGT_OK;
}

static enum agt_err refill(struct rand_state *s)
{
	uint8_t stream[sizeof s->key + RAND_BUF];
	enum agt_err rc;

	rc = agt_chacha20_stream(s->key, stream, sizeof stream);
	if (rc == AGT_ECRYPTO)
		__atomic_store_n(&generator_off, 1, __ATOMIC_RELAXED);
	if (rc == AGT_OK) {
		memcpy(s->key, stream, sizeof s->key);
		memcpy(s->buf, stream + sizeof s->key, RAND_BUF);
		s->pos = 0;
		s->refills++;
	}
	agt_memzero(stream, sizeof stream);
	return rc;
}

static enum agt_err reseed(struct rand_state *s)
{
	enum agt_err rc;

	agt_memzero(s, sizeof *s);
	if ((rc = kernel_random(s->key, sizeof s->key)) != AGT_OK)
		return rc;
	s->fork_gen = __atomic_load_n(&fork_gen, __ATOMIC_RELAXED);
	s->seeded = 1;
	__atomic_add_fetch(&kernel_seeds, 1UL, __ATOMIC_RELAXED);
	return refill(s);
}

static int needs_seed(const struct rand_state *s)
{
	if (!s->seeded)
		return 1;
	return __atomic_load_n(&guard_atfork, __ATOMIC_RELAXED) &&
	    s->fork_gen != __atomic_load_n(&fork_gen, __ATOMIC_RELAXED);
}

/* Four bytes of the thread's generator, seeding or refilling it first
 * when it needs to. */
static enum agt_err generator_draw(struct rand_state *s, uint8_t b[4])
{
	enum agt_err rc;

	if (needs_seed(s) && (rc = reseed(s)) != AGT_OK)
		return rc;
	if (s->pos + 4 > RAND_BUF) {
		rc = s->refills >= __atomic_load_n(&reseed_refills,
		    __ATOMIC_RELAXED) ? reseed(s) : refill(s);
		if (rc != AGT_OK)
			return rc;
	}
	memcpy(b, s->buf + s->pos, 4);
	memset(s->buf + s->pos, 0, 4);
	s->pos += 4;
	return AGT_OK;
}

static enum agt_err rand_u32(struct rand_state *s, uint32_t *v)
{
	uint8_t b[4];
	enum agt_err rc;

	/* The kernel gives a thread's first salt, and every salt when
	 * there is no working generator. */
	if (s == NULL || generator_draw(s, b) != AGT_OK) {
		if (s != NULL)
			s->seeded = 0;
		if ((rc = kernel_random(b, sizeof b)) != AGT_OK)
			return rc;
	}
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
	agt_memzero(b, sizeof b);
	return AGT_OK;
}

enum agt_err agt_rand_salt(uint32_t *salt)
{
	const uint32_t range = AGT_SALT_MAX - AGT_SALT_MIN + 1U;
	/* Largest multiple of range that fits in 2^32: values at or above it
	 * would make the low residues more likely. */
	const uint32_t limit = (uint32_t)(0x100000000ULL - 0x100000000ULL % range);
	/* One look at the thread's state per salt: a first salt's draws,
	 * rejected ones too, all come from the kernel. */
	struct rand_state *s = rand_state();
	uint32_t v;
	enum agt_err rc;

	do {
		if ((rc = rand_u32(s, &v)) != AGT_OK)
			return rc;
	} while (v >= limit);
	*salt = AGT_SALT_MIN + v % range;
	return AGT_OK;
}

void agt_rand_test_config(unsigned refills, int wipe_on_fork, int atfork)
{
	__atomic_store_n(&reseed_refills, refills != 0 ? refills :
	    RAND_RESEED_REFILLS, __ATOMIC_RELAXED);
	__atomic_store_n(&guard_wipe, wipe_on_fork != 0, __ATOMIC_RELAXED);
	__atomic_store_n(&guard_atfork, atfork != 0, __ATOMIC_RELAXED);
}

unsigned long agt_rand_test_kernel_seeds(void)
{
	return __atomic_load_n(&kernel_seeds, __ATOMIC_RELAXED);
}
