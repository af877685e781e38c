#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/responder/manpage.sh - agora-token.fcgi(8) is clean mdoc that
# renders (tests/docs/man.sh), has the sections an operator looks for, and
# documents every option the responder's --help shows, the signals it
# stops on and every variable of the process environment it reads (the
# names in getenv() calls and in config.c's lists of variable names), so
# the page cannot fall behind the code.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
. "$top_srcdir/tests/docs/man.sh"

MAN="$top_srcdir/doc/agora-token.fcgi.8"
FCGI="$top_builddir/src/agora-token.fcgi"

man_renders "$MAN"

for sec in NAME SYNOPSIS DESCRIPTION SIGNALS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	if grep -q "^\.Sh $sec\$" "$MAN"; then
		pass "section $sec"
	else
		fail "section $sec"
	fi
done

# Every option of --help is a flag on the page, standing alone.
"$FCGI" --help >"$tmp/help" 2>&1
ok $? "agora-token.fcgi --help exits 0"
grep -o -E -e '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u >"$tmp/flags"
[ -s "$tmp/flags" ]
ok $? "agora-token.fcgi --help shows options ($(tr '\n' ' ' <"$tmp/flags"))"
missing=""
while read -r flag; do
	grep -q -E "Fl ${flag#-}( |\$)" "$MAN" || missing="$missing $flag"
done <"$tmp/flags"
if [ -z "$missing" ]; then
	pass "every --help option is documented"
else
	fail "options missing from the man page:$missing"
fi

# The signals the responder installs a handler for, from its source.
sigs=$(grep -o -E 'sigaction\(SIG[A-Z0-9]+' "$top_srcdir/src/responder/fcgi_main.c" |
    sed 's/sigaction(//' | sort -u)
[ -n "$sigs" ]
ok $? "fcgi_main.c installs handlers ($(echo $sigs))"
for sig in $sigs SIGPIPE; do
	sed -n '/^\.Sh SIGNALS/,/^\.Sh /p' "$MAN" | grep -q "Dv $sig\\>"
	ok $? "SIGNALS documents $sig"
done

# Every variable of the process environment the responder reads.
cat "$top_srcdir"/src/responder/*.c |
    grep -o -E 'getenv\("[A-Z_]+"\)|"(AGORA_|APP_)[A-Z_]+"' |
    grep -o -E '[A-Z][A-Z_]+' | sort -u >"$tmp/vars"
[ "$(wc -l <"$tmp/vars")" -ge 5 ]
ok $? "the responder reads $(tr '\n' ' ' <"$tmp/vars")"
while read -r var; do
	sed -n '/^\.Sh ENVIRONMENT/,/^\.Sh /p' "$MAN" | grep -q -E "^\.It .*Ev $var( |\$)"
	ok $? "ENVIRONMENT documents $var"
done <"$tmp/vars"

for st in 0 1 2; do
	sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$MAN" | grep -q "^\.It $st\$"
	ok $? "EXIT STATUS documents $st"
done

# Every example configuration the page cites exists.
grep -o 'www/examples/[a-z0-9.-]*' "$MAN" | sort -u >"$tmp/examples"
[ -s "$tmp/examples" ]
ok $? "EXAMPLES cite www/examples"
while read -r f; do
	[ -e "$top_srcdir/$f" ]
	ok $? "$f exists"
done <"$tmp/examples"

done_testing
