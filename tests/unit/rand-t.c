/* SPDX-License-Identifier: MIT */
/*
 * rand-t - defends the salt source: every salt lies in
 * AGT_SALT_MIN..AGT_SALT_MAX (the reference's randint(1, 99999999)), the
 * values vary, and both halves of the range occur, which a stuck or
 * truncated generator would not produce.
 */
#include "config.h"

#include "internal.h"
#include "tap/tap.h"

int main(void)
{
	uint32_t s, first = 0, lo = 0xffffffffU, hi = 0;
	int i, bad = 0, fails = 0, varied = 0, low_half = 0, high_half = 0;

	plan_lazy();
	for (i = 0; i < 1000; i++) {
		if (agt_rand_salt(&s) != AGT_OK) {
			fails++;
			continue;
		}
		if (s < AGT_SALT_MIN || s > AGT_SALT_MAX)
			bad++;
		if (i == 0)
			first = s;
		else if (s != first)
			varied = 1;
		if (s < lo)
			lo = s;
		if (s > hi)
			hi = s;
		if (s <= AGT_SALT_MAX / 2)
			low_half++;
		else
			high_half++;
	}
	is_int(0, fails, "1000 salts drawn");
	is_int(0, bad, "all within 1..99999999");
	ok(varied, "not all equal");
	ok(low_half > 300 && high_half > 300,
	    "both halves of the range occur (%d / %d)", low_half, high_half);
	diag("min %u max %u", lo, hi);
	return 0;
}
