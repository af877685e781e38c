/* SPDX-License-Identifier: MIT */
/*
 * deflate-t - defends deflate.c against zlib itself: for every generated
 * input, agt_zip_compress() (which uses deflate.c up to
 * AGT_DEFLATE_SMALL_MAX bytes) must return exactly the bytes of a fresh
 * zlib stream at level 6, window 15, memLevel 8 -- the stream Python's
 * zlib.compress() makes.  The inputs are chosen to reach every decision
 * that shapes zlib's output: stored, fixed and dynamic blocks; literals
 * only; short and long matches up to 258; long hash chains that hit the
 * chain limit; lazy matches; skewed symbol counts that force the Huffman
 * length limits; token-like contents; every length near the size limit.
 * AGT_DEFLATE_CASES=N runs N generated cases instead of the default.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "internal.h"
#include "tap/tap.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	/* xorshift64*: reproducible from the fixed seed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n == 0 ? 0 : rnd() % n;
}

/* Each generator fills in[0..n). */
static void gen_random(uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		in[i] = (uint8_t)rnd();
}

/* A small alphabet: many repeats, long chains. */
static void gen_alphabet(uint8_t *in, size_t n)
{
	uint32_t k = 2 + below(30);
	uint8_t base = (uint8_t)rnd();

	for (size_t i = 0; i < n; i++)
		in[i] = (uint8_t)(base + below(k));
}

/* Geometric symbol counts: very unequal frequencies, deep trees. */
static void gen_skewed(uint8_t *in, size_t n)
{
	uint32_t p = 2 + below(60);   /* continue with probability 1 - 1/p */
	uint8_t base = (uint8_t)rnd();

	for (size_t i = 0; i < n; i++) {
		uint32_t s = 0;

		while (s < 40 && below(100) >= 100 / p + 1)
			s++;
		in[i] = (uint8_t)(base + s * 7);
	}
}

/* A pattern repeated with mutations: matches at many lengths and
 * distances, and lazy evaluation choices. */
static void gen_repeats(uint8_t *in, size_t n)
{
	size_t plen = 1 + below(below(2) ? 8 : 300);
	uint32_t mut = below(4) == 0 ? 0 : 1 + below(50);

	for (size_t i = 0; i < n; i++) {
		if (i < plen)
			in[i] = (uint8_t)(below(3) ? 'a' + below(4) : rnd());
		else
			in[i] = in[i - plen];
		if (mut != 0 && below(mut) == 0)
			in[i] = (uint8_t)rnd();
	}
}

/* Runs of one byte: maximum-length matches. */
static void gen_runs(uint8_t *in, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = 1 + below(below(2) ? 600 : 10);
		uint8_t c = (uint8_t)(below(2) ? 0 : rnd());

		while (run-- > 0 && i < n)
			in[i++] = c;
	}
}

/* Shaped like a 007 token's content: a signature, a hex app id, small
 * big-endian and little-endian integers, short strings. */
static void gen_tokenish(uint8_t *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	while (i < n) {
		size_t part = below(5), k;

		switch (part) {
		case 0:   /* random bytes, like a signature */
			for (k = 1 + below(32); k > 0 && i < n; k--)
				in[i++] = (uint8_t)rnd();
			break;
		case 1:   /* hex text */
			for (k = 1 + below(32); k > 0 && i < n; k--)
				in[i++] = (uint8_t)hex[below(16)];
			break;
		case 2:   /* a little-endian u32 expiry or privilege */
			{
				uint32_t v = below(2) ? 3600 * (1 + below(24)) : rnd();

				for (k = 0; k < 4 && i < n; k++)
					in[i++] = (uint8_t)(v >> (8 * k));
			}
			break;
		case 3:   /* a u16 length or type */
			if (i < n)
				in[i++] = (uint8_t)below(8);
			if (i < n)
				in[i++] = 0;
			break;
		default:  /* an earlier piece again, as privileges repeat */
			if (i > 8) {
				size_t from = below((uint32_t)i - 4), len = 3 + below(12);

				for (k = 0; k < len && i < n; k++)
					in[i++] = in[from + k];
			}
			break;
		}
	}
}

typedef void (*generator)(uint8_t *, size_t);

static const struct {
	const char *name;
	generator fn;
} gens[] = {
	{ "random", gen_random },
	{ "alphabet", gen_alphabet },
	{ "skewed", gen_skewed },
	{ "repeats", gen_repeats },
	{ "runs", gen_runs },
	{ "tokenish", gen_tokenish },
};
enum { NGENS = sizeof gens / sizeof gens[0] };

/* What Python's zlib.compress(data) returns, from a fresh zlib stream. */
static size_t zlib_reference(const uint8_t *in, size_t n, uint8_t *out,
    size_t cap)
{
	z_stream zs;
	size_t len;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	len = deflate(&zs, Z_FINISH) == Z_STREAM_END ? (size_t)zs.total_out : 0;
	deflateEnd(&zs);
	return len;
}

static uint8_t input[AGT_DEFLATE_SMALL_MAX + 64];
static uint8_t want[2 * AGT_DEFLATE_SMALL_MAX + 256];
static uint8_t got[2 * AGT_DEFLATE_SMALL_MAX + 256];
static unsigned long blocks[4];   /* stored, fixed, dynamic, invalid */

/* 1 when our stream equals zlib's for input[0..n). */
static int same_as_zlib(size_t n)
{
	size_t wlen, glen = 0;

	wlen = zlib_reference(input, n, want, sizeof want);
	if (wlen == 0 || agt_zip_compress(input, n, got, sizeof got, &glen) !=
	    AGT_OK)
		return 0;
	if (wlen > 2)
		blocks[(want[2] >> 1) & 3]++;   /* BTYPE of the first block */
	return wlen == glen && memcmp(want, got, wlen) == 0;
}

static size_t pick_length(void)
{
	switch (below(10)) {
	case 0:
		return below(16);
	case 1:
		return AGT_DEFLATE_SMALL_MAX - below(64);
	case 2:
		return below(AGT_DEFLATE_SMALL_MAX + 1);
	default:
		return 40 + below(600);   /* where real tokens are */
	}
}

int main(void)
{
#ifndef AGT_FAST_DEFLATE
	/* configure --disable-fast-deflate: the library compresses with
	 * zlib's deflate alone and deflate.c is not part of it. */
	skip_all("built with --disable-fast-deflate: deflate.c is not used");
#endif
	const char *env = getenv("AGT_DEFLATE_CASES");
	long cases = env != NULL ? atol(env) : 30000;
	long fails[NGENS] = { 0 }, runs[NGENS] = { 0 };
	size_t n;
	int g, edge_fail = 0;

	plan_lazy();
	if (strstr(zlibVersion(), "ng") != NULL) {
		/* zlib-ng writes different (valid) streams; Python on such
		 * a system does too, and the vectors are the judge there. */
		skip("system zlib %s is not classic zlib", zlibVersion());
		return 0;
	}
	diag("zlib %s, %ld generated cases", zlibVersion(), cases);

	/* Every length 0..300 of a few fixed shapes, and the limits. */
	for (n = 0; n <= 300; n++) {
		memset(input, 'a', n);
		edge_fail += !same_as_zlib(n);
		for (size_t i = 0; i < n; i++)
			input[i] = (uint8_t)(i * 7 + (i >> 3));
		edge_fail += !same_as_zlib(n);
		rng_state = 0x1234567ULL + n;
		gen_tokenish(input, n);
		edge_fail += !same_as_zlib(n);
	}
	for (n = AGT_DEFLATE_SMALL_MAX - 2; n <= AGT_DEFLATE_SMALL_MAX + 2; n++) {
		gen_repeats(input, n);
		edge_fail += !same_as_zlib(n);
		gen_random(input, n);
		edge_fail += !same_as_zlib(n);
	}
	is_int(0, edge_fail, "lengths 0..300 of three shapes and sizes around "
	    "the %d-byte limit equal zlib", AGT_DEFLATE_SMALL_MAX);

	rng_state = 0x9e3779b97f4a7c15ULL;
	for (long c = 0; c < cases; c++) {
		g = (int)below(NGENS);
		n = pick_length();
		gens[g].fn(input, n);
		runs[g]++;
		if (!same_as_zlib(n)) {
			if (fails[g]++ == 0)
				diag("%s: %zu bytes differ from zlib (case %ld)",
				    gens[g].name, n, c);
		}
	}
	for (g = 0; g < NGENS; g++)
		is_int(0, fails[g], "%s: %ld inputs equal zlib byte for byte",
		    gens[g].name, runs[g]);
	diag("blocks seen: %lu stored, %lu fixed, %lu dynamic", blocks[0],
	    blocks[1], blocks[2]);
	ok(blocks[0] > 0 && blocks[1] > 0 && blocks[2] > 0,
	    "all three block types were produced");
	return 0;
}
