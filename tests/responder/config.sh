#!/bin/bash
# SPDX-License-Identifier: MIT
# config.sh - configuration loading: every broken configuration is a
# generic 500 for the caller and one precise line in the log; certificate
# files others can read are refused; the start-up summary holds no secret.
#
# Threat: a half-loaded configuration that still issues tokens (with a
# default app, or no auth), an error message or log line that prints the
# certificate, and a certificate file left world-readable.  The caller
# must learn nothing (the 500 body is always the same); the operator must
# learn exactly what is wrong from a single log line.
. "$top_srcdir/tests/responder/lib.sh"

GENERIC='{"error":{"code":"internal_error","message":"internal server error"}}'

# broken LABEL LOG-PATTERN: the current CONF gives a generic 500 on a
# token route and on /healthz, and exactly one log line matching.
broken() {
	local label=$1 pattern=$2 body lines
	req GET /v1/rtc "channel=c&uid=1"
	body=$("$TOOL" body "$OUT" | tr -d '\n')
	lines=$(wc -l <"$ERR" | tr -d ' ')
	if [ "$STATUS" = 500 ] && [ "$body" = "$GENERIC" ] && no_token &&
	    [ "$lines" = 1 ] && grep -q -- "$pattern" "$ERR"; then
		ok 0 "$label: 500 with the generic body, one log line: $pattern"
	else
		ok 1 "$label: 500 with the generic body, one log line: $pattern"
		diag "status $STATUS body $body"
		diag "log ($lines lines): $(cat "$ERR")"
	fi
	req GET /healthz
	is 500 "$STATUS" "$label: /healthz is 500 too"
}

app() {   # app NAME APPID CERT-MEMBER
	printf '{"name":"%s","app_id":"%s",%s}' "$1" "$2" "$3"
}

# ---- missing and malformed files ----
CONF="$WORK/conf/does-not-exist.json"
broken "missing file" "does-not-exist.json: cannot open: No such file"

write_config broken.json '{"apps": [
  {"name": "demo", "app_id": "'"$APP_ID"'", "certificate": "'"$CERT"'"},
}'
broken "broken JSON" "broken.json: not valid JSON (error near line 3)"

write_config array.json '[1, 2]'
broken "top level not an object" "top level must be a JSON object"

write_config unknown.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"colour":"blue"}'
broken "unknown top-level key" 'unknown key "colour"'

write_config unknown-app.json '{"apps":[{"name":"demo","app_id":"'"$APP_ID"'","certificate":"'"$CERT"'","cert":"x"}]}'
broken "unknown key in an app" 'unknown key "cert" in apps\[0\]'

write_config unknown-auth.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"auth":{"mode":"none","keys":[]}}'
broken "unknown key in auth" 'unknown key "keys" in auth'

write_config dupkey.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"max_expire":600,"max_expire":900}'
broken "a key given twice" 'key "max_expire" appears twice'

write_config noapps.json '{"max_expire": 600}'
broken "no apps" "apps is missing"

write_config badid.json '{"apps":['"$(app demo "${APP_ID}0" "\"certificate\":\"$CERT\"")"']}'
broken "app_id of 33 characters" "apps\[0\].app_id must be 32 hexadecimal characters"

# The bad certificate starts with the real one: the message must name the
# field without printing its value (the leak check below would see it).
write_config badcert.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"${CERT}zz\"")"']}'
broken "certificate not hex" "apps\[0\].certificate must be 32 hexadecimal characters"

write_config both.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\",\"certificate_file\":\"x\"")"']}'
broken "certificate and certificate_file" "needs exactly one of certificate and certificate_file"

write_config dupname.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"','"$(app demo "$APP_ID2" "\"certificate\":\"$CERT2\"")"']}'
broken "duplicate app name" 'apps\[1\].name "demo" is used twice'

write_config expire.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"default_expire":7200,"max_expire":3600}'
broken "default_expire above max_expire" "default_expire (7200) is larger than max_expire (3600)"

write_config maxzero.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"max_expire":0}'
broken "max_expire 0" "max_expire must be a whole number of seconds"

write_config fmt.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"default_format":"008"}'
broken "default_format 008" 'default_format must be "007" or "006"'

write_config nokeys.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"auth":{"mode":"api_key"}}'
broken "api_key without keys" "auth.mode api_key needs auth.api_keys_sha256"

write_config badkey.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"auth":{"mode":"api_key","api_keys_sha256":["abc"]}}'
broken "api key digest not 64 hex" "auth.api_keys_sha256\[0\] must be 64 hexadecimal characters"

write_config bindnone.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"auth":{"mode":"none","bind_identity":true}}'
broken "bind_identity without remote_user" "auth.bind_identity needs auth.mode remote_user"

write_config mode.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"auth":{"mode":"basic"}}'
broken "unknown auth mode" "auth.mode must be none, api_key or remote_user"

write_config cors.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"'],"cors_origins":["https://a.example/"]}'
broken "CORS origin with a path" "cors_origins\[0\] must be an origin"

# ---- certificate files ----
CF="$WORK/conf/app.cert"
printf '%s\n' "$CERT2" >"$CF"
write_config cf.json '{"apps":['"$(app second "$APP_ID2" "\"certificate_file\":\"app.cert\"")"']}'
chmod 644 "$CF"
broken "world-readable certificate file" \
    "certificate file $CF has permissions 0644; it must not be readable by group or others"
chmod 640 "$CF"
broken "group-readable certificate file" "certificate file $CF has permissions 0640"
chmod 604 "$CF"
broken "others-readable certificate file" "has permissions 0604"
chmod 600 "$CF"
req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "certificate file 0600: accepted (relative to the config's directory)"
TOKCHECK_CERTIFICATE=$CERT2 "$TOOL" verify "$(jget token)" --app-id "$APP_ID2" \
    --channel c --uid-str 1 2>>"$WORK/out/verify.err"
ok $? "certificate file 0600: the token verifies with the file's certificate"
chmod 400 "$CF"
req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "certificate file 0400: accepted"
write_config cfabs.json '{"apps":['"$(app second "$APP_ID2" "\"certificate_file\":\"$CF\"")"']}'
req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "certificate file by absolute path: accepted"
chmod 600 "$CF"
printf 'not a certificate\n' >"$CF"
write_config cfbad.json '{"apps":['"$(app second "$APP_ID2" "\"certificate_file\":\"app.cert\"")"']}'
broken "certificate file with bad content" "must hold exactly 32 hexadecimal characters"
write_config cfmissing.json '{"apps":['"$(app second "$APP_ID2" "\"certificate_file\":\"nope.cert\"")"']}'
broken "missing certificate file" "cannot open certificate file $WORK/conf/nope.cert"

# ---- the environment quick start ----
if [ -e /etc/agora-token/config.json ]; then
	for i in 1 2 3 4 5 6 7; do ok 0 "# SKIP /etc/agora-token/config.json exists"; done
else
	CONF=""
	XH1=AGORA_APP_ID=$APP_ID XH2=AGORA_APP_CERTIFICATE=$CERT req GET /v1/rtc "channel=e&uid=2"
	is 200 "$STATUS" "AGORA_APP_ID/AGORA_APP_CERTIFICATE without a file"
	"$TOOL" verify "$(jget token)" --app-id "$APP_ID" --channel e --uid-str 2 \
	    2>>"$WORK/out/verify.err"
	ok $? "environment app: token verifies"
	XH1=APP_ID=$APP_ID XH2=APP_CERTIFICATE=$CERT req GET /rtc/e/publisher/uid/3/
	is 200 "$STATUS" "APP_ID/APP_CERTIFICATE (agora-token-service names)"
	XH1=AGORA_APP_ID=$APP_ID broken "AGORA_APP_ID without certificate" \
	    "AGORA_APP_ID is set but AGORA_APP_CERTIFICATE is not"
	broken "no file and no environment" "no configuration"
fi
CONF=""
XENV=(AGORA_TOKEN_CONFIG="$WORK/conf/cf.json" AGORA_APP_ID=$APP_ID
    AGORA_APP_CERTIFICATE=$CERT)
broken "AGORA_TOKEN_CONFIG set but unusable: no fallback to the environment" \
    "cf.json: apps\[0\]: certificate file .* must hold exactly"
unset XENV

# ---- start-up summary (--check-config prints what a FastCGI start logs) ----
std_config
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" "$FCGI" --check-config \
    >"$WORK/out/check.out" 2>"$WORK/out/check.err"
ok $? "--check-config: exit 0 for a valid configuration"
SUMMARY=$(grep -c "configuration $CONF: apps demo ($APP_ID), second ($APP_ID2); default_format 007; default_expire 3600; max_expire 86400; auth none" "$WORK/out/check.err")
is 1 "$SUMMARY" "start-up summary: one line with apps by name and app id, limits, auth"
grep -q "cors_origins 1" "$WORK/out/check.err"
ok $? "start-up summary: CORS origin count"
grep -q "warning: auth mode none" "$WORK/out/check.err"
ok $? "auth none: warned at start"
! grep -qiF -e "$CERT" -e "$CERT2" "$WORK/out/check.err" "$WORK/out/check.out"
ok $? "start-up summary: no certificate"
CONF="$WORK/conf/broken.json"
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" "$FCGI" --check-config \
    >"$WORK/out/check2.out" 2>"$WORK/out/check2.err"
is 1 "$?" "--check-config: exit 1 for a broken configuration"
is 1 "$(wc -l <"$WORK/out/check2.err" | tr -d ' ')" "--check-config: one log line for it"

# An inline certificate in a config file others can read: works, warned.
write_config open.json '{"apps":['"$(app demo "$APP_ID" "\"certificate\":\"$CERT\"")"']}'
chmod 644 "$CONF"
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" "$FCGI" --check-config \
    >"$WORK/out/check3.out" 2>"$WORK/out/check3.err"
ok $? "inline certificate in a 0644 file: still loads"
grep -q "has permissions 0644 and holds inline certificates" "$WORK/out/check3.err"
ok $? "inline certificate in a 0644 file: warned"

finish
