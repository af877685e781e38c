/* SPDX-License-Identifier: MIT */
/*
 * deflate-tables-t - the deflate encoder's lookup tables (the constant
 * data of src/lib/deflate_tables.c) hold, entry for entry, what RFC 1951
 * defines: the length and distance codes of 3.2.5 (each value to the
 * code whose range holds it; length 258 has code 285 of its own), their
 * extra bits, and the fixed Huffman code of 3.2.6, built here by the
 * canonical construction of 3.2.2 from its code lengths and reversed for
 * sending, least significant bit first; and the gap table follows
 * zlib's scan_tree rule for runs of zeros.  It includes deflate_tables.c
 * itself, so it runs whether or not configure left the encoder in the
 * library.
 */
#include "config.h"

#include "deflate_tables.c"

#include "tap/tap.h"

/* RFC 1951 3.2.5: the first length and distance of each code, and its
 * extra bits. */
static const unsigned len_first[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const unsigned len_xbits[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const unsigned dist_first[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
	16385, 24577
};
static const unsigned dist_xbits[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};

/* The length code (0 for symbol 257) whose range holds length len. */
static unsigned length_code(unsigned len)
{
	unsigned c;

	if (len == 258)
		return 28;
	for (c = 0; c < 28; c++)
		if (len >= len_first[c] && len < len_first[c] + (1U << len_xbits[c]))
			return c;
	return 99;
}

static unsigned dist_code(unsigned d)
{
	unsigned c;

	for (c = 0; c < 30; c++)
		if (d >= dist_first[c] && d < dist_first[c] + (1U << dist_xbits[c]))
			return c;
	return 99;
}

static unsigned reversed(unsigned code, unsigned len)
{
	unsigned r = 0, i;

	for (i = 0; i < len; i++)
		r |= ((code >> i) & 1U) << (len - 1 - i);
	return r;
}

/* RFC 1951 3.2.2: codes from lengths, n symbols. */
static void canonical(const unsigned *len, unsigned *code, int n)
{
	unsigned count[16] = { 0 }, next[16], c = 0;
	int i, b;

	for (i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (b = 1; b < 16; b++) {
		c = (c + count[b - 1]) << 1;
		next[b] = c;
	}
	for (i = 0; i < n; i++)
		if (len[i] != 0)
			code[i] = next[len[i]]++;
}

int main(void)
{
	unsigned flen[L_CODES + 2], fcode[L_CODES + 2];
	unsigned dlen[D_CODES], dcode[D_CODES];
	int bad, n;

	plan_lazy();

	for (bad = 0, n = 0; n < 256; n++)
		bad += agt_tab_length_code[n] != length_code((unsigned)n + 3);
	is_int(0, bad, "length code of every match length 3..258");

	for (bad = 0, n = 0; n < L_CODES; n++)
		bad += agt_tab_lxbits[n] !=
		    (n > 256 ? len_xbits[n - 257] : 0);
	is_int(0, bad, "extra bits of every literal/length symbol");
	for (bad = 0, n = 0; n < D_CODES; n++)
		bad += agt_tab_dxbits[n] != dist_xbits[n];
	is_int(0, bad, "extra bits of every distance code");

	/* zlib's split table: distances 1..256 directly, then one entry per
	 * 128 distances, at distance - 1 >> 7. */
	for (bad = 0, n = 0; n < 512; n++) {
		unsigned d = n < 256 ? (unsigned)n + 1 :
		    ((unsigned)(n - 256) << 7) + 1;

		bad += agt_tab_dist_code[n] != dist_code(d);
	}
	is_int(0, bad, "distance code of every entry of the split table");
	for (bad = 0, n = 1; n <= 32768; n++)
		bad += dist_code_of((unsigned)n) != dist_code((unsigned)n);
	is_int(0, bad, "dist_code_of gives the code of every distance 1..32768");

	for (bad = 0, n = 0; n < 256; n++)
		bad += agt_tab_rev8[n] != reversed((unsigned)n, 8);
	is_int(0, bad, "every byte reversed");

	/* 3.2.6: 0-143 take 8 bits, 144-255 9, 256-279 7, 280-287 8. */
	for (n = 0; n < L_CODES + 2; n++)
		flen[n] = n < 144 ? 8 : n < 256 ? 9 : n < 280 ? 7 : 8;
	canonical(flen, fcode, L_CODES + 2);
	for (bad = 0, n = 0; n < L_CODES + 2; n++)
		bad += agt_tab_fixed_lpack[n] >> 16 != flen[n] ||
		    (agt_tab_fixed_lpack[n] & 0xffffU) !=
		    reversed(fcode[n], flen[n]) ||
		    (n < L_CODES && agt_tab_lfixed[n] != flen[n]);
	is_int(0, bad, "the fixed literal/length code, lengths and reversed codes");
	for (bad = 0, n = 0; n < L_CODES; n++)
		bad += agt_tab_lcost[n] != flen[n] +
		    (n > 256 ? len_xbits[n - 257] : 0U);
	is_int(0, bad, "every literal/length symbol's fixed cost, extra bits included");
	ok(fcode[0] == 0x30 && fcode[144] == 0x190 && fcode[256] == 0 &&
	    fcode[280] == 0xc0, "the canonical construction gives 3.2.6's "
	    "first codes");

	for (n = 0; n < D_CODES; n++)
		dlen[n] = 5;
	canonical(dlen, dcode, D_CODES);
	for (bad = 0, n = 0; n < D_CODES; n++)
		bad += agt_tab_fixed_dpack[n] >> 16 != 5 ||
		    (agt_tab_fixed_dpack[n] & 0xffffU) != reversed(dcode[n], 5);
	is_int(0, bad, "the fixed distance code");

	/* A gap of g zeros in a code-length sequence (zlib's scan_tree):
	 * as many 18s (11..138 zeros) as it takes, then a 17 for a rest of
	 * 3..10, or the rest (0..2) as single zeros. */
	for (bad = 0, n = 0; n < L_CODES; n++) {
		unsigned g = (unsigned)n, n18 = 0, n17 = 0, n0;

		while (g >= 11) {
			unsigned take = g < 138 ? g : 138;

			n18++;
			g -= take;
		}
		n17 = g >= 3;
		n0 = g >= 3 ? 0 : g;
		bad += agt_tab_gap_codes[n] != (n0 |
		    (uint64_t)n17 << 16 | (uint64_t)n18 << 32);
	}
	is_int(0, bad, "the code-length symbols of every gap of 0..285 zeros");

	return 0;
}
