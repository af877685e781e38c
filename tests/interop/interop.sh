#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/interop/interop.sh - `make check` entry of the live differential
# test against the official npm packages (see tests/interop/README.md).
# Runs the harness with a fixed seed and one random seed (printed), 20,000
# cases each, against the CLI just built.  Needs node and the npm packages
# (`npm ci --prefix tests/interop`, done by tools/test); when either is
# missing the test says so as `not ok`, never a silent skip.
#
# Environment: top_srcdir, top_builddir (set by make check);
# AGORA_TOKEN_BIN (CLI to test; default $top_builddir/src/agora-token);
# AGT_INTEROP_NODE_MODULES (where the npm packages are; default
# $top_srcdir/tests/interop/node_modules); AGT_INTEROP_CASES (per seed).
set -u
here="${top_srcdir:-$(dirname "$0")/../..}/tests/interop"
cli="${AGORA_TOKEN_BIN:-${top_builddir:-.}/src/agora-token}"
modules="${AGT_INTEROP_NODE_MODULES:-$here/node_modules}"
cases="${AGT_INTEROP_CASES:-20000}"

if ! command -v node >/dev/null 2>&1; then
	echo "1..1"
	echo "not ok 1 - node is installed (the interop test needs it: apt-get install nodejs npm)"
	exit 0
fi
if [ ! -f "$modules/agora-token/package.json" ] || [ ! -f "$modules/agora-access-token/package.json" ]; then
	echo "1..1"
	echo "not ok 1 - npm packages installed in $modules (run: npm ci --prefix tests/interop)"
	exit 0
fi

# The harness prints TAP itself, including its plan; its exit status only
# repeats the not-ok lines, so it is not passed on to the TAP driver.
node "$here/harness.js" run --cli "$cli" --modules "$modules" \
	--seed 20250101 --seed random --cases "$cases"
exit 0
