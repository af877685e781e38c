#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/conformance.sh - byte-exact conformance with the official
# reference: `agora-token vectors check` over every vector file in vectors/
# and every file of the official implementations' own known answers in
# vectors/peers/ must pass every case.  Then a deliberately corrupted copy
# (one token altered, one salt changed) must fail exactly those two cases,
# proving that the checker can fail; so must altered "parse" cases; a
# malformed line must fail without a crash; and `vectors build` must
# reproduce the published known answers.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

# The python3 tests' known answers: builder cases first, then parse cases.
KA="$PEERS/python3.jsonl"

set -- "$VEC"/*.jsonl "$PEERS"/*.jsonl
if [ ! -f "$1" ] || [ ! -f "$KA" ]; then
	echo "1..0 # SKIP no vector files in $VEC"
	exit 0
fi

for f in "$@"; do
	name=${f#"$VEC"/}
	run vectors check "$f"
	summary=$(tail -n 1 "$tmp/out")
	npass=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	nfail=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$npass" ]; then
		fail "$name: no summary line (exit $rc)"
		diag "$(tail -n 5 "$tmp/out") $(cat "$tmp/err")"
	elif [ "$nfail" -eq 0 ] && [ "$npass" -gt 0 ] && [ "$rc" -eq 0 ]; then
		pass "$name: $npass passed, 0 failed"
	else
		fail "$name: $npass passed, $nfail failed (exit $rc)"
		diag "$(grep -v 'passed, .* failed$' "$tmp/out" | head -n 10)"
	fi
done

# A corrupted copy of the known answers: the first two byte-matched builder
# cases with a token; the first gets one token character changed, the
# second its salt incremented.  A blank line is added, which must be ignored.
awk '
	BEGIN { n = 0 }
	/"token": *"0/ && !/"match"/ && !/"builder": *"parse"/ && n < 2 {
		match($0, /"id": *"[^"]*"/)
		id = substr($0, RSTART, RLENGTH); sub(/^"id": *"/, "", id); sub(/"$/, "", id)
		if (n == 0) {
			match($0, /"token": *"/)
			p = RSTART + RLENGTH + 40
			c = substr($0, p, 1)
			$0 = substr($0, 1, p - 1) (c == "A" ? "B" : "A") substr($0, p + 1)
			print id > "/dev/stderr"
		} else {
			match($0, /"salt": *[0-9]+/)
			s = substr($0, RSTART, RLENGTH); sub(/^"salt": */, "", s)
			$0 = substr($0, 1, RSTART - 1) "\"salt\":" (s + 1) substr($0, RSTART + RLENGTH)
			print id > "/dev/stderr"
		}
		n++
	}
	{ print }
	NR == 3 { print "" }
' "$KA" >"$tmp/corrupt.jsonl" 2>"$tmp/ids"
total=$(grep -c . "$KA")
run vectors check "$tmp/corrupt.jsonl"
is 1 "$rc" "corrupted copy: exit status 1"
is "$((total - 2)) passed, 2 failed" "$(tail -n 1 "$tmp/out")" "corrupted copy: exactly 2 cases fail"
sed -n 's/^\([^:]*\): .*/\1/p' "$tmp/out" | grep -v 'passed, ' | sort >"$tmp/failed-ids"
sort "$tmp/ids" >"$tmp/want-ids"
if cmp -s "$tmp/want-ids" "$tmp/failed-ids"; then
	pass "corrupted copy: the failing ids are the altered ones"
else
	fail "corrupted copy: the failing ids are the altered ones"
	diag "want: $(cat "$tmp/want-ids")"
	diag " got: $(cat "$tmp/failed-ids")"
fi
salt_id=$(sed -n 2p "$tmp/ids")
contains "$tmp/out" "$salt_id: salt differs: expected" "corrupted copy: the salt change is named as the first differing field"

# A malformed line is one failed case with a message, not a crash.
{ head -n 1 "$KA"; echo '{"id": "broken", "builder": '; echo 'not json at all'; } >"$tmp/bad.jsonl"
run vectors check "$tmp/bad.jsonl"
is 1 "$rc" "malformed lines: exit status 1"
is "1 passed, 2 failed" "$(tail -n 1 "$tmp/out")" "malformed lines: each is a failed case"
contains "$tmp/out" "bad.jsonl:2: malformed line" "malformed lines: the message names file and line"

# A case the reference refused (token "") passes only if we refuse too.
printf '%s\n' '{"id":"refused-ok","builder":"FpaTokenBuilder.build_token","args":{"app_id":"xyz","app_certificate":"'"$KA_CERT"'"},"salt":1,"issue_ts":1111111,"token":""}' \
    '{"id":"refused-bad","builder":"FpaTokenBuilder.build_token","args":{"app_id":"'"$KA_APP_ID"'","app_certificate":"'"$KA_CERT"'"},"salt":1,"issue_ts":1111111,"token":""}' >"$tmp/refused.jsonl"
run vectors check "$tmp/refused.jsonl"
is "1 passed, 1 failed" "$(tail -n 1 "$tmp/out")" "token \"\": passes only when the library refuses"
contains "$tmp/out" "refused-bad: the reference refused" "token \"\": the failure says the reference refused"

# "parse" cases: a token to read, its fields, and a verdict.  The first
# and the sixth are true; each other one alters one thing and must fail
# with its own message.
T7=$(ka_token ka-002)
T6=$(ka_token ka-000)
F7='"fields":{"version":7,"app_id":"'"$KA_APP_ID"'","issue_ts":1111111,"expire":600,"salt":1,"services":[{"type":1,"privileges":{"1":600},"channel_name":"'"$KA_CHANNEL"'","uid":"2882341273"}]}'
V7='"verify":{"app_certificate":"'"$KA_CERT"'"}'
V6='"verify":{"app_certificate":"'"$KA_CERT"'","channel_name":"'"$KA_CHANNEL"'"'
P='"builder":"parse"'
printf '%s\n' \
    '{"id":"p-true",'"$P"',"token":"'"$T7"'","verdict":"valid",'"$F7"','"$V7"'}' \
    '{"id":"p-field",'"$P"',"token":"'"$T7"'","verdict":"valid",'"$(echo "$F7" | sed 's/"salt":1/"salt":2/')"','"$V7"'}' \
    '{"id":"p-uid",'"$P"',"token":"'"$T7"'","verdict":"valid",'"$(echo "$F7" | sed 's/"2882341273"/"2882341274"/')"','"$V7"'}' \
    '{"id":"p-not-invalid",'"$P"',"token":"'"$T7"'","verdict":"invalid",'"$V7"'}' \
    '{"id":"p-wrong-cert",'"$P"',"token":"'"$T7"'","verdict":"valid","verify":{"app_certificate":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}' \
    '{"id":"p-refused",'"$P"',"token":"007invalid","verdict":"unparsable"}' \
    '{"id":"p-parses",'"$P"',"token":"'"$T7"'","verdict":"unparsable"}' \
    '{"id":"p-006-uid",'"$P"',"token":"'"$T6"'","verdict":"valid",'"$V6"',"uid":2882341274}}' \
    '{"id":"p-unknown-field",'"$P"',"token":"'"$T7"'","verdict":"parsed","fields":{"colour":1}}' \
    >"$tmp/parse.jsonl"
run vectors check "$tmp/parse.jsonl"
is 1 "$rc" "parse cases: exit status 1"
is "2 passed, 7 failed" "$(tail -n 1 "$tmp/out")" "parse cases: only the true ones pass"
contains "$tmp/out" "p-field: salt differs: expected 2 got 1" "parse cases: a decoded field differs"
contains "$tmp/out" 'p-uid: services[0].uid differs: expected "2882341274" got "2882341273"' "parse cases: a service field differs"
contains "$tmp/out" "p-not-invalid: the token verifies, but the case says it must not" "parse cases: verdict invalid on a valid token"
contains "$tmp/out" "p-wrong-cert: the token does not verify" "parse cases: another certificate"
contains "$tmp/out" "p-parses: the token parses, but the case says it must not" "parse cases: verdict unparsable on a token"
contains "$tmp/out" "p-006-uid: the token does not verify" "parse cases: 006 with another uid"
contains "$tmp/out" 'p-unknown-field: malformed case: "fields" has an unknown field "colour"' "parse cases: an unknown field is malformed"

# vectors build: the byte-matched known answers come back unchanged, and
# parse cases are copied as they are.
run vectors build "$KA"
is 0 "$rc" "vectors build: exit status 0"
grep -v '"match": *"payload"' "$KA" | grep . >"$tmp/ka-bytes"
grep -v '"match": *"payload"' "$tmp/out" >"$tmp/built-bytes"
if cmp -s "$tmp/ka-bytes" "$tmp/built-bytes"; then
	pass "vectors build: every byte-matched known answer reproduced"
else
	fail "vectors build: every byte-matched known answer reproduced"
	diag "$(diff "$tmp/ka-bytes" "$tmp/built-bytes" | head -n 4)"
fi
is "$(grep -c . "$KA")" "$(grep -c . "$tmp/out")" "vectors build: one line out per case in"

# vectors build adds "token" when a case has none.
printf '%s\n' '{"id":"no-token","builder":"FpaTokenBuilder.build_token","args":{"app_id":"'"$KA_APP_ID"'","app_certificate":"'"$KA_CERT"'"},"salt":7,"issue_ts":1111111}' | "$AGT" vectors build - >"$tmp/added" 2>"$tmp/err"
tok=$(sed -n 's/.*"token":"\(007[^"]*\)".*/\1/p' "$tmp/added")
if [ -n "$tok" ] && "$AGT" decode "$tok" >/dev/null 2>&1; then
	pass "vectors build: adds a token to a case without one"
else
	fail "vectors build: adds a token to a case without one"
	diag "$(cat "$tmp/added" "$tmp/err")"
fi

done_testing
