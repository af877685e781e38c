/* SPDX-License-Identifier: MIT */
/*
 * deflate_match.c - LZ77 for agt_deflate_small: zlib's lazy matcher at
 * level 6 (good 8, lazy 16, nice 128, chain 128, a 15-bit hash), run over
 * the whole input at once.  It corresponds to zlib's deflate.c:
 * deflate_slow (here agt_deflate_slow), longest_match, and the hash chain
 * updates of INSERT_STRING and UPDATE_HASH; the symbols it records are
 * what zlib's _tr_tally records.  Every decision that shapes the output
 * follows zlib's: which candidates the chains hold (position 0 is never
 * one, as zlib uses 0 for "no entry"), which match is kept, when a match
 * is deferred by one byte, which positions a match indexes.  The state
 * lives in struct agt_deflate_work (deflate_int.h), sized for inputs of
 * at most AGT_DEFLATE_SMALL_MAX bytes, which stay inside zlib's window
 * and symbol buffer, so no block is split and no match dropped.
 */
#include "config.h"

#include "deflate_int.h"

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

/* zlib's deflate_slow for the whole input at once.  zlib adds every
 * position that has three bytes to its hash chain exactly once, in
 * order: the current string as the scan reaches it, then each string a
 * match covers.  A search at pos follows the chain from pos down, through
 * positions below pos only, so linking every chain first, in one tight
 * pass, gives each search the very chain zlib's would see (and the hash
 * rolls over every position, as zlib's does).  The scan then only reads
 * prev[]: a run of positions without a candidate, while no match waits,
 * is a run of literals.  The hot state lives in locals.  The bitmap of
 * symbols seen is reached as w->lit_used, a fixed offset from w: a
 * pointer of its own would be one register too many for the loop and is
 * spilled. */
void agt_deflate_slow(struct agt_deflate_work *w, const uint8_t *in,
    size_t n)
{
	const unsigned mask = (1U << HASH_BITS) - 1;
	uint16_t *head = w->head, *prev = w->prev;
	const unsigned base = w->base;
	uint32_t *sym = w->sym;
	unsigned *lfreq = w->ltree.freq, *dfreq = w->dtree.freq;
	size_t nsym = 0, pos = 0;   /* the lookahead is n - pos */
	size_t match_len = MIN_MATCH - 1, match_pos = 0;
	int pending = 0;   /* the byte before pos still awaits its fate */
	/* positions below chained have three bytes, so a chain */
	const size_t chained = n >= MIN_MATCH ? n - MIN_MATCH + 1 : 0;
	size_t p;

	/* zlib's INSERT_STRING for every position with three bytes; prev[p]
	 * holds the chain's previous head as stored (see head). */
	if (chained > 0) {
		unsigned h = (((unsigned)in[0] << 5) ^ in[1]) & mask;

		for (p = 0; p < chained; p++) {
			h = ((h << 5) ^ in[p + 2]) & mask;
			prev[p] = head[h];
			head[h] = (uint16_t)(base + p);
		}
	}

/* Records a literal (zlib's _tr_tally_lit). */
#define LITERAL(c) do { \
		unsigned c_ = (c); \
		sym[nsym++] = c_; \
		lfreq[c_]++; \
		w->lit_used[c_ >> 6] |= 1ULL << (c_ & 63); \
	} while (0)

	while (pos < n) {
		unsigned cand;
		size_t prev_len, prev_pos;

		/* No match waits and pos has no candidate: the byte before
		 * pos goes out as a literal, and nothing else happens (zlib
		 * leaves match_len at MIN_MATCH - 1). */
		if (match_len < MIN_MATCH) {
			if (!pending && pos < chained && prev[pos] <= base) {
				pending = 1;
				pos++;
			}
			if (pending)
				while (pos < chained && prev[pos] <= base) {
					LITERAL(in[pos - 1]);
					pos++;
				}
		}
		prev_len = match_len;
		prev_pos = match_pos;
		cand = pos < chained ? position_of(prev[pos], base) : 0;
		match_len = MIN_MATCH - 1;
		if (cand != 0 && prev_len < MAX_LAZY) {
			/* With prev_len >= the lookahead nothing here can
			 * beat the previous match; zlib's answer is then
			 * discarded, so skip the search. */
			if (prev_len >= n - pos)
				match_len = n - pos;
			else
				match_len = longest_match(w, in, pos, n - pos,
				    cand, prev_len, &match_pos);
		}
		if (prev_len >= MIN_MATCH && match_len <= prev_len) {
			/* The previous match is at least as good: emit it
			 * (zlib's _tr_tally_dist); the positions it covers
			 * are in their chains already. */
			size_t dist = pos - 1 - prev_pos;
			unsigned lc = (unsigned)(prev_len - MIN_MATCH);
			unsigned ls = LITERALS + 1 + agt_tab_length_code[lc];

			sym[nsym++] = (uint32_t)dist << 8 | lc;
			lfreq[ls]++;
			w->lit_used[ls >> 6] |= 1ULL << (ls & 63);
			dfreq[dist_code_of((unsigned)dist)]++;
			pos += prev_len - 1;
			pending = 0;
			match_len = MIN_MATCH - 1;
		} else {
			if (pending)
				LITERAL(in[pos - 1]);
			pending = 1;
			pos++;
		}
	}
	if (pending)
		LITERAL(in[pos - 1]);
#undef LITERAL
	w->nsym = nsym;
}
