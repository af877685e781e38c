#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/perf/cgi-spawn-t.sh - the CGI timer of tools/bench-http reports each
# program's own figures: one line per program in the order given, times
# that are positive and ordered (p90 >= median), the first program's ratio
# 1, and a peak resident memory that is the program's and not the timer's
# (with 64 MiB of touched ballast held by the timer, the trivial CGI
# program still peaks at a few MiB).  A program that fails or writes
# nothing makes the timer exit 1.  No time is judged.
: "${top_builddir:?run from make check}"

spawn=$top_builddir/tests/perf/cgi-spawn
trivial=$top_builddir/tests/perf/trivial-cgi
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
out=$(mktemp "${TMPDIR:-/tmp}/cgi-spawn-t.XXXXXX") || exit 1
trap 'rm -f "$out" "$out.err"' EXIT

"$spawn" -b 64 20 "$trivial" "$trivial" >"$out" 2>"$out.err"
ok $? "two programs, 20 runs each, with 64 MiB of ballast: exit 0"
[ "$(wc -l < "$out")" -eq 2 ] && [ "$(awk '$1 == p' p="$trivial" "$out" | wc -l)" -eq 2 ]
ok $? "one line per program"
awk '$2 + 0 > 0 && $3 + 0 >= $2 + 0 { f++ } END { exit f != 2 }' "$out"
ok $? "median and p90 wall time positive, p90 >= median"
awk 'NR == 1 { r = $5 } END { exit r != "1.000" }' "$out"
ok $? "the first program's ratio is 1.000"
# trivial-cgi maps the C library and one page of output: far below the
# 64 MiB the timer itself holds.
awk '$4 + 0 > 0 && $4 + 0 < 16384 { f++ } END { exit f != 2 }' "$out"
ok $? "peak RSS is the program's own: > 0 and < 16 MiB beside a 64 MiB timer"

"$spawn" 3 /bin/false >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "a program that exits non-zero: exit 1"
"$spawn" 3 /bin/true >/dev/null 2>&1
[ $? -eq 1 ]
ok $? "a program that writes nothing: exit 1"
"$spawn" 3 /nonexistent/cgi >/dev/null 2>"$out.err"
[ $? -eq 1 ] && grep -q 'cannot run /nonexistent/cgi' "$out.err"
ok $? "a program that cannot be run: exit 1, named on stderr"
"$spawn" 0 "$trivial" >/dev/null 2>&1
[ $? -eq 2 ]
ok $? "no runs: usage, exit 2"
[ "$n" -gt 0 ] && sed 's/^/# /' "$out"
echo "1..$n"
