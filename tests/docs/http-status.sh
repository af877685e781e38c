#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/docs/http-status.sh - the HTTP statuses and error codes the
# documentation lists are the ones agora-token.fcgi can answer with, so
# neither can drift from the code.  From the responder's sources: the
# error table of codes.c (code -> status) restricted to the codes some
# file other than that table uses, plus the statuses set literally (200
# answers, the 204 preflight, the 500 default); every one of those must
# have a reason phrase in rsp_status_text().  Then the "Status codes"
# table of doc/http-api.md and the status table of README.md must list
# exactly those statuses, and the "Errors" table of doc/http-api.md
# exactly those codes, each under its status.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

RSP="$top_srcdir/src/responder"
API="$top_srcdir/doc/http-api.md"
README="$top_srcdir/README.md"

# is_set LABEL WANT-FILE GOT-FILE: the two sorted lists are equal.
is_set() {
	if cmp -s "$2" "$3"; then
		pass "$1 ($(tr '\n' ' ' <"$2"| sed 's/ $//'))"
	else
		fail "$1"
		diag "missing from the documentation: $(comm -23 "$2" "$3" | tr '\n' ' ')"
		diag "not produced by the code: $(comm -13 "$2" "$3" | tr '\n' ' ')"
	fi
}

# The code.
tr '\n' ' ' <"$RSP/codes.c" |
    grep -o -E '\[RSP_E_[A-Z_]+\] = \{ "[a-z_]+", [0-9]{3}' |
    sed 's/^\[\(RSP_E_[A-Z_]*\)\] = { "\([a-z_]*\)", \([0-9]*\)$/\1 \2 \3/' >"$tmp/table"
[ "$(wc -l <"$tmp/table")" -ge 20 ]
ok $? "codes.c's error table maps $(wc -l <"$tmp/table") codes"
: >"$tmp/produced"
while read -r constant code status; do
	# A code no file but the table names is never produced.
	n=$(cat "$RSP"/*.c | grep -c -w "$constant")
	[ "$n" -gt 1 ] && echo "$code $status" >>"$tmp/produced"
done <"$tmp/table"
sort -u -o "$tmp/produced" "$tmp/produced"
cat "$RSP"/*.c | grep -o -E '(status = |rsp_json_finish\([^)]*, |rsp_response_text\([^,]*, |rsp_response_json_pair\([^,]*, )[0-9]{3}' |
    grep -o -E '[0-9]{3}$' >"$tmp/literal"
{ cut -d' ' -f2 "$tmp/produced"; cat "$tmp/literal"; } | sort -u >"$tmp/statuses"
grep -q '^200$' "$tmp/statuses" && grep -q '^204$' "$tmp/statuses"
ok $? "the responder answers 200 and 204 besides its errors"

sed -n '/^const char \*rsp_status_text/,/^}/p' "$RSP/response.c" |
    sed -n 's/.*case \([0-9][0-9][0-9]\):.*/\1/p' | sort -u >"$tmp/phrases"
comm -23 "$tmp/statuses" "$tmp/phrases" >"$tmp/nophrase"
[ ! -s "$tmp/nophrase" ]
ok $? "rsp_status_text() has a reason phrase for every status"
[ -s "$tmp/nophrase" ] && diag "no phrase: $(tr '\n' ' ' <"$tmp/nophrase")"

# doc/http-api.md: the status table, then the error table.
sed -n '/^## Status codes$/,/^## /p' "$API" |
    sed -n 's/^| \([0-9][0-9][0-9]\) |.*/\1/p' | sort -u >"$tmp/doc-statuses"
is_set "doc/http-api.md lists every status the responder answers with" \
    "$tmp/statuses" "$tmp/doc-statuses"
sed -n '/^## Errors$/,/^## /p' "$API" |
    sed -n 's/^| \([0-9][0-9][0-9]\) | \(.*\) |$/\1 \2/p' |
    while read -r status codes; do
	    echo "$codes" | sed 's/([^)]*)//g' | tr ',' '\n' |
		sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | sed '/^$/d' |
		sed "s/\$/ $status/"
    done | sort -u >"$tmp/doc-codes"
is_set "doc/http-api.md's Errors table has every code under its status" \
    "$tmp/produced" "$tmp/doc-codes"

# README.md: its status table.
sed -n 's/^| \([0-9][0-9][0-9]\) |.*/\1/p' "$README" | sort -u >"$tmp/readme-statuses"
is_set "README.md lists every status the responder answers with" \
    "$tmp/statuses" "$tmp/readme-statuses"

done_testing
