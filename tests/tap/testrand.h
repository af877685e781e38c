/* SPDX-License-Identifier: MIT */
/*
 * testrand.h - a reproducible pseudo-random stream for tests that
 * generate inputs (xorshift64): each test keeps its own state, seeded with
 * a fixed value, so a failure replays exactly.  Not for anything secret.
 */
#ifndef AGT_TESTRAND_H
#define AGT_TESTRAND_H

/* The next value of *state, reduced below n (n > 0). */
static inline unsigned test_rand_below(unsigned long long *state, unsigned n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (unsigned)(*state % n);
}

#endif
