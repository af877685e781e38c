/* SPDX-License-Identifier: MIT */
/*
 * signing-t - defends the HMACs that sign tokens, with their per-thread
 * caches, against mbedTLS's own HMAC (mbedtls_md_hmac, called here
 * directly, not through mac.c):
 *   - 007: key = HMAC(u32le(salt), HMAC(u32le(ts), cert)), signature =
 *     HMAC(key, content), through agt_signing_key007() (whose first HMAC
 *     the thread memoizes) and agt_hmac_sha256();
 *   - 006: HMAC(cert, content in parts), through agt_hmac_sha256_keyed()
 *     (the certificate's pad states cached).
 * Random certificates, times, salts and contents, in sequences that repeat
 * the (certificate, time) pair or change it, on the SHA instructions and on
 * mbedTLS switched at random, on one thread and on two at once; the memo's
 * hit counter shows hits and misses both occur.  Then the memo must not
 * answer for a certificate one bit away or a time one second (or one bit)
 * away: each such call gives the reference's value and counts no hit; and
 * the 006 cache must not sign for a certificate one bit away.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/md.h>

#include "internal.h"
#include "tap/tap.h"

#define ITERS 4000
#define MAXCERT 80     /* past one block: the long-key path too */
#define MAXCONTENT 300

/* xorshift64*: a fixed seed per run keeps failures reproducible. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static void ref_hmac(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	static const unsigned char none[1];

	if (info == NULL || mbedtls_md_hmac(info, keylen > 0 ? key : none,
	    keylen, msglen > 0 ? msg : none, msglen, out) != 0)
		bail("mbedtls_md_hmac failed");
}

static void u32le(uint32_t v, unsigned char b[4])
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

/* The 007 signing key as the reference computes it. */
static void ref_key007(const unsigned char *cert, size_t certlen, uint32_t ts,
    uint32_t salt, unsigned char key[32])
{
	unsigned char k[4], mid[32];

	u32le(ts, k);
	ref_hmac(k, 4, cert, certlen, mid);
	u32le(salt, k);
	ref_hmac(k, 4, mid, 32, key);
}

/* agt_signing_key007() against the reference: 0 when they agree. */
static int check_key007(const unsigned char *cert, size_t certlen, uint32_t ts,
    uint32_t salt)
{
	unsigned char want[32], got[32];
	struct agt_str c = { (const char *)cert, certlen };

	ref_key007(cert, certlen, ts, salt, want);
	memset(got, 0, sizeof got);
	if (agt_signing_key007(c, ts, salt, got) != AGT_OK)
		return 1;
	return memcmp(want, got, 32) != 0;
}

/* agt_hmac_sha256_keyed() under a 32-byte certificate against the
 * reference, on a fixed content: 0 when they agree. */
static int check_keyed(const unsigned char cert[32])
{
	static const char content[] = "970CA35de60c44645bbae8a215061b33"
	    "7d72365eb983485397e3e3f9d460bdda2882341273";
	struct agt_iov one = { content, sizeof content - 1 };
	unsigned char want[32], got[32];

	ref_hmac(cert, 32, content, sizeof content - 1, want);
	if (agt_hmac_sha256_keyed(cert, 32, &one, 1, got) != AGT_OK)
		return 1;
	return memcmp(want, got, 32) != 0;
}

struct run {
	uint64_t seed;
	int use_both_paths;   /* switch between SHA instructions and mbedTLS */
	int bad;              /* outputs that differed from mbedTLS's */
	unsigned long hits, misses;
	char why[160];
};

static void fail_once(struct run *r, const char *what, int i)
{
	if (r->bad++ == 0)
		snprintf(r->why, sizeof r->why, "%s differs at iteration %d "
		    "(seed %llu)", what, i, (unsigned long long)r->seed);
}

/* One sequence of random 007 and 006 signings, each compared with the
 * reference.  Half the time the (certificate, time) pair of the last 007
 * key repeats, so the memo is hit; otherwise one of the two changes. */
static void *property_run(void *arg)
{
	struct run *r = arg;
	unsigned char cert[MAXCERT], content[MAXCONTENT];
	unsigned char key[32], want[32], got[32];
	size_t certlen = 32, n, a, b;
	uint32_t ts = 1700000000U, salt;
	uint64_t s = r->seed;
	unsigned long before;
	int i, repeat;
	size_t j;

	for (j = 0; j < sizeof cert; j++)
		cert[j] = (unsigned char)rnd(&s);
	for (i = 0; i < ITERS; i++) {
		if (r->use_both_paths)
			agt_mac_use_hw((int)(rnd(&s) & 1));
		repeat = (rnd(&s) & 1) != 0;
		if (!repeat) {
			switch (rnd(&s) % 4) {
			case 0: /* a new certificate, mostly of the usual length */
				certlen = rnd(&s) % 4 == 0 ?
				    (size_t)(rnd(&s) % (MAXCERT + 1)) : 32;
				for (j = 0; j < certlen; j++)
					cert[j] = (unsigned char)rnd(&s);
				break;
			case 1: /* the next second */
				ts++;
				break;
			case 2: /* any time */
				ts = (uint32_t)rnd(&s);
				break;
			default: /* one byte of the certificate */
				if (certlen > 0)
					cert[rnd(&s) % certlen] ^=
					    (unsigned char)(1U << (rnd(&s) % 8));
				else
					ts--;
				break;
			}
		}
		salt = (uint32_t)rnd(&s);
		before = agt_mac_test_memo_hits();
		if (check_key007(cert, certlen, ts, salt))
			fail_once(r, "007 signing key", i);
		if (agt_mac_test_memo_hits() != before)
			r->hits++;
		else
			r->misses++;

		n = (size_t)(rnd(&s) % (MAXCONTENT + 1));
		for (j = 0; j < n; j++)
			content[j] = (unsigned char)rnd(&s);
		ref_key007(cert, certlen, ts, salt, key);
		ref_hmac(key, 32, content, n, want);
		{
			struct agt_iov one = { content, n };

			if (agt_hmac_sha256(key, 32, &one, 1, got) != AGT_OK ||
			    memcmp(want, got, 32) != 0)
				fail_once(r, "007 signature", i);
		}
		/* 006: the certificate keys the content, given in three parts
		 * (one possibly empty), as the 006 builder feeds it. */
		a = n > 0 ? (size_t)(rnd(&s) % (n + 1)) : 0;
		b = a + (n > a ? (size_t)(rnd(&s) % (n - a + 1)) : 0);
		{
			struct agt_iov parts[3] = {
				{ content, a }, { content + a, b - a },
				{ content + b, n - b },
			};

			ref_hmac(cert, certlen, content, n, want);
			if (agt_hmac_sha256_keyed(cert, certlen, parts, 3,
			    got) != AGT_OK || memcmp(want, got, 32) != 0)
				fail_once(r, "006 keyed HMAC", i);
		}
	}
	agt_thread_cleanup();
	return NULL;
}

static void test_one_thread(int hw)
{
	struct run r = { 0 };

	r.seed = 0x9e3779b97f4a7c15ULL;
	r.use_both_paths = hw;
	if (!hw)
		agt_mac_use_hw(0);
	property_run(&r);
	agt_mac_use_hw(1);
	ok(r.bad == 0, "%d random 007 keys, signatures and 006 HMACs equal "
	    "mbedTLS's (%s)%s%s", ITERS, hw ? "SHA instructions and mbedTLS "
	    "switched at random" : "mbedTLS only", r.bad ? ": " : "", r.why);
	ok(r.hits > ITERS / 4 && r.misses > ITERS / 4,
	    "the memo answered %lu of them and missed %lu", r.hits, r.misses);
}

/* Two threads at once, each with its own sequence: a memo shared by the
 * threads, or one thread's state reaching the other, gives wrong keys. */
static void test_two_threads(const char *path)
{
	struct run r[2] = { { 0 }, { 0 } };
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++) {
		r[i].seed = 0x243f6a8885a308d3ULL + (uint64_t)i * 0x13198a2e03707344ULL;
		/* agt_mac_use_hw() is process-wide: neither thread switches. */
		r[i].use_both_paths = 0;
		if (pthread_create(&t[i], NULL, property_run, &r[i]) != 0)
			bail("pthread_create failed");
	}
	for (i = 0; i < 2; i++)
		if (pthread_join(t[i], NULL) != 0)
			bail("pthread_join failed");
	for (i = 0; i < 2; i++) {
		ok(r[i].bad == 0, "%s, thread %d of two: %d random signings "
		    "equal mbedTLS's%s%s", path, i + 1, ITERS,
		    r[i].bad ? ": " : "", r[i].why);
		ok(r[i].hits > ITERS / 4 && r[i].misses > ITERS / 4,
		    "%s, thread %d: the memo answered %lu and missed %lu", path,
		    i + 1, r[i].hits, r[i].misses);
	}
}

/* The memo holds HMAC(u32(ts), cert).  A certificate one bit away, or a
 * time one second or one bit away, must be computed afresh. */
static void test_near_misses(const char *path)
{
	unsigned char cert[32], near[32];
	const uint32_t ts = 1733450000U;
	unsigned long before;
	int wrong = 0, wrong006 = 0, hits = 0, warm = 1;
	size_t i;
	int bit;

	for (i = 0; i < sizeof cert; i++)
		cert[i] = (unsigned char)("5CFd2fd1755d40ecb72977518be15d3b"[i]);
	/* Each case first fills the memo with (cert, ts) and checks that a
	 * repeat is answered from it, then asks for the near pair. */
#define NEAR_CASE(c, t) do { \
	wrong += check_key007(cert, 32, ts, 1U); \
	before = agt_mac_test_memo_hits(); \
	wrong += check_key007(cert, 32, ts, 2U); \
	warm &= agt_mac_test_memo_hits() == before + 1; \
	before = agt_mac_test_memo_hits(); \
	wrong += check_key007((c), 32, (t), 3U); \
	hits += agt_mac_test_memo_hits() != before; \
} while (0)
	for (i = 0; i < sizeof cert; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(near, cert, sizeof near);
			near[i] ^= (unsigned char)(1U << bit);
			NEAR_CASE(near, ts);
			/* The 006 cache of the certificate's pad states. */
			wrong006 += check_keyed(cert);
			wrong006 += check_keyed(near);
		}
	}
	NEAR_CASE(cert, ts + 1U);
	NEAR_CASE(cert, ts - 1U);
	for (bit = 0; bit < 32; bit++)
		NEAR_CASE(cert, ts ^ (1U << bit));
#undef NEAR_CASE
	ok(warm, "%s: the memo answers a repeated (certificate, time)", path);
	ok(wrong006 == 0, "%s: 006 HMAC under a certificate one bit away from "
	    "the cached one equals mbedTLS's (%d wrong)", path, wrong006);
	ok(!wrong && hits == 0, "%s: a certificate one bit away (256 cases) or a "
	    "time one second or one bit away (34) is computed afresh and "
	    "equals mbedTLS's (%d wrong, %d answered by the memo)", path,
	    wrong, hits);
}

int main(void)
{
	int hw = agt_sha256_hw_available();

	plan_lazy();
	test_one_thread(0);
	if (hw)
		test_one_thread(1);
	else
		skip("no SHA instructions on this CPU or in this build: "
		    "mbedTLS is the only path");
	agt_mac_use_hw(0);
	test_two_threads("mbedTLS");
	agt_mac_use_hw(1);
	if (hw)
		test_two_threads("SHA instructions");
	agt_mac_use_hw(0);
	test_near_misses("mbedTLS");
	agt_mac_use_hw(1);
	if (hw)
		test_near_misses("SHA instructions");
	agt_thread_cleanup();
	return 0;
}
