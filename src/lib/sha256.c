/* SPDX-License-Identifier: MIT */
/*
 * sha256.c - SHA-256 (FIPS 180-4) on the x86 SHA extensions, the fast path
 * of mac.c's HMAC.  Signing a token is a handful of SHA-256 blocks, and
 * mbedTLS 2.28 computes them in portable C, ten times slower than the CPU's
 * SHA instructions; the rest of the library's crypto stays with mbedTLS.
 * agt_sha256_hw_available() says whether this CPU has the instructions
 * (CPUID: SHA, SSSE3, SSE4.1; read from glibc's record of them where it
 * offers CPU_FEATURE_ACTIVE); when it does not, or when configure found
 * no way to build them (HAVE_TARGET_SHA: x86-64, <cpuid.h>, the SHA
 * intrinsics in a function with __attribute__((target)); never with
 * --disable-builtins), mac.c uses mbedTLS for everything.  Tested against
 * the FIPS 180-4 and RFC 4231 vectors, against mbedTLS on every length up to
 * several blocks, and by every reference vector (tests/unit/sha256-t.c,
 * tests/unit/mac-t.c, vectors/).  The code handles public block data and
 * keys alike: no branch or memory access depends on a data value.
 *
 * HMAC's blocks form short dependent chains, so besides the usual
 * interface (init, update, final) this file offers the compression itself:
 * on bytes, on a block given as words (an inner digest becomes the outer
 * block without a round trip through bytes), and on two independent
 * blocks at once (a key's ipad and opad blocks).
 */
#include "config.h"

#include <string.h>

#include "internal.h"

#ifdef HAVE_TARGET_SHA
#include <cpuid.h>
#include <immintrin.h>
#endif
#ifdef HAVE_CPU_FEATURE_ACTIVE
#include <sys/platform/x86.h>
#endif

const uint32_t agt_sha256_iv[8] = {
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

/* Rounds 4i..4i+3 for i < 4: message words W[4i..4i+3] from the block,
 * each 32-bit word put in order by the caller's byte shuffle bswap. */
#define QUAD_LOAD(s0, s1, w, p, i) do { \
	__m128i m_; \
	(w) = _mm_shuffle_epi8(_mm_loadu_si128( \
	    (const __m128i *)(const void *)((p) + 16 * (i))), bswap); \
	m_ = _mm_add_epi32((w), _mm_load_si128( \
	    (const __m128i *)(const void *)&sha256_k[4 * (i)])); \
	ROUNDS4(s0, s1, m_); \
} while (0)

/* Rounds 4i..4i+3 for i >= 4, W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) +
 * W[t-16] four at a time: w0..w3 hold the last sixteen words, oldest
 * first, and w0 becomes the new four (msg1 adds s0, alignr supplies
 * W[t-7], msg2 adds s1). */
#define QUAD_SCHED(s0, s1, w0, w1, w2, w3, i) do { \
	__m128i m_ = _mm_sha256msg1_epu32((w0), (w1)); \
	m_ = _mm_add_epi32(m_, _mm_alignr_epi8((w3), (w2), 4)); \
	(w0) = _mm_sha256msg2_epu32(m_, (w3)); \
	m_ = _mm_add_epi32((w0), _mm_load_si128( \
	    (const __m128i *)(const void *)&sha256_k[4 * (i)])); \
	ROUNDS4(s0, s1, m_); \
} while (0)

/* The 64 rounds of one block, as QL(i) for the four quads that load the
 * message and QS(oldest, .., newest, i) for the twelve that extend it. */
#define BLOCK_ROUNDS(QL, QS) do { \
	QL(0); QL(1); QL(2); QL(3); \
	QS(0, 1, 2, 3, 4); QS(1, 2, 3, 0, 5); QS(2, 3, 0, 1, 6); QS(3, 0, 1, 2, 7); \
	QS(0, 1, 2, 3, 8); QS(1, 2, 3, 0, 9); QS(2, 3, 0, 1, 10); QS(3, 0, 1, 2, 11); \
	QS(0, 1, 2, 3, 12); QS(1, 2, 3, 0, 13); QS(2, 3, 0, 1, 14); QS(3, 0, 1, 2, 15); \
} while (0)

/* h[0..7] = A..H into the (A,B,E,F), (C,D,G,H) layout of sha256rnds2. */
#define STATE_LOAD(h, s0, s1) do { \
	__m128i t_ = _mm_loadu_si128((const __m128i *)(const void *)&(h)[0]); \
	(s1) = _mm_loadu_si128((const __m128i *)(const void *)&(h)[4]); \
	t_ = _mm_shuffle_epi32(t_, 0xb1);          /* C D A B */ \
	(s1) = _mm_shuffle_epi32((s1), 0x1b);      /* E F G H */ \
	(s0) = _mm_alignr_epi8(t_, (s1), 8);       /* A B E F */ \
	(s1) = _mm_blend_epi16((s1), t_, 0xf0);    /* C D G H */ \
} while (0)

#define STATE_STORE(h, s0, s1) do { \
	__m128i t_ = _mm_shuffle_epi32((s0), 0x1b); /* F E B A */ \
	(s1) = _mm_shuffle_epi32((s1), 0xb1);       /* D C H G */ \
	(s0) = _mm_blend_epi16(t_, (s1), 0xf0);     /* D C B A */ \
	(s1) = _mm_alignr_epi8((s1), t_, 8);        /* H G F E */ \
	_mm_storeu_si128((__m128i *)(void *)&(h)[0], (s0)); \
	_mm_storeu_si128((__m128i *)(void *)&(h)[4], (s1)); \
} while (0)

/* Byte order of each 32-bit word: the message is big-endian. */
#define BSWAP_MASK() _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL)

/* nblocks blocks at p into h.  bswap turns each 32-bit word of the block
 * into a number: the big-endian byte swap for message bytes, the identity
 * for blocks given as native words. */
__attribute__((target("sha,sse4.1,ssse3"), always_inline))
static inline void compress_x86(uint32_t h[8], const uint8_t *p,
    size_t nblocks, const __m128i bswap)
{
	__m128i s0, s1, abef, cdgh, w0, w1, w2, w3;

#define QL1(i) QUAD_LOAD(s0, s1, w##i, p, i)
#define QS1(a, b, c, d, i) QUAD_SCHED(s0, s1, w##a, w##b, w##c, w##d, i)
	STATE_LOAD(h, s0, s1);
	while (nblocks-- > 0) {
		abef = s0;
		cdgh = s1;
		BLOCK_ROUNDS(QL1, QS1);
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
		p += 64;
	}
	STATE_STORE(h, s0, s1);
#undef QL1
#undef QS1
}

__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_x86(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	compress_x86(h, p, nblocks, BSWAP_MASK());
}

__attribute__((target("sha,sse4.1,ssse3")))
static void block_words_x86(uint32_t h[8], const uint32_t w[16])
{
	compress_x86(h, (const uint8_t *)w, 1, _mm_set_epi64x(
	    0x0f0e0d0c0b0a0908LL, 0x0706050403020100LL));
}

/* One block into each of two independent states.  sha256rnds2 waits for
 * the previous round's result, so one chain leaves the unit idle most of
 * the time; the two lanes' rounds alternate and fill it, for little more
 * than the time of one block. */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks2_x86(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8],
    const uint8_t *pb)
{
	const __m128i bswap = BSWAP_MASK();
	__m128i as0, as1, aabef, acdgh, aw0, aw1, aw2, aw3;
	__m128i bs0, bs1, babef, bcdgh, bw0, bw1, bw2, bw3;

#define QL2(i) do { \
	QUAD_LOAD(as0, as1, aw##i, pa, i); \
	QUAD_LOAD(bs0, bs1, bw##i, pb, i); \
} while (0)
#define QS2(a, b, c, d, i) do { \
	QUAD_SCHED(as0, as1, aw##a, aw##b, aw##c, aw##d, i); \
	QUAD_SCHED(bs0, bs1, bw##a, bw##b, bw##c, bw##d, i); \
} while (0)
	STATE_LOAD(ha, as0, as1);
	STATE_LOAD(hb, bs0, bs1);
	aabef = as0;
	acdgh = as1;
	babef = bs0;
	bcdgh = bs1;
	BLOCK_ROUNDS(QL2, QS2);
	as0 = _mm_add_epi32(as0, aabef);
	as1 = _mm_add_epi32(as1, acdgh);
	bs0 = _mm_add_epi32(bs0, babef);
	bs1 = _mm_add_epi32(bs1, bcdgh);
	STATE_STORE(ha, as0, as1);
	STATE_STORE(hb, bs0, bs1);
#undef QL2
#undef QS2
}

/* glibc read CPUID when the process started; asking it costs nothing,
 * where each CPUID instruction is a trip to the hypervisor in a VM (about
 * 5 us for the four below, noticeable in a one-request CGI process). */
static int detect_x86(void)
{
#ifdef HAVE_CPU_FEATURE_ACTIVE
	return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) &&
	    CPU_FEATURE_ACTIVE(SSE4_1);
#else
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (!(c & (1U << 9)) || !(c & (1U << 19))) /* SSSE3, SSE4.1 */
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1U << 29)) != 0; /* SHA */
#endif
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
	memcpy(c->h, agt_sha256_iv, sizeof c->h);
	c->total = 0;
	c->used = 0;
}

void agt_sha256_blocks(uint32_t h[8], const void *p, size_t n)
{
#ifdef HAVE_TARGET_SHA
	blocks_x86(h, p, n);
#else
	(void)h;
	(void)p;
	(void)n; /* never called: agt_sha256_hw_available() is 0 */
#endif
}

void agt_sha256_blocks2(uint32_t ha[8], const void *pa, uint32_t hb[8],
    const void *pb)
{
#ifdef HAVE_TARGET_SHA
	blocks2_x86(ha, pa, hb, pb);
#else
	(void)ha;
	(void)pa;
	(void)hb;
	(void)pb; /* never called: agt_sha256_hw_available() is 0 */
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
		agt_sha256_blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	if (n >= 64) {
		agt_sha256_blocks(c->h, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	if (n > 0) {
		memcpy(c->buf, p, n);
		c->used = n;
	}
}

void agt_sha256_block_words(uint32_t h[8], const uint32_t w[16])
{
#ifdef HAVE_TARGET_SHA
	block_words_x86(h, w);
#else
	(void)h;
	(void)w; /* never called: agt_sha256_hw_available() is 0 */
#endif
}

/* The compiler makes one byte-swapped store of the four. */
static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void agt_sha256_last(struct agt_sha256_ctx *c)
{
	uint64_t bits = c->total * 8U;

	c->buf[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->buf + c->used, 0, 64 - c->used);
		agt_sha256_blocks(c->h, c->buf, 1);
		c->used = 0;
	}
	memset(c->buf + c->used, 0, 56 - c->used);
	put_be32(c->buf + 56, (uint32_t)(bits >> 32));
	put_be32(c->buf + 60, (uint32_t)bits);
	agt_sha256_blocks(c->h, c->buf, 1);
}

void agt_sha256_put(const uint32_t h[8], unsigned char out[32])
{
	size_t i;

	for (i = 0; i < 8; i++)
		put_be32(out + 4 * i, h[i]);
}

void agt_sha256_final(struct agt_sha256_ctx *c, unsigned char out[32])
{
	agt_sha256_last(c);
	agt_sha256_put(c->h, out);
	agt_memzero(c, sizeof *c);
}
