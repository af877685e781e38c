#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/responder/linkage.sh - what the programs need at run time, from
# their ELF NEEDED entries (readelf, nothing executed).  The responder and
# the CLI carry the library's objects, so neither needs libagoratoken.so:
# a CGI process has one shared library less to find and link per request.
# Built with configure --enable-static-deps (AGT_STATIC_DEPS in config.h),
# neither needs libmbedcrypto, libz or libfcgi either, and the responder
# still answers a CGI request with a token.
: "${top_builddir:?run from make check}"

n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

if ! command -v readelf >/dev/null 2>&1; then
	echo "1..0 # SKIP readelf (binutils) not installed"
	exit 0
fi
static=0
grep -q '^#define AGT_STATIC_DEPS 1' "$top_builddir/config.h" && static=1

for prog in agora-token.fcgi agora-token; do
	bin="$top_builddir/src/$prog"
	needed=$(readelf -d "$bin" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p' | tr '\n' ' ')
	[ -n "$needed" ]
	ok $? "$prog is a dynamic executable we can read (needs: $needed)"
	case " $needed " in *" libagoratoken.so"*) st=1 ;; *) st=0 ;; esac
	ok $st "$prog does not need libagoratoken.so"
	if [ $static -eq 1 ]; then
		st=0
		for lib in libmbedcrypto libz libfcgi; do
			case " $needed " in *" $lib.so"*) st=1 ;; esac
		done
		ok $st "--enable-static-deps: $prog needs none of libmbedcrypto, libz, libfcgi"
	fi
done

if [ $static -eq 1 ]; then
	out=$(env -i AGORA_APP_ID=970CA35de60c44645bbae8a215061b33 \
	    AGORA_APP_CERTIFICATE=5CFd2fd1755d40ecb72977518be15d3b AGORA_TOKEN_CONFIG= \
	    REQUEST_METHOD=GET PATH_INFO=/v1/rtc QUERY_STRING='channel=c&uid=7&role=publisher' \
	    "$top_builddir/src/agora-token.fcgi" </dev/null 2>&1)
	printf '%s' "$out" | grep -q '"token":"007'
	ok $? "--enable-static-deps: the responder answers a CGI request with a 007 token"
fi
echo "1..$n"
