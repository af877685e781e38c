/* SPDX-License-Identifier: MIT */
/*
 * utf8-t.c - the programs' one UTF-8 check (src/common/utf8.c) decides
 * when a token's bytes are shown as text and when as hex; a check that
 * let an overlong form, a surrogate or a value past U+10FFFF through
 * would put invalid UTF-8 into JSON output, one that refused good text
 * would hide it behind hex.  It is compared, over every string of one to
 * three bytes and random longer ones, with the table of well-formed
 * sequences in the Unicode standard (3.9, table 3-7), restated here.
 */
#include "config.h"

#include <string.h>

#include "common/common.h"
#include "tap/tap.h"
#include "tap/testrand.h"

/* Table 3-7: the first byte's range and the second byte's range. */
static const struct {
	unsigned char lo1, hi1, lo2, hi2;
	int len;
} table[] = {
	{ 0x00, 0x7F, 0, 0, 1 },
	{ 0xC2, 0xDF, 0x80, 0xBF, 2 },
	{ 0xE0, 0xE0, 0xA0, 0xBF, 3 },
	{ 0xE1, 0xEC, 0x80, 0xBF, 3 },
	{ 0xED, 0xED, 0x80, 0x9F, 3 },
	{ 0xEE, 0xEF, 0x80, 0xBF, 3 },
	{ 0xF0, 0xF0, 0x90, 0xBF, 4 },
	{ 0xF1, 0xF3, 0x80, 0xBF, 4 },
	{ 0xF4, 0xF4, 0x80, 0x8F, 4 },
};

static int well_formed(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t t, k;

		for (t = 0; t < sizeof table / sizeof table[0]; t++)
			if (s[i] >= table[t].lo1 && s[i] <= table[t].hi1)
				break;
		if (t == sizeof table / sizeof table[0])
			return 0;
		if (n - i < (size_t)table[t].len)
			return 0;
		if (table[t].len > 1 && (s[i + 1] < table[t].lo2 ||
		    s[i + 1] > table[t].hi2))
			return 0;
		for (k = 2; k < (size_t)table[t].len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return 0;
		i += (size_t)table[t].len;
	}
	return 1;
}

static int agrees(const unsigned char *s, size_t n)
{
	return utf8_valid((const char *)s, n) == well_formed(s, n);
}

int main(void)
{
	unsigned long long rng = 0x243f6a8885a308d3ULL;
	unsigned char b[16];
	unsigned long bad = 0, n3 = 0, valid3 = 0;
	int i;

	plan(7);
	ok(utf8_valid("", 0) && utf8_valid(NULL, 0),
	    "the empty string is UTF-8");
	ok(utf8_valid("a\0b", 3), "NUL is U+0000, well-formed");
	for (unsigned x = 0; x < 256; x++) {
		b[0] = (unsigned char)x;
		bad += !agrees(b, 1);
		for (unsigned y = 0; y < 256; y++) {
			b[1] = (unsigned char)y;
			bad += !agrees(b, 2);
		}
	}
	is_int(0, (long long)bad, "every string of one and two bytes");
	bad = 0;
	for (unsigned x = 0xC0; x < 0x100; x++)
		for (unsigned y = 0; y < 256; y++)
			for (unsigned z = 0; z < 256; z++) {
				b[0] = (unsigned char)x;
				b[1] = (unsigned char)y;
				b[2] = (unsigned char)z;
				bad += !agrees(b, 3);
				valid3 += well_formed(b, 3);
				n3++;
			}
	is_int(0, (long long)bad, "every string of three bytes led by "
	    "0xC0..0xFF (%lu, %lu well-formed)", n3, valid3);
	bad = 0;
	for (i = 0; i < 2000000; i++) {
		size_t n = 1 + test_rand_below(&rng, sizeof b), k;

		for (k = 0; k < n; k++)
			b[k] = (unsigned char)(test_rand_below(&rng, 4) ?
			    0x80 + test_rand_below(&rng, 0x80) :
			    test_rand_below(&rng, 256));
		bad += !agrees(b, n);
	}
	is_int(0, (long long)bad, "2,000,000 random strings of 1-16 mostly "
	    "high bytes");
	/* The boundaries by name. */
	ok(!utf8_valid("\xC0\xAF", 2) && !utf8_valid("\xE0\x80\xAF", 3) &&
	    !utf8_valid("\xF0\x80\x80\xAF", 4),
	    "overlong forms of '/' are refused");
	ok(!utf8_valid("\xED\xA0\x80", 3) && utf8_valid("\xED\x9F\xBF", 3) &&
	    !utf8_valid("\xF4\x90\x80\x80", 4) &&
	    utf8_valid("\xF4\x8F\xBF\xBF", 4),
	    "U+D800 refused, U+D7FF taken; U+110000 refused, U+10FFFF taken");
	return 0;
}
