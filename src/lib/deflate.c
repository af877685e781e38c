/* SPDX-License-Identifier: MIT */
/*
 * deflate.c - a raw deflate encoder for short inputs whose output is
 * bit-for-bit what zlib's deflate() writes at level 6 (Python's
 * zlib.compress default: lazy matching with good 8, lazy 16, nice 128,
 * chain 128, a 15-bit hash, one block).  A 007 token's content is about
 * 150 bytes; zlib spends most of its time on that resetting and walking
 * state sized for 32 KiB windows and 16 K-symbol blocks.  This encoder does
 * the same decisions on state sized for the input and touches only what it
 * used.  zlib then builds the dynamic Huffman code only to find that the
 * fixed code is smaller, for nearly every token; a lower bound on the
 * dynamic block that holds for every tie order of zlib's heap usually
 * shows that without the heap (see "Proving the fixed block"), and
 * zlib's heap decides the rest.
 *
 * Every choice that shapes the output follows zlib: which matches the hash
 * chains find (position 0 is never a candidate, as zlib uses 0 for "no
 * entry"), the lazy evaluation, how Huffman trees are built (heap order,
 * depth tie-break, length-limit repair), how code lengths are run-length
 * coded, and how the block type is chosen (stored, fixed or dynamic).
 * Inputs up to AGT_DEFLATE_SMALL_MAX bytes stay far from every zlib limit
 * that could split a block or drop a match (window, TOO_FAR, symbol
 * buffer), so one block covers them exactly as in zlib.  tests/unit/
 * deflate-t compares this encoder with zlib on a large set of inputs, and
 * deflate-bound-t checks the bound against zlib's heap input by input.
 *
 * The algorithms are zlib's (Jean-loup Gailly and Mark Adler; deflate.c
 * and trees.c), re-expressed here because bit-identical output requires
 * their exact decisions; the names of the tree steps follow zlib's so the
 * two can be read side by side.  RFC 1951 defines the format.
 */
#include "config.h"

#include <string.h>

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
	REP_3_6 = 16,
	REPZ_3_10 = 17,
	REPZ_11_138 = 18,
};

/* RFC 1951 3.2.5: lengths and distances. */
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
static const uint8_t bl_extra[BL_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7
};
/* The order code-length code lengths are sent in (RFC 1951 3.2.7). */
static const uint8_t bl_order[BL_CODES] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

/* One Huffman tree under construction: leaves first, then inner nodes. */
struct tree {
	/* Leaves; inner nodes keep theirs in the heap, and their entries
	 * here stay 0, so gen_bitlen can add every node's cost unbranched. */
	unsigned freq[HEAP_SIZE];
	uint16_t len[HEAP_SIZE];
	uint16_t dad[HEAP_SIZE];
	uint16_t code[L_CODES];
	int max_code;   /* largest symbol with a nonzero frequency */
	int nleaves;    /* leaf[0..nleaves): symbols with a code, ascending */
	uint16_t leaf[L_CODES];
};

/* What building a tree needs to know about its alphabet. */
struct tree_kind {
	int elems;
	int max_length;
	int fixed;               /* 1 literal/length, 2 distance: also sum
				  * the cost under that fixed code */
};

/* The output bit stream, least significant bit first, written into the
 * work area's stage: a block for these inputs is never longer than a
 * stored one, so the stage always has room, and put_bits needs no checks. */
struct bitout {
	uint8_t *out;
	size_t used;
	uint64_t bits;
	unsigned nbits;   /* below 32 between calls */
};

/* The state of the bound that proves the fixed block ("Proving the fixed
 * block without zlib's heap", below). */
enum {
	KEYS_MAX = 160,         /* more keys or joins: let the heap decide */
	JOINS_MAX = 160,
	SMALL_FREQ = 64,        /* classes below this are found by table */
	CHOICES_MAX = 8,        /* tie choices followed, and passes made */
	CHOICE_NODES = 4,       /* at most this many nodes in one choice */
};

/* The nodes of one key.  Leaves of one frequency are a "class". */
struct key_nodes {
	unsigned freq, height;
	unsigned order;         /* freq << 9 | height: how the heap orders */
	unsigned count;         /* nodes not yet joined */
	unsigned producers;     /* joins that made nodes of this key */
	unsigned depths;        /* bit d: some place of this key at depth d */
	uint16_t at[MAX_BITS + 1];   /* places at each depth */
	uint16_t one_each;      /* every join making its nodes made one */
	uint16_t met;           /* its producers met going down so far */
	uint16_t shallow;       /* bit i: the i-th met gets the upper depth */
};

/* q joins of a node of key a with one of key b, making q nodes of key out. */
struct key_join {
	uint16_t a, b, out, q;
};

struct bound_work {
	/* Classes first, by frequency; key[KEYS_MAX] is a sentinel above
	 * every key, ending the lists below. */
	struct key_nodes key[KEYS_MAX + 1];
	struct key_join join[JOINS_MAX];
	uint16_t inner[KEYS_MAX + 1];   /* inner keys with nodes, ascending */
	uint16_t small_class[SMALL_FREQ];   /* class of a frequency, + 1 */
	uint16_t big_freq[L_CODES];   /* frequencies >= SMALL_FREQ, sorted */
	uint16_t leaf_class[L_CODES];    /* per literal/length leaf */
	uint16_t leaf_depths[L_CODES];   /* its class's depths, a bit each */
	uint16_t inside[KEYS_MAX];   /* per class: symbols in risky segments */
	int nclass, nkeys, njoins;
};

/* The heap's choices followed, one per key whose places lie at two
 * depths and whose nodes different joins made: which of them take the
 * upper places. */
struct tie_choices {
	int n;                        /* choices made in this pass */
	uint8_t pick[CHOICES_MAX];    /* which subset of its nodes, ... */
	uint8_t of[CHOICES_MAX];      /* ... of how many */
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
	uint32_t sym[AGT_DEFLATE_SMALL_MAX];
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

	/* Symbol lookups: match length - 3 to length code, and zlib's split
	 * table of distance - 1 to distance code. */
	uint8_t length_code[256];
	/* Per symbol: extra bits, and length under the fixed code. */
	uint8_t lxbits[L_CODES], lfixed[L_CODES], dxbits[D_CODES];
	uint8_t rev8[256];   /* each byte's bits reversed */
	uint8_t dist_code[512];
	/* The fixed code (RFC 1951 3.2.6), ready to send. */
	uint16_t fixed_lcode[L_CODES + 2], fixed_llen[L_CODES + 2];
	uint16_t fixed_dcode[D_CODES], fixed_dlen[D_CODES];

	struct bitout bo;   /* the output, into stage */
	/* A stored block of the largest input, plus room for put_bits'
	 * four-byte stores past the end of the stream. */
	uint8_t stage[AGT_DEFLATE_SMALL_MAX + 64];
};

static const struct tree_kind l_kind = { L_CODES, MAX_BITS, 1 };
static const struct tree_kind d_kind = { D_CODES, MAX_BITS, 2 };
static const struct tree_kind bl_kind = { BL_CODES, MAX_BL_BITS, 0 };

size_t agt_deflate_work_size(void)
{
	return sizeof(struct agt_deflate_work);
}

static unsigned static_llen(int n)
{
	return n < 144 ? 8 : n < 256 ? 9 : n < 280 ? 7 : 8;
}

/* The low len bits of code in reverse order (len <= 16). */
static unsigned reverse_bits(unsigned code, unsigned len)
{
	unsigned r = code & 0xffffU;

	r = ((r & 0x5555U) << 1) | ((r >> 1) & 0x5555U);
	r = ((r & 0x3333U) << 2) | ((r >> 2) & 0x3333U);
	r = ((r & 0x0f0fU) << 4) | ((r >> 4) & 0x0f0fU);
	r = ((r & 0x00ffU) << 8) | ((r >> 8) & 0x00ffU);
	return r >> (16 - len);
}

/* The fixed literal/length code (RFC 1951 3.2.6), bit-reversed for
 * sending; distances are the 5-bit symbol itself, reversed. */
static unsigned static_lcode(int n)
{
	if (n < 144)
		return reverse_bits(0x30U + (unsigned)n, 8);
	if (n < 256)
		return reverse_bits(0x190U + (unsigned)(n - 144), 9);
	if (n < 280)
		return reverse_bits((unsigned)(n - 256), 7);
	return reverse_bits(0xc0U + (unsigned)(n - 280), 8);
}

void agt_deflate_work_init(struct agt_deflate_work *w)
{
	int n, c;

	memset(w, 0, sizeof *w);
	for (n = 0; n < L_CODES + 2; n++) {
		w->fixed_lcode[n] = (uint16_t)static_lcode(n);
		w->fixed_llen[n] = (uint16_t)static_llen(n);
	}
	for (n = 0; n < D_CODES; n++) {
		w->fixed_dcode[n] = (uint16_t)reverse_bits((unsigned)n, 5);
		w->fixed_dlen[n] = 5;
	}
	/* The largest code whose base fits: length 258 takes code 28, not
	 * 27 with extra bits, as in zlib. */
	for (n = 0; n < 256; n++) {
		for (c = 28; length_base[c] > n + MIN_MATCH; c--)
			;
		w->length_code[n] = (uint8_t)c;
	}
	for (n = 0; n < L_CODES; n++) {
		w->lxbits[n] = n > LITERALS ? length_extra[n - LITERALS - 1] : 0;
		w->lfixed[n] = (uint8_t)static_llen(n);
	}
	memcpy(w->dxbits, dist_extra, sizeof w->dxbits);
	for (n = 0; n < 256; n++)
		w->rev8[n] = (uint8_t)reverse_bits((unsigned)n, 8);
	for (n = 0; n < 512; n++) {
		unsigned d = n < 256 ? (unsigned)n + 1 : ((unsigned)(n - 256) << 7) + 1;

		for (c = D_CODES - 1; dist_base[c] > d; c--)
			;
		w->dist_code[n] = (uint8_t)c;
	}
}

/* ---- bit output ---- */

static inline void store32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Appends n <= 32 bits.  The low word is stored every time and kept once
 * it is full: whether it is full follows the code lengths in no pattern,
 * so a branch on it would often be mispredicted. */
static inline void put_bits(struct bitout *b, unsigned value, unsigned n)
{
	unsigned full;

	b->bits |= (uint64_t)value << b->nbits;
	b->nbits += n;
	store32le(b->out + b->used, (uint32_t)b->bits);
	full = b->nbits >> 5;   /* 0 or 1 */
	b->used += (size_t)full << 2;
	b->bits >>= full << 5;
	b->nbits -= full << 5;
}

/* Pads to a byte boundary with zero bits and writes out every whole
 * byte, leaving the bit buffer empty. */
static void flush_bits(struct bitout *b)
{
	while (b->nbits > 0) {
		b->out[b->used++] = (uint8_t)b->bits;
		b->bits >>= 8;
		b->nbits = b->nbits > 8 ? b->nbits - 8 : 0;
	}
	b->bits = 0;
}

/* ---- LZ77: zlib's lazy matcher (deflate_slow) ---- */

/* The position a head or prev entry holds, 0 for none (see head). */
static inline unsigned position_of(unsigned stored, unsigned base)
{
	return stored > base ? stored - base : 0;
}

/* The position before p in p's chain, 0 when there is none. */
static inline unsigned chain_next(const struct agt_deflate_work *w,
    unsigned p)
{
	return position_of(w->prev[p], w->base);
}

/* The longest match for the string at pos among the chain from cand, as
 * zlib's longest_match() finds it: only matches longer than prev_len count,
 * the first of the longest wins, the search stops at nice length, and it
 * looks at most 128 candidates (32 once prev_len reaches good length).
 * Lengths never run past the end of the input. */
static size_t longest_match(const struct agt_deflate_work *w,
    const uint8_t *in, size_t pos, size_t lookahead, unsigned cand,
    size_t prev_len, size_t *match_pos)
{
	unsigned chain = prev_len >= GOOD_LENGTH ? MAX_CHAIN >> 2 : MAX_CHAIN;
	size_t best = prev_len;
	size_t nice = lookahead < NICE_LENGTH ? lookahead : NICE_LENGTH;
	size_t limit = lookahead < MAX_MATCH ? lookahead : MAX_MATCH;
	const uint8_t *scan = in + pos;

	do {
		const uint8_t *m = in + cand;
		size_t len;

		/* The tail byte first: a candidate that differs there
		 * cannot be longer than best. */
		if (m[best] != scan[best] || m[best - 1] != scan[best - 1] ||
		    m[0] != scan[0] || m[1] != scan[1])
			continue;
		for (len = 2; len < limit && m[len] == scan[len]; len++)
			;
		if (len > best) {
			*match_pos = cand;
			best = len;
			if (len >= nice)
				break;
		}
	} while ((cand = chain_next(w, cand)) != 0 && --chain != 0);
	return best <= lookahead ? best : lookahead;
}

static unsigned dist_code_of(const struct agt_deflate_work *w, unsigned dist)
{
	unsigned d = dist - 1;

	return w->dist_code[d < 256 ? d : 256 + (d >> 7)];
}

/* zlib's deflate_slow for the whole input at once.  Every position that
 * has three bytes is hashed once, in order, so the hash rolls as zlib's
 * does; the hot state lives in locals. */
static void lz77(struct agt_deflate_work *w, const uint8_t *in, size_t n)
{
	const unsigned mask = (1U << HASH_BITS) - 1;
	uint16_t *head = w->head, *prev = w->prev;
	const unsigned base = w->base;
	uint32_t *sym = w->sym;
	unsigned *lfreq = w->ltree.freq, *dfreq = w->dtree.freq;
	uint64_t *used = w->lit_used;
	size_t nsym = 0, pos = 0, lookahead = n;
	size_t match_len = MIN_MATCH - 1, match_pos = 0;
	unsigned h = n >= 2 ? (((unsigned)in[0] << 5) ^ in[1]) & mask : 0;
	int pending = 0;   /* the byte before pos still awaits its fate */

/* Adds position p to its chain; before = the chain's previous head, as
 * stored (see head). */
#define INSERT(p, before) do { \
		h = ((h << 5) ^ in[(p) + 2]) & mask; \
		(before) = head[h]; \
		prev[p] = (uint16_t)(before); \
		head[h] = (uint16_t)(base + (p)); \
	} while (0)
#define LITERAL(c) do { \
		unsigned c_ = (c); \
		sym[nsym++] = c_; \
		lfreq[c_]++; \
		used[c_ >> 6] |= 1ULL << (c_ & 63); \
	} while (0)

	while (lookahead > 0) {
		unsigned cand = 0;
		size_t prev_len = match_len, prev_pos = match_pos;

		if (lookahead >= MIN_MATCH) {
			INSERT(pos, cand);
			cand = position_of(cand, base);
		}
		match_len = MIN_MATCH - 1;
		if (cand != 0 && prev_len < MAX_LAZY) {
			/* With prev_len >= lookahead nothing here can beat
			 * the previous match; zlib's answer is then
			 * discarded, so skip the search. */
			if (prev_len >= lookahead)
				match_len = lookahead;
			else
				match_len = longest_match(w, in, pos, lookahead,
				    cand, prev_len, &match_pos);
		}
		if (prev_len >= MIN_MATCH && match_len <= prev_len) {
			/* The previous match is at least as good: emit it
			 * and index every position it covers. */
			size_t max_insert = pos + lookahead - MIN_MATCH;
			size_t dist = pos - 1 - prev_pos, k;
			unsigned lc = (unsigned)(prev_len - MIN_MATCH);
			unsigned ls = LITERALS + 1 + w->length_code[lc];

			sym[nsym++] = (uint32_t)dist << 8 | lc;
			lfreq[ls]++;
			used[ls >> 6] |= 1ULL << (ls & 63);
			dfreq[dist_code_of(w, (unsigned)dist)]++;
			lookahead -= prev_len - 1;
			for (k = prev_len - 2; k > 0; k--)
				if (++pos <= max_insert)
					INSERT(pos, cand);
			pending = 0;
			match_len = MIN_MATCH - 1;
			pos++;
		} else {
			if (pending)
				LITERAL(in[pos - 1]);
			pending = 1;
			pos++;
			lookahead--;
		}
	}
	if (pending)
		LITERAL(in[pos - 1]);
#undef INSERT
#undef LITERAL
	w->nsym = nsym;
}

/* ---- Huffman trees: zlib's construction ---- */

enum { NODE_BITS = 10 };   /* node numbers are below HEAP_SIZE = 573 */

/* Frequencies stay below 2^13 (at most AGT_DEFLATE_SMALL_MAX + 3 symbols
 * per block), so an entry fits 13 + 8 + 10 bits. */
static uint32_t heap_entry(unsigned freq, unsigned depth, int node)
{
	return (freq << 8 | (depth & 0xffU)) << NODE_BITS | (unsigned)node;
}

#define NODE_MASK ((1U << NODE_BITS) - 1)
#define HEAP_KEY(e) ((e) >> NODE_BITS)
#define HEAP_NODE(e) ((int)((e) & NODE_MASK))
/* zlib's pqdownheap: equal keys count as smaller, which decides how ties
 * are ordered.  heap[len + 1] must hold HEAP_SENTINEL, which is never
 * smaller, so a node with one child needs no special case. */
#define HEAP_SENTINEL 0xffffffffU

static void sift_down(uint32_t *heap, size_t len, size_t k)
{
	uint32_t v = heap[k], vkey = v & ~NODE_MASK;
	size_t j;

	/* HEAP_KEY(a) <= HEAP_KEY(b) is (a & ~NODE_MASK) <= b: the form with
	 * the fewest operations in this loop, which is most of the cost of
	 * a token. */
	while ((j = k << 1) <= len) {
		uint32_t l = heap[j], r = heap[j + 1];
		int right = (r & ~NODE_MASK) <= l;
		uint32_t c = right ? r : l;

		if (vkey <= c)
			break;
		heap[k] = c;
		k = j + (size_t)right;
	}
	heap[k] = v;
}

/* Code lengths from the tree, limited to max_length the way zlib repairs
 * an over-deep tree, adding each leaf's cost to opt_len (and static_len). */
static void gen_bitlen(struct agt_deflate_work *w, struct tree *t,
    const struct tree_kind *k)
{
	int h, n, m, bits, overflow = 0;
	long long opt_len = w->opt_len;

	memset(w->bl_count, 0, sizeof w->bl_count);
	t->len[w->order[w->heap_max]] = 0;   /* the root */
	/* Extra bits and the fixed code's cost do not depend on the tree:
	 * build_tree adds them. */
	for (h = w->heap_max + 1; h < HEAP_SIZE; h++) {
		n = w->order[h];
		bits = t->len[t->dad[n]] + 1;
		if (bits > k->max_length) {
			bits = k->max_length;
			overflow++;
		}
		t->len[n] = (uint16_t)bits;
		/* Inner nodes (numbered above every symbol) come in between
		 * the leaves in no predictable pattern: count without a
		 * branch, their frequency here being 0. */
		w->bl_count[bits] += n <= t->max_code;
		opt_len += (long long)t->freq[n] * bits;
	}
	w->opt_len = opt_len;
	if (overflow == 0)
		return;
	do {
		bits = k->max_length - 1;
		while (w->bl_count[bits] == 0)
			bits--;
		w->bl_count[bits]--;
		w->bl_count[bits + 1] += 2;
		w->bl_count[k->max_length]--;
		overflow -= 2;
	} while (overflow > 0);
	for (bits = k->max_length; bits != 0; bits--) {
		n = (int)w->bl_count[bits];
		while (n != 0) {
			m = w->order[--h];
			if (m > t->max_code)
				continue;
			if (t->len[m] != bits) {
				w->opt_len += ((long long)bits - t->len[m]) *
				    t->freq[m];
				t->len[m] = (uint16_t)bits;
			}
			n--;
		}
	}
}

/* Canonical codes from the lengths (RFC 1951 3.2.2), bit-reversed.  Only
 * a dynamic block sends them, so they are made only for one. */
static void gen_codes(const struct agt_deflate_work *w, struct tree *t)
{
	unsigned count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1];
	unsigned code = 0;
	int bits, i;

	for (i = 0; i < t->nleaves; i++)
		count[t->len[t->leaf[i]]]++;
	next[0] = 0;
	for (bits = 1; bits <= MAX_BITS; bits++) {
		code = (code + count[bits - 1]) << 1;
		next[bits] = code;
	}
	for (i = 0; i < t->nleaves; i++) {
		int n = t->leaf[i];
		unsigned len = t->len[n];
		unsigned c = next[len]++;

		t->code[n] = (uint16_t)((unsigned)(w->rev8[c & 0xffU] << 8 |
		    w->rev8[c >> 8]) >> (16 - len));
	}
}

/* The leaf list of a small alphabet, from its frequencies. */
static void list_leaves(struct tree *t, int elems)
{
	int n;

	t->nleaves = 0;
	for (n = 0; n < elems; n++)
		if (t->freq[n] != 0)
			t->leaf[t->nleaves++] = (uint16_t)n;
}

/* Builds tree t from t->freq, whose nonzero entries are the symbols in
 * t->leaf[0..nleaves), ascending; every other symbol gets length 0. */
static void build_tree(struct agt_deflate_work *w, struct tree *t,
    const struct tree_kind *k)
{
	int i, n, m, node, max_code;

	const uint8_t *xbits = k->fixed == 1 ? w->lxbits :
	    k->fixed == 2 ? w->dxbits : bl_extra;

	memset(t->len, 0, (size_t)k->elems * sizeof t->len[0]);
	w->heap_len = 0;
	w->heap_max = HEAP_SIZE;
	for (i = 0; i < t->nleaves; i++) {
		unsigned f;

		n = t->leaf[i];
		f = t->freq[n];
		w->heap[++w->heap_len] = heap_entry(f, 0, n);
		/* The costs that do not depend on the tree: extra bits,
		 * and these symbols under the fixed code. */
		w->opt_len += (long long)f * xbits[n];
		if (k->fixed)
			w->static_len += (long long)f * (xbits[n] +
			    (k->fixed == 1 ? w->lfixed[n] : 5U));
	}
	max_code = t->nleaves > 0 ? t->leaf[t->nleaves - 1] : -1;
	/* A code needs two symbols: zlib adds symbol 0, 1 or 2 with
	 * frequency 1 and takes their cost back out. */
	if (w->heap_len < 2) {
		while (w->heap_len < 2) {
			node = max_code < 2 ? ++max_code : 0;
			w->heap[++w->heap_len] = heap_entry(1, 0, node);
			t->freq[node] = 1;
			/* (zlib also adds and takes back its fixed-code
			 * cost, which we never added.) */
			w->opt_len--;
		}
		list_leaves(t, max_code + 1);   /* ascending again */
	}
	t->max_code = max_code;
	w->heap[w->heap_len + 1] = HEAP_SENTINEL;
	for (n = w->heap_len / 2; n >= 1; n--)
		sift_down(w->heap, (size_t)w->heap_len, (size_t)n);
	/* Join the two least frequent nodes until one is left, keeping the
	 * removal order in order[heap_max..] for gen_bitlen. */
	node = k->elems;
	do {
		uint32_t a = w->heap[1], b;
		unsigned da, db;

		w->heap[1] = w->heap[w->heap_len];
		w->heap[w->heap_len--] = HEAP_SENTINEL;
		sift_down(w->heap, (size_t)w->heap_len, 1);
		b = w->heap[1];
		n = HEAP_NODE(a);
		m = HEAP_NODE(b);
		w->order[--w->heap_max] = (uint16_t)n;
		w->order[--w->heap_max] = (uint16_t)m;
		da = HEAP_KEY(a) & 0xffU;
		db = HEAP_KEY(b) & 0xffU;
		t->dad[n] = t->dad[m] = (uint16_t)node;
		w->heap[1] = heap_entry((HEAP_KEY(a) >> 8) + (HEAP_KEY(b) >> 8),
		    (da >= db ? da : db) + 1, node++);
		sift_down(w->heap, (size_t)w->heap_len, 1);
	} while (w->heap_len >= 2);
	w->order[--w->heap_max] = (uint16_t)HEAP_NODE(w->heap[1]);
	gen_bitlen(w, t, k);
}

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
			    (uint16_t)(i * 64 + (unsigned)__builtin_ctzll(bits));
			bits &= bits - 1;
		}
	}
}
/* One code-length symbol: counted into the code-length tree's
 * frequencies, or sent with its extra bits. */
static inline void cl_symbol(struct agt_deflate_work *w, int send, int sym,
    unsigned extra, unsigned extra_bits)
{
	struct tree *bl = &w->bltree;

	if (!send)
		bl->freq[sym]++;
	else
		put_bits(&w->bo, bl->code[sym] | extra << bl->len[sym],
		    bl->len[sym] + extra_bits);
}

/* A run of g zero lengths, as zlib's scan_tree/send_tree code it: pieces
 * of 138 (code 18), then the rest as code 18, 17 or single zeros. */
static void zero_run(struct agt_deflate_work *w, int send, unsigned g)
{
	if (!send) {
		/* Counting: gap lengths follow no pattern, so no branches. */
		unsigned *blf = w->bltree.freq, rest = g % 138;

		blf[REPZ_11_138] += g / 138 + (rest >= 11);
		blf[REPZ_3_10] += rest >= 3 && rest <= 10;
		blf[0] += rest < 3 ? rest : 0;
		return;
	}
	for (; g >= 138; g -= 138)
		cl_symbol(w, send, REPZ_11_138, 138 - 11, 7);
	if (g >= 11)
		cl_symbol(w, send, REPZ_11_138, g - 11, 7);
	else if (g >= 3)
		cl_symbol(w, send, REPZ_3_10, g - 3, 3);
	else
		while (g-- > 0)
			cl_symbol(w, send, 0, 0, 0);
}

/* Walks the code lengths of leaves [i, end), consecutive symbols after a
 * gap or at the start, as zlib run-length codes them (RFC 1951 3.2.7:
 * code 16), either counting the code-length symbols or sending them.  The
 * runs keep zlib's state (count, and the run limits that depend on the
 * neighbours) as scan_tree does symbol by symbol; the zero lengths around
 * the segment end its runs, so segments are coded independently. */
static void walk_segment(struct agt_deflate_work *w, const struct tree *t,
    int i, int end, int send)
{
	int prevlen = 0, count = 0, max_count = 7, min_count = 4;

	for (; i < end; i++) {
		int curlen = t->len[t->leaf[i]];
		int nextlen = i + 1 < end ? t->len[t->leaf[i + 1]] : 0;

		if (++count < max_count && curlen == nextlen)
			continue;
		if (count < min_count) {
			while (count-- > 0)
				cl_symbol(w, send, curlen, 0, 0);
		} else {
			if (curlen != prevlen) {
				cl_symbol(w, send, curlen, 0, 0);
				count--;
			}
			cl_symbol(w, send, REP_3_6, (unsigned)count - 3, 2);
		}
		count = 0;
		prevlen = curlen;
		if (curlen == nextlen) {
			max_count = 6;
			min_count = 3;
		} else {
			max_count = 7;
			min_count = 4;
		}
	}
}

/* The end of the segment of consecutive symbols that starts at leaf i. */
static int segment_end(const struct tree *t, int i)
{
	while (i + 1 < t->nleaves && t->leaf[i + 1] == t->leaf[i] + 1)
		i++;
	return i + 1;
}

/* Walks a tree's code lengths as zlib run-length codes them (codes 16, 17,
 * 18): the nonzero lengths are exactly the leaves', so each gap between
 * them is one zero run and each segment of consecutive leaves is walked
 * on its own. */
static void walk_lengths(struct agt_deflate_work *w, const struct tree *t,
    int send)
{
	unsigned next = 0;   /* the first symbol not yet walked */
	int i, end;

	for (i = 0; i < t->nleaves; i = end) {
		end = segment_end(t, i);
		if (t->leaf[i] > next)
			zero_run(w, send, t->leaf[i] - next);
		walk_segment(w, t, i, end, send);
		next = t->leaf[end - 1] + 1U;
	}
}

/* The code-length code; returns the index in bl_order of the last length
 * that must be sent (at least 3, so four are always sent). */
static int build_bl_tree(struct agt_deflate_work *w)
{
	int last;

	walk_lengths(w, &w->ltree, 0);
	walk_lengths(w, &w->dtree, 0);
	list_leaves(&w->bltree, BL_CODES);
	build_tree(w, &w->bltree, &bl_kind);
	for (last = BL_CODES - 1; last >= 3; last--)
		if (w->bltree.len[bl_order[last]] != 0)
			break;
	w->opt_len += 3LL * (last + 1) + 5 + 5 + 4;
	return last;
}

/* ---- Proving the fixed block without zlib's heap ----
 *
 * zlib sends the dynamic block only when its code, header included, is
 * smaller than the fixed code; for a token's content it almost never is,
 * yet zlib's heap, which builds that code, is most of the cost of a
 * token.  So a cheaper argument runs first: a lower bound on the dynamic
 * block's size that no tie order of zlib's heap can undercut.  When the
 * bound already loses to the fixed (or stored) block, that block is sent
 * as zlib would; when it does not, the heap decides as before.
 *
 * The heap compares nodes by key alone (frequency, then subtree height),
 * so what it does is fixed at the level of keys: which keys are joined,
 * in which order, into which new keys.  Every key is joined only after
 * all its nodes exist (a new node's frequency exceeds those just joined),
 * so the nodes of one key fill a run of the heap's removals, and the
 * heap's tie order only decides which node of a key takes which place in
 * that run.  Going from the root down, a place's depth is one more than
 * the depth of the node its join makes.  When all places of each inner key
 * have one depth, or the key's nodes all come from one join of two equal
 * keys (then they are alike, and only which leaves sit deeper changes),
 * every tie order gives each frequency class the same number of leaves at
 * each depth.  Where a key's places lie at two depths and different joins
 * made its nodes one each, which nodes take the upper places is the
 * heap's choice: every choice is followed (up to CHOICES_MAX passes) and
 * the lowest bound kept.  The data cost follows exactly.  A class with
 * leaves at several depths is "ambiguous": which of its symbols get which
 * length is the heap's choice, and only the header depends on it.  Its
 * symbols are sent as single lengths wherever no four consecutive symbols
 * around them can share a length.  A segment of consecutive symbols where
 * they can ("risky") is left out of the count of code-length symbols, and
 * an ambiguous class adds only the lengths it must place outside such
 * segments: fewer symbols never cost more, so the count stays below the
 * real one.  Its cost is bounded by its unlimited Huffman cost, which no
 * code limited to 7 bits beats. */

static struct key_nodes *new_key(struct bound_work *b, int k, unsigned freq,
    unsigned height, unsigned count)
{
	struct key_nodes *x = &b->key[k];

	memset(x, 0, sizeof *x);
	x->freq = freq;
	x->height = height;   /* below 286, the most leaves */
	x->order = freq << 9 | height;
	x->count = count;
	x->one_each = 1;
	return x;
}

/* The literal/length classes, ascending by frequency; returns their
 * number, or -1 when there are too many. */
static int list_classes(struct agt_deflate_work *w, struct bound_work *b)
{
	const struct tree *t = &w->ltree;
	uint64_t small = 0;   /* bit f: some leaf has frequency f */
	int i, nbig = 0, nclass = 0;

	memset(b->small_class, 0, sizeof b->small_class);
	for (i = 0; i < t->nleaves; i++) {
		unsigned fr = t->freq[t->leaf[i]];

		if (fr < SMALL_FREQ) {
			b->small_class[fr]++;   /* a count for now */
			small |= 1ULL << fr;
		} else {
			int j = nbig++;

			/* Few and mostly ascending already: insertion. */
			while (j > 0 && b->big_freq[j - 1] > fr) {
				b->big_freq[j] = b->big_freq[j - 1];
				j--;
			}
			b->big_freq[j] = (uint16_t)fr;
		}
	}
	for (; small != 0; small &= small - 1) {
		int f = __builtin_ctzll(small);

		new_key(b, nclass, (unsigned)f, 0, b->small_class[f]);
		b->small_class[f] = (uint16_t)++nclass;
	}
	for (i = 0; i < nbig; i++) {
		if (nclass > 0 && b->key[nclass - 1].freq == b->big_freq[i]) {
			b->key[nclass - 1].count++;
			continue;
		}
		if (nclass == KEYS_MAX)
			return -1;
		new_key(b, nclass++, b->big_freq[i], 0, 1);
	}
	return nclass;
}

static int class_of(const struct bound_work *b, int nclass, unsigned freq)
{
	int lo, hi;

	if (freq < SMALL_FREQ)
		return b->small_class[freq] - 1;
	lo = 0;
	hi = nclass - 1;
	while (lo < hi) {   /* the classes are sorted by frequency */
		int mid = (lo + hi) / 2;

		if (b->key[mid].freq < freq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds count places at depth d to key k; 0 when too deep for the fixed
 * length limit (zlib would then repair the tree: let the heap decide). */
static int add_places(struct key_nodes *k, unsigned d, unsigned count)
{
	if (d > MAX_BITS)
		return 0;
	k->at[d] = (uint16_t)(k->at[d] + count);
	k->depths |= 1U << d;
	return 1;
}

/* Follows zlib's joins key by key into b->join; 0, or -1 when there are
 * too many keys or joins. */
static int follow_joins(struct agt_deflate_work *w, struct bound_work *b)
{
	const int none = KEYS_MAX;   /* the sentinel */
	int nclass = list_classes(w, b), nkeys, njoins = 0, lh = 0, ih = 0;
	int ni = 0, cls, j;
	unsigned total = (unsigned)w->ltree.nleaves;

	if (nclass < 0 || total < 2)
		return -1;
	nkeys = nclass;
	b->key[none].order = ~0U;
	b->inner[0] = (uint16_t)none;
	cls = 0;   /* the first class with nodes left, or none */

/* The key with the smallest nodes left: the next class or inner key. */
#define SMALLEST() (b->key[cls].order < b->key[b->inner[ih]].order ? \
	cls : b->inner[ih])
/* Key k's last node was taken: the next one of its list comes up. */
#define USED_UP(k) do { \
		if ((k) < nclass) \
			cls = ++lh < nclass ? lh : none; \
		else \
			ih++; \
	} while (0)

	while (total >= 2) {
		int x = SMALLEST(), y, out, pos;
		struct key_nodes *kx = &b->key[x];
		unsigned f, h, q, order;

		if (kx->count >= 2) {
			/* Equal nodes join in pairs, all at once. */
			y = x;
			q = kx->count / 2;
			kx->count -= 2 * q;
			if (kx->count == 0)
				USED_UP(x);
			f = 2 * kx->freq;
			h = kx->height + 1;
		} else {
			struct key_nodes *ky;

			kx->count = 0;
			USED_UP(x);
			y = SMALLEST();
			ky = &b->key[y];
			if (--ky->count == 0)
				USED_UP(y);
			q = 1;
			f = kx->freq + ky->freq;
			h = (kx->height > ky->height ? kx->height :
			    ky->height) + 1;
		}
		total -= q;
		/* The new nodes' key: an existing one, or a new entry in the
		 * ascending list of inner keys (new keys usually come last). */
		order = f << 9 | h;
		pos = ni;
		while (pos > ih && b->key[b->inner[pos - 1]].order > order)
			pos--;
		if (pos > ih && b->key[b->inner[pos - 1]].order == order) {
			out = b->inner[pos - 1];
			b->key[out].count += q;
		} else {
			if (nkeys == KEYS_MAX)
				return -1;
			out = nkeys++;
			new_key(b, out, f, h, q);
			/* The sentinel at inner[ni] moves up too.  (Written as
			 * a loop of its own, the usual shift of the sentinel
			 * alone became a call to memmove.) */
			for (j = ++ni; j > pos + 1; j--)
				b->inner[j] = b->inner[j - 1];
			b->inner[pos + 1] = b->inner[pos];
			b->inner[pos] = (uint16_t)out;
		}
		b->key[out].producers++;
		b->key[out].one_each &= q == 1;
		if (njoins == JOINS_MAX)
			return -1;
		b->join[njoins++] = (struct key_join){ (uint16_t)x, (uint16_t)y,
		    (uint16_t)out, (uint16_t)q };
	}
#undef SMALLEST
#undef USED_UP
	b->nclass = nclass;
	b->nkeys = nkeys;
	b->njoins = njoins;
	return 0;
}

/* The subset of n nodes, as bits, with k of them in it: the pick-th such
 * subset in increasing order. */
static unsigned nth_subset(unsigned n, unsigned k, unsigned pick)
{
	unsigned mask;

	for (mask = 0; mask < 1U << n; mask++)
		if ((unsigned)__builtin_popcount(mask) == k && pick-- == 0)
			break;
	return mask;
}

/* How many such subsets there are: n choose k. */
static unsigned choose(unsigned n, unsigned k)
{
	unsigned c = 1, i;

	for (i = 0; i < k; i++)
		c = c * (n - i) / (i + 1);
	return c;
}

/* Gives each place its depth from the root down, after follow_joins, the
 * heap's tie choices taken from ch (and added to it where this pass meets
 * new ones).  Leaves each class's depths in at[]; 0, or -1 when the tie
 * order could matter in a way not followed here. */
static int place_depths(struct bound_work *b, struct tie_choices *ch)
{
	int j, k, met = 0;

	for (k = 0; k < b->nkeys; k++) {
		memset(b->key[k].at, 0, sizeof b->key[k].at);
		b->key[k].depths = 0;
		b->key[k].met = 0;
	}
	/* The last join made the root. */
	add_places(&b->key[b->join[b->njoins - 1].out], 0, 1);
	for (j = b->njoins - 1; j >= 0; j--) {
		const struct key_join *e = &b->join[j];
		struct key_nodes *o = &b->key[e->out];
		unsigned d, ds, upper, lower, several;

		if (o->depths == 0)
			return -1;   /* cannot happen: every node has a place */
		several = o->depths & (o->depths - 1);
		if (several && o->producers == 1 && e->a == e->b) {
			/* Places at several depths, but the nodes are alike,
			 * all made by this one join of equal keys. */
			for (ds = o->depths; ds != 0; ds &= ds - 1) {
				d = (unsigned)__builtin_ctz(ds);
				if (!add_places(&b->key[e->a], d + 1,
				    2U * o->at[d]))
					return -1;
			}
			continue;
		}
		if (!several) {
			d = (unsigned)__builtin_ctz(o->depths);
		} else {
			/* Nodes made one by one by different joins, places at
			 * two depths: which node takes an upper place is the
			 * heap's choice, so follow each. */
			upper = (unsigned)__builtin_ctz(o->depths);
			lower = several;   /* the depths below the upper one */
			if (!o->one_each || (lower & (lower - 1)) != 0 ||
			    o->producers > CHOICE_NODES)
				return -1;
			lower = (unsigned)__builtin_ctz(lower);
			if (o->met == 0) {
				if (met == ch->n) {
					if (ch->n == CHOICES_MAX)
						return -1;
					ch->pick[ch->n] = 0;
					ch->of[ch->n++] = (uint8_t)choose(
					    o->producers, o->at[upper]);
				}
				o->shallow = (uint8_t)nth_subset(o->producers,
				    o->at[upper], ch->pick[met++]);
			}
			d = (o->shallow >> o->met++) & 1 ? upper : lower;
		}
		if (!add_places(&b->key[e->a], d + 1,
		    e->a == e->b ? 2U * e->q : 1U))
			return -1;
		if (e->a != e->b && !add_places(&b->key[e->b], d + 1, 1))
			return -1;
	}
	ch->n = met;
	return 0;
}

/* The next combination of tie choices after the pass that filled ch: 0
 * when every combination has been followed. */
static int next_choices(struct tie_choices *ch)
{
	while (ch->n > 0 && ch->pick[ch->n - 1] + 1 >= ch->of[ch->n - 1])
		ch->n--;
	if (ch->n == 0)
		return 0;
	ch->pick[ch->n - 1]++;
	return 1;
}

/* The unlimited Huffman cost (sum of frequency times length) of the
 * code-length counts, which no code of at most 7 bits beats; -1 with
 * fewer than two symbols, where zlib adds one. */
static long long bl_cost_bound(const unsigned *freq)
{
	unsigned leaf[BL_CODES], inner[BL_CODES];
	int n = 0, i, li = 0, ii = 0, ni = 0;
	long long cost = 0;

	for (i = 0; i < BL_CODES; i++) {
		int j = n++;

		if (freq[i] == 0) {
			n--;
			continue;
		}
		while (j > 0 && leaf[j - 1] > freq[i]) {
			leaf[j] = leaf[j - 1];
			j--;
		}
		leaf[j] = freq[i];
	}
	if (n < 2)
		return -1;
	/* Two queues: joined weights come out in ascending order. */
	while ((n - li) + (ni - ii) >= 2) {
		unsigned pick[2];
		int k;

		for (k = 0; k < 2; k++) {
			if (li < n && (ii == ni || leaf[li] <= inner[ii]))
				pick[k] = leaf[li++];
			else
				pick[k] = inner[ii++];
		}
		inner[ni++] = pick[0] + pick[1];
		cost += pick[0] + pick[1];
	}
	return cost;
}

/* For the class depths place_depths left: the literal/length data cost
 * (without extra bits) and a lower bound on the header, in bits, or -1.
 * Leaves the code-length counts of the bound in bltree.freq. */
static long long depths_bound(struct agt_deflate_work *w,
    struct bound_work *b)
{
	struct tree *t = &w->ltree;
	unsigned *blf = w->bltree.freq;
	int nclass = b->nclass, i, c, end, last;
	long long data = 0, bl, header;
	unsigned next = 0;

	for (c = 0; c < nclass; c++) {
		const struct key_nodes *k = &b->key[c];
		unsigned ds = k->depths;

		for (; ds != 0; ds &= ds - 1) {
			unsigned d = (unsigned)__builtin_ctz(ds);

			data += (long long)k->freq * d * k->at[d];
		}
		b->inside[c] = 0;
	}
	/* Each symbol's length: its class's, the smallest one where the
	 * class is ambiguous (those are corrected below). */
	for (i = 0; i < t->nleaves; i++) {
		unsigned ds = b->key[b->leaf_class[i]].depths;

		b->leaf_depths[i] = (uint16_t)ds;
		t->len[t->leaf[i]] = (uint16_t)__builtin_ctz(ds);
	}
	/* Count the code-length symbols, segment by segment, leaving out
	 * the risky segments (where an ambiguous symbol could be part of a
	 * run of four equal lengths) and every ambiguous symbol's own
	 * length. */
	memset(blf, 0, BL_CODES * sizeof blf[0]);
	for (i = 0; i < t->nleaves; i = end) {
		const uint16_t *ds = b->leaf_depths;
		int k, risky = 0;

		end = segment_end(t, i);
		if (t->leaf[i] > next)
			zero_run(w, 0, t->leaf[i] - next);
		next = t->leaf[end - 1] + 1U;
		if (end - i < 4) {
			/* Too short for a run of four: every length goes
			 * singly, an ambiguous one through its class. */
			for (k = i; k < end; k++)
				if ((ds[k] & (ds[k] - 1)) == 0)
					blf[t->len[t->leaf[k]]]++;
			continue;
		}
		for (k = i; k + 3 < end && !risky; k++) {
			unsigned amb = (ds[k] & (ds[k] - 1)) |
			    (ds[k + 1] & (ds[k + 1] - 1)) |
			    (ds[k + 2] & (ds[k + 2] - 1)) |
			    (ds[k + 3] & (ds[k + 3] - 1));

			risky = amb != 0 &&
			    (ds[k] & ds[k + 1] & ds[k + 2] & ds[k + 3]) != 0;
		}
		if (!risky)
			walk_segment(w, t, i, end, 0);
		for (k = i; k < end; k++) {
			if ((ds[k] & (ds[k] - 1)) == 0)
				continue;
			if (risky)
				b->inside[b->leaf_class[k]]++;
			else
				blf[t->len[t->leaf[k]]]--;   /* sent singly */
		}
	}
	/* An ambiguous class places at least at[d] - inside of its symbols
	 * at depth d outside the risky segments, each sent singly. */
	for (c = 0; c < nclass; c++) {
		const struct key_nodes *k = &b->key[c];
		unsigned ds = k->depths;

		if ((ds & (ds - 1)) == 0)
			continue;
		for (; ds != 0; ds &= ds - 1) {
			unsigned d = (unsigned)__builtin_ctz(ds);

			if (k->at[d] > b->inside[c])
				blf[d] += k->at[d] - b->inside[c];
		}
	}
	walk_lengths(w, &w->dtree, 0);
	bl = bl_cost_bound(blf);
	if (bl < 0)
		return -1;
	for (last = BL_CODES - 1; last >= 3; last--)
		if (blf[bl_order[last]] != 0)
			break;
	header = 3LL * (last + 1) + 5 + 5 + 4 + bl;
	for (i = REP_3_6; i < BL_CODES; i++)
		header += (long long)blf[i] * bl_extra[i];
	return data + header;
}

/* A lower bound on opt_len, the dynamic block's size in bits, given the
 * distance tree built and counted into opt_len and static_len, the lowest
 * over every tie order followed; it also adds the literal/length symbols'
 * fixed-code cost to static_len.  Returns -1 when zlib's tie order could
 * matter beyond what the bound covers: then the heap must decide. */
static long long dynamic_bound(struct agt_deflate_work *w,
    struct bound_work *b)
{
	struct tree *t = &w->ltree;
	struct tie_choices ch = { 0 };
	long long extra = 0, best = -1;
	int i, passes = 0;

	if (follow_joins(w, b) < 0)
		return -1;
	/* The costs that do not depend on the tree, as in build_tree, and
	 * each symbol's class. */
	for (i = 0; i < t->nleaves; i++) {
		int n = t->leaf[i];
		unsigned f = t->freq[n];

		b->leaf_class[i] = (uint16_t)class_of(b, b->nclass, f);
		extra += (long long)f * w->lxbits[n];
		w->static_len += (long long)f * (w->lxbits[n] + w->lfixed[n]);
	}
	do {
		long long h;

		if (++passes > CHOICES_MAX || place_depths(b, &ch) < 0 ||
		    (h = depths_bound(w, b)) < 0)
			return -1;
		if (best < 0 || h < best)
			best = h;
	} while (next_choices(&ch));
	return w->opt_len + extra + best;
}

/* The block's symbols under a literal/length and a distance code.  The
 * bit writer is a local copy here, so the compiler can keep it in
 * registers: this loop writes most of the output, and byte stores through
 * w->bo.out would otherwise force it to reload every field. */
static void send_symbols(struct agt_deflate_work *w, const uint16_t *lcode,
    const uint16_t *llen, const uint16_t *dcode, const uint16_t *dlen)
{
	struct bitout b = w->bo;
	size_t i;

	for (i = 0; i < w->nsym; i++) {
		unsigned dist = w->sym[i] >> 8, lc = w->sym[i] & 0xffU;
		unsigned c, d;

		if (dist == 0) {
			put_bits(&b, lcode[lc], llen[lc]);
			continue;
		}
		c = w->length_code[lc];
		d = dist_code_of(w, dist);
		/* Code and extra bits together: at most 15 + 5 and 15 + 13
		 * bits, so one step each. */
		put_bits(&b, lcode[LITERALS + 1 + c] |
		    (lc + MIN_MATCH - length_base[c]) << llen[LITERALS + 1 + c],
		    llen[LITERALS + 1 + c] + length_extra[c]);
		put_bits(&b, dcode[d] | (dist - dist_base[d]) << dlen[d],
		    dlen[d] + dist_extra[d]);
	}
	put_bits(&b, lcode[END_BLOCK], llen[END_BLOCK]);
	w->bo = b;
}

enum block { STORED, FIXED, DYNAMIC };

/* The block's symbols and their counts, and the distance tree: where
 * both the bound and zlib's heap start from. */
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

	lz77(w, in, n);
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
	build_tree(w, &w->dtree, &d_kind);
}

/* zlib's rules for a block of n input bytes (ties go to stored, then
 * fixed), from opt_len and static_len. */
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
	build_tree(w, &w->ltree, &l_kind);
	return build_bl_tree(w);
}

/* zlib's choice of block, from the bound when that suffices, else from
 * zlib's heap (then *last_bl is set for a dynamic block). */
static enum block choose_block(struct agt_deflate_work *w, size_t n,
    int *last_bl)
{
	long long opt_len = w->opt_len, static_len = w->static_len;
	long long lower = dynamic_bound(w, &w->bound);
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

/* Writes the block as the last one. */
static void write_block(struct agt_deflate_work *w, const uint8_t *in,
    size_t n, enum block kind, int last_bl)
{
	int i;
	uint8_t *out;

	if (kind == STORED) {
		put_bits(&w->bo, 0 << 1 | 1, 3);   /* stored, last */
		flush_bits(&w->bo);
		out = w->bo.out + w->bo.used;
		out[0] = (uint8_t)n;
		out[1] = (uint8_t)(n >> 8);
		out[2] = (uint8_t)~n;
		out[3] = (uint8_t)(~n >> 8);
		if (n > 0)
			memcpy(out + 4, in, n);
		w->bo.used += n + 4;
		return;
	}
	if (kind == FIXED) {
		put_bits(&w->bo, 1 << 1 | 1, 3);   /* fixed, last */
		send_symbols(w, w->fixed_lcode, w->fixed_llen, w->fixed_dcode,
		    w->fixed_dlen);
	} else {
		int lcodes = w->ltree.max_code + 1, dcodes = w->dtree.max_code + 1;

		gen_codes(w, &w->ltree);
		gen_codes(w, &w->dtree);
		gen_codes(w, &w->bltree);
		put_bits(&w->bo, 2 << 1 | 1, 3);   /* dynamic, last */
		put_bits(&w->bo, (unsigned)lcodes - 257, 5);
		put_bits(&w->bo, (unsigned)dcodes - 1, 5);
		put_bits(&w->bo, (unsigned)last_bl + 1 - 4, 4);
		for (i = 0; i <= last_bl; i++)
			put_bits(&w->bo, w->bltree.len[bl_order[i]], 3);
		walk_lengths(w, &w->ltree, 1);
		walk_lengths(w, &w->dtree, 1);
		send_symbols(w, w->ltree.code, w->ltree.len, w->dtree.code,
		    w->dtree.len);
	}
	flush_bits(&w->bo);
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
	write_block(w, in, n, kind, last_bl);
	if (w->bo.used > cap)
		return 0;
	memcpy(out, w->stage, w->bo.used);
	return w->bo.used;
}
