/* SPDX-License-Identifier: MIT */
/*
 * rand.c - token salts straight from the kernel.  getrandom(2) per salt and
 * no userspace generator state, so forked FastCGI workers can never share a
 * sequence; rejection sampling keeps AGT_SALT_MIN..AGT_SALT_MAX uniform
 * (a plain modulo would favour the low values).
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>
#ifdef HAVE_SYS_RANDOM_H
#include <sys/random.h>
#endif
#ifndef HAVE_GETRANDOM
#include <sys/syscall.h>
#endif

#include "internal.h"

static enum agt_err rand_u32(uint32_t *v)
{
	unsigned char b[4];
	size_t got = 0;
	ssize_t r;

	while (got < sizeof b) {
#ifdef HAVE_GETRANDOM
		r = getrandom(b + got, sizeof b - got, 0);
#else
		r = syscall(SYS_getrandom, b + got, sizeof b - got, 0);
#endif
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return AGT_ERANDOM;
		}
		got += (size_t)r;
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
	uint32_t v;
	enum agt_err rc;

	do {
		if ((rc = rand_u32(&v)) != AGT_OK)
			return rc;
	} while (v >= limit);
	*salt = AGT_SALT_MIN + v % range;
	return AGT_OK;
}
