#!/bin/sh
# SPDX-License-Identifier: MIT
# replay.sh - the fuzz corpora as a regression test: every file of
# tests/fuzz/corpus/<target>/ and tests/fuzz/regress/<target>/ goes once
# through that target (built with the replay driver, or with ASan/UBSan in
# a sanitizer or fuzzing build).  One TAP line per target.
: "${top_srcdir:?run from make check}"
: "${top_builddir:?run from make check}"

targets="token006 token007 token007raw query json route config request"
set -- $targets
echo "1..$#"
n=0
fail=0
for t in $targets; do
	n=$((n + 1))
	prog="$top_builddir/tests/fuzz/$t-replay"
	dirs=""
	for d in corpus regress; do
		[ -d "$top_srcdir/tests/fuzz/$d/$t" ] && dirs="$dirs $top_srcdir/tests/fuzz/$d/$t"
	done
	want=0
	for d in $dirs; do
		c=$(find "$d" -maxdepth 1 -type f ! -name '.*' | wc -l)
		want=$((want + c))
	done
	if [ ! -x "$prog" ]; then
		echo "not ok $n - $t: $prog was not built"
		fail=1
		continue
	fi
	out=$("$prog" $dirs 2>"$top_builddir/tests/fuzz/$t-replay.err")
	rc=$?
	if [ $rc -eq 0 ] && [ "$out" = "$want" ] && [ "$want" -gt 0 ]; then
		echo "ok $n - $t: all $want corpus files replayed without crash"
	else
		echo "not ok $n - $t: replayed ${out:-?} of $want files, exit status $rc"
		sed 's/^/# /' "$top_builddir/tests/fuzz/$t-replay.err" | tail -40
		fail=1
	fi
	rm -f "$top_builddir/tests/fuzz/$t-replay.err"
done
exit $fail
