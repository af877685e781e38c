/* SPDX-License-Identifier: MIT */
/*
 * deflate_int.h - what the deflate files share: the constants and
 * tables of RFC 1951, the work area with its Huffman trees and the state
 * of the bound, the few hot helpers more than one file runs per symbol or
 * per gap (static inline, so splitting the files costs no calls), and the
 * hidden functions one file calls in another.  Nothing here is exported.
 *
 *   deflate.c        agt_deflate_small, the work area, the block choice
 *   deflate_tables.c the lookup tables, as constant data
 *   deflate_match.c  LZ77 as zlib's deflate_slow and longest_match
 *   deflate_trees.c  zlib's trees.c: Huffman codes, code-length coding,
 *                    block output
 *   deflate_bound.c  the lower bound that proves the fixed block
 *                    (doc/deflate-bound.md)
 */
#ifndef AGT_DEFLATE_INT_H
#define AGT_DEFLATE_INT_H

#include "bits.h"
#include "internal.h"

enum {
	LITERALS = 256,
	END_BLOCK = 256,
	L_CODES = LITERALS + 1 + 29,    /* 286 literal/length symbols */
	D_CODES = 30,
	BL_CODES = 19,
	HEAP_SIZE = 2 * L_CODES + 1,
	MAX_BITS = 15,
	MAX_BL_BITS = 7,
	MIN_MATCH = 3,
	MAX_MATCH = 258,
	HASH_BITS = 15,
	/* zlib level 6 */
	GOOD_LENGTH = 8,
	MAX_LAZY = 16,
	NICE_LENGTH = 128,
	MAX_CHAIN = 128,
	/* code-length codes for runs (RFC 1951 3.2.7) */
	REP_3_6 = 16,
	REPZ_3_10 = 17,
	REPZ_11_138 = 18,
};

/* RFC 1951 3.2.5: lengths and distances (zlib's base_length, extra_lbits,
 * base_dist, extra_dbits). */
static const uint16_t length_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const uint8_t length_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const uint16_t dist_base[D_CODES] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
	16385, 24577
};
static const uint8_t dist_extra[D_CODES] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};
/* Extra bits of the code-length codes (zlib's extra_blbits). */
static const uint8_t bl_extra[BL_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7
};
/* The order code-length code lengths are sent in (RFC 1951 3.2.7). */
static const uint8_t bl_order[BL_CODES] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

/* The lookup tables zlib's tr_static_init builds, as constant data
 * (deflate_tables.c, which says where each comes from). */
/* Match length - 3 to length code (0..28). */
AGT_HIDDEN extern const uint8_t agt_tab_length_code[256];
/* zlib's split table: distance - 1 below 256, else 256 + ((distance - 1)
 * >> 7), to distance code; read through dist_code_of. */
AGT_HIDDEN extern const uint8_t agt_tab_dist_code[512];
/* Per symbol: extra bits, length under the fixed code, and the two
 * summed: its cost under the fixed code. */
AGT_HIDDEN extern const uint8_t agt_tab_lxbits[L_CODES];
AGT_HIDDEN extern const uint8_t agt_tab_lfixed[L_CODES];
AGT_HIDDEN extern const uint8_t agt_tab_lcost[L_CODES];
AGT_HIDDEN extern const uint8_t agt_tab_dxbits[D_CODES];
/* Each byte's bits reversed. */
AGT_HIDDEN extern const uint8_t agt_tab_rev8[256];
/* The fixed code (RFC 1951 3.2.6) ready to send, each code | length << 16. */
AGT_HIDDEN extern const uint32_t agt_tab_fixed_lpack[L_CODES + 2];
AGT_HIDDEN extern const uint32_t agt_tab_fixed_dpack[D_CODES];
/* The code-length symbols of a run of g zeros, g < L_CODES, packed for
 * summing: symbol 0 in bits 0..15, 17 in 16..31, 18 above. */
AGT_HIDDEN extern const uint64_t agt_tab_gap_codes[L_CODES];

/* One Huffman tree under construction: leaves first, then inner nodes. */
struct tree {
	/* Leaves; inner nodes keep theirs in the heap, and their entries
	 * here stay 0, so gen_bitlen can add every node's cost unbranched. */
	unsigned freq[HEAP_SIZE];
	uint16_t len[HEAP_SIZE];
	uint16_t dad[HEAP_SIZE];
	/* A dynamic block's codes ready to send: code | length << 16, as
	 * agt_tab_fixed_lpack packs the fixed code (gen_codes). */
	uint32_t pack[L_CODES];
	int max_code;   /* largest symbol with a nonzero frequency */
	int nleaves;    /* leaf[0..nleaves): symbols with a code, ascending */
	uint16_t leaf[L_CODES];
};

/* What building a tree needs to know about its alphabet (zlib's
 * static_tree_desc). */
struct tree_kind {
	int elems;
	int max_length;
	int fixed;               /* 1 literal/length, 2 distance: also sum
				  * the cost under that fixed code */
};

/* zlib's static_l_desc, static_d_desc and static_bl_desc. */
static const struct tree_kind l_kind = { L_CODES, MAX_BITS, 1 };
static const struct tree_kind d_kind = { D_CODES, MAX_BITS, 2 };
static const struct tree_kind bl_kind = { BL_CODES, MAX_BL_BITS, 0 };

/* The output bit stream, least significant bit first, written into the
 * work area's stage: a block for these inputs is never longer than a
 * stored one, so the stage always has room, and put_bits needs no checks. */
struct bitout {
	uint8_t *out;
	size_t used;
	uint64_t bits;
	unsigned nbits;   /* below 8 between calls */
};

/* The bound's limits: beyond them the heap decides. */
enum {
	KEYS_MAX = 160,         /* more keys or joins: let the heap decide */
	JOINS_MAX = 160,
	SMALL_FREQ = 64,        /* classes below this are found by table */
};

/* The nodes of one key (doc/deflate-bound.md, steps 3 to 5).  Leaves of
 * one frequency are a "class". */
struct key_nodes {
	unsigned freq, height;
	unsigned order;         /* freq << 9 | height: how the heap orders */
	unsigned count;         /* nodes not yet joined */
	unsigned producers;     /* joins that made nodes of this key */
	unsigned depths;        /* bit d: some place of this key at depth d */
	uint16_t at[MAX_BITS + 1];   /* places at each depth */
	uint16_t batch;         /* nodes made by joins that made several */
	uint16_t batches;       /* such joins */
	uint16_t met;           /* joins making one node met going down */
	uint16_t chosen;        /* shallow is chosen for this pass */
	uint16_t shallow;       /* bit i: the i-th of those met gets the
				 * upper depth */
};

/* q joins of a node of key a with one of key b, making q nodes of key out. */
struct key_join {
	uint16_t a, b, out, q;
};

struct bound_work {
	/* Classes first, by frequency, then inner keys as they are made. */
	struct key_nodes key[KEYS_MAX];
	struct key_join join[JOINS_MAX];
	uint16_t inner[KEYS_MAX];   /* inner keys with nodes, ascending */
	/* The class of a frequency, + 1, set for the frequencies of this
	 * block; the leaves of each frequency, counted in four banks and
	 * left zero (a work area starts zeroed). */
	uint16_t small_class[SMALL_FREQ];
	uint16_t small_count[4][SMALL_FREQ];
	uint16_t big_freq[L_CODES];   /* frequencies >= SMALL_FREQ, sorted */
	/* Per leaf of a segment of four or more: its class's depths, a bit
	 * each.  Per class: its symbols in risky segments that a run of
	 * four could reach. */
	uint16_t leaf_depths[L_CODES];
	uint16_t inside[KEYS_MAX];
	/* Where each segment of consecutive symbols starts, then the end;
	 * the segments of four symbols or more, as pairs of leaf indices
	 * (first, end), and the class of each leaf in them. */
	uint16_t seg_start[L_CODES + 2];
	uint16_t long_seg[L_CODES + 1];
	uint16_t leaf_class[L_CODES];
	/* The gaps' code-length symbols, packed as agt_tab_gap_codes. */
	uint64_t gaps;
	unsigned base_blf[BL_CODES];   /* code-length symbols of the gaps and
					* of the distance tree */
	int nclass, nkeys, njoins, nseg, nlong;
	/* The literal/length symbols' extra bits and fixed-code cost. */
	long long extra, fixed;
};

struct agt_deflate_work {
	/* head[h]: the latest position with hash h; prev[p]: the one before
	 * p in p's chain; both hold base + position.  A value at or below
	 * base means none: position 0 (never a candidate, as in zlib) or a
	 * position of an earlier call, whose base was lower by at least its
	 * input's length.  So head need not be cleared after each call, only
	 * when base would no longer fit 16 bits. */
	uint16_t head[1U << HASH_BITS];
	uint16_t prev[AGT_DEFLATE_SMALL_MAX];
	unsigned base;
	/* The block's symbols, dist << 8 | lc: dist 0 for a literal lc,
	 * else a match of length lc + 3 at distance dist.  (One 32-bit
	 * store, not byte stores, which the compiler must assume alias
	 * every other field.) */
	uint32_t sym[AGT_DEFLATE_SMALL_MAX + 1];   /* + compress_block's end mark */
	size_t nsym;
	uint64_t lit_used[(L_CODES + 63) / 64];   /* ltree symbols seen */

	struct tree ltree, dtree, bltree;
	struct bound_work bound;
	/* zlib's heap.  An entry packs its sort key (frequency, then subtree
	 * depth) above the node number, so zlib's comparison is one integer
	 * compare; order[heap_max..] lists nodes as they leave the heap. */
	uint32_t heap[HEAP_SIZE];
	int heap_len, heap_max;
	uint16_t order[HEAP_SIZE];
	unsigned bl_count[MAX_BITS + 1];
	long long opt_len, static_len;   /* in bits */

	struct bitout bo;   /* the output, into stage */
	/* A stored block of the largest input, plus room for put_bits'
	 * eight-byte stores past the end of the stream. */
	uint8_t stage[AGT_DEFLATE_SMALL_MAX + 64];
};

/* The block types zlib chooses between. */
enum block { STORED, FIXED, DYNAMIC };

/* ---- hot helpers shared by more than one file ---- */

/* A distance's code, as zlib's d_code() (deflate_match.c counts it,
 * deflate_trees.c sends it). */
static inline unsigned dist_code_of(unsigned dist)
{
	unsigned d = dist - 1;

	return agt_tab_dist_code[d < 256 ? d : 256 + (d >> 7)];
}

/* Counts the code-length symbols of a run of g zero lengths into blf, as
 * zlib's scan_tree counts them: pieces of 138 (code 18), then the rest as
 * code 18, 17 or single zeros (doc/deflate-bound.md, step 8).  Gap
 * lengths follow no pattern, so no branches.  (deflate_trees.c, and
 * deflate_bound.c per gap.) */
static inline void scan_zero_run(unsigned *blf, unsigned g)
{
	unsigned rest = g % 138;

	blf[REPZ_11_138] += g / 138 + (rest >= 11);
	blf[REPZ_3_10] += rest - 3 < 8;
	blf[0] += rest & -(unsigned)(rest < 3);   /* (a select, not a jump) */
}

/* The end of the segment of consecutive symbols that starts at leaf i
 * (deflate_trees.c, and deflate_bound.c per segment). */
static inline int segment_end(const struct tree *t, int i)
{
	while (i + 1 < t->nleaves && t->leaf[i + 1] == t->leaf[i] + 1)
		i++;
	return i + 1;
}

/* The leaf list of a small alphabet, from its frequencies (deflate.c
 * for the distance tree, deflate_trees.c for the code-length tree). */
static inline void list_leaves(struct tree *t, int elems)
{
	int n;

	t->nleaves = 0;
	for (n = 0; n < elems; n++)
		if (t->freq[n] != 0)
			t->leaf[t->nleaves++] = (uint16_t)n;
}

/* ---- deflate_match.c ---- */

/* zlib's deflate_slow over in[0..n): fills w->sym, w->nsym and the
 * literal/length and distance frequencies (zeroed by the caller). */
AGT_HIDDEN void agt_deflate_slow(struct agt_deflate_work *w,
    const uint8_t *in, size_t n);

/* ---- deflate_trees.c ---- */

/* zlib's build_tree: tree t from t->freq and its leaf list, adding its
 * cost to w->opt_len (and, for kind->fixed, w->static_len). */
AGT_HIDDEN void agt_build_tree(struct agt_deflate_work *w, struct tree *t,
    const struct tree_kind *kind);
/* zlib's build_bl_tree, after the literal/length and distance trees;
 * returns the index in bl_order of the last code-length length to send. */
AGT_HIDDEN int agt_build_bl_tree(struct agt_deflate_work *w);
/* zlib's scan_tree: counts t's code-length symbols into bltree.freq. */
AGT_HIDDEN void agt_scan_tree(struct agt_deflate_work *w,
    const struct tree *t);
/* Counts (send 0) or sends (send 1) the code-length symbols of leaves
 * [i, end) of t, one segment of consecutive symbols. */
AGT_HIDDEN void agt_walk_segment(struct agt_deflate_work *w,
    const struct tree *t, int i, int end, int send);
/* Writes in[0..n) as the last block, of the given type: the output half
 * of zlib's _tr_flush_block. */
AGT_HIDDEN void agt_write_block(struct agt_deflate_work *w,
    const uint8_t *in, size_t n, enum block kind, int last_bl);

/* ---- deflate_bound.c ---- */

/* A lower bound on opt_len, the dynamic block's size in bits, for a block
 * of n input bytes, after the distance tree is built; also adds the
 * literal/length symbols' fixed-code cost to static_len.  -1 when the
 * heap must decide, also as soon as the bound is known to decide
 * nothing. */
AGT_HIDDEN long long agt_dynamic_bound(struct agt_deflate_work *w,
    struct bound_work *b, size_t n);

#endif
