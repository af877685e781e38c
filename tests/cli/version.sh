#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/version.sh - every place that shows the version shows the one
# in configure.ac's AC_INIT (PACKAGE_VERSION in config.h): agora-token
# --version (program and library), agora-token.fcgi --version (listed by
# its --help), and the version field of every man page in doc/ -- mdoc's
# ".Os agoratoken VERSION", or for a man(7) page the source argument of
# .TH, "agoratoken VERSION".  tests/unit/version-t checks the header's
# AGT_VERSION_STRING and agt_version().  Releasing a new version: change
# AC_INIT, then the man pages' version lines this test names.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

FCGI="$top_builddir/src/agora-token.fcgi"
V=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
if [ -z "$V" ]; then
	fail "PACKAGE_VERSION in $top_builddir/config.h"
	done_testing
fi
pass "configure's PACKAGE_VERSION is $V"

run --version
is "0 agora-token (agoratoken) $V, library $V" "$rc $(cat "$tmp/out")" \
    "agora-token --version names $V for the program and the library"

"$FCGI" --version >"$tmp/out" 2>"$tmp/err"
is "0 agora-token.fcgi $V (libagoratoken $V)" "$? $(cat "$tmp/out")" \
    "agora-token.fcgi --version names $V for the program and the library"
"$FCGI" --help >"$tmp/out" 2>&1
grep -q -e '--version' "$tmp/out"
ok $? "agora-token.fcgi --help lists --version"

pages=0
for page in "$top_srcdir"/doc/*.[1-8]; do
	[ -f "$page" ] || continue
	pages=$((pages + 1))
	name=${page##*/}
	if grep -q '^\.Dd' "$page"; then
		got=$(sed -n 's/^\.Os[ 	]*//p' "$page" | head -n 1)
		is "agoratoken $V" "$got" "$name (mdoc): .Os names agoratoken $V"
	else
		# .TH TITLE SECTION DATE SOURCE ...: the fourth argument.
		got=$(sed -n '/^\.TH[ 	]/{p;q;}' "$page" | awk '{
			line = substr($0, 4); n = 0
			while (length(line) > 0) {
				sub(/^[ \t]+/, "", line)
				if (line == "") break
				if (substr(line, 1, 1) == "\"") {
					line = substr(line, 2); i = index(line, "\"")
					if (i == 0) { arg = line; line = "" }
					else { arg = substr(line, 1, i - 1); line = substr(line, i + 1) }
				} else {
					i = match(line, /[ \t]/)
					if (i == 0) { arg = line; line = "" }
					else { arg = substr(line, 1, i - 1); line = substr(line, i) }
				}
				if (++n == 4) { print arg; exit }
			}
		}')
		is "agoratoken $V" "$got" "$name (man): .TH source names agoratoken $V"
	fi
done
[ $pages -gt 0 ]
ok $? "found the man pages in doc/ ($pages)"

done_testing
