/* SPDX-License-Identifier: MIT */
/*
 * hex.c - hexadecimal for the programs: percent-decoding and the vector
 * reader's \u escapes read digits, the configuration decodes API-key
 * digests, and JSON output writes bytes that are not text in hex.  (App
 * ids and certificates are the library's rule: agt_app_id_valid.)
 */
#include "config.h"

#include "common.h"

static const char hex_lower[] = "0123456789abcdef";

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;   /* 'A'..'F' become 'a'..'f'; no other byte does */
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void hex_encode(char *out, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex_lower[b[i] >> 4];
		out[2 * i + 1] = hex_lower[b[i] & 15U];
	}
}

int hex_decode(unsigned char *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit((unsigned char)s[2 * i]);
		int lo = hex_digit((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
