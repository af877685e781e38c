#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/bench.sh - the output tools/bench reads from `agora-token
# bench`: one row per selected case, builder rows ending with us/token,
# tokens/s, floor us and x floor (all numbers, the floor below the token's
# time times its ratio), the floor line and the last line.  Timing itself
# is never asserted (machines are shared); the shape and the arithmetic
# are.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

run bench --only rtc006,rtc007,parse007 --runs 1 --seconds 1
is 0 "$rc" "bench --only rtc006,rtc007,parse007 exits 0"
for c in rtc006 rtc007; do
	awk -v c="$c" '$1 == c {
		us = $(NF-3); tps = $(NF-2); fl = $(NF-1); x = $NF
		if (us > 0 && tps > 0 && fl > 0 && x > 0 &&
		    (us / fl - x) ^ 2 < 0.01 + 0.0001 * x * x) found = 1 }
	    END { exit !found }' "$tmp/out"
	ok $? "$c row: us/token, tokens/s, floor us and its ratio, consistent" ||
	    diag "$(grep "^$c" "$tmp/out")"
done
n=$(awk '$1 == "parse007" { print NF }' "$tmp/out")
# "parse007", "parse", "007", "(RTC", "publisher)", us/token, tokens/s
is 7 "$n" "a parse row has no floor columns"
tail -n 2 "$tmp/out" | head -n 1 | grep -q -E '^floor: 006 [0-9.]+ µs \(token [0-9.]+x\), 007 [0-9.]+ µs \(token [0-9.]+x\)$'
ok $? "the line before the last gives both floors" || diag "$(tail -n 2 "$tmp/out")"
tail -n 1 "$tmp/out" | grep -q -E '^006 [0-9.]+ µs/token, 007 [0-9.]+ µs/token$'
ok $? "the last line is the one tools/bench reads" || diag "$(tail -n 1 "$tmp/out")"

run bench --only nosuch --runs 1 --seconds 1
[ "$rc" -ne 0 ]
ok $? "bench --only with an unknown case fails"
grep -q nosuch "$tmp/err"
ok $? "and names it" || diag "$(cat "$tmp/err")"

done_testing
