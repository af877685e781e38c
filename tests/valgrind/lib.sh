# SPDX-License-Identifier: MIT
# lib.sh - shared by the valgrind suites (sourced, POSIX sh): runs one
# program of the build under memcheck through libtool (so the real binary,
# not its wrapper script, is checked, with the uninstalled library) and
# prints one TAP line: the exit status is the expected one, and valgrind
# reports 0 errors, every leak kind counting as an error.

: "${top_srcdir:?run from make check-valgrind}"
: "${top_builddir:?run from make check-valgrind}"

VALGRIND=${VALGRIND:-}
[ -n "$VALGRIND" ] || VALGRIND=$(command -v valgrind 2>/dev/null || true)
if [ -z "$VALGRIND" ]; then
	echo "1..0 # SKIP valgrind not found (Debian package valgrind)"
	exit 0
fi

VG_OPTS="--leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
 --error-exitcode=1 --track-fds=no --num-callers=30
 --suppressions=$top_srcdir/tests/valgrind/agoratoken.supp"

# The reference's public sample credentials (never a real secret).
VG_APP_ID=970CA35de60c44645bbae8a215061b33
VG_CERT=5CFd2fd1755d40ecb72977518be15d3b

VG_WORK=$(mktemp -d "${TMPDIR:-/tmp}/agt-vg.XXXXXX")
chmod 700 "$VG_WORK"
trap 'rm -rf "$VG_WORK"' EXIT

VG_N=0
VG_FAILED=0

# vg NAME WANT_STATUS STDIN_FILE PROGRAM ARG...
#   Runs PROGRAM (a path in the build tree) under memcheck with the
#   environment the caller exported; stdout goes to $VG_WORK/NAME.out.
vg() {
	name=$1 want=$2 input=$3
	shift 3
	VG_N=$((VG_N + 1))
	log="$VG_WORK/$name.vg"
	# shellcheck disable=SC2086
	"$top_builddir/libtool" --mode=execute "$VALGRIND" $VG_OPTS \
	    --log-file="$log" "$@" <"$input" >"$VG_WORK/$name.out" \
	    2>"$VG_WORK/$name.err"
	got=$?
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
	if [ "${errs:-x}" = 0 ] && [ "$got" = "$want" ]; then
		echo "ok $VG_N - $name: exit $got, 0 errors, 0 leaks"
	else
		echo "not ok $VG_N - $name: exit $got (want $want), valgrind errors ${errs:-?}"
		grep -v '^==[0-9]*== *$' "$log" | sed 's/^/# /' | head -60
		sed 's/^/# stderr: /' "$VG_WORK/$name.err" | head -5
		VG_FAILED=$((VG_FAILED + 1))
	fi
}

# Asserts that the last vg run's stdout contains a fixed string.
vg_out_has() { # NAME STRING DESCRIPTION
	VG_N=$((VG_N + 1))
	if grep -qF -- "$2" "$VG_WORK/$1.out"; then
		echo "ok $VG_N - $3"
	else
		echo "not ok $VG_N - $3"
		sed 's/^/# /' "$VG_WORK/$1.out" | head -10
		VG_FAILED=$((VG_FAILED + 1))
	fi
}

vg_done() {
	echo "1..$VG_N"
	[ "$VG_FAILED" -eq 0 ]
}
