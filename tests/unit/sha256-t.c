/* SPDX-License-Identifier: MIT */
/*
 * sha256-t - defends the SHA-256 that HMAC runs on the CPU's SHA
 * instructions (src/lib/sha256.c): the FIPS 180-4 example digests, then
 * agreement with mbedTLS on every length from 0 to 300 bytes fed whole and
 * in uneven pieces, and HMAC-SHA256 on both paths (plain, certificate-keyed
 * with its cache, memoized) for keys of 0 to 100 bytes, including keys
 * longer than a block.  On a CPU without the instructions only the mbedTLS
 * path exists and the comparisons are skipped, as they are in a build
 * without HAVE_TARGET_SHA (configure --disable-builtins).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void hw_digest(const void *p, size_t n, size_t piece, unsigned char out[32])
{
	struct agt_sha256_ctx c;
	const unsigned char *q = p;

	agt_sha256_init(&c);
	while (n > 0) {
		size_t k = piece < n ? piece : n;

		agt_sha256_update(&c, q, k);
		q += k;
		n -= k;
	}
	agt_sha256_final(&c, out);
}

static void test_fips(void)
{
	static const struct { const char *msg; const char *want; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	unsigned char d[32];
	char h[65];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		hw_digest(v[i].msg, strlen(v[i].msg), 64, d);
		hex(d, 32, h);
		is_str(v[i].want, h, "FIPS 180-4 digest of \"%.10s...\" (%zu bytes)",
		    v[i].msg, strlen(v[i].msg));
	}
	{
		/* One million 'a', fed in 1000-byte pieces. */
		struct agt_sha256_ctx c;
		unsigned char a[1000];

		memset(a, 'a', sizeof a);
		agt_sha256_init(&c);
		for (i = 0; i < 1000; i++)
			agt_sha256_update(&c, a, sizeof a);
		agt_sha256_final(&c, d);
		hex(d, 32, h);
		is_str("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		    h, "FIPS 180-4 digest of one million 'a'");
	}
}

static void test_lengths(void)
{
	unsigned char buf[300], a[32], b[32];
	size_t n, piece;
	int bad = 0;

	for (n = 0; n < sizeof buf; n++)
		buf[n] = (unsigned char)(n * 131U + 7U);
	for (n = 0; n <= sizeof buf; n++) {
		agt_sha256(buf, n, a); /* mbedTLS */
		for (piece = 1; piece <= 67; piece += 11) {
			hw_digest(buf, n, piece, b);
			bad |= memcmp(a, b, 32) != 0;
		}
	}
	ok(!bad, "same digest as mbedTLS for every length 0..300, whole and in pieces");
}

static void test_hmac(void)
{
	unsigned char key[100], msg[260], a[32], b[32], c[32], d[32];
	struct agt_iov parts[3];
	size_t kl, ml;
	int bad = 0, i;

	for (i = 0; i < 100; i++)
		key[i] = (unsigned char)(i * 29 + 3);
	for (i = 0; i < 260; i++)
		msg[i] = (unsigned char)(i * 7 + 1);
	for (kl = 0; kl <= sizeof key; kl += 3) {
		for (ml = 0; ml <= sizeof msg; ml += 37) {
			parts[0] = (struct agt_iov){ msg, ml / 3 };
			parts[1] = (struct agt_iov){ msg + ml / 3, 0 };
			parts[2] = (struct agt_iov){ msg + ml / 3, ml - ml / 3 };
			agt_mac_use_hw(0);
			bad |= agt_hmac_sha256(key, kl, parts, 3, a) != AGT_OK;
			bad |= agt_hmac_sha256_keyed(key, kl, parts, 3, c) != AGT_OK;
			bad |= memcmp(a, c, 32) != 0;
			agt_mac_use_hw(1);
			bad |= agt_hmac_sha256(key, kl, parts, 3, b) != AGT_OK;
			bad |= memcmp(a, b, 32) != 0;
			/* Twice: the second call uses the cached key states. */
			bad |= agt_hmac_sha256_keyed(key, kl, parts, 3, d) != AGT_OK;
			bad |= memcmp(a, d, 32) != 0;
			bad |= agt_hmac_sha256_keyed(key, kl, parts, 3, d) != AGT_OK;
			bad |= memcmp(a, d, 32) != 0;
			if (ml <= 64) {
				bad |= agt_hmac_sha256_memo(key, kl, msg, ml, d) != AGT_OK;
				bad |= memcmp(a, d, 32) != 0;
				bad |= agt_hmac_sha256_memo(key, kl, msg, ml, d) != AGT_OK;
				bad |= memcmp(a, d, 32) != 0;
			}
		}
	}
	ok(!bad, "HMAC on the SHA instructions equals mbedTLS's (plain, keyed, "
	    "memoized; keys 0..99 bytes, messages 0..259 bytes in parts)");
	/* Keys of one length differing in one byte, in every position: the
	 * keyed cache and the memo must miss, never reuse the other key. */
	bad = 0;
	parts[0] = (struct agt_iov){ msg, 40 };
	for (i = 0; i < 32; i++) {
		unsigned char k2[32];

		memcpy(k2, key, 32);
		k2[i] ^= 0x01;
		agt_mac_use_hw(0);
		bad |= agt_hmac_sha256(k2, 32, parts, 1, a) != AGT_OK;
		agt_mac_use_hw(1);
		bad |= agt_hmac_sha256_keyed(key, 32, parts, 1, c) != AGT_OK;
		bad |= agt_hmac_sha256_keyed(k2, 32, parts, 1, d) != AGT_OK;
		bad |= memcmp(a, d, 32) != 0 || memcmp(c, d, 32) == 0;
		bad |= agt_hmac_sha256_memo(key, 32, msg, 40, c) != AGT_OK;
		bad |= agt_hmac_sha256_memo(k2, 32, msg, 40, d) != AGT_OK;
		bad |= memcmp(a, d, 32) != 0 || memcmp(c, d, 32) == 0;
	}
	ok(!bad, "a key differing in any one byte misses the caches");
}

#ifdef HAVE_TARGET_SHA
#include <cpuid.h>

/* The CPU's own answer, straight from CPUID, to hold the library's
 * detection (which may read glibc's record of CPUID instead) to it. */
static int cpuid_has_sha(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) ||
	    !(c & (1U << 9)) || !(c & (1U << 19)) ||
	    __get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & (1U << 29)) != 0;
}
#endif

int main(void)
{
	plan_lazy();
#ifdef HAVE_TARGET_SHA
	/* GLIBC_TUNABLES can mask a feature from glibc's record on purpose. */
	if (getenv("GLIBC_TUNABLES") == NULL)
		is_int(cpuid_has_sha(), agt_sha256_hw_available(),
		    "the SHA instructions are detected as CPUID reports them");
#endif
	if (!agt_sha256_hw_available()) {
		skip("no SHA instructions on this CPU or in this build "
		    "(HAVE_TARGET_SHA): mbedTLS computes every digest");
		return 0;
	}
	ok(agt_mac_use_hw(1), "HMAC uses the SHA instructions on this CPU");
	test_fips();
	test_lengths();
	test_hmac();
	agt_thread_cleanup();
	return 0;
}
