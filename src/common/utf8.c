/* SPDX-License-Identifier: MIT */
/*
 * utf8.c - the one UTF-8 check of the programs: well-formed sequences as
 * the Unicode standard defines them (3.9, table 3-7), so no overlong
 * forms, no surrogates and nothing past U+10FFFF.  Token strings may hold
 * any bytes; this decides when they can be shown as text.
 */
#include "config.h"

#include "common.h"

/* Bytes 2..k of a sequence are 0x80..0xBF. */
static int continuations(const unsigned char *p, size_t k)
{
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4;
	else
		return 0;
	if (n < k || !continuations(p, k))
		return 0;
	/* The second byte's narrower ranges: overlong E0 and F0 forms,
	 * surrogates (ED A0..BF), and F4 90.. past U+10FFFF. */
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
	    (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
		return 0;
	return k;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}
