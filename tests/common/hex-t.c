/* SPDX-License-Identifier: MIT */
/*
 * hex-t.c - the programs' hex helpers and decimal digits (src/common):
 * percent-decoding, the vector reader's \u escapes and API-key digests
 * read hex digits, JSON output writes bytes and numbers.  A digit read
 * wrongly decodes a parameter or a key to other bytes; one accepted that
 * is no digit lets malformed input through.  Checked over every byte
 * value against the digit alphabet and against printf.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/common.h"
#include "tap/tap.h"

/* The value of c as a hex digit by the alphabet, or -1. */
static int digit_value(int c)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";

	for (int i = 0; i < 16; i++)
		if (c == lower[i] || c == upper[i])
			return i;
	return -1;
}

int main(void)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char all[256], back[256];
	char text[513], want[513], num[24], *p;
	int bad = 0;

	plan(9);
	num[sizeof num - 1] = '\0';
	for (int c = 0; c < 256; c++)
		bad += hex_digit(c) != digit_value(c);
	is_int(0, bad, "hex_digit: every byte value, both cases, -1 for the "
	    "rest");
	is_int(-1, hex_digit(-1), "hex_digit: EOF is no digit");
	for (int i = 0; i < 256; i++) {
		all[i] = (unsigned char)i;
		want[2 * i] = digits[i >> 4];
		want[2 * i + 1] = digits[i & 15];
	}
	want[512] = '\0';
	memset(text, 0, sizeof text);
	hex_encode(text, all, sizeof all);
	is_str(want, text, "hex_encode: every byte value, lower case");
	ok(hex_decode(back, text, sizeof back) == 0 &&
	    memcmp(back, all, sizeof all) == 0, "hex_decode reads it back");
	for (size_t i = 0; i < 512; i++)
		text[i] = (char)(i % 3 ? want[i] : (want[i] >= 'a' ?
		    want[i] - 32 : want[i]));
	ok(hex_decode(back, text, sizeof back) == 0 &&
	    memcmp(back, all, sizeof all) == 0, "hex_decode: upper case too");
	bad = 0;
	for (size_t pos = 0; pos < 8; pos++)
		for (int c = 0; c < 256; c++) {
			char s[8];

			if (hex_digit(c) >= 0)
				continue;
			memcpy(s, "00112233", 8);
			s[pos] = (char)c;
			bad += hex_decode(back, s, 4) != -1;
		}
	is_int(0, bad, "hex_decode: a non-digit anywhere is refused");
	bad = 0;
	for (unsigned long long v = 0; v < 100000; v++) {
		char pf[24];

		num[sizeof num - 1] = '\0';
		p = decimal_digits(num + sizeof num - 1, v);
		snprintf(pf, sizeof pf, "%llu", v);
		bad += strcmp(p, pf) != 0;
	}
	is_int(0, bad, "decimal_digits: 0..99999 as printf writes them");
	p = decimal_digits(num + sizeof num - 1, UINT64_MAX);
	is_str("18446744073709551615", p, "decimal_digits: UINT64_MAX");
	p = decimal_digits(num + sizeof num - 1, 4294967295U);
	is_str("4294967295", p, "decimal_digits: UINT32_MAX");
	return 0;
}
