#!/bin/sh
# SPDX-License-Identifier: MIT
# exports-t - defends the library's ABI surface: the shared object exports
# exactly the functions agoratoken.h declares with AGT_EXPORT, all named
# agt_*, and none of the internal helpers (packer, base64, HMAC wrappers),
# which are compiled with hidden visibility.  The list the link uses
# (src/lib/libagoratoken.sym, -export-symbols) is that same set, so a
# function added to the header without the list (or the reverse) fails
# here; and the SONAME matches the Debian package name (debian/control's
# libagoratokenN ships libagoratoken.so.N).
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
sym="$top_srcdir/src/lib/libagoratoken.sym"
LC_ALL=C sort -c "$sym" 2>/dev/null; sym_sorted=$?
sort -u "$sym" >"$tmp/listed"

echo "1..10"
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

listed_only=$(comm -13 "$tmp/declared" "$tmp/listed")
declared_only=$(comm -23 "$tmp/declared" "$tmp/listed")
[ -z "$listed_only$declared_only" ]; check $? "src/lib/libagoratoken.sym lists exactly the header's AGT_EXPORT functions"
[ -n "$listed_only" ] && echo "$listed_only" | sed 's/^/# listed, not declared: /'
[ -n "$declared_only" ] && echo "$declared_only" | sed 's/^/# declared, not listed: /'

cmp -s "$tmp/exported" "$tmp/listed"; check $? "the library exports exactly the symbol list"

[ "$sym_sorted" = 0 ] && [ "$(wc -l <"$sym")" = "$(wc -l <"$tmp/listed")" ]
check $? "the symbol list is sorted, one name a line, no duplicates"

soname=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
pkg=$(sed -n 's/^Package: \(libagoratoken[0-9][0-9]*\)$/\1/p' "$top_srcdir/debian/control" 2>/dev/null)
if [ -z "$soname" ]; then
	n=$((n + 1)); echo "ok $n # skip readelf not found"
else
	like=$(printf '%s' "$soname" | grep -c '^libagoratoken\.so\.[0-9][0-9]*$')
	[ "$like" = 1 ]; check $? "SONAME is libagoratoken.so.N ($soname)"
fi
if [ -z "$soname" ] || [ -z "$pkg" ]; then
	n=$((n + 1)); echo "ok $n # skip no SONAME or no debian/control to compare"
else
	[ "libagoratoken.so.${pkg#libagoratoken}" = "$soname" ]
	check $? "SONAME $soname matches the Debian package $pkg"
fi
