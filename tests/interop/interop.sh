#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/interop/interop.sh - `make check` entry of the live differential
# test against the official npm packages (see tests/interop/README.md).
# Runs the harness with a fixed seed and one random seed (printed), 20,000
# cases each, against the CLI just built.  Needs node and the npm packages
# pinned in package-lock.json; when no tree has them they are installed
# with `npm ci` into the build tree (tests/npm-pins.sh).  When node is
# missing, or the packages cannot be installed (no registry), the test
# says so as `not ok` with what to run, never a silent skip.
#
# Environment: top_srcdir, top_builddir, AGT_NPM_TREES (set by make
# check); AGORA_TOKEN_BIN (CLI to test; default
# $top_builddir/src/agora-token); AGT_INTEROP_NODE_MODULES (a node_modules
# directory to use instead of searching); AGT_INTEROP_CASES (per seed).
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
here="$top_srcdir/tests/interop"
cli="${AGORA_TOKEN_BIN:-$top_builddir/src/agora-token}"
cases="${AGT_INTEROP_CASES:-20000}"
. "$top_srcdir/tests/npm-pins.sh"

if ! command -v node >/dev/null 2>&1; then
	echo "1..1"
	echo "not ok 1 - node is installed (the interop test needs it: apt-get install nodejs npm)"
	exit 0
fi
if [ -n "${AGT_INTEROP_NODE_MODULES:-}" ]; then
	modules=$AGT_INTEROP_NODE_MODULES
	if ! agt_npm_has "$modules" agora-token/package.json agora-access-token/package.json; then
		echo "1..1"
		echo "not ok 1 - npm packages installed in \$AGT_INTEROP_NODE_MODULES=$modules (run: npm ci --prefix $(dirname "$modules"))"
		exit 0
	fi
elif agt_npm_modules interop agora-token/package.json agora-access-token/package.json; then
	modules=$AGT_NPM_DIR
else
	echo "1..1"
	echo "not ok 1 - npm packages agora-token and agora-access-token installed"
	echo "# $AGT_NPM_WHY"
	exit 0
fi

# The harness prints TAP itself, including its plan; its exit status only
# repeats the not-ok lines, so it is not passed on to the TAP driver.
node "$here/harness.js" run --cli "$cli" --modules "$modules" \
	--seed 20250101 --seed random --cases "$cases"
exit 0
