/* SPDX-License-Identifier: MIT */
/*
 * b64.c - standard base64 (RFC 4648 section 4, with padding).  The encoder
 * is what Python's base64.b64encode produces.  The decoder is strict, since
 * the signature depends on the exact bytes: it rejects characters outside
 * the alphabet, missing or misplaced padding, trailing garbage and
 * non-canonical final bits, so every token has exactly one text form.
 */
#include "config.h"

#include <string.h>

#include "internal.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Eight bytes as a big-endian number (byte by byte, which compilers
 * turn into one load and a byte swap). */
static inline uint64_t load64be(const uint8_t *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	    (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | p[7];
}

size_t agt_b64_enclen(size_t n)
{
	size_t groups = n / 3 + (n % 3 != 0);

	if (groups > SIZE_MAX / 4)
		return 0;
	return groups * 4;
}

void agt_b64_encode(const void *src, size_t n, char *out)
{
	const uint8_t *s = src;
	size_t i = 0;
	uint32_t v;

	/* Six bytes make eight characters: one load of a big-endian word
	 * holds two groups. */
	for (; n - i >= 8; i += 6) {
		uint64_t x = load64be(s + i) >> 16;

		out[0] = b64_alphabet[x >> 42];
		out[1] = b64_alphabet[(x >> 36) & 63U];
		out[2] = b64_alphabet[(x >> 30) & 63U];
		out[3] = b64_alphabet[(x >> 24) & 63U];
		out[4] = b64_alphabet[(x >> 18) & 63U];
		out[5] = b64_alphabet[(x >> 12) & 63U];
		out[6] = b64_alphabet[(x >> 6) & 63U];
		out[7] = b64_alphabet[x & 63U];
		out += 8;
	}
	for (; n - i >= 3; i += 3) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		*out++ = b64_alphabet[v >> 18];
		*out++ = b64_alphabet[(v >> 12) & 63U];
		*out++ = b64_alphabet[(v >> 6) & 63U];
		*out++ = b64_alphabet[v & 63U];
	}
	if (n - i == 1) {
		v = (uint32_t)s[i] << 16;
		*out++ = b64_alphabet[v >> 18];
		*out++ = b64_alphabet[(v >> 12) & 63U];
		*out++ = '=';
		*out++ = '=';
	} else if (n - i == 2) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
		*out++ = b64_alphabet[v >> 18];
		*out++ = b64_alphabet[(v >> 12) & 63U];
		*out++ = b64_alphabet[(v >> 6) & 63U];
		*out++ = '=';
	}
}

size_t agt_b64_declen_max(size_t n)
{
	return n / 4 * 3;
}

/* Value of one alphabet character, or -1. */
static int b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

enum agt_err agt_b64_decode(const char *src, size_t n, uint8_t *out,
    size_t cap, size_t *outlen)
{
	size_t i, o = 0, pad = 0;
	uint32_t acc;
	int j, v;

	*outlen = 0;
	if (n % 4 != 0)
		return AGT_EBASE64;
	if (cap < agt_b64_declen_max(n))
		return AGT_ERANGE;
	if (n > 0 && src[n - 1] == '=')
		pad = (n > 1 && src[n - 2] == '=') ? 2 : 1;
	for (i = 0; i < n; i += 4) {
		int last = i + 4 == n;
		int data = last ? 4 - (int)pad : 4;

		acc = 0;
		for (j = 0; j < 4; j++) {
			if (j < data) {
				v = b64_val((unsigned char)src[i + (size_t)j]);
				if (v < 0)
					return AGT_EBASE64; /* bad char or '=' inside */
				acc = acc << 6 | (uint32_t)v;
			} else {
				acc <<= 6; /* the padding already checked to be '=' */
			}
		}
		if (data == 2 && (acc & 0xffffU) != 0)
			return AGT_EBASE64; /* non-canonical bits, e.g. "QR==" */
		if (data == 3 && (acc & 0xffU) != 0)
			return AGT_EBASE64;
		out[o++] = (uint8_t)(acc >> 16);
		if (data >= 3)
			out[o++] = (uint8_t)((acc >> 8) & 0xffU);
		if (data == 4)
			out[o++] = (uint8_t)(acc & 0xffU);
	}
	*outlen = o;
	return AGT_OK;
}
