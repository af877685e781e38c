/* SPDX-License-Identifier: MIT */
/*
 * mac-t - defends the crypto wrappers against published vectors only:
 * HMAC-SHA256 on RFC 4231 test cases 1-4, 6 and 7 (including keys longer
 * than the block and data split across parts, as the 006 signature feeds
 * it), SHA-256 of "abc" (FIPS 180-2), MD5 of "" and "abc" (RFC 1321), and
 * the constant-time comparison's answers, so a wrapper bug cannot hide
 * behind a self-consistent round trip.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"

static int unhex(const char *h, unsigned char *out)
{
	size_t i, n = strlen(h) / 2;

	for (i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			bail("bad hex in test");
		out[i] = (unsigned char)v;
	}
	return (int)n;
}

static void hmac_case(const char *name, const unsigned char *key, size_t klen,
    const void *data, size_t dlen, const char *want_hex)
{
	unsigned char want[32], got[32];
	struct agt_iov one = { data, dlen }, split[3];
	size_t a = dlen / 3, b = dlen / 2;

	unhex(want_hex, want);
	is_int(AGT_OK, agt_hmac_sha256(key, klen, &one, 1, got), "%s runs", name);
	is_mem(want, 32, got, 32, "%s", name);
	/* Same data in three parts (one possibly empty). */
	split[0] = (struct agt_iov){ data, a };
	split[1] = (struct agt_iov){ (const char *)data + a, b - a };
	split[2] = (struct agt_iov){ (const char *)data + b, dlen - b };
	memset(got, 0, sizeof got);
	is_int(AGT_OK, agt_hmac_sha256(key, klen, split, 3, got), "%s in parts runs", name);
	is_mem(want, 32, got, 32, "%s in parts", name);
}

static void test_rfc4231(void)
{
	unsigned char key[131], data[64];

	memset(key, 0x0b, 20);
	hmac_case("RFC 4231 case 1", key, 20, "Hi There", 8,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_case("RFC 4231 case 2", (const unsigned char *)"Jefe", 4,
	    "what do ya want for nothing?", 28,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac_case("RFC 4231 case 3", key, 20, data, 50,
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	unhex("0102030405060708090a0b0c0d0e0f10111213141516171819", key);
	memset(data, 0xcd, 50);
	hmac_case("RFC 4231 case 4", key, 25, data, 50,
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	memset(key, 0xaa, 131);
	hmac_case("RFC 4231 case 6", key, 131,
	    "Test Using Larger Than Block-Size Key - Hash Key First", 54,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	hmac_case("RFC 4231 case 7", key, 131,
	    "This is a test using a larger than block-size key and a larger than "
	    "block-size data. The key needs to be hashed before being used by the "
	    "HMAC algorithm.", 152,
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static void test_digests(void)
{
	unsigned char want[32], got[32];
	char md5[33];

	unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
	agt_sha256("abc", 3, got);
	is_mem(want, 32, got, 32, "SHA-256(\"abc\") FIPS 180-2");
	unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
	agt_sha256(NULL, 0, got);
	is_mem(want, 32, got, 32, "SHA-256 of the empty string");
	is_int(AGT_OK, agt_md5_hex("", 0, md5), "MD5 empty runs");
	is_str("d41d8cd98f00b204e9800998ecf8427e", md5, "MD5(\"\") RFC 1321");
	is_int(AGT_OK, agt_md5_hex("abc", 3, md5), "MD5 abc runs");
	is_str("900150983cd24fb0d6963f7d28e17f72", md5, "MD5(\"abc\") RFC 1321");
	is_int(AGT_OK, agt_md5_hex("message digest", 14, md5), "MD5 message digest runs");
	is_str("f96b697d7cb7938d525a2f31aaf161d0", md5, "MD5(\"message digest\") RFC 1321");
}

static void test_memeq(void)
{
	unsigned char a[32], b[32];
	size_t i;
	int all = 1;

	memset(a, 0x5a, sizeof a);
	memcpy(b, a, sizeof b);
	is_int(1, agt_memeq_ct(a, b, 32), "equal buffers");
	is_int(1, agt_memeq_ct(a, b, 0), "zero length is equal");
	for (i = 0; i < 32; i++) {
		b[i] ^= 0x01;
		if (agt_memeq_ct(a, b, 32) != 0)
			all = 0;
		b[i] ^= 0x80 ^ 0x01;
		if (agt_memeq_ct(a, b, 32) != 0)
			all = 0;
		b[i] ^= 0x80;
	}
	ok(all, "a difference in any byte and bit position is seen");
	b[31] ^= 0xff;
	is_int(1, agt_memeq_ct(a, b, 31), "difference beyond n is ignored");
	agt_memzero(a, sizeof a);
	for (i = 0, all = 1; i < 32; i++)
		if (a[i] != 0)
			all = 0;
	ok(all, "agt_memzero clears");
	agt_memzero(NULL, 0);
	ok(1, "agt_memzero(NULL, 0) is harmless");
}

/* RFC 8439 appendix A.1, test vector #1: the keystream of the all-zero
 * key and nonce at block counter 0 (the salt generator's expansion). */
static void test_chacha20(void)
{
	static const unsigned char want[64] = {
		0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90,
		0x40, 0x5d, 0x6a, 0xe5, 0x53, 0x86, 0xbd, 0x28,
		0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a,
		0xa8, 0x36, 0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7,
		0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48, 0x8d,
		0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37,
		0x6a, 0x43, 0xb8, 0xf4, 0x15, 0x18, 0xa1, 0x1c,
		0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86,
	};
	static const uint8_t key[32];
	uint8_t out[64];

	memset(out, 0xa5, sizeof out);
	is_int(AGT_OK, agt_chacha20_stream(key, out, sizeof out),
	    "ChaCha20 keystream computed");
	is_mem(want, sizeof want, out, sizeof out,
	    "ChaCha20 keystream: RFC 8439 A.1 test vector #1");
}

int main(void)
{
	plan_lazy();
	test_rfc4231();
	test_digests();
	test_memeq();
	test_chacha20();
	return 0;
}
