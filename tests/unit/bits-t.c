/* SPDX-License-Identifier: MIT */
/*
 * bits-t - defends src/lib/bits.h, which the deflate encoder's code-length
 * bookkeeping trusts for every bit it walks: a wrong trailing-zero count or
 * population count there gives a wrong Huffman tree, hence a token whose
 * bytes differ from zlib's.  The build's functions (the compiler builtins,
 * or the portable code with --disable-builtins) and the portable versions
 * are both held to a plain bit-by-bit loop written here: exhaustively over
 * every 17-bit value, shifted to every position, and on a million random
 * 32-bit and 64-bit values.
 */
#include "config.h"

#include <stdint.h>

#include "bits.h"
#include "tap/tap.h"

static unsigned ref_ctz(uint64_t x)
{
	unsigned n = 0;

	while ((x & 1U) == 0) {
		x >>= 1;
		n++;
	}
	return n;
}

static unsigned ref_popcount(uint64_t x)
{
	unsigned n = 0;

	for (; x != 0; x >>= 1)
		n += (unsigned)(x & 1U);
	return n;
}

/* xorshift64: the whole state is the random value. */
static uint64_t next64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct tally {
	unsigned long checked, build_bad, portable_bad;
};

static void check32(struct tally *ctz, struct tally *pop, uint32_t v)
{
	unsigned want = ref_popcount(v);

	pop->checked++;
	pop->build_bad += agt_popcount32(v) != want;
	pop->portable_bad += agt_popcount32_portable(v) != want;
	if (v == 0)
		return;
	want = ref_ctz(v);
	ctz->checked++;
	ctz->build_bad += agt_ctz32(v) != want;
	ctz->portable_bad += agt_ctz32_portable(v) != want;
}

static void check64(struct tally *ctz, uint64_t v)
{
	unsigned want;

	if (v == 0)
		return;
	want = ref_ctz(v);
	ctz->checked++;
	ctz->build_bad += agt_ctz64(v) != want;
	ctz->portable_bad += agt_ctz64_portable(v) != want;
}

static void report(const struct tally *t, const char *fn, const char *domain)
{
	ok(t->checked > 0 && t->build_bad == 0, "%s: %lu %s values, build's "
	    "version wrong on %lu", fn, t->checked, domain, t->build_bad);
	ok(t->checked > 0 && t->portable_bad == 0, "%s_portable: %lu %s values, "
	    "wrong on %lu", fn, t->checked, domain, t->portable_bad);
}

int main(void)
{
	struct tally c32 = { 0, 0, 0 }, p32 = { 0, 0, 0 }, c64 = { 0, 0, 0 };
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	uint32_t x;
	unsigned k;
	long i;

	plan_lazy();
#if defined(HAVE_BUILTIN_CTZ) && defined(HAVE_BUILTIN_POPCOUNT)
	diag("this build's agt_ctz32/agt_ctz64/agt_popcount32: compiler builtins");
#else
	diag("this build's agt_ctz32/agt_ctz64/agt_popcount32: portable code "
	    "(at least one builtin absent or --disable-builtins)");
#endif

	/* Every 17-bit value at every shift: each low-bit position with
	 * every pattern of the bits above it (within 17), and all the
	 * population counts of such runs. */
	for (x = 0; x < (1U << 17); x++)
		for (k = 0; k < 32; k++)
			check32(&c32, &p32, x << k);
	report(&c32, "agt_ctz32", "shifted 17-bit");
	report(&p32, "agt_popcount32", "shifted 17-bit");
	c32.checked = c32.build_bad = c32.portable_bad = 0;
	p32.checked = p32.build_bad = p32.portable_bad = 0;

	for (x = 1; x < (1U << 17); x++)
		for (k = 0; k < 64; k++)
			check64(&c64, (uint64_t)x << k);
	report(&c64, "agt_ctz64", "shifted 17-bit");
	c64.checked = c64.build_bad = c64.portable_bad = 0;

	/* The extremes: all ones, alternating bits, the top bit alone. */
	check32(&c32, &p32, 0xffffffffU);
	check32(&c32, &p32, 0xaaaaaaaaU);
	check32(&c32, &p32, 0x55555555U);
	check32(&c32, &p32, 0x80000000U);
	check64(&c64, UINT64_MAX);
	check64(&c64, 0xaaaaaaaaaaaaaaaaULL);
	check64(&c64, 0x8000000000000000ULL);
	check64(&c64, 0x0000000100000000ULL);
	for (i = 0; i < 1000000; i++) {
		uint64_t r = next64(&s);

		check32(&c32, &p32, (uint32_t)r);
		check32(&c32, &p32, (uint32_t)(r >> 32));
		check64(&c64, r);
		/* Random values with many trailing zeros too. */
		check64(&c64, r << (r >> 58));
	}
	report(&c32, "agt_ctz32", "random and extreme");
	report(&p32, "agt_popcount32", "random and extreme");
	report(&c64, "agt_ctz64", "random and extreme");
	return 0;
}
