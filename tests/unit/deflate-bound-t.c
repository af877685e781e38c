/* SPDX-License-Identifier: MIT */
/*
 * deflate-bound-t - checks, input by input, the shortcut deflate.c takes
 * to zlib's block choice: the lower bound on the dynamic block
 * (deflate_bound.c, argued in doc/deflate-bound.md) that lets it send the
 * fixed (or stored) block without running zlib's heap.  A wrong bound
 * would not crash anything; it would send a fixed block where zlib sends
 * a dynamic one, and the token would differ from the reference's.  So for
 * every input the heap runs as well, and:
 *   - where the bound holds, it is never above the heap's opt_len;
 *   - where the frequency classes' depths were derived, they are exactly
 *     the heap's (count per depth in every class; the length of every
 *     symbol whose class has a single depth);
 *   - where the bound decides, it decides what zlib decides;
 *   - the fixed-code cost counted along the way is the heap's;
 *   - the bound decides at least 6 in 7 of the token-like contents that
 *     zlib sends in a fixed or stored block: each one it leaves to the
 *     heap costs the bound and the heap (real tokens fare better: see
 *     doc/PERFORMANCE.md).
 * deflate-t compares the encoder's output with zlib's; this test looks
 * inside, so it includes the five deflate sources themselves, as one
 * translation unit that reaches their static functions.  The inputs:
 * token-like contents (signature, app id, times, salt, privileges,
 * channel, uid), short inputs over skewed alphabets (ties, ambiguous
 * classes, runs of equal lengths), random bytes (stored blocks) and the
 * edge cases.  AGT_DEFLATE_BOUND_CASES=N runs N inputs of each generated
 * kind.
 */
#include "config.h"

#include "deflate.c"
#include "deflate_tables.c"
#include "deflate_match.c"
#include "deflate_trees.c"
#include "deflate_bound.c"

#include <stdio.h>
#include <stdlib.h>

#include "tap/tap.h"
#include "tap/testrand.h"

static unsigned long long rng_state = 0x2545f4914f6cdd1dULL;

static uint32_t below(uint32_t n)
{
	return n == 0 ? 0 : test_rand_below(&rng_state, n);
}

static size_t put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return 2;
}

static size_t put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffffU);
	put16(p + 2, v >> 16);
	return 4;
}

static size_t put_text(uint8_t *p, const char *alphabet, size_t len)
{
	size_t i, k = strlen(alphabet);

	p += put16(p, (unsigned)len);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)alphabet[below((uint32_t)k)];
	return 2 + len;
}

/* The shape of a 007 token's content: a signature, the app id, issue
 * time, expiry, salt, then services with privileges, channel and uid. */
static size_t token_like(uint8_t *in)
{
	static const char hex[] = "0123456789abcdef";
	static const char name[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()+-:;<=.>?@[]^_{|}~, ";
	static char app[33];
	size_t n = 0, i;
	unsigned s, services = 1 + below(3);

	if (app[0] == 0 || below(50) == 0)
		for (i = 0; i < 32; i++)
			app[i] = hex[below(16)];
	n += put16(in + n, 32);
	for (i = 0; i < 32; i++)
		in[n++] = (uint8_t)below(256);
	n += put16(in + n, 32);
	memcpy(in + n, app, 32);
	n += 32;
	n += put32(in + n, 1700000000U + below(100000000));
	n += put32(in + n, below(4) == 0 ? below(100000) : 86400);
	n += put32(in + n, 1 + below(99999999));
	n += put16(in + n, services);
	for (s = 0; s < services; s++) {
		static const uint32_t expiries[] = { 0, 600, 3600, 86400 };
		unsigned p, privs = 1 + below(4), kind = below(4);
		uint32_t expire = below(5) == 4 ? 1700000000U +
		    below(100000000) : expiries[below(4)];

		n += put16(in + n, 1 + below(8));
		n += put16(in + n, privs);
		for (p = 0; p < privs; p++) {
			n += put16(in + n, 1 + p);
			n += put32(in + n, expire);
		}
		/* Channel names: hex ids, short names, anything. */
		if (kind < 2)
			n += put_text(in + n, hex, 32);
		else if (kind == 2)
			n += put_text(in + n, "abcdefghijklmnopqrstuvwxyz-",
			    4 + below(16));
		else
			n += put_text(in + n, name, 1 + below(64));
		n += put_text(in + n, "0123456789", below(11));
	}
	return n;
}

/* Short inputs over a skewed alphabet of a few symbols, some of them in
 * consecutive runs: many ties, ambiguous classes and runs of equal code
 * lengths, and dynamic blocks as well as fixed ones. */
static size_t skewed(uint8_t *in)
{
	size_t n = 1 + below(600), i;
	unsigned base = below(250), span = 2 + below(40), skew = below(4);

	for (i = 0; i < n; i++) {
		unsigned r = below(span);

		if (skew > 0)
			r = r * below(span) / span;   /* favour small ones */
		if (skew > 1 && below(8) == 0)
			r = below(256) - base;   /* a stray symbol */
		in[i] = (uint8_t)(base + r);
	}
	return n;
}

static size_t random_bytes(uint8_t *in)
{
	size_t n = below(400), i;

	for (i = 0; i < n; i++)
		in[i] = (uint8_t)below(256);
	return n;
}

struct tally {
	unsigned long inputs, bounded, classes, decided, fast_token, tokens;
	unsigned long tokens_not_dynamic;
	unsigned long ambiguous, risky_inputs, stored_by_bound, tie_orders;
	unsigned long batch_choices;
	unsigned long above, class_wrong, choice_wrong, static_wrong;
};

/* The class depths of every tie order followed, as found by follow_joins
 * and place_depths; the number of orders, or -1 where they gave up. */
static int class_depths(struct agt_deflate_work *w,
    uint16_t at[][KEYS_MAX][MAX_BITS + 1], unsigned depths[][KEYS_MAX])
{
	struct bound_work *b = &w->bound;
	struct tie_choices ch = { 0 };
	int orders = 0, c;

	if (follow_joins(w, b) < 0)
		return -1;
	do {
		if (orders == CHOICES_MAX || place_depths(b, &ch) < 0)
			return -1;
		for (c = 0; c < b->nclass; c++) {
			memcpy(at[orders][c], b->key[c].at, sizeof at[0][0]);
			depths[orders][c] = b->key[c].depths;
		}
		orders++;
	} while (next_choices(&ch));
	return orders;
}

/* What the bound and the class depths say about one input, next to what
 * zlib's heap says. */
static void check_input(struct agt_deflate_work *w, const uint8_t *in,
    size_t n, int is_token, struct tally *t)
{
	struct bound_work *b = &w->bound;
	static uint16_t class_at[CHOICES_MAX][KEYS_MAX][MAX_BITS + 1];
	static unsigned class_depth_bits[CHOICES_MAX][KEYS_MAX];
	static uint16_t leaf_class[L_CODES];
	long long opt0, static0, lower, lower_bytes, static_bytes;
	long long bound_static;
	int orders, nclass = 0, i, c, o, decided = 0;
	enum block by_bound = DYNAMIC, by_heap;

	t->inputs++;
	t->tokens += is_token;
	collect_symbols(w, in, n);
	opt0 = w->opt_len;
	static0 = w->static_len;
	orders = class_depths(w, class_at, class_depth_bits);
	if (orders > 0) {
		nclass = b->nclass;
		t->tie_orders += orders > 1;
		/* A choice between one-node joins and a batch (step 5,
		 * case c), as left by the last pass. */
		for (c = 0; c < b->nkeys; c++)
			if (b->key[c].chosen && b->key[c].batch > 0) {
				t->batch_choices++;
				break;
			}
		for (c = 0; c < nclass; c++) {
			unsigned ds = class_depth_bits[0][c];

			if ((ds & (ds - 1)) != 0)
				t->ambiguous++;
		}
		for (i = 0; i < w->ltree.nleaves; i++)
			leaf_class[i] = (uint16_t)class_of(b, nclass,
			    w->ltree.freq[w->ltree.leaf[i]]);
	}
	lower = agt_dynamic_bound(w, b, n);
	bound_static = w->static_len;
	if (lower >= 0) {
		/* Any ambiguous class with symbols left out in a risky
		 * segment shows the risky path was taken. */
		for (c = 0; c < nclass; c++)
			if (b->inside[c] != 0) {
				t->risky_inputs++;
				break;
			}
		lower_bytes = (lower + 3 + 7) >> 3;
		static_bytes = (w->static_len + 3 + 7) >> 3;
		if (lower_bytes >= static_bytes) {
			decided = 1;
			by_bound = (long long)n + 4 <= static_bytes ?
			    STORED : FIXED;
		} else if ((long long)n + 4 <= lower_bytes) {
			decided = 1;
			by_bound = STORED;
			t->stored_by_bound++;
		}
	}

	/* The heap, as when the bound does not decide. */
	w->opt_len = opt0;
	w->static_len = static0;
	memset(w->bltree.freq, 0, BL_CODES * sizeof w->bltree.freq[0]);
	heap_trees(w);
	by_heap = zlib_choice(w, n);
	if (is_token && by_heap != DYNAMIC)
		t->tokens_not_dynamic++;

	if (lower >= 0) {
		t->bounded++;
		if (lower > w->opt_len && t->above++ < 5)
			diag("bound %lld above opt_len %lld (%zu bytes in)",
			    lower, w->opt_len, n);
		if (bound_static != w->static_len && t->static_wrong++ < 5)
			diag("static_len %lld, heap %lld", bound_static,
			    w->static_len);
	}
	if (orders > 0) {
		/* The heap's class depths must be those of one of the tie
		 * orders followed: the same count per depth in every class,
		 * and a class with one depth gives every symbol that length. */
		static uint16_t seen[KEYS_MAX][MAX_BITS + 1];
		int match = 0;

		t->classes++;
		memset(seen, 0, sizeof seen[0] * (size_t)nclass);
		for (i = 0; i < w->ltree.nleaves; i++)
			seen[leaf_class[i]][w->ltree.len[w->ltree.leaf[i]]]++;
		for (o = 0; o < orders && !match; o++) {
			match = 1;
			for (c = 0; c < nclass; c++)
				if (memcmp(seen[c], class_at[o][c],
				    sizeof seen[c]) != 0)
					match = 0;
			for (i = 0; i < w->ltree.nleaves && match; i++) {
				unsigned len = w->ltree.len[w->ltree.leaf[i]];
				unsigned bits =
				    class_depth_bits[o][leaf_class[i]];

				if ((bits & (bits - 1)) == 0 &&
				    bits != 1U << len)
					match = 0;
			}
		}
		if (!match && t->class_wrong++ < 5)
			diag("class depths differ from the heap's (%zu bytes "
			    "in)", n);
	}
	if (decided) {
		t->decided++;
		t->fast_token += is_token;
		if (by_bound != by_heap && t->choice_wrong++ < 5)
			diag("bound chose block %d, zlib %d (%zu bytes in)",
			    by_bound, by_heap, n);
	}
}

int main(void)
{
#ifndef AGT_FAST_DEFLATE
	/* configure --disable-fast-deflate: the library compresses with
	 * zlib's deflate alone and deflate.c is not part of it. */
	skip_all("built with --disable-fast-deflate: deflate.c is not used");
#endif
	static uint8_t in[AGT_DEFLATE_SMALL_MAX];
	struct agt_deflate_work *w = calloc(1, agt_deflate_work_size());
	struct tally t = { 0 };
	const char *env = getenv("AGT_DEFLATE_BOUND_CASES");
	unsigned long cases = env != NULL ? strtoul(env, NULL, 10) : 20000;
	unsigned long k;
	size_t n;

	plan(7);
	if (w == NULL)
		bail("out of memory");
	/* Edge cases: nothing, one byte, one symbol many times, two. */
	check_input(w, in, 0, 0, &t);
	memset(in, 'a', 4000);
	check_input(w, in, 1, 0, &t);
	check_input(w, in, 4000, 0, &t);
	in[1] = 'b';
	check_input(w, in, 2, 0, &t);
	for (k = 0; k < cases; k++) {
		n = token_like(in);
		check_input(w, in, n, 1, &t);
		n = skewed(in);
		check_input(w, in, n, 0, &t);
		n = random_bytes(in);
		check_input(w, in, n, 0, &t);
	}
	diag("%lu inputs: bound held for %lu, class depths derived for %lu, "
	    "decided by the bound %lu (%lu of %lu token-like, of which %lu "
	    "not dynamic); %lu ambiguous "
	    "classes, %lu inputs with several tie orders followed, %lu with "
	    "a choice beside a batch, %lu with "
	    "risky segments, %lu stored by the bound",
	    t.inputs, t.bounded, t.classes, t.decided, t.fast_token, t.tokens,
	    t.tokens_not_dynamic, t.ambiguous, t.tie_orders, t.batch_choices,
	    t.risky_inputs, t.stored_by_bound);
	ok(t.above == 0, "the bound is never above the heap's opt_len "
	    "(%lu above)", t.above);
	ok(t.class_wrong == 0, "derived class depths are the heap's "
	    "(%lu differ)", t.class_wrong);
	ok(t.choice_wrong == 0, "where the bound decides, it decides as "
	    "zlib (%lu differ)", t.choice_wrong);
	ok(t.static_wrong == 0, "the fixed-code cost is the heap's "
	    "(%lu differ)", t.static_wrong);
	ok(t.fast_token * 7 >= t.tokens_not_dynamic * 6, "the bound decides "
	    "at least 6 in 7 of the token-like contents zlib sends fixed or "
	    "stored (%lu of %lu)", t.fast_token, t.tokens_not_dynamic);
	ok(t.ambiguous > 0 && t.risky_inputs > 0 && t.tie_orders > 0 &&
	    t.batch_choices > 0, "ambiguous classes, risky segments, several "
	    "tie orders and choices beside a batch were reached");
	ok(t.stored_by_bound > 0 && t.decided < t.inputs, "stored blocks "
	    "by the bound, and inputs left to the heap, were reached");
	free(w);
	return 0;
}
