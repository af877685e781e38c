#!/bin/bash
# SPDX-License-Identifier: MIT
# routes.sh - every native and compatible route answers with a token that
# parses and verifies under the configured certificate and names what was
# asked for (channel, uid/account, user, privileges, expiry).
#
# Threat: a route that returns 200 with a token built for the wrong
# channel, uid, role or app, or signed with the wrong certificate, fails
# only later inside the SDK.  Each token is therefore decoded by the
# library (tests/responder/rsp-tool verify) and its signature checked, not
# compared with text our code produced.  Every token response must also
# carry Cache-Control: no-store, its Content-Type and nosniff.
. "$top_srcdir/tests/responder/lib.sh"

std_config

# Checks the common headers of a JSON token response.
headers_ok() {   # headers_ok LABEL [content-type]
	local ct=${2:-application/json; charset=utf-8}
	if [ "$STATUS" = 200 ] && [ "$(hget Cache-Control)" = no-store ] &&
	    [ "$(hget Content-Type)" = "$ct" ] &&
	    [ "$(hget X-Content-Type-Options)" = nosniff ]; then
		ok 0 "$1: 200, $ct, Cache-Control: no-store, nosniff"
	else
		ok 1 "$1: 200, $ct, Cache-Control: no-store, nosniff"
		diag "status $STATUS: $(head -c 400 "$OUT")"
	fi
}

# verify LABEL TOKEN ARGS... (certificate: $TOKCHECK_CERTIFICATE)
verify() {
	local label=$1 tok=$2
	shift 2
	if [ -n "$tok" ] && "$TOOL" verify "$tok" "$@" 2>"$WORK/out/verify.err"; then
		ok 0 "$label: token verifies and decodes as asked"
	else
		ok 1 "$label: token verifies and decodes as asked"
		diag "token [$tok]"
		diag "$(cat "$WORK/out/verify.err")"
	fi
}

# Exactly these top-level keys, in any order.
keys_are() {   # keys_are LABEL key...
	local label=$1 got want
	shift
	got=$("$TOOL" body "$OUT" | tr -d '\n' | grep -o '"[A-Za-z_]*":' | tr -d '":' | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	is "$want" "$got" "$label: response keys are exactly: $*"
}

# ---- native: /v1/rtc ----
req GET /v1/rtc "channel=test&uid=123"
headers_ok "rtc GET uid"
is 007 "$(jget format)" "rtc: format 007 by default"
is demo "$(jget app)" "rtc: first app by default"
is "$APP_ID" "$(jget app_id)" "rtc: app_id"
is 3600 "$(( $(jget expires_at) - $(jget issued_at) ))" "rtc: expires_at - issued_at = default_expire"
is "test 123 publisher" "$(jget channel) $(jget uid) $(jget role)" "rtc: echoes channel, uid, role"
verify "rtc GET uid" "$(jget token)" --version 7 --app-id "$APP_ID" \
    --channel test --uid-str 123 --privs rtc:1,2,3,4 --expire 3600 \
    --priv-expire 3600 --nservices 1

BODY='channel=room%201&account=alice&role=subscriber&expire=600' \
    CT=application/x-www-form-urlencoded req POST /v1/rtc
headers_ok "rtc POST form account subscriber"
is "alice subscriber" "$(jget account) $(jget role)" "rtc form: echoes account and role"
verify "rtc POST form" "$(jget token)" --version 7 --channel "room 1" \
    --uid-str alice --privs rtc:1 --expire 600 --priv-expire 600

BODY='{"channel":"json-ch","uid":4294967295,"role":"audience","expire":"120"}' \
    CT='application/json; charset=UTF-8' req POST /v1/rtc
headers_ok "rtc POST JSON"
verify "rtc POST JSON (audience = subscriber)" "$(jget token)" --version 7 \
    --channel json-ch --uid-str 4294967295 --privs rtc:1 --expire 120

req GET /v1/rtc "channel=c6&uid=77&format=006"
headers_ok "rtc 006"
is 006 "$(jget format)" "rtc 006: format echoed"
verify "rtc 006 publisher" "$(jget token)" --version 6 --app-id "$APP_ID" \
    --channel c6 --uid-str 77 --privs rtc:1,2,3,4 --priv-expire 3600

req GET /v1/rtc "channel=c6&uid=0&format=006&role=2"
verify "rtc 006 subscriber uid 0" "$(jget token)" --version 6 \
    --channel c6 --uid-str "" --privs rtc:1

req GET /v1/rtc "channel=pp&uid=9&join_expire=600&audio_expire=700&expire=900"
headers_ok "rtc per-privilege"
is 600 "$(jget privilege_expire.join)" "rtc per-privilege: echoes join expiry"
verify "rtc per-privilege" "$(jget token)" --channel pp --uid-str 9 \
    --expire 900 --priv-at rtc:1=600 --priv-at rtc:2=700 \
    --priv-at rtc:3=900 --priv-at rtc:4=900

req GET /v1/rtc "channel=ps&uid=9&join_expire=300&role=subscriber"
verify "rtc subscriber with join_expire" "$(jget token)" --channel ps \
    --uid-str 9 --privs rtc:1 --priv-at rtc:1=300 --expire 3600

req GET /v1/rtc "channel=rr&uid=5&rtm_user=bob&expire=1200"
headers_ok "rtc + rtm_user"
is bob "$(jget rtm_user)" "rtc + rtm: echoes rtm_user"
verify "rtc + rtm_user (build_token_with_rtm2)" "$(jget token)" --channel rr \
    --uid-str 5 --user bob --nservices 2 --privs rtc:1,2,3,4 --privs rtm:1 \
    --expire 1200

req GET /v1/rtc "channel=c2&uid=1&app=second"
is "second $APP_ID2" "$(jget app) $(jget app_id)" "rtc app=second: other app"
TOKCHECK_CERTIFICATE=$CERT2 verify "rtc app=second (certificate file)" \
    "$(jget token)" --app-id "$APP_ID2" --channel c2 --uid-str 1

# ---- native: /v1/rtm, /v1/chat, /v1/fpa, /v1/apaas ----
req GET /v1/rtm "user=alice&expire=1800"
headers_ok "rtm"
is alice "$(jget user)" "rtm: echoes user"
verify "rtm 007" "$(jget token)" --version 7 --user alice --privs rtm:1 \
    --expire 1800 --nservices 1
BODY='{"user":"alice","format":"006"}' CT=application/json req POST /v1/rtm
headers_ok "rtm 006"
verify "rtm 006 (signs account + empty uid)" "$(jget token)" --version 6 \
    --channel alice --uid-str "" --privs rtm:1000 --priv-expire 3600

req GET /v1/chat "user=u1"
headers_ok "chat user"
is "user u1" "$(jget type) $(jget user)" "chat user: echoes type and user"
verify "chat user" "$(jget token)" --user u1 --privs chat:1 --expire 3600
req GET /v1/chat "type=app&expire=60"
headers_ok "chat app"
verify "chat app" "$(jget token)" --privs chat:2 --expire 60

req POST /v1/fpa
headers_ok "fpa (POST without body)"
is 86400 "$(jget expire)" "fpa: fixed 24 h"
verify "fpa" "$(jget token)" --privs fpa:1 --expire 86400 --nservices 1

req GET /v1/apaas "room=r1&user=u1&role=2&expire=500"
headers_ok "apaas room user"
is room_user "$(jget type)" "apaas: type room_user"
verify "apaas room user" "$(jget token)" --room r1 --user u1 --role 2 \
    --privs apaas:1 --privs rtm:1 --privs chat:1 --nservices 3 --expire 500
req GET /v1/apaas "user=u2"
verify "apaas user" "$(jget token)" --user u2 --privs apaas:2 --nservices 1
req GET /v1/apaas
is app "$(jget type)" "apaas: no room, no user -> app token"
verify "apaas app" "$(jget token)" --privs apaas:3 --nservices 1

req GET /healthz
headers_ok "healthz"
is ok "$(jget status)" "healthz: status ok"
is "demo second" "$(jget apps.0) $(jget apps.1)" "healthz: auth none names the apps (for the playground's demo banner)"
req HEAD /healthz
is "200 0" "$STATUS $("$TOOL" body "$OUT" | wc -c | tr -d ' ')" "healthz: HEAD has no body"

# Mounted under a prefix without PATH_INFO (SCRIPT_NAME holds the path).
XH1=PATH_INFO= XH2=SCRIPT_NAME=/api/v1/rtc req GET "" "channel=m&uid=3"
is 200 "$STATUS" "prefix mount: /api/v1/rtc from SCRIPT_NAME"
verify "prefix mount" "$(jget token)" --channel m --uid-str 3

# Neither PATH_INFO nor SCRIPT_NAME: the (still encoded) REQUEST_URI path.
XH1=SCRIPT_NAME= XH2="REQUEST_URI=/api/v1%2Frtc?channel=u&uid=4" req GET "" "channel=u&uid=4"
is 200 "$STATUS" "REQUEST_URI fallback: decoded, prefix skipped"

# ---- AgoraIO-Community agora-token-service ----
req GET /ping
headers_ok "go /ping"
is '{"message":"pong"}' "$("$TOOL" body "$OUT" | tr -d '\n')" "go /ping body"

BODY='{"tokenType": "rtc", "channel": "channel123", "role": "publisher", "uid": "user123", "expire": 3600}' \
    CT=application/json req POST /getToken
headers_ok "go getToken rtc account"
keys_are "go getToken" token
verify "go getToken rtc: non-numeric uid is an account" "$(jget token)" \
    --channel channel123 --uid-str user123 --privs rtc:1,2,3,4 --expire 3600 \
    --priv-expire 3600
BODY='{"tokenType": "rtc", "channel": "ch", "role": "subscriber", "uid": "42"}' \
    CT='text/plain;charset=UTF-8' req POST /getToken
headers_ok "go getToken rtc uid (text/plain body read as JSON)"
verify "go getToken rtc: numeric uid, subscriber, default 3600" "$(jget token)" \
    --channel ch --uid-str 42 --privs rtc:1 --expire 3600
BODY='{"tokenType": "rtm", "uid": "user456", "expire": 1800}' req POST /getToken
verify "go getToken rtm" "$(jget token)" --user user456 --privs rtm:1 \
    --nservices 1 --expire 1800
BODY='{"tokenType": "rtm", "uid": "user456", "expire": 1800, "channel": "test"}' \
    CT=application/json req POST /getToken
verify "go getToken rtm + stream channel" "$(jget token)" --user user456 \
    --channel test --uid-str user456 --privs rtc:1,4 --privs rtm:1 --nservices 2
BODY='{"tokenType": "chat", "uid": "user789", "expire": 900}' \
    CT=application/json req POST /getToken
verify "go getToken chat user" "$(jget token)" --user user789 --privs chat:1 \
    --expire 900
BODY='{"tokenType": "chat"}' CT=application/json req POST /getToken
verify "go getToken chat app" "$(jget token)" --privs chat:2 --expire 3600

req GET /rtc/fsda/publisher/uid/0/ "expiry=600"
headers_ok "go /rtc uid 0"
keys_are "go /rtc" rtcToken
verify "go /rtc uid 0" "$(jget rtcToken)" --channel fsda --uid-str "" \
    --privs rtc:1,2,3,4 --expire 600 --priv-expire 600
req GET /rtc/fsda/publisher/uid// "expiry=600"
verify "go /rtc empty uid segment = 0" "$(jget rtcToken)" --channel fsda --uid-str ""
req GET /rtc/ch/subscriber/userAccount/alice/
verify "go /rtc userAccount subscriber" "$(jget rtcToken)" --channel ch \
    --uid-str alice --privs rtc:1 --expire 3600
req GET /rtc/ch/anything/uid/7
verify "go /rtc: no trailing slash; role other than publisher = subscriber" \
    "$(jget rtcToken)" --channel ch --uid-str 7 --privs rtc:1
req GET /rtm/username/ "expiry=600"
headers_ok "go /rtm"
keys_are "go /rtm" rtmToken
verify "go /rtm" "$(jget rtmToken)" --user username --privs rtm:1 --expire 600 \
    --nservices 1
req GET /rte/channelName/publisher/uid/0/rtmid/ "expiry=600"
headers_ok "go /rte"
keys_are "go /rte" rtcToken rtmToken
verify "go /rte rtc" "$(jget rtcToken)" --channel channelName --uid-str "" \
    --privs rtc:1,2,3,4 --expire 600
verify "go /rte rtm (stream channel)" "$(jget rtmToken)" --user rtmid \
    --channel channelName --uid-str rtmid --privs rtm:1 --privs rtc:1,4 --expire 600
req GET /rte/channelName/subscriber/uid/2345/
verify "go /rte: rtm user = rtc uid" "$(jget rtmToken)" --user 2345
req GET /chat/app/
keys_are "go /chat/app" chatToken
verify "go /chat/app" "$(jget chatToken)" --privs chat:2 --expire 3600
req GET /chat/account/username/ "expiry=600"
verify "go /chat/account" "$(jget chatToken)" --user username --privs chat:1 \
    --expire 600

# ---- official python3 token_service ----
req GET /v1/token "channel_name=test"
headers_ok "python /v1/token" "text/plain; charset=utf-8"
verify "python /v1/token: uid 0, publisher, 900 s, privileges unlimited" \
    "$("$TOOL" body "$OUT")" --channel test --uid-str "" --privs rtc:1,2,3,4 \
    --expire 900 --priv-expire 0

# ---- official Node DemoServer ----
req GET /rtcToken "channelName=c&uid=5"
headers_ok "node /rtcToken"
keys_are "node /rtcToken" key
verify "node /rtcToken: 006 publisher for 3600 s" "$(jget key)" --version 6 \
    --channel c --uid-str 5 --privs rtc:1,2,3,4 --priv-expire 3600
req GET /rtcToken "channelName=c"
verify "node /rtcToken: uid defaults to 0" "$(jget key)" --version 6 \
    --channel c --uid-str ""
req GET /rtmToken "account=bob"
keys_are "node /rtmToken" key
verify "node /rtmToken: 006 RTM" "$(jget key)" --version 6 --channel bob \
    --uid-str "" --privs rtm:1000 --priv-expire 3600

# ---- defaults from the configuration ----
write_config d6.json '{"apps":[{"name":"a","app_id":"'"$APP_ID"'","certificate":"'"$CERT"'"}],
  "default_format":"006","default_expire":300,"max_expire":600}'
req GET /v1/rtc "channel=d&uid=1"
is "006 300" "$(jget format) $(jget expire)" "default_format and default_expire apply"
verify "config defaults" "$(jget token)" --version 6 --channel d --uid-str 1 \
    --priv-expire 300
req GET /rtm/u/
is 200 "$STATUS" "go default expiry 3600 above max_expire: capped, not refused"
verify "go default expiry capped at max_expire" "$(jget rtmToken)" --user u \
    --expire 600
CONF=$STD_CONF
finish
