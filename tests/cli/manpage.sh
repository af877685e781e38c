#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/manpage.sh - agora-token(1) is clean mdoc that renders
# (tests/docs/man.sh: mandoc -Tlint without a warning, man -l), has the
# sections users look for, and documents every command and every option
# the program's --help lists: the top-level help and each command's own,
# so the page cannot fall behind the code.  An option is documented when
# the page has it as a flag (".Fl -name" or ".Fl x") standing alone, not
# only as the start of a longer one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
. "$top_srcdir/tests/docs/man.sh"

MAN="$top_srcdir/doc/agora-token.1"

man_renders "$MAN"

for sec in NAME SYNOPSIS DESCRIPTION ENVIRONMENT "EXIT STATUS" EXAMPLES SECURITY "SEE ALSO"; do
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

# flags_documented LABEL HELPFILE: every option HELPFILE shows is a flag
# on the page: --name as "Fl -name", -x as "Fl x", followed by a blank or
# the end of the line.
flags_documented() {
	grep -o -E -e '--[a-z][a-z0-9-]*' "$2" | sort -u >"$tmp/flags"
	grep -o -E -e '(^|[][ ,(|])-[a-zA-Z]([][ ,)|]|$)' "$2" |
	    sed 's/^[][ ,(|]*//; s/[][ ,)|]*$//' | sort -u >>"$tmp/flags"
	missing=""
	while read -r flag; do
		grep -q -E "Fl ${flag#-}( |\$)" "$MAN" || missing="$missing $flag"
	done <"$tmp/flags"
	if [ -z "$missing" ]; then
		pass "$1: every --help option is documented ($(wc -l <"$tmp/flags") options)"
	else
		fail "$1: options missing from the man page:$missing"
	fi
}

# The top level: its options, and every command it lists.
"$AGT" --help >"$tmp/help" 2>&1
ok $? "agora-token --help exits 0"
flags_documented "agora-token --help" "$tmp/help"
sed -n 's/^  \([a-z][a-z0-9]*\) .*/\1/p' "$tmp/help" | sort -u >"$tmp/commands"
[ "$(wc -l <"$tmp/commands")" -ge 9 ]
ok $? "agora-token --help lists the commands ($(tr '\n' ' ' <"$tmp/commands"))"

# Every command has its subsection; every option of its --help is on the
# page.  "education" is apaas under EducationTokenBuilder's name.
for cmd in $(cat "$tmp/commands") education; do
	if [ "$cmd" = education ]; then
		grep -q '^\.Cm education' "$MAN"
		ok $? "education is named on the page"
	elif grep -q "^\.Ss $cmd\$" "$MAN"; then
		pass "subsection $cmd"
	else
		fail "subsection $cmd"
	fi
	"$AGT" "$cmd" --help >"$tmp/help" 2>&1
	st=$?
	if [ $st -ne 0 ] || [ ! -s "$tmp/help" ]; then
		fail "agora-token $cmd --help prints its help and exits 0 (exit $st)"
		continue
	fi
	flags_documented "$cmd" "$tmp/help"
done

done_testing
