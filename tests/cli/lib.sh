# SPDX-License-Identifier: MIT
# tests/cli/lib.sh - sourced by the agora-token CLI tests: a minimal TAP
# producer for shell, a scratch directory, and helpers that run the tool and
# read the official implementations' published known answers in
# vectors/peers/ (one file per language; ids ka-000 to ka-077 name the
# cases of python3, nodejs, go and cpp that the tests use).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
AGT="$top_builddir/src/agora-token"
VEC="$top_srcdir/vectors"
PEERS="$VEC/peers"

# The fixture of the official tests, published with the known answers.
KA_APP_ID=970CA35de60c44645bbae8a215061b33
KA_CERT=5CFd2fd1755d40ecb72977518be15d3b
KA_CHANNEL=7d72365eb983485397e3e3f9d460bdda

# Never let the caller's credentials leak into a test.
unset AGORA_APP_ID AGORA_APP_CERTIFICATE

tap_n=0
tap_failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/agt-cli-XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
fail() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
diag() { echo "# $*" | sed '2,$s/^/# /'; }
done_testing() { echo "1..$tap_n"; exit 0; }
# ok COND-EXIT-STATUS DESCRIPTION: "ok $? desc" after a test command.
ok() { st=$1; shift; if [ "$st" -eq 0 ]; then pass "$*"; else fail "$*"; fi; }

if [ ! -x "$AGT" ]; then
	echo "1..0 # SKIP $AGT is not built"
	exit 0
fi

# run ARGS...: runs the tool; sets $rc, and $tmp/out, $tmp/err.
run() {
	"$AGT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ka_line ID-PREFIX: the case of a published known answer.
ka_line() {
	cat "$PEERS"/*.jsonl | grep "\"id\": *\"$1" | head -n 1
}

# ka_token ID-PREFIX: the published token of a known answer.
ka_token() {
	ka_line "$1" | sed 's/.*"token": *"\([^"]*\)".*/\1/'
}

# is WANT GOT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "want: $1"
		diag " got: $2"
	fi
}

# contains FILE SUBSTRING DESCRIPTION
contains() {
	if grep -F -q -e "$2" "$1"; then
		pass "$3"
	else
		fail "$3"
		diag "no \"$2\" in: $(cat "$1")"
	fi
}

have() { command -v "$1" >/dev/null 2>&1; }
