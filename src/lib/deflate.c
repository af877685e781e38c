/* SPDX-License-Identifier: MIT */
/*
 * deflate.c - a raw deflate encoder for short inputs whose output is
 * bit-for-bit what zlib's deflate() writes at level 6 (Python's
 * zlib.compress default: lazy matching with good 8, lazy 16, nice 128,
 * chain 128, a 15-bit hash, one block).  A 007 token's content is about
 * 150 bytes; zlib spends most of its time on that resetting and walking
 * state sized for 32 KiB windows and 16 K-symbol blocks.  This encoder
 * makes the same decisions on state sized for the input and touches only
 * what it used.
 *
 * This file holds the entry point, agt_deflate_small, the work area and
 * the choice of block: it runs LZ77 (deflate_match.c), builds the
 * distance code, then decides between the stored, fixed and dynamic
 * block as zlib's _tr_flush_block does.  zlib builds the dynamic Huffman
 * code only to find that the fixed code is smaller, for nearly every
 * token; a lower bound on the dynamic block (deflate_bound.c, argued in
 * doc/deflate-bound.md) usually shows that without the heap, and zlib's
 * heap (deflate_trees.c) decides the rest.  deflate_trees.c then writes
 * the block.  The tables zlib's tr_static_init makes (_length_code,
 * _dist_code, the fixed code) are constant data in deflate_tables.c.
 *
 * Inputs up to AGT_DEFLATE_SMALL_MAX bytes stay far from every zlib limit
 * that could split a block or drop a match (window, TOO_FAR, symbol
 * buffer), so one block covers them exactly as in zlib.  tests/unit/
 * deflate-t compares this encoder with zlib on a large set of inputs, and
 * deflate-bound-t checks the bound against zlib's heap input by input.
 *
 * The algorithms are zlib's (Jean-loup Gailly and Mark Adler; deflate.c
 * and trees.c), re-expressed here because bit-identical output requires
 * their exact decisions; functions that correspond to zlib's carry its
 * names, so the two can be read side by side.  RFC 1951 defines the
 * format.
 */
#include "config.h"

#include <string.h>

#include "deflate_int.h"

size_t agt_deflate_work_size(void)
{
	return sizeof(struct agt_deflate_work);
}

/* ---- choosing the block: zlib's _tr_flush_block ---- */

/* The literal/length leaf list, from the bitmap of symbols seen. */
static void list_lit_leaves(struct agt_deflate_work *w)
{
	struct tree *t = &w->ltree;
	size_t i;

	t->nleaves = 0;
	for (i = 0; i < sizeof w->lit_used / sizeof w->lit_used[0]; i++) {
		uint64_t bits = w->lit_used[i];

		while (bits != 0) {
			t->leaf[t->nleaves++] =
			    (uint16_t)(i * 64 + agt_ctz64(bits));
			bits &= bits - 1;
		}
	}
}

/* The block's symbols and their counts, and the distance tree: where
 * both the bound and zlib's heap start from.  (zlib's _tr_flush_block
 * builds the literal/length tree first; each tree is built on its own,
 * so the order changes nothing.) */
static void collect_symbols(struct agt_deflate_work *w, const uint8_t *in,
    size_t n)
{
	memset(w->ltree.freq, 0, L_CODES * sizeof w->ltree.freq[0]);
	memset(w->dtree.freq, 0, D_CODES * sizeof w->dtree.freq[0]);
	memset(w->bltree.freq, 0, BL_CODES * sizeof w->bltree.freq[0]);
	memset(w->lit_used, 0, sizeof w->lit_used);
	w->nsym = 0;
	w->opt_len = w->static_len = 0;
	w->bo = (struct bitout){ w->stage, 0, 0, 0 };

	agt_deflate_slow(w, in, n);
	/* The next call's positions are stored above every one stored now;
	 * past 16 bits, start again from a cleared head. */
	w->base += (unsigned)n;
	if (w->base > 0xffffU - AGT_DEFLATE_SMALL_MAX) {
		memset(w->head, 0, sizeof w->head);
		w->base = 0;
	}
	w->ltree.freq[END_BLOCK] = 1;
	w->lit_used[END_BLOCK >> 6] |= 1ULL << (END_BLOCK & 63);
	list_lit_leaves(w);
	list_leaves(&w->dtree, D_CODES);
	agt_build_tree(w, &w->dtree, &d_kind);
}

/* The comparison in zlib's _tr_flush_block, for a block of n input
 * bytes: ties go to stored, then fixed (doc/deflate-bound.md, step 1). */
static enum block zlib_choice(const struct agt_deflate_work *w, size_t n)
{
	long long opt_bytes = (w->opt_len + 3 + 7) >> 3;
	long long static_bytes = (w->static_len + 3 + 7) >> 3;

	if (static_bytes <= opt_bytes)
		opt_bytes = static_bytes;
	if ((long long)n + 4 <= opt_bytes)
		return STORED;
	return static_bytes == opt_bytes ? FIXED : DYNAMIC;
}

/* The literal/length and code-length trees as zlib's heap builds them,
 * after collect_symbols; returns the index in bl_order of the last
 * code-length code length to send.  zlib builds the dynamic code even
 * when it then sends another block, and this is what it decides by. */
static int heap_trees(struct agt_deflate_work *w)
{
	agt_build_tree(w, &w->ltree, &l_kind);
	return agt_build_bl_tree(w);
}

/* zlib's choice of block, from the bound when that suffices
 * (doc/deflate-bound.md, steps 1 and 12), else from zlib's heap (then
 * *last_bl is set for a dynamic block; step 13). */
static enum block choose_block(struct agt_deflate_work *w, size_t n,
    int *last_bl)
{
	long long opt_len = w->opt_len, static_len = w->static_len;
	long long lower = agt_dynamic_bound(w, &w->bound, n);
	long long lower_bytes = (lower + 3 + 7) >> 3;
	long long static_bytes = (w->static_len + 3 + 7) >> 3;

	if (lower >= 0 && lower_bytes >= static_bytes)
		return (long long)n + 4 <= static_bytes ? STORED : FIXED;
	if (lower >= 0 && (long long)n + 4 <= lower_bytes)
		return STORED;   /* below both the fixed and dynamic block */
	w->opt_len = opt_len;
	w->static_len = static_len;
	memset(w->bltree.freq, 0, BL_CODES * sizeof w->bltree.freq[0]);
	*last_bl = heap_trees(w);
	return zlib_choice(w, n);
}

size_t agt_deflate_small(struct agt_deflate_work *w, const void *src,
    size_t n, uint8_t *out, size_t cap)
{
	const uint8_t *in = src;
	enum block kind;
	int last_bl = 0;

	if (n > AGT_DEFLATE_SMALL_MAX)
		return 0;
	collect_symbols(w, in, n);
	kind = choose_block(w, n, &last_bl);
	agt_write_block(w, in, n, kind, last_bl);
	if (w->bo.used > cap)
		return 0;
	memcpy(out, w->stage, w->bo.used);
	return w->bo.used;
}
