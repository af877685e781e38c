/* SPDX-License-Identifier: MIT */
/*
 * deflate_trees.c - the Huffman side of agt_deflate_small, as zlib's
 * trees.c does it: the heap that builds a code (pqdownheap, build_tree),
 * the code lengths and their length-limit repair (gen_bitlen), the
 * canonical codes (gen_codes), the run-length coding of code lengths
 * (scan_tree counts it, send_tree sends it; build_bl_tree builds the
 * code-length code from the counts), and the block output (compress_block,
 * send_all_trees, and the output half of _tr_flush_block, here
 * agt_write_block).  Names follow zlib's so the two read side by side
 * (the ones other files call carry agt_ before zlib's name); the
 * decisions are zlib's exactly (heap order and its tie-break on subtree
 * depth, the repair of over-long codes, the run limits), since the output
 * must be bit for bit zlib's.  The bits go out through a 64-bit buffer
 * (put_bits) instead of zlib's 16-bit bi_buf; the stream is the same.
 */
#include "config.h"

#include <string.h>

#include "deflate_int.h"

/* ---- bit output ---- */

/* Written out byte by byte, which compilers merge into one store. */
static inline void store64le(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	p[4] = (uint8_t)(v >> 32);
	p[5] = (uint8_t)(v >> 40);
	p[6] = (uint8_t)(v >> 48);
	p[7] = (uint8_t)(v >> 56);
}

/* Appends n <= 56 bits (zlib's send_bits).  Fewer than 8 bits wait
 * between calls, so the value always fits the 64-bit buffer: all of it
 * is stored every time and the whole bytes are kept.  Whether a byte is
 * full follows the code lengths in no pattern, so a branch on it would
 * often be mispredicted. */
static inline void put_bits(struct bitout *b, uint64_t value, unsigned n)
{
	b->bits |= value << b->nbits;
	b->nbits += n;
	store64le(b->out + b->used, b->bits);
	b->used += b->nbits >> 3;
	b->bits >>= b->nbits & ~7U;
	b->nbits &= 7;
}

/* Pads to a byte boundary with zero bits and writes out every whole
 * byte, leaving the bit buffer empty (zlib's bi_windup). */
static void flush_bits(struct bitout *b)
{
	while (b->nbits > 0) {
		b->out[b->used++] = (uint8_t)b->bits;
		b->bits >>= 8;
		b->nbits = b->nbits > 8 ? b->nbits - 8 : 0;
	}
	b->bits = 0;
}

/* ---- building a code: zlib's heap ---- */

enum { NODE_BITS = 10 };   /* node numbers are below HEAP_SIZE = 573 */

/* Frequencies stay below 2^13 (at most AGT_DEFLATE_SMALL_MAX + 3 symbols
 * per block), so an entry fits 13 + 8 + 10 bits.  The depth is zlib's
 * depth[], a byte there too. */
static uint32_t heap_entry(unsigned freq, unsigned depth, int node)
{
	return (freq << 8 | (depth & 0xffU)) << NODE_BITS | (unsigned)node;
}

#define NODE_MASK ((1U << NODE_BITS) - 1)
#define HEAP_KEY(e) ((e) >> NODE_BITS)
#define HEAP_NODE(e) ((int)((e) & NODE_MASK))
/* heap[len + 1] must hold HEAP_SENTINEL, which is never smaller, so a
 * node with one child needs no special case. */
#define HEAP_SENTINEL 0xffffffffU

/* zlib's pqdownheap: equal keys count as smaller (zlib's smaller()),
 * which decides how ties are ordered. */
static void pqdownheap(uint32_t *heap, size_t len, size_t k)
{
	uint32_t v = heap[k], vkey = v & ~NODE_MASK;
	size_t j;

	/* HEAP_KEY(a) <= HEAP_KEY(b) is (a & ~NODE_MASK) <= b: the form with
	 * the fewest operations in this loop, which is most of the cost of
	 * building a code. */
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
 * an over-deep tree, adding each leaf's cost to opt_len. */
static void gen_bitlen(struct agt_deflate_work *w, struct tree *t,
    const struct tree_kind *k)
{
	int h, n, m, bits, overflow = 0;
	long long opt_len = w->opt_len;

	memset(w->bl_count, 0, sizeof w->bl_count);
	t->len[w->order[w->heap_max]] = 0;   /* the root */
	/* Extra bits and the fixed code's cost do not depend on the tree:
	 * agt_build_tree adds them. */
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

/* Canonical codes from the lengths (RFC 1951 3.2.2), bit-reversed and
 * packed with their lengths for put_bits.  Only a dynamic block sends
 * them, so they are made only for one (zlib makes them in build_tree). */
static void gen_codes(struct tree *t)
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

		t->pack[n] = ((unsigned)(agt_tab_rev8[c & 0xffU] << 8 |
		    agt_tab_rev8[c >> 8]) >> (16 - len)) | len << 16;
	}
}

/* zlib's build_tree, from t->freq, whose nonzero entries are the symbols
 * in t->leaf[0..nleaves), ascending; every other symbol gets length 0. */
void agt_build_tree(struct agt_deflate_work *w, struct tree *t,
    const struct tree_kind *k)
{
	int i, n, m, node, max_code;

	const uint8_t *xbits = k->fixed == 1 ? agt_tab_lxbits :
	    k->fixed == 2 ? agt_tab_dxbits : bl_extra;

	memset(t->len, 0, (size_t)k->elems * sizeof t->len[0]);
	w->heap_len = 0;
	w->heap_max = HEAP_SIZE;
	for (i = 0; i < t->nleaves; i++) {
		unsigned f;

		n = t->leaf[i];
		f = t->freq[n];
		w->heap[++w->heap_len] = heap_entry(f, 0, n);
		/* The costs that do not depend on the tree (zlib adds them in
		 * gen_bitlen): extra bits, and these symbols under the fixed
		 * code. */
		w->opt_len += (long long)f * xbits[n];
		if (k->fixed)
			w->static_len += (long long)f * (xbits[n] +
			    (k->fixed == 1 ? agt_tab_lfixed[n] : 5U));
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
			 * cost, which is never added here.) */
			w->opt_len--;
		}
		list_leaves(t, max_code + 1);   /* ascending again */
	}
	t->max_code = max_code;
	w->heap[w->heap_len + 1] = HEAP_SENTINEL;
	for (n = w->heap_len / 2; n >= 1; n--)
		pqdownheap(w->heap, (size_t)w->heap_len, (size_t)n);
	/* Join the two least frequent nodes until one is left, keeping the
	 * removal order in order[heap_max..] for gen_bitlen. */
	node = k->elems;
	do {
		uint32_t a = w->heap[1], b;
		unsigned da, db;

		w->heap[1] = w->heap[w->heap_len];
		w->heap[w->heap_len--] = HEAP_SENTINEL;
		pqdownheap(w->heap, (size_t)w->heap_len, 1);
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
		pqdownheap(w->heap, (size_t)w->heap_len, 1);
	} while (w->heap_len >= 2);
	w->order[--w->heap_max] = (uint16_t)HEAP_NODE(w->heap[1]);
	gen_bitlen(w, t, k);
}

/* ---- code lengths, run-length coded (RFC 1951 3.2.7) ---- */

/* One code-length symbol: counted into the code-length tree's
 * frequencies, or sent with its extra bits. */
static inline void cl_symbol(struct agt_deflate_work *w, int send, int sym,
    unsigned extra, unsigned extra_bits)
{
	struct tree *bl = &w->bltree;

	if (!send)
		bl->freq[sym]++;
	else
		put_bits(&w->bo, (bl->pack[sym] & 0xffffU) |
		    extra << bl->len[sym], bl->len[sym] + extra_bits);
}

/* A run of g zero lengths, as zlib's scan_tree/send_tree code it: pieces
 * of 138 (code 18), then the rest as code 18, 17 or single zeros. */
static void zero_run(struct agt_deflate_work *w, int send, unsigned g)
{
	if (!send) {
		scan_zero_run(w->bltree.freq, g);
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

/* The lengths of leaves [i, end), consecutive symbols after a gap or at
 * the start, run-length coded as zlib's scan_tree/send_tree do (code 16
 * for repeats).  The runs keep zlib's state (count, and the run limits
 * that depend on the neighbours) as scan_tree does symbol by symbol; the
 * zero lengths around the segment end its runs, so segments are coded
 * independently (doc/deflate-bound.md, step 8). */
static inline void walk_segment(struct agt_deflate_work *w,
    const struct tree *t, int i, int end, int send)
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

/* (Each caller gets the walk made for its send, without a branch on it
 * per code.) */
void agt_walk_segment(struct agt_deflate_work *w, const struct tree *t,
    int i, int end, int send)
{
	if (send)
		walk_segment(w, t, i, end, 1);
	else
		walk_segment(w, t, i, end, 0);
}

/* A tree's code lengths, run-length coded (codes 16, 17, 18): the nonzero
 * lengths are exactly the leaves', so each gap between them is one zero
 * run and each segment of consecutive leaves is walked on its own. */
static inline void walk_lengths(struct agt_deflate_work *w,
    const struct tree *t, int send)
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

void agt_scan_tree(struct agt_deflate_work *w, const struct tree *t)
{
	walk_lengths(w, t, 0);
}

/* zlib's send_tree: sends t's code lengths with the code-length code. */
static void send_tree(struct agt_deflate_work *w, const struct tree *t)
{
	walk_lengths(w, t, 1);
}

int agt_build_bl_tree(struct agt_deflate_work *w)
{
	int last;

	agt_scan_tree(w, &w->ltree);
	agt_scan_tree(w, &w->dtree);
	list_leaves(&w->bltree, BL_CODES);
	agt_build_tree(w, &w->bltree, &bl_kind);
	/* At least four code-length lengths are always sent. */
	for (last = BL_CODES - 1; last >= 3; last--)
		if (w->bltree.len[bl_order[last]] != 0)
			break;
	w->opt_len += 3LL * (last + 1) + 5 + 5 + 4;
	return last;
}

/* ---- block output ---- */

/* Bits gathered for one put_bits, lowest first. */
struct bits_add {
	uint64_t value;
	unsigned n;
};

static inline void add_bits(struct bits_add *a, unsigned value, unsigned n)
{
	a->value |= (uint64_t)value << a->n;
	a->n += n;
}

/* A packed code (code | length << 16). */
static inline void add_code(struct bits_add *a, uint32_t packed)
{
	add_bits(a, packed & 0xffffU, packed >> 16);
}

/* zlib's compress_block: the block's symbols under a literal/length and a
 * distance code (each code | length << 16), then the end of block.  The
 * bit writer is a local copy here, so the compiler can keep it in
 * registers: this loop writes most of the output, and byte stores
 * through w->bo.out would otherwise force it to reload every field.
 * Codes are at most 15 bits, so up to three literals in a row go out in
 * one put_bits, and a match (length code and extra bits, distance code
 * and extra bits: at most 15 + 5 + 15 + 13) in one too.  An end mark
 * after the last symbol (not a literal) stops a run of literals without
 * a bounds check. */
static void compress_block(struct agt_deflate_work *w, const uint32_t *lt,
    const uint32_t *dt)
{
	struct bitout b = w->bo;
	uint32_t *sym = w->sym;
	size_t i, n = w->nsym;

	sym[n] = 1U << 8;
	for (i = 0; i < n; i++) {
		unsigned dist = sym[i] >> 8, lc = sym[i] & 0xffU, c, d;
		struct bits_add a = { 0, 0 };

		if (dist == 0) {
			add_code(&a, lt[lc]);
			if (sym[i + 1] >> 8 == 0) {
				add_code(&a, lt[sym[++i]]);
				if (sym[i + 1] >> 8 == 0)
					add_code(&a, lt[sym[++i]]);
			}
		} else {
			c = agt_tab_length_code[lc];
			d = dist_code_of(dist);
			add_code(&a, lt[LITERALS + 1 + c]);
			add_bits(&a, lc + MIN_MATCH - length_base[c],
			    length_extra[c]);
			add_code(&a, dt[d]);
			add_bits(&a, dist - dist_base[d], dist_extra[d]);
		}
		put_bits(&b, a.value, a.n);
	}
	put_bits(&b, lt[END_BLOCK] & 0xffffU, lt[END_BLOCK] >> 16);
	w->bo = b;
}

/* zlib's send_all_trees: the dynamic block's header after its type. */
static void send_all_trees(struct agt_deflate_work *w, int last_bl)
{
	int lcodes = w->ltree.max_code + 1, dcodes = w->dtree.max_code + 1;
	int i;

	put_bits(&w->bo, (unsigned)lcodes - 257, 5);
	put_bits(&w->bo, (unsigned)dcodes - 1, 5);
	put_bits(&w->bo, (unsigned)last_bl + 1 - 4, 4);
	for (i = 0; i <= last_bl; i++)
		put_bits(&w->bo, w->bltree.len[bl_order[i]], 3);
	send_tree(w, &w->ltree);
	send_tree(w, &w->dtree);
}

void agt_write_block(struct agt_deflate_work *w, const uint8_t *in,
    size_t n, enum block kind, int last_bl)
{
	uint8_t *out;

	if (kind == STORED) {
		/* zlib's _tr_stored_block */
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
		compress_block(w, agt_tab_fixed_lpack, agt_tab_fixed_dpack);
	} else {
		gen_codes(&w->ltree);
		gen_codes(&w->dtree);
		gen_codes(&w->bltree);
		put_bits(&w->bo, 2 << 1 | 1, 3);   /* dynamic, last */
		send_all_trees(w, last_bl);
		compress_block(w, w->ltree.pack, w->dtree.pack);
	}
	flush_bits(&w->bo);
}
