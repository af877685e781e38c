#!/bin/sh
# SPDX-License-Identifier: MIT
# exports-t - defends the library's ABI surface: the shared object exports
# exactly the functions agoratoken.h declares with AGT_EXPORT, all named
# agt_*, and none of the internal helpers (packer, base64, HMAC wrappers),
# which are compiled with hidden visibility.
: "${top_srcdir:=.}" "${top_builddir:=.}"
so="$top_builddir/src/.libs/libagoratoken.so"
hdr="$top_srcdir/src/agoratoken.h"

if ! command -v nm >/dev/null 2>&1; then
	echo "1..0 # skip nm not found"
	exit 0
fi
if [ ! -f "$so" ]; then
	echo "1..0 # skip no shared library built ($so)"
	exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$so" | awk '$2 ~ /^[A-Z]$/ { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"
grep '^AGT_EXPORT' "$hdr" | sed 's/.*[ *]\(agt_[a-z0-9_]*\)(.*/\1/' | sort -u >"$tmp/declared"

echo "1..5"
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

bad=$(grep -v '^agt_' "$tmp/exported")
[ -z "$bad" ]; check $? "every exported symbol starts with agt_"
[ -n "$bad" ] && echo "$bad" | sed 's/^/# outside the prefix: /'

extra=$(comm -23 "$tmp/exported" "$tmp/declared")
[ -z "$extra" ]; check $? "no symbol beyond the header's AGT_EXPORT list"
[ -n "$extra" ] && echo "$extra" | sed 's/^/# not declared: /'

missing=$(comm -13 "$tmp/exported" "$tmp/declared")
[ -z "$missing" ]; check $? "every AGT_EXPORT function is exported"
[ -n "$missing" ] && echo "$missing" | sed 's/^/# not exported: /'

internal=$(grep -E '^agt_(wr|rd|b64|hmac|zip|rand|keys|md5|emit|pin|signing)_' "$tmp/exported")
[ -z "$internal" ]; check $? "internal helpers stay hidden"

count=$(wc -l <"$tmp/declared")
[ "$count" -ge 40 ]; check $? "header declares the full API ($count functions)"
