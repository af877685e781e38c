#!/bin/sh
# SPDX-License-Identifier: MIT
# run-fuzz.sh - `make fuzz`: runs libFuzzer targets one after another,
# each for SECONDS on a scratch copy of its corpus (the committed corpus
# is never written), with its dictionary and the regression inputs as
# extra seeds, and prints each target's final figures: executions, cov
# (edges), ft (features), corpus size and crashes.  Crash, leak and
# timeout inputs land in BUILD/crashes/<target>/; copy real ones to
# tests/fuzz/regress/<target>/ once fixed.  Logs: BUILD/logs/<target>.log.
#
# usage: run-fuzz.sh SRCDIR BUILDDIR SECONDS [TARGET...]
# FUZZ_ARGS (environment) adds libFuzzer flags, e.g. FUZZ_ARGS=-jobs=2.
set -u
src=$1 build=$2 secs=$3
shift 3
[ $# -gt 0 ] || set -- token006 token007 token007raw query json route config request

dict_of() {
	case $1 in
	token006|token007) echo "$src/token.dict" ;;
	*) echo "$src/$1.dict" ;;
	esac
}

status=0
for t in "$@"; do
	prog="$build/$t-fuzz"
	work="$build/work/$t"
	crashes="$build/crashes/$t"
	log="$build/logs/$t.log"
	if [ ! -x "$prog" ]; then
		echo "$t: $prog not built (configure --enable-fuzzing CC=clang)" >&2
		status=1
		continue
	fi
	rm -rf "$work"
	mkdir -p "$work" "$crashes" "$build/logs"
	[ -d "$src/corpus/$t" ] && cp "$src/corpus/$t/"* "$work/" 2>/dev/null
	seeds=""
	[ -d "$src/regress/$t" ] && seeds="$src/regress/$t"
	dict=$(dict_of "$t")
	dictarg=""
	[ -f "$dict" ] && dictarg="-dict=$dict"
	echo "== $t: ${secs}s"
	# shellcheck disable=SC2086
	"$prog" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" $dictarg \
	    ${FUZZ_ARGS:-} "$work" $seeds >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(grep -E '^#[0-9]+.*ft: ' "$log" | tail -1 | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(grep -E '^#[0-9]+.*corp: ' "$log" | tail -1 | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
	ncrash=$(find "$crashes" -type f | wc -l)
	echo "$t: exit $rc, execs ${execs:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, crashes $ncrash"
	if [ $rc -ne 0 ] || [ "$ncrash" -ne 0 ]; then
		grep -E 'ERROR: |SUMMARY: ' "$log" | head -5
		status=1
	fi
done
exit $status
