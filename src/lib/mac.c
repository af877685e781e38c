/* SPDX-License-Identifier: MIT */
/*
 * mac.c - every use of mbedTLS: HMAC-SHA256 (both token formats sign with
 * it), SHA-256 (API key digests), MD5 hex (the APaaS chat user id), the
 * ChaCha20 keystream that rand.c expands its salt generator's key with, the
 * constant-time comparison used for signatures and keys, and the wipe that
 * the compiler may not remove.  Only the generic md API and the one-shot
 * mbedtls_chacha20_crypt, both shared by mbedTLS 2.28 and 3.x, are used.
 *
 * Speed: HMAC is computed from plain SHA-256 contexts that each thread sets
 * up once (mbedtls_md_setup allocates), so signing allocates nothing.  Two
 * per-thread caches skip SHA-256 blocks whose input repeats from token to
 * token: the inner and outer states of the key that signs 006 tokens (the
 * certificate), and the one HMAC of the 007 key chain that depends only on
 * the certificate and the issue second.  Cached keys are compared in
 * constant time; every cached secret is wiped at thread exit and by
 * agt_thread_cleanup().  On CPUs with the x86 SHA instructions the SHA-256
 * blocks of HMAC run on them (sha256.c), about ten times faster than
 * mbedTLS's portable code; everywhere else mbedTLS computes them.  The
 * output is the same HMAC either way, bit for bit.  On the instructions a
 * key's ipad and opad blocks, which do not depend on each other, are
 * compressed side by side, and the inner digest enters the outer block as
 * words: each HMAC's chain of dependent blocks is as short as it can be.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_MBEDTLS_CHACHA20_CRYPT
#include <mbedtls/chacha20.h>
#endif
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#if defined(HAVE_MBEDTLS_CT_MEMCMP) && defined(HAVE_MBEDTLS_CONSTANT_TIME_H)
#include <mbedtls/constant_time.h>
#define AGT_USE_MBEDTLS_CT 1
#endif

#include "internal.h"

#define HMAC_BLOCK 64U  /* SHA-256 block size */

/* A key's two chaining states, after the block K^ipad and after K^opad:
 * every HMAC under the key starts from them. */
struct hw_key {
	uint32_t in[8], out[8];
};

/* One thread's SHA-256 contexts and caches. */
struct mac_tls {
	mbedtls_md_context_t blank;   /* never written after setup: clean slate */
	mbedtls_md_context_t work;    /* scratch for every hash */
	mbedtls_md_context_t key_in;  /* state after (key ^ ipad) of cached key */
	mbedtls_md_context_t key_out; /* state after (key ^ opad) */
	/* The same two states for the SHA instructions' path. */
	struct hw_key hw;
	/* Cache 1: the key whose states key_in/key_out (key_hw 0) or hw
	 * (key_hw 1) hold. */
	unsigned char key[HMAC_BLOCK];
	size_t keylen;
	int key_ok;
	int key_hw;
	/* Cache 2: HMAC(memo_key, memo_msg) = memo_out. */
	unsigned char memo_key[HMAC_BLOCK], memo_msg[HMAC_BLOCK];
	size_t memo_keylen, memo_msglen;
	unsigned char memo_out[32];
	int memo_ok;
	unsigned long memo_hits;  /* for tests: calls the memo answered */
};

static pthread_once_t mac_once = PTHREAD_ONCE_INIT;
static pthread_key_t mac_key;
static int mac_key_ok;

static void mac_tls_free(void *arg)
{
	struct mac_tls *t = arg;

	if (t == NULL)
		return;
	/* md_free zeroizes each context before releasing it. */
	mbedtls_md_free(&t->blank);
	mbedtls_md_free(&t->work);
	mbedtls_md_free(&t->key_in);
	mbedtls_md_free(&t->key_out);
	mbedtls_platform_zeroize(t, sizeof *t);
	free(t);
}

static void mac_key_create(void)
{
	mac_key_ok = pthread_key_create(&mac_key, mac_tls_free) == 0;
}

/* The calling thread's state, created on first use; NULL when out of
 * memory (callers then fail with AGT_ECRYPTO). */
static struct mac_tls *mac_tls(void)
{
	const mbedtls_md_info_t *info;
	struct mac_tls *t;

	if (pthread_once(&mac_once, mac_key_create) != 0 || !mac_key_ok)
		return NULL;
	t = pthread_getspecific(mac_key);
	if (t != NULL)
		return t;
	info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	if (info == NULL || (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	mbedtls_md_init(&t->blank);
	mbedtls_md_init(&t->work);
	mbedtls_md_init(&t->key_in);
	mbedtls_md_init(&t->key_out);
	if (mbedtls_md_setup(&t->blank, info, 0) != 0 ||
	    mbedtls_md_setup(&t->work, info, 0) != 0 ||
	    mbedtls_md_setup(&t->key_in, info, 0) != 0 ||
	    mbedtls_md_setup(&t->key_out, info, 0) != 0 ||
	    mbedtls_md_starts(&t->blank) != 0 ||
	    pthread_setspecific(mac_key, t) != 0) {
		mac_tls_free(t);
		return NULL;
	}
	return t;
}

void agt_mac_thread_cleanup(void)
{
	struct mac_tls *t;

	if (pthread_once(&mac_once, mac_key_create) != 0 || !mac_key_ok)
		return;
	t = pthread_getspecific(mac_key);
	if (t != NULL) {
		(void)pthread_setspecific(mac_key, NULL);
		mac_tls_free(t);
	}
}

static int hw_allowed = 1;

/* 1 when HMAC runs on the SHA instructions. */
static int use_hw(void)
{
	return __atomic_load_n(&hw_allowed, __ATOMIC_RELAXED) &&
	    agt_sha256_hw_available();
}

int agt_mac_use_hw(int allow)
{
	__atomic_store_n(&hw_allowed, allow != 0, __ATOMIC_RELAXED);
	return use_hw();
}

/* ---- HMAC on the SHA instructions (sha256.c) ---- */

/* The key block (the key, or its SHA-256 when longer than a block,
 * zero-padded to 64 bytes) xored with ipad and with opad; the two blocks
 * are independent, so they are compressed side by side. */
static void hw_key_states(const void *key, size_t keylen, struct hw_key *k)
{
	struct {
		struct agt_sha256_ctx c;
		unsigned char kb[HMAC_BLOCK], ipad[HMAC_BLOCK], opad[HMAC_BLOCK];
	} s;
	size_t i;

	memset(s.kb, 0, sizeof s.kb);
	if (keylen > HMAC_BLOCK) {
		agt_sha256_init(&s.c);
		agt_sha256_update(&s.c, key, keylen);
		agt_sha256_final(&s.c, s.kb);
	} else if (keylen > 0) {
		memcpy(s.kb, key, keylen);
	}
	for (i = 0; i < HMAC_BLOCK; i++) {
		s.ipad[i] = (unsigned char)(s.kb[i] ^ 0x36);
		s.opad[i] = (unsigned char)(s.kb[i] ^ 0x5c);
	}
	memcpy(k->in, agt_sha256_iv, sizeof k->in);
	memcpy(k->out, agt_sha256_iv, sizeof k->out);
	agt_sha256_blocks2(k->in, s.ipad, k->out, s.opad);
	/* One wipe for every key-derived byte above (s.c may be unused). */
	mbedtls_platform_zeroize(&s, sizeof s);
}

/* The outer hash's only block after K^opad: the inner digest (its words
 * are the block's first eight), the padding bit, the length 96 bytes. */
static const uint32_t outer_tail[8] = {
	0x80000000U, 0, 0, 0, 0, 0, 0, (HMAC_BLOCK + 32) * 8
};

/* H(K^opad || H(K^ipad || m)) from the key's states.  The inner digest
 * goes into the outer block as words: no bytes in between. */
static void hw_finish(const struct hw_key *k, const struct agt_iov *parts,
    size_t nparts, unsigned char out[32])
{
	struct {
		struct agt_sha256_ctx c;
		uint32_t w[16], h[8];
	} s;
	size_t i;

	memcpy(s.c.h, k->in, sizeof s.c.h);
	s.c.total = HMAC_BLOCK;
	s.c.used = 0;
	for (i = 0; i < nparts; i++)
		if (parts[i].n > 0)
			agt_sha256_update(&s.c, parts[i].p, parts[i].n);
	agt_sha256_last(&s.c);
	memcpy(s.w, s.c.h, sizeof s.c.h);
	memcpy(s.w + 8, outer_tail, sizeof outer_tail);
	memcpy(s.h, k->out, sizeof s.h);
	agt_sha256_block_words(s.h, s.w);
	agt_sha256_put(s.h, out);
	mbedtls_platform_zeroize(&s, sizeof s);
}

static void hmac_hw(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32])
{
	struct hw_key k;

	hw_key_states(key, keylen, &k);
	hw_finish(&k, parts, nparts, out);
	mbedtls_platform_zeroize(&k, sizeof k);
}

/* ---- HMAC on mbedTLS ---- */

/* Overwrites the scratch context (hash state and buffered block) with the
 * clean one, so no key-derived bytes stay in it between calls. */
static void scrub_work(struct mac_tls *t)
{
	(void)mbedtls_md_clone(&t->work, &t->blank);
}

/* The HMAC key block: the key itself, or its SHA-256 when longer than a
 * block, zero-padded to 64 bytes. */
static int key_block(struct mac_tls *t, const void *key, size_t keylen,
    unsigned char kb[HMAC_BLOCK])
{
	memset(kb, 0, HMAC_BLOCK);
	if (keylen <= HMAC_BLOCK) {
		if (keylen > 0)
			memcpy(kb, key, keylen);
		return 0;
	}
	if (mbedtls_md_starts(&t->work) != 0 ||
	    mbedtls_md_update(&t->work, key, keylen) != 0 ||
	    mbedtls_md_finish(&t->work, kb) != 0)
		return -1;
	return 0;
}

/* Starts ctx with the key block xored with pad (0x36 inner, 0x5c outer). */
static int start_pad(mbedtls_md_context_t *ctx,
    const unsigned char kb[HMAC_BLOCK], unsigned char pad)
{
	unsigned char b[HMAC_BLOCK];
	size_t i;
	int rc;

	for (i = 0; i < HMAC_BLOCK; i++)
		b[i] = (unsigned char)(kb[i] ^ pad);
	rc = mbedtls_md_starts(ctx) != 0 || mbedtls_md_update(ctx, b, HMAC_BLOCK) != 0;
	mbedtls_platform_zeroize(b, sizeof b);
	return rc ? -1 : 0;
}

static int update_parts(mbedtls_md_context_t *ctx, const struct agt_iov *parts,
    size_t nparts)
{
	size_t i;

	for (i = 0; i < nparts; i++)
		if (parts[i].n > 0 &&
		    mbedtls_md_update(ctx, parts[i].p, parts[i].n) != 0)
			return -1;
	return 0;
}

/* HMAC with a fresh key: H(K^opad || H(K^ipad || m)), all in work. */
static int hmac_plain(struct mac_tls *t, const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32])
{
	unsigned char kb[HMAC_BLOCK], inner[32];
	int rc = -1;

	if (use_hw()) {
		hmac_hw(key, keylen, parts, nparts, out);
		return 0;
	}
	if (key_block(t, key, keylen, kb) != 0 ||
	    start_pad(&t->work, kb, 0x36) != 0 ||
	    update_parts(&t->work, parts, nparts) != 0 ||
	    mbedtls_md_finish(&t->work, inner) != 0 ||
	    start_pad(&t->work, kb, 0x5c) != 0 ||
	    mbedtls_md_update(&t->work, inner, sizeof inner) != 0 ||
	    mbedtls_md_finish(&t->work, out) != 0)
		goto out;
	rc = 0;
out:
	mbedtls_platform_zeroize(kb, sizeof kb);
	mbedtls_platform_zeroize(inner, sizeof inner);
	scrub_work(t);
	return rc;
}

enum agt_err agt_hmac_sha256(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32])
{
	struct mac_tls *t = mac_tls();

	if (t == NULL || hmac_plain(t, key, keylen, parts, nparts, out) != 0) {
		mbedtls_platform_zeroize(out, 32);
		return AGT_ECRYPTO;
	}
	return AGT_OK;
}

/* 1 when the cached bytes equal (p, n); the length is not secret, the bytes
 * are compared in constant time, eight at a time (this runs for every
 * token; mbedtls_ct_memcmp's byte loop cost 8 % of a 006 token). */
static int cache_eq(const unsigned char *cached, size_t cachedlen,
    const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t d = 0, x, y;
	size_t i = 0;

	if (cachedlen != n)
		return 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, cached + i, 8);
		memcpy(&y, b + i, 8);
		d |= x ^ y;
	}
	for (; i < n; i++)
		d |= (uint64_t)(cached[i] ^ b[i]);
	/* (d | -d) has its top bit set exactly when d != 0. */
	return (int)(((d | (0U - d)) >> 63) ^ 1U);
}

/* Records key as the one whose pad states cache 1 now holds, on the
 * SHA instructions (hw 1) or in mbedTLS (hw 0). */
static void remember_key(struct mac_tls *t, const void *key, size_t keylen,
    int hw)
{
	memset(t->key, 0, sizeof t->key);
	if (keylen > 0)
		memcpy(t->key, key, keylen);
	t->keylen = keylen;
	t->key_hw = hw;
	t->key_ok = 1;
}

enum agt_err agt_hmac_sha256_keyed(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32])
{
	struct mac_tls *t = mac_tls();
	unsigned char kb[HMAC_BLOCK], inner[32];
	enum agt_err rc = AGT_ECRYPTO;

	if (t == NULL)
		goto fail;
	if (keylen > HMAC_BLOCK) /* rare: no cache, same result */
		return agt_hmac_sha256(key, keylen, parts, nparts, out);
	if (use_hw()) {
		if (!t->key_ok || !t->key_hw ||
		    !cache_eq(t->key, t->keylen, key, keylen)) {
			hw_key_states(key, keylen, &t->hw);
			remember_key(t, key, keylen, 1);
		}
		hw_finish(&t->hw, parts, nparts, out);
		return AGT_OK;
	}
	if (!t->key_ok || t->key_hw ||
	    !cache_eq(t->key, t->keylen, key, keylen)) {
		t->key_ok = 0;
		if (key_block(t, key, keylen, kb) != 0 ||
		    start_pad(&t->key_in, kb, 0x36) != 0 ||
		    start_pad(&t->key_out, kb, 0x5c) != 0) {
			mbedtls_platform_zeroize(kb, sizeof kb);
			goto fail;
		}
		mbedtls_platform_zeroize(kb, sizeof kb);
		remember_key(t, key, keylen, 0);
	}
	if (mbedtls_md_clone(&t->work, &t->key_in) != 0 ||
	    update_parts(&t->work, parts, nparts) != 0 ||
	    mbedtls_md_finish(&t->work, inner) != 0 ||
	    mbedtls_md_clone(&t->work, &t->key_out) != 0 ||
	    mbedtls_md_update(&t->work, inner, sizeof inner) != 0 ||
	    mbedtls_md_finish(&t->work, out) != 0)
		goto fail;
	rc = AGT_OK;
fail:
	mbedtls_platform_zeroize(inner, sizeof inner);
	if (t != NULL)
		scrub_work(t);
	if (rc != AGT_OK)
		mbedtls_platform_zeroize(out, 32);
	return rc;
}

enum agt_err agt_hmac_sha256_memo(const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char out[32])
{
	struct mac_tls *t = mac_tls();
	struct agt_iov part = { msg, msglen };

	if (t == NULL) {
		mbedtls_platform_zeroize(out, 32);
		return AGT_ECRYPTO;
	}
	if (keylen > HMAC_BLOCK || msglen > HMAC_BLOCK)
		return agt_hmac_sha256(key, keylen, &part, 1, out);
	/* Both compared (no short circuit on the secret one). */
	if (t->memo_ok &
	    cache_eq(t->memo_key, t->memo_keylen, key, keylen) &
	    cache_eq(t->memo_msg, t->memo_msglen, msg, msglen)) {
		memcpy(out, t->memo_out, 32);
		t->memo_hits++;
		return AGT_OK;
	}
	t->memo_ok = 0;
	if (hmac_plain(t, key, keylen, &part, 1, out) != 0) {
		mbedtls_platform_zeroize(out, 32);
		return AGT_ECRYPTO;
	}
	memset(t->memo_key, 0, sizeof t->memo_key);
	memset(t->memo_msg, 0, sizeof t->memo_msg);
	if (keylen > 0)
		memcpy(t->memo_key, key, keylen);
	if (msglen > 0)
		memcpy(t->memo_msg, msg, msglen);
	t->memo_keylen = keylen;
	t->memo_msglen = msglen;
	memcpy(t->memo_out, out, 32);
	t->memo_ok = 1;
	return AGT_OK;
}

unsigned long agt_mac_test_memo_hits(void)
{
	struct mac_tls *t = mac_tls();

	return t != NULL ? t->memo_hits : 0;
}

void agt_sha256(const void *data, size_t len, unsigned char out[32])
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);

	/* The void API cannot report failure; a zero digest never matches a
	 * stored one by accident, and SHA-256 over memory cannot fail anyway. */
	if (info == NULL || mbedtls_md(info, len > 0 ? data : (const void *)"",
	    len, out) != 0)
		mbedtls_platform_zeroize(out, 32);
}

enum agt_err agt_md5_hex(const void *data, size_t n, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_MD5);
	unsigned char d[16];
	size_t i;

	out[0] = '\0';
	if (info == NULL || mbedtls_md(info, n > 0 ? data : (const void *)"", n, d) != 0)
		return AGT_ECRYPTO;
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15U];
	}
	out[32] = '\0';
	return AGT_OK;
}

enum agt_err agt_chacha20_stream(const uint8_t key[32], uint8_t *out,
    size_t n)
{
#ifdef HAVE_MBEDTLS_CHACHA20_CRYPT
	static const unsigned char nonce[12];

	/* The keystream is the encryption of zeros, computed in place. */
	memset(out, 0, n);
	return mbedtls_chacha20_crypt(key, nonce, 0, n, out, out) == 0 ?
	    AGT_OK : AGT_ECRYPTO;
#else
	/* An mbedTLS built without ChaCha20: rand.c asks the kernel. */
	(void)key;
	(void)out;
	(void)n;
	return AGT_ECRYPTO;
#endif
}

int agt_memeq_ct(const void *a, const void *b, size_t n)
{
#ifdef AGT_USE_MBEDTLS_CT
	return mbedtls_ct_memcmp(a, b, n) == 0;
#else
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	/* (d - 1) >> 8 is 1 only for d == 0, without a branch on d. */
	return (int)((((unsigned)d) - 1U) >> 8) & 1;
#endif
}

void agt_memzero(void *p, size_t n)
{
	if (p != NULL && n > 0)
		mbedtls_platform_zeroize(p, n);
}
