#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/docs/xref.sh - every file of the tree that a comment or a document
# names exists (tests/docs/xref.py says what counts as a reference and
# what resolves it), so that references cannot rot when files move.  The
# files read are the ones git tracks, so the check needs a git checkout:
# from a release tarball (make distcheck) it is skipped.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is not installed (apt-get install python3)"
	exit 0
fi
# The top of a checkout, not a directory inside one (distcheck unpacks the
# tarball in the build tree, which may lie in the checkout).
gittop=$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)
if [ -z "$gittop" ] ||
    [ "$(cd "$gittop" && pwd -P)" != "$(cd "$top_srcdir" && pwd -P)" ]; then
	echo "1..0 # SKIP $top_srcdir is not the top of a git checkout"
	exit 0
fi
exec python3 "$top_srcdir/tests/docs/xref.py" "$top_srcdir"
