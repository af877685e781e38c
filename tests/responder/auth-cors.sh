#!/bin/bash
# SPDX-License-Identifier: MIT
# auth-cors.sh - caller authentication (api_key, remote_user with
# bind_identity) and CORS for configured origins only.
#
# Threat: tokens handed to callers the operator did not allow (a missing
# or wrong key accepted, a logged-in user getting another user's token), a
# page on any origin reading tokens through a browser, or a shared cache
# storing one caller's token for another.
. "$top_srcdir/tests/responder/lib.sh"

KEY1=first-key-$$
KEY2=second-key-$$
H1=$(printf '%s' "$KEY1" | sha256sum | cut -d' ' -f1)
H2=$(printf '%s' "$KEY2" | sha256sum | cut -d' ' -f1)
APPS='"apps":[{"name":"demo","app_id":"'"$APP_ID"'","certificate":"'"$CERT"'"}]'

# ---- api_key ----
write_config apikey.json '{'"$APPS"',"cors_origins":["https://app.example"],
  "auth":{"mode":"api_key","api_keys_sha256":["'"$H1"'","'"$H2"'"]}}'
req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: no Authorization -> 401"
is 'Bearer realm="agora-token"' "$(hget WWW-Authenticate)" "api_key: 401 carries WWW-Authenticate: Bearer"
is unauthorized "$(jget error.code)" "api_key: error code unauthorized"
XH1="HTTP_AUTHORIZATION=Bearer nope" req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: unknown key -> 401"
is 'Bearer realm="agora-token", error="invalid_token"' "$(hget WWW-Authenticate)" \
    "api_key: bad key challenge names invalid_token"
XH1="HTTP_AUTHORIZATION=Bearer $KEY1" req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "api_key: first key accepted"
"$TOOL" verify "$(jget token)" --channel c --uid-str 1 2>>"$WORK/out/verify.err"
ok $? "api_key: the token verifies"
XH1="HTTP_AUTHORIZATION=Bearer $KEY2" req GET /v1/rtm "user=u"
is 200 "$STATUS" "api_key: second key accepted (every digest compared)"
XH1="HTTP_AUTHORIZATION=Bearer ${KEY1}x" req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: key with an extra character -> 401"
XH1="HTTP_AUTHORIZATION=Bearer ${KEY1%?}" req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: key missing its last character -> 401"
XH1="HTTP_AUTHORIZATION=Bearer $H1" req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: the stored digest itself is not a key"
XH1="HTTP_AUTHORIZATION=Bearer" req GET /v1/rtc "channel=c&uid=1"
is 401 "$STATUS" "api_key: Bearer without a key -> 401"
req GET /healthz
is 200 "$STATUS" "api_key: /healthz needs no key"
jget apps >/dev/null 2>&1
is 1 "$?" "api_key: /healthz names no app"
req GET /ping
is 200 "$STATUS" "api_key: /ping needs no key"
XH1="HTTP_ORIGIN=https://app.example" XH2="HTTP_ACCESS_CONTROL_REQUEST_METHOD=POST" \
    req OPTIONS /v1/rtc
is 204 "$STATUS" "api_key: CORS preflight needs no key"
grep -q "$KEY1" "$WORK"/out/err.* && leaked=1 || leaked=0
is 0 "$leaked" "api_key: the key never appears in the log"

# ---- remote_user ----
write_config ru.json '{'"$APPS"',"cors_origins":["https://app.example"],"auth":{"mode":"remote_user"}}'
req GET /v1/rtc "channel=c&account=alice"
is 401 "$STATUS" "remote_user: REMOTE_USER unset -> 401"
grep -q "REMOTE_USER is not set" "$ERR"
ok $? "remote_user: the log says the web server did not authenticate"
XH1=REMOTE_USER=alice req GET /v1/rtc "channel=c&account=bob"
is 200 "$STATUS" "remote_user without bind_identity: any account"
XH1=REMOTE_USER=alice XH2=HTTP_ORIGIN=https://app.example req GET /v1/rtc "channel=c&uid=1"
is true "$(hget Access-Control-Allow-Credentials)" "remote_user: CORS allows credentials"

write_config bind.json '{'"$APPS"',"auth":{"mode":"remote_user","bind_identity":true}}'
XH1=REMOTE_USER=alice req GET /v1/rtm "user=alice"
is 200 "$STATUS" "bind_identity: own RTM user"
XH1=REMOTE_USER=alice req GET /v1/rtm "user=bob"
is "403 identity_mismatch" "$STATUS $(jget error.code)" "bind_identity: other RTM user -> 403"
XH1=REMOTE_USER=alice req GET /v1/chat "user=alice"
is 200 "$STATUS" "bind_identity: own chat user"
XH1=REMOTE_USER=alice req GET /v1/apaas "room=r&user=alice&role=1"
is 200 "$STATUS" "bind_identity: own APaaS user"
XH1=REMOTE_USER=alice req GET /v1/apaas
is 403 "$STATUS" "bind_identity: APaaS app token -> 403"
XH1=REMOTE_USER=alice req GET /v1/fpa
is 403 "$STATUS" "bind_identity: FPA (no user) -> 403"
XH1=REMOTE_USER=alice req GET /rtm/alice/
is 200 "$STATUS" "bind_identity: compat /rtm/alice/"
XH1=REMOTE_USER=alice req GET /rte/c/publisher/userAccount/alice/
is 200 "$STATUS" "bind_identity: compat /rte with own account"
XH1=REMOTE_USER=alice req GET /rte/c/publisher/userAccount/alice/bob/
is 403 "$STATUS" "bind_identity: compat /rte with another RTM user -> 403"
BODY='{"tokenType":"rtc","channel":"c","uid":"alice"}' CT=application/json \
    XH1=REMOTE_USER=alice req POST /getToken
is 200 "$STATUS" "bind_identity: compat /getToken own account"
XH1=REMOTE_USER=alice req GET /rtcToken "channelName=c&uid=5"
is 403 "$STATUS" "bind_identity: compat /rtcToken other uid -> 403"
XH1=REMOTE_USER=alice req GET /v1/inspect "token=007x"
is 400 "$STATUS" "bind_identity: inspect builds nothing, so it is not bound"

# ---- CORS ----
std_config
XH1=HTTP_ORIGIN=https://app.example req GET /v1/rtc "channel=c&uid=1"
is "200 https://app.example" "$STATUS $(hget Access-Control-Allow-Origin)" \
    "CORS: configured origin gets Access-Control-Allow-Origin"
is Origin "$(hget Vary)" "CORS: Vary: Origin"
XH1=HTTP_ORIGIN=https://evil.example req GET /v1/rtc "channel=c&uid=1"
hget Access-Control-Allow-Origin >/dev/null
is "1 Origin" "$? $(hget Vary)" "CORS: other origin gets no CORS header (but Vary)"
XH1=HTTP_ORIGIN=https://app.example.evil req GET /v1/rtc "channel=c&uid=1"
hget Access-Control-Allow-Origin >/dev/null
is 1 "$?" "CORS: origin match is exact, not a prefix"
XH1=HTTP_ORIGIN=HTTPS://APP.EXAMPLE req GET /v1/rtc "channel=c&uid=1"
hget Access-Control-Allow-Origin >/dev/null
is 1 "$?" "CORS: origin match is case-sensitive"
XH1=HTTP_ORIGIN=https://app.example req GET /v1/rtc "channel=c&uid=x"
is "400 https://app.example" "$STATUS $(hget Access-Control-Allow-Origin)" \
    "CORS: error responses carry the header too (the page can read the error)"
XH1=HTTP_ORIGIN=https://app.example XH2=HTTP_ACCESS_CONTROL_REQUEST_METHOD=POST \
    req OPTIONS /v1/rtc
is 204 "$STATUS" "preflight: 204"
is https://app.example "$(hget Access-Control-Allow-Origin)" "preflight: Allow-Origin"
is "GET, POST, OPTIONS" "$(hget Access-Control-Allow-Methods)" "preflight: Allow-Methods"
is "Authorization, Content-Type" "$(hget Access-Control-Allow-Headers)" "preflight: Allow-Headers"
is 600 "$(hget Access-Control-Max-Age)" "preflight: Max-Age"
is Origin "$(hget Vary)" "preflight: Vary: Origin"
is "GET, POST, OPTIONS" "$(hget Allow)" "preflight: Allow"
hget Content-Type >/dev/null
is "1 0" "$? $("$TOOL" body "$OUT" | wc -c | tr -d ' ')" "preflight: no body, no Content-Type"
XH1=HTTP_ORIGIN=https://evil.example XH2=HTTP_ACCESS_CONTROL_REQUEST_METHOD=POST \
    req OPTIONS /v1/rtc
hget Access-Control-Allow-Origin >/dev/null
is "204 1" "$STATUS $?" "preflight from another origin: no CORS headers"
XH1=HTTP_ORIGIN=https://app.example XH2=HTTP_ACCESS_CONTROL_REQUEST_METHOD=GET \
    req OPTIONS /healthz
is "GET, HEAD, OPTIONS" "$(hget Access-Control-Allow-Methods)" "preflight: methods follow the route"
req OPTIONS /v1/nothing
is 404 "$STATUS" "OPTIONS on an unknown route: 404"
write_config nocors.json '{'"$APPS"'}'
XH1=HTTP_ORIGIN=https://app.example req GET /v1/rtc "channel=c&uid=1"
hget Access-Control-Allow-Origin >/dev/null
r1=$?
hget Vary >/dev/null
is "1 1" "$r1 $?" "no cors_origins: no CORS headers, no Vary"

# ---- every response: Content-Type, nosniff, no-store ----
std_config
bad=0
for spec in "GET /v1/rtc channel=c&uid=1" "GET /v1/rtc channel=" "GET /nope x=1" \
    "DELETE /v1/rtc x=1" "GET /ping x=1" "GET /healthz x=1" "GET /v1/token channel_name=c" \
    "GET /rtc/c/publisher/uid/1/ x=1" "GET /v1/inspect token=abc"; do
	set -- $spec
	req "$1" "$2" "$3"
	ct=$(hget Content-Type)
	case "$ct" in
	"application/json; charset=utf-8"|"text/plain; charset=utf-8") ;;
	*) bad=1; diag "$spec: Content-Type [$ct]" ;;
	esac
	[ "$(hget X-Content-Type-Options)" = nosniff ] || { bad=1; diag "$spec: nosniff"; }
	[ "$(hget Cache-Control)" = no-store ] || { bad=1; diag "$spec: no-store"; }
done
is 0 "$bad" "every response has its Content-Type, nosniff and Cache-Control: no-store"

finish
