/* SPDX-License-Identifier: MIT */
/*
 * sha256.c - SHA-256 (FIPS 180-4) on the x86 SHA extensions, the fast path
 * of mac.c's HMAC.  Signing a token is a handful of SHA-256 blocks, and
 * mbedTLS 2.28 computes them in portable C, ten times slower than the CPU's
 * SHA instructions; the rest of the library's crypto stays with mbedTLS.
 * agt_sha256_hw_available() says whether this CPU has the instructions
 * (CPUID: SHA, SSSE3, SSE4.1); when it does not, or when configure found
 * no way to build them (HAVE_TARGET_SHA: x86-64, <cpuid.h>, the SHA
 * intrinsics in a function with __attribute__((target)); never with
 * --disable-builtins), mac.c uses mbedTLS for everything.  Tested against
 * the FIPS 180-4 and RFC 4231 vectors, against mbedTLS on every length up to
 * several blocks, and by every reference vector (tests/unit/sha256-t.c,
 * tests/unit/mac-t.c, vectors/).  The code handles public block data and
 * keys alike: no branch or memory access depends on a data value.
 */
#include "config.h"

#include <string.h>

#include "internal.h"

#ifdef HAVE_TARGET_SHA
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t sha256_iv[8] = {
	0x6a09e667U, 0xbb67ae85U, 0x3c6ef372U, 0xa54ff53aU,
	0x510e527fU, 0x9b05688cU, 0x1f83d9abU, 0x5be0cd19U
};

#ifdef HAVE_TARGET_SHA

static _Alignas(16) const uint32_t sha256_k[64] = {
	0x428a2f98U, 0x71374491U, 0xb5c0fbcfU, 0xe9b5dba5U, 0x3956c25bU, 0x59f111f1U,
	0x923f82a4U, 0xab1c5ed5U, 0xd807aa98U, 0x12835b01U, 0x243185beU, 0x550c7dc3U,
	0x72be5d74U, 0x80deb1feU, 0x9bdc06a7U, 0xc19bf174U, 0xe49b69c1U, 0xefbe4786U,
	0x0fc19dc6U, 0x240ca1ccU, 0x2de92c6fU, 0x4a7484aaU, 0x5cb0a9dcU, 0x76f988daU,
	0x983e5152U, 0xa831c66dU, 0xb00327c8U, 0xbf597fc7U, 0xc6e00bf3U, 0xd5a79147U,
	0x06ca6351U, 0x14292967U, 0x27b70a85U, 0x2e1b2138U, 0x4d2c6dfcU, 0x53380d13U,
	0x650a7354U, 0x766a0abbU, 0x81c2c92eU, 0x92722c85U, 0xa2bfe8a1U, 0xa81a664bU,
	0xc24b8b70U, 0xc76c51a3U, 0xd192e819U, 0xd6990624U, 0xf40e3585U, 0x106aa070U,
	0x19a4c116U, 0x1e376c08U, 0x2748774cU, 0x34b0bcb5U, 0x391c0cb3U, 0x4ed8aa4aU,
	0x5b9cca4fU, 0x682e6ff3U, 0x748f82eeU, 0x78a5636fU, 0x84c87814U, 0x8cc70208U,
	0x90befffaU, 0xa4506cebU, 0xbef9a3f7U, 0xc67178f2U
};

/* Four rounds: the message words plus constants in m, the two halves of
 * the working state in s0 (A,B,E,F) and s1 (C,D,G,H). */
#define ROUNDS4(s0, s1, m) do { \
	(s1) = _mm_sha256rnds2_epu32((s1), (s0), (m)); \
	(s0) = _mm_sha256rnds2_epu32((s0), (s1), _mm_shuffle_epi32((m), 0x0e)); \
} while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_x86(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	/* Byte order of each 32-bit word: the message is big-endian. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
	    0x0405060700010203LL);
	__m128i s0, s1, t, abef, cdgh, w[4], m;
	int i;

	/* h[0..7] = A..H into the (A,B,E,F), (C,D,G,H) layout of sha256rnds2. */
	t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);  /* D C B A */
	s1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]); /* H G F E */
	t = _mm_shuffle_epi32(t, 0xb1);                /* C D A B */
	s1 = _mm_shuffle_epi32(s1, 0x1b);              /* E F G H */
	s0 = _mm_alignr_epi8(t, s1, 8);                /* A B E F */
	s1 = _mm_blend_epi16(s1, t, 0xf0);             /* C D G H */

	while (nblocks-- > 0) {
		abef = s0;
		cdgh = s1;
		for (i = 0; i < 4; i++) {
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(const void *)(p + 16 * i)), bswap);
			m = _mm_add_epi32(w[i], _mm_load_si128(
			    (const __m128i *)(const void *)&sha256_k[4 * i]));
			ROUNDS4(s0, s1, m);
		}
		/* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a
		 * time: msg1 adds s0, alignr supplies W[t-7], msg2 adds s1. */
		for (i = 4; i < 16; i++) {
			__m128i *cur = &w[i & 3];
			const __m128i prev1 = w[(i - 1) & 3], prev2 = w[(i - 2) & 3],
			    prev3 = w[(i - 3) & 3];

			t = _mm_sha256msg1_epu32(*cur, prev3);
			t = _mm_add_epi32(t, _mm_alignr_epi8(prev1, prev2, 4));
			*cur = _mm_sha256msg2_epu32(t, prev1);
			m = _mm_add_epi32(*cur, _mm_load_si128(
			    (const __m128i *)(const void *)&sha256_k[4 * i]));
			ROUNDS4(s0, s1, m);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
		p += 64;
	}

	t = _mm_shuffle_epi32(s0, 0x1b);               /* F E B A */
	s1 = _mm_shuffle_epi32(s1, 0xb1);              /* D C H G */
	s0 = _mm_blend_epi16(t, s1, 0xf0);             /* D C B A */
	s1 = _mm_alignr_epi8(s1, t, 8);                /* H G F E */
	_mm_storeu_si128((__m128i *)(void *)&h[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

static int detect_x86(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (!(c & (1U << 9)) || !(c & (1U << 19))) /* SSSE3, SSE4.1 */
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1U << 29)) != 0; /* SHA */
}

#endif /* HAVE_TARGET_SHA */

int agt_sha256_hw_available(void)
{
#ifdef HAVE_TARGET_SHA
	/* Computed once; a race only computes the same answer twice. */
	static int state = -1;
	int s = __atomic_load_n(&state, __ATOMIC_RELAXED);

	if (s < 0) {
		s = detect_x86();
		__atomic_store_n(&state, s, __ATOMIC_RELAXED);
	}
	return s;
#else
	return 0;
#endif
}

void agt_sha256_init(struct agt_sha256_ctx *c)
{
	memcpy(c->h, sha256_iv, sizeof c->h);
	c->total = 0;
	c->used = 0;
}

static void blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
#ifdef HAVE_TARGET_SHA
	blocks_x86(h, p, n);
#else
	(void)h;
	(void)p;
	(void)n; /* never called: agt_sha256_hw_available() is 0 */
#endif
}

void agt_sha256_update(struct agt_sha256_ctx *c, const void *data, size_t n)
{
	const uint8_t *p = data;

	c->total += n;
	if (c->used > 0) {
		size_t k = 64 - c->used < n ? 64 - c->used : n;

		memcpy(c->buf + c->used, p, k);
		c->used += k;
		p += k;
		n -= k;
		if (c->used < 64)
			return;
		blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	if (n >= 64) {
		blocks(c->h, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	if (n > 0) {
		memcpy(c->buf, p, n);
		c->used = n;
	}
}

void agt_sha256_final(struct agt_sha256_ctx *c, unsigned char out[32])
{
	uint64_t bits = c->total * 8U;
	size_t i;

	c->buf[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->buf + c->used, 0, 64 - c->used);
		blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	memset(c->buf + c->used, 0, 56 - c->used);
	for (i = 0; i < 8; i++)
		c->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	blocks(c->h, c->buf, 1);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
	agt_memzero(c, sizeof *c);
}
