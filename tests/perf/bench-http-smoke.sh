#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/perf/bench-http-smoke.sh - tools/bench-http runs end to end: one
# very short round behind lighttpd, Apache and nginx, the CGI rows (Apache
# mod_cgid and spawned directly) and the memory rows, and its report has
# every row with numbers and a verdict on every target.  Times are never
# judged here (a shared machine is too noisy); that the benchmark works,
# and that every responder it measured answered, is.  The run needs root
# and the three servers (skipped otherwise); --help, which documents every
# option the script takes, is checked everywhere.
: "${top_srcdir:?run from make check}"
: "${top_builddir:?run from make check}"

n=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi | tee -a "$log"
}
skip_rest() { echo "ok $((n + 1)) # SKIP $1"; echo "1..$((n + 1))"; exit 0; }
bench=$top_srcdir/tools/bench-http
out=$(mktemp "${TMPDIR:-/tmp}/bench-http-smoke.XXXXXX") || exit 1
log=$out.tap
trap 'rm -f "$out" "$out.err" "$log"' EXIT

"$bench" --help >"$out" 2>"$out.err"
[ $? -eq 0 ] && [ ! -s "$out.err" ]
ok $? "--help exits 0, on standard output"
# Every option the argument loop takes ("--name)" or "--a|--b)") is
# explained in --help on a line of its own.
missing=""
for o in $(sed -n '/^while \[ \$# -gt 0 \]/,/^done/p' "$bench" |
	sed -n 's/^[[:space:]]*\(-[-a-z|]*\)).*/\1/p' | tr '|' ' '); do
	grep -q -E "^  +$o([ ,]|$)|^  +[-a-z, ]*, $o([ ,]|$)" "$out" || missing="$missing $o"
done
[ -z "$missing" ]
ok $? "--help explains every option${missing:+ (missing:$missing)}"
"$bench" --no-such-option >/dev/null 2>"$out.err"
[ $? -eq 2 ] && grep -q 'unknown argument --no-such-option' "$out.err" && grep -q '^Usage:' "$out.err"
ok $? "an unknown option: exit 2, named, with the synopsis on stderr"

[ "$(id -u)" -eq 0 ] || skip_rest "the run needs root (Apache and nginx workers drop privileges)"
for c in wrk ab lighttpd apache2 nginx curl python3; do
	command -v "$c" >/dev/null 2>&1 || skip_rest "$c not installed"
done
"$bench" --build "$top_builddir" --duration 1 --procs 1 \
	--connections 8 --cgi-runs 40 --memory-requests 2000 >"$out" 2>"$out.err"
ok $? "tools/bench-http ran to its end (exit 0)"

for s in lighttpd apache nginx; do
	for k in trivial trivial-pc ours; do
		awk -v s="$s" -v k="$k" '$1 == s && $2 == 1 && $3 == k && $4 + 0 > 0 && $7 == "0" { f = 1 }
			END { exit !f }' "$out"
		ok $? "$s, 1 process, $k: req/s measured, no errors"
	done
	grep -E "^$s +1 +ours .*ours/trivial-pc [0-9.]+ % \(target >= (95|90) %: (met|MISSED)\)" "$out" >/dev/null
	ok $? "$s: ours is judged against trivial-pc"
done
for s in lighttpd apache nginx; do
	for k in trivial-pc ours; do
		awk -v s="$s" -v k="$k" '$1 == s && $2 == 1 && $3 == k && NF == 8 && $4 + 0 > 0 && $5 + 0 > 0 &&
			$6 + 0 > 0 && $8 + 0 > 0 { f = 1 } END { exit !f }' "$out"
		ok $? "$s, 1 process, $k: CPU per request of the responders, the server, wrk and the machine"
	done
done
[ "$(grep -c -E '^ +ours adds -?[0-9.]+ us in its processes and -?[0-9.]+ us of machine time; a (95|90) % share of trivial-pc allows [0-9.]+$' "$out")" -eq 3 ]
ok $? "every server's budget line: what ours adds and what the target share allows"
for k in trivial trivial-libs ours; do
	awk -v k="$k" '$1 == "apache" && $2 == k && $3 + 0 > 0 && $6 == "0" { f = 1 } END { exit !f }' "$out"
	ok $? "CGI behind Apache mod_cgid, $k: req/s measured, no errors"
	awk -v k="$k" '$1 == "spawned" && $2 == k && $3 + 0 > 0 && $4 + 0 >= $3 + 0 { f = 1 } END { exit !f }' "$out"
	ok $? "CGI spawned directly, $k: median and p90 time measured"
done
grep -E "^spawned +ours +.*x \(target <= 1.5x: (met|MISSED)\)" "$out" >/dev/null
ok $? "the CGI target is judged"
grep -E "^spawned +trivial-libs +.*x \(loading the shared libraries alone; not judged\)" "$out" >/dev/null
ok $? "trivial-libs is shown beside the target, not judged"
for k in trivial trivial-libs ours; do
	awk -v k="cgi-$k" '$1 == k && NF == 4 && $2 + 0 >= 1 && $3 + 0 > 0 && $4 ~ /^[0-9]+$/ { f = 1 } END { exit !f }' "$out"
	ok $? "dynamic loading of $k: shared objects and relocations counted"
done
# The baseline means something only if it maps what ours maps.
[ "$(awk '$1 == "cgi-trivial-libs" && NF == 4 { print $2 }' "$out")" = \
  "$(awk '$1 == "cgi-ours" && NF == 4 { print $2 }' "$out")" ]
ok $? "trivial-libs maps as many shared objects as ours"
for k in ours trivial; do
	awk -v k="$k" '$1 == k && $2 == 2000 && $3 == "0" && $4 + 0 > 0 && $5 + 0 > 0 { f = 1 } END { exit !f }' "$out"
	ok $? "memory: one $k process answered 2000 requests without a failure; VmRSS and VmHWM read"
done
for k in trivial ours; do
	awk -v k="cgi-$k" '$1 == k && NF == 2 && $2 + 0 > 0 { f = 1 } END { exit !f }' "$out"
	ok $? "memory: peak RSS of one CGI run of $k"
done
grep -q -E "^machine: .*CPU, " "$out"
ok $? "the report names the CPU"
tail -n 1 "$out" | grep -q -E "^(all targets met|[0-9]+ target\(s\) missed)$"
ok $? "the last line sums up the targets"
sed 's/^/# /' "$out"
if grep -q '^not ok' "$log"; then
	echo "# its standard error:"
	sed 's/^/# /' "$out.err"
fi
echo "1..$n"
