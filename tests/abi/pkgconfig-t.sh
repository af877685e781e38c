#!/bin/sh
# SPDX-License-Identifier: MIT
# pkgconfig-t - agoratoken.pc (made by configure from agoratoken.pc.in)
# tells a program how to build against the library: its version is the
# package's, a shared link needs only -lagoratoken, a static link also gets
# mbedTLS (Libs.private) and zlib (Requires.private), and a program built
# with the flags it gives, against this build's header and library, runs.
: "${top_srcdir:=.}" "${top_builddir:=.}"
pc="$top_builddir/agoratoken.pc"

if ! command -v pkg-config >/dev/null 2>&1; then
	echo "1..0 # skip pkg-config not found (Debian: pkg-config)"
	exit 0
fi
if [ ! -f "$pc" ]; then
	echo "1..0 # skip $pc not made (run configure)"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# The file as installed would be found, with this build's prefix; for the
# program below the header and library come from the trees instead.
PKG_CONFIG_PATH="$top_builddir"; export PKG_CONFIG_PATH

echo "1..6"
n=0
check() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

pkg-config --validate agoratoken 2>"$tmp/err"; check $? "pkg-config --validate accepts agoratoken.pc"
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"

want=$(sed -n 's/^AC_INIT(\[agoratoken\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
got=$(pkg-config --modversion agoratoken)
[ -n "$want" ] && [ "$got" = "$want" ]; check $? "Version is the package's ($got, configure.ac $want)"

libs=$(pkg-config --libs agoratoken)
echo "$libs" | grep -q -- '-lagoratoken' && ! echo "$libs" | grep -q -e '-lmbedcrypto' -e '-lz\b'
check $? "shared link: --libs is just the library ($libs)"

slibs=$(pkg-config --static --libs agoratoken)
echo "$slibs" | grep -q -- '-lmbedcrypto' && echo "$slibs" | grep -q -- '-lz'
check $? "static link: --static --libs adds mbedTLS and zlib ($slibs)"

cat >"$tmp/prog.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <agoratoken.h>
int main(void)
{
	const char *v = agt_version();
	printf("%s\n", v);
	return v != NULL && strlen(v) > 0 && agt_signature_bytes() == 32 ? 0 : 1;
}
C
# A sanitizer build's library needs its runtime linked into the program.
san=
ldd "$top_builddir/src/.libs/libagoratoken.so" 2>/dev/null | grep -q libasan &&
	san="-fsanitize=address,undefined"
# shellcheck disable=SC2046,SC2086
${CC:-cc} $san -o "$tmp/prog" "$tmp/prog.c" -I"$top_srcdir/src" -I"$top_builddir/src" $(pkg-config --cflags agoratoken) \
	-L"$top_builddir/src/.libs" $(pkg-config --libs agoratoken) 2>"$tmp/cc.err"
check $? "a program compiles and links with pkg-config's flags"
[ -s "$tmp/cc.err" ] && sed 's/^/# /' "$tmp/cc.err"
out=$(LD_LIBRARY_PATH="$top_builddir/src/.libs" "$tmp/prog" 2>&1)
check $? "and runs against the built library (agt_version: $out)"
