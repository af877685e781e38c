/* SPDX-License-Identifier: MIT */
/*
 * bits.h - count trailing zeros and count set bits, for the library's
 * bit-level code (the deflate encoder's tree bookkeeping).  Each function
 * uses the compiler's builtin when configure found it (HAVE_BUILTIN_CTZ,
 * HAVE_BUILTIN_POPCOUNT) and portable C otherwise: a De Bruijn multiply
 * for trailing zeros, a SWAR sum for set bits.  The portable versions are
 * always defined under their own names, so tests/unit/bits-t.c checks both
 * paths in one build; defining AGT_BITS_PORTABLE before this header, or
 * configure --disable-builtins, makes agt_ctz32() and the others use them.
 * agt_ctz32() and agt_ctz64() need a nonzero argument, as the builtins do.
 */
#ifndef AGT_BITS_H
#define AGT_BITS_H

#include <stdint.h>

/* Trailing zeros of x, x != 0. */
static inline unsigned agt_ctz32_portable(uint32_t x)
{
	/* x & -x keeps the lowest set bit, 2^n; multiplying the De Bruijn
	 * sequence 0x077cb531 by it puts a distinct 5-bit window for each n
	 * in the top bits, and the table maps the window back to n. */
	static const unsigned char pos[32] = {
		0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
		31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9
	};
	uint32_t low = x & (uint32_t)(0U - x);

	return pos[(uint32_t)(low * 0x077cb531U) >> 27];
}

/* Trailing zeros of x, x != 0. */
static inline unsigned agt_ctz64_portable(uint64_t x)
{
	uint32_t lo = (uint32_t)x;

	if (lo != 0)
		return agt_ctz32_portable(lo);
	return 32U + agt_ctz32_portable((uint32_t)(x >> 32));
}

/* Set bits of x. */
static inline unsigned agt_popcount32_portable(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555U);
	x = (x & 0x33333333U) + ((x >> 2) & 0x33333333U);
	x = (x + (x >> 4)) & 0x0f0f0f0fU;
	return (uint32_t)(x * 0x01010101U) >> 24;
}

#if defined(HAVE_BUILTIN_CTZ) && !defined(AGT_BITS_PORTABLE)
static inline unsigned agt_ctz32(uint32_t x)
{
	return (unsigned)__builtin_ctz(x);
}

static inline unsigned agt_ctz64(uint64_t x)
{
	return (unsigned)__builtin_ctzll(x);
}
#else
static inline unsigned agt_ctz32(uint32_t x)
{
	return agt_ctz32_portable(x);
}

static inline unsigned agt_ctz64(uint64_t x)
{
	return agt_ctz64_portable(x);
}
#endif

#if defined(HAVE_BUILTIN_POPCOUNT) && !defined(AGT_BITS_PORTABLE)
static inline unsigned agt_popcount32(uint32_t x)
{
	return (unsigned)__builtin_popcount(x);
}
#else
static inline unsigned agt_popcount32(uint32_t x)
{
	return agt_popcount32_portable(x);
}
#endif

#endif
