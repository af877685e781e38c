#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/credentials.sh - an app certificate must never be accepted on
# the command line (argv is readable by every user through ps and /proc):
# every spelling of such a flag is refused with exit 2, a message that says
# why, and without echoing the value.  The certificate comes from the
# environment or from a file only its owner can read; missing or unusable
# credentials get a clear message, never the certificate itself.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

SECRET=0123456789abcdef0123456789abcdef
PIN="--salt 1 --issue-ts 1111111"

# refused ARGS...: exit 2, mentions argv and ps, never prints SECRET.
refused() {
	run "$@"
	desc=$(echo "refused: $*" | sed "s/$SECRET/SECRET/g")
	if [ "$rc" -eq 2 ] && grep -q argv "$tmp/err" && grep -q 'ps(1)' "$tmp/err" &&
	    ! grep -q "$SECRET" "$tmp/out" "$tmp/err"; then
		pass "$desc"
	else
		fail "$desc"
		diag "exit $rc: $(sed "s/$SECRET/SECRET/g" "$tmp/err")"
	fi
}
export AGORA_APP_ID="$KA_APP_ID"
export AGORA_APP_CERTIFICATE="$KA_CERT"
refused rtc --channel c --certificate "$SECRET"
refused rtc --channel c --certificate="$SECRET"
refused rtc --channel c --app-certificate "$SECRET"
refused rtc --channel c --cert "$SECRET"
refused rtc --channel c --app_certificate "$SECRET"
refused rtm --user u --appCertificate="$SECRET"
refused --certificate "$SECRET" rtc --channel c
refused decode --certificate "$SECRET" x
refused verify --app-cert "$SECRET" x
refused vectors check --certificate "$SECRET"

# The environment.
want=$(ka_token ka-050)
run rtm --user 2882341273 --expire 600 $PIN
is "$want" "$(cat "$tmp/out")" "AGORA_APP_ID and AGORA_APP_CERTIFICATE from the environment"

# A certificate file: mode 0600, surrounding white space trimmed.
printf '  \n%s \n\n' "$KA_CERT" >"$tmp/cert"
chmod 600 "$tmp/cert"
unset AGORA_APP_CERTIFICATE
run rtm --certificate-file "$tmp/cert" --user 2882341273 --expire 600 $PIN
is "$want" "$(cat "$tmp/out")" "--certificate-file (mode 0600, white space trimmed)"
run rtm --certificate-file="$tmp/cert" --app-id "$KA_APP_ID" --user 2882341273 --expire 600 $PIN
is "$want" "$(cat "$tmp/out")" "--certificate-file= and --app-id"
AGORA_APP_CERTIFICATE=$SECRET "$AGT" rtm --certificate-file "$tmp/cert" --user 2882341273 --expire 600 $PIN >"$tmp/out" 2>&1
is "$want" "$(cat "$tmp/out")" "--certificate-file takes precedence over the environment"
AGORA_APP_ID=ffffffffffffffffffffffffffffffff "$AGT" rtm --app-id "$KA_APP_ID" --certificate-file "$tmp/cert" --user 2882341273 --expire 600 $PIN >"$tmp/out" 2>&1
is "$want" "$(cat "$tmp/out")" "--app-id takes precedence over AGORA_APP_ID"

chmod 644 "$tmp/cert"
run rtm --certificate-file "$tmp/cert" --user u
is 3 "$rc" "a certificate file readable by others: exit 3"
contains "$tmp/err" "chmod 600" "a certificate file readable by others: says how to fix it"
chmod 600 "$tmp/cert"

run rtm --certificate-file "$tmp/nonexistent" --user u
is 3 "$rc" "a missing certificate file: exit 3"
contains "$tmp/err" "No such file" "a missing certificate file: says so"

printf 'not-a-certificate-%s\n' "$SECRET" >"$tmp/bad"
chmod 600 "$tmp/bad"
run rtm --certificate-file "$tmp/bad" --user u
is 3 "$rc" "a certificate file without a certificate: exit 3"
if grep -q "$SECRET" "$tmp/out" "$tmp/err"; then
	fail "a bad certificate file: its content is not echoed"
else
	pass "a bad certificate file: its content is not echoed"
fi
contains "$tmp/err" "32 hexadecimal" "a bad certificate file: says what is expected"

: >"$tmp/empty"
chmod 600 "$tmp/empty"
run rtm --certificate-file "$tmp/empty" --user u
is 3 "$rc" "an empty certificate file: exit 3"

AGORA_APP_CERTIFICATE="x$SECRET" "$AGT" rtm --user u >"$tmp/out" 2>"$tmp/err"
is 3 "$?" "AGORA_APP_CERTIFICATE without a certificate: exit 3"
if grep -q "$SECRET" "$tmp/out" "$tmp/err"; then
	fail "a bad AGORA_APP_CERTIFICATE is not echoed"
else
	pass "a bad AGORA_APP_CERTIFICATE is not echoed"
fi

# Missing credentials.
run rtm --user u
is 2 "$rc" "no certificate: exit 2"
contains "$tmp/err" "AGORA_APP_CERTIFICATE" "no certificate: names AGORA_APP_CERTIFICATE"
contains "$tmp/err" "--certificate-file" "no certificate: names --certificate-file"
unset AGORA_APP_ID
export AGORA_APP_CERTIFICATE="$KA_CERT"
run rtm --user u
is 2 "$rc" "no app id: exit 2"
contains "$tmp/err" "AGORA_APP_ID" "no app id: names AGORA_APP_ID"
run verify "$(ka_token ka-002)" --now 1111200
is 0 "$rc" "verify needs no app id"
unset AGORA_APP_CERTIFICATE
run verify "$(ka_token ka-002)" --now 1111200
is 2 "$rc" "verify without a certificate: exit 2"
run verify --certificate-file "$tmp/cert" "$(ka_token ka-002)" --now 1111200
is 0 "$rc" "verify --certificate-file: exit 0"

# Nothing the tool prints contains the certificate.
export AGORA_APP_ID="$KA_APP_ID" AGORA_APP_CERTIFICATE="$KA_CERT"
{
	"$AGT" rtc --channel c --uid 1 2>&1
	"$AGT" rtc --channel c --uid 99999999999 2>&1
	"$AGT" decode "$(ka_token ka-002)" 2>&1
	"$AGT" verify "$(ka_token ka-002)" 2>&1
	"$AGT" verify --now 1111200 "$(ka_token ka-002)" 2>&1
	"$AGT" --help 2>&1
	"$AGT" rtc --help 2>&1
} >"$tmp/all"
if grep -qi "$KA_CERT" "$tmp/all"; then
	fail "no output contains the certificate"
else
	pass "no output contains the certificate"
fi

done_testing
