/* SPDX-License-Identifier: MIT */
/*
 * deflate_bound.c - a lower bound on the size of zlib's dynamic block
 * that holds for every tie order of zlib's heap, so that agt_deflate_small
 * can send the fixed (or stored) block without building the dynamic code
 * when the bound already loses to it.  zlib has no counterpart: it builds
 * the dynamic code (trees.c: build_tree, build_bl_tree) and compares sizes
 * in _tr_flush_block; for a token's content the fixed code nearly always
 * wins, and the heap that builds the code is most of the cost.
 *
 * Why the bound is safe is argued in doc/deflate-bound.md, step by step;
 * the comments here cite those steps.  In short: the heap's joins are
 * followed key by key (follow_joins, step 4), the depth of every place is
 * derived from the root down, following each tie choice that matters
 * (place_depths, step 5), which gives the literal/length data cost exactly
 * (step 7), and the header is counted from below (depths_bound, steps 8 to
 * 11).  Wherever the argument does not cover an input, a function here
 * returns -1 and zlib's heap decides (step 13).
 */
#include "config.h"

#include <string.h>

#include "deflate_int.h"

enum {
	CHOICES_MAX = 8,        /* tie choices followed, and passes made */
	CHOICE_NODES = 4,       /* at most this many nodes in one choice */
};

/* The heap's choices followed, one per key whose places lie at two
 * depths and whose nodes different joins made: which of them take the
 * upper places (doc/deflate-bound.md, step 5, case c). */
struct tie_choices {
	int n;                        /* choices made in this pass */
	uint8_t pick[CHOICES_MAX];    /* which subset of its nodes, ... */
	uint8_t of[CHOICES_MAX];      /* ... of how many */
};

static struct key_nodes *new_key(struct bound_work *b, int k, unsigned freq,
    unsigned height, unsigned count)
{
	struct key_nodes *x = &b->key[k];

	/* place_depths clears the rest (at, depths, met) before use. */
	x->freq = freq;
	x->height = height;   /* below 286, the most leaves */
	x->order = freq << 9 | height;
	x->count = count;
	x->producers = 0;
	x->batch = 0;
	x->batches = 0;
	return x;
}

/* The literal/length classes, ascending by frequency; returns their
 * number, or -1 when there are too many.  On the way, sums the costs
 * that do not depend on the tree, as agt_build_tree does: the extra bits
 * and the fixed code's cost of the literal/length symbols; and, for
 * list_gaps, counts the code-length symbols of the gaps between the
 * symbols and notes where each segment of consecutive symbols starts.
 * Where segments end follows the data in no pattern, so that has no
 * branch: every leaf counts the gap before it by table (a gap of 0,
 * inside a segment, counts nothing) and stores itself as a segment
 * start, kept when a gap precedes it.  (The first segment may be noted
 * twice, once empty.) */
static int list_classes(struct agt_deflate_work *w, struct bound_work *b)
{
	const struct tree *t = &w->ltree;
	uint64_t small = 0;   /* bit f: some leaf has frequency f */
	uint64_t gaps = 0;
	long long extra = 0, fixed = 0;
	unsigned next = 0;
	int i, nbig = 0, nclass = 0, nseg = 1;

	b->seg_start[0] = 0;
	for (i = 0; i < t->nleaves; i++) {
		int n = t->leaf[i];
		unsigned fr = t->freq[n], g = (unsigned)n - next;

		fixed += (long long)fr * agt_tab_lcost[n];
		gaps += agt_tab_gap_codes[g];
		b->seg_start[nseg] = (uint16_t)i;
		nseg += g != 0;
		next = (unsigned)n + 1;
		if (fr < SMALL_FREQ) {
			/* Neighbours often have one frequency: counted in
			 * four banks, the increments do not wait on each
			 * other. */
			b->small_count[i & 3][fr]++;
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
	b->seg_start[nseg] = (uint16_t)i;
	b->nseg = nseg;
	b->gaps = gaps;
	/* Only length symbols, the last leaves, carry extra bits. */
	for (i = t->nleaves - 1; i >= 0 && t->leaf[i] > END_BLOCK; i--)
		extra += (long long)t->freq[t->leaf[i]] *
		    agt_tab_lxbits[t->leaf[i]];
	b->extra = extra;
	b->fixed = fixed;
	for (; small != 0; small &= small - 1) {
		int f = (int)agt_ctz64(small);
		uint16_t (*c)[SMALL_FREQ] = b->small_count;

		new_key(b, nclass, (unsigned)f, 0,
		    (unsigned)c[0][f] + c[1][f] + c[2][f] + c[3][f]);
		c[0][f] = c[1][f] = c[2][f] = c[3][f] = 0;
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

/* Adds count places at depth d to key k; 0 when too deep for the length
 * limit, where zlib would repair the tree (doc/deflate-bound.md,
 * step 7). */
static int add_places(struct key_nodes *k, unsigned d, unsigned count)
{
	if (d > MAX_BITS)
		return 0;
	k->at[d] = (uint16_t)(k->at[d] + count);
	k->depths |= 1U << d;
	return 1;
}

/* Follows zlib's joins key by key into b->join (doc/deflate-bound.md,
 * step 4); 0, or -1 when there are too many keys or joins.  Two lists
 * supply the smallest key: the classes, ascending, and the inner keys
 * with nodes left, kept ascending in inner[ih..ni).  The orders at their
 * heads stay in locals (~0 for an empty list), with the inner list's
 * head, so choosing the smaller head and the new key's order need no
 * loads. */
static int follow_joins(struct agt_deflate_work *w, struct bound_work *b)
{
	struct key_nodes *key = b->key;
	uint16_t *inner = b->inner;
	int nclass = list_classes(w, b), nkeys, njoins = 0, cls = 0, ih = 0;
	int ni = 0, ik = 0, j;
	unsigned total = (unsigned)w->ltree.nleaves, co, io = ~0U, to = 0;

	if (nclass < 0 || total < 2)
		return -1;
	nkeys = nclass;
	co = key[0].order;

/* Takes the smallest key's order into o and its number into k, and
 * whether it heads the class list into c. */
#define SMALLEST(k, o, c) do { \
		(c) = co < io; \
		(o) = (c) ? co : io; \
		(k) = (c) ? cls : ik; \
	} while (0)
/* The last node of the head of the class list (c) or of the inner list
 * was taken: the next key of that list comes up. */
#define USED_UP(c) do { \
		if (c) { \
			co = ++cls < nclass ? key[cls].order : ~0U; \
		} else if (++ih < ni) { \
			ik = inner[ih]; \
			io = key[ik].order; \
		} else { \
			io = ~0U; \
		} \
	} while (0)

	while (total >= 2) {
		int x, y, xc, yc, out, pos;
		unsigned xo, yo, q, order, n;

		SMALLEST(x, xo, xc);
		n = key[x].count;
		if (n >= 2) {
			/* Equal nodes join in pairs, all at once. */
			y = x;
			q = n / 2;
			key[x].count = n & 1;
			if ((n & 1) == 0)
				USED_UP(xc);
			order = (xo >> 9 << 10) | ((xo & 511) + 1);
		} else {
			key[x].count = 0;
			USED_UP(xc);
			SMALLEST(y, yo, yc);
			if (--key[y].count == 0)
				USED_UP(yc);
			q = 1;
			order = ((xo >> 9) + (yo >> 9)) << 9 |
			    (((xo & 511) > (yo & 511) ? xo & 511 : yo & 511) + 1);
		}
		total -= q;
		/* The new nodes' key: an existing one, or a new entry in the
		 * inner list.  New keys usually come above every order made
		 * so far (to), so last, with no key to search or share. */
		pos = ni;
		if (order <= to)
			while (pos > ih && key[inner[pos - 1]].order > order)
				pos--;
		if (order <= to && pos > ih &&
		    key[inner[pos - 1]].order == order) {
			out = inner[pos - 1];
			key[out].count += q;
		} else {
			if (nkeys == KEYS_MAX)
				return -1;
			out = nkeys++;
			new_key(b, out, order >> 9, order & 511, q);
			/* (A loop of its own: written as a plain shift, the
			 * compiler calls memmove for what is usually
			 * nothing.) */
			for (j = ni++; j > pos; j--)
				inner[j] = inner[j - 1];
			inner[pos] = (uint16_t)out;
			to = order > to ? order : to;
			if (pos == ih) {
				ik = out;
				io = order;
			}
		}
		key[out].producers++;
		if (q > 1) {
			key[out].batch = (uint16_t)(key[out].batch + q);
			key[out].batches++;
		}
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

/* The subset of n nodes, as bits, with lo to hi of them in it: the
 * pick-th such subset in increasing order. */
static unsigned nth_subset(unsigned n, unsigned lo, unsigned hi,
    unsigned pick)
{
	unsigned mask, k;

	for (mask = 0; mask < 1U << n; mask++) {
		k = agt_popcount32(mask);
		if (k >= lo && k <= hi && pick-- == 0)
			break;
	}
	return mask;
}

/* How many such subsets there are: n choose k, summed over k. */
static unsigned subsets(unsigned n, unsigned lo, unsigned hi)
{
	unsigned c = 1, sum = 0, k;

	for (k = 0; k <= hi && k <= n; k++) {
		if (k >= lo)
			sum += c;
		c = c * (n - k) / (k + 1);
	}
	return sum;
}

/* Gives each place its depth from the root down (doc/deflate-bound.md,
 * step 5), after follow_joins, the heap's tie choices taken from ch (and
 * added to it where this pass meets new ones).  Leaves each class's
 * depths in at[]; 0, or -1 when the tie order could matter in a way not
 * followed here. */
static int place_depths(struct bound_work *b, struct tie_choices *ch)
{
	int j, k, met = 0;

	for (k = 0; k < b->nkeys; k++) {
		memset(b->key[k].at, 0, sizeof b->key[k].at);
		b->key[k].depths = 0;
		b->key[k].met = 0;
		b->key[k].chosen = 0;
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
			/* Case b: places at several depths, but the nodes
			 * are alike, all made by this one join of equal
			 * keys. */
			for (ds = o->depths; ds != 0; ds &= ds - 1) {
				d = agt_ctz32(ds);
				if (!add_places(&b->key[e->a], d + 1,
				    2U * o->at[d]))
					return -1;
			}
			continue;
		}
		if (!several) {
			d = agt_ctz32(o->depths);   /* case a */
		} else {
			/* Case c: places at two depths, and nodes made by
			 * different joins: one by one, and by at most one join
			 * that made several alike nodes (the batch).  Which of
			 * them take the upper places is the heap's choice, so
			 * follow each: the subset of the one-by-one nodes
			 * taking upper places, the batch taking the rest. */
			unsigned singles = o->producers - o->batches;
			unsigned lo, hi, up_batch;

			upper = agt_ctz32(o->depths);
			lower = several;   /* the depths below the upper one */
			if ((lower & (lower - 1)) != 0 || o->batches > 1 ||
			    singles > CHOICE_NODES)
				return -1;
			lower = agt_ctz32(lower);
			if (!o->chosen) {
				hi = o->at[upper] < singles ? o->at[upper] :
				    singles;
				lo = o->at[upper] > o->batch ?
				    o->at[upper] - o->batch : 0;
				if (lo > hi)
					return -1;   /* cannot happen */
				if (met == ch->n) {
					if (ch->n == CHOICES_MAX)
						return -1;
					ch->pick[ch->n] = 0;
					ch->of[ch->n++] = (uint8_t)subsets(
					    singles, lo, hi);
				}
				o->shallow = (uint8_t)nth_subset(singles, lo,
				    hi, ch->pick[met++]);
				o->chosen = 1;
			}
			if (e->q > 1) {
				/* The batch: its nodes are alike, so only how
				 * many take upper places matters (step 5,
				 * case c). */
				up_batch = o->at[upper] -
				    agt_popcount32(o->shallow);
				if ((up_batch > 0 && !add_places(&b->key[e->a],
				    upper + 1, 2U * up_batch)) ||
				    (up_batch < e->q && !add_places(
				    &b->key[e->a], lower + 1,
				    2U * (e->q - up_batch))))
					return -1;
				continue;
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
 * code-length counts, which no code of at most 7 bits beats
 * (doc/deflate-bound.md, step 11); -1 with fewer than two symbols, where
 * zlib adds one. */
static long long bl_cost_bound(const unsigned *freq)
{
	unsigned leaf[BL_CODES + 1], inner[BL_CODES];
	int n = 0, i, k, li = 0, ii = 0, ni = 0;
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
	/* Two queues: joined weights come out in ascending order.  Each
	 * queue ends in a weight above every other, so a pick takes the
	 * smaller head without a branch. */
	leaf[n] = ~0U;
	inner[0] = ~0U;
	for (i = 1; i < n; i++) {
		unsigned sum = 0;

		for (k = 0; k < 2; k++) {
			unsigned a = leaf[li], c = inner[ii];
			int from_leaf = a <= c;

			sum += from_leaf ? a : c;
			li += from_leaf;
			ii += !from_leaf;
		}
		inner[ni++] = sum;
		inner[ni] = ~0U;
		cost += sum;
	}
	return cost;
}

/* For the class depths place_depths left: the literal/length data cost
 * (without extra bits, exact by doc/deflate-bound.md, step 7) plus a
 * lower bound on the header (steps 10 and 11), in bits, or -1.  Leaves
 * the code-length counts of the bound in bltree.freq. */
static long long depths_bound(struct agt_deflate_work *w,
    struct bound_work *b)
{
	struct tree *t = &w->ltree;
	unsigned *blf = w->bltree.freq;
	uint16_t *ds = b->leaf_depths;
	int nclass = b->nclass, i, c, s, k, end, last;
	long long data = 0, bl, header;

	/* Every symbol of an unambiguous class counts first as a single code
	 * of its length (step 10); the segments of four or more below take
	 * back what they code otherwise. */
	memcpy(blf, b->base_blf, sizeof b->base_blf);
	for (c = 0; c < nclass; c++) {
		const struct key_nodes *x = &b->key[c];
		unsigned d, dd = x->depths;

		b->inside[c] = 0;
		if ((dd & (dd - 1)) == 0) {
			d = agt_ctz32(dd);
			data += (long long)x->freq * d * x->at[d];
			blf[d] += x->at[d];
			continue;
		}
		for (; dd != 0; dd &= dd - 1) {
			d = agt_ctz32(dd);
			data += (long long)x->freq * d * x->at[d];
		}
	}
	/* A segment of fewer than four symbols sends every length singly: its
	 * unambiguous symbols are counted above, its ambiguous ones through
	 * their class.  A longer one that is not risky (where no ambiguous
	 * symbol can be part of a run of four equal lengths) is coded with
	 * every ambiguous symbol at its smallest length, then each symbol's
	 * own single code is taken out: the unambiguous ones are counted
	 * above, the ambiguous ones through their class.  In a risky one
	 * only the symbols that no four consecutive symbols sharing a
	 * possible depth reach are sure to go singly: of the others, the
	 * unambiguous ones are taken out and the ambiguous ones counted in
	 * inside[] of their class. */
	for (s = 0; s < b->nlong; s += 2) {
		int risky = 0, cover;

		i = b->long_seg[s];
		end = b->long_seg[s + 1];
		for (k = i; k < end; k++) {
			ds[k] = (uint16_t)b->key[b->leaf_class[k]].depths;
			t->len[t->leaf[k]] = (uint16_t)agt_ctz32(ds[k]);
		}
		for (k = i; k + 3 < end && !risky; k++) {
			unsigned amb = (ds[k] & (ds[k] - 1)) |
			    (ds[k + 1] & (ds[k + 1] - 1)) |
			    (ds[k + 2] & (ds[k + 2] - 1)) |
			    (ds[k + 3] & (ds[k + 3] - 1));

			risky = amb != 0 &&
			    (ds[k] & ds[k + 1] & ds[k + 2] & ds[k + 3]) != 0;
		}
		if (!risky) {
			agt_walk_segment(w, t, i, end, 0);
			for (k = i; k < end; k++)
				blf[t->len[t->leaf[k]]]--;
			continue;
		}
		/* cover: the last symbol that four consecutive symbols sharing
		 * a possible depth reach, starting at or before k. */
		for (k = i, cover = i - 1; k < end; k++) {
			if (k + 3 < end &&
			    (ds[k] & ds[k + 1] & ds[k + 2] & ds[k + 3]) != 0)
				cover = k + 3;
			if (k > cover)
				continue;   /* sent singly */
			if ((ds[k] & (ds[k] - 1)) == 0)
				blf[t->len[t->leaf[k]]]--;
			else
				b->inside[b->leaf_class[k]]++;
		}
	}
	/* An ambiguous class places at least at[d] - inside of its symbols
	 * at depth d where they are sent singly. */
	for (c = 0; c < nclass; c++) {
		const struct key_nodes *x = &b->key[c];
		unsigned dd = x->depths;

		if ((dd & (dd - 1)) == 0)
			continue;
		for (; dd != 0; dd &= dd - 1) {
			unsigned d = agt_ctz32(dd);

			if (x->at[d] > b->inside[c])
				blf[d] += x->at[d] - b->inside[c];
		}
	}
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

/* What every pass shares (step 10): the code-length symbols of the gaps
 * between literal/length symbols (counted by list_classes) and of the
 * distance tree, into base_blf, and the segments of four or more
 * consecutive symbols (of those list_classes noted) with the class of
 * each of their symbols. */
static void list_gaps(struct agt_deflate_work *w, struct bound_work *b)
{
	const struct tree *t = &w->ltree;
	const uint16_t *starts = b->seg_start;
	unsigned *blf = w->bltree.freq;
	int i, k, nlong = 0;

	/* No branch on a segment's length either: each is stored, and kept
	 * when long. */
	for (k = 0; k < b->nseg; k++) {
		b->long_seg[nlong] = starts[k];
		b->long_seg[nlong + 1] = starts[k + 1];
		nlong += 2 * (starts[k + 1] - starts[k] >= 4);
	}
	b->nlong = nlong;
	memset(blf, 0, BL_CODES * sizeof blf[0]);
	blf[0] = (unsigned)(b->gaps & 0xffffU);
	blf[REPZ_3_10] = (unsigned)(b->gaps >> 16 & 0xffffU);
	blf[REPZ_11_138] = (unsigned)(b->gaps >> 32);
	for (i = 0; i < nlong; i += 2)
		for (k = b->long_seg[i]; k < b->long_seg[i + 1]; k++)
			b->leaf_class[k] = (uint16_t)class_of(b, b->nclass,
			    t->freq[t->leaf[k]]);
	agt_scan_tree(w, &w->dtree);
	memcpy(b->base_blf, blf, sizeof b->base_blf);
}

/* The lowest bound over every tie order followed (doc/deflate-bound.md,
 * step 12), for a block of n input bytes; -1 as soon as a pass shows
 * that the bound cannot decide the block. */
long long agt_dynamic_bound(struct agt_deflate_work *w, struct bound_work *b,
    size_t n)
{
	struct tie_choices ch = { 0 };
	long long best = -1, need, stored_need;
	int passes = 0;

	if (follow_joins(w, b) < 0)
		return -1;
	w->static_len += b->fixed;
	/* The least bound that decides (step 1): one worth the fixed block's
	 * bytes, or the stored block's. */
	need = 8 * ((w->static_len + 3 + 7) >> 3) - 10;
	stored_need = 8 * ((long long)n + 4) - 10;
	if (stored_need < need)
		need = stored_need;
	need -= w->opt_len + b->extra;
	list_gaps(w, b);
	do {
		long long h;

		if (++passes > CHOICES_MAX || place_depths(b, &ch) < 0 ||
		    (h = depths_bound(w, b)) < 0 || h < need)
			return -1;
		if (best < 0 || h < best)
			best = h;
	} while (next_choices(&ch));
	return w->opt_len + b->extra + best;
}
