#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tools/demo --check: the newcomer's command starts lighttpd with the
# responder and the playground on a free port, tests itself with curl, and
# stops, leaving no process and no temporary file behind.  Uses this build
# (--build-dir, --no-build) and never calls apt-get (--no-install).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"

need curl "HTTP client" curl
need lighttpd "the demo's web server" lighttpd
need_programs

tmp=$(mktemp -d "${TMPDIR:-/tmp}/agt-e2e-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
port=$(agt_pick_port)
TMPDIR=$tmp timeout 60 "$top_srcdir/tools/demo" --check --no-install --no-build \
	--build-dir "$top_builddir" --port "$port" >"$tmp/out" 2>&1
st=$?
n=0
while IFS= read -r line; do
	case $line in
	"ok   - "*) pass "demo: ${line#ok   - }"; n=$((n + 1)) ;;
	"FAIL - "*) fail "demo: ${line#FAIL - }"; n=$((n + 1)) ;;
	*) diag "$line" ;;
	esac
done < "$tmp/out"
is "$n" 5 "tools/demo --check ran its 5 checks"
is "$st" 0 "tools/demo --check exits 0"
left=$(find "$tmp" -mindepth 1 -maxdepth 1 -name 'agora-token-demo.*' -type d | wc -l)
is "$left" 0 "tools/demo removed its temporary directory"
pgrep -f "$tmp/" >/dev/null
is "$?" 1 "no lighttpd or responder left running"
t_done
