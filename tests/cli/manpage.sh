#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/manpage.sh - agora-token(1) is valid mdoc (mandoc -Tlint
# -Werror, skipped when mandoc is absent), has the sections users look
# for, and documents every command and every flag the program's --help
# lists, so the page cannot fall behind the code.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

MAN="$top_srcdir/doc/agora-token.1"

if have mandoc; then
	if mandoc -Tlint -Werror "$MAN" >"$tmp/lint" 2>&1; then
		pass "mandoc -Tlint -Werror agora-token.1"
	else
		fail "mandoc -Tlint -Werror agora-token.1"
		diag "$(cat "$tmp/lint")"
	fi
else
	skip "mandoc is not installed (apt-get install mandoc)"
fi

for sec in NAME SYNOPSIS DESCRIPTION ENVIRONMENT "EXIT STATUS" EXAMPLES SECURITY; do
	if grep -q "^\.Sh $sec\$" "$MAN"; then
		pass "section $sec"
	else
		fail "section $sec"
	fi
done

for var in AGORA_APP_ID AGORA_APP_CERTIFICATE; do
	if grep -q "^\.It Ev $var" "$MAN"; then pass "ENVIRONMENT lists $var"; else fail "ENVIRONMENT lists $var"; fi
done
for st in 0 1 2 3 4; do
	if sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$MAN" | grep -q "^\.It $st\$"; then
		pass "EXIT STATUS documents $st"
	else
		fail "EXIT STATUS documents $st"
	fi
done

# Every command has its subsection; every flag of its --help is on the page.
for cmd in rtc rtm chat fpa apaas decode verify vectors; do
	if grep -q "^\.Ss $cmd\$" "$MAN"; then pass "subsection $cmd"; else fail "subsection $cmd"; fi
	"$AGT" "$cmd" --help | grep -o -e '--[a-z][a-z0-9-]*' | sort -u >"$tmp/flags"
	missing=""
	while read -r flag; do
		grep -q "Fl -${flag#--}\\>" "$MAN" || missing="$missing $flag"
	done <"$tmp/flags"
	if [ -z "$missing" ]; then
		pass "$cmd: every --help flag is documented ($(wc -l <"$tmp/flags") flags)"
	else
		fail "$cmd: flags missing from the man page:$missing"
	fi
done

done_testing
