/* SPDX-License-Identifier: MIT */
/*
 * b64-t - defends the base64 codec a token's signature depends on.  The
 * encoder must agree with RFC 4648's vectors; the decoder must invert it
 * exactly for every input of length 0..2 (all 65,793 of them) and sampled
 * length-3 inputs, and must reject every non-canonical text: characters
 * outside the alphabet, missing padding, '=' in the middle, non-zero unused
 * bits ("QR==" would otherwise decode like "QQ==") and trailing garbage, so
 * no token has two spellings.
 */
#include "config.h"

#include <string.h>

#include <mbedtls/base64.h>

#include "internal.h"
#include "tap/tap.h"

static int roundtrip(const uint8_t *in, size_t n)
{
	char enc[16];
	uint8_t dec[16];
	size_t elen = agt_b64_enclen(n), dlen;

	agt_b64_encode(in, n, enc);
	if (agt_b64_decode(enc, elen, dec, sizeof dec, &dlen) != AGT_OK)
		return 0;
	return dlen == n && (n == 0 || memcmp(in, dec, n) == 0);
}

static void test_exhaustive(void)
{
	uint8_t in[3];
	unsigned a, b, fails = 0;
	uint32_t x = 2463534242U;
	int i;

	ok(roundtrip(in, 0), "empty input round trips");
	for (a = 0; a < 256; a++) {
		in[0] = (uint8_t)a;
		fails += !roundtrip(in, 1);
	}
	is_int(0, fails, "all 256 one-byte inputs round trip");
	fails = 0;
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			in[0] = (uint8_t)a;
			in[1] = (uint8_t)b;
			fails += !roundtrip(in, 2);
		}
	is_int(0, fails, "all 65536 two-byte inputs round trip");
	fails = 0;
	for (i = 0; i < 200000; i++) {
		/* xorshift32: a fixed sample of length-3 inputs. */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		in[0] = (uint8_t)x;
		in[1] = (uint8_t)(x >> 8);
		in[2] = (uint8_t)(x >> 16);
		fails += !roundtrip(in, 3);
	}
	is_int(0, fails, "200000 sampled three-byte inputs round trip");
}

/* Every length from 0 to 300, random bytes, against mbedTLS's encoder:
 * the encoder takes six bytes at a time where it can, three at a time
 * after, and pads the rest, so every length ends a different way. */
static void test_against_mbedtls(void)
{
	uint8_t in[300];
	char enc[404];
	unsigned char ref[405];
	uint32_t x = 0x9e3779b9U;
	size_t n, i, rlen;
	int fails = 0;

	for (n = 0; n <= sizeof in; n++) {
		for (int round = 0; round < 20; round++) {
			for (i = 0; i < n; i++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				in[i] = (uint8_t)x;
			}
			memset(enc, 0, sizeof enc);
			agt_b64_encode(in, n, enc);
			if (mbedtls_base64_encode(ref, sizeof ref, &rlen, in, n) != 0 ||
			    rlen != agt_b64_enclen(n) || memcmp(enc, ref, rlen) != 0 ||
			    enc[rlen] != 0)
				fails++;
		}
	}
	is_int(0, fails, "20 random inputs of every length 0..300 encode as "
	    "mbedTLS encodes them, and nothing past the end is written");
}

static void test_rfc4648(void)
{
	static const char *const vec[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char enc[16];
	uint8_t dec[16];
	size_t i, n, dlen;

	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		n = strlen(vec[i][0]);
		is_int((long long)strlen(vec[i][1]), (long long)agt_b64_enclen(n),
		    "RFC 4648 length of \"%s\"", vec[i][0]);
		agt_b64_encode(vec[i][0], n, enc);
		is_mem(vec[i][1], strlen(vec[i][1]), enc, agt_b64_enclen(n),
		    "RFC 4648 encode \"%s\"", vec[i][0]);
		is_int(AGT_OK, agt_b64_decode(vec[i][1], strlen(vec[i][1]), dec,
		    sizeof dec, &dlen), "RFC 4648 decode \"%s\"", vec[i][1]);
		is_mem(vec[i][0], n, dec, dlen, "RFC 4648 decoded \"%s\"", vec[i][1]);
	}
	/* The high alphabet characters. */
	agt_b64_encode("\xfb\xff\xbf", 3, enc);
	is_mem("+/+/", 4, enc, 4, "'+' and '/' are the last two symbols");
}

static void test_rejects(void)
{
	static const struct {
		const char *name, *text;
	} bad[] = {
		{ "bad_char_star", "Zm9*" },
		{ "bad_char_space", "Zm9 Yg==" },
		{ "bad_char_newline", "Zm9v\nYg==" },
		{ "url_safe_minus", "-_-_" },
		{ "missing_padding_2", "Zg" },
		{ "missing_padding_1", "Zm8" },
		{ "length_5", "Zm9vY" },
		{ "pad_in_middle", "Zg==Zm9v" },
		{ "pad_inside_group", "Z=g=" },
		{ "pad_three", "Z===" },
		{ "pad_four", "====" },
		{ "noncanonical_QR", "QR==" },
		{ "noncanonical_Zh", "Zh==" },
		{ "noncanonical_Zm9", "Zm9=" },
		{ "trailing_garbage", "Zm9vYg==x" },
		{ "trailing_pad", "Zm9vYg===" },
		{ "trailing_group_after_pad", "Zg==AAAA" },
		{ "nul_byte", "Zm\0v" },
	};
	uint8_t dec[32];
	size_t i, dlen, n;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = strcmp(bad[i].name, "nul_byte") == 0 ? 4 : strlen(bad[i].text);
		is_int(AGT_EBASE64, agt_b64_decode(bad[i].text, n, dec, sizeof dec,
		    &dlen), "rejects %s", bad[i].name);
	}
	is_int(AGT_OK, agt_b64_decode("QQ==", 4, dec, sizeof dec, &dlen),
	    "canonical QQ== accepted");
	is_int(AGT_ERANGE, agt_b64_decode("Zm9v", 4, dec, 2, &dlen),
	    "output capacity below 3 refused");
}

int main(void)
{
	plan_lazy();
	test_exhaustive();
	test_rfc4648();
	test_against_mbedtls();
	test_rejects();
	return 0;
}
